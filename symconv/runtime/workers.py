"""Worker processes that compute parts of a batch beside the calling process, for any
:class:`symconv.runtime.model.Model` (LeNet-5 included).

Why processes and not threads: a training step is a few hundred NumPy calls, and between
them the interpreter holds the GIL.  Two threads that each run a part of the batch hand the
GIL back and forth hundreds of times per step, and on small virtual machines every hand-off
wakes a sleeping CPU (tens of microseconds).  ``benchmarks/lenet_parts.py`` measures it; on
the 2-vCPU machine of the README, at batch 64, two threads ran 1.01x and a worker process
1.30x (equal parts) the samples/s of one process alone.

A worker is a fresh interpreter, ``python -P -m symconv.runtime.workers DTYPE NETWORK_JSON``
(never a fork, which is unsafe in a process whose BLAS and other threads run; and no user
script is re-imported, as multiprocessing's spawn would), running single-threaded BLAS.
It builds its own model of the network (read with :func:`symconv.spec.network.network_from_dict`
from :func:`~symconv.spec.network.network_to_dict`'s JSON, so the same printed kernels), then
serves steps.  Arrays travel
through a shared memory map (a file in /dev/shm where there is one); the pipes carry one
short line each way per step:

    caller -> worker   "map PATH BYTES CAPACITY CHUNKS\\n"   (re)open the shared file
                       "step BATCH SIZE,SIZE,...\\n"         compute the chunks in the file
                       "forward SIZE,SIZE,...\\n"            their logits (Model.forward)
    worker -> caller   "ready\\n" once, then "ok\\n" or "error MESSAGE\\n" per command

Per step the caller writes the parameters (in layer order), the images and labels of
consecutive chunks of the given sizes of a batch of BATCH samples; the worker writes each
chunk's loss and gradients (weighted by chunk size / BATCH) separately, so that the caller
adds every chunk's result in chunk order, and the seconds it took (the caller shares out the
next batches by it).  A forward pass is the same with the images only: the worker writes
the chunks' logits.

After each answer a worker polls its pipe for :data:`SPIN_SECONDS` before it sleeps in a
blocking read: a step that follows a short pause (data loading, the optimizer's update)
then finds it awake, not in a sleeping CPU that takes long to wake
(``benchmarks/pause_step.py``).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import math
import mmap
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import warnings

import numpy as np

import symconv
from symconv.runtime.parts import equal_sizes
from symconv.spec.network import Network, network_from_dict, network_to_dict


def _layout(shapes: list[tuple[int, ...]], sample: tuple[int, ...], classes: int,
            dtype: np.dtype, capacity: int, chunks: int) -> tuple[dict, int]:
    """name -> (offset, shape, dtype) in the shared file for up to ``capacity`` samples of
    shape ``sample`` in up to ``chunks`` chunks, parameters of ``shapes`` (layer order;
    named by their position), each chunk's gradients and loss, the samples' ``classes``
    logits (of a forward pass), and the file's size.  Every array starts on a 64-byte
    boundary."""
    items, offset = {}, 0

    def place(name: str, shape: tuple[int, ...], kind: np.dtype) -> None:
        nonlocal offset
        items[name] = (offset, shape, kind)
        offset += -(-math.prod(shape) * kind.itemsize // 64) * 64

    for k, shape in enumerate(shapes):
        place(f"param:{k}", shape, dtype)
    for c in range(chunks):
        for k, shape in enumerate(shapes):
            place(f"grad:{c}:{k}", shape, dtype)
    place("x", (capacity, *sample), dtype)
    place("y", (capacity,), np.dtype(np.int64))
    place("loss", (chunks,), np.dtype(np.float64))
    place("seconds", (1,), np.dtype(np.float64))
    place("logits", (capacity, classes), dtype)
    return items, offset


def _views(buffer: mmap.mmap, items: dict) -> dict[str, np.ndarray]:
    return {name: np.ndarray(shape, kind, buffer=buffer, offset=offset)
            for name, (offset, shape, kind) in items.items()}


# How long a process polls a pipe for the next line before it sleeps in a blocking read:
# longer than a training loop's usual pause between steps (30 ms of data loading and
# optimizer in issue 15), short enough that an idle worker soon stops taking a core.
SPIN_SECONDS = 0.1


def spin_until_readable(stream, seconds: float = SPIN_SECONDS) -> None:
    """Poll ``stream`` (a pipe) without sleeping until it has data or ``seconds`` pass: a
    process that sleeps in a read waits, on a virtual machine, tens to hundreds of
    microseconds for its CPU to wake when the line comes.  Returns either way (the caller
    then reads, blocking if nothing came); a no-op where pipes cannot be polled."""
    if os.name != "posix":
        return
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if select.select([stream], [], [], 0)[0]:
            return
        os.sched_yield()  # the core to any other process that waits for it (busy machine)


class WorkerError(RuntimeError):
    """A worker process failed or died."""


class Worker:
    """One worker process for one (network, dtype), started at construction.

    Use :meth:`ready` (never blocks; False while the worker starts or once it died) before
    :meth:`submit`; :meth:`result` waits for the part.  One step at a time: callers hold
    :attr:`lock` from submit to result.  A dead worker raises :class:`WorkerError` and is
    replaced on the next request to :func:`workers` (unless workers of its kind keep
    dying before they are ready: see :data:`MAX_FAILED_STARTS`).
    """

    def __init__(self, network: Network, network_json: str, dtype: np.dtype) -> None:
        from symconv.runtime.model import input_shape, output_classes, param_shapes

        self.dtype = np.dtype(dtype)
        self._shapes = [shape for shape, _ in param_shapes(network).values()]
        self._sample = input_shape(network)
        self._classes = output_classes(network)
        self.lock = threading.Lock()
        # The worker imports symconv from where this process did, installed or not.
        package_parent = os.path.dirname(os.path.dirname(os.path.abspath(symconv.__file__)))
        path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)
        env = dict(os.environ, PYTHONPATH=path, OPENBLAS_NUM_THREADS="1",
                   OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self._process = subprocess.Popen(
            [*command(), self.dtype.name, network_json],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self._started = False
        self._views: dict[str, np.ndarray] = {}
        self._capacity = 0
        self._chunk_capacity = 0
        self.seconds = 0.0  # how long the worker computed the last part (set by result)

    # ------------------------------------------------------------------ protocol

    def _send(self, line: str) -> None:
        try:
            self._process.stdin.write(line.encode() + b"\n")
            self._process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise WorkerError(f"worker process {self._process.pid} is gone "
                              f"({error})") from None

    def _answer(self) -> str:
        spin_until_readable(self._process.stdout)
        line = self._process.stdout.readline().decode().rstrip("\n")
        if not line:
            code = self._process.poll()
            raise WorkerError(f"worker process {self._process.pid} exited "
                              f"(code {code})")
        if line.startswith("error "):
            raise WorkerError(f"worker process: {line[6:]}")
        return line

    def ready(self) -> bool:
        """Whether the worker has built its kernels (False while it starts; never blocks,
        except on platforms where pipes cannot be polled, which wait for it once)."""
        if self._started:
            return self.alive()
        if not self.alive():
            return False
        if os.name == "posix":
            waiting, _, _ = select.select([self._process.stdout], [], [], 0)
            if not waiting:
                return False
        try:
            self._started = self._answer() == "ready"
        except WorkerError:
            return False
        return self._started

    @property
    def was_ready(self) -> bool:
        """Whether the worker ever said it was ready."""
        return self._started

    def alive(self) -> bool:
        return self._process.poll() is None

    def _ensure_capacity(self, images: int, chunks: int) -> None:
        if images <= self._capacity and chunks <= self._chunk_capacity:
            return
        capacity = max(images, self._capacity if images <= self._capacity
                       else 2 * self._capacity)
        chunk_capacity = max(chunks, self._chunk_capacity)
        items, size = _layout(self._shapes, self._sample, self._classes, self.dtype, capacity,
                              chunk_capacity)
        folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
        handle, path = tempfile.mkstemp(prefix="symconv-worker-", dir=folder)
        try:
            os.ftruncate(handle, size)
            shared = mmap.mmap(handle, size)
            self._send(f"map {path} {size} {capacity} {chunk_capacity}")
            self._answer()
        finally:
            os.close(handle)
            os.unlink(path)  # both processes keep their mapping; nothing is left on disk
        # The views hold the map open (NumPy keeps a reference to its buffer).
        self._views, self._capacity = _views(shared, items), capacity
        self._chunk_capacity = chunk_capacity

    # ------------------------------------------------------------------ a step

    def submit(self, params: list[np.ndarray], x: np.ndarray, y: np.ndarray,
               sizes: list[int], batch: int) -> None:
        """Start computing the (loss, gradients) of consecutive chunks of x of the given
        sizes, each weighted by its size / ``batch``; ``params`` in layer order."""
        n = x.shape[0]
        if sum(sizes) != n or min(sizes) < 1:
            raise ValueError(f"chunk sizes {sizes} must be positive and add up to {n}")
        self._ensure_capacity(n, len(sizes))
        views = self._views
        for k, value in enumerate(params):
            views[f"param:{k}"][...] = value
        views["x"][:n] = x
        views["y"][:n] = y
        self._chunk_count = len(sizes)
        self._send(f"step {batch} {','.join(map(str, sizes))}")

    def submit_forward(self, params: list[np.ndarray], x: np.ndarray, sizes: list[int]) -> None:
        """Start computing the logits of consecutive chunks of x of the given sizes."""
        n = x.shape[0]
        if sum(sizes) != n or min(sizes) < 1:
            raise ValueError(f"chunk sizes {sizes} must be positive and add up to {n}")
        self._ensure_capacity(n, 1)
        for k, value in enumerate(params):
            self._views[f"param:{k}"][...] = value
        self._views["x"][:n] = x
        self._forward_count = n
        self._send(f"forward {','.join(map(str, sizes))}")

    def forward_result(self) -> np.ndarray:
        """The submitted samples' logits: a view of the shared file, valid until the next
        submit."""
        self._answer()
        return self._views["logits"][:self._forward_count]

    def result(self) -> list[tuple[float, list[np.ndarray]]]:
        """Each submitted chunk's (loss, gradients in layer order); the gradients are views
        of the shared file, valid until the next submit."""
        self._answer()
        views = self._views
        self.seconds = float(views["seconds"][0])
        return [(float(views["loss"][c]), [views[f"grad:{c}:{k}"]
                                           for k in range(len(self._shapes))])
                for c in range(self._chunk_count)]

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
        with contextlib.suppress(OSError, ValueError):
            self._process.stdout.close()


def forward_in_parts(model, x: np.ndarray, chunks: list[int], helpers: list[Worker]
                     ) -> np.ndarray:
    """The logits of ``model`` for x cut into consecutive chunks of the sizes ``chunks``,
    the chunks shared out in equal groups between this process (the first) and the
    ``helpers`` (workers locked by the caller; released here).  Every chunk is computed
    the same way wherever it runs, so the logits are the same bits whoever computes it."""
    logits = np.empty((x.shape[0], model.classes), model.dtype)
    groups = equal_sizes(len(chunks), len(helpers) + 1)
    firsts = list(itertools.accumulate(groups, initial=0))
    bounds = list(itertools.accumulate(chunks, initial=0))
    jobs = [(chunks[i:j], bounds[i], bounds[j]) for i, j in itertools.pairwise(firsts)]
    away: dict[int, Worker] = {}
    try:
        for k, worker in enumerate(helpers, start=1):
            sizes, start, stop = jobs[k]
            if sizes:
                with contextlib.suppress(WorkerError):  # a dead worker: computed here
                    worker.submit_forward(list(model.params.values()), x[start:stop], sizes)
                    away[k] = worker
        for k, (sizes, start, stop) in enumerate(jobs):
            if k not in away:
                model.forward_chunks(x[start:stop], sizes, logits[start:stop])
        for k, worker in list(away.items()):
            sizes, start, stop = jobs[k]
            try:
                logits[start:stop] = worker.forward_result()
            except WorkerError:
                model.forward_chunks(x[start:stop], sizes, logits[start:stop])
            del away[k]
    finally:
        for worker in away.values():  # an error here left answers unread: read them, or
            with contextlib.suppress(WorkerError):  # the next call would take this one's
                worker.forward_result()
        for worker in helpers:
            worker.lock.release()
    return logits


def command() -> list[str]:
    """How a worker starts (before its DTYPE and NETWORK_JSON arguments).  ``-P``: the
    current folder does not come first on the worker's path, so a folder holding another
    symconv (a second checkout) cannot replace the one on PYTHONPATH."""
    return [sys.executable, "-P", "-m", "symconv.runtime.workers"]


# Workers of one kind that exited before they were ready: after this many, none is
# started again and every part is computed in the calling process.  (A worker that cannot
# start, replaced at every step, would cost a new interpreter per step.)
MAX_FAILED_STARTS = 2

_WORKERS: dict[tuple[str, str], list[Worker]] = {}
_FAILED_STARTS: dict[tuple[str, str], int] = {}
_WORKERS_LOCK = threading.Lock()


def network_key(network: Network) -> str:
    """The JSON that identifies a network's workers (and that they build it from)."""
    return json.dumps(network_to_dict(network), sort_keys=True)


def workers(network: Network, dtype: np.dtype, count: int, key: str | None = None
            ) -> list[Worker]:
    """``count`` workers for this network and dtype, shared by every model of it (the
    parameters travel with each step); started on first request, stopped at exit.
    ``key``: :func:`network_key` of the network, when the caller keeps it.  Fewer than
    ``count`` once workers of this kind failed to start :data:`MAX_FAILED_STARTS` times."""
    network_json = key or network_key(network)
    kind = (network_json, np.dtype(dtype).name)
    with _WORKERS_LOCK:
        started = _WORKERS.setdefault(kind, [])
        for worker in [w for w in started if not w.alive()]:
            if not worker.was_ready:
                _FAILED_STARTS[kind] = _FAILED_STARTS.get(kind, 0) + 1
                if _FAILED_STARTS[kind] == MAX_FAILED_STARTS:
                    warnings.warn(f"symconv: worker processes exited before they were "
                                  f"ready {MAX_FAILED_STARTS} times; every part of a step "
                                  "is computed in this process from now on", RuntimeWarning,
                                  stacklevel=3)
            worker.close()
            started.remove(worker)
        while len(started) < count and _FAILED_STARTS.get(kind, 0) < MAX_FAILED_STARTS:
            started.append(Worker(network, network_json, np.dtype(dtype)))
        return started[:count]


def stop_workers() -> None:
    """Stop every worker process (run at exit; later steps start new ones)."""
    with _WORKERS_LOCK:
        for started in _WORKERS.values():
            for worker in started:
                worker.close()
        _WORKERS.clear()


atexit.register(stop_workers)


# ---------------------------------------------------------------------- the worker side


def serve(dtype_name: str, network_json: str) -> None:
    """The worker's loop: read commands from stdin, answer on stdout (see the module)."""
    from symconv.runtime.model import Model

    commands, answers = sys.stdin.buffer, sys.stdout.buffer
    model = Model(network_from_dict(json.loads(network_json)), dtype=np.dtype(dtype_name))
    model.cores = 1
    names = list(model.params)
    shapes = [model.params[name].shape for name in names]
    views: dict[str, np.ndarray] = {}
    shared = None
    answers.write(b"ready\n")
    answers.flush()
    while True:
        spin_until_readable(commands)  # awake for the next step if it comes soon
        line = commands.readline()
        if not line:
            break
        try:
            word, *args = line.decode().split()
            if word == "map":
                path, size = args[0], int(args[1])
                capacity, chunks = int(args[2]), int(args[3])
                with open(path, "r+b") as handle:
                    shared = mmap.mmap(handle.fileno(), size)
                views = _views(shared, _layout(shapes, model.input_shape, model.classes,
                                               model.dtype, capacity, chunks)[0])
                model.params = {name: views[f"param:{k}"] for k, name in enumerate(names)}
            elif word == "step":
                batch, sizes = int(args[0]), [int(size) for size in args[1].split(",")]
                start = time.perf_counter()
                results = model._chunks(views["x"], views["y"], sizes, batch)
                for c, (loss, grads) in enumerate(results):
                    for k, value in enumerate(grads.values()):
                        views[f"grad:{c}:{k}"][...] = value
                    views["loss"][c] = loss
                views["seconds"][0] = time.perf_counter() - start
            elif word == "forward":
                sizes = [int(size) for size in args[0].split(",")]
                model.forward_chunks(views["x"], sizes, views["logits"])
            else:
                raise ValueError(f"unknown command {word!r}")
            answers.write(b"ok\n")
        except Exception as error:  # reported to the caller, who raises it
            message = f"{type(error).__name__}: {error}".replace("\n", " ")
            answers.write(f"error {message}\n".encode())
        answers.flush()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("float32", "float64"):
        print(f"symconv.runtime.workers: arguments {sys.argv[1:]} must be DTYPE (float32|float64) "
              "NETWORK_JSON", file=sys.stderr)
        sys.exit(2)
    serve(*sys.argv[1:])
