"""Letters the notes' prose gives a layer role, and the values later passages set them to:
"a mini-batch of $N$ images with $C$ channels ... enters a convolution with $F$ filters of
spatial size $K \\times K$, stride $S$ and zero padding $P$", then "For the $C = 64 \\to F =
128$, $K = 3$ layers ... $\\#\\theta = 128\\,(64 \\cdot 9 + 1)$".

Once the prose says what $C$ and $F$ count, "C = 64" in a passage is that passage's input
channels, as "64 input channels" would be (scope_facts.py reads the words; this reads the
letters).  A letter the prose gives two roles is given none.
"""

from __future__ import annotations

import functools
import re

from symconv.checker import lexicon, scope_facts
from symconv.checker.scope_facts import Facts

# what may follow the letter inside its formula: "the dilation $D \ge 1$", "$D \in \mathbb{N}$"
# (a bound on the letter, never another letter's value)
_BOUND = r"(?:(?:\\geq?|\\geqslant|≥|>|\\in)\s*(?:\d+|\\mathbb\s*\{?[NZ]\}?(?:\^\{?\+\}?)?)\s*)?"

# the verb between a size's word and its letter: "die Dilatation sei $D$", "the dilation is
# $D$", "la dilatación es $D$", "la dilatation est $D$", "la dilatazione è $D$"
_COPULA = r"(?:is|be|sei|ist|es|est|è|é|wird|heißt|is\s+denoted\s+by|denoted\s+by)"

# "$C$ channels", "$C$ input channels", "$F$ filters", "$F$ output channels", "$M$ kernels"
_ROLES = (
    ("c_in", re.compile(r"\$\s*([A-Z])\s*\$\s+(?:input\s+)?(?:channels|canales|canaux)\b")),
    (
        "c_out",
        re.compile(
            r"\$\s*([A-Z])\s*\$\s+(?:filters|kernels|output channels|filtros|filtres|filtri|"
            r"noyaux|filtry|canales de salida|canals de sortida)\b"
        ),
    ),
    # "dilatation $D$", "dilation rate $D$", "Dilatation $D$" (a notations list), "die
    # Dilatation sei $D \ge 2$", "the dilation is $D$" (a copula naming it): D = 2 in a later
    # item is that item's dilation, as "dilation 2" would be
    (
        "d",
        re.compile(
            rf"\b(?:{lexicon.DILATION}|dilatacao)(?:\s+(?:rate|factor|Faktor|Rate))?"
            rf"(?:\s+{_COPULA})?\s+\$\s*([A-Z])\s*{_BOUND}\$",
            re.IGNORECASE,
        ),
    ),
)


# the input's shape in letters, channels first: "$x \in \mathbb{R}^{C \times T}$" (a
# sequence of T steps), "$X \in \mathbb{R}^{C \times H \times W}$": C its channels, the
# others its sides
_INPUT_SHAPE = re.compile(
    r"(?<![\w\\])[xX]\s*\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*\{\s*([A-Z])\s*(?:\\times|×)\s*"
    r"([A-Z])(?:\s*(?:\\times|×)\s*([A-Z]))?\s*\}"
)


# the weight's shape in letters: "$w \in \mathbb{R}^{K \times C \times R \times S}$" (cuDNN),
# "$W \in \mathbb{R}^{F \times C \times k \times k}$": filters, channels, then the kernel's sides
_WEIGHT_SHAPE = re.compile(
    r"(?<![\w\\])(?:[wW]|\\mathbf\s*\{[wW]\})(?:\^\s*\{?\(?\w+\)?\}?)?\s*\\in\s*\\mathbb\s*\{?R\}?"
    r"\s*\^\s*\{\s*([A-Z])\s*(?:\\times|×)\s*([A-Z])\s*(?:\\times|×)\s*([A-Za-z])\s*(?:\\times|×)"
    r"\s*([A-Za-z])\s*\}"
)


# the words before "$K$ channels" that make them the output's: "The output has $K$ channels"
_OUTPUT_BEFORE = re.compile(
    r"\b(?:output|outputs|salida|sortie|Ausgabe|uscita|saída)\s+(?:\w+\s+){0,2}$", re.I
)


@functools.lru_cache(maxsize=32)
def roles(document: str) -> dict[str, str]:
    """letter -> fact key, for the letters the prose gives one role."""
    found: dict[str, set[str]] = {}
    for key, pattern in _ROLES:
        for m in pattern.finditer(document):
            if key == "c_in" and _OUTPUT_BEFORE.search(
                document[max(0, m.start() - 30) : m.start()]
            ):
                key_read = "c_out"  # "The output has $K$ channels": the output's channels
            else:
                key_read = key
            found.setdefault(m.group(1), set()).add(key_read)
    for m in _INPUT_SHAPE.finditer(document):
        if m.group(1) != "C" or len({g for g in m.groups() if g}) != len(
            [*filter(None, m.groups())]
        ):
            continue  # channels first only, and three different letters
        keys = ("c_in", "in_h", "in_w") if m.group(3) else ("c_in", "in_h")
        for letter, key in zip(filter(None, m.groups()), keys, strict=True):
            found.setdefault(letter, set()).add(key)
    for m in _WEIGHT_SHAPE.finditer(document):
        filters, channels, rows, columns = m.groups()
        if len({filters, channels, rows}) != 3 or columns in (filters, channels):
            continue  # four axes of three or four different letters
        for letter, key in ((filters, "c_out"), (channels, "c_in"), (rows, "k"), (columns, "k")):
            found.setdefault(letter, set()).add(key)
    return {letter: keys.pop() for letter, keys in found.items() if len(keys) == 1}


def with_letters(found: Facts, text: str, letters: dict[str, str]) -> Facts:
    """The passage's facts (``found``: ``facts(text)``) with the values it sets the role
    letters to ("$C = 64$", "$R = S = 3$"); a letter with a role is that role only (``K``
    the filters where the weight is K x C x R x S, not the kernel's side; ``S`` its width,
    not the stride)."""
    if not letters:
        return found
    names = "|".join(re.escape(letter) for letter in letters)
    chains = list(
        re.finditer(rf"(?<![\w\\])((?:(?:{names})\s*=\s*)+)(\d+)(?![\d.]|\s*[+*/^-])", text)
    )
    if not chains:
        return found
    out = {k: list(v) for k, v in scope_facts.facts(_blanked(text, chains)).items()}
    for m in chains:
        value = int(m.group(2))
        for letter in re.findall(r"[A-Za-z]", m.group(1)):
            key = letters.get(letter)
            if key is not None and value not in out.setdefault(key, []):
                out[key].append(value)
    return out


def _blanked(text: str, chains: list[re.Match]) -> str:
    """``text`` with the role letters' settings replaced by spaces (read by their roles only)."""
    for m in reversed(chains):
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return text
