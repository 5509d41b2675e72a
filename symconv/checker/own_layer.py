"""A section that states a layer of its own, unlike the one before it.

Sections inherit what they do not say from the section before (infer.py), the kind of
layer included.  Flash cards, exam questions and numbered exercises each pose their own
layer, though, and two statements of a section contradict an inherited kind outright:

- weights of its own (``w \\in \\mathbb{R}^3``, ``W \\in \\mathbb{R}^{3\\times 3}``): a
  pooling has none, so a max or average pooling of an earlier card is not this card's
  layer ("1-D, $x \\in \\mathbb{R}^8$, $w \\in \\mathbb{R}^3$" after a max-pooling card);
- an output defined by its own equation as a sum of weights times the input
  (``z_{i,j} = \\sum_{u,v} k_{u,v} x_{i+u,j+v}``): a pooling has no weights either, so a
  remark on "the subsequent max pooling" in the section before is not this one's layer;
- an input and a kernel that are vectors (``x \\in \\mathbb{R}^8``, ``w \\in \\mathbb{R}^3``,
  one exponent each): a 1-D layer, so an inherited 2-D kind is not its kind, and the
  section's dimension is 1 (its operator claims have no indices to say so).

Only the section's own memberships decide (a size in words may be a square's side); no
claim is tried.
"""

from __future__ import annotations

import re
from typing import Any

# how scan_math.py records a membership: "w in R^3", "W in R^(3x3)"
_MEMBERSHIP = re.compile(r"^\S+ in R\^(?P<vector>\d+)?")


def _memberships(facts: list[Any], first: int, last: int) -> dict[str, bool]:
    """{role: whether its membership is a vector} for the section's own memberships."""
    found: dict[str, bool] = {}
    for fact in facts:
        m = _MEMBERSHIP.match(fact.how)
        if m is not None and first <= fact.line <= last and fact.key in ("input", "kernel"):
            found.setdefault(fact.key, m.group("vector") is not None)
    return found


def states_vectors(facts: list[Any], first: int, last: int) -> bool:
    """Whether the section's own memberships make its input and kernel vectors."""
    found = _memberships(facts, first, last)
    return found.get("input") is True and found.get("kernel") is True


def _weighted_output(facts: list[Any], first: int, last: int) -> bool:
    """Whether the section's own equations define the output as a sum of weights times
    the input (``z_{n,f,i,j} = \\beta_f + \\sum k_{f,c,u,v} x_{...}``: infer.py reads the
    letters of that definition, a weight among them): a convolution, not a pooling."""
    return any(
        fact.key == "names"
        and fact.how == "the letters of the output's definition"
        and first <= fact.line <= last
        and re.search(r"(?:^|,)[^,=]+=W(?:,|$)", fact.value) is not None
        for fact in facts
    )


def kind_not_inherited(
    fact: Any, facts: list[Any], first: int, last: int, pools: tuple, earlier: tuple = ()
) -> bool:
    """Whether an inherited ``layer`` fact is contradicted by the section's own weights
    (a pooling) or its own vectors (a 2-D kind); also a window, stride or padding the
    prose gave on the line of a pooling kind so contradicted (``earlier``: the facts
    inherited): they were that pooling's."""
    if fact.key in ("kernel", "stride", "padding") and fact.how == "prose":
        return any(
            f.key == "layer"
            and f.value in pools
            and f.line == fact.line
            and kind_not_inherited(f, facts, first, last, pools)
            for f in earlier
        )
    if fact.key != "layer":
        return False
    found = _memberships(facts, first, last)
    if fact.value in pools and ("kernel" in found or _weighted_output(facts, first, last)):
        return True
    return fact.value.endswith("2d") and states_vectors(facts, first, last)


# words that give a transposed convolution two spatial axes: its constructor, "2-D", an image
_TWO_AXES = re.compile(
    r"ConvTranspose2d|Conv2DTranspose|\b2-?D\b|two-dimensional|bidimensional|zweidimensional|"
    r"\bimages?\b|\bimagen(?:es)?\b|\bimatges?\b|\bimagens?\b|\bBild\w*|\bdos dimensiones\b|"
    r"\btwo dimensions\b|\bdeux dimensions\b|\bduas dimens[õo]es\b|\bdues dimensions\b|"
    r"\\times|×|\d\s*x\s*\d",
    re.IGNORECASE,
)


def one_dimensional_transposed(facts: list[Any], own_dims: int | None, lines: list[str]) -> None:
    """A transposed convolution named in words only ("la convolución transpuesta", "a
    transposed convolution") is a 2-D layer by default; in a section whose own entries
    carry one index each (``x_i``, ``w_u``, ``g_{si+u}``) and whose naming sentence gives
    it no second axis (no ConvTranspose2d, "2-D", image or "a x b"), it is the 1-D layer
    those entries index: a 2-D layer's entries take 2 or 4 indices, so the 2-D default
    could only leave them unread.  The facts are changed in place."""
    if own_dims != 1:
        return
    for i, fact in enumerate(facts):
        if (
            fact.key == "layer"
            and fact.value == "conv_transpose2d"
            and fact.how == "prose"
            and 0 < fact.line <= len(lines)
            and _TWO_AXES.search(lines[fact.line - 1]) is None
        ):
            facts[i] = type(fact)(fact.key, "conv_transpose1d", fact.line, fact.how)
