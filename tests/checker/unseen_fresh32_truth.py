"""Independent truth for the fresh32 unseen set (tests/data/check/unseen/fresh32/): the notes
kougi05_tatamikomi_gyakudenpan, c4w1_conv_backward_my_notes, ru_so_polnaya_svertka_shag2 and
index_notation_conv_dense_einstein.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. Lines are found from an anchor (a piece of the line, unique in
the note); a None holds the rank of a keyed non-claim. A side that reads an entry outside a
tensor (IndexError) or has the wrong shape disagrees; where a note declares zeros outside a
range, those entries are read as zero. A link between two written numbers is judged as
arithmetic; a size or count named on the left must equal the true one. The other three notes
live in unseen_fresh32_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh31_truth import checks
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
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
SET = "fresh32"


# (stem, table) -> claims of this set's note, lines found from the anchors
claims_of = functools.partial(anchored_claims, SET)


# --- kougi05_tatamikomi_gyakudenpan.md: X 4x4, W 2x2, scalar b, stride 1, no padding, 0-based;
# G = dL/dY (3x3); \star is the valid cross-correlation, * the flipping convolution

KOU = "kougi05_tatamikomi_gyakudenpan"
_KX = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 0], [1, 1, 0, 2]], dtype=float)
_KW = np.array([[1, 0], [-1, 2]], dtype=float)
_KG = np.array([[1, 0, -1], [2, 1, 0], [0, -1, 1]], dtype=float)


def _kou(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    t = conv(x[None, None], w[None, None], np.array([b]), g[None, None])
    return {"x": x, "w": w, "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0], "dw": t["dw"][0, 0],
            "db": float(t["db"][0])}  # fmt: skip


def _kou_rand(r: np.random.Generator) -> dict:
    return _kou(r.normal(size=(4, 4)), r.normal(size=(2, 2)), float(r.normal()),
                r.normal(size=(3, 3)))  # fmt: skip


def _ko(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_kou_rand(r)), seed)


def _ko_own(rel: Callable[[dict], bool]) -> Truth:
    """On the note's numbers (b = 0)."""
    return single(lambda: rel(_kou(_KX, _KW, 0.0, _KG)))


def _kou_dw(v: dict) -> bool:
    rhs = [[sum(v["g"][i, j] * at(v["x"], i + m, j + n) for i in range(3) for j in range(3))
            for n in range(2)] for m in range(2)]  # fmt: skip
    return same(v["dw"], rhs)


def _kou_dx_plus(v: dict) -> bool:
    rhs = [[sum(zat(v["g"], p + m, q + n) * v["w"][m, n] for m in range(2) for n in range(2))
            for q in range(4)] for p in range(4)]  # fmt: skip
    return same(v["dx"], rhs)


def true_conv(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D convolution with the kernel flipped (the textbook *)."""
    return corr(a, rot180(k))


KOU_CLAIMS = claims_of(KOU, {
    "$$Y_{i,j} = \\sum_{m=0}^{1}": [None],
    "H_{\\mathrm{out}} = 4 - 2 + 1": [equal(conv_out(4, 2), 4 - 2 + 1), equal(4 - 2 + 1, 3)],
    "上流から来る勾配を": [None],
    "\\partial W_{m,n}} = \\sum": [_ko(_kou_dw, 10)],
    "\\partial b} = \\sum_{i=0}^{2}": [_ko(lambda v: math.isclose(v["db"], v["g"].sum()), 20)],
    "\\nabla_W L = X \\star G": [_ko(lambda v: same(v["dw"], corr(v["x"], v["g"])), 30)],
    "$G = 0$": [None],
    "\\partial X_{p,q}} = \\sum": [_ko(_kou_dx_plus, 40)],
    "\\operatorname{pad}_1(G) \\star \\operatorname{rot}": [
        _ko(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["w"]))), 50)],
    "\\operatorname{pad}_1(G) * \\operatorname{rot}": [
        _ko(lambda v: same(v["dx"], true_conv(pad(v["g"], 1), rot180(v["w"]))), 60)],
    "（$b = 0$）": [None],
    "$$X = \\begin{pmatrix} 1 & 2": [None, None, None],
    "Y_{1,2} = 3\\cdot 1": [
        _ko_own(lambda v: math.isclose(v["y"][1, 2], 3 * 1 + 1 * 0 + 1 * (-1) + 0 * 2)),
        equal(3 * 1 + 1 * 0 + 1 * (-1) + 0 * 2, 3)],
    "全要素の和で": [_ko_own(lambda v: math.isclose(v["db"], 4))],
    "\\partial W_{1,1}} = 5": [_ko_own(lambda v: math.isclose(v["dw"][1, 1], 5))],
    "\\partial X_{0,0}} = G_{0,0}": [
        _ko_own(lambda v: math.isclose(v["dx"][0, 0], _KG[0, 0] * _KW[1, 1])),
        equal(_KG[0, 0] * _KW[1, 1], 2)],
    "\\partial X_{3,3}} = G_{2,2}": [
        _ko_own(lambda v: math.isclose(v["dx"][3, 3], _KG[2, 2] * _KW[1, 1])),
        equal(_KG[2, 2] * _KW[1, 1], 2)],
    "\\partial X_{1,1}} = G_{0,0}W": [
        _ko(lambda v: math.isclose(v["dx"][1, 1], v["g"][0, 0] * v["w"][1, 1]
                                   + v["g"][0, 1] * v["w"][1, 0] + v["g"][1, 0] * v["w"][0, 1]
                                   + v["g"][1, 1] * v["w"][0, 0]), 70),
        equal(_KG[0, 0] * _KW[1, 1] + _KG[0, 1] * _KW[1, 0] + _KG[1, 0] * _KW[0, 1]
              + _KG[1, 1] * _KW[0, 0], 3)],
})  # fmt: skip


# --- c4w1_conv_backward_my_notes.md: Ng's notation, channels last (m, n_H, n_W, n_C), filters
# (f, f, n_C_prev, n_C), 0-based; dZ = dJ/dZ; numeric network 32x32x3 -> CONV1 f5 s1 p2 8 ->
# CONV2 f3 s2 p0 16 -> max pool 2/2 -> FC 784 -> 10 (columns convention)

C4 = "c4w1_conv_backward_my_notes"
_SIZE_GRID = [(h, f, s, p) for h in (7, 8, 11, 12) for f in (2, 3, 5) for s in (1, 2, 3)
              for p in (0, 1, 2)]  # fmt: skip


def _nhwc(r: np.random.Generator, m: int, h: int, cp: int, f: int, nc: int, s: int,
          p: int) -> dict:  # fmt: skip
    """A channels-last conv layer through torch: a (m,h,h,cp), W (f,f,cp,nc), b (nc); gradients
    of sum(Z * dZ) for the padded input, the weights and the bias."""
    a, w, b = r.normal(size=(m, h, h, cp)), r.normal(size=(f, f, cp, nc)), r.normal(size=nc)
    ap = np.pad(a, ((0, 0), (p, p), (p, p), (0, 0)))
    apt = t64(ap.transpose(0, 3, 1, 2), True)
    wt, bt = t64(w.transpose(3, 2, 0, 1), True), t64(b, True)
    z = F.conv2d(apt, wt, bt, stride=s)
    dz = r.normal(size=tuple(z.shape))
    (z * t64(dz)).sum().backward()
    return {"ap": ap, "w": w, "dz": dz.transpose(0, 2, 3, 1), "s": s, "f": f,
            "dap": apt.grad.numpy().transpose(0, 2, 3, 1),
            "dw": wt.grad.numpy().transpose(2, 3, 1, 0), "db": bt.grad.numpy()}  # fmt: skip


def _c4(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    size = {"m": 2, "h": 7, "cp": 3, "f": 3, "nc": 4, "s": 2, "p": 1} | kw
    return trials(lambda r: rel(_nhwc(r, **size)), seed)


def _c4_dw(v: dict, stride_in_index: bool = True) -> bool:
    """dW_{u,v,k,c} = sum_{i,h,w} a~_{i, s h + u, s w + v, k} dZ_{i,h,w,c} (s = 1 when the note
    drops the stride)."""
    dz, ap, f = v["dz"], v["ap"], v["f"]
    s = v["s"] if stride_in_index else 1
    _, nh, nw, _ = dz.shape
    out = np.zeros(v["dw"].shape)
    for u in range(f):
        for w_ in range(f):
            rows = ap[:, u : u + s * (nh - 1) + 1 : s, w_ : w_ + s * (nw - 1) + 1 : s, :]
            if rows.shape[1:3] != (nh, nw):
                return False
            out[u, w_] = np.einsum("ihwk,ihwc->kc", rows, dz)
    return same(v["dw"], out)


def _c4_dap(v: dict) -> bool:
    dz, w, s = v["dz"], v["w"], v["s"]
    m, nh, nw, nc = dz.shape
    _, hp, wp, cp = v["ap"].shape
    out = np.zeros((m, hp, wp, cp))
    for p in range(hp):
        for q in range(wp):
            for c in range(nc):
                for h in range(nh):
                    for w_ in range(nw):
                        u, vv = p - s * h, q - s * w_
                        if 0 <= u < w.shape[0] and 0 <= vv < w.shape[1]:  # W zero outside
                            out[:, p, q, :] += w[u, vv, :, c][None, :] * dz[:, h, w_, c][:, None]
    return same(v["dap"], out)


def _c4_tanh(r: np.random.Generator) -> bool:
    zt = t64(r.normal(size=(2, 5, 5, 3)), True)
    da = r.normal(size=(2, 5, 5, 3))
    a = torch.tanh(zt)
    (a * t64(da)).sum().backward()
    an = a.detach().numpy()
    return same(zt.grad.numpy(), da * (1 - an) ** 2)


def _pool_side(h: int, k: int, s: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s).shape[-1])


def _c4_fc(r: np.random.Generator) -> bool:
    """J = mean softmax cross-entropy over m = 10 columns; dJ/dW^[4] against (1/m) dZ A^T."""
    m = 10
    a3 = r.normal(size=(784, m))
    w = t64(r.normal(size=(10, 784)) * 0.05, True)
    b = t64(r.normal(size=(10, 1)), True)
    y = np.eye(10)[:, r.integers(0, 10, size=m)]
    z = w @ t64(a3) + b
    loss = -(t64(y) * torch.log_softmax(z, dim=0)).sum() / m
    loss.backward()
    dz = torch.softmax(z, dim=0).detach().numpy() - y
    return same(w.grad.numpy(), dz @ a3.T / m)


C4_CLAIMS = claims_of(C4, {
    "$$n_H = \\left\\lfloor": [
        grid(lambda h, f, s, p: conv_out(h, f, s, p) == (h + 2 * p - f) // s + 1, _SIZE_GRID)],
    "$$n_W = \\left\\lceil": [
        grid(lambda h, f, s, p: conv_out(h, f, s, p) == math.ceil((h + 2 * p - f) / s) + 1,
             _SIZE_GRID)],
    "$$Z_{i,h,w,c} = \\sum": [None],
    "The assignment hands us": [None],
    "$$dW_{u,v,k,c} = \\sum": [_c4(_c4_dw, 100)],
    "$$db_{c} = \\frac{1}{m}": [_c4(lambda v: same(v["db"], v["dz"].sum((0, 1, 2)) / 2), 110)],
    "Written as one sum": [None],
    "$$d\\tilde a_{i,p,q,k} = \\sum": [_c4(_c4_dap, 120)],
    "Activation: with": [None, trials(_c4_tanh, 130)],
    "$m = 10$ images": [None],
    "CONV1: $f = 5$": [None, None, None, None],
    "(5 \\cdot 5 \\cdot 3 + 1) \\cdot 8 = 608": [
        checks(lambda: params(torch.nn.Conv2d(3, 8, 5, padding=2)) == (5 * 5 * 3 + 1) * 8,
               lambda: (5 * 5 * 3 + 1) * 8 == 608)],
    "CONV2 (no ReLU": [None, None, None, None],
    "n_H^{[2]} = \\left\\lfloor": [equal(conv_out(32, 3, 2, 0), (32 - 3) // 2 + 1),
                                  equal((32 - 3) // 2 + 1, 15)],
    "\\#\\text{params}^{[2]}": [equal(params(torch.nn.Conv2d(8, 16, 3, stride=2)),
                                       (3 * 3 * 8 + 1) * 16),
                                 equal((3 * 3 * 8 + 1) * 16, 1160)],
    "Since $s = 2$ here": [None],
    "dW^{[2]}_{u,v,k,c} = \\sum": [
        _c4(lambda v: _c4_dw(v, stride_in_index=False), 140, m=10, h=32, cp=8, nc=16, p=0)],
    "POOL (max": [None, None],
    "n_H^{[3]} = \\left\\lceil": [equal(_pool_side(15, 2, 2), math.ceil((15 - 2) / 2) + 1),
                                 equal(math.ceil((15 - 2) / 2) + 1, 8)],
    "FC: flatten": [None],
    "10 \\cdot 784 + 10 = 7850": [
        checks(lambda: params(torch.nn.Linear(784, 10)) == 10 * 784 + 10,
               lambda: 10 * 784 + 10 == 7850, lambda: _pool_side(15, 2, 2) ** 2 * 16 == 784)],
    "As in course 1": [None],
    "dW^{[4]} = \\frac{1}{m}": [trials(_c4_fc, 150)],
})  # fmt: skip


# --- ru_so_polnaya_svertka_shag2.md: X 5x5, K 3x3, stride 2, no padding, 0-based, G 2x2; then a
# 6x6 input, and padding 1 (G 3x3); the note's K and G for the worked numbers

RU = "ru_so_polnaya_svertka_shag2"
_RK = np.array([[1, 2, 0], [0, 1, -1], [3, 0, 2]], dtype=float)
_RG = np.array([[1, -1], [2, 3]], dtype=float)


def _ru(x: np.ndarray, k: np.ndarray, g: np.ndarray, padding: int = 0) -> dict:
    t = conv(x[None, None], k[None, None], None, g[None, None], stride=2, padding=padding)
    return {"x": x, "k": k, "g": g, "dx": t["dx"][0, 0], "dk": t["dw"][0, 0]}


def _ru_rand(r: np.random.Generator, h: int = 5, padding: int = 0) -> dict:
    side = conv_out(h, 3, 2, padding)
    return _ru(r.normal(size=(h, h)), r.normal(size=(3, 3)), r.normal(size=(side, side)), padding)


def _rr(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_ru_rand(r, **kw)), seed)


def _ru_own(rel: Callable[[dict], bool]) -> Truth:
    """The note's K and G on a random X (dX does not depend on X)."""
    return single(lambda: rel(_ru(np.random.default_rng(200).normal(size=(5, 5)), _RK, _RG)))


def _ru_dx(v: dict) -> bool:
    g, k = v["g"], v["k"]
    rhs = [[sum(g[i, j] * zat(k, p - 2 * i, q - 2 * j) for i in range(2) for j in range(2))
            for q in range(5)] for p in range(5)]  # fmt: skip
    return same(v["dx"], rhs)


def _ru_dk_nostride(v: dict) -> bool:
    g, x = v["g"], v["x"]
    rhs = [[sum(g[i, j] * at(x, i + u, j + w) for i in range(2) for j in range(2))
            for w in range(3)] for u in range(3)]  # fmt: skip
    return same(v["dk"], rhs)


def _full_dil(v: dict, border: int) -> bool:
    return same(v["dx"], corr(pad(dilate(v["g"], 2), border), rot180(v["k"])))


RU_CLAIMS = claims_of(RU, {
    "Градиент по выходу $G": [None],
    "> $$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G)": [
        _rr(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 210)],
    "Для ядра считаю": [_rr(lambda v: same(v["dk"], corr(v["x"], v["g"])), 220)],
    "H_{out} = \\frac{5 - 3}{2} + 1 = 2": [equal(conv_out(5, 3, 2), (5 - 3) / 2 + 1),
                                           equal((5 - 3) / 2 + 1, 2)],
    "$$Y_{i,j} = \\sum_{u=0}^{2}": [None],
    "с коэффициентом": [None],
    "\\partial X_{p,q}} = \\sum_{i=0}^{1}": [_rr(_ru_dx, 230)],
    "\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2\\big(": [
        _rr(lambda v: _full_dil(v, 2), 240)],
    "\\partial K_{u,v}} = \\sum": [_rr(_ru_dk_nostride, 250)],
    "или коротко": [_rr(lambda v: same(v["dk"], corr(v["x"], dilate(v["g"], 2))), 260),
                    equal(5 - 3 + 1, 3)],
    "$$K = \\begin{pmatrix}": [None, None],
    "\\partial X_{4,4}} = G_{1,1} K_{0,0}": [
        _ru_own(lambda v: math.isclose(v["dx"][4, 4], _RG[1, 1] * _RK[0, 0])),
        equal(_RG[1, 1] * _RK[0, 0], 3)],
    "\\partial X_{4,2}} = G_{1,0}": [
        _ru_own(lambda v: math.isclose(v["dx"][4, 2], _RG[1, 0] * _RK[2, 2]
                                       + _RG[1, 1] * _RK[2, 0])),
        equal(_RG[1, 0] * _RK[2, 2] + _RG[1, 1] * _RK[2, 0], 12)],
    "\\sum_{p=0}^{4}\\sum_{q=0}^{4}": [_ru_own(lambda v: math.isclose(v["dx"].sum(), 5 * 8)),
                                      equal(5 * 8, 40)],
    "X_{5,q}} = 0": [_rr(lambda v: same(v["dx"][5], np.zeros(6)), 270, h=6)],
    "\\operatorname{pad}_1\\big(\\operatorname{dilate}_2(G)\\big)": [
        _rr(lambda v: _full_dil(v, 1), 280, padding=1)],
    "\\nabla_X L = \\operatorname{pad}_2(": [_rr(lambda v: _full_dil(v, 2), 290, padding=1)],
})  # fmt: skip


# --- index_notation_conv_dense_einstein.md: x (N=4, C=3, 8, 8), w (F=5, 3, 3, 3), b (5), stride 1,
# no padding, 0-based; dense z_{nk} = W_{kd} a_{nd} + beta_k, D = 180, K = 10; softmax + mean CE

EIN = "index_notation_conv_dense_einstein"


def _ein(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(4, 3, 8, 8)), r.normal(size=(5, 3, 3, 3)), r.normal(size=5)
    dl = r.normal(size=(4, 5, 6, 6))
    t = conv(x, w, b, dl)
    return {"x": x, "w": w, "dl": dl, "dx": t["dx"], "dw": t["dw"], "db": t["db"]}


def _ei(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_ein(r)), seed)


def _ein_dw(v: dict, scale: float = 1.0) -> bool:
    """dL/dw_{fcuv} = scale * Delta_{nfij} x_{nc(i+u)(j+v)} (n, i, j summed)."""
    x, dl = v["x"], v["dl"]
    rhs = np.zeros((5, 3, 3, 3))
    for u in range(3):
        for w_ in range(3):
            rhs[:, :, u, w_] = np.einsum("nfij,ncij->fc", dl, x[:, :, u : u + 6, w_ : w_ + 6])
    return same(v["dw"], scale * rhs)


def _ein_dx(v: dict, plus: bool) -> bool:
    """dL/dx_{ncpq} = Delta_{nfij} w_{fc(p-i)(q-j)} (plus=False, w zero outside) or
    Delta_{nf(p+u)(q+v)} w_{fcuv} (plus=True, Delta zero outside)."""
    dl, w = v["dl"], v["w"]
    rhs = np.zeros((4, 3, 8, 8))
    for p in range(8):
        for q in range(8):
            if plus:
                for u in range(3):
                    for w_ in range(3):
                        if p + u < 6 and q + w_ < 6:
                            rhs[:, :, p, q] += dl[:, :, p + u, q + w_] @ w[:, :, u, w_]
            else:
                for i in range(6):
                    for j in range(6):
                        if 0 <= p - i < 3 and 0 <= q - j < 3:
                            rhs[:, :, p, q] += dl[:, :, i, j] @ w[:, :, p - i, q - j]
    return same(v["dx"], rhs)


def _dense(r: np.random.Generator) -> dict:
    a = r.normal(size=(4, 180))
    wt, bt = t64(r.normal(size=(10, 180)), True), t64(r.normal(size=10), True)
    at_ = t64(a, True)
    z = torch.einsum("kd,nd->nk", wt, at_) + bt
    e = r.normal(size=(4, 10))
    (z * t64(e)).sum().backward()
    return {"a": a, "w": wt.detach().numpy(), "e": e, "dw": wt.grad.numpy(),
            "da": at_.grad.numpy(), "dbeta": bt.grad.numpy()}  # fmt: skip


def _de(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_dense(r)), seed)


def _dense_da_transposed(v: dict) -> bool:
    w, e = v["w"], v["e"]
    rhs = [[sum(at(w, d, k) * e[n, k] for k in range(10)) for d in range(180)] for n in range(4)]
    return same(v["da"], rhs)


def _softmax_jac(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=10))
    jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z).numpy()
    s = torch.softmax(z, 0).numpy()
    return same(jac, s[:, None] * (1 - s[None, :]))


def _softmax_ce(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=(4, 10)), True)
    t = np.eye(10)[r.integers(0, 10, size=4)]
    loss = -(t64(t) * torch.log_softmax(z, 1)).sum() / 4
    loss.backward()
    s = torch.softmax(z, 1).detach().numpy()
    return same(z.grad.numpy(), (s - t) / 4)


def _ein_macs() -> int:
    x, w = torch.zeros(4, 3, 8, 8, dtype=F64), torch.zeros(5, 3, 3, 3, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w))


def _flat_features() -> int:
    return int(F.conv2d(torch.zeros(1, 3, 8, 8, dtype=F64),
                        torch.zeros(5, 3, 3, 3, dtype=F64)).flatten(1).shape[1])  # fmt: skip


EIN_CLAIMS = claims_of(EIN, {
    "mini-batch $x_{ncpq}$": [None],
    "We take $N = 4$": [None, None, None],
    "$$y_{nfij} = w_{fcuv}": [None],
    "the output has side $H' = 8 - 3 + 1": [equal(conv_out(8, 3), 8 - 3 + 1), equal(8 - 3 + 1, 6)],
    "one forward pass costs": [checks(lambda: _ein_macs() == 4 * 5 * 6**2 * 3 * 3**2,
                                      lambda: 4 * 5 * 6**2 * 3 * 3**2 == 19440)],
    "has $F C \\cdot 3^2 + F = 140$": [checks(lambda: params(torch.nn.Conv2d(3, 5, 3)) == 140,
                                              lambda: 5 * 3 * 3**2 + 5 == 140)],
    "With stride 2 instead": [equal(conv_out(8, 3, 2), math.ceil((8 - 3) / 2) + 1)],
    "Write $\\Delta_{nfij}": [None],
    "w_{fcuv}} = \\Delta_{nfij}": [_ei(_ein_dw, 300)],
    "\\partial b_f} = \\sum": [_ei(lambda v: same(v["db"], v["dl"].sum((0, 2, 3))), 310)],
    "we shift the summation variables": [None],
    "w_{fc(p-i)(q-j)}": [_ei(lambda v: _ein_dx(v, plus=False), 320)],
    "\\Delta_{nf(p+u)(q+v)}": [_ei(lambda v: _ein_dx(v, plus=True), 330)],
    "If the loss is the batch mean": [None],
    "\\frac{1}{N}\\,\\Delta_{nfij}": [_ei(lambda v: _ein_dw(v, scale=1 / 4), 340)],
    "After flattening": [equal(_flat_features(), 5 * 6**2), equal(5 * 6**2, 180), None],
    "$$z_{nk} = W_{kd}": [None],
    "which has $D K + K = 1810$": [
        checks(lambda: params(torch.nn.Linear(180, 10)) == 1810, lambda: 180 * 10 + 10 == 1810),
        None],
    "\\partial W_{kd}} = E_{nk}": [_de(lambda v: same(v["dw"], v["e"].T @ v["a"]), 350)],
    "\\partial a_{nd}} = W_{dk}": [_de(_dense_da_transposed, 360)],
    "since $\\beta_k$ enters": [_de(lambda v: same(v["dbeta"], v["e"]), 370)],
    "For softmax $s_{nk}": [None],
    "\\partial s_{nk}}{\\partial z_{nl}}": [trials(_softmax_jac, 380)],
    "one-hot targets": [None],
    "$$E_{nk} = \\frac{1}{N}": [trials(_softmax_ce, 390)],
})  # fmt: skip


def truth_table() -> Claims:
    from unseen_fresh32_truth_b import NOTES_B

    return {**KOU_CLAIMS, **C4_CLAIMS, **RU_CLAIMS, **EIN_CLAIMS, **NOTES_B}
