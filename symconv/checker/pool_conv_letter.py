"""A claim about the convolution's output judged under a pooling read as the layer.

Notes that work a small pipeline ("Conv -> ReLU -> AvgPool") by hand name the pooling in
their title, and the layer read for a section can be that pooling.  Their convolution's
output is still written in their own letters, ``Z = X \\star W + b``, and a claim about it
(``Z[0,0] = 1 \\cdot 1 + 2 \\cdot (-1) + ... + (-1) = 0``) read under the pooling is an
entry of the pool's output: the average of a window of X, neither W nor b in it.  Its
verdict says nothing of the claim.  So where the notes define the claim's letter as the
convolution of two of their letters (at the claim's line or above) and the layer read is a
pooling, a "wrong" is not understood, naming that definition.  The pipeline's own reader
(worked_pipeline.py) judges such claims where it reads the stages.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, WRONG
from symconv.checker.worked_pipeline import _CONV
from symconv.checker.worked_pool_names import clean

POOLS = ("avgpool2d", "maxpool2d", "avgpool1d", "maxpool1d")
# the letter a claim is about: Z[0,0], Z_{0,0}, z_{11}, Z(0, 0), \mathbf{Z}, Z alone
_HEAD = re.compile(
    r"^\s*(?:\\(?:mathbf|boldsymbol|bm|mathrm)\s*\{\s*)?([A-Za-z])\s*\}?\s*(?:[\[_(=^]|$)"
)


def conv_outputs(document: str, line: int) -> dict[str, int]:
    """{letter: line} of every ``Z = X \\star W (+ b)`` the notes write up to ``line``
    (both cases of the letter: Z's entries are often z_{ij})."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    found: dict[str, int] = {}
    for event in scan(document):
        if event.kind != "math" or event.line > line:
            continue
        for piece in statements(event.text):
            m = _CONV.match(clean(piece.text))
            if m is None:
                continue
            at = event.line + event.text[: piece.offset].count("\n")
            if at <= line:
                out = m.group("out")
                found.setdefault(out.upper(), at)
                found.setdefault(out.lower(), at)
    return found


def unless_conv_letter(
    found: dict | None, text: str, document: str, line: int, layer: str
) -> dict | None:
    """``found``, or not-understood where it flags a claim about a letter the notes define
    as their convolution's output while the layer read is a pooling."""
    if found is None or found.get("status") not in (WRONG, SIZE_SPECIFIC):
        return found
    if layer.lower() not in POOLS:
        return found
    head = _HEAD.match(text)
    if head is None:
        return found
    defined = conv_outputs(document, line).get(head.group(1))
    if defined is None:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"{head.group(1)} is the notes' convolution output (line {defined}), but the "
            f"layer read here is the {layer}: the claim is not judged under it (read so: "
            f"{str(found.get('message', ''))[:160]})"
        ),
    }
