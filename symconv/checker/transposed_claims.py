"""Operator claims about a transposed convolution: when a wrong verdict stands.

The operator checker builds a claim's nodes with a convolution's meaning of the layer's
own parameters: ``pad_{k-1}``, ``\\operatorname{pad}`` alone, ``dilate_s``, ``crop`` and
``X_{\\text{pad}}`` take the layer's kernel, stride and padding (and ``X \\star W`` its
stride and dilation), which a transposed layer
uses differently.  A claim that leans on one of them and fails may be right in the
transposed reading, so it is not understood; a claim whose every parameter is written as a
number (``pad_{1}(dilate_{2}(X)) \\star rot180(W)``, as symconv prints the transposed
forward) means one thing only, and when it fails it is wrong.
"""

from __future__ import annotations

from symconv.checker.opparse import Op

_SIZED = {"pad", "dilate", "crop"}  # their parameter, when not written, is the layer's


def leans_on_layer(op: Op) -> bool:
    """Does the claim take a size from the layer's parameters (see the module doc)?"""
    if op.kind in ("xpad", "full"):
        return True
    if (
        op.kind == "bin"
        and not op.params[1]
        and _root(op.args[0]) == "X"
        and _root(op.args[1]) == "W"
    ):  # X \star W: the layer's own stride and dilation
        return True
    if op.kind in _SIZED:
        value = op.params[0] if op.params else None
        if value is None or (isinstance(value, tuple) and value[:1] == ("size",)):
            return True
    return any(leans_on_layer(a) for a in op.args)


def _root(op: Op) -> str | None:
    """The tensor a chain of rot180 and transposes acts on (None: anything else)."""
    while op.kind in ("rot", "T") and op.args:
        op = op.args[0]
    return op.params[0] if op.kind == "tensor" and not op.params[1] else None


def wrong_stands(left: Op, right: Op) -> bool:
    """A failed claim about a transposed layer is wrong only for its forward Z with every
    parameter written (the printed gradients' ``\\star`` of G with the dilated X computes
    only the kernel's extent, which a plain valid correlation does not say: with an output
    padding it is one row larger, so those stay not understood)."""
    return left.kind == "tensor" and left.params == ("Z", False) and not leans_on_layer(right)
