"""The closed-form nodes, one module per family, each operator defined once (see
:mod:`.base` for what a node defines: concrete expansion, symbolic entry, NumPy code; its
LaTeX is the ``_print_<Class>`` method of :mod:`symconv.printing.latex`)."""

from symconv.ops.correlate import Correlate, CorrelateWeight, FullConvolveRot180, window_mean_size
from symconv.ops.matrix import BiasAdd, MatMul, SumOver, Transpose
from symconv.ops.max_pool import MaxPool, MaxPoolReLU, RouteToMax, RouteToMaxReLU
from symconv.ops.node import LITERAL, Constant, Node, TensorSymbol
from symconv.ops.spatial import Crop, Dilate, Pad, Rot180, SwapChannels

__all__ = [
    "LITERAL",
    "BiasAdd",
    "Constant",
    "Correlate",
    "CorrelateWeight",
    "Crop",
    "Dilate",
    "FullConvolveRot180",
    "MatMul",
    "MaxPool",
    "MaxPoolReLU",
    "Node",
    "Pad",
    "Rot180",
    "RouteToMax",
    "RouteToMaxReLU",
    "SumOver",
    "SwapChannels",
    "TensorSymbol",
    "Transpose",
    "window_mean_size",
]
