"""A network the notes themselves state, layer by layer: in a list ("1. **Conv1:** 4 filters
of size $3 \\times 3$ ..."), in one sentence of ``;``-separated layers ("entrada
$28\\times28\\times1$; conv1 con 8 filtros $5\\times5$, paso 1, sin relleno; max-pooling
$2\\times2$ paso 2; ...; capa densa de 10 salidas"), or in PyTorch code
(``nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), ...)``).

The network is read only when every layer of the description is read and the shapes chain:
an input shape, then for each convolution its filter count and kernel, for each pooling its
operation and window, for each dense layer its output width.  What the notes leave out is
recorded, not guessed: a convolution's stride or padding not stated leaves its output sides
unread (``sizes_stated``), and a bias neither stated nor denied leaves the counts to be
judged only where both readings agree (``bias_stated``).  Code states every option: what a
constructor leaves out is PyTorch's default.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from symconv.checker import lexicon
from symconv.checker.notes_network_code import Entry, code_networks, keras_code_networks
from symconv.checker.notes_network_letters import lettered_layers
from symconv.checker.notes_network_table import outputs_agree, table_descriptions
from symconv.checker.solution_heading import continues
from symconv.errors import SymconvError
from symconv.spec.network import Network, network_from_dict

_TIMES = r"\s*\$?\s*(?:\\times|×|x|\\cdot)\s*\$?\s*"
_SIDES = re.compile(rf"(\d+){_TIMES}(\d+)(?:{_TIMES}(\d+))?")
_FLATTEN = re.compile(r"\b(?:flatten\w*|aplan\w*|aplati\w*)\b", re.I)
_DENSE = re.compile(
    r"\b(?:dens[ae]|linear|lineal|fc\d*|fully[- ]connected|totalmente conectada|"
    r"enti[èe]rement connect\w*)\b",
    re.I,
)
_WIDTH = re.compile(
    r"(\d+)\s*\$?\s*(?:salidas|outputs|sorties|logits|neur\w+|units|unidades|classes|clases|"
    r"uitgangen|uitvoer\w*|Ausgänge|Ausgaben|saídas|uscite|klassen|Klassen|classi)\b",
    re.I,
)
_POOL = re.compile(r"pool\w*|\bagrupamiento\b|\bsubmuestreo\b|\bsubsampling\b", re.I)
# global pooling: one window over the whole map, its side the map's (read when the shapes chain)
_GLOBAL = re.compile(
    r"\bglobal[- ](?:average|avg|max)[- ]?pool\w*|\bGAP\b|\bGMP\b|"
    r"\b(?:average|max)[- ]?pool\w*\s+global\w*|\bpool\w*\s+(?:promedio\s+)?global\w*|"
    r"\b(?:agrupamiento|promedio)\s+global\b|AdaptiveAvgPool2d\(\s*1\s*\)",
    re.I,
)
_MAX = re.compile(r"\bmax|m[áa]ximo", re.I)
_AVG = re.compile(r"\baverage|\bavg|promedio|moyenne|\bmean\b", re.I)
_CONV = re.compile(r"\bconv\w*|\bfilt(?:ers?|ros?|res?)\b", re.I)
_COUNT = re.compile(
    r"(\d+)\s*(?:filters|filtros|filtres|Filter|filtri|kernels|noyaux|output channels|feature maps|"
    r"mapas de caracter[íi]sticas|canales de salida|canaux de sortie)\b",
    re.I,
)
# "$5 \times 5$ filters, 8 of them": the count after the filters' size
_OF_THEM = re.compile(
    r"\b(\d+)\s+(?:of them|such filters|de ellos|d'entre eux|davon|di essi|deles)\b", re.I
)
# a number that closes a size ("5 x 5 filters"): the filters' side, not their count
_SIZE_BEFORE = re.compile(r"(?:\\times|×|\bx|\\cdot)\s*$")
# "8@5x5", "conv 5x5 (8)": the filter count in a compact description
_COUNT_SHORT = re.compile(r"(\d+)\s*@|(?:\d+\s*(?:\\times|×|x)\s*\d+)\s*\$?\s*\(\s*(\d+)\s*\)")
# "max-pool 2", "MaxPool(2)", "2-max-pooling": a window without a size pair
_POOL_WINDOW = re.compile(
    r"pool\w*\s*\(?\s*(\d+)\b|\b(\d+)\s*[- ]?(?:max|avg|average)?[- ]?pool", re.I
)
# "FC 120", "dense(84)", "Linear-10", "a 64-unit layer": a dense layer's width
_DENSE_WIDTH = re.compile(
    r"\b(?:fc|dense|densa|linear)\s*[(-]\s*(\d+)|\b(?:fc|dense|densa|linear|fully[- ]connected)"
    r"(?:\s+layer)?\s+(?:of\s+|de\s+|with\s+|con\s+)?(\d{2,5})\b|\b(\d+)[- ]units?\b",
    re.I,
)
_ARROW = re.compile(r"\s*(?:\\to|\\rightarrow|\\longrightarrow|→|->|⟶)\s*")
_ONE_FILTER = re.compile(r"\b(?:un|a|one|el|the|le)?\s*(?:filter|filtro|filtre)\b", re.I)
_INPUT = re.compile(r"\b(?:input|entrada|entr[ée]e|image)\b", re.I)
# the input named in the lines right above the list ("recibe imágenes en gris de 1x48x48 y
# tiene esta arquitectura:"): more spellings, where no other layer can stand between
_INPUT_NEAR = re.compile(
    r"\b(?:inputs?|entradas?|entr[ée]es?|images?|im[áa]gen(?:es)?|Eingabe\w*|Eingangs\w*|"
    r"\w*[Bb]ild(?:er)?|immagin[ei]|imagens?|ingress[oi])\b",  # "Graustufenbilder der Größe"
    re.I,
)
_ONE_CHANNEL = re.compile(
    r"single[- ]channel|one[- ]channel|un solo canal|grayscale|escala de grises|un seul canal|"
    r"\ben gris\b|\bgrises\b|niveaux de gris|Graustufen",
    re.I,
)
# the words of every language lexicon.py reads ("passo 2", "krok 1", "dolgu 0", "nessun padding")
_STRIDE = re.compile(rf"\b(?:{lexicon.STRIDE})\s*(?:of\s*|de\s*|di\s*)?\$?\s*(\d+)|\bs(\d)\b", re.I)
_PAD = re.compile(
    rf"\b(?:{lexicon.PADDING}|pad)\s*(?:of\s*|de\s*|di\s*)?\$?\s*(\d+)|\bp(\d)\b", re.I
)
_NO_PAD = re.compile(rf"\b(?:{lexicon.NEGATION})\s+(?:{lexicon.PADDING})\b", re.I)
# one layer's own bias: "con bias", "with a bias", "sin sesgo", "bias=False"
_OWN_BIAS = re.compile(rf"\b(?:{lexicon.WITH})\s+(?:{lexicon.BIAS})\b|\bbias\s*=\s*True\b", re.I)
_OWN_NO_BIAS = re.compile(
    rf"\b(?:{lexicon.NEGATION})\s+(?:{lexicon.BIAS})\b|\bbias\s*=\s*False\b", re.I
)
# a dilated convolution: its window spans d(K - 1) + 1 rows, which changes its output side
_DILATION = re.compile(
    r"\b(?:dilation|dilataci[óo]n|dilatation|dilatazione)\s*(?:of\s*|de\s*|=\s*)?\$?\s*(\d+)",
    re.I,
)
# "dense 64 → 10", "fc 400 -> 120": a dense layer's input and output widths
_DENSE_ARROW = re.compile(
    r"\b(?:dens[ae]|linear|lineal|fc\d*|fully[- ]connected)\s+(\d+)\s*"
    r"(?:\\to|\\rightarrow|→|->)\s*(\d+)\b",
    re.I,
)
# a sentence about the biases only ("Todas las convoluciones con sesgo."): no layer of its own
_BIAS_ONLY = re.compile(
    r"^\W*(?:(?:all|every|todas las|toutes les)\s+(?:the\s+)?\w+\s+)?"
    r"(?:with|con|avec|have|tienen|ont)\s+(?:a\s+)?(?:bias\w*|sesgos?|biais)\W*$",
    re.I,
)
_ACTIVATION_ONLY = re.compile(r"^\W*(?:relu|tanh|sigmoid|sigmoide)\W*$", re.I)
# every convolution's stride and padding stated once for all of them
_ALL_CONVS = re.compile(
    r"\b(?:all|every|todas las|toutes les)\s+(?:convolutions?|capas|couches|layers)\b[^.]*", re.I
)
_BIAS_NO = re.compile(r"\b(?:no bias|without bias|sin sesgo|sans biais|bias=False)\b", re.I)
_LABELLED = re.compile(r"([A-Za-zÀ-ÿ]+\s*\d+)\s*\**\s*:")  # "**Conv1:**", "Couche 1 :"
_LABEL_ONLY = re.compile(r"^\W*[A-Za-zÀ-ÿ]+\s*\d+\s*:\s*$")  # "Layer 1:", "Capa 2 :"
_NAMED = re.compile(r"\b((?:conv|fc)\d{1,2})\b", re.I)  # "conv1 con 8 filtros", not "FC 120"
# stated for every layer at once
_BIAS_ALL = re.compile(
    r"\b(?:all|every|todas las|toutes les)\s+(?:the\s+)?(?:layers|capas|couches)\b[^.]*"
    r"\b(?:bias\w*|sesgos?|biais)\b",
    re.I,
)


# the counts asked for include the biases: "número de parámetros (pesos + sesgos)",
# "parameters (weights and biases)", "Parameter (mit Bias)", "including the biases"
_BIAS_COUNTED = re.compile(
    r"\(\s*(?:pesos|weights|Gewichte|poids)\s*(?:\+|y|and|und|et)\s*(?:sesgos|biases|Bias|biais)"
    r"\s*\)|\(\s*(?:with|mit|con|avec)\s+(?:bias|Bias|sesgos?|biais)\s*\)|"
    r"\b(?:including|incluyendo|inklusive|y sus|con sus|with their)\s+(?:the\s+|los\s+)?"
    r"(?:bias\w*|sesgos|Bias|biais)\b",
    re.I,
)


@dataclasses.dataclass(frozen=True)
class NotesNetwork:
    """A network stated by the notes, the line its description ends on, its layers' names
    as the notes write them (normalised: ``conv1``, ``capa2``), and what was stated."""

    net: Network
    start: int  # 0-based first line of the description
    end: int  # 0-based last line of the description
    names: dict[str, int]  # a label -> index into net.layers
    sizes_stated: bool
    bias_stated: bool
    table: bool = False  # stated as a table, one row a layer
    # its convolutions' filter counts are not stated (a quiz of sizes and receptive fields):
    # read with one filter each, so its counts are not the notes' (notes_network_table.py)
    unchanneled: bool = False


def label_of(stated: NotesNetwork, index: int) -> str | None:
    """The name the notes give layer ``index``: its own label ("conv1"), else its row's
    number ("layer 3"), else None."""
    labels = [k for k, v in stated.names.items() if v == index]
    own = [k for k in labels if not k.startswith("#")]
    if own:
        return own[0]
    return f"layer {labels[0][1:]}" if labels else None


def normal_name(label: str) -> str:
    return re.sub(r"\s+", "", label).lower()


def _entry(text: str, single_channel: bool, all_convs: str) -> Entry | str | None:
    """One layer of a prose description as a network-file entry; "input" for the input,
    "skip" for an activation or a flatten, None when it is not read."""
    plain = text.replace("$", " ")
    if _ACTIVATION_ONLY.match(plain) or _BIAS_ONLY.match(plain):
        return "skip"
    arrow = _DENSE_ARROW.search(plain)
    if arrow is not None:  # the stated input width is checked against the chain (_built)
        return {
            "kind": "dense",
            "in_features": int(arrow.group(1)),
            "out_features": int(arrow.group(2)),
        }
    if _DENSE.search(plain) or (_WIDTH.search(plain) and not _CONV.search(plain)):
        width = _WIDTH.search(plain) or _DENSE_WIDTH.search(plain)
        if width is None:
            return None
        return {"kind": "dense", "out_features": int(next(g for g in width.groups() if g))}
    if _FLATTEN.search(plain):
        return "skip"
    count = _filter_count(plain)
    sides = (_SIDES.search(plain, count.end()) if count else None) or _SIDES.search(plain)
    if _GLOBAL.search(plain) and count is None:
        is_max = bool(re.search(r"\bmax|\bGMP\b", plain, re.I))
        return {"kind": "maxpool2d" if is_max else "avgpool2d", "kernel": "global"}
    if _POOL.search(plain):
        is_max, is_avg = bool(_MAX.search(plain)), bool(_AVG.search(plain))
        window = _POOL_WINDOW.search(plain) if sides is None else None
        if is_max == is_avg or (sides is None and window is None):
            return None
        if sides is not None and sides.group(1) != sides.group(2):
            return None
        size = sides.group(1) if sides else next(g for g in window.groups() if g) if window else 0
        stride = _STRIDE.search(plain)
        entry: Entry = {"kind": "maxpool2d" if is_max else "avgpool2d", "kernel": int(size)}
        entry["stride"] = int(next(g for g in stride.groups() if g)) if stride else None
        return entry
    if _CONV.search(plain) and sides is not None:
        if count is None and not (single_channel and _ONE_FILTER.search(plain)):
            return None
        entry = {
            "kind": "conv2d",
            "out_channels": int(next(g for g in count.groups() if g)) if count else 1,
            "kernel": [int(sides.group(1)), int(sides.group(2))],
        }
        for key, found in (
            ("stride", _STRIDE.search(plain) or _STRIDE.search(all_convs)),
            ("padding", _PAD.search(plain) or _PAD.search(all_convs)),
        ):
            entry[key] = int(next(g for g in found.groups() if g)) if found else None
        dilation = _DILATION.search(plain)
        if dilation is not None:
            entry["dilation"] = int(dilation.group(1))
            if entry["stride"] is None and entry["padding"] is not None:
                # the layer's own options listed without a stride: PyTorch's 1
                entry["stride"] = 1
        if entry["padding"] is None and (  # (not Portuguese "no padding": in the padding)
            lexicon.negated(_NO_PAD, plain) or lexicon.negated(_NO_PAD, all_convs)
        ):
            entry["padding"] = 0
        return entry
    if _INPUT.search(plain) and sides is not None:
        return "input"
    if sides is None and not _CONV.search(plain):  # "Toutes les couches ont des biais."
        return "skip"
    return None


def _filter_count(plain: str) -> re.Match | None:
    """The match of a convolution's filter count: "8 filters", "8 of them", "8@5x5"; never
    the second side of a size written before the word ("$5 \times 5$ filters")."""
    for m in _COUNT.finditer(plain):
        if not _SIZE_BEFORE.search(plain[: m.start()]):
            return m
    return _OF_THEM.search(plain) or _COUNT_SHORT.search(plain)


def _input_shape(
    text: str, first: Entry, single_channel: bool, words: re.Pattern[str] = _INPUT
) -> list[int] | None:
    """[H, W, C] from "entrada $28\\times28\\times1$", "input $1 \\times 28 \\times 28$",
    "single-channel $12 \\times 12$ image" (the channels first or last: whichever side the
    two equal sides leave, or the first layer's stated input channels)."""
    after_word = re.finditer(rf"{words.pattern}[^.;\n]{{0,40}}?{_SIDES.pattern}", text, re.I)
    # "takes $3 \times 32 \times 32$ images": the shape written before its word
    before_word = re.finditer(rf"{_SIDES.pattern}\$?\s*(?:RGB\s+)?{words.pattern}", text, re.I)
    for m in sorted([*after_word, *before_word], key=lambda found: found.start()):
        a, b = int(m.group(1)), int(m.group(2))
        stated = first.get("in_channels")
        if m.group(3) is None:
            channels = stated or (1 if single_channel else (3 if "RGB" in text else None))
            return [a, b, channels] if a == b and channels else None
        c = int(m.group(3))
        if stated is not None:
            if a == stated and b == c:
                return [b, c, a]
            return [a, b, c] if c == stated and a == b else None
        if "RGB" in text:
            return [b, c, a] if a == 3 and b == c else [a, b, c] if c == 3 and a == b else None
        if a == b != c:
            return [a, b, c]
        if b == c != a:
            return [b, c, a]
        return [a, b, c] if a == b == c else None
    # "Input: one RGB image, $H_0 = 64$": the input's side by its letter (a square input)
    side = re.search(rf"{words.pattern}[^.;\n]{{0,40}}?{_INPUT_SIDE.pattern}", text, re.I)
    if side is not None:
        channels = first.get("in_channels") or (
            1 if single_channel else (3 if "RGB" in text else None)
        )
        return [int(side.group("side"))] * 2 + [channels] if channels else None
    return None


# the input's side by its letter: H_0 = 64, H_{in} = 32, H = W = 28, n_H^{[0]} = 64
_INPUT_SIDE = re.compile(
    r"\$\s*(?:H|n_H|H_\{?(?:0|in)\}?|n_H\^\{\[0\]\})\s*(?:=\s*W(?:_\{?(?:0|in)\}?)?\s*)?"
    r"=\s*(?P<side>\d+)\s*\$"
)


def _prose_entries(document: list[str]) -> list[tuple[int, int, list[str], list[str]]]:
    """Layer descriptions: a run of list items, or a line of ;-separated parts, each with
    two or more layer parts; as (first line, last line, parts, labels)."""
    found = []
    i = 0
    while i < len(document):
        line = document[i]
        if re.match(r"\s*(?:[-*]|\d+\.)\s+", line):
            j = i
            while j + 1 < len(document) and re.match(r"\s*(?:[-*]|\d+\.)\s+", document[j + 1]):
                j += 1
            items = [re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", x) for x in document[i : j + 1]]
            if sum(1 for x in items if _CONV.search(x) or _POOL.search(x)) >= 1 and len(items) > 1:
                found.append((i, j, items))
            i = j + 1
            continue
        parts = [
            p
            for part in re.split(r";|" + _ARROW.pattern, line)
            for p in re.split(r"(?<=[.:])\s+(?=\**[A-ZÀ-Ý])", part)
            if p.strip()
        ]
        if len(parts) >= 2 and sum(1 for p in parts if _CONV.search(p) and _SIDES.search(p)) >= 1:
            found.append((i, i, parts))
        i += 1
    return [(a, b, parts, [_label(p) for p in parts]) for a, b, parts in found]


def item_numbers(document: list[str], first: int, last: int) -> list[int | None] | None:
    """The numbers a numbered list gives its layers ("1. Conv 3x3, 8 filters", "2. ReLU", "3.
    Max-pool 2x2"), when it numbers every step -- an activation or a flatten is an item of
    its own -- and the items carry no numbered names of their own ("Conv1"): then "H_3" is
    item 3's output, as a table's "#" column says (notes_network_table.py); else None."""
    items = document[first : last + 1]
    found = [re.match(r"\s*(\d+)\.\s+(.*)", text) for text in items]
    if any(m is None for m in found) or len(items) < 3:
        return None
    numbers = [int(m.group(1)) for m in found if m is not None]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    words = [re.sub(r"\$[^$]*\$|[*_`]", " ", m.group(2)) for m in found if m is not None]
    steps = [w for w in words if _ACTIVATION_ONLY.match(w) or _FLATTEN.fullmatch(w.strip(" .:"))]
    if not steps or any(_LABELLED.search(w) or _NAMED.search(w) for w in words):
        return None
    return list(numbers)


def _label(part: str) -> str:
    """The name a layer's part gives it: the last "Name N:" in it, else a "conv1"."""
    plain = part.replace("*", "")
    labelled = list(_LABELLED.finditer(plain))
    m = labelled[-1] if labelled else _NAMED.search(plain)
    return normal_name(m.group(1)) if m else ""


def _from_prose(
    document: list[str],
    first: int,
    last: int,
    parts: list[str],
    labels: list[str],
    numbers: list[int | None] | None = None,
) -> tuple[list[Entry], list[int], dict[str, int], bool, bool] | None:
    """The entries, input shape, names (a row's own number ``k`` of a numbered table as
    ``#k``), and whether the sizes and the biases are stated."""
    before = "\n".join(document[max(0, first - 3) : last + 1])
    region = "\n".join(document[max(0, first - 12) : paragraph_after(document, last)])
    single = bool(_ONE_CHANNEL.search(region))
    all_convs = " ".join(m.group(0) for m in _ALL_CONVS.finditer(region))
    entries: list[Entry] = []
    names: dict[str, int] = {}
    sizes_stated = True
    has_input = False
    input_text = ""
    own_bias: list[bool] = []  # per layer with parameters: its bias stated
    pending = ""  # "Layer 1:" split off its layer ("Layer 1: CONV, ..."): the next one's name
    for n, (part, label) in enumerate(zip(parts, labels, strict=True)):
        entry = _entry(part, single, all_convs)
        if entry == "skip" and label and _LABEL_ONLY.match(part.replace("*", "")):
            pending = label
            continue
        label, pending = label or pending, ""
        bare = n == 0 and _SIDES.search(part) and not (_CONV.search(part) or _POOL.search(part))
        if entry is None and bare:  # "$32\times32\times3$ \to conv ...": the input first
            entry, part = "input", "input " + part
        if entry is None:
            return None
        if entry == "input":
            has_input, input_text = True, part
            continue
        if entry == "skip":
            continue
        assert isinstance(entry, dict)
        for key in ("stride", "padding"):
            if key in entry and entry[key] is None:
                sizes_stated = False
                del entry[key]
        if label:
            names[label] = len(entries)
        if numbers is not None and numbers[n] is not None:
            names[f"#{numbers[n]}"] = len(entries)
        if entry["kind"] in ("conv2d", "dense"):  # the layer's own words on its bias
            no_bias = lexicon.negated(_OWN_NO_BIAS, part)  # (not "o gradiente no bias")
            own_bias.append(bool(_OWN_BIAS.search(part)) or no_bias)
            if no_bias:
                entry["bias"] = False
        entries.append(entry)
    if len(entries) < 2 or not any(e["kind"] == "conv2d" for e in entries):
        return None
    text = (input_text + "\n" + before) if has_input else region
    shape = _input_shape(text, {}, single)
    if shape is None and not has_input:
        shape = _input_shape(before, {}, single, _INPUT_NEAR)
    if shape is None:
        return None
    asked = "\n".join(document[max(0, first - 12) : last + 5])  # the question under the list
    bias = _BIAS_NO.search(region) is None and (
        _BIAS_ALL.search(region) is not None or _BIAS_COUNTED.search(asked) is not None
    )
    if own_bias and all(own_bias):  # every layer says whether it has a bias
        return entries, shape, names, sizes_stated, True
    denied = _BIAS_NO.search(region) is not None
    if denied:
        for e in entries:
            if e["kind"] in ("conv2d", "dense"):
                e["bias"] = False
    return entries, shape, names, sizes_stated, bias or denied


def paragraph_after(document: list[str], last: int) -> int:
    """The end of the lines right under a description ("All convolutions and the dense
    layer have biases." after a blank line speaks of its layers): up to 4, never past a
    heading."""
    end = last + 1
    for text in document[last + 1 : last + 5]:
        if re.match(r"\s*#", text):
            break
        end += 1
    return end


def _built(entries: list[Entry], shape: list[int]) -> Network | None:
    """The network, when the shapes chain and every stated input width agrees."""
    stated = [(e.pop("in_channels", None), e.pop("in_features", None)) for e in entries]
    try:
        for n, entry in enumerate(entries):  # a global pool's window is the map it gets
            if entry.get("kernel") == "global":
                layers = {"name": "the notes' network", "input": shape, "layers": entries[:n]}
                _, h, w = network_from_dict(layers).shapes()[-1][2] if n else (0, *shape[:2])
                entry["kernel"] = entry["stride"] = [h, w]
        net = network_from_dict({"name": "the notes' network", "input": shape, "layers": entries})
        shapes = net.shapes()
    except (SymconvError, ValueError, TypeError):
        return None
    if len(shapes) != len(entries):
        return None
    for (channels, features), (_, shape_in, _) in zip(stated, shapes, strict=True):
        if channels is not None and shape_in[0] != channels:
            return None
        if features is not None:
            flat = 1
            for n in shape_in:
                flat *= n
            if flat != features:
                return None
    return net


def networks(document: list[str]) -> tuple[NotesNetwork, ...]:
    """Every network the notes state, in order (one whose filter counts are unstated too)."""
    return _networks(tuple(document))


@functools.lru_cache(maxsize=32)
def _networks(document: tuple[str, ...]) -> tuple[NotesNetwork, ...]:
    lines = list(document)
    found: list[NotesNetwork] = []
    for first, last, parts, labels in [*_prose_entries(lines), *lettered_layers(lines)]:
        read = _from_prose(lines, first, last, parts, labels, item_numbers(lines, first, last))
        if read is None:
            continue
        entries, shape, names, sizes_stated, bias_stated = read
        net = _built(entries, shape)
        if net is not None:
            found.append(NotesNetwork(net, first, last, names, sizes_stated, bias_stated))
    for first, last, parts, labels, outputs, numbers, unchanneled in table_descriptions(lines):
        read = _from_prose(lines, first, last, parts, labels, numbers)
        if read is None:
            continue
        entries, shape, names, sizes_stated, bias_stated = read
        net = _built(entries, shape)
        shapes = [out for _, _, out in net.shapes()] if net is not None else []
        if net is not None and outputs_agree(shapes, names, labels, outputs):
            found.append(
                NotesNetwork(net, first, last, names, sizes_stated, bias_stated, True, unchanneled)
            )
    for first, last, entries, code_labels in code_networks(lines):
        before = "\n".join(lines[max(0, first - 6) : first])
        first_conv: Entry = next((e for e in entries if "in_channels" in e), {})
        given = _input_shape(before, first_conv, bool(_ONE_CHANNEL.search(before)), _INPUT_NEAR)
        after = _paragraph_below(lines, last)
        if given is None and after:  # "Inputs are CIFAR batches of shape N x 3 x 32 x 32."
            given = _input_shape(after, first_conv, bool(_ONE_CHANNEL.search(after)), _INPUT_NEAR)
        if given is None:
            continue
        net = _built([dict(e) for e in entries], given)
        if net is not None:
            found.append(NotesNetwork(net, first, last, code_labels, True, True))
    for first, last, entries, shape in keras_code_networks(lines):
        net = _built(entries, shape)  # (Keras code states every option, as PyTorch's does)
        if net is not None:
            found.append(NotesNetwork(net, first, last, {}, True, True))
    return tuple(sorted(found, key=lambda n: n.start))


# a paragraph about another input than the model's: "if you feed it 64 x 64 images"
_WHAT_IF = re.compile(r"\b(?:if|would|suppose|instead|si|wenn|falls|se)\b", re.I)


def _paragraph_below(lines: list[str], fence: int) -> str:
    """The prose paragraph right below a code block's closing fence (0-based), which states
    the input the code's model takes ("Inputs are batches of shape N x 3 x 32 x 32"): ""
    when there is none or it speaks of a what-if."""
    k = fence + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    rows = []
    while k < len(lines) and lines[k].strip() and not re.match(r"\s*(?:#|```|~~~|\|)", lines[k]):
        rows.append(lines[k])
        k += 1
    text = "\n".join(rows)
    return "" if _WHAT_IF.search(re.sub(r"\$[^$]*\$", " ", text)) else text


def notes_network(
    document: list[str], line: int, inside: bool = False, unchanneled: bool = False
) -> NotesNetwork | None:
    """The network the notes state last before the (1-based) line, when no heading of its
    level or above stands between its description and the line; with ``inside``, a table
    whose rows hold the line too (a row's count cell speaks of the row's layer, which the
    other cells describe).  A network whose filter counts are not stated only for a caller
    that reads ``unchanneled`` (its counts are not the notes')."""
    before = [
        n
        for n in networks(document)
        if (n.end < line - 1 or (inside and n.table and n.start + 2 <= line - 1 <= n.end))
        and (unchanneled or not n.unchanneled)
    ]
    if not before:
        return None
    net = before[-1]
    if len(_networks(tuple(document))) == 1 and continues(document, net.start, line - 1):
        return net  # "## Esercizio 2 — Testo" (the network), then "## Soluzione"
    level = _section_level(document, net.start)
    ends = [
        k
        for k in range(net.end + 1, line - 1)
        if (m := re.match(r"(#+)\s", document[k])) and len(m.group(1)) <= level
    ]
    if ends and not _labelled_section(net, document[ends[-1] + 1 : line]):
        return None  # (the claim's own section, after the last such heading, decides)
    return net


# a line that opens with one layer's name: a row's first cell, an item, a paragraph's word
_OPENING_NAME = re.compile(r"\s*(?:\|\s*|[-*+]\s+)?\**\s*([A-Za-z]+_?\d+|[A-Za-z]+_[A-Za-z0-9]+)\b")


def _labelled_section(net: NotesNetwork, lines: list[str]) -> bool:
    """The claim's section, from its heading to the claim's line, has a line that opens with
    a name the notes' own description gives one of the network's layers (``# L3`` in its
    code, ``self.conv2``): under a later heading, a "| L3 conv | ..." row, its table's
    total after it, or "L5 runs its filters ..." are still about that network."""
    for text in lines:
        m = _OPENING_NAME.match(text)
        if m and m.group(1).lower() in net.names:
            return True
    return False


def _section_level(document: list[str], at: int) -> int:
    for text in reversed(document[: at + 1]):
        m = re.match(r"(#+)\s", text)
        if m:
            return len(m.group(1))
    return 0
