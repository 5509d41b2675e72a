"""A claim whose lead-in states the depthwise case: "En el caso depthwise ($G = C_{in} =
C_{out}$) ...", "for a depthwise layer, $g = C_{out} = C_{in}$", ``groups=in_channels=
out_channels``.

With as many groups as input channels and as output channels, each group has one input
channel and one filter (C_g = F_g = 1): filter c reads channel c alone, so the input
gradient of channel c is its own filter's correlation with G's channel c and nothing
else.  The general reader's grouped layers have two filters per group in some of the sizes
it tries (F_g = 2, a channel multiplier of 2), where such a claim is rightly false but no
case the notes speak of.  Here the stated case sets C_g = F_g = 1 in every set of sizes
tried; the number of groups still varies.  A lead-in that only says "depthwise" (PyTorch's
depthwise layer may multiply the channels) sets nothing.
"""

from __future__ import annotations

import re

_IN = r"(?:C_\s*\{?\s*(?:in|\\text\s*\{\s*in\s*\}|\\mathrm\s*\{\s*in\s*\})\s*\}?|C)"
_OUT = r"(?:C_\s*\{?\s*(?:out|\\text\s*\{\s*out\s*\}|\\mathrm\s*\{\s*out\s*\})\s*\}?|F)"
_GROUPS = r"(?:G|g|\\text\s*\{\s*groups\s*\}|\\mathrm\s*\{\s*groups\s*\})"
_EQUAL = re.compile(
    rf"\$[^$]*(?:{_GROUPS}\s*=\s*(?:{_IN}\s*=\s*{_OUT}|{_OUT}\s*=\s*{_IN})"
    rf"|(?:{_IN}\s*=\s*{_OUT}|{_OUT}\s*=\s*{_IN})\s*=\s*{_GROUPS})\s*\$"
    r"|\bgroups\s*=\s*in_channels\s*=\s*out_channels\b"
    r"|\bgroups\s*=\s*out_channels\s*=\s*in_channels\b"
    r"|\bin_channels\s*=\s*out_channels\s*=\s*groups\b"
)
# the case's words (any language), so that "G = C_in = C_out" is the depthwise case and
# not a letter's passing identity
_WORDS = re.compile(
    r"depth-?wise|en profundidad|par canal|canal par canal|en profondeur|per canale|"
    r"kanalweise|pro Kanal|por canal|チャネルごと|深さ方向|デプスワイズ",
    re.IGNORECASE,
)


def depthwise_case(lead_in: str) -> bool:
    """Whether ``lead_in`` states the depthwise case with one filter per channel."""
    return bool(_WORDS.search(lead_in)) and bool(_EQUAL.search(lead_in))
