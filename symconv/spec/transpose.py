"""The transposed convolution's specification (PyTorch's ``ConvTranspose1d/2d``).

Re-exported by :mod:`symconv.spec.layer`; the rules it shares with a convolution (channels,
groups, input shape, padding) are the helpers of that module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from symconv.errors import require
from symconv.spec.layer import (
    Conv,
    Grouped,
    Pads,
    Pair,
    Shape,
    _check_channels,
    _image_input,
    _single,
    as_pair,
    resolve_padding,
)


def transposed_size(
    size: int, kernel: int, stride: int, pad_total: int, dilation: int, output_padding: int
) -> int:
    """``(n - 1)·s - p_total + d·(k - 1) + output_padding + 1`` (PyTorch's, p_total = 2p)."""
    return (size - 1) * stride - pad_total + dilation * (kernel - 1) + output_padding + 1


@dataclass(frozen=True)
class ConvTranspose(Grouped):
    """A transposed convolution (1D or 2D), PyTorch's ``ConvTranspose``: weight
    (in_channels, out_channels/groups, kh, kw); ``padding`` resolved to four sides.

    It is the adjoint of the convolution :meth:`adjoint` (in and out channels swapped) on
    an input of the transposed output's size: its forward is that convolution's input
    gradient, so each input entry X[n,c,i] spreads W[c,f,a]·X into Z[n, f, s·i + d·a - p].
    """

    in_channels: int
    out_channels: int
    kernel: Pair
    stride: Pair = (1, 1)
    padding: Pads = (0, 0, 0, 0)
    output_padding: Pair = (0, 0)
    dilation: Pair = (1, 1)
    groups: int = 1
    bias: bool = True
    dims: int = 2
    activation: str | None = None
    name: str = "conv_transpose"
    kind: str = field(default="conv_transpose", init=False)

    def __post_init__(self) -> None:
        n = self.name
        _check_channels(self)
        for what, values in (("padding", self.padding), ("output_padding", self.output_padding)):
            require(
                all(isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in values),
                f"{n}: {what} {values!r} is not allowed; the rule: non-negative integers",
            )
        for op, s, d in zip(self.output_padding, self.stride, self.dilation, strict=True):
            require(
                op < max(s, d),
                f"{n}: output_padding {op} is not allowed with stride {s} "
                f"and dilation {d}; the rule: output_padding < max(stride, dilation)",
            )
        if self.dims == 1:
            require(
                self.kernel[0] == 1
                and self.stride[0] == 1
                and self.dilation[0] == 1
                and self.padding[:2] == (0, 0)
                and self.output_padding[0] == 0,
                f"{n}: a 1D transposed convolution has no height options, got kernel {self.kernel}",
            )

    @property
    def weight_shape(self) -> tuple[int, ...]:
        return (self.in_channels, self.group_out, *self.kernel)

    def output_shape(self, shape: Shape) -> Shape:
        n = self.name
        h, w = _image_input(self, shape)
        top, bottom, left, right = self.padding
        sizes = []
        for axis, size, k, s, pads, d, op in (
            (
                "height",
                h,
                self.kernel[0],
                self.stride[0],
                (top, bottom),
                self.dilation[0],
                self.output_padding[0],
            ),
            (
                "width",
                w,
                self.kernel[1],
                self.stride[1],
                (left, right),
                self.dilation[1],
                self.output_padding[1],
            ),
        ):
            out = transposed_size(size, k, s, sum(pads), d, op)
            require(
                out >= 1,
                f"{n}: padding {pads} leaves output {axis} {out}; the rule: "
                "(size-1)*stride - padding + dilation*(kernel-1) + output_padding + 1 >= 1",
            )
            sizes.append(out)
        return (self.out_channels, sizes[0], sizes[1])

    def adjoint(self) -> Conv:
        """The convolution whose input gradient this layer's forward is (no bias)."""
        return Conv(
            self.out_channels,
            self.in_channels,
            self.kernel,
            self.stride,
            self.padding,
            self.dilation,
            self.groups,
            False,
            dims=self.dims,
            name=self.name,
        )

    def param_count(self) -> int:
        per_input = self.group_out * self.kernel[0] * self.kernel[1]
        return per_input * self.in_channels + (self.out_channels if self.bias else 0)

    def param_factors(self) -> tuple[list[int], bool, int]:
        """(weight factors, has bias, biases) for the table: ``kh·kw·C_in·(C_out/g) + C_out``."""
        factors = [*self.kernel[2 - self.dims :], self.in_channels, self.group_out]
        return factors, self.bias, self.out_channels


def conv_transpose(
    in_channels: int,
    out_channels: int,
    kernel: int | tuple[int, ...],
    *,
    stride: int | tuple[int, ...] = 1,
    padding: int | tuple[int, ...] = 0,
    output_padding: int | tuple[int, ...] = 0,
    dilation: int | tuple[int, ...] = 1,
    groups: int = 1,
    bias: bool = True,
    dims: int = 2,
    activation: str | None = None,
    name: str = "conv_transpose",
) -> ConvTranspose:
    """A :class:`ConvTranspose` from PyTorch-like options (ints or pairs; padding also
    (top, bottom, left, right), or (left, right) in 1D)."""
    if dims == 1:
        kernel_pair = (1, _single(name, "kernel", kernel))
        stride_pair = (1, _single(name, "stride", stride))
        dilation_pair = (1, _single(name, "dilation", dilation))
        out_pad = (0, _single_nonnegative(name, output_padding))
    else:
        kernel_pair = as_pair(name, "kernel", kernel)
        stride_pair = as_pair(name, "stride", stride)
        dilation_pair = as_pair(name, "dilation", dilation)
        values = (output_padding,) if isinstance(output_padding, int) else output_padding
        require(
            isinstance(values, tuple | list) and len(values) in (1, 2),
            f"{name}: output_padding {output_padding!r} must be one or two integers",
        )
        out_pad = (values[0], values[-1])
    require(
        not isinstance(padding, str),
        f"{name}: padding {padding!r} is not allowed; the "
        "rule: non-negative integers (no padding words for a transposed convolution)",
    )
    pads, _ = resolve_padding(name, padding, kernel_pair, dilation_pair, stride_pair, dims)
    return ConvTranspose(
        in_channels,
        out_channels,
        kernel_pair,
        stride_pair,
        pads,
        out_pad,
        dilation_pair,
        groups,
        bias,
        dims,
        activation,
        name,
    )


def _single_nonnegative(name: str, value: int | tuple[int, ...] | list[int]) -> int:
    values = (value,) if isinstance(value, int) else value
    require(
        isinstance(values, tuple | list) and len(values) == 1,
        f"{name}: 1D output_padding {value!r} must be a single integer",
    )
    return values[0]
