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

from symconv.checker import lexicon
from symconv.checker.scope_facts import Facts

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
    # "dilatation $D$", "dilation rate $D$", "Dilatation $D$" (a notations list): D = 2 in a
    # later item is that item's dilation, as "dilation 2" would be
    (
        "d",
        re.compile(
            rf"\b(?:{lexicon.DILATION}|dilatacao)"
            r"(?:\s+rate)?\s+\$\s*([A-Z])\s*\$",
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


@functools.lru_cache(maxsize=32)
def roles(document: str) -> dict[str, str]:
    """letter -> fact key, for the letters the prose gives one role."""
    found: dict[str, set[str]] = {}
    for key, pattern in _ROLES:
        for m in pattern.finditer(document):
            found.setdefault(m.group(1), set()).add(key)
    for m in _INPUT_SHAPE.finditer(document):
        if m.group(1) != "C" or len({g for g in m.groups() if g}) != len(
            [*filter(None, m.groups())]
        ):
            continue  # channels first only, and three different letters
        keys = ("c_in", "in_h", "in_w") if m.group(3) else ("c_in", "in_h")
        for letter, key in zip(filter(None, m.groups()), keys, strict=True):
            found.setdefault(letter, set()).add(key)
    return {letter: keys.pop() for letter, keys in found.items() if len(keys) == 1}


def with_letters(found: Facts, text: str, letters: dict[str, str]) -> Facts:
    """The passage's facts with the values it sets the role letters to ("$C = 64$")."""
    if not letters:
        return found
    out = {k: list(v) for k, v in found.items()}
    for letter, key in letters.items():
        for m in re.finditer(rf"(?<![\w\\]){letter}\s*=\s*(\d+)(?![\d.]|\s*[+*/^-])", text):
            value = int(m.group(1))
            if value not in out.setdefault(key, []):
                out[key].append(value)
    return out
