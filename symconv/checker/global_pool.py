"""Global average (or max) pooling: one window as large as the map.

"## Global average pooling", "GAP", "pooling promedio global", "moyenne globale": the
section's pooling reduces each channel to one number, so its window is the whole input
map and nothing else is a window of it.  Without this reading the section would inherit
the 2x2 window of an earlier pooling and judge ``z_c = \\frac{1}{16}\\sum a_{c,i,j}`` on
a 4x4 map against four outputs per channel, a false alarm.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_GLOBAL = re.compile(
    r"\bglobal(?:e|es)?\s+(?:average|avg|mean|max(?:imum)?)[- ]pool\w*|\bGAP\b|\bGMP\b|"
    r"\bpooling\s+(?:promedio\s+|medio\s+|máximo\s+|maximo\s+)?global\b|"
    r"\b(?:promedio|media|máximo)\s+global\b|\bmoyenne\s+globale\b|\bglobales?\s+\w*pooling\b",
    re.IGNORECASE,
)
_MAX = re.compile(r"\bmax|\bmáximo|\bGMP\b", re.IGNORECASE)


def global_pool_facts(own, lines: list[str], first: int, fact: Callable) -> None:
    """Put the whole-map window first among ``own``'s facts (a Reading) when its title
    line names a global pooling and its input's size is stated square or not."""
    title = lines[first - 1] if 0 < first <= len(lines) else ""
    found = _GLOBAL.search(title)
    size = own.first("input")
    if found is None or size is None or "x" not in size.value:
        return
    h, w = size.value.split("x", 1)
    if h != w:  # one stride fact per layer: a non-square map's window is not written here
        return
    kind = "maxpool2d" if _MAX.search(found.group(0)) else "avgpool2d"
    how = "prose"
    own.facts[:0] = [
        fact("layer", kind, first, how),
        fact("kernel", f"{h}x{w}", first, how),
        fact("stride", h, first, how),
    ]
