"""Independent truth for the fresh2 unseen set, notes 4-7 (see unseen_fresh2_truth.py).

Symbolic-size claims are computed over a grid of concrete sizes (edge cases included: output
as small as 1, kernel 1, stride > 1, padding > 0); each size gives one bool.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh2_truth import (
    conv,
    conv_out,
    count_claim,
    each,
    params,
)
from unseen_truth_base import F64, TRIALS, Truth, at, corr, dilate, pad, rng, rot180, same, zat

# --- qa_transposed.md: ConvTranspose2d on 3x3, k 3, s 2, p 1 (0-based); strided conv 7x7 / 8x8


def _tconv(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=(3, 3)), r.normal(size=(3, 3)), r.normal(size=(5, 5))
    xt = torch.tensor(x[None, None], dtype=F64, requires_grad=True)
    wt = torch.tensor(w[None, None], dtype=F64, requires_grad=True)
    y = F.conv_transpose2d(xt, wt, stride=2, padding=1)
    (y * torch.tensor(g[None, None], dtype=F64)).sum().backward()
    return {"x": x, "w": w, "g": g, "gt": pad(g, 1), "y": y.detach().numpy()[0, 0],
            "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0]}  # fmt: skip


def _tc(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_tconv(rng(80 + t))) for t in range(TRIALS)]


def _tc_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    rhs = [[sum(x[p, q] * zat(w, i + 1 - 2 * p, j + 1 - 2 * q) for p in range(3) for q in range(3))
            for j in range(5)] for i in range(5)]  # fmt: skip
    return same(v["y"], rhs)


def _tc_entry(i: int, j: int, terms: list[tuple[tuple[int, int], tuple[int, int]]]) -> Truth:
    return _tc(
        lambda v: math.isclose(
            v["y"][i, j], sum(v["x"][a] * v["w"][b] for a, b in terms), abs_tol=1e-12
        )
    )


def _tc_grad(name: str, kernel: Callable[[np.ndarray], np.ndarray], s: int) -> Truth:
    """d{x or w}[a,b] = sum over the other's 3x3 entries (c,d) of other[c,d] * gt[s*a+c, s*b+d]
    when name is 'dx' (other = kernel(w)); for 'dw' the roles of the indices swap."""

    def check(v: dict) -> bool:
        gt = v["gt"]
        if name == "dx":
            k = kernel(v["w"])
            rhs = [[sum(k[m, n] * at(gt, s * p + m, s * q + n) for m in range(3) for n in range(3))
                    for q in range(3)] for p in range(3)]  # fmt: skip
        else:
            x = v["x"]
            rhs = [[sum(x[p, q] * at(gt, s * p + m, s * q + n) for p in range(3) for q in range(3))
                    for n in range(3)] for m in range(3)]  # fmt: skip
        return same(v[name], rhs)

    return _tc(check)


def _tsize_grid() -> list[bool]:
    out = []
    for h, s, p, k in itertools.product(range(1, 6), (1, 2, 3), (0, 1, 2), (1, 2, 3, 4)):
        x = torch.zeros(1, 1, h, h, dtype=F64)
        try:
            got = F.conv_transpose2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p)
        except RuntimeError:  # output would be empty: not a layer
            continue
        out.append(got.shape[-1] == (h - 1) * s - 2 * p + k)
    return out


def _strided(r: np.random.Generator, size: int) -> dict:
    x, w, g = r.normal(size=(size, size)), r.normal(size=(3, 3)), r.normal(size=(3, 3))
    t = conv(x[None, None], w[None, None], None, g[None, None], stride=2)
    return {"x": x, "w": w, "g": g, "dx": t["dx"][0, 0], "dw": t["dw"][0, 0]}


def _st(check: Callable[[dict], bool], size: int = 7) -> Truth:
    return lambda: [check(_strided(rng(90 + t), size)) for t in range(TRIALS)]


def _st_entry(h: int, w_: int, terms: list[tuple[tuple[int, int], tuple[int, int]]]) -> Truth:
    return _st(
        lambda v: math.isclose(
            v["dx"][h, w_], sum(v["g"][a] * v["w"][b] for a, b in terms), abs_tol=1e-12
        )
    )


def _st_op(p: int) -> Callable[[dict], bool]:
    return lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), p), rot180(v["w"])))


QA: dict[tuple[str, int, int], Truth] = {
    ("qa_transposed", 7, 1): _tsize_grid,
    ("qa_transposed", 16, 1): _tc(_tc_forward),
    ("qa_transposed", 21, 1): _tc_entry(0, 0, [((0, 0), (1, 1))]),
    ("qa_transposed", 22, 1): _tc_entry(
        1, 1, [((0, 0), (2, 2)), ((0, 1), (2, 0)), ((1, 0), (0, 2)), ((1, 1), (0, 0))]
    ),
    ("qa_transposed", 23, 1): _tc_entry(4, 4, [((2, 2), (2, 2))]),
    ("qa_transposed", 25, 1): _tc_entry(0, 0, [((0, 0), (0, 0))]),
    ("qa_transposed", 29, 1): _tc(
        lambda v: same(v["y"], corr(pad(dilate(v["x"], 2), 1), rot180(v["w"])))
    ),
    ("qa_transposed", 31, 1): _tc(lambda v: same(v["y"], corr(pad(dilate(v["x"], 2), 1), v["w"]))),
    ("qa_transposed", 35, 1): _tc_grad("dx", lambda w: w, 2),
    ("qa_transposed", 37, 1): _tc_grad("dw", lambda w: w, 1),
    ("qa_transposed", 39, 1): _tc_grad("dx", rot180, 2),
    ("qa_transposed", 41, 1): lambda: count_claim(
        16 * 8 * 9 + 8, 1160, params(torch.nn.ConvTranspose2d(16, 8, 3))
    ),
    ("qa_transposed", 45, 2): _st_entry(0, 0, [((0, 0), (0, 0))]),
    ("qa_transposed", 46, 1): _st_entry(
        2, 2, [((0, 0), (2, 2)), ((0, 1), (2, 0)), ((1, 0), (0, 2)), ((1, 1), (0, 0))]
    ),
    ("qa_transposed", 47, 1): _st_entry(1, 1, [((0, 0), (1, 1)), ((1, 1), (0, 0))]),
    ("qa_transposed", 51, 1): _st(_st_op(2)),
    ("qa_transposed", 53, 1): _st(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2)))),
    ("qa_transposed", 55, 1): _st(_st_op(3)),
    ("qa_transposed", 57, 1): _st(_st_op(2), size=8),
    ("qa_transposed", 57, 2): _st(lambda v: bool(np.all(v["dx"][7, :] == 0)), size=8),
}


# --- dense_batch_notes.md: 4 -> 3 sigmoid -> 2 sigmoid, m = 5 examples as columns, J = mean


def _dense(r: np.random.Generator, loss: str = "linear") -> dict:
    m = 5
    x, y = r.normal(size=(4, m)), r.integers(0, 2, size=(2, m)).astype(np.float64)
    w1, b1, w2, b2 = (torch.tensor(r.normal(size=s), dtype=F64, requires_grad=True)
                      for s in ((3, 4), (3, 1), (2, 3), (2, 1)))  # fmt: skip
    g2 = r.normal(size=(2, m))  # per-example dL/dz2 for the generic backward claims
    z1 = w1 @ torch.tensor(x, dtype=F64) + b1
    a1 = torch.sigmoid(z1)
    z2 = w2 @ a1 + b2
    a2 = torch.sigmoid(z2)
    yt = torch.tensor(y, dtype=F64)
    per_example = {
        "linear": (torch.tensor(g2, dtype=F64) * z2).sum(0),
        "ce": -(yt * torch.log(a2) + (1 - yt) * torch.log(1 - a2)).sum(0),
        "mse": 0.5 * ((a2 - yt) ** 2).sum(0),
    }[loss]
    for t in (z1, a1, z2):
        t.retain_grad()
    per_example.mean().backward()
    return {"m": m, "x": x, "y": y, "w2": w2.detach().numpy(), "g2": g2,
            "a1": a1.detach().numpy(), "a2": a2.detach().numpy(),
            "dz1": m * z1.grad.numpy(), "da1": m * a1.grad.numpy(), "dz2": m * z2.grad.numpy(),
            "dw1": w1.grad.numpy(), "db1": b1.grad.numpy(),
            "dw2": w2.grad.numpy(), "db2": b2.grad.numpy()}  # fmt: skip


def _dn(check: Callable[[dict], bool], loss: str = "linear") -> Truth:
    return lambda: [check(_dense(rng(100 + t), loss)) for t in range(TRIALS)]


def _sigmoid_prime() -> list[bool]:
    z = torch.tensor(rng(5).normal(size=20) * 3, dtype=F64, requires_grad=True)
    torch.sigmoid(z).sum().backward()
    s = torch.sigmoid(z).detach().numpy()
    return [same(z.grad.numpy(), s * (1 - s))]


DENSE: dict[tuple[str, int, int], Truth] = {
    ("dense_batch_notes", 12, 1): lambda: count_claim(
        3 * 4 + 3 + 2 * 3 + 2, 23, params(torch.nn.Linear(4, 3)) + params(torch.nn.Linear(3, 2))
    ),
    ("dense_batch_notes", 14, 2): _sigmoid_prime,
    ("dense_batch_notes", 22, 1): _dn(lambda v: same(v["dw2"], v["g2"] @ v["a1"].T / v["m"])),
    ("dense_batch_notes", 23, 1): _dn(
        lambda v: same(v["db2"], v["g2"].sum(1, keepdims=True) / v["m"])
    ),
    ("dense_batch_notes", 29, 1): _dn(lambda v: same(v["da1"], v["w2"].T @ v["g2"])),
    ("dense_batch_notes", 29, 2): _dn(lambda v: same(v["dz1"], v["da1"] * v["a1"] * (1 - v["a1"]))),
    ("dense_batch_notes", 34, 1): _dn(lambda v: same(v["dw1"], v["x"] @ v["dz1"].T / v["m"])),
    ("dense_batch_notes", 34, 2): _dn(lambda v: same(v["db1"], v["dz1"] / v["m"])),
    ("dense_batch_notes", 39, 1): _dn(
        lambda v: math.isclose(v["dw2"][0, 1], (v["g2"][1] * v["a1"][0]).sum() / 5, abs_tol=1e-12)
    ),
    ("dense_batch_notes", 45, 1): _dn(lambda v: same(v["dz2"], v["a2"] - v["y"]), "ce"),
    ("dense_batch_notes", 45, 3): _dn(lambda v: same(v["dz2"], v["a2"] - v["y"]), "mse"),
}


# --- tarea4_solucion.md: symbolic N, C, F, H, W, k (1-based), stride 1 / no padding in part 2

# (N, C, F, H, W, k): output 1x1, kernel 1, one filter, non-square, the exercise's own sizes
_GRID = [(1, 1, 1, 3, 3, 3), (1, 1, 2, 4, 5, 1), (2, 2, 3, 6, 6, 3), (1, 3, 2, 5, 4, 2),
         (2, 1, 1, 4, 7, 4), (1, 2, 2, 2, 3, 2)]  # fmt: skip


def _mc(size: tuple[int, ...], seed: int) -> dict:
    n, c, f, h, w, k = size
    r = rng(seed)
    x, kk, b = r.normal(size=(n, c, h, w)), r.normal(size=(f, c, k, k)), r.normal(size=f)
    d = r.normal(size=(n, f, h - k + 1, w - k + 1))
    t = conv(x, kk, b, d)
    return {"x": x, "k": kk, "b": b, "d": d, **t}


def _grid(check: Callable[[dict, tuple[int, ...]], bool]) -> Truth:
    return lambda: [check(_mc(size, 110 + i), size) for i, size in enumerate(_GRID)]


def _mc_forward(v: dict, size: tuple[int, ...]) -> bool:
    n_, c_, f_, h_, w_, k = size
    x, kk = v["x"], v["k"]
    return each([((lambda n=n, f=f, i=i, j=j: v["z"][n, f, i - 1, j - 1]),
                  (lambda n=n, f=f, i=i, j=j: v["b"][f] + sum(
                      at(kk, f, c, u - 1, vv - 1) * at(x, n, c, i + u - 2, j + vv - 2)
                      for c in range(c_) for u in range(1, k + 1) for vv in range(1, k + 1))))
                 for n in range(n_) for f in range(f_)
                 for i in range(1, h_ - k + 2) for j in range(1, w_ - k + 2)])  # fmt: skip


def _mc_dk(v: dict, size: tuple[int, ...]) -> bool:
    n_, c_, f_, h_, w_, k = size
    ho, wo = h_ - k + 1, w_ - k + 1
    rhs = np.zeros((f_, c_, k, k))
    for f, c, u, vv in itertools.product(range(f_), range(c_), range(k), range(k)):
        rhs[f, c, u, vv] = sum(
            v["d"][n, f, i, j] * at(v["x"], n, c, i + u, j + vv)
            for n in range(n_)
            for i in range(ho)
            for j in range(wo)
        )
    return same(v["dw"], rhs)


def _mc_dx_one_filter(v: dict, size: tuple[int, ...]) -> bool:
    """The sum without f: true only if it holds for every value f could take."""
    n_, c_, f_, h_, w_, k = size
    d = v["d"]
    for f in range(f_):
        rhs = np.zeros((n_, c_, h_, w_))
        for n, c, h, w in itertools.product(range(n_), range(c_), range(h_), range(w_)):
            rhs[n, c, h, w] = sum(
                zat(d, n, f, h - u, w - vv) * v["k"][f, c, u, vv]
                for u in range(k)
                for vv in range(k)
            )
        if not same(v["dx"], rhs):
            return False
    return True


def _mc_dx_bounds(v: dict, size: tuple[int, ...]) -> bool:
    n_, c_, f_, h_, w_, k = size
    ho, wo, d, kk = h_ - k + 1, w_ - k + 1, v["d"], v["k"]

    def rhs(n: int, c: int, h: int, w: int) -> float:  # 1-based h, w, i, j as written
        return sum(at(d, n, f, i - 1, j - 1) * at(kk, f, c, h - i, w - j)
                   for f in range(f_)
                   for i in range(max(1, h - k + 1), min(ho, h - 1) + 1)
                   for j in range(max(1, w - k + 1), min(wo, w - 1) + 1))  # fmt: skip

    return each([((lambda n=n, c=c, h=h, w=w: v["dx"][n, c, h - 1, w - 1]),
                  (lambda n=n, c=c, h=h, w=w: rhs(n, c, h, w)))
                 for n in range(n_) for c in range(c_)
                 for h in range(1, h_ + 1) for w in range(1, w_ + 1)])  # fmt: skip


def _size_grid(rounding: Callable[[float], int]) -> list[bool]:
    out = []
    for h, k, s, p in itertools.product(range(1, 10), range(1, 5), (1, 2, 3), (0, 1, 2)):
        if h + 2 * p < k:  # no output: not a layer
            continue
        out.append(conv_out(h, k, s, p) == rounding((h + 2 * p - k) / s) + 1)
    return out


_POOL_SIZES = [(1, 2, 3), (2, 2, 2), (2, 4, 6), (3, 3, 6), (3, 6, 3)]  # (k, H, W)


def _pool_grid(kind: str, rule: Callable[[np.ndarray, np.ndarray, int, int, int], float]) -> Truth:
    def run() -> list[bool]:
        out = []
        for idx, (k, h_, w_) in enumerate(_POOL_SIZES):
            r = rng(120 + idx)
            x, g = r.normal(size=(h_, w_)), r.normal(size=(h_ // k, w_ // k))
            xt = torch.tensor(x[None, None], dtype=F64, requires_grad=True)
            y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(xt, k, k)
            (y * torch.tensor(g[None, None], dtype=F64)).sum().backward()
            dx = xt.grad.numpy()[0, 0]
            try:  # 1-based h, w as the note writes them
                rhs = [[rule(x, g, k, h, w) for w in range(1, w_ + 1)] for h in range(1, h_ + 1)]
            except IndexError:  # the formula names an entry of G that does not exist
                out.append(False)
                continue
            out.append(same(dx, rhs))
        return out

    return run


def _max_cases(x: np.ndarray, g: np.ndarray, k: int, h: int, w: int) -> float:
    i, j = math.ceil(h / k), math.ceil(w / k)
    window = x[(i - 1) * k : i * k, (j - 1) * k : j * k]
    return at(g, i - 1, j - 1) if x[h - 1, w - 1] == window.max() else 0.0


TAREA: dict[tuple[str, int, int], Truth] = {
    ("tarea4_solucion", 11, 1): lambda: _size_grid(math.floor),
    ("tarea4_solucion", 13, 1): lambda: _size_grid(math.ceil),
    ("tarea4_solucion", 16, 3): lambda: count_claim(
        3 * (2 * 3 * 3 + 1), 57, params(torch.nn.Conv2d(2, 3, 3))
    ),
    ("tarea4_solucion", 21, 1): _grid(_mc_forward),
    ("tarea4_solucion", 27, 1): _grid(_mc_dk),
    ("tarea4_solucion", 33, 1): _grid(_mc_dx_one_filter),
    ("tarea4_solucion", 39, 1): _grid(_mc_dx_bounds),
    ("tarea4_solucion", 47, 1): _pool_grid(
        "avg",
        lambda x, g, k, h, w: at(g, h // k, w // k) / k**2,  # G_{floor(h/k)+1} 1-based
    ),
    ("tarea4_solucion", 53, 1): _pool_grid("max", _max_cases),
}


# --- exam_solutions_2023.md: given 4x4 X, 2x2 K, stride 2 (1-based); two conv layers 6x6


_EX = np.array([[1, 2, 0, 1], [3, 1, 2, 2], [0, 1, 1, 0], [2, 0, 3, 1]], dtype=np.float64)
_EK = np.array([[1, -1], [2, 0]], dtype=np.float64)
_EG = np.array([[1, 0], [-1, 2]], dtype=np.float64)
_ROT_BLOCKS = [[0, 2, 0, 0], [-1, 1, 0, 0], [0, -2, 0, 4], [1, -1, -2, 2]]


def _exam() -> dict:
    t = conv(_EX[None, None], _EK[None, None], None, _EG[None, None], stride=2)
    return {k: a[0, 0] for k, a in t.items()}


def _two_layers(r: np.random.Generator) -> dict:
    x0 = r.normal(size=(6, 6))
    w1, w2 = (
        torch.tensor(r.normal(size=s), dtype=F64, requires_grad=True)
        for s in ((1, 1, 3, 3), (1, 1, 2, 2))
    )
    d2 = r.normal(size=(3, 3))
    z1 = F.conv2d(torch.tensor(x0[None, None], dtype=F64), w1)
    z1.retain_grad()
    z2 = F.conv2d(torch.relu(z1), w2)
    (z2 * torch.tensor(d2[None, None], dtype=F64)).sum().backward()
    return {
        "x0": x0,
        "w2": w2.detach().numpy()[0, 0],
        "z1": z1.detach().numpy()[0, 0],
        "d2": d2,
        "d1": z1.grad.numpy()[0, 0],
        "dw1": w1.grad.numpy()[0, 0],
        "dw2": w2.grad.numpy()[0, 0],
    }


def _tl(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_two_layers(rng(130 + t))) for t in range(TRIALS)]


_Z22 = 1 * 1 + 0 * (-1) + 3 * 2 + 1 * 0
EXAM: dict[tuple[str, int, int], Truth] = {
    ("exam_solutions_2023", 15, 1): lambda: [math.isclose(_exam()["z"][1, 1], _Z22)],
    ("exam_solutions_2023", 15, 2): lambda: count_claim(_Z22, 8, _exam()["z"][1, 1]),
    ("exam_solutions_2023", 17, 1): lambda: [same(_exam()["z"], [[5, 3], [3, 7]])],
    ("exam_solutions_2023", 21, 1): lambda: [same(_exam()["dw"], [[3, 1], [7, 3]])],
    ("exam_solutions_2023", 23, 1): lambda: [same(_exam()["dw"], corr(_EX, _EG))],
    ("exam_solutions_2023", 27, 1): lambda: [same(_exam()["dx"], _ROT_BLOCKS)],
    ("exam_solutions_2023", 36, 1): _tl(
        lambda v: same(v["d1"], corr(pad(v["d2"], 1), rot180(v["w2"])) * (v["z1"] > 0))
    ),
    ("exam_solutions_2023", 41, 1): _tl(lambda v: same(v["dw2"], corr(v["z1"], v["d2"]))),
    ("exam_solutions_2023", 43, 1): _tl(lambda v: same(v["dw1"], corr(v["x0"], v["d1"]))),
}

NOTES_B: dict[tuple[str, int, int], Truth] = {**QA, **DENSE, **TAREA, **EXAM}
