"""Independent truth for the fresh20 unseen set, notes quiz4_output_sizes_filled,
blog_conv1d_series_temporales, hw6_pooling_stride_solution and handout_common_mistakes (see
unseen_fresh20_truth.py for the conventions). Sizes come from torch's own layers (conv2d with
asymmetric F.pad and dilation, conv_transpose2d, max_pool2d); gradients from autograd.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh20_truth import Claims
from unseen_truth_base import (
    F64,
    Truth,
    conv,
    corr,
    dilate,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)

# --- quiz4_output_sizes_filled.md: one conv per question, padding top / bottom given apart

QUIZ = "quiz4_output_sizes_filled"


def height(h: int, k: int, s: int = 1, d: int = 1, top: int = 0, bottom: int = 0) -> int:
    """Output height of torch conv2d on an h-row input padded top / bottom (width kept valid)."""
    x = F.pad(torch.zeros(1, 1, h, k * d + 1, dtype=F64), (0, 0, top, bottom))
    return int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s, dilation=d).shape[-2])


def _sheet_grid() -> list[bool]:
    """The formula sheet on every size where the layer exists (an input no smaller than the
    dilated kernel)."""
    out = []
    for h, k, s, d, top, bottom in itertools.product(
        range(1, 9), (1, 2, 3), (1, 2, 3), (1, 2, 3), (0, 1, 2), (0, 2)
    ):
        if h + top + bottom < d * (k - 1) + 1:
            continue
        formula = (h + top + bottom - d * (k - 1) - 1) // s + 1
        out.append(height(h, k, s, d, top, bottom) == formula)
    return out


def _smallest_input(k: int, d: int) -> int:
    """The side of the smallest input a k x k kernel with dilation d still fits (1x1 output)."""
    for h in range(1, 64):
        try:
            height(h, k, d=d)
        except RuntimeError:
            continue
        return h
    raise AssertionError("no input fits")


def _transposed_height(h: int, k: int, d: int) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    return int(F.conv_transpose2d(x, torch.zeros(1, 1, k, k, dtype=F64), dilation=d).shape[-1])


QUIZ_CLAIMS: Claims = {
    (QUIZ, 5, 1): _sheet_grid,
    (QUIZ, 11, 1): equal(height(28, 5, 2, 1, 1, 2), (28 + 1 + 2 - 5) // 2 + 1),
    (QUIZ, 11, 2): equal((28 + 1 + 2 - 5) // 2 + 1, 14),
    (QUIZ, 15, 1): equal(height(28, 3, 2, 3, 2, 2), math.ceil((28 + 4 - 6 - 1) / 2) + 1),
    (QUIZ, 15, 2): equal(math.ceil((28 + 4 - 6 - 1) / 2) + 1, 14),
    (QUIZ, 19, 1): equal(_smallest_input(3, 3), 3 * 3),
    (QUIZ, 19, 2): equal(3 * 3, 9),
    (QUIZ, 23, 1): equal(height(64, 5, 3, 1, 2, 2), (64 + 4 - 5) // 3 + 1),
    (QUIZ, 23, 2): equal((64 + 4 - 5) // 3 + 1, 21),
    (QUIZ, 27, 1): equal(_transposed_height(5, 3, 2), (5 - 1) + 3),
    (QUIZ, 27, 2): equal((5 - 1) + 3, 7),
    (QUIZ, 31, 1): equal(height(20, 3, 1, 4, 4, 0), 20 + 4 - 8 - 1 + 1),
    (QUIZ, 31, 2): equal(20 + 4 - 8 - 1 + 1, 15),
}


# --- blog_conv1d_series_temporales.md: x length 6, w size 3, dilation 2, left padding 4, 0-based

BLOG = "blog_conv1d_series_temporales"
_X = np.array([2.0, 1, 0, 3, 1, -1])
_W = np.array([1.0, -1, 2])
_G = np.array([1.0, 0, -1, 2, 0, 1])


def causal(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    """Conv1d(1, 1, 3, dilation=2) on F.pad(x, (4, 0)), and the gradients of sum(y * g)."""
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(F.pad(xt, (4, 0)), wt, dilation=2)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0]}


def _on_numbers() -> dict:
    return causal(_X, _W, _G)


def _random(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    x, w, g = r.normal(size=6), r.normal(size=3), r.normal(size=6)
    return x, w, g, causal(x, w, g)


def _bl_forward(r: np.random.Generator) -> bool:
    x, w, _, v = _random(r)  # x_t = 0 for negative t, as the post says
    return same(
        v["y"], [w[0] * zat(x, t - 4) + w[1] * zat(x, t - 2) + w[2] * x[t] for t in range(6)]
    )


def _bl_dx(taps: tuple[int, int, int]) -> Callable[[np.random.Generator], bool]:
    """dL/dx_s = w_a g_s + w_b g_{s+2} + w_c g_{s+4}, g zero past the end."""

    def rel(r: np.random.Generator) -> bool:
        _, w, g, v = _random(r)
        a, b, c = taps
        rhs = [w[a] * g[s] + w[b] * zat(g, s + 2) + w[c] * zat(g, s + 4) for s in range(6)]
        return same(v["dx"], rhs)

    return rel


def receptive_field(k: int, dilations: tuple[int, ...] = (1, 2, 4, 8)) -> int:
    """Inputs the last output of a stack of causal dilated Conv1d layers depends on (autograd)."""
    x = torch.zeros(1, 1, 64, dtype=F64, requires_grad=True)
    h = x
    gen = torch.Generator().manual_seed(5)
    for d in dilations:
        w = torch.rand(1, 1, k, dtype=F64, generator=gen) + 0.5  # positive: no cancellation
        h = F.conv1d(F.pad(h, ((k - 1) * d, 0)), w, dilation=d)
    h[0, 0, -1].backward()
    return int((x.grad != 0).sum())


BLOG_CLAIMS: Claims = {
    (BLOG, 15, 1): trials(_bl_forward, 400),
    (BLOG, 19, 1): single(
        lambda: math.isclose(_on_numbers()["y"][3], _W[0] * 0 + _W[1] * _X[1] + _W[2] * _X[3])
    ),
    (BLOG, 19, 2): equal(_W[0] * 0 + _W[1] * _X[1] + _W[2] * _X[3], 5),
    (BLOG, 21, 1): single(lambda: math.isclose(_on_numbers()["y"][4], 1 * 2 + (-1) * 0 + 2 * 1)),
    (BLOG, 21, 2): equal(1 * 2 + (-1) * 0 + 2 * 1, 3),
    (BLOG, 23, 1): single(lambda: same(_on_numbers()["y"], [4, 2, -2, 5, 3, -4])),
    (BLOG, 29, 1): single(lambda: math.isclose(_on_numbers()["dw"][2], float(_G @ _X))),
    (BLOG, 29, 2): equal(float(_G @ _X), 7),
    (BLOG, 31, 1): single(
        lambda: math.isclose(_on_numbers()["dw"][0], sum(_G[t] * _X[t - 4] for t in (4, 5)))
    ),
    (BLOG, 31, 2): equal(sum(_G[t] * _X[t - 4] for t in (4, 5)), 3),
    (BLOG, 35, 1): trials(_bl_dx((2, 1, 0)), 410),
    (BLOG, 37, 1): trials(_bl_dx((0, 1, 2)), 420),
    (BLOG, 43, 2): equal(receptive_field(2), 1 + (2 - 1) * (1 + 2 + 4 + 8)),
    (BLOG, 43, 3): equal(1 + (2 - 1) * (1 + 2 + 4 + 8), 16),
    (BLOG, 43, 5): equal(receptive_field(3), 3 * (1 + 2 + 4 + 8)),
    (BLOG, 43, 6): equal(3 * (1 + 2 + 4 + 8), 45),
    (BLOG, 45, 1): equal(params(torch.nn.Conv1d(16, 32, 3, dilation=2)), 32 * 16 * 3 * 2 + 32),
    (BLOG, 45, 2): equal(32 * 16 * 3 * 2 + 32, 3104),
}


# --- hw6_pooling_stride_solution.md: the given 5x5 X and 2x2 G, 1-based; max 3/2, average 2/3

HW6 = "hw6_pooling_stride_solution"
_PX = np.array(
    [[1.0, 4, 2, 0, 3], [5, 2, 7, 1, 2], [0, 6, 3, 8, 1], [2, 1, 4, 2, 9], [3, 0, 5, 6, 4]]
)
_PG = np.array([[1.0, 2], [3, 4]])


def pool(kind: str, x: np.ndarray, k: int, s: int) -> dict:
    xt = t64(x[None, None], True)
    y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(xt, k, s)
    if y.shape[-2:] == _PG.shape:
        (y * t64(_PG[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": None if xt.grad is None else xt.grad.numpy()[0, 0]}


def _x33_is_10() -> np.ndarray:
    x = _PX.copy()
    x[2, 2] = 10
    return x


_MAX_DX = [[0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 3, 0, 2, 0], [0, 0, 0, 0, 4], [0, 0, 0, 0, 0]]
_AVG_DX = [[0.25, 0.25, 0, 0.5, 0.5], [0.25, 0.25, 0, 0.5, 0.5], [0, 0, 0, 0, 0],
           [0.75, 0.75, 0, 1, 1], [0.75, 0.75, 0, 1, 1]]  # fmt: skip
_MAX_SIDE = pool("max", _PX, 3, 2)["y"].shape[0]
_AVG_SIDE = pool("avg", _PX, 2, 3)["y"].shape[0]


def _avg_ceil_index() -> bool:
    dx = pool("avg", _PX, 2, 3)["dx"]
    return all(
        math.isclose(dx[i - 1, j - 1], 0.25 * _PG[math.ceil(i / 3) - 1, math.ceil(j / 3) - 1])
        for i in range(1, 6)
        for j in range(1, 6)
    )


HW6_CLAIMS: Claims = {
    (HW6, 11, 1): equal(_MAX_SIDE, 2),
    (HW6, 13, 1): single(lambda: same(pool("max", _PX, 3, 2)["y"], [[7, 8], [6, 9]])),
    (HW6, 17, 1): single(lambda: same(pool("max", _PX, 3, 2)["dx"], _MAX_DX)),
    (HW6, 19, 1): single(
        lambda: math.isclose(pool("max", _x33_is_10(), 3, 2)["dx"][2, 2], _PG.sum())
    ),
    (HW6, 19, 2): equal(1 + 2 + 3 + 4, 10),
    (HW6, 19, 3): single(
        lambda: math.isclose(pool("max", _x33_is_10(), 3, 2)["dx"][2, 2], _PG.max())
    ),
    (HW6, 23, 1): equal(_AVG_SIDE, 2),
    (HW6, 25, 1): single(lambda: same(pool("avg", _PX, 2, 3)["y"], [[3, 1.5], [1.5, 4.25]])),
    (HW6, 29, 1): single(lambda: same(pool("avg", _PX, 2, 3)["dx"], _AVG_DX)),
    (HW6, 31, 1): single(_avg_ceil_index),
    (HW6, 33, 1): single(lambda: math.isclose(pool("avg", _PX, 2, 3)["dx"][0, 0], _PG[0, 0])),
    (HW6, 33, 2): equal(_PG[0, 0], 1),
    (HW6, 35, 1): single(
        lambda: math.isclose(pool("avg", _PX, 2, 3)["dx"].sum(), 0.25 * _PG.sum())
    ),
    (HW6, 35, 2): equal(0.25 * (1 + 2 + 3 + 4), 2.5),
}


# --- handout_common_mistakes.md: each item with its own sizes, 1-based, star = valid correlation

HANDOUT = "handout_common_mistakes"


def _conv_item(
    h: int, s: int, kernel_form: Callable[[np.ndarray, np.ndarray], np.ndarray]
) -> Truth:
    """dL/dX of an h x h input, 3x3 kernel, stride s, against the item's operator formula."""

    def rel(r: np.random.Generator) -> bool:
        x, k = r.normal(size=(h, h)), r.normal(size=(3, 3))
        g = r.normal(size=((h - 3) // s + 1,) * 2)
        dx = conv(x[None, None], k[None, None], None, g[None, None], stride=s)["dx"][0, 0]
        return same(dx, kernel_form(g, k))

    return trials(rel, 500 + h + s)


def _dense(form: Callable[[dict], bool]) -> Truth:
    """Y = XW + b, X 4x5, W 5x3 (rows are samples), gradients of sum(Y * G)."""

    def rel(r: np.random.Generator) -> bool:
        x, w, b, g = (r.normal(size=s) for s in ((4, 5), (5, 3), (3,), (4, 3)))
        xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
        ((xt @ wt + bt) * t64(g)).sum().backward()
        return form({"x": x, "g": g, "dw": wt.grad.numpy(), "db": bt.grad.numpy()})

    return trials(rel, 520)


def _activation(fn: Callable, form: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Truth:
    """dL/dz for a = fn(z) with dL/da = g, against form(z, g)."""

    def rel(r: np.random.Generator) -> bool:
        z, g = r.normal(size=7), r.normal(size=7)
        zt = t64(z, True)
        (fn(zt) * t64(g)).sum().backward()
        return same(zt.grad.numpy(), form(z, g))

    return trials(rel, 530)


def _avg_item(factor: float) -> Truth:
    def rel(r: np.random.Generator) -> bool:
        x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
        xt = t64(x[None, None], True)
        (F.avg_pool2d(xt, 2, 2) * t64(g[None, None])).sum().backward()
        rhs = [[factor * g[math.ceil(i / 2) - 1, math.ceil(j / 2) - 1] for j in range(1, 5)]
               for i in range(1, 5)]  # fmt: skip
        return same(xt.grad.numpy()[0, 0], rhs)

    return trials(rel, 540)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


_HANDOUT_PARAMS = params(torch.nn.Conv2d(3, 8, kernel_size=3))
HANDOUT_CLAIMS: Claims = {
    (HANDOUT, 9, 1): _conv_item(6, 1, lambda g, k: corr(pad(g, 2), k)),
    (HANDOUT, 11, 1): _conv_item(6, 1, lambda g, k: corr(pad(g, 2), rot180(k))),
    (HANDOUT, 15, 1): _conv_item(7, 2, lambda g, k: corr(pad(g, 2), rot180(k))),
    (HANDOUT, 17, 1): _conv_item(7, 2, lambda g, k: corr(pad(dilate(g, 2), 2), rot180(k))),
    (HANDOUT, 21, 1): _dense(lambda v: same(v["dw"], v["g"] @ v["x"].T)),
    (HANDOUT, 21, 2): _dense(lambda v: same(v["dw"], v["x"].T @ v["g"])),
    (HANDOUT, 23, 1): _dense(lambda v: same(v["db"], v["g"] @ np.ones(4))),
    (HANDOUT, 23, 2): _dense(lambda v: same(v["db"], np.ones(4) @ v["g"])),
    (HANDOUT, 27, 1): equal(_HANDOUT_PARAMS, 8 * 3 * 9),
    (HANDOUT, 27, 2): equal(8 * 3 * 9, 216),
    (HANDOUT, 27, 3): equal(_HANDOUT_PARAMS, 224),
    (HANDOUT, 31, 1): _activation(torch.sigmoid, lambda z, g: g * _sigmoid(z)),
    (HANDOUT, 31, 2): _activation(torch.sigmoid, lambda z, g: g * _sigmoid(z) * (1 - _sigmoid(z))),
    (HANDOUT, 33, 1): _activation(torch.tanh, lambda z, g: g * (1 - np.tanh(z))),
    (HANDOUT, 37, 1): _avg_item(1.0),
    (HANDOUT, 37, 2): _avg_item(0.25),
}

NOTES_B: Claims = {**QUIZ_CLAIMS, **BLOG_CLAIMS, **HW6_CLAIMS, **HANDOUT_CLAIMS}
