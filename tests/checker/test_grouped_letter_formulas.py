"""Formulas in letters for grouped convolutions whose group letter the notes' notation names
once ("groups $g$" in a cheat sheet's notation line, fresh44): the multiply-accumulates
``M = H_{out} W_{out} C_{out} \\frac{C_{in}}{g} k^2`` and a bullet that only calls its
layer grouped, "- grouped conv: $P = ...$".  Each output of a grouped convolution sums the
C_in/g channels of its group over a k x k window.

Truth: torch.nn.Conv2d with ``groups``: its parameter count, and its output shape times the
products per output (C_in/g k^2) for the multiply-accumulates, over sizes with g dividing
both channel counts."""

from __future__ import annotations

import itertools

import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if v.source.strip() == written]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


def _layers():
    for g, a, b, k in itertools.product((1, 2), (1, 2), (1, 3), (1, 3)):
        yield g * a, g * b, k, g, nn.Conv2d(g * a, g * b, k, groups=g)


def _macs(conv: nn.Conv2d, side: int) -> int:
    out = conv(torch.zeros(1, conv.in_channels, side, side)).shape
    k = conv.kernel_size[0] * conv.kernel_size[1]
    return out[1] * out[2] * out[3] * (conv.in_channels // conv.groups) * k


FR = """# Aide-mémoire : convolutions groupées

Notation : entrée $C_{in} \\times H \\times W$, noyau $k \\times k$, groups $g$, sorties
$C_{out}$.

## Paramètres

- convolution groupée avec biais : $P = C_{out} \\frac{C_{in}}{g} k^2 + C_{out}$
- grouped conv, version rapide : $P = \\frac{C_{out} C_{in} k^2}{g} + C_{in}$

## Coût

- MACs par image : $M = H_{out} W_{out}\\, C_{out}\\, \\frac{C_{in}}{g}\\, k^2$
- MACs par image, groupe à l'envers : $M = H_{out} W_{out}\\, C_{out}\\, C_{in}\\, g\\, k^2$
- MACs d'une convolution ordinaire : $M = H_{out} W_{out}\\, C_{out}\\, C_{in}\\, k^2$
"""


def test_grouped_count_and_macs_in_the_notation_letter():
    for c_in, c_out, k, g, conv in _layers():
        count = sum(p.numel() for p in conv.parameters())
        assert count == c_out * (c_in // g) * k * k + c_out
        side = 5
        h_out = side - k + 1
        assert _macs(conv, side) == h_out * h_out * c_out * (c_in // g) * k * k
    verdicts = _verdicts(FR)
    assert _of(verdicts, "M = H_{out} W_{out}\\, C_{out}\\, \\frac{C_{in}}{g}\\, k^2").status == (
        VERIFIED
    )
    # multiplied by the groups instead of divided: g^2 times too many products
    wrong = _of(verdicts, "M = H_{out} W_{out}\\, C_{out}\\, C_{in}\\, g\\, k^2")
    assert wrong.status == WRONG
    # no group letter in notes of grouped layers: an ungrouped layer's count, perhaps; unjudged
    plain = "M = H_{out} W_{out}\\, C_{out}\\, C_{in}\\, k^2"
    assert all(v.status not in (VERIFIED, WRONG) for v in verdicts if v.source.strip() == plain)
    assert _of(verdicts, "P = C_{out} \\frac{C_{in}}{g} k^2 + C_{out}").status == VERIFIED
    # C_in biases instead of C_out: wrong where the channel counts differ
    bias = _of(verdicts, "P = \\frac{C_{out} C_{in} k^2}{g} + C_{in}")
    assert bias.status == WRONG
