"""A chain ``name = arithmetic = number`` whose name is not read: its arithmetic still is.

"$H_1 = \\lfloor (224 + 6 - 7)/2 \\rfloor + 1 = 112$", "$P_3 = \\frac{128}{4} \\cdot
\\frac{256}{4} \\cdot 9 + 256 = 18688$": the first side names a quantity of the notes' own
(an output of layer 1, the count of part 3) that the checker does not tie to a layer, so
whether it is right is not read.  The links between the other sides are plain arithmetic,
true or false whatever the name means; so the verdict says which side is not understood,
and that the others agree, rather than giving nothing.  A chain whose arithmetic does not
add up gets no verdict from here (which link a reader would blame is left to the readers
that know the layer).
"""

from __future__ import annotations

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood, no_value
from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import Factor, Sym, parse
from symconv.checker.written_names import single_item, symbol_name


def arithmetic_after_name(text: str) -> dict | None:
    """Not understood naming side 1, with the arithmetic of the other sides, when ``text``
    is ``name = a = b ...`` with every side after the name plain numbers that agree."""
    try:
        chain = parse(text)
    except (NotUnderstood, ValueError, IndexError, RecursionError):
        return None
    n = len(chain.sides)
    if n < 3 or any(r != "=" for r in chain.rels):
        return None
    first = chain.sides[0]
    item = single_item(first.exprs[0]) if len(first.exprs) == 1 else None
    name = symbol_name(item) if item is not None else None
    if name is None and isinstance(item, Factor) and isinstance(item.base, Sym):
        name = item.base.name  # P_{dw,2}: a letter with a subscript of the notes' own
    if name is None:
        return None
    try:
        values = [Scalar(no_value).value(side) for side in chain.sides[1:]]
    except (NotUnderstood, ZeroDivisionError, ValueError):
        return None
    if len(set(values)) != 1:
        return None
    return finding(
        NOT_UNDERSTOOD,
        f"side 1 of {n} is not understood: which quantity {name} is, is not read (the "
        f"other {n - 1} sides agree: the arithmetic holds, {json_number(values[0])})",
    )
