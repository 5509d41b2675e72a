"""A stack's dilations written as the start of a rule: "WaveNet uses $K = 2$ and dilations
$1, 2, 4, \\dots, 2^{n-1}$ ...: ten layers already cover $R = 1024$".  The reader took the
terms before the ellipsis for the whole stack (three layers, R = 8) and called 1024 wrong;
"dilations $1, 2, 4, \\dots$" with no count was verified as three layers.  Now a list left
open by an ellipsis is continued by the rule its terms show (each the one before times r,
or plus a step) to the one layer count the words state, or to the number written after
the ellipsis; without either (or with three terms showing no rule) nothing is read.

Truth: the receptive field of a stack of stride-1 torch Conv1d layers, measured as the span
of input samples on which one output's gradient is nonzero (all weights one)."""

from __future__ import annotations

import pytest
from conftest import checked_text

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")


def _field(kernel: int, dilations: list[int]) -> int:
    layers = []
    for d in dilations:
        conv = torch.nn.Conv1d(1, 1, kernel, dilation=d, bias=False)
        torch.nn.init.ones_(conv.weight)
        layers.append(conv)
    span = 1 + (kernel - 1) * sum(dilations)
    x = torch.zeros(1, 1, 2 * span, requires_grad=True)
    y = torch.nn.Sequential(*layers)(x)
    y[0, 0, 0].backward()
    assert x.grad is not None
    hit = (x.grad[0, 0] != 0).nonzero().flatten()
    return int(hit[-1] - hit[0] + 1)


_NOTES = (
    "# Dilated stacks\n\n"
    "For stride-1 layers a stack's receptive field is $R = 1 + \\sum_i (K_i - 1) d_i$.\n\n"
    "A stack with $K = 2$ and dilations $1, 3, 9, \\dots$, growing threefold: five layers "
    "see $R = {five}$ samples.\n\n"
    "With $K = 3$ and dilations $1, 2, 4, \\ldots, 64$ the receptive field is $R = {last}$.\n\n"
    "With $K = 2$ and dilations $1, 2, 4, \\dots$ the receptive field is $R = 8$.\n"
)


def _statuses(five: int, last: int) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for v in checked_text(_NOTES.format(five=five, last=last)).verdicts:
        found.setdefault(v.line, []).append(v.status)
    return found


def test_an_open_list_is_continued_to_its_count() -> None:
    five = _field(2, [1, 3, 9, 27, 81])
    last = _field(3, [1, 2, 4, 8, 16, 32, 64])
    assert (five, last) == (122, 255)
    lines = _statuses(five, last)
    assert lines[5] == [VERIFIED]  # main: not understood
    assert lines[7] == [VERIFIED]  # main: wrong (15, three layers)
    # no count, no last term: how many layers is not said (main: verified as three)
    assert VERIFIED not in lines[9] and WRONG not in lines[9]


def test_a_wrong_field_of_an_open_list_is_not_verified() -> None:
    # the three written terms' field (1 + 1 + 3 + 9 = 14) and one off the last term's
    lines = _statuses(_field(2, [1, 3, 9]), _field(3, [1, 2, 4, 8, 16, 32]))
    assert lines[5] == [WRONG]
    assert lines[7] == [WRONG]
    assert set(lines[9]) <= {NOT_UNDERSTOOD}
