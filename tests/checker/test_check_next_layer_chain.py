"""The chain rule through the next layer's z (loliot's delta^l, tests/data/check/third_party):
``\\delta^l_{i,j} = \\sum_x \\sum_y \\frac{\\partial L}{\\partial z^{l+1}_{x,y}}
\\frac{\\partial z^{l+1}_{x,y}}{\\partial z^l_{i,j}}`` with z^{l+1} = corr(\\sigma(z^l), w) is
read as the next layer's dL/da^l times \\sigma'(z^l_{i,j}); its truth is torch autograd's
gradient, and each wrong variant stays wrong or not understood, never verified.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD = (
    "The input a is 4x4 and the kernel w is 2x2.\n\n"
    r"$$z^l_{i,j} = \sum_m \sum_n a^{l-1}_{i+m,j+n} w^l_{m,n}$$"
    "\n\n"
)
FRAC = r"\frac{\partial L}{\partial z^{l+1}_{%s}} \frac{\partial z^{l+1}_{%s}}{\partial z^l_{%s}}"


def _chain_by_autograd(wrong_sum: bool) -> bool:
    """Is sum_x [sum_y] dL/dz^{l+1}_{x,y} dz^{l+1}_{x,y}/dz^l_{i,j} autograd's dL/dz^l?"""
    gen = torch.Generator().manual_seed(1)
    zl = torch.randn((5, 5), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((2, 2), generator=gen, dtype=torch.float64)

    def forward(v):
        return torch.nn.functional.conv2d(torch.sigmoid(v)[None, None], w[None, None])[0, 0]

    g = torch.randn((4, 4), generator=gen, dtype=torch.float64)
    (forward(zl) * g).sum().backward()
    jac = torch.autograd.functional.jacobian(forward, zl.detach()).numpy()
    # one y only (y = 0) when the sum over y is dropped
    chain = np.einsum(
        "xy,xyij->ij",
        g.numpy()[:, :1] if wrong_sum else g.numpy(),
        jac[:, :1] if wrong_sum else jac,
    )
    return bool(np.allclose(chain, zl.grad.numpy()))


@pytest.mark.parametrize(
    ("sums", "indices", "expected"),
    [
        (r"\sum_x \sum_y", ("x,y", "x,y", "i,j"), {VERIFIED}),
        # the upstream gradient at the wrong entry
        (r"\sum_x \sum_y", ("i,j", "x,y", "i,j"), {WRONG}),
        # the next layer's z transposed against the gradient
        (r"\sum_x \sum_y", ("x,y", "y,x", "i,j"), {WRONG}),
        # by another entry of z^l than the left side's: not this chain rule
        (r"\sum_x \sum_y", ("x,y", "x,y", "x,y"), {NOT_UNDERSTOOD}),
        (r"\sum_x \sum_y", ("x,y", "x,y", "j,i"), {NOT_UNDERSTOOD}),
        # y bound by no sum
        (r"\sum_x", ("x,y", "x,y", "i,j"), {NOT_UNDERSTOOD, WRONG}),
    ],
)
def test_chain_rule_through_the_next_layer(sums, indices, expected):
    math = (
        rf"$$\delta^l_{{i,j}} = \frac{{\partial L}}{{\partial z^l_{{i,j}}}} = {sums} "
        + FRAC % indices
        + "$$\n"
    )
    status = check_text(HEAD + math, "n.md").verdicts[-1].status
    assert status in expected, (math, status)


def test_the_truth_of_the_chain_rule_and_of_a_dropped_sum():
    assert _chain_by_autograd(wrong_sum=False)
    assert not _chain_by_autograd(wrong_sum=True)
