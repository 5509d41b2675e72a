"""Variables as small integers, and the bridge between exact polynomials and SymPy.

A single polynomial is shown as a ``dict`` from a monomial (a sorted tuple of variable
ids; an id repeats for a power) to its exact coefficient (``int`` or ``Fraction``): the
one polynomial type :data:`Poly`.  :class:`~symconv.algebra.termarray.TermArray` stores many of
them as arrays and hands out one entry as a ``Poly``; the general prover's evaluation at
concrete sizes (:mod:`symconv.proofs.general.at_sizes`) builds ``Poly`` whose variables are the
tensor entries themselves (``(tensor, index)`` pairs) instead of interned ids.
Variables are entries of symbolic tensors, interned in a :class:`SymbolTable`; SymPy
symbols are made only when a result is shown or cross-checked.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import sympy

Coefficient = int | Fraction
# sorted variables: interned ids, or (tensor, index) entries
Monomial = tuple[Any, ...]
Poly = dict[Monomial, Coefficient]


class SymbolTable:
    """Interns tensor entries ``(tensor, index)`` as small integer ids."""

    def __init__(self) -> None:
        self._keys: list[tuple[str, tuple[int, ...]]] = []
        self._ids: dict[tuple[str, tuple[int, ...]], int] = {}
        # tensor name -> the function naming its entries
        self._names: dict[str, Callable[[tuple[int, ...]], str]] = {}

    def intern(self, tensor: str, index: tuple[int, ...]) -> int:
        key = (tensor, index)
        found = self._ids.get(key)
        if found is None:
            found = len(self._keys)
            self._keys.append(key)
            self._ids[key] = found
        return found

    def key(self, var: int) -> tuple[str, tuple[int, ...]]:
        return self._keys[var]

    def set_namer(self, tensor: str, namer: Callable[[tuple[int, ...]], str]) -> None:
        """``namer(index) -> str`` gives the printed name of one entry."""
        self._names[tensor] = namer

    def symbol(self, var: int) -> sympy.Symbol:
        tensor, index = self._keys[var]
        namer = self._names.get(tensor)
        name = namer(index) if namer else f"{tensor}_{{{','.join(map(str, index))}}}"
        return sympy.Symbol(name)

    def __len__(self) -> int:
        return len(self._keys)


def to_sympy(poly: Poly, table: SymbolTable) -> sympy.Expr:
    """The SymPy expression of ``poly`` (for display and for cross-checks only)."""
    terms = []
    for mono, coeff in sorted(poly.items()):
        factor = (
            sympy.Rational(coeff.numerator, coeff.denominator)
            if isinstance(coeff, Fraction)
            else sympy.Integer(coeff)
        )
        terms.append(sympy.Mul(factor, *(table.symbol(v) for v in mono)))
    return sympy.Add(*terms)


def from_sympy(expr: sympy.Expr, lookup: dict[sympy.Symbol, int]) -> Poly:
    """Canonical dict of a polynomial SymPy expression (for checking SymPy's results)."""
    expanded = sympy.Poly(sympy.expand(expr), *lookup) if lookup else None
    if expanded is None:
        value = sympy.Rational(expr)
        return {(): Fraction(int(value.p), int(value.q))} if value else {}
    gens = list(lookup)
    poly: Poly = {}
    for powers, coeff in expanded.terms():
        mono = tuple(sorted(v for g, k in zip(gens, powers, strict=True) for v in [lookup[g]] * k))
        c = Fraction(int(coeff.p), int(coeff.q))
        poly[mono] = int(c) if c.denominator == 1 else c
    return poly
