"""A chain that ends in the notes' worked numbers: ``\\partial L/\\partial K_{21} = 2 \\cdot 3
+ (-1) \\cdot 1 + 1 \\cdot 0 + 2 \\cdot 2 = 9``.

The layer's entry is a formula in X and G; a side of plain numbers can only be judged at the
notes' numbers for X and G.  Compared with the formula itself it always "differs", whatever
its value, so a right value was a false alarm and a wrong one was caught by luck: it gets
no verdict unless those numbers are read.  Truth: torch autograd of conv2d at the notes'
X and G (dL/dK = X correlated with G).
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

X = [[1, 0, 2], [3, 1, 0], [0, 2, 1]]
G = [[2, -1], [1, 2]]
HEAD = (
    "The input $X$ is $3 \\times 3$, the kernel $K$ is $2 \\times 2$, stride 1, no padding, "
    "no bias; indices start at 1 and $G_{ij} = \\partial L / \\partial Y_{ij}$.\n\n"
    "$$X = \\begin{bmatrix} 1 & 0 & 2 \\\\ 3 & 1 & 0 \\\\ 0 & 2 & 1 \\end{bmatrix}, \\quad "
    "G = \\begin{bmatrix} 2 & -1 \\\\ 1 & 2 \\end{bmatrix}$$\n\n"
)


def _dk21() -> float:
    x = torch.tensor([[X]], dtype=torch.float64)
    k = torch.zeros(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    (F.conv2d(x, k) * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    return float(k.grad[0, 0, 1, 0])  # K_{21}, 1-based


@pytest.mark.parametrize("shift", [0, 1])
def test_a_worked_number_is_never_judged_against_the_formula(shift):
    value = int(_dk21()) + shift
    products = "3 \\cdot 2 + 1 \\cdot (-1) + 0 \\cdot 1 + 2 \\cdot 2"
    assert int(_dk21()) == 3 * 2 + 1 * (-1) + 0 * 1 + 2 * 2  # the products are X's patch times G
    text = HEAD + f"$$\\frac{{\\partial L}}{{\\partial K_{{21}}}} = {products} = {value}$$\n"
    statuses = [v.status for v in check_text(text).verdicts if v.line == text.count("\n")]
    # a right value never wrong, a wrong one never verified
    assert statuses and (WRONG if shift == 0 else VERIFIED) not in statuses, statuses
