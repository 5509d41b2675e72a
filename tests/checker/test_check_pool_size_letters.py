"""A pooling section in notes that name a size letter ("the window is $K \\times K$"): the
letter's meaning is read for any layer, and the pooling is still built (it was "--layer
'avgpool2d' is unknown", every claim of the section not understood).

Truth: torch autograd of ``F.avg_pool2d`` (window 3, stride 3, a 6x6 input).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

QUIZ = """# Pooling quiz

Indices start at 1. Unless a question says otherwise, the window is $K \\times K$.

**Q1.** A $6\\times 6$ input, $3\\times 3$ *average* pooling, stride 3. Which expression gives \
$\\partial L/\\partial x_{ij}$?

Answer: $\\dfrac{\\partial L}{\\partial x_{ij}} = \\frac{1}{9} g_{\\lceil i/3\\rceil,\\,\\lceil \
j/3\\rceil}$, and not $\\dfrac{\\partial L}{\\partial x_{ij}} = g_{\\lceil i/3\\rceil,\\,\\lceil \
j/3\\rceil}$.
"""


def test_the_truth_of_the_quiz():
    x = torch.randn(1, 1, 6, 6, dtype=torch.float64, requires_grad=True)
    g = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    (dx,) = torch.autograd.grad(F.avg_pool2d(x, 3, 3), x, g)
    for i in range(1, 7):  # 1-based, as the quiz
        for j in range(1, 7):
            assert torch.isclose(dx[0, 0, i - 1, j - 1], g[0, 0, (i - 1) // 3, (j - 1) // 3] / 9)


def test_a_pooling_under_a_size_letter_is_built():
    line = next(n for n, row in enumerate(QUIZ.split("\n"), start=1) if "Answer" in row)
    found = [v.status for v in check_text(QUIZ, "notes.md").verdicts if v.line == line]
    assert found == [VERIFIED, WRONG]
