"""The NumPy primitives of symconv.runtime.numeric against the plain NumPy they replace, measured.

Each row times symconv's primitive and the straightforward NumPy expression of the same
values (checked equal first) on LeNet-5's sizes at batch 128 unless the row says otherwise
(C1's activations: 128·6·28·28 float32 values in the panels' (N, H, W, C) memory),
single-threaded BLAS, in alternating rounds; it prints the median time of each and their
ratio.  The figures quoted in the
comments of symconv/runtime/numeric/ come from this script.

    python benchmarks/primitives.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from symconv.runtime import numeric
from symconv.runtime.lenet import _single_threaded_blas

NHWC = numeric.NHWC


def nhwc(rng: np.random.Generator, n: int, c: int, h: int, w: int) -> np.ndarray:
    """Random float32 values of shape (N, C, H, W) stored as (N, H, W, C)."""
    return rng.standard_normal((n, h, w, c)).astype(np.float32).transpose(0, 3, 1, 2)


def plain_tanh_grad(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = np.empty_like(y)
    np.multiply(y, y, out=out)
    np.subtract(1, out, out=out)
    out *= g
    return out


def plain_sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1, e) / (1 + e)


def plain_relu_grad(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = np.zeros_like(y)
    np.copyto(out, g, where=y > 0)
    return out


def cases() -> list[tuple[str, Callable, Callable]]:
    """(what, symconv's primitive, the plain NumPy it replaces), on fixed inputs."""
    rng = np.random.default_rng(0)
    a1, g1 = np.tanh(nhwc(rng, 128, 6, 28, 28)), nhwc(rng, 128, 6, 28, 28)
    relu_out = np.maximum(nhwc(rng, 128, 6, 28, 28), 0)
    g_outer, x_outer = (rng.standard_normal((1, k)).astype(np.float32) for k in (120, 400))
    t = rng.standard_normal((270, 80)).astype(np.float32)  # C3's T (dL/dX at few rows)
    g_rows = rng.standard_normal((10, 80)).astype(np.float32)
    t_dense = numeric._dense_transpose(t)
    pools = (2, 2), (2, 2), (0, 0, 0, 0)
    a3 = np.tanh(nhwc(rng, 128, 16, 10, 10))
    spread = nhwc(rng, 32, 6, 14, 14)  # a part of 32 images, as at batch 64
    m_t = numeric._channel_sum_matrix(2, 6, 0.25, np.dtype(np.float32), transpose=True)
    m = numeric._channel_sum_matrix(2, 6, 0.25, np.dtype(np.float32))
    rows = numeric._nhwc(spread).reshape(-1, 6)
    # the VGG-like net's pool inputs after ReLU (many ties at 0)
    vgg1 = np.maximum(nhwc(rng, 64, 8, 32, 32), 0)
    vgg2 = np.maximum(nhwc(rng, 64, 16, 16, 16), 0)
    # the VGG-like net's convolutions on a chunk of 32 images: conv1 reads the network's
    # NCHW input, conv2 the channels-last output of pool1
    x1 = rng.standard_normal((32, 3, 32, 32)).astype(np.float32)
    w1, b1 = rng.standard_normal((8, 3, 3, 3)).astype(np.float32), np.zeros(8, np.float32)
    g1v = nhwc(rng, 32, 8, 32, 32)
    x2, g2v = nhwc(rng, 32, 8, 16, 16), nhwc(rng, 32, 16, 16, 16)
    w2, b2 = rng.standard_normal((16, 8, 3, 3)).astype(np.float32), np.zeros(16, np.float32)
    return [
        (
            "conv Z and dL/dW, VGG-like conv1 at 32 images (channels-last pad, 4-column "
            "panels against the input's order and 8)",
            lambda: conv_step(x1, w1, b1, g1v),
            lambda: _with(
                numeric.geometry,
                "_PAD_CHANNELS_LAST",
                False,
                _with,
                numeric,
                "_NARROW_PANELS",
                False,
                conv_step,
                x1,
                w1,
                b1,
                g1v,
            ),
        ),
        (
            "conv Z and dL/dW, VGG-like conv2 at 32 images (2-column panels against 4)",
            lambda: conv_step(x2, w2, b2, g2v),
            lambda: _with(numeric.geometry, "_NARROW_PANELS", False, conv_step, x2, w2, b2, g2v),
        ),
        (
            "conv dL/dX, VGG-like conv2 at 32 images (row sums against the scatter)",
            lambda: numeric.full_convolve2d_rot180(g2v, w2, (1, 1), (1, 1), 1, (18, 18)),
            lambda: _with(
                numeric.convolution,
                "_ROW_SUM_RATIO",
                4,
                numeric.full_convolve2d_rot180,
                g2v,
                w2,
                (1, 1),
                (1, 1),
                1,
                (18, 18),
            ),
        ),
        (
            "tanh_grad, C1 (blocks against whole passes)",
            lambda: numeric.tanh_grad(g1, a1),
            lambda: plain_tanh_grad(g1, a1),
        ),
        (
            "sigmoid, C1 (max(e, [z >= 0]) against np.where)",
            lambda: numeric.sigmoid(g1),
            lambda: plain_sigmoid(g1),
        ),
        (
            "relu_grad, C1 (bit mask against copyto where=)",
            lambda: numeric.relu_grad(g1, relu_out),
            lambda: plain_relu_grad(g1, relu_out),
        ),
        (
            "max_pool2d 2x2, C1 (dense passes against window arg-max)",
            lambda: numeric._max_pool2d(a1, *pools),
            lambda: numeric._max_pool2d_windows(a1, *pools),
        ),
        (
            "matmul 120x1 by 1x400 (broadcast against BLAS)",
            lambda: numeric.matmul(g_outer.T, x_outer),
            lambda: g_outer.T @ x_outer,
        ),
        (
            "dL/dX product 10x80 by T^T (dense T^T against the view T.T)",
            lambda: g_rows @ t_dense,
            lambda: g_rows @ t.T,
        ),
        (
            "avg_pool2d 2x2, C3 (row sums as one product per image against strided sums)",
            lambda: numeric.avg_pool2d(a3, *pools),
            lambda: _with(numeric.pool, "_POOL_PRODUCT_ROWS", 0, numeric.avg_pool2d, a3, *pools),
        ),
        (
            "avg_pool2d 2x2, C1 (strided row sums against one product per image)",
            lambda: numeric.avg_pool2d(a1, *pools),
            lambda: _with(numeric.pool, "_POOL_PRODUCT_ROWS", 28, numeric.avg_pool2d, a1, *pools),
        ),
        (
            "max_pool2d 2x2, VGG-like conv1 at batch 64 (2x2 NHWC against the general loop)",
            lambda: numeric._max_pool2d(vgg1, *pools),
            lambda: _with(numeric.pool, "_POOL_2X2", False, numeric._max_pool2d, vgg1, *pools),
        ),
        (
            "max_pool2d 2x2, VGG-like conv2 at batch 64 (2x2 NHWC against the general loop)",
            lambda: numeric._max_pool2d(vgg2, *pools),
            lambda: _with(numeric.pool, "_POOL_2X2", False, numeric._max_pool2d, vgg2, *pools),
        ),
        (
            "avg-pool spreading, S2 at 32 images (dense M^T against the view M.T)",
            lambda: rows @ m_t,
            lambda: rows @ m.T,
        ),
    ]


def conv_step(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray) -> tuple:
    """Z and dL/dW of a 3x3 convolution with padding 1, as a training step runs them."""
    with numeric.reuse_gathers():
        xpad = numeric.pad2d(x, (1, 1, 1, 1))
        z = numeric.correlate2d_bias(xpad, w, b, (1, 1), (1, 1), 1)
        return z.copy(), numeric.correlate2d_grad_weight(xpad, g, (1, 1), (1, 1), 1, (3, 3))


def _with(module, name: str, value, fn: Callable, *args):
    """fn(*args) with module.name set to value meanwhile."""
    saved = getattr(module, name)
    setattr(module, name, value)
    try:
        return fn(*args)
    finally:
        setattr(module, name, saved)


def same(ours, theirs) -> bool:
    pairs = zip(ours, theirs, strict=True) if isinstance(ours, tuple) else [(ours, theirs)]
    # float32 sums taken in another order (other panels) differ by a few units of
    # roundoff of the largest value
    return all(
        np.allclose(a, b, rtol=1e-6, atol=1e-6 * max(1.0, float(np.abs(b).max())), equal_nan=True)
        for a, b in pairs
    )


def calls_for(fn: Callable, seconds: float = 0.05) -> int:
    """How many calls of fn take about ``seconds`` (after one warm-up call)."""
    fn()
    start = time.perf_counter()
    fn()
    return max(1, int(seconds / max(time.perf_counter() - start, 1e-7)))


def per_call(fn: Callable, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    print("| primitive | symconv µs | plain NumPy µs | plain / symconv |")
    print("|---|---:|---:|---:|")
    with _single_threaded_blas():
        for what, ours, plain in cases():
            if not same(ours(), plain()):
                raise SystemExit(f"{what}: the two differ")
            calls = calls_for(ours), calls_for(plain)
            mine, theirs = [], []
            for _ in range(rounds):  # alternate, so both see the same machine
                mine.append(per_call(ours, calls[0]))
                theirs.append(per_call(plain, calls[1]))
            a, b = statistics.median(mine), statistics.median(theirs)
            print(f"| {what} | {a * 1e6:,.0f} | {b * 1e6:,.0f} | {b / a:.2f}x |")


if __name__ == "__main__":
    main()
