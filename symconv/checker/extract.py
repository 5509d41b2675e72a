"""Finding the mathematics in Markdown or LaTeX notes, with line numbers.

Recognised: ``$...$`` (on one line), ``$$...$$``, ``\\[...\\]``, ``\\(...\\)`` and top-level
``equation``/``align``/``gather``/``multline`` environments (over several lines) and
GitHub's fenced ``math`` blocks; other fenced code blocks are skipped.  Also recognised,
because the checker needs them:

* front matter, a ``---`` block of ``key: value`` lines at the top;
* directives, ``% symconv: layer=conv1d input=4 kernel=2`` or ``<!-- symconv: ... -->`` on
  a line of their own, which set the layer from that line on;
* the prose-math mark ``<!-- symconv: prose-math -->`` (``% symconv: prose-math``) on a line
  of its own: the math from there to the next blank line is a figure or an illustration
  (symconv's own notes mark theirs), skipped and not counted;
* with a network, layer labels (``- **C1:**``, ``### Forward pass (C1)``) and table rows
  (tab- or ``|``-separated, as seed 000's parameter table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from symconv.checker.declared import parse_pairs
from symconv.checker.site_metadata import foreign_block
from symconv.errors import SymconvError
from symconv.printing.notation import PROSE_MARK

_DIRECTIVE = re.compile(r"^\s*(?:%+|<!--)\s*symconv\s*:(.*?)(?:-->)?\s*$")
_PROSE = re.compile(
    r"^\s*(?:%+|<!--)\s*" + re.escape(PROSE_MARK).replace(":", r"\s*:\s*") + r"\s*(?:-->)?\s*$"
)
_ENVS = (
    "equation",
    "equation*",
    "align",
    "align*",
    "gather",
    "gather*",
    "multline",
    "multline*",
    "eqnarray",
    "eqnarray*",
    "flalign",
    "flalign*",
    "displaymath",
)
_BEGIN_ENV = re.compile(r"\\begin\{(" + "|".join(re.escape(e) for e in _ENVS) + r")\}")
_FENCE = re.compile(r"^\s*(```|~~~)")
_MATH_FENCE = re.compile(r"^\s*(```|~~~)\s*math\s*$")  # GitHub's fenced math block
# one inline formula of a prose line, $...$ (not a display's $$) or \(...\): group 1 or 2
INLINE_MATH = re.compile(r"(?<!\$)\$([^$]+)\$(?!\$)|\\\((.+?)\\\)")
_COMMENT = re.compile(r"(?<!\\)%.*$")
_HEADING = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|\*\*|\\(?:sub)*section\*?\{)")
ALIASES = {"Entrada": "Input", "Input": "Input", "Salida": "Output", "Output": "Output"}


@dataclass
class Event:
    kind: str  # math, directive, heading, table, unclosed
    line: int
    text: str = ""
    in_table: bool = False
    cells: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)


def is_directive(line: str) -> bool:
    """``% symconv: ...`` or ``<!-- symconv: ... -->`` on a line of its own."""
    return _DIRECTIVE.match(line) is not None


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """The ``---`` block's settings and the number of lines it takes (0 without one)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 0
    foreign = foreign_block(lines)  # a blog's metadata (title, layout, date): no settings
    if foreign is not None:
        return {}, foreign
    found: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped in ("---", "..."):
            return found, number
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition(":")
        if not sep or not value.strip():
            raise SymconvError(f"front matter line {number}: {stripped!r} is not 'key: value'")
        found.update(
            parse_pairs(
                f"{key.strip()}={value.strip().replace(' ', '')}", f"front matter line {number}"
            )
        )
    raise SymconvError("front matter: the '---' block opened on line 1 is never closed")


def scan(text: str, skip: int = 0, latex: bool = False) -> list[Event]:
    """Events in document order: directives, headings, table rows and math blocks.
    In a LaTeX file (``latex``), text after an unescaped ``%`` is a comment."""
    events: list[Event] = []
    lines = text.split("\n")
    in_code = False
    table_header: list[str] | None = None
    pending: tuple[str, int, list[str]] | None = None  # (closer, start line, buffer)
    prose = False  # inside a prose-math region: its math is skipped
    for number, line in enumerate(lines, start=1):
        if number <= skip:
            continue
        cells = None
        if pending is None:
            if not line.strip():
                prose = False
            if _PROSE.match(line) and not in_code:
                prose = True
                continue
            fence = None if in_code else _MATH_FENCE.match(line)
            if fence:
                pending = (fence.group(1), number + 1, [])
                continue
            if _FENCE.match(line):
                in_code = not in_code
                continue
            if in_code:
                continue
            directive = _DIRECTIVE.match(line)
            if directive:
                events.append(
                    Event(
                        "directive",
                        number,
                        settings=parse_pairs(
                            directive.group(1), f"line {number}: symconv directive"
                        ),
                    )
                )
                continue
        if latex:
            line = _COMMENT.sub("", line)
        if pending is None:
            cells, table_header = _structure(line, number, table_header, events)
        start = len(events)
        pending = _math_in_line(line, number, pending, events)
        if prose:
            events[start:] = [e for e in events[start:] if e.kind != "math"]
        if cells is not None and pending is None:
            for event in events[start:]:
                event.in_table = True
    if pending is not None:
        events.append(Event("unclosed", pending[1], "".join(pending[2])))
    return events


_SEPARATOR = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?")


def _structure(line: str, number: int, header: list[str] | None, events: list[Event]):
    """A table row (the first row of a table is its header) or a heading: (cells, header)."""
    if header is not None and _SEPARATOR.fullmatch(line.strip()):
        return None, header  # |---|---|: the header row stays the table's header
    cells = _cells(line)
    if cells is not None:
        if header is None:
            return cells, cells
        events.append(Event("table", number, line, cells=cells, header=header))
        return cells, header
    if _HEADING.match(line):
        events.append(Event("heading", number, line))
    return None, None


def _cells(line: str) -> list[str] | None:
    if line.count("\t") >= 2:
        return [c.strip() for c in line.split("\t")]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 4:
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        return None if all(re.fullmatch(r":?-{2,}:?", c) for c in cells) else cells
    return None


def heading_level(line: str) -> int:
    """``### Forward pass`` -> 3; ``\\subsection{...}`` -> 2; a bullet or bold label -> 9
    (below every heading: it names the layer of the lines under it)."""
    stripped = line.lstrip()
    hashes = len(stripped) - len(stripped.lstrip("#"))
    if hashes:
        return hashes
    tex = re.match(r"\\((?:sub)*)section\*?\{", stripped)
    return 1 + len(tex.group(1)) // 3 if tex else 9


def label(line: str, names: list[str]) -> str | None:
    """The network layer a heading or bullet names; "" for a heading naming none (a new
    section has no current layer); None for a bullet naming none (no change)."""
    for word in re.findall(r"[A-Za-z]+[0-9]*", line):
        if word in names or word in ALIASES:
            return ALIASES.get(word, word)
    return "" if line.lstrip().startswith("#") else None


def _math_in_line(line: str, number: int, pending, events: list[Event]):
    pos, opened = 0, 0
    glued: tuple[int, int] | None = None  # (event, end) of this line's last math span
    while pos <= len(line):
        if pending is not None:
            closer, start, buffer = pending
            end = line.find(closer, pos)
            if end < 0:
                buffer.append(line[pos:] + "\n")
                return pending
            buffer.append(line[pos:end])
            content = "".join(buffer)
            if closer.startswith("\\end"):
                content = closer.replace("\\end", "\\begin") + content + closer
            glued = _glue(line, opened, glued, events, Event("math", start, content))
            pending, pos = None, end + len(closer)
            glued = (glued[0], pos) if glued else None
            continue
        opener = _next_opener(line, pos)
        if opener is None:
            return None
        at, kind = opener
        if kind == "$":
            end = _closing_dollar(line, at + 1)
            if end is None:
                pos = at + 1
                continue
            glued = _glue(line, at, glued, events, Event("math", number, line[at + 1 : end]))
            pos = end + 1
            glued = (glued[0], pos) if glued else None
            continue
        closer = {"$$": "$$", "\\[": "\\]", "\\(": "\\)"}.get(
            kind, kind.replace("\\begin", "\\end")
        )
        pending = (closer, number, [])
        pos, opened = at + len(kind), at
    return pending


_GLUE = re.compile(r"\s*=\s*[(\[]?\s*")


def _glue(line: str, at: int, glued, events: list[Event], event: Event) -> tuple[int, int]:
    """Append a math span; a span after ``$$O_{f,i,j}$$ = ($$`` on one line continues the
    one before (a formula split across spans, the relation in prose): one event."""
    if (
        glued is not None
        and events[glued[0]].kind == "math"
        and _GLUE.fullmatch(line[glued[1] : at])
    ):
        before = events[glued[0]]
        before.text = f"{before.text} {line[glued[1] : at].strip()} {event.text}"
        return glued
    events.append(event)
    return len(events) - 1, 0


def _next_opener(line: str, pos: int) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for m in re.finditer(r"\\\\|\\\$|\$\$|\$|\\\[|\\\(", line[pos:]):
        token = m.group(0)
        if token in ("\\$", "\\\\"):  # an escaped dollar; a line break (\\[1ex] too)
            continue
        best = (pos + m.start(), token)
        break
    env = _BEGIN_ENV.search(line, pos)
    if env and (best is None or env.start() < best[0]):
        return env.start(), env.group(0)
    return best


def _closing_dollar(line: str, start: int) -> int | None:
    i = start
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == "$":
            return i if i > start else None
        i += 1
    return None
