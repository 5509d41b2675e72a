"""An index base asked about, against one the notes state: a verdict that depends on it is
not given.

A deck whose conventions say "0-based indices" may ask, on one card, for "the same rule,
written with the window index of the 1-based habit?".  The checker reads the nearest
statement for each section, and here that is a question: whether the card's answer is
meant 1-based (and right) or is the 1-based habit's mistake in the deck's 0-based
indices is what the card asks.  A claim whose verdict flips with the base (``G_{\\lceil
p/2 \\rceil, ...}`` holds with indices from 1 and routes to the wrong window with indices
from 0) then rests on a guess: it is not understood, and the message names both readings.
A base stated outright ("Now indices start at 0", "índices desde 1") is the section's, as
before, and a claim that comes out the same under both bases keeps its verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

_BASE_WORD = re.compile(r"\b(?:[01]|zero|one)[- ]based|\b(?:from|at|desde|en|em)\s+[01]\b", re.I)


def asked(document: list[str], line: int) -> bool:
    """Whether the index base on ``line`` is named inside a question (its sentence ends
    with "?")."""
    text = document[line - 1] if 0 < line <= len(document) else ""
    m = _BASE_WORD.search(text)
    if m is None:
        return False
    rest = re.split(r"(?<=[.!?])\s", text[m.end() :], maxsplit=1)[0]
    return rest.rstrip().endswith("?")


def stated_bases(readings: list, line: int) -> dict[str, int]:
    """{base: first line} of each index base the notes' words state above ``line`` (a
    later card's "1-based" does not contest an earlier card's claim)."""
    found: dict[str, int] = {}
    for reading in readings:
        for fact in reading.facts:
            if (
                fact.key == "index-base"
                and fact.how == "prose"
                and fact.value in ("0", "1")
                and fact.line <= line
            ):
                found.setdefault(fact.value, fact.line)
                found[fact.value] = min(found[fact.value], fact.line)
    return found


def unless_base_contested(
    found: dict,
    text: str,
    readings: list,
    line: int,
    base: int,
    judged_under: Callable[[str, dict], dict | None],
    document: list[str],
    section: object | None,
) -> dict:
    """``found`` (verified or wrong), or not-understood where the base of ``section`` (a
    Reading) is named in a question, the notes state the other base by ``line``, and the
    claim's verdict differs under the other one."""
    bases = stated_bases(readings, line)
    if len(bases) != 2 or found["status"] not in (VERIFIED, WRONG) or section is None:
        return found
    own = section.first("index-base")  # type: ignore[attr-defined]
    if own is None or own.how != "prose" or not asked(document, own.line):
        return found
    other = str(1 - base)
    flipped = judged_under(text, {"index-base": other, "channel-base": other})
    if flipped is None or flipped["status"] not in (VERIFIED, WRONG):
        return found
    if flipped["status"] == found["status"]:
        return found
    holds, fails = (base, 1 - base) if found["status"] == VERIFIED else (1 - base, base)
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"it holds with indices from {holds} (line {bases[str(holds)]}) and not with "
            f"indices from {fails} (line {bases[str(fails)]}); the notes state both, and "
            "which one this claim follows is a guess"
        ),
    }
