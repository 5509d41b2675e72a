"""A dense layer whose notes write ``Z = XW + b``: W laid out as in x out (Keras, CS231n).

The truth is torch autograd of ``Z = X @ W + b`` with W of shape (in, out), a batch as the
rows of X; each claim's right side is computed with NumPy from the notes' own W, and a claim
is expected verified exactly when that agrees with torch (a product that does not multiply,
or an index past a tensor's end, is a mistake).  The same claims are written in three styles
of notes: the shapes stated with ``\\in \\mathbb{R}``, in Spanish prose, and in bold letters.
Notes that lay W out as out x in (``Z = XW^T + b``) keep the checker's layout: there the
in x out forms are mistakes.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

N, D, M = 4, 5, 3  # samples, inputs, outputs


def _truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(7)
    x = torch.randn((N, D), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((D, M), generator=gen, dtype=torch.float64, requires_grad=True)
    b = torch.randn((M,), generator=gen, dtype=torch.float64, requires_grad=True)
    z = x @ w + b
    g = torch.randn(z.shape, generator=gen, dtype=torch.float64)
    (z * g).sum().backward()
    assert x.grad is not None and w.grad is not None and b.grad is not None
    return {
        "x": x.detach().numpy(),
        "w": w.detach().numpy(),
        "b": b.detach().numpy(),
        "g": g.numpy(),
        "Z": z.detach().numpy(),
        "dW": w.grad.numpy(),
        "dX": x.grad.numpy(),
        "db": b.grad.numpy(),
    }


def _entries(shape, value) -> np.ndarray:
    """The array of ``value(*index)`` over 1-based indices (an IndexError past an end)."""
    out = np.empty(shape)
    for index in np.ndindex(shape):
        out[index] = value(*(i + 1 for i in index))
    return out


def _at(a: np.ndarray, *one_based: int) -> float:
    if any(i < 1 or i > n for i, n in zip(one_based, a.shape, strict=True)):
        raise IndexError(f"{one_based} is outside {a.shape}")
    return float(a[tuple(i - 1 for i in one_based)])


CLAIMS = [
    # (claim, target, right side from the truth's x, w (in x out), g, b)
    ("\\frac{\\partial L}{\\partial W} = X^\\top \\Delta", "dW", lambda t: t["x"].T @ t["g"]),
    ("\\frac{\\partial L}{\\partial W} = \\Delta^\\top X", "dW", lambda t: t["g"].T @ t["x"]),
    ("\\frac{\\partial L}{\\partial X} = \\Delta W^\\top", "dX", lambda t: t["g"] @ t["w"].T),
    ("\\frac{\\partial L}{\\partial X} = \\Delta W", "dX", lambda t: t["g"] @ t["w"]),
    ("Z = XW + b", "Z", lambda t: t["x"] @ t["w"] + t["b"]),
    ("Z = XW^\\top + b", "Z", lambda t: t["x"] @ t["w"].T + t["b"]),
    (
        "\\frac{\\partial L}{\\partial x_{nj}} = \\sum_{k=1}^{3} \\Delta_{nk}\\, w_{jk}",
        "dX",
        lambda t: _entries(
            (N, D), lambda n, j: sum(_at(t["g"], n, k) * _at(t["w"], j, k) for k in (1, 2, 3))
        ),
    ),
    (
        "\\frac{\\partial L}{\\partial x_{nj}} = \\sum_{k=1}^{3} \\Delta_{nk}\\, w_{kj}",
        "dX",
        lambda t: _entries(
            (N, D), lambda n, j: sum(_at(t["g"], n, k) * _at(t["w"], k, j) for k in (1, 2, 3))
        ),
    ),
    (
        "\\frac{\\partial L}{\\partial w_{jk}} = \\sum_{n=1}^{4} x_{nj}\\, \\Delta_{nk}",
        "dW",
        lambda t: _entries(
            (D, M), lambda j, k: sum(_at(t["x"], n, j) * _at(t["g"], n, k) for n in range(1, 5))
        ),
    ),
    (
        "\\frac{\\partial L}{\\partial w_{jk}} = \\sum_{n=1}^{4} x_{nk}\\, \\Delta_{nj}",
        "dW",
        lambda t: _entries(
            (D, M), lambda j, k: sum(_at(t["x"], n, k) * _at(t["g"], n, j) for n in range(1, 5))
        ),
    ),
    (
        "z_{nk} = \\sum_{j=1}^{5} x_{nj} w_{jk} + b_k",
        "Z",
        lambda t: _entries(
            (N, M),
            lambda n, k: (
                sum(_at(t["x"], n, j) * _at(t["w"], j, k) for j in range(1, 6)) + _at(t["b"], k)
            ),
        ),
    ),
    (
        "z_{nk} = \\sum_{j=1}^{5} x_{nj} w_{kj} + b_k",
        "Z",
        lambda t: _entries(
            (N, M),
            lambda n, k: (
                sum(_at(t["x"], n, j) * _at(t["w"], k, j) for j in range(1, 6)) + _at(t["b"], k)
            ),
        ),
    ),
]

HEADS = {
    "shapes": (
        "# Affine layer\n\nWe stack a minibatch of examples as the rows of "
        "$X \\in \\mathbb{R}^{4 \\times 5}$; the weights are $W \\in \\mathbb{R}^{5 \\times 3}$ "
        "and $b \\in \\mathbb{R}^{3}$, and the scores are $Z = XW + b$. Write "
        "$\\Delta = \\partial L / \\partial Z$. Indices start at 1.\n\n"
    ),
    "spanish": (
        "# Capa densa\n\nUna capa densa con 5 entradas y 3 salidas, y un lote de 4 ejemplos, uno "
        "por fila de $X$. La capa calcula $Z = XW + b$: $W$ tiene una fila por entrada y una "
        "columna por salida. Sea $\\Delta = \\partial L / \\partial Z$. Los índices empiezan "
        "en 1.\n\n"
    ),
    "ones": (
        "# Dense layer (batch as rows)\n\nA mini-batch of 4 samples; the dense layer has 5 inputs "
        "and 3 outputs:\n\n$$Z = XW + \\mathbf{1} b^{\\top}, \\qquad W \\in "
        "\\mathbb{R}^{D \\times M}$$\n\nWith $\\Delta = \\partial L / \\partial Z$, indices "
        "from 1:\n\n"
    ),
    "bold": (
        "# Dense layer (Keras convention)\n\nInputs $\\mathbf{X} \\in \\mathbb{R}^{4 \\times 5}$ "
        "(one sample per row), kernel $\\mathbf{W} \\in \\mathbb{R}^{5 \\times 3}$, bias "
        "$\\mathbf{b} \\in \\mathbb{R}^{3}$: $\\mathbf{Z} = \\mathbf{X}\\mathbf{W} + \\mathbf{b}$. "
        "Let $\\Delta = \\partial L / \\partial Z$. Indices are 1-based.\n\n"
    ),
}


def _holds(target: str, right) -> bool:
    t = _truth()
    try:
        value = right(t)
    except (ValueError, IndexError):
        return False  # the product does not multiply, or an index is past an end
    return value.shape == t[target].shape and bool(np.allclose(value, t[target]))


def _verdict(head: str, claim: str):
    text = f"{head}$$ {claim} $$\n"
    found = [v for v in check_text(text, "notes.md").verdicts if v.line == text.count("\n")]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("style", sorted(HEADS))
@pytest.mark.parametrize(("claim", "target", "right"), CLAIMS)
def test_claims_on_in_by_out_weights(style: str, claim: str, target: str, right) -> None:
    verdict = _verdict(HEADS[style], claim)
    assert verdict.status == (VERIFIED if _holds(target, right) else WRONG), verdict.message


def test_the_truth_tells_the_forms_apart() -> None:
    # every pair above is one right form and one mistake, by torch
    assert [_holds(target, right) for _, target, right in CLAIMS] == [True, False] * 6


def test_the_stated_shapes_read_the_layer_and_the_batch() -> None:
    verdicts = check_text(HEADS["shapes"], "notes.md").verdicts
    shapes = [v for v in verdicts if v.source.startswith(("X \\in", "W \\in"))]
    assert [v.status for v in shapes] == [VERIFIED, VERIFIED], shapes
    assert all("dense 5 -> 3" in v.message for v in shapes), shapes
    assert "batch of 4" in shapes[0].message


OUT_BY_IN = (
    "# Linear layer (PyTorch)\n\nA batch as the rows of $X \\in \\mathbb{R}^{4 \\times 5}$, "
    "$W \\in \\mathbb{R}^{3 \\times 5}$ (out x in), $Z = XW^\\top + b$, "
    "$\\Delta = \\partial L / \\partial Z$. Indices start at 1.\n\n"
)


@pytest.mark.parametrize(
    ("claim", "allowed"),
    [
        ("\\frac{\\partial L}{\\partial W} = X^\\top \\Delta", {WRONG}),
        (
            "\\frac{\\partial L}{\\partial x_{nj}} = \\sum_{k=1}^{3} \\Delta_{nk}\\, w_{jk}",
            {WRONG},
        ),
        # a forward pass in another layout is the definition's own choice (dense_layout.py)
        ("Z = XW + b", {WRONG, NOT_UNDERSTOOD}),
    ],
)
def test_in_by_out_forms_are_mistakes_where_w_is_out_by_in(claim: str, allowed: set) -> None:
    # torch: with W (out x in) = w.T, X^T dZ is (5, 3) where dL/dW is (3, 5); the others
    # index W past its end, or do not multiply
    t = _truth()
    assert (t["x"].T @ t["g"]).shape != t["dW"].T.shape
    verdict = _verdict(OUT_BY_IN, claim)
    assert verdict.status in allowed, verdict.message
