"""A layer's settings given as a small table: one column (or one row) per setting.

Exercise sheets and cheat sheets state the layer a question is about as a table rather than
a sentence:

    | $H$ | kernel | stride | padding | dilation |          | setting  | value |
    |-----|--------|--------|---------|----------|          |----------|-------|
    | 17  | 3      | 2      | 1       | 2        |          | Eingabe  | 28    |
                                                             | Kern     | 5     |
                                                             | Schritt  | 2     |

A table with one row of values under a header of setting names (or one setting per row,
its value in the second column) states one layer: each recognised name gives its fact, read
as the prose "kernel 3, stride 2" would be.  A table of several rows of values is several
layers (a network: checker/notes_network_table.py), and states none here; a cell that is
not a whole number (or a square ``N x N`` for an input or kernel) states nothing.
"""

from __future__ import annotations

import re

from symconv.checker import lexicon

# a header naming a setting: the input side, the kernel side, stride, padding, dilation
_KEYS: list[tuple[str, re.Pattern]] = [
    ("out_pad", re.compile(r"^(?:output[_ ]padding|out[_ ]pad|A)$", re.I)),
    (
        "in_h",
        re.compile(
            r"^(?:H|H_in|H_\{in\}|L_in|input(?: side| size| height| length)?|"
            r"entrada|Eingabe|entrée|ingresso|tama[ñn]o de entrada|lado de entrada)$",
            re.I,
        ),
    ),
    (
        "k",
        re.compile(
            rf"^(?:K|k|kernel(?: size| side)?|kernel_size|{lexicon.KERNEL}|Kern|ventana|window|"
            r"fenêtre)$",
            re.I,
        ),
    ),
    ("s", re.compile(rf"^(?:S|s|{lexicon.STRIDE}|Schritt)$", re.I)),
    ("p", re.compile(rf"^(?:P|p|{lexicon.PADDING}|pad)$", re.I)),
    ("d", re.compile(rf"^(?:D|d|{lexicon.DILATION})$", re.I)),
]
_CELL_VALUE = re.compile(r"^(\d+)(?:\s*(?:x|×|\\times)\s*(\d+))?$")
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


def table_facts(text: str) -> list[tuple[str, int]]:
    """(key, value) of every setting a one-layer table in ``text`` states."""
    out: list[tuple[str, int]] = []
    for rows in _tables(text):
        out.extend(_wide(rows) or _tall(rows))
    return out


def row_under_header(document: list[str], line: int) -> str | None:
    """The header and rule of the Markdown table whose row is the (1-based) ``line``, then
    that row: the row's own one-layer table.  A table of configurations ("| k | s | p | d |
    salida |", one row per layer) states a layer per row; a claim in a row's cell ("$H_{out}
    = 16$") is about its row's layer, as a claim in a sentence is about the sentence's, and
    the rows above it are other layers.  None when the line is no row under a header."""
    if not 1 <= line <= len(document) or not _is_row(document[line - 1]):
        return None
    top = line - 1
    while top > 0 and _is_row(document[top - 1]):
        top -= 1
    # the header is the table's first line, the rule its second; the claim's row is below both
    if line - 1 < top + 2 or not _RULE.match(document[top + 1]) or _RULE.match(document[top]):
        return None
    return "\n".join([document[top], document[top + 1], document[line - 1]])


def _is_row(text: str) -> bool:
    return text.strip().startswith("|")


def _tables(text: str) -> list[list[list[str]]]:
    """The Markdown tables of ``text``: their rows of cleaned cells, the rule dropped."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        if line.strip().startswith("|"):
            if not _RULE.match(line):
                current.append([_clean(c) for c in line.strip().strip("|").split("|")])
            continue
        if current:
            tables.append(current)
        current = []
    return tables


def _clean(cell: str) -> str:
    cell = re.sub(r"\\(?:text|mathrm|mathit)\s*\{([^{}]*)\}", r"\1", cell)
    cell = re.sub(r"[$`*{}]", "", cell).replace("\\,", "")
    return re.sub(r"\s+", " ", cell).strip()


def _key(name: str) -> str | None:
    return next((key for key, pattern in _KEYS if pattern.match(name)), None)


def _value(key: str, cell: str) -> int | None:
    m = _CELL_VALUE.match(cell)
    if m is None or (m.group(2) is not None and (key not in ("in_h", "k") or m[1] != m[2])):
        return None
    return int(m.group(1))


def _wide(rows: list[list[str]]) -> list[tuple[str, int]]:
    """A header of setting names over one row of values."""
    if len(rows) != 2 or len(rows[0]) != len(rows[1]):
        return []
    keys = [_key(name) for name in rows[0]]
    if sum(k is not None for k in keys) < 2 or len({k for k in keys if k}) != sum(map(bool, keys)):
        return []  # two columns for one setting: which is which is not read
    found = [(k, _value(k, cell)) for k, cell in zip(keys, rows[1], strict=True) if k]
    return [(k, v) for k, v in found if v is not None]


def _tall(rows: list[list[str]]) -> list[tuple[str, int]]:
    """One setting per row: its name, then its value (a header row may stand above)."""
    found: list[tuple[str, int]] = []
    for row in rows:
        key = _key(row[0]) if len(row) == 2 else None
        value = _value(key, row[1]) if key else None
        if value is not None:
            found.append((key, value))  # type: ignore[arg-type]
    keys = [k for k, _ in found]
    return found if len(found) >= 2 and len(set(keys)) == len(keys) else []
