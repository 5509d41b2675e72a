"""A named convolution operator applied to a worked example's numbers: "With $x = (1, 2, 3,
4)$ and $w = (1, 0, -1)$ ... $\\operatorname{corr}(x, w) = (-2, -2)$",
"$\\operatorname{conv}(x, w) = (2, 2)$", "$\\operatorname{full}((1, 2), w) = (1, 2, -1, -2)$".

Each operand is a list or matrix written out, or a name the notes gave numbers before the
claim (``x = (1, 2, 3, 4)``, on an earlier line or earlier on the claim's own); a list is a
one-row matrix.  The operators, for an a of n entries and a kernel k of K (per axis):

* ``corr`` / ``xcorr``: the valid cross-correlation, out_i = sum_u a_{i+u} k_u (n - K + 1
  entries), computed by worked_arith._valid_correlation;
* ``conv``: the valid convolution; notes mean either the true one (the kernel flipped,
  out_i = sum_u a_{i+u} k_{K-1-u}) or, as deep-learning notes often do, the
  cross-correlation;
* ``full``: the full convolution, a padded by K - 1 zeros on each side, then ``conv``
  (n + K - 1 entries).

Which meaning ``conv`` has is read from the notes' own definition of it
(``\\operatorname{conv}(A, B) = \\operatorname{corr}(A, \\operatorname{rot180}(B))``: the true
convolution; ``= \\operatorname{corr}(A, B)``: the correlation); ``full`` follows ``conv``.
Where the notes define neither, a claim that holds under one meaning and not the other is
not understood (naming both); one that holds under neither is wrong, and one under both
verified.  Exact (Fractions), about those numbers only.
"""

from __future__ import annotations

import re
from typing import Any

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.literal_operators import apply_operator
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.star_definitions import star_is_true_convolution
from symconv.checker.worked_arith import _valid_correlation, plain_star
from symconv.checker.worked_conv import show_matrix
from symconv.checker.worked_numbers import Matrix, _sides, matrix_of
from symconv.checker.worked_vectors import vector_of

_NAME = r"\\(?:operatorname|mathrm|text|mathit)\s*\{\s*(?P<op>x?corr|conv|full)\s*\}"
_CALL = re.compile(rf"^\s*{_NAME}\s*(?:\\left|\\big)?\s*\((?P<args>.*)\)\s*$", re.S)
_SPACE = re.compile(r"\\[,;:! ]|\s+")
_FLIP = r"\\(?:operatorname|mathrm|text)\s*\{\s*(?:rot\s*_?\s*\{?\s*180\s*\}?|rot180|flip)\s*\}"
_CONV_OF = rf"{_NAME.replace('(?P<op>x?corr|conv|full)', 'conv')}\s*\(\s*(\w)\s*,\s*(\w)\s*\)"
_CORR = r"\\(?:operatorname|mathrm|text)\s*\{\s*x?corr\s*\}"
# conv(A, B) = corr(A, rot180(B)): the true convolution; conv(A, B) = corr(A, B): the other
_TRUE_DEFINITION = re.compile(
    rf"{_CONV_OF}\s*(?:&\s*)?(?::=|=|\\coloneqq)\s*{_CORR}\s*\(\s*\1\s*,\s*{_FLIP}\s*\(\s*\2\s*\)\s*\)"
)
_CORR_DEFINITION = re.compile(
    rf"{_CONV_OF}\s*(?:&\s*)?(?::=|=|\\coloneqq)\s*{_CORR}\s*\(\s*\1\s*,\s*\2\s*\)"
)


def _arguments(text: str) -> list[str] | None:
    """The two top-level arguments of ``OP(a, b)``, else None."""
    from symconv.checker.split import split_top

    out = [part for _, part in split_top(text, (",",))]
    return out if len(out) == 2 else None


def _named(document: str, line: int, prefix: str, name: str) -> Matrix | None:
    """The numbers the latest ``name = (list)`` or ``name = [matrix]`` before the claim
    gives (on an earlier line, or earlier on the claim's own)."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    want, found = _SPACE.sub("", name), None
    for event in scan(document):
        if event.kind != "math" or event.line > line:
            continue
        for piece in statements(event.text):
            at = event.line + event.text[: piece.offset].count("\n")
            sides = _sides(piece.text)
            if at > line or (at == line and piece.text.strip()[:12] not in prefix):
                continue
            if len(sides) >= 2 and _SPACE.sub("", sides[0]) == want:
                numbers = vector_of(sides[-1].strip()) or matrix_of(sides[-1])
                found = numbers if numbers is not None else found
    return found


def _operand(text: str, document: str, line: int, prefix: str) -> Matrix | None:
    return (
        vector_of(text.strip()) or matrix_of(text) or _named(document, line, prefix, text.strip())
    )


def _padded(m: Matrix, ph: int, pw: int) -> Matrix:
    zero = type(m[0][0])(0)
    wide = [[zero] * pw + list(row) + [zero] * pw for row in m]
    blank = [zero] * len(wide[0])
    return [list(blank) for _ in range(ph)] + wide + [list(blank) for _ in range(ph)]


def _value(op: str, a: Matrix, k: Matrix, flip: bool) -> Matrix:
    rotated = apply_operator("rot180", None, k, type(k[0][0])(0)) if flip and op != "corr" else None
    kernel = rotated or k
    if op == "full":
        a = _padded(a, len(k) - 1, len(k[0]) - 1)
    if len(kernel) > len(a) or len(kernel[0]) > len(a[0]):
        raise NotUnderstood(f"{op} of an operand smaller than its kernel")
    return _valid_correlation(a, kernel)


# x \star w (the cross-correlation), x * w, x \ast w, x \circledast w (a convolution)
_INFIX = re.compile(
    r"^\s*(?P<a>[^*]+?)\s*(?P<op>\\star|\\ast|\\circledast|\*)(?![A-Za-z])\s*(?P<b>[^*]+?)\s*$"
)


def _infix_op(symbol: str, n: int, k: int, claimed: int) -> str | None:
    """The operator a symbol between two signals stands for: \\star the valid
    cross-correlation; a convolution symbol the valid or the full convolution, as the
    claimed list's length says (n - k + 1 or n + k - 1); None for any other length."""
    if symbol == "\\star":  # (a strided or padded correlation has another length)
        return "corr" if k <= n and claimed == n - k + 1 else None
    if claimed == n + k - 1 and claimed != n - k + 1:
        return "full"
    if claimed == n - k + 1 and k <= n:
        return "conv"
    return None


def conv_meaning(document: str) -> bool | None:
    """True where the notes define conv as the true convolution, False as the
    correlation, None where they do neither (or both)."""
    flat = _SPACE.sub(" ", document)
    true, corr = _TRUE_DEFINITION.search(flat), _CORR_DEFINITION.search(flat)
    if bool(true) == bool(corr):
        return None
    return bool(true)


def judge_operator_numbers(
    text: str, document: str, line: int, prefix: str = ""
) -> dict[str, Any] | None:
    """The verdict of ``OP(a, b) = (numbers)`` with a, b numbers the notes give (None: not
    such a claim, or an operand without numbers)."""
    sides = _sides(text)
    if len(sides) != 2:
        return None
    m = _CALL.match(sides[0])
    infix = _INFIX.match(sides[0]) if m is None else None
    claimed = vector_of(sides[1].strip()) or matrix_of(sides[1])
    if (m is None and infix is None) or claimed is None:
        return None
    args = _arguments(m.group("args")) if m else [infix.group("a"), infix.group("b")]
    if args is None:
        return None
    a, k = (_operand(arg, document, line, prefix) for arg in args)
    if a is None or k is None:
        return None
    if m is not None:
        op = "corr" if m.group("op").endswith("corr") else m.group("op")
        meaning = None if op == "corr" else conv_meaning(document)
    else:  # x \star w, x * w: signals only (a matrix's \star is worked_arith's)
        if len(a) != 1 or len(k) != 1 or len(claimed) != 1:
            return None
        if infix.group("op") == "\\star" and not plain_star(document, line):
            return None  # notes whose \star is a convolution, or strided: worked_arith's rule
        op = _infix_op(infix.group("op"), len(a[0]), len(k[0]), len(claimed[0]))
        if op is None:
            return None
        meaning = True if op != "corr" and star_is_true_convolution(document) else None
        meaning = None if op == "corr" else meaning
    flips = (meaning,) if meaning is not None else (True, False)
    readings = {flip: _value(op, a, k, flip) for flip in flips}
    what = f"{op}({', '.join(a.strip() for a in args)})"
    agree = [flip for flip, value in readings.items() if value == claimed]
    if len(agree) == len(readings):
        return finding(VERIFIED, f"{what} is {show_matrix(claimed)} (these numbers only)")
    if not agree:
        shown = " or ".join(dict.fromkeys(show_matrix(v) for v in readings.values()))
        return finding(WRONG, f"{what} is {shown}, not {show_matrix(claimed)} (these numbers only)")
    raise NotUnderstood(
        f"{what} is {show_matrix(readings[True])} as the true convolution (the kernel flipped) "
        f"and {show_matrix(readings[False])} as the cross-correlation; the notes do not "
        f"define which {op} means, and the claim holds under one"
    )
