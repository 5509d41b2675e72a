"""A size after a claim that restates the claim's own result, not the layer's input.

"Example ($3 \\times 3$ input, stride 2, $3 \\times 3$ kernel, padding 1, output padding 1):
$o' = 2 \\cdot 2 + 1 + 3 - 2 = 6$, the $6 \\times 6$ input from Mei's example": the words
after the claim say what its result is (the input of another example), so the sentence does
not state two inputs for the claim's layer.  Read so only when the words before the claim
state an input of their own and every size the words after it state is the claim's value:
a size after the claim that differs from the result ("$= 4$ for the $7 \\times 7$ input") is
still read as the claim's layer, and one with no input before it is left as it was.
"""

from __future__ import annotations

from fractions import Fraction

from symconv.checker.scope_facts import facts

_SIDES = {"in_h", "in_w", "dims"}


def without_restated_result(own: str, sentence: str, source: str, values) -> str:
    """``own`` (the claim's words: its sentence before it, and after it to its line's end),
    without the words after the claim when they only restate its result as an input."""
    at = sentence.find(source)
    if at < 0 or not values or len(set(values)) != 1:
        return own
    before = sentence[:at]
    after = own[len(before) :] if own.startswith(before) else ""
    said, stated = facts(after), facts(before)
    if not said or not said.keys() <= _SIDES or "in_h" not in stated:
        return own
    value = Fraction(values[0])
    sides = [v for key in ("in_h", "in_w") for v in said.get(key, [])]
    if not sides or any(Fraction(v) != value for v in sides):
        return own
    return before
