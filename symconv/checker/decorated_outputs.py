"""A decorated letter the notes define as an activation's result: "$\\hat{Y} =
\\sigma(Z)$ element-wise", "$\\hat{y} = \\operatorname{softmax}(z)$", "$\\tilde{A} =
\\tanh(Z)$".  The decoration is then part of the name: ``\\hat{Y}`` is σ(Z), not the layer's
output Y, and reading it as Y turns a right ``dZ = d\\hat{Y} \\odot \\hat{Y} \\odot (1 -
\\hat{Y})`` into a false alarm.  A later claim that uses such a letter is not understood,
naming the definition; the definition itself is left to the activation readers.
"""

from __future__ import annotations

import re

_DECORATION = r"\\(?:hat|widehat|tilde|widetilde|bar|overline)"
_ACTIVATION = (
    r"\\sigma|\\tanh|\\operatorname\s*\{\s*(?:softmax|ReLU|relu|sigmoid|tanh)\s*\}|"
    r"\\(?:text|mathrm)\s*\{\s*(?:softmax|ReLU|relu|sigmoid|tanh)\s*\}|\\phi|g\b|f\b"
)
_DEFINED = re.compile(
    rf"({_DECORATION})\s*\{{?\s*([A-Za-z])\s*\}}?\s*=\s*(?:{_ACTIVATION})\s*(?:\\left)?\s*\("
)


def activation_letters(document: str) -> list[tuple[str, str]]:
    """(decoration, letter) of every decorated letter the document defines as an
    activation's result."""
    return sorted({(m.group(1), m.group(2)) for m in _DEFINED.finditer(document)})


def uses_activation_letter(text: str, letters: list[tuple[str, str]]) -> str | None:
    """The spelling of a defined decorated letter ``text`` uses, unless ``text`` is its
    definition."""
    if _DEFINED.search(text):
        return None
    for decoration, letter in letters:
        if re.search(rf"{re.escape(decoration)}\s*\{{?\s*{letter}(?![A-Za-z])", text):
            return f"{decoration}{{{letter}}}"
    return None
