"""A number marked as the answer: ``= \\underline{\\;14\\;}``, ``= \\boxed{14}``, ``\\fbox{14}``.

A quiz filled in by hand underlines what goes in the blank ("Fill in the blanks: $H_{out} =
\\lfloor (28 + 1 + 2 - 5)/2 \\rfloor + 1 = \\underline{\\;14\\;}$"); a worked solution boxes
its result.  Around a number the mark is typography: the value is the number's, so the
statement reads as ``... = 14``.  Only a plain number (with spacing around it) is unwrapped:
an underlined or boxed letter may be a vector or a tensor (``\\underline{x}``), which stays
as written for the readers that know those notations.
"""

from __future__ import annotations

import re

_SPACE = r"(?:\s|\\[,;:! ]|\\q?quad(?![a-zA-Z])|~)*"
_MARKED = re.compile(
    r"\\(?:underline|boxed|fbox)\s*\{" + _SPACE + r"(-?\d+(?:\.\d+)?)" + _SPACE + r"\}"
)


def unmarked(text: str) -> str:
    """The statement with each answer mark around a plain number replaced by the number."""
    return _MARKED.sub(r"\1", text)
