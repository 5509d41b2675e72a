"""Independent truth for the fresh21 unseen set (tests/data/check/unseen/fresh21/): shared helpers
and the notes esame_scritto_reti_conv, forum_thread_dilated_conv1d_grad and
notas_slides_aula9_pooling_softmax.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A claim's line is found from an anchor, a piece of text that
occurs on exactly one line of the note. A side that reads an entry outside a tensor (IndexError)
or combines arrays of mismatched shapes (ValueError) disagrees; where a note declares zeros
outside a range, those entries are read as zero. A link between two written numbers is judged
as arithmetic; a size or count named on the left must equal the true one. The other four notes
live in unseen_fresh21_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    F64,
    Truth,
    anchor_line,
    at,
    conv,
    conv_out,
    corr,
    corr1,
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


def line(stem: str, anchor: str) -> int:
    """The 1-based line of the fresh21 note holding the anchor (on exactly one line)."""
    return anchor_line("fresh21", stem, anchor)


def activation_grad(fn: Callable, rhs: Callable[[np.ndarray], np.ndarray], seed: int) -> Truth:
    """d fn(z) / dz element-wise by autograd against the note's formula, on random z."""

    def rel(r: np.random.Generator) -> bool:
        z = t64(r.normal(size=7) * 2, True)
        fn(z).sum().backward()
        return same(z.grad.numpy(), rhs(z.detach().numpy()))

    return trials(rel, seed)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


# --- esame_scritto_reti_conv.md (Italian exam): X 4x4, K 2x2, scalar b, stride 1, 1-based;
# Esercizio 4: X 5x5, K 3x3, stride 2

ESAME = "esame_scritto_reti_conv"


def _e(anchor: str) -> int:
    return line(ESAME, anchor)


def _esame(r: np.random.Generator, side: int = 4, k: int = 2, stride: int = 1) -> dict:
    x, kk, b = r.normal(size=(side, side)), r.normal(size=(k, k)), r.normal()
    out = (side - k) // stride + 1
    g = r.normal(size=(out, out))
    t = conv(x[None, None], kk[None, None], np.array([b]), g[None, None], stride=stride)
    return {"x": x, "k": kk, "b": b, "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0],
            "dk": t["dw"][0, 0], "db": t["db"][0]}  # fmt: skip


def _es(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_esame(r, **kw)), seed)


def _es_forward(v: dict) -> bool:
    x, k = v["x"], v["k"]  # 1-based x_{i+m-1, j+n-1} is x[i+m-2, j+n-2]
    rhs = [[sum(k[m - 1, n - 1] * at(x, i + m - 2, j + n - 2) for m in (1, 2) for n in (1, 2))
            + v["b"] for j in range(1, 4)] for i in range(1, 4)]  # fmt: skip
    return same(v["y"], rhs)


def _es_dk(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [[sum(g[i - 1, j - 1] * at(x, i + m - 2, j + n - 2) for i in range(1, 4)
                for j in range(1, 4)) for n in (1, 2)] for m in (1, 2)]  # fmt: skip
    return same(v["dk"], rhs)


def _es_dk_s2(v: dict) -> bool:
    x, g = v["x"], v["g"]  # 1-based x_{2i+m-2, 2j+n-2} is x[2i+m-3, 2j+n-3]
    rhs = [[sum(g[i - 1, j - 1] * at(x, 2 * i + m - 3, 2 * j + n - 3) for i in (1, 2)
                for j in (1, 2)) for n in (1, 2, 3)] for m in (1, 2, 3)]  # fmt: skip
    return same(v["dk"], rhs)


_EX = np.array([[1.0, 0, 2, 1], [0, 1, 1, 0], [2, 1, 0, 1], [1, 0, 1, 2]])
_EK = np.array([[1.0, -1], [0, 2]])


def _exam_numbers() -> dict:
    return conv(_EX[None, None], _EK[None, None], np.zeros(1), np.ones((1, 1, 3, 3)))


_Y12 = 0 * 1 + 2 * (-1) + 1 * 0 + 1 * 2
_DK22 = sum(_EX[a - 1, b - 1] for a in (2, 3, 4) for b in (2, 3, 4))  # x_{2,2} + ... + x_{4,4}

ESAME_CLAIMS: Claims = {
    (ESAME, _e("left\\lfloor \\frac{64 + 2 \\cdot 2"), 1): equal(
        conv_out(64, 5, 2, 2), 63 // 2 + 1
    ),
    (ESAME, _e("left\\lfloor \\frac{64 + 2 \\cdot 2"), 2): equal(63 // 2 + 1, 32),
    (ESAME, _e("P_2 = "), 1): equal(params(torch.nn.Conv2d(16, 32, 3, padding=1)), 32 * 16 * 9),
    (ESAME, _e("P_2 = "), 2): equal(32 * 16 * 9, 4608),
    (ESAME, _e("left\\lceil \\frac{64 + 2 - 5}"), 1): equal(
        conv_out(64, 5, 2, 1), math.ceil(61 / 2) + 1
    ),
    (ESAME, _e("left\\lceil \\frac{64 + 2 - 5}"), 2): equal(math.ceil(61 / 2) + 1, 32),
    (ESAME, _e("$$y_{i,j} = "), 1): _es(_es_forward, 100),
    (ESAME, _e("\\sum_{i=1}^{3} \\sum_{j=1}^{3} \\delta_{i,j}\\, x"), 1): _es(_es_dk, 110),
    (ESAME, _e("\\partial b} = \\sum_{i=1}^{3}"), 1): _es(
        lambda v: same(v["db"], v["g"].sum()), 120
    ),
    (ESAME, _e("pad}_1(\\Delta) \\star K$$"), 1): _es(
        lambda v: same(v["dx"], corr(pad(v["g"], 1), v["k"])), 130
    ),
    (ESAME, _e("$$y_{1,2} = "), 1): single(
        lambda: math.isclose(_exam_numbers()["z"][0, 0, 0, 1], _Y12)
    ),
    (ESAME, _e("$$y_{1,2} = "), 2): equal(_Y12, 2),
    (ESAME, _e("partial k_{2,2}}"), 1): single(
        lambda: math.isclose(_exam_numbers()["dw"][0, 0, 1, 1], _DK22)
    ),
    (ESAME, _e("partial k_{2,2}}"), 2): equal(_DK22, 8),
    (ESAME, _e("$$\\sigma'(z) = "), 1): activation_grad(
        torch.sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z)), 140
    ),
    (ESAME, _e("$$\\tanh'(z) = "), 1): activation_grad(torch.tanh, lambda z: 1 - np.tanh(z), 150),
    (ESAME, _e("pad}_2(\\Delta) \\star \\operatorname{rot}"), 1): _es(
        lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 160, side=5, k=3, stride=2
    ),
    (ESAME, _e("x_{2i+m-2,\\, 2j+n-2}"), 1): _es(_es_dk_s2, 170, side=5, k=3, stride=2),
}


# --- forum_thread_dilated_conv1d_grad.md: Conv1d(1, 1, 3, dilation=2), x in R^9, 0-based

FORUM = "forum_thread_dilated_conv1d_grad"


def _f(anchor: str) -> int:
    return line(FORUM, anchor)


def conv1d(x: np.ndarray, w: np.ndarray, g: np.ndarray, b: float = 0.0, **kw: int) -> dict:
    """torch conv1d (with a bias) and the gradients of sum(y * g)."""
    xt, wt, bt = t64(x[None, None], True), t64(w[None, None], True), t64([b], True)
    y = F.conv1d(xt, wt, bt, **kw)
    (y * t64(g[None, None])).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0],
            "dw": wt.grad.numpy()[0, 0], "db": float(bt.grad[0])}  # fmt: skip


def _forum(r: np.random.Generator) -> dict:
    """The asker's layer has no bias (bias=False); the bias gradient is read all the same, for
    the last reply's "adding a bias" (dL/db does not depend on the bias's value)."""
    return conv1d(r.normal(size=9), r.normal(size=3), r.normal(size=5), dilation=2)


def _fo(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_forum(r)), seed)


def _fo_dx(term: Callable[[dict, int, int], float]) -> Callable[[dict], bool]:
    return lambda v: same(v["dx"], [sum(term(v, s, k) for k in range(3)) for s in range(9)])


_FX = np.array([1.0, 2, 0, -1, 3, 1, 0, 2, 1])
_FW = np.array([1.0, -1, 2])


def _forum_numbers() -> dict:
    return conv1d(_FX, _FW, np.ones(5), dilation=2)


def _conv1d_len(n: int, k: int, s: int = 1, d: int = 1) -> int:
    y = F.conv1d(torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64), stride=s,
                 dilation=d)  # fmt: skip
    return int(y.shape[-1])


FORUM_CLAIMS: Claims = {
    (FORUM, _f("$$L_{out} = 9 - 2"), 1): equal(_conv1d_len(9, 3, d=2), 9 - 2 * (3 - 1)),
    (FORUM, _f("$$L_{out} = 9 - 2"), 2): equal(9 - 2 * (3 - 1), 5),
    (FORUM, _f("$$y_t = "), 1): _fo(
        lambda v: same(
            v["y"], [sum(v["w"][k] * at(v["x"], t + 2 * k) for k in range(3)) for t in range(5)]
        ),
        200,
    ),
    (FORUM, _f("g_t\\, x_{t+k}$$"), 1): _fo(
        lambda v: same(
            v["dw"], [sum(v["g"][t] * at(v["x"], t + k) for t in range(5)) for k in range(3)]
        ),
        210,
    ),
    (FORUM, _f("g_{s-k}\\, w_k$$"), 1): _fo(
        _fo_dx(lambda v, s, k: at(v["g"], s - k) * v["w"][k]), 220
    ),
    (FORUM, _f("g_t\\, x_{t+2k}$$"), 1): _fo(
        lambda v: same(
            v["dw"], [sum(v["g"][t] * at(v["x"], t + 2 * k) for t in range(5)) for k in range(3)]
        ),
        230,
    ),
    (FORUM, _f("g_{s-2k}\\, w_k"), 1): _fo(
        _fo_dx(lambda v, s, k: zat(v["g"], s - 2 * k) * v["w"][k]), 240
    ),
    (FORUM, _f("partial x_1} = "), 1): _fo(
        lambda v: math.isclose(v["dx"][1], v["g"][1] * v["w"][0] + v["g"][0] * v["w"][1]), 250
    ),
    (FORUM, _f("pad}_4(g)"), 1): _fo(
        lambda v: same(v["dx"], corr1(np.pad(v["g"], 4), dilate1(v["w"], 2)[::-1])), 260
    ),
    (FORUM, _f("$$y_0 = "), 1): single(
        lambda: math.isclose(_forum_numbers()["y"][0], 1 * 1 + (-1) * 0 + 2 * 3)
    ),
    (FORUM, _f("$$y_0 = "), 2): equal(1 * 1 + (-1) * 0 + 2 * 3, 7),
    (FORUM, _f("partial w_2} = "), 1): single(
        lambda: math.isclose(_forum_numbers()["dw"][2], _FX[4:9].sum())
    ),
    (FORUM, _f("partial w_2} = "), 2): equal(_FX[4:9].sum(), 3 + 1 + 0 + 2 + 1),
    (FORUM, _f("partial w_2} = "), 3): equal(3 + 1 + 0 + 2 + 1, 8),
    (FORUM, _f("pad}_2(g)"), 1): _fo(
        lambda v: same(v["dx"], corr1(np.pad(v["g"], 2), v["w"][::-1])), 270
    ),
    (FORUM, _f("Adding a bias"), 1): _fo(lambda v: math.isclose(v["db"], v["g"].sum()), 280),
    (FORUM, _f("Adding a bias"), 2): equal(_conv1d_len(9, 3, s=2, d=2), (9 - 3) // 2 + 1),
    (FORUM, _f("Adding a bias"), 3): equal((9 - 3) // 2 + 1, 4),
}


# --- notas_slides_aula9_pooling_softmax.md (Portuguese slides): 2x2/2 pooling of a 4x4 X,
# activations, softmax cross-entropy, Linear(400, 10) in the columns convention z = W a + b

SLIDES = "notas_slides_aula9_pooling_softmax"


def _s(anchor: str) -> int:
    return line(SLIDES, anchor)


_SX = np.array([[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]])
_SG = np.array([[1.0, 2], [3, 4]])


def pool(kind: str, x: np.ndarray, g: np.ndarray, k: int = 2, s: int = 2) -> dict:
    """2-D max / average pooling of one map by torch, and the gradient of sum(y * g)."""
    xt = t64(x[None, None], True)
    fn = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = fn(xt, k, s)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _avg(rel: Callable[[np.ndarray, np.ndarray, np.ndarray], bool], seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
        return rel(x, g, pool("avg", x, g)["dx"])

    return trials(check, seed)


def _pool_side(h: int, k: int = 2, s: int = 2) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s).shape[-1])


def _softmax_ce(z: np.ndarray, label: int) -> tuple[float, np.ndarray, np.ndarray]:
    zt = t64(z, True)
    loss = F.cross_entropy(zt[None], torch.tensor([label]))
    loss.backward()
    return float(loss.detach()), torch.softmax(zt.detach(), 0).numpy(), zt.grad.numpy()


def _sl_ce_grad(r: np.random.Generator) -> bool:
    z, label = r.normal(size=5), int(r.integers(5))
    _, p, grad = _softmax_ce(z, label)
    return same(grad, p - np.eye(5)[label])


def _sl_batch_mean(r: np.random.Generator) -> bool:
    """Mean cross-entropy over a batch of N = 6 rows of logits: dL/dZ against P - Y."""
    z, labels = t64(r.normal(size=(6, 4)), True), torch.tensor(r.integers(4, size=6))
    F.cross_entropy(z, labels, reduction="mean").backward()
    p = torch.softmax(z.detach(), 1).numpy()
    return same(z.grad.numpy(), p - np.eye(4)[labels.numpy()])


def _dense(rel: Callable[[dict], bool], seed: int) -> Truth:
    """z = W a + b with W 10 x 400; gradients of sum(z * delta) by autograd."""

    def check(r: np.random.Generator) -> bool:
        a, w, b, d = (r.normal(size=s) for s in (400, (10, 400), 10, 10))
        at_, wt = t64(a, True), t64(w, True)
        ((wt @ at_ + t64(b)) * t64(d)).sum().backward()
        return rel({"a": a, "w": w, "delta": d, "dw": wt.grad.numpy(), "da": at_.grad.numpy()})

    return trials(check, seed)


_P0 = _softmax_ce(np.array([2.0, 0, 0]), 0)
SLIDES_CLAIMS: Claims = {
    (SLIDES, _s("- Saída: $Y = "), 1): single(
        lambda: same(pool("max", _SX, _SG)["y"], [[4, 5], [6, 3]])
    ),
    (SLIDES, _s("posição do máximo"), 1): single(
        lambda: same(
            pool("max", _SX, _SG)["dx"], [[0, 0, 0, 0], [1, 0, 0, 2], [0, 0, 4, 0], [0, 3, 0, 0]]
        )
    ),
    (SLIDES, _s("entrada de lado 7"), 1): equal(_pool_side(7), math.ceil(5 / 2) + 1),
    (SLIDES, _s("entrada de lado 7"), 2): equal(math.ceil(5 / 2) + 1, 4),
    (SLIDES, _s("um quarto do gradiente"), 1): _avg(
        lambda x, g, dx: same(
            dx,
            [[at(g, math.ceil(i / 2), math.ceil(j / 2)) / 4 for j in range(4)] for i in range(4)],
        ),
        300,
    ),
    (SLIDES, _s("Em forma matricial"), 1): _avg(
        lambda x, g, dx: same(dx, np.kron(g, np.ones((2, 2))) / 4), 310
    ),
    (SLIDES, _s("canto superior esquerdo"), 1): single(
        lambda: math.isclose(pool("avg", _SX, _SG)["dx"][1, 1], 1)
    ),
    (SLIDES, _s("- Sigmoide: "), 1): activation_grad(
        torch.sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z)), 320
    ),
    (SLIDES, _s("No zero"), 1): single(lambda: math.isclose(_sigmoid_grad_at(0.0), 1 / 2)),
    (SLIDES, _s("Gradiente em relação aos logits"), 1): trials(_sl_ce_grad, 340),
    (SLIDES, _s("classe certa na posição 0"), 2): single(lambda: abs(_P0[1][0] - 0.787) < 5e-4),
    (SLIDES, _s("classe certa na posição 0"), 3): single(lambda: abs(_P0[0] - 0.240) < 5e-4),
    (SLIDES, _s("perda média"), 2): trials(_sl_batch_mean, 350),
    (SLIDES, _s("Número de parâmetros"), 1): equal(params(torch.nn.Linear(400, 10)), 400 * 10),
    (SLIDES, _s("Número de parâmetros"), 2): equal(400 * 10, 4000),
    (SLIDES, _s("Gradientes com $\\delta"), 2): _dense(
        lambda v: same(v["dw"], np.outer(v["delta"], v["a"])), 360
    ),
    (SLIDES, _s("Gradientes com $\\delta"), 3): _dense(
        lambda v: same(v["da"], v["w"].T @ v["delta"]), 370
    ),
    (SLIDES, _s("Cuidado com a ordem"), 1): _dense(
        lambda v: same(v["dw"], np.outer(v["a"], v["delta"])), 380
    ),
}


def _sigmoid_grad_at(z0: float) -> float:
    z = t64(z0, True)
    torch.sigmoid(z).backward()
    return float(z.grad)


def truth_table() -> Claims:
    from unseen_fresh21_truth_b import NOTES_B

    return {**ESAME_CLAIMS, **FORUM_CLAIMS, **SLIDES_CLAIMS, **NOTES_B}
