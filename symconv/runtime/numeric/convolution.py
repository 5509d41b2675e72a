"""Correlation, its weight gradient, the full convolution with the rotated kernel (dL/dX) and the
bias gradient."""

from __future__ import annotations

import functools

import numpy as np

from .buffers import (
    ArgumentError,
    Pair,
    _chunks,
    _dense_transpose,
    _empty,
    _layout,
    _nhwc,
    _ones,
    _recalled,
    _remembered,
    _zeros,
)
from .geometry import _padded_hw, _Panels, _panels


def correlate2d(
    xpad: np.ndarray, w: np.ndarray, stride: Pair, dilation: Pair, groups: int
) -> np.ndarray:
    """Z[n,f,i,j] = sum_{c,a,b} Xpad[n, g(f)·Cg + c, s_h·i + d_h·a, s_w·j + d_w·b] · W[f,c,a,b].

    Shapes: Xpad (N, C, Hp, Wp), W (F, Cg, kh, kw), Z (N, F, Ho, Wo) with
    Ho = floor((Hp - d_h(kh-1) - 1)/s_h) + 1 (same for Wo).  No padding here: pass pad2d(X).
    Computed as one product A·T per segment of column blocks (see :class:`_Panels`).
    """
    return _correlate(xpad, w, None, stride, dilation, groups)


def correlate2d_bias(
    xpad: np.ndarray, w: np.ndarray, b: np.ndarray, stride: Pair, dilation: Pair, groups: int
) -> np.ndarray:
    """Z[n,f,i,j] = b[f] + sum_{c,a,b'} Xpad[n, g(f)·Cg + c, s_h·i + d_h·a, s_w·j + d_w·b']
    · W[f,c,a,b']: :func:`correlate2d` plus a bias per filter, in the same products.

    With A1 = [A | 1] (:meth:`_Panels.rows` with ``ones``) and T1 = T over the row
    T1[last, (jj,f)] = b[f], (A1·T1)[(n,i,q), (jj,f)] = (A·T)[(n,i,q), (jj,f)] + 1·b[f]
    = Z[n, f, i, j0 + bw·q + jj] + b[f]: the bias costs one more term of each dot product
    instead of a pass over Z.
    """
    if np.shape(b) != (w.shape[0],):
        raise ArgumentError(f"bias shape {np.shape(b)} must be ({w.shape[0]},)")
    return _correlate(xpad, w, b, stride, dilation, groups)


def _correlate(
    xpad: np.ndarray, w: np.ndarray, b: np.ndarray | None, stride: Pair, dilation: Pair, groups: int
) -> np.ndarray:
    pan = _panels(xpad.shape, w.shape, stride, dilation, groups)
    dtype = np.result_type(xpad, w) if b is None else np.result_type(xpad, w, b)
    z = _empty((pan.n, pan.ho, pan.wo, pan.f), dtype)  # (N, H, W, C) memory
    for j0, bw, count in pan.segments:
        a = pan.rows(xpad, j0, bw, count, ones=b is not None)
        t = pan.toeplitz(w, bw, b)
        out = z[:, :, j0 : j0 + bw * count, :]
        if len(pan.segments) == 1:  # the product rows are Z's own memory
            _tall_product(a, t, out.reshape(a.shape[0], -1))
        else:
            rows = _tall_product(a, t, _empty((a.shape[0], t.shape[1]), dtype))
            out[...] = rows.reshape(pan.n, pan.ho, bw * count, pan.f)
    return z.transpose(0, 3, 1, 2)


# A product A·T with many rows (a whole chunk's panel rows: 8192 for the VGG-like net's
# first convolution at 32 images) and a few whole vectors of columns runs faster as one
# stacked product over pieces of this many rows of A than as one product (OpenBLAS, one
# thread; the product alone, CPU time: 8192 x 55 x 32 1.27x, 4096 x 97 x 32 1.23x; pieces
# of 256 rows 1.33x and 1.16x, of 1024 rows none faster).  With the gather, the forward
# correlation of 32 images ran 1.14-1.20x faster at the VGG-like net's convolutions and
# 1.14x at LeNet-5's C3 (32 columns; two runs), but 0.94x at its C1, whose 24 columns are
# not a multiple of _PIECE_COLUMNS: such products stay whole.  A^T·G over those rows
# (:func:`_gram`) gains at all four.
_PIECE_ROWS = 128
_PIECE_COLUMNS = 16


def _tall_product(a: np.ndarray, t: np.ndarray, out: np.ndarray) -> np.ndarray:
    """out = A·T for A (M, K), T (K, N) and a dense ``out`` (M, N): consecutive pieces of
    _PIECE_ROWS rows of A (and the rest) each multiplied by T.  Every row of A·T is its own
    sum over K, whichever piece it is in."""
    m = a.shape[0]
    pieces = m // _PIECE_ROWS
    if pieces < 2 or t.shape[1] % _PIECE_COLUMNS:
        return np.matmul(a, t, out=out)
    rows = pieces * _PIECE_ROWS
    stacked = out[:rows].reshape(pieces, _PIECE_ROWS, -1)
    np.matmul(a[:rows].reshape(pieces, _PIECE_ROWS, -1), t, out=stacked)
    if rows < m:
        np.matmul(a[rows:], t, out=out[rows:])
    return out


def correlate2d_grad_weight(
    xpad: np.ndarray, g: np.ndarray, stride: Pair, dilation: Pair, groups: int, kernel_size: Pair
) -> np.ndarray:
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
        raise ArgumentError(
            f"gradient shape {g.shape} does not match the output {(n, f_n, pan.ho, pan.wo)}"
        )
    dw_sum = None
    a1s = [pan.remembered_rows1(xpad, *seg) for seg in pan.segments]
    with_ones = all(a1 is not None for a1 in a1s)
    db = None
    for k, (j0, bw, count) in enumerate(pan.segments):
        if with_ones:
            # A1 = [A | 1] (gathered by correlate2d_bias): P1 = A1^T · G_blk is P over the
            # row sum_{n,i,q} G_blk[(n,i,q), (jj,f)], whose sum over jj (and the segments)
            # is sum_{n,i,j} G[n,f,i,j] = db[f], remembered for bias_grad(G).
            p1 = _gram(a1s[k], pan.out_rows(g, j0, bw, count))
            p, ones_row = p1[:-1], p1[-1].reshape(bw, f_n).sum(axis=0)
            db = ones_row if db is None else db + ones_row
        else:
            p = _gram(pan.rows(xpad, j0, bw, count), pan.out_rows(g, j0, bw, count))
        part = pan.tap_sums(p, bw)
        dw_sum = part if dw_sum is None else dw_sum + part
    if db is not None:
        _remembered("bias_grad", g, (), lambda: db)
    return dw_sum


def _gram(a: np.ndarray, g: np.ndarray) -> np.ndarray:
    """A^T·G for A (M, K) and G (M, N): sum_p A_p^T·G_p over consecutive pieces p of
    _PIECE_ROWS rows (see :func:`_tall_product`; the rows left over make one more piece,
    added last), the pieces' products added in order.  (The weight gradient of 32 images,
    CPU time, two runs: 1.25-1.28x and 1.17-1.21x faster than one product at the VGG-like
    net's two convolutions, 1.12-1.15x and 1.08-1.14x at LeNet-5's C1 and C3.)"""
    m = a.shape[0]
    pieces = m // _PIECE_ROWS
    if pieces < 2:
        return a.T @ g
    rows = pieces * _PIECE_ROWS
    stack = _empty((pieces, a.shape[1], g.shape[1]), np.result_type(a, g))
    np.matmul(
        a[:rows].reshape(pieces, _PIECE_ROWS, -1).transpose(0, 2, 1),
        g[:rows].reshape(pieces, _PIECE_ROWS, -1),
        out=stack,
    )
    total = stack.sum(axis=0)
    if rows < m:
        total += a[rows:].T @ g[rows:]
    return total


def full_convolve2d_rot180(
    g: np.ndarray, w: np.ndarray, stride: Pair, dilation: Pair, groups: int, padded_size
) -> np.ndarray:
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
        raise ArgumentError(
            f"gradient shape {g.shape} does not match the output {(n, f_n, pan.ho, pan.wo)}"
        )
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
            part = r[: rows.shape[0]]
            np.matmul(rows, t_t, out=part)
            part = part.reshape(n1 - n0, pan.ho, count, pan.kh, -1)
            for a in range(pan.kh):
                _col2im(dx[n0:n1], part[:, :, :, a], pan, a, j0, bw)
    return dx.transpose(0, 3, 1, 2)


# The row sums of :func:`_convolve_by_row_sums` cost Hp / (bw·F) of the main product; they
# replace the scatter while that is at most 1/_ROW_SUM_RATIO (at 1/3.6, the VGG-like net's
# conv2 at 32 images, the row sums ran 1.24x and 1.09x faster than the scatter in two runs
# of `python benchmarks/primitives.py` at load 10-11, 2026-12-04).
_ROW_SUM_RATIO = 3

# True: an overlapping block's row sums go to dXpad in two products (see
# :func:`_convolve_by_row_sums`); False: through a whole strip, as before (for A/B runs).
_SPLIT_STRIPS = True


@functools.lru_cache(maxsize=64)
def _row_sum_matrix(hp: int, ho: int, kh: int, sh: int, dh: int, dtype: np.dtype) -> np.ndarray:
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


def _convolve_by_row_sums(
    g: np.ndarray, w: np.ndarray, pan: _Panels, padded: Pair, dtype: np.dtype
) -> np.ndarray:
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
            np.matmul(g_rows[n0 * pan.ho : n1 * pan.ho, j * f_n : (j + bw) * f_n], t_t, out=r)
            stack = r.reshape(m, pan.ho * pan.kh, u * c)  # R_qn[(i, a), (u, c)] per image
            # dXpad[n, t, x0 + u, c] as (m, Hp, U·C): a view (slices of a dense reshape).
            target = dx[n0:n1].reshape(m, hp, wp * c)[:, :, x0 * c : (x0 + u) * c]
            if x0 >= done:  # nothing written here yet: the product writes dXpad itself
                dx[n0:n1, :, done:x0] = 0  # columns no window reaches
                np.matmul(b, stack, out=target)
            elif _SPLIT_STRIPS:
                # Only the columns an earlier strip reached go through a temporary; the
                # product writes the others in place (every entry is its own dot product
                # over (i, a), whichever columns a product covers).
                split = (min(done, x0 + u) - x0) * c
                strip = _empty((m, hp, split), dtype)
                np.matmul(b, stack[:, :, :split], out=strip)
                target[:, :, :split] += strip
                if split < u * c:
                    np.matmul(b, stack[:, :, split:], out=target[:, :, split:])
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
            dst = dx[:, rows, first : first + u, :]
            dst += src.reshape(dst.shape)
            continue
        offset = ((pan.dh * a) * wp + first) * c * item
        dst = np.ndarray(src.shape, dx.dtype, buffer=dx, offset=offset, strides=strides)
        dst += src


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
