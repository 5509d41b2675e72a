"""Independent truth for the fresh31 unseen set, second part: the notes
guia_estudi_convolucions_separables, notebook_conv_grads_explicit_sums and
resumen_retropropagacion_capa_conv (conventions as in unseen_fresh31_truth.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh31_truth import Claims, claims_of, flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    agree,
    conv,
    conv_out,
    equal,
    params,
    rng,
    rot180,
    same,
    t64,
    trials,
    zat,
)


def corr_fast(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation as a sum of shifted slices (same result as the base's
    corr, fast enough for the 56 x 56 maps of the study guide)."""
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    return sum(k[u, v] * a[u : u + oh, v : v + ow] for u in range(kh) for v in range(kw))


# --- guia_estudi_convolucions_separables.md: Conv2d(64, 128, 3, padding=1), depthwise
# Conv2d(64, 64, 3, padding=1, groups=64), pointwise Conv2d(64, 128, 1), all with bias, 56x56

GUIA = "guia_estudi_convolucions_separables"
Conv2d = torch.nn.Conv2d


def _p(cin: int, cout: int, k: int, g: int = 1, bias: bool = True) -> int:
    return params(Conv2d(cin, cout, k, groups=g, bias=bias))


def _macs(cin: int, cout: int, k: int, h: int, g: int = 1) -> int:
    x, w = torch.zeros(1, cin, h, h), torch.zeros(cout, cin // g, k, k)
    return flops_half(lambda: F.conv2d(x, w, padding=(k - 1) // 2, groups=g))


def _sep_param_ratio(cin: int, cout: int, k: int) -> bool:
    ratio = (_p(cin, cin, k, cin, False) + _p(cin, cout, 1, 1, False)) / _p(cin, cout, k, 1, False)
    return math.isclose(ratio, 1 / cin + 1 / k**2)


def _sep_mac_ratio(cin: int, cout: int, k: int, h: int) -> bool:
    ratio = (_macs(cin, cin, k, h, cin) + _macs(cin, cout, 1, h)) / _macs(cin, cout, k, h)
    return math.isclose(ratio, 1 / cout + 1 / k**2)


def _dw(r: np.random.Generator) -> dict:
    x, w, b, g = (r.normal(size=s) for s in ((64, 56, 56), (64, 1, 3, 3), (64,), (64, 56, 56)))
    t = conv(x[None], w, b, g[None], padding=1, groups=64)
    return {"xp": np.pad(x, ((0, 0), (1, 1), (1, 1))), "w": w[:, 0], "g": g, "dx": t["dx"][0],
            "dw": t["dw"][:, 0]}  # fmt: skip


def _dw_weight(v: dict) -> bool:
    g, xp = v["g"], v["xp"]  # 1-based i+u-1 is 0-based i+u
    rhs = [[[np.sum(g[c] * xp[c, u : u + 56, w : w + 56]) for w in range(3)] for u in range(3)]
           for c in range(64)]  # fmt: skip
    return same(v["dw"], rhs)


def _dw_input_all_channels(v: dict) -> bool:
    total = sum(corr_fast(np.pad(v["g"][c], 1), rot180(v["w"][c])) for c in range(64))
    return same(v["dx"], np.broadcast_to(total, (64, 56, 56)))


_GROUPS = [(64, 128, 3, 1), (64, 128, 3, 64), (64, 128, 3, 4), (6, 9, 1, 3), (8, 4, 5, 2),
           (3, 3, 3, 3)]  # fmt: skip
GUIA_CLAIMS = claims_of(GUIA, {
    "$$P = \\frac{K^2": [grid(lambda ci, co, k, g: _p(ci, co, k, g) == k * k * ci * co // g + co,
                              _GROUPS)],
    "Estàndard: $P_{\\text{std}}": [equal(_p(64, 128, 3), 9 * 64 * 128 + 128),
                                    equal(9 * 64 * 128 + 128, 73_856)],
    "$P_{\\text{dw}} = ": [equal(_p(64, 64, 3, 64), 9 * 64 + 64), equal(9 * 64 + 64, 640)],
    "$P_{\\text{pw}} = ": [equal(_p(64, 128, 1), 64 * 128), equal(64 * 128, 8192)],
    "$P_{\\text{sep}} = ": [equal(_p(64, 64, 3, 64) + _p(64, 128, 1), 640 + 8192),
                            equal(640 + 8192, 8832)],
    "$$\\frac{P_{\\text{sep}}}{P_{\\text{std}}}": [
        grid(_sep_param_ratio, [(64, 128, 3), (8, 16, 5), (32, 16, 3), (3, 7, 1)])],
    "**Multiplicador de canals.**": [equal(_p(64, 128, 3, 64), 64 * 9 + 128),
                                     equal(64 * 9 + 128, 704)],
    "$M_{\\text{std}} = ": [equal(_macs(64, 128, 3, 56), 56**2 * 9 * 64 * 128)],
    "$M_{\\text{dw}} = ": [equal(_macs(64, 64, 3, 56, 64), 56**2 * 9 * 64 * 64)],
    "$M_{\\text{pw}} = ": [equal(_macs(64, 128, 1, 56), 56**2 * 64 * 128)],
    "$$\\frac{M_{\\text{dw}} + M_{\\text{pw}}}": [
        grid(_sep_mac_ratio, [(64, 128, 3, 56), (8, 16, 3, 10), (4, 6, 5, 9), (16, 8, 3, 7),
                              (3, 5, 1, 6)])],
    "\\partial W_{c,u,v}} = ": [trials(lambda r: _dw_weight(_dw(r)), 800)],
    "\\partial X_c} = \\sum_{c'=1}^{64}": [trials(lambda r: _dw_input_all_channels(_dw(r)), 810)],
})  # fmt: skip


# --- notebook_conv_grads_explicit_sums.md: x (2, 3, 6, 6), nn.Conv2d(3, 4, 3, stride=1,
# padding=0), g (2, 4, 4, 4), 0-based; later nn.Conv2d(3, 4, 3, stride=2, padding=1)

NB = "notebook_conv_grads_explicit_sums"


def _nb(r: np.random.Generator, ones: bool = False) -> dict:
    x, w, b = r.normal(size=(2, 3, 6, 6)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = np.ones((2, 4, 4, 4)) if ones else r.normal(size=(2, 4, 4, 4))
    return {"x": x, "w": w, "g": g, **conv(x, w, b, g)}


def _nb2(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 3, 6, 6)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = r.normal(size=(2, 4, 3, 3))
    return {"x": x, "xp": np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), "w": w, "g": g,
            **conv(x, w, b, g, stride=2, padding=1)}  # fmt: skip


def _nt(rel: Callable[[dict], bool], seed: int, ones: bool = False) -> Truth:
    return trials(lambda r: rel(_nb(r, ones)), seed)


def _nb_dw(v: dict) -> bool:
    g, x = v["g"], v["x"]
    rhs = np.zeros((4, 3, 3, 3))
    for u in range(3):
        for w in range(3):
            rhs[:, :, u, w] = np.einsum("nfij,ncij->fc", g, x[:, :, u : u + 4, w : w + 4])
    return same(v["dw"], rhs)


def _nb_dx(shift: Callable[[int, int], slice]) -> Callable[[dict], bool]:
    """Sum over f, u, v of g (zero outside, so padded by 2) read at the rows shift(u) picks, times
    w[f, c, u, v]."""

    def rel(v: dict) -> bool:
        gp = np.pad(v["g"], ((0, 0), (0, 0), (2, 2), (2, 2)))
        rhs = sum(np.einsum("nfpq,fc->ncpq", gp[:, :, shift(u, 6), shift(w, 6)], v["w"][:, :, u, w])
                  for u in range(3) for w in range(3))  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _nb2_dw(v: dict) -> bool:
    g, xp = v["g"], v["xp"]
    rhs = np.zeros((4, 3, 3, 3))
    for u in range(3):
        for w in range(3):
            rhs[:, :, u, w] = np.einsum("nfij,ncij->fc", g, xp[:, :, u : u + 5 : 2, w : w + 5 : 2])
    return same(v["dw"], rhs)


def _half_index(g: np.ndarray, n: int, f: int, a: int, b: int) -> float:
    """g_2 at (a/2, b/2), zero at non-integer or out-of-range indices (the notebook's reading)."""
    if a % 2 or b % 2:
        return 0.0
    return zat(g, n, f, a // 2, b // 2)


def _nb2_dx(v: dict) -> bool:
    g, w = v["g"], v["w"]
    rhs = np.zeros((2, 3, 6, 6))
    for n, c, p, q in np.ndindex(2, 3, 6, 6):
        rhs[n, c, p, q] = sum(_half_index(g, n, f, p - u, q - s) * w[f, c, u, s]
                              for f in range(4) for u in range(3) for s in range(3))  # fmt: skip
    return same(v["dx"], rhs)


def _nb2_bias_mean() -> float:
    conv2 = Conv2d(3, 4, 3, stride=2, padding=1).double()
    x = torch.randn(2, 3, 6, 6, dtype=F64, generator=torch.Generator().manual_seed(0))
    conv2(x).mean().backward()
    grads = conv2.bias.grad.numpy()
    assert np.allclose(grads, grads[0])
    return float(grads[0])


NB_CLAIMS = claims_of(NB, {
    "because $H_{out} = 6 - 3 + 1 = 4$": [equal(conv_out(6, 3), 6 - 3 + 1), equal(6 - 3 + 1, 4)],
    "$$y[n, f, i, j] = b[f]": [None],
    "\\partial w[f, c, u, v]} = \\sum_{n=0}^{1} \\sum_{i=0}^{3}": [_nt(_nb_dw, 900)],
    "$T_w = N": [equal(2 * conv_out(6, 3) ** 2, 2 * 6 * 6), equal(2 * 6 * 6, 72)],
    "\\partial b[f]} = \\frac{1}{2}": [
        _nt(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / 2), 910)],
    "g[n, f, p - u, q - v] \\, w[f, c, u, v]$$": [
        _nt(_nb_dx(lambda u, n: slice(2 - u, 2 - u + n)), 920)],
    "g[n, f, p + u - 2, q + v - 2]": [_nt(_nb_dx(lambda u, n: slice(u, u + n)), 930)],
    "## Sanity checks with $L": [None],
    "\\partial b[f] = 32$": [_nt(lambda v: same(v["db"], np.full(4, 32.0)), 940, ones=True)],
    "x[0, 0, 0, 0] = ": [_nt(lambda v: math.isclose(v["dx"][0, 0, 0, 0], v["w"][:, 0, 0, 0].sum()),
                             950, ones=True)],
    "x[1, 2, 0, 5] = ": [_nt(lambda v: math.isclose(v["dx"][1, 2, 0, 5], v["w"][:, 2, 0, 0].sum()),
                             960, ones=True)],
    "Here $H_{out} = ": [equal(conv_out(6, 3, 2, 1), (6 + 2 - 3) // 2 + 1),
                         equal((6 + 2 - 3) // 2 + 1, 3)],
    "\\hat x[n, c, 2i + u, 2j + v]$$": [trials(lambda r: _nb2_dw(_nb2(r)), 970)],
    "g_2\\!\\left[n, f,": [trials(lambda r: _nb2_dx(_nb2(r)), 980)],
    "\\frac{1}{N} \\cdot 18 = 9": [equal(_nb2_bias_mean(), 1 / 2 * 18), equal(1 / 2 * 18, 9)],
})  # fmt: skip


# --- resumen_retropropagacion_capa_conv.md: general C, K filters F x F, stride S, padding P,
# 1-based; checked on several settings (C, K, F, H, S, P), one sample unless the claim says

RES = "resumen_retropropagacion_capa_conv"
_SETTINGS = [(2, 3, 3, 7, 2, 1), (2, 2, 3, 8, 3, 1), (3, 2, 2, 9, 2, 0)]
_STRIDE1 = [(2, 3, 3, 6, 1, 1), (2, 2, 2, 5, 1, 0), (3, 2, 3, 5, 1, 2)]
_ANY_STRIDE = _SETTINGS + _STRIDE1[:1]  # for the claims stated for every S


def _res(r: np.random.Generator, c: int, k: int, f: int, h: int, s: int, p: int) -> dict:
    x, w, b = r.normal(size=(c, h, h)), r.normal(size=(k, c, f, f)), r.normal(size=k)
    xt = t64(x[None], True)
    xpt = F.pad(xt, (p, p, p, p))
    xpt.retain_grad()
    wt, bt = t64(w, True), t64(b, True)
    y = F.conv2d(xpt, wt, bt, stride=s)
    delta = r.normal(size=tuple(y.shape[1:]))
    (y * t64(delta[None])).sum().backward()
    return {"xp": xpt.detach().numpy()[0], "w": w, "delta": delta, "s": s, "p": p, "h": h,
            "dx": xt.grad.numpy()[0], "dxp": xpt.grad.numpy()[0], "dw": wt.grad.numpy(),
            "db": bt.grad.numpy()}  # fmt: skip


def _rs(rel: Callable[[dict], bool], seed: int, settings: list[tuple] = _SETTINGS) -> Truth:
    return lambda: [agree(lambda t=t: rel(_res(rng(seed + t), *settings[t])))
                    for t in range(len(settings))]  # fmt: skip


def _res_dw(v: dict) -> bool:
    xp, d, s = v["xp"], v["delta"], v["s"]  # 1-based S(i-1)+u is 0-based S*i0+u0
    ho = d.shape[1]
    k, c, f = v["w"].shape[:3]
    rhs = np.zeros(v["w"].shape)
    for kk, cc, u, w in np.ndindex(k, c, f, f):
        rhs[kk, cc, u, w] = np.sum(d[kk] * xp[cc, u : u + s * (ho - 1) + 1 : s,
                                              w : w + s * (ho - 1) + 1 : s])  # fmt: skip
    return same(v["dw"], rhs)


def _res_dw_op(v: dict) -> bool:
    k, c = v["w"].shape[:2]
    return all(same(v["dw"][a, b], corr_fast(v["xp"][b], v["delta"][a]))
               for a in range(k) for b in range(c))  # fmt: skip


def _frac_delta(d: np.ndarray, k: int, a: int, b: int, s: int) -> float:
    """delta at 0-based ((a)/S, (b)/S): zero at non-integer or out-of-range indices."""
    if a % s or b % s:
        return 0.0
    return zat(d, k, a // s, b // s)


def _res_dxp(index: Callable[[dict, int, int, int, int, int], float]) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        w = v["w"]
        k, f = w.shape[0], w.shape[2]
        rhs = np.zeros(v["xp"].shape)
        for cc, p, q in np.ndindex(*rhs.shape):
            rhs[cc, p, q] = sum(w[kk, cc, u, s] * index(v, kk, p, q, u, s)
                                for kk in range(k) for u in range(f) for s in range(f))  # fmt: skip
        return same(v["dxp"], rhs)

    return rel


def _crop(a: np.ndarray, p: int, h: int) -> np.ndarray:
    return a[:, p : p + h, p : p + h]


def _res_batch_bias(r: np.random.Generator) -> bool:
    x, w = r.normal(size=(3, 2, 7, 7)), r.normal(size=(3, 2, 3, 3))
    gam = r.normal(size=(3, 3, 4, 4))
    bt = t64(np.zeros(3), True)
    y = F.conv2d(t64(x), t64(w), bt, stride=2, padding=1)
    # l_n = sum of y^(n) * gam_n, so delta^(n) = gam_n; L is the mean of the l_n
    (y * t64(gam)).sum(dim=(1, 2, 3)).mean().backward()
    return same(bt.grad.numpy(), gam.sum(axis=(0, 2, 3)))


def _relu(r: np.random.Generator) -> bool:
    z, h = r.normal(size=(3, 5, 5)), r.normal(size=(3, 5, 5))
    zt = t64(z, True)
    (torch.relu(zt) * t64(h)).sum().backward()
    return same(zt.grad.numpy(), h * (z > 0))


def _maxpool_grad(r: np.random.Generator) -> bool:
    x, d = r.normal(size=(6, 6)), r.normal(size=(3, 3))
    xt = t64(x[None, None], True)
    (F.max_pool2d(xt, 2, 2) * t64(d[None, None])).sum().backward()
    # 1-based delta_{ceil(p/2), ceil(q/2)} at 0-based (p0, q0) is d[p0 // 2, q0 // 2]
    rhs = [[d[p // 2, q // 2] / 4 for q in range(6)] for p in range(6)]
    return same(xt.grad.numpy()[0, 0], rhs)


def _pool_side(h: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), 2, 2).shape[-1])


_SIZES = [(h, f, s, p) for h in (7, 10, 13) for f in (1, 2, 3, 5) for s in (1, 2, 3)
          for p in (0, 1, 2)]  # fmt: skip
_ODD = [(h, f, s) for h in (5, 8, 11) for f in (1, 3, 5, 7) for s in (1, 2, 3)]
RES_CLAIMS = claims_of(RES, {
    "$\\delta_{k,i,j} = \\partial L": [None],
    "\\frac{H - F + 2P}{S}": [
        grid(lambda h, f, s, p: conv_out(h, f, s, p) == (h - f + 2 * p) // s + 1, _SIZES)],
    "se conserva el tamaño": [
        None, grid(lambda h, f, s: conv_out(h, f, 1, (f - 1) // 2) == h, _ODD)],
    "$H' = \\lceil H / S \\rceil$": [
        grid(lambda h, f, s: conv_out(h, f, s, (f - 1) // 2) == math.ceil(h / s), _ODD)],
    "$H' = H - F$": [grid(lambda h, f, s, p: conv_out(h, f) == h - f, _SIZES)],
    "$\\#\\theta = ": [grid(lambda c, k, f: params(Conv2d(c, k, f)) == k * (f * f * c + 1),
                           [(1, 1, 1), (3, 8, 3), (16, 4, 5), (2, 7, 2)])],
    "$$y_{k,i,j} = b_k": [None],
    "\\partial b_k} = \\sum_{i=1}^{H'}": [
        _rs(lambda v: same(v["db"], v["delta"].sum(axis=(1, 2))), 1000, _ANY_STRIDE)],
    "\\partial w_{k,c,u,v}} = \\sum_{i=1}^{H'}": [_rs(_res_dw, 1010, _ANY_STRIDE)],
    "En forma de operador": [_rs(_res_dw_op, 1020)],
    "\\delta_{k,\\,\\frac{p-u}{S}+1": [
        _rs(_res_dxp(lambda v, k, p, q, u, s: _frac_delta(v["delta"], k, p - u, q - s, v["s"])),
            1030, _ANY_STRIDE)],
    "\\delta_{k,\\,p+u-1,\\,q+v-1}": [
        _rs(_res_dxp(lambda v, k, p, q, u, s: zat(v["delta"], k, p + u, q + s)), 1040, _STRIDE1)],
    "se quita el relleno": [
        _rs(lambda v: same(v["dx"], _crop(v["dxp"], v["p"], v["h"])), 1050, _ANY_STRIDE)],
    "**Lote.**": [None, trials(_res_batch_bias, 1060)],
    "**Activación.**": [None, trials(_relu, 1070)],
    "$H'' = \\lfloor H/2 \\rfloor$": [
        grid(lambda h: _pool_side(h) == h // 2, [(h,) for h in range(2, 12)])],
    "\\delta_{\\lceil p/2 \\rceil": [trials(_maxpool_grad, 1080)],
})  # fmt: skip

NOTES_B: Claims = {**GUIA_CLAIMS, **NB_CLAIMS, **RES_CLAIMS}
