"""The previous layer's activation named as this layer's input by its layer mark.

Notes about a numbered network write layer k's claims with marks: ``\\frac{\\partial
E}{\\partial W^{(3)}_{f,c}} = A^{(2)}_c \\star \\delta^{(3)}_f``.  Layer k's weights,
output, bias and upstream gradient carry k; its input is the activation of layer k-1,
``A^{(2)}``, ``a^{[l-1]}``, ``H^{(1)}``.  So within one claim whose layer tensors all
carry the same mark k, an activation letter marked k-1 is the layer's input X, and the
claim is judged with it read so.  An activation marked k (``A^{(3)} = \\tanh(Z^{(3)})``)
is the layer's own output activation, outside the layer: it is left alone (not
understood), and so is every claim whose marks do not agree on one layer.
"""

from __future__ import annotations

import re

# a letter (or \delta) with a layer mark: ^{(2)}, ^{[l-1]}, ^{l}, ^{(l+1)}
_MARKED = re.compile(
    r"(?<![A-Za-z\\])(?P<name>\\[A-Za-z]+|[A-Za-z])\s*\^\s*(?:\{\s*(?P<a>[\[(]?\s*(?:\d+|[lL]"
    r"(?:\s*[-+]\s*\d+)?)\s*[\])]?)\s*\}|(?P<b>[\[(]\s*(?:\d+|[lL](?:\s*[-+]\s*\d+)?)\s*[\])]))"
)
_ACTIVATION_LETTERS = frozenset({"A", "a", "H", "h"})
_LAYER_ROLES = frozenset({"W", "Z", "b", "G"})


def _level(mark: str) -> tuple[str, int]:
    """``(2)`` -> ("", 2); ``[l-1]`` -> ("l", -1)."""
    mark = re.sub(r"[\s\[\]()]", "", mark)
    if mark.isdigit():
        return "", int(mark)
    return "l", int(mark[1:] or 0)


def marked_input(text: str, letters: dict[str, str]) -> str:
    """``text`` with the activation marked one layer below the claim's layer renamed to a
    letter of the input (the marks of the claim's other tensors decide the layer)."""
    if "^" not in text:
        return text
    found = list(_MARKED.finditer(text))
    layers = set()
    activations = []
    for m in found:
        name = m.group("name")
        level = _level(m.group("a") or m.group("b"))
        if name in _ACTIVATION_LETTERS and letters.get(name) in (None, "A"):
            activations.append((m, level))
        elif letters.get(name) in _LAYER_ROLES:  # W, Z, b and the gradient letter
            layers.add(level)
    if len(layers) != 1 or not activations:
        return text
    base, k = next(iter(layers))
    if any(level != (base, k - 1) for _, level in activations):
        return text  # A^{(k)} is the layer's own activation: left to be not understood
    inputs = [letter for letter in ("X", "x", "I") if letters.get(letter) == "X"]
    if not inputs or any(re.search(rf"(?<![A-Za-z\\]){i}(?![A-Za-z])", text) for i in inputs):
        return text  # the claim names the input otherwise too: which is which is unclear
    out = text
    for m, _ in reversed(activations):
        out = out[: m.start("name")] + inputs[0] + out[m.end("name") :]
    return out
