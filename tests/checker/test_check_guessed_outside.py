"""An entry past a tensor's end is the claim's error only where the notes state the sizes
(issue 16: "where the sizes were only guessed ..., not-understood").

A blog post that says its input in words the checker does not read ("the activation map
$x^{l-1}$ of the previous layer, which is 6x6") leaves the input a guess; there a correct
``dE/db = \\sum_{i=1}^{4}\\sum_{j=1}^{4} \\delta_{i,j}`` read past a guessed 1x1 delta was a
false alarm.  Truth by hand: a 6x6 input and a 3x3 kernel at stride 1 give a 4x4 output
(6 - 3 + 1), so the sum to 4 is the bias gradient and the sum to 5 reads delta_{5,5}, which
does not exist.
"""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

GUESSED = (
    "Layer $l$ gets the activation map $x^{l-1}$ of the previous layer, which is "
    "$6 \\times 6$, and a\n$3 \\times 3$ kernel $w^l$ plus one scalar bias $b^l$. Stride 1, "
    "no padding. Indices start at 1.\n\nWe call $\\delta^l_{i,j} = \\frac{\\partial E}"
    "{\\partial z^l_{i,j}}$.\n\n"
)
STATED = (
    "The input $x$ is $6 \\times 6$, the kernel $w$ is $3 \\times 3$, stride 1, no padding, "
    "one bias $b$. Indices start at 1.\n\nWe call $\\delta_{i,j} = \\frac{\\partial E}"
    "{\\partial z_{i,j}}$.\n\n"
)


def _claim(last: int, mark: str) -> str:
    return (
        f"$$\\frac{{\\partial E}}{{\\partial b{mark}}} = \\sum_{{i=1}}^{{{last}}} "
        f"\\sum_{{j=1}}^{{{last}}} \\delta{mark}_{{i,j}}$$\n"
    )


def test_the_truth():
    out = torch.nn.functional.conv2d(torch.zeros(1, 1, 6, 6), torch.zeros(1, 1, 3, 3))
    assert out.shape[-2:] == (4, 4)


@pytest.mark.parametrize(
    "head,mark,last,expected",
    [
        (STATED, "", 4, VERIFIED),
        (STATED, "", 5, WRONG),  # delta_{5,5} is past the stated 4x4 output
        # the sizes a guess: never wrong when right (verified once the prose is read)
        (GUESSED, "^l", 4, (NOT_UNDERSTOOD, VERIFIED)),
        (GUESSED, "^l", 5, (NOT_UNDERSTOOD, WRONG)),  # never verified
    ],
)
def test_an_entry_past_the_end_is_wrong_only_under_stated_sizes(head, mark, last, expected):
    text = head + _claim(last, mark)
    found = [v for v in check_text(text).verdicts if v.line == text.count("\n")]
    allowed = expected if isinstance(expected, tuple) else (expected,)
    assert len(found) == 1 and found[0].status in allowed, [(v.status, v.message) for v in found]
    if found[0].status == NOT_UNDERSTOOD:
        assert "do not state the sizes" in found[0].message
