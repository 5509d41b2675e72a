"""Global average pooling read as a whole layer (checker/global_pool.py): the map's sides
and channels the notes set by letters (``C = 4``, ``H = 2``, ``W = 3``), the definition's
letters (``g_c = \\frac{1}{HW} \\sum A_{c,i,j}``: A the input, g the output), and the
gradient claims judged entry by entry.  The truth of every claim is torch autograd's
gradient of ``nn.AdaptiveAvgPool2d(1)`` (float64), never a hard-coded answer."""

from __future__ import annotations

from fractions import Fraction

import pytest
import torch

from symconv.checker.runner import check_text


def _torch_share(channels: int, h: int, w: int) -> Fraction:
    """dL/dA_{c,i,j} / dL/dg_c of global average pooling, by autograd (one value for every
    entry, else the test fails: the layer spreads each channel's gradient evenly)."""
    gen = torch.Generator().manual_seed(channels * 100 + h * 10 + w)
    x = torch.randn(1, channels, h, w, dtype=torch.float64, generator=gen, requires_grad=True)
    g = torch.randn(1, channels, 1, 1, dtype=torch.float64, generator=gen)
    torch.nn.AdaptiveAvgPool2d(1)(x).backward(g)
    ratios = (x.grad / g).flatten().tolist()
    assert max(ratios) - min(ratios) < 1e-12
    return Fraction(ratios[0]).limit_denominator(1000)


def _statuses(doc: str) -> dict[int, str]:
    return {v.line: v.status for v in check_text(doc).verdicts}


def _expected(claimed: Fraction, truth: Fraction) -> str:
    return "verified" if claimed == truth else "wrong"


# (written coefficient, its value at H = 2, W = 3)
_ENGLISH_CLAIMS = [
    (r"\frac{1}{HW}", Fraction(1, 6)),
    (r"\frac{1}{6}", Fraction(1, 6)),
    (r"\frac{1}{H}", Fraction(1, 2)),
    ("1", Fraction(1)),
]


@pytest.mark.parametrize("written,value", _ENGLISH_CLAIMS)
def test_adaptive_pool_letters_a_and_g(written, value):
    """English notes, `nn.AdaptiveAvgPool2d(1)` on a 2x3 map of 4 channels, A and g."""
    doc = (
        "# Head of a small CNN\n\n"
        "The last block gives feature maps with $C = 4$ channels and $H = 2$, $W = 3$. We\n"
        "apply `nn.AdaptiveAvgPool2d(1)`:\n\n"
        "$$g_c = \\frac{1}{HW} \\sum_{i=1}^{H}\\sum_{j=1}^{W} A_{c,i,j}$$\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial A_{{c,i,j}}}} = {written}\\,"
        "\\frac{\\partial L}{\\partial g_c}$$\n"
    )
    statuses = _statuses(doc)
    assert statuses[6] == "verified"  # the definition is the layer's forward
    assert statuses[8] == _expected(value, _torch_share(4, 2, 3))


@pytest.mark.parametrize(
    "written,value", [(r"\frac{1}{16}", Fraction(1, 16)), (r"\frac{1}{4}", Fraction(1, 4))]
)
def test_german_letters_f_and_s(written, value):
    """German notes, "globales Average-Pooling (GAP)", F pooled into s, channel index k."""
    doc = (
        "# Globales Average-Pooling\n\n"
        "Die Merkmalskarten haben $C = 3$ Kanäle, jeweils $H = W = 4$. Das globale\n"
        "Average-Pooling (GAP) bildet "
        "$s_k = \\frac{1}{H W} \\sum_{u=1}^{H} \\sum_{v=1}^{W} F_{k,u,v}$.\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial F_{{k,u,v}}}} = {written} "
        "\\frac{\\partial L}{\\partial s_k}$$\n"
    )
    assert _statuses(doc)[6] == _expected(value, _torch_share(3, 4, 4))


@pytest.mark.parametrize("factor,value", [("", Fraction(1)), ("HW", Fraction(9))])
def test_spanish_channel_sum(factor, value):
    """Spanish notes, 0-based: a channel's gradient entries sum to its upstream gradient
    (HW entries of 1/(HW) each; torch's share times the map's 9 entries)."""
    doc = (
        "## Pooling promedio global\n\n"
        "Tenemos $C = 2$ canales de $H \\times W = 3 \\times 3$, índices desde 0, y\n"
        "$y_c = \\frac{1}{HW}\\sum_{i=0}^{H-1}\\sum_{j=0}^{W-1} x_{c,i,j}$.\n\n"
        "$$\\sum_{i=0}^{H-1}\\sum_{j=0}^{W-1} \\frac{\\partial L}{\\partial x_{c,i,j}} = "
        f"{factor} \\frac{{\\partial L}}{{\\partial y_c}}$$\n"
    )
    truth = _torch_share(2, 3, 3) * 9
    assert _statuses(doc)[6] == _expected(value, truth)


@pytest.mark.parametrize(
    "right,holds", [(r"\frac{\delta_{cd}}{HW}", True), (r"\frac{1}{HW}", False)]
)
def test_jacobian_across_channels(right, holds):
    """dy_c/dx_{d,i,j}: zero across channels (torch: the Jacobian of the pooling)."""
    x = torch.randn(1, 2, 3, 3, dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda t: torch.nn.AdaptiveAvgPool2d(1)(t), x)
    across = float(jac[0, 0, 0, 0, 0, 1, 0, 0])  # dy_0 / dx_{1,0,0}
    doc = (
        "## Pooling promedio global\n\n"
        "Con $C = 2$ canales y $H = W = 3$ (índices desde 0):\n"
        "$y_c = \\frac{1}{HW}\\sum_{i=0}^{H-1}\\sum_{j=0}^{W-1} x_{c,i,j}$.\n\n"
        f"$$\\frac{{\\partial y_c}}{{\\partial x_{{d,i,j}}}} = {right}$$\n"
    )
    claimed_across = Fraction(0) if holds else Fraction(1, 9)
    expected = "verified" if claimed_across == Fraction(across).limit_denominator(100) else "wrong"
    assert _statuses(doc)[6] == expected


_SPREAD = (
    "\\frac{\\partial L}{\\partial x_{c,i,j}} = \\frac{1}{HW}\\frac{\\partial L}{\\partial y_c}"
)


def test_max_pooling_remark_is_not_the_average():
    """A remark "the same holds for global max pooling": max pooling routes each channel's gradient
    to its largest entry (torch), so g_c/(HW) at every entry is not its gradient; the
    average's claim before it is still judged as the average's."""
    x = torch.randn(1, 2, 3, 3, dtype=torch.float64, requires_grad=True)
    torch.nn.AdaptiveMaxPool2d(1)(x).sum().backward()
    assert int((x.grad != 0).sum()) == 2  # one entry per channel, not all nine
    doc = (
        "# Global average pooling\n\n"
        "A map of $C = 2$ channels with $H = W = 3$ goes through global average pooling,\n"
        "$y_c = \\frac{1}{HW}\\sum_{i=1}^{H}\\sum_{j=1}^{W} x_{c,i,j}$.\n\n"
        f"$${_SPREAD}$$\n\n"
        f"The same holds for global max pooling, where ${_SPREAD}$.\n"
    )
    statuses = _statuses(doc)
    assert statuses[6] == "verified"
    assert statuses[8] != "verified"


def test_section_with_its_own_map_does_not_take_the_earlier_one():
    """A later section pooling a 7x7 map it writes itself is not judged at the earlier 3x3
    map: 1/9 (the 3x3 map's share) is not its gradient (torch), so it must not be verified
    there; without the 7x7 map read, neither claim gets a verdict."""
    assert _torch_share(2, 7, 7) == Fraction(1, 49) != Fraction(1, 9)
    doc = (
        "# GAP\n\n"
        "A map of $C = 2$ channels with $H = W = 3$, global average pooling:\n"
        "$y_c = \\frac{1}{HW}\\sum_{i=1}^{H}\\sum_{j=1}^{W} x_{c,i,j}$.\n\n"
        "## GAP on a larger map\n\n"
        "On a $7 \\times 7$ map with $C = 2$ channels, global average pooling gives\n"
        "$\\frac{\\partial L}{\\partial x_{c,i,j}} = \\frac{1}{49} "
        "\\frac{\\partial L}{\\partial y_c}$ and not\n"
        "$\\frac{\\partial L}{\\partial x_{c,i,j}} = \\frac{1}{9} "
        "\\frac{\\partial L}{\\partial y_c}$.\n"
    )
    statuses = _statuses(doc)
    assert statuses.get(9) in (None, "verified", "not-understood")
    assert statuses.get(10) in (None, "wrong", "not-understood")


def test_later_section_of_another_layer_keeps_its_own_letters():
    """A numbered section after the pooling ("## 4. Sizes") with its own window: the
    pooling's letters H, W are not carried into it, and its ceiling claim is judged
    against its own 4x4 map, window 3, stride 2 (torch: ceil_mode gives side 2, the
    default floor gives 1)."""
    pool = torch.nn.AvgPool2d(3, stride=2)
    assert pool(torch.zeros(1, 1, 4, 4)).shape[-1] == 1
    doc = (
        "# GAP\n\n"
        "A map of $C = 2$ channels with $H = W = 3$, global average pooling:\n"
        "$y_c = \\frac{1}{HW}\\sum_{i=1}^{H}\\sum_{j=1}^{W} x_{c,i,j}$.\n\n"
        "## 4. Sizes\n\n"
        "For a $4 \\times 4$ map with a window of 3 and stride 2 (PyTorch's default):\n\n"
        "$$H_{out} = \\left\\lceil \\frac{4 - 3}{2} \\right\\rceil + 1 = 2$$\n"
    )
    assert _statuses(doc).get(10) == "wrong"


def test_network_that_ends_in_the_pooling_is_not_read_as_it():
    """A network listing whose head is ``nn.AdaptiveAvgPool2d(1)`` names the pooling but
    does not define it: its other layers' counts are not read as the pooling's (torch's
    parameter count of the second convolution is the claim's, 4640)."""
    conv = torch.nn.Conv2d(16, 32, 3, padding=1)
    count = sum(p.numel() for p in conv.parameters())
    assert count == 3 * 3 * 16 * 32 + 32
    doc = (
        "# A small classifier\n\n"
        "Images of $64 \\times 64 \\times 3$:\n\n"
        "```python\n"
        "net = nn.Sequential(\n"
        "    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),\n"
        "    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),\n"
        "    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))\n"
        "```\n\n"
        f"The second convolution has $P = (3 \\cdot 3 \\cdot 16 + 1) \\cdot 32 = {count}$ "
        "parameters.\n"
    )
    # judged against its own constructor, not as the pooling (there: not understood)
    assert _statuses(doc).get(12) == "verified"


_WINDOW_THEN_GAP = (
    "# The head\n\n"
    "## 2. Pooling\n\n"
    "Maps of $C = 2$ channels and $H = W = 4$ (indices from 0). The $2 \\times 2$ average "
    "pool with stride 2 hands each pixel a quarter of its window's gradient,\n\n"
    "$$dX[n, c, h, w] = \\tfrac{1}{4}\\, dY[n, c, \\lfloor h/2 \\rfloor, "
    "\\lfloor w/2 \\rfloor]$$\n\n"
    "and then global average pooling, "
    "$y_c = \\frac{1}{HW}\\sum_{i=0}^{H-1}\\sum_{j=0}^{W-1} x_{c,i,j}$, gives one number "
    "per channel.\n"
)


def test_windowed_pool_in_the_same_section_is_not_the_global_one():
    """A 2x2 average pool's claim before the global pooling in one section is that pool's
    (torch: a quarter of dY at the window's output), never judged as the global one's."""
    x = torch.randn(1, 2, 4, 4, dtype=torch.float64, requires_grad=True)
    dy = torch.randn(1, 2, 2, 2, dtype=torch.float64)
    torch.nn.functional.avg_pool2d(x, 2, 2).backward(dy)
    assert torch.allclose(x.grad, dy.repeat_interleave(2, 2).repeat_interleave(2, 3) / 4)
    assert _statuses(_WINDOW_THEN_GAP).get(7) == "verified"
