"""An index base the notes state both ways: a verdict that depends on it is not given.

A deck whose conventions say "0-based indices" may ask, on one card, for "the window index
of the 1-based habit"; a handout may say "indices from 1" in one section and "in the code,
from 0" in another.  The checker reads the nearest statement for each section, but a
claim whose verdict flips with the base (``G_{\\lceil p/2 \\rceil, ...}`` holds with indices
from 1 and routes to the wrong window with indices from 0) then rests on which statement
the claim follows: verified or wrong under a guess.  Where the notes' words state both
bases, such a claim is not understood, and the message names both readings.  A claim that
comes out the same under both bases keeps its verdict.
"""

from __future__ import annotations

from collections.abc import Callable

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG


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
) -> dict:
    """``found`` (verified or wrong), or not-understood where the notes state both index
    bases by ``line`` and the claim's verdict differs under the other one."""
    bases = stated_bases(readings, line)
    if len(bases) != 2 or found["status"] not in (VERIFIED, WRONG):
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
