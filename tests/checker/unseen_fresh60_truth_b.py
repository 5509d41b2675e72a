"""Independent truth for the fresh60 unseen set, second part: the notes
bai_thuc_hanh_sobel_laplacian, notatki_lenet5_wariant_rgb_tabela and
cheatsheet_output_size_dilation_padding_stride (see unseen_fresh60_truth.py for the
conventions; truth_table there merges both)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    conv_out,
    corr,
    equal,
    params,
    rot180,
    same,
    single,
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh60"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def links(*checks: Callable[[], bool]) -> Truth:
    return lambda: [all(bool(c()) for c in checks)]


# --- bai_thuc_hanh_sobel_laplacian.md (Vietnamese lab sheet): 0-based, valid mode; star is
# cross-correlation (torch conv2d), * the true convolution, computed here from its definition
# (I * K)[p, q] = sum_{u,v} K[u,v] I[p-u, q-v] over the full support, then cut to the positions
# where the kernel lies inside the image (what scipy.signal.convolve2d's "valid" keeps).

SOBEL = "bai_thuc_hanh_sobel_laplacian"


def convolve_valid(img: np.ndarray, k: np.ndarray) -> np.ndarray:
    h, kh = img.shape[0], k.shape[0]
    full = np.zeros((h + kh - 1, h + kh - 1))
    for u in range(kh):
        for v in range(kh):
            full[u : u + h, v : v + h] += k[u, v] * img  # I[p-u, q-v] lands at (p, q)
    return full[kh - 1 : h, kh - 1 : h]


IMG = np.array(
    [[1, 1, 2, 5, 5], [1, 1, 2, 5, 5], [1, 2, 3, 5, 5], [1, 1, 2, 5, 5], [1, 1, 2, 5, 5]], float
)
SX = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float)
SY = SX.T
LAP = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], float)


def _torch_corr(img: np.ndarray, k: np.ndarray) -> np.ndarray:
    """torch conv2d (a cross-correlation), to tie the note's star to what torch computes."""
    img, k = np.ascontiguousarray(img), np.ascontiguousarray(k)  # rot180 is a negative-stride view
    t = F.conv2d(torch.tensor(img, dtype=F64)[None, None], torch.tensor(k, dtype=F64)[None, None])
    return t[0, 0].numpy()


GX, GY, GL = _torch_corr(IMG, SX), _torch_corr(IMG, SY), _torch_corr(IMG, LAP)
MAP_X = [[5, 15, 11], [6, 14, 10], [5, 15, 11]]


def _rand(rel: Callable[[np.ndarray, np.ndarray], bool], seed: int) -> Truth:
    return trials(lambda r: rel(r.normal(size=(5, 5)), r.normal(size=(3, 3))), seed)


SOBEL_CLAIMS = claims_of(
    SOBEL,
    {
        "$$I = \\begin{bmatrix}": [None],
        "$$S_x = \\begin{bmatrix}": [None, None, None],
        "Tích chập là tương quan chéo": [
            _rand(lambda i, k: same(convolve_valid(i, k), _torch_corr(i, rot180(k))), 6020),
            single(lambda: same(rot180(SX), -SX)),
            single(lambda: same(rot180(SY), SY)),
        ],
        "$$I * S_x = -(I \\star S_x)$$": [
            _rand(lambda i, _k: same(convolve_valid(i, SX), -_torch_corr(i, SX)), 6021)
        ],
        "Còn Laplacian đối xứng tâm": [
            single(lambda: same(rot180(LAP), LAP)),
            _rand(lambda i, _k: same(convolve_valid(i, LAP), _torch_corr(i, LAP)), 6022),
        ],
        "Kích thước đầu ra là": [links(lambda: GX.shape[0] == 5 - 3 + 1 == 3)],
        "$$(I \\star S_x)[0,1] =": [
            single(lambda: math.isclose(GX[0, 1], -1 + 5 - 2 + 10 - 2 + 5)),
            equal(-1 + 5 - 2 + 10 - 2 + 5, 15),
        ],
        "$$I \\star S_x = \\begin{bmatrix}": [
            single(lambda: same(GX, MAP_X) and same(corr(IMG, SX), MAP_X)),
            single(lambda: same(GY, [[3, 3, 1], [0, 0, 0], [-3, -3, -3]])),
        ],
        "$$I * S_x = \\begin{bmatrix}": [single(lambda: same(convolve_valid(IMG, SX), MAP_X))],
        "Độ lớn gradient ở tâm": [
            links(
                lambda: math.isclose(math.hypot(GX[1, 1], GY[1, 1]), math.sqrt(14**2 + 0**2)),
                lambda: math.isclose(math.sqrt(14**2 + 0**2), 14),
            )
        ],
        "$$(I \\star \\Delta)[1,1] =": [
            single(lambda: math.isclose(GL[1, 1], 2 + 2 + 2 + 5 - 4 * 3)),
            equal(2 + 2 + 2 + 5 - 4 * 3, -1),
        ],
        "$$I \\star \\Delta = \\begin{bmatrix}": [
            single(lambda: same(GL, [[2, 3, -3], [-2, -1, -2], [2, 2, -3]]))
        ],
        "Tổng các hệ số": [
            single(lambda: math.isclose(SX.sum(), LAP.sum())),
            single(lambda: math.isclose(LAP.sum(), 0, abs_tol=1e-12)),
            single(lambda: math.isclose(GX.sum(), 90)),
        ],
        "Sobel còn tách được": [
            single(lambda: same(SX, np.outer([1, 2, 1], [-1, 0, 1]))),
            single(lambda: same(LAP, np.outer([1, -2, 1], [1, -2, 1]))),
        ],
    },
)


# --- notatki_lenet5_wariant_rgb_tabela.md (Polish lab notes): the note's torch model on
# 3 x 32 x 32; a count includes the biases (torch's Conv2d and Linear have them by default).

LENET = "notatki_lenet5_wariant_rgb_tabela"


def _lenet(pad1: int = 0) -> list[nn.Module]:
    return [
        nn.Conv2d(3, 8, 5, padding=pad1),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 120, 5),
        nn.Linear(120, 84),
        nn.Linear(84, 10),
    ]


LAYERS = _lenet()
PADDED = _lenet(2)


def _sides(layers: list[nn.Module]) -> list[int]:
    """The side after C1, S2, C3, S4 (and C5 when it still fits)."""
    h, out = torch.zeros(1, 3, 32, 32), []
    for layer in layers[:5]:
        if h.shape[-1] < 5 and isinstance(layer, nn.Conv2d):
            break
        h = layer(h)
        out.append(int(h.shape[-1]))
    return out


SIDES, SIDES_P = _sides(LAYERS), _sides(PADDED)
P_ALL = sum(params(m) for m in LAYERS)


def _flops(layer: nn.Module, c: int, h: int) -> int:
    x = torch.zeros(1, c, h, h)
    return flops_half(lambda: layer(x))


LENET_CLAIMS = claims_of(
    LENET,
    {
        "$P_{C1} =": [equal(params(LAYERS[0]), 8 * (75 + 1)), equal(8 * (75 + 1), 608)],
        "$P_{C3} =": [equal(params(LAYERS[2]), 16 * 8 * 25), equal(16 * 8 * 25, 3200)],
        "$P_{C5} =": [equal(params(LAYERS[4]), 120 * (400 + 1)), equal(120 * (400 + 1), 48120)],
        "$P_{F6} =": [equal(params(LAYERS[5]), 84 * 121), equal(84 * 121, 10164)],
        "$P_{out} =": [equal(params(LAYERS[6]), 10 * 84 + 10), equal(10 * 84 + 10, 850)],
        "Razem $P =": [
            equal(P_ALL, 608 + 3200 + 48120 + 10164 + 850),
            equal(608 + 3200 + 48120 + 10164 + 850, 62942),
        ],
        "Rozmiary krok po kroku": [
            equal(SIDES[0], 32 - 5 + 1),
            equal(32 - 5 + 1, 28),
            equal(SIDES[1], 28 / 2),
            equal(28 / 2, 14),
            equal(SIDES[2], 14 - 5 + 1),
            equal(14 - 5 + 1, 10),
            equal(SIDES[3], 10 / 2),
            equal(10 / 2, 5),
            equal(SIDES[4], 5 - 5 + 1),
            equal(5 - 5 + 1, 1),
            links(lambda: LAYERS[4].weight[0].numel() == 5 * 5 * 16 == 400),
        ],
        "Liczba mnożeń w C1": [
            equal(_flops(LAYERS[0], 3, 32), 28 * 28 * 8 * 25),
            equal(28 * 28 * 8 * 25, 156800),
            links(lambda: _flops(LAYERS[2], 8, 14) == 10 * 10 * 16 * 200 == 320000),
        ],
        "Wariant z paddingiem": [
            equal(SIDES_P[0], 32 + 4 - 5 + 1),
            equal(32 + 4 - 5 + 1, 32),
            equal(SIDES_P[1], 16),
            equal(SIDES_P[2], 16 - 5),
            equal(16 - 5, 11),
            equal(SIDES_P[3], math.floor(11 / 2)),
            equal(math.floor(11 / 2), 5),
            equal(sum(params(m) for m in PADDED), P_ALL),
        ],
    },
)


# --- cheatsheet_output_size_dilation_padding_stride.md (English cheat sheet): torch's Conv2d and
# ConvTranspose2d sizes; the general formulas on a grid of (H, k, s, p, d) where the dilated
# kernel fits in the padded input.

CHEAT = "cheatsheet_output_size_dilation_padding_stride"


def _keff(k: int, d: int) -> int:
    return d * (k - 1) + 1


GRID = [
    (h, k, s, p, d)
    for h in (7, 10, 16, 33)
    for k in (1, 2, 3, 5)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    for d in (1, 2, 3)
    if h + 2 * p >= _keff(k, d)
]
ODD = [(h, k, d) for h in (7, 10, 16, 33) for k in (1, 3, 5) for d in (1, 2, 3)]


def _span(k: int, d: int, h: int = 30) -> int:
    """Input pixels per side one output reads: the side lost by a valid, stride-1 conv plus one."""
    return h - conv_out(h, k, 1, 0, d) + 1


def _rf(dilations: list[int]) -> int:
    """Side of the input region that one output pixel of a stack of 3 x 3 stride-1 convs depends
    on: the nonzero extent of its input gradient (all-ones weights, so nothing cancels)."""
    x = torch.zeros(1, 1, 41, 41, dtype=F64, requires_grad=True)
    h = x
    for d in dilations:
        h = F.conv2d(h, torch.ones(1, 1, 3, 3, dtype=F64), dilation=d)
    c = h.shape[-1] // 2
    h[0, 0, c, c].backward()
    rows = torch.nonzero(x.grad[0, 0].abs().sum(dim=1))
    return int(rows.max() - rows.min() + 1)


def _params_keff(ci: int, co: int, k: int, d: int) -> bool:
    return params(nn.Conv2d(ci, co, k, dilation=d)) == co * (ci * _keff(k, d) ** 2 + 1)


def _example(h: int, k: int, d: int, p: int, s: int) -> int:
    return conv_out(h, k, s, p, d)


CHEAT_CLAIMS = claims_of(
    CHEAT,
    {
        "All sizes are integers": [None, None],
        "**Effective kernel.**": [
            grid(
                lambda k, d: _span(k, d) == _keff(k, d),
                [(k, d) for k in (1, 2, 3, 5) for d in (1, 2, 3)],
            )
        ],
        "$$H_{out} = \\left\\lfloor": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                GRID,
            ),
            grid(
                lambda h, k, s, p, d: (
                    (h + 2 * p - d * (k - 1) - 1) // s == (h + 2 * p - _keff(k, d)) // s
                ),
                GRID,
            ),
        ],
        "Stride 1: the map shrinks": [
            grid(lambda h, k, s, p, d: h - conv_out(h, k, 1, p, d) == d * (k - 1) - 2 * p, GRID),
            grid(lambda h, k, d: conv_out(h, k, 1, d * (k - 1) // 2, d) == h, ODD),
        ],
        "Stride 2 with that padding": [
            grid(lambda h, k, d: conv_out(h, k, 2, d * (k - 1) // 2, d) == math.ceil(h / 2), ODD)
        ],
        "Parameters do not depend": [
            grid(
                _params_keff,
                [(ci, co, k, d) for ci in (1, 3) for co in (2, 4) for k in (2, 3) for d in (2, 3)],
            )
        ],
        "1. $H = 32$": [None] * 5
        + [
            equal(_example(32, 3, 2, 2, 1), (32 + 4 - 4 - 1) // 1 + 1),
            equal((32 + 4 - 4 - 1) // 1 + 1, 32),
        ],
        "2. $H = 64$": [None] * 5
        + [
            equal(_example(64, 3, 2, 1, 2), (64 + 2 - 4 - 1) // 2 + 1),
            equal((64 + 2 - 4 - 1) // 2 + 1, 31),
        ],
        "3. $H = 28$": [None] * 5
        + [equal(_example(28, 3, 4, 0, 1), (28 - 3) // 1 + 1), equal((28 - 3) // 1 + 1, 26)],
        "4. $H = 7$": [None] * 5
        + [equal(_span(3, 3), 7), equal(_example(7, 3, 3, 0, 1), 7 - 7 + 1), equal(7 - 7 + 1, 1)],
        "5. $H = 10$": [None] * 5
        + [
            equal(_example(10, 5, 1, 1, 3), math.ceil((10 + 2 - 5) / 3) + 1),
            equal(math.ceil((10 + 2 - 5) / 3) + 1, 4),
        ],
        "6. $H = 224$": [None] * 5
        + [equal(_example(224, 7, 1, 3, 2), 223 // 2 + 1), equal(223 // 2 + 1, 112)],
        "7. $H = 15$": [None] * 5
        + [equal(_example(15, 3, 2, 2, 2), (15 - 4 - 1) // 2 + 1), equal((15 - 4 - 1) // 2 + 1, 6)],
        "From example 2": [
            equal(tconv_out(31, 3, 2, 1, 0, 2), (31 - 1) * 2 - 2 + 4 + 1),
            equal((31 - 1) * 2 - 2 + 4 + 1, 63),
        ],
        "Receptive field of a stack": [
            equal(_rf([1, 2]), 1 + (3 - 1) * 1 + (3 - 1) * 2),
            equal(1 + (3 - 1) * 1 + (3 - 1) * 2, 7),
            equal(_rf([1, 2, 4]), 7 + (3 - 1) * 4),
            equal(7 + (3 - 1) * 4, 16),
        ],
    },
)

NOTES_B: Claims = {**SOBEL_CLAIMS, **LENET_CLAIMS, **CHEAT_CLAIMS}
