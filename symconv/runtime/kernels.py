"""NumPy kernels printed from the proved closed forms, with PyTorch's names and layout.

Every kernel here is a closed-form node (the very object ``symconv prove`` proves) turned
into Python by ``sympy.lambdify`` with the nodes' ``_numpycode`` printers, which call the
vectorised primitives of :mod:`symconv.runtime.numeric`:

- ``conv2d``/``conv1d`` and their ``_backward`` (dx, dw, db): the nodes of
  :func:`symconv.layers.conv.closed_forms`;
- ``avg_pool2d`` and its backward: :func:`symconv.layers.pool.avg_pool_closed_forms` (the
  depthwise correlation with 1/(kh·kw)); ``max_pool2d`` and its backward:
  :func:`~symconv.layers.pool.max_pool_closed_forms` (proved at a tie-free input, by
  running this printed code);
- ``linear`` and its backward: :func:`symconv.layers.dense.dense_closed_forms`;
- ``tanh``/``sigmoid``/``relu`` and their ``_backward`` (in the saved output, as PyTorch's
  ``tanh_backward``), ``softmax_cross_entropy``: the nodes of :mod:`symconv.ops.pointwise`.

The functions are printed once per configuration (and input size where the form needs it)
and cached by :mod:`symconv.runtime.printed_kernels`; its ``*_kernels(...)`` (importable
from here too) return them for callers, like :class:`symconv.runtime.model.Model`, that run
one configuration many times without re-checking their arguments.

Shapes follow PyTorch: NCHW, weight (F, C/groups, kh, kw); a Linear weight is (out, in).
"""

from __future__ import annotations

import numpy as np

from symconv.errors import require
from symconv.ops.pointwise import ACTIVATIONS
from symconv.runtime.printed_kernels import (  # noqa: F401  (the printer's names, read from here too)
    NAMESPACE,
    A,
    B,
    G,
    W,
    X,
    Y,
    Z,
    activation_kernels,
    add_bias,
    avg_pool_kernels,
    clear_caches,
    conv_kernels,
    conv_transpose_kernels,
    dense_kernels,
    loss_kernel,
    max_pool_kernels,
    reuse_gathers,
    source,
    sum_axes,
)
from symconv.spec.layer import Conv, ConvTranspose, Pool, conv, conv_transpose, pool


def _spec(
    x: np.ndarray,
    w: np.ndarray,
    bias: bool,
    stride,
    padding,
    dilation,
    groups,
    dims: int,
    mode: str,
) -> Conv:
    require(
        x.ndim == dims + 2,
        f"conv{dims}d: input of shape {x.shape} must have "
        f"{dims + 2} axes (N, C, {'L' if dims == 1 else 'H, W'})",
    )
    require(
        w.ndim == dims + 2,
        f"conv{dims}d: weight of shape {w.shape} must have "
        f"{dims + 2} axes (F, C/groups, {'k' if dims == 1 else 'kh, kw'})",
    )
    require(
        isinstance(groups, int) and groups >= 1 and x.shape[1] % groups == 0,
        f"conv{dims}d: groups {groups!r} must be a positive divisor of the "
        f"{x.shape[1]} input channels",
    )
    require(
        w.shape[1] * groups == x.shape[1],
        f"conv{dims}d: weight of shape {w.shape} "
        f"expects {w.shape[1] * groups} input channels, the input has {x.shape[1]}",
    )
    kernel = w.shape[2:] if dims == 2 else w.shape[2]
    if isinstance(padding, list):
        padding = tuple(padding)
    return conv(
        x.shape[1],
        w.shape[0],
        kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=groups,
        bias=bias,
        mode=mode,
        dims=dims,
        name=f"conv{dims}d",
    )


def _as2d(x: np.ndarray, dims: int) -> np.ndarray:
    return x if dims == 2 else x[:, :, None, :]


def _conv_forward(x, w, b, stride, padding, dilation, groups, dims, mode):
    x, w = np.asarray(x), np.asarray(w)
    spec = _spec(x, w, b is not None, stride, padding, dilation, groups, dims, mode)
    return _run_forward(spec, conv_kernels, x, w, b)


def _conv_backward(dy, x, w, stride, padding, dilation, groups, dims, mode):
    dy, x, w = np.asarray(dy), np.asarray(x), np.asarray(w)
    spec = _spec(x, w, True, stride, padding, dilation, groups, dims, mode)
    return _run_backward(spec, conv_kernels, dy, x, w)


def _run_forward(spec, printed, x: np.ndarray, w: np.ndarray, b) -> np.ndarray:
    """Z of a (transposed) convolution by its printed kernel (1D through its 2D form)."""
    x2, w2 = _as2d(x, spec.dims), _as2d(w, spec.dims)
    spec.output_shape(x2.shape[1:])
    fns = printed(spec, x2.shape[2:])
    z = fns["Z"](x2, w2, np.asarray(b)) if b is not None else fns["Z"](x2, w2)
    z = np.ascontiguousarray(z, dtype=np.result_type(x, w))
    return z if spec.dims == 2 else z[:, :, 0, :]


def _run_backward(spec, printed, dy: np.ndarray, x: np.ndarray, w: np.ndarray):
    """(dx, dw, db) of a (transposed) convolution by its printed kernels."""
    dims = spec.dims
    x2, w2, dy2 = _as2d(x, dims), _as2d(w, dims), _as2d(dy, dims)
    out = spec.output_shape(x2.shape[1:])
    require(
        dy2.shape == (x.shape[0], *out),
        f"{spec.name}_backward: dy of shape {dy.shape} "
        f"does not match the output shape {(x.shape[0], *out)}",
    )
    fns = printed(spec, x2.shape[2:])
    dtype = np.result_type(dy, x, w)
    dx, dw, db = (
        np.ascontiguousarray(fns[k](*args), dtype=dtype)
        for k, args in (("X", (w2, dy2)), ("W", (x2, dy2)), ("b", (dy2,)))
    )
    return (dx, dw, db) if dims == 2 else (dx[:, :, 0, :], dw[:, :, 0, :], db)


def conv2d(
    x, w, b=None, stride=1, padding=0, dilation=1, groups=1, mode="correlation"
) -> np.ndarray:
    """PyTorch's ``conv2d``; padding also takes (top, bottom, left, right) and 'full';
    ``mode="convolution"`` flips the kernel first (the signal-processing convolution)."""
    return _conv_forward(x, w, b, stride, padding, dilation, groups, 2, mode)


def conv2d_backward(dy, x, w, stride=1, padding=0, dilation=1, groups=1, mode="correlation"):
    """(dx, dw, db) of :func:`conv2d` for the upstream gradient ``dy``."""
    return _conv_backward(dy, x, w, stride, padding, dilation, groups, 2, mode)


def conv1d(
    x, w, b=None, stride=1, padding=0, dilation=1, groups=1, mode="correlation"
) -> np.ndarray:
    """PyTorch's ``conv1d``; padding also takes (left, right) and 'full'."""
    return _conv_forward(x, w, b, stride, padding, dilation, groups, 1, mode)


def conv1d_backward(dy, x, w, stride=1, padding=0, dilation=1, groups=1, mode="correlation"):
    """(dx, dw, db) of :func:`conv1d` for the upstream gradient ``dy``."""
    return _conv_backward(dy, x, w, stride, padding, dilation, groups, 1, mode)


def _transpose_spec(
    x: np.ndarray,
    w: np.ndarray,
    bias: bool,
    stride,
    padding,
    output_padding,
    dilation,
    groups,
    dims: int,
) -> ConvTranspose:
    name = f"conv_transpose{dims}d"
    require(
        x.ndim == dims + 2 and w.ndim == dims + 2,
        f"{name}: input of shape {x.shape} and "
        f"weight of shape {w.shape} must have {dims + 2} axes (weight: C_in, C_out/groups, "
        f"{'k' if dims == 1 else 'kh, kw'})",
    )
    require(
        isinstance(groups, int) and groups >= 1 and w.shape[0] % groups == 0,
        f"{name}: groups {groups!r} must be a positive divisor of the weight's "
        f"{w.shape[0]} input channels",
    )
    require(
        w.shape[0] == x.shape[1],
        f"{name}: weight of shape {w.shape} expects "
        f"{w.shape[0]} input channels, the input has {x.shape[1]}",
    )
    as_tuple = [tuple(v) if isinstance(v, list) else v for v in (padding, output_padding)]
    return conv_transpose(
        x.shape[1],
        w.shape[1] * groups,
        w.shape[2:] if dims == 2 else w.shape[2],
        stride=stride,
        padding=as_tuple[0],
        output_padding=as_tuple[1],
        dilation=dilation,
        groups=groups,
        bias=bias,
        dims=dims,
        name=name,
    )


def _transpose_forward(x, w, b, stride, padding, output_padding, dilation, groups, dims):
    x, w = np.asarray(x), np.asarray(w)
    spec = _transpose_spec(
        x, w, b is not None, stride, padding, output_padding, dilation, groups, dims
    )
    return _run_forward(spec, conv_transpose_kernels, x, w, b)


def _transpose_backward(dy, x, w, stride, padding, output_padding, dilation, groups, dims):
    dy, x, w = np.asarray(dy), np.asarray(x), np.asarray(w)
    spec = _transpose_spec(x, w, True, stride, padding, output_padding, dilation, groups, dims)
    return _run_backward(spec, conv_transpose_kernels, dy, x, w)


def conv_transpose2d(
    x, w, b=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
) -> np.ndarray:
    """PyTorch's ``conv_transpose2d`` (same argument order); weight (C_in, C_out/g, kh, kw);
    padding also takes (top, bottom, left, right)."""
    return _transpose_forward(x, w, b, stride, padding, output_padding, dilation, groups, 2)


def conv_transpose2d_backward(
    dy, x, w, stride=1, padding=0, output_padding=0, groups=1, dilation=1
):
    """(dx, dw, db) of :func:`conv_transpose2d` for the upstream gradient ``dy``."""
    return _transpose_backward(dy, x, w, stride, padding, output_padding, dilation, groups, 2)


def conv_transpose1d(
    x, w, b=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
) -> np.ndarray:
    """PyTorch's ``conv_transpose1d``; padding also takes (left, right)."""
    return _transpose_forward(x, w, b, stride, padding, output_padding, dilation, groups, 1)


def conv_transpose1d_backward(
    dy, x, w, stride=1, padding=0, output_padding=0, groups=1, dilation=1
):
    """(dx, dw, db) of :func:`conv_transpose1d`."""
    return _transpose_backward(dy, x, w, stride, padding, output_padding, dilation, groups, 1)


def _check_linear(x: np.ndarray, w: np.ndarray) -> None:
    require(
        x.ndim == 2 and w.ndim == 2 and x.shape[1] == w.shape[1],
        f"linear: input of shape {x.shape} and weight of shape {w.shape} do not fit; "
        "the rule: x (N, in) and w (out, in)",
    )


def linear(x, w, b=None) -> np.ndarray:
    """``x @ w.T + b`` with w of shape (out, in)."""
    x, w = np.asarray(x), np.asarray(w)
    _check_linear(x, w)
    fns = dense_kernels(b is not None)
    return fns["Z"](x, w, np.asarray(b)) if b is not None else fns["Z"](x, w)


def linear_backward(dy, x, w):
    """(dx, dw, db) of :func:`linear`."""
    dy, x, w = np.asarray(dy), np.asarray(x), np.asarray(w)
    _check_linear(x, w)
    require(
        dy.shape == (x.shape[0], w.shape[0]),
        f"linear_backward: dy of shape {dy.shape} must be {(x.shape[0], w.shape[0])}",
    )
    fns = dense_kernels(True)
    return fns["X"](w, dy), fns["W"](x, dy), fns["b"](dy)


def _pool_spec(x: np.ndarray, kernel_size, stride, padding, op: str) -> Pool:
    require(x.ndim == 4, f"{op}_pool2d: input of shape {x.shape} must be (N, C, H, W)")
    spec = pool(op, kernel_size, stride, padding, name=f"{op}_pool2d")
    spec.output_shape(x.shape[1:])
    return spec


def _check_dy(dy: np.ndarray, expected: tuple[int, ...], op: str) -> None:
    require(
        dy.shape == expected,
        f"{op}: dy of shape {dy.shape} does not match the output shape {expected}",
    )


def avg_pool2d(x, kernel_size, stride=None, padding=0) -> np.ndarray:
    """PyTorch's ``avg_pool2d`` (zero padding counted in the mean)."""
    x = np.asarray(x)
    spec = _pool_spec(x, kernel_size, stride, padding, "avg")
    return avg_pool_kernels(spec, x.shape[1:])["Z"](x)


def avg_pool2d_backward(dy, x, kernel_size, stride=None, padding=0) -> np.ndarray:
    """dx of :func:`avg_pool2d`: each dy[o] spread as dy[o]/(kh·kw) over window o."""
    dy, x = np.asarray(dy), np.asarray(x)
    spec = _pool_spec(x, kernel_size, stride, padding, "avg")
    _check_dy(dy, (x.shape[0], *spec.output_shape(x.shape[1:])), "avg_pool2d_backward")
    dx = avg_pool_kernels(spec, x.shape[1:])["X"](dy)
    return np.ascontiguousarray(dx, dtype=np.result_type(dy, x))


def max_pool2d(x, kernel_size, stride=None, padding=0) -> np.ndarray:
    """PyTorch's ``max_pool2d`` (-inf padding)."""
    x = np.asarray(x)
    return max_pool_kernels(_pool_spec(x, kernel_size, stride, padding, "max"))["Z"](x)


def max_pool2d_backward(dy, x, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Routes dy to each window's first maximum in row-major order (PyTorch's tie rule)."""
    dy, x = np.asarray(dy), np.asarray(x)
    spec = _pool_spec(x, kernel_size, stride, padding, "max")
    _check_dy(dy, (x.shape[0], *spec.output_shape(x.shape[1:])), "max_pool2d_backward")
    return max_pool_kernels(spec)["X"](dy, x)


def _activation(kind: str, key: str, *arrays) -> np.ndarray:
    arrays = [np.asarray(a) for a in arrays]
    if len(arrays) == 2:
        require(
            arrays[0].shape == arrays[1].shape,
            f"{kind}_backward: dy of shape "
            f"{arrays[0].shape} does not match y of shape {arrays[1].shape}",
        )
    return activation_kernels(kind)[key](*arrays)


def tanh(x) -> np.ndarray:
    return _activation("tanh", "A", x)


def tanh_backward(dy, y) -> np.ndarray:
    """dx = dy ⊙ (1 - y²) from the saved output y = tanh(x) (PyTorch's tanh_backward)."""
    return _activation("tanh", "Z", dy, y)


def sigmoid(x) -> np.ndarray:
    return _activation("sigmoid", "A", x)


def sigmoid_backward(dy, y) -> np.ndarray:
    """dx = dy ⊙ y(1 - y) from the saved output y = sigmoid(x)."""
    return _activation("sigmoid", "Z", dy, y)


def relu(x) -> np.ndarray:
    return _activation("relu", "A", x)


def relu_backward(dy, y) -> np.ndarray:
    """dx = dy where y > 0, else 0, from the saved output y = relu(x) (relu'(0) = 0)."""
    return _activation("relu", "Z", dy, y)


def softmax_cross_entropy(logits, labels):
    """(loss, dlogits): the mean softmax cross-entropy over the batch (PyTorch's
    ``cross_entropy``) and its gradient (softmax - onehot)/N."""
    logits, labels = np.asarray(logits), np.asarray(labels)
    require(
        logits.ndim == 2,
        f"softmax_cross_entropy: logits of shape {logits.shape} must be (N, classes)",
    )
    require(
        labels.shape == logits.shape[:1] and labels.dtype.kind in "iu",
        f"softmax_cross_entropy: labels of shape {labels.shape} and dtype {labels.dtype} "
        f"must be {logits.shape[:1]} integers",
    )
    require(
        bool(((labels >= 0) & (labels < logits.shape[1])).all()),
        f"softmax_cross_entropy: labels must lie in [0, {logits.shape[1]})",
    )
    return loss_kernel()(logits, labels)


__all__ = [
    "ACTIVATIONS",
    "avg_pool2d",
    "avg_pool2d_backward",
    "conv1d",
    "conv1d_backward",
    "conv2d",
    "conv2d_backward",
    "conv_transpose1d",
    "conv_transpose1d_backward",
    "conv_transpose2d",
    "conv_transpose2d_backward",
    "linear",
    "linear_backward",
    "max_pool2d",
    "max_pool2d_backward",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
    "softmax_cross_entropy",
    "source",
    "tanh",
    "tanh_backward",
]
