"""Independent truth for the fresh43 unseen set (tests/data/check/unseen/fresh43/): the notes
lab_report_conv3d_video_clips, foro_convolucion_agrupada_groups,
qiita_maxpool_2x2_tede_gyakudenpa and lecture_multichannel_conv_gradients_indices (the other
three live in unseen_fresh43_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or multiplying
mismatched shapes (ValueError) disagrees; where a note declares zeros outside a range those
entries read as zero.  A link between two written numbers is arithmetic; a size or count named
on the left must equal the true one.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
    conv,
    conv_out,
    corr,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh43"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def corr3(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 3-D cross-correlation in NumPy: out[t,i,j] = sum of k times the window at t,i,j."""
    win = np.lib.stride_tricks.sliding_window_view(a, k.shape)
    return np.einsum("tijabc,abc->tij", win, k)


# --- lab_report_conv3d_video_clips.md (English lab report): Conv3d(3, 16, 3, stride (1, 2, 2),
# padding 1) -> Conv3d(16, 32, 3) -> MaxPool3d((1, 2, 2)) on 3 x 16 x 112 x 112; section 4 is
# one channel, x[t,i,j] = t + i + j on 3 x 3 x 3, a 2 x 2 x 2 kernel and L = sum(y).

LAB = "lab_report_conv3d_video_clips"


def _clip_shapes() -> list[tuple[int, ...]]:
    """(T, H, W) after each of the three layers (one channel suffices for the shapes: the
    output size of conv3d does not depend on the channel counts)."""
    h = torch.zeros(1, 1, 16, 112, 112, dtype=F64)
    out = []
    for layer in (
        nn.Conv3d(1, 1, 3, stride=(1, 2, 2), padding=1),
        nn.Conv3d(1, 1, 3),
        nn.MaxPool3d((1, 2, 2)),
    ):
        h = layer.double()(h)
        out.append(tuple(h.shape[2:]))
    return out


CLIP = _clip_shapes()
P_A = params(nn.Conv3d(3, 16, 3, stride=(1, 2, 2), padding=1))
P_B = params(nn.Conv3d(16, 32, 3))
P_21 = params(nn.Conv3d(16, 16, (1, 3, 3))) + params(nn.Conv3d(16, 32, (3, 1, 1)))
LAB_X = np.fromfunction(lambda t, i, j: t + i + j, (3, 3, 3))


def _conv3(x: np.ndarray, w: np.ndarray, g: np.ndarray | None = None) -> dict:
    """torch conv3d (one channel, valid) and the gradients of sum(y * g); g = ones by default."""
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv3d(xt[None, None], wt[None, None])[0, 0]
    g = np.ones(y.shape) if g is None else g
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}


LAB_V = _conv3(LAB_X, np.random.default_rng(4300).normal(size=(2, 2, 2)))  # w does not enter dw
R2 = range(2)


def _lab(rel: Callable[[dict], bool], seed: int, ones: bool = True) -> Truth:
    """Random x (3 x 3 x 3 with L = sum(y), or 5 x 4 x 6 with a random G) and a 2 x 2 x 2 or
    2 x 3 x 2 kernel."""

    def make(r: np.random.Generator) -> dict:
        if ones:
            return _conv3(r.normal(size=(3, 3, 3)), r.normal(size=(2, 2, 2)))
        x, w = r.normal(size=(5, 4, 6)), r.normal(size=(2, 3, 2))
        return _conv3(x, w, r.normal(size=(4, 2, 5)))

    return trials(lambda r: rel(make(r)), seed)


def _window_sums(x: np.ndarray) -> np.ndarray:
    """sum_{t,i,j in {0,1}} x[t+a, i+b, j+c], written out with strict indexing."""
    return np.array(
        [
            [
                [sum(at(x, t + a, i + b, j + c) for t in R2 for i in R2 for j in R2) for c in R2]
                for b in R2
            ]
            for a in R2
        ]
    )


LAB_CLAIMS = claims_of(
    LAB,
    {
        "T_a = \\left\\lfloor": [
            equal(CLIP[0][0], (16 + 2 - 3) // 1 + 1),
            equal((16 + 2 - 3) // 1 + 1, 16),
        ],
        "H_a = \\left\\lfloor": [
            equal(CLIP[0][1], (112 + 2 - 3) // 2 + 1),
            equal((112 + 2 - 3) // 2 + 1, 56),
        ],
        "$T_b = 16 - 3 + 1 = 14$": [equal(CLIP[1][0], 16 - 3 + 1), equal(16 - 3 + 1, 14)],
        "$T_c = 14 / 2 = 7$": [equal(CLIP[2][0], 14 / 2), equal(14 / 2, 7)],
        "$$P_a = 16": [equal(P_A, 16 * (3 * 3**3 + 1)), equal(16 * (3 * 3**3 + 1), 1312)],
        "$$P_b = 32": [equal(P_B, 32 * 16 * 27), equal(32 * 16 * 27, 13824)],
        "P_{2+1} = 2320": [equal(P_21, 2320 + 1536), equal(2320 + 1536, 3856)],
        "\\sum_{t=0}^{1}\\sum_{i=0}^{1}": [
            _lab(lambda v: same(v["dw"], _window_sums(v["x"])), 4301),
            single(
                lambda: same(
                    LAB_V["dw"],
                    np.fromfunction(lambda a, b, c: 8 * (a + b + c) + 12, (2, 2, 2)),
                )
            ),
        ],
        "which gives $\\frac": [
            single(lambda: math.isclose(LAB_V["dw"][0, 0, 0], 12)),
            single(lambda: math.isclose(LAB_V["dw"][1, 1, 1], 36)),
            single(lambda: math.isclose(LAB_V["dw"][1, 0, 1], 26)),
        ],
        "the centre voxel sits": [
            _lab(lambda v: math.isclose(v["dx"][1, 1, 1], v["w"].sum()), 4302),
            _lab(lambda v: math.isclose(v["dx"][0, 0, 0], v["w"][1, 1, 1]), 4303),
        ],
        "$$\\frac{\\partial L}{\\partial w} = x \\star G$$": [
            _lab(lambda v: same(v["dw"], corr3(v["x"], v["g"])), 4304, ones=False)
        ],
        "\\operatorname{pad}_{k-1}(G) \\star w$$": [
            _lab(
                lambda v: same(
                    v["dx"], corr3(np.pad(v["g"], [(k - 1, k - 1) for k in v["w"].shape]), v["w"])
                ),
                4305,
                ones=False,
            )
        ],
    },
)


# --- foro_convolucion_agrupada_groups.md (Spanish forum thread): nn.Conv2d(8, 16, 3, groups=g)
# on 32 x 32, 0-based; gamma(o) = floor(o g / C_out); PyTorch's groups are consecutive blocks.

FORO = "foro_convolucion_agrupada_groups"
CIN, COUT = 8, 16


def _grouped(r: np.random.Generator, g: int, side: int = 6) -> dict:
    """torch conv2d with groups=g on a random 8-channel input, 16 filters of 3 x 3."""
    x, w, b = (
        r.normal(size=(1, CIN, side, side)),
        r.normal(size=(COUT, CIN // g, 3, 3)),
        r.normal(size=COUT),
    )
    gr = r.normal(size=(1, COUT, side - 2, side - 2))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    z = F.conv2d(xt, wt, bt, groups=g)
    (z * t64(gr)).sum().backward()
    return {
        "g": g,
        "x": x[0],
        "w": w,
        "b": b,
        "G": gr[0],
        "z": z.detach().numpy()[0],
        "dx": xt.grad.numpy()[0],
        "dw": wt.grad.numpy(),
    }


def _foro(rel: Callable[[dict], bool], seed: int) -> Truth:
    """The note's groups=2 and groups=4, both on every trial."""
    return trials(lambda r: all(rel(_grouped(r, g)) for g in (2, 4)), seed)


def _gamma(o: int, g: int) -> int:
    return o * g // COUT


def _forward_blocks(v: dict) -> np.ndarray:
    cg, g = CIN // v["g"], v["g"]
    return np.array(
        [
            v["b"][o] + sum(corr(v["x"][_gamma(o, g) * cg + c], v["w"][o, c]) for c in range(cg))
            for o in range(COUT)
        ]
    )


def _forward_interleaved(v: dict) -> np.ndarray:
    cg, g = CIN // v["g"], v["g"]
    return np.array(
        [
            v["b"][o] + sum(corr(v["x"][c * g + _gamma(o, g)], v["w"][o, c]) for c in range(cg))
            for o in range(COUT)
        ]
    )


def _dw_blocks(v: dict) -> np.ndarray:
    cg, g = CIN // v["g"], v["g"]
    return np.array(
        [[corr(v["x"][_gamma(o, g) * cg + c], v["G"][o]) for c in range(cg)] for o in range(COUT)]
    )


def _dx_blocks(v: dict) -> np.ndarray:
    cg, g = CIN // v["g"], v["g"]
    return np.array(
        [
            sum(
                corr(pad(v["G"][o], 2), rot180(v["w"][o, m % cg]))
                for o in range(COUT)
                if _gamma(o, g) == m * g // CIN
            )
            for m in range(CIN)
        ]
    )


def _gconv(g: int, cin: int = CIN, cout: int = COUT, k: int = 3) -> torch.nn.Conv2d:
    return nn.Conv2d(cin, cout, k, groups=g)


M_G2 = flops_half(
    lambda: F.conv2d(
        torch.zeros(1, 8, 32, 32, dtype=F64), torch.zeros(16, 4, 3, 3, dtype=F64), groups=2
    )
)
_P_GRID = [
    (cin, cout, k, g)
    for cin, cout in ((4, 8), (8, 16), (12, 6))
    for k in (1, 3, 5)
    for g in (1, 2)
    if cin % g == 0 and cout % g == 0
]
# "everything is divided by g" agrees trivially at g = 1: judged at the note's g = 2 and g = 4
_P_GRID_G = [(cin, cout, k, g) for cin, cout in ((4, 8), (8, 16)) for k in (1, 3) for g in (2, 4)]

FORO_CLAIMS = claims_of(
    FORO,
    {
        "Pongamos nombres": [
            None,
            None,
            None,
            equal(_gconv(2).weight.shape[1], 8 / 2),
            equal(8 / 2, 4),
        ],
        "$$P_2 = 16": [equal(params(_gconv(2)), 16 * 4 * 3 * 3 + 16), equal(16 * 4 * 9 + 16, 592)],
        "$$P_4 = 16": [equal(params(_gconv(4)), 16 * 2 * 9 + 16), equal(16 * 2 * 9 + 16, 304)],
        "$P_1 = 16 \\cdot 8": [
            equal(params(_gconv(1)), 16 * 8 * 9 + 16),
            equal(16 * 8 * 9 + 16, 1168),
        ],
        "$$P = C_{out}\\left(": [
            grid(
                lambda ci, co, k, g: params(_gconv(g, ci, co, k)) == co * (ci // g * k * k + 1),
                [*_P_GRID, (8, 16, 3, 4)],
            )
        ],
        "X_{\\gamma(o)\\, C_{in}/g + c} \\star W_{o,c}$$": [
            _foro(lambda v: same(v["z"], _forward_blocks(v)), 4311)
        ],
        "\\partial W_{o,c}} = X_{\\gamma(o)": [_foro(lambda v: same(v["dw"], _dw_blocks(v)), 4312)],
        "\\sum_{o \\in \\mathcal{O}(m)}": [_foro(lambda v: same(v["dx"], _dx_blocks(v)), 4313)],
        "$$M_2 = 30^2": [equal(M_G2, 30**2 * 16 * 8 * 9), equal(30**2 * 16 * 8 * 9, 1036800)],
        "una forma rápida de acordarse": [
            grid(
                lambda ci, co, k, g: params(_gconv(g, ci, co, k)) == co * (ci * k * k + 1) / g,
                _P_GRID_G,
            ),
            equal(params(_gconv(4)), 1168 / 4),
            equal(1168 / 4, 292),
        ],
        "X_{c\\, g + \\gamma(o)} \\star W_{o,c}$$": [
            _foro(lambda v: same(v["z"], _forward_interleaved(v)), 4314)
        ],
        "El caso extremo": [
            equal(params(nn.Conv2d(8, 8, 3, groups=8)), 8 * 9 + 8),
            equal(8 * 9 + 8, 80),
            equal(params(nn.Conv2d(8, 16, 1)), 8 * 16),
            equal(8 * 16, 128),
            equal(params(nn.Conv2d(8, 8, 3, groups=8)) + params(nn.Conv2d(8, 16, 1)), 80 + 128),
            equal(80 + 128, 208),
        ],
    },
)


# --- qiita_maxpool_2x2_tede_gyakudenpa.md (Japanese Qiita post): nn.MaxPool2d(2, stride=2) on the
# note's 4 x 4 X with ties, G given, 0-based; ties go where torch's backward sends them.

QIITA = "qiita_maxpool_2x2_tede_gyakudenpa"
QX = np.array([[3.0, 1, 0, 2], [3, 2, 4, 1], [0, 1, 5, 6], [2, -1, 6, 1]])
QG = np.array([[2.0, -1], [3, 4]])


def _maxpool(x: np.ndarray, g: np.ndarray, avg: bool = False) -> dict:
    xt = t64(x, True)
    pool = F.avg_pool2d if avg else F.max_pool2d
    y = pool(xt[None, None], 2, 2)[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy()}


QV = _maxpool(QX, QG)


def _pool_side(h: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), 2, 2).shape[-1])


def _indicator_formula(v: dict) -> np.ndarray:
    x, y, g = v["x"], v["y"], v["g"]
    return np.array(
        [
            [g[p // 2, q // 2] * float(x[p, q] == y[p // 2, q // 2]) for q in range(4)]
            for p in range(4)
        ]
    )


QIITA_CLAIMS = claims_of(
    QIITA,
    {
        "出力サイズは畳み込みと同じ式で": [
            equal(_pool_side(4), (4 - 2) / 2 + 1),
            equal((4 - 2) / 2 + 1, 2),
        ],
        "$$Y = \\begin{bmatrix}": [single(lambda: same(QV["y"], [[3, 4], [2, 6]]))],
        "ちなみに入力が": [
            equal(_pool_side(5), math.ceil((5 - 2) / 2) + 1),
            equal(math.ceil((5 - 2) / 2) + 1, 3),
        ],
        "右上の窓は": [
            single(lambda: math.isclose(QV["dx"][1, 2], QG[0, 1])),
            single(lambda: math.isclose(QG[0, 1], 1)),
        ],
        "問題は同値の窓です": [
            single(lambda: math.isclose(QV["dx"][0, 0], 2)),
            single(lambda: math.isclose(QV["dx"][1, 0], 0)),
            single(lambda: math.isclose(QV["dx"][3, 2], 4)),
        ],
        "\\partial X} = \\begin{bmatrix}": [
            single(
                lambda: same(QV["dx"], [[2, 0, 0, 0], [0, 0, -1, 0], [0, 0, 0, 0], [3, 0, 4, 0]])
            )
        ],
        "検算として": [
            single(lambda: math.isclose(QV["dx"].sum(), QG.sum())),
            single(lambda: math.isclose(QG.sum(), 8)),
            single(lambda: np.count_nonzero(QV["dx"]) == 4),
        ],
        "\\mathbb{1}\\left[": [single(lambda: same(QV["dx"], _indicator_formula(QV)))],
        "\\frac{1}{4}\\, G": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["dx"],
                        [[v["g"][p // 2, q // 2] / 4 for q in range(4)] for p in range(4)],
                    )
                )(_maxpool(r.normal(size=(4, 4)), r.normal(size=(2, 2)), avg=True)),
                4321,
            )
        ],
    },
)


# --- lecture_multichannel_conv_gradients_indices.md (English lecture notes): 1-based, C = 2,
# F = 3, k = 2, n = 3; G_f zero outside 1..m (declared).  The 1-based formulas are evaluated
# as written, one subtracted only where a 1-based index reads a 0-based array.

LEC = "lecture_multichannel_conv_gradients_indices"
NC, NF, K, N_SIDE = 2, 3, 2, 3
M_SIDE = N_SIDE - K + 1


def _mc(r: np.random.Generator, batch: int = 1) -> dict:
    x, w, b = r.normal(size=(batch, NC, 3, 3)), r.normal(size=(NF, NC, K, K)), r.normal(size=NF)
    g = r.normal(size=(batch, NF, M_SIDE, M_SIDE))
    v = conv(x, w, b, g)
    return {"xs": x, "gs": g, "x": x[0], "w": w, "b": b, "g": g[0], **v}


def _lec(rel: Callable[[dict], bool], seed: int, batch: int = 1) -> Truth:
    return trials(lambda r: rel(_mc(r, batch)), seed)


ONE = range(1, K + 1)  # u, v = 1..k
OUT = range(1, M_SIDE + 1)  # i, j = 1..m
IN = range(1, N_SIDE + 1)  # p, q = 1..n


def _y(v: dict) -> np.ndarray:
    x, w, b = v["x"], v["w"], v["b"]
    return np.array(
        [
            [
                [
                    b[f]
                    + sum(
                        w[f, c, u - 1, vv - 1] * at(x[c], i + u - 2, j + vv - 2)
                        for c in range(NC)
                        for u in ONE
                        for vv in ONE
                    )
                    for j in OUT
                ]
                for i in OUT
            ]
            for f in range(NF)
        ]
    )


def _dw(v: dict) -> np.ndarray:
    x, g = v["x"], v["g"]
    return np.array(
        [
            [
                [
                    [
                        sum(
                            g[f, i - 1, j - 1] * at(x[c], i + u - 2, j + vv - 2)
                            for i in OUT
                            for j in OUT
                        )
                        for vv in ONE
                    ]
                    for u in ONE
                ]
                for c in range(NC)
            ]
            for f in range(NF)
        ]
    )


def _dx(v: dict) -> np.ndarray:
    g, w = v["g"], v["w"]
    return np.array(
        [
            [
                [
                    sum(
                        zat(g[f], p - u, q - vv) * w[f, c, u - 1, vv - 1]
                        for f in range(NF)
                        for u in ONE
                        for vv in ONE
                    )
                    for q in IN
                ]
                for p in IN
            ]
            for c in range(NC)
        ]
    )


def _dx_swapped(v: dict) -> np.ndarray:
    g, w = v["g"], v["w"]
    return np.array(
        [
            sum(corr(pad(g[f], K - 1), rot180(w[c, f])) for f in range(NF))  # W_{c,f} as written
            for c in range(NC)
        ]
    )


LEC_X1 = np.array([[1.0, 2, 0], [0, 1, 3], [2, -1, 1]])
LEC_X2 = np.array([[0.0, 1, 1], [2, 0, -1], [1, 1, 0]])
LEC_G1 = np.array([[1.0, 0], [-1, 2]])


def _lec_numbers() -> dict:
    """The worked example: filter 1's gradients need only X_1, X_2 and G_1 (the other filters'
    G and all weights are random: they do not enter)."""
    r = np.random.default_rng(4330)
    g = np.concatenate([LEC_G1[None], r.normal(size=(2, 2, 2))])[None]
    x = np.stack([LEC_X1, LEC_X2])[None]
    return conv(x, r.normal(size=(NF, NC, K, K)), r.normal(size=NF), g)


LEC_V = _lec_numbers()
_X1, _G1 = LEC_X1, LEC_G1
_TERMS_21 = (
    _G1[0, 0] * _X1[1, 0] + _G1[0, 1] * _X1[1, 1] + _G1[1, 0] * _X1[2, 0] + _G1[1, 1] * _X1[2, 1]
)

LEC_CLAIMS = claims_of(
    LEC,
    {
        "$$Y_f[i,j] = b_f": [_lec(lambda v: same(v["z"][0], _y(v)), 4331)],
        "for $i, j = 1": [
            None,
            equal(conv_out(N_SIDE, K), N_SIDE - K + 1),
            equal(3 - 2 + 1, 2),
        ],
        "Parameters: a weight per": [
            equal(params(nn.Conv2d(NC, NF, K)), NF * NC * K**2 + NF),
            equal(NF * NC * K**2 + NF, 24 + 3),
            equal(24 + 3, 27),
        ],
        "\\partial W_{f,c}[u,v]} = \\sum": [_lec(lambda v: same(v["dw"], _dw(v)), 4332)],
        "\\partial b_f} = \\sum_{c=1}^{C}": [
            _lec(lambda v: same(v["db"], [NC * v["g"][f].sum() for f in range(NF)]), 4333)
        ],
        "\\partial X_c[p,q]} = \\sum_{f=1}^{F}": [_lec(lambda v: same(v["dx"][0], _dx(v)), 4334)],
        "At the corners only one tap": [
            _lec(
                lambda v: math.isclose(
                    v["dx"][0, 0, 0, 0],
                    sum(v["g"][f, 0, 0] * v["w"][f, 0, 1, 1] for f in range(NF)),
                ),
                4338,
            ),
            _lec(
                lambda v: math.isclose(
                    v["dx"][0, 0, 2, 2],
                    sum(v["g"][f, 1, 1] * v["w"][f, 0, 1, 1] for f in range(NF)),
                ),
                4339,
            ),
        ],
        "\\operatorname{rot}_{180}(W_{c,f})": [
            _lec(lambda v: same(v["dx"][0], _dx_swapped(v)), 4335)
        ],
        "The weight gradient has one entry": [
            _lec(lambda v: v["dw"].size == NF * NC * K**2, 4336),
            equal(NF * NC * K**2, 3 * 2 * 2),
            equal(3 * 2 * 2, 12),
        ],
        "\\frac{1}{N} \\sum_{s=1}^{N}": [
            _lec(
                lambda v: same(
                    v["dw"],
                    [
                        [
                            sum(corr(v["xs"][s, c], v["gs"][s, f]) for s in range(4)) / 4
                            for c in range(NC)
                        ]
                        for f in range(NF)
                    ],
                ),
                4337,
                batch=4,
            )
        ],
        "\\partial W_{1,1}[2,1]} =": [
            single(lambda: math.isclose(LEC_V["dw"][0, 0, 1, 0], _TERMS_21)),
            single(lambda: math.isclose(_TERMS_21, 0 + 0 - 2 - 2)),
            equal(0 + 0 - 2 - 2, -4),
        ],
        "\\partial W_{1,1}} = \\begin{bmatrix}": [
            single(lambda: same(LEC_V["dw"][0, 0], [[3, 7], [-4, 4]])),
            single(lambda: same(LEC_V["dw"][0, 1], [[-2, -1], [3, 1]])),
        ],
        "The bias of filter 1 collects": [
            single(lambda: math.isclose(LEC_V["db"][0], 1 + 0 - 1 + 2)),
            equal(1 + 0 - 1 + 2, 2),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh43_truth_b import NOTES_B

    return {**LAB_CLAIMS, **FORO_CLAIMS, **QIITA_CLAIMS, **LEC_CLAIMS, **NOTES_B}
