"""The closed-form nodes by their historical module name: see :mod:`symconv.ops`, where each
is defined once (concrete expansion, symbolic entry, NumPy code)."""

import sympy  # noqa: F401 - callers write closed.sympy.Rational for a node's parameter

from .ops import (
    LITERAL,
    BiasAdd,
    Constant,
    Correlate,
    CorrelateWeight,
    Crop,
    Dilate,
    FullConvolveRot180,
    MatMul,
    MaxPool,
    Node,
    Pad,
    Rot180,
    RouteToMax,
    SumOver,
    SwapChannels,
    TensorSymbol,
    Transpose,
    window_mean_size,
)
from .ops.base import _code

__all__ = ["LITERAL", "BiasAdd", "Constant", "Correlate", "CorrelateWeight", "Crop", "Dilate",
           "FullConvolveRot180", "MatMul", "MaxPool", "Node", "Pad", "Rot180", "RouteToMax",
           "SumOver", "SwapChannels", "TensorSymbol", "Transpose", "_code", "window_mean_size"]
