"""Independent truth for the fresh52 unseen set, second part: the notes
blog_transponierte_faltung_gradient, exam_gap_1x1_param_counts_solutions and
prashnottar_bias_gradient_batch (conventions as in unseen_fresh52_truth.py, which merges this
table into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh52_truth import approx
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
SET = "fresh52"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- blog_transponierte_faltung_gradient.md (German blog post): F.conv2d and
# F.conv_transpose2d with the same weight tensor (C_out, C_in, k, k); operator forms on one
# channel with p = 0 and output_padding 0.

BLOG = "blog_transponierte_faltung_gradient"

# PyTorch requires output_padding < max(stride, dilation); sizes with a positive output
_T_GRID = [
    (h, k, s, p, a)
    for h in (2, 3, 5, 8)
    for k in (1, 2, 3, 4, 5)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    for a in range(s)
    if (h - 1) * s - 2 * p + k + a > 0
]


def _adjoint(r: np.random.Generator) -> bool:
    """<conv(x), y> = <x, conv^T(y)> at (C_in, C_out, k, s, p) = (3, 2, 3, 2, 1) on 9 x 9 and
    on 10 x 10 (output_padding 1 brings conv^T back to 10)."""
    w = t64(r.normal(size=(2, 3, 3, 3)))
    ok = []
    for side, a in ((9, 0), (10, 1)):
        x = t64(r.normal(size=(1, 3, side, side)))
        n = conv_out(side, 3, 2, 1)
        y = t64(r.normal(size=(1, 2, n, n)))
        lhs = float((F.conv2d(x, w, stride=2, padding=1) * y).sum())
        rhs = float((x * F.conv_transpose2d(y, w, stride=2, padding=1, output_padding=a)).sum())
        ok.append(math.isclose(lhs, rhs, rel_tol=1e-9, abs_tol=1e-9))
    return all(ok)


def _grad_is_tconv(r: np.random.Generator) -> bool:
    """dL/dx of L = sum(conv(x) * g) against conv_transpose2d(g) with the same s, p."""
    w = t64(r.normal(size=(2, 3, 3, 3)))
    x = t64(r.normal(size=(1, 3, 9, 9)), True)
    z = F.conv2d(x, w, stride=2, padding=1)
    g = t64(r.normal(size=tuple(z.shape)))
    (z * g).sum().backward()
    return same(x.grad.numpy(), F.conv_transpose2d(g, w, stride=2, padding=1).numpy())


def _matrix_c(w: torch.Tensor, side: int = 5) -> np.ndarray:
    """The matrix of the one-channel valid convolution on side x side inputs, column by
    column from the images of the unit vectors."""
    cols = []
    for m in range(side * side):
        e = torch.zeros(side * side, dtype=F64)
        e[m] = 1.0
        cols.append(F.conv2d(e.reshape(1, 1, side, side), w).reshape(-1).numpy())
    return np.stack(cols, axis=1)


def _tconv_is_ct(r: np.random.Generator) -> bool:
    w = t64(r.normal(size=(1, 1, 3, 3)))
    y = r.normal(size=(1, 1, 3, 3))
    return same(F.conv_transpose2d(t64(y), w).reshape(-1).numpy(), _matrix_c(w).T @ y.reshape(-1))


def _inverse(r: np.random.Generator) -> bool:
    """conv(conv^T(y)) = y at s = 1, p = 0, one channel, a kernel of unit norm."""
    w = r.normal(size=(3, 3))
    w = t64(w / np.linalg.norm(w))[None, None]
    y = t64(r.normal(size=(1, 1, 5, 5)))
    return same(F.conv2d(F.conv_transpose2d(y, w), w).numpy(), y.numpy())


def _tconv_as_corr(r: np.random.Generator, flip: bool, strides: tuple[int, ...]) -> bool:
    """conv^T(y) against pad_{k-1}(dil_s(y)) star W (or rot180(W)), one channel, p = 0."""
    ok = []
    for s in strides:
        w, y = r.normal(size=(3, 3)), r.normal(size=(4, 4))
        ref = F.conv_transpose2d(t64(y)[None, None], t64(w)[None, None], stride=s)[0, 0].numpy()
        ker = rot180(w) if flip else w
        ok.append(same(ref, corr(pad(dilate(y, s), 2), ker)))
    return all(ok)


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "$$H_{out} = (H - 1)": [
            grid(
                lambda h, k, s, p, a: tconv_out(h, k, s, p, a) == (h - 1) * s - 2 * p + k + a,
                _T_GRID,
            )
        ],
        "Beispiel aus meinem Decoder": [
            None,
            None,
            None,
            None,
            equal(tconv_out(7, 3, 2, 1), (7 - 1) * 2 - 2 + 3),
            equal((7 - 1) * 2 - 2 + 3, 13),
            None,
            equal(tconv_out(7, 3, 2, 1, 1), 13 + 1),
            equal(13 + 1, 14),
        ],
        "Warum gibt es": [
            None,
            None,
            None,
            equal(math.floor((14 + 2 - 3) / 2) + 1, 7),
            equal(math.floor((13 + 2 - 3) / 2) + 1, 7),
        ],
        "Im DCGAN-Generator": [
            None,
            None,
            None,
            grid(lambda h: tconv_out(h, 4, 2, 1) == 2 * h, [(h,) for h in range(1, 13)]),
            equal(tconv_out(16, 4, 2, 1), (16 - 1) * 2 - 2 + 4),
            equal((16 - 1) * 2 - 2 + 4, 34),
            None,
            None,
            None,
            None,
            grid(lambda h: tconv_out(h, 3, 2, 1, 0) == 2 * h, [(h,) for h in range(1, 13)]),
        ],
        "$$\\langle \\operatorname{conv}(x), y": [trials(_adjoint, 5241)],
        "Das ist nichts anderes": [None, trials(_tconv_is_ct, 5242), equal(9 * 25, 225)],
        "\\operatorname{conv}^T\\!\\left(": [trials(_grad_is_tconv, 5243)],
        "Wichtig: $\\operatorname{conv}^T$": [None, None, trials(_inverse, 5244)],
        "\\operatorname{pad}_{k-1}(y) \\star W$$": [
            trials(lambda r: _tconv_as_corr(r, flip=False, strides=(1,)), 5245)
        ],
        "\\operatorname{pad}_{k-1}(\\operatorname{dil}_s(y))": [
            trials(lambda r: _tconv_as_corr(r, flip=True, strides=(2, 3)), 5246)
        ],
        "Gewichtstensor von": [
            equal(params(nn.ConvTranspose2d(128, 64, 4)), 128 * 64 * 4 * 4 + 128),
            equal(128 * 64 * 4 * 4 + 128, 131200),
        ],
    },
)


# --- exam_gap_1x1_param_counts_solutions.md (English exam solutions): channels x height x
# width, torch modules (on the meta device for the large ones) and autograd.

EX = "exam_gap_1x1_param_counts_solutions"


def _meta_params(*modules: Callable[[], nn.Module]) -> int:
    return sum(params(make()) for make in modules)


def _global_pool(r: np.random.Generator, mode: str) -> dict:
    """Global average or max pooling of a random 512 x 7 x 7 map; gradient of sum(y * g)."""
    x, g = t64(r.normal(size=(1, 512, 7, 7)), True), r.normal(size=512)
    y = F.adaptive_avg_pool2d(x, 1) if mode == "avg" else F.adaptive_max_pool2d(x, 1)
    (y.reshape(-1) * t64(g)).sum().backward()
    return {"y": y.detach().numpy().reshape(-1), "dx": x.grad.numpy()[0], "g": g}


def _pool_grad_is(r: np.random.Generator, mode: str, scale: float) -> bool:
    """dL/dX_c[i,j] = scale * g_c at every position (the same value over each channel)."""
    v = _global_pool(r, mode)
    return same(v["dx"], np.broadcast_to(scale * v["g"][:, None, None], (512, 7, 7)))


def _one_by_one(r: np.random.Generator) -> bool:
    """Conv2d(256, 64, 1) at every pixel of a 4 x 4 map against W (64 x 256) X[:, i, j] + b."""
    x, w, b = r.normal(size=(1, 256, 4, 4)), r.normal(size=(64, 256, 1, 1)), r.normal(size=64)
    z = F.conv2d(t64(x), t64(w), t64(b)).numpy()[0]
    wm = w[:, :, 0, 0]
    return all(same(z[:, i, j], wm @ x[0, :, i, j] + b) for i in range(4) for j in range(4))


def _ex_macs() -> int:
    x = torch.zeros(1, 256, 56, 56, device="meta")
    w = torch.zeros(64, 256, 1, 1, device="meta")
    return flops_half(lambda: F.conv2d(x, w))


META = {"device": "meta"}
P_FLAT = _meta_params(lambda: nn.Linear(7 * 7 * 512, 1000, **META))
P_GAP = _meta_params(lambda: nn.Linear(512, 1000, **META))
P_BN = _meta_params(
    lambda: nn.Conv2d(256, 64, 1, bias=False, **META),
    lambda: nn.Conv2d(64, 64, 3, padding=1, bias=False, **META),
    lambda: nn.Conv2d(64, 256, 1, bias=False, **META),
)
P_33 = _meta_params(lambda: nn.Conv2d(256, 256, 3, padding=1, bias=False, **META))
P_SEP = _meta_params(
    lambda: nn.Conv2d(128, 128, 3, padding=1, groups=128, bias=False, **META),
    lambda: nn.Conv2d(128, 256, 1, bias=False, **META),
)

EX_CLAIMS = claims_of(
    EX,
    {
        "GAP averages each channel": [
            None,
            trials(lambda r: _global_pool(r, "avg")["y"].size == 512, 5251),
            equal(params(nn.AdaptiveAvgPool2d(1)), 0),
        ],
        "Every position contributes": [
            trials(lambda r: _pool_grad_is(r, "avg", 1 / 49), 5252),
            trials(lambda r: _pool_grad_is(r, "max", 1.0), 5253),
        ],
        "Flatten + Dense: $P_{flat}": [
            equal(P_FLAT, 7 * 7 * 512 * 1000 + 1000),
            equal(7 * 7 * 512 * 1000 + 1000, 25_089_000),
            equal(P_GAP, 512 * 1000),
            equal(512 * 1000, 512_000),
            equal(P_FLAT - P_GAP, 25_089_000 - 512_000),
            equal(25_089_000 - 512_000, 24_577_000),
        ],
        "count its parameters for": [None, None],
        "the same matrix at every pixel": [
            trials(_one_by_one, 5254),
            equal(params(nn.Conv2d(256, 64, 1)), 256 * 64 + 256),
            equal(256 * 64 + 256, 16_640),
        ],
        "One $256$-term dot product": [
            equal(_ex_macs(), 56**2 * 256 * 64),
            equal(56**2 * 256 * 64, 51_380_224),
        ],
        "$P_{bn} = 256": [
            equal(P_BN, 256 * 64 + 9 * 64 * 64 + 64 * 256),
            equal(256 * 64 + 9 * 64 * 64 + 64 * 256, 69_632),
            equal(P_33, 9 * 256 * 256),
            equal(9 * 256 * 256, 589_824),
            approx(589_824 / 69_632, 9),
        ],
        "$P_{sep} = 9": [
            equal(P_SEP, 9 * 128 + 128 * 256),
            equal(9 * 128 + 128 * 256, 33_920),
            equal(9 * 128 * 256, 294_921),
        ],
    },
)


# --- prashnottar_bias_gradient_batch.md (Hindi Q&A): N = 4, one channel in and out, 3 x 3
# inputs, a 2 x 2 kernel, the G_n of line 9; L = sum_n L_n with L_n = sum(Y_n * G_n) unless
# the note says mean.

QA = "prashnottar_bias_gradient_batch"
QA_G = np.array(
    [
        [[1, 0], [2, -1]],
        [[0, 3], [1, 1]],
        [[-2, 1], [0, 2]],
        [[1, 1], [-1, 0]],
    ],
    dtype=float,
)
NB_ = 4


def _qa_make(r: np.random.Generator, g: np.ndarray | None = None, mean: bool = False) -> dict:
    """Random X_n (4 x 3 x 3), W (2 x 2), b; upstream G (random unless given); mean divides
    the loss by N."""
    x, w, b = r.normal(size=(NB_, 1, 3, 3)), r.normal(size=(1, 1, 2, 2)), r.normal(size=1)
    g = r.normal(size=(NB_, 2, 2)) if g is None else g
    v = conv(x, w, b, g[:, None] / (NB_ if mean else 1))
    return {
        "x": x[:, 0],
        "w": w[0, 0],
        "g": g,
        "dx": v["dx"][:, 0],
        "dw": v["dw"][0, 0],
        "db": float(v["db"][0]),
    }


QA_V = _qa_make(np.random.default_rng(5260), QA_G)
QA_MEAN = _qa_make(np.random.default_rng(5261), QA_G, mean=True)


def _qa(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_qa_make(r)), seed)


def _bn_bias_grad(r: np.random.Generator, train: bool) -> np.ndarray:
    """Gradient of the conv bias when BatchNorm2d follows, in train or eval mode (eval with
    random running statistics and affine parameters)."""
    conv2d = nn.Conv2d(1, 2, 2).double()
    bn = nn.BatchNorm2d(2).double()
    with torch.no_grad():
        bn.weight.copy_(t64(r.normal(size=2)))
        bn.bias.copy_(t64(r.normal(size=2)))
        bn.running_mean.copy_(t64(r.normal(size=2)))
        bn.running_var.copy_(t64(r.uniform(0.5, 2.0, size=2)))
    bn.train(train)
    out = bn(conv2d(t64(r.normal(size=(NB_, 1, 3, 3)))))
    (out * t64(r.normal(size=tuple(out.shape)))).sum().backward()
    return conv2d.bias.grad.numpy()


QA_CLAIMS = claims_of(
    QA,
    {
        "**प्रश्न।**": [None, equal(conv_out(3, 2), 3 - 2 + 1), equal(3 - 2 + 1, 2), None],
        "मेरे कोड में": [
            single(lambda: math.isclose(QA_V["db"], sum(QA_G[n, 0, 0] for n in range(NB_)))),
            equal(1 + 0 - 2 + 1, 0),
        ],
        "\\partial b} = \\sum_{n=1}^{N}": [
            _qa(lambda v: math.isclose(v["db"], v["g"].sum(), abs_tol=1e-12), 5262)
        ],
        "आपके आँकड़ों पर": [
            single(lambda: math.isclose(QA_G[0].sum(), 1 + 0 + 2 - 1)),
            equal(1 + 0 + 2 - 1, 2),
            single(lambda: math.isclose(QA_G[2].sum(), -2 + 1 + 0 + 2)),
            equal(-2 + 1 + 0 + 2, 1),
            single(lambda: math.isclose(QA_V["db"], 2 + 5 + 1 + 1)),
            equal(2 + 5 + 1 + 1, 9),
        ],
        "**अगर लॉस औसत हो।**": [
            None,
            single(lambda: math.isclose(QA_MEAN["db"], 9 / 4)),
            equal(9 / 4, 2.25),
        ],
        "\\partial W} = \\sum_{n=1}^{4}": [
            _qa(
                lambda v: same(v["dw"], sum(corr(v["x"][n], v["g"][n]) for n in range(NB_))),
                5263,
            )
        ],
        "साझा वज़न": [
            _qa(
                lambda v: all(
                    same(
                        v["dx"][n],
                        sum(corr(pad(v["g"][m], 1), rot180(v["w"])) for m in range(NB_)),
                    )
                    for n in range(NB_)
                ),
                5264,
            )
        ],
        "**एक दिलचस्प बात।**": [
            trials(lambda r: same(_bn_bias_grad(r, train=True), np.zeros(2)), 5265),
            trials(lambda r: same(_bn_bias_grad(r, train=False), np.zeros(2)), 5266),
        ],
        "**एक SGD क़दम।**": [
            None,
            None,
            single(lambda: math.isclose(0.5 - 0.1 * QA_MEAN["db"], 0.5 - 0.1 * 2.25)),
            equal(0.5 - 0.1 * 2.25, 0.275),
            single(lambda: math.isclose(0.5 - 0.1 * QA_V["db"], 0.5 - 0.1 * 9)),
            equal(0.5 - 0.1 * 9, -0.5),
        ],
    },
)

NOTES_B: Claims = {**BLOG_CLAIMS, **EX_CLAIMS, **QA_CLAIMS}
