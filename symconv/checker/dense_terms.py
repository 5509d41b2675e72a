"""Evaluating one side of a marked dense-network claim on NumPy values (parsed, never
eval'ed): products ``W^{[2]T} dZ^{[2]}``, ``\\odot``, ``+``/``-``, ``\\frac{1}{m}``, numbers,
brackets, ``\\sigma(.)`` and ``\\sigma'(.)``, sums over the examples ``\\sum_{i=1}^{m}`` of
columns ``dZ^{[2](i)}`` and entries ``dz^{[2](i)}_{2}``, one entry ``w^{[2]}_{12}`` and the
derivative of J with respect to one (``\\frac{\\partial J}{\\partial w^{[2]}_{12}}``).
Vectors are columns; a column vector added to a matrix is added to every column (the bias).
Anything else is not understood."""

from __future__ import annotations

import re

import numpy as np

from symconv.checker.dense_activation import activate, derivative
from symconv.checker.limits import NotUnderstood

_CLEAN = (
    (re.compile(r"\\(?:mathbf|boldsymbol|bm|mathrm)\s*\{\s*([A-Za-z])\s*\}"), r"\1"),
    (re.compile(r"\\mathcal\s*\{\s*([A-Za-z])\s*\}"), r"\1"),
    (re.compile(r"\\(?:left|right|[Bb]igg?[lr]?|displaystyle)(?![A-Za-z])"), " "),
    (re.compile(r"\\[,;:! ]|\\q?quad(?![A-Za-z])"), " "),
    (re.compile(r"\\[dt]frac(?![A-Za-z])"), r"\\frac"),
    (re.compile(r"\\cdot(?![A-Za-z])"), " "),
)
_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z]|\d+(?:\.\d+)?|\S")
# the network's names; a lowercase letter is one column (an example) or one entry of them
_LETTERS = {"w": "W", "z": "Z", "a": "A", "x": "X", "b": "b", "B": "b"}
_LETTERS.update({k: k for k in ("W", "Z", "A", "X")})


class Side:
    """A recursive-descent reader of one side, evaluated on ``values``."""

    def __init__(
        self, text: str, values: dict, batch: int, base: int, activation: str = ""
    ) -> None:
        for pattern, repl in _CLEAN:
            text = pattern.sub(repl, text)
        self.tokens = _TOKEN.findall(text)
        self.at = 0
        self.values, self.batch, self.base = values, batch, base
        self.activation = activation
        self.column: dict[str, int] = {}  # a sum's example index -> its current column

    # ---------------------------------------------------------------- cursor
    def peek(self, k: int = 0) -> str | None:
        j = self.at + k
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self, want: str | None = None) -> str:
        token = self.peek()
        if token is None or (want is not None and token != want):
            raise NotUnderstood(f"dense network claim: expected {want or 'more'} near {token!r}")
        self.at += 1
        return token

    def group(self) -> list[str]:
        """The tokens of ``{...}`` (or one token)."""
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        depth, out = 1, []
        while True:
            t = self.take()
            depth += (t == "{") - (t == "}")
            if depth == 0:
                return out
            out.append(t)

    # ---------------------------------------------------------------- grammar
    def whole(self) -> np.ndarray:
        value = self.expr()
        if self.peek() is not None:
            raise NotUnderstood(f"dense network claim: {self.peek()!r} is not read")
        return value

    def expr(self) -> np.ndarray:
        sign = 1.0
        if self.peek() in ("+", "-"):
            sign = -1.0 if self.take() == "-" else 1.0
        value = sign * self.term()
        while self.peek() in ("+", "-"):
            sign = -1.0 if self.take() == "-" else 1.0
            value = _add(value, sign * self.term())
        return value

    def term(self) -> np.ndarray:
        value = self.factor()
        while self.peek() not in (None, "+", "-", ")", "}", ","):
            if self.peek() == "\\odot":
                self.take()
                value = _hadamard(value, self.factor())
            elif self.peek() in ("\\sum",):
                value = _product(value, self.factor())
            else:
                value = _product(value, self.factor())
        return value

    def factor(self) -> np.ndarray:
        token = self.peek()
        if token is None:
            raise NotUnderstood("dense network claim: a side ends too early")
        if re.fullmatch(r"\d+(?:\.\d+)?", token):
            return np.array([[float(self.take())]])
        if token == "(":
            self.take()
            value = self.expr()
            self.take(")")
            return value
        if token == "\\frac":
            self.take()
            top, bottom = self.group(), self.group()
            if top and top[0] == "\\partial":
                return self.derivative(top, bottom)
            return _divide(self.sub(top), self.sub(bottom))
        if token == "\\sum":
            return self.sum()
        if token in ("\\sigma", "\\tanh", "\\operatorname"):
            return self.function()
        if token == "m":
            self.take()
            return np.array([[float(self.batch)]])
        return self.name()

    def function(self) -> np.ndarray:
        """``\\sigma(Z^{[1]})``, ``\\sigma'(Z^{[1]})`` of the network's own activation."""
        name = self.take()
        if name == "\\operatorname":
            name = "".join(self.group()).lower()
        name = {"\\sigma": "sigmoid", "\\tanh": "tanh"}.get(name, name)
        prime = self.peek() == "'"
        if prime:
            self.take()
        if name != self.activation:
            raise NotUnderstood(f"dense network claim: {name} is not the notes' activation")
        self.take("(")
        arg = self.expr()
        self.take(")")
        return derivative(name, arg) if prime else activate(name, arg)

    def sub(self, tokens: list[str]) -> np.ndarray:
        inner = Side("", self.values, self.batch, self.base, self.activation)
        inner.tokens, inner.column = tokens, dict(self.column)
        return inner.whole()

    def sum(self) -> np.ndarray:
        """``\\sum_{i=1}^{m}`` (or ``^{5}``): the rest of the term, one example per term."""
        self.take("\\sum")
        self.take("_")
        low = self.group()
        if len(low) != 3 or low[1] != "=" or not low[0].isalpha():
            raise NotUnderstood("dense network claim: a sum whose index is not read")
        self.take("^")
        high = self.group()
        first = int(low[2]) if low[2].isdigit() else None
        last = self.batch if high == ["m"] else int(high[0]) if high[0].isdigit() else None
        if first is None or last is None or len(high) != 1:
            raise NotUnderstood("dense network claim: a sum's bounds are not read")
        if (first, last) not in ((1, self.batch), (0, self.batch - 1)):
            raise NotUnderstood(
                f"dense network claim: a sum from {first} to {last} over a batch of {self.batch}"
            )
        start, total = self.at, None
        for col in range(self.batch):
            self.at, self.column[low[0]] = start, col
            part = self.term()
            total = part if total is None else _add(total, part)
        del self.column[low[0]]
        assert total is not None
        return total

    def derivative(self, top: list[str], bottom: list[str]) -> np.ndarray:
        """dJ/d(one entry of W or b): that entry of dW, db."""
        if top[1:] not in (["J"], ["L"]):
            raise NotUnderstood("dense network claim: a derivative of something not the cost")
        inner = Side("", self.values, self.batch, self.base)
        inner.tokens = bottom[1:]
        return inner.name(gradient=True)

    def name(self, gradient: bool = False) -> np.ndarray:
        """``dW^{[2]}``, ``A^{[1]T}``, ``dZ^{[2](i)}``, ``w^{[2]}_{12}``, ``X``."""
        letter = self.take()
        if letter == "d" and self.peek() is not None and self.peek().isalpha():
            gradient, letter = True, self.take()
        if not (len(letter) == 1 and letter.isalpha()):
            raise NotUnderstood(f"dense network claim: {letter!r} is not read")
        upper = _LETTERS.get(letter, letter)
        layer, column, transpose = None, None, False
        while self.peek() == "^":
            self.take()
            sup = self.group()
            layer, column, transpose = _superscript(sup, layer, column, transpose, self.column)
        entry = None
        if self.peek() == "_":
            self.take()
            entry = [t for t in self.group() if t != ","]
        if upper == "X" and layer is None:
            upper, layer = "A", 0
        if layer is None:
            raise NotUnderstood(f"dense network claim: {letter} has no layer mark")
        key = (("d" + upper) if gradient else upper, layer)
        if key not in self.values:
            raise NotUnderstood(f"dense network claim: {key[0]}^[{layer}] is not in the network")
        value = self.values[key]
        if column is not None:
            value = value[:, [column]]
        elif letter.islower() and letter != "b" and entry is None:
            raise NotUnderstood(f"dense network claim: {letter} without an example (i)")
        if entry is not None:
            value = self.entry(value, entry)
        return value.T if transpose else value

    def entry(self, value: np.ndarray, idx: list[str]) -> np.ndarray:
        if not all(t.isdigit() for t in idx):
            raise NotUnderstood("dense network claim: an entry at an index that is not a number")
        digits = [int(c) for c in "".join(idx)] if len(idx) == 1 and len(idx[0]) == 2 else None
        where = digits or [int(t) for t in idx]
        where = [w - self.base for w in where]
        if len(where) == 1 and value.shape[1] == 1:
            where = [where[0], 0]
        if len(where) != 2 or not all(0 <= w < s for w, s in zip(where, value.shape, strict=True)):
            raise NotUnderstood("dense network claim: an entry outside its matrix")
        return value[where[0] : where[0] + 1, where[1] : where[1] + 1]


def _superscript(sup: list[str], layer, column, transpose, columns: dict[str, int]):
    """``[2]``, ``[2](i)``, ``[1]T``, ``T``, ``\\top``: the layer, the example, a transpose."""
    k = 0
    while k < len(sup):
        t = sup[k]
        if t == "[" and k + 2 < len(sup) and sup[k + 2] == "]" and sup[k + 1].isdigit():
            layer, k = int(sup[k + 1]), k + 3
        elif t == "(" and k + 2 < len(sup) and sup[k + 2] == ")":
            if sup[k + 1] not in columns:
                raise NotUnderstood(
                    f"dense network claim: example ({sup[k + 1]}) is bound by no sum"
                )
            column, k = columns[sup[k + 1]], k + 3
        elif t in ("T", "\\top", "\\intercal"):
            transpose, k = True, k + 1
        else:
            raise NotUnderstood(f"dense network claim: the superscript {''.join(sup)!r}")
    return layer, column, transpose


def _scalar(a: np.ndarray) -> bool:
    return a.shape == (1, 1)


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if _scalar(a) or _scalar(b):
        return a * b
    if a.shape[1] != b.shape[0]:
        raise Misfit(f"a {a.shape[0]}x{a.shape[1]} times a {b.shape[0]}x{b.shape[1]} matrix")
    return a @ b


def _hadamard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.shape != b.shape and not (_scalar(a) or _scalar(b)):
        raise Misfit(f"\\odot of {a.shape[0]}x{a.shape[1]} and {b.shape[0]}x{b.shape[1]}")
    return a * b


def _add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.shape == b.shape or _scalar(a) or _scalar(b):
        return a + b
    if b.shape == (a.shape[0], 1) or a.shape == (b.shape[0], 1):  # a bias column
        return a + b
    raise Misfit(f"a sum of {a.shape[0]}x{a.shape[1]} and {b.shape[0]}x{b.shape[1]}")


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if not _scalar(b) or b[0, 0] == 0:
        raise NotUnderstood("dense network claim: a fraction whose bottom is not a number")
    return a / b[0, 0]


class Misfit(NotUnderstood):
    """The side's matrices do not fit: a product that does not multiply, and the like."""
