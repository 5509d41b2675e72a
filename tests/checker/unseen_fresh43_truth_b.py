"""Independent truth for the fresh43 unseen set, second part: the notes
apuntes_convtranspose2d_adjunta, saiten_kimatsu_mon3_gyakudenpa_enzanshi and
homework_cifar10_keras_summary_by_hand (conventions as in unseen_fresh43_truth.py, which merges
this table into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
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
    agree,
    anchored_claims,
    conv,
    conv_out,
    corr,
    dilate,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh43"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- apuntes_convtranspose2d_adjunta.md (Spanish study notes): F.conv2d / F.conv_transpose2d
# with the same weight tensor W, no bias in section 3; section 4 single channel, p = 0.

APU = "apuntes_convtranspose2d_adjunta"

# PyTorch requires output_padding < max(stride, dilation)
_T_GRID = [
    (h, k, s, p, a, d)
    for h in (3, 5, 8)
    for k in (2, 3, 4)
    for s in (1, 2, 3)
    for p in (0, 1)
    for d in (1, 2)
    for a in range(max(s, d))
]
# the note's s = 2 and another stride: "s H_in + k - 2p - 1" is the formula only at s = 1
_T_GRID_S = [(h, k, s, p) for h in (4, 8, 16) for k in (2, 3, 4) for s in (2, 3) for p in (0, 1)]
# (C_in of the conv, C_out of the conv, k, input side): the sizes where the transposed conv
# gives the input side back (the last window ends on the last row)
_ADJ_SIZES = ((3, 2, 3, 9), (4, 2, 4, 16))


def _adj(r: np.random.Generator, ci: int, co: int, k: int, h: int) -> dict:
    x, w = r.normal(size=(1, ci, h, h)), r.normal(size=(co, ci, k, k))
    o = (h - k) // 2 + 1
    y = r.normal(size=(1, co, o, o))
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


def _apu(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(_adj(r, *size)) for size in _ADJ_SIZES), seed)


def _matrices() -> tuple[np.ndarray, np.ndarray]:
    """The matrix C of x -> conv2d(x, W, stride=2) on 7 x 7 and the matrix of
    y -> conv_transpose2d(y, W, stride=2) on 3 x 3, column by column from basis vectors."""
    w = t64(np.random.default_rng(4340).normal(size=(1, 1, 3, 3)))
    cols_c = [
        F.conv2d(t64(np.eye(49)[e].reshape(1, 1, 7, 7)), w, stride=2).numpy().ravel()
        for e in range(49)
    ]
    cols_t = [
        F.conv_transpose2d(t64(np.eye(9)[e].reshape(1, 1, 3, 3)), w, stride=2).numpy().ravel()
        for e in range(9)
    ]
    return np.array(cols_c).T, np.array(cols_t).T


MAT_C, MAT_T = _matrices()


def _single(r: np.random.Generator, p: int = 0) -> dict:
    y, w = r.normal(size=(4, 4)), r.normal(size=(3, 3))
    out = F.conv_transpose2d(t64(y[None, None]), t64(w[None, None]), stride=2, padding=p)
    return {"y": y, "w": w, "t": out.numpy()[0, 0]}


def _crop(a: np.ndarray, p: int) -> np.ndarray:
    return a[p : a.shape[0] - p, p : a.shape[1] - p]


def _crop_agrees(r: np.random.Generator) -> bool:
    """conv_transpose2d with padding p (1 and 2) against the p = 0 result cropped by p."""
    y, w = t64(r.normal(size=(1, 1, 4, 4))), t64(r.normal(size=(1, 1, 3, 3)))
    full = F.conv_transpose2d(y, w, stride=2).numpy()[0, 0]
    return all(
        same(F.conv_transpose2d(y, w, stride=2, padding=p).numpy()[0, 0], _crop(full, p))
        for p in (1, 2)
    )


APU_CLAIMS = claims_of(
    APU,
    {
        "d\\,(k - 1) + a + 1$$": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
                ),
                _T_GRID,
            )
        ],
        "(16 - 1) \\cdot 2 - 2 \\cdot 1": [
            equal(tconv_out(16, 4, 2, 1), (16 - 1) * 2 - 2 * 1 + (4 - 1) + 1),
            equal((16 - 1) * 2 - 2 * 1 + (4 - 1) + 1, 32),
        ],
        "Dicho de otra forma": [
            grid(lambda h, k, s, p: tconv_out(h, k, s, p) == s * h + k - 2 * p - 1, _T_GRID_S)
        ],
        "Con núcleo 3": [
            None,
            None,
            equal(tconv_out(16, 3, 2, 1), 2 * 16),
            equal(2 * 16, 32),
            equal(tconv_out(16, 3, 2, 1, a=1), (16 - 1) * 2 - 2 + 2 + 1 + 1),
            equal((16 - 1) * 2 - 2 + 2 + 1 + 1, 32),
        ],
        "$H' = \\left\\lfloor": [
            equal(conv_out(32, 4, 2, 1), (32 + 2 - 4) // 2 + 1),
            equal((32 + 2 - 4) // 2 + 1, 16),
        ],
        "$$P = 64": [
            equal(params(nn.ConvTranspose2d(64, 32, 4)), 64 * 32 * 4 * 4 + 64),
            equal(64 * 32 * 4 * 4 + 64, 32832),
        ],
        "\\langle \\mathcal{C}_2(x, W),\\, y \\rangle = \\langle": [
            _apu(
                lambda v: math.isclose(
                    float(np.sum(v["cx"] * v["y"])),
                    float(np.sum(v["x"] * v["ty"])),
                    rel_tol=1e-9,
                    abs_tol=1e-9,
                ),
                4341,
            )
        ],
        "\\frac{\\partial}{\\partial x} \\langle": [_apu(lambda v: same(v["ty"], v["grad"]), 4342)],
        "Si aplanamos los mapas": [
            None,
            single(lambda: same(MAT_T, MAT_C.T)),
            _apu(
                lambda v: same(F.conv2d(t64(v["ty"]), t64(v["w"]), stride=2).numpy(), v["y"]),
                4343,
            ),
        ],
        "\\operatorname{pad}_{k-1}(\\operatorname{dil}_2(Y))": [
            trials(
                lambda r: (lambda v: same(v["t"], corr(pad(dilate(v["y"], 2), 2), rot180(v["w"]))))(
                    _single(r)
                ),
                4344,
            )
        ],
        "\\operatorname{pad}_{k-1}(Y) \\star": [
            trials(
                lambda r: (lambda v: same(v["t"], corr(pad(v["y"], 2), rot180(v["w"]))))(
                    _single(r)
                ),
                4345,
            )
        ],
        "Con relleno $p > 0$": [None, trials(_crop_agrees, 4346)],
    },
)


# --- saiten_kimatsu_mon3_gyakudenpa_enzanshi.md (Japanese grader's notes): one channel, 0-based,
# valid correlation, Y = X star W + b, G = dL/dY; stride 2 at sizes where the last window ends on
# the last row; multi-channel C = 2, F = 3.

SAI = "saiten_kimatsu_mon3_gyakudenpa_enzanshi"
_ONE_SIZES = ((5, 3), (6, 2))
_STRIDE_SIZES = ((7, 3), (6, 2))  # (H - k) even: the last window ends on the last row


def _one(r: np.random.Generator, h: int, k: int, s: int = 1) -> dict:
    x, w, b = r.normal(size=(1, 1, h, h)), r.normal(size=(1, 1, k, k)), r.normal(size=1)
    o = (h - k) // s + 1
    g = r.normal(size=(1, 1, o, o))
    v = conv(x, w, b, g, stride=s)
    return {
        "x": x[0, 0],
        "w": w[0, 0],
        "g": g[0, 0],
        "h": h,
        "k": k,
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
        "db": float(v["db"][0]),
    }


def _sai(rel: Callable[[dict], bool], seed: int, s: int = 1) -> Truth:
    """One bool per trial and size."""
    sizes = _STRIDE_SIZES if s > 1 else _ONE_SIZES

    def run() -> list[bool]:
        return [
            agree(lambda t=t, h=h, k=k: rel(_one(np.random.default_rng(seed + t), h, k, s)))
            for t in range(3)
            for h, k in sizes
        ]

    return run


def _full(g: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The full (flipping) convolution out[p, q] = sum_{i,j} g[i,j] w[p-i, q-j]."""
    n = g.shape[0] + w.shape[0] - 1
    return np.array(
        [
            [
                sum(
                    g[i, j] * zat(w, p - i, q - j)
                    for i in range(g.shape[0])
                    for j in range(g.shape[1])
                )
                for q in range(n)
            ]
            for p in range(n)
        ]
    )


def _multi(r: np.random.Generator, h: int, k: int) -> dict:
    x, w, b = r.normal(size=(1, 2, h, h)), r.normal(size=(3, 2, k, k)), r.normal(size=3)
    g = r.normal(size=(1, 3, h - k + 1, h - k + 1))
    v = conv(x, w, b, g)
    return {"x": x[0], "w": w, "g": g[0], "k": k, "dx": v["dx"][0], "dw": v["dw"]}


def _sai_mc(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(_multi(r, h, k)) for h, k in _ONE_SIZES), seed)


SAI_W = np.array([[1.0, 2], [3, 4]])
SAI_G = np.array([[1.0, 0], [0, 1]])
SAI_DX = conv(
    np.random.default_rng(4350).normal(size=(1, 1, 3, 3)),  # dX does not depend on X
    SAI_W[None, None],
    np.zeros(1),
    SAI_G[None, None],
)["dx"][0, 0]

SAI_CLAIMS = claims_of(
    SAI,
    {
        "答案 (a-1)：": [_sai(lambda v: same(v["dw"], corr(v["x"], v["g"])), 4351)],
        "答案 (a-2)：": [_sai(lambda v: math.isclose(v["db"], v["g"].sum()), 4352)],
        "答案 (a-3)：": [
            _sai(lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 1), v["w"])), 4353)
        ],
        "答案 (a-4)：": [
            _sai(lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 2), rot180(v["w"]))), 4354)
        ],
        "答案 (a-5)：": [
            _sai(lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 1), v["w"].T)), 4355)
        ],
        "答案 (a-6)：": [
            _sai(
                lambda v: (
                    pad(v["g"], v["k"] - 1).shape[0] == (v["h"] - v["k"] + 1) + 2 * (v["k"] - 1)
                ),
                4356,
            ),
            grid(
                lambda h, k: (h - k + 1) + 2 * (k - 1) == h + k - 1,
                [(h, k) for h in range(3, 9) for k in range(1, 4)],
            ),
        ],
        "答案 (a-7)：": [_sai(lambda v: same(v["dx"], _full(v["g"], v["w"])), 4357)],
        "答案 (b-1)：": [_sai(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 4358, s=2)],
        "答案 (b-2)：": [
            _sai(lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 1), rot180(v["w"]))), 4359, s=2)
        ],
        "答案 (b-3)：": [
            _sai(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), v["k"] - 1), rot180(v["w"]))),
                4360,
                s=2,
            )
        ],
        "答案 (b-4)：": [_sai(lambda v: same(v["dw"], corr(v["x"], v["g"])[::2, ::2]), 4361, s=2)],
        "答案 (c-1)：": [
            _sai_mc(
                lambda v: same(
                    v["dw"], [[corr(v["x"][c], v["g"][f]) for c in range(2)] for f in range(3)]
                ),
                4362,
            )
        ],
        "答案 (c-2)：": [
            _sai_mc(
                lambda v: same(
                    v["dx"],
                    [
                        sum(
                            corr(pad(v["g"][f], v["k"] - 1), rot180(v["w"][f, c])) for f in range(3)
                        )
                        for c in range(2)
                    ],
                ),
                4363,
            )
        ],
        "とすると、角は一項だけ": [
            single(lambda: math.isclose(SAI_DX[0, 0], SAI_G[0, 0] * SAI_W[0, 0])),
            single(lambda: math.isclose(SAI_G[0, 0] * SAI_W[0, 0], 1)),
            single(lambda: math.isclose(SAI_DX[2, 2], SAI_G[1, 1] * SAI_W[1, 1])),
            single(lambda: math.isclose(SAI_G[1, 1] * SAI_W[1, 1], 4)),
            single(
                lambda: math.isclose(
                    SAI_DX[1, 1], SAI_G[0, 0] * SAI_W[1, 1] + SAI_G[1, 1] * SAI_W[0, 0]
                )
            ),
            single(lambda: math.isclose(SAI_G[0, 0] * SAI_W[1, 1] + SAI_G[1, 1] * SAI_W[0, 0], 5)),
            single(lambda: math.isclose(SAI_DX[1, 0], SAI_G[0, 0] * SAI_W[0, 1])),
            single(lambda: math.isclose(SAI_G[0, 0] * SAI_W[0, 1], 2)),
        ],
    },
)


# --- homework_cifar10_keras_summary_by_hand.md (English homework): the Keras model of the note
# on 32 x 32 x 3.  Keras' Conv2D / Dense hold the same weights and biases as torch's Conv2d /
# Linear; Keras' BatchNormalization counts gamma, beta (trainable) and the moving mean and
# variance (non-trainable), torch's weight, bias, running_mean and running_var.

HW = "homework_cifar10_keras_summary_by_hand"


def _cifar_net() -> torch.nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(32, 32, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Dropout(0.25),
        nn.Conv2d(32, 64, 3, padding=1),
        nn.ReLU(),
        nn.BatchNorm2d(64),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(3136, 128),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(128, 10),
    ).double()


NET = _cifar_net().eval()


def _keras_count(layer: torch.nn.Module) -> int:
    """Keras' Param # of the layer: trainable parameters plus BatchNorm's moving statistics."""
    stats = sum(
        b.numel() for name, b in layer.named_buffers() if name in ("running_mean", "running_var")
    )
    return params(layer) + stats


def _shapes() -> list[tuple[int, ...]]:
    h, out = torch.zeros(1, 3, 32, 32, dtype=F64), []
    with torch.no_grad():
        for layer in NET:
            h = layer(h)
            out.append(tuple(h.shape[1:]))
    return out


SHAPES = _shapes()
SIDE_2, SIDE_3, SIDE_4, FLAT = SHAPES[2][-1], SHAPES[4][-1], SHAPES[9][-1], SHAPES[10][0]
P1, P2, P3, P4, P5, P6 = (_keras_count(NET[i]) for i in (0, 2, 6, 8, 11, 14))
P_TOTAL = sum(_keras_count(m) for m in NET)
P_NONTRAIN = P_TOTAL - params(NET)

HW_CLAIMS = claims_of(
    HW,
    {
        "| conv2d (Conv2D)": [equal(P1, 896)],
        "| conv2d_1 (Conv2D)": [equal(P2, 9216)],
        "| conv2d_2 (Conv2D)": [equal(P3, 18496)],
        "| batch_normalization": [equal(P4, 128)],
        "| dense (Dense)": [equal(P5, 401536)],
        "| dense_1 (Dense)": [equal(P6, 1290)],
        "Total params:": [equal(P_TOTAL, 431562), equal(P_NONTRAIN, 0)],
        "**Shapes.**": [
            equal(SIDE_2, 32 - 3 + 1),
            equal(32 - 3 + 1, 30),
            equal(SIDE_3, 30 / 2),
            equal(30 / 2, 15),
            equal(SIDE_4, math.floor(15 / 2)),
            equal(math.floor(15 / 2), 7),
            equal(FLAT, 7 * 7 * 64),
            equal(7 * 7 * 64, 3136),
        ],
        "$$P_2 = 3": [equal(P2, 3 * 3 * 32 * 32), equal(3 * 3 * 32 * 32, 9216)],
        "The third conv, with one bias": [
            equal(P3, 3 * 3 * 32 * 64 + 64),
            equal(3 * 3 * 32 * 64 + 64, 18496),
        ],
        "BatchNormalization learns": [equal(P4, 2 * 64), equal(2 * 64, 128)],
        "$$P_5 = 3136": [equal(P5, 3136 * 128 + 128), equal(3136 * 128 + 128, 401536)],
    },
)

NOTES_B: Claims = {**APU_CLAIMS, **SAI_CLAIMS, **HW_CLAIMS}
