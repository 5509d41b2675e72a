"""A worked example's input or kernel given by a formula in its own indices: "use $X[i,j] =
i - j$", "take $w_{u,v} = u + 2v$" (given_entries.py sets such a statement aside as no
claim).  Those numbers are as given as a matrix written out: this module lays the formula on
the layer's grid, so the worked example's claims are judged at them.

Why the numbers are the notes' own: the formula names only the entry's index letters,
numbers and arithmetic, so each entry's value is the formula at that entry's indices, counted
from the notes' index base (0-based: the top-left entry is X[0,0]; 1-based: X[1,1]), the
first index the row and the second the column, as ``X[i,j]`` and ``x_{ij}`` write them.  The
formula is read by a small parser of exact arithmetic (numbers, the index letters, ``+ - *
/ ^``, ``\\cdot``, ``\\times``, ``\\frac{..}{..}``, brackets, a product by juxtaposition):
Fractions, nothing evaluated by Python or SymPy.  Anything else (a function, an unknown
letter, a power that is not a small whole number) reads as no formula, and nothing is given.
"""

from __future__ import annotations

import contextvars
import functools
import re
from fractions import Fraction

from symconv.checker.given_entries import _ENTRY, _index_letters, defines_entries

Matrix = list[list[Fraction]]

_ROLES = ("X", "W")  # a 2-D one-channel layer's given tensors (a bias is a single number)
_SPACING = re.compile(r"\\[,;:! ]|\\q?quad|\\left|\\right|\\displaystyle")
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<frac>\\[dt]?frac)(?![A-Za-z])|"
    r"(?P<times>\\cdot|\\times)(?![A-Za-z])|(?P<letter>[A-Za-z])|(?P<op>[-+*/^(){}\[\]]))"
)
_MAX_POWER = 8
# a worked example's grid is small; a formula laid on a 224x224 input is no example's numbers
_MAX_ENTRIES = 1024


class _Unread(Exception):
    """The formula is not one this reader takes."""


def _tokens(text: str) -> list[str]:
    text = _SPACING.sub(" ", text).strip()
    out: list[str] = []
    at = 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        m = _TOKEN.match(text, at)
        if m is None or m.end() == at:
            raise _Unread(text[at:])
        kind = m.lastgroup or ""
        value = m.group(kind)
        out.append("*" if kind == "times" else "\\frac" if kind == "frac" else value)
        at = m.end()
    return out


class _Parser:
    """expr := term (± term)*; term := unary ((*|/|juxtaposition) unary)*;
    unary := ± unary | power; power := atom (^ atom)?; atom := number | index letter |
    (expr) | {expr} | [expr] | \\frac{expr}{expr}."""

    def __init__(self, tokens: list[str], values: dict[str, int]) -> None:
        self.tokens, self.at, self.values = tokens, 0, values

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, want: str | None = None) -> str:
        token = self.peek()
        if token is None or (want is not None and token != want):
            raise _Unread(f"expected {want}")
        self.at += 1
        return token

    def whole(self) -> Fraction:
        value = self.expr()
        if self.peek() is not None:
            raise _Unread("trailing")
        return value

    def expr(self) -> Fraction:
        value = self.term()
        while self.peek() in ("+", "-"):
            sign = self.take()
            right = self.term()
            value = value + right if sign == "+" else value - right
        return value

    def _starts_atom(self, token: str | None) -> bool:
        return token is not None and (
            token[0].isdigit() or token.isalpha() or token in ("(", "{", "[", "\\frac")
        )

    def term(self) -> Fraction:
        value = self.unary()
        while True:
            token = self.peek()
            if token in ("*", "/"):
                self.take()
                right = self.unary()
                if token == "/":
                    if right == 0:
                        raise _Unread("division by zero")
                    value /= right
                else:
                    value *= right
            elif self._starts_atom(token):  # 2i, 2(i + j): a product by juxtaposition
                value *= self.power()
            else:
                return value

    def unary(self) -> Fraction:
        if self.peek() in ("+", "-"):
            sign = self.take()
            value = self.unary()
            return -value if sign == "-" else value
        return self.power()

    def power(self) -> Fraction:
        base = self.atom()
        if self.peek() != "^":
            return base
        self.take()
        exponent = self.atom()
        if exponent.denominator != 1 or not 0 <= exponent <= _MAX_POWER:
            raise _Unread("power")
        return base ** int(exponent)

    def atom(self) -> Fraction:
        token = self.take()
        if token[0].isdigit():
            return Fraction(token)
        if token.isalpha():
            if token not in self.values:
                raise _Unread(token)
            return Fraction(self.values[token])
        if token == "\\frac":
            self.take("{")
            top = self.expr()
            self.take("}")
            self.take("{")
            bottom = self.expr()
            self.take("}")
            if bottom == 0:
                raise _Unread("division by zero")
            return top / bottom
        close = {"(": ")", "{": "}", "[": "]"}.get(token)
        if close is None:
            raise _Unread(token)
        value = self.expr()
        self.take(close)
        return value


def entry_formula(text: str, letters: dict[str, str]) -> tuple[str, list[str], str] | None:
    """(role, index letters, right side) of a statement that gives every entry of the
    layer's X or W by a formula in its own indices, else None."""
    if not defines_entries(text, letters):
        return None
    m = _ENTRY.match(text)
    assert m is not None  # (defines_entries matched it)
    role = letters.get(m.group("letter"))
    body = next(m.group(k) for k in ("sub", "one", "square", "paren") if m.group(k) is not None)
    indices = _index_letters(body)
    if role not in _ROLES or indices is None:
        return None
    return role, indices, m.group("right")


def on_grid(indices: list[str], right: str, shape: tuple[int, ...], base: int) -> Matrix | None:
    """The formula's value at every entry of a rows x columns grid (indices counted from
    ``base``), or None where the grid is not 2-D like the formula, larger than a worked
    example's, or the formula is not read."""
    found = _on_grid(tuple(indices), right, tuple(shape), base)
    return None if found is None else [list(row) for row in found]


@functools.lru_cache(maxsize=32)
def _on_grid(
    indices: tuple[str, ...], right: str, shape: tuple[int, ...], base: int
) -> tuple[tuple[Fraction, ...], ...] | None:
    if len(shape) != 2 or len(indices) != 2 or shape[0] * shape[1] > _MAX_ENTRIES:
        return None
    try:
        tokens = _tokens(right)
        rows, columns = shape
        return tuple(
            tuple(
                _Parser(tokens, {indices[0]: r + base, indices[1]: c + base}).whole()
                for c in range(columns)
            )
            for r in range(rows)
        )
    except (_Unread, ZeroDivisionError, ValueError):
        return None


def formula_given(
    statements: list[tuple[int, str]],
    letters: dict[str, str],
    shapes: dict[str, tuple[int, ...]],
    base: int,
) -> dict[str, tuple[Matrix, int]]:
    """role -> (numbers, line) of every X or W the ``statements`` (line, text) give by an
    entry formula, laid on the layer's grid of that role (``shapes``); the last one wins."""
    found: dict[str, tuple[Matrix, int]] = {}
    for at, text in statements:
        read = entry_formula(text, letters)
        if read is None or read[0] not in shapes:
            continue
        role, indices, right = read
        numbers = on_grid(indices, right, shapes[role], base)
        if numbers is not None:
            found[role] = (numbers, at)
    return found


@functools.lru_cache(maxsize=8)
def math_statements(document: str) -> tuple[tuple[int, str], ...]:
    """(line, text) of every statement in the document's math, in order (read once per
    document: the checker asks at every claim)."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    found = []
    for event in scan(document):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            found.append((event.line + event.text[: piece.offset].count("\n"), piece.text.strip()))
    return tuple(found)


# (letters, shapes, base) of the claim being judged: set by the judge while it judges one
# claim under a layer whose sizes the notes state, read by worked_numbers.given_before (the
# many readers of a worked example's numbers all ask it)
ENTRY_GRIDS: contextvars.ContextVar[
    tuple[dict[str, str], dict[str, tuple[int, ...]], int] | None
] = contextvars.ContextVar("entry_grids", default=None)


def grids_of(model: object, letters: dict[str, str], base: int, guessed: bool):
    """What ENTRY_GRIDS holds for a claim under ``model``: its X and W grids (a one-image,
    one-channel 2-D convolution only), or None where the sizes are the checker's guess (a
    formula laid on a guessed grid would give numbers the notes never meant)."""
    from symconv.checker.worked_conv import is_conv

    if guessed or not is_conv(model):
        return None
    tensors = model.layer.tensors  # type: ignore[attr-defined]
    shapes = {r: tuple(tensors[r].ids[0, 0].shape) for r in _ROLES}
    # a letter the notes give a role reads as it; the role's own letter, where no other
    # role took it (the readers rewrite a map's letter P as X: in_role_letters)
    reads = {**{r: r for r in _ROLES if r not in letters}, **letters}
    return reads, shapes, base


def given_by_formula(document: str, line: int) -> dict[str, tuple[Matrix, int]]:
    """The X or W the document gives by an entry formula above ``line``, laid on the grids
    of the claim being judged (ENTRY_GRIDS); nothing where none is set."""
    grids = ENTRY_GRIDS.get()
    if grids is None:
        return {}
    letters, shapes, base = grids
    above = [(at, text) for at, text in math_statements(document) if at < line]
    return formula_given(above, letters, shapes, base)
