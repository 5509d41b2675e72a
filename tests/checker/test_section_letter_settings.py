"""A section's own "$s = 1$" sets its stride over an earlier exercise's ("evaluate it for
a $6 \\times 6$ input with $k = 3$, $s = 2$"): the later exercise asks about stride 1.
Truth: torch conv2d with autograd; the claim's sum evaluated with NumPy."""

from __future__ import annotations

import numpy as np

from symconv.checker.report import VERIFIED
from symconv.checker.runner import check_text
from tests.checker.conv_truth import conv2d_autograd

_NOTES = "\n".join(
    [
        "# Exercises",
        "",
        "The layer applies a $k \\times k$ kernel $w$ with stride $s$ to the input $x$, no "
        "padding, no bias, indices from 0, and $g_{i,j} = \\partial L / \\partial y_{i,j}$.",
        "",
        "**Exercise 1.** Evaluate the output side for a $6 \\times 6$ input with $k = 3$, $s = 2$.",
        "",
        "$$H_{out} = \\lfloor (6 - 3)/2 \\rfloor + 1 = 2$$",
        "",
        "**Exercise 2.** For $s = 1$, give the input gradient.",
        "",
        "$$\\frac{\\partial L}{\\partial x_{m,n}} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} "
        "g_{m-u,n-v}\\, w_{u,v}$$",
        "",
    ]
)


def test_the_section_s_own_stride_is_used() -> None:
    truth = conv2d_autograd((1, 1, 6, 6), (1, 1, 3, 3), seed=4)
    gp, wn = np.pad(truth["G"][0, 0], 2), truth["W"][0, 0]  # g zero outside 0..3
    ours = np.array(
        [
            [
                sum(gp[m - u + 2, n - v + 2] * wn[u, v] for u in range(3) for v in range(3))
                for n in range(6)
            ]
            for m in range(6)
        ]
    )
    assert np.allclose(ours, truth["dX"][0, 0])  # the claim holds at stride 1 only
    verdicts = {v.line: v.status for v in check_text(_NOTES).verdicts}
    assert verdicts[11] == VERIFIED
