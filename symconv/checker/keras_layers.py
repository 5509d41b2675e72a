"""The layers a Keras model in the notes builds, with the widths its input gives them.

``tf.keras.Sequential([tf.keras.Input(shape=(28, 28, 1)), layers.Conv2D(16, 3,
padding="valid"), layers.Conv2D(32, 3, strides=2, padding="same"), layers.MaxPooling2D(2),
layers.Flatten(), layers.Dense(10)])``: a Keras layer states its output width (``filters``,
``units``) but not its input's, which the layers before it and the model's input shape
(channels last: ``(height, width, channels)``, or ``(length, channels)`` for 1-D) decide.
So the layers are read in the order written, each one's input shape computed from the one
before, as Keras does:

- ``Conv1D/Conv2D(filters, kernel_size, strides=1, padding="valid", dilation_rate=1,
  use_bias=True)``: "valid" gives floor((h - d(k - 1) - 1)/s) + 1, "same" gives ceil(h/s);
  its weights are k^dims · c_in · filters, plus one bias per filter;
- ``MaxPooling*/AveragePooling*(pool_size=2, strides=pool_size, padding="valid")``: the same
  rules with the window as the kernel; no parameters;
- ``DepthwiseConv1D/2D(kernel_size, strides=1, padding="valid", depth_multiplier=1)``: a
  convolution with one group per channel, ``depth_multiplier`` filters each;
- ``GlobalAveragePooling2D()`` / ``GlobalMaxPooling2D()`` (1-D too): one window over the
  whole map, so each channel leaves one number, a vector of the channels' width (a pooling
  whose window and stride are the map's side);
- ``Dense(units, use_bias=True)`` after ``Flatten``: in · units weights, plus ``units``
  biases; activations, dropouts and normalizations keep the shape and are passed over;
  any other layer (``SeparableConv2D``, ``Reshape``), or a call inside a layer's arguments,
  ends the reading: what follows it has no known input.

Each layer is returned as a :class:`~symconv.checker.constructor_claims.Built` (PyTorch's
settings names), with ``same`` set for a "same" padding, and the input side it gets.
"""

from __future__ import annotations

import math
import re

from symconv.checker.constructor_claims import Built

_INPUT = re.compile(
    r"(?:Input\s*\(\s*(?:shape\s*=\s*)?|input_shape\s*=\s*)\(\s*(\d+)\s*,\s*(?:(\d+)\s*,\s*)?"
    r"(\d+)\s*,?\s*\)"
)
_LAYER = re.compile(
    r"\b(Conv[12]D|DepthwiseConv[12]D|MaxPooling[12]D|AveragePooling[12]D|MaxPool[12]D|"
    r"AvgPool[12]D|Global(?:Average|Max)Pooling[12]D|Dense|Flatten)\s*\("
    r"((?:[^()]|\([^()]*\))*)\)"  # Conv2D(32, (3, 3)): tuples
)
# any other call of a capitalized name (a layer this reader does not know, a known one with
# a call inside its arguments): it ends the reading, since the shapes after it are not known
_ANY_CALL = re.compile(r"\b([A-Z]\w*)\s*\(")
# layers that keep the shape (their arguments whatever they are)
_SKIP = (
    "Dropout",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "Activation",
    "ReLU",
    "LeakyReLU",
    "Softmax",
    "BatchNormalization",
    "LayerNormalization",
)


def _args(text: str) -> tuple[list[str], dict[str, str]]:
    args: list[str] = []
    kwargs: dict[str, str] = {}
    for part in re.split(r",(?![^()]*\))", text):
        key, eq, value = part.partition("=")
        if eq:
            kwargs[key.strip()] = value.strip().strip("\"'")
        elif part.strip():
            args.append(part.strip().strip("\"'"))
    return args, kwargs


def _int(value: str | None, default: int) -> int | None:
    if value is None:
        return default
    value = value.strip()
    pair = re.fullmatch(r"\(\s*(\d+)\s*,\s*(\d+)\s*\)", value)
    if pair:
        return int(pair.group(1)) if pair.group(1) == pair.group(2) else None
    return int(value) if value.isdigit() else None


def _side(h: int, k: int, s: int, d: int, same: bool) -> int:
    return math.ceil(h / s) if same else (h - d * (k - 1) - 1) // s + 1


def _conv(
    args: list[str], kwargs: dict[str, str], channels: int, dims: int, text: str, depthwise: bool
) -> Built | None:
    """``Conv2D(filters, kernel_size, strides=1, padding="valid", dilation_rate=1,
    use_bias=True)``, or with ``depthwise`` ``DepthwiseConv2D(kernel_size, strides=1, ...,
    depth_multiplier=1)``: a grouped convolution with one group per input channel and
    ``depth_multiplier`` filters in each (weights k^dims · c · m, c · m biases)."""
    first = [] if depthwise else args[:1]
    rest = args[1:] if not depthwise else args
    filters = _int(first[0] if first else kwargs.get("filters"), 0) if not depthwise else 1
    k = _int(rest[0] if rest else kwargs.get("kernel_size"), 0)
    s = _int(rest[1] if depthwise and len(rest) > 1 else kwargs.get("strides"), 1)
    m = _int(kwargs.get("depth_multiplier"), 1) if depthwise else 1
    d = _int(kwargs.get("dilation_rate"), 1)
    if not filters or not k or not s or not m or not d or len(args) > 2:
        return None
    bias = kwargs.get("use_bias", "True") != "False"
    same = kwargs.get("padding", "valid") == "same"
    out = channels * m if depthwise else filters
    settings = {"in_channels": channels, "out_channels": out, "kernel_size": k}
    settings.update(stride=s, dilation=d, bias=int(bias), padding=0, same=int(same))
    settings.update(groups=channels if depthwise else 1, output_padding=0)
    return Built("Conv", dims, settings, text, None)


# a call that builds a layer: "layers.SeparableConv2D(", "ZeroPadding2D(", "Reshape(" (not
# "keras.Model(", "Adam(", "EarlyStopping(": what follows a model is no layer of it)
_LAYER_CALL = re.compile(
    r"layers\.\w+\s*\($|\w*(?:\dD|Conv\w*|Pooling\w*|Padding\w*|Cropping\w*|Reshape|Permute|"
    r"UpSampling\w*|Dense\w*|Flatten)\s*\($"
)


def keras_layers(code: str) -> list[tuple[Built, int | None]]:
    """(layer, its input side) for each Keras layer of the code, in order, while the
    shapes chain; [] when the code states no input shape."""
    return _read(code)[0]


def _read(code: str) -> tuple[list[tuple[Built, int | None]], str | None]:
    """The layers read (as :func:`keras_layers`) and the call of the first layer not read
    (None when every layer of the model was read)."""
    start = _INPUT.search(code)
    if start is None:
        return [], None
    h, w, c = start.group(1), start.group(2), start.group(3)
    dims = 2 if w is not None else 1
    if dims == 2 and h != w:
        return [], None
    side: int | None = int(h)
    channels, flat = int(c), None
    found: list[tuple[Built, int | None]] = []
    for call in _ANY_CALL.finditer(code, _first_layer(code, start)):
        if call.group(1) in _SKIP:
            continue
        m = _LAYER.match(code, call.start())
        built = None if m is None else _one(m, found, dims, (side, channels, flat))
        if built is None:  # SeparableConv2D(...), Conv2D(8, 3, kernel_regularizer=l2(0.1))
            line_start = code.rfind("\n", 0, call.start()) + 1
            head = code[line_start : call.end()]
            return found, call.group(1) if _LAYER_CALL.search(head) else None
        side, channels, flat = built
    return found, None


def _first_layer(code: str, start: re.Match) -> int:
    """Where the layers begin: after ``Input(shape=...)``, but at the layer whose own
    arguments hold an ``input_shape=`` (``Conv2D(24, (5, 5), input_shape=(28, 28, 3))``
    is the model's first layer, not a call before it)."""
    if not start.group(0).startswith("input_shape"):
        return start.end()
    for call in _ANY_CALL.finditer(code, 0, start.start()):
        m = _LAYER.match(code, call.start())
        if m is not None and m.end() >= start.end():
            return call.start()
    return start.end()


def _one(m: re.Match, found: list, dims: int, shape: tuple) -> tuple | None:
    """Read one layer call into ``found``; the (side, channels, flat width) after it, or
    None when it cannot be read."""
    side, channels, flat = shape
    kind, (args, kwargs) = m.group(1), _args(m.group(2))
    if kind == "Flatten":
        return side, channels, channels * side**dims if side is not None else None
    if kind == "Dense":
        units = _int(args[0] if args else kwargs.get("units"), 0)
        if not units or flat is None:
            return None
        bias = kwargs.get("use_bias", "True") != "False"
        settings = {"in_features": flat, "out_features": units, "bias": int(bias)}
        found.append((Built("Linear", 0, settings, m.group(0), None), None))
        return None, channels, units
    if side is None or int(kind[-2]) != dims:
        return None
    if kind.startswith("Global"):  # the whole map one window: one number a channel
        if args or set(kwargs) - {"keepdims"} or kwargs.get("keepdims", "False") != "False":
            return None
        pool = "MaxPool" if "Max" in kind else "AvgPool"
        settings = {"kernel_size": side, "stride": side, "padding": 0, "dilation": 1, "same": 0}
        settings.update(output_padding=0, whole=1)
        found.append((Built(pool, dims, settings, m.group(0), None), side))
        return None, channels, channels
    same = kwargs.get("padding", "valid") == "same"
    if kind.startswith(("Conv", "Depthwise")):  # a depthwise one: one group a channel
        layer = _conv(args, kwargs, channels, dims, m.group(0), kind.startswith("Depthwise"))
        if layer is None:
            return None
        found.append((layer, side))
        c = layer.settings
        return (
            _side(side, c["kernel_size"], c["stride"], c["dilation"], same),
            c["out_channels"],
            flat,
        )
    k = _int(args[0] if args else kwargs.get("pool_size"), 2)
    s = _int(args[1] if len(args) > 1 else kwargs.get("strides"), k or 0)
    if not k or not s:
        return None
    pool = "MaxPool" if kind.startswith("Max") else "AvgPool"
    settings = {"kernel_size": k, "stride": s, "padding": 0, "dilation": 1, "same": int(same)}
    settings["output_padding"] = 0
    found.append((Built(pool, dims, settings, m.group(0), None), side))
    return _side(side, k, s, 1, same), channels, flat


def _blocks(document: list[str]) -> list[tuple[int, str]]:
    """(the 1-based line it opens on, its text) for every fenced code block."""
    found: list[tuple[int, str]] = []
    block: list[str] | None = None
    opened = 0
    for at, text in enumerate(document, start=1):
        if text.lstrip().startswith(("```", "~~~")):
            if block is not None:
                found.append((opened, "\n".join(block)))
                block = None
            else:
                block, opened = [], at
        elif block is not None:
            block.append(text)
    return found


def unread_keras_layers(document: list[str]) -> list[str]:
    """The layers a Keras model of the notes builds that the reader stops at
    (``SeparableConv2D``, ``ZeroPadding2D``): a size or a count may be about one of them,
    so the layers read are not all the notes' layers."""
    return [name for _, code in _blocks(document) if (name := _read(code)[1]) is not None]


def keras_networks(document: list[str]) -> list[tuple[int, int, str]]:
    """(0-based opening line, 0-based closing line, code) of each code block whose Keras
    model is read whole (an input shape, every layer known)."""
    found = []
    for opened, code in _blocks(document):
        layers, unread = _read(code)
        if layers and unread is None:
            found.append((opened - 1, opened + code.count("\n") + 1, code))
    return found


def notes_keras_layers(document: list[str]) -> list[tuple[Built, int | None, int]]:
    """The Keras layers of every code block of the notes that states its input shape, with
    their input sides and the (1-based) line the block opens on."""
    return [
        (x, side, opened) for opened, code in _blocks(document) for x, side in keras_layers(code)
    ]
