"""A layer of the notes' network named by its constructor: a table's row "| Conv2d(6, 16, 5)
| 16 x 10 x 10 | N_3 = ... |", "`nn.Linear(400, 120)` has ...".

The constructor's leading arguments (in and out channels, then the kernel side; in and out
features of a Linear or Dense) pick the one layer of the network they describe, where the
kind word alone ("Conv2d" of a net with two convolutions) is ambiguous.  A constructor that
fits no layer, or more than one, names none (network_names then reads it as the kind word).
"""

from __future__ import annotations

import re

from symconv.spec.layer import Conv, Dense

_CALL = re.compile(
    r"\b(?:nn\.)?(?P<kind>Conv[123]d|Conv[123]D|Linear|Dense)\s*\(\s*(?P<args>[^()]*)\)",
)
_NUMBER = re.compile(r"^\s*(\d+)\s*$")


def constructor_mentions(text: str, layers) -> list[tuple[range, int]]:
    """(the span of the call, the index of the one layer it fits) for each constructor."""
    found = []
    for m in _CALL.finditer(text):
        args = [a for a in m.group("args").split(",") if "=" not in a]
        numbers = [int(n.group(1)) for a in args if (n := _NUMBER.match(a))]
        if len(numbers) != len(args) or len(numbers) < 2:
            continue
        dense = m.group("kind") in ("Linear", "Dense")
        fits = [i for i, layer in enumerate(layers) if _fits(layer, numbers, dense)]
        if len(fits) == 1:
            found.append((range(m.start(), m.end()), fits[0]))
    return found


def _fits(layer, numbers: list[int], dense: bool) -> bool:
    if dense:
        return isinstance(layer, Dense) and [layer.in_features, layer.out_features] == numbers[:2]
    if not isinstance(layer, Conv) or layer.groups != 1:
        return False
    own = [layer.in_channels, layer.out_channels, layer.kernel[0]]
    return own[: len(numbers)] == numbers[:3] and len(numbers) <= 3
