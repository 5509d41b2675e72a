"""General proofs: every identity of a layer for symbolic sizes, as ``Proof`` objects.

For each identity of the layer (its own ``identities()``, built at template sizes):
derive the gradient at a symbolic index (:mod:`.derivation`), expand the closed form by its
definition at the same index, and look for a bijective change of variables taking one sum
onto the other (:mod:`.match`), first as they are, then after the lattice change of index
(ĩ = s·i) on both sides.  The verdict:

- 'proved': the match succeeded and every well-definedness obligation was proved;
- 'failed': the sums differ at the template's concrete sizes (the counterexample is the
  proof's ``mismatch``), so the identity is false;
- 'not proved': neither (a step the prover cannot justify), with the reason.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields
from typing import Any

from symconv.algebra.terms import Coefficient, Monomial, Poly
from symconv.errors import SymconvError
from symconv.layers.base import Identity
from symconv.proofs.general.at_sizes import assignments, evaluate
from symconv.proofs.general.derivation import (
    Closed,
    Derived,
    ShapeMismatch,
    closed_side,
    derive,
    facts_for,
)
from symconv.proofs.general.eliminate import Rewrite, lattice, prune
from symconv.proofs.general.match import Matching, match_sums
from symconv.proofs.general.size_config import SymConfig
from symconv.proofs.general.steps import Step
from symconv.proofs.general.sums import Atom, NotCovered, Term
from symconv.proofs.proof import FAILED, NOT_PROVED, PROVED, Mismatch, Proof

METHOD = (
    "symbolic index sums: derivative -> Kronecker deltas -> elimination -> "
    "change of variables -> canonical index sets"
)


@dataclass
class GeneralProof(Proof):
    """A :class:`~symconv.proofs.proof.Proof` for symbolic sizes, with its steps and its checks."""

    case: str = ""
    checks: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list, repr=False)
    derived: Derived | None = field(default=None, repr=False, compare=False)
    closed: Closed | None = field(default=None, repr=False, compare=False)
    outcome: Outcome | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(Proof)}
        data["seconds"] = round(self.seconds, 4)
        if self.mismatch is None:
            data.pop("mismatch")
        else:
            data["mismatch"] = vars(self.mismatch)
        if not self.note:
            data.pop("note")
        data["case"] = self.case
        data["checks"] = list(self.checks)
        return data

    def __str__(self) -> str:
        """As a concrete proof prints, but without the entry count (sizes are symbols)."""
        head, _, rest = super().__str__().partition("\n")
        head = (
            f"{self.layer}: {self.identity}: {self.status} (all sizes, {self.terms} "
            f"rewrite steps, {self.seconds:.3f} s)"
        )
        return head + ("\n" + rest if rest else "")


@dataclass
class Outcome:
    matchings: list[Matching] | None
    reason: str
    derived: list[Term]
    closed: list[Term]
    lattice_derived: list[Rewrite] = field(default_factory=list)
    lattice_closed: list[Rewrite] = field(default_factory=list)


def _lattice_all(terms: list[Term], facts: tuple[Atom, ...]) -> tuple[list[Term], list[Rewrite]]:
    out: list[Term] = []
    done: list[Rewrite] = []
    for t in terms:
        moved, r = lattice(t)
        if moved is not None:  # None: the term's sum is empty
            out.append(prune(moved, facts)[0])
        done += r
    return out, done


def compare(cfg: SymConfig, of: str, derived: list[Term], closed: list[Term]) -> Outcome:
    facts = facts_for(cfg, of)
    found, why = match_sums(derived, closed, facts)
    if found is not None:
        return Outcome(found, "", derived, closed)
    left, lat_d = _lattice_all(derived, facts)
    right, lat_c = _lattice_all(closed, facts)
    if not (lat_d or lat_c):
        return Outcome(None, why, derived, closed)
    found, why2 = match_sums(left, right, facts)
    return Outcome(found, why2 or why, left, right, lat_d, lat_c)


def counterexample(
    cfg: SymConfig, of: str, derived: list[Term], closed: list[Term], limit: int = 3000
) -> Mismatch | None:
    """The first target entry where the two sums differ at the template's sizes."""
    for k, (idx, point) in enumerate(assignments(cfg.free[of], cfg.env)):
        if k >= limit:
            break
        env = {**cfg.env, **point}
        left, right = evaluate(derived, env), evaluate(closed, env)
        if left != right:
            missing = [_mono(m, c) for m, c in right.items() if left.get(m) != c]
            extra = [_mono(m, c) for m, c in left.items() if right.get(m) != c]
            return Mismatch(list(idx), _poly(left), _poly(right), missing, extra)
    return None


def _mono(key: Monomial, coeff: Coefficient) -> str:
    factors = "*".join(f"{n}[{','.join(map(str, i))}]" for n, i in key)
    return factors if coeff == 1 else f"{coeff}*{factors}" if factors else str(coeff)


def _poly(poly: Poly) -> str:
    return " + ".join(_mono(m, c) for m, c in sorted(poly.items())) or "0"


def _checks(derived: Derived, closed: Closed, outcome: Outcome) -> list[str]:
    proved = sum(ok for _, _, ok in closed.obligations)
    pruned = [len(r.atoms) for r in derived.second + closed.pruned if r.kind == "prune"]
    found = [
        f"closed form read at symbolic sizes: {', '.join(closed.roles) or 'no parameters'}"
        " (each read at both templates)",
        f"index reads inside their tensors: {proved}/{len(closed.obligations)} proved",
        f"conditions implied by the target's index ranges and the output-size facts, "
        f"removed with that reason: {sum(pruned)}",
    ]
    for m in outcome.matchings or []:
        moved = ", ".join(f"{v} = {e}" for v, e in m.mapping.items()) or "none"
        found.append(f"change of variables {moved} (integer, det {m.det}); summands equal")
        found.append(
            f"conditions: {len(m.same)} identical canonical atoms, {len(m.implied)} by implication"
        )
    return found


def _verdict(
    cfg: SymConfig, identity: Identity, derived: Derived, closed: Closed, outcome: Outcome
) -> tuple[str, str, Mismatch | None]:
    failing = [f"{what}: {a}" for what, a, ok in closed.obligations if not ok]
    if outcome.matchings is not None and not failing:
        return PROVED, "", None
    mismatch = counterexample(cfg, identity.of, derived.final, closed.definition)
    if mismatch is not None:
        return FAILED, f"differs at the template sizes {cfg.env}", mismatch
    reason = (
        outcome.reason
        if outcome.matchings is None
        else "unproved obligation: " + "; ".join(failing)
    )
    return NOT_PROVED, reason, None


def prove_identity(cfg: SymConfig, identity: Identity, twin: Identity) -> GeneralProof:
    """``identity`` built at the case's template and ``twin``, the same closed form built
    by the same code at its second template (see :mod:`.translate`)."""
    start = time.perf_counter()
    proof = GeneralProof(
        layer=cfg.kind,
        identity=identity.name,
        statement=f"{identity.statement} (all sizes; {cfg.title})",
        config=cfg.describe(),
        status=NOT_PROVED,
        method=METHOD,
        case=cfg.case,
    )
    try:
        proof.derived = derived = derive(cfg, identity.of)
        proof.closed = closed = closed_side(cfg, identity, twin)
        proof.outcome = outcome = compare(cfg, identity.of, derived.final, closed.terms)
        proof.status, proof.note, proof.mismatch = _verdict(cfg, identity, derived, closed, outcome)
        proof.checks = _checks(derived, closed, outcome)
        proof.terms = (
            1
            + len(derived.first)
            + len(derived.second)
            + len(closed.pruned)
            + len(outcome.lattice_derived)
            + len(outcome.lattice_closed)
            + len(outcome.matchings or [])
        )
    except ShapeMismatch as exc:
        proof.status, proof.note = _shape_verdict(cfg, identity, exc)
    except NotCovered as exc:
        proof.note = str(exc)
    except (ValueError, ArithmeticError, IndexError, KeyError, TypeError, SymconvError) as exc:
        # A closed form the prover cannot read (a parameter out of range, a size that makes
        # no layer) is a verdict with its reason, never a crash of the proof run.
        proof.note = f"not proved: {type(exc).__name__}: {exc}"
    proof.seconds = time.perf_counter() - start
    return proof


def _shape_verdict(cfg: SymConfig, identity: Identity, exc: ShapeMismatch) -> tuple[str, str]:
    target = [int(e.xreplace(cfg.env)) for e in cfg.shapes[identity.of]]
    try:
        shape = [int(e.xreplace(cfg.env)) for e in exc.shape]
    except TypeError:
        return NOT_PROVED, str(exc)
    return (
        (FAILED, f"{exc}; at the template sizes {shape} != {target}")
        if shape != target
        else (NOT_PROVED, str(exc))
    )
