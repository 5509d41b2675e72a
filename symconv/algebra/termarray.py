"""Arrays of exact polynomials, stored so NumPy can build, differentiate and compare them.

A :class:`TermArray` of shape ``S`` holds, for every entry, ``K`` terms of degree at most
``D``: ``mono[..., k, :]`` lists the variable ids of term k (``-1`` marks an empty slot,
so a constant has only ``-1``) and ``coef[..., k] / den`` is its exact rational
coefficient (integer numerators, one shared denominator).  A zero term has coefficient 0.

Why this shape: a convolution output is a sum over one window of products of two
entries, so every closed form and every derivative of it is "K terms per entry" with K
the window size.  Index operations (pad, crop, dilate, rotate) act on the leading axes,
products are gathers, and the canonical form (sorted, merged rows) makes equality an
array comparison.  The same polynomials in SymPy's ``Add`` would take minutes at the
LeNet-5 size; the tests check these routines against ``sympy.diff`` on small cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm
from typing import Any

import numpy as np

from symconv.algebra.terms import Poly

EMPTY = -1


@dataclass
class TermArray:
    mono: np.ndarray  # int64, shape (*S, K, D)
    coef: np.ndarray  # int64, shape (*S, K)
    den: int = 1

    @property
    def shape(self) -> tuple[int, ...]:
        return self.coef.shape[:-1]

    @classmethod
    def variables(cls, ids: np.ndarray) -> TermArray:
        """Each entry is its own variable (a symbolic tensor)."""
        ids = np.asarray(ids, dtype=np.int64)
        return cls(ids[..., None, None], np.ones((*ids.shape, 1), dtype=np.int64))

    @classmethod
    def constant(cls, value: Fraction, shape: tuple[int, ...]) -> TermArray:
        value = Fraction(value)
        mono = np.full((*shape, 1, 1), EMPTY, dtype=np.int64)
        return cls(mono, np.full((*shape, 1), value.numerator, dtype=np.int64), value.denominator)

    @classmethod
    def zeros(cls, shape: tuple[int, ...], terms: int, degree: int, den: int = 1) -> TermArray:
        return cls(
            np.full((*shape, terms, degree), EMPTY, dtype=np.int64),
            np.zeros((*shape, terms), dtype=np.int64),
            den,
        )

    def index(self, key: Any) -> TermArray:
        """Select entries (a basic or advanced index on the leading axes)."""
        return TermArray(self.mono[key], self.coef[key], self.den)

    def spatial(self, rows: slice, cols: slice) -> TermArray:
        """Slice the last two entry axes (height, width); the term axes stay whole."""
        lead = (slice(None),) * (len(self.shape) - 2)
        return self.index((*lead, rows, cols))

    def transpose(self, axes: tuple[int, ...]) -> TermArray:
        n = len(axes)
        return TermArray(
            self.mono.transpose(*axes, n, n + 1), self.coef.transpose(*axes, n), self.den
        )

    def place(self, shape: tuple[int, ...], key: Any) -> TermArray:
        """A zero array of ``shape`` with this array written at ``key`` (pad, dilate)."""
        out = TermArray.zeros(shape, self.coef.shape[-1], self.mono.shape[-1], self.den)
        out.mono[key] = self.mono
        out.coef[key] = self.coef
        return out

    def entry(self, index: tuple[int, ...]) -> Poly:
        """One entry as a canonical dict ``{sorted monomial: coefficient}``.

        The integer numerators of equal monomials are added first and divided by the shared
        denominator once: the same exact rationals as adding ``c / den`` term by term (EMPTY,
        -1, sorts first and is dropped, so each key is the sorted symbol ids)."""
        coef = self.coef[index]
        live = coef != 0
        numerators: dict[tuple[int, ...], int] = {}
        rows = np.sort(self.mono[index][live], axis=-1).tolist()
        for row, c in zip(rows, coef[live].tolist(), strict=True):
            key = tuple(v for v in row if v != EMPTY)
            numerators[key] = numerators.get(key, 0) + c
        if self.den == 1:
            return {m: c for m, c in numerators.items() if c}
        poly: Poly = {}
        for m, c in numerators.items():
            if c:
                q = Fraction(c, self.den)
                poly[m] = int(q) if q.denominator == 1 else q
        return poly


def product(a: TermArray, a_key: Any, b: TermArray, b_key: Any) -> TermArray:
    """``out[o] = Σ_w a[a_key(o, w)] · b[b_key(o, w)]`` with the window w as the last axis.

    ``a_key`` and ``b_key`` are tuples of integer arrays that broadcast to ``(*O, W)``.
    Every term of one factor meets every term of the other, so the result has
    ``W·Ka·Kb`` terms of degree ``Da + Db`` per entry.
    """
    keys = np.broadcast_arrays(*a_key, *b_key)
    a_key, b_key = tuple(keys[: len(a_key)]), tuple(keys[len(a_key) :])
    am, ac = a.mono[a_key], a.coef[a_key]  # (*O, W, Ka, Da), (*O, W, Ka)
    bm, bc = b.mono[b_key], b.coef[b_key]
    ka, kb, da, db = am.shape[-2], bm.shape[-2], am.shape[-1], bm.shape[-1]
    outer = am.shape[:-3]
    width = am.shape[-3]
    mono = np.concatenate(
        [
            np.broadcast_to(am[..., :, None, :], (*outer, width, ka, kb, da)),
            np.broadcast_to(bm[..., None, :, :], (*outer, width, ka, kb, db)),
        ],
        axis=-1,
    )
    coef = ac[..., :, None] * bc[..., None, :]
    return TermArray(
        mono.reshape(*outer, width * ka * kb, da + db),
        coef.reshape(*outer, width * ka * kb),
        a.den * b.den,
    )


def concat_terms(parts: list[TermArray]) -> TermArray:
    """Sum of arrays of one shape: their terms side by side (degrees padded with -1)."""
    degree = max(p.mono.shape[-1] for p in parts)
    den = lcm(*(p.den for p in parts))
    monos, coefs = [], []
    for p in parts:
        pad = degree - p.mono.shape[-1]
        monos.append(
            np.pad(p.mono, [(0, 0)] * (p.mono.ndim - 1) + [(0, pad)], constant_values=EMPTY)
        )
        coefs.append(p.coef * (den // p.den))
    return TermArray(np.concatenate(monos, axis=-2), np.concatenate(coefs, axis=-1), den)


def fold_axes(a: TermArray, axes: tuple[int, ...]) -> TermArray:
    """Sum over ``axes``: they move into the term axis."""
    kept = [ax for ax in range(len(a.shape)) if ax not in axes]
    moved = a.transpose((*kept, *axes))
    shape = tuple(a.shape[ax] for ax in kept)
    d = a.mono.shape[-1]
    return TermArray(moved.mono.reshape(*shape, -1, d), moved.coef.reshape(*shape, -1), a.den)


@dataclass
class Rows:
    """Canonical rows ``(key, monomial) -> coefficient``: sorted, merged, no zeros."""

    key: np.ndarray  # int64 (R,)
    mono: np.ndarray  # int64 (R, D), each row sorted, -1 first
    coef: np.ndarray  # int64 (R,)
    den: int

    @classmethod
    def build(cls, key: np.ndarray, mono: np.ndarray, coef: np.ndarray, den: int) -> Rows:
        keep = coef != 0
        key, mono, coef = key[keep], np.sort(mono[keep], axis=1), coef[keep]
        order = np.lexsort((*mono.T[::-1], key)) if len(key) else np.arange(0)
        key, mono, coef = key[order], mono[order], coef[order]
        if len(key):
            rows = np.column_stack([key, mono])
            new = np.ones(len(key), dtype=bool)
            new[1:] = np.any(rows[1:] != rows[:-1], axis=1)
            starts = np.flatnonzero(new)
            coef = np.add.reduceat(coef, starts)
            key, mono = key[starts], mono[starts]
            keep = coef != 0
            key, mono, coef = key[keep], mono[keep], coef[keep]
        return cls(key, mono, coef, den)

    @classmethod
    def of(cls, a: TermArray, keys: np.ndarray) -> Rows:
        """Rows of every term of ``a``, keyed by ``keys`` (one key per entry)."""
        d = a.mono.shape[-1]
        key = np.broadcast_to(np.asarray(keys)[..., None], a.coef.shape).reshape(-1)
        return cls.build(key, a.mono.reshape(-1, d), a.coef.reshape(-1), a.den)

    def poly(self, key: int) -> Poly:
        """The polynomial of one key as ``{monomial: coefficient}`` (empty slots dropped)."""
        lo = np.searchsorted(self.key, key)
        hi = np.searchsorted(self.key, key, side="right")
        # the rows as Python ints first (tolist): reading a NumPy row value by value is what
        # made this slow (a check of a channel map reads a whole gradient, entry by entry)
        mono, coef = self.mono[lo:hi].tolist(), self.coef[lo:hi].tolist()
        return {
            tuple(v for v in row if v != EMPTY): reduced(int(c), self.den)
            for row, c in zip(mono, coef, strict=True)
        }

    def widened(self, degree: int, den: int) -> Rows:
        pad = degree - self.mono.shape[1]
        mono = np.pad(self.mono, [(0, 0), (pad, 0)], constant_values=EMPTY)
        return Rows(self.key, mono, self.coef * (den // self.den), den)

    def __len__(self) -> int:
        return len(self.key)


def first_difference(left: Rows, right: Rows) -> int | None:
    """The smallest key whose rows differ, or None when the row sets are equal."""
    degree = max(left.mono.shape[1], right.mono.shape[1])
    den = lcm(left.den, right.den)
    left, right = left.widened(degree, den), right.widened(degree, den)
    if (
        len(left) == len(right)
        and np.array_equal(left.key, right.key)
        and np.array_equal(left.mono, right.mono)
        and np.array_equal(left.coef, right.coef)
    ):
        return None
    # Compare key by key (only on failure): the first key whose terms differ.
    keys = np.union1d(left.key, right.key)
    for key in keys:
        a = _slice(left, key)
        b = _slice(right, key)
        if a != b:
            return int(key)
    return None  # pragma: no cover - unequal arrays always differ at some key


def _slice(rows: Rows, key: int) -> list[tuple[tuple[int, ...], int]]:
    lo, hi = np.searchsorted(rows.key, key), np.searchsorted(rows.key, key, side="right")
    return [(tuple(rows.mono[i]), int(rows.coef[i])) for i in range(lo, hi)]


def reduced(coef: int, den: int) -> Fraction | int:
    g = gcd(coef, den)
    return coef // g if den // g == 1 else Fraction(coef, den)
