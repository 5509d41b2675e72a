"""Tensors a worked example gives as numbers: "$x = (1, 2, 3, 4)$, $w = (1, -1)$, $b = 0$".

A claim after such givens may have the numbers put in already: with w = (1, -1) the
forward pass "y[t] = x[t] - x[t-1]" is w_0 x[t] + w_1 x[t-1] with w's numbers, and
judged as the layer's formula it lacks every w and is called wrong.  The checker does not
bind the notes' numbers to the layer's entries here, so such a claim is not understood
(naming the numbers), never wrong.
"""

from __future__ import annotations

import re

# "$w = (1, -1)$", "$\mathbf{x} = [1, 2, 0]$", "$b = 0$": a letter given one number or a
# list of numbers
_NUMBER = r"-?\s*\d+(?:\.\d+)?"
_GIVEN = re.compile(
    r"\$\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])\s*\}?\s*=\s*"
    rf"(?:[(\[]\s*{_NUMBER}(?:\s*,\s*{_NUMBER})+\s*[)\]]|{_NUMBER})\s*\$"
)
LOOK_BACK = 12  # lines above the claim's own where a worked example's givens stand


def given_letters(document: list[str], line: int, source: str) -> set[str]:
    """The letters given numbers on the claim's line before it, or in the lines above."""
    if not 1 <= line <= len(document):
        return set()
    own = document[line - 1]
    cut = own.find(source.strip()[:20]) if source.strip() else -1
    text = "\n".join([*document[max(0, line - 1 - LOOK_BACK) : line - 1], own[: max(cut, 0)]])
    return {m.group(1) for m in _GIVEN.finditer(text)}


def given_on_line(document: list[str], line: int, source: str) -> set[str]:
    """The letters of the claim given numbers on the claim's own line before it: "tested
    with $g = (1, 0, 1)$, both sides agree, $x \\ast g = x \\star g$" is a claim about
    that g, which the checker (reading its letters in general) does not put in."""
    if not 1 <= line <= len(document) or not source.strip():
        return set()
    own = document[line - 1]
    cut = own.find(source.strip()[:20])
    found = {m.group(1) for m in _GIVEN.finditer(own[: max(cut, 0)])}
    return {
        letter for letter in found if re.search(rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])", source)
    }


def roles_given(letters: set[str], reads: dict[str, str]) -> set[str]:
    """The layer's tensors (X, W, b) among the letters given numbers."""
    return {reads[letter] for letter in letters if reads.get(letter) in ("X", "W", "b")}
