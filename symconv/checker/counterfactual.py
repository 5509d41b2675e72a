"""Claims the prose makes under another layer: "If we had used padding 1 in the forward
pass, ... $dX = \\operatorname{pad}_1(dY) \\star \\operatorname{rot180}(K)$ would still
have the right size", "had we used stride 2", "si hubiéramos usado relleno 1".

Such a claim is about a layer the notes do not have: judged under the notes' layer, a
mistake made for the other one can hold (a miss) and a correct one can fail (a false
alarm).  Until the other layer is built from the sentence, the claim is not understood,
naming the supposition; a claim of plain arithmetic in the same sentence is unaffected.
"""

from __future__ import annotations

import re

from symconv.checker.layer_counts import sentence_around

_SETTING = r"(?:padding|stride|dilation|kernel|filter|input|relleno|paso|dilataci[óo]n|filtro)"
# the supposition: a past or subjunctive condition on the layer's setting
_SUPPOSED = re.compile(
    r"\b(?:if\s+(?:we|you|one|they|the\s+(?:forward\s+pass|layer|convolution))\s+"
    r"(?:had|were\s+to|would)\s+(?:used?|taken?|chosen?|added?|had)"
    r"|had\s+(?:we|you|the\s+(?:forward\s+pass|layer))\s+(?:used|taken|chosen|had)"
    r"|were\s+(?:we|you)\s+to\s+use"
    r"|si\s+(?:hubi[ée]ramos|hubi[ée]semos|us[áa]ramos|la\s+capa\s+(?:tuviera|usara)))"
    # ("with padding 3 instead of k-1" names a wrong variant of this layer, not another)
    r"[^.;]{0,80}?\b" + _SETTING,
    re.IGNORECASE,
)


def supposed_layer(document: list[str], line: int, source: str) -> str | None:
    """Why a claim standing in a sentence that supposes another layer gets no verdict."""
    sentence = sentence_around(document, line, source)
    at = sentence.find(source.strip()[:30])
    before = sentence[: at if at >= 0 else len(sentence)]
    found = _SUPPOSED.search(before)
    if found is None:
        return None
    words = " ".join(found.group(0).split())
    return (
        f'the sentence supposes another layer ("{words}"): a claim under a layer the '
        "notes do not have is not read"
    )


# "por ejemplo para $6 \times 6$ también $...$", "for a $6\times 6$ input the same holds":
# the claim's own clause names the input it is about
_FOR_SIZE = re.compile(
    r"\b(?:para|for|con|with|mit|pour|avec)\s+(?:an?\s+|un[ao]?\s+|une?\s+|einer?\s+)?"
    r"(?:input\s+|entrada\s+)?\$\s*(\d+)\s*(?:\\times|×|x)\s*(\d+)\s*\$"
    # "for a $3\times 3$ kernel": the size of something else than the input
    r"(?!\s*-?\s*(?:kernels?|filters?|filtros?|n[úu]cleos?|windows?|ventanas?|Kern|"
    r"outputs?|salidas?|matri))",
    re.IGNORECASE,
)
_INPUT_OF = re.compile(r"^\w+ (\d+)x(\d+),")  # "conv2d 5x5, kernel 3x3, ..."


def other_input_named(document: list[str], line: int, source: str, where: str) -> str | None:
    """Why a claim whose own clause names another input than the layer read ("for a 6x6
    input, too: dL/dw = x star dilate_2(g)", judged at the notes' 5x5) gets no verdict."""
    layer = _INPUT_OF.match(where)
    if layer is None:
        return None
    sentence = sentence_around(document, line, source)
    at = sentence.find(source.strip()[:30])
    clause = re.split(r"[.;:]\s", sentence[: at if at >= 0 else len(sentence)])[-1]
    named = [m.groups() for m in _FOR_SIZE.finditer(clause)]
    if not named or named[-1] == layer.groups():
        return None
    h, w = named[-1]
    return (
        f"its clause names a {h}x{w} input, and the layer read has {layer.group(1)}x"
        f"{layer.group(2)}: a claim about another layer than the one read is not judged"
    )
