"""Grouped and depthwise convolutions stated in prose (checker/group_prose.py).

A note that says "depthwise (groups = C)", "2 groups", "`groups=2`", "en 2 grupos" and
writes the per-group formulas is right; judged against an ordinary layer (every output
channel sums over every input channel) it was called wrong.  Truth: torch conv2d with
``groups`` and autograd at N = 2, C = 4, 5x5 maps, a 3x3 kernel; each formula below is
also evaluated with NumPy loops and compared with torch, so the test's own expectation is
checked.  Every wrong variant (a sum over all channels, the wrong group's channels) must
stay wrong under every writing style."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

N, C, H, K = 2, 4, 5, 3
OUT = H - K + 1


def _truth(groups: int) -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(16 + groups)
    x = torch.randn((N, C, H, H), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((C, C // groups, K, K), generator=gen, dtype=torch.float64, requires_grad=True)
    b = torch.randn((C,), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, b, groups=groups)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "b": b.numpy(),
        "Y": y.detach().numpy(),
        "G": g.numpy(),
        "dW": w.grad.numpy(),
        "dX": x.grad.numpy(),
    }


def _g(t, n, f, i, j) -> float:
    """G zero outside its 3x3 maps (the notes' convention for p - u)."""
    return t["G"][n, f, i, j] if 0 <= i < OUT and 0 <= j < OUT else 0.0


# (formula, which tensor it gives, its right side by NumPy loops, groups)
def _dw_forward(t, n, c, i, j, every_channel=False):
    chans = range(C) if every_channel else [c]
    return t["b"][c] + sum(
        t["W"][c, 0, u, v] * t["X"][n, d, i + u, j + v]
        for d in chans
        for u in range(K)
        for v in range(K)
    )


def _dw_weight(t, c, u, v):
    return sum(
        t["G"][n, c, i, j] * t["X"][n, c, i + u, j + v]
        for n in range(N)
        for i in range(OUT)
        for j in range(OUT)
    )


def _dw_input(t, n, c, p, q, every_channel=False):
    chans = range(C) if every_channel else [c]
    return sum(
        _g(t, n, d, p - u, q - v) * t["W"][d, 0, u, v]
        for d in chans
        for u in range(K)
        for v in range(K)
    )


def _g2_forward(t, n, f, i, j, first=lambda f: 2 * (f // 2)):
    return t["b"][f] + sum(
        t["W"][f, cc, u, v] * t["X"][n, first(f) + cc, i + u, j + v]
        for cc in range(2)
        for u in range(K)
        for v in range(K)
    )


def _g2_weight(t, f, cc, u, v, first=lambda f: 2 * (f // 2)):
    return sum(
        t["G"][n, f, i, j] * t["X"][n, first(f) + cc, i + u, j + v]
        for n in range(N)
        for i in range(OUT)
        for j in range(OUT)
    )


DEPTHWISE = {
    "forward": (
        "Y_{n,c,i,j} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} W_{c,0,u,v}\\, X_{n,c,i+u,j+v} + b_c",
        lambda t: np.allclose(
            [_dw_forward(t, n, c, i, j) for n in range(N) for c in range(C)
             for i in range(OUT) for j in range(OUT)],
            t["Y"].reshape(-1),
        ),
    ),
    "forward over every channel": (
        "Y_{n,c,i,j} = \\sum_{d=0}^{3} \\sum_{u=0}^{2} \\sum_{v=0}^{2} W_{c,0,u,v}\\, "
        "X_{n,d,i+u,j+v} + b_c",
        lambda t: np.allclose(
            [_dw_forward(t, n, c, i, j, True) for n in range(N) for c in range(C)
             for i in range(OUT) for j in range(OUT)],
            t["Y"].reshape(-1),
        ),
    ),
    "weight gradient": (
        "\\frac{\\partial L}{\\partial W_{c,0,u,v}} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} "
        "\\sum_{j=0}^{2} G_{n,c,i,j}\\, X_{n,c,i+u,j+v}",
        lambda t: np.allclose(
            [_dw_weight(t, c, u, v) for c in range(C) for u in range(K) for v in range(K)],
            t["dW"].reshape(-1),
        ),
    ),
    "input gradient": (
        "\\frac{\\partial L}{\\partial X_{n,c,p,q}} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} "
        "G_{n,c,p-u,q-v}\\, W_{c,0,u,v}",
        lambda t: np.allclose(
            [_dw_input(t, n, c, p, q) for n in range(N) for c in range(C)
             for p in range(H) for q in range(H)],
            t["dX"].reshape(-1),
        ),
    ),
    "input gradient over every channel": (
        "\\frac{\\partial L}{\\partial X_{n,c,p,q}} = \\sum_{d=0}^{3} \\sum_{u=0}^{2} "
        "\\sum_{v=0}^{2} G_{n,d,p-u,q-v}\\, W_{d,0,u,v}",
        lambda t: np.allclose(
            [_dw_input(t, n, c, p, q, True) for n in range(N) for c in range(C)
             for p in range(H) for q in range(H)],
            t["dX"].reshape(-1),
        ),
    ),
}  # fmt: skip

TWO_GROUPS = {
    "forward": (
        "Y_{n,f,i,j} = \\sum_{e=0}^{1} \\sum_{u=0}^{2} \\sum_{v=0}^{2} W_{f,e,u,v}\\, "
        "X_{n,2\\lfloor f/2 \\rfloor + e,i+u,j+v} + b_f",
        lambda t: np.allclose(
            [_g2_forward(t, n, f, i, j) for n in range(N) for f in range(C)
             for i in range(OUT) for j in range(OUT)],
            t["Y"].reshape(-1),
        ),
    ),
    "forward from the first group only": (
        "Y_{n,f,i,j} = \\sum_{e=0}^{1} \\sum_{u=0}^{2} \\sum_{v=0}^{2} W_{f,e,u,v}\\, "
        "X_{n,e,i+u,j+v} + b_f",
        lambda t: np.allclose(
            [_g2_forward(t, n, f, i, j, lambda f: 0) for n in range(N) for f in range(C)
             for i in range(OUT) for j in range(OUT)],
            t["Y"].reshape(-1),
        ),
    ),
    "weight gradient": (
        "\\frac{\\partial L}{\\partial W_{f,e,u,v}} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} "
        "\\sum_{j=0}^{2} G_{n,f,i,j}\\, X_{n,2\\lfloor f/2 \\rfloor + e,i+u,j+v}",
        lambda t: np.allclose(
            [_g2_weight(t, f, e, u, v) for f in range(C) for e in range(2)
             for u in range(K) for v in range(K)],
            t["dW"].reshape(-1),
        ),
    ),
    "weight gradient from the first group only": (
        "\\frac{\\partial L}{\\partial W_{f,e,u,v}} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} "
        "\\sum_{j=0}^{2} G_{n,f,i,j}\\, X_{n,e,i+u,j+v}",
        lambda t: np.allclose(
            [_g2_weight(t, f, e, u, v, lambda f: 0) for f in range(C) for e in range(2)
             for u in range(K) for v in range(K)],
            t["dW"].reshape(-1),
        ),
    ),
}  # fmt: skip

_TAIL = (
    " A batch of $N = 2$ images of $5 \\times 5$, stride 1, no padding, one bias per output "
    "channel, indices from 0; $G = \\partial L / \\partial Y$ (zero outside its $3 \\times 3$ "
    "maps).\n\n$${claim}$$\n"
)
DEPTHWISE_STYLES = {
    "heading groups = C": "## Depthwise (groups = C)\n\nThe input has $C = 4$ channels; the "
    "weight tensor is $C \\times 1 \\times 3 \\times 3$." + _TAIL,
    "depthwise words": "# Notes\n\nA depthwise convolution over 4 input channels: each "
    "channel has its own $3 \\times 3$ filter." + _TAIL,
    "code keyword": "# Layer\n\nThe layer is a convolution with 4 input channels, 4 output "
    "channels and a $3 \\times 3$ kernel, `groups=4`." + _TAIL,
    "spanish": "# Convolución por canal\n\nEntrada de 4 canales, convolución en 4 grupos con "
    "4 canales de salida y un filtro de $3 \\times 3$." + _TAIL,
}
TWO_GROUP_STYLES = {
    "weight shape": "## groups = 2\n\nThe input has 4 channels and there are 2 groups: the "
    "weight is $4 \\times 2 \\times 3 \\times 3$." + _TAIL,
    "counted words": "# Grouped convolution\n\nA grouped convolution with two groups, 4 "
    "input channels and 4 output channels, kernel $3 \\times 3$." + _TAIL,
    "symbol": "# Grouped convolution\n\nWe split the 4 input channels and the 4 output "
    "channels into $g = 2$ groups; the kernel is $3 \\times 3$." + _TAIL,
}


def _verdict(head: str, claim: str) -> str:
    report = check_text(head.replace("{claim}", claim), "groups.md")
    mine = [v for v in report.verdicts if claim[:20] in v.source]
    assert len(mine) == 1, [v.message for v in report.verdicts]
    return mine[0].status


@pytest.mark.parametrize("style", sorted(DEPTHWISE_STYLES))
@pytest.mark.parametrize("name", sorted(DEPTHWISE))
def test_depthwise_claims_follow_torch(style: str, name: str) -> None:
    claim, holds = DEPTHWISE[name]
    expected = VERIFIED if holds(_truth(C)) else WRONG
    assert _verdict(DEPTHWISE_STYLES[style], claim) == expected


@pytest.mark.parametrize("style", sorted(TWO_GROUP_STYLES))
@pytest.mark.parametrize("name", sorted(TWO_GROUPS))
def test_two_group_claims_follow_torch(style: str, name: str) -> None:
    claim, holds = TWO_GROUPS[name]
    expected = VERIFIED if holds(_truth(2)) else WRONG
    assert _verdict(TWO_GROUP_STYLES[style], claim) == expected


def test_the_expectations_themselves_are_mixed() -> None:
    # the wrong variants really are wrong (and the right ones right) by torch
    dw, g2 = _truth(C), _truth(2)
    assert [holds(dw) for _, holds in DEPTHWISE.values()] == [True, False, True, True, False]
    assert [holds(g2) for _, holds in TWO_GROUPS.values()] == [True, False, True, False]


def test_groups_that_do_not_divide_the_channels_are_not_read() -> None:
    # 3 input channels cannot form 2 groups: the layer stays ordinary, never an error
    head = (
        "# Layer\n\nA convolution with 3 input channels, 4 output channels and 2 groups, "
        "a $5 \\times 5$ input and a $3 \\times 3$ kernel, no bias, indices from 0.\n\n"
        "$$Y_{f,i,j} = \\sum_{c=0}^{2}\\sum_{u=0}^{2}\\sum_{v=0}^{2} W_{f,c,u,v} X_{c,i+u,j+v}$$\n"
    )
    report = check_text(head, "groups.md")
    assert [v.status for v in report.verdicts if v.status != "assumed"] == [VERIFIED]


def test_a_depthwise_separable_block_is_two_layers_not_groups() -> None:
    from symconv.checker.group_prose import group_facts

    assert group_facts("Depthwise $3 \\times 3$ followed by a pointwise $1 \\times 1$ conv") == []
    assert group_facts("A depthwise separable block") == []
    assert ("groups", "2", "prose") in group_facts("with `groups=2` and 4 channels")
    assert ("groups", "3", "prose") in group_facts("split into three groups")


def _forward_1based(t, upto: int) -> bool:
    """Y_{f,i,j} = b_f + sum_{c=1}^{upto} sum_{u,v=1}^{3} K_{f,c,u,v} X_{c,i+u-1,j+v-1}."""
    mine = [
        t["b"][f]
        + sum(
            t["W"][f, c, u, v] * t["X"][0, c, i + u, j + v]
            for c in range(upto)
            for u in range(K)
            for v in range(K)
        )
        for f in range(2)
        for i in range(OUT)
        for j in range(OUT)
    ]
    return bool(np.allclose(mine, t["Y"][0].reshape(-1)))


@pytest.mark.parametrize(
    "shape_sentence",
    [
        "The kernel is now a tensor $K$ of size $2 \\times 3 \\times 3 \\times 3$.",
        "The weights form a $2 \\times 3 \\times 3 \\times 3$ tensor $K$.",
        "Filter bank: $K$ is $2 \\times 3 \\times 3 \\times 3$ (filters, channels, rows, columns).",
    ],
)
@pytest.mark.parametrize("upto", [3, 2])
def test_a_plain_layers_weight_shape_gives_its_channels(shape_sentence: str, upto: int) -> None:
    gen = torch.Generator().manual_seed(31)
    x = torch.randn((1, 3, H, H), generator=gen, dtype=torch.float64)
    w = torch.randn((2, 3, K, K), generator=gen, dtype=torch.float64)
    b = torch.randn((2,), generator=gen, dtype=torch.float64)
    t = {"X": x.numpy(), "W": w.numpy(), "b": b.numpy()}
    t["Y"] = torch.nn.functional.conv2d(x, w, b).numpy()
    claim = (
        f"Y_{{f,i,j}} = b_f + \\sum_{{c=1}}^{{{upto}}} \\sum_{{u=1}}^{{3}} \\sum_{{v=1}}^{{3}} "
        "K_{f,c,u,v} \\, X_{c,\\, i+u-1,\\, j+v-1}"
    )
    text = (
        "# Several channels\n\nThe input has $5 \\times 5$ maps, stride 1, no padding, indices "
        f"from 1. {shape_sentence} One bias $b_f$ per filter.\n\n$${claim}$$\n"
    )
    expected = VERIFIED if _forward_1based(t, upto) else WRONG
    assert _verdict(text, claim) == expected
    assert _forward_1based(t, 3) and not _forward_1based(t, 2)
