"""Equality of two index sums by a bijective affine change of summation variables.

Two terms ``Σ_{v ∈ P} c·Π refs`` and ``Σ_{w ∈ Q} c'·Π refs'`` are equal when a map
v = J·w + o exists with

1. J an integer matrix with det ±1 and o integer-valued: an affine bijection of ℤᵏ onto
   itself (so no point is lost or counted twice);
2. the summands equal after substitution: same coefficient, and each ref equal to a ref of
   the other side index by index (the map is *found* by solving these index equations);
3. the image of P equal to Q: every condition of one side, rewritten, is a condition of the
   other side (same canonical atom) or is implied by the other side's conditions and the
   facts in force.

Sums of several terms match term by term.  Anything that fails is reported with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import permutations, product

import sympy
from sympy import Expr, Symbol

from symconv.proofs.general.logic import implies
from symconv.proofs.general.sums import Atom, Ref, Term, is_integral


@dataclass
class Matching:
    """How a derived term equals a closed term."""

    mapping: dict[Symbol, Expr]  # derived variable -> expression in the closed variables
    det: int
    same: list[Atom]
    implied: list[tuple[str, Atom]]  # ("derived"|"closed", atom) shown by implication


Pairs = list[tuple[Ref, Ref]]  # each derived ref with a closed ref of the same tensor


def _pairings(left: tuple[Ref, ...], right: tuple[Ref, ...]) -> Iterator[Pairs]:
    """All ways to pair each left ref with a right ref of the same tensor."""
    names = sorted({r.tensor for r in left})
    groups: list[list[Pairs]] = []
    for name in names:
        ls = [r for r in left if r.tensor == name]
        rs = [r for r in right if r.tensor == name]
        groups.append([list(zip(ls, perm, strict=True)) for perm in permutations(rs)])
    for choice in product(*groups):
        yield [pair for group in choice for pair in group]


def _solve_map(left: Term, right: Term, pairs: Pairs) -> dict[Symbol, Expr] | None:
    eqs = [sympy.expand(a - b) for lr, rr in pairs for a, b in zip(lr.index, rr.index, strict=True)]
    eqs = [e for e in eqs if e != 0]
    if not left.vars:
        return {} if not eqs else None
    if not eqs:
        return None
    solutions = sympy.linsolve(eqs, list(left.vars))
    if not solutions:
        return None
    (values,) = solutions
    if any(v in left.vars for e in values for v in e.free_symbols):
        return None  # underdetermined: a variable no index fixes
    return {v: sympy.expand(e) for v, e in zip(left.vars, values, strict=True)}


def _unimodular(mapping: dict[Symbol, Expr], new_vars: tuple[Symbol, ...]) -> int | None:
    """det J when the map is an affine bijection of the integer lattice, else None."""
    if not mapping:
        return 1
    jac = sympy.Matrix([[sympy.diff(e, w) for w in new_vars] for e in mapping.values()])
    if jac.shape[0] != jac.shape[1] or not all(x.is_integer for x in jac):
        return None
    det = jac.det()
    zero = {w: 0 for w in new_vars}
    if det not in (1, -1) or not all(is_integral(e.xreplace(zero)) for e in mapping.values()):
        return None
    return int(det)


def _refs_key(refs: Iterable[Ref]) -> list[tuple[str, tuple[Expr, ...]]]:
    return sorted((r.tensor, r.index) for r in refs)


def match_terms(left: Term, right: Term, facts: tuple[Atom, ...]) -> tuple[Matching | None, str]:
    """A change of variables taking ``left`` onto ``right``, or the reason there is none."""
    if len(left.vars) != len(right.vars):
        return None, f"{len(left.vars)} summation indices against {len(right.vars)}"
    if sorted(r.tensor for r in left.refs) != sorted(r.tensor for r in right.refs):
        return None, "the summands hold different tensors"
    reason = "no pairing of the factors gives a consistent change of variables"
    for pairs in _pairings(left.refs, right.refs):
        mapping = _solve_map(left, right, pairs)
        if mapping is None:
            continue
        det = _unimodular(mapping, right.vars)
        if det is None:
            reason = f"the change of variables {mapping} is not a bijection of the integers"
            continue
        moved = left.subs(mapping, drop=left.vars)
        if moved is None:
            return None, "a condition of the derived sum is false after the change of variables"
        if _refs_key(moved.refs) != _refs_key(right.refs):
            reason = "the summands differ after the change of variables"
            continue
        if sympy.cancel(moved.coeff - right.coeff) != 0:
            return None, f"coefficients {moved.coeff} and {right.coeff} differ"
        return _compare_sets(mapping, det, moved.atoms, right.atoms, facts)
    return None, reason


def _compare_sets(
    mapping: dict[Symbol, Expr],
    det: int,
    left: tuple[Atom, ...],
    right: tuple[Atom, ...],
    facts: tuple[Atom, ...],
) -> tuple[Matching | None, str]:
    same = [a for a in left if a in right]
    implied: list[tuple[str, Atom]] = []
    for side, extra, other in (("derived", left, right), ("closed", right, left)):
        for a in extra:
            if a in same:
                continue
            if not implies(a, other + facts):
                return None, f"the {side} condition {_show(a)} does not follow from the other side"
            implied.append((side, a))
    return Matching(mapping, det, same, implied), ""


def _show(a: Atom) -> str:
    if a.kind == "dvd":
        return f"{a.modulus} | {a.expr}"
    return f"{a.expr} {'>=' if a.kind == 'ge' else '='} 0"


def match_sums(
    left: list[Term], right: list[Term], facts: tuple[Atom, ...]
) -> tuple[list[Matching] | None, str]:
    """Match every derived term with a distinct closed term (small backtracking search)."""
    if len(left) != len(right):
        return None, f"{len(left)} derived terms against {len(right)} closed terms"
    reasons: list[str] = []

    def search(k: int, used: frozenset[int]) -> list[Matching] | None:
        if k == len(left):
            return []
        for j, r in enumerate(right):
            if j in used:
                continue
            found, why = match_terms(left[k], r, facts)
            if found is None:
                reasons.append(why)
                continue
            rest = search(k + 1, used | {j})
            if rest is not None:
                return [found, *rest]
        return None

    result = search(0, frozenset())
    return result, "" if result is not None else (reasons[0] if reasons else "no terms")
