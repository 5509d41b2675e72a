"""Convolution as a matrix product written the way textbooks typeset it: the definition
numbered (``\\tag{2.1}``, ``\\label{eq:gemm}``, ``\\begin{equation} ... \\end{equation}``)
and the reshaped matrices tagged upright (``X_{\\mathrm{col}}``, ``Z_{\\text{mat}}``), the
upstream gradient named once in the prose ("Mit $G = \\partial L / \\partial
Y_{\\mathrm{col}}$ gilt").  The equation number is typesetting and the upright tag the same
name as ``X_{col}`` (matrix_parse, matrix_world): the claims are judged under the notes'
definition.

Notes written for these tests: a German one (\\tag, \\mathrm) and an English one (an
equation environment with a \\label, \\text tags, \\Delta).  The truth is torch autograd of
``sum(R * (W X + b 1^T))`` with respect to the two matrices (so the upstream gradient is R),
each claimed right side computed with NumPy, compared: equal means verified, different (or
not multiplying) means wrong.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG


def _truth(rows: int, inner: int, cols: int, seed: int) -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(seed)
    w = torch.randn(rows, inner, dtype=torch.float64, generator=gen, requires_grad=True)
    x = torch.randn(inner, cols, dtype=torch.float64, generator=gen, requires_grad=True)
    b = torch.randn(rows, 1, dtype=torch.float64, generator=gen)
    r = torch.randn(rows, cols, dtype=torch.float64, generator=gen)
    (r * (w @ x + b)).sum().backward()
    assert w.grad is not None and x.grad is not None
    return {"W": w.detach().numpy(), "X": x.detach().numpy(), "G": r.numpy(),
            "dW": w.grad.numpy(), "dX": x.grad.numpy()}  # fmt: skip


def _expected(claimed: np.ndarray | None, truth: np.ndarray) -> str:
    same = claimed is not None and claimed.shape == truth.shape and np.allclose(claimed, truth)
    return VERIFIED if same else WRONG


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    return a @ b if a.shape[1] == b.shape[0] else None  # None: does not multiply


GERMAN = r"""# Faltung als Matrixprodukt

Die Eingabe ist ein Kanal der Größe $4 \times 4$; drei Filter der Größe $2 \times 2$,
Schrittweite 1, kein Padding. Die Ausschnitte stehen in den Spalten von
$X_{\mathrm{col}} \in \mathbb{R}^{4 \times 9}$, die Filter in den Zeilen von
$W_{\mathrm{col}} \in \mathbb{R}^{3 \times 4}$:

$$Y_{\mathrm{col}} = W_{\mathrm{col}} X_{\mathrm{col}} + \mathbf{b}\,\mathbf{1}^{\top} \tag{2.1}$$

Mit $G = \partial L / \partial Y_{\mathrm{col}}$ gilt

$$\frac{\partial L}{\partial W_{\mathrm{col}}} = G\, X_{\mathrm{col}}^{\top} \tag{2.2}$$

$$\frac{\partial L}{\partial X_{\mathrm{col}}} = W_{\mathrm{col}}^{\top} G \tag{2.3}$$

Häufige Fehler:

$$\frac{\partial L}{\partial W_{\mathrm{col}}} = X_{\mathrm{col}}^{\top} G \tag{2.4}$$

$$\frac{\partial L}{\partial X_{\mathrm{col}}} = G^{\top} W_{\mathrm{col}} \tag{2.5}$$
"""
GERMAN_CLAIMS = [  # (piece of the claim's line, claimed value, true value)
    ("X_{\\mathrm{col}}^{\\top} \\tag{2.2}", lambda t: (_product(t["G"], t["X"].T), t["dW"])),
    ("G \\tag{2.3}", lambda t: (_product(t["W"].T, t["G"]), t["dX"])),
    ("G \\tag{2.4}", lambda t: (_product(t["X"].T, t["G"]), t["dW"])),
    ("\\tag{2.5}", lambda t: (_product(t["G"].T, t["W"]), t["dX"])),
]


@pytest.mark.parametrize("piece, claimed", GERMAN_CLAIMS)
def test_a_numbered_definition_with_upright_tags(piece, claimed):
    value, truth = claimed(_truth(3, 4, 9, seed=3))
    assert statuses(GERMAN, piece) == [_expected(value, truth)]


ENGLISH = r"""# Lecture 7: convolution as one GEMM

One image with 1 channel of $3 \times 3$, 2 filters of $2 \times 2$, stride 1, no padding.
im2col gives $X_{\text{col}}$ of shape $4 \times 4$ and the filters are the rows of
$W_{\text{row}}$, $2 \times 4$.

\begin{equation}
Z_{\text{mat}} = W_{\text{row}} X_{\text{col}} \label{eq:gemm}
\end{equation}

We write $\Delta = \partial L / \partial Z_{\text{mat}}$. Then

$$\frac{\partial L}{\partial W_{\text{row}}} = \Delta X_{\text{col}}^{\top}$$

$$\frac{\partial L}{\partial X_{\text{col}}} = W_{\text{row}}^{\top} \Delta \tag{7.3}$$

$$\frac{\partial L}{\partial W_{\text{row}}} = \Delta^{\top} X_{\text{col}} \tag{7.4}$$
"""
ENGLISH_CLAIMS = [
    ("\\Delta X_{\\text{col}}^{\\top}", lambda t: (_product(t["G"], t["X"].T), t["dW"])),
    ("\\tag{7.3}", lambda t: (_product(t["W"].T, t["G"]), t["dX"])),
    ("\\tag{7.4}", lambda t: (_product(t["G"].T, t["X"]), t["dW"])),
]


@pytest.mark.parametrize("piece, claimed", ENGLISH_CLAIMS)
def test_a_definition_in_an_equation_environment(piece, claimed):
    value, truth = claimed(_truth(2, 4, 4, seed=4))
    assert statuses(ENGLISH, piece) == [_expected(value, truth)]


def test_both_verdicts_occur():
    german = {_expected(*c(_truth(3, 4, 9, seed=3))) for _, c in GERMAN_CLAIMS}
    english = {_expected(*c(_truth(2, 4, 4, seed=4))) for _, c in ENGLISH_CLAIMS}
    assert german == english == {VERIFIED, WRONG}


PORTUGUESE = r"""# Convolução como matriz

Entrada $X$ de $3 \times 3$, núcleo $W$ de $2 \times 2$, passo 1, sem preenchimento, sem viés;
$\operatorname{vec}$ empilha as linhas. Existe uma matriz $C$ de $4 \times 9$ com

$$\operatorname{vec}(Y) = C \operatorname{vec}(X) \tag{3.1}$$

e a regra da cadeia dá

$$\partial L / \partial \text{vec}(X) = C^{\top} \partial L / \partial \text{vec}(Y) \tag{3.2}$$

e não

$$\frac{\partial L}{\partial \mathrm{vec}(X)} = C \frac{\partial L}{\partial \mathrm{vec}(Y)}$$
"""


def test_the_gradient_by_a_flattened_tensor():
    gen = torch.Generator().manual_seed(8)
    x = torch.randn(1, 1, 3, 3, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64, generator=gen)
    g = torch.randn(4, dtype=torch.float64, generator=gen)

    def flat(v: torch.Tensor) -> torch.Tensor:  # vec(Y) from vec(X), rows stacked
        return torch.nn.functional.conv2d(v.reshape(1, 1, 3, 3), w).reshape(4)

    (flat(x.reshape(9)) * g).sum().backward()
    assert x.grad is not None
    c = torch.autograd.functional.jacobian(flat, x.detach().reshape(9)).numpy()  # 4 x 9
    truth = x.grad.reshape(9).numpy()
    assert _expected(c.T @ g.numpy(), truth) == VERIFIED
    assert _product(c, g.numpy().reshape(4, 1)) is None  # C ∂L/∂vec(Y) does not multiply
    assert statuses(PORTUGUESE, "\\tag{3.2}") == [VERIFIED]
    assert statuses(PORTUGUESE, "= C \\frac") != [VERIFIED]
