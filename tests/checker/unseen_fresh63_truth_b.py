"""Independent truth for the fresh63 unseen set, second part: the notes
kontrolnaya_zadacha3_gradient_vesov, lab_raporu_nn_sequential_boyut_parametre and
wiki_m5_raw_waveform_conv1d (conventions as in unseen_fresh63_truth.py, which merges this table
into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh63_truth import conv1, receptive_field
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
    conv,
    conv_out,
    corr,
    equal,
    params,
    same,
    single,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh63"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- kontrolnaya_zadacha3_gradient_vesov.md (Russian exam solution): 0-based, C = 2, F = 2,
# k = 2 on 3 x 3; the general formulas on random inputs at the note's sizes (and at 5 x 5 for
# stride 2), the numbers on the note's X and Delta.

KR = "kontrolnaya_zadacha3_gradient_vesov"
NC, NF, K = 2, 2, 2


def _kr(r: np.random.Generator, n: int = 1, side: int = 3, s: int = 1) -> dict:
    x, w, b = r.normal(size=(n, NC, side, side)), r.normal(size=(NF, NC, K, K)), r.normal(size=NF)
    o = (side - K) // s + 1
    g = r.normal(size=(n, NF, o, o))
    return {"xs": x, "gs": g, "x": x[0], "g": g[0], "w": w, "b": b, **conv(x, w, b, g, stride=s)}


def _kr_trials(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_kr(r, **kw)), seed)


def _kr_forward(v: dict) -> bool:
    x, w, b = v["x"], v["w"], v["b"]
    o = v["z"].shape[-1]
    rhs = [
        [
            [
                b[f]
                + sum(
                    w[f, c, i, j] * at(x, c, h + i, ww + j)
                    for c in range(NC)
                    for i in range(K)
                    for j in range(K)
                )
                for ww in range(o)
            ]
            for h in range(o)
        ]
        for f in range(NF)
    ]
    return same(v["z"][0], rhs)


def _kr_dw(v: dict, index: Callable[[int, int, int, int], tuple[int, int]], all_c: bool) -> bool:
    """dW[f,c,i,j] = sum over h, w of Delta[f,h,w] X[c', index(h, w, i, j)], c' = c or every c."""
    x, g = v["x"], v["g"]
    o = g.shape[-1]

    def entry(f: int, c: int, i: int, j: int) -> float:
        chans = range(NC) if all_c else (c,)
        return sum(
            g[f, h, ww] * at(x, cc, *index(h, ww, i, j))
            for cc in chans
            for h in range(o)
            for ww in range(o)
        )

    rhs = np.fromfunction(
        np.vectorize(lambda f, c, i, j: entry(f, c, i, j)), (NF, NC, K, K), dtype=int
    )
    return same(v["dw"], rhs)


def _kr_dw_batch(v: dict) -> bool:
    x, g = v["xs"], v["gs"]
    o = g.shape[-1]
    rhs = np.fromfunction(
        np.vectorize(
            lambda f, c, i, j: sum(
                g[n, f, h, ww] * at(x, n, c, h + i, ww + j)
                for n in range(x.shape[0])
                for h in range(o)
                for ww in range(o)
            )
        ),
        (NF, NC, K, K),
        dtype=int,
    )
    return same(v["dw"], rhs)


def _kr_sum_check(v: dict) -> bool:
    return all(
        math.isclose(v["dw"][f, c].sum(), v["g"][f].sum() * v["x"][c].sum())
        for f in range(NF)
        for c in range(NC)
    )


KR_X = np.array([[[1.0, 0, 2], [-1, 3, 1], [0, 2, -2]], [[2.0, 1, 0], [0, -1, 1], [1, 0, 3]]])
KR_D = np.array([[[1.0, -1], [0, 2]], [[0.0, 1], [2, -1]]])
KR_V = conv(KR_X[None], np.random.default_rng(6340).normal(size=(NF, NC, K, K)), np.zeros(NF),
            KR_D[None])  # fmt: skip
_T0000 = 1 * 1 + (-1) * 0 + 0 * (-1) + 2 * 3
_T0111 = 1 * (-1) + (-1) * 1 + 0 * 0 + 2 * 3
_T1001 = 0 * 0 + 1 * 2 + 2 * 3 + (-1) * 1

KR_CLAIMS = claims_of(
    KR,
    {
        "$$Y[f,h,w] = b[f]": [_kr_trials(_kr_forward, 6341)],
        "Размер выхода": [equal(conv_out(3, 2), 3 - 2 + 1), equal(3 - 2 + 1, 2)],
        "\\sum_{h=0}^{H_{out}-1} \\sum_{w=0}^{H_{out}-1}": [
            _kr_trials(lambda v: _kr_dw(v, lambda h, w, i, j: (h + i, w + j), False), 6342)
        ],
        "\\sum_{c'=0}^{C-1}": [
            _kr_trials(lambda v: _kr_dw(v, lambda h, w, i, j: (h + i, w + j), True), 6343)
        ],
        "Смещение:": [_kr_trials(lambda v: same(v["db"], v["g"].sum(axis=(1, 2))), 6344)],
        "Число компонент градиента": [
            _kr_trials(lambda v: v["dw"].size == NF * NC * K**2, 6345),
            equal(NF * NC * K**2, 2 * 2 * 4),
            equal(2 * 2 * 4, 16),
        ],
        "\\Delta[n,f,h,w]\\, X[n,c,h+i,w+j]": [_kr_trials(_kr_dw_batch, 6346, n=3)],
        "В операторной записи": [
            _kr_trials(
                lambda v: all(
                    same(v["dw"][f, c], corr(v["x"][c], v["g"][f]))
                    for f in range(NF)
                    for c in range(NC)
                ),
                6347,
            )
        ],
        "h+2i,\\, w+2j]": [
            _kr_trials(
                lambda v: _kr_dw(v, lambda h, w, i, j: (h + 2 * i, w + 2 * j), False),
                6348,
                side=5,
                s=2,
            )
        ],
        "\\partial W[0,0,0,0]}": [
            single(lambda: math.isclose(KR_V["dw"][0, 0, 0, 0], _T0000)),
            equal(_T0000, 7),
        ],
        "\\partial W[0,1,1,1]}": [
            single(lambda: math.isclose(KR_V["dw"][0, 1, 1, 1], _T0111)),
            equal(_T0111, 4),
        ],
        "\\partial W[1,0,0,1]}": [
            single(lambda: math.isclose(KR_V["dw"][1, 0, 0, 1], _T1001)),
            equal(_T1001, 0 + 2 + 6 + 1),
            equal(0 + 2 + 6 + 1, 9),
        ],
        "\\partial W[0,0]} = \\begin{bmatrix}": [
            single(lambda: same(KR_V["dw"][0, 0], [[7, 0], [0, 2]])),
            single(lambda: same(KR_V["dw"][0, 1], [[-1, 3], [1, 4]])),
            single(lambda: same(KR_V["dw"][1, 1], [[2, -3], [1, -2]])),
        ],
        "Смещения:": [
            single(lambda: math.isclose(KR_V["db"][0], 1 - 1 + 0 + 2)),
            equal(1 - 1 + 0 + 2, 2),
            single(lambda: math.isclose(KR_V["db"][1], 0 + 1 + 2 - 1)),
            equal(0 + 1 + 2 - 1, 1),
        ],
        "Проверка суммой": [_kr_trials(_kr_sum_check, 6349)],
        "Параметры слоя": [
            equal(params(nn.Conv2d(NC, NF, K)), NF * (NC * K**2 + 1)),
            equal(NF * (NC * K**2 + 1), 2 * 9),
            equal(2 * 9, 18),
        ],
    },
)


# --- lab_raporu_nn_sequential_boyut_parametre.md (Turkish lab report): the note's nn.Sequential
# on 1 x 28 x 28; counts are parameters() of each layer.

LAB = "lab_raporu_nn_sequential_boyut_parametre"


def _lab_model() -> torch.nn.Sequential:
    torch.manual_seed(6350)
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3),
        nn.BatchNorm2d(32),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(576, 128),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(128, 10),
    ).double()


LAB_MODEL = _lab_model()


def _lab_shapes() -> list[tuple[int, ...]]:
    h = torch.zeros(1, 1, 28, 28, dtype=F64)
    out = []
    with torch.no_grad():
        for layer in LAB_MODEL.eval():
            h = layer(h)
            out.append(tuple(h.shape[1:]))
    return out


LAB_SHAPES = _lab_shapes()
LP = [params(layer) for layer in LAB_MODEL]
LAB_M1 = flops_half(
    lambda: F.conv2d(torch.zeros(1, 1, 28, 28, dtype=F64), torch.zeros(16, 1, 5, 5, dtype=F64),
                     padding=2)
)  # fmt: skip
BN_STATE = sum(t.numel() for t in LAB_MODEL[4].state_dict().values())
# the receptive field of one output of the last conv: conv 5 (s 1), pool 2 (s 2), conv 3 (s 1),
# pool 2 (s 2), conv 3 (s 2); padding does not change the span
LAB_RF = receptive_field([(5, 1, 1), (2, 2, 1), (3, 1, 1), (2, 2, 1), (3, 2, 1)])
_H_GRID = [
    (h, k, s, p) for h in (7, 12, 28) for k in (1, 3, 5) for s in (1, 2, 3) for p in (0, 1, 2)
]


def _mp_side(h: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), 2).shape[-1])


LAB_CLAIMS = claims_of(
    LAB,
    {
        "Evrişim için $H_{out}": [
            grid(lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, _H_GRID)
        ],
        "$H_1 = 28": [equal(LAB_SHAPES[0][1], 28 + 2 * 2 - 5 + 1), equal(28 + 2 * 2 - 5 + 1, 28)],
        "$H_2 = 28/2": [equal(LAB_SHAPES[2][1], 28 / 2), equal(28 / 2, 14)],
        "$H_3 = 14": [equal(LAB_SHAPES[3][1], 14 - 3 + 1), equal(14 - 3 + 1, 12)],
        "$H_4 = 12/2": [equal(LAB_SHAPES[6][1], 12 / 2), equal(12 / 2, 6)],
        "$H_5 = \\lfloor": [
            equal(LAB_SHAPES[7][1], (6 + 2 - 3) // 2 + 1),
            equal((6 + 2 - 3) // 2 + 1, 3),
        ],
        "Flatten: $D": [equal(LAB_SHAPES[9][0], 64 * 3 * 3), equal(64 * 3 * 3, 576)],
        "$P_1 = 16": [equal(LP[0], 16 * (1 * 25 + 1)), equal(16 * (1 * 25 + 1), 416)],
        "$P_2 = 32": [equal(LP[3], 32 * 16 * 9), equal(32 * 16 * 9, 4608)],
        "$P_{BN} = 2": [equal(LP[4], 2 * 32), equal(2 * 32, 64)],
        "$P_3 = 64": [equal(LP[7], 64 * (32 * 9 + 1)), equal(64 * (32 * 9 + 1), 18496)],
        "$P_4 = 576": [equal(LP[10], 576 * 128 + 128), equal(576 * 128 + 128, 73856)],
        "$P_5 = 128": [equal(LP[13], 128 * 10 + 10), equal(128 * 10 + 10, 1290)],
        "Toplam: $P": [
            equal(params(LAB_MODEL), 416 + 4608 + 64 + 18496 + 73856 + 1290),
            equal(416 + 4608 + 64 + 18496 + 73856 + 1290, 98730),
        ],
        "Aradaki fark": [
            equal(98762 - 98730, 32),
            single(lambda: BN_STATE == 4 * 32 + 1 == 129),
        ],
        "İlk evrişimin çarpma sayısı": [
            equal(LAB_M1, 24**2 * 16 * 25),
            equal(24**2 * 16 * 25, 230400),
        ],
        "Algılama alanı": [equal(LAB_RF, 5 + 1 + 2 + 1 + 2), equal(5 + 1 + 2 + 1 + 2, 11)],
        "MaxPool2d(2) tek kenarlı": [
            equal(_mp_side(13), math.ceil(13 / 2)),
            equal(math.ceil(13 / 2), 7),
        ],
    },
)


# --- wiki_m5_raw_waveform_conv1d.md (English wiki page): the M5 network on 1 x 16000, torch's
# MaxPool1d floors; the stride-4 gradient formulas on random inputs (2 filters, K = 80, 400
# samples) with w zero outside 0..79 (declared).

WIKI = "wiki_m5_raw_waveform_conv1d"


def _m5() -> tuple[torch.nn.Sequential, torch.nn.Linear]:
    def block(c_in: int, c_out: int, k: int, stride: int = 1) -> list[torch.nn.Module]:
        return [nn.Conv1d(c_in, c_out, k, stride=stride), nn.BatchNorm1d(c_out), nn.ReLU(),
                nn.MaxPool1d(4)]  # fmt: skip

    torch.manual_seed(6360)
    body = nn.Sequential(
        *block(1, 128, 80, stride=4), *block(128, 128, 3), *block(128, 256, 3), *block(256, 512, 3)
    )
    return body.double(), nn.Linear(512, 35).double()


M5, HEAD = _m5()


def _m5_lengths() -> list[int]:
    h = torch.zeros(1, 1, 16000, dtype=F64)
    out = []
    with torch.no_grad():
        for layer in M5.eval():
            h = layer(h)
            out.append(int(h.shape[-1]))
    return out


ML = _m5_lengths()  # conv, bn, relu, pool per block: the lengths at 0, 3, 4, 7, 8, 11, 12, 15
MP = [params(M5[i]) for i in (0, 4, 8, 12)]
BN_P = sum(params(M5[i]) for i in (1, 5, 9, 13))
M5_MACS = flops_half(
    lambda: F.conv1d(torch.zeros(1, 1, 16000, dtype=F64), torch.zeros(128, 1, 80, dtype=F64),
                     stride=4)
)  # fmt: skip


def _gap_grad() -> bool:
    """The gradient of a loss on the time average of the last block's output, against the
    note's 1/15 times the gradient at the average."""
    r = np.random.default_rng(6361)
    h = torch.tensor(r.normal(size=(1, 512, ML[15])), dtype=F64, requires_grad=True)
    gbar = r.normal(size=512)
    (h.mean(dim=-1)[0] * torch.tensor(gbar, dtype=F64)).sum().backward()
    return same(h.grad.numpy()[0], np.repeat(gbar[:, None] / 15, ML[15], axis=1))


def _m5c(r: np.random.Generator) -> dict:
    x, w = r.normal(size=(1, 400)), r.normal(size=(2, 1, 80))
    return conv1(x, w, None, r.normal(size=(2, (400 - 80) // 4 + 1)), stride=4)


def _m5_dw(v: dict) -> bool:
    x, g = v["x"][0], v["g"]
    rhs = [
        [[sum(g[o, t] * at(x, 4 * t + k) for t in range(g.shape[1])) for k in range(80)]]
        for o in range(2)
    ]
    return same(v["dw"], rhs)


def _m5_dx(v: dict, strided: bool) -> bool:
    w, g = v["w"], v["g"]
    n_x = v["x"].shape[1]
    if strided:
        rhs = [
            sum(g[o, t] * zat(w[o, 0], n - 4 * t) for o in range(2) for t in range(g.shape[1]))
            for n in range(n_x)
        ]
    else:  # the stride-1 shortcut: delta[o, n - k] read as zero outside the output
        rhs = [
            sum(zat(g[o], n - k) * w[o, 0, k] for o in range(2) for k in range(80))
            for n in range(n_x)
        ]
    return same(v["dx"][0], rhs)


def _readers(n: int) -> int:
    """How many output frames t of a stride-4, K = 80 conv read input sample n."""
    return sum(1 for t in range(1000) if 0 <= n - 4 * t < 80)


WIKI_CLAIMS = claims_of(
    WIKI,
    {
        "- block 1:": [
            equal(ML[0], (16000 - 80) // 4 + 1),
            equal((16000 - 80) // 4 + 1, 3981),
            equal(ML[3], 3981 // 4),
            equal(3981 // 4, 995),
        ],
        "- block 2:": [
            equal(ML[4], 995 - 3 + 1),
            equal(995 - 3 + 1, 993),
            equal(ML[7], 993 // 4),
            equal(993 // 4, 248),
        ],
        "- block 3:": [
            equal(ML[8], 248 - 2),
            equal(248 - 2, 246),
            equal(ML[11], math.ceil(246 / 4)),
            equal(math.ceil(246 / 4), 62),
        ],
        "- block 4:": [
            equal(ML[12], 62 - 2),
            equal(62 - 2, 60),
            equal(ML[15], 60 // 4),
            equal(60 // 4, 15),
        ],
        "The global average over": [single(_gap_grad)],
        "$P_{c1} =": [equal(MP[0], 128 * (80 + 1)), equal(128 * (80 + 1), 10368)],
        "$P_{c2} =": [equal(MP[1], 128 * (128 * 3 + 1)), equal(128 * (128 * 3 + 1), 49280)],
        "$P_{c3} =": [equal(MP[2], 256 * 128 * 3 + 128), equal(256 * 128 * 3 + 128, 98432)],
        "$P_{c4} =": [equal(MP[3], 512 * (256 * 3 + 1)), equal(512 * (256 * 3 + 1), 393728)],
        "$P_{BN} =": [
            equal(BN_P, 2 * (128 + 128 + 256 + 512)),
            equal(2 * (128 + 128 + 256 + 512), 2048),
        ],
        "$P_{h} =": [equal(params(HEAD), 512 * 35), equal(512 * 35, 17920)],
        "Total: $P": [
            equal(params(M5) + params(HEAD), 10368 + 49280 + 98432 + 393728 + 2048 + 17920),
            equal(10368 + 49280 + 98432 + 393728 + 2048 + 17920, 571776),
        ],
        "Multiply-accumulates of conv 1": [
            equal(M5_MACS, 3981 * 128 * 80),
            equal(3981 * 128 * 80, 40765440),
        ],
        "x[4t + k]$$": [trials(lambda r: _m5_dw(_m5c(r)), 6362)],
        "w[o,0,n - 4t]$$": [trials(lambda r: _m5_dx(_m5c(r), True), 6363)],
        "An interior sample is read": [
            grid(lambda n: _readers(n) == 80 / 4, [(79,), (80,), (150,), (201,), (320,)]),
            equal(80 / 4, 20),
        ],
        "A shortcut that turns up": [trials(lambda r: _m5_dx(_m5c(r), False), 6364)],
        "One frame after block 2": [
            equal(receptive_field([(80, 4, 1), (4, 4, 1), (3, 1, 1)]), 80 + 3 * 4 + 2 * 16),
            equal(80 + 3 * 4 + 2 * 16, 124),
            equal(124 / 16, 7.75),
        ],
    },
)

NOTES_B: Claims = {**KR_CLAIMS, **LAB_CLAIMS, **WIKI_CLAIMS}
