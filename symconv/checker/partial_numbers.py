"""A worked example's chain whose middle side has some tensors' numbers put in:
``\\frac{\\partial L}{\\partial w[0]} = x[1] - x[5] = 1`` after the notes gave g = [1, 0, 0,
1, ...] (G's numbers put in, X left in letters), ``\\frac{\\partial L}{\\partial x_{5}} = g_7 -
g_3 = -2`` after w = [1, 0, -1] (W's numbers put in).

Why the reading holds: the layer's entry is a polynomial T in the entries of X, W and G.  A
side written in the entries of some of them and none of another R, whose numbers the notes
gave before the claim, is the entry with R's numbers put in exactly when it equals T with R's
entries replaced by those numbers (a polynomial identity in the entries left as letters, so
it holds for every value of them).  The side's number, and a last side's number, is then
checked at every tensor's numbers, the value of T there.  A side that is not T with those
numbers put in is a wrong formula (its link wrong); a number is judged against T's value.
Where a side differs but has T's value at the notes' numbers, the link after it is named not
understood (a wrong formula whose arithmetic holds).  Nothing is read where a side lacks a
tensor the notes give no numbers for, or where the sizes are the checker's guess.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from symconv.checker.algebra import Poly
from symconv.checker.context import Context, finding
from symconv.checker.counterexamples import json_number
from symconv.checker.judge import Outcome
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.truth import Model
from symconv.checker.worked_conv import _values


def put_in(poly: Poly, values: dict[int, Fraction]) -> Poly:
    """The polynomial with the given variables replaced by their numbers, the others kept."""
    out = Poly()
    for mono, c in poly.items():
        coef: Any = c
        rest = []
        for v in mono:
            if v in values:
                coef *= values[v]
            else:
                rest.append(v)
        if coef:
            out.iadd(Poly({tuple(rest): coef}))
    return out


def _role_ids(model: Model, roles: tuple[str, ...]) -> dict[str, set[int]]:
    tensors = getattr(getattr(model, "layer", None), "tensors", {})
    return {r: {int(i) for i in tensors[r].ids.flat} for r in roles if r in tensors}


def judge_partly_numbers(
    outcome: Outcome, ctx: Context, model: Model, count: int
) -> dict[str, Any] | None:
    """The verdict of a chain whose sides are the entry with some tensors' numbers put in
    and numbers (module docstring), or None where the chain is not read so."""
    given = ctx.extras.get("given numbers")
    if not given or ctx.extras.get("guessed") or outcome.unknown or count < 2:
        return None
    failures = outcome.failures
    if not failures or not all(
        isinstance(f.claimed, Poly) and isinstance(f.expected, Poly) and not f.message
        for f in failures.values()
    ):
        return None
    if len({str(f.expected) for f in failures.values()}) != 1:
        return None  # the sides are compared with different truths: not one entry's chain
    truth: Poly = next(iter(failures.values())).expected  # type: ignore[assignment]
    roles = tuple(r for r in ("X", "W", "G") if r in given)
    ids = _role_ids(model, roles)
    try:
        values = _values(model, given, tuple(ids))
    except NotUnderstood:
        return None
    if not truth.variables():
        return None
    if not truth.variables() <= set(values):
        # the entry needs a tensor the notes give no numbers for (X left in letters): no
        # side's number can be judged, but a formula side can still be the entry with the
        # given tensors' numbers put in
        return _formulas_with_numbers_put_in(failures, truth, values)
    formulas: dict[int, bool] = {}  # side index: whether it is the entry with numbers put in
    for k, f in failures.items():
        claimed: Poly = f.claimed  # type: ignore[assignment]
        if not claimed.variables():
            continue  # a number: judged at every tensor's numbers below
        lacking = {
            r for r, i in ids.items() if truth.variables() & i and not claimed.variables() & i
        }
        if not lacking or not claimed.variables() <= set(values):
            return None  # a formula in every tensor's letters (judged as such), or other letters
        known = {v: values[v] for r in lacking for v in ids[r]}
        formulas[k] = put_in(truth, known) == claimed
    if not formulas:
        return None  # numbers only: the readers of worked numbers judge them
    value = Fraction(truth.value(values))  # type: ignore[arg-type]
    valued = {
        k: Fraction(f.claimed.value(values))  # type: ignore[union-attr, arg-type]
        for k, f in failures.items()
    }
    wrong_formulas = [k for k, ok in formulas.items() if not ok]
    hidden = [k for k in wrong_formulas if valued[k] == value]
    where = "at the notes' numbers (X, W, G given above; these numbers only)"
    put = "the entry with the notes' numbers put in for the tensors it does not write"
    if not wrong_formulas and all(v == value for v in valued.values()):
        return finding(
            VERIFIED,
            f"every side holds: each formula side is {put}, each number {json_number(value)} "
            f"as the entry {where}",
        )
    if hidden:  # a wrong formula with the right value: its number's link is not read
        text = "; ".join(
            f"side {k + 1} of {count} differs: it is not {put}" for k in wrong_formulas
        )
        numbers = [k for k in failures if k not in formulas]
        text += "".join(
            f"; side {k + 1} of {count} is not understood: a number after a formula that is "
            "not the entry's but has its value at these numbers"
            for k in numbers
        )
        return finding(WRONG, text)
    listed = ", ".join(f"side {k + 1} is {json_number(valued[k])}" for k in sorted(valued))
    why = "; ".join(f"the formula of side {k + 1} is not {put}" for k in wrong_formulas)
    return finding(
        WRONG,
        f"{json_number(value)} {where}: {listed}, side 1 is {json_number(value)}"
        + (f" ({why})" if why else ""),
    )


def _formulas_with_numbers_put_in(
    failures: dict, truth: Poly, values: dict[int, Fraction]
) -> dict[str, Any] | None:
    """Verified where every failing side is a formula equal to the entry T with the given
    numbers put in for the given entries it does not write (``Y_{1,1} = 3 X_{1,1} - X_{1,2} +
    2 X_{2,2}`` after ``W = [[3, -1], [0, 2]]``, or ``X_{0,0} W_{0,0} - X_{0,1} + 2 X_{1,1}``
    with one entry kept as a letter), else None: the caller's verdict stands.

    Why it holds: T is a polynomial in the layer's entries; putting in numbers for some of
    them gives the polynomial the notes' example has, an identity in the letters left (so
    for every value of them).  An entry the side writes as a letter is not put in: a side in
    W's letters is judged as written, and a swapped index there stays wrong.  Only a verdict
    of verified is given here, so a misattributed tensor's numbers can at worst leave the
    caller's verdict as it was."""
    for f in failures.values():
        claimed: Poly = f.claimed  # type: ignore[assignment]
        if not claimed.variables():
            return None  # a number, and X has none: not judged here
        written = claimed.variables()
        known = {v: n for v, n in values.items() if v in truth.variables() and v not in written}
        if not known or put_in(truth, known) != claimed:
            return None
    return finding(
        VERIFIED,
        "every side holds: each is the entry with the notes' numbers put in for the given "
        "entries it does not write (an identity in the letters left)",
    )
