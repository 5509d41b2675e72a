"""Notes titled after the transposed convolution whose first section works a plain one
("Take a $4\\times 4$ input and a $3\\times 3$ kernel, stride 1, no padding; the output is
$2\\times 2$"): the stated sizes fit only a convolution, so that section's layer is the
convolution; a section whose sizes fit the transposed one keeps it.  Truth: torch's conv2d
and conv_transpose2d shapes and values."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

F = torch.nn.functional


def test_the_stated_sizes_decide_between_the_two_kinds():
    x = torch.zeros(1, 1, 4, 4)
    k = torch.zeros(1, 1, 3, 3)
    assert F.conv2d(x, k).shape[-1] == 2  # the plain convolution's output
    assert F.conv_transpose2d(x, k).shape[-1] == 6  # not the transposed one's
    assert F.conv_transpose2d(torch.zeros(1, 1, 3, 3), k, stride=2, padding=1).shape[-1] == 5
    gen = torch.Generator().manual_seed(0)
    xr = torch.randn(1, 1, 4, 4, generator=gen, requires_grad=True)
    kr = torch.randn(1, 1, 3, 3, generator=gen)
    g = torch.randn(1, 1, 2, 2, generator=gen)
    (F.conv2d(xr, kr) * g).sum().backward()
    padded = F.pad(g, (2, 2, 2, 2))
    assert torch.allclose(xr.grad, F.conv2d(padded, kr.flip(-1, -2)), atol=1e-6)  # rot180
    assert not torch.allclose(xr.grad, F.conv2d(padded, kr.transpose(-1, -2)), atol=1e-6)
    text = "\n".join(
        [
            "# Transposed convolution is the backward pass of a convolution",
            "",
            "`ConvTranspose2d` explained.",
            "",
            "## The convolution",
            "",
            "Take a $4\\times 4$ input $X$ and a $3\\times 3$ kernel $K$, stride 1, no padding,",
            "so the output $Y = X \\star K$ is $2\\times 2$.",
            "",
            "$$ \\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2\\left("
            "\\frac{\\partial L}{\\partial Y}\\right) \\star \\operatorname{rot}_{180}(K) $$",
            "",
            "$$ \\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2\\left("
            "\\frac{\\partial L}{\\partial Y}\\right) \\star K^{\\top} $$",
        ]
    )
    found = [v.status for v in check_text(text).verdicts]
    assert found == [VERIFIED, VERIFIED, WRONG], check_text(text).verdicts
