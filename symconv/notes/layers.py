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
        return default if value is None else str(value)

    hw = size("--input", text("input", "3" if dims == 2 else "4"), dims)
    spec = conv(int(options.get("in_channels", 1)), int(options.get("out_channels", 1)),
                size("--kernel", text("kernel", "2"), dims),
                stride=size("--stride", text("stride", "1"), dims),
                padding=parse_padding(text("padding", "0"), dims),
                dilation=size("--dilation", text("dilation", "1"), dims),
                groups=int(options.get("groups", 1)), bias=bool(options.get("bias", True)),
                mode=text("mode", "correlation"), dims=dims, name=kind)
    input_hw = (1, hw[0]) if dims == 1 else (hw[0], hw[1])
    out = spec.output_shape((spec.in_channels, *input_hw))
    entries = spec.in_channels * input_hw[0] * input_hw[1] + spec.param_count() + \
        out[0] * out[1] * out[2]
    if entries > MAX_ENTRIES:
        raise SymconvError(f"this configuration has {entries:,} entries of X, W and G, too "
                           f"many to write up; the rule: at most {MAX_ENTRIES:,}")
    return spec, input_hw
