"""A convolution from option values (command line strings or TOML values), by rule."""

from __future__ import annotations

from ..errors import SymconvError
from ..options import padding as parse_padding
from ..options import size
from ..spec import Conv, conv

KINDS = ("conv1d", "conv2d", "lenet")
# Writing every entry needs one SymPy symbol per entry of X, W and G; beyond this the
# notes would take minutes to prepare, so the command refuses up front.
MAX_ENTRIES = 200_000


def conv_from_options(kind: str, options: dict) -> tuple[Conv, tuple[int, int]]:
    """``options`` maps input, kernel, stride, padding, dilation, in/out channels, groups,
    mode and bias to strings or numbers, as ``symconv prove`` takes them."""
    if kind not in ("conv1d", "conv2d"):
        raise SymconvError(f"layer {kind!r} is unknown; the rule: one of {', '.join(KINDS)}")
    dims = 1 if kind == "conv1d" else 2

    def text(key: str, default: str) -> str:
        value = options.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise SymconvError(f"{key} {value!r} is not allowed; the rule: a string or a "
                               "whole number")
        return str(value)

    hw = size("--input", text("input", "3" if dims == 2 else "4"), dims)
    spec = conv(whole(options, "in_channels"), whole(options, "out_channels"),
                size("--kernel", text("kernel", "2"), dims),
                stride=size("--stride", text("stride", "1"), dims),
                padding=parse_padding(text("padding", "0"), dims),
                dilation=size("--dilation", text("dilation", "1"), dims),
                groups=whole(options, "groups"), bias=boolean(options, "bias"),
                mode=text("mode", "correlation"), dims=dims, name=kind)
    input_hw = (1, hw[0]) if dims == 1 else (hw[0], hw[1])
    out = spec.output_shape((spec.in_channels, *input_hw))
    entries = spec.in_channels * input_hw[0] * input_hw[1] + spec.param_count() + \
        out[0] * out[1] * out[2]
    if entries > MAX_ENTRIES:
        raise SymconvError(f"this configuration has {entries:,} entries of X, W and G, too "
                           f"many to write up; the rule: at most {MAX_ENTRIES:,}")
    return spec, input_hw


def whole(options: dict, key: str, default: int = 1) -> int:
    """A count option: an int, or a string of digits from the command line (not 2.7)."""
    value = options.get(key)
    if value is None:
        return default
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SymconvError(f"{key} {value!r} is not allowed; the rule: a whole number")
    return value


def boolean(options: dict, key: str, default: bool = True) -> bool:
    """A switch: true or false only (the string "false" is not false)."""
    value = options.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise SymconvError(f"{key} {value!r} is not allowed; the rule: true or false")
    return value
