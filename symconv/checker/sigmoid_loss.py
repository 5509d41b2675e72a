"""The derivative of a loss the notes define as a formula of a sigmoid output: "Sigmoid +
binary CE: $\\ell = -y \\log \\sigma(z) - (1-y)\\log(1 - \\sigma(z))$, $\\dfrac{\\partial
\\ell}{\\partial z} = \\sigma(z) - y$".

The loss is read from its definition in the claim's paragraph (the last one before the
claim), written in the scalar logit z, the label y and \\sigma(z); \\sigma is the logistic
sigmoid 1 / (1 + e^{-z}) where the paragraph or the notes say "sigmoid" / "logistic" (or
define \\sigma(z) = 1 / (1 + e^{-z})).  A claim \\partial \\ell / \\partial z = RHS is compared
with SymPy's derivative of that definition, y a free symbol (so it holds for every label,
0, 1 or soft): \\sigma(z) - y holds, y - \\sigma(z) or \\sigma(z)(1 - \\sigma(z)) does not.
Parsed by hand (never eval'ed or sympify'd).
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.matrix_world import line_before
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.sympy_tokens import SympyTokens

_TOKEN = re.compile(r"\\[A-Za-z]+|\\[,;!: ]|\d+(?:\.\d+)?|\.\d+|[A-Za-z]|[-+(){}^_/]|\S")
_SKIP = {"\\left", "\\right", "\\,", "\\;", "\\!", "\\:", "\\ ", "\\big", "\\Big", "\\cdot"}
# "$\ell = -y \log \sigma(z) - (1-y)\log(1 - \sigma(z))$": a loss defined with \sigma and a log
_DEFINITION = re.compile(
    r"\$\s*(\\ell|[LEJ])\s*=\s*([^$=]*\\sigma[^$=]*\\(?:log|ln)[^$=]*|"
    r"[^$=]*\\(?:log|ln)[^$=]*\\sigma[^$=]*)\$"
)
_CLAIM = re.compile(
    r"^\s*\\[dt]?frac\s*\{\s*\\partial\s*(\\ell|[LEJ])\s*\}\s*\{\s*\\partial\s*z\s*\}\s*=(.*)$"
)
_SIGMOID_WORD = re.compile(r"sigmoid|logisti|Sigmoid", re.IGNORECASE)
_SIGMOID_DEFINED = re.compile(
    r"\\sigma\s*\(\s*z\s*\)\s*=\s*\\[dt]?frac\s*\{\s*1\s*\}\s*\{\s*1\s*\+\s*(?:e\s*\^\s*\{\s*-\s*z"
    r"\s*\}|\\exp\s*\(\s*-\s*z\s*\))\s*\}"
)
Z, Y = sympy.Symbol("z", real=True), sympy.Symbol("y", real=True)


class _Parser(SympyTokens):
    """Sums and products of numbers, z, y, \\sigma(...), \\log / \\ln, e^{...}, \\exp,
    \\frac and quotients."""

    what = "sigmoid loss"

    def __init__(self, text: str) -> None:
        super().__init__([t for t in _TOKEN.findall(text) if t not in _SKIP])

    def term(self) -> sympy.Expr:
        value = self.power()
        while self.peek() not in (None, "+", "-", ")", "}"):
            if self.peek() == "/":
                self.take()
                value /= self.power()
                continue
            value *= self.power()
        return value

    def power(self) -> sympy.Expr:
        value = self.atom()
        if self.peek() == "^":
            self.take()
            value = value ** self.atom()
        return value

    def atom(self) -> sympy.Expr:
        token = self.take()
        plain = self.number_or_group(token)
        if plain is not None:
            return plain
        if token == "\\frac" or token in ("\\dfrac", "\\tfrac"):
            top = self.atom()
            return top / self.atom()
        if token == "z":
            return Z
        if token == "y":
            return Y
        if token == "e" and self.peek() == "^":
            self.take("^")
            return sympy.exp(self.atom())
        if token == "\\exp":
            return sympy.exp(self.atom())
        if token in ("\\log", "\\ln"):
            return sympy.log(self.power())
        if token == "\\sigma":
            if self.peek() != "(":
                raise NotUnderstood("sigmoid loss: \\sigma is read applied to an argument")
            return 1 / (1 + sympy.exp(-self.atom()))
        raise NotUnderstood(f"sigmoid loss: {token!r} is not read")


def _paragraph_before(document: str, line: int, claim: str) -> str:
    """The claim's paragraph up to the claim (its line's text before it included)."""
    rows = document.split("\n")
    start = max(0, line - 1)
    while start > 0 and rows[start - 1].strip():
        start -= 1
    return "\n".join([*rows[start : max(0, line - 1)], line_before(rows, line, claim)])


def judge_sigmoid_loss(text: str, document: str, line: int, written: str = "") -> dict | None:
    """The verdict on ``\\frac{\\partial \\ell}{\\partial z} = ...`` under the loss the
    claim's paragraph defines with \\sigma (see the module doc), or None.  ``written``: the
    claim as its line writes it (to find it there), when ``text`` is rewritten."""
    claim = _CLAIM.match(text)
    if claim is None or "\\sigma" not in document:
        return None
    before = _paragraph_before(document, line, written or text)
    defined = [m for m in _DEFINITION.finditer(before) if m.group(1) == claim.group(1)]
    if not defined:
        return None
    if not (_SIGMOID_WORD.search(before) or _SIGMOID_DEFINED.search(document)):
        raise NotUnderstood(
            "sigmoid loss: \\sigma is read as the logistic sigmoid only where the notes say so"
        )
    loss = _Parser(defined[-1].group(2)).whole()
    if loss.free_symbols - {Z, Y}:
        return None
    expected = sympy.diff(loss, Z)
    for number, side in enumerate(claim.group(2).split("="), start=2):
        claimed = _Parser(side).whole()
        if sympy.simplify(claimed - expected) != 0:
            return finding(
                WRONG,
                f"side {number} differs from the derivative of the notes' loss "
                f"{claim.group(1)} in z, with \\sigma the logistic sigmoid: it is \\sigma(z) - y "
                "for the binary cross-entropy (SymPy's derivative)"
                if sympy.simplify(expected - (1 / (1 + sympy.exp(-Z)) - Y)) == 0
                else f"side {number} differs from SymPy's derivative of the notes' loss in z",
            )
    return finding(
        VERIFIED,
        f"holds: SymPy's derivative in z of the loss the notes define on this paragraph "
        f"({claim.group(1)} with \\sigma the logistic sigmoid), for every label y",
    )
