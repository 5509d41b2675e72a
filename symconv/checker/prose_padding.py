"""A layer's padding said as a verb: "Now let the layer pad the input by 1", "the input is
zero-padded by one pixel", "we pad the image with 2 rows of zeros", "one pixel of zero
padding", "rellenamos la entrada con 1 fila de ceros".

Only the layer's input is meant: "Dilate $G$ ..., pad it by two (kernel size minus one)"
pads the gradient inside a backward formula and says nothing of the layer, so the object
of the verb must be the input (input, image, $X$, entrada, imagen).  Number words are read
as words ("one", "two", "uno"), never evaluated.
"""

from __future__ import annotations

import re

_NUMBERS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "cero": "0",
    "uno": "1",
    "una": "1",
    "un": "1",
    "dos": "2",
    "tres": "3",
}
_AMOUNT = r"(\d|zero|one|two|three|cero|uno|una|un|dos|tres)"
_INPUT = r"(?:the |its |our |la |su )?(?:input|image|entrada|imagen)(?:\s*\$?\s*[A-Za-z]\s*\$?)?"
_UNITS = r"(?:\s+(?:pixels?|rows?|zeros?|píxeles?|p[íi]xel|filas?|ceros?))?"
_PHRASES = (
    # "let the layer pad the input by 1", "we pad the image with 2 rows of zeros"
    rf"\b(?:zero-)?pad(?:s|ded)?\s+{_INPUT}\s+(?:by|with)\s+{_AMOUNT}{_UNITS}\b",
    # "the input is zero-padded by one pixel"
    rf"\b{_INPUT}\s+(?:is|gets|was)\s+(?:zero-)?padded\s+(?:by|with)\s+{_AMOUNT}{_UNITS}\b",
    # "one pixel of zero padding"
    rf"\b{_AMOUNT}\s+(?:pixels?|rows?|píxeles?|filas?)\s+of\s+(?:zero[- ])?padding\b",
    # D2L: "we pad with one row and column of zeros on every side" (no object: the layer's
    # own input, said by "we" in the layer's setup)
    rf"\b(?:we|let us|let's)\s+(?:zero-)?pad\s+with\s+{_AMOUNT}\s+(?:rows?|columns?)"
    rf"(?:\s+and\s+(?:rows?|columns?))?\s+of\s+zeros\b",
    # "rellenamos la entrada con 1 fila de ceros"
    rf"\brellen\w*\s+{_INPUT}\s+con\s+{_AMOUNT}{_UNITS}\b",
)
_PHRASE = re.compile("|".join(f"(?:{p})" for p in _PHRASES), re.IGNORECASE)


# a causal layer: zeros on the left only, d(k-1) of them (declared.causal_padding)
_CAUSAL = re.compile(
    r"\bcausal(?:\s+(?:dilated|dilatada|1-?D|temporal))*\s+(?:conv\w*|layers?|padding|filters?)\b"
    r"|\b(?:conv\w*|capas?)\s+(?:1-?D\s+)?causal(?:es)?\b"
    r"|\bpad(?:s|ded|ding)?\s+only\s+(?:on|at)\s+the\s+left\b"
    r"|\brelleno\s+s[óo]lo\s+(?:a|por)\s+la\s+izquierda\b",
    re.IGNORECASE,
)


def padding_phrases(text: str) -> list[tuple[str, str, str]]:
    """("padding", amount, "prose") for the one padding amount the text gives the input;
    ("padding", "causal", "prose") for a causal layer's left-only padding."""
    if _CAUSAL.search(text) and not _PHRASE.search(text):
        return [("padding", "causal", "prose")]
    amounts = {
        _NUMBERS.get(word.lower(), word)
        for m in _PHRASE.finditer(text)
        for word in m.groups()
        if word is not None
    }
    if len(amounts) != 1:
        return []  # none, or two amounts in one line: which is the layer's is a guess
    return [("padding", amounts.pop(), "prose")]
