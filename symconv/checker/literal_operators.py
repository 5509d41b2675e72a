"""An operator applied to a matrix written out, equal to another written out:
``\\operatorname{dilate}_2\\begin{pmatrix} \\alpha & \\beta \\\\ \\gamma & \\epsilon
\\end{pmatrix} = \\begin{pmatrix} \\alpha & 0 & \\beta \\\\ ... \\end{pmatrix}``, and the same
with ``\\operatorname{pad}_p``, ``\\operatorname{rot}_{180}`` (``\\operatorname{rot180}``,
``\\operatorname{flip}``) and a transpose ``^{T}``.  The operator is applied to the cells as
written (symbols or numbers, compared as text, 0 as the zero), so the verdict is about
those cells: the definitions of the operators are the checker's (dilate_s puts s - 1 zeros
between neighbours, pad_p p zeros around, rot_180 reverses rows and columns)."""

from __future__ import annotations

import re
from typing import TypeVar

from symconv.checker.context import finding
from symconv.checker.report import VERIFIED, WRONG

Cell = TypeVar("Cell")
Cells = list[list[str]]

_OP = (
    r"\\(?:operatorname|mathrm|text)\s*\{\s*(dilate|pad|rot|rot180|flip)\s*\}"
    r"\s*(?:_\s*\{?\s*(\d+)\s*\}?)?"
)
_CLAIM = re.compile(
    rf"^\s*{_OP}\s*(?:\\!|\\left|\\big)?\s*\(?\s*"
    r"\\begin\{([pbvBV]?matrix)\}(.*?)\\end\{\3\}"
    r"\s*(?:\\right|\\big)?\s*\)?\s*(?P<t>\^\s*\{?\s*(?:T|\\top)\s*\}?)?\s*=\s*"
    r"\\begin\{([pbvBV]?matrix)\}(.*?)\\end\{\6\}\s*[.,;]?\s*$",
    re.DOTALL,
)
_SPACE = re.compile(r"\\[,;:! ]|\s+")


def _cells(body: str) -> Cells | None:
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    out = [[_SPACE.sub("", c) for c in r.split("&")] for r in rows]
    if not out or len({len(r) for r in out}) != 1 or any(not c for r in out for c in r):
        return None
    return out


def apply_operator(
    op: str, n: int | None, m: list[list[Cell]], zero: Cell
) -> list[list[Cell]] | None:
    """dilate_n, pad_n, rot180 / flip of a matrix given cell by cell (``zero`` fills what
    the operator adds); None for any other operator.  Shared with named_operators.py,
    whose cells are numbers where these are written cells."""
    h, w = len(m), len(m[0])
    if op in ("dilate", "dil") and n:
        out = [[zero] * ((w - 1) * n + 1) for _ in range((h - 1) * n + 1)]
        for r in range(h):
            for c in range(w):
                out[r * n][c * n] = m[r][c]
        return out
    if op == "pad" and n is not None:
        out = [[zero] * (w + 2 * n) for _ in range(h + 2 * n)]
        for r in range(h):
            for c in range(w):
                out[r + n][c + n] = m[r][c]
        return out
    if (op == "rot" and n == 180) or op in ("rot180", "flip"):
        return [row[::-1] for row in m[::-1]]
    return None


def _apply(op: str, n: int | None, m: Cells) -> Cells | None:
    return apply_operator(op, n, m, "0")


def _show(m: Cells) -> str:
    return "[" + "; ".join(" ".join(r) for r in m) + "]"


def judge_literal_operator(text: str) -> dict | None:
    """The verdict of OP(written matrix) = written matrix (None: not such a claim)."""
    m = _CLAIM.match(text)
    if m is None:
        return None
    op, n = m.group(1), int(m.group(2)) if m.group(2) else None
    inner, claimed = _cells(m.group(4)), _cells(m.group(7))
    if inner is None or claimed is None:
        return None
    truth = _apply(op, n, inner)
    if truth is None:
        return None
    if m.group("t"):
        truth = [list(r) for r in zip(*truth, strict=True)]
    name = f"{op}_{n}" if n is not None else op
    if claimed == truth:
        return finding(
            VERIFIED, f"{name} of the matrix written out is the one written, cell by cell"
        )
    size = f"{len(truth)}x{len(truth[0])}"
    return finding(WRONG, f"{name} of the matrix written out is {size}: {_show(truth)}")
