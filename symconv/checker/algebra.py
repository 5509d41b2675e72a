"""Exact polynomials over the layer's variables, and the array operations the notes use.

A :class:`Poly` maps a monomial (a sorted tuple of variable ids, a repeated id for a power)
to an exact coefficient.  Variables are the ids of the layer's symbol table (X, W, b and
G = dL/dZ entries) plus negative ids for symbols the notes use that the layer does not have
(``w_3`` for a two-tap kernel), so a wrong term survives to be named in the verdict.

Arrays are NumPy object arrays of polynomials: slicing, flipping and transposing come from
NumPy; sums of products are written out, each charging the statement's :class:`Budget`
before it builds terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import numpy as np

from symconv.checker.limits import Budget, Wrong

Coef = int | Fraction


class Poly:
    """A polynomial with exact coefficients; zero terms are never stored."""

    __slots__ = ("terms",)

    def __init__(self, terms: dict[tuple[int, ...], Coef] | None = None) -> None:
        self.terms = terms if terms is not None else {}

    @classmethod
    def const(cls, value: Coef) -> Poly:
        return cls({(): value} if value else {})

    @classmethod
    def var(cls, ident: int) -> Poly:
        return cls({(ident,): 1})

    def __add__(self, other: Poly) -> Poly:
        out = dict(self.terms)
        for mono, c in other.terms.items():
            total = out.get(mono, 0) + c
            if total:
                out[mono] = total
            else:
                out.pop(mono, None)
        return Poly(out)

    def iadd(self, other: Poly) -> Poly:
        """Add in place (only to a polynomial this code owns: a fresh accumulator)."""
        terms = self.terms
        for mono, c in other.terms.items():
            total = terms.get(mono, 0) + c
            if total:
                terms[mono] = total
            else:
                terms.pop(mono, None)
        return self

    def copy(self) -> Poly:
        return Poly(dict(self.terms))

    def __neg__(self) -> Poly:
        return Poly({m: -c for m, c in self.terms.items()})

    def __sub__(self, other: Poly) -> Poly:
        return self + (-other)

    def scale(self, factor: Coef) -> Poly:
        if not factor:
            return Poly()
        return Poly({m: c * factor for m, c in self.terms.items()})

    def times(self, other: Poly) -> Poly:
        out: dict[tuple[int, ...], Coef] = {}
        for ma, ca in self.terms.items():
            for mb, cb in other.terms.items():
                mono = tuple(sorted(ma + mb))
                total = out.get(mono, 0) + ca * cb
                if total:
                    out[mono] = total
                else:
                    out.pop(mono, None)
        return Poly(out)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Poly) and self.terms == other.terms

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.terms)

    def constant(self) -> Coef | None:
        """The value when the polynomial is a constant, else None."""
        if not self.terms:
            return 0
        if len(self.terms) == 1 and () in self.terms:
            return self.terms[()]
        return None

    def diff(self, ident: int) -> Poly:
        """d/d(variable): a monomial with k copies of it gives k times one fewer."""
        out: dict[tuple[int, ...], Coef] = {}
        for mono, c in self.terms.items():
            k = mono.count(ident)
            if k:
                rest = list(mono)
                rest.remove(ident)
                key = tuple(rest)
                out[key] = out.get(key, 0) + c * k
        return Poly({m: c for m, c in out.items() if c})

    def variables(self) -> set[int]:
        return {v for mono in self.terms for v in mono}

    def value(self, values: dict[int, int]) -> Coef:
        total: Coef = 0
        for mono, c in self.terms.items():
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
            raise Wrong(f"cannot add arrays of shapes {fmt_shape(a.shape)} and "
                        f"{fmt_shape(b.shape)}")
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
        return Arr(array(value.shape, lambda i: value.data[i].copy()), value.label,
                   value.num_ndim)
    if not isinstance(total, Arr) or total.shape != value.shape:
        raise Wrong(f"cannot add arrays of shapes {fmt_shape(getattr(total, 'shape', ()))} "
                    f"and {fmt_shape(value.shape)}")
    for index in product(*(range(n) for n in value.shape)):
        total.data[index].iadd(value.data[index])
    return total


def mul(a: Poly, b: Poly, budget: Budget) -> Poly:
    budget.spend(len(a) * len(b))
    return a.times(b)


def scale_array(s: Poly, a: Arr, budget: Budget) -> Arr:
    out = array(a.shape, lambda i: mul(s, a.data[i], budget))
    return Arr(out, a.label, a.num_ndim)


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
        rows = int(np.prod(a.shape[:a.num_ndim]))
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
        raise Wrong(f"cannot multiply a {fmt_shape(x.shape)} by a {fmt_shape(y.shape)} "
                    "array (the inner sizes differ)")
    out = array((x2.shape[0], y2.shape[1]),
                lambda i: _dot(list(x2[i[0], :]), list(y2[:, i[1]]), budget))
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
    out = array(grad.shape[:outer] + rest, lambda i: _dot(
        list(grad.data[i[:outer]].reshape(-1)),
        list(jac.data[(Ellipsis, *i[outer:])].reshape(-1)), budget))
    label = (grad.label[0], jac.label[1])  # type: ignore[index]
    if not out.shape:
        return out[()]
    return Arr(out, label, outer)


def odot(a: Arr, b: Arr, budget: Budget) -> Arr:
    if a.shape != b.shape:
        raise Wrong(f"⊙ needs equal shapes, got {fmt_shape(a.shape)} and {fmt_shape(b.shape)}")
    return Arr(array(a.shape, lambda i: mul(a.data[i], b.data[i], budget)))


def slide(a: Arr, b: Arr, kind: str, mode: str, budget: Budget, ordered: bool = False) -> Arr:
    """Correlation or convolution of two arrays of one rank, the smaller sliding over the
    larger (``ordered``: a valid correlation slides its second operand over the first, as
    \\star means; seed 003's w \\otimes I puts the kernel first); ``valid`` keeps the
    positions where it fits, ``full`` every overlap."""
    x, k = a.data, b.data
    if x.ndim != k.ndim:
        raise Wrong(f"cannot correlate arrays of ranks {x.ndim} and {k.ndim}")
    if k.size > x.size:
        if ordered and kind != "convolution" and mode == "valid":  # a convolution commutes
            raise Wrong(f"a valid correlation slides its second operand over the first: the "
                        f"{fmt_shape(k.shape)} array does not fit in the "
                        f"{fmt_shape(x.shape)} one (are the operands swapped?)")
        x, k = k, x
    if any(kn > xn for kn, xn in zip(k.shape, x.shape, strict=True)) and mode == "valid":
        raise Wrong(f"the {fmt_shape(k.shape)} array does not fit in the "
                    f"{fmt_shape(x.shape)} one")
    if kind == "convolution":
        k = k[tuple(slice(None, None, -1) for _ in k.shape)]
    if mode == "full":  # zero-pad the larger by the smaller's extent minus one
        padded = array(tuple(xn + 2 * (kn - 1) for xn, kn in zip(x.shape, k.shape,
                                                                 strict=True)))
        padded[tuple(slice(kn - 1, kn - 1 + xn) for xn, kn in zip(x.shape, k.shape,
                                                                  strict=True))] = x
        x = padded
    out_shape = tuple(xn - kn + 1 for xn, kn in zip(x.shape, k.shape, strict=True))
    windows = list(product(*(range(n) for n in k.shape)))

    def entry(i: tuple[int, ...]) -> Poly:
        total = Poly()
        for m in windows:
            total.iadd(mul(k[m], x[tuple(a + b for a, b in zip(i, m, strict=True))], budget))
        return total

    return Arr(array(out_shape, entry))


def rot180(a: Arr) -> Arr:
    return Arr(a.data[tuple(slice(None, None, -1) for _ in a.shape)].copy())


def transpose(a: Arr) -> Arr:
    if a.data.ndim > 2:
        raise Wrong(f"cannot transpose a {fmt_shape(a.shape)} array")
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
