"""Names of the closed forms in formulas: ``corr_w(pad(X), dilate(G, (s_h, s_w)), (d_h, d_w))``.

The same operator names as ``symconv.closed``'s LaTeX printer, with symbolic parameters
(a parameter equal to 1 everywhere is left out, as a lecturer would).
"""

from __future__ import annotations

import sympy

from ..ops import (
    BiasAdd,
    Constant,
    Correlate,
    CorrelateWeight,
    Crop,
    Dilate,
    FullConvolveRot180,
    MatMul,
    Pad,
    Rot180,
    SumOver,
    SwapChannels,
    TensorSymbol,
    Transpose,
)
from .config import SymConfig


def _op(name: str, *args: str) -> str:
    return rf"\operatorname{{{name}}}\left({', '.join(a for a in args if a)}\right)"


def _param(values) -> str:
    values = tuple(values)
    if all(v == 1 for v in values):
        return ""
    return r"\left(" + ", ".join(sympy.latex(v) for v in values) + r"\right)"


def node_tex(node, cfg: SymConfig) -> str:
    t = lambda child: node_tex(child, cfg)  # noqa: E731
    a = node.args
    if isinstance(node, TensorSymbol):
        return node.name
    if isinstance(node, Constant):
        return sympy.latex(a[0]) + r"\,\mathbf{1}"
    if isinstance(node, Pad):
        return _op("pad", t(a[0]))
    if isinstance(node, Crop):
        return _op("crop", t(a[0]))
    if isinstance(node, Dilate):
        return _op("dilate", t(a[0]), _param(a[1]))
    if isinstance(node, Rot180):
        return rf"\operatorname{{rot}}_{{180^\circ}}\left({t(a[0])}\right)"
    if isinstance(node, SwapChannels):
        return t(a[0]) + r"^{\top}"
    if isinstance(node, Correlate):
        return _op("corr", t(a[0]), t(a[1]), _param(a[2]), _param(a[3]))
    if isinstance(node, CorrelateWeight):
        return _op("corr_w", t(a[0]), t(a[1]), _param(a[2]))
    if isinstance(node, FullConvolveRot180):
        grad = _op("dilate", t(a[0]), _param(a[2])) if _param(a[2]) else t(a[0])
        rot = rf"\operatorname{{rot}}_{{180^\circ}}\left({t(a[1])}\right)"
        return _op("full", rf"{grad} \ast {rot}", _param(a[3]))
    if isinstance(node, SumOver):  # the bias gradient: Σ over the batch and the positions
        rank = len(cfg.shapes[a[0].name]) if isinstance(a[0], TensorSymbol) else 4
        letters = "nfij" if rank == 4 else "no"
        return rf"\sum_{{{','.join(letters[int(k)] for k in a[1])}}} {t(a[0])}"
    if isinstance(node, MatMul):
        return f"{t(a[0])} {t(a[1])}"
    if isinstance(node, Transpose):
        return t(a[0]) + r"^{\top}"
    if isinstance(node, BiasAdd):
        return f"{t(a[0])} + {t(a[1])}"
    return type(node).__name__
