"""Vectorised NumPy primitives: one closed form each, NCHW, weights (F, C/groups, kh, kw).

This module imports NumPy and the standard library only (no SymPy, no other symconv module):
exported standalone modules copy it verbatim.  Every function computes exactly the formula in
its docstring; the *memory order* behind a returned array is an implementation detail (a
result may be a transposed view), its shape, dtype and values are the contract.  dtype in =
dtype out (float32 or float64).  Returned arrays are new (never the inputs), except
``pad2d`` with zero pads and ``crop2d``, which return the input or a view of it.

Conventions, for one spatial axis (the other is the same): input size H, padding
(p0, p1), padded size Hp = p0 + H + p1, kernel k, stride s, dilation d, output size
Ho = floor((Hp - d·(k-1) - 1) / s) + 1.  Groups split the C input channels into blocks of
Cg = C / groups and the F filters into blocks of Fg = F / groups; filter f reads the block
g(f) = f // Fg.  Pads are (top, bottom, left, right); stride and dilation are (h, w) pairs.
One-dimensional signals are height-1 tensors.

Speed notes (why the code looks the way it does):

- Convolutions are lowered to matrix products over *blocks of output columns* (see
  :class:`_Panels`): one GEMM row per (image, output row, block) whose inputs are kh runs of
  U·C contiguous floats when the input is stored (N, H, W, C); the right factor is a banded
  (block-Toeplitz) matrix built from the weights.  Products come out in (N, H, W, C) order,
  which the NCHW-shaped results keep as a transposed view; element-wise primitives keep the
  memory order of their input, so a whole network stays in that order without copies.
- Sums that would otherwise scatter short runs (the rows of the input gradient, the rows of
  a small average pool) are products with small cached 0/1 matrices, one per image: BLAS
  does them at a fraction of the cost of a strided add per run.
- Big results live in buffers recycled by :class:`_Recycler`: fresh pages from the operating
  system cost a page fault each, which on small networks costs more than the arithmetic.
  The module keeps at most ``_MEMORY.limit`` bytes of such buffers (``_MEMORY.clear()``
  forgets them).  All functions may be called from several threads at once.
"""

from __future__ import annotations

import contextlib
import functools
import math
import sys
import threading

import numpy as np
from numpy.lib.stride_tricks import as_strided

Pads = tuple[int, int, int, int]
Pair = tuple[int, int]

NHWC = (0, 2, 3, 1)  # memory order (slowest axis first) of the panels' products

# --------------------------------------------------------------------------- memory


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
        self._lock = threading.Lock()
        probe = [(np.empty(1), 0)]
        self._idle = sys.getrefcount(probe[0][0])  # references of a pooled, unused owner
        gil = getattr(sys, "_is_gil_enabled", lambda: True)()
        self.enabled = bool(gil)

    def empty(self, shape: tuple[int, ...], dtype) -> np.ndarray:
        dtype = np.dtype(dtype)
        nbytes = math.prod(shape) * dtype.itemsize
        if not self.enabled or nbytes < self.minimum:
            return np.empty(shape, dtype)
        size = self.size_class(nbytes)
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
            out = owner[start:start + nbytes].view(dtype).reshape(shape)
        return out

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
            self._bytes = 0


_MEMORY = _Recycler()


# --------------------------------------------------------------------------- reuse in a step

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


def _empty(shape: tuple[int, ...], dtype, order: tuple[int, ...] | list[int] | None = None
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


def _view(x: np.ndarray, shape: tuple[int, ...], strides: tuple[int, ...],
          offset: int = 0) -> np.ndarray:
    """The strided view of x's memory starting ``offset`` bytes after x's first element.

    Uses the ndarray constructor when x is one dense block (as_strided costs several
    microseconds); the caller guarantees the view stays inside x.
    """
    dense = x.transpose(_layout(x))
    if dense.flags.c_contiguous:
        return np.ndarray(shape, x.dtype, buffer=dense, offset=offset, strides=strides)
    if offset:
        raise ValueError("an offset view needs a dense array")
    return as_strided(x, shape, strides, writeable=False)


def _nhwc(x: np.ndarray, dtype=None) -> np.ndarray:
    """x (N, C, H, W) as a dense (N, H, W, C) array: a view when x already is one."""
    dtype = x.dtype if dtype is None else np.dtype(dtype)
    if x.dtype == dtype and _dense_in(x, NHWC):
        return x.transpose(NHWC)
    out = _empty(tuple(x.shape[ax] for ax in NHWC), dtype)
    np.copyto(out, x.transpose(NHWC))
    return out


# --------------------------------------------------------------------------- checks


def _out_size(padded: int, k: int, s: int, d: int) -> int:
    """floor((Hp - d(k-1) - 1) / s) + 1: the window starts s·i with s·i + d(k-1) < Hp."""
    return (padded - d * (k - 1) - 1) // s + 1


def _check_pads(pads: Pads) -> tuple[int, int, int, int]:
    return _valid_pads(tuple(pads))


# The geometry of a layer is validated once per configuration (these caches), not at every
# call: a training step calls each kernel with the same few shapes over and over.
@functools.lru_cache(maxsize=1024)
def _valid_pads(pads: tuple) -> tuple[int, int, int, int]:
    if len(pads) != 4 or any(int(p) < 0 for p in pads):
        raise ValueError(f"pads {pads!r} must be four non-negative ints (top, bottom, left, right)")
    return tuple(int(p) for p in pads)  # type: ignore[return-value]


def _check_output(name: str, ho: int, wo: int) -> None:
    if ho < 1 or wo < 1:
        raise ValueError(f"{name}: the kernel does not fit the padded input (output {ho}x{wo})")


def _conv_geometry(x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: Pair,
                   dilation: Pair, groups: int) -> tuple[int, int]:
    """Validate a convolution and return its output size (Ho, Wo)."""
    _, c, hp, wp = x_shape
    f, cg, kh, kw = w_shape
    if groups < 1 or c != cg * groups or f % groups:
        raise ValueError(f"groups={groups} does not split C={c} (weights {tuple(w_shape)}) "
                         f"and F={f} evenly")
    if min(*stride, *dilation) < 1:
        raise ValueError(f"stride {stride} and dilation {dilation} must be positive")
    ho = _out_size(hp, kh, stride[0], dilation[0])
    wo = _out_size(wp, kw, stride[1], dilation[1])
    _check_output("convolution", ho, wo)
    return ho, wo


# --------------------------------------------------------------------------- panels


def _panels(x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: Pair, dilation: Pair,
            groups: int, wide: bool = False) -> _Panels:
    """The (validated, immutable) :class:`_Panels` of a geometry, made once per geometry;
    ``wide``: the blocks of the input gradient (see :func:`_panel_width`)."""
    return _cached_panels(tuple(x_shape), tuple(w_shape), tuple(stride), tuple(dilation),
                          int(groups), bool(wide) or not _NARROW_PANELS)


# Whether Z and dL/dW take the narrow blocks of :func:`_panel_width` (False: the wide ones
# everywhere, for benchmarks/primitives.py's comparison).
_NARROW_PANELS = True


class _Panels:
    """Block-Toeplitz lowering of one convolution geometry.

    Output columns are cut into segments of ``count`` blocks of ``bw`` consecutive columns
    (a last, narrower block is a segment of its own).  Block q of the segment starting at
    output column j0 covers columns j0 + bw·q + jj, jj < bw, whose windows read the
    U = s_w(bw-1) + d_w(kw-1) + 1 input columns from s_w·(j0 + bw·q).  Its GEMM row is

        A[(n,i,q), (a,u,c)] = Xpad[n, c, s_h·i + d_h·a, s_w·(j0 + bw·q) + u]

    and with the banded matrix

        T[(a,u,c), (jj,f)] = W[f, c - g(f)·Cg, a, b]  if u = s_w·jj + d_w·b and c in g(f),
                             0                         otherwise,

    (A·T)[(n,i,q), (jj,f)] = sum_{a,c,b} Xpad[n, c, s_h·i + d_h·a, s_w·(j0+bw·q+jj) + d_w·b]
    · W[f, c - g(f)·Cg, a, b] = Z[n, f, i, j0 + bw·q + jj]: substituting T collapses the sum
    over u to the sum over the taps b.  All blocks of a segment share T, so a segment is one
    matrix product whose rows, in (n, i, q, jj, f) order, are Z in (N, H, W, C) memory.
    """

    def __init__(self, x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: Pair,
                 dilation: Pair, groups: int, wide: bool = False) -> None:
        self.ho, self.wo = _conv_geometry(x_shape, w_shape, stride, dilation, groups)
        self.n, self.c = x_shape[:2]
        self.f, self.cg, self.kh, self.kw = w_shape
        (self.sh, self.sw), (self.dh, self.dw) = stride, dilation
        self.groups = groups
        bw = _panel_width(self.wo, self.kw, self.c, self.f, self.sw, self.dw, wide)
        count, tail = divmod(self.wo, bw)
        segments = [(0, bw, count)] if count else []
        if tail:
            segments.append((count * bw, tail, 1))
        self.segments = tuple(segments)  # shared: one instance serves every call

    def width(self, bw: int) -> int:
        """U: input columns one block of ``bw`` output columns reads."""
        return self.sw * (bw - 1) + self.dw * (self.kw - 1) + 1

    def rows_view(self, xpad: np.ndarray, j0: int, bw: int, count: int) -> np.ndarray:
        """A as a strided view of Xpad, shape (N, Ho, count, kh, U, C)."""
        sn, sc, sy, sx = xpad.strides
        shape = (self.n, self.ho, count, self.kh, self.width(bw), self.c)
        strides = (sn, self.sh * sy, self.sw * bw * sx, self.dh * sy, sx, sc)
        return _view(xpad[:, :, :, self.sw * j0:], shape, strides)

    def rows(self, xpad: np.ndarray, j0: int, bw: int, count: int,
             ones: bool = False) -> np.ndarray:
        """A (N·Ho·count, kh·U·C), gathered from the strided view in one copy (once per
        array and block inside :func:`reuse_gathers`).

        With ``ones`` A gets a last column of ones, (N·Ho·count, kh·U·C + 1): A1·T1 with
        T1 = T over one more row then adds that row to every product row (the bias of
        :func:`correlate2d_bias`).  Without it, a remembered A1 serves as its view
        A1[:, :-1], which is A: the gather is still done once per step."""
        geometry = self._rows_key(j0, bw, count)
        if ones:
            return _remembered("rows1", xpad, geometry,
                               lambda: self._gather(xpad, j0, bw, count, True))
        a1 = _recalled("rows1", xpad, geometry)
        if a1 is not None:
            return a1[:, :-1]
        return _remembered("rows", xpad, geometry, lambda: self._gather(xpad, j0, bw, count))

    def remembered_rows1(self, xpad: np.ndarray, j0: int, bw: int,
                         count: int) -> np.ndarray | None:
        """A1 = [A | 1] if :meth:`rows` with ``ones`` gathered it in this step, else None."""
        return _recalled("rows1", xpad, self._rows_key(j0, bw, count))

    def _rows_key(self, j0: int, bw: int, count: int) -> tuple:
        """What, beside the source array, decides the gathered A of a segment."""
        return (self.kh, self.kw, self.ho, self.sh, self.sw, self.dh, self.dw, j0, bw, count)

    def _gather(self, xpad: np.ndarray, j0: int, bw: int, count: int,
                ones: bool = False) -> np.ndarray:
        view = self.rows_view(xpad, j0, bw, count)
        if not ones:
            a = _empty(view.shape, xpad.dtype)
            np.copyto(a, view)
            return a.reshape(self.n * self.ho * count, -1)
        k = math.prod(view.shape[3:])
        a = _empty((self.n * self.ho * count, k + 1), xpad.dtype)
        body = a[:, :k].reshape(view.shape)  # a view: splits axes of uniform stride only
        np.copyto(body, view)
        a[:, k] = 1
        return a

    def selection(self, bw: int, dtype: np.dtype) -> np.ndarray:
        """S[(u, jj), b] = [u = s_w·jj + d_w·b]: where tap b of output column jj reads."""
        return _selection(self.width(bw), bw, self.kw, self.sw, self.dw, np.dtype(dtype))

    def toeplitz(self, w: np.ndarray, bw: int, b: np.ndarray | None = None) -> np.ndarray:
        """T[(a,u,c), (jj,f)] = sum_b S[(u,jj), b] · W_full[f, c, a, b] (see :class:`_Panels`).

        For a fixed jj distinct taps b land on distinct columns u (d_w >= 1), so the sum has at
        most one term: T holds each weight once on its band, zeros elsewhere.  One small
        product with the cached selection S, then one reordering copy.

        With a bias ``b`` (F,), T1 = T over the row T1[last, (jj, f)] = b[f] (see
        :meth:`rows` with ``ones``).  Inside :func:`reuse_gathers` T1 is remembered, and a
        later T of the same weights (dL/dX after Z) is its view T1[:-1].
        """
        key = (self.kh, self.kw, self.c, self.f, self.groups, self.sw, self.dw, bw)
        if b is None:
            t1 = _recalled("toeplitz1", w, key)
            if t1 is not None and t1.dtype == w.dtype:
                return t1[:-1]
            return self._toeplitz(w, bw, None)
        return _remember("toeplitz1", w, key, self._toeplitz(w, bw, b))

    def _toeplitz(self, w: np.ndarray, bw: int, b: np.ndarray | None) -> np.ndarray:
        full = _ungroup(w, self.groups)  # (F, C, kh, kw)
        u = self.width(bw)
        taps = full.transpose(3, 2, 1, 0).reshape(self.kw, -1)  # (b, (a, c, f))
        band = (self.selection(bw, w.dtype) @ taps).reshape(u, bw, self.kh, self.c, self.f)
        k = self.kh * u * self.c
        extra = 0 if b is None else 1
        t = _empty((k + extra, bw * self.f), np.result_type(w, b) if extra else w.dtype)
        body = t[:k].reshape(self.kh, u, self.c, bw, self.f)
        np.copyto(body, band.transpose(2, 0, 3, 1, 4))  # runs of F values stay contiguous
        if extra:
            t[k].reshape(bw, self.f)[...] = b
        return t

    def tap_sums(self, p: np.ndarray, bw: int) -> np.ndarray:
        """dW[f, c', a, b] = sum_{u,jj} P[(a,u,g(f)·Cg + c'), (jj,f)] · S[(u,jj), b]."""
        u = self.width(bw)
        p5 = p.reshape(self.kh, u, self.c, bw, self.f).transpose(1, 3, 0, 2, 4)
        flat = np.ascontiguousarray(p5).reshape(u * bw, -1)  # ((u, jj), (a, c, f))
        full = (self.selection(bw, p.dtype).T @ flat).reshape(self.kw, self.kh, self.c, self.f)
        return _regroup(full.transpose(3, 2, 1, 0), self.groups)

    def out_rows(self, g: np.ndarray, j0: int, bw: int, count: int) -> np.ndarray:
        """G_blk[(n,i,q), (jj,f)] = G[n, f, i, j0 + bw·q + jj] (a view when G is NHWC)."""
        part = g.transpose(NHWC)[:, :, j0:j0 + bw * count, :]
        rows = (self.n * self.ho * count, bw * self.f)
        if part.flags.c_contiguous:
            return part.reshape(rows)
        out = _empty(part.shape, g.dtype)
        np.copyto(out, part)
        return out.reshape(rows)


_cached_panels = functools.lru_cache(maxsize=256)(_Panels)


@functools.lru_cache(maxsize=64)
def _selection(u: int, bw: int, kw: int, sw: int, dw: int, dtype: np.dtype) -> np.ndarray:
    """S[(u', jj), b] = 1 if u' = sw·jj + dw·b else 0, shape (U·bw, kw); cached, read-only."""
    s = np.zeros((u, bw, kw), dtype)
    jj, b = np.meshgrid(np.arange(bw), np.arange(kw), indexing="ij")
    s[sw * jj + dw * b, jj, b] = 1
    s = s.reshape(u * bw, kw)
    s.setflags(write=False)
    return s


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


def _ungroup(w: np.ndarray, groups: int) -> np.ndarray:
    """W_full[f, c] = W[f, c - g(f)·Cg] for c in group g(f), zero otherwise: (F, C, kh, kw)."""
    if groups == 1:
        return w
    f_n, cg = w.shape[:2]
    fg = f_n // groups
    full = np.zeros((f_n, cg * groups, *w.shape[2:]), w.dtype)
    for g in range(groups):
        full[g * fg:(g + 1) * fg, g * cg:(g + 1) * cg] = w[g * fg:(g + 1) * fg]
    return full


def _regroup(full: np.ndarray, groups: int) -> np.ndarray:
    """The inverse selection of :func:`_ungroup`: (F, C, kh, kw) -> (F, Cg, kh, kw)."""
    if groups == 1:
        return full
    f_n, c = full.shape[:2]
    fg, cg = f_n // groups, c // groups
    return np.concatenate([full[g * fg:(g + 1) * fg, g * cg:(g + 1) * cg]
                           for g in range(groups)])


@functools.lru_cache(maxsize=256)
def _panel_width(wo: int, kw: int, c: int, f_n: int, sw: int, dw: int,
                 wide: bool = False) -> int:
    """Output columns per GEMM row.

    Wider blocks give the GEMM more columns (bw·F) and longer gathered runs (U·C floats) but
    waste multiply-adds on the zeros of the band (density kw·Cg / (U·C)).  The forward
    product and the weight gradient take the smallest block with at least 32 GEMM columns;
    the input gradient (``wide``), whose product R = G·T^T is then scattered or row-summed
    per block, also wants 64-float runs.  Either is capped so the band stays >= 1/4 dense,
    and is a divisor of Wo when one is close, so the output needs no tail segment.  (Z and
    dL/dW of 32 images, `python benchmarks/primitives.py`'s conv rows, 2026-12-04 at load
    10-11 from other sessions, so noisy: conv1 of the VGG-like net, 4 columns and the
    channels-last pad against 8 and the input's order, 1.25x and 1.67x in two runs; conv2, 2
    columns against 4, 0.90x and 2.76x.)
    """
    best = 1
    for bw in range(1, wo + 1):
        u = sw * (bw - 1) + dw * (kw - 1) + 1
        if bw > 1 and kw * 4 < u:
            break
        best = bw
        if bw * f_n >= 32 and (u * c >= 64 or not wide):
            break
    for bw in range(best, max(1, best // 2) - 1, -1):  # prefer a divisor of wo nearby
        if wo % bw == 0:
            return bw
    return best


# --------------------------------------------------------------------------- padding


def pad2d(x: np.ndarray, pads: Pads) -> np.ndarray:
    """Xpad[n, c, p0 + h, l + w] = X[n, c, h, w], zero elsewhere; shape (N, C, p0+H+p1, l+W+r).

    With all pads zero the input itself is returned (no copy).
    """
    top, bottom, left, right = _check_pads(pads)
    if not (top or bottom or left or right):
        return x
    return _remembered("pad", x, (top, bottom, left, right),
                       lambda: _pad(x, top, bottom, left, right))


# False: pad2d keeps its input's memory order (benchmarks/primitives.py's comparison).
_PAD_CHANNELS_LAST = True


def _pad(x: np.ndarray, top: int, bottom: int, left: int, right: int) -> np.ndarray:
    n, c, h, w = x.shape
    # Channels innermost whatever x's order: the padded input is read by the panels'
    # gathers, whose runs are U·C contiguous floats in that order and C floats apart
    # otherwise (a network's input comes NCHW: see :func:`_panel_width` for the figures of
    # the VGG-like net's first convolution).
    out = _empty((n, c, top + h + bottom, left + w + right), x.dtype,
                 NHWC if _PAD_CHANNELS_LAST else _layout(x))
    if left or right:
        # Side borders are a few values per row, too short to zero row by row: zero the
        # whole buffer in one pass instead (small inputs, as LeNet's, gain the most).
        out.fill(0)
    else:
        out[:, :, :top] = 0  # zero the border only, then copy the interior
        out[:, :, top + h:] = 0
    out[:, :, top:top + h, left:left + w] = x
    return out


def crop2d(x: np.ndarray, pads: Pads) -> np.ndarray:
    """X[n, c, h, w] = Xpad[n, c, p0 + h, l + w]: the adjoint (and left inverse) of pad2d.

    Returns a view.
    """
    top, bottom, left, right = _check_pads(pads)
    h, w = x.shape[-2:]
    return x[:, :, top:h - bottom, left:w - right]


# --------------------------------------------------------------------------- convolution


def correlate2d(xpad: np.ndarray, w: np.ndarray, stride: Pair, dilation: Pair,
                groups: int) -> np.ndarray:
    """Z[n,f,i,j] = sum_{c,a,b} Xpad[n, g(f)·Cg + c, s_h·i + d_h·a, s_w·j + d_w·b] · W[f,c,a,b].

    Shapes: Xpad (N, C, Hp, Wp), W (F, Cg, kh, kw), Z (N, F, Ho, Wo) with
    Ho = floor((Hp - d_h(kh-1) - 1)/s_h) + 1 (same for Wo).  No padding here: pass pad2d(X).
    Computed as one product A·T per segment of column blocks (see :class:`_Panels`).
    """
    return _correlate(xpad, w, None, stride, dilation, groups)


def correlate2d_bias(xpad: np.ndarray, w: np.ndarray, b: np.ndarray, stride: Pair,
                     dilation: Pair, groups: int) -> np.ndarray:
    """Z[n,f,i,j] = b[f] + sum_{c,a,b'} Xpad[n, g(f)·Cg + c, s_h·i + d_h·a, s_w·j + d_w·b']
    · W[f,c,a,b']: :func:`correlate2d` plus a bias per filter, in the same products.

    With A1 = [A | 1] (:meth:`_Panels.rows` with ``ones``) and T1 = T over the row
    T1[last, (jj,f)] = b[f], (A1·T1)[(n,i,q), (jj,f)] = (A·T)[(n,i,q), (jj,f)] + 1·b[f]
    = Z[n, f, i, j0 + bw·q + jj] + b[f]: the bias costs one more term of each dot product
    instead of a pass over Z.
    """
    if np.shape(b) != (w.shape[0],):
        raise ValueError(f"bias shape {np.shape(b)} must be ({w.shape[0]},)")
    return _correlate(xpad, w, b, stride, dilation, groups)


def _correlate(xpad: np.ndarray, w: np.ndarray, b: np.ndarray | None, stride: Pair,
               dilation: Pair, groups: int) -> np.ndarray:
    pan = _panels(xpad.shape, w.shape, stride, dilation, groups)
    dtype = np.result_type(xpad, w) if b is None else np.result_type(xpad, w, b)
    z = _empty((pan.n, pan.ho, pan.wo, pan.f), dtype)  # (N, H, W, C) memory
    for j0, bw, count in pan.segments:
        a = pan.rows(xpad, j0, bw, count, ones=b is not None)
        t = pan.toeplitz(w, bw, b)
        out = z[:, :, j0:j0 + bw * count, :]
        if len(pan.segments) == 1:  # the product rows are Z's own memory
            np.matmul(a, t, out=out.reshape(a.shape[0], -1))
        else:
            out[...] = (a @ t).reshape(pan.n, pan.ho, bw * count, pan.f)
    return z.transpose(0, 3, 1, 2)


def correlate2d_grad_weight(xpad: np.ndarray, g: np.ndarray, stride: Pair, dilation: Pair,
                            groups: int, kernel_size: Pair) -> np.ndarray:
    """dW[f,c,a,b] = sum_{n,i,j} G[n,f,i,j] · Xpad[n, g(f)·Cg + c, s_h·i + d_h·a, s_w·j + d_w·b].

    The correlation of the padded input with G zero-dilated by the stride, windows dilated by
    the dilation.  Shapes: Xpad (N, C, Hp, Wp), G (N, F, Ho, Wo), dW (F, C/groups, kh, kw).

    With the blocks of :class:`_Panels`, P = A^T · G_blk where
    G_blk[(n,i,q), (jj,f)] = G[n, f, i, j0 + bw·q + jj] is
    P[(a,u,c), (jj,f)] = sum_{n,i,q} Xpad[n, c, s_h·i + d_h·a, s_w·(j0 + bw·q) + u]
    · G[n, f, i, j0 + bw·q + jj]; tap (a, b) of filter f lies on the band u = s_w·jj + d_w·b,
    so dW[f,c',a,b] is the sum over jj (and over the segments) of
    P[(a, s_w·jj + d_w·b, g(f)·Cg + c'), (jj, f)].
    """
    n, c = xpad.shape[:2]
    f_n = g.shape[1]
    w_shape = (f_n, c // max(groups, 1), *kernel_size)
    pan = _panels(xpad.shape, w_shape, stride, dilation, groups)
    if g.shape != (n, f_n, pan.ho, pan.wo):
        raise ValueError(f"gradient shape {g.shape} does not match the output "
                         f"{(n, f_n, pan.ho, pan.wo)}")
    dw_sum = None
    a1s = [pan.remembered_rows1(xpad, *seg) for seg in pan.segments]
    with_ones = all(a1 is not None for a1 in a1s)
    db = None
    for k, (j0, bw, count) in enumerate(pan.segments):
        if with_ones:
            # A1 = [A | 1] (gathered by correlate2d_bias): P1 = A1^T · G_blk is P over the
            # row sum_{n,i,q} G_blk[(n,i,q), (jj,f)], whose sum over jj (and the segments)
            # is sum_{n,i,j} G[n,f,i,j] = db[f], remembered for bias_grad(G).
            p1 = a1s[k].T @ pan.out_rows(g, j0, bw, count)
            p, ones_row = p1[:-1], p1[-1].reshape(bw, f_n).sum(axis=0)
            db = ones_row if db is None else db + ones_row
        else:
            p = pan.rows(xpad, j0, bw, count).T @ pan.out_rows(g, j0, bw, count)
        part = pan.tap_sums(p, bw)
        dw_sum = part if dw_sum is None else dw_sum + part
    if db is not None:
        _remembered("bias_grad", g, (), lambda: db)
    return dw_sum


def _padded_hw(padded_size) -> tuple[int, int]:
    size = tuple(int(v) for v in padded_size)
    if len(size) not in (2, 4):
        raise ValueError(f"padded_size {padded_size!r} must be (Hp, Wp) or (N, C, Hp, Wp)")
    return size[-2], size[-1]


def full_convolve2d_rot180(g: np.ndarray, w: np.ndarray, stride: Pair, dilation: Pair,
                           groups: int, padded_size) -> np.ndarray:
    """dXpad[n,c,t,u] = sum G[n,f,i,j] · W[f, c - g(c)·Cg, a, b] over f in the group of c and
    i, j, a, b with s_h·i + d_h·a = t and s_w·j + d_w·b = u.

    That is the full convolution of G zero-dilated by the stride with the 180-degree-rotated
    kernel (channels swapped): the input gradient of :func:`correlate2d` before cropping.
    Shapes: G (N, F, Ho, Wo), W (F, Cg, kh, kw), dXpad (N, C, Hp, Wp); ``padded_size`` is
    (Hp, Wp) or (N, C, Hp, Wp).

    With the blocks of :class:`_Panels`, R = G_blk · T^T is
    R[(n,i,q), (a,u,c)] = sum_{jj,f} G[n, f, i, j0 + bw·q + jj] · T[(a,u,c), (jj,f)]: every
    tap that the outputs of block q reach at input row s_h·i + d_h·a, column
    s_w·(j0 + bw·q) + u.  Adding each R[:, a] there accumulates exactly the sum above; rows
    and columns that no window reaches stay zero.  On small images the row part of that sum
    is one more product (:func:`_convolve_by_row_sums`), otherwise a scatter
    (:func:`_col2im`).  The batch is processed in cache-sized chunks so R is summed while
    still cached.
    """
    n, f_n = g.shape[:2]
    c = w.shape[1] * groups
    hp, wp = _padded_hw(padded_size)
    pan = _panels((n, c, hp, wp), w.shape, stride, dilation, groups, wide=True)
    if g.shape != (n, f_n, pan.ho, pan.wo):
        raise ValueError(f"gradient shape {g.shape} does not match the output "
                         f"{(n, f_n, pan.ho, pan.wo)}")
    dtype = np.result_type(g, w)
    if all(hp * _ROW_SUM_RATIO <= bw * f_n for _, bw, _ in pan.segments):
        return _convolve_by_row_sums(g, w, pan, (hp, wp), dtype)
    dx = _zeros((n, hp, wp, c), dtype)  # (N, H, W, C) memory
    for j0, bw, count in pan.segments:
        g_rows = pan.out_rows(g, j0, bw, count).reshape(n, pan.ho * count, -1)
        t_t = _dense_transpose(pan.toeplitz(w, bw))
        per_image = pan.ho * count * t_t.shape[1] * np.dtype(dtype).itemsize
        chunks = _chunks(n, per_image)
        r = _empty((chunks[0][1] * pan.ho * count, t_t.shape[1]), dtype)
        for n0, n1 in chunks:  # R stays in cache between its product and its scatter
            rows = g_rows[n0:n1].reshape(-1, bw * pan.f)
            part = r[:rows.shape[0]]
            np.matmul(rows, t_t, out=part)
            part = part.reshape(n1 - n0, pan.ho, count, pan.kh, -1)
            for a in range(pan.kh):
                _col2im(dx[n0:n1], part[:, :, :, a], pan, a, j0, bw)
    return dx.transpose(0, 3, 1, 2)


def _dense_transpose(t: np.ndarray) -> np.ndarray:
    """T^T stored densely: on products of few rows BLAS multiplies by a dense matrix faster
    than by a transposed view (its small-matrix path; 3.4-3.9x at 10 rows in
    benchmarks/primitives.py), and no slower on many."""
    out = _empty(t.shape[::-1], t.dtype)
    np.copyto(out, t.T)
    return out


# The row sums of :func:`_convolve_by_row_sums` cost Hp / (bw·F) of the main product; they
# replace the scatter while that is at most 1/_ROW_SUM_RATIO (at 1/3.6, the VGG-like net's
# conv2 at 32 images, the row sums ran 1.24x and 1.09x faster than the scatter in two runs
# of `python benchmarks/primitives.py` at load 10-11, 2026-12-04).
_ROW_SUM_RATIO = 3


@functools.lru_cache(maxsize=64)
def _row_sum_matrix(hp: int, ho: int, kh: int, sh: int, dh: int, dtype: np.dtype
                    ) -> np.ndarray:
    """B[t, (i, a)] = [t = s_h·i + d_h·a], shape (Hp, Ho·kh); cached, read-only.

    Each column holds exactly one 1 (s_h·i + d_h·a <= Hp - 1 for every window), so B·M adds
    row (i, a) of M into row s_h·i + d_h·a: a col2im along the rows as a product.
    """
    b = np.zeros((hp, ho, kh), dtype)
    i, a = np.meshgrid(np.arange(ho), np.arange(kh), indexing="ij")
    b[sh * i + dh * a, i, a] = 1
    b = b.reshape(hp, ho * kh)
    b.setflags(write=False)
    return b


def _convolve_by_row_sums(g: np.ndarray, w: np.ndarray, pan: _Panels, padded: Pair,
                          dtype: np.dtype) -> np.ndarray:
    """:func:`full_convolve2d_rot180` with both sums of its scatter done as products.

    Per block q (output columns j = j0 + bw·q on), R_q = G_q · T^T has rows (n, i) and
    columns (a, u, c), so one image's part is the dense matrix R_qn[(i, a), (u, c)].  The
    strip S_qn = B · R_qn (:func:`_row_sum_matrix`) is then
    S_qn[t, (u, c)] = sum over s_h·i + d_h·a = t of R_qn[(i, a), (u, c)]: everything block q
    puts into dXpad[n, t, s_w·j + u, c].  The strips go to their columns: written by the
    product itself where no earlier strip reached, added where one did (blocks overlap by
    U - s_w·bw columns, always with the previous ones since blocks are in column order).
    One product per image with a tiny 0/1 matrix costs far less than kh·count scatters of
    U·C-value runs.
    """
    n, f_n = pan.n, pan.f
    c = pan.c
    hp, wp = padded
    g_rows = _nhwc(g, dtype).reshape(n * pan.ho, pan.wo * f_n)  # rows (n, i), cols (j, f)
    b = _row_sum_matrix(hp, pan.ho, pan.kh, pan.sh, pan.dh, np.dtype(dtype))
    blocks = []  # (first output column, width, T^T) of every block, in column order
    for j0, bw, count in pan.segments:
        t_t = _dense_transpose(pan.toeplitz(w, bw))
        blocks += [(j0 + bw * q, bw, t_t) for q in range(count)]
    widest = max(t_t.shape[1] for _, _, t_t in blocks)
    dx = _empty((n, hp, wp, c), dtype)  # (N, H, W, C) memory
    for n0, n1 in _chunks(n, pan.ho * widest * np.dtype(dtype).itemsize):
        m = n1 - n0
        done = 0  # dXpad columns [0, done) of these images hold their final values
        for j, bw, t_t in blocks:
            x0, u = pan.sw * j, pan.width(bw)
            r = _empty((m * pan.ho, t_t.shape[1]), dtype)
            np.matmul(g_rows[n0 * pan.ho:n1 * pan.ho, j * f_n:(j + bw) * f_n], t_t, out=r)
            stack = r.reshape(m, pan.ho * pan.kh, u * c)  # R_qn[(i, a), (u, c)] per image
            # dXpad[n, t, x0 + u, c] as (m, Hp, U·C): a view (slices of a dense reshape).
            target = dx[n0:n1].reshape(m, hp, wp * c)[:, :, x0 * c:(x0 + u) * c]
            if x0 >= done:  # nothing written here yet: the product writes dXpad itself
                dx[n0:n1, :, done:x0] = 0  # columns no window reaches
                np.matmul(b, stack, out=target)
            else:
                strip = _empty((m, hp, u * c), dtype)
                np.matmul(b, stack, out=strip)
                split = (min(done, x0 + u) - x0) * c
                target[:, :, :split] += strip[:, :, :split]
                target[:, :, split:] = strip[:, :, split:]
            done = max(done, x0 + u)
        dx[n0:n1, :, done:] = 0
    return dx.transpose(0, 3, 1, 2)


def _col2im(dx: np.ndarray, r: np.ndarray, pan: _Panels, a: int, j0: int, bw: int) -> None:
    """dx[n, s_h·i + d_h·a, s_w·(j0 + bw·q) + u, c] += R_a[n, i, q, (u, c)], dx (N,H,W,C).

    Blocks q overlap when U > s_w·bw; those in one residue class q = p mod P, with
    P = ceil(U / (s_w·bw)), are at least U columns apart, so each p is one add through a
    non-overlapping view of dx (a plain slice when the class holds a single block).
    """
    u = pan.width(bw)
    step = pan.sw * bw
    phases = -(-u // step)
    item = dx.itemsize
    _, hp, wp, c = dx.shape
    strides = (hp * wp * c * item, pan.sh * wp * c * item, phases * step * c * item, item)
    rows = slice(pan.dh * a, pan.dh * a + pan.sh * (r.shape[1] - 1) + 1, pan.sh)
    for p in range(min(phases, r.shape[2])):
        src = r[:, :, p::phases]
        first = pan.sw * j0 + step * p
        if src.shape[2] == 1:  # one block in this class: a plain slice
            dst = dx[:, rows, first:first + u, :]
            dst += src.reshape(dst.shape)
            continue
        offset = ((pan.dh * a) * wp + first) * c * item
        dst = np.ndarray(src.shape, dx.dtype, buffer=dx, offset=offset, strides=strides)
        dst += src


@functools.lru_cache(maxsize=16)
def _ones(n: int, dtype: np.dtype) -> np.ndarray:
    out = np.ones(n, dtype)
    out.setflags(write=False)
    return out


_GEMV_ROW = 16  # rows of at least this many values keep BLAS's matrix-vector product busy


def bias_grad(g: np.ndarray) -> np.ndarray:
    """db[f] = sum_{n,i,j} G[n,f,i,j].

    Inside :func:`reuse_gathers`, a weight gradient of :func:`correlate2d_bias` already
    summed G this way (its ones column); that sum is given again, as a new array."""
    known = _recalled("bias_grad", g, ())
    if known is not None:
        return known.copy()
    order = _layout(g)
    gm = g.transpose(order)  # memory order: reduce along runs, never across short strides
    if order[-1] == 1 and gm.flags.c_contiguous:  # channels innermost (the panels' layout)
        f_n, w = g.shape[1], gm.shape[-2]
        if f_n >= _GEMV_ROW:
            rows = gm.reshape(-1, f_n)
            return _ones(rows.shape[0], g.dtype) @ rows  # one matrix-vector product
        # Few channels: rows of W·C values (one image row, channels innermost) make a
        # matrix-vector product that streams far better than rows of C values; its (W, C)
        # result folds to (C,) with a tiny sum.
        rows = gm.reshape(-1, w * f_n)
        return (_ones(rows.shape[0], g.dtype) @ rows).reshape(w, f_n).sum(axis=0)
    if order[0] == 1 and gm.flags.c_contiguous:  # channels outermost
        return gm.reshape(g.shape[1], -1).sum(axis=1)
    return g.sum(axis=(0, 2, 3))


# --------------------------------------------------------------------------- pooling


def _pool_geometry(x_shape: tuple[int, ...], kernel: Pair, stride: Pair,
                   pads: Pads) -> tuple[int, int, int, int]:
    """(Hp, Wp, Ho, Wo) of a pool, validated (once per configuration)."""
    return _valid_pool_geometry(tuple(x_shape), tuple(kernel), tuple(stride), tuple(pads))


@functools.lru_cache(maxsize=1024)
def _valid_pool_geometry(x_shape: tuple[int, ...], kernel: Pair, stride: Pair,
                         pads: Pads) -> tuple[int, int, int, int]:
    top, bottom, left, right = _check_pads(pads)
    hp, wp = x_shape[2] + top + bottom, x_shape[3] + left + right
    if min(*kernel, *stride) < 1:
        raise ValueError(f"pool kernel {kernel} and stride {stride} must be positive")
    ho, wo = _out_size(hp, kernel[0], stride[0], 1), _out_size(wp, kernel[1], stride[1], 1)
    _check_output("pooling", ho, wo)
    return hp, wp, ho, wo


# Largest kw·C for which a tiled pool's gradient converts G to (N, H, W, C): the matrix M
# below has kw·C² entries, and spreading one pixel costs kw·C² multiply-adds.
_NHWC_POOL_ROW = 256


def _tiled(kernel: Pair, stride: Pair, pads: Pads) -> bool:
    """Windows side by side without overlap or padding (stride == kernel)."""
    return tuple(stride) == tuple(kernel) and not any(pads)


@functools.lru_cache(maxsize=64)
def _channel_sum_matrix(kw: int, c: int, scale: float, dtype: np.dtype,
                        transpose: bool = False) -> np.ndarray:
    """M[(b, c'), c] = scale·[c' = c]: a row of kw·C (column, channel) values times M sums
    the kw columns of each channel.  With ``transpose`` M^T, stored densely (BLAS multiplies
    by a dense matrix this narrow faster than by a transposed view: 2.3-2.6x for a part of 32
    images in benchmarks/primitives.py).  Cached, read-only."""
    m = np.tile(np.eye(c, dtype=dtype) * dtype.type(scale), (kw, 1))
    if transpose:
        m = np.ascontiguousarray(m.T)
    m.setflags(write=False)
    return m


# Tiled average pools on images of at most this many rows sum the kh rows of a window with
# one product per image: it costs H/kh multiply-adds per value, cheaper than kh passes over
# strided rows only while H is small (1.1-1.3x at H = 10 in benchmarks/primitives.py; at
# H = 28, C1, the strided sums are 1.05x faster).
_POOL_PRODUCT_ROWS = 16


@functools.lru_cache(maxsize=64)
def _pool_row_matrix(ho: int, h: int, kh: int, scale: float, dtype: np.dtype) -> np.ndarray:
    """P[i, r] = scale·[kh·i <= r < kh·i + kh], shape (Ho, H); cached, read-only."""
    p = np.zeros((ho, h), dtype)
    for i in range(ho):
        p[i, kh * i:kh * i + kh] = scale
    p.setflags(write=False)
    return p


def _strided_sum(x: np.ndarray, axis: int, k: int, s: int, count: int,
                 out: np.ndarray | None = None) -> np.ndarray:
    """Y[..., i, ...] = sum_{o<k} X[..., s·i + o, ...] along ``axis``, i < count."""

    def part(o: int) -> np.ndarray:
        index = [slice(None)] * x.ndim
        index[axis] = slice(o, o + s * (count - 1) + 1, s)
        return x[tuple(index)]

    first = part(0)
    if out is None:
        out = _empty_like(first)
    if k == 1:
        np.copyto(out, first)
        return out
    np.add(first, part(1), out=out)
    for o in range(2, k):
        out += part(o)
    return out


def _scatter(dst: np.ndarray, src: np.ndarray, axis: int, k: int, s: int,
             assign: bool) -> None:
    """dst[..., s·i + o, ...] (+)= src[..., i, ...] along ``axis`` for each offset o < k."""
    count = src.shape[axis]
    for o in range(k):
        index = [slice(None)] * dst.ndim
        index[axis] = slice(o, o + s * (count - 1) + 1, s)
        if assign:
            dst[tuple(index)] = src
        else:
            dst[tuple(index)] += src


def avg_pool2d(x: np.ndarray, kernel: Pair, stride: Pair, pads: Pads) -> np.ndarray:
    """Y[n,c,i,j] = (1 / (kh·kw)) · sum_{a<kh, b<kw} Xpad[n, c, s_h·i + a, s_w·j + b].

    Xpad is X zero-padded by ``pads``; padding zeros count in the mean (PyTorch's default
    count_include_pad=True).  The window sum is separable: first over a (whole rows, long
    contiguous runs), then over b.  For side-by-side windows on (N, H, W, C) memory the
    second sum is a matrix product: the kw·C values of one window row times
    M[(b, c'), c] = [c' = c] / (kh·kw).
    """
    kh, kw = kernel
    sh, sw = stride
    n, c = x.shape[:2]
    _, _, ho, wo = _pool_geometry(x.shape, kernel, stride, pads)
    if _tiled(kernel, stride, pads) and _dense_in(x, NHWC):
        rows = _empty((n, ho, wo * kw, c), x.dtype)
        if x.shape[2] <= _POOL_PRODUCT_ROWS:
            # Per image, rows = P · X[n] with X[n] its (H, W·C) matrix (a view: the first
            # wo·kw columns of each row) and P[i, h] = [kh·i <= h < kh·i + kh] / (kh·kw):
            # one small product per image instead of kh passes over strided rows.
            p = _pool_row_matrix(ho, x.shape[2], kh, 1.0 / (kh * kw), x.dtype)
            xm = x.transpose(NHWC).reshape(n, x.shape[2], -1)[:, :, :wo * kw * c]
            np.matmul(p, xm, out=rows.reshape(n, ho, -1))
            scale = 1.0
        else:
            _strided_sum(x.transpose(NHWC)[:, :, :wo * kw, :], 1, kh, sh, ho, out=rows)
            scale = 1.0 / (kh * kw)
        y = _empty((n, ho, wo, c), x.dtype)
        m = _channel_sum_matrix(kw, c, scale, x.dtype)
        np.matmul(rows.reshape(-1, kw * c), m, out=y.reshape(-1, c))
        return y.transpose(0, 3, 1, 2)
    out = _strided_sum(_strided_sum(pad2d(x, pads), 2, kh, sh, ho), 3, kw, sw, wo)
    out *= 1.0 / (kh * kw)
    return out


def avg_pool2d_grad(g: np.ndarray, x_shape: tuple[int, ...], kernel: Pair, stride: Pair,
                    pads: Pads) -> np.ndarray:
    """dX[n,c,h,w] = (1/(kh·kw)) · sum G[n,c,i,j] over i, j with
    s_h·i <= p0 + h < s_h·i + kh and s_w·j <= l + w < s_w·j + kw.

    The adjoint of :func:`avg_pool2d`: scatter G/(kh·kw) onto every window position of the
    padded grid (columns, then rows), then crop the padding.  Windows that neither overlap
    (stride >= kernel) nor leave gaps are written with plain assignments; side-by-side
    windows on (N, H, W, C) memory spread a window row with the transpose of the matrix M of
    :func:`avg_pool2d`.
    """
    kh, kw = kernel
    sh, sw = stride
    n, c = x_shape[:2]
    hp, wp, ho, wo = _pool_geometry(x_shape, kernel, stride, pads)
    if g.shape != (n, c, ho, wo):
        raise ValueError(f"gradient shape {g.shape} does not match the output {(n, c, ho, wo)}")
    if _tiled(kernel, stride, pads) and (_dense_in(g, NHWC) or c * kw <= _NHWC_POOL_ROW):
        # Another memory order (a flattened dense layer's gradient is NCHW) is copied to
        # (N, H, W, C) first: G is 1/(kh·kw) of the result, and the result then comes out
        # in the panels' layout, the one the activation saved for the same tensor has.
        m_t = _channel_sum_matrix(kw, c, 1.0 / (kh * kw), g.dtype, transpose=True)
        spread = _empty((n, ho, wo * kw, c), g.dtype)
        np.matmul(_nhwc(g).reshape(-1, c), m_t, out=spread.reshape(-1, kw * c))
        covered = hp == ho * kh and wp == wo * kw
        dx = (_empty if covered else _zeros)((n, hp, wp, c), g.dtype)
        # Rows kh·i + a, a < kh, all receive window row i: one broadcasting copy.
        dx[:, :ho * kh, :wo * kw].reshape(n, ho, kh, wo * kw, c)[...] = spread[:, :, None]
        return dx.transpose(0, 3, 1, 2)
    gs = g * (1.0 / (kh * kw))
    tile_w = sw == kw and wp == kw * wo  # columns: each one in exactly one window
    tile_h = sh == kh and hp == kh * ho
    order = _layout(g)
    cols = (_empty if tile_w else _zeros)((n, c, ho, wp), g.dtype, order)
    _scatter(cols, gs, 3, kw, sw, assign=tile_w)
    dxp = (_empty if tile_h else _zeros)((n, c, hp, wp), g.dtype, order)
    _scatter(dxp, cols, 2, kh, sh, assign=tile_h)
    return crop2d(dxp, pads)


def _max_windows(x: np.ndarray, kernel: Pair, stride: Pair, pads: Pads) -> np.ndarray:
    """Windows V[n, c, i, j, a·kw + b] = Xpad[n, c, s_h·i + a, s_w·j + b], -inf padding."""
    kh, kw = kernel
    sh, sw = stride
    top, bottom, left, right = _check_pads(pads)
    if max(top, bottom) >= kh or max(left, right) >= kw:
        raise ValueError(f"max pool pads {pads} must be smaller than the kernel {kernel} "
                         "(a window of padding only has no maximum)")
    _, _, ho, wo = _pool_geometry(x.shape, kernel, stride, pads)
    n, c, h, w = x.shape
    xp = np.full((n, c, top + h + bottom, left + w + right), -np.inf, x.dtype)
    xp[:, :, top:top + h, left:left + w] = x
    sn, sc, sy, sx = xp.strides
    view = as_strided(xp, (n, c, ho, wo, kh, kw), (sn, sc, sh * sy, sw * sx, sy, sx),
                      writeable=False)
    return view.reshape(n, c, ho, wo, kh * kw)


def max_pool2d(x: np.ndarray, kernel: Pair, stride: Pair, pads: Pads):
    """See :func:`_max_pool2d` (remembered inside :func:`reuse_gathers`)."""
    return _remembered("maxpool", x, (tuple(kernel), tuple(stride), tuple(pads)),
                       lambda: _max_pool2d(x, kernel, stride, pads))


def _max_pool2d(x: np.ndarray, kernel: Pair, stride: Pair, pads: Pads):
    """Y[n,c,i,j] = max_{a<kh, b<kw} Xpad[n, c, s_h·i + a, s_w·j + b], Xpad padded with -inf.

    Returns (Y, I) with I[n,c,i,j] = h·W + w, the flat index into the *unpadded* H x W plane
    of the maximum (as PyTorch's return_indices), where h = s_h·i + a* - p0, w = s_w·j + b* - l.
    Ties: the first maximum in row-major window order (smallest a, then smallest b), as
    PyTorch; a NaN counts as the maximum (the first NaN; PyTorch reports the last).  Each pad
    must be smaller than the kernel so every window holds a real entry.
    """
    if _tiled(kernel, stride, pads):
        _pool_geometry(x.shape, kernel, stride, pads)  # validates
        tiled = _max_pool2d_tiled(x, kernel)
        if tiled is not None:
            return tiled
    return _max_pool2d_windows(x, kernel, stride, pads)


def _max_pool2d_windows(x: np.ndarray, kernel: Pair, stride: Pair, pads: Pads):
    """:func:`_max_pool2d` for any windows: every window gathered, arg-max along it."""
    kw = kernel[1]
    sh, sw = stride
    top, _, left, _ = _check_pads(pads)
    win = _max_windows(x, kernel, stride, pads)
    k = win.argmax(axis=-1)  # first occurrence of the maximum
    y = np.take_along_axis(win, k[..., None], axis=-1)[..., 0]
    ho, wo = y.shape[2:]
    a, b = np.divmod(k, kw)
    rows = sh * np.arange(ho).reshape(-1, 1) + a - top
    cols = sw * np.arange(wo) + b - left
    return y, rows * x.shape[3] + cols


def _max_pool2d_tiled(x: np.ndarray, kernel: Pair):
    """:func:`_max_pool2d` for side-by-side windows (stride = kernel, no padding) whose
    maxima are not NaN, else None.

    Each window position p = a·kw + b, in row-major order, is copied once from its strided
    view X[:, :, a::kh, b::kw] into a dense buffer; where it is strictly greater than the
    running maximum, p becomes the running arg-max (ties keep the first, as PyTorch).  p
    grows along the order, so "move to p where greater" is max(arg-max, [greater]·p):
    comparisons and maxima on dense arrays, never a select.  8.5-9.1x faster than the
    window arg-max of :func:`_max_pool2d_windows` on C1 (benchmarks/primitives.py).  A NaN
    never compares greater, so windows holding one go to the general path.  Y and I keep
    x's memory order (the panels' NHWC stays NHWC for the next convolution).
    """
    kh, kw = kernel
    n, c, h, w = x.shape
    ho, wo = h // kh, w // kw
    if kh * kw > 255:  # positions counted in uint8
        return None
    if (kh, kw) == (2, 2) and _POOL_2X2 and _dense_in(x, NHWC):
        return _max_pool2x2_nhwc(x)
    order = _layout(x)
    shape = (n, c, ho, wo)
    views = [x[:, :, a:ho * kh:kh, b:wo * kw:kw] for a in range(kh) for b in range(kw)]
    y = _empty(shape, x.dtype, order)
    np.copyto(y, views[0])
    at = _empty(shape, np.dtype(np.uint8), order)
    at.fill(0)
    if len(views) > 1:
        entry = _empty(shape, x.dtype, order)
        greater = _empty(shape, np.dtype(bool), order)
        moved = _empty(shape, np.dtype(np.uint8), order)
    for p, view in enumerate(views[1:], start=1):
        np.copyto(entry, view)
        np.greater(entry, y, out=greater)
        np.maximum(y, entry, out=y)
        np.multiply(greater, p, out=moved, dtype=np.uint8)
        np.maximum(at, moved, out=at)
    if np.isnan(y).any():
        return None
    # I = (kh·i + a)·W + kw·j + b = corner(i, j) + p + (p // kw)·(W - kw).
    index = _empty(shape, np.dtype(np.int64), order)
    np.copyto(index, at)
    index += _tiled_corners(shape, kh, kw, w, tuple(order))
    if kh > 1:
        rows = _empty(shape, np.dtype(np.int64), order)
        np.floor_divide(at, kw, out=moved)
        np.multiply(moved, w - kw, out=rows, dtype=np.int64)
        index += rows
    return y, index


# Whether 2x2 windows on (N, H, W, C) memory take :func:`_max_pool2x2_nhwc` (False: the
# general loop, for benchmarks/primitives.py's comparison).
_POOL_2X2 = True


def _max_pool2x2_nhwc(x: np.ndarray):
    """:func:`_max_pool2d_tiled` for 2x2 windows on (N, H, W, C) memory, the panels' layout.

    Each row of a window is settled first: m_a = max(X[a, 0], X[a, 1]) with b_a = [X[a, 1] >
    X[a, 0]] (ties keep b = 0), then the rows: Y = max(m_0, m_1) with t = [m_1 > m_0] (ties
    keep a = 0), so the arg-max is the first maximum in row-major order, as PyTorch.  The
    column of the winner, b_t, is b_0 XOR (t AND (b_0 XOR b_1)): bit operations instead of a
    select (copyto where= costs a quarter of the whole pool), and
    I = corner + t·W + b_t.  The general loop's uint8 positions cost a pass each per window
    entry; here 1.2x faster on the VGG-like net's pools (benchmarks/primitives.py).
    """
    n, c, h, w = x.shape
    ho, wo = h // 2, w // 2
    quad = x.transpose(NHWC)[:, :2 * ho, :2 * wo].reshape(n * ho, 2, wo, 2, c)
    shape, flat = (n, ho, wo, c), (n * ho, wo, c)
    v = [_empty(shape, x.dtype).reshape(flat) for _ in range(4)]
    for p in range(4):  # dense copies: ufuncs on runs of C values are slower than a copy
        np.copyto(v[p], quad[:, p // 2, :, p % 2])
    b0, b1, t = (_empty(shape, np.dtype(bool)).reshape(flat) for _ in range(3))
    np.greater(v[1], v[0], out=b0)
    np.maximum(v[0], v[1], out=v[0])
    np.greater(v[3], v[2], out=b1)
    np.maximum(v[2], v[3], out=v[2])
    np.greater(v[2], v[0], out=t)
    np.maximum(v[0], v[2], out=v[0])
    if np.isnan(v[0]).any():
        return None
    np.bitwise_xor(b0, b1, out=b1)
    np.bitwise_and(b1, t, out=b1)
    np.bitwise_xor(b0, b1, out=b0)
    index = _empty(shape, np.dtype(np.int64))
    np.multiply(t.reshape(shape), w, out=index)
    index += b0.reshape(shape)
    index += _tiled_corners((n, c, ho, wo), 2, 2, w, NHWC).transpose(NHWC)
    back = (0, 3, 1, 2)
    return v[0].reshape(shape).transpose(back), index.transpose(back)


@functools.lru_cache(maxsize=8)
def _tiled_corners(shape: tuple[int, ...], kh: int, kw: int, w: int,
                   order: tuple[int, ...]) -> np.ndarray:
    """corner[n, c, i, j] = kh·i·W + kw·j, int64, stored in memory ``order``; read-only."""
    _, _, ho, wo = shape
    corner = _empty(shape, np.dtype(np.int64), order)
    corner[...] = kh * w * np.arange(ho)[:, None] + kw * np.arange(wo)
    corner.setflags(write=False)
    return corner


def max_pool2d_grad(g: np.ndarray, argmax: np.ndarray, x_shape: tuple[int, ...],
                    kernel: Pair, stride: Pair, pads: Pads) -> np.ndarray:
    """dX[n,c,h,w] = sum G[n,c,i,j] over the windows (i, j) whose maximum I[n,c,i,j] is h·W + w.

    ``argmax`` is the index array returned by :func:`max_pool2d`.  When windows cannot
    overlap (stride >= kernel on both axes) every input position receives at most one
    window and a plain scatter suffices; otherwise the contributions are accumulated.
    """
    n, c, h, w = x_shape
    if g.shape != argmax.shape:
        raise ValueError(f"gradient shape {g.shape} does not match the indices {argmax.shape}")
    # dX is stored like the indices (like x: the forward keeps its order).  Where h and w are
    # neighbours in that order, the stride of h is W times the stride of w, so the memory
    # index of dX[n, c, h, w] is start(n, c) + (h·W + w)·stride(w) = start(n, c) + I·stride(w).
    order = _layout(argmax)
    if order.index(2) + 1 != order.index(3):
        order = [0, 1, 2, 3]
    dx = _zeros((n, c, h, w), g.dtype, order)
    step = dx.strides[3] // dx.itemsize
    flat = _empty(argmax.shape, np.dtype(np.int64), order)
    np.multiply(argmax, step, out=flat)
    flat += _plane_starts(argmax.shape, tuple(dx.strides), dx.itemsize, tuple(order))
    memory = dx.transpose(order).reshape(-1)  # a view: dx is dense in ``order``
    targets, values = flat.transpose(order).reshape(-1), g.transpose(order).reshape(-1)
    if stride[0] >= kernel[0] and stride[1] >= kernel[1]:
        memory[targets] = values
    else:
        np.add.at(memory, targets, values)
    return dx


@functools.lru_cache(maxsize=8)
def _plane_starts(shape: tuple[int, ...], strides: tuple[int, ...], itemsize: int,
                  order: tuple[int, ...]) -> np.ndarray:
    """start[n, c, i, j] = memory index of (n, c, 0, 0) for ``strides``, int64, stored in
    ``order``; read-only."""
    n, c = shape[:2]
    start = _empty(shape, np.dtype(np.int64), order)
    start[...] = (np.arange(n)[:, None] * (strides[0] // itemsize)
                  + np.arange(c) * (strides[1] // itemsize))[:, :, None, None]
    start.setflags(write=False)
    return start


# --------------------------------------------------------------------------- dense layers


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A @ B for 2-D A and B (the dense layer's products).

    An inner size of 1 (dW = GᵀX at batch 1) makes it an outer product,
    (A @ B)[i, j] = A[i, 0]·B[0, j]: a broadcast multiply, faster than BLAS's path for it
    (2.7-4.9x at 120 x 400 in benchmarks/primitives.py)."""
    if a.ndim == 2 and b.ndim == 2 and a.shape[1] == 1 and b.shape[0] == 1:
        return np.multiply(a, b)
    return a @ b


def linear(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Y[n, o] = sum_k X[n, k] · W[o, k] + b[o]  (W is (out, in), as torch.nn.Linear)."""
    y = np.matmul(x, w.T, out=_empty((x.shape[0], w.shape[0]), np.result_type(x, w)))
    y += b
    return y


def linear_grad(g: np.ndarray, x: np.ndarray, w: np.ndarray):
    """(dX, dW, db) of :func:`linear`: dX[n,k] = sum_o G[n,o] W[o,k],
    dW[o,k] = sum_n G[n,o] X[n,k], db[o] = sum_n G[n,o]."""
    return g @ w, g.T @ x, g.sum(axis=0)


# --------------------------------------------------------------------------- activations


# Element-wise passes over big arrays run block by block: a gradient like G·(1 - Y²) is
# three passes, and over a whole C1 activation (2.4 MB at batch 128, more than L2) each pass
# would stream from L3; over blocks of ELEMENTWISE_BYTES the later passes find their data
# in cache (C1's tanh_grad at batch 128: 1.23-1.27x in benchmarks/primitives.py).
ELEMENTWISE_BYTES = 1 << 19


def _blocks(out: np.ndarray, *arrays: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """(out, *arrays) cut into matching flat blocks of about ELEMENTWISE_BYTES of ``out``,
    in memory order, when every array has out's shape and is dense in out's memory order
    (the activations and their gradients are); otherwise one block of the whole arrays."""
    step = max(1, ELEMENTWISE_BYTES // out.itemsize)
    if out.size <= 2 * step:  # arrays this small mostly stay in L2 whole: no cutting
        return [(out, *arrays)]
    order = _layout(out)
    flat = []
    for a in (out, *arrays):
        dense = a.transpose(order) if a.shape == out.shape else None
        if dense is None or not dense.flags.c_contiguous:
            return [(out, *arrays)]
        flat.append(dense.reshape(-1))
    return [tuple(f[i:i + step] for f in flat) for i in range(0, out.size, step)]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """S = 1 / (1 + exp(-Z)), evaluated as N/(1+e) with e = exp(-|Z|), so no exponent
    overflows: N = 1 for Z >= 0 and N = e for Z < 0, which is max(e, [Z >= 0]) since
    0 < e <= 1 (branch-free: np.where on a random sign pattern is 3.7-3.9x slower in
    benchmarks/primitives.py)."""
    out = _empty_like(z)
    for o, zb in _blocks(out, z):
        np.abs(zb, out=o)
        np.negative(o, out=o)
        np.exp(o, out=o)
        denominator = o + 1
        np.maximum(o, np.greater_equal(zb, 0), out=o)
        o /= denominator
    return out


def sigmoid_grad(g: np.ndarray, s: np.ndarray) -> np.ndarray:
    """dZ = G · S · (1 - S), from the saved output S = sigmoid(Z)."""
    out = _empty_like(s)
    for o, gb, sb in _blocks(out, g, s):
        np.subtract(1, sb, out=o)
        o *= sb
        o *= gb
    return out


def tanh(z: np.ndarray) -> np.ndarray:
    """Y = tanh(Z)."""
    return np.tanh(z, out=_empty_like(z))


def tanh_grad(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dZ = G · (1 - Y²), from the saved output Y = tanh(Z) (cheaper than keeping Z)."""
    out = _empty_like(y)
    for o, gb, yb in _blocks(out, g, y):
        np.multiply(yb, yb, out=o)
        np.subtract(1, o, out=o)
        o *= gb
    return out


def relu(z: np.ndarray) -> np.ndarray:
    """Y = max(Z, 0) (NaN propagates)."""
    return np.maximum(z, 0, out=_empty_like(z))


def relu_grad(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dZ = G where Y > 0, else 0, from the saved output Y = relu(Z); relu'(0) = 0 as PyTorch.

    Exactly 0 where Y <= 0 even if G is infinite or NaN (as PyTorch's threshold_backward),
    so not G·[Y > 0]: G's bits are ANDed with the mask -[Y > 0] (all ones or all zeros),
    branch-free; copyto(where=) on a random sign pattern is 5.9-6.9x slower
    (benchmarks/primitives.py)."""
    out = _empty_like(y)
    bits = np.dtype(f"i{out.itemsize}")
    for o, gb, yb in _blocks(out, g, y):
        mask = np.subtract(0, np.greater(yb, 0), dtype=bits)
        np.copyto(o, gb)
        np.bitwise_and(o.view(bits), mask, out=o.view(bits))
    return out


# --------------------------------------------------------------------------- loss


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray):
    """(L, dZ) with L = (1/N) sum_n (logsumexp_k Z[n,k] - Z[n, y_n]) and
    dZ[n,k] = (softmax(Z)[n,k] - [k = y_n]) / N.

    Stable: with M[n] = max_k Z[n,k], logsumexp = M + log sum_k exp(Z - M) and every
    exponent is <= 0.  L is a NumPy scalar of the logits' dtype.
    """
    n, k = logits.shape
    labels = np.asarray(labels)
    if labels.shape != (n,):
        raise ValueError(f"labels shape {labels.shape} must be ({n},) to match logits "
                         f"{logits.shape}")
    # The labels index flat positions n·K + y_n below: one outside [0, K) would read another
    # row's logit without an error, so it is refused here.
    if labels.dtype.kind not in "iu" or (n and not 0 <= labels.min() <= labels.max() < k):
        raise ValueError(f"labels {labels.tolist() if n <= 8 else labels} must be integers "
                         f"in [0, {k})")
    shifted = logits - logits.max(axis=1, keepdims=True)
    d = np.exp(shifted)
    total = d.sum(axis=1)
    # Z[n, y_n] - M[n] of every row, read at flat positions n·K + y_n of the shifted logits.
    at_label = _row_starts(n, k) + labels
    loss = (np.log(total).sum() - shifted.take(at_label).sum()) / n
    d /= total[:, None]  # softmax
    d.ravel()[at_label] -= 1.0
    d *= 1.0 / n
    return loss, d


@functools.lru_cache(maxsize=16)
def _row_starts(n: int, k: int) -> np.ndarray:
    """[0, K, 2K, ...]: the flat index of each row's first entry; cached, read-only."""
    starts = np.arange(0, n * k, k)
    starts.setflags(write=False)
    return starts
