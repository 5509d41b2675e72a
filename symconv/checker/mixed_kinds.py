"""A line of prose that names two kinds of layer: "Max pooling $2 \\times 2$ stride 2 halves
the side. Up-conv (transposed conv) $2 \\times 2$ stride 2 without padding gives ...", "a
transposed convolution 2x2, then an average pooling 3x3 with stride 3".

The prose reader takes every window, stride, padding and dilation the line states and every
kind it names, and one layer is assembled from them: the pooling's window becomes the
transposed convolution's kernel, and its stride competes with the other's.  Which layer
each setting belongs to is not read, so a layer built from them is a guess -- and a claim
judged under it (an output side, a ``k - 1`` of the convolution the line also names) may
be called wrong for the guess.  The line's settings are set aside: the kinds stay (the
contradiction is reported), and the layer's sizes are then the defaults, under which a size
claim is not understood ("the notes do not state the layer's sizes") rather than judged.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

# the settings the prose reader reads beside a kind of layer
GEOMETRY = frozenset({"kernel", "stride", "padding", "dilation"})


class _Fact(Protocol):
    key: str
    value: str
    line: int
    how: str


F = TypeVar("F", bound=_Fact)


def mixed_lines(facts: list[_Fact]) -> set[int]:
    """The lines whose prose names two or more kinds of layer."""
    kinds: dict[int, set[str]] = {}
    for fact in facts:
        if fact.key == "layer" and fact.how == "prose":
            kinds.setdefault(fact.line, set()).add(fact.value)
    return {line for line, named in kinds.items() if len(named) >= 2}


def without_mixed_settings(facts: list[F]) -> list[F]:
    """``facts`` without the window, stride, padding and dilation read in the prose of a
    line that names two kinds of layer (which of the two each belongs to is not read)."""
    mixed = mixed_lines(list(facts))
    if not mixed:
        return facts
    return [f for f in facts if not (f.how == "prose" and f.key in GEOMETRY and f.line in mixed)]
