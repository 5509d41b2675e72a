"""Independent truth for the fresh48 unseen set (tests/data/check/unseen/fresh48/): the notes
lekciya_obratnyj_prohod_conv2d_dva_v_tri, examen_maxpool_3x3_stride2_solapado,
forum_tf_same_padding_even_kernel and lab_report_gradient_check_conv_fd (the other three live
in unseen_fresh48_truth_b.py; truth_table merges both).

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
from unseen_fresh29_truth import grid
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
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh48"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- lekciya_obratnyj_prohod_conv2d_dva_v_tri.md (Russian lecture): nn.Conv2d(2, 3, 2) on 4 x 4;
# channels 1-based (subtract one to read an array), spatial indices 0-based; G_o zero outside.

LEK = "lekciya_obratnyj_prohod_conv2d_dva_v_tri"
L_CI, L_CO, L_K, L_H = 2, 3, 2, 4
L_M = L_H - L_K + 1
L_TAPS = range(L_K)
L_OUT = range(L_M)


def _lek(r: np.random.Generator) -> dict:
    x, w, b = (
        r.normal(size=(1, L_CI, L_H, L_H)),
        r.normal(size=(L_CO, L_CI, L_K, L_K)),
        r.normal(size=L_CO),
    )
    g = r.normal(size=(1, L_CO, L_M, L_M))
    v = conv(x, w, b, g)
    return {
        "x": x[0],
        "w": w,
        "b": b,
        "g": g[0],
        "z": v["z"][0],
        "dx": v["dx"][0],
        "dw": v["dw"],
        "db": v["db"],
    }


def _lk(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_lek(r)), seed)


def _lek_y(v: dict) -> np.ndarray:
    x, w, b = v["x"], v["w"], v["b"]
    return np.array(
        [
            [
                [
                    b[o - 1]
                    + sum(
                        w[o - 1, c - 1, u, vv] * at(x[c - 1], i + u, j + vv)
                        for c in (1, 2)
                        for u in L_TAPS
                        for vv in L_TAPS
                    )
                    for j in L_OUT
                ]
                for i in L_OUT
            ]
            for o in (1, 2, 3)
        ]
    )


def _lek_dw(v: dict) -> np.ndarray:
    x, g = v["x"], v["g"]
    return np.array(
        [
            [
                [
                    [
                        sum(g[o, i, j] * at(x[c], i + u, j + vv) for i in L_OUT for j in L_OUT)
                        for vv in L_TAPS
                    ]
                    for u in L_TAPS
                ]
                for c in range(L_CI)
            ]
            for o in range(L_CO)
        ]
    )


def _lek_dx(v: dict) -> np.ndarray:
    g, w = v["g"], v["w"]
    return np.array(
        [
            [
                [
                    sum(
                        zat(g[o], p - u, q - vv) * w[o, c, u, vv]
                        for o in range(L_CO)
                        for u in L_TAPS
                        for vv in L_TAPS
                    )
                    for q in range(L_H)
                ]
                for p in range(L_H)
            ]
            for c in range(L_CI)
        ]
    )


LEK_X1 = np.array([[1.0, 0, 2, 1], [0, 1, 1, -1], [2, 1, 0, 1], [1, -1, 1, 0]])
LEK_X2 = np.array([[0.0, 1, 1, 0], [1, 2, 0, 1], [-1, 0, 1, 2], [0, 1, 0, 1]])
LEK_G1 = np.array([[1.0, 0, -1], [2, 1, 0], [0, -1, 1]])


def _lek_numbers() -> dict:
    """Section 7.3: filter 1's weight and bias gradients need only X_1, X_2, G_1 (the other
    filters' G and every weight are random: they do not enter)."""
    r = np.random.default_rng(4800)
    g = np.concatenate([LEK_G1[None], r.normal(size=(2, 3, 3))])[None]
    return conv(np.stack([LEK_X1, LEK_X2])[None], r.normal(size=(3, 2, 2, 2)), r.normal(size=3), g)


def _lek_corner() -> dict:
    """Section 7.4: the given G_o[0,0] and W_{o,1}[0,0]; every other entry random."""
    r = np.random.default_rng(4801)
    g, w = r.normal(size=(1, 3, 3, 3)), r.normal(size=(3, 2, 2, 2))
    g[0, :, 0, 0] = [1.0, -2.0, 3.0]
    w[:, 0, 0, 0] = [2.0, 1.0, -1.0]
    return conv(r.normal(size=(1, 2, 4, 4)), w, r.normal(size=3), g)


LEK_V = _lek_numbers()
LEK_C = _lek_corner()
_T01 = (
    LEK_G1[0, 0] * LEK_X2[0, 1]
    + LEK_G1[1, 0] * LEK_X2[1, 1]
    + LEK_G1[2, 1] * LEK_X2[2, 2]
    + LEK_G1[2, 2] * LEK_X2[2, 3]
)

LEK_CLAIMS = claims_of(
    LEK,
    {
        "$$Y_o[i,j] = b_o": [_lk(lambda v: same(v["z"], _lek_y(v)), 4802)],
        "$H' = H - k + 1 = 3$": [
            grid(
                lambda h, k: conv_out(h, k) == h - k + 1,
                [(h, k) for h in (3, 4, 7) for k in (1, 2, 3)],
            ),
            equal(4 - 2 + 1, 3),
        ],
        "Число параметров слоя": [
            equal(params(nn.Conv2d(L_CI, L_CO, L_K)), L_CI * L_CO * L_K**2 + L_CI),
            equal(L_CI * L_CO * L_K**2 + L_CI, 24 + 2),
            equal(24 + 2, 26),
        ],
        "\\partial W_{o,c}[u,v]} = \\sum": [_lk(lambda v: same(v["dw"], _lek_dw(v)), 4803)],
        "\\partial b_o} = \\sum": [_lk(lambda v: same(v["db"], v["g"].sum(axis=(1, 2))), 4804)],
        "\\partial X_c[p,q]} = \\sum": [_lk(lambda v: same(v["dx"], _lek_dx(v)), 4805)],
        "\\operatorname{pad}_{1}(G_o) \\star W_{o,c}$$": [
            _lk(
                lambda v: same(
                    v["dx"],
                    [
                        sum(corr(pad(v["g"][o], 1), v["w"][o, c]) for o in range(L_CO))
                        for c in range(L_CI)
                    ],
                ),
                4806,
            )
        ],
        "и то же самое для весов": [
            _lk(
                lambda v: same(
                    v["dw"],
                    [[corr(v["g"][o], v["x"][c]) for c in range(L_CI)] for o in range(L_CO)],
                ),
                4807,
            )
        ],
        "Для угла всё видно сразу": [
            _lk(
                lambda v: math.isclose(
                    v["dx"][1, 3, 3], sum(v["g"][o, 2, 2] * v["w"][o, 1, 0, 0] for o in range(L_CO))
                ),
                4808,
            )
        ],
        "Размеры градиентов совпадают": [
            _lk(lambda v: v["dx"].size == L_CO * L_H**2, 4809),
            equal(L_CO * L_H**2, 3 * 16),
            equal(3 * 16, 48),
            _lk(lambda v: v["dw"].size == L_CO * L_CI * L_K**2, 4810),
            equal(L_CO * L_CI * L_K**2, 24),
        ],
        "\\partial W_{1,2}[0,1]} = G_1": [
            single(lambda: math.isclose(LEK_V["dw"][0, 1, 0, 1], _T01)),
            single(lambda: math.isclose(_T01, 1 + 4 - 1 + 2)),
            equal(1 + 4 - 1 + 2, 6),
        ],
        "\\partial W_{1,1}} = \\begin{bmatrix}": [
            single(lambda: same(LEK_V["dw"][0, 0], [[-1, 3], [6, 1]])),
            single(lambda: same(LEK_V["dw"][0, 1], [[4, 6], [-2, 3]])),
        ],
        "Сдвиг первого фильтра": [
            single(lambda: math.isclose(LEK_V["db"][0], 1 + 0 - 1 + 2 + 1 + 0 + 0 - 1 + 1)),
            equal(1 + 0 - 1 + 2 + 1 + 0 + 0 - 1 + 1, 2),
        ],
        "\\partial X_1[0,0]} = 1": [
            single(lambda: math.isclose(LEK_C["dx"][0, 0, 0, 0], 1 * 2 + (-2) * 1 + 3 * (-1))),
            equal(1 * 2 + (-2) * 1 + 3 * (-1), -3),
        ],
    },
)


# --- examen_maxpool_3x3_stride2_solapado.md (Spanish exam): nn.MaxPool2d(3, stride=2) on the note's
# 5 x 5 X, 0-based; G given; ties go where torch's backward sends them (first in row-major order).

EXA = "examen_maxpool_3x3_stride2_solapado"
EX_X = np.array(
    [[1.0, 8, 2, 0, 3], [4, 0, 1, 2, 1], [2, 1, 5, 3, 4], [0, 6, 2, 1, 0], [3, 3, 1, 2, 5]]
)
EX_G = np.array([[1.0, -2], [3, 4]])


def _pool(x: np.ndarray, g: np.ndarray, avg: bool = False) -> dict:
    xt = t64(x, True)
    pool = F.avg_pool2d if avg else F.max_pool2d
    y = pool(xt[None, None], 3, 2)[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy()}


EX_V = _pool(EX_X, EX_G)
EX_A = _pool(EX_X, EX_G, avg=True)


def _pool_side(h: int, k: int = 3, s: int = 2) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s).shape[-1])


def _first_argmax(x: np.ndarray, i: int, j: int) -> tuple[int, int]:
    """The first maximum of window (i, j) in row-major order (np.argmax returns the first)."""
    win = x[2 * i : 2 * i + 3, 2 * j : 2 * j + 3]
    a, b = divmod(int(np.argmax(win)), 3)
    return 2 * i + a, 2 * j + b


def _indicator_sum(v: dict) -> np.ndarray:
    x, g = v["x"], v["g"]
    return np.array(
        [
            [
                sum(
                    g[i, j] * float((p, q) == _first_argmax(x, i, j))
                    for i in range(2)
                    for j in range(2)
                )
                for q in range(5)
            ]
            for p in range(5)
        ]
    )


def _indicator_halved(v: dict) -> np.ndarray:
    x, y, g = v["x"], v["y"], v["g"]
    return np.array(
        [
            [at(g, p // 2, q // 2) * float(x[p, q] == at(y, p // 2, q // 2)) for q in range(5)]
            for p in range(5)
        ]
    )


def _on_note_and_random(rel: Callable[[dict], bool], seed: int) -> Truth:
    """The note's X and G, then random ones (no ties)."""
    return lambda: (
        [
            rel(EX_V),
            *trials(lambda r: rel(_pool(r.normal(size=(5, 5)), r.normal(size=(2, 2)))), seed)(),
        ]
    )


def _guarded(rel: Callable[[dict], bool]) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        try:
            return rel(v)
        except IndexError:
            return False

    return check


_EX_GRID = [(h, k, s) for h in (5, 6, 7, 9) for k in (2, 3) for s in (1, 2, 3)]

EXA_CLAIMS = claims_of(
    EXA,
    {
        "$$H_{out} = \\left\\lfloor \\frac{H - k}{s}": [
            grid(lambda h, k, s: _pool_side(h, k, s) == (h - k) // s + 1, _EX_GRID),
            equal((5 - 3) // 2 + 1, math.floor((5 - 3) / 2) + 1),
            equal(math.floor((5 - 3) / 2) + 1, 2),
        ],
        "$$Y = \\begin{bmatrix} 8": [single(lambda: same(EX_V["y"], [[8, 5], [6, 5]]))],
        "Para un mapa de $7": [
            equal(_pool_side(7), (7 - 3) / 2 + 1),
            equal((7 - 3) / 2 + 1, 4),
            equal(_pool_side(6), math.ceil((6 - 3) / 2) + 1),
            equal(math.ceil((6 - 3) / 2) + 1, 3),
        ],
        "**(b)** El gradiente va solo": [
            single(lambda: math.isclose(EX_V["dx"][0, 1], EX_G[0, 0])),
            single(lambda: math.isclose(EX_G[0, 0], 1)),
            single(lambda: math.isclose(EX_V["dx"][3, 1], EX_G[1, 0])),
            single(lambda: math.isclose(EX_G[1, 0], 3)),
        ],
        "\\partial X[2,2]} = G[0,1] + G[1,1]": [
            single(lambda: math.isclose(EX_V["dx"][2, 2], EX_G[0, 1] + EX_G[1, 1])),
            single(lambda: math.isclose(EX_G[0, 1] + EX_G[1, 1], -2 + 4)),
            equal(-2 + 4, 2),
        ],
        "y la esquina empatada": [single(lambda: math.isclose(EX_V["dx"][4, 4], 0))],
        "\\partial X} = \\begin{bmatrix} 0 & 1": [
            single(
                lambda: same(
                    EX_V["dx"],
                    [
                        [0, 1, 0, 0, 0],
                        [0, 0, 0, 0, 0],
                        [0, 0, 4, 0, 0],
                        [0, 3, 0, 0, 0],
                        [0, 0, 0, 0, 0],
                    ],
                )
            )
        ],
        "**(c)** Comprobación": [
            _on_note_and_random(lambda v: math.isclose(v["dx"].sum(), v["g"].sum()), 4811),
            single(lambda: math.isclose(EX_G.sum(), 6)),
            single(lambda: np.count_nonzero(EX_V["dx"]) == 4),
        ],
        "Si la capa fuera": [
            single(lambda: math.isclose(EX_A["dx"][2, 2], EX_G.sum() / 9)),
            single(lambda: math.isclose(EX_G.sum() / 9, 6 / 9)),
            single(lambda: math.isclose(EX_A["dx"][0, 0], EX_G[0, 0] / 9)),
            single(lambda: math.isclose(EX_G[0, 0] / 9, 1 / 3)),
        ],
        "\\tfrac{q}{2} \\right\\rfloor\\right] \\cdot": [
            _on_note_and_random(_guarded(lambda v: same(v["dx"], _indicator_halved(v))), 4812)
        ],
        "\\operatorname{argmax}_{(a,b)": [
            _on_note_and_random(lambda v: same(v["dx"], _indicator_sum(v)), 4813)
        ],
    },
)


# --- forum_tf_same_padding_even_kernel.md (English forum answer): TensorFlow's "same" padding with
# k = 4.  TensorFlow is not installed: its documented rule (H_out = ceil(H / s), the smaller half of
# the total before) is checked against what it must achieve (the least total padding giving H_out
# windows, torch's side) and, at stride 1, against torch's own padding="same", which pads alike.

TFF = "forum_tf_same_padding_even_kernel"


def _side1(n: int, k: int, s: int = 1, p: tuple[int, int] = (0, 0)) -> int:
    """Output length of torch conv1d on a length-n input padded by p (before, after)."""
    x = F.pad(torch.zeros(1, 1, n, dtype=F64), p)
    return int(F.conv1d(x, torch.zeros(1, 1, k, dtype=F64), stride=s).shape[-1])


def _tf_out(h: int, s: int) -> int:
    return math.ceil(h / s)


def _least_pad(h: int, k: int, s: int) -> int:
    """The least total padding for which a stride-s conv gives ceil(h / s) windows."""
    p = 0
    while h + p < k or _side1(h, k, s, (0, p)) < _tf_out(h, s):
        p += 1
    return p


def _same_conv(op: Callable[..., torch.Tensor], x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """torch's padding='same' (stride 1), without its note that an even kernel needs a padded
    copy of the input: that padding is what is being checked."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return op(x, w, padding="same")


def _same_split_agrees(k: int, n: int, before: int, after: int, r: np.random.Generator) -> bool:
    """torch's padding='same' at stride 1 is a valid conv over the input padded (before, after)."""
    x, w = t64(r.normal(size=(1, 1, n))), t64(r.normal(size=(1, 1, k)))
    return same(_same_conv(F.conv1d, x, w), F.conv1d(F.pad(x, (before, after)), w))


_TF_GRID = [(h, k, s) for h in (5, 7, 8, 27, 28) for k in (2, 3, 4, 5) for s in (1, 2, 3)]
_ONE_GRID = [(h, k) for h in (5, 6, 9) for k in (2, 3, 4, 5)]
TF_X = np.array([1.0, 2, 3, 4, 5, 6])
TF_W = np.array([1.0, 0, -1, 2])
TF_Y = _same_conv(F.conv1d, t64(TF_X)[None, None], t64(TF_W)[None, None])[0, 0].numpy()
TF_2D = [
    _same_split_agrees(4, 28, 1, 2, np.random.default_rng(4820)),
    same(
        (lambda x, w: _same_conv(F.conv2d, x, w))(
            *(
                t64(np.random.default_rng(4821).normal(size=sh))
                for sh in ((1, 3, 28, 28), (16, 3, 4, 4))
            )
        ),
        (lambda x, w: F.conv2d(F.pad(x, (1, 2, 1, 2)), w))(
            *(
                t64(np.random.default_rng(4821).normal(size=sh))
                for sh in ((1, 3, 28, 28), (16, 3, 4, 4))
            )
        ),
    ),
]

TFF_CLAIMS = claims_of(
    TFF,
    {
        "$$H_{out} = \\left\\lceil \\frac{H}{s}": [
            grid(
                lambda h, k, s: (
                    _side1(h, k, s, (0, _least_pad(h, k, s))) == math.ceil(h / s)
                    and (s > 1 or _side1(h, k, 1, (0, k - 1)) == h)
                ),
                _TF_GRID,
            )
        ],
        "$$p_{total} = \\max": [
            grid(
                lambda h, k, s: _least_pad(h, k, s) == max((math.ceil(h / s) - 1) * s + k - h, 0),
                _TF_GRID,
            )
        ],
        "and it is split with the smaller half": [
            grid(
                lambda h, k: _same_split_agrees(
                    k, h, (k - 1) // 2, k - 1 - (k - 1) // 2, np.random.default_rng(h * 10 + k)
                ),
                _ONE_GRID,
            ),
            grid(
                lambda h, k: _same_split_agrees(
                    k, h, (k - 1) // 2, k - 1 - (k - 1) // 2, np.random.default_rng(h * 10 + k + 1)
                ),
                _ONE_GRID,
            ),
        ],
        "**Your case, stride 1.**": [
            equal(
                int(
                    _same_conv(F.conv2d, torch.zeros(1, 3, 28, 28), torch.zeros(16, 3, 4, 4)).shape[
                        -1
                    ]
                ),
                28,
            ),
            equal(_least_pad(28, 4, 1), 27 + 4 - 28),
            equal(27 + 4 - 28, 3),
            lambda: TF_2D,
            lambda: TF_2D,
        ],
        "**Stride 2.**": [
            equal(_tf_out(27, 2), math.ceil(27 / 2)),
            equal(math.ceil(27 / 2), 14),
            equal(_least_pad(27, 4, 2), 13 * 2 + 4 - 27),
            equal(13 * 2 + 4 - 27, 3),
            equal(_least_pad(27, 4, 2) // 2, 2),
            equal(_least_pad(27, 4, 2) - _least_pad(27, 4, 2) // 2, 1),
        ],
        "$$y_0 = 0": [
            single(lambda: math.isclose(TF_Y[0], 0 * 1 + 1 * 0 + 2 * (-1) + 3 * 2)),
            equal(0 * 1 + 1 * 0 + 2 * (-1) + 3 * 2, 4),
            single(lambda: math.isclose(TF_Y[5], 6 * 1 + 0 + 0 + 0)),
            equal(6 * 1 + 0 + 0 + 0, 6),
        ],
        "and the output has the same length": [equal(len(TF_Y), 6)],
        "If you port this to PyTorch": [
            equal(_side1(6, 4, 1, (2, 2)), 6 + 2 * 2 - 4 + 1),
            equal(6 + 2 * 2 - 4 + 1, 7),
        ],
        "The parameter count is unaffected": [
            equal(params(nn.Conv2d(3, 16, 4)), 4 * 4 * 16 + 16),
            equal(4 * 4 * 16 + 16, 272),
        ],
        "**Comment (by `pix2pixer`)": [
            grid(lambda h, k, s: _side1(h, k, s) == math.ceil((h - k + 1) / s), _TF_GRID),
            equal(math.ceil(25 / 2), 12),
        ],
        "**Comment (by `old_caffe_user`)": [
            None,
            None,
            grid(
                lambda h: _side1(h, 4, 1, (2, 2)) == h + 2 * 2 - 4 + 1, [(h,) for h in (5, 8, 28)]
            ),
            grid(lambda h: h + 2 * 2 - 4 + 1 == h, [(h,) for h in (5, 8, 28)]),
        ],
    },
)


# --- lab_report_gradient_check_conv_fd.md (English lab report): one channel, valid correlation,
# 0-based, L = sum(Y^2) / 2 with Y = X star W; eps = 1e-3; the estimates are recomputed with the
# loss evaluated by torch's conv2d and compared to the printed digits.

LAB = "lab_report_gradient_check_conv_fd"
LB_X = np.array([[1.0, 2, 0, 1], [0, 1, 3, -1], [2, 0, 1, 1], [1, -1, 0, 2]])
LB_W = np.array([[1.0, -1], [2, 0]])
EPS = 1e-3


def _half_sq(x: np.ndarray, w: np.ndarray) -> dict:
    """L = sum(Y^2) / 2 by torch, with its gradients."""
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv2d(xt[None, None], wt[None, None])[0, 0]
    loss = 0.5 * (y**2).sum()
    loss.backward()
    return {
        "x": x,
        "w": w,
        "y": y.detach().numpy(),
        "L": float(loss.detach()),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
    }


def _loss(x: np.ndarray, w: np.ndarray) -> float:
    return float(0.5 * (F.conv2d(t64(x)[None, None], t64(w)[None, None]) ** 2).sum())


def _unit(shape: tuple[int, ...], *idx: int) -> np.ndarray:
    e = np.zeros(shape)
    e[idx] = 1.0
    return e


def _central_w(x: np.ndarray, w: np.ndarray, u: int, v: int, eps: float = EPS) -> float:
    e = _unit(w.shape, u, v)
    return (_loss(x, w + eps * e) - _loss(x, w - eps * e)) / (2 * eps)


def _forward_w(x: np.ndarray, w: np.ndarray, u: int, v: int, eps: float = EPS) -> float:
    e = _unit(w.shape, u, v)
    return (_loss(x, w + eps * e) - _loss(x, w)) / eps


def rounds_to(value: float, written: str) -> Truth:
    """An approximate value printed as ``written``: right when it rounds to those digits."""
    decimals = len(written.split(".")[1]) if "." in written else 0
    return lambda: [abs(value - float(written)) <= 0.5 * 10.0**-decimals + 1e-12]


LB_V = _half_sq(LB_X, LB_W)


def _lb(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_half_sq(r.normal(size=(4, 4)), r.normal(size=(2, 2)))), seed)


def _window_sq(x: np.ndarray, u: int, v: int) -> float:
    return float(sum(at(x, i + u, j + v) ** 2 for i in range(3) for j in range(3)))


def _all_taps(rel: Callable[[np.ndarray, np.ndarray, int, int], bool]) -> Callable[[dict], bool]:
    return lambda v: all(rel(v["x"], v["w"], u, vv) for u in range(2) for vv in range(2))


_Y = LB_V["y"]
_DX11 = (
    _Y[0, 0] * LB_W[1, 1] + _Y[0, 1] * LB_W[1, 0] + _Y[1, 0] * LB_W[0, 1] + _Y[1, 1] * LB_W[0, 0]
)


def _central_x11() -> float:
    e = _unit((4, 4), 1, 1)
    return (_loss(LB_X + EPS * e, LB_W) - _loss(LB_X - EPS * e, LB_W)) / (2 * EPS)


LAB_CLAIMS = claims_of(
    LAB,
    {
        "$$Y = \\begin{bmatrix} -1 & 4": [
            single(lambda: same(_Y, [[-1, 4, 5], [3, -2, 6], [4, -3, 0]]))
        ],
        "so $L = \\frac{1}{2}(1 + 16": [
            single(lambda: math.isclose(LB_V["L"], 0.5 * (1 + 16 + 25 + 9 + 4 + 36 + 16 + 9 + 0))),
            equal(0.5 * (1 + 16 + 25 + 9 + 4 + 36 + 16 + 9 + 0), 58),
        ],
        "Because of the $\\frac{1}{2}$": [
            _lb(
                lambda v: same(
                    torch.autograd.functional.jacobian(
                        lambda y: 0.5 * (y**2).sum(), t64(v["y"])
                    ).numpy(),
                    v["y"],
                ),
                4830,
            )
        ],
        "$$\\frac{\\partial L}{\\partial W} = X \\star \\frac": [
            _lb(lambda v: same(v["dw"], corr(v["x"], v["y"])), 4831),
            _lb(lambda v: same(v["dx"], corr(pad(v["y"], 1), rot180(v["w"]))), 4832),
        ],
        "$$\\frac{\\partial L}{\\partial W} = \\begin{bmatrix} 31": [
            single(lambda: same(LB_V["dw"], [[31, -9], [38, 6]]))
        ],
        "\\partial X[1,1]} = Y[0,0] W[1,1]": [
            single(lambda: math.isclose(LB_V["dx"][1, 1], _DX11)),
            single(lambda: math.isclose(_DX11, 0 + 8 - 3 - 2)),
            equal(0 + 8 - 3 - 2, 3),
        ],
        "and the top-right corner": [
            single(lambda: math.isclose(LB_V["dx"][0, 3], _Y[0, 2] * LB_W[0, 0])),
            equal(5 * 1, 5),
        ],
        "| $[0,0]$ |": [
            rounds_to(_central_w(LB_X, LB_W, 0, 0), "31.0000"),
            rounds_to(_forward_w(LB_X, LB_W, 0, 0), "31.0100"),
        ],
        "| $[0,1]$ |": [
            rounds_to(_central_w(LB_X, LB_W, 0, 1), "-9.0000"),
            rounds_to(_forward_w(LB_X, LB_W, 0, 1), "-9.0090"),
        ],
        "| $[1,0]$ |": [
            rounds_to(_central_w(LB_X, LB_W, 1, 0), "38.0000"),
            rounds_to(_forward_w(LB_X, LB_W, 1, 0), "38.0100"),
        ],
        "| $[1,1]$ |": [
            rounds_to(_central_w(LB_X, LB_W, 1, 1), "6.0000"),
            rounds_to(_forward_w(LB_X, LB_W, 1, 1), "6.0090"),
        ],
        "For the input entry $X[1,1]$": [rounds_to(_central_x11(), "3.0000")],
        "$$g^{f}_{uv} - \\frac": [
            _lb(
                _all_taps(
                    lambda x, w, u, vv: math.isclose(
                        _forward_w(x, w, u, vv) - _half_sq(x, w)["dw"][u, vv],
                        EPS / 2 * _window_sq(x, u, vv),
                        rel_tol=1e-5,
                        abs_tol=1e-9,
                    )
                ),
                4833,
            )
        ],
        "$$g^{c}_{uv} - \\frac": [
            _lb(
                _all_taps(
                    lambda x, w, u, vv: math.isclose(
                        _central_w(x, w, u, vv) - _half_sq(x, w)["dw"][u, vv],
                        EPS**2 / 6 * _window_sq(x, u, vv),
                        rel_tol=1e-3,
                        abs_tol=1e-9,
                    )
                ),
                4834,
            )
        ],
        "The relative error of the forward": [
            rounds_to(abs(31.01 - 31) / 31.01 * 1e3, "3.2"),
        ],
        "Halving the step": [None, rounds_to(_forward_w(LB_X, LB_W, 0, 0, 5e-4), "31.0025")],
        "A full check touches": [
            equal(2 * (LB_W.size + LB_X.size), 2 * (4 + 16)),
            equal(2 * (4 + 16), 40),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh48_truth_b import NOTES_B

    return {**LEK_CLAIMS, **EXA_CLAIMS, **TFF_CLAIMS, **LAB_CLAIMS, **NOTES_B}
