"""Dense products, activations and the softmax cross-entropy."""

from __future__ import annotations

import functools

import numpy as np

from .buffers import ArgumentError, _empty, _empty_like, _layout


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A @ B for 2-D A and B (the dense layer's products).

    An inner size of 1 (dW = GᵀX at batch 1) makes it an outer product,
    (A @ B)[i, j] = A[i, 0]·B[0, j]: a broadcast multiply, faster than BLAS's path for it
    (2.7-4.9x at 120 x 400 in benchmarks/primitives.py)."""
    if a.ndim == 2 and b.ndim == 2 and a.shape[1] == 1 and b.shape[0] == 1:
        return np.multiply(a, b)
    return a @ b


def linear(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Y[n, o] = sum_k X[n, k] · W[o, k] + b[o]  (W is (out, in), as torch.nn.Linear)."""
    y = np.matmul(x, w.T, out=_empty((x.shape[0], w.shape[0]), np.result_type(x, w)))
    y += b
    return y


def linear_grad(g: np.ndarray, x: np.ndarray, w: np.ndarray):
    """(dX, dW, db) of :func:`linear`: dX[n,k] = sum_o G[n,o] W[o,k],
    dW[o,k] = sum_n G[n,o] X[n,k], db[o] = sum_n G[n,o]."""
    return g @ w, g.T @ x, g.sum(axis=0)


# Element-wise passes over big arrays run block by block: a gradient like G·(1 - Y²) is
# three passes, and over a whole C1 activation (2.4 MB at batch 128, more than L2) each pass
# would stream from L3; over blocks of ELEMENTWISE_BYTES the later passes find their data
# in cache (C1's tanh_grad at batch 128: 1.23-1.27x in benchmarks/primitives.py).
ELEMENTWISE_BYTES = 1 << 19


def _blocks(out: np.ndarray, *arrays: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """(out, *arrays) cut into matching flat blocks of about ELEMENTWISE_BYTES of ``out``,
    in memory order, when every array has out's shape and is dense in out's memory order
    (the activations and their gradients are); otherwise one block of the whole arrays."""
    step = max(1, ELEMENTWISE_BYTES // out.itemsize)
    if out.size <= 2 * step:  # arrays this small mostly stay in L2 whole: no cutting
        return [(out, *arrays)]
    order = _layout(out)
    flat = []
    for a in (out, *arrays):
        dense = a.transpose(order) if a.shape == out.shape else None
        if dense is None or not dense.flags.c_contiguous:
            return [(out, *arrays)]
        flat.append(dense.reshape(-1))
    return [tuple(f[i : i + step] for f in flat) for i in range(0, out.size, step)]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """S = 1 / (1 + exp(-Z)), evaluated as N/(1+e) with e = exp(-|Z|), so no exponent
    overflows: N = 1 for Z >= 0 and N = e for Z < 0, which is max(e, [Z >= 0]) since
    0 < e <= 1 (branch-free: np.where on a random sign pattern is 3.7-3.9x slower in
    benchmarks/primitives.py)."""
    out = _empty_like(z)
    for o, zb in _blocks(out, z):
        np.abs(zb, out=o)
        np.negative(o, out=o)
        np.exp(o, out=o)
        denominator = o + 1
        np.maximum(o, np.greater_equal(zb, 0), out=o)
        o /= denominator
    return out


def sigmoid_grad(g: np.ndarray, s: np.ndarray) -> np.ndarray:
    """dZ = G · S · (1 - S), from the saved output S = sigmoid(Z)."""
    out = _empty_like(s)
    for o, gb, sb in _blocks(out, g, s):
        np.subtract(1, sb, out=o)
        o *= sb
        o *= gb
    return out


def tanh(z: np.ndarray) -> np.ndarray:
    """Y = tanh(Z)."""
    return np.tanh(z, out=_empty_like(z))


def tanh_grad(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dZ = G · (1 - Y²), from the saved output Y = tanh(Z) (cheaper than keeping Z)."""
    out = _empty_like(y)
    for o, gb, yb in _blocks(out, g, y):
        np.multiply(yb, yb, out=o)
        np.subtract(1, o, out=o)
        o *= gb
    return out


def relu(z: np.ndarray) -> np.ndarray:
    """Y = max(Z, 0) (NaN propagates)."""
    return np.maximum(z, 0, out=_empty_like(z))


def relu_grad(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dZ = G where Y > 0, else 0, from the saved output Y = relu(Z); relu'(0) = 0 as PyTorch.

    Exactly 0 where Y <= 0 even if G is infinite or NaN (as PyTorch's threshold_backward),
    so not the float product G·[Y > 0]: G's bits, read as integers, are multiplied by
    [Y > 0] (0 or 1, exact: the bits or +0), branch-free; copyto(where=) on a random sign
    pattern is 5.9-6.9x slower (benchmarks/primitives.py), and ANDing with -[Y > 0] needs a
    slower cast (1.4x for the mask and its use, CPU time).  The bool mask goes to the
    integer product as it is (the ufunc casts it to 0 or 1 in cache), not first cast to
    a fresh integer array: 1.28-1.30x faster at the VGG-like net's first activation of 32
    images, 1.21-1.26x at its second (CPU time, two runs)."""
    out = _empty_like(y)
    bits = np.dtype(f"i{out.itemsize}")
    for o, gb, yb in _blocks(out, g, y):
        mask = np.greater(yb, 0, out=_empty_like(yb, np.dtype(bool)))
        if gb.dtype == o.dtype and gb.strides == o.strides:
            # G stored as the result: its bits multiplied straight in, one pass less (1.1x;
            # a strided G, as a cropped input gradient, is faster copied first).
            np.multiply(gb.view(bits), mask, out=o.view(bits))
            continue
        np.copyto(o, gb)
        np.multiply(o.view(bits), mask, out=o.view(bits))
    return out


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray):
    """(L, dZ) with L = (1/N) sum_n (logsumexp_k Z[n,k] - Z[n, y_n]) and
    dZ[n,k] = (softmax(Z)[n,k] - [k = y_n]) / N.

    Stable: with M[n] = max_k Z[n,k], logsumexp = M + log sum_k exp(Z - M) and every
    exponent is <= 0.  L is a NumPy scalar of the logits' dtype.
    """
    n, k = logits.shape
    labels = np.asarray(labels)
    if labels.shape != (n,):
        raise ArgumentError(
            f"labels shape {labels.shape} must be ({n},) to match logits {logits.shape}"
        )
    # The labels index flat positions n·K + y_n below: one outside [0, K) would read another
    # row's logit without an error, so it is refused here.
    if labels.dtype.kind not in "iu" or (n and not 0 <= labels.min() <= labels.max() < k):
        raise ArgumentError(
            f"labels {labels.tolist() if n <= 8 else labels} must be integers in [0, {k})"
        )
    shifted = logits - logits.max(axis=1, keepdims=True)
    d = np.exp(shifted)
    total = d.sum(axis=1)
    # Z[n, y_n] - M[n] of every row, read at flat positions n·K + y_n of the shifted logits.
    at_label = _row_starts(n, k) + labels
    loss = (np.log(total).sum() - shifted.take(at_label).sum()) / n
    d /= total[:, None]  # softmax
    d.ravel()[at_label] -= 1.0
    d *= 1.0 / n
    return loss, d


@functools.lru_cache(maxsize=16)
def _row_starts(n: int, k: int) -> np.ndarray:
    """[0, K, 2K, ...]: the flat index of each row's first entry; cached, read-only."""
    starts = np.arange(0, n * k, k)
    starts.setflags(write=False)
    return starts
