"""Independent truth for the fresh54 unseen set, second part: the notes
benkyou_juyouya_to_shutsuryoku_size, jikken_note_maxpool_3x3_stride2_kasanari and
cheatsheet_conv_backprop_general_indices (conventions as in unseen_fresh54_truth.py, which merges
this table into truth_table)."""

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
    rng,
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh54"
nn = torch.nn
Layer = tuple[int, int, int]  # (k, s, p)


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- benkyou_juyouya_to_shutsuryoku_size.md (Japanese study note): output sizes and receptive
# fields of stacked square conv / pool layers (k, s, p); r_l is the width of the input a single
# output of layer l depends on, j_l the input distance between two neighbouring outputs.

BK = "benkyou_juyouya_to_shutsuryoku_size"
STACK: list[Layer] = [(3, 1, 1), (3, 1, 1), (2, 2, 0), (3, 1, 1), (2, 2, 0), (3, 2, 1)]
POOL = {3, 5}  # 1-based positions of the max-pool layers in STACK
# more stacks for the general formulas, each with a layer of k > 1 and s > 1
STACKS: list[list[Layer]] = [
    STACK,
    [(3, 2, 1), (3, 1, 1), (5, 2, 2)],
    [(7, 2, 3), (3, 2, 1), (3, 1, 1), (2, 2, 0)],
]


def rf_and_jump(layers: list[Layer]) -> tuple[int, int]:
    """Measured with autograd on a 1-D line of 200 samples: the span of inputs with a nonzero
    gradient from one middle output (all-ones weights, so nothing cancels; an average pool has the
    max pool's geometry), and the distance between the first inputs of two neighbouring outputs.
    The ends never reach the padding, so padding does not change either figure."""

    def support(index: int) -> np.ndarray:
        x = torch.zeros(1, 1, 200, dtype=F64, requires_grad=True)
        h = x
        for k, s, p in layers:
            h = F.conv1d(h, torch.ones(1, 1, k, dtype=F64), stride=s, padding=p)
        h[0, 0, index].backward()
        return np.nonzero(x.grad.numpy()[0, 0])[0]

    probe = torch.zeros(1, 1, 200, dtype=F64)
    for k, s, p in layers:
        probe = F.conv1d(probe, torch.ones(1, 1, k, dtype=F64), stride=s, padding=p)
    mid = probe.shape[-1] // 2
    a, b = support(mid), support(mid + 1)
    return int(a[-1] - a[0] + 1), int(b[0] - a[0])


def prefixes(layers: list[Layer]) -> list[tuple[int, int]]:
    """(r_l, j_l) for l = 0..L, (1, 1) for the empty stack."""
    return [(1, 1)] + [rf_and_jump(layers[:n]) for n in range(1, len(layers) + 1)]


def _stack_sides() -> list[int]:
    """H_0..H_6 of STACK on 64 x 64 with torch's Conv2d and MaxPool2d."""
    h, sides = torch.zeros(1, 1, 64, 64, dtype=F64), [64]
    for n, (k, s, p) in enumerate(STACK, start=1):
        layer = nn.MaxPool2d(k, s, p) if n in POOL else nn.Conv2d(1, 1, k, s, p).double()
        h = layer(h)
        sides.append(int(h.shape[-1]))
    return sides


HS = _stack_sides()
RJ = prefixes(STACK)
R = [r for r, _ in RJ]
J = [j for _, j in RJ]
SIZE_GRID = [
    (h, k, s, p)
    for h in (7, 8, 15, 16)
    for k in (2, 3, 5)
    for s in (1, 2, 3)
    for p in (0, 1)
    if 2 * p <= k
]


def _out_size(h: int, k: int, s: int, p: int) -> bool:
    pooled = F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s, p).shape[-1]
    formula = math.floor((h + 2 * p - k) / s) + 1
    return conv_out(h, k, s, p) == formula == pooled


def _over_stacks(rel: Callable[[list[Layer], list[tuple[int, int]]], bool]) -> Truth:
    return lambda: [rel(st, prefixes(st)) for st in STACKS]


def _closed(upto_self: bool) -> Callable[[list[Layer], list[tuple[int, int]]], bool]:
    def rel(st: list[Layer], rj: list[tuple[int, int]]) -> bool:
        total = 1
        for n, (k, _, _) in enumerate(st, start=1):
            total += (k - 1) * math.prod(s for _, s, _ in st[: n if upto_self else n - 1])
        return rj[-1][0] == total

    return rel


BK_CLAIMS = claims_of(
    BK,
    {
        "$$H_l = \\left\\lfloor": [grid(_out_size, SIZE_GRID)],
        "'same' パディング": [
            None,
            grid(lambda h, s: conv_out(h, 3, s, 1) == h // s, [(15, 2), (16, 2), (17, 2)]),
        ],
        "$$j_l = j_{l-1} s_l$$": [
            _over_stacks(
                lambda st, rj: all(
                    rj[n][1] == rj[n - 1][1] * st[n - 1][1] for n in range(1, len(st) + 1)
                )
            )
        ],
        "$$r_l = r_{l-1}": [
            _over_stacks(
                lambda st, rj: all(
                    rj[n][0] == rj[n - 1][0] + (st[n - 1][0] - 1) * rj[n - 1][1]
                    for n in range(1, len(st) + 1)
                )
            )
        ],
        "\\prod_{m=1}^{l-1} s_m$$": [_over_stacks(_closed(False))],
        "教科書によっては": [None, _over_stacks(_closed(True))],
        "$r_L = 1 + L(k - 1)$": [
            grid(
                lambda n, k: rf_and_jump([(k, 1, k // 2)] * n)[0] == 1 + n * (k - 1),
                [(1, 3), (3, 3), (4, 5), (2, 7)],
            )
        ],
        "出力サイズ：層 1, 2": [equal(HS[3], (64 - 2) // 2 + 1), equal((64 - 2) // 2 + 1, 31)],
        "$$H_6 = ": [equal(HS[6], (16 + 2 - 3) // 2 + 1), equal((16 + 2 - 3) // 2 + 1, 8)],
        "受容野：": [
            equal(R[1], 3),
            equal(R[2], 5),
            equal(R[3], 5 + (2 - 1) * 1),
            equal(5 + (2 - 1) * 1, 6),
            equal(R[4], 6 + 2 * 2),
            equal(6 + 2 * 2, 10),
            equal(R[5], 10 + 1 * 2),
            equal(10 + 1 * 2, 12),
            equal(R[6], 12 + 2 * 2),
            equal(12 + 2 * 2, 16),
        ],
        "累積ストライドは": [
            equal(J[6], math.prod(s for _, s, _ in STACK)),
            equal(1 * 1 * 2 * 1 * 2 * 2, 8),
        ],
        "最後の出力 1 画素": [equal(R[6] ** 2 / HS[0] ** 2, 256 / 4096), equal(256 / 4096, 0.0625)],
    },
)


# --- jikken_note_maxpool_3x3_stride2_kasanari.md (Japanese lab notebook): MaxPool2d(3, stride=2)
# on the 5 x 5 X, G given, 0-based; ties go where torch's backward sends them.

JK = "jikken_note_maxpool_3x3_stride2_kasanari"
JK_X = np.array(
    [[1, 7, 2, 0, 3], [0, 2, 4, 1, 1], [3, 1, 7, 2, 0], [2, 7, 1, 0, 8], [1, 0, 5, 8, 6]],
    dtype=float,
)
JK_G = np.array([[2, -1], [3, 1]], dtype=float)


def _pool(x: np.ndarray, g: np.ndarray, avg: bool = False) -> dict:
    xt = t64(x[None, None], True)
    y = (F.avg_pool2d if avg else F.max_pool2d)(xt, 3, 2)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


JV = _pool(JK_X, JK_G)
JA = _pool(JK_X, JK_G, avg=True)


def pool_side(h: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), 3, 2).shape[-1])


def _argmax_routing(x: np.ndarray, g: np.ndarray) -> bool:
    """The note's indicator sum, argmax = first maximum of the window in row-major order."""
    v = _pool(x, g)
    rhs = np.zeros_like(x)
    ho = g.shape[0]
    for i in range(ho):
        for j in range(ho):
            win = x[2 * i : 2 * i + 3, 2 * j : 2 * j + 3]
            a, b = divmod(int(np.argmax(win)), 3)
            rhs[2 * i + a, 2 * j + b] += g[i, j]
    return same(v["dx"], rhs)


def _routing_truth() -> list[bool]:
    """On the note's X (with its ties) and on random 5 x 5 and 7 x 7 inputs."""
    out = [_argmax_routing(JK_X, JK_G)]
    for t, h in enumerate((5, 7, 9)):
        r = rng(5431 + t)
        ho = pool_side(h)
        out.append(_argmax_routing(r.normal(size=(h, h)), r.normal(size=(ho, ho))))
    return out


JK_CLAIMS = claims_of(
    JK,
    {
        "出力サイズ：": [equal(pool_side(5), (5 - 3) // 2 + 1), equal((5 - 3) // 2 + 1, 2)],
        "メモ：": [equal(pool_side(6), (6 - 3) // 2 + 1), equal((6 - 3) // 2 + 1, 3)],
        "$$Y = \\begin": [single(lambda: same(JV["y"], [[7, 7], [7, 8]]))],
        "左上の窓：": [
            single(lambda: math.isclose(JV["dx"][0, 1], JK_G[0, 0])),
            equal(JK_G[0, 0], 2),
        ],
        "中央の $X[2,2] = 7$": [
            None,
            single(lambda: math.isclose(JV["dx"][2, 2], JK_G[0, 0] + JK_G[0, 1] + JK_G[1, 0])),
            equal(JK_G[0, 0] + JK_G[0, 1] + JK_G[1, 0], 4),
        ],
        "左下の窓の同値": [single(lambda: math.isclose(JV["dx"][3, 1], 0))],
        "半分ずつ": [
            single(lambda: math.isclose(JV["dx"][3, 4], JV["dx"][4, 3])),
            single(lambda: math.isclose(JV["dx"][4, 3], JK_G[1, 1] / 2)),
            equal(JK_G[1, 1] / 2, 0.5),
        ],
        "$$\\frac{\\partial L}{\\partial X} = \\begin": [
            single(
                lambda: same(
                    JV["dx"],
                    [
                        [0, 2, 0, 0, 0],
                        [0, 0, 0, 0, 0],
                        [0, 0, 4, 0, 0],
                        [0, 0, 0, 0, 0.5],
                        [0, 0, 0, 0.5, 0],
                    ],
                )
            )
        ],
        "勾配の総和は保存": [
            single(lambda: math.isclose(JV["dx"].sum(), JK_G.sum())),
            equal(JK_G.sum(), 5),
            equal(int(np.count_nonzero(JV["dx"])), 4),
        ],
        "\\mathbb{1}\\left[(p,q)": [_routing_truth],
        "平均プーリングなら": [
            single(lambda: math.isclose(JA["dx"][2, 2], JK_G.sum() / 9)),
            equal(JK_G.sum() / 9, 5 / 9),
        ],
    },
)


# --- cheatsheet_conv_backprop_general_indices.md (English cheat sheet): batched conv2d with
# stride S and zero padding P, 0-based; checked at N = 2, C = 3, F = 4 (C != F), K = 3, on 7 x 7
# with S = 2, P = 1 (9 x 9 padded, S divides 9 - 3) and on 6 x 6 with S = 1, P = 0.

CS = "cheatsheet_conv_backprop_general_indices"
CN, CC, CF, CK = 2, 3, 4, 3


def _cs(r: np.random.Generator, s: int, p: int, h: int) -> dict:
    x, w, b = r.normal(size=(CN, CC, h, h)), r.normal(size=(CF, CC, CK, CK)), r.normal(size=CF)
    ho = conv_out(h, CK, s, p)
    g = r.normal(size=(CN, CF, ho, ho))
    v = conv(x, w, b, g, stride=s, padding=p)
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    vp = conv(xp, w, b, g, stride=s)  # the same layer read on the padded input
    return {
        **v,
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "s": s,
        "p": p,
        "ho": ho,
        "xp": xp,
        "dxp": vp["dx"],
    }


def _csr(rel: Callable[[dict], bool], seed: int, cases: tuple = ((2, 1, 7), (1, 0, 6))) -> Truth:
    """Trials at each (S, P, H) of cases."""
    return lambda: [
        x
        for k, case in enumerate(cases)
        for x in trials(lambda r, case=case: rel(_cs(r, *case)), seed + 10 * k)()
    ]


def _forward(v: dict) -> bool:
    s, ho = v["s"], v["ho"]
    rhs = np.zeros_like(v["z"])
    for n, f, i, j in np.ndindex(rhs.shape):
        rhs[n, f, i, j] = v["b"][f] + sum(
            v["w"][f, c, u, w_] * at(v["xp"], n, c, s * i + u, s * j + w_)
            for c in range(CC)
            for u in range(CK)
            for w_ in range(CK)
        )
    return same(v["z"], rhs) and rhs.shape[-1] == ho


def _dw_bound_past(v: dict) -> bool:
    s, ho = v["s"], v["ho"]
    rhs = np.zeros_like(v["dw"])
    for f, c, u, w_ in np.ndindex(rhs.shape):
        rhs[f, c, u, w_] = sum(
            at(v["g"], n, f, i, j) * at(v["xp"], n, c, s * i + u, s * j + w_)
            for n in range(CN)
            for i in range(ho)
            for j in range(ho + 1)  # the sheet's j <= W_out
        )
    return same(v["dw"], rhs)


def _db_one_image(v: dict) -> bool:
    # without the batch sum the right side depends on n: it would have to hold for every n
    return all(same(v["db"], v["g"][n].sum(axis=(1, 2))) for n in range(CN))


def _dxp_any_stride(v: dict) -> bool:
    s, ho = v["s"], v["ho"]
    rhs = np.zeros_like(v["dxp"])
    for n, c, p, q in np.ndindex(rhs.shape):
        rhs[n, c, p, q] = sum(
            v["g"][n, f, i, j] * zat(v["w"], f, c, p - s * i, q - s * j)
            for f in range(CF)
            for i in range(ho)
            for j in range(ho)
        )
    return same(v["dxp"], rhs)


def _strip(v: dict) -> bool:
    p, h = v["p"], v["x"].shape[-1]
    return same(v["dx"], v["dxp"][:, :, p : p + h, p : p + h])


def _dx_swapped(v: dict) -> bool:
    rhs = np.zeros_like(v["dx"])
    for n, c, p, q in np.ndindex(rhs.shape):
        rhs[n, c, p, q] = sum(
            zat(v["g"], n, f, p - u, q - w_) * v["w"][f, c, w_, u]
            for f in range(CF)
            for u in range(CK)
            for w_ in range(CK)
        )
    return same(v["dx"], rhs)


def _op_dw(dil: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        s = v["s"] if dil else 1
        rhs = [
            [
                sum(corr(v["xp"][n, c], dilate(v["g"][n, f], s)) for n in range(CN))
                for c in range(CC)
            ]
            for f in range(CF)
        ]
        return same(v["dw"], rhs)

    return rel


def _op_dx(rotate: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        rhs = [
            [
                sum(
                    corr(
                        pad(v["g"][n, f], CK - 1), rot180(v["w"][f, c]) if rotate else v["w"][f, c]
                    )
                    for f in range(CF)
                )
                for c in range(CC)
            ]
            for n in range(CN)
        ]
        return same(v["dx"], rhs)

    return rel


S1 = ((1, 0, 6), (1, 0, 5))  # the operator forms' S = 1, P = 0
STRIDED = ((2, 1, 7), (3, 1, 7), (2, 0, 9))  # S divides H + 2P - K
MAC_GRID = [(2, 3, 4, 3, 7, 2, 1), (1, 5, 2, 5, 12, 1, 2), (3, 2, 6, 2, 9, 3, 0)]


def _macs(n: int, c: int, f: int, k: int, h: int, s: int, p: int) -> bool:
    ho = conv_out(h, k, s, p)
    count = flops_half(
        lambda: F.conv2d(
            torch.zeros(n, c, h, h, dtype=F64),
            torch.zeros(f, c, k, k, dtype=F64),
            stride=s,
            padding=p,
        )
    )
    return count == n * f * ho * ho * c * k * k


def _example_macs() -> int:
    # N = 8, C = 32, F = 64, K = 5 with H_out = 16: a 20 x 20 input, stride 1, no padding
    return flops_half(
        lambda: F.conv2d(
            torch.zeros(8, 32, 20, 20, device="meta"), torch.zeros(64, 32, 5, 5, device="meta")
        )
    )


CS_CLAIMS = claims_of(
    CS,
    {
        "$$H_{out} = \\left\\lfloor \\frac{H + 2P - K}{S}": [
            grid(lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, SIZE_GRID)
        ],
        "Example: $H = 32$": [
            None,
            None,
            None,
            None,
            equal(conv_out(32, 5, 2, 2), (32 + 4 - 5) // 2 + 1),
            equal((32 + 4 - 5) // 2 + 1, 16),
        ],
        "$$Y[n,f,i,j] = b[f]": [_csr(_forward, 5441)],
        "\\sum_{j=0}^{W_{out}} G[n,f,i,j]": [_csr(_dw_bound_past, 5442)],
        "\\frac{\\partial L}{\\partial b[f]} =": [_csr(_db_one_image, 5443)],
        "W[f,c,p-Si,q-Sj]": [_csr(_dxp_any_stride, 5444)],
        "strip the padding": [_csr(_strip, 5445)],
        "W[f,c,v,u]$$": [_csr(_dx_swapped, 5446, S1)],
        "\\tilde X_{n,c} \\star G_{n,f}$$": [_csr(_op_dw(False), 5447, S1)],
        "\\star \\operatorname{rot}_{180}(W_{f,c})$$": [_csr(_op_dx(True), 5448, S1)],
        "(G_{n,f}) \\star W_{f,c}$$": [_csr(_op_dx(False), 5449, S1)],
        "\\operatorname{dil}_S(G_{n,f})$$": [_csr(_op_dw(True), 5450, STRIDED)],
        "Forward multiply-adds": [grid(_macs, MAC_GRID)],
        "Example ($N = 8$": [
            None,
            None,
            None,
            None,
            None,
            None,
            equal(_example_macs(), 8 * 64 * 16**2 * 32 * 25),
            equal(8 * 64 * 16**2 * 32 * 25, 10485760),
            equal(params(nn.Conv2d(32, 64, 5)), 64 * 32 * 25 + 64),
            equal(64 * 32 * 25 + 64, 51264),
        ],
    },
)


NOTES_B: Claims = {**BK_CLAIMS, **JK_CLAIMS, **CS_CLAIMS}
