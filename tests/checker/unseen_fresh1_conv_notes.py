"""Truth of the claims of the fresh1 notes apuntes_conv_backprop and blog_minibatch_channels."""

from __future__ import annotations

import math

import numpy as np
import torch
import unseen_fresh1_base as tb
from unseen_fresh1_base import claim

# ---- note 1 (5x5, 3x3, stride 1)
N1 = "apuntes_conv_backprop"


def n1() -> dict[str, np.ndarray]:
    x, k, b = tb.rnd(1, 5, 5), tb.rnd(2, 3, 3), tb.rnd(3, 1)
    r = tb.conv(x[None, None], k[None, None], b, 4)
    return {
        "X": x,
        "K": k,
        "b": b,
        "Y": r["y"][0, 0],
        "d": r["g"][0, 0],
        "dX": r["dx"][0, 0],
        "dK": r["dw"][0, 0],
        "db": r["db"],
    }


@claim(N1, 9)
def _n1_hout() -> list[bool]:
    return [n1()["Y"].shape[0] == 5 - 3 + 1]


@claim(N1, 17)
def _n1_fwd() -> list[bool]:
    v = n1()
    rhs = [
        [
            v["b"][0] + sum(v["X"][i + m, j + n] * v["K"][m, n] for m in range(3) for n in range(3))
            for j in range(3)
        ]
        for i in range(3)
    ]
    return [tb.same(v["Y"], rhs)]


@claim(N1, 19)
def _n1_fwd_op() -> list[bool]:
    v = n1()
    return [tb.same(v["Y"], tb.corr(v["X"], v["K"]) + v["b"][0])]


@claim(N1, 23)
def _n1_y12() -> list[bool]:
    v = n1()
    rhs = v["b"][0] + sum(v["X"][m + 2, n + 1] * v["K"][m, n] for m in range(3) for n in range(3))
    return [tb.same(v["Y"][1, 2], rhs)]


@claim(N1, 29)
def _n1_dk() -> list[bool]:
    v = n1()
    rhs = [
        [
            sum(v["d"][i, j] * v["X"][i + m, j + n] for i in range(3) for j in range(3))
            for n in range(3)
        ]
        for m in range(3)
    ]
    return [tb.same(v["dK"], rhs)]


@claim(N1, 31)
def _n1_dk_op() -> list[bool]:
    v = n1()
    return [tb.same(v["dK"], tb.corr(v["X"], v["d"]))]


@claim(N1, 33)
def _n1_dk20() -> list[bool]:
    v = n1()
    rhs = sum(v["d"][i, j] * v["X"][i, j + 2] for i in range(3) for j in range(3))
    return [tb.same(v["dK"][2, 0], rhs)]


@claim(N1, 37)
def _n1_db() -> list[bool]:
    v = n1()
    return [tb.same(v["db"][0], v["d"].sum())]


@claim(N1, 43)
def _n1_dx() -> list[bool]:
    v = n1()
    rhs = [
        [
            sum(tb.atz(v["d"], p - m, q - n) * v["K"][m, n] for m in range(3) for n in range(3))
            for q in range(5)
        ]
        for p in range(5)
    ]
    return [tb.same(v["dX"], rhs)]


@claim(N1, 47)
def _n1_dx44() -> list[bool]:
    v = n1()
    return [tb.same(v["dX"][4, 4], v["d"][2, 2] * v["K"][0, 0])]


@claim(N1, 51)
def _n1_dx22() -> list[bool]:
    v = n1()
    return [tb.same(v["dX"][2, 2], np.sum(v["d"] * v["K"]))]


@claim(N1, 55)
def _n1_dx_op() -> list[bool]:
    v = n1()
    return [tb.same(v["dX"], tb.back(v["d"], v["K"], 2))]


@claim(N1, 57)
def _n1_dx_ast() -> list[bool]:
    v = n1()
    return [tb.same(v["dX"], tb.conv_true(tb.pad(v["d"], 2), tb.rot(v["K"])))]


@claim(N1, 63)
def _n1_relu() -> list[bool]:
    z, _, da, dz = tb.act_grad(torch.relu, (3, 3), 5)
    return [tb.same(dz, da * (z > 0))]


@claim(N1, 65)
def _n1_relu_a() -> list[bool]:
    _, a, da, dz = tb.act_grad(torch.relu, (3, 3), 5)
    return [tb.same(dz, da * a)]


@claim(N1, 69)
def _n1_sigmoid() -> list[bool]:
    z, _, da, dz = tb.act_grad(torch.sigmoid, (3, 3), 7)
    s = 1 / (1 + np.exp(-z))
    return [tb.same(dz, da * s * (1 - s))]


@claim(N1, 71)
def _n1_sigmoid_a2() -> list[bool]:
    _, a, da, dz = tb.act_grad(torch.sigmoid, (3, 3), 7)
    return [tb.same(dz, da * (1 - a**2))]


# ---- note 2 (N=2, C=3, 6x6, F=4, 3x3, p=1)
N2 = "blog_minibatch_channels"


def n2(stride: int = 1) -> dict[str, np.ndarray]:
    x, k, b = tb.rnd(11, 2, 3, 6, 6), tb.rnd(12, 4, 3, 3, 3), tb.rnd(13, 4)
    r = tb.conv(x, k, b, 14, stride=stride, padding=1)
    r.update(X=x, K=k, b=b, Xp=np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))))
    return r


@claim(N2, 13, 1)
def _n2_hout() -> list[bool]:
    return [n2()["y"].shape[2] == math.floor((6 + 2 * 1 - 3) / 1) + 1]


@claim(N2, 17)
def _n2_fwd() -> list[bool]:
    v = n2()
    rhs = np.zeros((2, 4, 6, 6))
    for n, f, i, j in np.ndindex(2, 4, 6, 6):
        rhs[n, f, i, j] = v["b"][f] + np.sum(v["K"][f] * v["Xp"][n, :, i : i + 3, j : j + 3])
    return [tb.same(v["y"], rhs)]


@claim(N2, 19)
def _n2_params() -> list[bool]:
    count = sum(p.numel() for p in torch.nn.Conv2d(3, 4, 3).parameters())
    return [4 * (3 * 3 * 3 + 1) == 116, count == 116]


def _n2_dk_sum(v: dict[str, np.ndarray]) -> np.ndarray:
    out = np.zeros((4, 3, 3, 3))
    for f in range(4):
        for c in range(3):
            out[f, c] = sum(tb.corr(v["Xp"][n, c], v["g"][n, f]) for n in range(2))
    return out


@claim(N2, 25)
def _n2_dk() -> list[bool]:
    v = n2()
    rhs = np.zeros((4, 3, 3, 3))
    for f, c, u, w in np.ndindex(4, 3, 3, 3):
        rhs[f, c, u, w] = sum(
            v["g"][n, f, i, j] * v["Xp"][n, c, i + u, j + w]
            for n in range(2)
            for i in range(6)
            for j in range(6)
        )
    return [tb.same(v["dw"], rhs), tb.same(v["dw"], _n2_dk_sum(v))]


@claim(N2, 27)
def _n2_db() -> list[bool]:
    v = n2()
    return [tb.same(v["db"], v["g"].sum(axis=(0, 2, 3)))]


@claim(N2, 31)
def _n2_dk_rot() -> list[bool]:
    v = n2()
    rhs = np.zeros((4, 3, 3, 3))
    for f in range(4):
        for c in range(3):
            rhs[f, c] = sum(tb.corr(v["Xp"][n, c], tb.rot(v["g"][n, f])) for n in range(2))
    return [tb.same(v["dw"], rhs)]


def _n2_dx_elem(v: dict[str, np.ndarray], sign: int) -> np.ndarray:
    out = np.zeros((2, 3, 6, 6))
    for n, c, p, q in np.ndindex(2, 3, 6, 6):
        out[n, c, p, q] = sum(
            tb.atz(v["g"], n, f, p - sign * (u - 1), q - sign * (w - 1)) * v["K"][f, c, u, w]
            for f in range(4)
            for u in range(3)
            for w in range(3)
        )
    return out


@claim(N2, 35)
def _n2_dx() -> list[bool]:
    v = n2()
    return [tb.same(v["dx"], _n2_dx_elem(v, -1))]  # the note's delta[n,f,p+u-1,q+v-1]


@claim(N2, 39)
def _n2_dx_op() -> list[bool]:
    v = n2()
    rhs = np.zeros((2, 3, 6, 6))
    for n in range(2):
        for c in range(3):
            rhs[n, c] = sum(tb.back(v["g"][n, f], v["K"][f, c], 1) for f in range(4))
    return [tb.same(v["dx"], rhs)]


@claim(N2, 43)
def _n2_db_per_sample() -> list[bool]:
    v = n2()
    return [tb.same(v["db"], v["g"][n].sum(axis=(1, 2))) for n in range(2)]


@claim(N2, 49)
def _n2_relu() -> list[bool]:
    z, _, da, dz = tb.act_grad(torch.relu, (2, 4, 6, 6), 15)
    return [tb.same(dz, da * (z > 0))]


@claim(N2, 51)
def _n2_relu_max() -> list[bool]:
    z, _, da, dz = tb.act_grad(torch.relu, (2, 4, 6, 6), 15)
    return [tb.same(dz, da * np.maximum(0, z))]


@claim(N2, 55, 1)
def _n2_hout_s2() -> list[bool]:
    return [n2(stride=2)["y"].shape[2] == math.floor((6 + 2 - 3) / 2) + 1]


@claim(N2, 55, 2)
def _n2_ceil_num() -> list[bool]:
    return [math.ceil(5 / 2) + 1 == 4]
