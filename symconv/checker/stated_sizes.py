"""A size letter the notes set to a number that the layer read does not have.

"$C = 4$ channels, kernel $K = 3$" and then ``C K^2 + C = 40``: the claim's C is the
notes' 4.  Where the layer the checker read has another value for that quantity (a
depthwise layer read as one input channel, a second layer's sizes), a size formula
found wrong with the layer's value may be right with the notes': it is not understood,
naming both values.  Only a size formula called wrong is looked at (a verdict that
holds is not made weaker), only lone letters, with the last value the prose sets
before the claim.
"""

from __future__ import annotations

import re

from symconv.checker.notation_options import Notation
from symconv.checker.sizes import size_quantity

_SPAN = re.compile(r"(?<!\$)\$([^$]+)\$(?!\$)")
_LETTER = re.compile(r"(?<![A-Za-z\\_^{])([A-Za-z])(?![A-Za-z_'{(\[])")


def _stated(document: list[str], line: int, letter: str) -> tuple[int, int] | None:
    """(value, line) of the last ``$letter = n$`` the prose sets before ``line``."""
    setting = re.compile(rf"(?:^|[,;]|\\[,;]|\\quad)\s*{letter}\s*=\s*(\d+)\s*(?=$|[,;]|\\[,;])")
    found = None
    for number in range(1, min(line, len(document) + 1)):
        for span in _SPAN.finditer(document[number - 1]):
            m = setting.search(span.group(1))
            if m is not None:
                found = (int(m.group(1)), number)
    return found


def disagreeing_size(
    text: str, document: list[str], line: int, notation: Notation, values: dict[str, int | None]
) -> str | None:
    """Why a claim using a size letter the notes set to another value gets no verdict.
    The letter a claim sets (``s = 2``) is the claim's own, compared by the claim itself."""
    own = re.match(r"\s*([A-Za-z])\s*=", text)
    for letter in dict.fromkeys(_LETTER.findall(text)):
        if own is not None and own.group(1) == letter:
            continue
        quantity = size_quantity(letter, notation)
        if quantity is None or values.get(quantity) is None:
            continue
        stated = _stated(document, line, letter)
        if stated is None or stated[0] == values[quantity]:
            continue
        return (
            f"{letter} is {stated[0]} in the notes (line {stated[1]}), but the layer read has "
            f"{values[quantity]} for it: which layer's {letter} the claim uses is not read"
        )
    return None
