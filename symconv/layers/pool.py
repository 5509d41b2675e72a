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
from typing import Any

import numpy as np
import sympy

from symconv.algebra.tensors import Naming
from symconv.algebra.termarray import EMPTY, Rows, TermArray
from symconv.layers.base import Identity, PolyLayer
from symconv.layers.conv import output_grid, window_grid
from symconv.ops import (
    Constant,
    Correlate,
    Crop,
    FullConvolveRot180,
    MaxPool,
    MaxPoolReLU,
    Node,
    Pad,
    RouteToMax,
    RouteToMaxReLU,
    TensorSymbol,
)
from symconv.proofs.proof import FAILED, PROVED, Mismatch, Proof, compare
from symconv.spec.layer import Pool


def pool_terms(spec: Pool, output_shape: tuple[int, ...], batch: int) -> int:
    return 4 * batch * int(np.prod(output_shape)) * spec.kernel[0] * spec.kernel[1]


class PoolLayer(PolyLayer):
    """Shared set-up: symbolic X (N, C, H, W) and G (N, C, Ho, Wo)."""

    def __init__(
        self,
        spec: Pool,
        input_shape: tuple[int, int, int],
        batch: int = 1,
        naming: Naming | None = None,
    ) -> None:
        super().__init__(naming)
        self.spec, self.batch, self.label = spec, batch, spec.name
        self.input_shape: tuple[int, int, int] = input_shape
        self.output_shape = spec.output_shape(self.input_shape)
        self.x = self.tensor("X", "x", (batch, *self.input_shape))
        self.g = self.tensor("G", "g", (batch, *self.output_shape))

    def config(self) -> dict[str, Any]:
        s = self.spec
        return {
            "layer": s.name,
            "kind": f"{s.op}pool2d",
            "batch": self.batch,
            "input": list(self.input_shape[1:]),
            "channels": self.input_shape[0],
            "kernel": list(s.kernel),
            "stride": list(s.stride),
            "padding": list(s.padding),
            "output": list(self.output_shape[1:]),
        }

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
        return TermArray(np.where(inside, ids, EMPTY)[..., None], inside.astype(np.int64), kh * kw)

    def identities(self) -> list[Identity]:
        return avg_pool_identities(self.spec, self.input_shape)  # (C, H, W)

    def kernels(self) -> dict[str, Any]:
        from symconv.runtime.printed_kernels import (
            avg_pool_kernels,  # the runtime imports the layers, not back
        )

        return avg_pool_kernels(self.spec, tuple(self.input_shape))


def avg_pool_identities(spec: Pool, input_shape: tuple[int, int, int]) -> list[Identity]:
    """Z and dL/dX of average pooling, from the spec and input shape alone."""
    forms = avg_pool_closed_forms(spec, input_shape)
    return [
        Identity("Z", "Z = corr(pad(X), 1/(kh*kw)), depthwise", "Z", forms["Z"]),
        Identity("dL/dX", "dL/dX = crop(full(dilate(G, stride) * 1/(kh*kw)), p)", "X", forms["X"]),
    ]


def avg_pool_closed_forms(spec: Pool, input_shape: tuple[int, int, int]) -> dict[str, Node]:
    """Z and dL/dX of average pooling: the depthwise correlation with 1/(kh·kw) and its
    full convolution (what the proof expands and the kernels print)."""
    channels, height, width = input_shape
    kh, kw = spec.kernel
    mean = Constant(sympy.Rational(1, kh * kw), (channels, 1, kh, kw))
    pads = (spec.padding[0], spec.padding[0], spec.padding[1], spec.padding[1])
    padded = (height + 2 * spec.padding[0], width + 2 * spec.padding[1])
    return {
        "Z": Correlate(Pad(TensorSymbol("X"), pads), mean, spec.stride, (1, 1), channels),
        "X": Crop(
            FullConvolveRot180(
                TensorSymbol("G"), mean, spec.stride, (1, 1), channels, spec.kernel, padded
            ),
            pads,
        ),
    }


def max_pool_closed_forms(spec: Pool, relu: bool = False) -> dict[str, Node]:
    """Z and dL/dX of max pooling (printed by the kernels; proved at a tie-free input);
    with ``relu``, of relu after the pool as one node each (the runtime's merged kernels
    for a ReLU right before a max pool; proved by :class:`MaxPoolReLULayer`)."""
    pads = (spec.padding[0], spec.padding[0], spec.padding[1], spec.padding[1])
    x = TensorSymbol("X")
    pooled, routed = (MaxPoolReLU, RouteToMaxReLU) if relu else (MaxPool, RouteToMax)
    return {
        "Z": pooled(x, spec.kernel, spec.stride, pads),
        "X": routed(TensorSymbol("G"), x, spec.kernel, spec.stride, pads),
    }


class MaxPoolLayer(PoolLayer):
    """Max pooling, proved at an input with no ties (a shuffled 1..size)."""

    def __init__(self, *args: Any, seed: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rng = np.random.default_rng(seed)
        self.values = rng.permutation(len(self.x)).reshape(self.x.shape) + 1

    def identities(self) -> list[Identity]:  # the proof below is not polynomial
        return []

    def kernels(self) -> dict[str, Any]:
        from symconv.runtime.printed_kernels import (
            max_pool_kernels,  # the runtime imports the layers, not back
        )

        return max_pool_kernels(self.spec)

    def prove(self, kernels: bool = True) -> list[Proof]:
        """The routing proof at a tie-free input; with ``kernels``, both kernels checked
        exactly at tie-heavy integer inputs (:mod:`symconv.proofs.kernel_identities_pointwise`)."""
        proofs = self.prove_routing()
        if kernels and proofs[0].proved:
            from symconv.proofs.kernel_identities_pointwise import MaxPoolCheck

            proofs += MaxPoolCheck(self).run()
        return proofs

    def prove_routing(self) -> list[Proof]:
        start = time.perf_counter()
        derived = self.derived()
        closed = self.routed()
        keys = self.x.ids
        entries, terms, mismatch = compare(_rows(derived), _rows(closed), keys, self.table)
        return [
            Proof(
                layer=self.label,
                identity="dL/dX",
                statement="dL/dX[t] = sum of G[o] over the windows o whose arg-max is t",
                config=self.config(),
                status=PROVED if mismatch is None else FAILED,
                entries=entries,
                terms=terms,
                seconds=time.perf_counter() - start,
                method="SymPy derivative of Max at an input with no ties",
                mismatch=mismatch,
                note="at a tie G goes to the first maximum in row-major window order (as PyTorch)",
            )
        ]

    def derived(self) -> dict[int, dict[Any, Any]]:
        """dL/dx_v = sum over windows o holding v of G[o]·∂Z[o]/∂x_v, by SymPy.

        Z[o] = Max(x_v, the other entries of window o) = Max(x_v, r) with r the largest
        other entry (Max is associative; -inf padding never wins, so it is left out), so
        one symbolic derivative serves every entry: SymPy's d/dx Max(x, r), printed to
        NumPy and evaluated at the tie-free point for all windows at once.
        """
        x, rest = sympy.symbols("x r", real=True)
        slope_of = sympy.lambdify([x, rest], sympy.diff(self.window_form(x, rest), x), "numpy")
        ids, inside = self.window_ids()
        value_of = np.zeros(int(self.x.ids.max()) + 1)
        value_of[self.x.ids] = self.values
        values = np.where(inside, value_of[ids], -np.inf)
        size = values.shape[-1]
        others = np.stack(
            [
                self.rest_value(np.delete(values, k, axis=-1).max(axis=-1, initial=-np.inf))
                for k in range(size)
            ],
            axis=-1,
        )
        slope = np.broadcast_to(slope_of(values, others), values.shape)
        g_ids = np.broadcast_to(self.g.ids[..., None], values.shape)
        derived: dict[int, dict[Any, Any]] = {}
        for v, g, d in zip(ids[inside], g_ids[inside], slope[inside], strict=True):
            if d != 0:
                derived.setdefault(int(v), {})[(int(g),)] = Fraction(float(d))
        return derived

    @staticmethod
    def window_form(x: sympy.Symbol, rest: sympy.Symbol) -> sympy.Expr:
        """Z[o] as a function of one entry x of window o and r (see :meth:`derived`)."""
        return sympy.Max(x, rest)

    @staticmethod
    def rest_value(largest_other: np.ndarray) -> np.ndarray:
        """r of :meth:`window_form` from the largest other entry of the window."""
        return largest_other

    def routed(self) -> dict[int, dict[Any, Any]]:
        """Where the printed kernel sends each G[o]: the NumPy code of the closed form
        (``RouteToMax``, as :mod:`symconv.runtime.kernels` prints it) run at the tie-free input,
        so the proof covers the kernel itself.

        The kernel is linear in G, so it is run with G = 1 on a set of outputs and 0
        elsewhere: outputs i apart by a multiple of P = ceil(kh/sh) rows (Q = ceil(kw/sw)
        columns) have disjoint windows (sh·P >= kh), so each input entry that receives
        gradient lies in exactly one chosen window and the route is read off unambiguously.
        P·Q runs cover every output.
        """
        route = self.kernels()["X"]
        (kh, kw), (sh, sw) = self.spec.kernel, self.spec.stride
        ids, inside = self.window_ids()
        x = self.values.astype(np.float64)
        by_id = np.zeros(int(self.x.ids.max()) + 1)
        closed: dict[int, dict[Any, Any]] = {}
        for r in range(-(-kh // sh)):
            for q in range(-(-kw // sw)):
                chosen = np.zeros(self.g.shape, dtype=bool)
                chosen[:, :, r :: -(-kh // sh), q :: -(-kw // sw)] = True
                by_id[self.x.ids] = route(chosen.astype(np.float64), x)
                for window, ok, g in zip(
                    ids[chosen], inside[chosen], self.g.ids[chosen], strict=True
                ):
                    for v in window[ok]:
                        if by_id[v] != 0:
                            closed.setdefault(int(v), {})[(int(g),)] = Fraction(float(by_id[v]))
        return closed


class MaxPoolReLULayer(MaxPoolLayer):
    """A ReLU followed by a max pool, Y = maxpool(relu(X)), run as one merged node each
    way (:func:`max_pool_closed_forms` with ``relu``): Y[o] = max(0, max of window o) and
    dL/dX[t] = sum of G[o]·[Y[o] > 0] over the windows o whose first maximum is t.

    Proved against the composition in the network's order (relu, then the pool):
    the forward for every output entry, symbolically; the gradient by SymPy's derivative
    of the composition at an input with no ties and no zeros, half of it negative; and
    the printed kernels exactly, at tie-heavy integer inputs, against the window
    definition and against the unmerged kernels (relu's, then the pool's) run one after
    the other."""

    def __init__(self, *args: Any, seed: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, seed=seed, **kwargs)
        self.label = f"{self.spec.name} (relu merged)"
        # odd integers 1 - size .. size - 1, shuffled: distinct, none zero, half negative
        self.values = 2 * self.values - len(self.x) - 1

    def config(self) -> dict[str, Any]:
        return {**super().config(), "kind": "relu + maxpool2d (merged)"}

    def kernels(self) -> dict[str, Any]:
        from symconv.runtime.printed_kernels import (
            max_pool_kernels,  # the runtime imports the layers, not back
        )

        return max_pool_kernels(self.spec, relu=True)

    def prove(self, kernels: bool = True) -> list[Proof]:
        proofs = [self.prove_forward(), *self.prove_routing()]
        proofs[1].statement = (
            "dL/dX[t] = sum of G[o]·[Y[o] > 0] over the windows o whose arg-max is t, "
            "Y = maxpool(relu(X))"
        )
        proofs[1].method = "SymPy derivative of Max(relu(x), ...) at an input with no ties"
        if kernels and all(p.proved for p in proofs):
            from symconv.proofs.kernel_identities_pointwise import MaxPoolReLUCheck

            proofs += MaxPoolReLUCheck(self).run()
        return proofs

    def prove_forward(self) -> Proof:
        """maxpool(relu(X)) = relu(maxpool(X)) = Y of the merged node, entry by entry.

        Every output entry is the same function of its window's entries inside X (K of
        them, fewer where padding cuts the window), so the identity is proved once per
        count K present, over K real symbols: the lemma relu(z) = Max(0, z) by its two
        cases (z = p > 0 and z = -q <= 0, symbols with those signs); with it the
        composition Max(relu(x_1), ..., relu(x_K)) is Max(Max(0, x_1), ..., Max(0, x_K)) and
        relu(Max(x_1, ..., x_K)) is Max(0, Max(x_1, ..., x_K)); SymPy's Max, associative and
        commutative, puts both in one canonical form, compared with the merged node's
        Max(0, x_1, ..., x_K)."""
        from symconv.ops.pointwise import activation_function

        start = time.perf_counter()
        p, q = sympy.Symbol("p", positive=True), sympy.Symbol("q", nonnegative=True)
        lemma = all(
            sympy.simplify(activation_function("relu", z) - sympy.Max(0, z)) == 0 for z in (p, -q)
        )
        _, inside = self.window_ids()
        counts = sorted({int(k) for k in inside.sum(axis=-1).reshape(-1)})
        mismatch = None if lemma else Mismatch([], "relu(z) = Max(0, z)", "not shown", [], [])
        for k in counts if mismatch is None else []:
            xs = sympy.symbols(f"x_1:{k + 1}", real=True)
            composed = sympy.Max(*[sympy.Max(0, x) for x in xs])  # relu by the lemma
            pooled_first = sympy.Max(0, sympy.Max(*xs))  # relu(maxpool(X)) by the lemma
            merged = sympy.Max(0, *xs)
            if not composed == pooled_first == merged:
                mismatch = Mismatch([k], str(composed), str(merged), [], [])
                break
        return Proof(
            layer=self.label,
            identity="Z",
            statement="maxpool(relu(X)) = relu(maxpool(X)) = Y[o] = max(0, window o)",
            config=self.config(),
            status=PROVED if mismatch is None else FAILED,
            entries=int(inside[..., 0].size),
            terms=int(inside.sum()),
            seconds=time.perf_counter() - start,
            method=(
                "SymPy, over the window's symbols for each window size present: "
                "relu(z) = Max(0, z) by cases, then Max's canonical form"
            ),
            mismatch=mismatch,
            expression=str(max_pool_closed_forms(self.spec, relu=True)["Z"]),
        )

    @staticmethod
    def window_form(x: sympy.Symbol, rest: sympy.Symbol) -> sympy.Expr:
        """Y[o] = Max(relu(x), r): relu as its Piecewise definition, r the largest relu of
        the window's other entries (:meth:`MaxPoolLayer.derived`)."""
        from symconv.ops.pointwise import activation_function

        return sympy.Max(activation_function("relu", x), rest)

    @staticmethod
    def rest_value(largest_other: np.ndarray) -> np.ndarray:
        """The largest relu of the other entries: relu of the largest (an empty rest, -inf,
        gives relu's 0)."""
        rest: np.ndarray = np.maximum(largest_other, 0)
        return rest


def _rows(polys: dict[int, dict[Any, Any]]) -> Rows:
    keys, monos, coefs = [], [], []
    for key, poly in polys.items():
        for mono, coeff in poly.items():
            keys.append(key)
            monos.append(list(mono))
            coefs.append(int(coeff))
    return Rows.build(
        np.array(keys, dtype=np.int64),
        np.array(monos, dtype=np.int64).reshape(-1, 1),
        np.array(coefs, dtype=np.int64),
        1,
    )


def pool_layer(
    spec: Pool, input_shape: tuple[int, int, int], batch: int = 1, naming: Naming | None = None
) -> PoolLayer:
    cls = AvgPoolLayer if spec.op == "avg" else MaxPoolLayer
    return cls(spec, input_shape, batch=batch, naming=naming)
