"""Independent truth for the fresh12 unseen set, note 2 (wiki_lote_canales: symbolic sizes,
mini-batch and multi-channel sums, counts, im2col); conventions as in unseen_fresh12_truth.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh12_truth import corr2d, keyed, params, t64
from unseen_truth_base import Truth, at, rng, same

# --- wiki_lote_canales.md: symbolic N, C, F, H, W, K, S, P; the loss is a sum over the batch.
# Grid (N, C, F, H, W, K, S, P): N, C >= 2 and K >= 2 everywhere (the note's batch, channel and
# rotation claims are about those cases); the last size has S not dividing W + 2P - K.

_GRID = [
    (2, 2, 3, 5, 6, 3, 1, 0),
    (2, 3, 2, 7, 7, 3, 2, 1),
    (3, 2, 2, 8, 6, 2, 2, 0),
    (2, 2, 1, 6, 6, 3, 2, 1),
]
_GRID_S1 = [(2, 2, 3, 5, 6, 3, 1, 0), (2, 3, 2, 6, 4, 2, 1, 0)]


def _batch(size: tuple[int, ...], seed: int) -> dict:
    """Padded input x~ as the leaf (so its gradient is dL/dx~), weights, bias, delta."""
    n, c, f, h, w, k, s, p = size
    r = rng(seed)
    x = r.normal(size=(n, c, h, w))
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    wt, bt, xt = t64(r.normal(size=(f, c, k, k)), True), t64(r.normal(size=f), True), t64(xp, True)
    y = F.conv2d(xt, wt, bt, stride=s)
    d = r.normal(size=tuple(y.shape))
    (y * t64(d)).sum().backward()
    out = {"x": x, "xp": xp, "w": wt.detach().numpy(), "b": bt.detach().numpy(), "d": d}
    out |= {"y": y.detach().numpy(), "dxp": xt.grad.numpy(), "dw": wt.grad.numpy()}
    return out | {"db": bt.grad.numpy(), "size": size}


def _grid(check: Callable[[dict], bool], grid: list = _GRID) -> Truth:
    return lambda: [check(_batch(size, 200 + k)) for k, size in enumerate(grid)]


def _out_sides(v: dict) -> tuple[int, int]:
    return v["y"].shape[2], v["y"].shape[3]


def _wiki_forward(v: dict) -> bool:
    _, c, _, _, _, k, s, _ = v["size"]
    y, w, b, xp = v["y"], v["w"], v["b"], v["xp"]
    return same(
        y,
        [
            [
                [
                    [
                        b[f]
                        + sum(
                            at(w, f, cc, u, vv) * at(xp, n, cc, s * i + u, s * j + vv)
                            for cc in range(c)
                            for u in range(k)
                            for vv in range(k)
                        )
                        for j in range(y.shape[3])
                    ]
                    for i in range(y.shape[2])
                ]
                for f in range(y.shape[1])
            ]
            for n in range(y.shape[0])
        ],
    )


def _wiki_dw(v: dict) -> bool:
    n_, c_, f_, _, _, k, s, _ = v["size"]
    d, xp = v["d"], v["xp"]
    ho, wo = _out_sides(v)
    want = np.zeros_like(v["dw"])
    for f, c, u, w in np.ndindex(f_, c_, k, k):
        want[f, c, u, w] = sum(
            d[n, f, i, j] * at(xp, n, c, s * i + u, s * j + w)
            for n in range(n_)
            for i in range(ho)
            for j in range(wo)
        )
    return same(v["dw"], want)


def _wiki_dxp(batch_sum: bool) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        n_, _, f_, _, _, k, s, _ = v["size"]
        d, w = v["d"], v["w"]
        ho, wo = _out_sides(v)

        def term(n: int, c: int, p: int, q: int) -> float:
            total = 0.0
            for f, u, vv in np.ndindex(f_, k, k):
                a, bq = p - u, q - vv  # only terms with (p-u)/S, (q-v)/S integers in range
                if a % s == 0 and bq % s == 0 and 0 <= a // s < ho and 0 <= bq // s < wo:
                    total += d[n, f, a // s, bq // s] * w[f, c, u, vv]
            return total

        want = np.zeros_like(v["dxp"])
        for n, c, p, q in np.ndindex(*want.shape):
            # the variant's sum over n re-binds the example index: every n gets all examples
            want[n, c, p, q] = (
                sum(term(m, c, p, q) for m in range(n_)) if batch_sum else term(n, c, p, q)
            )
        return same(v["dxp"], want)

    return check


def _wiki_full_corr(rotate: bool) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        n_, c_, f_, _, _, k, _, _ = v["size"]  # S = 1, P = 0: x~ is x
        d, w = v["d"], v["w"]
        flip = (lambda a: a[::-1, ::-1]) if rotate else (lambda a: a)
        want = np.array(
            [
                [
                    sum(corr2d(np.pad(d[n, f], k - 1), flip(w[f, c])) for f in range(f_))
                    for c in range(c_)
                ]
                for n in range(n_)
            ]
        )
        return same(v["dxp"], want)

    return check


def _im2col(v: dict) -> tuple[torch.Tensor, np.ndarray, np.ndarray]:
    """X_col (C K^2 x N H'W', columns example-major), W_mat (F x C K^2), Delta (F x N H'W')."""
    n_, c_, f_, _, _, k, s, _ = v["size"]
    cols = F.unfold(t64(v["xp"]), k, stride=s)  # (N, C K^2, H'W')
    x_col = cols.permute(1, 0, 2).reshape(c_ * k * k, -1)
    delta = v["d"].reshape(n_, f_, -1).transpose(1, 0, 2).reshape(f_, -1)
    return x_col, v["w"].reshape(f_, -1), delta


def _wiki_ymat(v: dict) -> bool:
    x_col, w_mat, _ = _im2col(v)
    n_, _, f_ = v["size"][:3]
    y_mat = v["y"].reshape(n_, f_, -1).transpose(1, 0, 2).reshape(f_, -1)
    ones = np.ones((1, x_col.shape[1]))
    return same(y_mat, w_mat @ x_col.numpy() + v["b"][:, None] @ ones)


def _wiki_dwmat(v: dict) -> bool:
    x_col, _, delta = _im2col(v)
    return same(v["dw"].reshape(v["size"][2], -1), delta @ x_col.numpy().T)


def _wiki_dxcol(v: dict) -> bool:
    x_col, w_mat, delta = _im2col(v)
    leaf = x_col.clone().requires_grad_(True)
    (t64(w_mat) @ leaf * t64(delta)).sum().backward()
    return same(leaf.grad.numpy(), delta.T @ w_mat)


def _mults(v: dict) -> int:
    """Multiplications of the forward pass: the im2col product W_mat (F x CK^2) X_col."""
    x_col, w_mat, _ = _im2col(v)
    return w_mat.shape[0] * w_mat.shape[1] * x_col.shape[1]


def _wiki_count(formula: Callable[..., int]) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        n, c, f, _, _, k, _, _ = v["size"]
        ho, wo = _out_sides(v)
        return formula(n, c, f, k, ho, wo) == _mults(v)

    return check


def _wiki_params(v: dict) -> bool:
    _, c, f, _, _, k, _, _ = v["size"]
    return (c * k * k + 1) * f == params(torch.nn.Conv2d(c, f, k))


def _wiki_side(rounding: Callable[[float], float], axis: int) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        _, _, _, h, w, k, s, p = v["size"]
        side = (h, w)[axis]
        return int(rounding((side + 2 * p - k) / s)) + 1 == _out_sides(v)[axis]

    return check


WIKI = keyed(
    "wiki_lote_canales",
    [
        ("$$H' = ", 1, _grid(_wiki_side(math.floor, 0))),
        ("$$W' = ", 1, _grid(_wiki_side(math.ceil, 1))),
        ("$$y_{n,f,i,j} = ", 1, _grid(_wiki_forward)),
        (r"\partial w_{f,c,u,v}} = ", 1, _grid(_wiki_dw)),
        (
            r"\partial b_f} = \frac{1}{N}",
            1,
            _grid(lambda v: same(v["db"], v["d"].sum((0, 2, 3)) / v["size"][0])),
        ),
        (r"\tilde{x}_{n,c,p,q}} = \sum_{f=0}", 1, _grid(_wiki_dxp(False))),
        (r"\tilde{x}_{n,c,p,q}} = \sum_{n=0}", 1, _grid(_wiki_dxp(True))),
        (r"\star \operatorname{rot180}(w_{f,c})", 1, _grid(_wiki_full_corr(True), _GRID_S1)),
        (r"\star w_{f,c}$$", 1, _grid(_wiki_full_corr(False), _GRID_S1)),
        (r"\#\theta = ", 1, _grid(_wiki_params)),
        (
            "$$M = N F H' W' K^2$$",
            1,
            _grid(_wiki_count(lambda n, c, f, k, ho, wo: n * f * ho * wo * k * k)),
        ),
        (
            "$$M = N F H' W' C K^2$$",
            1,
            _grid(_wiki_count(lambda n, c, f, k, ho, wo: n * f * ho * wo * c * k * k)),
        ),
        (r"Y_{\text{mat}} = ", 1, _grid(_wiki_ymat)),
        (r"\partial W_{\text{mat}}} = ", 1, _grid(_wiki_dwmat)),
        (r"\partial X_{\text{col}}} = ", 1, _grid(_wiki_dxcol)),
    ],
)
