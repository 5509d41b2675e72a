"""A convolution the prose describes in words, as the layer a parameter count is about:
"With 8 input channels, 4 filters of $3\\times 3$ and `groups=2`, ... the layer has
$4 \\cdot 4 \\cdot 3 \\cdot 3 + 4 = 148$ parameters", "conv2 with sixteen $5\\times 5$ filters
over the six channels".

Read only where the words leave one value each for the input channels, the filters and the
kernel (two layers described in one window give none: which one a count is about would be a
guess).  A bias per filter unless the words say there is none.
"""

from __future__ import annotations

import re

from symconv.checker.group_prose import counted_groups
from symconv.checker.layer_counts import _NO_BIAS, Counted

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "sixteen": 16, "thirty-two": 32, "sixty-four": 64,
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "ocho": 8,
    "dieciséis": 16, "drei": 3, "vier": 4, "acht": 8, "sechzehn": 16, "tre": 3, "quattro": 4,
    "otto": 8, "trois": 3, "quatre": 4, "huit": 8, "seize": 16,
}  # fmt: skip
_N = r"(\d{1,4}|[a-zé-]+)"
_TIMES = r"\s*(?:\\times|×|x)\s*"
_IN = re.compile(
    rf"\b{_N}\$?\s+(?:input\s+channels|canales\s+de\s+entrada|canaux\s+d'entr[ée]e|"
    r"canais\s+de\s+entrada|canali\s+(?:di\s+|in\s+)?(?:ingresso|input)|"
    r"Eingangskan[äa]l\w*|Eingabekan[äa]l\w*)"
    rf"|\b(?:over|across|sobre)\s+(?:the\s+|all\s+|los\s+|las\s+)?{_N}\s+(?:input\s+)?"
    r"(?:channels|canales)\b"
    # "sobre una entrada de 4 canales", "on an input with 3 channels", "une entrée à 3 canaux"
    r"|\b(?:an?|una|une|um)\s+(?:input|entrada|entr[ée]e)\s+(?:de|with|of|à|com)\s+"
    rf"{_N}\s+(?:channels|canales|canaux|canais)\b",
    re.IGNORECASE,
)
_FILTERS = re.compile(
    rf"\b{_N}\$?\s+(?:\$?\\?\(?\s*\d+\s*\\times\s*\d+\s*\$?\\?\)?\s+)?"
    r"(?:filters|filtros|filtres|kernels|noyaux|output\s+channels|canales\s+de\s+salida|"
    r"Filtern?|filtri|Kernen|Ausgangskan[äa]l\w*|Ausgabekan[äa]l\w*)\b",
    re.IGNORECASE,
)
# "filters of size 3x3", "filtros de tamaño 3x3", "Filtern der Größe 3x3", "filtri di
# dimensione 3x3", "filtres de taille 3x3", "3x3 filters", "3x3-Filtern"
_KERNEL = re.compile(
    r"(?:filters?|filtros?|filtres?|kernels?|núcleos?|noyaux?|Filtern?|filtri|Kern(?:en|e)?)\s+"
    r"(?:of\s+(?:size\s+)?|de\s+(?:tamaño\s+|taille\s+)?|der\s+Größe\s+|"
    r"di\s+(?:dimensione\s+)?)?"
    rf"\$?\\?\(?\s*(\d+){_TIMES}(\d+)"
    rf"|(\d+){_TIMES}(\d+)\s*\$?\\?\)?(?:\s+|-)(?:filters?|filtros?|kernels?|Filtern?|filtri)",
    re.IGNORECASE,
)
# a square kernel by its side alone: "kernel size 3", "with kernel 3", "núcleo de tamaño 3",
# "noyau de taille 3", "kernel di dimensione 3", "Kernelgröße 3", "size of the kernel is 3"
# (k x k only in a layer the window says is 2-D: a 1-D layer's kernel 3 holds 3 taps)
_SIZE_WORDS = (
    r"(?:size\s+|de\s+tamaño\s+|de\s+taille\s+|di\s+dimensione\s+|der\s+Größe\s+|"
    r"de\s+tamanho\s+)"
)
# (not a size: "3 channels", "3x3", "3.5"; a filter word only with a size word after it)
_NOT_SIDE = r"(?![\d.]|\s*(?:x|×|\\times|by)\s*\d|\s+(?:channels|canal|canales|canaux|canali|Kan))"
_KERNEL_SIDE = re.compile(
    rf"\b(?:kernels?|n[úu]cleos?|noyaux?|Kern(?:el)?s?)\s+{_SIZE_WORDS}?(?:of\s+|de\s+|di\s+|von\s+)?"
    rf"\$?(\d{{1,2}})\$?{_NOT_SIDE}"
    rf"|\b(?:filters?|filtros?|filtres?|filtri)\s+{_SIZE_WORDS}\$?(\d{{1,2}})\$?{_NOT_SIDE}"
    rf"|\b(?:Kernel|Kern|Filter)gr(?:ö|oe)(?:ß|ss)e\s+(?:von\s+)?\$?(\d{{1,2}})\$?{_NOT_SIDE}"
    r"|\b(?:size|tamaño|taille|dimensione|Größe|tamanho)\s+(?:of\s+the\s+|del?\s+|du\s+|"
    r"della\s+|des\s+|do\s+)?(?:kernel|núcleo|noyau|filtro|filtre|Kerns?|filter)\s+"
    rf"(?:is\s+|es\s+|est\s+|è\s+|ist\s+|é\s+)?(?:de\s+)?\$?(\d{{1,2}})\$?{_NOT_SIDE}",
    re.IGNORECASE,
)
# the window says the layer is 2-D: "2-D convolution", "Conv2d", "convolución 2D"
_TWO_D = re.compile(
    r"\b(?:2-?D|2d|two-dimensional|bidimensional\w*|zweidimensional\w*|bidimensionnel\w*|"
    r"bidimensionale|Conv2[dD]|Conv2D)\b",
    re.IGNORECASE,
)
_OTHER_D = re.compile(r"\b(?:[13]-?D|[13]d|Conv[13][dD])\b", re.IGNORECASE)


def _value(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


def _one(values: list[int | None]) -> int | None:
    found = {v for v in values if v is not None}
    return found.pop() if len(found) == 1 else None


# an image's channels by its colours: an RGB image has 3, a grayscale one 1
_COLOURS = re.compile(
    r"\b(RGB|color|colour|a\s+color|en\s+color)\b|\b(grayscale|greyscale|gray|grey|"
    r"escala\s+de\s+grises|monocrom\w*)\b",
    re.IGNORECASE,
)


def prose_count(window: str) -> Counted | None:
    """The parameter count of the one convolution the window describes, or None."""
    colours = [3 if m.group(1) else 1 for m in _COLOURS.finditer(window)]
    c_in = _one(
        [_value(next((g for g in m.groups() if g), None)) for m in _IN.finditer(window)] + colours
    )
    c_out = _one([_value(m.group(1)) for m in _FILTERS.finditer(window)])
    kernels = {
        (int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4)))
        for m in _KERNEL.finditer(window)
    }
    # the groups in any language group_prose reads ("2 gruppi", "2 группы"); groups named
    # with no count read leave the layer unread (its count would be the ungrouped one's)
    stated = counted_groups(window)
    if stated is None or len(set(stated)) > 1:
        return None
    groups = stated[0] if stated else 1
    if not kernels and _TWO_D.search(window) and not _OTHER_D.search(window):
        # "a 2-D convolution ... with kernel size 3": its k x k window, by its side
        sides = {int(next(g for g in m.groups() if g)) for m in _KERNEL_SIDE.finditer(window)}
        kernels = {(k, k) for k in sides}
    if c_in is None or c_out is None or len(kernels) != 1:
        return None
    if c_in % groups or c_out % groups:
        return None
    (kh, kw), bias = kernels.pop(), 0 if _NO_BIAS.search(window) else 1
    weights = c_out * (c_in // groups) * kh * kw
    grouped = f", groups {groups}" if groups > 1 else ""
    return Counted(
        weights + bias * c_out,
        f"the convolution the notes describe ({c_in} input channels, {c_out} filters of "
        f"{kh}×{kw}{grouped})",
        f"{weights} weights + {bias * c_out} biases",
        weights=weights,
    )
