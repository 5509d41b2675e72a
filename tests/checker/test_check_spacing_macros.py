"""Spacing commands carry no mathematics: ``\\thinspace``, ``\\medspace``, ``\\enspace``,
``\\hspace{2pt}``, ``\\mkern3mu`` between factors or inside an index list read as ``\\,``.

Truth: torch autograd of conv2d (conv_truth.py) against each formula evaluated here with
NumPy; a formula that matches must be verified, one that does not must be caught, whatever
space is typed between its factors.
"""

from __future__ import annotations

import numpy as np
import pytest
from conv_truth import conv2d_autograd
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

ONE = "\n\n".join(
    [
        "# Spacing",
        "The input $x$ is $4 \\times 4$, the kernel $w$ is $2 \\times 2$, stride 1, no "
        "padding, no bias, indices from 0, and $g_{i,j} = \\partial L / \\partial y_{i,j}$.",
        "$$CLAIM$$\n",
    ]
)
T = conv2d_autograd((1, 1, 4, 4), (1, 1, 2, 2), seed=19)


def _dw(sign: int) -> np.ndarray:  # x_{i+m, j+n} (sign 1) or x_{i-m, j-n} (-1), zero outside
    x, g = T["X"][0, 0], T["G"][0, 0]
    out = np.zeros((2, 2))
    for m, n, i, j in np.ndindex(2, 2, 3, 3):
        p, q = i + sign * m, j + sign * n
        if 0 <= p < 4 and 0 <= q < 4:
            out[m, n] += g[i, j] * x[p, q]
    return out


SPACES = [
    ("\\thinspace", "\\medspace"),
    ("\\hspace{1pt}", "\\hspace*{0.5em}"),
    ("\\enspace", "\\thickspace"),
    ("\\mkern3mu", "\\negthinspace"),
    ("\\;", "~"),
]


@pytest.mark.parametrize(("between", "inside"), SPACES)
@pytest.mark.parametrize("sign", [1, -1])
def test_spacing_between_factors_and_indices(between: str, inside: str, sign: int) -> None:
    holds = np.allclose(_dw(sign), T["dW"][0, 0])
    assert holds == (sign == 1)
    op = "+" if sign == 1 else "-"
    claim = (
        "\\frac{\\partial L}{\\partial w_{m,n}} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
        f"g_{{i,j}}{between} x_{{i{op}m,{inside} j{op}n}}"
    )
    assert statuses(ONE.replace("CLAIM", claim), claim) == [VERIFIED if holds else WRONG]
