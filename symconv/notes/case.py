"""One convolution configuration with everything the notes print about it.

A :class:`ConvCase` holds the layer (symbolic X, W, b, G), its element-by-element
derivation, its general index forms, the proofs of its closed forms and the printing
context that names entries in the chosen notation.  It also decides what is small
enough to write out element by element.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import product
from typing import Any, TypeAlias

import numpy as np
import sympy

from symconv.algebra.tensors import Naming
from symconv.layers.conv import ConvLayer
from symconv.notes.document import Check
from symconv.notes.general import ConvGeneral
from symconv.printing import Notation, PrintContext
from symconv.proofs.proof import Proof
from symconv.spec.layer import Conv

# Above these sizes the notes give the general forms only and say so.
MAX_OUTPUTS = 16  # outputs written out one by one (seed 004: 9)
MAX_TERMS = 160  # terms in all written-out outputs together
MAX_GRID = 8  # rows or columns of a matrix written out
MAX_JACOBIAN_COLS = 8  # columns of a Jacobian matrix (seed 004's dy/dx has 4)
SAMPLES = 3  # entries at which a general form is checked in a large case

Point: TypeAlias = dict[sympy.Symbol, int]  # general index symbol -> displayed value


@dataclass
class Sizes:
    outputs: int
    window: int
    inputs: int
    weights: int


class ConvCase:
    """A convolution at one configuration, derived, proved and ready to print."""

    def __init__(self, spec: Conv, input_hw: tuple[int, int], nt: Notation) -> None:
        height, width = input_hw
        self.spec, self.input_hw, self.nt = spec, (height, width), nt
        self.layer = self.layer_class(spec, self.input_hw, 1, Naming(index_base=nt.index_base))
        self.derivation = self.layer.derivation()
        self.general = self.general_class(spec, self.input_hw, nt)
        self.ho, self.wo = self.layer.ho, self.layer.wo
        self.padded = self._padded()
        self._z: dict[tuple[int, ...], sympy.Symbol] = {}
        self.ctx = PrintContext(nt, self.shapes(), self._entries(), self.general.ranks(), spec.dims)

    layer_class: type[ConvLayer] = ConvLayer
    general_class: type[ConvGeneral] = ConvGeneral

    def _padded(self) -> tuple[int, int]:
        """The largest grid the notes draw: the padded input."""
        top, bottom, left, right = self.spec.padding
        return (self.input_hw[0] + top + bottom, self.input_hw[1] + left + right)

    def shapes(self) -> dict[str, tuple[int, ...]]:
        s = self.spec
        out = (s.out_channels, self.ho, self.wo)
        return {
            "X": (s.in_channels, *self.input_hw),
            "Xpad": (s.in_channels, *self.padded),
            "W": (s.out_channels, s.group_in, *s.kernel),
            "b": (s.out_channels,),
            "Z": out,
            "G": out,
        }

    def _entries(self) -> dict[sympy.Symbol, tuple[str, tuple[int, ...]]]:
        entries: dict[sympy.Symbol, tuple[str, tuple[int, ...]]] = {}
        for tag, tensor in self.layer.tensors.items():
            for index in tensor.indices():
                key = index[1:] if tag in ("X", "G") else index  # no batch axis in the notes
                entries[self.derivation.symbol(tag, index)] = (tag, key)
        for index in self.outputs():
            self._z[index] = sympy.Symbol("Z_" + "_".join(map(str, index)))
            entries[self._z[index]] = ("Z", index)
        return entries

    # --- entries -----------------------------------------------------------------------
    def outputs(self) -> list[tuple[int, int, int]]:
        return [tuple(i) for i in np.ndindex(self.spec.out_channels, self.ho, self.wo)]

    def inputs(self) -> list[tuple[int, int, int]]:
        return [tuple(i) for i in np.ndindex(self.spec.in_channels, *self.input_hw)]

    def weights(self) -> list[tuple[int, ...]]:
        s = self.spec
        return [tuple(i) for i in np.ndindex(s.out_channels, s.group_in, *s.kernel)]

    def entry(self, tag: str, index: tuple[int, ...]) -> sympy.Symbol:
        if tag == "Z":
            return self._z[tuple(index)]
        full = (0, *index) if tag in ("X", "G") else index
        return self.derivation.symbol(tag, full)

    def forward(self, out: tuple[int, ...]) -> sympy.Expr:
        return self.derivation.forward((0, *out))

    def gradient(self, tag: str, index: tuple[int, ...]) -> sympy.Expr:
        full = (0, *index) if tag == "X" else index
        return self.derivation.gradient(tag, full)

    def window(self, out: tuple[int, int, int]) -> list[tuple[int, int, int]]:
        """(channel, row, col) in the padded input read by output ``out``, as conv.py reads."""
        s = self.spec
        f, i, j = out
        first = (f // s.group_out) * s.group_in
        return [
            (first + c, s.stride[0] * i + s.dilation[0] * a, s.stride[1] * j + s.dilation[1] * b)
            for c in range(s.group_in)
            for a in range(s.kernel[0])
            for b in range(s.kernel[1])
        ]

    # --- what is small ---------------------------------------------------------------------
    @cached_property
    def sizes(self) -> Sizes:
        s = self.spec
        return Sizes(
            s.out_channels * self.ho * self.wo,
            s.group_in * s.kernel[0] * s.kernel[1],
            s.in_channels * self.input_hw[0] * self.input_hw[1],
            s.out_channels * s.group_in * s.kernel[0] * s.kernel[1],
        )

    @property
    def small(self) -> bool:
        """Small enough to write every output element out (seed 001, eqs. 2-5)."""
        n = self.sizes
        return n.outputs <= MAX_OUTPUTS and n.outputs * n.window <= MAX_TERMS

    @property
    def grids_fit(self) -> bool:
        height, width = self.padded
        return height <= MAX_GRID + 2 and width <= MAX_GRID + 4

    @property
    def one_map(self) -> bool:
        """One input channel and one filter: X, W and G are plain matrices."""
        return self.spec.in_channels == 1 and self.spec.out_channels == 1

    @property
    def strided_gather(self) -> bool:
        """dL/dX reads G at (t + p - d·a)/s: indices that are not whole stand for zeros."""
        return max(self.spec.stride) > 1

    @cached_property
    def proofs(self) -> list[Proof]:
        return self.layer.prove(kernels=False)

    # --- general forms, checked ---------------------------------------------------------
    def evaluate(self, expr: sympy.Expr) -> sympy.Expr:
        """A general form at concrete indices, its sums unrolled term by term.

        The same value as SymPy's ``doit`` with every entry looked up, but SymPy's generic
        summation takes seconds for the 784-term sums of a LeNet-size layer, so each
        Indexed factor's index arithmetic is compiled once and evaluated for every term.
        """
        if isinstance(expr, sympy.Sum):
            return self._unroll(expr)
        if isinstance(expr, sympy.Indexed):
            return self._entry_at(str(expr.base.label), list(expr.indices))
        if isinstance(expr, (sympy.Add, sympy.Mul)):
            return expr.func(*(self.evaluate(a) for a in expr.args))
        return expr

    def _unroll(self, total: sympy.Sum) -> sympy.Expr:
        variables = [v for v, _, _ in total.limits]
        ranges = [range(int(lo), int(hi) + 1) for _, lo, hi in total.limits]
        # (role, the index function lambdify made) or (None, a factor without an entry)
        factors: list[tuple[str | None, Any]] = []
        for f in sympy.Mul.make_args(total.function):
            if isinstance(f, sympy.Indexed):
                fn = sympy.lambdify(variables, list(f.indices), modules="math")
                factors.append((str(f.base.label), fn))
            else:
                factors.append((None, f))
        terms = []
        for values in product(*ranges):
            parts = []
            for role, f in factors:
                if role is None:
                    parts.append(f.xreplace(dict(zip(variables, values, strict=True))))
                else:
                    parts.append(self._entry_at(role, f(*values)))
            terms.append(sympy.Mul(*parts))
        return sympy.Add(*terms)

    def _entry_at(self, role: str, shown: list[int | float | sympy.Expr]) -> sympy.Expr:
        """The entry at displayed indices; 0 in the padding or off the stride grid."""
        shown = [v if isinstance(v, (int, float)) else float(v) for v in shown]  # TypeError if free
        if any(abs(v - round(v)) > 1e-9 for v in shown):
            return sympy.Integer(0)  # a G index (t + p - d·a)/s that is not whole
        index = [round(v) - self.ctx.base(role, a) for a, v in enumerate(shown)]
        top, _, left, _ = self.spec.padding
        if role == "Xpad":
            role, index = "X", [index[0], index[1] - top, index[2] - left]
        shape = self.shapes()[role]
        if any(v < 0 or v >= n for v, n in zip(index, shape, strict=True)):
            return sympy.Integer(0)
        return self.entry(role, tuple(index))

    def check(
        self,
        name: str,
        tex: str,
        general: sympy.Expr,
        derived: Callable[[Point], sympy.Expr],
        points: list[Point],
    ) -> Check:
        """Instantiate ``general`` at each point and compare with ``derived(point)``."""
        start, terms = time.perf_counter(), 0
        ok = True
        general = self.general.numeric(general)  # sizes k_1, H_out... as this layer's numbers
        for point in points:
            value = self.evaluate(general.xreplace(point))
            expected = derived(point)
            terms += len(sympy.Add.make_args(expected))
            # Both sides are sums of distinct canonical products: equal sums have equal
            # term sets, which is much faster to see than SymPy cancelling 784 terms.
            same = set(sympy.Add.make_args(value)) == set(sympy.Add.make_args(expected))
            ok = ok and (same or sympy.expand(value - expected) == 0)
        return Check(
            name,
            tex,
            "proved" if ok else "failed",
            len(points),
            terms,
            time.perf_counter() - start,
            "general form instantiated at every entry and compared with the chain rule"
            if len(points) == self._population(name)
            else f"general form instantiated at {len(points)} sampled entries and compared "
            "with the chain rule",
        )

    def _population(self, name: str) -> int:
        n = self.sizes
        return {
            "Z": n.outputs,
            "dL/dW": n.weights,
            "dL/dX": n.inputs,
            "dL/db": self.spec.out_channels,
        }.get(name, -1)

    def points(self, keys: tuple[str, ...], indices: Sequence[tuple[int, ...]]) -> list[Point]:
        """Substitutions of the general index symbols (displayed base) for each index."""
        if len(indices) > MAX_OUTPUTS:  # a large case: first, middle and last entry
            indices = [indices[0], indices[len(indices) // 2], indices[-1]][:SAMPLES]
        g, sym = self.general, self.general.sym
        return [
            {sym[k]: v + g.key_base(k) for k, v in zip(keys, index, strict=True)}
            for index in indices
        ]
