# ruff: noqa: E501  (notes and claims are kept on one line each, as notes write them)
"""Matrix and operator notation as notes write it (issue 16, fresh25/fresh26's
not-understood claims): a dense layer's definition that ends by stating its output's shape
(``S = H M^\\top + \\mathbf{1} c^\\top \\in \\mathbb{R}^{B \\times 7}``), the gradient's letter
given with "for" ("$E$ für $\\partial L/\\partial S$"), a batch mean's 1/B beside weights too
large to work out exactly, sizes named with words (``d_{\\text{in}}``), a reference page whose
earlier sections state the shapes of a convolution and a pooling with the same letters, and
slices of a Greek capital (``\\Delta_{f,:,:}``) beside the small letter's entries.

Truth: torch autograd (F.linear, conv2d) at concrete sizes, each claimed right side worked
out in NumPy from the same tensors; a right side that does not multiply is a mistake.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.letter_case import _sliced
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

GERMAN = r"""# Übung 7: Rückwärtsrechnung einer linearen Schicht

Ein Mini-Batch von $B$ Beispielen steht zeilenweise in $H \in \mathbb{R}^{B \times 64}$, das Gewicht wie in PyTorch als $M \in \mathbb{R}^{7 \times 64}$, und

$$S = H M^\top + \mathbf{1} c^\top \in \mathbb{R}^{B \times 7}.$$

Wir schreiben $E$ für $\partial L / \partial S$ (eine Zeile pro Beispiel).

$$CLAIM$$
"""

FRENCH = r"""# Référence : `Conv2d` puis `Linear`

## `Conv2d(in_channels, out_channels, kernel_size)`

$\mathbf{W} \in \mathbb{R}^{F \times C \times K \times K}$ désigne les poids et $\mathbf{b} \in \mathbb{R}^{F}$ les biais.

## `MaxPool2d(2)`

$$X = \begin{pmatrix} 1 & 3 \\ 4 & 2 \end{pmatrix}, \qquad \frac{\partial L}{\partial Y} = \begin{pmatrix} 5 \end{pmatrix}$$

## `Linear(in_features, out_features)`

Pour un lot $X \in \mathbb{R}^{N \times d_{\text{in}}}$, la couche calcule $Y = X\mathbf{W}^\top + \mathbf{1}\mathbf{b}^\top$ avec $\mathbf{W} \in \mathbb{R}^{d_{\text{out}} \times d_{\text{in}}}$.

$$CLAIM$$
"""


def _dense(batch: int, d_in: int, d_out: int, seed: int) -> dict[str, np.ndarray]:
    """Rows are samples: out = inp @ weight.T + bias (PyTorch's F.linear)."""
    gen = torch.Generator().manual_seed(seed)
    inp = torch.randn(batch, d_in, dtype=torch.float64, generator=gen, requires_grad=True)
    weight = torch.randn(d_out, d_in, dtype=torch.float64, generator=gen, requires_grad=True)
    bias = torch.randn(d_out, dtype=torch.float64, generator=gen, requires_grad=True)
    out = F.linear(inp, weight, bias)
    up = torch.randn(out.shape, dtype=torch.float64, generator=gen)
    (out * up).sum().backward()
    return {"in": inp.detach().numpy(), "w": weight.detach().numpy(), "g": up.numpy(),
            "din": inp.grad.numpy(), "dw": weight.grad.numpy(), "db": bias.grad.numpy()[:, None],
            "ones": np.ones((batch, 1)), "batch": np.array(batch)}  # fmt: skip


def _holds(right, t: dict, target: str) -> bool:
    try:
        value = right(t)
    except ValueError:
        return False  # does not multiply
    return value.shape == t[target].shape and bool(np.allclose(value, t[target]))


GERMAN_CLAIMS = [
    (r"\frac{\partial L}{\partial M} = E^\top H", "dw", lambda t: t["g"].T @ t["in"]),
    (r"\frac{\partial L}{\partial M} = H^\top E", "dw", lambda t: t["in"].T @ t["g"]),
    (r"\frac{\partial L}{\partial H} = E M", "din", lambda t: t["g"] @ t["w"]),
    (r"\frac{\partial L}{\partial H} = E M^\top", "din", lambda t: t["g"] @ t["w"].T),
    (r"\frac{\partial L}{\partial c} = E^\top \mathbf{1}", "db", lambda t: t["g"].T @ t["ones"]),
    (
        r"\frac{\partial L}{\partial c} = \frac{1}{B} E^\top \mathbf{1}",
        "db",
        lambda t: t["g"].T @ t["ones"] / t["batch"],
    ),
]


@pytest.mark.parametrize(("claim", "target", "right"), GERMAN_CLAIMS)
def test_dense_definition_with_its_shape_and_a_letter_for_the_gradient(
    claim: str, target: str, right
) -> None:  # type: ignore[no-untyped-def]
    """7 x 64 weights: judged at stand-in sizes; 1/B keeps B itself (tried at B = 2, 3)."""
    holds = all(_holds(right, _dense(b, 64, 7, 11 + b), target) for b in (2, 3))
    found = [
        v for v in check_text(GERMAN.replace("CLAIM", claim), "u7.md").verdicts if v.source == claim
    ]
    assert [v.status for v in found] == [VERIFIED if holds else WRONG], (claim, found)


FRENCH_CLAIMS = [
    (r"\frac{\partial L}{\partial \mathbf{W}} = \Big(\frac{\partial L}{\partial Y}\Big)^{\top} X", "dw",
     lambda t: t["g"].T @ t["in"]),
    (r"\frac{\partial L}{\partial X} = \frac{\partial L}{\partial Y}\, \mathbf{W}", "din",
     lambda t: t["g"] @ t["w"]),
    (r"\frac{\partial L}{\partial X} = \mathbf{W}\, \frac{\partial L}{\partial Y}^{\top}", "din",
     lambda t: t["w"] @ t["g"].T),
    (r"\frac{\partial L}{\partial \mathbf{b}} = \Big(\frac{\partial L}{\partial Y}\Big)^{\top} \mathbf{1}",
     "db", lambda t: t["g"].T @ t["ones"]),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "target", "right"), FRENCH_CLAIMS)
def test_dense_section_after_a_convolution_and_a_pooling(claim: str, target: str, right) -> None:  # type: ignore[no-untyped-def]
    """b \\in R^F and the pooling's 1 x 1 dL/dY belong to the sections above, not to the
    Linear layer's Y: d_in and d_out stay free (tried at 3 -> 2 and 4 -> 5 here)."""
    holds = all(_holds(right, _dense(3, i, o, 5), target) for i, o in ((3, 2), (4, 5)))
    found = [
        v
        for v in check_text(FRENCH.replace("CLAIM", claim), "ref.md").verdicts
        if v.source == claim
    ]
    assert [v.status for v in found] == [VERIFIED if holds else WRONG], (claim, found)


SLICES = r"""# Rétropropagation d'une couche convolutive

L'entrée $X$ a $C = 2$ canaux de taille $5 \times 5$, les poids $W$ ont la forme $(F, C, 2, 2)$ avec $F = 3$ filtres, pas 1, sans remplissage, indices à partir de 0. On note $\delta_{f,i,j} = \partial L / \partial y_{f,i,j}$ pour la sortie $y_{f,i,j} = \sum_{c} \sum_{u} \sum_{v} w_{f,c,u,v}\, x_{c,\,i+u,\,j+v}$.

$$CLAIM$$
"""


def _conv_slices() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(1, 2, 5, 5, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(3, 2, 2, 2, dtype=torch.float64, generator=gen, requires_grad=True)
    y = F.conv2d(x, w)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()
    return {"x": x.detach()[0].numpy(), "w": w.detach().numpy(), "g": g[0].numpy(),
            "dx": x.grad[0].numpy(), "dw": w.grad.numpy()}  # fmt: skip


def _corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid cross-correlation of two 2-D arrays."""
    rows, cols = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    return np.array([[np.sum(a[i : i + k.shape[0], j : j + k.shape[1]] * k) for j in range(cols)]
                     for i in range(rows)])  # fmt: skip


def _dx(t: dict, rotate: bool) -> np.ndarray:
    out = []
    for c in range(2):
        total = sum(
            _corr(np.pad(t["g"][f], 1), t["w"][f, c][::-1, ::-1] if rotate else t["w"][f, c])
            for f in range(3)
        )
        out.append(total)
    return np.array(out)


SLICE_CLAIMS = [
    (r"\frac{\partial L}{\partial X_{c,:,:}} = \sum_{f=0}^{2} \operatorname{pad}_1(\Delta_{f,:,:}) \star \operatorname{rot}_{180}(W_{f,c,:,:})",
     "dx", lambda t: _dx(t, True)),
    (r"\frac{\partial L}{\partial X_{c,:,:}} = \sum_{f=0}^{2} \operatorname{pad}_1(\Delta_{f,:,:}) \star W_{f,c,:,:}",
     "dx", lambda t: _dx(t, False)),
    (r"\frac{\partial L}{\partial W_{f,c,:,:}} = X_{c,:,:} \star \Delta_{f,:,:}", "dw",
     lambda t: np.array([[_corr(t["x"][c], t["g"][f]) for c in range(2)] for f in range(3)])),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "target", "right"), SLICE_CLAIMS)
def test_slices_of_the_greek_capital(claim: str, target: str, right) -> None:  # type: ignore[no-untyped-def]
    r"""\Delta_{f,:,:} beside \delta_{f,i,j}: the slices of the tensor of the \delta's."""
    holds = _holds(right, _conv_slices(), target)
    found = [
        v for v in check_text(SLICES.replace("CLAIM", claim), "bp.md").verdicts if v.source == claim
    ]
    assert [v.status for v in found] == [VERIFIED if holds else WRONG], (claim, found)


def test_a_change_or_other_slices_are_not_the_tensor() -> None:
    r"""\Delta W (an update) has no slice, and \Delta_{:,:} has another count of indices than
    \delta_{f,i,j}: neither makes \Delta the tensor of the \delta's."""
    entries = r"$\delta_{f,i,j} = \partial L / \partial y_{f,i,j}$"
    assert not _sliced(r"\delta", r"\Delta", entries + r" and $\Delta W = -\eta G$.")
    assert not _sliced(r"\delta", r"\Delta", entries + r" and $\Delta_{:,:} = 0$.")
    assert _sliced(r"\delta", r"\Delta", entries + r" and $\Delta_{f,:,:} = 0$.")


IM2COL = r"""# Lecture 9 — Convolutions as matrix products

## Slide 2: im2col

- A batch of $N = 2$ images, 2 channels of $4 \times 4$, three $2 \times 2$ filters: $X_{col}$ is $8 \times 18$ and $W_{row}$ is $3 \times 8$

## Slide 3: Forward as one product (convención: sumamos la pérdida)

$$Y_{mat} = W_{row} X_{col}$$

## Slide 4: Backward

$$CLAIM$$
"""


@pytest.mark.parametrize(
    ("claim", "scale"),
    [
        (r"dW_{row} = dY_{mat} X_{col}^\top", 1),
        (r"dW_{row} = \frac{1}{N} dY_{mat} X_{col}^\top", 0),
    ],
)
def test_a_definition_inside_a_convolution_section_keeps_its_shapes(claim: str, scale: int) -> None:
    """The lecture is about a convolution, so the shapes of its earlier slides are the
    definition's own (only a later dense section would drop them); "convención" names no
    convolution.  Truth: dL/dW_row = dY X_col^T for the summed loss (any N > 1: 1/N differs)."""
    gen = np.random.default_rng(4)
    x_col, dy = gen.normal(size=(8, 18)), gen.normal(size=(3, 18))
    holds = np.allclose(dy @ x_col.T, (1 if scale else 1 / 2) * dy @ x_col.T)
    found = [
        v for v in check_text(IM2COL.replace("CLAIM", claim), "l9.md").verdicts if v.source == claim
    ]
    assert [v.status for v in found] == [VERIFIED if holds else WRONG], (claim, found)
