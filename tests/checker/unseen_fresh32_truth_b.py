"""Independent truth for the fresh32 unseen set, second part: the notes
tentamen_dl_opgave3_uitwerking, appendix_d_dilated_conv_avgpool_backward and
tarea3_conv1d_series_de_tiempo (conventions as in unseen_fresh32_truth.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh32_truth import Claims, checks, claims_of, flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    agree,
    at,
    conv,
    conv_out,
    equal,
    params,
    rng,
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)

# --- tentamen_dl_opgave3_uitwerking.md: 1x28x28 -> conv 8@5x5 p2 -> maxpool 2/2 -> conv 16@3x3 s2
# p1 -> conv 32@3x3 -> dense 10 (biases everywhere); part (f): a 32x32 input

TEN = "tentamen_dl_opgave3_uitwerking"


def _ten_net(side: int = 28) -> torch.nn.Sequential:
    flat = 32 * 5 * 5 if side == 28 else 32 * 6 * 6
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2),
        torch.nn.Conv2d(8, 16, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(flat, 10),
    ).double()  # fmt: skip


def _ten_side(side: int, upto: int) -> int:
    """Side of the map after the first `upto` modules of the network on a side x side input."""
    y = _ten_net(side)[:upto](torch.zeros(1, 1, side, side, dtype=F64))
    return int(y.shape[-1])


def _ten_conv1_macs() -> int:
    x, w = torch.zeros(1, 1, 28, 28, dtype=F64), torch.zeros(8, 1, 5, 5, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w, padding=2))


def _ten_dw(r: np.random.Generator) -> bool:
    """conv2's dW against the stride-free sum over the padded input X~ (8x16x16)."""
    x, w = r.normal(size=(1, 8, 14, 14)), r.normal(size=(16, 8, 3, 3))
    d = r.normal(size=(1, 16, 7, 7))
    t = conv(x, w, None, d, stride=2, padding=1)
    xp = np.pad(x[0], ((0, 0), (1, 1), (1, 1)))
    rhs = np.zeros((16, 8, 3, 3))
    for u in range(3):
        for v in range(3):
            rhs[:, :, u, v] = np.einsum("fij,cij->fc", d[0], xp[:, u : u + 7, v : v + 7])
    return same(t["dw"], rhs)


def _ten_db(r: np.random.Generator) -> bool:
    x, w, b = r.normal(size=(3, 8, 14, 14)), r.normal(size=(16, 8, 3, 3)), r.normal(size=16)
    d = r.normal(size=(3, 16, 7, 7))
    t = conv(x, w, b, d, stride=2, padding=1)
    return same(t["db"], d.sum((0, 2, 3)))


def _window_grad(kind: str) -> np.ndarray:
    xt = t64(np.array([[[[1.0, 5.0], [3.0, 2.0]]]]), True)
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    (pool(xt, 2, 2) * 0.4).sum().backward()
    return xt.grad.numpy()[0, 0]


TEN_CLAIMS = claims_of(TEN, {
    "\\frac{14 + 2 \\cdot 1 - 3}{2}": [equal(_ten_side(28, 5), (14 + 2 * 1 - 3) // 2 + 1),
                                       equal((14 + 2 * 1 - 3) // 2 + 1, 7)],
    "$$P_1 = 8": [equal(params(_ten_net()[0]), 8 * 5 * 5 + 8), equal(8 * 5 * 5 + 8, 208)],
    "$$P_2 = 16": [equal(params(_ten_net()[3]), 16 * 3 * 3 + 16), equal(16 * 3 * 3 + 16, 160)],
    "$$P = 208 + 160": [equal(params(_ten_net()), 208 + 160 + 4640 + 8010),
                        equal(208 + 160 + 4640 + 8010, 13018)],
    "$$M_1 = 28": [equal(_ten_conv1_macs(), 28 * 28 * 25), equal(28 * 28 * 25, 19600)],
    "de gradiënt naar de uitvoer van conv2": [None],
    "\\partial W^{(2)}_{f,c,u,v}} = \\sum": [trials(_ten_dw, 400)],
    "Met een minibatch": [None],
    "\\partial b^{(2)}_f} = \\sum_{n=1}^{B}": [trials(_ten_db, 410)],
    "\\begin{pmatrix} 0 & 0{,}4": [
        single(lambda: same(_window_grad("max"), [[0, 0.4], [0, 0]]))],
    "\\begin{pmatrix} 0{,}4 & 0{,}4": [
        single(lambda: same(_window_grad("avg"), [[0.4, 0.4], [0.4, 0.4]]))],
    "\\left\\lceil \\frac{16 + 2 - 3}{2}": [
        equal(_ten_side(32, 5), math.ceil((16 + 2 - 3) / 2) + 1),
        equal(math.ceil((16 + 2 - 3) / 2) + 1, 9)],
    "$$H_4 = 9 - 3 + 1": [equal(_ten_side(32, 7), 9 - 3 + 1), equal(9 - 3 + 1, 7)],
})  # fmt: skip


# --- appendix_d_dilated_conv_avgpool_backward.md: symbolic H, K, D >= 2, S, P; gradients at S = 1,
# P = 0 on a grid; 1-D average pooling with window R and stride S

APP = "appendix_d_dilated_conv_avgpool_backward"
_DIL_GRID = [(h, k, s, p, d) for h in (9, 12, 17) for k in (2, 3, 4) for s in (1, 2, 3)
             for p in (0, 1, 2) for d in (2, 3) if h + 2 * p - d * (k - 1) >= 1]  # fmt: skip
_GRAD_GRID = [(h, k, d) for h in (9, 12) for k in (2, 3) for d in (2, 3)]
_POOL_GRID = [(h, r, s) for h in (7, 10, 13) for r in (2, 3, 4) for s in (1, 2, 3, 4) if r <= h]
_OVERLAP_GRID = [(h, r, s) for h, r, s in _POOL_GRID if s < r]
_NONOVERLAP_GRID = [(h, r) for h in (7, 10, 13) for r in (2, 3, 4)]


def k_eff(k: int, d: int) -> int:
    """Side of the smallest unpadded input on which a dilated k x k kernel gives an output."""
    for h in range(1, 100):
        try:
            if conv_out(h, k, 1, 0, d) >= 1:
                return h
        except RuntimeError:
            continue
    raise AssertionError((k, d))


def corr_dil(a: np.ndarray, k: np.ndarray, d: int) -> np.ndarray:
    """Valid 2-D correlation with the kernel dilated by d: sum_{u,v} a_{i+du, j+dv} k_{u,v}."""
    kk = k.shape[0]
    o = a.shape[0] - d * (kk - 1)
    if o < 1:
        raise ValueError(a.shape)
    return sum(k[u, v] * a[d * u : d * u + o, d * v : d * v + o]
               for u in range(kk) for v in range(kk))  # fmt: skip


def _dil(r: np.random.Generator, h: int, k: int, d: int) -> dict:
    x, w, b = r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=1)
    side = conv_out(h, k, 1, 0, d)
    g = r.normal(size=(side, side))
    t = conv(x[None, None], w[None, None], b, g[None, None], dilation=d)
    return {"x": x, "w": w, "g": g, "d": d, "k": k, "hp": side, "dx": t["dx"][0, 0],
            "dw": t["dw"][0, 0]}  # fmt: skip


def _dg(rel: Callable[[dict], bool], seed: int) -> Truth:
    """One comparison per size of the gradient grid, a fresh draw for each."""
    return lambda: [agree(lambda s=s, n=n: rel(_dil(rng(seed + n), *s)))
                    for n, s in enumerate(_GRAD_GRID)]  # fmt: skip


def _dil_dw_bound(v: dict) -> bool:
    """(D.4) with the sums running to H' inclusive (strict indexing)."""
    g, x, d, hp = v["g"], v["x"], v["d"], v["hp"]
    rhs = [[sum(at(g, i, j) * at(x, i + d * u, j + d * w) for i in range(hp + 1)
                for j in range(hp + 1)) for w in range(v["k"])] for u in range(v["k"])]  # fmt: skip
    return same(v["dw"], rhs)


def _dil_dx(v: dict) -> bool:
    g, w, d, k = v["g"], v["w"], v["d"], v["k"]
    n = v["x"].shape[0]
    rhs = [[sum(zat(g, p - d * u, q - d * s) * w[u, s] for u in range(k) for s in range(k))
            for q in range(n)] for p in range(n)]  # fmt: skip
    return same(v["dx"], rhs)


def _receptive_field() -> int:
    """Support of d y[centre] / d x through 1-D 3-tap layers with dilations 1, 2, 4."""
    x = t64(np.zeros(41), True)
    y = x[None, None]
    for d in (1, 2, 4):
        y = F.conv1d(y, torch.ones(1, 1, 3, dtype=F64), dilation=d)
    y[0, 0, y.shape[-1] // 2].backward()
    return int(np.count_nonzero(x.grad.numpy()))


def _avg1(r: np.random.Generator, h: int, rr: int, s: int) -> dict:
    xt = t64(r.normal(size=h), True)
    y = F.avg_pool1d(xt[None, None], rr, s)
    g = r.normal(size=y.shape[-1])
    (y * t64(g)).sum().backward()
    return {"g": g, "dx": xt.grad.numpy(), "h": h, "r": rr, "s": s, "ho": y.shape[-1]}


def _pool_grid(rel: Callable[[dict], bool], sizes: list[tuple], seed: int) -> Truth:
    return lambda: [agree(lambda s=s, n=n: rel(_avg1(rng(seed + n), *s)))
                    for n, s in enumerate(sizes)]  # fmt: skip


def _avg_ceil(v: dict) -> bool:
    r, g = v["r"], v["g"]
    rhs = [at(g, math.ceil(p / r)) / r for p in range(r * v["ho"])]
    return same(v["dx"][: r * v["ho"]], rhs)


def _avg_overlap(v: dict) -> bool:
    r, s, g, ho = v["r"], v["s"], v["g"], v["ho"]
    rhs = [sum(g[i] for i in range(max(0, math.ceil((p - r + 1) / s)), min(ho - 1, p // s) + 1))
           / r for p in range(v["h"])]  # fmt: skip
    return same(v["dx"], rhs)


def _avg_example(r: np.random.Generator, p: int, terms: tuple[int, ...]) -> bool:
    v = _avg1(r, 7, 3, 2)
    return math.isclose(v["dx"][p], sum(v["g"][i] for i in terms) / 3)


APP_CLAIMS = claims_of(APP, {
    "the dilation be $D \\ge 2$": [None, None],
    "D(K-1) - 1}{S}": [grid(lambda h, k, s, p, d: conv_out(h, k, s, p, d)
                            == (h + 2 * p - d * (k - 1) - 1) // s + 1, _DIL_GRID)],
    "$$K_{\\mathrm{eff}} = D(K - 1) + 1": [
        grid(lambda k, d: k_eff(k, d) == d * (k - 1) + 1, [(k, d) for k in (2, 3, 5)
                                                           for d in (2, 3, 4)])],
    "For instance, with $H = 32$": [None, None, None, None, None],
    "\\frac{32 + 4 - 4 - 1}{1}": [equal(conv_out(32, 3, 1, 2, 2), (32 + 4 - 4 - 1) // 1 + 1),
                                  equal((32 + 4 - 4 - 1) // 1 + 1, 32)],
    "K_{\\mathrm{eff}} = 3 \\cdot 4 = 12": [None, None, equal(k_eff(3, 4), 3 * 4),
                                            equal(3 * 4, 12)],
    "\\rho = 1 + 2": [equal(_receptive_field(), 1 + 2 * (1 + 2 + 4)),
                      equal(1 + 2 * (1 + 2 + 4), 15)],
    "For the gradients we take": [None, None],
    "upstream gradient, as in the main text": [None],
    "$$y_{i,j} = \\sum_{u=0}^{K-1}": [None, None],
    "Let $g = \\partial": [None],
    "\\sum_{i=0}^{H'}\\sum_{j=0}^{H'}": [_dg(_dil_dw_bound, 500)],
    "Taking $g_{i,j} = 0$": [None],
    "g_{p-Du,\\,q-Dv}": [_dg(_dil_dx, 510)],
    "\\operatorname{pad}_{D(K-1)}(g)": [_dg(lambda v: same(v["dx"], corr_dil(
        np.pad(v["g"], v["d"] * (v["k"] - 1)), rot180(v["w"]), v["d"])), 520)],
    "\\operatorname{pad}_{K-1}(g)": [_dg(lambda v: same(v["dx"], corr_dil(
        np.pad(v["g"], v["k"] - 1), rot180(v["w"]), v["d"])), 530)],
    "H'' = \\left\\lfloor \\frac{H - R}{S}": [
        _pool_grid(lambda v: v["ho"] == (v["h"] - v["r"]) // v["s"] + 1, _POOL_GRID, 540), None],
    "With $g_i = \\partial": [None, None],
    "exactly one window, and for": [None],
    "g_{\\lceil p/R \\rceil}": [
        _pool_grid(_avg_ceil, [(h, r, r) for h, r in _NONOVERLAP_GRID], 550)],
    "For overlapping windows": [None, None, None],
    "\\min(H''-1,\\,\\lfloor p/S \\rfloor)}": [_pool_grid(_avg_overlap, _OVERLAP_GRID, 560)],
    "\\frac{R}{S} \\sum_{i=0}^{H''-1}": [_pool_grid(lambda v: math.isclose(
        v["dx"].sum(), v["r"] / v["s"] * v["g"].sum()), _OVERLAP_GRID, 570)],
    "Example: $H = 7$": [None, None, None],
    "x_2} = \\frac{g_0 + g_1}{3}": [trials(lambda r: _avg_example(r, 2, (0, 1)), 580),
                                    trials(lambda r: _avg_example(r, 3, (0, 1)), 590)],
})  # fmt: skip


# --- tarea3_conv1d_series_de_tiempo.md: Conv1d(1, 1, 3, stride=2, padding=1) on T = 10, 1-based,
# x~ the zero-padded series (x~_j = x_{j-1}); the note's x, w, b; Problem 2: Conv1d(3, 8, 5, 2, 2)

TAR = "tarea3_conv1d_series_de_tiempo"
_TX = np.array([1, 3, -2, 0, 4, 1, -1, 2, 0, 5], dtype=float)
_TW = np.array([2, -1, 1], dtype=float)


def _tar(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    """x (B, 10); torch conv1d forward and the gradients of sum(y * g)."""
    xt, wt, bt = t64(x, True), t64(w, True), t64([b], True)
    y = F.conv1d(xt[:, None], wt[None, None], bt, stride=2, padding=1)[:, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy(),
            "dw": wt.grad.numpy(), "db": float(bt.grad[0])}  # fmt: skip


def _tar_rand(r: np.random.Generator, batch: int = 3) -> dict:
    return _tar(r.normal(size=(batch, 10)), r.normal(size=3), float(r.normal()),
                r.normal(size=(batch, 5)))  # fmt: skip


def _ta(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_tar_rand(r, **kw)), seed)


def _ta_own(rel: Callable[[dict], bool]) -> Truth:
    """The note's series, filter and b = 0.5, with L = sum of the outputs (g = 1)."""
    return single(lambda: rel(_tar(_TX[None], _TW, 0.5, np.ones((1, 5)))))


def _xt(x: np.ndarray, j: int) -> float:
    """x~_j (1-based) of one series: zero at j = 1 and j = 12."""
    return 0.0 if j in (1, 12) else at(x, j - 2)


def _tar_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [sum(g[n, t - 1] * _xt(x[n], 2 * (t - 1) + k) for n in range(len(x))
               for t in range(1, 6)) for k in range(1, 4)]  # fmt: skip
    return same(v["dw"], rhs)


def _tar_dx(v: dict) -> bool:
    """Series 1: dL/dx_j = sum_t g_t w_{j+2-2t}, w zero outside 1..3."""
    g, w = v["g"][0], v["w"]
    rhs = [sum(g[t - 1] * zat(w, j + 2 - 2 * t - 1) for t in range(1, 6)) for j in range(1, 11)]
    return same(v["dx"], rhs)


def _conv1_len(t: int, k: int, s: int, p: int) -> int:
    y = F.conv1d(torch.zeros(1, 1, t, dtype=F64), torch.zeros(1, 1, k, dtype=F64), stride=s,
                 padding=p)  # fmt: skip
    return int(y.shape[-1])


TAR_CLAIMS = claims_of(TAR, {
    "longitud $T = 10$": [None],
    "El filtro es $w": [None],
    "$\\tilde x_1 = \\tilde x_{12} = 0$": [None, None, None],
    "$$y_t = \\sum_{k=1}^{3}": [None],
    "\\frac{10 + 2 \\cdot 1 - 3}{2}": [equal(_conv1_len(10, 3, 2, 1), (10 + 2 * 1 - 3) // 2 + 1),
                                       equal((10 + 2 * 1 - 3) // 2 + 1, 5)],
    "Con los datos de la tarea": [None, None],
    "y $b = 0.5$": [None],
    "$$y_2 = 2 \\cdot 3": [
        _ta_own(lambda v: math.isclose(v["y"][0, 1], 2 * 3 + (-1) * (-2) + 1 * 0 + 0.5)),
        equal(2 * 3 + (-1) * (-2) + 1 * 0 + 0.5, 7.5)],
    "Sea $g^{(n)}_t": [None],
    "\\partial w_k} = \\sum_{n=1}^{B}": [_ta(_tar_dw, 600)],
    "\\partial b} = \\frac{1}{B}": [_ta(lambda v: math.isclose(v["db"], v["g"].sum() / 3), 610)],
    "Para la entrada (una sola serie": [None],
    "multiplicado por el peso con": [None],
    "w_{j+2-2t}": [_ta(_tar_dx, 620, batch=1)],
    "**d) Números.**": [None, None],
    "$t = 1$ (como tercer": [None, None],
    "x_2} = w_1 + w_3 = 3": [_ta_own(lambda v: math.isclose(v["dx"][0, 1], _TW[0] + _TW[2])),
                             equal(_TW[0] + _TW[2], 3)],
    "En cambio $x_4$": [None],
    "x_4} = w_2 = -1": [_ta_own(lambda v: math.isclose(v["dx"][0, 3], _TW[1])),
                        equal(_TW[1], -1)],
    "x_{10} = 11": [_ta_own(lambda v: math.isclose(v["dw"][0], sum(_TX[[1, 3, 5, 7, 9]]))),
                    equal(sum(_TX[[1, 3, 5, 7, 9]]), 11)],
    "Si el lote tiene $B = 4$": [None],
    "\\partial b} = 4 \\cdot 5 = 20": [
        trials(lambda r: math.isclose(
            _tar(r.normal(size=(4, 10)), r.normal(size=3), 0.0, np.ones((4, 5)))["db"], 4 * 5),
            630),
        equal(4 * 5, 20)],
    "sobre ventanas de $T = 100$": [None],
    "8 \\cdot 3 \\cdot 5 + 8 = 128": [
        checks(lambda: params(torch.nn.Conv1d(3, 8, 5, stride=2, padding=2)) == 8 * 3 * 5 + 8,
               lambda: 8 * 3 * 5 + 8 == 128)],
    "\\left\\lceil \\frac{100 + 4 - 5}{2}": [
        equal(_conv1_len(100, 5, 2, 2), math.ceil((100 + 4 - 5) / 2) + 1),
        equal(math.ceil((100 + 4 - 5) / 2) + 1, 51)],
})  # fmt: skip

NOTES_B: Claims = {**TEN_CLAIMS, **APP_CLAIMS, **TAR_CLAIMS}
