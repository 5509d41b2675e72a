"""A small sound prover for the conditions of index sums (incomplete by design).

``implies(goal, facts)`` answers True only with a reason that holds for every admissible
value of the sizes:

- a linear inequality ``e ≥ 0`` in index variables: pick a variable v of e; its
  coefficient c has a known sign (a polynomial in sizes), so replacing v by a bound taken
  from the facts (a lower bound when c ≥ 0, an upper bound when c ≤ 0) can only make e
  smaller: if the smaller expression is ≥ 0, so is e.  Repeat until no index variable is
  left (real relaxation: bounds need not be integers, which only weakens the claim);
- an inequality in sizes only: shift every positive size x = 1 + x̃ (x̃ ≥ 0); if every
  coefficient of the expanded polynomial, or of its difference with a known fact (for
  example "the last window fits"), is ≥ 0, the polynomial is ≥ 0;
- a divisibility ``m | e``: e differs from a known ``m | e'`` by a multiple of m.

False means "not shown", never "shown false".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

import sympy
from sympy import Expr, Symbol

from symconv.proofs.general.sums import DVD, EQ, GE, Atom, atom, index_symbols, is_multiple, is_size


def nonneg_poly(expr: Expr) -> bool:
    """``expr ≥ 0`` for all positive-integer and nonnegative-integer sizes (sufficient test)."""
    expr = sympy.expand(expr)
    if expr.is_number:
        return bool(expr >= 0)
    if not all(is_size(s) for s in expr.free_symbols):
        return False
    shifted = sympy.expand(expr.xreplace({x: x + 1 for x in expr.free_symbols if x.is_positive}))
    return all(t.as_coeff_Mul()[0] >= 0 for t in sympy.Add.make_args(shifted))


def sign_of(expr: Expr) -> int:
    """+1 when expr ≥ 0 always, -1 when expr ≤ 0 always, 0 when neither is shown."""
    if nonneg_poly(expr):
        return 1
    if nonneg_poly(-expr):
        return -1
    return 0


def implies(goal: Atom | bool, facts: Iterable[Atom]) -> bool:
    """Whether the facts imply the goal (True only when shown)."""
    if goal is True:
        return True
    if goal is False:
        return False
    facts = frozenset(f for f in facts if isinstance(f, Atom))
    if goal in facts:
        return True
    if goal.kind == GE:
        return _ge(goal.expr, facts, 0)
    if goal.kind == DVD:
        return any(
            f.kind == DVD
            and f.modulus == goal.modulus
            and (
                is_multiple(goal.expr - f.expr, f.modulus)
                or is_multiple(goal.expr + f.expr, f.modulus)
            )
            for f in facts
        )
    return goal.kind == EQ and sympy.expand(goal.expr) == 0


@lru_cache(maxsize=32768)
def _ge(expr: Expr, facts: frozenset[Atom], depth: int) -> bool:
    variables = sorted(index_symbols(expr), key=str)
    if not variables:
        return _sizes_nonneg(expr, facts)
    if depth > 8:
        return False
    v = variables[0]
    coeff = sympy.expand(sympy.diff(expr, v))
    if index_symbols(coeff):
        return False  # not linear in the index variables
    direction = sign_of(coeff)
    if direction == 0:
        return False
    for bound in _bounds(v, facts, lower=direction > 0):
        smaller = atom(GE, expr.xreplace({v: bound}))
        if smaller is True or (smaller is not False and _ge(smaller.expr, facts, depth + 1)):
            return True
    return False


def _bounds(v: Symbol, facts: frozenset[Atom], lower: bool) -> list[Expr]:
    """Bounds on v read off facts ``c·v + r ≥ 0`` with c of known strict sign."""
    found = []
    for f in sorted(facts, key=lambda a: sympy.default_sort_key(a.expr)):
        if f.kind != GE or v not in f.expr.free_symbols:
            continue
        c = sympy.expand(sympy.diff(f.expr, v))
        if index_symbols(c):
            continue
        rest = sympy.expand(f.expr - c * v)
        if (lower and c.is_positive) or (not lower and (-c).is_positive):
            found.append(-rest / c)
    return found


def _sizes_nonneg(expr: Expr, facts: frozenset[Atom]) -> bool:
    """A polynomial in sizes is ≥ 0: directly, or above one or two facts about sizes."""
    if nonneg_poly(expr):
        return True
    known = [f.expr for f in facts if f.kind == GE and not index_symbols(f.expr)]
    if any(nonneg_poly(expr - k) for k in known):
        return True
    return any(nonneg_poly(expr - a - b) for a, b in combinations(known, 2))
