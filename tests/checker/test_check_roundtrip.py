"""Round trip: `symconv check` with no options on every committed derivation of ours.

A generated document may hold claims the checker cannot read (they are 'not-understood'),
but never one it calls wrong or size-specific: those would be false alarms on our own
proved output.  A worked example's numbers and vec(...) are refused as unread, and an
operator claim about a transposed layer that the convolution-minded operator reader
cannot match is not a mistake of the claim.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symconv.checker.runner import check_file

DOCUMENTS = sorted((Path(__file__).resolve().parent.parent.parent / "derivations").glob("*.md"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_our_own_notes_raise_no_false_alarm(path):
    report = check_file(str(path))
    bad = [
        f"{v.line}: {v.status}: {v.message}"
        for v in report.verdicts
        if v.status in ("wrong", "size-specific")
    ]
    assert not bad, "\n".join(bad)


def test_the_round_trip_verifies_most_closed_forms():
    verified = sum(v.status == "verified" for p in DOCUMENTS for v in check_file(str(p)).verdicts)
    assert len(DOCUMENTS) >= 12 and verified >= 300
