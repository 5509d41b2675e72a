"""Independent truth for the fresh42 unseen set (tests/data/check/unseen/fresh42/): the notes
lecture09_residual_block_backward, blog_convolution_separable_en_profondeur,
esame_pooling_media_globale_soluzione and forum_convoluzione_causale_1d (the other three live in
unseen_fresh42_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or multiplying
mismatched shapes (ValueError) disagrees; where a note declares zeros outside a range those
entries read as zero.  A link between two written numbers is arithmetic; a size or count named
on the left must equal the true one (torch's output shape, parameter count, or FlopCounterMode
count / 2 for a multiplication count).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh41_truth import len1, receptive_field
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    conv_out,
    corr,
    corr1,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh42"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- lecture09_residual_block_backward.md (English lecture): y = x + conv2(relu(conv1(x))), both
# convs 3 x 3, stride 1, padding 1, no bias; u = conv1(x), h = relu(u), G = dL/dy.

RES = "lecture09_residual_block_backward"


def basic_block(x: np.ndarray, w1: np.ndarray, w2: np.ndarray, g: np.ndarray) -> dict:
    """Forward and the gradients of sum(y * g) through every intermediate, plus the branch's own
    vector-Jacobian product J_F(x)^T g (a second leaf, so the skip path is left out)."""
    xt, w1t, w2t = t64(x, True), t64(w1, True), t64(w2, True)
    u = F.conv2d(xt, w1t, padding=1)
    u.retain_grad()
    h = torch.relu(u)
    h.retain_grad()
    f = F.conv2d(h, w2t, padding=1)
    f.retain_grad()
    y = xt + f
    (y * t64(g)).sum().backward()
    xb = t64(x, True)
    (
        F.conv2d(torch.relu(F.conv2d(xb, t64(w1), padding=1)), t64(w2), padding=1) * t64(g)
    ).sum().backward()

    def np_(t: torch.Tensor) -> np.ndarray:
        return t.detach().numpy()

    return {
        "x": x,
        "w1": w1,
        "w2": w2,
        "g": g,
        "u": np_(u),
        "h": np_(h),
        "y": np_(y),
        "f": np_(f),
        "df": f.grad.numpy(),
        "dh": h.grad.numpy(),
        "du": u.grad.numpy(),
        "dx": xt.grad.numpy(),
        "dw1": w1t.grad.numpy(),
        "dw2": w2t.grad.numpy(),
        "vjp": xb.grad.numpy(),
    }


def _res(rel: Callable[[dict], bool], seed: int, zero_w2: bool = False) -> Truth:
    """Random blocks with N = 2, C = 2, H = 5."""

    def one(r: np.random.Generator) -> bool:
        w2 = np.zeros((2, 2, 3, 3)) if zero_w2 else r.normal(size=(2, 2, 3, 3))
        x, w1, g = (
            r.normal(size=(2, 2, 5, 5)),
            r.normal(size=(2, 2, 3, 3)),
            r.normal(size=(2, 2, 5, 5)),
        )
        return rel(basic_block(x, w1, w2, g))

    return trials(one, seed)


def _chan_sum(v: dict, fn: Callable[[int, int, int], np.ndarray], out: int, inner: int) -> list:
    """[[sum over n and the inner index of fn(n, a, b)] for b] for a in range(out)."""
    n_batch = v["x"].shape[0]
    return [[sum(fn(n, a, b) for n in range(n_batch)) for b in range(inner)] for a in range(out)]


def _dh_written(v: dict) -> np.ndarray:
    """sum_c' pad_2(G_c') star rot180(W2[c', c]) per image n and channel c."""
    c_n = v["g"].shape[1]
    return np.array(
        [
            [
                sum(corr(pad(v["g"][n, cp], 2), rot180(v["w2"][cp, c])) for cp in range(c_n))
                for c in range(c_n)
            ]
            for n in range(v["g"].shape[0])
        ]
    )


IDENT = np.zeros((1, 1, 3, 3))
IDENT[0, 0, 1, 1] = 1.0
RES_X = np.array([[1.0, -2, 3], [-1, 2, -3], [2, 1, -1]])
RES_G = np.array([[1.0, 2, -1], [0, 1, 1], [-2, 1, 3]])
RES_V = basic_block(RES_X[None, None], IDENT, IDENT, RES_G[None, None])


def _block_params(c: int) -> int:
    return params(nn.Conv2d(c, c, 3, padding=1, bias=False)) + params(
        nn.Conv2d(c, c, 3, padding=1, bias=False)
    )


RES_CLAIMS = claims_of(
    RES,
    {
        "$$H' = H +": [
            grid(
                lambda h: conv_out(h, 3, 1, 1) == h + 2 * 1 - 3 + 1,
                [(h,) for h in (1, 2, 5, 8, 32)],
            ),
            grid(lambda h: h + 2 * 1 - 3 + 1 == h, [(h,) for h in (1, 2, 5, 8, 32)]),
        ],
        "$$P_{\\text{conv}}": [
            equal(params(nn.Conv2d(64, 64, 3, padding=1, bias=False)), 3 * 3 * 64 * 64),
            equal(3 * 3 * 64 * 64, 36864),
        ],
        "$$P_{\\text{block}}": [equal(_block_params(64), 2 * 36864), equal(2 * 36864, 73728)],
        "P_{\\text{bias}} = C^2": [
            equal(params(nn.Conv2d(64, 64, 3)) - params(nn.Conv2d(64, 64, 3, bias=False)), 64**2),
            equal(64**2, 4096),
        ],
        "Write $G = ": [None, _res(lambda v: same(v["df"], v["g"]), 4201)],
        "$$\\frac{\\partial L}{\\partial x} = G + J_F": [
            _res(lambda v: same(v["dx"], v["g"] + v["vjp"]), 4202)
        ],
        "so we pad $G$ by $k - 1 = 2$": [equal(3 - 1, 2)],
        "\\partial h_{c}} = \\sum_{c'}": [_res(lambda v: same(v["dh"], _dh_written(v)), 4203)],
        "\\partial W^{(2)}_{c',c}} = \\sum_{n} h_{n,c}": [
            _res(
                lambda v: same(
                    v["dw2"],
                    _chan_sum(v, lambda n, cp, c: corr(v["h"][n, c], v["g"][n, cp]), 2, 2),
                ),
                4204,
            )
        ],
        "Through the ReLU the gradient": [
            _res(lambda v: same(v["du"], v["dh"] * np.maximum(v["u"], 0)), 4205)
        ],
        "\\partial W^{(1)}_{c,c''}} = \\sum_{n}": [
            _res(
                lambda v: same(
                    v["dw1"],
                    _chan_sum(v, lambda n, c, c2: corr(pad(v["x"][n, c2], 1), v["du"][n, c]), 2, 2),
                ),
                4206,
            )
        ],
        "A popular trick sets": [
            None,
            _res(lambda v: same(v["dx"], v["g"]), 4207, zero_w2=True),
            _res(lambda v: same(v["dw1"], np.zeros_like(v["w1"])), 4208, zero_w2=True),
            _res(lambda v: same(v["dw2"], np.zeros_like(v["w2"])), 4209, zero_w2=True),
        ],
        "One image, one channel": [single(lambda: same(RES_V["f"][0, 0], np.maximum(RES_X, 0)))],
        "Forward: $y = ": [
            single(lambda: same(RES_V["y"][0, 0], [[2, -2, 6], [-1, 4, -3], [4, 2, -1]]))
        ],
        "\\begin{bmatrix} 2 & 0 & -2": [
            single(lambda: same(RES_V["dx"][0, 0], [[2, 0, -2], [0, 2, 0], [-4, 2, 0]]))
        ],
        "$$P_{\\text{proj}}": [
            equal(params(nn.Conv2d(64, 128, 1, stride=2, bias=False)), 64 * 128 + 128),
            equal(64 * 128 + 128, 8320),
        ],
        "On a $56 \\times 56$ input": [
            single(lambda: conv_out(56, 3, 2, 1) == (56 + 2 - 3) // 2 + 1 == 28)
        ],
    },
)


# --- blog_convolution_separable_en_profondeur.md (French blog): 56 x 56, C_in = 32, C_out = 64,
# k = 3, padding 1, no bias unless said.  Keras' SeparableConv2D holds the depthwise and pointwise
# kernels and one bias per output channel: the torch pair with the bias on the pointwise only.


def _sep(ci: int, co: int, k: int, bias_dw: bool = False, bias_pw: bool = False) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(ci, ci, k, padding=k // 2, groups=ci, bias=bias_dw),
        nn.Conv2d(ci, co, 1, bias=bias_pw),
    )


def _macs(module: nn.Module, ci: int, h: int) -> int:
    return flops_half(lambda: module(torch.zeros(1, ci, h, h)))


def _std(ci: int, co: int, k: int, s: int = 1) -> nn.Module:
    return nn.Conv2d(ci, co, k, stride=s, padding=k // 2, bias=False)


def _dw(ci: int, k: int, s: int = 1) -> nn.Module:
    return nn.Conv2d(ci, ci, k, stride=s, padding=k // 2, groups=ci, bias=False)


def _pw(ci: int, co: int) -> nn.Module:
    return nn.Conv2d(ci, co, 1, bias=False)


SEP = "blog_convolution_separable_en_profondeur"
M_STD, M_DW, M_PW = (
    _macs(_std(32, 64, 3), 32, 56),
    _macs(_dw(32, 3), 32, 56),
    _macs(_pw(32, 64), 32, 56),
)
M_SEP = _macs(_sep(32, 64, 3), 32, 56)
_CH = [(ci, co, k) for ci in (1, 3, 8) for co in (2, 5, 16) for k in (1, 3, 5)]
_CH_H = [(h, ci, co, k) for h in (6, 11) for ci in (2, 3) for co in (4, 5) for k in (1, 3, 5)]

SEP_CLAIMS = claims_of(
    SEP,
    {
        "$$P_{std} = ": [
            grid(lambda ci, co, k: params(_std(ci, co, k)) == k**2 * ci * co, _CH),
            equal(3**2 * 32 * 64, 18432),
        ],
        "$$P_{dw} = ": [
            grid(lambda ci, co, k: params(_dw(ci, k)) == k**2 * ci, _CH),
            equal(9 * 32, 288),
        ],
        "$$P_{pw} = ": [
            grid(lambda ci, co, k: params(_pw(ci, co)) == ci * co, _CH),
            equal(32 * 64, 2048),
        ],
        "Au total, $P_{sep}": [equal(params(_sep(32, 64, 3)), 288 + 2048), equal(288 + 2048, 2336)],
        "\\frac{P_{sep}}{P_{std}} = ": [
            grid(
                lambda ci, co, k: (
                    Fraction(params(_sep(ci, co, k)), params(_std(ci, co, k)))
                    == Fraction(1, co) + Fraction(1, k**2)
                ),
                _CH,
            ),
            single(lambda: Fraction(1, 64) + Fraction(1, 9) == Fraction(73, 576)),
        ],
        "Et si on remet les biais": [
            equal(params(_sep(32, 64, 3, bias_pw=True)), 2336 + 32 + 64),
            equal(2336 + 32 + 64, 2432),
        ],
        "$$M_{std} = 56^2": [
            equal(M_STD, 56**2 * 9 * 32 * 64),
            equal(56**2 * 9 * 32 * 64, 57802752),
        ],
        "$$M_{dw} = 56^2": [equal(M_DW, 56**2 * 9 * 32), equal(56**2 * 9 * 32, 903168)],
        "$$M_{sep} = M_{dw} + M_{pw} =": [
            equal(M_SEP, M_DW + M_PW),
            equal(903168 + 6422528, 7225696),
        ],
        "Décomposé terme à terme": [equal(M_DW / M_STD, 1 / 9), equal(M_PW / M_STD, 1 / 64)],
        "$$M_{sep} = H_{out}^2": [
            grid(
                lambda h, ci, co, k: _macs(_sep(ci, co, k), ci, h) == h**2 * co * (k**2 + ci), _CH_H
            )
        ],
        "\\frac{M_{sep}}{M_{std}} = \\frac{1}{C_{in}}": [
            grid(
                lambda h, ci, co, k: (
                    Fraction(_macs(_sep(ci, co, k), ci, h), _macs(_std(ci, co, k), ci, h))
                    == Fraction(1, ci) + Fraction(1, k**2)
                ),
                [*_CH_H, (56, 32, 64, 3)],
            )
        ],
        "le gain dépasse donc un facteur 8": [single(lambda: M_STD / M_SEP > 8)],
        "Dans MobileNet, le sous": [
            single(lambda: conv_out(56, 3, 2, 1) == (56 + 2 - 3) // 2 + 1 == 28),
            equal(_macs(_dw(32, 3, 2), 32, 56), 28**2 * 9 * 32),
            equal(28**2 * 9 * 32, 225792),
            equal(_macs(_pw(32, 64), 32, 28), 6422528),
        ],
    },
)


# --- esame_pooling_media_globale_soluzione.md (Italian exam solution): 1-based, C = 2 channels of
# 3 x 3, y_c the mean of channel c, z = V y, e = dL/dz given.

GAP = "esame_pooling_media_globale_soluzione"
GAP_X = np.array(
    [
        [[1.0, 2, 0], [3, -1, 4], [2, 1, -3]],
        [[4.0, -2, 5], [1, 3, -1], [3, 2, 3]],
    ]
)
GAP_V = np.array([[1.0, -1], [2, 0], [0, 1]])
GAP_E = np.array([1.0, -2, 7])


def gap_head(x: np.ndarray, v: np.ndarray, e: np.ndarray) -> dict:
    """GAP then z = V y, and the gradients of sum(z * e) with respect to y and x."""
    xt = t64(x, True)
    y = xt.mean(dim=(1, 2))
    y.retain_grad()
    z = t64(v) @ y
    (z * t64(e)).sum().backward()
    return {
        "x": x,
        "y": y.detach().numpy(),
        "z": z.detach().numpy(),
        "g": y.grad.numpy(),
        "dx": xt.grad.numpy(),
    }


GAP_R = gap_head(GAP_X, GAP_V, GAP_E)
_GAP_SIZES = ((2, 3, 3), (3, 2, 4))


def _gap(rel: Callable[[np.ndarray, np.ndarray, np.ndarray], bool], seed: int) -> Truth:
    """rel(x, g, dx) for random x and a random upstream g = dL/dy, at each size of _GAP_SIZES."""

    def one(r: np.random.Generator) -> bool:
        out = []
        for c, h, w in _GAP_SIZES:
            x, g = r.normal(size=(c, h, w)), r.normal(size=c)
            xt = t64(x, True)
            (xt.mean(dim=(1, 2)) * t64(g)).sum().backward()
            out.append(rel(x, g, xt.grad.numpy()))
        return all(out)

    return trials(one, seed)


def _gap_jacobian(x: np.ndarray) -> np.ndarray:
    return torch.autograd.functional.jacobian(lambda t: t.mean(dim=(1, 2)), t64(x)).numpy()


def _max_grad(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    xt = t64(x, True)
    (xt.amax(dim=(1, 2)) * t64(g)).sum().backward()
    return xt.grad.numpy()


def _avgpool7(x: np.ndarray) -> np.ndarray:
    return F.avg_pool2d(t64(x[None]), 7).numpy()[0, :, 0, 0]


GAP_CLAIMS = claims_of(
    GAP,
    {
        "La somma del primo canale": [
            equal(GAP_R["y"][0], 9 / 9),
            equal(9 / 9, 1),
            equal(GAP_R["y"][1], 18 / 9),
            equal(18 / 9, 2),
        ],
        "Lo strato lineare dà": [None, single(lambda: same(GAP_R["z"], [1, 2, 2]))],
        "$$g = \\frac{\\partial L}{\\partial y} = V^\\top e": [
            None,
            single(lambda: same(GAP_R["g"], GAP_V.T @ GAP_E)),
            single(lambda: same(GAP_V.T @ GAP_E, [-3, 6])),
        ],
        "\\frac{\\partial y_c}{\\partial x_{c',i,j}}": [
            trials(
                lambda r: all(
                    same(
                        _gap_jacobian(r.normal(size=(c, h, w))),
                        np.eye(c)[:, :, None, None] * np.ones((c, c, h, w)) / (h * w),
                    )
                    for c, h, w in _GAP_SIZES
                ),
                4211,
            )
        ],
        "$$\\frac{\\partial L}{\\partial x_{c,i,j}} = \\frac{g_c}{HW}$$": [
            _gap(
                lambda x, g, dx: same(
                    dx, np.broadcast_to(g[:, None, None] / (x.shape[1] * x.shape[2]), x.shape)
                ),
                4212,
            )
        ],
        "Errore frequente negli elaborati": [
            _gap(lambda x, g, dx: same(dx, np.broadcast_to(g[:, None, None], x.shape)), 4213)
        ],
        "Numericamente, sul primo canale": [
            single(lambda: same(GAP_R["dx"][0], np.full((3, 3), -3 / 9))),
            equal(-3 / 9, -1 / 3),
            single(lambda: same(GAP_R["dx"][1], np.full((3, 3), 6 / 18))),
            equal(6 / 18, 1 / 3),
        ],
        "Due controlli utili": [_gap(lambda x, g, dx: same(dx.sum(axis=(1, 2)), g), 4214)],
        "\\right\\|_F^2 = \\sum_{c}": [
            _gap(
                lambda x, g, dx: math.isclose(
                    float((dx**2).sum()), float((g**2).sum()) / (x.shape[1] * x.shape[2]) ** 2
                ),
                4215,
            )
        ],
        "Osservazione: lo stesso vale": [
            _gap(
                lambda x, g, dx: same(
                    _max_grad(x, g),
                    np.broadcast_to(g[:, None, None] / (x.shape[1] * x.shape[2]), x.shape),
                ),
                4216,
            )
        ],
        "Su una mappa $7 \\times 7$": [
            single(
                lambda: (
                    F.avg_pool2d(torch.zeros(1, 2, 7, 7, dtype=F64), 7).shape[-1]
                    == (7 - 7) // 7 + 1
                    == 1
                )
            ),
            trials(
                lambda r: (lambda x: same(_avgpool7(x), x.mean(axis=(1, 2))))(
                    r.normal(size=(2, 8, 8))
                ),
                4217,
            ),
        ],
        "Con 512 canali e 10 classi": [
            equal(params(nn.Linear(512, 10)), 512 * 10 + 10),
            equal(512 * 10 + 10, 5130),
            equal(params(nn.Linear(25088, 10)), 7 * 7 * 512 * 10),
            equal(7 * 7 * 512 * 10, 250880),
        ],
    },
)


# --- forum_convoluzione_causale_1d.md (Italian forum answer): 0-based, causal conv1d = torch conv1d
# on x padded with k - 1 = 2 zeros on the left; x zero at negative indices (declared), g zero
# beyond t = 4 (declared).

CAU = "forum_convoluzione_causale_1d"


def causal(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(F.pad(xt, (len(w) - 1, 0)), wt)
    (y * t64(g[None, None])).sum().backward()
    jac = torch.autograd.functional.jacobian(
        lambda a: F.conv1d(F.pad(a[None, None], (len(w) - 1, 0)), t64(w[None, None]))[0, 0], t64(x)
    ).numpy()
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": y.detach().numpy()[0, 0],
        "dx": xt.grad.numpy()[0, 0],
        "dw": wt.grad.numpy()[0, 0],
        "jac": jac,
    }


CAU_X, CAU_W, CAU_G = (
    np.array([2.0, -1, 3, 1, -2]),
    np.array([1.0, -2, 3]),
    np.array([1.0, 0, -1, 2, 1]),
)
CAU_V = causal(CAU_X, CAU_W, CAU_G)
R3, R5 = range(3), range(5)


def _cau(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(causal(r.normal(size=5), r.normal(size=3), r.normal(size=5))), seed)


def _left_len(n: int, k: int) -> int:
    return int(
        F.conv1d(
            F.pad(torch.zeros(1, 1, n, dtype=F64), (k - 1, 0)), torch.zeros(1, 1, k, dtype=F64)
        ).shape[-1]
    )


def _y3_terms(v: dict) -> float:
    w, x = v["w"], v["x"]
    return w[0] * x[1] + w[1] * x[2] + w[2] * x[3]


def _dx4_terms(v: dict) -> float:
    g, w = v["g"], v["w"]
    return g[4] * w[2] + g[3] * w[1] + g[2] * w[0]


_LK = [(n, k) for n in (1, 4, 9) for k in (1, 2, 3, 5)]

CAU_CLAIMS = claims_of(
    CAU,
    {
        "Io ho scritto l'uscita come": [
            _cau(
                lambda v: same(
                    v["y"], [sum(v["w"][k] * zat(v["x"], t - k) for k in R3) for t in R5]
                ),
                4221,
            )
        ],
        "$$y_t = \\sum_{k=0}^{2} w_k \\, x_{t+k-2}": [
            _cau(
                lambda v: same(
                    v["y"], [sum(v["w"][k] * zat(v["x"], t + k - 2) for k in R3) for t in R5]
                ),
                4222,
            ),
            _cau(
                lambda v: same(
                    [sum(v["w"][k] * zat(v["x"], t + k - 2) for k in R3) for t in R5],
                    [
                        v["w"][0] * zat(v["x"], t - 2)
                        + v["w"][1] * zat(v["x"], t - 1)
                        + v["w"][2] * v["x"][t]
                        for t in R5
                    ],
                ),
                4223,
            ),
        ],
        "$$L_{out} = L + (k - 1)": [
            grid(lambda n, k: _left_len(n, k) == n + (k - 1) - k + 1, _LK),
            grid(lambda n, k: n + (k - 1) - k + 1 == n, _LK),
        ],
        "Se invece usi `padding=2`": [
            grid(
                lambda n: len1(n, 3, p=2) == n + 2 * 2 - 3 + 1 == n + 2, [(n,) for n in (1, 5, 12)]
            )
        ],
        "Per esempio $y_3 = ": [
            single(lambda: math.isclose(CAU_V["y"][3], _y3_terms(CAU_V))),
            equal(_y3_terms(CAU_V), -1 - 6 + 3),
            equal(-1 - 6 + 3, -4),
        ],
        "$$y = (6, -7, 13, -4, 5)$$": [single(lambda: same(CAU_V["y"], [6, -7, 13, -4, 5]))],
        "La causalità si legge": [
            _cau(lambda v: all(v["jac"][t, s] == 0 for t in R5 for s in R5 if s > t), 4224),
            None,
            None,
            None,
            _cau(
                lambda v: all(
                    math.isclose(v["jac"][t, s], v["w"][t - s])
                    for t in R5
                    for s in R5
                    if t - 2 <= s <= t
                ),
                4225,
            ),
        ],
        "\\partial w_k} = \\sum_{t=0}^{4}": [
            _cau(
                lambda v: same(
                    v["dw"], [sum(v["g"][t] * zat(v["x"], t + k - 2) for t in R5) for k in R3]
                ),
                4226,
            )
        ],
        "che qui dà": [single(lambda: same(CAU_V["dw"], [-1, 6, -1]))],
        "In forma di operatore è una correlazione": [
            _cau(lambda v: same(v["dw"], corr1(np.pad(v["x"], (2, 0)), v["g"])), 4227)
        ],
        "\\partial x_s} = \\sum_{k=0}^{2}": [
            _cau(
                lambda v: same(
                    v["dx"], [sum(zat(v["g"], s + 2 - k) * v["w"][k] for k in R3) for s in R5]
                ),
                4228,
            )
        ],
        "Numericamente $\\frac": [single(lambda: same(CAU_V["dx"], [2, 4, -6, 4, 3])), None],
        "\\partial x_4} = g_4 w_2": [
            single(lambda: math.isclose(CAU_V["dx"][4], _dx4_terms(CAU_V))),
            equal(_dx4_terms(CAU_V), -2),
        ],
        "Come operatore: si riempie": [
            _cau(lambda v: same(v["dx"], corr1(np.pad(v["g"], (2, 0)), v["w"][::-1])), 4229)
        ],
        "**Bonus: dilatazione.**": [
            None,
            None,
            single(
                lambda: (
                    (3 - 1) * 4 == 8
                    and int(
                        F.conv1d(
                            F.pad(torch.zeros(1, 1, 20, dtype=F64), (8, 0)),
                            torch.zeros(1, 1, 3, dtype=F64),
                            dilation=4,
                        ).shape[-1]
                    )
                    == 20
                )
            ),
            None,
            equal(receptive_field(2, (1, 2, 4, 8)), 1 + (1 + 2 + 4 + 8)),
            equal(1 + (1 + 2 + 4 + 8), 16),
            None,
            equal(receptive_field(3, (1, 2, 4)), 1 + 3 * (1 + 2 + 4)),
            equal(1 + 3 * (1 + 2 + 4), 22),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh42_truth_b import NOTES_B

    return {**RES_CLAIMS, **SEP_CLAIMS, **GAP_CLAIMS, **CAU_CLAIMS, **NOTES_B}
