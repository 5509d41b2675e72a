"""NumPy kernels printed from the proved closed forms, with PyTorch's names and layout.

``conv2d``'s forward, ``conv2d_backward``'s dx, dw and db, the average-pool pair and
``linear``/``linear_backward`` are the closed-form nodes of :mod:`symconv.layers` (the
very objects ``symconv prove`` proves) turned into Python by ``sympy.lambdify`` with the
nodes' ``_numpycode`` printers, which call the vectorised primitives of
:mod:`symconv.numeric`.  They are built once per configuration and input size and cached.
Max pooling, the activations and the loss call their primitives directly (their proofs
are SymPy derivatives, not closed-form nodes).

Shapes follow PyTorch: NCHW, weight (F, C/groups, kh, kw); a Linear weight is (out, in).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy
from sympy.printing.numpy import NumPyPrinter

from . import numeric
from .closed import TensorSymbol
from .errors import require
from .layers.conv import closed_forms
from .layers.dense import dense_closed_forms
from .spec import Conv, conv, pool

NAMESPACE = {name: getattr(numeric, name) for name in dir(numeric) if not name.startswith("_")}
NAMESPACE["full"] = np.full


def add_bias(z: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``z + b`` with b along axis 1 (filters or features): the BiasAdd node's code."""
    return z + b.reshape((1, -1) + (1,) * (z.ndim - 2))


NAMESPACE["add_bias"] = add_bias
X, W, B, G = (TensorSymbol(n) for n in ("X", "W", "b", "G"))


def source(expr: sympy.Basic) -> str:
    """The NumPy code a closed form prints to."""
    return NumPyPrinter({"fully_qualified_modules": False}).doprint(expr)


def _lambdify(args, expr):
    return sympy.lambdify(args, expr, modules=[NAMESPACE], printer=NumPyPrinter(
        {"fully_qualified_modules": False}), cse=False, docstring_limit=0)


@lru_cache(maxsize=256)
def _conv(spec: Conv, input_hw: tuple[int, int]) -> dict:
    forms = closed_forms(spec, input_hw)
    return {"Z": _lambdify([X, W, B] if spec.bias else [X, W], forms["Z"]),
            "W": _lambdify([X, G], forms["W"]), "X": _lambdify([W, G], forms["X"]),
            "b": _lambdify([G], forms["b"]) if spec.bias else None}


def _spec(x: np.ndarray, w: np.ndarray, bias: bool, stride, padding, dilation, groups,
          dims: int) -> Conv:
    require(x.ndim == dims + 2, f"conv{dims}d: input of shape {x.shape} must have "
            f"{dims + 2} axes (N, C, {'L' if dims == 1 else 'H, W'})")
    require(w.ndim == dims + 2, f"conv{dims}d: weight of shape {w.shape} must have "
            f"{dims + 2} axes (F, C/groups, {'k' if dims == 1 else 'kh, kw'})")
    require(isinstance(groups, int) and groups >= 1 and x.shape[1] % groups == 0,
            f"conv{dims}d: groups {groups!r} must be a positive divisor of the "
            f"{x.shape[1]} input channels")
    require(w.shape[1] * groups == x.shape[1], f"conv{dims}d: weight of shape {w.shape} "
            f"expects {w.shape[1] * groups} input channels, the input has {x.shape[1]}")
    kernel = w.shape[2:] if dims == 2 else w.shape[2]
    if isinstance(padding, list):
        padding = tuple(padding)
    return conv(x.shape[1], w.shape[0], kernel, stride=stride, padding=padding,
                dilation=dilation, groups=groups, bias=bias, dims=dims, name=f"conv{dims}d")


def _as2d(x: np.ndarray, dims: int) -> np.ndarray:
    return x if dims == 2 else x[:, :, None, :]


def _conv_forward(x, w, b, stride, padding, dilation, groups, dims):
    x, w = np.asarray(x), np.asarray(w)
    spec = _spec(x, w, b is not None, stride, padding, dilation, groups, dims)
    x2, w2 = _as2d(x, dims), _as2d(w, dims)
    spec.output_shape(x2.shape[1:])
    fns = _conv(spec, x2.shape[2:])
    z = fns["Z"](x2, w2, np.asarray(b)) if b is not None else fns["Z"](x2, w2)
    z = np.ascontiguousarray(z, dtype=np.result_type(x, w))
    return z if dims == 2 else z[:, :, 0, :]


def _conv_backward(dy, x, w, stride, padding, dilation, groups, dims):
    dy, x, w = np.asarray(dy), np.asarray(x), np.asarray(w)
    spec = _spec(x, w, True, stride, padding, dilation, groups, dims)
    x2, w2, dy2 = _as2d(x, dims), _as2d(w, dims), _as2d(dy, dims)
    out = spec.output_shape(x2.shape[1:])
    require(dy2.shape == (x.shape[0], *out), f"conv{dims}d_backward: dy of shape {dy.shape} "
            f"does not match the output shape {(x.shape[0], *out)}")
    fns = _conv(spec, x2.shape[2:])
    dtype = np.result_type(dy, x, w)
    dx = np.ascontiguousarray(fns["X"](w2, dy2), dtype=dtype)
    dw = np.ascontiguousarray(fns["W"](x2, dy2), dtype=dtype)
    db = np.ascontiguousarray(fns["b"](dy2), dtype=dtype)
    if dims == 1:
        dx, dw = dx[:, :, 0, :], dw[:, :, 0, :]
    return dx, dw, db


def conv2d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1) -> np.ndarray:
    """PyTorch's ``conv2d``; padding also takes (top, bottom, left, right) and 'full'."""
    return _conv_forward(x, w, b, stride, padding, dilation, groups, 2)


def conv2d_backward(dy, x, w, stride=1, padding=0, dilation=1, groups=1):
    """(dx, dw, db) of :func:`conv2d` for the upstream gradient ``dy``."""
    return _conv_backward(dy, x, w, stride, padding, dilation, groups, 2)


def conv1d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1) -> np.ndarray:
    """PyTorch's ``conv1d``; padding also takes (left, right) and 'full'."""
    return _conv_forward(x, w, b, stride, padding, dilation, groups, 1)


def conv1d_backward(dy, x, w, stride=1, padding=0, dilation=1, groups=1):
    return _conv_backward(dy, x, w, stride, padding, dilation, groups, 1)


@lru_cache(maxsize=2)
def _dense(bias: bool) -> dict:
    forms = dense_closed_forms(bias)
    return {"Z": _lambdify([X, W, B] if bias else [X, W], forms["Z"]),
            "W": _lambdify([X, G], forms["W"]), "X": _lambdify([W, G], forms["X"]),
            "b": _lambdify([G], forms["b"]) if bias else None}


def _check_linear(x: np.ndarray, w: np.ndarray) -> None:
    require(x.ndim == 2 and w.ndim == 2 and x.shape[1] == w.shape[1],
            f"linear: input of shape {x.shape} and weight of shape {w.shape} do not fit; "
            "the rule: x (N, in) and w (out, in)")


def linear(x, w, b=None) -> np.ndarray:
    """``x @ w.T + b`` with w of shape (out, in)."""
    x, w = np.asarray(x), np.asarray(w)
    _check_linear(x, w)
    fns = _dense(b is not None)
    return fns["Z"](x, w, np.asarray(b)) if b is not None else fns["Z"](x, w)


def linear_backward(dy, x, w):
    """(dx, dw, db) of :func:`linear`."""
    dy, x, w = np.asarray(dy), np.asarray(x), np.asarray(w)
    _check_linear(x, w)
    require(dy.shape == (x.shape[0], w.shape[0]), f"linear_backward: dy of shape {dy.shape} "
            f"must be {(x.shape[0], w.shape[0])}")
    fns = _dense(True)
    return fns["X"](w, dy), fns["W"](x, dy), fns["b"](dy)


def _pool_args(x: np.ndarray, kernel_size, stride, padding, op: str):
    require(x.ndim == 4, f"{op}_pool2d: input of shape {x.shape} must be (N, C, H, W)")
    spec = pool(op, kernel_size, stride, padding, name=f"{op}_pool2d")
    spec.output_shape(x.shape[1:])
    pads = (spec.padding[0], spec.padding[0], spec.padding[1], spec.padding[1])
    return spec.kernel, spec.stride, pads


def avg_pool2d(x, kernel_size, stride=None, padding=0) -> np.ndarray:
    x = np.asarray(x)
    return numeric.avg_pool2d(x, *_pool_args(x, kernel_size, stride, padding, "avg"))


def avg_pool2d_backward(dy, x, kernel_size, stride=None, padding=0) -> np.ndarray:
    x = np.asarray(x)
    args = _pool_args(x, kernel_size, stride, padding, "avg")
    return numeric.avg_pool2d_grad(np.asarray(dy), x.shape, *args)


def max_pool2d(x, kernel_size, stride=None, padding=0) -> np.ndarray:
    x = np.asarray(x)
    return numeric.max_pool2d(x, *_pool_args(x, kernel_size, stride, padding, "max"))[0]


def max_pool2d_backward(dy, x, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Routes dy to each window's first maximum in row-major order (PyTorch's tie rule)."""
    x = np.asarray(x)
    args = _pool_args(x, kernel_size, stride, padding, "max")
    _, argmax = numeric.max_pool2d(x, *args)
    return numeric.max_pool2d_grad(np.asarray(dy), argmax, x.shape, *args)


__all__ = ["avg_pool2d", "avg_pool2d_backward", "conv1d", "conv1d_backward", "conv2d",
           "conv2d_backward", "linear", "linear_backward", "max_pool2d", "max_pool2d_backward",
           "source"]
