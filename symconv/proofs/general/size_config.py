"""Symbolic configurations: every size a SymPy symbol, one configuration per proof case.

Sizes are positive integers (H, W, k_h, s_h, d_h, N, C_g, F_g, g, H_o, ...) and paddings
nonnegative integers.  The output size is a symbol H_o tied to the others by its
definition ``H_o = ⌊(H + p_t + p_b - d_h(k_h - 1) - 1)/s_h⌋ + 1``, which is the same as
the two facts (with H_p = H + p_t + p_b)

    fit:      (H_o - 1)·s_h + d_h(k_h - 1) ≤ H_p - 1     (the last window fits)
    maximal:  H_p - 1 - d_h(k_h - 1) - (H_o - 1)·s_h ≤ s_h - 1   (one more would not)

Each case also keeps a *template*: concrete values of every symbol, used to build the
layer's own closed-form nodes (``symconv.layers``) and to check that every integer in them
is the symbol it stands for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

import sympy
from sympy import Expr, Symbol

from symconv.proofs.general.sums import GE, ONE, Atom, atom

if TYPE_CHECKING:
    from symconv.layers.base import Identity, PolyLayer
    from symconv.spec.layer import Layer, Shape

# A parameter of the closed forms (a role): one size expression, or one per axis or side.
RoleValue: TypeAlias = Expr | tuple[Expr, ...]


def size(name: str) -> Symbol:
    return Symbol(name, integer=True, positive=True)


def pad(name: str) -> Symbol:
    return Symbol(name, integer=True, nonnegative=True)


def index(name: str) -> Symbol:
    return Symbol(name, integer=True)


@dataclass(frozen=True)
class Axis:
    """One spatial axis: input size, kernel, stride, dilation, paddings, output size."""

    size: Expr
    kernel: Expr
    stride: Expr
    dilation: Expr
    pad_lo: Expr
    pad_hi: Expr
    out: Expr

    @property
    def padded(self) -> Expr:
        return self.size + self.pad_lo + self.pad_hi

    @property
    def slack(self) -> Expr:
        """H_p - 1 - d(k-1) - (H_o-1)s: room left after the last window (0 ≤ slack < s)."""
        return sympy.expand(
            self.padded - 1 - self.dilation * (self.kernel - 1) - (self.out - 1) * self.stride
        )

    def facts(self) -> list[Atom]:
        found = [atom(GE, self.slack), atom(GE, self.stride - 1 - self.slack)]
        return [f for f in found if isinstance(f, Atom)]

    def floor_entry(self) -> tuple[tuple[Expr, Expr], Expr]:
        """``⌊(H_p - d(k-1) - 1)/s⌋ = H_o - 1``, keyed by (numerator, stride)."""
        num = sympy.expand(self.padded - self.dilation * (self.kernel - 1) - 1)
        return (num, self.stride), self.out - 1

    def definition(self) -> str:
        return (
            f"{self.out} = floor(({self.padded} - {self.dilation}*({self.kernel} - 1) - 1)"
            f"/{self.stride}) + 1"
        )


@dataclass(frozen=True)
class FreeIndex:
    """The index of one target entry, e.g. W[γ'F_g + φ', c', a', b'], and its variables."""

    index: tuple[Expr, ...]
    symbols: tuple[Symbol, ...]
    extents: tuple[Expr, ...]

    def facts(self) -> list[Atom]:
        found = []
        for s, n in zip(self.symbols, self.extents, strict=True):
            found += [atom(GE, s), atom(GE, n - 1 - s)]
        return [f for f in found if isinstance(f, Atom)]


@dataclass
class SymConfig:
    """Everything a general proof needs to know about one case."""

    kind: str
    case: str
    title: str
    shapes: dict[str, tuple[Expr, ...]]
    roles: dict[str, RoleValue]
    free: dict[str, FreeIndex]
    env: dict[Symbol, int]
    template: PolyLayer
    # The second template (see general/cases.py), the layer's spec and input shape at a
    # template's values, and the identities the layer builds there (its closed forms).
    twin_env: dict[Symbol, int] = field(default_factory=dict)
    site: Callable[[dict[Symbol, int]], tuple[Layer, Shape]] | None = None
    # build(spec, input shape) of the layer kind's own spec: its closed-form identities
    build: Callable[..., list[Identity]] | None = None
    axes: tuple[Axis, ...] = ()
    groups: Expr = ONE
    group_in: Expr = ONE
    group_out: Expr = ONE
    mode: str = "correlation"
    bias: bool = True
    order: tuple[Symbol, ...] = ()
    notes: list[str] = field(default_factory=list)
    # what the case assumes besides the output-size facts (case "+narrow": p <= d(k-1))
    assumptions: tuple[Atom, ...] = ()

    def facts(self) -> list[Atom]:
        return [f for a in self.axes for f in a.facts()] + list(self.assumptions)

    def size_symbols(self) -> set[Symbol]:
        """Every size symbol of the case (shapes, parameters, output sizes)."""
        found: set[Symbol] = set()
        values = [
            *self.shapes.values(),
            *self.roles.values(),
            *(
                (a.size, a.kernel, a.stride, a.dilation, a.pad_lo, a.pad_hi, a.out)
                for a in self.axes
            ),
        ]
        for value in values:
            for e in value if isinstance(value, tuple) else (value,):
                found |= sympy.sympify(e, strict=True).free_symbols
        return found

    @property
    def exact_outputs(self) -> dict[Expr, Expr]:
        """The output sizes that are polynomials of the others: with stride 1 there is no
        floor, ``H_o = H_p - d(k-1)`` (a closed form padded by k-1 and correlated has the
        target's shape through it)."""
        return {a.out: a.padded - a.dilation * (a.kernel - 1) for a in self.axes if a.stride == 1}

    @property
    def floors(self) -> dict[tuple[Expr, Expr], Expr]:
        return dict(a.floor_entry() for a in self.axes)

    def describe(self) -> dict[str, Any]:
        """The configuration as JSON-friendly strings."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "case": self.case,
            "title": self.title,
            "shapes": {k: [str(e) for e in v] for k, v in self.shapes.items()},
            "mode": self.mode,
        }
        for role in ("kernel", "stride", "dilation", "padding", "groups"):
            if role in self.roles:
                value = self.roles[role]
                out[role] = [str(e) for e in value] if isinstance(value, tuple) else str(value)
        if self.axes:
            out["output_size"] = [a.definition() for a in self.axes]
        return out
