"""Average and max pooling and their gradients."""

from __future__ import annotations

import functools

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .buffers import (
    _REUSE,
    NHWC,
    ArgumentError,
    Pads,
    Pair,
    _dense_in,
    _empty,
    _empty_like,
    _layout,
    _nhwc,
    _remembered,
    _zeros,
)
from .geometry import _check_output, _check_pads, _out_size, crop2d, pad2d
from .pointwise import relu_grad
from .pool2x2 import (
    _CompiledPool,
    _CompiledWinners,
    _max_pool2x2_compiled,
    _max_pool2x2_lazy,
    _max_pool2x2_nhwc,
    _max_pool2x2_relu_nhwc,
    _route_2x2,
    _route_2x2_compiled,
    _tiled_corners,
    _Winners,
)


def _pool_geometry(
    x_shape: tuple[int, ...], kernel: Pair, stride: Pair, pads: Pads
) -> tuple[int, int, int, int]:
    """(Hp, Wp, Ho, Wo) of a pool, validated (once per configuration)."""
    return _valid_pool_geometry(tuple(x_shape), tuple(kernel), tuple(stride), tuple(pads))


@functools.lru_cache(maxsize=1024)
def _valid_pool_geometry(
    x_shape: tuple[int, ...], kernel: Pair, stride: Pair, pads: Pads
) -> tuple[int, int, int, int]:
    top, bottom, left, right = _check_pads(pads)
    hp, wp = x_shape[2] + top + bottom, x_shape[3] + left + right
    if min(*kernel, *stride) < 1:
        raise ArgumentError(f"pool kernel {kernel} and stride {stride} must be positive")
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
def _channel_sum_matrix(
    kw: int, c: int, scale: float, dtype: np.dtype, transpose: bool = False
) -> np.ndarray:
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
        p[i, kh * i : kh * i + kh] = scale
    p.setflags(write=False)
    return p


def _strided_sum(
    x: np.ndarray, axis: int, k: int, s: int, count: int, out: np.ndarray | None = None
) -> np.ndarray:
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


def _scatter(dst: np.ndarray, src: np.ndarray, axis: int, k: int, s: int, assign: bool) -> None:
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
            xm = x.transpose(NHWC).reshape(n, x.shape[2], -1)[:, :, : wo * kw * c]
            np.matmul(p, xm, out=rows.reshape(n, ho, -1))
            scale = 1.0
        else:
            _strided_sum(x.transpose(NHWC)[:, :, : wo * kw, :], 1, kh, sh, ho, out=rows)
            scale = 1.0 / (kh * kw)
        y = _empty((n, ho, wo, c), x.dtype)
        m = _channel_sum_matrix(kw, c, scale, x.dtype)
        np.matmul(rows.reshape(-1, kw * c), m, out=y.reshape(-1, c))
        return y.transpose(0, 3, 1, 2)
    out = _strided_sum(_strided_sum(pad2d(x, pads), 2, kh, sh, ho), 3, kw, sw, wo)
    out *= 1.0 / (kh * kw)
    return out


def avg_pool2d_grad(
    g: np.ndarray, x_shape: tuple[int, ...], kernel: Pair, stride: Pair, pads: Pads
) -> np.ndarray:
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
        raise ArgumentError(f"gradient shape {g.shape} does not match the output {(n, c, ho, wo)}")
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
        dx[:, : ho * kh, : wo * kw].reshape(n, ho, kh, wo * kw, c)[...] = spread[:, :, None]
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
        raise ArgumentError(
            f"max pool pads {pads} must be smaller than the kernel {kernel} "
            "(a window of padding only has no maximum)"
        )
    _, _, ho, wo = _pool_geometry(x.shape, kernel, stride, pads)
    n, c, h, w = x.shape
    xp = np.full((n, c, top + h + bottom, left + w + right), -np.inf, x.dtype)
    xp[:, :, top : top + h, left : left + w] = x
    sn, sc, sy, sx = xp.strides
    view = as_strided(
        xp, (n, c, ho, wo, kh, kw), (sn, sc, sh * sy, sw * sx, sy, sx), writeable=False
    )
    return view.reshape(n, c, ho, wo, kh * kw)


def max_pool2d(x: np.ndarray, kernel: Pair, stride: Pair, pads: Pads):
    """See :func:`_max_pool2d` (remembered inside :func:`reuse_gathers`).

    Inside :func:`reuse_gathers` (a training step, whose backward pass hands the second
    item to :func:`max_pool2d_grad`) a 2x2 pool on (N, H, W, C) memory gives its
    :class:`_Winners` as the second item: ``np.asarray`` of it is the index I, and
    :func:`max_pool2d_grad` routes G by it without ever making I.  Outside it (a forward
    pass alone, which reads Y only) the 2x2 pool makes I only if the second item is read
    (:func:`_max_pool2x2_lazy`)."""
    if getattr(_REUSE, "memo", None) is None:
        return _max_pool2d(x, kernel, stride, pads, lazy=True)
    return _remembered(
        "maxpool",
        x,
        (tuple(kernel), tuple(stride), tuple(pads)),
        lambda: _max_pool2d(x, kernel, stride, pads, winners=True),
    )


def _max_pool2d(
    x: np.ndarray, kernel: Pair, stride: Pair, pads: Pads, winners: bool = False, lazy: bool = False
):
    """Y[n,c,i,j] = max_{a<kh, b<kw} Xpad[n, c, s_h·i + a, s_w·j + b], Xpad padded with -inf.

    Returns (Y, I) with I[n,c,i,j] = h·W + w, the flat index into the *unpadded* H x W plane
    of the maximum (as PyTorch's return_indices), where h = s_h·i + a* - p0, w = s_w·j + b* - l.
    Ties: the first maximum in row-major window order (smallest a, then smallest b), as
    PyTorch; a NaN counts as the maximum (the first NaN; PyTorch reports the last).  Each pad
    must be smaller than the kernel so every window holds a real entry.  ``winners``: see
    :func:`max_pool2d`; ``lazy``: a 2x2 pool on (N, H, W, C) memory returns the pair of
    :func:`_max_pool2x2_lazy`, whose I is made when read.
    """
    if _tiled(kernel, stride, pads):
        _pool_geometry(x.shape, kernel, stride, pads)  # validates
        tiled = _max_pool2d_tiled(x, kernel, winners, lazy)
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


def _max_pool2d_tiled(x: np.ndarray, kernel: Pair, winners: bool = False, lazy: bool = False):
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
    if (kh, kw) == (2, 2) and _POOL_2X2 and (winners or lazy):
        compiled = _max_pool2x2_compiled(x, rectify=False)
        if compiled is not None:
            return compiled if winners else _CompiledPool(*compiled)
    if (kh, kw) == (2, 2) and _POOL_2X2 and _dense_in(x, NHWC):
        return _max_pool2x2_lazy(x) if lazy and not winners else _max_pool2x2_nhwc(x, winners)
    order = _layout(x)
    shape = (n, c, ho, wo)
    views = [x[:, :, a : ho * kh : kh, b : wo * kw : kw] for a in range(kh) for b in range(kw)]
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


def max_pool2d_grad(
    g: np.ndarray,
    argmax: np.ndarray,
    x_shape: tuple[int, ...],
    kernel: Pair,
    stride: Pair,
    pads: Pads,
) -> np.ndarray:
    """dX[n,c,h,w] = sum G[n,c,i,j] over the windows (i, j) whose maximum I[n,c,i,j] is h·W + w.

    ``argmax`` is the index array returned by :func:`max_pool2d`, or the
    :class:`_Winners` it returns inside :func:`reuse_gathers` (routed by
    :func:`_route_2x2`, same values).  When windows cannot overlap (stride >= kernel on both
    axes) every input position receives at most one window and a plain scatter suffices;
    otherwise the contributions are accumulated.
    """
    n, c, h, w = x_shape
    if g.shape != argmax.shape:
        raise ArgumentError(f"gradient shape {g.shape} does not match the indices {argmax.shape}")
    if isinstance(argmax, _Winners):
        same = argmax.x_shape == tuple(x_shape) and tuple(kernel) == (2, 2)
        if same and _tiled(kernel, stride, pads):
            return _route_2x2(g, argmax)
        argmax = argmax.index()
    if isinstance(argmax, _CompiledWinners):
        same = argmax.x_shape == tuple(x_shape) and tuple(kernel) == (2, 2)
        if same and _tiled(kernel, stride, pads) and not argmax.rectified:
            return _route_2x2_compiled(g, argmax)
        argmax = argmax.index()
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


def max_pool2d_relu(x: np.ndarray, kernel: Pair, stride: Pair, pads: Pads):
    """(relu(Y), R): the max pool of x followed by relu, one pass over its windows, and
    the route R that :func:`max_pool2d_relu_grad` sends G back by (remembered inside
    :func:`reuse_gathers`, as :func:`max_pool2d`).

    max(relu(x)) = relu(max(x)) for every window (relu is monotone), and relu runs on the
    pool's output only.  A 2x2 pool on (N, H, W, C) memory in a training step keeps
    relu(Y) with its winners (:func:`_max_pool2x2_relu_nhwc`), whose route folds
    [relu(Y) > 0] into its row masks; every other case is the
    pool's (Y, I) with relu(Y) = max(Y, 0) over Y's own buffer (each path's Y is new)."""
    if getattr(_REUSE, "memo", None) is None:
        return _max_pool2d_relu(x, kernel, stride, pads, lazy=True)
    return _remembered(
        "maxpool_relu",
        x,
        (tuple(kernel), tuple(stride), tuple(pads)),
        lambda: _max_pool2d_relu(x, kernel, stride, pads, winners=True),
    )


def _max_pool2d_relu(
    x: np.ndarray, kernel: Pair, stride: Pair, pads: Pads, winners: bool = False, lazy: bool = False
):
    if tuple(kernel) == (2, 2) and _tiled(kernel, stride, pads) and _POOL_2X2:
        _pool_geometry(x.shape, kernel, stride, pads)  # validates
        compiled = _max_pool2x2_compiled(x, rectify=True)
        if compiled is not None:
            return compiled[0], _Rectified(compiled, compiled[0])
        if winners and _dense_in(x, NHWC):
            fused = _max_pool2x2_relu_nhwc(x)
            if fused is not None:
                return fused[0], _Rectified(fused, fused[0])
    pair = _max_pool2d(x, kernel, stride, pads, winners=winners, lazy=lazy)
    y = pair[0]
    np.maximum(y, 0, out=y)
    return y, _Rectified(pair, y)


class _Rectified:
    """The route of :func:`max_pool2d_relu`: the pool's pair (Y, I) (its second item read
    only when routed) and relu(Y)."""

    def __init__(self, pair, y: np.ndarray) -> None:
        self.pair, self.y = pair, y


def max_pool2d_relu_grad(
    g: np.ndarray,
    route: _Rectified,
    x_shape: tuple[int, ...],
    kernel: Pair,
    stride: Pair,
    pads: Pads,
) -> np.ndarray:
    """dX of relu(max_pool2d(X)): dX[t] = sum of G[o]·[Y[o] > 0] over the windows o whose
    first maximum is t, with Y = relu(max) the forward's output and ``route`` the second
    item :func:`max_pool2d_relu` returned.  Where the winners keep relu(Y)
    (:func:`_max_pool2x2_relu_nhwc`) G is routed by them directly; otherwise G·[Y > 0]
    (relu's gradient) is routed by the pool's index."""
    found = route.pair[1] if isinstance(route, _Rectified) else route
    if isinstance(found, _CompiledWinners):
        same = found.x_shape == tuple(x_shape) and tuple(kernel) == (2, 2)
        if same and _tiled(kernel, stride, pads) and g.shape == found.shape:
            return _route_2x2_compiled(g, found)
        found = found.index()
    if isinstance(found, _Winners) and found.rectified is not None:
        same = found.x_shape == tuple(x_shape) and tuple(kernel) == (2, 2)
        if same and _tiled(kernel, stride, pads) and g.shape == found.shape:
            return _route_2x2(g, found)
    if not isinstance(route, _Rectified):
        raise ArgumentError("max_pool2d_relu_grad routes by the second item of max_pool2d_relu")
    return max_pool2d_grad(relu_grad(g, route.y), found, x_shape, kernel, stride, pads)


@functools.lru_cache(maxsize=8)
def _plane_starts(
    shape: tuple[int, ...], strides: tuple[int, ...], itemsize: int, order: tuple[int, ...]
) -> np.ndarray:
    """start[n, c, i, j] = memory index of (n, c, 0, 0) for ``strides``, int64, stored in
    ``order``; read-only."""
    n, c = shape[:2]
    start = _empty(shape, np.dtype(np.int64), order)
    start[...] = (
        np.arange(n)[:, None] * (strides[0] // itemsize) + np.arange(c) * (strides[1] // itemsize)
    )[:, :, None, None]
    start.setflags(write=False)
    return start
