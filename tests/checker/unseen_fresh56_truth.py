"""Independent truth for the fresh56 unseen set (tests/data/check/unseen/fresh56/): the notes
wiki_gruplu_evrisim_groups4, blog_textcnn_sentence_classification, ekzamen_stride2_grad_vhoda,
kopya_kagidi_ortalama_havuzlama and lekciya_grad_vesov_indeksy (the other two live in
unseen_fresh56_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or multiplying
mismatched shapes (ValueError) disagrees.  A link between two written numbers is arithmetic; a
size or count named on the left must equal the true one.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import conv1_len, flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
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
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh56"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- wiki_gruplu_evrisim_groups4.md (Turkish lab wiki): nn.Conv2d(16, 32, 3, groups=4) on
# 20 x 20, 0-based; PyTorch's groups are consecutive blocks, so filter o (8 per group) reads
# input channels 4 gamma(o) .. 4 gamma(o) + 3 with gamma(o) = o // 8.

WIKI = "wiki_gruplu_evrisim_groups4"


def _gconv(cin: int, cout: int, k: int, g: int) -> torch.nn.Conv2d:
    return nn.Conv2d(cin, cout, k, groups=g)


def _macs(h: int, cin: int, cout: int, k: int, g: int) -> int:
    x, w = torch.zeros(1, cin, h, h, dtype=F64), torch.zeros(cout, cin // g, k, k, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w, groups=g))


def _grouped(x: np.ndarray, w: np.ndarray, b: np.ndarray, g_up: np.ndarray) -> dict:
    """torch conv2d with groups=4 (one image), gradients of sum(z * g_up)."""
    xt, wt, bt = t64(x[None], True), t64(w, True), t64(b, True)
    z = F.conv2d(xt, wt, bt, groups=4)
    (z * t64(g_up[None])).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "G": g_up,
        "z": z.detach().numpy()[0],
        "dx": xt.grad.numpy()[0],
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _random_grouped(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(16, 6, 6)), r.normal(size=(32, 4, 3, 3)), r.normal(size=32)
    return _grouped(x, w, b, r.normal(size=(32, 4, 4)))


def _wiki(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_random_grouped(r)), seed)


def _gamma(o: int) -> int:
    return o // 8


W_X1 = np.array([[1.0, 0, 2, 1], [0, 1, -1, 2], [3, 1, 0, 1], [1, 2, 1, 0]])
W_G2 = np.array([[1.0, -1], [2, 0]])


def _wiki_numbers() -> dict:
    """The worked example: input channel 1 is X_1 and output channel 2's gradient is G_2; the
    other channels, the weights and the bias are random (they do not enter dW_(2,1) or db_2)."""
    r = np.random.default_rng(5600)
    x = r.normal(size=(16, 4, 4))
    x[1] = W_X1
    g_up = r.normal(size=(32, 2, 2))
    g_up[2] = W_G2
    return _grouped(x, r.normal(size=(32, 4, 3, 3)), r.normal(size=32), g_up)


W_V = _wiki_numbers()
P_G4, P_G1 = params(_gconv(16, 32, 3, 4)), params(_gconv(16, 32, 3, 1))
M_4, M_1 = _macs(20, 16, 32, 3, 4), _macs(20, 16, 32, 3, 1)
# the g^2 rule agrees trivially at g = 1: judged at g = 2 and 4 only
_MAC_GRID = [
    (h, ci, co, k, g)
    for h in (8, 11)
    for ci, co in ((8, 16), (16, 32))
    for k in (1, 3)
    for g in (2, 4)
]

WIKI_CLAIMS = claims_of(
    WIKI,
    {
        "Boyutlar: $C_{in} = 16$": [None, None, None, None],
        "Her grupta $C_{in}/g = 4$": [
            equal(_gconv(16, 32, 3, 4).weight.shape[1], 4),
            equal(32 / 4, 8),
        ],
        "derinliği 4'tür": [
            single(lambda: tuple(_gconv(16, 32, 3, 4).weight.shape) == (32, 4, 3, 3))
        ],
        "$$P_4 = 32": [equal(P_G4, 32 * 4 * 9 + 32), equal(32 * 4 * 9 + 32, 1184)],
        "Aynı katman `groups=1`": [
            equal(P_G1, 32 * 16 * 9 + 32),
            equal(32 * 16 * 9 + 32, 4640),
            equal(P_G1, 4 * P_G4),
        ],
        "$H_{out} = 20 - 3 + 1": [equal(conv_out(20, 3), 20 - 3 + 1), equal(20 - 3 + 1, 18)],
        "$$M_4 = 18^2": [equal(M_4, 18**2 * 32 * 36), equal(18**2 * 32 * 36, 373248)],
        "Yoğun katmanda": [
            equal(M_1, 18**2 * 32 * 16 * 9),
            equal(18**2 * 32 * 16 * 9, 1492992),
            equal(M_1 / M_4, 4),
        ],
        "$$M_g = \\frac": [
            grid(
                lambda h, ci, co, k, g: (
                    _macs(h, ci, co, k, g) == (h - k + 1) ** 2 * co * ci * k * k / g**2
                ),
                _MAC_GRID,
            )
        ],
        "Filtre $o$, $\\gamma(o)": [None],
        "$$Y_o = b_o": [
            _wiki(
                lambda v: same(
                    v["z"],
                    [
                        v["b"][o]
                        + sum(corr(v["x"][4 * _gamma(o) + c], v["w"][o, c]) for c in range(4))
                        for o in range(32)
                    ],
                ),
                5601,
            )
        ],
        "Örnek: $o = 13$": [None, equal(math.floor(13 / 8), 1)],
        "$G_o = \\partial L": [None],
        "$$\\frac{\\partial L}{\\partial W_{o,c}} = X_{4": [
            _wiki(
                lambda v: same(
                    v["dw"],
                    [
                        [corr(v["x"][4 * _gamma(o) + c], v["G"][o]) for c in range(4)]
                        for o in range(32)
                    ],
                ),
                5602,
            )
        ],
        "filtre 9'un ilk dilimi": [
            _wiki(lambda v: same(v["dw"][9, 1], corr(v["x"][1], v["G"][9])), 5603)
        ],
        "\\partial X_5} = \\sum_{o=8}^{15}": [
            _wiki(
                lambda v: same(
                    v["dx"][5],
                    sum(corr(pad(v["G"][o], 2), rot180(v["w"][o, 5])) for o in range(8, 16)),
                ),
                5604,
            )
        ],
        "Filtre $o = 2$ grup": [None, None],
        "$$X_1 = \\begin{bmatrix}": [None, None],
        "W_{2,1}}[1,0] =": [
            single(lambda: math.isclose(W_V["dw"][2, 1, 1, 0], 1 * 0 + (-1) * 1 + 2 * 3 + 0 * 1)),
            equal(1 * 0 + (-1) * 1 + 2 * 3 + 0 * 1, 5),
        ],
        "W_{2,1}} = \\begin{bmatrix}": [
            single(lambda: same(W_V["dw"][2, 1], [[1, 0, -1], [5, 4, -3], [4, 5, -1]]))
        ],
        "Bias her giriş kanalı": [
            single(lambda: math.isclose(W_V["db"][2], 4 * (1 - 1 + 2 + 0))),
            equal(4 * (1 - 1 + 2 + 0), 8),
        ],
        "Grup 0'ın bu tek dilimi": [equal(8 * 4 * 9, 288), equal(4 * 288, 1184)],
    },
)


# --- blog_textcnn_sentence_classification.md (English blog post): Kim's TextCNN, n = 12 tokens,
# d = 50, V = 5000, m = 64 maps for each width 2, 3, 4, ReLU then amax over time, Linear(192, 2);
# E is n x d (row t = token t), W_k[i, j] is torch's Conv1d weight[k, i, j].

BLOG = "blog_textcnn_sentence_classification"
N_TOK, D_EMB, V_SIZE, MAPS, WIDTHS = 12, 50, 5000, 64, (2, 3, 4)


class _TextCNN(nn.Module):
    """The blog's model as its code block writes it."""

    def __init__(self) -> None:
        super().__init__()
        self.emb = nn.Embedding(V_SIZE, D_EMB)
        self.convs = nn.ModuleList(nn.Conv1d(D_EMB, MAPS, h) for h in WIDTHS)
        self.drop = nn.Dropout(0.5)
        self.fc = nn.Linear(len(WIDTHS) * MAPS, 2)

    def pooled(self, tokens: torch.Tensor) -> torch.Tensor:
        e = self.emb(tokens).transpose(1, 2)
        return torch.cat([F.relu(conv(e)).amax(dim=2) for conv in self.convs], dim=1)


TEXTCNN = _TextCNN()
P_WIDTH = {h: params(nn.Conv1d(D_EMB, MAPS, h)) for h in WIDTHS}
C7 = np.array([0.2, 1.4, 0, 0.8, 1.1, 0.5, 0, 0, 0.6])
C7_TIE = np.array([0.2, 1.4, 0, 1.4, 1.1, 0.5, 0, 0, 0.6])
G7 = -0.5


def _pool_grad(c: np.ndarray, mean: bool = False) -> np.ndarray:
    """The gradient of g7 * amax(c) (or of g7 * mean(c)) by torch autograd; amax shares a tie
    evenly between the tied entries."""
    ct = t64(c, True)
    (G7 * (ct.mean() if mean else ct.amax())).backward()
    return ct.grad.numpy()


def _relu_maps(r: np.random.Generator, h: int, maps: int = 3) -> bool:
    """torch's relu(Conv1d) on E transposed against the written double sum."""
    e, w, b = r.normal(size=(N_TOK, D_EMB)), r.normal(size=(maps, D_EMB, h)), r.normal(size=maps)
    c = F.relu(F.conv1d(t64(e.T[None]), t64(w), t64(b)))[0].numpy()
    mine = [
        [
            max(0.0, b[k] + sum(w[k, i, j] * e[t + j, i] for j in range(h) for i in range(D_EMB)))
            for t in range(N_TOK - h + 1)
        ]
        for k in range(maps)
    ]
    return same(c, mine)


def _one_map(r: np.random.Generator) -> dict:
    """One width-4 filter on a random sentence, L = g7 * amax(relu(c)); the bias 3 keeps the
    winning value positive (the note's proviso)."""
    e, w = r.normal(size=(N_TOK, D_EMB)), r.normal(size=(D_EMB, 4))
    et, wt, bt = t64(e, True), t64(w, True), t64([3.0], True)
    c = F.relu(F.conv1d(et.T[None], wt[None], bt))[0, 0]
    (G7 * c.amax()).backward()
    return {
        "e": e,
        "w": w,
        "t": int(c.argmax()),
        "de": et.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": float(bt.grad[0]),
    }


def _blog(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_one_map(r)), seed)


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "Every sentence is padded": [None, None, None, None],
        "$$c_k[t] = \\max\\Big(0": [trials(lambda r: all(_relu_maps(r, h) for h in WIDTHS), 5610)],
        "for $t = 0, \\dots, n-h$": [None],
        "$$L_h = n - h + 1$$": [
            grid(
                lambda n, h: conv1_len(n, h) == n - h + 1,
                [(12, 2), (12, 3), (12, 4), (7, 3), (20, 5)],
            )
        ],
        "entries: $L_2 = 11$": [
            equal(conv1_len(N_TOK, 2), 11),
            equal(conv1_len(N_TOK, 3), 10),
            equal(conv1_len(N_TOK, 4), 9),
            equal(conv1_len(20, 2), 19),
            equal(conv1_len(20, 3), 18),
            equal(conv1_len(20, 4), 16),
        ],
        "Each map is reduced to one number": [
            None,
            equal(TEXTCNN.pooled(torch.zeros(2, N_TOK, dtype=torch.long)).shape[1], 192),
        ],
        "$$P_h = m\\,(h d + 1)$$": [
            grid(lambda h: P_WIDTH[h] == MAPS * (h * D_EMB + 1), [(2,), (3,), (4,)])
        ],
        "so $P_2 = 6464$": [
            equal(P_WIDTH[2], 6464),
            equal(P_WIDTH[3], 9664),
            equal(P_WIDTH[4], 12800),
            equal(sum(P_WIDTH.values()), 6464 + 9664 + 12800),
            equal(6464 + 9664 + 12800, 28928),
        ],
        "The classifier adds": [
            equal(params(TEXTCNN.fc), 192 * 2 + 2),
            equal(192 * 2 + 2, 386),
            equal(params(TEXTCNN.emb), V_SIZE * D_EMB),
            equal(V_SIZE * D_EMB, 5000 * 50),
            equal(5000 * 50, 250000),
        ],
        "$$P = 250\\,000": [
            equal(params(TEXTCNN), 250000 + 28928 + 386),
            equal(250000 + 28928 + 386, 279314),
        ],
        "the width-4 map number": [None],
        "$$c_7 = (0.2": [None],
        "The maximum sits at": [
            equal(int(np.argmax(C7)), 1),
            single(lambda: math.isclose(float(t64(C7).amax()), C7[1])),
            single(lambda: math.isclose(C7[1], 1.4)),
            None,
            None,
        ],
        "\\partial c_7} = (0,": [
            single(lambda: same(_pool_grad(C7), [0, -0.5, 0, 0, 0, 0, 0, 0, 0]))
        ],
        "With average-over-time pooling": [
            single(lambda: same(_pool_grad(C7, mean=True), np.full(9, -0.5 / 9))),
            single(lambda: abs(-0.5 / 9 - (-0.056)) < 5e-4),
        ],
        "Ties are where people get confused": [
            None,
            single(lambda: math.isclose(_pool_grad(C7_TIE)[1], _pool_grad(C7_TIE)[3])),
            single(lambda: math.isclose(_pool_grad(C7_TIE)[3], -0.5)),
        ],
        "\\partial W_7[i,j]} = g_7": [
            _blog(
                lambda v: same(
                    v["dw"], [[G7 * v["e"][v["t"] + j, i] for j in range(4)] for i in range(D_EMB)]
                ),
                5611,
            )
        ],
        "The bias sits inside every one": [
            _blog(lambda v: math.isclose(v["db"], conv1_len(N_TOK, 4) * G7), 5612),
            equal(9 * G7, -4.5),
        ],
        "\\partial E[t^* + j,\\, i]} = g_7": [
            _blog(
                lambda v: same(
                    v["de"][v["t"] : v["t"] + 4],
                    [[G7 * v["w"][i, 3 - j] for i in range(D_EMB)] for j in range(4)],
                ),
                5613,
            )
        ],
    },
)


# --- ekzamen_stride2_grad_vhoda.md (Russian exam solution): a stride-2 valid correlation
# Y[i,j] = sum K[u,v] X[2i+u, 2j+v] on 5 x 5 with a 3 x 3 kernel, 0-based; K and G given.

EKZ = "ekzamen_stride2_grad_vhoda"
E_K = np.array([[1.0, 0, -1], [2, 1, 0], [0, -1, 3]])
E_G = np.array([[2.0, -1], [1, 3]])


def _stride2(x: np.ndarray, k: np.ndarray, g: np.ndarray) -> dict:
    """torch conv2d with stride 2 and the input gradient of sum(y * g)."""
    xt = t64(x[None, None], True)
    y = F.conv2d(xt, t64(k[None, None]), stride=2)
    (y * t64(g[None, None])).sum().backward()
    return {"x": x, "k": k, "g": g, "y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


# the note's K and G (X does not enter the input gradient: a random X)
E_V = _stride2(np.random.default_rng(5620).normal(size=(5, 5)), E_K, E_G)


def _ekz(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random X, K and G at the note's sizes (5 x 5, 3 x 3, 2 x 2)."""
    return trials(
        lambda r: rel(
            _stride2(r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(2, 2)))
        ),
        seed,
    )


def _kz(k: np.ndarray, u: int, v: int) -> float:
    """K read as zero outside 0..2, as the note declares."""
    return float(k[u, v]) if 0 <= u < 3 and 0 <= v < 3 else 0.0


def _chain_rule(v: dict) -> np.ndarray:
    return np.array(
        [
            [
                sum(
                    v["g"][i, j] * _kz(v["k"], p - 2 * i, q - 2 * j)
                    for i in range(2)
                    for j in range(2)
                )
                for q in range(5)
            ]
            for p in range(5)
        ]
    )


def _e(p: int, q: int) -> float:
    return float(E_V["dx"][p, q])


EKZ_CLAIMS = claims_of(
    EKZ,
    {
        "**Условие.**": [None, None],
        "$$K = \\begin{bmatrix} 1 & 0 & -1": [None, None, None],
        "*Шаг 1 (размеры).*": [
            equal(conv_out(5, 3, 2), (5 - 3) // 2 + 1),
            equal((5 - 3) // 2 + 1, 2),
        ],
        "\\partial X[p,q]} = \\sum_{i=0}^{1}": [
            _ekz(lambda v: same(v["dx"], _chain_rule(v)), 5621)
        ],
        "*Шаг 3 (разрежение).*": [
            None,
            single(lambda: same(dilate(E_G, 2), [[2, 0, -1], [0, 0, 0], [1, 0, 3]])),
        ],
        "Его сторона": [equal(dilate(E_G, 2).shape[0], (2 - 1) * 2 + 1), equal((2 - 1) * 2 + 1, 3)],
        "*Шаг 4 (полное дополнение).*": [
            equal(3 - 1, 2),
            equal(pad(dilate(E_G, 2), 2).shape[0], 3 + 2 * (3 - 1)),
        ],
        "*Шаг 5 (поворот и корреляция).*": [
            single(lambda: same(rot180(E_K), [[3, -1, 0], [0, 1, 2], [-1, 0, 1]]))
        ],
        "\\operatorname{pad}_{2}\\big(\\operatorname{dil}_2(G)\\big) \\star": [
            _ekz(lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["k"]))), 5622)
        ],
        "Проверка размера: $7 - 3 + 1": [equal(7 - 3 + 1, 5), equal(5, E_V["dx"].shape[0])],
        "\\partial X}[2,2] = G[0,0]K[2,2]": [
            single(lambda: math.isclose(_e(2, 2), 2 * 3 + (-1) * 0 + 1 * (-1) + 3 * 1)),
            single(
                lambda: math.isclose(
                    E_G[0, 0] * E_K[2, 2]
                    + E_G[0, 1] * E_K[2, 0]
                    + E_G[1, 0] * E_K[0, 2]
                    + E_G[1, 1] * E_K[0, 0],
                    2 * 3 + (-1) * 0 + 1 * (-1) + 3 * 1,
                )
            ),
            equal(2 * 3 + (-1) * 0 + 1 * (-1) + 3 * 1, 8),
        ],
        "Ещё два элемента": [
            single(lambda: math.isclose(_e(1, 2), E_G[0, 0] * E_K[1, 2] + E_G[0, 1] * E_K[1, 0])),
            single(
                lambda: math.isclose(E_G[0, 0] * E_K[1, 2] + E_G[0, 1] * E_K[1, 0], 0 + (-1) * 2)
            ),
            equal(0 + (-1) * 2, -2),
            single(lambda: math.isclose(_e(1, 3), E_G[0, 1] * E_K[1, 2])),
            single(lambda: math.isclose(E_G[0, 1] * E_K[1, 2], 0)),
        ],
        "Левый край": [
            single(lambda: math.isclose(_e(2, 0), E_G[0, 0] * E_K[2, 0] + E_G[1, 0] * E_K[0, 0])),
            single(
                lambda: math.isclose(E_G[0, 0] * E_K[2, 0] + E_G[1, 0] * E_K[0, 0], 2 * 0 + 1 * 1)
            ),
            equal(2 * 0 + 1 * 1, 2),
        ],
        "\\partial X} = \\begin{bmatrix} 2 & 0 & -3": [
            single(
                lambda: same(
                    E_V["dx"],
                    [
                        [2, 0, -3, 0, 1],
                        [4, 2, -2, -1, 0],
                        [1, -2, 8, 1, 6],
                        [2, 1, 6, 3, 0],
                        [0, -1, 3, -3, 9],
                    ],
                )
            )
        ],
        "*Контроль.*": [
            _ekz(lambda v: math.isclose(v["dx"].sum(), v["g"].sum() * v["k"].sum()), 5623),
            single(lambda: math.isclose(E_G.sum() * E_K.sum(), 5 * 5)),
            equal(5 * 5, 25),
        ],
        "Замечание для проверяющих": [
            grid(
                lambda h: (conv_out(h, 3, 2) - 1) * 2 + 3 == h,
                [(5,), (6,), (7,), (8,), (9,), (10,)],
            )
        ],
        "1. Забыли разрежение": [
            _ekz(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 5624),
            equal(2 + 4 - 3 + 1, 4),
        ],
        "2. Разрежение после дополнения": [
            _ekz(lambda v: same(v["dx"], corr(dilate(pad(v["g"], 2), 2), rot180(v["k"]))), 5625)
        ],
    },
)


# --- kopya_kagidi_ortalama_havuzlama.md (Turkish cheat sheet): average pooling, one channel, no
# padding, 0-based; 2 x 2 stride 2 and 3 x 3 stride 1 on the note's 4 x 4 X with G and G' given.

KOPYA = "kopya_kagidi_ortalama_havuzlama"
K_X = np.array([[4.0, 2, 0, 6], [2, 0, 4, 2], [1, 3, 5, 7], [3, 1, -1, 1]])
K_G = np.array([[4.0, -8], [2, 12]])
K_G3 = np.array([[9.0, 0], [-9, 18]])


def _avg(x: np.ndarray, g: np.ndarray, k: int, s: int) -> dict:
    """torch avg_pool2d and the input gradient of sum(y * g)."""
    xt = t64(x[None, None], True)
    y = F.avg_pool2d(xt, k, s)
    (y * t64(g[None, None])).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


K_V2, K_V3 = _avg(K_X, K_G, 2, 2), _avg(K_X, K_G3, 3, 1)


def _avg_side(h: int, k: int, s: int) -> int:
    return int(F.avg_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s).shape[-1])


def _kopya(rel: Callable[[dict], bool], seed: int, k: int, s: int) -> Truth:
    """Random 4 x 4 X and G at the note's window and stride."""
    side = _avg_side(4, k, s)
    return trials(
        lambda r: rel(_avg(r.normal(size=(4, 4)), r.normal(size=(side, side)), k, s)), seed
    )


def _window_sum(g: np.ndarray, p: int, q: int) -> float:
    """sum over i = p-2..p, j = q-2..q of G'[i, j], G' zero outside (the note declares it)."""
    n = g.shape[0]
    return sum(
        float(g[i, j])
        for i in range(p - 2, p + 1)
        for j in range(q - 2, q + 1)
        if 0 <= i < n and 0 <= j < n
    )


_POOL_GRID = [(h, k, s) for h in (4, 5, 7, 8) for k in (2, 3) for s in (1, 2, 3)]

KOPYA_CLAIMS = claims_of(
    KOPYA,
    {
        "\\left\\lceil \\frac{H - k}{s}": [
            grid(lambda h, k, s: _avg_side(h, k, s) == math.ceil((h - k) / s) + 1, _POOL_GRID)
        ],
        "İleri: her çıkış pencerenin ortalaması": [None],
        "Geri: her $G[i,j]": [None],
        "$$X = \\begin{bmatrix} 4 & 2": [None, None],
        "Boyut: $H_{out} = (4 - 2)/2": [
            equal(_avg_side(4, 2, 2), (4 - 2) / 2 + 1),
            equal((4 - 2) / 2 + 1, 2),
        ],
        "İleri: $Y[0,1] =": [
            single(lambda: math.isclose(K_V2["y"][0, 1], (0 + 6 + 4 + 2) / 4)),
            equal((0 + 6 + 4 + 2) / 4, 3),
        ],
        "$$Y = \\begin{bmatrix} 2 & 3": [single(lambda: same(K_V2["y"], [[2, 3], [2, 3]]))],
        "\\partial X}[p,q] = \\frac{1}{4}": [
            _kopya(
                lambda v: same(
                    v["dx"], [[v["g"][p // 2, q // 2] / 4 for q in range(4)] for p in range(4)]
                ),
                5630,
                2,
                2,
            )
        ],
        "yani Kronecker çarpımıyla": [
            _kopya(lambda v: same(v["dx"], np.kron(v["g"], np.ones((2, 2))) / 4), 5631, 2, 2)
        ],
        "\\partial X} = \\begin{bmatrix} 1 & 1 & -2": [
            single(
                lambda: same(
                    K_V2["dx"], [[1, 1, -2, -2], [1, 1, -2, -2], [0.5, 0.5, 3, 3], [0.5, 0.5, 3, 3]]
                )
            )
        ],
        "Tek tek:": [
            single(lambda: math.isclose(K_V2["dx"][2, 3], 12 / 4)),
            equal(12 / 4, 3),
            single(lambda: math.isclose(K_V2["dx"][1, 2], -8 / 2)),
            equal(-8 / 2, -4),
        ],
        "Kontrol: toplam korunur": [
            _kopya(lambda v: math.isclose(v["dx"].sum(), v["g"].sum()), 5632, 2, 2),
            equal(K_G.sum(), 10),
        ],
        "Aynı $X$, bu sefer": [equal(_avg_side(4, 3, 1), 4 - 3 + 1), equal(4 - 3 + 1, 2)],
        "$$G' = \\begin{bmatrix}": [None],
        "İleri, ilk pencere": [
            single(lambda: math.isclose(K_V3["y"][0, 0], (4 + 2 + 0 + 2 + 0 + 4 + 1 + 3 + 5) / 9)),
            equal(4 + 2 + 0 + 2 + 0 + 4 + 1 + 3 + 5, 21),
        ],
        "\\sum_{i=p-2}^{p}": [
            _kopya(
                lambda v: same(
                    v["dx"], [[_window_sum(v["g"], p, q) / 9 for q in range(4)] for p in range(4)]
                ),
                5633,
                3,
                1,
            )
        ],
        "\\operatorname{pad}_2(G') \\star": [
            _kopya(lambda v: same(v["dx"], corr(pad(v["g"], 2), np.ones((3, 3))) / 9), 5634, 3, 1)
        ],
        "Bu form adımdan bağımsızdır": [
            _kopya(lambda v: same(v["dx"], corr(pad(v["g"], 1), np.ones((2, 2))) / 4), 5635, 2, 2)
        ],
        "Merkez eleman dört pencerede": [
            single(lambda: math.isclose(K_V3["dx"][1, 1], (9 + 0 - 9 + 18) / 9)),
            equal((9 + 0 - 9 + 18) / 9, 2),
            single(lambda: math.isclose(K_V3["dx"][0, 1], (K_G3[0, 0] + K_G3[1, 0]) / 9)),
            single(lambda: math.isclose((K_G3[0, 0] + K_G3[1, 0]) / 9, 0)),
        ],
        "\\partial X'} = \\begin{bmatrix} 1 & 1 & 1 & 0": [
            single(
                lambda: same(K_V3["dx"], [[1, 1, 1, 0], [0, 2, 2, 2], [0, 2, 2, 2], [1, 1, 1, 2]])
            )
        ],
        "Dikkat: örtüşmede toplam korunmaz": [
            _kopya(lambda v: math.isclose(v["dx"].sum(), v["g"].sum() / 9), 5636, 3, 1),
            single(lambda: math.isclose(K_G3.sum() / 9, 2)),
        ],
    },
)


# --- lekciya_grad_vesov_indeksy.md (Russian lecture notes): one channel, one K_h x K_w filter,
# stride S (and dilation D in 7.5), no padding, 0-based; general formulas checked on grids of
# (H, W, K_h, K_w, S) with random X and G, the example at H = 7, W = 6, K_h = 3, K_w = 2, S = 2.

LEK = "lekciya_grad_vesov_indeksy"


def _strided(r: np.random.Generator, h: int, w: int, kh: int, kw: int, s: int, d: int = 1) -> dict:
    """torch conv2d (stride s, dilation d) on random X, W, b; the gradients of sum(y * G) and
    the Jacobian dY[i,j]/dW[u,v] by autograd."""
    x, k, b = r.normal(size=(h, w)), r.normal(size=(kh, kw)), r.normal(size=1)
    xt, kt, bt = t64(x[None, None]), t64(k[None, None], True), t64(b, True)

    def forward(kern: torch.Tensor) -> torch.Tensor:
        return F.conv2d(xt, kern, bt, stride=s, dilation=d)[0, 0]

    y = forward(kt)
    g = r.normal(size=tuple(y.shape))
    (y * t64(g)).sum().backward()
    jac = torch.autograd.functional.jacobian(forward, kt.detach())[:, :, 0, 0].numpy()
    return {
        "x": x,
        "g": g,
        "s": s,
        "d": d,
        "kh": kh,
        "kw": kw,
        "jac": jac,
        "dw": kt.grad.numpy()[0, 0],
        "db": float(bt.grad[0]),
    }


# (H, W, K_h, K_w, S): "div" where S divides H - K_h and W - K_w, "all" with the other sizes too
_DIV = [(7, 6, 3, 2, 2), (9, 7, 3, 3, 2), (10, 7, 4, 1, 3), (6, 5, 2, 2, 1), (8, 8, 2, 2, 2)]
_ALL = [*_DIV, (8, 6, 3, 3, 2), (9, 8, 2, 3, 3), (7, 7, 2, 3, 2)]
_STRIDED_ONLY = [c for c in _ALL if c[4] > 1]  # "the same stride" is the right answer at S = 1
# (H, W, K_h, K_w, S, D) for the dilated section
_DIL = [(7, 7, 3, 3, 1, 2), (9, 8, 2, 3, 1, 3), (9, 9, 3, 2, 2, 2), (11, 10, 3, 3, 2, 3)]
_DIL_S1 = [c for c in _DIL if c[4] == 1]


def _lek(rel: Callable[[dict], bool], sizes: list[tuple[int, ...]], seed: int) -> Truth:
    """One comparison per size, each on a random X and G."""
    return lambda: [
        bool(rel(_strided(np.random.default_rng(seed + n), *c))) for n, c in enumerate(sizes)
    ]


def _index_sum(v: dict, d: int = 1) -> np.ndarray:
    """sum_i sum_j G[i,j] X[iS + uD, jS + vD] with strict indexing."""
    x, g, s = v["x"], v["g"], v["s"]
    return np.array(
        [
            [
                sum(
                    g[i, j] * float(x[i * s + u * d, j * s + vv * d])
                    for i in range(g.shape[0])
                    for j in range(g.shape[1])
                )
                for vv in range(v["kw"])
            ]
            for u in range(v["kh"])
        ]
    )


def _dil_sum(v: dict) -> np.ndarray:
    """sum_a sum_c dil_S(G)[a,c] X[u+a, v+c], a = 0..(H_out-1)S, c = 0..(W_out-1)S."""
    x, gd = v["x"], dilate(v["g"], v["s"])
    return np.array(
        [
            [
                float(np.sum(gd * x[u : u + gd.shape[0], vv : vv + gd.shape[1]]))
                if u + gd.shape[0] <= x.shape[0] and vv + gd.shape[1] <= x.shape[1]
                else np.nan
                for vv in range(v["kw"])
            ]
            for u in range(v["kh"])
        ]
    )


def _out(h: int, k: int, s: int, d: int = 1) -> int:
    """torch's output length along one axis (a 1 x k kernel on a 1 x h row)."""
    y = F.conv2d(
        torch.zeros(1, 1, 1, h, dtype=F64), torch.zeros(1, 1, 1, k, dtype=F64), stride=s, dilation=d
    )
    return int(y.shape[-1])


LEK_CLAIMS = claims_of(
    LEK,
    {
        "$$Y[i,j] = b + \\sum_{u=0}^{K_h-1} \\sum_{v=0}^{K_w-1} W[u,v]\\, X[iS+u,": [None],
        "Размер выхода:": [
            grid(lambda h, w, kh, kw, s: _out(h, kh, s) == (h - kh) // s + 1, _ALL),
            grid(lambda h, w, kh, kw, s: _out(w, kw, s) == (w - kw) // s + 1, _ALL),
        ],
        "Обозначим $G[i,j]": [None],
        "\\partial Y[i,j]}{\\partial W[u,v]} = \\sum": [
            _lek(lambda v: same(v["dw"], np.einsum("ij,ijuv->uv", v["g"], v["jac"])), _ALL, 5640),
            _lek(
                lambda v: same(np.einsum("ij,ijuv->uv", v["g"], v["jac"]), _index_sum(v)),
                _ALL,
                5641,
            ),
        ],
        "Аналогично для смещения": [
            _lek(lambda v: math.isclose(v["db"], v["g"].sum()), _ALL, 5642)
        ],
        "Положим $p = iS + u$": [
            None,
            None,
            grid(
                lambda h, w, kh, kw, s: (_out(h, kh, s) - 1) * s + 0 == 0 + _out(h, kh, s) * s, _ALL
            ),
        ],
        "Выход за границу не происходит": [
            grid(lambda h, w, kh, kw, s: (_out(h, kh, s) - 1) * s + kh - 1 <= h - 1, _ALL)
        ],
        "\\sum_{a=0}^{(H_{out}-1)S}": [_lek(lambda v: same(v["dw"], _dil_sum(v)), _ALL, 5643)],
        "$$\\frac{\\partial L}{\\partial W} = X \\star \\operatorname{dil}_S(G)$$": [
            _lek(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], v["s"]))), _DIV, 5644)
        ],
        "Иначе корреляция длиннее ядра": [
            _lek(
                lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], v["s"]))[: v["kh"], : v["kw"]]),
                _ALL,
                5645,
            )
        ],
        "Студенты иногда предлагают короче": [
            _lek(
                lambda v: same(v["dw"], corr(v["x"], v["g"])[:: v["s"], :: v["s"]]),
                _STRIDED_ONLY,
                5646,
            )
        ],
        "**Пример.** $H = 7$": [
            None,
            None,
            None,
            None,
            None,
            equal(_out(7, 3, 2), 4 // 2 + 1),
            equal(4 // 2 + 1, 3),
            equal(dilate(np.zeros((3, 3)), 2).shape[0], (3 - 1) * 2 + 1),
            equal(7 - 5 + 1, 3),
            equal(3, 3),
            equal(_out(7, 3, 2) * _out(6, 2, 2), 6),
            equal((_out(7, 3, 2) - 1) * 2 + 3 - 1, 5),
        ],
        "$$Y[i,j] = b + \\sum_{u=0}^{K_h-1} \\sum_{v=0}^{K_w-1} W[u,v]\\, X[iS + uD": [None],
        "Эффективный размер ядра": [
            grid(
                lambda h, w, kh, kw, s, d: _out(h, kh, s, d) == (h - d * (kh - 1) - 1) // s + 1,
                _DIL,
            )
        ],
        "G[i,j]\\, X[iS + uD": [_lek(lambda v: same(v["dw"], _index_sum(v, v["d"])), _DIL, 5647)],
        "При $S = 1$ это прореженная": [
            None,  # the case S = 1 (a hypothesis, keyed not-a-claim: it takes rank 1)
            _lek(
                lambda v: same(
                    v["dw"],
                    [
                        [at(corr(v["x"], v["g"]), u * v["d"], vv * v["d"]) for vv in range(v["kw"])]
                        for u in range(v["kh"])
                    ],
                ),
                _DIL_S1,
                5648,
            ),
            _lek(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], v["d"]))), _DIL_S1, 5649),
        ],
        "Для $H = 7$, $K_h = 3$, $D = 2$": [
            None,
            None,
            None,
            None,
            equal(_out(7, 3, 1, 2), 7 - 2 * 2),
            equal(7 - 2 * 2, 3),
            equal(2 * (3 - 1) + 1, 6),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh56_truth_b import NOTES_B

    return {**NOTES_B, **WIKI_CLAIMS, **BLOG_CLAIMS, **EKZ_CLAIMS, **KOPYA_CLAIMS, **LEK_CLAIMS}
