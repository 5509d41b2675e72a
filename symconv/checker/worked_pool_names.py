"""What a pooling worked example gives, under the notes' own names.

Notes write a pool's example in their own letters: "the map of entrance is $A$ ... $A =
\\begin{pmatrix} ... \\end{pmatrix}$, $G = ...$", "after the ReLU we have $A = [...]$ ...
the layer above sends back $\\frac{\\partial L}{\\partial P} = [...]$".  This module reads,
in document order, every statement ``name = [numbers]`` and classifies its left side: a
value (one letter), a gradient (``\\frac{\\partial L}{\\partial P}``, ``dP``, G, g,
\\delta), or a pool applied to a letter (``\\operatorname{maxpool}(A)``).  Which value is
the pool's input is then decided by shapes and by the claim (:mod:`.worked_pool`).

The pool itself (max or average, window, stride) is what the prose says last before the
claim ("Max pooling 2x2 with stride 2", "Take max pooling $3 \\times 3$ with stride 1", "With
average pooling instead"), never guessed: a window without its stride is not read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from symconv.checker.worked_numbers import Matrix, _sides, matrix_of

_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle|\\!")
_DECOR = re.compile(r"\\(?:mathbf|mathcal|boldsymbol|bm|mathrm|text)\s*\{\s*([^{}]*)\}")
_LOSS = r"(?:\\mathcal\{?[LEJC]\}?|[LEJC]|\\ell)"
# dL/dN as the notes write it, N one letter (the tensor) with no indices
_GRADIENT_OF = re.compile(
    rf"^(?:\\[dt]?frac\{{\\partial{_LOSS}\}}\{{\\partial([A-Za-z])\}}|\\partial{_LOSS}/\\partial"
    rf"([A-Za-z])|d([A-Za-z])|\\nabla_\{{?([A-Za-z])\}}?{_LOSS}|\\delta_\{{?([A-Za-z])\}}?)$"
)
_GRADIENT_BARE = re.compile(r"^(?:G|g|\\delta|\\Delta)$")
_POOL_CALL = re.compile(
    r"^(?:\\operatorname|\\text|\\mathrm)?\{?(max|avg|average|mean)_?pool(?:ing)?\}?\(([A-Za-z])\)$",
    re.I,
)
_LETTER = re.compile(r"^([A-Za-z])$")


@dataclass(frozen=True)
class Given:
    """One ``name = [numbers]`` of the notes: kind "value", "gradient" or "pooled"."""

    line: int
    kind: str
    letter: str | None  # the value's letter, the letter a gradient is of, the pooled one
    numbers: Matrix
    op: str | None = None  # of a pool call: "max" or "avg"


def clean(side: str) -> str:
    """A side without spaces and font commands (``\\mathbf{A}`` is A)."""
    side = _SPACES.sub("", side)
    for _ in range(2):
        side = _DECOR.sub(r"\1", side)
    return side


def classify(side: str) -> tuple[str, str | None, str | None] | None:
    """(kind, letter, op) of a left side, or None for any other name."""
    name = clean(side)
    m = _GRADIENT_OF.match(name)
    if m:
        return "gradient", next(g for g in m.groups() if g), None
    if _GRADIENT_BARE.match(name):
        return "gradient", None, None
    m = _POOL_CALL.match(name)
    if m:
        return "pooled", m.group(2), "max" if m.group(1).lower() == "max" else "avg"
    m = _LETTER.match(name)
    if m:
        return "value", m.group(1), None
    return None


@functools.lru_cache(maxsize=4)
def numbers_in(document: str) -> tuple[Given, ...]:
    """Every ``name = [numbers]`` statement of the document, in order."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    found = []
    for event in scan(document):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            sides = _sides(piece.text)
            if len(sides) < 2:
                continue
            numbers = matrix_of(sides[-1])
            kind = classify(sides[0])
            if numbers is None or kind is None or len(sides) > 2:
                continue
            at = event.line + event.text[: piece.offset].count("\n")
            found.append(Given(at, kind[0], kind[1], numbers, kind[2]))
    return tuple(found)


# ---------------------------------------------------------------- the pool the prose names
_MAX = r"max(?:imum)?[- ]?pool(?:ing)?|maxpool|pool(?:ing)?\s+(?:max(?:imum)?|m[áa]ximo)"
_AVG = (
    r"(?:average|avg|mean)[- ]?pool(?:ing)?|avgpool|pool(?:ing)?\s+(?:promedio|medio|m[ée]dio)"
)
_OP = re.compile(rf"(?P<max>{_MAX})|(?P<avg>{_AVG})", re.I)
_SIZE = re.compile(r"(\d+)\s*\}?\s*(?:\\times|x|×|\\cdot)\s*\{?\s*(\d+)")
_STRIDE = re.compile(
    r"(?:stride|paso|passo|pas|step)\s*(?:of|de|=|:|\$|\s|s\s*=)*\s*(\d+)", re.I
)
# "as if it was average pooling": an op named only to say it is not the one used
_COUNTERFACTUAL = re.compile(r"(?:as if|como se|como si|comme si|like|instead of|not)\s+(?:it\s+)?"
                             r"(?:was|were|fosse|fuera|[eé]tait)?\s*(?:an?\s+)?$", re.I)
_HEADING = re.compile(r"^\s*(?:#{1,6}\s|={3,}\s*$|-{3,}\s*$)")


@dataclass(frozen=True)
class PoolWords:
    op: str | None
    kernel: tuple[int, int] | None
    stride: tuple[int, int] | None
    line: int


def _ops(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _OP.finditer(text):
        if _COUNTERFACTUAL.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        out.append((m.start(), m.end(), "max" if m.group("max") else "avg"))
    return out


def _window(text: str, ops: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The size written beside a pool's name (within a few characters either side)."""
    for m in _SIZE.finditer(text):
        for start, end, _ in ops:
            if 0 <= start - m.end() <= 25 or 0 <= m.start() - end <= 25:
                return int(m.group(1)), int(m.group(2))
    return None


def pool_words(lines: list[str], line: int, prefix: str) -> PoolWords | None:
    """The pool the prose names last before ``line`` (1-based; ``prefix``: the text of that
    line before the claim): its op from the nearest mention (a section's own first), its
    window and stride from the nearest line that states both."""
    texts = [*lines[: line - 1], prefix]
    op: str | None = None
    op_line = 0
    kernel = stride = None
    for at in range(len(texts) - 1, -1, -1):
        text = texts[at]
        ops = _ops(text)
        if op is None and ops:
            op, op_line = ops[-1][2], at + 1
        if kernel is None and ops:
            window = _window(text, ops)
            step = _STRIDE.search(text)
            if window is not None and step is not None:
                kernel, stride = window, (int(step.group(1)),) * 2
        if op is not None and kernel is not None:
            break
    if op is None:
        return None
    return PoolWords(op, kernel, stride, op_line)  # type: ignore[arg-type]
