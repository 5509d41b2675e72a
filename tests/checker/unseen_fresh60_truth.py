"""Independent truth for the fresh60 unseen set (tests/data/check/unseen/fresh60/): the notes
lecture_stride2_weight_gradient_dilated, forum_rgb_conv_3_kanaly_8_filtrow,
blog_unet_kich_thuoc_tung_lop and exam_solution_two_layer_cnn_by_hand (the other three live in
unseen_fresh60_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) disagrees; where a
note declares zeros outside the image those entries read as zero.  A link between two written
numbers is arithmetic; a size or count named on the left must equal the true one.
"""

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
    at,
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
SET = "fresh60"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def links(*checks: Callable[[], bool]) -> Truth:
    """Several comparisons that must all hold for one link (a size that is both the torch value
    and the written arithmetic)."""
    return lambda: [all(bool(c()) for c in checks)]


# --- lecture_stride2_weight_gradient_dilated.md (English lecture notes): one channel, 0-based,
# stride 2, no padding, no bias; dL/dW[u,v] = sum_{i,j} G[i,j] X[2i+u, 2j+v] because Y[i,j] reads
# X[2i+u, 2j+v] with weight W[u,v] (torch conv2d, stride 2).

LEC = "lecture_stride2_weight_gradient_dilated"


def _strided(x: np.ndarray, w: np.ndarray, g: np.ndarray, s: int = 2) -> dict:
    v = conv(x[None, None], w[None, None], None, g[None, None], stride=s)
    return {"x": x, "w": w, "g": g, "dw": v["dw"][0, 0], "dx": v["dx"][0, 0], "s": s}


def _lec(rel: Callable[[dict], bool], seed: int, h: int = 5, k: int = 3, s: int = 2) -> Truth:
    """Random X (h x h), W (k x k) and G of the output's shape."""

    def make(r: np.random.Generator) -> dict:
        m = conv_out(h, k, s)
        return _strided(r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=(m, m)), s)

    return trials(lambda r: rel(make(r)), seed)


def _dw_sum(v: dict) -> np.ndarray:
    """sum_{i,j=0}^{1} G[i,j] X[2i+u, 2j+v], with strict indexing."""
    x, g = v["x"], v["g"]
    return np.array(
        [
            [
                sum(g[i, j] * at(x, 2 * i + u, 2 * j + c) for i in range(2) for j in range(2))
                for c in range(3)
            ]
            for u in range(3)
        ]
    )


def _general(h: int, k: int, s: int, seed: int) -> bool:
    """dL/dW = X star dil_s(G) and the side of dil_s(G) is H - k + 1, where s divides H - k."""
    r = np.random.default_rng(seed)
    m = conv_out(h, k, s)
    v = _strided(r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=(m, m)), s)
    return same(v["dw"], corr(v["x"], dilate(v["g"], s)))


LEC_SIZES = [(7, 3, 2), (9, 3, 2), (10, 4, 3), (9, 3, 3), (11, 5, 2)]
LEC_X = np.array(
    [[1, 0, 2, 1, 0], [0, 1, 1, 0, 2], [2, 1, 0, 1, 1], [1, 0, 1, 2, 0], [0, 2, 1, 0, 1]], float
)
LEC_G = np.array([[1, -1], [2, 0]], float)
# the weights do not enter dL/dW; any kernel gives the same gradient
LEC_V = _strided(LEC_X, np.random.default_rng(6000).normal(size=(3, 3)), LEC_G)


def _terms(pixels: list[tuple[int, int]]) -> float:
    """G[0,0] X[p0] + G[0,1] X[p1] + G[1,0] X[p2] + G[1,1] X[p3], the pixels as the note writes."""
    gs = [LEC_G[0, 0], LEC_G[0, 1], LEC_G[1, 0], LEC_G[1, 1]]
    return float(sum(g * at(LEC_X, *p) for g, p in zip(gs, pixels, strict=True)))


T00 = _terms([(0, 0), (0, 2), (2, 0), (2, 2)])
T12 = _terms([(1, 2), (1, 4), (3, 2), (3, 4)])
T21 = _terms([(2, 1), (2, 2), (3, 1), (3, 2)])
H9 = conv_out(9, 3, 2)


def _window_sum(x: np.ndarray) -> np.ndarray:
    return x[0:3, 0:3] + x[0:3, 2:5] + x[2:5, 0:3] + x[2:5, 2:5]


def _ones_g(r: np.random.Generator) -> bool:
    v = _strided(r.normal(size=(5, 5)), r.normal(size=(3, 3)), np.ones((2, 2)))
    return same(v["dw"], _window_sum(v["x"]))


LEC_CLAIMS = claims_of(
    LEC,
    {
        "stride $s = 2$": [None],
        "$$Y[i,j] =": [None],
        "$H_Y = \\lfloor (5 - 3)/2": [
            equal(conv_out(5, 3, 2), (5 - 3) // 2 + 1),
            equal((5 - 3) // 2 + 1, 2),
            equal(conv_out(6, 3, 2), math.ceil((6 - 3) / 2) + 1),
            equal(math.ceil((6 - 3) / 2) + 1, 3),
        ],
        "Write $G =": [None],
        "\\partial W[u,v]} = \\sum_{i=0}^{1}": [_lec(lambda v: same(v["dw"], _dw_sum(v)), 6001)],
        "its side is $(2 - 1)": [equal((2 - 1) * 2 + 1, 3)],
        "$$\\frac{\\partial L}{\\partial W} = X \\star \\operatorname{dil}_2(G)$$": [
            _lec(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 6002)
        ],
        "The shape checks out": [equal(5 - 3 + 1, 3)],
        "In general, for an": [
            grid(lambda h, k, s: _general(h, k, s, 6003 + h + k + s), LEC_SIZES),
            grid(lambda h, k, s: (conv_out(h, k, s) - 1) * s + 1 == h - k + 1, LEC_SIZES),
        ],
        "For instance with $H = 9$": [
            None,
            None,
            equal(H9, (9 - 3) / 2 + 1),
            equal((9 - 3) / 2 + 1, 4),
            equal(dilate(np.ones((H9, H9)), 2).shape[0], 2 * H9),
            equal(2 * 4, 8),
        ],
        "padded by $k - 1 = 2$": [equal(3 - 1, 2)],
        "\\operatorname{pad}_{2}(\\operatorname{dil}_2(G)) \\star W$$": [
            _lec(lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), v["w"])), 6004)
        ],
        "$$X = \\begin{bmatrix}": [None, None],
        "$$\\operatorname{dil}_2(G) = \\begin{bmatrix}": [
            single(lambda: same(dilate(LEC_G, 2), [[1, 0, -1], [0, 0, 0], [2, 0, 0]]))
        ],
        "\\partial W[0,0]} =": [
            single(lambda: math.isclose(LEC_V["dw"][0, 0], T00)),
            single(lambda: math.isclose(T00, 1 - 2 + 4 + 0)),
            equal(1 - 2 + 4 + 0, 3),
        ],
        "\\partial W[1,2]} =": [
            single(lambda: math.isclose(LEC_V["dw"][1, 2], T12)),
            single(lambda: math.isclose(T12, 1 - 2 + 2 + 0)),
            equal(1 - 2 + 2 + 0, 2),
        ],
        "\\partial W[2,1]} =": [
            single(lambda: math.isclose(LEC_V["dw"][2, 1], T21)),
            single(lambda: math.isclose(T21, 1 + 0 + 0 + 0)),
            equal(1 + 0 + 0 + 0, 1),
        ],
        "$$\\frac{\\partial L}{\\partial W} = \\begin{bmatrix} 3": [
            single(lambda: same(LEC_V["dw"], [[3, 1, 2], [1, 1, 2], [2, 1, 1]]))
        ],
        "As a sanity check": [None, trials(_ones_g, 6005)],
    },
)


# --- forum_rgb_conv_3_kanaly_8_filtrow.md (Polish forum thread): nn.Conv2d(3, 8, 3, stride=2,
# padding=1) on 3 x 64 x 64, 0-based, X zero outside the image (declared).

FORUM = "forum_rgb_conv_3_kanaly_8_filtrow"
RGB = nn.Conv2d(3, 8, 3, stride=2, padding=1)


def _rgb_entries(r: np.random.Generator) -> bool:
    """The written triple sum (stride 2, the -1 of padding 1, zeros outside) against torch, on a
    random 3 x 13 x 13 image: the formula does not depend on the image side."""
    x, w, b = r.normal(size=(1, 3, 13, 13)), r.normal(size=(8, 3, 3, 3)), r.normal(size=8)
    z = conv(x, w, b, np.zeros((1, 8, 7, 7)), stride=2, padding=1)["z"][0]
    mine = np.array(
        [
            [
                [
                    b[f]
                    + sum(
                        w[f, c, u, v] * zat(x[0, c], 2 * i + u - 1, 2 * j + v - 1)
                        for c in range(3)
                        for u in range(3)
                        for v in range(3)
                    )
                    for j in range(7)
                ]
                for i in range(7)
            ]
            for f in range(8)
        ]
    )
    return same(z, mine)


def _rgb_flops() -> int:
    x, w = torch.zeros(1, 3, 64, 64, dtype=F64), torch.zeros(8, 3, 3, 3, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w, stride=2, padding=1))


FW = [
    np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], float),
    np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], float),
    np.array([[0, 0, 0], [0, 2, 0], [0, 0, 0]], float),
]
FP = [
    np.array([[3, 1, 0], [2, 2, 1], [4, 0, 2]], float),
    np.array([[1, 2, 1], [0, 3, 2], [1, 1, 0]], float),
    np.array([[0, 1, 0], [1, 5, 2], [0, 0, 1]], float),
]
FB = 1.0
# torch's output at one position whose three windows are P_0, P_1, P_2
FY = float(F.conv2d(t64(np.stack(FP))[None], t64(np.stack(FW))[None], t64([FB]))[0, 0, 0, 0].item())


def _inner(c: int) -> float:
    return float(np.sum(FW[c] * FP[c]))


FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "$C_{in} = 3$": [None, None, None],
        "$$H_{out} = \\left\\lfloor": [
            equal(conv_out(64, 3, 2, 1), (64 + 2 * 1 - 3) // 2 + 1),
            equal((64 + 2 * 1 - 3) // 2 + 1, 32),
        ],
        "razem $8 \\cdot 32": [
            equal(8 * 32 * 32, 8192),
            equal((65 + 2 - 3) // 2 + 1, 33),
            equal(conv_out(64, 3, 2, 0), (64 - 3) // 2 + 1),
            equal((64 - 3) // 2 + 1, 32),
        ],
        "Parametry: wagi": [
            equal(8 * 3 * 3 * 3, 216),
            equal(params(RGB), 216 + 8),
            equal(216 + 8, 224),
        ],
        "z $X_c[p,q] = 0$": [None],
        "$$Y_f[i,j] = b_f": [trials(_rgb_entries, 6010)],
        "Mnożeń na jeden obraz": [
            single(lambda: _rgb_flops() == 32 * 32 * 8 * 9),
            equal(32 * 32 * 8 * 9, 73728),
        ],
        "dla filtra $f = 0$": [None],
        "$$W_{0,0} = \\begin{bmatrix}": [None, None, None, None],
        "$$P_0 = \\begin{bmatrix}": [None, None, None],
        "\\langle W_{0,0}, P_0 \\rangle = (3": [
            single(lambda: math.isclose(_inner(0), (3 - 0) + (2 - 1) + (4 - 2))),
            equal((3 - 0) + (2 - 1) + (4 - 2), 6),
        ],
        "\\langle W_{0,1}, P_1 \\rangle = 2": [
            single(lambda: math.isclose(_inner(1), 2 + 0 + 2 + 1 - 4 * 3)),
            equal(2 + 0 + 2 + 1 - 4 * 3, -5),
        ],
        "\\langle W_{0,2}, P_2 \\rangle = 2": [
            single(lambda: math.isclose(_inner(2), 2 * 5)),
            equal(2 * 5, 10),
        ],
        "$$Y_0[i,j] = b_0": [
            single(lambda: math.isclose(FY, FB + _inner(0) + _inner(1) + _inner(2))),
            single(lambda: math.isclose(FY, 1 + 6 - 5 + 10)),
            equal(1 + 6 - 5 + 10, 12),
        ],
        "Czyli jeden filtr to": [equal(3 * 3 * 3, 27)],
        "Uwaga na liczenie": [
            equal(3 * 3 * 3 * 8, 216),
            equal(params(RGB), 216),
            equal(RGB.weight[0].numel(), 3 * 27),
            equal(3 * 27, 81),
        ],
    },
)


# --- blog_unet_kich_thuoc_tung_lop.md (Vietnamese blog): a valid-padding U-Net on 1 x 188 x 188,
# 3 x 3 convs, 2 x 2 max pooling, 2 x 2 stride-2 up-convs, the skip center-cropped to the
# up-conv's side and concatenated.  The sizes do not depend on the channel counts, so one channel
# carries them; the counts use the layers with the note's channels.

UNET = "blog_unet_kich_thuoc_tung_lop"


def _unet_sides() -> dict[str, int]:
    def convs(h: torch.Tensor, n: int = 2) -> torch.Tensor:
        for _ in range(n):
            h = F.conv2d(h, torch.zeros(1, 1, 3, 3, dtype=F64))
        return h

    def up(h: torch.Tensor) -> torch.Tensor:
        return F.conv_transpose2d(h, torch.zeros(1, 1, 2, 2, dtype=F64), stride=2)

    def crop_cat(skip: torch.Tensor, h: torch.Tensor) -> tuple[torch.Tensor, int]:
        c = (skip.shape[-1] - h.shape[-1]) // 2  # a center crop removes c on each side
        cut = skip[..., c : skip.shape[-1] - c, c : skip.shape[-1] - c]
        return torch.cat([cut, h], dim=1)[:, :1], c

    x = torch.zeros(1, 1, 188, 188, dtype=F64)
    first = F.conv2d(x, torch.zeros(1, 1, 3, 3, dtype=F64))
    b1 = convs(x)
    p1 = F.max_pool2d(b1, 2)
    b2 = convs(p1)
    p2 = F.max_pool2d(b2, 2)
    bot = convs(p2)
    u1 = up(bot)
    h, c1 = crop_cat(b2, u1)
    d1 = convs(h)
    u2 = up(d1)
    h, c2 = crop_cat(b1, u2)
    d2 = convs(h)
    out = F.conv2d(d2, torch.zeros(1, 1, 1, 1, dtype=F64))
    sides = {"first": first, "b1": b1, "p1": p1, "b2": b2, "p2": p2, "bot": bot, "u1": u1}
    sides |= {"d1": d1, "u2": u2, "d2": d2, "out": out}
    return {k: int(v.shape[-1]) for k, v in sides.items()} | {"c1": c1, "c2": c2}


U = _unet_sides()
UNET_SIZES = [1, 2, 5, 40, 76]

UNET_CLAIMS = claims_of(
    UNET,
    {
        "làm cạnh giảm đi $k - 1 = 2$": [equal(3 - 1, 2)],
        "$$H_{out} = (H_{in} - 1) s + k = 2 H_{in}$$": [
            grid(lambda h: tconv_out(h, 2, 2) == (h - 1) * 2 + 2, [(h,) for h in UNET_SIZES]),
            grid(lambda h: (h - 1) * 2 + 2 == 2 * h, [(h,) for h in UNET_SIZES]),
        ],
        "còn nếu thêm padding": [
            None,
            grid(lambda h: tconv_out(h, 2, 2, 1) == 2 * h - 1, [(h,) for h in UNET_SIZES[1:]]),
        ],
        "$188 - 2 = 186$": [
            links(lambda: U["first"] == 188 - 2 == 186),
            links(lambda: U["b1"] == 186 - 2 == 184),
        ],
        "Pool 1: $184 / 2": [links(lambda: U["p1"] == 184 / 2 == 92)],
        "$H = 92 - 2 - 2 = 88$": [equal(U["b2"], 92 - 2 - 2), equal(92 - 2 - 2, 88)],
        "Pool 2: $88 / 2": [links(lambda: U["p2"] == 88 / 2 == 44)],
        "$H = 44 - 4 = 40$": [equal(U["bot"], 44 - 4), equal(44 - 4, 40)],
        "$H = (40 - 1) \\cdot 2 + 2 = 80$": [
            equal(U["u1"], (40 - 1) * 2 + 2),
            equal((40 - 1) * 2 + 2, 80),
        ],
        "$c_1 = 88 - 80": [equal(U["c1"], 88 - 80), equal(88 - 80, 8)],
        "Nối (concat) theo kênh": [equal(64 + 64, 128)],
        "$80 - 2 - 2 = 76$": [links(lambda: U["d1"] == 80 - 2 - 2 == 76)],
        "$H = 2 \\cdot 76 = 152$": [equal(U["u2"], 2 * 76), equal(2 * 76, 152)],
        "$c_2 = (184 - 152)/2": [equal(U["c2"], (184 - 152) / 2), equal((184 - 152) / 2, 16)],
        "Nối: $32 + 32 = 64$": [
            equal(32 + 32, 64),
            links(lambda: U["d2"] == U["out"] == 152 - 4 == 148),
        ],
        "Vậy mạng": [
            equal(188 - U["out"], 40),
            equal((188 - U["out"]) / 2, 20),
            single(lambda: round(U["out"] ** 2 / 188**2, 2) == 0.79),
        ],
        "$P_1 = 9": [equal(params(nn.Conv2d(1, 32, 3)), 9 * 32 + 32), equal(9 * 32 + 32, 320)],
        "$P_{up} =": [
            equal(params(nn.ConvTranspose2d(128, 64, 2, stride=2)), 128 * 64 * 2 * 2),
            equal(128 * 64 * 2 * 2, 32768),
        ],
        "$P_{d} =": [
            equal(params(nn.Conv2d(128, 64, 3)), 128 * 64 * 9 + 64),
            equal(128 * 64 * 9 + 64, 73856),
        ],
        "$P_{d2} =": [
            equal(params(nn.Conv2d(64, 32, 3)), 64 * 32 * 9 + 64),
            equal(64 * 32 * 9 + 64, 18496),
        ],
        "$P_{out} =": [equal(params(nn.Conv2d(32, 2, 1)), 32 * 2 + 2), equal(32 * 2 + 2, 66)],
    },
)


# --- exam_solution_two_layer_cnn_by_hand.md (English exam solution): z1 = x star w1, a1 = ReLU(z1),
# y = a1 star w2, L = sum(y), no biases, 0-based; torch's relu has gradient 0 at 0, as the note
# takes.

EXAM = "exam_solution_two_layer_cnn_by_hand"
EX_X = np.array([[1, 2, 0, 1], [0, 1, -1, 2], [2, 0, 1, 0], [1, -1, 0, 1]], float)
EX_W1 = np.array([[1, -1], [0, 2]], float)
EX_W2 = np.array([[2, 1], [-1, 1]], float)


def _two_layer() -> dict[str, np.ndarray]:
    x, w1, w2 = t64(EX_X, True), t64(EX_W1, True), t64(EX_W2, True)
    z1 = F.conv2d(x[None, None], w1[None, None])
    a1 = torch.relu(z1)
    y = F.conv2d(a1, w2[None, None])
    for t in (z1, a1, y):
        t.retain_grad()
    loss = y.sum()
    loss.backward()
    out = {"L": loss.detach().numpy()}
    for name, t in (("z1", z1), ("a1", a1), ("y", y)):
        out[name], out["d" + name] = t.detach().numpy()[0, 0], t.grad.numpy()[0, 0]
    out |= {"dx": x.grad.numpy(), "dw1": w1.grad.numpy(), "dw2": w2.grad.numpy()}
    return out


EX = _two_layer()
EX_Z11 = 1 * at(EX_X, 1, 1) + (-1) * at(EX_X, 1, 2) + 0 * at(EX_X, 2, 1) + 2 * at(EX_X, 2, 2)
EX_DW11 = 2 * at(EX_X, 1, 1) + 1 * at(EX_X, 1, 3) + 3 * at(EX_X, 2, 2) + 1 * at(EX_X, 3, 3)


def _dw2_wrong_range() -> np.ndarray:
    """sum_{i,j=0}^{2} a1[i+u, j+v] with strict indexing (a1 is 3 x 3)."""
    a1 = EX["a1"]
    return np.array(
        [
            [sum(at(a1, i + u, j + v) for i in range(3) for j in range(3)) for v in range(2)]
            for u in range(2)
        ]
    )


ONES = np.ones((2, 2))
EX_DA1 = corr(pad(ONES, 1), rot180(EX_W2))
EX_DX_NOFLIP = corr(pad(EX["dz1"], 1), EX_W1)

EXAM_CLAIMS = claims_of(
    EXAM,
    {
        "A tiny CNN has no biases": [None, None, None, None],
        "$$x = \\begin{bmatrix}": [None, None, None],
        "Take $\\operatorname{ReLU}'(0) = 0$": [None],
        "$$z_1[1,1] =": [
            single(lambda: math.isclose(EX["z1"][1, 1], EX_Z11)),
            single(lambda: math.isclose(EX_Z11, 1 + 1 + 0 + 2)),
            equal(1 + 1 + 0 + 2, 4),
        ],
        "$$z_1 = \\begin{bmatrix}": [
            single(lambda: same(EX["z1"], [[1, 0, 3], [-1, 4, -3], [0, -1, 3]])),
            single(lambda: same(EX["a1"], [[1, 0, 3], [0, 4, 0], [0, 0, 3]])),
        ],
        "$$y[0,0] =": [
            single(lambda: math.isclose(EX["y"][0, 0], 2 * 1 + 1 * 0 + (-1) * 0 + 1 * 4)),
            equal(2 * 1 + 1 * 0 + (-1) * 0 + 1 * 4, 6),
            single(lambda: same(EX["y"], [[6, -1], [4, 11]])),
        ],
        "so $L = 6": [
            single(lambda: math.isclose(EX["L"], 6 - 1 + 4 + 11)),
            equal(6 - 1 + 4 + 11, 21),
        ],
        "Since $L$ is a plain sum": [single(lambda: same(EX["dy"], ONES))],
        "\\partial w_2[u,v]} = \\sum_{i=0}^{2}": [
            single(lambda: same(EX["dw2"], _dw2_wrong_range()))
        ],
        "$$\\frac{\\partial L}{\\partial w_2} = a_1 \\star": [
            single(lambda: same(EX["dw2"], corr(EX["a1"], EX["dy"]))),
            single(lambda: same(corr(EX["a1"], EX["dy"]), [[5, 7], [4, 7]])),
        ],
        "$$\\frac{\\partial L}{\\partial a_1} =": [
            single(lambda: same(EX["da1"], EX_DA1)),
            single(lambda: same(EX_DA1, [[2, 3, 1], [1, 3, 2], [-1, 0, 1]])),
        ],
        "The ReLU passes the gradient only": [
            single(lambda: same(EX["dz1"], EX["da1"] * (EX["a1"] >= 0)))
        ],
        "$$\\frac{\\partial L}{\\partial z_1} = \\begin{bmatrix}": [
            single(lambda: same(EX["dz1"], [[2, 0, 1], [0, 3, 0], [0, 0, 1]]))
        ],
        "As in (b)": [single(lambda: same(EX["dw1"], corr(EX_X, EX["dz1"])))],
        "\\partial w_1[1,1]} =": [
            single(lambda: math.isclose(EX["dw1"][1, 1], EX_DW11)),
            single(lambda: math.isclose(EX_DW11, 2 + 2 + 3 + 1)),
            equal(2 + 2 + 3 + 1, 8),
        ],
        "and all four:": [single(lambda: same(EX["dw1"], [[6, 2], [1, 8]]))],
        "$$\\frac{\\partial L}{\\partial x} =": [
            single(lambda: same(EX["dx"], EX_DX_NOFLIP)),
            single(
                lambda: same(
                    EX_DX_NOFLIP, [[4, 0, 2, 0], [-2, 8, -1, 1], [0, -3, 5, 0], [0, 0, -1, 1]]
                )
            ),
        ],
        "the network has $4 + 4 = 8$": [links(lambda: EX_W1.size + EX_W2.size == 4 + 4 == 8)],
    },
)


def truth_table() -> Claims:
    from unseen_fresh60_truth_b import NOTES_B

    return {**LEC_CLAIMS, **FORUM_CLAIMS, **UNET_CLAIMS, **EXAM_CLAIMS, **NOTES_B}
