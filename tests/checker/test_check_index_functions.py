"""A map of indices the notes define and then use inside an index: ``g(f) = \\lfloor f/2
\\rfloor`` in ``x_{n,\\,2g(f)+c',\\,i+u,\\,j+v}``, ``\\operatorname{grp}(k) = \\lceil k/3
\\rceil`` in ``X_{\\operatorname{grp}(k), i+u-1, j+v-1}`` (grouped convolutions).

Truth: torch's grouped conv2d (``groups=2``) and its autograd against each formula evaluated
here with NumPy exactly as written; a formula that matches must be verified, one that does
not must be caught.  A map the notes define two ways is read as neither (not-understood).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

ZERO_BASED = (
    "# Grouped convolution, written out\n\n"
    "The layer is `nn.Conv2d(4, 4, kernel_size=2, groups=2, bias=False)` on a batch of 2 "
    "inputs of $5 \\times 5$: 4 input channels, 4 filters, 2 groups, stride 1, no padding. "
    "Indices start at 0. Filter $f$ sits in group $g(f) = \\lfloor f/2 \\rfloor$ and reads "
    "input channels $2g(f)$ and $2g(f)+1$.{slip}\n\n"
    "With $\\delta_{n,f,i,j} = \\partial L / \\partial z_{n,f,i,j}$,\n\n"
    "$${claim}$$\n"
)
SLIP = " A common slip assigns the groups by remainder, $g(f) = f \\bmod 2$."

gen = torch.Generator().manual_seed(23)
X0 = torch.randn(2, 4, 5, 5, generator=gen, dtype=torch.float64)
W0 = torch.randn(4, 2, 2, 2, generator=gen, dtype=torch.float64, requires_grad=True)
Z0 = torch.nn.functional.conv2d(X0, W0, groups=2)
D0 = torch.randn(Z0.shape, generator=gen, dtype=torch.float64)
(Z0 * D0).sum().backward()
x0, w0, z0, d0 = X0.numpy(), W0.detach().numpy(), Z0.detach().numpy(), D0.numpy()
dw0 = W0.grad.numpy()  # type: ignore[union-attr]


def _channel(f: int, c: int, rule: str) -> int:
    return {"floor": 2 * (f // 2), "plain": f // 2, "mod": 2 * (f % 2)}[rule] + c


def _windows(rule: str) -> np.ndarray:
    """[n, f, c', i, j, u, v]: the entry x_{n, channel(f, c'), i+u, j+v} each formula reads."""
    gathered = np.stack(
        [np.stack([x0[:, _channel(f, c, rule)] for c in range(2)], axis=1) for f in range(4)],
        axis=1,
    )
    return np.lib.stride_tricks.sliding_window_view(gathered, (2, 2), axis=(3, 4))


def _z(rule: str) -> np.ndarray:
    return np.einsum("fcuv,nfcijuv->nfij", w0, _windows(rule))


def _dw(rule: str) -> np.ndarray:
    return np.einsum("nfij,nfcijuv->fcuv", d0, _windows(rule))


FORWARD = (
    "z_{n,f,i,j} = \\sum_{c'=0}^{1} \\sum_{u=0}^{1} \\sum_{v=0}^{1} w_{f,c',u,v}\\, "
    "x_{n,\\,CHANNEL,\\,i+u,\\,j+v}"
)
BACKWARD = (
    "\\frac{\\partial L}{\\partial w_{f,c',u,v}} = \\sum_{n=0}^{1} \\sum_{i=0}^{3} "
    "\\sum_{j=0}^{3} \\delta_{n,f,i,j}\\, x_{n,\\,CHANNEL,\\,i+u,\\,j+v}"
)
CASES = [
    (FORWARD.replace("CHANNEL", "2g(f)+c'"), np.allclose(_z("floor"), z0)),
    (FORWARD.replace("CHANNEL", "g(f)+c'"), np.allclose(_z("plain"), z0)),
    (BACKWARD.replace("CHANNEL", "2g(f)+c'"), np.allclose(_dw("floor"), dw0)),
    (BACKWARD.replace("CHANNEL", "2(f \\bmod 2)+c'"), np.allclose(_dw("mod"), dw0)),
]


@pytest.mark.parametrize(("claim", "holds"), CASES)
def test_a_group_map_defined_by_the_notes(claim: str, holds: bool) -> None:
    text = ZERO_BASED.replace("{slip}", "").replace("{claim}", claim)
    assert statuses(text, claim[:30]) == [VERIFIED if holds else WRONG]


def test_the_truth_has_both_kinds() -> None:
    assert {h for _, h in CASES} == {True, False}


@pytest.mark.parametrize(("claim", "holds"), CASES[:3])
def test_a_map_defined_two_ways_is_not_read(claim: str, holds: bool) -> None:
    text = ZERO_BASED.replace("{slip}", SLIP).replace("{claim}", claim)
    assert statuses(text, claim[:30]) == [NOT_UNDERSTOOD]


ONE_BASED = (
    "# Gruppen-Faltung (1-basiert)\n\n"
    "A grouped layer with 2 input channels and 6 filters in 2 groups, a $4 \\times 4$ input, "
    "a $3 \\times 3$ kernel, stride 1, no padding, no bias; all indices start at 1. Filter $k$ "
    "belongs to group $\\operatorname{grp}(k) = \\lceil k/3 \\rceil$, which is also the one "
    "input channel it reads.\n\n"
    "$${claim}$$\n"
)
gen1 = torch.Generator().manual_seed(7)
X1 = torch.randn(1, 2, 4, 4, generator=gen1, dtype=torch.float64)
W1 = torch.randn(6, 1, 3, 3, generator=gen1, dtype=torch.float64)
Z1 = torch.nn.functional.conv2d(X1, W1, groups=2)[0].numpy()


def _y(offset: int) -> np.ndarray:
    """Y_{k,i,j} with X_{grp(k)+offset, i+u-1, j+v-1}, 1-based as written, zero outside."""
    x, w = X1[0].numpy(), W1.numpy()
    out = np.zeros_like(Z1)
    for k, i, j in np.ndindex(*Z1.shape):
        channel = -(-(k + 1) // 3) + offset  # ceil((k+1)/3), 1-based
        if 1 <= channel <= 2:
            for u, v in np.ndindex(3, 3):
                out[k, i, j] += w[k, 0, u, v] * x[channel - 1, i + u, j + v]
    return out


@pytest.mark.parametrize("offset", [0, 1])
def test_a_named_map_one_based(offset: int) -> None:
    channel = "\\operatorname{grp}(k)" + (f"+{offset}" if offset else "")
    claim = (
        "Y_{k,i,j} = \\sum_{u=1}^{3} \\sum_{v=1}^{3} W_{k,1,u,v}\\, "
        f"X_{{{channel},\\, i+u-1,\\, j+v-1}}"
    )
    holds = np.allclose(_y(offset), Z1)
    assert holds == (offset == 0)  # the truth: only the map as defined is the layer
    assert statuses(ONE_BASED.replace("{claim}", claim), claim[:30]) == [
        VERIFIED if holds else WRONG
    ]
