"""One block of math -> the statements it makes, each with its own line.

Notes pack several claims into one display: ``\\mathbf{W} = ..., \\quad \\mathbf{X} = ...``;
``f = 5, \\quad s = 1``; the rows of ``aligned``, ``cases`` and ``\\left\\{\\begin{array}``
systems; two equations joined by ``\\to``.  And they continue one equation over several
displays: a display starting with ``=`` continues the previous equation's left side (seed
001's eq. (8), seed 004's ``= \\begin{bmatrix}...``).  Splitting happens only at the top
level (outside braces, brackets and environments), so ``x_{r+a, c+b}`` stays whole.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

SYSTEMS = (
    "aligned",
    "align",
    "align*",
    "gathered",
    "gather",
    "gather*",
    "split",
    "eqnarray",
    "eqnarray*",
    "equation",
    "equation*",
    "multline",
    "multline*",
    "flalign",
    "flalign*",
    "alignat",
    "alignat*",
)
PIECEWISE = ("cases", "dcases", "array")
_BEGIN = re.compile(r"\\begin\s*\{([a-zA-Z]+\*?)\}")
_END = re.compile(r"\\end\s*\{([a-zA-Z]+\*?)\}")
_RELATION = re.compile(
    r"(?<![\\<>])=|\\(?:Rightarrow|implies|approx|neq|equiv|in|le|ge|leq|geq)"
    r"(?![a-zA-Z])|[<>]"
)
_EQUALS = re.compile(r"(?<![\\<>:])=|\\(?:approx|equiv)(?![a-zA-Z])")
_LEADING = re.compile(r"^\s*(?:=|\\approx(?![a-zA-Z]))")
# a row that goes on with the previous row's sum: "& \quad + ..." (symconv's own long rows)
_GOES_ON = re.compile(r"^\s*&?\s*(?:\\q?quad\s*)*[+\-](?!\s*$)")
_INDENT = re.compile(r"^\s*&?\s*(?:\\q?quad\s*)*")
_ARROWS = (r"\to", r"\rightarrow", r"\Rightarrow", r"\longrightarrow", r"\implies")
_NOISE = re.compile(
    r"\\(?:tag|label)\s*\{[^{}]*\}|\\(?:nonumber|notag)(?![a-zA-Z])"
    r"|\\textcircled\s*\{[^{}]*\}"
)
_NUMBER_TAG = re.compile(r"\s\(\s*[0-9]+[a-z]?'?\s*\)\s*$")
_BRACE_OPEN = re.compile(r"\\left\s*\\\{\s*(?=\\begin\s*\{(?:array|cases|aligned)\})")
_BRACE_CLOSE = re.compile(r"(\\end\s*\{(?:array|cases|aligned)\})\s*\\right\s*\.")


@dataclass(frozen=True)
class Piece:
    offset: int  # characters into the block, for the line number
    text: str


def _depth_scan(text: str):
    """Yield (index, depth) for every character, depth counting brackets and environments."""
    depth = i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            begin, end = _BEGIN.match(text, i), _END.match(text, i)
            if begin:
                yield i, depth
                depth += 1
                i = begin.end()
                continue
            if end:
                depth = max(0, depth - 1)
                yield i, depth
                i = end.end()
                continue
            if text.startswith(("\\{", "\\}"), i):
                depth += 1 if text[i + 1] == "{" else -1
                depth = max(depth, 0)
                yield i, depth
                i += 2
                continue
            yield i, depth
            i += 2 if i + 1 < len(text) and not text[i + 1].isalpha() else 1
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth = max(0, depth - 1)
        yield i, depth
        i += 1


def split_top(text: str, seps: tuple[str, ...]) -> list[tuple[int, str]]:
    """Split at separators that occur at depth 0; returns (offset, part) pairs."""
    parts, start, skip_to = [], 0, -1
    for i, depth in _depth_scan(text):
        if i < skip_to or depth:
            continue
        for sep in seps:
            if text.startswith(sep, i) and not (
                sep[-1].isalpha() and i + len(sep) < len(text) and text[i + len(sep)].isalpha()
            ):
                parts.append((start, text[start:i]))
                start = skip_to = i + len(sep)
                break
    parts.append((start, text[start:]))
    return parts


def has_relation(text: str) -> bool:
    return any(_RELATION.match(text, i) for i, d in _depth_scan(text) if d == 0)


def has_equals(text: str) -> bool:
    return any(_EQUALS.match(text, i) for i, d in _depth_scan(text) if d == 0)


def first_side(text: str) -> str | None:
    """The text before the first top-level relation (for a continuation)."""
    for i, depth in _depth_scan(text):
        if depth == 0 and _EQUALS.match(text, i):
            return text[:i].strip() or None
    return None


def starts_with_relation(text: str) -> bool:
    return bool(_LEADING.match(text))


_TRAILING_SPACE = re.compile(r"(?:\\[;:,! ]|\s)+$")


def statements(block: str) -> list[Piece]:
    """Every statement of one math block, with its offset in the block (a list of its
    own for each caller; the pieces are worked out once per block, as the checker and
    the readers of worked examples, definitions and numbers all ask for them)."""
    return list(_statements(block))


@functools.lru_cache(maxsize=512)
def _statements(block: str) -> tuple[Piece, ...]:
    block = _NOISE.sub(lambda m: " " * len(m.group(0)), block)
    # "\left\{ \begin{array} rows \end{array} \right." is a system of equations: drop the brace
    block = _BRACE_OPEN.sub(lambda m: " " * len(m.group(0)), block)
    block = _BRACE_CLOSE.sub(
        lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), block
    )
    found: list[Piece] = []
    for offset, part in _flatten(block, 0):
        for row_off, row in _split_rows(part):
            for off, cell in _split_claims(row):
                text = _NUMBER_TAG.sub("", cell)
                # a row ending in a spacing command (\; \: \,) must not lose half of it
                text = _TRAILING_SPACE.sub("", text).rstrip(".,;").strip()
                if text:
                    found.append(Piece(offset + row_off + off + _lead(cell), text))
    return tuple(found)


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _flatten(text: str, offset: int) -> list[tuple[int, str]]:
    """Replace top-level system environments by their rows (recursively)."""
    for i, depth in _depth_scan(text):
        begin = _BEGIN.match(text, i) if depth == 0 else None
        if not begin:
            continue
        name = begin.group(1)
        end = _matching_end(text, begin.end(), name)
        if end is None:
            return [(offset, text)]
        inner_start = begin.end()
        if name in ("array",):  # skip the column spec
            spec = re.match(r"\s*\{[^{}]*\}", text[inner_start:])
            inner_start += spec.end() if spec else 0
        inner = text[inner_start : end.start()]
        if name == "array":  # symconv's Markdown: {\displaystyle H} & {\displaystyle = ...}
            inner = _unbrace_cells(inner)
            text = text[:inner_start] + inner + text[end.start() :]
        before, after = text[:i], text[end.end() :]
        system = name in SYSTEMS or (
            name in PIECEWISE and not has_equals(before) and has_relation(inner)
        )
        if not system:
            continue
        rows: list[tuple[int, str]] = []
        for o, r in split_top(inner, ("\\\\",)):
            if rows and _GOES_ON.match(r):  # one equation broken over rows: one statement
                rows[-1] = (rows[-1][0], rows[-1][1] + " " + _going_on(r))
            elif (
                rows
                and name == "array"
                and r.strip()
                and (not has_relation(r) or not has_relation(rows[-1][1]))
            ):
                # symconv's Markdown breaks a long product over rows ("& \quad δ_{bb'} ..."),
                # or puts a long left side on a row of its own
                indent = _INDENT.match(r)
                rows[-1] = (rows[-1][0], rows[-1][1] + " " * (indent.end() + 1) + r[indent.end() :])
            else:
                rows.append((offset + inner_start + o, r))
        pieces: list[tuple[int, str]] = []
        if has_equals(before):
            pieces.append((offset, before))
        for o, r in rows:
            pieces.extend(_flatten(r, o))
        if after.strip() and has_relation(after):
            pieces.extend(_flatten(after, offset + end.end()))
        return pieces
    return [(offset, text)]


def _unbrace_cells(inner: str) -> str:
    """Each cell of an array written as one brace group (``{\\displaystyle ...}``) without
    its braces and ``\\displaystyle``, blanked to spaces so that offsets stay."""
    chars = list(inner)
    for row_off, row in split_top(inner, ("\\\\",)):
        for off, cell in split_top(row, ("&",)):
            body = cell.strip()
            start = row_off + off + len(cell) - len(cell.lstrip())
            if not (body.startswith("{") and body.endswith("}")) or _closing(body) != len(body) - 1:
                continue
            chars[start] = chars[start + len(body) - 1] = " "
            head = re.match(r"\{\s*\\displaystyle(?![a-zA-Z])", body)
            if head:
                chars[start : start + head.end()] = " " * head.end()
    return "".join(chars)


def _closing(text: str) -> int:
    """The index of the brace closing the one that opens ``text`` (-1: none)."""
    for i, depth in _depth_scan(text):
        if i and depth == 0 and text[i] == "}":
            return i
    return -1


def _going_on(row: str) -> str:
    """A continuation row from its sign on: its ``&`` and ``\\quad`` only indent it (a
    ``\\quad`` elsewhere separates claims)."""
    found = _GOES_ON.match(row)
    assert found is not None
    sign = found.end() - 1
    return " " * sign + row[sign:]


def _matching_end(text: str, start: int, name: str):
    level = 1
    for m in re.finditer(r"\\(begin|end)\s*\{([a-zA-Z]+\*?)\}", text[start:]):
        if m.group(2) != name:
            continue
        level += 1 if m.group(1) == "begin" else -1
        if level == 0:
            return re.compile(re.escape(m.group(0))).search(text, start + m.start())
    return None


def _split_rows(text: str) -> list[tuple[int, str]]:
    """Rows (``\\\\``), then alignment cells: ``a &= b & c &= d`` is two statements."""
    out = []
    for row_off, row in split_top(text, ("\\\\",)):
        cells = split_top(row, ("&",))
        merged: list[tuple[int, str]] = []
        for off, cell in cells:
            if merged and (
                starts_with_relation(cell)
                or not has_relation(merged[-1][1])
                or merged[-1][1].rstrip().endswith("=")
            ):  # eqnarray's a &=& b
                merged[-1] = (merged[-1][0], merged[-1][1] + cell)
            else:
                merged.append((off, cell))
        out.extend((row_off + off, cell) for off, cell in merged)
    return out


def _split_claims(text: str) -> list[tuple[int, str]]:
    """Split at ``\\quad``, at commas between claims and at arrows between equations."""
    out = []
    for off, part in split_top(text, ("\\qquad", "\\quad", "\\;\\;")):
        pieces = split_top(part, (",",))
        merged: list[tuple[int, str]] = []
        for p_off, piece in pieces:
            if merged and not (has_relation(merged[-1][1]) and has_relation(piece)):
                merged[-1] = (merged[-1][0], merged[-1][1] + "," + piece)
            else:
                merged.append((p_off, piece))
        for m_off, claim in merged:
            out.extend((off + m_off + a_off, a) for a_off, a in _split_arrows(claim))
    return out


def _split_arrows(text: str) -> list[tuple[int, str]]:
    """``y = x * w \\to y[i] = ...`` is two equations; ``p = 2 \\Rightarrow 28 \\times 28``
    is one implication (its right side is not an equation)."""
    parts = split_top(text, _ARROWS)
    if len(parts) < 2 or not all(has_equals(p) for _, p in parts):
        if parts and len(parts) > 1 and not parts[0][1].strip():
            return [(o, p) for o, p in parts[1:] if has_equals(p)]
        return [(0, text)]
    return parts
