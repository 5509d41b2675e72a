"""Networks: an input shape and an ordered list of layers; LeNet-5 is built in.

A user describes a network in TOML (parsed by ``tomllib``, never evaluated)::

    name = "tiny"
    input = [12, 12, 1]          # H, W, C
    loss = "softmax_cross_entropy"

    [[layers]]
    name = "C1"
    kind = "conv2d"              # conv1d, conv2d, avgpool2d, maxpool2d, dense, flatten,
                                 # relu, tanh, sigmoid
    out_channels = 4
    kernel = 3
    padding = 1
    activation = "tanh"

``in_channels`` and ``in_features`` follow from the layer before.  An activation may also
be a layer of its own, as in a torch ``nn.Sequential`` (``kind = "relu"``, ``"tanh"`` or
``"sigmoid"``, no options): it becomes the ``activation`` of the convolution or dense
layer right before it (a ``flatten`` may stand between them).
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from symconv.errors import SpecError, require
from symconv.files import read_user_text
from symconv.spec.layer import (
    ACTIVATIONS,
    Conv,
    ConvTranspose,
    Dense,
    Layer,
    Pool,
    Shape,
    conv,
    conv_transpose,
    pool,
)

KINDS = (
    "conv1d",
    "conv2d",
    "conv_transpose2d",
    "avgpool2d",
    "maxpool2d",
    "dense",
    "flatten",
    *ACTIVATIONS,
)
LOSSES = ("softmax_cross_entropy",)
_OPTIONS = {
    "conv1d": {
        "out_channels",
        "kernel",
        "stride",
        "padding",
        "dilation",
        "groups",
        "bias",
        "mode",
        "activation",
    },
    "conv2d": {
        "out_channels",
        "kernel",
        "stride",
        "padding",
        "dilation",
        "groups",
        "bias",
        "mode",
        "activation",
    },
    "conv_transpose2d": {
        "out_channels",
        "kernel",
        "stride",
        "padding",
        "output_padding",
        "dilation",
        "groups",
        "bias",
        "activation",
    },
    "avgpool2d": {"kernel", "stride", "padding"},
    "maxpool2d": {"kernel", "stride", "padding"},
    "dense": {"out_features", "bias", "activation"},
    "flatten": set(),
    **{kind: set() for kind in ACTIVATIONS},
}


@dataclass(frozen=True)
class ShapeRow:
    """One row of the seed-000 table."""

    name: str
    kind: str
    output: Shape  # (H, W, C) for images, (F,) for vectors, as the notes write them
    activations: int
    params: int
    formula: tuple[list[int], bool, int] | None  # (factors, bias, multiplier) or None


@dataclass
class Network:
    name: str
    input_shape: tuple[int, int, int]  # (C, H, W)
    layers: list[Layer] = field(default_factory=list)
    loss: str | None = "softmax_cross_entropy"

    def shapes(self) -> list[tuple[Layer, Shape, Shape]]:
        """(layer, input shape, output shape) for every layer, validating as it goes."""
        found, shape = [], tuple(self.input_shape)
        for layer in self.layers:
            out = layer.output_shape(shape)
            found.append((layer, shape, out))
            shape = out
        return found

    def relu_max_pools(self) -> list[int]:
        """Positions of the max pools right after a layer whose activation is ReLU: the
        runtime runs each such ReLU and pool as one merged node each way
        (maxpool(relu(z)) = relu(maxpool(z))), and ``symconv prove`` proves those nodes."""
        found = []
        for k in range(1, len(self.layers)):
            layer = self.layers[k]
            after_relu = getattr(self.layers[k - 1], "activation", None) == "relu"
            if after_relu and isinstance(layer, Pool) and layer.op == "max":
                found.append(k)
        return found

    def table(self) -> list[ShapeRow]:
        c, h, w = self.input_shape
        rows = [ShapeRow("Input", "input", (h, w, c), c * h * w, 0, None)]
        for layer, _, out in self.shapes():
            shown = (out[1], out[2], out[0]) if len(out) == 3 else out
            count = 1
            for n in out:
                count *= n
            formula = None
            if isinstance(layer, Conv | ConvTranspose):
                formula = layer.param_factors()
            elif isinstance(layer, Dense):
                formula = ([layer.in_features, layer.out_features], layer.bias, layer.out_features)
            kind = {
                Conv: "conv",
                ConvTranspose: "conv_transpose",
                Pool: f"{getattr(layer, 'op', '')}pool",
                Dense: "dense",
            }[type(layer)]
            rows.append(ShapeRow(layer.name, kind, shown, count, layer.param_count(), formula))
        return rows


def lenet5(activation: str = "tanh", pool_op: str = "avg") -> Network:
    """LeNet-5 on 28x28x1 as seed 000 describes it (61,706 parameters)."""
    return Network(
        "lenet",
        (1, 28, 28),
        [
            conv(1, 6, 5, padding=2, activation=activation, name="C1"),
            pool(pool_op, 2, 2, name="S2"),
            conv(6, 16, 5, activation=activation, name="C3"),
            pool(pool_op, 2, 2, name="S4"),
            Dense(400, 120, activation=activation, name="F5"),
            Dense(120, 84, activation=activation, name="F6"),
            Dense(84, 10, name="Output"),
        ],
    )


def load_network(path: str | Path) -> Network:
    """Read a network from a TOML file; every mistake is a one-line :class:`SpecError`."""
    path = Path(path)
    try:
        data = tomllib.loads(read_user_text(path, "network file ", SpecError))
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"malformed TOML in {str(path)!r}: {exc}") from exc
    return network_from_dict(data, str(path))


def network_from_dict(data: dict[str, Any], source: str = "network") -> Network:
    unknown = set(data) - {"name", "input", "loss", "layers"}
    require(
        not unknown,
        f"{source}: unknown key(s) {sorted(unknown)}; allowed: name, input, loss, layers",
    )
    shape = data.get("input")
    if not (
        isinstance(shape, list)
        and len(shape) in (2, 3)
        and all(isinstance(v, int) and v >= 1 for v in shape)
    ):
        raise SpecError(
            f"{source}: input {shape!r} must be [H, W, C] (or [L, C] for 1D) of positive integers"
        )
    c, h, w = (shape[2], shape[0], shape[1]) if len(shape) == 3 else (shape[1], 1, shape[0])
    loss = data.get("loss", "softmax_cross_entropy")
    require(loss in LOSSES, f"{source}: loss {loss!r} is unknown; use one of {', '.join(LOSSES)}")
    entries = data.get("layers")
    if not (isinstance(entries, list) and entries and all(isinstance(e, dict) for e in entries)):
        raise SpecError(f"{source}: 'layers' must be a non-empty list of [[layers]] tables")
    net = Network(str(data.get("name", Path(source).stem)), (c, h, w), [], loss)
    current: Shape = (c, h, w)
    for number, entry in enumerate(entries, 1):
        where = f"{source}: layer {number}"
        layer = _layer(entry, current, where)
        if layer is None:
            continue
        if isinstance(layer, str):  # an activation layer: joins the layer before it
            before = net.layers[-1] if net.layers else None
            if not (isinstance(before, Conv | ConvTranspose | Dense) and before.activation is None):
                raise SpecError(
                    f"{where} ({layer}): an activation layer must follow a conv "
                    "or dense layer that has no activation yet"
                )
            net.layers[-1] = dataclasses.replace(before, activation=layer)
            continue
        current = layer.output_shape(current)
        net.layers.append(layer)
    return net


def _layer(entry: dict[str, Any], shape: Shape, where: str) -> Layer | str | None:
    kind = entry.get("kind")
    if not (isinstance(kind, str) and kind in KINDS):
        raise SpecError(f"{where}: kind {kind!r} is unknown; use one of {', '.join(KINDS)}")
    name = str(entry.get("name", f"{kind}{where.rsplit(' ', 1)[-1]}"))
    options = {k: v for k, v in entry.items() if k not in ("kind", "name")}
    extra = set(options) - _OPTIONS[kind]
    require(
        not extra,
        f"{where} ({name}): unknown option(s) {sorted(extra)} for {kind}; "
        f"allowed: {sorted(_OPTIONS[kind])}",
    )
    features = 1
    for n in shape:
        features *= n
    if kind == "flatten":
        return None
    if kind in ACTIVATIONS:
        return str(kind)
    if kind == "dense":
        require("out_features" in options, f"{where} ({name}): dense needs out_features")
        return Dense(
            features,
            options["out_features"],
            options.get("bias", True),
            options.get("activation"),
            name,
        )
    require(len(shape) == 3, f"{where} ({name}): {kind} needs an image input, got {shape}")
    if kind.endswith("pool2d"):
        require("kernel" in options, f"{where} ({name}): {kind} needs kernel")
        return pool(
            kind[:3],
            _tuple(options["kernel"]),
            _tuple(options.get("stride")),
            _tuple(options.get("padding", 0)),
            name,
        )
    require(
        "out_channels" in options and "kernel" in options,
        f"{where} ({name}): {kind} needs out_channels and kernel",
    )
    padding = options.get("padding", 0)
    if kind == "conv_transpose2d":
        return conv_transpose(
            shape[0],
            options["out_channels"],
            _tuple(options["kernel"]),
            stride=_tuple(options.get("stride", 1)),
            padding=_tuple(padding),
            output_padding=_tuple(options.get("output_padding", 0)),
            dilation=_tuple(options.get("dilation", 1)),
            groups=options.get("groups", 1),
            bias=options.get("bias", True),
            activation=options.get("activation"),
            name=name,
        )
    return conv(
        shape[0],
        options["out_channels"],
        _tuple(options["kernel"]),
        stride=_tuple(options.get("stride", 1)),
        padding=padding if isinstance(padding, str) else _tuple(padding),
        dilation=_tuple(options.get("dilation", 1)),
        groups=options.get("groups", 1),
        bias=options.get("bias", True),
        mode=options.get("mode", "correlation"),
        dims=1 if kind == "conv1d" else 2,
        activation=options.get("activation"),
        name=name,
    )


def _tuple(value: Any) -> Any:
    """A TOML list as a tuple (the spec builders take ints or tuples); anything else as is."""
    return tuple(value) if isinstance(value, list) else value


def network_to_dict(net: Network) -> dict[str, Any]:
    """The TOML form of ``net`` (what :func:`network_from_dict` reads back as an equal
    network); worker processes receive their network this way, as JSON."""
    c, h, w = net.input_shape
    data: dict[str, Any] = {"name": net.name, "input": [h, w, c], "layers": []}
    if net.loss is not None:
        data["loss"] = net.loss
    for layer in net.layers:
        entry: dict[str, Any] = {"name": layer.name}
        if isinstance(layer, Pool):
            entry.update(
                kind=f"{layer.op}pool2d",
                kernel=list(layer.kernel),
                stride=list(layer.stride),
                padding=list(layer.padding),
            )
        elif isinstance(layer, Dense):
            entry.update(kind="dense", out_features=layer.out_features, bias=layer.bias)
        elif isinstance(layer, ConvTranspose):
            entry.update(
                kind="conv_transpose2d",
                out_channels=layer.out_channels,
                kernel=list(layer.kernel),
                stride=list(layer.stride),
                padding=list(layer.padding),
                output_padding=list(layer.output_padding),
                dilation=list(layer.dilation),
                groups=layer.groups,
                bias=layer.bias,
            )
        else:
            one = layer.dims == 1
            pads = list(layer.padding[2:] if one else layer.padding)
            entry.update(
                kind=f"conv{layer.dims}d",
                out_channels=layer.out_channels,
                kernel=layer.kernel[1] if one else list(layer.kernel),
                stride=layer.stride[1] if one else list(layer.stride),
                padding=layer.padding_word or pads,
                dilation=layer.dilation[1] if one else list(layer.dilation),
                groups=layer.groups,
                bias=layer.bias,
                mode=layer.mode,
            )
        activation = getattr(layer, "activation", None)  # pools have none
        if activation:
            entry["activation"] = activation
        data["layers"].append(entry)
    return data
