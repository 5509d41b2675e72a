"""Layers an exercise stacks part by part, and the sizes and counts its parts name by number.

"**Ejercicio 1.** Una imagen de $32 \\times 32$ pasa por una convolución de $5 \\times 5$ con
paso 2 y relleno 1.  a) Tamaño de salida: $H_1 = ... = 15$.  b) Se añade una convolución de
$3 \\times 3$ con dilatación 2, paso 1 y sin relleno ...: $H_2 = 15 - 5 + 1 = 11$.  c) Si la
primera capa tiene 8 filtros y la imagen es RGB, sus parámetros son $P_1 = ... = 600$."

The question's stem states layer 1; a part that adds a layer ("se añade", "we add", "on
ajoute", "followed by") states the next one, whose input is what the layer before gives; a
part that speaks of "the first layer" adds facts to layer 1.  A name's subscript says which
layer (``H_2``: the output side of layer 2, ``P_1``: the count of layer 1).  Each layer's
quantity is then computed as for a single layer (bound_sizes.truth_of), from the facts of
its own texts only: a fact a layer's texts do not state takes its default only where no
text of that layer speaks of it.  A part whose layer is not read this way is left to the
other readers.
"""

from __future__ import annotations

import re

from symconv.checker.bound_sizes import Unbound, compare, numeric_sides, truth_of
from symconv.checker.scope_facts import clean, facts, hard_border
from symconv.checker.size_names import OUTPUT, PARAMS, Quantity, flatten, left_side

_PART = re.compile(r"^\s*(?:\*\*|__)?\s*(?:\(?[a-h]\)|\((?:[ivx]+)\)|[a-h]\.)\s", re.I)
_ADDS = re.compile(
    r"\b(?:se añade|se agrega|añadimos|agregamos|(?:we|then) add|add(?:ing)?\s+(?:a|another)|"
    r"is added|followed by|on ajoute|puis une|seguida de|wird\s+\w*\s*hinzugef\w+|"
    r"a second|una segunda|une deuxième|une seconde)\b",
    re.I,
)
_FIRST = re.compile(
    r"\b(?:la primera capa|the first layer|layer 1|la première couche|die erste Schicht|"
    r"la capa 1|la primera convoluci[óo]n|the first conv\w*)\b",
    re.I,
)
_NAME = re.compile(r"^([HWLPhwl])(?:_(\d)|_\{(\d)\}|\^\((\d)\)|_\((\d)\))$")


def judge_part_chain(
    text: str, document: list[str], line: int, source: str
) -> dict[str, object] | None:
    """The verdict of ``H_k = numbers`` or ``P_k = numbers`` in a part of an exercise that
    stacks layers, or None."""
    left = left_side(text)
    values = numeric_sides(text)
    if left is None or not values:
        return None
    m = _NAME.match(flatten(left))
    if m is None:
        return None
    ordinal = int(next(g for g in m.groups()[1:] if g))
    layers = _layers(document, line)
    if layers is None or not 1 <= ordinal <= len(layers):
        return None
    quantity = Quantity(PARAMS if m.group(1) == "P" else OUTPUT, None, m.group(1))
    side: int | None = None
    for k, texts in enumerate(layers[:ordinal], start=1):
        levels = [(f"layer {k} of the exercise", facts(t)) for t in texts]
        if side is not None:
            if any("in_h" in found for _, found in levels):
                return None  # a layer restating its input: not the chain read here
            levels.append(("the layer before", {"in_h": [side]}))
        scope = "\n".join(texts)
        whole = facts(scope)
        try:
            if k == ordinal:
                truth, about = truth_of(quantity, levels, whole, scope)
                return compare(truth, values, f"layer {k} of the exercise: {about}")
            out, _ = truth_of(Quantity(OUTPUT, None, "H"), levels, whole, scope)
        except Unbound:
            return None
        side = int(out)
    return None


def _layers(document: list[str], line: int) -> list[list[str]] | None:
    """The texts that state each layer of the exercise the (1-based) line stands in: the
    stem and the parts about the first layer, then each part that adds one (up to the
    claim's own part)."""
    start = line - 1
    while start >= 0 and not (hard_border(document[start]) and not _PART.match(document[start])):
        start -= 1
    if start < 0:
        return None
    parts: list[list[str]] = [[]]
    for text in document[start:line]:
        if _PART.match(text):
            parts.append([])
        elif hard_border(text) and parts[-1] and text is not document[start]:
            return None
        parts[-1].append(text)
    if len(parts) < 2:
        return None  # no parts: a single question, read by bound_sizes
    stem, rest = "\n".join(parts[0]), ["\n".join(p) for p in parts[1:]]
    layers: list[list[str]] = [[stem]]
    for part in rest:
        prose = clean(part)
        if _ADDS.search(prose):
            layers.append([part])
        elif _FIRST.search(prose):
            layers[0].append(part)
    return layers
