"""Independent truth for the fresh63 unseen set (tests/data/check/unseen/fresh63/): the notes
konspekt_conv1d_zvuk_gradienty, blog_dilated_conv1d_receptive_field,
forum_maxpool_relu_geri_yayilim_ornek and code_review_same_padding_even_kernel (the other three
live in unseen_fresh63_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or multiplying
mismatched shapes (ValueError) disagrees; where a note declares zeros outside a range those
entries read as zero.  A link between two written numbers is arithmetic; a size or count named
on the left must equal the true one.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import conv1_len, flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
    conv_out,
    corr1,
    dilate1,
    equal,
    params,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh63"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def conv1(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int) -> dict:
    """torch conv1d forward and the gradients of sum(y * g); x (C, T), w (O, C, K), g (O, L)."""
    xt, wt = t64(x, True), t64(w, True)
    bt = None if b is None else t64(b, True)
    y = F.conv1d(xt[None], wt, bt, **kw)[0]
    (y * t64(g)).sum().backward()
    out = {"x": x, "w": w, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy()}
    out["dw"] = wt.grad.numpy()
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def receptive_field(layers: list[tuple[int, int, int]], n: int = 4000) -> int:
    """Span of the input positions the first output of a stack of conv1d layers (k, s, d) reads:
    the nonzero entries of its autograd gradient (all-ones kernels, so nothing cancels)."""
    x = torch.zeros(1, 1, n, dtype=F64, requires_grad=True)
    y = x
    for k, s, d in layers:
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=F64), stride=s, dilation=d)
    y[0, 0, 0].backward()
    hit = np.nonzero(x.grad.numpy()[0, 0])[0]
    return int(hit[-1] - hit[0] + 1)


# --- konspekt_conv1d_zvuk_gradienty.md (Russian lecture notes): 0-based; Conv1d(1, 32, 400,
# stride=160) on 16000 samples, Conv1d(32, 64, 3, padding=1); the index formulas are checked on
# random inputs at C = 2, O = 3, K = 3, T = 11 with stride 2 (and stride 3), section 7.4 on the
# note's numbers.

KON = "konspekt_conv1d_zvuk_gradienty"


def _kon(r: np.random.Generator, s: int, c: int = 2, o: int = 3, k: int = 3, t: int = 11) -> dict:
    x, w, b = r.normal(size=(c, t)), r.normal(size=(o, c, k)), r.normal(size=o)
    n_out = (t - k) // s + 1
    return {"s": s, **conv1(x, w, b, r.normal(size=(o, n_out)), stride=s)}


def _kon_trials(rel: Callable[[dict], bool], seed: int, strides: tuple[int, ...] = (2, 3)) -> Truth:
    return trials(lambda r: all(rel(_kon(r, s)) for s in strides), seed)


def _kon_y(r: np.random.Generator, s: int) -> bool:
    c, o, k, t = 2, 3, 3, 11
    x, w, b = r.normal(size=(c, t)), r.normal(size=(o, c, k)), r.normal(size=o)
    n_out = (t - k) // s + 1
    y = conv1(x, w, b, np.zeros((o, n_out)), stride=s)["y"]
    rhs = [
        [
            b[oo]
            + sum(w[oo, cc, kk] * at(x[cc], s * tt + kk) for cc in range(c) for kk in range(k))
            for tt in range(n_out)
        ]
        for oo in range(o)
    ]
    return same(y, rhs)


def _kon_dw_no_stride(v: dict) -> bool:
    x, g = v["x"], v["g"]
    o_n, c_n, k_n = v["w"].shape
    rhs = [
        [
            [sum(g[o, t] * at(x[c], t + k) for t in range(g.shape[1])) for k in range(k_n)]
            for c in range(c_n)
        ]
        for o in range(o_n)
    ]
    return same(v["dw"], rhs)


def _kon_dx(v: dict) -> bool:
    w, g, s = v["w"], v["g"], v["s"]
    o_n, c_n, _ = w.shape
    rhs = [
        [
            sum(g[o, t] * zat(w[o, c], n - s * t) for o in range(o_n) for t in range(g.shape[1]))
            for n in range(v["x"].shape[1])
        ]
        for c in range(c_n)
    ]
    return same(v["dx"], rhs)


def _kon1(r: np.random.Generator) -> dict:
    """One channel, stride 1, no bias: x of length 9, kernel 3."""
    return conv1(r.normal(size=(1, 9)), r.normal(size=(1, 1, 3)), None, r.normal(size=(1, 7)))


def _kon1_dx_index(v: dict) -> bool:
    w, g = v["w"][0, 0], v["g"][0]
    return same(v["dx"][0], [sum(zat(g, n - k) * w[k] for k in range(3)) for n in range(9)])


def _kon1_dx_operator(v: dict) -> bool:
    w, g = v["w"][0, 0], v["g"][0]
    return same(v["dx"][0], corr1(np.pad(g, 2), w))  # pad_{K-1}(delta) correlated with w, unflipped


KX = np.array([[1.0, 2, -1, 0, 3]])
KW = np.array([[[2.0, -1, 1]]])
KD = np.array([[1.0, 0, -2]])
KV = conv1(KX, KW, None, KD)
_kx, _kw, _kd = KX[0], KW[0, 0], KD[0]
_KDW2 = _kd[0] * _kx[2] + _kd[1] * _kx[3] + _kd[2] * _kx[4]
_KDX2 = _kd[2] * _kw[0] + _kd[1] * _kw[1] + _kd[0] * _kw[2]
L_PAD = int(
    F.conv1d(torch.zeros(1, 1, 16000, dtype=F64), torch.zeros(1, 1, 400, dtype=F64),
             stride=160, padding=200).shape[-1]
)  # fmt: skip
L_2 = int(nn.Conv1d(32, 64, 3, padding=1).double()(torch.zeros(1, 32, 98, dtype=F64)).shape[-1])
M_1 = flops_half(
    lambda: F.conv1d(torch.zeros(1, 1, 16000, dtype=F64), torch.zeros(32, 1, 400, dtype=F64),
                     stride=160)
)  # fmt: skip

KON_CLAIMS = claims_of(
    KON,
    {
        "Длина выхода": [
            equal(conv1_len(16000, 400, 160), (16000 - 400) // 160 + 1),
            equal((16000 - 400) // 160 + 1, 15600 // 160 + 1),
            equal(15600 // 160 + 1, 98),
        ],
        "Если дополнить": [
            equal(L_PAD, (16000 + 200 - 400) // 160 + 1),
            equal((16000 + 200 - 400) // 160 + 1, 99),
        ],
        "Параметры первого слоя": [
            equal(params(nn.Conv1d(1, 32, 400, stride=160)), 32 * (1 * 400 + 1)),
            equal(32 * (1 * 400 + 1), 12832),
        ],
        "Второй слой": [
            equal(L_2, 98 + 2 - 3 + 1),
            equal(98 + 2 - 3 + 1, 98),
            equal(params(nn.Conv1d(32, 64, 3, padding=1)), 64 * 32 * 3),
            equal(64 * 32 * 3, 6144),
        ],
        "Умножений в первом слое": [equal(M_1, 98 * 32 * 400), equal(98 * 32 * 400, 1254400)],
        "$$y_o[t] = b_o": [
            trials(lambda r: all(_kon_y(r, s) for s in (1, 2, 3)), 6301),
        ],
        "\\partial w[o,c,k]} = \\sum_{t}": [_kon_trials(_kon_dw_no_stride, 6302)],
        "\\partial b_o} = \\sum_{t}": [
            _kon_trials(lambda v: same(v["db"], v["g"].sum(axis=1)), 6303)
        ],
        "\\partial x_c[n]} = \\sum_{o}": [_kon_trials(_kon_dx, 6304, strides=(1, 2, 3))],
        "При $S = 1$": [
            None,
            None,
            trials(lambda r: _kon1_dx_index(_kon1(r)), 6305),
            trials(lambda r: _kon1_dx_operator(_kon1(r)), 6306),
        ],
        "Прямой проход: $y": [single(lambda: same(KV["y"][0], [-1, 5, 1]))],
        "одна компонента расписана": [
            single(lambda: math.isclose(KV["dw"][0, 0, 2], _KDW2)),
            single(lambda: math.isclose(_KDW2, -1 + 0 - 6)),
            equal(-1 + 0 - 6, -7),
        ],
        "Целиком $\\partial L": [single(lambda: same(KV["dw"][0, 0], [3, -2, -7]))],
        "По входу:": [
            single(lambda: math.isclose(KV["dx"][0, 2], _KDX2)),
            single(lambda: math.isclose(_KDX2, -4 + 0 + 1)),
            equal(-4 + 0 + 1, -5),
        ],
        "Проверка суммой": [
            trials(
                lambda r: (lambda v: math.isclose(v["dx"].sum(), v["g"].sum() * v["w"].sum()))(
                    _kon1(r)
                ),
                6307,
            ),
            equal(_kd.sum() * _kw.sum(), -2),
        ],
    },
)


# --- blog_dilated_conv1d_receptive_field.md (English blog post): 0-based, stride-1 dilated conv1d
# unless said; receptive fields from autograd (receptive_field above).

BLOG = "blog_dilated_conv1d_receptive_field"
_KD_GRID = [(k, d) for k in (2, 3, 4, 5) for d in (1, 2, 3, 4)]
_LKD_GRID = [(n, k, d) for n in (20, 33, 100) for k in (2, 3, 5) for d in (1, 2, 4)]


def _dil(r: np.random.Generator, k: int, d: int, n: int = 30) -> dict:
    x, w = r.normal(size=(1, n)), r.normal(size=(1, 1, k))
    return {"d": d, **conv1(x, w, None, r.normal(size=(1, n - d * (k - 1))), dilation=d)}


def _dil_trials(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(_dil(r, k, d)) for k, d in ((3, 4), (2, 3), (4, 2))), seed)


def _dil_forward(v: dict) -> bool:
    x, w, d = v["x"][0], v["w"][0, 0], v["d"]
    return same(
        v["y"][0],
        [sum(w[k] * at(x, t + d * k) for k in range(len(w))) for t in range(v["y"].shape[1])],
    )


def _dil_dw(v: dict) -> bool:
    x, g, d = v["x"][0], v["g"][0], v["d"]
    rhs = [sum(g[t] * at(x, t + d * k) for t in range(len(g))) for k in range(v["w"].shape[2])]
    return same(v["dw"][0, 0], rhs)


def _dil_dx(v: dict) -> bool:
    w, g, d = v["w"][0, 0], v["g"][0], v["d"]
    rhs = [sum(zat(g, n - d * k) * w[k] for k in range(len(w))) for n in range(v["x"].shape[1])]
    return same(v["dx"][0], rhs)


def _dil_dx_operator(v: dict) -> bool:
    w, g, d = v["w"][0, 0], v["g"][0], v["d"]
    k = len(w)
    return same(v["dx"][0], corr1(np.pad(g, k - 1), dilate1(w[::-1], d)))


def _both_sides(n: int, k: int, d: int) -> int:
    p = d * (k - 1)
    return int(
        F.conv1d(torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                 padding=p, dilation=d).shape[-1]
    )  # fmt: skip


def _causal_left_pad(n: int, k: int, d: int) -> int:
    """The least left padding that keeps the length n."""
    return next(p for p in range(0, 4 * d * k) if conv1_len(n + p, k, 1, d) == n)


def _stack(ks: list[int], ds: list[int], ss: list[int] | None = None) -> int:
    ss = ss or [1] * len(ks)
    return receptive_field(list(zip(ks, ss, ds, strict=True)))


_STACKS = [([3, 3, 3], [1, 2, 4]), ([2, 5, 3], [3, 1, 2]), ([4, 2], [2, 5]), ([3], [7])]
_STRIDED = [
    ([3, 3, 3], [2, 2, 2]),
    ([5, 3, 2], [4, 1, 3]),
    ([2, 4], [3, 2]),
    ([7, 3, 3], [1, 2, 2]),
]


def _dil_macs(p: int) -> int:
    """Multiply-adds of Conv1d(64, 64, 3, dilation=4) on 100 samples with p zeros each side."""
    return flops_half(
        lambda: F.conv1d(torch.zeros(1, 64, 100, dtype=F64), torch.zeros(64, 64, 3, dtype=F64),
                         padding=p, dilation=4)
    )  # fmt: skip


def _strided_formula(ks: list[int], ss: list[int]) -> int:
    return 1 + sum((k - 1) * math.prod(ss[:i]) for i, k in enumerate(ks))


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "$$y[t] = \\sum_{k=0}^{K-1} w[k]\\, x[t + d k]$$": [_dil_trials(_dil_forward, 6311)],
        "Its footprint is": [
            grid(lambda k, d: receptive_field([(k, 1, d)]) == d * (k - 1) + 1, _KD_GRID),
            equal(receptive_field([(3, 1, 4)]), 4 * 2 + 1),
            equal(4 * 2 + 1, 9),
        ],
        "Without padding a length": [
            grid(lambda n, k, d: conv1_len(n, k, 1, d) == n - d * (k - 1), _LKD_GRID),
            equal(conv1_len(100, 3, 1, 4), 100 - 8),
            equal(100 - 8, 92),
        ],
        "Causal models pad": [
            None,
            grid(lambda n, k, d: _both_sides(n, k, d) == n + 2 * d * (k - 1), _LKD_GRID),
        ],
        "Dilation does not add weights": [
            equal(params(nn.Conv1d(64, 64, 3, dilation=4)), 64 * 64 * 3 + 64),
            equal(64 * 64 * 3 + 64, 12352),
        ],
        "The cost doesn't grow either": [
            equal(_dil_macs(0), 92 * 64 * 64 * 3),
            equal(92 * 64 * 64 * 3, 1130496),
            equal(_dil_macs(4), 100 * 64 * 64 * 9),
            equal(100 * 64 * 64 * 9, 3686400),
        ],
        "For stride-1 layers the receptive field": [
            grid(
                lambda ks, ds: (
                    _stack(ks, ds) == 1 + sum((k - 1) * d for k, d in zip(ks, ds, strict=True))
                ),
                _STACKS,
            )
        ],
        "WaveNet uses $K = 2$": [
            None,
            grid(
                lambda n: _stack([2] * n, [2**i for i in range(n)]) == 1 + (2**n - 1),
                [(2,), (5,), (8,)],
            ),
            grid(lambda n: 1 + (2**n - 1) == 2**n, [(2,), (5,), (8,), (10,)]),
            equal(_stack([2] * 10, [2**i for i in range(10)]), 1024),
        ],
        "The last of those ten layers": [
            equal(_causal_left_pad(1200, 2, 512), 512 * (2 - 1)),
            equal(512 * (2 - 1), 511),
        ],
        "With $K = 3$ and dilations": [
            None,
            equal(_stack([3] * 4, [1, 2, 4, 8]), 1 + 2 * (1 + 2 + 4 + 8)),
            equal(1 + 2 * (1 + 2 + 4 + 8), 31),
            grid(
                lambda n: _stack([3] * n, [2**i for i in range(n)]) == 2 ** (n + 1) - 1,
                [(1,), (2,), (3,), (4,), (6,)],
            ),
        ],
        "Repeating that block": [
            equal(_stack([3] * 12, [1, 2, 4, 8] * 3), 3 * 31),
            equal(3 * 31, 93),
        ],
        "With strides the later layers": [
            grid(
                lambda ks, ss: (
                    receptive_field([(k, s, 1) for k, s in zip(ks, ss, strict=True)])
                    == _strided_formula(ks, ss)
                ),
                _STRIDED,
            ),
            equal(receptive_field([(3, 2, 1)] * 3), 1 + 2 * (1 + 2 + 4)),
            equal(1 + 2 * (1 + 2 + 4), 15),
        ],
        "A reader suggested the shortcut": [
            equal(receptive_field([(3, 2, 1)] * 3), 1 + 3 * (3 - 1) * 2),
            equal(1 + 3 * (3 - 1) * 2, 1 + 3 * 2 * 2),
            equal(1 + 3 * 2 * 2, 13),
        ],
        "\\partial w[k]} = \\sum_{t}": [_dil_trials(_dil_dw, 6312)],
        "\\partial x[n]} = \\sum_{k=0}^{K-1}": [_dil_trials(_dil_dx, 6313)],
        "\\operatorname{pad}_{K-1}(\\delta)": [_dil_trials(_dil_dx_operator, 6314)],
        "With a $3 \\times 3$ kernel at dilation 2": [
            grid(lambda h: conv_out(h, 3, 1, 2, 2) == h + 2 * 2 - 2 * 2, [(5,), (8,), (13,)]),
            grid(lambda h: h + 2 * 2 - 2 * 2 == h, [(5,), (8,), (13,)]),
        ],
    },
)


# --- forum_maxpool_relu_geri_yayilim_ornek.md (Turkish forum thread): MaxPool2d(2, 2) then ReLU
# on the note's X, G = dL/dA; ties go where torch's backward sends them.

FORUM = "forum_maxpool_relu_geri_yayilim_ornek"
FX = np.array([[1.0, -2, -3, -1], [0, 3, -4, -2], [-1, -5, 2, 2], [-3, -2, 1, 0]])
FG = np.array([[2.0, -1], [4, 3]])


def _pool_relu(x: np.ndarray, g: np.ndarray, relu_first: bool = False) -> dict:
    xt = t64(x, True)
    if relu_first:
        z = None
        a = F.max_pool2d(torch.relu(xt)[None, None], 2, 2)[0, 0]
    else:
        z = F.max_pool2d(xt[None, None], 2, 2)[0, 0]
        z.retain_grad()
        a = torch.relu(z)
    loss = (a * t64(g)).sum()
    loss.backward()
    out = {"x": x, "g": g, "a": a.detach().numpy(), "dx": xt.grad.numpy(), "loss": loss.item()}
    if z is not None:
        out |= {"z": z.detach().numpy(), "dz": z.grad.numpy()}
    return out


FV = _pool_relu(FX, FG)


def _forum_indicator(v: dict) -> np.ndarray:
    x, z, g = v["x"], v["z"], v["g"]
    return np.array(
        [
            [
                g[p // 2, q // 2]
                * float(x[p, q] == z[p // 2, q // 2])
                * float(z[p // 2, q // 2] > 0)
                for q in range(4)
            ]
            for p in range(4)
        ]
    )


def _commute(r: np.random.Generator) -> bool:
    x = t64(r.normal(size=(1, 1, 6, 8)))
    return same(F.max_pool2d(torch.relu(x), 2, 2), torch.relu(F.max_pool2d(x, 2, 2)))


def _pool_side(h: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), 2, 2).shape[-1])


_TERMS_L = 2 * 3 + (-1) * 0 + 4 * 0 + 3 * 2

FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "Çıkış boyutu": [equal(_pool_side(4), (4 - 2) / 2 + 1), equal((4 - 2) / 2 + 1, 2)],
        "$$Z = \\begin{bmatrix} 3 & -1": [
            single(lambda: same(FV["z"], [[3, -1], [-1, 2]])),
            single(lambda: same(FV["a"], [[3, 0], [0, 2]])),
        ],
        "Kayıp: $L": [
            single(lambda: math.isclose(FV["loss"], _TERMS_L)),
            equal(_TERMS_L, 12),
        ],
        "Geri yön, önce ReLU": [
            single(lambda: same(FV["dz"], FG * (FV["z"] > 0))),
            single(lambda: same(FG * (FV["z"] > 0), [[2, 0], [0, 3]])),
        ],
        "Sağ üst pencerenin": [
            single(lambda: math.isclose(at(FX, 0, 3), -1)),
            single(lambda: math.isclose(FV["dx"][0, 3], FG[0, 1])),
            single(lambda: math.isclose(FG[0, 1], -1)),
        ],
        "Sağ alt pencerede": [
            single(lambda: math.isclose(FV["dx"][2, 2], FV["dx"][2, 3])),
            single(lambda: math.isclose(FV["dx"][2, 3], 3 / 2)),
        ],
        "\\partial X} = \\begin{bmatrix} 0 & 0 & 0 & -1": [
            single(
                lambda: same(
                    FV["dx"], [[0, 0, 0, -1], [0, 2, 0, 0], [0, 0, 1.5, 1.5], [0, 0, 0, 0]]
                )
            )
        ],
        "Birincisi eşitlik": [
            single(lambda: math.isclose(FV["dx"][2, 2], 3)),
            single(lambda: math.isclose(FV["dx"][2, 3], 0, abs_tol=1e-12)),
        ],
        "G_{\\lfloor p/2 \\rfloor": [single(lambda: same(FV["dx"], _forum_indicator(FV)))],
        "Kontrol için toplamlar": [
            trials(
                lambda r: (lambda v: math.isclose(v["dx"].sum(), v["dz"].sum()))(
                    _pool_relu(r.normal(size=(4, 4)), r.normal(size=(2, 2)))
                ),
                6321,
            ),
            single(lambda: math.isclose(FV["dz"].sum(), 5)),
        ],
        "Bu arada sırayı": [trials(_commute, 6322)],
        "taban alındığı": [
            equal(_pool_side(5), (5 - 2) // 2 + 1),
            equal((5 - 2) // 2 + 1, 2),
        ],
        "Benim matrisimde": [equal(-1 + 2 + 1.5 + 1.5, 5)],
    },
)


# --- code_review_same_padding_even_kernel.md (English code review): Keras "same" with the extra
# row / column at the end, as torch's padding="same" does at stride 1; 0-based, 16 -> 32 channels,
# k = 4 on 32 x 32; the index formulas on random 1 -> 1 channel maps of 9 x 9 (x zero outside).

REVIEW = "code_review_same_padding_even_kernel"


def _least_pad(h: int, k: int, s: int) -> int:
    """The least total padding that gives ceil(h / s) outputs (TF's "same" output size)."""
    return next(p for p in range(4 * k) if conv1_len(h + p, k, s) == -(-h // s))


def _same_split(k: int, d: int, h: int = 9) -> tuple[int, int]:
    """(top, bottom) with F.pad + conv2d equal to torch's padding='same' at stride 1."""
    r = np.random.default_rng(6330)
    x, w = t64(r.normal(size=(1, 1, h, h))), t64(r.normal(size=(1, 1, k, k)))
    with warnings.catch_warnings():  # torch warns that an even kernel needs a padded copy
        warnings.simplefilter("ignore", UserWarning)
        ref = F.conv2d(x, w, padding="same", dilation=d)
    total = d * (k - 1)
    hits = [
        (t, total - t)
        for t in range(total + 1)
        if same(F.conv2d(F.pad(x, (t, total - t, t, total - t)), w, dilation=d), ref)
    ]
    assert len(hits) == 1, hits
    return hits[0]


def _padded(x: torch.Tensor, w: torch.Tensor, pads: tuple[int, int, int, int]) -> np.ndarray:
    return F.conv2d(F.pad(x, pads), w).numpy()[0, 0]


def _index_form(x: np.ndarray, w: np.ndarray, shift: int, n: int) -> np.ndarray:
    return np.array(
        [
            [
                sum(
                    w[u, v] * zat(x, i + u - shift, j + v - shift)
                    for u in range(4)
                    for v in range(4)
                )
                for j in range(n)
            ]
            for i in range(n)
        ]
    )


def _same(x: torch.Tensor, w: torch.Tensor) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return F.conv2d(x, w, padding="same").numpy()[0, 0]


def _review_maps(r: np.random.Generator) -> dict:
    x, w = r.normal(size=(9, 9)), r.normal(size=(4, 4))
    xt, wt = t64(x)[None, None], t64(w)[None, None]
    return {
        "x": x,
        "w": w,
        "pr": _padded(xt, wt, (2, 1, 2, 1)),
        "keras": _same(xt, wt),
        "sym": _padded(xt, wt, (2, 2, 2, 2)),
    }


def _review(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_review_maps(r)), seed)


def _sym_shift(v: dict, di: int) -> np.ndarray:
    n = v["keras"].shape[0]
    return np.array([[at(v["sym"], i + di, j + di) for j in range(n)] for i in range(n)])


SPLIT_1 = _same_split(4, 1)
SPLIT_2 = _same_split(4, 2)
PR_SIDE_T = int(F.conv2d(F.pad(torch.zeros(1, 1, 32, 32, dtype=F64), (2, 1, 2, 1)),
                         torch.zeros(1, 1, 4, 4, dtype=F64)).shape[-1])  # fmt: skip
PAD_COPY = F.pad(torch.zeros(16, 32, 32), (1, 2, 1, 2)).numel()
# stride 2: TF's split of the least padding, computed as floor(P / 2) on top, the rest below;
# the output side is then torch's
P_S2 = _least_pad(32, 4, 2)
SIDE_S2 = int(F.conv2d(F.pad(torch.zeros(1, 1, 32, 32, dtype=F64),
                             (P_S2 // 2, P_S2 - P_S2 // 2) * 2),
                       torch.zeros(1, 1, 4, 4, dtype=F64), stride=2).shape[-1])  # fmt: skip

REVIEW_CLAIMS = claims_of(
    REVIEW,
    {
        "For this layer:": [
            equal(_least_pad(32, 4, 1), (32 - 1) * 1 + 4 - 32),
            equal((32 - 1) * 1 + 4 - 32, 3),
            equal(SPLIT_1[0], 1),
            equal(SPLIT_1[1], 2),
        ],
        "w[u,v]\\, x[i+u-2,\\, j+v-2]$$": [
            _review(lambda v: same(v["pr"], _index_form(v["x"], v["w"], 2, 9)), 6331)
        ],
        "w[u,v]\\, x[i+u-1,\\, j+v-1]$$": [
            _review(lambda v: same(v["keras"], _index_form(v["x"], v["w"], 1, 9)), 6332)
        ],
        "Both are $32 \\times 32$": [
            equal(PR_SIDE_T, 32 + 2 + 1 - 4 + 1),
            equal(32 + 2 + 1 - 4 + 1, 32),
            _review(lambda v: same(v["pr"], v["keras"]), 6333),
        ],
        "Simplest fix is": [
            equal(SPLIT_1[0], math.floor(1 * (4 - 1) / 2)),
            equal(math.floor(1 * (4 - 1) / 2), 1),
        ],
        "With `dilation=2` the total": [
            equal(sum(SPLIT_2), 2 * (4 - 1)),
            equal(2 * (4 - 1), 6),
            equal(SPLIT_2[0], SPLIT_2[1]),
            equal(SPLIT_2[1], 3),
        ],
        "Padding 1 on each side keeps": [
            equal(conv_out(32, 4, 1, 1), 32 + 2 * 1 - 4 + 1),
            equal(32 + 2 * 1 - 4 + 1, 32),
        ],
        "Or pad 2 on each side": [
            equal(conv_out(32, 4, 1, 2), 32 + 4 - 4 + 1),
            equal(32 + 4 - 4 + 1, 33),
            _review(lambda v: same(v["keras"], _sym_shift(v, 0)), 6334),
        ],
        "Drop the first row and column instead": [
            _review(lambda v: same(v["keras"], _sym_shift(v, 1)), 6335),
            single(lambda: PAD_COPY == 16 * (32 + 3) ** 2 == 19600),
        ],
        "The downsampling block": [
            equal(SIDE_S2, math.ceil(32 / 2)),
            equal(math.ceil(32 / 2), 16),
            equal(P_S2, 15 * 2 + 4 - 32),
            equal(15 * 2 + 4 - 32, 2),
            equal(P_S2 // 2, P_S2 - P_S2 // 2),
            equal(P_S2 - P_S2 // 2, 1),
        ],
        "odd-sized validation crops": [
            None,
            equal(_least_pad(31, 4, 2), 15 * 2 + 4 - 31),
            equal(15 * 2 + 4 - 31, 2),
        ],
        "Fixed in 3f2c1e0": [
            equal(params(nn.Conv2d(16, 32, 4)), 32 * 16 * 16 + 16),
            equal(32 * 16 * 16 + 16, 8208),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh63_truth_b import NOTES_B

    return {**KON_CLAIMS, **BLOG_CLAIMS, **FORUM_CLAIMS, **REVIEW_CLAIMS, **NOTES_B}
