"""The closed-form nodes, one module per family, each operator defined once (see
:mod:`.base` for what a node defines: concrete expansion, symbolic entry, NumPy code; its
LaTeX is the ``_print_<Class>`` method of :mod:`symconv.printing.latex`)."""

from .base import LITERAL, Constant, Node, TensorSymbol
from .correlate import Correlate, CorrelateWeight, FullConvolveRot180, window_mean_size
from .dense import BiasAdd, MatMul, SumOver, Transpose
from .pool import MaxPool, RouteToMax
from .spatial import Crop, Dilate, Pad, Rot180, SwapChannels

__all__ = ["LITERAL", "BiasAdd", "Constant", "Correlate", "CorrelateWeight", "Crop", "Dilate",
           "FullConvolveRot180", "MatMul", "MaxPool", "Node", "Pad", "Rot180", "RouteToMax",
           "SumOver", "SwapChannels", "TensorSymbol", "Transpose", "window_mean_size"]
