"""An index base guessed from one smallest index 1 that every written index fits from 0.

A worked example gives $K$ as a $2 \\times 2$ matrix and then writes only
$\\partial L / \\partial K[1,1] = \\dots$: the section's reader takes its index base from the
smallest index written (scan_math.py), and a smallest index 1 reads as 1-based notes, so
K[1,1] became the kernel's first entry.  But 1 is as much the last entry of a 2x2 kernel
counted from 0: no index the section writes reaches a size its matrices or prose state, so
nothing written excludes indices from 0, and "1-based" is a guess.  A 1-based section that
writes its last entry (x_{33} of a 3x3 input, w_{22} of a 2x2 kernel) settles it: indices
from 0 cannot reach 3 in three rows.

So where the base is only that guess, every written index fits both bases within the sizes
stated, and the claim's verdict differs between the two bases, it is not understood, naming
both; where both bases give the same verdict, it stands.  A base the notes state in words
("indices from 1"), a sum's lower bound, or a setting given to the checker is no guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

_GUESS = "the smallest index"
_LARGEST = "the largest index"
_SIZED = ("input", "kernel", "output")


def _sides(value: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(v) for v in value.split("x"))
    except ValueError:
        return None


def guessed_one(facts: Sequence) -> bool:
    """Whether the section's index base 1 comes from its smallest index alone and every
    index it writes fits a reading from 0 too: for each tensor whose largest index is read,
    a size stated otherwise (a matrix written out, prose) that the largest index stays
    below on every axis."""
    bases = [f for f in facts if f.key == "index-base"]
    if not bases or any(f.value != "1" or not str(f.how).startswith(_GUESS) for f in bases):
        return False  # stated, from a sum's bound, or 0 (no index 0 in a 1-based tensor)
    largest = [f for f in facts if f.key in _SIZED and str(f.how).startswith(_LARGEST)]
    if not largest:
        return False
    for fact in largest:
        top = _sides(fact.value)  # (read as 1-based: the largest index is the size)
        stated = [
            _sides(f.value)
            for f in facts
            if f.key == fact.key and not str(f.how).startswith(_LARGEST)
        ]
        stated = [s for s in stated if s is not None and top is not None and len(s) == len(top)]
        if top is None or not stated:
            return False  # no size but the one the guess itself gives: nothing to weigh
        if any(any(t >= s for t, s in zip(top, size, strict=True)) for size in stated):
            return False  # an index reaches the size: from 0 it would fall outside
    return True


def guess_after_zero(own: list, earlier: Sequence) -> list:
    """The section's facts without its index base 1 where that base is only the guess of
    its smallest index and the notes before it index from 0 (an index 0 written, a sum
    from 0, words): a section that writes only ``X[1,2]`` fits the notes' 0 as well, and
    notes do not switch bases between sections unsaid.  Kept where an index the section
    writes reaches a size stated in it or before it (from 0 it would fall outside: then
    the section does index from 1), or where it states its base otherwise."""
    bases = [f for f in own if f.key == "index-base"]
    if not bases or any(f.value != "1" or not str(f.how).startswith(_GUESS) for f in bases):
        return own
    if not any(f.key == "index-base" and f.value == "0" for f in earlier):
        return own
    for fact in (f for f in own if f.key in _SIZED and str(f.how).startswith(_LARGEST)):
        top = _sides(fact.value)  # (read as 1-based: the largest index is the size)
        stated = [
            _sides(f.value)
            for f in (*own, *earlier)
            if f.key == fact.key and not str(f.how).startswith(_LARGEST)
        ]
        stated = [x for x in stated if x is not None and top is not None and len(x) == len(top)]
        if top is None or not stated:
            return own  # no size to weigh the index against
        if any(any(t >= x for t, x in zip(top, size, strict=True)) for size in stated):
            return own  # an index reaches the size: from 0 it would fall outside
    return [f for f in own if f.key != "index-base"]


def unless_base_guessed(
    found: dict,
    text: str,
    facts: Sequence,
    declared: bool,
    judged_under: Callable[[str, dict], dict | None],
) -> dict:
    """``found`` (verified or wrong), or not-understood where the base 1 it was judged in
    is a guess (:func:`guessed_one`, and no setting declares the base) and from 0 the claim
    gets the other verdict."""
    if found.get("status") not in (VERIFIED, WRONG) or declared or not guessed_one(facts):
        return found
    other = judged_under(text, {"index-base": "0", "channel-base": "0"})
    if other is None or other.get("status") not in (VERIFIED, WRONG):
        return found
    if other["status"] == found["status"]:
        return found  # the same either way: the base does not matter here
    holds, fails = (1, 0) if found["status"] == VERIFIED else (0, 1)
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"it holds with indices from {holds} and not with indices from {fails}; the notes "
            "state no index base, every index they write fits both within the sizes they "
            "state, and the smallest index 1 does not settle it (read from 1: "
            f"{str(found.get('message', ''))[:160]})"
        ),
    }
