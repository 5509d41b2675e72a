"""Global average (or max) pooling: one window as large as the map.

"## Global average pooling", "GAP", "pooling promedio global", "moyenne globale",
``nn.AdaptiveAvgPool2d(1)``, ``GlobalAveragePooling2D``: the layer reduces each channel to
one number, ``g_c = \\frac{1}{HW} \\sum_{i,j} A_{c,i,j}``, so its window is the whole input
map and nothing else is a window of it.  Without this reading the section would inherit
the 2x2 window of an earlier pooling and judge ``z_c = \\frac{1}{16}\\sum a_{c,i,j}`` on
a 4x4 map against four outputs per channel, a false alarm.

A section that names the global pooling (not only in its title), defines its output
(``y_c = \\frac{1}{HW} \\sum_{i,j} x_{c,i,j}``) and states the map's sides (``H = W = 3``,
"a 4x4 map") and its channels (``C = 2``), is read as that layer: an average pool of window
H x W and stride H x W on C channels, whose output has one entry per channel, ``y_c`` --
exactly what the layer's own reader then judges entry by entry (``dL/dx_{c,i,j} = g_c /
(HW)``).  H, W and C are the map's sides and channels wherever the
notes write them, and the letters of the definition take their roles (the one summed is
the input, the one defined the output), whatever letters the notes choose.  The sections
after it that state no layer of their own go on with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_GLOBAL = re.compile(
    r"\bglobal(?:e|es)?\s+(?:average|avg|mean|max(?:imum)?)[- ]pool\w*|\bGAP\b|\bGMP\b|"
    r"\bpooling\s+(?:promedio\s+|medio\s+|máximo\s+|maximo\s+|moyen\s+|m[ée]dio\s+)?global\w*|"
    r"\b(?:promedio|media|máximo|m[ée]dia)\s+global\b|\bmoyenne\s+globale\b|"
    r"\bglobales?\s+\w*pooling\b|\bglobal(?:es)?\s+(?:average|mittelwert|max)\w*[- ]?pooling\b|"
    r"\bküresel\s+(?:ortalama|maksimum)\s+havuzlama\w*|"
    r"(?:グローバル|大域)(?:平均|最大)(?:値)?プーリング|全局(?:平均|最大)池化|전역\s*(?:평균|최대)\s*풀링|"
    r"\bAdaptive(?:Avg|Max)Pool2d\(\s*(?:1|\(\s*1\s*,\s*1\s*\))\s*\)|"
    r"\bGlobal(?:Average|Max)Pooling2D\b|\badaptive_(?:avg|max)_pool2d\(\s*\w+\s*,\s*1\s*\)",
    re.IGNORECASE,
)
# any other pooling named: a windowed one ("2x2 max pooling", AvgPool2d(2), "the pool")
_WINDOWED = re.compile(r"pool|池化|プーリング|풀링|havuzlama", re.IGNORECASE)
_MAX = re.compile(r"\bmax|\bmáximo|\bmaksimum|\bGMP\b|最大", re.IGNORECASE)

# the map's sides and channels, as letters set to numbers: "H = W = 3", "$H = 4$, $W = 6$",
# "$H \times W = 7 \times 7$", "C = 2"
_SQUARE = re.compile(r"(?<![A-Za-z\\_])H\s*=\s*W\s*=\s*(\d{1,3})(?![\d.])")
_HEIGHT = re.compile(r"(?<![A-Za-z\\_])H\s*=\s*(\d{1,3})(?![\d.])")
_WIDTH = re.compile(r"(?<![A-Za-z\\_])W\s*=\s*(\d{1,3})(?![\d.])")
_PRODUCT = re.compile(
    r"(?<![A-Za-z\\_])H\s*(?:\\times|\\cdot|×|x)\s*W\s*=\s*(\d{1,3})\s*(?:\\times|×|x)\s*(\d{1,3})"
)
# the map's sides as letters in a formula: \frac{1}{HW}, \frac{1}{H \cdot W}, H W
_USES_SIDES = re.compile(r"(?<![A-Za-z\\])H\s*(?:\\cdot\s*|\\times\s*)?W(?![A-Za-z])")
_SIZE = re.compile(r"(\d+)\s*(?:\\times|×|x)\s*(\d+)")
# "A of shape $8 \times 7 \times 7$ (channels, height, width)": the order said in words
_TRIPLE = re.compile(
    r"(\d+)\s*(?:\\times|×)\s*(\d+)\s*(?:\\times|×)\s*(\d+)\s*\$?\s*"
    r"\(\s*(channels|canales|canali|canaux|Kanäle|C)\s*,\s*(?:height|alto|altezza|hauteur|"
    r"Höhe|H)\s*,\s*(?:width|ancho|larghezza|largeur|Breite|W)\s*\)",
    re.IGNORECASE,
)
# a tensor's shape, V \in \mathbb{R}^{3 \times 2}: a matrix's, not a map's size
_SHAPES = re.compile(r"\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{[^{}]*\}")
_CHANNELS = re.compile(r"(?<![A-Za-z\\_])C\s*=\s*(\d{1,4})(?![\d.])")
# the definition: y_c = \frac{1}{HW} \sum_{i,j} x_{c,i,j} (the letters' roles; its
# normaliser may be written 1/(HW), \frac{1}{H W}, \frac{1}{H \cdot W})
_LETTER = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])\}?"
_DEFINITION = re.compile(
    _LETTER + r"\s*_\s*\{?\s*([a-z])\s*\}?\s*=\s*\\frac\s*\{\s*1\s*\}\s*\{[^{}]*\}\s*"
    r"(?:\\sum\s*(?:\\limits\s*)?(?:_\s*\{[^{}]*\}|_\s*[a-z])?\s*(?:\^\s*\{[^{}]*\}|\^\s*\w)?\s*)+"
    + _LETTER
    + r"\s*_\s*\{\s*([a-z])\s*,"
)
GLOBAL_HOW = "prose"  # stated by the words: as strong as any sentence of the notes
# the letters a global pooling binds (H, W, C as its map's sides and channels, the
# definition's names): its own, never a later section's that reads another layer (the
# checker passes every section's names and size letters on to the next)
GLOBAL_LETTERS = "the global pooling's letters"


def _named(text: str) -> re.Match[str] | None:
    return _GLOBAL.search(text)


def _map_sides(text: str) -> tuple[int, int] | None:
    """(H, W) the notes set by letters, or None."""
    m = _SQUARE.search(text)
    if m is not None:
        return int(m.group(1)), int(m.group(1))
    m = _PRODUCT.search(text)
    if m is not None:
        return int(m.group(1)), int(m.group(2))
    heights = {int(v) for v in _HEIGHT.findall(text)}
    widths = {int(v) for v in _WIDTH.findall(text)}
    if len(heights) == 1 and len(widths) == 1:
        return heights.pop(), widths.pop()
    return None


# "Here $V$ is $10 \times 8$": the shape of a named tensor (the map's own letter aside)
_NAMED_SHAPE = re.compile(r"([A-Za-z])\}?\$?\s*(?:is|es|è|est|ist)\s*\$?\s*$")


def _map_sizes(section: str, names: str) -> set[tuple[int, int]]:
    """The sizes the section writes that may be a map's: not a tensor's shape in R^{...},
    not a shape named with its axes (channels, height, width), not another letter's."""
    text = _TRIPLE.sub("", _SHAPES.sub("", section))
    own = {"x", "X"} | {p.split("=")[0] for p in names.split(",") if p.endswith("=X")}
    found = set()
    for m in _SIZE.finditer(text):
        named = _NAMED_SHAPE.search(text[max(0, m.start() - 20) : m.start()])
        if named is None or named.group(1) in own:
            found.add((int(m.group(1)), int(m.group(2))))
    return found


def _triple(text: str) -> tuple[tuple[int, int], int] | None:
    """((H, W), C) of a shape written channels first with its axes named, or None."""
    m = _TRIPLE.search(text)
    if m is None:
        return None
    return (int(m.group(2)), int(m.group(3))), int(m.group(1))


def _roles(text: str) -> str:
    """``names`` for the definition's letters: the summed one the input, the other the
    output (``g_c = ... A_{c,i,j}``: A=X, g=Z), when the channel index is the same."""
    m = _DEFINITION.search(text)
    if m is None or m.group(2) != m.group(4) or m.group(1) == m.group(3):
        return ""
    out, into = m.group(1), m.group(3)
    pairs = [] if into in ("x", "X") else [f"{into}=X"]
    pairs += [] if out in ("y", "z", "Y", "Z") else [f"{out}=Z"]
    return ",".join(pairs)


def global_pool_facts(
    own, lines: list[str], first: int, fact: Callable, last: int | None = None, previous=None
) -> None:
    """Put the whole-map window first among ``own``'s facts (a Reading) when its title
    line names a global pooling and its input's size is stated square; or, when its prose
    names one (or the section goes on from a global pooling, ``previous``, stating no layer
    of its own), the whole layer: window, stride, input, channels, size letters, names."""
    if last is not None:
        if _whole_layer(own, lines, first, last, previous, fact):
            return
        own.facts[:] = [f for f in own.facts if f.how != GLOBAL_LETTERS]
    title = lines[first - 1] if 0 < first <= len(lines) else ""
    found = _named(title)
    size = own.first("input")
    carried = getattr(previous, "global_pool", None)
    if size is not None and carried is not None and size.line == carried[4]:
        size = None  # the last global pooling's map, where this section writes its own
    if found is not None and size is not None and "x" in size.value:
        h, w = size.value.split("x", 1)
        if h == w:  # one stride fact per layer: a non-square map's window is not written here
            kind = "maxpool2d" if _MAX.search(found.group(0)) else "avgpool2d"
            own.facts[:0] = [
                fact("layer", kind, first, GLOBAL_HOW),
                fact("kernel", f"{h}x{w}", first, GLOBAL_HOW),
                fact("stride", h, first, GLOBAL_HOW),
            ]
            return


_OWN_LAYER = ("conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d", "dense")


# a heading, and a lettered part's ("## c) Gradient w.r.t. the map", "**(b)**")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LETTERED = re.compile(r"^\s{0,3}#{1,6}\s*\(?[a-h]\s*[).]")


def _goes_on(line: str) -> bool:
    """Whether a part beginning with ``line`` goes on with the last part's global pooling:
    a part of the same section (no heading of its own: a paragraph, a bold lead-in, an
    answer of the same thread), or a lettered part of the same exercise; a section with a
    heading of its own is another topic."""
    return _HEADING.match(line) is None or _LETTERED.match(line) is not None


def _states_other_layer(own, first: int, last: int) -> bool:
    """Whether the section's own words state a layer other than a pooling."""
    return any(
        f.key == "layer" and f.how == "prose" and f.value in _OWN_LAYER and first <= f.line <= last
        for f in own.facts
    )


def _whole_layer(own, lines: list[str], first: int, last: int, previous, fact) -> bool:
    """Whether the section was read as a whole global pooling (its facts put first)."""
    section = "\n".join(lines[first - 1 : last])
    found = _named(section)
    carried = getattr(previous, "global_pool", None)
    if carried is not None and not _goes_on(lines[first - 1] if first > 0 else ""):
        carried = None  # "## 4. Nearest-neighbour upsampling": another topic
    if found is None and carried is None:
        return False
    if _states_other_layer(own, first, last):
        return False
    text = "\n".join(lines[:last])  # the sides and channels may be stated before
    average = carried is not None and carried[0] == "avgpool2d"
    if found is not None and average and _MAX.search(found.group(0)):
        # "the same holds for global max pooling": from that line on the other pooling
        # (pool_prose.split_pool_kinds splits the section there); the claims before it
        # are still the average's
        at = first + section[: found.start()].count("\n")
        own.facts[:0] = [fact("layer", "maxpool2d", at, GLOBAL_HOW)]
        found = None
    if found is not None:
        at = first + section[: found.start()].count("\n")
        stated = own.first("input")
        own_input = (
            (int(stated.value.split("x")[0]), int(stated.value.split("x")[1]))
            if stated is not None
            and stated.how == "prose"
            and first <= stated.line <= last
            and re.fullmatch(r"\d+x\d+", stated.value)
            else None
        )
        # what the notes stated before this section is this map's only as the last global
        # pooling's, or where the section writes the letters H and W they set (an image's
        # "H = W = 28" earlier is not the pooled map of a section that writes neither)
        tied = _USES_SIDES.search(section) is not None
        earlier = text if tied else section
        if _WINDOWED.search(_GLOBAL.sub(" ", section)) is not None:
            # "the average pool halves them to 8x8 ... then global average pooling": a
            # windowed pooling's claims in the same section are not the global one's
            return _not_this_map(own, carried, fact)
        if carried is None and _DEFINITION.search(earlier) is None:
            # a network that ends in GlobalAveragePooling2D(), a table's "gap" row: a layer
            # among others; the section is about the pooling where it defines its output
            # (y_c = \frac{1}{HW} \sum x_{c,i,j}), not where it only names it
            return False
        names = _roles(section) or (carried[3] if carried is not None else _roles(earlier))
        triple = _triple(section) or _triple(earlier)
        sides = _map_sides(section) or own_input
        written = _map_sizes(section, names)
        before = carried[1] if carried is not None else _map_sides(earlier)
        before = before or (triple[0] if triple is not None else None)
        if sides is None and written <= ({before} if before is not None else set()):
            # the sides stated before, unless the section writes sizes of its own ("on a
            # 7x7 map, AvgPool2d(7) is the GAP"): then which map it pools is not read
            sides = before
        channels = _CHANNELS.findall(section)
        if not channels and carried is not None and carried[2] is not None:
            channels = [str(carried[2])]
        channels = channels or _CHANNELS.findall(earlier)
        if not channels and triple is not None:
            channels = [str(triple[1])]
        if sides is None or len(set(channels)) > 1:
            # no map, or two channel counts: which the pooled map has is not read
            return _not_this_map(own, carried, fact)
        kind = "maxpool2d" if _MAX.search(found.group(0)) else "avgpool2d"
        layer = (kind, sides, int(channels[0]) if channels else None, names, at)
    else:
        layer = carried
    facts = _layer_facts(layer, fact)
    at = layer[4]
    keys = {f.key for f in facts} - {"sizes", "names"}
    # a later pooling word of the section (the max after the average) stays, to split it
    kept = [f for f in own.facts if f.key not in keys or (f.key == "layer" and f.line > at)]
    own.facts[:] = [*facts, *kept]
    own.global_pool = layer
    return True


def _not_this_map(own, carried: tuple | None, fact: Callable) -> bool:
    """A section that names a global pooling it is not read as: the last global pooling's
    map (inherited) is not its map either, nor the window its title names (True: no other
    reading of the title); with no pooling before it, the section is read as usual."""
    if carried is None:
        return False
    gone = {(f.key, f.value) for f in _layer_facts(carried, fact) if f.key != "layer"}
    own.facts[:] = [f for f in own.facts if (f.key, f.value) not in gone]
    return True


def _layer_facts(layer: tuple, fact: Callable) -> list:
    """The facts of a global pooling ``(kind, (H, W), channels, names, line)``."""
    kind, (h, w), count, names, at = layer
    stride = str(h) if h == w else f"{h}x{w}"
    facts = [
        fact("layer", kind, at, GLOBAL_HOW),
        fact("input", f"{h}x{w}", at, GLOBAL_HOW),
        fact("kernel", f"{h}x{w}", at, GLOBAL_HOW),
        fact("stride", stride, at, GLOBAL_HOW),
        fact("sizes", "H=input-height,W=input-width", at, GLOBAL_LETTERS),
    ]
    if count is not None:
        facts.append(fact("in-channels", str(count), at, GLOBAL_HOW))
        facts.append(fact("sizes", "C=in-channels", at, GLOBAL_LETTERS))
    if names:
        facts.append(fact("names", names, at, GLOBAL_LETTERS))
    return facts
