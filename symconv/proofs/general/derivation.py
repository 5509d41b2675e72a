"""Both sides of a general identity as index sums: the derivation and the closed form.

Derived side (the chain rule, as a lecturer does it, seed 003):

1. ``∂Z[o]/∂θ[e']`` from the forward definition: Kronecker deltas (``differentiate``);
2. the deltas that involve only the window's variables are solved first: for one output o
   "only one term survives" (``split`` + ``solve`` with the output index fixed);
3. ``dL/dθ[e'] = Σ_o G[o]·∂Z[o]/∂θ[e']``: the remaining deltas collapse the sum over the
   outputs (the output position is solved for, with a divisibility condition for a stride);
4. conditions implied by the ranges of e' and the output-size facts are pruned.

Closed side: the layer's closed-form node, read at symbolic sizes and expanded at the same
symbolic index e' by its own definition, with every index read checked in range.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sympy
from sympy import Expr

from symconv.layers.base import Identity
from symconv.ops import Node, TensorSymbol
from symconv.proofs.general.builder import Builder, check_shape
from symconv.proofs.general.eliminate import Rewrite, differentiate, prune, solve, split
from symconv.proofs.general.forward import Forward, forward
from symconv.proofs.general.size_config import SymConfig
from symconv.proofs.general.sums import Atom, Condition, NotCovered, Ref, Term
from symconv.proofs.general.translate import translate


@dataclass
class Derived:
    fwd: Forward
    target: Ref
    deltas: list[Term] = field(default_factory=list)
    surviving: list[Term] = field(default_factory=list)
    chain: list[Term] = field(default_factory=list)
    final: list[Term] = field(default_factory=list)
    first: list[Rewrite] = field(default_factory=list)
    second: list[Rewrite] = field(default_factory=list)


@dataclass
class Closed:
    node: Node | TensorSymbol  # symbolic parameters (general/translate.py)
    definition: list[Term]
    terms: list[Term]
    roles: list[str]
    obligations: list[tuple[str, Condition, bool]]
    pruned: list[Rewrite]


def facts_for(cfg: SymConfig, of: str) -> tuple[Atom, ...]:
    """What holds for every entry of the target: its index ranges and the size facts."""
    return tuple(dict.fromkeys(cfg.facts() + cfg.free[of].facts()))


def _prune_all(terms: list[Term], facts: tuple[Atom, ...]) -> tuple[list[Term], list[Rewrite]]:
    out: list[Term] = []
    done: list[Rewrite] = []
    for t in terms:
        t, r = prune(t, facts)
        out.append(t)
        done += r
    return out, done


def derive(cfg: SymConfig, of: str) -> Derived:
    """dL/d<of> at the target's symbolic index, by the chain rule ("Z": the forward)."""
    fwd = forward(cfg)
    facts = facts_for(cfg, of)
    target = Ref(of, cfg.free[of].index)
    out = Derived(fwd, target)
    if of == "Z":
        # A forward written with Kronecker deltas (a transposed convolution spreads each
        # input entry) has them solved first, for the input position (s·i + d·a = t + p
        # gives i, with s | t + p - d·a), as step 2 below does for a gradient.
        solved: list[Rewrite] = []
        terms: list[Term] = []
        for term in fwd.terms:
            kept, done = solve(term, (fwd.window_vars,))
            solved += done
            if kept is not None:
                terms.append(kept)
        out.final, pruned = _prune_all(terms, facts)
        out.second = solved + pruned
        return out
    out.deltas = differentiate(fwd.terms, target)
    fixed = facts + tuple(cfg.free["Z"].facts())  # the output o is one fixed entry here
    for term in out.deltas:
        parted, done = split(term, fixed)
        kept, solved = solve(parted, (fwd.window_vars,), skip=frozenset(fwd.output_vars))
        out.first += done + solved
        if kept is not None:
            out.surviving.append(kept)
    grad = Ref("G", fwd.index)
    ranges = cfg.free["Z"].facts()
    for term in out.surviving:
        summed = Term(term.coeff, term.vars, term.atoms, (grad, *term.refs)).over(
            fwd.output_vars, ranges
        )
        out.chain.append(summed)
        parted, done = split(summed, facts)
        kept, solved = solve(parted, (fwd.output_vars, fwd.window_vars))
        out.second += done + solved
        if kept is not None:
            if any(a.kind == "eq" for a in kept.atoms):
                raise NotCovered(f"an index equation could not be solved in {kept.atoms}")
            out.final.append(kept)
    out.final, pruned = _prune_all(out.final, facts)
    out.second += pruned
    return out


def closed_side(cfg: SymConfig, identity: Identity, twin: Identity) -> Closed:
    """The closed form (built at both templates) expanded by its definition at the
    target's symbolic index."""
    node, roles = translate(identity.closed, twin.closed, cfg)
    facts = facts_for(cfg, identity.of)
    bd = Builder(cfg, list(facts))
    issues = check_shape(node, cfg.shapes[identity.of], bd)
    if issues:
        raise ShapeMismatch(issues, node.sym_shape(bd))
    definition = node.entry(cfg.free[identity.of].index, (), bd)
    terms, pruned = _prune_all(definition, facts)
    return Closed(node, definition, terms, roles, bd.obligations, pruned)


class ShapeMismatch(NotCovered):
    """The closed form's shape is not the target's (a failure if it differs at the template)."""

    def __init__(self, issues: list[str], shape: Iterable[Expr]) -> None:
        super().__init__("closed form shape differs from the target's: " + "; ".join(issues))
        self.shape = tuple(sympy.sympify(e, strict=True) for e in shape)
