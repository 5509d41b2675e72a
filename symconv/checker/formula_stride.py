"""An output size whose formula divides by another stride than the layer's.

"Non-overlapping: $H_{out} = \\lfloor (9 - 3)/3 \\rfloor + 1 = 3$. Overlapping: $H_{out} =
\\lfloor (9 - 3)/2 \\rfloor + 1 = 4$": one pooling read for the section (its stride 2), and a
formula that writes its own stride in numbers, the 3 it divides by.  Judged with the
section's stride, its name's side is the stride-2 output, 4, and the claim was called wrong
though every side after the name is the true output at the stride it writes.  Whether such
a claim is about a variant of the layer (the words around it may say so in ways not read)
or is the layer's own output worked with the wrong stride, its numbers alone do not say.

So a size claim wrong for the layer read, whose formula divides by one number that is not
the layer's stride and which holds with that stride put in the layer (all else as read), is
not understood, naming both readings.  A formula that fails at its own stride too (a slip
of arithmetic, a ceiling for a floor) stays wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# what a formula divides by: \frac{...}{2}, (9 - 3)/2, 31 / 2
_DIVISOR = re.compile(r"\\[dt]?frac\s*\{[^{}]*\}\s*\{\s*(\d+)\s*\}|/\s*\(?\s*(\d+)(?![\d.])")
_FLOORED = re.compile(r"\\[lr]floor|\\[lr]ceil|\\operatorname\{(?:floor|ceil)\}|\bfloor\b")


def _strides(value: str | None) -> set[int]:
    """The layer's stride per axis from its setting ("2", "2x2", "2,2")."""
    return {int(v) for v in re.findall(r"\d+", value or "1")} or {1}


def unless_own_stride(
    found: dict,
    text: str,
    stride: str | None,
    judged_under: Callable[[str, dict], dict | None],
) -> dict:
    """``found`` (a size claim wrong with the layer's sizes), or not-understood where its
    formula divides by a stride the layer does not have and holds at that stride."""
    if found.get("status") != WRONG or "with the sizes of" not in str(found.get("message", "")):
        return found
    if text.count("=") < 2 or not _FLOORED.search(text):
        return found  # a name and a value alone: no formula writes a stride
    divisors = {int(a or b) for a, b in _DIVISOR.findall(text)}
    if len(divisors) != 1:
        return found
    own = divisors.pop()
    have = _strides(stride)
    if own < 2 or own in have or len(have) != 1:
        return found
    other = judged_under(text, {"stride": str(own)})
    if other is None or other.get("status") != VERIFIED:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"its formula divides by {own}, and with stride {own} every side holds; the layer "
            f"read has stride {have.pop()}, where {str(found.get('message', ''))[:160]}: whether "
            f"the claim is about a stride-{own} variant or the layer's own output with the "
            "wrong stride is not read"
        ),
    }
