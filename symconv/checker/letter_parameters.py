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

import re

_IS = r"(?:\s+(?:is|es|ist|est|equals|=|de|of))?(?:\s+(?:the|el|la|der|die))?\s*"
_LETTER = r"\$\s*([A-Za-z])\s*\$"
_WORDS = {
    "stride": r"(?:stride|paso|Schrittweite|pas|passo)",
    "pad": r"(?:padding|relleno|Padding|zero[- ]padding|remplissage)",
}
# "$S$ is the stride", "with stride $S$"
_AFTER = r"\s*(?:is|es|ist|est|denotes|stands for)\s+(?:the|el|la|der|die|le)\s+"
_NUMBER = r"\s*=\s*\d"


def letter_parameters(document: str, stated: set[str]) -> set[str]:
    """``{"stride", "pad"}``: the parameters the notes write as a letter and never as a
    number (``stated``: the settings the notes state, numbers only)."""
    found = set()
    for quantity, words in _WORDS.items():
        if ("stride" if quantity == "stride" else "padding") in stated:
            continue
        # the first mention defines the letter ("window and stride $K$" in a later
        # pooling section is another layer's)
        mentions = sorted(
            (m.start(), m.group(1))
            for pattern in (
                re.compile(r"\b" + words + _IS + _LETTER, re.IGNORECASE),
                re.compile(_LETTER + _AFTER + words + r"\b", re.IGNORECASE),
            )
            for m in pattern.finditer(document)
        )
        if not mentions:
            continue
        letter = mentions[0][1]
        if re.search(r"(?<![A-Za-z\\_])" + letter + _NUMBER, document):
            continue  # "$S = 2$": the notes' own number, used where the claim omits S
        found.add(quantity)
    return found
