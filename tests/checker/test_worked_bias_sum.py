"""A worked example's bias gradient written as a sum over every entry of the upstream
gradient the notes gave: "$\\frac{\\partial L}{\\partial b} = \\sum_{i,j} g_{i,j} = 2$",
and the mistake "$= \\frac{1}{4} \\sum_{i,j} g_{i,j} = 0.5$" (fresh25's notebook had both
"factor is not a size or an index").  Truth: torch autograd of conv2d's bias.
"""

from __future__ import annotations

import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

G = [[1, 0], [-1, 2]]


def _bias_grad() -> float:
    x = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, b)
    y.backward(torch.tensor(G, dtype=torch.float64)[None, None])
    assert b.grad is not None
    return float(b.grad[0])


def _notes(claim: str, letter: str = "g") -> str:
    upper = letter.upper()
    return "\n".join(
        [
            "# Worked example",
            "",
            "A $3 \\times 3$ input, a $2 \\times 2$ kernel with a bias, stride 1. Indices from 0.",
            "",
            "$$X = \\begin{pmatrix} 1 & 2 & 0 \\\\ 0 & 1 & 3 \\\\ 2 & 1 & 1 \\end{pmatrix}, \\quad "
            "W = \\begin{pmatrix} 1 & -1 \\\\ 0 & 2 \\end{pmatrix}$$",
            "",
            f"The upstream gradient is ${upper} = \\begin{{pmatrix}} 1 & 0 \\\\ -1 & 2 "
            "\\end{pmatrix}$.",
            "",
            f"$$\\frac{{\\partial L}}{{\\partial b}} = {claim}$$",  # 9
        ]
    )


def _status(text: str) -> list[str]:
    return [v.status for v in check_text(text, "notes.md").verdicts if v.line == 9]


def test_the_sum_of_every_entry():
    total = _bias_grad()
    assert total == 2
    assert _status(_notes("\\sum_{i,j} g_{i,j} = 2")) == [VERIFIED]
    assert _status(_notes("\\sum_{p,q} G_{pq} = 2", "G")) == [VERIFIED]


def test_a_mean_instead_of_the_sum_is_caught():
    assert _status(_notes("\\frac{1}{4} \\sum_{i,j} g_{i,j} = 0.5")) == [WRONG]
