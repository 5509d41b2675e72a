"""The sizes of a sentence about a pooling layer: which is the window, which the map pooled.

"$2\\times 2$ max pooling with stride 2", "Max pooling $2\\times2$, paso 2": a size written
against the pooling's own name is its window (the pooling has no kernel of weights, and
its name is where authors put the window).  "Take a single $4\\times 4$ feature map $P$ and
... pooling, giving a $2\\times 2$ map $Q$": a feature map is a convolution's output, but in a
sentence that pools it and names the map it gives, the first is the pooling's input and
the second its output.  Only the words decide; no size is tried against the equations.
"""

from __future__ import annotations

import dataclasses
import re

from symconv.checker import lexicon

# the pooling's own name (lexicon.MAX_POOL / AVERAGE_POOL, every language's), right after a
# size ("2x2 max pooling", "2x2 最大池化") or right before it ("max pooling 2x2", "pooling
# máximo de 2x2", "макс-пулинг 2x2")
_POOL_NAME = (
    rf"\b(?:{lexicon.MAX_POOL}|{lexicon.AVERAGE_POOL}|{lexicon.MAX_POOL_NAMED}|"
    rf"{lexicon.AVERAGE_POOL_NAMED}|"
    r"pool(?:ing)?\s+(?:max(?:imum)?|m[áa]ximo|average|promedio|medio))\b"
    rf"|{lexicon.MAX_POOL_UNBOUNDED}|{lexicon.AVERAGE_POOL_UNBOUNDED}"
)
_POOL_AFTER = re.compile(rf"^\s*(?:\(?\s*)?(?:{_POOL_NAME})", re.IGNORECASE)
# (the name in parentheses beside the notes' own words: "Gộp trung bình (average pooling)
# $2 \times 2$" is that pooling's window too)
_POOL_BEFORE = re.compile(rf"(?:{_POOL_NAME})\s*\)?\s*(?:de\s+|of\s+)?$", re.IGNORECASE)
_MAP = re.compile(r"^\s*(?:\w+\s+)?(?:feature\s+)?maps?\b|^\s*mapas?\b", re.IGNORECASE)
# the map named before its size: "a feature map Z of 4x4", "un mapa Z de 4x4"
_LETTER_MAP = re.compile(
    r"\b(?:feature\s+)?maps?\s+([A-Z])\s+(?:of\s+(?:size\s+)?)$|\bmapas?\s+([A-Z])\s+(?:de\s+)$",
    re.IGNORECASE,
)
_MAP_LETTER = re.compile(r"^\s*(?:\w+\s+)?(?:feature\s+)?maps?\s+([A-Z])\b|^\s*mapas?\s+([A-Z])\b")


def pool_sizes(text: str, found: list[tuple[str, str, str]], size: re.Pattern, role_for):
    """``found`` (a line's facts) with the sizes of a pooling sentence given their roles:
    the window beside the pooling's name is the kernel; of two maps, the first is the
    input."""
    sizes = list(size.finditer(text))
    roles: list[str | None] = []
    for m in sizes:
        if _POOL_AFTER.match(text[m.end() : m.end() + 30]) or _POOL_BEFORE.search(
            text[max(0, m.start() - 40) : m.start()]
        ):
            roles.append("kernel")
        else:
            roles.append(role_for(text, m.start(), m.end()))
    maps = [k for k, m in enumerate(sizes) if _MAP.match(text[m.end() :])]
    letters: list[str] = []
    for k, m in enumerate(sizes):  # "un mapa Z de 4x4 con pooling máximo": Z is pooled
        named = _LETTER_MAP.search(text[max(0, m.start() - 40) : m.start()])
        # (a feature map is a convolution's output, but here the map pooled)
        if named and roles[k] in (None, "output") and "input" not in roles:
            roles[k] = "input"
            letters.append(f"{named.group(1) or named.group(2)}=X")
    if len(maps) >= 2 and "input" not in roles:  # a map pooled, and the map it gives
        roles[maps[0]], roles[maps[-1]] = "input", "output"
        for k, role in ((maps[0], "X"), (maps[-1], "Z")):
            named = _MAP_LETTER.match(text[sizes[k].end() :])
            if named:
                letters.append(f"{named.group(1) or named.group(2)}={role}")
    if roles == [role_for(text, m.start(), m.end()) for m in sizes]:
        return found
    kept = [f for f in found if f[0] not in ("input", "kernel", "output")]
    if letters:  # "map $P$ ... map $Q$": P is what is pooled, Q what it gives
        said = [pair for f in kept if f[0] == "names" for pair in f[1].split(",")]
        named_letters = {pair.split("=")[0] for pair in letters}
        named_roles = {pair.split("=")[1] for pair in letters}
        pairs = letters + [
            pair
            for pair in said
            if pair.split("=")[0] not in named_letters and pair.split("=")[1] not in named_roles
        ]
        kept = [f for f in kept if f[0] != "names"] + [("names", ",".join(pairs), "prose")]
    new = []
    for m, role in zip(sizes, roles, strict=True):
        parts = [p for p in m.groups() if p is not None]
        if role is not None and len(parts) == 2:
            new.append((role, f"{parts[0]}x{parts[1]}", "prose"))
    return new + kept


def split_pool_kinds(own) -> list:
    """``own`` (a Reading) as one reading, or two when its prose turns from one pooling to
    the other ("Average pooling over the same windows is linear:"): from that line on, the
    other pooling with the same windows (the two are never one layer, and a max pooling's
    claims read as an average's, or the reverse, would be judged against the wrong layer)."""
    pools = [f for f in own.facts if f.key == "layer" and f.how == "prose"]
    if not pools or pools[0].value not in _KINDS:
        return [own]
    turn = next((f for f in pools if f.value in _KINDS and f.value != pools[0].value), None)
    if turn is None or turn.line <= pools[0].line:
        return [own]
    start = turn.line
    earlier = [f for f in own.facts if f.line < start]
    later = [f for f in own.facts if f.line >= start and f.key == "layer"][:1]
    rest = [f for f in own.facts if f.line >= start and f.key != "layer"]
    first = [f for f in earlier if f.key != "layer" or f.value == pools[0].value]
    second = [*later, *rest, *(f for f in earlier if f.key != "layer")]
    return [
        dataclasses.replace(own, facts=first + rest, conflicts=list(own.conflicts)),
        dataclasses.replace(own, line=start, facts=second, conflicts=[]),
    ]


_KINDS = ("maxpool2d", "avgpool2d")
