"""A dense layer's claims with symbolic sizes, as the general reader's 1x1 convolution.

``z_{n,j} = \\sum_{i=1}^{D} x_{n,i} w_{j,i} + b_j`` is a convolution whose input and output
are 1x1 and whose kernel is 1x1: D input channels, M filters, N images.  So a dense claim is
evaluated by the same derivation at sizes where H = W = k = 1 (:func:`dense_instances`),
with its two-index entries placed on the batch and channel axes (:func:`axes_of`).  Notes
write W as (out, in) (``w_{j,i}``, PyTorch) or as (in, out) (``w_{i,j}``, X W): both are
tried, and a claim is false only when it is false for both (:mod:`.allsizes`).
"""

from __future__ import annotations

import re

DENSE = re.compile(
    r"\b(?:dense|fully[- ]connected|linear layer|capa densa|densa|"
    r"totalmente conectada|perceptr\w*|MLP)\b"
    # "behaves like a dense kernel of side D(K-1)+1": an adjective of a convolution's kernel
    r"(?!\s+(?:kernels?|filters?|convolutions?|matri\w+|grids?|sampling|predictions?)\b)",
    re.I,
)
# the letters of a dense layer's sizes, onto the convolution's
NAMES = {
    "D": "C",
    "n_in": "C",
    "n_x": "C",
    "d_in": "C",
    "M": "F",
    "H_o": "F",
    "d_out": "F",
    "m": "N",
    "B": "N",
}
_TYPICAL = [
    {"C_g": 3, "F_g": 2, "N": 2},
    {"C_g": 2, "F_g": 3, "N": 3},
    {"C_g": 4, "F_g": 1, "N": 1},
]
_CORNERS = [{"C_g": 1, "F_g": 1, "N": 1}, {"C_g": 1, "F_g": 2, "N": 2}]
_ONE = {
    "H": 1,
    "W": 1,
    "k_h": 1,
    "k_w": 1,
    "s_h": 1,
    "s_w": 1,
    "d_h": 1,
    "d_w": 1,
    "p_t": 0,
    "p_b": 0,
    "p_l": 0,
    "p_r": 0,
    "g": 1,
}


# a 1-D convolution is a 2-D one of height 1: its sizes are the width axis's
ONED = {"H": "W", "H_o": "W_o", "k": "k_w", "s": "s_w", "d": "d_w", "p": "p_l", "k_h": "k_w"}


def one_dimensional(values: dict) -> dict:
    """A 2-D table row made 1-D: the height's sizes move to the width, the height is 1."""
    return {
        **values,
        "W": values["H"],
        "k_w": values["k_h"],
        "s_w": values["s_h"],
        "d_w": values["d_h"],
        "p_l": values["p_t"],
        "p_r": values["p_b"],
        "H": 1,
        "k_h": 1,
        "s_h": 1,
        "d_h": 1,
        "p_t": 0,
        "p_b": 0,
        "N": 1,
        "g": 1,
        "C_g": 1,
        "F_g": 1,
        "oned": 1,
    }


def dense_tables() -> tuple[list[dict], list[dict]]:
    """Typical and corner sizes of a dense layer (as a 1x1 convolution)."""
    return (
        [{**_ONE, **t, "dense": 1} for t in _TYPICAL],
        [{**_ONE, **c, "dense": 1} for c in _CORNERS],
    )


def axes_of(
    tensor: str, written: int, ndim: int, sizes: dict[str, int], batched: tuple[str, ...]
) -> tuple[int, ...] | None:
    """The axes of the layer's tensor that a claim's ``written`` indices stand for (the
    others are 0): a convolution's claim leaves out leading axes of size 1; a dense one
    writes x_{n,i}, z_{n,j}, w_{j,i} (or w_{i,j}), b_j.  None: no such layout."""
    if sizes.get("dense"):
        if tensor == "W" and written == 2:
            return (1, 0) if sizes.get("wT") else (0, 1)
        if tensor in batched and written == 2:
            return (0, 1)
        if tensor in batched and written == 1 and sizes["N"] == 1:
            return (1,)
        return tuple(range(written))
    if sizes.get("oned") and written == 1 and tensor in (*batched, "W"):
        return (ndim - 1,)  # x_i, w_m of a 1-D convolution: the length axis
    if tensor in batched and written == ndim - 1 and sizes["N"] == 1:
        return tuple(range(1, ndim))
    if (
        written == ndim - 2
        and tensor in (*batched, "W")
        and sizes["N"] == 1
        and sizes["C"] == 1
        and sizes["F"] == 1
    ):
        return tuple(range(2, ndim))
    return tuple(range(written)) if written == ndim else None


# ---------------------------------------------------------------------- average pooling
# Average pooling is the convolution whose kernel is the constant 1/(k_h k_w) (per channel,
# no bias): its claims are evaluated by the layer's derivation with every kernel entry
# replaced by that constant (:func:`pooled`); max pooling's routing depends on the values
# of X and is not read for all sizes.
AVERAGE = re.compile(
    r"\b(?:average|avg|mean)[- ]?pool|pooling (?:promedio|medio)|"
    r"agrupaci\w+ (?:promedio|media)",
    re.I,
)


def pooled(poly, inst):
    """``poly`` (a Poly over X, W, G) with each W entry the constant 1/(k_h k_w)."""
    from fractions import Fraction

    from symconv.checker.algebra import Poly

    weights = inst.cache.get("wids")
    if weights is None:
        weights = inst.cache["wids"] = {int(v) for v in inst.layer.tensors["W"].ids.flat}
    share = Fraction(1, inst.sizes["k_h"] * inst.sizes["k_w"])
    out: dict = {}
    for mono, coef in poly.terms.items():
        kept = tuple(v for v in mono if v not in weights)
        total = out.get(kept, 0) + coef * share ** (len(mono) - len(kept))
        if total:
            out[kept] = total
        else:
            out.pop(kept, None)
    return Poly(out)
