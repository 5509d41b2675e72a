"""The checker's verdicts on one line of a note written for a test, found by a piece of its
text (so a test names the claim it means, not a line number that moves when the note does)."""

from __future__ import annotations

from conftest import checked_text


def statuses(text: str, piece: str) -> list[str]:
    """The status of every verdict on the first line of ``text`` that holds ``piece``.

    The note is checked once per session (conftest.checked_text, a fresh copy for each
    caller): the tests that ask about several lines of one note, or about one line under
    several parameters, read the same check instead of repeating it (none of them patches
    the checker)."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    return [v.status for v in checked_text(text, "notes.md").verdicts if v.line == line]


def statuses_by_line(text: str) -> dict[int, list[str]]:
    """Every line's verdict statuses (the layer's "assumed" notes left out), for the tests
    that tell two lines of the same text apart by their place."""
    found: dict[int, list[str]] = {}
    for v in checked_text(text, "notes.md").verdicts:
        if v.status != "assumed":
            found.setdefault(v.line, []).append(v.status)
    return found


def one_verdict(text: str, piece: str):
    """The one verdict on the first line of ``text`` that holds ``piece`` (fails when that
    line has none or several)."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    (found,) = [v for v in checked_text(text, "notes.md").verdicts if v.line == line]
    return found
