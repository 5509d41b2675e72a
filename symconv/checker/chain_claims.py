"""Sizes and counts claimed about one layer of a chain the notes list (layer_chain.py).

Which layer: the table row the claim stands in ("| conv2 | ... | $P_2 = ... = 896$ |"), else
the layer its clause names ("conv2's height: ... $H_2 = ...$"), else the one layer a
subscript or superscript numbers (``H^{(1)}`` where the list has conv1 and conv2).  Which
quantity: the name (size_names.py), else the table column ("parameters", "output").  A
``Total`` of parameters is the sum over every row, when every row is read.  Where two layers
fit, or the clause names another layer than the subscript, it is not understood.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from symconv.checker.bound_sizes import compare, numeric_sides
from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.layer_chain import (
    ChainLayer,
    listed_rows,
    named_in,
    read_chain,
    row_of,
)
from symconv.checker.layer_counts import sentence_around
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.scope_facts import facts
from symconv.checker.size_names import OUTPUT, PARAMS, TOTAL, Quantity, left_side, quantity_of

_CACHE: dict[int, list[ChainLayer]] = {}


def _chain(document: list[str]) -> list[ChainLayer]:
    key = hash(tuple(document))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = read_chain(document)
    return _CACHE[key]


def judge_chain_claim(text: str, document: list[str], line: int, source: str) -> dict | None:
    """The verdict of a size or count about a layer of the notes' chain, or None."""
    chain = _chain(document)
    if not chain:
        return None
    own_line = document[line - 1] if 0 < line <= len(document) else ""
    left = left_side(text)
    row = row_of(line, chain)
    if (
        left is not None
        and re.fullmatch(r"[\d\s\\a-z{}().+\-*/^]*", left)
        and not re.search(r"[A-Za-z]{2}", re.sub(r"\\[a-z]+", "", left))
    ):  # numbers alone: a table cell's arithmetic (row and column say what it is)
        return _cell(text, own_line, source, row, document, line)
    if left is None:
        return None
    sentence = sentence_around(document, line, source)
    quantity = quantity_of(left, sentence)
    if quantity is None or quantity.what not in (OUTPUT, PARAMS, TOTAL):
        return None
    values = numeric_sides(text)
    if values is None:
        return None
    if quantity.what == TOTAL:
        if listed_rows(document) != len(chain):
            return None
        total = sum(layer.params for layer in chain)
        return compare(Fraction(total), values, f"the {len(chain)} rows' counts add up to {total}")
    if row is None and quantity.ordinal is None:
        return None  # a single layer's passage: bound_sizes.py
    clause = own_line[: own_line.find(source)] if source in own_line else own_line
    layer = row or _the_layer(quantity, clause, chain)
    if isinstance(layer, str):
        return finding(
            NOT_UNDERSTOOD,
            f"side 1 of {len(values) + 1} is not understood: which layer's {quantity.what} "
            f"{quantity.written} is, is not read ({layer}; the other {len(values)} sides "
            f"agree: the arithmetic holds, {json_number(values[0])})"
            if len(set(values)) == 1
            else f"which layer's {quantity.what} {quantity.written} is, is not read ({layer})",
        )
    truth, about = _truth(quantity, layer, sentence.replace(source, " "))
    if truth is None:
        return None
    return compare(truth, values, about)


def _the_layer(quantity: Quantity, clause: str, chain: list[ChainLayer]) -> ChainLayer | str:
    kinds = ("conv", "pool") if quantity.what == OUTPUT else ("conv", "dense")
    named = [layer for layer in named_in(clause, chain) if layer.kind in kinds]
    if len(named) == 1:
        if quantity.ordinal is not None and named[0].ordinal() != quantity.ordinal:
            return f"the sentence names {named[0].name}, the subscript layer {quantity.ordinal}"
        return named[0]
    if len(named) > 1:
        return "the sentence names " + " and ".join(layer.name for layer in named)
    fits = [layer for layer in chain if layer.kind in kinds and layer.ordinal() == quantity.ordinal]
    if len(fits) != 1 or len({layer.kind for layer in chain if layer.kind != "input"}) > 1:
        shown = " or ".join(layer.name for layer in fits) or "no layer"
        return f"layer {quantity.ordinal} of the list could be {shown}"
    return fits[0]


def _truth(quantity: Quantity, layer: ChainLayer, sentence: str) -> tuple[Fraction | None, str]:
    if quantity.what == PARAMS:
        return Fraction(layer.params), f"{layer.describe} has {layer.params} parameters"
    if layer.kind != "conv" or len(layer.shape_in) != 3:
        side = layer.shape_out[1] if len(layer.shape_out) == 3 else None
        return (None, "") if side is None else (Fraction(side), f"{layer.describe}: side {side}")
    # "If we dropped the padding of conv1": the sentence's own facts change the layer
    said = {k: v[0] for k, v in facts(sentence).items() if len(v) == 1}
    k = _kernel(layer)
    if said.get("k", k) != k or said.get("d", 1) != 1:
        return None, ""  # "... and used a 5x5 kernel": a change this reading does not apply
    s, p = said.get("s", _stride(layer)), said.get("p", _padding(layer))
    h = layer.shape_in[1]
    side = (h + 2 * p - k) // s + 1
    changed = (
        "" if (s, p) == (_stride(layer), _padding(layer)) else f" with stride {s}, padding {p}"
    )
    return Fraction(side), f"the output side of {layer.describe}{changed} is {side}"


def _kernel(layer: ChainLayer) -> int:
    return int(re.search(r"filters (\d+)x", layer.describe).group(1))  # type: ignore[union-attr]


def _stride(layer: ChainLayer) -> int:
    return int(re.search(r"stride (\d+)", layer.describe).group(1))  # type: ignore[union-attr]


def _padding(layer: ChainLayer) -> int:
    return int(re.search(r"padding (\d+)", layer.describe).group(1))  # type: ignore[union-attr]


def _cell(
    text: str, own_line: str, source: str, row: ChainLayer | None, document: list[str], line: int
) -> dict | None:
    """Numbers alone in a table row of the chain: the row's count or output, by column."""
    if row is None or "|" not in own_line:
        return None
    values = numeric_sides(f"x = {text}")
    if values is None or len(set(values)) != 1:
        return None  # wrong arithmetic is judged as arithmetic
    column = _column(own_line, source, document, line)
    if column is None:
        return None
    if re.search(r"param", column, re.I):
        truth, what = row.params, "parameters"
    elif re.search(r"output|salida|shape", column, re.I):
        truth, what = math.prod(row.shape_out), "output entries"
    else:
        return None
    if values[0] == truth:
        return finding(VERIFIED, f"{row.describe} has {truth} {what}")
    return finding(
        WRONG,
        f"{row.describe} has {truth} {what}, not {json_number(values[0])}",
        expected=str(truth),
    )


def _column(own_line: str, source: str, document: list[str], line: int) -> str | None:
    """The header of the table column the source stands in."""
    cells = own_line.split("|")
    at = next((i for i, cell in enumerate(cells) if source in cell), None)
    if at is None:
        return None
    index = line - 2
    while index > 0 and document[index].lstrip().startswith("|"):
        index -= 1
    for candidate in document[index : line - 1]:
        if candidate.lstrip().startswith("|") and not re.match(r"^\s*\|[\s:|-]+$", candidate):
            header = candidate.split("|")
            return header[at] if at < len(header) else None
    return None
