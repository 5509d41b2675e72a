"""Lowerings of the VGG-like net's convolutions with fewer multiply-adds than the runtime's
banded one, against it (issue 15): what their products cost at these channel counts.

The runtime lowers a 3x3, padding-1, stride-1 convolution to A·T with T banded
(:class:`symconv.runtime.numeric.geometry._Panels`): blocks of bw output columns read
U = bw + 2 input columns, so a fraction 1 - 3/U of the product's multiply-adds fall on the
band's zeros (half at conv1's Z and dL/dW, bw 4, and at conv2's dL/dX, bw 4; a quarter at
conv2's Z, bw 2).  The products run near BLAS's peak because T has bw·F >= 32 columns.
The lowerings here do fewer multiply-adds, in NumPy on the same BLAS, each checked against
the runtime's result:

- ``im2col A·W``: one row per output pixel, K = 9·C, F columns (no zeros);
- ``im2col W·A^T``: the same product the other way round, the output channels-first;
- ``row taps``: rows (n, i, padded column) of the three input rows (K = 3·C), one product
  with the three column taps' weights side by side (3·F columns), then Z as the sum of
  the three products shifted by 0, 1 and 2 columns (two adds);
- ``Winograd F(2x2,3x3)``: 4x4 input tiles at stride 2, Z = A^T[(G W G^T) ⊙ (B^T d B)]A,
  16 products per tile position with K = C, F columns (2.25x fewer multiply-adds than
  the dense correlation), the transforms as products with kron(B^T, B^T) and
  kron(A^T, A^T) over all tiles (``--prove`` checks the identity with SymPy first);
- conv2's dL/dX (the full convolution of G with the flipped kernel, cropped to the
  input: the correlation of G padded by 1 with W flipped and its channels swapped) as the
  runtime's forward correlation with blocks of 2 columns (a quarter zeros) or 4, and as
  ``G·W then taps``: one zero-free product (rows (n, i, j), K = F, 9·C columns) whose
  nine column blocks are added into dX shifted by their tap (col2im);
- conv1 with its 2x2 max pool in 2x2 output blocks (:class:`PoolBlocks`): rows (n, i/2,
  j/2) read a pool window's 4x4 input patch (K = 16·C + 1 against 18·C + 1, 11% fewer
  multiply-adds), 4·F columns hold the window's four positions, so the pool and its
  routing need no interleaving (what a fused convolution + pool node would run), against
  today's gather, product and pool (forward) and routing and A^T·dZ (backward), with a
  step of 64 timed after for scale.

One chunk of 32 images (the chunk a step of 64 is cut into), float32, one thread, CPU
time; each round runs every variant once in rotating order; printed per case: the
median microseconds per chunk, the ratio to the runtime's (above 1: the variant is
slower), the multiply-adds of its products, and its largest difference from the
runtime's result.

    python benchmarks/fewer_macs.py [--rounds 9] [--calls 20] [--prove]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from symconv import Model
from symconv.runtime.numeric import convolution as conv
from symconv.runtime.numeric import (
    correlate2d,
    full_convolve2d_rot180,
    geometry,
    pad2d,
    pool2x2,
    reuse_gathers,
)
from symconv.runtime.parts import single_threaded_blas

VGG = Path(__file__).resolve().parent.parent / "tests" / "data" / "networks" / "vgg_like.toml"
STRIDED = np.lib.stride_tricks.as_strided
B_T = np.array([[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]])
G_W = np.array([[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]])
A_T = np.array([[1, 1, 1, 0], [0, 1, -1, -1]])


def prove_winograd() -> None:
    """Y = A^T[(G g G^T) ⊙ (B^T d B)]A equals the 2x2 correlation of the 4x4 tile d with
    the 3x3 kernel g, entry by entry, in exact rationals."""
    import sympy

    d = sympy.Matrix(4, 4, sympy.symbols("d0:16"))
    g = sympy.Matrix(3, 3, sympy.symbols("g0:9"))
    bt, gw, at = (sympy.Matrix(m).applyfunc(sympy.nsimplify) for m in (B_T, G_W, A_T))
    y = at * (gw * g * gw.T).multiply_elementwise(bt * d * bt.T) * at.T
    for i in range(2):
        for j in range(2):
            corr = sum(d[i + a, j + b] * g[a, b] for a in range(3) for b in range(3))
            assert sympy.expand(y[i, j] - corr) == 0, (i, j)
    print("Winograd F(2x2,3x3): A^T[(G g G^T) . (B^T d B)]A = the correlation, proved")


def nhwc(x: np.ndarray) -> np.ndarray:
    """x (N, C, H, W) as a dense (N, H, W, C) array."""
    return np.ascontiguousarray(x.transpose(0, 2, 3, 1))


class Lowerings:
    """Zero-free lowerings of Z[n, i, j, f] = sum Xp[n, i+a, j+b, c] · W[f, c, a, b] for a
    padded NHWC input ``xp`` (N, H+2, W+2, C) and weights (F, C, 3, 3)."""

    def __init__(self, xp: np.ndarray, w: np.ndarray) -> None:
        self.xp, self.w = xp, w
        n, hp, _, c = xp.shape
        f = w.shape[0]
        self.n, self.h, self.c, self.f, self.hp = n, hp - 2, c, f, hp
        dt = xp.dtype
        self.col = np.empty((n, self.h, self.h, 3, 3 * c), dt)
        self.w_col = np.ascontiguousarray(w.transpose(2, 3, 1, 0).reshape(9 * c, f))
        self.z_rows = np.empty((n * self.h * self.h, f), dt)
        self.z_first = np.empty((f, n * self.h * self.h), dt)
        self.rows = np.empty((n, self.h, hp, 3, c), dt)
        self.w_taps = np.ascontiguousarray(w.transpose(2, 1, 3, 0).reshape(3 * c, 3 * f))
        self.y_taps = np.empty((n * self.h * hp, 3 * f), dt)
        self.z = np.empty((n, self.h, self.h, f), dt)
        t = self.h // 2
        self.tiles = n * t * t
        self.d = np.empty((4, 4, n, t, t, c), dt)
        self.u = np.einsum("kr,fcrs,ls->klcf", G_W, w, G_W).reshape(16, c, f).astype(dt)
        self.bb = np.kron(B_T, B_T).astype(dt)
        self.aa = np.kron(A_T, A_T).astype(dt)
        self.m = np.empty((16, self.tiles, f), dt)
        self.y = np.empty((4, self.tiles * f), dt)

    def macs(self) -> dict:
        n, h, c, f, hp = self.n, self.h, self.c, self.f, self.hp
        tiles = self.tiles
        return {
            "im2col A·W": n * h * h * 9 * c * f,
            "im2col W·A^T": n * h * h * 9 * c * f,
            "row taps": n * h * hp * 3 * c * 3 * f,
            "Winograd F(2x2,3x3)": 16 * tiles * c * f + 16 * 16 * tiles * c + 4 * 16 * tiles * f,
        }

    def _im2col(self) -> np.ndarray:
        sn, sy, sx, sc = self.xp.strides
        n, h, c = self.n, self.h, self.c
        view = STRIDED(self.xp, (n, h, h, 3, 3 * c), (sn, sy, sx, sy, sc))  # (b, c) a run
        np.copyto(self.col, view)
        return self.col.reshape(n * h * h, 9 * c)

    def im2col_aw(self) -> np.ndarray:
        np.matmul(self._im2col(), self.w_col, out=self.z_rows)
        return self.z_rows.reshape(self.n, self.h, self.h, self.f)

    def im2col_wa(self) -> np.ndarray:
        np.matmul(self.w_col.T, self._im2col().T, out=self.z_first)
        return self.z_first.reshape(self.f, self.n, self.h, self.h).transpose(1, 2, 3, 0)

    def row_taps(self) -> np.ndarray:
        sn, sy, sx, sc = self.xp.strides
        n, h, hp, c, f = self.n, self.h, self.hp, self.c, self.f
        np.copyto(self.rows, STRIDED(self.xp, (n, h, hp, 3, c), (sn, sy, sx, sy, sc)))
        np.matmul(self.rows.reshape(-1, 3 * c), self.w_taps, out=self.y_taps)
        y = self.y_taps.reshape(n, h, hp, 3, f)
        np.add(y[:, :, 0:h, 0], y[:, :, 1 : h + 1, 1], out=self.z)
        self.z += y[:, :, 2 : h + 2, 2]
        return self.z

    def winograd(self) -> np.ndarray:
        sn, sy, sx, sc = self.xp.strides
        n, h, c, f = self.n, self.h, self.c, self.f
        t = h // 2
        np.copyto(self.d, STRIDED(self.xp, self.d.shape, (sy, sx, sn, 2 * sy, 2 * sx, sc)))
        v = self.bb @ self.d.reshape(16, -1)
        np.matmul(v.reshape(16, self.tiles, c), self.u, out=self.m)
        np.matmul(self.aa, self.m.reshape(16, -1), out=self.y)
        out = self.z.reshape(n, t, 2, t, 2, f)
        np.copyto(out, self.y.reshape(2, 2, n, t, t, f).transpose(2, 3, 0, 4, 1, 5))
        return self.z


def taps_col2im(g: np.ndarray, w: np.ndarray, out: np.ndarray, r: np.ndarray) -> np.ndarray:
    """dX[n, i+a-1, j+b-1, c] += sum_f G[n, i, j, f] · W[f, c, a, b] (padding 1 cropped):
    one product R = G·W (rows (n, i, j), columns (a, b, c)), then nine shifted adds."""
    n, h, _, f = g.shape
    c = w.shape[1]
    np.matmul(g.reshape(-1, f), w.transpose(0, 2, 3, 1).reshape(f, 9 * c), out=r)
    rr = r.reshape(n, h, h, 3, 3, c)
    out[...] = rr[:, :, :, 1, 1]
    for a in range(3):
        for b in range(3):
            if (a, b) == (1, 1):
                continue
            # output (i, j) reaches input (i + a - 1, j + b - 1), inside for these ranges
            i0, i1 = max(0, 1 - a), min(h, h + 1 - a)
            j0, j1 = max(0, 1 - b), min(h, h + 1 - b)
            out[:, i0 + a - 1 : i1 + a - 1, j0 + b - 1 : j1 + b - 1] += rr[:, i0:i1, j0:j1, a, b]
    return out


def with_panel_width(bw: int, call):
    """``call`` run with every convolution's blocks forced to ``bw`` output columns."""
    original = geometry._panel_width

    def run():
        geometry._panel_width = lambda *args, **kwargs: bw
        geometry._cached_panels.cache_clear()
        try:
            return call()
        finally:
            geometry._panel_width = original
            geometry._cached_panels.cache_clear()

    return run


def median_us(variants: dict, rounds: int, calls: int) -> dict:
    names = list(variants)
    spent = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.process_time()
            for _ in range(calls):
                variants[name]()
            spent[name].append((time.process_time() - start) / calls * 1e6)
    return {name: statistics.median(times) for name, times in spent.items()}


def report(title: str, variants: dict, macs: dict, reference, rounds: int, calls: int) -> None:
    errors = {name: float(np.abs(call() - reference).max()) for name, call in variants.items()}
    times = median_us(variants, rounds, calls)
    first = next(iter(variants))
    print(f"\n{title}\n")
    print("| lowering | us per 32 images | / runtime's | multiply-adds (M) | max diff |")
    print("|---|---:|---:|---:|---:|")
    for name, us in times.items():
        print(
            f"| {name} | {us:.0f} | {us / times[first]:.2f}x | {macs[name] / 1e6:.1f} | "
            f"{errors[name]:.1e} |",
            flush=True,
        )


def forward_case(name: str, n: int, c: int, f: int, h: int, rng, rounds: int, calls: int):
    x = rng.standard_normal((n, h, h, c)).astype(np.float32).transpose(0, 3, 1, 2)
    w = rng.standard_normal((f, c, 3, 3)).astype(np.float32)
    xpad = pad2d(x, (1, 1, 1, 1))  # channels-last, as the runtime pads
    pan = geometry._panels(xpad.shape, w.shape, (1, 1), (1, 1), 1)
    (_, bw, count), *_ = pan.segments
    banded = n * h * count * pan.kh * pan.width(bw) * c * bw * f
    low = Lowerings(nhwc(xpad), w)
    reference = nhwc(correlate2d(xpad, w, (1, 1), (1, 1), 1))
    variants = {
        f"runtime's banded (bw {bw}, gather + product)": lambda: nhwc(
            correlate2d(xpad, w, (1, 1), (1, 1), 1)
        ),
        "im2col A·W": low.im2col_aw,
        "im2col W·A^T": low.im2col_wa,
        "row taps": low.row_taps,
        "Winograd F(2x2,3x3)": low.winograd,
    }
    macs = {next(iter(variants)): banded, **low.macs()}
    title = f"{name}: Z of {c} -> {f} channels at {h}x{h}, 3x3, padding 1"
    report(title, variants, macs, reference, rounds, calls)


def input_grad_case(n: int, f: int, c: int, h: int, rng, rounds: int, calls: int) -> None:
    g = rng.standard_normal((n, h, h, f)).astype(np.float32).transpose(0, 3, 1, 2)
    w = rng.standard_normal((f, c, 3, 3)).astype(np.float32)
    reference = nhwc(full_convolve2d_rot180(g, w, (1, 1), (1, 1), 1, (h + 2, h + 2)))
    reference = reference[:, 1:-1, 1:-1]
    flipped = np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))  # (C, F, a, b)

    def as_correlation():
        with reuse_gathers():
            return nhwc(correlate2d(pad2d(g, (1, 1, 1, 1)), flipped, (1, 1), (1, 1), 1))

    pan = geometry._panels((n, c, h + 2, h + 2), w.shape, (1, 1), (1, 1), 1, wide=True)
    (_, bw, count), *_ = pan.segments
    g_nhwc = nhwc(g)
    out = np.empty((n, h, h, c), np.float32)
    r = np.empty((n * h * h, 9 * c), np.float32)
    variants = {
        f"runtime's row sums (bw {bw})": lambda: nhwc(
            full_convolve2d_rot180(g, w, (1, 1), (1, 1), 1, (h + 2, h + 2))
        )[:, 1:-1, 1:-1],
        "correlation of padded G, bw 2": with_panel_width(2, as_correlation),
        "correlation of padded G, bw 4": with_panel_width(4, as_correlation),
        "G·W then taps": lambda: taps_col2im(g_nhwc, w, out, r),
    }
    macs = {
        next(iter(variants)): n * h * count * bw * f * pan.kh * pan.width(bw) * c
        + n * (h + 2) * h * 3 * (bw + 2) * c * count,  # the product and the row sums
        "correlation of padded G, bw 2": n * h * (h // 2) * 3 * 4 * f * 2 * c,
        "correlation of padded G, bw 4": n * h * (h // 4) * 3 * 6 * f * 4 * c,
        "G·W then taps": n * h * h * f * 9 * c,
    }
    title = f"conv2: dL/dX of {f} -> {c} channels at {h}x{h} (the full convolution, cropped)"
    report(title, variants, macs, reference, rounds, calls)


class PoolBlocks:
    """conv1 (3x3, padding 1, bias) and its 2x2 max pool, today and with 2x2 output blocks.

    Today: A (rows (n, i, q), the bias's ones column) · T banded over blocks of 4 columns
    (K = 3·6·C + 1), Z in (N, H, W, C) memory, then the pool's quarter copies and passes;
    backward, the routing into dZ's interleaved positions and A^T·dZ.  With 2x2 blocks:
    rows (n, i/2, j/2) read the 4x4 input patch of a pool window (K = 16·C + 1, density
    9/16 against 9/18), T2[(r, s, c), (di, dj, f)] = W[f, c, r - di, s - dj], so
    A2·T2 holds the window's four positions as four column groups: the pool's six passes
    read them in place, the routing writes dZ2 in place, dW comes from A2^T·dZ2.
    Timed per chunk: the gather, the product and the pool (forward); the routing and
    the weight product (backward).  T, the tap sums and the ReLU between (the same pass
    both ways) are not timed.  Checked: the pooled Y bit for bit is not expected (the
    products sum other terms in another order), Y and dW equal to float32 rounding."""

    def __init__(self, n: int, c: int, f: int, h: int, rng) -> None:
        x = rng.standard_normal((n, h, h, c)).astype(np.float32).transpose(0, 3, 1, 2)
        w = rng.standard_normal((f, c, 3, 3)).astype(np.float32)
        b = rng.standard_normal(f).astype(np.float32)
        self.xpad = pad2d(x, (1, 1, 1, 1))
        self.pan = geometry._panels(self.xpad.shape, w.shape, (1, 1), (1, 1), 1)
        (self.j0, self.bw, self.count), *rest = self.pan.segments
        if rest:
            raise SystemExit(f"blocks {self.pan.segments} not handled")
        self.t = self.pan.toeplitz(w, self.bw, b)
        self.n, self.c, self.f, self.h = n, c, f, h
        k1 = self.t.shape[0]
        self.z = np.empty((n * h * self.count, self.bw * f), np.float32)
        t = h // 2
        self.xp = nhwc(self.xpad)
        self.a2 = np.empty((n * t * t, 16 * c + 1), np.float32)
        t2 = np.zeros((4, 4, c, 2, 2, f), np.float32)
        for di in range(2):
            for dj in range(2):
                t2[di : di + 3, dj : dj + 3, :, di, dj] = w.transpose(2, 3, 1, 0)
        self.t2 = np.concatenate([t2.reshape(16 * c, 4 * f), np.tile(b, 4)[None]])
        self.z2 = np.empty((n * t * t, 4 * f), np.float32)
        self.dz2 = np.empty_like(self.z2)
        q = (n * t * t, f)
        self.bools = [np.empty(q, bool) for _ in range(3)]
        self.y = np.empty(q, np.float32)
        self.quarters = np.empty((4, *q), np.float32)
        self.pixel = np.dtype((np.void, f * 4))  # one output pixel's F floats
        g = rng.standard_normal((n, t, t, f)).astype(np.float32)  # dL/dY, NHWC memory
        self.g = g.transpose(0, 3, 1, 2)
        self.macs = {
            "today": 2 * self.z.shape[0] * k1 * self.z.shape[1],
            "2x2 blocks": 2 * self.a2.shape[0] * self.a2.shape[1] * self.z2.shape[1],
        }

    def forward_now(self):
        a = self.pan._gather(self.xpad, self.j0, self.bw, self.count, True)
        conv._tall_product(a, self.t, self.z)
        z = self.z.reshape(self.n, self.h, self.h, self.f).transpose(0, 3, 1, 2)
        return (a, *pool2x2._max_pool2x2_nhwc(z, winners=True))

    def backward_now(self, a, winners):
        dz = pool2x2._route_2x2(self.g, winners)
        return conv._gram(a, dz.transpose(0, 2, 3, 1).reshape(self.z.shape))

    def forward_blocks(self, dense: bool = False):
        """The gather, A2·T2 and the pool's six passes: on the product's four column
        groups in place (runs of F floats), or (``dense``) on four dense quarters copied
        out of it first (one copy of whole F-float pixels as opaque items)."""
        sn, sy, sx, sc = self.xp.strides
        n, c, t = self.n, self.c, self.h // 2
        run = np.dtype((np.void, 4 * c * 4))  # a patch row: 4 pixels of C floats
        view = STRIDED(self.xp, (n, t, t, 4, 4 * c), (sn, 2 * sy, 2 * sx, sy, sc))
        body = self.a2[:, :-1].reshape(n, t, t, 4, 4 * c)
        np.copyto(body.view(run)[..., 0], view.view(run)[..., 0])
        self.a2[:, -1] = 1
        conv._tall_product(self.a2, self.t2, self.z2)
        if dense:
            np.copyto(self.quarters.view(self.pixel)[..., 0], self.z2.view(self.pixel).T)
            v00, v01, v10, v11 = self.quarters
        else:
            f = self.f
            v00, v01, v10, v11 = (self.z2[:, k * f : (k + 1) * f] for k in range(4))
        b0, b1, top = self.bools
        np.greater(v01, v00, out=b0)
        np.maximum(v00, v01, out=v00)
        np.greater(v11, v10, out=b1)
        np.maximum(v10, v11, out=v10)
        np.greater(v10, v00, out=top)
        np.maximum(v00, v10, out=self.y)
        if np.isnan(self.y).any():
            raise SystemExit("NaN maximum")
        return self.y, (top, b0, b1)

    def backward_blocks(self, winners, dense: bool = False):
        """The routing's six passes into dZ2's column groups in place, or (``dense``)
        into four dense quarters copied into dZ2 after; then A2^T·dZ2."""
        top, b0, b1 = winners
        bits = np.dtype(np.int32)
        g = self.g.transpose(0, 2, 3, 1).reshape(self.y.shape).view(bits)
        f = self.f
        if dense:
            d00, d01, d10, d11 = self.quarters.view(bits)
        else:
            d = self.dz2.view(bits)
            d00, d01, d10, d11 = (d[:, k * f : (k + 1) * f] for k in range(4))
        np.multiply(g, top, out=d10)  # won in row 1
        np.bitwise_xor(g, d10, out=d00)  # won in row 0
        np.multiply(d00, b0, out=d01)
        np.bitwise_xor(d00, d01, out=d00)
        np.multiply(d10, b1, out=d11)
        np.bitwise_xor(d10, d11, out=d10)
        if dense:
            np.copyto(self.dz2.view(self.pixel).T, self.quarters.view(self.pixel)[..., 0])
        return conv._gram(self.a2, self.dz2)

    def check(self) -> str:
        a, y, winners = self.forward_now()
        y = nhwc(np.array(y)).reshape(self.y.shape)
        dw = self.pan.tap_sums(self.backward_now(a, winners)[:-1], self.bw)
        for dense in (False, True):
            y2, winners2 = self.forward_blocks(dense)
            p2 = self.backward_blocks(winners2, dense)[:-1].reshape(4, 4, self.c, 2, 2, self.f)
            dw2 = sum(
                p2[di : di + 3, dj : dj + 3, :, di, dj] for di in range(2) for dj in range(2)
            ).transpose(3, 2, 0, 1)
            if not (np.allclose(y2, y, atol=1e-4) and np.allclose(dw2, dw, rtol=1e-4, atol=1e-2)):
                raise SystemExit("conv1 in 2x2 blocks disagrees with the runtime")
        return f"Y max diff {np.abs(y2 - y).max():.1e}, dW max diff {np.abs(dw2 - dw).max():.1e}"


def pool_blocks_case(rounds: int, calls: int) -> None:
    case = PoolBlocks(32, 3, 8, 32, np.random.default_rng(1))
    checked = case.check()
    model = Model.from_file(VGG, dtype=np.float32, seed=0)
    model.cores = 1
    rng = np.random.default_rng(2)
    x = rng.standard_normal((64, *model.input_shape)).astype(np.float32)
    y = rng.integers(0, model.classes, 64)
    now = case.forward_now()
    ways = {"in place": False, "dense quarters": True}
    variants = {"forward today": case.forward_now}
    for way, dense in ways.items():
        variants[f"forward {way}"] = lambda dense=dense: case.forward_blocks(dense)
    variants["backward today"] = lambda: case.backward_now(now[0], now[2])
    for way, dense in ways.items():
        winners = case.forward_blocks(dense)[1]  # the same winners both ways
        variants[f"backward {way}"] = lambda d=dense, w=winners: case.backward_blocks(w, d)
    times = median_us(variants, rounds, calls)
    step = median_us({"step": lambda: model.loss_and_grads(x, y)}, rounds, max(1, calls // 4))
    print(
        "\nconv1 + pool1, 32 images: the gather, product and pool (forward), the routing and "
        f"weight product (backward); {checked}\n"
    )
    print("| phase | today us | 2x2 blocks, in place us | 2x2 blocks, dense quarters us |")
    print("|---|---:|---:|---:|")
    saved = dict.fromkeys(ways, 0.0)
    for phase in ("forward", "backward"):
        today = times[f"{phase} today"]
        for way in ways:
            saved[way] += today - times[f"{phase} {way}"]
        row = " | ".join(f"{times[f'{phase} {way}']:.0f}" for way in ways)
        print(f"| {phase} | {today:.0f} | {row} |")
    macs = case.macs
    step_ms = step["step"] / 1e3
    print(
        f"\nmultiply-adds of the two products: {macs['today'] / 1e6:.1f}M today, "
        f"{macs['2x2 blocks'] / 1e6:.1f}M in 2x2 blocks; a step of 64 (two chunks) "
        f"{step_ms:.2f} ms, of which 2x2 blocks would save "
        + ", ".join(
            f"{2 * us / 1e3:.2f} ms ({2 * us / 1e3 / step_ms:.1%}) {way}"
            for way, us in saved.items()
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--prove", action="store_true")
    args = parser.parse_args()
    if args.prove:
        prove_winograd()
    rng = np.random.default_rng(0)
    print(f"one thread, float32, CPU time; load average {os.getloadavg()[0]:.1f}")
    with single_threaded_blas():
        forward_case("conv1", 32, 3, 8, 32, rng, args.rounds, args.calls)
        forward_case("conv2", 32, 8, 16, 16, rng, args.rounds, args.calls)
        input_grad_case(32, 16, 8, 16, rng, args.rounds, args.calls)
        pool_blocks_case(args.rounds, args.calls)


if __name__ == "__main__":
    main()
