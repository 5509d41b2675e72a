"""LeNet-5 built from the proved kernels: forward pass, loss and every parameter gradient.

Layout (as the PyTorch module of the same names): C1 conv 1→6, 5×5, padding 2 · activation ·
pool 2×2/2 · C3 conv 6→16, 5×5 · activation · pool 2×2/2 · flatten (16·5·5, NCHW order) ·
F5 400→120 · activation · F6 120→84 · activation · out 84→10.  Input (N, 1, 28, 28).

Every array operation is a function of :mod:`symconv.kernels`, printed by ``lambdify`` from
the closed form that ``symconv prove lenet`` proves for the same layer spec
(:func:`symconv.network.lenet5`); the network fetches them once, at construction, and
then calls them without re-checking arguments whose shapes it fixes itself.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import os
import time

import numpy as np

from symconv import kernels
from symconv.lenet_graph import run_backward, run_forward
from symconv.network import lenet5
from symconv.spec import Conv, Dense, Pool

ACTIVATIONS = ("tanh", "sigmoid", "relu")
POOLS = ("avg", "max")
DTYPES = (np.float32, np.float64)

INPUT_SHAPE = lenet5().input_shape  # (C, H, W) of one image: (1, 28, 28)

# name -> (shape, fan_in) in state_dict order.
PARAM_SHAPES: dict[str, tuple[tuple[int, ...], int]] = {
    "c1.weight": ((6, 1, 5, 5), 25),
    "c1.bias": ((6,), 25),
    "c3.weight": ((16, 6, 5, 5), 150),
    "c3.bias": ((16,), 150),
    "f5.weight": ((120, 400), 400),
    "f5.bias": ((120,), 400),
    "f6.weight": ((84, 120), 120),
    "f6.bias": ((84,), 120),
    "out.weight": ((10, 84), 84),
    "out.bias": ((10,), 84),
}

class LeNet5:
    """LeNet-5 with ``params`` keyed like the PyTorch state_dict of the same layout.

    ``cores`` (default :func:`default_cores`) is how many parts ``loss_and_grads`` may cut a
    batch into and compute at the same time, one in this process and the others in worker
    processes; set it to 1 to compute everything in this process, one part after another.
    """

    def __init__(self, activation: str = "tanh", pool: str = "avg", seed: int = 0,
                 dtype=np.float32) -> None:
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation {activation!r} is not one of {', '.join(ACTIVATIONS)}")
        if pool not in POOLS:
            raise ValueError(f"pool {pool!r} is not one of {', '.join(POOLS)}")
        try:
            known = np.dtype(dtype) in [np.dtype(d) for d in DTYPES]
        except TypeError:
            known = False
        if not known:
            raise ValueError(f"dtype {dtype!r} is not one of float32, float64")
        self.activation = activation
        self.pool = pool
        self.dtype = np.dtype(dtype)
        self.cores = default_cores()  # data-parallel parts in loss_and_grads
        # Cut the batch by each part's measured speed (see loss_and_grads); False: equal parts.
        self.balance = True
        # Speeds measured in loss_and_grads ((images + FIXED_IMAGES) per second) of this
        # process, then of each worker.
        self._rates: list[float] = []
        self._build_kernels()
        rng = np.random.default_rng(seed)
        # PyTorch's default: kaiming_uniform(a=√5) for weights and U(±1/√fan_in) for biases,
        # both the bound 1/√fan_in.
        self.params: dict[str, np.ndarray] = {
            name: (rng.uniform(-1.0, 1.0, shape) / math.sqrt(fan_in)).astype(self.dtype)
            for name, (shape, fan_in) in PARAM_SHAPES.items()
        }

    # ------------------------------------------------------------------ kernels

    def _build_kernels(self) -> None:
        """The printed kernels of every layer of ``lenet5(activation, pool)``, as
        :mod:`symconv.lenet_graph` takes them."""
        table: dict = {"act": kernels.activation_kernels(self.activation),
                       "loss": kernels.loss_kernel(), "pool": self.pool}
        for spec, shape_in, _ in lenet5(self.activation, self.pool).shapes():
            if isinstance(spec, Conv):
                table[spec.name] = kernels.conv_kernels(spec, tuple(shape_in[1:]))
            elif isinstance(spec, Pool):
                table[spec.name] = (kernels.avg_pool_kernels(spec, tuple(shape_in))
                                    if spec.op == "avg" else kernels.max_pool_kernels(spec))
            elif isinstance(spec, Dense):
                table.setdefault("dense", kernels.dense_kernels(spec.bias))
        self._k = table

    def _input(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4 or x.shape[1:] != INPUT_SHAPE:
            sizes = ", ".join(map(str, INPUT_SHAPE))
            raise ValueError(f"input shape {x.shape} must be (N, {sizes})")
        return x

    @staticmethod
    def _labels(y, n: int) -> np.ndarray:
        y = np.asarray(y)
        classes = PARAM_SHAPES["out.bias"][0][0]
        if (y.shape != (n,) or y.dtype.kind not in "iu"
                or (n and not 0 <= y.min() <= y.max() < classes)):
            raise ValueError(f"labels of shape {y.shape} and dtype {y.dtype} must be {n} "
                             f"integers in [0, {classes})")
        return y

    # ------------------------------------------------------------------ passes

    def _forward(self, x) -> tuple[np.ndarray, dict]:
        return run_forward(self._k, self.params, self._input(x))

    def forward(self, x) -> np.ndarray:
        """Logits (N, 10) for x (N, 1, 28, 28)."""
        return self._forward(x)[0]

    def loss_and_grads(self, x, y) -> tuple[float, dict[str, np.ndarray]]:
        """Mean softmax cross-entropy of the logits against labels y, and its gradient with
        respect to every parameter (keyed like ``params``).

        With ``cores`` > 1 the batch is cut into up to that many contiguous parts of at least
        ``MIN_PART`` samples; this process computes the first, worker processes
        (:mod:`symconv.lenet_workers`) the others at the same time, and the gradients are
        added: the mean over the batch is the sum of the part means weighted by part size /
        batch size.  While the workers start (about a second, once), this process computes
        every part itself, with an equal cut, so the result does not depend on them.

        With ``balance`` (the default) the parts' sizes follow the speed each process showed
        in the previous steps (:func:`balanced_sizes`): on virtual machines one core often
        runs a third slower than the other for seconds at a time, and with equal parts the
        faster process would wait for the slower one.  The cut then depends on timing, so
        results agree from run to run to rounding only; set ``balance = False`` for equal
        parts and bit-for-bit repeatable results.
        """
        x, y = self._input(x), self._labels(y, x.shape[0])
        n = x.shape[0]
        parts = max(1, min(self.cores, n // MIN_PART))
        if parts == 1:
            return self._loss_and_grads(x, y, 1.0)
        from symconv.lenet_workers import Worker, WorkerError, workers  # imports this module

        helpers = [w for w in workers(self.activation, self.pool, self.dtype, parts - 1)
                   if w.ready() and w.lock.acquire(blocking=False)]
        balanced = self.balance and len(helpers) == parts - 1 and len(self._rates) == parts
        sizes = balanced_sizes(n, self._rates) if balanced else equal_sizes(n, parts)
        jobs = cut_sizes(x, y, sizes)
        results: list = [None] * parts
        away: dict[int, Worker] = {}  # part -> the worker computing it
        try:
            for k, worker in enumerate(helpers, start=1):
                with contextlib.suppress(WorkerError):  # a dead worker: its part stays here
                    worker.submit(self.params, *jobs[k])
                    away[k] = worker
            start = time.perf_counter()
            with _single_threaded_blas():
                for k in range(parts):
                    if k not in away:
                        results[k] = self._loss_and_grads(*jobs[k])
            seconds = [time.perf_counter() - start]
            for k, worker in list(away.items()):
                try:
                    results[k] = worker.result()
                except WorkerError:  # died during the step: its part is computed here
                    results[k] = None
                del away[k]  # answered (or dead)
                if results[k] is None:
                    results[k] = self._loss_and_grads(*jobs[k])
                else:
                    seconds.append(worker.seconds)
            if len(seconds) == parts:  # every part computed where it was sent: its speed
                self._measured(sizes, seconds)
            # Added while the locks are held: a worker's gradients live in its shared file.
            return add_parts(results)
        finally:
            for worker in away.values():  # an error in this process left answers unread:
                with contextlib.suppress(WorkerError):  # read them, or the next step would
                    worker.result()  # take this step's answer for its own
            for worker in helpers:
                worker.lock.release()

    def _measured(self, sizes: list[int], seconds: list[float]) -> None:
        """Fold one step's speed of each part into ``_rates``: (images + FIXED_IMAGES) per
        second, a quarter new and three quarters old (a core's speed changes over seconds,
        a step takes milliseconds, and one step's timing is noisy)."""
        rates = [(size + FIXED_IMAGES) / max(s, 1e-9)
                 for size, s in zip(sizes, seconds, strict=True)]
        if len(self._rates) != len(rates):
            self._rates = rates
        else:
            self._rates = [0.75 * old + 0.25 * new
                           for old, new in zip(self._rates, rates, strict=True)]

    def start_workers(self, timeout: float = 60.0) -> int:
        """Start the ``cores - 1`` worker processes of ``loss_and_grads`` now and wait up to
        ``timeout`` seconds for them to be ready; the number ready.  (``loss_and_grads``
        starts them itself and does not wait: until they are ready it computes every part
        in this process.)"""
        if self.cores < 2:
            return 0
        from symconv.lenet_workers import workers

        started = workers(self.activation, self.pool, self.dtype, self.cores - 1)
        deadline = time.monotonic() + timeout
        while not all(w.ready() for w in started) and time.monotonic() < deadline:
            time.sleep(0.01)
        return sum(w.ready() for w in started)

    def _loss_and_grads(self, x: np.ndarray, y: np.ndarray, weight: float):
        """Loss and gradients of ``weight`` times the mean loss over this (part of a) batch.

        No array is modified during the step, so the kernels may gather each input's
        windows (and find each max-pool arg-max) once for the forward and backward passes.
        A part of at least 1.5 ``MAX_PART`` images runs as sub-parts of about ``MAX_PART``,
        one after another.
        """
        count = round(x.shape[0] / MAX_PART)
        if count > 1:
            subparts = cut_sizes(x, y, equal_sizes(x.shape[0], count))
            return add_parts([self._loss_and_grads(xs, ys, weight * share)
                              for xs, ys, share in subparts])
        with kernels.reuse_gathers():
            logits, saved = run_forward(self._k, self.params, x)
            loss, grads = run_backward(self._k, self.params, logits, saved, y, weight)
        return loss, {name: grads[name] for name in PARAM_SHAPES}  # state_dict order


# ---------------------------------------------------------------------- parts

# Parts smaller than this cost more in per-step overhead than a second core gains: a step's
# fixed cost (a few hundred calls) weighs the more the smaller the part.  Batch 64 as two
# parts of 32 runs 1.30x one process, 1.33x with the balanced cut (benchmarks/lenet_parts.py,
# README).
MIN_PART = 32

# Parts of at least 1.5 times this run as sub-parts of about this size, one after another
# (their count rounded: a part a little larger, as balanced_sizes makes, stays whole): a
# step's arrays for 64 images stay close to the 2 MB of L2 a core has (C1's activations
# alone are 1.2 MB; at 128 images 2.4 MB), which counts most when both cores run.  Two
# processes each computing parts of 128 ran 1.028x faster each this way
# (benchmarks/lenet_max_part.py, README).
MAX_PART = 64


def equal_sizes(n: int, parts: int) -> list[int]:
    """Sizes of ``parts`` contiguous parts of n nearly equal in size."""
    return [n * (k + 1) // parts - n * k // parts for k in range(parts)]


# Balanced part sizes are multiples of this (the last takes the rest): a part's arrays then
# come in few sizes, whose buffers the kernels recycle, instead of one size per step.
SIZE_QUANTUM = 4

# A step on n images costs about as much as n + FIXED_IMAGES images would without its fixed
# part (a few hundred calls and the weights' Toeplitz matrices): `python
# benchmarks/lenet_parts.py --batch 2 64`, one process, ran 3,773 samples/s at batch 2
# (0.53 ms a step) and 14,252 at 64 (70 µs an image), a fixed part of 6-8 images.  Speeds
# are measured in these units, else a part made smaller would look slower per image and be
# made smaller still; the estimate need only be near, not exact.
FIXED_IMAGES = 8


def balanced_sizes(n: int, rates: list[float]) -> list[int]:
    """Sizes of len(rates) parts of n that finish together when part k runs at ``rates[k]``
    (images + FIXED_IMAGES per second): n_k + FIXED_IMAGES proportional to rates[k],
    rounded to a multiple of SIZE_QUANTUM, the last part the rest.  Each part's share of
    the work is kept within half and one and a half times the equal share, so a rate
    measured in a few disturbed steps cannot starve or swamp a part.  Equal sizes where
    that would leave a part empty (n below about 8 per part; loss_and_grads cuts parts of
    at least MIN_PART)."""
    parts = len(rates)
    total = sum(rates)
    shares = [min(max(r / total, 0.5 / parts), 1.5 / parts) if total > 0 else 1 / parts
              for r in rates]
    scale = (n + parts * FIXED_IMAGES) / sum(shares)
    sizes = [max(1, round((share * scale - FIXED_IMAGES) / SIZE_QUANTUM)) * SIZE_QUANTUM
             for share in shares[:-1]]
    sizes.append(n - sum(sizes))
    return sizes if min(sizes) > 0 else equal_sizes(n, parts)


def cut_sizes(x: np.ndarray, y: np.ndarray, sizes: list[int]) -> list[tuple]:
    """(x, y, weight) of contiguous parts of the given sizes, weight = part size / batch
    size: the mean loss over the batch is the weighted sum of the part means."""
    n = x.shape[0]
    bounds = list(itertools.accumulate(sizes, initial=0))
    return [(x[a:b], y[a:b], (b - a) / n) for a, b in itertools.pairwise(bounds)]


def cut_batch(x: np.ndarray, y: np.ndarray, parts: int) -> list[tuple]:
    """:func:`cut_sizes` with ``parts`` parts of nearly equal size."""
    return cut_sizes(x, y, equal_sizes(x.shape[0], parts))


def add_parts(results: list[tuple[float, dict]]) -> tuple[float, dict]:
    """The (loss, gradients) of a batch from those of its parts, in part order (the sums
    are added into the first part's arrays)."""
    grads = results[0][1]
    for _, part in results[1:]:
        for name, value in part.items():
            grads[name] += value
    return sum(loss for loss, _ in results), grads


def default_cores() -> int:
    """Cores for ``loss_and_grads``: SYMCONV_CORES, else the BLAS/OpenMP setting
    (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS), else the CPUs this process may run on."""
    for name in ("SYMCONV_CORES", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@functools.cache
def _blas_libraries() -> tuple:
    """threadpoolctl's controllers of the loaded BLAS libraries (none without threadpoolctl)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return ()
    return tuple(ThreadpoolController().select(user_api="blas").lib_controllers)


@contextlib.contextmanager
def _single_threaded_blas():
    """BLAS on one thread while the workers compute the other parts, so that the parts use
    ``cores`` cores in all: a multi-threaded BLAS's spinning threads would take the cores the
    workers need.  Needs threadpoolctl (without it this is a no-op).  Calls the libraries'
    own get/set functions (a few microseconds; threadpoolctl's ``limit`` re-reads every
    library's state, five times longer, at every step)."""
    libraries = _blas_libraries()
    before = [library.get_num_threads() for library in libraries]
    for library in libraries:
        library.set_num_threads(1)
    try:
        yield
    finally:
        for library, threads in zip(libraries, before, strict=True):
            library.set_num_threads(threads)
