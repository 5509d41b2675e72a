"""Kernel identities: the NumPy kernel that runs equals the polynomial that was proved.

A proof shows that the chain-rule derivative of a layer equals a closed-form node, entry by
entry, as exact polynomials.  The kernel that runs is that node printed by ``lambdify``
into calls of hand-tuned primitives (:mod:`symconv.runtime.numeric`), which nothing in the proof
executes.  This module closes the gap: it runs the printed kernel itself, on its own code
path, and compares it with the proved polynomial *exactly*.

Why random integer points suffice (Schwartz–Zippel).  Each input entry is drawn uniformly
from S = {-B, ..., B}.  B is chosen per configuration so that every term of every proved
row, and every partial sum of a row's terms in any order, is an integer of magnitude at
most 2^p (p = 53 for float64, 24 for float32): then every product and sum the kernel
forms is exact in floating point, and the kernel's result is the exact value of the
polynomial it computes.  The proved rows are evaluated at the same integers in int64
(exact).  If the kernel computed a different polynomial K of degree at most d (the proved
degree: a kernel multiplies at most d inputs per term), P - K would be a nonzero
polynomial of degree at most d, which vanishes at a uniformly random point with
probability at most d/|S|; k independent points all agree with probability at most
(d/|S|)^k.  Trials are repeated until that bound is below 2^-60, separately for each
dtype.

Forms with a rational coefficient (average pooling's 1/(kh·kw), denominator D) are
evaluated at inputs that are multiples of D, so the exact value is an integer; the
kernel's own division rounds, so there the check is |kernel - exact| <= (T + 2)·u·Σ|terms|
(T terms, unit roundoff u), a bound B keeps below 1/2: the integer is still determined.

Each configuration is run the ways the runtime runs it: batch 1, the proof's batch and 4;
inputs in NCHW order and in channels-last memory order (what one primitive hands the
next); each kernel alone, and all of a layer's kernels in one ``reuse_gathers`` block in
the order a training step calls them (Z, then dL/dW, dL/db, dL/dX), where pads, gathers
and Toeplitz panels are remembered and reused; and once with the batch cut into one-image
chunks (the primitives work in cache-sized chunks of images, which at real sizes hold
dozens).  float32 runs at batch 1 and the proof's, where 24 bits leave a useful input
bound, in the first and the last of those ways (its code differs by the dtype only).  A
batch larger than the proof's is evaluated image by image: the forward definition of
image n reads only image n, so Z and dL/dX of image n are the proof-batch rows at image
n's values, and dL/dW, dL/db the sum of those rows over the images.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
import sympy

from symconv.algebra.termarray import EMPTY, Rows
from symconv.proofs.proof import FAILED, PROVED, Mismatch, Proof
from symconv.runtime import numeric

if TYPE_CHECKING:  # the layers run these checks
    from symconv.layers.base import PolyLayer

TARGET_BITS = 60
BATCHED = ("X", "G", "Z")  # tensors with a batch axis (axis 0); W and b have none
MAX_BOUND = 1 << 20  # keeps int64 products and sums far from overflow
MAX_TRIALS = 64
# Batch sizes every kernel runs at besides the proof's own: 1 (a dense dW at batch 1 is an
# outer product) and 4 (several images; with one-image chunks, several chunks).
KERNEL_BATCHES = (1, 4)
METHOD = (
    "kernel identity: the printed kernel run on random integer inputs, compared "
    "exactly with the proved polynomial (Schwartz-Zippel)"
)


@dataclass(frozen=True)
class Way:
    """One way of running a kernel: dtype, batch, memory order, gather reuse, chunking."""

    dtype: type
    batch: int
    channels_last: bool
    reuse: bool
    one_image_chunks: bool = False

    def __str__(self) -> str:
        return (
            f"{np.dtype(self.dtype).name}, batch {self.batch}, "
            f"{'channels-last' if self.channels_last else 'NCHW'}"
            f"{', inside reuse_gathers' if self.reuse else ''}"
            f"{', one-image chunks' if self.one_image_chunks else ''}"
        )


# The ways every configuration runs in (besides dtype and batch): each memory order alone
# and in a training step's reuse block, and once with the batch cut into one-image chunks.
WAYS = ((False, False, False), (True, False, False), (False, True, False), (True, True, True))


class Printed(Protocol):
    """A printed kernel (:mod:`symconv.runtime.kernels`): a NumPy function that keeps the
    node it was printed from and its code."""

    closed_form: sympy.Basic
    code: str


class Kernel(Printed, Protocol):
    """A printed kernel of arrays, with its arguments' names."""

    arguments: tuple[str, ...]

    def __call__(self, *arrays: np.ndarray) -> np.ndarray: ...


Failure = tuple["Way | None", Mismatch]  # the way it failed (None: printed from another node)


@dataclass
class Target:
    """One proved identity as the kernel check needs it."""

    name: str  # "Z", "dL/dW", ...
    of: str  # the tensor it is the gradient of (Z for the forward)
    rows: Rows  # the proved polynomial rows, keyed like ``ids``
    ids: np.ndarray  # key of each target entry at the proof's batch
    node: sympy.Basic  # the proved closed-form node
    kernel: Kernel | None = None  # the printed kernel, filled in before the check runs

    def printed(self) -> Kernel:
        if self.kernel is None:
            raise ValueError(f"no printed kernel for {self.name}")
        return self.kernel


def row_stats(rows: Rows) -> tuple[int, int, int]:
    """(most terms in one row, degree, largest |coefficient|) of the proved rows."""
    if len(rows) == 0:
        return 1, 1, 1
    starts = np.flatnonzero(np.r_[True, rows.key[1:] != rows.key[:-1]])
    counts = np.diff(np.r_[starts, len(rows.key)])
    degree = int((rows.mono != EMPTY).sum(axis=1).max())
    return int(counts.max()), max(degree, 1), int(np.abs(rows.coef).max())


def input_bound(terms: int, degree: int, coef: int, den: int, bits: int) -> int:
    """The largest B with every partial sum of a row exact in ``bits`` bits (and, for a
    rational form, the rounding bound below 1/2), inputs scaled by ``den``."""
    factor = terms * coef * (2 * (terms + 2) if den > 1 else 1)
    bound: int = math.floor((2.0**bits / factor) ** (1 / degree) / den)
    while bound > 0 and factor * (bound * den) ** degree > 2**bits:
        bound -= 1  # floating-point roots can round up; the test above is exact
    return min(bound, MAX_BOUND)  # 0: no input range keeps this configuration exact


def trials_needed(bound: int, degree: int) -> tuple[int, float]:
    """Trials k with (d/|S|)^k <= 2^-TARGET_BITS, and the bits of that bound."""
    per_trial = math.log2((2 * bound + 1) / degree)
    if per_trial <= 0:
        return MAX_TRIALS, 0.0
    k = min(MAX_TRIALS, math.ceil(TARGET_BITS / per_trial))
    return k, k * per_trial


def evaluate_rows(rows: Rows, table: np.ndarray, size: int) -> np.ndarray:
    """Each key's polynomial, exactly in int64, at the values ``table`` (chunks, ids + 1):
    row c holds image chunk c's value of every variable id and a last column of ones,
    which an EMPTY (-1) slot of a monomial reads.  Keys with no term are 0.

    Each row's sum is a difference of running sums: int64 wraps around on overflow, but
    the difference is exact modulo 2^64 and the true sum is far below 2^63 (the input
    bound), so it is the exact sum.  Returns (size, chunks).
    """
    chunks = table.shape[0]
    out = np.zeros((size, chunks), dtype=np.int64)
    if len(rows) == 0:
        return out
    term = rows.coef * table[:, rows.mono[:, 0]]
    for d in range(1, rows.mono.shape[1]):
        term *= table[:, rows.mono[:, d]]
    ends = np.flatnonzero(np.r_[rows.key[1:] != rows.key[:-1], True])
    with np.errstate(over="ignore"):
        running = np.cumsum(term, axis=1)
    totals = running[:, ends]
    totals[:, 1:] -= running[:, ends[:-1]]
    out[rows.key[ends]] = totals.T
    return out


class KernelCheck:
    """The kernel identities of one polynomial layer (see the module docstring)."""

    def __init__(
        self, layer: PolyLayer, targets: list[Target], batches: tuple[int, ...], seed: int = 0
    ) -> None:
        self.layer, self.targets = layer, targets
        self.proof_batch = layer.batch
        self.batches = tuple(
            sorted({b for b in (*batches, layer.batch) if b % self.proof_batch == 0})
        )
        self.rng = np.random.default_rng(seed)
        self.size = 1 + max(int(t.ids.max()) for t in targets)
        self.size = max(self.size, 1 + max(int(t.ids.max()) for t in layer.tensors.values()))
        stats = [row_stats(t.rows) for t in targets]
        self.row_terms = max(s[0] for s in stats)
        self.degree = max(s[1] for s in stats)
        self.coef = max(s[2] for s in stats)
        self.den = max(int(t.rows.den) for t in targets)

    def ways(self, dtype: type, batch: int) -> list[Way]:
        """float64 runs every way; float32 the first and the last (the code paths differ
        from float64's by the dtype only, and 24 bits need many trials)."""
        four_d = all(t.ids.ndim == 4 for t in self.targets if t.of in BATCHED)
        chosen = WAYS if dtype == np.float64 else (WAYS[0], WAYS[-1])
        return [
            Way(dtype, batch, channels_last, reuse, chunked)
            for channels_last, reuse, chunked in chosen
            if four_d or not channels_last
        ]

    def run(self) -> list[Proof]:
        """Every way, each with enough trials for its own 2^-60 bound."""
        start = time.perf_counter()
        failures: dict[str, Failure] = {}
        summary: list[str] = []
        skipped: list[str] = []
        for dtype, bits, batches in (
            (np.float64, 53, self.batches),
            (np.float32, 24, self.small_batches()),
        ):
            points: list[int] = []
            bounds: list[int] = []
            worst = float("inf")
            for batch in batches:
                # dL/dW and dL/db sum a row's terms over every image of the batch
                terms = self.row_terms * (batch // self.proof_batch)
                bound = input_bound(terms, self.degree, self.coef, self.den, bits)
                if bound < 1:  # too many terms for exact sums in this precision
                    skipped.append(f"{np.dtype(dtype).name} at batch {batch}")
                    continue
                k, achieved = trials_needed(bound, self.degree)
                worst = min(worst, achieved)
                points.append(k)
                bounds.append(bound * self.den)
                for way in self.ways(dtype, batch):
                    for _ in range(k):
                        for name, mismatch in self.trial(way, bound).items():
                            failures.setdefault(name, (way, mismatch))
            if not points:
                continue
            ways = len(self.ways(dtype, batches[0]))
            summary.append(
                f"{np.dtype(dtype).name} at batch {', '.join(map(str, batches))}: "
                f"{'/'.join(map(str, points))} random points in each of "
                f"{ways} ways, |x| <= {'/'.join(map(str, bounds))}, error "
                f"probability <= 2^-{math.floor(worst)} each"
            )
        if skipped:
            summary.append(
                f"not run in {', '.join(skipped)}: no input range keeps every sum exact there"
            )
        seconds = (time.perf_counter() - start) / len(self.targets)
        return [self.proof(t, failures.get(t.name), summary, seconds) for t in self.targets]

    def small_batches(self) -> tuple[int, ...]:
        """float32 has 24 bits: batch 1 and the proof's, where the sums stay exact with a
        useful bound (the larger batches run the same code in float64)."""
        return tuple(b for b in self.batches if b in (1, self.proof_batch))

    def trial(self, way: Way, bound: int) -> dict[str, Mismatch]:
        """Run every target's kernel one way on one random point; the mismatches."""
        chunks = way.batch // self.proof_batch
        values = {
            tag: self.rng.integers(-bound, bound + 1, size=self._shape(tag, way.batch)) * self.den
            for tag in self.layer.tensors
        }
        arrays = {tag: _layout(v.astype(way.dtype), way.channels_last) for tag, v in values.items()}
        with contextlib.ExitStack() as stack:
            if way.one_image_chunks:
                stack.enter_context(numeric.one_image_chunks())
            if way.reuse:  # one training step's order: Z, dL/dW, dL/db, dL/dX
                stack.enter_context(numeric.reuse_gathers())
                results = {t.name: self._call(t, arrays) for t in self._step_order()}
            else:
                results = {t.name: self._call(t, arrays) for t in self.targets}
        table = np.ones((chunks, self.size + 1), dtype=np.int64)  # last column: EMPTY
        for tag, tensor in self.layer.tensors.items():
            table[:, tensor.ids.reshape(-1)] = self._per_chunk(tag, values[tag], chunks)
        found = {}
        for t in self.targets:
            exact = self._exact(t, table, chunks)
            mismatch = _difference(results[t.name], exact, way, self.den)
            if mismatch is not None:
                found[t.name] = mismatch
        return found

    def _shape(self, tag: str, batch: int) -> tuple[int, ...]:
        shape = self.layer.tensors[tag].ids.shape
        return (batch, *shape[1:]) if tag in BATCHED else shape

    def _per_chunk(self, tag: str, value: np.ndarray, chunks: int) -> np.ndarray:
        """(chunks, entries of the batch-``proof_batch`` tensor): chunk c's values."""
        if tag not in BATCHED:
            return value.reshape(1, -1)
        return value.reshape(chunks, -1)

    def _exact(self, t: Target, table: np.ndarray, chunks: int) -> np.ndarray:
        per_key, rest = np.divmod(evaluate_rows(t.rows, table, self.size), t.rows.den)
        assert not rest.any(), "inputs are multiples of the denominator"
        per_entry: np.ndarray = per_key[t.ids]  # (*ids.shape, chunks)
        if t.of in BATCHED:
            moved = np.moveaxis(per_entry, -1, 0)  # (chunks, proof_batch, ...)
            return moved.reshape(chunks * self.proof_batch, *t.ids.shape[1:])
        summed: np.ndarray = per_entry.sum(axis=-1)  # dL/dW, dL/db: over the chunks
        return summed

    def _call(self, t: Target, arrays: dict[str, np.ndarray]) -> np.ndarray | Exception:
        """The kernel's result, or the error it raised (a failed identity, not a crash)."""
        try:
            kernel = t.printed()
            return np.asarray(kernel(*(arrays[name] for name in kernel.arguments)))
        except Exception as exc:  # any error of a kernel is its verdict, not a crash
            return exc

    def _step_order(self) -> list[Target]:
        order = {"Z": 0, "W": 1, "b": 2, "X": 3}
        return sorted(self.targets, key=lambda t: order.get(t.of, 4))

    def proof(
        self, t: Target, failure: Failure | None, summary: list[str], seconds: float
    ) -> Proof:
        kernel = t.printed()
        code = kernel.code
        if kernel.closed_form != t.node:  # the runtime must print the proved node itself
            failure = (None, Mismatch([], str(t.node), str(kernel.closed_form), [], []))
        proof = Proof(
            layer=self.layer.label,
            identity=f"kernel {t.name}",
            statement=f"the running kernel `{code}` equals the proved {t.name}",
            config=self.layer.config(),
            status=PROVED,
            entries=int(t.ids.size),
            terms=len(t.rows),
            seconds=seconds,
            method=METHOD,
            expression=str(kernel.closed_form),
            note=(
                "exact on " + "; ".join(summary) + " (ways: NCHW and "
                "channels-last memory, alone, inside reuse_gathers, one-image "
                "chunks)"
            ),
        )
        if failure is not None:
            way, mismatch = failure
            proof.status, proof.mismatch = FAILED, mismatch
            proof.note = (
                f"the kernel `{code}` differs from the proved {t.name} ({way})"
                if way is not None
                else f"the kernel `{code}` was printed from another node than the proved {t.name}"
            )
        return proof


def _layout(a: np.ndarray, channels_last: bool) -> np.ndarray:
    """The same values in NCHW memory order, or channels-last (NHWC memory, NCHW view)."""
    if not channels_last or a.ndim != 4:
        return np.ascontiguousarray(a)
    return np.ascontiguousarray(a.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)


def _difference(
    result: np.ndarray | Exception, exact: np.ndarray, way: Way, den: int
) -> Mismatch | None:
    """The first entry where the kernel differs from the exact value, if any.

    With den = 1 every operation of the kernel is exact, so equality is required.  With
    den > 1 the exact value is an integer and the kernel's rounding is below 1/2 (the
    bound on the inputs guarantees it): the kernel must round to that integer.
    """
    if isinstance(result, Exception):
        return Mismatch([], "a result", f"{type(result).__name__}: {result} ({way})", [], [])
    if result.shape != exact.shape:
        return Mismatch([], f"shape {exact.shape}", f"kernel shape {result.shape}", [], [])
    if result.dtype != np.dtype(way.dtype):
        return Mismatch(
            [], f"dtype {np.dtype(way.dtype).name}", f"kernel dtype {result.dtype}", [], []
        )
    value = result.astype(np.float64)
    wrong = value != exact if den == 1 else ~(np.abs(value - exact) < 0.5)
    if not wrong.any():
        return None
    index = [int(i) for i in np.argwhere(wrong)[0]]
    return Mismatch(
        index,
        f"{int(exact[tuple(index)])} (proved, exact)",
        f"{result[tuple(index)]!r} (kernel, {way})",
        [],
        [],
    )
