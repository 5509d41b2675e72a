"""A lettered part after a question's label ("**Q3 (b)**", "**Question 2 (b)**", "**Problem
1(b)**") is a part of its own (checker/parts.py): it may pose its own layer, as an exam's
answer key does ("(a) a 32x32x3 image with sixteen 5x5 filters ... (b) single channel input
of 4x4, kernel 2x2").  Read as one section, part (b)'s claims were judged against part
(a)'s layer and called wrong.  Truth: torch conv2d and autograd on part (b)'s layer
(1-based formulas evaluated with NumPy); a wrong variant in part (b) stays wrong."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(11)
    x = torch.randn((1, 1, 4, 4), generator=gen, dtype=torch.float64)
    w = torch.randn((1, 1, 2, 2), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {"x": x.numpy()[0, 0], "d": g.numpy()[0, 0], "dw": w.grad.numpy()[0, 0]}


def _dw(t, shift: int) -> np.ndarray:
    """dL/dw_{m,n} = sum_{i,j} delta_{i,j} x_{i+m-1+shift, j+n-1+shift} (1-based)."""
    out = np.zeros((2, 2))
    for m in range(1, 3):
        for n in range(1, 3):
            total = 0.0
            for i in range(1, 4):
                for j in range(1, 4):
                    a, b = i + m - 1 + shift, j + n - 1 + shift
                    if not (1 <= a <= 4 and 1 <= b <= 4):
                        return np.full((2, 2), np.nan)  # outside x: not the gradient
                    total += t["d"][i - 1, j - 1] * t["x"][a - 1, b - 1]
            out[m - 1, n - 1] = total
    return out


CLAIMS = {
    "\\frac{\\partial \\mathcal{L}}{\\partial w_{m,n}} = \\sum_{i=1}^{3} \\sum_{j=1}^{3} "
    "\\delta_{i,j}\\, x_{i+m-1,\\, j+n-1}": 0,
    "\\frac{\\partial \\mathcal{L}}{\\partial w_{m,n}} = \\sum_{i=1}^{3} \\sum_{j=1}^{3} "
    "\\delta_{i,j}\\, x_{i+m-2,\\, j+n-2}": -1,
}
LABELS = ["**Q3 (b)**", "**Question 2 (b)**", "**Problem 1(b)**", "**P4 (b)**"]
NOTE = (
    "# Answer key\n\n{a} [3 marks] A conv layer takes a $32 \\times 32 \\times 3$ image with "
    "sixteen $5 \\times 5$ filters, stride 1, padding 2.\n\n{b} [7 marks] Single channel input "
    "$x$ of size $4 \\times 4$, kernel $w$ of size $2 \\times 2$, stride 1, no padding, no "
    "bias. Indices start at 1. Let $\\delta_{{i,j}} = \\partial \\mathcal{{L}} / \\partial "
    "y_{{i,j}}$ for the $3 \\times 3$ output.\n\n$${claim}$$\n"
)


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("claim", sorted(CLAIMS))
def test_a_part_after_a_question_label_has_its_own_layer(label: str, claim: str) -> None:
    truth = _truth()
    holds = np.allclose(_dw(truth, CLAIMS[claim]), truth["dw"])
    text = NOTE.format(a=label.replace("(b)", "(a)"), b=label, claim=claim)
    mine = [v.status for v in check_text(text, "parts.md").verdicts if v.source == claim]
    assert mine == [VERIFIED if holds else WRONG]


def test_the_claims_mix_true_and_false() -> None:
    truth = _truth()
    assert [np.allclose(_dw(truth, s), truth["dw"]) for s in CLAIMS.values()] == [True, False]
