"""Independent truth for the fresh19 notes cheatsheet_conv_operators_s2p1 (stride 2, padding 1,
operator notation) and exercises_ch9_conv_layers (symbolic sizes, 1-based indices, checked on
grids of sizes). Same conventions as unseen_fresh19_truth.py; nothing of symconv is imported.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh19_truth import equal, keyed, single, trials
from unseen_truth_base import (
    F64,
    Truth,
    at,
    conv_out,
    corr,
    dilate,
    pad,
    params,
    rot180,
    same,
    t64,
    zat,
)


def true_conv(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid convolution written from its definition, the kernel index running backwards."""
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    out = np.zeros((oh, ow))
    for i, j, m, n in itertools.product(range(oh), range(ow), range(kh), range(kw)):
        out[i, j] += a[i + kh - 1 - m, j + kw - 1 - n] * k[m, n]
    return out


# --- cheatsheet_conv_operators_s2p1.md: X 5x5, W 3x3, S = 2, P = 1, G = dL/dY 3x3

SHEET = "cheatsheet_conv_operators_s2p1"


def _layer(r: np.random.Generator) -> dict:
    return single(r, 5, 3, stride=2, padding=1)


def _on_layer(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_layer(r)), seed)


def _transposed(v: dict) -> np.ndarray:
    return F.conv_transpose2d(
        t64(v["g"][None, None]), t64(v["w"][None, None]), stride=2, padding=1
    )[0, 0].numpy()


def _pair(rel: Callable[[np.ndarray, np.ndarray], bool]) -> Truth:
    """An identity between X (5x5) and W (3x3) on random inputs."""
    return trials(lambda r: rel(r.normal(size=(5, 5)), r.normal(size=(3, 3))), 310)


Dense = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray], bool]


def _dense(rel: Dense) -> Truth:
    """y = W x with W 4x3 (m = 4, n = 3); rel(W, x, g, dL/dW, dL/dx) with g = dL/dy."""

    def check(r: np.random.Generator) -> bool:
        w, x, g = t64(r.normal(size=(4, 3)), True), t64(r.normal(size=3), True), r.normal(size=4)
        ((w @ x) * t64(g)).sum().backward()
        wv, xv = w.detach().numpy(), x.detach().numpy()
        return rel(wv, xv, g, w.grad.numpy(), x.grad.numpy())

    return trials(check, 390)


_TRANSPOSED_SIDE = F.conv_transpose2d(
    torch.zeros(1, 1, 3, 3, dtype=F64), torch.zeros(1, 1, 3, 3, dtype=F64), stride=2, padding=1
).shape[-1]

SHEET_ROWS = keyed(
    SHEET,
    [
        ("\\frac{5 + 2 - 3}{2}", 1, equal(conv_out(5, 3, 2, 1), (5 + 2 - 3) // 2 + 1)),
        ("\\frac{5 + 2 - 3}{2}", 2, equal((5 + 2 - 3) // 2 + 1, 3)),
        (
            "$$Y = \\operatorname{pad}_1(X) \\star_2 W + b$$",
            1,
            _on_layer(lambda v: same(v["z"], corr(pad(v["x"], 1), v["w"])[::2, ::2] + v["b"]), 300),
        ),
        (
            "$$X * W = X \\star \\operatorname{rot180}(W)$$",
            1,
            _pair(lambda x, w: same(true_conv(x, w), corr(x, rot180(w)))),
        ),
        (
            "\\operatorname{rot180}(X \\star W) =",
            1,
            _pair(lambda x, w: same(rot180(corr(x, w)), corr(rot180(x), w))),
        ),
        (
            "W} = \\operatorname{pad}_1(X) \\star \\operatorname{dilate}_2(G)$$",
            1,
            _on_layer(lambda v: same(v["dw"], corr(pad(v["x"], 1), dilate(v["g"], 2))), 330),
        ),
        ("(common slip:", 1, _on_layer(lambda v: same(v["dw"], corr(pad(v["x"], 1), v["g"])), 340)),
        (
            "\\mathbf{1}^T G \\, \\mathbf{1}$$",
            1,
            _on_layer(lambda v: same(v["db"], [v["g"].sum()]), 350),
        ),
        (
            "(\\operatorname{dilate}_2(G)) * W$$",
            1,
            _on_layer(lambda v: same(v["dx"], true_conv(pad(dilate(v["g"], 2), 1), v["w"])), 360),
        ),
        (
            "\\operatorname{pad}_2(\\operatorname{dilate}_2(G)) \\star",
            1,
            _on_layer(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))), 370
            ),
        ),
        (
            "(\\operatorname{dilate}_2(G)) \\star W$$",
            1,
            _on_layer(lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), v["w"])), 380),
        ),
        ("G \\star^{T}_{2,1} W$$", 1, _on_layer(lambda v: same(v["dx"], _transposed(v)), 385)),
        ("$$H_T = ", 1, equal(_TRANSPOSED_SIDE, (3 - 1) * 2 - 2 * 1 + 3)),
        ("$$H_T = ", 2, equal((3 - 1) * 2 - 2 * 1 + 3, 5)),
        (
            "\\left\\lceil \\frac{6 + 2 - 3}{2}",
            1,
            equal(conv_out(6, 3, 2, 1), math.ceil(5 / 2) + 1),
        ),
        ("\\left\\lceil \\frac{6 + 2 - 3}{2}", 2, equal(math.ceil(5 / 2) + 1, 4)),
        ("\\partial x} = W^T g$$", 1, _dense(lambda w, x, g, dw, dx: same(dx, w.T @ g))),
        ("= x\\, g^T$$", 1, _dense(lambda w, x, g, dw, dx: same(dw, np.outer(x, g)))),
        ("= g\\, x^T$$", 1, _dense(lambda w, x, g, dw, dx: same(dw, np.outer(g, x)))),
    ],
)


# --- exercises_ch9_conv_layers.md: symbolic H_l, k, s, p; 1-based x^{(l)}_{ij}, w^{(l)}_{uv}

EXER = "exercises_ch9_conv_layers"


def _grid_layers(s_values: range = range(1, 4), k_values: range = range(1, 4)) -> list[tuple]:
    return [(h, k, s) for h, k, s in itertools.product(range(4, 8), k_values, s_values) if k <= h]


def _size_grid() -> list[bool]:
    return [
        conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1
        for h, k, s, p in itertools.product(range(3, 10), range(1, 5), range(1, 4), range(3))
        if h + 2 * p >= k
    ]


OnLayer = Callable[[dict, int, int, int], bool]


def _on_grid(rel: OnLayer, seed: int, **grid: range) -> Truth:
    """rel(layer, H, k, s) on every size of the grid, one bool per size (all its trials agree)."""

    def run() -> list[bool]:
        out = []
        for h, k, s in _grid_layers(**grid):
            out.append(
                trials(lambda r, h=h, k=k, s=s: rel(single(r, h, k, stride=s), h, k, s), seed)()
            )
        return [all(t) for t in out]

    return run


def _forward(v: dict, h: int, k: int, s: int) -> bool:
    X = lambda i, j: at(v["x"], i - 1, j - 1)  # noqa: E731  (1-based, as the note writes)
    w = lambda u, q: at(v["w"], u - 1, q - 1)  # noqa: E731
    kernel = list(itertools.product(range(1, k + 1), repeat=2))

    def z(i: int, j: int) -> float:
        return sum(w(u, q) * X(s * (i - 1) + u, s * (j - 1) + q) for u, q in kernel) + v["b"]

    n = v["z"].shape[0]
    return same(v["z"], [[z(i, j) for j in range(1, n + 1)] for i in range(1, n + 1)])


def _dw_off_by_s(v: dict, h: int, k: int, s: int) -> bool:
    X = lambda i, j: at(v["x"], i - 1, j - 1)  # noqa: E731
    d = lambda i, j: at(v["g"], i - 1, j - 1)  # noqa: E731
    n = v["g"].shape[0]
    rhs = [
        [sum(d(i, j) * X(s * i + u, s * j + q) for i in range(1, n + 1) for j in range(1, n + 1))
         for q in range(1, k + 1)]
        for u in range(1, k + 1)
    ]  # fmt: skip
    return same(v["dw"], rhs)


def _dx(flip: bool) -> OnLayer:
    """1-based input gradient for s = 1: delta index m - u + 1 (flip) or m + u - 1 (none)."""

    def rel(v: dict, h: int, k: int, s: int) -> bool:
        d = lambda i, j: zat(v["g"], i - 1, j - 1)  # noqa: E731  (zero outside, as the note says)
        w = lambda u, q: at(v["w"], u - 1, q - 1)  # noqa: E731
        sign = -1 if flip else 1
        rhs = [
            [sum(d(m + sign * (u - 1), n + sign * (q - 1)) * w(u, q)
                 for u in range(1, k + 1) for q in range(1, k + 1))
             for n in range(1, h + 1)]
            for m in range(1, h + 1)
        ]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _avg_pool(index: Callable[[int, int], int]) -> Truth:
    """k x k average pooling, stride k, H = k * blocks; index(m, k) is the 1-based window."""

    def run() -> list[bool]:
        out = []
        for k, blocks in itertools.product(range(1, 4), range(1, 4)):
            h = k * blocks
            r = np.random.default_rng(400 + h * 7 + k)
            x, g = t64(r.normal(size=(1, 1, h, h)), True), r.normal(size=(blocks, blocks))
            (F.avg_pool2d(x, k, k)[0, 0] * t64(g)).sum().backward()
            try:
                rhs = [[at(g, index(m, k) - 1, index(n, k) - 1) / k**2 for n in range(1, h + 1)]
                       for m in range(1, h + 1)]  # fmt: skip
            except IndexError:
                out.append(False)
                continue
            out.append(same(x.grad[0, 0].numpy(), rhs))
        return out

    return run


def _receptive_field(layers: int, formula: Callable[[int], int]) -> Truth:
    """Rows of the input that reach one output of `layers` stacked k x k stride-1 convolutions."""

    def run() -> list[bool]:
        out = []
        for k in range(1, 6):
            x = torch.ones(
                1, 1, 3 * layers * k + 3, 3 * layers * k + 3, dtype=F64, requires_grad=True
            )
            y, w = x, torch.ones(1, 1, k, k, dtype=F64)
            for _ in range(layers):
                y = F.conv2d(y, w)
            y[0, 0, 0, 0].backward()
            rows = int((x.grad[0, 0].abs().sum(dim=1) > 0).sum())
            out.append(rows == formula(k))
        return out

    return run


def _params_grid(formula: Callable[[int, int, int], int]) -> Truth:
    return lambda: [
        params(torch.nn.Conv2d(ci, co, k)) == formula(ci, co, k)
        for ci, co, k in itertools.product(range(1, 4), range(1, 4), range(1, 4))
    ]


_H28 = conv_out(28, 5, 2, 2)

EXER_ROWS = keyed(
    EXER,
    [
        ("\\frac{H_l + 2p - k}{s}", 1, _size_grid),
        ("\\frac{28 + 4 - 5}{2}", 1, equal(_H28, (28 + 4 - 5) // 2 + 1)),
        ("\\frac{28 + 4 - 5}{2}", 2, equal((28 + 4 - 5) // 2 + 1, 15)),
        ("$$z^{(l+1)}_{ij} = ", 1, _on_grid(_forward, 410)),
        ("x^{(l)}_{si+u,\\; sj+v}$$", 1, _on_grid(_dw_off_by_s, 420)),
        (
            "\\partial b^{(l)}} = \\sum",
            1,
            _on_grid(lambda v, h, k, s: same(v["db"], [v["g"].sum()]), 430),
        ),
        ("\\delta^{(l+1)}_{m-u+1,\\; n-v+1}", 1, _on_grid(_dx(True), 440, s_values=range(1, 2))),
        (
            "\\delta^{(l+1)}_{m+u-1,\\; n+v-1}",
            1,
            _on_grid(_dx(False), 450, s_values=range(1, 2), k_values=range(2, 4)),
        ),
        (
            "$$N^{(l)} = C_{l+1} (C_l k^2 + 1)$$",
            1,
            _params_grid(lambda ci, co, k: co * (ci * k * k + 1)),
        ),
        ("A frequent wrong answer", 1, _params_grid(lambda ci, co, k: ci * co * k * k + ci)),
        (
            "\\lceil m/k \\rceil,\\; \\lceil n/k \\rceil}$$",
            1,
            _avg_pool(lambda m, k: math.ceil(m / k)),
        ),
        ("\\lfloor m/k \\rfloor + 1", 1, _avg_pool(lambda m, k: m // k + 1)),
        ("$$R_2 = 2k - 1$$", 1, _receptive_field(2, lambda k: 2 * k - 1)),
        ("$$R_3 = 3k - 3$$", 1, _receptive_field(3, lambda k: 3 * k - 3)),
    ],
)

NOTES_B = {**SHEET_ROWS, **EXER_ROWS}
