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
        every part itself, with the same cut, so the result does not depend on them.
        """
        x, y = self._input(x), np.asarray(y)
        n = x.shape[0]
        parts = max(1, min(self.cores, n // MIN_PART))
        jobs = cut_batch(x, y, parts)
        if parts == 1:
            return self._loss_and_grads(*jobs[0])
        from symconv.lenet_workers import Worker, WorkerError, workers  # imports this module

        helpers = [w for w in workers(self.activation, self.pool, self.dtype, parts - 1)
                   if w.ready() and w.lock.acquire(blocking=False)]
        results: list = [None] * parts
        away: dict[int, Worker] = {}  # part -> the worker computing it
        try:
            for k, worker in enumerate(helpers, start=1):
                with contextlib.suppress(WorkerError):  # a dead worker: its part stays here
                    worker.submit(self.params, *jobs[k])
                    away[k] = worker
            with _single_threaded_blas():
                for k in range(parts):
                    if k not in away:
                        results[k] = self._loss_and_grads(*jobs[k])
            for k, worker in away.items():
                try:
                    results[k] = worker.result()
                except WorkerError:  # died during the step: compute its part here
                    results[k] = self._loss_and_grads(*jobs[k])
            # Added while the locks are held: a worker's gradients live in its shared file.
            return add_parts(results)
        finally:
            for worker in helpers:
                worker.lock.release()

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
        More than ``MAX_PART`` images run as sub-parts, one after another.
        """
        if x.shape[0] > MAX_PART:
            subparts = cut_batch(x, y, -(-x.shape[0] // MAX_PART))
            return add_parts([self._loss_and_grads(xs, ys, weight * share)
                              for xs, ys, share in subparts])
        with kernels.reuse_gathers():
            logits, saved = run_forward(self._k, self.params, x)
            loss, grads = run_backward(self._k, self.params, logits, saved, y, weight)
        return loss, {name: grads[name] for name in PARAM_SHAPES}  # state_dict order


# ---------------------------------------------------------------------- parts

# Parts smaller than this cost more in per-step overhead than a second core gains: a step's
# fixed cost (a few hundred calls) weighs the more the smaller the part.  Batch 64 as two
# parts of 32 runs 1.37x one process (benchmarks/lenet_parts.py, README).
MIN_PART = 32

# Parts larger than this run as sub-parts one after another: a step's arrays for 64 images
# stay close to the 2 MB of L2 a core has (C1's activations alone are 1.2 MB; at 128 images
# 2.4 MB), which counts most when both cores run.  Two processes each computing parts of
# 128 ran 1.028x faster each this way (benchmarks/lenet_max_part.py, README).
MAX_PART = 64


def cut_batch(x: np.ndarray, y: np.ndarray, parts: int) -> list[tuple]:
    """(x, y, weight) of ``parts`` contiguous parts of nearly equal size, weight = part size
    / batch size: the mean loss over the batch is the weighted sum of the part means."""
    n = x.shape[0]
    bounds = [n * k // parts for k in range(parts + 1)]
    return [(x[a:b], y[a:b], (b - a) / n) for a, b in itertools.pairwise(bounds)]


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
