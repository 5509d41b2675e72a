"""Exact polynomials over the layer's variables, and the array operations the notes use.

A :class:`Poly` maps a monomial (a sorted tuple of variable ids, a repeated id for a power)
to an exact coefficient.  Variables are the ids of the layer's symbol table (X, W, b and
G = dL/dZ entries) plus negative ids for symbols the notes use that the layer does not have
(``w_3`` for a two-tap kernel), so a wrong term survives to be named in the verdict.

Arrays are NumPy object arrays of polynomials: slicing and transposing come from NumPy;
sums of products are written out, each charging the statement's :class:`Budget` before it
builds terms.  Correlations, convolutions and rotations are not defined here: they are the
closed-form nodes of :mod:`symconv.ops`, applied by :mod:`symconv.checker.sliding`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import numpy as np

from symconv.checker.limits import Budget, NotUnderstood, Wrong

Coef = int | Fraction


class Poly(dict[tuple[int, ...], Coef]):
    """:data:`symconv.algebra.terms.Poly` (the one polynomial type: ``{sorted monomial:
    exact coefficient}``, zero terms never stored) with the arithmetic the notes' formulas
    need.  A dict itself, so it passes wherever a ``terms.Poly`` is expected; ``terms`` is
    the polynomial itself, for readability at call sites."""

    __slots__ = ()

    @property
    def terms(self) -> Poly:
        return self

    @classmethod
    def const(cls, value: Coef) -> Poly:
        return cls({(): value} if value else {})

    @classmethod
    def var(cls, ident: int) -> Poly:
        return cls({(ident,): 1})

    def __add__(self, other: Poly) -> Poly:  # type: ignore[override]
        return Poly(self).iadd(other)

    def iadd(self, other: Poly) -> Poly:
        """Add in place (only to a polynomial this code owns: a fresh accumulator)."""
        for mono, c in other.items():
            total = self.get(mono, 0) + c
            if total:
                self[mono] = total
            else:
                self.pop(mono, None)
        return self

    def copy(self) -> Poly:
        return Poly(self)

    def __neg__(self) -> Poly:
        return Poly({m: -c for m, c in self.items()})

    def __sub__(self, other: Poly) -> Poly:
        return self + (-other)

    def scale(self, factor: Coef) -> Poly:
        if not factor:
            return Poly()
        return Poly({m: c * factor for m, c in self.items()})

    def times(self, other: Poly) -> Poly:
        out = Poly()
        for ma, ca in self.items():
            for mb, cb in other.items():
                mono = tuple(sorted(ma + mb))
                total = out.get(mono, 0) + ca * cb
                if total:
                    out[mono] = total
                else:
                    out.pop(mono, None)
        return out

    def constant(self) -> Coef | None:
        """The value when the polynomial is a constant, else None."""
        if not self:
            return 0
        if len(self) == 1 and () in self:
            return self[()]
        return None

    def diff(self, ident: int) -> Poly:
        """d/d(variable): a monomial with k copies of it gives k times one fewer."""
        out: dict[tuple[int, ...], Coef] = {}
        for mono, c in self.items():
            k = mono.count(ident)
            if k:
                rest = list(mono)
                rest.remove(ident)
                key = tuple(rest)
                out[key] = out.get(key, 0) + c * k
        return Poly({m: c for m, c in out.items() if c})

    def variables(self) -> set[int]:
        return {v for mono in self for v in mono}

    def value(self, values: dict[int, int]) -> Coef:
        total: Coef = 0
        for mono, c in self.items():
            term = c
            for v in mono:
                term *= values.get(v, 0)
            total += term
        return total


@dataclass
class Arr:
    """An array value; ``label`` marks a derivative ``(numerator, denominator)`` array
    whose first ``num_ndim`` axes belong to the numerator (for chain-rule products)."""

    data: np.ndarray
    label: tuple[str, str] | None = None
    num_ndim: int = 0

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.data.shape)


Value = Poly | Arr


def array(shape: tuple[int, ...], fill=None) -> np.ndarray:
    out = np.empty(shape, dtype=object)
    for index in product(*(range(n) for n in shape)):
        out[index] = fill(index) if fill else Poly()
    return out


def add(a: Value, b: Value, budget: Budget) -> Value:
    if isinstance(a, Poly) and isinstance(b, Poly):
        budget.spend(len(a) + len(b))
        return a + b
    if isinstance(a, Arr) and isinstance(b, Arr):
        if a.shape != b.shape:
            a, b = _broadcast_vector(a, b)
        budget.spend(sum(len(p) for p in a.data.flat) + sum(len(p) for p in b.data.flat))
        label = a.label if a.label == b.label else None
        return Arr(a.data + b.data, label, a.num_ndim if label else 0)
    # X * W + b: a scalar added to an array is added to every entry, as the notes mean
    scalar, arr = (a, b) if isinstance(a, Poly) else (b, a)
    assert isinstance(scalar, Poly) and isinstance(arr, Arr)
    budget.spend(len(scalar) * arr.data.size + sum(len(p) for p in arr.data.flat))
    data = arr.data.copy()
    for index in np.ndindex(data.shape):
        data[index] = data[index] + scalar
    return Arr(data)


def _broadcast_vector(a: Arr, b: Arr) -> tuple[Arr, Arr]:
    """``XW^T + b``: a vector added to a matrix is added to each of its rows, or columns,
    whichever has the vector's length (the bias of a dense layer in either layout).  Where
    both do (a square matrix), which one the notes mean is a guess: not understood."""
    matrix, vector = (a, b) if len(a.shape) == 2 else (b, a)
    if len(matrix.shape) != 2 or len(vector.shape) != 1:
        raise Wrong(f"cannot add arrays of shapes {fmt_shape(a.shape)} and {fmt_shape(b.shape)}")
    rows, cols = matrix.shape
    (length,) = vector.shape
    if rows == cols == length:
        raise NotUnderstood(
            f"a vector added to a {fmt_shape(matrix.shape)} array: to its rows or to its "
            "columns is not read"
        )
    if length not in (rows, cols):
        raise Wrong(f"cannot add arrays of shapes {fmt_shape(a.shape)} and {fmt_shape(b.shape)}")
    axis = 1 if length == cols else 0
    spread = np.empty(matrix.shape, dtype=object)
    for i, j in np.ndindex(matrix.shape):
        spread[i, j] = vector.data[j if axis == 1 else i]
    return matrix, Arr(spread)


def accumulate(total: Value | None, value: Value, budget: Budget) -> Value:
    """``total + value`` reusing ``total``, which must be owned by the caller (a sum's
    accumulator): linear instead of quadratic in the number of terms."""
    if isinstance(value, Poly):
        budget.spend(len(value))
        if total is None:
            return value.copy()
        if not isinstance(total, Poly):
            raise Wrong("cannot add a scalar and an array")
        return total.iadd(value)
    budget.spend(sum(len(p) for p in value.data.flat))
    if total is None:
        return Arr(array(value.shape, lambda i: value.data[i].copy()), value.label, value.num_ndim)
    if not isinstance(total, Arr) or total.shape != value.shape:
        raise Wrong(
            f"cannot add arrays of shapes {fmt_shape(getattr(total, 'shape', ()))} "
            f"and {fmt_shape(value.shape)}"
        )
    for index in product(*(range(n) for n in value.shape)):
        total.data[index].iadd(value.data[index])
    return total


def mul(a: Poly, b: Poly, budget: Budget) -> Poly:
    budget.spend(len(a) * len(b))
    return a.times(b)


def scale_array(s: Poly, a: Arr, budget: Budget) -> Arr:
    out = array(a.shape, lambda i: mul(s, a.data[i], budget))
    return Arr(out, a.label, a.num_ndim)


def size_of(value: Value) -> int:
    """How many terms a value holds (a polynomial's, or every entry's of an array)."""
    if isinstance(value, Poly):
        return len(value)
    return sum(len(p) for p in value.data.flat)


def fmt_shape(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) if shape else "scalar"


def phrase(shape: tuple[int, ...]) -> str:
    """``a scalar``, ``a vector of 4``, ``a 3×1 array``."""
    if not shape:
        return "a scalar"
    if len(shape) == 1:
        return f"a vector of {shape[0]}"
    return f"a {fmt_shape(shape)} array"


def as_matrix(a: Arr) -> np.ndarray:
    """A derivative array in numerator layout (numerator entries as rows), else as is."""
    if a.label and a.data.ndim > 2:
        rows = int(np.prod(a.shape[: a.num_ndim]))
        return a.data.reshape(rows, -1)
    return a.data


def matmul(a: Arr, b: Arr, budget: Budget) -> Value:
    """Juxtaposed or dotted arrays: a dot product, a matrix-vector or a matrix product."""
    x, y = as_matrix(a), as_matrix(b)
    if x.ndim == 1 and y.ndim == 1:
        if len(x) != len(y):
            raise Wrong(f"cannot take the dot product of vectors of {len(x)} and {len(y)}")
        return _dot(list(x), list(y), budget)
    # a vector is a column, except as the left factor of a matrix it fits as a row
    y2 = y if y.ndim == 2 else y.reshape(-1, 1)
    if x.ndim == 2:
        x2 = x
    elif y.ndim == 2 and y.shape[0] == len(x):
        x2 = x.reshape(1, -1)
    else:
        x2 = x.reshape(-1, 1)
    if y.ndim == 1 and x2.shape[1] == 1 and len(y) != 1:
        y2 = y.reshape(1, -1)
    if x2.shape[1] != y2.shape[0]:
        raise Wrong(
            f"cannot multiply a {fmt_shape(x.shape)} by a {fmt_shape(y.shape)} "
            "array (the inner sizes differ)"
        )
    out = array(
        (x2.shape[0], y2.shape[1]), lambda i: _dot(list(x2[i[0], :]), list(y2[:, i[1]]), budget)
    )
    if (x.ndim == 1 and x2.shape[0] == 1) or (y.ndim == 1 and y2.shape[1] == 1):
        out = out.reshape(-1)  # vector times matrix, matrix times vector: a vector
    if out.size == 1:
        return out.flat[0]
    return Arr(out)


def _dot(xs: list[Poly], ys: list[Poly], budget: Budget) -> Poly:
    total = Poly()
    for p, q in zip(xs, ys, strict=True):
        total.iadd(mul(p, q, budget))
    return total


def chain(a: Arr, b: Arr, budget: Budget) -> Arr | Poly | None:
    """``∂y/∂w · ∂L/∂y`` in either order: contract over the shared tensor y, as the chain
    rule does, whatever layout the Jacobian is written in.  None when nothing is shared."""
    if not (a.label and b.label):
        return None
    if a.label[0] == b.label[1]:  # a = ∂y/∂w, b = ∂L/∂y
        jac, grad = a, b
    elif b.label[0] == a.label[1]:
        jac, grad = b, a
    else:
        return None
    shared = jac.num_ndim
    outer = grad.data.ndim - shared
    rest = jac.shape[shared:]
    out = array(
        grad.shape[:outer] + rest,
        lambda i: _dot(
            list(grad.data[i[:outer]].reshape(-1)),
            list(jac.data[(Ellipsis, *i[outer:])].reshape(-1)),
            budget,
        ),
    )
    label = (grad.label[0], jac.label[1])  # type: ignore[index]
    if not out.shape:
        return out[()]
    return Arr(out, label, outer)


def odot(a: Arr, b: Arr, budget: Budget) -> Arr:
    if a.shape != b.shape:
        raise Wrong(f"⊙ needs equal shapes, got {fmt_shape(a.shape)} and {fmt_shape(b.shape)}")
    return Arr(array(a.shape, lambda i: mul(a.data[i], b.data[i], budget)))


def transpose(a: Arr) -> Arr:
    if a.data.ndim > 2:
        # a kernel read with its channels: which two axes ^T swaps is not read
        raise NotUnderstood(f"the transpose of a {fmt_shape(a.shape)} array is not read")
    data = a.data.reshape(-1, 1) if a.data.ndim == 1 else a.data
    return Arr(data.T.copy())


def same_shape(a: Arr, b: Arr) -> tuple[np.ndarray, np.ndarray] | None:
    """Two arrays as arrays of one shape: a column or a row equals a vector of its length,
    a Jacobian equals its numerator-layout matrix.  None when the shapes cannot match."""
    x, y = a.data, b.data
    if x.shape == y.shape:
        return x, y
    squeeze_x = tuple(n for n in x.shape if n != 1)
    squeeze_y = tuple(n for n in y.shape if n != 1)
    if squeeze_x == squeeze_y:
        return x.reshape(squeeze_x), y.reshape(squeeze_y)
    if (a.label or b.label) and x.size == y.size:
        mx, my = as_matrix(a), as_matrix(b)
        if mx.shape == my.shape:
            return mx, my
    return None
