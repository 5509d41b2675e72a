"""Index rearrangements: zero padding and cropping, stride dilation, kernel rotation and the
transposed kernel's channel swap.

For one spatial axis with padding (p0, p1): ``Pad(A)[r] = [0 ≤ r - p0 < H] A[r - p0]``,
``Crop(A)[t] = A[t + p0]``; ``Dilate(A, s)[r] = [s | r] A[r/s]`` (s - 1 zeros between
entries); ``Rot180(K)[a] = K[k - 1 - a]``; ``SwapChannels(K)[γC_g + κ, φ] = K[γF_g + φ, κ]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Self, Unpack

import sympy

from symconv.algebra.termarray import TermArray
from symconv.ops.node import (
    EntryBuilder,
    Env,
    Hints,
    Index,
    Node,
    Param,
    Printer,
    _grid,
    _ints,
    _param,
    _py,
)

if TYPE_CHECKING:  # see symconv.ops.node
    from symconv.proofs.general.builder import Guard
    from symconv.proofs.general.sums import Term


class Pad(Node):
    """Zero padding of the two spatial axes by (top, bottom, left, right)."""

    op = "pad"
    primitive = "pad2d"
    roles = (None, "padding")

    def __new__(cls, arg: sympy.Basic, pads: Iterable[Param]) -> Self:
        return super().__new__(cls, arg, _ints(pads))

    def expand(self, env: Env) -> TermArray:
        inner: TermArray = self.args[0].expand(env)
        top, bottom, left, right = _py(self.args[1])
        n, c, h, w = inner.shape
        return inner.place(
            (n, c, h + top + bottom, w + left + right),
            (slice(None), slice(None), slice(top, top + h), slice(left, left + w)),
        )

    def sym_shape(self, bd: EntryBuilder) -> Index:
        n, c, h, w = self.args[0].sym_shape(bd)
        t, b, left, r = self.args[1]
        return n, c, h + t + b, w + left + r

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        from symconv.proofs.general.sums import Atom, atom, range_atoms

        pads = tuple(self.args[1])
        bd.require("padding amounts are nonnegative", [atom("ge", p) for p in pads], guard)
        n, c, r, q = idx
        inner = (n, c, r - pads[0], q - pads[2])
        _, _, h, w = self.args[0].sym_shape(bd)
        inside = range_atoms(inner[2], h) + range_atoms(inner[3], w)  # zero outside
        cond = tuple(a for a in inside if isinstance(a, Atom))
        terms = self.read(self.args[0], inner, guard + cond, bd)
        return [t for t in (t.with_atoms(inside) for t in terms) if t is not None]


class Crop(Node):
    """Drops (top, bottom, left, right) rows and columns: the inverse of :class:`Pad`."""

    op = "crop"
    primitive = "crop2d"
    roles = (None, "padding")

    def __new__(cls, arg: sympy.Basic, pads: Iterable[Param]) -> Self:
        return super().__new__(cls, arg, _ints(pads))

    def expand(self, env: Env) -> TermArray:
        inner: TermArray = self.args[0].expand(env)
        top, bottom, left, right = _py(self.args[1])
        h, w = inner.shape[-2:]
        return inner.spatial(slice(top, h - bottom), slice(left, w - right))

    def sym_shape(self, bd: EntryBuilder) -> Index:
        n, c, h, w = self.args[0].sym_shape(bd)
        t, b, left, r = self.args[1]
        return n, c, h - t - b, w - left - r

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        n, c, t, u = idx
        pads = self.args[1]
        return self.read(self.args[0], (n, c, t + pads[0], u + pads[2]), guard, bd)


class Dilate(Node):
    """Zero-dilation by the stride: ``Dilate(G, s)[s·i] = G[i]``, zeros between (a dilated
    layer's kernel is zero-dilated the same way, by its dilation: general/translate.py)."""

    op = "dilate"
    roles = (None, "stride")

    def __new__(cls, arg: sympy.Basic, strides: Iterable[Param]) -> Self:
        return super().__new__(cls, arg, _ints(strides))

    def expand(self, env: Env) -> TermArray:
        inner: TermArray = self.args[0].expand(env)
        sh, sw = _py(self.args[1])
        n, c, h, w = inner.shape
        return inner.place(
            (n, c, (h - 1) * sh + 1, (w - 1) * sw + 1),
            (slice(None), slice(None), slice(None, None, sh), slice(None, None, sw)),
        )

    def sym_shape(self, bd: EntryBuilder) -> Index:
        n, c, h, w = self.args[0].sym_shape(bd)
        sh, sw = self.args[1]
        return n, c, (h - 1) * sh + 1, (w - 1) * sw + 1

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        from symconv.proofs.general.sums import DVD, Atom, atom

        n, c, r, q = idx
        sh, sw = self.args[1]
        # Only multiples of the stride hold an entry of the child; zeros between.
        every = [atom(DVD, r, sh), atom(DVD, q, sw)]
        cond = tuple(a for a in every if isinstance(a, Atom))
        terms = self.read(self.args[0], (n, c, r / sh, q / sw), guard + cond, bd)
        return [t for t in (t.with_atoms(every) for t in terms) if t is not None]


class Rot180(Node):
    """The kernel rotated by 180 degrees: both spatial axes reversed."""

    op = "rot180"
    roles = (None,)

    def _numpycode(self, printer: Printer) -> str:
        return f"{printer._print(self.args[0])}[..., ::-1, ::-1]"

    def expand(self, env: Env) -> TermArray:
        kernel: TermArray = self.args[0].expand(env)
        return kernel.spatial(slice(None, None, -1), slice(None, None, -1))

    def sym_shape(self, bd: EntryBuilder) -> Index:
        shape: Index = self.args[0].sym_shape(bd)
        return shape

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        *head, a, b = idx
        kh, kw = self.args[0].sym_shape(bd)[-2:]
        return self.read(self.args[0], (*head, kh - 1 - a, kw - 1 - b), guard, bd)


class SwapChannels(Node):
    """(F, C/g, kh, kw) -> (C, F/g, kh, kw), group by group: the kernel of the transpose."""

    op = "swap"
    roles = (None, "groups")

    def __new__(cls, arg: sympy.Basic, groups: Param) -> Self:
        return super().__new__(cls, arg, _param(groups))

    def expand(self, env: Env) -> TermArray:
        kernel: TermArray = self.args[0].expand(env)
        groups = int(self.args[1])
        filters, group_in, kh, kw = kernel.shape
        group_out = filters // groups
        # new[g·C_g + c, f', a, b] = old[g·F_g + f', c, a, b]
        g, c, f, a, b = _grid(groups, group_in, group_out, kh, kw)
        picked = kernel.index((g * group_out + f, c, a, b))  # (g, C_g, F_g, kh, kw)
        k, d = picked.mono.shape[-2:]
        return TermArray(
            picked.mono.reshape(groups * group_in, group_out, kh, kw, k, d),
            picked.coef.reshape(groups * group_in, group_out, kh, kw, k),
            picked.den,
        )

    def sym_shape(self, bd: EntryBuilder) -> Index:
        f, cg, kh, kw = self.args[0].sym_shape(bd)
        groups = self.args[1]
        return groups * cg, sympy.cancel(f / groups), kh, kw

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        c, phi, a, b = idx
        groups = self.args[1]
        f, cg = self.args[0].sym_shape(bd)[:2]
        gamma, kappa = bd.decompose(c, cg, groups, guard)
        fg = sympy.cancel(f / groups)
        return self.read(self.args[0], (gamma * fg + phi, kappa, a, b), guard, bd)
