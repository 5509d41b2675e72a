"""Command-line option values (``28x28``, ``2``, ``1,2,3,4``, ``same``) parsed by rule."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from symconv.errors import SymconvError

if TYPE_CHECKING:
    from symconv.spec.layer import Conv, ConvTranspose

_INT = re.compile(r"[0-9]+")


def ints(
    option: str, text: str, counts: tuple[int, ...], separators: str = "x,"
) -> tuple[int, ...]:
    """``text`` as positive-or-zero integers split on any of ``separators``."""
    parts = re.split("[" + re.escape(separators) + "]", text.strip().lower())
    if not all(_INT.fullmatch(p) for p in parts) or len(parts) not in counts:
        wanted = " or ".join(str(c) for c in counts)
        raise SymconvError(
            f"{option} {text!r} is not allowed; the rule: {wanted} whole "
            f"number(s) separated by {' or '.join(repr(s) for s in separators)}"
        )
    return tuple(int(p) for p in parts)


def size(option: str, text: str, dims: int) -> tuple[int, ...]:
    """``HxW`` for 2D (``N`` means NxN), ``L`` for 1D."""
    values = ints(option, text, (1,) if dims == 1 else (1, 2))
    return values * (1 if dims == 1 or len(values) == 2 else 2)


def padding(text: str, dims: int) -> int | str | tuple[int, ...]:
    word = text.strip().lower()
    if word in ("valid", "same", "full"):
        return word
    if not re.fullmatch(r"[0-9x,]+", word):
        counts = "P or L,R" if dims == 1 else "P, PH,PW or T,B,L,R"
        raise SymconvError(
            f"--padding {text!r} is not allowed; the rule: {counts} (whole "
            "numbers), valid, same or full"
        )
    return ints("--padding", text, (1, 2) if dims == 1 else (1, 2, 4), ",x")


# ------------------------------------------------------------------ one convolution

# Every command that takes one convolution reads these options, with these defaults; only
# the input size's default differs between commands (each names its own).
CONV_DEFAULTS: dict[str, object] = {
    "in_channels": 1,
    "out_channels": 1,
    "kernel": "2",
    "stride": "1",
    "padding": "0",
    "dilation": "1",
    "groups": 1,
    "bias": True,
    "mode": "correlation",
}


def conv_layer(
    kind: str, options: dict[str, Any], input_default: str
) -> tuple[Conv, tuple[int, int]]:
    """The convolution ``kind`` (conv1d or conv2d) and its input (H, W), H = 1 in 1D.

    ``options`` maps input, in_channels, out_channels, kernel, stride, padding, dilation,
    groups, bias and mode to command-line strings or TOML values (None: the default);
    every value is checked by rule, and the output must have at least one entry.
    """
    from symconv.spec.layer import conv  # spec imports nothing from here; this keeps it that way

    dims = 1 if kind == "conv1d" else 2
    settings = {**CONV_DEFAULTS, **{k: v for k, v in options.items() if v is not None}}
    hw = size("--input", text(options, "input", input_default), dims)
    spec = conv(
        whole(settings, "in_channels"),
        whole(settings, "out_channels"),
        size("--kernel", text(settings, "kernel"), dims),
        stride=size("--stride", text(settings, "stride"), dims),
        padding=padding(text(settings, "padding"), dims),
        dilation=size("--dilation", text(settings, "dilation"), dims),
        groups=whole(settings, "groups"),
        bias=boolean(settings, "bias"),
        mode=text(settings, "mode"),
        dims=dims,
        name=kind,
    )
    input_hw = (1, hw[0]) if dims == 1 else (hw[0], hw[1])
    spec.output_shape((spec.in_channels, *input_hw))
    return spec, input_hw


def text(options: dict[str, Any], key: str, default: str | None = None) -> str:
    """A size-like option: a string, or a whole number from TOML (not true, not 2.5)."""
    value = options.get(key)
    if value is None:
        return str(default)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise SymconvError(f"{key} {value!r} is not allowed; the rule: a string or a whole number")
    return str(value)


def whole(options: dict[str, Any], key: str, default: int = 1) -> int:
    """A count option: an int, or a string of digits from the command line (not 2.7)."""
    value = options.get(key)
    if value is None:
        return default
    if isinstance(value, str) and _INT.fullmatch(value.strip()):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SymconvError(f"{key} {value!r} is not allowed; the rule: a whole number")
    return value


def boolean(options: dict[str, Any], key: str, default: bool = True) -> bool:
    """A switch: true or false only (the string "false" is not false)."""
    value = options.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise SymconvError(f"{key} {value!r} is not allowed; the rule: true or false")
    return value


def conv_options(args: argparse.Namespace) -> dict[str, Any]:
    """The convolution options of an argparse namespace (absent ones are None)."""
    found = {key: getattr(args, key, None) for key in CONV_DEFAULTS if key != "bias"}
    found["input"] = getattr(args, "input", None)
    found["bias"] = not args.no_bias if hasattr(args, "no_bias") else None
    return found


# ------------------------------------------------------------------ which options apply

CONVS = ("conv1d", "conv2d")
TRANSPOSED = ("conv_transpose1d", "conv_transpose2d")
POOLS = ("avgpool2d", "maxpool2d")
POINTWISE = ("sigmoid", "tanh", "relu")  # spec.ACTIVATIONS; spec is not imported here
_WEIGHTED = (*CONVS, *TRANSPOSED)

# The single-layer kinds each layer option describes (argparse names).  An option given
# for any other target is refused, naming the kinds it applies to: silently ignoring
# `prove dense --kernel 7` would report a proof of something the user did not ask for.
# A transposed convolution has PyTorch's one mode, hence no --mode.
APPLIES_TO: dict[str, tuple[str, ...]] = {
    "input": (*_WEIGHTED, *POOLS, *POINTWISE),
    "in_channels": (*_WEIGHTED, *POOLS, *POINTWISE),
    "out_channels": _WEIGHTED,
    "kernel": (*_WEIGHTED, *POOLS),
    "stride": (*_WEIGHTED, *POOLS),
    "padding": (*_WEIGHTED, *POOLS),
    "dilation": _WEIGHTED,
    "groups": _WEIGHTED,
    "mode": CONVS,
    "output_padding": TRANSPOSED,
    "no_bias": (*_WEIGHTED, "dense"),
    "in_features": ("dense",),
    "out_features": ("dense",),
    "classes": ("softmax_cross_entropy",),
}


def add_channel_options(
    group: argparse._ActionsContainer, count: Callable[[str], Any] = int
) -> None:
    """--dilation, --in-channels, --out-channels and --groups, worded alike by every command
    (``count``: how a channel count is read; ``check`` keeps the text and checks it later)."""
    group.add_argument("--dilation", help="D or DHxDW (default: 1)")
    group.add_argument("--in-channels", type=count, help="input channels (default: 1)")
    group.add_argument("--out-channels", type=count, help="output channels (default: 1)")
    group.add_argument("--groups", type=count, help="channel groups (default: 1)")


def flag(name: str) -> str:
    """``in_channels`` -> ``--in-channels``."""
    return "--" + name.replace("_", "-")


def refuse_inapplicable(
    given: dict[str, object],
    kind: str,
    what: str | None = None,
    applies: dict[str, tuple[str, ...]] | None = None,
) -> None:
    """Refuse every option in ``given`` (name -> value, as typed) that ``kind`` does not take.

    ``what`` names the target in the message when it is not a layer kind (``network
    'lenet'``, ``--general``); then no layer option applies.  ``applies`` maps options
    beyond :data:`APPLIES_TO` (a command's own) to their kinds."""
    table = {**APPLIES_TO, **(applies or {})}
    wrong = [
        name for name in given if name in table and (what is not None or kind not in table[name])
    ]
    if not wrong:
        return
    first = wrong[0]
    value = given[first]
    shown = flag(first) if value is True else f"{flag(first)} {value}"
    others = f" (also refused: {', '.join(flag(n) for n in wrong[1:])})" if wrong[1:] else ""
    raise SymconvError(
        f"{shown} does not apply to {what or kind}; the rule: {flag(first)} "
        f"applies to {', '.join(table[first])}{others}"
    )


def conv_transpose_layer(
    kind: str, options: dict[str, Any], input_default: str
) -> tuple[ConvTranspose, tuple[int, int]]:
    """The transposed convolution ``kind`` (conv_transpose1d or conv_transpose2d) and its
    input (H, W), H = 1 in 1D: the options of :func:`conv_layer` (no mode) plus
    ``output_padding`` (default 0)."""
    from symconv.spec.layer import conv_transpose

    dims = 1 if kind == "conv_transpose1d" else 2
    if options.get("mode") not in (None, "correlation"):
        raise SymconvError(
            f"--mode {options['mode']!r} does not apply to {kind}; the rule: "
            "a transposed convolution has PyTorch's one mode"
        )
    settings = {
        **CONV_DEFAULTS,
        "output_padding": "0",
        **{k: v for k, v in options.items() if v is not None},
    }
    hw = size("--input", text(options, "input", input_default), dims)
    out_pad = ints(
        "--output-padding", text(settings, "output_padding"), (1,) if dims == 1 else (1, 2)
    )
    spec = conv_transpose(
        whole(settings, "in_channels"),
        whole(settings, "out_channels"),
        size("--kernel", text(settings, "kernel"), dims),
        stride=size("--stride", text(settings, "stride"), dims),
        padding=ints(
            "--padding", text(settings, "padding"), (1, 2) if dims == 1 else (1, 2, 4), ",x"
        ),
        output_padding=out_pad if dims == 2 else out_pad[0],
        dilation=size("--dilation", text(settings, "dilation"), dims),
        groups=whole(settings, "groups"),
        bias=boolean(settings, "bias"),
        dims=dims,
        name=kind,
    )
    input_hw = (1, hw[0]) if dims == 1 else (hw[0], hw[1])
    spec.output_shape((spec.in_channels, *input_hw))
    return spec, input_hw
