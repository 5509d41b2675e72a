"""The sizes a worked example's numbers state: "$X = \\begin{pmatrix} 2 & 0 & 1 \\\\ ...
\\end{pmatrix}$, $W = \\begin{pmatrix} 1 & 2 \\\\ -1 & 1 \\end{pmatrix}$", "Gegeben $x = (1, 2,
-1)$ und $w = (1, 0, 2)$".

A worked example gives its input and kernel as numbers rather than saying their sizes: a
matrix of r rows and c columns is an r x c map, a vector of n numbers a signal of n
samples (or a kernel of n taps).  So the input's side is its rows (and columns), the
kernel's side its rows where it is square, or its length.  Only the letters that name the
input (x, X) and the kernel (w, W, and K for a matrix: a tuple "K = (3, 3)" is a kernel
*size*) are read, and only numbers -- never a tuple of letters such as (N, C, H, W).  A
passage that gives the same letter two different sizes states neither (scope_facts keeps
every value, and two leave the fact in doubt).
"""

from __future__ import annotations

import re

_MATRIX = re.compile(
    r"(?<![\w\\])(?P<t>[xXwWK])\s*=\s*\\begin\{(?P<env>[pbvBV]?matrix)\}(?P<body>.*?)"
    r"\\end\{(?P=env)\}",
    re.S,
)
_NUMBER = r"\s*[-−]?\s*\d+(?:\.\d+)?\s*"
_VECTOR = re.compile(
    rf"(?<![\w\\])(?P<t>[xXwW])\s*=\s*(?:\\left)?\s*[(\[](?P<body>{_NUMBER}(?:,{_NUMBER})+)"
    r"(?:\\right)?\s*[)\]](?!\s*\^)"
)
_NUMERIC = re.compile(rf"^{_NUMBER}$")


def literal_size_facts(text: str) -> list[tuple[str, int]]:
    """(key, value) pairs of the sizes the passage's literal matrices and vectors state."""
    out: list[tuple[str, int]] = []
    for m in _MATRIX.finditer(text):
        rows = [r for r in re.split(r"\\\\", m.group("body")) if r.strip()]
        cells = [[c for c in r.split("&")] for r in rows]
        if not cells or not all(_NUMERIC.match(c) for r in cells for c in r):
            continue
        widths = {len(r) for r in cells}
        if len(widths) != 1:
            continue
        height, width = len(cells), widths.pop()
        if m.group("t") in "xX":
            out += [("in_h", height), ("in_w", width)]
        elif height == width:
            out.append(("k", height))
    for m in _VECTOR.finditer(text):
        n = len(m.group("body").split(","))
        out.append(("in_h" if m.group("t") in "xX" else "k", n))
        if m.group("t") in "xX":  # a signal's length, no side of a square map (bound_sizes)
            out.append(("length_1d", 1))
    return out
