"""A section's kind named by its heading: "## Conv2D", "### 2-D convolution", "## Conv1d".

A section under such a heading is a convolution, whatever the section before it was: a
README whose "## MaxPool" section is followed by "## Conv2D" does not carry the pooling on
into the convolution's formulas.  Only a heading that names the dimension counts ("##
Convolutions" alone says nothing of it, and the equations decide as before).
"""

from __future__ import annotations

import re

_HEADING_KIND = re.compile(
    r"^\s*#{1,6}\s+(?:[\w.]+\s+)?(?:"
    r"conv(?:olution(?:al)?)?[\s_-]*(?P<a>[12])\s*-?\s*d"
    r"|(?P<b>[12])\s*-?\s*d\s+conv(?:olution(?:al)?|olución)?"
    r"|convoluci[óo]n\s+(?P<c>[12])\s*-?\s*d"
    r")\b",
    re.IGNORECASE,
)


def heading_kind(line: str) -> list[tuple[str, str, str]]:
    """("layer", "conv2d", "prose") for a heading naming a 1-D or 2-D convolution."""
    m = _HEADING_KIND.match(line)
    if m is None:
        return []
    dims = m.group("a") or m.group("b") or m.group("c")
    return [("layer", f"conv{dims}d", "prose")]
