"""Sizes and gathers of a convolution: output sizes, paddings, the panels (im2col) a correlation
multiplies, groups."""

from __future__ import annotations

import functools
import math

import numpy as np

from .buffers import (
    NHWC,
    ArgumentError,
    Pads,
    Pair,
    _dense_in,
    _empty,
    _layout,
    _recalled,
    _remember,
    _remembered,
    _view,
)


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
        raise ArgumentError(
            f"pads {pads!r} must be four non-negative ints (top, bottom, left, right)"
        )
    return tuple(int(p) for p in pads)  # type: ignore[return-value]


def _check_output(name: str, ho: int, wo: int) -> None:
    if ho < 1 or wo < 1:
        raise ArgumentError(f"{name}: the kernel does not fit the padded input (output {ho}x{wo})")


def _conv_geometry(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: Pair, dilation: Pair, groups: int
) -> tuple[int, int]:
    """Validate a convolution and return its output size (Ho, Wo)."""
    _, c, hp, wp = x_shape
    f, cg, kh, kw = w_shape
    if groups < 1 or c != cg * groups or f % groups:
        raise ArgumentError(
            f"groups={groups} does not split C={c} (weights {tuple(w_shape)}) and F={f} evenly"
        )
    if min(*stride, *dilation) < 1:
        raise ArgumentError(f"stride {stride} and dilation {dilation} must be positive")
    ho = _out_size(hp, kh, stride[0], dilation[0])
    wo = _out_size(wp, kw, stride[1], dilation[1])
    _check_output("convolution", ho, wo)
    return ho, wo


def _panels(
    x_shape: tuple[int, ...],
    w_shape: tuple[int, ...],
    stride: Pair,
    dilation: Pair,
    groups: int,
    wide: bool = False,
) -> _Panels:
    """The (validated, immutable) :class:`_Panels` of a geometry, made once per geometry;
    ``wide``: the blocks of the input gradient (see :func:`_panel_width`)."""
    return _cached_panels(
        tuple(x_shape),
        tuple(w_shape),
        tuple(stride),
        tuple(dilation),
        int(groups),
        bool(wide) or not _NARROW_PANELS,
    )


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

    def __init__(
        self,
        x_shape: tuple[int, ...],
        w_shape: tuple[int, ...],
        stride: Pair,
        dilation: Pair,
        groups: int,
        wide: bool = False,
    ) -> None:
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
        return _view(xpad[:, :, :, self.sw * j0 :], shape, strides)

    def rows(
        self, xpad: np.ndarray, j0: int, bw: int, count: int, ones: bool = False
    ) -> np.ndarray:
        """A (N·Ho·count, kh·U·C), gathered from the strided view in one copy (once per
        array and block inside :func:`reuse_gathers`).

        With ``ones`` A gets a last column of ones, (N·Ho·count, kh·U·C + 1): A1·T1 with
        T1 = T over one more row then adds that row to every product row (the bias of
        :func:`correlate2d_bias`).  Without it, a remembered A1 serves as its view
        A1[:, :-1], which is A: the gather is still done once per step."""
        geometry = self._rows_key(j0, bw, count)
        if ones:
            return _remembered(
                "rows1", xpad, geometry, lambda: self._gather(xpad, j0, bw, count, True)
            )
        a1 = _recalled("rows1", xpad, geometry)
        if a1 is not None:
            return a1[:, :-1]
        return _remembered("rows", xpad, geometry, lambda: self._gather(xpad, j0, bw, count))

    def remembered_rows1(self, xpad: np.ndarray, j0: int, bw: int, count: int) -> np.ndarray | None:
        """A1 = [A | 1] if :meth:`rows` with ``ones`` gathered it in this step, else None."""
        return _recalled("rows1", xpad, self._rows_key(j0, bw, count))

    def _rows_key(self, j0: int, bw: int, count: int) -> tuple:
        """What, beside the source array, decides the gathered A of a segment."""
        return (self.kh, self.kw, self.ho, self.sh, self.sw, self.dh, self.dw, j0, bw, count)

    def _gather(
        self, xpad: np.ndarray, j0: int, bw: int, count: int, ones: bool = False
    ) -> np.ndarray:
        view = self.rows_view(xpad, j0, bw, count)
        k = math.prod(view.shape[3:])
        a = _empty((self.n * self.ho * count, k + (1 if ones else 0)), xpad.dtype)
        body = a[:, :k].reshape(view.shape)  # a view: splits axes of uniform stride only
        np.copyto(*_as_runs(body, view))
        if ones:
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
        part = g.transpose(NHWC)[:, :, j0 : j0 + bw * count, :]
        rows = (self.n * self.ho * count, bw * self.f)
        if part.flags.c_contiguous:
            return part.reshape(rows)
        out = _empty(part.shape, g.dtype)
        np.copyto(out, part)
        return out.reshape(rows)


_cached_panels = functools.lru_cache(maxsize=256)(_Panels)


def _as_runs(dst: np.ndarray, src: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(dst, src) of a gather, (..., U, C) each, as arrays of whole runs when both hold
    their U·C values contiguous (channels-last input): one opaque item (np.void) per run,
    so the copy moves a run at a time instead of an inner loop of U·C floats (the gather
    of 32 images, CPU time, two runs: 1.09x and 1.16x faster at the VGG-like net's first
    convolution, runs of 18 floats, 0.99x and 1.05x at its second, 32 floats; LeNet-5's C1
    1.57x and 1.58x, its C3 1.13x and 1.16x); else the arrays themselves."""
    size = src.itemsize
    u, c = src.shape[-2:]
    if src.strides[-2:] != (c * size, size) or dst.strides[-2:] != (c * size, size):
        return dst, src
    item = np.dtype((np.void, u * c * size))
    # Merging (U, C), whose strides are (C·size, size), gives views, never copies.
    return tuple(a.reshape(*a.shape[:-2], u * c).view(item)[..., 0] for a in (dst, src))


@functools.lru_cache(maxsize=64)
def _selection(u: int, bw: int, kw: int, sw: int, dw: int, dtype: np.dtype) -> np.ndarray:
    """S[(u', jj), b] = 1 if u' = sw·jj + dw·b else 0, shape (U·bw, kw); cached, read-only."""
    s = np.zeros((u, bw, kw), dtype)
    jj, b = np.meshgrid(np.arange(bw), np.arange(kw), indexing="ij")
    s[sw * jj + dw * b, jj, b] = 1
    s = s.reshape(u * bw, kw)
    s.setflags(write=False)
    return s


def _ungroup(w: np.ndarray, groups: int) -> np.ndarray:
    """W_full[f, c] = W[f, c - g(f)·Cg] for c in group g(f), zero otherwise: (F, C, kh, kw)."""
    if groups == 1:
        return w
    f_n, cg = w.shape[:2]
    fg = f_n // groups
    full = np.zeros((f_n, cg * groups, *w.shape[2:]), w.dtype)
    for g in range(groups):
        full[g * fg : (g + 1) * fg, g * cg : (g + 1) * cg] = w[g * fg : (g + 1) * fg]
    return full


def _regroup(full: np.ndarray, groups: int) -> np.ndarray:
    """The inverse selection of :func:`_ungroup`: (F, C, kh, kw) -> (F, Cg, kh, kw)."""
    if groups == 1:
        return full
    f_n, c = full.shape[:2]
    fg, cg = f_n // groups, c // groups
    return np.concatenate(
        [full[g * fg : (g + 1) * fg, g * cg : (g + 1) * cg] for g in range(groups)]
    )


@functools.lru_cache(maxsize=256)
def _panel_width(wo: int, kw: int, c: int, f_n: int, sw: int, dw: int, wide: bool = False) -> int:
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


def pad2d(x: np.ndarray, pads: Pads) -> np.ndarray:
    """Xpad[n, c, p0 + h, l + w] = X[n, c, h, w], zero elsewhere; shape (N, C, p0+H+p1, l+W+r).

    With all pads zero the input itself is returned (no copy).
    """
    top, bottom, left, right = _check_pads(pads)
    if not (top or bottom or left or right):
        return x
    return _remembered(
        "pad", x, (top, bottom, left, right), lambda: _pad(x, top, bottom, left, right)
    )


# False: pad2d keeps its input's memory order (benchmarks/primitives.py's comparison).
_PAD_CHANNELS_LAST = True


def _pad(x: np.ndarray, top: int, bottom: int, left: int, right: int) -> np.ndarray:
    n, c, h, w = x.shape
    # Channels innermost whatever x's order: the padded input is read by the panels'
    # gathers, whose runs are U·C contiguous floats in that order and C floats apart
    # otherwise (a network's input comes NCHW: see :func:`_panel_width` for the figures of
    # the VGG-like net's first convolution).
    out = _empty(
        (n, c, top + h + bottom, left + w + right),
        x.dtype,
        NHWC if _PAD_CHANNELS_LAST else _layout(x),
    )
    if left or right:
        # Side borders are a few values per row, too short to zero row by row: zero the
        # whole buffer in one pass instead (small inputs, as LeNet's, gain the most).
        out.fill(0)
    else:
        out[:, :, :top] = 0  # zero the border only, then copy the interior
        out[:, :, top + h :] = 0
    inner = out[:, :, top : top + h, left : left + w]
    if _PAD_CHANNELS_LAST and c <= _PAD_BY_CHANNEL and not _dense_in(x, NHWC):
        # A transposing copy whose innermost axis is C values long runs its inner loop C
        # values at a time; one copy per channel runs it along whole image rows instead
        # (the VGG-like net's 3-channel input: 2.7x faster, 118 against 43 us for 32 images).
        for k in range(c):
            inner[:, k] = x[:, k]
    else:
        inner[...] = x
    return out


# Largest C for which :func:`_pad` copies a non-channels-last input channel by channel
# (32 images of 32x32, CPU time: C = 3 2.7x faster, C = 8 1.3x slower than one copy).
_PAD_BY_CHANNEL = 4


def crop2d(x: np.ndarray, pads: Pads) -> np.ndarray:
    """X[n, c, h, w] = Xpad[n, c, p0 + h, l + w]: the adjoint (and left inverse) of pad2d.

    Returns a view.
    """
    top, bottom, left, right = _check_pads(pads)
    h, w = x.shape[-2:]
    return x[:, :, top : h - bottom, left : w - right]


def _padded_hw(padded_size) -> tuple[int, int]:
    size = tuple(int(v) for v in padded_size)
    if len(size) not in (2, 4):
        raise ArgumentError(f"padded_size {padded_size!r} must be (Hp, Wp) or (N, C, Hp, Wp)")
    return size[-2], size[-1]
