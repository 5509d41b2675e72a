"""The sizes a claim with symbolic sizes is evaluated at: one *instance* is every size a
number and the convolution layer they make (derived once, shared by every statement).

Typical sizes are non-square with every parameter above its corner and the output at least
the kernel; corners are kernel 1, an output smaller than the kernel or 1x1, padding past
k-1.  A claim's own case fixes what it does not write (stride, dilation, groups 1; padding
0; one image or one channel; no bias) and the layer's kind (a dense layer as a 1x1
convolution, average pooling, a 1-D layer as height 1): see :func:`instances`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from symconv.checker.allsizes_dense import dense_tables, one_dimensional
from symconv.checker.case_sizes import Pins, beyond_prover, pinned
from symconv.layers.conv import ConvLayer
from symconv.proofs.chain_rule import chain_rule
from symconv.spec.layer import Conv, conv


@dataclass
class Instance:
    """One assignment of the sizes, and the layer it makes."""

    sizes: dict[str, int]
    typical: bool  # every size away from its corner (output at least the kernel, ...)
    label: str = ""  # "the declared layer" for the notes' own sizes
    cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def spec(self) -> Conv:
        s = self.sizes
        return conv(
            s["g"] * s["C_g"],
            s["g"] * s["F_g"],
            (s["k_h"], s["k_w"]),
            stride=(s["s_h"], s["s_w"]),
            padding=(s["p_t"], s["p_b"], s["p_l"], s["p_r"]),
            dilation=(s["d_h"], s["d_w"]),
            groups=s["g"],
            bias=s.get("bias", 1) == 1,
        )

    @cached_property
    def layer(self) -> ConvLayer:
        return ConvLayer(self.spec, (self.sizes["H"], self.sizes["W"]), batch=self.sizes["N"])

    @cached_property
    def z(self):
        return self.layer.forward()

    @cached_property
    def grads(self):
        return chain_rule(self.z, self.layer.tensors["G"].ids)

    def describe(self) -> str:
        s = self.sizes
        head = f"{self.label}: " if self.label else ""
        return (
            f"{head}H={s['H']}, W={s['W']}, kernel {s['k_h']}x{s['k_w']}, stride "
            f"({s['s_h']}, {s['s_w']}), dilation ({s['d_h']}, {s['d_w']}), padding "
            f"({s['p_t']}, {s['p_b']}, {s['p_l']}, {s['p_r']}), groups {s['g']}, "
            f"C_g={s['C_g']}, F_g={s['F_g']}, N={s['N']} (H_o={s['H_o']}, W_o={s['W_o']})"
        )


def make(values: dict[str, int], typical: bool) -> Instance | None:
    """An instance, with its derived sizes; None when the sizes make no layer."""
    s = dict(values)
    out = []
    for size, k, st, d, a, b in (
        ("H", "k_h", "s_h", "d_h", "p_t", "p_b"),
        ("W", "k_w", "s_w", "d_w", "p_l", "p_r"),
    ):
        span = s[size] + s[a] + s[b] - s[d] * (s[k] - 1) - 1
        if span < 0:
            return None
        out.append(span // s[st] + 1)
    s["H_o"], s["W_o"] = out
    s["C"], s["F"] = s["g"] * s["C_g"], s["g"] * s["F_g"]
    # a square layer's k, s, d, p are its height's (and width's); a 1-D layer, a 2-D one of
    # height 1, has them along its length (the height's are 1 and 0), as the evaluator
    # reads them (allsizes_dense.ONED): pad_{k-1}(g) pads the sequence by k_w - 1
    axis = ("k_w", "s_w", "d_w", "p_l") if s.get("oned") else ("k_h", "s_h", "d_h", "p_t")
    for alias, name in zip(("k", "s", "d", "p"), axis, strict=True):
        s[alias] = s[name]
    return Instance(s, typical)


_BASE = {"N": 1, "g": 1, "C_g": 1, "F_g": 1, "s_h": 1, "s_w": 1, "d_h": 1, "d_w": 1}
# Typical sizes: non-square, every parameter above its corner, output at least the kernel.
_TYPICAL = [
    {
        "H": 8,
        "W": 9,
        "k_h": 2,
        "k_w": 3,
        "s_h": 2,
        "s_w": 3,
        "d_h": 2,
        "d_w": 1,
        "p_t": 1,
        "p_b": 0,
        "p_l": 2,
        "p_r": 1,
        "g": 2,
        "C_g": 1,
        "F_g": 2,
        "N": 2,
    },
    {
        "H": 7,
        "W": 8,
        "k_h": 3,
        "k_w": 2,
        "s_h": 1,
        "s_w": 2,
        "d_h": 1,
        "d_w": 2,
        "p_t": 0,
        "p_b": 1,
        "p_l": 1,
        "p_r": 0,
        "g": 1,
        "C_g": 2,
        "F_g": 1,
        "N": 1,
    },
    {
        "H": 9,
        "W": 7,
        "k_h": 2,
        "k_w": 2,
        "s_h": 3,
        "s_w": 2,
        "d_h": 1,
        "d_w": 3,
        "p_t": 2,
        "p_b": 1,
        "p_l": 0,
        "p_r": 2,
        "g": 2,
        "C_g": 2,
        "F_g": 1,
        "N": 1,
    },
]
# Corners: kernel 1, output smaller than the kernel, output 1x1, padding larger than k-1.
_CORNERS = [
    {"H": 3, "W": 2, "k_h": 1, "k_w": 1, "p_t": 0, "p_b": 0, "p_l": 0, "p_r": 0},
    {"H": 4, "W": 4, "k_h": 3, "k_w": 3, "p_t": 0, "p_b": 0, "p_l": 0, "p_r": 0},
    {"H": 3, "W": 3, "k_h": 3, "k_w": 3, "p_t": 0, "p_b": 0, "p_l": 0, "p_r": 0, "N": 2},
    {"H": 3, "W": 4, "k_h": 2, "k_w": 2, "p_t": 2, "p_b": 2, "p_l": 0, "p_r": 3},
    {
        "H": 5,
        "W": 4,
        "k_h": 2,
        "k_w": 3,
        "s_h": 2,
        "s_w": 2,
        "p_t": 0,
        "p_b": 0,
        "p_l": 0,
        "p_r": 0,
    },
]


def instances(symbolic: set[str], square: bool, case: Pins = ()) -> list[Instance]:
    """As :func:`_instances`, shared by every statement (each layer derived once);
    ``nobatch`` in ``symbolic``: one image (a claim that writes no batch index); ``case``:
    the sizes a claim's lead-in fixes (case_sizes.py), set in every instance."""
    return _instances(
        frozenset(
            symbolic
            & {
                "stride",
                "dilation",
                "groups",
                "nobatch",
                "onechannel",
                "padding",
                "nobias",
                "dense",
                "wT",
                "avgpool",
                "oned",
                "poolstride",
                "tiled",
                "depthwise",
            }
        ),
        square,
        case,
    )


@lru_cache(maxsize=16)
def _instances(symbolic: frozenset[str], square: bool, case: Pins = ()) -> list[Instance]:
    """Typical and corner sizes for a claim whose stride, dilation and groups are symbols
    only when ``symbolic`` says so (fixed to 1 otherwise: the claim's own case)."""
    fixed = {"s_h", "s_w"} if "stride" not in symbolic else set()
    fixed |= {"d_h", "d_w"} if "dilation" not in symbolic else set()
    fixed |= {"g"} if "groups" not in symbolic else set()
    found = []
    tables = dense_tables() if "dense" in symbolic else (_TYPICAL, _CORNERS)
    if beyond_prover(case):  # the case's own sizes: the typical rows' channels, groups
        tables = (tables[0], [])
    for typical, table in zip((True, False), tables, strict=True):
        for values in table:
            values = {**_BASE, **values, **({"wT": 1} if "wT" in symbolic else {})}
            values.update(dict.fromkeys(fixed, 1))
            if "nobatch" in symbolic:
                values["N"] = 1
            if "onechannel" in symbolic and "dense" not in symbolic:  # x_{i,j}, w_{m,n}
                values.update(N=1, g=1, C_g=1, F_g=1)
            if "padding" not in symbolic:
                values.update(p_t=0, p_b=0, p_l=0, p_r=0)
            if "nobias" in symbolic:  # notes that never write a bias: a layer without one
                values["bias"] = 0
            if "depthwise" in symbolic:  # groups = C_in = C_out: one channel, one filter each
                values.update(C_g=1, F_g=1)
            if "avgpool" in symbolic:  # one channel, a constant kernel, no bias
                values.update(avgpool=1, bias=0, g=1, C_g=1, F_g=1)
            if "poolstride" in symbolic:  # a pool's usual stride: its window
                values.update(s_h=values["k_h"], s_w=values["k_w"])
            if square:
                values.update(
                    W=values["H"],
                    k_w=values["k_h"],
                    s_w=values["s_h"],
                    d_w=values["d_h"],
                    p_b=values["p_t"],
                    p_l=values["p_t"],
                    p_r=values["p_t"],
                )
            values = pinned(values, case)
            if "oned" in symbolic:  # x_i, w_m: a 1-D layer (height 1)
                values = one_dimensional(values)
            if "tiled" in symbolic and not dict(case).keys() & {
                "H",
                "W",
            }:  # windows that cover the input exactly
                values = _tiled(values)
            made = make(values, typical)
            if made is not None and all(made.sizes != f.sizes for f in found):
                found.append(made)
    return found


def _tiled(values: dict[str, int]) -> dict[str, int]:
    """The input cut to the rows and columns the windows cover (k dividing H at stride k)."""
    out = dict(values)
    for size, k, st, d, a, b in (
        ("H", "k_h", "s_h", "d_h", "p_t", "p_b"),
        ("W", "k_w", "s_w", "d_w", "p_l", "p_r"),
    ):
        span = out[size] + out[a] + out[b] - out[d] * (out[k] - 1) - 1
        if span > 0:
            out[size] -= span % out[st]
    return out
