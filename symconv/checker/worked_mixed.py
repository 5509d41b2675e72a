"""A chain that states a formula and its value at a worked example's numbers:
``\\mathrm{d}K = X \\star \\mathrm{d}Y = \\begin{bmatrix} -1 & 3 \\\\ 3 & -1 \\end{bmatrix}``,
``Y = X \\star K = \\begin{pmatrix} 3 & 7 \\\\ 0 & 2 \\end{pmatrix}``.

Such a chain makes two claims: the formula (for every input, a symbolic claim) and the
numbers (that the left side is this matrix at the X, K, G the notes gave).  Each is judged by
the reader made for it: the formula without the matrix, by the symbolic readers; the left
side against the matrix, at the notes' numbers (:mod:`.worked_numbers`).  The verdict names
the side that differs, so each link of the chain gets its own: a right formula whose matrix
has a slip is wrong at its last link only.

When the formula is not understood, the matrix's link is not claimed either way: the matrix
is compared with the left side's value, and the middle side sits between them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symconv.checker.context import finding
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.worked_numbers import _sides, matrix_of, role_of

# \mathrm{d}Y, \text{d}K (CS231n's upright differential): the name dY of dL/dY
_UPRIGHT_D = re.compile(r"\\(?:mathrm|text|operatorname)\s*\{\s*d\s*\}\s*(?=[A-Za-z\\])")

# roles whose value the worked example computes (the given X, W, G, b are no claims)
_CLAIMED = {"Y", "dX", "dW"}


def split_mixed(text: str, rename: Callable[[str], str] = str) -> tuple[str, str] | None:
    """(the formula ``A = B``, the numeric claim ``A = [numbers]``) of ``A = B = [numbers]``,
    else None.  Only a chain of three sides whose left side names a computed tensor and whose
    middle side is no matrix of numbers."""
    sides = _sides(text)
    if len(sides) != 3 or matrix_of(sides[2]) is None:
        return None
    if matrix_of(sides[1]) is not None or not sides[1].strip():
        return None
    if role_of(rename(sides[0])) not in _CLAIMED:
        return None
    formula = _UPRIGHT_D.sub(" d", f"{sides[0]}={sides[1]}")
    return formula, f"{sides[0]}={sides[2]}"


def judge_mixed(
    text: str,
    judge: Callable[[str], dict | None],
    rename: Callable[[str], str] = str,
    zero_bias: bool = False,
) -> dict | None:
    """The verdict of ``A = formula = [numbers]``: ``judge`` reads each half (it returns the
    verdict of one statement, never raises); ``zero_bias``: the notes' example sets b = 0;
    ``rename`` writes the notes' letters as the
    roles' (a map P pooled: P is X)."""
    halves = split_mixed(text, rename)
    if halves is None:
        return None
    formula, numbers = halves
    numeric = judge(numbers)
    if numeric is None or numeric["status"] not in (VERIFIED, WRONG):
        return None  # the numbers are not read: the statement goes the usual way
    symbolic = judge(formula) or finding(NOT_UNDERSTOOD, "the formula is not read")
    if zero_bias and symbolic["status"] == WRONG and symbolic.get("missing") == ["b"]:
        # Y = X \star K where the example sets b = 0: the formula with + b, at b = 0
        again = judge(f"{formula} + b")
        if again is not None and again["status"] == VERIFIED:
            symbolic = finding(VERIFIED, f"with the example's b = 0: {again['message']}")
    if symbolic["status"] == WRONG and "at their own sizes" in numeric["message"]:
        # the example's sizes are not the layer's the formula was judged at: pad_1 may be
        # right for the example's 2x2 kernel and wrong for the layer's 3x3
        symbolic = finding(
            NOT_UNDERSTOOD,
            "the formula is judged at the layer read, not at the example's own sizes: "
            + symbolic["message"],
        )
    said = f"formula: {symbolic['message']}; numbers: {numeric['message']}"
    if symbolic["status"] == VERIFIED:
        if numeric["status"] == VERIFIED:
            return finding(VERIFIED, said)
        return finding(WRONG, f"side 3 of 3 differs (the numbers); {said}")
    if symbolic["status"] == WRONG:
        if numeric["status"] == VERIFIED:
            return finding(WRONG, f"side 2 of 3 differs (the formula); {said}")
        # both differ from the left side: the middle-to-matrix link stays unjudged
        return finding(WRONG, f"side 2 of 3 differs, side 3 of 3 differs; {said}")
    return finding(NOT_UNDERSTOOD, f"side 2 of 3 is not understood; {said}")
