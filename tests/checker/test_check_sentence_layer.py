"""An output size worked out for a layer the sentence itself states in words (fresh9-10:
"With a $7\\times7$ input, $3\\times3$ kernel, stride 2: $(7-3)/2 + 1 = 3$", "with stride
$s = 2$ and an input of length $7$ the output has ...", "`Conv1d(64, 128, kernel_size=5)`
on a sequence of length $L = 100$ with stride $2$ and padding $2$ ...").  Verified when the
value is the output side torch computes for the sentence's layer and the computation writes
its input side and kernel; otherwise never verified on that ground."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED
from symconv.checker.runner import check_text


def _side2d(h: int, k: int, s: int = 1, p: int = 0) -> int:
    conv = torch.nn.Conv2d(1, 1, k, stride=s, padding=p)
    return int(conv(torch.zeros(1, 1, h, h)).shape[-1])


def _side1d(n: int, k: int, s: int = 1, p: int = 0) -> int:
    conv = torch.nn.Conv1d(1, 1, k, stride=s, padding=p)
    return int(conv(torch.zeros(1, 1, n)).shape[-1])


LAYER = (
    "# Notes\n\nSay your input $X$ is $5\\times 5$ and your kernel $K$ is $3\\times 3$, stride 1, "
    "no padding. Output $Y$ is $3\\times3$ because $5 - 3 + 1 = 3$.\n\n"
)
ONE_D = (
    "# Q\n\nNo padding, stride 1. Input $x \\in \\mathbb{R}^6$, kernel $w \\in \\mathbb{R}^3$, "
    "output $y \\in \\mathbb{R}^4$ with $$y_i = \\sum_{m=0}^{2} w_m x_{i+m}$$\n\n"
)
CASES = [  # (notes, the statement, its value, the truth)
    (
        LAYER + "With a $7\\times7$ input, $3\\times3$ kernel, stride 2: $(7-3)/2 + 1 = 3$.\n",
        "(7-3)/2 + 1 = 3",
        3,
        _side2d(7, 3, 2),
    ),
    (  # the kernel is the notes' own; the sentence states the stride and the input
        ONE_D + "With stride $s = 2$ and an input of length $7$ the output has "
        "$\\lfloor (7 - 3)/2 \\rfloor + 1 = 3$ entries.\n",
        "\\lfloor (7 - 3)/2 \\rfloor + 1 = 3",
        3,
        _side1d(7, 3, 2),
    ),
    (
        LAYER + "`Conv1d(64, 128, kernel_size=5)` on a sequence of length $L = 100$ with "
        "stride $2$ and padding $2$: the output length is "
        "$\\lfloor (100 + 4 - 5)/2 \\rfloor + 1 = 50$.\n",
        "\\lfloor (100 + 4 - 5)/2 \\rfloor + 1 = 50",
        50,
        _side1d(100, 5, 2, 2),
    ),
    (  # Spanish words
        LAYER + "Con una entrada de tamaño $9$, un núcleo $3 \\times 3$ y paso $3$: "
        "$(9 - 3)/3 + 1 = 3$.\n",
        "(9 - 3)/3 + 1 = 3",
        3,
        _side2d(9, 3, 3),
    ),
]


@pytest.mark.parametrize(("text", "source", "value", "truth"), CASES)
def test_the_sentences_layer_verifies_its_output_side(text, source, value, truth):
    assert value == truth
    found = [v for v in check_text(text, "notes.md").verdicts if v.source == source]
    assert [v.status for v in found] == [VERIFIED], [(v.source, v.message) for v in found]


def test_a_value_that_is_not_the_sentences_output_is_not_verified_on_that_ground():
    # (8 - 3)/5 + 1 = 2 holds, but a stride-2 layer on an 8x8 input gives 3
    assert _side2d(8, 3, 2) == 3
    text = LAYER + "With an $8\\times8$ input, stride 2: $(8 - 3)/5 + 1 = 2$.\n"
    found = [v for v in check_text(text, "notes.md").verdicts if "(8 - 3)/5" in v.source]
    assert found and found[0].status != VERIFIED
