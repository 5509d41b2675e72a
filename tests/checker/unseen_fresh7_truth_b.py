"""Independent truth for fresh7, notes 2, 4, 5: cnn_interview_prep.md, pooling_backward_exemplo.md,
dilated_conv1d_gradients.md.

Same conventions as unseen_fresh7_truth.py (anchored claims, one bool per trial or size, torch
autograd in float64, strict indexing unless the note declares zeros outside a range).
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d
from unseen_fresh7_truth import (
    Anchored,
    arithmetic,
    conv2d,
    conv_out,
    each,
    once,
    params,
    trials,
    tt,
)
from unseen_truth_base import F64, at, same, zat

# --- cnn_interview_prep.md: Q&A list; symbolic sizes over grids, counts of torch modules

PREP = "cnn_interview_prep"


def _size_grid() -> list[bool]:
    out = []
    for w in range(3, 10):
        for k in range(1, 5):
            for p in range(3):
                for s in range(1, 4):
                    if w + 2 * p >= k:
                        out.append(conv_out(w, k, s, p) == math.floor((w - k + 2 * p) / s) + 1)
    return out


def _same_padding_grid() -> list[bool]:
    """W - K + 2 floor(K/2) + 1 = W, for the size a stride-1 conv with P = floor(K/2) gives."""
    out = []
    for w in range(5, 10):
        for k in range(1, 6):
            lhs = w - k + 2 * (k // 2) + 1
            out.append(lhs == conv_out(w, k, 1, k // 2) and lhs == w)
    return out


def _q5(r: np.random.Generator) -> dict:
    x, k, g = r.normal(size=(6, 6)), r.normal(size=(3, 3)), r.normal(size=(4, 4))
    v = conv2d(x[None, None], k[None, None], None, g[None, None])
    return {"x": x, "k": k, "g": g, "dx": v["dx"][0, 0], "dw": v["dw"][0, 0]}


def receptive_field(dilations: list[int], k: int = 3, dims: int = 2) -> int:
    """Width of the input region that reaches the centre output of a stack of stride-1 convs."""
    n = 65
    x = torch.zeros((1, 1) + (n,) * dims, dtype=F64, requires_grad=True)
    y = x
    for d in dilations:
        w = torch.ones((1, 1) + (k,) * dims, dtype=F64)
        y = (F.conv2d if dims == 2 else F.conv1d)(y, w, dilation=d)
    centre = tuple(s // 2 for s in y.shape[2:])
    y[(0, 0, *centre)].backward()
    row = x.grad[0, 0] if dims == 1 else x.grad[0, 0].sum(dim=0)
    return int((row != 0).sum())


def _avg_pool_no_quarter(r: np.random.Generator) -> bool:
    x, g = tt(r.normal(size=(1, 1, 6, 6)), True), r.normal(size=(3, 3))
    (F.avg_pool2d(x, 2, 2) * tt(g[None, None])).sum().backward()
    dx = x.grad.numpy()[0, 0]
    return all(
        math.isclose(dx[2 * i + u, 2 * j + v], g[i, j])
        for i in range(3)
        for j in range(3)
        for u in range(2)
        for v in range(2)
    )


def _dense(r: np.random.Generator) -> dict:
    """Z = XW + b with X 4x5 (rows are examples), W 5x3."""
    x, w, b, g = (tt(r.normal(size=s), True) for s in ((4, 5), (5, 3), (3,), (4, 3)))
    (((x @ w) + b) * g.detach()).sum().backward()
    return {k: t.detach().numpy() for k, t in {"x": x, "w": w, "dz": g}.items()} | {
        "dx": x.grad.numpy(),
        "dw": w.grad.numpy(),
        "db": b.grad.numpy(),
    }


def _tconv_grid() -> list[bool]:
    out = []
    for i in range(1, 6):
        for s in range(1, 4):
            for p in range(3):
                for k in range(1, 5):
                    if (i - 1) * s - 2 * p + k >= 1 and p < k:
                        x = torch.zeros(1, 1, i, i, dtype=F64)
                        w = torch.zeros(1, 1, k, k, dtype=F64)
                        got = F.conv_transpose2d(x, w, stride=s, padding=p).shape[-1]
                        out.append(got == (i - 1) * s - 2 * p + k)
    return out


def _tconv_size(i: int, k: int, s: int, p: int) -> int:
    x, w = torch.zeros(1, 1, i, i, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64)
    return int(F.conv_transpose2d(x, w, stride=s, padding=p).shape[-1])


PREP_TRUTH: Anchored = {
    (PREP, "$O = \\left\\lfloor \\frac{W - K + 2P}{S}", 1): _size_grid,
    (PREP, "Then $O = \\lfloor (224 - 7 + 6)/2", 1): once(
        lambda: conv_out(224, 7, 2, 3) == math.floor((224 - 7 + 6) / 2) + 1
    ),
    (PREP, "Then $O = \\lfloor (224 - 7 + 6)/2", 2): arithmetic(math.floor(223 / 2) + 1, 112),
    (PREP, "$7 \\cdot 7 \\cdot 3 \\cdot 64 + 64 = 9472$", 1): once(
        lambda: 7 * 7 * 3 * 64 + 64 == 9472 == params(torch.nn.Conv2d(3, 64, 7))
    ),
    (PREP, "$7 \\cdot 7 \\cdot 3 \\cdot 64 + 64 = 9472$", 2): arithmetic(7 * 7 * 3 * 64, 9472),
    (PREP, "$P = 1 \\cdot 1 \\cdot 256 \\cdot 64 = 16384$", 1): once(
        lambda: params(torch.nn.Conv2d(256, 64, 1)) == 1 * 1 * 256 * 64
    ),
    (PREP, "$P = 1 \\cdot 1 \\cdot 256 \\cdot 64 = 16384$", 2): arithmetic(256 * 64, 16384),
    (PREP, "Plug it into Q1 with $S = 1$", 2): _same_padding_grid,
    (PREP, "*_{\\text{full}} K$", 1): trials(
        lambda r: (lambda v: same(v["dx"], convolve2d(v["g"], v["k"], mode="full")))(_q5(r)), 200
    ),
    (PREP, "X * \\frac{\\partial L}{\\partial Y}$ (valid convolution)", 1): trials(
        lambda r: (lambda v: same(v["dw"], convolve2d(v["x"], v["g"], mode="valid")))(_q5(r)), 210
    ),
    (PREP, "Two layers: $RF = 5$", 1): once(lambda: receptive_field([1, 1]) == 5),
    (PREP, "Two layers: $RF = 5$", 2): once(lambda: receptive_field([1, 1, 1]) == 3 * 3),
    (PREP, "Two layers: $RF = 5$", 3): arithmetic(3 * 3, 9),
    (PREP, "Every input in the window gets a quarter", 1): trials(_avg_pool_no_quarter, 220),
    (PREP, "$\\frac{\\partial L}{\\partial W} = X^\\top", 1): trials(
        lambda r: (lambda v: same(v["dw"], v["x"].T @ v["dz"]))(_dense(r)), 230
    ),
    (PREP, "$\\frac{\\partial L}{\\partial W} = X^\\top", 2): trials(
        lambda r: (lambda v: same(v["db"], np.ones(4) @ v["dz"]))(_dense(r)), 240
    ),
    (PREP, "$\\frac{\\partial L}{\\partial W} = X^\\top", 3): trials(
        lambda r: (lambda v: same(v["dx"], v["w"].T @ v["dz"]))(_dense(r)), 250
    ),
    (PREP, "$O = (I - 1)S - 2P + K$", 1): _tconv_grid,
    (PREP, "$O = (I - 1)S - 2P + K$", 5): once(lambda: _tconv_size(4, 4, 2, 1) == 3 * 2 - 2 + 4),
    (PREP, "$O = (I - 1)S - 2P + K$", 6): arithmetic(3 * 2 - 2 + 4, 9),
}


# --- pooling_backward_exemplo.md: the 4x4 map A, 2x2 upstream G, 0-based a_{k,l}, g_{i,j}

POOL = "pooling_backward_exemplo"
_A = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]], dtype=float)
_G = np.array([[0.5, -1], [2, 1]])


def _pool(a: np.ndarray, g: np.ndarray, kind: str, k: int = 2, s: int = 2) -> dict:
    """Pooled map and autograd gradient of sum(g * pool(a))."""
    x = tt(a[None, None], True)
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = pool(x, k, s)
    (y * tt(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "da": x.grad.numpy()[0, 0]}


def _random_avg(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    g = r.normal(size=(2, 2))
    return _pool(r.normal(size=(4, 4)), g, "avg")["da"], g


def _avg_index_map(r: np.random.Generator, index: str) -> bool:
    da, g = _random_avg(r)
    window = (lambda k: k // 2) if index == "floor" else (lambda k: math.ceil(k / 2))
    return each(
        [
            (lambda k=k, c=c: da[k, c], lambda k=k, c=c: at(g, window(k), window(c)) / 4)
            for k in range(4)
            for c in range(4)
        ]
    )


_MAX = _pool(_A, _G, "max")
_AVG = _pool(_A, _G, "avg")
_OVERLAP = _pool(_A, _G, "max", k=3, s=1)

POOL_TRUTH: Anchored = {
    (POOL, "$$P = \\begin{pmatrix} 4 & 5", 1): once(lambda: same(_MAX["y"], [[4, 5], [6, 3]])),
    (POOL, "0.5 & 0 & 0 & -1", 1): once(
        lambda: same(_MAX["da"], [[0, 0, 0, 0], [0.5, 0, 0, -1], [0, 0, 1, 0], [0, 2, 0, 0]])
    ),
    (POOL, "so $\\frac{\\partial L}{\\partial a_{1,0}} = g_{0,0} = 0.5$", 1): once(
        lambda: math.isclose(_MAX["da"][1, 0], _G[0, 0])
    ),
    (POOL, "so $\\frac{\\partial L}{\\partial a_{1,0}} = g_{0,0} = 0.5$", 2): arithmetic(
        _G[0, 0], 0.5
    ),
    (POOL, "writing $\\frac{\\partial L}{\\partial a_{0,1}} = g_{0,0}$", 1): once(
        lambda: math.isclose(_MAX["da"][0, 1], _G[0, 0])
    ),
    (POOL, "$$Q = \\begin{pmatrix} 2.5 & 2", 1): once(
        lambda: same(_AVG["y"], [[2.5, 2], [2.5, 1.75]])
    ),
    (POOL, "G \\otimes \\mathbf{1}_{2 \\times 2}", 1): trials(
        lambda r: (lambda v: same(v[0], np.kron(v[1], np.ones((2, 2))) / 4))(_random_avg(r)), 300
    ),
    (POOL, "g_{\\lfloor k/2 \\rfloor,\\, \\lfloor l/2 \\rfloor}", 1): trials(
        lambda r: _avg_index_map(r, "floor"), 310
    ),
    (POOL, "g_{\\lceil k/2 \\rceil,", 1): trials(lambda r: _avg_index_map(r, "ceil"), 320),
    (POOL, "\\frac{g_{1,0}}{4} = \\frac{2}{4} = 0.25", 1): once(
        lambda: math.isclose(_AVG["da"][2, 0], _G[1, 0] / 4)
    ),
    (POOL, "\\frac{g_{1,0}}{4} = \\frac{2}{4} = 0.25", 2): arithmetic(_G[1, 0] / 4, 2 / 4),
    (POOL, "\\frac{g_{1,0}}{4} = \\frac{2}{4} = 0.25", 3): arithmetic(2 / 4, 0.25),
    (POOL, "g_{1,0} + g_{1,1} = 3$$", 1): once(
        lambda: math.isclose(_OVERLAP["da"][3, 1], _G[1, 0] + _G[1, 1])
    ),
    (POOL, "g_{1,0} + g_{1,1} = 3$$", 2): arithmetic(_G[1, 0] + _G[1, 1], 3),
    (POOL, "so $\\frac{\\partial L}{\\partial a_{1,3}} = g_{0,1} + g_{1,1}$", 1): once(
        lambda: math.isclose(_OVERLAP["da"][1, 3], _G[0, 1] + _G[1, 1])
    ),
}


# --- dilated_conv1d_gradients.md: length 10, 3 taps, dilation 2, 0-based x[t], w[k], g[t]

DIL = "dilated_conv1d_gradients"


def conv1d(x: object, w: object, g: object, dilation: int) -> dict:
    xt, wt = tt(x, True), tt(w, True)
    y = F.conv1d(xt, wt, dilation=dilation)
    (y * tt(g)).sum().backward()
    return {"y": y.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}


def _d1(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=10), r.normal(size=3), r.normal(size=6)
    v = conv1d(x[None, None], w[None, None], g[None, None], 2)
    return {"x": x, "w": w, "g": g, "y": v["y"][0, 0], "dx": v["dx"][0, 0], "dw": v["dw"][0, 0]}


def corr1d(a: np.ndarray, k: np.ndarray, dilation: int = 1) -> np.ndarray:
    """Valid 1-D cross-correlation with the kernel's taps `dilation` apart."""
    span = dilation * (len(k) - 1) + 1
    return np.array(
        [sum(a[i + dilation * j] * k[j] for j in range(len(k))) for i in range(len(a) - span + 1)]
    )


def _d1_forward(r: np.random.Generator) -> bool:
    v = _d1(r)
    return each(
        [
            (
                lambda t=t: v["y"][t],
                lambda t=t: sum(at(v["w"], k) * at(v["x"], t + 2 * k) for k in range(3)),
            )
            for t in range(6)
        ]
    )


def _d1_dw(upper: int) -> object:
    def check(r: np.random.Generator) -> bool:
        v = _d1(r)
        return each(
            [
                (
                    lambda k=k: v["dw"][k],
                    lambda k=k: sum(
                        at(v["g"], t) * at(v["x"], t + 2 * k) for t in range(upper + 1)
                    ),
                )
                for k in range(3)
            ]
        )

    return check


def _d1_dx(step: int) -> object:
    def check(r: np.random.Generator) -> bool:
        v = _d1(r)  # the note: g[t] = 0 outside 0..5
        return each(
            [
                (
                    lambda i=i: v["dx"][i],
                    lambda i=i: sum(zat(v["g"], i - step * k) * at(v["w"], k) for k in range(3)),
                )
                for i in range(10)
            ]
        )

    return check


def _d1_batch(r: np.random.Generator) -> bool:
    """N = 3 sequences of length 10, C_in = 4, C_out = 8, 3 taps, dilation 2, summed loss."""
    x, w, g = r.normal(size=(3, 4, 10)), r.normal(size=(8, 4, 3)), r.normal(size=(3, 8, 6))
    dw = conv1d(x, w, g, 2)["dw"]
    return each(
        [
            (
                lambda o=o, c=c, k=k: dw[o, c, k],
                lambda o=o, c=c, k=k: sum(
                    at(g, n, o, t) * at(x, n, c, t + 2 * k) for n in range(3) for t in range(6)
                ),
            )
            for o in range(8)
            for c in range(4)
            for k in range(3)
        ]
    )


_XD = np.array([1, 0, 2, 1, 3, 0, 1, 2, 0, 1], dtype=float)
_WD = np.array([1, -1, 2], dtype=float)
_Y2 = 1 * 2 + (-1) * 3 + 2 * 1

DIL_TRUTH: Anchored = {
    (DIL, "input $x$ of length $L = 10$", 4): once(
        lambda: (
            conv1d(np.zeros((1, 1, 10)), np.zeros((1, 1, 3)), 0.0, 2)["y"].shape[-1]
            == 10 - 2 * (3 - 1)
        )
    ),
    (DIL, "input $x$ of length $L = 10$", 5): arithmetic(10 - 2 * (3 - 1), 6),
    (DIL, "$$y[t] = \\sum_{k=0}^{2}", 1): trials(_d1_forward, 400),
    (DIL, "$$y[2] = ", 1): once(
        lambda: math.isclose(
            conv1d(_XD[None, None], _WD[None, None], np.zeros((1, 1, 6)), 2)["y"][0, 0, 2], _Y2
        )
    ),
    (DIL, "$$y[2] = ", 2): arithmetic(_Y2, 3),
    (DIL, "$$\\frac{\\partial E}{\\partial w[k]} = \\sum_{t=0}^{6}", 1): trials(_d1_dw(6), 410),
    (DIL, "which is just the correlation of the input", 1): trials(
        lambda r: (lambda v: same(v["dw"], corr1d(v["x"], v["g"])))(_d1(r)), 420
    ),
    (DIL, "which is just the correlation of the input", 2): trials(
        lambda r: (lambda v: same(v["dw"], corr1d(v["x"], v["g"])[0::2]))(_d1(r)), 430
    ),
    (DIL, "My first try was", 1): trials(_d1_dx(1), 440),
    (DIL, "g[i - 2k] \\, w[k], \\qquad", 1): trials(_d1_dx(2), 450),
    (DIL, "\\operatorname{pad}_2(g) \\star_2", 1): trials(
        lambda r: (lambda v: same(v["dx"], corr1d(np.pad(v["g"], 2), v["w"][::-1], 2)))(_d1(r)), 460
    ),
    (DIL, "g_{n,o,t} \\, x_{n,c,t+2k}", 1): trials(_d1_batch, 470),
    (DIL, "Stacking three layers", 2): once(
        lambda: receptive_field([1, 2, 4], dims=1) == 1 + 2 * (1 + 2 + 4)
    ),
    (DIL, "Stacking three layers", 3): arithmetic(1 + 2 * (1 + 2 + 4), 15),
    (DIL, "Stacking three layers", 4): once(
        lambda: receptive_field([1, 2, 4, 8], dims=1) == 1 + 2 * (1 + 2 + 4 + 8)
    ),
    (DIL, "Stacking three layers", 5): arithmetic(1 + 2 * (1 + 2 + 4 + 8), 33),
}

NOTES_B: Anchored = {**PREP_TRUTH, **POOL_TRUTH, **DIL_TRUTH}
