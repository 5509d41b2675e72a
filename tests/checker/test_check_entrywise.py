"""Activation claims read entry by entry: a transposed or shifted entry, and cases whose
conditions overlap, must never be verified.

The activation readers judge ``\\delta_{ij} = \\partial L/\\partial a_{ij} f'(z_{ij})`` as a
statement about scalars, with the entry indices dropped.  Before symconv/checker/entrywise.py
they dropped them even where two tensors read different entries, and verified
``A_{j,i}`` (transposed) and ``A_{i+1,j}`` (shifted): misses.  Each form below is also
evaluated numerically, as the notes write it, against torch autograd, so the expected
verdict is the truth, not symconv's opinion.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

SIGMOID_NOTES = (
    "# Sigmoid after a convolution\n\n"
    "The convolution has a $4\\times 4$ input $X$, a $2\\times 2$ kernel $W$, stride 1 and no "
    "padding; its output $z$ is $3\\times 3$, and $a = \\sigma(z)$ entry by entry.\n\n"
    "$${claim}$$\n"
)
BATCH_NOTES = (
    "# Mini-batch ReLU\n\n"
    "A batch of $N = 2$ images with $C = 1$ channel of $5\\times 5$ goes through a convolution "
    "with $F = 2$ filters of $3\\times 3$, stride 1, no padding, giving $Y$ of $2\\times 2"
    "\\times 3\\times 3$; then $A = \\max(0, Y)$.\n\n"
    "$${claim}$$\n"
)
TANH_NOTES = (
    "# tanh layer\n\n"
    "Layer $l$ is a convolution of a $6\\times 6$ input with a $3\\times 3$ kernel, stride 1, "
    "no padding, followed by $a^{(l)} = \\tanh(z^{(l)})$.\n\n"
    "$${claim}$$\n"
)
CASES_NOTES = (
    "Una capa convolucional con entrada $X$ de $5\\times 5$, filtro $K$ de $3\\times 3$, paso "
    "1, sin relleno, y $A = \\operatorname{ReLU}(Y)$ con $Y = X \\star K$.\n\n"
    "$${claim}$$\n"
)


def _sigmoid_form(g, z, di=0, dj=0, swap=False):
    """delta_ij = g_{i+di, j+dj} s(z_..)(1 - s(z_..)), z read transposed if ``swap``."""
    s = torch.sigmoid(z.T if swap else z)
    return torch.roll(g, (-di, -dj), (0, 1)) * s * (1 - s)


def _relu_form(g, y, swap_g=False, shift_y=0):
    mask = (torch.roll(y, -shift_y, -2) > 0).to(g.dtype)
    return (g.transpose(-1, -2) if swap_g else g) * mask


def _tanh_form(g, a, swap=False, shift=0):
    a = a.transpose(-1, -2) if swap else torch.roll(a, shift, -2)
    return g * (1 - a**2)


CASES = [  # (notes, claim, form(g, pre, act) -> dL/dpre, expected verdict)
    (
        SIGMOID_NOTES,
        "\\delta_{ij} = \\frac{\\partial L}{\\partial a_{ij}}\\, \\sigma(z_{ij})\\,\\big(1 - "
        "\\sigma(z_{ij})\\big)",
        lambda g, z, a: _sigmoid_form(g, z),
        VERIFIED,
    ),
    (
        SIGMOID_NOTES,
        "\\delta_{ij} = \\frac{\\partial L}{\\partial a_{ij}}\\, \\sigma(z_{ji})\\,\\big(1 - "
        "\\sigma(z_{ji})\\big)",
        lambda g, z, a: _sigmoid_form(g, z, swap=True),
        WRONG,
    ),
    (
        SIGMOID_NOTES,
        "\\delta_{ij} = \\frac{\\partial L}{\\partial a_{i,j+1}}\\, \\sigma(z_{ij})\\,\\big(1 - "
        "\\sigma(z_{ij})\\big)",
        lambda g, z, a: _sigmoid_form(g, z, dj=1),
        WRONG,
    ),
    (
        BATCH_NOTES,
        "\\delta[n,f,i,j] = \\frac{\\partial E}{\\partial A[n,f,i,j]} \\cdot "
        "\\mathbb{1}\\{Y[n,f,i,j] > 0\\}",
        lambda g, y, a: _relu_form(g, y),
        VERIFIED,
    ),
    (
        BATCH_NOTES,
        "\\delta[n,f,i,j] = \\frac{\\partial E}{\\partial A[n,f,j,i]} \\cdot "
        "\\mathbb{1}\\{Y[n,f,i,j] > 0\\}",
        lambda g, y, a: _relu_form(g, y, swap_g=True),
        WRONG,
    ),
    (
        BATCH_NOTES,
        "\\delta[n,f,i,j] = \\frac{\\partial E}{\\partial A[n,f,i,j]} \\cdot "
        "\\mathbb{1}\\{Y[n,f,i+1,j] > 0\\}",
        lambda g, y, a: _relu_form(g, y, shift_y=1),
        WRONG,
    ),
    (
        TANH_NOTES,
        "\\delta^{(l)}_{ij} = \\frac{\\partial L}{\\partial a^{(l)}_{ij}} \\left(1 - "
        "\\big(a^{(l)}_{ij}\\big)^2\\right)",
        lambda g, z, a: _tanh_form(g, a),
        VERIFIED,
    ),
    (
        TANH_NOTES,
        "\\delta^{(l)}_{ij} = \\frac{\\partial L}{\\partial a^{(l)}_{ij}} \\left(1 - "
        "\\big(a^{(l)}_{ji}\\big)^2\\right)",
        lambda g, z, a: _tanh_form(g, a, swap=True),
        WRONG,
    ),
    (
        TANH_NOTES,
        "\\delta^{(l)}_{ij} = \\frac{\\partial L}{\\partial a^{(l)}_{ij}} \\left(1 - "
        "\\big(a^{(l)}_{i-1,j}\\big)^2\\right)",
        lambda g, z, a: _tanh_form(g, a, shift=1),
        WRONG,
    ),
    (
        CASES_NOTES,
        "\\dfrac{\\partial J}{\\partial Y_{i,j}} = \\begin{cases} \\dfrac{\\partial J}{\\partial "
        "A_{i,j}} & \\text{si } Y_{i,j} > 0, \\\\[4pt] 0 & \\text{si } Y_{i,j} \\le 0. "
        "\\end{cases}",
        lambda g, y, a: _relu_form(g, y),
        VERIFIED,
    ),
    (
        CASES_NOTES,
        "\\dfrac{\\partial J}{\\partial Y_{i,j}} = \\begin{cases} \\dfrac{\\partial J}{\\partial "
        "A_{j,i}} & \\text{si } Y_{i,j} > 0, \\\\[4pt] 0 & \\text{si } Y_{i,j} \\le 0. "
        "\\end{cases}",
        lambda g, y, a: _relu_form(g, y, swap_g=True),
        WRONG,
    ),
    (
        CASES_NOTES,
        "\\dfrac{\\partial J}{\\partial Y_{i,j}} = \\begin{cases} \\dfrac{\\partial J}{\\partial "
        "A_{i+1,j}} & \\text{si } Y_{i,j} > 0, \\\\[4pt] 0 & \\text{si } Y_{i,j} \\le 0. "
        "\\end{cases}",
        lambda g, y, a: _relu_form(torch.roll(g, -1, -2), y),
        WRONG,
    ),
]


def _autograd_agrees(notes: str, form) -> bool:
    """Whether ``form`` gives torch autograd's dL/d(pre-activation) at random values, for
    the activation of ``notes`` on a 3x3 map (x2x2 batch and filters for the batch notes)."""
    gen = torch.Generator().manual_seed(0)
    shape = (2, 2, 3, 3) if notes is BATCH_NOTES else (3, 3)
    pre = torch.randn(shape, generator=gen, dtype=torch.float64, requires_grad=True)
    act = {
        SIGMOID_NOTES: torch.sigmoid,
        TANH_NOTES: torch.tanh,
    }.get(notes, torch.relu)(pre)
    g = torch.randn(shape, generator=gen, dtype=torch.float64)
    (act * g).sum().backward()
    with torch.no_grad():
        claimed = form(g, pre.detach(), act.detach())
    return bool(np.allclose(claimed.numpy(), pre.grad.numpy(), atol=1e-12))


@pytest.mark.parametrize("notes, claim, form, expected", CASES)
def test_entry_by_entry(notes: str, claim: str, form, expected: str) -> None:
    assert _autograd_agrees(notes, form) == (expected == VERIFIED)  # the key is the truth
    text = notes.replace("{claim}", claim)
    line = text.split("\n").index(f"$${claim}$$") + 1
    got = [v for v in check_text(text, "notes.md").verdicts if v.line == line]
    assert [v.status for v in got] == [expected], [v.message for v in got]
    if expected == WRONG:
        assert "entry by entry" in got[0].message


def test_overlapping_cases_are_not_verified() -> None:
    """``0 if Y_{ij} \\le 1`` after ``dJ/dA_{ij} if Y_{ij} > 0``: two values on (0, 1]."""
    claim = (
        "\\dfrac{\\partial J}{\\partial Y_{i,j}} = \\begin{cases} \\dfrac{\\partial J}{\\partial "
        "A_{i,j}} & \\text{si } Y_{i,j} > 0, \\\\[4pt] 0 & \\text{si } Y_{i,j} \\le 1. "
        "\\end{cases}"
    )
    text = CASES_NOTES.replace("{claim}", claim)
    got = [v.status for v in check_text(text, "notes.md").verdicts if v.line == 3]
    assert got == [NOT_UNDERSTOOD]


def test_relu_derivative_cases_overlapping() -> None:
    """The same guard on a claim about ReLU' itself."""
    text = (
        "With ReLU as the activation:\n\n"
        "$$\\operatorname{ReLU}'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & z < 2 \\end{cases}$$\n"
    )
    got = [v.status for v in check_text(text, "notes.md").verdicts if v.line == 3]
    assert VERIFIED not in got
