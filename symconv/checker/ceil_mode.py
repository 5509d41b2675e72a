"""A claim whose own clause sets a pooling's ``ceil_mode`` ("`ceil_mode=True` gives
$H_{out} = \\lceil (H - k)/s \\rceil + 1$", "in ceil mode the output is ...").

With ``ceil_mode=True`` PyTorch rounds the output size up, and keeps a last window that
starts inside the input (or its left padding) even where it overhangs the right edge: a
layer other than the floor-mode one every reader here builds.  A verdict reached under the
floor-mode layer says nothing of the claim (a true ceil-mode formula would be called wrong,
a floor-mode one written after "ceil mode" verified), so it becomes not understood, naming
the option.  Only the words leading into the claim in its own sentence count: "floor mode
gives $A$ and `ceil_mode=True` gives $B$" sets it for B, not for A; "`ceil_mode=False`"
is the default and changes nothing.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD

_CEIL_MODE = re.compile(
    r"ceil_mode\s*=\s*True|\bceil(?:ing)?[\s_-]+mod(?:e|us|o)\b|\bmod[eo]\s+(?:ceil|plafond|techo)\b",
    re.IGNORECASE,
)
# a sentence ends at . ; ! ? followed by a space or the line's end (not 0.5, not x.shape)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


def lead_in(document: list[str], line: int, source: str) -> str:
    """The words of the claim's sentence before it on its line; for a display alone on its
    line, the prose line just above it when that one leads into it (ends with ':')."""
    if not 0 < line <= len(document):
        return ""
    own = document[line - 1]
    at = own.find(source.strip()) if source.strip() else -1
    before = own[:at] if at >= 0 else ""
    if before.strip().strip("$").strip():
        return _SENTENCE_END.split(before)[-1]
    above = next((t for t in reversed(document[: line - 1]) if t.strip()), "")
    return above if above.rstrip().endswith(":") else ""


def unless_ceil_mode(found: dict | None, document: list[str], line: int, source: str):
    """``found``, or not understood where the claim's own lead-in sets ``ceil_mode``."""
    if found is None or found.get("status") == NOT_UNDERSTOOD:
        return found
    if not _CEIL_MODE.search(lead_in(document, line, source)):
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": "its sentence sets ceil_mode (the output size rounded up, a last window "
        "that may overhang the input), a pooling the layer read here is not: its output "
        "size in that mode is not checked",
    }
