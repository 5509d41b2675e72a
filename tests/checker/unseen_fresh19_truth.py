"""Independent truth for the fresh19 unseen set (tests/data/check/unseen/fresh19/): the helpers
every fresh19 truth module shares, and the notes solucion_examen_final_minired and
medium_backprop_conv_indices.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A claim's line is found from an anchor (a piece of the line,
unique in the note). A side that reads an entry outside a tensor (IndexError), multiplies
matrices of mismatched shapes (ValueError) or asks torch for an impossible op (RuntimeError)
disagrees. A link between two written numbers is judged as arithmetic; a size or count named on
the left must equal the true one. The other notes are in unseen_fresh19_truth_b.py
(cheatsheet_conv_operators_s2p1, exercises_ch9_conv_layers) and unseen_fresh19_truth_c.py
(office_hours_pooling_batch_mean, cours_parametres_tailles_reseau, wiki_im2col_backward).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    TRIALS,
    Truth,
    at,
    conv,
    conv_out,
    corr,
    pad,
    params,
    rng,
    same,
    t64,
    zat,
)

SET = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh19"


@cache
def line_of(stem: str, anchor: str) -> int:
    """The 1-based line of the note holding the anchor; the anchor must be unique."""
    lines = (SET / f"{stem}.md").read_text(encoding="utf-8").splitlines()
    found = [k + 1 for k, text in enumerate(lines) if anchor in text]
    if len(found) != 1:
        raise LookupError(f"{stem}: anchor {anchor!r} found on lines {found}")
    return found[0]


def keyed(stem: str, rows: list[tuple[str, int, Truth]]) -> dict[tuple[str, int, int], Truth]:
    return {(stem, line_of(stem, anchor), rank): fn for anchor, rank, fn in rows}


def agree(check: Callable[[], bool]) -> bool:
    """One comparison; a side naming a missing entry or an impossible product disagrees."""
    try:
        return bool(check())
    except (IndexError, ValueError, RuntimeError):
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> Truth:
    return lambda: [agree(lambda t=t: check(rng(seed + t))) for t in range(TRIALS)]


def once(check: Callable[[], bool]) -> Truth:
    return lambda: [agree(check)]


def equal(lhs: float, rhs: float) -> Truth:
    """A size, count or arithmetic link: the two numbers must be equal."""
    return lambda: [math.isclose(lhs, rhs, rel_tol=1e-12, abs_tol=1e-12)]


def single(r: np.random.Generator, h: int, k: int, **kw: int) -> dict:
    """One channel, one filter: x (h, h), w (k, k), scalar b, random upstream g; 2-D results."""
    side = conv_out(h, k, kw.get("stride", 1), kw.get("padding", 0))
    x, w, b, g = (
        r.normal(size=(h, h)),
        r.normal(size=(k, k)),
        r.normal(),
        r.normal(size=(side,) * 2),
    )
    v = conv(x[None, None], w[None, None], np.array([b]), g[None, None], **kw)
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        **{n: a[0, 0] if a.ndim == 4 else a for n, a in v.items()},
    }


def on_single(rel: Callable[[dict], bool], seed: int, h: int, k: int, **kw: int) -> Truth:
    """rel on a random one-channel layer (see single), one bool per trial."""
    return trials(lambda r: rel(single(r, h, k, **kw)), seed)


# --- solucion_examen_final_minired.md: the note's numbers, 1-based; conv 2x2 (b = -1) -> ReLU ->
# max pool 2x2 stride 1 -> y = p11/2 + p12/2 + p21 - p22 -> L = (y - 5)^2 / 2

EXAM = "solucion_examen_final_minired"
_X = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 2], [1, 3, 0, 1]], dtype=np.float64)
_W = np.array([[1, 0], [-1, 2]], dtype=np.float64)
_U = np.array([[0.5, 0.5], [1, -1]], dtype=np.float64)


@cache
def _net() -> dict[str, np.ndarray]:
    w, b = t64(_W[None, None], True), t64([-1.0], True)
    x = t64(_X[None, None], True)
    z = F.conv2d(x, w, b)
    a = torch.relu(z)
    p = F.max_pool2d(a, 2, 1)
    for t in (z, a, p):
        t.retain_grad()
    y = (p[0, 0] * t64(_U)).sum()
    (0.5 * (y - 5) ** 2).backward()
    grads = {"dz": z.grad, "da": a.grad, "dp": p.grad, "dw": w.grad, "dx": x.grad, "db": b.grad}
    out = {k: v.detach().numpy().reshape(v.shape[-2:]) for k, v in grads.items() if v.ndim == 4}
    out.update(z=z.detach().numpy()[0, 0], p=p.detach().numpy()[0, 0], y=float(y.detach()))
    out["db"] = float(b.grad[0])
    return out


def _exam_forward(r: np.random.Generator) -> bool:
    v = single(r, 4, 2)
    X = lambda i, j: at(v["x"], i - 1, j - 1)  # noqa: E731  (1-based, as the note writes)
    w = lambda a, c: at(v["w"], a - 1, c - 1)  # noqa: E731
    rhs = [
        [sum(w(a, c) * X(i + a - 1, j + c - 1) for a in (1, 2) for c in (1, 2)) + v["b"]
         for j in (1, 2, 3)]
        for i in (1, 2, 3)
    ]  # fmt: skip
    return same(v["z"], rhs)


def _exam_dw(r: np.random.Generator) -> bool:
    v = single(r, 4, 2)
    X = lambda i, j: at(v["x"], i - 1, j - 1)  # noqa: E731
    d = lambda i, j: at(v["g"], i - 1, j - 1)  # noqa: E731
    rhs = [
        [sum(d(i, j) * X(i + a - 1, j + c - 1) for i in (1, 2, 3) for j in (1, 2, 3))
         for c in (1, 2)]
        for a in (1, 2)
    ]  # fmt: skip
    return same(v["dw"], rhs)


def _exam_x34(r: np.random.Generator) -> bool:
    v = single(r, 4, 2)
    d, w = v["g"], v["w"]  # 1-based delta_23 w_22 + delta_33 w_12
    return math.isclose(v["dx"][2, 3], d[1, 2] * w[1, 1] + d[2, 2] * w[0, 1], abs_tol=1e-12)


_Z22 = 1 * 1 + 3 * 0 + 0 * (-1) + 1 * 2 - 1
_Y = 0.5 * 6 + 0.5 * 6 + 6 - 5
_W22 = 2 * 3 + (-2) * 2 + 2 * 3
_W21 = 2 * 1 + (-2) * 1 + 2 * 1

EXAM_ROWS = keyed(
    EXAM,
    [
        ("y cada entrada es $z_{ij}", 1, trials(_exam_forward, 100)),
        ("$$z_{22} = ", 1, once(lambda: math.isclose(_net()["z"][1, 1], _Z22))),
        ("$$z_{22} = ", 2, equal(_Z22, 3)),
        (
            "$$Z = \\begin{pmatrix}",
            1,
            once(lambda: same(_net()["z"], [[2, 6, -2], [-3, 3, 5], [6, -4, 2]])),
        ),
        ("$$y = \\tfrac12 \\cdot 6", 1, once(lambda: math.isclose(_net()["y"], _Y))),
        ("$$y = \\tfrac12 \\cdot 6", 2, equal(_Y, 7)),
        ("\\partial P} = \\begin{pmatrix}", 1, once(lambda: same(_net()["dp"], [[2, 2], [2, -2]]))),
        ("\\partial a_{12}} = 1$$", 1, once(lambda: math.isclose(_net()["da"][0, 1], 1))),
        (
            "\\partial A} = \\begin{pmatrix}",
            1,
            once(lambda: same(_net()["da"], [[0, 2, 0], [0, 0, -2], [2, 0, 0]])),
        ),
        ("\\partial w_{ac}} = \\sum", 1, trials(_exam_dw, 110)),
        ("\\partial w_{22}} = 2 \\cdot 3", 1, once(lambda: math.isclose(_net()["dw"][1, 1], _W22))),
        ("\\partial w_{22}} = 2 \\cdot 3", 2, equal(_W22, 8)),
        ("\\partial w_{21}} = 2 \\cdot 1", 1, once(lambda: math.isclose(_net()["dw"][1, 0], _W21))),
        ("\\partial w_{21}} = 2 \\cdot 1", 2, equal(_W21, 6)),
        (
            "\\partial W} = \\begin{pmatrix} 2 & -2",
            1,
            once(lambda: same(_net()["dw"], [[2, -2], [2, 8]])),
        ),
        (
            "\\partial W} = \\begin{pmatrix} 2 & -2",
            2,
            once(lambda: math.isclose(_net()["db"], _net()["dz"].sum())),
        ),
        (
            "\\partial W} = \\begin{pmatrix} 2 & -2",
            3,
            once(lambda: math.isclose(_net()["dz"].sum(), 2)),
        ),
        (
            "\\operatorname{pad}_1(\\delta) \\star W$$",
            1,
            on_single(lambda v: same(v["dx"], corr(pad(v["g"], 1), v["w"])), 120, 4, 2),
        ),
        ("\\partial x_{34}} = ", 1, trials(_exam_x34, 130)),
        (
            "$$W' = W - \\eta",
            2,
            once(lambda: same(_W - 0.1 * _net()["dw"], [[0.8, 0.2], [-1.2, 1.2]])),
        ),
        ("$$b' = -1 + 0.1", 1, once(lambda: math.isclose(-1 - 0.1 * _net()["db"], -1 + 0.1 * 2))),
        ("$$b' = -1 + 0.1", 2, equal(-1 + 0.1 * 2, -0.8)),
    ],
)


# --- medium_backprop_conv_indices.md: 0-based x[i][j] 5x5, w 3x3, y 3x3; C = 3, F = 8; B = 8

BLOG = "medium_backprop_conv_indices"
R3 = range(3)


def _blog_forward(r: np.random.Generator) -> bool:
    v = single(r, 5, 3)
    x, w = v["x"], v["w"]
    rhs = [[sum(at(w, m, n) * at(x, i + m, j + n) for m in R3 for n in R3) + v["b"] for j in R3]
           for i in R3]  # fmt: skip
    return same(v["z"], rhs)


def _blog_dw(r: np.random.Generator) -> bool:
    v = single(r, 5, 3)
    x, g = v["x"], v["g"]
    rhs = [[sum(at(g, i, j) * at(x, i + m, j + n) for i in R3 for j in R3) for n in R3]
           for m in R3]  # fmt: skip
    return same(v["dw"], rhs)


def _blog_db(r: np.random.Generator) -> bool:
    v = single(r, 5, 3)
    return math.isclose(v["db"][0], sum(at(v["g"], i, j) for i in range(4) for j in range(4)))


def _blog_dx(r: np.random.Generator) -> bool:
    v = single(r, 5, 3)
    g, w = v["g"], v["w"]  # dy is zero outside its 3x3 range, as the note says
    rhs = [[sum(zat(g, p - m, q - n) * at(w, m, n) for m in R3 for n in R3) for q in range(5)]
           for p in range(5)]  # fmt: skip
    return same(v["dx"], rhs)


def _blog_ones(entry: tuple[int, int], terms: list[tuple[int, int]]) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, w = r.normal(size=(1, 1, 5, 5)), r.normal(size=(1, 1, 3, 3))
        dx = conv(x, w, None, np.ones((1, 1, 3, 3)))["dx"][0, 0]
        return math.isclose(dx[entry], sum(w[0, 0][t] for t in terms), abs_tol=1e-12)

    return trials(check, 140 + entry[0] * 5 + entry[1])


def _multi(r: np.random.Generator, batch: int = 1) -> dict:
    x, w, b = r.normal(size=(batch, 3, 5, 5)), r.normal(size=(8, 3, 3, 3)), r.normal(size=8)
    g = r.normal(size=(batch, 8, 3, 3))
    return {"x": x, "w": w, "b": b, "g": g, **conv(x, w, b, g)}


def _blog_multi_forward(r: np.random.Generator) -> bool:
    v = _multi(r)
    x, w = v["x"][0], v["w"]
    rhs = np.zeros((8, 3, 3))
    for f, i, j in np.ndindex(8, 3, 3):
        rhs[f, i, j] = v["b"][f] + sum(
            at(w, f, c, m, n) * at(x, c, i + m, j + n) for c in R3 for m in R3 for n in R3
        )
    return same(v["z"][0], rhs)


def _blog_multi_dx(r: np.random.Generator) -> bool:
    v = _multi(r)
    g, w = v["g"][0], v["w"]
    rhs = np.zeros((3, 5, 5))
    for c, p, q in np.ndindex(3, 5, 5):
        rhs[c, p, q] = sum(
            zat(g, f, p - m, q - n) * at(w, f, c, m, n) for f in range(8) for m in R3 for n in R3
        )
    return same(v["dx"][0], rhs)


def _blog_multi_dw(r: np.random.Generator) -> bool:
    v = _multi(r)
    g, x = v["g"][0], v["x"][0]
    rhs = np.zeros((8, 3, 3, 3))
    for f, c, m, n in np.ndindex(8, 3, 3, 3):  # the note's sum runs over c again
        rhs[f, c, m, n] = sum(
            at(g, f, i, j) * at(x, cc, i + m, j + n) for cc in R3 for i in R3 for j in R3
        )
    return same(v["dw"], rhs)


def _blog_batch_db(r: np.random.Generator) -> bool:
    """E = (1/B) sum_k E_k with E_k = sum(g_k * y_k), so dE_k/dy[k] = g_k."""
    x, w, b = r.normal(size=(8, 3, 5, 5)), r.normal(size=(8, 3, 3, 3)), t64(r.normal(size=8), True)
    g = r.normal(size=(8, 8, 3, 3))
    y = F.conv2d(t64(x), t64(w), b)
    ((y * t64(g)).sum(dim=(1, 2, 3)).mean()).backward()
    return same(b.grad.numpy(), g.sum(axis=(0, 2, 3)))


BLOG_ROWS = keyed(
    BLOG,
    [
        ("$$y[i][j] = \\sum", 1, trials(_blog_forward, 200)),
        ("\\partial w[m][n]} = \\sum", 1, trials(_blog_dw, 210)),
        ("\\partial b} = \\sum_{i=0}^{3}", 1, trials(_blog_db, 220)),
        ("\\partial y[p-m][q-n]} \\, w[m][n]$$", 1, trials(_blog_dx, 230)),
        (
            "dy\\_pad[p+m][q+n] \\, w[m][n]$$",
            1,
            on_single(lambda v: same(v["dx"], corr(pad(v["g"], 2), v["w"])), 240, 5, 3),
        ),
        ("\\partial x[0][0]} = w[0][0]$$", 1, _blog_ones((0, 0), [(0, 0)])),
        ("\\partial x[0][1]} = ", 1, _blog_ones((0, 1), [(0, 0), (0, 1)])),
        ("\\partial x[1][0]} = ", 1, _blog_ones((1, 0), [(0, 0), (0, 1)])),
        ("$$y[f][i][j] = \\sum", 1, trials(_blog_multi_forward, 250)),
        ("\\partial x[c][p][q]} = \\sum", 1, trials(_blog_multi_dx, 260)),
        ("\\partial w[f][c][m][n]} = \\sum_{c=0}", 1, trials(_blog_multi_dw, 270)),
        ("\\partial b[f]} = \\sum_{k=0}", 1, trials(_blog_batch_db, 280)),
        ("$$\\#\\text{params} = ", 1, equal(params(torch.nn.Conv2d(3, 8, 3)), 8 * 3 * 3 * 3)),
        ("$$\\#\\text{params} = ", 2, equal(8 * 3 * 3 * 3, 216)),
    ],
)


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh19_truth_b import NOTES_B
    from unseen_fresh19_truth_c import NOTES_C

    return {**EXAM_ROWS, **BLOG_ROWS, **NOTES_B, **NOTES_C}
