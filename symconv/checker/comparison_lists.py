"""A list whose items each describe another layer, for comparison:

    - depthwise: $4 \\cdot 3 \\cdot 3 + 4 = 40$ parameters;
    - pointwise 1×1 from 4 to 8 channels: $P_{pw} = 8 \\cdot 4 = 32$;
    - a normal 3×3 convolution from 4 to 8 channels: $8 \\cdot 4 \\cdot 3 \\cdot 3 + 8 = 296$.

Each item states its own layer's sizes (8 channels, a 3x3 "input" that is the kernel); none
of them is the notes' layer.  Read as the section's facts, they become the layer of every
later section too ("## Gradients" after the counts would be an 8-channel layer, and the
notes' own 6x6 gradient sums would read G past its end).  So when two or more items of a
list state sizes and they contradict the layer stated before the list, the items'
sizes are theirs alone: the section keeps the layer before it.  Only items that compute
something for their layer (a count, "$8 \\cdot 4 = 32$") are read so: a list that states a
layer item by item ("- input: 4x4", "- kernel: 3x3") is that section's layer, kept.
"""

from __future__ import annotations

import re
from typing import Any

from symconv.checker.declared import SHAPE_KEYS

_COMPUTES = re.compile(r"\$[^$]*=[^$]*\d[^$]*\$")
_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+\S")
# what an item states of its layer's shape (the layer's kind from its entries is not one)
SIZE_KEYS = frozenset(SHAPE_KEYS) - {"layer", "network"} | {"in-channels", "out-channels", "groups"}


def comparison_items(facts: list[Any], lines: list[str], previous: list[Any]) -> set[int]:
    """The list-item lines whose size facts are other layers' (see the module's text)."""
    by_line: dict[int, list[Any]] = {}
    for fact in facts:
        # an item that computes for its layer ("pointwise 1x1 ...: $8 \cdot 4 = 32$"), not
        # one that states a size of the notes' own ("- input: 6x6")
        if (
            fact.key in SIZE_KEYS
            and 0 < fact.line <= len(lines)
            and _ITEM.match(lines[fact.line - 1])
            and _COMPUTES.search(lines[fact.line - 1])
        ):
            by_line.setdefault(fact.line, []).append(fact)
    if len(by_line) < 2:
        return set()
    stated = {}
    for fact in previous:
        stated.setdefault(fact.key, fact.value)
    contradicts = any(
        f.key in stated and stated[f.key] != f.value for items in by_line.values() for f in items
    )
    return set(by_line) if contradicts else set()
