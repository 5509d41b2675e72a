"""Two guards against a verification that rests on a guess.

- A layer restated on the claim's line: "with stride 2 and an input of length 8", where the
  8 already outweighed the first input but the first stride (1) was kept.  The claim that
  follows is about the strided layer; verified under stride 1 it would rest on a guess.
- A claim that names the padding or the stride by letter (``pad_P``, ``dilate_S``) in notes
  that state no sizes: at the checker's guess (stride 1, no padding) those letters change
  nothing, so agreeing there proves nothing about them.

The truth is torch: the claims below are wrong at the layer they are about.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED
from symconv.checker.runner import check_text


def _verdicts(text: str, line: int) -> list[str]:
    return [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]


def _stride_one_form_length(n: int, k: int, s: int) -> tuple[int, int]:
    """(length of pad_{k-1}(delta) star flip(w), length of x) for a 1-D stride-s layer."""
    x = torch.zeros(1, 1, n, requires_grad=True)
    y = F.conv1d(x, torch.zeros(1, 1, k), stride=s)
    full = F.conv1d(F.pad(torch.zeros_like(y), (k - 1, k - 1)), torch.zeros(1, 1, k))
    return full.shape[-1], x.shape[-1]


RESTATED = (
    "# 1-D convolution\n\nNo padding, stride 1, indices from 0: $x \\in \\mathbb{R}^6$, "
    "$w \\in \\mathbb{R}^3$ and $\\delta_i = \\partial L / \\partial y_i$.\n\n"
    "$$\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_2(\\delta) \\star "
    "\\operatorname{flip}(w)$$\n\n"
    "Now with stride $s = 2$ and an input of length $8$ the same formula reads "
    "$\\partial L / \\partial x = \\operatorname{pad}_2(\\delta) \\star \\operatorname{flip}(w)$.\n"
)


def test_a_layer_restated_on_the_claims_line_is_not_verified_under_the_first() -> None:
    full, wanted = _stride_one_form_length(8, 3, 2)
    assert full != wanted  # torch: 7 entries where x has 8; the form is wrong at stride 2
    assert _verdicts(RESTATED, 5) == [VERIFIED]  # at stride 1 the same form holds
    assert VERIFIED not in _verdicts(RESTATED, 7)


VACUOUS = (
    "# Strided convolution, in general\n\nOne channel, input $H \\times H$, kernel "
    "$R \\times R$, stride $S$, padding $P$; $\\delta = \\partial L / \\partial Y$.\n\n"
    "$$\\frac{\\partial L}{\\partial W} = \\operatorname{pad}_P(X) \\star "
    "\\operatorname{dilate}_S(\\delta)$$\n\n"
    "$$\\frac{\\partial L}{\\partial W} = \\operatorname{pad}_P(X) \\star \\delta$$\n"
)


def test_letters_for_stride_and_padding_are_not_verified_at_the_guess() -> None:
    # torch: at stride 2, pad_P(X) star delta (no dilation) does not give dW's 3x3
    x = torch.randn(1, 1, 7, 7)
    w = torch.randn(1, 1, 3, 3, requires_grad=True)
    y = F.conv2d(x, w, stride=2, padding=1)
    delta = torch.randn_like(y)
    (y * delta).sum().backward()
    undilated = F.conv2d(F.pad(x, (1, 1, 1, 1)), delta)
    assert w.grad is not None and undilated.shape != w.grad.shape
    assert VERIFIED not in _verdicts(VACUOUS, 7)


GROUPED = (
    "**Gradients of a grouped / depthwise conv**\n\nSetup: batch $N = 2$, $C = 4$ input "
    "channels, $F = 6$ output channels, `groups=2`, $3\\times 3$ kernels, stride 1, no "
    "padding, input $5\\times 5$, so the output is $3\\times 3$. Write "
    "$\\delta_{n,f,i,j} = \\partial L/\\partial Y_{n,f,i,j}$, "
    "everything 0-based.\n\n"
    "$$\\frac{\\partial L}{\\partial W_{f,c',u,v}} = \\sum_{n=0}^{1}\\sum_{i=0}^{2}"
    "\\sum_{j=0}^{2} \\delta_{n,f,i,j}\\, X_{n,c',i+u,j+v}$$\n"
)


def test_the_groups_that_split_the_channels_are_the_layers() -> None:
    # torch: with groups=2, dW of filter 3 reads input channels 2 and 3, not 0 and 1
    x = torch.randn(2, 4, 5, 5)
    w = torch.randn(6, 2, 3, 3, requires_grad=True)
    y = F.conv2d(x, w, groups=2)
    delta = torch.randn_like(y)
    (y * delta).sum().backward()
    assert w.grad is not None
    local = F.conv2d(x[:, :2].transpose(0, 1), delta.transpose(0, 1)).transpose(0, 1)
    assert not torch.allclose(local[3:], w.grad[3:])  # the local channel is wrong there
    # "depthwise" in the title would split 4 -> 6 channels into 4 groups: not this layer;
    # groups=2 does, and under it the local channel index is a mistake
    found = _verdicts(GROUPED, 5)
    assert found and VERIFIED not in found, found
