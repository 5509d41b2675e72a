"""Notes about "LeNet-5" whose LeNet is not symconv's built-in one.

symconv's LeNet-5 takes a 28x28 image and pads C1 by 2 (seed 000's description); many
notes describe the original, a 32x32 image with valid convolutions.  The two agree on
every output size from C1 on, so a table of shapes is judged the same either way, but an
entry of C1 (``\\partial L/\\partial w^{(1)}_{f,u,v} = \\sum_{i,j} \\delta_{f,i,j}
x_{i+u-1,j+v-1}``) reads other pixels: judged against the built-in layer, a right claim
would be wrong.  Where the notes state another input side than the built-in network's,
a wrong verdict about a layer's entries is not understood, naming both inputs.
"""

from __future__ import annotations

import re

# "input $32\times 32$", "a 32x32 grayscale input", "entrada de 32x32"
_INPUT_SIDE = re.compile(
    r"\b(?:input|image|entrada|imagen)\b[^.;]{0,20}?(\d{1,3})\s*(?:\\times|x|×)\s*(\d{1,3})"
    r"|(\d{1,3})\s*(?:\\times|x|×)\s*(\d{1,3})\$?\s*(?:grayscale\s+|gray\s+)?"
    r"(?:input|image|entrada|imagen)\b",
    re.IGNORECASE,
)


def stated_input_sides(document: str) -> set[tuple[int, int]]:
    found = set()
    for m in _INPUT_SIDE.finditer(document):
        h, w = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        found.add((int(h), int(w)))
    return found


def other_network_input(document: str, network_input: tuple[int, int, int]) -> str | None:
    """Why an entry claim cannot be judged against the built-in network, else None."""
    sides = stated_input_sides(document)
    own = tuple(network_input[1:])
    if not sides or own in sides:
        return None
    shown = ", ".join(f"{h}x{w}" for h, w in sorted(sides))
    return (
        f"the notes' network takes a {shown} input, symconv's built-in one "
        f"{own[0]}x{own[1]}; its layers' entries (padding, positions) would be a guess"
    )
