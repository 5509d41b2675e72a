"""Read a layer's own closed-form node tree (``symconv.closed``) at symbolic sizes.

The general proof proves the very closed forms the concrete engine expands: it builds them
with the layer's code at two templates (general/cases.py), walks the two trees together,
and replaces every integer parameter by the symbol that plays its role (the padding of a
``Pad`` by (p_t, p_b, p_l, p_r), the stride of a ``Dilate`` by (s_h, s_w), ...).  A
parameter is read as a symbol only if it has that symbol's value at BOTH templates; one
that is the same integer at both is that literal constant (a closed form that ignores the
dilation keeps its 1, and is proved or refuted as written); one that is neither depends
on the sizes in a way the layer's roles do not describe, and the form is not proved.  The
two trees must have the same shape, and a node without a symbolic definition is refused.
Nothing is ever recognised by one value alone: the templates are chosen, and checked when
a case is built, so that no simple expression other than a role's own takes its values at
both.
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

    def role(self, name: str, concrete, twin):
        """The symbolic value of a role, read component by component at both templates."""
        if name not in self.cfg.roles:
            raise NotCovered(f"the closed form uses a {name} this layer kind does not have")
        value = self.cfg.roles[name]
        scalar = not isinstance(value, tuple)
        symbolic = (value,) if scalar else value
        wanted, other = _values(concrete), _values(twin)
        if len(wanted) != len(symbolic) or len(other) != len(symbolic):
            raise NotCovered(f"{name} {wanted} does not have the shape of {symbolic}")
        read = tuple(self._component(name, sympy.sympify(s, strict=True), w, o)
                     for s, w, o in zip(symbolic, wanted, other, strict=True))
        shown = read[0] if scalar else read
        if read != tuple(sympy.sympify(s, strict=True) for s in symbolic):
            self.checked.append(f"{name} = {shown} (a constant, not {value})")
        else:
            self.checked.append(f"{name} = {shown}")
        return read[0] if scalar else read

    def _component(self, name: str, symbol: sympy.Expr, at_a, at_b) -> sympy.Expr:
        if symbol.xreplace(self.cfg.env) == at_a and symbol.xreplace(self.cfg.twin_env) == at_b:
            return symbol
        if at_a == at_b:
            return sympy.sympify(at_a, strict=True)
        raise NotCovered(f"the closed form's {name} is {at_a} at one template and {at_b} at "
                         f"the other: neither {symbol} nor a constant, so its role is unknown")

    def __call__(self, node, twin) -> SNode:
        """A tensor argument: a named tensor, or a node read with its parameters."""
        if isinstance(node, closed.TensorSymbol):
            return self.leaf(node, twin)
        if type(node) is not type(twin) or len(node.args) != len(twin.args):
            raise NotCovered(f"the closed form is {type(node).__name__} at one template and "
                             f"{type(twin).__name__} at the other")
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise NotCovered(f"no symbolic definition for the closed-form node "
                             f"{type(node).__name__}")
        return method(node.args, twin.args)

    def leaf(self, node, twin) -> SNode:
        if node != twin:
            raise NotCovered(f"tensor {node} at one template is {twin} at the other")
        if node.name not in self.cfg.shapes:
            raise NotCovered(f"tensor {node.name} has no symbolic shape here")
        return Leaf(node.name, self.cfg.shapes[node.name])

    def _Pad(self, a, b):
        return Pad(self(a[0], b[0]), self._pads(a[1], b[1]))

    def _Crop(self, a, b):
        return Crop(self(a[0], b[0]), self._pads(a[1], b[1]))

    def _pads(self, a, b):
        """The padding, or else a transposed convolution's cut rows (its closed forms pad
        and crop by s·⌊op/s⌋ when the output padding reaches the stride)."""
        if "cut" not in self.cfg.roles:
            return self.role("padding", a, b)
        try:
            return self.role("padding", a, b)
        except NotCovered:
            return self.role("cut", a, b)

    def _Dilate(self, a, b):
        return Dilate(self(a[0], b[0]), self.role("stride", a[1], b[1]))

    def _Rot180(self, a, b):
        return Rot180(self(a[0], b[0]))

    def _SwapChannels(self, a, b):
        return Swap(self(a[0], b[0]), self.role("groups", a[1], b[1]))

    def _Constant(self, a, b):
        return Const(self.role("mean", a[0], b[0]), self.role("kernel_shape", a[1], b[1]))

    def _Correlate(self, a, b):
        return Correlate(self(a[0], b[0]), self(a[1], b[1]),
                         self.role("stride", a[2], b[2]), self.role("dilation", a[3], b[3]),
                         self.role("groups", a[4], b[4]))

    def _CorrelateWeight(self, a, b):
        return CorrelateWeight(self(a[0], b[0]), self(a[1], b[1]),
                               self.role("dilation", a[2], b[2]),
                               self.role("groups", a[3], b[3]), self.role("kernel", a[4], b[4]))

    def _FullConvolveRot180(self, a, b):
        return FullConvolveRot180(
            self(a[0], b[0]), self(a[1], b[1]), self.role("stride", a[2], b[2]),
            self.role("dilation", a[3], b[3]), self.role("groups", a[4], b[4]),
            self.role("kernel", a[5], b[5]), self.role("padded", a[6], b[6]))

    def _SumOver(self, a, b):
        if _ints(a[1]) != _ints(b[1]):
            raise NotCovered(f"the summed axes are {_ints(a[1])} at one template and "
                             f"{_ints(b[1])} at the other")
        return SumOver(self(a[0], b[0]), _ints(a[1]))

    def _MatMul(self, a, b):
        return MatMul(self(a[0], b[0]), self(a[1], b[1]))

    def _Transpose(self, a, b):
        return TransposeNode(self(a[0], b[0]))

    def _BiasAdd(self, a, b):
        return BiasAdd(self(a[0], b[0]), self(a[1], b[1]))


def _values(values) -> tuple:
    """A node's parameter as a tuple: integers, or the one exact rational of a mean."""
    if isinstance(values, sympy.Rational) and not isinstance(values, sympy.Integer):
        return (values,)
    return _ints(values)


def translate(node: closed.Node | closed.TensorSymbol, twin: closed.Node | closed.TensorSymbol,
              cfg: SymConfig) -> tuple[SNode, list]:
    """The symbolic node tree read from the same closed form built at the two templates,
    and the list of parameter roles read."""
    tr = Translator(cfg)
    return tr(node, twin), tr.checked
