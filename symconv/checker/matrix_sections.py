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

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_OTHER_KIND = re.compile(r"conv|pool|transpos|agrupa|faltung", re.I)


def own_lines(lines: list[str], forward_line: int) -> list[str]:
    """``lines`` with every line of an earlier section about another kind of layer blanked
    (same length, so line numbers hold); ``forward_line``: the definition's (1-based)."""
    headings = [i for i, t in enumerate(lines[:forward_line]) if _HEADING.match(t)]
    if not headings or _OTHER_KIND.search(lines[headings[-1]]):
        return lines  # the definition's own section is a convolution's: nothing foreign
    own = headings[-1]
    out = list(lines)
    stack: list[tuple[int, bool]] = []  # (level, names another kind) of the open headings
    for i in range(own):
        if _HEADING.match(lines[i]):
            level = len(lines[i].strip()) - len(lines[i].strip().lstrip("#"))
            stack = [(lv, f) for lv, f in stack if lv < level]
            stack.append((level, bool(_OTHER_KIND.search(lines[i]))))
        if any(f for _, f in stack):  # "### Notation" under "## Conv2d" is the conv's
            out[i] = ""
    return out
