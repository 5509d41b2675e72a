"""Sums, bias and matrix products: the bias gradient, ``Z + b``, the dense layer's forms.

``SumOver(A, axes)`` sums A over ``axes``; ``BiasAdd(Z, b)[n, f, ...] = Z[n, f, ...] + b[f]``;
``Transpose(A)[i, j] = A[j, i]``; ``MatMul(A, B)[i, j] = Σ_m A[i, m] B[m, j]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Self, Unpack

import numpy as np
import sympy

from symconv.algebra.termarray import TermArray, concat_terms, fold_axes, product
from symconv.ops.correlate import Correlate, guarded, over, summed, window_mean_size
from symconv.ops.node import (
    LITERAL,
    EntryBuilder,
    Env,
    Hints,
    Index,
    Node,
    Printer,
    TensorSymbol,
    _code,
    _grid,
    _ints,
    _py,
)

if TYPE_CHECKING:  # see symconv.ops.node
    from symconv.proofs.general.builder import Guard
    from symconv.proofs.general.sums import Term


class SumOver(Node):
    """Sum over the given axes (the bias gradient sums G over n, i, j)."""

    op = "sum"
    roles = (None, LITERAL)

    def __new__(cls, arg: sympy.Basic, axes: Iterable[int]) -> Self:
        return super().__new__(cls, arg, _ints(axes))

    def _numpycode(self, printer: Printer) -> str:
        return f"sum_axes({_code(printer, self.args[0])}, {_code(printer, self.args[1])})"

    def expand(self, env: Env) -> TermArray:
        return fold_axes(self.args[0].expand(env), _py(self.args[1]))

    def sym_shape(self, bd: EntryBuilder) -> Index:
        axes = _py(self.args[1])
        return tuple(e for k, e in enumerate(self.args[0].sym_shape(bd)) if k not in axes)

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        axes = _py(self.args[1])
        full = self.args[0].sym_shape(bd)
        names = "nfij" if len(full) == 4 else "nm"
        values, (variables, atoms) = summed(bd, [(names[k], full[k]) for k in axes])
        kept, chosen = iter(idx), iter(values)
        index = tuple(next(chosen) if k in axes else next(kept) for k in range(len(full)))
        return over(self.read(self.args[0], index, guarded(guard, atoms), bd), variables, atoms)


class BiasAdd(Node):
    """``Z + b`` with b broadcast along axis 1 (filters or features)."""

    op = "addbias"
    roles = (None, None)

    def _numpycode(self, printer: Printer) -> str:
        """``correlate2d_bias(...)`` for a convolution's output (the bias inside the
        product), else ``add_bias(Z, b)``, which adds in place: Z must be a fresh result,
        so a bare tensor is copied first."""
        inner = self.args[0]
        if (
            isinstance(inner, Correlate)
            and window_mean_size(inner.args[1], inner.args[4], inner.args[3]) is None
        ):
            # Z + b[f] = (A1·T1) with a ones column in A1 and the bias row in T1: the sum
            # over taps gains the one term 1·b[f] (see numeric.correlate2d_bias).
            xpad, kernel, stride, dilation, groups = (_code(printer, a) for a in inner.args)
            return (
                f"correlate2d_bias({xpad}, {kernel}, {_code(printer, self.args[1])}, "
                f"{stride}, {dilation}, {groups})"
            )
        z, b = (_code(printer, a) for a in self.args)
        if isinstance(self.args[0], TensorSymbol):
            z += ".copy()"
        return f"add_bias({z}, {b})"

    def expand(self, env: Env) -> TermArray:
        z = self.args[0].expand(env)
        b = self.args[1].expand(env)
        shape = [1] * len(z.shape)
        shape[1] = b.shape[0]
        k, d = b.mono.shape[-2:]
        spread = TermArray(
            np.broadcast_to(b.mono.reshape(*shape, k, d), (*z.shape, k, d)),
            np.broadcast_to(b.coef.reshape(*shape, k), (*z.shape, k)),
            b.den,
        )
        return concat_terms([z, spread])

    def sym_shape(self, bd: EntryBuilder) -> Index:
        shape: Index = self.args[0].sym_shape(bd)
        return shape

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        """The two sums side by side."""
        return self.read(self.args[0], idx, guard, bd) + self.read(
            self.args[1], (idx[1],), guard, bd
        )


class Transpose(Node):
    """Matrix transpose of a 2-D tensor."""

    op = "T"
    roles = (None,)

    def _numpycode(self, printer: Printer) -> str:
        return f"{_code(printer, self.args[0])}.T"

    def expand(self, env: Env) -> TermArray:
        matrix: TermArray = self.args[0].expand(env)
        return matrix.transpose((1, 0))

    def sym_shape(self, bd: EntryBuilder) -> Index:
        return tuple(reversed(self.args[0].sym_shape(bd)))

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        return self.read(self.args[0], tuple(reversed(idx)), guard, bd)


class MatMul(Node):
    """Matrix product of two 2-D tensors (the dense layer's transposes)."""

    op = "matmul"
    roles = (None, None)

    def _numpycode(self, printer: Printer) -> str:
        return f"matmul({_code(printer, self.args[0])}, {_code(printer, self.args[1])})"

    def expand(self, env: Env) -> TermArray:
        a, b = (arg.expand(env) for arg in self.args)
        i, j = (x[..., None] for x in _grid(a.shape[0], b.shape[1]))
        t = np.arange(a.shape[1])
        return product(a, (i, t), b, (t, j))

    def sym_shape(self, bd: EntryBuilder) -> Index:
        shape: Index = self.args[0].sym_shape(bd)
        return shape[0], self.args[1].sym_shape(bd)[1]

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        from symconv.proofs.general.sums import times

        left, right = self.args
        (m,), (variables, atoms) = summed(bd, [("m", left.sym_shape(bd)[1])])
        inner = guarded(guard, atoms)
        return over(
            times(
                self.read(left, (idx[0], m), inner, bd), self.read(right, (m, idx[1]), inner, bd)
            ),
            variables,
            atoms,
        )
