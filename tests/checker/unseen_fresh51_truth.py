"""Independent truth for the fresh51 unseen set (tests/data/check/unseen/fresh51/): the notes
unet_decoder_up_block_shapes, kolokwium_propagacja_wsteczna_conv_relu_avgpool,
blog_im2col_lan_truyen_nguoc_ma_tran and code_review_numpy_conv2d_backward_stride (the other
three live in unseen_fresh51_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A link between two written numbers is arithmetic; a size, count or entry
named on the left must equal the true one (torch's).
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
SET = "fresh51"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- unet_decoder_up_block_shapes.md (English working notes): ConvTranspose2d(256, 128, 2, stride
# 2) on 256 x 28 x 28, cat([u, skip]) with a 128 x 56 x 56 skip, two padded 3x3 Conv2d; 0-based.

UNET = "unet_decoder_up_block_shapes"
UP = nn.ConvTranspose2d(256, 128, kernel_size=2, stride=2)
C1 = nn.Conv2d(256, 128, kernel_size=3, padding=1)
C2 = nn.Conv2d(128, 128, kernel_size=3, padding=1)


def _unet_shapes() -> tuple[int, int, int]:
    """(side after the up-convolution, channels after the concatenation, side after conv1)."""
    with torch.no_grad():
        u = UP.double()(torch.zeros(1, 256, 28, 28, dtype=F64))
        h = torch.cat([u, torch.zeros(1, 128, 56, 56, dtype=F64)], dim=1)
        c = C1.double()(h)
    return int(u.shape[-1]), int(h.shape[1]), int(c.shape[-1])


H_UP, C_CAT, H_C1 = _unet_shapes()
P_STAGE = params(UP) + params(C1) + params(C2)


def _up(r: np.random.Generator, cin: int = 3, cout: int = 2, side: int = 4) -> dict:
    """torch conv_transpose2d (k = s = 2) and the gradients of sum(u * G)."""
    x, w, b = (
        r.normal(size=(cin, side, side)),
        r.normal(size=(cin, cout, 2, 2)),
        r.normal(size=cout),
    )
    g = r.normal(size=(cout, 2 * side, 2 * side))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    u = F.conv_transpose2d(xt[None], wt, bt, stride=2)[0]
    (u * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _up_dx(v: dict) -> np.ndarray:
    x, w, g = v["x"], v["w"], v["g"]
    return np.array(
        [
            [
                [
                    sum(
                        g[o, 2 * i + a, 2 * j + b] * w[c, o, a, b]
                        for o in range(w.shape[1])
                        for a in range(2)
                        for b in range(2)
                    )
                    for j in range(x.shape[2])
                ]
                for i in range(x.shape[1])
            ]
            for c in range(x.shape[0])
        ]
    )


def _up_dw_no_stride(v: dict) -> np.ndarray:
    """sum_{i,j} x[c,i,j] G[o, i+a, j+b], i, j over the input's positions (the note's formula)."""
    x, g = v["x"], v["g"]
    n = x.shape[1]
    return np.array(
        [
            [
                [
                    [
                        sum(x[c, i, j] * g[o, i + a, j + b] for i in range(n) for j in range(n))
                        for b in range(2)
                    ]
                    for a in range(2)
                ]
                for o in range(g.shape[0])
            ]
            for c in range(x.shape[0])
        ]
    )


def _cat_grad(r: np.random.Generator) -> bool:
    """torch.cat([u, skip]) at 128 + 128 channels: is dL/dskip the first 128 channels of G_cat?"""
    u, skip = t64(r.normal(size=(1, 128, 3, 3)), True), t64(r.normal(size=(1, 128, 3, 3)), True)
    g = r.normal(size=(1, 256, 3, 3))
    (torch.cat([u, skip], dim=1) * t64(g)).sum().backward()
    return same(skip.grad.numpy()[0], g[0, 0:128])


UNET_CLAIMS = claims_of(
    UNET,
    {
        "The input from the bottleneck has": [None, None, None],
        "The transposed convolution with $k = 2$": [None, None, None],
        "$$H_{up} = (H - 1)": [
            equal(H_UP, (28 - 1) * 2 - 2 * 0 + 2),
            equal((28 - 1) * 2 - 2 * 0 + 2, 27 * 2 + 2),
            equal(27 * 2 + 2, 56),
        ],
        "so it matches the skip": [
            equal(C_CAT, 128 + 128),
            equal(128 + 128, 256),
            equal(H_C1, 56 + 2 * 1 - 3 + 1),
            equal(56 + 2 * 1 - 3 + 1, 56),
        ],
        "If the bottleneck were odd": [
            equal(tconv_out(29, 2, 2), 2 * 29 - 1),
            equal(2 * 29 - 1, 57),
        ],
        "$$P_{up} = 256": [
            equal(params(UP), 256 * 128 * 2 * 2 + 128),
            equal(256 * 128 * 2 * 2 + 128, 131200),
        ],
        "$$P_{c1} = 128": [
            equal(params(C1), 128 * 256 * 9 + 128),
            equal(128 * 256 * 9 + 128, 295040),
        ],
        "$$P_{c2} = 128": [equal(params(C2), 128 * 128 * 9), equal(128 * 128 * 9, 147456)],
        "$$P_{stage} = 131200": [
            equal(P_STAGE, 131200 + 295040 + 147456),
            equal(131200 + 295040 + 147456, 573696),
        ],
        "For comparison, replacing": [
            equal(params(nn.Conv2d(256, 128, 1)), 256 * 128 + 128),
            equal(256 * 128 + 128, 32896),
        ],
        "Because $k = s = 2$": [None, None, None, None],
        "\\sum_{b=0}^{1} G[o, 2i+a, 2j+b]\\, W[c,o,a,b]$$": [
            trials(lambda r: same((v := _up(r))["dx"], _up_dx(v)), 5101)
        ],
        "x[c,i,j]\\, G[o, i+a, j+b]$$": [
            trials(lambda r: same((v := _up(r))["dw"], _up_dw_no_stride(v)), 5102)
        ],
        "\\sum_{i=0}^{27} \\sum_{j=0}^{27} G[o,i,j]$$": [
            trials(
                lambda r: same(
                    (v := _up(r, 2, 3, 28))["db"],
                    [sum(v["g"][o, i, j] for i in range(28) for j in range(28)) for o in range(3)],
                ),
                5103,
            )
        ],
        "The concatenation only routes gradients": [None],
        "G_{cat}[0{:}128]$$": [trials(_cat_grad, 5104)],
    },
)


# --- kolokwium_propagacja_wsteczna_conv_relu_avgpool.md (Polish exam solution): 1-based; conv 2x2
# with bias -> ReLU -> avg pool 2x2 / 2 -> dense (v, c), L = (y - t)^2 / 2, the sheet's numbers.

KOL = "kolokwium_propagacja_wsteczna_conv_relu_avgpool"
KOL_X = np.array(
    [[1, 0, 2, -1, 1], [0, 1, 1, 0, 2], [2, -1, 0, 1, 1], [1, 1, -2, 0, 0], [0, 2, 1, 1, -1]], float
)
KOL_K = np.array([[1, -1], [2, 0]], float)
KOL_B, KOL_V, KOL_C, KOL_T = -1.0, np.array([1.0, -2.0, 0.5, 1.0]), 0.5, 1.0


def _kolokwium() -> dict:
    """The sheet's network in torch, every intermediate kept with its gradient."""
    xt, kt = t64(KOL_X[None, None], True), t64(KOL_K[None, None], True)
    bt, vt, ct = t64([KOL_B], True), t64(KOL_V, True), t64(KOL_C, True)
    z = F.conv2d(xt, kt, bt)
    a = F.relu(z)
    p = F.avg_pool2d(a, 2)
    y = (vt * p.flatten()).sum() + ct
    for t in (z, a, p, y):
        t.retain_grad()
    (0.5 * (y - KOL_T) ** 2).backward()
    out = {n: t.detach().numpy().squeeze() for n, t in (("z", z), ("a", a), ("p", p))}
    out |= {"y": y.item(), "dy": y.grad.item(), "dv": vt.grad.numpy(), "db": bt.grad.item()}
    out |= {n: t.grad.numpy().squeeze() for n, t in (("dz", z), ("da", a), ("dp", p), ("dk", kt))}
    return out


KV = _kolokwium()
KOL_PARAMS = params(nn.Conv2d(1, 1, 2)) + params(nn.Linear(4, 1))


def _pool_back() -> np.ndarray:
    """dL/dA_ij = dL/dP_{ceil(i/2) ceil(j/2)} / 4, 1-based i, j = 1..4."""
    return np.array(
        [
            [KV["dp"][math.ceil(i / 2) - 1, math.ceil(j / 2) - 1] / 4 for j in range(1, 5)]
            for i in range(1, 5)
        ]
    )


KOL_CLAIMS = claims_of(
    KOL,
    {
        "$$X = \\begin{bmatrix} 1 & 0 & 2": [None, None, None],
        "Warstwa gęsta: $v = ": [None, None, None, None],
        "**Przebieg w przód.**": [None, equal(5 - 2 + 1, 4)],
        "$$Z = \\begin{bmatrix}": [
            single(
                lambda: same(
                    KV["z"], [[0, -1, 4, -3], [2, -2, 0, -1], [4, 0, -6, -1], [-1, 6, -1, 1]]
                )
            )
        ],
        "Po ReLU, $A": [
            None,
            single(
                lambda: (
                    same(KV["a"][0:2, 2:4], [[4, 0], [0, 0]])
                    and math.isclose(KV["p"][0, 1], (4 + 0 + 0 + 0) / 4)
                )
            ),
            equal((4 + 0 + 0 + 0) / 4, 1),
        ],
        "$$P = \\begin{bmatrix} 0.5": [single(lambda: same(KV["p"], [[0.5, 1], [2.5, 0.25]]))],
        "Spłaszczamy wierszami": [
            single(lambda: same(KV["p"].flatten(), [0.5, 1, 2.5, 0.25])),
            None,
            single(lambda: math.isclose(KV["y"], 0.5)),
        ],
        "Mamy $\\partial L / \\partial y = y - t$": [
            single(lambda: math.isclose(KV["dy"], KV["y"] - KOL_T))
        ],
        "(y - t)\\, p = (-0.25": [
            single(lambda: same(KV["dv"], (KV["y"] - KOL_T) * KV["p"].flatten())),
            single(
                lambda: same((KV["y"] - KOL_T) * KV["p"].flatten(), [-0.25, -0.5, -1.5, -0.125])
            ),
        ],
        "(y - t)\\, v = \\begin{bmatrix}": [
            single(lambda: same(KV["dp"], ((KV["y"] - KOL_T) * KOL_V).reshape(2, 2))),
            single(
                lambda: same(((KV["y"] - KOL_T) * KOL_V).reshape(2, 2), [[-0.5, 1], [-0.25, 0.5]])
            ),
        ],
        "\\frac{\\partial L}{\\partial P_{\\lceil i/2": [
            single(lambda: same(KV["da"], _pool_back()))
        ],
        "\\mathbb{1}[Z_{ij} \\geq 0]": [single(lambda: same(KV["dz"], KV["da"] * (KV["z"] >= 0)))],
        "$$\\frac{\\partial L}{\\partial Z} = \\begin{bmatrix}": [
            single(
                lambda: same(
                    KV["dz"],
                    [
                        [0, 0, 0.25, 0],
                        [-0.125, 0, 0, 0],
                        [-0.0625, 0, 0, 0],
                        [0, -0.0625, 0, -0.125],
                    ],
                )
            )
        ],
        "$$\\frac{\\partial L}{\\partial K_{11}} = 2": [
            single(lambda: math.isclose(KV["dk"][0, 0], 2 * 0.25 + 2 * (-0.0625) + 1 * (-0.0625))),
            equal(2 * 0.25 + 2 * (-0.0625) + 1 * (-0.0625), 0.3125),
        ],
        "$$\\frac{\\partial L}{\\partial K} = \\begin{bmatrix}": [
            single(lambda: same(KV["dk"], [[0.3125, -0.1875], [0.3125, 0.125]]))
        ],
        "Bias splotu zbiera": [
            single(lambda: math.isclose(KV["db"], KV["dz"].sum())),
            single(lambda: math.isclose(KV["dz"].sum(), -0.125)),
        ],
        "Liczba parametrów sieci": [equal(KOL_PARAMS, 2 * 2 + 4 + 1), equal(2 * 2 + 4 + 1, 9)],
    },
)


# --- blog_im2col_lan_truyen_nguoc_ma_tran.md (Vietnamese blog): X 3 x 3, two 2 x 2 filters, stride
# 1, no padding; columns of X_col = windows in row-major order (F.unfold's layout), rows of W_row =
# filters flattened by rows; dY in the same column order.

BLOG = "blog_im2col_lan_truyen_nguoc_ma_tran"
B_X = np.array([[1, 2, 0], [0, 1, -1], [3, 1, 2]], float)
B_W = np.array([[[1, 0], [-1, 2]], [[0, 1], [1, -1]]], float)
B_DY = np.array([[1, -1, 0, 2], [2, 0, 1, -1]], float)
B_XCOL = np.array([[1, 2, 0, 1], [2, 0, 1, -1], [0, 1, 3, 1], [1, -1, 1, 2]], float)
B_WROW = B_W.reshape(2, 4)


def _blog() -> dict:
    """torch conv2d (2 filters, bias) with G = dY folded to 2 x 2 maps, and the gradient with
    respect to the unfolded matrix itself (Y = W_row X_col as a torch product)."""
    v = conv(B_X[None, None], B_W[:, None], np.zeros(2), B_DY.reshape(1, 2, 2, 2))
    xc = F.unfold(t64(B_X[None, None]), 2)[0].detach().requires_grad_(True)
    (t64(B_WROW) @ xc * t64(B_DY)).sum().backward()
    return {
        "y": v["z"].reshape(2, 4),
        "dw": v["dw"].reshape(2, 4),
        "db": v["db"],
        "dx": v["dx"][0, 0],
        "xcol": F.unfold(t64(B_X[None, None]), 2)[0].numpy(),
        "dxcol": xc.grad.numpy(),
    }


BV = _blog()


def _blog_batch(r: np.random.Generator) -> bool:
    """Three images: torch's weight gradient against (1/N) sum_n dY^(n) X_col^(n)T."""
    x, w, g = r.normal(size=(3, 1, 3, 3)), r.normal(size=(2, 1, 2, 2)), r.normal(size=(3, 2, 2, 2))
    v = conv(x, w, None, g)
    cols = F.unfold(t64(x), 2).numpy()
    return same(v["dw"].reshape(2, 4), sum(g[n].reshape(2, 4) @ cols[n].T for n in range(3)) / 3)


def _blog_224() -> int:
    """Entries of X_col for 3 x 224 x 224, 3 x 3 kernel, padding 1 (F.unfold)."""
    return int(F.unfold(torch.zeros(1, 3, 224, 224, dtype=F64), 3, padding=1).numel())


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "$$X = \\begin{bmatrix} 1 & 2 & 0": [None, None, None],
        "Kích thước đầu ra": [
            equal(conv_out(3, 2), 3 - 2 + 1),
            equal(3 - 2 + 1, 2),
            equal(BV["xcol"].shape[0], 4),
        ],
        "$$X_{col} = \\begin{bmatrix}": [single(lambda: same(BV["xcol"], B_XCOL))],
        "Mỗi bộ lọc trải thành một hàng": [None],
        "$$Y = W_{row} X_{col} =": [
            single(lambda: same(BV["y"], B_WROW @ B_XCOL)),
            single(lambda: same(B_WROW @ B_XCOL, [[3, -1, -1, 4], [1, 2, 2, -2]])),
        ],
        "$$dY = \\begin{bmatrix}": [None],
        "là phép nhân ma trận thường": [
            None,
            single(lambda: same(BV["db"], B_DY @ np.ones(4))),
            single(lambda: same(B_DY @ np.ones(4), [2, 1])),
        ],
        "$$dW_{row} = dY": [
            single(lambda: same(BV["dw"], B_DY @ B_XCOL.T)),
            single(lambda: same(B_DY @ B_XCOL.T, [[1, 0, 1, 6], [1, 6, 2, -1]])),
        ],
        "$$dX_{col} = W_{row}^\\top": [
            single(lambda: same(BV["dxcol"], B_WROW.T @ B_DY)),
            single(
                lambda: same(
                    B_WROW.T @ B_DY, [[1, -1, 0, 2], [2, 0, 1, -1], [1, 1, 1, -3], [0, -2, -1, 5]]
                )
            ),
        ],
        "$$dX_{22} = ": [
            single(
                lambda: math.isclose(
                    BV["dx"][1, 1],
                    sum(BV["dxcol"][a, b] for a, b in ((3, 0), (2, 1), (1, 2), (0, 3))),
                )
            ),
            single(
                lambda: same(
                    [BV["dxcol"][a, b] for a, b in ((3, 0), (2, 1), (1, 2), (0, 3))], [0, 1, 1, 2]
                )
            ),
            equal(0 + 1 + 1 + 2, 4),
        ],
        "$$dX = \\begin{bmatrix}": [
            single(lambda: same(BV["dx"], [[1, 1, 0], [1, 4, -3], [1, 4, 5]]))
        ],
        "Một cách viết khác": [single(lambda: same(BV["dxcol"], B_DY.T @ B_WROW))],
        "Với batch $N$ ảnh": [trials(_blog_batch, 5111)],
        "Với ảnh $224": [
            equal(conv_out(224, 3, 1, 1), 224),
            equal(_blog_224(), 27 * 50176),
            equal(27 * 50176, 1354752),
            equal(conv_out(224, 3, 2, 1), (224 + 2 - 3) // 2 + 1),
            equal((224 + 2 - 3) // 2 + 1, 112),
        ],
    },
)


# --- code_review_numpy_conv2d_backward_stride.md (English code review): x N x C x H x W, w F x C x
# K x K, stride S, no padding, 0-based; test sizes N = 2, C = 3, F = 4, H = W = 7, K = 3, S = 2.

REV = "code_review_numpy_conv2d_backward_stride"
RN, RC, RF, RH, RK, RS = 2, 3, 4, 7, 3, 2
RO = conv_out(RH, RK, RS)


def _rev_make(r: np.random.Generator, h: int = RH) -> dict:
    o = conv_out(h, RK, RS)
    x, w, b = r.normal(size=(RN, RC, h, h)), r.normal(size=(RF, RC, RK, RK)), r.normal(size=RF)
    g = r.normal(size=(RN, RF, o, o))
    v = conv(x, w, b, g, stride=RS)
    return v | {"x": x, "w": w, "g": g}


def _rev(rel: Callable[[dict], bool], seed: int, h: int = RH) -> Truth:
    return trials(lambda r: rel(_rev_make(r, h)), seed)


def _rev_dw(v: dict) -> np.ndarray:
    x, g = v["x"], v["g"]
    r3 = range(RO)
    return np.array(
        [
            [
                [
                    [
                        sum(
                            g[n, f, i, j] * x[n, c, RS * i + u, RS * j + q]
                            for n in range(RN)
                            for i in r3
                            for j in r3
                        )
                        for q in range(RK)
                    ]
                    for u in range(RK)
                ]
                for c in range(RC)
            ]
            for f in range(RF)
        ]
    )


def _rev_dx(v: dict) -> np.ndarray:
    """sum_{f,i,j} delta[n,f,i,j] w[f,c,p - i, q - j] (the note's form), w zero outside 0..K-1."""
    w, g = v["w"], v["g"]
    r3 = range(RO)
    return np.array(
        [
            [
                [
                    [
                        sum(
                            g[n, f, i, j] * zat(w[f, c], p - i, q - j)
                            for f in range(RF)
                            for i in r3
                            for j in r3
                        )
                        for q in range(RH)
                    ]
                    for p in range(RH)
                ]
                for c in range(RC)
            ]
            for n in range(RN)
        ]
    )


def _rev_dx_op(v: dict, dilated: bool) -> np.ndarray:
    w, g = v["w"], v["g"]
    return np.array(
        [
            [
                sum(
                    corr(pad(dilate(g[n, f], RS) if dilated else g[n, f], RK - 1), rot180(w[f, c]))
                    for f in range(RF)
                )
                for c in range(RC)
            ]
            for n in range(RN)
        ]
    )


def _rev_dw_op(v: dict) -> np.ndarray:
    x, g = v["x"], v["g"]
    return np.array(
        [
            [sum(corr(x[n, c], dilate(g[n, f], RS)) for n in range(RN)) for c in range(RC)]
            for f in range(RF)
        ]
    )


REV_MACS = flops_half(
    lambda: F.conv2d(
        torch.zeros(RN, RC, RH, RH, dtype=F64), torch.zeros(RF, RC, RK, RK, dtype=F64), stride=RS
    )
)
_REV_GRID = [(h, k, s) for h in (5, 7, 8, 10) for k in (1, 2, 3) for s in (1, 2, 3)]

REV_CLAIMS = claims_of(
    REV,
    {
        "$$H' = \\left\\lfloor": [
            grid(lambda h, k, s: conv_out(h, k, s) == (h - k) // s + 1, _REV_GRID)
        ],
        "The test case in": [
            *[None] * 7,
            equal(RO, (7 - 3) / 2 + 1),
            equal((7 - 3) / 2 + 1, 3),
            _rev(lambda v: v["z"].size == 72, 5121),
        ],
        "x_{n,c,\\,S i + u,\\, S j + v}$$": [_rev(lambda v: same(v["dw"], _rev_dw(v)), 5122)],
        "\\frac{1}{N} \\sum_{n} \\sum_{i,j}": [
            _rev(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / RN), 5123)
        ],
        "where $\\delta = ": [None],
        "w_{f,c,\\,p - i,\\, q - j}$$": [_rev(lambda v: same(v["dx"], _rev_dx(v)), 5124)],
        "\\operatorname{pad}_{K-1}\\!\\big(": [
            _rev(lambda v: same(v["dx"], _rev_dx_op(v, dilated=True)), 5125)
        ],
        "x_{n,c} \\star \\operatorname{dilate}_S": [
            _rev(lambda v: same(v["dw"], _rev_dw_op(v)), 5126)
        ],
        "Corner check at the test sizes": [
            _rev(
                lambda v: same(
                    v["dx"][:, :, 0, 0],
                    np.einsum("nf,fc->nc", v["g"][:, :, 0, 0], v["w"][:, :, 0, 0]),
                ),
                5127,
            ),
            _rev(
                lambda v: same(
                    v["dx"][:, :, 2, 2],
                    np.einsum("nf,fc->nc", v["g"][:, :, 1, 1], v["w"][:, :, 0, 0]),
                ),
                5128,
            ),
        ],
        "Our stride-1 notes write it": [
            _rev(lambda v: same(v["dx"], _rev_dx_op(v, dilated=False)), 5129)
        ],
        "**Reviewer 2.** Cost": [
            equal(REV_MACS, 2 * 4 * 3 * 9 * 3),
            equal(2 * 4 * 3 * 9 * 3, 648),
            _rev(lambda v: v["dw"].size == 108, 5130),
        ],
        "One small thing": [
            equal((RO - 1) * RS + RK, 2 * 2 + 3),
            equal(2 * 2 + 3, 7),
            equal(7, RH),
            None,
            _rev(lambda v: same(v["dx"][:, :, 8, :], np.zeros((RN, RC, 9))), 5131, h=9),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh51_truth_b import NOTES_B

    return {**UNET_CLAIMS, **KOL_CLAIMS, **BLOG_CLAIMS, **REV_CLAIMS, **NOTES_B}
