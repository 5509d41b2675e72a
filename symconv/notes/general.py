"""General (index-form) formulas of a convolution, checked against the derivation.

The element-by-element derivation gives one polynomial per entry; lecture notes also
write the general sums (seed 001, eq. 6; seed 003; seed 000).  Here those sums are SymPy
``Sum`` objects over ``Indexed`` tensors whose roles (X, Xpad, W, b, Z, G) the notes
printer knows.  Index arithmetic is the layer's own (conv.py):

    Z[f,i,j] = Σ_{c,a,b} W[f,c,a,b] · Xpad[g(f)·C_g + c, s_h·i + d_h·a, s_w·j + d_w·b] + b[f]

and ∂Z/∂W comes from ``sympy.diff`` of that sum (Kronecker deltas, then ``doit``), not
from a typed answer.  :meth:`ConvGeneral.check` instantiates a general formula at concrete
indices and compares it with the derived entries, so every general formula in the
notes is tested against the chain rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sympy

from symconv.layers.conv import closed_forms
from symconv.ops import Pad, TensorSymbol
from symconv.printing import Notation

if TYPE_CHECKING:
    from symconv.proofs.general.builder import Guard
    from symconv.proofs.general.sums import Condition, Term
from symconv.spec.layer import Conv

Indexed = sympy.Indexed
_BASES = {
    role: sympy.IndexedBase(role) for role in ("X", "Xpad", "W", "b", "Z", "G", "dW", "dX", "db")
}


def tensor(role: str, *indices: sympy.Expr | int) -> sympy.Indexed:
    return _BASES[role][indices]


def strip_conditions(expr: sympy.Expr) -> sympy.Expr:
    """The value of a Piecewise whose conditions hold for every index in range."""
    return expr.replace(lambda e: isinstance(e, sympy.Piecewise), lambda e: e.args[0][0])


# The channel axes of each tensor in the printed forward (no batch axis): their indices
# count from the notation's channel base (seed 000's superscript notation counts from 1).
CHANNEL_AXES = {"X": (0,), "Xpad": (0,), "W": (0, 1), "b": (0,)}


@dataclass
class ConvGeneral:
    """Index symbols, sizes and the general formulas of one convolution in one notation."""

    spec: Conv
    input_hw: tuple[int, int]
    nt: Notation
    sym: dict[str, sympy.Symbol] = field(default_factory=dict)
    sizes: dict[str, sympy.Symbol] = field(default_factory=dict)
    values: dict[sympy.Symbol, int] = field(default_factory=dict)
    cache: dict[str, tuple[sympy.Expr, sympy.Expr]] = field(default_factory=dict)
    weight_keys = ("f", "c'", "a'", "b'")  # the index names of W's axes, in order

    def __post_init__(self) -> None:
        names = dict(self.nt.names)
        if self.spec.dims == 1:
            names.update(k2="k", W="n", Wo=r"n_{\text{out}}")
        for key in ("i", "j", "a", "b", "c", "f", "t", "u"):
            self.sym[key] = sympy.Symbol(names[key], integer=True)
        for key in ("a", "b", "c"):
            self.sym[key + "'"] = sympy.Symbol(names[key] + "'", integer=True)
        self.sym["cx"] = self.sym["c'"]  # the channel of one input entry (all C_in of them)
        s = self.spec
        ho, wo = s.output_shape((s.in_channels, *self.input_hw))[1:]
        if s.dims == 1 and names["k2"] in self._shown_index_names(names):
            # the 1-D kernel length k must not be an index the sums show (seed 000's
            # channel k: Z_{i,j,k} = Σ_{n=0}^{k-1} ...): the notation's own kernel size
            names["k2"] = self.nt.names["k2"]
        k2 = names["k2"] + (
            "_2"
            if names["k1"] == names["k2"] and s.kernel[0] != s.kernel[1] and s.dims == 2
            else ""
        )
        for key, name, value in (
            ("H", names["H"], self.input_hw[0]),
            ("W", names["W"], self.input_hw[1]),
            ("k1", names["k1"], s.kernel[0]),
            ("k2", k2, s.kernel[1]),
            ("Ho", names["Ho"], ho),
            ("Wo", names["Wo"], wo),
            ("C", names["C"], s.group_in),
            ("F", names["F"], s.out_channels),
            ("s", names["s"], 0),
            ("p", names["p"], 0),
            ("d", names["d"], 0),
        ):
            self.sizes[key] = sympy.Symbol(name, integer=True, positive=True)
            self.values[self.sizes[key]] = value
        if s.dims == 1:  # a 1-D kernel's height is 1, no size of the layer (Σ_{m=0}^{0})
            self.sizes["k1"] = sympy.Integer(1)

    def _shown_index_names(self, names: dict[str, str]) -> set[str]:
        """The names of the indices the general sums show (an axis of extent 1 is shown
        only by a notation that keeps unit axes)."""
        return {
            names[k]
            for k in ("i", "j", "a", "b", "c", "f")
            if self.nt.keep_unit_axes or self.extent(k) > 1
        }

    @property
    def base(self) -> int:
        return self.nt.index_base

    @property
    def cbase(self) -> int:
        """The first printed channel (seed 000 counts channels from 1)."""
        return self.nt.channel_base

    def key_base(self, key: str) -> int:
        """The first printed value of the index ``key``: channels and filters count from
        the channel base, rows, columns and taps from the index base."""
        return self.cbase if key in ("c", "c'", "cx", "f", "f'") else self.base

    def ranks(self) -> dict[sympy.Symbol, int]:
        """Reading order inside an index: output, then kernel, then channel and filter."""
        order = {
            "i": 0,
            "j": 0,
            "t": 0,
            "u": 0,
            "a": 1,
            "b": 1,
            "a'": 1,
            "b'": 1,
            "c": 2,
            "c'": 2,
            "f": 2,
        }
        ranks = {self.sym[k]: v for k, v in order.items()}
        ranks.update({self.sizes["k1"]: -1, self.sizes["k2"]: -1})  # w_{k_1-1-a}
        return ranks

    def size_ranks(self) -> dict[sympy.Symbol, int]:
        """Reading order of the output-size formula: h + 2p - d(k-1) - 1."""
        return {
            self.sizes[k]: v
            for k, v in {"H": 0, "W": 0, "p": 1, "d": 2, "k1": 3, "k2": 3, "s": 4}.items()
        }

    def extent(self, key: str) -> int:
        """How many values the index ``key`` takes in this configuration."""
        s = self.spec
        ho, wo = s.output_shape((s.in_channels, *self.input_hw))[1:]
        return {
            "i": ho,
            "j": wo,
            "t": self.input_hw[0],
            "u": self.input_hw[1],
            "a": s.kernel[0],
            "a'": s.kernel[0],
            "b": s.kernel[1],
            "b'": s.kernel[1],
            "c": s.group_in,
            "c'": s.group_in,
            "cx": s.in_channels,
            "f": s.out_channels,
        }[key]

    def index(self, key: str) -> sympy.Expr:
        """A displayed index symbol, or the base value on an axis of extent 1 (not shown)."""
        if self.nt.keep_unit_axes or self.extent(key) > 1:
            return self.sym[key]
        return sympy.Integer(self.key_base(key))

    def _limits(
        self, keys: tuple[str, ...], ends: dict[str, sympy.Expr]
    ) -> list[tuple[sympy.Symbol, int, sympy.Expr]]:
        return [
            (self.sym[k], self.key_base(k), ends[k] - 1 + self.key_base(k))
            for k in keys
            if isinstance(self.index(k), sympy.Symbol)
        ]

    def _w_entry(
        self, f: sympy.Expr, c: sympy.Expr, a: sympy.Expr, b_: sympy.Expr
    ) -> sympy.Indexed:
        """W as dL/dX reads it (a convolution reads the kernel rotated by 180 degrees)."""
        s, b = self.spec, self.base
        if s.mode == "convolution":  # a 1D kernel has one row: flipping it changes nothing
            a = a if s.dims == 1 else self.sizes["k1"] - 1 - a
            b_ = self.sizes["k2"] - 1 - b_
        return tensor("W", f + self.cbase, c + self.cbase, a + b, b_ + b)

    def _internal(self, *keys: str) -> list[sympy.Expr]:
        return [self.index(k) - self.key_base(k) for k in keys]

    def z(self) -> sympy.Indexed:
        return tensor("Z", self.index("f"), self.index("i"), self.index("j"))

    def forward(self, bias: bool = True) -> sympy.Expr:
        """Σ_{c,a,b} W·Xpad (+ b[f]) for the output Z[f, i, j]: the entry of the layer's own
        closed form (:func:`symconv.layers.conv.closed_forms`, defined in
        :mod:`symconv.ops`) at this notation's symbols, with ``Xpad`` read as a tensor."""
        s = self.spec
        role = "Xpad" if any(s.padding) else "X"
        node = closed_forms(s, self.input_hw)["Z"]
        node = node.replace(lambda e: isinstance(e, Pad), lambda e: TensorSymbol(role))
        if not bias and s.bias:
            node = node.args[0]  # BiasAdd(Z, b) -> Z
        f, i, j = self._internal("f", "i", "j")
        terms = node.entry((sympy.Integer(0), f, i, j), (), _Entries(self, role))
        return sympy.Add(*(self._as_sum(t) for t in terms))

    def _as_sum(self, term: Term) -> sympy.Expr:
        """One index sum of the node's entry as a SymPy ``Sum`` over ``Indexed`` tensors,
        every index shifted by the notation's base (channels by its channel base)."""
        channel = self.sym["c"]

        def base(var_or_axis_is_channel: bool) -> int:
            return self.cbase if var_or_axis_is_channel else self.base

        shift = {v: v - base(v == channel) for v in term.vars}
        factors: list[sympy.Indexed] = []
        for ref in term.refs:
            index = ref.index[1:] if ref.tensor in ("X", "Xpad") else ref.index  # no batch
            channels = CHANNEL_AXES.get(ref.tensor, ())
            factors.append(
                tensor(
                    ref.tensor,
                    *(e.xreplace(shift) + base(k in channels) for k, e in enumerate(index)),
                )
            )
        body = term.coeff * sympy.Mul(*factors)
        ends = {self.sym[k]: self.sizes[e] for k, e in (("c", "C"), ("a", "k1"), ("b", "k2"))}
        limits = [(v, base(v == channel), ends[v] - 1 + base(v == channel)) for v in term.vars]
        return sympy.Sum(body, *limits) if limits else body

    def weight(self) -> sympy.Indexed:
        return tensor("W", self.index("f"), self.index("c'"), self.index("a'"), self.index("b'"))

    def z_at_weight(self) -> sympy.Indexed:
        """The output entry whose derivative by ``weight()`` the notes take (Z[f,i,j]; a
        layer whose weight holds a group-local filter index says which filter)."""
        return self.z()

    def g_at_weight(self) -> sympy.Indexed:
        """The entry of G that meets ``z_at_weight()`` in the chain rule."""
        return self.g()

    def forward_at_weight(self) -> sympy.Expr:
        """The forward sum of ``z_at_weight()`` (no bias)."""
        return self.forward(bias=False)

    def dz_dw(self) -> tuple[sympy.Expr, sympy.Expr]:
        """∂Z[f,i,j]/∂W[f,c',a',b']: the sum of Kronecker deltas, and its one surviving term."""
        if "dz_dw" not in self.cache:  # SymPy's diff and doit of the sum take a while
            deltas = sympy.diff(self.forward_at_weight(), self.weight())
            survivor = strip_conditions(deltas.doit())
            if self.spec.dims == 1:  # the kernel row a' of a 1-D layer can only be the base
                row = self.sym["a'"]
                survivor = survivor.subs(sympy.KroneckerDelta(self.base, row), 1)
                survivor = survivor.subs(sympy.KroneckerDelta(row, self.base), 1)
            self.cache["dz_dw"] = (deltas, survivor)
        return self.cache["dz_dw"]

    def _over_outputs(self, term: sympy.Expr) -> sympy.Expr:
        limits = self._limits(("i", "j"), {"i": self.sizes["Ho"], "j": self.sizes["Wo"]})
        return sympy.Sum(term, *limits) if limits else term

    def g(self) -> sympy.Indexed:
        return tensor("G", self.index("f"), self.index("i"), self.index("j"))

    def dw_chain(self) -> tuple[sympy.Expr, sympy.Expr]:
        """dL/dW[f,c',a',b'] = Σ_{i,j} G·∂Z/∂W, then with the surviving term substituted."""
        z, g = self.z_at_weight(), self.g_at_weight()
        chain = self._over_outputs(g * sympy.Derivative(z, self.weight()))
        return chain, self._over_outputs(g * self.dz_dw()[1])

    def dw_entry(self) -> sympy.Indexed:
        return tensor("dW", self.index("f"), self.index("c'"), self.index("a'"), self.index("b'"))

    def dx_entry(self) -> sympy.Indexed:
        return tensor("dX", self.index("cx"), self.index("t"), self.index("u"))

    def dx_general(self) -> sympy.Expr:
        """dL/dX[c',t,u] = Σ_{f,a,b} G[f, (t+p_t-d·a)/s, (u+p_l-d·b)/s] · W[f, c', a, b]."""
        s, base = self.spec, self.base
        f, c, t, u, a, b_ = self._internal("f", "cx", "t", "u", "a", "b")
        (sh, sw), (dh, dw), (pt, _, pl, _) = s.stride, s.dilation, s.padding
        g = tensor(
            "G", f + self.cbase, (t + pt - dh * a) / sh + base, (u + pl - dw * b_) / sw + base
        )
        channel = c if s.groups == 1 else sympy.Mod(c, s.group_in)
        term = g * self._w_entry(f, channel, a, b_)
        ends = {"f": self.sizes["F"], "a": self.sizes["k1"], "b": self.sizes["k2"]}
        limits = self._limits(("f", "a", "b"), ends)
        if s.groups != 1 and limits and limits[0][0] == self.sym["f"]:
            first = sympy.floor(c / s.group_in) * s.group_out
            cb = self.cbase
            limits[0] = (self.sym["f"], first + cb, first + s.group_out - 1 + cb)
        return sympy.Sum(term, *limits) if limits else term

    def db_general(self) -> sympy.Expr:
        return self._over_outputs(self.g())

    def numeric(self, expr: sympy.Expr) -> sympy.Expr:
        """The same formula with this configuration's sizes (seed 000 writes m = 0..4)."""
        return expr.subs(self.values)


class _Entries:
    """What a node's symbolic entry is built with (see :mod:`symconv.ops.node`), here for
    the notes: the summation variables are the notation's own symbols; an axis of extent 1
    that the notation does not show has extent 1 (its index is the base value); the
    index ranges need no proof (the notes' formulas are checked entry by entry instead)."""

    def __init__(self, general: ConvGeneral, role: str) -> None:
        g, s = general, general.spec

        def extent(key: str, size: str) -> sympy.Expr:
            return g.sizes[size] if isinstance(g.index(key), sympy.Symbol) else sympy.Integer(1)

        padded = (
            1,
            s.in_channels,
            *(n + s.padding[2 * k] + s.padding[2 * k + 1] for k, n in enumerate(g.input_hw)),
        )
        self.shapes = {
            role: padded,
            "b": (s.out_channels,),
            "W": (s.out_channels, extent("c", "C"), extent("a", "k1"), extent("b", "k2")),
        }
        self.cfg = self
        self.general = general

    def fresh(self, base: str) -> sympy.Symbol:
        return self.general.sym[base]

    def floor_div(self, num: sympy.Expr, den: sympy.Expr) -> sympy.Expr:
        return sympy.floor(num / den)

    def decompose(
        self, expr: sympy.Expr, within: sympy.Expr, groups: sympy.Expr, guard: Guard
    ) -> tuple[sympy.Expr, sympy.Expr]:
        if groups == 1:
            return sympy.Integer(0), expr
        return sympy.floor(expr / within), expr - within * sympy.floor(expr / within)

    def require(self, what: str, atoms: Iterable[Condition], guard: Guard) -> None:
        pass
