# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""A layer stated as taking one C x H x W map to another ("una capa que lleva un mapa de
$64 \times 56 \times 56$ a $128 \times 56 \times 56$", issue 16, fresh39): the first map's
channels and sides are the layer's input, the second's channels its filters, so a count
of its multiplications is judged against it.  Truth: torch's conv2d output shape and a
count of the products each output sums, computed here.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

COST_EN = """# Cost of one layer

Take a layer that maps a tensor of $3 \\times 32 \\times 32$ to $16 \\times 32 \\times 32$ with $5 \\times 5$ filters, stride 1 and padding 2.

Each output needs $3 \\cdot 25$ products and there are $16 \\cdot 32 \\cdot 32$ outputs, so the number of multiplications is $M = 16 \\cdot 3 \\cdot 25 \\cdot 32^2$.

Forgetting the input channels, one would write the number of multiplications as $M = 16 \\cdot 25 \\cdot 32^2$.
"""

COST_DE = """# Kosten einer Schicht

Die Schicht bildet eine Karte von $8 \\times 20 \\times 20$ auf $4 \\times 18 \\times 18$ ab, mit Filtern $3 \\times 3$, Schrittweite 1 und ohne Padding.

Jede Ausgabe braucht $8 \\cdot 9$ Produkte, es gibt $4 \\cdot 18 \\cdot 18$ Ausgaben, also ist die Zahl der Multiplikationen $M = 4 \\cdot 8 \\cdot 9 \\cdot 18^2$.
"""


def _multiplications(c_in: int, c_out: int, side: int, k: int, padding: int) -> int:
    """Outputs (torch's conv2d shape) times the products each one sums (C_in k^2)."""
    y = F.conv2d(torch.zeros(1, c_in, side, side), torch.zeros(c_out, c_in, k, k), padding=padding)
    return y.numel() * c_in * k * k


def test_cost_of_a_layer_from_map_to_map_is_verified() -> None:
    assert _multiplications(3, 16, 32, 5, 2) == 16 * 3 * 25 * 32**2
    assert _multiplications(8, 4, 20, 3, 0) == 4 * 8 * 9 * 18**2
    assert one_verdict(COST_EN, "so the number").status == VERIFIED
    assert one_verdict(COST_DE, "also ist").status == VERIFIED


def test_cost_without_the_input_channels_is_caught() -> None:
    assert _multiplications(3, 16, 32, 5, 2) != 16 * 25 * 32**2
    assert one_verdict(COST_EN, "Forgetting").status == WRONG
