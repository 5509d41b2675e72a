"""A chain of layers the notes list -- a model card's table, a bullet list -- and the sizes and
counts of each, for claims that name one of them.

"| conv2 | 32 filters 3x3, s2, p1 | 32 x 16 x 16 | $P_2 = 32 \\cdot 3 \\cdot 9 + 32 = 896$ |"
is about conv2, whose input is what conv1 and pool1 leave of the 3 x 64 x 64 input: its
16 input channels make 32·16·9 + 32 = 4640 parameters.  "- conv1: 3 filters of
$2\\times3\\times3$, stride 1, no padding" then "$H^{(1)} = 6 - 3 + 1 = 4$": layer 1.

Each row is read on its own (scope_facts.facts, and a table's "s2", "p1"); the input's shape
is carried from row to row, so a row's input channels and side are what the row before
leaves (a row stating other input channels breaks the chain: nothing is read from it).
"""

from __future__ import annotations

import dataclasses
import re

from symconv.checker.scope_facts import clean, facts

_ROW = re.compile(
    r"^\s*(?:[-*+]\s+|\|\s*)\**\s*(input|entrada|conv\s*\d+|pool\s*\d+|maxpool\s*\d+|"
    r"avgpool\s*\d+|fc\s*\d+|dense\s*\d+|densa\s*\d+|linear\s*\d+|flatten)\**\s*"
    r"(?:\$[^$]*\$\s*)?(?:[:|]|\s-)",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True)
class ChainLayer:
    name: str  # as the notes write it, lower case without spaces: conv2, pool1, fc1
    line: int
    kind: str  # conv, pool, dense, flatten, input
    shape_out: tuple[int, ...]  # (C, H, W) or (features,)
    params: int
    describe: str
    shape_in: tuple[int, ...] = ()

    def ordinal(self) -> int | None:
        digits = re.findall(r"\d+", self.name)
        return int(digits[0]) if digits else None


def listed_rows(document: list[str]) -> int:
    """How many rows of a layer list the notes have (read or not)."""
    return sum(1 for text in document if _ROW.match(text))


def read_chain(document: list[str]) -> list[ChainLayer]:
    """The layers the notes list in order, with their output shapes and counts; empty when
    the list has no input row to start from or a row cannot be read."""
    rows = [(i + 1, m, text) for i, text in enumerate(document) if (m := _ROW.match(text))]
    if len(rows) < 2:
        return []
    out: list[ChainLayer] = []
    shape: tuple[int, ...] | None = None
    for number, m, text in rows:
        name = re.sub(r"\s+", "", m.group(1).lower())
        rest = text[m.end() :]
        if name in ("input", "entrada"):
            dims = _dims(rest)
            if dims is None or shape is not None:
                return []
            shape = dims[-3:]
            out.append(ChainLayer(name, number, "input", shape, 0, f"input {_show(shape)}"))
            continue
        if shape is None:
            return []
        layer = _layer(name, number, rest, shape)
        if layer is None:
            return out  # the chain is read up to the row it cannot read
        out.append(layer)
        shape = layer.shape_out
    return out


def _dims(text: str) -> tuple[int, ...] | None:
    m = re.search(r"\b(\d+)(?:\s*x\s*(\d+))(?:\s*x\s*(\d+))?(?:\s*x\s*(\d+))?", clean(text))
    if m is None:
        return None
    dims = tuple(int(g) for g in m.groups() if g is not None)
    return dims if len(dims) >= 3 else None


def _show(shape: tuple[int, ...]) -> str:
    return " x ".join(str(d) for d in shape)


def _row_facts(text: str) -> dict[str, list[int]]:
    found = dict(facts(text))
    flat = clean(text)
    for key, pattern in (("s", r"\bs\s*(\d)\b"), ("p", r"\bp\s*(\d)\b")):
        for value in re.findall(pattern, flat):  # a table's "s2, p1"
            found.setdefault(key, [])
            if int(value) not in found[key]:
                found[key] = [*found[key], int(value)]
    return found


def _layer(name: str, line: int, text: str, shape: tuple[int, ...]) -> ChainLayer | None:
    """One row's layer on an input of ``shape``, or None when the row is not read."""
    first_cell = text.split("|")[0] if "|" in text else text.split("→")[0].split("->")[0]
    found = _row_facts(first_cell)
    one = {k: v[0] for k, v in found.items() if len(v) == 1}
    if any(len(v) > 1 for k, v in found.items() if k in ("k", "s", "p", "c_out", "c_in")):
        return None
    if name.startswith("flatten"):
        if len(shape) != 3:
            return None
        size = shape[0] * shape[1] * shape[2]
        return ChainLayer(name, line, "flatten", (size,), 0, f"{name}: {size} features")
    if name.startswith(("fc", "dense", "densa", "linear")):
        m = re.search(r"\b(\d+)\s*(?:->|→|\\to)\s*(\d+)\b", clean(first_cell))
        if m is None or len(shape) != 1 or int(m.group(1)) != shape[0]:
            return None
        n_in, n_out = int(m.group(1)), int(m.group(2))
        bias = one.get("bias", 1)
        count = n_in * n_out + bias * n_out
        return ChainLayer(name, line, "dense", (n_out,), count, f"{name}: dense {n_in} -> {n_out}")
    if len(shape) != 3:
        return None
    c, h = shape[0], shape[1]
    if "pool" in name:
        m = re.search(r"\b(\d+)\s*x\s*\1\b", clean(first_cell))
        if m is None:
            return None
        k = int(m.group(1))
        s, p = one.get("s", k), one.get("p", 0)
        side = (h + 2 * p - k) // s + 1
        describe = f"{name}: pooling {k}x{k}, stride {s} on {_show(shape)}"
        return ChainLayer(name, line, "pool", (c, side, side), 0, describe, shape)
    if "k" not in one or "c_out" not in one or one.get("c_in", c) != c:
        return None
    k, s, p, c_out = one["k"], one.get("s", 1), one.get("p", 0), one["c_out"]
    bias = one.get("bias", 1)
    side = (h + 2 * p - k) // s + 1
    count = c_out * c * k * k + bias * c_out
    describe = (
        f"{name}: {c_out} filters {k}x{k} on {c} channels, stride {s}, padding {p}, "
        f"input {_show(shape)}"
    )
    return ChainLayer(name, line, "conv", (c_out, side, side), count, describe, shape)


def named_in(clause: str, chain: list[ChainLayer]) -> list[ChainLayer]:
    """The layers of the chain the clause names (conv2, "conv2's", pool1)."""
    words = {re.sub(r"\s+", "", w.lower()) for w in re.findall(r"\b[A-Za-z]+\s*\d+\b", clause)}
    return [layer for layer in chain if layer.name in words]


def row_of(line: int, chain: list[ChainLayer]) -> ChainLayer | None:
    """The chain's layer whose row is ``line``."""
    return next((layer for layer in chain if layer.line == line), None)
