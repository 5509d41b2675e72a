"""A batch's chunks shared out between this process and worker processes
(:mod:`symconv.runtime.workers`), for :meth:`Model.forward <symconv.runtime.model.Model.forward>`
and :meth:`Model.loss_and_grads <symconv.runtime.model.Model.loss_and_grads>`.

Each process gets consecutive chunks, whole and in order (the first group is this
process's own), and every chunk is computed the same way wherever it runs, so the result
is the same bits whoever computes which chunk.  A worker that is dead when its chunks are
sent, or dies before it answers, costs nothing but time: this process computes its chunks.
"""

from __future__ import annotations

import contextlib
import itertools
import time

import numpy as np

from symconv.runtime.parts import add_parts, single_threaded_blas
from symconv.runtime.workers import Worker, WorkerError


def jobs(chunks: list[int], groups: list[int]) -> tuple[list[int], list[tuple]]:
    """Each group's first chunk index (and one past the last), and each group's job:
    (its chunk sizes, its first sample, one past its last sample)."""
    firsts = list(itertools.accumulate(groups, initial=0))
    bounds = list(itertools.accumulate(chunks, initial=0))
    return firsts, [(chunks[i:j], bounds[i], bounds[j]) for i, j in itertools.pairwise(firsts)]


def forward_in_parts(
    model, x: np.ndarray, chunks: list[int], groups: list[int], helpers: list[Worker]
) -> np.ndarray:
    """The logits of ``model`` for x cut into consecutive chunks of the sizes ``chunks``,
    ``groups[k]`` chunks computed by process k: this process (k = 0), then the ``helpers``
    (workers locked by the caller; released here).  Every chunk is computed the same way
    wherever it runs, so the logits are the same bits whoever computes it."""
    logits = np.empty((x.shape[0], model.classes), model.dtype)
    _, work = jobs(chunks, groups)
    away: dict[int, Worker] = {}
    try:
        for k, worker in enumerate(helpers, start=1):
            sizes, start, stop = work[k]
            if sizes:
                with contextlib.suppress(WorkerError):  # a dead worker: computed here
                    worker.submit_forward(list(model.params.values()), x[start:stop], sizes)
                    away[k] = worker
        for k, (sizes, start, stop) in enumerate(work):
            if k not in away:
                model.forward_chunks(x[start:stop], sizes, logits[start:stop])
        for k, worker in list(away.items()):
            sizes, start, stop = work[k]
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


def grads_in_parts(
    model, x: np.ndarray, y: np.ndarray, chunks: list[int], groups: list[int], helpers: list[Worker]
) -> tuple[tuple[float, dict[str, np.ndarray]], list[int], list[float]]:
    """``model.loss_and_grads`` of x, y cut into consecutive chunks of the sizes ``chunks``,
    ``groups[k]`` chunks computed by process k: this process (k = 0), then the ``helpers``
    (workers locked by the caller; released here).  Also each group's samples and, when
    every group was computed where it was sent, the seconds each took (fewer otherwise)."""
    n = x.shape[0]
    firsts, work = jobs(chunks, groups)
    results: list = [None] * len(chunks)
    away: dict[int, Worker] = {}  # process -> the worker computing its chunks
    try:
        params = list(model.params.values())
        for k, worker in enumerate(helpers, start=1):
            sizes, start, stop = work[k]
            with contextlib.suppress(WorkerError):  # a dead worker: its chunks stay here
                worker.submit(params, x[start:stop], y[start:stop], sizes, n)
                away[k] = worker
        begin = time.perf_counter()
        with single_threaded_blas():
            for k, (sizes, start, stop) in enumerate(work):
                if k not in away:
                    results[firsts[k] : firsts[k + 1]] = model._chunks(
                        x[start:stop], y[start:stop], sizes, n
                    )
            seconds = [time.perf_counter() - begin]
            for k, worker in list(away.items()):
                sizes, start, stop = work[k]
                try:
                    found = [
                        (loss, dict(zip(model.params, values, strict=True)))
                        for loss, values in worker.result()
                    ]
                    seconds.append(worker.seconds)
                except WorkerError:  # died during the step: its chunks are computed here
                    found = model._chunks(x[start:stop], y[start:stop], sizes, n)
                del away[k]  # answered (or dead)
                results[firsts[k] : firsts[k + 1]] = found
            # Added in chunk order while the locks are held (a worker's gradients live
            # in its shared file); the first chunk is always this process's own.
            return add_parts(results), [stop - start for _, start, stop in work], seconds
    finally:
        for worker in away.values():  # an error in this process left answers unread:
            with contextlib.suppress(WorkerError):  # read them, or the next step would
                worker.result()  # take this step's answer for its own
        for worker in helpers:
            worker.lock.release()
