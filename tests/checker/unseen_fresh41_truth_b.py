"""Independent truth for the fresh41 unseen set, second part: the notes
chuleta_padding_same_tamanos_salida, wiki_im2col_unrolled_conv_shapes and
pigai_zuoye5_juanji_fanxiang_suanzi (conventions as in unseen_fresh41_truth.py: NumPy / torch
autograd in float64, one bool per trial or per size, lines found from anchors)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh41_truth import Claims, claims_of
from unseen_truth_base import (
    F64,
    Truth,
    at,
    conv,
    conv_out,
    corr,
    dilate,
    equal,
    pad,
    rot180,
    same,
    single,
    t64,
    trials,
)

# --- chuleta_padding_same_tamanos_salida.md (Spanish cheat sheet): torch nn.Conv2d sides,
# symmetric padding p, stride s, dilation d; the table's rows on a 32 x 32 input.

CHU = "chuleta_padding_same_tamanos_salida"
_SIDE_SIZES = [
    (h, k, s, p, d)
    for h in (5, 8, 13, 32)
    for k in (1, 2, 3, 5)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    for d in (1, 2)
    if h + 2 * p >= d * (k - 1) + 1
]
_ODD = (1, 3, 5, 7)


def _row(k: int, s: int, p: int, d: int, written: int) -> list[Truth]:
    return [equal(conv_out(32, k, s, p, d), written)]


CHU_CLAIMS = claims_of(
    CHU,
    {
        "$$H_{out} = \\left\\lfloor": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                _SIDE_SIZES,
            )
        ],
        "Para paso 1 y sin dilatación": [
            # "same": the padding keeps the side, stride 1
            grid(
                lambda h, k: conv_out(h, k, 1, (k - 1) // 2) == h,
                [(h, k) for h in (5, 8, 13) for k in _ODD],
            ),
            grid(
                lambda h, k, d: conv_out(h, k, 1, (k - 1) // 2, d) == h,
                [(h, k, d) for h in (15, 20, 27) for k in (3, 5, 7) for d in (2, 3)],
            ),
        ],
        "| 1 | 3 | 1 | 1 | 1 |": _row(3, 1, 1, 1, 32),
        "| 2 | 5 | 1 | 2 | 1 |": _row(5, 1, 2, 1, 32),
        "| 3 | 3 | 2 | 1 | 1 |": _row(3, 2, 1, 1, 16),
        "| 4 | 3 | 1 | 2 | 2 |": _row(3, 1, 2, 2, 32),
        "| 5 | 7 | 2 | 3 | 1 |": _row(7, 2, 3, 1, 16),
        "| 6 | 3 | 1 | 1 | 2 |": _row(3, 1, 1, 2, 32),
        "| 7 | 4 | 2 | 1 | 1 |": _row(4, 2, 1, 1, 16),
        "| 8 | 5 | 1 | 2 | 2 |": _row(5, 1, 2, 2, 32),
        "| 9 | 1 | 2 | 0 | 1 |": _row(1, 2, 0, 1, 16),
        "| 10 | 2 | 1 | 0 | 1 |": _row(2, 1, 0, 1, 32),
        "| 11 | 5 | 3 | 2 | 1 |": _row(5, 3, 2, 1, 12),
        "\\left\\lceil \\frac{H}{2} \\right\\rceil$$": [
            grid(
                lambda h, k: conv_out(h, k, 2, (k - 1) // 2) == math.ceil(h / 2),
                [(h, k) for h in range(4, 14) for k in _ODD],
            )
        ],
        "Por ejemplo, con $H = 7$": [
            None,
            grid(
                lambda k: conv_out(7, k, 2, (k - 1) // 2) == math.ceil(7 / 2), [(k,) for k in _ODD]
            ),
            equal(math.ceil(7 / 2), 4),
        ],
    },
)


# --- wiki_im2col_unrolled_conv_shapes.md (English wiki): X (3, 8, 8), W (4, 3, 3, 3), b (4),
# stride 1, no padding; 1-based; X_col = F.unfold, W_row = W flattened, G = dL/dZ_row (4 x 36).

WIKI = "wiki_im2col_unrolled_conv_shapes"


def im2col(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(3, 8, 8)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = r.normal(size=(4, 6, 6))
    v = conv(x[None], w, b, g[None])
    xcol = F.unfold(t64(x[None]), 3)[0].numpy()
    wrow = w.reshape(4, 27)
    # dL/dX_col by autograd through the product itself
    xc = t64(xcol, True)
    (t64(wrow) @ xc * t64(g.reshape(4, 36))).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g.reshape(4, 36),
        "z": v["z"][0].reshape(4, 36),
        "dx": v["dx"][0],
        "dw": v["dw"].reshape(4, 27),
        "db": v["db"],
        "xcol": xcol,
        "wrow": wrow,
        "dxcol": xc.grad.numpy(),
    }


def _wk(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(im2col(r)), seed)


def _entry_formula(v: dict) -> bool:
    """The note's 1-based entry X_col[(c-1)k^2 + (u-1)k + v, (i-1)W_o + j] = X[c, i+u, j+v]."""
    x, xcol = v["x"], v["xcol"]
    return all(
        math.isclose(
            at(xcol, (c - 1) * 9 + (u - 1) * 3 + q - 1, (i - 1) * 6 + j - 1),
            at(x, c - 1, i + u - 1, j + q - 1),
        )
        for c in range(1, 4)
        for u in range(1, 4)
        for q in range(1, 4)
        for i in range(1, 7)
        for j in range(1, 7)
    )


_XCOL = F.unfold(torch.zeros(1, 3, 8, 8, dtype=F64), 3)[0]
_M = flops_half(
    lambda: F.conv2d(torch.zeros(1, 3, 8, 8, dtype=F64), torch.zeros(4, 3, 3, 3, dtype=F64))
)
_BATCH_COLS = int(np.prod(F.unfold(torch.zeros(16, 3, 8, 8, dtype=F64), 3).shape)) // 27

WIKI_CLAIMS = claims_of(
    WIKI,
    {
        "$$H_o = 8 - 3 + 1 = 6$$": [equal(conv_out(8, 3), 8 - 3 + 1), equal(8 - 3 + 1, 6)],
        "and likewise $W_o = 6$": [equal(conv_out(8, 3), 6)],
        "has $C k^2 = 27$ rows": [equal(_XCOL.shape[0], 27), equal(_XCOL.shape[1], 36)],
        "= X[c,\\, i+u,\\, j+v]$$": [_wk(_entry_formula, 4131)],
        "$$Z_{row} = W_{row} X_{col}": [
            _wk(lambda v: same(v["z"], v["wrow"] @ v["xcol"] + np.outer(v["b"], np.ones(36))), 4132)
        ],
        "$$M = F \\cdot C k^2": [equal(_M, 4 * 27 * 36), equal(4 * 27 * 36, 3888)],
        "The price is memory": [equal(_XCOL.numel() / (3 * 8 * 8), 3**2), equal(3**2, 9)],
        "\\partial W_{row}} = G X_{col}^\\top$$": [
            _wk(lambda v: same(v["dw"], v["g"] @ v["xcol"].T), 4133)
        ],
        "\\partial X_{col}} = W_{row}^\\top G$$": [
            _wk(lambda v: same(v["dxcol"], v["wrow"].T @ v["g"]), 4134)
        ],
        "and the bias, which is added": [
            _wk(lambda v: same(v["db"], np.ones(v["g"].shape[0]) @ v["g"]), 4135)
        ],
        "\\operatorname{col2im}": [
            _wk(
                lambda v: same(v["dx"], F.fold(t64(v["dxcol"])[None], (8, 8), 3)[0].numpy()),
                4136,
            )
        ],
        "In the review someone asked": [_wk(lambda v: same(v["dw"], v["xcol"] @ v["g"].T), 4137)],
        "With stride 2 and padding 1": [
            equal(conv_out(8, 3, 2, 1), (8 + 2 - 3) // 2 + 1),
            equal((8 + 2 - 3) // 2 + 1, 5),
        ],
        "For a batch we put": [None, equal(_BATCH_COLS, 16 * 36), equal(16 * 36, 576)],
    },
)


# --- pigai_zuoye5_juanji_fanxiang_suanzi.md (Chinese grader's comments): valid cross-correlation
# star, 0-based, Y = X star W + b, G = dL/dY; pad_p, dil_s, rot180 as the note defines them.

PIGAI = "pigai_zuoye5_juanji_fanxiang_suanzi"
_ONE_SIZES = ((5, 3), (6, 2))
_STRIDE_SIZES = ((7, 3), (9, 3), (9, 5))  # the last window ends on the last row


def single_channel(r: np.random.Generator, h: int, k: int, s: int = 1, n: int = 1) -> dict:
    x, w, b = r.normal(size=(n, 1, h, h)), r.normal(size=(1, 1, k, k)), r.normal(size=1)
    o = (h - k) // s + 1
    g = r.normal(size=(n, 1, o, o))
    v = conv(x, w, b, g, stride=s)
    return {
        "x": x[0, 0],
        "w": w[0, 0],
        "g": g[0, 0],
        "gs": g[:, 0],
        "k": k,
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
        "db": float(v["db"][0]),
    }


def _pg(rel: Callable[[dict], bool], seed: int, s: int = 1, n: int = 1) -> Truth:
    sizes = _STRIDE_SIZES if s > 1 else _ONE_SIZES
    return trials(lambda r: all(rel(single_channel(r, h, k, s, n)) for h, k in sizes), seed)


def multi_channel(r: np.random.Generator) -> dict:
    """C = 2 input channels, F = 3 filters of 3 x 3 on 6 x 6, a batch of 2."""
    x, w, b = r.normal(size=(2, 2, 6, 6)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
    g = r.normal(size=(2, 3, 4, 4))
    v = conv(x, w, b, g)
    return {"x": x, "w": w, "g": g, **{key: v[key] for key in ("dx", "dw", "db")}}


def _mc(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(multi_channel(r)), seed)


PG_X = np.array([[2.0, 1, 0], [-1, 3, 1], [0, 2, -2]])
PG_W = np.array([[1.0, -1], [2, 0]])
PG_G = np.array([[1.0, 2], [-1, 1]])
PG_V = conv(PG_X[None, None], PG_W[None, None], np.zeros(1), PG_G[None, None])

PIGAI_CLAIMS = claims_of(
    PIGAI,
    {
        "(a) $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}(G) \\star W$": [
            _pg(lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 1), v["w"])), 4141)
        ],
        "(b) $\\frac{\\partial L}{\\partial W} = X \\star G$": [
            _pg(lambda v: same(v["dw"], corr(v["x"], v["g"])), 4142)
        ],
        "(c) 对一个批次": [None, _pg(lambda v: math.isclose(v["db"], v["gs"].sum()), 4143, n=3)],
        "(d) 补零后的边长": [
            grid(
                lambda h, k: (
                    pad(np.zeros((h - k + 1, h - k + 1)), k - 1).shape[0]
                    == (h - k + 1) + 2 * (k - 1)
                    == h + k - 1
                ),
                [(h, k) for h in (3, 5, 8) for k in (1, 2, 3) if k <= h],
            )
        ],
        "(e) 学生在旁边注明": [
            _pg(lambda v: same(v["dx"], corr(pad(v["g"], v["k"]), rot180(v["w"]))), 4144)
        ],
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}(G)": [
            _pg(lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 1), rot180(v["w"]))), 4145)
        ],
        "(a) 输入梯度与第 1 题相同": [
            _pg(lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 1), rot180(v["w"]))), 4146, s=2)
        ],
        "(b) 权重梯度要把": [
            _pg(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 4147, s=2)
        ],
        "\\partial X_c} = \\sum_{f=1}^{F}": [
            _mc(
                lambda v: all(
                    same(
                        v["dx"][n, c],
                        sum(corr(pad(v["g"][n, f], 2), rot180(v["w"][f, c])) for f in range(3)),
                    )
                    for n in range(2)
                    for c in range(2)
                ),
                4148,
            )
        ],
        "(b) $\\frac{\\partial L}{\\partial W_{f,c}}": [
            _mc(
                lambda v: all(
                    same(
                        v["dw"][f, c],
                        sum(corr(v["x"][n, f], v["g"][n, c]) for n in range(2)),
                    )
                    for f in range(3)
                    for c in range(2)
                ),
                4149,
            )
        ],
        "(c) $\\frac{\\partial L}{\\partial b_f}": [
            _mc(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 4150)
        ],
        "\\begin{bmatrix} 8 & -1": [single(lambda: same(PG_V["dw"][0, 0], [[8, -1], [7, 1]]))],
        "\\partial b} = 1 + 2 - 1 + 1 = 3$$": [
            single(lambda: math.isclose(float(PG_V["db"][0]), 1 + 2 - 1 + 1)),
            equal(1 + 2 - 1 + 1, 3),
        ],
        "\\begin{bmatrix} 0 & 2 & 4": [
            single(lambda: same(PG_V["dx"][0, 0], [[0, 2, 4], [-1, -3, 4], [1, -2, 1]]))
        ],
        "可以用左上角验证": [
            single(lambda: math.isclose(PG_V["dx"][0, 0, 0, 0], PG_G[0, 0] * PG_W[0, 0])),
            equal(PG_G[0, 0] * PG_W[0, 0], 1),
        ],
    },
)

NOTES_B: Claims = {**CHU_CLAIMS, **WIKI_CLAIMS, **PIGAI_CLAIMS}
