"""Read a layer's own closed-form node tree (:mod:`symconv.ops`) at symbolic sizes.

The general proof proves the very closed forms the concrete engine expands: it builds them
with the layer's code at two templates (general/cases.py), walks the two trees together,
and rebuilds the same node classes with every integer parameter replaced by the symbol
that plays its role (the padding of a ``Pad`` by (p_t, p_b, p_l, p_r), the stride of a
``Dilate`` by (s_h, s_w), ...; each class's ``roles`` name them, so no operator is
defined here a second time).  A
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

from symconv.ops import LITERAL, Node, TensorSymbol
from symconv.proofs.general.size_config import RoleValue, SymConfig
from symconv.proofs.general.sums import NotCovered

# A parameter that plays one role or, failing that, another of the same layer: a padding
# may be a transposed convolution's cut rows, the full correlation's d·(k-1) on every
# side (``pad_{k-1}(G) ⋆ rot180(W)``, the textbook dX of an unpadded layer), or that less
# the layer's own padding (``pad_{k-1-p}``, in case "+narrow" where it is no negative);
# a zero-dilation may be by the stride (of G) or by the dilation (of the rotated kernel:
# ``dilate_d(rot180(W))``, the dilated layer's kernel as it is applied).
ALTERNATIVE_ROLES = {"padding": ("cut", "full", "full_cut"), "stride": ("dilation",)}


def _ints(values: sympy.Basic) -> tuple[int, ...]:
    if isinstance(values, sympy.Tuple):
        return tuple(int(v) for v in values)
    return (int(values),)


class Translator:
    def __init__(self, cfg: SymConfig) -> None:
        self.cfg = cfg
        self.checked: list[str] = []

    def role(self, name: str, concrete: sympy.Basic, twin: sympy.Basic) -> RoleValue:
        """The symbolic value of a role, read component by component at both templates."""
        if name not in self.cfg.roles:
            raise NotCovered(f"the closed form uses a {name} this layer kind does not have")
        value = self.cfg.roles[name]
        scalar = not isinstance(value, tuple)
        symbolic = (value,) if scalar else value
        wanted, other = _values(concrete), _values(twin)
        if len(wanted) != len(symbolic) or len(other) != len(symbolic):
            raise NotCovered(f"{name} {wanted} does not have the shape of {symbolic}")
        read = tuple(
            self._component(name, sympy.sympify(s, strict=True), w, o)
            for s, w, o in zip(symbolic, wanted, other, strict=True)
        )
        shown = read[0] if scalar else read
        if read != tuple(sympy.sympify(s, strict=True) for s in symbolic):
            self.checked.append(f"{name} = {shown} (a constant, not {value})")
        else:
            self.checked.append(f"{name} = {shown}")
        return read[0] if scalar else read

    def _component(
        self, name: str, symbol: sympy.Expr, at_a: int | sympy.Rational, at_b: int | sympy.Rational
    ) -> sympy.Expr:
        if symbol.xreplace(self.cfg.env) == at_a and symbol.xreplace(self.cfg.twin_env) == at_b:
            return symbol
        if at_a == at_b:
            return sympy.sympify(at_a, strict=True)
        raise NotCovered(
            f"the closed form's {name} is {at_a} at one template and {at_b} at "
            f"the other: neither {symbol} nor a constant, so its role is unknown"
        )

    def __call__(self, node: Node | TensorSymbol, twin: Node | TensorSymbol) -> Node | TensorSymbol:
        """A tensor argument: a named tensor, or the same node class with its parameters
        read as roles (the class's ``roles`` say which role each parameter plays)."""
        if isinstance(node, TensorSymbol):
            return self.leaf(node, twin)
        if type(node) is not type(twin) or len(node.args) != len(twin.args):
            raise NotCovered(
                f"the closed form is {type(node).__name__} at one template and "
                f"{type(twin).__name__} at the other"
            )
        roles = getattr(type(node), "roles", None)  # None: no symbolic definition
        if roles is None or len(roles) != len(node.args):
            raise NotCovered(
                f"no symbolic definition for the closed-form node {type(node).__name__}"
            )
        return type(node).rebuild(
            *(
                self.argument(role, a, b)
                for role, a, b in zip(roles, node.args, twin.args, strict=True)
            )
        )

    def argument(self, role: str | None, concrete: sympy.Basic, twin: sympy.Basic) -> sympy.Basic:
        if role is None:
            return self(concrete, twin)
        if role == LITERAL:
            if _ints(concrete) != _ints(twin):
                raise NotCovered(
                    f"a literal parameter is {_ints(concrete)} at one template "
                    f"and {_ints(twin)} at the other"
                )
            return concrete
        value = self._role_or_alternative(role, concrete, twin)
        return sympy.Tuple(*value) if isinstance(value, tuple) else value

    def _role_or_alternative(
        self, role: str, concrete: sympy.Basic, twin: sympy.Basic
    ) -> RoleValue:
        """The role, or else one of its alternatives the layer has: a transposed
        convolution's closed forms pad and crop by s·⌊op/s⌋ (its "cut" rows) when the output
        padding reaches the stride; an unpadded layer's full correlation pads G by d(k-1).
        Each is read at both templates alike, so a parameter that is none of them (k, k-2)
        is still no role."""
        alternatives = [a for a in ALTERNATIVE_ROLES.get(role, ()) if a in self.cfg.roles]
        try:
            return self.role(role, concrete, twin)
        except NotCovered:
            for alternative in alternatives:
                try:
                    return self.role(alternative, concrete, twin)
                except NotCovered:
                    continue
            raise

    def leaf(self, node: TensorSymbol, twin: Node | TensorSymbol) -> TensorSymbol:
        if node != twin:
            raise NotCovered(f"tensor {node} at one template is {twin} at the other")
        if node.name not in self.cfg.shapes:
            raise NotCovered(f"tensor {node.name} has no symbolic shape here")
        return node


def _values(values: sympy.Basic) -> tuple[int | sympy.Rational, ...]:
    """A node's parameter as a tuple: integers, or the one exact rational of a mean."""
    if isinstance(values, sympy.Rational) and not isinstance(values, sympy.Integer):
        return (values,)
    return _ints(values)


def translate(
    node: Node | TensorSymbol, twin: Node | TensorSymbol, cfg: SymConfig
) -> tuple[Node | TensorSymbol, list[str]]:
    """The closed form with symbolic parameters, read from the same closed form built at
    the two templates, and the list of parameter roles read."""
    tr = Translator(cfg)
    return tr(node, twin), tr.checked
