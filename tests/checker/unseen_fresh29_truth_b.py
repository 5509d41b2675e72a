"""Independent truth for the fresh29 unseen set, second part: the notes
issue_2291_dilated_conv1d_input_grad, uchebnik_glava6_pulling_transp_svertka and
tutorial_handout_tich_chap_tach_roi_gian_no (conventions as in unseen_fresh29_truth.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import Claims, claims_of, conv1_len, flops_half, grid, rf1d
from unseen_truth_base import (
    Truth,
    conv_out,
    equal,
    params,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)

# --- issue_2291_dilated_conv1d_input_grad.md: x = 1..7, w = (1, -1, 2), dilation 2, L = sum y

ISSUE = "issue_2291_dilated_conv1d_input_grad"
_X7 = np.arange(1.0, 8.0)
_W3 = np.array([1.0, -1.0, 2.0])


def _issue(stride: int) -> dict:
    xt, wt, bt = t64(_X7[None, None], True), t64(_W3[None, None], True), t64([0.0], True)
    y = F.conv1d(xt, wt, bt, stride=stride, dilation=2)
    y.sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0],
            "dw": wt.grad.numpy()[0, 0], "db": bt.grad.numpy()}  # fmt: skip


def _issue_dx(index: Callable[[int, int], float], stride: int) -> Truth:
    def check() -> bool:
        g = np.ones(len(_issue(stride)["y"]))
        rhs = [sum(_W3[k] * (zat(g, int(index(s, k))) if index(s, k) == int(index(s, k)) else 0.0)
                   for k in range(3)) for s in range(7)]  # fmt: skip
        return same(_issue(stride)["dx"], rhs)

    return single(check)


def _rf_issue() -> int:
    return rf1d([3], [1], [2])


ISSUE_CLAIMS = claims_of(ISSUE, {
    "So $x = (1, 2,": [None, None, equal(conv1_len(7, 3, 1, 2), 7 - 2 * (3 - 1)),
                       equal(7 - 2 * (3 - 1), 3),
                       single(lambda: same(_issue(1)["y"], [8, 10, 12])),
                       single(lambda: same(_issue(1)["dw"], [6, 12, 18])),
                       single(lambda: same(_issue(1)["db"], [3]))],
    "\\sum_{k=0}^{2} w_k \\, g_{s-k},$$": [_issue_dx(lambda s, k: s - k, 1)],
    "not what autograd prints": [single(lambda: same(_issue(1)["dx"], [1, 0, 2, 1, 2, 0, 0]))],
    "\\sum_{k=0}^{2} w_k \\, g_{s - 2k}$$": [_issue_dx(lambda s, k: s - 2 * k, 1)],
    "and that gives $\\partial L": [
        single(lambda: same(_issue(1)["dx"], [1, 1, 0, -1, 1, 2, 2])),
        lambda: [_rf_issue() == 2 * (3 - 1) + 1, 2 * (3 - 1) + 1 == 5]],
    "Same check with `stride=2`": [
        lambda: [conv1_len(7, 3, 2, 2) == 2, (7 - 5) // 2 + 1 == 2],
        single(lambda: same(_issue(2)["y"], [8, 12]))],
    "I get $\\partial L": [single(lambda: same(_issue(2)["dw"], [6, 12, 18])),
                           single(lambda: same(_issue(2)["db"], [3]))],
    "For the input, outputs now start": [
        _issue_dx(lambda s, k: (s - 2 * k) / 2, 2),
        single(lambda: same(_issue(2)["dx"], [1, 0, 1, 0, 1, 0, 2]))],
})  # fmt: skip


# --- uchebnik_glava6_pulling_transp_svertka.md: the 4x4 X, 2x2 G (1-based); transposed convs

BOOK = "uchebnik_glava6_pulling_transp_svertka"
_X = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [6, 2, 4, 1]], dtype=float)
_G = np.array([[1, -2], [3, 4]], dtype=float)


def _pool(fn: Callable) -> dict:
    xt = t64(_X[None, None], True)
    y = fn(xt, 2, 2)
    (y * t64(_G[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _avg_formula() -> bool:
    rhs = [
        [_G[math.ceil(i / 2) - 1, math.ceil(j / 2) - 1] for j in range(1, 5)] for i in range(1, 5)
    ]
    return same(_pool(F.avg_pool2d)["dx"], rhs)


def _tconv1(x: list[float], w: list[float], s: int) -> np.ndarray:
    y = F.conv_transpose1d(t64([[x]]), t64([[w]]), stride=s)
    return y.numpy()[0, 0]


def _tconv_grads(r: np.random.Generator) -> dict:
    x, w = r.normal(size=4), r.normal(size=3)
    xt, wt = t64([[x]], True), t64([[w]], True)
    y = F.conv_transpose1d(xt, wt, stride=2)
    g = r.normal(size=y.shape[-1])
    (y * t64([[g]])).sum().backward()
    return {"x": x, "w": w, "g": g, "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0]}


def _tconv_dx(r: np.random.Generator) -> bool:
    v = _tconv_grads(r)
    rhs = [sum(v["w"][k] * v["g"][2 * i + k] for k in range(3)) for i in range(4)]
    return same(v["dx"], rhs)


def _tconv_dw(r: np.random.Generator) -> bool:
    v = _tconv_grads(r)
    rhs = [sum(v["x"][i] * v["g"][i + k] for i in range(4)) for k in range(3)]
    return same(v["dw"], rhs)


_MAX_DX = [[0, 0, 0, 0], [1, 0, 0, -2], [0, 0, 0, 0], [3, 0, 4, 0]]
BOOK_CLAIMS = claims_of(BOOK, {
    "$$X = \\begin{pmatrix} 1 & 3": [
        None, single(lambda: same(_pool(F.max_pool2d)["y"], [[4, 5], [6, 4]]))],
    "\\frac{\\partial L}{\\partial X} = \\begin{pmatrix}": [
        single(lambda: same(_pool(F.max_pool2d)["dx"], _MAX_DX))],
    "g_{\\lceil i/2": [single(_avg_formula)],
    "V oboikh sluchayakh": [
        lambda: [math.isclose(_pool(fn)["dx"].sum(), _G.sum())
                 for fn in (F.max_pool2d, F.avg_pool2d)],
        equal(1 - 2 + 3 + 4, 6)],
    "$$H_{out} = (H_{in} - 1)": [
        grid(lambda h, k, s, p: tconv_out(h, k, s, p) == (h - 1) * s - 2 * p + k,
             [(h, k, s, p) for h in (3, 7) for k in (2, 3, 4) for s in (1, 2, 3) for p in (0, 1)]),
        equal(tconv_out(7, 4, 2, 1), (7 - 1) * 2 - 2 * 1 + 4), equal((7 - 1) * 2 - 2 * 1 + 4, 14)],
    "Ego vesa imeyut": [equal(params(torch.nn.ConvTranspose2d(16, 8, 4)), 16 * 8 * 4**2),
                        equal(16 * 8 * 4**2, 2048)],
    "Obratnaya operatsiya": [lambda: [conv_out(14, 4, 2, 1) == 7, (14 + 2 - 4) // 2 + 1 == 7]],
    "Dlya yadra $3": [None, None, equal(tconv_out(7, 3, 2, 1), (7 - 1) * 2 + 2 * 1 + 3),
                      equal((7 - 1) * 2 + 2 * 1 + 3, 17)],
    "**Primer 6.7**": [None, None,
                       single(lambda: same(_tconv1([1, 2], [1, 2, 3], 1), [1, 4, 7, 6])),
                       single(lambda: same(_tconv1([1, 2], [1, 2, 3], 2), [1, 2, 3, 2, 4, 6]))],
    "g_{S i + k},$$": [trials(_tconv_dx, 500)],
    "x_i \\, g_{i + k}.$$": [trials(_tconv_dw, 510)],
})  # fmt: skip


# --- tutorial_handout_tich_chap_tach_roi_gian_no.md: M = 32, N = 64, K = 3, D_F = 112

HAND = "tutorial_handout_tich_chap_tach_roi_gian_no"


def _sep_ratio(m: int, n: int, k: int) -> bool:
    dw = params(torch.nn.Conv2d(m, m, k, groups=m, bias=False))
    pw = params(torch.nn.Conv2d(m, n, 1, bias=False))
    std = params(torch.nn.Conv2d(m, n, k, bias=False))
    return math.isclose((dw + pw) / std, 1 / n + 1 / k**2)


def _pw_mult(m: int, n: int, k: int, df: int) -> bool:
    x, w = torch.zeros(1, m, df, df), torch.zeros(n, m, 1, 1)
    return flops_half(lambda: F.conv2d(x, w)) == k**2 * m * n * df**2


def _rf_formula(*dils: int) -> bool:
    return rf1d([3] * len(dils), [1] * len(dils), list(dils)) == 1 + (3 - 1) * sum(dils)


_DW = params(torch.nn.Conv2d(32, 32, 3, groups=32, bias=False))
_PW = params(torch.nn.Conv2d(32, 64, 1, bias=False))
HAND_CLAIMS = claims_of(HAND, {
    "Tổng khối tách rời": [lambda: [_DW + _PW == 2336, 288 + 2048 == 2336]],
    "\\approx 0.127": [grid(_sep_ratio, [(32, 64, 3), (8, 16, 5), (3, 7, 1)]),
                       lambda: [round(1 / 64 + 1 / 9, 3) == 0.127]],
    "Chi phí tính toán": [grid(_pw_mult, [(4, 6, 3, 5), (2, 3, 5, 4)]), None],
    "Có bias:": [lambda: [params(torch.nn.Conv2d(32, 32, 3, groups=32)) == 320, 32 * 9 + 32 == 320],
                 equal(params(torch.nn.Conv2d(32, 64, 3, groups=32)), 32 * 9 + 64),
                 equal(32 * 9 + 64, 352)],
    "$$H_{out} = 112 + 2": [equal(conv_out(112, 3, 1, 2, 2), 112 + 2 * 2 - 2 * 3 + 1),
                            equal(112 + 2 * 2 - 2 * 3 + 1, 111)],
    "Số tham số của nó": [
        equal(params(torch.nn.Conv2d(64, 64, 3, dilation=2)), 64 * 64 * 5**2 + 64),
                          equal(64 * 64 * 5**2 + 64, 102_464)],
    "công thức: $R_L": [grid(_rf_formula, [(1,), (1, 2), (1, 2, 4), (2, 2, 3)])],
    "$R_3 = 15$": [equal(rf1d([3] * 3, [1] * 3, [1, 2, 4]), 15)],
    "$R_4 = 31$": [equal(rf1d([3] * 4, [1] * 4, [1, 2, 4, 8]), 31)],
    "So sánh: ba lớp": [equal(rf1d([3], [2], [1]), 3), equal(rf1d([3] * 2, [2] * 2, [1] * 2), 7),
                        equal(rf1d([3] * 3, [2] * 3, [1] * 3), 7 + 2 * 2), equal(7 + 2 * 2, 11)],
})  # fmt: skip

NOTES_B: Claims = {**ISSUE_CLAIMS, **BOOK_CLAIMS, **HAND_CLAIMS}
