"""Numbered bold items of a handout are items even when their title is long: "**2. The
stride, which the shapes will not let you forget (conv layer).** Input 9x9, ..." opens its
own layer, and the next item's kind ("**3. ... (dense layer, rows are samples).**") is not
read back into it.

Truth: torch autograd (``F.conv2d``, stride 2, no padding, a 9x9 input).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

HANDOUT = """**Backprop slips, collected over three terms**

Throughout, $\\star$ is valid cross-correlation and $G$ the gradient of the loss with respect \
to the layer output.

**1. The flip.** Input $X$ is $5 \\times 5$, kernel $K$ is $2 \\times 2$, stride 1, no padding.

✓ $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\star \\operatorname{rot180}(K)$

**2. The stride, which the shapes will not let you forget (convolution).** Input \
$9 \\times 9$, kernel $3 \\times 3$, stride 2, no padding, so $G$ is $4 \\times 4$.

✗ $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G) \\star \\operatorname{rot180}(K)$

✓ $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(\\operatorname{dilate}_2(G)) \\star \
\\operatorname{rot180}(K)$

**3. Transposes on the wrong side of the product (dense layer, rows are samples).** \
$Y = XW + b$ with $X$ of size $N \\times D$, $W$ of size $D \\times M$.

✓ $\\frac{\\partial L}{\\partial W} = X^\\top G$
"""


def test_the_truth_of_item_2():
    torch.manual_seed(9)
    x = torch.randn(1, 1, 9, 9, dtype=torch.float64, requires_grad=True)
    k = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    y = F.conv2d(x, k, stride=2)
    g = torch.randn_like(y)
    (dx,) = torch.autograd.grad(y, x, g)
    flipped = torch.flip(k, (-2, -1))
    assert F.conv2d(F.pad(g, (2, 2, 2, 2)), flipped).shape[-2:] == (6, 6)  # not 9x9
    dilated = torch.zeros(1, 1, 7, 7, dtype=torch.float64)
    dilated[..., ::2, ::2] = g
    assert torch.allclose(dx, F.conv2d(F.pad(dilated, (2, 2, 2, 2)), flipped))


def test_a_long_numbered_item_is_its_own_layer():
    assert statuses(HANDOUT, "= \\operatorname{pad}_2(G) \\star") == [WRONG]
    assert statuses(HANDOUT, "\\operatorname{pad}_2(\\operatorname{dilate}_2(G))") == [VERIFIED]
