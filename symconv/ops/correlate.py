"""Correlations: the forward, the weight gradient and the input gradient of a convolution.

All tensors NCHW, kernels (F, C/groups, kh, kw); per spatial axis, with stride s, dilation
d, kernel k and padded size Hp, and output channel γF_g + φ (filter φ of group γ):

- ``Correlate(A, K)[n, γF_g+φ, i] = Σ_{c,a} A[n, γC_g + c, s·i + d·a] K[γF_g+φ, c, a]``;
- ``CorrelateWeight(A, D)[γF_g+φ, c, a] = Σ_{n,i} A[n, γC_g + c, i + d·a] D[n, γF_g+φ, i]``:
  with ``D = Dilate(G, s)`` this is ``Σ_i A[s·i + d·a] G[i]``, the weight gradient;
- ``FullConvolveRot180(G, K, s, d, g, k, Hp)`` is defined as
  ``Correlate(Pad(Dilate(G, s), d·(k-1), Hp - (Ho-1)·s - 1), Rot180(SwapChannels(K)), 1, d, g)``:
  entry t collects ``G[i]·K[a]`` over ``s·i + d·a = t``, the input gradient before cropping.

The summation variables of an entry at symbolic sizes get fresh names with a tilde (ã, ĩ,
...) so that the closed form's variables are never confused with the derivation's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Self, Unpack

import numpy as np
import sympy

from symconv.algebra.termarray import TermArray, product
from symconv.ops.node import (
    Constant,
    EntryBuilder,
    Env,
    Hints,
    Index,
    Node,
    Param,
    Printer,
    TensorSymbol,
    _code,
    _grid,
    _ints,
    _param,
    _py,
)
from symconv.ops.spatial import Dilate, Pad, Rot180, SwapChannels

if TYPE_CHECKING:  # see symconv.ops.node
    from symconv.proofs.general.builder import Guard
    from symconv.proofs.general.sums import Condition, Term

# The summation variables of a sum and their ranges (conditions, or True/False when trivial).
Summation = tuple[tuple[sympy.Symbol, ...], list["Condition"]]


def summed(
    bd: EntryBuilder, names_extents: Iterable[tuple[str, sympy.Expr]]
) -> tuple[Index, Summation]:
    """Fresh summation variables and their ranges (an extent of 1 fixes the index at 0)."""
    from symconv.proofs.general.sums import range_atoms

    values: list[sympy.Expr] = []
    variables: list[sympy.Symbol] = []
    atoms: list[Condition] = []
    for base, extent in names_extents:
        if extent == 1:
            values.append(sympy.Integer(0))
            continue
        v = bd.fresh(base)
        values.append(v)
        variables.append(v)
        atoms += range_atoms(v, extent)
    return tuple(values), (tuple(variables), atoms)


def guarded(guard: Guard, atoms: Iterable[Condition]) -> Guard:
    from symconv.proofs.general.sums import Atom

    return guard + tuple(a for a in atoms if isinstance(a, Atom))


def over(
    terms: list[Term], variables: tuple[sympy.Symbol, ...], atoms: Sequence[Condition]
) -> list[Term]:
    """The terms summed over ``variables`` in the ranges ``atoms`` (empty ones dropped)."""
    out = [t.over(variables, atoms) for t in terms]
    return [t for t in out if t is not None]


def window_mean_size(
    kernel: sympy.Basic, groups: sympy.Expr, dilation: sympy.Tuple
) -> tuple[int, int] | None:
    """(kh, kw) when ``kernel`` is the depthwise constant 1/(kh·kw) without dilation."""
    if not isinstance(kernel, Constant) or _py(dilation) != (1, 1):
        return None
    channels, per_group, kh, kw = _py(kernel.args[1])
    if per_group != 1 or channels != int(groups) or kernel.args[0] != sympy.Rational(1, kh * kw):
        return None
    return kh, kw


class Correlate(Node):
    """Grouped, strided, dilated cross-correlation of A (N,C,H,W) with K (F,C/g,kh,kw)."""

    op = "corr"
    primitive = "correlate2d"
    roles = (None, None, "stride", "dilation", "groups")

    def __new__(
        cls,
        arg: sympy.Basic,
        kernel: sympy.Basic,
        stride: Iterable[Param],
        dilation: Iterable[Param],
        groups: Param = 1,
    ) -> Self:
        return super().__new__(cls, arg, kernel, _ints(stride), _ints(dilation), _param(groups))

    def _numpycode(self, printer: Printer) -> str:
        """``correlate2d(A, K, stride, dilation, groups)``, or ``avg_pool2d`` for a mean.

        A depthwise correlation (one channel per group) with the constant kernel
        1/(kh·kw) and no dilation is, entry by entry, the mean of each kh×kw window of
        the padded input, zeros included: average pooling, which has a cheaper
        primitive than a general correlation."""
        arg, kernel, stride, dilation, groups = self.args
        size = window_mean_size(kernel, groups, dilation)
        if size is None:
            return super()._numpycode(printer)
        inner, pads = arg.args if isinstance(arg, Pad) else (arg, _ints((0, 0, 0, 0)))
        return (
            f"avg_pool2d({_code(printer, inner)}, {size!r}, {_code(printer, stride)}, "
            f"{_code(printer, pads)})"
        )

    def expand(self, env: Env) -> TermArray:
        a = self.args[0].expand(env)
        k = self.args[1].expand(env)
        (sh, sw), (dh, dw), groups = _py(self.args[2]), _py(self.args[3]), int(self.args[4])
        n_batch, _, h, w = a.shape
        filters, group_in, kh, kw = k.shape
        group_out = filters // groups
        ho, wo = (h - dh * (kh - 1) - 1) // sh + 1, (w - dw * (kw - 1) - 1) // sw + 1
        n, f, i, j = (x[..., None] for x in _grid(n_batch, filters, ho, wo))
        c, p, q = (
            x.reshape(-1)
            for x in np.meshgrid(np.arange(group_in), np.arange(kh), np.arange(kw), indexing="ij")
        )
        channel = (f // group_out) * group_in + c
        return product(a, (n, channel, sh * i + dh * p, sw * j + dw * q), k, (f, c, p, q))

    def sym_shape(self, bd: EntryBuilder) -> Index:
        n, _, h, w = self.args[0].sym_shape(bd)
        f, _, kh, kw = self.args[1].sym_shape(bd)
        (sh, sw), (dh, dw) = self.args[2], self.args[3]
        return (
            n,
            f,
            bd.floor_div(h - dh * (kh - 1) - 1, sh) + 1,
            bd.floor_div(w - dw * (kw - 1) - 1, sw) + 1,
        )

    def _entry(
        self,
        idx: Index,
        guard: Guard,
        bd: EntryBuilder,
        names: tuple[str, str, str] = ("c", "a", "b"),
        **hints: object,
    ) -> list[Term]:
        """``names``: the summation variables' letters (the filter φ in a full convolution)."""
        from symconv.proofs.general.sums import times

        arg, kernel, (sh, sw), (dh, dw), groups = self.args
        n, f, i, j = idx
        filters, group_in, kh, kw = kernel.sym_shape(bd)
        gamma, _ = bd.decompose(f, sympy.cancel(filters / groups), groups, guard)
        (c, a, b), (variables, atoms) = summed(
            bd, list(zip(names, (group_in, kh, kw), strict=True))
        )
        inner = guarded(guard, atoms)
        left = self.read(
            arg, (n, gamma * group_in + c, sh * i + dh * a, sw * j + dw * b), inner, bd
        )
        right = self.read(kernel, (f, c, a, b), inner, bd)
        return over(times(left, right), variables, atoms)


class CorrelateWeight(Node):
    """``[f,c,a,b] = Σ_{n,i,j} A[n, g(f)·C_g + c, i + d_h·a, j + d_w·b] · D[n,f,i,j]``."""

    op = "corr_w"
    roles = (None, None, "dilation", "groups", "kernel")

    def __new__(
        cls,
        arg: sympy.Basic,
        grad: sympy.Basic,
        dilation: Iterable[Param],
        groups: Param,
        kernel: Iterable[Param],
    ) -> Self:
        return super().__new__(cls, arg, grad, _ints(dilation), _param(groups), _ints(kernel))

    def _numpycode(self, printer: Printer) -> str:
        """``correlate2d_grad_weight(xpad, G, stride, dilation, groups, kernel)``."""
        arg, grad, dilation, groups, kernel = self.args
        stride = sympy.Tuple(1, 1)
        if isinstance(grad, Dilate):  # the primitive dilates G by the stride itself
            grad, stride = grad.args
        return (
            f"correlate2d_grad_weight({_code(printer, arg)}, {_code(printer, grad)}, "
            f"{_code(printer, stride)}, {_code(printer, dilation)}, {int(groups)}, "
            f"{_code(printer, kernel)})"
        )

    def expand(self, env: Env) -> TermArray:
        a = self.args[0].expand(env)
        d = self.args[1].expand(env)
        (dh, dw), groups, (kh, kw) = _py(self.args[2]), int(self.args[3]), _py(self.args[4])
        n_batch, channels, _, _ = a.shape
        _, filters, hg, wg = d.shape
        group_in, group_out = channels // groups, filters // groups
        f, c, p, q = (x[..., None] for x in _grid(filters, group_in, kh, kw))
        n, i, j = (
            x.reshape(-1)
            for x in np.meshgrid(np.arange(n_batch), np.arange(hg), np.arange(wg), indexing="ij")
        )
        channel = (f // group_out) * group_in + c
        return product(a, (n, channel, i + dh * p, j + dw * q), d, (n, f, i, j))

    def sym_shape(self, bd: EntryBuilder) -> Index:
        channels = self.args[0].sym_shape(bd)[1]
        filters = self.args[1].sym_shape(bd)[1]
        return (filters, sympy.cancel(channels / self.args[3]), *self.args[4])

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        from symconv.proofs.general.sums import times

        arg, grad, (dh, dw), groups, _ = self.args
        f, c, a, b = idx
        batch, channels = arg.sym_shape(bd)[:2]
        _, filters, hg, wg = grad.sym_shape(bd)
        gamma, _ = bd.decompose(f, sympy.cancel(filters / groups), groups, guard)
        (n, i, j), (variables, atoms) = summed(bd, [("n", batch), ("i", hg), ("j", wg)])
        inner = guarded(guard, atoms)
        group_in = sympy.cancel(channels / groups)
        left = self.read(arg, (n, gamma * group_in + c, i + dh * a, j + dw * b), inner, bd)
        right = self.read(grad, (n, f, i, j), inner, bd)
        return over(times(left, right), variables, atoms)


class FullConvolveRot180(Node):
    """Full convolution of the stride-dilated G with the rotated kernel (JAX's lhs rule)."""

    op = "fullconv"
    roles = (None, None, "stride", "dilation", "groups", "kernel", "padded")

    def __new__(
        cls,
        grad: sympy.Basic,
        kernel: sympy.Basic,
        stride: Iterable[Param],
        dilation: Iterable[Param],
        groups: Param,
        kernel_size: Iterable[Param],
        padded: Iterable[Param],
    ) -> Self:
        return super().__new__(
            cls,
            grad,
            kernel,
            _ints(stride),
            _ints(dilation),
            _param(groups),
            _ints(kernel_size),
            _ints(padded),
        )

    def _numpycode(self, printer: Printer) -> str:
        """``full_convolve2d_rot180(G, W, stride, dilation, groups, padded)``, or
        ``avg_pool2d_grad`` for a window mean (see :meth:`Correlate._numpycode`): every
        entry of the padded input receives G[o]/(kh·kw) from each window o that holds it,
        so the full convolution with the constant kernel is the average pool's spreading."""
        grad, kernel, stride, dilation, groups, _, padded = self.args
        size = window_mean_size(kernel, groups, dilation)
        if size is not None and isinstance(grad, TensorSymbol):
            g = _code(printer, grad)
            shape = f"({g}.shape[0], {int(groups)}, {int(padded[0])}, {int(padded[1])})"
            return (
                f"avg_pool2d_grad({g}, {shape}, {size!r}, {_code(printer, stride)}, (0, 0, 0, 0))"
            )
        return (
            f"full_convolve2d_rot180({_code(printer, grad)}, {_code(printer, kernel)}, "
            f"{_code(printer, stride)}, {_code(printer, dilation)}, {int(groups)}, "
            f"{_code(printer, padded)})"
        )

    def as_correlation(self, grad_shape: Sequence[int | sympy.Expr]) -> Correlate:
        """The definition: pad the dilated G by d·(k-1) in front and enough behind.

        ``grad_shape`` ends with G's (Ho, Wo): integers, or expressions in the sizes."""
        grad, kernel, stride, dilation, groups, ksize, padded = self.args
        (sh, sw), (dh, dw), (kh, kw), (hp, wp) = stride, dilation, ksize, padded
        hg, wg = (grad_shape[-2] - 1) * sh + 1, (grad_shape[-1] - 1) * sw + 1
        pads = (dh * (kh - 1), hp - hg, dw * (kw - 1), wp - wg)
        return Correlate(
            Pad(Dilate(grad, stride), pads),
            Rot180(SwapChannels(kernel, groups)),
            (1, 1),
            dilation,
            groups,
        )

    def expand(self, env: Env) -> TermArray:
        return self.as_correlation(self.args[0].expand(env).shape).expand(env)

    def sym_shape(self, bd: EntryBuilder) -> Index:
        return self.as_correlation(self.args[0].sym_shape(bd)).sym_shape(bd)

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        # the sum runs over the filters of a group
        filters = "f" if self.args[4] == 1 else "phi"
        return self.as_correlation(self.args[0].sym_shape(bd)).entry(
            idx, guard, bd, names=(filters, "a", "b")
        )
