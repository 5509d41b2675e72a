"""Numeric helpers for the holdout answer key: strict indexing, array operators, torch autograd.

Independent of symconv on purpose (never import it here): the key must be decided by plain
numpy/torch arithmetic, so that the checker can be judged against it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace

import numpy as np
import torch
import torch.nn.functional as F


class T:
    """Array read with the note's index base; out-of-range reads raise, or give 0 if `zero`.

    Raising (rather than numpy's wrap-around for negative indices) is what turns a sum that runs
    past the end of a tensor into a disagreement.
    """

    def __init__(self, a: object, base: int = 0, zero: bool = False) -> None:
        self.a = np.asarray(a, dtype=float)
        self.base = base
        self.zero = zero

    def __call__(self, *idx: float) -> float:
        if any(float(i) != int(i) for i in idx):
            raise IndexError(f"non-integer index {idx}")
        j = tuple(int(i) - self.base for i in idx)
        if len(j) != self.a.ndim:
            raise IndexError(f"rank {len(j)} index into rank {self.a.ndim}")
        if any(k < 0 or k >= n for k, n in zip(j, self.a.shape, strict=True)):
            if self.zero:
                return 0.0
            raise IndexError(f"index {idx} outside shape {self.a.shape}")
        return float(self.a[j])


def eq(a: object, b: object) -> bool:
    """Same shape and equal up to rounding."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-9, atol=1e-12))


def ok(f: Callable[[], bool]) -> bool:
    """Evaluate one comparison; an index past the end or a shape clash means the sides differ."""
    try:
        return bool(f())
    except (IndexError, ValueError, RuntimeError):
        return False


def grid(f: Callable[..., bool], sizes: Iterable[tuple[int, ...]]) -> list[bool]:
    return [ok(lambda s=s: f(*s)) for s in sizes]


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# ---- array operators, written out from their textbook definitions ----
def pad(a: np.ndarray, p: int) -> np.ndarray:
    return np.pad(np.asarray(a, dtype=float), p)


def rot(a: np.ndarray) -> np.ndarray:
    return np.flip(np.asarray(a, dtype=float))


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    out = np.zeros(tuple((n - 1) * s + 1 for n in a.shape))
    out[tuple(slice(None, None, s) for _ in a.shape)] = a
    return out


def corr(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Valid cross-correlation: out[i] = sum_m a[i+m] b[m].

    A kernel larger than the input is an error (it is how a swapped X and G shows up).
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != b.ndim or any(kb > ka for ka, kb in zip(a.shape, b.shape, strict=True)):
        raise ValueError(f"cannot correlate {a.shape} with {b.shape}")
    win = np.lib.stride_tricks.sliding_window_view(a, b.shape)
    axes = tuple(range(a.ndim, 2 * a.ndim))
    return np.tensordot(win, b, axes=(axes, tuple(range(b.ndim))))


def convolve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Valid true convolution (kernel flipped)."""
    return corr(a, rot(b))


def full(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Full true convolution: every overlap of a and the flipped b."""
    return convolve(pad(a, np.asarray(b).shape[0] - 1), b)


# ---- torch truth ----
def _t(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=float), requires_grad=True)


def conv_case(
    h: int, w: int, k: int, s: int = 1, p: int = 0, seed: int = 0, bias: bool = True
) -> SimpleNamespace:
    """One-channel 2-D conv layer: forward and autograd gradients for a random upstream G."""
    g = rng(seed)
    x, kk = g.standard_normal((h, w)), g.standard_normal((k, k))
    b = float(g.standard_normal()) if bias else 0.0
    xt, kt, bt = _t(x), _t(kk), _t(np.array([b]))
    y = F.conv2d(xt[None, None], kt[None, None], bt, stride=s, padding=p)[0, 0]
    gg = g.standard_normal(tuple(y.shape))
    (y * torch.tensor(gg)).sum().backward()
    return SimpleNamespace(
        X=x,
        K=kk,
        b=b,
        Y=y.detach().numpy(),
        G=gg,
        dX=xt.grad.numpy(),
        dK=kt.grad.numpy(),
        db=float(bt.grad[0]),
    )


def conv_out(h: int, k: int, s: int, p: int) -> int:
    """Output side measured by running torch (not by the formula under test)."""
    y = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s, padding=p)
    return int(y.shape[-1])


def conv_t_out(h: int, k: int, s: int, p: int) -> int:
    y = F.conv_transpose2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s, padding=p)
    return int(y.shape[-1])


def n_params(module: torch.nn.Module) -> int:
    return sum(int(q.numel()) for q in module.parameters())


def rng2(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(n)]


def idx(*ranges: Iterable[int]) -> list[tuple[int, ...]]:
    """Cartesian product of index ranges (small, so a plain list)."""
    out: list[tuple[int, ...]] = [()]
    for r in ranges:
        out = [(*o, i) for o in out for i in r]
    return out
