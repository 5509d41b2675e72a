"""Independent truth for the fresh50 unseen set (tests/data/check/unseen/fresh50/): the notes
wiki_mobilenet_depthwise_separable_block, gabarito_prova2_maxpool_relu_gradiente,
so_answer_dldx_stride2_padding1 and chitsiteu_suyongyeong_dilation (the other three live in
unseen_fresh50_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or with the wrong
shape disagrees.  A link between two written numbers is arithmetic; a size, count or entry
named on the left must equal the true one.
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
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh50"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- wiki_mobilenet_depthwise_separable_block.md (English team wiki): dw = Conv2d(32, 32, 3,
# padding=1, groups=32, bias=False), pw = Conv2d(32, 64, 1, bias=False), BatchNorm2d after each,
# on 32 x 56 x 56.  MACs are torch's FlopCounterMode count / 2.

WIKI = "wiki_mobilenet_depthwise_separable_block"


def _dw(c: int, k: int = 3, s: int = 1) -> torch.nn.Conv2d:
    return nn.Conv2d(c, c, k, stride=s, padding=k // 2, groups=c, bias=False)


def _pw(cin: int, cout: int) -> torch.nn.Conv2d:
    return nn.Conv2d(cin, cout, 1, bias=False)


def _std(cin: int, cout: int, k: int = 3) -> torch.nn.Conv2d:
    return nn.Conv2d(cin, cout, k, padding=k // 2, bias=False)


def _macs(layer: torch.nn.Conv2d, cin: int, h: int) -> int:
    layer = layer.double()
    return flops_half(lambda: layer(torch.zeros(1, cin, h, h, dtype=F64)))


P_DW, P_PW, P_STD = params(_dw(32)), params(_pw(32, 64)), params(_std(32, 64))
P_BLOCK = P_DW + P_PW + params(nn.BatchNorm2d(32)) + params(nn.BatchNorm2d(64))
M_DW, M_PW = _macs(_dw(32), 32, 56), _macs(_pw(32, 64), 32, 56)
# the ratio formulas: C_in != C_out on every size (the wrong one names C_in)
_RATIO_GRID = [(4, 6, 3), (6, 4, 3), (8, 16, 3), (3, 5, 5), (32, 64, 3)]


def _macs_ratio(cin: int, cout: int, k: int) -> float:
    h = 6  # every layer keeps the side (same padding), so the side cancels in the ratio
    sep = _macs(_dw(cin, k), cin, h) + _macs(_pw(cin, cout), cin, h)
    return sep / _macs(_std(cin, cout, k), cin, h)


def _depthwise(r: np.random.Generator, c: int = 4, h: int = 6) -> dict:
    """torch depthwise conv (3 x 3, padding 1) and the gradients of sum(z * g)."""
    x, w, g = r.normal(size=(1, c, h, h)), r.normal(size=(c, 1, 3, 3)), r.normal(size=(1, c, h, h))
    v = conv(x, w, None, g, padding=1, groups=c)
    return {"x": x[0], "w": w[:, 0], "g": g[0], "dx": v["dx"][0], "dw": v["dw"][:, 0]}


def _pointwise(r: np.random.Generator, cin: int = 4, cout: int = 6, h: int = 5) -> dict:
    z, w, d = (
        r.normal(size=(1, cin, h, h)),
        r.normal(size=(cout, cin, 1, 1)),
        r.normal(size=(1, cout, h, h)),
    )
    v = conv(z, w, None, d)
    return {"z": z[0], "w": w[:, :, 0, 0], "d": d[0], "dz": v["dx"][0], "dw": v["dw"][:, :, 0, 0]}


def _dz_swapped(v: dict) -> np.ndarray:
    """sum_o W_{c,o} D_o as written: W has C_out rows and C_in columns, so o runs past C_in."""
    w, d = v["w"], v["d"]
    return np.array(
        [sum(at(w, c, o) * d[o] for o in range(d.shape[0])) for c in range(v["z"].shape[0])]
    )


WIKI_CLAIMS = claims_of(
    WIKI,
    {
        "keeps the resolution: $H'": [
            equal(conv_out(56, 3, 1, 1), (56 + 2 * 1 - 3) / 1 + 1),
            equal((56 + 2 * 1 - 3) / 1 + 1, 56),
        ],
        "$P_{dw} = 32": [equal(P_DW, 32 * 3 * 3), equal(32 * 3 * 3, 288)],
        "$P_{pw} = 32": [equal(P_PW, 32 * 64 + 64), equal(32 * 64 + 64, 2112)],
        "$P_{std} = 18432$": [equal(P_STD, 18432)],
        "$P_{block} = 288": [
            equal(P_BLOCK, 288 + 2112 + 2 * 32 + 2 * 64),
            equal(288 + 2112 + 2 * 32 + 2 * 64, 2592),
        ],
        "\\frac{P_{dw} + P_{pw}}{P_{std}}": [
            grid(
                lambda ci, co, k: math.isclose(
                    (params(_dw(ci, k)) + params(_pw(ci, co))) / params(_std(ci, co, k)),
                    1 / co + 1 / k**2,
                ),
                _RATIO_GRID,
            )
        ],
        "$$M_{dw} = 56^2": [equal(M_DW, 56**2 * 32 * 9), equal(56**2 * 32 * 9, 903168)],
        "$$M_{pw} = 56^2": [equal(M_PW, 56**2 * 32 * 64), equal(56**2 * 32 * 64, 6422528)],
        "\\frac{M_{dw} + M_{pw}}{M_{std}}": [
            grid(
                lambda ci, co, k: math.isclose(_macs_ratio(ci, co, k), 1 / ci + 1 / k**2),
                _RATIO_GRID,
            )
        ],
        "$H'' = \\left\\lfloor": [
            equal(conv_out(56, 3, 2, 1), (56 - 3) // 2 + 1),
            equal((56 - 3) // 2 + 1, 27),
        ],
        "\\partial W^{dw}_c} = \\operatorname{pad}_1(X_c)": [
            trials(
                lambda r: (
                    lambda v: same(v["dw"], [corr(pad(v["x"][c], 1), v["g"][c]) for c in range(4)])
                )(_depthwise(r)),
                5001,
            )
        ],
        "\\partial X_c} = \\sum_{c'=1}^{C_{in}}": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["dx"],
                        [
                            sum(corr(pad(v["g"][cc], 1), rot180(v["w"][cc])) for cc in range(4))
                            for _ in range(4)
                        ],
                    )
                )(_depthwise(r)),
                5002,
            )
        ],
        "\\partial W^{pw}_{o,c}} = \\sum_{i,j}": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["dw"],
                        [[np.sum(v["d"][o] * v["z"][c]) for c in range(4)] for o in range(6)],
                    )
                )(_pointwise(r)),
                5003,
            )
        ],
        "\\partial Z_c} = \\sum_{o=1}^{C_{out}}": [
            trials(lambda r: (lambda v: same(v["dz"], _dz_swapped(v)))(_pointwise(r)), 5004)
        ],
    },
)


# --- gabarito_prova2_maxpool_relu_gradiente.md (Portuguese exam solution): MaxPool2d(2, 2) then
# ReLU on the note's 4 x 4 X, G = dL/dZ given, 0-based; ties where torch's backward sends them.

GAB = "gabarito_prova2_maxpool_relu_gradiente"
GX = np.array([[1.0, -2, 0, 3], [4, 4, 3, -1], [-3, 0, -2, -5], [-2, -5, 0, 1]])
GG = np.array([[1.0, -2], [3, 2]])


def _pool_relu(x: np.ndarray, g: np.ndarray, relu_first: bool = False) -> dict:
    """torch: Y = maxpool(X), Z = ReLU(Y) (or the other order), L = sum(G * Z); the gradients."""
    xt = t64(x, True)
    if relu_first:
        y = F.max_pool2d(torch.relu(xt)[None, None], 2, 2)[0, 0]
        z = y
    else:
        y = F.max_pool2d(xt[None, None], 2, 2)[0, 0]
        y.retain_grad()
        z = torch.relu(y)
    (z * t64(g)).sum().backward()
    out = {"y": y.detach().numpy(), "z": z.detach().numpy(), "dx": xt.grad.numpy()}
    if not relu_first:
        out["dy"] = y.grad.numpy()
    return out


GV = _pool_relu(GX, GG)
# the flat index of the position torch chose in each window (its backward sends G there)
G_ARGMAX = F.max_pool2d(t64(GX)[None, None], 2, 2, return_indices=True)[1][0, 0].numpy()


def _closed_form() -> np.ndarray:
    y = GV["y"]
    return np.array(
        [
            [
                GG[p // 2, q // 2]
                * float(p * 4 + q == G_ARGMAX[p // 2, q // 2])
                * float(y[p // 2, q // 2] > 0)
                for q in range(4)
            ]
            for p in range(4)
        ]
    )


def _pool_side(h: int, s: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), 2, s).shape[-1])


GAB_CLAIMS = claims_of(
    GAB,
    {
        "O tamanho da saída é": [
            equal(_pool_side(4, 2), (4 - 2) / 2 + 1),
            equal((4 - 2) / 2 + 1, 2),
        ],
        "$$Y = \\begin{bmatrix} 4 & 3": [
            single(lambda: same(GV["y"], [[4, 3], [0, 1]])),
            single(lambda: same(GV["z"], [[4, 3], [0, 1]])),
        ],
        "Observe que $Z = Y$": [single(lambda: same(GV["z"], GV["y"]))],
        "G \\odot \\mathbb{1}[Y > 0]": [
            single(lambda: same(GV["dy"], GG * (GV["y"] > 0))),
            single(lambda: same(GV["dy"], [[1, -2], [0, 2]])),
        ],
        "Janela superior esquerda": [
            single(lambda: math.isclose(GV["dx"][1, 0], 1)),
            single(lambda: math.isclose(GV["dx"][1, 1], 0)),
        ],
        "Janela superior direita": [
            single(lambda: math.isclose(GV["dx"][1, 2], GV["dy"][0, 1])),
            single(lambda: math.isclose(GV["dy"][0, 1], -2)),
        ],
        "Janela inferior direita": [single(lambda: math.isclose(GV["dx"][3, 3], 2))],
        "\\partial X} = \\begin{bmatrix} 0 & 0 & 0 & 0": [
            single(
                lambda: same(GV["dx"], [[0, 0, 0, 0], [1, 0, -2, 0], [0, 0, 0, 0], [0, 0, 0, 2]])
            )
        ],
        "**Erro frequente:**": [
            single(lambda: math.isclose(GV["dx"][2, 1], GG[1, 0])),
            single(lambda: math.isclose(GG[1, 0], 3)),
        ],
        "a soma é conservada": [
            single(lambda: math.isclose(GV["dx"].sum(), GG.sum())),
            single(lambda: math.isclose(GG.sum(), 4)),
            single(lambda: np.count_nonzero(GV["dx"]) == 4),
        ],
        "\\mathbb{1}\\left[(p,q) = (p^*, q^*)\\right]": [
            single(lambda: same(GV["dx"], _closed_form()))
        ],
        "Como $\\max$ e ReLU comutam": [
            trials(
                lambda r: (lambda x: math.isclose(max(x.max(), 0.0), np.maximum(x, 0.0).max()))(
                    r.normal(size=4)
                ),
                5011,
            ),
            single(lambda: same(_pool_relu(GX, GG, relu_first=True)["dx"], GV["dx"])),
        ],
        "Se o pool tivesse stride 1": [
            equal(_pool_side(4, 1), (4 - 2) / 1 + 1),
            equal((4 - 2) / 1 + 1, 3),
        ],
    },
)


# --- so_answer_dldx_stride2_padding1.md (English forum answer): one channel, 0-based, star =
# valid cross-correlation, F.conv2d(x, w, stride=s, padding=p); the example H = 4, k = 3,
# s = 2, p = 1 with the note's W and G.

SO = "so_answer_dldx_stride2_padding1"
SW = np.array([[1.0, 0, -1], [2, 1, 0], [0, 1, 1]])
SG = np.array([[1.0, 2], [-1, 3]])
# sizes (H, k, s, p) where s divides H + 2p - k, the condition the general formulas state
_DIVIDES = [(5, 3, 2, 1), (7, 3, 2, 1), (9, 5, 2, 2), (7, 3, 3, 1), (8, 4, 2, 1)]
_ANY = [(h, k, s, p) for h in (4, 5, 8) for k in (2, 3) for s in (1, 2, 3) for p in (0, 1)]


def _strided(x: np.ndarray, w: np.ndarray, g: np.ndarray, s: int, p: int) -> dict:
    """torch conv2d (one channel) with stride s, padding p and the gradients of sum(z * g)."""
    v = conv(x[None, None], w[None, None], None, g[None, None], stride=s, padding=p)
    return {"x": x, "w": w, "g": g, "s": s, "p": p, "z": v["z"][0, 0], "dx": v["dx"][0, 0],
            "dw": v["dw"][0, 0]}  # fmt: skip


def _so_random(h: int, k: int, s: int, p: int) -> Callable[[np.random.Generator], dict]:
    def make(r: np.random.Generator) -> dict:
        side = conv_out(h, k, s, p)
        return _strided(r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=(side,) * 2),
                        s, p)  # fmt: skip

    return make


def _over(sizes: list[tuple[int, int, int, int]], rel: Callable[[dict], bool], seed: int) -> Truth:
    """Every size of the list, on a random draw each."""
    return lambda: [
        bool(rel(_so_random(*size)(np.random.default_rng(seed + n))))
        for n, size in enumerate(sizes)
    ]


def _crop(a: np.ndarray, p: int) -> np.ndarray:
    return a[p : a.shape[0] - p, p : a.shape[1] - p] if p else a


def _forward_sum(v: dict) -> np.ndarray:
    xp, w, s = pad(v["x"], v["p"]), v["w"], v["s"]
    k, side = w.shape[0], v["z"].shape[0]
    return np.array(
        [
            [
                sum(w[u, vv] * at(xp, s * i + u, s * j + vv) for u in range(k) for vv in range(k))
                for j in range(side)
            ]
            for i in range(side)
        ]
    )


def _dx_operator(v: dict) -> np.ndarray:
    k = v["w"].shape[0]
    return _crop(corr(pad(dilate(v["g"], v["s"]), k - 1), rot180(v["w"])), v["p"])


SV = _strided(np.zeros((4, 4)), SW, SG, 2, 1)  # x does not enter dL/dX


def _so_entry_11() -> float:
    return SG[0, 0] * SW[2, 2] + SG[0, 1] * SW[2, 0] + SG[1, 0] * SW[0, 2] + SG[1, 1] * SW[0, 0]


SO_CLAIMS = claims_of(
    SO,
    {
        "$$Y[i,j] = \\sum_{u=0}^{k-1}": [
            _over(_ANY, lambda v: same(v["z"], _forward_sum(v)), 5021)
        ],
        "\\left\\lfloor \\frac{H + 2p - k}{s} \\right\\rfloor + 1$$": [
            grid(lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, _ANY)
        ],
        "\\operatorname{crop}_p\\!\\left(\\operatorname{pad}_{k-1}(\\operatorname{dil}_s(G))": [
            _over(_DIVIDES, lambda v: same(v["dx"], _dx_operator(v)), 5022)
        ],
        "= X \\star \\operatorname{dil}_s(G)$$": [
            _over(_DIVIDES, lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], v["s"]))), 5023)
        ],
        "= \\operatorname{pad}_{k-1}(G) \\star \\operatorname{rot}_{180}(W)$$": [
            _over(
                [(5, 3, 1, 1), (6, 3, 1, 1), (6, 5, 1, 2), (4, 2, 1, 1)],
                lambda v: same(v["dx"], corr(pad(v["g"], v["w"].shape[0] - 1), rot180(v["w"]))),
                5024,
            )
        ],
        "the adjoint test": [
            _over(
                [(4, 3, 2, 1), (5, 3, 2, 1), (7, 2, 3, 1)],
                lambda v: math.isclose(np.sum(v["z"] * v["g"]), np.sum(v["x"] * v["dx"])),
                5025,
            )
        ],
        "Output side: $H_{out}": [
            equal(conv_out(4, 3, 2, 1), math.floor(3 / 2) + 1),
            equal(math.floor(3 / 2) + 1, 2),
            equal((2 - 1) * 2 + 1, 3),
        ],
        "\\operatorname{crop}_1\\!\\left(\\operatorname{pad}_2(": [
            single(lambda: same(SV["dx"], _crop(corr(pad(dilate(SG, 2), 2), rot180(SW)), 1)))
        ],
        "Entry by entry it is easier": [
            None,
            None,
            single(lambda: math.isclose(SV["dx"][0, 0], SG[0, 0] * SW[1, 1])),
            single(lambda: math.isclose(SG[0, 0] * SW[1, 1], 1)),
        ],
        "\\partial X[1,1]} = G[0,0] W[2,2]": [
            single(lambda: math.isclose(SV["dx"][1, 1], _so_entry_11())),
            single(lambda: math.isclose(_so_entry_11(), 1 + 0 + 1 + 3)),
            equal(1 + 0 + 1 + 3, 5),
        ],
        "which the second window only grazes": [single(lambda: math.isclose(SV["dx"][3, 3], 0))],
        "\\begin{bmatrix} 1 & 4 & 2 & 0 \\\\ 1 & 5": [
            single(
                lambda: same(SV["dx"], [[1, 4, 2, 0], [1, 5, 2, 0], [-1, 6, 3, 0], [0, 0, 0, 0]])
            )
        ],
        "\\operatorname{pad}_{2,3}(\\operatorname{dil}_2(G))": [
            single(
                lambda: same(
                    SV["dx"], _crop(corr(np.pad(dilate(SG, 2), ((2, 3), (2, 3))), rot180(SW)), 1)
                )
            )
        ],
    },
)


# --- chitsiteu_suyongyeong_dilation.md (Korean cheat sheet): one axis, r_l receptive field and
# j_l jump of layer l.  Measured on torch stacks: positive (all-ones) weights, an input of ones,
# the gradient of one output; its nonzero entries are the input positions that reach it (no
# cancellation is possible with positive weights).  Max pooling's window is its receptive
# field, so a pooling layer is measured as average pooling of the same k and s (max pooling's
# gradient marks only the winner, not the window it reads).

RF = "chitsiteu_suyongyeong_dilation"
Layer = tuple[str, int, int, int]  # (kind, k, s, d)


def _support(stack: list[Layer], out: int, length: int = 301) -> np.ndarray:
    """Input positions whose gradient reaches output `out` of the last layer (1-D)."""
    x = torch.ones(1, 1, length, dtype=F64, requires_grad=True)
    h = x
    for kind, k, s, d in stack:
        if kind == "conv":
            h = F.conv1d(h, torch.ones(1, 1, k, dtype=F64), stride=s, dilation=d)
        else:
            h = F.avg_pool1d(h, k, s)
    h[0, 0, out].backward()
    return np.nonzero(x.grad[0, 0].numpy())[0]


def _rf(stack: list[Layer]) -> int:
    sup = _support(stack, 5)
    return int(sup[-1] - sup[0] + 1)


def _jump(stack: list[Layer]) -> int:
    return int(_support(stack, 6)[0] - _support(stack, 5)[0])


def cv(k: int, s: int = 1, d: int = 1) -> Layer:
    return ("conv", k, s, d)


STACK_A = [cv(3, 1, 1), cv(3, 1, 2), cv(3, 1, 4), cv(3, 1, 8)]
STACK_B = [cv(7, 2), ("pool", 3, 2, 1), cv(3, 1, 2)]
_STACKS = [
    [cv(3, 2), cv(3, 1, 2), cv(5, 1), cv(2, 2, 3)],
    [cv(7, 2), ("pool", 3, 2, 1), cv(3, 1, 2), cv(3, 2, 1)],
    [cv(2, 1, 2), cv(3, 3), ("pool", 2, 2, 1), cv(3, 1, 4)],
]


def _recursion_holds(stack: list[Layer]) -> bool:
    """r_l = r_{l-1} + (k_l - 1) d_l j_{l-1} and j_l = j_{l-1} s_l on every prefix."""
    r, j = 1, 1
    for n, (_, k, s, d) in enumerate(stack, start=1):
        r, j = r + (k - 1) * d * j, j * s
        if _rf(stack[:n]) != r:
            return False
    return True


def _jumps_hold(stack: list[Layer]) -> bool:
    j = 1
    for n, (_, _, s, _) in enumerate(stack, start=1):
        j *= s
        if _jump(stack[:n]) != j:
            return False
    return True


def _dilated_2d_count() -> int:
    x = torch.ones(1, 1, 31, 31, dtype=F64, requires_grad=True)
    w = torch.ones(1, 1, 3, 3, dtype=F64)
    h = F.conv2d(F.conv2d(x, w, dilation=2), w, dilation=2)
    h[0, 0, 5, 5].backward()
    return int(np.count_nonzero(x.grad.numpy()))


_DIL_LISTS = [(3, (1, 2)), (3, (1, 2, 4)), (5, (1, 3)), (2, (2, 2, 1)), (3, (1, 1, 1, 1))]

RF_CLAIMS = claims_of(
    RF,
    {
        "칸을 덮는다.": [
            None,
            None,
            single(lambda: _rf([cv(3, 1, 2)]) == 5),
            None,
            None,
            equal(_rf([cv(5, 1, 3)]), 3 * 5 - 1),
            equal(3 * 5 - 1, 14),
        ],
        "$$r_l = r_{l-1}": [lambda: [_recursion_holds(s) for s in _STACKS]],
        "$$j_l = j_{l-1}": [lambda: [_jumps_hold(s) for s in _STACKS]],
        "\\frac{H + 2p - d k}{s}": [
            grid(
                lambda h, k, p, d: conv_out(h, k, 1, p, d) == (h + 2 * p - d * k) // 1 + 1,
                [(h, k, p, d) for h in (9, 12) for k in (2, 3) for p in (0, 1) for d in (2, 3)],
            )
        ],
        "$$r_4 = 1 + 2": [
            equal(_rf(STACK_A), 1 + 2 * (1 + 2 + 4 + 8)),
            equal(1 + 2 * (1 + 2 + 4 + 8), 31),
        ],
        "한 번에 쓰면": [
            grid(
                lambda k, ds: _rf([cv(k, 1, d) for d in ds]) == 1 + (k - 1) * sum(ds),
                _DIL_LISTS,
            ),
            None,
            grid(
                lambda n: (
                    _rf([cv(3, 1, 2 ** (m - 1)) for m in range(1, n + 1)]) == 2 ** (n + 1) + 1
                ),
                [(1,), (2,), (3,), (4,)],
            ),
        ],
        "해상도를 유지하려면": [
            grid(
                lambda h, k, d: conv_out(h, k, 1, (k - 1) // 2, d) == h,
                [(h, k, d) for h in (10, 13) for k in (3, 5) for d in (2, 3)],
            )
        ],
        "- 1층:": [equal(_rf(STACK_B[:1]), 7), equal(_jump(STACK_B[:1]), 2)],
        "- 2층:": [
            equal(_rf(STACK_B[:2]), 7 + 2 * 1 * 2),
            equal(7 + 2 * 1 * 2, 11),
            equal(_jump(STACK_B[:2]), 4),
        ],
        "- 3층:": [
            equal(_rf(STACK_B), 11 + (3 - 1) * 2 * 2),
            equal(11 + (3 - 1) * 2 * 2, 19),
        ],
        "같은 dilation을 반복하면": [
            None,
            None,
            equal(_rf([cv(3, 1, 2), cv(3, 1, 2)]), 9),
            equal(len(_support([cv(3, 1, 2), cv(3, 1, 2)], 5)), 5),
            equal(_dilated_2d_count(), 25),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh50_truth_b import NOTES_B

    return {**WIKI_CLAIMS, **GAB_CLAIMS, **SO_CLAIMS, **RF_CLAIMS, **NOTES_B}
