"""Helpers every unseen set's truth module uses (NumPy and torch only, no symconv): random
generators, float64 comparison, strict or zero-padded indexing, and the operators the
notes write (valid cross-correlation, zero padding, zero dilation, rot180) in NumPy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

Truth = Callable[[], list[bool]]


F64 = torch.float64


TRIALS = 3


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def same(a: object, b: object) -> bool:
    """Same shape and values to float64 rounding."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-9))


def at(a: np.ndarray, *idx: int) -> float:
    """Strict indexing: negative or too large indices raise instead of wrapping."""
    for i, n in zip(idx, a.shape, strict=False):
        if not 0 <= i < n:
            raise IndexError(idx)
    return float(a[idx])


def zat(a: np.ndarray, *idx: int) -> float:
    """Indexing with zeros outside the tensor (for formulas that say so)."""
    try:
        return at(a, *idx)
    except IndexError:
        return 0.0


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation (the notes' star), written out in NumPy."""
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    return np.array([[np.sum(a[i : i + kh, j : j + kw] * k) for j in range(ow)] for i in range(oh)])


def pad(a: np.ndarray, p: int) -> np.ndarray:
    return np.pad(a, p)


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def rot180(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]
