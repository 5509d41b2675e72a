"""Helpers every unseen set's truth module uses (NumPy and torch only, no symconv): random
generators, float64 comparison, and strict or zero-padded indexing."""

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
