"""Independent truth for the fresh10 unseen set (tests/data/check/unseen/fresh10/), notes 1-2.

Each claim of a key is a function keyed by (note, line, rank on the line) that computes both
sides of the equation with NumPy / torch autograd at the note's sizes from random inputs (or
the note's own numbers) and returns one bool per trial or per size of a grid: the sides agree
there or not. Nothing of symconv is imported. Reading an entry outside a tensor raises
IndexError and a product of mismatched shapes raises ValueError / RuntimeError; both count as
"the sides do not agree". Where a note says a tensor is zero outside its range, zat() is used.
A claim is found by a piece of text that occurs on exactly one line of its note, so the table
follows the notes' line numbers without copying them. Notes 3-4 live in
unseen_fresh10_truth_b.py and notes 5-7 in unseen_fresh10_truth_c.py; truth_table() merges them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, rng, same, zat

NOTES = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh10"
Key = tuple[str, int, int]


@functools.cache
def _lines(stem: str) -> list[str]:
    return (NOTES / f"{stem}.md").read_text(encoding="utf-8").splitlines()


def key(stem: str, anchor: str, rank: int = 1) -> Key:
    """(note, 1-based line holding the anchor, rank): the anchor must be on one line only."""
    hits = [n for n, text in enumerate(_lines(stem), start=1) if anchor in text]
    assert len(hits) == 1, (stem, anchor, hits)
    return (stem, hits[0], rank)


def safely(check: Callable[[], bool]) -> bool:
    """A side naming a missing entry or multiplying mismatched shapes disagrees."""
    try:
        return bool(check())
    except (IndexError, ValueError, RuntimeError):
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> list[bool]:
    return [safely(lambda t=t: check(rng(seed + t))) for t in range(TRIALS)]


def once(check: Callable[[], bool]) -> Truth:
    return lambda: [safely(check)]


def count_claim(lhs: float, rhs: float, true_value: float) -> list[bool]:
    """A count or size written lhs = rhs: both sides must equal the true value."""
    return [math.isclose(lhs, true_value) and math.isclose(rhs, true_value)]


def t64(a: np.ndarray | float, grad: bool = True) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=F64, requires_grad=grad)


def conv(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """torch conv2d forward and autograd gradients of sum(z * g); x (N,C,H,W), w (F,C,R,R)."""
    xt, wt, bt = t64(x), t64(w), t64(b)
    z = F.conv2d(xt, wt, bt, **kw)
    (z * t64(g, False)).sum().backward()
    return {
        "z": z.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def conv_out(h: int, r: int, s: int, p: int, d: int = 1) -> int:
    x, w = torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, r, r, dtype=F64)
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


def convt_out(h: int, r: int, s: int, p: int) -> int:
    x, w = torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, r, r, dtype=F64)
    return int(F.conv_transpose2d(x, w, stride=s, padding=p).shape[-1])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid cross-correlation (the notes' star) in 1-D or 2-D, written out in NumPy."""
    if a.ndim == 1:
        return np.array([np.sum(a[i : i + len(k)] * k) for i in range(len(a) - len(k) + 1)])
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    return np.array([[np.sum(a[i : i + kh, j : j + kw] * k) for j in range(ow)] for i in range(oh)])


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(tuple((n - 1) * s + 1 for n in a.shape))
    out[tuple(slice(None, None, s) for _ in a.shape)] = a
    return out


def rot180(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


# --- textbook_section.md: batch N, C channels, F filters, R x R kernels, stride S, padding P

TB = "textbook_section"
GENERAL = [(2, 3, 4, 7, 3, 2, 1), (2, 3, 4, 6, 3, 1, 0)]  # N, C, F, H, R, S, P
PLAIN = (2, 3, 4, 6, 3)  # the section's S = 1, P = 0 sizes (Exercise 6.5)


def _layer(r: np.random.Generator, n: int, c: int, f: int, h: int, k: int, s: int, p: int) -> dict:
    x, w, b = r.normal(size=(n, c, h, h)), r.normal(size=(f, c, k, k)), r.normal(size=f)
    ho = conv_out(h, k, s, p)
    out = conv(x, w, b, g := r.normal(size=(n, f, ho, ho)), stride=s, padding=p)
    return {
        **out,
        "x": x,
        "xp": np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))),
        "w": w,
        "b": b,
        "g": g,
    }


def _general(check: Callable[[dict, int], bool], seed: int) -> Truth:
    """The check at each general size and trial; it gets the layer and the stride."""

    def run() -> list[bool]:
        out = []
        for size in GENERAL:
            out += trials(lambda r, size=size: check(_layer(r, *size), size[5]), seed)
        return out

    return run


def _plain(check: Callable[[dict], bool], seed: int) -> Truth:
    return lambda: trials(lambda r: check(_layer(r, *PLAIN, 1, 0)), seed)


def _forward(v: dict, s: int) -> bool:
    ho = v["z"].shape[2]
    k = v["w"].shape[2]
    rhs = np.zeros_like(v["z"])
    for i in range(ho):
        for j in range(ho):
            patch = v["xp"][:, None, :, s * i : s * i + k, s * j : s * j + k]
            rhs[:, :, i, j] = v["b"] + (patch * v["w"][None]).sum(axis=(2, 3, 4))
    return same(v["z"], rhs)


def _dw_sum(v: dict, s: int) -> bool:
    k, ho = v["w"].shape[2], v["g"].shape[2]
    rhs = np.zeros_like(v["w"])
    for u in range(k):
        for w_ in range(k):
            patch = v["xp"][:, :, u : u + s * (ho - 1) + 1 : s, w_ : w_ + s * (ho - 1) + 1 : s]
            rhs[:, :, u, w_] = np.einsum("nfij,ncij->fc", v["g"], patch)
    return same(v["dw"], rhs)


def _dx_sum(v: dict, sign: int) -> bool:
    n, c, h, _ = v["x"].shape
    f, _, k, _ = v["w"].shape

    def rhs(nn: int, cc: int, hh: int, ww: int) -> float:
        return sum(
            zat(v["g"], nn, ff, hh + sign * u, ww + sign * q) * v["w"][ff, cc, u, q]
            for ff in range(f)
            for u in range(k)
            for q in range(k)
        )

    grid = [
        [[[rhs(a, b, i, j) for j in range(h)] for i in range(h)] for b in range(c)]
        for a in range(n)
    ]
    return same(v["dx"], grid)


def _dx_full(v: dict, pick: Callable[[int, int], tuple[int, int]], over: str) -> bool:
    n, c = v["x"].shape[:2]
    f, _, k, _ = v["w"].shape
    for nn in range(n):
        for cc in range(c):
            terms = range(f) if over == "f" else range(c)
            rhs = sum(
                corr(np.pad(v["g"][nn, pick(t, cc)[0]], k - 1), rot180(v["w"][pick(t, cc)]))
                for t in terms
            )
            if not same(v["dx"][nn, cc], rhs):
                return False
    return True


def _out_size_grid() -> list[bool]:
    sizes = [
        (h, k, s, p) for h in (5, 8, 11) for k in (1, 2, 3, 4) for s in (1, 2, 3) for p in (0, 1, 2)
    ]
    return [conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1 for h, k, s, p in sizes]


TEXTBOOK: dict[Key, Truth] = {
    key(TB, r"\tag{6.7}"): _out_size_grid,
    key(TB, r"\tag{6.8}"): _general(_forward, 10),
    key(TB, r"\lfloor 25/2 \rfloor", 7): lambda: [conv_out(28, 3, 2, 0) == 25 // 2 + 1],
    key(TB, r"\lfloor 25/2 \rfloor", 8): lambda: count_claim(
        25 // 2 + 1, 14, conv_out(28, 3, 2, 0)
    ),
    key(TB, r"F(CR^2 + 1) = 16", 11): lambda: count_claim(
        16 * (3 * 25 + 1), 16 * 76, params(torch.nn.Conv2d(3, 16, 5))
    ),
    key(TB, r"F(CR^2 + 1) = 16", 12): lambda: count_claim(
        16 * 76, 1216, params(torch.nn.Conv2d(3, 16, 5))
    ),
    key(TB, r"\tag{6.9}"): _general(
        lambda v, s: all(same(v["db"], v["g"][n].sum(axis=(1, 2))) for n in range(2)), 20
    ),
    key(TB, r"\tag{6.10}"): _general(_dw_sum, 30),
    key(TB, r"\tag{6.11}"): _plain(
        lambda v: all(
            same(v["dw"][f, c], sum(corr(v["x"][n, c], v["g"][n, f]) for n in range(2)) / 2)
            for f in range(4)
            for c in range(3)
        ),
        40,
    ),
    key(TB, r"\tag{6.12}"): _plain(lambda v: _dx_sum(v, -1), 50),
    key(TB, r"\tag{6.13}"): _plain(lambda v: _dx_full(v, lambda f, c: (f, c), "f"), 60),
    key(TB, r"\tag{6.14}"): _plain(lambda v: _dx_sum(v, +1), 70),
    key(TB, r"\mathbf{K}_{c,c}"): _plain(lambda v: _dx_full(v, lambda c2, c: (c2, c2), "c"), 80),
}


# --- se_answer.md: 1-D, x in R^6, w in R^3, y in R^4 (stride 1); stride 2 on length 7

SE = "se_answer"
SE_X, SE_W, SE_D = (
    np.array([1, 2, 0, -1, 3, 1.0]),
    np.array([2, -1, 1.0]),
    np.array([1, 0, -1, 2.0]),
)


def conv1d(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray, s: int = 1) -> dict:
    xt, wt, bt = t64(x[None, None]), t64(w[None, None]), t64([b])
    y = F.conv1d(xt, wt, bt, stride=s)
    (y * t64(g[None, None], False)).sum().backward()
    return {
        "y": y.detach().numpy()[0, 0],
        "dx": xt.grad.numpy()[0, 0],
        "dw": wt.grad.numpy()[0, 0],
        "db": float(bt.grad[0]),
    }


def _se(
    check: Callable[[dict, np.ndarray, np.ndarray, np.ndarray], bool],
    seed: int,
    n: int = 6,
    s: int = 1,
) -> Truth:
    def one(r: np.random.Generator) -> bool:
        x, w, d = r.normal(size=n), r.normal(size=3), r.normal(size=(n - 3) // s + 1)
        return check(conv1d(x, w, float(r.normal()), d, s), x, w, d)

    return lambda: trials(one, seed)


SE_NUM = conv1d(SE_X, SE_W, 0.0, SE_D)
SE_TRUTH: dict[Key, Truth] = {
    key(SE, r"> $$\frac{\partial L}{\partial w_m}"): _se(
        lambda v, x, w, d: same(
            v["dw"], [sum(d[i] * x[i + m] for i in range(4)) for m in range(3)]
        ),
        100,
    ),
    key(SE, r"w_{i-j}$$"): _se(
        lambda v, x, w, d: same(
            v["dx"], [sum(d[i] * zat(w, i - j) for i in range(4)) for j in range(6)]
        ),
        110,
    ),
    key(SE, r"\frac{1}{4} \sum"): _se(lambda v, x, w, d: math.isclose(v["db"], d.sum() / 4), 120),
    key(SE, "got $y = (0, 3, 4, -2)$", 4): once(lambda: same(SE_NUM["y"], [0, 3, 4, -2])),
    key(SE, r"$y_3 = 2 \cdot (-1)", 1): once(
        lambda: math.isclose(SE_NUM["y"][3], 2 * -1 + -1 * 3 + 1 * 1)
    ),
    key(SE, r"$y_3 = 2 \cdot (-1)", 2): lambda: count_claim(
        2 * -1 + -1 * 3 + 1 * 1, -4, SE_NUM["y"][3]
    ),
    key(SE, r"w_{j-i}$$"): _se(
        lambda v, x, w, d: same(
            v["dx"], [sum(d[i] * zat(w, j - i) for i in range(4)) for j in range(6)]
        ),
        130,
    ),
    key(SE, r"x} = \operatorname{pad}_2(\delta) \star"): _se(
        lambda v, x, w, d: same(v["dx"], corr(np.pad(d, 2), w[::-1])), 140
    ),
    key(SE, r"\frac{\partial L}{\partial b} = \sum_{i=0}^{3} \delta_i$$"): _se(
        lambda v, x, w, d: math.isclose(v["db"], d.sum()), 150
    ),
    key(SE, r"\partial w_2} = 1 \cdot 0", 1): once(
        lambda: math.isclose(SE_NUM["dw"][2], 1 * 0 + 0 * -1 + -1 * 3 + 2 * 1)
    ),
    key(SE, r"\partial w_2} = 1 \cdot 0", 2): lambda: count_claim(
        1 * 0 + 0 * -1 + -1 * 3 + 2 * 1, 1, SE_NUM["dw"][2]
    ),
    key(SE, r"\partial x_3} = \delta_3", 1): _se(
        lambda v, x, w, d: math.isclose(v["dx"][3], d[3] * w[0] + d[2] * w[1] + d[1] * w[2]), 160
    ),
    key(SE, r"\partial x_3} = \delta_3", 2): lambda: count_claim(
        2 * 2 + -1 * -1 + 0 * 1, 5, SE_NUM["dx"][3]
    ),
    key(SE, r"\lfloor (7 - 3)/2 \rfloor", 2): lambda: count_claim(
        (7 - 3) // 2 + 1, 3, len(conv1d(np.zeros(7), SE_W, 0, np.zeros(3), 2)["y"])
    ),
    key(SE, "it's tempting to reuse", 4): _se(
        lambda v, x, w, d: same(v["dx"], corr(np.pad(d, 2), w[::-1])), 170, 7, 2
    ),
    key(SE, r"\operatorname{dilate}_2(\delta)"): _se(
        lambda v, x, w, d: same(v["dx"], corr(np.pad(dilate(d, 2), 2), w[::-1])), 180, 7, 2
    ),
    key(SE, r"\partial x_4 = \delta_2"): _se(
        lambda v, x, w, d: math.isclose(v["dx"][4], d[2] * w[0] + d[1] * w[1]), 190, 7, 2
    ),
}


def truth_table() -> dict[Key, Truth]:
    from unseen_fresh10_truth_b import NOTES_B
    from unseen_fresh10_truth_c import NOTES_C

    return {**TEXTBOOK, **SE_TRUTH, **NOTES_B, **NOTES_C}
