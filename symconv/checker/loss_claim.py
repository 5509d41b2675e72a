"""A network's loss gradient: ``\\frac{\\partial L}{\\partial z} = softmax(z) - onehot(y)``.

A network spec names its loss (softmax cross-entropy).  The claim about its gradient with
respect to the logits z is judged entry by entry: the right side is parsed (never
eval'ed) at each entry k, ``softmax(z)`` read as e^{z_k} / Σ_c e^{z_c} and ``onehot(y)`` as
[k = y], and compared with SymPy's derivative of L = -log softmax(z)_y with respect to z_k,
for every class y and every k at the network's number of classes.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.context import finding
from symconv.checker.layer_activation import _Parser, _split
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG

MAX_CLASSES = 12  # SymPy simplifies classes² entries; past 12 the verdict names the 12 judged
_LEFT = re.compile(
    r"\\frac\{\\partial(?:\\mathcal\{L\}|L|J|\\ell)\}"
    r"\{\\partial[zZ](?:\^\{\[\d+\]\})?\}|d[zZ]"
)
_Z, _Y = sympy.Symbol("zvec"), sympy.Symbol("yvec")


class _LossParser(_Parser):
    """The activation parser with the vectors z and y and softmax, onehot at entry k."""

    def __init__(self, text: str, logits: list[sympy.Symbol], y: int, k: int) -> None:
        super().__init__(text, "tanh", "")
        self.logits, self.y, self.k = logits, y, k

    def atom(self) -> sympy.Expr:
        if self.peek() in ("z", "y"):
            return _Z if self.take() == "z" else _Y
        return super().atom()

    def _apply(self, name: str, arg: sympy.Expr) -> sympy.Expr:
        if name == "softmax" and arg == _Z:
            exps = [sympy.exp(v) for v in self.logits]
            return exps[self.k] / sum(exps)
        if name == "onehot" and arg == _Y:
            return sympy.Integer(int(self.k == self.y))
        raise NotUnderstood(f"loss claim: {name} of {arg} is not read")


def judge_loss_claim(text: str, loss: str | None, classes: int) -> dict | None:
    """The verdict on a loss-gradient claim, or None when ``text`` is not one."""
    sides = _split(text, "=")
    if (
        loss != "softmax_cross_entropy"
        or len(sides) != 2
        or not _LEFT.fullmatch(re.sub(r"\s+", "", sides[0]))
    ):
        return None
    n = min(classes, MAX_CLASSES)
    logits = list(sympy.symbols(f"z0:{n}", real=True))
    for y in range(n):
        loss_y = -sympy.log(sympy.exp(logits[y]) / sum(sympy.exp(v) for v in logits))
        for k in range(n):
            claimed = _LossParser(sides[1], logits, y, k).whole()
            if claimed.has(_Z, _Y):
                raise NotUnderstood("loss claim: z or y outside softmax(z), onehot(y)")
            expected = sympy.diff(loss_y, logits[k])
            if sympy.simplify(claimed - expected) != 0:
                return finding(
                    WRONG,
                    f"with {n} classes and label y = {y}, entry {k} "
                    f"differs from the derivative softmax(z)_{k} - {int(k == y)}",
                )
    return finding(
        VERIFIED,
        f"holds for the softmax cross-entropy loss at {n} classes, every "
        "label and every entry (SymPy's derivative of -log softmax(z)_y)",
    )
