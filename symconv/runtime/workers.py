"""Worker processes that compute parts of a batch beside the calling process, for any
:class:`symconv.runtime.model.Model` (LeNet-5 included).

Why processes and not threads: a training step is a few hundred NumPy calls, and between
them the interpreter holds the GIL.  Two threads that each run a part of the batch hand the
GIL back and forth hundreds of times per step, and on small virtual machines every hand-off
wakes a sleeping CPU (tens of microseconds).  ``benchmarks/lenet_parts.py`` measures it; on
the 2-vCPU machine of the README, at batch 64, two threads ran 1.01x and a worker process
1.30x (equal parts) the samples/s of one process alone.

A worker is a fresh interpreter, ``python -P -m symconv.runtime.workers DTYPE NETWORK_JSON``,
that serves steps (:mod:`symconv.runtime.worker_loop`, which also describes the protocol).
This module is the calling process's side: starting workers (:class:`Worker`), talking to
them, and keeping one pool per network and dtype (:func:`workers`) that replaces dead
workers.  :mod:`symconv.runtime.parallel` shares a batch's chunks out between them.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import mmap
import os
import select
import subprocess
import sys
import tempfile
import threading
import warnings

import numpy as np

import symconv
from symconv.runtime.model_plan import input_shape, output_classes, param_shapes
from symconv.runtime.worker_loop import layout, serve, spin_until_readable, views
from symconv.spec.network import Network, network_to_dict


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
        self.dtype = np.dtype(dtype)
        self._shapes = [shape for shape, _ in param_shapes(network).values()]
        self._sample = input_shape(network)
        self._classes = output_classes(network)
        self.lock = threading.Lock()
        # The worker imports symconv from where this process did, installed or not.
        package_parent = os.path.dirname(os.path.dirname(os.path.abspath(symconv.__file__)))
        path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)
        env = dict(
            os.environ,
            PYTHONPATH=path,
            OPENBLAS_NUM_THREADS="1",
            OMP_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
        )
        self._process = subprocess.Popen(
            [*command(), self.dtype.name, network_json],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._started = False
        self._views: dict[str, np.ndarray] = {}
        self._capacity = 0
        self._chunk_capacity = 0
        self.seconds = 0.0  # how long the worker computed the last part (set by result)
        self.cpu_seconds = 0.0  # the CPU time it took (the rest: waiting for a core)

    # ------------------------------------------------------------------ protocol

    def _send(self, line: str) -> None:
        try:
            self._process.stdin.write(line.encode() + b"\n")
            self._process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise WorkerError(f"worker process {self._process.pid} is gone ({error})") from None

    def _answer(self) -> str:
        spin_until_readable(self._process.stdout)
        line = self._process.stdout.readline().decode().rstrip("\n")
        if not line:
            code = self._process.poll()
            raise WorkerError(f"worker process {self._process.pid} exited (code {code})")
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
        capacity = max(images, self._capacity if images <= self._capacity else 2 * self._capacity)
        chunk_capacity = max(chunks, self._chunk_capacity)
        items, size = layout(
            self._shapes, self._sample, self._classes, self.dtype, capacity, chunk_capacity
        )
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
        self._views, self._capacity = views(shared, items), capacity
        self._chunk_capacity = chunk_capacity

    # ------------------------------------------------------------------ a step

    def submit(
        self, params: list[np.ndarray], x: np.ndarray, y: np.ndarray, sizes: list[int], batch: int
    ) -> None:
        """Start computing the (loss, gradients) of consecutive chunks of x of the given
        sizes, each weighted by its size / ``batch``; ``params`` in layer order."""
        n = x.shape[0]
        if sum(sizes) != n or min(sizes) < 1:
            raise ValueError(f"chunk sizes {sizes} must be positive and add up to {n}")
        self._ensure_capacity(n, len(sizes))
        arrays = self._views
        for k, value in enumerate(params):
            arrays[f"param:{k}"][...] = value
        arrays["x"][:n] = x
        arrays["y"][:n] = y
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
        return self._views["logits"][: self._forward_count]

    def result(self) -> list[tuple[float, list[np.ndarray]]]:
        """Each submitted chunk's (loss, gradients in layer order); the gradients are views
        of the shared file, valid until the next submit."""
        self._answer()
        arrays = self._views
        self.seconds, self.cpu_seconds = (float(v) for v in arrays["seconds"])
        return [
            (float(arrays["loss"][c]), [arrays[f"grad:{c}:{k}"] for k in range(len(self._shapes))])
            for c in range(self._chunk_count)
        ]

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
        with contextlib.suppress(OSError, ValueError):
            self._process.stdout.close()


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


def workers(network: Network, dtype: np.dtype, count: int, key: str | None = None) -> list[Worker]:
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
                    warnings.warn(
                        f"symconv: worker processes exited before they were "
                        f"ready {MAX_FAILED_STARTS} times; every part of a step "
                        "is computed in this process from now on",
                        RuntimeWarning,
                        stacklevel=3,
                    )
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


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("float32", "float64"):
        print(
            f"symconv.runtime.workers: arguments {sys.argv[1:]} must be DTYPE (float32|float64) "
            "NETWORK_JSON",
            file=sys.stderr,
        )
        sys.exit(2)
    serve(*sys.argv[1:])
