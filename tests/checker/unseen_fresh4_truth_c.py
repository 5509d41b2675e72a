"""Independent truth for the fresh4 unseen set, notes 4-5 (see unseen_fresh4_truth.py):
LeNet-5 counts against torch modules, and the two-layer network's chain rule against
torch autograd; full convolutions from scipy.signal (convolve2d flips, correlate2d does not).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d, correlate2d
from unseen_fresh4_truth import (
    F64,
    Truth,
    arith,
    at,
    close,
    conv_out,
    named,
    params,
    tensor,
    trials,
)

# --- lenet5_exam_answers.md: LeNet-5 on 32x32x1; C1 gradients 1-based; F6 column vectors


def _lenet() -> torch.nn.Module:
    """LeNet-5 as the exam states it: full C3, C5 as a 5x5 conv, pooling without weights."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5),
        torch.nn.Tanh(),
        torch.nn.AvgPool2d(2),
        torch.nn.Conv2d(6, 16, 5),
        torch.nn.Tanh(),
        torch.nn.AvgPool2d(2),
        torch.nn.Conv2d(16, 120, 5),
        torch.nn.Tanh(),
        torch.nn.Flatten(),
        torch.nn.Linear(120, 84),
        torch.nn.Tanh(),
        torch.nn.Linear(84, 10),
    )


def _c1(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(32, 32)), r.normal(size=(6, 1, 5, 5)), r.normal(size=6)
    g = r.normal(size=(6, 28, 28))
    xt, wt, bt = tensor(x[None, None]), tensor(w), tensor(b)
    (F.conv2d(xt, wt, bt) * torch.tensor(g[None], dtype=F64)).sum().backward()
    return {"x": x, "g": g, "dw": wt.grad.numpy()[:, 0], "db": bt.grad.numpy()}


def _c1_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]  # 1-based u, v: x_{i+u-1, j+v-1} is x[i+u-2] with 1-based i
    rhs = [
        [
            [np.sum(g[f] * x[u - 1 : u - 1 + 28, q - 1 : q - 1 + 28]) for q in range(1, 6)]
            for u in range(1, 6)
        ]
        for f in range(6)
    ]
    return close(lambda: v["dw"], lambda: rhs)


def _pool_tanh(r: np.random.Generator) -> bool:
    z, gp = r.normal(size=(6, 28, 28)), r.normal(size=(6, 14, 14))
    zt = tensor(z)
    a = torch.tanh(zt)
    (F.avg_pool2d(a[None], 2)[0] * torch.tensor(gp, dtype=F64)).sum().backward()
    a_ = np.tanh(z)
    rhs = [
        [
            [
                (1 - a_[f, i - 1, j - 1] ** 2)
                * at(gp, f, math.ceil(i / 2) - 1, math.ceil(j / 2) - 1)
                for j in range(1, 29)
            ]
            for i in range(1, 29)
        ]
        for f in range(6)
    ]
    return close(lambda: zt.grad.numpy(), lambda: rhs)


def _f6(r: np.random.Generator) -> dict:
    w, b, a, d = r.normal(size=(84, 120)), r.normal(size=84), r.normal(size=120), r.normal(size=84)
    wt, bt, at_ = tensor(w), tensor(b), tensor(a)
    (F.linear(at_, wt, bt) * torch.tensor(d, dtype=F64)).sum().backward()
    return {
        "w": w,
        "a": a,
        "d": d,
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
        "da": at_.grad.numpy(),
    }


def _f6_check(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_f6(r)), 420)


def _tanh_prime(r: np.random.Generator) -> bool:
    z = tensor(r.normal(size=50))
    torch.tanh(z).sum().backward()
    return close(lambda: z.grad.numpy(), lambda: 1 - np.tanh(z.detach().numpy()) ** 2)


LENET: dict[tuple[str, int, int], Truth] = {
    ("lenet5_exam_answers", 9, 1): lambda: (
        named(params(torch.nn.Conv2d(1, 6, 5)), 6 * (5 * 5 + 1)) + arith(6 * (5 * 5 + 1), 156)
    ),
    ("lenet5_exam_answers", 11, 1): lambda: named(
        params(torch.nn.Conv2d(6, 16, 5)), 16 * (5 * 5 + 1)
    ),
    ("lenet5_exam_answers", 13, 1): lambda: (
        named(params(torch.nn.Conv2d(16, 120, 5)), 120 * (5 * 5 * 16 + 1))
        + arith(120 * (5 * 5 * 16 + 1), 48120)
    ),
    ("lenet5_exam_answers", 14, 1): lambda: named(params(torch.nn.Linear(120, 84)), 84 * 120),
    ("lenet5_exam_answers", 15, 1): lambda: (
        named(params(torch.nn.Linear(84, 10)), 10 * (84 + 1)) + arith(10 * (84 + 1), 850)
    ),
    ("lenet5_exam_answers", 17, 1): lambda: named(
        params(_lenet()), 156 + 416 + 48120 + 10080 + 850
    ),
    ("lenet5_exam_answers", 17, 2): lambda: arith(156 + 416 + 48120 + 10080 + 850, 59622),
    ("lenet5_exam_answers", 23, 1): lambda: (
        named(conv_out(32, 5, 1, 0), 32 - 5 + 1) + arith(32 - 5 + 1, 28)
    ),
    ("lenet5_exam_answers", 23, 2): lambda: (
        named(conv_out(14, 5, 1, 0), 14 - 5 + 1) + arith(14 - 5 + 1, 10)
    ),
    ("lenet5_exam_answers", 25, 1): lambda: named(conv_out(32, 5, 1, 2), 32 + 2 - 5 + 1),
    ("lenet5_exam_answers", 35, 1): lambda: trials(
        lambda r: (lambda v: close(lambda: v["db"], lambda: v["g"].sum(axis=(1, 2))))(_c1(r)), 400
    ),
    ("lenet5_exam_answers", 37, 1): lambda: trials(lambda r: _c1_dw(_c1(r)), 405),
    ("lenet5_exam_answers", 39, 1): lambda: trials(_tanh_prime, 410),
    ("lenet5_exam_answers", 41, 1): lambda: trials(_pool_tanh, 415),
    ("lenet5_exam_answers", 47, 1): _f6_check(
        lambda v: close(lambda: v["dw"], lambda: np.outer(v["a"], v["d"]))
    ),
    ("lenet5_exam_answers", 49, 1): _f6_check(
        lambda v: close(lambda: v["db"], lambda: np.ones(84) @ v["d"])
    ),
    ("lenet5_exam_answers", 51, 1): _f6_check(
        lambda v: close(lambda: v["da"], lambda: v["w"].T @ v["d"])
    ),
}


# --- lecture11_two_layer_chain.md: 6x6 -> conv 3x3 -> 4x4 -> ReLU -> avg pool 2 -> 2x2 ->
# flatten (row-major) -> dense 3x4 -> softmax cross-entropy; 1-based as written


def _net(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(6, 6)), r.normal(size=(3, 3)), r.normal()
    w3, b3, label = r.normal(size=(3, 4)), r.normal(size=3), int(r.integers(3))
    xt, wt, bt, w3t, b3t = (tensor(a) for a in (x, w, np.array([b]), w3, b3))
    z1 = F.conv2d(xt[None, None], wt[None, None], bt)[0, 0]
    a1 = torch.relu(z1)
    a2 = F.avg_pool2d(a1[None, None], 2)[0, 0]
    v = a2.reshape(4)  # row by row, as the note flattens
    z3 = w3t @ v + b3t
    for t in (z1, a1, a2, z3):
        t.retain_grad()
    F.cross_entropy(z3[None], torch.tensor([label])).backward()
    y = np.eye(3)[label]
    num = {
        name: t.detach().numpy()
        for name, t in (("z1", z1), ("a1", a1), ("a2", a2), ("v", v), ("z3", z3))
    }
    grads = {
        "d" + name: t.grad.numpy()
        for name, t in (
            ("z1", z1),
            ("a1", a1),
            ("a2", a2),
            ("z3", z3),
            ("x", xt),
            ("w", wt),
            ("w3", w3t),
        )
    }
    yhat = np.exp(num["z3"]) / np.exp(num["z3"]).sum()
    return {"x": x, "w": w, "b": b, "w3": w3, "y": y, "yhat": yhat, **num, **grads}


def _nt(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_net(r)), 500)


def _nt_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    return close(
        lambda: v["z1"],
        lambda: [
            [
                sum(
                    at(w, m - 1, n - 1) * at(x, i + m - 2, j + n - 2)
                    for m in range(1, 4)
                    for n in range(1, 4)
                )
                + v["b"]
                for j in range(1, 5)
            ]
            for i in range(1, 5)
        ],
    )


def _nt_pool(v: dict) -> bool:
    a1 = v["a1"]  # 1-based bounds as written: i from 2p to 2p+1
    return close(
        lambda: v["a2"],
        lambda: [
            [
                0.25
                * sum(
                    at(a1, i - 1, j - 1)
                    for i in range(2 * p, 2 * p + 2)
                    for j in range(2 * q, 2 * q + 2)
                )
                for q in range(1, 3)
            ]
            for p in range(1, 3)
        ],
    )


def _nt_da2(swap: bool) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        d3, w3 = v["dz3"], v["w3"]

        def entry(k: int, col: int) -> float:  # 1-based k in 1..3, col in 1..4
            return at(w3, col - 1, k - 1) if swap else at(w3, k - 1, col - 1)

        return close(
            lambda: v["da2"],
            lambda: [
                [
                    sum(d3[k - 1] * entry(k, 2 * (p - 1) + q) for k in range(1, 4))
                    for q in range(1, 3)
                ]
                for p in range(1, 3)
            ],
        )

    return check


def _nt_da1(v: dict) -> bool:
    return close(
        lambda: v["da1"],
        lambda: [
            [0.25 * at(v["da2"], math.ceil(i / 2) - 1, math.ceil(j / 2) - 1) for j in range(1, 5)]
            for i in range(1, 5)
        ],
    )


def _nt_dw(v: dict) -> bool:
    x, d1 = v["x"], v["dz1"]
    return close(
        lambda: v["dw"],
        lambda: [
            [
                sum(
                    at(d1, i - 1, j - 1) * at(x, i + m - 2, j + n - 2)
                    for i in range(1, 5)
                    for j in range(1, 5)
                )
                for n in range(1, 4)
            ]
            for m in range(1, 4)
        ],
    )


def _nt_chain(v: dict) -> bool:
    """The composed formula as written (no 1/4)."""
    x, z1, d3, w3 = v["x"], v["z1"], v["dz3"], v["w3"]

    def rhs(m: int, n: int) -> float:
        total = 0.0
        for i in range(1, 5):
            for j in range(1, 5):
                col = 2 * (math.ceil(i / 2) - 1) + math.ceil(j / 2)
                back = sum(d3[k - 1] * at(w3, k - 1, col - 1) for k in range(1, 4))
                total += float(z1[i - 1, j - 1] > 0) * at(x, i + m - 2, j + n - 2) * back
        return total

    return close(lambda: v["dw"], lambda: [[rhs(m, n) for n in range(1, 4)] for m in range(1, 4)])


LECTURE: dict[tuple[str, int, int], Truth] = {
    ("lecture11_two_layer_chain", 15, 1): lambda: named(
        params(torch.nn.Conv2d(1, 1, 3)) + params(torch.nn.Linear(4, 3)), 3 * 3 + 1 + 3 * 4
    ),
    ("lecture11_two_layer_chain", 15, 2): lambda: arith(3 * 3 + 1 + 3 * 4, 22),
    ("lecture11_two_layer_chain", 19, 1): _nt(_nt_forward),
    ("lecture11_two_layer_chain", 21, 1): _nt(_nt_pool),
    ("lecture11_two_layer_chain", 27, 1): _nt(
        lambda v: close(lambda: v["dz3"], lambda: v["yhat"] - v["y"])
    ),
    ("lecture11_two_layer_chain", 29, 1): _nt(
        lambda v: close(lambda: v["dz3"], lambda: v["y"] - v["yhat"])
    ),
    ("lecture11_two_layer_chain", 31, 1): _nt(
        lambda v: close(lambda: v["dw3"], lambda: np.outer(v["dz3"], v["v"]))
    ),
    ("lecture11_two_layer_chain", 35, 1): _nt(_nt_da2(swap=True)),
    ("lecture11_two_layer_chain", 39, 1): _nt(_nt_da1),
    ("lecture11_two_layer_chain", 43, 1): _nt(
        lambda v: close(lambda: v["dz1"], lambda: v["da1"] * (v["a1"] > 0))
    ),
    ("lecture11_two_layer_chain", 47, 1): _nt(_nt_dw),
    ("lecture11_two_layer_chain", 51, 1): _nt(
        lambda v: close(lambda: v["dx"], lambda: convolve2d(v["dz1"], v["w"], mode="full"))
    ),
    ("lecture11_two_layer_chain", 53, 1): _nt(
        lambda v: close(lambda: v["dx"], lambda: correlate2d(v["dz1"], v["w"], mode="full"))
    ),
    ("lecture11_two_layer_chain", 59, 1): _nt(_nt_chain),
}


NOTES_C: dict[tuple[str, int, int], Truth] = {**LENET, **LECTURE}
