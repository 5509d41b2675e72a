"""Operator claims about one map of a multi-channel, mini-batch layer (issue 16's
multi-channel/batch sums, from the unseen dev set): ``\\mathbf{X}_{n,c}`` is sample n's
channel c, ``\\mathbf{W}_{f,c}`` filter f's slice for channel c, ``\\mathbf{G}_{n,f}`` the
upstream gradient's map, with sums over channels, filters and samples.  Truth: torch
conv2d and autograd at N = 2, C = 2, F = 3; each wrong variant stays wrong."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD = (
    "We take a mini-batch of $N = 2$ images, each with $C = 2$ input channels of size "
    "$5\\times 5$, and a\nlayer of $F = 3$ filters of size $3\\times 3$, stride 1, no "
    "padding, and one bias per filter. All indices start at 0; $x_{n,c,i,j}$ is pixel "
    "$(i,j)$ of channel $c$ of sample $n$, and $g_{n,f,i,j} = \\partial L / \\partial "
    "y_{n,f,i,j}$.\n\n$$y_{n,f,i,j} = b_f + \\sum_{c=0}^{1}\\sum_{u=0}^{2}\\sum_{v=0}^{2} "
    "x_{n,c,i+u,\\,j+v}\\; w_{f,c,u,v}$$\n\n$${claim}$$\n"
)


def _truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(9)
    x = torch.randn((2, 2, 5, 5), generator=gen, dtype=torch.float64)
    w = torch.randn((3, 2, 3, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    b = torch.randn((3,), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, b)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {
        "X": x.numpy(),
        "W": w.detach().numpy(),
        "b": b.numpy(),
        "Y": y.detach().numpy(),
        "G": g.numpy(),
        "dW": w.grad.numpy(),
    }


def _forward(t, swapped: bool) -> bool:
    """Y_{n,f} = sum_c X_{n,c} star W_{f,c} + b_f (W_{c,f} when swapped) against torch."""
    for n in range(2):
        for f in range(3):
            if swapped and f >= 2:
                return False  # W_{c,f} with f = 2: no such slice (W is 3x2 by filter, channel)
            kernels = [t["W"][c, f] if swapped else t["W"][f, c] for c in range(2)]
            mine = sum(correlate2d(t["X"][n, c], kernels[c], "valid") for c in range(2))
            if not np.allclose(mine + t["b"][f], t["Y"][n, f]):
                return False
    return True


def _weight(t, swapped: bool) -> bool:
    for f in range(3):
        for c in range(2):
            pairs = [
                (t["G"][n, f], t["X"][n, c]) if swapped else (t["X"][n, c], t["G"][n, f])
                for n in range(2)
            ]
            if any(a.shape[0] < k.shape[0] for a, k in pairs):
                return False  # a 5x5 map cannot slide over a 3x3 one in valid mode
            if not np.allclose(sum(correlate2d(a, k, "valid") for a, k in pairs), t["dW"][f, c]):
                return False
    return True


@pytest.mark.parametrize(
    ("claim", "truth", "expected"),
    [
        (
            r"\mathbf{Y}_{n,f} = \sum_{c=0}^{1} \mathbf{X}_{n,c} \star \mathbf{W}_{f,c} + b_f",
            lambda t: _forward(t, False),
            VERIFIED,
        ),
        (
            r"\mathbf{Y}_{n,f} = \sum_{c=0}^{1} \mathbf{X}_{n,c} \star \mathbf{W}_{c,f} + b_f",
            lambda t: _forward(t, True),
            WRONG,
        ),
        (
            r"\frac{\partial L}{\partial \mathbf{W}_{f,c}} = \sum_{n=0}^{1} \mathbf{X}_{n,c} \star "
            r"\mathbf{G}_{n,f}",
            lambda t: _weight(t, False),
            VERIFIED,
        ),
        (
            r"\frac{\partial L}{\partial \mathbf{W}_{f,c}} = \sum_{n=0}^{1} \mathbf{G}_{n,f} \star "
            r"\mathbf{X}_{n,c}",
            lambda t: _weight(t, True),
            WRONG,
        ),
        (
            (
                r"\frac{\partial L}{\partial \mathbf{W}_{f,c}} = \mathbf{X}_{0,c} \star "
                r"\mathbf{G}_{0,f}"
            ),
            lambda t: False,
            WRONG,
        ),  # one sample: the sum over the batch is missing
    ],
)
def test_one_map_of_a_multichannel_batch(claim, truth, expected):
    assert truth(_truth()) == (expected == VERIFIED)
    verdict = check_text(HEAD.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message
