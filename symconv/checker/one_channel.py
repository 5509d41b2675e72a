"""A formula written for one channel pair, against a layer with several channels.

"Equivalently (2-D, your layer, one channel pair): dilate the input with S - 1 zeros,
pad with K - 1 - P zeros, and cross-correlate with the flipped kernel,
$y = \\operatorname{pad}_2(\\operatorname{dilate}_2(x)) \\star \\operatorname{rot}_{180}(w)$"
is about a 16 -> 8 channel layer, but its x, w and y are single maps.  Its truth is the
truth of the same geometry (input size, kernel, stride, padding, dilation, output padding)
with one input and one output channel and no bias: every channel pair of the layer
computes exactly that map before the output channel's sum and bias.  The claim is judged
there; the verdict names the reduction.
"""

from __future__ import annotations

import dataclasses

from symconv.checker.truth import Model


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
