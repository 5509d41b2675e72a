"""Independent truth for the fresh44 notes lista_exercicios_stride2_backward,
forum_avg_pooling_overlap_backward and cheatsheet_conv_formulas (see unseen_fresh44_truth.py,
whose truth_table merges these).  NumPy / torch autograd in float64, no symconv."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_truth_base import (
    Truth,
    anchored_claims,
    conv_out,
    corr,
    dilate,
    equal,
    pad,
    params,
    rot180,
    same,
    t64,
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh44"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def _conv(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """One-channel torch conv2d and the gradients of sum(z * g)."""
    xt, wt = t64(x, True), t64(w, True)
    z = F.conv2d(xt[None, None], wt[None, None], **kw)[0, 0]
    (z * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "z": z.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
    }


def crop(a: np.ndarray, p: int) -> np.ndarray:
    return a[p : a.shape[0] - p, p : a.shape[1] - p] if p else a


# --- lista_exercicios_stride2_backward.md (Portuguese exercise list): 0-based, 5 x 5 X,
# 3 x 3 W, padding 1, stride 2, Z[i,j] = sum W[a,b] X_p[2i+a, 2j+b], G = dL/dZ (3 x 3).

LI = "lista_exercicios_stride2_backward"
LX = np.fromfunction(lambda i, j: i - j, (5, 5))
LW = np.array([[1, 2, 0], [0, 1, -1], [2, 0, 1]], dtype=np.float64)
LG = np.array([[1, 0, 2], [-1, 1, 0], [0, 3, 1]], dtype=np.float64)
LV = _conv(LX, LW, LG, stride=2, padding=1)
G_, W_ = LG, LW


def _li(rel: Callable[[dict], bool], seed: int) -> Truth:
    def make(r: np.random.Generator) -> dict:
        return _conv(
            r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(3, 3)), stride=2, padding=1
        )

    return trials(lambda r: rel(make(r)), seed)


def _li_dw_sum(v: dict) -> bool:
    xp = pad(v["x"], 1)
    mine = [
        [
            sum(v["g"][i, j] * xp[2 * i + a, 2 * j + b] for i in range(3) for j in range(3))
            for b in range(3)
        ]
        for a in range(3)
    ]
    return same(v["dw"], mine)


LI_CLAIMS = claims_of(
    LI,
    {
        "\\left\\lfloor \\frac{5 + 2 - 3}{2}": [
            equal(conv_out(5, 3, 2, 1), math.floor((5 + 2 - 3) / 2) + 1),
            equal(math.floor((5 + 2 - 3) / 2) + 1, 3),
        ],
        "\\frac{\\partial L}{\\partial W[a,b]} = \\sum": [_li(_li_dw_sum, 4431)],
        "Para $(a,b) = (0,0)$": [
            None,
            None,
            equal(LV["dw"][0, 0], 8),
            equal(
                LV["dw"][1, 1], sum(LG[i, j] * (2 * i - 2 * j) for i in range(3) for j in range(3))
            ),
            equal(sum(LG[i, j] * (2 * i - 2 * j) for i in range(3) for j in range(3)), -2),
        ],
        "Dilatando $G$": [equal((3 - 1) * 2 + 1, 5)],
        "\\star \\operatorname{dilate}_2(G)$$": [
            _li(lambda v: same(v["dw"], corr(pad(v["x"], 1), dilate(v["g"], 2))), 4432)
        ],
        "\\operatorname{crop}_1": [
            _li(
                lambda v: same(v["dx"], crop(corr(pad(dilate(v["g"], 2), 2), rot180(v["w"])), 1)),
                4433,
            )
        ],
        "o que é o mesmo que": [
            _li(lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["w"]))), 4434)
        ],
        "sem a dilatação": [
            _li(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))), 4435)
        ],
        "recebe de todo": [None, None],
        "\\partial X[0,0]}": [equal(LV["dx"][0, 0], G_[0, 0] * W_[1, 1]), equal(1 * 1, 1)],
        "\\partial X[1,1]}": [
            equal(
                LV["dx"][1, 1],
                G_[0, 0] * W_[2, 2]
                + G_[0, 1] * W_[2, 0]
                + G_[1, 0] * W_[0, 2]
                + G_[1, 1] * W_[0, 0],
            ),
            equal(
                G_[0, 0] * W_[2, 2]
                + G_[0, 1] * W_[2, 0]
                + G_[1, 0] * W_[0, 2]
                + G_[1, 1] * W_[0, 0],
                2,
            ),
        ],
        "\\partial X[1,2]}": [
            equal(LV["dx"][1, 2], G_[0, 1] * W_[2, 1] + G_[1, 1] * W_[0, 1]),
            equal(G_[0, 1] * W_[2, 1] + G_[1, 1] * W_[0, 1], 0 + 2),
            equal(0 + 2, 2),
        ],
        "\\partial X[3,3]}": [
            equal(
                LV["dx"][3, 3],
                G_[1, 1] * W_[2, 2]
                + G_[1, 2] * W_[2, 0]
                + G_[2, 1] * W_[0, 2]
                + G_[2, 2] * W_[0, 0],
            ),
            equal(
                G_[1, 1] * W_[2, 2]
                + G_[1, 2] * W_[2, 0]
                + G_[2, 1] * W_[0, 2]
                + G_[2, 2] * W_[0, 0],
                1 + 0 - 3 + 1,
            ),
            equal(1 + 0 - 3 + 1, -1),
        ],
        "\\left\\lceil \\frac{6 + 2 - 3}{2}": [
            equal(conv_out(6, 3, 2, 1), math.ceil((6 + 2 - 3) / 2) + 1),
            equal(math.ceil((6 + 2 - 3) / 2) + 1, 4),
        ],
    },
)


# --- forum_avg_pooling_overlap_backward.md (English forum answer): one channel, 0-based,
# average pooling 3 x 3 with stride 3 or 2, g = dL/dy.


def _avg(x: np.ndarray, s: int, g: np.ndarray | None = None) -> dict:
    xt = t64(x, True)
    y = F.avg_pool2d(xt[None, None], 3, stride=s)[0, 0]
    g = np.ones(y.shape) if g is None else g
    (y * t64(g)).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy()}


def _pool_side(h: int, s: int) -> int:
    return int(F.avg_pool2d(torch.zeros(1, 1, h, h), 3, stride=s).shape[-1])


def _fo(rel: Callable[[dict], bool], seed: int, s: int = 2, h: int = 9) -> Truth:
    def make(r: np.random.Generator) -> dict:
        n = _pool_side(h, s)
        return _avg(r.normal(size=(h, h)), s, r.normal(size=(n, n)))

    return trials(lambda r: rel(make(r)), seed)


FX = np.fromfunction(lambda i, j: i + j, (9, 9))
FY3 = _avg(FX, 3)["y"]
FY2 = _avg(FX, 2)["y"]
COVER = _avg(np.zeros((9, 9)), 2, 9 * np.ones((4, 4)))["dx"]  # windows covering each cell
N4, N2, N1 = (int(np.sum(np.isclose(COVER, c))) for c in (4, 2, 1))


def _s2_formula(g: np.ndarray, i: int, j: int) -> float:
    ms = [m for m in range(g.shape[0]) if 2 * m <= i <= 2 * m + 2]
    ns = [n for n in range(g.shape[1]) if 2 * n <= j <= 2 * n + 2]
    return sum(g[m, n] for m in ms for n in ns) / 9


def _entry(i: int, j: int, terms: list[tuple[int, int]], seed: int) -> Truth:
    return _fo(
        lambda v: math.isclose(
            v["dx"][i, j], sum(v["g"][m, n] for m, n in terms) / 9, abs_tol=1e-12
        ),
        seed,
    )


FO = "forum_avg_pooling_overlap_backward"


def _fo_sum3(r: np.random.Generator) -> bool:
    x = r.normal(size=(9, 9))
    mine = [
        [sum(x[3 * m + a, 3 * n + b] for a in range(3) for b in range(3)) / 9 for n in range(3)]
        for m in range(3)
    ]
    return same(_avg(x, 3)["y"], mine)


def _fo_s3(v: dict) -> bool:
    return same(
        v["dx"], np.fromfunction(lambda i, j: v["g"][i // 3, j // 3] / 9, (9, 9), dtype=int)
    )


def _fo_s2(v: dict) -> bool:
    return same(v["dx"], [[_s2_formula(v["g"], i, j) for j in range(9)] for i in range(9)])


def _fo_floor2(v: dict) -> bool:
    return same(
        v["dx"], np.fromfunction(lambda i, j: v["g"][i // 2, j // 2] / 9, (9, 9), dtype=int)
    )


def _fo_total(r: np.random.Generator) -> bool:
    return all(
        math.isclose(v["dx"].sum(), v["g"].sum(), abs_tol=1e-12)
        for s in (3, 2)
        for v in [_avg(r.normal(size=(9, 9)), s, r.normal(size=(_pool_side(9, s),) * 2))]
    )


FO_CLAIMS = claims_of(
    FO,
    {
        "**Sizes.**": [
            equal(_pool_side(9, 3), (9 - 3) // 3 + 1),
            equal((9 - 3) // 3 + 1, 3),
            equal(_pool_side(9, 2), (9 - 3) // 2 + 1),
            equal((9 - 3) // 2 + 1, 4),
            equal(_pool_side(7, 3), math.ceil((7 - 3) / 3) + 1),
            equal(math.ceil((7 - 3) / 3) + 1, 3),
        ],
        "**Forward.**": [
            None,
            trials(_fo_sum3, 4441),
            lambda: [same(FY3, np.fromfunction(lambda m, n: 3 * m + 3 * n + 2, (3, 3)))],
            equal(FY3[1, 1], 3 + 3 + 2),
            equal(3 + 3 + 2, 9),
            lambda: [same(FY2, np.fromfunction(lambda m, n: 2 * m + 2 * n + 2, (4, 4)))],
            equal(FY2[1, 2], 2 + 2 * 1 + 2 * 2),
            equal(2 + 2 * 1 + 2 * 2, 8),
        ],
        "\\left\\lfloor \\tfrac{i}{3}": [_fo(_fo_s3, 4442, s=3)],
        "\\sum_{m:\\, 2m": [_fo(_fo_s2, 4443)],
        "Row $i$ is in window row": [None, None],
        "\\partial x[1, 1]}": [_entry(1, 1, [(0, 0)], 4444)],
        "\\partial x[2, 1]}": [_entry(2, 1, [(0, 0), (0, 1)], 4445)],
        "\\partial x[2, 2]}": [_entry(2, 2, [(0, 0), (0, 1), (1, 0), (1, 1)], 4446)],
        "\\partial x[4, 3]}": [_entry(4, 3, [(1, 1), (2, 1), (1, 2), (2, 2)], 4447)],
        "\\partial x[3, 3]}": [_entry(3, 3, [(0, 0), (1, 1)], 4448)],
        "So your formula": [_fo(_fo_floor2, 4449)],
        "**Counting.**": [
            equal(N4, 3 * 3),
            equal(3 * 3, 9),
            equal(N2, 2 * 3 * 6),
            equal(2 * 3 * 6, 36),
            equal(N1, 81 - 9 - 36),
            equal(81 - 9 - 36, 36),
        ],
        "A good sanity check": [trials(_fo_total, 4450)],
        "One more:": [
            _fo(lambda v: same(v["dx"][6], np.zeros(7)), 4451, s=3, h=7),
            _fo(lambda v: math.isclose(v["dx"][5, 5], v["g"][1, 1] / 9), 4452, s=3, h=7),
        ],
    },
)


# --- cheatsheet_conv_formulas.md (English cheat sheet): symbolic sizes checked on grids,
# operator forms on random inputs, one channel for the gradient lines.

CS = "cheatsheet_conv_formulas"
SIZES = [
    (h, k, s, p, d)
    for h in (9, 12, 17)
    for k in (1, 3, 4)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    for d in (1, 2)
    if h + 2 * p >= d * (k - 1) + 1
]
TSIZES = [
    (h, k, s, p, a, d)
    for h in (3, 5)
    for k in (2, 3)
    for s in (1, 2, 3)
    for p in (0, 1)
    for d in (1, 2)
    for a in range(max(s, d))
]


def _keff(k: int, d: int) -> int:
    return 20 - conv_out(20, k, d=d) + 1


def _rf(n_layers: int, d: int = 1) -> int:
    """Receptive field of n stacked 3 x 3 convs (stride 1, dilation d): the span of the input
    rows that reach the centre output, from autograd."""
    x = t64(np.zeros((1, 1, 41, 41)), True)
    h = x
    for _ in range(n_layers):
        h = F.conv2d(h, t64(np.ones((1, 1, 3, 3))), dilation=d)
    c = h.shape[-1] // 2
    h[0, 0, c, c].backward()
    rows = np.flatnonzero(np.abs(x.grad.numpy()[0, 0]).sum(axis=1))
    return int(rows[-1] - rows[0] + 1)  # the span: a dilated stack skips rows inside it


def _cs(rel: Callable[[dict], bool], seed: int, p: int = 0) -> Truth:
    def make(r: np.random.Generator) -> dict:
        return _conv(
            r.normal(size=(6, 7)),
            r.normal(size=(3, 3)),
            r.normal(size=(4 + 2 * p, 5 + 2 * p)),
            padding=p,
        )

    return trials(lambda r: rel(make(r)), seed)


def _cs_dx(r: np.random.Generator) -> bool:
    out = []
    for p in (0, 1, 2):
        v = _conv(
            r.normal(size=(6, 7)),
            r.normal(size=(3, 3)),
            r.normal(size=(4 + 2 * p, 5 + 2 * p)),
            padding=p,
        )
        out.append(same(v["dx"], crop(corr(pad(v["g"], 2), rot180(v["w"])), p)))
    return all(out)


def _cs_dw(r: np.random.Generator) -> bool:
    out = []
    for p in (0, 1, 2):
        v = _conv(
            r.normal(size=(6, 7)),
            r.normal(size=(3, 3)),
            r.normal(size=(4 + 2 * p, 5 + 2 * p)),
            padding=p,
        )
        out.append(same(v["dw"], corr(pad(v["x"], p), v["g"])))
    return all(out)


def _cs_db(avg: bool) -> Callable[[np.random.Generator], bool]:
    def check(r: np.random.Generator) -> bool:
        x, w, b = r.normal(size=(2, 2, 6, 6)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
        g = r.normal(size=(2, 3, 4, 4))
        bt = t64(b, True)
        (F.conv2d(t64(x), t64(w), bt) * t64(g)).sum().backward()
        mine = g.sum(axis=(0, 2, 3)) / (2 if avg else 1)
        return same(bt.grad.numpy(), mine)

    return check


PGRID = [
    (cin, cout, k, g)
    for cin, cout, g in ((4, 8, 2), (6, 12, 3), (8, 4, 4), (4, 6, 1))
    for k in (1, 3)
]
DW_GRID = [(c, k) for c in (3, 8) for k in (3, 5)]
SEP_GRID = [(c, co, k) for c in (3, 8) for co in (4, 16) for k in (3, 5)]


def _macs(h: int, cin: int, cout: int, k: int, g: int) -> bool:
    layer = nn.Conv2d(cin, cout, k, groups=g).double()
    m = flops_half(lambda: layer(torch.zeros(1, cin, h, h, dtype=torch.float64)))
    ho = h - k + 1
    return m == ho * ho * cout * (cin // g) * k * k


CS_CLAIMS = claims_of(
    CS,
    {
        "d(k-1) - 1}{s}": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                SIZES,
            )
        ],
        "| no dilation |": [
            grid(
                lambda h, k, s, p, _d: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1,
                [z for z in SIZES if z[0] + 2 * z[3] >= z[1]],
            )
        ],
        "| effective kernel |": [
            grid(lambda k, d: _keff(k, d) == d * k - 1, [(k, d) for k in (3, 5) for d in (1, 2, 3)])
        ],
        "odd $k$": [
            None,
            None,
            grid(
                lambda h, k: conv_out(h, k, 1, (k - 1) // 2) == h + (k - 1) - k + 1,
                [(h, k) for h in (7, 10) for k in (1, 3, 5)],
            ),
            grid(
                lambda h, k: h + (k - 1) - k + 1 == h, [(h, k) for h in (7, 10) for k in (1, 3, 5)]
            ),
        ],
        "| transposed conv |": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
                ),
                TSIZES,
            )
        ],
        "| transposed, quick version |": [
            grid(
                lambda h, k, s, p, a, d: tconv_out(h, k, s, p) == (h - 1) * s + 2 * p + k,
                [z for z in TSIZES if z[4] == 0 and z[5] == 1],
            )
        ],
        "| pooling $k$, stride $k$ |": [
            grid(
                lambda h, k: (
                    int(F.max_pool2d(torch.zeros(1, 1, h, h), k).shape[-1]) == math.ceil(h / k)
                ),
                [(h, k) for h in (7, 9, 10) for k in (2, 3)],
            )
        ],
        "C_{in} = C_{out} = 1": [None, None],
        "- weights:": [trials(_cs_dw, 4461), None],
        "- input, full correlation": [trials(_cs_dx, 4462)],
        "lazy version": [_cs(lambda v: same(v["dx"], corr(pad(v["g"], 2), v["w"])), 4463)],
        "- bias (batch": [trials(_cs_db(False), 4464)],
        '"averaged"': [trials(_cs_db(True), 4465)],
        "- standard conv with bias": [
            grid(lambda ci, co, k, _g: params(nn.Conv2d(ci, co, k)) == co * ci * k * k + co, PGRID)
        ],
        "- grouped conv:": [
            grid(
                lambda ci, co, k, g: (
                    params(nn.Conv2d(ci, co, k, groups=g)) == co * ci * k * k // g + ci
                ),
                PGRID,
            )
        ],
        "- depthwise (": [
            None,
            None,
            None,
            grid(lambda c, k: params(nn.Conv2d(c, c, k, groups=c)) == c * k * k + c, DW_GRID),
        ],
        "- depthwise-separable": [
            grid(
                lambda c, co, k: (
                    params(nn.Conv2d(c, c, k, groups=c)) + params(nn.Conv2d(c, co, 1))
                    == c * k * k + c + c * co + co
                ),
                SEP_GRID,
            )
        ],
        "- two stacked 3x3": [
            grid(
                lambda c: (
                    2 * params(nn.Conv2d(c, c, 3, bias=False)) == 18 * c * c
                    and params(nn.Conv2d(c, c, 5, bias=False)) == 25 * c * c
                    and 18 * c * c < 25 * c * c
                ),
                [(1,), (4,), (16,)],
            )
        ],
        "convs: $r = 3L$": [grid(lambda n: _rf(n) == 3 * n, [(1,), (2,), (3,)])],
        "with dilation $2$": [grid(lambda n: _rf(n, 2) == 4 * n + 1, [(1,), (2,), (3,)])],
        "- MACs per conv layer": [
            grid(_macs, [(8, 4, 8, 3, 2), (7, 6, 6, 3, 3), (9, 4, 4, 1, 1), (6, 8, 4, 5, 4)])
        ],
    },
)

NOTES_B: Claims = {**LI_CLAIMS, **FO_CLAIMS, **CS_CLAIMS}
