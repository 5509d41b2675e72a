"""A size named with a number in a question's part ("**3(a)** ... input $224 \\times 224
\\times 3$, 64 filters of size $7 \\times 7$, stride 2, padding 3. ... $H_1 = \\lfloor (224 +
6 - 7)/2 \\rfloor + 1 = 112$", fresh5): the number is the part's, not a layer of a chain, and
the part states the layer.  Truth: torch's output shape."""

from __future__ import annotations

import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

NOTES = """Midterm, Problem 3 (sizes) - my answers

All convolutions below have a bias.

**3(a)** First layer: input $224 \\times 224 \\times 3$, 64 filters of size $7 \\times 7$, \
stride 2, padding 3.

Output size:

$$H_1 = \\lfloor (224 + 6 - 7)/2 \\rfloor + 1 = 112$$

**3(b)** Input $32 \\times 32 \\times 3$, 16 filters of size $5 \\times 5$, stride 1, \
padding 0. The output side is

$$H_2 = 32 - 5 + 1 + 2 = 30$$
"""


def _side(conv: torch.nn.Conv2d, h: int) -> int:
    return int(conv(torch.zeros(1, 3, h, h)).shape[-1])


def test_a_parts_numbered_size_is_judged_against_the_parts_layer():
    assert _side(torch.nn.Conv2d(3, 64, 7, stride=2, padding=3), 224) == 112
    assert _side(torch.nn.Conv2d(3, 16, 5), 32) == 28
    verdicts = {v.source: v for v in check_text(NOTES, "notes.md").verdicts}
    assert verdicts["H_1 = \\lfloor (224 + 6 - 7)/2 \\rfloor + 1 = 112"].status == VERIFIED
    wrong = verdicts["H_2 = 32 - 5 + 1 + 2 = 30"]
    assert wrong.status == WRONG and "28" in wrong.message
