"""The closed forms of ``symconv.closed`` at symbolic sizes: each node's entry as an index sum.

``node.entry(index, guard, bd)`` is the node's *definition* at one symbolic index (the
docstring of :mod:`symconv.closed`), as a list of :class:`~symconv.general.sums.Term`:

- ``Pad(A)[n,c,r,q]      = [0 ≤ r-p_t < H_A][0 ≤ q-p_l < W_A] · A[n,c,r-p_t,q-p_l]``
- ``Crop(A)[n,c,t,u]     = A[n,c,t+p_t,u+p_l]``
- ``Dilate(A,s)[n,c,r,q] = [s_h | r][s_w | q] · A[n,c,r/s_h,q/s_w]``
- ``Rot180(K)[f,c,a,b]   = K[f,c,k_h-1-a,k_w-1-b]``
- ``Swap(K)[γC_g+κ,φ,a,b] = K[γF_g+φ,κ,a,b]``
- ``Correlate(A,K)[n,γF_g+φ,i,j] = Σ_{c,a,b} A[n,γC_g+c,s_h i+d_h a,s_w j+d_w b] K[γF_g+φ,c,a,b]``
- ``CorrelateWeight(A,D)[γF_g+φ,c,a,b] = Σ_{n,i,j} A[n,γC_g+c,i+d_h a,j+d_w b] D[n,γF_g+φ,i,j]``
- ``FullConvolveRot180 = Correlate(Pad(Dilate(G,s), d(k-1), H_p-(H_o-1)s-1), Rot180(Swap(K)),
  1, d)``

Every time a node reads a child at an index, the index must lie inside the child's shape:
that is an *obligation*, proved from the conditions in force there (the guard) and the
facts of the configuration, and recorded.  A node may assume its own index is inside its
own shape, because its parent proved exactly that (the root's index is the target's, and
the root's shape is checked equal to the target's shape).
"""

from __future__ import annotations

import sympy
from sympy import Expr, Symbol

from .config import SymConfig, index
from .logic import implies
from .sums import DVD, Atom, NotCovered, Ref, Term, atom, constant, leaf, range_atoms

Guard = tuple[Atom, ...]


class Builder:
    """Fresh variable names, known facts and the obligations met while expanding a form."""

    def __init__(self, cfg: SymConfig, facts: list[Atom]) -> None:
        self.cfg = cfg
        self.facts = tuple(facts)
        self.floors = cfg.floors
        self.used: set[str] = set()
        self.obligations: list[tuple[str, Atom, bool]] = []

    def fresh(self, base: str) -> Symbol:
        name, k = f"{base}tilde", 2
        while name in self.used:
            name, k = f"{base}tilde{k}", k + 1
        self.used.add(name)
        return index(name)

    def require(self, what: str, atoms, guard: Guard) -> None:
        for a in atoms:
            if a is True:
                continue
            ok = a is not False and implies(a, guard + self.facts)
            self.obligations.append((what, a, ok))

    def floor_div(self, num: Expr, den: Expr) -> Expr:
        """⌊num/den⌋, using the definition of the output size when it is that quotient."""
        num = sympy.expand(num)
        if (num, den) in self.floors:
            return self.floors[(num, den)]
        return num if den == 1 else sympy.floor(num / den)

    def decompose(self, expr: Expr, within: Expr, groups: Expr, guard: Guard) -> tuple:
        """(γ, κ) with expr = γ·within + κ and 0 ≤ κ < within (division with remainder)."""
        if groups == 1:
            return sympy.Integer(0), expr
        if within == 1:
            return expr, sympy.Integer(0)
        expr = sympy.expand(expr)
        group = expr.coeff(within)
        rest = sympy.expand(expr - within * group)
        if within in group.free_symbols | rest.free_symbols or not all(
                implies(a, guard + self.facts) for a in range_atoms(rest, within)):
            raise NotCovered(f"cannot split the channel index {expr} into groups of {within}")
        return group, rest


def in_shape(idx: tuple[Expr, ...], shape: tuple[Expr, ...]) -> list:
    return [a for e, n in zip(idx, shape, strict=True) for a in range_atoms(e, n)]


def _over(terms: list[Term], variables: tuple[Symbol, ...], atoms) -> list[Term]:
    out = [t.over(variables, atoms) for t in terms]
    return [t for t in out if t is not None]


class SNode:
    """A closed-form node at symbolic sizes."""

    def shape(self, bd: Builder) -> tuple[Expr, ...]:
        raise NotImplementedError

    def entry(self, idx: tuple[Expr, ...], guard: Guard, bd: Builder) -> list[Term]:
        own = tuple(a for a in in_shape(idx, self.shape(bd)) if isinstance(a, Atom))
        return self._entry(tuple(sympy.expand(e) for e in idx), guard + own, bd)

    def _entry(self, idx, guard: Guard, bd: Builder) -> list[Term]:
        raise NotImplementedError

    def read(self, child: SNode, idx, guard: Guard, bd: Builder) -> list[Term]:
        bd.require(f"{type(self).__name__} reads {type(child).__name__} inside its shape",
                   in_shape(idx, child.shape(bd)), guard)
        return child.entry(idx, guard, bd)


class Leaf(SNode):
    def __init__(self, name: str, shape: tuple[Expr, ...]) -> None:
        self.name, self._shape = name, shape

    def shape(self, bd):
        return self._shape

    def _entry(self, idx, guard, bd):
        return [leaf(Ref(self.name, idx))]


class Const(SNode):
    def __init__(self, value: Expr, shape: tuple[Expr, ...]) -> None:
        self.value, self._shape = value, shape

    def shape(self, bd):
        return self._shape

    def _entry(self, idx, guard, bd):
        return [constant(self.value)]


class Pad(SNode):
    def __init__(self, child: SNode, pads: tuple[Expr, ...]) -> None:
        self.child, self.pads = child, pads

    def shape(self, bd):
        n, c, h, w = self.child.shape(bd)
        t, b, left, r = self.pads
        return n, c, h + t + b, w + left + r

    def _entry(self, idx, guard, bd):
        bd.require("padding amounts are nonnegative", [atom("ge", p) for p in self.pads], guard)
        n, c, r, q = idx
        inner = (n, c, r - self.pads[0], q - self.pads[2])
        _, _, h, w = self.child.shape(bd)
        inside = range_atoms(inner[2], h) + range_atoms(inner[3], w)  # zero outside
        cond = tuple(a for a in inside if isinstance(a, Atom))
        terms = self.read(self.child, inner, guard + cond, bd)
        return [t for t in (t.with_atoms(inside) for t in terms) if t is not None]


class Crop(SNode):
    def __init__(self, child: SNode, pads: tuple[Expr, ...]) -> None:
        self.child, self.pads = child, pads

    def shape(self, bd):
        n, c, h, w = self.child.shape(bd)
        t, b, left, r = self.pads
        return n, c, h - t - b, w - left - r

    def _entry(self, idx, guard, bd):
        n, c, t, u = idx
        return self.read(self.child, (n, c, t + self.pads[0], u + self.pads[2]), guard, bd)


class Dilate(SNode):
    def __init__(self, child: SNode, strides: tuple[Expr, Expr]) -> None:
        self.child, self.strides = child, strides

    def shape(self, bd):
        n, c, h, w = self.child.shape(bd)
        sh, sw = self.strides
        return n, c, (h - 1) * sh + 1, (w - 1) * sw + 1

    def _entry(self, idx, guard, bd):
        n, c, r, q = idx
        sh, sw = self.strides
        # Only multiples of the stride hold an entry of the child; zeros between.
        every = [atom(DVD, r, sh), atom(DVD, q, sw)]
        cond = tuple(a for a in every if isinstance(a, Atom))
        terms = self.read(self.child, (n, c, r / sh, q / sw), guard + cond, bd)
        return [t for t in (t.with_atoms(every) for t in terms) if t is not None]


class Rot180(SNode):
    def __init__(self, child: SNode) -> None:
        self.child = child

    def shape(self, bd):
        return self.child.shape(bd)

    def _entry(self, idx, guard, bd):
        *head, a, b = idx
        kh, kw = self.child.shape(bd)[-2:]
        return self.read(self.child, (*head, kh - 1 - a, kw - 1 - b), guard, bd)


class Swap(SNode):
    """(F, C/g, kh, kw) -> (C, F/g, kh, kw), group by group."""

    def __init__(self, child: SNode, groups: Expr) -> None:
        self.child, self.groups = child, groups

    def shape(self, bd):
        f, cg, kh, kw = self.child.shape(bd)
        return self.groups * cg, sympy.cancel(f / self.groups), kh, kw

    def _entry(self, idx, guard, bd):
        c, phi, a, b = idx
        f, cg = self.child.shape(bd)[:2]
        gamma, kappa = bd.decompose(c, cg, self.groups, guard)
        fg = sympy.cancel(f / self.groups)
        return self.read(self.child, (gamma * fg + phi, kappa, a, b), guard, bd)
