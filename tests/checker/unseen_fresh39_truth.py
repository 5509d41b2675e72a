"""Independent truth for the fresh39 unseen set (tests/data/check/unseen/fresh39/): the notes
examen_resuelto_conv_dos_canales_relu, apuntes_tema6_conv_separable_agrupada,
lecture07_dense_layers_minibatch and blog_im2col_conv_backward_as_matmul.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. Lines are found from an anchor (a piece of the line, unique in
the note); a None holds the rank of a keyed non-claim. A side that reads an entry outside a
tensor (IndexError) or multiplies matrices of mismatched shapes (ValueError) disagrees; where a
note declares zeros outside a range, those entries are read as zero. A link between two written
numbers is judged as arithmetic; a size or count named on the left must equal the true one. The
other three notes live in unseen_fresh39_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import itertools
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
    equal,
    pad,
    params,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh39"
Conv2d = torch.nn.Conv2d


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def flops_conv(x_shape: tuple[int, ...], w_shape: tuple[int, ...], **kw: int) -> int:
    """Multiplications of one conv2d call as torch's FlopCounterMode counts them (/ 2)."""
    x, w = torch.zeros(*x_shape, dtype=F64), torch.zeros(*w_shape, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w, **kw))


# --- examen_resuelto_conv_dos_canales_relu.md (Spanish exam solution): two channels 3 x 4,
# kernels 2 x 2, scalar bias, ReLU after the layer, g = dL/da; 0-based x[c, i, j]

EXAMEN = "examen_resuelto_conv_dos_canales_relu"
EX_X = np.array(
    [[[1.0, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 2]], [[0.0, 1, 1, 2], [1, 0, 2, 0], [1, 1, 0, 1]]]
)
EX_K = np.array([[[1.0, 0], [-1, 2]], [[0.0, 1], [2, -1]]])
EX_B = -1.0
EX_G = np.array([[2.0, -1, 1], [1, 3, -2]])


def conv_relu(x: np.ndarray, k: np.ndarray, b: float, g: np.ndarray) -> dict:
    """One filter over C channels, z = conv + b, a = relu(z), backward of sum(a * g)."""
    xt, kt, bt = t64(x[None], True), t64(k[None], True), t64([b], True)
    z = F.conv2d(xt, kt, bt)
    z.retain_grad()
    (torch.relu(z) * t64(g[None, None])).sum().backward()
    return {
        "x": x,
        "k": k,
        "g": g,
        "z": z.detach().numpy()[0, 0],
        "delta": z.grad.numpy()[0, 0],
        "dx": xt.grad.numpy()[0],
        "dk": kt.grad.numpy()[0],
        "db": float(bt.grad[0]),
    }


def _ex_random(r: np.random.Generator) -> dict:
    return conv_relu(
        r.normal(size=(2, 3, 4)), r.normal(size=(2, 2, 2)), r.normal(), r.normal(size=(2, 3))
    )


def _ex(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_ex_random(r)), seed)


def _ex_forward_bias(r: np.random.Generator) -> bool:
    """The forward formula at random inputs of the exam's sizes."""
    x, k, b, g = (
        r.normal(size=(2, 3, 4)),
        r.normal(size=(2, 2, 2)),
        r.normal(),
        r.normal(size=(2, 3)),
    )
    v = conv_relu(x, k, b, g)
    rhs = [
        [
            b
            + sum(
                k[c, u, w] * at(x, c, i + u, j + w)
                for c in range(2)
                for u in range(2)
                for w in range(2)
            )
            for j in range(3)
        ]
        for i in range(2)
    ]
    return same(v["z"], rhs)


def _ex_dk(v: dict) -> bool:
    x, d = v["x"], v["delta"]
    rhs = [
        [
            [
                sum(d[i, j] * at(x, c, i + u, j + w) for i in range(2) for j in range(3))
                for w in range(2)
            ]
            for u in range(2)
        ]
        for c in range(2)
    ]
    return same(v["dk"], rhs)


def _ex_dx(v: dict) -> bool:
    k, d = v["k"], v["delta"]
    rhs = [
        [
            [
                sum(zat(d, p - u, q - w) * k[c, u, w] for u in range(2) for w in range(2))
                for q in range(4)
            ]
            for p in range(3)
        ]
        for c in range(2)
    ]
    return same(v["dx"], rhs)


EX = conv_relu(EX_X, EX_K, EX_B, EX_G)
_EX_Z00 = -1 + (1 * 1 + 2 * 0 + 0 * (-1) + 1 * 2) + (0 * 0 + 1 * 1 + 1 * 2 + 0 * (-1))
_D, _K0 = EX["delta"], EX_K[0]
_EX_TERMS = (
    _D[1, 1] * _K0[0, 0] + _D[1, 0] * _K0[0, 1] + _D[0, 1] * _K0[1, 0] + _D[0, 0] * _K0[1, 1]
)

EXAMEN_CLAIMS = claims_of(
    EXAMEN,
    {
        "$$z[i, j] = b +": [trials(_ex_forward_bias, 3900)],
        "$$z[0, 0] =": [single(lambda: math.isclose(EX["z"][0, 0], _EX_Z00)), equal(_EX_Z00, 5)],
        "$$z = \\begin": [single(lambda: same(EX["z"], [[5, 5, 4], [-2, 6, 3]]))],
        "$$\\delta = \\frac": [
            None,
            _ex(lambda v: same(v["delta"], v["g"] * (v["z"] > 0)), 3901),
            single(lambda: same(EX_G * (EX["z"] > 0), [[2, -1, 1], [0, 3, -2]])),
        ],
        "\\partial b} = \\sum": [
            _ex(lambda v: math.isclose(v["db"], v["delta"].sum()), 3902),
            equal(float(_D.sum()), 4),
        ],
        "\\partial k[c, u, v]} =": [_ex(_ex_dk, 3903)],
        "\\partial k[0]} =": [
            single(lambda: same(EX["dk"][0], [[-3, 12], [0, -1]])),
            single(lambda: same(EX["dk"][1], [[-3, 9], [8, -3]])),
        ],
        "\\partial x[c, p, q]} =": [_ex(_ex_dx, 3904)],
        "En forma de operadores": [
            _ex(
                lambda v: same(v["dx"], [corr(pad(v["delta"], 1), v["k"][c]) for c in range(2)]),
                3905,
            )
        ],
        "\\partial x[0, 1, 1]} =": [
            single(lambda: math.isclose(EX["dx"][0, 1, 1], _EX_TERMS)),
            equal(_EX_TERMS, 8),
        ],
        "\\partial x[0]} =": [
            single(lambda: same(EX["dx"][0], [[2, -1, 1, 0], [-2, 8, -5, 2], [0, -3, 8, -4]])),
            single(lambda: same(EX["dx"][1], [[-2, 5, -3, 2], [2, -4, 9, -4], [0, 3, -2, 0]])),
        ],
        "tendría $P =": [equal(params(Conv2d(2, 8, 2)), 8 * 2 * 2 * 2), equal(8 * 2 * 2 * 2, 64)],
    },
)


# --- apuntes_tema6_conv_separable_agrupada.md (Spanish lecture notes): nn.Conv2d(64, 128, 3,
# padding=1) on 64 x 56 x 56, its depthwise-separable split, a multiplier-2 depthwise layer and
# groups=4; 0-based NCHW subscripts; the backward without padding, stride 1

APUNTES = "apuntes_tema6_conv_separable_agrupada"
_IN = (1, 64, 56, 56)
M_STD = flops_conv(_IN, (128, 64, 3, 3), padding=1)
M_DW = flops_conv(_IN, (64, 1, 3, 3), padding=1, groups=64)
M_PW = flops_conv(_IN, (128, 64, 1, 1))
M_G4 = flops_conv(_IN, (128, 16, 3, 3), padding=1, groups=4)


def _ratio(cin: int, cout: int, k: int, h: int) -> float:
    """(depthwise + pointwise) / standard multiplications, same padding, stride 1."""
    shape, p = (1, cin, h, h), (k - 1) // 2
    dw = flops_conv(shape, (cin, 1, k, k), padding=p, groups=cin)
    pw = flops_conv(shape, (cout, cin, 1, 1))
    return (dw + pw) / flops_conv(shape, (cout, cin, k, k), padding=p)


_RATIO_SIZES = [(4, 8, 3, 6), (8, 4, 3, 5), (6, 12, 5, 7), (12, 6, 1, 4), (3, 9, 3, 8)]


def _multiplier(r: np.random.Generator) -> bool:
    """groups=32 from 32 to 64 channels, k 5, on 2 x 32 x 7 x 6: output f reads channel f // 2."""
    x, w, b = r.normal(size=(2, 32, 7, 6)), r.normal(size=(64, 1, 5, 5)), r.normal(size=64)
    z = F.conv2d(t64(x), t64(w), t64(b), groups=32).numpy()
    rhs = [[b[f] + corr(x[n, f // 2], w[f, 0]) for f in range(64)] for n in range(2)]
    return same(z, rhs)


def _grouped(r: np.random.Generator, cin: int = 6, cout: int = 4, groups: int = 2) -> dict:
    x, w = r.normal(size=(2, cin, 6, 5)), r.normal(size=(cout, cin // groups, 3, 3))
    b, g = r.normal(size=cout), r.normal(size=(2, cout, 4, 3))
    return {
        "x": x,
        "w": w,
        "g": g,
        "cg": cin // groups,
        "fg": cout // groups,
        **conv(x, w, b, g, groups=groups),
    }


def _gr_dw(r: np.random.Generator) -> bool:
    v = _grouped(r)
    x, g, cg, fg = v["x"], v["g"], v["cg"], v["fg"]
    rhs = np.zeros(v["dw"].shape)
    for f, c, u, q in itertools.product(*(range(s) for s in rhs.shape)):
        ch = cg * (f // fg) + c
        rhs[f, c, u, q] = np.sum(g[:, f] * x[:, ch, u : u + 4, q : q + 3])
    return same(v["dw"], rhs)


def _gr_dx(v: dict, all_filters: bool) -> bool:
    """all_filters: the note's sum over every f with w[f, c mod C_g]; else c's own filters."""
    w, g, cg, fg = v["w"], v["g"], v["cg"], v["fg"]
    rhs = np.zeros(v["dx"].shape)
    for n, c, p, q in itertools.product(*(range(s) for s in rhs.shape)):
        filters = range(w.shape[0]) if all_filters else range(fg * (c // cg), fg * (c // cg + 1))
        rhs[n, c, p, q] = sum(
            zat(g, n, f, p - u, q - t) * w[f, c % cg, u, t]
            for f in filters
            for u in range(3)
            for t in range(3)
        )
    return same(v["dx"], rhs)


def _dw_dx(r: np.random.Generator) -> bool:
    """Depthwise: G = C_in = C_out = 4, the note's form with w[c, 0]."""
    v = _grouped(r, 4, 4, 4)
    w, g = v["w"], v["g"]
    rhs = np.zeros(v["dx"].shape)
    for n, c, p, q in itertools.product(*(range(s) for s in rhs.shape)):
        rhs[n, c, p, q] = sum(
            zat(g, n, c, p - u, q - t) * w[c, 0, u, t] for u in range(3) for t in range(3)
        )
    return same(v["dx"], rhs)


_GROUP_SIZES = [
    (cin, cout, k, g)
    for cin, cout, g in ((8, 4, 2), (6, 9, 3), (12, 12, 4), (4, 8, 4))
    for k in (1, 3, 5)
]
_RHO = 1 / 64 + 1 / 9

APUNTES_CLAIMS = claims_of(
    APUNTES,
    {
        "$P_{std} =": [
            equal(params(Conv2d(64, 128, 3, padding=1)), 128 * 64 * 3 * 3 + 128),
            equal(128 * 64 * 3 * 3 + 128, 73856),
        ],
        "$M_{std} = 128": [equal(M_STD, 128 * 64 * 9 * 56**2)],
        "$P_{dw} =": [
            equal(params(Conv2d(64, 64, 3, padding=1, groups=64)), 64 * 9 + 64),
            equal(64 * 9 + 64, 640),
        ],
        "$P_{pw} =": [
            equal(params(Conv2d(64, 128, 1)), 128 * 64 + 128),
            equal(128 * 64 + 128, 8320),
        ],
        "$M_{dw} =": [equal(M_DW, 64 * 9 * 56**2), equal(M_PW, 64 * 128 * 9 * 56**2)],
        "$$\\frac{M_{dw} + M_{pw}}": [
            grid(
                lambda ci, co, k, h: math.isclose(_ratio(ci, co, k, h), 1 / ci + 1 / k**2),
                _RATIO_SIZES,
            )
        ],
        "$\\rho = \\frac{1}{64}": [
            equal((M_DW + M_PW) / M_STD, _RHO),
            lambda: [abs(_RHO - 0.127) < 5e-4],
        ],
        "\\lfloor f/2 \\rfloor,i+u": [trials(_multiplier, 3910)],
        "$C_g = C_{in}/G$": [None, None],
        "$$P = C_{out}": [
            grid(
                lambda ci, co, k, g: (
                    params(Conv2d(ci, co, k, groups=g)) == co * (ci // g) * k**2 + co
                ),
                _GROUP_SIZES,
            )
        ],
        "$P_{g} = 128": [
            equal(params(Conv2d(64, 128, 3, padding=1, groups=4)), 128 * 64 * 9 / 4),
            equal(128 * 64 * 9 / 4, 18432),
        ],
        "$M_{g} = M_{std}/4$": [equal(M_G4, M_STD / 4)],
        "\\partial w_{f,c',u,v}} =": [trials(_gr_dw, 3911)],
        "\\sum_{f=0}^{C_{out}-1}": [trials(lambda r: _gr_dx(_grouped(r), all_filters=True), 3912)],
        "$G = C_{in} = C_{out}$": [None, None],
        "\\, w_{c,0,u,v}$$": [trials(_dw_dx, 3913)],
    },
)


# --- lecture07_dense_layers_minibatch.md (English lecture notes): rows X (B, d), W (m, d) as
# nn.Linear, Y = X W^T + 1 b^T, G = dL/dY, 1-based

LECTURE = "lecture07_dense_layers_minibatch"
B, DIN, MOUT = 4, 3, 2


def linear(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray) -> dict:
    """Y = X W^T + b and the gradients of sum(Y * G)."""
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = xt @ wt.T + bt
    (y * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _lin(rel: Callable[[dict], bool], seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        return rel(linear(*(r.normal(size=s) for s in ((B, DIN), (MOUT, DIN), MOUT, (B, MOUT)))))

    return trials(check, seed)


def _mean_sum(r: np.random.Generator) -> dict:
    """Per-example loss l_n = sum_j (c_nj y_nj + y_nj^2 / 2); the mean and the sum over n."""
    x, w, b, c = (r.normal(size=s) for s in ((B, DIN), (MOUT, DIN), MOUT, (B, MOUT)))
    out: dict = {"x": x, "w": w}
    for red in ("mean", "sum"):
        xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
        y = xt @ wt.T + bt
        y.retain_grad()
        per = (t64(c) * y + y**2 / 2).sum(dim=1)
        (per.mean() if red == "mean" else per.sum()).backward()
        out[red] = {"dx": xt.grad.numpy(), "dw": wt.grad.numpy(), "db": bt.grad.numpy()}
        if red == "sum":
            out["gn"] = y.grad.numpy()  # row n is g_n = d l_n / d y_n
    return out


def _ms(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_mean_sum(r)), seed)


def _two_layers(r: np.random.Generator) -> dict:
    x, w1, b1 = r.normal(size=(B, DIN)), r.normal(size=(5, DIN)), r.normal(size=5)
    w2, b2, g2 = r.normal(size=(MOUT, 5)), r.normal(size=MOUT), r.normal(size=(B, MOUT))
    xt, w1t, w2t = t64(x), t64(w1, True), t64(w2, True)
    z1 = xt @ w1t.T + t64(b1)
    z1.retain_grad()
    h = torch.relu(z1)
    h.retain_grad()
    ((h @ w2t.T + t64(b2)) * t64(g2)).sum().backward()
    return {
        "z1": z1.detach().numpy(),
        "w2": w2,
        "g2": g2,
        "dh": h.grad.numpy(),
        "dz1": z1.grad.numpy(),
    }


def _relu_row() -> np.ndarray:
    zt = t64([1.5, -0.2, 0.0, 2.0], True)
    (torch.relu(zt) * t64([1.0, 2, 3, -1])).sum().backward()
    return zt.grad.numpy()


LE_X = np.array([[1.0, 2], [0, -1]])
LE_W = np.array([[1.0, -1], [2, 0], [0, 1]])
LE_B = np.array([0.0, 1, -1])
LE_G = np.array([[1.0, 0, -1], [2, -1, 1]])
LE = linear(LE_X, LE_W, LE_B, LE_G)

LECTURE_CLAIMS = claims_of(
    LECTURE,
    {
        "$$Y = X W^\\top + \\mathbf{1}_B b^\\top$$": [None],
        "and we write $G =": [None],
        "Matching shapes is the quickest": [
            _lin(lambda v: same(v["dw"], v["g"].T @ v["x"]), 3920),
            _lin(lambda v: same(v["db"], v["g"] @ np.ones(MOUT)), 3921),
        ],
        "$$\\frac{\\partial L}{\\partial X} = G W$$": [
            _lin(lambda v: same(v["dx"], v["g"] @ v["w"]), 3922)
        ],
        "\\partial W_{jk}} =": [
            _lin(
                lambda v: same(
                    v["dw"],
                    [
                        [sum(v["g"][n, j] * v["x"][n, k] for n in range(B)) for k in range(DIN)]
                        for j in range(MOUT)
                    ],
                ),
                3923,
            )
        ],
        "\\partial X_{nk}} =": [
            _lin(
                lambda v: same(
                    v["dx"],
                    [
                        [
                            sum(v["g"][n, j] * at(v["w"], k, j) for j in range(MOUT))
                            for k in range(DIN)
                        ]
                        for n in range(B)
                    ],
                ),
                3924,
            )
        ],
        "\\partial b_j} =": [
            _lin(
                lambda v: same(v["db"], [sum(v["g"][n, j] for n in range(B)) for j in range(MOUT)]),
                3925,
            )
        ],
        "Let $\\ell_n$ be the loss": [None, None],
        "g_n x_n^\\top$$": [
            _ms(
                lambda v: same(
                    v["mean"]["dw"], sum(np.outer(v["gn"][n], v["x"][n]) for n in range(B)) / B
                ),
                3926,
            )
        ],
        "where $x_n$ is the": [_ms(lambda v: same(v["mean"]["dx"], v["gn"] @ v["w"]), 3927)],
        "In short, switching": [
            _ms(lambda v: same(v["mean"]["db"], v["sum"]["db"] / B), 3928),
            _ms(lambda v: same(v["mean"]["dx"], v["sum"]["dx"]), 3929),
        ],
        "$B = 2$, $d = 2$": [None, None, None],
        "$$X = \\begin": [None, None, None, None],
        "Forward: $Y =": [single(lambda: same(LE["y"], [[-1, 3, 1], [1, 1, -2]]))],
        "= G^\\top X = \\begin": [
            single(lambda: same(LE["dw"], LE_G.T @ LE_X)),
            single(lambda: same(LE_G.T @ LE_X, [[1, 0], [0, 1], [-1, -1]])),
        ],
        "= G W = \\begin": [
            single(lambda: same(LE["dx"], LE_G @ LE_W)),
            single(lambda: same(LE_G @ LE_W, [[1, -2], [0, -1]])),
        ],
        "The bias gradient is the column sums": [single(lambda: same(LE["db"], [3, -1, 0]))],
        "Stack a hidden layer": [None, None, None, None],
        "= G_2 W_2, \\qquad": [
            trials(lambda r: (lambda v: same(v["dh"], v["g2"] @ v["w2"]))(_two_layers(r)), 3930),
            trials(
                lambda r: (lambda v: same(v["dz1"], v["dh"] * (v["z1"] > 0)))(_two_layers(r)), 3931
            ),
        ],
        "PyTorch takes the derivative": [
            None,
            None,
            single(lambda: same(_relu_row(), [1, 0, 3, -1])),
        ],
        "Sizes to remember": [
            lambda: [params(torch.nn.Linear(784, 256)) == 784 * 256 + 256 == 200960]
        ],
    },
)


# --- blog_im2col_conv_backward_as_matmul.md (English blog post): one image C x H x W, F filters
# K[f, c, u, v], 0-based, stride 1 and no padding unless stated; F.unfold / F.fold

BLOG = "blog_im2col_conv_backward_as_matmul"
BC, BH, BW, BF, BK = 2, 5, 6, 3, 3
BHO, BWO = BH - BK + 1, BW - BK + 1


def unfold(x: np.ndarray, k: int, **kw: int) -> np.ndarray:
    """F.unfold of one C x H x W image: (C k^2, L)."""
    return F.unfold(t64(x[None]), k, **kw).numpy()[0]


def fold(cols: np.ndarray, size: tuple[int, int], k: int) -> np.ndarray:
    return F.fold(t64(cols[None]), size, k).numpy()[0]


def _unfold_entries(r: np.random.Generator) -> bool:
    x = r.normal(size=(BC, BH, BW))
    u = unfold(x, BK)
    lhs = [
        u[c * BK**2 + a * BK + b, i * BWO + j]
        for c, a, b, i, j in itertools.product(
            range(BC), range(BK), range(BK), range(BHO), range(BWO)
        )
    ]
    rhs = [
        at(x, c, i + a, j + b)
        for c, a, b, i, j in itertools.product(
            range(BC), range(BK), range(BK), range(BHO), range(BWO)
        )
    ]
    return same(lhs, rhs)


def _gemm(r: np.random.Generator, n: int = 1) -> dict:
    """n images; the conv2d output and gradients, the column matrices, and the gradient of the
    GEMM with respect to the columns of the first image."""
    x, k = r.normal(size=(n, BC, BH, BW)), r.normal(size=(BF, BC, BK, BK))
    b, g = r.normal(size=BF), r.normal(size=(n, BF, BHO, BWO))
    cols = [unfold(x[i], BK) for i in range(n)]
    ct = t64(cols[0], True)
    (((t64(k.reshape(BF, -1)) @ ct) + t64(b)[:, None]) * t64(g[0].reshape(BF, -1))).sum().backward()
    return {
        "x": x,
        "krow": k.reshape(BF, -1),
        "b": b,
        "cols": cols,
        "dcol": ct.grad.numpy(),
        "grow": [g[i].reshape(BF, -1) for i in range(n)],
        **conv(x, k, b, g),
    }


def _bl(rel: Callable[[dict], bool], seed: int, n: int = 1) -> Truth:
    return trials(lambda r: rel(_gemm(r, n)), seed)


def _gemm_forward(v: dict) -> bool:
    z = v["krow"] @ v["cols"][0] + v["b"][:, None] * np.ones((1, BHO * BWO))
    return same(v["z"][0], z.reshape(BF, BHO, BWO))


def _fold_roundtrip(r: np.random.Generator) -> bool:
    x = r.normal(size=(BC, BH, BW))
    ones = np.ones_like(x)
    return same(fold(unfold(x, BK), (BH, BW), BK), x * fold(unfold(ones, BK), (BH, BW), BK))


def _fold_divided(v: dict) -> bool:
    count = fold(unfold(np.ones((BC, BH, BW)), BK), (BH, BW), BK)
    return same(v["dx"][0], fold(v["dcol"], (BH, BW), BK) / count)


def _copy_ratio(c: int, h: int, w: int, k: int) -> bool:
    cols = unfold(np.zeros((c, h, w)), k, padding=(k - 1) // 2)
    return math.isclose(cols.size / (c * h * w), k**2)


BL_X = np.array([[1.0, 2, 0], [3, 1, 1], [0, 2, 4]])
BL_K = np.array([[1.0, -1], [0, 2]])
BL_G = np.array([[1.0, -1], [2, 0]])
BL = conv(BL_X[None, None], BL_K[None, None], None, BL_G[None, None])
BL_COLS = unfold(BL_X[None], 2)
_BL_TERMS = sum(BL_K[a, b] * BL_G[a, b] for a in range(2) for b in range(2))

BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "Row $r = c k^2 + u k + v$": [None, None],
        "$$X_{col}[c k^2": [trials(_unfold_entries, 3940)],
        "$$Z_{row} = K_{row} X_{col} + b": [_bl(_gemm_forward, 3941)],
        "**Sizes.**": [
            None,
            equal(flops_conv((1, 3, 32, 32), (16, 3, 3, 3), padding=1), 16 * 27 * 1024),
            equal(16 * 27 * 1024, 442368),
        ],
        "odd $k$, $p = (k-1)/2$": [None],
        "$$\\frac{C k^2 H_o W_o}{C H W} = k^2$$": [
            grid(
                _copy_ratio,
                [(c, h, w, k) for c in (1, 3) for h, w in ((5, 5), (8, 6)) for k in (1, 3, 5)],
            )
        ],
        "With stride 2 the same layer": [
            equal(conv_out(32, 3, 2, 1), (32 + 2 - 3) // 2 + 1),
            equal((32 + 2 - 3) // 2 + 1, 16),
        ],
        "X_{col}^\\top, \\qquad": [
            _bl(lambda v: same(v["dw"].reshape(BF, -1), v["grow"][0] @ v["cols"][0].T), 3942),
            _bl(lambda v: same(v["db"], v["grow"][0] @ np.ones(BHO * BWO)), 3943),
            _bl(lambda v: same(v["dcol"], v["grow"][0].T @ v["krow"]), 3944),
        ],
        "The last one is the gradient": [trials(_fold_roundtrip, 3945)],
        "\\oslash \\operatorname{fold}": [_bl(_fold_divided, 3946)],
        "For a batch of $N$ images": [
            _bl(
                lambda v: same(
                    v["dw"].reshape(BF, -1),
                    sum(gr @ c.T for gr, c in zip(v["grow"], v["cols"], strict=True)),
                ),
                3947,
                3,
            ),
            _bl(
                lambda v: same(v["db"], sum(gr @ np.ones(BHO * BWO) for gr in v["grow"]) / 3),
                3948,
                3,
            ),
        ],
        "One channel, $k = 2$": [None],
        "$$x = \\begin": [None, None, None, None],
        "$$X_{col} = \\begin": [
            single(lambda: same(BL_COLS, [[1, 2, 3, 1], [2, 0, 1, 1], [3, 1, 0, 2], [1, 1, 2, 4]]))
        ],
        "Reading the kernel row by row": [
            single(lambda: same(BL["z"].reshape(-1), BL_K.reshape(-1) @ BL_COLS)),
            single(lambda: same(BL_K.reshape(-1) @ BL_COLS, [1, 4, 6, 8])),
        ],
        "Weight gradient: $": [single(lambda: same(BL["dw"].reshape(-1), [5, 4, 2, 4]))],
        "\\partial x[1, 1]} =": [
            single(lambda: math.isclose(BL["dx"][0, 0, 1, 1], _BL_TERMS)),
            equal(_BL_TERMS, 1 + 1 + 0 + 0),
            equal(1 + 1 + 0 + 0, 2),
        ],
        "$$\\frac{\\partial L}{\\partial x} = \\begin": [
            single(lambda: same(BL["dx"][0, 0], [[1, -2, 1], [2, 2, -2], [0, 4, 0]]))
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh39_truth_b import NOTES_B

    return {**EXAMEN_CLAIMS, **APUNTES_CLAIMS, **LECTURE_CLAIMS, **BLOG_CLAIMS, **NOTES_B}
