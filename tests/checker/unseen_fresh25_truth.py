"""Independent truth for the fresh25 unseen set (tests/data/check/unseen/fresh25/): the notes
tutorium08_transponierte_faltung, note_episodio37_convoluzioni_dilatate and
errata_ch6_channels_last.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial: the sides agree there or not. Nothing of symconv is
imported. Lines are found from an anchor (a piece of the line, unique in the note). A side that
reads an entry outside a tensor (IndexError) or multiplies matrices of mismatched shapes
(ValueError) disagrees; where a note declares zeros outside a range, those entries are read as
zero. A link between two written numbers is judged as arithmetic; a size or count named on the
left must equal the true one. The other notes live in unseen_fresh25_truth_b.py; truth_table
merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
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

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh25"


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    """(stem, line, rank) -> truth, the line found from its anchor, ranks in the given order; a
    None holds the rank of a keyed non-claim (a definition) on the same line."""
    return anchored_claims(SET, stem, table)


# --- tutorium08_transponierte_faltung.md: ConvTranspose2d, W (C_in, C_out, K, K), 0-based

TUT = "tutorium08_transponierte_faltung"

_TX = np.array([[1.0, 2.0], [3.0, -1.0]])
_TW = np.array([[1.0, 0.0], [2.0, 1.0]])


def _tut_small(stride: int) -> np.ndarray:
    return F.conv_transpose2d(t64(_TX[None, None]), t64(_TW[None, None]), stride=stride)[
        0, 0
    ].numpy()


def _tut(r: np.random.Generator) -> dict:
    """ConvTranspose2d(2, 3, 3, stride=2, padding=1) on (4, 2, 5, 5); L = sum(Y * G)."""
    x, w, b = r.normal(size=(4, 2, 5, 5)), r.normal(size=(2, 3, 3, 3)), r.normal(size=3)
    g = r.normal(size=(4, 3, 9, 9))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv_transpose2d(xt, wt, bt, stride=2, padding=1)
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy(),
            "dw": wt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _tu(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_tut(r)), seed)


def _tu_dx(v: dict) -> bool:
    g, w = v["g"], v["w"]  # G zero outside 0..8, as the note declares
    rhs = [[[[sum(zat(g, n, o, 2 * i + u - 1, 2 * j + q - 1) * w[c, o, u, q] for o in range(3)
                  for u in range(3) for q in range(3)) for j in range(5)] for i in range(5)]
             for c in range(2)] for n in range(4)]  # fmt: skip
    return same(v["dx"], rhs)


def _tu_dw(v: dict) -> bool:
    g, x = v["g"], v["x"]
    rhs = [[[[sum(x[n, c, i, j] * zat(g, n, o, 2 * i + u - 1, 2 * j + q - 1) for n in range(4)
                  for i in range(5) for j in range(5)) for q in range(3)] for u in range(3)]
             for o in range(3)] for c in range(2)]  # fmt: skip
    return same(v["dw"], rhs)


def _tu_dx_rot(v: dict) -> bool:
    rhs = F.conv2d(t64(v["g"]), t64(v["w"][:, :, ::-1, ::-1].copy()), stride=2, padding=1)
    return same(v["dx"], rhs.numpy())


def _tu_db_no_batch(v: dict) -> bool:
    """The note's right side has a free n: it must equal db for every n."""
    return all(same(v["db"], v["g"][n].sum(axis=(1, 2))) for n in range(4))


def _tu_single_channel(r: np.random.Generator) -> bool:
    x, w = r.normal(size=(5, 5)), r.normal(size=(3, 3))
    y = F.conv_transpose2d(t64(x[None, None]), t64(w[None, None]), stride=2, padding=1)[0, 0]
    return same(y.numpy(), corr(pad(dilate(x, 2), 2), rot180(w)))


def _tu_center(v_small: np.ndarray) -> bool:
    x, w = _TX, _TW
    rhs = x[0, 0] * w[0, 0] + x[0, 1] * w[0, 1] + x[1, 0] * w[1, 0] + x[1, 1] * w[1, 1]
    return math.isclose(v_small[1, 1], rhs)


_TUT_Y2 = [[1, 0, 2, 0], [2, 1, 4, 2], [3, 0, -1, 0], [6, 3, -2, -1]]
_T_P = params(torch.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1))
_CONV9 = F.conv2d(torch.zeros(1, 3, 9, 9, dtype=F64), torch.zeros(2, 3, 3, 3, dtype=F64),
                  stride=2, padding=1).shape[-1]  # fmt: skip


def _tut_size_formula() -> list[bool]:
    """(H_in - 1) S - 2P + K + A against torch on a grid (dilation 1, A < S)."""
    out = []
    for h in (1, 2, 5, 7):
        for k in (1, 2, 3, 4):
            for s in (1, 2, 3):
                for p in range(0, k):
                    for a in range(0, s):
                        if (h - 1) * s - 2 * p + k + a >= 1:
                            out.append(tconv_out(h, k, s, p, a) == (h - 1) * s - 2 * p + k + a)
    return out


TUT_CLAIMS = claims_of(TUT, {
    "$$H_\\text{out} = (H_\\text{in} - 1)\\, S - 2P + K + A$$": [_tut_size_formula],
    "+ 3 + 1 = 13": [equal(tconv_out(7, 3, 2, 1, 1), (7 - 1) * 2 - 2 * 1 + 3 + 1),
                     equal((7 - 1) * 2 - 2 * 1 + 3 + 1, 13)],
    "(5 - 1) \\cdot 1 + 3 = 7": [equal(tconv_out(5, 3, d=2), (5 - 1) * 1 + 3),
                                 equal((5 - 1) * 1 + 3, 7)],
    "$$Y = \\begin{pmatrix}": [single(lambda: same(_tut_small(2), _TUT_Y2))],
    "$$y_{1,1} =": [single(lambda: _tu_center(_tut_small(1))),
                    equal(1 * 1 + 2 * 0 + 3 * 2 + -1 * 1, 1 + 0 + 6 - 1),
                    equal(1 + 0 + 6 - 1, 6)],
    "\\partial X_{n,c,i,j}} =": [_tu(_tu_dx, 100)],
    "\\operatorname{conv2d}\\big(G,": [_tu(_tu_dx_rot, 110)],
    "\\partial W_{c,o,u,v}} =": [_tu(_tu_dw, 120)],
    "\\partial b_o} =": [_tu(_tu_db_no_batch, 130)],
    "N_\\text{Param} =": [equal(_T_P, 3 * 3 * 2 * 3 + 2), equal(3 * 3 * 2 * 3 + 2, 56)],
    "$$Y = \\operatorname{pad}_2": [trials(_tu_single_channel, 140)],
    "\\Big\\rfloor + 1 = 5": [lambda: [_CONV9 == 5 and (9 + 2 - 3) // 2 + 1 == 5]],
})  # fmt: skip


# --- note_episodio37_convoluzioni_dilatate.md: 1-D, 0-based, L 16, K 3, d 2, stride 1, 12 outputs

EPI = "note_episodio37_convoluzioni_dilatate"


def _epi(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=16), r.normal(size=3), r.normal(size=12)
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(xt, wt, dilation=2)
    (y * t64(g[None, None])).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0],
            "dw": wt.grad.numpy()[0, 0]}  # fmt: skip


def _ep(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_epi(r)), seed)


def _ep_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    return same(v["y"], [sum(w[k] * at(x, t + 2 * k) for k in range(3)) for t in range(12)])


def _ep_dw(step: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, x = v["g"], v["x"]
        return same(v["dw"], [sum(g[t] * at(x, t + step * k) for t in range(12)) for k in range(3)])

    return rel


def _ep_dx(v: dict) -> bool:
    g, w = v["g"], v["w"]
    return same(v["dx"], [sum(zat(g, s - 2 * k) * w[k] for k in range(3)) for s in range(16)])


def _ep_dx_op(p: int) -> Callable[[dict], bool]:
    """pad_p(g) correlated with flip(w) at dilation 2."""

    def rel(v: dict) -> bool:
        gp, f = np.pad(v["g"], p), v["w"][::-1]
        n = len(gp) - 4
        return same(v["dx"], [sum(gp[s + 2 * k] * f[k] for k in range(3)) for s in range(n)])

    return rel


def _receptive_field(k: int, dilations: tuple[int, ...]) -> int:
    """Span (first to last input sample) of the support of d y_last / d x through a stride-1
    stack of dilated 1-D convs with all-ones weights."""
    n = 1 + sum((k - 1) * d for d in dilations) + 8
    x = torch.ones(1, 1, n, dtype=F64, requires_grad=True)
    y = x
    for d in dilations:
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=F64), dilation=d)
    y[0, 0, -1].backward()
    hit = torch.nonzero(x.grad[0, 0]).flatten()
    return int(hit[-1] - hit[0] + 1)


def _ep_rf_general() -> list[bool]:
    stacks = ((1,), (1, 2), (1, 2, 4, 8), (2, 3), (1, 1, 4))
    return [_receptive_field(k, ds) == 1 + (k - 1) * sum(ds) for k in (2, 3, 5) for ds in stacks]


def _k_eff(k: int, d: int) -> int:
    """The length of the smallest input one dilated kernel fits (torch refuses shorter ones)."""
    for n in range(1, 99):
        try:
            F.conv1d(torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64), dilation=d)
        except RuntimeError:
            continue
        return n
    raise AssertionError((k, d))


def _len1d(n: int, k: int, s: int = 1, d: int = 1) -> int:
    return int(F.conv1d(torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                        stride=s, dilation=d).shape[-1])  # fmt: skip


EPI_CLAIMS = claims_of(EPI, {
    "$$y[t] = \\sum_{k=0}^{2} w[k]": [_ep(_ep_forward, 200)],
    "$$K_\\text{eff} =": [lambda: [_k_eff(k, d) == d * (k - 1) + 1 for k in (1, 2, 3, 5)
                                   for d in (1, 2, 3)],
                          equal(2 * (3 - 1) + 1, 5)],
    "$$L_\\text{out} = 16 - 3 + 1 = 14$$": [equal(_len1d(16, 3, d=2), 16 - 3 + 1),
                                            equal(16 - 3 + 1, 14)],
    "g[t]\\, x[t + 2k]$$": [_ep(_ep_dw(2), 210)],
    "g[t]\\, x[t + k]$$": [_ep(_ep_dw(1), 220)],
    "g[s - 2k]\\, w[k]$$": [_ep(_ep_dx, 230)],
    "\\partial x[4]} =": [_ep(lambda v: math.isclose(
        v["dx"][4], v["g"][4] * v["w"][0] + v["g"][2] * v["w"][1]), 240)],
    "\\operatorname{pad}_4(g) \\star_2": [_ep(_ep_dx_op(4), 250)],
    "Nella mail dell'ascoltatore": [_ep(_ep_dx_op(2), 260)],
    "$$R = 1 + (K - 1) \\sum_{l} d_l$$": [_ep_rf_general],
    "$$R = 2^4 = 16$$": [equal(_receptive_field(3, (1, 2, 4, 8)), 2**4), equal(2**4, 16)],
    "\\Big\\rceil + 1 = 7": [equal(_len1d(16, 3, 2, 2), math.ceil((16 - 5) / 2) + 1),
                             equal(math.ceil((16 - 5) / 2) + 1, 7)],
    "$$N_\\text{param} =": [equal(params(torch.nn.Conv1d(32, 64, 3, dilation=2)), 32 * 64 * 5 + 64),
                            equal(32 * 64 * 5 + 64, 10304)],
})  # fmt: skip


# --- errata_ch6_channels_last.md: X (8, 10, 10, 3) NHWC, kernel (3, 3, 3, 16) HWIO, bias (16,),
# delta = dL/dy of the batch-mean loss (given, random), 0-based; stride 1 (or 2), valid

ERR = "errata_ch6_channels_last"


def _err(r: np.random.Generator, stride: int = 1) -> dict:
    """Channels-last tensors; torch runs in NCHW on permuted copies, L = sum(y * delta)."""
    x, w, b = r.normal(size=(8, 10, 10, 3)), r.normal(size=(3, 3, 3, 16)), r.normal(size=16)
    side = (10 - 3) // stride + 1
    d = r.normal(size=(8, side, side, 16))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv2d(xt.permute(0, 3, 1, 2), wt.permute(3, 2, 0, 1), bt, stride=stride)
    y = y.permute(0, 2, 3, 1)
    (y * t64(d)).sum().backward()
    return {"x": x, "w": w, "b": b, "d": d, "y": y.detach().numpy(), "dx": xt.grad.numpy(),
            "dw": wt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _er(rel: Callable[[dict], bool], seed: int, stride: int = 1) -> Truth:
    return trials(lambda r: rel(_err(r, stride)), seed)


def _er_forward(v: dict) -> bool:
    win = np.lib.stride_tricks.sliding_window_view(v["x"], (3, 3), axis=(1, 2))  # n,i,j,c,u,v
    return same(v["y"], np.einsum("nijcuv,uvcf->nijf", win, v["w"]) + v["b"])


def _er_dw(s: int, batch: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        x, d = v["x"], v["d"]
        side = d.shape[1]
        patches = np.stack(
            [
                np.stack([x[:, s * i : s * i + 3, s * j : s * j + 3, :] for j in range(side)], 1)
                for i in range(side)
            ],
            1,
        )  # (n, i, j, u, v, c)
        if batch:
            return same(v["dw"], np.einsum("nijf,nijuvc->uvcf", d, patches))
        per_n = np.einsum("nijf,nijuvc->nuvcf", d, patches)
        return all(same(v["dw"], per_n[n]) for n in range(8))

    return rel


def _er_dx(swap: bool) -> Callable[[dict], bool]:
    """sum_{f,u,v} delta_{n,p-u,q-v,f} w[u,v,c,f] (or w[u,v,f,c]), delta zero outside 0..7."""

    def rel(v: dict) -> bool:
        d, w = v["d"], v["w"]
        dp = np.pad(d, ((0, 0), (2, 2), (2, 2), (0, 0)))  # dp[.., p-u+2, ..] = delta[.., p-u, ..]
        out = np.zeros((8, 10, 10, 3))
        for u in range(3):
            for q in range(3):
                tap = dp[:, 2 - u : 12 - u, 2 - q : 12 - q, :]  # (n, p, q, f)
                for c in range(3):
                    wv = [at(w, u, q, f, c) if swap else w[u, q, c, f] for f in range(16)]
                    out[..., c] += tap @ np.array(wv)
        return same(v["dx"], out)

    return rel


def _er_dx_slices(v: dict) -> bool:
    d, w = v["d"], v["w"]
    rhs = np.stack([np.stack([sum(corr(pad(d[n, :, :, f], 2), rot180(w[:, :, c, f]))
                                  for f in range(16)) for c in range(3)], -1)
                    for n in range(8)])  # fmt: skip
    return same(v["dx"], rhs)


def _mults_nhwc() -> int:
    """Multiplications of the valid conv, counted by torch's FlopCounterMode (2 flops each)."""
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        F.conv2d(torch.zeros(8, 3, 10, 10, dtype=F64), torch.zeros(16, 3, 3, 3, dtype=F64))
    return counter.get_total_flops() // 2


_ERR_P = params(torch.nn.Conv2d(3, 16, 3))
ERR_CLAIMS = claims_of(ERR, {
    "$$y_{n,i,j,f} = b_f +": [_er(_er_forward, 300)],
    "$$H_\\text{out} = 10 - 3 + 1 = 8$$": [lambda: [_err(np.random.default_rng(0))["y"].shape[1]
                                                    == 10 - 3 + 1], equal(10 - 3 + 1, 8)],
    "$$\\frac{\\partial L}{\\partial w_{u,v,c,f}} = \\sum_{i=0}^{7}": [_er(_er_dw(1, False), 310)],
    "$$\\frac{\\partial L}{\\partial w_{u,v,c,f}} = \\sum_{n=0}^{7} \\sum_{i=0}^{7}": [
        _er(_er_dw(1, True), 320)],
    "Correct as printed": [_er(lambda v: same(v["db"], v["d"].sum(axis=(0, 1, 2))), 330)],
    "\\partial b_f} = \\frac{1}{N}": [_er(lambda v: same(v["db"], v["d"].sum(axis=(0, 1, 2)) / 8),
                                          340)],
    "\\delta_{n,\\,p-u,\\,q-v,\\,f}\\; w_{u,v,f,c}$$": [_er(_er_dx(True), 350)],
    "\\delta_{n,\\,p-u,\\,q-v,\\,f}\\; w_{u,v,c,f}$$": [_er(_er_dx(False), 360)],
    "\\partial X_{n,:,:,c}} =": [_er(_er_dx_slices, 370)],
    "16 = 432$$": [equal(_ERR_P, 3 * 3 * 3 * 16), equal(3 * 3 * 3 * 16, 432)],
    "16 + 3 = 435$$": [equal(_ERR_P, 3 * 3 * 3 * 16 + 3), equal(3 * 3 * 3 * 16 + 3, 435)],
    "$$N_\\text{mult} =": [equal(_mults_nhwc(), 8 * 8 * 8 * 16 * 3**2),
                           equal(8 * 8 * 8 * 16 * 3**2, 8 * 8 * 8 * 16 * 9),
                           equal(8 * 8 * 8 * 16 * 9, 73728)],
    "x_{n,\\,2i+u,\\,2j+v,\\,c}$$": [_er(_er_dw(2, True), 380, stride=2)],
})  # fmt: skip


# --- tesi_cap3_maxpool_relu.md: Z 4x4 (the note's or random), A = ReLU(Z), 2x2/2 max pooling,
# 1-based in the note; overlapping 3x3/1 pooling of the same A

TESI = "tesi_cap3_maxpool_relu"

_TZ = np.array([[1, -2, 3, 0], [-1, 4, -3, 2], [0, -1, -2, -4], [-2, -1, -5, 3]], dtype=np.float64)
_TG = np.array([[1.0, -2.0], [3.0, 0.5]])


def _pool_relu(z: np.ndarray, g: np.ndarray, k: int = 2, s: int = 2) -> dict:
    """A = relu(Z), P = max_pool2d(A, k, s), L = sum(P * G): torch autograd."""
    zt = t64(z[None, None], True)
    a = F.relu(zt)
    a.retain_grad()
    p = F.max_pool2d(a, k, s)
    (p * t64(g[None, None])).sum().backward()
    return {"z": z, "g": g, "a": a.detach().numpy()[0, 0], "p": p.detach().numpy()[0, 0],
            "da": a.grad.numpy()[0, 0], "dz": zt.grad.numpy()[0, 0]}  # fmt: skip


def _te(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_pool_relu(r.normal(size=(4, 4)), r.normal(size=(2, 2)))), seed)


def _te_rule(v: dict) -> bool:
    a, g = v["a"], v["g"]  # 1-based (i, j) -> block (ceil(i/2), ceil(j/2))
    rhs = [[g[math.ceil(i / 2) - 1, math.ceil(j / 2) - 1]
            if a[i - 1, j - 1] == a[2 * math.ceil(i / 2) - 2 : 2 * math.ceil(i / 2),
                                   2 * math.ceil(j / 2) - 2 : 2 * math.ceil(j / 2)].max() else 0.0
            for j in range(1, 5)] for i in range(1, 5)]  # fmt: skip
    return same(v["da"], rhs)


def _te_compact(v: dict) -> bool:
    z, g = v["z"], v["g"]
    rhs = [[g[math.ceil(i / 2) - 1, math.ceil(j / 2) - 1] * float(z[i - 1, j - 1] > 0)
            for j in range(1, 5)] for i in range(1, 5)]  # fmt: skip
    return same(v["dz"], rhs)


def _te_commute(pool: Callable) -> Callable[[np.random.Generator], bool]:
    def rel(r: np.random.Generator) -> bool:
        z = t64(r.normal(size=(1, 1, 4, 4)))
        return same(pool(F.relu(z), 2, 2).numpy(), F.relu(pool(z, 2, 2)).numpy())

    return rel


def _overlap(r: np.random.Generator) -> dict:
    return _pool_relu(_TZ, r.normal(size=(2, 2)), k=3, s=1)


_TESI = _pool_relu(_TZ, _TG)
TESI_CLAIMS = claims_of(TESI, {
    "$$A = \\begin{pmatrix}": [single(lambda: same(_TESI["a"], [[1, 0, 3, 0], [0, 4, 0, 2],
                                                                 [0, 0, 0, 0], [0, 0, 0, 3]]))],
    "$$P = \\begin{pmatrix} 4 & 3": [single(lambda: same(_TESI["p"], [[4, 3], [0, 3]]))],
    "$$\\frac{\\partial L}{\\partial A} = \\begin{pmatrix}": [single(lambda: same(
        _TESI["da"], [[0, 0, -2, 0], [0, 1, 0, 0], [3, 0, 0, 0], [0, 0, 0, 0.5]]))],
    "Infine si moltiplica": [_te(lambda v: same(v["dz"], v["da"] * (v["z"] > 0)), 400)],
    "$$\\frac{\\partial L}{\\partial Z} = \\begin{pmatrix}": [single(lambda: same(
        _TESI["dz"], [[0, 0, -2, 0], [0, 1, 0, 0], [3, 0, 0, 0], [0, 0, 0, 0.5]]))],
    "\\text{se } a_{ij}": [_te(_te_rule, 410)],
    "\\mathbb{1}[z_{ij} > 0]$$": [_te(_te_compact, 420)],
    "g_{kl}$$": [_te(lambda v: math.isclose(v["da"].sum(), v["g"].sum(), abs_tol=1e-12), 430)],
    "e lo stesso vale dopo la ReLU": [single(lambda: math.isclose(_TESI["dz"].sum(), _TG.sum()))],
    "$$\\operatorname{maxpool}(\\operatorname{ReLU}(Z)) =": [
        trials(_te_commute(F.max_pool2d), 440)],
    "\\Big\\lfloor \\frac{4 - 3}{1}": [lambda: [_overlap(np.random.default_rng(0))["p"].shape[0]
                                                == (4 - 3) // 1 + 1 == 2]],
    "Sia $H = (h_{kl})$": [None, single(lambda: _TESI["a"][1, 1] == 4)],
    "h_{11} + h_{12} + h_{21} + h_{22}$$": [trials(lambda r: (lambda v: math.isclose(
        v["da"][1, 1], v["g"].sum()))(_overlap(r)), 450)],
    "mentre $a_{44} = 3$": [single(lambda: _TESI["a"][3, 3] == 3)],
    "\\partial a_{44}} = h_{22}$$": [trials(lambda r: (lambda v: math.isclose(
        v["da"][3, 3], v["g"][1, 1]))(_overlap(r)), 460)],
    "\\frac{7 - 3}{2} \\Big\\rfloor = 2$$": [
        equal(F.max_pool2d(torch.zeros(1, 1, 7, 7), 3, 2).shape[-1], (7 - 3) // 2),
        equal((7 - 3) // 2, 2)],
    "Lo stesso scambio vale per l'average": [trials(_te_commute(F.avg_pool2d), 470)],
})  # fmt: skip


def truth_table() -> Claims:
    from unseen_fresh25_truth_b import NOTES_B

    return {**TUT_CLAIMS, **EPI_CLAIMS, **ERR_CLAIMS, **TESI_CLAIMS, **NOTES_B}
