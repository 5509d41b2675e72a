"""Independent truth for the fresh4 unseen set (tests/data/check/unseen/fresh4/): the helpers
the other files share and the first note.

Each claim of a key is a function keyed by (note, line, rank on the line) that computes both
sides of the equation with NumPy/SciPy/torch at the note's sizes from random inputs (torch
autograd of conv2d / conv_transpose / avg_pool2d / linear gives every gradient, parameter
counts come from torch modules) and returns one bool per trial or per size of a grid: the
sides agree there or not. Nothing of symconv is imported. An index outside a tensor raises
IndexError, which counts as "the sides do not agree": the formula names an entry that does not
exist. A link between two plain numbers (``2 + 0 + 0 + 3 = 6``) is judged as arithmetic; a
link that names a quantity (``P = 16*8*4*4``) is judged against the quantity itself.
Notes 2-3 live in unseen_fresh4_truth_b.py, 4-5 in _c.py, 6-7 in _d.py; truth_table()
merges them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, rng, same
from unseen_truth_base import zat as zat  # re-exported: the _b, _c and _d parts read it here


def close(lhs: Callable[[], object], rhs: Callable[[], object]) -> bool:
    """Both sides agree; a side that reads outside a tensor or has another shape disagrees."""
    try:
        return same(lhs(), rhs())
    except (IndexError, ValueError, RuntimeError):
        return False


def arith(lhs: float, rhs: float) -> list[bool]:
    """A link between two written numbers: plain arithmetic."""
    return [math.isclose(lhs, rhs, rel_tol=0, abs_tol=1e-12)]


def named(true_value: float, written: float) -> list[bool]:
    """A link 'quantity = written expression': the expression must equal the quantity."""
    return [math.isclose(true_value, written, rel_tol=0, abs_tol=1e-12)]


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> list[bool]:
    return [check(rng(seed + t)) for t in range(TRIALS)]


def tensor(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(a, dtype=F64, requires_grad=True)


def conv(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray, **kw: int) -> dict:
    """One-channel conv2d forward and autograd gradients for the upstream gradient g."""
    xt, wt, bt = tensor(x[None, None]), tensor(w[None, None]), tensor(np.array([b]))
    z = F.conv2d(xt, wt, bt, **kw)
    (z * torch.tensor(g[None, None], dtype=F64)).sum().backward()
    return {
        "z": z.detach().numpy()[0, 0],
        "dx": xt.grad.numpy()[0, 0],
        "dw": wt.grad.numpy()[0, 0],
        "db": float(bt.grad.numpy()[0]),
    }


def conv_out(h: int, k: int, s: int, p: int) -> int:
    """Output side of torch conv2d (the reference for output-size formulas)."""
    x = torch.zeros(1, 1, h, h, dtype=F64)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p).shape[-1])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def corr(a: np.ndarray, k: np.ndarray, stride: int = 1) -> np.ndarray:
    """Valid 2-D cross-correlation (the notes' star), written out in NumPy."""
    kh, kw = k.shape
    oh, ow = (a.shape[0] - kh) // stride + 1, (a.shape[1] - kw) // stride + 1
    if oh < 1 or ow < 1:
        raise ValueError("kernel larger than the input")
    return np.array(
        [
            [
                np.sum(a[stride * i : stride * i + kh, stride * j : stride * j + kw] * k)
                for j in range(ow)
            ]
            for i in range(oh)
        ]
    )


def pad(a: np.ndarray, p: int) -> np.ndarray:
    return np.pad(a, p)


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def rot180(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


# --- apuntes_conv_paso2.md: 6x6, 3x3, stride 2, padding 1; 1-based x_ij, zero at index 0 and 7


def _paso2(r: np.random.Generator) -> dict:
    x, w, b, g = r.normal(size=(6, 6)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(3, 3))
    v = conv(x, w, b, g, stride=2, padding=1)

    def X(i: int, j: int) -> float:  # the note's convention: zeros at index 0 and 7
        if (i in (0, 7) or j in (0, 7)) and 0 <= i <= 7 and 0 <= j <= 7:
            return 0.0
        return at(x, i - 1, j - 1)

    return {
        **v,
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "X": X,
        "W": lambda m, n: at(w, m - 1, n - 1),
        "G": lambda i, j: at(g, i - 1, j - 1),
    }


def _p2(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_paso2(r)), 100)


def _p2_forward(v: dict) -> bool:
    X, W = v["X"], v["W"]
    return close(
        lambda: v["z"],
        lambda: [
            [
                v["b"]
                + sum(
                    W(m, n) * X(2 * i + m - 3, 2 * j + n - 3)
                    for m in range(1, 4)
                    for n in range(1, 4)
                )
                for j in range(1, 4)
            ]
            for i in range(1, 4)
        ],
    )


def _p2_entry(i: int, j: int, terms: list[tuple[tuple[int, int], tuple[int, int]]]) -> Truth:
    """y_ij = sum of w_(mn) x_(pq) over terms, plus b."""
    return _p2(
        lambda v: close(
            lambda: v["z"][i - 1, j - 1],
            lambda: v["b"] + sum(v["W"](*wm) * v["X"](*xp) for wm, xp in terms),
        )
    )


def _p2_dw(row: Callable[[int, int], int]) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        G, X = v["G"], v["X"]
        return close(
            lambda: v["dw"],
            lambda: [
                [
                    sum(G(i, j) * X(row(i, m), row(j, n)) for i in range(1, 4) for j in range(1, 4))
                    for n in range(1, 4)
                ]
                for m in range(1, 4)
            ],
        )

    return check


def _p2_dx(h: int, w_: int, terms: list[tuple[tuple[int, int], tuple[int, int]]]) -> Truth:
    """dE/dx_hw = sum of dE/dy_(ij) w_(mn) over terms."""
    return _p2(
        lambda v: close(
            lambda: v["dx"][h - 1, w_ - 1],
            lambda: sum(v["G"](*gi) * v["W"](*wm) for gi, wm in terms),
        )
    )


def _p2_hat(g: np.ndarray) -> np.ndarray:
    """Delta dilated by 2 (5x5) with one zero row and column added at the end (6x6)."""
    return np.pad(dilate(g, 2), ((0, 1), (0, 1)))


_P2_W = np.array([[1, 2, 0], [-1, 3, 1], [0, 1, 2]], dtype=np.float64)
_P2_D = np.array([[1, 0, -1], [2, 1, 0], [0, -2, 3]], dtype=np.float64)


def _p2_numbers(r: np.random.Generator) -> dict:
    return conv(r.normal(size=(6, 6)), _P2_W, r.normal(), _P2_D, stride=2, padding=1)


PASO2: dict[tuple[str, int, int], Truth] = {
    ("apuntes_conv_paso2", 11, 1): lambda: (
        named(conv_out(6, 3, 2, 1), (6 + 2 - 3) // 2 + 1) + arith((6 + 2 - 3) // 2 + 1, 3)
    ),
    ("apuntes_conv_paso2", 19, 1): _p2(_p2_forward),
    ("apuntes_conv_paso2", 23, 1): _p2_entry(
        1, 1, [((2, 2), (1, 1)), ((2, 3), (1, 2)), ((3, 2), (2, 1)), ((3, 3), (2, 2))]
    ),
    ("apuntes_conv_paso2", 27, 1): _p2_entry(
        2,
        1,
        [
            ((1, 1), (2, 1)),
            ((1, 2), (2, 2)),
            ((2, 1), (3, 1)),
            ((2, 2), (3, 2)),
            ((3, 1), (4, 1)),
            ((3, 2), (4, 2)),
        ],
    ),
    ("apuntes_conv_paso2", 33, 1): _p2(_p2_dw(lambda i, m: 2 * i + m - 3)),
    ("apuntes_conv_paso2", 35, 1): _p2(lambda v: close(lambda: v["db"], lambda: v["g"].sum())),
    ("apuntes_conv_paso2", 39, 1): _p2(_p2_dw(lambda i, m: i + m - 1)),
    ("apuntes_conv_paso2", 47, 1): _p2_dx(
        2, 2, [((1, 1), (3, 3)), ((1, 2), (3, 1)), ((2, 2), (1, 1))]
    ),
    ("apuntes_conv_paso2", 51, 1): _p2_dx(
        4, 4, [((2, 2), (3, 3)), ((2, 3), (1, 3)), ((3, 2), (3, 1)), ((3, 3), (1, 1))]
    ),
    ("apuntes_conv_paso2", 55, 1): _p2(
        lambda v: close(lambda: v["dx"], lambda: corr(pad(dilate(v["g"], 2), 1), rot180(v["w"])))
    ),
    ("apuntes_conv_paso2", 59, 1): _p2(
        lambda v: close(lambda: v["dx"], lambda: corr(pad(_p2_hat(v["g"]), 1), rot180(v["w"])))
    ),
    ("apuntes_conv_paso2", 71, 1): lambda: trials(
        lambda r: close(lambda: _p2_numbers(r)["db"], lambda: 1 + 0 - 1 + 2 + 1 + 0 + 0 - 2 + 3),
        110,
    ),
    ("apuntes_conv_paso2", 71, 2): lambda: arith(1 + 0 - 1 + 2 + 1 + 0 + 0 - 2 + 3, 4),
    ("apuntes_conv_paso2", 75, 1): lambda: trials(
        lambda r: close(
            lambda: _p2_numbers(r)["dx"][3, 3], lambda: 1 * 2 + 0 * 0 + (-2) * 0 + 3 * 1
        ),
        120,
    ),
    ("apuntes_conv_paso2", 75, 2): lambda: arith(1 * 2 + 0 * 0 + (-2) * 0 + 3 * 1, 6),
}


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh4_truth_b import NOTES_B
    from unseen_fresh4_truth_c import NOTES_C
    from unseen_fresh4_truth_d import NOTES_D

    return {**PASO2, **NOTES_B, **NOTES_C, **NOTES_D}
