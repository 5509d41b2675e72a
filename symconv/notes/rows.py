"""Rows of a displayed equation that fit the page: long right sides broken at a relation,
a plus or minus, or (failing those) between two factors.

pdflatex does not break display math, so a row wider than the text overflows the margin
(an "Overfull \\hbox" in the log) and runs off a phone screen in HTML.  :func:`width`
estimates how wide a formula prints, in points at 11 pt, from its LaTeX: fractions as
wide as their wider part, scripts at 70 %, display sums as wide as their limits,
matrices column by column.  It is an estimate tuned on pdflatex's logs of every
generated document (tests/notes/test_notes_layout.py compiles them and reads the logs).
"""

from __future__ import annotations

import re

# The text is 17 cm (A4 with 2 cm margins) = 483 pt; the number (n) and the gap before
# it take about 40 pt, and the estimate (within 10 % of pdflatex on most rows) is kept on
# the safe side.
TEXT_WIDTH = 400.0
MIN_RHS = 200.0  # a right side never gets less room than this, however wide its left side
SCRIPT = 0.7
_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\{|\}|\s+|.", re.S)
_WORD_WIDTH = {
    "quad": 11.0,
    "qquad": 22.0,
    ",": 1.8,
    ";": 3.1,
    ":": 2.4,
    "!": 0.0,
    "cdot": 8.0,
    "times": 13.0,
    "star": 12.0,
    "otimes": 13.0,
    "odot": 13.0,
    "le": 14.7,
    "ge": 14.7,
    "leq": 14.7,
    "geq": 14.7,
    "in": 13.0,
    "top": 8.5,
    "partial": 6.0,
    "infty": 11.0,
    "circ": 5.5,
    "ldots": 14.0,
    "cdots": 14.0,
    "sum": 16.0,
    "prod": 14.0,
    "lfloor": 5.0,
    "rfloor": 5.0,
    "mid": 8.0,
    "prime": 3.0,
    "delta": 5.0,
    "mathbb": 0.0,
}
_CHAR_WIDTH = {
    "+": 13.0,
    "-": 13.0,
    "=": 14.7,
    "<": 14.7,
    ">": 14.7,
    ",": 4.5,
    "(": 4.3,
    ")": 4.3,
    "[": 3.1,
    "]": 3.1,
    "|": 3.1,
    "'": 3.0,
    ".": 3.1,
    "/": 5.5,
}
_FRAC = {"frac", "dfrac", "tfrac"}
_FUNCTIONS = {"tanh", "sin", "cos", "exp", "log", "max", "min", "det", "sinh", "cosh"}
_TEXTUAL = {"text", "operatorname", "mathrm", "textbf", "texttt", "textit"}
_WRAPPERS = {
    "mathbf",
    "hat",
    "mathcal",
    "displaystyle",
    "boldsymbol",
    "bar",
    "tilde",
    "mathit",
    "mathbb",
    "overline",
    "underline",
}
_RELATIONS = {"=", "<", ">", r"\le", r"\ge", r"\leq", r"\geq", r"\approx", r"\equiv"}


def _tokens(tex: str) -> list[str]:
    return _TOKEN.findall(tex)


def _group(tokens: list[str], k: int) -> tuple[list[str], int]:
    """The argument starting at ``tokens[k]``: a braced group or one token."""
    while k < len(tokens) and tokens[k].isspace():
        k += 1
    if k >= len(tokens):
        return [], k
    if tokens[k] != "{":
        return [tokens[k]], k + 1
    depth, start = 0, k
    for j in range(k, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[j], 0)
        if depth == 0:
            return tokens[start + 1 : j], j + 1
    return tokens[start + 1 :], len(tokens)


def _environment(tokens: list[str], k: int) -> tuple[float, int]:
    """A matrix or array from ``\\begin`` at ``k``: the sum of its column widths."""
    name, j = _group(tokens, k + 1)
    if name and "".join(name) == "array":  # the column spec
        _, j = _group(tokens, j)
    depth, cells, row, start = 0, [], [], j
    for m in range(j, len(tokens)):
        t = tokens[m]
        depth += (t == r"\begin") - (t == r"\end") + (t == "{") - (t == "}")
        if depth < 0:  # our \end
            row.append(_measure(tokens[start:m]))
            cells.append(row)
            _, after = _group(tokens, m + 1)
            cols = max(len(r) for r in cells)
            widths = [max((r[c] for r in cells if c < len(r)), default=0) for c in range(cols)]
            return sum(widths) + 10.0 * cols + 12.0, after
        if depth == 0 and t in ("&", r"\\"):
            row.append(_measure(tokens[start:m]))
            if t == r"\\":
                cells.append(row)
                row = []
            start = m + 1
    return _measure(tokens[j:]), len(tokens)


def _measure(tokens: list[str]) -> float:
    total, k = 0.0, 0
    while k < len(tokens):
        t = tokens[k]
        if t.isspace() or t in ("{", "}", "&"):
            k += 1
            if t == "{":  # a plain group: its contents
                inner, k = _group(tokens, k - 1)
                total += _measure(inner)
            continue
        if t in ("_", "^"):
            first, k = _group(tokens, k + 1)
            width = SCRIPT * _measure(first)
            if k < len(tokens) and tokens[k] in ("_", "^"):  # sub and sup stack
                second, k = _group(tokens, k + 1)
                width = max(width, SCRIPT * _measure(second))
            total += width
            continue
        if t.startswith("\\"):
            name = t[1:]
            if name in _FRAC:
                top, k = _group(tokens, k + 1)
                bottom, k = _group(tokens, k)
                total += max(_measure(top), _measure(bottom)) + 2.4
                continue
            if name in _TEXTUAL:
                arg, k = _group(tokens, k + 1)
                total += 5.5 * len("".join(arg))
                continue
            if name in _WRAPPERS:
                arg, k = _group(tokens, k + 1)
                total += _measure(arg)
                continue
            if name in ("left", "right", "bigl", "bigr", "Bigl", "Bigr"):
                _, k = _group(tokens, k + 1)
                total += 5.0
                continue
            if name == "begin":
                width, k = _environment(tokens, k)
                total += width
                continue
            if name in ("sum", "prod"):  # display limits sit under and over the sign
                k += 1
                limits = [0.0]
                while k < len(tokens) and tokens[k] in ("_", "^", r"\limits"):
                    if tokens[k] == r"\limits":
                        k += 1
                        continue
                    arg, k = _group(tokens, k + 1)
                    limits.append(SCRIPT * _measure(arg))
                total += max(_WORD_WIDTH[name], *limits) + 3.0
                continue
            if name in ("textcolor", "cellcolor", "color"):  # the colour name takes no room
                _, k = _group(tokens, k + 1)
                continue
            if name in ("hline", "limits", "displaystyle"):
                k += 1
                continue
            if name in _FUNCTIONS:
                total += 5.5 * len(name) + 1.7
                k += 1
                continue
            if name in ("tag", "label"):
                _, k = _group(tokens, k + 1)
                continue
            total += _WORD_WIDTH.get(name, 6.5)
            k += 1
            continue
        total += _CHAR_WIDTH.get(t, 5.8 if t.isalpha() else 5.5)
        k += 1
    return total


def width(tex: str) -> float:
    """About how wide ``tex`` prints in display style, in points at 11 pt."""
    return _measure(_tokens(tex))


def _pieces(tex: str) -> list[tuple[str, str]]:
    """``tex`` cut at its top-level spaces: (kind of break before the piece, piece).

    The kind is "op" before a relation, + or -, "factor" between two factors, "" where
    no break is allowed (after an operator, or before the first piece)."""
    tokens = _tokens(tex)
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for t in tokens:
        depth += {"{": 1, "}": -1, r"\left": 1, r"\right": -1, r"\begin": 1, r"\end": -1}.get(t, 0)
        if t.isspace() and depth == 0:
            if current:
                pieces.append("".join(current))
                current = []
            continue
        current.append(t)
    if current:
        pieces.append("".join(current))
    out = []
    for k, piece in enumerate(pieces):
        before = pieces[k - 1] if k else None
        if (
            before is None
            or before in ("+", "-", *_RELATIONS)
            or before.startswith(r"\quad")
            or before in (r"\cdot", r"\times", r"\star", r"\otimes", r"\odot")
            or piece in (r"\cdot", r"\times", r"\star", r"\otimes", r"\odot")
        ):
            kind = ""
        elif piece in ("+", "-", *_RELATIONS):
            kind = "op"
        else:
            kind = "factor"
        out.append((kind, piece))
    return out


def break_row(rhs: str, room: float) -> list[str]:
    """``rhs`` as rows of at most ``room`` points where it can be broken; the first row
    keeps its start, the others are indented continuations (``\\quad``)."""
    if width(rhs) <= room:
        return [rhs]
    prefix = ""
    if rhs.startswith(r"\quad "):  # already a continuation
        prefix, rhs = r"\quad ", rhs[len(r"\quad ") :]
    pieces = _pieces(rhs)
    rows: list[list[tuple[str, str]]] = [[]]
    for kind, piece in pieces:
        row = rows[-1]
        candidate = " ".join(p for _, p in [*row, (kind, piece)])
        limit = room - (width(prefix) if len(rows) == 1 else width(r"\quad "))
        if row and width(candidate) > limit:
            cut = _cut(row, limit)
            if cut:
                rows[-1], rest = row[:cut], row[cut:]
                rows.append(rest)
        rows[-1].append((kind, piece))
    texts = [" ".join(p for _, p in row) for row in rows if row]
    return [prefix + texts[0]] + [r"\quad " + t for t in texts[1:]]


def _cut(row: list[tuple[str, str]], limit: float) -> int:
    """Where to end the current row: at the last relation or sign that leaves it at
    least half full, else at the last factor boundary; 0 when it cannot be broken."""
    for kinds in (("op",), ("op", "factor")):
        for k in range(len(row) - 1, 0, -1):
            if row[k][0] in kinds and (
                kinds != ("op",) or width(" ".join(p for _, p in row[:k])) >= limit / 2
            ):
                return k
    return 0


def fit_rows(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every row of an equation broken to fit beside the widest left side."""
    left = max((width(lhs) for lhs, _ in rows), default=0.0)
    room = max(TEXT_WIDTH - left, MIN_RHS)
    out = []
    for lhs, rhs in rows:
        for k, part in enumerate(break_row(rhs, room)):
            out.append((lhs if k == 0 else "", part))
    return out


def fits(tex: str, room: float = TEXT_WIDTH) -> bool:
    """Whether ``tex`` fits on one row of the page (a matrix or a figure cannot be broken,
    so the notes leave out one that does not fit rather than run off the page)."""
    return width(tex) <= room
