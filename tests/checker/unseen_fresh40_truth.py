"""Independent truth for the fresh40 unseen set (NumPy / torch autograd in float64, no symconv):
code_review_minivgg_cifar, vorlesung_transponierte_faltung, prova_resolvida_conv_dois_canais and
wiki_conv_backward_cheatsheet here, the other three notes in unseen_fresh40_truth_b.py.  Every
truth returns one bool per trial or per size; lines are found from anchors, so editing a note's
prose does not shift the key silently."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
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
    rot180,
    same,
    single,
    t64,
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh40"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def flops_meta(*layers: tuple[tuple[int, ...], tuple[int, ...], dict]) -> int:
    """Multiply-adds (FlopCounterMode's flops / 2) of conv2d calls on meta tensors: the count
    needs only the shapes, so the large layers cost no arithmetic."""
    with FlopCounterMode(display=False) as counter:
        for x_shape, w_shape, kw in layers:
            F.conv2d(torch.zeros(x_shape, device="meta"), torch.zeros(w_shape, device="meta"), **kw)
    return counter.get_total_flops() // 2


# --- code_review_minivgg_cifar.md (English code review): the PR's MiniVGG on 3 x 32 x 32


def mini_vgg(p: int = 1) -> nn.Sequential:
    """The note's model, layer for layer (features then classifier); p is the convs' padding."""
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=p),
        nn.ReLU(),
        nn.Conv2d(32, 32, 3, padding=p),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=p),
        nn.ReLU(),
        nn.Conv2d(64, 64, 3, padding=p),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(64 * 8 * 8, 256),
        nn.ReLU(),
        nn.Linear(256, 10),
    )


VGG = mini_vgg().double()
_X0 = torch.zeros(1, 3, 32, 32, dtype=F64)
_FLAT = int(VGG[:11](_X0).shape[-1])  # Flatten's output, the classifier's input
# the same features without padding=1: what the flatten would hand on then
_FLAT_UNPADDED = int(mini_vgg(0).double()[:11](_X0).shape[-1])
_CONV4_IN = tuple(VGG[:7](_X0).shape)  # what conv4 (index 7) reads: before the second pool


def _conv_params_formula(k: int, cin: int, cout: int) -> bool:
    return params(nn.Conv2d(cin, cout, k)) == k * k * cin * cout + cout


VGG_CLAIMS = claims_of(
    "code_review_minivgg_cifar",
    {
        "$$H_{1} = \\frac{32": [
            equal(VGG[:1](_X0).shape[-1], (32 + 2 * 1 - 3) / 1 + 1),
            equal((32 + 2 * 1 - 3) / 1 + 1, 32),
        ],
        # D and D' share a line: ranks 1-2 are D's chain, 3-4 the unpadded D''s
        "$D = 64": [
            equal(_FLAT, 64 * 8 * 8),
            equal(64 * 8 * 8, 4096),
            equal(_FLAT_UNPADDED, 64 * 6 * 6),
            equal(64 * 6 * 6, 2304),
        ],
        "A conv layer with bias": [
            grid(_conv_params_formula, [(1, 2, 3), (3, 3, 5), (5, 4, 2), (2, 1, 1)])
        ],
        "P_{\\mathrm{conv1}}": [equal(params(VGG[0]), 27 * 32 + 32), equal(27 * 32 + 32, 896)],
        "P_{\\mathrm{conv2}}": [
            equal(params(VGG[2]), 9 * 32 * 32 + 32),
            equal(9 * 32 * 32 + 32, 9248),
        ],
        "P_{\\mathrm{conv3}}": [equal(params(VGG[5]), 9 * 32 * 64), equal(9 * 32 * 64, 18432)],
        "P_{\\mathrm{conv4}}": [
            equal(params(VGG[7]), 9 * 64 * 64 + 64),
            equal(9 * 64 * 64 + 64, 36928),
        ],
        "P_{\\mathrm{fc1}}": [
            equal(params(VGG[11]), 4096 * 256 + 256),
            equal(4096 * 256 + 256, 1048832),
        ],
        "P_{\\mathrm{fc2}}": [equal(params(VGG[13]), 256 * 10 + 10), equal(256 * 10 + 10, 2660)],
        "P_{\\mathrm{total}}": [equal(params(VGG), 1116996)],
        "$$M_{\\mathrm{conv4}}": [
            equal(flops_meta((_CONV4_IN, (64, 64, 3, 3), {"padding": 1})), 8**2 * 9 * 64 * 64),
            equal(8**2 * 9 * 64 * 64, 2359296),
        ],
    },
)


# --- vorlesung_transponierte_faltung.md (German lecture notes): conv_transpose2d sizes and the
# strided conv's input gradient; 0-based, one channel

TV = "vorlesung_transponierte_faltung"
# stride-s sizes (h, k, s) where the last window ends on the last row, so no input row is
# skipped and the transposed conv gives back the full input side
_FIT = ((5, 3, 2), (7, 3, 2), (8, 2, 2), (10, 4, 3))


def _strided(rel: Callable[[dict], bool], seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        out = True
        for h, k, s in _FIT:
            ho = (h - k) // s + 1
            x, w, g = r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=(ho, ho))
            v = conv(x[None, None], w[None, None], None, g[None, None], stride=s)
            out &= bool(
                rel(
                    {
                        "x": x,
                        "w": w,
                        "g": g,
                        "k": k,
                        "s": s,
                        "dx": v["dx"][0, 0],
                        "dw": v["dw"][0, 0],
                    }
                )
            )
        return out

    return trials(check, seed)


def _convt(g: np.ndarray, w: np.ndarray, s: int) -> np.ndarray:
    return F.conv_transpose2d(t64(g[None, None]), t64(w[None, None]), stride=s).numpy()[0, 0]


_TSIZES = [
    (h, k, s, p, a)
    for h in (3, 5)
    for k in (2, 3, 4)
    for s in (1, 2, 3)
    for p in (0, 1)
    for a in range(s)
]
_TSIZES_D = [(h, k, s, p, a, d) for h, k, s, p, a in _TSIZES[::3] for d in (2, 3)]
TV_W, TV_G = np.array([[1.0, 2], [-1, 0]]), np.array([[1.0, -1], [2, 3]])
TV_DX = conv(np.zeros((1, 1, 4, 4)), TV_W[None, None], None, TV_G[None, None], stride=2)["dx"][0, 0]
TV_W3 = np.array([[1.0, 0, 2], [0, 1, 0], [-1, 0, 1]])
TV_G3 = np.array([[2.0, 1], [-1, 3]])
TV_DX3 = conv(np.zeros((1, 1, 5, 5)), TV_W3[None, None], None, TV_G3[None, None], stride=2)["dx"][
    0, 0
]
_X22_TERMS = (
    TV_G3[0, 0] * TV_W3[2, 2]
    + TV_G3[0, 1] * TV_W3[2, 0]
    + TV_G3[1, 0] * TV_W3[0, 2]
    + TV_G3[1, 1] * TV_W3[0, 0]
)
_DCGAN = nn.ConvTranspose2d(128, 64, kernel_size=4, stride=2, padding=1)

TV_CLAIMS = claims_of(
    TV,
    {
        "- 2p + k + a$$": [
            grid(
                lambda h, k, s, p, a: tconv_out(h, k, s, p, a) == (h - 1) * s - 2 * p + k + a,
                _TSIZES,
            )
        ],
        "- 2p + d\\,k + a$$": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * k + a
                ),
                _TSIZES_D,
            )
        ],
        "$$H_{out} = 15 \\cdot 2": [
            equal(tconv_out(16, 4, 2, 1), 15 * 2 - 2 + 4),
            equal(15 * 2 - 2 + 4, 32),
        ],
        "6 \\cdot 2 - 2 + 3": [
            equal(tconv_out(7, 3, 2, 1), 6 * 2 - 2 + 3),
            equal(6 * 2 - 2 + 3, 14),
        ],
        "$P = 128 \\cdot 64": [
            equal(params(_DCGAN), 128 * 64 * 16 + 128),
            equal(128 * 64 * 16 + 128, 131200),
        ],
        "$H' = ": [equal(conv_out(32, 4, 2, 1), (32 + 2 - 4) // 2 + 1), equal(15 + 1, 16)],
        "Sei $Y = X": [None, None],
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}": [
            _strided(
                lambda v: same(
                    v["dx"], corr(pad(dilate(v["g"], v["s"]), v["k"] - 1), rot180(v["w"]))
                ),
                4001,
            )
        ],
        "\\operatorname{ConvT}_s(G, W)": [
            _strided(lambda v: same(v["dx"], _convt(v["g"], v["w"], v["s"])), 4004)
        ],
        "$$\\frac{\\partial L}{\\partial W} = X \\star G$$": [
            _strided(lambda v: same(v["dw"], corr(v["x"], v["g"])), 4007)
        ],
        "Wir nehmen $s = 2$": [None, None],
        "$$W = \\begin{bmatrix}": [None, None],
        "1 & 2 & -1 & -2": [
            single(
                lambda: same(TV_DX, [[1, 2, -1, -2], [-1, 0, 1, 0], [2, 4, 3, 6], [-2, 0, -3, 0]])
            )
        ],
        "x_{2,3}}": [
            single(lambda: TV_DX[2, 3] == TV_G[1, 1] * TV_W[1, 0]),
            equal(TV_G[1, 1] * TV_W[1, 0], -3),
        ],
        "$$W' = ": [None, None],
        "x_{2,2}}": [
            single(lambda: math.isclose(TV_DX3[2, 2], _X22_TERMS)),
            equal(_X22_TERMS, 2 + 1 - 2 + 3),
            equal(2 + 1 - 2 + 3, 4),
        ],
        "x_{0,4}}": [
            single(lambda: TV_DX3[0, 4] == TV_G3[0, 1] * TV_W3[0, 2]),
            equal(TV_G3[0, 1] * TV_W3[0, 2], 2),
        ],
    },
)


# --- prova_resolvida_conv_dois_canais.md (Portuguese exam solution): nn.Conv2d(2, 2, 2) on a
# 2 x 3 x 3 input, 0-based x_c[i, j], w_{f,c}[u, v], b_f, g_f = dL/dz_f

PR = "prova_resolvida_conv_dois_canais"
PR_X = np.array([[[1.0, 0, 2], [-1, 3, 1], [0, 2, -2]], [[2.0, 1, 0], [0, -1, 1], [1, 0, 3]]])
PR_W = np.array(
    [
        [[[1.0, -1], [0, 2]], [[0.0, 1], [1, 0]]],
        [[[2.0, 0], [-1, 1]], [[1.0, 1], [0, -1]]],
    ]
)
PR_B = np.array([1.0, -1])
PR_G = np.array([[[1.0, -2], [0, 3]], [[2.0, 1], [-1, 0]]])
PR_RUN = conv(PR_X[None], PR_W, PR_B, PR_G[None])
PR_Z, PR_DX, PR_DW, PR_DB = PR_RUN["z"][0], PR_RUN["dx"][0], PR_RUN["dw"], PR_RUN["db"]


def _pr_random(r: np.random.Generator) -> dict:
    x, w, b, g = (r.normal(size=s) for s in ((2, 3, 3), (2, 2, 2, 2), (2,), (2, 2, 2)))
    v = conv(x[None], w, b, g[None])
    return {"x": x, "w": w, "b": b, "g": g, "z": v["z"][0], "dx": v["dx"][0], "dw": v["dw"]}


def _pr(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_pr_random(r)), seed)


def _pr_forward(v: dict) -> bool:
    return same(
        v["z"],
        [
            [
                [
                    v["b"][f]
                    + sum(
                        v["w"][f, c, u, q] * v["x"][c, i + u, j + q]
                        for c in range(2)
                        for u in range(2)
                        for q in range(2)
                    )
                    for j in range(2)
                ]
                for i in range(2)
            ]
            for f in range(2)
        ],
    )


def _pr_dw(v: dict) -> bool:
    return same(
        v["dw"],
        [
            [
                [
                    [
                        sum(
                            v["g"][f, i, j] * v["x"][c, i + u, j + q]
                            for i in range(2)
                            for j in range(2)
                        )
                        for q in range(2)
                    ]
                    for u in range(2)
                ]
                for c in range(2)
            ]
            for f in range(2)
        ],
    )


def _pr_dx(v: dict) -> bool:
    return all(
        same(v["dx"][c], sum(corr(pad(v["g"][f], 1), rot180(v["w"][f, c])) for f in range(2)))
        for c in range(2)
    )


def _pr_w10_01(v: dict) -> bool:
    written = sum(v["g"][1, i, j] * v["x"][0, i + 1, j] for i in range(2) for j in range(2))
    return math.isclose(v["dw"][1, 0, 0, 1], written, abs_tol=1e-12)


PR_CLAIMS = claims_of(
    PR,
    {
        "$g_f[i, j] = \\partial L": [None],
        "$$x_0 = \\begin": [None, None],
        "$$w_{0,0} = \\begin": [None, None, None, None],
        "com $b = (1, -1)$": [None],
        "$$g_0 = \\begin": [None, None],
        "$$z_f[i, j] = b_f": [_pr(_pr_forward, 4101)],
        "$z_0[0, 0] = 1 + (1 + 6) + 1": [
            equal(PR_Z[0, 0, 0], 1 + (1 + 6) + 1),
            equal(1 + (1 + 6) + 1, 9),
        ],
        "$$z_0 = \\begin": [
            single(lambda: same(PR_Z[0], [[9, 0], [1, 0]])),
            single(lambda: same(PR_Z[1], [[9, -3], [-2, -4]])),
        ],
        "(1 - 2 + 0 + 3,": [
            single(lambda: same(PR_DB, [1 - 2 + 0 + 3, 2 + 1 - 1 + 0])),
            single(lambda: same([1 - 2 + 0 + 3, 2 + 1 - 1 + 0], [2, 2])),
        ],
        "g_f[i, j]\\, x_c[i+u, j+v]$$": [_pr(_pr_dw, 4104)],
        "Por exemplo $\\frac": [
            equal(PR_DW[0, 0, 1, 1], 1 * 3 + (-2) * 1 + 0 * 2 + 3 * (-2)),
            equal(1 * 3 + (-2) * 1 + 0 * 2 + 3 * (-2), -5),
        ],
        "g_1[i, j]\\, x_0[i+1, j]$$": [_pr(_pr_w10_01, 4107)],
        "10 & -1 \\\\ -1 & -5": [
            single(lambda: same(PR_DW[0, 0], [[10, -1], [-1, -5]])),
            single(lambda: same(PR_DW[1, 1], [[5, 3], [-2, 1]])),
        ],
        "\\operatorname{pad}_1(g_f)": [_pr(_pr_dx, 4110)],
        "No canto,": [
            equal(
                PR_DX[0, 0, 0], PR_G[0, 0, 0] * PR_W[0, 0, 0, 0] + PR_G[1, 0, 0] * PR_W[1, 0, 0, 0]
            ),
            equal(1 * 1 + 2 * 2, 5),
        ],
        "5 & -1 & 2": [
            single(lambda: same(PR_DX[0], [[5, -1, 2], [-4, 6, -6], [1, -1, 6]])),
            single(lambda: same(PR_DX[1], [[2, 4, -1], [0, -5, 2], [0, -4, 0]])),
        ],
        "$P = 2 \\cdot 2": [equal(params(nn.Conv2d(2, 2, 2)), 16), equal(2 * 2 * 2 * 2, 16)],
    },
)


# --- wiki_conv_backward_cheatsheet.md (English wiki page): general formulas, checked on grids
# of sizes with torch conv2d or on random inputs with autograd


def _fits(h: int, k: int, d: int) -> bool:
    try:
        return conv_out(h, k, d=d) >= 1
    except RuntimeError:
        return False


def _k_eff(k: int, d: int) -> int:
    return next(h for h in range(1, 60) if _fits(h, k, d))


_OUT_SIZES = [
    (h, k, s, p, d)
    for h in (7, 9, 12)
    for k in (1, 2, 3)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    for d in (1, 2)
]


def _one(
    rel: Callable[[dict], bool], seed: int, sizes: tuple = ((5, 3), (6, 2)), **kw: int
) -> Truth:
    """Random one-channel x, w, b, g at each (h, k) with the given stride/padding; dx, dw, db."""
    s, p = kw.get("stride", 1), kw.get("padding", 0)

    def check(r: np.random.Generator) -> bool:
        out = True
        for h, k in sizes:
            ho = (h + 2 * p - k) // s + 1
            x, w, g = r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=(ho, ho))
            v = conv(x[None, None], w[None, None], r.normal(size=1), g[None, None], **kw)
            out &= bool(
                rel(
                    {
                        "x": x,
                        "w": w,
                        "g": g,
                        "k": k,
                        "s": s,
                        "p": p,
                        "dx": v["dx"][0, 0],
                        "dw": v["dw"][0, 0],
                        "db": v["db"][0],
                    }
                )
            )
        return out

    return trials(check, seed)


def _multi(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Two input channels, three filters, 5 x 5 input, 3 x 3 kernels, stride 1."""

    def check(r: np.random.Generator) -> bool:
        x, w, b, g = (r.normal(size=s) for s in ((2, 5, 5), (3, 2, 3, 3), (3,), (3, 3, 3)))
        v = conv(x[None], w, b, g[None])
        return rel({"x": x, "w": w, "g": g, "dx": v["dx"][0], "dw": v["dw"], "db": v["db"]})

    return trials(check, seed)


_COST = [(h, k, cin, cout) for h in (5, 8) for k in (1, 3) for cin in (1, 3) for cout in (2, 4)]

WIKI_CLAIMS = claims_of(
    "wiki_conv_backward_cheatsheet",
    {
        "with upstream gradient $G": [None],
        "- d(k-1) - 1}{s}": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                _OUT_SIZES,
            )
        ],
        "k_{\\mathrm{eff}} = d(k-1) + 1": [
            grid(
                lambda k, d: _k_eff(k, d) == d * (k - 1) + 1,
                [(k, d) for k in (1, 2, 3, 5) for d in (1, 2, 3)],
            )
        ],
        "padding: with $p = d(k-1)/2$": [
            None,
            None,
            grid(
                lambda h, k, d: conv_out(h, k, 1, d * (k - 1) // 2, d) == h,
                [(h, k, d) for h in (7, 10) for k in (1, 3, 5) for d in (1, 2)],
            ),
        ],
        "Quick form for dilated": [
            grid(
                lambda h, k, p, d: conv_out(h, k, 1, p, d) == h + 2 * p - d * k + 1,
                [(h, k, p, d) for h in (9, 12) for k in (2, 3) for p in (0, 1) for d in (2, 3)],
            )
        ],
        "ResNet stem": [
            equal(conv_out(224, 7, 2, 3), (224 + 6 - 7) // 2 + 1),
            equal((224 + 6 - 7) // 2 + 1, 112),
        ],
        "$$\\frac{\\partial L}{\\partial W} = X \\star G$$": [
            _one(lambda v: same(v["dw"], corr(v["x"], v["g"])), 4201)
        ],
        "$$\\frac{\\partial L}{\\partial b} = \\sum_{i}": [
            _one(lambda v: math.isclose(v["db"], v["g"].sum(), abs_tol=1e-12), 4204)
        ],
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}(G) \\star": [
            _one(lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 1), rot180(v["w"]))), 4207)
        ],
        "Tip: if your": [
            _one(lambda v: same(v["dx"], rot180(corr(pad(v["g"], v["k"] - 1), v["w"]))), 4210)
        ],
        "X \\star \\operatorname{dilate}_s(G)$$": [
            _one(
                lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))),
                4213,
                ((5, 3), (7, 3), (8, 2)),
                stride=2,
            )
        ],
        "\\operatorname{pad}_{k-1}(\\operatorname{dilate}_s(G))": [
            _one(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), v["k"] - 1), rot180(v["w"]))),
                4216,
                ((5, 3), (7, 3), (8, 2)),
                stride=2,
            )
        ],
        "With padding $p \\le k - 1$": [None],
        "\\operatorname{pad}_p(X) \\star G$$": [
            _one(
                lambda v: same(v["dw"], corr(pad(v["x"], v["p"]), v["g"])),
                4219,
                ((5, 3), (6, 2), (5, 4)),
                padding=1,
            )
        ],
        "\\operatorname{pad}_{k-1+p}(G)": [
            _one(
                lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 1 + v["p"]), rot180(v["w"]))),
                4222,
                ((5, 3), (6, 2), (5, 4)),
                padding=1,
            )
        ],
        "\\partial X_c} = \\sum_{f}": [
            _multi(
                lambda v: all(
                    same(
                        v["dx"][c],
                        sum(corr(pad(v["g"][f], 2), rot180(v["w"][f, c])) for f in range(3)),
                    )
                    for c in range(2)
                ),
                4225,
            )
        ],
        "\\partial W_{f,c}} = X_c \\star G_f": [
            _multi(
                lambda v: all(
                    same(v["dw"][f, c], corr(v["x"][c], v["g"][f]))
                    for f in range(3)
                    for c in range(2)
                ),
                4228,
            )
        ],
        "\\frac{1}{H_{out}^2}": [
            _multi(lambda v: same(v["db"], v["g"].sum(axis=(1, 2)) / 3**2), 4231)
        ],
        "Parameters with bias": [
            grid(
                lambda h, k, cin, cout: params(nn.Conv2d(cin, cout, k)) == cout * (k * k * cin + 1),
                _COST,
            ),
            grid(
                lambda h, k, cin, cout: (
                    flops_meta(((1, cin, h, h), (cout, cin, k, k), {}))
                    == conv_out(h, k) ** 2 * cout * k * k * cin
                ),
                _COST,
            ),
        ],
        "d^2 k^2 C_{in}": [
            grid(
                lambda k, cin, cout, d: (
                    params(nn.Conv2d(cin, cout, k, dilation=d)) == cout * (d * d * k * k * cin + 1)
                ),
                [
                    (k, cin, cout, d)
                    for k in (2, 3)
                    for cin in (1, 3)
                    for cout in (2,)
                    for d in (2, 3)
                ],
            ),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh40_truth_b import NOTES_B

    return {**VGG_CLAIMS, **TV_CLAIMS, **PR_CLAIMS, **WIKI_CLAIMS, **NOTES_B}
