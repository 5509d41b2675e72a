"""Padding stated per side: "one row of padding on top and two at the bottom", "padding 2
on top, none at the bottom", "top padding 1", "$p_t = 4$, $p_b = 0$".

A convolution padded by p_t rows on top and p_b at the bottom slides its window over
H + p_t + p_b rows, so its output height is floor((H + p_t + p_b - d(K - 1) - 1)/S) + 1 (the
same for the width with p_l and p_r): the symmetric formula's 2P is the sum of the two
sides.  A side the notes do not give leaves the sum unknown; nothing is guessed for it.

``side_paddings(flat)`` reads the per-side facts of a passage (its prose flattened by
scope_facts.clean) and returns the text with those phrases blanked, so that "padding 2 on
top" is not read again as a padding of 2 on every side.
"""

from __future__ import annotations

import re

SIDES = {"top": "p_top", "bottom": "p_bottom", "left": "p_left", "right": "p_right"}
AXIS_SIDES = {"in_h": ("p_top", "p_bottom"), "in_w": ("p_left", "p_right")}

_WORDS = {"none": 0, "no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4,
          "five": 5, "six": 6, "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3,
          "cuatro": 4}  # fmt: skip
_AMOUNT = r"(\d+|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_SIDE = r"(?:the\s+)?(top|bottom|left|right)\b"
_UNIT = r"(?:(?:rows?|columns?|pixels?|zeros?|lines?)\s+)?"
_PATTERNS = (
    # "one row of padding on top", "two at the bottom", "none at the bottom"
    re.compile(
        rf"\b{_AMOUNT}\s+{_UNIT}(?:of\s+)?(?:zero[- ])?(?:padding\s+)?(?:on|at)\s+{_SIDE}", re.I
    ),
    # "padding 2 on top", "padding of 1 row at the bottom"
    re.compile(rf"\bpadding\s+(?:of\s+)?{_AMOUNT}\s+{_UNIT}(?:on|at)\s+{_SIDE}", re.I),
)
# "top padding 1", "bottom padding of 2", "padding top = 1"
_SIDE_FIRST = re.compile(
    r"\b(top|bottom|left|right)\s+padding\s+(?:of\s+|=\s*)?" + _AMOUNT + r"\b"
    r"|\bpadding\s+(top|bottom|left|right)\s*=\s*(\d+)",
    re.I,
)
# the letters of the usual formula sheet: p_t, p_b, p_l, p_r (or p_top, ...)
_LETTERS = re.compile(r"(?<![\w\\])[Pp]_\s*(t|b|l|r|top|bottom|left|right)\s*=\s*(\d+)(?![\d.])")
_LETTER_SIDES = {"t": "top", "b": "bottom", "l": "left", "r": "right"}
_NEAR_PADDING = 80  # a side's amount counts only this near the word "padding"


def _value(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word.lower()]


def side_paddings(flat: str) -> tuple[dict[str, list[int]], str]:
    """({p_top: [1], p_bottom: [2]}, the text without those phrases)."""
    found: dict[str, list[int]] = {}
    spans: list[tuple[int, int]] = []

    def add(side: str, amount: str, span: tuple[int, int]) -> None:
        key = SIDES[side.lower()]
        value = _value(amount)
        if value not in found.setdefault(key, []):
            found[key].append(value)
        spans.append(span)

    for pattern in _PATTERNS:
        for m in pattern.finditer(flat):
            before = flat[max(0, m.start() - _NEAR_PADDING) : m.end()]
            if re.search(r"\bpad", before, re.I) and not _taken(m.span(), spans):
                add(m.group(2), m.group(1), m.span())
    for m in _SIDE_FIRST.finditer(flat):
        if not _taken(m.span(), spans):
            side, amount = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            add(side, amount, m.span())
    for m in _LETTERS.finditer(flat):
        add(_LETTER_SIDES.get(m.group(1), m.group(1)), m.group(2), m.span())
    for a, b in spans:
        flat = flat[:a] + " " * (b - a) + flat[b:]
    return found, flat


def _taken(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)
