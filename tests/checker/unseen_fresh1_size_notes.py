"""Truth of the claims of the fresh1 notes notas_paso_y_relleno (symbolic sizes, checked over a
grid) and lecture09_dense_and_pooling."""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
import unseen_fresh1_base as tb
from unseen_fresh1_base import claim

# ---- note 3 (H, W, k, s, p symbolic)
N3 = "notas_paso_y_relleno"

# (H, W, k, s, p): output smaller than the kernel, k = 1, H = k, stride > 1, padding > 0,
# sizes not divisible by the stride, rectangular inputs.
GRID = [
    (3, 3, 3, 1, 0),
    (4, 4, 3, 1, 0),
    (5, 4, 2, 1, 0),
    (4, 6, 1, 1, 0),
    (2, 2, 2, 1, 0),
    (5, 5, 3, 2, 0),
    (7, 7, 3, 2, 1),
    (6, 5, 3, 2, 1),
    (8, 8, 3, 2, 0),
    (7, 6, 2, 3, 0),
    (5, 7, 3, 1, 1),
    (4, 4, 3, 1, 2),
    (6, 6, 4, 2, 2),
    (9, 7, 3, 3, 0),
    (4, 5, 2, 2, 1),
    (3, 5, 3, 1, 0),
    (6, 8, 2, 2, 0),
    (5, 5, 1, 2, 0),
    (7, 9, 4, 3, 1),
    (3, 3, 2, 1, 1),
    (7, 7, 1, 3, 0),
    (8, 5, 2, 3, 0),
]


def n3(size: tuple[int, int, int, int, int], seed: int = 21) -> dict[str, np.ndarray]:
    h, w, k, s, p = size
    x, wk = tb.rnd(seed, h, w), tb.rnd(seed + 1, k, k)
    r = tb.conv(x[None, None], wk[None, None], None, seed + 2, stride=s, padding=p)
    return {
        "X": x,
        "W": wk,
        "Y": r["y"][0, 0],
        "G": r["g"][0, 0],
        "dX": r["dx"][0, 0],
        "dW": r["dw"][0, 0],
    }


def hout(h: int, k: int, s: int, p: int) -> int:
    return n3((h, h, k, s, p))["Y"].shape[0]


@claim(N3, 5)
def _n3_hout() -> list[bool]:
    return [hout(h, k, s, p) == math.floor((h + 2 * p - k) / s) + 1 for h, _, k, s, p in GRID]


@claim(N3, 7, 1)
def _n3_wout_ceil() -> list[bool]:
    return [
        n3(g)["Y"].shape[1] == math.ceil((w + 2 * p - k) / s) + 1
        for g in GRID
        for _, w, k, s, p in [g]
    ]


@claim(N3, 7, 2)
def _n3_hout_p() -> list[bool]:
    return [hout(h, k, s, p) == math.floor((h + p - k) / s) + 1 for h, _, k, s, p in GRID]


@claim(N3, 9, 1)
def _n3_num2() -> list[bool]:
    return [math.floor((8 - 3) / 2) + 1 == 4, hout(8, 3, 2, 0) == 4]


@claim(N3, 13)
def _n3_fwd() -> list[bool]:
    def check(size: tuple[int, int, int, int, int]) -> bool:
        v, (_, _, k, s, p) = n3(size), size
        ho, wo = v["Y"].shape
        rhs = [
            [
                sum(
                    v["W"][m, n] * tb.atz(v["X"], s * i + m - p, s * j + n - p)
                    for m in range(k)
                    for n in range(k)
                )
                for j in range(wo)
            ]
            for i in range(ho)
        ]
        return tb.same(v["Y"], rhs)

    return tb.over(GRID, check)


def _n3_dw(upper_extra: int) -> list[bool]:
    def check(size: tuple[int, int, int, int, int]) -> bool:
        v, (_, _, k, s, p) = n3(size), size
        ho, wo = v["Y"].shape
        val = [
            [
                sum(
                    tb.at(v["G"], i, j) * tb.atz(v["X"], s * i + m - p, s * j + n - p)
                    for i in range(ho + upper_extra)
                    for j in range(wo + upper_extra)
                )
                for n in range(k)
            ]
            for m in range(k)
        ]
        return tb.same(v["dW"], val)

    return tb.over(GRID, check)


@claim(N3, 17)
def _n3_dw_ok() -> list[bool]:
    return _n3_dw(0)


@claim(N3, 19)
def _n3_dw_inclusive() -> list[bool]:
    return _n3_dw(1)


# The note's assumption for the input gradient: p = 0 and s divides H - k and W - k.
GRID_DIV = [
    g for g in GRID if g[4] == 0 and (g[0] - g[2]) % g[3] == 0 and (g[1] - g[2]) % g[3] == 0
]


@claim(N3, 23)
def _n3_dx_dilate() -> list[bool]:
    def check(size: tuple[int, int, int, int, int]) -> bool:
        v = n3(size)
        return tb.same(v["dX"], tb.back(tb.dilate(v["G"], size[3]), v["W"], size[2] - 1))

    return tb.over(GRID_DIV, check)


@claim(N3, 25)
def _n3_dx_nodilate() -> list[bool]:
    def check(size: tuple[int, int, int, int, int]) -> bool:
        v = n3(size)
        return tb.same(v["dX"], tb.back(v["G"], v["W"], size[2] - 1))

    return tb.over(GRID_DIV, check)


GRID_S1 = [g for g in GRID if g[3] == 1 and g[4] == 0]


def _n3_dx_bounds(low_shift: int) -> list[bool]:
    def check(size: tuple[int, int, int, int, int]) -> bool:
        v, (h, w, k, _, _) = n3(size), size
        ho, wo = v["Y"].shape
        val = [
            [
                sum(
                    tb.at(v["G"], i, j) * tb.at(v["W"], a - i, b - j)
                    for i in range(max(0, a - k + 1 - low_shift), min(a, ho - 1) + 1)
                    for j in range(max(0, b - k + 1 - low_shift), min(b, wo - 1) + 1)
                )
                for b in range(w)
            ]
            for a in range(h)
        ]
        return tb.same(v["dX"], val)

    return tb.over(GRID_S1, check)


@claim(N3, 29)
def _n3_dx_bounds_ok() -> list[bool]:
    return _n3_dx_bounds(0)


@claim(N3, 31)
def _n3_dx_bounds_low() -> list[bool]:
    return _n3_dx_bounds(1)


@claim(N3, 35)
def _n3_relu_cases() -> list[bool]:
    z, _, da, dz = tb.act_grad(torch.relu, (4, 5), 25)
    return [tb.same(dz, np.where(z > 0, da, 0.0))]


@claim(N3, 37)
def _n3_tanh() -> list[bool]:
    z, _, da, dz = tb.act_grad(torch.tanh, (4, 5), 27)
    return [tb.same(dz, da * (1 - np.tanh(z)) ** 2)]


# ---- note 4 (dense 4x5 -> 3, pooling 4x4)
N4 = "lecture09_dense_and_pooling"


def n4() -> dict[str, np.ndarray]:
    x, w, b = tb.t(tb.rnd(31, 4, 5)), tb.t(tb.rnd(32, 3, 5)), tb.t(tb.rnd(33, 3))
    z = F.linear(x, w, b)
    dz = tb.rnd(34, 4, 3)
    z.backward(torch.tensor(dz, dtype=torch.float64))
    return {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "b": b.detach().numpy(),
        "Z": z.detach().numpy(),
        "dZ": dz,
        "dX": x.grad.numpy(),
        "dW": w.grad.numpy(),
        "db": b.grad.numpy(),
    }


@claim(N4, 10)
def _n4_fwd() -> list[bool]:
    v = n4()
    return [tb.same(v["Z"], v["X"] @ v["W"].T + np.ones((4, 1)) @ v["b"][None, :])]


@claim(N4, 16)
def _n4_dw() -> list[bool]:
    v = n4()
    return [tb.same(v["dW"], v["dZ"].T @ v["X"])]


@claim(N4, 17)
def _n4_db() -> list[bool]:
    v = n4()
    return [tb.same(v["db"], sum(v["dZ"][n, :] for n in range(4)))]


@claim(N4, 18)
def _n4_dx_wt() -> list[bool]:
    v = n4()
    return [tb.guarded(lambda: tb.same(v["dX"], v["dZ"] @ v["W"].T))]


@claim(N4, 21, 1)
def _n4_dw_elem() -> list[bool]:
    v = n4()
    rhs = [
        [sum(v["dZ"][n, j] * v["X"][n, i] for n in range(4)) for i in range(5)] for j in range(3)
    ]
    return [tb.same(v["dW"], rhs)]


@claim(N4, 21, 2)
def _n4_dw_xt() -> list[bool]:
    v = n4()
    return [tb.same(v["dW"], v["X"].T @ v["dZ"])]


@claim(N4, 21, 3)
def _n4_db_first() -> list[bool]:
    v = n4()
    return [tb.same(v["db"], v["dZ"][0, :])]  # 1-based dZ_{1,j} is row 0


@claim(N4, 28)
def _n4_sigmoid() -> list[bool]:
    _, a, da, dz = tb.act_grad(torch.sigmoid, (4, 3), 35)
    return [tb.same(dz, da * a * (1 - a))]


@claim(N4, 31)
def _n4_sigmoid_of_a() -> list[bool]:
    _, a, da, dz = tb.act_grad(torch.sigmoid, (4, 3), 35)
    sa = 1 / (1 + np.exp(-a))
    return [tb.same(dz, da * sa * (1 - sa))]


@claim(N4, 35)
def _n4_params() -> list[bool]:
    count = sum(p.numel() for p in torch.nn.Linear(84, 10).parameters())
    return [84 * 10 + 10 == 860, count == 860]


P_EXAMPLE = np.array([[1, 3, 2, 0], [4, 2, 1, 6], [0, 5, 7, 1], [8, 2, 3, 9]], dtype=np.float64)


def pool(kind: str, p: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Q, dQ, dP) of 2x2/stride-2 pooling with autograd; dQ is all ones when seed < 0."""
    pt = tb.t(p[None, None])
    q = (F.max_pool2d if kind == "max" else F.avg_pool2d)(pt, 2, 2)
    dq = np.ones((2, 2)) if seed < 0 else tb.rnd(seed, 2, 2)
    q.backward(torch.tensor(dq[None, None], dtype=torch.float64))
    return q.detach().numpy()[0, 0], dq, pt.grad.numpy()[0, 0]


@claim(N4, 42)
def _n4_maxpool() -> list[bool]:
    p = tb.rnd(36, 4, 4)
    q, _, _ = pool("max", p, 37)
    rhs = [
        [max(p[2 * i + a, 2 * j + b] for a in range(2) for b in range(2)) for j in range(2)]
        for i in range(2)
    ]
    return [tb.same(q, rhs)]


@claim(N4, 50)
def _n4_maxpool_example() -> list[bool]:
    q, _, _ = pool("max", P_EXAMPLE, -1)
    return [tb.same(q, [[4, 6], [8, 9]])]


@claim(N4, 56)
def _n4_maxpool_grad() -> list[bool]:
    p = tb.rnd(36, 4, 4)
    q, dq, dp = pool("max", p, 37)
    rhs = [
        [dq[r // 2, c // 2] if p[r, c] == q[r // 2, c // 2] else 0.0 for c in range(4)]
        for r in range(4)
    ]
    return [tb.same(dp, rhs)]


@claim(N4, 66)
def _n4_maxpool_grad_example() -> list[bool]:
    _, _, dp = pool("max", P_EXAMPLE, -1)
    return [tb.same(dp, [[0, 0, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0]])]


@claim(N4, 72)
def _n4_avgpool() -> list[bool]:
    p = tb.rnd(38, 4, 4)
    q, _, _ = pool("avg", p, 39)
    rhs = [
        [sum(p[2 * i + a, 2 * j + b] for a in range(2) for b in range(2)) / 4 for j in range(2)]
        for i in range(2)
    ]
    return [tb.same(q, rhs)]


@claim(N4, 74)
def _n4_avgpool_grad() -> list[bool]:
    p = tb.rnd(38, 4, 4)
    _, dq, dp = pool("avg", p, 39)
    return [tb.same(dp, [[dq[r // 2, c // 2] for c in range(4)] for r in range(4)])]
