"""Independent truth for the fresh40 unseen set, second part: blog_pooling_backward_exemplo_4x4,
forum_answer_1x1_bottleneck_cost and klausur_loesung_softmax_minibatch (conventions as in
unseen_fresh40_truth.py: NumPy / torch autograd in float64, one bool per trial or per size,
lines found from anchors)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh40_truth import Claims, claims_of, flops_meta
from unseen_truth_base import Truth, equal, params, same, single, t64, trials

nn = torch.nn

# --- blog_pooling_backward_exemplo_4x4.md (Portuguese blog post): MaxPool2d(2), AvgPool2d(2) and
# MaxPool2d(3, stride=1) on a given 4 x 4 X, 0-based


def pool(x: np.ndarray, g: np.ndarray, fn: Callable, *args: int, **kw: int) -> dict:
    """A torch pooling forward and the gradient of sum(y * g) with respect to x."""
    xt = t64(x[None, None], True)
    y = fn(xt, *args, **kw)
    (y * t64(g[None, None])).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


PO_X = np.array([[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 6, 3, 1], [2, 1, 7, 2]])
PO_G = np.array([[1.0, -2], [3, 0.5]])
PO_G3 = np.array([[1.0, 2], [-1, 3]])
MAX = pool(PO_X, PO_G, F.max_pool2d, 2)
AVG = pool(PO_X, PO_G, F.avg_pool2d, 2)
MAX3 = pool(PO_X, PO_G3, F.max_pool2d, 3, stride=1)


def _po(rel: Callable[[dict], bool], fn: Callable, seed: int) -> Truth:
    """Random 6 x 6 inputs (distinct values almost surely) through a 2 x 2, stride-2 pool."""
    return trials(lambda r: rel(pool(r.normal(size=(6, 6)), r.normal(size=(3, 3)), fn, 2)), seed)


def _max_def(v: dict) -> bool:
    x = v["x"]
    return same(
        v["y"],
        [
            [max(x[2 * i + u, 2 * j + q] for u in range(2) for q in range(2)) for j in range(3)]
            for i in range(3)
        ],
    )


def _avg_def(v: dict) -> bool:
    x = v["x"]
    return same(
        v["y"],
        [
            [sum(x[2 * i + u, 2 * j + q] for u in range(2) for q in range(2)) / 4 for j in range(3)]
            for i in range(3)
        ],
    )


def _avg_back(v: dict) -> bool:
    return same(v["dx"], [[v["g"][p // 2, q // 2] / 4 for q in range(6)] for p in range(6)])


POOL_CLAIMS = claims_of(
    "blog_pooling_backward_exemplo_4x4",
    {
        "$$X = \\begin{bmatrix}": [None, None],
        "onde $G = \\partial": [
            None,
            equal(MAX["y"].shape[0], (4 - 2) / 2 + 1),
            equal((4 - 2) / 2 + 1, 2),
        ],
        "$$y_{ij} = \\max_{(u, v)}": [_po(_max_def, F.max_pool2d, 4301)],
        "$$Y_{\\max} = ": [single(lambda: same(MAX["y"], [[4, 5], [6, 7]]))],
        "1 & 0 & 0 & -2": [
            single(
                lambda: same(MAX["dx"], [[0, 0, 0, 0], [1, 0, 0, -2], [0, 3, 0, 0], [0, 0, 0.5, 0]])
            )
        ],
        "Conferindo duas": [
            single(lambda: MAX["dx"][1, 3] == PO_G[0, 1]),
            equal(PO_G[0, 1], -2),
            single(lambda: MAX["dx"][2, 2] == PO_G[1, 1]),
            equal(PO_G[1, 1], 0.5),
        ],
        "$$y_{ij} = \\frac{1}{4}": [_po(_avg_def, F.avg_pool2d, 4304)],
        "$$Y_{\\mathrm{avg}}": [single(lambda: same(AVG["y"], [[2.5, 2], [2.25, 3.5]]))],
        "g_{\\lfloor p/2": [_po(_avg_back, F.avg_pool2d, 4307)],
        "0.25 & 0.25 & -0.5 & -0.5 \\\\ 0.25": [
            single(
                lambda: same(
                    AVG["dx"],
                    [
                        [0.25, 0.25, -0.5, -0.5],
                        [0.25, 0.25, -0.5, -0.5],
                        [1.5, 1.5, 0.125, 0.125],
                        [1.5, 1.5, 0.125, 0.125],
                    ],
                )
            )
        ],
        "no canto superior direito": [equal(AVG["dx"][0, 3], -2 / 4), equal(-2 / 4, -0.5)],
        "$$Y_{3 \\times 3}": [single(lambda: same(MAX3["y"], [[6, 5], [7, 7]]))],
        "Com um novo gradiente": [
            None,
            equal(MAX3["dx"][2, 1], PO_G3[0, 0] + PO_G3[0, 1]),
            equal(1 + 2, 3),
            equal(MAX3["dx"][3, 2], PO_G3[1, 1]),
            equal(PO_G3[1, 1], 3),
        ],
    },
)


# --- forum_answer_1x1_bottleneck_cost.md (English forum answer): ResNet bottleneck counts with
# bias=False, a 1x1 conv as a matrix product, GoogLeNet's 5x5 branch


def c2(cin: int, cout: int, k: int, bias: bool = False) -> int:
    return params(nn.Conv2d(cin, cout, k, bias=bias))


def _one_by_one(seed: int, n: int = 1) -> Callable[[Callable[[dict], bool]], Truth]:
    """Random 1x1 convs (3 -> 4 channels, 2 x 5 maps, n images) with autograd gradients of
    sum(Y * G); X_n and G_n reshaped to channels x pixels."""

    def make(rel: Callable[[dict], bool]) -> Truth:
        def check(r: np.random.Generator) -> bool:
            x, w, g = (
                r.normal(size=(n, 3, 2, 5)),
                r.normal(size=(4, 3)),
                r.normal(size=(n, 4, 2, 5)),
            )
            xt, wt = t64(x, True), t64(w, True)
            y = F.conv2d(xt, wt[:, :, None, None])
            (y * t64(g)).sum().backward()
            return rel(
                {
                    "X": x.reshape(n, 3, 10),
                    "W": w,
                    "G": g.reshape(n, 4, 10),
                    "Y": y.detach().numpy().reshape(n, 4, 10),
                    "dW": wt.grad.numpy(),
                    "dX": xt.grad.numpy().reshape(n, 3, 10),
                }
            )

        return trials(check, seed)

    return make


_PA, _PB, _PC = c2(256, 64, 1), c2(64, 64, 3), c2(64, 256, 1)
_M_REDUCED = flops_meta(
    ((1, 192, 28, 28), (16, 192, 1, 1), {}), ((1, 16, 28, 28), (32, 16, 5, 5), {"padding": 2})
)

FORUM_CLAIMS = claims_of(
    "forum_answer_1x1_bottleneck_cost",
    {
        "$$P_{3\\times3} = ": [
            equal(c2(256, 256, 3), 3 * 3 * 256 * 256),
            equal(3 * 3 * 256 * 256, 589824),
        ],
        "$$P_a = 256": [equal(_PA, 256 * 64), equal(256 * 64, 16384)],
        "$$P_b = 9": [equal(_PB, 9 * 64 * 64), equal(9 * 64 * 64, 36864)],
        "$P_c = P_a$": [equal(_PC, _PA)],
        "$$P_a + P_b + P_c": [
            equal(_PA + _PB + _PC, 16384 + 36864 + 16384),
            equal(16384 + 36864 + 16384, 70656),
        ],
        "\\frac{589824}{70656}": [equal(round(589824 / 70656, 1), 8.3)],
        "$$M_{3\\times3} =": [
            equal(flops_meta(((1, 256, 56, 56), (256, 256, 3, 3), {"padding": 1})), 56**2 * 589824),
            equal(56**2 * 589824, 1849688064),
        ],
        "P_a^{\\mathrm{bias}}": [
            equal(c2(256, 64, 1, True), 256 * 64 + 256),
            equal(256 * 64 + 256, 16640),
        ],
        "$$Y = W X$$": [_one_by_one(4401)(lambda v: same(v["Y"][0], v["W"] @ v["X"][0]))],
        "and with $G = \\partial L": [None],
        "$$\\frac{\\partial L}{\\partial W} = X G^\\top$$": [
            _one_by_one(4404)(lambda v: same(v["dW"], v["X"][0] @ v["G"][0].T))
        ],
        "$$\\frac{\\partial L}{\\partial X} = W^\\top G$$": [
            _one_by_one(4407)(lambda v: same(v["dX"][0], v["W"].T @ v["G"][0]))
        ],
        "For a mini-batch of $N$": [
            _one_by_one(4410, n=3)(
                lambda v: same(v["dW"], sum(v["G"][i] @ v["X"][i].T for i in range(3)) / 3)
            )
        ],
        "$$M = 28^2": [
            equal(
                flops_meta(((1, 192, 28, 28), (32, 192, 5, 5), {"padding": 2})),
                28**2 * 25 * 192 * 32,
            ),
            equal(28**2 * 25 * 192 * 32, 120422400),
        ],
        "$M' = 28^2": [
            equal(_M_REDUCED, 28**2 * 25 * 16 * 32),
            equal(28**2 * 25 * 16 * 32, 10035200),
        ],
    },
)


# --- klausur_loesung_softmax_minibatch.md (German exam solution): Z = X W (rows are examples,
# no bias), mean softmax cross-entropy over B = 2, labels y = (1, 2) 1-based; G = dL/dZ

KL_X = np.array([[1.0, 0, 2], [0, 1, -1]])
KL_W = np.array([[math.log(2), 0, 0], [0, math.log(3), 0], [0, 0, 0]])
KL_Y = np.array([0, 1])  # the note's labels 1 and 2, 0-based for torch


def dense_ce(x: np.ndarray, w: np.ndarray, y: np.ndarray, reduction: str = "mean") -> dict:
    """Z = X W + b (b = 0) and torch's cross_entropy; autograd gradients of every input."""
    xt, wt = t64(x, True), t64(w, True)
    bt = t64(np.zeros(w.shape[1]), True)
    z = xt @ wt + bt
    z.retain_grad()
    loss = F.cross_entropy(z, torch.tensor(y), reduction=reduction)
    loss.backward()
    zn = z.detach().numpy()
    p = np.exp(zn) / np.exp(zn).sum(axis=1, keepdims=True)
    return {
        "x": x,
        "w": w,
        "y": y,
        "z": zn,
        "p": p,
        "onehot": np.eye(w.shape[1])[y],
        "L": float(loss.detach()),
        "G": z.grad.numpy(),
        "dW": wt.grad.numpy(),
        "dX": xt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


KL = dense_ce(KL_X, KL_W, KL_Y)
KL_SUM = dense_ce(KL_X, KL_W, KL_Y, "sum")


def _kl(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random batches of 4 examples, 3 features, 5 classes."""
    return trials(
        lambda r: rel(dense_ce(r.normal(size=(4, 3)), r.normal(size=(3, 5)), r.integers(0, 5, 4))),
        seed,
    )


def rounded(value: float, written: float) -> Truth:
    """A number written to three decimals against the value it rounds."""
    return lambda: [round(value, 3) == written]


_W31_TERMS = KL_X[0, 2] * KL["G"][0, 0] + KL_X[1, 2] * KL["G"][1, 0]
_L_WRITTEN = 0.5 * (math.log(2) + math.log(5 / 3))

KLAUSUR_CLAIMS = claims_of(
    "klausur_loesung_softmax_minibatch",
    {
        "Mini-Batch aus $B = 2$": [None, None, None],
        "$$L = \\frac{1}{B} \\sum": [None, None],
        "$$X = \\begin{bmatrix}": [None, None, None],
        "**a) Forward.**": [
            None,
            single(lambda: same(KL["z"], [[math.log(2), 0, 0], [0, math.log(3), 0]])),
        ],
        "$$p_1 = ": [None, single(lambda: same(KL["p"][0], [2 / 4, 1 / 4, 1 / 4]))],
        "$$p_2 = ": [None, single(lambda: same(KL["p"][1], [1 / 5, 3 / 5, 1 / 5]))],
        "und der Verlust $L": [
            single(lambda: math.isclose(KL["L"], _L_WRITTEN)),
            rounded(_L_WRITTEN, 0.602),
        ],
        "$$G = \\frac{\\partial L}{\\partial Z}": [
            None,
            _kl(lambda v: same(v["G"], (v["p"] - v["onehot"]) / 4), 4501),
            single(
                lambda: same(
                    (KL["p"] - KL["onehot"]) / 2, [[-0.25, 0.125, 0.125], [0.1, -0.2, 0.1]]
                )
            ),
        ],
        "Kontrolle: jede Zeile": [
            _kl(lambda v: same(v["G"].sum(axis=1), np.zeros(4)), 4504),
            equal(KL["G"][0, 0], KL["p"][0, 0] - 1),
            equal(0.5 - 1, -0.5),
        ],
        "= X^\\top G, \\qquad": [
            _kl(lambda v: same(v["dW"], v["x"].T @ v["G"]), 4507),
            _kl(lambda v: same(v["dX"], v["G"] @ v["w"].T), 4510),
        ],
        "Einzeln: $\\frac": [
            equal(KL["dW"][2, 0], _W31_TERMS),
            equal(_W31_TERMS, 2 * (-0.25) + (-1) * 0.1),
            equal(2 * (-0.25) + (-1) * 0.1, -0.6),
        ],
        "-0.6 & 0.45 & 0.35": [
            single(
                lambda: same(
                    KL["dW"], [[-0.25, 0.125, 0.125], [0.1, -0.2, 0.1], [-0.6, 0.45, 0.35]]
                )
            )
        ],
        "\\frac{1}{10}\\ln 2": [
            single(
                lambda: same(
                    KL["dX"],
                    [
                        [-math.log(2) / 4, math.log(3) / 8, 0],
                        [math.log(2) / 10, math.log(3) / 5, 0],
                    ],
                )
            )
        ],
        "Hätte die Schicht": [
            single(lambda: same(KL["db"], KL["G"].T @ np.ones(2))),
            single(lambda: same(KL["G"].T @ np.ones(2), [-0.15, 0.075, 0.225])),
        ],
        "Summe statt Mittelwert": [
            single(lambda: same(KL_SUM["G"], 2 * KL["G"])),
            single(lambda: same(KL_SUM["dW"], KL["dW"] / 2)),
        ],
    },
)

NOTES_B: Claims = {**POOL_CLAIMS, **FORUM_CLAIMS, **KLAUSUR_CLAIMS}
