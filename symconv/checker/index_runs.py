"""Indices written without commas: ``x_{ij}``, ``\\delta_{nf11}``, ``X_{n c (i+u)(j+v)}``.

Index notation in physics and in many lecture notes drops the commas between indices when
each one is a single letter or digit (``W_{fcuv}``, ``x_{00}``), and writes a computed index
in parentheses so that it stays one index: ``X_{n c (i+u)(j+v)}`` is X at sample n, channel
c, row i+u and column j+v; ``W_{f c (p-i)(q-j)}`` and ``\\tilde X_{nc(p+1)(q+1)}`` likewise.
Spaces and spacing macros between them carry no meaning.

Such a run reads as several indices only where each piece is a letter, a digit or a
parenthesised expression.  A number right before a parenthesis (``2(i+u)``) is a
coefficient, as in any product, so that run is not split; and whether a run is split at all
is decided by the tensor it indexes (indexing.py splits it only where one index cannot name
an entry), so ``x_{2i}`` of a 1-D signal stays the entry 2i.
"""

from __future__ import annotations

import re

from symconv.checker.syntax import Expr, Group, Node, Num, Op, Term
from symconv.checker.written_names import index_name


def _items(items: tuple[Node, ...]) -> list[Node]:
    return [i for i in items if not (isinstance(i, Op) and i.name == "space")]


def _paren_index(group: Group) -> Expr | None:
    """The one expression in ``(i+u)``: a computed index of a comma-free run."""
    body = group.body
    if body is None or len(body.sides) != 1 or body.leading or len(body.sides[0].exprs) != 1:
        return None
    return body.sides[0].exprs[0]


def is_run(expr: Expr) -> bool:
    """``00``, ``ij``, ``nf11`` or ``nc(i+u)(j+v)``: several indices written together."""
    if len(expr.terms) != 1 or expr.terms[0][0] != "+":
        return False
    items = _items(expr.terms[0][1].items)
    if len(items) == 1 and isinstance(items[0], Num):
        return len(items[0].text) > 1
    if len(items) < 2 or all(isinstance(i, Num) for i in items):
        return False
    for k, item in enumerate(items):
        if isinstance(item, Num):
            follows = items[k + 1] if k + 1 < len(items) else None
            if not item.text.isdigit() or isinstance(follows, Group):
                return False
        elif isinstance(item, Group):
            if item.kind != "paren" or _paren_index(item) is None:
                return False
        elif index_name(item) is None or "*" in (index_name(item) or ""):
            return False
    return True


def split_run(expr: Expr) -> list[Expr]:
    """``00`` -> ``0, 0``, ``ij`` -> ``i, j`` and ``nc(i+u)(j+v)`` -> ``n, c, i+u, j+v``."""
    parts: list[Expr] = []
    for item in _items(expr.terms[0][1].items):
        inner = _paren_index(item) if isinstance(item, Group) and item.kind == "paren" else None
        if isinstance(item, Num):
            parts.extend(Expr((("+", Term((Num(ch),))),)) for ch in item.text)
        elif inner is not None:
            parts.append(inner)
        else:
            parts.append(Expr((("+", Term((item,))),)))
    return parts


_SPACING = re.compile(r"\\[,;:! ]|\\q?quad\b|~")
_PIECE = re.compile(r"\s*(?:(?P<letter>[A-Za-z]'*)|(?P<digit>\d)|\((?P<paren>[^()]+)\))")


def run_pieces(written: str) -> list[str] | None:
    """The indices of a comma-free run as written text (``c(2i+u-2)(2j+v-2)`` -> ``c``,
    ``2i+u-2``, ``2j+v-2``; ``(i+m)(j+n)``), for the readers that scan the notes' text; None
    when the text is not such a run or holds no parenthesis or digit beside a letter (a bare
    letter run, ``ij`` or ``prev``, and a number, ``12``, are left to those readers' own
    rules)."""
    text = _SPACING.sub(" ", written).strip()
    pieces: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        m = _PIECE.match(text, at)
        if m is None or m.end() == at:
            return None
        kind = m.lastgroup or ""
        if kind == "paren" and pieces and pieces[-1][0] == "digit":
            return None  # 2(i+u): a coefficient
        pieces.append((kind, m.group(kind)))
        at = m.end()
        while at < len(text) and text[at] == " ":
            at += 1
    kinds = {k for k, _ in pieces}
    if len(pieces) < 2 or kinds in ({"letter"}, {"digit"}):
        return None
    return [p.strip() for _, p in pieces]
