"""A decorated letter the notes define in words: "Sea $\\hat\\Delta$ la matriz $6\\times 6$
que sale de dilatar $\\Delta$ y añadirle una fila y una columna de ceros", "Let $\\tilde G$
be $G$ dilated by the stride".

The checker has no reading of such a definition: taking ``\\hat\\Delta`` for ``\\Delta``
itself judges another matrix than the notes mean (a 3x3 where they build a 6x6), which
turns a right claim wrong.  A claim using the letter is not understood, naming it.
"""

from __future__ import annotations

import re

_DECORATED = (
    r"\\(?:hat|widehat|tilde|widetilde|bar|overline|check|breve)\s*\{?\s*\\?[A-Za-z]+\s*\}?"
)
# "Sea $\hat\Delta$ la ...", "Let $\tilde G$ be", "Define $\bar X$ as", "$\hat G$ denotes"
_DEFINED = re.compile(
    rf"(?:\b(?:sea|sean|llamamos|let|define|call|denote)\s+\$\s*({_DECORATED})\s*\$"
    rf"|\$\s*({_DECORATED})\s*\$\s*(?:denotes|is defined as|stands for|es la|es el|be)\b)",
    re.IGNORECASE,
)


def _key(written: str) -> str:
    return re.sub(r"[\s{}]", "", written)


def prose_defined_letter(claim: str, document: str) -> str | None:
    """The decorated letter of the claim that the notes define only in words, if any."""
    prose = re.sub(r"\$\$.*?\$\$", " ", document, flags=re.DOTALL)
    defined = {_key(m.group(1) or m.group(2)) for m in _DEFINED.finditer(prose)}
    for m in re.finditer(_DECORATED, claim):
        if _key(m.group(0)) in defined:
            return m.group(0).strip()
    return None
