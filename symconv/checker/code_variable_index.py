"""``y_2`` where the notes' code names a tensor ``y2``: a name, not entry 2 of y.

A notebook computes ``y2 = jax.lax.conv_general_dilated(...)`` and its markdown writes "the
upstream gradient is $g = y_2 / (N H' W' O)$": y_2 is the whole second output, typeset with
its digit as a subscript.  Read as entry 2 of y, the claim compares a number with a tensor
("a scalar where a 2x3 array is expected"), which says nothing of it.  So a "wrong" on a
claim writing a letter with a digit subscript that the notes' code assigns as one name is
not understood, naming the variable.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, WRONG

_DIGIT_INDEX = re.compile(r"(?<![A-Za-z\\])([A-Za-z])_\{?(\d)\}?")


def unless_code_variable(found: dict | None, text: str, document: list[str]) -> dict | None:
    """``found``, or not-understood when it is a "wrong" and the claim writes ``y_2`` for a
    variable ``y2`` the notes' code assigns (``y2 = ...``)."""
    if found is None or found.get("status") != WRONG:
        return found
    for letter, digit in sorted(set(_DIGIT_INDEX.findall(text))):
        assigned = re.compile(rf"^\s*(?:[\w, ]+,\s*)?{letter}{digit}\s*(?:,[\w, ]+)?=(?!=)")
        if any(assigned.match(row) for row in document):
            return {
                "status": NOT_UNDERSTOOD,
                "message": (
                    f"{letter}_{digit} is the notes' code variable {letter}{digit}, not entry "
                    f"{digit} of {letter} (read as written: {found.get('message', '')})"
                ),
            }
    return found
