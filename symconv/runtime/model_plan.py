"""What a :class:`~symconv.runtime.model.Model` is made of, read from its
:class:`~symconv.spec.network.Network` before anything runs: the sample shape and classes,
the parameters' PyTorch names, shapes and fans, the plain-data plan of steps that
:mod:`symconv.runtime.model_graph` runs (and an exported module stores), and each layer's
printed kernels.  Kept apart from the Model's batching and workers: export and the worker
processes read these without building a Model.
"""

from __future__ import annotations

import math

import numpy as np

from symconv.errors import SymconvError
from symconv.runtime import kernels
from symconv.spec.layer import Conv, ConvTranspose, Dense, Pool
from symconv.spec.network import Network

DTYPES = (np.float32, np.float64)


def check_dtype(dtype) -> np.dtype:
    try:
        known = np.dtype(dtype) in [np.dtype(d) for d in DTYPES]
    except TypeError:
        known = False
    if not known:
        raise SymconvError(f"dtype {dtype!r} is not one of float32, float64")
    return np.dtype(dtype)


def is_1d(network: Network) -> bool:
    """A network with a 1D convolution reads signals (C, L); every other reads (C, H, W)."""
    return any(isinstance(layer, Conv) and layer.dims == 1 for layer in network.layers)


def input_shape(network: Network) -> tuple[int, ...]:
    """The shape of one sample as the model (and torch) takes it."""
    c, h, w = network.input_shape
    return (c, w) if is_1d(network) else (c, h, w)


def output_classes(network: Network) -> int:
    """How many logits the network gives: its last output, flattened."""
    shapes = network.shapes()  # validates the chain of shapes
    return math.prod(shapes[-1][2]) if shapes else math.prod(network.input_shape)


def check_runnable(network: Network) -> None:
    """Refuse, naming it, a layer a Model cannot run (a 1D transposed convolution: networks
    hold conv_transpose2d only)."""
    for layer in network.layers:
        if not isinstance(layer, Conv | ConvTranspose | Pool | Dense) or (
            isinstance(layer, ConvTranspose) and layer.dims != 2
        ):
            raise SymconvError(
                f"layer {layer.name!r} ({layer.kind}) cannot run in a Model "
                "yet; the rule: a Model (and export, train) runs conv1d, "
                "conv2d, conv_transpose2d, avgpool2d, maxpool2d and dense "
                "layers"
            )


def transpose_weight(layer: ConvTranspose) -> tuple[tuple[int, ...], int]:
    """A transposed convolution's weight shape (C_in, C_out/groups, kh, kw), as PyTorch's
    ConvTranspose2d, and its fan_in: PyTorch reads the fan of a weight from its axis 1 and
    kernel, (C_out/groups)·kh·kw here, for the default initialisation's bound."""
    return layer.weight_shape, layer.group_out * math.prod(layer.kernel)


def param_shapes(
    network: Network, renamed: dict[str, str] | None = None
) -> dict[str, tuple[tuple[int, ...], int]]:
    """name -> (PyTorch shape, fan_in) in layer order; names ``<layer lowercased>.weight``
    and ``.bias`` (``renamed`` maps a layer name to another prefix).  Two layers whose
    names give the same key are refused."""
    check_runnable(network)
    found: dict[str, tuple[tuple[int, ...], int]] = {}
    for layer in network.layers:
        if isinstance(layer, Pool):
            continue
        prefix = (renamed or {}).get(layer.name, layer.name.lower())
        if isinstance(layer, Conv):
            kernel = layer.kernel if layer.dims == 2 else layer.kernel[1:]
            weight = (layer.out_channels, layer.group_in, *kernel)
            fan_in, features = layer.group_in * math.prod(kernel), layer.out_channels
        elif isinstance(layer, ConvTranspose):
            (weight, fan_in), features = transpose_weight(layer), layer.out_channels
        else:
            weight, fan_in = (layer.out_features, layer.in_features), layer.in_features
            features = layer.out_features
        if f"{prefix}.weight" in found:
            raise SymconvError(
                f"layer name {layer.name!r} is used twice (parameters "
                f"{prefix}.weight); the rule: every layer with parameters "
                "has its own name, case aside"
            )
        found[f"{prefix}.weight"] = (weight, fan_in)
        if layer.bias:
            found[f"{prefix}.bias"] = ((features,), fan_in)
    return found


def plan(network: Network, renamed: dict[str, str] | None = None) -> list[dict]:
    """The steps of :mod:`symconv.runtime.model_graph` without their kernels: plain data (what
    an exported module stores), one dict per layer."""
    check_runnable(network)
    steps = []
    for layer, _, _ in network.shapes():
        prefix = (renamed or {}).get(layer.name, layer.name.lower())
        step = {
            "op": "pool",
            "name": layer.name,
            "weight": None,
            "bias": None,
            "w4": None,
            "max": False,
            "act": getattr(layer, "activation", None),
            "merged": None,
        }
        if isinstance(layer, Pool):
            step["max"] = layer.op == "max"
        else:
            # A transposed convolution's kernels take the convolution's arguments
            # (Z(X, W[, b]), dW(X, G), dX(W, G), db(G)): the same step.
            step["op"] = "conv" if isinstance(layer, Conv | ConvTranspose) else "dense"
            step["weight"] = f"{prefix}.weight"
            step["bias"] = f"{prefix}.bias" if layer.bias else None
            if isinstance(layer, Conv) and layer.dims == 1:
                step["w4"] = (layer.out_channels, layer.group_in, 1, layer.kernel[1])
        steps.append(step)
    for k in network.relu_max_pools():
        steps[k - 1]["act"], steps[k]["merged"] = None, "relu"
    return steps


def layer_kernels(layer, shape_in: tuple[int, ...], merged: str | None = None) -> dict:
    """The printed kernels of one layer for inputs of shape (N, *shape_in); ``merged``
    "relu": a max pool's merged relu + pool kernels (the plan's ``merged``)."""
    if merged == "relu":
        found = kernels.max_pool_kernels(layer, relu=True)
    elif isinstance(layer, Conv):
        found = kernels.conv_kernels(layer, tuple(shape_in[1:]))
    elif isinstance(layer, ConvTranspose):
        found = kernels.conv_transpose_kernels(layer, tuple(shape_in[1:]))
    elif isinstance(layer, Pool):
        found = (
            kernels.avg_pool_kernels(layer, tuple(shape_in))
            if layer.op == "avg"
            else kernels.max_pool_kernels(layer)
        )
    else:
        found = kernels.dense_kernels(layer.bias)
    return {key: found.get(key) for key in ("Z", "W", "X", "b")}
