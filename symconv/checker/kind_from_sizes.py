"""A section that inherits "transposed convolution" from the notes' title but states sizes
only a plain convolution has ("Take a $4\\times 4$ input and a $3\\times 3$ kernel, stride 1,
no padding ... the output is $2\\times 2$"): its layer is the plain convolution.

A transposed convolution makes its input larger ((H-1)s - 2p + k), a convolution smaller
(floor((H + 2p - k)/s) + 1); where the section's own words give the input, the kernel and
the output, and these fit the convolution and not the transposed one, the inherited kind is
not the section's.  Only stated sizes decide; no claim is tried."""

from __future__ import annotations

_TRANSPOSED = ("conv_transpose2d", "conv_transpose1d")


def _side(value: str) -> int | None:
    first = value.split("x")[0]
    return int(first) if first.isdigit() else None


def plain_by_sizes(own, make_fact) -> None:
    """Put a conv2d fact first in ``own`` (a Reading) when its own stated sizes fit only a
    plain convolution and its transposed kind was inherited."""
    kind = own.first("layer")
    if kind is None or kind.value not in _TRANSPOSED or kind.line >= own.line:
        return
    mine = {f.key: f for f in own.facts if f.line >= own.line and f.how == "prose"}
    if not {"input", "kernel", "output"} <= set(mine):
        return
    h, k, out = (_side(mine[key].value) for key in ("input", "kernel", "output"))
    s = _side(mine["stride"].value) if "stride" in mine else 1
    p = _side(mine["padding"].value) if "padding" in mine else 0
    if None in (h, k, out, s, p) or not s:
        return
    assert h is not None and k is not None and s is not None and p is not None
    plain = (h + 2 * p - k) // s + 1
    transposed = (h - 1) * s - 2 * p + k
    if out == plain != transposed:  # the inherited kind goes; the sizes' kind is stated
        own.facts[:] = [f for f in own.facts if not (f.key == "layer" and f.line < own.line)]
        own.facts.insert(0, make_fact("layer", "conv2d", mine["output"].line, "prose"))
