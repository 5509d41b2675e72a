"""Closed forms of the activations and of the softmax cross-entropy, as SymPy nodes.

Like the convolution nodes of :mod:`symconv.ops`, each node is written once and used
twice: its ``scalar`` method is the per-entry SymPy expression that
:mod:`symconv.layers.elementwise` proves equal to SymPy's own derivative, and its
``_numpycode`` is what ``lambdify`` prints for :mod:`symconv.runtime.kernels` (a call of the
primitive of :mod:`symconv.runtime.numeric` that evaluates that very expression over a whole
array).

The backward forms are written in the activation's *output* A = σ(Z), as lecture notes do
(1 - tanh², σ(1 - σ), 1[z > 0]): the forward pass already holds A, so the backward pass
needs neither Z nor a second evaluation of σ.
"""

from __future__ import annotations

from typing import Self

import sympy
from sympy.core.symbol import Str

from symconv.errors import ArgumentError
from symconv.ops import Node
from symconv.ops.node import Printer, _code

ACTIVATIONS = ("tanh", "sigmoid", "relu")


def activation_function(kind: str, z: sympy.Expr) -> sympy.Expr:
    """σ(z) by its definition."""
    if kind == "tanh":
        return sympy.tanh(z)
    if kind == "sigmoid":
        return 1 / (1 + sympy.exp(-z))
    if kind == "relu":
        return sympy.Piecewise((z, z > 0), (0, True))
    raise ArgumentError(f"activation {kind!r} is not one of {', '.join(ACTIVATIONS)}")


def slope_in_output(kind: str, a: sympy.Expr) -> sympy.Expr:
    """σ'(z) written in a = σ(z): 1 - a², a(1 - a), 1[a > 0] (relu'(0) = 0, as PyTorch)."""
    if kind == "tanh":
        return 1 - a**2
    if kind == "sigmoid":
        return a * (1 - a)
    if kind == "relu":
        return sympy.Piecewise((1, a > 0), (0, True))
    raise ArgumentError(f"activation {kind!r} is not one of {', '.join(ACTIVATIONS)}")


class Activate(Node):
    """A = σ(Z), entry by entry."""

    op = "act"

    def __new__(cls, arg: sympy.Basic, kind: str) -> Self:
        activation_function(kind, sympy.Symbol("z"))  # refuses an unknown kind
        return super().__new__(cls, arg, Str(kind))  # Str: a name, not a variable

    @property
    def kind(self) -> str:
        name: str = self.args[1].name  # a Str
        return name

    def scalar(self, z: sympy.Expr) -> sympy.Expr:
        return activation_function(self.kind, z)

    def _numpycode(self, printer: Printer) -> str:
        return f"{self.kind}({_code(printer, self.args[0])})"

    def _latex(self, printer: Printer) -> str:
        return (
            rf"\{self.kind}\left({printer.doprint(self.args[0])}\right)"
            if self.kind == "tanh"
            else rf"\operatorname{{{self.kind}}}\left({printer.doprint(self.args[0])}\right)"
        )


class ActivationGrad(Node):
    """dL/dZ = G ⊙ σ'(Z), with σ'(Z) written in the saved output A = σ(Z)."""

    op = "act_grad"

    def __new__(cls, grad: sympy.Basic, output: sympy.Basic, kind: str) -> Self:
        slope_in_output(kind, sympy.Symbol("a"))
        return super().__new__(cls, grad, output, Str(kind))

    @property
    def kind(self) -> str:
        name: str = self.args[2].name  # a Str
        return name

    def scalar(self, g: sympy.Expr, a: sympy.Expr) -> sympy.Expr:
        """The entry g·σ'(z) with a = σ(z) (what the elementwise proof compares)."""
        return g * slope_in_output(self.kind, a)

    def _numpycode(self, printer: Printer) -> str:
        g, a = (_code(printer, arg) for arg in self.args[:2])
        return f"{self.kind}_grad({g}, {a})"

    def _latex(self, printer: Printer) -> str:
        g, a = (printer.doprint(arg) for arg in self.args[:2])
        slope = {
            "tanh": rf"\left(1 - {a}^{{\odot 2}}\right)",
            "sigmoid": rf"{a} \odot \left(1 - {a}\right)",
            "relu": rf"\mathbb{{1}}\left[{a} > 0\right]",
        }[self.kind]
        return rf"{g} \odot {slope}"


class SoftmaxCrossEntropy(Node):
    """The pair (L, dL/dZ) of the mean softmax cross-entropy of logits Z (N, K), labels y:
    L = (1/N) Σ_n (log Σ_k e^{Z[n,k]} - Z[n, y_n]), dL/dZ = (softmax(Z) - onehot(y)) / N."""

    op = "softmax_xent"

    @staticmethod
    def loss(rows: list[list[sympy.Expr]], labels: list[int]) -> sympy.Expr:
        return sum(
            sympy.log(sum(sympy.exp(v) for v in row)) - row[y]
            for row, y in zip(rows, labels, strict=True)
        ) / len(rows)

    @staticmethod
    def gradient_entry(
        rows: list[list[sympy.Expr]], labels: list[int], n: int, k: int
    ) -> sympy.Expr:
        """dL/dZ[n, k] in closed form (what the loss proof compares)."""
        row = rows[n]
        softmax = sympy.exp(row[k]) / sum(sympy.exp(v) for v in row)
        return (softmax - (1 if k == labels[n] else 0)) / len(rows)

    def _numpycode(self, printer: Printer) -> str:
        z, y = (_code(printer, arg) for arg in self.args)
        return f"softmax_cross_entropy({z}, {y})"
