"""Closed-form nodes printed to NumPy functions, cached per configuration: the kernels that
:mod:`symconv.runtime.kernels` (PyTorch's names), :class:`symconv.runtime.model.Model` and
the exported modules run.

Every kernel is a closed-form node (the very object ``symconv prove`` proves) turned into
Python by ``sympy.lambdify`` with the nodes' ``_numpycode`` printers, which call the
vectorised primitives of :mod:`symconv.runtime.numeric` (looked up in :data:`NAMESPACE`).
The functions are printed once per configuration (and input size where the form needs it)
and cached; ``*_kernels(...)`` return them for callers that run one configuration many
times without re-checking their arguments.  Each function keeps the node it was printed
from, so ``symconv prove`` checks the code against that very node.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy
from sympy.printing.numpy import NumPyPrinter

from symconv.layers.conv import closed_forms
from symconv.layers.conv_transpose import conv_transpose_forms
from symconv.layers.dense import dense_closed_forms
from symconv.layers.pool import (
    avg_pool_closed_forms,
    max_pool_closed_forms,
)
from symconv.ops import TensorSymbol
from symconv.ops.pointwise import Activate, ActivationGrad, SoftmaxCrossEntropy
from symconv.runtime import numeric
from symconv.runtime.numeric import bias_grad
from symconv.spec.layer import Conv, ConvTranspose, Pool

NAMESPACE = {name: getattr(numeric, name) for name in dir(numeric) if not name.startswith("_")}
NAMESPACE["full"] = np.full


def add_bias(z: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``z + b`` with b along axis 1 (filters or features): the BiasAdd node's code.

    ``z`` is always a node's fresh result (BiasAdd never wraps a caller's tensor), so the
    add runs in place.  When the channels are innermost in memory (as the convolution
    primitives leave them) it runs over whole (column, channel) rows with b tiled along
    them: one long inner loop instead of one loop of C values per pixel.
    """
    if z.ndim == 4:
        rows = z.transpose(0, 2, 3, 1)
        if rows.flags.c_contiguous:
            flat = rows.reshape(-1, z.shape[3] * z.shape[1])
            flat += np.tile(b, z.shape[3])
            return z
    z += b.reshape((1, -1) + (1,) * (z.ndim - 2))
    return z


def sum_axes(g: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """``g`` summed over ``axes``: the SumOver node's code (db = sum of G over N, H, W)."""
    if g.ndim == 4 and tuple(axes) == (0, 2, 3):
        return bias_grad(g)  # one product with a ones vector, in memory order
    return g.sum(axis=tuple(axes))


# Inside this block a training step gathers each input's windows once (see numeric).
reuse_gathers = numeric.reuse_gathers
NAMESPACE["add_bias"] = add_bias
NAMESPACE["sum_axes"] = sum_axes
X, W, B, G, A, Z, Y = (TensorSymbol(n) for n in ("X", "W", "b", "G", "A", "Z", "y"))


def source(expr: sympy.Basic) -> str:
    """The NumPy code a closed form prints to."""
    return NumPyPrinter({"fully_qualified_modules": False}).doprint(expr)


def _lambdify(args, expr):
    return sympy.lambdify(
        args,
        expr,
        modules=[NAMESPACE],
        printer=NumPyPrinter({"fully_qualified_modules": False}),
        cse=False,
        docstring_limit=0,
    )


def _printed(forms: dict, arguments: dict) -> dict:
    """Each form lambdified over its arguments; ``None`` for an absent form.

    Each function keeps the node it was printed from (``closed_form``), its arguments'
    names and its code, so ``symconv prove`` can check it against that very node
    (:mod:`symconv.proofs.kernel_identities`)."""
    return {
        key: _kernel(arguments[key], form) if form is not None else None
        for key, form in ((k, forms.get(k)) for k in arguments)
    }


def _kernel(args: list, form):
    fn = _lambdify(args, form)
    fn.closed_form = form
    fn.arguments = tuple(a.name for a in args)
    fn.code = source(form)
    return fn


@lru_cache(maxsize=256)
def conv_kernels(spec: Conv, input_hw: tuple[int, int]) -> dict:
    """{"Z": f(X, W[, b]), "W": f(X, G), "X": f(W, G), "b": f(G) or None} for one
    convolution and input size (1D specs in their 2D form, height 1); any batch size."""
    return _printed(
        closed_forms(spec, input_hw),
        {"Z": [X, W, B] if spec.bias else [X, W], "W": [X, G], "X": [W, G], "b": [G]},
    )


@lru_cache(maxsize=64)
def conv_transpose_kernels(spec: ConvTranspose, input_hw: tuple[int, int]) -> dict:
    """The same four kernels of a transposed convolution (1D in its 2D form)."""
    return _printed(
        conv_transpose_forms(spec, input_hw),
        {"Z": [X, W, B] if spec.bias else [X, W], "W": [X, G], "X": [W, G], "b": [G]},
    )


@lru_cache(maxsize=4)
def dense_kernels(bias: bool) -> dict:
    """{"Z": f(X, W[, b]), "W": f(X, G), "X": f(W, G), "b": f(G) or None}, any sizes."""
    return _printed(
        dense_closed_forms(bias),
        {"Z": [X, W, B] if bias else [X, W], "W": [X, G], "X": [W, G], "b": [G]},
    )


@lru_cache(maxsize=64)
def avg_pool_kernels(spec: Pool, input_shape: tuple[int, int, int]) -> dict:
    """{"Z": f(X), "X": f(G)} of average pooling for inputs of shape (N, *input_shape)."""
    return _printed(avg_pool_closed_forms(spec, input_shape), {"Z": [X], "X": [G]})


@lru_cache(maxsize=64)
def max_pool_kernels(spec: Pool, relu: bool = False) -> dict:
    """{"Z": f(X), "X": f(G, X)} of max pooling, any input size; with ``relu``, of relu
    after the pool as one node each way (the merged kernels a ReLU right before a max
    pool runs as)."""
    return _printed(max_pool_closed_forms(spec, relu), {"Z": [X], "X": [G, X]})


@lru_cache(maxsize=8)
def activation_kernels(kind: str) -> dict:
    """{"A": f(Z) = σ(Z), "Z": f(G, A) = G ⊙ σ'(Z) written in A = σ(Z)}."""
    return {"A": _kernel([Z], Activate(Z, kind)), "Z": _kernel([G, A], ActivationGrad(G, A, kind))}


@lru_cache(maxsize=1)
def loss_kernel():
    """f(Z, y) = (L, dL/dZ) of the mean softmax cross-entropy."""
    return _kernel([Z, Y], SoftmaxCrossEntropy(Z, Y))


def clear_caches() -> None:
    """Forget every printed kernel (they are printed again, from NAMESPACE, on next use)."""
    for cached in (
        conv_kernels,
        conv_transpose_kernels,
        dense_kernels,
        avg_pool_kernels,
        max_pool_kernels,
        activation_kernels,
        loss_kernel,
    ):
        cached.cache_clear()
