"""Sizes written with a layer mark: ``n_H^{[l]} = \\lfloor (n_H^{[l-1]} + 2p - f)/s
\\rfloor + 1`` (the deeplearning.ai course), ``H_{l+1} = \\lfloor (H_l + 2p - k)/s \\rfloor +
1`` (notes that number the maps).

A layer maps the maps of one level to the maps of the next, so the side and the channels
of its input carry the lower mark and those of its output the next one up: ``n_H^{[l-1]}``
is the input's height and ``n_H^{[l]}`` the output's in the course's convention ("layer l
takes A^{[l-1]} ... and has n_C^{[l]} filters"); ``H_l`` is the input's and ``H_{l+1}`` the
output's where the notes write "layer l receives x^{(l)} of size H_l ... producing z^{(l+1)}
of size H_{l+1}".  Which of the two conventions the notes use is read from the marks they
write on sizes: l-1 and l (never l+1) is the course's, l and l+1 (never l-1) the other; a
bare l alone, or all three, says nothing and nothing is rewritten.  The marked names are
then the checker's own names of one layer's sizes (``H_{in}``, ``H_{out}``, ``C_{in}``,
``C_{out}``), and every reader judges them as it judges those.

Only names that are sizes are rewritten: the course's ``n_H``, ``n_W``, ``n_C`` with a
superscript mark, and ``H``, ``C`` (``W`` only beside an ``H`` so marked, since ``W_l`` is as
often layer l's weights) with the mark as a subscript, where the notes' prose calls ``l`` a
layer.  Numbered marks (``n_H^{[2]}``) name a given layer of a network, not "the" layer: they
are left alone.
"""

from __future__ import annotations

import functools
import re

from symconv.checker import lexicon

# n_H^{[l-1]}, n_{H}^{(l)}, n_C^{[l]}: the course's size names with a superscript mark
_SUPER = re.compile(
    r"(?<![A-Za-z\\])n_\s*\{?\s*(?P<axis>[HWCcwh])\s*\}?\s*\^\s*\{\s*[\[(]\s*l\s*"
    r"(?:(?P<sign>[-+])\s*(?P<step>1))?\s*[\])]\s*\}"
)
# H_l, H_{l+1}, C_{l-1}: the sizes of level l as subscripts
_SUB = re.compile(
    r"(?<![A-Za-z\\])(?P<axis>[HWC])\s*_\s*(?:\{\s*l\s*(?:(?P<sign>[-+])\s*(?P<step>1))?\s*\}"
    r"|l(?![A-Za-z]))"
)
# "layer $l$", "la capa $l$", "Schicht $l$", "couche $l$": l numbers the layers
_LAYER_L = re.compile(r"\b(?:layer|capa|Schicht|couche|camada|strato)\s+\$\s*l\s*\$", re.IGNORECASE)
# a marked size set to a number, alone: n_C^{[l]} = 10, H_l = 9
_GIVEN = re.compile(
    r"^\s*[A-Za-z]\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?(?:\^\s*\{[^{}]*\}\s*)?=\s*\d+\s*$"
)
# the subscript-marked letters written as sizes: "of size $H_l \times H_l$", "$C_l$ channels"
# (H_l alone may be layer l's hidden state, W_l its weights)
_AS_SIZE = re.compile(
    r"[HWC]\s*_\s*\{?\s*l\s*(?:[-+]\s*1\s*)?\}?\s*(?:\\times|×)"
    r"|\b(?:size|side|taille|Gr[öo]ße|tama[ñn]o)\s+\$\s*[HW]\s*_\s*\{?\s*l"
    r"|\$\s*C\s*_\s*\{?\s*l\s*(?:[-+]\s*1\s*)?\}?\s*\$\s*(?:input\s+|output\s+)?channels",
    re.IGNORECASE,
)
# f^{[l]}, s^{(l)}, p^{[l]}: layer l's own kernel side, stride and padding (the course marks
# a layer's hyperparameters with its own mark, as it marks the output it makes)
_OWN_SETTING = re.compile(
    r"(?<![A-Za-z\\])(?P<letter>[fspkKFSP])\s*\^\s*\{\s*[\[(]\s*l\s*[\])]\s*\}"
)
_AXIS = {"H": "H", "h": "H", "W": "W", "w": "W", "C": "C", "c": "C"}


def _offset(m: re.Match) -> int:
    return 0 if m.group("sign") is None else (1 if m.group("sign") == "+" else -1)


def _input_offset(offsets: set[int]) -> int | None:
    """The mark (as an offset from l) of the layer's input, from the marks the notes
    write on sizes; None when they do not tell."""
    if offsets == {-1, 0}:
        return -1
    if offsets == {0, 1}:
        return 0
    return None


# read once per document: every claim asks it of the same whole document
@functools.lru_cache(maxsize=16)
def size_marks(document: str) -> tuple[int | None, int | None]:
    """The input's offset for superscript-marked sizes and for subscript-marked ones (None:
    the notes do not mark sizes so, or do not tell which is the input)."""
    supers = {_offset(m) for m in _SUPER.finditer(document)}
    subs: set[int] = set()
    if _LAYER_L.search(document) and _AS_SIZE.search(document):
        found = list(_SUB.finditer(document))
        heights = any(m.group("axis") == "H" for m in found)
        subs = {_offset(m) for m in found if m.group("axis") != "W" or heights}
    return _input_offset(supers), _input_offset(subs)


def unmark_sizes(text: str, marks: tuple[int | None, int | None]) -> str:
    """``text`` with each layer-marked size written as the layer's input or output size."""
    above, below = marks
    if (above is None and below is None) or _GIVEN.match(text):
        return text  # "$H_l = 9$": a value the notes give, not a claim about the layer
    heights = "H" in {m.group("axis") for m in _SUB.finditer(text)}

    def name(m: re.Match, base: int) -> str:
        side = "in" if _offset(m) == base else "out"
        return f"{_AXIS[m.group('axis')]}_{{{side}}}"

    if above is not None:
        text = _SUPER.sub(lambda m: name(m, above), text)
        if above == -1:  # the course's convention: layer l's settings carry its mark l
            text = _OWN_SETTING.sub(lambda m: m.group("letter"), text)
    if below is not None:
        text = _SUB.sub(
            lambda m: name(m, below) if m.group("axis") != "W" or heights else m.group(0), text
        )
    return text


# "for odd $f$, stride 1 and padding $(f-1)/2$", "switching to $s = 2$", a "same"
# convolution, "a max pool with stride 2": sizes the sentence fixes for its claim
_CONDITION = re.compile(
    r"\b(?:stride|padding|Schrittweite|relleno|paso|pas|passo)\s+(?:\$[^$]*[\d+\-/][^$]*\$|\d)"
    rf"|(?:{lexicon.STRIDE_CJK}|{lexicon.PADDING_CJK}){lexicon.CJK_IS}(?:\$[^$]*[\d+\-/][^$]*\$|\d)"
    r"|\$\s*[spfkdSPK]\s*=|[\"'“„«]\s*same|\bpool"
    # a "same" convolution or padding (not "the same thing written with a ceiling")
    r"|\bsame[- ](?:padding|convolution|conv|mode|size)|\bpadding\s*=?\s*[\"']?same\b",
    re.IGNORECASE,
)


def stated_under(prose_before: str) -> bool:
    """Whether the sentence leading into a claim fixes some sizes for it: the claim is a
    formula under those conditions (``n_H^{[l]} = n_H^{[l-1]}`` for a "same" convolution),
    and the conditions are not read."""
    prose = re.sub(r"(?:\$\$|\\\[)\s*$", "", prose_before.strip())  # the display's opener
    paragraph = re.split(r"\n\s*\n", prose.strip())[-1]
    paragraph = paragraph.split("$$")[-1]
    return bool(_CONDITION.search(paragraph))
