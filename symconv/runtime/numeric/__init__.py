"""Vectorised NumPy primitives: one closed form each, NCHW, weights (F, C/groups, kh, kw).

This package imports NumPy and the standard library only (no SymPy; of symconv only its
error class, ``symconv.errors.ArgumentError``, with a stand-in where symconv is absent):
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

from .buffers import (  # noqa: F401  (public and private: tests and export use both)
    _MEMORY,
    _REUSE,
    CHUNK_BYTES,
    NHWC,
    Pads,
    Pair,
    _chunks,
    _dense_in,
    _dense_transpose,
    _empty,
    _empty_like,
    _layout,
    _nhwc,
    _ones,
    _recalled,
    _Recycler,
    _remember,
    _remembered,
    _view,
    _zeros,
    one_image_chunks,
    reuse_gathers,
)
from .convolution import (  # noqa: F401  (public and private: tests and export use both)
    _GEMV_ROW,
    _ROW_SUM_RATIO,
    _col2im,
    _convolve_by_row_sums,
    _correlate,
    _row_sum_matrix,
    bias_grad,
    correlate2d,
    correlate2d_bias,
    correlate2d_grad_weight,
    full_convolve2d_rot180,
)
from .geometry import (  # noqa: F401  (public and private: tests and export use both)
    _NARROW_PANELS,
    _PAD_CHANNELS_LAST,
    _cached_panels,
    _check_output,
    _check_pads,
    _conv_geometry,
    _out_size,
    _pad,
    _padded_hw,
    _panel_width,
    _Panels,
    _panels,
    _regroup,
    _selection,
    _ungroup,
    _valid_pads,
    crop2d,
    pad2d,
)
from .pointwise import (  # noqa: F401  (public and private: tests and export use both)
    ELEMENTWISE_BYTES,
    _blocks,
    _row_starts,
    linear,
    linear_grad,
    matmul,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax_cross_entropy,
    tanh,
    tanh_grad,
)
from .pool import (  # noqa: F401  (public and private: tests and export use both)
    _NHWC_POOL_ROW,
    _POOL_2X2,
    _POOL_PRODUCT_ROWS,
    _channel_sum_matrix,
    _max_pool2d,
    _max_pool2d_tiled,
    _max_pool2d_windows,
    _max_pool2x2_nhwc,
    _max_windows,
    _plane_starts,
    _pool_geometry,
    _pool_row_matrix,
    _Rectified,
    _scatter,
    _strided_sum,
    _tiled,
    _tiled_corners,
    _valid_pool_geometry,
    avg_pool2d,
    avg_pool2d_grad,
    max_pool2d,
    max_pool2d_grad,
    max_pool2d_relu,
    max_pool2d_relu_grad,
)

# export.py rebuilds one standalone file from the modules in this order.
ORDER = ("buffers", "geometry", "pool2x2", "pool", "pointwise", "convolution")
