"""A worked example's vector written as a list of numbers: ``(1, 5, 2, 0)``, ``[1, -2,
0.5]``, ``\\left(0,\\ 3,\\ 0\\right)``, ``(\\tfrac12, 1)``: read as a 1 x n matrix (one row), so
1-D examples go through the 2-D readers with a window of one row.  A list of one entry, or
any cell that is not a number, is no vector here (``(i, j)`` is an index pair).
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.worked_numbers import _CELL, Matrix

_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\big|\\Big")
_LIST = re.compile(r"^(?:\(|\[|\\\{)(.*)(?:\)|\]|\\\})[.,;]?$")
_HALF = re.compile(r"\\[dt]?frac(\d)(\d)")  # \tfrac12


def vector_of(text: str) -> Matrix | None:
    """The numbers of ``(a, b, ...)`` as one row, else None."""
    compact = _HALF.sub(r"\\frac{\1}{\2}", _SPACES.sub("", text))
    m = _LIST.match(compact)
    if m is None or "(" in m.group(1) or "[" in m.group(1):
        return None
    cells = m.group(1).split(",")
    if len(cells) < 2:
        return None
    row = []
    for cell in cells:
        c = _CELL.match(cell.replace("−", "-"))
        if c is None:
            return None
        sign, plain, top, bottom, num, den = c.groups()
        if not plain and int(bottom or den) == 0:
            return None
        value = Fraction(plain) if plain else Fraction(int(top or num), int(bottom or den))
        row.append(-value if sign == "-" else value)
    return [row]


# x = (1, 2, 0, -1, 3), w = [1, -1, 2], g = (1, 0, -2), \delta = (1, 0, -1, 2): a 1-D
# worked example's signal, filter and upstream gradient (\delta is G's usual other name)
# (not the x of "\\partial x} = (...)": a gradient's numbers, a claim)
_SIGNAL_GIVEN = re.compile(
    r"(?<![A-Za-z\\{])(?<!\\partial )"
    r"(?:\\(?:mathbf|boldsymbol)\s*\{\s*([xwg]|\\delta)\s*\}|([xwg]|\\delta(?![A-Za-z])))"
    # (in parentheses or, as code writes them, in square brackets: x = [1, 2, 0, -1])
    r"\s*=\s*(\([^()$]*\)|\[[^\[\]()$]*\])"
)
_SIGNAL_ROLE = {"x": "X", "w": "W", "g": "G", "\\delta": "G"}


def signal_values(document: str, line: int) -> dict[str, tuple[Matrix, int]]:
    """The input (X), kernel (W) and upstream gradient (G) the lines before ``line`` give as
    tuples of numbers, each as one row, the last given of each: role -> (row, its line).
    Only for a 1-D layer's entries (worked_entry.py, and the numbers a formula's entry is
    worked out at, judging.py): an image's example gives matrices."""
    found: dict[str, tuple[Matrix, int]] = {}
    for at, text in enumerate(document.split("\n")[: max(line - 1, 0)], start=1):
        for m in _SIGNAL_GIVEN.finditer(text):
            row = vector_of(m.group(3))
            if row is not None:
                found[_SIGNAL_ROLE[m.group(1) or m.group(2)]] = (row, at)
    return found
