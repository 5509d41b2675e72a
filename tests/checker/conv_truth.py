"""torch autograd of ``conv2d``, the truth of checker tests on notes written for them: the
tensors and the gradients of L = sum(Z * G) for a random upstream gradient G."""

from __future__ import annotations

import itertools

import numpy as np
import torch


def conv2d_autograd(
    x_shape: tuple[int, int, int, int],
    w_shape: tuple[int, int, int, int],
    seed: int,
    stride: int = 1,
    padding: int = 0,
) -> dict[str, np.ndarray]:
    """X, W, G (the upstream gradient) and dX, dW, db in float64."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(x_shape, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(w_shape, generator=gen, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(w_shape[0], dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, w, b, stride=stride, padding=padding)
    g = torch.randn(z.shape, generator=gen, dtype=torch.float64)
    (z * g).sum().backward()
    assert x.grad is not None and w.grad is not None and b.grad is not None
    return {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "G": g.numpy(),
        "dX": x.grad.numpy(),
        "dW": w.grad.numpy(),
        "db": b.grad.numpy(),
    }


def entry_or_zero(array: np.ndarray, *index: int) -> float:
    """An entry, zero outside the array (the notes' "taken as zero outside its range")."""
    if all(0 <= i < s for i, s in zip(index, array.shape, strict=True)):
        return array[index]
    return 0.0


def weight_gradient_loops(
    t: dict[str, np.ndarray], swap: bool = False, rows: range | None = None
) -> np.ndarray:
    """sum over n, i, j of G[n,o,i,j] X[n,c,i+r,j+s] at stride 1 (swap: X[n,c,i+s,j+r]),
    entry by entry, as index-notation notes write it; ``rows``: the values i and j run over
    (a sum's written range; every output position by default)."""
    g, x = t["G"], t["X"]
    out = np.zeros(t["dW"].shape)
    spans = (rows, rows) if rows is not None else (range(g.shape[2]), range(g.shape[3]))
    for o, c, r, s in itertools.product(*map(range, out.shape)):
        for n, i, j in itertools.product(range(g.shape[0]), *spans):
            row, col = (i + s, j + r) if swap else (i + r, j + s)
            out[o, c, r, s] += g[n, o, i, j] * x[n, c, row, col]
    return out


def input_gradient_loops(
    t: dict[str, np.ndarray], sign: int = -1, filters: int | None = None
) -> np.ndarray:
    """sum over o < filters, r, s of G[n,o,p+sign*r,q+sign*s] W[o,c,r,s] (G zero outside),
    entry by entry; sign -1 is the true input gradient at stride 1."""
    g, w = t["G"], t["W"]
    out = np.zeros(t["dX"].shape)
    count = w.shape[0] if filters is None else filters
    for n, c, p, q in itertools.product(*map(range, out.shape)):
        for o, r, s in itertools.product(range(count), range(w.shape[2]), range(w.shape[3])):
            out[n, c, p, q] += entry_or_zero(g, n, o, p + sign * r, q + sign * s) * w[o, c, r, s]
    return out
