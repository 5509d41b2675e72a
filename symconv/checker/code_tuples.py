"""Several names set on one line: ``N, C, H, W = 2, 3, 7, 7``, ``stride, pad = 2, 1``.

Python (and notes written after it: "$H, W = 7, 7$") binds the names to the numbers in
order, so the line says what ``N = 2; C = 3; H = 7; W = 7`` says.  The readers of a layer's
facts read one name and one number at a time ("$H = 7$", "stride = 2"); the line is
rewritten that way before they read it.  Only whole lines (or formulas) whose two lists have
the same length and hold names and whole numbers only are rewritten: ``a, b = b, a`` or
``x, y = f()`` say nothing of a size.
"""

from __future__ import annotations

import re

_TUPLE = re.compile(
    # (no two blank runs side by side: a long run is never tried split every way)
    r"(?m)^(?P<lead>[ \t]*(?:\$[ \t]*)?)(?P<names>[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)+)"
    r"[ \t]*=[ \t]*(?P<values>\(?[ \t]*\d+(?:[ \t]*,[ \t]*\d+)+(?:[ \t]*\))?)"
    r"(?P<tail>[ \t]*(?:\$[ \t]*)?(?:#.*)?)$"
)


def one_name_a_line(text: str) -> str:
    """``text`` with each ``a, b = 1, 2`` line written as ``a = 1; b = 2;``."""

    def spelled(m: re.Match) -> str:
        names = [n.strip() for n in m.group("names").split(",")]
        values = [v.strip() for v in m.group("values").strip("() \t").split(",")]
        if len(names) != len(values):
            return m.group(0)
        # (each closed by ";": a number ending the line is no side of "1 x ..." on the next)
        pairs = " ".join(f"{n} = {v};" for n, v in zip(names, values, strict=True))
        return f"{m.group('lead')}{pairs}{m.group('tail')}"

    return _TUPLE.sub(spelled, text)
