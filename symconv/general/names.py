"""Names of the closed forms in formulas: ``corr_w(pad(X), dilate(G, (s_h, s_w)), (d_h, d_w))``.

The same operator names as ``symconv.closed``'s LaTeX printer, with symbolic parameters
(a parameter equal to 1 everywhere is left out, as a lecturer would).
"""

from __future__ import annotations

import sympy

from .config import SymConfig
from .forms import (
    BiasAdd,
    Correlate,
    CorrelateWeight,
    FullConvolveRot180,
    MatMul,
    SumOver,
    Transpose,
)
from .nodes import Const, Crop, Dilate, Leaf, Pad, Rot180, SNode, Swap


def _op(name: str, *args: str) -> str:
    return rf"\operatorname{{{name}}}\left({', '.join(a for a in args if a)}\right)"


def _param(values) -> str:
    values = tuple(values)
    if all(v == 1 for v in values):
        return ""
    return r"\left(" + ", ".join(sympy.latex(v) for v in values) + r"\right)"


def node_tex(node: SNode, cfg: SymConfig) -> str:
    t = lambda child: node_tex(child, cfg)  # noqa: E731
    if isinstance(node, Leaf):
        return node.name
    if isinstance(node, Const):
        return sympy.latex(node.value) + r"\,\mathbf{1}"
    if isinstance(node, Pad):
        return _op("pad", t(node.child))
    if isinstance(node, Crop):
        return _op("crop", t(node.child))
    if isinstance(node, Dilate):
        return _op("dilate", t(node.child), _param(node.strides))
    if isinstance(node, Rot180):
        return rf"\operatorname{{rot}}_{{180^\circ}}\left({t(node.child)}\right)"
    if isinstance(node, Swap):
        return t(node.child) + r"^{\top}"
    if isinstance(node, Correlate):
        return _op("corr", t(node.arg), t(node.kernel), _param(node.stride),
                   _param(node.dilation))
    if isinstance(node, CorrelateWeight):
        return _op("corr_w", t(node.arg), t(node.grad), _param(node.dilation))
    if isinstance(node, FullConvolveRot180):
        grad = _op("dilate", t(node.grad), _param(node.stride)) if _param(node.stride) else \
            t(node.grad)
        rot = rf"\operatorname{{rot}}_{{180^\circ}}\left({t(node.kernel)}\right)"
        return _op("full", rf"{grad} \ast {rot}", _param(node.dilation))
    if isinstance(node, SumOver):  # the bias gradient: Σ over the batch and the positions
        rank = len(node.arg.shape(None)) if isinstance(node.arg, Leaf) else 4
        letters = "nfij" if rank == 4 else "no"
        return rf"\sum_{{{','.join(letters[k] for k in node.axes)}}} {t(node.arg)}"
    if isinstance(node, MatMul):
        return f"{t(node.left)} {t(node.right)}"
    if isinstance(node, Transpose):
        return t(node.arg) + r"^{\top}"
    if isinstance(node, BiasAdd):
        return f"{t(node.arg)} + {t(node.bias)}"
    return type(node).__name__
