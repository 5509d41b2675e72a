"""An equation the prose introduces with "Let ... be": a definition, not a claim.

"Let $Y = X \\star_s W$ be a convolution with stride $s$", "Sei $Y = X \\star_s W$ eine
Faltung mit Schrittweite $s$", "Sea $Z = X * K$ la salida", "Soit $Y = X \\star W$ la
sortie", "Seja $Y = X \\star W$ uma convolução": the sentence gives the letter on the left
its meaning (often a layer of its own, in letters, beside the one the notes worked with
before: a strided convolution after a transposed one).  Judged as a claim about the layer
read, such a definition is "wrong" wherever the sentence defines another layer; it is a
definition (judged, never called wrong: verified where it agrees with the layer read, no
verdict otherwise).

Read only where the math is the inline span right after the defining word and the words
right after it name what the letter is ("be a", "eine", "la", "uma"), only for a left side
that is no gradient ("Let $dX = ...$ be the gradient" states a result: still judged), and
only where the operator carries a parameter in letters (``\\star_s``): a layer of its own
for every stride.  A "Let" definition of the notes' concrete layer ("Sea $Y = X \\star K$
la correlación válida") is judged as before.
"""

from __future__ import annotations

import re

from symconv.checker.extract import INLINE_MATH

# the defining word right before the span: "Let", "Sei", "Sea", "Soit", "Seja", "Sia"
_BEFORE = re.compile(
    r"(?:^|[.:;!?]\s+|\(\s*|^\W*)(?:let|sei|seien|sea|sean|soit|soient|seja|sejam|sia|siano)"
    r"\s*$",
    re.IGNORECASE,
)
# the words right after: "be a", "denote the", "eine", "der", "la", "une", "uma", "un"
_AFTER = re.compile(
    r"^\s*(?:be|denote|stand for|eine?[nmrs]?|der|die|das|un[ao]?|une|uma|um|la|el|le|il|lo|"
    r"o|a)\b",
    re.IGNORECASE,
)
# a left side that is a gradient (the sentence then states a result)
_GRADIENT = re.compile(r"\\partial|\\nabla|\\delta|\\frac|^\s*d\s*[A-Za-z]|^\s*\\?[gG]\b")
# an operator with a parameter in letters (``X \star_s W``, ``X *_{s} W``): a layer of
# every stride, not the section's concrete one (a definition of that one, "Sea $Y = X \star
# K$ la correlación válida", is still judged against it and may be wrong)
_LETTERED = re.compile(r"(?:\\star|\\ast|\*)\s*_\s*\{?\s*[A-Za-z]\b")


def defined_by_let(source: str, document: list[str], line: int) -> bool:
    """Whether ``source`` is the inline equation a "Let ... be" sentence defines on ``line``
    (1-based)."""
    if "=" not in source or not 1 <= line <= len(document):
        return False
    left, right = source.split("=", 1)
    if _GRADIENT.search(left) or not _LETTERED.search(right):
        return False
    own = document[line - 1]
    for m in INLINE_MATH.finditer(own):
        inner = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
        if source.strip() not in inner or not inner.startswith(source.strip()[:8]):
            continue
        before = re.sub(r"\*+", "", own[: m.start()])  # "**Let** $Y = ...$"
        if _BEFORE.search(before) and _AFTER.match(own[m.end() :]):
            return True
    return False
