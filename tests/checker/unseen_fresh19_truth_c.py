"""Independent truth for the fresh19 notes office_hours_pooling_batch_mean (max / average pooling
with the note's numbers, batch-mean losses), cours_parametres_tailles_reseau (sizes and counts
of a four-layer net, from torch modules) and wiki_im2col_backward (im2col built by hand in NumPy
against torch autograd). Same conventions as unseen_fresh19_truth.py; no symconv import.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh19_truth import equal, keyed, once, trials
from unseen_truth_base import Truth, conv, conv_out, params, same, t64

# --- office_hours_pooling_batch_mean.md: X 4x4, 2x2 max pooling stride 2, G 2x2; batch N = 32

OFFICE = "office_hours_pooling_batch_mean"
_X = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]], dtype=np.float64)
_G = np.array([[1, -1], [2, 0.5]])


def _pool_grad(pool: Callable[..., torch.Tensor]) -> tuple[np.ndarray, np.ndarray]:
    x = t64(_X[None, None], True)
    p = pool(x, 2, 2)
    (p * t64(_G[None, None])).sum().backward()
    return p.detach().numpy()[0, 0], x.grad.numpy()[0, 0]


_MAX_P, _MAX_DX = _pool_grad(F.max_pool2d)
_AVG_DX = _pool_grad(F.avg_pool2d)[1]
_STUDENT = [[0, 0, 0, 0], [1, 0, -1, 0], [0, 0, 0.5, 0], [0, 2, 0, 0]]
_TA = [[0, 0, 0, 0], [1, 0, 0, -1], [0, 0, 0.5, 0], [0, 2, 0, 0]]


def _batch(r: np.random.Generator) -> dict:
    """z_n = W x_n + b for N = 32, l_n = sum(c_n * tanh(z_n)), L = mean of l_n; per-example
    gradients from a separate autograd pass per example."""
    n = 32
    w, b = t64(r.normal(size=(3, 5)), True), t64(r.normal(size=3), True)
    x, c = r.normal(size=(n, 5)), r.normal(size=(n, 3))
    z = t64(x) @ w.T + b
    z.retain_grad()
    (torch.tanh(z) * t64(c)).sum(dim=1).mean().backward()
    per_dz, per_dw = [], []
    for k in range(n):
        wk = t64(w.detach().numpy(), True)
        zk = t64(x[k]) @ wk.T + b.detach()
        zk.retain_grad()
        (torch.tanh(zk) * t64(c[k])).sum().backward()
        per_dz.append(zk.grad.numpy())
        per_dw.append(wk.grad.numpy())
    return {"dz": z.grad.numpy(), "dw": w.grad.numpy(), "per_dz": np.array(per_dz),
            "per_dw": np.array(per_dw), "n": n}  # fmt: skip


def _mse(rhs: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Truth:
    def check(r: np.random.Generator) -> bool:
        y, t = t64(r.normal(size=(32, 10)), True), r.normal(size=(32, 10))
        F.mse_loss(y, t64(t)).backward()
        return same(y.grad.numpy(), rhs(y.detach().numpy(), t))

    return trials(check, 520)


def _cross_entropy(r: np.random.Generator) -> bool:
    z, t = t64(r.normal(size=(32, 5)), True), r.integers(0, 5, size=32)
    F.cross_entropy(z, torch.tensor(t)).backward()
    p = np.exp(z.detach().numpy())
    p /= p.sum(axis=1, keepdims=True)
    return same(z.grad.numpy(), (p - np.eye(5)[t]) / 32)


def _dense_ce_grads(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w0, x, t = r.normal(size=(5, 4)), r.normal(size=(32, 4)), r.integers(0, 5, size=32)
    grads = []
    for reduction in ("sum", "mean"):
        w = t64(w0, True)
        F.cross_entropy(t64(x) @ w.T, torch.tensor(t), reduction=reduction).backward()
        grads.append(w.grad.numpy())
    return w0, grads[0], grads[1]


def _sum_is_n_mean(r: np.random.Generator) -> bool:
    _, g_sum, g_mean = _dense_ce_grads(r)
    return same(g_sum, 32 * g_mean)


def _same_step(r: np.random.Generator) -> bool:
    """eta_sum = N eta_mean: is W - eta_sum grad_sum the step W - eta_mean grad_mean?"""
    w0, g_sum, g_mean = _dense_ce_grads(r)
    eta_mean = 0.1
    return same(w0 - 32 * eta_mean * g_sum, w0 - eta_mean * g_mean)


def _on_batch(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_batch(r)), seed)


OFFICE_ROWS = keyed(
    OFFICE,
    [
        ("$$P = \\begin{pmatrix} 4 & 5", 1, once(lambda: same(_MAX_P, [[4, 5], [6, 3]]))),
        ("1 & 0 & -1 & 0", 1, once(lambda: same(_MAX_DX, _STUDENT))),
        ("1 & 0 & 0 & -1", 1, once(lambda: same(_MAX_DX, _TA))),
        (
            "like $\\partial L / \\partial x_{11}",
            1,
            once(lambda: math.isclose(_MAX_DX[0, 0], 0.25)),
        ),
        ("\\tfrac14 \\cdot 0.5", 1, once(lambda: math.isclose(_AVG_DX[2, 3], 0.25 * 0.5))),
        ("\\tfrac14 \\cdot 0.5", 2, equal(0.25 * 0.5, 0.125)),
        (
            "\\partial W} = \\frac{1}{N} \\sum",
            1,
            _on_batch(lambda v: same(v["dw"], v["per_dw"].mean(axis=0)), 500),
        ),
        (
            "\\partial z_n} = \\frac{\\partial \\ell_n}",
            1,
            _on_batch(lambda v: same(v["dz"], v["per_dz"]), 505),
        ),
        (
            "\\partial z_n} = \\frac{1}{N} \\frac",
            1,
            _on_batch(lambda v: same(v["dz"], v["per_dz"] / v["n"]), 510),
        ),
        ("t_{nd})}{N}$$", 1, _mse(lambda y, t: 2 * (y - t) / 32)),
        ("t_{nd})}{N D}$$", 1, _mse(lambda y, t: 2 * (y - t) / (32 * 10))),
        ("\\frac{p_n - e_{t_n}}{N}", 1, trials(_cross_entropy, 530)),
        ("\\nabla_W L_{\\text{sum}} =", 1, trials(_sum_is_n_mean, 540)),
        ("\\eta_{\\text{sum}} =", 1, trials(_same_step, 550)),
    ],
)


# --- cours_parametres_tailles_reseau.md: 3x64x64 -> C1 conv 16@5x5 s1 p2 -> C2 maxpool 2/2
# -> C3 conv 32@3x3 s2 p1 -> C4 dense 8192 -> 10

COURS = "cours_parametres_tailles_reseau"
_C1, _C3, _C4 = (
    torch.nn.Conv2d(3, 16, 5, 1, 2),
    torch.nn.Conv2d(16, 32, 3, 2, 1),
    torch.nn.Linear(8192, 10),
)


@cache
def _c3_side() -> int:
    with torch.no_grad():
        a = F.max_pool2d(_C1(torch.zeros(1, 3, 64, 64)), 2, 2)
        return int(_C3(a).shape[-1])


def _size_grid() -> list[bool]:
    return [
        conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1
        for h in range(3, 12) for k in range(1, 6) for s in range(1, 4) for p in range(3)
        if h + 2 * p >= k
    ]  # fmt: skip


_TOTAL = params(_C1) + params(_C3) + params(_C4)
_POOL63 = F.max_pool2d(torch.zeros(1, 1, 63, 63), 2, 2).shape[-1]

COURS_ROWS = keyed(
    COURS,
    [
        ("H_{\\text{sortie}} =", 1, _size_grid),
        ("$N_1 = 16", 1, equal(params(_C1), 16 * (3 * 25 + 1))),
        ("$N_1 = 16", 2, equal(16 * (3 * 25 + 1), 1216)),
        ("$N_2 = 0$", 1, equal(params(torch.nn.MaxPool2d(2, 2)), 0)),
        ("$N_3 = 32", 1, equal(params(_C3), 32 * 16 * 9)),
        ("$N_3 = 32", 2, equal(32 * 16 * 9, 4608)),
        ("$N_4 = 8192", 1, equal(params(_C4), 8192 * 10)),
        ("$N_4 = 8192", 2, equal(8192 * 10, 81920)),
        ("\\frac{32 + 2 - 3}{2}", 1, lambda: [_c3_side() == (32 + 2 - 3) // 2 + 1]),
        ("\\frac{32 + 2 - 3}{2}", 2, equal((32 + 2 - 3) // 2 + 1, 16)),
        ("\\frac{32 - 3}{2}", 1, lambda: [_c3_side() == (32 - 3) // 2 + 1]),
        ("\\frac{32 - 3}{2}", 2, equal((32 - 3) // 2 + 1, 15)),
        ("$$N_{\\text{tot}} =", 1, equal(_TOTAL, 1216 + 4640 + 81930)),
        ("$$N_{\\text{tot}} =", 2, equal(1216 + 4640 + 81930, 87686)),
        ("\\frac{63}{2}", 1, equal(_POOL63, math.ceil(63 / 2))),
        ("\\frac{63}{2}", 2, equal(math.ceil(63 / 2), 32)),
    ],
)


# --- wiki_im2col_backward.md: X 2x4x4, F = 3 filters 3x3, stride 1, no padding; X_col 18 x 4
# with row 9c + 3m + n and column 2i + j; W_row 3 x 18; G = dL/dY_mat 3 x 4

WIKI = "wiki_im2col_backward"


def im2col(x: np.ndarray, k: int = 3, stride: int = 1) -> np.ndarray:
    """Columns of receptive fields of x (C, H, W): row c k^2 + m k + n, column i W_out + j."""
    c_in, h, _ = x.shape
    side = (h - k) // stride + 1
    cols = np.zeros((c_in * k * k, side * side))
    for c, m, n, i, j in np.ndindex(c_in, k, k, side, side):
        cols[c * k * k + m * k + n, i * side + j] = x[c, i * stride + m, j * stride + n]
    return cols


def _wiki(r: np.random.Generator, batch: int = 1) -> dict:
    x, w, b = r.normal(size=(batch, 2, 4, 4)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
    g = r.normal(size=(batch, 3, 2, 2))
    v = conv(x, w, b, g)
    # dL/dX_col with X_col a leaf of the matrix product (the gradient col2im must fold back)
    xcol = t64(im2col(x[0]), True)
    ymat = t64(w.reshape(3, 18)) @ xcol + t64(b)[:, None]
    (ymat * t64(g[0].reshape(3, 4))).sum().backward()
    return {"x": x, "w": w, "b": b, "g": g, "dxcol": xcol.grad.numpy(), **v}


def _on_wiki(rel: Callable[[dict], bool], seed: int, batch: int = 1) -> Truth:
    def check(r: np.random.Generator) -> bool:
        return rel(_wiki(r, batch))

    return trials(check, seed)


def _col2im_swapped(v: dict) -> bool:
    dxcol, out = v["dxcol"], np.zeros((2, 4, 4))
    for c, p, q, i, j in np.ndindex(2, 4, 4, 2, 2):
        if 0 <= p - i <= 2 and 0 <= q - j <= 2:
            out[c, p, q] += dxcol[9 * c + 3 * (p - i) + (q - j), i + 2 * j]
    return same(v["dx"][0], out)


def _g(v: dict, n: int = 0) -> np.ndarray:
    return v["g"][n].reshape(3, 4)


WIKI_ROWS = keyed(
    WIKI,
    [
        ("$$C k^2 = 2", 1, equal(F.unfold(torch.zeros(1, 2, 4, 4), 3).shape[1], 2 * 9)),
        ("$$C k^2 = 2", 2, equal(2 * 9, 18)),
        (
            "$$Y_{mat} = ",
            1,
            _on_wiki(
                lambda v: same(
                    v["z"][0].reshape(3, 4),
                    v["w"].reshape(3, 18) @ im2col(v["x"][0]) + v["b"][:, None] @ np.ones((1, 4)),
                ),
                600,
            ),
        ),
        (
            "$$dW_{row} = G\\, X_{col}^T$$",
            1,
            _on_wiki(lambda v: same(v["dw"].reshape(3, 18), _g(v) @ im2col(v["x"][0]).T), 610),
        ),
        (
            "(first I had",
            1,
            _on_wiki(lambda v: same(v["dw"].reshape(3, 18), im2col(v["x"][0]) @ _g(v).T), 620),
        ),
        (
            "$$dX_{col} = G^T W_{row}$$",
            1,
            _on_wiki(lambda v: same(v["dxcol"], _g(v).T @ v["w"].reshape(3, 18)), 630),
        ),
        ("$$db = \\mathbf{1}^T G$$", 1, _on_wiki(lambda v: same(v["db"], np.ones(4) @ _g(v)), 640)),
        ("i + 2j\\,]$$", 1, _on_wiki(_col2im_swapped, 650)),
        (
            "\\sum_{n=1}^{N} G_n",
            1,
            _on_wiki(
                lambda v: same(
                    v["dw"].reshape(3, 18),
                    sum(_g(v, n) @ im2col(v["x"][n]).T for n in range(2)) / 2,
                ),
                660,
                batch=2,
            ),
        ),
        ("(5 - 3 + 1)^2", 1, equal(conv_out(5, 3, 2) ** 2, (5 - 3 + 1) ** 2)),
        ("(5 - 3 + 1)^2", 2, equal((5 - 3 + 1) ** 2, 9)),
    ],
)

NOTES_C = {**OFFICE_ROWS, **COURS_ROWS, **WIKI_ROWS}
