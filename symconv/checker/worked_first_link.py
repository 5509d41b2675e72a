"""A worked example's chain whose first side is the layer's gradient: ``\\frac{\\partial L}
{\\partial X} = G W^{T} = \\begin{pmatrix} ... \\end{pmatrix}``.

worked_arith.py computes the sides after the first from the numbers the notes give (G and W
above) but cannot bind the first side, the layer's quantity, to those numbers, so it leaves
the chain not understood.  The first link alone (``\\frac{\\partial L}{\\partial X} = G
W^{T}``) is a symbolic claim the layer's reader judges.  When it holds, side 2 IS the
layer's quantity, evaluated at the notes' numbers: the chain holds when the computed sides
agree, and a side that differs from side 2 is wrong (its numbers are not the layer's).  When
the first link is wrong, so is the chain (side 2 is not the layer's quantity whatever the
numbers).  Any other verdict on the first link leaves the chain as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from symconv.checker.context import finding
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.worked_numbers import _sides

_UNBOUND = re.compile(
    r"^side 1 of (\d+) is not understood: the layer's quantity is not bound to the example's "
    r"numbers here; (?:the other sides agree|(?P<differ>(?:side \d+ of \d+ differs(?:; )?)+) "
    r"from side 2)"
)


def with_first_link(
    found: dict[str, Any] | None, text: str, judge_link: Callable[[str], dict[str, Any] | None]
) -> dict[str, Any] | None:
    """``found`` settled by judging the chain's first link, or ``found`` unchanged."""
    if found is None or found["status"] != NOT_UNDERSTOOD:
        return found
    m = _UNBOUND.match(str(found["message"]))
    if m is None:
        return found
    sides = _sides(text)
    if len(sides) != int(m.group(1)) or len(sides) < 3:
        return found
    link = judge_link(f"{sides[0].strip()} = {sides[1].strip()}")
    if link is None or link["status"] not in (VERIFIED, WRONG):
        return found
    said = str(link["message"])[:160]
    n = len(sides)
    differ = m.group("differ")
    if link["status"] == WRONG:
        if differ:
            return found  # the formula and the numbers both off: which link is which, unread
        return finding(
            WRONG, f"side 1 of {n} differs (link 1 is wrong: {said}); the other sides agree"
        )
    if differ:
        return finding(
            WRONG,
            f"{differ.rstrip('; ')} from side 2, the layer's quantity at the notes' numbers "
            f"(computed exactly; link 1 holds: {said})",
        )
    return finding(VERIFIED, f"every link holds: link 1 {said}; the numbers computed exactly")
