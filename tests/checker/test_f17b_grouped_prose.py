# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""A grouped convolution stated in words ("with $g$ groups", "mit $G$ Gruppen"), its
parameter count in letters in a display formula that the paragraph leads into (issue 16,
fresh39: "Con $G$ grupos ... El número de parámetros es $$P = C_{out} \cdot \frac{C_{in}}{G}
\cdot k^2 + C_{out}$$").  The group letter is the one the words name, the channels the
count's C_in and C_out, the kernel the one other letter.  A count that leaves out the
division is caught; one that holds only without a bias, where the notes say nothing of
biases, is left open.  Truth: torch.nn.Conv2d's parameter counts, computed here.
"""

from __future__ import annotations

import itertools

import torch
from line_verdicts import one_verdict

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

GROUPED_DE = """# Gruppierte Faltung

Mit $G$ Gruppen sieht jeder Filter nur $C_{in}/G$ Eingangskanäle; die Schicht hat $C_{out}$ Filter der Größe $k \\times k$ und einen Bias pro Filter. Die Zahl der Parameter ist

$$\\#\\theta = C_{out} \\cdot \\frac{C_{in}}{G} \\cdot k^2 + C_{out}$$

Ein häufiger Fehler bei derselben Schicht mit $G$ Gruppen vergisst die Division:

$$\\#\\theta = C_{out} \\cdot C_{in} \\cdot k^2 + C_{out}$$
"""

GROUPED_EN = """# Grouped convolutions

A grouped layer with $g$ groups maps $C_{in}$ channels to $C_{out}$ channels with $K \\times K$ kernels. Its parameter count is

$$P = \\frac{C_{in} C_{out} K^2}{g} + C_{out}$$

Counting weights only, the layer with $g$ groups has

$$P = \\frac{C_{in} C_{out} K^2}{g}$$

A slip for the layer with $g$ groups puts them on the wrong side:

$$P = g\\, C_{in} C_{out} K^2 + C_{out}$$
"""


def _torch_count(cin: int, cout: int, k: int, g: int, bias: bool = True) -> int:
    layer = torch.nn.Conv2d(cin, cout, k, groups=g, bias=bias)
    return sum(p.numel() for p in layer.parameters())


def _sizes():
    for g, a, b, k in itertools.product((1, 2, 3), (1, 2), (1, 3), (1, 3)):
        yield g * a, g * b, k, g


def test_grouped_count_in_words_is_verified() -> None:
    # the notes' formula is torch's count at every size tried
    assert all(_torch_count(ci, co, k, g) == co * ci // g * k * k + co for ci, co, k, g in _sizes())
    assert one_verdict(GROUPED_DE, "\\frac{C_{in}}{G}").status == VERIFIED
    assert one_verdict(GROUPED_EN, "K^2}{g} + C_{out}").status == VERIFIED


def test_grouped_count_without_the_division_is_caught() -> None:
    # C_out C_in k^2 + C_out and g C_in C_out K^2 + C_out differ from torch's count
    assert _torch_count(2, 2, 1, 2) == 4 != 2 * 2 * 1 + 2
    assert _torch_count(2, 2, 1, 2) != 2 * 2 * 2 * 1 + 2
    assert one_verdict(GROUPED_DE, "\\cdot C_{in} \\cdot k^2").status == WRONG
    assert one_verdict(GROUPED_EN, "g\\, C_{in}").status == WRONG


def test_grouped_count_without_bias_where_bias_is_unstated_is_open() -> None:
    # it is torch's count with bias=False, not with the default bias
    ci, co, k, g = 4, 6, 3, 2
    assert _torch_count(ci, co, k, g, bias=False) == ci * co * k * k // g
    assert _torch_count(ci, co, k, g) != ci * co * k * k // g
    assert one_verdict(GROUPED_EN, "K^2}{g}$$").status == NOT_UNDERSTOOD
