"""Independent truth for the fresh15 unseen set, notes resumo_gradiente_multicanal and
note_transposed_and_causal (conventions and helpers in unseen_fresh15_truth.py). NumPy / torch
autograd only."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh15_truth import equal, keyed, once, trials
from unseen_truth_base import Truth, at, conv, corr, dilate, pad, params, rot180, same, t64, zat

R2, R3, R4, R5 = range(2), range(3), range(4), range(5)


# --- resumo_gradiente_multicanal.md: N=2, C=3, F=4, 5x5, 3x3, stride 1 (then 2), 1-based


def _resumo(r: np.random.Generator, stride: int = 1) -> dict:
    x, w, b = r.normal(size=(2, 3, 5, 5)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    side = 3 if stride == 1 else 2
    g = r.normal(size=(2, 4, side, side))
    t = conv(x, w, b, g, stride=stride)  # L = sum_n l_n with dl_n/dY_n = g[n]
    return {"x": x, "w": w, "b": b, "g": g, **t}


def _resumo_check(rel: Callable[[dict], bool], seed: int, stride: int = 1) -> Truth:
    return trials(lambda r: rel(_resumo(r, stride)), seed)


def _resumo_dw_elements(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = np.zeros((4, 3, 3, 3))
    for f, c, u, s in np.ndindex(4, 3, 3, 3):  # 1-based u = u0 + 1, i = i0 + 1
        rhs[f, c, u, s] = sum(
            g[n, f, i, j] * at(x, n, c, i + u, j + s) for n in R2 for i in R3 for j in R3
        )
    return same(v["dw"], rhs)


def _resumo_dx_ops(sum_over_c: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        if not sum_over_c:
            return all(
                same(v["dx"][n, c], sum(corr(pad(g[n, f], 2), rot180(w[f, c])) for f in R4))
                for n in R2
                for c in R3
            )
        return all(  # the written sum runs over c, leaving f free: wrong for every f
            same(v["dx"][n, c], sum(corr(pad(g[n, f], 2), rot180(w[f, k])) for k in R3))
            for n in R2
            for c in R3
            for f in R4
        )

    return rel


def _resumo_dx_no_f(v: dict) -> bool:
    g, w = v["g"], v["w"]
    return all(
        math.isclose(
            v["dx"][n, c, p, q],
            sum(zat(g, n, f, p - u, q - s) * w[f, c, u, s] for u in R3 for s in R3),
            abs_tol=1e-9,
        )
        for n, c, p, q in np.ndindex(2, 3, 5, 5)
        for f in R4
    )


def _resumo_mean_bias(r: np.random.Generator) -> bool:
    x, w, b = r.normal(size=(2, 3, 5, 5)), r.normal(size=(4, 3, 3, 3)), t64(r.normal(size=4), True)
    g = r.normal(size=(2, 4, 3, 3))  # d l_n / d Y_n
    y = F.conv2d(t64(x), t64(w), b)
    ((y * t64(g)).sum(dim=(1, 2, 3)).mean()).backward()
    return same(b.grad.numpy(), g.sum(axis=(0, 2, 3)))


_X1 = np.array([[1, 0, 2], [0, 1, 0], [1, 1, 0]], dtype=float)
_G1 = np.array([[1, 0], [0, 1]], dtype=float)
_X2 = np.array([[0, 1, 1], [2, 0, 1], [1, 0, 0]], dtype=float)
_G2 = np.array([[0, 1], [1, 0]], dtype=float)


def _example_dw() -> np.ndarray:
    x = np.stack([_X1, _X2])[:, None]
    return conv(x, np.zeros((1, 1, 2, 2)), None, np.stack([_G1, _G2])[:, None])["dw"][0, 0]


RESUMO = keyed(
    "resumo_gradiente_multicanal",
    [
        (
            "$$Y_{n,f} = ",
            1,
            _resumo_check(
                lambda v: all(
                    same(
                        v["z"][n, f], v["b"][f] + sum(corr(v["x"][n, c], v["w"][f, c]) for c in R3)
                    )
                    for n in R2
                    for f in R4
                ),
                900,
            ),
        ),
        (
            "$$\\frac{\\partial L}{\\partial W_{f,c}} = \\sum_{n=1}^{N} X_{n,c} \\star G_{n,f}$$",
            1,
            _resumo_check(
                lambda v: all(
                    same(v["dw"][f, c], sum(corr(v["x"][n, c], v["g"][n, f]) for n in R2))
                    for f in R4
                    for c in R3
                ),
                910,
            ),
        ),
        (
            "$$\\frac{\\partial L}{\\partial w_{f,c,u,v}}",
            1,
            _resumo_check(_resumo_dw_elements, 920),
        ),
        (
            "$$\\frac{\\partial L}{\\partial X_{n,c}} = \\sum_{f=1}^{F}",
            1,
            _resumo_check(_resumo_dx_ops(False), 930),
        ),
        (
            "$$\\frac{\\partial L}{\\partial X_{n,c}} = \\sum_{c=1}^{C}",
            1,
            _resumo_check(_resumo_dx_ops(True), 940),
        ),
        ("$$\\frac{\\partial L}{\\partial x_{n,c,p,q}}", 1, _resumo_check(_resumo_dx_no_f, 950)),
        ("$$\\frac{\\partial L}{\\partial b_f}", 1, trials(_resumo_mean_bias, 960)),
        ("Parâmetros da camada", 1, equal(params(torch.nn.Conv2d(3, 4, 3)), 4 * (3 * 3**2 + 1))),
        ("Parâmetros da camada", 2, equal(4 * (3 * 3**2 + 1), 112)),
        (
            "X_1 \\star G_1 + X_2 \\star G_2 =",
            1,
            once(lambda: same(_example_dw(), corr(_X1, _G1) + corr(_X2, _G2))),
        ),
        (
            "X_1 \\star G_1 + X_2 \\star G_2 =",
            2,
            once(
                lambda: (
                    same(corr(_X1, _G1), [[2, 0], [1, 1]])
                    and same(corr(_X2, _G2), [[3, 1], [1, 1]])
                )
            ),
        ),
        (
            "X_1 \\star G_1 + X_2 \\star G_2 =",
            3,
            once(
                lambda: same(
                    np.array([[2, 0], [1, 1]]) + np.array([[3, 1], [1, 1]]), [[5, 1], [2, 3]]
                )
            ),
        ),
        (
            "muita gente esquece",
            1,
            _resumo_check(
                lambda v: same(v["dw"][0, 0], sum(corr(v["x"][n, 0], v["g"][n, 0]) for n in R2)),
                970,
                2,
            ),
        ),
        (
            "\\operatorname{dilate}_2(G_{n,f})$$",
            1,
            _resumo_check(
                lambda v: all(
                    same(
                        v["dw"][f, c], sum(corr(v["x"][n, c], dilate(v["g"][n, f], 2)) for n in R2)
                    )
                    for f in R4
                    for c in R3
                ),
                980,
                2,
            ),
        ),
    ],
)


# --- note_transposed_and_causal.md: ConvTranspose2d 3x3 -> 6x6 (s2, p1, op1), causal 1-D conv


def _tconv(r: np.random.Generator, op: int) -> dict:
    x, w = r.normal(size=(3, 3)), r.normal(size=(3, 3))
    side = 6 if op else 5
    g = r.normal(size=(side, side))
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv_transpose2d(xt, wt, stride=2, padding=1, output_padding=op)
    (y * t64(g[None, None])).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _tconv_check(rel: Callable[[dict], bool], seed: int, op: int) -> Truth:
    return trials(lambda r: rel(_tconv(r, op)), seed)


def _tconv_out(h: int, k: int, s: int, p: int, op: int) -> int:
    x, w = (
        torch.zeros(1, 1, h, h, dtype=torch.float64),
        torch.zeros(1, 1, k, k, dtype=torch.float64),
    )
    return int(F.conv_transpose2d(x, w, stride=s, padding=p, output_padding=op).shape[-1])


def _tconv_size_grid() -> list[bool]:
    out = []
    for h in range(1, 6):
        for k in range(2, 5):
            for s in (1, 2, 3):
                for p in (0, 1, 2):
                    for op in range(s):
                        size = (h - 1) * s - 2 * p + k + op
                        if size >= 1 and p < k:
                            out.append(size == _tconv_out(h, k, s, p, op))
    return out


def _scatter(v: dict) -> bool:
    x, w = v["x"], v["w"]
    rhs = [
        [
            sum(x[i, j] * zat(w, p + 1 - 2 * i, q + 1 - 2 * j) for i in R3 for j in R3)
            for q in range(6)
        ]
        for p in range(6)
    ]
    return same(v["y"], rhs)


def _tconv_dx(v: dict) -> bool:
    g, w = v["g"], v["w"]
    rhs = [
        [sum(w[u, s] * zat(g, 2 * i + u - 1, 2 * j + s - 1) for u in R3 for s in R3) for j in R3]
        for i in R3
    ]
    return same(v["dx"], rhs)


def _causal(r: np.random.Generator) -> dict:
    """y_t = sum_k w_k x_{t-k}, x zero before 0: conv1d of the left-padded x with flipped w."""
    x, w, g = t64(r.normal(size=8), True), t64(r.normal(size=3), True), r.normal(size=8)
    y = F.conv1d(F.pad(x, (2, 0))[None, None], torch.flip(w, (0,))[None, None])[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x.detach().numpy(), "w": w.detach().numpy(), "g": g,
            "dx": x.grad.numpy(), "dw": w.grad.numpy()}  # fmt: skip


def _g_zero_past_7(g: np.ndarray, t: int) -> float:
    return 0.0 if t > 7 else at(g, t)  # zero past 7 as the note says, nothing before 0


def _causal_length(left_pad: int, d: int) -> int:
    x, w = (
        torch.zeros(1, 1, 8 + left_pad, dtype=torch.float64),
        torch.zeros(1, 1, 3, dtype=torch.float64),
    )
    return int(F.conv1d(x, w, dilation=d).shape[-1])


def _causal_pad_for_length(d: int) -> int:
    return next(p for p in range(10) if _causal_length(p, d) == 8)


TRANSPOSED = keyed(
    "note_transposed_and_causal",
    [
        ("$$H_{out} = (H_{in} - 1) S", 1, _tconv_size_grid),
        ("$$H_{out} = (H_{in} - 1) S", 2, equal((3 - 1) * 2 - 2 * 1 + 3 + 1, 6)),
        ("Don't plug the numbers", 1, equal(_tconv_out(3, 3, 2, 1, 1), (3 + 2 - 3) // 2 + 1)),
        ("Don't plug the numbers", 2, equal((3 + 2 - 3) // 2 + 1, 2)),
        ("$$Y_{p,q} = ", 1, _tconv_check(_scatter, 1000, 1)),
        (
            "$$Y = \\operatorname{pad}_1(\\operatorname{dilate}_2(X))",
            1,
            _tconv_check(
                lambda v: same(v["y"], corr(pad(dilate(v["x"], 2), 1), rot180(v["w"]))), 1010, 0
            ),
        ),
        ("$$\\frac{\\partial L}{\\partial X_{i,j}} = ", 1, _tconv_check(_tconv_dx, 1020, 1)),
        (
            "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G)",
            1,
            _tconv_check(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["w"]))), 1030, 0),
        ),
        (
            "Parameter count of",
            1,
            equal(params(torch.nn.ConvTranspose2d(16, 8, 3)), 16 * 8 * 9 + 16),
        ),
        ("Parameter count of", 2, equal(16 * 8 * 9 + 16, 1168)),
        (
            "$$\\frac{\\partial L}{\\partial w_k}",
            1,
            trials(
                lambda r: (
                    lambda v: same(
                        v["dw"],
                        [sum(v["g"][t] * at(v["x"], t - k) for t in range(k, 8)) for k in R3],
                    )
                )(_causal(r)),
                1040,
            ),
        ),
        (
            "$$\\frac{\\partial L}{\\partial x_s}",
            1,
            trials(
                lambda r: (
                    lambda v: same(
                        v["dx"],
                        [
                            sum(_g_zero_past_7(v["g"], s - k) * v["w"][k] for k in R3)
                            for s in range(8)
                        ],
                    )
                )(_causal(r)),
                1050,
            ),
        ),
        ("Sequence $x_0", 3, lambda: [3 - 1 == 2 == _causal_pad_for_length(1)]),
        ("For the dilated layer", 2, equal(_causal_pad_for_length(2), 3 - 1)),
        ("For the dilated layer", 3, equal(3 - 1, 2)),
        ("For the dilated layer", 4, equal(_causal_pad_for_length(2), (3 - 1) * 2)),
        ("For the dilated layer", 5, equal((3 - 1) * 2, 4)),
    ],
)

NOTES_D = {**RESUMO, **TRANSPOSED}
