"""Prose that sets the bias to zero for an example: "here $b^l$ is simplified to 0",
"take b = 0", "the bias is zero", "ignore the bias", "这里 $b^l$ 简化为0", "偏置为0".

Authors often write the layer with its bias first (z = a * W + b) and then drop it for a
worked example; the example's equations then have no b, and reading the bias from the
general formula calls each of them wrong ("extra b").  The sentence that drops it says the
example's layer has no bias, as "no bias" would -- for that section only: a later section
that writes its own bias (b_f) does not inherit the example's zero.  Read on prose already
normalised by prose.py (inline math unwrapped: "b^l", "b^{[l]}", "b").
"""

from __future__ import annotations

import re

# b, b^l, b^{l}, b^{[l]}, b_0: the bias symbol as prose writes it, inline math unwrapped;
# not a summation index (\sum_{b=0}^{2} unwraps to "\sum {b=0}^{2}")
_B = r"(?<![A-Za-z\\{_])b(?:\s*\^\s*(?:\{[^{}]{1,8}\}|\w))?(?:\s*_\s*(?:\{[^{}]{1,8}\}|\w))?"
ZERO_BIAS = re.compile(
    rf"{_B}\s*(?:=\s*0(?!\d|\.\d|\s*\}})|(?:is|are)\s+(?:set|taken|assumed|simplified)?\s*(?:to|as)?\s*"
    r"(?:0(?!\d|\.\d)|zero\b)|(?:简化|设|设置|取|置)为\s*0(?!\d|\.\d))"
    r"|\bbias(?:es)?\s+(?:is|are|=)\s+(?:set\s+to\s+|taken\s+as\s+|assumed\s+)?(?:0(?!\d|\.\d)|zero\b)"
    r"|\b(?:ignore|ignoring|drop|dropping|omit|omitting)\s+the\s+bias(?:es)?\b"
    r"|偏置(?:项)?(?:简化|设|取|置)?为\s*0|忽略偏置",
    re.IGNORECASE,
)


def example_only(key: str, value: str, source_line: str) -> bool:
    """Whether an inherited fact is a bias dropped for one example ("we take b = 0" on
    ``source_line``): the next section's own layer keeps its bias."""
    from symconv.checker.prose import normalise  # prose.py imports this module

    return key == "bias" and value == "false" and bool(ZERO_BIAS.search(normalise(source_line)))
