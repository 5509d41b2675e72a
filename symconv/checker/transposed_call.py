"""A transposed convolution written as a library call inside an operator claim.

``dX = \\operatorname{conv\\_transpose2d}(dY, W, \\text{stride}=2, \\text{padding}=1)``,
``\\mathrm{conv\\_transpose2d}(G, W, stride=2, padding=1, output\\_padding=1)``,
``\\text{ConvTranspose2d}(\\delta, K)``: the notes state the input gradient as PyTorch's
``torch.nn.functional.conv_transpose2d`` of the upstream gradient with the layer's own
weight (shape F x C x k x k: the call maps F channels back to C).

Its closed form is the one the provers have for the input gradient: put s - 1 zeros
between the entries of A, pad by d(k-1) (full mode), correlate with taps d apart with the
kernel rotated by 180 degrees and its channel axes exchanged, then drop p rows and
columns at the top and left and p - output_padding at the bottom and right.  Entry by
entry, output o receives A[i] W[j] for every o = s i - p + d j, PyTorch's definition.

Keyword arguments are read by name (stride, padding, output_padding, dilation); positional
ones after the two operands follow PyTorch's order (stride, padding, output_padding).
``groups`` other than 1 and a bias argument are not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symconv.checker.limits import NotUnderstood

if TYPE_CHECKING:
    from symconv.checker.opparse import Op, Parser

NAMES = frozenset(
    {
        "conv_transpose2d",
        "conv_transpose1d",
        "conv_transpose",
        "convtranspose2d",
        "convtranspose1d",
        "conv2d_transpose",
        "conv1d_transpose",
        "transposed_conv",
        "transposed_conv2d",
        "conv_t",
    }
)
_KEYS = ("stride", "padding", "output_padding", "dilation")
_FONT_WORDS = {"\\text", "\\mathrm", "\\texttt", "\\operatorname", "\\textrm", "\\mathtt"}


def _words(toks: list[str]) -> str:
    """The tokens of one argument as plain text: ``\\text{stride}=2`` -> ``stride=2``."""
    kept = [t for t in toks if t not in _FONT_WORDS and t not in ("{", "}", "'", '"')]
    return "".join("_" if t == "\\_" else t for t in kept)


def parse_call(parser: Parser, name: str) -> Op:
    """``(A, B, kw=value, ...)`` after the name: ``Op("convT", (s, p, op, d), (A, B))``."""
    from symconv.checker.opparse import Op

    parser.take("(")
    left = parser.expr()
    parser.take(",")
    right = parser.expr()
    values = {"stride": 1, "padding": 0, "output_padding": 0, "dilation": 1}
    positional = 0
    while parser.peek() == ",":
        parser.take()
        toks: list[str] = []
        depth = 0
        while parser.peek() is not None and not (depth == 0 and parser.peek() in (",", ")")):
            tok = parser.take()
            depth += (tok in "({[") - (tok in ")}]")
            toks.append(tok)
        word = _words(toks)
        key, _, value = word.rpartition("=")
        if not key:
            if positional >= 3:
                raise NotUnderstood(f"{name}: more positional arguments than PyTorch's three")
            key = _KEYS[positional]
            positional += 1
        key = key.lower()
        if key == "groups" and value == "1":
            continue
        if key not in values or not value.isdigit():
            raise NotUnderstood(
                f"{name}: the argument {word!r} is not read (stride, padding, "
                "output_padding, dilation, each a number)"
            )
        values[key] = int(value)
    parser.take(")")
    params = tuple(values[k] for k in _KEYS)
    return Op("convT", params, (left, right))


def transposed_operator(parser: Parser, symbol: str, left: Op) -> Op:
    """``A \\star^{T}_{s,p} B`` (the parser at the symbol): the transposed convolution of A
    with B at stride s and padding p, as cheat sheets write PyTorch's ``conv_transpose2d(A,
    B, stride=s, padding=p)``; no subscript is stride 1, padding 0.  The subscript is read
    as (stride, padding) numbers, or by name (``s=2,p=1``)."""
    from symconv.checker.opparse import Op

    parser.take(symbol)
    parser.take("^")
    parser.group()  # T, \top (checked by the caller)
    values = {"stride": 1, "padding": 0}
    if parser.peek() == "_":
        parser.take()
        parts = "".join(parser.group()).split(",")
        if len(parts) > 2:
            raise NotUnderstood(f"{symbol}^T_{{...}}: stride and padding are read, nothing more")
        for at, part in enumerate(parts):
            key, _, value = part.rpartition("=")
            key = {"s": "stride", "p": "padding", "": ("stride", "padding")[at]}.get(key, key)
            if key not in values or not value.isdigit():
                raise NotUnderstood(
                    f"{symbol}^T_{{{','.join(parts)}}}: the rule is a stride and a padding, "
                    "each a number"
                )
            values[key] = int(value)
    right = parser.postfix()
    return Op("convT", (values["stride"], values["padding"], 0, 1), (left, right))


def build_call(builder, op: Op, operand, kernel):
    """The closed form of ``conv_transpose(operand, kernel)`` at the builder's sizes."""
    from symconv.ops import Correlate, Crop, Dilate, Pad, Rot180, SwapChannels

    stride, padding, extra, dilation = op.params
    one = builder.one
    kh, kw = builder.shape(kernel)[2:]
    if extra > padding:
        raise NotUnderstood(
            "an output_padding larger than the padding adds rows no crop of the full "
            "correlation gives; not read"
        )
    image = operand
    if stride > 1:
        image = Dilate(image, (1, stride) if one else (stride, stride))
    side_h, side_w = dilation * (kh - 1), dilation * (kw - 1)
    image = Pad(image, (0, 0, side_w, side_w) if one else (side_h, side_h, side_w, side_w))
    groups = builder.model.spec.groups
    flipped = Rot180(SwapChannels(kernel, groups))
    pair = (1, dilation) if one else (dilation, dilation)
    result = Correlate(image, flipped, (1, 1), pair, groups)
    cut = padding - extra
    if padding or cut:
        result = Crop(result, (0, 0, padding, cut) if one else (padding, cut, padding, cut))
    return result
