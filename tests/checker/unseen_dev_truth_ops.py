"""Independent numeric truth for the unseen `dev` note set (issue 16): helpers.

Nothing here imports symconv. Gradients come from torch autograd; the operator forms written in
the notes (valid correlation, pad, rot180, dilate, full convolution) are re-implemented with plain
numpy loops so that a claim's right-hand side is evaluated the way a reader would evaluate it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F


class OutOfRange(Exception):
    """A claim read an entry its tensor does not have (e.g. x_{5,j} of a 5x5 input, 0-based)."""


def strict(arr: np.ndarray, base: int = 0) -> Callable[..., float]:
    """Index accessor with the note's base (0 or 1); reading outside the tensor is an error."""

    def get(*idx: int) -> float:
        j = tuple(int(i) - base for i in idx)
        if len(j) != arr.ndim or any(i < 0 or i >= n for i, n in zip(j, arr.shape, strict=True)):
            raise OutOfRange(idx)
        return float(arr[j])

    return get


def zext(arr: np.ndarray, base: int = 0) -> Callable[..., float]:
    """Accessor for a tensor the note explicitly declares zero outside its range."""
    get = strict(arr, base)

    def z(*idx: int) -> float:
        try:
            return get(*idx)
        except OutOfRange:
            return 0.0

    return z


def same(a: Any, b: Any) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-9))


def close(a: float, b: float) -> bool:
    return bool(np.isclose(a, b, rtol=1e-9, atol=1e-9))


def every(ranges: Iterable[Iterable[int]], pred: Callable[..., bool]) -> bool:
    """pred holds at every index tuple of the product of ranges."""
    return all(pred(*t) for t in itertools.product(*ranges))


def verdicts(fn: Callable[[], Any]) -> list[bool]:
    """Run a claim's computation: a bool, or a list of bools over a grid of sizes.

    A claim whose right-hand side cannot even be formed (shapes do not fit, an index past the end)
    does not agree with the truth.
    """
    try:
        res = fn()
    except (OutOfRange, ValueError):
        return [False]
    return [bool(r) for r in res] if isinstance(res, list) else [bool(res)]


def grid(items: Iterable[Any], pred: Callable[..., bool]) -> list[bool]:
    """One verdict per size tuple; an out-of-range read or a shape mismatch fails that size only."""
    out = []
    for it in items:
        try:
            out.append(bool(pred(*it)))
        except (OutOfRange, ValueError):
            out.append(False)
    return out


# --- operator forms, numpy only ------------------------------------------------------------------


def corr(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Valid cross-correlation (A star B)[i] = sum_m A[i+m] B[m], any rank; B must fit inside A."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.ndim != b.ndim or any(nb > na for na, nb in zip(a.shape, b.shape, strict=True)):
        raise ValueError(f"cannot correlate {a.shape} with {b.shape}")
    out_shape = tuple(na - nb + 1 for na, nb in zip(a.shape, b.shape, strict=True))
    out = np.zeros(out_shape)
    for i in np.ndindex(*out_shape):
        window = a[tuple(slice(s, s + n) for s, n in zip(i, b.shape, strict=True))]
        out[i] = float(np.sum(window * b))
    return out


def full_conv(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Full true convolution (A * B)[i] = sum_m A[m] B[i-m]."""
    out = np.zeros(tuple(na + nb - 1 for na, nb in zip(a.shape, b.shape, strict=True)))
    for m in np.ndindex(*a.shape):
        out[tuple(slice(s, s + n) for s, n in zip(m, b.shape, strict=True))] += a[m] * b
    return out


def pad(a: np.ndarray, p: int) -> np.ndarray:
    return np.pad(np.asarray(a, float), p)


def rot(a: np.ndarray) -> np.ndarray:
    """rot180 / flip: reverse every axis."""
    return np.flip(np.asarray(a, float))


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    """Insert s-1 zeros between neighbouring entries along every axis."""
    a = np.asarray(a, float)
    out = np.zeros(tuple((n - 1) * s + 1 for n in a.shape))
    out[tuple(slice(None, None, s) for _ in a.shape)] = a
    return out


def floor_div(a: int, b: int) -> int:
    return math.floor(a / b)


def ceil_div(a: int, b: int) -> int:
    return -((-a) // b)


# --- torch truth ---------------------------------------------------------------------------------


def _t(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(a, dtype=torch.float64, requires_grad=True)


def conv_case(
    x_shape: tuple[int, ...],
    w_shape: tuple[int, ...],
    s: int = 1,
    p: int = 0,
    bias: bool = True,
    seed: int = 0,
) -> SimpleNamespace:
    """conv2d (or conv1d for 3-D shapes) forward and autograd backward with a random upstream."""
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[0]) if bias else np.zeros(w_shape[0])
    xt, wt, bt = _t(x), _t(w), _t(b)
    op = F.conv1d if len(x_shape) == 3 else F.conv2d
    y = op(xt, wt, bt, stride=s, padding=p)
    g = rng.standard_normal(tuple(y.shape))
    y.backward(torch.tensor(g))
    return SimpleNamespace(
        x=x,
        w=w,
        b=b,
        y=y.detach().numpy(),
        g=g,
        dx=xt.grad.numpy(),
        dw=wt.grad.numpy(),
        db=bt.grad.numpy(),
    )


def c2(
    h: int, wd: int, k: int, s: int = 1, p: int = 0, bias: bool = True, seed: int = 0
) -> SimpleNamespace:
    """Single-channel 2-D case, arrays squeezed to 2-D: X, W, Y, G, dX, dW, db."""
    c = conv_case((1, 1, h, wd), (1, 1, k, k), s, p, bias, seed)
    return SimpleNamespace(
        X=c.x[0, 0],
        W=c.w[0, 0],
        b=float(c.b[0]),
        Y=c.y[0, 0],
        G=c.g[0, 0],
        dX=c.dx[0, 0],
        dW=c.dw[0, 0],
        db=float(c.db[0]),
    )


def conv_out(h: int, k: int, s: int = 1, p: int = 0) -> int:
    """Output height torch.nn.functional.conv2d produces."""
    y = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s, padding=p)
    return int(y.shape[-1])


def pool_case(x: np.ndarray, g: np.ndarray, k: int, s: int, kind: str) -> SimpleNamespace:
    """max_pool2d / avg_pool2d forward and backward with upstream g."""
    xt = _t(x[None, None])
    op = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = op(xt, k, s)
    y.backward(torch.tensor(np.asarray(g, float)[None, None]))
    return SimpleNamespace(Y=y.detach().numpy()[0, 0], dX=xt.grad.numpy()[0, 0])


def act_grad(fn: Callable[[torch.Tensor], torch.Tensor], z: np.ndarray) -> np.ndarray:
    """Element-wise derivative of an activation by autograd."""
    zt = _t(z)
    fn(zt).sum().backward()
    return zt.grad.numpy()


# --- registry ------------------------------------------------------------------------------------

CLAIMS: dict[tuple[str, int, int], Callable[[], Any]] = {}
R2, R3, R4 = range(2), range(3), range(4)


def put(note: str, line: int, rank: int, fn: Callable[[], Any]) -> None:
    """Register the computation of claim number `rank` on 1-based `line` of `note`.md."""
    CLAIMS[(note, line, rank)] = fn
