"""Average-pooling operator claims of a network layer, as symconv prints them
(``X \\star_{s=2,g=C} \\frac{1}{4}\\,\\mathbf{1}``), judged against torch's avg_pool2d."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.runner import check_text

_NET = (
    'name = "tiny"\ninput = [4, 4, 1]\n\n[[layers]]\nname = "C1"\nkind = "conv2d"\n'
    'out_channels = 2\nkernel = 1\n\n[[layers]]\nname = "S2"\nkind = "avgpool2d"\n'
    "kernel = 2\nstride = 2\n"
)


def _verdict(tmp_path, claim: str) -> str:
    path = tmp_path / "net.toml"
    path.write_text(_NET)
    doc = (
        f"---\nnetwork: {path}\nnotation: superscript\n---\n\n# Notes\n\n"
        f"## Pooling S2\n\n$$\n{claim}\n$$\n"
    )
    (verdict,) = check_text(doc).verdicts
    return verdict.status


def _torch_forward_agrees(share: float, stride: int) -> bool:
    """Is avg_pool2d the depthwise correlation with every weight ``share``?"""
    x = torch.randn(1, 2, 4, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    kernel = torch.full((2, 1, 2, 2), share, dtype=torch.float64)
    ours = F.conv2d(x, kernel, stride=stride, groups=2)
    return ours.shape == (1, 2, 2, 2) and torch.allclose(ours, F.avg_pool2d(x, 2, 2))


def _torch_backward_agrees(share: float) -> bool:
    """Is dX = pad_1(dilate_2(dZ)) correlated per channel with rot180(share·1) avg_pool2d's?"""
    x = torch.randn(1, 2, 4, 4, dtype=torch.float64, requires_grad=True)
    g = torch.randn(1, 2, 2, 2, dtype=torch.float64)
    F.avg_pool2d(x, 2, 2).backward(g)
    dilated = torch.zeros(1, 2, 3, 3, dtype=torch.float64)
    dilated[:, :, ::2, ::2] = g
    ours = F.conv2d(
        F.pad(dilated, (1, 1, 1, 1)), torch.full((2, 1, 2, 2), share, dtype=torch.float64), groups=2
    )
    return torch.allclose(ours, x.grad)


@pytest.mark.parametrize(
    "share,written,stride",
    [
        (1 / 4, r"\frac{1}{4}\,\mathbf{1}", "s=2,g=2"),
        (1 / 9, r"\frac{1}{9}\,\mathbf{1}", "s=2,g=2"),
        (1 / 4, r"\frac{1}{4}\,\mathbf{1}", "s=1,g=2"),
    ],
)
def test_forward(tmp_path, share, written, stride):
    truth = _torch_forward_agrees(share, 2 if "s=2" in stride else 1)
    status = _verdict(tmp_path, rf"Z^{{[2]}} = X \star_{{{stride}}} {written}")
    assert status == ("verified" if truth else "wrong")


@pytest.mark.parametrize("share,written", [(1 / 4, "1}{4"), (1 / 2, "1}{2")])
def test_backward(tmp_path, share, written):
    claim = (
        r"dX = \operatorname{pad}_{1}\left(\operatorname{dilate}_{2}\left(dZ^{[2]}"
        r"\right)\right) \star_{g=2} \operatorname{rot}_{180^{\circ}}\left(\frac{"
        + written
        + r"}\,\mathbf{1}\right)"
    )
    assert _verdict(tmp_path, claim) == ("verified" if _torch_backward_agrees(share) else "wrong")


def test_constant_kernel_of_a_conv_layer_is_not_judged(tmp_path):
    path = tmp_path / "net.toml"
    path.write_text(_NET)
    doc = (
        f"---\nnetwork: {path}\nnotation: superscript\n---\n\n# Notes\n\n"
        "## Convolution C1\n\n$$\nZ^{[1]} = X \\star \\frac{1}{4}\\,\\mathbf{1}\n$$\n"
    )
    (verdict,) = check_text(doc).verdicts
    assert verdict.status == "not-understood" and "pooling" in verdict.message
