"""A size or count named on the left, about the layer a PyTorch constructor near it writes.

Cheat sheets, exam solutions and notebooks name a quantity and the layer it belongs to
in different places: a table row "| Faltung | `Conv2d(3, 16, 3, padding=1)`, Eingabe
$32 \\times 32$ | $H' = ... = 32$ |", a question "`nn.Conv2d(3, 16, 5, stride=2, padding=2)`,
seguita da `nn.Conv2d(16, 32, 3, padding=1)`" answered by "b) Parametri del secondo strato:
$P_2 = ...$", a paragraph "**Depthwise** -- `nn.Conv2d(32, 32, 3, groups=32)`: ..." before
$P_{dw} = ...$, a code cell ``up = nn.ConvTranspose2d(...)`` before $P_{up} = ...$.

Which layer: the constructors of the nearest passage before the claim that writes any
(the claim's table row alone when it stands in a table; else its paragraph, then the
paragraphs and code cells above it, up to a heading or a rule).  A name without a layer
number (``H'``, ``H_{out}``, ``P``, ``P_{dw}``) is about the one constructor of that passage;
``H_1``, ``P_2`` about the first and second of its constructors in the order written.  Two
constructors for a name without a number, a number past the list, or a passage in between
that states another stride, padding, kernel or dilation ("if the first layer used
`padding=1`") leave the claim to the other readers.

Which quantity: an output side by its letter (``H``, ``W``, ``L``, ``O`` with a prime, an
"out" subscript or a layer number under words of output), a parameter count by ``P`` (with
words of parameters around it) or ``N_param``.  The truth is computed from the constructor
with PyTorch's defaults (stride 1 -- a pooling's stride its window --, padding 0, dilation 1,
output padding 0, a bias):

- convolution and pooling (floor mode): floor((H + 2p - d(k - 1) - 1)/s) + 1, the windows
  whose last tap d(k - 1) past the first fits in the padded input, one per stride;
- transposed convolution: (H - 1)s - 2p + d(k - 1) + output_padding + 1, the size whose
  convolution with those settings gives back H (the adjoint's domain);
- parameters: layer_counts.constructor_count (weights C_out C_in/g k^dims, one bias per
  output).

The input side H is the one size the passage writes for the layer ("Eingabe $32 \\times
32$", "a $3 \\times 64 \\times 64$ image" whose channels are the layer's, "a signal of length
9"), and is needed only for an output side of the first layer listed; a size next to a word
of kernels or windows is the kernel's, and two sizes leave the input unread.
"""

from __future__ import annotations

import dataclasses
import re
from fractions import Fraction

from symconv.checker.bound_sizes import compare, numeric_sides
from symconv.checker.explicit_padding import pads_explicitly
from symconv.checker.layer_counts import (
    PARAM_WORDS,
    _arguments,
    bias_said,
    constructor_count,
    sentence_around,
)
from symconv.checker.prose import without_what_ifs
from symconv.checker.report import VERIFIED
from symconv.checker.scope_facts import facts
from symconv.checker.size_names import flatten, left_side
from symconv.checker.stated_values import lettered_sides

_CALL = re.compile(
    r"(?:\b(?P<var>[A-Za-z_]\w*)\s*=\s*)?(?:torch\.)?(?:nn\.)?\b"
    r"(?P<kind>ConvTranspose|Conv|MaxPool|AvgPool|Linear)(?P<dims>[123]d)?\s*"
    r"\((?P<args>(?:[^()]|\(\s*\d+(?:\s*,\s*\d+)*\s*,?\s*\))*)\)"
)
_ANY_LAYER = re.compile(r"\b(?:Conv(?:Transpose)?[123]d|Linear|\w*Pool[123]d|Sequential)\s*\(")
_CONV_NAMES = ("in_channels", "out_channels", "kernel_size", "stride", "padding")
_NAMES = {
    "Conv": (*_CONV_NAMES, "dilation", "groups", "bias"),
    "ConvTranspose": (*_CONV_NAMES, "output_padding", "groups", "bias", "dilation"),
    "MaxPool": ("kernel_size", "stride", "padding", "dilation"),
    "AvgPool": ("kernel_size", "stride", "padding"),
    "Linear": ("in_features", "out_features", "bias"),
}
_BORDER = re.compile(r"^\s*(?:#|---|\*\*\*|___)")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
# an output side: H', H_out, W_{sal}, L_out, O; H_1, H^{(2)} by its layer number
_OUT_NAME = re.compile(
    r"^(?:[HWLO]|n_H|n_W)(?:'|_(?:out|o|sal|salida|uscita|output|sortie|aus))$|^O$"
)
# H_{up}: the side of the layer the code calls ``up`` (H_{in} is no output)
_VAR_SIDE = re.compile(r"^[HWL]_([A-Za-z]\w+)$")
_NUMBERED = re.compile(r"^([HWLP])(?:_(\d)|\^\((\d)\)|_\((\d)\))$")
_PARAM_NAME = re.compile(r"^(?:N_(?:param|params|theta|p)|n_params|#params|params)$")
# P_{dw}, P_{std}: a count named by its layer; P_h, P_{top}: a padding
_NAMED_COUNT = re.compile(r"^P_([A-Za-z]{2,})$")
_TOTALS = {"total", "tot", "all", "sum", "net", "model", "gesamt", "ges", "totale"}
_PADDING_SIDES = {"top", "bottom", "left", "right", "in", "out", "same", "valid", "pad"}
_OUT_WORDS = re.compile(
    r"\b(?:output|outputs|uscita|salida|sortie|Ausgabe\w*|height|width|altezza|larghezza|"
    r"alto|ancho|hauteur|largeur|Höhe|Breite|side|lado|lato|length|longitud)\b",
    re.IGNORECASE,
)
_ORDINALS = {
    1: r"first|primo|prima|primer|primera|primeir[oa]|erste[nmrs]?|premi[eè]re?|ilk|birinci|"
    r"eerste|pertama",
    2: r"second|secondo|seconda|segund[oa]|zweite[nmrs]?|deuxi[eè]me|ikinci|tweede|kedua",
    3: r"third|terzo|terza|tercer[oa]?|terceir[oa]|dritte[nmrs]?|troisi[eè]me|üçüncü|derde|"
    r"ketiga",
}
_TIMES = r"\s*(?:\\times|×|x|\\cdot)\s*"
_SIZES = re.compile(rf"(\d+){_TIMES}(\d+)(?:{_TIMES}(\d+))?")
_LENGTH = re.compile(
    r"\b(?:length|Länge|longitud|lunghezza|longueur)\s+(?:of\s+)?\$?\s*(\d+)"
    # "长度 100 的序列", "长度为 100", "長さ 100": CJK words have no word boundary before them
    r"|(?:长度|長度|長さ)(?:为|為|是|は)?\s*\$?\s*(\d+)",
    re.IGNORECASE,
)
_KERNEL_WORDS = re.compile(
    r"kernel|filter|filtro|filtre|noyau|Kern|window|ventana|finestra|fenêtre", re.IGNORECASE
)
# C_{out}(C_{in} K^2 + 1): a formula in channel counts makes P beside it a count
_CHANNELS = re.compile(r"[Cc]_\{?\s*(?:\\(?:text|mathrm)\s*\{\s*)?(?:in|out)\b")
# "if the first layer used padding=1", "Se ... si usasse", "Si ... usara", "Wenn ... hätte"
_WHAT_IF = re.compile(
    r"\b(?:if|se|si|wenn|falls|had|were|would|usasse|usara|utilisait|hätte)\b", re.IGNORECASE
)
# "the output is $8 \times 8$": a size the passage in between gives the output, not the input
_OUT_BEFORE = re.compile(
    r"\b(?:output|outputs|Ausgabe|salida|uscita|sortie|result\w*)\b[^$]{0,30}\$?\s*\d+\s*"
    r"(?:\\times|×|x)",
    re.IGNORECASE,
)
# "padding $P$", "relleno P": the notes' P is the padding
_P_PADDING = re.compile(
    r"(?:padding|relleno|remplissage|riempimento)\W{0,8}P\b|\bP\W{0,8}(?:padding|relleno)",
    re.IGNORECASE,
)
# Ng's letters: f the filter side, n_C^{[l-1]} the input channels, n_C^{[l]} the filters
_NG_LETTERS = {
    "f": re.compile(r"(?<![\w\\])f\s*=\s*(\d+)"),
    "prev": re.compile(r"n_\{?C\}?\^\{\s*\[\s*l\s*-\s*1\s*\]\s*\}\s*=\s*(\d+)"),
    "this": re.compile(r"n_\{?C\}?\^\{\s*\[\s*l\s*\]\s*\}\s*=\s*(\d+)"),
}
_NO_BIAS = re.compile(r"\b(?:no|without)\s+(?:a\s+)?bias|bias\s*=\s*False", re.I)
# a question's start ("**Q2 (3 pts).**", "Problem 3."): the border of its layer's passage
_QUESTION = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:Q|Question|Pregunta|Problem|Problema|Ejercicio|Exercice|"
    r"Esercizio|Exercise|Aufgabe|Frage)\s*\.?\s*\d+",
    re.IGNORECASE,
)
_TOTAL_WORDS = re.compile(
    r"\b(?:in total|total|overall|altogether|insgesamt|gesamt\w*|en total|au total|in tutto|"
    r"whole (?:model|network)|entire (?:model|network))\b",
    re.IGNORECASE,
)
# a part of a question: "(c) ...", "c) ...", "**(ii)**", "2(b)"
_PART = re.compile(r"^\s*(?:\*\*|__)?\s*(?:\(?[a-h]\)|\([ivx]+\)|\d+\s*\([a-z]\))")
_CHANGED = ("s", "p", "k", "d")  # facts a passage in between may not change
# an option alone in inline code, outside any constructor ("`ceil_mode=True`", "`groups=2,
# bias=False`"): said in the claim's own sentence, it changes the layer the constructor
# builds in a way the settings read here may not show (rounding up, output padding)
# (the settings the passage's facts read -- stride, padding, kernel, dilation -- are judged as
# a what-if of the layer by _supposed)
_OPTION = re.compile(r"`\s*\w+\s*=\s*[^`,()=]+(?:,\s*\w+\s*=\s*[^`,()=]+)*`")
_READ_OPTIONS = frozenset({"stride", "padding", "kernel_size", "dilation"})


def _unread_option(sentence: str) -> bool:
    """The sentence sets an option in inline code that no fact of the passage reads."""
    return any(
        name not in _READ_OPTIONS
        for m in _OPTION.finditer(sentence)
        for name in re.findall(r"(\w+)\s*=", m.group(0))
    )


@dataclasses.dataclass(frozen=True)
class Built:
    """A layer a constructor writes: its kind, dimensions, settings and source text."""

    kind: str
    dims: int
    settings: dict
    text: str
    var: str | None


def built(m: re.Match) -> Built | None:
    """The layer of one constructor match, with PyTorch's defaults, or None when an
    argument is not a whole number or a square tuple (``padding='same'``)."""
    kind = m.group("kind")
    if (kind == "Linear") == bool(m.group("dims")):
        return None
    args, kwargs = _arguments(m.group("args"))
    names = _NAMES[kind]
    if args is None or len(args) > len(names) or any(k not in names for k in kwargs):
        return None
    values = dict(zip(names, args, strict=False))
    if set(values) & set(kwargs):
        return None  # an argument passed twice: no layer PyTorch builds
    values.update(kwargs)
    needed = {"Linear": 2, "MaxPool": 1, "AvgPool": 1}.get(kind, 3)
    if any(n not in values for n in names[:needed]):
        return None
    if "ceil_mode" in m.group("args"):
        return None  # rounding up: not read here
    settings: dict[str, int] = {}
    for name, value in values.items():
        side = value[0] if isinstance(value, tuple) and len(set(value)) == 1 else value
        if not isinstance(side, int):  # True/False arrive as 1/0
            return None
        settings[name] = int(side)
    defaults = {"stride": settings.get("kernel_size", 1)} if "Pool" in kind else {"stride": 1}
    settings = {"padding": 0, "dilation": 1, "output_padding": 0, **defaults, **settings}
    dims = int(m.group("dims")[0]) if m.group("dims") else 0
    return Built(kind, dims, settings, m.group(0), m.group("var"))


def output_side(layer: Built, h: int) -> int | None:
    """The output side of ``layer`` on an input of side ``h``."""
    s, p, d = (layer.settings[k] for k in ("stride", "padding", "dilation"))
    k = layer.settings.get("kernel_size")
    if k is None or layer.kind == "Linear":
        return None
    if layer.kind == "ConvTranspose":
        return (h - 1) * s - 2 * p + d * (k - 1) + layer.settings["output_padding"] + 1
    span = h + 2 * p - d * (k - 1) - 1
    return span // s + 1 if span >= 0 else None


# ------------------------------------------------------------------ the passage
def _blocks(document: list[str], line: int) -> list[tuple[int, int, bool]]:
    """(first, last, is_code) of the paragraphs and code cells above ``line`` (1-based)
    back to a heading or a rule, nearest first; the claim's own paragraph first."""
    out: list[tuple[int, int, bool]] = []
    fenced = _fenced(document)
    k = line
    while k >= 1:
        text = document[k - 1]
        if not text.strip():
            k -= 1
            continue
        if not fenced[k] and _BORDER.match(text):
            break
        last, code = k, fenced[k]
        while k >= 1 and document[k - 1].strip() and fenced[k] == code:
            if not code and k != last and _BORDER.match(document[k - 1]):
                break
            k -= 1
        out.append((k + 1, last, code))
        if k >= 1 and document[k - 1].strip() and _BORDER.match(document[k - 1]):
            break
    return out


def _fenced(document: list[str]) -> list[bool]:
    """Per line number (1-based), whether it is a code block's (its fences too)."""
    fenced = [False] * (len(document) + 1)
    inside = False
    for k, text in enumerate(document, start=1):
        if _FENCE.match(text):
            inside = not inside
            fenced[k] = True
        else:
            fenced[k] = inside
    return fenced


def heading(document: list[str], line: int) -> str:
    """The nearest heading above ``line`` outside code ("### conv1"), or ""."""
    fenced = _fenced(document)
    for k in range(min(line, len(document)), 0, -1):
        if not fenced[k] and document[k - 1].lstrip().startswith("#"):
            return document[k - 1].lstrip("# ").strip()
    return ""


def _layers(text: str) -> list[Built] | None:
    """Every layer constructor of ``text`` in order; None when one is not read."""
    found = list(_CALL.finditer(text))
    if len(found) != len(_ANY_LAYER.findall(text)):
        return None  # nn.Sequential, a pooling not read: which layer is which is a guess
    layers = [built(m) for m in found]
    return None if any(layer is None for layer in layers) else layers  # type: ignore[return-value]


def _prose(text: str) -> str:
    """The text without its inline code (a constructor's arguments are not prose facts)."""
    return re.sub(r"`[^`\n]*`", " ", text)


def _agrees(layer: Built, said: dict) -> bool:
    """The facts a passage states are the layer's own (or it states none of them)."""
    own = {
        "s": layer.settings.get("stride"),
        "p": layer.settings.get("padding"),
        "k": layer.settings.get("kernel_size"),
        "d": layer.settings.get("dilation"),
        "c_in": layer.settings.get("in_channels"),
        "c_out": layer.settings.get("out_channels"),
    }
    if layer.kind == "ConvTranspose":
        # "also needs `output_padding=1`" beside `nn.ConvTranspose2d(64, 32, 3, stride=2,
        # padding=1)`: the passage is about that layer with another output padding
        own["out_pad"] = layer.settings.get("output_padding", 0)
    return all(said.get(key) in (None, [own[key]]) for key in own)


def _input_sides(text: str, layer: Built) -> set[int] | None:
    """Every input side the text writes for ``layer`` (a size next to a word of kernels is
    the kernel's), or None where a size is not one a square input of the layer has."""
    text = _prose(text)
    if layer.dims == 1:
        return {int(m.group(1) or m.group(2)) for m in _LENGTH.finditer(text)}
    sides: set[int] = set()
    for m in _SIZES.finditer(text):
        near = text[max(0, m.start() - 16) : m.end() + 14]
        if _KERNEL_WORDS.search(near):
            continue
        a, b, c = (int(g) if g else None for g in m.groups())
        c_in = layer.settings.get("in_channels")
        if c is None and a == b:
            sides.add(a)  # type: ignore[arg-type]
        elif c is not None and b == c and a == c_in:
            sides.add(b)
        elif c is not None and a == b and c == c_in:
            sides.add(a)
        else:
            return None
    return sides


def _input_side(passage: str, between: str, layer: Built, document: list[str]) -> int | None:
    """The one input side the passage and the prose after it write for the layer (else the
    code's tensor fed to it); None where none or two are written."""
    sides = _input_sides(passage, layer)
    if between and not _OUT_BEFORE.search(between):  # "maps the $4 \times 4$ map back to"
        more = _input_sides(between, layer)
        sides = None if sides is None or more is None else sides | more
    if sides is None or len(sides) > 1:
        return None
    return sides.pop() if sides else _code_input(document, layer)


# ------------------------------------------------------------------ the claim
def _quantity(name: str) -> tuple[str, int | None] | None:
    """("side" or "count", the layer number or None) of a name, or None."""
    if _OUT_NAME.match(name) or _VAR_SIDE.match(name):
        return "side", None
    m = _NUMBERED.match(name)
    if m:
        k = int(next(g for g in m.groups()[1:] if g))
        return ("count" if m.group(1) == "P" else "side"), k
    if name == "P" or _PARAM_NAME.match(name):
        return "count", None
    m = _NAMED_COUNT.match(name)
    if m and m.group(1).lower() not in _PADDING_SIDES | _TOTALS:
        return "count", None
    return None


def judge_constructor_claim(text: str, document: list[str], line: int, source: str) -> dict | None:
    """The verdict of ``name = numbers`` about a layer a constructor writes, or None."""
    left = left_side(text)
    if left is None or not 0 < line <= len(document):
        return None
    name = flatten(left)
    if _NAMED_COST.match(name):  # M_{dw} = 56^2 \cdot 9 \cdot 32: the code's depthwise
        return _cost_by_variable(name, text, document, line, source)
    quantity = _quantity(name)
    if quantity is None:
        return None
    values = numeric_sides(text)
    lettered = False
    if not values and _NAMED_COUNT.match(name):
        # P_{dw} = k^2 C_{in} = 288: the formula's letters at the one value the notes state
        values, lettered = lettered_sides(text, document, line, source), True
    if not values:
        return None
    what, number = quantity
    own = document[line - 1]
    before = own[: own.find(source)] if source in own else own
    if _unread_option(re.split(r"[.;!?](?:\s|$)", before)[-1]):
        return None  # "with `ceil_mode=True` ... $H_{out} = 7$": another layer than written
    if own.lstrip().startswith("|"):
        passage, layers = before, _layers(own)
        between = ""
        if layers and _slip(own, layers):
            return None
    else:
        passage, layers, between = _passage(document, line, before)
        if layers == []:  # "### conv1" above the claim: the code's conv1
            layers = _headed(document, line)
        if layers == [] and what == "count" and number is None:  # "With $f = 5$, ..."
            layers = _lettered(between.rsplit("\n\n", 1)[-1] + "\n" + before)
    if not layers:  # P_{dw} under its own heading: the code's ``depthwise = nn.Conv2d(...)``
        found = _by_variable(name, values, document, line)
        return None if lettered and found and found["status"] != VERIFIED else found
    layer = _pick(layers, name, number)
    if layer is None or (number and not _ordinal_fits(between.rsplit("\n\n", 1)[-1], number)):
        return None  # the ordinal word of the claim's own part names another layer
    if number and _renumbered(passage):
        return None  # "the shortcut gets `A` and the first convolution becomes `B`"
    *others, own_part = between.split("\n\n") if between else [""]
    # a sibling part's own what-if ("(d) If the first layer used `stride=2`") is not this one's
    scope = "\n\n".join([*(p for p in others if not _PART.match(p)), own_part])
    said = facts(scope)  # no constructor in it: `padding=1` is a what-if's
    if not _agrees(layer, said):
        layer = _supposed(layer, scope)
        if layer is None:
            return None  # another layer than written, and not as a what-if of this one
    words = f"{between}\n{passage}"
    if what == "count":
        nearest = between.rsplit("\n\n", 1)[-1] if between else passage
        if _TOTAL_WORDS.search(f"{nearest}\n{before}"):
            return None  # "in total the model has": every layer's, not this one's
        clause = re.split(r"[.;:!?](?:\s|$)", before)[-1]  # "; with a bias it would be"
        found = _count(name, layer, values, words, (document, line), bias_said(clause))
        # (letters valued by the notes' statements may be another case's: only agreement)
        return None if lettered and found and found["status"] != VERIFIED else found
    words = f"{heading(document, line)}\n{words}"
    if number is not None and not _OUT_WORDS.search(words):
        return None
    if pads_explicitly(sentence_around(document, line, source)):
        return None  # "nn.ZeroPad2d((0, 1, 0, 1)) then nn.Conv2d(...)": a padded input
    if number is not None and number > 1:  # "seguita da ...": what the layers before leave
        side = _chained(layers[: number - 1], layer, passage)
    else:
        side = _input_side(passage, between, layer, document)
    truth = output_side(layer, side) if side is not None else None
    if truth is None:
        return None
    about = f"{layer.text} on an input of side {side} gives {truth}"
    return compare(Fraction(truth), values, about)


def _chained(before: list[Built], layer: Built, passage: str) -> int | None:
    """The input side of ``layer`` after the layers listed before it, from the list's own
    input; None where a layer is dense, named in code, or its channels do not follow on."""
    if any(x.var for x in (*before, layer)) or any(x.kind == "Linear" for x in before):
        return None
    side = _input_side(passage, "", before[0], [])
    channels = None
    for x in (*before, layer):
        if x.kind in ("Conv", "ConvTranspose"):
            if channels is not None and x.settings["in_channels"] != channels:
                return None
            channels = x.settings["out_channels"]
        if x is not layer and side is not None:
            side = output_side(x, side)
    return side


def _count(
    name: str,
    layer: Built,
    values: list[Fraction],
    words: str,
    at: tuple[list[str], int],
    bias: bool | None = None,
) -> dict | None:
    """The count of ``layer`` against the values, where the words make the name a count:
    words of parameters or channel counts in the passage (in its heading too, where the
    notes never call the padding P; anywhere in the notes for ``P_{dw}``)."""
    document, line = at
    if layer.kind not in ("Conv", "ConvTranspose", "Linear"):
        return None
    whole = "\n".join(document)
    if _NAMED_COUNT.match(name) or not _P_PADDING.search(whole):
        words = f"{heading(document, line)}\n{words}"  # "## How many parameters?"
    if not (PARAM_WORDS.search(words) or _CHANNELS.search(words)) and not (
        _NAMED_COUNT.match(name) and PARAM_WORDS.search(whole)
    ):
        return None  # P alone may be the padding
    counted = constructor_count(layer.text, bias)
    if counted is None:
        return None
    about = f"{counted.layer} has {counted.count} parameters ({counted.formula})"
    return compare(Fraction(counted.count), values, about)


def _passage(document: list[str], line: int, before: str) -> tuple[str, list[Built] | None, str]:
    """(the text of the passage that writes constructors, its layers, the prose between it
    and the claim)."""
    between: list[str] = []
    for first, last, code in _blocks(document, line):
        text = before if last == line else "\n".join(document[first - 1 : last])
        if last == line and first < line:
            text = "\n".join([*document[first - 1 : line - 1], before])
        layers = _layers(text)
        if layers is None or (layers and not code and _slip(text, layers)):
            return "", None, ""
        if layers:
            return text, layers, "\n\n".join(reversed(between))
        if len(between) > 10 or sum(not _PART.match(b) for b in between) > 4:
            break  # five paragraphs up (besides a question's parts): another passage's
        if not code and text.strip() and not re.match(r"\s*(?:\$\$|\\\[)", text):
            between.append(text)  # prose, not a display of another claim
        if not code and _QUESTION.match(text):
            break  # "**Q2 (3 pts).**": question 1's layer is not question 2's
    return "", [], "\n\n".join(reversed(between))


def _slip(text: str, layers: list[Built]) -> bool:
    """A constructor written in a what-if or as a mistake ("A common slip is to write
    `nn.Conv2d(3, 16, 3)`"): which layer the claims after it are about is not read."""
    return len(_layers(without_what_ifs(text)) or []) != len(layers)


def _supposed(layer: Built, between: str) -> Built | None:
    """``layer`` changed as the claim's own part supposes ("c) Se nel primo strato si
    usasse `padding=1`, ..."), when only that part states other settings."""
    *earlier, own = between.split("\n\n")
    if not _agrees(layer, facts("\n\n".join(earlier))) or not _WHAT_IF.search(own):
        return None
    said = facts(own)
    if any(len(said.get(key, [])) > 1 for key in _CHANGED):
        return None
    keys = {"s": "stride", "p": "padding", "k": "kernel_size", "d": "dilation"}
    changed = {keys[key]: said[key][0] for key in _CHANGED if key in said}
    text = f"{layer.text} with " + ", ".join(f"{k}={v}" for k, v in changed.items())
    supposed = dataclasses.replace(layer, settings={**layer.settings, **changed}, text=text)
    return supposed if _agrees(supposed, said) else None  # "with 32 filters": not read


def _lettered(text: str) -> list[Built]:
    """The layer a part states in the letters of Ng's course ("With $f = 5$, $n_C^{[l-1]} =
    3$ and $n_C^{[l]} = 10$"): filters f x f over n_C^{[l-1]} channels, n_C^{[l]} of them."""
    found = {key: set(pattern.findall(text)) for key, pattern in _NG_LETTERS.items()}
    if any(len(values) != 1 for values in found.values()) or _NO_BIAS.search(text):
        return []
    k, c_in, c_out = (int(found[key].pop()) for key in ("f", "prev", "this"))
    written = f"Conv2d({c_in}, {c_out}, {k})"
    return [b for b in (built(m) for m in _CALL.finditer(written)) if b is not None]


def _pick(layers: list[Built], name: str, number: int | None) -> Built | None:
    """The layer a name is about: in code, the variable its subscript names (``P_2`` and
    ``conv2``, ``H_{up}`` and ``up``); in prose, the k-th constructor written for ``H_k``,
    the only one for ``H'``."""
    word = re.match(r"^[A-Za-z]_([A-Za-z]\w*)$", name)
    if word and not _OUT_NAME.match(name):
        found = [x for x in layers if x.var and x.var.lower() == word.group(1).lower()]
        if not found and not _VAR_SIDE.match(name):  # P_{dw} for ``depthwise = ...``
            found = [x for x in layers if x.var and abbreviates(word.group(1), x.var)]
        if found or _VAR_SIDE.match(name):  # H_{in}: no output of a layer named "in"
            return found[0] if len(found) == 1 else None
    if number is None:
        return layers[0] if len(layers) == 1 else None
    if any(x.var for x in layers):
        found = [x for x in layers if x.var and re.fullmatch(rf"[A-Za-z_]+{number}", x.var)]
        return found[0] if len(found) == 1 else None
    return layers[number - 1] if len(layers) >= 2 and number <= len(layers) else None


def _code_layers(document: list[str]) -> list[Built]:
    """The layers the notes' code assigns to a variable (``conv1 = nn.Conv2d(...)``)."""
    fenced = _fenced(document)
    code = "\n".join(text for k, text in enumerate(document, start=1) if fenced[k])
    found = [built(m) for m in _CALL.finditer(code) if m.group("var")]
    return [x for x in found if x is not None]


def _headed(document: list[str], line: int) -> list[Built]:
    """The one code layer the heading above the claim names ("### conv1"), if any."""
    title = heading(document, line)
    named = [x for x in _code_layers(document) if re.search(rf"\b{x.var}\b", title)]
    return named if len(named) == 1 and len({x.var for x in _code_layers(document)}) > 1 else []


def _code_input(document: list[str], layer: Built) -> int | None:
    """The side of the one tensor the code feeds the layer: ``conv1(x)`` with ``x =
    torch.randn(8, 3, 32, 32)`` assigned once, its channels the layer's."""
    if not layer.var or layer.dims != 2:
        return None
    fenced = _fenced(document)
    code = "\n".join(text for k, text in enumerate(document, start=1) if fenced[k])
    args = set(re.findall(rf"\b{layer.var}\(\s*(\w+)\s*\)", code))
    if len(args) != 1:
        return None
    arg = args.pop()
    assigned = re.findall(rf"(?m)^\s*{arg}\s*=\s*(.*)$", code)
    shapes = re.findall(
        r"torch\.(?:randn|rand|zeros|ones|empty)\(\s*\d+\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)",
        assigned[0] if len(assigned) == 1 else "",
    )
    if len(shapes) != 1:
        return None
    c, h, w = (int(v) for v in shapes[0])
    return h if h == w and c == layer.settings.get("in_channels") else None


def ordinal_labels(text: str, ordinals: dict[int, str] | None = None) -> dict[str, set[int]]:
    """Each constructor of ``text`` (as written, spaces squeezed) -> the ordinals the words
    just before it call it by ("and the first convolution becomes `nn.Conv2d(...)`", "the
    second layer is `Conv2d(...)`"): an ordinal and at most three words, then the constructor,
    in one clause."""
    ordinals = ordinals or _ORDINALS
    labels: dict[str, set[int]] = {}
    start = 0
    for m in _CALL.finditer(text):
        lead = re.split(r"[.;!?](?:\s|$)|\n\s*\n", text[start : m.start()])[-1][-60:]
        start = m.end()
        for k, words in ordinals.items():
            if re.search(rf"\b(?:{words})\b(?:\s+[^\s`$.;:,]+){{0,3}}[\s`*(:]*$", lead, re.I):
                labels.setdefault(squeezed(m.group(0)), set()).add(k)
    return labels


def squeezed(text: str) -> str:
    """A constructor's text with its runs of white space as one space."""
    return re.sub(r"\s+", " ", text).strip()


def _renumbered(passage: str) -> bool:
    """The passage calls a constructor by an ordinal that is not its place in the order
    written ("the shortcut gets `nn.Conv2d(64, 128, 1)` and the first convolution becomes
    `nn.Conv2d(64, 128, 3)`": the first convolution is written second).  Then ``P_1``,
    ``H_2`` number the layers as the notes count them (the network's order), not as the
    text lists them, and the k-th constructor written is a guess of which layer is meant."""
    labels = ordinal_labels(passage)
    places = [squeezed(m.group(0)) for m in _CALL.finditer(passage)]
    return any(labels.get(text, set()) - {place} for place, text in enumerate(places, start=1))


def _ordinal_fits(between: str, number: int) -> bool:
    """No ordinal word in the passage in between names another layer than ``number``."""
    for k, words in _ORDINALS.items():
        if k != number and re.search(rf"\b(?:{words})\b", between, re.IGNORECASE):
            return False
    return True


# ------------------------------------------------------------------ a count by its variable
_SEQUENTIAL = re.compile(
    r"\b(?P<var>[A-Za-z_]\w*)\s*=\s*(?:torch\.)?(?:nn\.)?Sequential\s*\((?P<args>[^()]*)\)"
)


def abbreviates(short: str, word: str) -> bool:
    """``short`` names ``word`` as notes shorten a layer's name: the word itself, or two or
    more of its letters in order from its first (``dw`` depthwise, ``pw`` pointwise, ``std``
    standard, ``sep`` separable)."""
    short, word = short.lower(), word.lower()
    if short == word:
        return True
    if len(short) < 2 or short[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


def _code_parts(document: list[str]) -> dict[str, list[Built]] | None:
    """Each variable the notes' code assigns a layer, as the layers it holds: one for
    ``depthwise = nn.Conv2d(...)``, each named one for ``separable = nn.Sequential(depthwise,
    pointwise)``; None where a variable is assigned twice or a Sequential holds a layer not
    assigned to a variable (which of its parts is which is not read)."""
    fenced = _fenced(document)
    code = "\n".join(text for k, text in enumerate(document, start=1) if fenced[k])
    parts: dict[str, list[Built]] = {}
    single = [built(m) for m in _CALL.finditer(code) if m.group("var")]
    for layer in single:
        if layer is None or layer.var is None:
            continue
        if layer.var in parts:
            return None
        parts[layer.var] = [layer]
    for m in _SEQUENTIAL.finditer(code):
        names = [a.strip() for a in m.group("args").split(",") if a.strip()]
        if m.group("var") in parts or not names or any(n not in parts for n in names):
            return None
        parts[m.group("var")] = [x for n in names for x in parts[n]]
    return parts


def _by_variable(name: str, values: list[Fraction], document: list[str], line: int) -> dict | None:
    """``P_{dw} = 288`` about the one layer of the notes' code whose variable the subscript
    names or shortens (``depthwise = nn.Conv2d(32, 32, 3, groups=32, bias=False)``), with
    words of parameters in the notes; a Sequential of named layers counts theirs summed (its
    parameters are its parts', nothing more)."""
    m = _NAMED_COUNT.match(name)
    if m is None or not PARAM_WORDS.search("\n".join(document)):
        return None
    parts = _code_parts(document[:line])
    if not parts:
        return None
    named = [var for var in parts if abbreviates(m.group(1), var)]
    if len(named) != 1:
        return None  # two layers the subscript may shorten: which one is a guess
    counts = [constructor_count(x.text) for x in parts[named[0]]]
    if any(c is None for c in counts):
        return None  # a pooling or a layer whose arguments are not read
    total = sum(c.count for c in counts if c is not None)
    shown = " + ".join(f"{c.layer} has {c.count}" for c in counts if c is not None)
    about = f"{named[0]}: {shown}" if len(counts) > 1 else f"{named[0]} = {shown}"
    return compare(Fraction(total), values, f"{about} parameters")


# M_{dw}, MAC_{std}, Mult_{pw}: the multiplications of a layer named by its variable
_NAMED_COST = re.compile(r"^(?:M|MACs?|Mults?)_([A-Za-z]{2,})$")
# "Avec une sortie $56 \times 56$", "with a 28 x 28 output": the output side the passage states
_OUTPUT_SIDE = re.compile(
    r"\b(?:output|sortie|salida|Ausgabe|uscita|saída)\w*\s+(?:de\s+|of\s+|di\s+|von\s+)?"
    r"(?:size\s+|taille\s+|tamaño\s+)?\$?\s*(\d+)\s*(?:\\times|×|x)\s*(\d+)"
    r"|\b(\d+)\s*(?:\\times|×|x)\s*(\d+)\$?\s+(?:output|sortie|salida|Ausgabe|uscita)",
    re.IGNORECASE,
)


def _cost_by_variable(
    name: str, text: str, document: list[str], line: int, source: str
) -> dict | None:
    """``M_{dw} = 56^2 \\cdot 9 \\cdot 32 = 903168`` under "## Nombre de multiplications" with
    "Avec une sortie $56 \\times 56$" above it: the multiply-accumulates of the code's layer
    the subscript names, at the one output side its section states.  Why the truth holds:
    each output value of a convolution sums (C_in/g)·k² products (its window over the
    channels of its group), and there are C_out·H_out·W_out of them."""
    from symconv.checker.layer_costs import _MULT_WORDS

    m = _NAMED_COST.match(name)
    values = numeric_sides(text) or lettered_sides(text, document, line, source)
    if m is None or not values:
        return None
    start = next((k for k in range(line - 1, 0, -1) if document[k - 1].lstrip().startswith("#")), 1)
    section = "\n".join(document[start - 1 : line])
    if not _MULT_WORDS.search(section):
        return None
    sides = {
        (int(x.group(1) or x.group(3)), int(x.group(2) or x.group(4)))
        for x in _OUTPUT_SIDE.finditer(section)
    }
    if len(sides) != 1:
        return None  # no output side, or two: which one the count is at is a guess
    h, w = sides.pop()
    parts = _code_parts(document[:line])
    named = [var for var in parts or {} if abbreviates(m.group(1), var)]
    if len(named) != 1 or len(parts[named[0]]) != 1:  # type: ignore[index]
        return None
    layer = parts[named[0]][0]  # type: ignore[index]
    if layer.kind != "Conv" or layer.dims != 2:
        return None
    c = layer.settings
    k = c["kernel_size"]
    truth = h * w * c["out_channels"] * (c["in_channels"] // c.get("groups", 1)) * k * k
    about = (
        f"{layer.text} makes {h}·{w}·{c['out_channels']}·"
        f"{c['in_channels'] // c.get('groups', 1)}·{k}² = {truth} multiplications on its "
        f"{h} x {w} output"
    )
    return compare(Fraction(truth), values, about)
