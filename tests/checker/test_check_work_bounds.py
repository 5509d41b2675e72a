"""Same notes, same verdicts: what the checker checks is bounded by work, not by the clock.

A claim with more index values than the checker evaluates is checked at the corners and a
sample, until :data:`symconv.checker.limits.INSTANCE_WORK` is spent.  On a machine whose
clock runs a hundred seconds per reading (as a loaded machine's wall clock does, to a
check bounded by time), the same index values are checked and the verdicts are the same
bytes; and the bound is really reached (fewer values than the claim has), so the test
compares something.
"""

from __future__ import annotations

import re
import time

import pytest

import symconv.checker.judge as judge
from symconv.checker.runner import check_text

NOTES = """---
layer: conv2d
input: 16x16
kernel: 5
---
$$ dX_{i,j} = \\sum_{m=0}^{4} \\sum_{n=0}^{4} G_{i-m,j-n} W_{m,n} $$

$$ dW_{m,n} = \\sum_{i=0}^{11} \\sum_{j=0}^{11} X_{i+m,j+n} G_{i,j+1} $$
"""


def _verdicts() -> list[tuple[int, str, str]]:
    return [(v.line, v.status, v.message) for v in check_text(NOTES, "bounds.md").verdicts]


def test_a_slow_clock_changes_no_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(judge, "INSTANCE_WORK", 60_000)
    quiet = _verdicts()
    assert [status for _, status, _ in quiet] == ["verified", "wrong"]
    checked = re.search(r"\((\d+) of 256 index values", quiet[0][2])
    assert checked is not None and int(checked.group(1)) < 256, quiet[0][2]

    ticks = iter(range(0, 10**9, 100))  # every reading of the clock: 100 s later
    monkeypatch.setattr(time, "monotonic", lambda: float(next(ticks)))
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(ticks)))
    assert _verdicts() == quiet


def test_the_work_bound_checks_more_values_when_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bound is what stops the loop: a larger one checks more index values."""
    counts = []
    for work in (30_000, 120_000):
        monkeypatch.setattr(judge, "INSTANCE_WORK", work)
        message = _verdicts()[0][2]
        counts.append(int(re.search(r"\((\d+) of 256 index values", message).group(1)))
    assert counts[0] < counts[1] <= 256
