"""One output entry of a worked convolution example, worked out in numbers:
"$z_{22} = 1\\cdot 1 + 0\\cdot(-1) + 3\\cdot 2 + 1\\cdot 0 = 8$" after the notes give X and
the kernel as matrices of numbers.  The entry is compared with the convolution's output at
those numbers (computed exactly, as the whole-matrix claims of worked_conv.py are), and each
numeric side with it: the arithmetic 1 + 0 + 6 + 0 is 7, so ``= 8`` is wrong and the rest
holds.  Read as a symbolic entry against bare numbers, the same line would be a false alarm.
A 1-D layer's entry has one index, ``y_0 = 1 \\cdot 1 + (-1) \\cdot 0 + 2 \\cdot 3 = 7``
after ``x = (1, 2, 0, -1, 3)`` and ``w = (1, -1, 2)`` (vectors read as one row): the same
comparison on the one-row output.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.bound_sizes import compare
from symconv.checker.limits import NotUnderstood
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import parse
from symconv.checker.worked_conv import _values, is_conv
from symconv.checker.worked_numbers import given_before
from symconv.checker.worked_vectors import signal_values

# y_{22}, z_{2,2}, Z_{12}: an output entry with number indices
_ENTRY = re.compile(
    r"^\s*(?:\\(?:mathbf|bm|boldsymbol)\s*\{\s*)?[yYzZ]\s*\}?\s*_\s*"
    r"(?:\{\s*(\d+)\s*,\s*(\d+)\s*\}|\{\s*(\d)(\d)\s*\}|(\d)(\d))\s*$"
)
# y_0, y_{3}: one output entry of a 1-D layer (its one index; a signal's outputs are a row)
_SIGNAL_ENTRY = re.compile(
    r"^\s*(?:\\(?:mathbf|bm|boldsymbol)\s*\{\s*)?[yz]\s*\}?\s*_\s*(?:\{\s*(\d+)\s*\}|(\d))\s*$"
)


def _no_names(name: str) -> Fraction:
    raise NotUnderstood(name)


def judge_entry_numbers(text: str, model, document: str, line: int, base: int) -> dict | None:
    """The verdict of ``z_{ij} = <numbers> = ...`` at the notes' numbers, or None when the
    statement is not that or the notes give no X and kernel before it."""
    if "=" not in text or not is_conv(model):
        return None
    left = text.split("=", 1)[0]
    m = _SIGNAL_ENTRY.match(left) if getattr(model.spec, "dims", 2) == 1 else _ENTRY.match(left)
    if m is None:
        return None
    digits = [g for g in m.groups() if g is not None]
    signal = len(digits) == 1
    if signal:  # y_0 of a signal: row 0 of the one-row output
        digits = [str(base), digits[0]]
    i, j = int(digits[0]) - base, int(digits[1]) - base
    try:
        chain = parse(text)
        if set(chain.rels) != {"="}:
            return None
        claimed = [Scalar(_no_names).value(side) for side in chain.sides[1:]]
    except NotUnderstood:
        return None  # a side with names: the symbolic readers judge it
    given = given_before(document, line)
    if signal:  # x = (1, 2, 0, -1, 3): a signal's numbers, one row (1-D layers only)
        given = {**given, **signal_values(document, line)}
    if "X" not in given or "W" not in given:
        return None
    grid = model.layer.tensors["G"].ids[0, 0]
    if not (0 <= i < grid.shape[0] and 0 <= j < grid.shape[1]):
        return None
    values = _values(model, given, ("X", "W", "b"))
    truth = Fraction(model.forward((0, 0, i, j)).value(values))
    where = ", ".join(f"{r} of line {given[r][1]}" for r in ("X", "W", "b") if r in given)
    entry = f"{j + base}" if signal else f"({i + base}, {j + base})"
    about = f"the output entry {entry} at the {where} (these numbers only)"
    return compare(truth, claimed, about)
