"""Independent truth for the fresh66 unseen set (tests/data/check/unseen/fresh66/): the notes
blog_wavenet_causal_dilated_receptive_field, apuntes_pooling_retropropagacion_empates and
ganguinote_1d_hapseonggop_sigyeyeol (the other four live in unseen_fresh66_truth_b.py;
truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A link between two written numbers is arithmetic; a size, count or entry
named on the left must equal the true one.
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
    corr1,
    equal,
    params,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh66"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- blog_wavenet_causal_dilated_receptive_field.md (English blog): 0-based, the causal layer
# is torch conv1d with dilation d after (k-1)d zeros on the left (the note's CausalConv1d).


BLOG = "blog_wavenet_causal_dilated_receptive_field"


def causal(x: np.ndarray, w: np.ndarray, b: float, d: int, g: np.ndarray | None = None) -> dict:
    """The note's CausalConv1d on x (N, T) or (T,), one channel; gradients of sum(y * g)."""
    batched = x.ndim == 2
    xt = t64(x if batched else x[None], True)
    wt = t64(w, True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    pad = (len(w) - 1) * d
    y = F.conv1d(F.pad(xt[:, None], (pad, 0)), wt[None, None], bt, dilation=d)[:, 0]
    gg = torch.ones_like(y) if g is None else t64(g if batched else g[None])
    (y * gg).sum().backward()
    pick = (lambda a: a) if batched else (lambda a: a[0])
    return {
        "x": x,
        "w": w,
        "d": d,
        "g": pick(gg.numpy()),
        "y": pick(y.detach().numpy()),
        "dx": pick(xt.grad.numpy()),
        "dw": wt.grad.numpy(),
        "db": bt.grad.item(),
    }


# (k, d) for the general formulas, T = 11
CAUSAL_KD = [(2, 1), (2, 2), (3, 2), (3, 4)]


def _causal_trial(rel: Callable[[dict], bool], seed: int, batch: int = 0) -> Truth:
    def check(r: np.random.Generator) -> bool:
        out = []
        for k, d in CAUSAL_KD:
            shape = (batch, 11) if batch else (11,)
            x, g = r.normal(size=shape), r.normal(size=shape)
            out.append(rel(causal(x, r.normal(size=k), float(r.normal()), d, g)))
        return all(out)

    return trials(check, seed)


def _dw_sum(v: dict, shift: Callable[[int, int, int], int]) -> np.ndarray:
    """sum_t g[t] x[t - shift(i, k, d)] (x zero before the start), one clip."""
    k, d, n = len(v["w"]), v["d"], len(v["x"])
    return np.array(
        [sum(v["g"][t] * zat(v["x"], t - shift(i, k, d)) for t in range(n)) for i in range(k)]
    )


def _dw_batch(v: dict) -> np.ndarray:
    k, d = len(v["w"]), v["d"]
    return np.array(
        [
            sum(
                v["g"][n, t] * zat(v["x"][n], t - (k - 1 - i) * d)
                for n in range(v["x"].shape[0])
                for t in range(v["x"].shape[1])
            )
            for i in range(k)
        ]
    )


def _dx_sum(v: dict) -> np.ndarray:
    k, d, n = len(v["w"]), v["d"], len(v["x"])
    return np.array(
        [sum(v["w"][i] * zat(v["g"], s + (k - 1 - i) * d) for i in range(k)) for s in range(n)]
    )


def _corr_dil(a: np.ndarray, k: np.ndarray, d: int) -> np.ndarray:
    """Valid 1-D correlation with the taps d apart (the note's star_d)."""
    span = (len(k) - 1) * d
    return np.array([sum(a[s + j * d] * k[j] for j in range(len(k))) for s in range(len(a) - span)])


def _jac_causal(k: int, d: int, t_len: int = 12) -> np.ndarray:
    """dy[t]/dx[s] of the causal layer with random taps (w kept to compare)."""
    w = np.random.default_rng(6600 + 10 * k + d).normal(size=k)

    def f(x: torch.Tensor) -> torch.Tensor:
        return F.conv1d(F.pad(x[None, None], ((k - 1) * d, 0)), t64(w)[None, None], dilation=d)[
            0, 0
        ]

    return torch.autograd.functional.jacobian(f, torch.zeros(t_len, dtype=F64)).numpy(), w


def _causal_future_zero(k: int, d: int) -> bool:
    jac, _ = _jac_causal(k, d)
    return all(jac[t, s] == 0 for t in range(12) for s in range(t + 1, 12))


def _tap_back(k: int, d: int) -> bool:
    jac, w = _jac_causal(k, d)
    return all(math.isclose(jac[t, t - d], w[k - 1]) for t in range(d, 12))


def rf_stack(k: int, dils: list[int], causal_pad: bool = True) -> int:
    """How many input samples the last output of a stack of causal layers reads (autograd
    support, positive weights so nothing cancels)."""
    t_len = 1 + (k - 1) * sum(dils) + 5
    xt = torch.zeros(1, 1, t_len, dtype=F64, requires_grad=True)
    h = xt
    for d in dils:
        h = F.conv1d(F.pad(h, ((k - 1) * d, 0)), torch.ones(1, 1, k, dtype=F64), dilation=d)
    h[0, 0, -1].backward()
    return int(np.count_nonzero(xt.grad.numpy()))


def stack_len(t_len: int, k: int, dils: list[int]) -> int:
    """Output length of a stack of unpadded dilated torch conv1d layers."""
    h = torch.zeros(1, 1, t_len, dtype=F64)
    for d in dils:
        h = F.conv1d(h, torch.zeros(1, 1, k, dtype=F64), dilation=d)
    return int(h.shape[-1])


def conv1_len(t_len: int, k: int, d: int = 1, pad_left: int = 0) -> int:
    x = F.pad(torch.zeros(1, 1, t_len, dtype=F64), (pad_left, 0))
    return int(F.conv1d(x, torch.zeros(1, 1, k, dtype=F64), dilation=d).shape[-1])


WAVENET = [2**j for j in range(10)]
STACKS = [(2, [1, 2, 4]), (3, [1, 2]), (2, WAVENET), (3, [1, 3, 9]), (4, [2, 1, 5])]
BX = np.array([1.0, 2, 0, -1, 3])
BW = np.array([2.0, -1])
BV = causal(BX, BW, 1.0, 2)  # g = 1: L = sum of y
LEN_GRID = [(t, k, d) for t in (9, 16, 30) for k in (2, 3, 5) for d in (1, 2, 3)]
CAUSAL_LAYER = nn.Conv1d(64, 128, kernel_size=2, dilation=4)


def _causal_macs() -> int:
    x = torch.zeros(1, 64, 16000, dtype=F64)
    layer = CAUSAL_LAYER.double()
    return flops_half(lambda: layer(F.pad(x, (4, 0))))


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "y[t] = b + \\sum_{i=0}^{k-1}": [None, None, None],
        "With that left padding": [
            grid(
                lambda t, k, d: conv1_len(t, k, d, (k - 1) * d) == t + (k - 1) * d - d * (k - 1),
                LEN_GRID,
            ),
            grid(lambda t, k, d: t + (k - 1) * d - d * (k - 1) == t, LEN_GRID),
            grid(lambda t, k, d: t - conv1_len(t, k, d, k - 1) == (k - 1) * (d - 1), LEN_GRID),
        ],
        "Take $x = (1, 2, 0, -1, 3)$": [
            *[None] * 5,
            single(lambda: same(BV["y"], [1 + 2 * zat(BX, t - 2) - BX[t] for t in range(5)])),
            single(lambda: math.isclose(BV["y"][3], 1 + 2 * 2 - (-1))),
            equal(1 + 2 * 2 - (-1), 6),
        ],
        "$$y = \\begin{bmatrix} 0 & -1": [single(lambda: same(BV["y"], [0, -1, 3, 6, -2]))],
        "With $g[t] = \\partial L": [None],
        "\\partial w[i]} = \\sum_{t=0}^{T-1}": [
            _causal_trial(lambda v: same(v["dw"], _dw_sum(v, lambda i, k, d: i * d)), 6601),
            _causal_trial(lambda v: math.isclose(v["db"], v["g"].sum()), 6602),
        ],
        "and for a mini-batch of $N$": [
            _causal_trial(lambda v: same(v["dw"], _dw_batch(v)), 6603, batch=3),
            _causal_trial(lambda v: math.isclose(v["db"], v["g"].sum() / 3), 6604, batch=3),
        ],
        "\\partial x[s]} = \\sum_{i=0}^{k-1}": [
            _causal_trial(lambda v: same(v["dx"], _dx_sum(v)), 6605),
            _causal_trial(
                lambda v: same(
                    v["dx"],
                    _corr_dil(
                        np.pad(v["g"], ((len(v["w"]) - 1) * v["d"], 0)), v["w"][::-1], v["d"]
                    ),
                ),
                6606,
            ),
        ],
        "Causality survives": [
            grid(_causal_future_zero, [(2, 1), (2, 2), (3, 2), (4, 3)]),
            None,
            grid(_tap_back, [(2, 1), (2, 2), (3, 2), (4, 3)]),
        ],
        "In the tiny example take": [
            None,
            equal(BV["db"], 5),
            single(lambda: math.isclose(BV["dw"][1], BX.sum())),
            equal(1 + 2 + 0 - 1 + 3, 5),
            single(lambda: math.isclose(BV["dw"][0], BX[2] + BX[3] + BX[4])),
            equal(0 - 1 + 3, 2),
        ],
        "\\frac{\\partial L}{\\partial x} = \\begin{bmatrix} 1 & 1 & 1": [
            single(lambda: same(BV["dx"], [1, 1, 1, -1, -1]))
        ],
        "$$R = 1 + (k-1) \\sum": [
            grid(lambda k, ds: rf_stack(k, ds) == 1 + (k - 1) * sum(ds), STACKS)
        ],
        "A single layer with $k = 3$": [
            None,
            None,
            equal(rf_stack(3, [4]), 3 * 4),
            equal(3 * 4, 12),
            None,
            None,
            equal(rf_stack(2, WAVENET), 1 + (2**10 - 1)),
            equal(1 + (2**10 - 1), 1024),
            equal(rf_stack(2, WAVENET * 3), 3 * 1024),
            equal(3 * 1024, 3072),
            None,
            equal(rf_stack(3, WAVENET), 1 + 2 * 1023),
            equal(1 + 2 * 1023, 2047),
            None,
            equal(rf_stack(3, [1, 2]), 3 + 3),
            equal(3 + 3, 6),
        ],
        "Drop the left padding": [
            None,
            grid(lambda t: stack_len(t, 2, WAVENET) == t - sum(WAVENET), [(2000,), (16000,)]),
            equal(16000 - sum(WAVENET), 16000 - 1023),
            equal(16000 - 1023, 14977),
        ],
        "Each dilated layer in my model": [
            equal(params(CAUSAL_LAYER), 128 * 64 * 2 + 128),
            equal(128 * 64 * 2 + 128, 16512),
            equal(10 * 16512, 165120),
            equal(params(nn.Conv1d(64, 64, 1)), 64 * 64),
            equal(64 * 64, 4096),
            equal(conv1_len(16000, 2, 4, 4), 16000),
        ],
        "$$M = 16000 \\cdot 128": [
            equal(_causal_macs(), 16000 * 128 * 64 * 2),
            equal(16000 * 128 * 64 * 2, 262144000),
        ],
    },
)


# --- apuntes_pooling_retropropagacion_empates.md (Spanish lecture notes): 1-based, torch's
# max / average pooling; a tie goes where torch sends it (the first maximum in reading order).

APU = "apuntes_pooling_retropropagacion_empates"
PX = np.array([[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 6, 3, 3], [2, 1, 0, 1]])
PG = np.array([[1.0, -2], [3, 1]])


def pool(x: np.ndarray, g: np.ndarray, kind: str = "max", **kw: object) -> dict:
    """torch max_pool2d / avg_pool2d on one 2-D map and the gradient of sum(y * g)."""
    xt = t64(x, True)
    fn = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = fn(xt[None, None], **kw)[0, 0]
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dx": xt.grad.numpy()}


def pool_side(h: int, k: int, s: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s).shape[-1])


PV = pool(PX, PG, kernel_size=2)
PA = pool(PX, PG, "avg", kernel_size=2)
P1X = np.array([1.0, 3, 3, 0])
P1T = t64(P1X, True)
P1Y = F.max_pool1d(P1T[None, None], 2, 1)[0, 0]
P1Y.sum().backward()
P1D = P1T.grad.numpy()  # 0-based: dL/dx_j is P1D[j - 1]


def _argmax1(x: np.ndarray, p: int, q: int) -> tuple[int, int]:
    """1-based position of the first maximum of window (p, q) of a 2 x 2 / stride 2 pool."""
    win = x[2 * (p - 1) : 2 * p, 2 * (q - 1) : 2 * q]
    a, b = np.unravel_index(int(np.argmax(win)), (2, 2))
    return 2 * (p - 1) + a + 1, 2 * (q - 1) + b + 1


def _routing(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    rhs = np.zeros((4, 4))
    for i in range(1, 5):
        for j in range(1, 5):
            rhs[i - 1, j - 1] = sum(
                g[p - 1, q - 1] * ((i, j) == _argmax1(x, p, q)) for p in (1, 2) for q in (1, 2)
            )
    return same(pool(x, g, kernel_size=2)["dx"], rhs)


def _overlap_centre(r: np.random.Generator) -> bool:
    x = r.normal(size=(5, 5))
    x[2, 2] = 10.0  # X_33, 1-based, the maximum of the image
    dx = pool(x, PG, kernel_size=3, stride=2)["dx"]
    return math.isclose(dx[2, 2], PG.sum())


def _avg_rule(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    dx = pool(x, g, "avg", kernel_size=2)["dx"]
    rhs = [
        [g[math.ceil(i / 2) - 1, math.ceil(j / 2) - 1] / 4 for j in range(1, 5)]
        for i in range(1, 5)
    ]
    return same(dx, rhs)


def _avg_kron(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    return same(pool(x, g, "avg", kernel_size=2)["dx"], np.kron(np.ones((2, 2)), g) / 4)


def _avg_transpose(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(6, 6)), r.normal(size=(3, 3))
    tc = F.conv_transpose2d(
        t64(g)[None, None], torch.full((1, 1, 2, 2), 0.25, dtype=F64), stride=2
    )[0, 0]
    return same(pool(x, g, "avg", kernel_size=2)["dx"], tc.numpy())


def _avg_pad_corner(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(5, 5)), r.normal(size=(5, 5))
    dx = pool(x, g, "avg", kernel_size=3, stride=1, padding=1)["dx"]
    return math.isclose(dx[0, 0], (g[0, 0] + g[0, 1] + g[1, 0] + g[1, 1]) / 4)


def _global(r: np.random.Generator) -> dict:
    x, g = r.normal(size=(3, 2, 4, 5)), r.normal(size=(3, 2))
    xt = t64(x, True)
    (F.adaptive_avg_pool2d(xt, 1)[:, :, 0, 0] * t64(g)).sum().backward()
    return {"dx": xt.grad.numpy(), "g": g}


APU_CLAIMS = claims_of(
    APU,
    {
        "Para una ventana de lado $k$": [
            grid(
                lambda h, k, s: pool_side(h, k, s) == (h - k) // s + 1,
                [(h, k, s) for h in (4, 5, 7, 9) for k in (2, 3) for s in (1, 2, 3)],
            ),
            None,
            None,
            None,
            equal(pool_side(4, 2, 2), 2 // 2 + 1),
            equal(2 // 2 + 1, 2),
            None,
        ],
        "$$X = \\begin{bmatrix} 1 & 3 & 2 & 0": [
            None,
            None,
            single(lambda: same(PV["y"], [[4, 5], [6, 3]])),
        ],
        "\\delta_{(i,j),\\, m(p,q)}": [trials(_routing, 6610)],
        "En el ejemplo $m(1,1)": [
            single(lambda: _argmax1(PX, 1, 1) == (2, 1)),
            single(lambda: _argmax1(PX, 1, 2) == (2, 4)),
            single(lambda: _argmax1(PX, 2, 1) == (3, 2)),
        ],
        "1 & 0 & 0 & -2": [
            single(
                lambda: same(PV["dx"], [[0, 0, 0, 0], [1, 0, 0, -2], [0, 3, 1, 0], [0, 0, 0, 0]])
            )
        ],
        "**Empates.**": [
            equal(PX[2, 2], PX[2, 3]),
            equal(PX[2, 3], 3),
            equal(PV["dx"][2, 2], PG[1, 1]),
            equal(PG[1, 1], 1),
            equal(PV["dx"][2, 3], 0),
            None,
            None,
        ],
        "Como cada ventana manda": [
            single(lambda: math.isclose(PV["dx"].sum(), PG.sum())),
            equal(PG.sum(), 3),
            single(lambda: np.count_nonzero(PV["dx"]) <= 4),
        ],
        "Con $k = 2$ y paso $s = 1$ en 1-D": [
            None,
            None,
            None,
            single(lambda: same(P1Y.detach().numpy(), [3, 3, 3])),
            None,
            single(lambda: P1X[1] == P1X[2] == 3),
            equal(P1D[2], 1 + 1),
            equal(1 + 1, 2),
            equal(P1D[1], 1),
            equal(1, 1),
        ],
        "En 2-D con $k = 3$, $s = 2$": [
            None,
            None,
            single(lambda: pool_side(5, 3, 2) == (5 - 3) // 2 + 1 == 2),
            trials(_overlap_centre, 6611),
            equal(1 - 2 + 3 + 1, 3),
        ],
        "Ojo con `ceil_mode`": [
            None,
            None,
            None,
            equal(pool_side(5, 2, 2), math.ceil((5 - 2) / 2) + 1),
            equal(math.ceil((5 - 2) / 2) + 1, 3),
        ],
        "Ahora $A_{pq} = ": [
            None,
            single(lambda: math.isclose(PA["y"][0, 0], (1 + 3 + 4 + 2) / 4)),
            equal((1 + 3 + 4 + 2) / 4, 2.5),
        ],
        "\\frac{1}{4}\\, G_{\\lceil i/2": [trials(_avg_rule, 6612), trials(_avg_kron, 6613)],
        "Con la $G$ del ejemplo:": [
            equal(PA["dx"][2, 3], PG[1, 1] / 4),
            equal(PG[1, 1] / 4, 0.25),
            equal(PA["dx"][0, 3], PG[0, 1] / 4),
            equal(PG[0, 1] / 4, -0.25),
            single(lambda: math.isclose(PA["dx"].sum(), PG.sum() / 4)),
            equal(PG.sum() / 4, 0.75),
            trials(_avg_transpose, 6614),
        ],
        "\\frac{G_{11} + G_{12} + G_{21} + G_{22}}{4}": [trials(_avg_pad_corner, 6615)],
        "**Pooling global.**": [
            None,
            None,
            trials(
                lambda r: same(
                    (v := _global(r))["dx"],
                    np.broadcast_to(v["g"][:, :, None, None] / 20, (3, 2, 4, 5)),
                ),
                6616,
            ),
            trials(
                lambda r: same(
                    (v := _global(r))["dx"],
                    np.broadcast_to(v["g"][:, :, None, None] / 3 / 20, (3, 2, 4, 5)),
                ),
                6617,
            ),
        ],
    },
)


# --- ganguinote_1d_hapseonggop_sigyeyeol.md (Korean lecture notes): 1-based, nn.Conv1d(2, 1, 3),
# valid, stride 1, the note's X (2 x 6), W (2 x 3), b = 0.5, g = (1, -1, 0, 2).

GAN = "ganguinote_1d_hapseonggop_sigyeyeol"
KX = np.array([[1.0, 0, 2, -1, 3, 1], [2, 1, 0, 1, -2, 0]])
KW = np.array([[1.0, -1, 2], [0, 1, 1]])
KG = np.array([1.0, -1, 0, 2])


def conv1(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray, stride: int = 1) -> dict:
    """torch conv1d, x (N, C, T) or (C, T), one output channel; gradients of sum(y * g)."""
    batched = x.ndim == 3
    xt, wt = t64(x if batched else x[None], True), t64(w, True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    y = F.conv1d(xt, wt[None], bt, stride=stride)[:, 0]
    (y * t64(g if batched else g[None])).sum().backward()
    pick = (lambda a: a) if batched else (lambda a: a[0])
    return {
        "x": x,
        "w": w,
        "g": g,
        "b": b,
        "y": pick(y.detach().numpy()),
        "dx": pick(xt.grad.numpy()),
        "dw": wt.grad.numpy(),
        "db": bt.grad.item(),
    }


KV = conv1(KX, KW, 0.5, KG)


def _k_trial(rel: Callable[[dict], bool], seed: int, stride: int = 1) -> Truth:
    """Random X, W, b, g at the note's sizes (C_in = 2, T = 6, k = 3) and at C_in = 3, T = 9,
    k = 4."""

    def check(r: np.random.Generator) -> bool:
        out = []
        for c, t, k in ((2, 6, 3), (3, 9, 4)):
            t_out = (t - k) // stride + 1
            v = conv1(
                r.normal(size=(c, t)),
                r.normal(size=(c, k)),
                float(r.normal()),
                r.normal(size=t_out),
                stride,
            )
            out.append(rel(v))
        return all(out)

    return trials(check, seed)


def _k_dw(v: dict) -> np.ndarray:
    c, k = v["w"].shape
    t_out = len(v["g"])
    return np.array(
        [
            [
                sum(v["g"][t - 1] * at(v["x"], ci - 1, t + i - 2) for t in range(1, t_out + 1))
                for i in range(1, k + 1)
            ]
            for ci in range(1, c + 1)
        ]
    )


def _k_dx(v: dict, padding: int) -> np.ndarray:
    return np.array([corr1(np.pad(v["g"], padding), wc[::-1]) for wc in v["w"]])


def _im2col(x: np.ndarray, k: int) -> np.ndarray:
    t_out = x.shape[1] - k + 1
    return np.array(
        [np.concatenate([x[c, t : t + k] for c in range(x.shape[0])]) for t in range(t_out)]
    )


def _k_batch(r: np.random.Generator, on_bias: bool) -> bool:
    """L = mean over the batch of l_n = sum(y_n * h_n): g^(n) = h_n."""
    n = 4
    x, w, h = r.normal(size=(n, 2, 6)), r.normal(size=(2, 3)), r.normal(size=(n, 4))
    v = conv1(x, w, 0.3, h / n)  # dL/dy_n = h_n / N
    if on_bias:
        return math.isclose(v["db"], h.sum())
    rhs = np.array(
        [
            [
                sum(h[m, t] * x[m, c, t + i] for m in range(n) for t in range(4)) / n
                for i in range(3)
            ]
            for c in range(2)
        ]
    )
    return same(v["dw"], rhs)


GAN_CLAIMS = claims_of(
    GAN,
    {
        "이 노트에서는 인덱스를": [None, None],
        "$$y_t = b + \\sum_{c=1}^{C_{in}}": [None],
        "이고 출력 길이는 $T_{out} = T - k + 1$": [
            grid(
                lambda t, k: conv1_len(t, k) == t - k + 1,
                [(t, k) for t in (6, 9, 20) for k in (1, 3, 5)],
            ),
            None,
            None,
            None,
            None,
        ],
        "$$X = \\begin{bmatrix} 1 & 0 & 2 & -1": [None, None],
        "그러면 $T_{out} = 6 - 3 + 1 = 4$": [
            equal(len(KV["y"]), 6 - 3 + 1),
            equal(6 - 3 + 1, 4),
            single(lambda: math.isclose(KV["y"][0], 0.5 + (1 + 0 + 4) + (0 + 1 + 0))),
            equal(0.5 + (1 + 0 + 4) + (0 + 1 + 0), 6.5),
        ],
        "$$y = \\begin{bmatrix} 6.5": [single(lambda: same(KV["y"], [6.5, -2.5, 8.5, -3.5]))],
        "상위 층에서 $g = (1, -1, 0, 2)$": [None],
        "\\partial w_{c,i}} = \\sum_{t=1}^{T_{out}} g_t": [
            _k_trial(lambda v: same(v["dw"], _k_dw(v)), 6620),
            _k_trial(lambda v: math.isclose(v["db"], v["g"].sum()), 6621),
            equal(KG.sum(), 2),
        ],
        "예를 들어 $\\frac{\\partial L}{\\partial w_{1,3}}": [
            single(lambda: math.isclose(KV["dw"][0, 2], KG @ KX[0, 2:6])),
            equal(KG @ KX[0, 2:6], 2 + 1 + 0 + 2),
            equal(2 + 1 + 0 + 2, 5),
        ],
        "-1 & 4 & 5 \\\\ 3 & -3 & 1": [single(lambda: same(KV["dw"], [[-1, 4, 5], [3, -3, 1]]))],
        "\\frac{\\partial L}{\\partial x_c} = g * w_c": [
            _k_trial(lambda v: same(v["dx"], [np.convolve(v["g"], wc) for wc in v["w"]]), 6622),
            _k_trial(lambda v: same(v["dx"], _k_dx(v, v["w"].shape[1])), 6623),
        ],
        "1 & -2 & 3 & 0 & -2 & 4": [
            single(lambda: same(KV["dx"], [[1, -2, 3, 0, -2, 4], [0, 1, 0, -1, 2, 2]]))
        ],
        "양 끝을 확인해 봅시다": [
            equal(KV["dx"][0, 0], KG[0] * KW[0, 2]),
            equal(KG[0] * KW[0, 2], 2),
            equal(KV["dx"][0, 5], KG[3] * KW[0, 2]),
            equal(KG[3] * KW[0, 2], 4),
        ],
        "**미니배치.**": [
            None,
            None,
            trials(lambda r: _k_batch(r, False), 6624),
            trials(lambda r: _k_batch(r, True), 6625),
        ],
        "$$X_{col} = \\begin{bmatrix}": [
            single(
                lambda: same(
                    _im2col(KX, 3),
                    [
                        [1, 0, 2, 2, 1, 0],
                        [0, 2, -1, 1, 0, 1],
                        [2, -1, 3, 0, 1, -2],
                        [-1, 3, 1, 1, -2, 0],
                    ],
                )
            )
        ],
        "이고 $y = X_{col}": [
            _k_trial(
                lambda v: same(
                    v["y"], _im2col(v["x"], v["w"].shape[1]) @ v["w"].reshape(-1) + v["b"]
                ),
                6626,
            ),
            _k_trial(
                lambda v: same(v["dw"].reshape(-1), _im2col(v["x"], v["w"].shape[1]).T @ v["g"]),
                6627,
            ),
            single(lambda: _im2col(KX, 3).shape == (4, 6) == ((6 - 3 + 1), 2 * 3)),
            equal(_im2col(KX, 3).size, 6 * 2 * 3),
            equal(6 * 2 * 3, 36),
        ],
        "stride 2 이면": [
            equal(conv1(KX, KW, 0.5, KG[:2], 2)["y"].shape[0], (6 - 3) // 2 + 1),
            equal((6 - 3) // 2 + 1, 2),
            _k_trial(lambda v: same(v["dw"], _k_dw(v)), 6629, stride=2),
            _k_trial(lambda v: same(v["dx"], _k_dx(v, v["w"].shape[1] - 1)), 6628, stride=2),
        ],
        "`nn.Conv1d(2, 1, 3)` 의 파라미터는": [
            equal(params(nn.Conv1d(2, 1, 3)), 2 * 3 + 1),
            equal(2 * 3 + 1, 7),
            equal(params(nn.Conv1d(12, 32, 5)), 32 * 12 * 5 + 32),
            equal(32 * 12 * 5 + 32, 1952),
            None,
            equal(conv1_len(1000, 5), 996),
            equal(
                flops_half(
                    lambda: nn.Conv1d(12, 32, 5).double()(torch.zeros(1, 12, 1000, dtype=F64))
                ),
                1000 * 32 * 12 * 5,
            ),
            equal(1000 * 32 * 12 * 5, 1000 * 32 * 12 * 5),
            equal(1000 * 32 * 12 * 5, 1920000),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh66_truth_b import NOTES_B

    return {**BLOG_CLAIMS, **APU_CLAIMS, **GAN_CLAIMS, **NOTES_B}
