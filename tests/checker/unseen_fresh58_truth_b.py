"""Independent truth for the fresh58 unseen set, second part: gangui_1d_conv_odio_same_padding,
fiche_convtranspose2d_tailles_sortie and code_review_conv3x3_weight_grad (conventions as in
unseen_fresh58_truth.py: NumPy / torch autograd in float64, no symconv; a side reading outside a
tensor or combining mismatched shapes disagrees; a link between written numbers is arithmetic).
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
    at,
    conv,
    conv_out,
    corr,
    corr1,
    dilate,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh58"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def _is(a: float, b: float) -> Truth:
    return single(lambda: math.isclose(a, b, abs_tol=1e-12))


# --- gangui_1d_conv_odio_same_padding.md (Korean lecture notes): nn.Conv1d, stride 1, 0-based;
# the toy example x, w, b with padding 1 and zeros outside (declared), G given.

GANGUI = "gangui_1d_conv_odio_same_padding"
GX = np.array([1.0, 3, -2, 0, 2])
GW = np.array([2.0, 1, -1])
GB = 0.5
GG = np.array([1.0, 0, -1, 2, 1])


def _len1(n: int, k: int, p: int, d: int = 1) -> int:
    """Output length of torch conv1d (stride 1) on a length-n input."""
    y = F.conv1d(torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                 padding=p, dilation=d)  # fmt: skip
    return int(y.shape[-1])


def _conv1(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    """torch conv1d with padding 1 and the gradients of sum(y * g)."""
    xt, wt, bt = t64(x, True), t64(w, True), t64([b], True)
    y = F.conv1d(xt[None, None], wt[None, None], bt, padding=1)[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "b": b, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy(),
            "dw": wt.grad.numpy(), "db": float(bt.grad[0])}  # fmt: skip


GV = _conv1(GX, GW, GB, GG)


def _gangui(rel: Callable[[dict], bool], seed: int) -> Truth:
    def make(r: np.random.Generator) -> dict:
        return _conv1(r.normal(size=5), r.normal(size=3), float(r.normal()), r.normal(size=5))

    return trials(lambda r: rel(make(r)), seed)


def _same_is_pad4(r: np.random.Generator) -> bool:
    x, w = t64(r.normal(size=(1, 1, 40))), t64(r.normal(size=(1, 1, 9)))
    return same(F.conv1d(x, w, padding="same"), F.conv1d(x, w, padding=4))


GANGUI_CLAIMS = claims_of(
    GANGUI,
    {
        "음성 파형은 시간 축": [
            None,
            None,
            trials(_same_is_pad4, 5811),
            equal((9 - 1) / 2, 4),
            equal(_len1(16000, 9, 4), 16000 + 2 * 4 - 9 + 1),
            equal(16000 + 2 * 4 - 9 + 1, 16000),
        ],
        "짝수 커널도 마찬가지로": [
            None,
            None,
            equal(8 / 2, 4),
            equal(_len1(16000, 8, 4), 16000),
            None,
            None,
            equal(_len1(16000, 9, 4, d=2), 16000),
        ],
        "$$y[n] = b + \\sum_{m=0}^{2}": [
            _gangui(
                lambda v: same(
                    v["y"],
                    [
                        v["b"] + sum(v["w"][m] * zat(v["x"], n + m - 1) for m in range(3))
                        for n in range(5)
                    ],
                ),
                5812,
            )
        ],
        "출력 길이는": [equal(_len1(5, 3, 1), 5 + 2 * 1 - 3 + 1), equal(5 + 2 - 3 + 1, 5)],
        "$$y[1] = ": [
            _is(GV["y"][1], 0.5 + 2 * 1 + 1 * 3 + (-1) * (-2)),
            _is(0.5 + 2 + 3 + 2, 7.5),
        ],
        "$$y[3] = ": [
            _is(GV["y"][3], 0.5 + 2 * (-2) + 1 * 0 + (-1) * 2),
            _is(0.5 - 4 + 0 - 2, -5.5),
        ],
        "전체 출력은": [single(lambda: same(GV["y"], [-2, 7, 4, -6, 2]))],
        "\\partial x[j]} = \\sum_{m=0}^{2}": [
            _gangui(
                lambda v: same(
                    v["dx"],
                    [sum(v["w"][m] * zat(v["g"], j - m + 1) for m in range(3)) for j in range(5)],
                ),
                5813,
            )
        ],
        "\\operatorname{pad}_1(G) \\star w$$": [
            _gangui(lambda v: same(v["dx"], corr1(np.pad(v["g"], 1), v["w"])), 5814)
        ],
        "\\partial x[1]} = ": [
            _is(GV["dx"][1], GW[2] * GG[0] + GW[1] * GG[1] + GW[0] * GG[2]),
            _is(GW[2] * GG[0] + GW[1] * GG[1] + GW[0] * GG[2], -1 + 0 - 2),
            equal(-1 + 0 - 2, -3),
        ],
        "\\partial x[3]} = ": [
            _is(GV["dx"][3], GW[2] * GG[2] + GW[1] * GG[3] + GW[0] * GG[4]),
            _is(GW[2] * GG[2] + GW[1] * GG[3] + GW[0] * GG[4], 1 + 2 + 2),
            equal(1 + 2 + 2, 5),
        ],
        "이고 전체는": [single(lambda: same(GV["dx"], [1, -3, 3, 5, 1]))],
        "\\partial w[m]} = \\sum_{n=1}^{4}": [
            _gangui(
                lambda v: same(
                    v["dw"],
                    [
                        sum(v["g"][n] * zat(v["x"], n + m - 1) for n in range(1, 5))
                        for m in range(3)
                    ],
                ),
                5815,
            )
        ],
        "numpy 로 확인한 값은": [
            single(lambda: same(GV["dw"], [-7, 5, 7])),
            _is(GV["db"], GG.sum()),
            _is(GG.sum(), 3),
        ],
    },
)


# --- fiche_convtranspose2d_tailles_sortie.md (French cheat sheet): nn.ConvTranspose2d on square
# inputs; the general formula on a grid with output_padding < max(stride, dilation).

FICHE = "fiche_convtranspose2d_tailles_sortie"
_TGRID = [
    (h, k, s, p, a, d)
    for h in (1, 5, 8)
    for k in (1, 3, 4)
    for s in (1, 2, 3)
    for p in (0, 1)
    for a in (0, 1)
    for d in (1, 2)
    if a < max(s, d) and 2 * p <= d * (k - 1) + (h - 1) * s
]


def _tparams(cin: int, cout: int, k: int, s: int = 1, p: int = 0) -> int:
    return params(nn.ConvTranspose2d(cin, cout, k, s, p))


FICHE_CLAIMS = claims_of(
    FICHE,
    {
        "$$H_{out} = (H_{in} - 1)\\, s - 2p": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
                ),
                _TGRID,
            )
        ],
        "1. DCGAN": [
            equal(tconv_out(16, 4, 2, 1), 15 * 2 - 2 + 3 + 1),
            equal(15 * 2 - 2 + 3 + 1, 32),
        ],
        "2. U-Net": [equal(tconv_out(8, 2, 2, 0), (8 - 1) * 2 + 1), equal((8 - 1) * 2 + 1, 15)],
        "3. Cas impair": [
            equal(tconv_out(7, 3, 2, 1, 1), 6 * 2 - 2 + 2 + 1 + 1),
            equal(6 * 2 - 2 + 2 + 1 + 1, 14),
            equal(tconv_out(7, 3, 2, 1, 0), 13),
        ],
        "Premier bloc du générateur": [
            equal(tconv_out(1, 4, 1, 0), (1 - 1) * 1 + 3 + 1),
            equal((1 - 1) * 1 + 3 + 1, 4),
        ],
        # p = (k - s)/2 needs k - s even and >= 0; the example k = 3, s = 2 has no such p
        "Raccourci": [
            None,
            None,
            grid(
                lambda h, k, s: tconv_out(h, k, s, (k - s) // 2) == s * h,
                [(h, k, s) for h in (3, 7) for k, s in ((4, 2), (2, 2), (5, 3), (3, 1), (6, 4))],
            ),
            None,
            None,
            None,
            grid(lambda h: tconv_out(h, 3, 2, 1) == 2 * h, [(h,) for h in (4, 7, 16)]),
        ],
        "Pas 1 sans padding": [
            None,
            None,
            equal(tconv_out(4, 5, 1, 0), 4 + 5 - 1),
            equal(4 + 5 - 1, 8),
        ],
        "- Pas 3": [
            None,
            None,
            None,
            None,
            equal(tconv_out(5, 3, 3, 0), (5 - 1) * 3 + 3 - 1),
            equal((5 - 1) * 3 + 3 - 1, 14),
        ],
        "Le padding **retire**": [
            None,
            None,
            None,
            None,
            equal(tconv_out(8, 3, 2, 1), (8 - 1) * 2 + 2 + 2),
            equal((8 - 1) * 2 + 2 + 2, 18),
        ],
        "- Dilatation": [
            None,
            None,
            None,
            None,
            None,
            equal(tconv_out(10, 3, 1, 0, 0, 2), (10 - 1) + 3),
            equal((10 - 1) + 3, 12),
        ],
        "- Conv puis ConvTranspose": [
            None,
            single(lambda: conv_out(14, 3, 2, 1) == (14 + 2 - 3) // 2 + 1 == 7),
        ],
        "$$P = C_{in} C_{out} k^2 + C_{out}$$": [
            grid(
                lambda ci, co, k: _tparams(ci, co, k) == ci * co * k * k + co,
                [(1, 1, 1), (3, 5, 2), (128, 64, 4), (5, 3, 3)],
            )
        ],
        "Pour `ConvTranspose2d(128, 64": [
            equal(_tparams(128, 64, 4, 2, 1), 128 * 64 * 16 + 64),
            equal(128 * 64 * 16 + 64, 131136),
        ],
        "Pour `ConvTranspose2d(64, 32": [
            equal(_tparams(64, 32, 4, 2, 1), 64 * 32 * 16 + 64),
            equal(64 * 32 * 16 + 64, 32832),
        ],
    },
)


# --- code_review_conv3x3_weight_grad.md (English code review): 0-based, star = valid
# cross-correlation, Y = X star W + b, 4 x 4 input, 3 x 3 kernel, scalar bias; fixture X, G.

REVIEW = "code_review_conv3x3_weight_grad"
RX = np.array([[1.0, 0, 2, 1], [3, 1, 0, 2], [0, 2, 1, 1], [1, 1, 3, 0]])
RG = np.array([[1.0, -1], [2, 0]])


def _one(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """One channel, one filter, scalar bias: torch conv2d's gradients of sum(Y * G)."""
    v = conv(x[None, None], w[None, None], np.zeros(1), g[None, None], **kw)
    return {"x": x, "w": w, "g": g, "dw": v["dw"][0, 0], "dx": v["dx"][0, 0], "db": v["db"][0]}


RV = _one(RX, np.random.default_rng(5820).normal(size=(3, 3)), RG)  # w does not enter dW, db


def _review(rel: Callable[[dict], bool], seed: int, side: int = 4, **kw: int) -> Truth:
    def make(r: np.random.Generator) -> dict:
        x, w = r.normal(size=(side, side)), r.normal(size=(3, 3))
        out = conv_out(side, 3, kw.get("stride", 1), kw.get("padding", 0))
        return _one(x, w, r.normal(size=(out, out)), **kw)

    return trials(lambda r: rel(make(r)), seed)


def _dw_sum(v: dict, last: int) -> np.ndarray:
    """sum_{i,j=0}^{last} G[i,j] X[u+i, v+j] for u, v = 0..2 (strict indexing)."""
    x, g = v["x"], v["g"]
    return np.array(
        [
            [
                sum(
                    at(g, i, j) * at(x, u + i, vv + j)
                    for i in range(last + 1)
                    for j in range(last + 1)
                )
                for vv in range(3)
            ]
            for u in range(3)
        ]
    )


def _multi(r: np.random.Generator) -> bool:
    """C = 2 input channels, F = 3 filters: dW_{f,c} against X_f star G_c as written."""
    x, w, g = r.normal(size=(1, 2, 4, 4)), r.normal(size=(3, 2, 3, 3)), r.normal(size=(1, 3, 2, 2))
    dw = conv(x, w, None, g)["dw"]
    return same(dw, [[corr(x[0, f], g[0, c]) for c in range(2)] for f in range(3)])


def _batch(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(3, 1, 4, 4)), r.normal(size=(1, 1, 3, 3)), r.normal(size=(3, 1, 2, 2))
    dw = conv(x, w, None, g)["dw"][0, 0]
    return same(dw, sum(corr(x[n, 0], g[n, 0]) for n in range(3)))


_TERMS_12 = RG[0, 0] * RX[1, 2] + RG[0, 1] * RX[1, 3] + RG[1, 0] * RX[2, 2] + RG[1, 1] * RX[2, 3]
_TERMS_01 = RG[0, 0] * RX[0, 1] + RG[0, 1] * RX[0, 2] + RG[1, 0] * RX[1, 0] + RG[1, 1] * RX[1, 2]

REVIEW_CLAIMS = claims_of(
    REVIEW,
    {
        "The forward is $Y": [None, single(lambda: conv_out(4, 3) == 4 - 3 + 1 == 2), None],
        "\\frac{\\partial L}{\\partial W} = X \\star G, \\qquad": [
            _review(lambda v: same(v["dw"], corr(v["x"], v["g"])), 5821),
            _review(lambda v: same(v["dw"], _dw_sum(v, 1)), 5822),
        ],
        "\\sum_{i=0}^{2} \\sum_{j=0}^{2}": [_review(lambda v: same(v["dw"], _dw_sum(v, 2)), 5823)],
        "\\partial W}[1,2] = ": [
            _is(RV["dw"][1, 2], _TERMS_12),
            _is(_TERMS_12, 1 * 0 + (-1) * 2 + 2 * 1 + 0 * 1),
            equal(1 * 0 + (-1) * 2 + 2 * 1 + 0 * 1, 0),
        ],
        "\\partial W}[0,1] = ": [
            _is(RV["dw"][0, 1], _TERMS_01),
            _is(_TERMS_01, 0 - 2 + 2 * 3 + 0),
            equal(0 - 2 + 2 * 3 + 0, 4),
        ],
        "\\frac{\\partial L}{\\partial W} = \\begin{bmatrix} 7": [
            single(lambda: same(RV["dw"], [[7, 0, 1], [2, 5, 0], [0, 3, 6]]))
        ],
        "`db = G.mean()`": [_is(RV["db"], RG.sum() / 4), _is(RG.sum() / 4, 0.5)],
        # A * B = A star rot180(B), the note's definition of the true convolution
        "I'd rather not mix conventions": [
            None,
            _review(lambda v: same(v["dw"], corr(v["x"], rot180(v["g"]))), 5824),
            _review(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))), 5825),
        ],
        "\\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(W)$$": [
            _review(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["w"]))), 5826)
        ],
        "\\operatorname{pad}_2(G) \\star \\operatorname{rot}_{180}(W)$$": [
            _review(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))), 5827)
        ],
        "- Multi-channel": [trials(_multi, 5828)],
        "- Batch with the loss summed": [trials(_batch, 5829)],
        # stride 2 on 5 x 5 and 7 x 7: the last window ends on the last row, no row is left over
        "- Stride 2": [
            lambda: [
                ok
                for side, seed in ((5, 5830), (7, 5831))
                for ok in _review(
                    lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), seed, side, stride=2
                )()
            ]
        ],
        "- Padding 1": [
            _review(lambda v: same(v["dw"], corr(pad(v["x"], 1), v["g"])), 5832, padding=1)
        ],
    },
)

NOTES_B: Claims = {**GANGUI_CLAIMS, **FICHE_CLAIMS, **REVIEW_CLAIMS}
