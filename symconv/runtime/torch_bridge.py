"""A torch ``nn.Sequential`` as a symconv :class:`~symconv.spec.network.Network`, and back.

``from_torch(module, input_shape)`` lets ``symconv shapes``/``prove``/``derive`` and
:class:`symconv.runtime.model.Model` work on a model a user already has; ``to_torch(network)``
builds the equivalent torch module (used by the tests and benchmarks as the oracle).  torch is
imported inside these two functions only: the rest of symconv never needs it.

Supported modules: ``Conv1d``, ``Conv2d`` (zero padding), ``ConvTranspose2d`` (zero
padding, no ``output_size`` at call time), ``AvgPool1d``/``AvgPool2d``
(zero padding counted, floor mode), ``MaxPool1d``/``MaxPool2d`` (no dilation, floor mode),
``Flatten`` (from axis 1), ``Linear`` and ``ReLU``/``Tanh``/``Sigmoid``.  An activation
becomes the ``activation`` of the convolution or linear layer before it (a ``Flatten`` may
stand between them: flattening commutes with an element-wise function).  Layer names are
the Sequential's child names, so a Model of the network has the torch module's
state_dict keys.
"""

from __future__ import annotations

import dataclasses

from symconv.errors import SpecError
from symconv.spec.layer import Conv, ConvTranspose, Dense, Pool, conv, conv_transpose, pool
from symconv.spec.network import Network

SUPPORTED = (
    "Conv1d",
    "Conv2d",
    "ConvTranspose2d",
    "AvgPool1d",
    "AvgPool2d",
    "MaxPool1d",
    "MaxPool2d",
    "Flatten",
    "Linear",
    "ReLU",
    "Tanh",
    "Sigmoid",
)
_ACTIVATIONS = {"ReLU": "relu", "Tanh": "tanh", "Sigmoid": "sigmoid"}
_RULE = f"the rule: an nn.Sequential of {', '.join(SUPPORTED)}"


def _torch():
    try:
        import torch
    except ImportError as exc:
        raise SpecError(
            "from_torch/to_torch need torch, which is not installed; the rule: pip install torch"
        ) from exc
    return torch


def _refuse(name: str, module, why: str) -> SpecError:
    return SpecError(f"from_torch: module {name!r} ({type(module).__name__}) {why}; {_RULE}")


def _conv(name: str, module, channels: int):
    dims = 1 if type(module).__name__ == "Conv1d" else 2
    if module.padding_mode != "zeros":
        raise _refuse(name, module, f"has padding_mode {module.padding_mode!r}, not 'zeros'")
    if module.in_channels != channels:
        raise _refuse(
            name,
            module,
            f"expects {module.in_channels} input channels, the layer before gives {channels}",
        )
    padding = module.padding
    return conv(
        module.in_channels,
        module.out_channels,
        tuple(module.kernel_size),
        stride=tuple(module.stride),
        padding=padding if isinstance(padding, str) else tuple(padding),
        dilation=tuple(module.dilation),
        groups=module.groups,
        bias=module.bias is not None,
        dims=dims,
        name=name,
    )


def _conv_transpose(name: str, module, channels: int) -> ConvTranspose:
    if module.padding_mode != "zeros":
        raise _refuse(name, module, f"has padding_mode {module.padding_mode!r}, not 'zeros'")
    if module.in_channels != channels:
        raise _refuse(
            name,
            module,
            f"expects {module.in_channels} input channels, the layer before gives {channels}",
        )
    return conv_transpose(
        module.in_channels,
        module.out_channels,
        tuple(module.kernel_size),
        stride=tuple(module.stride),
        padding=tuple(module.padding),
        output_padding=tuple(module.output_padding),
        dilation=tuple(module.dilation),
        groups=module.groups,
        bias=module.bias is not None,
        name=name,
    )


def _pool(name: str, module):
    kind = type(module).__name__
    op, one = kind[:3].lower(), kind.endswith("1d")
    if module.ceil_mode:
        raise _refuse(name, module, "has ceil_mode=True; only floor mode is supported")
    override = getattr(module, "divisor_override", None)  # AvgPool1d has none
    if op == "avg" and (not module.count_include_pad or override is not None):
        raise _refuse(
            name,
            module,
            "must count the zero padding in the mean (count_include_pad=True, no divisor_override)",
        )
    if op == "max" and (module.dilation not in (1, (1,), (1, 1)) or module.return_indices):
        raise _refuse(name, module, "has a dilation or return_indices; neither is supported")

    def pair(value):
        value = value if isinstance(value, tuple | list) else (value,) * (1 if one else 2)
        return (1 if one else value[0], value[-1])

    padding = pair(module.padding)
    return pool(
        op,
        pair(module.kernel_size),
        pair(module.stride or module.kernel_size),
        (0 if one else padding[0], padding[1]),
        name=name,
    )


def from_torch(module, input_shape: tuple[int, ...], name: str | None = None) -> Network:
    """The network of a torch ``nn.Sequential`` for one sample of ``input_shape``: (C, H, W),
    or (C, L) for a network of ``Conv1d``.  Unsupported modules are refused, each named."""
    torch = _torch()
    if not isinstance(module, torch.nn.Sequential):
        raise SpecError(f"from_torch: {type(module).__name__} is not an nn.Sequential; {_RULE}")
    shape = tuple(input_shape)
    if len(shape) not in (2, 3) or not all(isinstance(n, int) and n >= 1 for n in shape):
        raise SpecError(
            f"from_torch: input_shape {input_shape!r} must be (C, H, W) or (C, L) "
            "of positive integers"
        )
    net = Network(
        name or type(module).__name__.lower(),
        shape if len(shape) == 3 else (shape[0], 1, shape[1]),
        [],
    )
    current: tuple[int, ...] = net.input_shape
    last_with_activation = None  # index of the layer an activation may join
    flat = False  # after an nn.Flatten: vectors only, as torch would have them
    for child, part in module.named_children():
        kind = type(part).__name__
        if kind in _ACTIVATIONS:
            if last_with_activation is None:
                raise _refuse(child, part, "does not follow a Conv or Linear layer")
            layer = net.layers[last_with_activation]
            net.layers[last_with_activation] = dataclasses.replace(
                layer, activation=_ACTIVATIONS[kind]
            )
            last_with_activation = None
            continue
        if kind == "Flatten":
            if part.start_dim != 1 or part.end_dim != -1:
                raise _refuse(
                    child,
                    part,
                    f"flattens axes {part.start_dim}..{part.end_dim}; only from axis 1 to the last",
                )
            flat = True
            continue
        if flat != (kind == "Linear"):  # torch's Linear acts on the last axis only
            raise _refuse(
                child,
                part,
                "follows an nn.Flatten"
                if flat
                else "receives an image (C, H, W) or signal; an nn.Flatten goes before "
                "the first Linear",
            )
        if kind in ("Conv1d", "Conv2d"):
            layer = _conv(child, part, current[0])
        elif kind == "ConvTranspose2d":
            layer = _conv_transpose(child, part, current[0])
        elif kind in ("AvgPool1d", "AvgPool2d", "MaxPool1d", "MaxPool2d"):
            layer = _pool(child, part)
        elif kind == "Linear":
            layer = Dense(part.in_features, part.out_features, part.bias is not None, name=child)
        else:
            raise _refuse(child, part, "is not supported")
        current = layer.output_shape(current)
        net.layers.append(layer)
        last_with_activation = None if isinstance(layer, Pool) else len(net.layers) - 1
    if not net.layers:
        raise SpecError(f"from_torch: the Sequential has no layer; {_RULE}")
    return net


def to_torch(network: Network, dtype=None):
    """The torch ``nn.Sequential`` computing what ``Model(network)`` computes, modules named
    after the layers (lowercased) so its state_dict keys are the Model's, activations
    ``<name>_<activation>``, a ``Flatten`` before the first Linear on an image and at the
    end when the last output is an image."""
    torch = _torch()
    nn = torch.nn
    one_d = any(isinstance(layer, Conv) and layer.dims == 1 for layer in network.layers)
    modules: list[tuple[str, object]] = []
    flat = False
    for layer, shape_in, _ in network.shapes():
        key = layer.name.lower()
        if not isinstance(layer, Conv | ConvTranspose | Pool | Dense):
            raise SpecError(
                f"to_torch: layer {layer.name!r} ({layer.kind}) is not supported; "
                "the rule: conv1d, conv2d, conv_transpose2d, avgpool2d, maxpool2d "
                "and dense layers"
            )
        if isinstance(layer, Conv):
            modules.append((key, _torch_conv(nn, layer)))
        elif isinstance(layer, ConvTranspose):
            modules.append((key, _torch_conv_transpose(nn, layer)))
        elif isinstance(layer, Pool):
            modules.append((key, _torch_pool(nn, layer, one_d)))
        else:
            if len(shape_in) == 3 and not flat:
                modules.append((f"{key}_flatten", nn.Flatten()))
                flat = True
            modules.append((key, nn.Linear(layer.in_features, layer.out_features, bias=layer.bias)))
        if getattr(layer, "activation", None):
            act = {v: k for k, v in _ACTIVATIONS.items()}[layer.activation]
            modules.append((f"{key}_{layer.activation}", getattr(nn, act)()))
    if network.layers and len(network.shapes()[-1][2]) == 3:
        modules.append(("flatten", nn.Flatten()))
    names = [n for n, _ in modules]
    if len(set(names)) != len(names) or any("." in n or not n for n in names):
        modules = [(str(k), m) for k, (_, m) in enumerate(modules)]  # torch's own names
    from collections import OrderedDict

    sequential = nn.Sequential(OrderedDict(modules))
    return sequential if dtype is None else sequential.to(dtype)


def _torch_conv(nn, layer: Conv):
    if layer.mode != "correlation":
        raise SpecError(
            f"to_torch: {layer.name} has mode {layer.mode!r}; the rule: torch "
            "convolutions are correlations (mode 'correlation')"
        )
    top, bottom, left, right = layer.padding
    if layer.padding_word in ("same", "valid"):  # torch's own words, kept for a round trip
        padding = layer.padding_word
    elif top == bottom and left == right:
        padding = left if layer.dims == 1 else (top, left)
    else:
        raise SpecError(
            f"to_torch: {layer.name} has padding {layer.padding}; the rule: torch "
            "pads both sides of an axis equally (or 'same')"
        )
    if layer.dims == 1:
        return nn.Conv1d(
            layer.in_channels,
            layer.out_channels,
            layer.kernel[1],
            stride=layer.stride[1],
            padding=padding,
            dilation=layer.dilation[1],
            groups=layer.groups,
            bias=layer.bias,
        )
    return nn.Conv2d(
        layer.in_channels,
        layer.out_channels,
        layer.kernel,
        stride=layer.stride,
        padding=padding,
        dilation=layer.dilation,
        groups=layer.groups,
        bias=layer.bias,
    )


def _torch_conv_transpose(nn, layer: ConvTranspose):
    top, bottom, left, right = layer.padding
    if layer.dims != 2 or top != bottom or left != right:
        raise SpecError(
            f"to_torch: {layer.name} has padding {layer.padding}; the rule: torch "
            "pads both sides of an axis equally (a 2D ConvTranspose2d)"
        )
    return nn.ConvTranspose2d(
        layer.in_channels,
        layer.out_channels,
        layer.kernel,
        stride=layer.stride,
        padding=(top, left),
        output_padding=layer.output_padding,
        groups=layer.groups,
        bias=layer.bias,
        dilation=layer.dilation,
    )


def _torch_pool(nn, layer: Pool, one_d: bool):
    cls = getattr(nn, f"{layer.op.capitalize()}Pool{'1d' if one_d else '2d'}")
    if one_d:
        return cls(layer.kernel[1], layer.stride[1], layer.padding[1])
    return cls(layer.kernel, layer.stride, layer.padding)
