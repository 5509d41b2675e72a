"""The 'same' padding written in letters, ``p = \\frac{k-1}{2}`` or ``p = \\frac{d(k-1)}{2}``,
in a sentence that says which case it is (stride 1, with or without a dilation) -- issue 16:
fresh41's cheat sheet, whose "with dilation $d$ the 'same' padding stays $p = (k-1)/2$"
got no verdict, and whose two equal formulas on one line (one right, one wrong) need each
its own sentence.

Truth: torch's conv2d at stride 1 keeps the side exactly for the paddings that are 'same';
each formula's status is what torch says of it over odd kernels (and dilations where the
sentence speaks of one).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG


def _keeps(p: Fraction, k: int, d: int, h: int = 11) -> bool:
    if p.denominator != 1 or p < 0:
        return False
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return F.conv2d(x, w, padding=int(p), dilation=d).shape[-1] == h


def _truth(formula: Callable[[int, int], Fraction], dilated: bool) -> str:
    grid = [(k, d) for k in (1, 3, 5, 7) for d in ((1, 2, 3) if dilated else (1,))]
    return VERIFIED if all(_keeps(formula(k, d), k, d) for k, d in grid) else WRONG


PLAIN = (r"p = \frac{k-1}{2}", lambda k, d: Fraction(k - 1, 2))
DILATED = (r"p = \frac{d(k-1)}{2}", lambda k, d: Fraction(d * (k - 1), 2))
HALF = (r"p = \frac{k}{2}", lambda k, d: Fraction(k, 2))


def test_spanish_two_equal_formulas_on_one_line_each_in_its_sentence():
    text = (
        "# Relleno\n\nCon núcleo $k$, paso $s$ y dilatación $d$.\n\n"
        f'Para paso 1 y sin dilatación, el relleno "same" con $k$ impar es ${PLAIN[0]}$. '
        f'Con dilatación $d$ el relleno "same" sigue siendo ${PLAIN[0]}$, porque el centro '
        "no cambia.\n"
    )
    want = [_truth(PLAIN[1], dilated=False), _truth(PLAIN[1], dilated=True)]
    assert want == [VERIFIED, WRONG]
    assert statuses(text, "Para paso 1") == want


def test_english_dilated_same_padding_and_a_wrong_half_kernel():
    text = (
        "# Padding\n\nA layer with kernel $k$ and dilation $d$, stride 1.\n\n"
        f"With dilation $d$, the 'same' padding is ${DILATED[0]}$ on each side.\n\n"
        f"Without dilation, the 'same' padding is ${HALF[0]}$ for odd kernels.\n"
    )
    assert statuses(text, "With dilation") == [_truth(DILATED[1], dilated=True)] == [VERIFIED]
    assert statuses(text, "Without dilation") == [_truth(HALF[1], dilated=False)] == [WRONG]


def test_a_sentence_that_does_not_say_the_dilation_case_is_not_judged_here():
    text = (
        "# Padding\n\nA layer with kernel $k$ and dilation $d$, stride 1.\n\n"
        f"The 'same' padding is ${PLAIN[0]}$ on each side.\n"
    )
    # the notes' layers are dilated, the sentence does not say which case: no verdict here
    assert WRONG not in statuses(text, "The 'same' padding")
    assert VERIFIED not in statuses(text, "The 'same' padding")
