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
- ``Dense(units, use_bias=True)`` after ``Flatten``: in · units weights, plus ``units``
  biases; activations, ``Dropout`` and ``BatchNormalization``-free stacks only (a layer not
  read ends the reading: what follows it has no known input).

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
    r"\b(Conv[12]D|MaxPooling[12]D|AveragePooling[12]D|MaxPool[12]D|AvgPool[12]D|Dense|"
    r"Flatten|Dropout|Activation|ReLU)\s*\(([^()]*)\)"
)
_SKIP = ("Dropout", "Activation", "ReLU")


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


def keras_layers(code: str) -> list[tuple[Built, int | None]]:
    """(layer, its input side) for each Keras layer of the code, in order, while the
    shapes chain; [] when the code states no input shape."""
    start = _INPUT.search(code)
    if start is None:
        return []
    h, w, c = start.group(1), start.group(2), start.group(3)
    dims = 2 if w is not None else 1
    if dims == 2 and h != w:
        return []
    side: int | None = int(h)
    channels, flat = int(c), None
    found: list[tuple[Built, int | None]] = []
    for m in _LAYER.finditer(code, start.end()):
        kind, (args, kwargs) = m.group(1), _args(m.group(2))
        if kind in _SKIP:
            continue
        if kind == "Flatten":
            flat = channels * side**dims if side is not None else None
            continue
        if kind == "Dense":
            units = _int(args[0] if args else kwargs.get("units"), 0)
            if not units or flat is None:
                break
            bias = kwargs.get("use_bias", "True") != "False"
            settings = {"in_features": flat, "out_features": units, "bias": int(bias)}
            found.append((Built("Linear", 0, settings, m.group(0), None), None))
            flat, side = units, None
            continue
        if side is None or int(kind[-2]) != dims:
            break
        same = kwargs.get("padding", "valid") == "same"
        if kind.startswith("Conv"):
            filters = _int(args[0] if args else kwargs.get("filters"), 0)
            k = _int(args[1] if len(args) > 1 else kwargs.get("kernel_size"), 0)
            s = _int(kwargs.get("strides"), 1)
            d = _int(kwargs.get("dilation_rate"), 1)
            if not filters or not k or not s or not d or len(args) > 2:
                break
            bias = kwargs.get("use_bias", "True") != "False"
            settings = {"in_channels": channels, "out_channels": filters, "kernel_size": k}
            settings.update(stride=s, dilation=d, bias=int(bias), padding=0, same=int(same))
            settings["output_padding"] = 0
            found.append((Built("Conv", dims, settings, m.group(0), None), side))
            side, channels = _side(side, k, s, d, same), filters
            continue
        k = _int(args[0] if args else kwargs.get("pool_size"), 2)
        s = _int(args[1] if len(args) > 1 else kwargs.get("strides"), k or 0)
        if not k or not s:
            break
        pool = "MaxPool" if kind.startswith("Max") else "AvgPool"
        settings = {"kernel_size": k, "stride": s, "padding": 0, "dilation": 1, "same": int(same)}
        settings["output_padding"] = 0
        found.append((Built(pool, dims, settings, m.group(0), None), side))
        side = _side(side, k, s, 1, same)
    return found


def notes_keras_layers(document: list[str]) -> list[tuple[Built, int | None, int]]:
    """The Keras layers of every code block of the notes that states its input shape, with
    their input sides and the (1-based) line the block opens on."""
    found: list[tuple[Built, int | None, int]] = []
    block: list[str] | None = None
    opened = 0
    for at, text in enumerate(document, start=1):
        if text.lstrip().startswith(("```", "~~~")):
            if block is not None:
                found += [(x, side, opened) for x, side in keras_layers("\n".join(block))]
                block = None
            else:
                block, opened = [], at
        elif block is not None:
            block.append(text)
    return found
