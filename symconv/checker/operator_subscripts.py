"""What the subscript of the notes' correlation symbol means, read from their words.

"with $\\star_d$ meaning a cross-correlation whose kernel taps are $d$ apart", "where
$*_s$ is the correlation with stride $s$", "$\\ast_{r}$ denotes the dilated (atrous)
convolution", "con $\\star_d$ la correlación dilatada": a bare subscript, ``\\star_2``,
then gives the dilation (or the stride) the notes define it as.  Without such words the
operator reader takes a bare number for the stride (``\\star_{s=2}``), which on a dilated
correlation judges another operation than the one written, a false alarm.

Only a sentence that names one of the two is read: words for both, or for neither, leave
the subscript as the reader's default.  The rewrite spells the subscript out
(``\\star_2`` -> ``\\star_{d=2}``, ``\\star_d`` -> ``\\star_{d=d}``, the layer's own); the
operator judge then applies it as written.
"""

from __future__ import annotations

import functools
import re

from symconv.checker import lexicon

_SYMBOL = r"(?P<symbol>\\star|\\ast|\\circledast|\\otimes|\*)"
_SUB = r"\s*_\s*(?:\{\s*(?P<braced>[A-Za-z0-9]+)\s*\}|(?P<bare>[A-Za-z0-9]))"
# the symbol with a subscript, alone in its math span, and the sentence after it
_DEFINED = re.compile(r"\$\s*" + _SYMBOL + _SUB + r"\s*\$(?P<words>[^.:;]{0,160})")
# ... or the words before it: "the dilated correlation $\star_d$"
_DEFINED_AFTER = re.compile(r"(?P<words>[^.:;$]{0,80})\$\s*" + _SYMBOL + _SUB + r"\s*\$")
_DILATION = re.compile(
    r"dilat|atrous|[àa] trous|taps?\b[^.]{0,40}\bapart|holes|Löcher|espaciad|"
    r"separad[oa]s|gaps? (?:of|between)",
    re.IGNORECASE,
)
_STRIDE = re.compile(
    r"stride|strided|step of|paso|Schrittweite|pas de|every \S+ (?:position|entr)|"
    + lexicon.STRIDE_CJK
)


def subscript_meaning(document: str) -> dict[str, str]:
    """Symbol -> ``d`` or ``s``: what a bare subscript of that symbol gives."""
    return dict(_subscript_meaning(document))


# Every claim of a document asks about the same document: its words are read once (the
# scan costs about 30 ms on a 20 kB printed document, and a document has ~100 claims).
@functools.lru_cache(maxsize=4)
def _subscript_meaning(document: str) -> tuple[tuple[str, str], ...]:
    meanings: dict[str, set[str]] = {}
    for pattern in (_DEFINED, _DEFINED_AFTER):
        for m in pattern.finditer(document):
            words = m.group("words")
            said = {"d"} if _DILATION.search(words) else set()
            said |= {"s"} if _STRIDE.search(words) else set()
            if len(said) == 1:
                meanings.setdefault(m.group("symbol"), set()).update(said)
    return tuple((symbol, keys.pop()) for symbol, keys in meanings.items() if len(keys) == 1)


def with_subscript_meaning(text: str, document: str) -> str:
    """The claim with each bare subscript of a defined symbol spelled out (``d=2``)."""
    meanings = subscript_meaning(document)
    for symbol, key in meanings.items():
        pattern = re.compile(
            r"(?<![\\A-Za-z])" + re.escape(symbol) + r"(?![A-Za-z])" + _SUB.replace("?P<", "?P<x")
        )

        def spelled(m: re.Match[str], symbol: str = symbol, key: str = key) -> str:
            value = m.group("xbraced") or m.group("xbare")
            return f"{symbol}_{{{key}={value}}}"

        text = pattern.sub(spelled, text)
    return text
