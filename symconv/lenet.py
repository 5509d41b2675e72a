"""LeNet-5 built from the numeric primitives: forward pass, loss and every parameter gradient.

Layout (as the PyTorch module of the same names): C1 conv 1→6, 5×5, padding 2 · activation ·
pool 2×2/2 · C3 conv 6→16, 5×5 · activation · pool 2×2/2 · flatten (16·5·5, NCHW order) ·
F5 400→120 · activation · F6 120→84 · activation · out 84→10.  Input (N, 1, 28, 28).

Every numeric call goes through the single alias ``K`` so that the runtime can be swapped
for another module with the same function semantics.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from symconv import numeric as K

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

_UNIT = ((1, 1), (1, 1), 1)  # stride, dilation, groups of both convolutions
_NO_PAD = (0, 0, 0, 0)
_POOL = ((2, 2), (2, 2), _NO_PAD)  # kernel, stride, pads


def _add_bias(z: np.ndarray, b: np.ndarray) -> None:
    """z[n, c, i, j] += b[c] in place (z is a fresh result).

    When the channels are innermost in memory (as the convolutions produce them) the add runs
    over whole (column, channel) rows with b tiled along them: one long inner loop instead of
    one loop of C values per pixel.
    """
    rows = z.transpose(0, 2, 3, 1)
    if rows.flags.c_contiguous:
        flat = rows.reshape(-1, z.shape[3] * z.shape[1])
        flat += np.tile(b, z.shape[3])
    else:
        z += b[:, None, None]


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
        rng = np.random.default_rng(seed)
        # PyTorch's default: kaiming_uniform(a=√5) for weights and U(±1/√fan_in) for biases,
        # both the bound 1/√fan_in.
        self.params: dict[str, np.ndarray] = {
            name: (rng.uniform(-1.0, 1.0, shape) / math.sqrt(fan_in)).astype(self.dtype)
            for name, (shape, fan_in) in PARAM_SHAPES.items()
        }

    # ------------------------------------------------------------------ pieces

    def _act(self, z: np.ndarray) -> np.ndarray:
        return getattr(K, self.activation)(z)

    def _act_grad(self, g: np.ndarray, y: np.ndarray) -> np.ndarray:
        return getattr(K, self.activation + "_grad")(g, y)

    def _pool(self, a: np.ndarray):
        if self.pool == "avg":
            return K.avg_pool2d(a, *_POOL), None
        return K.max_pool2d(a, *_POOL)

    def _pool_grad(self, g: np.ndarray, a: np.ndarray, index) -> np.ndarray:
        if self.pool == "avg":
            return K.avg_pool2d_grad(g, a.shape, *_POOL)
        return K.max_pool2d_grad(g, index, a.shape, *_POOL)

    def _conv(self, x: np.ndarray, name: str):
        """Pre-activation and the panels kept for the weight gradient."""
        z, cols = K.correlate2d(x, self.params[name + ".weight"], *_UNIT, return_cols=True)
        _add_bias(z, self.params[name + ".bias"])
        return z, cols

    def _input(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4 or x.shape[1:] != (1, 28, 28):
            raise ValueError(f"input shape {x.shape} must be (N, 1, 28, 28)")
        return x

    # ------------------------------------------------------------------ passes

    def _forward(self, x) -> tuple[np.ndarray, dict]:
        p = self.params
        xp = K.pad2d(self._input(x), (2, 2, 2, 2))
        z1, cols1 = self._conv(xp, "c1")
        a1 = self._act(z1)
        p1, i1 = self._pool(a1)
        z3, cols3 = self._conv(p1, "c3")
        a3 = self._act(z3)
        p3, i3 = self._pool(a3)
        flat = p3.reshape(p3.shape[0], -1)  # NCHW flatten order, as torch.flatten
        a5 = self._act(K.linear(flat, p["f5.weight"], p["f5.bias"]))
        a6 = self._act(K.linear(a5, p["f6.weight"], p["f6.bias"]))
        logits = K.linear(a6, p["out.weight"], p["out.bias"])
        saved = dict(xp=xp, cols1=cols1, a1=a1, i1=i1, p1=p1, cols3=cols3, a3=a3, i3=i3,
                     p3=p3, flat=flat, a5=a5, a6=a6)
        return logits, saved

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
        """Loss and gradients of ``weight`` times the mean loss over this (part of a) batch."""
        p = self.params
        logits, s = self._forward(x)
        loss, d = K.softmax_cross_entropy(logits, y)
        if weight != 1.0:
            d = d * d.dtype.type(weight)
        grads: dict[str, np.ndarray] = {}
        d6, grads["out.weight"], grads["out.bias"] = K.linear_grad(d, s["a6"], p["out.weight"])
        d6 = self._act_grad(d6, s["a6"])
        d5, grads["f6.weight"], grads["f6.bias"] = K.linear_grad(d6, s["a5"], p["f6.weight"])
        d5 = self._act_grad(d5, s["a5"])
        dflat, grads["f5.weight"], grads["f5.bias"] = K.linear_grad(d5, s["flat"],
                                                                     p["f5.weight"])
        dz3 = self._act_grad(self._pool_grad(dflat.reshape(s["p3"].shape), s["a3"], s["i3"]),
                             s["a3"])
        grads["c3.weight"] = K.correlate2d_grad_weight(s["p1"], dz3, *_UNIT, (5, 5),
                                                       cols=s["cols3"])
        grads["c3.bias"] = K.bias_grad(dz3)
        dp1 = K.crop2d(K.full_convolve2d_rot180(dz3, p["c3.weight"], *_UNIT,
                                                s["p1"].shape[2:]), _NO_PAD)
        dz1 = self._act_grad(self._pool_grad(dp1, s["a1"], s["i1"]), s["a1"])
        grads["c1.weight"] = K.correlate2d_grad_weight(s["xp"], dz1, *_UNIT, (5, 5),
                                                       cols=s["cols1"])
        grads["c1.bias"] = K.bias_grad(dz1)
        return float(loss) * weight, {name: grads[name] for name in PARAM_SHAPES}


# ---------------------------------------------------------------------- threads

MIN_PART = 16  # smaller parts cost more in per-call overhead than a second core gains


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
