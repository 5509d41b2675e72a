"""Concrete proof problems: one layer from options, or every layer of a network.

The term budget is checked from the specs alone, before any symbolic tensor is built:
for a huge configuration, building the tensors is already the expensive part.
"""

from __future__ import annotations

import math
from typing import TypeAlias

from symconv.algebra.tensors import Naming
from symconv.layers.base import PolyLayer
from symconv.layers.conv import ConvLayer, conv_terms
from symconv.layers.conv_transpose import ConvTransposeLayer, conv_transpose_terms
from symconv.layers.dense import DenseLayer, dense_terms
from symconv.layers.elementwise import (
    ActivationLayer,
    SoftmaxCrossEntropyLayer,
    activation_terms,
    softmax_terms,
)
from symconv.layers.pool import MaxPoolReLULayer, pool_layer, pool_terms
from symconv.proofs.engine import DEFAULT_MAX_TERMS, check_budget
from symconv.spec.layer import Conv, ConvTranspose, Dense, Pool, Shape
from symconv.spec.layer import Layer as LayerSpec
from symconv.spec.network import Network

# What a proof problem is made of: polynomial layers (convolutions, pooling, dense), proved
# entry by entry, and the activations and the loss, proved with SymPy's own derivative.
Layer: TypeAlias = PolyLayer | ActivationLayer | SoftmaxCrossEntropyLayer


def image(shape: Shape) -> tuple[int, int, int]:
    """A (C, H, W) shape: what a convolution or a pooling layer reads and writes."""
    channels, height, width = shape
    return channels, height, width


def spec_terms(spec: LayerSpec, shape_in: Shape, shape_out: Shape, batch: int) -> int:
    """The estimated terms of one layer and its activation, from shapes only."""
    if isinstance(spec, Conv):
        terms = conv_terms(spec, image(shape_out)[1:], batch)
    elif isinstance(spec, ConvTranspose):
        terms = conv_transpose_terms(spec, image(shape_in)[1:], batch)
    elif isinstance(spec, Pool):
        terms = pool_terms(spec, shape_out, batch)
    else:
        terms = dense_terms(spec, batch)
    if getattr(spec, "activation", None):
        terms += activation_terms(shape_out, batch)
    return terms


def network_layers(
    net: Network, batch: int = 1, naming: Naming | None = None, max_terms: int = DEFAULT_MAX_TERMS
) -> list[Layer]:
    """Every layer, every activation and the loss, each with its own symbols."""
    shapes = net.shapes()
    classes = math.prod(shapes[-1][2]) if net.loss == "softmax_cross_entropy" else 0
    check_budget(
        sum(spec_terms(*row, batch) for row in shapes)
        + (softmax_terms(classes, batch) if classes else 0),
        max_terms,
    )
    layers: list[Layer] = []
    merged = set(net.relu_max_pools())
    for k, (spec, shape_in, shape_out) in enumerate(shapes):
        if isinstance(spec, Conv):
            layers.append(ConvLayer(spec, image(shape_in)[1:], batch, naming))
        elif isinstance(spec, ConvTranspose):
            layers.append(ConvTransposeLayer(spec, image(shape_in)[1:], batch, naming))
        elif isinstance(spec, Pool):
            layers.append(pool_layer(spec, image(shape_in), batch, naming))
            if k in merged:  # the runtime's merged relu + pool nodes
                layers.append(MaxPoolReLULayer(spec, image(shape_in), batch, naming))
        elif isinstance(spec, Dense):
            layers.append(DenseLayer(spec, batch, naming))
        activation = getattr(spec, "activation", None)
        if activation:
            layers.append(ActivationLayer(activation, shape_out, batch, naming, spec.name))
    if classes:
        layers.append(SoftmaxCrossEntropyLayer(classes, batch, naming))
    return layers
