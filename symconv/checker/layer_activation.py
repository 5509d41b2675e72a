"""A network layer's own activation: ``A = σ(Z)`` and ``dZ = dA ⊙ σ'(Z)``, judged exactly.

A layer of a network spec may carry an activation (LeNet-5's tanh).  Its claims are not
about the layer's polynomial model (σ is not a polynomial) but about one scalar function
applied entry by entry, so they are judged on that function: the right side is parsed
(never eval'ed) into a SymPy expression in one scalar ``z`` standing for every entry of
``Z`` (``A`` standing for σ(z)), and compared with σ(z), or with SymPy's derivative of σ
for the backward claim.  Equal by simplification is a proof for every entry (the Jacobian
of an entry-wise map is diagonal); different at a sample point is a counterexample;
anything else is not understood.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.sympy_tokens import SympyTokens
from symconv.ops.pointwise import activation_function

_TOKEN = re.compile(r"\\[A-Za-z]+|\\[,;!: ]|\d+(?:\.\d+)?|[A-Za-z]|[-+(){}\[\]^_,]|\S")
_SKIP = {"\\left", "\\right", "\\,", "\\;", "\\!", "\\:", "\\ "}
_SAMPLES = (sympy.Rational(-3, 2), sympy.Rational(-1, 3), sympy.Rational(1, 2), 2)
z = sympy.Symbol("z", real=True)


class _Parser(SympyTokens):
    """Sums, products, powers, ``\\frac``, brackets, numbers, ``e^{..}`` and the functions
    tanh, sigmoid (``\\sigma`` only where the layer's activation is the sigmoid), exp, max,
    relu, of the names ``Z`` and ``A`` carrying the layer's mark ``^{[m]}``."""

    what = "activation claim"

    def __init__(self, text: str, kind: str, mark: str) -> None:
        self.tokens = [t for t in _TOKEN.findall(text) if t not in _SKIP]
        self.at, self.kind, self.mark = 0, kind, mark

    def term(self) -> sympy.Expr:
        value = self.power()
        while self.peek() not in (None, "+", "-", ")", "}", ",", "\\odot"):
            if self.peek() in ("\\cdot", "\\times"):
                self.take()
            value *= self.power()
        return value

    def power(self) -> sympy.Expr:
        value = self.atom()
        if self.peek() == "^":
            self.take()
            value = value ** self.group()
        return value

    def group(self) -> sympy.Expr:
        if self.peek() == "{":
            self.take()
            value = self.expr()
            self.take("}")
            return value
        token = self.take()
        if not token.isdigit():
            raise NotUnderstood(f"activation claim: exponent {token!r} is not read")
        return sympy.Integer(token)

    def atom(self) -> sympy.Expr:
        token = self.take()
        plain = self.number_or_group(token)
        if plain is not None:
            return plain
        if token == "\\frac":
            return self.group() / self.group()
        if token == "e":
            return sympy.E
        if token in ("Z", "A"):
            self.layer_mark()
            return z if token == "Z" else activation_function(self.kind, z)
        return self.function(token)

    def layer_mark(self) -> None:
        """``^{[m]}`` after a name: the current layer's mark, or none written."""
        if self.tokens[self.at : self.at + 3] == ["^", "{", "["]:
            end = self.tokens.index("]", self.at)
            written = "".join(self.tokens[self.at + 3 : end])
            if written != self.mark:
                raise NotUnderstood(
                    f"activation claim: layer [{written}] is not this layer [{self.mark}]"
                )
            self.at = end + 1
            self.take("}")

    def function(self, token: str) -> sympy.Expr:
        name = token.lstrip("\\")
        if token in ("\\operatorname", "\\mathrm", "\\text"):
            self.take("{")
            name = ""
            while self.peek() != "}":
                name += self.take()
            self.take("}")
        name = name.lower()
        exponent = None
        if self.peek() == "^":
            self.take()
            exponent = self.group()
        if name == "max":
            self.take("(")
            first = self.expr()
            self.take(",")
            second = self.expr()
            self.take(")")
            value = sympy.Max(first, second)
        else:
            value = self._apply(name, self.argument())
        return value if exponent is None else value**exponent

    def argument(self) -> sympy.Expr:
        opening = self.take()
        if opening == "{" and self.peek() == "(":  # \tanh{\left(Z\right)} as SymPy prints
            value = self.argument()
            self.take("}")
            return value
        if opening not in ("(", "{"):
            raise NotUnderstood(f"activation claim: a function's argument starts {opening!r}")
        value = self.expr()
        self.take(")" if opening == "(" else "}")
        return value

    def _apply(self, name: str, arg: sympy.Expr) -> sympy.Expr:
        if name == "tanh":
            return sympy.tanh(arg)
        if name == "exp":
            return sympy.exp(arg)
        if name in ("sigmoid",) or (name == "sigma" and self.kind == "sigmoid"):
            return activation_function("sigmoid", arg)
        if name == "relu":
            return activation_function("relu", arg)
        if name in ("sign", "sgn"):  # sign(A), A = ReLU(Z) >= 0: 1 where Z > 0, else 0
            return sympy.sign(arg)
        raise NotUnderstood(f"activation claim: the function {name!r} is not read")


def _split(text: str, sep: str) -> list[str]:
    """``text`` cut at ``sep`` outside brackets and braces."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(text):
        ch = text[k]
        depth += (ch in "({[") - (ch in ")}]")
        if (
            depth == 0
            and text.startswith(sep, k)
            and not text[k + len(sep) : k + len(sep) + 1].isalpha()
        ):
            parts.append(text[start:k])
            start = k = k + len(sep)
            continue
        k += 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _name(written: str, letter: str, mark: str) -> bool:
    compact = re.sub(r"\s+", "", written)
    return compact in (letter, f"{letter}^{{[{mark}]}}")


def judge_layer_activation(
    text: str, kind: str, mark: str, parser: type[_Parser] = _Parser
) -> dict | None:
    """The verdict on ``A = σ(Z)`` or ``dZ = dA ⊙ σ'(Z)`` for a layer with activation
    ``kind`` whose names carry ``^{[mark]}``; None when the text is neither form."""
    sides = _split(text, "=")
    if len(sides) != 2:
        return None
    lhs, rhs = sides
    if _name(lhs, "A", mark):
        claimed = parser(rhs, kind, mark).whole()
        expected, what = activation_function(kind, z), f"{kind}(Z)"
    elif _name(lhs, "dZ", mark):
        factors = _split(rhs, "\\odot")
        grads = [k for k, f in enumerate(factors) if _name(f, "dA", mark)]
        if len(factors) != 2 or len(grads) != 1:
            return None
        claimed = parser(factors[1 - grads[0]], kind, mark).whole()
        expected, what = sympy.diff(activation_function(kind, z), z), f"{kind}'(Z)"
    else:
        return None
    return _compare(claimed, expected, kind, what)


def _compare(claimed: sympy.Expr, expected: sympy.Expr, kind: str, what: str) -> dict:
    difference = (claimed - expected).rewrite(sympy.exp)
    # Max as a Piecewise, folded with relu's own: each piece is then simplified alone
    if sympy.simplify(sympy.piecewise_fold(difference.rewrite(sympy.Piecewise))) == 0:
        return finding(
            VERIFIED,
            f"holds for every entry: the layer's activation is {kind} "
            f"and the right side simplifies to {what} exactly (SymPy)",
        )
    for point in _SAMPLES:
        value = difference.subs(z, point).evalf(30)
        if value.is_number and abs(value) > sympy.Float("1e-20"):
            return finding(
                WRONG,
                f"differs from {what} (the layer's activation is {kind}) "
                f"at Z = {point}: {claimed.subs(z, point).evalf(8)} against "
                f"{expected.subs(z, point).evalf(8)}",
                expected=str(expected),
            )
    raise NotUnderstood(f"activation claim: equality with {what} is not shown")
