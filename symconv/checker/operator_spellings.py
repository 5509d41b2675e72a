"""Other spellings of the operators the readers know: ``\\operatorname{dil}_2`` (French
notes' "dilatation"), ``\\operatorname{dilation}_2``, ``\\mathrm{dilat}_2`` are the
zero-insertion ``\\operatorname{dilate}_2`` (S - 1 zeros between entries), as the notes'
own words define it ("il faut intercaler $S - 1$ zéros entre les coefficients ... c'est la
dilatation").  The claim's text is rewritten to the one spelling, never evaluated."""

from __future__ import annotations

import re

_DILATE = re.compile(
    r"\\(operatorname|mathrm|text|textrm)\s*\{\s*(?:dil|dilat|dilation|dilatation)\s*\}"
)


def usual_operator_names(text: str) -> str:
    """``text`` with each other spelling of an operator written as the readers' own."""
    return _DILATE.sub(lambda m: f"\\{m.group(1)}{{dilate}}", text)
