"""Index sums at concrete sizes: the bridge to the concrete proofs, and the counterexamples.

``evaluate(terms, env)`` enumerates the integer points of every term (each summation
variable's bounds are read off the conditions that involve it and the variables before
it), checks every condition exactly (Python integers and fractions, no floating point)
and collects the summand as a polynomial ``{(ref, ref, ...): coefficient}`` with refs at
integer indices.  A general result instantiated this way must equal the concrete
derivation of ``symconv.layers`` entry by entry (the tests), and a general proof that
does not go through is reported 'failed' only when such an evaluation finds an entry
where the two sides differ.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import lru_cache
from itertools import product
from typing import TypeAlias

import sympy
from sympy import Expr, Symbol

from symconv.algebra.terms import Poly
from symconv.proofs.general.size_config import FreeIndex
from symconv.proofs.general.sums import DVD, EQ, GE, Term

Point: TypeAlias = dict[str, int]  # variable name -> value, what compiled code reads
Compiled: TypeAlias = Callable[[Point], tuple[int, int]]  # (numerator, denominator)


def _code(expr: Expr, names: dict[Symbol, str]) -> str:
    """Python source of an integer polynomial, variables read from ``e``."""
    if expr.is_Symbol:
        names.setdefault(expr, f"v{len(names)}")
        return f"e[{names[expr]}]"
    if expr.is_Integer:
        return str(int(expr))
    if expr.is_Add:
        return "(" + " + ".join(_code(a, names) for a in expr.args) + ")"
    if expr.is_Mul:
        return "(" + " * ".join(_code(a, names) for a in expr.args) + ")"
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        return f"({_code(expr.base, names)} ** {int(expr.exp)})"
    raise ValueError(f"cannot compile {expr}")


@lru_cache(maxsize=16384)
def compile_expr(expr: Expr) -> Compiled:
    """``env -> (numerator, denominator)`` as Python integers (exact, and fast)."""
    num, den = sympy.fraction(sympy.together(sympy.expand(expr)))
    names: dict[Symbol, str] = {}
    source = f"lambda e: ({_code(sympy.expand(num), names)}, {_code(sympy.expand(den), names)})"
    scope = {v: k.name for k, v in names.items()}
    compiled: Compiled = eval(source, scope)
    return compiled


def _value(f: Compiled, env: Point) -> Fraction:
    num, den = f(env)
    return Fraction(num, den)


class _Compiled:
    """One term with its conditions, bounds and refs compiled."""

    def __init__(self, term: Term) -> None:
        self.term = term
        self.names = [v.name for v in term.vars]
        self.coeff = compile_expr(sympy.sympify(term.coeff, strict=True))
        self.checks = [(a.kind, compile_expr(a.expr), compile_expr(a.modulus)) for a in term.atoms]
        self.refs = [(r.tensor, [compile_expr(e) for e in r.index]) for r in term.refs]
        self.bounds: list[list[tuple[Compiled, Compiled]]] = []
        for k, v in enumerate(term.vars):
            later = set(term.vars[k + 1 :])
            found = []
            for a in term.atoms:
                if a.kind == GE and v in a.expr.free_symbols and not later & a.expr.free_symbols:
                    c = sympy.diff(a.expr, v)
                    found.append((compile_expr(c), compile_expr(a.expr.xreplace({v: 0}))))
            self.bounds.append(found)

    def points(self, env: Point, k: int = 0) -> Iterator[Point]:
        if k == len(self.names):
            yield env
            return
        lo, hi = -math.inf, math.inf
        for c, r in self.bounds[k]:
            cv, rv = _value(c, env), _value(r, env)
            if cv > 0:
                lo = max(lo, math.ceil(-rv / cv))
            elif cv < 0:
                hi = min(hi, math.floor(rv / -cv))
        if lo == -math.inf or hi == math.inf:
            raise ValueError(f"{self.names[k]} is unbounded")
        for value in range(int(lo), int(hi) + 1):
            yield from self.points({**env, self.names[k]: value}, k + 1)

    def holds(self, env: Point) -> bool:
        for kind, e, m in self.checks:
            num, den = e(env)
            if den < 0:
                num, den = -num, -den
            if kind == GE and num < 0:
                return False
            if kind == EQ and num != 0:
                return False
            if kind == DVD:
                mn, md = m(env)
                if (num * md) % (den * mn) != 0:  # (num/den) / (mn/md) is not an integer
                    return False
        return True

    def read(self, env: Point) -> list[tuple[str, tuple[int, ...]]]:
        refs = []
        for name, index in self.refs:
            values = []
            for f in index:
                num, den = f(env)
                if num % den:
                    raise ValueError(f"{name} read at a fractional index {num}/{den}")
                values.append(num // den)
            refs.append((name, tuple(values)))
        return refs


@lru_cache(maxsize=4096)
def _compiled(term: Term) -> _Compiled:
    return _Compiled(term)


def evaluate(terms: list[Term], env: dict[Symbol, int]) -> Poly:
    """The sum at concrete sizes and indices, as {sorted refs: coefficient} (zeros dropped)."""
    start = {s.name: int(v) for s, v in env.items()}
    out: Poly = {}
    for term in terms:
        comp = _compiled(term)
        for point in comp.points(start):
            if not comp.holds(point):
                continue
            key = tuple(sorted(comp.read(point)))
            out[key] = out.get(key, Fraction(0)) + _value(comp.coeff, point)
    return {k: v for k, v in out.items() if v != 0}


def assignments(
    free: FreeIndex, env: dict[Symbol, int]
) -> Iterator[tuple[tuple[int, ...], dict[Symbol, int]]]:
    """Every value of the target's index at concrete sizes: (integer index, symbol values)."""
    extents = [int(sympy.sympify(n, strict=True).xreplace(env)) for n in free.extents]
    parts = [compile_expr(sympy.sympify(e, strict=True)) for e in free.index]
    base = {s.name: int(v) for s, v in env.items()}
    for values in product(*(range(n) for n in extents)):
        point = dict(zip(free.symbols, values, strict=True))
        full = {**base, **{s.name: v for s, v in point.items()}}
        yield tuple(f(full)[0] // f(full)[1] for f in parts), point


def to_sympy(poly: Poly, resolve: Callable[[str, tuple[int, ...]], Expr]) -> Expr:
    """The polynomial with each ref replaced by ``resolve(tensor, index)``."""
    return sympy.Add(
        *(
            sympy.Rational(c.numerator, c.denominator) * sympy.Mul(*(resolve(n, i) for n, i in key))
            for key, c in poly.items()
        )
    )
