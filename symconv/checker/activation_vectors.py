"""An activation's backward pass worked on a vector the notes give: "with $z = (-1,\\ 2,\\
0.5)^\\top$ and an incoming gradient $\\partial L/\\partial a = (3,\\ -1,\\ 4)^\\top$,
$\\frac{\\partial L}{\\partial z} = (0,\\ -1,\\ 4)^\\top$".

An activation f acts entry by entry, so dL/dz_i = dL/da_i f'(z_i): each entry of the claim
is compared with that product at the notes' numbers, f the activation the prose names last
before the claim (activation_claims.activation_named_before).  The vectors are the last
``z = (...)`` and ``\\partial L / \\partial a = (...)`` written on the claim's line or the six
above it (a row or, with ``^\\top``, a column: the same entries).  ReLU'(0) is a
convention, so an entry at z_i = 0 is not judged; a decimal agrees when rounded to its
digits (activation_values._agreement); no vector, no named activation or a length that
differs: not this reader's claim (None).  Parsed, never eval'ed.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.activation_claims import _GRAD_A, _GRAD_Z, activation_named_before
from symconv.checker.activation_values import _agreement
from symconv.checker.context import finding
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.split import split_top
from symconv.checker.worked_vectors import vector_of
from symconv.ops.pointwise import activation_function

_COLUMN = re.compile(r"\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T|\\top|\\intercal)\s*$")
_MATH = re.compile(r"\$\$?([^$]+)\$\$?")
_Z = re.compile(r"^\s*(?:\\mathbf\s*\{\s*z\s*\}|z)\s*$")
_SPACE = re.compile(r"\\[,;:! ]|\\q?quad|\\left|\\right")
WINDOW = 6  # lines above the claim where its vectors are given
_OUTPUT_DEFINED = re.compile(  # H = ReLU(Z_1), h = \sigma(z): the activation's output letter
    r"(?<![A-Za-z\\])([A-Za-z])(?:_\{?\w+\}?)?\s*=\s*(?:\\operatorname\{\s*)?"
    r"\\?(?:ReLU|relu|sigma|tanh)\b\}?\s*(?:\\left)?\(\s*[zZ](?:_\{?\w+\}?)?\s*(?:\\right)?\)"
)
_GRAD_LETTER = re.compile(
    r"\\partial\s*L\s*/\s*\\partial\s*([A-Za-z])|\\frac\s*\{\s*\\partial\s*L\s*\}\s*"
    r"\{\s*\\partial\s*([A-Za-z])\s*\}"
)
_SLOPE_AT_ZERO = re.compile(
    r"derivative of the ReLU at 0 (?:to be|is|as) ([01])\b"
    r"|(?:\\operatorname\{ReLU\}|\\mathrm\{ReLU\}|ReLU)\s*'\s*\(\s*0\s*\)\s*(?::=|=)\s*([01])\b",
    re.IGNORECASE,
)


def _vector(side: str) -> tuple[list[sympy.Rational], list[str]] | None:
    """The entries of ``(a, b, ...)`` (maybe ``^\\top``) and their texts, else None."""
    side = _COLUMN.sub("", _SPACE.sub(" ", side).strip().rstrip(".,;").strip())
    found = vector_of(side)
    if found is None:
        return None
    cells = side.strip()[1:-1].split(",")
    return [sympy.Rational(v.numerator, v.denominator) for v in found[0]], cells


def _given(document: list[str], line: int, claim: str = "") -> tuple[list | None, list | None, str]:
    """z's and dL/da's vectors and the prose (with the claim's line up to it) above.  The
    activation's output may have the letter the notes give it ("$H = \\operatorname{ReLU}
    (Z_1)$" ... "one row ... $\\partial L / \\partial h = (1, 2, 3, -1)$": h is a row of H)."""
    rows = document[max(line - 1 - WINDOW, 0) : line]
    if rows and claim and claim in rows[-1]:  # the claim's own line only up to the claim
        rows[-1] = rows[-1][: rows[-1].index(claim)]
    outputs = {m.group(1).lower() for m in _OUTPUT_DEFINED.finditer("\n".join(document[:line]))}
    z = upstream = None
    for row in rows:
        for math in _MATH.findall(row):
            parts = [p for _, p in split_top(math, ("=",))]
            if len(parts) != 2:
                continue
            vector = _vector(parts[1])
            if vector is None:
                continue
            if _Z.match(parts[0]):
                z = vector[0]
            elif _GRAD_A.fullmatch(parts[0].strip()) or _grad_of(parts[0]) in outputs:
                upstream = vector[0]
    return z, upstream, "\n".join(rows)


def _grad_of(side: str) -> str | None:
    """The lower-case letter of ``\\partial L / \\partial h`` (or the fraction), else None."""
    found = _GRAD_LETTER.fullmatch(side.strip())
    return next(g for g in found.groups() if g).lower() if found else None


def relu_slope_at_zero(prose: str) -> sympy.Integer | None:
    """ReLU'(0) where the notes state it ("PyTorch takes the derivative of the ReLU at 0 to
    be 0", "$\\operatorname{ReLU}'(0) = 0$"), else None: a convention, not mathematics."""
    found = _SLOPE_AT_ZERO.search(prose)
    if found is None:
        return None
    return sympy.Integer(next(g for g in found.groups() if g))


def judge_activation_vector(text: str, document: list[str], line: int) -> dict | None:
    """VERIFIED or WRONG for dL/dz written as numbers after the notes' z and dL/da."""
    sides = [p for _, p in split_top(text, ("=",))]
    if len(sides) != 2 or not _GRAD_Z.fullmatch(sides[0].strip()):
        return None
    claimed = _vector(sides[1])
    if claimed is None or line < 1:
        return None
    z, upstream, prose = _given(document, line, text)
    kind = activation_named_before(prose)
    at_zero = relu_slope_at_zero("\n".join(document[:line])) if kind == "relu" else None
    if z is None or upstream is None or kind is None:
        return None
    values, cells = claimed
    if not len(values) == len(z) == len(upstream):
        return None
    variable = sympy.Symbol("z", real=True)
    slope = sympy.diff(activation_function(kind, variable), variable)
    differ = []
    for k, (cell, value, at, g) in enumerate(zip(cells, values, z, upstream, strict=True)):
        if kind == "relu" and at == 0 and at_zero is None:
            return None  # ReLU'(0) is a convention, here not stated
        if kind == "relu":
            truth = g * (at_zero if at == 0 else sympy.Integer(1 if at > 0 else 0))
        else:
            truth = g * slope.subs(variable, at)
        said = _agreement(cell, value, truth)
        if said == "truncated?":
            return None
        if said == "differs":
            differ.append(f"entry {k + 1} is {sympy.N(truth, 6)}, not {cell.strip()}")
    where = f"dL/dz = dL/da * {kind}'(z) entry by entry at the notes' z and dL/da"
    if differ:
        return finding(WRONG, f"{where}: " + "; ".join(differ))
    return finding(VERIFIED, f"{where}: every entry agrees")
