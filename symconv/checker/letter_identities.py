"""A size formula whose sentence makes its letters stand for several sizes at once.

"A depthwise convolution ($G = C_{in} = C_{out} = C$) therefore has $N = C K^2 + C$
parameters": the formula is written in one letter, C, that the sentence sets equal to the
input channels, the output channels and the groups.  Judged as a formula in C alone, the
other sizes take their defaults (one output channel, one group) and the true count
C K^2 + C is called wrong.  So where the claim's sentence equates one of the claim's size
letters with other size letters (a relation between letters only, no number), or names a
grouped layer (depthwise, groups) that a count written without a group letter is about, the
formula is about a case that is not read here: not understood, never judged with defaults.
"""

from __future__ import annotations

import re

_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+\$", re.DOTALL)
# a size letter, with a subscript or not: C, C_{in}, C_\text{out}, K_h
_LETTER = r"\s*[A-Za-z](?:_\s*(?:\{[^{}$]*\}|\\text\{[^{}]*\}|[A-Za-z]))?\s*"
# a letter written in a formula (not one of a command's: \frac, \partial)
_NAME = re.compile(r"(?<![\\A-Za-z])[A-Za-z](?:_\s*(?:\{[^{}$]*\}|[A-Za-z]))?")
_IDENTITY = re.compile(rf"^{_LETTER}(?:={_LETTER})+$")
_GROUPED = re.compile(
    r"\b(?:depth[- ]?wise|groups?|grouped|groupes?|gruppi|Gruppen|grupos?|en profondeur|"
    r"por canal|par canal|per canale|pro Kanal)\b",
    re.IGNORECASE,
)


def _letters(math: str) -> set[str]:
    return {re.sub(r"\s+", "", side) for side in math.split("=")}


def letters_in(source: str) -> set[str]:
    """The letters a formula writes, with their subscripts: ``C K^2 + C`` -> {C, K}."""
    return {re.sub(r"\s+", "", m.group(0)) for m in _NAME.finditer(source)}


def identified(sentence: str, source: str, names: set[str], params: bool) -> str | None:
    """Why the claim's letters are not read as the layer's own sizes, or None."""
    rest = sentence.replace(source, " ")
    flat = {re.sub(r"[\s{}]|\\text", "", n) for n in names}
    for m in _MATH.finditer(rest):
        body = m.group(0).strip("$")
        if not _IDENTITY.match(body) or body.count("=") < 2:
            continue
        sides = {re.sub(r"[\s{}]|\\text", "", s) for s in _letters(body)}
        if sides & flat:
            return (
                f"its sentence sets {body.strip()}: the formula's letters stand for several "
                "sizes at once, which is not read"
            )
    if params and _GROUPED.search(rest) and not any(n.startswith("G") for n in flat):
        return "its sentence is about a grouped layer, and the count writes no group letter"
    return None
