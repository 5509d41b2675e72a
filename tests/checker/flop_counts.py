"""Multiply-accumulates of a convolution counted by torch (the tests' oracle for cost
claims): FlopCounterMode counts a multiply-accumulate as two flops."""

from __future__ import annotations

import torch
from torch.utils.flop_counter import FlopCounterMode


def conv_macs(n: int, c: int, side: int, f: int, k: int) -> int:
    """The multiply-accumulates of ``nn.Conv2d(c, f, k)`` on a batch of ``n`` images of
    ``side x side``."""
    layer = torch.nn.Conv2d(c, f, k, bias=False)
    with FlopCounterMode(display=False) as counter:
        layer(torch.zeros(n, c, side, side))
    return counter.get_total_flops() // 2
