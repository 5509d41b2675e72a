"""A layer's multiply count in the network the notes state, and a passage about another
input than the network's.

"Het aantal vermenigvuldigingen ... van conv1 (per afbeelding) is $M_1 = 28 \\cdot 28 \\cdot
25 = 19600$": the name's letter (``M``) with a word for multiplications says the quantity,
its subscript or the layer the sentence names says the layer (network_named.py).  Each output
value of a convolution is a sum of (C_in/g)·K_h·K_w products, one for each weight of its
window over the channels of its group, so one sample costs C_out·H_out·W_out·(C_in/g)·K_h·K_w
multiplications; a dense layer n_in -> n_out costs n_in·n_out (one product per weight).  A
pooling layer's cost is not read (a max compares, an average divides once per window).

"**(f) Input $32 \\times 32$** ... $H_3 = ...$": a heading or paragraph that states another
input side than the network's speaks of a variant of the network, whose sizes the stated
layers do not give; such a claim is not judged against the network.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.notes_network import NotesNetwork
from symconv.checker.scope_facts import clean
from symconv.spec.layer import Conv, Dense

_INPUT_WORDS = (
    r"(?:input|inputs|entrada|entrée|invoer|Eingabe|ingresso|imagem|image|imagen|Bild|"
    r"afbeelding|wejście|вход)"
)
# "Input 32 x 32", "invoer van 32 × 32", "une entrée 3 x 64 x 64": an input by its sides
_INPUT_SIDES = re.compile(
    rf"\b{_INPUT_WORDS}\w*\s+(?:(?:of|de|van|von|di|size|taille|tamaño|grootte|Größe)\s+)*"
    r"(\d+(?:\s*x\s*\d+){1,2})\b",
    re.I,
)


def layer_mults(stated: NotesNetwork, index: int) -> Fraction | None:
    """The multiplications one sample costs in layer ``index``, or None (not read)."""
    spec, _, shape_out = stated.net.shapes()[index]
    if isinstance(spec, Dense):
        return Fraction(spec.in_features * spec.out_features)
    if not isinstance(spec, Conv) or len(shape_out) != 3 or not stated.sizes_stated:
        return None
    if spec.in_channels % spec.groups:
        return None
    window = (spec.in_channels // spec.groups) * spec.kernel[0] * spec.kernel[1]
    return Fraction(shape_out[0] * shape_out[1] * shape_out[2] * window)


def other_input(passage: str, stated: NotesNetwork) -> str | None:
    """The input shape the passage states when it is not the network's, shown, or None (a
    shape of three numbers is the network's when they are its channels and sides in either
    order: 3 x 32 x 32 or 32 x 32 x 3)."""
    channels, height, width = stated.net.input_shape
    for m in _INPUT_SIDES.finditer(clean(passage)):
        numbers = [int(n) for n in re.findall(r"\d+", m.group(1))]
        same = (
            numbers == [height, width]
            if len(numbers) == 2
            else sorted(numbers) == sorted([channels, height, width])
        )
        if not same:
            return m.group(1)
    return None
