"""One output entry of a worked convolution example, worked out in numbers:
"$z_{22} = 1\\cdot 1 + 0\\cdot(-1) + 3\\cdot 2 + 1\\cdot 0 = 8$" after the notes give X and
the kernel as matrices of numbers.  The entry is compared with the convolution's output at
those numbers (computed exactly, as the whole-matrix claims of worked_conv.py are), and each
numeric side with it: the arithmetic 1 + 0 + 6 + 0 is 7, so ``= 8`` is wrong and the rest
holds.  Read as a symbolic entry against bare numbers, the same line would be a false alarm.
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

# y_{22}, z_{2,2}, Z_{12}: an output entry with number indices
_ENTRY = re.compile(
    r"^\s*(?:\\(?:mathbf|bm|boldsymbol)\s*\{\s*)?[yYzZ]\s*\}?\s*_\s*"
    r"(?:\{\s*(\d+)\s*,\s*(\d+)\s*\}|\{\s*(\d)(\d)\s*\}|(\d)(\d))\s*$"
)


def _no_names(name: str) -> Fraction:
    raise NotUnderstood(name)


def judge_entry_numbers(text: str, model, document: str, line: int, base: int) -> dict | None:
    """The verdict of ``z_{ij} = <numbers> = ...`` at the notes' numbers, or None when the
    statement is not that or the notes give no X and kernel before it."""
    if "=" not in text or not is_conv(model):
        return None
    left = text.split("=", 1)[0]
    m = _ENTRY.match(left)
    if m is None:
        return None
    digits = [g for g in m.groups() if g is not None]
    i, j = int(digits[0]) - base, int(digits[1]) - base
    try:
        chain = parse(text)
        if set(chain.rels) != {"="}:
            return None
        claimed = [Scalar(_no_names).value(side) for side in chain.sides[1:]]
    except NotUnderstood:
        return None  # a side with names: the symbolic readers judge it
    given = given_before(document, line)
    if "X" not in given or "W" not in given:
        return None
    grid = model.layer.tensors["G"].ids[0, 0]
    if not (0 <= i < grid.shape[0] and 0 <= j < grid.shape[1]):
        return None
    values = _values(model, given, ("X", "W", "b"))
    truth = Fraction(model.forward((0, 0, i, j)).value(values))
    where = ", ".join(f"{r} of line {given[r][1]}" for r in ("X", "W", "b") if r in given)
    about = f"the output entry ({i + base}, {j + base}) at the {where} (these numbers only)"
    return compare(truth, claimed, about)
