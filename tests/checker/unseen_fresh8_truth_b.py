"""Independent truth for the fresh8 unseen set, notes 4-5 (numpy_cnn_readme, apuntes_padding_same):
NumPy / torch autograd in float64, no symconv. Helpers and the registration by anchor and rank
live in unseen_fresh8_truth.py."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh8_truth import (
    Registry,
    arithmetic,
    conv2d,
    conv_out,
    corr,
    grid,
    once,
    trials,
    tt,
)
from unseen_truth_base import Truth, at, rot180, same, zat

SIZE_GRID = [
    (h, k, s, p)
    for h in range(4, 12)
    for k in (1, 2, 3, 4, 5)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    if h + 2 * p >= k
]


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# --- numpy_cnn_readme.md: pooling on a 4x4 channel, row-convention linear, softmax CE, conv

RD = "numpy_cnn_readme"
POOL_X = np.array([[1, 3, 2, 0], [4, 2, 1, 1], [0, 1, 5, 2], [2, 1, 3, 4]], dtype=float)


def _rd_maxpool_grad() -> bool:
    x = tt(POOL_X[None, None], True)
    (F.max_pool2d(x, 2) * tt([[[[1, 2], [3, 4]]]])).sum().backward()
    written = [[0, 0, 2, 0], [1, 0, 0, 0], [3, 0, 4, 0], [0, 0, 0, 0]]
    return same(x.grad.numpy()[0, 0], written)


def _rd_avgpool(r: np.random.Generator) -> bool:
    x, g = tt(r.normal(size=(1, 1, 4, 4)), True), r.normal(size=(2, 2))
    (F.avg_pool2d(x, 2) * tt(g[None, None])).sum().backward()
    dx = x.grad.numpy()[0, 0]
    return all(
        math.isclose(dx[2 * i + a, 2 * j + b], g[i, j] / 4)
        for i in range(2)
        for j in range(2)
        for a in (0, 1)
        for b in (0, 1)
    )


def _rd_linear(r: np.random.Generator, which: str) -> bool:
    x, w, b, g = (
        r.normal(size=(5, 4)),
        r.normal(size=(4, 3)),
        r.normal(size=3),
        r.normal(size=(5, 3)),
    )
    xt, wt, bt = tt(x, True), tt(w, True), tt(b, True)
    ((xt @ wt + bt) * tt(g)).sum().backward()
    if which == "dw":
        return same(x.T @ g, wt.grad.numpy())
    if which == "db":
        return same(g.sum(axis=0), bt.grad.numpy())
    return same(g @ w, xt.grad.numpy())


def _rd_single_row(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(1, 4)), r.normal(size=(4, 3)), r.normal(size=(1, 3))
    wt = tt(w, True)
    ((tt(x) @ wt) * tt(g)).sum().backward()
    return same(g.T @ x, wt.grad.numpy())


def _rd_softmax(r: np.random.Generator, batch: int) -> bool:
    z = tt(r.normal(size=(batch, 5)), True)
    labels = r.integers(0, 5, size=batch)
    F.cross_entropy(z, torch.tensor(labels)).backward()
    p = torch.softmax(z, dim=1).detach().numpy()
    return same(p - np.eye(5)[labels], z.grad.numpy())


def _rd_conv(r: np.random.Generator, which: str) -> bool:
    x, w, b, g = (
        r.normal(size=(2, 2, 7, 7)),
        r.normal(size=(3, 2, 3, 3)),
        r.normal(size=3),
        r.normal(size=(2, 3, 4, 4)),
    )
    v = conv2d(x, w, b, g, stride=2, padding=1)
    if which == "db":
        return same(g.sum(axis=(0, 2, 3)), v["db"])
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    mine = np.zeros((3, 2, 3, 3))
    for f, c, u, q in np.ndindex(3, 2, 3, 3):
        mine[f, c, u, q] = sum(
            at(g, n, f, i, j) * at(xp, n, c, 2 * i + u, 2 * j + q)
            for n in range(2)
            for i in range(4)
            for j in range(4)
        )
    return same(mine, v["dw"])


RD_TRUTH: Registry = [
    (
        RD,
        "$$H' = \\frac",
        1,
        grid(lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) / s + 1, SIZE_GRID),
    ),
    (RD, "3 & 0 & 4 & 0", 1, once(_rd_maxpool_grad)),
    (RD, "quarter of the window", 1, trials(_rd_avgpool, 300)),
    (RD, "X^\\top G", 1, trials(lambda r: _rd_linear(r, "dw"), 310)),
    (RD, "X^\\top G", 2, trials(lambda r: _rd_linear(r, "db"), 320)),
    (RD, "X^\\top G", 3, trials(lambda r: _rd_linear(r, "dx"), 330)),
    (RD, "For a single sample (one row", 1, trials(_rd_single_row, 335)),
    (
        RD,
        "$$\\frac{\\partial L}{\\partial z} = p - y$$",
        1,
        trials(lambda r: _rd_softmax(r, 1), 340),
    ),
    (RD, "we average the loss", 2, trials(lambda r: _rd_softmax(r, 4), 350)),
    (RD, "Sj+v}", 1, trials(lambda r: _rd_conv(r, "dw"), 360)),
    (RD, "where $\\tilde{X}$", 1, trials(lambda r: _rd_conv(r, "db"), 370)),
]

# --- apuntes_padding_same.md: one channel HxH, 'same' padding, 0-based

ES = "apuntes_padding_same"
ODD = [(h, k) for h in range(5, 12) for k in (1, 3, 5, 7)]


def _torch_same_is_floor_ceil(k: int, h: int, r: np.random.Generator) -> bool:
    """PyTorch padding='same' equals padding floor((K-1)/2) before and ceil((K-1)/2) after."""
    x, w = tt(r.normal(size=(1, 1, h, h))), tt(r.normal(size=(1, 1, k, k)))
    lo, hi = (k - 1) // 2, -(-(k - 1) // 2)
    with warnings.catch_warnings():  # torch notes that even kernels need a padded copy
        warnings.simplefilter("ignore", UserWarning)
        theirs = F.conv2d(x, w, padding="same")
    return same(theirs, F.conv2d(F.pad(x, (lo, hi, lo, hi)), w))


def _tf_same_out(h: int, k: int, s: int) -> int:
    """TensorFlow 'SAME': total padding max((ceil(H/S)-1)S + K - H, 0), then a valid conv."""
    total = max((-(-h // s) - 1) * s + k - h, 0)
    return conv_out(h + total, k, s)


def _es(r: np.random.Generator, k: int, h: int = 5) -> dict:
    x, w, g = r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=(h, h))
    with warnings.catch_warnings():  # even K: torch warns it pads a copy, the result is exact
        warnings.simplefilter("ignore", UserWarning)
        v = conv2d(x[None, None], w[None, None], None, g[None, None], padding="same")
    return {"x": x, "w": w, "g": g, "dx": v["dx"][0, 0], "dw": v["dw"][0, 0]}


def _es_dx_elem(r: np.random.Generator) -> bool:
    v = _es(r, 3)
    mine = [
        [
            sum(
                zat(v["g"], p - u + 1, q - s + 1) * at(v["w"], u, s)
                for u in range(3)
                for s in range(3)
            )
            for q in range(5)
        ]
        for p in range(5)
    ]
    return same(mine, v["dx"])


def _es_dw_elem(r: np.random.Generator) -> bool:
    v = _es(r, 3)
    mine = [
        [
            sum(at(v["g"], i, j) * zat(v["x"], i + u, j + s) for i in range(5) for j in range(5))
            for s in range(3)
        ]
        for u in range(3)
    ]
    return same(mine, v["dw"])


def _grid_r(
    check: Callable[[int, int, np.random.Generator], bool], sizes: list[tuple[int, int]], seed: int
) -> Truth:
    """One bool per size, each with its own random inputs."""
    return lambda: [check(*s, np.random.default_rng(seed + n)) for n, s in enumerate(sizes)]


ES_TRUTH: Registry = [
    (
        ES,
        "para todo $K$ impar",
        1,
        grid(lambda h, k: conv_out(h, k, 1, (k - 1) // 2) == h + 2 * ((k - 1) // 2) - k + 1, ODD),
    ),
    (ES, "para todo $K$ impar", 2, grid(lambda h, k: h + 2 * ((k - 1) // 2) - k + 1 == h, ODD)),
    (ES, "para todo $K$ impar", 4, once(lambda: (3 - 1) / 2 == 1 and conv_out(9, 3, 1, 1) == 9)),
    (ES, "para todo $K$ impar", 6, once(lambda: conv_out(9, 5, 1, (5 - 1) // 2) == 9)),
    (ES, "para todo $K$ impar", 7, arithmetic((5 - 1) / 2, 2)),
    (ES, "Ejemplo num", 3, once(lambda: conv_out(5, 3, 1, 1) == 5 + 2 - 3 + 1)),
    (ES, "Ejemplo num", 4, arithmetic(5 + 2 - 3 + 1, 5)),
    (
        ES,
        "H + 2 \\cdot 2 - 4 + 1",
        1,
        grid(lambda h: conv_out(h, 4, 1, 2) == h + 2 * 2 - 4 + 1, [(h,) for h in range(4, 10)]),
    ),
    (
        ES,
        "H + 2 \\cdot 2 - 4 + 1",
        2,
        grid(lambda h: h + 2 * 2 - 4 + 1 == h, [(h,) for h in range(4, 10)]),
    ),
    (
        ES,
        "padding='same'` en PyTorch",
        1,
        _grid_r(_torch_same_is_floor_ceil, [(k, 6) for k in (2, 4, 6)], 400),
    ),
    (ES, "padding='same'` en PyTorch", 2, arithmetic(math.floor((4 - 1) / 2), 1)),
    (
        ES,
        "padding='same'` en PyTorch",
        3,
        _grid_r(_torch_same_is_floor_ceil, [(k, 7) for k in (2, 4, 6)], 410),
    ),
    (ES, "padding='same'` en PyTorch", 4, arithmetic(math.ceil((4 - 1) / 2), 2)),
    (
        ES,
        "padding='same'` en PyTorch",
        5,
        grid(lambda h: conv_out(h + 3, 4) == h + 1 + 2 - 4 + 1, [(h,) for h in range(4, 10)]),
    ),
    (
        ES,
        "padding='same'` en PyTorch",
        6,
        grid(lambda h: h + 1 + 2 - 4 + 1 == h, [(h,) for h in range(4, 10)]),
    ),
    (
        ES,
        "\\left\\lceil \\frac{H}{S}",
        1,
        grid(
            lambda h, k, s: _tf_same_out(h, k, s) == math.ceil(h / s),
            [(h, k, s) for h in range(4, 12) for k in (1, 2, 3, 4, 5) for s in (1, 2, 3)],
        ),
    ),
    (
        ES,
        "Muchos compa",
        1,
        grid(
            lambda h, k, s: _tf_same_out(h, k, s) == h // s,
            [(h, k, s) for h in range(4, 12) for k in (1, 3, 4) for s in (2, 3)],
        ),
    ),
    (
        ES,
        "\\operatorname{pad}_1(X) \\star G",
        1,
        trials(lambda r: same(corr(np.pad((v := _es(r, 3))["x"], 1), v["g"]), v["dw"]), 420),
    ),
    (
        ES,
        "\\star \\operatorname{rot}_{180}(W)$$",
        1,
        trials(
            lambda r: same(corr(np.pad((v := _es(r, 3))["g"], 1), rot180(v["w"])), v["dx"]), 430
        ),
    ),
    (
        ES,
        "\\star \\operatorname{rot}_{180} W$$",
        1,
        trials(
            lambda r: same(corr(np.pad((v := _es(r, 4, 6))["g"], 1), rot180(v["w"])), v["dx"]), 440
        ),
    ),
    (ES, "G_{p-u+1", 1, trials(_es_dx_elem, 450)),
    (ES, "G_{i,j}\\, X_{i+u,\\, j+v}", 1, trials(_es_dw_elem, 460)),
]
