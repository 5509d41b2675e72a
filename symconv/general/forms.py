"""The summing closed-form nodes at symbolic sizes: correlations, full convolution, sums.

Their definitions are those of :mod:`symconv.closed` (see :mod:`.nodes`); the summation
variables get fresh names with a tilde (ã, ĩ, ...) so that the closed form's variables are
never confused with the derivation's.
"""

from __future__ import annotations

import sympy
from sympy import Expr

from .nodes import Builder, Dilate, Guard, Pad, Rot180, SNode, Swap, _over
from .sums import Atom, range_atoms, times


def _vars(bd: Builder, names_extents) -> tuple[tuple, list]:
    """Fresh summation variables and their ranges (an extent of 1 fixes the index at 0)."""
    values, variables, atoms = [], [], []
    for base, extent in names_extents:
        if extent == 1:
            values.append(sympy.Integer(0))
            continue
        v = bd.fresh(base)
        values.append(v)
        variables.append(v)
        atoms += range_atoms(v, extent)
    return tuple(values), (tuple(variables), atoms)


def _guarded(guard: Guard, atoms) -> Guard:
    return guard + tuple(a for a in atoms if isinstance(a, Atom))


class Correlate(SNode):
    """``[n, γF_g+φ, i, j] = Σ_{c,a,b} A[n, γC_g+c, s i + d a, s j + d b] K[γF_g+φ, c, a, b]``."""

    def __init__(self, arg: SNode, kernel: SNode, stride, dilation, groups: Expr,
                 names: tuple[str, str, str] = ("c", "a", "b")) -> None:
        self.arg, self.kernel = arg, kernel
        self.stride, self.dilation, self.groups = stride, dilation, groups
        self.names = names  # the summation variables' letters (the filter φ in a full conv.)

    def shape(self, bd):
        n, _, h, w = self.arg.shape(bd)
        f, _, kh, kw = self.kernel.shape(bd)
        (sh, sw), (dh, dw) = self.stride, self.dilation
        return (n, f, bd.floor_div(h - dh * (kh - 1) - 1, sh) + 1,
                bd.floor_div(w - dw * (kw - 1) - 1, sw) + 1)

    def _entry(self, idx, guard, bd):
        n, f, i, j = idx
        filters, group_in, kh, kw = self.kernel.shape(bd)
        group_out = sympy.cancel(filters / self.groups)
        gamma, _ = bd.decompose(f, group_out, self.groups, guard)
        (c, a, b), (variables, atoms) = _vars(bd, list(zip(self.names, (group_in, kh, kw),
                                                            strict=True)))
        (sh, sw), (dh, dw) = self.stride, self.dilation
        inner = _guarded(guard, atoms)
        left = self.read(self.arg, (n, gamma * group_in + c, sh * i + dh * a, sw * j + dw * b),
                         inner, bd)
        right = self.read(self.kernel, (f, c, a, b), inner, bd)
        return _over(times(left, right), variables, atoms)


class CorrelateWeight(SNode):
    """``[γF_g+φ, c, a, b] = Σ_{n,i,j} A[n, γC_g+c, i + d_h a, j + d_w b] D[n, γF_g+φ, i, j]``."""

    def __init__(self, arg: SNode, grad: SNode, dilation, groups: Expr, kernel) -> None:
        self.arg, self.grad = arg, grad
        self.dilation, self.groups, self.kernel = dilation, groups, kernel

    def shape(self, bd):
        channels = self.arg.shape(bd)[1]
        filters = self.grad.shape(bd)[1]
        return (filters, sympy.cancel(channels / self.groups), *self.kernel)

    def _entry(self, idx, guard, bd):
        f, c, a, b = idx
        batch, channels = self.arg.shape(bd)[:2]
        _, filters, hg, wg = self.grad.shape(bd)
        gamma, _ = bd.decompose(f, sympy.cancel(filters / self.groups), self.groups, guard)
        (n, i, j), (variables, atoms) = _vars(bd, [("n", batch), ("i", hg), ("j", wg)])
        dh, dw = self.dilation
        inner = _guarded(guard, atoms)
        group_in = sympy.cancel(channels / self.groups)
        left = self.read(self.arg, (n, gamma * group_in + c, i + dh * a, j + dw * b), inner, bd)
        right = self.read(self.grad, (n, f, i, j), inner, bd)
        return _over(times(left, right), variables, atoms)


class FullConvolveRot180(SNode):
    """Defined, as in ``closed.FullConvolveRot180.as_correlation``, by a correlation."""

    def __init__(self, grad: SNode, kernel: SNode, stride, dilation, groups, ksize,
                 padded) -> None:
        self.grad, self.kernel = grad, kernel
        self.stride, self.dilation, self.groups = stride, dilation, groups
        self.ksize, self.padded = ksize, padded

    def definition(self, bd: Builder) -> Correlate:
        (sh, sw), (dh, dw), (kh, kw), (hp, wp) = (self.stride, self.dilation, self.ksize,
                                                  self.padded)
        _, _, ho, wo = self.grad.shape(bd)
        hg, wg = (ho - 1) * sh + 1, (wo - 1) * sw + 1
        pads = (dh * (kh - 1), hp - hg, dw * (kw - 1), wp - wg)
        filters = "f" if self.groups == 1 else "phi"  # the sum runs over the filters of a group
        return Correlate(Pad(Dilate(self.grad, (sh, sw)), pads),
                         Rot180(Swap(self.kernel, self.groups)), (1, 1), (dh, dw), self.groups,
                         names=(filters, "a", "b"))

    def shape(self, bd):
        return self.definition(bd).shape(bd)

    def _entry(self, idx, guard, bd):
        return self.definition(bd).entry(idx, guard, bd)


class SumOver(SNode):
    """The sum over some axes (the bias gradient sums G over n, i, j)."""

    def __init__(self, arg: SNode, axes: tuple[int, ...]) -> None:
        self.arg, self.axes = arg, axes

    def shape(self, bd):
        return tuple(e for k, e in enumerate(self.arg.shape(bd)) if k not in self.axes)

    def _entry(self, idx, guard, bd):
        full = self.arg.shape(bd)
        names = "nfij" if len(full) == 4 else "nm"
        values, (variables, atoms) = _vars(bd, [(names[k], full[k]) for k in self.axes])
        kept, summed = iter(idx), iter(values)
        index = tuple(next(summed) if k in self.axes else next(kept) for k in range(len(full)))
        return _over(self.read(self.arg, index, _guarded(guard, atoms), bd), variables, atoms)


class MatMul(SNode):
    def __init__(self, left: SNode, right: SNode) -> None:
        self.left, self.right = left, right

    def shape(self, bd):
        return self.left.shape(bd)[0], self.right.shape(bd)[1]

    def _entry(self, idx, guard, bd):
        (m,), (variables, atoms) = _vars(bd, [("m", self.left.shape(bd)[1])])
        inner = _guarded(guard, atoms)
        left = self.read(self.left, (idx[0], m), inner, bd)
        right = self.read(self.right, (m, idx[1]), inner, bd)
        return _over(times(left, right), variables, atoms)


class Transpose(SNode):
    def __init__(self, arg: SNode) -> None:
        self.arg = arg

    def shape(self, bd):
        return tuple(reversed(self.arg.shape(bd)))

    def _entry(self, idx, guard, bd):
        return self.read(self.arg, tuple(reversed(idx)), guard, bd)


class BiasAdd(SNode):
    """``Z + b`` with b along axis 1: the two sums side by side."""

    def __init__(self, arg: SNode, bias: SNode) -> None:
        self.arg, self.bias = arg, bias

    def shape(self, bd):
        return self.arg.shape(bd)

    def _entry(self, idx, guard, bd):
        return self.read(self.arg, idx, guard, bd) + self.read(self.bias, (idx[1],), guard, bd)


def check_shape(node: SNode, target: tuple[Expr, ...], bd: Builder) -> list[str]:
    """Axes where the closed form's shape differs from the target's (empty: equal)."""
    shape = node.shape(bd)
    if len(shape) != len(target):
        return [f"rank {len(shape)} != {len(target)}"]
    return [f"axis {k}: {a} != {b}" for k, (a, b) in enumerate(zip(shape, target, strict=True))
            if sympy.expand(a - b) != 0]
