"""Kernel identities of the kernels that are not polynomials: max pooling, activations, loss.

Max pooling is piecewise linear: its kernels are compared exactly, on random integer inputs
drawn from a few values (so ties are frequent, the case the tie-free proof does not reach),
with the window definition written out here: Y[o] = the largest entry of window o, and
dL/dX[t] = the sum of G[o] over the windows o whose first maximum in row-major order is
t (PyTorch's rule, the note of the max-pool proof).  The same ways as the polynomial
kernels: float64 and float32, batch 1, the proof's and 4, both memory orders, alone and in
a reuse block (where the arg-max of the forward is remembered for the backward), and
one-image chunks.

Activations and the loss are transcendental: their kernels are compared with the proved
scalar forms (``Activate.scalar``, ``ActivationGrad.scalar``, the loss and gradient of
``SoftmaxCrossEntropy``) evaluated by mpmath at 40 digits, at random points spread over
many magnitudes plus the extremes (0, ±tiny, ±30, ±100).  The kernel must agree within
TOLERANCE_ULPS units of roundoff of the larger of the value and the scale of its
inputs (|g| for a gradient: 1 - a² loses the digits of a² that a cancels).
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import mpmath
import numpy as np
import sympy

from symconv.proofs.proof import FAILED, PROVED, Mismatch, Proof
from symconv.runtime import numeric

if TYPE_CHECKING:  # the layers run these checks
    from symconv.layers.elementwise import ActivationLayer, SoftmaxCrossEntropyLayer
    from symconv.layers.pool import MaxPoolLayer
    from symconv.proofs.kernel_identities import Kernel, Printed

Float: TypeAlias = type[np.floating[Any]]  # float64 or float32

TOLERANCE_ULPS = 16
POINTS = 400  # random points per activation kernel and dtype
TIE_TRIALS = 6  # random tie-heavy inputs per way of a max-pool kernel
DIGITS = 40
MAX_POOL_METHOD = (
    "kernel identity: the printed kernel run on random integer inputs with "
    "many ties, compared exactly with the window definition"
)
SCALAR_METHOD = (
    f"kernel identity: the printed kernel at {POINTS} random points per dtype, "
    f"compared with the proved scalar form evaluated at {DIGITS} digits "
    f"(mpmath), within {TOLERANCE_ULPS} units of roundoff"
)


def _layout(a: np.ndarray, channels_last: bool) -> np.ndarray:
    if not channels_last or a.ndim != 4:
        return np.ascontiguousarray(a)
    return np.ascontiguousarray(a.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)


def _first(wrong: np.ndarray, expected: np.ndarray, got: np.ndarray, how: str) -> Mismatch:
    index = tuple(int(i) for i in np.argwhere(wrong)[0])
    return Mismatch(
        list(index),
        f"{float(expected[index]):.17g} (definition)",
        f"{float(got[index]):.17g} (kernel, {how})",
        [],
        [],
    )


def _raised(exc: Exception, how: str) -> Mismatch:
    return Mismatch([], "a result", f"{type(exc).__name__}: {exc} ({how})", [], [])


# --------------------------------------------------------------------------- max pooling


class MaxPoolCheck:
    """The two kernels of one max-pool layer against its window definition."""

    labels: ClassVar[dict[str, str]] = {"Z": "Z", "X": "dL/dX"}

    def __init__(self, layer: MaxPoolLayer, seed: int = 0) -> None:
        from symconv.proofs.kernel_identities import KERNEL_BATCHES

        self.layer = layer
        self.rng = np.random.default_rng(seed)
        ids, self.inside = layer.window_ids()  # (N0, C, Ho, Wo, K), row-major windows
        position = np.zeros(int(layer.x.ids.max()) + 1, dtype=np.int64)
        position[layer.x.ids.reshape(-1)] = np.arange(layer.x.ids.size)
        self.where = position[ids]  # flat position in X (proof batch) of each window entry
        self.batches = sorted({b for b in (*KERNEL_BATCHES, layer.batch) if b % layer.batch == 0})
        self.kernels = layer.kernels()

    def run(self) -> list[Proof]:
        start = time.perf_counter()
        failures: dict[str, Mismatch] = {}
        ways = 0
        for dtype in (np.float64, np.float32):
            for batch in self.batches:
                for channels_last, reuse, chunked in (
                    (False, False, False),
                    (True, False, False),
                    (False, True, False),
                    (True, True, True),
                ):
                    ways += 1
                    for trial in range(TIE_TRIALS):
                        spread = 3 if trial % 2 == 0 else 1000  # ties, then few ties
                        how = (
                            f"{np.dtype(dtype).name}, batch {batch}, "
                            f"{'channels-last' if channels_last else 'NCHW'}"
                            f"{', reuse' if reuse else ''}"
                            f"{', one-image chunks' if chunked else ''}"
                        )
                        for name, m in self.trial(
                            dtype, batch, channels_last, reuse, chunked, spread, how
                        ).items():
                            failures.setdefault(name, m)
        seconds = (time.perf_counter() - start) / 2
        note = (
            f"exact at {TIE_TRIALS} random integer inputs in each of {ways} ways "
            f"(float64 and float32, batch {', '.join(map(str, self.batches))}, NCHW and "
            "channels-last memory, alone, in reuse_gathers, one-image chunks), half of "
            "them with values in -3..3 (many ties)"
        )
        return [self._proof(name, failures.get(name), note, seconds) for name in ("Z", "X")]

    def trial(
        self,
        dtype: Float,
        batch: int,
        channels_last: bool,
        reuse: bool,
        chunked: bool,
        spread: int,
        how: str,
    ) -> dict[str, Mismatch]:
        layer = self.layer
        x = self.rng.integers(-spread, spread + 1, size=(batch, *layer.x.shape[1:]))
        g = self.rng.integers(-spread, spread + 1, size=(batch, *layer.g.shape[1:]))
        self._last_x, self._last_g = x, g
        y_ref, dx_ref = self.definition(x, g)
        xs, gs = (_layout(a.astype(dtype), channels_last) for a in (x, g))
        with contextlib.ExitStack() as stack:
            if chunked:
                stack.enter_context(numeric.one_image_chunks())
            if reuse:
                stack.enter_context(numeric.reuse_gathers())
            try:
                y = np.asarray(self.kernels["Z"](xs))
                dx = np.asarray(self.kernels["X"](gs, xs))
            except Exception as exc:  # any error of a kernel is its verdict, not a crash
                return {name: _raised(exc, how) for name in ("Z", "X")}
        found: dict[str, Mismatch] = {}
        for name, got, ref in (("Z", y, y_ref), ("X", dx, dx_ref)):
            if got.shape != ref.shape or got.dtype != np.dtype(dtype):
                found[name] = Mismatch(
                    [],
                    f"shape {ref.shape}, {np.dtype(dtype).name}",
                    f"kernel shape {got.shape}, {got.dtype} ({how})",
                    [],
                    [],
                )
                continue
            wrong = got.astype(np.float64) != ref
            if wrong.any():
                found[name] = _first(wrong, ref, got, how)
        return found

    def definition(self, x: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Y and dL/dX by the window definition, image chunk by image chunk."""
        n0 = self.layer.batch
        chunks = x.shape[0] // n0
        xs = x.reshape(chunks, -1)
        windows = np.where(self.inside, xs[:, self.where], np.iinfo(np.int64).min)
        y = windows.max(axis=-1)
        first = windows.argmax(axis=-1)  # the first maximum in row-major window order
        target = np.take_along_axis(
            np.broadcast_to(self.where, windows.shape), first[..., None], axis=-1
        )[..., 0]
        dx = np.zeros_like(xs)
        for c in range(chunks):
            np.add.at(dx[c], target[c].reshape(-1), g.reshape(chunks, -1)[c])
        return (
            y.reshape(chunks * n0, *y.shape[2:]).astype(np.float64),
            dx.reshape(x.shape).astype(np.float64),
        )

    def _proof(self, name: str, failure: Mismatch | None, note: str, seconds: float) -> Proof:
        fn = self.kernels[name]
        label = self.labels[name]
        proof = Proof(
            layer=self.layer.label,
            identity=f"kernel {label}",
            statement=f"the running kernel `{fn.code}` equals the definition of {label}",
            config=self.layer.config(),
            status=PROVED,
            entries=int(self.layer.g.ids.size if name == "Z" else self.layer.x.ids.size),
            terms=TIE_TRIALS,
            seconds=seconds,
            method=MAX_POOL_METHOD,
            expression=str(fn.closed_form),
            note=note,
        )
        if failure is not None:
            proof.status, proof.mismatch = FAILED, failure
            proof.note = f"the kernel `{fn.code}` differs from the definition of {label}"
        return proof


class MaxPoolReLUCheck(MaxPoolCheck):
    """The merged relu + max-pool kernels (:class:`~symconv.layers.pool.MaxPoolReLULayer`)
    against the window definition of maxpool(relu(X)) and its gradient, and against the
    unmerged kernels run one after the other in the network's order (relu's forward, the
    pool's; the pool's route, relu's gradient), exactly, in every way of
    :class:`MaxPoolCheck` (integer inputs: zeros, the edge of relu, are frequent)."""

    labels: ClassVar[dict[str, str]] = {"Z": "relu(maxpool) Z", "X": "relu(maxpool) dL/dX"}

    def run(self) -> list[Proof]:
        proofs = super().run()
        for proof in proofs:
            proof.note += (
                "; and equal to the unmerged kernels in the network's order (relu's "
                "forward, then the pool's; the pool's route, then relu's gradient)"
            )
        return proofs

    def __init__(self, layer: MaxPoolLayer, seed: int = 0) -> None:
        from symconv.runtime.printed_kernels import activation_kernels, max_pool_kernels

        super().__init__(layer, seed)
        self.relu = activation_kernels("relu")
        self.pool = max_pool_kernels(layer.spec)

    def definition(self, x: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Y = max(0, the window's largest entry); dL/dX routes G·[Y > 0] to the first
        maximum of X in the window (which is relu(X)'s first maximum wherever Y > 0)."""
        y, _ = super().definition(x, g)
        positive = (y > 0).reshape(g.shape)
        _, dx = super().definition(x, g * positive)
        return np.maximum(y, 0), dx

    def trial(
        self,
        dtype: Float,
        batch: int,
        channels_last: bool,
        reuse: bool,
        chunked: bool,
        spread: int,
        how: str,
    ) -> dict[str, Mismatch]:
        found = super().trial(dtype, batch, channels_last, reuse, chunked, spread, how)
        if found:
            return found
        # the same draw, through the unmerged composition, in the same way
        x = self._last_x
        xs, gs = (_layout(a.astype(dtype), channels_last) for a in (x, self._last_g))
        with contextlib.ExitStack() as stack:
            if chunked:
                stack.enter_context(numeric.one_image_chunks())
            if reuse:
                stack.enter_context(numeric.reuse_gathers())
            merged_y = np.asarray(self.kernels["Z"](xs))
            merged_dx = np.asarray(self.kernels["X"](gs, xs))
            a = self.relu["A"](xs)
            y = np.asarray(self.pool["Z"](a))
            dx = np.asarray(self.relu["Z"](self.pool["X"](gs, a), a))
        for name, got, ref in (("Z", merged_y, y), ("X", merged_dx, dx)):
            wrong = got != ref
            if wrong.any():
                found[name] = _first(wrong, ref, got, f"{how}, against the unmerged kernels")
        return found


# --------------------------------------------------------------------- activations, loss


def _sample(rng: np.random.Generator, n: int) -> np.ndarray:
    """Values over many magnitudes, signs, and the extremes."""
    scale = 10.0 ** rng.uniform(-8, 2, size=n)
    values = rng.choice([-1.0, 1.0], size=n) * scale
    return np.concatenate([[0.0, 1e-30, -1e-30, 30.0, -30.0, 100.0, -100.0], values])


def _agree(got: np.ndarray, exact: np.ndarray, scale: np.ndarray, dtype: Float) -> np.ndarray:
    """Where ``got`` is within TOLERANCE_ULPS roundoffs of ``exact`` (both as float64)."""
    u = float(np.finfo(dtype).eps) / 2
    tiny = float(np.finfo(dtype).tiny)
    bound = TOLERANCE_ULPS * u * np.maximum(np.abs(exact), scale) + tiny
    within: np.ndarray = np.abs(got.astype(np.float64) - exact) <= bound
    return within


def _mp(expr: sympy.Expr, symbols: list[sympy.Symbol]) -> Callable[..., mpmath.mpf]:
    function: Callable[..., mpmath.mpf] = sympy.lambdify(symbols, expr, "mpmath")
    return function


def _scalar_proof(
    layer: ActivationLayer | SoftmaxCrossEntropyLayer,
    name: str,
    fn: Printed,
    failure: Mismatch | None,
    points: int,
    seconds: float,
    note: str,
) -> Proof:
    proof = Proof(
        layer=layer.label,
        identity=f"kernel {name}",
        statement=f"the running kernel `{fn.code}` equals the proved scalar form",
        config=layer.config(),
        status=PROVED,
        entries=points,
        terms=points,
        seconds=seconds,
        method=SCALAR_METHOD,
        expression=str(fn.closed_form),
        note=note,
    )
    if failure is not None:
        proof.status, proof.mismatch = FAILED, failure
        proof.note = f"the kernel `{fn.code}` differs from the proved scalar form"
    return proof


def activation_kernel_proofs(layer: ActivationLayer, seed: int = 0) -> list[Proof]:
    """σ and dZ = G ⊙ σ'(Z) (in the saved output A) against their scalar forms.

    The kernels depend on the kind only (any shape), so each kind's check runs once per
    set of printed kernels and is reported again for every layer that uses them."""
    from symconv.runtime.kernels import activation_kernels

    fns = activation_kernels(layer.kind)
    key = (layer.kind, seed, fns["A"], fns["Z"])  # the functions themselves: no id reuse
    if key not in _ACTIVATION_CHECKS:
        _ACTIVATION_CHECKS.clear()  # keep one set of results: kernels printed afresh
        _ACTIVATION_CHECKS[key] = _activation_check(layer, seed)
    return [
        dataclasses.replace(p, layer=layer.label, config=layer.config())
        for p in _ACTIVATION_CHECKS[key]
    ]


_ACTIVATION_CHECKS: dict[tuple[str, int, Kernel, Kernel], list[Proof]] = {}


def _activation_check(layer: ActivationLayer, seed: int) -> list[Proof]:
    from symconv.ops.pointwise import Activate, ActivationGrad
    from symconv.runtime.kernels import activation_kernels

    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    fns = activation_kernels(layer.kind)
    z, g, a = sympy.symbols("z g a", real=True)
    forward = _mp(Activate(sympy.Symbol("Z"), layer.kind).scalar(z), [z])
    backward = _mp(
        ActivationGrad(sympy.Symbol("G"), sympy.Symbol("A"), layer.kind).scalar(g, a), [g, a]
    )
    failures: dict[str, Mismatch] = {}
    points = 0
    with mpmath.workdps(DIGITS):
        for dtype in (np.float64, np.float32):
            zs = _sample(rng, POINTS).astype(dtype)
            gs = _sample(rng, POINTS).astype(dtype)
            # the backward reads the saved output: any value σ can take, as the kernel gets it
            try:
                outs = np.asarray(fns["A"](zs))
                got_d = np.asarray(fns["Z"](gs, outs))
            except Exception as exc:  # any error of a kernel is its verdict, not a crash
                failures.setdefault("A", _raised(exc, np.dtype(dtype).name))
                failures.setdefault("dL/dZ", _raised(exc, np.dtype(dtype).name))
                continue
            exact_a = np.array([float(forward(mpmath.mpf(float(v)))) for v in zs])
            exact_d = np.array(
                [
                    float(backward(mpmath.mpf(float(u)), mpmath.mpf(float(v))))
                    for u, v in zip(gs, outs, strict=True)
                ]
            )
            points += len(zs)
            for name, got, exact, scale in (
                ("A", outs, exact_a, np.zeros(len(zs))),
                ("dL/dZ", got_d, exact_d, np.abs(gs.astype(np.float64))),
            ):
                ok = _agree(got, exact, scale, dtype) & (got.dtype == np.dtype(dtype))
                if not ok.all():
                    failures.setdefault(name, _first(~ok, exact, got, np.dtype(dtype).name))
    seconds = (time.perf_counter() - start) / 2
    note = (
        f"float64 and float32, {points} points in all: magnitudes 1e-8 to 100 of both "
        "signs, 0, ±1e-30, ±30, ±100"
    )
    return [
        _scalar_proof(layer, name, fns[key], failures.get(name), points, seconds, note)
        for name, key in (("A", "A"), ("dL/dZ", "Z"))
    ]


def loss_kernel_proofs(layer: SoftmaxCrossEntropyLayer, seed: int = 0) -> list[Proof]:
    """(L, dL/dZ) of the softmax cross-entropy against its proved forms."""
    from symconv.ops.pointwise import SoftmaxCrossEntropy
    from symconv.runtime.kernels import loss_kernel

    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    fn = loss_kernel()
    failure = None
    trials = 8
    with mpmath.workdps(DIGITS):
        for trial in range(trials):
            dtype = np.float64 if trial % 2 == 0 else np.float32
            batch, classes = 1 + trial % 4, layer.classes
            logits = (rng.normal(size=(batch, classes)) * 10.0 ** (trial % 3)).astype(dtype)
            labels = rng.integers(0, classes, size=batch)
            try:
                loss, grad = fn(logits, labels)
            except Exception as exc:  # any error of a kernel is its verdict, not a crash
                failure = failure or _raised(exc, f"{np.dtype(dtype).name}, batch {batch}")
                continue
            rows = [[sympy.Float(float(v), DIGITS) for v in row] for row in logits]
            exact_l = float(SoftmaxCrossEntropy.loss(rows, list(map(int, labels))))
            exact_g = np.array(
                [
                    [
                        float(
                            SoftmaxCrossEntropy.gradient_entry(rows, list(map(int, labels)), n, k)
                        )
                        for k in range(classes)
                    ]
                    for n in range(batch)
                ]
            )
            scale = float(np.abs(logits).max())
            ok_l = _agree(np.array([float(loss)]), np.array([exact_l]), np.array([scale]), dtype)
            ok_g = _agree(np.asarray(grad), exact_g, np.full(exact_g.shape, 1.0 / batch), dtype)
            if failure is None and not ok_l.all():
                failure = _first(
                    ~ok_l,
                    np.array([exact_l]),
                    np.array([float(loss)]),
                    f"loss, {np.dtype(dtype).name}, batch {batch}",
                )
            if failure is None and not ok_g.all():
                failure = _first(
                    ~ok_g,
                    exact_g,
                    np.asarray(grad),
                    f"dL/dZ, {np.dtype(dtype).name}, batch {batch}",
                )
    note = (
        f"{trials} random batches of 1 to 4 rows, logits of scale 1 to 100, float64 "
        "and float32; loss within the roundoff of the logits' scale, gradient of 1/N"
    )
    return [
        _scalar_proof(layer, "(L, dL/dZ)", fn, failure, trials, time.perf_counter() - start, note)
    ]
