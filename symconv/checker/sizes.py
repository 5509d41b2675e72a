"""The sizes of the current layer, and the truth of size formulas at any sizes.

A size formula (``h_out = floor((h + 2p - f)/s) + 1``, ``#params = (f·f·c_in + 1) c_out``)
is a claim for all sizes.  It is checked at the current layer's sizes and then over a grid
of other sizes, varying only the quantities the formula names: ``H' = (H - H_f + 2 pad)/
stride + 1`` holds for every stride-1 layer but is 1.5 rows for H = 4, H_f = 3, stride 2 -
a size-specific formula (a missing floor).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import islice, product

from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import Notation
from symconv.checker.written_names import SECONDARY_SIZE_NAMES, SIZE_NAMES
from symconv.spec.layer import Conv, ConvTranspose, Dense, Pool, output_size
from symconv.spec.transpose import transposed_size

Spec = Conv | Pool | Dense


@dataclass(frozen=True)
class LayerSizes:
    """A layer and its input shape (C, H, W), or (F,) for a dense layer."""

    spec: Spec
    input_shape: tuple[int, ...]

    def quantities(self) -> dict[str, int | None]:
        """Every named quantity (None when it has no single value, e.g. unequal strides)."""
        s, shape = self.spec, self.input_shape
        out = s.output_shape(shape)
        if isinstance(s, Dense):
            return {
                "n_in": s.in_features,
                "n_out": s.out_features,
                "params": s.param_count(),
                "in_w": s.in_features,
                "out_w": s.out_features,
            }
        c, h, w = shape
        kh, kw = s.kernel
        if isinstance(s, Conv | ConvTranspose):
            pads = s.padding
            pad = pads[2] if len(set(pads[2:] if s.dims == 1 else pads)) == 1 else None
            stride = s.stride[1] if s.dims == 1 or len(set(s.stride)) == 1 else None
            dilation = s.dilation[1] if s.dims == 1 or len(set(s.dilation)) == 1 else None
            c_out, one = s.out_channels, s.dims == 1
        else:
            pad = s.padding[0] if len(set(s.padding)) == 1 else None
            stride = s.stride[0] if len(set(s.stride)) == 1 else None
            dilation, c_out, one = 1, c, False
        found: dict[str, int | None] = {
            "in_h": h,
            "in_w": w,
            "k_h": kh,
            "k_w": kw,
            "out_h": out[1],
            "out_w": out[2],
            "pad": pad,
            "stride": stride,
            "dilation": dilation,
            "c_in": c,
            "c_out": c_out,
            "params": s.param_count(),
            "k": kh if kh == kw else None,
            # d(k - 1) + 1: the span of a square kernel whose taps are d apart
            "k_eff": dilation * (kh - 1) + 1 if kh == kw and dilation is not None else None,
            "bias": int(bool(getattr(s, "bias", True))),
        }  # fixed, never varied
        if isinstance(s, ConvTranspose):  # H_out = (H - 1)s - 2p + d(k - 1) + p_out + 1
            ops = s.output_padding[1:] if one else s.output_padding
            found.update({"transposed": 1, "out_pad": ops[0] if len(set(ops)) == 1 else None})
        if one:
            # n_out: the number of outputs, as a dense layer's (the 1-D notes print it)
            found.update(
                {"in_len": w, "k_len": kw, "out_len": out[2], "k": kw, "n_out": out[2], "one_d": 1}
            )
        else:
            found.update({"in_len": None, "k_len": None, "out_len": None})
        return found


@dataclass(frozen=True)
class PoolSizes(LayerSizes):
    """A pooling's sizes, its window read as a one-channel convolution's kernel with no bias
    (pooling.PoolModel): the sizes are the window's, but that convolution's k_h k_w weights
    are no parameters of the pool, which has none.  A parameter count judged under the pool
    is another layer's (the convolution its notes describe beside it, with its bias): its
    value here is none, so it is not read rather than verified as the window's 9."""

    def quantities(self) -> dict[str, int | None]:
        found = super().quantities()
        found["params"] = None
        found["bias"] = None
        return found


def size_quantity(name: str, notation: Notation, secondary: bool = False) -> str | None:
    """The quantity a written name stands for, in this notation (None: not a size)."""
    named = dict(notation.named_sizes)
    if name in named:  # the notes' own words come first ("the filter has width W")
        return named[name]
    if name in SIZE_NAMES:
        return SIZE_NAMES[name]
    printed = notation.size_names()  # the sizes the printer writes in this notation
    if name in printed:
        return printed[name]
    if secondary and name in SECONDARY_SIZE_NAMES:
        return SECONDARY_SIZE_NAMES[name]
    return None


# the quantity of a parameter's default letter the notes write as a tensor's side ("$p
# \\times q$"): some side the notes name in words not read, never the parameter
# (letter_parameters.side_parameter_letters)
SIDE = "side-of-a-tensor"


def lookup_in(values: dict[str, int | None], name: str, quantity: str) -> Fraction:
    if quantity == SIDE:
        raise NotUnderstood(
            f"{name} is written as a tensor's side in the notes ({name} \\times ...), not read "
            "as the parameter it names by default: which side it is, is not read"
        )
    value = values.get(quantity)
    if value is None:
        raise NotUnderstood(f"{name} has no single value for this layer")
    return Fraction(value)


# ------------------------------------------------------------------ general formulas
# The truth of an output quantity, from the quantities it depends on.
DEPENDS = {
    "out_h": ("in_h", "k_h", "pad", "stride", "dilation"),
    "out_w": ("in_w", "k_w", "pad", "stride", "dilation"),
    "out_len": ("in_len", "k_len", "pad", "stride", "dilation"),
    # a 1-D layer's n_out, as its notes print it (a dense layer's n_out is given, no formula)
    "n_out": ("in_len", "k_len", "pad", "stride", "dilation"),
    "params": ("k_h", "k_w", "k_len", "c_in", "c_out"),
}
GRID_VALUES = {
    "in_h": range(1, 11),
    "in_w": range(1, 11),
    "in_len": range(1, 11),
    "k_h": range(1, 6),
    "k_w": range(1, 6),
    "k_len": range(1, 6),
    "k": range(1, 6),
    "pad": range(0, 4),
    "stride": range(1, 4),
    "dilation": range(1, 3),
    "c_in": range(1, 5),
    "c_out": range(1, 5),
    "n_in": range(1, 6),
    "n_out": range(1, 6),
    "out_pad": range(0, 3),
}
DEFAULTS = {"pad": 0, "stride": 1, "dilation": 1, "c_in": 1, "c_out": 1, "out_pad": 0}
MAX_GRID = 3000


def truth(quantity: str, q: dict[str, int], dense: bool) -> int | None:
    """The true value of ``quantity`` at sizes ``q`` (None where the layer cannot exist)."""
    if quantity == "params":
        if dense:
            return q["n_in"] * q["n_out"] + q["n_out"]
        taps = q["k_len"] if q.get("one_d") else q["k_h"] * q["k_w"]  # a 1-D kernel: k
        return (taps * q["c_in"] + q.get("bias", 1)) * q["c_out"]
    size, kernel = DEPENDS[quantity][0], DEPENDS[quantity][1]
    if q.get("transposed"):  # the transposed convolution's output (spec_transpose)
        op = q.get("out_pad", 0)
        if op >= max(q["stride"], q["dilation"]):
            return None
        out = transposed_size(q[size], q[kernel], q["stride"], 2 * q["pad"], q["dilation"], op)
        return out if out >= 1 else None
    extent = q["dilation"] * (q[kernel] - 1) + 1
    if extent > q[size] + 2 * q["pad"]:
        return None
    return output_size(q[size], q[kernel], q["stride"], 2 * q["pad"], q["dilation"])


def grid(used: set[str], base: dict[str, int | None]) -> list[dict[str, int]]:
    """Assignments of the used quantities over their grid values, the rest fixed."""
    # the effective kernel d(k - 1) + 1 is computed: its kernel and dilation vary instead
    derived = "k_eff" in used
    names = sorted(used - {"k_eff"} | ({"k", "dilation"} if derived else set()))
    fixed = {k: (v if v is not None else DEFAULTS.get(k, 1)) for k, v in base.items()}
    for k, v in DEFAULTS.items():
        fixed.setdefault(k, v)
    found = []
    for values in islice(product(*(GRID_VALUES.get(n, range(1, 6)) for n in names)), MAX_GRID * 8):
        q = dict(fixed)
        q.update(zip(names, values, strict=True))
        if "k" in names:
            q["k_h"] = q["k_w"] = q["k_len"] = q["k"]
        if derived:
            q["k_eff"] = q["dilation"] * (q["k"] - 1) + 1
        found.append(q)
    # The simplest counterexample first: fewest sizes changed, then the smallest values.
    found.sort(key=lambda q: (sum(q[n] != fixed.get(n) for n in names), sum(q[n] for n in names)))
    return found[:MAX_GRID]
