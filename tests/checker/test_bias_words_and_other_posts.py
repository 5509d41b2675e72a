"""Three readings around a worked convolution's bias: "The filter has one scalar bias" (and
"el filtro tiene un sesgo escalar") gives the layer a bias (prose.py); a closing remark about
another post or lecture ("the next post does the same for average pooling", "en la próxima
clase veremos el max pooling") states nothing of this layer (prose.py); and ``dL/db =
\\sum_{i} \\sum_{j} dL/dz_{ij}`` after the notes gave G in numbers is a formula, judged for
every G, not arithmetic on the example's numbers (worked_chain.py).

The truth is torch autograd: dL/db of conv2d with a bias at random X, W and upstream G, and
the claim's sum over its written range of the same G."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _bias_sum_holds(side: int, last: int) -> bool:
    """Whether sum_{i,j=1}^{last} of the upstream gradient is dL/db of a conv2d whose
    output is side x side (torch, random X, W, G: a formula holds for every G)."""
    gen = torch.Generator().manual_seed(5)
    x = torch.randn(1, 1, side + 1, side + 1, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, generator=gen, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    g = torch.randn(1, 1, side, side, generator=gen, dtype=torch.float64)
    (F.conv2d(x, w, b) * g).sum().backward()
    return bool(torch.isclose(g[0, 0, :last, :last].sum(), b.grad[0]))


ENGLISH = (
    "# Backprop through one filter\n\n*Figure 1: a 2x2 filter sliding over a 4x4 "
    "single-channel image with stride 1 and no padding. The filter has one scalar bias.*\n\n"
    "The upstream gradient is\n\n$$G = \\frac{{\\partial L}}{{\\partial Z}} = "
    "\\begin{{pmatrix}} 1 & 0 & 2 \\\\ -1 & 3 & 0 \\\\ 0 & 1 & 1 \\end{{pmatrix}}$$\n\n"
    "## Through the convolution\n\nThe bias touches every output once:\n\n"
    "$$\\frac{{\\partial L}}{{\\partial b}} = \\sum_{{i=1}}^{{{last}}} \\sum_{{j=1}}^{{{last}}} "
    "\\frac{{\\partial L}}{{\\partial z_{{ij}}}}$$\n\n"
    "*The next post does the same for average pooling.*\n"
)
SPANISH = (
    "# Retropropagación de una convolución\n\nUna imagen de 5x5 y un filtro de 3x3, paso 1, "
    "sin relleno. El filtro tiene un sesgo escalar $b$.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial b}} = \\sum_{{i=1}}^{{{last}}} \\sum_{{j=1}}^{{{last}}} "
    "\\frac{{\\partial L}}{{\\partial z_{{ij}}}}$$\n\n"
    "En la próxima clase veremos el max pooling con ventana de 2x2.\n"
)
CASES = [(ENGLISH, 3, 3), (ENGLISH, 3, 2), (SPANISH, 3, 3), (SPANISH, 3, 1)]


@pytest.mark.parametrize("k", range(len(CASES)))
def test_the_bias_gradient_as_a_sum_against_torch(k):
    head, side, last = CASES[k]
    status = VERIFIED if _bias_sum_holds(side, last) else WRONG
    verdict = check_text(head.format(last=last)).verdicts[-1]
    assert verdict.source.startswith("\\frac{\\partial L}{\\partial b}"), verdict
    assert verdict.status == status, verdict.message


def test_both_statuses_occur():
    assert {_bias_sum_holds(3, 3), _bias_sum_holds(3, 2)} == {True, False}


RELU_NOTE = (
    "# Conv y ReLU\n\nEntrada $X$ de 3x3, filtro $K$ de 2x2, paso 1, sin relleno, un sesgo "
    "escalar $b$, y $A = \\operatorname{{ReLU}}(Z)$.\n\n"
    "$$X = \\begin{{pmatrix}} 1 & 0 & 2 \\\\ -1 & 3 & 1 \\\\ 0 & 2 & -2 \\end{{pmatrix}}$$\n\n"
    "Desde arriba llega\n\n$$G = \\begin{{pmatrix}} 1 & 2 \\\\ -1 & 1 \\end{{pmatrix}}$$\n\n"
    "y la ReLU deja pasar el gradiente solo donde $z_{{ij}} > 0$:\n\n"
    "$$\\frac{{\\partial L}}{{\\partial Z}} = \\begin{{pmatrix}} 0 & 2 \\\\ -1 & 0 "
    "\\end{{pmatrix}}$$\n\n$${claim}$$\n"
)


@pytest.mark.parametrize(
    "claim",
    ["\\frac{\\partial L}{\\partial b} = \\sum_{i,j} g_{ij} = 3", "\\partial L / \\partial b = "
     "\\sum_{i=1}^{2} \\sum_{j=1}^{2} g_{ij}"],
)  # fmt: skip
def test_a_sum_of_the_relus_upstream_letter_is_never_read_as_the_layers_g(claim):
    """g is the ReLU's upstream here (G above, whose entries add up to 3), the bias's
    gradient the sum of dL/dZ (1): the formula is a mistake, its arithmetic right.  The
    symbolic reader would take g for the layer's G (dL/dZ) and call the arithmetic wrong, or
    verify the formula: neither may happen, so the chain is not read."""
    g = torch.tensor([[1.0, 2.0], [-1.0, 1.0]])
    dz = torch.tensor([[0.0, 2.0], [-1.0, 0.0]])
    assert g.sum() == 3 and dz.sum() == 1
    verdict = check_text(RELU_NOTE.format(claim=claim)).verdicts[-1]
    assert verdict.source == claim
    assert verdict.status not in (VERIFIED, WRONG), verdict.message
