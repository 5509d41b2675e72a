"""Pooling: average pooling as a depthwise convolution, max pooling by its arg-max.

Average pooling with a kh×kw window is the depthwise convolution (groups = C) with the
constant kernel 1/(kh·kw), zero padding counted in the mean (PyTorch's default), so its
input gradient is the same full convolution as a convolution's: each X entry receives
G[o]/(kh·kw) from every window o that holds it.

Max pooling is piecewise linear: on an input with no ties in a window, Z[o] equals the
window's largest entry and ∂Z[o]/∂X is 1 there and 0 elsewhere, so dX[t] is the sum of
G[o] over the windows whose maximum is t.  At a tie the derivative does not exist;
symconv, like PyTorch, sends G[o] to the first maximum in row-major window order.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import sympy

from ..closed import Constant, Correlate, Crop, FullConvolveRot180, Pad, TensorSymbol
from ..prove import FAILED, PROVED, Proof, compare
from ..spec import Pool
from ..tensors import Naming
from ..termarray import EMPTY, Rows, TermArray
from .base import Identity, PolyLayer
from .conv import output_grid, window_grid


def pool_terms(spec: Pool, output_shape: tuple[int, ...], batch: int) -> int:
    return 4 * batch * int(np.prod(output_shape)) * spec.kernel[0] * spec.kernel[1]


class PoolLayer(PolyLayer):
    """Shared set-up: symbolic X (N, C, H, W) and G (N, C, Ho, Wo)."""

    def __init__(self, spec: Pool, input_shape: tuple[int, int, int], batch: int = 1,
                 naming: Naming | None = None) -> None:
        super().__init__(naming)
        self.spec, self.batch, self.label = spec, batch, spec.name
        self.input_shape = tuple(input_shape)
        self.output_shape = spec.output_shape(self.input_shape)
        self.x = self.tensor("X", "x", (batch, *self.input_shape))
        self.g = self.tensor("G", "g", (batch, *self.output_shape))

    def config(self) -> dict:
        s = self.spec
        return {"layer": s.name, "kind": f"{s.op}pool2d", "batch": self.batch,
                "input": list(self.input_shape[1:]), "channels": self.input_shape[0],
                "kernel": list(s.kernel), "stride": list(s.stride),
                "padding": list(s.padding), "output": list(self.output_shape[1:])}

    def estimate_terms(self) -> int:
        return pool_terms(self.spec, self.output_shape, self.batch)

    def window_ids(self) -> tuple[np.ndarray, np.ndarray]:
        """X ids of every window (N, C, Ho, Wo, kh·kw) and where they are inside X."""
        s = self.spec
        _, height, width = self.input_shape
        n, c, i, j = output_grid(*self.g.shape)
        a, b = window_grid(*s.kernel)
        rows = s.stride[0] * i + a - s.padding[0]
        cols = s.stride[1] * j + b - s.padding[1]
        inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
        full = (*self.g.shape, len(a))
        ids = self.x.ids[n, c, rows.clip(0, height - 1), cols.clip(0, width - 1)]
        return np.broadcast_to(ids, full), np.broadcast_to(inside, full)


class AvgPoolLayer(PoolLayer):
    def forward(self) -> TermArray:
        """Z[n,c,i,j] = (1/(kh·kw)) Σ_{a,b} X[n, c, s·i + a - p, s·j + b - p]."""
        ids, inside = self.window_ids()
        kh, kw = self.spec.kernel
        return TermArray(np.where(inside, ids, EMPTY)[..., None], inside.astype(np.int64),
                         kh * kw)

    def identities(self) -> list[Identity]:
        s = self.spec
        channels, height, width = self.input_shape
        kh, kw = s.kernel
        mean = Constant(sympy.Rational(1, kh * kw), (channels, 1, kh, kw))
        pads = (s.padding[0], s.padding[0], s.padding[1], s.padding[1])
        padded = (height + 2 * s.padding[0], width + 2 * s.padding[1])
        return [
            Identity("Z", "Z = corr(pad(X), 1/(kh*kw)), depthwise", "Z",
                     Correlate(Pad(TensorSymbol("X"), pads), mean, s.stride, (1, 1), channels)),
            Identity("dL/dX", "dL/dX = crop(full(dilate(G, stride) * 1/(kh*kw)), p)", "X",
                     Crop(FullConvolveRot180(TensorSymbol("G"), mean, s.stride, (1, 1), channels,
                                             s.kernel, padded), pads)),
        ]


class MaxPoolLayer(PoolLayer):
    """Max pooling, proved at an input with no ties (a shuffled 1..size)."""

    def __init__(self, *args, seed: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rng = np.random.default_rng(seed)
        self.values = rng.permutation(len(self.x)).reshape(self.x.shape) + 1

    def identities(self) -> list[Identity]:  # the proof below is not polynomial
        return []

    def prove(self) -> list[Proof]:
        start = time.perf_counter()
        ids, inside = self.window_ids()
        symbols = {int(v): self.table.symbol(int(v)) for v in self.x.ids.reshape(-1)}
        point = {symbols[int(v)]: int(self.values.reshape(-1)[k])
                 for k, v in enumerate(self.x.ids.reshape(-1))}
        derived: dict[int, dict] = {}
        closed: dict[int, dict] = {}
        for index in np.ndindex(*self.g.shape):
            window = [int(v) for v, ok in zip(ids[index], inside[index], strict=True) if ok]
            g = int(self.g.ids[index])
            for v in window:  # -inf padding never wins, so it is left out of the Max
                # ∂Z[o]/∂x_v by SymPy with the other entries fixed at the tie-free point
                others = [point[symbols[u]] for u in window if u != v]
                z = sympy.Max(symbols[v], *others)
                slope = sympy.diff(z, symbols[v]).subs(symbols[v], point[symbols[v]])
                if slope != 0:
                    derived.setdefault(v, {})[(g,)] = Fraction(int(slope.p), int(slope.q))
            first = max(window, key=lambda v: (point[symbols[v]], -window.index(v)))
            closed.setdefault(first, {})[(g,)] = 1
        keys = self.x.ids
        entries, terms, mismatch = compare(_rows(derived), _rows(closed), keys, self.table)
        return [Proof(
            layer=self.label, identity="dL/dX",
            statement="dL/dX[t] = sum of G[o] over the windows o whose arg-max is t",
            config=self.config(), status=PROVED if mismatch is None else FAILED,
            entries=entries, terms=terms, seconds=time.perf_counter() - start,
            method="SymPy derivative of Max at an input with no ties", mismatch=mismatch,
            note="at a tie G goes to the first maximum in row-major window order (as PyTorch)")]


def _rows(polys: dict[int, dict]) -> Rows:
    keys, monos, coefs = [], [], []
    for key, poly in polys.items():
        for mono, coeff in poly.items():
            keys.append(key)
            monos.append(list(mono))
            coefs.append(int(coeff))
    return Rows.build(np.array(keys, dtype=np.int64), np.array(monos, dtype=np.int64).reshape(
        -1, 1), np.array(coefs, dtype=np.int64), 1)


def pool_layer(spec: Pool, input_shape, batch: int = 1, naming: Naming | None = None):
    cls = AvgPoolLayer if spec.op == "avg" else MaxPoolLayer
    return cls(spec, input_shape, batch=batch, naming=naming)
