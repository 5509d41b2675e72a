"""Data-parallel steps: cutting a batch into fixed chunks, sharing them out by measured
speed, adding the chunks' gradients in chunk order, and BLAS on one thread.

Used by :class:`symconv.runtime.model.Model` (and so by every network, LeNet-5 included).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os

import numpy as np

# ---------------------------------------------------------------------- parts

# Chunks smaller than this cost more in per-step overhead than a second core gains: a step's
# fixed cost (a few hundred calls) weighs the more the smaller the chunk.  Batch 64 as two
# parts of 32 runs 1.30x one process, 1.33x with the balanced cut (benchmarks/lenet_parts.py,
# README).
MIN_PART = 32

# Chunks are about this size (their count rounded), computed one after another: a step's
# arrays for 64 images stay close to the 2 MB of L2 a core has (C1's activations
# alone are 1.2 MB; at 128 images 2.4 MB), which counts most when both cores run.  Two
# processes each computing parts of 128 ran 1.028x faster each this way (measured
# 2026-11-29 with a benchmark of the sub-parts these chunks replaced).
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
    shares = [
        min(max(r / total, 0.5 / parts), 1.5 / parts) if total > 0 else 1 / parts for r in rates
    ]
    scale = (n + parts * FIXED_IMAGES) / sum(shares)
    sizes = [
        max(1, round((share * scale - FIXED_IMAGES) / SIZE_QUANTUM)) * SIZE_QUANTUM
        for share in shares[:-1]
    ]
    sizes.append(n - sum(sizes))
    return sizes if min(sizes) > 0 else equal_sizes(n, parts)


# A batch of at least this many times MIN_PART images is cut into at least this many
# chunks, so that a batch of 64 still runs on two cores (chunks of 32); larger batches are
# cut into chunks of about MAX_PART.
MIN_CHUNKS = 2


def chunk_sizes(n: int, max_part: int = MAX_PART) -> list[int]:
    """Sizes of the fixed chunks a batch of n is cut into: a function of n (and of the
    network, through ``max_part``: :func:`part_limit`) only, never of the cores or of any
    timing, so that each chunk's gradient sums, and their sum in chunk order, are the same
    bits wherever the chunks are computed.  About ``max_part`` images each, at least
    min(n // MIN_PART, MIN_CHUNKS) chunks, nearly equal in size."""
    count = max(1, round(n / max_part), min(n // MIN_PART, MIN_CHUNKS))
    return equal_sizes(n, count)


# A chunk's activations (the input and every layer's output) should stay below about this
# many bytes: the 2 MB of L2 a core has here, with room for the gathers that come and go.
# LeNet-5's 64 images in float32 take 2.3 MB (its chunks stay at 64); the VGG-like net's 64
# take 4.7 MB, 32 take 2.4 MB.  `python benchmarks/chunk_size.py` (one process, chunks of
# at most 64 and 32 interleaved, batch 256) gave 1.00x (0.98x-1.06x), the best step 220
# against 213 ms, at load 11.7 from other sessions (2026-12-04), where memory traffic is
# shared by a dozen processes: to be measured again on a quiet machine.
CHUNK_BYTES = 3 << 20


def part_limit(sample_bytes: int) -> int:
    """The ``max_part`` of :func:`chunk_sizes` for a network whose activations take
    ``sample_bytes`` per sample: MAX_PART, halved while a chunk's would pass CHUNK_BYTES,
    never below MIN_PART."""
    part = MAX_PART
    while part // 2 >= MIN_PART and part * sample_bytes > CHUNK_BYTES:
        part //= 2
    return part


def chunk_groups(chunks: list[int], rates: list[float]) -> list[int]:
    """How many consecutive chunks (of the sizes ``chunks``) each of len(rates) processes
    computes, every process at least one: the cut of :func:`balanced_sizes` moved to the
    nearest chunk boundaries.  Needs len(chunks) >= len(rates)."""
    parts = len(rates)
    bounds = list(itertools.accumulate(chunks, initial=0))
    targets = list(itertools.accumulate(balanced_sizes(bounds[-1], rates)))[:-1]
    cuts, last = [], 0
    for k, target in enumerate(targets):
        nearest = min(range(len(bounds)), key=lambda j: (abs(bounds[j] - target), j))
        # Leave a chunk at least for this process and for each one after it.
        last = min(max(nearest, last + 1), len(chunks) - (parts - 1 - k))
        cuts.append(last)
    return [b - a for a, b in itertools.pairwise([0, *cuts, len(chunks)])]


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
def single_threaded_blas():
    """BLAS on one thread in every step: while the workers compute other chunks, a
    multi-threaded BLAS's spinning threads would take the cores they need; and a product's
    sums may be ordered differently on several threads, so a chunk's bits would depend on
    the thread count.  Needs threadpoolctl (without it this is a no-op, and only steps with
    the same BLAS threads, e.g. OPENBLAS_NUM_THREADS=1, give the same bits).  Calls the libraries'
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
