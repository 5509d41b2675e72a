"""What a convolution whose product writes the 2x2 max pool's window positions as dense blocks
would save: the structural lever of issue 15, measured before anyone builds the node.

Today a convolution's product A·T writes Z in (N, H, W, C) order, the 2x2 max pool after it
copies Z's four window positions out as dense quarters (void-item copies) before taking
their maxima, and in the backward pass the routing writes its four parts back into dZ's
interleaved positions (four more copies) for the weight gradient A^T·dZ.  A convolution
whose panel rows are gathered in the order (row parity, n, i/2, block) and whose banded
matrix T is split by column parity (T_even, T_odd: the same multiply-adds, two products
A·T_even and A·T_odd) writes the four quarters as the four row halves of its two
products: the pool's maxima then read them in place, the routing writes its parts in
place, and dW is A^T·dZ_even and A^T·dZ_odd (the same multiply-adds again).

Measured here with the runtime's own primitives on the VGG-like net's two convolutions,
one chunk of 32 images (the chunk a step of 64 is cut into), one thread, CPU time, the
two ways alternating: the forward product and pool (``_tall_product`` +
``_max_pool2x2_nhwc`` against two products and the pool's six passes on the quarters)
and the backward routing and weight product (``_route_2x2`` + ``_gram`` against the
routing's six passes into the quarters + two ``_gram``).  The gather, T, the bias and
the tap sums are the same both ways and not timed.  Not counted: conv2's input gradient
reads dZ in (N, H, W, C) order, so a node spanning conv2 and its pool would still pay
the interleaving copies there.  The results are checked equal (the quarters and Y bit for
bit, dW to float32 rounding: the products' sums run in other pieces).  Printed: per
convolution and in all, microseconds per chunk each way, and the saving against a whole
training step of 64 timed in the same run (``Model.loss_and_grads``, cores 1).

    python benchmarks/pool_layout.py [--rounds 7] [--calls 100]
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
from symconv.runtime.numeric import convolution, geometry, pool2x2
from symconv.runtime.parts import single_threaded_blas

VGG = Path(__file__).resolve().parent.parent / "tests" / "data" / "networks" / "vgg_like.toml"


def cpu_us(call, calls: int) -> float:
    start = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - start) / calls * 1e6


class Case:
    """One convolution (3x3, padding 1, bias) followed by a 2x2 max pool, both ways."""

    def __init__(self, n: int, c: int, h: int, f: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, c, h, h)).astype(np.float32)
        w = rng.standard_normal((f, c, 3, 3)).astype(np.float32)
        b = rng.standard_normal(f).astype(np.float32)
        xpad = geometry.pad2d(x, (1, 1, 1, 1))
        pan = geometry._panels(xpad.shape, w.shape, (1, 1), (1, 1), 1)
        (j0, bw, count), *rest = pan.segments
        if rest or bw % 2 or pan.ho % 2:
            raise SystemExit(f"conv {c}->{f} at {h}x{h}: blocks {pan.segments} not handled")
        self.name = f"conv {c}->{f}, {h}x{h}, {bw} columns a block"
        self.n, self.f, self.ho, self.wo, self.bw = n, f, pan.ho, pan.wo, bw
        self.a = pan.rows(xpad, j0, bw, count, ones=True)  # (N·Ho·count, K + 1)
        self.t = pan.toeplitz(w, bw, b)  # (K + 1, bw·F), columns (jj, f)
        m, k1 = self.a.shape
        # Window order: rows (row parity, n, i/2, block), T's columns split by parity.
        self.a_w = np.ascontiguousarray(
            self.a.reshape(n, pan.ho // 2, 2, count, k1).transpose(2, 0, 1, 3, 4)
        ).reshape(m, k1)
        by_parity = self.t.reshape(k1, bw // 2, 2, f)
        self.t_even = np.ascontiguousarray(by_parity[:, :, 0]).reshape(k1, -1)
        self.t_odd = np.ascontiguousarray(by_parity[:, :, 1]).reshape(k1, -1)
        self.z = np.empty((m, bw * f), np.float32)
        self.z_even = np.empty((m, bw * f // 2), np.float32)
        self.z_odd = np.empty((m, bw * f // 2), np.float32)
        q = (n, pan.ho // 2, pan.wo // 2, f)
        self.quarter = q
        self.bools = [np.empty(q, bool) for _ in range(3)]
        self.y = np.empty(q, np.float32)
        g = rng.standard_normal(q).astype(np.float32)  # dL/dY in (N, H, W, C) memory
        self.g = g.transpose(0, 3, 1, 2)
        self.dz_even = np.empty_like(self.z_even)
        self.dz_odd = np.empty_like(self.z_odd)

    # ---------------------------------------------------------------- today

    def forward_now(self):
        convolution._tall_product(self.a, self.t, self.z)
        z = self.z.reshape(self.n, self.ho, self.wo, self.f).transpose(0, 3, 1, 2)
        return pool2x2._max_pool2x2_nhwc(z, winners=True)

    def backward_now(self, winners):
        dz = pool2x2._route_2x2(self.g, winners)
        rows = dz.transpose(0, 2, 3, 1).reshape(self.z.shape)  # a view: dz is NHWC
        return convolution._gram(self.a, rows)

    # ---------------------------------------------------------------- window order

    def _quarters(self, even: np.ndarray, odd: np.ndarray) -> list[np.ndarray]:
        """[V_00, V_01, V_10, V_11] (row a, column b of the window): row halves."""
        half = even.shape[0] // 2
        return [
            part[a * half : (a + 1) * half].reshape(self.quarter)
            for a in (0, 1)
            for part in (even, odd)
        ]

    def forward_window_order(self):
        convolution._tall_product(self.a_w, self.t_even, self.z_even)
        convolution._tall_product(self.a_w, self.t_odd, self.z_odd)
        v00, v01, v10, v11 = self._quarters(self.z_even, self.z_odd)
        b0, b1, t = self.bools
        # _max_pool2x2_nhwc's passes, in its operand order, on the quarters in place.
        np.greater(v01, v00, out=b0)
        np.maximum(v00, v01, out=v00)
        np.greater(v11, v10, out=b1)
        np.maximum(v10, v11, out=v10)
        np.greater(v10, v00, out=t)
        np.maximum(v00, v10, out=self.y)
        if np.isnan(self.y).any():
            raise SystemExit("NaN maximum")
        return self.y, (t, b0, b1)

    def backward_window_order(self, winners):
        t, b0, b1 = winners
        bits = np.dtype(np.int32)
        g = self.g.transpose(0, 2, 3, 1).view(bits)  # NHWC, as the routing reads it
        d00, d01, d10, d11 = (v.view(bits) for v in self._quarters(self.dz_even, self.dz_odd))
        # _route_2x2's six passes, writing the quarters where the product reads them.
        np.multiply(g, t, out=d10)  # row 1
        np.bitwise_xor(g, d10, out=d00)  # row 0
        np.multiply(d00, b0, out=d01)
        np.bitwise_xor(d00, d01, out=d00)
        np.multiply(d10, b1, out=d11)
        np.bitwise_xor(d10, d11, out=d10)
        return convolution._gram(self.a_w, self.dz_even), convolution._gram(self.a_w, self.dz_odd)

    def check(self) -> str:
        """Both ways give the same Y (bit for bit) and dW's products (to rounding)."""
        y, winners = self.forward_now()
        y = np.array(y)
        p = self.backward_now(winners)
        y_w, winners_w = self.forward_window_order()
        p_even, p_odd = self.backward_window_order(winners_w)
        same_y = np.array_equal(y.transpose(0, 2, 3, 1), y_w)
        k1 = p.shape[0]
        joined = np.stack(
            [p_even.reshape(k1, -1, self.f), p_odd.reshape(k1, -1, self.f)], axis=2
        ).reshape(p.shape)
        if not same_y or not np.allclose(joined, p, rtol=1e-4, atol=1e-3):
            raise SystemExit(f"{self.name}: the two ways disagree")
        return "Y same bits, dW products equal" + (
            " (same bits)" if np.array_equal(joined, p) else " to rounding"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()
    cases = [Case(32, 3, 32, 8, seed=0), Case(32, 8, 16, 16, seed=1)]
    model = Model.from_file(VGG, dtype=np.float32, seed=0)
    model.cores = 1
    rng = np.random.default_rng(2)
    x = rng.standard_normal((64, *model.input_shape)).astype(np.float32)
    y = rng.integers(0, model.classes, 64)
    spent: dict = {}
    with single_threaded_blas():
        for case in cases:
            print(f"{case.name}: {case.check()}")
        timed = {"step 64": lambda: model.loss_and_grads(x, y)}
        for k, case in enumerate(cases):
            now = case.forward_now()[1]
            window = case.forward_window_order()[1]
            timed[k, "forward", "now"] = case.forward_now
            timed[k, "forward", "window"] = case.forward_window_order
            timed[k, "backward", "now"] = lambda case=case, w=now: case.backward_now(w)
            later = case.backward_window_order
            timed[k, "backward", "window"] = lambda later=later, w=window: later(w)
        for call in timed.values():
            call()
        for r in range(args.rounds):
            for key, call in list(timed.items())[:: 1 if r % 2 == 0 else -1]:
                calls = max(1, args.calls // 10) if key == "step 64" else args.calls
                spent.setdefault(key, []).append(cpu_us(call, calls))
    med = {key: statistics.median(values) for key, values in spent.items()}
    print(
        f"\none thread, CPU time, median of {args.rounds} alternating rounds; load average "
        f"{os.getloadavg()[0]:.1f}\n"
    )
    print("| convolution + 2x2 max pool, 32 images | now us | window order us | saved us |")
    print("|---|---:|---:|---:|")
    total_now = total_window = 0.0
    for k, case in enumerate(cases):
        for phase in ("forward", "backward"):
            a, b = med[k, phase, "now"], med[k, phase, "window"]
            total_now, total_window = total_now + a, total_window + b
            print(f"| {case.name}, {phase} | {a:.0f} | {b:.0f} | {a - b:.0f} |")
    saved = total_now - total_window
    step = med["step 64"]
    print(f"| all, per chunk | {total_now:.0f} | {total_window:.0f} | {saved:.0f} |")
    print(
        f"\na training step of 64 (two chunks): {step / 1e3:.2f} ms; the window order would "
        f"save {2 * saved / 1e3:.2f} ms of it ({2 * saved / step:.1%}), before conv2's "
        "input gradient pays its interleaving copies back"
    )


if __name__ == "__main__":
    main()
