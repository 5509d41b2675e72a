"""A formula written for one channel pair, against a layer with several channels.

"Equivalently (2-D, your layer, one channel pair): dilate the input with S - 1 zeros,
pad with K - 1 - P zeros, and cross-correlate with the flipped kernel,
$y = \\operatorname{pad}_2(\\operatorname{dilate}_2(x)) \\star \\operatorname{rot}_{180}(w)$"
is about a 16 -> 8 channel layer, but its x, w and y are single maps.  Its truth is the
truth of the same geometry (input size, kernel, stride, padding, dilation, output padding)
with one input and one output channel and no bias: every channel pair of the layer
computes exactly that map before the output channel's sum and bias.  The claim is judged
there, but only where the prose just before it says so ("one channel pair", "per channel",
"a single channel", "un solo canal"): elsewhere the channel axes are part of the claim
(dX = pad(dY) \\star rot180(W) needs W's channel axes exchanged) and a mismatch is wrong.
"""

from __future__ import annotations

import dataclasses
import re

from symconv.checker.truth import Model

_PER_PAIR = re.compile(
    r"\b(?:one|a single|each|every|per)\s+(?:input[- ]output\s+)?channel(?:\s+pair)?\b"
    r"|\bper[- ]channel\b|\bsingle[- ]channel\b|\bun (?:solo )?canal\b|\bpor canal\b",
    re.IGNORECASE,
)


def per_channel_pair(prose: str) -> bool:
    """Whether the prose before a claim says it is written for one channel (pair)."""
    return _PER_PAIR.search(prose) is not None


def one_channel_model(model: Model, bias: bool = False) -> Model | None:
    """The layer's geometry with one input and one output channel (None: no channels to
    take away, or a layer this reduction does not apply to); ``bias``: with one bias, for
    a formula that adds it (``y = ... + b``)."""
    spec = model.spec
    if not hasattr(spec, "in_channels") or model.input_hw is None:
        return None
    if spec.in_channels == 1 and spec.out_channels == 1:
        return None
    # a channel pair's contribution has no bias: the bias is added once per output channel,
    # after the sum over the input channels
    single = dataclasses.replace(spec, in_channels=1, out_channels=1, groups=1, bias=bias)
    return Model(single, model.input_hw, model.notation, model.untied)
