"""Independent truth for the fresh46 unseen set, second part: the notes
gangui_noteu_1d_hapseonggop_tekseuteu, lab_notebook_numpy_conv2d_stride2_pad1 and
slides_transcript_pooling_max_vs_average (conventions as in unseen_fresh46_truth.py, which
merges this table into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    conv,
    conv_out,
    corr,
    dilate,
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
SET = "fresh46"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- gangui_noteu_1d_hapseonggop_tekseuteu.md (Korean lecture notes): nn.Conv1d(4, 2, 3), tensors
# (batch, channel, length), 0-based; X[c, t], W[o, c, j]; G zero outside 0..L_out-1 where a
# formula reads it there (the notes' sums run over the valid positions).


def _c1(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray) -> dict:
    """torch conv1d on a batch x (N, C, L) and the gradients of sum(y * g)."""
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv1d(xt, wt, bt)
    (y * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


KX = np.array([[1.0, 0, 2, -1, 1], [0, 2, 1, 0, -1], [-1, 1, 0, 2, 0], [2, 0, -1, 1, 1]])
KW = np.array(
    [
        [[1.0, 0, -1], [0, 1, 0], [2, 0, 0], [0, -1, 1]],
        [[0.0, 1, 0], [1, 0, -1], [0, 0, 1], [1, 1, 0]],
    ]
)
KB = np.array([0.5, -1])
KG = np.array([[1.0, -1, 2], [0, 3, 1]])
KV = _c1(KX[None], KW, KB, KG[None])


def _ko(rel: Callable[[dict], bool], seed: int, n: int = 1, length: int = 7) -> Truth:
    def make(r: np.random.Generator) -> dict:
        x, w, b = r.normal(size=(n, 4, length)), r.normal(size=(2, 4, 3)), r.normal(size=2)
        return _c1(x, w, b, r.normal(size=(n, 2, length - 2)))

    return trials(lambda r: rel(make(r)), seed)


def _ko_y(v: dict) -> np.ndarray:
    x, w, b = v["x"][0], v["w"], v["b"]
    lo = x.shape[1] - 2
    return np.array(
        [
            [
                b[o] + sum(w[o, c, j] * x[c, t + j] for c in range(4) for j in range(3))
                for t in range(lo)
            ]
            for o in range(2)
        ]
    )


def _ko_dw(v: dict, n: int = 1) -> np.ndarray:
    x, g = v["x"], v["g"]
    lo = g.shape[2]
    return np.array(
        [
            [
                [
                    sum(g[s, o, t] * x[s, c, t + j] for s in range(n) for t in range(lo))
                    for j in range(3)
                ]
                for c in range(4)
            ]
            for o in range(2)
        ]
    )


def _ko_dx_written(v: dict) -> np.ndarray:
    """The notes' dL/dX[c, s] = sum_o sum_j G[o, s + j] W[o, c, j] (G zero past its end)."""
    g, w = v["g"][0], v["w"]
    return np.array(
        [
            [
                sum(zat(g, o, s + j) * w[o, c, j] for o in range(2) for j in range(3))
                for s in range(v["x"].shape[2])
            ]
            for c in range(4)
        ]
    )


def _len1(length: int, k: int, p: int) -> int:
    y = F.conv1d(torch.zeros(1, 1, length, dtype=F64), torch.zeros(1, 1, k, dtype=F64), padding=p)
    return int(y.shape[-1])


def _receptive_field() -> int:
    """Input tokens one output of two stacked k = 3 Conv1d layers depends on (nonzero
    gradient of the middle output, random weights)."""
    r = np.random.default_rng(4650)
    x = t64(r.normal(size=(1, 1, 11)), True)
    w1, w2 = t64(r.normal(size=(1, 1, 3))), t64(r.normal(size=(1, 1, 3)))
    y = F.conv1d(F.conv1d(x, w1), w2)
    y[0, 0, 3].backward()
    return int(np.count_nonzero(x.grad.numpy()))


KO = "gangui_noteu_1d_hapseonggop_tekseuteu"
KO_OUT = F.conv1d(torch.zeros(8, 4, 10, dtype=F64), torch.zeros(2, 4, 3, dtype=F64)).shape
KO_CLAIMS = claims_of(
    KO,
    {
        "이고, 배치 $N = 8$": [
            None,
            None,
            None,
            lambda: [tuple(KO_OUT) == (8, 2, 10 - 3 + 1)],
            equal(10 - 3 + 1, 8),
        ],
        "파라미터 수는 필터마다": [
            equal(params(nn.Conv1d(4, 2, 3)), 2 * (4 * 3 + 1)),
            equal(2 * (4 * 3 + 1), 26),
        ],
        "길이를 그대로 유지하려면": [
            None,
            lambda: [_len1(10, 3, (3 - 1) // 2) == 10 and (3 - 1) / 2 == 1],
            equal((3 - 1) / 2, 1),
            None,
            lambda: [_len1(10, 4, 4 // 2) == 10],
            equal(4 / 2, 2),
        ],
        "$$Y[o, t] = b_o": [_ko(lambda v: same(v["y"][0], _ko_y(v)), 4651)],
        "채널별로 나눠 더하면": [
            single(lambda: close(KV["y"][0, 0, 0], 0.5 + (-1) + 2 + (-2) + (-1))),
            equal(0.5 + (-1) + 2 + (-2) + (-1), -1.5),
        ],
        "두 번째 필터의 마지막 위치도": [
            single(lambda: close(KV["y"][0, 1, 2], -1 + 2 + 0 + 0)),
            equal(-1 + 2 + 0 + 0, 1),
        ],
        "\\partial W[o, c, j]} = \\sum_{t=0}": [_ko(lambda v: same(v["dw"], _ko_dw(v)), 4652)],
        "예: $\\frac": [
            single(lambda: close(KV["dw"][0, 1, 2], 1 * 1 + (-1) * 0 + 2 * 2)),
            equal(1 * 1 + (-1) * 0 + 2 * 2, 5),
        ],
        "\\partial W[1]} = \\begin{bmatrix}": [
            single(lambda: same(KV["dw"][1], [[2, 5, -2], [7, 3, 1], [3, 2, 6], [-1, -2, 4]]))
        ],
        "편향은 위치에 대해서만": [
            _ko(lambda v: same(v["db"], v["g"][0].sum(axis=1)), 4653),
            single(lambda: close(KV["db"][0], 1 - 1 + 2)),
            equal(1 - 1 + 2, 2),
        ],
        "\\partial X[c, s]} = \\sum_{o=0}^{1}": [
            _ko(lambda v: same(v["dx"][0], _ko_dx_written(v)), 4654)
        ],
        "배치가 있고 손실이": [_ko(lambda v: same(v["dw"], _ko_dw(v, 3)), 4655, n=3)],
        "을 두 개 쌓으면": [
            None,
            equal(_receptive_field(), 2 * 3),
            equal(2 * 3, 6),
        ],
    },
)


# --- lab_notebook_numpy_conv2d_stride2_pad1.md (English notebook): F.conv2d(stride=2, padding=1)
# on the 5 x 5 X with the 3 x 3 W, G = dL/dY (3 x 3) given, 0-based; star valid, star_2 strided.

LB = "lab_notebook_numpy_conv2d_stride2_pad1"
LX = np.array(
    [
        [2.0, 1, 1, 2, 0],
        [1, 2, -1, -2, -1],
        [-1, 2, 2, -2, 0],
        [2, -2, 1, -2, 0],
        [2, -1, -1, -1, 1],
    ]
)
LW = np.array([[0.0, 1, -1], [1, 2, 0], [-1, 0, 1]])
LG = np.array([[2.0, 2, 1], [1, 0, 2], [0, -1, 2]])


def _s2(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    v = conv(x[None, None], w[None, None], np.zeros(1), g[None, None], stride=2, padding=1)
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": v["z"][0, 0],
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
        "db": float(v["db"][0]),
    }


LV = _s2(LX, LW, LG)


def _lb(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(
        lambda r: rel(_s2(r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(3, 3)))),
        seed,
    )


def _lb_y(v: dict) -> np.ndarray:
    """The notebook's Y[i,j] as written, W[u,v] X[2i+u, 2j+v], X zero outside (declared)."""
    x, w = v["x"], v["w"]
    return np.array(
        [
            [
                sum(w[u, vv] * zat(x, 2 * i + u, 2 * j + vv) for u in range(3) for vv in range(3))
                for j in range(3)
            ]
            for i in range(3)
        ]
    )


X_, W_, G_ = LX, LW, LG
_CENTRE = sum(G_[i, j] * X_[2 * i, 2 * j] for i in range(3) for j in range(3))
_Y22 = X_[3, 3] * W_[1, 1] + X_[3, 4] * W_[1, 2] + X_[4, 3] * W_[2, 1] + X_[4, 4] * W_[2, 2]
_Y00 = X_[0, 0] * W_[1, 1] + X_[0, 1] * W_[1, 2] + X_[1, 0] * W_[2, 1] + X_[1, 1] * W_[2, 2]
_DX11 = G_[0, 0] * W_[2, 2] + G_[1, 1] * W_[0, 0]
LB_CLAIMS = claims_of(
    LB,
    {
        "Expected output side": [
            equal(conv_out(5, 3, 2, 1), math.floor((5 + 2 * 1 - 3) / 2) + 1),
            equal(math.floor((5 + 2 * 1 - 3) / 2) + 1, 3),
        ],
        "X[2i + u,\\, 2j + v]$$": [_lb(lambda v: same(v["y"], _lb_y(v)), 4661)],
        "Sanity check by hand": [single(lambda: close(LV["y"][0, 0], _Y00)), equal(_Y00, 6)],
        "Bottom-right corner": [single(lambda: close(LV["y"][2, 2], _Y22)), equal(_Y22, -3)],
        "\\operatorname{pad}_1(X) \\star \\operatorname{dil}_2(G)$$": [
            _lb(lambda v: same(v["dw"], corr(pad(v["x"], 1), dilate(v["g"], 2))), 4662)
        ],
        "(Which should be the same": [
            _lb(lambda v: same(v["dw"], corr(pad(v["x"], 1), v["g"])[::2, ::2]), 4663)
        ],
        "\\begin{bmatrix} -6 & -2 & 4": [
            single(lambda: same(LV["dw"], [[-6, -2, 4], [-1, 8, 9], [-2, 1, -2]]))
        ],
        "Centre tap": [
            single(lambda: close(LV["dw"][1, 1], _CENTRE)),
            equal(_CENTRE, 8),
            single(lambda: close(LV["db"], LG.sum())),
            equal(LG.sum(), 9),
        ],
        "Input gradient: dilate": [equal(3 - 1 - 1, 1)],
        "\\operatorname{pad}_1(\\operatorname{dil}_2(G)) \\star": [
            _lb(lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["w"]))), 4664)
        ],
        "By hand: $X[0,0]$": [
            single(lambda: close(LV["dx"][0, 0], G_[0, 0] * W_[1, 1])),
            equal(G_[0, 0] * W_[1, 1], 4),
            single(lambda: close(LV["dx"][1, 1], _DX11)),
            equal(_DX11, 2),
        ],
        "Quick invariant": [single(lambda: close(LV["dx"].sum(), LG.sum() * LW.sum()))],
        "Next week": [
            equal(conv_out(6, 3, 2, 1), math.floor((6 + 2 - 3) / 2) + 1),
            equal(math.floor((6 + 2 - 3) / 2) + 1, 4),
        ],
    },
)


# --- slides_transcript_pooling_max_vs_average.md (English slides): single channel, 0-based;
# nn.MaxPool2d / AvgPool2d(2, 2) on the 4 x 4 X, G given; global pooling with
# nn.AdaptiveMaxPool2d(1) / AdaptiveAvgPool2d(1); ties go where torch's backward sends them.

SL = "slides_transcript_pooling_max_vs_average"
SX = np.array([[1.0, 3, 2, 0], [3, 0, 1, 4], [2, 2, 5, 1], [0, 1, 5, 3]])
SG = np.array([[1.0, 2], [-1, 3]])
SZ = np.array(
    [[1.0, 0, 2, 1, 0], [0, 3, 1, 2, 1], [2, 1, 9, 0, 3], [1, 2, 0, 4, 1], [0, 1, 3, 1, 2]]
)
SG2 = np.array([[1.0, 2], [3, 4]])


def _pool(x: np.ndarray, g: np.ndarray, op: Callable, **kw: object) -> dict:
    xt = t64(x, True)
    y = op(xt[None, None], **kw)[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy()}


def _mx(x: np.ndarray, g: np.ndarray) -> dict:
    return _pool(x, g, F.max_pool2d, kernel_size=2, stride=2)


def _av(x: np.ndarray, g: np.ndarray) -> dict:
    return _pool(x, g, F.avg_pool2d, kernel_size=2, stride=2)


SMX, SAV = _mx(SX, SG), _av(SX, SG)
SGLOBAL = _pool(SX, np.array([[1.5]]), F.adaptive_max_pool2d, output_size=1)
SOVER = _pool(SZ, SG2, F.max_pool2d, kernel_size=3, stride=2)


def _side(h: int, k: int, s: int, p: int = 0, ceil: bool = False) -> int:
    y = F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s, padding=p, ceil_mode=ceil)
    return int(y.shape[-1])


# PyTorch pools need padding <= k / 2; the slide's rules are for s <= k (windows that tile or
# overlap), the usual pooling setting
_P_GRID = [(h, k, s) for h in (5, 6, 7, 8, 11) for k in (2, 3, 4) for s in (1, 2, 3) if s <= k]


def _onehot(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(4, 4)), r.normal()
    v = _pool(x, np.array([[g]]), F.adaptive_max_pool2d, output_size=1)
    hot = np.zeros((4, 4))
    hot[np.unravel_index(np.argmax(x), x.shape)] = 1
    return same(v["dx"], g * hot)


SL_CLAIMS = claims_of(
    SL,
    {
        "No parameters in either": [
            lambda: [params(nn.MaxPool2d(2)) == 0 and params(nn.AvgPool2d(2)) == 0]
        ],
        "Y_{max} = \\begin{bmatrix}": [
            single(lambda: same(SMX["y"], [[3, 4], [2, 5]])),
            single(lambda: same(SAV["y"], [[1.75, 1.75], [1.25, 3.5]])),
        ],
        "the max dominates the mean": [
            trials(
                lambda r: (lambda x: bool(np.all(_mx(x, SG)["y"] >= _av(x, SG)["y"])))(
                    r.normal(size=(4, 4))
                ),
                4671,
            )
        ],
        "Top-left window": [
            single(lambda: close(SMX["dx"][0, 1], SG[0, 0])),
            equal(SG[0, 0], 1),
            single(lambda: close(SMX["dx"][1, 0], 0)),
        ],
        "Bottom-right window": [
            single(lambda: close(SMX["dx"][3, 2], SG[1, 1])),
            equal(SG[1, 1], 3),
        ],
        "Every input of a window gets": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["dx"], [[v["g"][p // 2, q // 2] / 4 for q in range(4)] for p in range(4)]
                    )
                )(_av(r.normal(size=(4, 4)), r.normal(size=(2, 2)))),
                4672,
            ),
            single(lambda: close(SAV["dx"][3, 3], 3 / 4)),
        ],
        "Global max pooling, `nn.AdaptiveMaxPool2d(1)`": [
            None,
            single(lambda: close(float(SGLOBAL["y"][0, 0]), 5)),
            None,
            trials(_onehot, 4673),
        ],
        "splits a tie evenly": [
            single(lambda: close(SGLOBAL["dx"][2, 2], SGLOBAL["dx"][3, 2])),
            single(lambda: close(SGLOBAL["dx"][3, 2], 1.5 / 2)),
        ],
        "every pixel receives the full upstream value": [
            None,
            trials(
                lambda r: (
                    lambda g: same(
                        _pool(
                            r.normal(size=(4, 4)),
                            np.array([[g]]),
                            F.adaptive_avg_pool2d,
                            output_size=1,
                        )["dx"],
                        np.full((4, 4), g),
                    )
                )(r.normal()),
                4674,
            ),
        ],
        "Without padding, floor mode gives": [
            grid(lambda h, k, s: _side(h, k, s) == (h - k) // s + 1, _P_GRID),
            grid(lambda h, k, s: _side(h, k, s, ceil=True) == math.ceil((h - k) / s) + 1, _P_GRID),
        ],
        "on $8 \\times 8$: floor mode": [
            lambda: [_side(8, 3, 2) == math.floor((8 - 3) / 2) + 1 == 3],
            lambda: [_side(8, 3, 2, ceil=True) == math.ceil((8 - 3) / 2) + 1 == 4],
        ],
        "With padding the same rule": [
            equal(_side(5, 2, 2, 1, True), math.ceil((5 + 2 - 2) / 2) + 1),
            equal(math.ceil((5 + 2 - 2) / 2) + 1, 4),
        ],
        "**Slide 8": [None, None],
        "$$Z = \\begin{bmatrix}": [None, None],
        "The centre 9 is the maximum": [
            single(lambda: close(SOVER["dx"][2, 2], 1 + 2 + 3 + 4)),
            equal(1 + 2 + 3 + 4, 10),
        ],
    },
)

NOTES_B: Claims = {**KO_CLAIMS, **LB_CLAIMS, **SL_CLAIMS}
