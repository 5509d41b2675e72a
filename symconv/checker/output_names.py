"""Names the notes introduce as a layer's output size: "La taille de la sortie est $$H_s =
\\left\\lfloor \\frac{H + 2P - k}{S} \\right\\rfloor + 1$$", "El tamaño de salida es $$n^{(l)} =
6 - 3 + 1 = 4$$", "The output side is $$H_{out} = ...$$", "the output has side $O = ...$".

The name on the left of the display that such a sentence introduces is the output side, in
that display and wherever the notes write it after (``H_s`` at 7, at 8, in a size identity).
Only a single name standing alone on the left counts; a sentence naming several sizes names
none.
"""

from __future__ import annotations

import functools
import re

from symconv.checker.size_names import flatten

# the sentence ends right before the display (or its inline math): "... de la sortie est"
_INTRO = re.compile(
    r"(?:taille|dimension|c[ôo]t[ée]) de (?:la )?sortie|tama[ñn]o de (?:la )?salida|"
    r"lado de (?:la )?salida|alto de la salida|output (?:size|side|length|height|width)|"
    r"size of the output|side of the output|Ausgabegr[öo][ßs]e|dimensione dell'uscita",
    re.I,
)
_ENDS = re.compile(r"(?:\b(?:est|es|is|ist|è|vaut|vale|equals)|:)\s*$", re.I)
_LEFT = re.compile(r"^\s*\$\$?\s*([^=$]{1,30}?)\s*=")


@functools.lru_cache(maxsize=32)
def _names(document: tuple[str, ...]) -> frozenset[str]:
    found: set[str] = set()
    for n, text in enumerate(document):
        m = _LEFT.match(text)
        if m is None:
            continue
        before = ""  # the prose right above the display (across one blank line)
        for k in (n - 1, n - 2):
            if k >= 0 and document[k].strip():
                before = document[k]
                break
        inline = text[: text.find("$")] if text.find("$") > 0 else ""
        lead = before if not inline.strip() else inline
        tail = lead[-80:]
        if _INTRO.search(tail) and _ENDS.search(tail):
            name = flatten(m.group(1))
            if re.fullmatch(r"[A-Za-z](?:_\w+|\^\(\w+\)|')?", name):
                found.add(name)
    return frozenset(found)


def output_names(document: list[str]) -> frozenset[str]:
    """The names the notes introduce as the output side (flattened: ``H_s``, ``n^(l)``)."""
    return _names(tuple(document))
