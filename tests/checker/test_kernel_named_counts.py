"""A convolution's parameter count named by its kernel (``P_{1\\times1}``, ``P_{3x3}``) and
stated in German prose (fresh44's wiki page on 1 x 1 convolutions): "Bei $C = 256$
Eingangs- und $F = 64$ Ausgangskanälen hat die 1×1-Schicht $P_{1\\times1} = ...$
Parameter", "Eine 3×3-Schicht mit denselben Kanalzahlen hat ... $P_{3\\times3} = ...$".
The channels come from "N Eingangs- und M Ausgangskanälen" (a suspended German compound),
"N Eingangskanälen", "M Ausgangskanäle"; the kernel from "die k×k-Schicht / -Faltung"; the
subscript must name the kernel its sentence states.

Truth: torch.nn.Conv2d's parameter count (weights C_out C_in k^2, one bias a filter)."""

from __future__ import annotations

import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if v.source.startswith(written)]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


def _count(conv: nn.Module) -> int:
    return sum(p.numel() for p in conv.parameters())


DE = """# Engpass-Blöcke

## Parameterzahl

Bei 128 Eingangs- und 32 Ausgangskanälen hat die 1×1-Schicht
$P_{1\\times1} = 128 \\cdot 32 + 32 = 4128$ Parameter. Eine 3×3-Schicht mit denselben
Kanalzahlen hat deutlich mehr, $P_{3\\times3} = 9 \\cdot 4128 = 37152$.

Eine 5×5-Faltung mit 32 Eingangskanälen und 16 Ausgangskanälen hat
$P = 16 \\cdot 32 \\cdot 25 + 16 = 12816$ Parameter.
"""

EN = """# Bottlenecks

With 64 input channels and 64 output channels, the 3x3 conv layer has
$P_{3\\times3} = 64 \\cdot 64 \\cdot 9 + 64 = 36928$ parameters.

With 64 input channels and 64 output channels, a 1x1 conv layer has
$P_{1\\times1} = 64 \\cdot 64 = 4096$ parameters.

A typo names another kernel than its sentence: the 3x3 conv layer with 64 input channels
and 64 output channels has $P_{5\\times5} = 64 \\cdot 64 \\cdot 25 + 64 = 102464$ parameters.
"""


def test_german_counts_by_kernel_and_channels():
    one = nn.Conv2d(128, 32, 1)
    three = nn.Conv2d(128, 32, 3)
    five = nn.Conv2d(32, 16, 5)
    verdicts = _verdicts(DE)
    assert _count(one) == 4128 and _of(verdicts, "P_{1\\times1}").status == VERIFIED
    assert _count(five) == 12816 and _of(verdicts, "P = 16").status == VERIFIED
    # nine times the 1x1 count multiplies its biases too: 36896, not 37152
    wrong = _of(verdicts, "P_{3\\times3}")
    assert wrong.status == WRONG and str(_count(three)) in wrong.message


def test_english_count_by_kernel_subscript():
    verdicts = _verdicts(EN)
    assert _count(nn.Conv2d(64, 64, 3)) == 36928
    assert _of(verdicts, "P_{3\\times3}").status == VERIFIED
    # the 64 biases left out
    assert _count(nn.Conv2d(64, 64, 1)) == 4160
    wrong = _of(verdicts, "P_{1\\times1}")
    assert wrong.status == WRONG and "4160" in wrong.message
    # which layer P_{5x5} counts is not read where its sentence states a 3x3 kernel
    assert _of(verdicts, "P_{5\\times5}").status not in (VERIFIED, WRONG)
