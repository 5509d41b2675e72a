"""The closed-form node protocol, shared by the concrete and the general prover.

Each node is a ``sympy.Basic`` whose arguments are tensors (:class:`TensorSymbol`) or other
nodes, plus parameters.  One class defines one operator, end to end:

- ``expand(env)``: the node at concrete sizes, as exact polynomials over the variables of
  the symbolic tensors in ``env`` (a :class:`~symconv.algebra.termarray.TermArray`); the concrete
  proofs compare that with the chain rule;
- ``sym_shape(bd)`` and ``entry(idx, guard, bd)``: the node at *symbolic* sizes, its entry
  at one symbolic index as a list of :class:`~symconv.proofs.general.sums.Term` (an index sum),
  which the general prover compares with the chain rule.  The parameters are then SymPy
  expressions in the size symbols (s_h, p_t, ...), read by :mod:`symconv.proofs.general.translate`
  from the node built at two templates; ``roles`` names, argument by argument, the
  configuration role each parameter plays (``None`` for a tensor argument,
  :data:`LITERAL` for a parameter that must be the same integer at both templates);
- LaTeX: ``_print_<Class>`` of :class:`symconv.printing.latex.NotesLatexPrinter`;
- NumPy: ``_numpycode``, a call of the primitive of :mod:`symconv.runtime.numeric`.

Every time a node reads a child at a symbolic index, the index must lie inside the child's
shape: that is an *obligation*, proved from the conditions in force there (the guard) and
the facts of the configuration, and recorded by the builder ``bd``
(:class:`symconv.proofs.general.builder.Builder`).  A node may assume its own index is inside its
own shape, because its parent proved exactly that (the root's index is the target's, and
the root's shape is checked equal to the target's shape).

The symbolic methods import :mod:`symconv.proofs.general` inside the function: the general
package imports the layers, which import these nodes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol, Self, TypeAlias, TypedDict, Unpack

import numpy as np
import sympy

from symconv.algebra.tensors import SymbolicTensor
from symconv.algebra.termarray import TermArray

if TYPE_CHECKING:  # the general prover imports the layers, which import these nodes
    from symconv.proofs.general.builder import Guard
    from symconv.proofs.general.sums import Condition, Term

LITERAL = "literal"  # a parameter role: the same integer at both templates, kept as written

Env: TypeAlias = Mapping[str, SymbolicTensor]  # a tensor's name -> its variables
Index: TypeAlias = tuple[sympy.Expr, ...]  # an index (or a shape) at symbolic sizes
# An integer parameter as a caller writes it, or a SymPy expression in the sizes.
Param: TypeAlias = int | np.integer | sympy.Expr


class Hints(TypedDict, total=False):
    """What a parent may tell the child entry it reads."""

    names: tuple[str, str, str]  # a correlation's summation letters (see Correlate._entry)


class SymbolicShapes(Protocol):
    @property
    def shapes(self) -> Mapping[str, Index]: ...  # a tensor's name -> its symbolic shape


class EntryBuilder(Protocol):
    """What a node's symbolic entry is built with (the module docstring): the general
    prover's :class:`~symconv.proofs.general.builder.Builder`, or the notes' own."""

    @property
    def cfg(self) -> SymbolicShapes: ...

    def fresh(self, base: str) -> sympy.Symbol: ...

    def floor_div(self, num: sympy.Expr, den: sympy.Expr) -> sympy.Expr: ...

    def decompose(
        self, expr: sympy.Expr, within: sympy.Expr, groups: sympy.Expr, guard: Guard
    ) -> tuple[sympy.Expr, sympy.Expr]: ...

    def require(self, what: str, atoms: Iterable[Condition], guard: Guard) -> None: ...


class Printer(Protocol):
    """What a node's printing methods use of a SymPy printer (code, LaTeX or str)."""

    def _print(self, expr: sympy.Basic) -> str: ...

    def doprint(self, expr: sympy.Basic) -> str: ...


def _param(value: Param) -> sympy.Expr:
    """An integer parameter, or a SymPy expression in the sizes (a symbolic node)."""
    if isinstance(value, (int, np.integer, sympy.Integer)):
        return sympy.Integer(int(value))
    return sympy.sympify(value, strict=True)


def _ints(values: Iterable[Param]) -> sympy.Tuple:
    return sympy.Tuple(*(_param(v) for v in values))


def _py(values: sympy.Tuple) -> tuple[int, ...]:
    return tuple(int(v) for v in values)


def _grid(*sizes: int) -> list[np.ndarray]:
    """Open index grids: the k-th array varies along axis k only (for broadcasting)."""
    return list(np.ix_(*(np.arange(n) for n in sizes)))


def _code(printer: Printer, arg: sympy.Basic) -> str:
    """Integer tuples print as Python tuples; tensors and nodes through the printer."""
    if isinstance(arg, sympy.Tuple):
        return repr(tuple(int(v) for v in arg))
    if isinstance(arg, sympy.Integer):
        return str(int(arg))
    return printer._print(arg)


class SymbolicEntry:
    """The symbolic-size side of a node (see the module docstring)."""

    roles: tuple[str | None, ...] | None = None  # None: no symbolic definition

    def sym_shape(self, bd: EntryBuilder) -> Index:  # pragma: no cover - overridden
        raise NotImplementedError(type(self).__name__)

    def entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        """The entry at ``idx``, which the caller proved lies inside this node's shape."""
        from symconv.proofs.general.builder import in_shape
        from symconv.proofs.general.sums import Atom

        own = tuple(a for a in in_shape(idx, self.sym_shape(bd)) if isinstance(a, Atom))
        return self._entry(tuple(sympy.expand(e) for e in idx), guard + own, bd, **hints)

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:  # pragma: no cover - overridden
        raise NotImplementedError(type(self).__name__)

    def read(
        self,
        child: SymbolicEntry,
        idx: Index,
        guard: Guard,
        bd: EntryBuilder,
        **hints: Unpack[Hints],
    ) -> list[Term]:
        """``child`` at ``idx``, with the obligation that ``idx`` is inside its shape."""
        from symconv.proofs.general.builder import in_shape

        bd.require(
            f"{type(self).__name__} reads {type(child).__name__} inside its shape",
            in_shape(idx, child.sym_shape(bd)),
            guard,
        )
        return child.entry(idx, guard, bd, **hints)


# sympy ships no type information, so mypy sees its classes as Any (a missing stub).
class TensorSymbol(sympy.Symbol, SymbolicEntry):  # type: ignore[misc]
    """A whole tensor by name (X, W, b, G); its entries come from the environment."""

    def expand(self, env: Env) -> TermArray:
        return TermArray.variables(env[self.name].ids)

    def sym_shape(self, bd: EntryBuilder) -> Index:
        return bd.cfg.shapes[self.name]

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        from symconv.proofs.general.sums import Ref, leaf

        return [leaf(Ref(self.name, idx))]


class Node(sympy.Basic, SymbolicEntry):  # type: ignore[misc]  # sympy: no types (above)
    """Shared behaviour: an operator name for printing."""

    op = "node"
    primitive = "unprintable"

    def __new__(cls, *args: sympy.Basic) -> Self:
        """SymPy's constructor, typed: the subclasses convert their parameters first."""
        node: Self = sympy.Basic.__new__(cls, *args)
        return node

    def expand(self, env: Env) -> TermArray:  # pragma: no cover - every node overrides
        raise NotImplementedError(type(self).__name__)

    @classmethod
    def rebuild(cls, *args: sympy.Basic) -> Node:
        """The node with these arguments as given (symbolic parameters, no conversion)."""
        node: Node = sympy.Basic.__new__(cls, *args)
        return node

    def _sympystr(self, printer: Printer) -> str:
        return f"{self.op}({', '.join(printer.doprint(a) for a in self.args)})"

    def _numpycode(self, printer: Printer) -> str:
        """A call of the primitive of the same name in :mod:`symconv.runtime.numeric`."""
        return f"{self.primitive}({', '.join(_code(printer, a) for a in self.args)})"


class Constant(Node):
    """A tensor of one exact value (the averaging kernel 1/(kh·kw) of a pool)."""

    op = "const"
    roles = ("mean", "kernel_shape")

    def __new__(cls, value: sympy.Rational, shape: Iterable[Param]) -> Self:
        return super().__new__(cls, sympy.Rational(value), _ints(shape))

    def _numpycode(self, printer: Printer) -> str:
        value = self.args[0]
        return f"full({_code(printer, self.args[1])}, {int(value.p)} / {int(value.q)})"

    def expand(self, env: Env) -> TermArray:
        value = self.args[0]
        return TermArray.constant(Fraction(int(value.p), int(value.q)), _py(self.args[1]))

    def sym_shape(self, bd: EntryBuilder) -> Index:
        return tuple(self.args[1])

    def _entry(
        self, idx: Index, guard: Guard, bd: EntryBuilder, **hints: Unpack[Hints]
    ) -> list[Term]:
        from symconv.proofs.general.sums import constant

        return [constant(self.args[0])]
