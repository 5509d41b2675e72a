"""The checker's verdicts on one line of a note written for a test, found by a piece of its
text (so a test names the claim it means, not a line number that moves when the note does)."""

from __future__ import annotations

from symconv.checker.runner import check_text


def statuses(text: str, piece: str) -> list[str]:
    """The status of every verdict on the first line of ``text`` that holds ``piece``."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    return [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]
