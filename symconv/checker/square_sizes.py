"""Notes that state a square layer with one letter for both sides: "the input $X$ is
$H \\times H$, the kernel $W$ is $K \\times K$", "a square $n \\times n$ image".

Such notes write one output side for both axes (``\\sum_{i=0}^{H'-1}\\sum_{j=0}^{H'-1}``), and
that is right for every layer they describe: each is square.  The other sizes a claim is
tried at (:mod:`.othersizes`) are then square too -- a 5x6 input is not one of the notes'
layers, and a sum to H' - 1 along its columns is not the notes' mistake.
"""

from __future__ import annotations

import functools
import re

# "input $X$ is $H \times H$", "input of size $n \times n$", "imagen de $N \times N$",
# "an $H \times H$ input", "kernel $W$ is $K\times K$", "filtro $k \times k$"
_INPUT = r"(?:input|image|imagen|entrada|entr[ée]e|Eingabe|Bild)"
_KERNEL = r"(?:kernel|filter|filtro|n[úu]cleo|noyau|filtre|Kern|Filter)"
_SIDE = r"\$\s*([A-Za-z](?:_\{?\w+\}?|')?)\s*\\times\s*\1\s*\$"
_WORDS = r"is|es|of\s+size|de\s+tama[ñn]o|de|of|ist|est|has\s+size"
_BETWEEN = rf"(?:\s+\$[^$]{{1,12}}\$)?(?:\s+(?:{_WORDS})){{0,2}}\s+"


# "Entrada $x$ con $C$ canales de tamaño $H \times H$": a few words and math spans between,
# none naming another tensor (whose size the square would be)
_OTHER = r"(?:output|salida|sortie|sa[íi]da|Ausgabe|uscita|kernel|filt|n[úu]cleo|noyau|Kern)"
_GAP = (
    rf"(?:(?!{_OTHER})[^.;$\n]|\$[^$]{{1,12}}\$){{0,40}}?"
    r"\b(?:tama[ñn]o|size|taille|Gr[öo]ße)\s+(?:de\s+|of\s+)?"
)


def _stated(word: str, text: str) -> bool:
    after = re.search(rf"\b{word}{_BETWEEN}{_SIDE}", text, re.IGNORECASE) or re.search(
        rf"\b{word}\b{_GAP}{_SIDE}", text, re.IGNORECASE
    )
    before = re.search(rf"{_SIDE}\s+{word}", text, re.IGNORECASE)
    square = re.search(rf"\b(?:square|cuadrad[ao]s?|carr[ée]e?s?)\s+{word}", text, re.IGNORECASE)
    return bool(after or before or square)


_TWO_SIDES = (
    r"\$\s*([A-Za-z](?:_\{?\w+\}?|')?)\s*\\times\s*(?!\1\s*\$)[A-Za-z](?:_\{?\w+\}?|')?\s*\$"
)


def _non_square(word: str, text: str) -> bool:
    """The notes also state the tensor with two letters ("an $H \\times W$ input")."""
    return bool(
        re.search(rf"\b{word}{_BETWEEN}{_TWO_SIDES}", text, re.IGNORECASE)
        or re.search(rf"{_TWO_SIDES}\s+{word}", text, re.IGNORECASE)
    )


@functools.lru_cache(maxsize=8)  # one document's, read for each of its statements
def square_sides(text: str) -> tuple[bool, bool]:
    """(the input is stated square with one letter, the kernel is) in ``text``; notes that
    also state it with two letters somewhere are not read as square."""
    square_input = _stated(_INPUT, text) and not _non_square(_INPUT, text)
    return square_input, _stated(_KERNEL, text) and not _non_square(_KERNEL, text)
