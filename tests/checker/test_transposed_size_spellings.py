"""A transposed convolution's sizes as notes spell them: ``\\text{output\\_padding}``, an
output side marked ``^{T}``, and the output padding that gives back a convolution's input
(size_spellings.py, output_padding.py).

Truth: torch's F.conv2d and F.conv_transpose2d shapes over a grid of sizes; each case
asserts the truth first.
"""

from __future__ import annotations

import itertools

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

NOTES = (
    "Why is the backward pass of `nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=1)` on an "
    "8x8 input a transposed conv? Now your problem: the size of a transposed conv's output "
    "is\n\n$$H_{out}^{T} = (H_{in} - 1)S - 2P + K + \\text{output\\_padding}$$\n\n"
    "so going backwards is ambiguous. In general the output_padding you need is\n\n"
    "$${claim}$$\n"
)
GRID = list(itertools.product(range(3, 10), (1, 3), (1, 2, 3), (0, 1)))


def _restores(rule) -> list[bool]:
    """For each (H, K, S, P): does conv_transpose2d with output_padding = rule(...) give
    back the H that conv2d took?"""
    held = []
    for h, k, s, p in GRID:
        x = torch.zeros((1, 1, h, h))
        y = F.conv2d(x, torch.zeros((1, 1, k, k)), stride=s, padding=p)
        op = rule(h, k, s, p)
        if not 0 <= op < s:  # PyTorch refuses an output padding of S or more
            held.append(False)
            continue
        back = F.conv_transpose2d(y, torch.zeros((1, 1, k, k)), stride=s, padding=p,
                                  output_padding=op)  # fmt: skip
        held.append(back.shape[-1] == h)
    return held


@pytest.mark.parametrize(
    ("claim", "rule", "expected"),
    [
        (r"\text{output\_padding} = (H + 2P - K) \bmod S", lambda h, k, s, p: (h + 2 * p - k) % s,
         VERIFIED),
        (r"\mathrm{output\_padding} = S - 1", lambda h, k, s, p: s - 1, SIZE_SPECIFIC),
        (r"\text{output\_padding} = S", lambda h, k, s, p: s, WRONG),
    ],
)  # fmt: skip
def test_the_output_padding_that_gives_back_the_input(claim, rule, expected):
    held = _restores(rule)
    truth = VERIFIED if all(held) else SIZE_SPECIFIC if any(held) else WRONG
    assert truth == expected
    verdicts = check_text(NOTES.replace("{claim}", claim), "n.md").verdicts
    assert verdicts[-1].status == expected, verdicts[-1].message


def test_a_marked_transposed_output_side_with_output_padding():
    for h, k, s, p in GRID:  # torch: (H_in - 1)S - 2P + K + op, for every op < S
        for op in range(s):
            y = F.conv_transpose2d(torch.zeros((1, 1, h, h)), torch.zeros((1, 1, k, k)),
                                   stride=s, padding=p, output_padding=op)  # fmt: skip
            assert y.shape[-1] == (h - 1) * s - 2 * p + k + op
    verdicts = check_text(NOTES.replace("{claim}", "x"), "n.md").verdicts
    first = next(v for v in verdicts if v.line == 3)
    assert first.status == VERIFIED, first.message
