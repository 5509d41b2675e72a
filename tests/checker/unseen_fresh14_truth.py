"""Independent truth for the fresh14 unseen set (tests/data/check/unseen/fresh14/), notes
blog_numpy_conv1d and cs231n_conv_naive_writeup, the helpers of the set and its truth_table.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes on random inputs, or at the note's own
numbers, and returns one bool per trial (or per size): the sides agree there or not. Nothing of
symconv is imported. A side that reads an entry outside a tensor (IndexError) or combines
arrays of mismatched shapes (ValueError) disagrees. A claim's line is found from an anchor, a
piece of the line unique in the note (or its n-th occurrence), so the truth follows the note.
The other notes are in unseen_fresh14_truth_b.py (quiz7_mcq_key, se_softmax_dense_columns),
_c.py (polycopie_conv_pas2, cheatsheet_tinynet_shapes) and _d.py (anki_cnn_backprop_cards).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    Truth,
    agree,
    at,
    corr,
    dilate1,
    pad,
    params,
    rot180,
    same,
    t64,
    trials,
    zat,
)
from unseen_truth_base import conv as conv2

NOTES = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh14"
Key = tuple[str, int, int]


@functools.cache
def _lines(stem: str) -> tuple[str, ...]:
    return tuple((NOTES / f"{stem}.md").read_text(encoding="utf-8").splitlines())


def line_of(stem: str, anchor: str, occurrence: int = 1) -> int:
    """1-based line of the occurrence-th line of the note that contains the anchor."""
    hits = [i + 1 for i, text in enumerate(_lines(stem)) if anchor in text]
    return hits[occurrence - 1]


def key(stem: str, anchor: str, rank: int = 1, occurrence: int = 1) -> Key:
    return (stem, line_of(stem, anchor, occurrence), rank)


def once(check: Callable[[], bool]) -> Truth:
    return lambda: [agree(check)]


def count(value: float, true_value: float) -> Truth:
    """A size, count or number written as value: it must be the true one."""
    return lambda: [bool(np.isclose(value, true_value))]


def corr1(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 1-D cross-correlation; a kernel longer than the signal is no valid product."""
    if len(k) > len(a):
        raise ValueError("kernel longer than the signal")
    return np.array([np.dot(a[i : i + len(k)], k) for i in range(len(a) - len(k) + 1)])


def conv_out(h: int, k: int, s: int, p: int) -> int:
    return int(
        F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1]
    )


# --- blog_numpy_conv1d.md: x in R^7, w in R^3, 0-based, stride 1 (then 2)

BLOG = "blog_numpy_conv1d"
BLOG_X, BLOG_W = np.array([1.0, 2, 0, -1, 3, 1, 2]), np.array([1.0, 0, -1])


def _c1(x: np.ndarray, w: np.ndarray, g: np.ndarray | None, stride: int = 1) -> dict:
    """conv1d of one sequence; g is the upstream gradient (None: L = 1/2 |y|^2)."""
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(xt, wt, stride=stride)
    loss = 0.5 * (y**2).sum() if g is None else (y * t64(g[None, None])).sum()
    loss.backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0]}


def _blog(
    check: Callable[[np.ndarray, np.ndarray, np.ndarray, dict], bool], seed: int, stride: int = 1
) -> Truth:
    def run(r: np.random.Generator) -> bool:
        x, w = r.normal(size=7), r.normal(size=3)
        g = r.normal(size=5 if stride == 1 else 3)
        return check(x, w, g, _c1(x, w, g, stride))

    return trials(run, seed)


def _blog_batch(r: np.random.Generator) -> dict:
    """Batch of 4 sequences, shared w and bias b, mean of linear losses l_n = <c_n, y_n>."""
    x, w, b, c = (
        r.normal(size=(4, 1, 7)),
        r.normal(size=(1, 1, 3)),
        r.normal(size=1),
        r.normal(size=(4, 1, 5)),
    )
    wt, bt = t64(w, True), t64(b, True)
    y = F.conv1d(t64(x), wt, bt)
    ((y * t64(c)).sum(dim=(1, 2)).mean()).backward()
    return {"x": x[:, 0], "g": c[:, 0], "dw": wt.grad.numpy()[0, 0], "db": float(bt.grad[0])}


_note = _c1(BLOG_X, BLOG_W, None)
BLOG_TRUTH: dict[Key, Truth] = {
    key(BLOG, "L_{out} = 7 - 3 + 1 = 5", 1): count(7 - 3 + 1, len(_note["y"])),
    key(BLOG, "L_{out} = 7 - 3 + 1 = 5", 2): count(7 - 3 + 1, 5),
    key(BLOG, "\\partial w_k} = \\sum_{i=0}^{4}"): _blog(
        lambda x, w, g, t: same(
            t["dw"], [sum(g[i] * at(x, i + k) for i in range(5)) for k in range(3)]
        ),
        10,
    ),
    key(BLOG, "g_{j-k} \\, w_k$$"): _blog(
        lambda x, w, g, t: same(
            t["dx"], [sum(zat(g, j - k) * w[k] for k in range(3)) for j in range(7)]
        ),
        20,
    ),
    key(BLOG, "\\operatorname{pad}_2(g) \\star \\operatorname{flip}(w)$$"): _blog(
        lambda x, w, g, t: same(t["dx"], corr1(np.pad(g, 2), w[::-1])), 30
    ),
    key(BLOG, "\\operatorname{pad}_2(g) \\star w$$"): _blog(
        lambda x, w, g, t: same(t["dx"], corr1(np.pad(g, 2), w)), 40
    ),
    key(BLOG, "y_2 = 0 \\cdot 1", 1): once(
        lambda: np.isclose(_note["y"][2], 0 * 1 + (-1) * 0 + 3 * (-1))
    ),
    key(BLOG, "y_2 = 0 \\cdot 1", 2): count(0 * 1 + (-1) * 0 + 3 * (-1), -3),
    key(BLOG, "0 - 3 - 9 - 2 + 2 = -10", 1): once(
        lambda: np.isclose(_note["dw"][2], 0 - 3 - 9 - 2 + 2)
    ),
    key(BLOG, "0 - 3 - 9 - 2 + 2 = -10", 2): count(0 - 3 - 9 - 2 + 2, -10),
    key(BLOG, "g_4 \\, w_0 = 1", 1): _blog(
        lambda x, w, g, t: np.isclose(t["dx"][6], g[4] * w[0]), 50
    ),
    key(BLOG, "g_4 \\, w_0 = 1", 2): count(_note["y"][4] * BLOG_W[0], 1),
    key(BLOG, "\\operatorname{pad}_2(\\operatorname{dilate}_2(g)) \\star"): _blog(
        lambda x, w, g, t: same(t["dx"], corr1(np.pad(dilate1(g, 2), 2), w[::-1])), 60, stride=2
    ),
    key(BLOG, "\\operatorname{pad}_2(g) \\star \\operatorname{flip}(w)$$", occurrence=2): _blog(
        lambda x, w, g, t: same(t["dx"], corr1(np.pad(g, 2), w[::-1])), 70, stride=2
    ),
    key(BLOG, "\\partial w_k} = \\sum_{i=0}^{2}"): _blog(
        lambda x, w, g, t: same(
            t["dw"], [sum(g[i] * at(x, i + k) for i in range(3)) for k in range(3)]
        ),
        80,
        stride=2,
    ),
    key(BLOG, "x^{(n)} \\star g^{(n)}$$"): trials(
        lambda r: (lambda v: same(v["dw"], sum(corr1(v["x"][n], v["g"][n]) for n in range(4)) / 4))(
            _blog_batch(r)
        ),
        90,
    ),
    key(BLOG, "\\sum_{i=0}^{4} g^{(n)}_i$$"): trials(
        lambda r: (lambda v: np.isclose(v["db"], v["g"].sum()))(_blog_batch(r)), 100
    ),
}


# --- cs231n_conv_naive_writeup.md: N=2, C=3, 5x5, F=4, 3x3, stride 2, pad 1, 0-based

CS = "cs231n_conv_naive_writeup"


def _cs(r: np.random.Generator) -> dict:
    x, w, b, g = (
        r.normal(size=(2, 3, 5, 5)),
        r.normal(size=(4, 3, 3, 3)),
        r.normal(size=4),
        r.normal(size=(2, 4, 3, 3)),
    )
    t = conv2(x, w, b, g, stride=2, padding=1)
    return {**t, "x": x, "w": w, "b": b, "g": g, "xp": np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))}


def _cs_check(check: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: check(_cs(r)), seed)


def _cs_forward(v: dict) -> bool:
    z = np.zeros((2, 4, 3, 3))
    for n, f, i, j in np.ndindex(2, 4, 3, 3):
        z[n, f, i, j] = v["b"][f] + sum(
            v["w"][f, c, p, q] * at(v["xp"], n, c, 2 * i + p, 2 * j + q)
            for c in range(3)
            for p in range(3)
            for q in range(3)
        )
    return same(v["z"], z)


def _cs_dw(v: dict, batch: range | None) -> np.ndarray:
    """dw with the sum over n (batch=None) or for the single image n in batch."""
    out = np.zeros((4, 3, 3, 3))
    ns = range(2) if batch is None else batch
    for f, c, p, q in np.ndindex(4, 3, 3, 3):
        out[f, c, p, q] = sum(
            v["g"][n, f, i, j] * at(v["xp"], n, c, 2 * i + p, 2 * j + q)
            for n in ns
            for i in range(3)
            for j in range(3)
        )
    return out


def _cs_dx(rhs: Callable[[dict, int, int], np.ndarray]) -> Callable[[dict], bool]:
    return lambda v: all(same(v["dx"][n, c], rhs(v, n, c)) for n in range(2) for c in range(3))


def _dil(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


CS_TRUTH: dict[Key, Truth] = {
    key(CS, "H' = 1 + (5 + 2 \\cdot 1 - 3)/2 = 3", 1): count(
        1 + (5 + 2 * 1 - 3) / 2, conv_out(5, 3, 2, 1)
    ),
    key(CS, "H' = 1 + (5 + 2 \\cdot 1 - 3)/2 = 3", 2): count(1 + (5 + 2 * 1 - 3) / 2, 3),
    key(CS, "out_{n,f,i,j} = b_f"): _cs_check(_cs_forward, 300),
    key(CS, "H' = 1 + (5 - 3)/2 = 2", 1): count(1 + (5 - 3) / 2, conv_out(5, 3, 2, 1)),
    key(CS, "H' = 1 + (5 - 3)/2 = 2", 2): count(1 + (5 - 3) / 2, 2),
    key(CS, "+ 4 = 112"): lambda: [4 * 3 * 3 * 3 + 4 == 112 == params(torch.nn.Conv2d(3, 4, 3))],
    key(CS, "db_f = "): _cs_check(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 310),
    key(CS, "dw_{f,c,p,q} = \\sum_{n=0}^{1}"): _cs_check(
        lambda v: same(v["dw"], _cs_dw(v, None)), 320
    ),
    key(CS, "dw_{f,c,p,q} = \\sum_{i=0}^{2}"): _cs_check(
        lambda v: all(same(v["dw"], _cs_dw(v, range(n, n + 1))) for n in range(2)), 330
    ),
    key(CS, "\\operatorname{crop}_1\\Big("): _cs_check(
        _cs_dx(
            lambda v, n, c: sum(
                corr(pad(_dil(v["g"][n, f], 2), 2), rot180(v["w"][f, c])) for f in range(4)
            )[1:-1, 1:-1]
        ),
        340,
    ),
    key(
        CS, "\\operatorname{pad}_1(\\operatorname{dilate}_2(dout_{n,f})) \\star w_{f,c}$$"
    ): _cs_check(
        _cs_dx(
            lambda v, n, c: sum(corr(pad(_dil(v["g"][n, f], 2), 1), v["w"][f, c]) for f in range(4))
        ),
        350,
    ),
    key(CS, "dx_{n,c,1,1} = "): _cs_check(
        lambda v: all(
            np.isclose(
                v["dx"][n, c, 1, 1],
                sum(
                    v["g"][n, f, 0, 0] * v["w"][f, c, 2, 2]
                    + v["g"][n, f, 0, 1] * v["w"][f, c, 2, 0]
                    + v["g"][n, f, 1, 0] * v["w"][f, c, 0, 2]
                    + v["g"][n, f, 1, 1] * v["w"][f, c, 0, 0]
                    for f in range(4)
                ),
            )
            for n in range(2)
            for c in range(3)
        ),
        360,
    ),
    key(CS, "dx_{n,c,4,4} = "): _cs_check(
        lambda v: all(
            np.isclose(
                v["dx"][n, c, 4, 4], sum(v["g"][n, f, 2, 2] * v["w"][f, c, 2, 2] for f in range(4))
            )
            for n in range(2)
            for c in range(3)
        ),
        370,
    ),
}


def truth_table() -> dict[Key, Truth]:
    from unseen_fresh14_truth_b import QUIZ_AND_ANSWER
    from unseen_fresh14_truth_c import HANDOUT_AND_CHEATSHEET
    from unseen_fresh14_truth_d import CARDS

    return {**BLOG_TRUTH, **CS_TRUTH, **QUIZ_AND_ANSWER, **HANDOUT_AND_CHEATSHEET, **CARDS}
