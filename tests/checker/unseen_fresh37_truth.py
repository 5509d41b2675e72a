"""Independent truth for the fresh37 unseen set (tests/data/check/unseen/fresh37/): the notes
klausur_loesung_aufgabe3_batch_kanaele, forum_answer_pooling_gradient_routing and
cheat_sheet_dense_softmax_xent.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A side that reads an entry outside a tensor (IndexError) or
multiplies matrices of mismatched shapes (ValueError) disagrees; where a note declares zeros
outside a range, those entries are read as zero. A link between two written numbers is judged as
arithmetic; a size or count named on the left must equal the true one. The other four notes
live in unseen_fresh37_truth_b.py; truth_table merges both.
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


# --- klausur_loesung_aufgabe3_batch_kanaele.md (German exam solution): X (N, C, H, W), F filters
# K x K, bias b_f, 0-based; stride 1 / no padding in a-d, stride S and padding P in e

KLAUSUR = "klausur_loesung_aufgabe3_batch_kanaele"
N, C, FF = 2, 3, 2


def _klausur(r: np.random.Generator, h: int = 6, w: int = 5, k: int = 3, s: int = 1, p: int = 0):
    x = r.normal(size=(N, C, h, w))
    wt, b = r.normal(size=(FF, C, k, k)), r.normal(size=FF)
    ho, wo = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    g = r.normal(size=(N, FF, ho, wo))
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    t = conv(xp, wt, b, g, stride=s)  # the gradient with respect to the padded input
    return {"x": x, "xp": xp, "w": wt, "b": b, "g": g, "k": k, "s": s, **t}


def _kl(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_klausur(r, **kw)), seed)


def _kl_forward(v: dict) -> bool:
    x, w, b, k = v["x"], v["w"], v["b"], v["k"]
    n_, f_, ho, wo = v["z"].shape
    rhs = np.zeros(v["z"].shape)
    for n, f, i, j in itertools.product(range(n_), range(f_), range(ho), range(wo)):
        rhs[n, f, i, j] = b[f] + sum(
            w[f, c, u, q] * at(x, n, c, i + u, j + q)
            for c in range(C)
            for u in range(k)
            for q in range(k)
        )
    return same(v["z"], rhs)


def _kl_dw_no_batch(v: dict) -> bool:
    """The weight gradient without the batch sum, for each n: no n gives the true one."""
    x, g, k = v["x"], v["g"], v["k"]
    ho, wo = g.shape[2:]

    def rhs(n: int) -> np.ndarray:
        out = np.zeros(v["dw"].shape)
        for f, c, u, q in itertools.product(range(FF), range(C), range(k), range(k)):
            out[f, c, u, q] = np.sum(g[n, f] * x[n, c, u : u + ho, q : q + wo])
        return out

    return any(same(v["dw"], rhs(n)) for n in range(N))


def _kl_dx_unrotated(v: dict) -> bool:
    w, g, k = v["w"], v["g"], v["k"]
    rhs = [
        [sum(corr(pad(g[n, f], k - 1), w[f, c]) for f in range(FF)) for c in range(C)]
        for n in range(N)
    ]
    return same(v["dx"], rhs)


def _kl_mean_db(r: np.random.Generator) -> bool:
    """L = (1/N) sum_n l_n with l_n = sum(z_n * g_n), so delta^(n) = g_n."""
    v = _klausur(r)
    bt = t64(v["b"], True)
    z = F.conv2d(t64(v["x"]), t64(v["w"]), bt)
    ((z * t64(v["g"])).sum(dim=(1, 2, 3)).mean()).backward()
    return same(bt.grad.numpy(), v["g"].sum(axis=(0, 2, 3)))


def _kl_strided_dw(v: dict) -> bool:
    xp, g, k, s = v["xp"], v["g"], v["k"], v["s"]
    ho, wo = g.shape[2:]
    rhs = np.zeros(v["dw"].shape)
    for f, c, u, q in itertools.product(range(FF), range(C), range(k), range(k)):
        rhs[f, c, u, q] = sum(
            g[n, f, i, j] * at(xp, n, c, s * i + u, s * j + q)
            for n in range(N)
            for i in range(ho)
            for j in range(wo)
        )
    return same(v["dw"], rhs)


def _kl_dx(v: dict) -> bool:
    """sum_f,u,v w delta at (p - S u, q - S v), delta zero outside; S = 1 in part c."""
    w, g, k, s = v["w"], v["g"], v["k"], v["s"]
    rhs = np.zeros(v["dx"].shape)  # the gradient of the padded input
    for n, c, p, q in itertools.product(*(range(d) for d in rhs.shape)):
        rhs[n, c, p, q] = sum(
            w[f, c, u, t] * zat(g, n, f, p - s * u, q - s * t)
            for f in range(FF)
            for u in range(k)
            for t in range(k)
        )
    return same(v["dx"], rhs)


def _kl_macs() -> int:
    x, w = torch.zeros(8, 3, 32, 32, dtype=F64), torch.zeros(16, 3, 5, 5, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w))


def _rect_height(h: int, k: int) -> int:
    z = F.conv2d(torch.zeros(1, 1, h, h + 3, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64))
    return int(z.shape[-2])


_SIZES = [
    (h, k, s, p)
    for h, k, s, p in itertools.product(range(2, 11), (1, 2, 3, 4), (1, 2, 3), (0, 1, 2))
    if h + 2 * p >= k
]


KLAUSUR_CLAIMS: Claims = {
    (KLAUSUR, 9, 1): _kl(_kl_forward, 3700),
    (KLAUSUR, 11, 1): grid(
        lambda h, k: _rect_height(h, k) == h - k + 1,
        [(h, k) for h in range(3, 10) for k in (1, 2, 3) if k <= h],
    ),
    (KLAUSUR, 17, 1): _kl(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 3710),
    (KLAUSUR, 21, 1): _kl(_kl_dw_no_batch, 3720),
    (KLAUSUR, 27, 1): _kl(_kl_dx, 3730),
    (KLAUSUR, 31, 1): _kl(_kl_dx_unrotated, 3740),
    (KLAUSUR, 35, 1): trials(_kl_mean_db, 3750),
    (KLAUSUR, 39, 1): equal(params(torch.nn.Conv2d(3, 16, 5)), 16 * 3 * 5**2),
    (KLAUSUR, 39, 2): equal(16 * 3 * 5**2, 16 * 3 * 25),
    (KLAUSUR, 39, 3): equal(16 * 3 * 25, 1200),
    (KLAUSUR, 41, 1): equal(_kl_macs(), 7526400),
    (KLAUSUR, 45, 1): grid(
        lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, _SIZES
    ),
    (KLAUSUR, 47, 5): equal(conv_out(32, 5, 2, 1), (32 + 2 - 5) // 2 + 1),
    (KLAUSUR, 47, 6): equal((32 + 2 - 5) // 2 + 1, 15),
    (KLAUSUR, 47, 7): equal(conv_out(32, 5, 2, 0), math.ceil((32 - 5) / 2) + 1),
    (KLAUSUR, 47, 8): equal(math.ceil((32 - 5) / 2) + 1, 15),
    (KLAUSUR, 51, 1): _kl(_kl_strided_dw, 3760, h=7, w=6, s=2, p=1),
    (KLAUSUR, 53, 1): _kl(_kl_dx, 3770, h=7, w=6, s=2, p=1),
}


# --- forum_answer_pooling_gradient_routing.md (English forum answer): the given 4x4 X and 2x2 G,
# 1-based; 2x2/2 max and average pooling, then 3x3/1 max pooling; GAP

FORUM = "forum_answer_pooling_gradient_routing"
_X = np.array([[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [6, 2, 0, 1]])
_G = np.array([[1.0, -2], [3, 0.5]])


def pool(kind: str, x: np.ndarray, g: np.ndarray, k: int, s: int) -> dict:
    xt = t64(x[None, None], True)
    y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(xt, k, s)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _fo_avg_index(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    dx = pool("avg", x, g, 2, 2)["dx"]
    # 1-based g_{floor(i/2)+1, floor(j/2)+1}, read 0-based
    rhs = [[at(g, i // 2, j // 2) / 4 for j in range(1, 5)] for i in range(1, 5)]
    return same(dx, rhs)


def _fo_sums() -> bool:
    total = 1 - 2 + 3 + 0.5
    return all(math.isclose(pool(kind, _X, _G, 2, 2)["dx"].sum(), total) for kind in ("max", "avg"))


def pool_side(h: int, k: int, s: int, ceil: bool = False) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    return int(F.max_pool2d(x, k, s, ceil_mode=ceil).shape[-1])


def _gap(h: int, w: int, scale: Callable[[int, int], float]) -> Truth:
    def rel(r: np.random.Generator) -> bool:
        x, g = r.normal(size=(3, h, w)), r.normal(size=3)
        xt = t64(x, True)
        (xt.mean(dim=(1, 2)) * t64(g)).sum().backward()
        return same(xt.grad.numpy(), g[:, None, None] * np.ones((h, w)) / scale(h, w))

    return trials(rel, 3790 + h + w)


_OVER = pool("max", _X, _G, 3, 1)

FORUM_CLAIMS: Claims = {
    (FORUM, 13, 1): single(lambda: same(pool("max", _X, _G, 2, 2)["y"], [[4, 5], [6, 3]])),
    (FORUM, 13, 2): single(lambda: same(pool("avg", _X, _G, 2, 2)["y"], [[2.5, 2], [2.25, 1.75]])),
    (FORUM, 17, 1): single(
        lambda: same(
            pool("max", _X, _G, 2, 2)["dx"],
            [[0, 0, 0, 0], [1, 0, 0, -2], [0, 0, 0.5, 0], [3, 0, 0, 0]],
        )
    ),
    (FORUM, 21, 1): trials(_fo_avg_index, 3780),
    (FORUM, 23, 1): single(
        lambda: same(pool("avg", _X, _G, 2, 2)["dx"], np.kron(_G, np.ones((2, 2))) / 4)
    ),
    (FORUM, 25, 1): single(_fo_sums),
    (FORUM, 25, 2): equal(1 - 2 + 3 + 0.5, 2.5),
    (FORUM, 29, 1): single(lambda: same(_OVER["y"], [[4, 5], [6, 5]])),
    (FORUM, 31, 1): single(lambda: math.isclose(_OVER["dx"][1, 3], _G[0, 1])),
    (FORUM, 31, 2): equal(_G[0, 1], -2),
    (FORUM, 31, 3): single(lambda: math.isclose(_OVER["dx"][1, 0], _G[0, 0] + _G[1, 0])),
    (FORUM, 31, 4): equal(_G[0, 0] + _G[1, 0], 4),
    (FORUM, 35, 1): grid(
        lambda h, k, s: pool_side(h, k, s) == (h - k) // s + 1,
        [(h, k, s) for h in range(2, 12) for k in (2, 3, 4) for s in (1, 2, 3) if k <= h],
    ),
    (FORUM, 37, 1): equal(pool_side(7, 3, 2), 3),
    (FORUM, 37, 2): equal(pool_side(6, 3, 2), math.ceil((6 - 3) / 2) + 1),
    (FORUM, 37, 3): equal(math.ceil((6 - 3) / 2) + 1, 3),
    (FORUM, 39, 2): lambda: _gap(7, 7, lambda h, w: h * w)() + _gap(5, 4, lambda h, w: h * w)(),
    (FORUM, 39, 3): _gap(7, 7, lambda h, w: 14),
}


# --- cheat_sheet_dense_softmax_xent.md (English cheat sheet): rows X (N, D), W (D, M); column
# y = Wx + b with W (M, D); softmax over K classes with a one-hot y

SHEET = "cheat_sheet_dense_softmax_xent"
NB, D, M, K = 4, 3, 2, 4


def dense(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray) -> dict:
    """Y = XW + b (rows) and the gradients of sum(Y * G)."""
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = xt @ wt + bt
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


def dense_rows(r: np.random.Generator) -> dict:
    return dense(*(r.normal(size=s) for s in ((NB, D), (D, M), M, (NB, M))))


def _column(r: np.random.Generator) -> dict:
    x, w, b, g = (r.normal(size=s) for s in (D, (M, D), M, M))
    xt, wt = t64(x, True), t64(w, True)
    ((wt @ xt + t64(b)) * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}


def _sh(make: Callable, rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(make(r)), seed)


def _relu(r: np.random.Generator) -> bool:
    z, g = r.normal(size=(NB, M)), r.normal(size=(NB, M))
    zt = t64(z, True)
    (torch.relu(zt) * t64(g)).sum().backward()
    return same(zt.grad.numpy(), g * np.maximum(z, 0))


def _tanh(r: np.random.Generator) -> bool:
    z = r.normal(size=5)
    zt = t64(z, True)
    h = torch.tanh(zt)
    h.sum().backward()  # elementwise: the gradient of the sum is dh_k/dz_k
    return same(zt.grad.numpy(), 1 - h.detach().numpy() ** 2)


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _jacobian(r: np.random.Generator) -> bool:
    z = r.normal(size=K)
    jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), t64(z)).numpy()
    p = softmax(z)
    return same(jac, [[p[k] * (1 - p[j]) for j in range(K)] for k in range(K)])


def _lse(r: np.random.Generator) -> bool:
    z = r.normal(size=K)
    zt = t64(z, True)
    torch.logsumexp(zt, 0).backward()
    return same(zt.grad.numpy(), softmax(z))


def _xent(r: np.random.Generator, n: int = 1, mean_rhs: bool = True) -> bool:
    """Mean cross-entropy over n rows of logits against P - Y, divided by n or not."""
    z, label = r.normal(size=(n, K)), r.integers(0, K, size=n)
    zt = t64(z, True)
    F.cross_entropy(zt, torch.tensor(label)).backward()
    rhs = softmax(z) - np.eye(K)[label]
    return same(zt.grad.numpy(), rhs / n if mean_rhs else rhs)


def _bce(r: np.random.Generator) -> bool:
    z, y = r.normal(size=6), r.integers(0, 2, size=6).astype(float)
    zt = t64(z, True)
    F.binary_cross_entropy_with_logits(zt, t64(y), reduction="sum").backward()
    return same(zt.grad.numpy(), 1 / (1 + np.exp(-z)) - y)


def _flat() -> int:
    return int(torch.flatten(torch.zeros(1, 64, 7, 7), 1).shape[1])


SHEET_CLAIMS: Claims = {
    (SHEET, 6, 1): _sh(dense_rows, lambda v: same(v["dw"], v["x"].T @ v["g"]), 3800),
    (SHEET, 7, 1): _sh(dense_rows, lambda v: same(v["db"], v["g"].T @ np.ones(NB)), 3810),
    (SHEET, 8, 1): _sh(dense_rows, lambda v: same(v["dx"], v["w"].T @ v["g"]), 3820),
    (SHEET, 9, 1): _sh(
        dense_rows,
        lambda v: same(
            v["dw"],
            [
                [sum(v["x"][n, d] * v["g"][n, m] for n in range(NB)) for m in range(M)]
                for d in range(D)
            ],
        ),
        3830,
    ),
    (SHEET, 14, 1): _sh(_column, lambda v: same(v["dw"], np.outer(v["g"], v["x"])), 3840),
    (SHEET, 14, 2): _sh(_column, lambda v: same(v["dx"], v["w"].T @ v["g"]), 3850),
    (SHEET, 18, 2): trials(_relu, 3860),
    (SHEET, 19, 2): trials(_tanh, 3870),
    (SHEET, 24, 1): trials(_jacobian, 3880),
    (SHEET, 25, 1): trials(_lse, 3890),
    (SHEET, 26, 1): trials(_xent, 3900),
    (SHEET, 27, 2): trials(lambda r: _xent(r, NB, mean_rhs=False), 3910),
    (SHEET, 28, 2): trials(_bce, 3920),
    (SHEET, 32, 1): lambda: [
        params(torch.nn.Linear(512, 10)) == 512 * 10 + 10,
        512 * 10 + 10 == 5130,
    ],
    (SHEET, 33, 1): equal(params(torch.nn.Linear(4096, 1000)), 4096 * 1000),
    (SHEET, 33, 2): equal(4096 * 1000, 4096000),
    (SHEET, 34, 1): equal(_flat(), 64 * 7 * 7),
    (SHEET, 34, 2): equal(64 * 7 * 7, 3163),
}


def truth_table() -> Claims:
    from unseen_fresh37_truth_b import NOTES_B

    return {**KLAUSUR_CLAIMS, **FORUM_CLAIMS, **SHEET_CLAIMS, **NOTES_B}
