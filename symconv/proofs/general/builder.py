"""What a closed form's symbolic entry is built with: fresh names, facts, obligations.

The nodes of :mod:`symconv.ops` define their entries at symbolic sizes (``sym_shape`` and
``entry``); a :class:`Builder` gives them fresh summation variables, the facts of the
configuration and the output-size definitions, and records every obligation (an index read
inside its tensor's shape) with whether it was proved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import sympy
from sympy import Expr, Symbol

from symconv.proofs.general.logic import implies
from symconv.proofs.general.size_config import SymConfig, index
from symconv.proofs.general.sums import Atom, Condition, NotCovered, range_atoms

if TYPE_CHECKING:
    from symconv.ops.node import SymbolicEntry

Guard = tuple[Atom, ...]


class Builder:
    """Fresh variable names, known facts and the obligations met while expanding a form."""

    def __init__(self, cfg: SymConfig, facts: list[Atom]) -> None:
        self.cfg = cfg
        self.facts = tuple(facts)
        self.floors = cfg.floors
        self.used: set[str] = set()
        self.obligations: list[tuple[str, Condition, bool]] = []

    def fresh(self, base: str) -> Symbol:
        name, k = f"{base}tilde", 2
        while name in self.used:
            name, k = f"{base}tilde{k}", k + 1
        self.used.add(name)
        return index(name)

    def require(self, what: str, atoms: Iterable[Condition], guard: Guard) -> None:
        for a in atoms:
            if a is True:
                continue
            ok = a is not False and implies(a, guard + self.facts)
            self.obligations.append((what, a, ok))

    def floor_div(self, num: Expr, den: Expr) -> Expr:
        """⌊num/den⌋, using the definition of the output size when it is that quotient."""
        num = sympy.expand(num)
        if (num, den) in self.floors:
            return self.floors[(num, den)]
        return num if den == 1 else sympy.floor(num / den)

    def decompose(self, expr: Expr, within: Expr, groups: Expr, guard: Guard) -> tuple[Expr, Expr]:
        """(γ, κ) with expr = γ·within + κ and 0 ≤ κ < within (division with remainder)."""
        if groups == 1:
            return sympy.Integer(0), expr
        if within == 1:
            return expr, sympy.Integer(0)
        expr = sympy.expand(expr)
        group = expr.coeff(within)
        rest = sympy.expand(expr - within * group)
        if within in group.free_symbols | rest.free_symbols or not all(
            implies(a, guard + self.facts) for a in range_atoms(rest, within)
        ):
            raise NotCovered(f"cannot split the channel index {expr} into groups of {within}")
        return group, rest


def in_shape(idx: tuple[Expr, ...], shape: tuple[Expr, ...]) -> list[Condition]:
    return [a for e, n in zip(idx, shape, strict=True) for a in range_atoms(e, n)]


def check_shape(node: SymbolicEntry, target: tuple[Expr, ...], bd: Builder) -> list[str]:
    """Axes where the closed form's shape differs from the target's (empty: equal)."""
    shape = node.sym_shape(bd)
    if len(shape) != len(target):
        return [f"rank {len(shape)} != {len(target)}"]
    exact = bd.cfg.exact_outputs
    return [
        f"axis {k}: {a} != {b}"
        for k, (a, b) in enumerate(zip(shape, target, strict=True))
        if sympy.expand(sympy.sympify(a - b, strict=True).xreplace(exact)) != 0
    ]
