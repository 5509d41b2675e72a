"""Independent truth for the fresh31 unseen set (tests/data/check/unseen/fresh31/): shared helpers
and the notes folien_vl7_faltung_stride2_gradient, exercises_5_7_dilation_transposed,
deney_raporu_ortalama_havuzlama and review_pr_88_im2col_backward.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. Lines are found from an anchor (a piece of the line, unique in
the note); a None holds the rank of a keyed non-claim. A side that reads an entry outside a
tensor (IndexError) or multiplies matrices of mismatched shapes (ValueError) disagrees; where a
note declares zeros outside a range, those entries are read as zero. A link between two written
numbers is judged as arithmetic; a size or count named on the left must equal the true one. The
other three notes live in unseen_fresh31_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

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
SET = "fresh31"


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def checks(*values: Callable[[], bool]) -> Truth:
    """Several comparisons of one claim on the note's own numbers (the quantity and the
    arithmetic)."""
    return lambda: [bool(v()) for v in values]


def _on(v: dict, rel: Callable[[dict], bool]) -> bool:
    """One relation on one draw of a note's tensors."""
    return rel(v)


# --- folien_vl7_faltung_stride2_gradient.md: X 7x7, K 3x3, scalar b, padding 1, stride 2,
# 0-based; \ast is the valid cross-correlation; slide 15: X 8x8; slide 16: stride 1

FOL = "folien_vl7_faltung_stride2_gradient"


def _fol(r: np.random.Generator, h: int = 7, stride: int = 2, ones: bool = False) -> dict:
    x, k, b = r.normal(size=(h, h)), r.normal(size=(3, 3)), r.normal(size=1)
    side = conv_out(h, 3, stride, 1)
    g = np.ones((side, side)) if ones else r.normal(size=(side, side))
    t = conv(x[None, None], k[None, None], b, g[None, None], stride=stride, padding=1)
    return {"x": x, "xp": pad(x, 1), "k": k, "g": g, "dx": t["dx"][0, 0], "dk": t["dw"][0, 0],
            "db": float(t["db"][0])}  # fmt: skip


def _fo(rel: Callable[[dict], bool], seed: int, **kw: object) -> Truth:
    return trials(lambda r: rel(_fol(r, **kw)), seed)


def _fol_dk(v: dict) -> bool:
    g, xp = v["g"], v["xp"]
    rhs = [[sum(g[i, j] * at(xp, 2 * i + u, 2 * j + w) for i in range(4) for j in range(4))
            for w in range(3)] for u in range(3)]  # fmt: skip
    return same(v["dk"], rhs)


def _fol_dx(v: dict) -> bool:
    g, k = v["g"], v["k"]  # K zero outside the 3x3 kernel, as the slide says
    rhs = [[sum(g[i, j] * zat(k, p + 1 - 2 * i, q + 1 - 2 * j) for i in range(4) for j in range(4))
            for q in range(7)] for p in range(7)]  # fmt: skip
    return same(v["dx"], rhs)


def _fol_dx_op(v: dict) -> bool:
    return same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["k"])))


def _fol_sum_x(v: dict, idx: tuple[int, ...]) -> float:
    return sum(v["x"][p, q] for p in idx for q in idx)


FOL_CLAIMS = claims_of(FOL, {
    "(A \\ast B)_{i,j} = ": [None],
    "\\frac{7 + 2 \\cdot 1 - 3}{2}": [equal(conv_out(7, 3, 2, 1), (7 + 2 * 1 - 3) // 2 + 1),
                                      equal((7 + 2 - 3) // 2 + 1, 4)],
    "$$Y_{i,j} = ": [None],
    "\\partial b} = \\sum_{i=0}^{3}": [_fo(lambda v: math.isclose(v["db"], v["g"].sum()), 10)],
    "\\partial K_{u,v}} = \\sum": [_fo(_fol_dk, 20)],
    "$$\\nabla_K L = \\tilde X \\ast G$$": [
        _fo(lambda v: same(v["dk"], corr(v["xp"], v["g"])), 30)],
    "\\partial X_{p,q}} = \\sum": [_fo(_fol_dx, 40)],
    "$$\\nabla_X L = \\operatorname{pad}_1\\big(": [_fo(_fol_dx_op, 50)],
    "Wir nehmen $L": [None, None],
    "\\partial b} = 16$": [_fo(lambda v: math.isclose(v["db"], 16), 60, ones=True)],
    "\\partial X_{1,1}} = ": [_fo(lambda v: math.isclose(
        v["dx"][1, 1], v["k"][0, 0] + v["k"][0, 2] + v["k"][2, 0] + v["k"][2, 2]), 70, ones=True)],
    "\\partial X_{0,1}} = ": [_fo(lambda v: math.isclose(
        v["dx"][0, 1], v["k"][0, 1] + v["k"][2, 1]), 80, ones=True)],
    "\\partial K_{1,1}} = ": [_fo(lambda v: math.isclose(
        v["dk"][1, 1], _fol_sum_x(v, (0, 2, 4, 6))), 90, ones=True)],
    "\\partial K_{0,0}} = ": [_fo(lambda v: math.isclose(
        v["dk"][0, 0], _fol_sum_x(v, (0, 2, 4))), 100, ones=True)],
    "Für $X \\in \\mathbb{R}^{8 \\times 8}$": [
        equal(conv_out(8, 3, 2, 1), (8 + 2 - 3) // 2 + 1), equal((8 + 2 - 3) // 2 + 1, 4),
        _fo(_fol_dx_op, 110, h=8)],
    "\\operatorname{pad}_1(G') \\ast K$$": [
        _fo(lambda v: same(v["dx"], corr(pad(v["g"], 1), v["k"])), 120, stride=1)],
    "\\left\\lceil \\frac{7 + 2 - 4}{2}": [
        equal(conv_out(7, 4, 2, 1), math.ceil((7 + 2 - 4) / 2) + 1),
        equal(math.ceil((7 + 2 - 4) / 2) + 1, 4)],
})  # fmt: skip


# --- exercises_5_7_dilation_transposed.md: output sizes, each exercise with its own layer

EX = "exercises_5_7_dilation_transposed"
_CONV_GRID = [(h, k, s, p, d) for h in (9, 13, 17) for k in (1, 3, 4) for s in (1, 2, 3)
              for p in (0, 1, 2) for d in (1, 2)]  # fmt: skip
_TCONV_GRID = [(h, k, s, p, a, d) for h in (3, 5, 8) for k in (2, 3, 5) for s in (1, 2, 3)
               for p in (0, 1) for d in (1, 2) for a in range(max(s, d))]  # fmt: skip


def _eff(k: int, d: int) -> int:
    """Side of the smallest unpadded input on which a dilated k x k kernel gives an output."""
    for h in range(1, 100):
        try:
            return h if conv_out(h, k, 1, 0, d) == 1 else 0
        except RuntimeError:
            continue
    raise AssertionError((k, d))


EX_CLAIMS = claims_of(EX, {
    "\\frac{H + 2P - D(K-1) - 1}{S}": [
        grid(lambda h, k, s, p, d: conv_out(h, k, s, p, d)
             == (h + 2 * p - d * (k - 1) - 1) // s + 1, _CONV_GRID)],
    "$$H_{out} = (H - 1)S - 2P": [
        grid(lambda h, k, s, p, a, d: tconv_out(h, k, s, p, a, d)
             == (h - 1) * s - 2 * p + d * (k - 1) + a + 1, _TCONV_GRID)],
    "**5.7.1.**": [equal(conv_out(32, 3, 1, 2, 2), (32 + 2 * 2 - 2 * (3 - 1) - 1) / 1 + 1),
                   equal((32 + 2 * 2 - 2 * (3 - 1) - 1) / 1 + 1, 32)],
    "**5.7.2.**": [equal(_eff(5, 3), 3 * 5), equal(3 * 5, 15)],
    "**5.7.3.**": [equal(conv_out(17, 3, 2, 1, 2), (17 + 2 - 2 * 3 - 1) // 2 + 1),
                   equal((17 + 2 - 2 * 3 - 1) // 2 + 1, 7)],
    "**5.7.4.**": [equal(tconv_out(7, 3, 2, 1, 1), (7 - 1) * 2 - 2 * 1 + 3 + 2 * 1),
                   equal((7 - 1) * 2 - 2 * 1 + 3 + 2 * 1, 15)],
    "**5.7.5.**": [checks(lambda: conv_out(13, 3, 2, 1) == 7, lambda: (13 + 2 - 3) // 2 + 1 == 7),
                   checks(lambda: conv_out(14, 3, 2, 1) == 7, lambda: (14 + 2 - 3) // 2 + 1 == 7)],
    "**5.7.6.**": [equal(tconv_out(5, 3, 1, 0, 0, 2), (5 - 1) * 1 + 2 * 3),
                   equal((5 - 1) * 1 + 2 * 3, 10)],
    "**5.7.7.**": [equal(tconv_out(6, 5, 3, 0), 6 * 3), equal(6 * 3, 18)],
    "**5.7.8.**": [checks(lambda: conv_out(64, 3, 2, 1) == 32, lambda: (64 + 2 - 3) // 2 + 1 == 32),
                   checks(lambda: tconv_out(32, 3, 2, 1) == 64,
                          lambda: (32 - 1) * 2 - 2 + 3 == 64)],
})  # fmt: skip


# --- deney_raporu_ortalama_havuzlama.md: A AvgPool2d(2, 2) and B AvgPool2d(3, 1) on 4x4 with
# G = [[1, 2], [3, 4]]; C AvgPool2d(3, 2) on 8x8; D GAP on (2, 8, 7, 7) then Linear(8, 10)

HAV = "deney_raporu_ortalama_havuzlama"
_G22 = np.array([[1.0, 2.0], [3.0, 4.0]])


def _avg_dx(x: np.ndarray, g: np.ndarray, k: int, s: int) -> np.ndarray:
    xt = t64(x[None, None], True)
    (F.avg_pool2d(xt, k, s) * t64(g[None, None])).sum().backward()
    return xt.grad.numpy()[0, 0]


def _pool_out(h: int, k: int, s: int) -> int:
    return int(F.avg_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s).shape[-1])


def _hav_a(r: np.random.Generator, g: np.ndarray | None = None) -> dict:
    g = r.normal(size=(2, 2)) if g is None else g
    return {"g": g, "dx": _avg_dx(r.normal(size=(4, 4)), g, 2, 2)}


def _hav_a_formula(r: np.random.Generator) -> bool:
    v = _hav_a(r)
    return same(v["dx"], [[v["g"][p // 2, q // 2] / 4 for q in range(4)] for p in range(4)])


def _hav_b() -> np.ndarray:
    return _avg_dx(np.random.default_rng(500).normal(size=(4, 4)), _G22, 3, 1)


def _gap(r: np.random.Generator) -> dict:
    x, gam = r.normal(size=(2, 8, 7, 7)), r.normal(size=(2, 8))
    xt = t64(x, True)
    (xt.mean(dim=(2, 3)) * t64(gam)).sum().backward()
    return {"g": gam, "dx": xt.grad.numpy()}


def _gap_batch_mean(r: np.random.Generator) -> bool:
    """L = mean over the batch of l_n = sum_c gamma_{n,c} z_{n,c}: dl_n/dz_{n,c} = gamma_{n,c}."""
    x, gam = r.normal(size=(2, 8, 7, 7)), r.normal(size=(2, 8))
    xt = t64(x, True)
    (xt.mean(dim=(2, 3)) * t64(gam)).sum(dim=1).mean().backward()
    return same(xt.grad.numpy(), np.broadcast_to(gam[:, :, None, None] / 49, x.shape))


def _dense_dz(r: np.random.Generator) -> bool:
    w, b, z, d = r.normal(size=(10, 8)), r.normal(size=10), r.normal(size=8), r.normal(size=10)
    zt = t64(z, True)
    ((t64(w) @ zt + t64(b)) * t64(d)).sum().backward()
    return same(zt.grad.numpy(), np.dot(w, d))


HAV_CLAIMS = claims_of(HAV, {
    "$$G = \\begin{pmatrix} 1 & 2": [None],
    "Çıkış boyutu: $H_{out}": [equal(_pool_out(4, 2, 2), (4 - 2) // 2 + 1),
                               equal((4 - 2) // 2 + 1, 2)],
    "İleri geçiş $Y_{i,j}": [None],
    "G_{\\lfloor p/2 \\rfloor": [trials(_hav_a_formula, 600)],
    "\\partial X} = \\frac{1}{4} \\begin{pmatrix}": [
        single(lambda: same(_hav_a(np.random.default_rng(610), _G22)["dx"],
                            np.kron(_G22, np.ones((2, 2))) / 4))],
    "\\sum_{q=0}^{3} \\frac{\\partial L}": [
        trials(lambda r: _on(_hav_a(r), lambda v: math.isclose(v["dx"].sum(), v["g"].sum() / 4)),
               620),
        equal(_G22.sum() / 4, 2.5)],
    "\\partial X_{1,1}} = \\frac{1 + 2": [single(lambda: math.isclose(_hav_b()[1, 1], 10 / 9)),
                                          equal((1 + 2 + 3 + 4) / 9, 10 / 9)],
    "\\partial X_{0,3}} = \\frac{1}{9}": [single(lambda: math.isclose(_hav_b()[0, 3], 1 / 9))],
    "\\left\\lceil \\frac{8 - 3}{2}": [equal(_pool_out(8, 3, 2), math.ceil((8 - 3) / 2) + 1),
                                       equal(math.ceil((8 - 3) / 2) + 1, 4)],
    "$z_{n,c} = \\frac{1}{49}": [None],
    "$G_{n,c} = \\partial L": [None],
    "\\frac{G_{n,c}}{HW}": [
        trials(lambda r: _on(_gap(r), lambda v: same(v["dx"], np.broadcast_to(
            v["g"][:, :, None, None] / (7 * 7), (2, 8, 7, 7)))), 630),
        equal(7 * 7, 49)],
    "ve her kanal için": [
        trials(lambda r: _on(_gap(r), lambda v: same(v["dx"].sum(axis=(2, 3)), v["g"])), 640)],
    "parametre sayısı": [checks(lambda: params(torch.nn.Linear(8, 10)) == 90,
                                lambda: 10 * 8 + 10 == 90), None, None],
    "\\partial z} = W \\delta": [trials(_dense_dz, 650)],
    "Kayıp örnek kayıplarının": [None, None],
    "\\frac{1}{49} \\, \\frac{\\partial \\ell_n}": [trials(_gap_batch_mean, 660)],
})  # fmt: skip


# --- review_pr_88_im2col_backward.md: x (4, 3, 8, 8), w (6, 3, 3, 3), stride 1, pad 1;
# cols rows (n, i, j), columns (c, u, v); W_r = w.reshape(6, 27); delta = dout channels-last

PR = "review_pr_88_im2col_backward"


def _pr(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(4, 3, 8, 8)), r.normal(size=(6, 3, 3, 3)), r.normal(size=6)
    dout = r.normal(size=(4, 6, 8, 8))
    t = conv(x, w, b, dout, padding=1)
    cols = F.unfold(t64(x), 3, padding=1).permute(0, 2, 1).reshape(256, 27)
    cols = cols.detach().requires_grad_()
    w_r = w.reshape(6, 27)
    delta = dout.transpose(0, 2, 3, 1).reshape(-1, 6)
    ((cols @ t64(w_r).T) * t64(delta)).sum().backward()
    return {"cols": cols.detach().numpy(), "dcols": cols.grad.numpy(), "w_r": w_r, "b": b,
            "delta": delta, "y_r": t["z"].transpose(0, 2, 3, 1).reshape(-1, 6),
            "dw_r": t["dw"].reshape(6, 27), "db": t["db"]}  # fmt: skip


def _pt(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_pr(r)), seed)


def _copies(h: int, w: int) -> int:
    """How many rows of one image's 3x3, pad-1 im2col hold pixel (h, w) of an 8x8 image."""
    ids = torch.arange(1, 65, dtype=F64).reshape(1, 1, 8, 8)
    cols = F.unfold(ids, 3, padding=1)[0].T  # (64 rows, 9)
    return int((cols == 8 * h + w + 1).any(dim=1).sum())


def _gemm_macs() -> int:
    a, b = torch.zeros(256, 27), torch.zeros(27, 6)
    return flops_half(lambda: a @ b)


PR_CLAIMS = claims_of(PR, {
    "so `cols` has shape": [_pt(lambda v: v["cols"].shape == (144, 27), 700)],
    "$$Y_r = \\mathrm{cols}": [_pt(lambda v: same(
        v["y_r"], v["cols"] @ v["w_r"].T + np.ones((256, 1)) @ v["b"][None]), 710)],
    "\\partial W_r} = \\mathrm{cols}^\\top \\delta$$": [
        _pt(lambda v: same(v["dw_r"], v["cols"].T @ v["delta"]), 720)],
    "\\partial \\mathrm{cols}} = \\delta \\, W_r$$": [
        _pt(lambda v: same(v["dcols"], v["delta"] @ v["w_r"]), 730)],
    "\\partial b} = \\delta^\\top \\mathbf{1}$$": [
        _pt(lambda v: same(v["db"], v["delta"].T @ np.ones(256)), 740)],
    "We get $H_{out}": [equal(conv_out(8, 3, 1, 1), 8 + 2 * 1 - 3 + 1), equal(8 + 2 - 3 + 1, 8),
                        checks(lambda: _pr(np.random.default_rng(750))["cols"].shape[0] == 256,
                               lambda: 4 * 8 * 8 == 256)],
    "\\partial W_r} = \\delta^\\top \\mathrm{cols}$$": [
        _pt(lambda v: same(v["dw_r"], v["delta"].T @ v["cols"]), 760)],
    "The forward GEMM is": [checks(lambda: _gemm_macs() == 41_472,
                                   lambda: 256 * 27 * 6 == 41_472)],
    "should be averaged over the batch": [
        _pt(lambda v: same(v["db"], v["delta"].T @ np.ones(256) / 4), 770)],
    "needs the transpose": [_pt(lambda v: same(v["dcols"], np.dot(v["delta"], v["w_r"].T)), 780)],
    "Then $m_{4,4} = 9$": [equal(_copies(4, 4), 9), equal(_copies(0, 0), 4),
                           equal(_copies(0, 4), 3)],
    "For the stride-2 layer": [equal(conv_out(8, 3, 2, 1), math.ceil((8 + 2 - 3) / 2) + 1),
                               equal(math.ceil((8 + 2 - 3) / 2) + 1, 5)],
})  # fmt: skip


def truth_table() -> Claims:
    from unseen_fresh31_truth_b import NOTES_B

    return {**FOL_CLAIMS, **EX_CLAIMS, **HAV_CLAIMS, **PR_CLAIMS, **NOTES_B}
