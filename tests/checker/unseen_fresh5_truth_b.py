"""Independent truth for the fresh5 unseen set, notes 3-4 (see unseen_fresh5_truth.py).

mse_answer_weight_gradient.md writes 1-based indices; the accessors below subtract one and index
strictly, so a formula that names x_5 of a 4x4 input fails. Jacobians come from
torch.autograd.functional.jacobian, true convolutions from scipy.signal.convolve2d.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d
from torch.autograd.functional import jacobian
from unseen_fresh5_truth import (
    Key,
    Truth,
    agree,
    at,
    conv2d_grads,
    corr,
    dilate,
    numbers,
    rot180,
    same,
    tensor,
    trials,
    zat,
)

# --- mse_answer_weight_gradient.md: 4x4 input, 2x2 kernel, stride 1, no bias, 3x3 output, 1-based


def _se(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=(4, 4)), r.normal(size=(2, 2)), r.normal(size=(3, 3))
    t = conv2d_grads(x[None, None], w[None, None], None, g[None, None])
    jw = jacobian(lambda wt: F.conv2d(tensor(x[None, None]), wt[None, None])[0, 0], tensor(w))
    jx = jacobian(lambda xt: F.conv2d(xt[None, None], tensor(w[None, None]))[0, 0], tensor(x))
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": t["y"][0, 0],
        "dw": t["dw"][0, 0],
        "dx": t["dx"][0, 0],
        "jw": jw.numpy(),
        "jx": jx.numpy(),
    }


def _s(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_se(r)), 300)


def kd(a: int, b: int) -> float:
    """Kronecker delta."""
    return 1.0 if a == b else 0.0


def _x1(v: dict, p: int, q: int) -> float:  # 1-based accessors, as the answer writes them
    return at(v["x"], p - 1, q - 1)


def _w1(v: dict, m: int, n: int) -> float:
    return at(v["w"], m - 1, n - 1)


def _g1(v: dict, i: int, j: int) -> float:
    return at(v["g"], i - 1, j - 1)


R2, R3, R4 = range(1, 3), range(1, 4), range(1, 5)


def _dw_sum(v: dict, shift: int) -> np.ndarray:
    return np.array(
        [
            [
                sum(_g1(v, i, j) * _x1(v, i + a - shift, j + b - shift) for i in R3 for j in R3)
                for b in R2
            ]
            for a in R2
        ]
    )


def _delta_sum_w(v: dict) -> np.ndarray:
    """sum_mn delta_ma delta_nb x_{i+m-1, j+n-1}, indexed [i, j, a, b] (0-based storage)."""
    return np.array(
        [
            [
                [
                    [
                        sum(
                            kd(m, a) * kd(n, b) * _x1(v, i + m - 1, j + n - 1)
                            for m in R2
                            for n in R2
                        )
                        for b in R2
                    ]
                    for a in R2
                ]
                for j in R3
            ]
            for i in R3
        ]
    )


def _picked_x(v: dict) -> np.ndarray:
    return np.array(
        [[[[_x1(v, i + a - 1, j + b - 1) for b in R2] for a in R2] for j in R3] for i in R3]
    )


def _delta_sum_x(v: dict) -> np.ndarray:
    """sum_mn w_mn delta_{p,i+m-1} delta_{q,j+n-1}, indexed [i, j, p, q]."""
    return np.array(
        [
            [
                [
                    [
                        sum(
                            _w1(v, m, n) * kd(p, i + m - 1) * kd(q, j + n - 1)
                            for m in R2
                            for n in R2
                        )
                        for q in R4
                    ]
                    for p in R4
                ]
                for j in R3
            ]
            for i in R3
        ]
    )


def _picked_w(v: dict, shift: int) -> np.ndarray:
    """w_{p-i+shift, q-j+shift}, zero outside 1..2 as the answer declares."""
    w = v["w"]
    return np.array(
        [
            [[[zat(w, p - i + shift - 1, q - j + shift - 1) for q in R4] for p in R4] for j in R3]
            for i in R3
        ]
    )


def _dx_sum(v: dict) -> np.ndarray:
    w = v["w"]
    return np.array(
        [[sum(_g1(v, i, j) * zat(w, p - i, q - j) for i in R3 for j in R3) for q in R4] for p in R4]
    )


def _batch_mean(r: np.random.Generator) -> bool:
    """L = (1/B) sum_beta L_beta with g^beta = dL_beta/dy^beta, B = 8."""
    x, w, g = r.normal(size=(8, 1, 4, 4)), r.normal(size=(1, 1, 2, 2)), r.normal(size=(8, 1, 3, 3))
    wt = tensor(w, True)
    ((F.conv2d(tensor(x), wt) * tensor(g)).sum() / 8).backward()
    rhs = [
        [
            sum(
                g[n, 0, i - 1, j - 1] * at(x, n, 0, i + a - 2, j + b - 2)
                for n in range(8)
                for i in R3
                for j in R3
            )
            for b in R2
        ]
        for a in R2
    ]
    return same(wt.grad.numpy()[0, 0], rhs)


def _stride2(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(5, 5)), r.normal(size=(2, 2)), r.normal(size=(2, 2))
    t = conv2d_grads(x[None, None], w[None, None], None, g[None, None], stride=2)
    rhs = [
        [
            sum(
                g[i - 1, j - 1] * at(x, 2 * (i - 1) + a - 1, 2 * (j - 1) + b - 1)
                for i in R2
                for j in R2
            )
            for b in R2
        ]
        for a in R2
    ]
    return same(t["dw"][0, 0], rhs)


def _identity_w(v: dict) -> bool:
    jac = jacobian(lambda t: t * 1.0, tensor(v["w"])).numpy()  # d w_mn / d w_ab
    return same(jac, [[[[kd(m, a) * kd(n, b) for b in R2] for a in R2] for n in R2] for m in R2])


def _identity_x(v: dict) -> bool:
    """d x_{i+m-1, j+n-1} / d x_pq for every i, j, m, n, p, q (the Jacobian of x is I)."""
    jac = jacobian(lambda t: t * 1.0, tensor(v["x"])).numpy()
    lhs = [jac[i + m - 2, j + n - 2] for i in R3 for j in R3 for m in R2 for n in R2]
    rhs = [
        [[kd(p, i + m - 1) * kd(q, j + n - 1) for q in R4] for p in R4]
        for i in R3
        for j in R3
        for m in R2
        for n in R2
    ]
    return same(lhs, rhs)


SE: dict[Key, Truth] = {
    ("mse_answer_weight_gradient", 5, 1): _s(
        lambda v: agree(lambda: v["dw"], lambda: _dw_sum(v, 0))
    ),
    ("mse_answer_weight_gradient", 15, 1): _s(
        lambda v: same(
            v["y"],
            [
                [
                    sum(_w1(v, m, n) * _x1(v, i + m - 1, j + n - 1) for m in R2 for n in R2)
                    for j in R3
                ]
                for i in R3
            ],
        )
    ),
    ("mse_answer_weight_gradient", 17, 2): _s(_identity_w),
    ("mse_answer_weight_gradient", 19, 1): _s(lambda v: same(v["jw"], _delta_sum_w(v))),
    ("mse_answer_weight_gradient", 19, 2): _s(lambda v: same(_delta_sum_w(v), _picked_x(v))),
    ("mse_answer_weight_gradient", 23, 1): _s(
        lambda v: same(v["dw"], np.einsum("ij,ijab->ab", v["g"], v["jw"]))
    ),
    ("mse_answer_weight_gradient", 23, 2): _s(
        lambda v: same(np.einsum("ij,ijab->ab", v["g"], v["jw"]), _dw_sum(v, 1))
    ),
    ("mse_answer_weight_gradient", 27, 1): _s(lambda v: same(v["dw"], corr(v["x"], v["g"]))),
    ("mse_answer_weight_gradient", 29, 1): _s(
        lambda v: same(v["dw"], convolve2d(v["x"], v["g"], mode="valid"))
    ),
    ("mse_answer_weight_gradient", 33, 1): _s(_identity_x),
    ("mse_answer_weight_gradient", 35, 1): _s(lambda v: same(v["jx"], _delta_sum_x(v))),
    ("mse_answer_weight_gradient", 35, 2): _s(lambda v: same(_delta_sum_x(v), _picked_w(v, 0))),
    ("mse_answer_weight_gradient", 39, 1): _s(lambda v: same(v["dx"], _dx_sum(v))),
    ("mse_answer_weight_gradient", 43, 1): _s(
        lambda v: same(v["dx"], corr(np.pad(v["g"], 1), rot180(v["w"])))
    ),
    ("mse_answer_weight_gradient", 49, 1): lambda: trials(_batch_mean, 310),
    ("mse_answer_weight_gradient", 53, 1): lambda: trials(_stride2, 320),
    ("mse_answer_weight_gradient", 59, 1): _s(
        lambda v: same(v["dx"], corr(v["g"], rot180(v["w"])))
    ),
}


# --- lab6_dilated_conv.md: 9x9 input, 3x3 kernel, dilation 2, stride 1, no padding, no bias


def _lab(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=(9, 9)), r.normal(size=(3, 3)), r.normal(size=(5, 5))
    t = conv2d_grads(x[None, None], w[None, None], None, g[None, None], dilation=2)
    return {"x": x, "w": w, "g": g, "y": t["y"][0, 0], "dw": t["dw"][0, 0], "dx": t["dx"][0, 0]}


def _lb(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_lab(r)), 400)


def _size(h: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    x, w = (
        torch.zeros(1, 1, h, h, dtype=torch.float64),
        torch.zeros(1, 1, k, k, dtype=torch.float64),
    )
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


def _size_grid() -> list[bool]:
    """The dilated output-size formula against torch over a grid (outputs of 1 included)."""
    out = []
    for h, k, s, p, d in np.ndindex(13, 5, 4, 3, 4):
        if h < 1 or k < 2 or s < 1 or d < 1 or h + 2 * p < d * (k - 1) + 1:
            continue
        out.append(_size(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1)
    return out


def _receptive_field() -> int:
    """Rows of the input that reach one output of conv(3x3, d=1) then conv(3x3, d=2)."""
    x = tensor(np.zeros((1, 1, 15, 15)), True)
    ones = tensor(np.ones((1, 1, 3, 3)))
    y = F.conv2d(F.conv2d(x, ones), ones, dilation=2)
    y[0, 0, 3, 3].backward()
    return int(np.count_nonzero(x.grad.numpy()[0, 0].sum(axis=1)))


LAB: dict[Key, Truth] = {
    ("lab6_dilated_conv", 11, 1): lambda: numbers(
        dilate(np.ones((3, 3)), 2).shape[0], 2 * (3 - 1) + 1
    ),
    ("lab6_dilated_conv", 11, 2): lambda: numbers(2 * (3 - 1) + 1, 5),
    ("lab6_dilated_conv", 15, 1): _size_grid,
    ("lab6_dilated_conv", 21, 1): lambda: numbers(_size(9, 3, 2, 1, 2), (9 + 2 - 3) // 2 + 1),
    ("lab6_dilated_conv", 21, 2): lambda: numbers((9 + 2 - 3) // 2 + 1, 5),
    ("lab6_dilated_conv", 29, 1): _lb(
        lambda v: same(
            v["y"],
            [
                [
                    sum(
                        v["w"][u, s] * at(v["x"], i + 2 * u, j + 2 * s)
                        for u in range(3)
                        for s in range(3)
                    )
                    for j in range(5)
                ]
                for i in range(5)
            ],
        )
    ),
    ("lab6_dilated_conv", 39, 1): _lb(
        lambda v: same(
            v["dw"],
            [
                [
                    sum(
                        v["g"][i, j] * at(v["x"], i + 2 * u, j + 2 * s)
                        for i in range(5)
                        for j in range(5)
                    )
                    for s in range(3)
                ]
                for u in range(3)
            ],
        )
    ),
    ("lab6_dilated_conv", 41, 1): _lb(
        lambda v: same(
            v["dw"], [[corr(v["x"], v["g"])[2 * u, 2 * s] for s in range(3)] for u in range(3)]
        )
    ),
    ("lab6_dilated_conv", 41, 2): _lb(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2)))),
    ("lab6_dilated_conv", 45, 1): _lb(
        lambda v: same(
            v["dx"],
            [
                [
                    sum(
                        v["w"][u, s] * zat(v["g"], p - 2 * u, q - 2 * s)
                        for u in range(3)
                        for s in range(3)
                    )
                    for q in range(9)
                ]
                for p in range(9)
            ],
        )
    ),
    ("lab6_dilated_conv", 49, 1): _lb(
        lambda v: numbers(v["dx"][2, 0], v["w"][1, 0] * v["g"][0, 0] + v["w"][0, 0] * v["g"][2, 0])[
            0
        ]
    ),
    ("lab6_dilated_conv", 51, 1): _lb(lambda v: numbers(v["dx"][1, 1], 0.0)[0]),
    ("lab6_dilated_conv", 57, 1): _lb(
        lambda v: same(rot180(dilate(v["w"], 2)), dilate(rot180(v["w"]), 2))
    ),
    ("lab6_dilated_conv", 61, 1): _lb(
        lambda v: same(v["dx"], corr(np.pad(v["g"], 4), rot180(dilate(v["w"], 2))))
    ),
    ("lab6_dilated_conv", 65, 1): _lb(
        lambda v: same(v["dx"], corr(np.pad(v["g"], 2), rot180(dilate(v["w"], 2))))
    ),
    ("lab6_dilated_conv", 71, 1): lambda: numbers(_receptive_field(), 3 + 5),
    ("lab6_dilated_conv", 71, 2): lambda: numbers(3 + 5, 8),
}

NOTES_B: dict[Key, Truth] = {**SE, **LAB}
