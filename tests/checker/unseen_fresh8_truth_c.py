"""Independent truth for the fresh8 unseen set, notes 3, 6, 7 (convolution_as_a_sum, quiz_week6,
depthwise_groups): NumPy / torch autograd in float64, no symconv. Helpers and the registration
by anchor and rank live in unseen_fresh8_truth.py."""

from __future__ import annotations

import math

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
from unseen_truth_base import at, same, zat


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# --- convolution_as_a_sum.md: y_n = Delta sum_k w_k x_{n+k}, Delta = 0.1, N_x = 8, K = 3, 0-based

PH = "convolution_as_a_sum"
DELTA = 0.1


def _ph(r: np.random.Generator, dil: int = 1) -> dict:
    x, w, t = r.normal(size=8), r.normal(size=3), r.normal(size=8 - dil * 2)
    xt, wt = tt(x, True), tt(w, True)
    y = DELTA * F.conv1d(xt[None, None], wt[None, None], dilation=dil)[0, 0]
    y.retain_grad()
    e = 0.5 * ((y - tt(t)) ** 2).sum()
    e.backward()
    return {
        "x": x,
        "w": w,
        "t": t,
        "y": y.detach().numpy(),
        "g": y.grad.numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
    }


def _ph_mean_energy(r: np.random.Generator) -> bool:
    x, w, t = r.normal(size=8), r.normal(size=3), r.normal(size=6)
    y = tt(DELTA * np.correlate(x, w, mode="valid"), True)
    (0.5 / 6 * ((y - tt(t)) ** 2).sum()).backward()
    return same(y.grad.numpy(), y.detach().numpy() - t)


def _ph_dw(r: np.random.Generator, dil: int, scale: float, read: int) -> bool:
    v = _ph(r, dil)
    n_out = len(v["g"])
    mine = [
        scale * sum(at(v["g"], n) * at(v["x"], n + read * k) for n in range(n_out))
        for k in range(3)
    ]
    return same(mine, v["dw"])


def _ph_dx(r: np.random.Generator, dil: int) -> bool:
    v = _ph(r, dil)
    mine = [
        DELTA * sum(zat(v["g"], m - dil * k) * at(v["w"], k) for k in range(3)) for m in range(8)
    ]
    return same(mine, v["dx"])


PH_TRUTH: Registry = [
    (
        PH,
        "N_y = N_x - K =",
        1,
        once(lambda: F.conv1d(torch.zeros(1, 1, 8), torch.zeros(1, 1, 3)).shape[-1] == 8 - 3),
    ),
    (PH, "N_y = N_x - K =", 2, arithmetic(8 - 3, 5)),
    (
        PH,
        "$$g_n = y_n - t_n$$",
        1,
        trials(lambda r: same((v := _ph(r))["g"], v["y"] - v["t"]), 200),
    ),
    (
        PH,
        "\\partial w_k} = \\Delta \\sum_{n=0}^{5}",
        1,
        trials(lambda r: _ph_dw(r, 1, DELTA, 1), 210),
    ),
    (PH, "prefer the mean energy", 2, trials(_ph_mean_energy, 205)),
    (PH, "In the code we dropped", 1, trials(lambda r: _ph_dw(r, 1, 1.0, 1), 220)),
    (PH, "\\Delta \\sum_{k=0}^{2} g_{m-k}", 1, trials(lambda r: _ph_dx(r, 1), 230)),
    (
        PH,
        "N_x - 2(K - 1)",
        1,
        grid(
            lambda n, k: (
                F.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, k), dilation=2).shape[-1]
                == n - 2 * (k - 1)
            ),
            [(n, k) for n in range(5, 12) for k in (1, 2, 3)],
        ),
    ),
    (PH, "N_x - 2(K - 1)", 2, arithmetic(8 - 2 * (3 - 1), 4)),
    (PH, "g_{m-2k}", 1, trials(lambda r: _ph_dx(r, 2), 240)),
    (PH, "\\sum_{n=0}^{3} g_n\\, x_{n+k}", 1, trials(lambda r: _ph_dw(r, 2, DELTA, 1), 250)),
]


# --- quiz_week6.md: each option's formula judged by what it says

QZ = "quiz_week6"


def _relu(r: np.random.Generator, rule: str) -> bool:
    z, up = r.normal(size=20), r.normal(size=20)
    zt = tt(z, True)
    (torch.relu(zt) * tt(up)).sum().backward()
    a = np.maximum(z, 0)
    mine = {"step": up * (z > 0), "a>=0": up * (a >= 0), "a": up * a}[rule]
    return same(mine, zt.grad.numpy())


def _window(written: list[list[float]]) -> bool:
    x = tt([[[[1, 3], [2, 0]]]], True)
    (F.max_pool2d(x, 2) * 5).sum().backward()
    return same(x.grad.numpy()[0, 0], written)


def _tconv_out() -> int:
    return int(
        F.conv_transpose2d(
            torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 3, 3), stride=2, padding=1
        ).shape[-1]
    )


def _conv1d(r: np.random.Generator, shift: int, last: int) -> bool:
    x, w, g = r.normal(size=6), r.normal(size=3), r.normal(size=4)
    wt = tt(w, True)
    (F.conv1d(tt(x)[None, None], wt[None, None])[0, 0] * tt(g)).sum().backward()
    mine = [sum(at(g, i) * at(x, i + shift * k) for i in range(last + 1)) for k in range(3)]
    return same(mine, wt.grad.numpy())


def _bias(r: np.random.Generator, over_batch: bool) -> bool:
    g = r.normal(size=(2, 3, 4, 4))
    v = conv2d(r.normal(size=(2, 2, 6, 6)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3), g)
    if over_batch:
        return same(g.sum(axis=(0, 2, 3)), v["db"])
    return all(math.isclose(g[n].sum(), v["db"][f]) for n in range(2) for f in range(3))


QZ_TRUTH: Registry = [
    (QZ, "(7 + 2 - 3)/2", 1, once(lambda: conv_out(7, 3, 2, 1) == math.floor((7 + 2 - 3) / 2) + 1)),
    (QZ, "(7 + 2 - 3)/2", 2, arithmetic(math.floor((7 + 2 - 3) / 2) + 1, 4)),
    (QZ, "(7 - 3)/2 + 1", 1, once(lambda: conv_out(7, 3, 2, 1) == (7 - 3) / 2 + 1)),
    (QZ, "(7 - 3)/2 + 1", 2, arithmetic((7 - 3) / 2 + 1, 3)),
    (QZ, "\\lceil 7/2", 1, once(lambda: conv_out(7, 3, 2, 1) == math.ceil(7 / 2) + 1)),
    (QZ, "\\lceil 7/2", 2, arithmetic(math.ceil(7 / 2) + 1, 5)),
    (QZ, "128 \\cdot 10 = 1280", 1, once(lambda: params(torch.nn.Linear(128, 10)) == 128 * 10)),
    (QZ, "128 \\cdot 10 = 1280", 2, arithmetic(128 * 10, 1280)),
    (QZ, "128 \\cdot 10 + 10", 1, once(lambda: params(torch.nn.Linear(128, 10)) == 128 * 10 + 10)),
    (QZ, "128 \\cdot 10 + 10", 2, arithmetic(128 * 10 + 10, 1290)),
    (QZ, "N_\\theta = 128 + 10", 1, once(lambda: params(torch.nn.Linear(128, 10)) == 128 + 10)),
    (QZ, "N_\\theta = 128 + 10", 2, arithmetic(128 + 10, 138)),
    (QZ, "\\mathbb{1}[z > 0]", 1, trials(lambda r: _relu(r, "step"), 500)),
    (QZ, "\\mathbb{1}[a \\geq 0]", 1, trials(lambda r: _relu(r, "a>=0"), 510)),
    (QZ, "\\frac{\\partial L}{\\partial a} \\odot a$", 1, trials(lambda r: _relu(r, "a"), 520)),
    (QZ, "0 & 5 \\\\ 0 & 0", 1, once(lambda: _window([[0, 5], [0, 0]]))),
    (QZ, "1.25 & 1.25", 1, once(lambda: _window([[1.25, 1.25], [1.25, 1.25]]))),
    (QZ, "0 & 15 \\\\ 0 & 0", 1, once(lambda: _window([[0, 15], [0, 0]]))),
    (
        QZ,
        "(3 - 1) \\cdot 2 - 2 \\cdot 1 + 3",
        1,
        once(lambda: _tconv_out() == (3 - 1) * 2 - 2 * 1 + 3),
    ),
    (QZ, "(3 - 1) \\cdot 2 - 2 \\cdot 1 + 3", 2, arithmetic((3 - 1) * 2 - 2 * 1 + 3, 5)),
    (QZ, "3 \\cdot 2 + 3 - 2", 1, once(lambda: _tconv_out() == 3 * 2 + 3 - 2)),
    (QZ, "3 \\cdot 2 + 3 - 2", 2, arithmetic(3 * 2 + 3 - 2, 7)),
    (QZ, "g_i\\, x_{i+k}$ \u2713", 1, trials(lambda r: _conv1d(r, 1, 3), 530)),
    (QZ, "g_i\\, x_{i-k}", 1, trials(lambda r: _conv1d(r, -1, 3), 540)),
    (QZ, "\\sum_{i=0}^{5} g_i", 1, trials(lambda r: _conv1d(r, 1, 5), 550)),
    (
        QZ,
        "9 + 128 = 73856",
        1,
        once(lambda: params(torch.nn.Conv2d(64, 128, 3)) == 64 * 128 * 9 + 128),
    ),
    (QZ, "9 + 128 = 73856", 2, arithmetic(64 * 128 * 9 + 128, 73856)),
    (
        QZ,
        "9 + 64 = 73792",
        1,
        once(lambda: params(torch.nn.Conv2d(64, 128, 3)) == 64 * 128 * 9 + 64),
    ),
    (QZ, "9 + 64 = 73792", 2, arithmetic(64 * 128 * 9 + 64, 73792)),
    (
        QZ,
        "\\sum_{n} \\sum_{i} \\sum_{j} G_{n,f,i,j}$ \u2713",
        1,
        trials(lambda r: _bias(r, True), 560),
    ),
    (QZ, "\\sum_{f} \\sum_{i} \\sum_{j} G_{n,f,i,j}", 1, trials(lambda r: _bias(r, False), 570)),
]

# --- depthwise_groups.md: N=2, C=4, 6x6, K=3, stride 1, no padding, 0-based

DW = "depthwise_groups"


def _dw(r: np.random.Generator) -> dict:
    x, w, b, g = (
        r.normal(size=(2, 4, 6, 6)),
        r.normal(size=(4, 1, 3, 3)),
        r.normal(size=4),
        r.normal(size=(2, 4, 4, 4)),
    )
    return {"x": x, "w": w, "b": b, "g": g, **conv2d(x, w, b, g, groups=4)}


def _dw_check(r: np.random.Generator, which: str) -> bool:
    v = _dw(r)
    x, w, b, g = v["x"], v["w"], v["b"], v["g"]
    if which == "z":
        mine = np.zeros((2, 4, 4, 4))
        for n, c, i, j in np.ndindex(2, 4, 4, 4):
            mine[n, c, i, j] = (
                sum(
                    at(w, c, 0, u, s) * at(x, n, c, i + u, j + s)
                    for u in range(3)
                    for s in range(3)
                )
                + b[c]
            )
        return same(mine, v["z"])
    if which == "dw":
        mine = np.zeros((4, 1, 3, 3))
        for c, u, s in np.ndindex(4, 3, 3):
            mine[c, 0, u, s] = sum(
                at(g, n, c, i, j) * at(x, n, c, i + u, j + s)
                for n in range(2)
                for i in range(4)
                for j in range(4)
            )
        return same(mine, v["dw"])
    if which == "db":
        return same(g.sum(axis=(0, 2, 3)), v["db"])
    mine = np.zeros((2, 4, 6, 6))
    cross = which == "dx_cross"
    for n, c, p, q in np.ndindex(2, 4, 6, 6):
        chans = range(4) if cross else (c,)
        mine[n, c, p, q] = sum(
            zat(g, n, d, p - u, q - s) * at(w, d, 0, u, s)
            for d in chans
            for u in range(3)
            for s in range(3)
        )
    return same(mine, v["dx"])


def _grouped(r: np.random.Generator, which: str) -> bool:
    x, w, b, g = (
        r.normal(size=(2, 4, 6, 6)),
        r.normal(size=(4, 2, 3, 3)),
        r.normal(size=4),
        r.normal(size=(2, 4, 4, 4)),
    )
    v = conv2d(x, w, b, g, groups=2)

    def chan(n: int, c: int) -> np.ndarray:
        if not 0 <= c < 4:
            raise IndexError(c)
        return x[n, c]

    if which == "dw":
        mine = [
            [sum(corr(chan(n, 2 * (f // 2) + c), g[n, f]) for n in range(2)) for c in range(2)]
            for f in range(4)
        ]
        return same(np.array(mine), v["dw"])
    pick = (lambda f, c: 2 * (f // 2) + c) if which == "z" else (lambda f, c: f + c)
    mine = [
        [sum(corr(chan(n, pick(f, c)), w[f, c]) for c in range(2)) + b[f] for f in range(4)]
        for n in range(2)
    ]
    return same(np.array(mine), v["z"])


DW_TRUTH: Registry = [
    (DW, "W_{c,0,u,v}\\, X_{n,c,i+u,j+v} + b_c", 1, trials(lambda r: _dw_check(r, "z"), 600)),
    (
        DW,
        "Parameters: $C K^2",
        1,
        lambda: (
            [
                params(torch.nn.Conv2d(c, c, k, groups=c)) == c * k * k + c
                for c in (1, 2, 4, 5)
                for k in (1, 3, 5)
            ]
            + [4 * 3**2 + 4 == 4 * 9 + 4]
        ),
    ),
    (DW, "Parameters: $C K^2", 2, arithmetic(4 * 9 + 4, 40)),
    (DW, "Parameters: $C K^2", 3, arithmetic(4 * 4 * 3**2, 148)),
    (DW, "\\partial W_{c,0,u,v}}", 1, trials(lambda r: _dw_check(r, "dw"), 610)),
    (DW, "\\partial b_c}", 1, trials(lambda r: _dw_check(r, "db"), 620)),
    (DW, "\\sum_{c'=0}^{C-1}", 1, trials(lambda r: _dw_check(r, "dx_cross"), 630)),
    (DW, "G_{n,c,p-u,q-v}", 1, trials(lambda r: _dw_check(r, "dx"), 640)),
    (
        DW,
        "Pointwise parameters",
        1,
        once(lambda: params(torch.nn.Conv2d(4, 8, 1)) == 4 * 8 + 8 == 40),
    ),
    (DW, "Pointwise parameters", 2, arithmetic(40 + 40, 80)),
    (
        DW,
        "Pointwise parameters",
        3,
        once(lambda: params(torch.nn.Conv2d(4, 8, 3)) == 4 * 8 * 3**2 + 8 == 296),
    ),
    (DW, "2\\lfloor f/2 \\rfloor + c'} + b_f$$", 1, trials(lambda r: _grouped(r, "z"), 650)),
    (DW, "My first attempt", 1, trials(lambda r: _grouped(r, "wrong"), 660)),
    (
        DW,
        "\\frac{C}{G}",
        1,
        once(
            lambda: (
                params(torch.nn.Conv2d(4, 4, 3, groups=2)) == 4 // 2 * 4 * 3**2 + 4 == 2 * 4 * 9 + 4
            )
        ),
    ),
    (DW, "\\frac{C}{G}", 2, arithmetic(2 * 4 * 9 + 4, 76)),
    (DW, "\\star G_{n,f}", 1, trials(lambda r: _grouped(r, "dw"), 670)),
    (DW, "With stride 2 and padding 1", 1, arithmetic(math.floor((6 + 2 - 3) / 2) + 1, 4)),
]
