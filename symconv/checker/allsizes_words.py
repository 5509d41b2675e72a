"""The words of notes that state a layer with their own symbolic sizes.

Published derivations name the sizes their own way (``n_{ch} \\times h \\times w`` input,
``n_f \\times h_{new} \\times w_{new}`` output, an ``f_r \\times f_c`` kernel), the output
``O`` or ``Y``, a channel index ``ch`` of two letters, and state local derivatives by
cases (``\\begin{cases} W_{...}, & 1 <= p-(i-1)s <= f_r \\cap ... \\\\ 0, & otherwise
\\end{cases}``).  This module maps those words onto the general reader's
(:mod:`.allsizes_parse`) sizes and nodes; nothing here evaluates anything.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symconv.checker.limits import NotUnderstood

if TYPE_CHECKING:
    from symconv.checker.allsizes_parse import Node, Parser

# Only names no concrete-size note uses for its own layer (n_H, C_in are read there).
NOTE_ALIASES = {"n_ch": "C", "n_f": "F", "h_new": "H_o", "w_new": "W_o", "f_r": "k_h", "f_c": "k_w"}
OUTPUT_LETTERS = ("O", "Y")  # an output entry O_{f,i,j} is Z's
# Entries written in lower case (x_{i,j}, w_{m,n}, g_{i,j}, y_{i,j}), and the padded input
# \tilde x_{i,j} = x_{i-p, j-p} (zero in the border): the general reader's tensors.
LOWER = {"x": "X", "w": "W", "g": "G", "y": "Z", "z": "Z", "o": "Z", "X~": "Xp", "x~": "Xp"}
CASES, ROW, COND = "\\cases", "\\caserow", "\\casecond"
_CASES = re.compile(r"\\begin\{cases\}(.*?)\\end\{cases\}", re.S)
_CONJ = ("\\cap", "\\land", "\\wedge", ",")
_IF = ("if", "for", "when", "si")
_OTHERWISE = ("otherwise", "else", "elsewhere", "sinon", "sino", "enotrocaso")


def cases_text(text: str) -> str:
    """``\\begin{cases} a & c \\\\ b & d \\end{cases}`` with its rows and cells marked by
    tokens the tokenizer keeps (it drops ``&`` and ``\\\\`` elsewhere)."""

    def mark(m: re.Match) -> str:
        body = m.group(1).replace("&", f" {COND} ").replace("\\\\", f" {ROW} ")
        return f" {CASES}{{{body}}} "

    return _CASES.sub(mark, text)


def one_name(items: list[str]) -> str | None:
    """``ch`` (tokens or names ``c``, ``h``): an index of several letters, else None."""
    if len(items) >= 2 and all(len(t) == 1 and t.isascii() and t.isalpha() for t in items):
        return "".join(items)
    return None


def _rows(toks: list[str]) -> list[list[str]]:
    rows: list[list[str]] = [[]]
    for t in toks:
        if t == ROW:
            rows.append([])
        else:
            rows[-1].append(t)
    return [r for r in rows if r]


def _words(toks: list[str]) -> str:
    return "".join(t for t in toks if t not in ("\\txt", "{", "}", ":")).lower()


def read_cases(parser: Parser, toks: list[str]) -> Node:
    """``cases`` of (value, condition) rows; the condition None for "otherwise"."""
    from symconv.checker.allsizes_parse import node, split_commas

    rows = []
    for row in _rows(toks):
        if COND in row:
            k = row.index(COND)
            value, cond = row[:k], row[k + 1 :]
        else:  # "W_{...}, \quad 1 <= ... ": the value is the first top-level part
            parts = split_commas(row)
            value, cond = parts[0], [t for p in parts[1:] for t in (*p, ",")][:-1]
        rows.append(node("row", parser.sub(value).expr(), _condition(parser, cond)))
    if not rows:
        raise NotUnderstood("an empty cases environment")
    return node("cases", tuple(rows))


def _condition(parser: Parser, toks: list[str]) -> Node | None:
    from symconv.checker.allsizes_parse import node

    if toks[:1] == ["\\txt"] and "}" in toks and _words(toks[: toks.index("}")]) in _IF:
        toks = toks[toks.index("}") + 1 :]
    if not toks or _words(toks) in _OTHERWISE:
        return None
    parts: list[list[str]] = [[]]
    k, depth = 0, 0
    while k < len(toks):
        t = toks[k]
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(t, 0)
        if t == "\\txt" and "}" in toks[k:]:  # \text{and}, \text{ y }: a conjunction
            end = toks.index("}", k)
            if _words(toks[k:end]) in ("and", "y", "und", "et"):
                parts.append([])
                k = end + 1
                continue
        if t in _CONJ and depth == 0:  # not the comma of y_{\lfloor a/2 \rfloor, ...}
            parts.append([])
        else:
            parts[-1].append(t)
        k += 1
    found = []
    for part in (p for p in parts if p):
        cond = parser.sub(part).chain()
        if cond.kind != "chain":
            raise NotUnderstood("a case's condition that is not a relation")
        found.append(cond)
    return node("conj", tuple(found))
