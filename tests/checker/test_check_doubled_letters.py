"""CS231n's HH (the filter's height) is a name, not H·H.

Truth: torch's output size for the stated layers, against the formula as the notes mean
it (HH the filter's height).
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.doubled_letters import doubled_name
from symconv.checker.report import NOT_UNDERSTOOD, WRONG
from symconv.checker.runner import check_text

NOTE = (
    "# Output size\n\n"
    "Input $X = (4, 3, 5, 5)$ and filters $W = (2, 3, 3, 3)$, zero-padding $P$ of 1 and "
    "stride $S$ of 1.\n\n"
    "$$H_{{out}} = {formula}$$\n"
)


def _status(formula: str) -> str:
    text = NOTE.format(formula=formula)
    claims = [v for v in check_text(text, "notes.md").verdicts if "H_{out}" in v.source]
    assert len(claims) == 1
    return claims[0].status


@pytest.mark.parametrize("formula", ["(H - HH + 2P)/S + 1", "1 + (H + 2P - HH)/S"])
def test_a_formula_with_hh_is_not_wrong(formula: str) -> None:
    # torch: height 5, filter height 3, padding 1, stride 1 give 5 rows, as the notes say
    out = F.conv2d(torch.zeros(4, 3, 5, 5), torch.zeros(2, 3, 3, 3), padding=1, stride=1)
    assert out.shape[-2] == (5 - 3 + 2 * 1) // 1 + 1 == 1 + (5 + 2 * 1 - 3) // 1
    assert _status(formula) == NOT_UNDERSTOOD


def test_a_formula_without_doubled_letters_is_still_judged() -> None:
    # torch: 5 rows; H + 2P + 1 (any H, P, S) is not the output size at the notes' layer
    out = F.conv2d(torch.zeros(4, 3, 5, 5), torch.zeros(2, 3, 3, 3), padding=1, stride=1)
    assert out.shape[-2] != 5 + 2 * 1 + 1
    assert _status("H + 2P + 1") == WRONG


def test_which_letters_are_doubled_names() -> None:
    assert doubled_name("(H - HH + 2P)/S") == "HH"
    assert doubled_name("W' = (W - WW)/S + 1") == "WW"
    assert doubled_name("SHH + 1") is None  # inside a longer word: not this
    assert doubled_name("H_{out} = H - K + 1") is None
