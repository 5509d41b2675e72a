"""Independent truth for the fresh64 unseen set (tests/data/check/unseen/fresh64/): the notes
blog_lenet5_keras_summary_by_hand, notas_aula_minivgg_pytorch_cifar,
biji_shuru_tidu_full_juanji_rot180 and tutorial6_stride_as_dilation_worked (the other three
live in unseen_fresh64_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note).  A side reading an
entry outside a tensor (IndexError) or of the wrong shape (ValueError) disagrees; where a note
declares zeros outside a range, those entries read as zero.  A link between two written numbers
is arithmetic; a size or count named on the left must equal the true one.
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
SET = "fresh64"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def shapes(net: nn.Sequential, shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The output shape (without the batch axis) after each layer of net on zeros."""
    h, out = torch.zeros(1, *shape, dtype=F64), []
    with torch.no_grad():
        for layer in net:
            h = layer(h)
            out.append(tuple(h.shape[1:]))
    return out


# --- blog_lenet5_keras_summary_by_hand.md (English blog post): the Keras LeNet-5 on 32 x 32 x 1.
# Keras' Conv2D and Dense hold the same weights and biases as torch's Conv2d and Linear, its
# default padding is "valid" and a pooling stride defaults to the pool size, as in torch.

LENET = "blog_lenet5_keras_summary_by_hand"


def _lenet(c1_padding: int = 0) -> nn.Sequential:
    # Keras' padding="same" at stride 1 and k = 5 pads 2 on every side
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=c1_padding),
        nn.Tanh(),
        nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.Tanh(),
        nn.AvgPool2d(2),
        nn.Flatten(),
    ).double()


def _dense_counts(flat: int) -> list[int]:
    return [params(nn.Linear(a, b)) for a, b in ((flat, 120), (120, 84), (84, 10))]


LENET_SHAPES = shapes(_lenet(), (1, 32, 32))
LN_C1, LN_C3 = params(nn.Conv2d(1, 6, 5)), params(nn.Conv2d(6, 16, 5))
LN_F5, LN_F6, LN_OUT = _dense_counts(LENET_SHAPES[-1][0])
LN_TOTAL = LN_C1 + LN_C3 + LN_F5 + LN_F6 + LN_OUT
MNIST_SAME = shapes(_lenet(2), (1, 28, 28))
MNIST_VALID_FLAT = shapes(_lenet(), (1, 28, 28))[-1][0]
_CONV_GRID = [(f, k, c) for f in (1, 6, 16) for k in (1, 3, 5) for c in (1, 3, 6)]


def _lenet_field(depth: int) -> int:
    """Side of the input patch the central unit after `depth` LeNet layers (C1, S2, C3, S4 with
    positive weights, so nothing cancels) depends on: the nonzero rows of its autograd gradient."""
    x = torch.zeros(1, 1, 32, 32, dtype=F64, requires_grad=True)
    h = x
    for layer in (
        lambda t: F.conv2d(t, torch.ones(1, 1, 5, 5, dtype=F64)),
        lambda t: F.avg_pool2d(t, 2),
    ) * 2:
        if depth == 0:
            break
        h, depth = layer(h), depth - 1
    c = h.shape[-1] // 2
    h[0, 0, c, c].backward()
    return int((x.grad[0, 0].abs().sum(dim=1) > 0).sum())


def _macs(c_in: int, c_out: int, side: int) -> int:
    x, w = torch.zeros(1, c_in, side, side, dtype=F64), torch.zeros(c_out, c_in, 5, 5, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w))


LENET_CLAIMS = claims_of(
    LENET,
    {
        "$H_{C1} = 32 - 5 + 1 = 28$": [
            equal(LENET_SHAPES[0][-1], 32 - 5 + 1),
            equal(32 - 5 + 1, 28),
        ],
        "$D = 5 \\cdot 5 \\cdot 16 = 400$": [
            equal(LENET_SHAPES[-1][0], 5 * 5 * 16),
            equal(5 * 5 * 16, 400),
        ],
        "How much of the digit": [
            equal(_lenet_field(3), 6 + (5 - 1) * 2),
            equal(6 + (5 - 1) * 2, 14),
            equal(_lenet_field(4), 14 + 1),
            equal(14 + 1, 15),
        ],
        "$P_{C1} = 156$": [equal(LN_C1, 156)],
        "$P_{C3} = 2416$": [equal(LN_C3, 2416)],
        "$P_{F5} = 48\\,120$": [equal(LN_F5, 48120)],
        "$P_{F6} = 10\\,200$": [equal(LN_F6, 10200)],
        "$P_{out} = 850$": [equal(LN_OUT, 850)],
        "Total params:": [
            equal(LN_TOTAL, 156 + 2416 + 48120 + 10200 + 850),
            equal(156 + 2416 + 48120 + 10200 + 850, 61742),
        ],
        "P_{\\text{conv}}(F, k, C) = F": [
            grid(lambda f, k, c: params(nn.Conv2d(c, f, k)) == f * (k * k * c + 1), _CONV_GRID)
        ],
        "So C3, whose kernels": [
            equal(LN_C3, 16 * (25 * 6 + 1)),
            equal(16 * (25 * 6 + 1), 2416),
            equal(LN_F6, 120 * 84 + 120),
            equal(120 * 84 + 120, 10200),
        ],
        "Multiply–accumulates per image": [
            equal(_macs(1, 6, 32), 28 * 28 * 6 * 25),
            equal(28 * 28 * 6 * 25, 117600),
            equal(_macs(6, 16, 14), 10 * 10 * 16 * 25),
            equal(10 * 10 * 16 * 25, 40000),
        ],
        "Feed 28 × 28 digits": [
            equal(MNIST_SAME[0][-1], 28),
            equal(MNIST_SAME[-1][0], 400),
            equal(params(nn.Linear(MNIST_VALID_FLAT, 120)), 4 * 4 * 16 * 120 + 120),
            equal(4 * 4 * 16 * 120 + 120, 30720),
        ],
    },
)


# --- notas_aula_minivgg_pytorch_cifar.md (Portuguese lecture notes): the MiniVGG on 3 x 32 x 32.

VGG = "notas_aula_minivgg_pytorch_cifar"


def _vgg_features(p: int = 1) -> nn.Sequential:
    layers: list[nn.Module] = []
    for c_in, c_out, pool in ((3, 32, 0), (32, 32, 1), (32, 64, 0), (64, 64, 1), (64, 128, 1)):
        layers += [nn.Conv2d(c_in, c_out, 3, padding=p), nn.ReLU()]
        if pool:
            layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers, nn.Flatten()).double()


VGG_FEATURES = _vgg_features()
VGG_SHAPES = shapes(VGG_FEATURES, (3, 32, 32))
VGG_CONVS = [params(m) for m in VGG_FEATURES if isinstance(m, nn.Conv2d)]
VGG_FC = [params(nn.Linear(VGG_SHAPES[-1][0], 256)), params(nn.Linear(256, 10))]
VGG_TOTAL = sum(VGG_CONVS) + sum(VGG_FC)
VGG_NOPAD_FLAT = shapes(_vgg_features(0), (3, 32, 32))[-1][0]
SIDES = [(h,) for h in range(3, 14)]


def _receptive_side(depth: int) -> int:
    """Side of the input patch one central output of `depth` stacked 3 x 3 convolutions (stride
    1, no padding) depends on: the nonzero rows of its autograd gradient (positive weights, so
    nothing cancels)."""
    x = torch.zeros(1, 1, 15, 15, dtype=F64, requires_grad=True)
    h = x
    for _ in range(depth):
        h = F.conv2d(h, torch.ones(1, 1, 3, 3, dtype=F64))
    c = h.shape[-1] // 2
    h[0, 0, c, c].backward()
    return int((x.grad[0, 0].abs().sum(dim=1) > 0).sum())


def _no_bias(c: int, k: int) -> int:
    return params(nn.Conv2d(c, c, k, bias=False))


CHANNELS = [(c,) for c in (1, 2, 3, 8, 32)]

VGG_CLAIMS = claims_of(
    VGG,
    {
        "Com $k = 3$, $p = 1$ e $s = 1$": [
            None,
            None,
            None,
            grid(lambda h: conv_out(h, 3, 1, 1) == h + 2 * 1 - 3 + 1, SIDES),
            grid(lambda h: h + 2 * 1 - 3 + 1 == h, SIDES),
            grid(
                lambda h: F.max_pool2d(torch.zeros(1, 1, h, h), 2).shape[-1] == math.floor(h / 2),
                SIDES,
            ),
            equal(VGG_SHAPES[-2][-1], 32 / 2**3),
            equal(32 / 2**3, 4),
            equal(VGG_SHAPES[-1][0], 128 * 4 * 4),
            equal(128 * 4 * 4, 2048),
        ],
        "tem $P = 9\\, C_{in} C_{out} + C_{out}$": [
            grid(
                lambda a, b: params(nn.Conv2d(a, b, 3, padding=1)) == 9 * a * b + b,
                [(a, b) for a in (1, 3, 32, 64) for b in (1, 32, 128)],
            )
        ],
        "$P_1 = 896$": [equal(VGG_CONVS[0], 896)],
        "$P_2 = 9248$": [equal(VGG_CONVS[1], 9248)],
        "$P_3 = 18\\,496$": [equal(VGG_CONVS[2], 18496)],
        "$P_4 = 36\\,928$": [equal(VGG_CONVS[3], 36928)],
        "$P_5 = 73\\,856$": [equal(VGG_CONVS[4], 73856)],
        "$P_6 = 524\\,288$": [equal(VGG_FC[0], 524288)],
        "$P_7 = 2570$": [equal(VGG_FC[1], 2570)],
        "Somando a coluna": [equal(VGG_TOTAL, 666282)],
        "Duas variações que aparecem": [
            equal(params(nn.Linear(128, 10)), 128 * 10),
            equal(128 * 10, 1280),
            equal(params(nn.BatchNorm2d(32)), 4 * 32),
            equal(4 * 32, 128),
        ],
        "Duas convs $3 \\times 3$ seguidas": [
            equal(_receptive_side(2), 3 + (3 - 1)),
            equal(3 + (3 - 1), 5),
            equal(_receptive_side(3), 3 * 3),
            equal(3 * 3, 9),
        ],
        "$$P_{3+3} = 18 C^2": [
            grid(lambda c: 2 * _no_bias(c, 3) == 18 * c**2, CHANNELS),
            grid(lambda c: 18 * c**2 < 25 * c**2, CHANNELS),
            grid(lambda c: 25 * c**2 == _no_bias(c, 5), CHANNELS),
        ],
        "Custo do conv2": [
            equal(
                flops_half(
                    lambda: F.conv2d(
                        torch.zeros(1, 32, 32, 32, dtype=F64),
                        torch.zeros(32, 32, 3, 3, dtype=F64),
                        padding=1,
                    )
                ),
                32 * 32 * 32 * 9,
            ),
            equal(32 * 32 * 32 * 9, 294912),
        ],
        "E se alguém esquecer": [
            equal(VGG_NOPAD_FLAT, 128 * 2 * 2),
            equal(128 * 2 * 2, 512),
        ],
    },
)


# --- biji_shuru_tidu_full_juanji_rot180.md (Chinese study notes): one channel, 0-based,
# Z = pad_P(X) star W, delta = dL/dZ; delta zero outside its range where the note says so.

BIJI = "biji_shuru_tidu_full_juanji_rot180"


def _one(x: np.ndarray, w: np.ndarray, d: np.ndarray, p: int = 0) -> dict:
    """torch conv2d of one channel and the gradients of sum(Z * delta)."""
    v = conv(x[None, None], w[None, None], None, d[None, None], padding=p)
    return {"x": x, "w": w, "d": d, "p": p, "dx": v["dx"][0, 0], "dw": v["dw"][0, 0]}


def _rand_one(r: np.random.Generator, n: int, k: int, p: int = 0) -> dict:
    m = n + 2 * p - k + 1
    return _one(r.normal(size=(n, n)), r.normal(size=(k, k)), r.normal(size=(m, m)), p)


def _biji(rel: Callable[[dict], bool], seed: int, sizes: tuple = ((5, 3), (4, 2), (6, 4))) -> Truth:
    """Random X, W, delta at each (n, k) or (n, k, P); all sizes must agree in a trial."""
    return trials(lambda r: all(rel(_rand_one(r, *s)) for s in sizes), seed)


def _full_conv(d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The full (flipping) convolution from its definition: out[p,q] = sum d[i,j] w[p-i,q-j]."""
    m, k = d.shape[0], w.shape[0]
    out = np.zeros((m + k - 1, m + k - 1))
    for i in range(m):
        for j in range(m):
            out[i : i + k, j : j + k] += d[i, j] * w
    return out


def _dx_entries(v: dict, shift: int) -> np.ndarray:
    """sum_{u,v} delta[p+shift-u, q+shift-v] W[u,v], delta zero outside."""
    n, k = v["dx"].shape[0], v["w"].shape[0]
    return np.array(
        [
            [
                sum(
                    zat(v["d"], p + shift - u, q + shift - c) * v["w"][u, c]
                    for u in range(k)
                    for c in range(k)
                )
                for q in range(n)
            ]
            for p in range(n)
        ]
    )


def _crop(a: np.ndarray, p: int) -> np.ndarray:
    return a[p : a.shape[0] - p, p : a.shape[1] - p]


def _multi(r: np.random.Generator, c: int = 2, f: int = 3, n: int = 5, k: int = 3) -> dict:
    """torch conv2d with c input channels and f filters; the gradients of sum(Z * delta)."""
    m = n - k + 1
    x, w, d = r.normal(size=(1, c, n, n)), r.normal(size=(f, c, k, k)), r.normal(size=(1, f, m, m))
    v = conv(x, w, None, d)
    return {"x": x[0], "w": w, "d": d[0], "dx": v["dx"][0], "dw": v["dw"]}


def _multi_dx(v: dict) -> np.ndarray:
    """dL/dX_c = sum_f pad_{k-1}(delta_f) star rot180(W_{f,c})."""
    k = v["w"].shape[-1]
    return np.array(
        [sum(corr(pad(v["d"][f], k - 1), rot180(v["w"][f, c])) for f in range(3)) for c in range(2)]
    )


def _multi_dw_all_channels(v: dict) -> np.ndarray:
    """dL/dW_{f,c} = sum_{c'} X_{c'} star delta_f (the same for every c)."""
    return np.array(
        [[sum(corr(v["x"][cc], v["d"][f]) for cc in range(2)) for _ in range(2)] for f in range(3)]
    )


BJ_W, BJ_D = np.array([[1.0, 2], [-1, 0]]), np.array([[1.0, -1], [2, 3]])
BJ = _one(np.zeros((3, 3)), BJ_W, BJ_D)
PADDED = ((5, 3, 1), (6, 3, 2), (5, 4, 1), (7, 5, 2))
NK = [(n, k) for n in (3, 5, 8) for k in (1, 2, 3) if k <= n]
NKP = [(n, k, p) for n in (3, 5, 8) for k in (2, 3, 4) for p in (1, 2) if p <= k - 1 and k <= n]


def _bj_dx(k: int) -> float:
    return at(BJ["dx"], *k)  # a single entry of the note's dX


BIJI_CLAIMS = claims_of(
    BIJI,
    {
        "前向：$Z = X \\star W$": [None, None, grid(lambda n, k: conv_out(n, k) == n - k + 1, NK)],
        "\\delta_{p-u,\\,q-v}\\, W_{u,v}$$": [
            _biji(lambda v: same(v["dx"], _dx_entries(v, 0)), 6401)
        ],
        "\\operatorname{rot}_{180}(W) = \\delta \\ast W$$": [
            _biji(
                lambda v: same(v["dx"], corr(pad(v["d"], len(v["w"]) - 1), rot180(v["w"]))), 6402
            ),
            _biji(
                lambda v: same(
                    corr(pad(v["d"], len(v["w"]) - 1), rot180(v["w"])), _full_conv(v["d"], v["w"])
                ),
                6403,
            ),
        ],
        "尺寸核对": [grid(lambda n, k: (n - k + 1) + 2 * (k - 1) - k + 1 == n, NK)],
        "顺便一提": [
            _biji(
                lambda v: same(v["dx"], rot180(corr(pad(v["d"], len(v["w"]) - 1), v["w"]))), 6404
            ),
            _biji(lambda v: same(v["dw"], corr(v["x"], v["d"])), 6405),
        ],
        "多通道（输入通道": [
            trials(lambda r: (lambda v: same(v["dx"], _multi_dx(v)))(_multi(r)), 6421),
            trials(lambda r: (lambda v: same(v["dw"], _multi_dw_all_channels(v)))(_multi(r)), 6422),
        ],
        "$$W = \\begin{bmatrix} 1 & 2": [
            None,
            None,
            single(lambda: same(rot180(BJ_W), [[0, -1], [2, 1]])),
        ],
        "\\partial X_{1,1}} = \\delta_{1,1}": [
            single(
                lambda: math.isclose(
                    _bj_dx((1, 1)),
                    BJ_D[1, 1] * BJ_W[0, 0]
                    + BJ_D[1, 0] * BJ_W[0, 1]
                    + BJ_D[0, 1] * BJ_W[1, 0]
                    + BJ_D[0, 0] * BJ_W[1, 1],
                )
            ),
            single(
                lambda: math.isclose(
                    BJ_D[1, 1] * BJ_W[0, 0]
                    + BJ_D[1, 0] * BJ_W[0, 1]
                    + BJ_D[0, 1] * BJ_W[1, 0]
                    + BJ_D[0, 0] * BJ_W[1, 1],
                    3 + 4 + 1 + 0,
                )
            ),
            equal(3 + 4 + 1 + 0, 8),
        ],
        "右上角只有一项": [
            single(lambda: math.isclose(_bj_dx((0, 2)), BJ_D[0, 1] * BJ_W[0, 1])),
            single(lambda: math.isclose(BJ_D[0, 1] * BJ_W[0, 1], -2)),
        ],
        "\\begin{bmatrix} 1 & 1 & -2": [
            single(lambda: same(BJ["dx"], [[1, 1, -2], [1, 8, 6], [2, -3, 0]]))
        ],
        "\\operatorname{crop}_P\\big(": [
            _biji(
                lambda v: same(
                    v["dx"], _crop(corr(pad(v["d"], len(v["w"]) - 1), rot180(v["w"])), v["p"])
                ),
                6406,
                PADDED,
            ),
            _biji(
                lambda v: same(
                    _crop(corr(pad(v["d"], len(v["w"]) - 1), rot180(v["w"])), v["p"]),
                    corr(pad(v["d"], len(v["w"]) - 1 - v["p"]), rot180(v["w"])),
                ),
                6407,
                PADDED,
            ),
        ],
        "逐元素写": [_biji(lambda v: same(v["dx"], _dx_entries(v, -v["p"])), 6408, PADDED)],
        "尺寸：此时": [
            grid(lambda n, k, p: conv_out(n, k, 1, p) == n + 2 * p - k + 1, NKP),
            grid(lambda n, k, p: (n + 2 * p - k + 1) + k - 1 == n + p, NKP),
        ],
        "例：$n = 5$": [
            None,
            None,
            None,
            equal(conv_out(5, 3, 1, 1), 5 + 2 - 3 + 1),
            equal(5 + 2 - 3 + 1, 5),
            equal(5 + 3 - 1, 7),
            equal(7 - 2, 5),
        ],
        "特别地": [
            None,
            _biji(lambda v: same(v["dx"], corr(v["d"], v["w"])), 6409, ((4, 3, 2), (5, 2, 1))),
        ],
    },
)


# --- tutorial6_stride_as_dilation_worked.md (English tutorial solutions): 0-based, 1-D x of
# length 7 (then 8, x[7] = 5), w = (1, 0, -1), stride 2, delta = (1, 2, -1); 2-D in problem 3.

TUT = "tutorial6_stride_as_dilation_worked"


def _line(x: np.ndarray, w: np.ndarray, d: np.ndarray | None = None, s: int = 2) -> dict:
    """torch conv1d (stride s) and the gradients of sum(z * delta); delta random if None."""
    xt, wt = t64(x, True), t64(w, True)
    z = F.conv1d(xt[None, None], wt[None, None], stride=s)[0, 0]
    d = np.random.default_rng(6410).normal(size=z.shape[0]) if d is None else d
    (z * t64(d)).sum().backward()
    return {
        "x": x,
        "w": w,
        "d": d,
        "z": z.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
    }


TX7 = np.array([1.0, 2, 0, -1, 3, 1, 2])
TW, TD = np.array([1.0, 0, -1]), np.array([1.0, 2, -1])
T7 = _line(TX7, TW, TD)
T8 = _line(np.append(TX7, 5.0), TW, TD)


def _tut(rel: Callable[[dict], bool], seed: int, n: int = 7) -> Truth:
    """Random x of length n, w of length 3 and delta at stride 2."""

    def make(r: np.random.Generator) -> dict:
        x, w = r.normal(size=n), r.normal(size=3)
        return _line(x, w, r.normal(size=(n - 3) // 2 + 1))

    return trials(lambda r: rel(make(r)), seed)


def _dw_sum(v: dict) -> np.ndarray:
    """sum_t delta[t] x[2t + u], strict indexing."""
    return np.array(
        [
            sum(v["d"][t] * at(v["x"], 2 * t + u) for t in range(len(v["d"])))
            for u in range(len(v["w"]))
        ]
    )


def _stride_corr(x: np.ndarray, k: np.ndarray, s: int) -> np.ndarray:
    """Valid 1-D cross-correlation of x with k at stride s."""
    return np.array(
        [np.dot(x[s * t : s * t + len(k)], k) for t in range((len(x) - len(k)) // s + 1)]
    )


# (n, k, s) with s dividing n - k, 2-D
DIVIDING = ((7, 3, 2), (9, 3, 3), (8, 2, 2), (10, 4, 3))


def _plane(r: np.random.Generator, n: int, k: int, s: int) -> dict:
    m = (n - k) // s + 1
    x, w, g = r.normal(size=(1, 1, n, n)), r.normal(size=(1, 1, k, k)), r.normal(size=(1, 1, m, m))
    v = conv(x, w, None, g, stride=s)
    return {
        "x": x[0, 0],
        "w": w[0, 0],
        "g": g[0, 0],
        "s": s,
        "m": m,
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
    }


def _planes(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(_plane(r, *size)) for size in DIVIDING), seed)


def _biased(r: np.random.Generator, n: int, k: int, s: int) -> dict:
    """torch conv2d with a bias at stride s; G and dL/db."""
    m = (n - k) // s + 1
    x, w, g = r.normal(size=(1, 1, n, n)), r.normal(size=(1, 1, k, k)), r.normal(size=(1, 1, m, m))
    v = conv(x, w, r.normal(size=1), g, stride=s)
    return {"g": g[0, 0], "s": s, "db": v["db"]}


def _dx_index(v: dict) -> np.ndarray:
    """sum_{i,j} G[i,j] W[p - s i, q - s j], W zero outside 0..k-1."""
    n, s, g = v["dx"].shape[0], v["s"], v["g"]
    return np.array(
        [
            [
                sum(
                    g[i, j] * zat(v["w"], p - s * i, q - s * j)
                    for i in range(v["m"])
                    for j in range(v["m"])
                )
                for q in range(n)
            ]
            for p in range(n)
        ]
    )


TUT_CLAIMS = claims_of(
    TUT,
    {
        "**(a)** Output length": [
            equal(math.floor((7 - 3) / 2) + 1, 3),
            single(lambda: same(T7["z"], [1, -3, 1])),
        ],
        "\\delta[t]\\, x[2t + u]$$": [
            _tut(lambda v: same(v["dw"], _dw_sum(v)) and same(T7["dw"], _dw_sum(T7)), 6412)
        ],
        "which gives": [single(lambda: same(T7["dw"], [-2, -1, 4]))],
        "**(c)** The trick": [
            single(lambda: same(dilate1(TD, 2), [1, 0, 2, 0, -1])),
            equal((3 - 1) * 2 + 1, 5),
        ],
        "$$\\frac{\\partial L}{\\partial w} = x \\star \\operatorname{dil}_2(\\delta)$$": [
            _tut(lambda v: same(v["dw"], corr1(v["x"], dilate1(v["d"], 2))), 6413)
        ],
        "Check one entry": [
            single(lambda: math.isclose(T7["dw"][1], TX7[1] * 1 + TX7[3] * 2 + TX7[5] * (-1))),
            single(lambda: math.isclose(TX7[1] * 1 + TX7[3] * 2 + TX7[5] * (-1), 2 - 2 - 1)),
            equal(2 - 2 - 1, -1),
        ],
        "\\operatorname{pad}_{2}(\\operatorname{dil}_2(\\delta))": [
            _tut(lambda v: same(v["dx"], corr1(np.pad(dilate1(v["d"], 2), 2), v["w"][::-1])), 6414),
            single(
                lambda: same(corr1(np.pad(dilate1(TD, 2), 2), TW[::-1]), [1, 0, 1, 0, -3, 0, -1])
            ),
        ],
        "For instance $x[4]$": [
            single(lambda: math.isclose(T7["dx"][4], TD[1] * TW[2] + TD[2] * TW[0])),
            single(lambda: math.isclose(TD[1] * TW[2] + TD[2] * TW[0], -2 - 1)),
            equal(-2 - 1, -3),
        ],
        "Equivalently, one can keep": [
            _tut(lambda v: same(v["dw"], _stride_corr(v["x"], v["d"], 2)), 6415)
        ],
        "Same $w$, $\\delta$": [
            None,
            None,
            equal(math.floor((8 - 3) / 2) + 1, 3),
            single(lambda: T8["dx"][7] == 0),
        ],
        "The correlation $x": [
            equal(8 - 5 + 1, 4),
            single(lambda: corr1(T8["x"], dilate1(TD, 2))[3] == 0),
        ],
        "\\operatorname{pad}_{3,2}(": [
            _tut(
                lambda v: (
                    same(v["dx"], corr1(np.pad(dilate1(v["d"], 2), (3, 2)), v["w"][::-1]))
                    or same(T8["dx"], corr1(np.pad(dilate1(TD, 2), (3, 2)), TW[::-1]))
                ),
                6416,
                n=8,
            )
        ],
        "$Z = X \\star_s W$ with": [
            None,
            grid(lambda n, k, s: conv_out(n, k, s) == (n - k) / s + 1, list(DIVIDING)),
        ],
        "$$\\frac{\\partial L}{\\partial W} = X \\star \\operatorname{dil}_s(G), \\qquad": [
            _planes(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], v["s"]))), 6417),
            _planes(
                lambda v: same(
                    v["dx"], corr(pad(dilate(v["g"], v["s"]), len(v["w"]) - 1), rot180(v["w"]))
                ),
                6418,
            ),
        ],
        "The bias gradient does not see": [
            trials(
                lambda r: all(
                    math.isclose(v["db"][0], dilate(v["g"], v["s"]).sum())
                    for v in (_biased(r, *size) for size in DIVIDING)
                ),
                6423,
            ),
            trials(
                lambda r: all(
                    math.isclose(dilate(v["g"], v["s"]).sum(), v["s"] ** 2 * v["g"].sum())
                    for v in (_biased(r, *size) for size in DIVIDING)
                ),
                6424,
            ),
        ],
        "The dilated gradient is square": [
            _planes(lambda v: dilate(v["g"], v["s"]).shape[0] == v["s"] * v["m"], 6419),
            _planes(lambda v: same(v["dx"], _dx_index(v)), 6420),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh64_truth_b import NOTES_B

    return {**LENET_CLAIMS, **VGG_CLAIMS, **BIJI_CLAIMS, **TUT_CLAIMS, **NOTES_B}
