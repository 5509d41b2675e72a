"""A worked example's numbers given in words: "with $\\partial L/\\partial Q$ all ones",
"if the upstream gradient is all ones", "con $G$ toda de unos".  The gradient is then the
matrix of ones of the output's shape; nothing else is read from prose."""

from __future__ import annotations

import re
from fractions import Fraction

# the upstream gradient named (dL/dY after the notes' letters were mapped, G, g, dY, or in
# words), then "all ones" within a few words
GRADIENT_ONES = re.compile(
    r"(?:\\partial\s*(?:\\mathcal\s*\{?\s*)?[LJE]\}?\s*/\s*\\partial\s*[YZyz]"
    r"|\\frac\s*\{\s*\\partial\s*(?:\\mathcal\s*\{?\s*)?[LJE]\}?\s*\}\s*\{\s*\\partial\s*[YZyz]\s*\}"
    r"|(?<![A-Za-z\\])(?:G|g|dY|dZ|\\delta)(?![A-Za-z])"
    r"|upstream gradient|incoming gradient|gradient (?:from above|arriving)"
    r"|gradiente (?:que llega|entrante|de arriba))"
    r"[^.;]{0,25}?\b(?:(?:is|are|be|=|es|sea)\s+)?"
    r"(?:all ones|all 1s|a matrix of ones|(?:toda|todo)s?\s+(?:de\s+)?unos|una matriz de unos)\b",
    re.IGNORECASE,
)
_BACK = 6  # lines above the claim where the example states its gradient


def ones_gradient(document: str, line: int, shape: tuple[int, int]) -> tuple[list, int] | None:
    """(the matrix of ones, its line) when the prose just above ``line`` says the upstream
    gradient is all ones, else None."""
    lines = document.split("\n")
    for at in range(line - 1, max(0, line - 1 - _BACK), -1):
        if GRADIENT_ONES.search(lines[at - 1]):
            return [[Fraction(1)] * shape[1] for _ in range(shape[0])], at
    return None
