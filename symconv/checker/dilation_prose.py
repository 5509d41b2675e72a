"""A layer's dilation read from the prose, in the spellings notes use.

"the dilation is $d = 2$", "dilation 2", "dilation rate of 2", "dilation factor 2",
"``dilation=2``" (the framework's argument), "a kernel dilated by 2", "a 2-dilated
convolution", "atrous rate 2", "dilatación 2", "con dilatación $d = 2$", "dilatazione $d = 2$",
"Dilatation 2", "με διαστολή $d = 2$".  Only the layer's
own dilation is read: "dilate $G$ by 2" spreads a gradient (the stride rule of the
backward pass) and names no kernel, so it is not a dilation of the layer.  Words are
matched, never evaluated; the text is already normalised (no ``$``, ``\\times`` as x).
"""

from __future__ import annotations

import re

from symconv.checker import lexicon

# ("wynosi", "beträgt", "vaut", "bedraagt", "равна": "is" in Polish, German, French, Dutch,
# Russian; "είναι", "ίση με", "ισούται με": "is", "equal to" in Greek)
_VALUE = (
    r"(?:of|de|is|es|=|:|is set to|set to|equal to|igual a|wynosi|beträgt|vaut|bedraagt|равна"
    r"|равно|равен"
    r"|είναι|ίση με|ίσο με|ισούται με)?"
    r"\s*(?:[a-z]\s*=\s*)?(\d{1,2})\b"
)
_DILATION = re.compile(
    # the noun in every language lexicon.py knows ("dilatación", "διαστολή", "膨胀率" apart)
    rf"\b(?:{lexicon.DILATION}|atrous)"
    r"(?:\s+(?:rate|factor|tasa|Rate|Faktor|taux|fattore|taxa))?\s*(?:\(\s*\w+\s*\)\s*)?"
    + _VALUE
    # "a kernel dilated by 2", "the filter is dilated by a factor of 2"
    + r"|\b(?:kernels?|filters?|filtros?|n[úu]cleos?|convolutions?|convoluci[óo]n|taps?)\s+"
    r"(?:is\s+|are\s+|es\s+)?(?:dilated|dilatad[oa]s?)\s+(?:by|x|por)\s+"
    r"(?:a factor of\s+)?(\d{1,2})\b"
    # "a 2-dilated convolution", "dilated (rate 2) convolution"
    r"|\b(\d{1,2})-dilated\b",
    re.IGNORECASE,
)
_NO_DILATION = re.compile(
    rf"\b(?:no|without|sin|senza|sem|sans|ohne|geen|bez|χωρίς)\s+(?:{lexicon.DILATION})\b",
    re.IGNORECASE,
)


_DILATION_CJK = re.compile(rf"(?:{lexicon.DILATION_CJK}){lexicon.CJK_IS}(\d{{1,2}})(?!\d|\.\d)")


def dilation_facts(text: str) -> list[tuple[str, str, str]]:
    """("dilation", value, "prose") for the dilation the normalised ``text`` states."""
    found = []
    for match in (*_DILATION.finditer(text), *_DILATION_CJK.finditer(text)):
        value = next(g for g in match.groups() if g is not None)
        if int(value) >= 1:
            found.append(("dilation", value, "prose"))
    if not found and _NO_DILATION.search(text):
        found.append(("dilation", "1", "prose"))
    return found
