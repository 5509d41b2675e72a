"""A displayed claim whose lead-in paragraph sets another layer than the one read.

"Para el núcleo par $K = 4$ ... si uno se olvida y usa la misma fórmula," then the display
``\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180} W``:
in notes whose section reads kernel 3, the display is about a kernel-4 layer.  Judged under
kernel 3 the mistake shown holds (a miss); judged under kernel 4 with the section's other
settings, the verdict would rest on settings the paragraph does not repeat.  So the claim is
not understood, naming the setting the lead-in changes.

A setting is a capital letter set to a number in the paragraph's inline math: ``$K = 4$``
(the kernel), ``$P = 2$`` (the padding), ``$S = 2$`` (the stride).  Lower-case letters are
left alone: ``$p = 1$`` is as often an index's value as a padding.
"""

from __future__ import annotations

import re

_SETTING = re.compile(r"\$\s*([KPS])\s*=\s*(\d{1,2})\s*\$")
_TENSOR_CLAIM = re.compile(r"\\partial|\\star|\\ast|\\operatorname|\\circledast|\\otimes")
_QUANTITY = {"K": ("k_h", "kernel"), "P": ("pad", "padding"), "S": ("stride", "stride")}


def _lead_in(document: list[str], line: int) -> str:
    """The paragraph that ends right before the display starting at ``line`` (at most one
    blank line between), or "" when the claim's line is not a display of its own."""
    if not document[line - 1].lstrip().startswith(("$$", "\\[")):
        return ""
    k = line - 1
    if k >= 1 and not document[k - 1].strip():
        k -= 1
    end = k
    while k >= 1 and document[k - 1].strip() and not document[k - 1].lstrip().startswith("$$"):
        k -= 1
    return " ".join(document[k:end])


def other_lead_in(document: list[str], line: int, quantities: dict) -> str | None:
    """Why a displayed claim whose lead-in sets another kernel, padding or stride than the
    layer read (``quantities``: k_h, pad, stride) is not judged, or None."""
    if not 1 <= line <= len(document) or not _TENSOR_CLAIM.search(document[line - 1]):
        return None  # a size formula is read with its own sentence's settings
    differ = []
    for letter, value in _SETTING.findall(_lead_in(document, line)):
        key, word = _QUANTITY[letter]
        if key == "k_h" and quantities.get("one_d"):
            key = "k_len"  # a 1-D layer's kernel is its length (its height is 1)
        have = quantities.get(key)
        if have is not None and int(value) != have:
            differ.append(f"{letter} = {value} (the layer read has {word} {have})")
    if not differ:
        return None
    return (
        f"the paragraph before it sets {'; '.join(differ)}: it is about another layer than "
        "the one read, whose other settings would be a guess"
    )
