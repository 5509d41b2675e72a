"""Max pooling and its gradient.  Not polynomials, so neither has ``expand`` nor a symbolic
entry: max pooling is proved by SymPy's derivative of ``Max`` at an input without ties
(:class:`~symconv.layers.pool.MaxPoolLayer`).  Average pooling is a :class:`Correlate`
with a :class:`Constant` kernel (see :func:`~symconv.ops.correlate.window_mean_size`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

import sympy

from symconv.ops.node import Node, Param, Printer, _code, _ints


class MaxPool(Node):
    """``Y[n,c,i,j] = max_{a,b} Xpad[n, c, s_h·i + a, s_w·j + b]``, Xpad padded with -inf."""

    op = "maxpool"

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
        return f"max_pool2d({x}, {kernel}, {stride}, {pads})[0]"


class RouteToMax(Node):
    """``dX[t] = sum of G[o] over the windows o whose first maximum (row-major) is t``."""

    op = "route_max"

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
            f"max_pool2d_grad({g}, max_pool2d({x}, {kernel}, {stride}, {pads})[1], "
            f"{x}.shape, {kernel}, {stride}, {pads})"
        )


class MaxPoolReLU(Node):
    """``Y[n,c,i,j] = max(0, max_{a,b} Xpad[n, c, s_h·i + a, s_w·j + b])``: relu after max
    pooling as one node, equal to the pool of relu(X) since relu is monotone (proved per
    window by :class:`~symconv.layers.pool.MaxPoolReLULayer`)."""

    op = "maxpool_relu"

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
        return f"max_pool2d_relu({x}, {kernel}, {stride}, {pads})[0]"


class RouteToMaxReLU(Node):
    """``dX[t] = sum of G[o]·[Y[o] > 0] over the windows o whose first maximum (row-major)
    is t``, Y the output of :class:`MaxPoolReLU`: the gradient of relu(max) in one route."""

    op = "route_max_relu"

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
            f"max_pool2d_relu_grad({g}, max_pool2d_relu({x}, {kernel}, {stride}, {pads})[1], "
            f"{x}.shape, {kernel}, {stride}, {pads})"
        )
