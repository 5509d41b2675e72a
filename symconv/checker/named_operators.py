"""An operator applied to a matrix the notes gave as numbers under a name, equal to a matrix
written out: "$\\delta = \\begin{pmatrix} 1 & -2 \\\\ 0 & 3 \\end{pmatrix}$ ... $\\operatorname
{dil}_2(\\delta) = \\begin{pmatrix} 1 & 0 & -2 \\\\ 0 & 0 & 0 \\\\ 0 & 0 & 3 \\end{pmatrix}$".

The name's numbers are the latest ``NAME = [numbers]`` (or ``NAME = ... = [numbers]``) the
notes state before the claim, the same name written the same way (``\\delta``, ``G_1``,
``\\mathbf{G}``).  The operators are the checker's definitions (dilate_s puts s - 1 zeros
between neighbours, pad_p p zeros around, rot_180 and flip reverse rows and columns, ^T
transposes), applied to the numbers and compared exactly (Fractions), cell by cell.

A signal given as a list, "$g = (1, -2, 3)$ ... $\\operatorname{dilate}_2(g) = (1, 0, -2, 0,
3)$", "$\\operatorname{rot}(w) = (-1, 2, 1)$", has one axis: dilate_s and pad_p act along it
only (pad_p puts p zeros at each end, not rows of zeros around), and rot, with or without
its 180, reverses it (a rotation of a line by half a turn: the only one a list has).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from symconv.checker.literal_operators import apply_operator
from symconv.checker.worked_numbers import Matrix, _sides, compare_matrices, matrix_of
from symconv.checker.worked_vectors import vector_of

_OP = re.compile(
    r"^\s*\\(?:operatorname|mathrm|text)\s*\{\s*(dilate|dil|pad|rot|rot180|flip)\s*\}"
    r"\s*(?:_\s*\{?\s*(\d+)\s*\}?)?\s*(?:\\left|\\big)?\s*\(\s*(?P<inner>.+?)\s*"
    r"(?:\\right|\\big)?\s*\)\s*(?P<t>\^\s*\{?\s*(?:T|\\top)\s*\}?)?\s*$"
)
_SPACES = re.compile(r"\\[,;:! ]|\s+")


def _key(name: str) -> str:
    return _SPACES.sub("", name)


def _apply(op: str, n: int | None, m: Matrix, signal: bool = False) -> Matrix | None:
    """The operator on a matrix, or (``signal``) on a list's one axis."""
    if not signal:
        return apply_operator(op, n, m, Fraction(0))
    row = m[0]
    if op == "pad" and n is not None:
        return [[Fraction(0)] * n + list(row) + [Fraction(0)] * n]
    if op in ("rot", "rot180", "flip") and n in (None, 180):
        return [list(row[::-1])]
    return apply_operator(op, n, m, Fraction(0))  # dilate_s: one row stays one row


def _numbers(text: str) -> tuple[Matrix, bool] | None:
    """A matrix of numbers, or a list (a signal: one axis), with which of the two it is."""
    m = matrix_of(text)
    if m is not None:
        return m, False
    v = vector_of(text)
    return (v, True) if v is not None else None


def given_matrix(
    document: str,
    line: int,
    name: str,
    lists: bool = False,
    read: Callable[[str], Matrix | None] | None = None,
) -> tuple[int, Matrix] | None:
    """(line, numbers) of the latest ``name = [numbers]`` before ``line`` (1-based);
    with ``lists``, (line, (numbers, whether a list)) and a list ``name = (1, 2)`` too;
    ``read``: another reader of the last side's numbers (a column ``(1, 2)^\\top``)."""
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
            last = sides[-1].strip()
            numbers = read(last) if read else _numbers(last) if lists else matrix_of(last)
            if numbers is not None:
                found = event.line + event.text[: piece.offset].count("\n"), numbers
    return found  # type: ignore[return-value]


def _evaluate(side: str, document: str, line: int) -> tuple[str, int, Matrix, bool] | None:
    """(what, the given's line, the numbers, whether a list) of ``OP(NAME)`` or
    ``OP(OP(NAME))``."""
    m = _OP.match(side)
    if m is None:
        return None
    inner = m.group("inner")
    if _OP.match(inner):
        below = _evaluate(inner, document, line)
        if below is None:
            return None
        what, at, numbers, signal = below
    elif "(" in inner or "=" in inner:
        return None
    else:
        given = given_matrix(document, line, inner, lists=True)
        if given is None:
            return None
        (at, (numbers, signal)), what = given, f"the {inner.strip()}"  # type: ignore[misc]
    op, n = m.group(1), int(m.group(2)) if m.group(2) else None
    truth = _apply(op, n, numbers, signal)
    if truth is None:
        return None
    if m.group("t"):
        if signal:
            return None  # a list's transpose: a column, not read here
        truth = [list(r) for r in zip(*truth, strict=True)]
    name = f"{op}_{n}" if n is not None else op
    return f"{name} of {what}", at, truth, signal


def judge_named_operator(text: str, document: str, line: int) -> dict[str, Any] | None:
    """The verdict of ``OP(NAME) = [numbers]`` with NAME's numbers given above (None: not
    such a claim, or NAME has no numbers before it)."""
    sides = _sides(text)
    if len(sides) != 2:
        return None
    claimed = _numbers(sides[1].strip().rstrip(".,;").strip())
    if claimed is None:
        return None
    found = _evaluate(sides[0], document, line)
    if found is None:
        return None
    what, at, truth, signal = found
    if claimed[1] != signal:
        return None  # a list claimed for a matrix, or the other way round: not read here
    return compare_matrices(claimed[0], truth, what, f"line {at}")
