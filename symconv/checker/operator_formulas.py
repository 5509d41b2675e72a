"""The notes' own definition of an operator symbol, written entry by entry.

"$(a \\star b)_k = \\sum_i a_{i+k} b_i$ est la corrélation et $(a \\ast b)_k = \\sum_i
a_{i+k} b_{m-1-i}$ la convolution", "$(X \\circledast K)[i,j] = \\sum_{u,v} X[i+u, j+v]
K[k-1-u, k-1-v]$", "$\\operatorname{flip}(K)[u,v] = K[k-1-u, k-1-v]$".  Such a statement
says what the notes' symbol means: it claims nothing about the layer, and judging it as a
formula of the layer (X the input, K the kernel, k a free index) calls a definition wrong.
So the statement is left unjudged, and what it defines is read for the notes' other claims:

- a binary symbol whose definition slides the second operand over the first (``A[o + s]
  B[s]`` on every axis) is the valid cross-correlation, the checker's ``\\star``;
- one that walks the second operand backwards (``A[o + s] B[L - 1 - s]``, 0-based, or
  ``A[o + s - 1] B[L + 1 - s]``, 1-based, L a size letter) is the valid convolution with
  the kernel flipped;
- any other sum of products of the two operands' entries (a full convolution ``x_m
  w_{t-m}``, a shifted window) is "unknown": the statement is still a definition, but no
  meaning is carried.  A right side that is not such a sum (a number, a gradient) makes
  the statement a claim, judged as before.

The index expressions are parsed as integer-linear forms in single letters (``i+k``,
``m-1-i``, ``2u``); nothing is evaluated.  A unary flip/rot180 is the standard operator
whose definition can be checked by its form alone: ``K[L-1-u, L-1-v]`` (0-based) or
``K[L+1-u, ...]`` (1-based) reverses every axis, so only that form is taken as a
definition; any other (``W[k-u, k-v]`` in 0-based notes, off by one) is left to the
element-wise judge, which may call it wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache

CORRELATION = "correlation"
CONVOLUTION = "convolution"
UNKNOWN = "unknown"

# the binary symbols notes define entry by entry; * and \ast are one symbol
_BINARY = r"\\star|\\ast|\*|\\circledast|\\otimes"
_NAME = r"\\[A-Za-z]+|[A-Za-z]"
# one entry: (A \star B)[i,j], (a \ast b)_k, (A \star B)_{i,j}, (A \star B)(i,j)
_INDEX = r"(?:\[([^\[\]=]*)\]|_\s*\{([^{}=]*)\}|_\s*([A-Za-z])|\(([^()=]*)\))"
_BINARY_LEFT = re.compile(
    rf"^\s*\(\s*({_NAME})\s*({_BINARY})\s*({_NAME})\s*\)\s*{_INDEX}\s*=(?!=)\s*(.+)$", re.DOTALL
)
_UNARY_NAME = (
    r"\\(?:operatorname|mathrm|text|mathit)\s*\{\s*(flip|rot\s*180|rot)\s*\}"
    r"(?:\s*_\s*(?:\{\s*180\s*\}|180))?"
)
_UNARY_LEFT = re.compile(
    rf"^\s*{_UNARY_NAME}\s*\(\s*({_NAME})\s*\)\s*{_INDEX}\s*=(?!=)\s*(.+)$", re.DOTALL
)
# layout: thin spaces, \left/\right, \big sizes, \cdot between the factors
_LAYOUT = re.compile(r"\\[,;:! ]|\\(?:left|right|bigl?|bigr?|Bigl?|Bigr?)(?![A-Za-z])|~")
_SUM = re.compile(r"^\s*\\sum\s*(?:_\s*(\{[^{}]*\}|[A-Za-z]))?\s*(?:\^\s*(\{[^{}]*\}|\w))?")
_FACTOR = re.compile(rf"\s*({_NAME})\s*{_INDEX}")
_TERM = re.compile(r"([+-]?)\s*(\d*)\s*\*?\s*([A-Za-z]?)")


def _index_text(groups: tuple[str | None, ...]) -> str:
    return next(g for g in groups if g is not None)


def _linear(expression: str) -> tuple[dict[str, int], int] | None:
    """``i + k`` -> ({i: 1, k: 1}, 0); ``m-1-i`` -> ({m: 1, i: -1}, -1); None where the
    expression is not an integer-linear form in single letters."""
    text = re.sub(r"\s+", "", expression)
    if not text:
        return None
    coefficients: dict[str, int] = {}
    constant, pos = 0, 0
    while pos < len(text):
        m = _TERM.match(text, pos)
        if m is None or m.end() == pos or not (m.group(2) or m.group(3)):
            return None
        if pos > 0 and not m.group(1):
            return None  # "2i" then "k" without a sign: a product, not read
        sign = -1 if m.group(1) == "-" else 1
        number = int(m.group(2)) if m.group(2) else 1
        if m.group(3):
            coefficients[m.group(3)] = coefficients.get(m.group(3), 0) + sign * number
        else:
            constant += sign * number
        pos = m.end()
    return {k: v for k, v in coefficients.items() if v}, constant


def _indices(text: str) -> list[tuple[dict[str, int], int]] | None:
    parts = [_linear(p) for p in text.split(",")]
    return None if any(p is None for p in parts) else parts  # type: ignore[return-value]


def _factors(right: str) -> list[tuple[str, str]] | None:
    """The right side's sums stripped, the rest as (name, index text) factors; None where
    anything else stands there (a sign, a bias, a sum of terms)."""
    rest = _LAYOUT.sub(" ", right).strip().rstrip(".,;")
    rest = re.sub(r"\\cdot(?![A-Za-z])", " ", rest)
    while rest.lstrip().startswith("\\sum") and (m := _SUM.match(rest)) is not None:
        rest = rest[m.end() :]
    found, pos = [], 0
    while pos < len(rest.rstrip()):
        m = _FACTOR.match(rest, pos)
        if m is None:
            return None
        found.append((m.group(1), _index_text(m.groups()[1:])))
        pos = m.end()
    return found


def _binary_meaning(first: str, second: str, outputs: list[str], right: str) -> str | None:
    """CORRELATION, CONVOLUTION or UNKNOWN for ``(first OP second)[outputs] = right``; None
    where the right side is not a sum of products of the two operands' entries (``(X \\star
    W)[i,j] = \\frac{\\partial L}{\\partial Y}[i,j]`` relates the operation to the layer: a
    claim, not a definition)."""
    factors = _factors(right)
    if factors is None or len(factors) != 2 or {n for n, _ in factors} != {first, second}:
        return None
    index = dict(factors)
    a, b = _indices(index[first]), _indices(index[second])
    if a is None or b is None or not (len(a) == len(b) == len(outputs)):
        return UNKNOWN
    kinds = set()
    for out, (ca, ka), (cb, kb) in zip(outputs, a, b, strict=True):
        slide = [s for s in ca if s != out]
        if ca.get(out) != 1 or len(slide) != 1 or ca[slide[0]] != 1 or out in cb:
            return UNKNOWN  # A[o + s] on every axis: the window starts at the output index
        s = slide[0]
        if cb == {s: 1} and kb == 0 and ka in (0, -1):
            kinds.add(CORRELATION)  # B[s]: 0-based A[o + s], 1-based A[o + s - 1]
            continue
        sizes = [name for name in cb if name != s]
        if (
            cb.get(s) == -1
            and len(sizes) == 1
            and cb[sizes[0]] == 1
            and sizes[0] not in outputs
            and (ka, kb) in ((0, -1), (-1, 1))
        ):
            kinds.add(CONVOLUTION)  # B[L - 1 - s] (0-based), B[L + 1 - s] (1-based)
            continue
        return UNKNOWN
    return kinds.pop() if len(kinds) == 1 else UNKNOWN


def _outputs(text: str) -> list[str] | None:
    names = [p.strip() for p in text.split(",")]
    if not names or any(not re.fullmatch(r"[A-Za-z]", n) for n in names):
        return None
    return names if len(set(names)) == len(names) else None


def _symbol(op: str) -> str:
    return "\\ast" if op in ("*", "\\ast") else op


def defined_symbol(text: str) -> tuple[str, str] | None:
    """(symbol, meaning) when the statement defines an operator symbol entry by entry:
    ``(A \\star B)[i,j] = \\sum ...`` or a flip written in its standard form; else None."""
    cleaned = _LAYOUT.sub(" ", text)
    m = _BINARY_LEFT.match(cleaned)
    if m is not None:
        first, op, second = m.group(1), m.group(2), m.group(3)
        outputs = _outputs(_index_text(m.groups()[3:7]))
        if outputs is None or first == second:
            return None
        meaning = _binary_meaning(first, second, outputs, m.group(8))
        return None if meaning is None else (_symbol(op), meaning)
    m = _UNARY_LEFT.match(cleaned)
    if m is None:
        return None
    name, outputs = m.group(2), _outputs(_index_text(m.groups()[2:6]))
    factors = _factors(m.group(7))
    if outputs is None or factors is None or len(factors) != 1 or factors[0][0] != name:
        return None
    index = _indices(factors[0][1])
    if index is None or len(index) != len(outputs):
        return None
    for out, (coefficients, constant) in zip(outputs, index, strict=True):
        sizes = [n for n in coefficients if n != out]
        if not (
            coefficients.get(out) == -1
            and len(sizes) == 1
            and coefficients[sizes[0]] == 1
            and sizes[0] not in outputs
            and constant in (-1, 1)
        ):
            return None  # not the reversal of every axis: left to the element-wise judge
    return "flip", "flip"


_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$]+)\$|\\\[(.+?)\\\]", re.DOTALL)


@lru_cache(maxsize=8)  # asked once per claim of a document
def symbol_meanings(document: str) -> dict[str, str]:
    """{symbol: CORRELATION | CONVOLUTION | UNKNOWN} for every binary symbol the notes
    define entry by entry; a symbol defined twice, differently, is UNKNOWN."""
    found: dict[str, set[str]] = {}
    for m in _MATH.finditer(document):
        math = next(g for g in m.groups() if g is not None)
        for piece in re.split(r"\\q?quad(?![A-Za-z])|\\\\", math):
            defined = defined_symbol(piece)
            if defined is not None and defined[0] != "flip":
                found.setdefault(defined[0], set()).add(defined[1])
    return {k: next(iter(v)) if len(v) == 1 else UNKNOWN for k, v in found.items()}
