"""One transposed convolution configuration, ready for the notes (a :class:`ConvCase`).

The general index forms are the adjoint convolution's (:meth:`ConvTranspose.adjoint`),
renamed: the transposed layer's forward is that convolution's input gradient with X in
G's place, and its input gradient is that convolution's forward with G in X's place
(the module docstring of :mod:`symconv.layers.conv_transpose`).  Nothing is typed
anew: :class:`TransposeGeneral` takes :class:`ConvGeneral`'s sums and exchanges the
tensors and the index and size names, and :class:`ConvCase` checks every one of them
against the transposed layer's own element-by-element derivation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import sympy

from symconv.layers.conv_transpose import ConvTransposeLayer
from symconv.notes.case import MAX_TERMS, ConvCase, Sizes
from symconv.notes.general import ConvGeneral, tensor
from symconv.spec.layer import ConvTranspose

if TYPE_CHECKING:
    from symconv.printing import Notation

MAX_SCATTERED = 36  # outputs written out one by one (a 3x3 input, kernel 2, stride 2)


@dataclass
class TransposeGeneral(ConvGeneral):
    """The general forms of a transposed convolution: ``spec`` is the transposed layer;
    the sums are built by the adjoint convolution's :class:`ConvGeneral`."""

    spec: ConvTranspose  # type: ignore[assignment]

    if TYPE_CHECKING:  # ConvCase's constructor, given this layer's spec

        def __init__(
            self, spec: ConvTranspose, input_hw: tuple[int, int], nt: Notation
        ) -> None: ...

    def __post_init__(self) -> None:
        super().__post_init__()
        # With groups, W's second axis is the filter within the group (f'), not the
        # output channel f: W[c', f', a, b] feeds Z[γ(c')·F_g + f'] (γ(c') = ⌊c'/C_g⌋).
        self.sym["f'"] = sympy.Symbol(self.nt.names["f"] + "'", integer=True)

    @property
    def weight_keys(self) -> tuple[str, ...]:  # type: ignore[override]
        """W[c, f, a, b]: input channel first; with groups, (c' of all C_in, f' local)."""
        return ("c'", "f", "a'", "b'") if self.spec.groups == 1 else ("cx", "f'", "a'", "b'")

    def extent(self, key: str) -> int:
        if key == "f'":
            return self.spec.group_out
        return super().extent(key)

    def _weight_filter(self) -> sympy.Expr:
        """The output channel a weight W[c', f', a', b'] feeds (displayed indices)."""
        s = self.spec  # channels and in-group filters count from the channel base
        channel = self.index("cx") - self.cbase
        return sympy.floor(channel / s.group_in) * s.group_out + self.index("f'")

    def z_at_weight(self) -> sympy.Indexed:
        if self.spec.groups == 1:
            return super().z_at_weight()
        return tensor("Z", self._weight_filter(), self.index("i"), self.index("j"))

    def g_at_weight(self) -> sympy.Indexed:
        if self.spec.groups == 1:
            return super().g_at_weight()
        return tensor("G", self._weight_filter(), self.index("i"), self.index("j"))

    def forward_at_weight(self) -> sympy.Expr:
        body = self.forward(bias=False)
        if self.spec.groups == 1:
            return body
        body = body.xreplace({self.sym["f"]: self._weight_filter()})
        first = self.key_base("f'")
        return _within_group(body, self.index("f'"), range(first, first + self.spec.group_out))

    @cached_property
    def adjoint(self) -> ConvGeneral:
        s = self.spec
        _, height, width = s.output_shape((s.in_channels, *self.input_hw))
        return ConvGeneral(s.adjoint(), (height, width), self.nt)

    def _rename(self, expr: sympy.Expr, channels: dict[str, str]) -> sympy.Expr:
        """The adjoint's sum in the transposed layer's names: its input axes are this
        layer's output axes (and sizes), its output axes this layer's input axes; X and G
        exchange roles, and its padded X becomes G read p before the output's start."""
        a, sym, size = self.adjoint, self.sym, self.sizes
        names = {a.sym[k]: sym[v] for k, v in channels.items()}
        names |= {a.sym[k]: sym[v] for k, v in (("i", "t"), ("j", "u"), ("t", "i"), ("u", "j"))}
        names |= {
            a.sizes[k]: size[v]
            for k, v in (("H", "Ho"), ("W", "Wo"), ("Ho", "H"), ("Wo", "W"), ("C", "F"), ("F", "C"))
        }
        top, _, left, _ = self.spec.padding
        shift = {"Xpad": ("G", (0, -top, -left)), "X": ("G", (0, 0, 0)), "G": ("X", (0, 0, 0))}

        def swapped(entry: sympy.Indexed) -> sympy.Indexed:
            role, offsets = shift.get(str(entry.base.label), (str(entry.base.label), ()))
            indices = [i + o for i, o in zip(entry.indices, offsets, strict=False)] + list(
                entry.indices[len(offsets) :]
            )
            return tensor(role, *indices)

        expr = expr.xreplace({e: swapped(e) for e in expr.atoms(sympy.Indexed)})
        return expr.xreplace(names)

    def forward(self, bias: bool = True) -> sympy.Expr:
        """Z[f,i,j] = Σ_{c,a,b} X[c, (i + p - d·a)/s, (j + p - d·b)/s]·W[c,f,a,b] (+ b[f]):
        the adjoint's dL/dX, read at this layer's output."""
        body = self._rename(self.adjoint.dx_general(), {"f": "c", "c'": "f"})
        if bias and self.spec.bias:
            return body + tensor("b", self.index("f"))
        return body

    def weight(self) -> sympy.Indexed:
        return tensor("W", *(self.index(k) for k in self.weight_keys))

    def dw_entry(self) -> sympy.Indexed:
        return tensor("dW", *(self.index(k) for k in self.weight_keys))

    def dx_general(self) -> sympy.Expr:
        """dL/dX[c',t,u] = Σ_{f,a,b} W[c',f,a,b]·G[f, s·t + d·a - p, s·u + d·b - p]: the
        adjoint's forward, G in X's place."""
        body = self._rename(self.adjoint.forward(bias=False), {"f": "c'", "c": "f"})
        if self.spec.groups == 1:
            return body
        # With groups the sum runs over the C_out/g filters of c''s group (f' within it)
        sizes = self.sizes["F"]
        return body.xreplace({self.sym["f"]: self.sym["f'"], sizes: sizes / self.spec.groups})


class TransposeCase(ConvCase):
    """A transposed convolution at one configuration, derived, proved and ready to print."""

    spec: ConvTranspose  # type: ignore[assignment]

    if TYPE_CHECKING:  # ConvCase's constructor, given this layer's spec

        def __init__(
            self, spec: ConvTranspose, input_hw: tuple[int, int], nt: Notation
        ) -> None: ...

    layer_class = ConvTransposeLayer
    general_class = TransposeGeneral

    def _padded(self) -> tuple[int, int]:
        """The largest grid the notes draw: the output (its input is not padded)."""
        return (self.ho, self.wo)

    def shapes(self) -> dict[str, tuple[int, ...]]:
        s = self.spec
        out = (s.out_channels, self.ho, self.wo)
        return {
            "X": (s.in_channels, *self.input_hw),
            "W": s.weight_shape,
            "b": (s.out_channels,),
            "Z": out,
            "G": out,
        }

    def weights(self) -> list[tuple[int, ...]]:
        return [tuple(i) for i in np.ndindex(*self.spec.weight_shape)]

    def landing(self, index: tuple[int, int, int]) -> list[tuple[int, int, int, int, int]]:
        """(filter, row, column, a, b): where X[index]·W[c, f, a, b] lands in the output
        (s·i + d·a - p_t, s·j + d·b - p_l), as the layer's forward spreads it."""
        s = self.spec
        c, i, j = index
        top, _, left, _ = s.padding
        first = (c // s.group_in) * s.group_out
        found = []
        for f in range(s.group_out):
            for a in range(s.kernel[0]):
                for b in range(s.kernel[1]):
                    row = s.stride[0] * i + s.dilation[0] * a - top
                    col = s.stride[1] * j + s.dilation[1] * b - left
                    if 0 <= row < self.ho and 0 <= col < self.wo:
                        found.append((first + f, row, col, a, b))
        return found

    @property
    def small(self) -> bool:
        """A stride multiplies the output: a 3x3 input with stride 2 gives 36 entries of one
        product each, still a page; the term budget is the convolution's."""
        n = self.sizes
        return n.outputs <= MAX_SCATTERED and n.outputs * n.window <= MAX_TERMS

    strided_gather = False  # dL/dX reads G at s·t + d·a - p: always a whole index

    @cached_property
    def sizes(self) -> Sizes:
        s = self.spec
        width = max((len(self.forward(o).free_symbols) for o in self.outputs()), default=0)
        return Sizes(
            s.out_channels * self.ho * self.wo,
            max(1, width // 2),
            s.in_channels * self.input_hw[0] * self.input_hw[1],
            int(np.prod(s.weight_shape)),
        )


def _within_group(expr: sympy.Expr, local: sympy.Expr, values: range) -> sympy.Expr:
    """``expr`` with each floor and remainder of the in-group filter ``local`` settled:
    over the values it takes (0 <= f' - base < F_g) a part of the expression that is
    constant is that constant, and one that is ``local`` itself (f' mod F_g) is ``local``
    (SymPy cannot know the range of a symbol)."""
    if not isinstance(local, sympy.Symbol):
        return expr

    def settle(node: sympy.Expr) -> sympy.Expr:
        if node.free_symbols != {local}:
            return node
        seen = [node.xreplace({local: v}) for v in values]
        if len(set(seen)) == 1:
            return seen[0]
        if seen == list(values):
            return local
        return node

    return expr.replace(
        lambda e: (
            isinstance(e, (sympy.floor, sympy.Mod, sympy.Add)) and e.has(sympy.floor, sympy.Mod)
        ),
        settle,
    )
