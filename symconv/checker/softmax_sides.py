"""Each side of a softmax worked example's chain judged on its own, and the verdict they make.

Notes chain a quantity of the example with a formula and its rounded value: "$p_1 =
\\frac{e^2}{e^2 + 2} \\approx 0.787$", "$\\frac{\\partial L}{\\partial z_2} = p_2 - 1 \\approx
-0.893$".  Each link is a claim of its own, so each side after the first is compared with the
first (the quantity, worked out exactly at the logits and true class the notes give):

* a side in numbers, ``0.787`` or ``(0.5, -0.5)``: each entry to the decimals it is written
  with.  A decimal with d places (after ``=`` or ``\\approx`` alike) agrees when it is within
  half a unit of its last place, 0.5 * 10^-d, of the exact value; between that and 1.5 units
  it may be a rounding of a rounded intermediate (0.787 - 1 from p_1 = 0.787): not judged;
  farther, it differs;
* a side in formulas of numbers (``\\frac{e^2}{e^2 + 2}``) or of the example's p and y
  (``p_1 - 1``): exactly, SymPy's value at the given logits against the exact truth;
* a side that the caller judged as a formula for every logit (``p - y``) comes with its
  status.

A wrong chain names every side that differs ("side 2 of 3 differs"); where every differing
side has a single value, the message gives each as a number ("side 2 is -0.893, side 3 is
-0.893, side 1 is 0.1065", the first side's last), so that a link between two sides that
differ from the first but agree with each other (p_2 - 1 \\approx -0.893) reads as the
arithmetic it is.  A side that agrees only after a rounding of a rounding leaves the whole
chain not judged.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.softmax_examples import exact_list
from symconv.checker.softmax_notes import _SOFTMAX, SoftmaxNotes, _Parser, _values
from symconv.checker.softmax_numbers import _numbers, _rounded


def is_numbers(side: str) -> bool:
    """Whether a side is written in numbers: decimals (``(0.665, 0.245)``, ``0.176``) or
    an exact vector (``(\\tfrac12, \\tfrac14)``)."""
    return _numbers(side) is not None or exact_list(side) is not None


def example_softmax(notes: SoftmaxNotes) -> list[sympy.Expr] | None:
    """softmax(z) at the notes' logits, exactly (the decimals given read as rationals)."""
    if notes.exact_logits is not None:  # \ln 4 as written, not its float
        exps = [sympy.exp(v) for v in notes.exact_logits]
        return [e / sum(exps) for e in exps]
    if notes.logits is None:
        return None
    exps = [sympy.exp(sympy.nsimplify(v, rational=True)) for v in notes.logits]
    return [e / sum(exps) for e in exps]


def side_status(
    side: str, truth: list[sympy.Expr], notes: SoftmaxNotes, index: dict[str, int] | None = None
) -> tuple[bool | None, sympy.Expr | None]:
    """(agrees, its value if one number) of one side against the exact ``truth`` entries."""
    exact = exact_list(side) if _numbers(side) is None else None
    if exact is not None:  # (\tfrac12, \tfrac14, -\tfrac34): compared exactly
        if len(exact) != len(truth):
            raise NotUnderstood(f"softmax claim: {len(exact)} numbers for {len(truth)} classes")
        return all(sympy.simplify(w - t) == 0 for w, t in zip(exact, truth, strict=True)), None
    written = _numbers(side)
    if written is not None:
        if len(written) != len(truth):  # another quantity than the classes' vector?
            raise NotUnderstood(f"softmax claim: {len(written)} numbers for {len(truth)} classes")
        marks = [_rounded(w, float(t)) for w, t in zip(written, truth, strict=True)]
        value = sympy.Float(written[0]) if len(written) == 1 else None
        if False in marks:
            return False, value
        return (None if None in marks else True), value
    soft = example_softmax(notes)
    if soft is None or notes.true_class is None or len(truth) != 1:
        raise NotUnderstood("softmax claim: a formula side needs the example's logits and class")
    names = index or {}
    values = _values(
        notes, soft, notes.true_class, {**names, "here": next(iter(names.values()), 0)}
    )
    claimed = _Parser(side, notes, values, names).whole()
    if claimed.free_symbols:
        raise NotUnderstood("softmax claim: a side names letters the example does not give")
    return sympy.simplify(claimed - truth[0]) == 0, claimed


def _shown(value: sympy.Expr, like: list[str]) -> str:
    """``value`` as one of the written decimals it rounds to, else to four places."""
    for written in like:
        if _rounded(written, float(value)):
            return written
    return f"{float(value):.4f}"


def chain_verdict(
    statuses: dict[int, tuple[bool | None, sympy.Expr | None]],
    sides: list[str],
    truth: sympy.Expr | None,
    what: str,
    holds: str,
) -> dict:
    """VERIFIED when every side (numbered from 2) agrees, WRONG naming every side that
    differs, NotUnderstood when one agrees only up to a rounding of a rounding."""
    if any(ok is None for ok, _ in statuses.values()):
        raise NotUnderstood(
            "softmax claim: a number agrees only to one place fewer than it is written with; "
            "a rounding of a rounding is not judged"
        )
    odd = sorted(k for k, (ok, _) in statuses.items() if not ok)
    if not odd:
        return finding(VERIFIED, holds)
    total = len(sides) + 1
    named = "; ".join(f"side {k} of {total} differs" for k in odd)
    message = f"{named} ({what})"
    if truth is not None and all(statuses[k][1] is not None for k in odd):
        decimals = [w[0] for s in sides if (w := _numbers(s)) is not None and len(w) == 1]
        shown = [f"side {k} is {_shown(statuses[k][1], decimals)}" for k in odd]  # type: ignore[arg-type]
        message += f": {', '.join(shown)}, side 1 is {float(truth):.4f}"
    elif truth is not None:
        message += f" ({float(truth):.4f})"
    return finding(WRONG, message)


def probabilities(sides: list[str], notes: SoftmaxNotes, entry: int | None = None) -> dict | None:
    """``p = (0.665, 0.245, 0.090)``, or with ``entry`` (0-based) ``p_1 = \\frac{e^2}{e^2 + 2}
    \\approx 0.787``: each side against softmax(z) at the notes' logits (softmax_sides)."""
    soft = example_softmax(notes)
    # "$p = \\operatorname{softmax}(z) \\approx (0.665, ...)$": the definition, then the numbers
    defining = rf"{_SOFTMAX}\s*\(\s*{re.escape(notes.logit)}\s*\)"
    skip = int(
        entry is None and len(sides) > 1 and re.fullmatch(defining, sides[0].strip()) is not None
    )
    if soft is None or (entry is None and not all(is_numbers(side) for side in sides[skip:])):
        return None
    what = f"softmax({notes.logit})"
    if entry is not None:
        if not 0 <= entry < len(soft):
            return None
        soft, what = [soft[entry]], f"{notes.prob}_{entry + notes.base}"
    statuses = {
        number: side_status(side, soft, notes, {"here": entry or 0})
        for number, side in enumerate(sides, start=2)
        if number >= 2 + skip
    }
    return chain_verdict(
        statuses,
        sides,
        soft[0] if len(soft) == 1 else None,
        f"{what} at the notes' {notes.logit} = ({', '.join(f'{v:g}' for v in notes.logits or [])})",
        f"every entry is {what} to the decimals written, at the notes' {notes.logit} = "
        f"({', '.join(f'{v:g}' for v in notes.logits or [])})",
    )
