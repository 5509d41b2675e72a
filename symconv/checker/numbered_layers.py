"""A claim about one numbered layer of a network, judged under the section's one layer.

Notes that follow a network layer by layer mark each tensor with its layer's number
(``z^{[4]} = W^{[4]} a^{[3]} + b^{[4]}``, ``dW^{[2]}``, ``A^{(1)}``).  The checker reads one
layer per section; where the section marks tensors of two or more layer numbers and its
facts conflict (CONV1's stride 1, CONV2's stride 2), the one layer read mixes the network's
layers, and a claim about a numbered layer (a dense layer after the convolutions, the second
convolution) is judged under sizes that are none of them.  A wrong or size-specific verdict
there rests on that reading, not on the claim: it is not understood, naming the numbered
layers.  (Where the facts agree, the section's layer is the notes' one, or a network reader
judged the claim: its verdict stands.)  (Marks of the generic layer ``l``, ``l-1`` are one layer's
input and output: marked_sizes.py reads them.)
"""

from __future__ import annotations

import re

from symconv.checker.layer_marks import marked_layers
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, WRONG

# a tensor of a numbered layer set to a number: "$W^{(2)} = 0$", "b^{[3]} = 0"
_SET = re.compile(r"[A-Za-z]\s*\^\s*\{?\s*[\[(]\s*(\d+)\s*[\])]\s*\}?\s*=\s*-?\d+(?:\.\d+)?\s*\$")


def set_elsewhere(section: str, own: set[int]) -> bool:
    """Whether the section sets a tensor of a numbered layer other than the claim's own to
    a number (a hypothesis on that layer, which one layer read does not carry)."""
    return any(int(m.group(1)) not in own for m in _SET.finditer(section))


def unless_other_numbered_layer(
    found: dict,
    text: str,
    section: str,
    conflicts: list[str],
    stated: int | None,
    guessed: bool = False,
) -> dict:
    """``found``, or not-understood when the claim marks a numbered layer, its section marks
    tensors of two or more numbered layers, and the section's facts conflict (a stride of
    one layer and another's: the one layer read mixes them), or state no sizes at all and
    set a tensor of another numbered layer (``guessed``: the one layer picked carries no
    hypothesis on layer 2's weights, "$W^{(2)} = 0$, then $\\partial L/\\partial W^{(1)} =
    0$" is judged as if layer 1 were alone).  A claim about the layer whose sizes the
    section states (``stated``, layer_marks.section_layer; its input may carry the mark
    below) keeps its verdict."""
    if found.get("status") not in (WRONG, SIZE_SPECIFIC) or not (conflicts or guessed):
        return found
    own = marked_layers(text)
    numbers = marked_layers(section)
    if not own or len(numbers) < 2:
        return found
    if not conflicts and not set_elsewhere(section, own):
        return found  # a guessed layer alone: the claim may be about it, as a slip's is
    if stated is not None and own - {stated - 1} == {stated}:
        return found
    listed = ", ".join(str(n) for n in sorted(numbers))
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"the claim is about layer {', '.join(str(n) for n in sorted(own))} of a network whose "
            f"section marks layers {listed}, and the checker reads one layer per section "
            f"(judged under that one: {str(found.get('message', ''))[:120]})"
        ),
    }
