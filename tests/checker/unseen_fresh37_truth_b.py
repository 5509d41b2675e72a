"""Independent truth for the fresh37 unseen set, notes revisao_pr_87_backward_camada_densa,
prova2_resolucao_tamanhos_pooling, midterm2_solutions_two_channel_by_hand and
forenantwort_softmax_kreuzentropie_batch (see unseen_fresh37_truth.py for the conventions).
Sizes come from torch's own layers (conv2d, max_pool2d, avg_pool2d, conv_transpose2d);
gradients from autograd. A number written to three decimals agrees when it is the rounded value.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
from unseen_fresh32_truth_b import k_eff
from unseen_fresh37_truth import NB, Claims, D, M, dense, dense_rows, pool_side, softmax
from unseen_truth_base import (
    Truth,
    agree,
    at,
    conv,
    conv_out,
    corr,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)


def rounded(value: object, written: object, decimals: int = 3) -> bool:
    """The written numbers are the values rounded to the given decimals."""
    a, b = np.asarray(value, dtype=np.float64), np.asarray(written, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 0.5 * 10.0**-decimals + 1e-12))


def xent_grad(z: np.ndarray, label: np.ndarray) -> np.ndarray:
    """The gradient of torch's mean cross-entropy over the rows of z."""
    zt = t64(z, True)
    F.cross_entropy(zt, torch.tensor(label)).backward()
    return zt.grad.numpy()


# --- revisao_pr_87_backward_camada_densa.md (Portuguese code review): rows, Y = XW + b, 1-based

REV = "revisao_pr_87_backward_camada_densa"
_RX = np.array([[1.0, 2, 0], [0, 1, -1]])
_RW = np.array([[1.0, 0], [2, -1], [0, 3]])
_RB = np.array([1.0, -1])
_RG = np.array([[1.0, 0], [-1, 2]])


def _rv(rel: Callable[[dict], bool], seed: int) -> Truth:
    """On the review's own numbers and on random ones of another batch size."""
    own = dense(_RX, _RW, _RB, _RG)
    rand = trials(lambda r: rel(dense_rows(r)), seed)
    return lambda: [agree(lambda: rel(own)), *rand()]


_RV = dense(_RX, _RW, _RB, _RG)
_Z = np.array([2.0, 1, 0])
_P = softmax(_Z)


def _rv_dp(r: np.random.Generator) -> bool:
    """l = -sum y log p; dl/dp_k against -1/p_k for every k."""
    p, label = softmax(r.normal(size=3)), int(r.integers(0, 3))
    pt = t64(p, True)
    (-torch.log(pt[label])).backward()
    return same(pt.grad.numpy(), -1 / p)


def _rv_batch(dw: bool) -> Callable[[np.random.Generator], bool]:
    """Z = XW + b on 4 rows, mean cross-entropy: dL/dZ = (P - Y)/4, and dL/dW = X^T (P - Y)."""

    def rel(r: np.random.Generator) -> bool:
        x, w, b = r.normal(size=(NB, D)), r.normal(size=(D, 3)), r.normal(size=3)
        label = r.integers(0, 3, size=NB)
        xt, wt = t64(x, True), t64(w, True)
        z = xt @ wt + t64(b)
        z.retain_grad()
        F.cross_entropy(z, torch.tensor(label)).backward()
        diff = softmax(z.detach().numpy()) - np.eye(3)[label]
        if dw:
            return same(wt.grad.numpy(), x.T @ diff)
        return same(z.grad.numpy(), diff / 4)

    return rel


REV_CLAIMS: Claims = {
    (REV, 19, 2): single(lambda: same(_RX @ _RW + _RB, [[6, -3], [3, -5]])),
    (REV, 27, 1): _rv(lambda v: same(v["dw"], v["x"].T @ v["g"]), 3930),
    (REV, 27, 2): single(lambda: same(_RX.T @ _RG, [[1, 0], [1, 2], [1, -2]])),
    (REV, 29, 1): _rv(lambda v: same(v["db"], v["g"] @ np.ones(v["g"].shape[1])), 3940),
    (REV, 29, 2): _rv(lambda v: same(v["db"], v["g"].T @ np.ones(v["g"].shape[0])), 3950),
    (REV, 29, 3): single(lambda: same(_RG.T @ np.ones(2), [0, 2])),
    (REV, 33, 1): _rv(lambda v: same(v["dx"], v["g"] @ v["w"].T), 3960),
    (REV, 33, 2): single(lambda: same(_RG @ _RW.T, [[1, 2, 0], [-1, -3, 6]])),
    (REV, 37, 1): _rv(
        lambda v: same(
            v["dw"],
            [
                [sum(v["x"][n, d] * v["g"][n, m] for n in range(len(v["x"]))) for m in range(M)]
                for d in range(D)
            ],
        ),
        3970,
    ),
    (REV, 37, 2): _rv(
        lambda v: same(
            v["dx"],
            [
                [sum(v["g"][n, m] * at(v["w"], m, d) for m in range(M)) for d in range(D)]
                for n in range(len(v["x"]))
            ],
        ),
        3980,
    ),
    (REV, 43, 4): single(lambda: rounded(_P, [0.665, 0.245, 0.090])),
    (REV, 43, 6): single(lambda: rounded(-math.log(_P[1]), 1.408)),
    (REV, 45, 1): lambda: [same(xent_grad(_Z[None], np.array([1]))[0], _P - [0, 1, 0])],
    (REV, 45, 2): single(lambda: rounded(_P - [0, 1, 0], [0.665, -0.755, 0.090])),
    (REV, 47, 1): trials(_rv_dp, 3990),
    (REV, 49, 2): trials(_rv_batch(dw=False), 4000),
    (REV, 49, 4): trials(_rv_batch(dw=True), 4010),
}


# --- prova2_resolucao_tamanhos_pooling.md (Portuguese exam solution): H, K, S, P, D, floors

PROVA = "prova2_resolucao_tamanhos_pooling"


def _tconv_rule(h: int, k: int, s: int, p: int, a: int, d: int) -> bool:
    return tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1


_TCONV_SIZES = [
    (h, k, s, p, a, d)
    for h, k, s, p, d in itertools.product(range(1, 7), (1, 2, 3), (1, 2, 3), (0, 1), (1, 2))
    for a in range(max(s, d))
    if (h - 1) * s - 2 * p + d * (k - 1) + a + 1 > 0
]


def _never_read(h: int, k: int, s: int) -> int:
    """Inputs that no pooling window covers: zero gradient under an all-ones average pool."""
    xt = t64(np.ones((1, 1, h, h)), True)
    F.avg_pool2d(xt, k, s).sum().backward()
    return int((xt.grad == 0).sum())


PROVA_CLAIMS: Claims = {
    (PROVA, 9, 1): grid(
        lambda h, k, s, p, d: conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1,
        [
            (h, k, s, p, d)
            for h, k, s, p, d in itertools.product(
                range(2, 12), (1, 2, 3), (1, 2, 3), (0, 1, 2), (1, 2, 3)
            )
            if h + 2 * p >= d * (k - 1) + 1
        ],
    ),
    (PROVA, 11, 1): grid(
        lambda k, d: k_eff(k, d) == d * k, [(k, d) for k in (2, 3, 5) for d in (2, 3)]
    ),
    (PROVA, 13, 2): grid(
        lambda h, k, d: conv_out(h, k, 1, (k - 1) // 2, d) == h,
        [(h, k, d) for h in (9, 12, 16) for k in (3, 5) for d in (2, 3)],
    ),
    (PROVA, 15, 3): grid(
        lambda h, k: conv_out(h, k, 2, (k - 1) // 2) == math.ceil(h / 2),
        [(h, k) for h in range(3, 20) for k in (1, 3, 5, 7)],
    ),
    (PROVA, 21, 1): equal(conv_out(227, 11, 4), (227 - 11) // 4 + 1),
    (PROVA, 25, 1): equal(conv_out(224, 11, 4), (224 - 11) // 4 + 1),
    (PROVA, 25, 2): equal((224 - 11) // 4 + 1, 55),
    (PROVA, 27, 1): lambda: [
        params(torch.nn.Conv2d(3, 96, 11)) == 96 * (11 * 11 * 3 + 1),
        96 * (11 * 11 * 3 + 1) == 34944,
    ],
    (PROVA, 29, 1): equal(pool_side(55, 3, 2), 27),
    (PROVA, 33, 1): equal(pool_side(13, 2, 2), 6),
    (PROVA, 33, 2): equal(pool_side(13, 2, 2, ceil=True), 7),
    (PROVA, 35, 1): equal(_never_read(13, 2, 2), 2 * 13),
    (PROVA, 35, 2): equal(2 * 13, 26),
    (PROVA, 37, 6): equal(conv_out(32, 3, 1, 1, 2), 32),
    (PROVA, 41, 1): grid(_tconv_rule, _TCONV_SIZES),
    (PROVA, 43, 1): equal(tconv_out(16, 3, 2, 1), 2 * 16),
    (PROVA, 43, 2): equal(2 * 16, 32),
    (PROVA, 45, 1): lambda: [
        params(torch.nn.ConvTranspose2d(64, 32, 3)) == 64 * 32 * 9 + 32,
        64 * 32 * 9 + 32 == 18464,
    ],
}


# --- midterm2_solutions_two_channel_by_hand.md (English exam solution): two-channel 3x3 X, 2x2
# kernels, b = 1, 1-based, cross-correlation; w zero outside 1..2 where the solution says so

MID = "midterm2_solutions_two_channel_by_hand"
_MX = np.array([[[1.0, 0, 2], [3, 1, 0], [0, 2, 1]], [[0.0, 1, 1], [2, 0, 1], [1, 1, 0]]])
_MW = np.array([[[1.0, -1], [0, 2]], [[2.0, 0], [1, -1]]])
_MG = np.array([[1.0, -1], [2, 0]])


def _two_channel(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    t = conv(x[None], w[None], np.array([b]), g[None, None])
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "z": t["z"][0, 0],
        "dx": t["dx"][0],
        "dw": t["dw"][0],
        "db": float(t["db"][0]),
    }


_MV = _two_channel(_MX, _MW, 1.0, _MG)


def _md(rel: Callable[[dict], bool], seed: int) -> Truth:
    def make(r: np.random.Generator) -> dict:
        return _two_channel(
            r.normal(size=(2, 3, 3)), r.normal(size=(2, 2, 2)), r.normal(), r.normal(size=(2, 2))
        )

    own = trials(lambda r: rel(make(r)), seed)
    return lambda: [agree(lambda: rel(_MV)), *own()]


def _md_forward(v: dict) -> bool:
    x, w, b = v["x"], v["w"], v["b"]
    rhs = [
        [
            b
            + sum(
                w[c, u - 1, t - 1] * at(x, c, i + u - 2, j + t - 2)
                for c in range(2)
                for u in (1, 2)
                for t in (1, 2)
            )
            for j in (1, 2)
        ]
        for i in (1, 2)
    ]
    return same(v["z"], rhs)


def _md_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [
        [
            [
                sum(
                    g[i - 1, j - 1] * at(x, c, i + u - 2, j + t - 2) for i in (1, 2) for j in (1, 2)
                )
                for t in (1, 2)
            ]
            for u in (1, 2)
        ]
        for c in range(2)
    ]
    return same(v["dw"], rhs)


def _md_dx(v: dict) -> bool:
    w, g = v["w"], v["g"]  # w^(c)_{p-i+1, q-j+1} (1-based) is w[c, p-i, q-j] 0-based, zero outside
    rhs = [
        [
            [
                sum(g[i - 1, j - 1] * zat(w[c], p - i, q - j) for i in (1, 2) for j in (1, 2))
                for q in (1, 2, 3)
            ]
            for p in (1, 2, 3)
        ]
        for c in range(2)
    ]
    return same(v["dx"], rhs)


_Z11 = 1 + (1 * 1 + 0 * (-1) + 3 * 0 + 1 * 2) + (0 * 2 + 1 * 0 + 2 * 1 + 0 * (-1))
_Z12 = 1 + (0 * 1 + 2 * (-1) + 1 * 0 + 0 * 2)  # channel 2 left out, as written
_M37 = 1 * 2 + (-1) * 0 + 2 * 1 + 0 * (-1)  # g11 w11 + g12 w12 + g21 w21 + g22 w22 of W^(2)

MID_CLAIMS: Claims = {
    (MID, 9, 1): _md(_md_forward, 4020),
    (MID, 11, 1): single(lambda: math.isclose(_MV["z"][0, 0], _Z11)),
    (MID, 11, 2): equal(_Z11, 6),
    (MID, 13, 1): single(lambda: math.isclose(_MV["z"][0, 1], _Z12)),
    (MID, 13, 2): equal(_Z12, -1),
    (MID, 15, 1): single(lambda: same(_MV["z"], [[6, -1], [11, 5]])),
    (MID, 21, 1): _md(lambda v: math.isclose(v["db"], v["g"].sum() / 4), 4030),
    (MID, 21, 2): equal((1 - 1 + 2 + 0) / 4, 0.5),
    (MID, 23, 1): _md(_md_dw, 4040),
    (MID, 25, 1): single(lambda: same(_MV["dw"][0], [[7, 0], [2, 5]])),
    (MID, 25, 2): single(lambda: same(_MV["dw"][1], [[1, 4], [0, 3]])),
    (MID, 29, 1): _md(_md_dx, 4050),
    (MID, 31, 1): _md(
        lambda v: same(v["dx"], [corr(pad(v["g"], 1), rot180(v["w"][c])) for c in range(2)]), 4060
    ),
    (MID, 33, 1): single(lambda: same(_MV["dx"][0], [[1, -2, 1], [2, 0, -2], [0, 4, 0]])),
    (MID, 37, 1): single(lambda: math.isclose(_MV["dx"][1, 1, 1], _M37)),
    (MID, 37, 2): equal(_M37, 4),
    (MID, 39, 1): single(lambda: same(_MV["dx"][1], [[2, -2, 0], [5, 4, 1], [2, -2, 0]])),
}


# --- forenantwort_softmax_kreuzentropie_batch.md (German forum answer): z_1 = (ln 4, ln 2, ln 2)
# class 3, z_2 = 0 class 1, mean loss; nn.Linear(2, 3) rows Z = H W^T + 1 b^T, the given H

FORUM_DE = "forenantwort_softmax_kreuzentropie_batch"
_Z1 = np.log([4.0, 2, 2])
_Z2 = np.zeros(3)
_ZB = np.stack([_Z1, _Z2])
_LB = np.array([2, 0])  # classes 3 and 1, 0-based
_H = np.array([[1.0, 0], [2, 1]])


def _jac(z: np.ndarray) -> np.ndarray:
    """J[j, k] = dp_j / dz_k of torch's softmax."""
    return torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), t64(z)).numpy()


def _fd_jacobian(r: np.random.Generator) -> bool:
    z = r.normal(size=3)
    p = softmax(z)
    return same(_jac(z), [[p[j] * ((j == k) - p[k]) for k in range(3)] for j in range(3)])


def _fd_chain(link: int) -> Callable[[np.random.Generator], bool]:
    def rel(r: np.random.Generator) -> bool:
        z, label = r.normal(size=3), int(r.integers(0, 3))
        p, y = softmax(z), np.eye(3)[label]
        middle = [-sum(y[j] / p[j] * p[j] * ((j == k) - p[k]) for j in range(3)) for k in range(3)]
        if link == 1:
            return same(xent_grad(z[None], np.array([label]))[0], middle)
        return same(middle, p - y)

    return rel


def _fd_linear(r: np.random.Generator) -> dict:
    h, w, b = r.normal(size=(4, 2)), r.normal(size=(3, 2)), r.normal(size=3)
    label = r.integers(0, 3, size=4)
    ht, wt, bt = t64(h, True), t64(w, True), t64(b, True)
    z = ht @ wt.T + bt
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(label)).backward()
    return {
        "h": h,
        "w": w,
        "dz": z.grad.numpy(),
        "dh": ht.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _fd(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_fd_linear(r)), seed)


def _fd_note_dw() -> np.ndarray:
    """nn.Linear(2, 3) with weights chosen so that H W^T = the note's logits (b = 0)."""
    w = np.linalg.solve(_H, _ZB).T
    ht, wt = t64(_H), t64(w, True)
    F.cross_entropy(ht @ wt.T, torch.tensor(_LB)).backward()
    return wt.grad.numpy()


def _fd_temperature(r: np.random.Generator) -> bool:
    z, label = r.normal(size=3), int(r.integers(0, 3))
    temp = (2.0, 0.5, 3.0)[int(r.integers(0, 3))]
    zt = t64(z, True)
    F.cross_entropy((zt / temp)[None], torch.tensor([label])).backward()
    return same(zt.grad.numpy(), softmax(z / temp) - np.eye(3)[label])


_DZ = xent_grad(_ZB, _LB)
_P1 = softmax(_Z1)

FORUM_DE_CLAIMS: Claims = {
    (FORUM_DE, 7, 3): trials(_fd_jacobian, 4070),
    (FORUM_DE, 9, 1): trials(_fd_chain(1), 4080),
    (FORUM_DE, 9, 2): trials(_fd_chain(2), 4090),
    (FORUM_DE, 11, 2): single(lambda: same(softmax(_Z1), [1 / 2, 1 / 4, 1 / 4])),
    (FORUM_DE, 11, 3): single(
        lambda: math.isclose(F.cross_entropy(t64(_Z1[None]), torch.tensor([2])).item(), math.log(4))
    ),
    (FORUM_DE, 13, 1): single(
        lambda: same(xent_grad(_Z1[None], np.array([2]))[0], [1 / 2, 1 / 4, -3 / 4])
    ),
    (FORUM_DE, 15, 2): single(lambda: same(softmax(_Z2), [1 / 3] * 3)),
    (FORUM_DE, 15, 3): single(
        lambda: same(xent_grad(_Z2[None], np.array([0]))[0], [2 / 3, -1 / 3, -1 / 3])
    ),
    (FORUM_DE, 19, 1): single(lambda: same(_DZ, [[1 / 2, 1 / 4, -3 / 4], [-2 / 3, 1 / 3, 1 / 3]])),
    (FORUM_DE, 23, 1): _fd(lambda v: same(v["dw"], v["dz"].T @ v["h"]), 4100),
    (FORUM_DE, 23, 2): _fd(lambda v: same(v["dh"], v["dz"] @ v["w"].T), 4110),
    (FORUM_DE, 23, 3): _fd(lambda v: same(v["db"], v["dz"].T @ np.ones(4)), 4120),
    (FORUM_DE, 25, 1): _fd(lambda v: math.isclose(v["db"].sum(), 0, abs_tol=1e-12), 4130),
    (FORUM_DE, 27, 2): single(lambda: math.isclose(_fd_note_dw()[0, 0], _DZ[0, 0] * _H[0, 0])),
    (FORUM_DE, 27, 3): single(lambda: math.isclose(_DZ[0, 0] * _H[0, 0], 1 / 4)),
    (FORUM_DE, 31, 1): single(lambda: math.isclose(_jac(_Z1)[0, 1], _P1[0] * _P1[1])),
    (FORUM_DE, 31, 2): equal(1 / 2 * 1 / 4, 1 / 8),
    (FORUM_DE, 32, 2): trials(_fd_temperature, 4140),
}

NOTES_B: Claims = {**REV_CLAIMS, **PROVA_CLAIMS, **MID_CLAIMS, **FORUM_DE_CLAIMS}
