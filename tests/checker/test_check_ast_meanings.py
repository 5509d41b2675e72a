"""``*`` between arrays: the convolution in textbooks, the cross-correlation in deep-learning
code, the full convolution in symconv's own dX; notes rarely say which.

A claim that holds under one of those readings is not called wrong under another (it is
not understood, naming the reading), and one that holds under none is still wrong.  Truth:
torch's conv2d (a cross-correlation) at the notes' sizes, each reading computed from it.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD = (
    "I'll use 0-based indices and functional notation. The input $X$ is $4 \\times 4$, "
    "the kernel $K$ is $3 \\times 3$, stride 1, no padding, no bias, "
    "so the output $Y$ is $2 \\times 2$:\n\n"
    "$$Y(i,j) = \\sum_{a=0}^{2} \\sum_{b=0}^{2} X(i+a,\\, j+b)\\, K(a,b)$$\n\n"
)


def _readings(claim: str) -> set[bool]:
    """Whether the claim's right side equals Y (torch) under each meaning of *."""
    rng = np.random.default_rng(0)
    x, k = (
        torch.tensor(rng.standard_normal((1, 1, 4, 4))),
        torch.tensor(rng.standard_normal((1, 1, 3, 3))),
    )
    y = F.conv2d(x, k)
    flip = torch.flip(k, (2, 3))
    kernel = flip if "rot180" in claim else k
    image = F.pad(x, (1, 1, 1, 1)) if "pad" in claim else x
    outs = [
        F.conv2d(image, torch.flip(kernel, (2, 3))),  # the valid convolution
        F.conv2d(image, kernel),  # the cross-correlation
        F.conv2d(F.pad(image, (2, 2, 2, 2)), torch.flip(kernel, (2, 3))),  # the full one
    ]
    return {o.shape == y.shape and bool(torch.allclose(o, y)) for o in outs}


@pytest.mark.parametrize(
    "claim",
    ["Y = X * \\operatorname{rot180}(K)", "Y = X * K", "Y = \\operatorname{pad}_1(X) * K"],
)
def test_a_star_claim_is_wrong_only_under_every_meaning(claim):
    holds_somewhere = True in _readings(claim)
    text = HEAD + f"$${claim}$$\n"
    statuses = [v.status for v in check_text(text).verdicts if v.line == text.count("\n")]
    if holds_somewhere:
        assert statuses and WRONG not in statuses, statuses
        assert set(statuses) <= {VERIFIED, NOT_UNDERSTOOD}
    else:
        assert statuses == [WRONG], statuses


def test_the_truth_has_both_kinds():
    assert True in _readings("Y = X * K") and True not in _readings("Y = pad_1(X) * K")
