"""Independent truth for the fresh54 unseen set (tests/data/check/unseen/fresh54/): the notes
handout_depthwise_separable_counts_and_grad, examen_resuelto_conv2d_stride2_padding1,
blog_im2col_shapes_batched_backward and foro_keras_summary_revisado_a_mano (the other three
live in unseen_fresh54_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size.  Nothing of symconv is imported.  Lines are
found from an anchor (a piece of the line, unique in the note); a None holds the rank of a keyed
non-claim.  A link between two written numbers is arithmetic; a size, count or entry named on
the left must equal the true one.  A side reading outside a tensor disagrees, except where the
note declares zeros there (the exam's padding); a result of the wrong shape disagrees.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half
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
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh54"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def approx(value: float, written: float, half_unit: float) -> Truth:
    """A rounded number: right iff within half a unit of its last written digit."""
    return lambda: [abs(value - written) <= half_unit]


def zeros(*shape: int) -> torch.Tensor:
    return torch.zeros(*shape, dtype=F64)


# --- handout_depthwise_separable_counts_and_grad.md (English handout): C_in = 32, C_out = 64,
# k = 3 on 56 x 56 with padding 1, bias=False unless stated; section 3 is one channel, valid.

HO = "handout_depthwise_separable_counts_and_grad"
CI, CO, K, HW = 32, 64, 3, 56
P_STD = params(nn.Conv2d(CI, CO, K, bias=False))
P_SEP = params(nn.Conv2d(CI, CI, K, groups=CI, bias=False)) + params(
    nn.Conv2d(CI, CO, 1, bias=False)
)
P_BIAS = params(nn.Conv2d(CI, CI, K, groups=CI)) + params(nn.Conv2d(CI, CO, 1))
M_STD = flops_half(lambda: F.conv2d(zeros(1, CI, HW, HW), zeros(CO, CI, K, K), padding=1))
M_SEP = flops_half(
    lambda: F.conv2d(zeros(1, CI, HW, HW), zeros(CI, 1, K, K), padding=1, groups=CI)
) + flops_half(lambda: F.conv2d(zeros(1, CI, HW, HW), zeros(CO, CI, 1, 1)))

HO_X = np.array([[1, 2, 0], [3, 1, -1], [0, 2, 1]], dtype=float)
HO_K = np.array([[2, 0], [1, -1]], dtype=float)
HO_G = np.array([[1, -1], [2, 0]], dtype=float)
HO_V = conv(HO_X[None, None], HO_K[None, None], None, HO_G[None, None])
HO_DK, HO_DX = HO_V["dw"][0, 0], HO_V["dx"][0, 0]


def _depthwise(rel: Callable[[dict], bool], seed: int) -> Truth:
    """A random depthwise layer (3 channels, 5 x 6 maps, 3 x 3 kernels, valid) and a random G."""

    def check(r: np.random.Generator) -> bool:
        c, h, w = 3, 5, 6
        x, k = r.normal(size=(1, c, h, w)), r.normal(size=(c, 1, 3, 3))
        g = r.normal(size=(1, c, h - 2, w - 2))
        xt, kt = t64(x, True), t64(k, True)
        (F.conv2d(xt, kt, groups=c) * t64(g)).sum().backward()
        return rel({"x": x[0], "g": g[0], "dk": kt.grad.numpy()[:, 0]})

    return trials(check, seed)


def _dk_own_channel(v: dict) -> bool:
    # each output channel of a depthwise layer correlates only its own input channel
    x, g = v["x"], v["g"]
    ho, wo = g.shape[1:]
    rhs = [
        [
            [
                sum(g[c, i, j] * at(x, c, i + u, j + v_) for i in range(ho) for j in range(wo))
                for v_ in range(3)
            ]
            for u in range(3)
        ]
        for c in range(x.shape[0])
    ]
    return same(v["dk"], rhs)


def _dk_all_channels(v: dict) -> bool:
    x, g = v["x"], v["g"]
    ho, wo = g.shape[1:]
    rhs = [
        [
            [
                sum(
                    g[c, i, j] * at(x, cc, i + u, j + v_)
                    for cc in range(x.shape[0])
                    for i in range(ho)
                    for j in range(wo)
                )
                for v_ in range(3)
            ]
            for u in range(3)
        ]
        for c in range(x.shape[0])
    ]
    return same(v["dk"], rhs)


HO_CLAIMS = claims_of(
    HO,
    {
        "$$P_{std} = k^2": [equal(P_STD, 9 * 32 * 64), equal(9 * 32 * 64, 18432)],
        "$$P_{dw} + P_{pw} = k^2": [equal(P_SEP, 9 * 32 + 32 * 64), equal(9 * 32 + 32 * 64, 2336)],
        "\\approx 0.127": [
            equal(P_SEP / P_STD, 1 / 64 + 1 / 9),
            approx(1 / 64 + 1 / 9, 0.127, 5e-4),
        ],
        "P_{b} = k^2 C_{in}": [
            equal(P_BIAS, 9 * 32 + 32 * 64 + 64),
            equal(9 * 32 + 32 * 64 + 64, 2400),
        ],
        "$$M_{std} = H W": [
            equal(M_STD, 56 * 56 * 9 * 32 * 64),
            equal(56 * 56 * 9 * 32 * 64, 57802752),
        ],
        "$$M_{sep} = H W": [
            equal(M_SEP, 56 * 56 * (9 * 32 + 32 * 64)),
            equal(56 * 56 * (9 * 32 + 32 * 64), 7352696),
        ],
        "\\frac{M_{sep}}{M_{std}} =": [equal(M_SEP / M_STD, 1 / 64 + 1 / 3)],
        "G_c[i,j]\\, X_c[i+u, j+v]$$": [_depthwise(_dk_own_channel, 5401)],
        "X_{c'}[i+u": [_depthwise(_dk_all_channels, 5402)],
        "K_c[0,0]} = 1 \\cdot 1": [
            single(lambda: math.isclose(HO_DK[0, 0], 1 * 1 + (-1) * 2 + 2 * 3 + 0 * 1)),
            equal(1 * 1 + (-1) * 2 + 2 * 3 + 0 * 1, 5),
        ],
        "K_c[1,1]} = 1 \\cdot 1": [
            single(lambda: math.isclose(HO_DK[1, 1], 1 * 1 + (-1) * (-1) + 2 * 2 + 0 * 1)),
            equal(1 * 1 + (-1) * (-1) + 2 * 2 + 0 * 1, 7),
        ],
        "\\frac{\\partial L}{\\partial K_c} = \\begin": [
            single(lambda: same(HO_DK, [[5, 4], [2, 6]]))
        ],
        "X_c[1,1]} = 1 \\cdot 2": [
            single(lambda: math.isclose(HO_DX[1, 1], 1 * 2 + (-1) * 0 + 2 * 1 + 0 * (-1))),
            equal(1 * 2 + (-1) * 0 + 2 * 1 + 0 * (-1), 4),
        ],
    },
)


# --- examen_resuelto_conv2d_stride2_padding1.md (Spanish exam solution): Conv2d(1, 1, 3,
# stride=2, padding=1) on 5 x 5, 0-based, X read as zero outside (the padding, declared).

EX = "examen_resuelto_conv2d_stride2_padding1"
EX_X = np.array(
    [[1, 0, 2, -1, 1], [0, 3, 1, 0, 2], [2, -1, 0, 1, 1], [1, 2, -2, 0, 3], [0, 1, 1, 2, -1]],
    dtype=float,
)
EX_W = np.array([[1, 0, -1], [2, 1, 0], [0, -1, 1]], dtype=float)
EX_G = np.array([[1, -1, 0], [2, 0, 1], [0, 1, -2]], dtype=float)


def _ex(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    v = conv(x[None, None], w[None, None], np.zeros(1), g[None, None], stride=2, padding=1)
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": v["z"][0, 0],
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
        "db": v["db"][0],
    }


EXV = _ex(EX_X, EX_W, EX_G)
Y11_TERMS = 3 * 1 + 1 * 0 + 0 * (-1) + (-1) * 2 + 0 * 1 + 1 * 0 + 2 * 0 + (-2) * (-1) + 0 * 1
DW11_TERMS = 1 * 1 + (-1) * 2 + 0 * 1 + 2 * 2 + 0 * 0 + 1 * 1 + 0 * 0 + 1 * 1 + (-2) * (-1)
# the student's pairing of G with W without flipping the kernel
DX11_TERMS = 1 * 1 + (-1) * (-1) + 2 * 0 + 0 * 1


def _exr(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random X (5 x 5), W (3 x 3) and G (3 x 3) at the exam's stride and padding."""
    return trials(
        lambda r: rel(_ex(r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(3, 3)))),
        seed,
    )


def _ex_dw_sum(v: dict) -> bool:
    rhs = [
        [
            sum(
                v["g"][i, j] * zat(v["x"], 2 * i + u - 1, 2 * j + w_ - 1)
                for i in range(3)
                for j in range(3)
            )
            for w_ in range(3)
        ]
        for u in range(3)
    ]
    return same(v["dw"], rhs)


EX_CLAIMS = claims_of(
    EX,
    {
        "H_{out} = \\left\\lfloor \\frac{5 + 2": [
            equal(conv_out(5, 3, 2, 1), (5 + 2 - 3) // 2 + 1),
            equal((5 + 2 - 3) // 2 + 1, 3),
        ],
        "$$Y[0,0] = 1": [
            single(lambda: math.isclose(EXV["y"][0, 0], 1 * 1 + 0 * 0 + 0 * (-1) + 3 * 1)),
            equal(1 * 1 + 0 * 0 + 0 * (-1) + 3 * 1, 4),
        ],
        "$$Y[1,1] = 3": [
            single(lambda: math.isclose(EXV["y"][1, 1], Y11_TERMS)),
            equal(Y11_TERMS, 1),
        ],
        "$$Y = \\begin{bmatrix} 4": [
            single(lambda: same(EXV["y"], [[4, 1, -3], [0, 1, 0], [-2, 5, 3]]))
        ],
        "X[2i+u-1,\\, 2j+v-1]$$": [_exr(_ex_dw_sum, 5411)],
        "W[1,1]} = 1 \\cdot 1": [
            single(lambda: math.isclose(EXV["dw"][1, 1], DW11_TERMS)),
            equal(DW11_TERMS, 7),
        ],
        "\\frac{\\partial L}{\\partial W} = \\begin{bmatrix} 2": [
            single(lambda: same(EXV["dw"], [[2, -6, 6], [-2, 7, 1], [-3, 4, 7]]))
        ],
        "El sesgo suma todo": [
            single(lambda: math.isclose(EXV["db"], EX_G.sum())),
            equal(EX_G.sum(), 2),
        ],
        "solo aparece en la ventana": [
            single(lambda: math.isclose(EXV["dx"][0, 0], EX_G[0, 0] * EX_W[1, 1])),
            equal(EX_G[0, 0] * EX_W[1, 1], 1),
        ],
        "X[1,1]} = G[0,0]W[0,0]": [
            single(lambda: math.isclose(EXV["dx"][1, 1], DX11_TERMS)),
            equal(DX11_TERMS, 2),
        ],
        "La última fila": [single(lambda: math.isclose(EXV["dx"][4, 4], 0))],
        "Comprobación rápida": [
            single(lambda: math.isclose(EXV["dx"].sum(), EX_G.sum() * EX_W.sum())),
            equal(2 * 3, 6),
        ],
        "\\operatorname{crop}_1\\left(": [
            _exr(
                lambda v: same(
                    v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))[1:-1, 1:-1]
                ),
                5412,
            )
        ],
        "= \\operatorname{pad}_1(X) \\star \\operatorname{dil}_2(G)$$": [
            _exr(lambda v: same(v["dw"], corr(pad(v["x"], 1), dilate(v["g"], 2))), 5413)
        ],
        "se aceptó la forma corta": [
            _exr(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["w"]))), 5414)
        ],
    },
)


# --- blog_im2col_shapes_batched_backward.md (English blog post): N = 2, C = 3, 6 x 6, F = 4,
# K = 3, stride 1, no padding; the layouts of X_col, W_mat, Y_mat and G_mat as the post defines.

BL = "blog_im2col_shapes_batched_backward"
BN, BC, BH, BF, BK = 2, 3, 6, 4, 3
BO = BH - BK + 1


def im2col(x: np.ndarray, k: int) -> np.ndarray:
    """X_col[c k^2 + u k + v, n Ho Wo + i Wo + j] = X[n, c, i+u, j+v], the post's layout."""
    n_, c_, h, w = x.shape
    ho, wo = h - k + 1, w - k + 1
    out = np.zeros((c_ * k * k, n_ * ho * wo))
    for n in range(n_):
        for c in range(c_):
            for u in range(k):
                for v in range(k):
                    for i in range(ho):
                        for j in range(wo):
                            out[c * k * k + u * k + v, n * ho * wo + i * wo + j] = x[
                                n, c, i + u, j + v
                            ]
    return out


def _blog(r: np.random.Generator) -> dict:
    x, w = r.normal(size=(BN, BC, BH, BH)), r.normal(size=(BF, BC, BK, BK))
    b, g = r.normal(size=BF), r.normal(size=(BN, BF, BO, BO))
    v = conv(x, w, b, g)
    xcol, wmat = im2col(x, BK), w.reshape(BF, -1)
    gmat = g.transpose(1, 0, 2, 3).reshape(BF, -1)  # column n Ho Wo + i Wo + j, as Y_mat
    # dL/dX_col: autograd through Y_mat = W_mat X_col + b 1^T with the upstream G_mat
    xc = t64(xcol, True)
    ((t64(wmat) @ xc + t64(b)[:, None]) * t64(gmat)).sum().backward()
    return {
        **v,
        "xcol": xcol,
        "wmat": wmat,
        "gmat": gmat,
        "b": b,
        "ymat": wmat @ xcol + b[:, None],
        "dxcol": xc.grad.numpy(),
    }


def _bl(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_blog(r)), seed)


def _bl_index(v: dict) -> bool:
    return all(
        math.isclose(v["z"][n, f, i, j], v["ymat"][f, n * BO * BO + i * BO + j], abs_tol=1e-9)
        for n in range(BN)
        for f in range(BF)
        for i in range(BO)
        for j in range(BO)
    )


def _bl_col2im(v: dict) -> bool:
    # col2im adds back every copy; the post skips terms whose i or j leaves 0..Ho-1
    rhs = np.zeros((BN, BC, BH, BH))
    for n in range(BN):
        for c in range(BC):
            for p in range(BH):
                for q in range(BH):
                    rhs[n, c, p, q] = sum(
                        v["dxcol"][c * 9 + u * 3 + w_, n * BO * BO + (p - u) * BO + (q - w_)]
                        for u in range(BK)
                        for w_ in range(BK)
                        if 0 <= p - u < BO and 0 <= q - w_ < BO
                    )
    return same(v["dx"], rhs)


BL_SHAPE = im2col(np.zeros((BN, BC, BH, BH)), BK).shape
BIG_HO = conv_out(56, 3, 1, 1)
BL_CLAIMS = claims_of(
    BL,
    {
        "H_{out} = H - K + 1 = 4": [equal(conv_out(6, 3), 6 - 3 + 1), equal(6 - 3 + 1, 4)],
        "the number of rows is": [
            equal(BL_SHAPE[0], 3 * 9),
            equal(3 * 9, 27),
            equal(BL_SHAPE[1], BO * BO),
            equal(4 * 4, 16),
        ],
        "$$Y[n, f, i, j] = Y_{mat}": [_bl(_bl_index, 5421)],
        "i.e. $Y = \\operatorname{reshape}": [
            _bl(lambda v: same(v["z"], v["ymat"].reshape(BN, BF, BO, BO)), 5422)
        ],
        "M_{gemm} = 4": [
            equal(
                flops_half(lambda: F.conv2d(zeros(BN, BC, BH, BH), zeros(BF, BC, BK, BK))),
                4 * 27 * 32,
            ),
            equal(4 * 27 * 32, 3456),
        ],
        "W_{mat}} = G_{mat} X_{col}^\\top$$": [
            _bl(lambda v: same(v["dw"].reshape(BF, -1), v["gmat"] @ v["xcol"].T), 5423)
        ],
        "b} = G_{mat} \\mathbf{1}$$": [
            _bl(lambda v: same(v["db"], v["gmat"] @ np.ones(v["gmat"].shape[1])), 5424)
        ],
        "X_{col}} = W_{mat}^\\top G_{mat}$$": [
            _bl(lambda v: same(v["dxcol"], v["wmat"].T @ v["gmat"]), 5425)
        ],
        "Some frameworks store": [
            _bl(lambda v: same(v["dxcol"], v["gmat"].T @ v["wmat"]), 5426),
            _bl(lambda v: same(v["dw"].reshape(BF, -1), v["xcol"] @ v["gmat"].T), 5427),
        ],
        "n H_{out} W_{out} + (p-u) W_{out}": [_bl(_bl_col2im, 5428)],
        "For a realistic layer": [
            None,
            None,
            equal(64 * 9, 576),
            equal(64 * BIG_HO * BIG_HO, 64 * 54 * 54),
            equal(64 * 54 * 54, 186624),
            equal(576 * 186624, 107495424),
            equal((64 * 9) * (64 * BIG_HO * BIG_HO) / (64 * 64 * 56 * 56), 3**2),
            equal(3**2, 9),
        ],
        "For the toy layer": [equal(27 * 32 / (2 * 3 * 36), 9)],
    },
)


# --- foro_keras_summary_revisado_a_mano.md (Spanish forum answer): the question's Keras model on
# 64 x 64 x 3, rebuilt in torch (Conv2D = Conv2d with bias, 'same' = padding="same", Dense =
# Linear, MaxPooling2D(2) = MaxPool2d(2), which floors like Keras' default 'valid' pooling).

FO = "foro_keras_summary_revisado_a_mano"


def _foro() -> tuple[list[int], int, list[int]]:
    """Sides after each conv / pool, the Flatten length and the Param # of the five layers."""
    convs = [
        nn.Conv2d(3, 16, 3),
        nn.Conv2d(16, 32, 5, padding="same"),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3),
        nn.MaxPool2d(2),
    ]
    h, sides = torch.zeros(1, 3, 64, 64), []
    for layer in convs:
        h = layer(h)
        sides.append(int(h.shape[-1]))
    d = int(h.flatten(1).shape[1])
    counts = [params(convs[0]), params(convs[1]), params(convs[3])]
    counts += [params(nn.Linear(d, 128)), params(nn.Linear(128, 10))]
    return sides, d, counts


FO_H, FO_D, FO_P = _foro()
FO_CLAIMS = claims_of(
    FO,
    {
        "**Tamaños.**": [
            equal(FO_H[0], 64 - 3 + 1),
            equal(64 - 3 + 1, 62),
            equal(FO_H[1], 62),
            equal(FO_H[2], 62 / 2),
            equal(62 / 2, 31),
            equal(FO_H[3], 31 - 3 + 1),
            equal(31 - 3 + 1, 29),
            equal(FO_H[4], math.ceil(29 / 2)),
            equal(math.ceil(29 / 2), 15),
            equal(FO_D, 15 * 15 * 64),
            equal(15 * 15 * 64, 14400),
        ],
        "$$P_1 = 3": [equal(FO_P[0], 3 * 3 * 3 * 16 + 16), equal(3 * 3 * 3 * 16 + 16, 448)],
        "$P_2 = 5 \\cdot 5": [equal(FO_P[1], 5 * 5 * 16 * 32), equal(5 * 5 * 16 * 32, 12800)],
        "$P_3 = 3 \\cdot 3": [
            equal(FO_P[2], 3 * 3 * 32 * 64 + 64),
            equal(3 * 3 * 32 * 64 + 64, 18496),
        ],
        "$$P_4 = 14400": [equal(FO_P[3], 14400 * 128 + 128), equal(14400 * 128 + 128, 1843328)],
        "$P_1 = 448$": [equal(FO_P[0], 448)],
        "$P_2 = 12800$": [equal(FO_P[1], 12800)],
        "$P_3 = 18496$": [equal(FO_P[2], 18496)],
        "$P_4 = 1843328$": [equal(FO_P[3], 1843328)],
        "$P_5 = 1290$": [equal(FO_P[4], 1290)],
        "P_{total} = 1876362": [equal(sum(FO_P), 1876362)],
        "P_4' = 64": [
            equal(params(nn.Linear(64, 128)), 64 * 128 + 128),
            equal(64 * 128 + 128, 8320),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh54_truth_b import NOTES_B

    return {**HO_CLAIMS, **EX_CLAIMS, **BL_CLAIMS, **FO_CLAIMS, **NOTES_B}
