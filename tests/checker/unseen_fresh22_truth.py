"""Independent truth for the fresh22 unseen set (tests/data/check/unseen/fresh22/): 1-D helpers and
the notes cours_convolution_1d_2d, blog_pooling_y_capas_densas and nb03_cnn_shapes_export.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A side that reads an entry outside a tensor (IndexError) or
multiplies matrices of mismatched shapes (ValueError) disagrees; where a note declares zeros
outside a range, those entries are read as zero. A link between two written numbers is judged as
arithmetic; a size or count named on the left must equal the true one (a parameter count
includes the biases the layer has). The generic helpers (trials, equal, conv, params, conv_out)
are fresh20's; the other four notes live in unseen_fresh22_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh20_truth import Claims
from unseen_truth_base import (
    TRIALS,
    Truth,
    at,
    conv,
    conv_out,
    corr,
    dilate,
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


def conv1(x: np.ndarray, w: np.ndarray, g: np.ndarray, stride: int = 1) -> dict:
    """torch conv1d (valid correlation) of x with w, and the gradients of sum(y * g)."""
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(xt, wt, stride=stride)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0]}


def corr1(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 1-D cross-correlation written out."""
    return np.array([float(a[i : i + len(k)] @ k) for i in range(len(a) - len(k) + 1)])


def flip(a: np.ndarray) -> np.ndarray:
    return a[::-1]


def dilate1(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros((len(a) - 1) * s + 1)
    out[::s] = a
    return out


def rows(per: Callable[[np.random.Generator], list[bool]], seed: int) -> Truth:
    """A claim with a free index: one comparison per value of the index, on random inputs."""

    def run() -> list[bool]:
        out: list[bool] = []
        for t in range(TRIALS):
            try:
                out += per(rng(seed + t))
            except (IndexError, ValueError):
                out.append(False)
        return out

    return run


# --- cours_convolution_1d_2d.md: x in R^5, w in R^3; X 4x4, K 2x2, G 3x3; 0-based

COURS = "cours_convolution_1d_2d"
_CX, _CW, _CG = np.array([1.0, 3, -1, 2, 0]), np.array([2.0, -1, 1]), np.array([1.0, -2, 1])
_C2X = np.array([[1.0, 0, 2, 1], [0, 1, 1, 0], [2, 1, 0, 1], [1, 0, 1, 2]])
_C2K = np.array([[1.0, -1], [0, 2]])
_C2G = np.array([[1.0, 0, -1], [0, 1, 0], [2, 0, 1]])


def _c1(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    x, w, g = r.normal(size=5), r.normal(size=3), r.normal(size=3)
    return x, w, g, conv1(x, w, g)


def _c1_dw_to3(r: np.random.Generator) -> bool:
    x, _, g, v = _c1(r)
    return same(v["dw"], [sum(at(g, i) * at(x, i + m) for i in range(4)) for m in range(3)])


def _c1_dx(r: np.random.Generator) -> bool:
    _, w, g, v = _c1(r)
    return same(v["dx"], corr1(np.pad(g, 2), flip(w)))


def _c2(r: np.random.Generator, stride: int = 1) -> dict:
    x, k = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    side = (4 - 2) // stride + 1
    g = r.normal(size=(side, side))
    t = conv(x[None, None], k[None, None], np.zeros(1), g[None, None], stride=stride)
    return {
        "x": x,
        "k": k,
        "g": g,
        "y": t["z"][0, 0],
        "dx": t["dx"][0, 0],
        "dk": t["dw"][0, 0],
        "db": t["db"][0],
    }


def _cc(rel: Callable[[dict], bool], seed: int, stride: int = 1) -> Truth:
    return trials(lambda r: rel(_c2(r, stride)), seed)


def _true_convolution(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    """(X * K)_{i,j} = sum_{a,b} X_{a,b} K_{i+kh-1-a, j+kw-1-b} over the valid positions."""
    kh, kw = k.shape
    oh, ow = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    return np.array(
        [
            [
                sum(
                    x[a, b] * k[i + kh - 1 - a, j + kw - 1 - b]
                    for a in range(i, i + kh)
                    for b in range(j, j + kw)
                )
                for j in range(ow)
            ]
            for i in range(oh)
        ]
    )


def _c2_note() -> dict:
    return conv(_C2X[None, None], _C2K[None, None], np.zeros(1), _C2G[None, None])


COURS_CLAIMS: Claims = {
    (COURS, 15, 1): single(lambda: math.isclose(conv1(_CX, _CW, _CG)["y"][0], 2 - 3 - 1)),
    (COURS, 15, 2): equal(2 * 1 + (-1) * 3 + 1 * (-1), -2),
    (COURS, 21, 1): trials(_c1_dw_to3, 500),
    (COURS, 23, 1): single(lambda: same(conv1(_CX, _CW, _CG)["dw"], [-6, 7, -3])),
    (COURS, 25, 1): trials(_c1_dx, 510),
    (COURS, 25, 2): single(lambda: same(conv1(_CX, _CW, _CG)["dx"], [2, -5, 5, -3, 1])),
    (COURS, 39, 1): _cc(lambda v: same(v["y"], corr(v["x"], v["k"])), 520),
    (COURS, 39, 2): single(lambda: same(_c2_note()["z"][0, 0], [[3, 0, 1], [1, 0, 3], [1, 3, 2]])),
    (COURS, 41, 1): trials(
        lambda r: same(
            _true_convolution(x := r.normal(size=(4, 4)), k := r.normal(size=(2, 2))),
            corr(x, rot180(k)),
        ),
        530,
    ),
    (COURS, 51, 1): _cc(lambda v: same(v["dk"], corr(v["x"], v["g"])), 540),
    (COURS, 51, 2): single(lambda: same(_c2_note()["dw"][0, 0], [[4, 3], [3, 3]])),
    (COURS, 53, 1): _cc(lambda v: math.isclose(v["db"], v["g"].sum(), abs_tol=1e-12), 550),
    (COURS, 53, 2): equal(float(_C2G.sum()), 5),
    (COURS, 57, 1): _cc(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["k"]))), 560),
    (COURS, 61, 1): single(
        lambda: same(
            _c2_note()["dx"][0, 0], [[2, 0, -2, 0], [-1, 3, 1, -1], [4, -1, 3, 0], [-2, 2, -1, 1]]
        )
    ),
    (COURS, 63, 1): equal(conv_out(4, 2, 2), math.ceil((4 - 2 + 1) / 2) + 1),
    (COURS, 63, 2): equal(math.ceil((4 - 2 + 1) / 2) + 1, 3),
    (COURS, 63, 3): _cc(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["k"]))), 570, stride=2
    ),
}


# --- blog_pooling_y_capas_densas.md: X 4x4, 2x2/2 pooling, G 2x2; dense W 3x4; 1-based

BLOG = "blog_pooling_y_capas_densas"
_BX = np.array([[1.0, 4, 2, 0], [3, 2, 1, 5], [0, -1, 6, 2], [2, 1, 3, 3]])
_BG = np.array([[1.0, -2], [3, 1]])
_BW = np.array([[1.0, 0, -1, 2], [0, 2, 1, -1], [1, 1, 0, 0]])
_Bx, _Bb, _Bd = np.array([2.0, 1, -1, 1]), np.array([0.0, 1, -2]), np.array([1.0, 0, -1])


def pool2(kind: str, x: np.ndarray, g: np.ndarray) -> dict:
    """2x2/2 max or average pooling of x, and the gradient of sum(y * g)."""
    xt = t64(x[None, None], True)
    y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(xt, 2)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _avg_floor_index(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    dx = pool2("avg", x, g)["dx"]  # 1-based g_{a,b} is g[a-1, b-1]
    rhs = [[0.25 * at(g, i // 2 - 1, j // 2 - 1) for j in range(1, 5)] for i in range(1, 5)]
    return same(dx, rhs)


def dense(w: np.ndarray, x: np.ndarray, b: np.ndarray, delta: np.ndarray) -> dict:
    """z = W x + b (torch linear), gradients of sum(z * delta)."""
    wt, xt, bt = t64(w, True), t64(x, True), t64(b, True)
    z = F.linear(xt, wt, bt)
    (z * t64(delta)).sum().backward()
    return {
        "z": z.detach().numpy(),
        "dw": wt.grad.numpy(),
        "dx": xt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _dense_random(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    w, x, b, d = r.normal(size=(3, 4)), r.normal(size=4), r.normal(size=3), r.normal(size=3)
    return w, x, d, dense(w, x, b, d)


def _relu_grad(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=6), True)
    ga = r.normal(size=6)
    (F.relu(z) * t64(ga)).sum().backward()
    return same(z.grad.numpy(), ga * np.maximum(0, z.detach().numpy()))


def _batch(r: np.random.Generator) -> dict:
    """Columns convention, m = 5: Z = W X + b 1^T; L = (1/m) sum_k l_k with l_k = <z_k, Gamma_k>,
    so Delta (column k = dl_k/dz_k) is Gamma."""
    m = 5
    w, x, b, gam = (r.normal(size=s) for s in ((3, 4), (4, m), (3,), (3, m)))
    wt, bt = t64(w, True), t64(b, True)
    z = wt @ t64(x) + bt[:, None]
    ((z * t64(gam)).sum(dim=0).mean()).backward()
    return {"x": x, "delta": gam, "dw": wt.grad.numpy(), "db": bt.grad.numpy(), "m": m}


BLOG_CLAIMS: Claims = {
    (BLOG, 15, 1): single(lambda: same(pool2("max", _BX, _BG)["y"], [[4, 5], [2, 6]])),
    (BLOG, 19, 1): single(lambda: same(pool2("avg", _BX, _BG)["y"], [[2.5, 2], [0.5, 3.5]])),
    (BLOG, 21, 1): equal(int(F.max_pool2d(torch.zeros(1, 1, 7, 7), 2).shape[-1]), math.ceil(7 / 2)),
    (BLOG, 21, 2): equal(math.ceil(7 / 2), 4),
    (BLOG, 31, 1): single(
        lambda: same(
            pool2("max", _BX, _BG)["dx"], [[0, 1, 0, 0], [0, 0, 0, -2], [0, 0, 1, 0], [3, 0, 0, 0]]
        )
    ),
    (BLOG, 35, 1): trials(_avg_floor_index, 600),
    (BLOG, 43, 2): single(lambda: same(dense(_BW, _Bx, _Bb, _Bd)["z"], [5, 1, 1])),
    (BLOG, 47, 1): trials(
        lambda r: same((v := _dense_random(r))[3]["dw"], np.outer(v[2], v[1])), 610
    ),
    (BLOG, 47, 2): single(
        lambda: same(
            dense(_BW, _Bx, _Bb, _Bd)["dw"], [[2, 1, -1, 1], [0, 0, 0, 0], [-2, -1, -1, -1]]
        )
    ),
    (BLOG, 49, 1): trials(lambda r: same((v := _dense_random(r))[3]["dx"], v[0].T @ v[2]), 620),
    (BLOG, 49, 2): single(lambda: same(dense(_BW, _Bx, _Bb, _Bd)["dx"], [0, -1, -1, 1])),
    (BLOG, 55, 1): trials(_relu_grad, 630),
    (BLOG, 61, 1): trials(
        lambda r: same((v := _batch(r))["dw"], v["delta"] @ v["x"].T / v["m"]), 640
    ),
    (BLOG, 63, 1): trials(
        lambda r: same((v := _batch(r))["db"], v["delta"] @ np.ones(v["m"])), 650
    ),
    (BLOG, 69, 1): equal(params(torch.nn.Linear(400, 120)), 400 * 120 + 120),
    (BLOG, 69, 2): equal(400 * 120 + 120, 48120),
    (BLOG, 71, 1): equal(params(torch.nn.Linear(120, 84)), 120 * 84 + 120),
    (BLOG, 71, 2): equal(120 * 84 + 120, 10200),
}


# --- nb03_cnn_shapes_export.md: (8, 3, 32, 32) through conv1 5x5 p2, maxpool 2, conv2 3x3 s2 p1,
# conv3 3x3 dilation 2, Linear(512, 10); decoder ConvTranspose2d(32, 16, 3, s2, p1, op1)


def _notebook() -> dict:
    torch.manual_seed(0)
    conv1_ = torch.nn.Conv2d(3, 16, kernel_size=5, padding=2).double()
    conv2_ = torch.nn.Conv2d(16, 32, kernel_size=3, stride=2, padding=1).double()
    conv3_ = torch.nn.Conv2d(32, 32, kernel_size=3, dilation=2).double()
    head = torch.nn.Linear(512, 10).double()
    up = torch.nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1).double()
    x = torch.randn(8, 3, 32, 32, dtype=torch.float64)
    h1 = conv1_(x)
    z2 = conv2_(F.max_pool2d(h1, 2))
    z2.retain_grad()
    h3 = conv3_(z2)
    head(h3.flatten(1)).sum().backward()
    return {
        "h1": h1.shape[-1],
        "h3": h3.shape[-1],
        "d": h3.flatten(1).shape[1],
        "up": up(h3).shape[-1],
        "p": [params(m) for m in (conv1_, conv2_, head, up)],
        "db2": conv2_.bias.grad.numpy(),
        "dz2": z2.grad.numpy(),
    }


_NB = _notebook()
NB = "nb03_cnn_shapes_export"
NB_CLAIMS: Claims = {
    (NB, 22, 1): equal(_NB["h1"], 32 + 2 * 2 - 5 + 1),
    (NB, 22, 2): equal(32 + 2 * 2 - 5 + 1, 32),
    (NB, 24, 1): equal(_NB["p"][0], 16 * (3 * 25 + 1)),
    (NB, 24, 2): equal(16 * (3 * 25 + 1), 1216),
    (NB, 40, 1): equal(_NB["p"][1], 32 * 16 * 9),
    (NB, 40, 2): equal(32 * 16 * 9, 4608),
    (NB, 54, 1): equal(_NB["h3"], 8 - 3 + 1),
    (NB, 54, 2): equal(8 - 3 + 1, 6),
    (NB, 56, 1): equal(_NB["d"], 32 * 6 * 6),
    (NB, 56, 2): equal(32 * 6 * 6, 1152),
    (NB, 67, 1): equal(_NB["h3"], 4),
    (NB, 67, 2): equal(_NB["p"][2], 5130),
    (NB, 73, 1): lambda: [
        same(_NB["db2"], _NB["dz2"][n].sum(axis=(1, 2))) for n in range(8)
    ],  # the note's free n: no single example's sum is the bias gradient
    (NB, 83, 1): equal(_NB["up"], (4 - 1) * 2 - 2 + 3),
    (NB, 83, 2): equal((4 - 1) * 2 - 2 + 3, 8),
    (NB, 87, 1): equal(_NB["p"][3], 32 * 16 * 9 + 32),
    (NB, 87, 2): equal(32 * 16 * 9 + 32, 4640),
}


def truth_table() -> Claims:
    from unseen_fresh22_truth_b import NOTES_B

    return {**COURS_CLAIMS, **BLOG_CLAIMS, **NB_CLAIMS, **NOTES_B}
