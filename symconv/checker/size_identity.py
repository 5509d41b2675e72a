"""A relation between symbolic sizes checked over a grid of sizes, not at one layer only.

"the padding adds $(H + 2P)(W + 2P) - HW = 2P(H + W)$ zeros": no side names a computed
quantity (an output side, a parameter count), so the relation is an identity the notes
claim for their sizes in general.  At one layer it may hold by accident: with no padding
(P = 0) both sides vanish, and the missing 4P^2 goes unseen.  A verification rests on no
single configuration, least of all a guessed or degenerate one: the relation must hold at
every point of the grid of sizes it uses.  Only relations between independent sizes (an
input side, a kernel, a stride, a padding, channel counts) are varied; one that uses a
size computed from others (an output side) is left to the layer's own values, where every
size is consistent.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import SIZE_SPECIFIC, WRONG
from symconv.checker.sizes import DEPENDS, grid


def fails_on_grid(
    sides: list, quantities: set[str], layer: dict, value_of: Callable[[dict, object], Fraction]
) -> tuple[dict[str, int], list[Fraction]] | None:
    """The first grid point (sizes, side values) where the sides differ; None if they agree
    everywhere or if the relation uses a computed size."""
    if not quantities or quantities & set(DEPENDS):
        return None
    for point in grid(quantities, layer):
        try:
            values = [value_of(point, side) for side in sides]
        except (NotUnderstood, ZeroDivisionError):
            continue
        if len(set(values)) > 1:
            return {q: point[q] for q in sorted(quantities)}, values
    return None


def grid_verdict(
    failed: tuple[dict[str, int], list[Fraction]], held_at_layer: bool, where: str
) -> dict:
    """Wrong (or size-specific, where it held at the notes' stated layer) at the grid point."""
    sizes, values = failed
    shown = ", ".join(f"{k} = {v}" for k, v in sizes.items())
    sides = ", ".join(f"side {j} is {json_number(v)}" for j, v in enumerate(values, start=1))
    held = f"holds for {where} but " if held_at_layer else ""
    return finding(
        SIZE_SPECIFIC if held_at_layer else WRONG,
        f"{held}fails at other sizes: at {shown}, {sides}",
        counterexample={"sizes": sizes},
    )
