"""The worker process's side of :mod:`symconv.runtime.workers`, and the protocol both sides
speak.

A worker is a fresh interpreter, ``python -P -m symconv.runtime.workers DTYPE NETWORK_JSON``
(never a fork, which is unsafe in a process whose BLAS and other threads run; and no user
script is re-imported, as multiprocessing's spawn would), running single-threaded BLAS.
It builds its own model of the network (read with :func:`symconv.spec.network.network_from_dict`
from :func:`~symconv.spec.network.network_to_dict`'s JSON, so the same printed kernels), then
serves steps (:func:`serve`).  Arrays travel through a shared memory map (a file in /dev/shm
where there is one, laid out by :func:`layout`); the pipes carry one short line each way
per step:

    caller -> worker   "map PATH BYTES CAPACITY CHUNKS\\n"   (re)open the shared file
                       "step BATCH SIZE,SIZE,...\\n"         compute the chunks in the file
                       "forward SIZE,SIZE,...\\n"            their logits (Model.forward)
    worker -> caller   "ready\\n" once, then "ok\\n" or "error MESSAGE\\n" per command

Per step the caller writes the parameters (in layer order), the images and labels of
consecutive chunks of the given sizes of a batch of BATCH samples; the worker writes each
chunk's loss and gradients (weighted by chunk size / BATCH) separately, so that the caller
adds every chunk's result in chunk order, and the seconds it took, wall clock (the caller
shares out the next batches by it) and CPU time (the rest was spent waiting for a core).
A forward pass is the same with the images only: the worker writes the chunks' logits.

After each answer a worker polls its pipe for :data:`SPIN_SECONDS` before it sleeps in a
blocking read: a step that follows a short pause (data loading, the optimizer's update)
then finds it awake, not in a sleeping CPU that takes long to wake
(``benchmarks/pause_step.py``).
"""

from __future__ import annotations

import json
import math
import mmap
import os
import select
import sys
import time

import numpy as np

from symconv.spec.network import network_from_dict


def layout(
    shapes: list[tuple[int, ...]],
    sample: tuple[int, ...],
    classes: int,
    dtype: np.dtype,
    capacity: int,
    chunks: int,
) -> tuple[dict, int]:
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
    place("seconds", (2,), np.dtype(np.float64))  # wall and CPU seconds of the last part
    place("logits", (capacity, classes), dtype)
    return items, offset


def views(buffer: mmap.mmap, items: dict) -> dict[str, np.ndarray]:
    return {
        name: np.ndarray(shape, kind, buffer=buffer, offset=offset)
        for name, (offset, shape, kind) in items.items()
    }


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


def serve(dtype_name: str, network_json: str) -> None:
    """The worker's loop: read commands from stdin, answer on stdout (see the module)."""
    from symconv.runtime.model import Model  # not at the top: the model imports this module

    commands, answers = sys.stdin.buffer, sys.stdout.buffer
    model = Model(network_from_dict(json.loads(network_json)), dtype=np.dtype(dtype_name))
    model.cores = 1
    names = list(model.params)
    shapes = [model.params[name].shape for name in names]
    arrays: dict[str, np.ndarray] = {}
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
                arrays = views(
                    shared,
                    layout(shapes, model.input_shape, model.classes, model.dtype, capacity, chunks)[
                        0
                    ],
                )
                model.params = {name: arrays[f"param:{k}"] for k, name in enumerate(names)}
            elif word == "step":
                batch, sizes = int(args[0]), [int(size) for size in args[1].split(",")]
                start, cpu = time.perf_counter(), time.process_time()
                results = model._chunks(arrays["x"], arrays["y"], sizes, batch)
                for c, (loss, grads) in enumerate(results):
                    for k, value in enumerate(grads.values()):
                        arrays[f"grad:{c}:{k}"][...] = value
                    arrays["loss"][c] = loss
                arrays["seconds"][:] = (time.perf_counter() - start, time.process_time() - cpu)
            elif word == "forward":
                sizes = [int(size) for size in args[0].split(",")]
                model.forward_chunks(arrays["x"], sizes, arrays["logits"])
            else:
                raise ValueError(f"unknown command {word!r}")
            answers.write(b"ok\n")
        except Exception as error:  # reported to the caller, who raises it
            message = f"{type(error).__name__}: {error}".replace("\n", " ")
            answers.write(f"error {message}\n".encode())
        answers.flush()
