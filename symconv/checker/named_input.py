"""A claim whose own clause names the input it is about: "Ojo, con $6 \\times 6$ ... así
que $\\frac{\\partial L}{\\partial x_{5,q}} = 0$", "por ejemplo para $6 \\times 6$ también
$\\frac{\\partial L}{\\partial w} = x \\star \\operatorname{dilate}_2(g)$".

The clause changes one thing of the notes' layer, the input's size, and keeps the rest (the
kernel, stride, padding the notes state): the claim is judged under that layer, and its
verdict says so.  Where the claim gets no verdict there, or that layer cannot be built
(counterfactual.other_input_named names why), the claim stays not understood.
"""

from __future__ import annotations

import re

from symconv.checker.counterfactual import _FOR_SIZE, _INPUT_OF
from symconv.checker.layer_counts import sentence_around


def named_input(document: list[str], line: int, source: str, where: str) -> str | None:
    """``"6x6"``, the input the claim's clause names where it is not the layer read's
    (``where``: the layer read, "conv2d 5x5, kernel 3x3, ...")."""
    layer = _INPUT_OF.match(where)
    if layer is None:
        return None
    sentence = sentence_around(document, line, source)
    at = sentence.find(source.strip()[:30])
    before = sentence[: at if at >= 0 else len(sentence)]
    # "..., for the 7x7 input:" introduces the claim: the colon ends its own clause
    before = re.sub(r"[:\s$]+$", "", before)
    clause = re.split(r"[.;:]\s", before)[-1]
    placed = [
        (m.start(), m.groups())
        for m in _FOR_SIZE.finditer(clause)
        if not _NOT_INPUT.match(clause[m.end() : m.end() + 40])
    ] + [(m.start(), tuple(g for g in m.groups() if g)) for m in _FOR_WORDED.finditer(clause)]
    named = [size for _, size in sorted(placed)]
    if not named or named[-1] == layer.groups():
        return None
    return f"{named[-1][0]}x{named[-1][1]}"


# "for the 7x7 input", "for your 8 x 8 image", "para la entrada de 6x6": the size in words
_FOR_WORDED = re.compile(
    r"\b(?:for|with|para|con)\s+(?:the|your|this|an?|la|una?)\s+(\d+)\s*[x×]\s*(\d+)\s+"
    r"(?:input|image|entrada|imagen)\b"
    r"|\b(?:para|con)\s+(?:la\s+)?(?:entrada|imagen)\s+de\s+(\d+)\s*[x×]\s*(\d+)\b",
    re.IGNORECASE,
)

# "con $2 \times 2$ de salida", "for a $6 \times 6$ padded input", "$7 \times 7$ after
# padding": a size of something else than the layer's input
_NOT_INPUT = re.compile(
    r"\s*(?:de\s+(?:salida|sa[íi]da|sortie|G|gradiente)|of\s+(?:output|G)|(?:zero-)?padded"
    r"|rellenad|after\s+padding|tras\s+el\s+relleno|compl[ée]t|gradient|G\b|output|salida"
    r"|sortie|sa[íi]da|kernel|filtr|noyau|window|ventana)",
    re.IGNORECASE,
)


def at_named_input(found: dict, size: str) -> dict:
    """The verdict judged at the clause's input, saying so."""
    return {
        **found,
        "message": f"at the {size} input its clause names (the notes' layer otherwise): "
        + str(found.get("message", "")),
    }
