"""A verdict under a symmetric padding where the notes' layer is causal.

A causal 1-D convolution pads d(k - 1) zeros on the LEFT only ("riempio solo a sinistra
con $k - 1$ zeri", "left-pad by $k - 1$"), so output t sees inputs up to t and the output
keeps the input's length.  The checker models that layer only when it is declared
(``padding=causal``, declared.causal_padding); read from the notes' indices and prose, the
section's layer pads both sides or neither.  Under such a layer the gradients of a causal
layer differ from the notes' (``\\partial L / \\partial x_s = \\sum_k g_{s+2-k} w_k``
reads g at indices the unpadded layer's output lacks; a Jacobian's entry at s = t is w_2,
not w_0), so a wrong or size-specific verdict in notes whose heading or section says the
convolution is causal rests on the reading, not on the claim: it is not understood, naming
the layer read.  The reader of the causal padding itself (causal_padding.py) judges with
the causal layer and keeps its verdicts.
"""

from __future__ import annotations

import re

from symconv.checker.heading_kind import MARKDOWN_HEADING
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, WRONG

# causal, causale, causales, kausal, kausale, causais, 因果 (causal_padding.py reads it too)
CAUSAL = re.compile(r"\b(?:causal\w*|kausal\w*|causai\w*)|因果", re.IGNORECASE)


def causal_words(document: list[str], line: int, section_start: int) -> bool:
    """Whether the headings above ``line`` (each one of a level above the last) or the
    section's prose before it say the convolution is causal."""
    level = 99
    for number in range(min(line, len(document)), 0, -1):
        m = MARKDOWN_HEADING.match(document[number - 1])
        if m is not None and len(m.group(1)) < level:
            level = len(m.group(1))
            if CAUSAL.search(document[number - 1]):
                return True
    start = max(1, section_start)
    return CAUSAL.search("\n".join(document[start - 1 : line])) is not None


def unless_causal(
    found: dict | None,
    document: list[str],
    line: int,
    section_start: int,
    settings: dict,
    declared: bool = False,
) -> dict | None:
    """``found``, or not-understood when it is flagged under a layer without the causal
    padding in notes that say their convolution is causal (``declared``: the user declared
    the padding, which is then theirs to judge by)."""
    if found is None or declared or found.get("status") not in (WRONG, SIZE_SPECIFIC):
        return found
    kind = (settings.get("layer") or "").lower()
    padding = (settings.get("padding") or "").lower()
    if kind not in ("conv1d", "") or padding == "causal":
        return found
    message = str(found.get("message", ""))
    if "causal" in message or not 0 < line <= len(document):
        return found  # judged with the causal layer (causal_padding.py)
    if not causal_words(document, line, section_start):
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": "the notes' convolution is causal (padded on the left only), and the "
        f"layer read pads {'both sides' if padding not in ('', '0') else 'neither side'}: "
        f"read with it, {message[:120]}",
    }
