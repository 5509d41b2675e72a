"""Max pooling and its gradient.  Not polynomials, so neither has ``expand`` nor a symbolic
entry: max pooling is proved by SymPy's derivative of ``Max`` at an input without ties
(:class:`~symconv.layers.pool.MaxPoolLayer`).  Average pooling is a :class:`Correlate`
with a :class:`Constant` kernel (see :func:`~symconv.ops.correlate.window_mean_size`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

import sympy

from symconv.ops.node import Node, Param, Printer, _code, _ints


class _Pooled(Node):
    """A max pool's forward node: ``primitive(X, kernel, stride, pads)[0]`` (the kernels'
    primitive returns the pooled map and the winners' index)."""

    primitive = ""

    def __new__(
        cls,
        arg: sympy.Basic,
        kernel: Iterable[Param],
        stride: Iterable[Param],
        pads: Iterable[Param],
    ) -> Self:
        return super().__new__(cls, arg, _ints(kernel), _ints(stride), _ints(pads))

    def _numpycode(self, printer: Printer) -> str:
        x, kernel, stride, pads = (_code(printer, a) for a in self.args)
        return f"{self.primitive}({x}, {kernel}, {stride}, {pads})[0]"


class _Routed(Node):
    """A max pool's gradient node: G routed by ``primitive`` to the winners the forward
    primitive ``pool`` records (recomputed from X: the node is a function of G and X)."""

    primitive = ""
    pool = ""

    def __new__(
        cls,
        grad: sympy.Basic,
        arg: sympy.Basic,
        kernel: Iterable[Param],
        stride: Iterable[Param],
        pads: Iterable[Param],
    ) -> Self:
        return super().__new__(cls, grad, arg, _ints(kernel), _ints(stride), _ints(pads))

    def _numpycode(self, printer: Printer) -> str:
        g, x, kernel, stride, pads = (_code(printer, a) for a in self.args)
        return (
            f"{self.primitive}({g}, {self.pool}({x}, {kernel}, {stride}, {pads})[1], "
            f"{x}.shape, {kernel}, {stride}, {pads})"
        )


class MaxPool(_Pooled):
    """``Y[n,c,i,j] = max_{a,b} Xpad[n, c, s_h·i + a, s_w·j + b]``, Xpad padded with -inf."""

    op = "maxpool"
    primitive = "max_pool2d"


class RouteToMax(_Routed):
    """``dX[t] = sum of G[o] over the windows o whose first maximum (row-major) is t``."""

    op = "route_max"
    primitive, pool = "max_pool2d_grad", "max_pool2d"


class MaxPoolReLU(_Pooled):
    """``Y[n,c,i,j] = max(0, max_{a,b} Xpad[n, c, s_h·i + a, s_w·j + b])``: relu after max
    pooling as one node, equal to the pool of relu(X) since relu is monotone (proved per
    window by :class:`~symconv.layers.pool.MaxPoolReLULayer`)."""

    op = "maxpool_relu"
    primitive = "max_pool2d_relu"


class RouteToMaxReLU(_Routed):
    """``dX[t] = sum of G[o]·[Y[o] > 0] over the windows o whose first maximum (row-major)
    is t``, Y the output of :class:`MaxPoolReLU`: the gradient of relu(max) in one route."""

    op = "route_max_relu"
    primitive, pool = "max_pool2d_relu_grad", "max_pool2d_relu"
