"""Independent truth for the fresh8 unseen set (tests/data/check/unseen/fresh8/), notes 1-2.

Each judged claim of a key is a function that computes both sides of its equation with NumPy /
torch autograd (float64) at the note's sizes, on the note's numbers or on random inputs, and
returns one bool per trial or per size of a grid: the sides agree there or not. Nothing of
symconv is imported. A claim is registered by an anchor (a piece of its line, unique in the
note) and its rank among the key's entries on that line. A formula that reads an entry outside
a tensor raises IndexError (counted as "the sides do not agree"); where a note declares zeros
outside a range, `zat` reads zeros there. Notes 4-5 live in unseen_fresh8_truth_b.py,
notes 3, 6, 7 in unseen_fresh8_truth_c.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, rng, rot180, same, zat

NOTES = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh8"
Registry = list[tuple[str, str, int, Truth]]


def tt(a: object, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=F64, requires_grad=grad)


def safe(check: Callable[[], bool]) -> bool:
    """A side that reads outside a tensor or combines mismatched shapes disagrees."""
    try:
        return check()
    except (IndexError, ValueError):
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> Truth:
    return lambda: [safe(lambda t=t: check(rng(seed + t))) for t in range(TRIALS)]


def once(check: Callable[[], bool]) -> Truth:
    return lambda: [safe(check)]


def grid(check: Callable[..., bool], sizes: list[tuple[int, ...]]) -> Truth:
    return lambda: [safe(lambda s=s: check(*s)) for s in sizes]


def arithmetic(lhs: float, rhs: float) -> Truth:
    return lambda: [math.isclose(lhs, rhs, rel_tol=1e-12, abs_tol=1e-12)]


def conv2d(x: object, w: object, b: object | None, g: object, **kw: object) -> dict:
    """Forward and autograd gradients of torch conv2d for the loss sum(g * z)."""
    xt, wt = tt(x, True), tt(w, True)
    bt = None if b is None else tt(b, True)
    z = F.conv2d(xt, wt, bt, **kw)
    (z * tt(g)).sum().backward()
    out = {"z": z.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def conv_out(h: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    x, w = torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64)
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation (the notes' star), written out in NumPy."""
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    if oh < 1 or ow < 1:
        raise ValueError("kernel larger than input")
    return np.array([[np.sum(a[i : i + kh, j : j + kw] * k) for j in range(ow)] for i in range(oh)])


def table(registry: Registry) -> dict[tuple[str, int, int], Truth]:
    out = {}
    for stem, anchor, rank, fn in registry:
        lines = (NOTES / f"{stem}.md").read_text(encoding="utf-8").splitlines()
        hits = [n + 1 for n, text in enumerate(lines) if anchor in text]
        if len(hits) != 1:
            raise ValueError(f"anchor {anchor!r} of {stem} is on lines {hits}")
        out[(stem, hits[0], rank)] = fn
    return out


SIZE_GRID = [
    (h, k, s, p)
    for h in range(4, 12)
    for k in (1, 2, 3, 4, 5)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    if h + 2 * p >= k
]

# --- q3_answer_key.md: 4x4 input, 2x2 kernel, scalar bias, stride 1, 1-based, 3x3 output

Q3 = "q3_answer_key"
X_Q3 = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 1, 0, 0], [1, 0, 2, 1]], dtype=float)
W_Q3 = np.array([[1, -1], [0, 2]], dtype=float)


def _q3(r: np.random.Generator) -> dict:
    x, w, b, g = r.normal(size=(4, 4)), r.normal(size=(2, 2)), r.normal(), r.normal(size=(3, 3))
    v = conv2d(x[None, None], w[None, None], [b], g[None, None])
    return {"x": x, "w": w, "g": g, "dx": v["dx"][0, 0], "dw": v["dw"][0, 0], "db": v["db"][0]}


def _q3_dw(r: np.random.Generator) -> bool:
    v = _q3(r)
    mine = [
        [
            sum(
                at(v["g"], i - 1, j - 1) * at(v["x"], i + m - 2, j + n - 2)
                for i in range(1, 4)
                for j in range(1, 4)
            )
            for n in (1, 2)
        ]
        for m in (1, 2)
    ]
    return same(mine, v["dw"])


def _q3_db(r: np.random.Generator) -> bool:
    v = _q3(r)
    return math.isclose(v["g"].sum(), v["db"])


def _q3_dx(r: np.random.Generator) -> bool:
    v = _q3(r)
    mine = [
        [
            sum(
                zat(v["g"], p - m, q - n) * at(v["w"], m - 1, n - 1) for m in (1, 2) for n in (1, 2)
            )
            for q in range(1, 5)
        ]
        for p in range(1, 5)
    ]
    return same(mine, v["dx"])


def _q3_dw_matrix(r: np.random.Generator) -> bool:
    v = _q3(r)
    return same(corr(v["x"], v["g"]), v["dw"])


def _q3_dx_norot(r: np.random.Generator) -> bool:
    v = _q3(r)
    return same(corr(np.pad(v["g"], 1), v["w"]), v["dx"])


def _q3_y(i: int, j: int) -> float:
    z = F.conv2d(tt(X_Q3[None, None]), tt(W_Q3[None, None]))
    return float(z[0, 0, i - 1, j - 1])


def _q3_delta_ones() -> bool:
    xt = tt(X_Q3[None, None], True)
    z = F.conv2d(xt, tt(W_Q3[None, None]))
    z.retain_grad()
    z.sum().backward()
    return same(z.grad.numpy(), np.ones((1, 1, 3, 3)))


def _q3_db_nine() -> bool:
    bt = tt([0.0], True)
    F.conv2d(tt(X_Q3[None, None]), tt(W_Q3[None, None]), bt).sum().backward()
    return math.isclose(float(bt.grad[0]), 9.0)


Q3_TRUTH: Registry = [
    (
        Q3,
        "\\right\\rfloor + 1$$",
        1,
        grid(lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, SIZE_GRID),
    ),
    (
        Q3,
        "(32 + 4 - 5)/1",
        3,
        once(lambda: conv_out(32, 5, 1, 2) == math.floor((32 + 4 - 5) / 1) + 1),
    ),
    (Q3, "(32 + 4 - 5)/1", 4, arithmetic(math.floor((32 + 4 - 5) / 1) + 1, 32)),
    (Q3, "\\lfloor 31/2", 3, once(lambda: conv_out(32, 5, 2, 2) == math.floor(31 / 2) + 1)),
    (Q3, "\\lfloor 31/2", 4, arithmetic(math.floor(31 / 2) + 1, 15)),
    (
        Q3,
        "No. of learnable",
        1,
        once(
            lambda: sum(p.numel() for p in torch.nn.Conv2d(3, 16, 5).parameters()) == 16 * 5 * 5 * 3
        ),
    ),
    (Q3, "No. of learnable", 2, arithmetic(16 * 5 * 5 * 3, 1200)),
    (Q3, "\\partial w_{m,n}} = \\sum_{i=1}^{3}", 1, trials(_q3_dw, 10)),
    (Q3, "\\therefore \\; \\frac", 1, trials(_q3_db, 20)),
    (Q3, "\\delta_{p-m+1", 1, trials(_q3_dx, 30)),
    (Q3, "in matrix form", 1, trials(_q3_dw_matrix, 40)),
    (Q3, "in matrix form", 2, trials(_q3_dx_norot, 50)),
    (Q3, "$y_{1,1} =", 1, arithmetic(_q3_y(1, 1), 1 - 2 + 0 + 2)),
    (Q3, "$y_{1,1} =", 2, arithmetic(1 - 2 + 0 + 2, 1)),
    (Q3, "$y_{1,2} =", 1, arithmetic(_q3_y(1, 2), 2 - 0 + 0 + 3)),
    (Q3, "$y_{1,2} =", 2, arithmetic(2 - 0 + 0 + 3, 5)),
    (Q3, "$y_{2,2} =", 1, arithmetic(_q3_y(2, 2), 1 - 3 + 0 + 0)),
    (Q3, "$y_{2,2} =", 2, arithmetic(1 - 3 + 0 + 0, -2)),
    (Q3, "$y_{3,1} =", 1, arithmetic(_q3_y(3, 1), 2 - 1 + 0 + 0)),
    (Q3, "$y_{3,1} =", 2, arithmetic(2 - 1 + 0 + 0, 3)),
    (Q3, "every $\\delta_{i,j} = 1$", 2, once(_q3_delta_ones)),
    (Q3, "every $\\delta_{i,j} = 1$", 3, once(_q3_db_nine)),
]

# --- appunti_strato_conv.md: N=2, C=2, F=3, 5x5, K=3, stride 1 (2 at the end), 0-based

IT = "appunti_strato_conv"


def _it(r: np.random.Generator, stride: int = 1) -> dict:
    o = (5 - 3) // stride + 1
    x, w, b = r.normal(size=(2, 2, 5, 5)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
    g = r.normal(size=(2, 3, o, o))
    return {"x": x, "w": w, "b": b, "g": g, "o": o, **conv2d(x, w, b, g, stride=stride)}


def _it_forward(r: np.random.Generator) -> bool:
    v = _it(r)
    x, w, b = v["x"], v["w"], v["b"]
    mine = np.zeros((2, 3, 3, 3))
    for n, f, i, j in np.ndindex(2, 3, 3, 3):
        mine[n, f, i, j] = (
            sum(
                at(w, f, c, u, q) * at(x, n, c, i + u, j + q)
                for c in range(2)
                for u in range(3)
                for q in range(3)
            )
            + b[f]
        )
    return same(mine, v["z"])


def _it_dw(r: np.random.Generator, stride: int = 1) -> bool:
    v = _it(r, stride)
    x, g, o = v["x"], v["g"], v["o"]
    mine = np.zeros((3, 2, 3, 3))
    for f, c, u, q in np.ndindex(3, 2, 3, 3):
        mine[f, c, u, q] = sum(
            at(g, n, f, i, j) * at(x, n, c, i + u, j + q)
            for n in range(2)
            for i in range(o)
            for j in range(o)
        )
    return same(mine, v["dw"])


def _it_db_mean(r: np.random.Generator) -> bool:
    v = _it(r)
    return same(v["g"].sum(axis=(0, 2, 3)) / 2, v["db"])


def _it_dx_plus(r: np.random.Generator) -> bool:
    v = _it(r)
    g, w = v["g"], v["w"]
    mine = np.zeros((2, 2, 5, 5))
    for n, c, p, q in np.ndindex(2, 2, 5, 5):
        mine[n, c, p, q] = sum(
            zat(g, n, f, p + u, q + s) * at(w, f, c, u, s)
            for f in range(3)
            for u in range(3)
            for s in range(3)
        )
    return same(mine, v["dx"])


def _it_dx_compact(r: np.random.Generator, pad: int) -> bool:
    v = _it(r)
    g, w = v["g"], v["w"]
    mine = [
        [sum(corr(np.pad(g[n, f], pad), rot180(w[f, c])) for f in range(3)) for c in range(2)]
        for n in range(2)
    ]
    return same(np.array(mine), v["dx"])


def params_no_bias(f: int, c: int, k: int) -> int:
    return sum(p.numel() for p in torch.nn.Conv2d(c, f, k, bias=False).parameters())


def _sigmoid_rule(r: np.random.Generator) -> bool:
    y = tt(r.normal(size=(2, 3, 3, 3)), True)
    up = r.normal(size=(2, 3, 3, 3))
    (torch.sigmoid(y) * tt(up)).sum().backward()
    s = 1 / (1 + np.exp(-y.detach().numpy()))
    return same(up * s * (1 - s), y.grad.numpy())


def _sigmoid_derivative(r: np.random.Generator) -> bool:
    y = tt(r.normal(size=7), True)
    torch.sigmoid(y).sum().backward()
    s = 1 / (1 + np.exp(-y.detach().numpy()))
    return same(s * (1 - s), y.grad.numpy())


IT_TRUTH: Registry = [
    (
        IT,
        "H^{(l+1)} = H^{(l)}",
        1,
        grid(
            lambda h, k: conv_out(h, k) == h - k + 1,
            [(h, k) for h in range(3, 9) for k in range(1, h + 1)],
        ),
    ),
    (IT, "H^{(l+1)} = H^{(l)}", 2, arithmetic(5 - 3 + 1, 3)),
    (IT, "Y^{(l)}_{n,f,i,j} = \\sum", 1, trials(_it_forward, 100)),
    (IT, "Since $\\sigma'", 1, trials(_sigmoid_derivative, 110)),
    (IT, "\\odot \\sigma(\\mathbf{Y}^{(l)})", 1, trials(_sigmoid_rule, 120)),
    (IT, "\\partial W_{f,c,u,v}} = \\sum_{n=0}^{N-1} \\sum_{i=0}^{2}", 1, trials(_it_dw, 130)),
    (IT, "\\frac{1}{N} \\sum_{n=0}^{N-1}", 1, trials(_it_db_mean, 140)),
    (IT, "\\delta_{n,f,p+u,q+v}", 1, trials(_it_dx_plus, 150)),
    (
        IT,
        "\\operatorname{pad}_2(\\boldsymbol{\\delta}_{n,f})",
        1,
        trials(lambda r: _it_dx_compact(r, 2), 160),
    ),
    (
        IT,
        "\\operatorname{pad}_1(\\boldsymbol{\\delta}_{n,f})",
        1,
        trials(lambda r: _it_dx_compact(r, 1), 170),
    ),
    (
        IT,
        "Number of parameters.",
        1,
        once(
            lambda: (
                sum(p.numel() for p in torch.nn.Conv2d(2, 3, 3).parameters()) == 3 * 2 * 3**2 + 3
            )
        ),
    ),
    (IT, "Number of parameters.", 2, arithmetic(3 * 2 * 3**2 + 3, 3 * 2 * 9 + 3)),
    (IT, "Number of parameters.", 3, arithmetic(3 * 2 * 9 + 3, 57)),
    (IT, "Without the bias one would", 4, once(lambda: params_no_bias(3, 2, 3) == 3 * 2 * 9)),
    (IT, "Without the bias one would", 5, arithmetic(3 * 2 * 9, 56)),
    (IT, "(5 - 3)/2", 2, once(lambda: conv_out(5, 3, 2) == math.floor((5 - 3) / 2) + 1 == 2)),
    (IT, "\\sum_{i=0}^{1} \\sum_{j=0}^{1}", 1, trials(lambda r: _it_dw(r, 2), 180)),
]


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh8_truth_b import ES_TRUTH, RD_TRUTH
    from unseen_fresh8_truth_c import DW_TRUTH, PH_TRUTH, QZ_TRUTH

    return table(Q3_TRUTH + IT_TRUTH + PH_TRUTH + RD_TRUTH + ES_TRUTH + QZ_TRUTH + DW_TRUTH)
