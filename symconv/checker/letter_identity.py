"""A relation between expressions in letters, judged as algebra whatever the letters mean.

"padding adds $2(k-1)$, and the valid correlation brings it back to $(n - k + 1) + 2(k - 1) -
k + 1 = n + 1$": no side is a named quantity (an output size, a count), so the relation claims
only that two expressions agree.  Its letters may be sizes the checker cannot name for the
layer (a 1-D length n beside a 2-D layer, MobileNet's D_K), yet the algebra settles it:

- sides that agree as rational functions of the letters agree whatever values the letters
  take, so the relation holds (checked at every point of a grid of whole values, more points
  per letter than any written degree: a rational function of degree d that vanishes at d + 1
  values of each letter vanishes everywhere);
- sides that differ by the same nonzero constant at every point differ by that constant
  whatever the letters are, so the relation is false for every layer.

Anything else (sides that agree at some values and not at others) depends on what the
letters stand for, or on a condition the prose sets ("for odd f, stride 1 and padding
(f-1)/2"): no verdict here.  Floors and ceilings are left out (not rational functions), and
so is a relation with a side that is a lone name (``H' = ...`` names a quantity whose truth
is the layer's, not algebra's).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.scalar import Infinite, Scalar
from symconv.checker.syntax import Chain, Factor, Group, Num, Side, Sym, Term, parse
from symconv.checker.written_names import plain, single_item, symbol_name

_VALUES = (2, 3, 5, 7, 11, 13, 17)  # whole values per letter: more than any degree written
_MAX_LETTERS = 4


class _Letters(Scalar):
    """Scalar arithmetic without floors or ceilings (a rational function only)."""

    def _factor(self, node: Factor) -> Fraction:
        if node.sup is not None and not (plain(node.sup) or "").isdigit():
            raise NotUnderstood("a superscript that is no power (L^{(0)}: a sample's loss)")
        return super()._factor(node)

    def _group(self, node: Group) -> Fraction:
        if node.kind in ("floor", "ceil"):
            raise NotUnderstood("a floor or ceiling is not a rational function")
        return super()._group(node)


def _lone(side: Side) -> bool:
    """The side is one name or one number, not an expression (a lone name is algebra's
    only where the other sides are written in it: ``... = n``)."""
    if len(side.exprs) != 1:
        return True
    item = single_item(side.exprs[0])
    return item is not None and (isinstance(item, Num) or symbol_name(item) is not None)


def _applied(node: object) -> bool:
    """A letter written right before a parenthesis, ``f(x)``: maybe a function applied,
    not a product."""
    if isinstance(node, Term):
        for a, b in itertools.pairwise(node.items):
            if isinstance(a, (Sym, Factor)) and isinstance(b, Group) and b.kind == "paren":
                return True
    if dataclasses.is_dataclass(node):
        return any(_applied(getattr(node, f.name)) for f in dataclasses.fields(node))
    if isinstance(node, tuple):
        return any(_applied(item) for item in node)
    return False


def judge_letter_identity(text: str, tensors: Mapping[str, str]) -> dict | None:
    """The verdict of a relation between expressions in letters, or None.  ``tensors``: the
    notes' tensor letters (a product of tensors does not commute: no algebra of numbers)."""
    try:
        chain = parse(text)
    except Exception:
        return None
    if (
        not isinstance(chain, Chain)
        or chain.leading
        or len(chain.sides) < 2
        or any(r != "=" for r in chain.rels)
        or _applied(chain)
    ):
        return None
    names: list[str] = []
    per_side: list[set[str]] = []

    def record(name: str) -> Fraction:
        if name not in names:
            names.append(name)
        per_side[-1].add(name)
        return Fraction(_VALUES[0])

    try:
        for side in chain.sides:
            per_side.append(set())
            _Letters(record).value(side)
    except (NotUnderstood, Infinite):
        return None
    for k, side in enumerate(chain.sides):
        others = set().union(*(p for j, p in enumerate(per_side) if j != k))
        if _lone(side) and not (per_side[k] and per_side[k] <= others):
            return None  # H' = ...: a named quantity, or a number to compute: not algebra
    if not names or len(names) > _MAX_LETTERS or any(n in tensors for n in names):
        return None
    gaps: set[Fraction] = set()
    for values in itertools.product(_VALUES, repeat=len(names)):
        point = dict(zip(names, values, strict=True))
        try:
            sides = [_Letters(lambda n, p=point: Fraction(p[n])).value(s) for s in chain.sides]
        except (NotUnderstood, Infinite, ZeroDivisionError):
            return None  # a pole on the grid: no verdict rests on a partial check
        gaps |= {v - sides[0] for v in sides[1:]}
        if len(gaps) > 1:
            return None  # agree at some values only: it depends on what the letters are
    letters = ", ".join(names)
    gap = next(iter(gaps))
    if gap == 0:
        return finding(
            VERIFIED, f"the sides agree as expressions in {letters}, whatever their values"
        )
    return finding(
        WRONG,
        f"the sides differ by {json_number(-gap)} whatever the values of {letters}: "
        "the relation holds for no layer",
    )
