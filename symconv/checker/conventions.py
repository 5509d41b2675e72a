"""Math in prose that states a convention or a hypothesis, not a claim about the layer.

* ``with $X[i, j] = 0$ outside the image``, ``$w_{m,n} = 0$ for m, n outside 0..2``: an
  entry whose indices are all letters, set to zero. As a claim it would say that every
  entry is zero, which no notes mean; it is the zero-padding convention.
* ``(and plain $\\otimes$ when $s = 1$)``, ``if $p = 0$``, ``si $s = 1$``: the math right
  after "when", "if", "unless", "cuando", "si" is a hypothesis of the sentence, whatever
  the layer's own stride.

Neither gets a verdict, and neither is counted.
"""

from __future__ import annotations

import re

_ENTRY = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?[A-Za-z]\s*\}?(?:\^\{?[^{}_=]*\}?)?"
_LETTERS = r"[A-Za-z',+\-\s]*[A-Za-z][A-Za-z',+\-\s]*"  # i, j; i+p; no digit
_ZERO_CONVENTION = re.compile(
    rf"\s*{_ENTRY}\s*(?:_\s*\{{{_LETTERS}\}}|_\s*[a-z]|\[{_LETTERS}\]|\({_LETTERS}\))\s*=\s*0\s*"
)
_HYPOTHESIS = re.compile(
    r"\b(?:when|whenever|if|unless|cuando|si|siempre que|provided(?: that)?)\s*\$*\s*$",
    re.IGNORECASE,
)


def is_convention(text: str, prose_before: str) -> bool:
    """Is ``text`` a convention or hypothesis (no verdict), given the prose before it?"""
    if _ZERO_CONVENTION.fullmatch(text):
        return True
    # a short condition (s = 1, p = 0, i = j); a derivation after "if" is still judged
    return len(text) <= 40 and bool(_HYPOTHESIS.search(prose_before[-40:]))
