"""Independent truth for the fresh47 unseen set (tests/data/check/unseen/fresh47/): the notes
lecture_depthwise_separable_backward, esercitazione_conv1d_stride3_padding1,
zenn_maxpool_linear_gyakudenpa_keisanrei and blog_conv_gyakudenpa_heigata_shiki (the other
three live in unseen_fresh47_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or of the wrong
shape disagrees; where a note declares zeros outside a range those entries read as zero.  A
link between two written numbers is arithmetic; a size or count named on the left must equal
the true one.
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
    conv_out,
    corr,
    dilate,
    equal,
    params,
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh47"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


# --- lecture_depthwise_separable_backward.md: depthwise Conv2d(4, 4, 3, padding=1, groups=4)
# (K, beta) then pointwise Conv2d(4, 6, 1) (V, b) on one 4 x 8 x 8 image; G = dL/dY, D = dL/dZ.

LEC = "lecture_depthwise_separable_backward"


def _ds(r: np.random.Generator) -> dict:
    """Forward and autograd backward of the block with L = sum(Y * G); Z's gradient kept."""
    x, k, beta = (
        t64(r.normal(size=(1, 4, 8, 8)), True),
        t64(r.normal(size=(4, 1, 3, 3)), True),
        t64(r.normal(size=4), True),
    )
    v, b, g = (
        t64(r.normal(size=(6, 4, 1, 1)), True),
        t64(r.normal(size=6), True),
        r.normal(size=(6, 8, 8)),
    )
    z = F.conv2d(x, k, beta, padding=1, groups=4)
    z.retain_grad()
    y = F.conv2d(z, v, b)
    (y * t64(g[None])).sum().backward()
    return {
        "x": x.detach().numpy()[0],
        "k": k.detach().numpy()[:, 0],
        "v": v.detach().numpy()[:, :, 0, 0],
        "g": g,
        "z": z.detach().numpy()[0],
        "d": z.grad.numpy()[0],
        "dx": x.grad.numpy()[0],
        "dk": k.grad.numpy()[:, 0],
        "dbeta": beta.grad.numpy(),
        "dv": v.grad.numpy()[:, :, 0, 0],
        "db": b.grad.numpy(),
    }


def _lec(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_ds(r)), seed)


def _dz_swapped(v: dict) -> np.ndarray:
    """sum_f V_{c,f} G_f[i,j] read with strict indices: V is F x C, so f = 4, 5 raise."""
    return np.array([sum(at(v["v"], c, f) * v["g"][f] for f in range(6)) for c in range(4)])


def _dk_sum(v: dict) -> np.ndarray:
    """sum_{i,j} D_c[i,j] Xt_c[i+u, j+v] with Xt = pad_1(X), strict indexing."""
    xt = [np.pad(v["x"][c], 1) for c in range(4)]
    return np.array(
        [
            [
                [
                    sum(
                        v["d"][c, i, j] * at(xt[c], i + a, j + e)
                        for i in range(8)
                        for j in range(8)
                    )
                    for e in range(3)
                ]
                for a in range(3)
            ]
            for c in range(4)
        ]
    )


def _ds_macs(groups: bool) -> int:
    x = torch.zeros(1, 4, 8, 8, dtype=F64)
    if groups:
        return flops_half(
            lambda: F.conv2d(x, torch.zeros(4, 1, 3, 3, dtype=F64), padding=1, groups=4)
        )
    return flops_half(lambda: F.conv2d(x, torch.zeros(6, 4, 1, 1, dtype=F64)))


def _ds_params(c: int, f: int, k: int) -> int:
    return params(nn.Conv2d(c, c, k, padding=k // 2, groups=c)) + params(nn.Conv2d(c, f, 1))


LEC_CLAIMS = claims_of(
    LEC,
    {
        "Input $X$ with $C = 4$": [None, None, None, None],
        "$Z_c = \\operatorname{pad}_1(X_c)": [None, None],
        "$P_{dw} = 4": [
            equal(params(nn.Conv2d(4, 4, 3, padding=1, groups=4)), 4 * 9 + 4),
            equal(4 * 9 + 4, 40),
        ],
        "$P_{pw} = 6": [equal(params(nn.Conv2d(4, 6, 1)), 6 * 4 + 6), equal(6 * 4 + 6, 30)],
        "$P_{std} = 6": [
            equal(params(nn.Conv2d(4, 6, 3)), 6 * 4 * 9 + 6),
            equal(6 * 4 * 9 + 6, 218),
        ],
        "C(k^2 + F) + 2F": [
            grid(
                lambda c, f, k: _ds_params(c, f, k) == c * (k * k + f) + 2 * f,
                [(4, 6, 3), (3, 8, 5), (8, 2, 3)],
            )
        ],
        "Let $G = ": [None],
        "\\partial V_{f,c}}": [
            _lec(lambda v: same(v["dv"], np.einsum("fij,cij->fc", v["g"], v["z"])), 4700)
        ],
        "\\partial b_f}": [_lec(lambda v: same(v["db"], v["g"].sum(axis=(1, 2))), 4701)],
        "\\sum_{f} V_{f,c}\\, G_f[i,j]$$": [
            _lec(lambda v: same(v["d"], np.einsum("fc,fij->cij", v["v"], v["g"])), 4702)
        ],
        "V_{c,f}": [_lec(lambda v: same(v["d"], _dz_swapped(v)), 4703)],
        "Write $D = ": [None, None],
        "\\tilde X_c[i+u, j+v]$$": [_lec(lambda v: same(v["dk"], _dk_sum(v)), 4704)],
        "As a whole filter": [
            _lec(
                lambda v: all(
                    same(v["dk"][c], corr(np.pad(v["x"][c], 1), v["d"][c])) for c in range(4)
                ),
                4705,
            ),
            _lec(
                lambda v: all(same(v["dk"][c], corr(v["x"][c], v["d"][c])) for c in range(4)), 4706
            ),
        ],
        "\\partial \\beta_c}": [_lec(lambda v: same(v["dbeta"], v["d"].sum(axis=(1, 2))), 4707)],
        "for $k = 3$": [None, None],
        "\\partial X_c} = \\operatorname{pad}_1": [
            _lec(
                lambda v: all(
                    same(v["dx"][c], corr(np.pad(v["d"][c], 1), rot180(v["k"][c])))
                    for c in range(4)
                ),
                4708,
            )
        ],
        "pad}_2(D_c)": [
            _lec(
                lambda v: all(
                    same(v["dx"][c], corr(np.pad(v["d"][c], 2), rot180(v["k"][c])))
                    for c in range(4)
                ),
                4709,
            )
        ],
        "M_{dw} =": [equal(_ds_macs(True), 4 * 64 * 9 * 6), equal(4 * 64 * 9 * 6, 13824)],
        "M_{pw} =": [equal(_ds_macs(False), 6 * 4 * 64), equal(6 * 4 * 64, 1536)],
    },
)


# --- esercitazione_conv1d_stride3_padding1.md (Italian): conv1d stride 3, padding 1, x of length 7,
# w = (1, 2, -1), b = 0.5, g = (1, -2, 3), 0-based.

ESE = "esercitazione_conv1d_stride3_padding1"
EX, EW, EG = np.array([2.0, -1, 3, 0, 1, 4, -2]), np.array([1.0, 2, -1]), np.array([1.0, -2, 3])


def _c1(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    xt, wt, bt = t64(x, True), t64(w, True), t64([b], True)
    y = F.conv1d(xt[None, None], wt[None, None], bt, stride=3, padding=1)[0, 0]
    (y * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": float(bt.grad[0]),
    }


EV = _c1(EX, EW, 0.5, EG)


def _ese(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(
        lambda r: rel(_c1(r.normal(size=7), r.normal(size=3), r.normal(), r.normal(size=3))), seed
    )


def _wz(w: np.ndarray, k: int) -> float:
    """w[k] with the note's convention w[k] = 0 outside {0, 1, 2}."""
    return float(w[k]) if 0 <= k < len(w) else 0.0


ESE_CLAIMS = claims_of(
    ESE,
    {
        "Un segnale di lunghezza $L = 7$": [None, None],
        "$$x = (2, -1": [None, None, None],
        "con stride $s = 3$": [None, None],
        "\\tilde x = (0, 2": [None, None],
        "Lunghezza dell'uscita": [
            equal(len(EV["y"]), (7 + 2 * 1 - 3) // 3 + 1),
            equal((7 + 2 * 1 - 3) // 3 + 1, 3),
        ],
        "per esempio $L = 10$": [
            None,
            equal(
                int(
                    F.conv1d(
                        torch.zeros(1, 1, 10), torch.zeros(1, 1, 3), stride=3, padding=1
                    ).shape[-1]
                ),
                (10 + 2 - 3) // 3 + 1,
            ),
            equal((10 + 2 - 3) // 3 + 1, 3),
        ],
        "Prima finestra": [
            single(lambda: close(EV["y"][0], 1 * 0 + 2 * 2 + (-1) * (-1) + 0.5)),
            equal(1 * 0 + 2 * 2 + (-1) * (-1) + 0.5, 5.5),
        ],
        "$$y = (5.5": [single(lambda: same(EV["y"], [5.5, 2.5, 0]))],
        "Il gradiente che arriva": [None, None],
        "\\tilde x[3t + k]$$": [
            _ese(
                lambda v: same(
                    v["dw"],
                    [
                        sum(v["g"][t] * at(np.pad(v["x"], 1), 3 * t + k) for t in range(3))
                        for k in range(3)
                    ],
                ),
                4710,
            )
        ],
        "\\partial w[0]}": [
            single(lambda: close(EV["dw"][0], 1 * 0 + (-2) * 3 + 3 * 4)),
            equal(1 * 0 + (-2) * 3 + 3 * 4, 6),
        ],
        "\\partial w[2]}": [
            single(lambda: close(EV["dw"][2], 1 * (-1) + (-2) * 1 + 3 * 0)),
            equal(1 * (-1) + (-2) * 1 + 3 * 0, -1),
        ],
        "Gradiente del bias": [single(lambda: close(EV["db"], EG.sum())), equal(EG.sum(), 2)],
        "Con la convenzione $w[k] = 0$": [None],
        "w[i - 3t]$$": [
            _ese(
                lambda v: same(
                    v["dx"],
                    [sum(v["g"][t] * _wz(v["w"], i - 3 * t) for t in range(3)) for i in range(7)],
                ),
                4711,
            )
        ],
        "Per l'ultimo elemento": [
            single(lambda: close(EV["dx"][6], EG[2] * EW[2])),
            equal(3 * (-1), -3),
        ],
        "\\partial x} = (2": [single(lambda: same(EV["dx"], [2, -1, -2, -4, 2, 3, 6]))],
        "Controllo finale": [
            single(lambda: close(EV["dx"].sum(), EW.sum() * EG.sum())),
            equal(EW.sum() * EG.sum(), 4),
        ],
    },
)


# --- zenn_maxpool_linear_gyakudenpa_keisanrei.md (Japanese): MaxPool2d(2) on the note's 4 x 4 X,
# row-major flatten, Linear(4, 2) with the note's W, b; L = z_1 - 2 z_2 so g = (1, -2).

ZEN = "zenn_maxpool_linear_gyakudenpa_keisanrei"
ZX = np.array([[1.0, 5, 2, 0], [3, 2, 7, 1], [0, 4, 1, 6], [2, -1, 3, 2]])
ZW = np.array([[1.0, 0, -1, 2], [0, 1, 1, -1]])
ZB = np.array([0.5, -1])
ZG = np.array([1.0, -2])


def _pool_linear(avg: bool = False) -> dict:
    x, w, b = t64(ZX, True), t64(ZW, True), t64(ZB, True)
    pool = F.avg_pool2d if avg else F.max_pool2d
    pm = pool(x[None, None], 2)[0, 0]
    p = pm.flatten()
    p.retain_grad()
    z = w @ p + b
    (z[0] - 2 * z[1]).backward()
    return {
        "P": pm.detach().numpy(),
        "p": p.detach().numpy(),
        "z": z.detach().numpy(),
        "dx": x.grad.numpy(),
        "dw": w.grad.numpy(),
        "db": b.grad.numpy(),
        "dp": p.grad.numpy(),
    }


ZV, ZA = _pool_linear(), _pool_linear(avg=True)

ZEN_CLAIMS = claims_of(
    ZEN,
    {
        "$$X = \\begin{bmatrix} 1 & 5": [None],
        "$$W = \\begin{bmatrix}": [None, None],
        "損失は $L = z_1": [None, None, None],
        "H' = \\frac{4 - 2}{2}": [
            equal(ZV["P"].shape[0], (4 - 2) / 2 + 1),
            equal((4 - 2) / 2 + 1, 2),
        ],
        "$$P = \\begin{bmatrix}": [single(lambda: same(ZV["P"], [[5, 7], [4, 6]]))],
        "\\operatorname{vec}(P)": [None, single(lambda: same(ZV["p"], [5, 7, 4, 6])), None],
        "$$z_1 = ": [
            single(lambda: close(ZV["z"][0], 5 - 4 + 12 + 0.5)),
            equal(5 - 4 + 12 + 0.5, 14.5),
        ],
        "$$z = \\begin{bmatrix}": [single(lambda: same(ZV["z"], [13.5, 4]))],
        "$z = Wp + b$ の微分": [None],
        "g\\, p^\\top = ": [
            single(lambda: same(ZV["dw"], np.outer(ZG, ZV["p"]))),
            single(lambda: same(np.outer(ZG, ZV["p"]), [[5, 7, 4, 6], [-10, -14, -8, -12]])),
        ],
        "g_2\\, p_2": [
            single(lambda: close(ZV["dw"][1, 2], ZG[1] * ZV["p"][1])),
            equal(-2 * 7, -14),
        ],
        "バイアスはバッチ方向": [single(lambda: same(ZV["db"], ZG.sum()))],
        "W^\\top g = (1": [
            single(lambda: same(ZV["dp"], ZW.T @ ZG)),
            single(lambda: same(ZW.T @ ZG, [1, -2, -3, 4])),
        ],
        "\\partial L}{\\partial X} = \\begin{bmatrix} 0 & 1": [
            single(
                lambda: same(ZV["dx"], [[0, 1, 0, 0], [0, 0, -2, 0], [0, -3, 0, 4], [0, 0, 0, 0]])
            )
        ],
        "例えば $\\frac{\\partial L}{\\partial X[1,2]}": [
            single(lambda: close(ZV["dx"][1, 2], ZV["dp"][1])),
            single(lambda: close(ZV["dp"][1], -2)),
        ],
        "検算: MaxPool": [single(lambda: close(ZV["dx"].sum(), ZG.sum())), equal(1 + (-2), -1)],
        "\\frac{1}{2} \\left(": [
            single(lambda: same(ZA["dp"], ZW.T @ ZG)),
            single(lambda: close(ZA["dx"][0, 0], ZA["dp"][0] / 2)),
            equal(ZA["dp"][0] / 2, 0.5),
        ],
    },
)


# --- blog_conv_gyakudenpa_heigata_shiki.md (Japanese): X m x n, W p x q, valid correlation \star,
# A \ast K = A \star rot180(K), G = dL/dY; random inputs at the sizes below, stride 2 where m - p
# and n - q are even.

BLOG = "blog_conv_gyakudenpa_heigata_shiki"
SIZES = [(5, 6, 3, 2), (6, 4, 2, 3), (7, 7, 3, 3)]
SIZES2 = [(7, 6, 3, 2), (8, 8, 2, 2)]


def _bconv(x: np.ndarray, w: np.ndarray, g: np.ndarray | None, s: int = 1, r=None) -> dict:
    """torch conv2d with a scalar bias and the gradients of sum(Y * G) (G random if not given)."""
    xt, wt, bt = t64(x, True), t64(w, True), t64([0.3], True)
    y = F.conv2d(xt[None, None], wt[None, None], bt, stride=s)[0, 0]
    g = r.normal(size=tuple(y.shape)) if g is None else g
    (y * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": float(bt.grad[0]),
    }


def _blog(rel: Callable[[dict], bool], seed: int, stride: int = 1) -> Truth:
    """One comparison per trial and size."""
    sizes = SIZES if stride == 1 else SIZES2

    def run() -> list[bool]:
        out = []
        for n, (m, nn_, p, q) in enumerate(sizes):
            r = np.random.default_rng(seed + 10 * n)
            for _ in range(2):
                v = _bconv(r.normal(size=(m, nn_)), r.normal(size=(p, q)), None, stride, r)
                try:
                    out.append(bool(rel(v)))
                except (IndexError, ValueError):
                    out.append(False)
        return out

    return run


def padg(g: np.ndarray, w: np.ndarray) -> np.ndarray:
    """pad_{p-1,q-1}: p-1 zero rows above and below, q-1 zero columns left and right."""
    p, q = w.shape
    return np.pad(g, ((p - 1, p - 1), (q - 1, q - 1)))


def ast(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The note's convolution: A * K = A star rot180(K)."""
    return corr(a, rot180(k))


def _bw_sum(v: dict) -> np.ndarray:
    p, q = v["w"].shape
    oh, ow = v["g"].shape
    return np.array(
        [
            [
                sum(v["g"][i, j] * at(v["x"], i + u, j + e) for i in range(oh) for j in range(ow))
                for e in range(q)
            ]
            for u in range(p)
        ]
    )


def _bx_sum(v: dict) -> np.ndarray:
    p, q = v["w"].shape
    m, n = v["x"].shape
    return np.array(
        [
            [
                sum(zat(v["g"], a - u, b - e) * v["w"][u, e] for u in range(p) for e in range(q))
                for b in range(n)
            ]
            for a in range(m)
        ]
    )


def _padded_dx(m: int, n: int, p: int, q: int, pp: int) -> bool:
    """The note's padded-forward rule pad_{p-1+P, q-1+P}(G) star rot180(W) against torch's input
    gradient of conv2d with padding P, on random inputs."""
    r = np.random.default_rng(4734 + m + pp)
    x, w = t64(r.normal(size=(1, 1, m, n)), True), t64(r.normal(size=(1, 1, p, q)))
    y = F.conv2d(x, w, padding=pp)
    g = r.normal(size=tuple(y.shape[2:]))
    (y[0, 0] * t64(g)).sum().backward()
    wn = w.numpy()[0, 0]
    rule = corr(np.pad(g, ((p - 1 + pp, p - 1 + pp), (q - 1 + pp, q - 1 + pp))), rot180(wn))
    return same(x.grad.numpy()[0, 0], rule)


BX = np.array([[1.0, 2, 0], [0, 1, 3], [2, 1, 1]])
BW = np.array([[1.0, -1], [2, 0]])
BG = np.array([[1.0, 0], [-1, 2]])
BV = _bconv(BX, BW, BG)
DW_IS_X_STAR_G = _blog(lambda v: same(v["dw"], corr(v["x"], v["g"])), 4720)

BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "の正体": [DW_IS_X_STAR_G],
        "つまり $A \\ast K": [None],
        "順伝播は $Y[i,j]": [
            None,
            None,
            _blog(
                lambda v: (
                    v["y"].size
                    == (v["x"].shape[0] - v["w"].shape[0] + 1)
                    * (v["x"].shape[1] - v["w"].shape[1] + 1)
                ),
                4721,
            ),
            None,
        ],
        "$W[u,v]$ は": [
            _blog(lambda v: same(v["dw"], _bw_sum(v)), 4722),
            _blog(lambda v: same(_bw_sum(v), corr(v["x"], v["g"])), 4723),
        ],
        "$$\\frac{\\partial L}{\\partial W} = X \\star G$$": [DW_IS_X_STAR_G],
        "順番を入れ替えても": [
            _blog(lambda v: same(corr(v["x"], v["g"]), corr(v["g"], v["x"])), 4724)
        ],
        "バイアスは $\\frac": [_blog(lambda v: close(v["db"], v["g"].sum()), 4725)],
        "$X[a,b]$ に関係する": [None, None, None, None],
        "G[a-u, b-v]\\, W[u,v]$$": [_blog(lambda v: same(v["dx"], _bx_sum(v)), 4726)],
        "\\star \\operatorname{rot}_{180}(W) = \\operatorname{pad}": [
            _blog(lambda v: same(v["dx"], corr(padg(v["g"], v["w"]), rot180(v["w"]))), 4727),
            _blog(
                lambda v: same(
                    corr(padg(v["g"], v["w"]), rot180(v["w"])), ast(padg(v["g"], v["w"]), v["w"])
                ),
                4728,
            ),
        ],
        "サイズの確認": [
            _blog(
                lambda v: padg(v["g"], v["w"]).shape[0] == v["x"].shape[0] + v["w"].shape[0] - 1,
                4729,
            ),
            _blog(lambda v: corr(padg(v["g"], v["w"]), v["w"]).shape[0] == v["x"].shape[0], 4730),
        ],
        "ちなみに順伝播にパディング": [
            grid(
                lambda m, n, p, q, pp: _padded_dx(m, n, p, q, pp),
                [(5, 6, 3, 2, 1), (6, 6, 3, 3, 1), (7, 5, 3, 3, 2)],
            )
        ],
        "ストライドを 2 にすると": [
            grid(lambda m, p: conv_out(m, p, 2) == (m - p) / 2, [(7, 3), (8, 2), (9, 3), (6, 2)])
        ],
        "\\star \\operatorname{dil}_2(G)$$": [
            _blog(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 4731, stride=2)
        ],
        "\\operatorname{pad}_{p-1,q-1}(\\operatorname{dil}_2(G))": [
            _blog(
                lambda v: same(v["dx"], corr(padg(dilate(v["g"], 2), v["w"]), rot180(v["w"]))),
                4732,
                stride=2,
            )
        ],
        "| 重み |": [DW_IS_X_STAR_G],
        "| 入力 |": [
            _blog(lambda v: same(v["dx"], ast(padg(v["g"], v["w"]), rot180(v["w"]))), 4733)
        ],
        "$$X = \\begin{bmatrix} 1 & 2 & 0": [None, None, None],
        "\\partial W} = \\begin{bmatrix} 3": [single(lambda: same(BV["dw"], [[3, 7], [0, 2]]))],
        "この例ではバイアス": [
            single(lambda: close(BV["db"], 1 + 0 - 1 + 2)),
            equal(1 + 0 - 1 + 2, 3),
        ],
        "入力の勾配の角": [
            single(lambda: close(BV["dx"][0, 0], BG[0, 0] * BW[0, 0])),
            equal(BG[0, 0] * BW[0, 0], 1),
            single(lambda: close(BV["dx"][2, 2], BG[1, 1] * BW[1, 1])),
            equal(BG[1, 1] * BW[1, 1], 0),
        ],
        "中央は 4 項": [
            single(
                lambda: close(
                    BV["dx"][1, 1],
                    BG[0, 0] * BW[0, 0]
                    + BG[0, 1] * BW[0, 1]
                    + BG[1, 0] * BW[1, 0]
                    + BG[1, 1] * BW[1, 1],
                )
            ),
            equal(
                BG[0, 0] * BW[0, 0]
                + BG[0, 1] * BW[0, 1]
                + BG[1, 0] * BW[1, 0]
                + BG[1, 1] * BW[1, 1],
                -1,
            ),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh47_truth_b import NOTES_B

    return {**LEC_CLAIMS, **ESE_CLAIMS, **ZEN_CLAIMS, **BLOG_CLAIMS, **NOTES_B}
