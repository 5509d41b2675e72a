"""Independent truth for the fresh45 unseen set (tests/data/check/unseen/fresh45/): the notes
apuntes_clase_cnn_keras_gap_atras, zhihu_shuangtongdao_juanji_shousuan,
review_numpy_conv2d_backward_pr and examen_parcial_conv1d_paso2_resuelto (the other three live
in unseen_fresh45_truth_b.py; truth_table merges both).

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
    corr1,
    dilate1,
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
SET = "fresh45"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- apuntes_clase_cnn_keras_gap_atras.md (Spanish lecture notes): the Keras model
# Conv2D(16, 3, same) -> MaxPooling2D(2) -> Conv2D(32, 3) -> GlobalAveragePooling2D -> Dense(10)
# on 32 x 32 x 3.  Keras' Conv2D / Dense hold the same weights and biases as torch's Conv2d /
# Linear, and "same" with stride 1 and k = 3 is torch's padding=1; GAP is the mean over the map
# (torch: mean over the last two axes), so A[i,j,c] (channels last, 1-based) is A[c-1,i-1,j-1].

APC = "apuntes_clase_cnn_keras_gap_atras"


def _keras_net() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(32, 10),
    ).double()


NET1 = _keras_net()


def _sides() -> list[int]:
    """The spatial side after the first three layers, then the length after flattening GAP."""
    h, out = torch.zeros(1, 3, 32, 32, dtype=F64), []
    with torch.no_grad():
        for layer in NET1:
            h = layer(h)
            out.append(int(h.shape[-1]))
    return out


APC_H1, APC_H2, APC_H3, _, APC_D, _ = _sides()
APC_P1, APC_P3, APC_P5 = params(NET1[0]), params(NET1[2]), params(NET1[5])
APC_TOTAL = params(NET1)
# Flatten instead of GAP: the Dense layer reads the whole 14 x 14 x 32 map
APC_P5_FLAT = params(nn.Linear(APC_H3 * APC_H3 * 32, 10))


def _gap_grads(r: np.random.Generator, v01: tuple[float, float] | None = None) -> dict:
    """A (1, 32, 14, 14) random, g = GAP(A) kept, L = sum(v * g) with v random (its first two
    entries set to the note's 0.98 and -1.96 when asked); the gradients of A and of g."""
    a = t64(r.normal(size=(1, 32, 14, 14)), True)
    g = a.mean(dim=(2, 3))
    g.retain_grad()
    v = r.normal(size=32)
    if v01 is not None:
        v[0], v[1] = v01
    (g * t64(v)).sum().backward()
    return {"dA": a.grad.numpy()[0], "dg": g.grad.numpy()[0], "v": v}


NOTE_GAP = _gap_grads(np.random.default_rng(4500), (0.98, -1.96))

APC_CLAIMS = claims_of(
    APC,
    {
        "$H_0 = 32$ con": [None, None],
        "$H_1 = 32$": [equal(APC_H1, 32)],
        "$H_2 = 32 / 2": [equal(APC_H2, 32 / 2), equal(32 / 2, 16)],
        "$H_3 = 16 - 3 + 1": [equal(APC_H3, 16 - 3 + 1), equal(16 - 3 + 1, 14)],
        "$D = 32$": [equal(APC_D, 32)],
        "$$P_1 = 3": [equal(APC_P1, 3 * 3 * 3 * 16 + 16), equal(3 * 3 * 3 * 16 + 16, 448)],
        "$$P_3 = 3": [equal(APC_P3, 3 * 3 * 16 * 32), equal(3 * 3 * 16 * 32, 4608)],
        "$P_5 = 32": [equal(APC_P5, 32 * 10 + 10), equal(32 * 10 + 10, 330)],
        "$P_{total} =": [equal(APC_TOTAL, 448 + 4608 + 330), equal(448 + 4608 + 330, 5386)],
        "$P_5' =": [
            equal(14 * 14 * 32, 6272),
            equal(APC_P5_FLAT, 6272 * 10),
            equal(6272 * 10, 62720),
        ],
        "$$g_c = \\frac": [None],
        "= \\frac{1}{H_3^2}\\,": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["dA"], np.broadcast_to(v["dg"][:, None, None] / 196, v["dA"].shape)
                    )
                )(_gap_grads(r)),
                4501,
            )
        ],
        "Aquí $H_3^2 = 196$": [equal(APC_H3**2, 196), None, None],
        "\\partial A[1,1,1]}": [
            single(lambda: close(NOTE_GAP["dA"][0, 0, 0], 0.98 / 196)),
            equal(0.98 / 196, 0.05),
        ],
        "\\partial A[7,3,2]}": [
            single(lambda: close(NOTE_GAP["dA"][1, 6, 2], -1.96 / 196)),
            equal(-1.96 / 196, -0.1),
        ],
        "Comprobación": [single(lambda: close(float(NOTE_GAP["dA"][0].sum()), 0.98))],
        "Y otra forma de verlo": [
            trials(
                lambda r: (lambda v: close(float(v["dA"].sum()), float(v["dg"].sum()) / 32))(
                    _gap_grads(r)
                ),
                4502,
            )
        ],
    },
)


# --- zhihu_shuangtongdao_juanji_shousuan.md (Chinese Zhihu-style post): two input channels,
# 3 x 3 inputs, one filter of two 2 x 2 slices, bias 1, G = dL/dY; 0-based; star = valid
# cross-correlation.  torch conv2d on the note's numbers, and on random ones for the formulas.

ZH = "zhihu_shuangtongdao_juanji_shousuan"

ZH_X = np.array([[[1, 0, 2], [2, 1, 0], [0, 1, 3]], [[0, 1, 1], [1, 0, 2], [2, 1, 0]]], float)
ZH_W = np.array([[[1, -1], [0, 2]], [[2, 0], [1, -1]]], float)
ZH_G = np.array([[1, 2], [-1, 0]], float)
ZH_V = conv(ZH_X[None], ZH_W[None], np.array([1.0]), ZH_G[None, None])
ZH_Y, ZH_DX, ZH_DW, ZH_DB = ZH_V["z"][0, 0], ZH_V["dx"][0], ZH_V["dw"][0], float(ZH_V["db"][0])
# the note's hand expressions, entry by entry
ZH_Y00 = (1 * 1 + 0 * (-1) + 2 * 0 + 1 * 2) + (0 * 2 + 1 * 0 + 1 * 1 + 0 * (-1)) + 1
ZH_DX11 = ZH_G[0, 0] * ZH_W[0, 1, 1] + ZH_G[0, 1] * ZH_W[0, 1, 0] + ZH_G[1, 0] * ZH_W[0, 0, 1]
ZH_DX11 += ZH_G[1, 1] * ZH_W[0, 0, 0]


def _zh_random(r: np.random.Generator) -> dict:
    """Random X (2, 3, 3), W (2, 2, 2), b and G at the note's sizes, torch's gradients."""
    x, w, g = r.normal(size=(2, 3, 3)), r.normal(size=(2, 2, 2)), r.normal(size=(2, 2))
    v = conv(x[None], w[None], r.normal(size=1), g[None, None])
    return {"x": x, "w": w, "g": g, "dx": v["dx"][0], "dw": v["dw"][0]}


def _zh(check, seed: int) -> Truth:
    """A per-channel formula, for both channels of random inputs."""
    return trials(lambda r: (lambda v: all(check(v, c) for c in range(2)))(_zh_random(r)), seed)


ZH_CLAIMS = claims_of(
    ZH,
    {
        "$$X_1 = \\begin": [None, None],
        "$$W_1 = \\begin": [None, None, None],
        "前向就是两个通道": [None],
        "输出边长 $3 - 2 + 1": [equal(3 - 2 + 1, 2)],
        "$$Y[0,0] =": [single(lambda: close(ZH_Y[0, 0], ZH_Y00)), equal(ZH_Y00, 5)],
        "$$Y = \\begin{bmatrix} 5": [single(lambda: same(ZH_Y, [[5, 1], [7, 9]]))],
        "$$G = \\frac": [None, None],
        "\\partial W_1} = X_1": [
            single(lambda: same(ZH_DW[0], corr(ZH_X[0], ZH_G))),
            single(lambda: same(corr(ZH_X[0], ZH_G), [[-1, 3], [4, 0]])),
        ],
        "\\partial W_2} = X_2": [
            single(lambda: same(ZH_DW[1], corr(ZH_X[1], ZH_G))),
            single(lambda: same(corr(ZH_X[1], ZH_G), [[1, 3], [1, 3]])),
        ],
        "偏置加到了每个输出位置上": [
            single(lambda: close(ZH_DB, float(ZH_G.sum()))),
            equal(float(ZH_G.sum()), 1 + 2 - 1 + 0),
            equal(1 + 2 - 1 + 0, 2),
        ],
        "有人会问": [single(lambda: not close(ZH_DB, 2 * float(ZH_G.sum())))],
        "四周补 $k - 1 = 1$": [equal(ZH_W.shape[-1] - 1, 1)],
        "\\operatorname{rot}_{180}(W_c)$$": [
            _zh(lambda v, c: same(v["dx"][c], corr(pad(v["g"], 1), rot180(v["w"][c]))), 4503)
        ],
        "\\partial X_1[1,1]}": [
            single(lambda: close(ZH_DX[0, 1, 1], ZH_DX11)),
            equal(ZH_DX11, 2 + 0 - 1 + 0),
            equal(2 + 0 - 1 + 0, 1),
        ],
        "\\partial X_1} = \\begin": [
            single(lambda: same(ZH_DX[0], [[1, 1, -2], [-1, 3, 4], [0, -2, 0]]))
        ],
        "\\partial X_2} = \\begin": [
            single(lambda: same(ZH_DX[1], [[2, 4, 0], [-1, -1, -2], [-1, 1, 0]]))
        ],
        "很多教程里": [_zh(lambda v, c: same(v["dx"][c], corr(v["g"], rot180(v["w"][c]))), 4504)],
        "另外一个常见的坑": [
            _zh(lambda v, c: same(v["dx"][c], corr(pad(v["g"], 1), v["w"][c])), 4505)
        ],
        "- 权重梯度": [_zh(lambda v, c: same(v["dw"][c], corr(v["x"][c], v["g"])), 4506)],
    },
)


# --- review_numpy_conv2d_backward_pr.md (English code review): x (N, C, H, W), w (F, C, k, k),
# stride s, zero padding p, x_p the padded x; the test case N = 2, C = 3, H = W = 7, F = 4,
# k = 3, s = 2, p = 1.  Section 6 is one channel, one filter, p = 0.

REV = "review_numpy_conv2d_backward_pr"
RN, RC, RH, RF, RK, RS, RP = 2, 3, 7, 4, 3, 2, 1
RHO = conv_out(RH, RK, RS, RP)


def _rev(r: np.random.Generator) -> dict:
    """Random x, w, b, dout at the test case's sizes; torch's gradients with respect to x, and
    with respect to x_p (the padded input fed to an unpadded conv2d)."""
    x, w, b = r.normal(size=(RN, RC, RH, RH)), r.normal(size=(RF, RC, RK, RK)), r.normal(size=RF)
    g = r.normal(size=(RN, RF, RHO, RHO))
    v = conv(x, w, b, g, stride=RS, padding=RP)
    xp = np.pad(x, ((0, 0), (0, 0), (RP, RP), (RP, RP)))
    v["dxp"] = conv(xp, w, b, g, stride=RS)["dx"]
    v.update(x=x, w=w, b=b, g=g, xp=xp)
    return v


def _rev_forward(v: dict) -> bool:
    xp, w, b = v["xp"], v["w"], v["b"]
    y = np.zeros_like(v["z"])
    for n, f, i, j in np.ndindex(*y.shape):
        win = [
            at(xp, n, c, RS * i + u, RS * j + q)
            for c in range(RC)
            for u in range(RK)
            for q in range(RK)
        ]
        y[n, f, i, j] = b[f] + np.dot(w[f].ravel(), win)
    return same(y, v["z"])


def _rev_dw(v: dict, step: int) -> bool:
    """dw[f,c,u,v] = sum over n, i, j of dout[n,f,i,j] x_p[n,c, step*i + u, step*j + v]."""
    g, xp = v["g"], v["xp"]
    dw = np.zeros_like(v["w"])
    for f, c, u, q in np.ndindex(*dw.shape):
        dw[f, c, u, q] = sum(
            g[n, f, i, j] * at(xp, n, c, step * i + u, step * j + q)
            for n in range(RN)
            for i in range(RHO)
            for j in range(RHO)
        )
    return same(dw, v["dw"])


def _rev_dxp(v: dict) -> bool:
    """The scatter: dx_p[n,c,h,v] = sum over f, i, j of dout[n,f,i,j] w[f,c,h - s i, v - s j],
    w read as zero outside its k x k taps (as the review says)."""
    g, w = v["g"], v["w"]
    dxp = np.zeros_like(v["xp"])
    for n, c, h, q in np.ndindex(*dxp.shape):
        dxp[n, c, h, q] = sum(
            g[n, f, i, j] * zat(w, f, c, h - RS * i, q - RS * j)
            for f in range(RF)
            for i in range(RHO)
            for j in range(RHO)
        )
    return same(dxp, v["dxp"])


def _rev_crop(v: dict) -> bool:
    """The note's crop, entry by entry: dx[n,c,h,v] against dx_p[n,c,h - p,v - p] (strict:
    h - p < 0 names no entry)."""
    dx, dxp = v["dx"], v["dxp"]
    return all(
        np.isclose(dx[n, c, h, q], at(dxp, n, c, h - RP, q - RP))
        for n, c, h, q in np.ndindex(*dx.shape)
    )


def _one(r: np.random.Generator, h: int, k: int, s: int) -> dict:
    """One channel, one filter, p = 0, stride s: x, w, dout and torch's dx, dw (2-D)."""
    x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
    o = (h - k) // s + 1
    g = r.normal(size=(o, o))
    v = conv(x[None, None], w[None, None], None, g[None, None], stride=s)
    return {"x": x, "w": w, "g": g, "dx": v["dx"][0, 0], "dw": v["dw"][0, 0]}


def _one_trials(check, seed: int, sizes: tuple[tuple[int, int, int], ...]) -> Truth:
    return trials(lambda r: all(check(_one(r, *size), size[1]) for size in sizes), seed)


# stride 2 with (H - k) a multiple of s, as section 6 requires, and stride 1
_S1 = ((7, 3, 1), (5, 2, 1))
_S2 = ((7, 3, 2), (6, 2, 2))


def _dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


REV_CLAIMS = claims_of(
    REV,
    {
        "Your docstring says the output side": [
            grid(
                lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1,
                [
                    (h, k, s, p)
                    for h in (5, 7, 8, 11)
                    for k in (2, 3, 5)
                    for s in (1, 2, 3)
                    for p in (0, 1, 2)
                ],
            ),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            equal(RHO, (7 + 2 - 3) // 2 + 1),
            equal((7 + 2 - 3) // 2 + 1, 4),
            single(lambda: _rev(np.random.default_rng(4510))["z"].size == 2 * 4 * 16),
            equal(2 * 4 * 16, 128),
        ],
        "`dw` must have one entry": [
            equal(nn.Conv2d(RC, RF, RK).weight.numel(), 4 * 3 * 9),
            equal(4 * 3 * 9, 108),
            single(lambda: _rev(np.random.default_rng(4511))["dx"].size == 2 * 3 * 49),
            equal(2 * 3 * 49, 294),
            single(lambda: _rev(np.random.default_rng(4512))["dxp"].size == 2 * 3 * 64),
            equal(2 * 3 * 64, 384),
        ],
        "$$y[n,f,i,j] = b_f": [trials(lambda r: _rev_forward(_rev(r)), 4513)],
        "Fine: $\\frac": [
            trials(lambda r: (lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))))(_rev(r)), 4514)
        ],
        "x_p[n,c,\\, i + u": [trials(lambda r: _rev_dw(_rev(r), 1), 4515)],
        "and the loop implements exactly that": [None],
        "\\mathrm{dout}[n,f,i,j]\\, x_p[n,c,\\, s i": [
            trials(lambda r: _rev_dw(_rev(r), RS), 4516)
        ],
        "= \\sum_{f} \\sum_{i,j}": [trials(lambda r: _rev_dxp(_rev(r)), 4517)],
        "and the crop": [trials(lambda r: _rev_crop(_rev(r)), 4518)],
        "In `conv2d_backward_fast`": [None, None],
        "(\\mathrm{dout}) \\star w$$": [
            _one_trials(lambda v, k: same(v["dx"], corr(pad(v["g"], k - 1), v["w"])), 4519, _S1)
        ],
        "{k-1}(\\mathrm{dout}) \\star \\operatorname{rot}_{180}(w)$$": [
            _one_trials(
                lambda v, k: same(v["dx"], corr(pad(v["g"], k - 1), rot180(v["w"]))), 4520, _S1
            )
        ],
        "For $s > 1$": [None, None],
        "(\\operatorname{dilate}_s(\\mathrm{dout}))": [
            _one_trials(
                lambda v, k: same(v["dx"], corr(pad(_dilate(v["g"], 2), k - 1), rot180(v["w"]))),
                4521,
                _S2,
            )
        ],
        "whereas the current code": [
            _one_trials(
                lambda v, k: same(v["dx"], corr(pad(v["g"], k - 1), rot180(v["w"]))), 4522, _S2
            )
        ],
        "The weight gradient in the fast path": [
            _one_trials(lambda v, k: same(v["dw"], corr(v["x"], v["g"])), 4523, _S1),
            None,
            None,
        ],
        "The docstring claims": [
            equal(
                flops_half(
                    lambda: F.conv2d(
                        torch.zeros(RN, RC, RH, RH, dtype=F64),
                        torch.zeros(RF, RC, RK, RK, dtype=F64),
                        stride=RS,
                        padding=RP,
                    )
                ),
                2 * 4 * 3 * 9 * 16,
            ),
            equal(2 * 4 * 3 * 9 * 16, 3546),
        ],
    },
)


# --- examen_parcial_conv1d_paso2_resuelto.md (Spanish exam solution): nn.Conv1d(1, 1, 3,
# stride=2, padding=1) on x of length 7, w = (1, 2, -1), b = 0.5, g = dL/dy; 0-based; x~ the
# padded signal (x~_j = x_{j-1}); w_m read as zero outside 0..2 where the note says so.

EX = "examen_parcial_conv1d_paso2_resuelto"
EX_X = np.array([2, -1, 3, 0, 1, -2, 4], float)
EX_W = np.array([1, 2, -1], float)
EX_G = np.array([1, -2, 1, 3], float)


def _c1(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    """torch conv1d (stride 2, padding 1) forward and the gradients of sum(y * g)."""
    xt, wt, bt = t64(x[None, None], True), t64(w[None, None], True), t64([b], True)
    y = F.conv1d(xt, wt, bt, stride=2, padding=1)
    (y * t64(g[None, None])).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "y": y.detach().numpy()[0, 0],
        "dx": xt.grad.numpy()[0, 0],
        "dw": wt.grad.numpy()[0, 0],
        "db": float(bt.grad[0]),
    }


EX_V = _c1(EX_X, EX_W, 0.5, EX_G)


def _ex_random(r: np.random.Generator) -> dict:
    return _c1(r.normal(size=7), r.normal(size=3), float(r.normal()), r.normal(size=4))


def _ex(check, seed: int) -> Truth:
    return trials(lambda r: check(_ex_random(r)), seed)


def _len1(n: int, k: int, s: int, p: int) -> int:
    """Output length of torch conv1d."""
    z = F.conv1d(
        torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64), stride=s, padding=p
    )
    return int(z.shape[-1])


def _xt(x: np.ndarray) -> np.ndarray:
    return np.pad(x, 1)


def _ex_forward(v: dict) -> bool:
    xt = _xt(v["x"])
    y = [v["b"] + sum(v["w"][k] * at(xt, 2 * t + k) for k in range(3)) for t in range(4)]
    return same(y, v["y"])


def _ex_dw(v: dict) -> bool:
    xt = _xt(v["x"])
    return same(v["dw"], [sum(v["g"][t] * at(xt, 2 * t + k) for t in range(4)) for k in range(3)])


def _ex_dx(v: dict) -> bool:
    dx = [sum(v["g"][t] * zat(v["w"], i + 1 - 2 * t) for t in range(4)) for i in range(7)]
    return same(v["dx"], dx)


def _crop_form(v: dict) -> np.ndarray:
    return corr1(np.pad(dilate1(v["g"], 2), 2), v["w"][::-1])[1:-1]


def _pad1_form(v: dict) -> np.ndarray:
    return corr1(np.pad(dilate1(v["g"], 2), 1), v["w"][::-1])


EX_DW0 = 1 * 0 + (-2) * (-1) + 1 * 0 + 3 * (-2)

EX_CLAIMS = claims_of(
    EX,
    {
        "$$x = (2, -1": [None],
        "con núcleo $w": [None, None, None, None],
        "la fórmula general es": [
            grid(
                lambda n, k, s, p: _len1(n, k, s, p) == (n + 2 * p - k) // s + 1,
                [
                    (n, k, s, p)
                    for n in (5, 7, 10)
                    for k in (2, 3, 4)
                    for s in (1, 2, 3)
                    for p in (0, 1, 2)
                ],
            )
        ],
        "$$L_{out} = \\left\\lfloor \\frac{7": [
            equal(_len1(7, 3, 2, 1), (7 + 2 * 1 - 3) // 2 + 1),
            equal((7 + 2 * 1 - 3) // 2 + 1, 4),
        ],
        "Llamamos $\\tilde{x}$": [None, None],
        "$$y_t = b": [_ex(_ex_forward, 4530)],
        "Primera salida": [
            single(lambda: close(EX_V["y"][0], 0.5 + 1 * 0 + 2 * 2 + (-1) * (-1))),
            equal(0.5 + 1 * 0 + 2 * 2 + (-1) * (-1), 6.5),
        ],
        "$$y = (5.5": [single(lambda: same(EX_V["y"], [5.5, 5.5, 4.5, 8.5]))],
        "\\partial w_k} = \\sum_{t=0}^{3}": [_ex(_ex_dw, 4531)],
        "Por ejemplo": [
            single(lambda: close(EX_V["dw"][0], EX_DW0)),
            equal(EX_DW0, -4),
            # the unpadded x: x_{2t+1} reaches x_7, past the end, and is shifted by one
            single(
                lambda: close(EX_V["dw"][1], sum(EX_G[t] * at(EX_X, 2 * t + 1) for t in range(4)))
            ),
        ],
        "\\partial w} = (-4": [single(lambda: same(EX_V["dw"], [-4, 9, 3]))],
        "El sesgo se suma": [
            single(lambda: close(EX_V["db"], float(EX_G.sum()))),
            equal(float(EX_G.sum()), 1 - 2 + 1 + 3),
            equal(1 - 2 + 1 + 3, 3),
        ],
        "(tomamos $w_m = 0$": [None, None, None],
        "w_{i + 1 - 2t}$$": [_ex(_ex_dx, 4532)],
        "A mano, $x_3$": [
            None,
            None,
            single(lambda: close(EX_V["dx"][3], EX_G[1] * EX_W[2] + EX_G[2] * EX_W[0])),
            equal(EX_G[1] * EX_W[2] + EX_G[2] * EX_W[0], 2 + 1),
            equal(2 + 1, 3),
        ],
        "\\partial x} = (2,": [single(lambda: same(EX_V["dx"], [2, -3, -4, 3, 2, -2, 6]))],
        "Como operación": [
            single(lambda: same(dilate1(EX_G, 2), [1, 0, -2, 0, 1, 0, 3])),
            equal(len(dilate1(EX_G, 2)), 2 * 4),
            equal(2 * 4, 8),
            equal(len(EX_W) - 1, 2),
            single(lambda: same(EX_W[::-1], [-1, 2, 1])),
            None,
        ],
        "\\operatorname{crop}_1": [
            _ex(lambda v: same(v["dx"], _crop_form(v)), 4533),
            _ex(lambda v: same(_crop_form(v), _pad1_form(v)), 4534),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh45_truth_b import NOTES_B

    return {**APC_CLAIMS, **ZH_CLAIMS, **REV_CLAIMS, **EX_CLAIMS, **NOTES_B}
