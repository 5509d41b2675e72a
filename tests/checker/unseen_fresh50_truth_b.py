"""Independent truth for the fresh50 unseen set, second part: the notes
lab_report_conv1d_gradient_check, gangui_noteu_gajungchi_gradient_correlation and
blog_convolucao_3x3_passo_a_passo (conventions as in unseen_fresh50_truth.py, which merges this
table into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
from unseen_truth_base import (
    Truth,
    anchored_claims,
    conv,
    conv_out,
    corr,
    equal,
    pad,
    params,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh50"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- lab_report_conv1d_gradient_check.md (English lab report): nn.Conv1d(2, 3, 3, padding=1) on
# N = 2 sequences of length T = 5, 0-based; x zero outside 0..T-1 and g zero outside 0..T_out-1,
# as the note declares.

LAB = "lab_report_conv1d_gradient_check"
N, CI, CO, K, T = 2, 2, 3, 3, 5


def _conv1(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray | None, **kw: int) -> dict:
    """torch conv1d and the gradients of sum(y * g) (g = ones: L = sum of the outputs)."""
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv1d(xt, wt, bt, **kw)
    g = np.ones(y.shape) if g is None else g
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


def _lab_random(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(N, CI, T)), r.normal(size=(CO, CI, K)), r.normal(size=CO)
    return _conv1(x, w, b, r.normal(size=(N, CO, T)), padding=1)


def _lab(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_lab_random(r)), seed)


def _length(t: int, s: int, p: int) -> int:
    y = F.conv1d(
        torch.zeros(1, 1, t, dtype=torch.float64),
        torch.zeros(1, 1, 3, dtype=torch.float64),
        stride=s,
        padding=p,
    )
    return int(y.shape[-1])


def _y_sum(v: dict) -> np.ndarray:
    x, w, b = v["x"], v["w"], v["b"]
    return np.array(
        [
            [
                [
                    b[o]
                    + sum(w[o, c, u] * zat(x[n, c], t + u - 1) for c in range(CI) for u in range(K))
                    for t in range(T)
                ]
                for o in range(CO)
            ]
            for n in range(N)
        ]
    )


def _dw_sum(v: dict) -> np.ndarray:
    x, g = v["x"], v["g"]
    return np.array(
        [
            [
                [
                    sum(g[n, o, t] * zat(x[n, c], t + u - 1) for n in range(N) for t in range(T))
                    for u in range(K)
                ]
                for c in range(CI)
            ]
            for o in range(CO)
        ]
    )


def _dx_as_written(v: dict) -> np.ndarray:
    """sum_o sum_u g[n,o,t+u-1] w[o,c,u], g read as zero outside (declared)."""
    g, w = v["g"], v["w"]
    return np.array(
        [
            [
                [
                    sum(zat(g[n, o], t + u - 1) * w[o, c, u] for o in range(CO) for u in range(K))
                    for t in range(T)
                ]
                for c in range(CI)
            ]
            for n in range(N)
        ]
    )


LAB_X = np.array([[[1.0, 2, 0, -1, 3], [0, 1, 1, 2, -2]], [[2.0, -1, 1, 0, 1], [1, 0, -1, 1, 2]]])
LAB_W = np.array([[[1.0, 0, -1], [2, 1, 0]], [[0.0, 1, 1], [-1, 0, 1]], [[1.0, 1, 1], [0, -2, 1]]])
LAB_V = _conv1(LAB_X, LAB_W, np.zeros(CO), None, padding=1)  # the bias does not enter the grads
_W_SUM0, _W_SUM1 = LAB_W[:, 0].sum(axis=0), LAB_W[:, 1].sum(axis=0)


def _every(rows: np.ndarray, expected: list[float]) -> bool:
    return all(same(row, expected) for row in rows)


def _mean_loss_grad(r: np.random.Generator) -> bool:
    """The gradient of mean(y) against the gradient of sum(y), divided by the 30 outputs."""
    x, w, b = r.normal(size=(N, CI, T)), r.normal(size=(CO, CI, K)), r.normal(size=CO)
    wt = t64(w, True)
    y = F.conv1d(t64(x), wt, t64(b), padding=1)
    y.mean().backward()
    summed = _conv1(x, w, b, None, padding=1)["dw"]
    return y.numel() == 30 and same(wt.grad.numpy(), summed / 30)


LAB_CLAIMS = claims_of(
    LAB,
    {
        "So $N = 2$": [
            None,
            None,
            None,
            None,
            None,
            equal(_length(5, 1, 1), (5 + 2 - 3) / 1 + 1),
            equal((5 + 2 - 3) / 1 + 1, 5),
            equal(params(nn.Conv1d(2, 3, 3, padding=1)), 3 * 2 * 3 + 3),
            equal(3 * 2 * 3 + 3, 21),
            equal(_length(5, 2, 1), (5 - 3) // 2 + 1),
            equal((5 - 3) // 2 + 1, 2),
        ],
        "$$y[n,o,t] = b_o": [_lab(lambda v: same(v["y"], _y_sum(v)), 5031)],
        "\\partial w[o,c,u]} = \\sum_{n=0}^{N-1}": [
            _lab(lambda v: same(v["dw"], _dw_sum(v)), 5032)
        ],
        "\\partial b_o} = \\sum_{n=0}^{N-1}": [
            _lab(lambda v: same(v["db"], v["g"].sum(axis=(0, 2))), 5033)
        ],
        "\\partial x[n,c,t]} = \\sum_{o=0}^{C_{out}-1}": [
            _lab(lambda v: same(v["dx"], _dx_as_written(v)), 5034)
        ],
        "(rows are input channels": [
            None,
            single(lambda: same(LAB_V["db"], [N * T] * CO)),
            equal(2 * 5, 10),
        ],
        "\\partial w[o,0,:]} = \\begin{bmatrix}": [
            single(lambda: _every(LAB_V["dw"][:, 0], [4, 8, 5])),
            single(lambda: _every(LAB_V["dw"][:, 1], [4, 5, 5])),
        ],
        "For the input gradient the taps": [
            single(lambda: same(_W_SUM0, [2, 2, 1])),
            single(lambda: same(_W_SUM1, [1, -1, 2])),
        ],
        "\\partial x[n,0,:]} = \\begin{bmatrix}": [
            single(lambda: _every(LAB_V["dx"][:, 0], [4, 5, 5, 5, 3])),
            single(lambda: _every(LAB_V["dx"][:, 1], [1, 2, 2, 2, 0])),
        ],
        "At $t = 0$ the left tap": [
            None,
            single(lambda: _every(LAB_V["dx"][:, 0, 0:1], [_W_SUM0[1] + _W_SUM0[2]])),
            single(lambda: math.isclose(_W_SUM0[1] + _W_SUM0[2], 2 + 1)),
            equal(2 + 1, 3),
        ],
        "Our NumPy backward matched": [None, None, trials(_mean_loss_grad, 5035)],
    },
)


# --- gangui_noteu_gajungchi_gradient_correlation.md (Korean lecture notes): nn.Conv2d(2, 2, 2)
# on 3 x 3, channels 1-based (index c - 1 in the arrays), space 0-based, loss summed over the
# batch.

GANG = "gangui_noteu_gajungchi_gradient_correlation"
C2, H3, K2 = 2, 3, 2


def _mc(r: np.random.Generator, batch: int = 1) -> dict:
    x, w, b = r.normal(size=(batch, C2, H3, H3)), r.normal(size=(C2, C2, K2, K2)), r.normal(size=C2)
    g = r.normal(size=(batch, C2, H3 - K2 + 1, H3 - K2 + 1))
    return {"xs": x, "gs": g, "x": x[0], "w": w, "b": b, "g": g[0], **conv(x, w, b, g)}


def _gang(rel: Callable[[dict], bool], seed: int, batch: int = 1) -> Truth:
    return trials(lambda r: rel(_mc(r, batch)), seed)


def _dw_index(v: dict) -> np.ndarray:
    x, g = v["x"], v["g"]
    m = g.shape[-1]
    return np.array(
        [
            [
                [
                    [
                        sum(g[o, i, j] * x[c, i + u, j + vv] for i in range(m) for j in range(m))
                        for vv in range(K2)
                    ]
                    for u in range(K2)
                ]
                for c in range(C2)
            ]
            for o in range(C2)
        ]
    )


KX1 = np.array([[1.0, 0, 2], [-1, 3, 1], [0, 2, -2]])
KX2 = np.array([[2.0, 1, 0], [0, -1, 1], [1, 1, 3]])
KG = np.array([[[1.0, -1], [2, 0]], [[0.0, 1], [1, 1]]])  # G_1, G_2 of the first example
KG2 = np.array([[[1.0, 1], [0, -1]], [[2.0, 0], [-1, 1]]])  # G^(2)_1, G^(2)_2
# the second example's input does not enter the weight gradients asked for, nor the biases
KV = conv(
    np.stack([np.stack([KX1, KX2]), np.random.default_rng(5040).normal(size=(2, 3, 3))]),
    np.random.default_rng(5041).normal(size=(2, 2, 2, 2)),
    np.zeros(2),
    np.stack([KG, KG2]),
)
KV1 = conv(np.stack([KX1, KX2])[None], np.ones((2, 2, 2, 2)), np.zeros(2), KG[None])
_TERMS = KX1[0, 1] * KG[0, 0, 0] + KX1[0, 2] * KG[0, 0, 1] + KX1[1, 1] * KG[0, 1, 0]
_TERMS += KX1[1, 2] * KG[0, 1, 1]

GANG_CLAIMS = claims_of(
    GANG,
    {
        "출력 크기는 $H'": [
            equal(conv_out(3, 2), 3 - 2 + 1),
            equal(3 - 2 + 1, 2),
            equal(params(nn.Conv2d(2, 2, 2)), 2 * 2 * 2 * 2 + 2 * 2),
            equal(2 * 2 * 2 * 2 + 2 * 2, 20),
        ],
        "$$Y_o = b_o": [
            _gang(
                lambda v: same(
                    v["z"][0],
                    [
                        v["b"][o] + sum(corr(v["x"][c], v["w"][o, c]) for c in range(C2))
                        for o in range(C2)
                    ],
                ),
                5041,
            )
        ],
        "\\partial W_{o,c}[u,v]} = \\sum_{i=0}": [
            _gang(lambda v: same(v["dw"], _dw_index(v)), 5042)
        ],
        "\\partial W_{o,c}} = X_c \\star G_o$$": [
            _gang(
                lambda v: same(
                    v["dw"],
                    [[corr(v["x"][c], v["g"][o]) for c in range(C2)] for o in range(C2)],
                ),
                5043,
            )
        ],
        "\\sum_{c'=1}^{C_{in}} X_{c'} \\star G_o$$": [
            _gang(
                lambda v: same(
                    v["dw"],
                    [
                        [sum(corr(v["x"][cc], v["g"][o]) for cc in range(C2)) for _ in range(C2)]
                        for o in range(C2)
                    ],
                ),
                5044,
            )
        ],
        "원소 수가": [_gang(lambda v: v["dw"].size == 2 * 2 * 2**2 == 16, 5045)],
        "\\operatorname{pad}_1(G_o) \\star W_{o,c}$$": [
            _gang(
                lambda v: same(
                    v["dx"][0],
                    [
                        sum(corr(pad(v["g"][o], 1), v["w"][o, c]) for o in range(C2))
                        for c in range(C2)
                    ],
                ),
                5046,
            )
        ],
        "X^{(n)}_c \\star G^{(n)}_o, \\qquad": [
            _gang(
                lambda v: same(
                    v["dw"],
                    [
                        [
                            sum(corr(v["xs"][n, c], v["gs"][n, o]) for n in range(3))
                            for c in range(C2)
                        ]
                        for o in range(C2)
                    ],
                ),
                5047,
                batch=3,
            ),
            _gang(lambda v: same(v["db"], v["gs"].sum(axis=(0, 2, 3))), 5048, batch=3),
        ],
        "\\partial W_{1,1}[0,1]} =": [
            single(lambda: math.isclose(KV1["dw"][0, 0, 0, 1], _TERMS)),
            single(lambda: math.isclose(_TERMS, 0 - 2 + 6 + 0)),
            equal(0 - 2 + 6 + 0, 4),
        ],
        "\\partial W_{1,1}} = \\begin{bmatrix}": [
            single(lambda: same(KV1["dw"][0, 0], [[-1, 4], [-4, 6]])),
            single(lambda: same(KV1["dw"][1, 0], [[2, 6], [5, 1]])),
            single(lambda: same(KV1["dw"][0, 1], [[1, 3], [-1, 0]])),
        ],
        "그러면 $\\frac": [
            single(lambda: KG[0].sum() == 2 and KG2[0].sum() == 1 and math.isclose(KV["db"][0], 3)),
            equal(2 + 1, 3),
            single(lambda: math.isclose(KV["db"][1], (3 + 2) / 2)),
            equal((3 + 2) / 2, 2.5),
        ],
    },
)


# --- blog_convolucao_3x3_passo_a_passo.md (Portuguese blog post): nn.Conv2d(1, 1, 3) with the
# Sobel kernel K and bias 1 on the note's 5 x 5 X, 0-based.

BLOG = "blog_convolucao_3x3_passo_a_passo"
BX = np.array(
    [[1.0, 2, 0, 1, 3], [0, 1, 2, 3, 1], [2, 0, 1, 0, 2], [1, 3, 1, 2, 0], [0, 1, 0, 1, 1]]
)
BK = np.array([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]])


def _blog_y(**kw: int) -> np.ndarray:
    return F.conv2d(t64(BX)[None, None], t64(BK)[None, None], t64([1.0]), **kw)[0, 0].numpy()


BY, BY_S2, BY_P1 = _blog_y(), _blog_y(stride=2), _blog_y(padding=1)
_Y00 = (1 * 1 + 2 * 0 + 0 * (-1)) + (0 * 2 + 1 * 0 + 2 * (-2)) + (2 * 1 + 0 * 0 + 1 * (-1)) + 1
_Y01 = (2 - 1) + (2 - 6) + (0 - 0) + 1
_Y11 = (1 - 3) + (0 - 0) + (3 - 2) + 1
_YP = 1 * 0 + 2 * (-2) + 0 * 0 + 1 * (-1)


def _blog_random(r: np.random.Generator) -> dict:
    x, k, b = r.normal(size=(6, 7)), r.normal(size=(3, 3)), r.normal()
    y = F.conv2d(t64(x)[None, None], t64(k)[None, None], t64([b]))[0, 0].numpy()
    return {"x": x, "k": k, "b": b, "y": y}


def _entries(v: dict) -> np.ndarray:
    x, k, y = v["x"], v["k"], v["y"]
    return np.array(
        [
            [
                v["b"] + sum(k[u, w] * x[i + u, j + w] for u in range(3) for w in range(3))
                for j in range(y.shape[1])
            ]
            for i in range(y.shape[0])
        ]
    )


def _row(h: int, k: int, s: int, p: int, written: float, value: float) -> list[Truth | None]:
    """A table row: torch's side against the written expression, then the arithmetic."""
    return [equal(conv_out(h, k, s, p), written), equal(written, value)]


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "O kernel é o filtro de Sobel": [
            None,
            equal(params(nn.Conv2d(1, 1, 3)), 3 * 3 * 1 * 1 + 1),
            equal(3 * 3 * 1 * 1 + 1, 10),
        ],
        "Um detalhe que confunde": [
            trials(
                lambda r: (lambda v: same(v["y"], corr(v["x"], v["k"]) + v["b"]))(_blog_random(r)),
                5051,
            ),
            trials(lambda r: (lambda v: same(v["y"], _entries(v)))(_blog_random(r)), 5052),
        ],
        "$$Y[0,0] =": [
            single(lambda: math.isclose(BY[0, 0], _Y00)),
            single(lambda: math.isclose(_Y00, 1 - 4 + 1 + 1)),
            equal(1 - 4 + 1 + 1, -1),
        ],
        "$$Y[0,1] =": [single(lambda: math.isclose(BY[0, 1], _Y01)), equal(_Y01, -3)],
        "$Y[1,1] = (1 - 3)": [single(lambda: math.isclose(BY[1, 1], _Y11)), equal(_Y11, 0)],
        "$$Y = \\begin{bmatrix} -1 & -3": [
            single(lambda: same(BY, [[-1, -3, -1], [1, 0, 1], [2, 3, 1]]))
        ],
        "Com `stride=2` só sobram": [single(lambda: same(BY_S2, [[-1, -1], [2, 3]]))],
        "Se colocarmos `padding=1`": [
            single(lambda: math.isclose(BY_P1[0, 0], _YP)),
            equal(_YP, -5),
        ],
        "\\frac{H + 2p - k}{s} \\right\\rfloor + 1$$": [
            grid(
                lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1,
                [
                    (h, k, s, p)
                    for h in (5, 10, 28)
                    for k in (1, 3, 5)
                    for s in (1, 2, 3)
                    for p in (0, 1, 2)
                ],
            )
        ],
        "| 5 | 3 | 1 | 1 |": _row(5, 3, 1, 1, 5 + 2 - 3 + 1, 5),
        "| 28 | 5 | 1 | 2 |": _row(28, 5, 1, 2, 28 + 4 - 5 + 1, 28),
        "| 32 | 3 | 2 | 1 |": _row(32, 3, 2, 1, math.floor(31 / 2) + 1, 16),
        "| 10 | 3 | 2 | 0 |": _row(10, 3, 2, 0, math.ceil(7 / 2) + 1, 5),
    },
)

NOTES_B = {**LAB_CLAIMS, **GANG_CLAIMS, **BLOG_CLAIMS}
