"""A blog post's front matter (Jekyll, Hexo, Quarto) is the site's, not symconv's.

Before, ``title: ...`` in a post's ``---`` block ended the check with "setting 'title' is
unknown" before any equation was read.  A block with no symconv setting in it is skipped;
a block that names a symconv setting is still read strictly (a misspelt key is an error).
Truth for the claims: torch autograd on a 1-D layer, input 4, kernel 2, no bias.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.errors import SymconvError

BODY = (
    "# Backprop through a tiny 1-D convolution\n\n"
    "An input $x$ of length $4$ and a kernel $w$ of length $2$, no padding, stride 1, no "
    "bias, indices from 0: $y_i = x_i w_0 + x_{i+1} w_1$.\n\n"
    "$$\\frac{\\partial L}{\\partial w_1} = \\sum_{i=0}^{2} \\frac{\\partial L}{\\partial y_i} "
    "x_{i+1}$$\n\n"
    "$$\\frac{\\partial L}{\\partial x_0} = \\frac{\\partial L}{\\partial y_0} w_1$$\n"
)

FRONTS = (
    "---\nlayout: post\ntitle: Convolutions, forward and backward\n---\n",
    '---\ntitle: "Backprop notes"\nmathjax: true\ndate: 2019-06-03 22:49:21\n'
    "categories:\n- Machine Learning\ntags:\n- Neural Networks\n---\n",
    '---\ntitle: "So you want to backpropagate"\nauthor: "Someone"\n'
    "bibliography: biblio.bib\n---\n",
)


def _torch_truth() -> tuple[bool, bool]:
    """(dL/dw_1 = sum_i g_i x_{i+1}, dL/dx_0 = g_0 w_1) at the stated layer."""
    torch.manual_seed(3)
    x = torch.randn(4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(2, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x[None, None], w[None, None])[0, 0]
    g = torch.randn_like(y)
    (y * g).sum().backward()
    assert x.grad is not None and w.grad is not None
    first = torch.isclose((g * x[1:4]).sum(), w.grad[1])
    second = torch.isclose(g[0] * w[1], x.grad[0])
    return bool(first), bool(second)


@pytest.mark.parametrize("front", FRONTS)
def test_a_sites_front_matter_is_skipped(front: str) -> None:
    report = check_text(front + BODY, "post.md")
    claims = [v.status for v in report.verdicts if "\\partial L" in v.source]
    # torch: dL/dw_1 is the sum written; dL/dx_0 is g_0 w_0, not g_0 w_1
    assert _torch_truth() == (True, False)
    assert claims == [VERIFIED, WRONG]


def test_a_misspelt_setting_beside_a_real_one_is_still_an_error() -> None:
    with pytest.raises(SymconvError, match="setting 'kernal' is unknown"):
        check_text("---\nlayer: conv1d\nkernal: 2\n---\n" + BODY, "notes.md")
