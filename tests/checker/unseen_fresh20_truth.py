"""Independent truth for the fresh20 unseen set (tests/data/check/unseen/fresh20/): shared helpers
and the notes skript_abschnitt_eingangsgradient, textbook_3_4_multichannel_batch and
issue_412_conv_backward_mismatch.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A side that reads an entry outside a tensor (IndexError) or
multiplies matrices of mismatched shapes (ValueError) disagrees; where a note declares zeros
outside a range, those entries are read as zero. A link between two written numbers is judged as
arithmetic; a size or count named on the left must equal the true one. The other four notes
live in unseen_fresh20_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
from unseen_truth_base import (
    F64,
    Truth,
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
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]


# --- skript_abschnitt_eingangsgradient.md: X 5x5, K 3x3, scalar b, 1-based; stride 1 or 2

SKRIPT = "skript_abschnitt_eingangsgradient"


def _skript(r: np.random.Generator, stride: int = 1) -> dict:
    x, k, b = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal()
    side = (5 - 3) // stride + 1
    g = r.normal(size=(side, side))
    t = conv(x[None, None], k[None, None], np.array([b]), g[None, None], stride=stride)
    return {"x": x, "k": k, "b": b, "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0]}


def _sk(rel: Callable[[dict], bool], seed: int, stride: int = 1) -> Truth:
    return trials(lambda r: rel(_skript(r, stride)), seed)


def _sk_forward(v: dict) -> bool:
    x, k = v["x"], v["k"]  # 1-based: x_{i+m-1, j+n-1} is x[i+m-2, j+n-2]
    rhs = [[sum(k[m - 1, n - 1] * at(x, i + m - 2, j + n - 2)
                for m in range(1, 4) for n in range(1, 4)) + v["b"]
            for j in range(1, 4)] for i in range(1, 4)]  # fmt: skip
    return same(v["y"], rhs)


def _sk_dx_entry(p: int, q: int, rows: range, cols: range, kernel: Callable) -> Callable:
    """dL/dx_{p,q} against sum over (i,j) of delta_{i,j} k_{kernel(i,j)} (1-based, k zero outside,
    as the Satz's convention says)."""

    def rel(v: dict) -> bool:
        g, k = v["g"], v["k"]
        rhs = sum(at(g, i - 1, j - 1) * zat(k, *(a - 1 for a in kernel(i, j)))
                  for i in rows for j in cols)  # fmt: skip
        return math.isclose(v["dx"][p - 1, q - 1], rhs, abs_tol=1e-12)

    return rel


def _sk_dx_all(v: dict) -> bool:
    return all(
        _sk_dx_entry(p, q, range(1, 4), range(1, 4), lambda i, j, p=p, q=q: (p - i + 1, q - j + 1))(
            v
        )
        for p in range(1, 6)
        for q in range(1, 6)
    )


def _sk_corner(p: int, q: int, i: int, j: int, m: int, n: int) -> Callable[[dict], bool]:
    return lambda v: math.isclose(
        v["dx"][p - 1, q - 1], v["g"][i - 1, j - 1] * v["k"][m - 1, n - 1], abs_tol=1e-12
    )


def _sk_center_s2(v: dict) -> bool:
    g, k = v["g"], v["k"]
    return math.isclose(v["dx"][2, 2], g[0, 0] * k[2, 2] + g[1, 1] * k[0, 0], abs_tol=1e-12)


SKRIPT_CLAIMS: Claims = {
    (SKRIPT, 5, 1): _sk(_sk_forward, 100),
    (SKRIPT, 7, 1): equal(conv_out(5, 3), 3),
    (SKRIPT, 11, 1): _sk(_sk_dx_all, 110),
    (SKRIPT, 13, 1): _sk(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 120),
    (SKRIPT, 19, 1): _sk(_sk_corner(1, 1, 1, 1, 1, 1), 130),
    (SKRIPT, 19, 2): _sk(_sk_corner(5, 5, 3, 3, 3, 3), 130),
    (SKRIPT, 19, 3): _sk(_sk_corner(1, 5, 1, 3, 1, 1), 130),
    (SKRIPT, 23, 1): _sk(
        _sk_dx_entry(2, 3, range(1, 3), range(1, 4), lambda i, j: (4 - i, 4 - j)), 140
    ),
    (SKRIPT, 25, 1): _sk(lambda v: same(v["dx"], corr(pad(v["g"], 2), v["k"])), 150),
    (SKRIPT, 29, 1): _sk(
        lambda v: math.isclose(v["dx"].sum(), v["g"].sum() * v["k"].sum(), abs_tol=1e-12), 160
    ),
    (SKRIPT, 31, 1): equal(conv_out(5, 3, 2), (5 - 3) // 2 + 1),
    (SKRIPT, 31, 2): equal((5 - 3) // 2 + 1, 2),
    (SKRIPT, 31, 3): _sk(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["k"]))), 170, stride=2
    ),
    (SKRIPT, 31, 4): _sk(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 180, 2),
    (SKRIPT, 33, 1): _sk(_sk_center_s2, 190, stride=2),
}


# --- textbook_3_4_multichannel_batch.md: N 2, C 3, F 4, 6x6, K 3, 0-based; padding 0 or 1

BOOK = "textbook_3_4_multichannel_batch"


def _book(r: np.random.Generator, padding: int = 0) -> dict:
    x, w, b = r.normal(size=(2, 3, 6, 6)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    side = 6 + 2 * padding - 3 + 1
    g = r.normal(size=(2, 4, side, side))
    return {"x": x, "w": w, "b": b, "g": g, **conv(x, w, b, g, padding=padding)}


def _bk(rel: Callable[[dict], bool], seed: int, padding: int = 0) -> Truth:
    return trials(lambda r: rel(_book(r, padding)), seed)


def _bk_forward(v: dict) -> bool:
    x, w, b = v["x"], v["w"], v["b"]
    rhs = [[[[np.sum(w[f] * x[n, :, i : i + 3, j : j + 3]) + b[f] for j in range(4)]
             for i in range(4)] for f in range(4)] for n in range(2)]  # fmt: skip
    return same(v["z"], rhs)


def _bk_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [[[[sum(g[n, f, i, j] * at(x, n, c, i + u, j + v_) for n in range(2)
                  for i in range(4) for j in range(4)) for v_ in range(3)] for u in range(3)]
            for c in range(3)] for f in range(4)]  # fmt: skip
    return same(v["dw"], rhs)


def _bk_dw_rot(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [[sum(corr(x[n, c], rot180(g[n, f])) for n in range(2)) for c in range(3)]
           for f in range(4)]  # fmt: skip
    return same(v["dw"], rhs)


def _bk_dx_plus(v: dict) -> bool:
    g, w = v["g"], v["w"]  # the note's delta_{n,f,p+u,q+v}, zero out of range
    rhs = [[[[sum(zat(g, n, f, p + u, q + v_) * w[f, c, u, v_] for f in range(4)
                  for u in range(3) for v_ in range(3)) for q in range(6)] for p in range(6)]
            for c in range(3)] for n in range(2)]  # fmt: skip
    return same(v["dx"], rhs)


def _bk_dx_op(p: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        rhs = [[sum(corr(pad(g[n, f], p), rot180(w[f, c])) for f in range(4)) for c in range(3)]
               for n in range(2)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _bk_total(v: dict) -> bool:
    return all(
        math.isclose(v["dx"][n].sum(), v["g"][n].sum() * v["w"].sum(), abs_tol=1e-9)
        for n in range(2)
    )


def _bk_mean_loss_dw(r: np.random.Generator) -> bool:
    """L = (1/N) sum_n l_n with l_n = sum(z_n * g_n): dl_n/dz_n = g_n; the note drops 1/N."""
    x, w, b, g = (r.normal(size=s) for s in ((2, 3, 6, 6), (4, 3, 3, 3), (4,), (2, 4, 4, 4)))
    xt, wt = t64(x), t64(w, True)
    ((F.conv2d(xt, wt, t64(b)) * t64(g)).sum(dim=(1, 2, 3)).mean()).backward()
    rhs = [[[[sum(g[n, f, i, j] * x[n, c, i + u, j + v] for n in range(2) for i in range(4)
                  for j in range(4)) for v in range(3)] for u in range(3)] for c in range(3)]
           for f in range(4)]  # fmt: skip
    return same(wt.grad.numpy(), rhs)


def _multiplications() -> int:
    """torch's own flop count of the forward conv (2 flops per multiply-add)."""
    x, w = torch.zeros(2, 3, 6, 6, dtype=F64), torch.zeros(4, 3, 3, 3, dtype=F64)
    with FlopCounterMode(display=False) as counter:
        F.conv2d(x, w)
    return counter.get_total_flops() // 2


_BOOK_PARAMS = params(torch.nn.Conv2d(3, 4, 3))
BOOK_CLAIMS: Claims = {
    (BOOK, 7, 1): _bk(_bk_forward, 200),
    (BOOK, 11, 1): equal(conv_out(6, 3), 4),
    (BOOK, 19, 1): _bk(_bk_dw, 210),
    (BOOK, 23, 1): _bk(_bk_dw_rot, 220),
    (BOOK, 29, 1): _bk(_bk_dx_plus, 230),
    (BOOK, 33, 1): _bk(_bk_dx_op(2), 240),
    (BOOK, 37, 1): _bk(_bk_total, 250),
    (BOOK, 43, 1): equal(_BOOK_PARAMS, 4 * (3 * 9 + 1)),
    (BOOK, 43, 2): equal(4 * (3 * 9 + 1), 112),
    (BOOK, 45, 1): equal(_BOOK_PARAMS, 4 * 3 * 9),
    (BOOK, 45, 2): equal(4 * 3 * 9, 108),
    (BOOK, 47, 1): lambda: [_multiplications() == 2 * 4 * 4 * 4 * 3 * 3**2],
    (BOOK, 47, 2): equal(2 * 4 * 4 * 4 * 3 * 3**2, 2 * 4 * 16 * 27),
    (BOOK, 47, 3): equal(2 * 4 * 16 * 27, 3546),
    (BOOK, 53, 1): trials(_bk_mean_loss_dw, 260),
    (BOOK, 59, 1): equal(conv_out(6, 3, 1, 1), 6 + 2 - 3 + 1),
    (BOOK, 59, 2): equal(6 + 2 - 3 + 1, 6),
    (BOOK, 63, 1): _bk(_bk_dx_op(2), 270, padding=1),
}


# --- issue_412_conv_backward_mismatch.md: X (2,3,5,5), W (4,3,3,3), stride 2, padding 1, 0-based;
# minimal case: X = arange(1..16) 4x4, W = [[1,2],[3,4]], dY = ones 2x2, stride 2, no padding

ISSUE = "issue_412_conv_backward_mismatch"


def _issue(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 3, 5, 5)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = r.normal(size=(2, 4, 3, 3))
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    on_padded = conv(xp, w, b, g, stride=2)  # the gradient w.r.t. the padded buffer itself
    return {"x": x, "w": w, "g": g, "xp": xp, "dxp": on_padded["dx"],
            **conv(x, w, b, g, stride=2, padding=1)}  # fmt: skip


def _is(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_issue(r)), seed)


def _is_dw(s: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, xp = v["g"], v["xp"]
        rhs = [[[[sum(g[n, f, i, j] * at(xp, n, c, s * i + u, s * j + w_) for n in range(2)
                      for i in range(3) for j in range(3)) for w_ in range(3)] for u in range(3)]
                for c in range(3)] for f in range(4)]  # fmt: skip
        return same(v["dw"], rhs)

    return rel


def _is_dx_scatter(side: int, key: str) -> Callable[[dict], bool]:
    """dX(p)_{n,c,p,q} = sum_{f,i,j} dY_{n,f,i,j} W_{f,c,p-2i,q-2j}, W zero outside 0..2."""

    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        rhs = [[[[sum(g[n, f, i, j] * zat(w, f, c, p - 2 * i, q - 2 * j) for f in range(4)
                      for i in range(3) for j in range(3)) for q in range(side)]
                 for p in range(side)] for c in range(3)] for n in range(2)]  # fmt: skip
        return same(v[key], rhs)

    return rel


_MX = np.arange(1, 17, dtype=np.float64).reshape(4, 4)
_MW = np.array([[1.0, 2.0], [3.0, 4.0]])


def _minimal() -> dict:
    return conv(_MX[None, None], _MW[None, None], np.zeros(1), np.ones((1, 1, 2, 2)), stride=2)


_ISSUE_PARAMS = params(torch.nn.Conv2d(3, 4, 3, stride=2, padding=1))
ISSUE_CLAIMS: Claims = {
    (ISSUE, 7, 1): equal(conv_out(5, 3, 2, 1), (5 + 2 * 1 - 3) // 2 + 1),
    (ISSUE, 7, 2): equal((5 + 2 * 1 - 3) // 2 + 1, 3),
    (ISSUE, 11, 1): _is(_is_dw(1), 300),
    (ISSUE, 13, 1): _is(lambda v: same(v["db"], v["g"][0].sum(axis=(1, 2))), 310),
    (ISSUE, 25, 1): _is(_is_dw(2), 320),
    (ISSUE, 27, 1): _is(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 330),
    (ISSUE, 31, 1): _is(_is_dx_scatter(7, "dxp"), 340),
    (ISSUE, 33, 1): _is(lambda v: same(v["dx"], v["dxp"][:, :, 1:6, 1:6]), 350),
    (ISSUE, 41, 1): single(
        lambda: same(_minimal()["dx"][0, 0], corr(pad(np.ones((2, 2)), 1), rot180(_MW)))
    ),
    (ISSUE, 43, 1): single(lambda: same(_minimal()["dw"][0, 0], [[14, 18], [30, 34]])),
    (ISSUE, 51, 1): single(
        lambda: same(_minimal()["dx"][0, 0], corr(pad(dilate(np.ones((2, 2)), 2), 1), rot180(_MW)))
    ),
    (ISSUE, 55, 1): single(lambda: same(_minimal()["dx"][0, 0], np.tile(_MW, (2, 2)))),
    (ISSUE, 57, 1): single(lambda: same(_minimal()["dw"][0, 0], [[24, 28], [40, 44]])),
    (ISSUE, 57, 2): single(lambda: same(_minimal()["db"][0], 4)),
    (ISSUE, 63, 1): equal(_ISSUE_PARAMS, 4 * 27 + 4),
    (ISSUE, 63, 2): equal(4 * 27 + 4, 110),
    (ISSUE, 69, 1): _is(_is_dx_scatter(5, "dx"), 360),
}


def truth_table() -> Claims:
    from unseen_fresh20_truth_b import NOTES_B

    return {**SKRIPT_CLAIMS, **BOOK_CLAIMS, **ISSUE_CLAIMS, **NOTES_B}
