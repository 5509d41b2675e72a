"""Truth for fresh13's ps4_solutions_matrix_form.md (problem-set solutions in matrix form:
Toeplitz T, im2col / col2im, doubly block Toeplitz C). Same conventions as
unseen_fresh13_truth.py."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh13_truth import conv, corr, once, trials
from unseen_truth_base import F64, Truth, same, zat

# --- P1 1-D (5 -> 3), P2 im2col (2x4x4, 3 filters 2x2x2), P3 3x3 * 2x2


def _conv1d(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    xt = torch.tensor(x[None, None], dtype=F64, requires_grad=True)
    wt = torch.tensor(w[None, None], dtype=F64, requires_grad=True)
    y = F.conv1d(xt, wt)
    (y * torch.tensor(g, dtype=F64)).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0]}


def _toeplitz(w: np.ndarray) -> np.ndarray:
    return np.array([[w[k - i] if 0 <= k - i <= 2 else 0.0 for k in range(5)] for i in range(3)])


def _p1(check: Callable[[np.ndarray, np.ndarray, np.ndarray, dict], bool], seed: int) -> Truth:
    def one(r: np.random.Generator) -> bool:
        x, w, g = r.normal(size=5), r.normal(size=3), r.normal(size=3)
        return check(x, w, g, _conv1d(x, w, g))

    return lambda: trials(one, seed)


def _tt_g(w: np.ndarray, g: np.ndarray) -> list[float]:
    return [
        w[0] * g[0],
        w[1] * g[0] + w[0] * g[1],
        w[2] * g[0] + w[1] * g[1] + w[0] * g[2],
        w[2] * g[1] + w[1] * g[2],
        w[2] * g[2],
    ]


def _xcol1(x: np.ndarray) -> np.ndarray:
    return np.array([[x[k + i] for i in range(3)] for k in range(3)])


_P1 = _conv1d(np.array([1.0, 2, 0, -1, 3]), np.array([1.0, 0, -1]), np.ones(3))


def _im2col(x: np.ndarray) -> np.ndarray:
    """(C=2, 4, 4) -> 8 x 9, rows (c, u, v), columns (i, j) of the 3x3 output."""
    return np.array(
        [
            [x[c, i + u, j + v] for i in range(3) for j in range(3)]
            for c in range(2)
            for u in range(2)
            for v in range(2)
        ]
    )


def _col2im(cols: np.ndarray) -> np.ndarray:
    out = np.zeros((2, 4, 4))
    for row, (c, u, v) in enumerate(np.ndindex(2, 2, 2)):
        for col, (i, j) in enumerate(np.ndindex(3, 3)):
            out[c, i + u, j + v] += cols[row, col]
    return out


def _p2(check: Callable[[dict], bool], seed: int, n: int = 1) -> Truth:
    def one(r: np.random.Generator) -> bool:
        x, w, b = r.normal(size=(n, 2, 4, 4)), r.normal(size=(3, 2, 2, 2)), r.normal(size=3)
        g = r.normal(size=(n, 3, 3, 3))
        v = conv(x, w, b, g)
        v.update(x=x, w=w, g=g, wm=w.reshape(3, 8), gm=[g[k].reshape(3, 9) for k in range(n)])
        v["xc"] = [_im2col(x[k]) for k in range(n)]
        return check(v)

    return lambda: trials(one, seed)


def _c_true(w: np.ndarray) -> np.ndarray:
    """The 4 x 9 matrix of x -> corr(x, w), column by column from basis images."""
    return np.array([corr(np.eye(9)[k].reshape(3, 3), w).ravel() for k in range(9)]).T


def _c_formula(w: np.ndarray) -> np.ndarray:
    return np.array(
        [
            [zat(w, p - a, q - b) for p in range(3) for q in range(3)]
            for a in range(2)
            for b in range(2)
        ]
    )


_W3 = np.array([[1.0, 2], [3, 4]])
PS4: dict[tuple[str, int, int], Truth] = {
    ("ps4_solutions_matrix_form", 12, 1): _p1(
        lambda x, w, g, v: same(v["y"], _toeplitz(w) @ x), 310
    ),
    ("ps4_solutions_matrix_form", 14, 1): _p1(
        lambda x, w, g, v: same(v["dx"], _toeplitz(w).T @ g), 320
    ),
    ("ps4_solutions_matrix_form", 16, 1): _p1(
        lambda x, w, g, v: same(_toeplitz(w).T @ g, _tt_g(w, g)), 330
    ),
    ("ps4_solutions_matrix_form", 18, 1): _p1(
        lambda x, w, g, v: np.isclose(v["dx"][3], w[1] * g[1] + w[2] * g[2]), 340
    ),
    ("ps4_solutions_matrix_form", 23, 1): _p1(lambda x, w, g, v: same(v["dw"], _xcol1(x) @ g), 350),
    ("ps4_solutions_matrix_form", 25, 3): once(lambda: same(_P1["y"], [1, 1, -3])),
    ("ps4_solutions_matrix_form", 26, 2): once(lambda: same(_P1["dx"], [1, 1, 0, -1, -1])),
    ("ps4_solutions_matrix_form", 26, 3): once(lambda: same(_P1["dw"], [3, 1, 1])),
    ("ps4_solutions_matrix_form", 35, 1): _p2(
        lambda v: same(v["dw"].reshape(3, 8), v["gm"][0] @ v["xc"][0].T), 360
    ),
    ("ps4_solutions_matrix_form", 37, 1): _p2(
        lambda v: same(v["dw"].reshape(3, 8), v["xc"][0].T @ v["gm"][0]), 370
    ),
    ("ps4_solutions_matrix_form", 39, 1): _p2(
        lambda v: same(v["db"], v["gm"][0] @ np.ones(9)), 380
    ),
    ("ps4_solutions_matrix_form", 41, 1): _p2(
        lambda v: same(v["dx"][0], _col2im(v["wm"].T @ v["gm"][0])), 390
    ),
    ("ps4_solutions_matrix_form", 45, 1): _p2(
        lambda v: same(v["dw"].reshape(3, 8), sum(v["gm"][k] @ v["xc"][k].T for k in range(2))),
        400,
        2,
    ),
    ("ps4_solutions_matrix_form", 45, 2): _p2(
        lambda v: same(v["db"], sum(v["gm"][k] @ np.ones(9) for k in range(2)) / 2), 410, 2
    ),
    ("ps4_solutions_matrix_form", 53, 1): lambda: trials(
        lambda r: (lambda w: same(_c_true(w), _c_formula(w)))(r.normal(size=(2, 2))), 420
    ),
    ("ps4_solutions_matrix_form", 55, 1): lambda: trials(
        lambda r: (
            lambda x, w, g: same(
                conv(x[None, None], w[None, None], None, g.reshape(1, 1, 2, 2))["dx"].ravel(),
                _c_true(w).T @ g,
            )
        )(r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=4)),
        430,
    ),
    ("ps4_solutions_matrix_form", 57, 1): once(
        lambda: same(_c_true(_W3)[0], [1, 2, 0, 3, 4, 0, 0, 0, 0])
    ),
    ("ps4_solutions_matrix_form", 57, 2): once(
        lambda: same(_c_true(_W3)[1], [0, 1, 2, 3, 4, 0, 0, 0, 0])
    ),
}
