"""Independent truth for the fresh45 unseen set, second part: the notes
shiyan_zhuanzhi_juanji_shangcaiyang, blog_batch_dimension_gradients and
ta_key_quiz_receptive_fields (conventions as in unseen_fresh45_truth.py, which merges this
table into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    conv,
    conv_out,
    corr,
    dilate,
    equal,
    pad,
    params,
    same,
    single,
    t64,
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh45"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- shiyan_zhuanzhi_juanji_shangcaiyang.md (Chinese lab handout): nn.ConvTranspose2d sizes
# on H_in = 4, parameter counts, the forward of a 2 x 2 input with a 3 x 3 kernel at stride 2
# (p = 0, one channel, no bias), and the relation to the stride-2 conv2d with the same weights.

SY = "shiyan_zhuanzhi_juanji_shangcaiyang"

# dilation 1 (the handout leaves it out); PyTorch requires output_padding a < s
_T_GRID = [
    (h, k, s, p, a)
    for h in (2, 4, 7)
    for k in (2, 3, 4, 5)
    for s in (1, 2, 3)
    for p in (0, 1)
    for a in range(s)
]
SY_X = np.array([[1, 2], [3, -1]], float)
SY_W = np.array([[1, 0, 2], [0, 1, 0], [-1, 1, 1]], float)
SY_Y = F.conv_transpose2d(t64(SY_X[None, None]), t64(SY_W[None, None]), stride=2).numpy()[0, 0]
# the handout's centre entry: the four patches that overlap at (2, 2)
SY_Y22 = SY_X[0, 0] * SY_W[2, 2] + SY_X[0, 1] * SY_W[2, 0] + SY_X[1, 0] * SY_W[0, 2]
SY_Y22 += SY_X[1, 1] * SY_W[0, 0]
# (conv input side, k): sizes where the transposed conv returns the conv's input side
_ADJ = ((7, 3), (8, 4), (9, 3))


def _adj(r: np.random.Generator, h: int, k: int) -> dict:
    """Random x (1, 3, h, h), W (2, 3, k, k), y; C = conv2d stride 2, T = conv_transpose2d stride
    2 with the same W; the autograd gradient of <C(x), y> with respect to x."""
    x, w = r.normal(size=(1, 3, h, h)), r.normal(size=(2, 3, k, k))
    o = (h - k) // 2 + 1
    y = r.normal(size=(1, 2, o, o))
    xt = t64(x, True)
    (F.conv2d(xt, t64(w), stride=2) * t64(y)).sum().backward()
    return {
        "x": x,
        "w": w,
        "y": y,
        "cx": F.conv2d(t64(x), t64(w), stride=2).numpy(),
        "ty": F.conv_transpose2d(t64(y), t64(w), stride=2).numpy(),
        "grad": xt.grad.numpy(),
    }


def _sy(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(_adj(r, *size)) for size in _ADJ), seed)


def _sy_single(r: np.random.Generator) -> bool:
    """One channel, p = 0: conv_transpose2d against the handout's pad_{k-1}(dil_2(Y)) star W
    (the kernel not flipped)."""
    y, w = r.normal(size=(3, 3)), r.normal(size=(3, 3))
    t = F.conv_transpose2d(t64(y[None, None]), t64(w[None, None]), stride=2).numpy()[0, 0]
    return same(t, corr(pad(dilate(y, 2), 2), w))


SY_CLAIMS = claims_of(
    SY,
    {
        "（$a$ 即": [None],
        "$$H_{out} = (H_{in} - 1)\\, s": [
            grid(
                lambda h, k, s, p, a: tconv_out(h, k, s, p, a) == (h - 1) * s - 2 * p + k + a,
                _T_GRID,
            )
        ],
        "下面都取输入边长": [None],
        "1. $k = 4$": [
            None,
            None,
            None,
            equal(tconv_out(4, 4, 2, 1), 3 * 2 - 2 + 4),
            equal(3 * 2 - 2 + 4, 8),
        ],
        "2. $k = 3$": [
            None,
            None,
            None,
            None,
            equal(tconv_out(4, 3, 2, 1, 1), 3 * 2 - 2 + 3 + 1),
            equal(3 * 2 - 2 + 3 + 1, 8),
        ],
        "3. $k = 3$": [
            None,
            None,
            None,
            equal(tconv_out(4, 3, 2, 0), 3 * 2 + 3),
            equal(3 * 2 + 3, 8),
        ],
        "4. $k = 3$": [None, None, None, equal(tconv_out(4, 3, 1, 1), 4 + 2), equal(4 + 2, 6)],
        "$$P_1 = 128": [
            equal(
                params(nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1)), 128 * 64 * 4 * 4 + 64
            ),
            equal(128 * 64 * 4 * 4 + 64, 131136),
        ],
        "$$P_2 = 64": [
            equal(params(nn.ConvTranspose2d(64, 3, 4, stride=2, padding=1)), 64 * 3 * 4 * 4 + 64),
            equal(64 * 3 * 4 * 4 + 64, 3136),
        ],
        "取 $p = 0$": [None],
        "$$X = \\begin": [None, None],
        "输出边长 $H_{out} = (2 - 1)": [
            equal(tconv_out(2, 3, 2), (2 - 1) * 2 + 3),
            equal((2 - 1) * 2 + 3, 5),
        ],
        "$$Y[2,2] =": [
            single(lambda: close(SY_Y[2, 2], SY_Y22)),
            equal(SY_Y22, 1 - 2 + 6 - 1),
            equal(1 - 2 + 6 - 1, 4),
        ],
        "$$Y = \\begin{bmatrix} 1 & 0 & 4": [
            single(
                lambda: same(
                    SY_Y,
                    [
                        [1, 0, 4, 0, 4],
                        [0, 1, 0, 2, 0],
                        [2, 1, 4, 2, 0],
                        [0, 3, 0, -1, 0],
                        [-3, 3, 4, -1, 1],
                    ],
                )
            )
        ],
        "检验": [
            single(lambda: close(float(SY_Y.sum()), float(SY_X.sum() * SY_W.sum()))),
            equal(float(SY_X.sum() * SY_W.sum()), 5 * 5),
            equal(5 * 5, 25),
        ],
        "记 $\\mathcal{C}(x) =$": [None, None],
        "\\langle \\mathcal{C}(x),\\, y \\rangle = \\langle": [
            _sy(
                lambda v: close(float(np.sum(v["cx"] * v["y"])), float(np.sum(v["x"] * v["ty"]))),
                4540,
            )
        ],
        "因此转置卷积就是": [None, _sy(lambda v: same(v["ty"], v["grad"]), 4541)],
        "单通道、$p = 0$": [None],
        "\\operatorname{pad}_{k-1}(\\operatorname{dil}_2(Y))": [trials(_sy_single, 4542)],
        "思考题的参考答案": [
            _sy(lambda v: same(F.conv2d(t64(v["ty"]), t64(v["w"]), stride=2).numpy(), v["y"]), 4543)
        ],
    },
)


# --- blog_batch_dimension_gradients.md (English blog post): one channel, one filter, a 2 x 2
# kernel, no padding, stride 1, N = 2 images of 3 x 3, L the sum over the batch, g^(n) =
# dL/dy^(n); 0-based spatial indices, n = 1, 2.  Layouts: contiguous NumPy arrays.

BLOG = "blog_batch_dimension_gradients"
BX = np.array([[[1, 2, 0], [0, 1, 1], [2, 0, 1]], [[0, 1, 3], [1, -1, 0], [2, 1, 1]]], float)
BG = np.array([[[1, 0], [2, -1]], [[0, 1], [1, 1]]], float)
# the note gives no W for the example: the gradients of W and b do not depend on it
BV = conv(
    BX[:, None], np.random.default_rng(4550).normal(size=(1, 1, 2, 2)), np.zeros(1), BG[:, None]
)
BDW, BDB = BV["dw"][0, 0], float(BV["db"][0])
BDW00 = (1 * 1 + 0 * 2 + 2 * 0 - 1 * 1) + (0 * 0 + 1 * 1 + 1 * 1 + 1 * (-1))
BN, BC, BH = 2, 3, 32


def _batch(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=(2, 1, 3, 3)), r.normal(size=(1, 1, 2, 2)), r.normal(size=(2, 1, 2, 2))
    v = conv(x, w, r.normal(size=1), g)
    return {
        "x": x[:, 0],
        "w": w[0, 0],
        "g": g[:, 0],
        "dx": v["dx"][:, 0],
        "dw": v["dw"][0, 0],
        "db": float(v["db"][0]),
    }


def _bt(check: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: check(_batch(r)), seed)


def _dw_sum(v: dict) -> bool:
    """dW[u,v] as the note's double sum over the batch and the output positions."""
    dw = np.array(
        [
            [
                sum(
                    v["g"][n, i, j] * v["x"][n, i + u, j + q]
                    for n in range(2)
                    for i in range(2)
                    for j in range(2)
                )
                for q in range(2)
            ]
            for u in range(2)
        ]
    )
    return same(v["dw"], dw)


def _offsets_nchw() -> bool:
    a = np.arange(BN * BC * BH * BH).reshape(BN, BC, BH, BH)
    n, c, i, j = np.indices(a.shape)
    return bool(np.array_equal(a, ((n * BC + c) * BH + i) * BH + j))


def _offsets_nhwc() -> bool:
    """The NHWC array indexed [n, i, j, c]: its flat offset against ((n H + i) W + j) C + c."""
    a = np.arange(BN * BH * BH * BC).reshape(BN, BH, BH, BC)
    n, i, j, c = np.indices(a.shape)
    return bool(np.array_equal(a, ((n * BH + i) * BH + j) * BC + c))


def _step(shape: tuple[int, ...], axis: int) -> int:
    """How far the flat offset moves for one step along the axis of a contiguous array."""
    a = np.zeros(shape)
    return a.strides[axis] // a.itemsize


OFF_NCHW = int(np.ravel_multi_index((1, 2, 5, 7), (BN, BC, BH, BH)))
OFF_NHWC = int(np.ravel_multi_index((1, 5, 7, 2), (BN, BH, BH, BC)))
B_OUT = F.conv2d(torch.zeros(2, 3, 32, 32, dtype=F64), torch.zeros(16, 3, 3, 3, dtype=F64)).numel()

BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "One input channel, one filter": [None, None],
        "$$y^{(n)}[i,j] = b": [None],
        "and $g^{(n)} =": [None],
        "\\partial W[u,v]} = \\sum_{n=1}": [_bt(_dw_sum, 4551)],
        "\\partial b} = \\sum_{n=1}": [_bt(lambda v: close(v["db"], float(v["g"].sum())), 4552)],
        "A thing I see": [
            _bt(
                lambda v: same(v["dw"], sum(corr(v["x"][n], v["g"][n]) for n in range(2)) / 2), 4553
            )
        ],
        "The input gradient, on the other hand": [
            _bt(lambda v: close(v["dx"][0, 0, 0], v["g"][0, 0, 0] * v["w"][0, 0]), 4554),
            _bt(
                lambda v: close(
                    v["dx"][0, 1, 1],
                    v["g"][0, 1, 1] * v["w"][0, 0] + v["g"][0, 0, 0] * v["w"][1, 1],
                ),
                4555,
            ),
        ],
        "$$x^{(1)} = \\begin": [None, None, None, None],
        "$$x^{(1)} \\star g^{(1)} = \\begin": [
            single(lambda: same(corr(BX[0], BG[0]), [[0, 3], [4, 0]])),
            single(lambda: same(corr(BX[1], BG[1]), [[1, 2], [2, 1]])),
        ],
        "\\partial W} = x^{(1)}": [
            single(lambda: same(BDW, corr(BX[0], BG[0]) + corr(BX[1], BG[1]))),
            single(lambda: same(corr(BX[0], BG[0]) + corr(BX[1], BG[1]), [[1, 5], [6, 1]])),
        ],
        "Spot check": [
            single(lambda: close(BDW[0, 0], BDW00)),
            equal(BDW00, 0 + 1),
            equal(0 + 1, 1),
        ],
        "Bias: $": [
            single(lambda: close(BDB, (1 + 0 + 2 - 1) + (0 + 1 + 1 + 1))),
            equal((1 + 0 + 2 - 1) + (0 + 1 + 1 + 1), 2 + 3),
            equal(2 + 3, 5),
        ],
        "PyTorch stores a batch as NCHW": [None, None, None],
        "\\operatorname{off}_{\\text{NCHW}}(n,c,i,j) = ((n C": [single(_offsets_nchw)],
        "\\operatorname{off}_{\\text{NHWC}}(n,c,i,j) = ((n H": [single(_offsets_nhwc)],
        "So $(n, c, i, j)": [
            None,
            equal(OFF_NCHW, (1 * 3 + 2) * 1024 + 5 * 32 + 7),
            equal((1 * 3 + 2) * 1024 + 5 * 32 + 7, 5287),
            equal(OFF_NHWC, ((32 + 5) * 32 + 7) * 3 + 2),
            equal(((32 + 5) * 32 + 7) * 3 + 2, 3575),
        ],
        "Stepping to the next channel": [
            equal(_step((BN, BC, BH, BH), 1), BH * BH),
            equal(BH * BH, 1024),
            equal(_step((BN, BH, BH, BC), 3), BH * BH),
            equal(BH * BH, 1024),
        ],
        "The kernel is laid out": [
            equal(nn.Conv2d(3, 16, 3).weight.numel(), 16 * 3 * 9),
            equal(16 * 3 * 9, 432),
            equal(B_OUT, 2 * 16 * 961),
            equal(2 * 16 * 961, 30752),
        ],
    },
)


# --- ta_key_quiz_receptive_fields.md (English TA answer key): conv 3 x 3 s1 p1, conv 3 x 3 s2
# p1, max pool 2 x 2 s2, conv 3 x 3 dilation 2 p0 on a one-channel 64 x 64 input.  The
# receptive field and jump of a layer are measured with autograd: all-ones weights (no
# cancellation), the input rows that the gradient of a central output reaches span r, and two
# neighbouring outputs' spans start j apart.  Max pooling reads its whole 2 x 2 window, so for the
# support it is replaced by average pooling (whose gradient reaches the same window).

TA = "ta_key_quiz_receptive_fields"
# (k, s, p, d) of the four layers; the pool as k = 2, s = 2
TA_LAYERS = ((3, 1, 1, 1), (3, 2, 1, 1), (2, 2, 0, 1), (3, 1, 0, 2))


def _layer(k: int, s: int, p: int, d: int, pool: bool) -> nn.Module:
    if pool:
        return nn.AvgPool2d(k, stride=s)
    m = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d, bias=False).double()
    with torch.no_grad():
        m.weight.fill_(1.0)
    return m


def _stats(depth: int) -> tuple[int, int, int]:
    """(side, receptive field, jump) after the first ``depth`` layers, on 64 x 64."""
    stack = nn.Sequential(
        *[_layer(*spec, pool=(n == 2)) for n, spec in enumerate(TA_LAYERS[:depth])]
    )
    x = torch.ones(1, 1, 64, 64, dtype=F64, requires_grad=True)
    y = stack(x)
    side = int(y.shape[-1])
    c = side // 2 - 1
    rows = []
    for i in (c, c + 1):
        (grad,) = torch.autograd.grad(y[0, 0, i, c], x, retain_graph=True)
        hit = np.nonzero(grad[0, 0].numpy().any(axis=1))[0]
        rows.append((int(hit.min()), int(hit.max())))
    return side, rows[0][1] - rows[0][0] + 1, rows[1][0] - rows[0][0]


TA_STATS = {0: (64, 1, 1)} | {n: _stats(n) for n in range(1, 5)}
(H1, R1, J1), (H2, R2, J2), (H3, R3, J3), (H4, R4, J4) = (TA_STATS[n] for n in range(1, 5))


def _keff(n: int) -> int:
    k, _, _, d = TA_LAYERS[n - 1]
    return d * (k - 1) + 1


def _closed(depth: int) -> int:
    return 1 + sum(
        (_keff(n) - 1) * math.prod(TA_LAYERS[m - 1][1] for m in range(1, n))
        for n in range(1, depth + 1)
    )


TA_CLAIMS = claims_of(
    TA,
    {
        "$$H_{out} = \\left\\lfloor \\frac{H_{in} + 2p - d": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                [
                    (h, k, s, p, d)
                    for h in (9, 16, 64)
                    for k in (2, 3)
                    for s in (1, 2)
                    for p in (0, 1)
                    for d in (1, 2)
                ],
            )
        ],
        "A dilated kernel covers": [None, None, None],
        "$$r_l = r_{l-1}": [
            lambda: [
                TA_STATS[n][1] == TA_STATS[n - 1][1] + (_keff(n) - 1) * TA_STATS[n - 1][2]
                for n in range(1, 5)
            ],
            lambda: [
                TA_STATS[n][2] == TA_STATS[n - 1][2] * TA_LAYERS[n - 1][1] for n in range(1, 5)
            ],
        ],
        "**Q1": [equal(H1, 64), equal(J1, 1), equal(R1, 3)],
        "**Q2": [
            equal(H2, (64 + 2 - 3) // 2 + 1),
            equal((64 + 2 - 3) // 2 + 1, 32),
            equal(J2, 2),
            equal(R2, 3 + 2 * 1),
            equal(3 + 2 * 1, 5),
        ],
        "**Q3": [
            equal(H3, 16),
            equal(J3, 4),
            equal(R3, 5 + (2 - 1) * 4),
            equal(5 + (2 - 1) * 4, 9),
        ],
        "**Q4": [
            equal(H4, 16 - 3 + 1),
            equal(16 - 3 + 1, 14),
            equal(J4, J3 * 2),
            equal(J3 * 2, 8),
            equal(R4, R3 + (3 - 1) * J3),
            equal(R3 + (3 - 1) * J3, 7 + 2 * 4),
            equal(7 + 2 * 4, 15),
        ],
        "$$r_L = 1": [lambda: [TA_STATS[n][1] == _closed(n) for n in range(1, 5)]],
        "Using the stride of the *current*": [equal(R2, 3 + 2 * 2), equal(3 + 2 * 2, 7)],
        "Treating max pooling": [equal(R3, R2)],
    },
)

NOTES_B: Claims = {**SY_CLAIMS, **BLOG_CLAIMS, **TA_CLAIMS}
