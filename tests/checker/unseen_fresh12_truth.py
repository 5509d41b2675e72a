"""Independent truth for the fresh12 unseen set (tests/data/check/unseen/fresh12/).

Each claim of a key is a function keyed by (note, line, rank on the line) that computes both
sides of the equation with NumPy / torch at the note's sizes (torch autograd of conv1d, conv2d,
conv_transpose, pooling, linear and cross-entropy gives every gradient) and returns one bool
per trial or per size of a grid: the sides agree there or not. Nothing of symconv is imported.
A claim's line is found from an anchor (a piece of text unique in the note), so the table
follows the note if lines move. Reading outside a tensor with strict indexing (``at``) raises
IndexError, which counts as "the sides do not agree". This module holds the helpers and note 1
(scribe_lecture14); note 2 is in unseen_fresh12_truth_b.py, notes 3-5 in _c.py, notes 6-7 in
_d.py, and truth_table() merges them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, rng, same, zat

SET = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh12"


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


def each(pairs: list[tuple[Callable[[], float], Callable[[], float]]]) -> bool:
    """All left/right pairs agree; a side that reads outside a tensor disagrees."""
    try:
        return all(math.isclose(lf(), rf(), rel_tol=1e-9, abs_tol=1e-9) for lf, rf in pairs)
    except IndexError:
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> list[bool]:
    return [check(rng(seed + t)) for t in range(TRIALS)]


def count_claim(lhs: float, rhs: float, true_value: float) -> list[bool]:
    """A count or size written as lhs = rhs: both must equal the true value."""
    return [lhs == rhs == true_value]


def arithmetic(lhs: float, rhs: float) -> list[bool]:
    """A link between two written numbers, judged as arithmetic."""
    return [math.isclose(lhs, rhs, abs_tol=1e-12)]


def rounded(values: object, written: object, decimals: int = 3) -> bool:
    """The written numbers are the values rounded to the given decimals."""
    a, b = np.asarray(values, dtype=np.float64), np.asarray(written, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 0.5 * 10.0**-decimals + 1e-12))


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def t64(a: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=F64, requires_grad=grad)


def corr1d(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 1-D cross-correlation written out in NumPy."""
    n = len(a) - len(k) + 1
    return np.array([np.dot(a[i : i + len(k)], k) for i in range(n)])


def corr2d(a: np.ndarray, k: np.ndarray, dilation: int = 1) -> np.ndarray:
    """Valid 2-D cross-correlation whose kernel taps are `dilation` apart, in NumPy."""
    span = dilation * (k.shape[0] - 1) + 1, dilation * (k.shape[1] - 1) + 1
    oh, ow = a.shape[0] - span[0] + 1, a.shape[1] - span[1] + 1
    if oh <= 0 or ow <= 0:
        return np.zeros((0, 0))
    return np.array(
        [
            [
                np.sum(a[i : i + span[0] : dilation, j : j + span[1] : dilation] * k)
                for j in range(ow)
            ]
            for i in range(oh)
        ]
    )


def dilate1d(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros((len(a) - 1) * s + 1)
    out[::s] = a
    return out


# --- scribe_lecture14.md: x in R^8 (0-based), w in R^3, stride 2, no padding, y in R^3

_NUM_W, _NUM_G = np.array([1.0, 2.0, 3.0]), np.array([1.0, -1.0, 2.0])
_NUM_X = np.array([1.0, 0.0, 2.0, 1.0, -1.0, 3.0, 0.0, 2.0])


def _scribe(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv1d(xt[None, None], wt[None, None], stride=2)[0, 0]
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}


def _scribe_random(r: np.random.Generator) -> tuple:
    x, w, g = r.normal(size=8), r.normal(size=3), r.normal(size=3)
    return x, w, g, _scribe(x, w, g)


def _scribe_forward(r: np.random.Generator) -> bool:
    x, w, _, t = _scribe_random(r)
    return each(
        [
            (lambda i=i: t["y"][i], lambda i=i: sum(at(w, k) * at(x, 2 * i + k) for k in range(3)))
            for i in range(3)
        ]
    )


def _scribe_dx(step: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        _, w, g, t = _scribe_random(r)  # the note declares w zero outside 0..2
        return each(
            [
                (
                    lambda j=j: t["dx"][j],
                    lambda j=j: sum(at(g, i) * zat(w, j - step * i) for i in range(3)),
                )
                for j in range(8)
            ]
        )

    return lambda: trials(check, 100 + step)


def _scribe_dw(step: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, _, g, t = _scribe_random(r)
        return each(
            [
                (
                    lambda k=k: t["dw"][k],
                    lambda k=k: sum(at(g, i) * at(x, step * i + k) for i in range(3)),
                )
                for k in range(3)
            ]
        )

    return lambda: trials(check, 110 + step)


def _scribe_operator(pad: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        _, w, g, t = _scribe_random(r)
        return same(t["dx"][:7], corr1d(np.pad(dilate1d(g, 2), pad), w[::-1]))

    return lambda: trials(check, 120 + pad)


def _transposed_length(r: np.random.Generator) -> bool:
    """The transposed convolution of g (stride 2) has length (3-1)*2+3 and is dx[:7]."""
    _, w, g, t = _scribe_random(r)
    tr = F.conv_transpose1d(t64(g)[None, None], t64(w)[None, None], stride=2)[0, 0].numpy()
    return len(tr) == (3 - 1) * 2 + 3 and same(tr, t["dx"][: len(tr)])


def _tr2d_side(output_padding: int) -> int:
    g = torch.zeros(1, 1, 4, 4, dtype=F64)
    w = torch.zeros(1, 1, 3, 3, dtype=F64)
    kw = {"stride": 2, "padding": 1, "output_padding": output_padding}
    return int(F.conv_transpose2d(g, w, **kw).shape[-1])


_NUM = _scribe(_NUM_X, _NUM_W, _NUM_G)
_LOUT = len(_scribe(_NUM_X, _NUM_W, _NUM_G)["y"])

SCRIBE = keyed(
    "scribe_lecture14",
    [
        (r"\frac{8 - 3}{2}", 1, lambda: count_claim(_LOUT, (8 - 3) // 2 + 1, 3)),
        (r"\frac{8 - 3}{2}", 2, lambda: count_claim((8 - 3) // 2 + 1, 3, _LOUT)),
        ("$$y_i = ", 1, lambda: trials(_scribe_forward, 90)),
        (r"g_i \, w_{j-2i}", 1, _scribe_dx(2)),
        (r"g_i \, w_{j-i}", 1, _scribe_dx(1)),
        (r"L_{\text{tr}} =", 1, lambda: trials(_transposed_length, 130)),
        (r"L_{\text{tr}} =", 2, lambda: count_claim((3 - 1) * 2 + 3, 7, _tr1d_len())),
        (r"= \operatorname{pad}_2\big", 1, _scribe_operator(2)),
        (r"= \operatorname{pad}_1\big", 1, _scribe_operator(1)),
        (r"g_i \, x_{2i+k}", 1, _scribe_dw(2)),
        (r"g_i \, x_{i+k}", 1, _scribe_dw(1)),
        (r"(1,\ 2,\ 4,", 1, lambda: [same(_NUM["dx"], [1, 2, 4, -2, -1, 4, 6, 0])]),
        (r"\partial w_1} =", 1, lambda: arithmetic(_NUM["dw"][1], 1 * 0 + (-1) * 1 + 2 * 3)),
        (r"\partial w_1} =", 2, lambda: count_claim(1 * 0 + (-1) * 1 + 2 * 3, 7, _NUM["dw"][1])),
        (r"- 2\cdot 1 + 3 + 1 = 8", 1, lambda: arithmetic(_tr2d_side(1), (4 - 1) * 2 - 2 + 3 + 1)),
        (
            r"- 2\cdot 1 + 3 + 1 = 8",
            2,
            lambda: count_claim((4 - 1) * 2 - 2 + 3 + 1, 8, _tr2d_side(1)),
        ),
        (r"+ 2\cdot 1 + 3 = 11", 1, lambda: arithmetic(_tr2d_side(0), (4 - 1) * 2 + 2 * 1 + 3)),
        (r"+ 2\cdot 1 + 3 = 11", 2, lambda: arithmetic((4 - 1) * 2 + 2 * 1 + 3, 11)),
    ],
)


def _tr1d_len() -> int:
    g, w = torch.zeros(1, 1, 3, dtype=F64), torch.zeros(1, 1, 3, dtype=F64)
    return int(F.conv_transpose1d(g, w, stride=2).shape[-1])


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh12_truth_b import WIKI
    from unseen_fresh12_truth_c import NOTES_C
    from unseen_fresh12_truth_d import NOTES_D

    return {**SCRIBE, **WIKI, **NOTES_C, **NOTES_D}
