"""``HH`` and ``WW`` are names, not products.

CS231n's notes, and the many posts that follow them, write the filter's height and width
as ``HH`` and ``WW`` beside the input's ``H`` and ``W``: "H' = 1 + (H + 2P - HH)/S".
Read as juxtaposition, ``HH`` is H·H and the (correct) formula fails at every size.  A
doubled capital letter standing alone is therefore taken as one name the checker cannot
bind: a verdict against the claim that writes it is not understood, naming the letters.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.restated_layer import FLAGGED

# HH, WW, FF: one capital twice, not part of a longer word or a command (\Delta, \mathrm)
_DOUBLED = re.compile(r"(?<![A-Za-z\\])([A-Z])\1(?![A-Za-z])")


def doubled_name(text: str) -> str | None:
    """The first doubled capital letter written as a name in ``text``, or None."""
    m = _DOUBLED.search(text)
    return None if m is None else m.group(0)


def unless_doubled(found: dict, text: str) -> dict:
    """``found``, or not-understood when the claim writes a doubled capital (HH) that the
    checker read as a product."""
    name = doubled_name(text)
    if name is None or found.get("status") not in FLAGGED:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"{name} was read as {name[0]}·{name[0]}, but notes write {name} as one size "
            "(the filter's height in CS231n's notation); declare what it is to check the "
            f"claim (read as a product: {str(found.get('message', ''))[:120]})"
        ),
    }
