"""The layers of the networks the notes describe in prose, tables or code
(checker/notes_network.py), as the constructor layers checker/formula_layer.py matches a
formula's numbers against.

A network read from a description knows every layer's input (the shapes chain from the
stated input), so a size's formula is judged at the side the layer really gets.  What the
description leaves out is not guessed: a layer whose stride or padding the notes do not
state gives no sizes (``sizes_stated``), and one whose bias they neither state nor deny
gives no counts (``bias_stated``).  Only square kernels, strides and paddings the same on
every side are read, as the constructors are.
"""

from __future__ import annotations

from symconv.checker.constructor_claims import Built
from symconv.checker.notes_network import _networks, label_of
from symconv.spec.layer import Conv, Dense, Pool


def network_layers(document: list[str], sizes: bool) -> list[tuple[Built, int | None, int]]:
    """(layer, its input side or None, the 1-based line its description starts on) for each
    layer of each network the notes describe; with ``sizes``, for the output sides (the
    layers whose strides and paddings are stated), else for the counts (whose biases are)."""
    found: list[tuple[Built, int | None, int]] = []
    for net in _networks(tuple(document)):
        if not (net.sizes_stated if sizes else net.bias_stated and not net.unchanneled):
            continue  # (one read with one filter a layer has no counts of the notes')
        for index, (spec, shape_in, _) in enumerate(net.net.shapes()):
            text = label_of(net, index) or f"layer {index + 1} of the notes' network"
            layer = _built(spec, text)
            if layer is not None:
                side = shape_in[1] if len(shape_in) == 3 else None
                found.append((layer, side, net.start + 1))
    return found


def network_spans(document: list[str], sizes: bool) -> list[tuple[int, int]]:
    """The (1-based) first and last lines of the descriptions network_layers reads: a
    constructor written there is one of its layers, whose input the network knows."""
    return [
        (net.start + 1, net.end + 1)
        for net in _networks(tuple(document))
        if (net.sizes_stated if sizes else net.bias_stated and not net.unchanneled)
    ]


def _built(spec: object, text: str) -> Built | None:
    if isinstance(spec, Dense):
        settings = {"in_features": spec.in_features, "out_features": spec.out_features}
        return Built("Linear", 0, {**settings, "bias": int(spec.bias)}, text, None)
    if isinstance(spec, Conv):
        if len(set(spec.kernel)) != 1 or len(set(spec.stride)) != 1 or len(set(spec.padding)) != 1:
            return None
        if len(set(spec.dilation)) != 1 or spec.padding_word == "same":
            return None
        settings = {"in_channels": spec.in_channels, "out_channels": spec.out_channels}
        settings.update(kernel_size=spec.kernel[0], stride=spec.stride[0], groups=spec.groups)
        settings.update(padding=spec.padding[0], dilation=spec.dilation[0], bias=int(spec.bias))
        settings["output_padding"] = 0
        return Built("Conv", spec.dims, settings, text, None)
    if isinstance(spec, Pool):
        if len(set(spec.kernel)) != 1 or len(set(spec.stride)) != 1 or len(set(spec.padding)) != 1:
            return None
        settings = {"kernel_size": spec.kernel[0], "stride": spec.stride[0]}
        settings.update(padding=spec.padding[0], dilation=1, output_padding=0)
        return Built("MaxPool" if spec.op == "max" else "AvgPool", 2, settings, text, None)
    return None
