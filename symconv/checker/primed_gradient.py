"""A primed gradient letter the section defines for its own layer: "Mit Stride 1 (Padding
weiterhin 1, Eingabe $7 \\times 7$) ... Sei $G'$ der zugehörige $7 \\times 7$-Gradient nach $Y$;
dann $\\nabla_X L = \\operatorname{pad}_1(G') \\ast K$", "let $\\delta'$ be the $6 \\times 6$
gradient of the loss with respect to the new output".

Notes that compare a layer with a variant of it (another stride, padding or input) often
prime the variant's upstream gradient.  The prime only says "this layer's, not the first
one's": the claim is about the layer the section states, whose upstream gradient the checker
reads as G.  So where a sentence in the claim's section, before it, puts the primed letter
next to a word for gradient and a size, and that size is the upstream gradient's size in the
layer read for the claim, the prime is dropped (``G'`` is read as G).  A size that is not
that gradient's (the layer read is not the variant's), or a sentence without a size, leaves
the letter unread: the claim stays not understood rather than judged at the wrong layer.
"""

from __future__ import annotations

import re

from symconv.checker.heading_kind import MARKDOWN_HEADING
from symconv.checker.primed_input import _PRIME

_LETTER = r"(G|g|\\delta|\\Delta|\\gamma)"
_PRIMED = re.compile(r"(?<![A-Za-z\\])" + _LETTER + r"\s*" + _PRIME + r"(?![A-Za-z])")
_GRADIENT_WORD = re.compile(
    r"gradient|gradiente|gradienten|градиент|gradien|dérivée|upstream|error|Fehler",
    re.IGNORECASE,
)
# "7 \\times 7", "7x7"; a 1-D layer's: "6 entries", "6 entradas", "of length 6", "Länge 6"
_SIZE = re.compile(
    r"(\d+)\s*(?:\\times|×|x)\s*(\d+)"
    r"|(?<![\w.])(\d+)[- ](?:entry|entries|elements?|values|long|entradas|elementos|valores"
    r"|Einträgen?|Werten?|éléments|valeurs|elementi|valori)\b"
    r"|\b(?:length|longitud|longitude|Länge|longueur|lunghezza)\s+(?:de\s+)?(\d+)",
    re.IGNORECASE,
)
_LOOK_BACK = 12  # lines before the claim searched for the letter's sentence
_WINDOW = 70  # characters after the primed letter that say what it is


def _stated_size(document: list[str], line: int, letter: str) -> tuple[int, ...] | None:
    """The size the nearest sentence above ``line`` (within its section) gives the primed
    ``letter`` as a gradient: (7, 7), (6,), or None."""
    rows = []
    for row in reversed(document[max(0, line - 1 - _LOOK_BACK) : line]):
        rows.insert(0, row)
        if MARKDOWN_HEADING.match(row):
            break
    text = "\n".join(rows)
    pattern = re.compile(
        r"\$\s*" + re.escape(letter) + r"\s*" + _PRIME + rf"\s*\$(?P<after>[^;.]{{0,{_WINDOW}}})"
    )
    found = None
    for m in pattern.finditer(text):
        after = m.group("after")
        if not _GRADIENT_WORD.search(after):
            continue
        size = _SIZE.search(after)
        if size is None:
            continue
        found = (int(size.group(1)), int(size.group(2))) if size.group(1) else (int(size.group(3)),)
    return found


def primed_gradient(text: str, document: list[str], line: int, model) -> str:  # type: ignore[no-untyped-def]
    """``text`` with the prime dropped from each primed gradient letter the section defines
    at the size of the layer's upstream gradient (see the module doc); else ``text``."""
    views = getattr(model, "views", {})
    output = views.get("G") or views.get("Z")  # the upstream gradient has the output's shape
    if output is None:
        return text
    spatial = tuple(output.squeezed)
    for letter in sorted({m.group(1) for m in _PRIMED.finditer(text)}):
        size = _stated_size(document, line, letter)
        if size is None or spatial[-len(size) :] != size or len(spatial) < len(size):
            continue
        text = re.sub(
            r"(?<![A-Za-z\\])" + re.escape(letter) + r"\s*" + _PRIME + r"(?![A-Za-z])",
            lambda _, letter=letter: letter,
            text,
        )
    return text
