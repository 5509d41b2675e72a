"""Independent truth for the fresh66 unseen set, second part: hw3_graded_batch_gradients_conv_dense,
foro_tcn_campo_receptivo_keras, wiki_cnn_gongsik_yoyak and
code_review_tcn_upsampler (see unseen_fresh66_truth.py for the conventions: NumPy / torch autograd
in float64, no symconv; one bool per trial or per size; a link between two written numbers is
arithmetic, a quantity named on the left must equal the true one)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh66_truth import causal, conv1_len, rf_stack, stack_len
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
    tconv_out,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh66"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- hw3_graded_batch_gradients_conv_dense.md (English graded homework): 1-based,
# nn.Conv2d(1, 1, 2) on a batch of two 3 x 3 images, b = 1, L = sum_n sum(Y^(n) * G^(n)); a dense
# layer z = V a + c on a batch of two with dL/dz^(n) = delta^(n).

HW = "hw3_graded_batch_gradients_conv_dense"
HX = np.array([[[1.0, 2, 0], [0, 1, 3], [2, 1, 1]], [[0.0, 1, 1], [2, 0, 1], [1, 3, 0]]])
HW_W = np.array([[1.0, -1], [2, 0]])
HG = np.array([[[1.0, 0], [-1, 2]], [[0.0, 1], [1, 1]]])
HV = np.array([[1.0, 0, -1], [2, 1, 0]])
HA = np.array([[1.0, 0, 2], [0, 1, 1]])
HD = np.array([[1.0, -1], [2, 0]])


def batch_conv(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray, scale: float = 1.0) -> dict:
    """torch conv2d on a batch x (N, H, W), one channel; L = scale * sum_n sum(Y^(n) * G^(n))."""
    xt, wt = t64(x, True), t64(w, True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    y = F.conv2d(xt[:, None], wt[None, None], bt)[:, 0]
    (scale * (y * t64(g)).sum()).backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.item(),
    }


HV0 = batch_conv(HX, HW_W, 1.0, HG)
HV_MEAN = batch_conv(HX, HW_W, 1.0, HG, 0.5)


def _hw_trial(rel: Callable[[dict], bool], seed: int, mean: bool = False) -> Truth:
    """Random batches of two 3 x 3 images (the note's size) and of three 5 x 5 images, k = 2; the
    loss summed over the batch, or its batch mean."""

    def check(r: np.random.Generator) -> bool:
        out = []
        for n, h in ((2, 3), (3, 5)):
            v = batch_conv(
                r.normal(size=(n, h, h)),
                r.normal(size=(2, 2)),
                float(r.normal()),
                r.normal(size=(n, h - 1, h - 1)),
                1 / n if mean else 1.0,
            )
            out.append(rel(v))
        return all(out)

    return trials(check, seed)


def _w11_shifted(v: dict) -> float:
    """sum_n sum_{i,j} g_ij x_{i+1,j+1} (1-based), strict indexing."""
    n, m = v["g"].shape[0], v["g"].shape[1]
    return sum(
        v["g"][b, i - 1, j - 1] * at(v["x"][b], i, j)
        for b in range(n)
        for i in range(1, m + 1)
        for j in range(1, m + 1)
    )


def dense(v: np.ndarray, c: np.ndarray, a: np.ndarray, d: np.ndarray) -> dict:
    """z^(n) = V a^(n) + c on a batch (rows of a), L = sum_n delta^(n) . z^(n)."""
    vt, ct, at_ = t64(v, True), t64(c, True), t64(a, True)
    z = at_ @ vt.T + ct
    (z * t64(d)).sum().backward()
    return {"dv": vt.grad.numpy(), "dc": ct.grad.numpy(), "da": at_.grad.numpy()}


HDV = dense(HV, np.zeros(2), HA, HD)


def _dense_trial(
    rel: Callable[[dict, np.ndarray, np.ndarray, np.ndarray], bool], seed: int
) -> Truth:
    def check(r: np.random.Generator) -> bool:
        v, a, d = r.normal(size=(2, 3)), r.normal(size=(2, 3)), r.normal(size=(2, 2))
        return rel(dense(v, r.normal(size=2), a, d), v, a, d)

    return trials(check, seed)


HW_CLAIMS = claims_of(
    HW,
    {
        "**Problem.** A layer": [None, None],
        "$$X^{(1)} = \\begin{bmatrix}": [None] * 6,
        "**(a)** Output side": [
            grid(
                lambda h, k: conv_out(h, k) == h - k + 1,
                [(h, k) for h in (3, 5, 8) for k in (1, 2, 3)],
            ),
            equal(conv_out(3, 2), 3 - 2 + 1),
            equal(3 - 2 + 1, 2),
            None,
            single(lambda: math.isclose(HV0["y"][0, 0, 0], 1 + (1 - 2 + 0 + 0))),
            equal(1 + (1 - 2 + 0 + 0), 0),
        ],
        "$$Y^{(1)} = \\begin{bmatrix} 0 & 5": [
            single(lambda: same(HV0["y"][0], [[0, 5], [4, 1]])),
            single(lambda: same(HV0["y"][1], [[4, 1], [5, 5]])),
        ],
        "\\frac{\\partial L}{\\partial W} = X^{(1)} \\star G^{(1)} =": [
            _hw_trial(lambda v: same(v["dw"], corr(v["x"][0], v["g"][0])), 6630),
            single(lambda: same(corr(HX[0], HG[0]), [[3, 7], [0, 2]])),
        ],
        "Entry by entry,": [
            _hw_trial(lambda v: math.isclose(v["dw"][0, 0], _w11_shifted(v)), 6631)
        ],
        "> −3. $W$ is shared": [
            _hw_trial(
                lambda v: same(
                    v["dw"], sum(corr(x, g) for x, g in zip(v["x"], v["g"], strict=True))
                ),
                6632,
            ),
            single(
                lambda: same(
                    corr(HX[0], HG[0]) + corr(HX[1], HG[1]),
                    np.add([[3, 7], [0, 2]], [[3, 2], [4, 4]]),
                )
            ),
            single(lambda: same(np.add([[3, 7], [0, 2]], [[3, 2], [4, 4]]), [[6, 9], [4, 6]])),
        ],
        "**(c)** The bias": [
            _hw_trial(lambda v: math.isclose(v["db"], v["g"].sum()), 6633),
            single(lambda: HG[0].sum() == 2 and HG[1].sum() == 3),
            equal(2 + 3, 5),
        ],
        "**(d)** With $L' = L / N$": [
            None,
            equal(HV_MEAN["db"], 5 / 2),
            equal(5 / 2, 2.5),
            single(lambda: same(HV_MEAN["dw"], corr(HX[0], HG[0]) + corr(HX[1], HG[1]))),
            single(lambda: same(HV_MEAN["dx"][0], HV0["dx"][0])),
        ],
        "> −1. Every gradient of $L'$": [
            _hw_trial(
                lambda v: same(
                    v["dw"],
                    sum(corr(x, g) for x, g in zip(v["x"], v["g"], strict=True)) / len(v["x"]),
                ),
                6634,
                mean=True,
            ),
            single(lambda: same((corr(HX[0], HG[0]) + corr(HX[1], HG[1])) / 2, [[3, 4.5], [2, 3]])),
        ],
        "\\operatorname{pad}_1\\big(G^{(1)}\\big) \\star \\operatorname{rot180}(W) =": [
            _hw_trial(lambda v: same(v["dx"][0], corr(pad(v["g"][0], 1), rot180(v["w"]))), 6635),
            single(lambda: same(HV0["dx"][0], [[1, -1, 0], [1, 3, -2], [-2, 4, 2]])),
        ],
        "Check on the centre pixel": [
            single(
                lambda: math.isclose(
                    HV0["dx"][0, 1, 1],
                    HG[0, 0, 0] * HW_W[1, 1]
                    + HG[0, 0, 1] * HW_W[1, 0]
                    + HG[0, 1, 0] * HW_W[0, 1]
                    + HG[0, 1, 1] * HW_W[0, 0],
                )
            ),
            equal(1 * 0 + 0 * 2 + (-1) * (-1) + 2 * 1, 0 + 0 + 1 + 2),
            equal(0 + 0 + 1 + 2, 3),
        ],
        "**(f)** A dense layer": [None] * 7,
        "\\partial V} = \\sum_{n=1}^{2} a^{(n)}": [
            _dense_trial(
                lambda r, v, a, d: same(r["dv"], sum(np.outer(a[n], d[n]) for n in range(2))), 6636
            ),
            single(
                lambda: same(
                    sum(np.outer(HA[n], HD[n]) for n in range(2)), [[1, -1], [2, 0], [4, -2]]
                )
            ),
        ],
        "> −1, shape.": [
            _dense_trial(
                lambda r, v, a, d: same(r["dv"], sum(np.outer(d[n], a[n]) for n in range(2))), 6637
            ),
        ],
        "The bias gets": [
            _dense_trial(lambda r, v, a, d: same(r["dc"], d[0] + d[1]), 6638),
            single(lambda: same(HD[0] + HD[1], [3, -1])),
            _dense_trial(lambda r, v, a, d: same(r["da"][0], v.T @ d[0]), 6639),
            single(lambda: same(HV.T @ HD[0], [-1, -1, -1])),
            equal(sum(p.numel() for p in nn.Linear(3, 2).parameters()), 3 * 2 + 2),
            equal(3 * 2 + 2, 8),
        ],
    },
)


# --- foro_tcn_campo_receptivo_keras.md (Spanish forum thread): 0-based; a TCN block is two causal
# dilated convolutions with the same d (left padding (k-1)d, as Keras' padding='causal'); Keras'
# Conv1D holds k * C_in * C_out weights and C_out biases, as torch's Conv1d.

FORO = "foro_tcn_campo_receptivo_keras"
TCN_D = [1, 2, 4, 8, 16]


def _twice(dils: list[int], stacks: int = 1) -> list[int]:
    return [d for d in dils for _ in (0, 1)] * stacks


def _tcn_rf(k: int, levels: int, stacks: int) -> int:
    return rf_stack(k, _twice([2**j for j in range(levels)], stacks))


def _keeps_length(t: int, k: int, d: int) -> int:
    """The smallest left padding after which a dilated conv1d keeps the length t."""
    return next(p for p in range(0, 10 * k * d) if conv1_len(t, k, d, p) == t)


def _mean_case(r: np.random.Generator) -> dict:
    """A batch of B = 3 sequences, L = (1/B) sum_b l_b with l_b = sum_t y_b[t] h_b[t]: the torch
    gradient of L takes dL/dy_b = h_b / B, and g_b = dl_b/dy_b = h_b."""
    k, d, b_n = 3, 2, 3
    x, h = r.normal(size=(b_n, 12)), r.normal(size=(b_n, 12))
    v = causal(x, r.normal(size=k), float(r.normal()), d, h / b_n)
    return {**v, "h": h, "B": b_n, "k": k}


def _kernel_sum(v: dict) -> np.ndarray:
    k, d = v["k"], v["d"]
    return np.array(
        [
            sum(
                v["h"][b, t] * zat(v["x"][b], t - (k - 1 - i) * d)
                for b in range(v["B"])
                for t in range(12)
            )
            for i in range(k)
        ]
    )


def _input_mean(v: dict) -> np.ndarray:
    k, d = v["k"], v["d"]
    return np.array(
        [
            [
                sum(v["w"][i] * zat(v["h"][b], s + (k - 1 - i) * d) for i in range(k)) / v["B"]
                for s in range(12)
            ]
            for b in range(v["B"])
        ]
    )


FX = np.array([[1.0, 2, 3], [0, 1, -1]])
FV = causal(FX, np.array([1.0, 1]), 0.0, 1, np.full((2, 3), 0.5))
TCN_GRID = [(k, lv, st) for k in (2, 3) for lv in (2, 3, 4) for st in (1, 2)]

FORO_CLAIMS = claims_of(
    FORO,
    {
        "Estoy montando una TCN": [None, None],
        "Mi cuenta del campo receptivo": [
            equal(sum(TCN_D), 31),
            equal(rf_stack(3, _twice(TCN_D)), 1 + (3 - 1) * 31),
            equal(1 + (3 - 1) * 31, 1 + 2 * 31),
            equal(1 + 2 * 31, 63),
        ],
        "$$R = 1 + 2 (k-1) \\sum_{i} d_i": [
            equal(rf_stack(3, _twice(TCN_D)), 1 + 2 * (3 - 1) * 31),
            equal(1 + 2 * (3 - 1) * 31, 1 + 4 * 31),
            equal(1 + 4 * 31, 125),
        ],
        "Si apilas la pila completa": [
            equal(rf_stack(3, _twice(TCN_D, 2)), 1 + 2 * 2 * (3 - 1) * 31),
            equal(1 + 2 * 2 * (3 - 1) * 31, 1 + 8 * 31),
            equal(1 + 8 * 31, 249),
            grid(lambda k, lv, st: _tcn_rf(k, lv, st) == 1 + 2 * st * (k - 1) * 2**lv, TCN_GRID),
            None,
            None,
            single(lambda: _tcn_rf(3, 7, 1) < 1000 <= _tcn_rf(3, 8, 1)),
            single(lambda: _tcn_rf(3, 8, 1) == 1 + 4 * (2**8 - 1) == 1021),
        ],
        "Sobre `padding='causal'`": [
            None,
            equal(_keeps_length(1000, 3, 16), 2 * 16),
            equal(2 * 16, 32),
            equal(conv1_len(1000, 3, 16, 32), 1000),
            equal(conv1_len(1000, 3, 16), 1000 - (3 - 1) * 16),
            equal(1000 - (3 - 1) * 16, 1000 - 32),
            equal(1000 - 32, 968),
            equal(stack_len(1000, 3, _twice(TCN_D)), 1000 - 2 * 31),
            equal(1000 - 2 * 31, 938),
        ],
        "Parámetros (Keras guarda": [
            equal(params(nn.Conv1d(32, 64, 3)), 3 * 32 * 64 + 64),
            equal(3 * 32 * 64 + 64, 6208),
            equal(params(nn.Conv1d(32, 64, 1)), 32 * 64 + 64),
            equal(32 * 64 + 64, 2112),
        ],
        "Entonces el primer bloque entero": [
            equal(
                params(nn.Conv1d(32, 64, 3))
                + params(nn.Conv1d(64, 64, 3))
                + params(nn.Conv1d(32, 64, 1)),
                2 * 6208 + 2112,
            ),
            equal(2 * 6208 + 2112, 14528),
        ],
        "Sobre los gradientes: si comparas": [None],
        "Con $g_b[t] = \\partial \\ell_b": [None],
        "\\frac{\\partial L}{\\partial \\beta} = \\frac{1}{B}": [
            trials(lambda r: math.isclose((v := _mean_case(r))["db"], v["h"].sum() / v["B"]), 6640)
        ],
        "mientras que el núcleo": [
            trials(lambda r: same((v := _mean_case(r))["dw"], _kernel_sum(v)), 6641),
            trials(lambda r: same((v := _mean_case(r))["dx"], _input_mean(v)), 6642),
        ],
        "Ejemplo mínimo que puedes reproducir": [
            *[None] * 8,
            equal(FV["db"], (3 + 3) / 2),
            equal((3 + 3) / 2, 3),
            equal(FV["dw"][1], (6 + 0) / 2),
            equal((6 + 0) / 2, 3),
            equal(FV["dw"][0], (2 + 3 + 1 - 1) / 2),
            equal((2 + 3 + 1 - 1) / 2, 2.5),
        ],
        "Ojo, el ejemplo usa la media": [
            trials(lambda r: same((v := _mean_case(r))["dw"], _kernel_sum(v) / v["B"]), 6643)
        ],
    },
)


def _im2col_numel(cin: int, k: int, h: int) -> int:
    """Entries of F.unfold's column matrix for a same-padded stride-1 k x k conv (one image)."""
    return int(F.unfold(torch.zeros(1, cin, h, h, dtype=F64), k, padding=(k - 1) // 2).numel())


def _im2col_forward(r: np.random.Generator) -> bool:
    """Y = W_row X_col with F.unfold's columns, against torch conv2d (no groups)."""
    x, w = r.normal(size=(1, 3, 6, 6)), r.normal(size=(4, 3, 3, 3))
    cols = F.unfold(t64(x), 3, padding=1)[0].numpy()
    y = F.conv2d(t64(x), t64(w), padding=1)[0].numpy().reshape(4, -1)
    return same(w.reshape(4, -1) @ cols, y)


# --- wiki_cnn_gongsik_yoyak.md (Korean study wiki): 0-based NCHW, torch's layers; the loss summed
# over the batch, Delta = dL/dY; backward formulas where (H + 2P - K) % S == 0, as stated.

WIKI = "wiki_cnn_gongsik_yoyak"
CONV_GRID = [
    (h, k, s, p, d)
    for h in (7, 8, 11)
    for k in (1, 3, 4)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    for d in (1, 2)
]
TCONV_GRID = [
    (h, k, s, p, a, d)
    for h in (3, 4)
    for k in (2, 3)
    for s in (2, 3)
    for p in (0, 1)
    for a in (0, 1)
    for d in (1, 2)
]
POOL_GRID = [(h, k, s, p) for h in (6, 7, 9) for k in (2, 3) for s in (1, 2, 3) for p in (0, 1)]
# (C_in, C_out, K, groups, H) for the counts
COUNT_GRID = [(4, 6, 3, 2, 8), (8, 8, 3, 4, 7), (6, 12, 1, 3, 5), (3, 5, 3, 1, 6)]
# (H, K, S, P) with (H + 2P - K) % S == 0
BACK_GRID = [(5, 3, 1, 0), (5, 3, 2, 1), (7, 3, 2, 0), (6, 2, 2, 0), (8, 4, 2, 1)]


def _pool_side(h: int, k: int, s: int, p: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s, p).shape[-1])


def _rf_strided(ks: list[int], ss: list[int]) -> int:
    """Input side read by one output of a stack of conv2d layers (autograd support, 1-D slice)."""
    h = 1 + sum((k - 1) * math.prod(ss[:i]) for i, k in enumerate(ks)) + 3 * math.prod(ss)
    xt = torch.zeros(1, 1, h, h, dtype=F64, requires_grad=True)
    y = xt
    for k, st in zip(ks, ss, strict=True):
        y = F.conv2d(y, torch.ones(1, 1, k, k, dtype=F64), stride=st)
    y[0, 0, 0, 0].backward()
    rows = np.nonzero(xt.grad.numpy()[0, 0].any(axis=1))[0]
    return int(rows.max() - rows.min() + 1)


RF_STACKS = [([3, 3, 3], [2, 2, 1]), ([3, 5], [2, 1]), ([2, 3, 3], [2, 3, 1]), ([5, 3], [3, 1])]


def _macs(cin: int, cout: int, k: int, g: int, h: int, p: int = 0) -> int:
    return flops_half(
        lambda: F.conv2d(
            torch.zeros(1, cin, h, h, dtype=F64),
            torch.zeros(cout, cin // g, k, k, dtype=F64),
            padding=p,
            groups=g,
        )
    )


def _wiki_case(r: np.random.Generator, h: int, k: int, s: int, p: int) -> dict:
    """Batch 2, C_in = 2, C_out = 3, torch conv2d and the gradients of sum(Y * Delta)."""
    x, w, b = r.normal(size=(2, 2, h, h)), r.normal(size=(3, 2, k, k)), r.normal(size=3)
    ho = (h + 2 * p - k) // s + 1
    delta = r.normal(size=(2, 3, ho, ho))
    out = conv(x, w, b, delta, stride=s, padding=p)
    return {**out, "x": x, "w": w, "delta": delta, "k": k, "s": s, "p": p}


def _wiki(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(_wiki_case(r, *sz)) for sz in BACK_GRID), seed)


def _w_grad(v: dict) -> np.ndarray:
    return np.array(
        [
            [
                sum(
                    corr(pad(v["x"][n, c], v["p"]), dilate(v["delta"][n, f], v["s"]))
                    for n in range(2)
                )
                for c in range(2)
            ]
            for f in range(3)
        ]
    )


def _x_grad(v: dict, stride_aware: bool) -> np.ndarray:
    k, s, p = v["k"], v["s"], v["p"]

    def spread(d: np.ndarray) -> np.ndarray:
        return pad(dilate(d, s), k - 1 - p) if stride_aware else pad(d, k - 1)

    return np.array(
        [
            [
                sum(corr(spread(v["delta"][n, f]), rot180(v["w"][f, c])) for f in range(3))
                for c in range(2)
            ]
            for n in range(2)
        ]
    )


def _tconv_input_grad(r: np.random.Generator) -> bool:
    x, w = r.normal(size=(1, 2, 4, 4)), r.normal(size=(2, 3, 3, 3))
    xt = t64(x, True)
    y = F.conv_transpose2d(xt, t64(w), stride=2, padding=1)
    delta = r.normal(size=tuple(y.shape))
    (y * t64(delta)).sum().backward()
    rhs = F.conv2d(t64(delta), t64(w), stride=2, padding=1).numpy()
    return same(xt.grad.numpy(), rhs)


def _dense_batch(r: np.random.Generator, which: str) -> bool:
    w, b, x, d = (
        r.normal(size=(3, 4)),
        r.normal(size=3),
        r.normal(size=(5, 4)),
        r.normal(size=(5, 3)),
    )
    v = dense(w, b, x, d)
    if which == "W":
        return same(v["dv"], sum(np.outer(d[n], x[n]) for n in range(5)))
    return all(same(v["da"][n], w @ d[n]) for n in range(5))


def _avg_case(r: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray]:
    x, d = r.normal(size=(3 * k, 3 * k)), r.normal(size=(3, 3))
    xt = t64(x, True)
    (F.avg_pool2d(xt[None, None], k)[0, 0] * t64(d)).sum().backward()
    return xt.grad.numpy(), d


def _maxpool_sum(r: np.random.Generator) -> bool:
    x, d = r.normal(size=(6, 6)), r.normal(size=(3, 3))
    xt = t64(x, True)
    (F.max_pool2d(xt[None, None], 2)[0, 0] * t64(d)).sum().backward()
    return math.isclose(xt.grad.sum(), d.sum())


WIKI_CLAIMS = claims_of(
    WIKI,
    {
        "| Conv2d |": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                CONV_GRID,
            )
        ],
        "| ConvTranspose2d |": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
                ),
                TCONV_GRID,
            )
        ],
        "| MaxPool2d / AvgPool2d |": [
            grid(
                lambda h, k, s, p: _pool_side(h, k, s, p) == (h + 2 * p - k) // s + 1,
                [g for g in POOL_GRID if 2 * g[3] <= g[1]],
            )
        ],
        "홀수 $K$ 에서": [
            None,
            None,
            None,
            grid(
                lambda h, k: conv_out(h, k, 1, (k - 1) // 2) == h,
                [(h, k) for h in (5, 8) for k in (1, 3, 5, 7)],
            ),
        ],
        "이라서 홀수 입력도": [
            None,
            None,
            None,
            grid(lambda h: conv_out(h, 3, 2, 1) == math.ceil(h / 2), [(h,) for h in range(3, 14)]),
        ],
        "딜레이션이 있으면": [
            grid(
                lambda h, k, d: conv_out(h, k, 1, (k - 1) // 2, d) == h,
                [(h, k, d) for h in (14, 17) for k in (3, 5) for d in (2, 3)],
            )
        ],
        "`ConvTranspose2d(C, C, 3, stride=2": [
            equal(tconv_out(4, 3, 2, 1, 1), (4 - 1) * 2 - 2 + 2 + 1 + 1),
            equal((4 - 1) * 2 - 2 + 2 + 1 + 1, 8),
        ],
        "- ResNet 스템:": [
            None,
            equal(conv_out(224, 7, 2, 3), (224 + 6 - 7) // 2 + 1),
            equal((224 + 6 - 7) // 2 + 1, 112),
            equal(_pool_side(112, 3, 2, 1), (112 + 2 - 3) // 2 + 1),
            equal((112 + 2 - 3) // 2 + 1, 57),
        ],
        "수용 영역(receptive field)": [
            grid(
                lambda ks, ss: (
                    _rf_strided(ks, ss)
                    == 1 + sum((k - 1) * math.prod(ss[:i]) for i, k in enumerate(ks))
                ),
                RF_STACKS,
            ),
            None,
            equal(_rf_strided([3, 3, 3], [2, 2, 1]), 1 + 2 + 2 * 2 + 2 * 4),
            equal(1 + 2 + 2 * 2 + 2 * 4, 15),
            grid(
                lambda ks, ss: (
                    _rf_strided(ks, ss) == 1 + sum((k - 1) * s for k, s in zip(ks, ss, strict=True))
                ),
                RF_STACKS,
            ),
        ],
        "$$P_{conv} = C_{out}": [
            grid(
                lambda ci, co, k, g, h: (
                    params(nn.Conv2d(ci, co, k, groups=g)) == co * (ci / g * k * k + 1)
                ),
                COUNT_GRID,
            ),
            grid(
                lambda ci, co, k, g, h: (
                    _macs(ci, co, k, g, h) == (h - k + 1) ** 2 * co * ci / g * k * k
                ),
                COUNT_GRID,
            ),
        ],
        "depthwise ($G_r": [
            None,
            None,
            None,
            grid(
                lambda c, k: params(nn.Conv2d(c, c, k, groups=c)) == c * (k * k + 1),
                [(4, 3), (16, 5), (7, 1)],
            ),
        ],
        "그룹을 $G_r$ 개로 나누면": [
            grid(
                lambda ci, co, k, g, h: math.isclose(
                    _macs(ci, co, k, g, h), _macs(ci, co, k, 1, h) / g**2
                ),
                [s for s in COUNT_GRID if s[3] > 1],
            )
        ],
        "예: `Conv2d(64, 128, 3": [
            equal(params(nn.Conv2d(64, 128, 3, padding=1, groups=4)), 128 * (16 * 9 + 1)),
            equal(128 * (16 * 9 + 1), 18560),
            equal(_macs(64, 128, 3, 4, 56, 1), 56 * 56 * 128 * 16 * 9),
            equal(56 * 56 * 128 * 16 * 9, 57802752),
        ],
        "**im2col.**": [
            trials(lambda r: _im2col_forward(r), 6650),
            None,
            equal(_im2col_numel(64, 3, 56), 3 * 64 * 56 * 56),
        ],
        "\\operatorname{dil}_2\\!\\begin{bmatrix}": [
            single(
                lambda: same(
                    dilate(np.array([[1.0, 2], [3, 4]]), 2), [[1, 0, 2], [0, 0, 0], [3, 0, 4]]
                )
            ),
            single(lambda: same(rot180(np.array([[1.0, 2], [3, 4]])), [[4, 2], [3, 1]])),
        ],
        "$\\Delta = \\partial L / \\partial Y$ 라 하면": [None],
        "\\partial W[f, c]} = \\sum_{n=0}^{N-1}": [
            _wiki(lambda v: same(v["dw"], _w_grad(v)), 6651),
            _wiki(lambda v: same(v["db"], v["delta"].sum(axis=(0, 2, 3))), 6652),
        ],
        "\\operatorname{pad}_{K-1-P}\\big(": [
            _wiki(lambda v: same(v["dx"], _x_grad(v, True)), 6653)
        ],
        "스트라이드는 입력 기울기에": [
            trials(
                lambda r: all(
                    same((v := _wiki_case(r, *sz))["dx"], _x_grad(v, False))
                    for sz in BACK_GRID
                    if sz[2] > 1
                ),
                6654,
            )
        ],
        "편향 기울기는 배치 평균": [
            _wiki(lambda v: same(v["db"], v["delta"].sum(axis=(0, 2, 3)) / 2), 6655)
        ],
        "ConvTranspose2d 의 입력 기울기는": [trials(_tconv_input_grad, 6656)],
        "Dense 층": [
            None,
            trials(lambda r: _dense_batch(r, "W"), 6657),
            trials(lambda r: _dense_batch(r, "x"), 6658),
        ],
        "MaxPool: 기울기는": [trials(_maxpool_sum, 6659)],
        "AvgPool ($K = S$": [
            None,
            trials(
                lambda r: all(
                    same((v := _avg_case(r, k))[0], np.kron(v[1], np.ones((k, k))) / k**2)
                    for k in (2, 3)
                ),
                6660,
            ),
            trials(
                lambda r: all(
                    same((v := _avg_case(r, k))[0], np.kron(v[1], np.ones((k, k)))) for k in (2, 3)
                ),
                6661,
            ),
        ],
        "Global average pooling": [equal(params(nn.AdaptiveAvgPool2d(1)), 0)],
    },
)


# --- code_review_tcn_upsampler.md (English PR review): 0-based; the PR's TCNLayer is torch conv1d
# with symmetric padding (k-1)d, the last (k-1)d outputs chomped (y = the chomped conv output,
# G = dL/dy, x~ the padded input, L summed over the batch); the upsampler stages are
# ConvTranspose1d(c, c // 2, 2s, stride=s, padding=s // 2).

CODE = "code_review_tcn_upsampler"
# (k, d) of the PR's stack; the dilation-dependent formulas are judged at d > 1 where they differ
TCN_KD = [(3, 1), (3, 2), (3, 4), (3, 8)]
TCN_KD2 = [kd for kd in TCN_KD if kd[1] > 1]


def tcn_layer(r: np.random.Generator, k: int, d: int, n: int = 3, c: int = 2, t: int = 12) -> dict:
    chomp = (k - 1) * d
    x, w, b = r.normal(size=(n, c, t)), r.normal(size=(c, c, k)), r.normal(size=c)
    xp = t64(np.pad(x, ((0, 0), (0, 0), (chomp, chomp))), True)  # x~, a leaf
    wt, bt = t64(w, True), t64(b, True)
    z = F.conv1d(xp, wt, bt, dilation=d)
    y = z[:, :, :-chomp]
    g = r.normal(size=tuple(y.shape))
    (y * t64(g)).sum().backward()
    return {
        "k": k,
        "d": d,
        "t": t,
        "n": n,
        "z": z,
        "y": y,
        "g": g,
        "xp": xp.detach().numpy(),
        "w": w,
        "dxp": xp.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _tcn(rel: Callable[[dict], bool], seed: int, kds: list[tuple[int, int]] = TCN_KD) -> Truth:
    return trials(lambda r: all(rel(tcn_layer(r, k, d)) for k, d in kds), seed)


def _tcn_dw(v: dict, step: int) -> np.ndarray:
    """sum_n sum_t G[n, o, t] x~[n, i, t + j * step]."""
    c, k = v["w"].shape[0], v["k"]
    return np.array(
        [
            [
                [
                    sum(
                        v["g"][n, o, t] * v["xp"][n, i, t + j * step]
                        for n in range(v["n"])
                        for t in range(v["t"])
                    )
                    for j in range(k)
                ]
                for i in range(c)
            ]
            for o in range(c)
        ]
    )


def _conv_macs(t: int, c: int, k: int, d: int, symmetric: bool) -> int:
    chomp = (k - 1) * d
    w = torch.zeros(c, c, k, dtype=F64)
    x = torch.zeros(1, c, t, dtype=F64)
    if symmetric:
        return flops_half(lambda: F.conv1d(x, w, padding=chomp, dilation=d))
    return flops_half(lambda: F.conv1d(F.pad(x, (chomp, 0)), w, dilation=d))


def _tconv_len(n: int, s: int, p: int, a: int = 0) -> int:
    x = torch.zeros(1, 1, n, dtype=F64)
    return int(
        F.conv_transpose1d(
            x, torch.zeros(1, 1, 2 * s, dtype=F64), stride=s, padding=p, output_padding=a
        ).shape[-1]
    )


def _hop(n: int) -> int:
    ups = [nn.ConvTranspose1d(1, 1, 2 * s, stride=s, padding=s // 2).double() for s in (8, 8, 2, 2)]
    h = torch.zeros(1, 1, n, dtype=F64)
    for u in ups:
        h = u(h)
    return int(h.shape[-1])


def _stage_backward(r: np.random.Generator) -> bool:
    out = []
    for s in (2, 4, 8):
        x, w = r.normal(size=(2, 3, 6)), r.normal(size=(3, 2, 2 * s))
        xt = t64(x, True)
        y = F.conv_transpose1d(xt, t64(w), stride=s, padding=s // 2)
        g = r.normal(size=tuple(y.shape))
        (y * t64(g)).sum().backward()
        rhs = F.conv1d(t64(g), t64(w), stride=s, padding=s // 2).numpy()
        out.append(same(xt.grad.numpy(), rhs))
    return all(out)


L_GRID = [(n,) for n in (3, 10, 17, 40)]
UP_GRID = [(n, s) for n in (3, 10, 17) for s in (2, 4, 8)]
TCN_DILS = [1, 2, 4, 8]


def _wn_params() -> int:
    return params(nn.utils.parametrizations.weight_norm(nn.Conv1d(64, 64, 3)))


CODE_CLAIMS = claims_of(
    CODE,
    {
        "Author's docstring (0-based": [
            None,
            _tcn(lambda v: v["z"].shape[-1] == v["t"] + 2 * (v["k"] - 1) * v["d"], 6670),
            _tcn(lambda v: v["y"].shape[-1] == v["t"], 6671),
            grid(
                lambda t, c, k, d: _conv_macs(t, c, k, d, False) == t * c * k,
                [(12, 4, 3, 2), (20, 8, 3, 1)],
            ),
        ],
        "\\tilde x[n, i, t + j], \\qquad": [
            _tcn(lambda v: same(v["dw"], _tcn_dw(v, 1)), 6672, TCN_KD2),
            _tcn(lambda v: same(v["db"], v["g"].sum(axis=(0, 2)) / v["n"]), 6673),
        ],
        "and the input gradient is the transposed": [
            _tcn(
                lambda v: same(v["dxp"], F.conv_transpose1d(t64(v["g"]), t64(v["w"])).numpy()),
                6674,
                TCN_KD2,
            )
        ],
        "> **@hkim:** Two things.": [
            equal(torch.zeros(2, 4, 10)[:, :, :-0].shape[-1], 0),
            grid(
                lambda t, k, d: conv1_len(t, k, d, (k - 1) * d) == t + (k - 1) * d - (k - 1) * d,
                [(t, 3, d) for t in (12, 30) for d in TCN_DILS],
            ),
            grid(lambda t, k, d: t + (k - 1) * d - (k - 1) * d == t, [(12, 3, 2), (30, 3, 8)]),
            grid(
                lambda t, c, k, d: _conv_macs(t, c, k, d, True) == (t + (k - 1) * d) * c * c * k,
                [(12, 4, 3, 2), (20, 8, 3, 1), (30, 2, 3, 8)],
            ),
            grid(
                lambda t, c, k, d: _conv_macs(t, c, k, d, False) == t * c * c * k,
                [(12, 4, 3, 2), (20, 8, 3, 1), (30, 2, 3, 8)],
            ),
            None,
            None,
            None,
            None,
            equal(_conv_macs(8192, 64, 3, 8, True), 8208 * 64**2 * 3),
            equal(8208 * 64**2 * 3, 100859904),
            equal(_conv_macs(8192, 64, 3, 8, False), 8192 * 64**2 * 3),
            equal(8192 * 64**2 * 3, 100663296),
        ],
        "> **@hkim** on the bias": [
            None,
            _tcn(lambda v: same(v["db"], v["g"].sum(axis=(0, 2))), 6675),
        ],
        "The stack uses `dilations": [
            None,
            equal(rf_stack(3, TCN_DILS * 2), 1 + (3 - 1) * sum(TCN_DILS * 2)),
            equal(1 + (3 - 1) * sum(TCN_DILS * 2), 1 + 2 * 30),
            equal(1 + 2 * 30, 61),
            equal(rf_stack(3, TCN_DILS * 4), 2 * rf_stack(3, TCN_DILS * 2)),
            equal(2 * 61, 122),
        ],
        "Parameters per layer:": [
            equal(params(nn.Conv1d(64, 64, 3)), 64 * 64 * 3 + 64),
            equal(64 * 64 * 3 + 64, 12352),
            equal(8 * 12352, 98816),
            equal(_wn_params(), 2 * 12352),
            equal(2 * 12352, 24704),
        ],
        "> **@hkim:** weight norm adds": [
            equal(_wn_params(), 12352 + 64),
            equal(12352 + 64, 12416),
        ],
        "Author: for even $s$": [
            grid(
                lambda n, s: _tconv_len(n, s, s // 2) == (n - 1) * s - 2 * (s // 2) + 2 * s, UP_GRID
            ),
            grid(lambda n, s: (n - 1) * s - 2 * (s // 2) + 2 * s == s * n, UP_GRID),
            single(
                lambda: all(_hop(n) == 8 * 8 * 2 * 2 * n for n in (3, 7)) and 8 * 8 * 2 * 2 == 256
            ),
            equal(
                params(nn.ConvTranspose1d(512, 256, 16, stride=8, padding=4)), 512 * 256 * 16 + 256
            ),
            equal(512 * 256 * 16 + 256, 2097408),
            None,
            grid(lambda n: _tconv_len(n, 5, 2) == (n - 1) * 5 - 4 + 10, L_GRID),
            grid(lambda n: (n - 1) * 5 - 4 + 10 == 5 * n, L_GRID),
        ],
        "> **@hkim:** Odd $s$ is off by one": [
            grid(lambda n: (n - 1) * 5 - 4 + 10 == 5 * n + 1, L_GRID),
            grid(lambda n: _tconv_len(n, 5, 3, 1) == (n - 1) * 5 - 6 + 9 + 1 + 1, L_GRID),
            grid(lambda n: (n - 1) * 5 - 6 + 9 + 1 + 1 == 5 * n, L_GRID),
        ],
        "Backward of a stage": [trials(_stage_backward, 6676)],
        "**@hkim:** Approve after": [None],
    },
)

NOTES_B = {**HW_CLAIMS, **FORO_CLAIMS, **WIKI_CLAIMS, **CODE_CLAIMS}
