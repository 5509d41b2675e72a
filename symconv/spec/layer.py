"""Layer specifications: options, validation, shape arithmetic and parameter counts.

Every layer works on one sample of shape ``(C, H, W)`` (a vector layer on ``(F,)``);
the batch axis is added by the derivation and the kernels.  A 1D convolution is a 2D
one whose height is 1 and whose kernel, stride, padding and dilation are trivial in
height, so every rule below is written once for two spatial axes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from symconv.errors import SpecError, require

Pair = tuple[int, int]
Pads = tuple[int, int, int, int]  # top, bottom, left, right
Shape = tuple[int, ...]

MODES = ("correlation", "convolution")
ACTIVATIONS = ("sigmoid", "tanh", "relu")
PADDING_WORDS = ("valid", "same", "full")


def _positive(name: str, what: str, value: int) -> None:
    require(
        isinstance(value, int) and not isinstance(value, bool) and value >= 1,
        f"{name}: {what} {value!r} is not allowed; the rule: it must be a positive integer",
    )


def _boolean(name: str, what: str, value: object) -> None:
    require(
        isinstance(value, bool), f"{name}: {what} {value!r} is not allowed; the rule: true or false"
    )


def check_input(name: str, shape: Shape) -> None:
    """Every axis of an input shape must be at least 1."""
    require(
        all(isinstance(n, int) and n >= 1 for n in shape),
        f"{name}: input shape {tuple(shape)} is not allowed; the rule: every size >= 1",
    )


def as_pair(name: str, what: str, value: int | tuple[int, ...]) -> Pair:
    """An int or a 1- or 2-tuple as an (h, w) pair of positive ints."""
    require(
        isinstance(value, int | tuple | list),
        f"{name}: {what} {value!r} is not allowed; the rule: one or two positive integers",
    )
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) == 1:
        pair = (pair[0], pair[0])
    require(len(pair) == 2, f"{name}: {what} {value!r} must be one or two integers")
    for v in pair:
        _positive(name, what, v)
    return (pair[0], pair[1])


def _check_channels(layer: Conv | ConvTranspose) -> None:
    """The rules a convolution and a transposed one share: channels, groups, dims, bias,
    activation."""
    n = layer.name
    _positive(n, "in_channels", layer.in_channels)
    _positive(n, "out_channels", layer.out_channels)
    _positive(n, "groups", layer.groups)
    require(layer.dims in (1, 2), f"{n}: dims {layer.dims!r} must be 1 or 2")
    require(
        layer.in_channels % layer.groups == 0 and layer.out_channels % layer.groups == 0,
        f"{n}: groups {layer.groups} does not divide in_channels {layer.in_channels} and "
        f"out_channels {layer.out_channels}; the rule: groups must divide both",
    )
    _boolean(n, "bias", layer.bias)
    require(
        layer.activation is None or layer.activation in ACTIVATIONS,
        f"{n}: activation {layer.activation!r} is unknown; use one of {', '.join(ACTIVATIONS)}",
    )


def _image_input(layer: Conv | ConvTranspose, shape: Shape) -> tuple[int, int]:
    """(H, W) of a (C, H, W) input with the layer's in_channels."""
    n = layer.name
    require(len(shape) == 3, f"{n}: input shape {shape} must be (C, H, W)")
    check_input(n, shape)
    c, h, w = shape
    require(
        c == layer.in_channels,
        f"{n}: input has {c} channels but in_channels is {layer.in_channels}",
    )
    return h, w


def output_size(size: int, kernel: int, stride: int, pad_total: int, dilation: int = 1) -> int:
    """Floor formula: ``floor((n + p_total - d·(k-1) - 1) / s) + 1``."""
    return (size + pad_total - dilation * (kernel - 1) - 1) // stride + 1


class Grouped:
    """Channel counts per group, shared by a convolution and a transposed one."""

    in_channels: int
    out_channels: int
    groups: int

    @property
    def group_in(self) -> int:
        """Input channels seen by one filter (C / groups)."""
        return self.in_channels // self.groups

    @property
    def group_out(self) -> int:
        """Output channels per group (of a transposed convolution: the weight's axis 1)."""
        return self.out_channels // self.groups


@dataclass(frozen=True)
class Conv(Grouped):
    """A convolution layer (1D or 2D); ``padding`` is already resolved to four sides."""

    in_channels: int
    out_channels: int
    kernel: Pair
    stride: Pair = (1, 1)
    padding: Pads = (0, 0, 0, 0)
    dilation: Pair = (1, 1)
    groups: int = 1
    bias: bool = True
    mode: Literal["correlation", "convolution"] = "correlation"
    dims: int = 2
    activation: str | None = None
    padding_word: str | None = None  # "valid" / "same" / "full" when given that way
    name: str = "conv"
    kind: str = field(default="conv", init=False)

    def __post_init__(self) -> None:
        n = self.name
        _check_channels(self)
        require(
            self.mode in MODES, f"{n}: mode {self.mode!r} is unknown; use one of {', '.join(MODES)}"
        )
        require(
            all(isinstance(p, int) and p >= 0 for p in self.padding),
            f"{n}: padding {self.padding!r} is not allowed; the rule: non-negative integers",
        )
        if self.dims == 1:
            require(
                self.kernel[0] == 1
                and self.stride[0] == 1
                and self.dilation[0] == 1
                and self.padding[:2] == (0, 0),
                f"{n}: a 1D convolution has no height options, got kernel {self.kernel}",
            )

    @property
    def weight_shape(self) -> tuple[int, ...]:
        return (self.out_channels, self.group_in, *self.kernel)

    def output_shape(self, shape: Shape) -> Shape:
        n = self.name
        h, w = _image_input(self, shape)
        top, bottom, left, right = self.padding
        sizes = []
        for axis, size, k, s, pad, d in (
            ("height", h, self.kernel[0], self.stride[0], top + bottom, self.dilation[0]),
            ("width", w, self.kernel[1], self.stride[1], left + right, self.dilation[1]),
        ):
            extent = d * (k - 1) + 1
            require(
                extent <= size + pad,
                f"{n}: kernel {k} (dilated extent {extent}) is larger than the padded input "
                f"{axis} {size + pad}; the rule: d*(k-1)+1 <= size + padding",
            )
            sizes.append(output_size(size, k, s, pad, d))
        return (self.out_channels, sizes[0], sizes[1])

    def param_count(self) -> int:
        per_filter = self.group_in * self.kernel[0] * self.kernel[1]
        return (per_filter + (1 if self.bias else 0)) * self.out_channels

    def param_factors(self) -> tuple[list[int], bool, int]:
        """(kernel factors, has bias, filters): ``(kh·kw·C/g + 1)·F`` for the table."""
        factors = [self.kernel[0], self.kernel[1], self.group_in]
        if self.dims == 1:
            factors = [self.kernel[1], self.group_in]
        return factors, self.bias, self.out_channels


@dataclass(frozen=True)
class Pool:
    """Average or max pooling over (kh, kw) windows; zero (avg) or -inf (max) padding."""

    op: Literal["avg", "max"]
    kernel: Pair
    stride: Pair
    padding: Pair = (0, 0)
    name: str = "pool"
    kind: str = field(default="pool", init=False)

    def __post_init__(self) -> None:
        require(self.op in ("avg", "max"), f"{self.name}: pooling {self.op!r} must be avg or max")
        for pad, k in zip(self.padding, self.kernel, strict=True):
            require(
                0 <= pad <= k // 2,
                f"{self.name}: pool padding {self.padding} is not allowed with kernel "
                f"{self.kernel}; the rule: 0 <= padding <= kernel/2",
            )

    def output_shape(self, shape: Shape) -> Shape:
        require(len(shape) == 3, f"{self.name}: input shape {shape} must be (C, H, W)")
        check_input(self.name, shape)
        c, h, w = shape
        out = []
        for size, k, s, p in zip((h, w), self.kernel, self.stride, self.padding, strict=True):
            require(
                k <= size + 2 * p,
                f"{self.name}: pool kernel {k} is larger than the padded input {size + 2 * p}",
            )
            out.append(output_size(size, k, s, 2 * p))
        return (c, out[0], out[1])

    def param_count(self) -> int:
        return 0


@dataclass(frozen=True)
class Dense:
    """``z = W x + b`` with W of shape (out, in); a (C, H, W) input is flattened first."""

    in_features: int
    out_features: int
    bias: bool = True
    activation: str | None = None
    name: str = "dense"
    kind: str = field(default="dense", init=False)

    def __post_init__(self) -> None:
        _positive(self.name, "in_features", self.in_features)
        _positive(self.name, "out_features", self.out_features)
        _boolean(self.name, "bias", self.bias)
        require(
            self.activation is None or self.activation in ACTIVATIONS,
            f"{self.name}: activation {self.activation!r} is unknown; use one of "
            f"{', '.join(ACTIVATIONS)}",
        )

    def output_shape(self, shape: Shape) -> Shape:
        check_input(self.name, shape)
        flat = 1
        for s in shape:
            flat *= s
        require(
            flat == self.in_features,
            f"{self.name}: input of shape {shape} has {flat} features but in_features is "
            f"{self.in_features}",
        )
        return (self.out_features,)

    def param_count(self) -> int:
        return self.in_features * self.out_features + (self.out_features if self.bias else 0)


def resolve_padding(
    name: str,
    padding: int | str | tuple[int, ...],
    kernel: Pair,
    dilation: Pair,
    stride: Pair,
    dims: int = 2,
) -> tuple[Pads, str | None]:
    """Four-sided padding from an int, an (h, w) pair, (t, b, l, r), or a padding word.

    ``same`` pads d·(k-1) in total, the odd one extra at the bottom/right (PyTorch's
    choice), so the output keeps the input size only when the stride is 1.
    """
    if isinstance(padding, str):
        word = padding.strip().lower()
        require(
            word in PADDING_WORDS,
            f"{name}: padding {padding!r} must be an integer or one of {', '.join(PADDING_WORDS)}",
        )
        if word == "same":
            require(
                stride == (1, 1),
                f"{name}: padding 'same' with stride {stride} is not "
                "allowed; the rule: 'same' needs stride 1",
            )
        totals = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
        if word == "valid":
            pads = (0, 0, 0, 0)
        elif word == "full":
            pads = (totals[0], totals[0], totals[1], totals[1])
        else:
            pads = (
                totals[0] // 2,
                totals[0] - totals[0] // 2,
                totals[1] // 2,
                totals[1] - totals[1] // 2,
            )
        return pads, word
    require(
        isinstance(padding, int | tuple | list),
        f"{name}: padding {padding!r} is not "
        "allowed; the rule: non-negative integers or one of " + str(PADDING_WORDS),
    )
    values = (padding,) if isinstance(padding, int) else tuple(padding)
    for v in values:
        require(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0,
            f"{name}: padding {padding!r} is not allowed; the rule: non-negative integers",
        )
    if dims == 1:
        require(len(values) in (1, 2), f"{name}: 1D padding {padding!r} must be p or (left, right)")
        left, right = (values[0], values[0]) if len(values) == 1 else values
        return (0, 0, left, right), None
    if len(values) == 1:
        return (values[0],) * 4, None
    if len(values) == 2:
        return (values[0], values[0], values[1], values[1]), None
    require(
        len(values) == 4,
        f"{name}: padding {padding!r} must have 1, 2 or 4 values (top, bottom, left, right)",
    )
    return (values[0], values[1], values[2], values[3]), None


def conv(
    in_channels: int,
    out_channels: int,
    kernel: int | tuple[int, ...],
    *,
    stride: int | tuple[int, ...] = 1,
    padding: int | str | tuple[int, ...] = 0,
    dilation: int | tuple[int, ...] = 1,
    groups: int = 1,
    bias: bool = True,
    mode: str = "correlation",
    dims: int = 2,
    activation: str | None = None,
    name: str = "conv",
) -> Conv:
    """Build a :class:`Conv` from PyTorch-like options (ints, pairs or padding words)."""
    if dims == 1:
        kernel_pair = (1, _single(name, "kernel", kernel))
        stride_pair = (1, _single(name, "stride", stride))
        dilation_pair = (1, _single(name, "dilation", dilation))
    else:
        kernel_pair = as_pair(name, "kernel", kernel)
        stride_pair = as_pair(name, "stride", stride)
        dilation_pair = as_pair(name, "dilation", dilation)
    pads, word = resolve_padding(name, padding, kernel_pair, dilation_pair, stride_pair, dims)
    return Conv(
        in_channels,
        out_channels,
        kernel_pair,
        stride_pair,
        pads,
        dilation_pair,
        groups,
        bias,
        mode,  # type: ignore[arg-type]  # checked against the literals above
        dims,
        activation,
        word,
        name,
    )


def _single(name: str, what: str, value: int | tuple[int, ...]) -> int:
    require(
        isinstance(value, int | tuple | list),
        f"{name}: 1D {what} {value!r} is not allowed; the rule: a positive integer",
    )
    values = (value,) if isinstance(value, int) else tuple(value)
    require(len(values) == 1, f"{name}: 1D {what} {value!r} must be a single integer")
    _positive(name, what, values[0])
    return values[0]


def pool(
    op: str,
    kernel: int | tuple[int, ...],
    stride: int | tuple[int, ...] | None = None,
    padding: int | tuple[int, ...] = 0,
    name: str = "pool",
) -> Pool:
    """Build a :class:`Pool`; the stride defaults to the kernel, as in PyTorch."""
    kernel_pair = as_pair(name, "kernel", kernel)
    stride_pair = kernel_pair if stride is None else as_pair(name, "stride", stride)
    pads = (padding, padding) if isinstance(padding, int) else tuple(padding)
    if len(pads) != 2 or not all(isinstance(p, int) and p >= 0 for p in pads):
        raise SpecError(f"{name}: pool padding {padding!r} must be one or two non-negative ints")
    return Pool(op, kernel_pair, stride_pair, (pads[0], pads[1]), name)  # type: ignore[arg-type]


# The transposed convolution has its own module, which uses the helpers above.
from symconv.spec.transpose import ConvTranspose as ConvTranspose  # noqa: E402
from symconv.spec.transpose import conv_transpose as conv_transpose  # noqa: E402
from symconv.spec.transpose import transposed_size as transposed_size  # noqa: E402

Layer = Conv | ConvTranspose | Pool | Dense
