"""Truth of the claims of the fresh1 notes blog_transposed_conv, apuntes_lenet_cuentas and
hw3_solutions_q2."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
import unseen_fresh1_base as tb
from unseen_fresh1_base import claim

# ---- note 5 (transposed convolution)
N5 = "blog_transposed_conv"


def n5_plain() -> dict[str, np.ndarray]:
    x, k = tb.rnd(41, 4, 4), tb.rnd(42, 3, 3)
    r = tb.conv(x[None, None], k[None, None], None, 43)
    return {"X": x, "K": k, "dY": r["g"][0, 0], "dX": r["dx"][0, 0]}


@claim(N5, 9)
def _n5_matrix() -> list[bool]:
    v = n5_plain()
    # column j of C is the output of the layer for the j-th unit input (row-major flattening)
    c = np.stack([tb.corr(np.eye(16)[j].reshape(4, 4), v["K"]).ravel() for j in range(16)], axis=1)
    return [c.shape == (4, 16) and tb.same(v["dX"].ravel(), c.T @ v["dY"].ravel())]


@claim(N5, 13)
def _n5_transpose_kernel() -> list[bool]:
    v = n5_plain()
    return [tb.same(v["dX"], tb.corr(tb.pad(v["dY"], 2), v["K"].T))]


# (H_in, k, s, p) with p <= k - 1: 1x1 input, k = 1, stride 3, padding 2.
TGRID = [
    (3, 3, 2, 1),
    (2, 3, 1, 0),
    (4, 4, 2, 1),
    (3, 2, 3, 0),
    (1, 3, 2, 1),
    (5, 1, 2, 0),
    (2, 5, 3, 2),
    (4, 3, 1, 2),
]


def n5_t(size: tuple[int, int, int, int], seed: int = 44) -> dict[str, np.ndarray]:
    h, k, s, p = size
    xt, kt = tb.t(tb.rnd(seed, 1, 1, h, h)), tb.t(tb.rnd(seed + 1, 1, 1, k, k))
    y = F.conv_transpose2d(xt, kt, stride=s, padding=p)
    dy = tb.rnd(seed + 2, *y.shape)
    y.backward(torch.tensor(dy, dtype=torch.float64))
    return {
        "X": xt.detach().numpy()[0, 0],
        "K": kt.detach().numpy()[0, 0],
        "Y": y.detach().numpy()[0, 0],
        "dY": dy[0, 0],
        "dX": xt.grad.numpy()[0, 0],
    }


def scatter(
    x: np.ndarray,
    weight: Callable[[int, int, int, int], float],
    c_out: int,
    ho: int,
    k: int,
    s: int,
    p: int,
) -> np.ndarray:
    """The notes' Iverson sum: Y[o,a,b] = sum x[c,i,j] w(o,c,m,n) [a = si+m-p] [b = sj+n-p]."""
    val = np.zeros((c_out, ho, ho))
    for o, c, i, j, m, n in np.ndindex(c_out, x.shape[0], x.shape[1], x.shape[2], k, k):
        a, b = s * i + m - p, s * j + n - p
        if 0 <= a < ho and 0 <= b < ho:
            val[o, a, b] += x[c, i, j] * weight(o, c, m, n)
    return val


@claim(N5, 19)
def _n5_scatter() -> list[bool]:
    def check(size: tuple[int, ...]) -> bool:
        v, (_, k, s, p) = n5_t(size), size
        rhs = scatter(v["X"][None], lambda o, c, m, n: v["K"][m, n], 1, v["Y"].shape[0], k, s, p)
        return tb.same(v["Y"], rhs[0])

    return tb.over(TGRID, check)


@claim(N5, 23)
def _n5_size() -> list[bool]:
    return [n5_t(g)["Y"].shape[0] == (g[0] - 1) * g[2] - 2 * g[3] + g[1] for g in TGRID]


@claim(N5, 25, 1)
def _n5_size_num2() -> list[bool]:
    return [(4 - 1) * 2 - 2 + 4 == 9, n5_t((4, 4, 2, 1))["Y"].shape[0] == 9]


@claim(N5, 29)
def _n5_as_conv() -> list[bool]:
    out = []
    for h, k, s, p in TGRID:
        v = n5_t((h, k, s, p))
        out.append(tb.same(v["Y"], tb.back(tb.dilate(v["X"], s), v["K"], k - 1 - p)))
    return out


ABCD = tb.rnd(45, 2, 2)


@claim(N5, 33, 1)
def _n5_dilate2() -> list[bool]:
    (al, be), (ga, ep) = ABCD
    return [tb.same(tb.dilate(ABCD, 2), [[al, 0, be], [0, 0, 0], [ga, 0, ep]])]


@claim(N5, 33, 2)
def _n5_dilate3() -> list[bool]:
    (al, be), (ga, ep) = ABCD
    z = [0.0] * 5
    return [tb.same(tb.dilate(ABCD, 3), [[al, 0, 0, 0, be], z, z, z, [ga, 0, 0, 0, ep]])]


@claim(N5, 37)
def _n5_backward() -> list[bool]:
    out = []
    for h, k, s, p in TGRID:
        v = n5_t((h, k, s, p))
        rhs = F.conv2d(
            torch.tensor(v["dY"][None, None]), torch.tensor(v["K"][None, None]), stride=s, padding=p
        )
        out.append(tb.same(v["dX"], rhs.numpy()[0, 0]))
    return out


@claim(N5, 43)
def _n5_channels() -> list[bool]:
    def check(size: tuple[int, ...]) -> bool:
        h, k, s, p = size
        x, w = tb.rnd(46, 2, h, h), tb.rnd(47, 2, 3, k, k)  # PyTorch layout: C_in x C_out x k x k
        y = F.conv_transpose2d(torch.tensor(x[None]), torch.tensor(w), stride=s, padding=p)[0]
        rhs = scatter(x, lambda o, c, m, n: tb.at(w, o, c, m, n), 3, y.shape[1], k, s, p)
        return tb.same(y.numpy(), rhs)

    return tb.over([(3, 3, 2, 1), (2, 2, 1, 0), (3, 1, 2, 0)], check)


# ---- note 6 (LeNet-5 counts, C3)
N6 = "apuntes_lenet_cuentas"


def conv_params(c_in: int, c_out: int, k: int) -> int:
    return sum(p.numel() for p in torch.nn.Conv2d(c_in, c_out, k).parameters())


def linear_params(n_in: int, n_out: int) -> int:
    return sum(p.numel() for p in torch.nn.Linear(n_in, n_out).parameters())


PGRID = [(c_in, c_out, k) for c_in in (1, 2, 3, 6) for c_out in (1, 4, 16) for k in (1, 3, 5)]


@claim(N6, 17, 1)
def _n6_s2() -> list[bool]:
    q = F.max_pool2d(torch.zeros(1, 6, 28, 28), 2, 2)
    return [math.floor((28 - 2) / 2) + 1 == 14, q.shape[2] == 14]


@claim(N6, 23)
def _n6_formula() -> list[bool]:
    return [conv_params(ci, co, k) == co * (k**2 * ci + 1) for ci, co, k in PGRID]


@claim(N6, 25)
def _n6_formula_wrong() -> list[bool]:
    return [conv_params(ci, co, k) == (k**2 + 1) * ci * co for ci, co, k in PGRID]


@claim(N6, 28, 1)
def _n6_p_c3() -> list[bool]:
    return [conv_params(6, 16, 5) == 16 * 5 * 5 + 16]


@claim(N6, 28, 2)
def _n6_p_c3_num() -> list[bool]:
    return [16 * 5 * 5 + 16 == 416]


@claim(N6, 30, 1)
def _n6_p_f6() -> list[bool]:
    return [linear_params(120, 84) == 120 * 84 + 120]


@claim(N6, 30, 2)
def _n6_p_f6_num() -> list[bool]:
    return [120 * 84 + 120 == 10200]


def n6(n: int = 1) -> dict[str, np.ndarray]:
    x, w = tb.rnd(51, n, 6, 14, 14), tb.rnd(52, 16, 6, 5, 5)
    return {**tb.conv(x, w, tb.rnd(53, 16), 54), "x": x, "w": w}


@claim(N6, 36, 1)
def _n6_dw() -> list[bool]:
    v = n6()
    x, g = v["x"], v["g"]
    rhs = np.array([[tb.corr(x[0, c], g[0, f]) for c in range(6)] for f in range(16)])
    return [tb.same(v["dw"], rhs)]


@claim(N6, 36, 2)
def _n6_dx_pad5() -> list[bool]:
    v = n6()
    w = v["w"]
    rhs = np.array([sum(tb.back(v["g"][0, f], w[f, c], 5) for f in range(16)) for c in range(6)])
    return [tb.same(v["dx"][0], rhs)]


@claim(N6, 40)
def _n6_db_batch() -> list[bool]:
    out = []
    for n in (1, 2, 3):
        v = n6(n)
        rhs = [
            sum(v["g"][i, f, a, b] for i in range(n) for a in range(10) for b in range(10))
            for f in range(16)
        ]
        out.append(tb.same(v["db"], rhs))
    return out


@claim(N6, 42, 1)
def _n6_dw_batch() -> list[bool]:
    v = n6(3)
    rhs = np.array(
        [
            [sum(tb.corr(v["x"][n, c], v["g"][n, f]) for n in range(3)) for c in range(6)]
            for f in range(16)
        ]
    )
    return [tb.same(v["dw"], rhs)]


@claim(N6, 42, 2)
def _n6_dx_batch_sum() -> list[bool]:
    v = n6(3)
    summed = np.array(
        [
            sum(tb.back(v["g"][n, f], v["w"][f, c], 4) for n in range(3) for f in range(16))
            for c in range(6)
        ]
    )
    return [tb.same(v["dx"][n], summed) for n in range(3)]


@claim(N6, 46, 1)
def _n6_tanh() -> list[bool]:
    z, _, da, dz = tb.act_grad(torch.tanh, (16, 10, 10), 55)
    return [tb.same(dz, da * (1 - np.tanh(z) ** 2))]


@claim(N6, 46, 2)
def _n6_tanh_link2() -> list[bool]:
    z, a, da, _ = tb.act_grad(torch.tanh, (16, 10, 10), 55)
    return [tb.same(da * (1 - np.tanh(z) ** 2), da * (1 - a) ** 2)]


# ---- note 7 (4x4, 2x2, stride 2, 1-based)
N7 = "hw3_solutions_q2"
X7 = np.array([[1, 0, 2, -1], [3, 1, 0, 2], [-2, 4, 1, 1], [0, 1, -3, 2]], dtype=np.float64)
W7 = np.array([[1, 0], [-1, 2]], dtype=np.float64)


def one(a: np.ndarray, i: int, j: int) -> float:
    """1-based entry, as the note writes it."""
    return tb.at(a, i - 1, j - 1)


def n7(
    x: np.ndarray | None = None, w: np.ndarray | None = None, g_ones: bool = False, stride: int = 2
) -> dict[str, np.ndarray]:
    x = tb.rnd(61, 4, 4) if x is None else x
    w = tb.rnd(62, 2, 2) if w is None else w
    xt, wt = tb.t(x[None, None]), tb.t(w[None, None])
    y = F.conv2d(xt, wt, stride=stride)
    g = np.ones(y.shape) if g_ones else tb.rnd(63, *y.shape)
    y.backward(torch.tensor(g, dtype=torch.float64))
    return {
        "x": x,
        "w": w,
        "y": y.detach().numpy()[0, 0],
        "g": g[0, 0],
        "dx": xt.grad.numpy()[0, 0],
        "dw": wt.grad.numpy()[0, 0],
    }


@claim(N7, 7)
def _n7_fwd() -> list[bool]:
    v = n7()
    rhs = [
        [
            sum(
                one(v["w"], m, n) * one(v["x"], 2 * (i - 1) + m, 2 * (j - 1) + n)
                for m in (1, 2)
                for n in (1, 2)
            )
            for j in (1, 2)
        ]
        for i in (1, 2)
    ]
    return [tb.same(v["y"], rhs)]


@claim(N7, 11, 1)
def _n7_dw12() -> list[bool]:
    v = n7()
    rhs = sum(one(v["g"], i, j) * one(v["x"], 2 * i - 1, 2 * j) for i in (1, 2) for j in (1, 2))
    return [tb.same(one(v["dw"], 1, 2), rhs)]


@claim(N7, 11, 2)
def _n7_dw21() -> list[bool]:
    v = n7()
    rhs = sum(one(v["g"], i, j) * one(v["x"], i + 1, j) for i in (1, 2) for j in (1, 2))
    return [tb.same(one(v["dw"], 2, 1), rhs)]


@claim(N7, 15, 1)
def _n7_dx34() -> list[bool]:
    v = n7()
    return [tb.same(one(v["dx"], 3, 4), one(v["g"], 2, 2) * one(v["w"], 1, 2))]


@claim(N7, 15, 2)
def _n7_dx23() -> list[bool]:
    v = n7()
    rhs = one(v["g"], 1, 2) * one(v["w"], 2, 1) + one(v["g"], 1, 1) * one(v["w"], 2, 2)
    return [tb.same(one(v["dx"], 2, 3), rhs)]


@claim(N7, 23)
def _n7_y_example() -> list[bool]:
    return [tb.same(n7(X7, W7)["y"], [[0, 6], [0, 0]])]


@claim(N7, 27)
def _n7_dw_example() -> list[bool]:
    return [tb.same(n7(X7, W7, g_ones=True)["dw"], [[2, 4], [0, 6]])]


@claim(N7, 29, 1)
def _n7_corr_vs_conv() -> list[bool]:
    x, w = tb.rnd(64, 4, 4), tb.rnd(65, 2, 2)
    return [tb.same(tb.corr(x, w), tb.conv_true(x, w.T))]


@claim(N7, 29, 2)
def _n7_dw_s1() -> list[bool]:
    v = n7(stride=1)
    return [tb.same(v["dw"], tb.corr(v["x"], v["g"]))]


@claim(N7, 29, 3)
def _n7_dx_s1() -> list[bool]:
    v = n7(stride=1)
    full_conv = tb.conv_true(tb.pad(v["g"], 1), v["w"])  # full convolution: pad by k - 1, flip w
    return [tb.same(v["dx"], full_conv)]


@claim(N7, 33)
def _n7_leaky() -> list[bool]:
    z, _, da, dz = tb.act_grad(lambda u: F.leaky_relu(u, 0.01), (3, 3), 66)
    return [tb.same(dz, da * ((z > 0) + 0.01 * (z <= 0)))]


def n7_depthwise(seed: int = 67) -> dict[str, np.ndarray]:
    xt, wt = tb.t(tb.rnd(seed, 1, 2, 4, 4)), tb.t(tb.rnd(seed + 1, 2, 1, 2, 2))
    y = F.conv2d(xt, wt, groups=2)
    g = tb.rnd(seed + 2, *y.shape)
    y.backward(torch.tensor(g, dtype=torch.float64))
    return {
        "x": xt.detach().numpy()[0],
        "w": wt.detach().numpy()[:, 0],
        "g": g[0],
        "dx": xt.grad.numpy()[0],
        "dw": wt.grad.numpy()[:, 0],
    }


@claim(N7, 35, 1)
def _n7_depthwise_dw() -> list[bool]:
    v = n7_depthwise()
    return [tb.same(v["dw"][c], tb.corr(v["x"][c], v["g"][c])) for c in range(2)]


@claim(N7, 35, 2)
def _n7_depthwise_dx() -> list[bool]:
    v = n7_depthwise()
    summed = sum(tb.conv_true(tb.pad(v["g"][c], 1), v["w"][c]) for c in range(2))
    return [tb.same(v["dx"][c], summed) for c in range(2)]
