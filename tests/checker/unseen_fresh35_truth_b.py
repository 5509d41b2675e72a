"""Independent truth for the fresh35 unseen set, second part: the notes
hilo_foro_rot180_convolucion_completa, manuel_7_3_convolutions_groupees_separables,
chiito_shiito_tatamikomi_gyakudenpa and revisao_pr_214_conv_backward_numpy (conventions as in
unseen_fresh35_truth.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh33_truth import near
from unseen_fresh35_truth import Claims, claims_of, mean_of_samples
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
    params,
    rot180,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)

Conv2d = torch.nn.Conv2d


def plane(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """One-channel conv2d of plane x with kernel w; gradients of sum(z * g)."""
    t = conv(x[None, None], w[None, None], None, g[None, None], **kw)
    return {"dx": t["dx"][0, 0], "dw": t["dw"][0, 0]}


def full_conv(g: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The flipping ('full') convolution (g * k)[p, q] = sum g[i, j] k[p - i, q - j]."""
    out = np.zeros((g.shape[0] + k.shape[0] - 1, g.shape[1] + k.shape[1] - 1))
    for p in range(out.shape[0]):
        for q in range(out.shape[1]):
            out[p, q] = sum(g[i, j] * k[p - i, q - j] for i in range(g.shape[0])
                            for j in range(g.shape[1]) if 0 <= p - i < k.shape[0]
                            and 0 <= q - j < k.shape[1])  # fmt: skip
    return out


# --- hilo_foro_rot180_convolucion_completa.md (Spanish): X 4x4, K 2x2, G 3x3 (given), valid
# cross-correlation, stride 1, 1-based, g zero outside 1..3; then X 5x5, K 3x3, stride 2

HILO = "hilo_foro_rot180_convolucion_completa"
HK = np.array([[1.0, 2], [-1, 3]])
HG = np.array([[1.0, 0, 2], [-1, 1, 0], [0, 3, 1]])


def _hilo(r: np.random.Generator, side: int = 4, k: int = 2, stride: int = 1) -> dict:
    x, w = r.normal(size=(side, side)), r.normal(size=(k, k))
    g = r.normal(size=((side - k) // stride + 1,) * 2)
    return {"x": x, "k": w, "g": g, **plane(x, w, g, stride=stride)}


def _hl(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_hilo(r, **kw)), seed)


def _hilo_note() -> np.ndarray:
    """The input gradient at the thread's K and G (it does not depend on X)."""
    return plane(np.zeros((4, 4)), HK, HG)["dx"]


def _hilo_entries(shift: int) -> Callable[[dict], bool]:
    """sum_{m,n} k_mn g_{p-m+shift, q-n+shift}, 1-based, g zero outside."""

    def rel(v: dict) -> bool:
        k, g = v["k"], v["g"]
        rhs = [[sum(k[m - 1, n - 1] * zat(g, p - m + shift - 1, q - n + shift - 1)
                    for m in (1, 2) for n in (1, 2)) for q in range(1, 5)]
               for p in range(1, 5)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


HILO_CLAIMS = claims_of(HILO, {
    "la salida $Y = X \\star K$": [None],
    "$$K = \\begin{pmatrix} 1 & 2": [None, None, None],
    "me sale igual que en PyTorch": [_hl(lambda v: same(v["dw"], corr(v["x"], v["g"])), 600)],
    "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\star K$$": [
        _hl(lambda v: same(v["dx"], corr(pad(v["g"], 1), v["k"])), 610)],
    "= k_{11}\\, g_{33} = 1$": [equal(_hilo_note()[3, 3], HK[0, 0] * HG[2, 2]),
                                equal(HK[0, 0] * HG[2, 2], 1)],
    "k_{mn}\\, g_{p-m+1,\\, q-n+1}$$": [_hl(_hilo_entries(1), 620)],
    "= G *_{\\text{full}} K$$": [
        _hl(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["k"]))), 630),
        _hl(lambda v: same(corr(pad(v["g"], 1), rot180(v["k"])), full_conv(v["g"], v["k"])),
            640)],
    "lado $3 + 2 - 1 = 4$": [equal(3 + 2 - 1, 4)],
    "1 & -1 & 10 & 2": [single(lambda: same(_hilo_note(), [
        [1, 2, 2, 4], [-2, 2, 0, 6], [1, -1, 10, 2], [0, -3, 8, 3]]))],
    "Por eso $\\frac{\\partial L}{\\partial x_{44}} = 3$": [equal(_hilo_note()[3, 3], 3)],
    "yo lo comprobé a mano con una entrada del centro": [
        equal(_hilo_note()[1, 1], float(np.sum(HK * HG[:2, :2]))),
        equal(np.sum(HK * HG[:2, :2]), 5)],
    "\\Big(\\sum_{i,j} g_{ij}\\Big)": [_hl(lambda v: math.isclose(
        v["dx"].sum(), v["g"].sum() * v["k"].sum(), abs_tol=1e-9), 650)],
    "\\operatorname{rot180}(X \\star G)$": [
        _hl(lambda v: same(v["dw"], rot180(corr(v["x"], v["g"]))), 660)],
    "k_{mn}\\, g_{p-m,\\, q-n}$$": [_hl(_hilo_entries(0), 670)],
    "Un compañero dice que basta con": [_hl(lambda v: same(
        v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 680, side=5, k=3, stride=2)],
    "\\operatorname{pad}_2(\\operatorname{dilate}_2(G))": [_hl(lambda v: same(
        v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["k"]))), 690, side=5, k=3, stride=2)],
})  # fmt: skip


# --- manuel_7_3_convolutions_groupees_separables.md (French): general C_in, C_out, K, G, all with
# bias; the table's layers on 32 x 56 x 56, padding 1 for 3x3; MACs = FlopCounterMode / 2

MANUEL = "manuel_7_3_convolutions_groupees_separables"
_GROUPS = [(8, 16, 3, 2), (12, 6, 3, 3), (16, 32, 1, 4), (6, 9, 5, 3), (32, 64, 3, 4), (4, 8, 3, 4)]
_MULT = [(4, 3, 2), (8, 3, 3), (6, 5, 2), (3, 1, 4)]  # C_in, K, multiplier m >= 2
_SEP = [(8, 16, 3), (16, 8, 3), (32, 64, 3), (6, 12, 5), (12, 4, 3)]  # C_in != C_out


def macs(cin: int, cout: int, k: int, groups: int = 1, side: int = 10) -> int:
    x = torch.zeros(1, cin, side, side, dtype=F64)
    w = torch.zeros(cout, cin // groups, k, k, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w, padding=k // 2, groups=groups))


def _separable_ratio(cin: int, cout: int, k: int) -> bool:
    ratio = (macs(cin, cin, k, cin) + macs(cin, cout, 1)) / macs(cin, cout, k)
    return math.isclose(ratio, 1 / cin + 1 / k**2)


def _depthwise(r: np.random.Generator) -> dict:
    """Depthwise 3x3 on 32 channels of 56x56, padding 1: x tilde is the leaf (58x58)."""
    xp = np.pad(r.normal(size=(32, 56, 56)), ((0, 0), (1, 1), (1, 1)))
    w, g = r.normal(size=(32, 1, 3, 3)), r.normal(size=(1, 32, 56, 56))
    t = conv(xp[None], w, None, g, groups=32)
    return {"xp": xp, "w": w[:, 0], "g": g[0], "dxp": t["dx"][0], "dw": t["dw"][:, 0]}


def _dw_weight(v: dict) -> bool:
    g, xp = v["g"], v["xp"]
    rhs = [[[np.sum(g[c] * xp[c, u : u + 56, s : s + 56]) for s in range(3)] for u in range(3)]
           for c in range(32)]  # fmt: skip
    return same(v["dw"], rhs)


def _dw_input_all_channels(v: dict) -> bool:
    """The note's sum over c' of delta_{c', p-u, q-v} w_{c',u,v}, delta zero off its grid."""
    gz, w = np.pad(v["g"], ((0, 0), (2, 2), (2, 2))), v["w"]
    one = sum(np.einsum("cpq,c->pq", gz[:, 2 - u : 60 - u, 2 - s : 60 - s], w[:, u, s])
              for u in range(3) for s in range(3))  # fmt: skip
    return same(v["dxp"], np.broadcast_to(one, (32, 58, 58)))


MANUEL_CLAIMS = claims_of(MANUEL, {
    "$$P_G = C_{out} \\, \\frac{C_{in}}{G} \\, K^2 + C_{out} .$$": [grid(
        lambda ci, co, k, g: params(Conv2d(ci, co, k, groups=g)) == co * (ci // g) * k**2 + co,
        _GROUPS)],
    "$P_G = P_{\\text{std}} / G$": [grid(lambda ci, co, k, g: math.isclose(
        params(Conv2d(ci, co, k, groups=g)), params(Conv2d(ci, co, k)) / g), _GROUPS)],
    "le cas extrême $G = C_{in} = C_{out}$": [None, None, grid(
        lambda ci, k, m: params(Conv2d(ci, m * ci, k, groups=ci)) == m * ci * k**2 + ci, _MULT)],
    "$P_{\\text{std}} = 64 \\cdot 32 \\cdot 9 + 64 = 18\\,496$": [
        equal(params(Conv2d(32, 64, 3)), 64 * 32 * 9 + 64), equal(64 * 32 * 9 + 64, 18496),
        equal(params(Conv2d(32, 32, 3, groups=32)), 320),
        equal(params(Conv2d(32, 64, 1)), 32 * 64), equal(32 * 64, 2048),
        equal(params(Conv2d(32, 64, 3, groups=4)), 64 * 8 * 9 + 64),
        equal(64 * 8 * 9 + 64, 4672)],
    "$$M_G = H' W' \\, C_{out}": [grid(
        lambda ci, co, k, g: macs(ci, co, k, g) == 10 * 10 * co * (ci // g) * k**2, _GROUPS)],
    "$M_G = M_{\\text{std}} / G^2$": [grid(lambda ci, co, k, g: math.isclose(
        macs(ci, co, k, g), macs(ci, co, k) / g**2), _GROUPS)],
    "Sur l'exemple, la couche en profondeur": [
        equal(macs(32, 32, 3, 32, side=56), 56**2 * 32 * 9), equal(56**2 * 32 * 9, 903168)],
    "{M_{\\text{std}}} = \\frac{1}{C_{in}} + \\frac{1}{K^2}": [grid(_separable_ratio, _SEP)],
    "soit ici $\\frac{1}{32} + \\frac{1}{9} \\approx 0{,}142$": [
        single(lambda: near(1 / 32 + 1 / 9, 0.142))],
    "Notons $\\tilde x = \\operatorname{pad}_1(x)$": [None, None],
    "\\delta_{c,i,j} \\, \\tilde x_{c,\\, i+u,\\, j+v}$$": [
        trials(lambda r: _dw_weight(_depthwise(r)), 700)],
    "\\sum_{c'=0}^{C-1} \\sum_{u=0}^{2}": [
        trials(lambda r: _dw_input_all_channels(_depthwise(r)), 710)],
})  # fmt: skip


# --- chiito_shiito_tatamikomi_gyakudenpa.md (Japanese): one channel, X H x H, kernel K x K,
# scalar b, stride S, padding P; circledast the valid cross-correlation; crop_p removes p per side

CHIITO = "chiito_shiito_tatamikomi_gyakudenpa"
_HKSP = [(7, 3, 1, 0), (8, 3, 2, 1), (9, 4, 2, 1), (10, 5, 3, 2), (12, 3, 3, 0), (6, 2, 2, 0),
         (11, 5, 1, 2), (13, 4, 3, 1)]  # fmt: skip
_HKP = [(h, k, p) for h, k, s, p in _HKSP if s == 1] + [(6, 3, 1), (9, 2, 1), (5, 3, 2)]
# S >= 2 dividing H + 2P - K and at least two outputs
_DIVIDES = [(9, 3, 2, 0), (9, 3, 2, 1), (11, 4, 3, 1), (11, 3, 2, 0), (13, 4, 3, 0), (7, 3, 2, 2)]
_KD = [(k, d) for k in (2, 3, 5) for d in (1, 2, 3)]


def crop(a: np.ndarray, p: int) -> np.ndarray:
    return a[p : a.shape[0] - p, p : a.shape[1] - p]


def _fits(h: int, k: int, d: int) -> bool:
    try:
        conv_out(h, k, 1, 0, d)
    except RuntimeError:
        return False
    return True


def _k_eff(k: int, d: int) -> bool:
    """D(K - 1) + 1 is the side of the smallest input the dilated kernel fits."""
    e = d * (k - 1) + 1
    return _fits(e, k, d) and conv_out(e, k, 1, 0, d) == 1 and not _fits(e - 1, k, d)


def _chi(h: int, k: int, s: int, p: int) -> dict:
    r = np.random.default_rng(800 + 29 * h + 11 * k + 5 * s + p)
    x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
    g = r.normal(size=(conv_out(h, k, s, p),) * 2)
    return {"x": x, "w": w, "g": g, "k": k, "s": s, "p": p, **plane(x, w, g, stride=s, padding=p)}


def _ch(rel: Callable[[dict], bool], sizes: list[tuple[int, ...]]) -> Truth:
    """rel on one draw per size; (h, k, p) sizes mean stride 1."""
    return grid(lambda *q: rel(_chi(*q) if len(q) == 4 else _chi(q[0], q[1], 1, q[2])), sizes)


def _input_grad(dilated: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g = dilate(v["g"], v["s"]) if dilated else v["g"]
        return same(v["dx"], crop(corr(pad(g, v["k"] - 1), rot180(v["w"])), v["p"]))

    return rel


def _sigmoid(r: np.random.Generator) -> bool:
    z, g = t64(r.normal(size=(5, 5)), True), r.normal(size=(5, 5))
    a = torch.sigmoid(z)
    (a * t64(g)).sum().backward()
    an = a.detach().numpy()
    return same(z.grad.numpy(), g * an * (1 - an))


def _bias_row(r: np.random.Generator) -> bool:
    """The scalar bias's gradient against the note's 1^T delta (a row of column sums)."""
    x, w, b = r.normal(size=(6, 6)), r.normal(size=(3, 3)), r.normal(size=1)
    g = r.normal(size=(6, 6))
    db = conv(x[None, None], w[None, None], b, g[None, None], padding=1)["db"]
    return same(db[0], np.ones(6) @ g)


def _channels(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(1, 2, 6, 6)), r.normal(size=(3, 2, 3, 3)), r.normal(size=(1, 3, 4, 4))
    dx = conv(x, w, None, g)["dx"][0]
    rhs = [sum(corr(pad(g[0, f], 2), w[f, c]) for f in range(3)) for c in range(2)]
    return same(dx, rhs)


def _pool_mask(r: np.random.Generator) -> dict:
    x, g = r.normal(size=(6, 6)), r.normal(size=(3, 3))
    xt = t64(x, True)
    (F.max_pool2d(xt[None, None], 2, 2)[0, 0] * t64(g)).sum().backward()
    mask = np.zeros((6, 6))
    for i in range(3):
        for j in range(3):
            u, s = np.unravel_index(np.argmax(x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]), (2, 2))
            mask[2 * i + u, 2 * j + s] = 1
    return {"g": g, "mask": mask, "dx": xt.grad.numpy()}


def _avg(r: np.random.Generator) -> bool:
    x, g = t64(r.normal(size=(6, 6)), True), r.normal(size=(3, 3))
    (F.avg_pool2d(x[None, None], 2, 2)[0, 0] * t64(g)).sum().backward()
    return same(x.grad.numpy(), np.kron(g, np.ones((2, 2))) / 4)


def _gap(r: np.random.Generator) -> bool:
    x, g = t64(r.normal(size=(5, 5)), True), float(r.normal())
    (x.mean() * g).backward()
    return same(x.grad.numpy(), g * np.ones((5, 5)))


def _dense(r: np.random.Generator) -> dict:
    w, x, b, g = r.normal(size=(3, 5)), r.normal(size=5), r.normal(size=3), r.normal(size=3)
    wt, xt = t64(w, True), t64(x, True)
    ((wt @ xt + t64(b)) * t64(g)).sum().backward()
    return {"W": w, "x": x, "g": g, "dW": wt.grad.numpy(), "dx": xt.grad.numpy()}


CHIITO_CLAIMS = claims_of(CHIITO, {
    "は valid な相互相関": [None],
    "- 順伝播（$S = 1$ のとき）": [None] * 5,
    "$H' = \\lfloor (H + 2P - K)/S \\rfloor + 1$": [grid(
        lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, _HKSP)],
    "$K_{\\text{eff}} = D(K - 1) + 1$": [grid(_k_eff, _KD)],
    "$H_{\\text{tr}} = (H - 1)S - 2P + K$": [grid(
        lambda h, k, s, p: tconv_out(h, k, s, p) == (h - 1) * s - 2 * p + k, _HKSP)],
    "$H_{\\text{tr}} = (H - 1)S - 2P + DK$": [grid(
        lambda h, k, s, p, d: tconv_out(h, k, s, p, 0, d) == (h - 1) * s - 2 * p + d * k,
        [(h, k, s, p, d) for h, k, s, p in _HKSP for d in (2, 3)])],
    "$\\#\\theta = C_{out}(C_{in} K^2 + 1)$": [grid(
        lambda ci, co, k: params(Conv2d(ci, co, k)) == co * (ci * k**2 + 1),
        [(1, 8, 3), (3, 16, 5), (16, 32, 1), (8, 4, 3)])],
    "シグモイド $A = \\sigma(Z)$": [None, trials(_sigmoid, 810)],
    "## 3. 畳み込み層（$S = 1$）": [None],
    "- バイアス：": [trials(_bias_row, 815)],
    "- 重み：$\\frac{\\partial L}{\\partial W} = \\operatorname{pad}_P(X) \\circledast \\delta$": [
        _ch(lambda v: same(v["dw"], corr(pad(v["x"], v["p"]), v["g"])), _HKP)],
    "- 入力：": [_ch(_input_grad(False), _HKP)],
    "- 多チャネル（$P = 0$": [None, trials(_channels, 820)],
    "## 4. ストライド $S \\ge 2$": [None],
    "- 重み（ストライド付き）：": [_ch(lambda v: same(
        v["dw"], corr(pad(v["x"], v["p"]), dilate(v["g"], v["s"]))), _DIVIDES)],
    "- 入力（ストライド付き）：": [_ch(_input_grad(False), _DIVIDES)],
    "- 平均プーリング": [trials(_avg, 830)],
    "- 最大プーリング": [trials(lambda r: (lambda v: same(
        v["dx"], np.kron(v["g"], np.ones((2, 2))) * v["mask"]))(_pool_mask(r)), 840)],
    "- 全体平均プーリング": [None, None, trials(_gap, 850)],
    "- $y = Wx + b$": [None, None, trials(lambda r: (lambda v: same(
        v["dW"], np.outer(v["g"], v["x"])))(_dense(r)), 860),
        trials(lambda r: (lambda v: same(v["dx"], v["W"] @ v["g"]))(_dense(r)), 870)],
})  # fmt: skip


# --- revisao_pr_214_conv_backward_numpy.md (Portuguese): x (2, 3, 7, 7), weight (4, 3, 3, 3),
# b (4,), stride 2, pad 1, NCHW, 0-based; dout (2, 4, 4, 4)

PR = "revisao_pr_214_conv_backward_numpy"


def _pr(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 3, 7, 7)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = r.normal(size=(2, 4, 4, 4))
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    t = conv(x, w, b, g, stride=2, padding=1)
    return {"x": x, "xp": xp, "w": w, "b": b, "g": g, **t,
            "dxp": conv(xp, w, b, g, stride=2)["dx"]}  # fmt: skip


def _p(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_pr(r)), seed)


def _pr_dw(key: str) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        x, g = v[key], v["g"]
        rhs = [[[[sum(g[n, f, h, w] * at(x, n, c, 2 * h + i, 2 * w + j) for n in range(2)
                      for h in range(4) for w in range(4)) for j in range(3)] for i in range(3)]
                for c in range(3)] for f in range(4)]  # fmt: skip
        return same(v["dw"], rhs)

    return rel


def _pr_scatter(v: dict) -> bool:
    """dout at (p - i)/2, (q - j)/2, zero when not an integer or outside 0..3."""
    g, w = v["g"], v["w"]

    def d(n: int, f: int, a: int, c: int) -> float:
        if a < 0 or c < 0 or a % 2 or c % 2:
            return 0.0
        return zat(g, n, f, a // 2, c // 2)

    rhs = [[[[sum(d(n, f, p - i, q - j) * w[f, c, i, j] for f in range(4) for i in range(3)
                  for j in range(3)) for q in range(9)] for p in range(9)] for c in range(3)]
           for n in range(2)]  # fmt: skip
    return same(v["dxp"], rhs)


def _pr_planes(dilated: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        sp = (lambda a: dilate(a, 2)) if dilated else (lambda a: a)
        rhs = [[sum(corr(pad(sp(g[n, f]), 2), rot180(w[f, c])) for f in range(4))
                for c in range(3)] for n in range(2)]  # fmt: skip
        return same(v["dxp"], rhs)

    return rel


def _pr_mean(key: str, factor: float) -> Truth:
    """L = (1/N) sum_n l_n, dout[n] = d l_n / d out[n]; the PR's dW, db sum the batch."""

    def rel(r: np.random.Generator) -> bool:
        v = _pr(r)
        wt, bt = t64(v["w"], True), t64(v["b"], True)
        mean_of_samples(F.conv2d(t64(v["x"]), wt, bt, stride=2, padding=1), v["g"]).backward()
        got = {"dw": wt.grad.numpy(), "db": bt.grad.numpy()}[key]
        return same(got, factor * v[key])

    return trials(rel, 960 if key == "dw" else 970)


def _pr_macs() -> int:
    x, w = torch.zeros(2, 3, 7, 7, dtype=F64), torch.zeros(4, 3, 3, 3, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w, stride=2, padding=1))


PR_CLAIMS = claims_of(PR, {
    "a saída tem lado $H' = (7 + 2 \\cdot 1 - 3)/2 + 1 = 4$": [
        equal(conv_out(7, 3, 2, 1), (7 + 2 * 1 - 3) / 2 + 1), equal((7 + 2 * 1 - 3) / 2 + 1, 4)],
    "\\texttt{x}[n,\\, c,\\, h s + i,\\, w s + j]$$": [_p(_pr_dw("x"), 900)],
    "\\texttt{x\\_pad}[n,\\, c,\\, h s + i,\\, w s + j]$$": [_p(_pr_dw("xp"), 910)],
    "Já o `db` está certo": [_p(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 920)],
    "\\frac{p-i}{s},\\, \\frac{q-j}{s}\\Big]": [_p(_pr_scatter, 930)],
    "e no fim basta recortar a borda": [
        _p(lambda v: same(v["dx"], v["dxp"][:, :, 1:8, 1:8]), 940)],
    "\\operatorname{pad}_2(\\texttt{dout}[n,f]) \\star": [_p(_pr_planes(False), 950)],
    "\\operatorname{pad}_2(\\operatorname{dilate}_2(\\texttt{dout}[n,f]))": [
        _p(_pr_planes(True), 955)],
    "Outra coisa: no teste a perda": [None, _pr_mean("dw", 1 / 2), _pr_mean("db", 1.0)],
    "E no mesmo espírito da sugestão": [_p(lambda v: same(v["dw"], [[sum(
        corr(v["xp"][n, c], v["g"][n, f]) for n in range(2)) for c in range(3)]
        for f in range(4)]), 958)],
    "Sobre o custo, que alguém perguntou": [
        equal(_pr_macs(), 3456), equal(params(Conv2d(3, 4, 3)), 4 * 3 * 3**2),
        equal(4 * 3 * 3**2, 4 * 27), equal(4 * 27, 108)],
    "com `stride=2` e `pad=0` o lado seria": [
        equal(conv_out(7, 3, 2, 0), math.ceil((7 - 3) / 2)), equal(math.ceil((7 - 3) / 2), 2)],
})  # fmt: skip

NOTES_B: Claims = {**HILO_CLAIMS, **MANUEL_CLAIMS, **CHIITO_CLAIMS, **PR_CLAIMS}
