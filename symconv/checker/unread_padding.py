"""A verification at padding 0 in notes that speak of a padding no line was read as.

Where nothing states the padding, the checker reads the layer without one, the usual
default.  But notes that say "'same' padding adds $P = (K-1)/2$ zeros at each end", or
write the padded input $\\tilde{x}$, have a padding the readers may not have understood;
a claim verified at padding 0 there may be false for the layer the notes mean (a sum over
the unpadded sequence that reads ``x_{t+k}`` where the padded layer needs ``x_{t+k-P}``).
So such a claim must also hold with a padding of 1, or it is not understood, naming the
guess -- unless the notes state both the input and the output size (written out or said),
which settle the padding ("(Zero padding, stride 1)" beside a 4-vector in, a 3-vector
out).  A claim the padding does not change (a bias gradient, a kernel size) stays
verified.
"""

from __future__ import annotations

import re
from typing import Any

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# prose that gives the layer a padding without an amount the readers take: "'same' padding
# adds ...", "padding of (K-1)/2", "we zero-pad the sequence", "el relleno añade ...",
# "P = (K-1)/2", the padded input \tilde{x}.  Not a heading that only names the topic
# ("## CON stride y padding") nor "(zero padding, stride 1)", which may well mean none.
_SPEAKS_OF_PADDING = re.compile(
    r"\bsame\b[^.\n]{0,20}\bpadd|\bpadd\w*\s+(?:adds|of|by|with)\s"
    r"|\b(?:zero[- ]?)?pad(?:s|ded)?\s+(?:the|each|both|it|our)\b"
    r"|\brellen\w*\s+(?:añade|agrega|de|con)\b|\bremplissage\s+(?:de|ajoute)\b"
    r"|\bP\s*=\s*\(?\s*K\s*-\s*1|\\tilde\s*\{?\s*\\?(?:mathbf\s*\{)?\s*[xX]",
    re.IGNORECASE,
)


def padding_unread(checker: Any, text: str, found: dict, line: int) -> dict:
    """``found`` (verified), or not-understood when the section states no padding, its
    prose above the claim speaks of one, and the claim fails with a padding of 1."""
    if found.get("status") != VERIFIED or not checker.document:
        return found
    if checker.declares("padding"):
        return found  # an option or a directive says it
    reading, facts = checker.section_facts()
    if any(f.key == "padding" for f in facts):
        return found
    stated = {f.key for f in facts if "largest index" not in f.how}
    if {"input", "output"} <= stated:
        return found  # the notes' own input and output sizes settle the padding
    start = reading.line if reading is not None else 1
    above = checker.document[max(start, 1) - 1 : line - 1]
    where = next((start + k for k, row in enumerate(above) if _SPEAKS_OF_PADDING.search(row)), None)
    if where is None:
        return found
    other = checker.judged_under(text, {"padding": "1"})
    if other is None or other.get("status") != WRONG:
        return found  # the padding changes nothing, or with one the claim is unread
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            "it holds for the layer without padding, but the notes speak of a padding "
            f"(line {where}) that no line states as the layer's: with a padding of 1 it "
            "does not hold, so whether it is right is a guess"
        ),
    }
