"""A notation-aware, strict LaTeX printer for derivations and closed forms.

The printer follows SymPy's ``_print_<Class>`` dispatch: every closed-form node of
:mod:`symconv.ops` has a method here, entries of symbolic tensors (``x_{00}``) and
index-form tensors (``Indexed``) are written in the chosen :class:`Notation`, sums read
``\\sum_{a=0}^{k_1-1}`` as lecture notes write them, and products and sums keep the order
a lecturer uses (weight before input, terms by output index).  It never simplifies, and
it raises :class:`PrintError` on an object it has no rule for instead of emitting junk.

The ``printmethod`` is deliberately one that no node defines, so the nodes' own generic
``_latex`` methods do not pre-empt the notation-aware ones below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sympy
from sympy.printing.latex import LatexPrinter

from symconv.ops import (
    BiasAdd,
    Constant,
    Correlate,
    CorrelateWeight,
    Crop,
    Dilate,
    FullConvolveRot180,
    MatMul,
    Node,
    Pad,
    Rot180,
    SumOver,
    SwapChannels,
    TensorSymbol,
    Transpose,
)
from symconv.printing.notation import Notation


def _concrete(values: Iterable[object]) -> tuple[int, ...] | None:
    """``values`` as Python ints, or None when one of them is symbolic."""
    found = []
    for v in values:
        if isinstance(v, int) or (isinstance(v, sympy.Basic) and v.is_Integer):
            found.append(int(v))
        else:
            return None
    return tuple(found)


class PrintError(TypeError):
    """The printer met an object it cannot print faithfully."""


@dataclass
class PrintContext:
    """What the printer must know besides the expression."""

    notation: Notation
    shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)  # role -> shape, no batch
    entries: dict[sympy.Symbol, tuple[str, tuple[int, ...]]] = field(default_factory=dict)
    ranks: dict[sympy.Symbol, int] = field(default_factory=dict)  # index symbol -> order
    dims: int = 2
    values: dict[sympy.Symbol, int] = field(default_factory=dict)  # print numbers for these

    def substituted(self, values: dict[sympy.Symbol, int]) -> PrintContext:
        """The same context printing ``values`` in place of their symbols (seed 002)."""
        return PrintContext(
            self.notation, self.shapes, self.entries, self.ranks, self.dims, dict(values)
        )

    def base(self, role: str, axis: int) -> int:
        """The first printed value of ``role``'s internal ``axis``: the notation's channel
        base on the channel axes of a convolution or pooling (X of rank 3), else its index
        base (a dense layer's features are indices)."""
        if len(self.shapes.get("X", ())) == 3:
            return self.notation.base(role, axis)
        return self.notation.index_base

    def shown_axes(self, role: str) -> tuple[int, ...]:
        """Axes written in an entry's subscript: extent-1 axes are left out (seed 001).

        For index-form entries the printer also keeps an extent-1 axis whose index is not
        the constant base value (see ``_print_Indexed``)."""
        role = role[1:] if role in ("dW", "dX", "db") else role
        shape = self.shapes.get(role, self.shapes.get("X", ()))
        if self.notation.keep_unit_axes:
            axes = tuple(range(len(shape)))
        else:
            axes = tuple(a for a, n in enumerate(shape) if n > 1)
        return self.notation.order(role, axes)


def _delim(text: str) -> str:
    return rf"\left({text}\right)"


# sympy ships no type information, so mypy sees LatexPrinter as Any (a missing stub).
class NotesLatexPrinter(LatexPrinter):  # type: ignore[misc]
    """LaTeX for the notes: SymPy's printer with symconv's notation and node rules."""

    printmethod = "_symconv_notes_latex"

    if TYPE_CHECKING:  # the signatures of the inherited SymPy methods used here

        def _print(self, expr: object, **kwargs: object) -> str: ...

        def doprint(self, expr: object) -> str: ...

    def __init__(self, context: PrintContext, **settings: object) -> None:
        super().__init__({"mul_symbol": None, **settings})
        self.ctx = context
        self.nt = context.notation

    # --- failures -------------------------------------------------------------------
    def emptyPrinter(self, expr: object) -> str:
        raise PrintError(f"no LaTeX rule for {type(expr).__name__}: {expr!r}")

    def _print_Node(self, expr: Node) -> str:
        raise PrintError(f"no LaTeX rule for the closed-form node {type(expr).__name__}")

    # --- entries and tensors ----------------------------------------------------------
    def _compact(self, role: str, axes: Iterable[int]) -> bool:
        """``x_{00}`` rather than ``x_{0,0}``: every shown index is one digit.  Decided from
        the tensor's shape, not the values, so one tensor has one style in a document."""
        shape = self.ctx.shapes.get(role[1:] if role in ("dW", "dX", "db") else role, ())
        return not self.nt.keep_unit_axes and all(
            a < len(shape) and shape[a] + self.ctx.base(role, a) <= 10 for a in axes
        )

    def _entry(self, role: str, index: tuple[int, ...]) -> str:
        axes = self.ctx.shown_axes(role)
        return self.nt.entry(
            role, [str(index[a] + self.ctx.base(role, a)) for a in axes], self._compact(role, axes)
        )

    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        found = self.ctx.entries.get(expr)
        if found is not None:
            return self._entry(*found)
        if expr in self.ctx.values:
            return str(self.ctx.values[expr])
        text: str = super()._print_Symbol(expr, style)
        return text

    def _print_TensorSymbol(self, expr: TensorSymbol) -> str:
        return self.nt.tensor(expr.name)

    def _print_Indexed(self, expr: sympy.Indexed) -> str:
        role = str(expr.base.label)
        shown = set(self.ctx.shown_axes(role))
        # An extent-1 axis is left out only when its index is the constant base value: an
        # index like i - a still selects (or zeroes) the entry and must be written.
        axes = [
            a
            for a in self.nt.order(role, tuple(range(len(expr.indices))))
            if a in shown or not self._is_base(expr.indices[a], self.ctx.base(role, a))
        ]
        indices = [self._print_index(expr.indices[a]) for a in axes]
        if all(sympy.sympify(expr.indices[a], strict=True).is_Integer for a in axes):
            # A concrete entry (dL/dw_{00}) is written as the entries around it are.
            return self.nt.entry(role, indices, self._compact(role, axes))
        simple = all(len(i) == 1 or (i.endswith("'") and len(i) == 2) for i in indices)
        return self.nt.entry(role, indices, self.nt.compact_symbols and simple)

    def _is_base(self, index: sympy.Expr, base: int) -> bool:
        """Whether ``index`` is the base value: a number, or a formula in sizes only (such as
        ``k_1 - 1`` on a 1D layer's unit height), which on an extent-1 axis can only be the
        base.  Any index symbol (``i``, ``a``; ranked 0 or more) makes it vary."""
        index = sympy.sympify(index, strict=True)
        if index.is_number:
            return bool(index == base)
        return all(self.ctx.ranks.get(s, 0) < 0 for s in index.free_symbols)

    def _print_index(self, expr: sympy.Expr) -> str:
        """``r + a'`` in reading order: output index, then kernel index, then numbers."""
        expr = sympy.sympify(expr, strict=True)
        den = sympy.ilcm(
            1,
            *(
                sympy.fraction(t)[1]
                for t in sympy.Add.make_args(expr)
                if sympy.fraction(t)[1].is_Integer
            ),
        )
        if den != 1:  # (i + p - a)/s as one fraction
            return rf"\frac{{{self._print_index(sympy.expand(expr * den))}}}{{{den}}}"
        terms = sorted(sympy.Add.make_args(expr), key=self._index_rank)
        out = ""
        for t in terms:
            neg = t.could_extract_minus_sign()
            body = self._print(-t if neg else t)
            out += ("-" if neg else ("+" if out else "")) + body
        return out

    def _index_rank(self, term: sympy.Expr) -> tuple[int, str]:
        if term.is_number:
            return (99, "")
        syms = sorted(term.free_symbols, key=str)
        return (min(self.ctx.ranks.get(s, 50) for s in syms), str(syms[0]))

    # --- products and sums in lecture order -------------------------------------------
    def _role_of(self, factor: sympy.Expr) -> str | None:
        if isinstance(factor, sympy.Indexed):
            return str(factor.base.label)
        found = self.ctx.entries.get(factor)
        return found[0] if found else None

    def _factor_key(self, factor: sympy.Expr) -> tuple[int, tuple[int, ...], int, str]:
        role = self._role_of(factor)
        order = self.nt.factors
        rank = order.index(role) if role in order else len(order)
        if isinstance(factor, sympy.KroneckerDelta):  # δ_{aa'} δ_{bb'} x_{r+a,c+b}
            rank = -1
        index = self.ctx.entries[factor][1] if factor in self.ctx.entries else ()
        size = min((self.ctx.ranks.get(s, 50) for s in factor.free_symbols), default=50)
        return (rank, index, size, str(factor))

    def _term_key(
        self, term: sympy.Expr
    ) -> tuple[bool, bool, list[tuple[int, int, tuple[int, ...], str]]]:
        """Terms by output index (G first), then weight, input, bias; sizes by rank."""
        _, factors = term.as_coeff_mul()
        roles = [self._role_of(f) for f in factors]
        order = ("G", "W", "X", "Xpad", "b")
        keyed = sorted(
            (
                order.index(r) if r in order else 9,
                min((self.ctx.ranks.get(s, 50) for s in f.free_symbols), default=50),
                self.ctx.entries.get(f, ("", ()))[1],
                str(f),
            )
            for f, r in zip(factors, roles, strict=True)
        )
        return (roles == ["b"], term.is_number, keyed)

    def _print_Mul(self, expr: sympy.Mul) -> str:
        top, bottom = sympy.fraction(expr, exact=True)
        if bottom != 1:
            return rf"\frac{{{self._print(top)}}}{{{self._print(bottom)}}}"
        coeff, factors = expr.as_coeff_mul()
        if coeff.could_extract_minus_sign():
            return "- " + self._print(sympy.Mul(-coeff, *factors, evaluate=False))
        parts = []
        for f in sorted(factors, key=self._factor_key):
            text = self._print(f)
            parts.append(_delim(text) if isinstance(f, sympy.Add) else text)
        numeric = bool(self.ctx.values) and any(f in self.ctx.values for f in factors)
        times = r" \cdot " if numeric else self.nt.times
        body = times.join(parts)
        if coeff == 1:
            return body or "1"
        return (self._print(coeff) + (times if numeric else " ") + body).strip()

    def _print_Add(self, expr: sympy.Add, order: str | None = None) -> str:
        terms = sorted(expr.args, key=self._term_key)
        out = ""
        for term in terms:
            if term.could_extract_minus_sign():
                out += (" - " if out else "- ") + self._print(-term)
            else:
                out += (" + " if out else "") + self._print(term)
        return out

    def _print_Sum(self, expr: sympy.Sum) -> str:
        head = "".join(
            rf"\sum_{{{self._print(v)}={self._print(lo)}}}^{{{self._print(hi)}}} "
            for v, lo, hi in expr.limits
        )
        body = self._print(expr.function)
        return head + (_delim(body) if isinstance(expr.function, sympy.Add) else body)

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        ((var, count),) = expr.variable_count
        if count != 1:
            raise PrintError(f"no LaTeX rule for a derivative of order {count}")
        return self.nt.partial(self._print(expr.expr), self._print(var))

    def _print_MatrixBase(self, expr: sympy.MatrixBase) -> str:
        env = self.nt.matrix
        rows = [" & ".join(self._print(v) for v in expr.row(i)) for i in range(expr.rows)]
        return rf"\begin{{{env}}} " + r" \\ ".join(rows) + rf" \end{{{env}}}"

    _print_ImmutableMatrix = _print_MutableDenseMatrix = _print_ImmutableDenseMatrix = (
        _print_MatrixBase
    )

    # --- closed-form nodes --------------------------------------------------------------
    # Parameters are integers, or expressions in the sizes for a node of the general proof.
    batch: sympy.Expr | int = 1  # the batch size N (the notes show one sample)
    named_padded_input = True  # pad(X) is the notes' X^pad, whose padding they state

    def _num(self, value: int | sympy.Expr) -> str:
        value = sympy.sympify(value, strict=True)
        return str(int(value)) if value.is_Integer else self._print(value)

    def _pads(self, values: Iterable[int | sympy.Expr]) -> str:
        top, bottom, left, right = (sympy.sympify(v, strict=True) for v in values)
        shown = [self._num(v) for v in (top, bottom, left, right)]
        if self.ctx.dims == 1:
            return shown[2] if left == right else f"{shown[2]},{shown[3]}"
        if len({top, bottom, left, right}) == 1:
            return shown[0]
        if top == bottom and left == right:
            return f"{shown[0]},{shown[2]}"
        return ",".join(shown)

    def _pair(self, values: Iterable[int | sympy.Expr]) -> str:
        a, b = (sympy.sympify(v, strict=True) for v in values)
        return self._num(b) if self.ctx.dims == 1 or a == b else f"({self._num(a)},{self._num(b)})"

    def _print_Pad(self, expr: Pad) -> str:
        arg, pads = expr.args
        if all(v == 0 for v in pads):
            return self._print(arg)
        if self.named_padded_input and getattr(arg, "name", None) == "X":
            return self.nt.tensor("Xpad")
        return rf"\operatorname{{pad}}_{{{self._pads(pads)}}}" + _delim(self._print(arg))

    def _print_Crop(self, expr: Crop) -> str:
        arg, pads = expr.args
        if all(v == 0 for v in pads):
            return self._print(arg)
        return rf"\operatorname{{crop}}_{{{self._pads(pads)}}}" + _delim(self._print(arg))

    def _print_Dilate(self, expr: Dilate) -> str:
        arg, strides = expr.args
        if all(v == 1 for v in strides):
            return self._print(arg)
        return rf"\operatorname{{dilate}}_{{{self._pair(strides)}}}" + _delim(self._print(arg))

    def _print_Rot180(self, expr: Rot180) -> str:
        return r"\operatorname{rot}_{180^{\circ}}" + _delim(self._print(expr.args[0]))

    def _print_SwapChannels(self, expr: SwapChannels) -> str:
        inner = self._print(expr.args[0])
        if type(expr.args[0]).__name__ == "Constant":  # a constant kernel is symmetric
            return inner
        shape = self.ctx.shapes.get("W", (1, 1))
        return inner if shape[0] == 1 and shape[1] == 1 else f"{{{inner}}}^{{\\top}}"

    def _star(
        self,
        stride: Iterable[int | sympy.Expr],
        dilation: Iterable[int | sympy.Expr],
        groups: int | sympy.Expr,
    ) -> str:
        notes = []
        if any(v != 1 for v in stride):
            notes.append(f"s={self._pair(stride)}")
        if any(v != 1 for v in dilation):
            notes.append(f"d={self._pair(dilation)}")
        if groups != 1:
            notes.append(f"g={self._num(groups)}")
        return self.nt.corr + (f"_{{{','.join(notes)}}}" if notes else "")

    def _operand(self, expr: sympy.Basic) -> str:
        text = self._print(expr)
        return _delim(text) if isinstance(expr, (sympy.Add,)) else text

    def _print_Correlate(self, expr: Correlate) -> str:
        a, k, stride, dilation, groups = expr.args
        return f"{self._operand(a)} {self._star(stride, dilation, groups)} {self._operand(k)}"

    def _print_CorrelateWeight(self, expr: CorrelateWeight) -> str:
        """``A ⋆ D``, and ``crop(A ⋆ D)`` when the valid correlation is larger than the kernel.

        The node sums ``A[i + d·a] D[i]`` over D's rows for a < k only.  The valid
        correlation runs a up to floor((H_A - H_D)/d), which exceeds k - 1 when a stride
        leaves rows of A that no output reads (a convolution whose H + 2p - k is not a
        multiple of s) or an output padding adds rows of G that no input reaches (a
        transposed convolution): those trailing rows are cropped, so the printed form is
        the node's value, not a larger array."""
        a, grad, dilation, groups, kernel = expr.args
        text = f"{self._operand(a)} {self._star((1, 1), dilation, groups)} {self._operand(grad)}"
        cut = self.weight_cut(a, grad, dilation, kernel)
        if cut is None:
            return text
        return rf"\operatorname{{crop}}_{{{self._pads(cut)}}}" + _delim(text)

    def weight_cut(
        self,
        a: sympy.Basic,
        grad: sympy.Basic,
        dilation: Iterable[sympy.Basic],
        kernel: Iterable[sympy.Basic],
    ) -> tuple[int, int, int, int] | None:
        """(0, r_h, 0, r_w): the rows and columns ``a ⋆ grad`` has past the kernel, else None."""
        image, taps = self._spatial(a), self._spatial(grad)
        steps = _concrete((*dilation, *kernel))
        if image is None or taps is None or steps is None:
            return None
        extra = [
            (big - small) // d + 1 - k
            for big, small, d, k in zip(image, taps, steps[:2], steps[2:], strict=True)
        ]
        if all(e == 0 for e in extra) or min(extra) < 0:
            return None
        return (0, extra[0], 0, extra[1])

    def _spatial(self, expr: sympy.Basic) -> tuple[int, int] | None:
        """The concrete (H, W) of X or G under pads, crops and dilations; None if unknown
        (symbolic sizes: the general documents print the node as it is)."""
        if isinstance(expr, (Pad, Crop, Dilate)):
            inner, values = self._spatial(expr.args[0]), _concrete(expr.args[1])
            if inner is None or values is None:
                return None
            if isinstance(expr, Dilate):
                return (inner[0] - 1) * values[0] + 1, (inner[1] - 1) * values[1] + 1
            sign = 1 if isinstance(expr, Pad) else -1
            top, bottom, left, right = values
            return inner[0] + sign * (top + bottom), inner[1] + sign * (left + right)
        shape = _concrete(self.ctx.shapes.get(getattr(expr, "name", ""), ()))
        if shape is None or len(shape) < 2:
            return None
        return (1, shape[-1]) if self.ctx.dims == 1 else (shape[-2], shape[-1])

    def _print_FullConvolveRot180(self, expr: FullConvolveRot180) -> str:
        """Printed as its definition: the padded, dilated G correlated with rot180(W).

        At symbolic sizes (the general proof) the padding, d·(k-1) in front and up to the
        padded size behind, is what ``full`` means and is not written out (it would not
        fit a line)."""
        # the tensor convolved is G, or X in a transposed convolution's forward: its size
        # sets the padding behind
        role = getattr(expr.args[0], "name", "G")
        grad_shape = (1, *self.ctx.shapes.get(role, self.ctx.shapes.get("G", (1, 1, 1))))
        definition = expr.as_correlation(grad_shape)
        if all(v.is_Integer for v in definition.args[0].args[1]):
            return self._print(definition)
        padded, kernel, _, dilation, groups = definition.args
        rotated = kernel.args[0].args[0]  # Rot180(SwapChannels(K)): K
        if isinstance(rotated, Rot180):  # a convolution's kernel rot180(W): the two rotations
            kernel = SwapChannels(rotated.args[0], groups)  # cancel (swap acts on channels)
        inner = (
            f"{self._operand(padded.args[0])} {self._star((1, 1), dilation, groups)} "
            f"{self._operand(kernel)}"
        )
        return r"\operatorname{full}" + _delim(inner)

    def _print_SumOver(self, expr: SumOver) -> str:
        arg, axes = expr.args
        shape = (self.batch, *self.ctx.shapes.get("G", ()))
        names = {0: "n", 1: self.nt.names["f"], 2: self.nt.names["i"], 3: self.nt.names["j"]}
        shown = [
            names[int(a)]
            for a in axes
            if int(a) < len(shape)
            and (shape[int(a)] != 1 or (self.nt.keep_unit_axes and int(a) != 0))
        ]
        if not shown:  # one sample: the sum over the batch is G itself
            return self._print(arg)
        return rf"\sum_{{{','.join(shown)}}} {self._print(arg)}"

    def _print_BiasAdd(self, expr: BiasAdd) -> str:
        return " + ".join(self._print(a) for a in expr.args)

    def _print_Transpose(self, expr: Transpose) -> str:
        return f"{{{self._print(expr.args[0])}}}^{{\\top}}"

    def _print_MatMul(self, expr: MatMul) -> str:
        return " ".join(self._operand(a) for a in expr.args)

    def _print_Constant(self, expr: Constant) -> str:
        return self._print(expr.args[0]) + r"\,\mathbf{1}"


def latex(expr: sympy.Basic, context: PrintContext) -> str:
    """``expr`` as LaTeX in the context's notation."""
    return NotesLatexPrinter(context).doprint(expr)
