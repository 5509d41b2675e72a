"""Two readings from the unseen dev set (issue 16): ``\\ast`` right after the words "true
convolution" is the flipped-kernel convolution, and one entry written out whose sum runs
its input index into the padding reads an entry the input does not have.  Truth: SciPy's
full convolution and torch conv2d; each wrong variant stays wrong or not understood."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import convolve2d, correlate2d

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD = (
    "Input 4x4, kernel 2x2, stride 1, no padding, no bias, 1-based indices $x_{ij}$.\n\n"
    "$$y_{11} = x_{11}w_{11} + x_{12}w_{12} + x_{21}w_{21} + x_{22}w_{22}$$\n\n{words} "
    "$${claim}$$\n"
)


def _dx() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    gen = torch.Generator().manual_seed(11)
    x = torch.randn((4, 4), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((2, 2), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x[None, None], w[None, None])[0, 0]
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return x.grad.numpy(), g.numpy(), w.numpy()


@pytest.mark.parametrize(
    ("words", "claim", "expected"),
    [
        (
            "the same thing as a full true convolution,",
            r"\frac{\partial L}{\partial X} = \operatorname{full}(G \ast W)",
            VERIFIED,
        ),
        (
            "the same thing as a full correlation,",
            r"\frac{\partial L}{\partial X} = \operatorname{full}(G \ast W)",
            WRONG,
        ),
        # an operand that is not a plain name: still the true convolution, so G convolved
        # with rot180(W) is the full correlation, which the truth above says is not dX
        (
            "a full true convolution,",
            (
                r"\frac{\partial L}{\partial X} = \operatorname{full}(G \ast "
                r"\operatorname{rot}_{180}(W))"
            ),
            WRONG,
        ),
    ],
)
def test_ast_after_the_words_true_convolution(words, claim, expected):
    dx, g, w = _dx()
    assert np.allclose(convolve2d(g, w, "full"), dx)  # full true convolution: the truth
    assert not np.allclose(correlate2d(g, w, "full"), dx)  # the full correlation is not
    note = HEAD.replace("{words}", words).replace("{claim}", claim)
    verdict = check_text(note, "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


NOTE = (
    "Layer $l$ takes the $4\\times 4$ input $a$ (one channel), with a $3\\times 3$ filter "
    "$W$, a scalar bias $b$, stride 1 and padding 1; indices from 1.\n\n"
    "$$z_{i,j} = \\sum_{m=1}^{3}\\sum_{n=1}^{3} a_{i+m-2,\\,j+n-2} W_{m,n} + b$$\n\n"
    "$${claim}$$\n"
)


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        # the bottom-right corner: the filter's last row and column fall on the padding
        (r"z_{4,4} = \sum_{m=1}^{2}\sum_{n=1}^{2} a_{m+2,\,n+2} W_{m,n} + b", VERIFIED),
        (r"z_{4,4} = \sum_{m=1}^{3}\sum_{n=1}^{3} a_{m+2,\,n+2} W_{m,n} + b", WRONG),
    ],
)
def test_one_entry_whose_sum_runs_into_the_padding(claim, expected):
    gen = torch.Generator().manual_seed(12)
    a = torch.randn((4, 4), generator=gen, dtype=torch.float64)
    w = torch.randn((3, 3), generator=gen, dtype=torch.float64)
    z = torch.nn.functional.conv2d(a[None, None], w[None, None], padding=1)[0, 0]
    mine = sum(a[m + 1, n + 1] * w[m - 1, n - 1] for m in (1, 2) for n in (1, 2))
    assert torch.isclose(z[3, 3], mine)  # 1-based z_{4,4}: rows and columns 3..4 of a
    verdicts = check_text(NOTE.replace("{claim}", claim), "n.md").verdicts
    assert verdicts[0].status == VERIFIED  # the general formula keeps the zero padding
    assert verdicts[-1].status == expected, verdicts[-1].message
