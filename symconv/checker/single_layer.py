"""Notes about one activation or the softmax cross-entropy loss (``symconv derive tanh``).

Such a layer has no polynomial model: its claims are about one scalar function applied
entry by entry (``A = σ(Z)``, ``dZ = dA ⊙ σ'(Z)``, judged by
:mod:`~symconv.checker.layer_activation`), or about the loss gradient (``∂L/∂z =
softmax(z) - onehot(y)``, judged by :mod:`~symconv.checker.loss_claim` at the declared
number of classes), and the shape of Z its set-up states.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.context import Context, finding
from symconv.checker.layer_activation import _Parser, judge_layer_activation
from symconv.checker.limits import NotUnderstood
from symconv.checker.loss_claim import judge_loss_claim
from symconv.checker.report import VERIFIED, WRONG
from symconv.errors import SymconvError
from symconv.spec.layer import ACTIVATIONS

LOSS = "softmax_cross_entropy"
SINGLE = (*ACTIVATIONS, LOSS)
_GRAD = re.compile(
    r"\\frac\{\\partial\s*(?:\\mathcal\{L\}|L)\}\{\\partial\s*([AZ])"
    r"((?:\^\{\[\d+\]\})?)\}"
)
_MEMBER = re.compile(r"^\s*Z((?:\^\{\[(\d+)\]\})?)\s*\\in\s*\\mathbb\{R\}\^\{([^{}]*)\}\s*$")


def single_context(kind: str, get, notation) -> Context:
    """The context of a document about one activation (input H x W, channels) or the loss
    (its classes); ``get`` reads a setting."""

    def whole(key: str, default: int) -> int:
        value = get(key) or str(default)
        if not value.isdigit() or int(value) < 1:
            raise SymconvError(
                f"--{key} {value!r} is not allowed; the rule: a whole number of at least 1"
            )
        return int(value)

    if kind == LOSS:
        facts = {"classes": whole("classes", 10)}
        where = f"the softmax cross-entropy loss over {facts['classes']} classes"
    else:
        sides = (get("input") or "4x4").lower().split("x")
        if len(sides) != 2 or not all(s.isdigit() and int(s) > 0 for s in sides):
            raise SymconvError(f"--input {get('input')!r} is not allowed; the rule: HxW")
        facts = {"shape": (whole("in-channels", 1), int(sides[0]), int(sides[1]))}
        where = f"{kind} on {sides[0]}x{sides[1]}"
    context = Context(notation, None, None, where)
    context.extras["single"] = (kind, facts)
    return context


def judge_single(text: str, ctx: Context) -> dict | None:
    kind, facts = ctx.extras["single"]
    text = re.sub(r"\\displaystyle(?![a-zA-Z])", "", text).strip()
    member = _MEMBER.match(text)
    if member and kind != LOSS:
        return _shape(member.group(3), facts["shape"], ctx)
    if kind == LOSS:
        found = judge_loss_claim(text, LOSS, facts["classes"])
    else:  # ∂L/∂A and ∂L/∂Z written as fractions: dA, dZ as the activation judge reads them
        mark = ctx.notation.layer or ""
        found = judge_layer_activation(_GRAD.sub(r"d\1\2", text), kind, mark, _CasesParser)
    if found is None:
        raise NotUnderstood(f"not a claim about {ctx.where}")
    return found


def _shape(written: str, shape: tuple[int, int, int], ctx: Context) -> dict:
    dims = [d.strip() for d in re.split(r"\\times", written)]
    if not all(d.isdigit() for d in dims):
        raise NotUnderstood("the shape is not written in numbers")
    c, h, w = shape
    expected = (h, w, c) if ctx.notation.channels_last else (c, h, w)
    if tuple(int(d) for d in dims) == expected:
        return finding(VERIFIED, f"Z is {'×'.join(map(str, expected))} for {ctx.where}")
    return finding(
        WRONG, f"Z is {'×'.join(map(str, expected))} for {ctx.where}, not {'×'.join(dims)}"
    )


class _CasesParser(_Parser):
    """The activation parser that also reads a piecewise value, as the notes print relu:
    ``\\begin{cases} Z & \\text{for}\\: Z > 0 \\\\ 0 & \\text{otherwise} \\end{cases}``."""

    def term(self) -> sympy.Expr:
        value = self.power()
        while self.peek() not in _STOPS:
            if self.peek() in ("\\cdot", "\\times"):
                self.take()
            value *= self.power()
        return value

    def atom(self) -> sympy.Expr:
        if self.peek() != "\\begin":
            return super().atom()
        self.take()
        self._word("cases")
        pieces = []
        while self.peek() != "\\end":
            value = self.expr()
            self.take("&")
            pieces.append((value, self._condition()))
            if self.peek() == "\\":
                self.take()
                self.take("\\")
        self.take()
        self._word("cases")
        return sympy.Piecewise(*pieces)

    def _word(self, want: str) -> str:
        self.take("{")
        word = ""
        while self.peek() != "}":
            word += self.take()
        self.take("}")
        if want and word != want:
            raise NotUnderstood(f"activation claim: {word!r} where {want!r} is read")
        return word

    def _condition(self):
        if self.peek() == "\\text":
            self.take()
            word = self._word("")
            if word == "otherwise":
                return True
            if word not in ("for", "if"):
                raise NotUnderstood(f"activation claim: the condition {word!r} is not read")
        left = self.expr()
        relation = self.take()
        if relation == "\\":  # the row ended without a relation
            raise NotUnderstood("activation claim: a case without its condition")
        right = self.expr()
        found = _RELATIONS.get(relation)
        if found is None:
            raise NotUnderstood(f"activation claim: the relation {relation!r} is not read")
        return found(left, right)


_STOPS = {
    None,
    "+",
    "-",
    ")",
    "}",
    ",",
    "\\odot",
    "&",
    "\\",
    "\\end",
    ">",
    "<",
    "\\geq",
    "\\ge",
    "\\leq",
    "\\le",
}
_RELATIONS = {
    ">": sympy.Gt,
    "<": sympy.Lt,
    "\\geq": sympy.Ge,
    "\\ge": sympy.Ge,
    "\\leq": sympy.Le,
    "\\le": sympy.Le,
}
