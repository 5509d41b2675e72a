"""Which layer a section goes on from: the one before it, or the one a variation varied.

Notes state their layer once and then vary it for a while: "## Small example" with "inputs
3x3 and a 2x2 filter", then "## Stride 2" with "input 5x5, output 2x2".  The second
variation restates the notes' own input (5x5), not the example's (3x3): it varies the
notes' layer, and what it leaves unsaid (the 3x3 kernel) is that layer's, not the small
example's 2x2.  Taking the example's kernel would judge the stride-2 claims against a
layer nobody wrote, and call the correct ones wrong.

So a section that states its input or kernel itself, where the section before it states
another one (it was a variation), goes on from the layer that variation varied -- but
only when its stated sizes are that layer's own (all that both state agree, one at
least).  Otherwise (new sizes of its own, or sizes that fit the variation) it goes on from
the section before it, as every section does.  Only stated sizes decide; no claim is
tried.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_SHAPE = ("input", "kernel")


def _stated(reading: Any, strength: Callable[[Any], int]) -> dict[str, str]:
    """The input and kernel sizes ``reading`` states in words, a table or a membership
    (strength 0), not the largest index it happens to use."""
    found: dict[str, str] = {}
    for key in _SHAPE:
        fact = reading.first(key)
        if fact is not None and strength(fact) == 0:
            found[key] = fact.value
    return found


def _agrees(mine: dict[str, str], theirs: dict[str, str]) -> bool:
    shared = set(mine) & set(theirs)
    return bool(shared) and all(mine[k] == theirs[k] for k in shared)


def goes_on_from(
    own: Any, previous: Any, varied: Any | None, strength: Callable[[Any], int]
) -> Any:
    """``previous``, or ``varied`` (the layer ``previous`` went on from) where ``previous``
    varied that layer's sizes and ``own``'s stated sizes are that layer's, not
    ``previous``'s."""
    if varied is None or varied is previous:
        return previous
    mine = _stated(own, strength)
    before, theirs = _stated(varied, strength), _stated(previous, strength)
    if not mine or _agrees(mine, theirs) or not theirs or _agrees(theirs, before):
        return previous  # the section does not set itself apart from the one before it
    if any(mine[k] != theirs[k] for k in set(mine) & set(theirs)) and _agrees(mine, before):
        return varied
    return previous
