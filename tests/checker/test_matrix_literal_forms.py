# ruff: noqa: E501  (notes and claims are kept on one line each, as notes write them)
"""A layer written as a matrix the notes spell out, and products with it: the matrix named
just below the claim ("$\\mathbf{z} = M\\mathbf{a}$, where $$M = \\begin{pmatrix}...$$") or on
the same line ("with $\\hat{A} = \\begin{pmatrix}...$"), a decorated name (\\hat A, \\tilde X),
a forward claim checked entry by entry, a product with more entries than the gradient has
(the vector's length as the notes write it out: $\\mathbf{k} = (k_0, k_1)$), and
``vec(dL/dA) = C^T vec(G)`` under one of two definitions, with G the notes' letter for dL/dZ.

Truth: torch autograd of conv1d/conv2d; each claimed right side computed in NumPy from the
notes' matrices at the same numbers (a product that does not multiply is a mistake).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

ENGLISH = r"""# Worksheet 3: a 1-D convolution as a matrix

The signal is $\mathbf{a} = (a_0, a_1, a_2, a_3)$ and the filter $\mathbf{k} = (k_0, k_1)$; indices start at 0 and the layer computes $z_i = \sum_{j=0}^{1} k_j\, a_{i+j}$ for $i = 0, 1, 2$ (stride 1, no padding, no bias). Write $\mathbf{e} = \partial L / \partial \mathbf{z}$.

Stacking the three outputs, $\mathbf{z} = M\mathbf{a}$, where

$$M = MATRIX$$

The output is linear in the filter as well: $\mathbf{z} = \hat{A}\mathbf{k}$ with $\hat{A} = \begin{pmatrix} a_0 & a_1 \\ a_1 & a_2 \\ a_2 & a_3 \end{pmatrix}$.

$$CLAIM$$
"""
BANDED = (
    r"\begin{pmatrix} k_0 & k_1 & 0 & 0 \\ 0 & k_0 & k_1 & 0 \\ 0 & 0 & k_0 & k_1 \end{pmatrix}"
)
SHIFTED = (
    r"\begin{pmatrix} k_1 & k_0 & 0 & 0 \\ 0 & k_0 & k_1 & 0 \\ 0 & 0 & k_0 & k_1 \end{pmatrix}"
)


def _one_d(shifted: bool = False) -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(21)
    a = torch.randn(1, 1, 4, dtype=torch.float64, generator=gen, requires_grad=True)
    k = torch.randn(1, 1, 2, dtype=torch.float64, generator=gen, requires_grad=True)
    z = F.conv1d(a, k)
    e = torch.randn(z.shape, dtype=torch.float64, generator=gen)
    (z * e).sum().backward()
    av, kv = a.detach().numpy().ravel(), k.detach().numpy().ravel()
    m = np.array([[kv[0], kv[1], 0, 0], [0, kv[0], kv[1], 0], [0, 0, kv[0], kv[1]]])
    if shifted:
        m[0, :2] = m[0, 1::-1]
    return {"a": av, "k": kv, "e": e.numpy().ravel(), "z": z.detach().numpy().ravel(),
            "da": a.grad.numpy().ravel(), "dk": k.grad.numpy().ravel(), "M": m,
            "A": np.array([[av[0], av[1]], [av[1], av[2]], [av[2], av[3]]])}  # fmt: skip


CLAIMS = [
    (
        r"\frac{\partial L}{\partial \mathbf{k}} = \hat{A}^\top \mathbf{e}",
        "dk",
        lambda t: t["A"].T @ t["e"],
    ),
    (
        r"\frac{\partial L}{\partial \mathbf{k}} = \hat{A}\mathbf{e}",
        "dk",
        lambda t: t["A"] @ t["e"],
    ),
    (
        r"\frac{\partial L}{\partial \mathbf{a}} = M^\top \mathbf{e}",
        "da",
        lambda t: t["M"].T @ t["e"],
    ),
    (r"\frac{\partial L}{\partial \mathbf{a}} = M \mathbf{e}", "da", lambda t: t["M"] @ t["e"]),
]


def _holds(right, t: dict, target: str) -> bool:  # type: ignore[no-untyped-def]
    try:
        value = right(t)
    except ValueError:
        return False  # does not multiply
    return value.shape == t[target].shape and bool(np.allclose(value, t[target]))


def _verdicts(text: str, source: str) -> list[str]:
    return [v.status for v in check_text(text, "w3.md").verdicts if v.source == source]


@pytest.mark.parametrize(("claim", "target", "right"), CLAIMS)
def test_products_with_the_written_out_matrices(claim: str, target: str, right) -> None:  # type: ignore[no-untyped-def]
    holds = _holds(right, _one_d(), target)
    text = ENGLISH.replace("MATRIX", BANDED).replace("CLAIM", claim)
    assert _verdicts(text, claim) == [VERIFIED if holds else WRONG], claim


@pytest.mark.parametrize(("matrix", "shifted"), [(BANDED, False), (SHIFTED, True)])
def test_the_forward_with_the_matrix_named_below(matrix: str, shifted: bool) -> None:
    """z = M a with M in the display after "where"; z = \\hat{A} k with \\hat{A} on its line."""
    t = _one_d(shifted)
    text = ENGLISH.replace("MATRIX", matrix).replace("$$CLAIM$$", "")
    expected = VERIFIED if np.allclose(t["M"] @ t["a"], t["z"]) else WRONG
    assert _verdicts(text, r"\mathbf{z} = M\mathbf{a}") == [expected]
    assert np.allclose(t["A"] @ t["k"], t["z"])
    assert _verdicts(text, r"\mathbf{z} = \hat{A}\mathbf{k}") == [VERIFIED]


SPANISH = r"""# Convolución como producto de matrices

## (a) Una dimensión

Con $\mathbf{x} \in \mathbb{R}^5$ y un filtro de 2 pesos, la salida es $\mathbf{y} = T\mathbf{x}$ para una matriz $T \in \mathbb{R}^{4 \times 5}$ con bandas.

## (b) Dos dimensiones

Para un mapa $A$ de $4 \times 4$ y un núcleo de $3 \times 3$, escribimos $\operatorname{vec}(Z) = C\, \operatorname{vec}(A)$ con $C \in \mathbb{R}^{4 \times 16}$, y sea $G = \partial L / \partial Z$.

$$CLAIM$$
"""


def _two_d() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(8)
    a = torch.randn(1, 1, 4, 4, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, generator=gen)
    z = F.conv2d(a, w)
    g = torch.randn(z.shape, dtype=torch.float64, generator=gen)
    (z * g).sum().backward()
    jac = torch.autograd.functional.jacobian(
        lambda v: F.conv2d(v.reshape(1, 1, 4, 4), w).reshape(-1), a.detach().reshape(-1)
    )
    return {"C": jac.numpy(), "g": g.numpy().reshape(-1), "da": a.grad.numpy().reshape(-1)}


@pytest.mark.parametrize(
    ("claim", "right"),
    [
        (
            r"\operatorname{vec}\Big(\frac{\partial L}{\partial A}\Big) = C^\top \operatorname{vec}(G)",
            lambda t: t["C"].T @ t["g"],
        ),
        (
            r"\operatorname{vec}(\partial L / \partial A) = C^{T} \operatorname{vec}(G)",
            lambda t: t["C"].T @ t["g"],
        ),
        (
            r"\operatorname{vec}(\partial L / \partial A) = C \operatorname{vec}(G)",
            lambda t: t["C"] @ t["g"],
        ),
    ],
)
def test_vec_form_under_the_definition_of_its_matrix(claim: str, right) -> None:  # type: ignore[no-untyped-def]
    """Two definitions (T in (a), C in (b)): the claim's C picks (b)'s."""
    holds = _holds(right, _two_d(), "da")
    found = _verdicts(SPANISH.replace("CLAIM", claim), claim)
    if holds:
        assert found == [VERIFIED], claim
    else:
        assert VERIFIED not in found, claim  # a mistake is never verified
