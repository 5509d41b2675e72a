"""Size letters named in prose with a phrase between the role word and the letters.

"une entrée $X$ à une seule carte, de taille $H \\times H$", "un noyau $K$ de taille
$k \\times k$", "an input image $X$ of size $H \\times W$", "um filtro $W$ com tamanho
$k \\times k$", "la entrada, de tamaño $n \\times n$": the input's or the kernel's sides are
the letters after the size word, however many words stand between the role word and it.
The letters are bound as the sides (``H=input-height,H=input-width``), so a value the notes
give them elsewhere (``$H = 7$``) is that size (infer._size_values).

Only a clause with no other math between the role word and the size word is read: in
"the input $X$, the kernel $K$ of size $k \\times k$" the size is the kernel's, and in
"the output of a layer whose input is $X$ has size $m \\times m$" no size word follows
an input word without the output's math ("$X$ has") coming between - that is refused too,
since the words between may name another tensor ("the output of the input").
"""

from __future__ import annotations

import re

_INPUT = (
    r"inputs?|images?|entradas?|imagen|entr[ée]es?|Eingabe|(?:feature\s+)?maps?\s+of\s+"
    r"(?:the\s+)?input|carte\s+d['’]entr[ée]e|mapa\s+de\s+entrada"
)
_KERNEL = r"kernels?|filters?|filtros?|n[úu]cleos?|noyaux?|filtres?|Kern|Filter"
# the size word: "de taille", "of size", "de tamaño", "com tamanho", "of shape", "sized"
_SIZE_WORD = (
    r"(?:de\s+taille|of\s+size|of\s+shape|de\s+tama[ñn]o|de\s+tamanho|com\s+tamanho|"
    r"de\s+forme|der\s+Gr[öo](?:ß|ss)e|sized|with\s+size|con\s+tama[ñn]o)"
)
# words between the role word and the size word: no math, no clause end, no other role
_BETWEEN = r"(?:[^$.;:!?]{0,60}?)"
_TENSOR = r"(?:\$[^$]{1,25}\$\s*)?"
_LETTERS = r"\$\s*(?P<height>[A-Za-z])\s*(?:\\times|×|x)\s*(?P<width>[A-Za-z])\s*\$"
_PHRASE = re.compile(
    r"\b(?:(?P<input>"
    + _INPUT
    + r")|(?P<kernel>"
    + _KERNEL
    + r"))\b\s*"
    + _TENSOR
    # (the words between must not name the other role: "the input to the kernel of size")
    + r"(?P<between>"
    + _BETWEEN
    + r")\b"
    + _SIZE_WORD
    + r"\s+"
    + _LETTERS,
    re.IGNORECASE,
)
_OTHER_ROLE = re.compile(
    r"\b(?:" + _INPUT + "|" + _KERNEL + r"|outputs?|salidas?|sorties?|sa[íi]das?)\b",
    re.IGNORECASE,
)


def sized_letters(line: str, after: str = "") -> list[str]:
    """``["H=input-height", "H=input-width", ...]`` for each role word whose size the line
    gives as two letters after a size word (``after``: the paragraph's next line, where a
    phrase broken by the line's end goes on)."""
    found: list[str] = []
    joined = line + " " + after.strip()[:60] if after.strip() else line
    for m in _PHRASE.finditer(joined):
        if m.start() >= len(line):
            break  # the next line's own phrase: read with that line
        if _OTHER_ROLE.search(m.group("between")):
            continue  # "the input of the filter of size k x k": whose size is a guess
        role = "input" if m.group("input") else "kernel"
        height, width = m.group("height"), m.group("width")
        found += [f"{height}={role}-height", f"{width}={role}-width"]
    return found
