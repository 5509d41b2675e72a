"""Rewrites of index sums, each one an exact equality with the reason it holds.

- ``differentiate``: ∂(Π refs)/∂T[e'] = Σ over the factors of T (product rule) of the other
  factors times Π_k [e_k = e'_k]: T's entries are distinct variables, so the entry at index
  e is the entry at e' exactly when every index agrees (Kronecker deltas, as ``eq`` atoms).
- ``split``: γ·M + φ = γ'·M + φ' with 0 ≤ φ, φ' < M gives γ = γ' and φ = φ' (division with
  remainder is unique: M divides φ - φ', whose absolute value is below M, so φ - φ' = 0).
- ``solve``: an equation c·v + r = 0 in a summation variable v leaves one term of the sum
  over v, v = -r/c; when c is not ±1 that value must be an integer: the condition c | r is
  added (this is where the stride's divisibility comes from), and v's own range becomes a
  condition on -r/c.  Nothing is dropped: every condition on v is kept, rewritten.
- ``lattice``: a sum over v restricted to m | (±v + r) is a sum over w with v = ±(m·w - r),
  a bijection between the two index sets (the change of index ĩ = s·i for a dilated G).
- ``prune``: a condition implied by the facts in force (the ranges of the target's indices,
  the output-size facts) changes no point of the sum and is removed; what was removed is
  reported.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy
from sympy import Expr, Symbol

from symconv.proofs.general.logic import implies
from symconv.proofs.general.size_config import index
from symconv.proofs.general.sums import (
    DVD,
    EQ,
    Atom,
    Condition,
    Ref,
    Term,
    atom,
    index_symbols,
    is_integral,
    make_term,
    positivity,
    range_atoms,
)


@dataclass(frozen=True)
class Rewrite:
    """One rewrite, for the printed proof and the count of steps."""

    kind: str  # "split", "solve", "lattice", "prune"
    var: Symbol | None = None
    value: Expr | None = None
    modulus: Expr | None = None
    atoms: tuple[Atom, ...] = ()


def differentiate(terms: list[Term], target: Ref) -> list[Term]:
    """∂(Σ terms)/∂target, with one delta per index axis (eq atoms)."""
    out: list[Term] = []
    for term in terms:
        for k, ref in enumerate(term.refs):
            if ref.tensor != target.tensor:
                continue
            deltas = [atom(EQ, e - t) for e, t in zip(ref.index, target.index, strict=True)]
            rest = term.refs[:k] + term.refs[k + 1 :]
            made = make_term(term.coeff, term.vars, term.atoms + tuple(deltas), rest)
            if made is not None:
                out.append(made)
    return out


def split(term: Term, facts: tuple[Atom, ...]) -> tuple[Term | None, list[Rewrite]]:
    """Split every mixed-radix equation γ·M + φ = γ'·M + φ' into γ = γ' and φ = φ'
    (None: a split equation is never true, so the term is empty)."""
    done: list[Rewrite] = []
    current: Term | None = term
    for eq in [a for a in term.atoms if a.kind == EQ]:
        if current is None:
            break
        term = current
        parts = _split_one(eq, term.atoms + facts)
        if parts is None:
            continue
        atoms = tuple(a for a in term.atoms if a != eq)
        current = make_term(term.coeff, term.vars, atoms + parts, term.refs)
        done.append(Rewrite("split", atoms=(eq, *(p for p in parts if isinstance(p, Atom)))))
    return current, done


def _split_one(eq: Atom, facts: tuple[Atom, ...]) -> tuple[Condition, Condition] | None:
    for m in sorted((s for s in eq.expr.free_symbols if s.is_positive), key=str):
        high = sympy.expand(eq.expr).coeff(m)
        low = sympy.expand(eq.expr - m * high)
        if high == 0 or m in high.free_symbols | low.free_symbols or not is_integral(high):
            continue
        parts = sympy.Add.make_args(low)
        plus = [p for p in parts if p.is_Symbol]
        minus = [-p for p in parts if (-p).is_Symbol]
        if len(parts) != 2 or len(plus) != 1 or len(minus) != 1:
            continue
        bounds = range_atoms(plus[0], m) + range_atoms(minus[0], m)
        if all(implies(b, facts) for b in bounds):
            return atom(EQ, high), atom(EQ, low)
    return None


def solve(
    term: Term | None,
    classes: tuple[tuple[Symbol, ...], ...],
    skip: frozenset[Symbol] = frozenset(),
) -> tuple[Term | None, list[Rewrite]]:
    """Eliminate the equations one by one, solving for variables of the first class first.

    The output position comes before the window offset: s·i + d·a = t + p is solved for
    i (with s | t + p - d·a), which keeps the sum over the kernel offsets a, as in the
    closed form.  Equations mentioning a variable of ``skip`` stay (they are deltas of an
    outer sum, eliminated when that sum is formed).
    """
    rank = {v: (k, pos) for k, group in enumerate(classes) for pos, v in enumerate(group)}
    done: list[Rewrite] = []
    while term is not None:
        step = None
        for eq in (a for a in term.atoms if a.kind == EQ and not a.symbols & skip):
            step = _solve_one(term, eq, rank)
            if step is not None:
                break
        if step is None:
            return term, done
        term, rewrite = step
        done.append(rewrite)
    return None, done


Rank = dict[Symbol, tuple[int, int]]  # a variable -> (its class, its place in the class)


def _candidates(eq: Atom, term: Term, rank: Rank) -> list[Symbol]:
    """Summation variables of eq by class, unit coefficients first within a class."""
    present = [v for v in rank if v in term.vars and v in eq.expr.free_symbols]
    not_unit = {v: abs(sympy.diff(eq.expr, v)) != 1 for v in present}
    return sorted(present, key=lambda v: (rank[v][0], not_unit[v], rank[v][1]))


def _solve_one(term: Term, eq: Atom, rank: Rank) -> tuple[Term | None, Rewrite] | None:
    for v in _candidates(eq, term, rank):
        c = sympy.expand(sympy.diff(eq.expr, v))
        sign = positivity(c)
        if index_symbols(c) or sign == 0:
            continue
        rest = sympy.expand(eq.expr - c * v)
        value = sympy.expand(-rest / c)
        modulus = sympy.expand(sign * c)
        new = term.subs({v: value}, drop=(v,))
        if new is not None and modulus != 1:
            new = new.with_atoms([atom(DVD, rest, modulus)])  # -r/c must be an integer
        return new, Rewrite("solve", v, value, None if modulus == 1 else modulus, (eq,))
    return None


def lattice(term: Term) -> tuple[Term | None, list[Rewrite]]:
    """Replace v by ±(m·w - r) wherever m | (±v + r) restricts a summation variable v
    (None: a condition can never hold after the change, so the sum is empty)."""
    done: list[Rewrite] = []
    changed = True
    while changed:
        changed = False
        for cond in (a for a in term.atoms if a.kind == DVD):
            for v in term.vars:
                c = sympy.diff(cond.expr, v)
                if c not in (1, -1) or index_symbols(sympy.expand(cond.expr - c * v)) & {v}:
                    continue
                w = index(f"{v.name}hat")
                value = sympy.expand(c * (cond.modulus * w - (cond.expr - c * v)))
                term = replace(term, vars=tuple(w if x == v else x for x in term.vars))
                moved = term.subs({v: value})
                done.append(Rewrite("lattice", v, value, cond.modulus, (cond,)))
                if moved is None:
                    return None, done
                term = moved
                changed = True
                break
            if changed:
                break
    return term, done


def prune(term: Term, facts: tuple[Atom, ...]) -> tuple[Term, list[Rewrite]]:
    """Remove the conditions that the facts already imply."""
    kept: list[Atom] = []
    dropped: list[Atom] = []
    for a in term.atoms:
        (dropped if a.kind != EQ and implies(a, facts) else kept).append(a)
    if not dropped:
        return term, []
    return replace(term, atoms=tuple(kept)), [Rewrite("prune", atoms=tuple(dropped))]
