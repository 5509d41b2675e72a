"""Independent truth for the fresh28 unseen set (tests/data/check/unseen/fresh28/): shared helpers
and the notes compte_rendu_tp3_pooling, wiki_convolucao_agrupada and podklady_prednaska8_krok2.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A claim's line is found from an anchor, a piece of text that
occurs on exactly one line of the note; the rank counts every key entry on that line (the
not-a-claim ones too). A side that reads an entry outside a tensor (IndexError) or combines
arrays of mismatched shapes (ValueError) disagrees; where a note declares zeros outside a range,
those entries are read as zero. A link between two written numbers is judged as arithmetic; a
size or count named on the left must equal the true one. The other four notes live in
unseen_fresh28_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
from unseen_truth_base import (
    F64,
    Truth,
    anchor_line,
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
SET = "fresh28"


def key(stem: str, anchor: str, rank: int) -> tuple[str, int, int]:
    return (stem, anchor_line(SET, stem, anchor), rank)


def close(a: float, b: float, tol: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=tol)


def size_formula_grid() -> list[bool]:
    """floor((H + 2P - K) / S) + 1 against torch conv2d on every size where the layer exists."""
    out = []
    for h, k, s, p in itertools.product(range(1, 10), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2)):
        if h + 2 * p < k:
            continue
        out.append(conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1)
    return out


# --- compte_rendu_tp3_pooling.md: the given 4x4 X and 2x2 G, 1-based; max / average pooling

TP = "compte_rendu_tp3_pooling"
_TX = np.array([[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 6, 3, 2], [2, 1, 7, 4]])
_TG = np.array([[1.0, -2], [3, 0.5]])


def pool(kind: str, x: np.ndarray, k: int, s: int, g: np.ndarray | None = None) -> dict:
    """torch max_pool2d / avg_pool2d of a 2-D x and the gradient of sum(y * g)."""
    xt = t64(x[None, None], True)
    y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(xt, k, s)
    if g is not None:
        (y * t64(g[None, None])).sum().backward()
    dx = None if xt.grad is None else xt.grad.numpy()[0, 0]
    return {"y": y.detach().numpy()[0, 0], "dx": dx}


def _tp_max_cases(r: np.random.Generator) -> bool:
    """dL/dx_ij = g_{floor(i/2), floor(j/2)} (1-based) where x_ij is its window's maximum."""
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    v = pool("max", x, 2, 2, g)
    rhs = np.zeros((4, 4))
    for i, j in itertools.product(range(1, 5), repeat=2):
        if x[i - 1, j - 1] == v["y"][(i - 1) // 2, (j - 1) // 2]:
            rhs[i - 1, j - 1] = at(g, i // 2 - 1, j // 2 - 1)
    return same(v["dx"], rhs)


def _tp_avg_index(r: np.random.Generator) -> bool:
    """dL/dx_ij = g_{floor((i+1)/2), floor((j+1)/2)} / 4 (1-based)."""
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    rhs = [
        [at(g, (i + 1) // 2 - 1, (j + 1) // 2 - 1) / 4 for j in range(1, 5)] for i in range(1, 5)
    ]
    return same(pool("avg", x, 2, 2, g)["dx"], rhs)


_TP_MAX = pool("max", _TX, 2, 2, _TG)
_TP_AVG = pool("avg", _TX, 2, 2, _TG)
_TP_OVER = pool("max", _TX, 3, 1, np.ones((2, 2)))
_TP_SIDE7 = pool("max", np.zeros((7, 7)), 2, 2)["y"].shape[0]

TP_CLAIMS: Claims = {
    key(TP, "Taille de sortie :", 1): equal(_TP_MAX["y"].shape[0], (4 - 2) // 2 + 1),
    key(TP, "Taille de sortie :", 2): equal((4 - 2) // 2 + 1, 2),
    key(TP, "Y_{max} =", 1): single(lambda: same(_TP_MAX["y"], [[4, 5], [6, 7]])),
    key(TP, "1 & 0 & 0 & -2", 1): single(
        lambda: same(_TP_MAX["dx"], [[0, 0, 0, 0], [1, 0, 0, -2], [0, 3, 0, 0], [0, 0, 0.5, 0]])
    ),
    key(TP, "est le maximum de sa fenêtre", 1): trials(_tp_max_cases, 2800),
    key(TP, "P_{pool} = 0", 1): equal(params(torch.nn.MaxPool2d(2)), 0),
    key(TP, "Y_{moy} =", 1): single(lambda: same(_TP_AVG["y"], [[2.5, 2], [2.5, 4]])),
    key(TP, "3 & 3 & 0.5 & 0.5", 1): single(
        lambda: same(
            _TP_AVG["dx"],
            [[1, 1, -2, -2], [1, 1, -2, -2], [3, 3, 0.5, 0.5], [3, 3, 0.5, 0.5]],
        )
    ),
    key(TP, "soit $", 1): trials(_tp_avg_index, 2810),
    key(TP, "soit $", 2): single(lambda: close(_TP_AVG["dx"].sum(), _TG.sum())),
    key(TP, "soit $", 3): equal(float(_TG.sum()), 2.5),
    key(TP, "Sur la même entrée", 1): equal(_TP_OVER["y"].shape[0], 4 - 3 + 1),
    key(TP, "Sur la même entrée", 2): equal(4 - 3 + 1, 2),
    key(TP, "Y' =", 1): single(lambda: same(_TP_OVER["y"], [[6, 6], [7, 7]])),
    key(TP, "On prend maintenant", 2): single(lambda: close(_TP_OVER["dx"][2, 1], 1)),
    key(TP, "On prend maintenant", 3): single(lambda: close(_TP_OVER["dx"][3, 2], 1)),
    key(TP, "sur une carte $7", 1): equal(_TP_SIDE7, math.ceil((7 - 2) / 2) + 1),
    key(TP, "sur une carte $7", 2): equal(math.ceil((7 - 2) / 2) + 1, 4),
}


# --- wiki_convolucao_agrupada.md: groups in PyTorch's layout, 0-based; C_in 32, K 3

WIKI = "wiki_convolucao_agrupada"


def _param_formula_grid() -> list[bool]:
    out = []
    for c_in, c_out, g, k in itertools.product((2, 4, 6, 12), (2, 4, 6, 12), (1, 2), (1, 3)):
        if c_in % g == 0 and c_out % g == 0:
            layer = torch.nn.Conv2d(c_in, c_out, k, groups=g)
            out.append(params(layer) == c_out * c_in // g * k * k + c_out)
    return out


def _mults(x: torch.Tensor, *layers: tuple[torch.Tensor, int, int]) -> int:
    """Multiplications of a chain of conv2d (weight, groups, padding): torch's flop count / 2."""
    with FlopCounterMode(display=False) as counter:
        for w, groups, padding in layers:
            x = F.conv2d(x, w, groups=groups, padding=padding)
    return counter.get_total_flops() // 2


def _ratio(c_in: int, c_out: int, k: int, side: int = 16) -> float:
    x = torch.zeros(1, c_in, side, side, dtype=F64)
    standard = _mults(x, (torch.zeros(c_out, c_in, k, k, dtype=F64), 1, k // 2))
    separable = _mults(
        x,
        (torch.zeros(c_in, 1, k, k, dtype=F64), c_in, k // 2),
        (torch.zeros(c_out, c_in, 1, 1, dtype=F64), 1, 0),
    )
    return separable / standard


def _grouped(r: np.random.Generator, n: int = 2, c: int = 4, f: int = 6, g: int = 2) -> dict:
    x, w, b = r.normal(size=(n, c, 5, 5)), r.normal(size=(f, c // g, 3, 3)), r.normal(size=f)
    dy = r.normal(size=(n, f, 3, 3))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv2d(xt, wt, bt, groups=g)
    (y * t64(dy)).sum().backward()
    return {"x": x, "w": w, "b": b, "dy": dy, "g": g, "y": y.detach().numpy(),
            "dx": xt.grad.numpy(), "dw": wt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _wk_forward(group_of: Callable[[int, int, int], int]) -> Callable[[np.random.Generator], bool]:
    """y_{n,f,i,j} = b_f + sum_{c,u,v} w_{f,c,u,v} x_{n, group(f) C' + c, i+u, j+v}."""

    def rel(r: np.random.Generator) -> bool:
        v = _grouped(r)
        x, w = v["x"], v["w"]
        n_, f_, c_ = x.shape[0], w.shape[0], w.shape[1]
        fp = f_ // v["g"]
        rhs = np.zeros_like(v["y"])
        for n, f, i, j in itertools.product(range(n_), range(f_), range(3), range(3)):
            gc = group_of(f, fp, v["g"]) * c_
            rhs[n, f, i, j] = v["b"][f] + sum(
                w[f, c, u, q] * x[n, gc + c, i + u, j + q]
                for c in range(c_)
                for u in range(3)
                for q in range(3)
            )
        return same(v["y"], rhs)

    return rel


def _wk_dw(r: np.random.Generator) -> bool:
    v = _grouped(r)
    x, dy, w = v["x"], v["dy"], v["w"]
    c_, fp = w.shape[1], w.shape[0] // v["g"]
    rhs = np.zeros_like(w)
    for f, c, u, q in itertools.product(range(w.shape[0]), range(c_), range(3), range(3)):
        ch = (f // fp) * c_ + c
        rhs[f, c, u, q] = np.sum(dy[:, f] * x[:, ch, u : u + 3, q : q + 3])
    return same(v["dw"], rhs)


def _wk_db_one_sample(r: np.random.Generator) -> bool:
    """db_f = sum_{i,j} delta_{n,f,i,j}: n is free, so it must hold for every n of the batch."""
    v = _grouped(r)
    rhs = v["dy"].sum(axis=(2, 3))  # (N, F), one row per n
    return same(np.broadcast_to(v["db"], rhs.shape), rhs)


def _wk_dx_all_filters(r: np.random.Generator) -> bool:
    """Depthwise (C = F = 3): dL/dx_{n,c,p,q} = sum over EVERY f of w_{f,0,u,v}
    delta_{n,f,p-u,q-v}."""
    v = _grouped(r, n=2, c=3, f=3, g=3)
    w, dy = v["w"], v["dy"]
    rhs = np.zeros_like(v["dx"])
    for n, c, p, q in itertools.product(range(2), range(3), range(5), range(5)):
        rhs[n, c, p, q] = sum(
            w[f, 0, u, s] * zat(dy[n, f], p - u, q - s)
            for f in range(3)
            for u in range(3)
            for s in range(3)
        )
    return same(v["dx"], rhs)


WIKI_CLAIMS: Claims = {
    key(WIKI, "$$P = C_{out}", 1): _param_formula_grid,
    key(WIKI, "`nn.Conv2d(32, 64, 3)` |", 1): equal(
        params(torch.nn.Conv2d(32, 64, 3)), 64 * 32 * 9 + 64
    ),
    key(WIKI, "`nn.Conv2d(32, 64, 3)` |", 2): equal(64 * 32 * 9 + 64, 18496),
    key(WIKI, "groups=4)`", 1): equal(params(torch.nn.Conv2d(32, 64, 3, groups=4)), 64 * 8 * 9),
    key(WIKI, "groups=4)`", 2): equal(64 * 8 * 9, 4608),
    key(WIKI, "`nn.Conv2d(32, 32, 3, groups=32)`", 1): equal(
        params(torch.nn.Conv2d(32, 32, 3, groups=32)), 32 * 9 + 32
    ),
    key(WIKI, "`nn.Conv2d(32, 32, 3, groups=32)`", 2): equal(32 * 9 + 32, 320),
    key(WIKI, "multiplicador 2", 1): equal(
        params(torch.nn.Conv2d(32, 64, 3, groups=32)), 64 * 2 * 9 + 64
    ),
    key(WIKI, "multiplicador 2", 2): equal(64 * 2 * 9 + 64, 1216),
    key(WIKI, "\\frac{M_{sep}}", 1): equal(_ratio(32, 64, 3), 1 / 32 + 1 / 3**2),
    key(WIKI, "\\frac{M_{sep}}", 2): equal(1 / 32 + 1 / 3**2, 1 / 32 + 1 / 9),
    key(WIKI, "\\frac{M_{sep}}", 3): single(lambda: close(1 / 32 + 1 / 9, 0.142, 5e-4)),
    key(WIKI, "w_{f,c,u,v}\\, x_{n,\\, gC'", 1): trials(
        _wk_forward(lambda f, fp, g: f // fp), 2820
    ),
    key(WIKI, "f \\bmod G", 1): trials(_wk_forward(lambda f, fp, g: f % g), 2830),
    key(WIKI, "\\partial w_{f,c,u,v}}", 1): trials(_wk_dw, 2840),
    key(WIKI, "\\partial b_f}", 1): trials(_wk_db_one_sample, 2850),
    key(WIKI, "\\partial x_{n,c,p,q}}", 1): trials(_wk_dx_all_filters, 2860),
}


# --- podklady_prednaska8_krok2.md: X 5x5, K 3x3, b = 1, stride 2, padding 1, 0-based

SLIDES = "podklady_prednaska8_krok2"
_SX = np.array(
    [[1.0, 0, 2, 1, 0], [0, 1, 3, 0, 2], [2, 1, 0, 1, 1], [1, 0, 1, 2, 0], [0, 2, 1, 0, 1]]
)
_SK = np.array([[1.0, 0, -1], [2, 1, 0], [0, -1, 1]])
_SD = np.array([[1.0, 0, 2], [-1, 1, 0], [0, 1, 1]])


def _s2(x: np.ndarray, k: np.ndarray, b: float, d: np.ndarray) -> dict:
    t = conv(x[None, None], k[None, None], np.array([b]), d[None, None], stride=2, padding=1)
    return {"x": x, "k": k, "b": b, "d": d, "y": t["z"][0, 0], "dx": t["dx"][0, 0],
            "dk": t["dw"][0, 0], "db": float(t["db"][0])}  # fmt: skip


def _sl(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_s2(r.normal(size=(5, 5)), r.normal(size=(3, 3)),
                                    float(r.normal()), r.normal(size=(3, 3)))), seed)  # fmt: skip


def _sl_forward(v: dict) -> bool:
    x, k, b = v["x"], v["k"], v["b"]
    rhs = [[b + sum(k[u, s] * zat(x, 2 * i + u - 1, 2 * j + s - 1)
                    for u in range(3) for s in range(3))
            for j in range(3)] for i in range(3)]  # fmt: skip
    return same(v["y"], rhs)


def _sl_dk_no_stride(v: dict) -> bool:
    x, d = v["x"], v["d"]
    rhs = [[sum(d[i, j] * zat(x, i + u - 1, j + s - 1) for i in range(3) for j in range(3))
            for s in range(3)] for u in range(3)]  # fmt: skip
    return same(v["dk"], rhs)


def _sl_dx_index(v: dict) -> bool:
    k, d = v["k"], v["d"]
    rhs = [[sum(d[i, j] * zat(k, p - 2 * i, q - 2 * j) for i in range(3) for j in range(3))
            for q in range(5)] for p in range(5)]  # fmt: skip
    return same(v["dx"], rhs)


_S_NUM = _s2(_SX, _SK, 1.0, _SD)
_S_CORNER = _SK[1, 1] * _SX[0, 0] + _SK[1, 2] * _SX[0, 1] + _SK[2, 1] * _SX[1, 0]
_S_CORNER += _SK[2, 2] * _SX[1, 1] + 1
_S_DK00 = _SD[1, 1] * _SX[1, 1] + _SD[1, 2] * _SX[1, 3] + _SD[2, 1] * _SX[3, 1]
_S_DK00 += _SD[2, 2] * _SX[3, 3]

SLIDES_CLAIMS: Claims = {
    key(SLIDES, "Obecně:", 1): size_formula_grid,
    key(SLIDES, "Pro náš příklad:", 1): equal(conv_out(5, 3, 2, 1), (5 + 2 * 1 - 3) // 2 + 1),
    key(SLIDES, "Pro náš příklad:", 2): equal((5 + 2 * 1 - 3) // 2 + 1, 3),
    key(SLIDES, "Pozor na sudé", 2): equal(conv_out(6, 3, 2, 1), math.ceil((6 + 2 - 3) / 2) + 1),
    key(SLIDES, "Pozor na sudé", 3): equal(math.ceil((6 + 2 - 3) / 2) + 1, 4),
    key(SLIDES, "$$y_{i,j} = b +", 1): _sl(_sl_forward, 2870),
    key(SLIDES, "Roh:", 1): single(lambda: close(_S_NUM["y"][0, 0], _S_CORNER)),
    key(SLIDES, "Roh:", 2): equal(_S_CORNER, 1 + 0 + 0 + 1 + 1),
    key(SLIDES, "Roh:", 3): equal(1 + 0 + 0 + 1 + 1, 3),
    key(SLIDES, "Střed:", 1): single(lambda: close(_S_NUM["y"][1, 1], 4)),
    key(SLIDES, "Váhy:", 1): _sl(_sl_dk_no_stride, 2880),
    key(SLIDES, "Například", 1): single(lambda: close(_S_NUM["dk"][0, 0], _S_DK00)),
    key(SLIDES, "Například", 2): equal(_S_DK00, 3),
    key(SLIDES, "Bias:", 1): _sl(lambda v: close(v["db"], v["d"].sum()), 2890),
    key(SLIDES, "Bias:", 2): equal(float(_SD.sum()), 4),
    key(SLIDES, "\\operatorname{crop}_1", 1): _sl(
        lambda v: same(v["dx"], corr(pad(dilate(v["d"], 2), 2), rot180(v["k"]))[1:-1, 1:-1]), 2900
    ),
    key(SLIDES, "X} = \\operatorname{pad}_2(\\Delta)", 1): _sl(
        lambda v: same(v["dx"], corr(pad(v["d"], 2), rot180(v["k"]))), 2910
    ),
    key(SLIDES, "k_{p-2i,\\, q-2j}", 1): _sl(_sl_dx_index, 2920),
}


def truth_table() -> Claims:
    from unseen_fresh28_truth_b import NOTES_B

    return {**TP_CLAIMS, **WIKI_CLAIMS, **SLIDES_CLAIMS, **NOTES_B}
