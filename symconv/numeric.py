"""Vectorised NumPy primitives: one closed form each, NCHW, weights (F, C/groups, kh, kw).

This module imports NumPy only (no SymPy, no other symconv module): exported standalone
modules copy it verbatim.  Every function computes exactly the formula in its docstring; the
layout of the *memory* behind a returned array is an implementation detail (a result may be a
transposed or sliced view), its shape and values are the contract.  dtype in = dtype out.

Conventions, for one spatial axis (the other is the same): input size H, padding
(p0, p1), padded size Hp = p0 + H + p1, kernel k, stride s, dilation d, output size
Ho = floor((Hp - d·(k-1) - 1) / s) + 1.  Groups split the C input channels into blocks of
Cg = C / groups and the F filters into blocks of Fg = F / groups; filter f reads the block
g(f) = f // Fg.  Pads are (top, bottom, left, right); stride and dilation are (h, w) pairs.

Convolutions are lowered to one matrix product per block of output columns ("row panels"):
the rows of the left factor are the kh input rows a window of output row i touches
(A[(n, i), (a, c, u)] = Xpad[n, c, s_h·i + d_h·a, u], contiguous runs, cheap to gather) and
the right factor is the banded (Toeplitz) matrix T[(a, c, u), (f, j)] = W[f, c, a, b] where
u = s_w·j + d_w·b.  The product A·T is the correlation with the output in (n, i, f, j) order,
A^T·G is a band of the weight gradient and G·T^T holds the input-gradient rows.  Arrays
produced by the convolutions therefore live in (N, H, C, W) memory order behind an NCHW view;
the element-wise primitives keep the memory order of their input.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.lib.stride_tricks import as_strided

Pads = tuple[int, int, int, int]
Pair = tuple[int, int]

# --------------------------------------------------------------------------- helpers


def _out_size(padded: int, k: int, s: int, d: int) -> int:
    """floor((Hp - d(k-1) - 1) / s) + 1: the number of window starts s·i with s·i + d(k-1) < Hp."""
    return (padded - d * (k - 1) - 1) // s + 1


def _check_pads(pads: Pads) -> tuple[int, int, int, int]:
    if len(pads) != 4 or any(int(p) < 0 for p in pads):
        raise ValueError(f"pads {pads!r} must be four non-negative ints (top, bottom, left, right)")
    return tuple(int(p) for p in pads)  # type: ignore[return-value]


def _check_output(name: str, ho: int, wo: int) -> None:
    if ho < 1 or wo < 1:
        raise ValueError(f"{name}: the kernel does not fit the padded input (output {ho}x{wo})")


def _layout(ref: np.ndarray) -> list[int]:
    """Axes of ``ref`` from the slowest-varying to the fastest in memory (ties keep order)."""
    return sorted(range(ref.ndim), key=lambda ax: -abs(ref.strides[ax]))


def _alloc(shape: tuple[int, ...], dtype: np.dtype, like: np.ndarray, zero: bool) -> np.ndarray:
    """A new array of ``shape`` whose memory order of axes is the one of ``like``."""
    order = _layout(like)
    buf = (np.zeros if zero else np.empty)([shape[ax] for ax in order], dtype)
    return buf.transpose(np.argsort(order))


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


def _nhwc(shape: tuple[int, int, int, int], dtype: np.dtype, zero: bool) -> np.ndarray:
    """An NCHW-shaped array whose memory is in (N, H, W, C) order, as the panels produce."""
    n, c, h, w = shape
    return (np.zeros if zero else np.empty)((n, h, w, c), dtype).transpose(0, 3, 1, 2)


class _Panels:
    """Block-Toeplitz lowering of one convolution geometry (see the module docstring).

    Output columns are cut into segments of ``count`` blocks of ``bw`` consecutive columns
    (a possible last, narrower block is its own segment).  Block q of a segment starts at
    output column j0 + bw·q and reads the U = s_w(bw-1) + d_w(kw-1) + 1 input columns from
    s_w·(j0 + bw·q); its GEMM row is A[(n,i,q), (a,u,c)] = Xpad[n, c, s_h·i + d_h·a,
    s_w·(j0 + bw·q) + u] and its output is the row Z[n, :, i, j0 + bw·q + jj] for jj < bw.
    """

    def __init__(self, x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: Pair,
                 dilation: Pair, groups: int) -> None:
        self.ho, self.wo = _conv_geometry(x_shape, w_shape, stride, dilation, groups)
        self.n, self.c = x_shape[:2]
        self.f, self.cg, self.kh, self.kw = w_shape
        (self.sh, self.sw), (self.dh, self.dw) = stride, dilation
        self.groups = groups
        bw = _panel_width(self.wo, self.kw, self.c, self.f, self.sw, self.dw)
        count, tail = divmod(self.wo, bw)
        self.segments = [(0, bw, count)] if count else []
        if tail:
            self.segments.append((count * bw, tail, 1))

    def width(self, bw: int) -> int:
        """U: input columns one block of ``bw`` output columns reads."""
        return self.sw * (bw - 1) + self.dw * (self.kw - 1) + 1

    def rows(self, xpad: np.ndarray, j0: int, bw: int, count: int) -> np.ndarray:
        """A (N·Ho·count, kh·U·C), gathered from a strided view in one copy."""
        sn, sc, sy, sx = xpad.strides
        u = self.width(bw)
        shape = (self.n, self.ho, count, self.kh, u, self.c)
        strides = (sn, self.sh * sy, self.sw * bw * sx, self.dh * sy, sx, sc)
        view = _view(xpad[:, :, :, self.sw * j0:], shape, strides)
        return view.reshape(self.n * self.ho * count, self.kh * u * self.c)

    def diagonal(self, t: np.ndarray, bw: int, b: int) -> np.ndarray:
        """D[a, c, f, jj] = T[(a, s_w·jj + d_w·b, c), (jj, f)]: tap b of every filter, a view.

        T is C-ordered (kh, U, C, bw, F); moving jj one step moves u by s_w, hence the
        combined stride s_w·stride(u) + stride(jj).
        """
        u, item = self.width(bw), t.itemsize
        s_jj, s_c = self.f, bw * self.f
        s_u = self.c * s_c
        shape = (self.kh, self.c, self.f, bw)
        strides = tuple(item * v for v in (u * s_u, s_c, 1, self.sw * s_u + s_jj))
        return np.ndarray(shape, t.dtype, buffer=t, offset=item * self.dw * b * s_u,
                          strides=strides)

    def toeplitz(self, w: np.ndarray, bw: int) -> np.ndarray:
        """T[(a,u,c), (jj,f)] = W[f, c - g(f)·Cg, a, b] where u = s_w·jj + d_w·b, c in g(f).

        For a fixed jj distinct taps b land on distinct columns u, so the kw diagonals written
        here never collide; everything else stays zero.
        """
        k = self.kh * self.width(bw) * self.c
        t = np.zeros((k, bw * self.f), w.dtype)
        full = _ungroup(w, self.groups)
        for b in range(self.kw):
            self.diagonal(t, bw, b)[...] = full[:, :, :, b].transpose(2, 1, 0)[..., None]
        return t

    def tap_sums(self, p: np.ndarray, bw: int) -> np.ndarray:
        """dW[f, c', a, b] = sum_jj P[(a, s_w·jj + d_w·b, g(f)·Cg + c'), (jj, f)]."""
        p = np.ascontiguousarray(p)
        full = np.empty((self.f, self.c, self.kh, self.kw), p.dtype)
        for b in range(self.kw):
            full[:, :, :, b] = self.diagonal(p, bw, b).sum(axis=-1).transpose(2, 1, 0)
        return _regroup(full, self.groups)

    def out_rows(self, g: np.ndarray, j0: int, bw: int, count: int) -> np.ndarray:
        """G_blk[(n,i,q), (jj,f)] = G[n, f, i, j0 + bw·q + jj] (a view when G is NHWC)."""
        part = g.transpose(0, 2, 3, 1)[:, :, j0:j0 + bw * count, :]
        return part.reshape(self.n * self.ho * count, bw * self.f)


def _view(x: np.ndarray, shape: tuple[int, ...], strides: tuple[int, ...],
          offset: int = 0) -> np.ndarray:
    """The strided view of x's memory from x's first element plus ``offset`` bytes.

    Built with the ndarray constructor when x covers one dense block (much cheaper than
    as_strided); the caller guarantees the view stays inside x.
    """
    dense = x.transpose(_layout(x))
    if dense.flags.c_contiguous:
        return np.ndarray(shape, x.dtype, buffer=dense, offset=offset, strides=strides)
    if offset:
        raise ValueError("an offset view needs a dense array")
    return as_strided(x, shape, strides, writeable=False)


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
def _panel_width(wo: int, kw: int, c: int, f_n: int, sw: int, dw: int) -> int:
    """Output columns per GEMM row.

    Wider blocks give the GEMM more columns (bw·F) and longer gathered runs (U·C floats) but
    waste multiply-adds on the zeros of the band (density kw·Cg / (U·C)).  Take the smallest
    block with at least 32 GEMM columns and 64-float runs, capped so the band stays >= 1/4
    dense; a divisor of Wo when one is close, so the output needs no tail segment.
    """
    best = 1
    for bw in range(1, wo + 1):
        u = sw * (bw - 1) + dw * (kw - 1) + 1
        if bw > 1 and kw * 4 < u:
            break
        best = bw
        if bw * f_n >= 32 and u * c >= 64:
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
    n, c, h, w = x.shape
    out = _alloc((n, c, top + h + bottom, left + w + right), x.dtype, x, zero=True)
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


def correlate2d(xpad: np.ndarray, w: np.ndarray, stride: Pair, dilation: Pair, groups: int,
                return_cols: bool = False):
    """Z[n,f,i,j] = sum_{c,a,b} Xpad[n, g(f)·Cg + c, s_h·i + d_h·a, s_w·j + d_w·b] · W[f,c,a,b].

    Shapes: Xpad (N, C, Hp, Wp), W (F, Cg, kh, kw), Z (N, F, Ho, Wo) with
    Ho = floor((Hp - d_h(kh-1) - 1)/s_h) + 1 (same for Wo).  No padding here: pass pad2d(X).

    Lowering: for a block of bw output columns starting at j0, the input columns
    s_w·j + d_w·b lie in u0 = s_w·j0 <= u < u0 + U, U = s_w(bw-1) + d_w(kw-1) + 1, so
    Z[n, f, i, j0 + jj] = sum_{(a,u,c)} A[(n,i,j0), (a,u,c)] · T[(a,u,c), (jj,f)] with
    A[(n,i,j0), (a,u,c)] = Xpad[n, c, s_h·i + d_h·a, u0 + u] and
    T[(a,u,c), (jj,f)] = W[f, c - g(f)·Cg, a, b] when u = s_w·jj + d_w·b and c is in group
    g(f), zero otherwise: substituting T collapses the sum over u to the sum over b.  All
    blocks of one width share T, so each segment of blocks is one matrix product A·T.

    With ``return_cols=True`` returns ``(Z, cols)``: ``cols`` (the A matrices) can be handed
    to :func:`correlate2d_grad_weight` to skip gathering them again.
    """
    pan = _Panels(xpad.shape, w.shape, stride, dilation, groups)
    cols, z = [], None
    for j0, bw, count in pan.segments:
        a = pan.rows(xpad, j0, bw, count)
        zb = (a @ pan.toeplitz(w, bw)).reshape(pan.n, pan.ho, bw * count, pan.f)
        if len(pan.segments) == 1:
            z = zb.transpose(0, 3, 1, 2)  # (n, i, j, f) memory seen as NCHW: no copy
        else:
            if z is None:
                z = _nhwc((pan.n, pan.f, pan.ho, pan.wo), zb.dtype, zero=False)
            z[:, :, :, j0:j0 + bw * count] = zb.transpose(0, 3, 1, 2)
        cols.append(a)
    return (z, cols) if return_cols else z


def correlate2d_grad_weight(xpad: np.ndarray, g: np.ndarray, stride: Pair, dilation: Pair,
                            groups: int, kernel_size: Pair, cols=None) -> np.ndarray:
    """dW[f,c,a,b] = sum_{n,i,j} G[n,f,i,j] · Xpad[n, g(f)·Cg + c, s_h·i + d_h·a, s_w·j + d_w·b].

    The correlation of the padded input with G zero-dilated by the stride, windows dilated by
    the dilation.  Shapes: Xpad (N, C, Hp, Wp), G (N, F, Ho, Wo), dW (F, C/groups, kh, kw).

    With the blocks of :func:`correlate2d`, P = A^T · G_blk where
    G_blk[(n,i,j0), (jj,f)] = G[n, f, i, j0 + jj] gives
    P[(a,u,c), (jj,f)] = sum_{n,i,j0} Xpad[n, c, s_h·i + d_h·a, s_w·j0 + u] · G[n, f, i, j0+jj];
    tap (a, b) of filter f is the band u = s_w·jj + d_w·b, so dW[f,c',a,b] is the sum over jj
    (and over the segments) of P[(a, s_w·jj + d_w·b, g(f)·Cg + c'), (jj, f)].
    ``cols`` are the A matrices returned by ``correlate2d(..., return_cols=True)``.
    """
    n, c = xpad.shape[:2]
    f_n = g.shape[1]
    w_shape = (f_n, c // max(groups, 1), *kernel_size)
    pan = _Panels(xpad.shape, w_shape, stride, dilation, groups)
    if g.shape != (n, f_n, pan.ho, pan.wo):
        raise ValueError(f"gradient shape {g.shape} does not match the output "
                         f"{(n, f_n, pan.ho, pan.wo)}")
    dw_sum = None
    for k, (j0, bw, count) in enumerate(pan.segments):
        a = cols[k] if cols is not None else pan.rows(xpad, j0, bw, count)
        part = pan.tap_sums(a.T @ pan.out_rows(g, j0, bw, count), bw)
        dw_sum = part if dw_sum is None else dw_sum + part
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

    With the blocks of :func:`correlate2d`, R = G_blk · T^T has
    R[(n,i,j0), (a,u,c)] = sum_{jj,f} G[n,f,i,j0+jj] · T[(a,u,c), (jj,f)]: every tap that the
    outputs of the block reach at input row s_h·i + d_h·a, column s_w·j0 + u.  Adding each
    R[:, a] onto those rows and columns (col2im over blocks) accumulates exactly the sum
    above; rows and columns that no window reaches stay zero.
    """
    n, f_n = g.shape[:2]
    c = w.shape[1] * groups
    hp, wp = _padded_hw(padded_size)
    pan = _Panels((n, c, hp, wp), w.shape, stride, dilation, groups)
    if g.shape != (n, f_n, pan.ho, pan.wo):
        raise ValueError(f"gradient shape {g.shape} does not match the output "
                         f"{(n, f_n, pan.ho, pan.wo)}")
    dx = np.zeros((n, hp, wp, c), np.result_type(g, w))  # (N, H, W, C) memory
    for j0, bw, count in pan.segments:
        r = pan.out_rows(g, j0, bw, count) @ pan.toeplitz(w, bw).T
        _col2im(dx, r.reshape(n, pan.ho, count, pan.kh, -1), pan, j0, bw)
    return dx.transpose(0, 3, 1, 2)


def _col2im(dx: np.ndarray, r: np.ndarray, pan: _Panels, j0: int, bw: int) -> None:
    """dx[n, s_h·i + d_h·a, s_w·(j0 + bw·q) + u, c] += r[n, i, q, a, (u, c)] (NHWC dx).

    Blocks q overlap when U > s_w·bw; those in one residue class q = p mod P, with
    P = ceil(U / (s_w·bw)), are at least U columns apart, so each (a, p) is one add through a
    non-overlapping strided view of dx.
    """
    u = pan.width(bw)
    step = pan.sw * bw
    phases = -(-u // step)
    item = dx.itemsize
    _, hp, wp, c = dx.shape
    strides = (hp * wp * c * item, pan.sh * wp * c * item, phases * step * c * item, item)
    for a in range(pan.kh):
        for p in range(min(phases, r.shape[2])):
            src = r[:, :, p::phases, a]
            offset = ((pan.dh * a) * wp + pan.sw * j0 + step * p) * c * item
            dst = np.ndarray(src.shape, dx.dtype, buffer=dx, offset=offset, strides=strides)
            dst += src


def bias_grad(g: np.ndarray) -> np.ndarray:
    """db[f] = sum_{n,i,j} G[n,f,i,j]."""
    order = _layout(g)
    gm = g.transpose(order)  # memory order: reduce along runs, never across short strides
    if order[-1] == 1 and gm.flags.c_contiguous:  # channels innermost (the panels' layout)
        rows = gm.reshape(-1, g.shape[1])
        return np.ones(rows.shape[0], g.dtype) @ rows
    if order[0] == 1 and gm.flags.c_contiguous:  # channels outermost
        return gm.reshape(g.shape[1], -1).sum(axis=1)
    return g.sum(axis=(0, 2, 3))


# --------------------------------------------------------------------------- pooling


def _pool_geometry(x_shape: tuple[int, ...], kernel: Pair, stride: Pair,
                   pads: Pads) -> tuple[int, int, int, int]:
    top, bottom, left, right = _check_pads(pads)
    hp, wp = x_shape[2] + top + bottom, x_shape[3] + left + right
    if min(*kernel, *stride) < 1:
        raise ValueError(f"pool kernel {kernel} and stride {stride} must be positive")
    ho, wo = _out_size(hp, kernel[0], stride[0], 1), _out_size(wp, kernel[1], stride[1], 1)
    _check_output("pooling", ho, wo)
    return hp, wp, ho, wo


def _nhwc_dense(x: np.ndarray) -> bool:
    """Whether x (N, C, H, W) has contiguous (N, H, W, C) memory."""
    return x.transpose(0, 2, 3, 1).flags.c_contiguous


def _tiled(kernel: Pair, stride: Pair, pads: Pads) -> bool:
    """Windows side by side without overlap or padding (stride == kernel)."""
    return tuple(stride) == tuple(kernel) and not any(pads)


@functools.lru_cache(maxsize=64)
def _channel_sum_matrix(kw: int, c: int, scale: float, dtype: np.dtype) -> np.ndarray:
    """M[(b, c'), c] = scale·[c' = c]: a row of kw·C (column, channel) values times M sums
    the kw columns of each channel.  Cached, read-only."""
    m = np.tile(np.eye(c, dtype=dtype) * dtype.type(scale), (kw, 1))
    m.setflags(write=False)
    return m


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
    _, _, ho, wo = _pool_geometry(x.shape, kernel, stride, pads)
    if _tiled(kernel, stride, pads) and _nhwc_dense(x):
        xt = x.transpose(0, 2, 3, 1)[:, :, :wo * kw, :]
        rows = np.ascontiguousarray(_strided_sum(xt, 1, kh, sh, ho))
        m = _channel_sum_matrix(kw, x.shape[1], 1.0 / (kh * kw), x.dtype)
        y = rows.reshape(-1, kw * x.shape[1]) @ m
        return y.reshape(x.shape[0], ho, wo, x.shape[1]).transpose(0, 3, 1, 2)
    out = _strided_sum(_strided_sum(pad2d(x, pads), 2, kh, sh, ho), 3, kw, sw, wo)
    out *= 1.0 / (kh * kw)
    return out


def _strided_sum(x: np.ndarray, axis: int, k: int, s: int, count: int) -> np.ndarray:
    """Y[..., i, ...] = sum_{o<k} X[..., s·i + o, ...] along ``axis``, i < count (a new array
    unless k = 1)."""

    def part(o: int) -> np.ndarray:
        index = [slice(None)] * x.ndim
        index[axis] = slice(o, o + s * (count - 1) + 1, s)
        return x[tuple(index)]

    if k == 1:
        return part(0)
    out = part(0) + part(1)
    for o in range(2, k):
        out += part(o)
    return out


def _scatter_add(dst: np.ndarray, src: np.ndarray, axis: int, k: int, s: int,
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
    if _tiled(kernel, stride, pads) and _nhwc_dense(g):
        m = _channel_sum_matrix(kw, c, 1.0 / (kh * kw), g.dtype)
        spread = (g.transpose(0, 2, 3, 1).reshape(-1, c) @ m.T).reshape(n, ho, wo * kw, c)
        covered = hp == ho * kh and wp == wo * kw
        dx = (np.empty if covered else np.zeros)((n, hp, wp, c), g.dtype)
        _scatter_add(dx[:, :, :wo * kw], spread, 1, kh, sh, assign=True)
        return dx.transpose(0, 3, 1, 2)
    gs = g * (1.0 / (kh * kw))
    tile_w = sw == kw and wp == kw * wo  # columns: each one in exactly one window
    tile_h = sh == kh and hp == kh * ho
    cols = _alloc((n, c, ho, wp), g.dtype, g, zero=not tile_w)
    _scatter_add(cols, gs, 3, kw, sw, assign=tile_w)
    dxp = _alloc((n, c, hp, wp), g.dtype, g, zero=not tile_h)
    _scatter_add(dxp, cols, 2, kh, sh, assign=tile_h)
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
    """Y[n,c,i,j] = max_{a<kh, b<kw} Xpad[n, c, s_h·i + a, s_w·j + b], Xpad padded with -inf.

    Returns (Y, I) with I[n,c,i,j] = h·W + w, the flat index into the *unpadded* H×W plane of
    the maximum (as PyTorch's return_indices), where h = s_h·i + a* - p0, w = s_w·j + b* - l.
    Ties: the first maximum in row-major window order (smallest a, then smallest b), as
    PyTorch; a NaN in a window is taken as its maximum.  Each pad must be smaller than the
    kernel so every window holds a real entry.
    """
    kw = kernel[1]
    sh, sw = stride
    top, _, left, _ = _check_pads(pads)
    win = _max_windows(x, kernel, stride, pads)
    k = win.argmax(axis=-1)  # first occurrence of the maximum (NaN counts as maximal)
    y = np.take_along_axis(win, k[..., None], axis=-1)[..., 0]
    ho, wo = y.shape[2:]
    a, b = np.divmod(k, kw)
    rows = sh * np.arange(ho).reshape(-1, 1) + a - top
    cols = sw * np.arange(wo) + b - left
    return y, rows * x.shape[3] + cols


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
    plane = np.arange(n * c, dtype=np.int64).reshape(n, c, 1, 1) * (h * w)
    flat = (argmax + plane).ravel()
    dx = np.zeros(n * c * h * w, g.dtype)
    if stride[0] >= kernel[0] and stride[1] >= kernel[1]:
        dx[flat] = g.ravel()
    else:
        np.add.at(dx, flat, g.ravel())
    return dx.reshape(n, c, h, w)


# --------------------------------------------------------------------------- dense layers


def linear(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Y[n, o] = sum_k X[n, k] · W[o, k] + b[o]  (W is (out, in), as torch.nn.Linear)."""
    y = x @ w.T
    y += b
    return y


def linear_grad(g: np.ndarray, x: np.ndarray, w: np.ndarray):
    """(dX, dW, db) of :func:`linear`: dX[n,k] = sum_o G[n,o] W[o,k],
    dW[o,k] = sum_n G[n,o] X[n,k], db[o] = sum_n G[n,o]."""
    return g @ w, g.T @ x, g.sum(axis=0)


# --------------------------------------------------------------------------- activations


def sigmoid(z: np.ndarray) -> np.ndarray:
    """S = 1 / (1 + exp(-Z)), evaluated as e/(1+e) with e = exp(-|Z|) for Z < 0 (no overflow)."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype, copy=False)


def sigmoid_grad(g: np.ndarray, s: np.ndarray) -> np.ndarray:
    """dZ = G · S · (1 - S), from the saved output S = sigmoid(Z)."""
    out = 1.0 - s
    out *= s
    out *= g
    return out


def tanh(z: np.ndarray) -> np.ndarray:
    """Y = tanh(Z)."""
    return np.tanh(z)


def tanh_grad(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dZ = G · (1 - Y²), from the saved output Y = tanh(Z)."""
    out = y * y
    np.subtract(1.0, out, out=out)
    out *= g
    return out


def relu(z: np.ndarray) -> np.ndarray:
    """Y = max(Z, 0) (NaN propagates)."""
    return np.maximum(z, 0)


def relu_grad(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dZ = G where Y > 0, else 0, from the saved output Y = relu(Z); relu'(0) = 0 as PyTorch."""
    return np.where(y > 0, g, 0)


# --------------------------------------------------------------------------- loss


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray):
    """(L, dZ) with L = (1/N) sum_n (logsumexp_k Z[n,k] - Z[n, y_n]) and
    dZ[n,k] = (softmax(Z)[n,k] - [k = y_n]) / N.

    Stable: with M[n] = max_k Z[n,k], logsumexp = M + log sum_k exp(Z - M) and every
    exponent is <= 0.
    """
    n = logits.shape[0]
    labels = np.asarray(labels)
    if labels.shape != (n,):
        raise ValueError(f"labels shape {labels.shape} must be ({n},) to match logits "
                         f"{logits.shape}")
    shifted = logits - logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(shifted).sum(axis=1))
    rows = np.arange(n)
    loss = (lse - shifted[rows, labels]).mean()
    d = np.exp(shifted - lse[:, None])
    d[rows, labels] -= 1.0
    d *= 1.0 / n
    return loss, d
