# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""An output side worked out in numbers, in notes whose introduction names both a
convolution and a pooling layer (issue 16, fresh39: "ResNet ... Global Average Pooling" in
the introduction, then "stride 2 ... $H_{out} = \lfloor (8 + 2 - 3)/2 \rfloor + 1$").  With
the stride stated nearer than that introduction and no dilation, both kinds give
floor((H + 2P - K)/S) + 1, so which of the two the claim is about does not matter.  Truth:
torch's conv2d and max_pool2d output shapes, computed here.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

SIDES_FR = """# Tailles de sortie : convolution et pooling

Dans cette fiche on révise la convolution `nn.Conv2d(3, 8, 3)` puis le max-pooling `nn.MaxPool2d(2)`. Entrée $H \\times W$, noyau $K$, pas $S$, remplissage $P$.

## Pas 2

Avec un pas de 2 et un noyau impair :

Par exemple, avec $K = 5$, $P = 2$ et $H = 11$, on a $H_{out} = \\lfloor (11 + 4 - 5)/2 \\rfloor + 1 = 6$.

Avec $K = 3$, $P = 0$ et $H = 10$, on a $H_{out} = \\lfloor (10 - 3)/2 \\rfloor + 1 = 5$.
"""

SIDES_EN = """# Output sizes of convolution and pooling layers

This sheet covers both the convolution and the pooling layer of a small CNN; input $H \\times W$, window $K$, padding $P$.

## Stride 3

All layers in this part use stride 3.

With $K = 4$, $P = 1$ and $H = 20$ we get $H_{out} = \\lfloor (20 + 2 - 4)/3 \\rfloor + 1 = 7$.

With $K = 2$, $P = 0$ and $H = 20$ we get $H_{out} = \\lfloor (20 - 2)/3 \\rfloor + 1 = 6$.
"""


def _sides(h: int, k: int, s: int, p: int) -> set[int]:
    """The output side of a convolution and of a max pooling with these settings (torch)."""
    x = torch.zeros(1, 1, h, h)
    conv = F.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1]
    pool = F.max_pool2d(x, k, stride=s, padding=p).shape[-1] if 2 * p <= k else conv
    return {conv, pool}


def test_output_side_of_conv_or_pool_is_read() -> None:
    assert _sides(11, 5, 2, 2) == {6}
    assert _sides(20, 4, 3, 1) == {7}
    assert one_verdict(SIDES_FR, "(11 + 4 - 5)/2").status == VERIFIED
    assert one_verdict(SIDES_EN, "(20 + 2 - 4)/3").status == VERIFIED


def test_wrong_output_side_of_conv_or_pool_is_caught() -> None:
    assert _sides(10, 3, 2, 0) == {4}
    assert _sides(20, 2, 3, 0) == {7}
    assert one_verdict(SIDES_FR, "(10 - 3)/2").status == WRONG
    assert one_verdict(SIDES_EN, "(20 - 2)/3").status == WRONG
