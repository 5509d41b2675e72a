"""The layer's parameters the notes give as letters.

"the stride is $S$, the padding is $P$", "El paso es $S$ y el relleno es $P$ ceros",
"stride $s$": the notes' formulas are meant for every stride and padding, so a claim that
omits the stride (``G_{p-u,q-v}``, right only at S = 1) must be tried at other strides
even though its own letters are K and H' alone.  The checker's grid varies the stride
and padding only for a claim that names them; these are the quantities it must vary
for every claim of such notes.  A parameter the notes also give a number is the number's:
nothing is added.  (A square input the notes state is square_sizes.py's.)
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from symconv.checker import lexicon
from symconv.checker.notation_options import Notation
from symconv.checker.sizes import SIDE, size_quantity

_IS = r"(?:\s+(?:is|es|ist|est|equals|=|de|of))?(?:\s+(?:the|el|la|der|die))?\s*"
_LETTER = r"\$\s*([A-Za-z])\s*\$"
# the words of every language the prose readers know (lexicon.py), CJK ones too
# ("ストライド $S$、パディング $P$": a cheat sheet's letters for every stride and padding)
# Russian "шаг $S$", "с шагом $S$" and Vietnamese "bước $S$" too: the words are any step's as
# well, so lexicon.STRIDE, which its readers follow with a number ("Шаг 2" may title a step),
# leaves them out; a step is never titled with a letter
_WORDS = {
    "stride": rf"(?:{lexicon.STRIDE}|{lexicon.STRIDE_CJK}|шаг(?:ом|а|е|у)?|bước)",
    "pad": rf"(?:zero[- ]padding|{lexicon.PADDING}|{lexicon.PADDING_CJK})",
}
# "$S$ is the stride", "with stride $S$"; in a list of definitions the verb is left out:
# "$\mathbf{b}$ les biais, $S$ le pas", "with $K$ the kernel size and $S$ the stride"
_AFTER = (
    r"\s*(?:(?:is|es|ist|est|é|e|denotes|stands for|désigne|denota|bezeichnet)\s+)?"
    r"(?:the|el|la|der|die|le|o|il)\s+"
)
# "padded with $P$ zeros", "complétée par $P$ zéros", "com $p$ zeros", "mit $P$ Nullen":
# the padding's letter counts the zeros
_ZEROS = re.compile(
    r"\b(?:with|par|avec|com|con|mit|di)\s+" + _LETTER + r"\s+(?:zeros|zéros|ceros|Nullen|zeri)\b",
    re.IGNORECASE,
)
_NUMBER = r"\s*=\s*\d"


def letter_parameters(document: str, stated: set[str]) -> set[str]:
    """``{"stride", "pad"}``: the parameters the notes write as a letter and never as a
    number (``stated``: the settings the notes state, numbers only)."""
    found = set()
    for quantity, letter in parameter_letters(document).items():
        if ("stride" if quantity == "stride" else "padding") in stated:
            continue
        if re.search(r"(?<![A-Za-z\\_])" + letter + _NUMBER, document):
            continue  # "$S = 2$": the notes' own number, used where the claim omits S
        if is_side_letter(letter, document):
            continue
        found.add(quantity)
    return found


def is_side_letter(letter: str, document: str) -> bool:
    """Whether the notes write ``letter`` as a tensor's side ("$k \\times k$" kernel): then
    "rellenar con $k$ ceros" pads by the kernel's side, and k is no padding's own letter."""
    pattern = (
        rf"(?<![A-Za-z\\_]){re.escape(letter)}\s*\\times|\\times\s*{re.escape(letter)}(?![A-Za-z_])"
    )
    return re.search(pattern, document) is not None


@lru_cache(maxsize=16)
def parameter_letters(document: str) -> dict[str, str]:
    """``{"stride": "T", "pad": "Q"}``: the letter the notes name each parameter with, at its
    first mention ("window and stride $K$" in a later pooling section is another layer's)."""
    found = {}
    for quantity, words in _WORDS.items():
        mentions = sorted(
            (m.start(), m.group(1))
            for pattern in (
                re.compile(r"\b" + words + _IS + _LETTER, re.IGNORECASE),
                re.compile(_LETTER + _AFTER + words + r"\b", re.IGNORECASE),
            )
            for m in pattern.finditer(document)
        )
        if quantity == "pad":
            mentions = sorted(
                mentions + [(m.start(), m.group(1)) for m in _ZEROS.finditer(document)]
            )
        if mentions:
            found[quantity] = mentions[0][1]
    return found


DILATION_WORDS = rf"(?:{lexicon.DILATION})"  # the one word list (lexicon.py)


# "dilation $D$", "la dilatación es $d$" (not "the dilation of $g$": dilating a tensor); the
# letters notes give a dilation (d, r for a rate), never a tensor's
_DILATION_IS = r"(?:\s+(?:is|es|ist|est|equals|=|è|é|rate|factor))?\s*"
_DILATION_LETTER = r"\$\s*([dDrR])\s*\$"


@lru_cache(maxsize=16)
def dilation_letter(document: str) -> str | None:
    """The letter the notes name their dilation with ("dilation $D$", "$d$ the dilation"),
    at its first mention, or None."""
    for pattern in (
        re.compile(r"\b" + DILATION_WORDS + _DILATION_IS + _DILATION_LETTER, re.IGNORECASE),
        re.compile(_DILATION_LETTER + _AFTER + DILATION_WORDS + r"\b", re.IGNORECASE),
    ):
        m = pattern.search(document)
        if m is not None:
            return m.group(1)
    return None


def named_parameters(document: str) -> dict[str, str]:
    """``{"stride": "T", "pad": "Q", "dilation": "D"}``: every parameter the notes name
    with a letter (a number set to that letter later sets the parameter)."""
    found = {
        q: t for q, t in parameter_letters(document).items() if not is_side_letter(t, document)
    }
    letter = dilation_letter(document)
    if letter is not None:
        found["dilation"] = letter
    return found


def unvalued_dilation_letter(document: str, stated: frozenset[str]) -> str | None:
    """The letter the notes name their dilation with when they never give it a number
    (``stated``: the settings stated as numbers), else None.  Such notes mean every
    dilation; a layer read at the default dilation 1 would verify a claim that leaves the
    dilation out (``x_{t+k}`` for ``x_{t+Dk}``)."""
    letter = None if "dilation" in stated else dilation_letter(document)
    if letter is None or re.search(r"(?<![A-Za-z\\_])" + letter + _NUMBER, document):
        return None  # "$D = 2$": the notes' own number (named_parameter_facts reads it)
    return letter


def with_parameter_letters(notation: Notation, document: str) -> Notation:
    """``notation`` with the stride's, padding's and dilation's letters the notes name ("$T$
    o passo", "la entrada rellenada con $q$ ceros", "dilation $D$") as those sizes, where
    the letter is no size or tensor of the notation already (S and P are the stride and
    padding by default)."""
    extra = tuple(
        (letter, quantity)
        for quantity, letter in sorted(named_parameters(document).items())
        if size_quantity(letter, notation) is None and letter not in notation.letters
    )
    extra += side_parameter_letters(notation, document)
    if not extra:
        return notation
    return dataclasses.replace(notation, named_sizes=(*notation.named_sizes, *extra))


# the quantities the checker's default letters name that are no tensor's side
_PARAMETERS = frozenset({"pad", "stride", "dilation"})


def side_parameter_letters(notation: Notation, document: str) -> tuple[tuple[str, str], ...]:
    """``(("p", SIDE),)``: the letters the checker reads as a parameter by default (p, P the
    padding, s, S the stride, d the dilation) that these notes write as a tensor's side
    ("the kernel $W$ is $p \\times q$", an output "$P \\times Q$") and bind to no size
    themselves.  A padding or a stride is never an axis's length: such a letter is some
    side the notes did not say in words the checker reads, and read as the padding it
    would turn ``\\sum_{u=0}^{p-1}`` into an empty sum (a correct claim called wrong).  It
    is bound to :data:`SIDE`, which no layer has a value of (sizes.lookup_in names why)."""
    named = dict(notation.named_sizes)
    # "$s \\times s$ windows with stride $s$": a letter the words also name the parameter
    # is that parameter (the side equals it), not some other side
    worded = set(parameter_letters(document).values()) | {dilation_letter(document)}
    return tuple(
        (letter, SIDE)
        for letter in ("p", "P", "s", "S", "d")
        if letter not in named
        and letter not in notation.letters
        and letter not in worded
        and size_quantity(letter, notation) in _PARAMETERS
        and is_side_letter(letter, document)
    )
