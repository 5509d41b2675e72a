"""A convolution from option values (command line strings or TOML values), by rule."""

from __future__ import annotations

from typing import Any, TypeVar

from symconv.errors import SymconvError
from symconv.spec.layer import Conv, ConvTranspose
from symconv.spec.options import TRANSPOSED, conv_layer, conv_transpose_layer

KINDS = ("conv1d", "conv2d", "lenet")
# Writing every entry needs one SymPy symbol per entry of X, W and G; beyond this the
# notes would take minutes to prepare, so the command refuses up front.
MAX_ENTRIES = 200_000

Spec = TypeVar("Spec", Conv, ConvTranspose)


def conv_from_options(kind: str, options: dict[str, Any]) -> tuple[Conv, tuple[int, int]]:
    """``options`` maps input, kernel, stride, padding, dilation, in/out channels, groups,
    mode and bias to strings or numbers, as ``symconv prove`` takes them."""
    if kind not in ("conv1d", "conv2d"):
        raise SymconvError(f"layer {kind!r} is unknown; the rule: one of {', '.join(KINDS)}")
    spec, input_hw = conv_layer(kind, options, "3" if kind == "conv2d" else "4")
    return _writable(spec, input_hw)


def transpose_from_options(
    kind: str, options: dict[str, Any]
) -> tuple[ConvTranspose, tuple[int, int]]:
    """A transposed convolution from the same options plus ``output_padding`` (no mode)."""
    if kind not in TRANSPOSED:
        raise SymconvError(f"layer {kind!r} is unknown; the rule: one of {', '.join(TRANSPOSED)}")
    spec, input_hw = conv_transpose_layer(kind, options, "3" if kind.endswith("2d") else "4")
    return _writable(spec, input_hw)


def _writable(spec: Spec, input_hw: tuple[int, int]) -> tuple[Spec, tuple[int, int]]:
    out = spec.output_shape((spec.in_channels, *input_hw))
    entries = (
        spec.in_channels * input_hw[0] * input_hw[1] + spec.param_count() + out[0] * out[1] * out[2]
    )
    if entries > MAX_ENTRIES:
        raise SymconvError(
            f"this configuration has {entries:,} entries of X, W and G, too "
            f"many to write up; the rule: at most {MAX_ENTRIES:,}"
        )
    return spec, input_hw
