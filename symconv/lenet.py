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
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from symconv import kernels
from symconv.lenet_graph import run_backward, run_forward
from symconv.network import lenet5
from symconv.spec import Conv, Dense, Pool

ACTIVATIONS = ("tanh", "sigmoid", "relu")
POOLS = ("avg", "max")
DTYPES = (np.float32, np.float64)

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

    ``threads`` (default :func:`default_threads`) is how many parts ``loss_and_grads`` cuts a
    batch into and runs side by side; set it to 1 for a strictly sequential computation.
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
        self.threads = default_threads()  # data-parallel parts in loss_and_grads
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
        if x.ndim != 4 or x.shape[1:] != (1, 28, 28):
            raise ValueError(f"input shape {x.shape} must be (N, 1, 28, 28)")
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

        With ``threads`` > 1 the batch is cut into that many contiguous parts of at least
        ``MIN_PART`` samples, run side by side (NumPy and BLAS release the GIL) and their
        gradients added: the mean over the batch is the sum of the part means weighted by
        part size / batch size.
        """
        x, y = self._input(x), np.asarray(y)
        n = x.shape[0]
        parts = max(1, min(self.threads, n // MIN_PART))
        bounds = [n * k // parts for k in range(parts + 1)]
        jobs = [(x[a:b], y[a:b], (b - a) / n) for a, b in itertools.pairwise(bounds)]
        if parts == 1:
            return self._loss_and_grads(*jobs[0])
        pool = _pool(parts - 1)
        with _single_threaded_blas():
            futures = [pool.submit(self._loss_and_grads, *job) for job in jobs[1:]]
            results = [self._loss_and_grads(*jobs[0])] + [f.result() for f in futures]
        loss = sum(part_loss for part_loss, _ in results)
        grads = results[0][1]
        for _, part in results[1:]:
            for name, value in part.items():
                grads[name] += value
        return loss, grads

    def _loss_and_grads(self, x: np.ndarray, y: np.ndarray, weight: float):
        """Loss and gradients of ``weight`` times the mean loss over this (part of a) batch.

        No array is modified during the step, so the kernels may gather each input's
        windows (and find each max-pool arg-max) once for the forward and backward passes.
        """
        with kernels.reuse_gathers():
            logits, saved = run_forward(self._k, self.params, x)
            loss, grads = run_backward(self._k, self.params, logits, saved, y, weight)
        return loss, {name: grads[name] for name in PARAM_SHAPES}  # state_dict order


# ---------------------------------------------------------------------- threads

# Smaller parts cost more in per-call overhead and GIL hand-offs than a second core gains:
# on 2 cores a batch of 64 ran 10-25% faster whole (BLAS threaded) than as two parts of 32,
# while 128 as two parts of 64 was on par and 256 as two of 128 10-25% faster.
MIN_PART = 64


def default_threads() -> int:
    """Threads for ``loss_and_grads``: SYMCONV_NUM_THREADS, else the BLAS/OpenMP setting
    (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS), else the CPUs this process may run on."""
    for name in ("SYMCONV_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_POOLS: dict[int, ThreadPoolExecutor] = {}


def _pool(workers: int) -> ThreadPoolExecutor:
    if workers not in _POOLS:
        _POOLS[workers] = ThreadPoolExecutor(workers, thread_name_prefix="lenet")
    return _POOLS[workers]


@functools.cache
def _blas_controller():
    """threadpoolctl's view of the loaded BLAS libraries, or None without threadpoolctl."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


@contextlib.contextmanager
def _single_threaded_blas():
    """BLAS on one thread while the parts run side by side, so the process uses ``threads``
    threads in all: a multi-threaded BLAS called from several threads at once serialises its
    calls and its spinning workers steal the cores the other parts need.  Needs threadpoolctl
    (without it this is a no-op and the parts share the BLAS threads)."""
    controller = _blas_controller()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield
