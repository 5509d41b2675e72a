"""Independent truth for fresh7, notes 3, 6, 7: im2col_matmul_view.md, derivacion_paso2_filtro.md,
leafnet_model_card.md.

Same conventions as unseen_fresh7_truth.py (anchored claims, one bool per trial or size, torch
autograd in float64, strict indexing unless the note declares zeros outside a range). The im2col
matrices are built from their definitions in the note and compared with torch conv2d; the
gradient of the unfolded input is torch autograd of the matrix product itself.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from unseen_fresh7_truth import (
    Anchored,
    arithmetic,
    conv2d,
    conv_out,
    each,
    once,
    params,
    trials,
    tt,
)
from unseen_truth_base import at, corr, dilate, pad, same, zat

# --- im2col_matmul_view.md: N = 2, C = 2, 4x4, F = 3 filters 3x3, stride 1, 0-based

IM2COL = "im2col_matmul_view"


def im2col(x: np.ndarray, k: int) -> np.ndarray:
    """Rows (c, u, v) channel-first, columns (n, i, j) image-first, as the note defines."""
    n, c, h, w = x.shape
    oh, ow = h - k + 1, w - k + 1
    return np.array(
        [
            [x[b, ch, i + u, j + v] for b in range(n) for i in range(oh) for j in range(ow)]
            for ch in range(c)
            for u in range(k)
            for v in range(k)
        ]
    )


def _gemm(r: np.random.Generator) -> dict:
    x, kern, b = r.normal(size=(2, 2, 4, 4)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
    dy = r.normal(size=(3, 8))  # dL/dY_mat; column (n, i, j) holds Y[n, :, i, j]
    g = dy.reshape(3, 2, 2, 2).transpose(1, 0, 2, 3)
    v = conv2d(x, kern, b, g)
    xcol = im2col(x, 3)
    w_row = kern.reshape(3, 18)
    xcol_t = tt(xcol, True)  # the gradient of the unfolded input, by autograd of the GEMM
    ((tt(w_row) @ xcol_t + tt(b)[:, None]) * tt(dy)).sum().backward()
    y_mat = v["z"].transpose(1, 0, 2, 3).reshape(3, 8)
    return {
        "x": x,
        "b": b,
        "dy": dy,
        "xcol": xcol,
        "w_row": w_row,
        "y_mat": y_mat,
        "dx": v["dx"],
        "dw_row": v["dw"].reshape(3, 18),
        "db": v["db"],
        "dxcol": xcol_t.grad.numpy(),
    }


def _on_gemm(check: object, seed: int) -> object:
    return trials(lambda r: check(_gemm(r)), seed)


def _col2im(v: dict) -> bool:
    def fold(n: int, c: int, p: int, q: int) -> float:
        total = 0.0
        for u in range(3):
            for w in range(3):
                i, j = p - u, q - w
                if 0 <= i <= 1 and 0 <= j <= 1:  # the note drops the out-of-range terms
                    total += at(v["dxcol"], c * 9 + u * 3 + w, n * 4 + i * 2 + j)
        return total

    return each(
        [
            (
                lambda n=n, c=c, p=p, q=q: v["dx"][n, c, p, q],
                lambda n=n, c=c, p=p, q=q: fold(n, c, p, q),
            )
            for n in range(2)
            for c in range(2)
            for p in range(4)
            for q in range(4)
        ]
    )


_EX_X = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
_EX_K = np.array([[1.0, 0.0], [0.0, -1.0]])
_EX_DY = np.array([1.0, 0.0, 2.0, -1.0])
_EX = conv2d(_EX_X, _EX_K[None, None], None, _EX_DY.reshape(1, 1, 2, 2))
_EX_XCOL = im2col(_EX_X, 2)
_EX_WROW = _EX_K.reshape(1, 4)

IM2COL_TRUTH: Anchored = {
    (IM2COL, "$$Y_{\\text{mat}} = W_{\\text{row}}", 1): _on_gemm(
        lambda v: same(v["y_mat"], v["w_row"] @ v["xcol"] + v["b"][:, None]), 500
    ),
    (IM2COL, "$$dW_{\\text{row}} = dY \\, X_{\\text{col}}^\\top, \\qquad", 1): _on_gemm(
        lambda v: same(v["dw_row"], v["dy"] @ v["xcol"].T), 510
    ),
    (IM2COL, "$$dW_{\\text{row}} = dY \\, X_{\\text{col}}^\\top, \\qquad", 2): _on_gemm(
        lambda v: same(v["db"], v["dy"] @ np.ones(8)), 520
    ),
    (IM2COL, "$$dW_{\\text{row}} = dY \\, X_{\\text{col}}^\\top, \\qquad", 3): _on_gemm(
        lambda v: same(v["dxcol"], v["w_row"].T @ v["dy"]), 530
    ),
    (IM2COL, "Some implementations write the last one", 1): _on_gemm(
        lambda v: same(v["dxcol"], v["dy"].T @ v["w_row"]), 540
    ),
    (IM2COL, "Some implementations write the last one", 2): _on_gemm(
        lambda v: same(v["db"], v["dy"].T @ np.ones(3)), 550
    ),
    (IM2COL, "$$dX_{n,c,p,q} = \\sum_{u=0}^{2}", 1): _on_gemm(_col2im, 560),
    (IM2COL, "$$X_{\\text{col}} = \\begin{bmatrix}", 1): once(
        lambda: same(_EX_XCOL, [[1, 4, 2, 5], [2, 5, 3, 6], [4, 7, 5, 8], [5, 8, 6, 9]])
    ),
    (IM2COL, "$$Y_{\\text{row}} = W_{\\text{row}} X_{\\text{col}} = ", 1): once(
        lambda: same(_EX["z"].reshape(1, 4), _EX_WROW @ _EX_XCOL)
    ),
    (IM2COL, "$$Y_{\\text{row}} = W_{\\text{row}} X_{\\text{col}} = ", 2): once(
        lambda: same(_EX_WROW @ _EX_XCOL, [[-4, -4, -4, -4]])
    ),
    (IM2COL, "\\begin{bmatrix} 4 & 6 & 10 & 11", 1): once(
        lambda: same(_EX["dw"].reshape(1, 4), _EX_DY[None] @ _EX_XCOL.T)
    ),
    (IM2COL, "\\begin{bmatrix} 4 & 6 & 10 & 11", 2): once(
        lambda: same(_EX_DY[None] @ _EX_XCOL.T, [[4, 6, 10, 11]])
    ),
    (IM2COL, "$$dX = \\begin{bmatrix} 1 & 0 & 0", 1): once(
        lambda: same(_EX["dx"][0, 0], [[1, 0, 0], [2, -1, 0], [0, -2, 1]])
    ),
    (IM2COL, "Without the padding it shrinks", 1): once(lambda: conv_out(224, 3) == 224 - 3),
    (IM2COL, "Without the padding it shrinks", 2): arithmetic(224 - 3, 221),
}


# --- derivacion_paso2_filtro.md: 5x5 input, 3x3 filter, stride 2, no padding, 0-based x_{i,j}

DERIV = "derivacion_paso2_filtro"


def _s2(r: np.random.Generator, h: int = 5) -> dict:
    x, f, b = r.normal(size=(h, h)), r.normal(size=(3, 3)), r.normal()
    o = conv_out(h, 3, 2)
    d = r.normal(size=(o, o))
    v = conv2d(x[None, None], f[None, None], [b], d[None, None], stride=2)
    return {
        "x": x,
        "f": f,
        "b": b,
        "d": d,
        "z": v["z"][0, 0],
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
    }


def _s2_forward(step: int) -> object:
    def check(r: np.random.Generator) -> bool:
        v = _s2(r)
        return each(
            [
                (
                    lambda i=i, j=j: v["z"][i, j],
                    lambda i=i, j=j: (
                        v["b"]
                        + sum(
                            at(v["f"], m, n) * at(v["x"], step * i + m, step * j + n)
                            for m in range(3)
                            for n in range(3)
                        )
                    ),
                )
                for i in range(2)
                for j in range(2)
            ]
        )

    return check


def _s2_df(r: np.random.Generator) -> bool:
    v = _s2(r)
    return each(
        [
            (
                lambda m=m, n=n: v["dw"][m, n],
                lambda m=m, n=n: sum(
                    at(v["d"], i, j) * at(v["x"], 2 * i + m, 2 * j + n)
                    for i in range(2)
                    for j in range(2)
                ),
            )
            for m in range(3)
            for n in range(3)
        ]
    )


def _s2_dx_entries(r: np.random.Generator) -> bool:
    v = _s2(r)
    dt = dilate(v["d"], 2)  # the note: the dilated delta is zero outside its indices
    return each(
        [
            (
                lambda p=p, q=q: v["dx"][p, q],
                lambda p=p, q=q: sum(
                    zat(dt, p - m, q - n) * at(v["f"], m, n) for m in range(3) for n in range(3)
                ),
            )
            for p in range(5)
            for q in range(5)
        ]
    )


_DELTA = np.array([[1.0, 2.0], [-1.0, 0.0]])
_FILT = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]])
_DX_EX = conv2d(
    np.random.default_rng(600).normal(size=(1, 1, 5, 5)),
    _FILT[None, None],
    None,
    _DELTA[None, None],
    stride=2,
)["dx"][0, 0]

DERIV_TRUTH: Anchored = {
    (DERIV, "\\left\\lfloor \\frac{5-3}{2} \\right\\rfloor + 1 = 2", 1): once(
        lambda: math.floor((5 - 3) / 2) + 1 == 2 == conv_out(5, 3, 2)
    ),
    (DERIV, "Primero escribí", 1): trials(_s2_forward(1), 610),
    (DERIV, "$$y_{i,j} = b + \\sum_{m=0}^{2}", 1): trials(_s2_forward(2), 620),
    (DERIV, "\\delta_{i,j}\\, x_{2i+m,\\, 2j+n}$$", 1): trials(_s2_df, 630),
    (DERIV, "lo primero que probé fue", 1): trials(
        lambda r: (lambda v: same(v["dw"], corr(v["x"], v["d"])))(_s2(r)), 640
    ),
    (DERIV, "$$\\frac{\\partial J}{\\partial F} = X \\star \\tilde{\\delta}$$", 1): trials(
        lambda r: (lambda v: same(v["dw"], corr(v["x"], dilate(v["d"], 2))))(_s2(r)), 650
    ),
    (DERIV, "\\operatorname{pad}_2(\\tilde{\\delta}) \\star F$$", 1): trials(
        lambda r: (lambda v: same(v["dx"], corr(pad(dilate(v["d"], 2), 2), v["f"])))(_s2(r)), 660
    ),
    (DERIV, "\\tilde{\\delta}_{p-m,\\, q-n}", 1): trials(_s2_dx_entries, 670),
    (DERIV, "$$\\tilde{\\delta} = \\begin{bmatrix}", 1): once(
        lambda: same(dilate(_DELTA, 2), [[1, 0, 2], [0, 0, 0], [-1, 0, 0]])
    ),
    (DERIV, "y el pixel $x_{3,1}$", 1): once(
        lambda: math.isclose(_DX_EX[3, 1], _DELTA[1, 0] * _FILT[1, 1])
    ),
    (DERIV, "y el pixel $x_{3,1}$", 2): arithmetic(_DELTA[1, 0] * _FILT[1, 1], 1),
    (DERIV, "$H_{sal} = \\frac{6-3}{2} + 1 = 2.5$", 1): once(
        lambda: conv_out(6, 3, 2) == (6 - 3) / 2 + 1
    ),
    (DERIV, "$H_{sal} = \\frac{6-3}{2} + 1 = 2.5$", 2): arithmetic((6 - 3) / 2 + 1, 2.5),
    (DERIV, "$H_{sal} = \\frac{6-3}{2} + 1 = 2.5$", 3): trials(
        lambda r: bool(np.all(_s2(r, h=6)["dx"][5, :] == 0)), 680
    ),
}


# --- leafnet_model_card.md: 3x64x64 input, the card's layers, counts of torch modules

LEAF = "leafnet_model_card"


def leafnet() -> torch.nn.Sequential:
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 5, stride=1, padding=2),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2, 2),
        torch.nn.Conv2d(16, 32, 3, stride=2, padding=1),
        torch.nn.ReLU(),
        torch.nn.Conv2d(32, 64, 3, stride=1, padding=0),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2, 2),
        torch.nn.Flatten(),
        torch.nn.Linear(3136, 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )


def _count(written: int, module: torch.nn.Module) -> bool:
    return written == params(module)


def _flatten_size() -> int:
    with torch.no_grad():
        return int(leafnet()[:9](torch.zeros(1, 3, 64, 64)).shape[-1])


def _conv1_activations(n: int) -> int:
    with torch.no_grad():
        return leafnet()[0](torch.zeros(n, 3, 64, 64)).numel()


LEAF_TRUTH: Anchored = {
    (LEAF, "$16 \\cdot 3 \\cdot 25 + 16 = 1216$", 1): once(
        lambda: 16 * 3 * 25 + 16 == 1216 and _count(1216, torch.nn.Conv2d(3, 16, 5))
    ),
    (LEAF, "$P_2 = 32 \\cdot 3 \\cdot 9 + 32 = 896$", 1): once(
        lambda: _count(32 * 3 * 9 + 32, torch.nn.Conv2d(16, 32, 3))
    ),
    (LEAF, "$P_2 = 32 \\cdot 3 \\cdot 9 + 32 = 896$", 2): arithmetic(32 * 3 * 9 + 32, 896),
    (LEAF, "$P_3 = 64 \\cdot 32 \\cdot 9 = 18432$", 1): once(
        lambda: _count(64 * 32 * 9, torch.nn.Conv2d(32, 64, 3))
    ),
    (LEAF, "$P_3 = 64 \\cdot 32 \\cdot 9 = 18432$", 2): arithmetic(64 * 32 * 9, 18432),
    (LEAF, "$64 \\cdot 7 \\cdot 7 = 3136$", 1): once(lambda: 64 * 7 * 7 == 3136 == _flatten_size()),
    (LEAF, "$3136 \\cdot 128 + 128 = 401536$", 1): once(
        lambda: 3136 * 128 + 128 == 401536 and _count(401536, torch.nn.Linear(3136, 128))
    ),
    (LEAF, "$H_2 = \\lceil", 1): once(
        lambda: conv_out(32, 3, 2, 1) == math.ceil((32 + 2 - 3) / 2) + 1
    ),
    (LEAF, "$H_2 = \\lceil", 2): arithmetic(math.ceil((32 + 2 - 3) / 2) + 1, 17),
    (LEAF, "$\\text{Total} = ", 1): once(
        lambda: _count(1216 + 896 + 18432 + 401536 + 1290, leafnet())
    ),
    (LEAF, "$\\text{Total} = ", 2): arithmetic(1216 + 896 + 18432 + 401536 + 1290, 423370),
    (LEAF, "$H_1 = 64 - 5 = 59$", 1): once(lambda: conv_out(64, 5) == 64 - 5),
    (LEAF, "$H_1 = 64 - 5 = 59$", 2): arithmetic(64 - 5, 59),
    (LEAF, "For a training batch of $N = 32$", 2): once(
        lambda: 32 * 16 * 64 * 64 == 2097152 == _conv1_activations(32)
    ),
}

NOTES_C: Anchored = {**IM2COL_TRUTH, **DERIV_TRUTH, **LEAF_TRUTH}
