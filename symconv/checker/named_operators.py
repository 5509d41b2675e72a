"""An operator applied to a matrix the notes gave as numbers under a name, equal to a matrix
written out: "$\\delta = \\begin{pmatrix} 1 & -2 \\\\ 0 & 3 \\end{pmatrix}$ ... $\\operatorname
{dil}_2(\\delta) = \\begin{pmatrix} 1 & 0 & -2 \\\\ 0 & 0 & 0 \\\\ 0 & 0 & 3 \\end{pmatrix}$".

The name's numbers are the latest ``NAME = [numbers]`` (or ``NAME = ... = [numbers]``) the
notes state before the claim, the same name written the same way (``\\delta``, ``G_1``,
``\\mathbf{G}``).  The operators are the checker's definitions (dilate_s puts s - 1 zeros
between neighbours, pad_p p zeros around, rot_180 and flip reverse rows and columns, ^T
transposes), applied to the numbers and compared exactly (Fractions), cell by cell.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from symconv.checker.literal_operators import apply_operator
from symconv.checker.worked_numbers import Matrix, _sides, compare_matrices, matrix_of

_OP = re.compile(
    r"^\s*\\(?:operatorname|mathrm|text)\s*\{\s*(dilate|dil|pad|rot|rot180|flip)\s*\}"
    r"\s*(?:_\s*\{?\s*(\d+)\s*\}?)?\s*(?:\\left|\\big)?\s*\(\s*(?P<inner>.+?)\s*"
    r"(?:\\right|\\big)?\s*\)\s*(?P<t>\^\s*\{?\s*(?:T|\\top)\s*\}?)?\s*$"
)
_SPACES = re.compile(r"\\[,;:! ]|\s+")


def _key(name: str) -> str:
    return _SPACES.sub("", name)


def _apply(op: str, n: int | None, m: Matrix) -> Matrix | None:
    return apply_operator(op, n, m, Fraction(0))


def given_matrix(document: str, line: int, name: str) -> tuple[int, Matrix] | None:
    """(line, numbers) of the latest ``name = [numbers]`` before ``line`` (1-based)."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    want, found = _key(name), None
    for event in scan(document):
        if event.kind != "math" or event.line >= line:
            continue
        for piece in statements(event.text):
            sides = _sides(piece.text)
            if len(sides) < 2 or _key(sides[0]) != want:
                continue
            numbers = matrix_of(sides[-1].strip())
            if numbers is not None:
                found = event.line + event.text[: piece.offset].count("\n"), numbers
    return found


def _evaluate(side: str, document: str, line: int) -> tuple[str, int, Matrix] | None:
    """(what, the given's line, the numbers) of ``OP(NAME)`` or ``OP(OP(NAME))``."""
    m = _OP.match(side)
    if m is None:
        return None
    inner = m.group("inner")
    if _OP.match(inner):
        below = _evaluate(inner, document, line)
        if below is None:
            return None
        what, at, numbers = below
    elif "(" in inner or "=" in inner:
        return None
    else:
        given = given_matrix(document, line, inner)
        if given is None:
            return None
        (at, numbers), what = given, f"the {inner.strip()}"
    op, n = m.group(1), int(m.group(2)) if m.group(2) else None
    truth = _apply(op, n, numbers)
    if truth is None:
        return None
    if m.group("t"):
        truth = [list(r) for r in zip(*truth, strict=True)]
    name = f"{op}_{n}" if n is not None else op
    return f"{name} of {what}", at, truth


def judge_named_operator(text: str, document: str, line: int) -> dict[str, Any] | None:
    """The verdict of ``OP(NAME) = [numbers]`` with NAME's numbers given above (None: not
    such a claim, or NAME has no numbers before it)."""
    sides = _sides(text)
    if len(sides) != 2:
        return None
    claimed = matrix_of(sides[1].strip().rstrip(".,;").strip())
    if claimed is None:
        return None
    found = _evaluate(sides[0], document, line)
    if found is None:
        return None
    what, at, truth = found
    return compare_matrices(claimed, truth, what, f"line {at}")
