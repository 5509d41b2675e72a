"""Buffers the primitives share: recycled memory, gathers reused within a step, layouts and fixed
chunks of the batch."""

from __future__ import annotations

import contextlib
import functools
import math
import sys
import threading

import numpy as np
from numpy.lib.stride_tricks import as_strided

try:  # inside symconv, bad arrays raise the package's error family
    from symconv.errors import ArgumentError
except ImportError:  # the standalone module ``symconv export`` writes: the same rule, alone

    class ArgumentError(ValueError):  # type: ignore[no-redef]
        """A primitive got arrays or parameters that break its rule."""


Pads = tuple[int, int, int, int]


Pair = tuple[int, int]


NHWC = (0, 2, 3, 1)  # memory order (slowest axis first) of the panels' products


class _Recycler:
    """Hands out buffers for big arrays and reuses them once nothing references them.

    Every buffer stays in ``_buffers[size]``, ``size`` the request's size class
    (:meth:`size_class`): a buffer serves any request of its class, so arrays whose sizes
    change a little from call to call (a batch cut by measured speeds) share buffers instead
    of each size keeping its own.  An array built on a buffer, and every view of that array,
    holds a reference to it, so a buffer whose reference count is the pool's own is
    invisible to any live array and can be handed out again.  glibc would otherwise give
    big freed blocks back to the kernel and take fresh, page-faulting ones on the next call.
    At most ``limit`` bytes are kept; arrays under ``minimum`` bytes come from NumPy directly.
    Disabled where reference counts do not tell liveness (free-threaded builds).
    """

    def __init__(self, limit: int = 1 << 30, minimum: int = 1 << 16, align: int = 64) -> None:
        self.limit, self.minimum, self.align = limit, minimum, align
        # size class -> [(owner, offset)]: arrays built on a buffer reference its *owner* (NumPy
        # collapses view chains to the array that owns the memory), so that is what we count.
        self._buffers: dict[int, list[tuple[np.ndarray, int]]] = {}
        self._bytes = 0
        self._sizes: dict[tuple, tuple[np.dtype, int, int]] = {}
        self._lock = threading.Lock()
        probe = [(np.empty(1), 0)]
        self._idle = sys.getrefcount(probe[0][0])  # references of a pooled, unused owner
        gil = getattr(sys, "_is_gil_enabled", lambda: True)()
        self.enabled = bool(gil)

    def empty(self, shape: tuple[int, ...], dtype) -> np.ndarray:
        # A step asks for the same few (shape, dtype) pairs over and over: their dtype,
        # byte count and size class are worked out once (a third of this call's time).
        known = self._sizes.get((shape, dtype))
        if known is None:
            known = self._size_of(shape, dtype)
        dtype, nbytes, size = known
        if not size:
            return np.empty(shape, dtype)
        with self._lock:
            pool = self._buffers.setdefault(size, [])
            # Newest first: the buffer handed out last and already dropped is the one most
            # likely still in cache.  The chosen one moves to the end.
            for i in range(len(pool) - 1, -1, -1):
                if sys.getrefcount(pool[i][0]) == self._idle:
                    owner, start = pool.pop(i)
                    pool.append((owner, start))
                    break
            else:
                owner = np.empty(size + self.align, np.uint8)
                start = -owner.ctypes.data % self.align
                if self._bytes + size <= self.limit:
                    pool.append((owner, start))
                    self._bytes += size
            out = owner[start : start + nbytes].view(dtype).reshape(shape)
        return out

    def _size_of(self, shape: tuple[int, ...], dtype) -> tuple[np.dtype, int, int]:
        """(dtype, bytes, size class or 0 for NumPy's own memory) of a request, cached."""
        dt = np.dtype(dtype)
        nbytes = math.prod(shape) * dt.itemsize
        pooled = self.enabled and nbytes >= self.minimum
        known = (dt, nbytes, self.size_class(nbytes) if pooled else 0)
        if len(self._sizes) >= 4096:  # shapes that keep changing: start over
            self._sizes.clear()
        self._sizes[(shape, dtype)] = known
        return known

    @staticmethod
    def size_class(nbytes: int) -> int:
        """``nbytes`` rounded up to a multiple of 1/16 of the power of two at or below it:
        at most 1/16 of a buffer goes unused, and sizes within a few percent share a class."""
        step = max(64, 1 << (nbytes.bit_length() - 5))
        return -(-nbytes // step) * step

    def clear(self) -> None:
        """Forget every buffer (live arrays keep theirs)."""
        with self._lock:
            self._buffers.clear()
            self._sizes.clear()
            self._bytes = 0


_MEMORY = _Recycler()


_REUSE = threading.local()


@contextlib.contextmanager
def reuse_gathers():
    """Within the block, :func:`pad2d`, the window gathers of the convolutions and
    :func:`max_pool2d` remember their result per input array and give it again to a later
    call on the *same* array object with the same geometry.

    A training step pads and gathers each layer's input for Z and again for dL/dW, and
    finds each max-pool window's arg-max for Z and again for dL/dX; inside this block it
    does so once.  Only for callers that modify none of these arrays inside the block (the
    memory of a remembered result cannot be reused meanwhile: the memo references it).
    Per thread; everything is forgotten at the end of the block.
    """
    previous = getattr(_REUSE, "memo", None)
    _REUSE.memo = {}
    try:
        yield
    finally:
        _REUSE.memo = previous


def _recalled(kind: str, source: np.ndarray, params: tuple):
    """The result remembered for ``source`` inside :func:`reuse_gathers`, else None."""
    memo = getattr(_REUSE, "memo", None)
    if memo is None:
        return None
    hit = memo.get((kind, id(source), params))
    return hit[1] if hit is not None and hit[0] is source else None


def _remembered(kind: str, source: np.ndarray, params: tuple, compute):
    """``compute()``, or its remembered result for ``source`` inside :func:`reuse_gathers`.

    The memo keeps ``source`` itself beside the result, so its id cannot be reused by
    another array while the entry lives, and a hit is checked by identity."""
    known = _recalled(kind, source, params)
    if known is not None:  # no result is None
        return known
    return _remember(kind, source, params, compute())


def _remember(kind: str, source: np.ndarray, params: tuple, result):
    """Remember ``result`` for ``source`` inside :func:`reuse_gathers` (else nothing) and
    return it."""
    memo = getattr(_REUSE, "memo", None)
    if memo is not None:
        memo[(kind, id(source), params)] = (source, result)
    return result


def _empty(
    shape: tuple[int, ...], dtype, order: tuple[int, ...] | list[int] | None = None
) -> np.ndarray:
    """An uninitialised array of ``shape`` whose memory holds the axes in ``order``."""
    if order is None:
        return _MEMORY.empty(tuple(shape), dtype)
    buf = _MEMORY.empty(tuple(shape[ax] for ax in order), dtype)
    inverse = [0] * len(order)
    for position, ax in enumerate(order):
        inverse[ax] = position
    return buf.transpose(inverse)


def _zeros(shape: tuple[int, ...], dtype, order=None) -> np.ndarray:
    out = _empty(shape, dtype, order)
    out.fill(0)
    return out


def _layout(ref: np.ndarray) -> list[int]:
    """Axes of ``ref`` from the slowest-varying to the fastest in memory (ties keep order)."""
    if ref.flags.c_contiguous:  # the common case, without the sort
        return list(range(ref.ndim))
    return sorted(range(ref.ndim), key=lambda ax: -abs(ref.strides[ax]))


def _empty_like(x: np.ndarray, dtype=None) -> np.ndarray:
    dtype = x.dtype if dtype is None else np.dtype(dtype)
    if x.size * dtype.itemsize < _MEMORY.minimum:  # NumPy's own small blocks, same order
        return np.empty_like(x, dtype=dtype)
    return _empty(x.shape, dtype, _layout(x))


def _dense_in(x: np.ndarray, order: tuple[int, ...]) -> bool:
    """Whether x's memory is one contiguous block with its axes in ``order``."""
    return x.transpose(order).flags.c_contiguous


def _view(
    x: np.ndarray, shape: tuple[int, ...], strides: tuple[int, ...], offset: int = 0
) -> np.ndarray:
    """The strided view of x's memory starting ``offset`` bytes after x's first element.

    Uses the ndarray constructor when x is one dense block (as_strided costs several
    microseconds); the caller guarantees the view stays inside x.
    """
    dense = x.transpose(_layout(x))
    if dense.flags.c_contiguous:
        return np.ndarray(shape, x.dtype, buffer=dense, offset=offset, strides=strides)
    if offset:
        raise ArgumentError("an offset view needs a dense array")
    return as_strided(x, shape, strides, writeable=False)


def _nhwc(x: np.ndarray, dtype=None) -> np.ndarray:
    """x (N, C, H, W) as a dense (N, H, W, C) array: a view when x already is one."""
    dtype = x.dtype if dtype is None else np.dtype(dtype)
    if x.dtype == dtype and _dense_in(x, NHWC):
        return x.transpose(NHWC)
    out = _empty(tuple(x.shape[ax] for ax in NHWC), dtype)
    np.copyto(out, x.transpose(NHWC))
    return out


CHUNK_BYTES = 1 << 19  # working set of one gather/product/scatter step: well inside L2


def _chunks(n: int, per_image: int) -> list[tuple[int, int]]:
    """Consecutive image ranges of about CHUNK_BYTES of per-image work each."""
    limit = getattr(_REUSE, "chunk_bytes", None) or CHUNK_BYTES
    step = max(1, limit // max(per_image, 1))
    return [(n0, min(n, n0 + step)) for n0 in range(0, n, step)]


@contextlib.contextmanager
def one_image_chunks():
    """Within the block (this thread), every batch is cut into chunks of one image: the
    kernel identities (:mod:`symconv.proofs.kernel_identities`) run the chunked code path at small
    batches this way, where the real chunk size would need hundreds of images."""
    previous = getattr(_REUSE, "chunk_bytes", None)
    _REUSE.chunk_bytes = 1
    try:
        yield
    finally:
        _REUSE.chunk_bytes = previous


def _dense_transpose(t: np.ndarray) -> np.ndarray:
    """T^T stored densely: on products of few rows BLAS multiplies by a dense matrix faster
    than by a transposed view (its small-matrix path; 3.4-3.9x at 10 rows in
    benchmarks/primitives.py), and no slower on many."""
    out = _empty(t.shape[::-1], t.dtype)
    np.copyto(out, t.T)
    return out


@functools.lru_cache(maxsize=16)
def _ones(n: int, dtype: np.dtype) -> np.ndarray:
    out = np.ones(n, dtype)
    out.setflags(write=False)
    return out
