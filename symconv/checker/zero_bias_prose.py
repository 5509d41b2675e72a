"""A worked example's bias set to zero in words: "un biais $b$ initialisé à zéro", "the bias
$b$ is initialized to zero", "con sesgo $b$ igual a cero", "Bias $b$ mit Null initialisiert".

A worked example gives its numbers in math (``b = 0``, worked_numbers.py); some notes say the
bias's value in the sentence that introduces it instead.  The sum of a padded layer's output
is then (sum X)(sum W) + 36 b with b = 0, and the claim "(sum X)(sum W)" holds at the
example's numbers: the bias is 0 there, it is not missing from the formula.  Only a
sentence that names the bias and its value zero together is read (the bias word, at most
its letter and a verb between); a negated one ("not initialized to zero") or one about
another quantity is not.
"""

from __future__ import annotations

import functools
import re

from symconv.checker import lexicon

# the bias's letter as written beside its word: "$b$", "$\mathbf{b}$", "$b_0$"
_LETTER = r"(?:\$\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?b\s*\}?\s*(?:_\s*\{?\s*\d\s*\}?)?\s*\$)"
# "initialized to", "initialisé à", "inicializado a", "inizializzato a", "mit Null
# initialisiert", "set to", "mis à", "fixed at", "equal to", "égal à", "igual a", "is", "est"
_VERB = (
    r"(?:is\s+|are\s+|est\s+|es\s+|é\s+|ist\s+|wird\s+)?"
    r"(?:initiali[sz]ed|initialis[ée]e?s?|inicializad[oa]s?|inizializzat[oa]|initialisiert"
    r"|set|fixed|mis|fix[ée]e?s?|fijad[oa]s?|equal|[ée]gale?s?|igual|uguale|gleich"
    r"|is|est|es|é|ist|vaut|vale)"
)
_ZERO = r"(?:zero|z[ée]ro|cero|null|0)"
_PREP = r"(?:to|à|a|at|en|on|with|com|con|auf|mit|=)?"
_SAYS_ZERO = re.compile(
    rf"\b(?:{lexicon.BIAS})\b\s*,?\s*(?:{_LETTER}\s*,?\s*)?{_VERB}\s+{_PREP}\s*{_ZERO}\b(?![.,]\d)"
    # "mit Null initialisiert" (the value before the verb)
    rf"|\b(?:{lexicon.BIAS})\b\s*,?\s*(?:{_LETTER}\s*,?\s*)?(?:wird\s+)?mit\s+Null\s+"
    r"initialisiert",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:not|pas|no|nicht|non|n['’]est|never|jamais|nunca|mai)\b", re.I)


def zero_bias_line(document: str, line: int) -> int | None:
    """The last line before ``line`` whose prose says the bias is zero, else None."""
    before = [at for at in _zero_lines(document) if at < line]
    return before[-1] if before else None


@functools.lru_cache(maxsize=8)  # asked at every statement of the document
def _zero_lines(document: str) -> tuple[int, ...]:
    return tuple(
        at
        for at, text in enumerate(document.split("\n"), start=1)
        if any(not _NEGATED.search(m.group(0)) for m in _SAYS_ZERO.finditer(text))
    )
