"""A size letter the notes set to a number that the layer read does not have.

"$C = 4$ channels, kernel $K = 3$" and then ``C K^2 + C = 40``: the claim's C is the
notes' 4.  Where the layer the checker read has another value for that quantity (a
depthwise layer read as one input channel, a second layer's sizes, D2L's "$c_i = 3$" that
no layer fact carries), a size formula judged with the layer's value may be right or wrong
with the notes': it is not understood, naming both values, and the formula is left to the
reading at the values the notes state (:mod:`.stated_values`).  The same for a case the
claim's own line supposes ("For $k_h = k_w = 1$ the layer has $c_o(c_i k_h k_w + 1) = 8$"):
that case, not the layer read, is the claim's.  A letter's value is the last the notes set
before the claim (:func:`~.stated_values.claim_lookup`).
"""

from __future__ import annotations

import re

from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import Notation
from symconv.checker.sizes import size_quantity
from symconv.checker.stated_values import claim_lookup, claim_stated

_LETTER = re.compile(r"(?<![A-Za-z\\_^{])([A-Za-z])(?![A-Za-z_'{(\[])")


def lone_letters(text: str) -> list[str]:
    """The one-letter names ``text`` writes (``C K^2 + C``: C, K), in order, once each."""
    return list(dict.fromkeys(_LETTER.findall(text)))


def disagreeing_size(
    text: str,
    document: list[str],
    at: tuple[int, str],
    notation: Notation,
    values: dict[str, int | None],
    names: set[str] | None = None,
) -> str | None:
    """Why the claim ``text`` (``at``: its line and source) gets no verdict with the layer
    read (``values``, its quantities) where the notes set one of its sizes (``names``, else
    its one-letter names) to another value.  The letter a claim sets (``s = 2``) is the
    claim's own, compared by the claim itself."""
    line, source = at
    own = re.match(r"\s*([A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?'*)\s*=", text)  # s, c_i, H'

    lookup = claim_lookup(document, line, source, claim_stated(document, line))
    for name in sorted(names) if names is not None else lone_letters(text):
        if own is not None and own.group(1).replace("{", "").replace("}", "") == name:
            continue
        quantity = size_quantity(name, notation)
        have = values.get(quantity) if quantity is not None else None
        if have is None:
            continue
        try:
            stated = lookup(name)
        except NotUnderstood:
            continue
        if stated == have:
            continue
        return (
            f"{name} is {json_number(stated)} in the notes, but the layer read has {have} "
            f"for it: which layer's {name} the claim uses is not read"
        )
    return None


# "With $H = 10$, $K = 3$, ..., $D = 2$: $H_{out} = ... = 4$": a letter the claim's
# sentence sets to a number before the claim
_SET_BEFORE = re.compile(r"\$\s*([A-Za-z])\s*=\s*(\d+)\s*\$")


def unread_premise(document: list[str], at: tuple[int, str], notation: Notation) -> str | None:
    """Why a numeric size claim, judged "with the sizes of" the layer read, gets no verdict
    where its own sentence sets a letter the layer read does not take ("$D = 2$" beside
    $S$, $P$, $K$, with no dilation letter read): the claim's numbers may use that setting
    (a dilation), which the layer read leaves at its default."""
    line, source = at
    if not 1 <= line <= len(document):
        return None
    here = document[line - 1]
    cut = here.find(source.strip()[:20])
    before = here[: cut if cut >= 0 else len(here)]
    before = re.split(r"(?<=[.!?])\s", before)[-1]  # the claim's sentence
    for m in _SET_BEFORE.finditer(before):
        if size_quantity(m.group(1), notation) is None:
            return (
                f"its sentence sets {m.group(1)} = {m.group(2)}, which the layer read does not "
                "take: the claim's numbers may use it, the layer's do not"
            )
    return None


# the two axes' counterparts: a relation between them holds on a square layer only
_AXIS_PAIRS = ({"out_h", "out_w"}, {"in_h", "in_w"}, {"k_h", "k_w"})
# "square input $H \times H$", "entrada cuadrada", "quadratische Eingabe", "$X$ is $n \times n$"
_SQUARE = re.compile(
    r"\b(?:square|carr[ée]e?s?|cuadrad[ao]s?|quadrad[ao]s?|quadrat\w*|quadrat[ao])\b"
    r"|\$[^$]*?(?<![A-Za-z\\])([A-Za-z](?:_\{?\w+\}?)?)\s*(?:\\times|×)\s*\1(?![A-Za-z_])",
    re.IGNORECASE,
)


def square_premise(
    names: set[str], sentence: str, notation: Notation, secondary: bool = False
) -> str | None:
    """Why ``H_out = W_out`` (two sizes of the two axes, nothing else) gets no verdict where
    its sentence states the layer square ("square input $H \\times H$, kernel $K \\times K$,
    same $S$, $P$ on both axes"): it holds on every square layer, which the search over
    sizes (each axis its own) does not keep to; it is that premise, restated."""
    quantities = {size_quantity(n, notation, secondary) for n in names}
    if len(names) != 2 or not any(quantities == pair for pair in _AXIS_PAIRS):
        return None
    if _SQUARE.search(sentence) is None:
        return None
    return (
        f"{' = '.join(sorted(names))} relates the two axes of a layer its sentence states "
        "square: a premise of the case, not read as a claim"
    )
