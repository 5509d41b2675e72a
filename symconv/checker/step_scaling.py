"""The learning rate that keeps an SGD step when the batch loss changes its reduction: "to
keep the same SGD step I'd need $\\eta_{\\text{sum}} = N\\, \\eta_{\\text{mean}}$".

With the samples' losses ell_n (the notes define the batch loss from them, which names the
batch letter N), L_sum = sum_n ell_n = N L_mean, so grad L_sum = N grad L_mean, and the two
steps eta_sum grad L_sum and eta_mean grad L_mean are the same exactly when eta_sum =
eta_mean / N.  A side is a number in N times ``\\eta_{\\text{sum}}`` or
``\\eta_{\\text{mean}}``; eta_r stands for K / c_r (c_sum = 1, c_mean = 1/N, K the step's
common size), and the sides must agree for every N.  Read only where the claim's paragraph
(it and five lines above) says the step is kept ("same step", "same update"); parsed, never eval'ed.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.batch_loss import _SPACE, _definition, _Unread, leading_factor
from symconv.checker.context import finding
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.split import split_top

_RATE = re.compile(r"^\\eta_\{\\(?:text|mathrm)\{(sum|mean|avg)\}\}(?:/(\d+|[A-Z]))?$")
_SAME_STEP = re.compile(
    r"\bsame\s+(?:SGD\s+|gradient\s+|parameter\s+)?(?:step|update)s?\b|\bkeep\s+the\s+step\b",
    re.IGNORECASE,
)


def judge_step_scaling(text: str, document: list[str], line: int) -> dict | None:
    """VERIFIED or WRONG for a relation between the two reductions' learning rates."""
    if "\\eta" not in text:
        return None
    paragraph = "\n".join(document[max(line - 6, 0) : line])  # the claim and 5 lines above
    defined = _definition(document, line)
    if not _SAME_STEP.search(paragraph) or defined is None or defined["batch"] is None:
        return None
    compact = _SPACE.sub("", text).replace("\\dfrac", "\\frac").rstrip(".,;")
    sides = [s for _, s in split_top(compact, ("=",))]
    if len(sides) != 2:
        return None
    n = sympy.Symbol(defined["batch"], positive=True, integer=True)
    values = []
    for side in sides:
        factor: sympy.Expr = sympy.Integer(1)
        try:
            while (leading := leading_factor(side, defined, n)) is not None:
                factor, side = factor * leading[0], leading[1]
        except _Unread:
            return None
        m = _RATE.match(side)
        if m is None:
            return None
        if m.group(2) and not m.group(2).isdigit() and m.group(2) != defined["batch"]:
            return None  # divided by another letter than the batch's
        if m.group(2):
            factor /= n if m.group(2) == defined["batch"] else int(m.group(2))
        values.append(factor * (1 if m.group(1) == "sum" else n))  # K / c_r, K = 1
    if sympy.simplify(values[0] - values[1]) == 0:
        return finding(
            VERIFIED,
            "the sum over the batch is N times the mean, so the same step needs "
            "eta_sum = eta_mean / N: both sides agree",
        )
    return finding(
        WRONG,
        "the sum over the batch is N times the mean (its gradient too), so the same step "
        "needs eta_sum = eta_mean / N: the sides differ",
    )
