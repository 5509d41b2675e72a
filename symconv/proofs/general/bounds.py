"""Summation limits read off the conditions of a term.

A condition ``c·v + r ≥ 0`` on a summation variable v (c a size of known sign, r free of v
and of the inner variables) is a bound: ``v ≥ ⌈-r/c⌉`` when c > 0, ``v ≤ ⌊r/(-c)⌋`` when
c < 0 (v is an integer, so rounding loses nothing).  Several lower bounds make a ``max``,
several upper bounds a ``min``: these are the exact bounds of the sum.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy
from sympy import Expr

from symconv.proofs.general.sums import GE, Atom, Term, index_symbols, positivity

if TYPE_CHECKING:  # the printer imports this module when it prints a sum
    from symconv.proofs.general.sum_latex import Tex


def _bound(printer: Tex, c: Expr, rest: Expr, lower: bool) -> str:
    value = -rest / c
    if (lower and c == 1) or (not lower and c == -1):
        return printer.expr(value)
    opening, closing = (
        (r"\left\lceil ", r" \right\rceil") if lower else (r"\left\lfloor ", r" \right\rfloor")
    )
    return opening + printer.expr(value) + closing


def _limits(
    printer: Tex, term: Term, k: int, exact: bool
) -> tuple[list[str], list[str], list[Atom]]:
    v = term.vars[k]
    inner = set(term.vars[k + 1 :])
    lows: list[tuple[int, str]] = []
    highs: list[tuple[int, str]] = []
    used: list[Atom] = []
    for a in term.atoms:
        if a.kind != GE or v not in a.expr.free_symbols or inner & a.expr.free_symbols:
            continue
        c = sympy.expand(sympy.diff(a.expr, v))
        rest = sympy.expand(a.expr - c * v)
        if v in rest.free_symbols or c.free_symbols & set(term.vars):
            continue
        sign = positivity(c)
        if sign == 0 or (not exact and (c not in (1, -1) or index_symbols(rest))):
            continue  # a box range has unit coefficient and sizes only on the other side
        plain = 0 if not index_symbols(rest) else 1  # the box bound first: max(0, ...)
        (lows if sign > 0 else highs).append((plain, _bound(printer, c, rest, sign > 0)))
        used.append(a)
    return _ordered(lows), _ordered(highs), used


def _ordered(bounds: list[tuple[int, str]]) -> list[str]:
    return list(dict.fromkeys(b for _, b in sorted(bounds, key=lambda x: x[0])))


def _join(name: str, parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else rf"\{name}\left({', '.join(parts)}\right)"


def sum_limits(printer: Tex, term: Term, mode: str) -> tuple[list[str], list[Atom]]:
    """The Σ signs of a term (outer first) and the conditions not used as limits."""
    left = list(term.atoms)
    sums = []
    for k, v in enumerate(term.vars):
        lows, highs, used = _limits(printer, term, k, mode == "exact")
        name = printer.expr(v)
        if lows and highs and (mode == "exact" or (len(lows) == 1 and len(highs) == 1)):
            sums.append(rf"\sum_{{{name}={_join('max', lows)}}}^{{{_join('min', highs)}}}")
            left = [a for a in left if a not in used]
        else:
            sums.append(rf"\sum_{{{name}}}")
    return sums, left
