"""A matrix's shape written as a tuple after a word for shape: "$X_{col}$ has shape
$(N H' W', R^2 C)$", "$K_{mat}$ med formen $(R^2 C, F)$", "$G$ hat die Form $(128, 3136)$".

Notes that reshape a convolution into matrix products (im2col) state each matrix's shape the
way NumPy prints it, a pair in parentheses, rather than as ``\\mathbb{R}^{a \\times b}``.
The pair is (rows, columns) as in ``X.shape``; a side written as a product of letters
(``N H' W'``) is kept as one symbolic size (its letters joined), which is all the matrix
reader needs: sizes written the same way are the same size, and the reader tries several
values for each.  Only pairs are read (a tensor's 4-tuple is no matrix), and only after a
word for shape (in the languages below), so a coordinate "(i, j)" is never a shape.
"""

from __future__ import annotations

import re

_WORDS = (
    r"(?:has|have|with|of|in)\s+(?:the\s+)?(?:shape|form)|shape[ds]?|is\s+of\s+shape"
    r"|(?:har|med)\s+(?:formen|form|storleken)|(?:hat|mit)\s+(?:der\s+|die\s+)?(?:Form|Gestalt)"
    r"|(?:a|de|avec)\s+(?:la\s+)?forme|(?:tem|com|tiene|con|ha|di)\s+(?:la\s+|a\s+)?forma"
    r"|de\s+forma|(?:heeft|met)\s+(?:de\s+)?vorm|ma\s+kształt|o\s+kształcie|má\s+tvar"
    r"|имеет\s+форму|формы|có\s+dạng|berbentuk|memiliki\s+bentuk"
)
_TUPLE_SHAPE = re.compile(
    r"\$([^$]{1,40})\$\s*,?\s*(?:" + _WORDS + r")\s*:?\s*\$\s*\(([^()$]{1,60})\)\s*\$",
    re.IGNORECASE,
)
_SIDE = re.compile(r"[A-Za-z0-9'^]+")


def tuple_shapes(text: str, letters: dict[str, int]) -> list[tuple[str, tuple[str, str]]]:
    """(the name as written, (rows, columns)) of each pair shape the text states."""
    found = []
    for m in _TUPLE_SHAPE.finditer(text):
        parts = m.group(2).split(",")
        if len(parts) != 2:
            continue
        sides = []
        for part in parts:
            side = re.sub(r"[\s{}]|\\[,;! ]|\\cdot", "", part)
            if not _SIDE.fullmatch(side):
                break
            sides.append(str(letters[side]) if side in letters else side)
        if len(sides) == 2:
            found.append((m.group(1), (sides[0], sides[1])))
    return found
