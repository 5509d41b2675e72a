"""Independent truth for the fresh12 unseen set, notes 6-7 (dilated_conv_gist,
cuaderno_conv_relu); conventions as in unseen_fresh12_truth.py.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh12_truth import arithmetic, corr2d, count_claim, each, keyed, t64, trials
from unseen_truth_base import F64, Truth, at, same, zat

# --- dilated_conv_gist.md: 7x7 input, 3x3 kernel, dilation 2, stride 1, no padding, 0-based


def _dilated(r: np.random.Generator) -> dict:
    x, w = r.normal(size=(7, 7)), r.normal(size=(3, 3))
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv2d(xt[None, None], wt[None, None], dilation=2)[0, 0]
    g = r.normal(size=tuple(y.shape))
    (y * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
    }


def _gist(check: Callable[[dict], bool], seed: int) -> Truth:
    return lambda: trials(lambda r: check(_dilated(r)), seed)


def _forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    return each(
        [
            (
                lambda i=i, j=j: v["y"][i, j],
                lambda i=i, j=j: sum(
                    at(w, m, n) * at(x, i + 2 * m, j + 2 * n) for m in range(3) for n in range(3)
                ),
            )
            for i in range(3)
            for j in range(3)
        ]
    )


def _dw(step: int) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        x, g = v["x"], v["g"]
        return each(
            [
                (
                    lambda m=m, n=n: v["dw"][m, n],
                    lambda m=m, n=n: sum(
                        at(g, i, j) * at(x, i + step * m, j + step * n)
                        for i in range(3)
                        for j in range(3)
                    ),
                )
                for m in range(3)
                for n in range(3)
            ]
        )

    return check


def _dx(step: int) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        g, w = v["g"], v["w"]  # the note declares g zero outside its 3x3 range
        return each(
            [
                (
                    lambda p=p, q=q: v["dx"][p, q],
                    lambda p=p, q=q: sum(
                        zat(g, p - step * m, q - step * n) * at(w, m, n)
                        for m in range(3)
                        for n in range(3)
                    ),
                )
                for p in range(7)
                for q in range(7)
            ]
        )

    return check


def _dx_operator(pad: int, rotate: bool) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        kernel = v["w"][::-1, ::-1] if rotate else v["w"]
        return same(v["dx"], corr2d(np.pad(v["g"], pad), kernel, dilation=2))

    return check


def _span(h: int, k: int, d: int) -> int:
    """Span of the dilated kernel as torch sees it: input side - output side + 1."""
    out = F.conv2d(
        torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64), dilation=d
    )
    return h - out.shape[-1] + 1


_SIZES = [(7, 3, 2), (9, 3, 3), (8, 2, 2)]  # (H, K, d): the gist's, and two more with d > 1


def _out_side(h: int, k: int, d: int) -> int:
    return h - _span(h, k, d) + 1


def _receptive_field() -> int:
    """Rows of the input that reach the centre output of three 3x3 layers, dilations 1, 2, 4."""
    x = torch.zeros(1, 1, 41, 41, dtype=F64, requires_grad=True)
    a = x
    for d in (1, 2, 4):
        a = F.conv2d(a, torch.ones(1, 1, 3, 3, dtype=F64), dilation=d)
    a[0, 0, a.shape[-2] // 2, a.shape[-1] // 2].backward()
    rows = np.nonzero(x.grad[0, 0].abs().sum(1).numpy())[0]
    return int(rows.max() - rows.min() + 1)


GIST = keyed(
    "dilated_conv_gist",
    [
        (
            r"K_{\text{eff}} = d(K - 1)",
            1,
            lambda: [d * (k - 1) + 1 == _span(h, k, d) for h, k, d in _SIZES],
        ),
        (r"K_{\text{eff}} = d(K - 1)", 2, lambda: count_claim(2 * (3 - 1) + 1, 5, _span(7, 3, 2))),
        (
            r"H_{\text{out}} = H - dK + 1",
            1,
            lambda: [h - d * k + 1 == _out_side(h, k, d) for h, k, d in _SIZES],
        ),
        ("$$y[i][j] = ", 1, _gist(_forward, 600)),
        ("g[i][j]\\; x[i + 2m]", 1, _gist(_dw(2), 610)),
        ("g[i][j]\\; x[i + m]", 1, _gist(_dw(1), 620)),
        ("g[p - 2m][q - 2n]", 1, _gist(_dx(2), 630)),
        ("g[p - m][q - n]", 1, _gist(_dx(1), 640)),
        (
            r"\operatorname{pad}_4(g) \star_2 \operatorname{rot}",
            1,
            _gist(_dx_operator(4, True), 650),
        ),
        (r"\operatorname{pad}_2(g) \star_2", 1, _gist(_dx_operator(2, True), 660)),
        (r"\operatorname{pad}_4(g) \star_2 w", 1, _gist(_dx_operator(4, False), 670)),
        (r"\text{RF} = ", 1, lambda: arithmetic(_receptive_field(), 1 + (1 + 2 + 4))),
        (r"\text{RF} = ", 2, lambda: arithmetic(1 + (1 + 2 + 4), 8)),
    ],
)


# --- cuaderno_conv_relu.md: the note's 3x3 X, 2x2 K, b = 0, G = dL/dA, 0-based

_X = np.array([[1, 2, 0], [0, 1, 3], [2, 1, 1]], dtype=np.float64)
_K = np.array([[1, -1], [2, 0]], dtype=np.float64)
_G = np.array([[1, 2], [-1, 1]], dtype=np.float64)


def _notebook() -> dict:
    xt, kt, bt = t64(_X, True), t64(_K, True), t64([0.0], True)
    z = F.conv2d(xt[None, None], kt[None, None], bt)[0, 0]
    z.retain_grad()
    a = torch.relu(z)  # torch takes relu'(0) = 0, the note's convention
    (a * t64(_G)).sum().backward()
    out = {"z": z.detach().numpy(), "a": a.detach().numpy(), "dz": z.grad.numpy()}
    return out | {"dk": kt.grad.numpy(), "dx": xt.grad.numpy(), "db": float(bt.grad[0])}


_NB = _notebook()


def _dk01_swapped() -> list[bool]:
    dz = _NB["dz"]
    written = sum(dz[i, j] * at(_X, i + 1, j) for i in range(2) for j in range(2))
    return arithmetic(_NB["dk"][0, 1], written)


CUADERNO = keyed(
    "cuaderno_conv_relu",
    [
        ("$$z_{11} = ", 1, lambda: arithmetic(_NB["z"][1, 1], 1 * 1 + 3 * (-1) + 1 * 2 + 1 * 0)),
        ("$$z_{11} = ", 2, lambda: arithmetic(1 * 1 + 3 * (-1) + 1 * 2 + 1 * 0, 1)),
        (r"$$A = \begin{pmatrix}", 1, lambda: [same(_NB["a"], [[0, 4], [3, 0]])]),
        (r"\partial Z} = \begin{pmatrix}", 1, lambda: [same(_NB["dz"], [[0, 2], [-1, 0]])]),
        (r"\partial K} = X \star", 1, lambda: [same(_NB["dk"], corr2d(_X, _NB["dz"]))]),
        (r"\partial K} = \begin{pmatrix}", 1, lambda: [same(_NB["dk"], [[4, -1], [0, 6]])]),
        (r"\partial k_{01}}", 1, _dk01_swapped),
        (
            r"\star \operatorname{rot180}(K)",
            1,
            lambda: [same(_NB["dx"], corr2d(np.pad(_NB["dz"], 1), _K[::-1, ::-1]))],
        ),
        (
            r"\partial X} = \begin{pmatrix}",
            1,
            lambda: [same(_NB["dx"], [[0, 2, -2], [-1, 5, 0], [-2, 0, 0]])],
        ),
        (r"\right) \star K$$", 1, lambda: [same(_NB["dx"], corr2d(np.pad(_NB["dz"], 1), _K))]),
        (r"\partial b} = \sum", 1, lambda: arithmetic(_NB["db"], _G.sum())),
        (r"\partial b} = \sum", 2, lambda: arithmetic(1 + 2 - 1 + 1, 3)),
    ],
)

NOTES_D: dict[tuple[str, int, int], Truth] = {**GIST, **CUADERNO}
