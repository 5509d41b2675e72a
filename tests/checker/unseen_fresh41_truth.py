"""Independent truth for the fresh41 unseen set (tests/data/check/unseen/fresh41/): the notes
blog_my_first_keras_mnist_cnn_summary, solucion_tarea3_backprop_conv_stride2,
zhihu_kongdong_juanji_1d_shixu and lecture11_two_conv_layers_relu_backprop (the other three
live in unseen_fresh41_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or multiplying
mismatched shapes (ValueError) disagrees; where a note declares zeros outside a range those
entries read as zero.  A link between two written numbers is arithmetic; a size or count named
on the left must equal the true one (a Keras layer's count is the count of the torch layer
with the same weights and biases).
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
    corr1,
    dilate,
    dilate1,
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
SET = "fresh41"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- blog_my_first_keras_mnist_cnn_summary.md (English blog): Conv2D(16, 5, same) -> pool 2 ->
# Conv2D(32, 3, valid) -> pool 2 -> Flatten -> Dense(64) -> Dense(10) on 28 x 28 x 1.  Keras'
# Conv2D / Dense hold the same weights and biases as torch's Conv2d / Linear, so the counts
# are torch's; the sides are torch's output shapes (channels first).

KERAS = "blog_my_first_keras_mnist_cnn_summary"


def _mnist_net() -> torch.nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 16, 5, padding="same"),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(1152, 64),
        nn.ReLU(),
        nn.Linear(64, 10),
    ).double()


NET = _mnist_net()


def _shapes() -> list[tuple[int, ...]]:
    """The output shape after every layer of NET on one 28 x 28 image."""
    h, out = torch.zeros(1, 1, 28, 28, dtype=F64), []
    for layer in NET:
        h = layer(h)
        out.append(tuple(h.shape[1:]))
    return out


SHAPES = _shapes()
SIDE_1, SIDE_2, SIDE_3, FLAT = SHAPES[0][-1], SHAPES[2][-1], SHAPES[3][-1], SHAPES[6][0]
P_CONV1, P_CONV2, P_FC1, P_FC2 = (params(NET[i]) for i in (0, 3, 7, 9))
M_CONV1 = flops_half(
    lambda: F.conv2d(
        torch.zeros(1, 1, 28, 28, dtype=F64), torch.zeros(16, 1, 5, 5, dtype=F64), padding=2
    )
)

KERAS_CLAIMS = claims_of(
    KERAS,
    {
        "| conv2d (Conv2D)": [equal(P_CONV1, 416)],
        "| conv2d_1 (Conv2D)": [equal(P_CONV2, 4608)],
        "| dense (Dense)": [equal(P_FC1, 73728)],
        "| dense_1 (Dense)": [equal(P_FC2, 650)],
        "Total params:": [equal(params(NET), 79402)],
        "$$H_1 = 28": [equal(SIDE_1, 28 + 2 * 2 - 5 + 1), equal(28 + 2 * 2 - 5 + 1, 28)],
        "halves the side": [equal(SIDE_2, 28 / 2), equal(28 / 2, 14)],
        "$$H_3 = 14": [equal(SIDE_3, 14 - 3 + 1), equal(14 - 3 + 1, 12)],
        "lays it out as one vector": [equal(FLAT, 6 * 6 * 32), equal(6 * 6 * 32, 1152)],
        "$$P_1 = (5": [equal(P_CONV1, (5 * 5 * 1 + 1) * 16), equal((5 * 5 * 1 + 1) * 16, 416)],
        "$$P_6 = 1152": [equal(P_FC1, 1152 * 64), equal(1152 * 64, 73728)],
        "and the output layer has": [equal(P_FC2, 64 * 10 + 10), equal(64 * 10 + 10, 650)],
        "$$M_1 = 24^2": [equal(M_CONV1, 24**2 * 16 * 25), equal(24**2 * 16 * 25, 230400)],
    },
)


# --- solucion_tarea3_backprop_conv_stride2.md (Spanish exam solution): 0-based X[p, q] 5 x 5,
# W 3 x 3, stride 2, zero padding 1, G = dL/dZ 3 x 3; Xt = pad_1(X), X zero outside (declared).

SOL = "solucion_tarea3_backprop_conv_stride2"
SOL_X = np.array(
    [[1.0, 2, 0, 1, 3], [0, 1, -1, 2, 1], [2, 0, 1, 0, -2], [1, 1, 0, -1, 2], [0, -1, 2, 1, 1]]
)
SOL_W = np.array([[1.0, 0, -1], [2, 1, 0], [0, -1, 1]])
SOL_G = np.array([[1.0, -1, 2], [0, 2, 1], [-1, 1, 0]])


def _strided(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    """torch conv2d (stride 2, padding 1, a bias) and the gradients of sum(z * g), single channel;
    plus the gradient with respect to the padded input (its own leaf)."""
    v = conv(x[None, None], w[None, None], np.zeros(1), g[None, None], stride=2, padding=1)
    xp = t64(pad(x, 1), True)
    (F.conv2d(xp[None, None], t64(w[None, None]), stride=2) * t64(g[None, None])).sum().backward()
    return {
        "x": x,
        "xt": pad(x, 1),
        "w": w,
        "g": g,
        "z": v["z"][0, 0],
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
        "db": float(v["db"][0]),
        "dxt": xp.grad.numpy(),
    }


SOL_V = _strided(SOL_X, SOL_W, SOL_G)


def _sol(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(
        lambda r: rel(
            _strided(r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(3, 3)))
        ),
        seed,
    )


R3 = range(3)


def _dw00_terms(v: dict) -> float:
    g, x = v["g"], v["x"]
    return g[1, 1] * x[1, 1] + g[1, 2] * x[1, 3] + g[2, 1] * x[3, 1] + g[2, 2] * x[3, 3]


def _dx11_written(v: dict) -> float:
    """The note's four terms for dL/dX[1,1] (each G paired with the unflipped corner)."""
    g, w = v["g"], v["w"]
    return g[0, 0] * w[0, 0] + g[0, 1] * w[0, 2] + g[1, 0] * w[2, 0] + g[1, 1] * w[2, 2]


SOL_CLAIMS = claims_of(
    SOL,
    {
        "$$H_{out} = \\left\\lfloor \\frac{5": [
            equal(conv_out(5, 3, 2, 1), (5 + 2 - 3) // 2 + 1),
            equal((5 + 2 - 3) // 2 + 1, 3),
        ],
        "$$Z[i,j] = \\sum": [
            _sol(
                lambda v: same(
                    v["z"],
                    [
                        [
                            sum(
                                v["w"][u, c] * at(v["xt"], 2 * i + u, 2 * j + c)
                                for u in R3
                                for c in R3
                            )
                            for j in R3
                        ]
                        for i in R3
                    ],
                ),
                4101,
            )
        ],
        "de modo que $Z[0,0] = 3$": [single(lambda: math.isclose(SOL_V["z"][0, 0], 3))],
        "\\partial W[u,v]} = \\sum": [
            _sol(
                lambda v: same(
                    v["dw"],
                    [
                        [
                            sum(
                                v["g"][i, j] * at(v["xt"], 2 * i + u, 2 * j + c)
                                for i in R3
                                for j in R3
                            )
                            for c in R3
                        ]
                        for u in R3
                    ],
                ),
                4102,
            )
        ],
        "El peso central": [
            _sol(
                lambda v: math.isclose(
                    v["dw"][1, 1],
                    sum(v["g"][i, j] * at(v["x"], 2 * i, 2 * j) for i in R3 for j in R3),
                ),
                4103,
            ),
            equal(sum(SOL_G[i, j] * SOL_X[2 * i, 2 * j] for i in R3 for j in R3), 9),
        ],
        "\\partial W[0,0]} = \\sum": [
            _sol(
                lambda v: math.isclose(
                    v["dw"][0, 0],
                    sum(v["g"][i, j] * zat(v["x"], 2 * i - 1, 2 * j - 1) for i in R3 for j in R3),
                ),
                4104,
            ),
            _sol(
                lambda v: math.isclose(
                    sum(v["g"][i, j] * zat(v["x"], 2 * i - 1, 2 * j - 1) for i in R3 for j in R3),
                    _dw00_terms(v),
                ),
                4105,
            ),
            equal(_dw00_terms(SOL_V), 4),
        ],
        "$$\\frac{\\partial L}{\\partial W} = \\begin{bmatrix} 4": [
            single(lambda: same(SOL_V["dw"], [[4, -2, 2], [-1, 9, 3], [4, 5, -3]]))
        ],
        "Si añadimos un sesgo": [
            _sol(lambda v: math.isclose(v["db"], v["g"].sum()), 4106),
            equal(SOL_G.sum(), 5),
        ],
        "\\partial X[p,q]} = \\sum": [
            _sol(
                lambda v: same(
                    v["dx"],
                    [
                        [
                            sum(
                                v["g"][i, j] * zat(v["w"], p + 1 - 2 * i, q + 1 - 2 * j)
                                for i in R3
                                for j in R3
                            )
                            for q in range(5)
                        ]
                        for p in range(5)
                    ],
                ),
                4107,
            )
        ],
        "\\partial X[1,1]} = G[0,0]W[0,0]": [
            single(lambda: math.isclose(SOL_V["dx"][1, 1], _dx11_written(SOL_V))),
            equal(_dx11_written(SOL_V), 4),
        ],
        "\\begin{bmatrix} 1 & -2 & -1 & 4 & 2": [
            single(
                lambda: same(
                    SOL_V["dx"],
                    [
                        [1, -2, -1, 4, 2],
                        [-1, 4, 1, -2, -2],
                        [0, 4, 2, 2, 1],
                        [0, 2, -2, 1, -1],
                        [-1, 2, 1, 0, 0],
                    ],
                )
            )
        ],
        "\\partial \\tilde X} = \\operatorname{pad}_2": [
            _sol(lambda v: same(v["dxt"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))), 4108)
        ],
        "y, quitando el borde de relleno": [
            _sol(lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["w"]))), 4109)
        ],
        "Observación para quien": [
            _sol(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["w"]))), 4110)
        ],
    },
)


# --- zhihu_kongdong_juanji_1d_shixu.md (Chinese blog): nn.Conv1d with dilation, 0-based;
# x (7), w (3), d = 2, no padding or bias, g = dL/dy given; g zero outside 0..2 (declared).

ZH = "zhihu_kongdong_juanji_1d_shixu"


def len1(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    y = F.conv1d(
        torch.zeros(1, 1, n, dtype=F64),
        torch.zeros(1, 1, k, dtype=F64),
        stride=s,
        padding=p,
        dilation=d,
    )
    return int(y.shape[-1])


def _fits(n: int, k: int, d: int) -> bool:
    try:
        return len1(n, k, d=d) >= 1
    except RuntimeError:
        return False


def k_eff(k: int, d: int) -> int:
    """The shortest signal a dilated kernel fits in."""
    return next(n for n in range(1, 200) if _fits(n, k, d))


def receptive_field(k: int, dilations: tuple[int, ...]) -> int:
    """Samples one output of stacked stride-1 dilated conv1d layers depends on (the support of
    its autograd gradient, all-ones kernels)."""
    x = torch.ones(1, 1, 300, dtype=F64, requires_grad=True)
    h = x
    for d in dilations:
        h = F.conv1d(h, torch.ones(1, 1, k, dtype=F64), dilation=d)
    h[0, 0, h.shape[-1] // 2].backward()
    hit = np.nonzero(x.grad.numpy()[0, 0])[0]
    return int(hit[-1] - hit[0] + 1)


def dil_conv1(x: np.ndarray, w: np.ndarray, g: np.ndarray, d: int = 2) -> dict:
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(xt, wt, dilation=d)
    (y * t64(g[None, None])).sum().backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": y.detach().numpy()[0, 0],
        "dx": xt.grad.numpy()[0, 0],
        "dw": wt.grad.numpy()[0, 0],
    }


ZH_X, ZH_W, ZH_G = (
    np.array([1.0, 3, -2, 0, 2, 1, -1]),
    np.array([2.0, -1, 1]),
    np.array([1.0, -1, 2]),
)
ZH_V = dil_conv1(ZH_X, ZH_W, ZH_G)


def _zh(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(
        lambda r: rel(dil_conv1(r.normal(size=7), r.normal(size=3), r.normal(size=3))), seed
    )


_LEN_SIZES = [
    (n, k, s, p, d)
    for n in (6, 11, 20)
    for k in (1, 2, 3, 5)
    for s in (1, 2, 3)
    for p in (0, 1, 3)
    for d in (1, 2, 3)
    if n + 2 * p >= d * (k - 1) + 1
]
_ZH_LAYER = nn.Conv1d(3, 16, kernel_size=5, dilation=2, padding=4).double()
_ZH_LEN = int(_ZH_LAYER(torch.zeros(1, 3, 100, dtype=F64)).shape[-1])

ZH_CLAIMS = claims_of(
    ZH,
    {
        "$$L_{out} = \\left\\lfloor \\frac{L_{in}": [
            grid(
                lambda n, k, s, p, d: len1(n, k, s, p, d) == (n + 2 * p - d * (k - 1) - 1) // s + 1,
                _LEN_SIZES,
            )
        ],
        "{100 + 8 - 8 - 1}": [
            equal(_ZH_LEN, (100 + 8 - 8 - 1) // 1 + 1),
            equal((100 + 8 - 8 - 1) // 1 + 1, 100),
        ],
        "K_{eff} = d(K-1) + 1 = 9": [equal(k_eff(5, 2), 2 * (5 - 1) + 1), equal(2 * 4 + 1, 9)],
        "$$R = 1 + (K-1)(1 + 2 + 4) = 15$$": [
            equal(receptive_field(3, (1, 2, 4)), 1 + 2 * (1 + 2 + 4)),
            equal(1 + 2 * 7, 15),
        ],
        "如果再加一层": [
            None,
            equal(receptive_field(3, (1, 2, 4, 8)), 15 + 8),
            equal(15 + 8, 23),
        ],
        "$$y_t = \\sum_{k=0}^{2}": [
            _zh(
                lambda v: same(
                    v["y"], [sum(v["w"][k] * at(v["x"], t + 2 * k) for k in R3) for t in R3]
                ),
                4111,
            )
        ],
        "输出长度是": [
            equal(len1(7, 3, d=2), 7 - 2 * 2),
            single(lambda: same(ZH_V["y"], [6, 7, -5])),
        ],
        "\\partial w_k} = \\sum": [
            _zh(
                lambda v: same(
                    v["dw"], [sum(v["g"][t] * at(v["x"], t + k) for t in R3) for k in R3]
                ),
                4112,
            )
        ],
        "代入数字得到": [single(lambda: same(ZH_V["dw"], [-6, 2, -1]))],
        "\\partial x_s} = \\sum": [
            _zh(
                lambda v: same(
                    v["dx"], [sum(zat(v["g"], s - 2 * k) * v["w"][k] for k in R3) for s in range(7)]
                ),
                4113,
            )
        ],
        "\\partial x_4} = g_2 w_1": [
            _zh(
                lambda v: math.isclose(v["dx"][4], v["g"][2] * v["w"][1] + v["g"][0] * v["w"][2]),
                4114,
            ),
            equal(ZH_G[2] * ZH_W[1] + ZH_G[0] * ZH_W[2], -1),
        ],
        "全部写出来是": [single(lambda: same(ZH_V["dx"], [2, -1, 3, 1, -1, -1, 2]))],
        "写成算子形式": [
            _zh(lambda v: same(v["dx"], corr1(np.pad(v["g"], 2), v["w"][::-1])), 4115)
        ],
        "\\operatorname{pad}_4(g)": [
            _zh(lambda v: same(v["dx"], corr1(np.pad(v["g"], 4), dilate1(v["w"], 2)[::-1])), 4116)
        ],
    },
)


# --- lecture11_two_conv_layers_relu_backprop.md (English lecture): 1-based, superscript layers;
# z2 = b2 + w2 * x1, x2 = ReLU(z2), z3 = b3 + w3 * x2, delta3 = dL/dz3 given; delta3 (line 29)
# and delta2 (line 49) zero outside their ranges (declared).

LEC = "lecture11_two_conv_layers_relu_backprop"
LEC_SIZES = ((7, 3), (6, 2))


def two_layers(r: np.random.Generator, n1: int, k: int) -> dict:
    x1 = t64(r.normal(size=(1, 1, n1, n1)), True)
    w2, w3 = t64(r.normal(size=(1, 1, k, k)), True), t64(r.normal(size=(1, 1, k, k)), True)
    b2, b3 = t64(r.normal(size=1), True), t64(r.normal(size=1), True)
    z2 = F.conv2d(x1, w2, b2)
    z2.retain_grad()
    x2 = torch.relu(z2)
    x2.retain_grad()
    z3 = F.conv2d(x2, w3, b3)
    d3 = r.normal(size=z3.shape)
    (z3 * t64(d3)).sum().backward()

    def np_(t: torch.Tensor) -> np.ndarray:
        return t.detach().numpy()[0, 0]

    return {
        "n1": n1,
        "n2": n1 - k + 1,
        "n3": n1 - 2 * k + 2,
        "k": k,
        "x1": np_(x1),
        "w2": np_(w2),
        "w3": np_(w3),
        "z2": np_(z2),
        "x2": np_(x2),
        "d3": d3[0, 0],
        "d2": z2.grad.numpy()[0, 0],
        "dx2": x2.grad.numpy()[0, 0],
        "dx1": x1.grad.numpy()[0, 0],
        "dw2": w2.grad.numpy()[0, 0],
        "dw3": w3.grad.numpy()[0, 0],
        "db2": float(b2.grad[0]),
        "db3": float(b3.grad[0]),
    }


def one(a: np.ndarray, i: int, j: int) -> float:
    """1-based strict entry."""
    return at(a, i - 1, j - 1)


def zone(a: np.ndarray, i: int, j: int) -> float:
    """1-based entry, zero outside (declared)."""
    return zat(a, i - 1, j - 1)


def _lec(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(two_layers(r, n1, k)) for n1, k in LEC_SIZES), seed)


def rng1(n: int) -> range:
    return range(1, n + 1)


def _grad_w(v: dict, delta: str, x: str, bound: int) -> list[list[float]]:
    """sum_{i,j=1}^{bound} delta_{i,j} x_{i+u-1, j+v-1} for u, v = 1..k."""
    d, a = v[delta], v[x]
    return [
        [
            sum(
                one(d, i, j) * one(a, i + u - 1, j + c - 1)
                for i in rng1(bound)
                for j in rng1(bound)
            )
            for c in rng1(v["k"])
        ]
        for u in rng1(v["k"])
    ]


def _grad_x(v: dict, delta: str, w: str, n: int, sign: int) -> list[list[float]]:
    """sum_{u,v} delta_{p - sign(u-1), q - sign(v-1)} w_{u,v}, delta zero outside."""
    d, k = v[delta], v["k"]
    return [
        [
            sum(
                zone(d, p - sign * (u - 1), q - sign * (c - 1)) * one(v[w], u, c)
                for u in rng1(k)
                for c in rng1(k)
            )
            for q in rng1(n)
        ]
        for p in rng1(n)
    ]


_LEC_GRID = [(n1, k) for n1 in (5, 8, 13, 28) for k in (1, 2, 3, 5) if n1 >= 2 * k - 1]

LEC_CLAIMS = claims_of(
    LEC,
    {
        "$$n_2 = n_1 - k + 1$$": [grid(lambda n1, k: conv_out(n1, k) == n1 - k + 1, _LEC_GRID)],
        "$$n_3 = n_1 - 2k + 2$$": [
            grid(lambda n1, k: conv_out(conv_out(n1, k), k) == n1 - 2 * k + 2, _LEC_GRID)
        ],
        "On an MNIST-sized input": [
            None,
            None,
            equal(conv_out(28, 5), 24),
            equal(conv_out(conv_out(28, 5), 5), 18),
        ],
        "\\partial w^{(3)}_{u,v}} = \\sum_{i=1}^{n_2}": [
            _lec(lambda v: same(v["dw3"], _grad_w(v, "d3", "x2", v["n2"])), 4117)
        ],
        "\\partial b^{(3)}} = \\sum": [_lec(lambda v: math.isclose(v["db3"], v["d3"].sum()), 4118)],
        "\\partial x^{(2)}_{p,q}} = \\sum": [
            _lec(lambda v: same(v["dx2"], _grad_x(v, "d3", "w3", v["n2"], 1)), 4119)
        ],
        "In operator form this is": [
            _lec(lambda v: same(v["dx2"], corr(pad(v["d3"], v["k"] - 1), rot180(v["w3"]))), 4120)
        ],
        "\\cdot \\max(0, z^{(2)}_{i,j})$$": [
            _lec(lambda v: same(v["d2"], v["dx2"] * np.maximum(0, v["z2"])), 4121)
        ],
        "\\partial w^{(2)}_{u,v}} = \\sum_{i=1}^{n_2}": [
            _lec(lambda v: same(v["dw2"], _grad_w(v, "d2", "x1", v["n2"])), 4122)
        ],
        "or, as an operator": [
            _lec(lambda v: same(v["dw2"], corr(v["x1"], v["d2"])), 4123),
            _lec(lambda v: math.isclose(v["db2"], v["d2"].sum()), 4124),
        ],
        "\\partial x^{(1)}_{p,q}} = \\sum": [
            _lec(lambda v: same(v["dx1"], _grad_x(v, "d2", "w2", v["n1"], -1)), 4125)
        ],
        "\\partial x^{(1)}_{1,1}} =": [
            _lec(lambda v: math.isclose(v["dx1"][0, 0], v["d2"][0, 0] * v["w2"][0, 0]), 4126)
        ],
        "\\partial x^{(1)}_{1,n_1}} =": [
            _lec(
                lambda v: math.isclose(v["dx1"][0, -1], one(v["d2"], 1, v["n2"]) * v["w2"][0, 0]),
                4127,
            )
        ],
        "$$P = C_{out} (C_{in} k^2 + 1)$$": [
            grid(
                lambda ci, co, k: params(nn.Conv2d(ci, co, k)) == co * (ci * k * k + 1),
                [(ci, co, k) for ci in (1, 3) for co in (1, 4) for k in (1, 3, 5)],
            )
        ],
        "so our two single-channel layers": [
            lambda: [2 * params(nn.Conv2d(1, 1, 3)) == 2 * (3**2 + 1) == 20],
            None,
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh41_truth_b import NOTES_B

    return {**KERAS_CLAIMS, **SOL_CLAIMS, **ZH_CLAIMS, **LEC_CLAIMS, **NOTES_B}
