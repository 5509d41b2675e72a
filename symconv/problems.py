"""Concrete proof problems: one layer from options, or every layer of a network."""

from __future__ import annotations

from .layers.conv import ConvLayer
from .layers.dense import DenseLayer
from .layers.elementwise import ActivationLayer, SoftmaxCrossEntropyLayer
from .layers.pool import pool_layer
from .network import Network
from .spec import Conv, Dense, Pool
from .tensors import Naming


def network_layers(net: Network, batch: int = 1, naming: Naming | None = None) -> list:
    """Every layer, every activation and the loss, each with its own symbols."""
    layers: list = []
    for spec, shape_in, shape_out in net.shapes():
        if isinstance(spec, Conv):
            layers.append(ConvLayer(spec, shape_in[1:], batch, naming))
        elif isinstance(spec, Pool):
            layers.append(pool_layer(spec, shape_in, batch, naming))
        elif isinstance(spec, Dense):
            layers.append(DenseLayer(spec, batch, naming))
        activation = getattr(spec, "activation", None)
        if activation:
            layers.append(ActivationLayer(activation, shape_out, batch, naming, spec.name))
    if net.loss == "softmax_cross_entropy":
        classes = net.shapes()[-1][2]
        layers.append(SoftmaxCrossEntropyLayer(classes[0] if len(classes) == 1 else
                                               classes[0] * classes[1] * classes[2],
                                               batch, naming))
    return layers
