"""Independent truth for the fresh59 unseen set, second part: the notes sual_wa_jawab_hashw_same,
code_review_keras_vgg_small_param_table and exam_solution_bias_gradient_batch2 (conventions as
in unseen_fresh59_truth.py, which merges this table into truth_table).  NumPy / torch autograd
in float64, nothing of symconv.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
    conv,
    conv_out,
    equal,
    params,
    same,
    single,
    t64,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh59"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- sual_wa_jawab_hashw_same.md (Arabic Q&A): PyTorch's padding='same' is measured (which
# explicit F.pad makes the same output); TensorFlow's 'same' is its documented rule
# (tf.nn.convolution): H_out = ceil(H / s), total P = max((H_out - 1) s + (k - 1) d + 1 - H, 0),
# top = floor(P / 2), bottom = P - top.

SQ = "sual_wa_jawab_hashw_same"


@functools.cache
def torch_same(k: int, d: int = 1) -> tuple[int, int]:
    """(left, right) padding of torch's padding='same' on one axis: the one explicit zero
    padding (searched, not assumed) whose valid convolution reproduces it."""
    r = np.random.default_rng(5930 + 10 * k + d)
    x, w = t64(r.normal(size=(1, 1, 17, 17))), t64(r.normal(size=(1, 1, k, k)))
    with warnings.catch_warnings():  # torch notes that even kernels need a padded copy
        warnings.simplefilter("ignore", UserWarning)
        ref = F.conv2d(x, w, padding="same", dilation=d)
    hits = []
    for left in range(d * k + 1):
        for right in range(d * k + 1):
            z = F.conv2d(F.pad(x, (left, right, left, right)), w, dilation=d)
            if z.shape == ref.shape and torch.allclose(z, ref, rtol=1e-12, atol=1e-12):
                hits.append((left, right))
    assert len(hits) == 1, (k, d, hits)
    return hits[0]


def tf_same(h: int, k: int, s: int = 1, d: int = 1) -> tuple[int, int, int, int]:
    """TensorFlow's 'same': (H_out, total padding, top, bottom)."""
    out = -(-h // s)
    total = max((out - 1) * s + (k - 1) * d + 1 - h, 0)
    return out, total, total // 2, total - total // 2


ODD, EVEN = [(k,) for k in (1, 3, 5, 7)], [(k,) for k in (2, 4, 6)]
SIDES = [(h,) for h in (5, 8, 13)]
_OUT_GRID = [
    (h, k, s, p) for h in (7, 8, 12) for k in (1, 2, 3, 5) for s in (1, 2, 3) for p in (0, 1, 2)
]

SQ_CLAIMS = claims_of(
    SQ,
    {
        "$$H_{out} = \\left\\lfloor \\frac{H + 2p - k}{s}": [
            grid(lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, _OUT_GRID)
        ],
        "يكفي حشو متماثل": [
            grid(lambda k: torch_same(k) == ((k - 1) / 2, (k - 1) / 2), ODD),
            grid(
                lambda h, k: conv_out(h, k, 1, (k - 1) // 2) == h + 2 * ((k - 1) // 2) - k + 1,
                [(h, k) for (h,) in SIDES for (k,) in ODD],
            ),
            grid(
                lambda h, k: h + 2 * ((k - 1) / 2) - k + 1 == h,
                [(h, k) for (h,) in SIDES for (k,) in ODD],
            ),
            equal(torch_same(3)[0], (3 - 1) / 2),
            equal((3 - 1) / 2, 1),
            equal(torch_same(5)[0], 2),
        ],
        "مجموع الحشو المطلوب هو": [
            grid(lambda k: sum(torch_same(k)) == k - 1, EVEN),
            None,
            None,
            grid(lambda h: conv_out(h, 4, 1, 2) == h + 4 - 4 + 1, SIDES),
            grid(lambda h: h + 4 - 4 + 1 == h + 1, SIDES),
        ],
        "$$p_{top} = \\left\\lfloor": [
            grid(lambda k: tf_same(9, k)[2] == math.floor((k - 1) / 2), EVEN),
            grid(lambda k: math.floor((k - 1) / 2) == k / 2 - 1, EVEN),
            grid(lambda k: tf_same(9, k)[3] == math.ceil((k - 1) / 2), EVEN),
            grid(lambda k: math.ceil((k - 1) / 2) == k / 2, EVEN),
        ],
        "أما PyTorch فيفعل العكس": [
            grid(lambda k: torch_same(k)[0] == k / 2, EVEN),
            grid(lambda k: torch_same(k)[1] == k / 2 - 1, EVEN),
            None,
            equal(torch_same(4)[0], 4 / 2),
            equal(4 / 2, 2),
            equal(torch_same(4)[1], 1),
        ],
        "أما TensorFlow فيحدد أولًا": [None, None],
        "- $H = 7$": [
            None,
            None,
            None,
            equal(tf_same(7, 3, 2)[0], math.ceil(7 / 2)),
            equal(math.ceil(7 / 2), 4),
            equal(tf_same(7, 3, 2)[1], 3 * 2 + 3 - 7),
            equal(3 * 2 + 3 - 7, 2),
        ],
        "- $H = 8$": [
            None,
            None,
            None,
            equal(tf_same(8, 3, 2)[0], 4),
            equal(tf_same(8, 3, 2)[1], 3 * 2 + 3 - 8),
            equal(3 * 2 + 3 - 8, 2),
            equal(tf_same(8, 3, 2)[2], 1),
            equal(tf_same(8, 3, 2)[3], 1),
        ],
        "لو كتبنا في PyTorch": [
            None,
            None,
            equal(conv_out(7, 3, s=2, p=1), math.floor((7 - 3) / 2) + 1),
            equal(math.floor((7 - 3) / 2) + 1, 3),
        ],
        "مع تمدد $d$": [
            grid(
                lambda k, d: sum(torch_same(k, d)) == d * (k - 1),
                [(k, d) for k in (2, 3, 4, 5) for d in (1, 2, 3)],
            ),
            None,
            equal(sum(torch_same(3, 2)), 2 * 2),
            equal(2 * 2, 4),
        ],
    },
)


# --- code_review_keras_vgg_small_param_table.md (English code review): the Keras model of the
# note on 32 x 32 x 3.  Keras' Conv2D / Dense hold the same weights and one bias per filter /
# unit as torch's Conv2d / Linear; padding "same" at k = 3 is torch's padding 1; MaxPooling2D(2)
# floors as torch's MaxPool2d(2).

CR = "code_review_keras_vgg_small_param_table"


def _vgg(p34: int) -> tuple[list[int], list[int], int]:
    """(sides after each layer, Param # per layer, flatten length) of the model, conv 3 and 4
    with padding p34 (0: the note's "valid"; 1: the reviewer's "same" variant)."""
    torch.manual_seed(0)
    feats = [
        nn.Conv2d(3, 32, 3, padding=1),
        nn.Conv2d(32, 32, 3, padding=1),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=p34),
        nn.Conv2d(64, 64, 3, padding=p34),
        nn.MaxPool2d(2),
        nn.Flatten(),
    ]
    h, sides = torch.zeros(1, 3, 32, 32, dtype=F64), []
    with torch.no_grad():
        for layer in feats:
            h = layer.double()(h)
            sides.append(int(h.shape[-1]))
    flat = int(h.shape[-1])
    layers = [*feats, nn.Linear(flat, 256), nn.Linear(256, 10)]
    return sides, [params(m) for m in layers], flat


SIDES_V, COUNTS_V, D_V = _vgg(0)
_, COUNTS_S, D_S = _vgg(1)
# sides: conv1, conv2, pool (H_2), conv3 (H_3), conv4 (H_4), pool (H_5)
H2, H3, H4, H5 = SIDES_V[2], SIDES_V[3], SIDES_V[4], SIDES_V[5]
CP1, CP2, _, CP3, CP4, _, _, CP5, CP6 = COUNTS_V
CP_TOTAL = sum(COUNTS_V)
CP5_S = COUNTS_S[7]

CR_CLAIMS = claims_of(
    CR,
    {
        "Block 1 keeps the side": [
            equal(CP1, 3 * 3 * 3 * 32 + 32 * 32 * 32),
            equal(3 * 3 * 3 * 32 + 32 * 32 * 32, 33632),
        ],
        "> Conv 2:": [
            equal(CP2, 3 * 3 * 32 * 32 + 32),
            equal(3 * 3 * 32 * 32 + 32, 9248),
            equal(H2, 32 / 2),
            equal(32 / 2, 16),
        ],
        "> Conv 3 (valid)": [
            equal(H3, 16 - 3),
            equal(16 - 3, 13),
            equal(CP3, 3 * 3 * 64 * 64 + 64),
            equal(3 * 3 * 64 * 64 + 64, 36928),
        ],
        "> Conv 4 (valid)": [
            equal(H4, 13 - 3 + 1),
            equal(13 - 3 + 1, 11),
            equal(CP4, 3 * 3 * 64 * 64 + 64),
            equal(3 * 3 * 64 * 64 + 64, 36928),
        ],
        "> Pool: $H_5": [
            equal(H5, math.floor(11 / 2)),
            equal(math.floor(11 / 2), 5),
            equal(D_V, 5 * 5 * 64),
            equal(5 * 5 * 64, 1600),
        ],
        "> Dense: $P_5": [
            equal(CP5, 1600 * 256 + 256),
            equal(1600 * 256 + 256, 409856),
            equal(CP6, 256 * 10 + 10),
            equal(256 * 10 + 10, 2570),
        ],
        "1. Conv 1: Keras shares": [
            equal(CP1, 3 * 3 * 3 * 32 + 32),
            equal(3 * 3 * 3 * 32 + 32, 896),
        ],
        "2. The valid conv loses": [
            equal(H3, 16 - 3 + 1),
            equal(16 - 3 + 1, 14),
            equal(H4, 12),
            equal(H5, 6),
            equal(D_V, 2304),
            equal(CP5, 590080),
            equal(CP_TOTAL, 658128),
        ],
        "Nit: the dense layer": [
            equal(round(590080 / 658218, 2), 0.90),
            equal(D_S, 8 * 8 * 64),
            equal(8 * 8 * 64, 4096),
            equal(CP5_S, 4096 * 256),
            equal(4096 * 256, 1048576),
        ],
    },
)


# --- exam_solution_bias_gradient_batch2.md (English exam solution): nn.Conv2d(2, 3, 3) on
# N = 2 examples of 2 x 4 x 4, 0-based spatial indices, examples n = 1, 2 (array index n - 1);
# L = sum over the batch of the l_n, G = dL/dY.

EX = "exam_solution_bias_gradient_batch2"
NB, NC, NF, SIDE, KS = 2, 2, 3, 4, 3
HO = SIDE - KS + 1


def _ex(r: np.random.Generator, g: np.ndarray | None = None) -> dict:
    x, w, b = (
        r.normal(size=(NB, NC, SIDE, SIDE)),
        r.normal(size=(NF, NC, KS, KS)),
        r.normal(size=NF),
    )
    g = r.normal(size=(NB, NF, HO, HO)) if g is None else g
    return {"x": x, "w": w, "b": b, "g": g, **conv(x, w, b, g)}


def _ex_t(check: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: check(_ex(r)), seed)


def _forward(v: dict) -> np.ndarray:
    x, w, b = v["x"], v["w"], v["b"]
    return np.array(
        [[[[b[f] + sum(w[f, c, u, vv] * at(x[n], c, i + u, j + vv)
                       for c in range(NC) for u in range(KS) for vv in range(KS))
            for j in range(HO)] for i in range(HO)] for f in range(NF)] for n in range(NB)]
    )  # fmt: skip


def _jacobian_b(v: dict) -> np.ndarray:
    """dY[n,g,i,j] / db[f] by torch autograd: shape (N, F, H_out, W_out, F)."""
    x, w = t64(v["x"]), t64(v["w"])
    jac = torch.autograd.functional.jacobian(lambda b: F.conv2d(x, w, b), t64(v["b"]))
    return jac.numpy()


def _chain(v: dict) -> bool:
    jac = _jacobian_b(v)
    rhs = [
        sum(v["g"][n - 1, g, i, j] * jac[n - 1, g, i, j, f]
            for n in range(1, NB + 1) for g in range(NF) for i in range(2) for j in range(2))
        for f in range(NF)
    ]  # fmt: skip
    return same(v["db"], rhs)


def _delta(v: dict) -> bool:
    jac = _jacobian_b(v)
    eye = np.eye(NF)
    want = np.array(
        [[[[eye[g] for _ in range(HO)] for _ in range(HO)] for g in range(NF)] for _ in range(NB)]
    )
    return same(jac, want)


def _mean_over_batch(r: np.random.Generator) -> bool:
    """L = (1/N) sum_n l_n with G^(n) = dl_n/dY^(n): torch's bias gradient against the note's
    1/(N H_out W_out) times the sum."""
    v = _ex(r)
    xt, wt, bt = t64(v["x"]), t64(v["w"]), t64(v["b"], True)
    (F.conv2d(xt, wt, bt) * t64(v["g"])).sum().div(NB).backward()
    rhs = [
        sum(v["g"][n - 1, f, i, j] for n in range(1, NB + 1) for i in range(2) for j in range(2))
        / (NB * HO * HO)
        for f in range(NF)
    ]
    return same(bt.grad.numpy(), rhs)


EXG = np.array(
    [
        [[[1.0, -2], [0, 3]], [[0, 1], [1, 0]], [[-1, 0], [2, 2]]],
        [[[2, 0], [-1, 1]], [[1, 1], [1, 1]], [[0, -3], [1, 0]]],
    ]
)
EXV = _ex(np.random.default_rng(5940), EXG)  # the bias gradient does not depend on x, w, b
DB = EXV["db"]
ONES = _ex(np.random.default_rng(5941), np.ones((NB, NF, HO, HO)))


def _ones_padded() -> dict:
    """L = sum of the outputs of the same layer with padding=1 (4 x 4 outputs)."""
    r = np.random.default_rng(5949)
    x, w, b = (
        r.normal(size=(NB, NC, SIDE, SIDE)),
        r.normal(size=(NF, NC, KS, KS)),
        r.normal(size=NF),
    )
    return conv(x, w, b, np.ones((NB, NF, SIDE, SIDE)), padding=1)


ONES_P1 = _ones_padded()

EX_CLAIMS = claims_of(
    EX,
    {
        "**Setting.**": [None] * 7,
        "**(a)** The output side": [equal(conv_out(4, 3), 4 - 3 + 1), equal(4 - 3 + 1, 2)],
        "$$Y^{(n)}_f[i,j] = b_f": [_ex_t(lambda v: same(v["z"], _forward(v)), 5942)],
        "\\sum_{g=0}^{F-1}": [_ex_t(_chain, 5943)],
        "and from (a), $\\frac": [_ex_t(_delta, 5944), None],
        "$$\\frac{\\partial L}{\\partial b_f} = \\sum_{n=1}^{2} \\sum_{i=0}^{1}": [
            _ex_t(
                lambda v: same(
                    v["db"],
                    [
                        sum(
                            v["g"][n - 1, f, i, j]
                            for n in (1, 2)
                            for i in range(2)
                            for j in range(2)
                        )
                        for f in range(NF)
                    ],
                ),
                5945,
            )
        ],
        "Common wrong answer": [
            _ex_t(
                lambda v: same(
                    v["db"],
                    [
                        sum(
                            at(v["g"], n - 1, f, i, j)
                            for n in (1, 2)
                            for i in range(1, HO + 1)
                            for j in range(1, HO + 1)
                        )
                        for f in range(NF)
                    ],
                ),
                5946,
            )
        ],
        "The gradient has one entry per bias": [
            _ex_t(lambda v: v["db"].size == NF, 5947),
            equal(params(nn.Conv2d(2, 3, 3)) - params(nn.Conv2d(2, 3, 3, bias=False)), 3 * 2 * 2),
            equal(NF * conv_out(4, 3) * conv_out(4, 3), 3 * 2 * 2),
            equal(3 * 2 * 2, 12),
        ],
        "$$G^{(1)}_1 =": [None, None, None],
        "$$G^{(2)}_1 =": [None, None, None],
        "\\partial b_1} = (1 - 2": [
            single(lambda: close(DB[0], (1 - 2 + 0 + 3) + (2 + 0 - 1 + 1))),
            equal((1 - 2 + 0 + 3) + (2 + 0 - 1 + 1), 2 + 2),
            equal(2 + 2, 4),
        ],
        "\\partial b_2} = (0 + 1": [
            single(lambda: close(DB[1], (0 + 1 + 1 + 0) + (1 + 1 + 1 + 1))),
            equal((0 + 1 + 1 + 0) + (1 + 1 + 1 + 1), 2 + 4),
            equal(2 + 4, 6),
        ],
        "\\partial b_3} = (-1 + 0": [
            single(lambda: close(DB[2], (-1 + 0 + 2 + 2) + (0 - 3 + 1 + 0))),
            equal((-1 + 0 + 2 + 2) + (0 - 3 + 1 + 0), 3 + 2),
            equal(3 + 2, 5),
        ],
        "so $\\frac{\\partial L}{\\partial b} = (4, 6, 5)$": [single(lambda: same(DB, [4, 6, 5]))],
        "**(d)** If $L$": [
            None,
            single(lambda: same(ONES["db"], [NB * HO * HO] * NF)),
            equal(NB * conv_out(4, 3) ** 2, 2 * 2 * 2),
            equal(2 * 2 * 2, 8),
            equal(conv_out(4, 3, p=1), 4 + 2),
            equal(4 + 2, 6),
            single(lambda: same(ONES_P1["db"], [2 * 6 * 6] * NF)),
            equal(2 * 6 * 6, 72),
        ],
        "**(e)** With PyTorch": [None, None],
        "\\frac{1}{N H_{out} W_{out}}": [trials(_mean_over_batch, 5948)],
    },
)

NOTES_B: Claims = {**SQ_CLAIMS, **CR_CLAIMS, **EX_CLAIMS}
