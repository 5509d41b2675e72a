"""Independent truth for the fresh36 unseen set, second part: the notes
cheatsheet_backward_as_operators, examen_parcial_p2_red_keras_tabla and
wiki_grup_convolucions_agrupades (conventions as in unseen_fresh36_truth.py). The cheat
sheet's general formulas are checked on grids of sizes; a multiply-add count is torch's
FlopCounterMode count / 2."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh36_truth import claims_of
from unseen_truth_base import (
    F64,
    Truth,
    conv,
    conv_out,
    dilate,
    equal,
    pad,
    params,
    rng,
    rot180,
    same,
    t64,
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
Conv2d = torch.nn.Conv2d


def vcorr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation of the last two axes of a with k (k 2-D), vectorised."""
    return np.einsum("...ijuv,uv->...ij", sliding_window_view(a, k.shape, axis=(-2, -1)), k)


# --- cheatsheet_backward_as_operators.md: general letters, one channel, 0-based

SHEET = "cheatsheet_backward_as_operators"


def _sheet_conv(h: int, k: int, s: int, p: int, seed: int) -> dict:
    r = rng(seed)
    side = conv_out(h, k, s, p)
    x, w, g = r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=(side, side))
    t = conv(x[None, None], w[None, None], None, g[None, None], stride=s, padding=p)
    return {"x": x, "w": w, "g": g, "dx": t["dx"][0, 0], "dw": t["dw"][0, 0]}


def _sc(
    rel: Callable[[dict, int, int, int], bool], sizes: list[tuple[int, int, int, int]]
) -> Truth:
    """One comparison per (H, k, s, p) of the grid, on random tensors."""

    def check(h: int, k: int, s: int, p: int) -> bool:
        try:
            return bool(rel(_sheet_conv(h, k, s, p, 4000 + 97 * h + 13 * k + 5 * s + p), k, s, p))
        except (IndexError, ValueError):
            return False

    return grid(check, sizes)


def _pool_ceil(h: int, k: int, s: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s, ceil_mode=True).shape[-1])


def _dense(r: np.random.Generator) -> dict:
    """y = W x + b with W 3 x 5 (m != n) and the gradients of sum(y * delta)."""
    w, x, b, g = r.normal(size=(3, 5)), r.normal(size=5), r.normal(size=3), r.normal(size=3)
    wt = t64(w, True)
    ((wt @ t64(x) + t64(b)) * t64(g)).sum().backward()
    return {"x": x, "g": g, "dw": wt.grad.numpy()}


def _act(fn: Callable[[torch.Tensor], torch.Tensor], rhs: Callable[[np.ndarray], np.ndarray],
         seed: int) -> Truth:  # fmt: skip
    def check(r: np.random.Generator) -> bool:
        z, g = r.normal(size=7), r.normal(size=7)
        zt = t64(z, True)
        (fn(zt) * t64(g)).sum().backward()
        return same(zt.grad.numpy(), g * rhs(z))

    return trials(check, seed)


def _sig(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def _softmax_ce(r: np.random.Generator) -> bool:
    z, label = r.normal(size=6), int(r.integers(0, 6))
    zt = t64(z, True)
    F.cross_entropy(zt[None], torch.tensor([label])).backward()
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    return same(zt.grad.numpy(), p - np.eye(6)[label])


def _avgpool(h: int, k: int) -> bool:
    r = rng(4100 + 7 * h + k)
    x, g = r.normal(size=(h, h)), r.normal(size=(h // k, h // k))
    xt = t64(x[None, None], True)
    (F.avg_pool2d(xt, k) * t64(g[None, None])).sum().backward()
    rhs = [[g[i // k, j // k] / k**2 for j in range(h)] for i in range(h)]
    return same(xt.grad.numpy()[0, 0], rhs)


_CONV_SIZES = [(h, k, s, p) for h in (5, 8, 11) for k in (2, 3) for s in (1, 2, 3)
               for p in (0, 1)]  # fmt: skip
_PAD_SIZES = [(h, k, 1, p) for h in (5, 8) for k in (2, 3, 4) for p in range(k)]
_STRIDED = [(h, k, s, 0) for h in (7, 9, 10) for k in (2, 3) for s in (2, 3) if h > k]
_DIVIDES = [(h, k, s, 0) for h in (7, 9, 10, 11) for k in (2, 3) for s in (2, 3)
            if (h - k) % s == 0]  # fmt: skip
_PLAIN = [(h, k, 1, 0) for h in (5, 8) for k in (2, 3)]

SHEET_CLAIMS = claims_of(SHEET, {
    "- Conv: $H_{out}": [grid(lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1,
                              _CONV_SIZES)],
    "- Dilated conv:": [grid(
        lambda h, k, s, p, d: conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1,
        [(h, k, s, p, d) for h, k, s, p in _CONV_SIZES for d in (1, 2) if h + 2 * p > 2 * k])],
    "- Transposed conv with output padding": [grid(
        lambda h, k, s, p, a, d: tconv_out(h, k, s, p, a, d)
        == (h - 1) * s - 2 * p + d * (k - 1) + a + 1,
        [(h, k, s, p, a, d) for h in (4, 7) for k in (2, 3) for s in (1, 2, 3) for p in (0, 1)
         for d in (1, 2) for a in range(max(s, d))])],
    "- Max pool with `ceil_mode=True`": [grid(
        lambda h, k, s: _pool_ceil(h, k, s) == math.ceil((h - k) / s),
        [(h, k, s) for h in (6, 7, 9, 12) for k in (2, 3) for s in (1, 2) if k >= s])],
    "- Stride 1, padding $p": [None, _sc(
        lambda v, k, s, p: same(v["dx"], corr_np(pad(v["g"], k - 1 - p), rot180(v["w"]))),
        _PAD_SIZES)],
    "- The same formula carries over": [None, _sc(
        lambda v, k, s, p: same(v["dx"], corr_np(pad(v["g"], k - 1), rot180(v["w"]))), _STRIDED)],
    "- Stride $s$, no padding, $s$ dividing": [_sc(
        lambda v, k, s, p: same(v["dx"], corr_np(pad(dilate(v["g"], s), k - 1), rot180(v["w"]))),
        _DIVIDES)],
    "- Weights, stride 1:": [
        _sc(lambda v, k, s, p: same(v["dw"], corr_np(v["x"], v["g"])), _PLAIN),
        _sc(lambda v, k, s, p: same(v["dw"], corr_np(v["x"], dilate(v["g"], s))), _DIVIDES)],
    "- Some books write the weight gradient": [
        _sc(lambda v, k, s, p: same(v["dw"], corr_np(v["x"], rot180(v["g"]))), _PLAIN)],
    "transposed the other way round": [
        trials(lambda r: (lambda v: same(v["dw"], np.outer(v["g"], v["x"])))(_dense(r)), 4200),
        trials(lambda r: (lambda v: same(v["dw"], np.outer(v["x"], v["g"])))(_dense(r)), 4210)],
    "- Sigmoid:": [_act(torch.sigmoid, lambda z: _sig(z) * (1 - _sig(z)), 4220)],
    "- Tanh:": [_act(torch.tanh, lambda z: 1 - np.tanh(z), 4230)],
    "- Softmax + cross-entropy": [trials(_softmax_ce, 4240)],
    "- Average pool, window": [grid(_avgpool, [(4, 2), (6, 2), (6, 3), (9, 3)])],
    "with bias: $P = C_{out}": [grid(
        lambda ci, co, k, g: params(Conv2d(ci, co, k, groups=g)) == co * (ci // g) * k**2 + co,
        [(4, 8, 3, 2), (6, 6, 1, 3), (8, 4, 5, 4), (3, 6, 3, 1)])],
    "- Depthwise with channel multiplier": [grid(
        lambda c, m, k: params(Conv2d(c, c * m, k, groups=c)) == c * m * k**2 + c,
        [(3, 2, 3), (8, 2, 5), (4, 3, 1)])],
})  # fmt: skip


def corr_np(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid cross-correlation; a kernel larger than the input is a shape error."""
    if k.shape[0] > a.shape[0] or k.shape[1] > a.shape[1]:
        raise ValueError("kernel larger than input")
    return vcorr(a, k)


# --- examen_parcial_p2_red_keras_tabla.md: Keras channels_last, 64 x 64 x 3 -> Conv2D 8@5x5 s2
# valid relu -> MaxPool 2 -> Conv2D 16@3x3 d2 valid relu -> GAP -> Dense 10 softmax; mean loss

EXAM = "examen_parcial_p2_red_keras_tabla"
EN = 4  # a batch (the claims are written for every N)


def _exam_sides() -> tuple[int, int, int]:
    x = torch.zeros(1, 3, 64, 64, dtype=F64)
    a1 = F.conv2d(x, torch.zeros(8, 3, 5, 5, dtype=F64), stride=2)
    p1 = F.max_pool2d(a1, 2)
    a3 = F.conv2d(p1, torch.zeros(16, 8, 3, 3, dtype=F64), dilation=2)
    return int(a1.shape[-1]), int(p1.shape[-1]), int(a3.shape[-1])


def _head(r: np.random.Generator) -> dict:
    """z_n = V^T g_n + c (V 16 x 10), softmax cross-entropy averaged over the batch."""
    g, vv, c = r.normal(size=(EN, 16)), r.normal(size=(16, 10)), r.normal(size=10)
    labels = r.integers(0, 10, size=EN)
    gt, vt, ct = t64(g, True), t64(vv, True), t64(c, True)
    z = gt @ vt + ct
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(labels)).backward()
    p = torch.softmax(z.detach(), dim=1).numpy()
    return {"g": g, "v": vv, "p": p, "y": np.eye(10)[labels], "e": z.grad.numpy(),
            "dg": gt.grad.numpy(), "dv": vt.grad.numpy(), "dc": ct.grad.numpy()}  # fmt: skip


def _hd(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_head(r)), seed)


def _gap(r: np.random.Generator) -> bool:
    a, up = r.normal(size=(EN, 11, 11, 16)), r.normal(size=(EN, 16))
    at_ = t64(a, True)
    (at_.mean(dim=(1, 2)) * t64(up)).sum().backward()
    return same(at_.grad.numpy(), np.broadcast_to(up[:, None, None, :] / 169, a.shape))


def _relu(r: np.random.Generator) -> bool:
    z, up = r.normal(size=(EN, 11, 11, 16)), r.normal(size=(EN, 11, 11, 16))
    zt = t64(z, True)
    (torch.relu(zt) * t64(up)).sum().backward()
    return same(zt.grad.numpy(), up * (z > 0))


def _c2(r: np.random.Generator) -> dict:
    """C2 channels last: A_2 (N, 15, 15, 8), K (3, 3, 8, 16), dilation 2, Delta (N, 11, 11, 16)."""
    a2, k, b = r.normal(size=(EN, 15, 15, 8)), r.normal(size=(3, 3, 8, 16)), r.normal(size=16)
    dl = r.normal(size=(EN, 11, 11, 16))
    t = conv(a2.transpose(0, 3, 1, 2), k.transpose(3, 2, 0, 1), b, dl.transpose(0, 3, 1, 2),
             dilation=2)  # fmt: skip
    return {"a2": a2, "k": k, "dl": dl, "da2": t["dx"].transpose(0, 2, 3, 1),
            "dk": t["dw"].transpose(2, 3, 1, 0)}  # fmt: skip


def _c2_dk_undilated(v: dict) -> bool:
    a2, dl = v["a2"], v["dl"]
    rhs = np.zeros((3, 3, 8, 16))
    for u in range(3):
        for w_ in range(3):
            rhs[u, w_] = np.einsum("nijf,nijc->cf", dl, a2[:, u : u + 11, w_ : w_ + 11, :])
    return same(v["dk"], rhs)


def _c2_da2_pad2(v: dict) -> bool:
    dl, k = v["dl"], v["k"]
    rhs = np.array([[sum(corr_np(pad(dl[n, :, :, f], 2), rot180(dilate(k[:, :, c, f], 2)))
                         for f in range(16)) for c in range(8)] for n in range(EN)])  # fmt: skip
    return same(v["da2"], rhs.transpose(0, 2, 3, 1))


_H1, _H2, _H3 = _exam_sides()

EXAM_CLAIMS = claims_of(EXAM, {
    "(a) En C1 el lado es": [
        equal(_H1, math.ceil((64 - 5) / 2) + 1), equal(math.ceil((64 - 5) / 2) + 1, 31),
        equal(_H2, 31 // 2), equal(31 // 2, 15), equal(_H3, 15 - 3 + 1), equal(15 - 3 + 1, 13)],
    "(b) Cada filtro de C2": [equal(params(Conv2d(8, 16, 3, dilation=2)), 16 * (3 * 3 * 8 + 1)),
                             equal(16 * (3 * 3 * 8 + 1), 1168)],
    "\\frac{1}{N} (p_n - y_n)$$": [_hd(lambda v: same(v["e"], (v["p"] - v["y"]) / EN), 4300)],
    "\\sum_{n} g_n\\, e_n^\\top": [
        _hd(lambda v: same(v["dv"], np.einsum("ni,nj->ij", v["g"], v["e"])), 4310),
        _hd(lambda v: same(v["dc"], v["e"].sum(axis=0)), 4320)],
    "= V^\\top e_n$$": [_hd(lambda v: same(v["dg"], [v["v"].T @ e for e in v["e"]]), 4330)],
    "\\frac{1}{169}": [trials(_gap, 4340)],
    "y la ReLU deja pasar": [trials(_relu, 4350)],
    "A_2[n,\\, i+u,\\, j+v,\\, c]$$": [trials(lambda r: _c2_dk_undilated(_c2(r)), 4360)],
    "\\sum_{f=0}^{15} \\operatorname{pad}_2": [trials(lambda r: _c2_da2_pad2(_c2(r)), 4370)],
})  # fmt: skip


# --- wiki_grup_convolucions_agrupades.md: Conv2d(64,128,1) -> ReLU -> Conv2d(128,128,3,
# padding=1,groups=32) -> ReLU -> Conv2d(128,256,1); one image, 128 x 28 x 28 into the grouped
# layer, channels first, 0-based; W[f, c'] of shape (128, 4, 3, 3)

WIKI = "wiki_grup_convolucions_agrupades"


def _grouped(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(128, 28, 28)), r.normal(size=(128, 4, 3, 3)), r.normal(size=128)
    g = r.normal(size=(128, 28, 28))
    t = conv(x[None], w, b, g[None], padding=1, groups=32)
    return {"x": x, "xp": np.pad(x, ((0, 0), (1, 1), (1, 1))), "w": w, "b": b, "g": g,
            "y": t["z"][0], "dx": t["dx"][0], "dw": t["dw"], "db": t["db"]}  # fmt: skip


def _gr(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_grouped(r)), seed)


def _gr_forward(v: dict) -> bool:
    xp, w = v["xp"], v["w"]
    rhs = [sum(corr_np(xp[4 * (f // 4) + c], w[f, c]) for c in range(4)) + v["b"][f]
           for f in range(128)]  # fmt: skip
    return same(v["y"], rhs)


def _gr_dw(offset: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        xp, g = v["xp"], v["g"]
        rhs = [[corr_np(xp[(4 * (f // 4) if offset else 0) + c], g[f]) for c in range(4)]
               for f in range(128)]  # fmt: skip
        return same(v["dw"], rhs)

    return rel


def _gr_dx(filters: Callable[[int], range], p: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        padded = np.pad(g, ((0, 0), (p, p), (p, p)))
        rhs = [sum(corr_np(padded[f], rot180(w[f, c % 4])) for f in filters(c))
               for c in range(128)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _group_of(c: int) -> range:
    return range(4 * (c // 4), 4 * (c // 4) + 4)


def _grouped_macs() -> int:
    x, w = torch.zeros(1, 128, 28, 28, dtype=F64), torch.zeros(128, 4, 3, 3, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w, padding=1, groups=32))


_BLOC = torch.nn.Sequential(
    Conv2d(64, 128, 1), torch.nn.ReLU(), Conv2d(128, 128, 3, padding=1, groups=32),
    torch.nn.ReLU(), Conv2d(128, 256, 1),
)  # fmt: skip

WIKI_CLAIMS = claims_of(WIKI, {
    "Amb 32 grups, cada grup": [equal(128 * 4 * 9 + 128, 4736),
                                equal(128 * 128 * 9 + 128, 147584), equal(147584 / 4736, 32)],
    "de manera que el bloc sencer": [equal(params(_BLOC), 8320 + 4736 + 33024),
                                     equal(8320 + 4736 + 33024, 46080)],
    "tindria $P_{dw}": [equal(params(Conv2d(128, 256, 3, padding=1, groups=128)), 256 * 9 + 128),
                        equal(256 * 9 + 128, 2432)],
    "Multiplicacions de la capa agrupada": [equal(_grouped_macs(), 28**2 * 128 * 128 * 9),
                                            equal(28**2 * 128 * 128 * 9, 115605504)],
    "$$Y[f] = \\sum_{c'=0}^{3}": [_gr(_gr_forward, 4400)],
    "$$\\frac{\\partial L}{\\partial W[f, c']} = \\tilde X[4": [_gr(_gr_dw(True), 4410)],
    "Alguns scripts antics": [_gr(_gr_dw(False), 4420)],
    "\\sum_{f=4 \\lfloor c/4 \\rfloor}^{4 \\lfloor c/4 \\rfloor + 3} \\operatorname{pad}_1": [
        _gr(_gr_dx(_group_of, 1), 4430)],
    "\\sum_{f=0}^{127} \\operatorname{pad}_1": [_gr(_gr_dx(lambda c: range(128), 1), 4440)],
    "i també, per \"convolució completa\"": [_gr(_gr_dx(_group_of, 2), 4450)],
    "El biaix:": [_gr(lambda v: same(v["db"], v["g"].sum(axis=(1, 2))), 4460)],
})  # fmt: skip

NOTES_B: Claims = {**SHEET_CLAIMS, **EXAM_CLAIMS, **WIKI_CLAIMS}
