"""Read a layer's own closed-form node tree (``symconv.closed``) at symbolic sizes.

The general proof proves the very closed forms the concrete engine expands: it builds them
with the layer's code at template sizes, then replaces every integer parameter by the
symbol that plays its role (the padding of a ``Pad`` by (p_t, p_b, p_l, p_r), the stride of a
``Dilate`` by (s_h, s_w), ...).  Each replacement is checked: the symbol, evaluated at the
template's values (kernel, stride, dilation and padding all different there), must give
back the integer that was there; an integer that does not is kept as that literal integer
(and said so in the proof's checks), so a closed form that ignores the dilation is proved
or refuted as written.  A node without a symbolic definition is refused ('not proved').
"""

from __future__ import annotations

import sympy

from .. import closed
from .config import SymConfig
from .forms import BiasAdd, Correlate, CorrelateWeight, FullConvolveRot180, MatMul, SumOver
from .forms import Transpose as TransposeNode
from .nodes import Const, Crop, Dilate, Leaf, Pad, Rot180, SNode, Swap
from .sums import NotCovered


def _ints(values) -> tuple[int, ...]:
    if isinstance(values, sympy.Tuple):
        return tuple(int(v) for v in values)
    return (int(values),)


class Translator:
    def __init__(self, cfg: SymConfig) -> None:
        self.cfg = cfg
        self.checked: list[str] = []

    def role(self, name: str, concrete):
        """The symbolic value of a role, element by element checked against the template.

        An integer that is not the role's symbol at the template's sizes is read as that
        literal integer (a closed form that ignores the dilation keeps its 1), and said so.
        """
        if name not in self.cfg.roles:
            raise NotCovered(f"the closed form uses a {name} this layer kind does not have")
        value = self.cfg.roles[name]
        scalar = not isinstance(value, tuple)
        symbolic = (value,) if scalar else value
        wanted = (concrete,) if isinstance(concrete, sympy.Rational) else _ints(concrete)
        if len(wanted) != len(symbolic):
            raise NotCovered(f"{name} {wanted} does not have the shape of {symbolic}")
        read = tuple(s if sympy.sympify(s, strict=True).xreplace(self.cfg.env) == w
                     else sympy.sympify(w, strict=True)
                     for s, w in zip(symbolic, wanted, strict=True))
        shown = read[0] if scalar else read
        if read != tuple(sympy.sympify(s, strict=True) for s in symbolic):
            self.checked.append(f"{name} = {shown} (literal: the template's {wanted} is not "
                                f"{value} at the template sizes)")
        else:
            self.checked.append(f"{name} = {shown}")
        return read[0] if scalar else read

    def __call__(self, node) -> SNode:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise NotCovered(f"no symbolic definition for the closed-form node "
                             f"{type(node).__name__}")
        return method(node)

    def _TensorSymbol(self, node):
        if node.name not in self.cfg.shapes:
            raise NotCovered(f"tensor {node.name} has no symbolic shape here")
        return Leaf(node.name, self.cfg.shapes[node.name])

    def _Pad(self, node):
        return Pad(self(node.args[0]), self.role("padding", node.args[1]))

    def _Crop(self, node):
        return Crop(self(node.args[0]), self.role("padding", node.args[1]))

    def _Dilate(self, node):
        return Dilate(self(node.args[0]), self.role("stride", node.args[1]))

    def _Rot180(self, node):
        return Rot180(self(node.args[0]))

    def _SwapChannels(self, node):
        return Swap(self(node.args[0]), self.role("groups", node.args[1]))

    def _Constant(self, node):
        return Const(self.role("mean", node.args[0]), self.role("kernel_shape", node.args[1]))

    def _Correlate(self, node):
        arg, kernel, stride, dilation, groups = node.args
        return Correlate(self(arg), self(kernel), self.role("stride", stride),
                         self.role("dilation", dilation), self.role("groups", groups))

    def _CorrelateWeight(self, node):
        arg, grad, dilation, groups, kernel = node.args
        return CorrelateWeight(self(arg), self(grad), self.role("dilation", dilation),
                               self.role("groups", groups), self.role("kernel", kernel))

    def _FullConvolveRot180(self, node):
        grad, kernel, stride, dilation, groups, ksize, padded = node.args
        return FullConvolveRot180(self(grad), self(kernel), self.role("stride", stride),
                                  self.role("dilation", dilation), self.role("groups", groups),
                                  self.role("kernel", ksize), self.role("padded", padded))

    def _SumOver(self, node):
        return SumOver(self(node.args[0]), _ints(node.args[1]))

    def _MatMul(self, node):
        return MatMul(self(node.args[0]), self(node.args[1]))

    def _Transpose(self, node):
        return TransposeNode(self(node.args[0]))

    def _BiasAdd(self, node):
        return BiasAdd(self(node.args[0]), self(node.args[1]))


def translate(node: closed.Node | closed.TensorSymbol, cfg: SymConfig) -> tuple[SNode, list]:
    """The symbolic node tree and the list of checked parameter roles."""
    tr = Translator(cfg)
    return tr(node), tr.checked
