"""The layer a document is about: from command-line options, front matter and directives.

Settings are plain ``key: value`` (front matter) or ``key=value`` (a ``% symconv:`` or
``<!-- symconv: -->`` directive) strings, validated here with one-line messages that name
the key, the value and the rule.  Later sources override earlier ones key by key: front
matter, then the command line, then each in-file directive from its line on.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from symconv.errors import SymconvError
from symconv.spec.layer import MODES, Conv, ConvTranspose, Dense
from symconv.spec.options import CONV_DEFAULTS, TRANSPOSED, conv_layer, conv_transpose_layer

# The settings that state a layer's shape (kind, network, sizes, channels), as the options,
# front matter and directives name them: the keys a section may take from the one before
# it (its own facts first).  The readers that ask "is the layer stated here?" share this
# one list, each adding what else it counts.
SHAPE_KEYS = (
    "layer",
    "network",
    "input",
    "kernel",
    "stride",
    "padding",
    "dilation",
    "in-channels",
    "out-channels",
    "in-features",
    "out-features",
)

LAYERS = ("conv1d", "conv2d", *TRANSPOSED, "dense")
KEYS = (
    "layer",
    "input",
    "kernel",
    "stride",
    "padding",
    "output-padding",
    "dilation",
    "in-channels",
    "out-channels",
    "groups",
    "mode",
    "bias",
    "in-features",
    "out-features",
    "network",
    "notation",
    "index-base",
    "names",
    "sizes",
    "classes",
    "batch",
)
_TRUE, _FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")
POSITION = "position"  # b_{i,j}: one bias per output position (an untied bias)


@dataclass(frozen=True)
class Settings:
    """Raw settings (already validated key names); parsed into specs on demand."""

    values: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in reversed(self.values):
            if k == key:
                return v
        return default

    def merged(self, more: dict[str, str]) -> Settings:
        return Settings(self.values + tuple(more.items()))


def clean_key(key: str, where: str) -> str:
    """``in_channels`` / ``In-Channels`` -> ``in-channels``; ``no-bias`` -> bias."""
    norm = key.strip().lower().replace("_", "-")
    if norm not in KEYS and norm != "no-bias":
        raise SymconvError(
            f"{where}: setting {key!r} is unknown; the rule: one of {', '.join(KEYS)}"
        )
    return norm


def parse_pairs(text: str, where: str) -> dict[str, str]:
    """``layer=conv2d input=3x3 no-bias`` as a dict (a bare ``no-bias`` means bias=false)."""
    found: dict[str, str] = {}
    for word in text.split():
        key, sep, value = word.partition("=")
        if not sep and clean_key(key, where) == "no-bias":
            found["bias"] = "false"
            continue
        if not sep or not value:
            raise SymconvError(
                f"{where}: {word!r} is not key=value; the rule: e.g. "
                "layer=conv2d input=3x3 kernel=2"
            )
        found[clean_key(key, where)] = value.strip()
    return found


@dataclass(frozen=True)
class LayerConfig:
    """One single layer (or a network) with the options ``symconv prove`` also takes."""

    settings: Settings

    @property
    def network(self) -> str | None:
        return self.settings.get("network")

    @property
    def kind(self) -> str:
        kind = (self.settings.get("layer") or "conv2d").lower()
        if kind not in LAYERS:
            raise SymconvError(f"--layer {kind!r} is unknown; the rule: one of {', '.join(LAYERS)}")
        return kind

    def _int(self, key: str, default: int) -> int:
        value = self.settings.get(key)
        if value is None:
            return default
        if not re.fullmatch(r"[0-9]+", value.strip()):
            raise SymconvError(f"--{key} {value!r} is not allowed; the rule: a whole number")
        return int(value)

    def bias(self) -> bool:
        value = (self.settings.get("bias") or "true").lower()
        if value not in _TRUE + _FALSE + (POSITION,):
            raise SymconvError(
                f"bias {value!r} is not allowed; the rule: true, false or {POSITION}"
            )
        return value in _TRUE

    def bias_per_position(self) -> bool:
        """``bias=position``: ``z_{i,j} = ... + b_{i,j}``, a bias of the output's shape."""
        return (self.settings.get("bias") or "").lower() == POSITION

    def conv_spec(self) -> tuple[Conv | ConvTranspose, tuple[int, int]]:
        """The convolution (or transposed convolution) and its input (H, W); a 1D layer
        has H = 1."""
        get = self.settings.get
        if self.kind in TRANSPOSED:
            options = {key: get(key.replace("_", "-")) for key in CONV_DEFAULTS}
            options.update(
                input=get("input"),
                bias=self.bias(),
                mode=get("mode"),
                output_padding=get("output-padding"),
            )
            return conv_transpose_layer(
                self.kind, options, "4" if self.kind.endswith("1d") else "3x3"
            )
        mode = get("mode") or "correlation"
        if mode not in MODES:
            raise SymconvError(f"--mode {mode!r} is unknown; the rule: one of {', '.join(MODES)}")
        options = {key: get(key.replace("_", "-")) for key in CONV_DEFAULTS}
        options.update(input=get("input"), bias=self.bias(), mode=mode)
        causal = self.kind == "conv1d" and (get("padding") or "").strip().lower() == "causal"
        if causal:
            options["padding"] = causal_padding(get("kernel"), get("dilation"))
        found = conv_layer(self.kind, options, "4" if self.kind == "conv1d" else "3x3")
        if causal:  # the word keeps the padding tied to the kernel at other sizes (truth.py)
            found = (dataclasses.replace(found[0], padding_word="causal"), found[1])
        return found

    def dense_spec(self) -> Dense:
        return Dense(
            self._int("in-features", 4), self._int("out-features", 3), self.bias(), name="dense"
        )

    def describe(self, full: bool = False) -> str:
        """A short description for messages: ``conv2d 3x3, kernel 2x2, no bias``; ``full``
        (what a verdict "holds for") names stride, padding and dilation even at 1, 0, 1."""
        if self.network:
            return f"network {self.network}"
        if self.kind == "dense":
            d = self.dense_spec()
            return f"dense {d.in_features} -> {d.out_features}" + ("" if d.bias else ", no bias")
        spec, (h, w) = self.conv_spec()
        size = f"{w}" if spec.dims == 1 else f"{h}x{w}"
        kernel = f"{spec.kernel[1]}" if spec.dims == 1 else f"{spec.kernel[0]}x{spec.kernel[1]}"
        words = [f"{self.kind} {size}, kernel {kernel}"]
        stride = (
            spec.stride[1]
            if spec.dims == 1 or spec.stride[0] == spec.stride[1]
            else f"{spec.stride[0]}x{spec.stride[1]}"
        )
        if stride != 1 or full:
            words.append(f"stride {stride}")
        if full and not any(spec.padding):
            words.append("padding 0")
        if any(spec.padding):
            pads = spec.padding[2:] if spec.dims == 1 else spec.padding
            shown = str(pads[0]) if len(set(pads)) == 1 else ",".join(map(str, pads))
            words.append(f"padding {getattr(spec, 'padding_word', None) or shown}")
        dilation = (
            spec.dilation[1]
            if spec.dims == 1 or spec.dilation[0] == spec.dilation[1]
            else f"{spec.dilation[0]}x{spec.dilation[1]}"
        )
        if dilation != 1 or full:
            words.append(f"dilation {dilation}")
        if any(getattr(spec, "output_padding", ())):
            ops = spec.output_padding[1:] if spec.dims == 1 else spec.output_padding
            words.append(f"output padding {'x'.join(map(str, ops))}")
        if getattr(spec, "groups", 1) != 1:  # a grouped layer's verdict names its groups
            words.append(
                f"{spec.in_channels} -> {spec.out_channels} channels in {spec.groups} groups"
            )
        if getattr(spec, "mode", "correlation") != "correlation":
            words.append(spec.mode)
        return ", ".join(words) + (
            "" if spec.bias else ", bias per position" if self.bias_per_position() else ", no bias"
        )


def causal_padding(kernel: str | None, dilation: str | None) -> str:
    """A causal 1-D layer pads d(k-1) zeros on the left only, so output t sees inputs up
    to t and no further (WaveNet, TCN): the "L,R" padding ``d(k-1),0``."""
    k, d = (kernel or "2").strip(), (dilation or "1").strip()
    if not (k.isdigit() and d.isdigit()):
        raise SymconvError(f"causal padding of kernel {k!r}, dilation {d!r} is not read")
    return f"{int(d) * (int(k) - 1)},0"
