"""The sections of a document that speak of another kind of layer than a matrix claim's.

A library's reference page documents ``Conv2d``, then ``MaxPool2d``, then ``Linear``:
"$\\mathbf{b} \\in \\mathbb{R}^{F}$" in the convolution's section and a pooling example's
``\\partial L/\\partial Y = (2 \\times 2 \\text{ numbers})`` are statements about those layers,
not about the ``Y = X\\mathbf{W}^\\top + \\mathbf{1}\\mathbf{b}^\\top`` of the later dense
section, though they use the same letters.  A shape stated in an earlier section whose
heading names a convolution or a pooling (and not the dense layer the definition writes) is
therefore not read for the definition of a later section; a section with a neutral heading
("Notation", "Setup") still speaks for every layer after it.
"""

from __future__ import annotations

import re

from symconv.checker.heading_kind import MARKDOWN_HEADING
from symconv.checker.matrix_world import _DENSE_WORDS

# Conv2d, convolution, convolución, Faltung, pooling ... (not "convención", "convention")
_OTHER_KIND = re.compile(r"\bconv(?:\b|[-_\d]|ol)|pool|transpos|agrupa|faltung", re.I)


def own_lines(lines: list[str], forward_line: int) -> list[str]:
    """``lines`` with every line of an earlier section about another kind of layer blanked
    (same length, so line numbers hold), unless the definition itself stands in such a
    section; ``forward_line``: the definition's (1-based)."""
    out = list(lines)
    stack: list[tuple[int, bool]] = []  # (level, names another kind) of the open headings
    foreign = []
    for i in range(min(forward_line, len(lines))):
        if MARKDOWN_HEADING.match(lines[i]):
            level = len(lines[i].strip()) - len(lines[i].strip().lstrip("#"))
            stack = [(lv, f) for lv, f in stack if lv < level]
            # "# Conv2d, then Linear" names both kinds: it speaks for either
            other = bool(_OTHER_KIND.search(lines[i])) and not _DENSE_WORDS.search(lines[i])
            stack.append((level, other))
        # "### Notation" under "## Conv2d" is the conv's
        foreign.append(any(f for _, f in stack))
    if not foreign or foreign[-1]:
        # the definition stands in a convolution's section ("# Convolutions as matrix
        # multiplies"): it is that layer's matrix form, and nothing above is another's
        return lines
    for i, other in enumerate(foreign):
        if other:
            out[i] = ""
    return out
