"""Entries numbered flat, row by row: ``\\begin{pmatrix} i_1 & i_2 \\\\ i_3 & i_4 \\end{pmatrix}``.

Some notes number a matrix's entries 1..r*c (or 0..r*c-1) along its rows instead of by row
and column.  When every entry of a matrix literal is the same letter numbered so, in order,
the literal is rewritten with row and column indices (``i_{1,1} & i_{1,2} \\\\ i_{2,1} &
i_{2,2}``), so that sizes are inferred and claims read as for any matrix of entries.  A
superscript every entry shares (``i_1^1``, the layer or the sample) is a label, not a power,
and is dropped.  A letter still written with one index elsewhere in the same text keeps the
whole text unchanged (its flat entries could not be told apart from a vector's).
"""

from __future__ import annotations

import re

_MATRIX = re.compile(r"(\\begin\{([pbvBV]?matrix)\})(.*?)(\\end\{\2\})", re.S)
_ENTRY = re.compile(r"\s*([A-Za-z])_(?:\{\s*(\d+)\s*\}|(\d))(\^(?:\{\s*\d+\s*\}|\d))?\s*")
_FLAT_USE = r"(?<![A-Za-z\\]){letter}_(?:\{{\s*\d+\s*\}}|\d)"


def _rewrite(body: str) -> tuple[str, str] | None:
    """(letter, the body with row and column indices) for a flat-numbered body, else None."""
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    cells = [[c for c in row.split("&")] for row in rows]
    width = len(cells[0])
    if len(cells) < 2 or width < 2 or any(len(row) != width for row in cells):
        return None
    parsed = [_ENTRY.fullmatch(c) for row in cells for c in row]
    if any(m is None for m in parsed):
        return None
    letters = {m.group(1) for m in parsed}
    marks = {m.group(4) for m in parsed}
    numbers = [int(m.group(2) or m.group(3)) for m in parsed]
    base = numbers[0]
    if (
        len(letters) != 1
        or len(marks) != 1
        or base not in (0, 1)
        or numbers != list(range(base, base + len(numbers)))
    ):
        return None
    letter = letters.pop()
    out = " \\\\ ".join(
        " & ".join(f"{letter}_{{{r + base},{c + base}}}" for c in range(width))
        for r in range(len(cells))
    )
    return letter, f" {out} "


def rows_and_columns(text: str) -> str:
    """``text`` with each flat-numbered matrix literal indexed by row and column."""
    if "matrix" not in text:
        return text
    letters: set[str] = set()

    def swap(m: re.Match) -> str:
        found = _rewrite(m.group(3))
        if found is None:
            return m.group(0)
        letters.add(found[0])
        return m.group(1) + found[1] + m.group(4)

    rewritten = _MATRIX.sub(swap, text)
    if any(re.search(_FLAT_USE.format(letter=letter), rewritten) for letter in letters):
        return text
    return rewritten
