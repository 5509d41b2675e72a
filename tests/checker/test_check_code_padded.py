"""A padded copy named in code: "pad `dy` with one row/column of zeros on every side (call it
`dy_pad`)", then ``dy\\_pad[p+m][q+n]`` in a claim: the entry of ``dy`` one row and column
up and left, zero outside (padded_gradient.code_padded).

Truth: torch autograd of ``F.conv2d`` (a 4x4 input, a 2x2 kernel), and the full correlation
of the padded upstream gradient with the flipped kernel.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

POST = """# Conv backward with loops

Input `x` is 4×4, kernel `w` is 2×2, stride 1, no padding, no bias; indices from 0, and the \
output `y` is 3×3. The next layer hands us $\\partial E / \\partial y[i][j]$, which in code I \
call `dy`.

$$y[i][j] = \\sum_{m=0}^{1} \\sum_{n=0}^{1} w[m][n] \\, x[i+m][j+n]$$

To vectorize, pad `dy` with one row/column of zeros on every side (call it `dy_pad`, 5×5):

$$\\frac{\\partial E}{\\partial x[p][q]} = \\sum_{m=0}^{1} \\sum_{n=0}^{1} dy\\_pad[p+m][q+n] \
\\, w[1-m][1-n]$$

$$\\frac{\\partial E}{\\partial x[p][q]} = \\sum_{m=0}^{1} \\sum_{n=0}^{1} dy\\_pad[p+m][q+n] \
\\, w[m][n]$$
"""


def test_the_truth_of_the_post():
    torch.manual_seed(12)
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    y = F.conv2d(x, w)
    dy = torch.randn_like(y)
    (dx,) = torch.autograd.grad(y, x, dy)
    dy_pad = F.pad(dy, (1, 1, 1, 1))
    assert torch.allclose(dx, F.conv2d(dy_pad, torch.flip(w, (-2, -1))))
    assert not torch.allclose(dx, F.conv2d(dy_pad, w))


def test_a_padded_copy_named_in_code():
    assert statuses(POST, "w[1-m][1-n]$$") == [VERIFIED]
    assert statuses(POST, "\\, w[m][n]$$") == [WRONG]
