"""The 2x2, stride-2 max pool on (N, H, W, C) memory (the panels' layout) and its gradient: the
common case of a convolutional network, with its own lowering."""

from __future__ import annotations

import functools

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .buffers import NHWC, _chunks, _empty, _nhwc


def _max_pool2x2_nhwc(x: np.ndarray, winners: bool = False):
    """:func:`_max_pool2d_tiled` for 2x2 windows on (N, H, W, C) memory, the panels' layout.

    Each row of a window is settled first: m_a = max(X[a, 0], X[a, 1]) with b_a = [X[a, 1] >
    X[a, 0]] (ties keep b = 0), then the rows: Y = max(m_0, m_1) with t = [m_1 > m_0] (ties
    keep a = 0), so the arg-max is the first maximum in row-major order, as PyTorch.  The
    column of the winner, b_t, is b_0 XOR (t AND (b_0 XOR b_1)): bit operations instead of a
    select (copyto where= costs a quarter of the whole pool), and
    I = corner + t·W + b_t.  The general loop's uint8 positions cost a pass each per window
    entry; here 1.2x faster on the VGG-like net's pools (benchmarks/primitives.py).

    Returns (Y, I), or None when a maximum is NaN.  With ``winners`` the second item is the
    :class:`_Winners` (t, b_0, b_1) instead, which :func:`max_pool2d_grad` routes G by
    without any index (I is made only if asked for).
    """
    shape, flat = _quarter_shapes(x.shape)
    v = _quarters(x)
    b0, b1, t = (_empty(shape, np.dtype(bool)).reshape(flat) for _ in range(3))
    np.greater(v[1], v[0], out=b0)
    np.maximum(v[0], v[1], out=v[0])
    np.greater(v[3], v[2], out=b1)
    np.maximum(v[2], v[3], out=v[2])
    np.greater(v[2], v[0], out=t)
    np.maximum(v[0], v[2], out=v[0])
    if np.isnan(v[0]).any():
        return None
    y = v[0].reshape(shape).transpose(0, 3, 1, 2)
    found = _Winners(t, b0, b1, x.shape)
    return (y, found) if winners else (y, found.index())


def _max_pool2x2_relu_nhwc(x: np.ndarray):
    """relu(:func:`_max_pool2x2_nhwc`): (relu(Y), its :class:`_Winners` with ``rectified``
    set), or None when a maximum is NaN.

    relu(Y) = max(Y, 0) in place over Y's buffer (the very operation of the ``relu``
    primitive, so the same bits as relu applied to the pool's output), kept by the
    winners: :func:`_route_2x2` then routes G·[relu(Y) > 0], the gradient of relu(max),
    with [relu(Y) > 0] folded into its row masks chunk by chunk, in cache, instead of
    relu's gradient (a mask and a product over G) before the route.
    """
    found = _max_pool2x2_nhwc(x, winners=True)
    if found is None:
        return None
    y, won = found
    _, flat = _quarter_shapes(x.shape)
    top = y.transpose(0, 2, 3, 1).reshape(flat)  # a view: Y is V_0's buffer
    np.maximum(top, 0, out=top)
    won.rectified = top
    return y, won


def _max_pool2x2_compiled(x: np.ndarray, rectify: bool):
    """The 2x2 pool by the compiled loop of :mod:`.compiled` (with ``rectify``, relu of it:
    :func:`_max_pool2x2_relu_nhwc`'s result): (Y, its :class:`_CompiledWinners`), the
    same bits as the NumPy path; None when numba is absent, the dtype is not float32 or
    float64, or a window holds a NaN (the NumPy path decides those)."""
    compiled = _compiled_loops()
    if compiled is None or x.dtype not in _FLOATS or x.ndim != 4:
        return None
    shape, _ = _quarter_shapes(x.shape)
    y = _empty(shape, x.dtype)
    won = _empty(shape, np.dtype(np.uint8))
    if compiled.max_pool2x2(_nhwc(x), y, won, rectify):
        return None
    return y.transpose(0, 3, 1, 2), _CompiledWinners(won, x.shape, rectify)


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def _compiled_loops():
    """The compiled loops, or None (NumPy only: numba absent, or an exported module, which
    carries this file without the package around it)."""
    try:
        from .compiled import loops
    except ImportError:
        return None
    return loops()


class _CompiledWinners:
    """Where each 2x2 window's first maximum lies, from :func:`_max_pool2x2_compiled`:
    ``won`` (N, Ho, Wo, C) uint8 holds p = 2a + b, plus 8 where G flows back (everywhere
    for the pool alone, where relu(Y) > 0 for relu of it).  ``index()``
    (and ``np.asarray``) give the flat index I of :func:`_max_pool2d`; ``shape`` is I's."""

    def __init__(self, won: np.ndarray, x_shape: tuple, rectified: bool) -> None:
        # rectified: the marks are relu(Y) > 0's, so only relu(max)'s gradient routes by
        # them; the pool's own gradient routes by the index
        self.won, self.rectified = won, rectified
        self.x_shape = tuple(x_shape)
        n, c, h, w = self.x_shape
        self.shape = (n, c, h // 2, w // 2)

    def index(self) -> np.ndarray:
        """I = corner + a·W + b, int64 (N, H, W, C) memory, from p = 2a + b."""
        w = self.x_shape[3]
        p = self.won & 3
        index = (p >> 1).astype(np.int64) * w + (p & 1)
        corners = _tiled_corners(self.shape, 2, 2, w, NHWC).transpose(NHWC)
        return (index + corners).transpose(0, 3, 1, 2)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        index = self.index()
        return index if dtype is None else index.astype(dtype)


def _route_2x2_compiled(g: np.ndarray, found: _CompiledWinners) -> np.ndarray:
    """dX of the 2x2 max pool (or of relu of it) by the compiled loop: G at each marked
    window's winner, else +0.0 (see :mod:`.compiled`)."""
    n, c, h, w = found.x_shape
    dx = _empty((n, h, w, c), g.dtype)
    g4 = g.transpose(NHWC)
    item = g.itemsize
    if g4.strides[3] != item or g4.strides[2] != c * item or g.dtype != dx.dtype:
        g4 = _nhwc(g, dx.dtype)  # rows of pixels not dense: one copy that makes them so
    _, ho, wo, _ = g4.shape
    sn, sh = g4.strides[0] // item, g4.strides[1] // item
    flat = as_strided(g4, ((n - 1) * sn + (ho - 1) * sh + wo * c,), (item,), writeable=False)
    _compiled_loops().route_max2x2(flat, sn, sh, found.won, dx)
    return dx.transpose(0, 3, 1, 2)


def _quarter_shapes(x_shape: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(N, Ho, Wo, C) and its (N·Ho, Wo, C) form: the pool's output in (N, H, W, C) memory."""
    n, c, h, w = x_shape
    return (n, h // 2, w // 2, c), (n * (h // 2), w // 2, c)


def _quarters(x: np.ndarray) -> list[np.ndarray]:
    """V_p = X[2i + p // 2, 2j + p % 2] for p < 4 (row-major window order), each a dense
    (N·Ho, Wo, C) array: the four entries of every 2x2 window, one array per position."""
    n, c, h, w = x.shape
    ho, wo = h // 2, w // 2
    # One pixel's C values as one opaque item (np.void): copying every other item of a
    # row is then one item copy each, where a float copy runs an inner loop of C values
    # per pixel (2.1x faster for the VGG-like net's C = 8: 16 against 34 us per quarter of
    # 32 images, CPU time).
    item = np.dtype((np.void, c * x.itemsize))
    # (N, Ho, 2, Wo, 2) items: splitting axes only, a view even when H or W is odd.
    quad = x.transpose(NHWC)[:, : 2 * ho, : 2 * wo].reshape(n, ho, 2, wo, 2, c)
    quad = quad.view(item)[..., 0]
    shape, flat = _quarter_shapes(x.shape)
    v = [_empty(shape, x.dtype).reshape(flat) for _ in range(4)]
    for p in range(4):  # dense copies: ufuncs on runs of C values are slower than a copy
        np.copyto(v[p].view(item).reshape(n, ho, wo), quad[:, :, p // 2, :, p % 2])
    return v


def _max_pool2x2_lazy(x: np.ndarray) -> _LazyPool | None:
    """:func:`_max_pool2x2_nhwc` for a pass that may never read the arg-max (a forward
    pass outside a training step: evaluation, ``Model.forward``): Y now, I only if read.

    Y is the same three maxima, in the same operand order, as in
    :func:`_max_pool2x2_nhwc` (m_0 = max(V_0, V_1), m_1 = max(V_2, V_3), Y = max(m_0, m_1)),
    so the same bits; they go to fresh buffers instead of over V_0 and V_2, which stay as
    they are so that the comparisons b_0 = [V_1 > V_0], b_1 = [V_3 > V_2] and t = [m_1 > m_0]
    (hence I) can still be made afterwards, from the very values they would have read.
    Skipped unless read: the three comparisons and I (a third of the pool's time at the
    VGG-like net's first pool, where the index is the widest array).  None when a
    maximum is NaN."""
    shape, flat = _quarter_shapes(x.shape)
    v = _quarters(x)
    m0, m1, top = (_empty(shape, x.dtype).reshape(flat) for _ in range(3))
    np.maximum(v[0], v[1], out=m0)
    np.maximum(v[2], v[3], out=m1)
    np.maximum(m0, m1, out=top)
    if np.isnan(top).any():
        return None
    return _LazyPool(top.reshape(shape).transpose(0, 3, 1, 2), v, (m0, m1), x.shape)


class _LazyPool:
    """The pair (Y, I) of :func:`_max_pool2x2_lazy`: ``[0]`` is Y, ``[1]`` the index I of
    :func:`_max_pool2x2_nhwc`, made on first reading (unpacking reads both)."""

    def __init__(self, y: np.ndarray, v: list, maxima: tuple, x_shape: tuple) -> None:
        self.y, self._v, self._maxima, self._x_shape = y, v, maxima, tuple(x_shape)
        self._index: np.ndarray | None = None

    def __len__(self) -> int:
        return 2

    def __getitem__(self, k: int) -> np.ndarray:
        if k in (0, -2):
            return self.y
        if k not in (1, -1):
            raise IndexError(f"pool result index {k} out of range (Y, I)")
        if self._index is None:
            self._index = self._made_index()
        return self._index

    def __iter__(self):
        return iter((self[0], self[1]))

    def _made_index(self) -> np.ndarray:
        v, (m0, m1) = self._v, self._maxima
        b0, b1, t = (np.greater(a, b) for a, b in ((v[1], v[0]), (v[3], v[2]), (m1, m0)))
        self._v, self._maxima = [], ()  # the quarters are no longer needed
        return _Winners(t, b0, b1, self._x_shape).index()


class _CompiledPool(_LazyPool):
    """(Y, I) of the compiled 2x2 pool in a forward pass alone, as :class:`_LazyPool`: I
    made from the winners only if read."""

    def __init__(self, y: np.ndarray, found: _CompiledWinners) -> None:
        self.y, self.found = y, found
        self._index = None

    def _made_index(self) -> np.ndarray:
        return self.found.index()


class _Winners:
    """Where the first maximum of each 2x2 window of :func:`_max_pool2x2_nhwc` lies: row
    t = [m_1 > m_0] and, in each row a, column b_a = [X[a, 1] > X[a, 0]] (bool arrays
    (N·Ho, Wo, C), channels innermost).  ``index()`` (and ``np.asarray``) give the flat index
    I of :func:`_max_pool2d`; ``shape`` is I's."""

    def __init__(self, t: np.ndarray, b0: np.ndarray, b1: np.ndarray, x_shape: tuple) -> None:
        self.t, self.b0, self.b1 = t, b0, b1
        # relu(Y) as (N·Ho, Wo, C), set by :func:`_max_pool2x2_relu_nhwc`: only windows
        # with relu(Y) > 0 send G back (relu(max)); None: every window.
        self.rectified: np.ndarray | None = None
        self.x_shape = tuple(x_shape)
        n, c, h, w = self.x_shape
        self.shape = (n, c, h // 2, w // 2)
        self._index: np.ndarray | None = None

    def index(self) -> np.ndarray:
        """I = corner + t·W + b_t (int64, (N, H, W, C) memory), made once."""
        if self._index is None:
            n, c, h, w = self.x_shape
            nhwc = (n, h // 2, w // 2, c)
            # b_t = b_0 XOR (t AND (b_0 XOR b_1)); then t·W + b_t in the narrowest integers
            # that hold W + 1, and one widening add to the corners (1.5x faster than three
            # passes over int64 at the VGG-like net's first pool).
            bt = np.bitwise_xor(self.b0, self.b1)
            np.bitwise_and(bt, self.t, out=bt)
            np.bitwise_xor(bt, self.b0, out=bt)
            small = np.dtype(np.int16 if w < np.iinfo(np.int16).max else np.int64)
            offset = _empty(self.t.shape, small)
            np.multiply(self.t, w, out=offset, dtype=small)
            np.add(offset, bt, out=offset, dtype=small)
            index = _empty(nhwc, np.dtype(np.int64))
            corners = _tiled_corners(self.shape, 2, 2, w, NHWC).transpose(NHWC)
            np.add(corners, offset.reshape(nhwc), out=index)
            self._index = index.transpose(0, 3, 1, 2)
        return self._index

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        index = self.index()
        return index if dtype is None else index.astype(dtype)


def _route_2x2(g: np.ndarray, found: _Winners) -> np.ndarray:
    """dX of the 2x2 pool from its :class:`_Winners`, without an index: dX[2i + a, 2j + b] =
    G[i, j] where the winner is (a, b), else 0 (rows and columns no window reads: 0).

    On G's bits as integers as wide as its floats, G_1 = G·[t] is G on the windows won in
    row 1 and G_0 = G XOR G_1 on the others; in each row, G_a·[b_a] is the part won in
    column 1 and G_a XOR that the part won in column 0.  Integer products by 0 or 1 and
    XORs select bits exactly (an infinite or NaN G stays where it is routed, every other
    entry is +0, as PyTorch's scatter; the product costs 0.7x of the AND with -[t], whose
    negation from bool is the slower cast), and the four parts go to their
    quarters of dX as whole-pixel items (see :func:`_max_pool2x2_nhwc`): no scatter by index
    and no zeroing pass.
    """
    n, c, h, w = found.x_shape
    ho, wo = h // 2, w // 2
    bits = np.dtype(f"i{g.itemsize}")
    item = np.dtype((np.void, c * g.itemsize))
    flat = found.t.shape
    # G read where it lies when its pixels are dense rows of C values in (N, H, W, C)
    # memory, as a cropped input gradient is (every row of pixels is contiguous; the
    # rows are not): the first products read that view instead of a dense copy of G.
    g4 = g.transpose(NHWC)
    if g4.strides[3] != g.itemsize or g4.strides[2] != c * g.itemsize:
        g4 = _nhwc(g)
    gb = g4.view(bits)
    dx = _empty((n, h, w, c), g.dtype)
    if h != 2 * ho:
        dx[:, 2 * ho :] = 0
    if w != 2 * wo:
        dx[:, :, 2 * wo :] = 0
    quad = dx[:, : 2 * ho, : 2 * wo].reshape(n, ho, 2, wo, 2, c).view(item)[..., 0]  # a view
    # Images in cache-sized chunks: G, the winners, the temporaries and dX of a chunk
    # stay in cache through the six passes and four copies.
    per_image = ho * wo * c * (4 * g.itemsize + 3) + h * w * c * g.itemsize
    chunks = _chunks(n, per_image) if _ROUTE_CHUNKS else [(0, n)]
    size = (chunks[0][1] - chunks[0][0]) * ho
    row, part, other = (_empty((size, *flat[1:]), bits) for _ in range(3))
    if found.rectified is not None:
        positive, row1, row0 = (_empty((size, *flat[1:]), np.dtype(bool)) for _ in range(3))
    for n0, n1 in chunks:
        r0, r1 = n0 * ho, n1 * ho
        m = n1 - n0
        o, r, p, gm = other[: r1 - r0], row[: r1 - r0], part[: r1 - r0], gb[n0:n1]
        four = (m, ho, wo, c)
        o4, r4 = o.reshape(four), r.reshape(four)
        # The bool masks go to the integer products as they are (cast to 0 or 1 inside
        # the ufunc, in cache), not first copied to integers (the VGG-like net's first
        # pool at 32 images, CPU time: 1.03x and 1.10x faster in two runs).
        if found.rectified is None:
            np.multiply(gm, found.t[r0:r1].reshape(four), out=o4)  # G_1
            np.bitwise_xor(gm, o4, out=r4)  # G_0
        else:  # relu(max): P = [relu(Y) > 0], G_1 = G·[t AND P], G_0 = G·[P AND NOT t]
            pos, t1, t0 = positive[: r1 - r0], row1[: r1 - r0], row0[: r1 - r0]
            np.greater(found.rectified[r0:r1], 0, out=pos)
            np.logical_and(found.t[r0:r1], pos, out=t1)
            np.greater(pos, found.t[r0:r1], out=t0)  # P AND NOT t
            np.multiply(gm, t1.reshape(four), out=o4)
            np.multiply(gm, t0.reshape(four), out=r4)
        for a, (won, b) in enumerate(((r, found.b0[r0:r1]), (o, found.b1[r0:r1]))):
            np.multiply(won, b, out=p)  # column 1
            np.bitwise_xor(won, p, out=won)  # column 0
            np.copyto(quad[n0:n1, :, a, :, 0], won.view(item).reshape(m, ho, wo))
            np.copyto(quad[n0:n1, :, a, :, 1], p.view(item).reshape(m, ho, wo))
    return dx.transpose(0, 3, 1, 2)


# False: the routing passes over the whole batch at once.  Chunked, a training step of the
# VGG-like net ran 1.03x faster at batch 64 (two runs) and at 256 (CPU time, toggled in one
# process, the same bits); the same chunks in the pool's forward pass gained nothing
# (1.00x and 0.99x), so it passes over the whole chunk of the step.
_ROUTE_CHUNKS = True


@functools.lru_cache(maxsize=8)
def _tiled_corners(
    shape: tuple[int, ...], kh: int, kw: int, w: int, order: tuple[int, ...]
) -> np.ndarray:
    """corner[n, c, i, j] = kh·i·W + kw·j, int64, stored in memory ``order``; read-only."""
    _, _, ho, wo = shape
    corner = _empty(shape, np.dtype(np.int64), order)
    corner[...] = kh * w * np.arange(ho)[:, None] + kw * np.arange(wo)
    corner.setflags(write=False)
    return corner
