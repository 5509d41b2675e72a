"""Independent truth for the fresh18 unseen set, notes 4-7 (see unseen_fresh18_truth.py for
the conventions: one bool per trial or per size, an index outside a tensor or shapes that do
not fit count as disagreement; NumPy/torch only, no symconv)."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import product

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh18_truth import Claims, autograd, close, conv_out, fixed, params, randomized
from unseen_truth_base import at, corr, dilate, pad, rot180, same, zat

# --- lab_notebook_grouped_conv1d.md: grouped conv N=2, C=4, F=6, groups=2, 5x5, 3x3; conv1d L=10


def _grp(r: np.random.Generator) -> dict:
    x, w = r.normal(size=(2, 4, 5, 5)), r.normal(size=(6, 2, 3, 3))
    b, g = r.normal(size=6), r.normal(size=(2, 6, 3, 3))
    y, (dx, dw, _) = autograd(lambda x, w, b: F.conv2d(x, w, b, groups=2), [x, w, b], g)
    return {"x": x, "w": w, "b": b, "g": g, "y": y, "dx": dx, "dw": dw}


def _grp_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    return all(
        close(
            v["y"][n, f, i, j],
            v["b"][f]
            + sum(
                w[f, cc, u, vv] * at(x, n, 2 * (f // 3) + cc, i + u, j + vv)
                for cc, u, vv in product(range(2), range(3), range(3))
            ),
        )
        for n, f, i, j in product(range(2), range(6), range(3), range(3))
    )


def _grp_weight(w: np.ndarray, f: int, slot: int, u: int, v: int) -> float:
    if not (0 <= f < 6 and 0 <= slot < 2):
        raise IndexError((f, slot))
    return zat(w, f, slot, u, v)  # zero only outside the 3x3 support, as the notebook says


def _grp_dx(filters_of: str) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        g, w = v["g"], v["w"]
        for n, c, p, q in product(range(2), range(4), range(5), range(5)):
            fs = range(3 * (c // 2), 3 * (c // 2) + 3) if filters_of == "group" else range(6)
            rhs = sum(
                g[n, f, i, j] * _grp_weight(w, f, c % 2, p - i, q - j)
                for f, i, j in product(fs, range(3), range(3))
            )
            if not close(v["dx"][n, c, p, q], rhs):
                return False
        return True

    return check


def _grp_dw(group_of: str) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        g, x = v["g"], v["x"]
        for f, cc, u, vv in product(range(6), range(2), range(3), range(3)):
            grp = f // 3 if group_of == "floor" else f % 2
            rhs = sum(
                g[n, f, i, j] * at(x, n, 2 * grp + cc, i + u, j + vv)
                for n, i, j in product(range(2), range(3), range(3))
            )
            if not close(v["dw"][f, cc, u, vv], rhs):
                return False
        return True

    return check


def _c1(r: np.random.Generator) -> dict:
    x, w, b, g = r.normal(size=10), r.normal(size=3), r.normal(size=1), r.normal(size=5)
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    xp = F.pad(xt, (1, 1))
    xp.retain_grad()  # the gradient of the padded signal x~ as well as of x
    y = F.conv1d(xp[None, None], wt[None, None], torch.tensor(b), stride=2)[0, 0]
    (y * torch.tensor(g)).sum().backward()
    return {
        "xp": xp.detach().numpy(), "w": w, "g": g,
        "dx": xt.grad.numpy(), "dxp": xp.grad.numpy(), "dw": wt.grad.numpy(),  # type: ignore[union-attr]
    }  # fmt: skip


def _c1_dxp(stride: int) -> Callable[[dict], bool]:
    return lambda v: same(
        v["dxp"],
        [sum(v["g"][t] * zat(v["w"], s - stride * t) for t in range(5)) for s in range(12)],
    )


LAB = "lab_notebook_grouped_conv1d"
_GROUPED = params(torch.nn.Conv2d(4, 6, 3, groups=2))
LAB_NOTEBOOK: Claims = {
    (LAB, 13, 4): fixed(lambda: torch.nn.Conv2d(4, 6, 3, groups=2).weight.shape[1] == 4 / 2 == 2),
    (LAB, 15, 1): fixed(lambda: _GROUPED == 6 * 2 * 9 + 6),
    (LAB, 15, 2): fixed(lambda: 6 * 2 * 9 + 6 == 114),
    (LAB, 24, 1): fixed(lambda: params(torch.nn.Conv2d(4, 6, 3)) / 2 == _GROUPED),
    (LAB, 28, 1): randomized(_grp, _grp_forward, 400),
    (LAB, 32, 1): randomized(_grp, _grp_dx("group"), 410),
    (LAB, 34, 1): randomized(_grp, _grp_dx("all"), 420),
    (LAB, 38, 1): randomized(_grp, _grp_dw("floor"), 430),
    (LAB, 42, 1): randomized(_grp, _grp_dw("mod"), 440),
    (LAB, 54, 1): fixed(lambda: params(torch.nn.Conv2d(3, 3, 3, padding=1, groups=3)) == 3 * 9 + 3),
    (LAB, 54, 2): fixed(lambda: 3 * 9 + 3 == 30),
    (LAB, 67, 1): fixed(
        lambda: (
            F.conv1d(torch.zeros(1, 1, 10), torch.zeros(1, 1, 3), stride=2, padding=1).shape[-1]
            == (10 + 2 - 3) // 2 + 1
        )
    ),
    (LAB, 67, 2): fixed(lambda: (10 + 2 - 3) // 2 + 1 == 5),
    (LAB, 71, 1): randomized(
        _c1,
        lambda v: same(
            v["dw"], [sum(v["g"][t] * at(v["xp"], 2 * t + k) for t in range(5)) for k in range(3)]
        ),
        450,
    ),
    (LAB, 73, 1): randomized(_c1, _c1_dxp(2), 460),
    (LAB, 75, 1): randomized(_c1, _c1_dxp(1), 470),
    (LAB, 77, 1): randomized(
        _c1, lambda v: same(v["dx"], [at(v["dxp"], s + 1) for s in range(10)]), 480
    ),
    (LAB, 79, 1): randomized(
        _c1, lambda v: close(v["dx"][2], v["g"][1] * v["w"][1] + v["g"][0] * v["w"][2]), 490
    ),
}


# --- midterm2_mcq_answer_key.md: each question with its own sizes, 1-based

_MCQ_X = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]], dtype=float)
_MCQ_G = np.array([[1, -2], [3, 0.5]])


def _mcq_maxpool() -> tuple[np.ndarray, np.ndarray]:
    y, (dx,) = autograd(lambda x: F.max_pool2d(x[None, None], 2, 2)[0, 0], [_MCQ_X], _MCQ_G)
    return y, dx


def _avg(r: np.random.Generator) -> dict:
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    y, (dx,) = autograd(lambda x: F.avg_pool2d(x[None, None], 2, 2)[0, 0], [x], g)
    return {"x": x, "g": g, "y": y, "dx": dx}


def _mcq_b8(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=(4, 4)), r.normal(size=(2, 2)), r.normal(size=(3, 3))
    _, (_, dw) = autograd(lambda x, w: F.conv2d(x[None, None], w[None, None])[0, 0], [x, w], g)
    return {"x": x, "g": g, "dw": dw}


def _mcq_b8_sum(v: dict) -> bool:
    g, x = v["g"], v["x"]  # 1-based m, n, i, j: x_{i+m-1, j+n-1} is 0-based [i+m-2, j+n-2]
    rhs = [[sum(g[i - 1, j - 1] * at(x, i + m - 2, j + n - 2) for i in (1, 2, 3) for j in (1, 2, 3))
            for n in (1, 2)] for m in (1, 2)]  # fmt: skip
    return same(v["dw"], rhs)


def _effective_side(k: int, d: int) -> int:
    """Side covered by a dilated kernel: the input side that leaves exactly one output."""
    return 20 - conv_out(20, k, 1, 0, d) + 1


MCQ = "midterm2_mcq_answer_key"
MCQ_KEY: Claims = {
    (MCQ, 7, 1): fixed(lambda: 32 - 5 + 1 == 28 == conv_out(32, 5, 1, 0)),
    (MCQ, 11, 1): fixed(lambda: (7 + 2 - 3) // 2 + 1 == 4 == conv_out(7, 3, 2, 1)),
    (MCQ, 15, 1): fixed(lambda: conv_out(28, 5, 2, 2) == math.ceil(27 / 2) + 1),
    (MCQ, 15, 2): fixed(lambda: math.ceil(27 / 2) + 1 == 15),
    (MCQ, 19, 1): fixed(lambda: params(torch.nn.Conv2d(3, 16, 3)) == 16 * (3 * 3 + 1)),
    (MCQ, 19, 2): fixed(lambda: 16 * (3 * 3 + 1) == 160),
    (MCQ, 23, 1): fixed(lambda: params(torch.nn.Linear(400, 120)) == 400 * 120),
    (MCQ, 23, 2): fixed(lambda: 400 * 120 == 48000),
    (MCQ, 27, 2): fixed(lambda: same(_mcq_maxpool()[0], [[4, 5], [6, 3]])),
    (MCQ, 31, 1): fixed(
        lambda: same(_mcq_maxpool()[1], [[0, 0, 0, 0], [1, 0, 0, -2], [0, 0, 0.5, 0], [3, 0, 0, 0]])
    ),
    (MCQ, 37, 1): randomized(
        _avg,
        lambda v: same(
            v["dx"],
            [
                [v["g"][math.ceil(i / 2) - 1, math.ceil(j / 2) - 1] for j in range(1, 5)]
                for i in range(1, 5)
            ],
        ),
        500,
    ),
    (MCQ, 41, 1): randomized(_mcq_b8, _mcq_b8_sum, 510),
    (MCQ, 41, 2): randomized(_mcq_b8, lambda v: same(v["dw"], corr(v["x"], v["g"])), 520),
    # d(K-1)+1 against dK-1 over kernel sizes and dilations; they meet only at d = 2
    (MCQ, 45, 1): lambda: [
        _effective_side(k, d) == d * k - 1 for k, d in [(3, 2), (3, 3), (5, 2), (2, 4)]
    ],
    (MCQ, 45, 2): fixed(lambda: 2 * 3 - 1 == 5 == _effective_side(3, 2)),
}


# --- lecture12_pooling_activations_dense.md: 4x4 avg pool 2x2/2, ReLU, sigmoid, dense W 3x4


def _sigmoid_slope(z: np.ndarray) -> np.ndarray:
    return autograd(torch.sigmoid, [z], np.ones_like(z))[1][0]


def _dense(r: np.random.Generator) -> dict:
    w, x, b, d = r.normal(size=(3, 4)), r.normal(size=4), r.normal(size=3), r.normal(size=3)
    xs, ds = r.normal(size=(4, 5)), r.normal(size=(3, 5))  # a batch of m = 5 columns
    _, (dw, dx, _) = autograd(lambda w, x, b: w @ x + b, [w, x, b], d)
    _, (dwb, _) = autograd(lambda w, xs: w @ xs + torch.tensor(b)[:, None], [w, xs], ds)
    return {"w": w, "x": x, "d": d, "dw": dw, "dx": dx, "xs": xs, "ds": ds, "dw_batch": dwb}


def _sig(z: float) -> float:
    return 1 / (1 + math.exp(-z))


LEC = "lecture12_pooling_activations_dense"
LECTURE: Claims = {
    (LEC, 9, 1): randomized(
        _avg,
        lambda v: same(
            v["y"],
            [
                [
                    sum(v["x"][2 * i + a, 2 * j + b] for a in (0, 1) for b in (0, 1)) / 4
                    for j in (0, 1)
                ]
                for i in (0, 1)
            ],
        ),
        600,
    ),
    (LEC, 13, 1): randomized(
        _avg,
        lambda v: same(v["dx"], [[v["g"][p // 2, q // 2] for q in range(4)] for p in range(4)]),
        610,
    ),
    (LEC, 17, 1): fixed(
        lambda: same(
            autograd(
                lambda x: F.avg_pool2d(x[None, None], 2, 2)[0, 0],
                [np.zeros((4, 4))],
                np.array([[4, -8], [2, 0]]),
            )[1][0],
            [[1, 1, -2, -2], [1, 1, -2, -2], [0.5, 0.5, 0, 0], [0.5, 0.5, 0, 0]],
        )
    ),
    (LEC, 25, 1): fixed(
        lambda: same(
            autograd(torch.relu, [np.array([-1, 2, 0.5])], np.array([3, -1, 4]))[1][0], [0, -1, 4]
        )
    ),
    (LEC, 29, 1): randomized(
        lambda r: {"z": r.normal(size=6) * 3},
        lambda v: same(_sigmoid_slope(v["z"]), [_sig(z) * (1 - _sig(z)) for z in v["z"]]),
        620,
    ),
    (LEC, 31, 1): fixed(lambda: close(_sigmoid_slope(np.array([0.0]))[0], 0.5)),
    (LEC, 37, 1): randomized(_dense, lambda v: same(v["dw"], np.outer(v["d"], v["x"])), 630),
    (LEC, 41, 1): randomized(_dense, lambda v: same(v["dx"], v["w"] @ v["d"]), 640),
    (LEC, 45, 1): randomized(_dense, lambda v: same(v["dw_batch"], v["xs"] @ v["ds"].T), 650),
}


# --- my_transposed_conv_derivation.md: ConvTranspose2d 3x3 -> 5x5, 3x3 kernel, stride 2, padding 1


def _convt_out(h: int, s: int, p: int, k: int, output_padding: int = 0) -> int:
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return int(
        F.conv_transpose2d(x, w, stride=s, padding=p, output_padding=output_padding).shape[-1]
    )


def _tr(r: np.random.Generator) -> dict:
    x, w, b, g = (
        r.normal(size=(3, 3)),
        r.normal(size=(3, 3)),
        r.normal(size=1),
        r.normal(size=(5, 5)),
    )

    def layer(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return F.conv_transpose2d(x[None, None], w[None, None], b, stride=2, padding=1)[0, 0]

    y, (dx, dw, db) = autograd(layer, [x, w, b], g)
    return {"x": x, "w": w, "g": g, "y0": y - b[0], "dx": dx, "dw": dw, "db": float(db[0])}


def _tr_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    rhs = [[sum(x[i, j] * zat(w, p - 1 - 2 * i, q - 1 - 2 * j) for i in range(3) for j in range(3))
            for q in range(5)] for p in range(5)]  # fmt: skip
    return same(v["y0"], rhs)


def _tr_dx(v: dict) -> bool:
    g, w = v["g"], v["w"]
    taps = list(product(range(3), range(3)))
    rhs = [[sum(zat(g, 2 * i + u - 1, 2 * j + vv - 1) * w[2 - u, 2 - vv] for u, vv in taps)
            for j in range(3)] for i in range(3)]  # fmt: skip
    return same(v["dx"], rhs)


def _tr_dw(v: dict) -> bool:
    g, x = v["g"], v["x"]
    rhs = [[sum(x[i, j] * zat(g, 2 * i + u - 1, 2 * j + vv - 1) for i in range(3) for j in range(3))
            for vv in range(3)] for u in range(3)]  # fmt: skip
    return same(v["dw"], rhs)


TR = "my_transposed_conv_derivation"
TRANSPOSED: Claims = {
    (TR, 7, 1): lambda: [
        _convt_out(h, s, p, k) == (h - 1) * s - 2 * p + k
        for h, s, p, k in [(3, 2, 1, 3), (4, 3, 0, 2), (5, 2, 2, 5)]
    ],
    (TR, 7, 2): fixed(lambda: (3 - 1) * 2 - 2 * 1 + 3 == (3 - 1) * 2 - 2 + 3),
    (TR, 7, 3): fixed(lambda: (3 - 1) * 2 - 2 + 3 == 5 == _convt_out(3, 2, 1, 3)),
    (TR, 11, 1): fixed(lambda: _convt_out(3, 2, 1, 3, output_padding=1) == 4),
    (TR, 17, 1): randomized(_tr, _tr_forward, 700),
    (TR, 23, 1): randomized(
        _tr, lambda v: same(v["y0"], corr(pad(dilate(v["x"], 2), 2), rot180(v["w"]))), 710
    ),
    (TR, 29, 1): randomized(_tr, _tr_dx, 720),
    (TR, 33, 1): randomized(_tr, _tr_dw, 730),
    (TR, 39, 1): randomized(_tr, lambda v: close(v["db"], v["g"].sum() / 25), 740),
    (TR, 45, 1): fixed(lambda: params(torch.nn.ConvTranspose2d(16, 8, 3)) == 16 * 8 * 9 + 16),
    (TR, 45, 2): fixed(lambda: 16 * 8 * 9 + 16 == 1168),
}

NOTES_B: Claims = {**LAB_NOTEBOOK, **MCQ_KEY, **LECTURE, **TRANSPOSED}
