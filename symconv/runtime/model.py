"""``symconv.Model``: any sequential network run by the proved kernels.

A :class:`~symconv.spec.network.Network` (convolutions 1D and 2D, transposed convolutions 2D,
average and max pooling, dense layers, their activations, softmax cross-entropy) becomes a
list of steps that :mod:`symconv.runtime.model_graph` runs forward and backward, each step calling
the kernels :mod:`symconv.runtime.kernels` printed from the closed forms ``symconv prove`` proves
for that very layer and input size.  Parameters use PyTorch's names and layouts: the weight and
bias of a layer named ``C1`` are ``c1.weight`` (F, C/groups, kh, kw) — (F, C/groups, k)
in 1D — and ``c1.bias``, in layer order, so a torch ``nn.Sequential`` of the same layers
maps onto them in order.

A training step (:meth:`Model.loss_and_grads`) gathers each layer's windows once, cuts
the batch into fixed chunks added in a fixed order (the same bits on any number of cores),
and on several cores shares the chunks out between this process and worker processes
(:mod:`symconv.runtime.parallel`, :mod:`symconv.runtime.workers`), balanced by each
process's measured speed.  What a Model is made of (parameter names and shapes, the plan
of steps, each layer's kernels) is read from the network by :mod:`symconv.runtime.model_plan`.
"""

from __future__ import annotations

import collections
import itertools
import math
import statistics
import time
from pathlib import Path
from typing import ClassVar

import numpy as np

from symconv.errors import SymconvError
from symconv.runtime import kernels
from symconv.runtime.model_graph import as_input, run_backward, run_forward
from symconv.runtime.model_plan import (
    check_dtype,
    check_runnable,
    input_shape,
    layer_kernels,
    output_classes,
    param_shapes,
    plan,
)
from symconv.runtime.parallel import forward_in_parts, grads_in_parts
from symconv.runtime.parts import (
    FIXED_IMAGES,
    add_parts,
    chunk_groups,
    chunk_sizes,
    cut_sizes,
    default_cores,
    equal_sizes,
    part_limit,
    single_threaded_blas,
)
from symconv.runtime.workers import network_key, workers
from symconv.spec.network import Network, load_network

# loss_and_grads tries the slower way (with workers or alone) after this many steps of a
# size; each try that finds it still slower doubles the wait, up to PROBE_MOST steps (a try
# costs a step at the slower speed: 1/16 of the steps cost the loop ~4% at a 1.8x gap), and
# a try that finds the choice changed brings it back to PROBE_EVERY.
PROBE_EVERY = 16
PROBE_MOST = 128

# The way chosen is judged by the median of its last SPEED_MEMORY whole steps, so one slow
# step (a worker asleep after a pause longer than its spin, a garbage collection, an
# interrupt) does not switch a loop to one process for PROBE_EVERY steps; two slow steps in
# a row do.  The other way, tried only now and then, is judged by its latest try.
SPEED_MEMORY = 3


class Model:
    """A network of proved kernels with ``params`` keyed like the PyTorch state_dict.

    ``cores`` (default :func:`symconv.runtime.parts.default_cores`) is how many processes
    ``loss_and_grads`` may share a batch's chunks between, this one and worker processes;
    1 computes everything here.  The result does not depend on it.
    """

    # Layer name -> parameter prefix where it is not the lowercased name (LeNet5's "out").
    _renamed: ClassVar[dict[str, str]] = {}

    def __init__(self, network: Network, dtype=np.float32, seed: int = 0) -> None:
        if not isinstance(network, Network):
            raise SymconvError(
                f"network {network!r} is not a symconv Network; the rule: "
                "load_network('net.toml'), lenet5() or from_torch(...)"
            )
        self.network = network
        check_runnable(network)
        self.dtype = check_dtype(dtype)
        self.input_shape = input_shape(network)
        shapes = network.shapes()  # validates the chain of shapes
        self.classes = output_classes(network)
        self.param_shapes = param_shapes(network, self._renamed)
        self._steps = []
        for step, (layer, shape_in, _) in zip(plan(network, self._renamed), shapes, strict=True):
            act = step["act"]
            self._steps.append(
                {
                    **step,
                    **layer_kernels(layer, shape_in, step["merged"]),
                    "act": kernels.activation_kernels(act) if act else None,
                }
            )
        self._loss = kernels.loss_kernel()
        # Chunk size by the bytes of one sample's activations (input and every output).
        sample = math.prod(network.input_shape) + sum(math.prod(out) for _, _, out in shapes)
        self.max_part = part_limit(sample * self.dtype.itemsize)
        self.cores = default_cores()  # data-parallel parts in loss_and_grads
        # Share the chunks by each process's measured speed (see loss_and_grads); False:
        # equal shares.  The result is the same bits either way.
        self.balance = True
        # Speeds measured in loss_and_grads ((images + FIXED_IMAGES) per second) of this
        # process, then of each worker.
        self._rates: list[float] = []
        self._worker_key: str | None = None  # workers.network_key, kept: a step reads it
        # Samples/s of the last SPEED_MEMORY whole steps, keyed (batch size, with workers):
        # loss_and_grads uses the workers only while they make steps faster.
        self._speeds: dict[tuple[int | tuple, bool], list[float]] = {}
        # Per size: (steps since the slower way was last tried, steps to wait between tries,
        # the faster way at the last step, whether the last step tried the slower one).
        self._probes: dict[int | tuple, tuple[int, int, bool, bool]] = {}
        # Of the steps and forward passes that had a choice (cores > 1, more than one
        # chunk), how many ran with the workers and how many alone (keys "step with
        # workers", "step alone", "forward with workers", "forward alone"): what the choice
        # did, for benchmarks (benchmarks/train_loop.py prints it).
        self.ways: collections.Counter = collections.Counter()
        self._helped = False  # whether workers computed their share of the last step
        rng = np.random.default_rng(seed)
        # PyTorch's default: kaiming_uniform(a=√5) for weights and U(±1/√fan_in) for biases,
        # both the bound 1/√fan_in.
        self.params: dict[str, np.ndarray] = {
            name: (rng.uniform(-1.0, 1.0, shape) / math.sqrt(fan_in)).astype(self.dtype)
            for name, (shape, fan_in) in self.param_shapes.items()
        }

    @classmethod
    def from_file(cls, path: str | Path, dtype=np.float32, seed: int = 0) -> Model:
        """The model of a network .toml file (see :mod:`symconv.spec.network`)."""
        return cls(load_network(path), dtype=dtype, seed=seed)

    def kernels_used(self) -> list:
        """Every printed kernel function a step calls (the very objects ``symconv prove``
        checks against the nodes they were printed from), the loss last."""
        found = []
        for step in self._steps:
            found += [step[key] for key in ("Z", "W", "X", "b") if step[key] is not None]
            if step["act"] is not None:
                found += list(step["act"].values())
        return [*found, self._loss]

    # ------------------------------------------------------------------ state

    def state_dict(self) -> dict[str, np.ndarray]:
        """Copies of the parameters, in layer order."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state: dict) -> None:
        """Set every parameter from ``state`` (NumPy arrays or anything ``np.asarray``
        takes, e.g. a torch state_dict's CPU tensors); names and shapes must match."""
        names = list(self.param_shapes)
        if set(state) != set(names):
            missing, extra = sorted(set(names) - set(state)), sorted(set(state) - set(names))
            raise SymconvError(
                f"state_dict keys differ: missing {missing}, unexpected "
                f"{extra}; the rule: exactly {names}"
            )
        loaded = {}
        for name in names:
            value = state[name]
            if hasattr(value, "detach"):  # a torch tensor (torch itself is not imported)
                value = value.detach().cpu().numpy()
            value = np.asarray(value)
            if value.shape != self.param_shapes[name][0]:
                raise SymconvError(
                    f"state_dict {name} of shape {value.shape} must have shape "
                    f"{self.param_shapes[name][0]}"
                )
            loaded[name] = np.array(value, dtype=self.dtype)
        self.params = loaded

    # ------------------------------------------------------------------ checks

    def _input(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=self.dtype)
        try:
            as_input(x, self.input_shape)
        except ValueError as error:
            raise SymconvError(str(error)) from None
        return x

    def _labels(self, y, n: int) -> np.ndarray:
        y = np.asarray(y)
        classes = self.classes
        if (
            y.shape != (n,)
            or y.dtype.kind not in "iu"
            or (n and not 0 <= y.min() <= y.max() < classes)
        ):
            raise SymconvError(
                f"labels of shape {y.shape} and dtype {y.dtype} must be {n} "
                f"integers in [0, {classes})"
            )
        return y

    # ------------------------------------------------------------------ passes

    def forward(self, x) -> np.ndarray:
        """The logits (N, classes), the last layer's output flattened, for x of shape
        (N, *input_shape).

        In the fixed chunks of ``loss_and_grads``, with single-threaded BLAS, shared out
        between this process and the worker processes (with ``cores`` > 1, when they are
        ready): a chunk's arrays stay in cache (a whole evaluation batch's do not: the
        VGG-like net's first activations are 8 MB at 256 images), and the logits are the
        same bits on any number of cores."""
        x = self._input(x)
        n = x.shape[0]
        chunks = self.chunk_sizes(n) if n else []
        parts = min(self.cores, len(chunks))
        # Workers only while they make whole passes of this size faster (as for steps).
        together = parts > 1 and self._worth_workers(("forward", n))
        helpers = self._free_workers(parts - 1) if together else []
        # Whole chunks shared by the speed each process showed in the last steps, as there.
        groups = (
            chunk_groups(chunks, self._rates)
            if self.balance and len(self._rates) == len(helpers) + 1 > 1
            else equal_sizes(len(chunks), len(helpers) + 1)
        )
        begin = time.perf_counter()
        logits = forward_in_parts(self, x, chunks, groups, helpers)
        if parts > 1 and (helpers or not together):
            self._step_speed(
                ("forward", n), bool(helpers), n / max(time.perf_counter() - begin, 1e-9)
            )
        if parts > 1:
            self.ways["forward with workers" if helpers else "forward alone"] += 1
        return logits

    def chunk_sizes(self, n: int) -> list[int]:
        """The fixed chunks a batch of n is cut into (:func:`symconv.runtime.parts.chunk_sizes`
        with this network's ``max_part``)."""
        return chunk_sizes(n, self.max_part)

    def forward_chunks(self, x: np.ndarray, sizes: list[int], out: np.ndarray) -> None:
        """The logits of consecutive chunks of x of the given sizes, into ``out``, with
        single-threaded BLAS (a worker process runs this too)."""
        bounds = list(itertools.accumulate(sizes, initial=0))
        with single_threaded_blas():
            for a, b in itertools.pairwise(bounds):
                out[a:b] = run_forward(
                    self._steps, self.params, as_input(x[a:b], self.input_shape)
                )[0]

    def _free_workers(self, count: int) -> list:
        """Up to ``count`` ready worker processes, each locked for this call (released
        by the caller)."""
        if count < 1:
            return []
        if self._worker_key is None:
            self._worker_key = network_key(self.network)
        return [
            w
            for w in workers(self.network, self.dtype, count, self._worker_key)
            if w.ready() and w.lock.acquire(blocking=False)
        ]

    def _chunk(self, x: np.ndarray, y: np.ndarray, weight: float):
        """Loss and gradients of ``weight`` times the mean loss over one chunk of a batch.

        No array is modified during the step, so the kernels may gather each input's
        windows (and find each max-pool arg-max) once for the forward and backward passes.
        """
        with kernels.reuse_gathers():
            logits, saved = run_forward(self._steps, self.params, as_input(x, self.input_shape))
            loss, grads = run_backward(
                self._steps, self.params, logits, saved, y, self._loss, weight
            )
        return loss, {name: grads[name] for name in self.params}  # state_dict order

    def _chunks(
        self, x: np.ndarray, y: np.ndarray, sizes: list[int], batch: int
    ) -> list[tuple[float, dict]]:
        """Each chunk's (loss, gradients) for consecutive chunks of the given sizes of a
        batch of ``batch`` samples, each weighted by its size / batch (the batch's mean
        loss is the sum of the chunks' weighted means).  A worker process runs this too."""
        bounds = list(itertools.accumulate(sizes, initial=0))
        return [self._chunk(x[a:b], y[a:b], (b - a) / batch) for a, b in itertools.pairwise(bounds)]

    def _loss_and_grads(self, x: np.ndarray, y: np.ndarray, weight: float = 1.0):
        """``weight`` times the mean loss over x and its gradients, computed here chunk by
        chunk (benchmarks/lenet_parts.py computes parts of a batch with it)."""
        return add_parts(
            [
                self._chunk(xs, ys, weight * share)
                for xs, ys, share in cut_sizes(x, y, self.chunk_sizes(x.shape[0]))
            ]
        )

    def loss_and_grads(self, x, y) -> tuple[float, dict[str, np.ndarray]]:
        """Mean softmax cross-entropy of the logits against labels y, and its gradient with
        respect to every parameter (keyed like ``params``).

        Deterministic: the batch is cut into fixed chunks whose sizes depend on the batch
        size only (:meth:`chunk_sizes`), each chunk's loss and gradient sums
        are computed on their own with single-threaded BLAS, and the chunks' results are
        added in chunk order in this process.  So the result is the same bits run to run,
        with any ``cores`` and whoever computes which chunk.

        With ``cores`` > 1 the chunks are shared out, whole and in order, between this
        process (the first group) and up to ``cores - 1`` worker processes
        (:mod:`symconv.runtime.workers`) computing at the same time.  With ``balance`` (the
        default) each process's share follows the speed it showed in the previous steps
        (:func:`symconv.runtime.parts.chunk_groups`): on virtual machines one core often runs a
        third slower than the other for seconds at a time.  While the workers start
        (about a second, once), or when one dies, this process computes their chunks.
        """
        if self.network.loss != "softmax_cross_entropy":
            raise SymconvError(
                f"network {self.network.name!r} has loss "
                f"{self.network.loss!r}; the rule: loss_and_grads needs "
                "softmax_cross_entropy"
            )
        x = self._input(x)
        y = self._labels(y, x.shape[0])
        n = x.shape[0]
        chunks = self.chunk_sizes(n)
        parts = max(1, min(self.cores, len(chunks)))
        if parts == 1:
            with single_threaded_blas():
                return add_parts(self._chunks(x, y, chunks, n))
        together = self._worth_workers(n)
        start = time.perf_counter()
        if together:
            result = self._parallel(x, y, chunks, parts)
        else:
            with single_threaded_blas():
                result = add_parts(self._chunks(x, y, chunks, n))
        if self._helped or not together:  # a step the workers did not help times nothing
            self._step_speed(n, together, n / max(time.perf_counter() - start, 1e-9))
        self.ways["step with workers" if together and self._helped else "step alone"] += 1
        return result

    def _worth_workers(self, n: int | tuple) -> bool:
        """Whether this step of n samples uses the workers: whichever way (workers or this
        process alone) ran the faster whole steps of this size lately — the way taken
        judged by the median of its last SPEED_MEMORY steps, the other by its latest try —
        and the other way now and then (after PROBE_EVERY steps, waits doubling while it
        stays slower), to follow a change.  Whole steps, as a training loop runs them:
        after a pause (data loading, the optimizer) or on a machine whose other core is
        busy, workers can make a step slower than one process (issue 15)."""
        alone, together = self._speeds.get((n, False)), self._speeds.get((n, True))
        if together is None:
            return True  # nothing timed: the workers first
        if alone is None:
            return False  # then one step alone
        last = self._probes.get(n)
        if last is None:
            best = together[-1] >= alone[-1]
        else:  # the way taken lately by its last steps' median, the other by its last try
            chosen, other = (together, alone) if last[2] else (alone, together)
            best = last[2] == (statistics.median(chosen) >= other[-1])
            if best != last[2]:  # switched: the new way's record starts from the try
                del (together if best else alone)[:-1]
        since, wait, last_best, tried = last or (0, PROBE_EVERY, best, False)
        if best != last_best:
            since, wait = 0, PROBE_EVERY  # the choice changed: watch the other way closely
        elif tried:
            wait = min(2 * wait, PROBE_MOST)  # the way tried is still the slower one
        since += 1
        probe = since >= wait
        self._probes[n] = (0 if probe else since, wait, best, probe)
        return best != probe

    def _step_speed(self, n: int | tuple, together: bool, speed: float) -> None:
        """Record a whole step's samples/s in ``_speeds`` (the last SPEED_MEMORY kept)."""
        record = self._speeds.setdefault((n, together), [])
        record.append(speed)
        del record[:-SPEED_MEMORY]

    def _parallel(
        self, x: np.ndarray, y: np.ndarray, chunks: list[int], parts: int
    ) -> tuple[float, dict[str, np.ndarray]]:
        """``loss_and_grads`` with the chunks shared out between this process and up to
        ``parts - 1`` workers (:func:`symconv.runtime.parallel.grads_in_parts`)."""
        helpers = self._free_workers(parts - 1)
        parts = len(helpers) + 1
        balanced = self.balance and len(self._rates) == parts
        groups = chunk_groups(chunks, self._rates) if balanced else equal_sizes(len(chunks), parts)
        result, sizes, seconds = grads_in_parts(self, x, y, chunks, groups, helpers)
        self._helped = bool(helpers) and len(seconds) == parts
        if self._helped:  # every group computed where it was sent
            self._measured(sizes, seconds)
        return result

    def _measured(self, sizes: list[int], seconds: list[float]) -> None:
        """Fold one step's speed of each part into ``_rates``: (images + FIXED_IMAGES) per
        second, a quarter new and three quarters old (a core's speed changes over seconds,
        a step takes milliseconds, and one step's timing is noisy)."""
        rates = [
            (size + FIXED_IMAGES) / max(s, 1e-9) for size, s in zip(sizes, seconds, strict=True)
        ]
        if len(self._rates) != len(rates):
            self._rates = rates
        else:
            self._rates = [
                0.75 * old + 0.25 * new for old, new in zip(self._rates, rates, strict=True)
            ]

    def start_workers(self, timeout: float = 60.0) -> int:
        """Start the ``cores - 1`` worker processes of ``loss_and_grads`` now and wait up to
        ``timeout`` seconds for them to be ready; the number ready.  (``loss_and_grads``
        starts them itself and does not wait: until they are ready it computes every part
        in this process.)"""
        if self.cores < 2:
            return 0
        started = workers(self.network, self.dtype, self.cores - 1)
        deadline = time.monotonic() + timeout
        while not all(w.ready() for w in started) and time.monotonic() < deadline:
            time.sleep(0.01)
        return sum(w.ready() for w in started)
