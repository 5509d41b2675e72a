"""Independent truth for the fresh23 unseen set, second part: the notes
kougi_shiryou_tatamikomi_gyakudenpa, lecture_tensor_index_notation,
blog_strided_dilated_one_based and praca_domowa_splot_3d_audio (see unseen_fresh23_truth.py
for the conventions; NumPy / torch autograd in float64, nothing of symconv).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh23_truth import Claims, line
from unseen_truth_base import (
    Truth,
    at,
    conv,
    conv_out,
    corr,
    corr1,
    dilate1,
    equal,
    pad,
    params,
    rng,
    rot180,
    same,
    single,
    t64,
    trials,
)


def near(value: float, written: float, decimals: int) -> bool:
    """A value written rounded to the given number of decimals."""
    return abs(value - written) <= 0.5 * 10.0**-decimals + 1e-12


# --- kougi_shiryou_tatamikomi_gyakudenpa.md (Japanese handout): nn.Conv2d(2, 4, 3, padding=1)
# on 2 x 5 x 5, 0-based, x~ = the zero-padded 7 x 7 input; softmax of z = (2, 0, 0); batch of 8

KOUGI = "kougi_shiryou_tatamikomi_gyakudenpa"


def _k(anchor: str) -> int:
    return line(KOUGI, anchor)


def _kougi(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(1, 2, 5, 5)), r.normal(size=(4, 2, 3, 3)), r.normal(size=4)
    g = r.normal(size=(1, 4, 5, 5))
    t = conv(x, w, b, g, padding=1)
    return {"x": x[0], "xp": np.pad(x[0], ((0, 0), (1, 1), (1, 1))), "w": w, "b": b, "g": g[0],
            "y": t["z"][0], "dx": t["dx"][0], "dw": t["dw"], "db": t["db"]}  # fmt: skip


def _kg(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_kougi(r)), seed)


def _kougi_fwd(v: dict) -> bool:
    xp, w, b = v["xp"], v["w"], v["b"]
    rhs = [[[b[f] + sum(at(w, f, c, p, q) * at(xp, c, i + p, j + q) for c in range(2)
                        for p in range(3) for q in range(3)) for j in range(5)] for i in range(5)]
           for f in range(4)]  # fmt: skip
    return same(v["y"], rhs)


def _kougi_dw_unpadded(v: dict) -> bool:
    x, g = v["x"], v["g"]

    def term(f: int, c: int, p: int, q: int) -> float:
        return sum(at(g, f, i, j) * at(x, c, i + p, j + q) for i in range(5) for j in range(5))

    rhs = [[[[term(f, c, p, q) for q in range(3)] for p in range(3)] for c in range(2)]
           for f in range(4)]  # fmt: skip
    return same(v["dw"], rhs)


def _kougi_dx(v: dict, p: int) -> bool:
    rhs = [sum(corr(pad(v["g"][f], p), rot180(v["w"][f, c])) for f in range(4)) for c in range(2)]
    return same(v["dx"], rhs)


def _kougi_corner(v: dict) -> bool:
    g, w = v["g"], v["w"]
    rhs = [sum(at(g, f, 1 - p, 1 - q) * at(w, f, c, p, q) for f in range(4) for p in (0, 1)
               for q in (0, 1)) for c in range(2)]  # fmt: skip
    return same(v["dx"][:, 0, 0], rhs)


def _tanh_grad(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=7) * 2, True)
    torch.tanh(z).sum().backward()
    return same(z.grad.numpy(), 1 - np.tanh(z.detach().numpy()))


def _softmax_ce() -> dict:
    z = t64([2.0, 0, 0], True)
    loss = F.cross_entropy(z[None], torch.tensor([0]))
    loss.backward()
    return {"p": torch.softmax(z, 0).detach().numpy(), "dz": z.grad.numpy()}


def _kougi_batch(r: np.random.Generator) -> bool:
    """Mean over 8 samples of l_n = sum(y_n * delta_n), so dl_n/dy_n = delta_n."""
    x, w, b = r.normal(size=(8, 2, 5, 5)), r.normal(size=(4, 2, 3, 3)), r.normal(size=4)
    d = r.normal(size=(8, 4, 5, 5))
    t = conv(x, w, b, d / 8, padding=1)
    return same(t["db"], d.sum(axis=(0, 2, 3)))


_SM = _softmax_ce()

KOUGI_CLAIMS: Claims = {
    (KOUGI, _k("H' = 5 + 2"), 1): equal(conv_out(5, 3, 1, 1), 5 + 2 - 3 + 1),
    (KOUGI, _k("H' = 5 + 2"), 2): equal(5 + 2 - 3 + 1, 5),
    (KOUGI, _k("N_{\\mathrm{param}}"), 1): equal(
        params(torch.nn.Conv2d(2, 4, 3, padding=1)), 4 * 2 * 3 * 3
    ),
    (KOUGI, _k("N_{\\mathrm{param}}"), 2): equal(4 * 2 * 3 * 3, 72),
    (KOUGI, _k("y_{f,i,j} = b_f +"), 1): _kg(_kougi_fwd, 300),
    (KOUGI, _k("\\partial w_{f,c,p,q}}"), 1): _kg(_kougi_dw_unpadded, 310),
    (KOUGI, _k("\\frac{\\partial L}{\\partial b_f} = \\sum_{i=0}^{4}"), 1): _kg(
        lambda v: same(v["db"], v["g"].sum(axis=(1, 2))), 320
    ),
    (KOUGI, _k("\\operatorname{pad}_1(\\delta_f)"), 1): _kg(lambda v: _kougi_dx(v, 1), 330),
    (KOUGI, _k("\\operatorname{pad}_{K-1}(\\delta_f)"), 1): _kg(lambda v: _kougi_dx(v, 3 - 1), 340),
    (KOUGI, _k("\\partial x_{c,0,0}}"), 1): _kg(_kougi_corner, 350),
    (KOUGI, _k("\\tanh'(z) = "), 1): trials(_tanh_grad, 360),
    (KOUGI, _k("p_1 = \\frac{e^2}"), 1): single(
        lambda: math.isclose(_SM["p"][0], math.exp(2) / (math.exp(2) + 2))
    ),
    (KOUGI, _k("p_1 = \\frac{e^2}"), 2): single(
        lambda: near(math.exp(2) / (math.exp(2) + 2), 0.787, 3)
    ),
    (KOUGI, _k("\\partial z_1} = p_1 - 1"), 1): single(
        lambda: math.isclose(_SM["dz"][0], _SM["p"][0] - 1)
    ),
    (KOUGI, _k("\\partial z_1} = p_1 - 1"), 2): single(lambda: near(_SM["p"][0] - 1, -0.213, 3)),
    (KOUGI, _k("\\partial z_2} = p_2 - 1"), 1): single(
        lambda: math.isclose(_SM["dz"][1], _SM["p"][1] - 1)
    ),
    (KOUGI, _k("\\partial z_2} = p_2 - 1"), 2): single(lambda: near(_SM["p"][1] - 1, -0.893, 3)),
    (KOUGI, _k("\\sum_{n=1}^{N}"), 1): trials(_kougi_batch, 370),
}


# --- lecture_tensor_index_notation.md (English lecture, X[n, c, h, w], 0-based): batch (8, 3, 32,
# 32), conv1 = Conv2d(3, 16, 3, stride=2, padding=1), then 1x1 conv, AvgPool2d(2), conv3 =
# Conv2d(32, 64, 3, stride=2, padding=1), global average pool, Linear(64, 10)

LECT = "lecture_tensor_index_notation"
_S, _P, _K = 2, 1, 3


def _l(anchor: str) -> int:
    return line(LECT, anchor)


def _lect(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(8, 3, 32, 32)), r.normal(size=(16, 3, 3, 3)), r.normal(size=16)
    g = r.normal(size=(8, 16, 16, 16))
    t = conv(x, w, b, g, stride=_S, padding=_P)
    return {"xp": np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), "w": w, "b": b, "g": g, "y": t["z"],
            "dx": t["dx"], "dw": t["dw"], "db": t["db"]}  # fmt: skip


def _lc(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_lect(r)), seed)


def _lect_fwd(v: dict) -> bool:
    """The note's sum term by term: one (c, r, t) slice of X_p at rows s i + r, columns s j + t."""
    xp, w = v["xp"], v["w"]
    y = np.broadcast_to(v["b"][None, :, None, None], (8, 16, 16, 16)).copy()
    for r in range(_K):
        for t in range(_K):
            patch = xp[:, :, r : r + 2 * 16 : 2, t : t + 2 * 16 : 2]  # X_p[n, c, 2i + r, 2j + t]
            y += np.einsum("fc,ncij->nfij", w[:, :, r, t], patch)
    return same(v["y"], y)


def _lect_dw_free_n(r: np.random.Generator) -> list[bool]:
    v = _lect(r)
    out = []
    for n in range(8):
        rhs = np.zeros((16, 3, 3, 3))
        for rr in range(_K):
            for t in range(_K):
                patch = v["xp"][n, :, rr : rr + 32 : 2, t : t + 32 : 2]
                rhs[:, :, rr, t] = np.einsum("fij,cij->fc", v["g"][n], patch)
        out.append(same(v["dw"], rhs))
    return out


def _lect_dx(v: dict, stride_in_index: bool) -> bool:
    """dX[n, c, h, w] = sum_{f, r, t} W[f, c, r, t] dY[n, f, i, j] with i = (h + p - r)/s (or
    h + p - r without the division); a non-integer or out-of-range index gives a zero term."""
    w, g = v["w"], v["g"]
    rhs = np.zeros((8, 3, 32, 32))

    def index(a: int) -> int | None:
        if stride_in_index:
            return a // _S if a % _S == 0 and 0 <= a // _S < 16 else None
        return a if 0 <= a < 16 else None

    for h in range(32):
        for ww in range(32):
            for r in range(_K):
                for t in range(_K):
                    i, j = index(h + _P - r), index(ww + _P - t)
                    if i is not None and j is not None:
                        rhs[:, :, h, ww] += g[:, :, i, j] @ w[:, :, r, t]
    return same(v["dx"], rhs)


def _avg_pool_grad(r: np.random.Generator) -> bool:
    x, g = t64(r.normal(size=(2, 3, 16, 16)), True), r.normal(size=(2, 3, 8, 8))
    (F.avg_pool2d(x, 2) * t64(g)).sum().backward()
    rhs = [[[[0.25 * at(g, n, c, h // 2, w // 2) for w in range(16)] for h in range(16)]
            for c in range(3)] for n in range(2)]  # fmt: skip
    return same(x.grad.numpy(), rhs)


def _gap_grad(r: np.random.Generator) -> bool:
    x, g = t64(r.normal(size=(2, 64, 4, 4)), True), r.normal(size=(2, 64))
    (F.adaptive_avg_pool2d(x, 1).flatten(1) * t64(g)).sum().backward()
    return same(x.grad.numpy(), np.broadcast_to(g[:, :, None, None], (2, 64, 4, 4)))


def _lect_net() -> dict:
    from torch.utils.flop_counter import FlopCounterMode

    conv1 = torch.nn.Conv2d(3, 16, 3, stride=2, padding=1)
    conv3 = torch.nn.Conv2d(32, 64, 3, stride=2, padding=1)
    x = torch.zeros(8, 3, 32, 32)
    with FlopCounterMode(display=False) as counter:
        h1 = conv1(x)
    h = F.avg_pool2d(torch.nn.Conv2d(16, 32, 1)(h1), 2)
    pfc = params(torch.nn.Linear(64, 10))
    return {"h1": h1.shape[-1], "h3": conv3(h).shape[-1], "p1": params(conv1),
            "m1": counter.get_total_flops() // 2, "pfc": pfc}  # fmt: skip


def _size_grid() -> list[bool]:
    out = []
    for h in (5, 8, 11, 32):
        for k in (1, 2, 3, 5):
            for s in (1, 2, 3):
                for p in (0, 1, 2):
                    if h + 2 * p >= k:
                        out.append(conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1)
    return out


_LN = _lect_net()

LECT_CLAIMS: Claims = {
    (LECT, _l("Y[n, f, i, j] = b[f]"), 1): _lc(_lect_fwd, 400),
    (LECT, _l("\\frac{H + 2p - K}{s}"), 1): _size_grid,
    (LECT, _l("\\lfloor 31 / 2 \\rfloor"), 1): equal(_LN["h1"], 31 // 2 + 1),
    (LECT, _l("\\lfloor 31 / 2 \\rfloor"), 2): equal(31 // 2 + 1, 16),
    (LECT, _l("P_1 = "), 1): equal(_LN["p1"], 16 * 3 * 3 * 3 + 16),
    (LECT, _l("P_1 = "), 2): equal(16 * 3 * 3 * 3 + 16, 464),
    (LECT, _l("M_1 = "), 1): equal(_LN["m1"], 8 * 16 * 32 * 32 * 27),
    (LECT, _l("M_1 = "), 2): equal(8 * 16 * 32 * 32 * 27, 3538944),
    (LECT, _l("db[f] = "), 1): _lc(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 410),
    (LECT, _l("dW[f, c, r, t] = "), 1): lambda: _lect_dw_free_n(rng(420)),
    (LECT, _l("\\tfrac{h + p - r}{s}"), 1): _lc(lambda v: _lect_dx(v, True), 430),
    (LECT, _l("dY[n, f, h + p - r, w + p - t]"), 1): _lc(lambda v: _lect_dx(v, False), 440),
    (LECT, _l("\\tfrac{1}{4}\\, dY"), 1): trials(_avg_pool_grad, 450),
    (LECT, _l("H_3 = "), 1): equal(_LN["h3"], math.ceil((8 + 2 - 3) / 2) + 1),
    (LECT, _l("H_3 = "), 2): equal(math.ceil((8 + 2 - 3) / 2) + 1, 5),
    (LECT, _l("dX[n, c, h, w] = dG[n, c]"), 1): trials(_gap_grad, 460),
    (LECT, _l("P_{\\text{fc}} = "), 1): equal(_LN["pfc"], 64 * 10 + 10),
    (LECT, _l("P_{\\text{fc}} = "), 2): equal(64 * 10 + 10, 650),
}


# --- blog_strided_dilated_one_based.md (English blog, 1-based): x in R^11, w in R^3, stride 2,
# dilation 2, g in R^4; Conv2d(16, 32, 3, stride=2, padding=2, dilation=2) on 64 x 64; a stack of
# three stride-1 K = 3 layers with dilations 1, 2, 4

BLOG = "blog_strided_dilated_one_based"
_BX = np.array([2.0, 1, 0, 3, 1, -1, 2, 0, 1, 1, -2])
_BW = np.array([1.0, -1, 2])
_BG = np.array([1.0, 0, 2, -1])


def _b(anchor: str) -> int:
    return line(BLOG, anchor)


def conv1d(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """torch conv1d of x with w (no bias) and the gradients of sum(y * g)."""
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(xt, wt, **kw)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0]}


def _blog_random(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=11), r.normal(size=3), r.normal(size=4)
    return {"x": x, "w": w, "g": g, **conv1d(x, w, g, stride=2, dilation=2)}


def _bl(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_blog_random(r)), seed)


def _blog_fwd(v: dict) -> bool:
    x, w = v["x"], v["w"]  # 1-based x_{2(i-1) + 2(k-1) + 1} is x[2(i-1) + 2(k-1)]
    rhs = [
        sum(at(w, k - 1) * at(x, 2 * (i - 1) + 2 * (k - 1)) for k in (1, 2, 3)) for i in range(1, 5)
    ]
    return same(v["y"], rhs)


def _blog_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [
        sum(at(g, i - 1) * at(x, 2 * (i - 1) + 2 * (k - 1)) for i in range(1, 5)) for k in (1, 2, 3)
    ]
    return same(v["dw"], rhs)


def _flip(a: np.ndarray) -> np.ndarray:
    return a[::-1]


def _length_grid() -> list[bool]:
    out = []
    for n in (7, 11, 16, 23):
        for k in (1, 2, 3, 5):
            for s in (1, 2, 3):
                for d in (1, 2, 3):
                    if n >= d * (k - 1) + 1:
                        y = F.conv1d(
                            torch.zeros(1, 1, n), torch.zeros(1, 1, k), stride=s, dilation=d
                        )
                        out.append(y.shape[-1] == (n - d * (k - 1) - 1) // s + 1)
    return out


def _k_eff() -> int:
    """The smallest input a K = 3, dilation-2 kernel fits in (one output)."""
    return min(n for n in range(1, 20) if _fits(n))


def _fits(n: int) -> bool:
    try:
        return F.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, 3), dilation=2).shape[-1] >= 1
    except RuntimeError:
        return False


def _receptive_field() -> int:
    """Support of the gradient of one output through three K = 3 layers, dilations 1, 2, 4."""
    r = rng(500)
    x = t64(r.normal(size=(1, 1, 64)), True)
    h = x
    for d in (1, 2, 4):
        h = F.conv1d(h, t64(r.normal(size=(1, 1, 3))), dilation=d)
    h[0, 0, -1].backward()
    return int(np.count_nonzero(x.grad.numpy()))


_BN = conv1d(_BX, _BW, _BG, stride=2, dilation=2)
_B2D = F.conv2d(torch.zeros(1, 16, 64, 64), torch.zeros(32, 16, 3, 3), stride=2, padding=2,
                dilation=2).shape[-1]  # fmt: skip

BLOG_CLAIMS: Claims = {
    (BLOG, _b("$$y_i = \\sum_{k=1}^{K}"), 1): _bl(_blog_fwd, 510),
    (BLOG, _b("\\frac{L - d(K-1) - 1}{s}"), 1): _length_grid,
    (BLOG, _b("so $L_{\\text{out}} = 4$"), 5): equal(len(_BN["y"]), 4),
    (BLOG, _b("K_{\\text{eff}} = dK"), 1): equal(_k_eff(), 2 * 3),
    (BLOG, _b("K_{\\text{eff}} = dK"), 2): equal(2 * 3, 6),
    (BLOG, _b("$$y = (4, 3, 1, -1).$$"), 1): single(lambda: same(_BN["y"], [4, 3, 1, -1])),
    (BLOG, _b("\\sum_{i=1}^{4} g_i\\, x_{2(i-1)"), 1): _bl(_blog_dw, 520),
    (BLOG, _b("g_4 x_7 = 2"), 1): single(
        lambda: math.isclose(_BN["dw"][0], _BG @ _BX[[0, 2, 4, 6]])
    ),
    (BLOG, _b("g_4 x_7 = 2"), 2): equal(float(_BG @ _BX[[0, 2, 4, 6]]), 2),
    (BLOG, _b("= g_4\\, w_3 = 2"), 1): single(lambda: math.isclose(_BN["dx"][10], _BG[3] * _BW[2])),
    (BLOG, _b("= g_4\\, w_3 = 2"), 2): equal(float(_BG[3] * _BW[2]), 2),
    (BLOG, _b("\\operatorname{pad}_4\\big"), 1): _bl(
        lambda v: same(v["dx"], corr1(np.pad(dilate1(v["g"], 2), 4), _flip(dilate1(v["w"], 2)))),
        530,
    ),
    (BLOG, _b("\\operatorname{pad}_2(g) \\star \\operatorname{flip}(w)"), 1): _bl(
        lambda v: same(v["dx"], corr1(np.pad(v["g"], 2), _flip(v["w"]))), 540
    ),
    (BLOG, _b("H_{\\text{out}} = 32"), 1): equal(_B2D, 32),
    (BLOG, _b("\\frac{64 + 4 - 3}{2}"), 1): equal(_B2D, (64 + 4 - 3) // 2 + 1),
    (BLOG, _b("\\frac{64 + 4 - 3}{2}"), 2): equal((64 + 4 - 3) // 2 + 1, 33),
    (BLOG, _b("R = 3 \\cdot"), 1): equal(_receptive_field(), 3 * (1 + 2 + 4)),
    (BLOG, _b("R = 3 \\cdot"), 2): equal(3 * (1 + 2 + 4), 21),
}


# --- praca_domowa_splot_3d_audio.md (Polish homework, 0-based): Conv3d layers on 1 x 32^3; a
# 3-D layer 2 x 5^3 -> 3 x 3^3 (no padding, stride 1); Conv1d(1, 16, 80, stride=4) on 16000 samples

PRACA = "praca_domowa_splot_3d_audio"


def _p(anchor: str) -> int:
    return line(PRACA, anchor)


def corr3(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 3-D cross-correlation written out over the kernel offsets."""
    out = [s - t + 1 for s, t in zip(a.shape, k.shape, strict=True)]
    res = np.zeros(out)
    for u in range(k.shape[0]):
        for v in range(k.shape[1]):
            for t in range(k.shape[2]):
                res += k[u, v, t] * a[u : u + out[0], v : v + out[1], t : t + out[2]]
    return res


def _vol(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 5, 5, 5)), r.normal(size=(3, 2, 3, 3, 3)), r.normal(size=3)
    g = r.normal(size=(3, 3, 3, 3))
    xt, wt, bt = t64(x[None], True), t64(w, True), t64(b, True)
    y = F.conv3d(xt, wt, bt)
    (y * t64(g[None])).sum().backward()
    return {"x": x, "w": w, "b": b, "g": g, "y": y.detach().numpy()[0], "dx": xt.grad.numpy()[0],
            "dw": wt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _vl(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_vol(r)), seed)


def _vol_fwd(v: dict) -> bool:
    rhs = [v["b"][f] + sum(corr3(v["x"][c], v["w"][f, c]) for c in range(2)) for f in range(3)]
    return same(v["y"], rhs)


def _vol_dw(v: dict) -> bool:
    rhs = [[corr3(v["x"][c], v["g"][f]) for c in range(2)] for f in range(3)]
    return same(v["dw"], rhs)


def _vol_dx(v: dict, flip_depth: bool) -> bool:
    def turned(k: np.ndarray) -> np.ndarray:
        return k[::-1, ::-1, ::-1] if flip_depth else k[:, ::-1, ::-1]

    rhs = [
        sum(corr3(np.pad(v["g"][f], 2), turned(v["w"][f, c])) for f in range(3)) for c in range(2)
    ]
    return same(v["dx"], rhs)


def _vol_corner(v: dict) -> bool:
    rhs = [
        sum(at(v["g"], f, 2, 2, 2) * at(v["w"], f, c, 0, 0, 0) for f in range(3)) for c in range(2)
    ]
    return same(v["dx"][:, 4, 4, 4], rhs)


def _audio(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=16000), r.normal(size=(16, 80)), r.normal(size=16)
    g = r.normal(size=(16, 3981))
    xt, wt = t64(x[None, None], True), t64(w[:, None], True)
    y = F.conv1d(xt, wt, t64(b), stride=4)
    (y * t64(g[None])).sum().backward()
    return {"x": x, "w": w, "g": g, "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[:, 0]}


def _audio_dw(v: dict) -> bool:
    rhs = np.stack([v["g"] @ v["x"][k : k + 4 * 3981 : 4] for k in range(80)], axis=1)
    return same(v["dw"], rhs)


def _audio_dx_no_stride(v: dict) -> bool:
    """sum_f sum_t g_{f,t} w_{f, n - t} with w zero outside 0..79: a full 1-D convolution."""
    rhs = np.zeros(16000)
    for f in range(16):
        full = np.convolve(v["g"][f], v["w"][f])  # full[n] = sum_t g[t] w[n - t]
        rhs[: len(full)] += full[:16000]
    return same(v["dx"], rhs)


def _praca_net() -> dict:
    conv1 = torch.nn.Conv3d(1, 8, kernel_size=3, padding=1)
    conv2 = torch.nn.Conv3d(8, 16, kernel_size=3, stride=2, padding=1)
    a1 = torch.nn.Conv1d(1, 16, kernel_size=80, stride=4)
    a2 = torch.nn.Conv1d(16, 32, kernel_size=3, stride=2)
    h1 = a1(torch.zeros(1, 1, 16000))
    return {"d2": conv2(conv1(torch.zeros(1, 1, 32, 32, 32))).shape[-1], "p2": params(conv2),
            "l1": h1.shape[-1], "l2": a2(h1).shape[-1]}  # fmt: skip


_PN = _praca_net()

PRACA_CLAIMS: Claims = {
    (PRACA, _p("D_2 = "), 1): equal(_PN["d2"], (32 + 2 - 3) // 2),
    (PRACA, _p("D_2 = "), 2): equal((32 + 2 - 3) // 2, 15),
    (PRACA, _p("P_2 = "), 1): equal(_PN["p2"], 16 * 27 + 16),
    (PRACA, _p("P_2 = "), 2): equal(16 * 27 + 16, 448),
    (PRACA, _p("y_{f,a,b,e} = b_f"), 1): _vl(_vol_fwd, 600),
    (PRACA, _p("\\partial w_{f,c,u,v,t}}"), 1): _vl(_vol_dw, 610),
    (PRACA, _p("\\partial b_f}"), 1): _vl(lambda v: same(v["db"], v["g"].sum(axis=(1, 2, 3))), 620),
    (PRACA, _p("\\operatorname{flip}(W_{f,c})"), 1): _vl(lambda v: _vol_dx(v, True), 630),
    (PRACA, _p("\\operatorname{rot}_{180}(W_{f,c})"), 1): _vl(lambda v: _vol_dx(v, False), 640),
    (PRACA, _p("\\partial x_{c,4,4,4}}"), 1): _vl(_vol_corner, 650),
    (PRACA, _p("L_1 = "), 1): equal(_PN["l1"], (16000 - 80) // 4 + 1),
    (PRACA, _p("L_1 = "), 2): equal((16000 - 80) // 4 + 1, 3981),
    (PRACA, _p("L_2 = "), 1): equal(_PN["l2"], (3981 - 3) / 2),
    (PRACA, _p("L_2 = "), 2): equal((3981 - 3) / 2, 1989),
    (PRACA, _p("\\partial w_{f,k}}"), 1): trials(lambda r: _audio_dw(_audio(r)), 660),
    (PRACA, _p("\\partial x_n}"), 1): trials(lambda r: _audio_dx_no_stride(_audio(r)), 670),
}


NOTES_B: Claims = {**KOUGI_CLAIMS, **LECT_CLAIMS, **BLOG_CLAIMS, **PRACA_CLAIMS}
