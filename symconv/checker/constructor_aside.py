"""A section that writes a layer constructor of other channels than the layer read for it.

"### E.4 Depthwise case. With $G = C = F = 4$ (`nn.Conv2d(4, 4, 3, groups=4)`) each filter
has a single input channel ...": the constructor names no input, so the reader does not
take it as the section's layer (inline_constructor.py: a constructor without its input is
usually named for a parameter count), and the section keeps the earlier grouped layer.  A
gradient claim after it is written for the constructor's channels, so a verdict under the
earlier layer's would rest on that choice: not understood, naming the constructor.
"""

from __future__ import annotations

import re

from symconv.checker.code_layers import code_block_facts
from symconv.checker.inline_constructor import _ANY_LAYER, _SPAN
from symconv.checker.report import NOT_UNDERSTOOD

_COUNTS = ("in-channels", "out-channels", "groups")
# a claim about the layer's tensors (not a count or a size): its verdict uses the channels
_TENSOR_CLAIM = re.compile(r"\\partial|\\star|\\ast|\\sum|\\operatorname")
# the activation reader's verdicts (activation_claims.py): "holds for every entry through
# relu", "side 2 differs from the derivative through tanh at z = 1"
ENTRYWISE = re.compile(
    r"^(?:holds for every entry|side \d+ (?:of \d+ )?differs from the "
    r"derivative) through (?:relu|sigmoid|tanh)\b"
)


def constructor_before(section: list[str], first: int, line: int) -> tuple[int, str, dict] | None:
    """(line, code, facts) of the last layer constructor in inline code on the section's
    lines before ``line`` (``first``: the section's first line number)."""
    found = None
    for number, text in enumerate(section, start=first):
        if number > line:
            break
        for span in _SPAN.finditer(text):
            if _ANY_LAYER.search(span.group(1)):
                facts = {key: value for key, value, _ in code_block_facts(span.group(1))}
                if facts:
                    found = (number, span.group(1), facts)
    return found


def unless_other_channels(
    found: dict | None, text: str, settings, section: list[str], first: int, line: int
) -> dict | None:
    """``found``, or not-understood when the section writes, before the claim, a
    constructor whose channels or groups differ from the layer the claim was judged under."""
    if found is None or found.get("status") == NOT_UNDERSTOOD or not _TENSOR_CLAIM.search(text):
        return found
    if ENTRYWISE.search(str(found.get("message", ""))):
        return found  # an activation's claim, entry by entry: no channel count in it
    written = constructor_before(section, first, line)
    if written is None:
        return found
    at, code, facts = written
    differ = [  # only counts the layer in use states (a default 1 may be a guess)
        f"{key} {facts[key]}, not {settings.get(key)}"
        for key in _COUNTS
        if key in facts
        and settings.get(key) is not None
        and str(facts[key]) != str(settings.get(key))
    ]
    if not differ:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"line {at} writes `{code}` ({'; '.join(differ)} of the layer read for this "
            "section): which layer the claim is about is not read"
        ),
    }
