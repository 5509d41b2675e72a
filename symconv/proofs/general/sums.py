"""Index sums over sets of integer points: the objects every general proof manipulates.

A :class:`Term` is ``coeff · Σ_{vars ∈ P} Π refs`` where P is the set of integer points
satisfying the term's :class:`Atom` conditions:

- ``ge``:  ``expr ≥ 0`` (a bound; the ranges of the summation variables are such atoms too),
- ``eq``:  ``expr = 0`` (a Kronecker delta, before it is eliminated),
- ``dvd``: ``modulus | expr`` (only every s-th index survives a stride).

Every atom is kept in a canonical form, so two conditions that describe the same set of
points compare equal as Python objects:

- ``ge``: denominators that are products of positive sizes are multiplied away (that keeps
  the direction of the inequality), then the positive content (an integer and positive
  sizes common to every term) is divided out: ``s·(H_o - 1) - s·i ≥ 0`` becomes
  ``H_o - 1 - i ≥ 0``;
- ``eq``: the same, and the sign is fixed (``e = 0`` is ``-e = 0``);
- ``dvd``: terms that are multiples of the modulus are dropped (they do not change the
  residue) and the sign is fixed (``m | e`` is ``m | -e``).

Sizes are SymPy symbols declared ``positive`` (H, k_h, s_h, ...) or ``nonnegative``
(paddings); index variables are ``integer`` with no sign, which is how the two are told
apart everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache, reduce
from typing import TypeAlias, overload

import sympy
from sympy import Expr, Symbol

GE, EQ, DVD = "ge", "eq", "dvd"
ONE = sympy.Integer(1)
# What xreplace takes: a symbol (a solved variable, a renamed index) -> its replacement.
Substitution: TypeAlias = Mapping[Expr, Expr]
# A condition as built: an Atom, or True/False when it holds always/never.
Condition: TypeAlias = "Atom | bool"


class NotCovered(Exception):
    """A step the prover cannot justify: the identity is reported 'not proved', with why."""


def is_size(sym: Symbol) -> bool:
    return bool(sym.is_positive or sym.is_nonnegative)


def index_symbols(expr: Expr) -> set[Symbol]:
    """Free index variables (no sign assumption) of an expression."""
    return {s for s in expr.free_symbols if not is_size(s)}


@dataclass(frozen=True)
class Ref:
    """One tensor entry ``tensor[index]``."""

    tensor: str
    index: tuple[Expr, ...]

    def subs(self, mapping: Substitution) -> Ref:
        return Ref(self.tensor, tuple(sympy.expand(e.xreplace(mapping)) for e in self.index))


@dataclass(frozen=True)
class Atom:
    kind: str
    expr: Expr
    modulus: Expr = ONE

    def subs(self, mapping: Substitution) -> Atom | bool:
        return atom(self.kind, self.expr.xreplace(mapping), self.modulus)

    @property
    def symbols(self) -> set[Symbol]:
        return index_symbols(self.expr)


def atom(kind: str, expr: Expr, modulus: Expr = ONE) -> Atom | bool:
    """The canonical atom, or True/False when it holds always/never."""
    return _canonical(kind, sympy.sympify(expr, strict=True), sympy.sympify(modulus, strict=True))


def ge(lo: Expr, hi: Expr) -> Atom | bool:
    """``lo ≤ hi`` as a canonical atom."""
    return atom(GE, hi - lo)


@lru_cache(maxsize=65536)
def _canonical(kind: str, expr: Expr, modulus: Expr) -> Atom | bool:
    if kind == DVD:
        return _canonical_dvd(expr, modulus)
    num, den = sympy.expand(expr).as_numer_denom()
    num = sympy.expand(num)
    sign = positivity(sympy.expand(den))
    if sign == 0:
        raise NotCovered(f"cannot tell the sign of the denominator {den}")
    num = num * sign
    if num.is_number:
        return bool(num >= 0) if kind == GE else bool(num == 0)
    num = sympy.expand(num / positive_content(num))
    if kind == EQ and _leading_negative(num):
        num = -num
    return Atom(kind, num)


def _canonical_dvd(expr: Expr, modulus: Expr) -> Atom | bool:
    if modulus == 1:
        return True
    if not (modulus.is_positive or (modulus.is_number and modulus > 0)):
        raise NotCovered(f"divisibility by {modulus}, which is not known to be positive")
    # m | e depends only on e modulo m: terms that are multiples of m are dropped.
    kept = [t for t in sympy.Add.make_args(sympy.expand(expr)) if not is_multiple(t, modulus)]
    rest = sympy.Add(*kept)
    if rest == 0:
        return True
    if rest.is_number and modulus.is_number:
        return bool(rest % modulus == 0)
    if _leading_negative(rest):
        rest = -rest
    return Atom(DVD, rest, modulus)


def is_multiple(term: Expr, modulus: Expr) -> bool:
    """Whether ``term / modulus`` is an integer polynomial (so m | term for all values)."""
    return is_integral(sympy.expand(term / modulus))


def is_integral(expr: Expr) -> bool:
    """An integer-coefficient polynomial in integer symbols: integer for every value."""
    for t in sympy.Add.make_args(sympy.expand(expr)):
        coeff, rest = t.as_coeff_Mul()
        if not coeff.is_integer:
            return False
        if rest.as_numer_denom()[1] != 1 or any(not s.is_integer for s in rest.free_symbols):
            return False
    return True


def _leading_negative(expr: Expr) -> bool:
    first = sympy.Add.make_args(expr)[0]
    return bool(first.as_coeff_Mul()[0] < 0)


def positive_content(expr: Expr) -> Expr:
    """The largest factor common to all terms made of a positive number and positive sizes."""
    terms = sympy.Add.make_args(expr)
    common = reduce(sympy.gcd, terms)
    coeff, rest = common.as_coeff_Mul()
    kept = [
        f
        for f in sympy.Mul.make_args(rest)
        if f.as_base_exp()[0].is_positive and f.as_base_exp()[1].is_positive
    ]
    return abs(coeff) * sympy.Mul(*kept) if coeff != 0 else ONE


def positivity(expr: Expr) -> int:
    """+1 if expr > 0 for all admissible sizes, -1 if < 0, 0 if not known."""
    if expr.is_number:
        return 1 if expr > 0 else (-1 if expr < 0 else 0)
    if expr.is_positive:
        return 1
    if (-expr).is_positive:
        return -1
    return 0


@dataclass(frozen=True)
class Term:
    """``coeff · Σ_{vars : atoms} Π refs``; the set of points is finite (vars are bounded)."""

    coeff: Expr
    vars: tuple[Symbol, ...]
    atoms: tuple[Atom, ...]
    refs: tuple[Ref, ...]

    def subs(self, mapping: Substitution, drop: tuple[Symbol, ...] = ()) -> Term | None:
        """Substitute (for example a solved variable); None when a condition becomes false."""
        atoms: list[Atom] = []
        for a in self.atoms:
            new = a.subs(mapping)
            if new is False:
                return None
            if new is not True:
                atoms.append(new)
        return Term(
            self.coeff.xreplace(mapping),
            tuple(v for v in self.vars if v not in drop),
            unique(atoms),
            tuple(r.subs(mapping) for r in self.refs),
        )

    @overload
    def with_atoms(self, extra: Iterable[Atom]) -> Term: ...

    @overload
    def with_atoms(self, extra: Iterable[Condition]) -> Term | None: ...

    def with_atoms(self, extra: Iterable[Condition]) -> Term | None:
        """The term with the conditions ``extra`` added; None when one of them is False."""
        atoms = list(self.atoms)
        for a in extra:
            if a is False:
                return None
            if a is not True:
                atoms.append(a)
        return replace(self, atoms=unique(atoms))

    @overload
    def over(self, vars_: tuple[Symbol, ...], atoms: Iterable[Atom]) -> Term: ...

    @overload
    def over(self, vars_: tuple[Symbol, ...], atoms: Iterable[Condition]) -> Term | None: ...

    def over(self, vars_: tuple[Symbol, ...], atoms: Iterable[Condition]) -> Term | None:
        """The same summand summed also over ``vars_`` under ``atoms``."""
        term = self.with_atoms(atoms)
        return None if term is None else replace(term, vars=tuple(vars_) + term.vars)


def unique(atoms: Iterable[Atom]) -> tuple[Atom, ...]:
    """Atoms without repeats, first occurrence first (for stable printing)."""
    return tuple(dict.fromkeys(atoms))


def make_term(
    coeff: Expr, vars_: tuple[Symbol, ...], atoms: Iterable[Condition], refs: Iterable[Ref]
) -> Term | None:
    """A term from possibly trivial conditions: True ones are dropped, a False one empties it."""
    return Term(sympy.sympify(coeff, strict=True), tuple(vars_), (), tuple(refs)).with_atoms(atoms)


def leaf(ref: Ref, coeff: Expr = ONE) -> Term:
    return Term(sympy.sympify(coeff, strict=True), (), (), (ref,))


def constant(value: Expr) -> Term:
    return Term(sympy.sympify(value, strict=True), (), (), ())


def times(left: list[Term], right: list[Term]) -> list[Term]:
    """Product of two sums of terms (their variables must be distinct, which fresh names
    guarantee): Σ_P u · Σ_Q v = Σ_{P×Q} u·v."""
    out = []
    for a in left:
        for b in right:
            out.append(
                Term(a.coeff * b.coeff, a.vars + b.vars, unique(a.atoms + b.atoms), a.refs + b.refs)
            )
    return out


def range_atoms(expr: Expr, extent: Expr) -> list[Atom | bool]:
    """``0 ≤ expr ≤ extent - 1``."""
    return [atom(GE, expr), atom(GE, extent - 1 - expr)]
