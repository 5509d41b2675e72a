"""Independent truth for the fresh17 notes slides_im2col_backward (batch of 2, 2 channels of
6x6, 4 filters 3x3, stride 1, no padding, loss summed; im2col rows (c, u, v), columns (n, i, j)),
qa_dilated_strided_audio (1-D: L = 12, K = 3, d = 2; stride 2 with L = 13 and L = 12; a K = 2
block with dilations 1, 2, 4, 8; causal left padding for K = 3, d = 4) and
selfcheck_sizes_counts (symbolic sizes over grids, a few numbers). Helpers and conventions as
in unseen_fresh17_truth.py."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh17_truth import equal, keyed, trials
from unseen_truth_base import F64, Truth, at, conv, conv_out, corr, pad, params, same, t64

# --- slides_im2col_backward.md

SLIDES = "slides_im2col_backward"


def im2col(x: np.ndarray, k: int) -> np.ndarray:
    """Rows (channel, kernel row, kernel column), columns (image, output row, output column)."""
    n, c, h, _ = x.shape
    o = h - k + 1
    return np.array(
        [
            [x[b, ch, i + u, j + v] for b in range(n) for i in range(o) for j in range(o)]
            for ch in range(c)
            for u in range(k)
            for v in range(k)
        ]
    )


def _gemm(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 2, 6, 6)), r.normal(size=(4, 2, 3, 3)), r.normal(size=4)
    g = r.normal(size=(2, 4, 4, 4))
    v = conv(x, w, b, g)
    as_mat = lambda a: a.transpose(1, 0, 2, 3).reshape(4, 32)  # noqa: E731
    return {
        "x": x, "w": w, "b": b, "g": g, "xcol": im2col(x, 3), "wrow": w.reshape(4, 18),
        "ymat": as_mat(v["z"]), "dymat": as_mat(g), "dwrow": v["dw"].reshape(4, 18),
        "db": v["db"], "dx": v["dx"],
    }  # fmt: skip


def _on_gemm(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_gemm(r)), seed)


def _dxcol(v: dict) -> np.ndarray:
    """dL/dX_col with X_col a free matrix, L = sum(Y_mat * dY_mat), Y_mat = W_row X_col + b 1^T."""
    xcol = t64(v["xcol"], True)
    y = t64(v["wrow"]) @ xcol + t64(v["b"])[:, None]
    (y * t64(v["dymat"])).sum().backward()
    return xcol.grad.numpy()


def copies(p: int, q: int) -> int:
    """Columns of one image's X_col (one channel's rows) holding pixel (p, q) of a 6x6 map."""
    ids = np.arange(36, dtype=np.float64).reshape(1, 1, 6, 6)
    cols = im2col(ids, 3)
    return int(sum((cols[:, j] == 6 * p + q).any() for j in range(cols.shape[1])))


def _per_image(v: dict) -> bool:
    dy, xc = v["dymat"], v["xcol"]
    return same(
        v["dwrow"],
        sum(dy[:, 16 * n : 16 * n + 16] @ xc[:, 16 * n : 16 * n + 16].T for n in range(2)),
    )


def _no_rot(v: dict) -> bool:
    return all(
        same(v["dx"][n, c], sum(corr(pad(v["g"][n, f], 2), v["w"][f, c]) for f in range(4)))
        for n in range(2)
        for c in range(2)
    )


_ROWS_L2 = params(torch.nn.Conv2d(4, 8, 5, bias=False)) // 8

SLIDE_ROWS = keyed(
    SLIDES,
    [
        ("$$H_{out} = 6 - 3 + 1 = 4$$", 1, equal(conv_out(6, 3), 6 - 3 + 1)),
        ("$$H_{out} = 6 - 3 + 1 = 4$$", 2, equal(6 - 3 + 1, 4)),
        ("$$C K^2 = 18$$", 1, equal(im2col(np.zeros((2, 2, 6, 6)), 3).shape[0], 18)),
        (
            "$$Y_{mat} = W_{row} X_{col}",
            1,
            _on_gemm(
                lambda v: same(v["ymat"], v["wrow"] @ v["xcol"] + np.outer(v["b"], np.ones(32))),
                700,
            ),
        ),
        (
            "$$dW_{row} = dY_{mat} X_{col}^\\top$$",
            1,
            _on_gemm(lambda v: same(v["dwrow"], v["dymat"] @ v["xcol"].T), 710),
        ),
        ("dY^{(n)} X_{col}^{(n)\\top}", 1, _on_gemm(_per_image, 720)),
        (
            "$$db = \\mathbf{1}_4^\\top",
            1,
            _on_gemm(lambda v: same(v["db"], np.ones(4) @ v["dymat"]), 730),
        ),
        (
            "$$dX_{col} = W_{row}^\\top dY_{mat}$$",
            1,
            _on_gemm(lambda v: same(_dxcol(v), v["wrow"].T @ v["dymat"]), 740),
        ),
        (
            "$$dX_{col} = dY_{mat} W_{row}^\\top$$",
            1,
            _on_gemm(lambda v: same(_dxcol(v), v["dymat"] @ v["wrow"].T), 750),
        ),
        ("$$n(0, 3) = 3$$", 1, equal(copies(0, 3), 3)),
        ("$$n(1, 4) = 2 \\cdot 3 = 6$$", 1, equal(copies(1, 4), 2 * 3)),
        ("$$n(1, 4) = 2 \\cdot 3 = 6$$", 2, equal(2 * 3, 6)),
        (
            "\\frac{1}{N} dY_{mat}",
            1,
            _on_gemm(lambda v: same(v["dwrow"], v["dymat"] @ v["xcol"].T / 2), 760),
        ),
        ("4 \\cdot 5 \\cdot 2 = 40", 1, equal(_ROWS_L2, 4 * 5 * 2)),
        ("4 \\cdot 5 \\cdot 2 = 40", 2, equal(4 * 5 * 2, 40)),
        ("\\operatorname{pad}_2(dY_f) \\star W_{f,c}", 1, _on_gemm(_no_rot, 770)),
    ],
)


# --- qa_dilated_strided_audio.md

QA = "qa_dilated_strided_audio"


def corr1(a: np.ndarray, k: np.ndarray, d: int = 1) -> np.ndarray:
    """Valid 1-D cross-correlation with the kernel dilated by d: out[t] = sum_k a[t + d k] k[k]."""
    n = len(a) - d * (len(k) - 1)
    return np.array([sum(at(a, t + d * j) * k[j] for j in range(len(k))) for t in range(n)])


def dilate1(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros((len(a) - 1) * s + 1)
    out[::s] = a
    return out


def conv1(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(xt, wt, **kw)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0]}


def _dilated(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=12), r.normal(size=3), r.normal(size=8)
    return {"x": x, "w": w, "g": g, **conv1(x, w, g, dilation=2)}


def _strided(r: np.random.Generator, length: int) -> dict:
    x, w = r.normal(size=length), r.normal(size=3)
    g = r.normal(size=(length - 3) // 2 + 1)
    return {"x": x, "w": w, "g": g, **conv1(x, w, g, stride=2)}


def _on(
    make: Callable[[np.random.Generator], dict], rel: Callable[[dict], bool], seed: int
) -> Truth:
    return trials(lambda r: rel(make(r)), seed)


def receptive_field(k: int, dilations: tuple[int, ...]) -> int:
    """Inputs that reach one output of the stack (positive weights, so nothing cancels)."""
    x = torch.zeros(1, 1, 64, dtype=F64, requires_grad=True)
    y = x
    for d in dilations:
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=F64), dilation=d)
    y[0, 0, -1].backward()
    return int((x.grad != 0).sum())


def causal_pad(k: int, d: int, length: int = 20) -> int:
    """Left padding for which the dilated conv's output is as long as its input."""
    x = torch.zeros(1, 1, length, dtype=F64)
    w = torch.zeros(1, 1, k, dtype=F64)
    return next(
        p for p in range(4 * k * d) if F.conv1d(F.pad(x, (p, 0)), w, dilation=d).shape[-1] == length
    )


def _span(k: int, d: int) -> int:
    length = 30
    out = F.conv1d(
        torch.zeros(1, 1, length, dtype=F64), torch.zeros(1, 1, k, dtype=F64), dilation=d
    )
    return length - out.shape[-1] + 1


_R = receptive_field(2, (1, 2, 4, 8))
_L_OUT = int(F.conv1d(torch.zeros(1, 1, 12), torch.zeros(1, 1, 3), dilation=2).shape[-1])

QA_ROWS = keyed(
    QA,
    [
        ("$$R = K \\cdot", 1, equal(_R, 2 * (1 + 2 + 4 + 8))),
        ("$$R = K \\cdot", 2, equal(2 * (1 + 2 + 4 + 8), 30)),
        ("Let's do a toy layer", 4, lambda: [_span(3, 2) == 2 * (3 - 1) + 1 == 5]),
        ("$$L_{out} = 12 - 2", 1, equal(_L_OUT, 12 - 2 * (3 - 1))),
        ("$$L_{out} = 12 - 2", 2, equal(12 - 2 * (3 - 1), 8)),
        ("$$y[t] = \\sum", 1, _on(_dilated, lambda v: same(v["y"], corr1(v["x"], v["w"], 2)), 800)),
        (
            "\\partial w[k]}",
            1,
            _on(
                _dilated,
                lambda v: same(
                    v["dw"],
                    [sum(v["g"][t] * at(v["x"], t + k) for t in range(8)) for k in range(3)],
                ),
                810,
            ),
        ),
        (
            "\\operatorname{pad}_2(g) \\star_2",
            1,
            _on(_dilated, lambda v: same(v["dx"], corr1(np.pad(v["g"], 2), v["w"][::-1], 2)), 820),
        ),
        (
            "\\partial x} = \\operatorname{pad}_2(\\operatorname{dilate}_2(g))",
            1,
            _on(
                lambda r: _strided(r, 13),
                lambda v: same(v["dx"], corr1(np.pad(dilate1(v["g"], 2), 2), v["w"][::-1])),
                830,
            ),
        ),
        (
            "\\partial x'} =",
            1,
            _on(
                lambda r: _strided(r, 12),
                lambda v: same(v["dx"], corr1(np.pad(dilate1(v["g"], 2), 2), v["w"][::-1])),
                840,
            ),
        ),
        (
            "\\partial x'[11]} = 0",
            1,
            _on(lambda r: _strided(r, 12), lambda v: v["dx"][11] == 0.0, 850),
        ),
        ("$$R = 1 + (K - 1)", 1, equal(_R, 1 + (2 - 1) * (1 + 2 + 4 + 8))),
        ("$$P_{left} = (K - 1) d / 2$$", 1, equal(causal_pad(3, 4), (3 - 1) * 4 / 2)),
    ],
)


# --- selfcheck_sizes_counts.md: symbolic sizes over grids, then numbers

SELF = "selfcheck_sizes_counts"
_GRID = [
    (h, k, s, p)
    for h, k, s, p in itertools.product(range(1, 13), range(1, 6), range(1, 4), range(3))
    if h + 2 * p >= k
]


def _size_grid(formula: Callable[[int, int, int, int], int]) -> Truth:
    return lambda: [conv_out(h, k, s, p) == formula(h, k, s, p) for h, k, s, p in _GRID]


def _k_eff_grid() -> list[bool]:
    return [_span(k, d) == d * k for k, d in itertools.product(range(1, 6), range(2, 5))]


def _pool_half_grid() -> list[bool]:
    return [
        F.max_pool2d(torch.zeros(1, 1, h, h), 2, 2).shape[-1] == math.ceil(h / 2)
        for h in range(2, 13)
    ]


def _params_grid() -> list[bool]:
    return [
        params(torch.nn.Conv2d(ci, co, k)) == co * (ci * k * k + 1)
        for ci, co, k in itertools.product(range(1, 4), range(1, 4), range(1, 5))
    ]


SELF_ROWS = keyed(
    SELF,
    [
        ("\\right\\rfloor + 1$$", 1, _size_grid(lambda h, k, s, p: (h + 2 * p - k) // s + 1)),
        ("{S} \\right\\rfloor$$", 1, _size_grid(lambda h, k, s, p: (h + 2 * p - k) // s)),
        ("$$K_{eff} = d K$$", 1, _k_eff_grid),
        ("\\lceil H / 2 \\rceil", 1, _pool_half_grid),
        ("$$N_{params} = C_{out} (C_{in} K^2 + 1)$$", 1, _params_grid),
        ("224 + 6 - 7", 1, equal((224 + 6 - 7) // 2 + 1, 112)),
        ("28 + 2 - 3", 1, equal((28 + 2 - 3) // 2 + 1, 15)),
        ("128 \\cdot 64 \\cdot 9", 1, equal(params(torch.nn.Conv2d(64, 128, 3)), 128 * 64 * 9)),
        ("128 \\cdot 64 \\cdot 9", 2, equal(128 * 64 * 9, 73728)),
    ],
)

NOTES_C = {**SLIDE_ROWS, **QA_ROWS, **SELF_ROWS}
