"""The numbers of a softmax cross-entropy worked example (:mod:`.softmax_claims`): the
probabilities, the logit gradient and the loss at the logits the notes give
(``z = (2, 1, 0)``) and their true class, each number to the decimals it is written with;
a number one rounding away (the notes may have worked with rounded values) is not judged.
"""

from __future__ import annotations

import math
import re

import sympy

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.softmax_notes import SoftmaxNotes, _Parser

_NUMBERS = re.compile(r"^\\?\(?\s*(-?\d*\.?\d+(?:\s*,\s*(?:\\[ ,;]\s*)?-?\d*\.?\d+)*)\s*\\?\)?$")


def _numbers(side: str) -> list[str] | None:
    """``(-0.335,\\ 0.245,\\ 0.090)`` or ``0.176``: the numbers as written, else None."""
    compact = re.sub(r"\\[ ,;!]|\\left|\\right", " ", side).strip()
    found = _NUMBERS.match(compact)
    return None if found is None else [v.strip() for v in found.group(1).split(",")]


def _rounded(written: str, truth: float) -> bool | None:
    """True if ``written`` is ``truth`` to its decimals, False if clearly not, None if only
    a rounding of a rounding away (the notes may have worked with rounded values)."""
    decimals = len(written.split(".")[1]) if "." in written else 0
    off = abs(float(written) - truth)
    step = 10.0**-decimals
    if off <= step / 2 + 1e-12:
        return True
    return None if off <= 1.5 * step else False


_DECIMAL = re.compile(r"\d*\.(\d+)")


def rounded_arithmetic(side: str, claimed: float, truth: float) -> bool | None:
    """A side of arithmetic on rounded numbers (``0.6652 - 1``, ``-\\log 0.6652``) against
    the exact value: True when it is off by no more than its rounded inputs can make it
    (half a step of their last decimal for each, times a few for the functions applied),
    False when clearly off, None in between.  A side with no decimals is exact: None means
    it is no such side."""
    places = [len(m.group(1)) for m in _DECIMAL.finditer(side)]
    if not places:
        return None
    step = 10.0 ** -max(places)
    off = abs(claimed - truth)
    if off <= step * (len(places) + 1):
        return True
    return None if off <= 10 * step * (len(places) + 1) else False


def _given(notes: SoftmaxNotes) -> tuple[list[float], int]:
    if notes.logits is None or notes.true_class is None:
        raise NotUnderstood(
            "softmax claim: numbers need the logits and the true class stated before them"
        )
    if not 0 <= notes.true_class < len(notes.logits):
        raise NotUnderstood("softmax claim: the true class is not one of the logits'")
    return notes.logits, notes.true_class


def _softmax_at(logits: list[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    return [e / sum(exps) for e in exps]


def _compare(written: list[str], truth: list[float], what: str, number: int) -> dict | None:
    """WRONG naming the first entry off, NotUnderstood for a rounding's doubt, else None."""
    if len(written) != len(truth):
        return finding(WRONG, f"side {number} has {len(written)} entries, {what} has {len(truth)}")
    doubt = None
    for entry, (value, right) in enumerate(zip(written, truth, strict=True)):
        close = _rounded(value, right)
        if close is False:
            shown = ", ".join(f"{v:.4f}" for v in truth)
            where = f"entry {entry + 1} of " if len(truth) > 1 else ""
            return finding(
                WRONG,
                f"side {number}: {where}{what} is {right:.4f}, not {value} ({what}: {shown})",
            )
        if close is None:
            doubt = f"{value} is {right:.4f} only to one place fewer"
    if doubt is not None:
        raise NotUnderstood(f"softmax claim: {doubt}; a rounding of a rounding is not judged")
    return None


def _at_numbers(notes: SoftmaxNotes, sides: list[str]) -> str:
    if not any(_numbers(s) is not None for s in sides):
        return ""
    return (
        f", and its numbers are those at z = ({', '.join(f'{v:g}' for v in notes.logits or [])})"
        f" with true class {(notes.true_class or 0) + notes.base}"
    )


def _loss_value(sides: list[str], notes: SoftmaxNotes) -> dict:
    logits, label = _given(notes)
    soft = _softmax_at(logits)
    truth = -math.log(soft[label])
    values: dict[str, sympy.Expr] = {}
    for entry, value in enumerate(soft):
        values[f"{notes.prob}:{entry + notes.base}"] = sympy.Float(value)
        values[f"{notes.label}:{entry + notes.base}"] = sympy.Integer(int(entry == label))
    for number, side in enumerate(sides, start=2):
        written = _numbers(side)
        if written is not None:
            found = _compare(written, [truth], "the loss -ln p_c", number)
            if found is not None:
                return found
            continue
        claimed = float(_Parser(side, notes, values).whole())
        close = rounded_arithmetic(side, claimed, truth)
        if close is None and _DECIMAL.search(side):
            raise NotUnderstood(f"softmax claim: side {number} is {truth:.4f} only roughly")
        if close is not True and abs(claimed - truth) > 1e-9:
            return finding(
                WRONG,
                f"side {number} is {claimed:.4f}, the loss -ln p_c of true class "
                f"{label + notes.base} is {truth:.4f}",
            )
    return finding(
        VERIFIED,
        f"every side is the loss {truth:.4f} = -ln p_{label + notes.base} at the notes' "
        f"z = ({', '.join(f'{v:g}' for v in logits)})",
    )
