"""Independent truth for the fresh6 unseen set, notes 3-5 (see unseen_fresh6_truth.py).

Symbolic claims of the cheat sheet are computed over grids of concrete sizes inside the range
the sheet states (kernel at least 2 and smaller than the input; stride 2 or more dividing
H - k in its stride section; padding 0..2 and stride 1..3 for the size formulas).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh6_truth import (
    Key,
    close,
    conv,
    conv_out,
    count,
    params,
    tensor,
    trials,
)
from unseen_truth_base import F64, TRIALS, Truth, at, corr, dilate, pad, rng, rot180, same

# --- recitation06_handout.md: the given 4x4 X, 2x2 K, b = 1, dY, stride 1, 0-based

_X = np.array([[1, 0, 2, 1], [0, 1, 1, 3], [2, 1, 0, 1], [1, 2, 1, 0]], dtype=float)
_K = np.array([[1, -1], [0, 2]], dtype=float)
_DY = np.array([[1, 0, -1], [2, 1, 0], [0, -1, 1]], dtype=float)


def _rec(x: np.ndarray = _X, k: np.ndarray = _K, g: np.ndarray = _DY, padding: int = 0) -> dict:
    t = conv(x[None, None], k[None, None], np.array([1.0]), g[None, None], padding=padding)
    return {"y": t["z"][0, 0], "dk": t["dw"][0, 0], "dx": t["dx"][0, 0], "x": x, "k": k, "g": g}


def _rec_random(check: Callable[[dict], bool], padding: int = 0) -> Truth:
    """The same claim on random X, K, dY of the note's sizes (for formulas in letters)."""
    n = 4 + 2 * padding - 1

    def one(r: np.random.Generator) -> bool:
        return check(
            _rec(r.normal(size=(4, 4)), r.normal(size=(2, 2)), r.normal(size=(n, n)), padding)
        )

    return lambda: trials(one, 300 + padding)


_REC = _rec()
_DX_NOTE = [[1, -1, -1, 1], [2, 1, -1, -2], [0, 3, 3, -1], [0, 0, -2, 2]]


def _dx11(v: dict) -> float:
    g, k = v["g"], v["k"]
    return g[0, 0] * k[1, 1] + g[0, 1] * k[1, 0] + g[1, 0] * k[0, 1] + g[1, 1] * k[0, 0]


RECITATION: dict[Key, Truth] = {
    ("recitation06_handout", 15, 1): lambda: [
        close(_REC["y"][0, 0], 1 * 1 + 0 * (-1) + 0 * 0 + 1 * 2 + 1)
    ],
    ("recitation06_handout", 15, 2): lambda: count(1 * 1 + 0 * (-1) + 0 * 0 + 1 * 2 + 1, 4),
    ("recitation06_handout", 19, 1): lambda: [same(_REC["y"], [[4, 1, 8], [3, 1, 1], [6, 4, 0]])],
    ("recitation06_handout", 29, 1): _rec_random(lambda v: same(v["dk"], corr(v["x"], v["g"]))),
    ("recitation06_handout", 29, 2): lambda: [same(corr(_X, _DY), [[-1, 3], [3, -1]])],
    ("recitation06_handout", 35, 1): _rec_random(
        lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["k"])))
    ),
    ("recitation06_handout", 35, 2): lambda: [same(corr(pad(_DY, 1), rot180(_K)), _DX_NOTE)],
    ("recitation06_handout", 39, 1): _rec_random(lambda v: close(v["dx"][1, 1], _dx11(v))),
    ("recitation06_handout", 39, 2): lambda: [close(_dx11(_REC), 1)],
    ("recitation06_handout", 41, 1): _rec_random(
        lambda v: close(v["dx"][3, 3], v["g"][2, 2] * v["k"][0, 0])
    ),
    ("recitation06_handout", 41, 2): lambda: [close(_DY[2, 2] * _K[0, 0], 1)],
    ("recitation06_handout", 43, 1): _rec_random(
        lambda v: same(v["dx"], corr(pad(v["g"], 1), v["k"]))
    ),
    ("recitation06_handout", 49, 1): lambda: [
        same(_K - 0.1 * _REC["dk"], [[1.1, -1.3], [-0.3, 1.8]])
    ],
    ("recitation06_handout", 54, 1): lambda: count(conv_out(4, 2, 1, 1), (4 + 2 - 2) + 1, 5),
    ("recitation06_handout", 54, 2): _rec_random(
        lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["k"]))), padding=1
    ),
}


# --- foro_gradiente_stride2.md: 5x5 X, 3x3 K, stride 2, no padding, 0-based; then padding 1


def _foro(padding: int = 0, bias: bool = False) -> Callable[[np.random.Generator], dict]:
    n = (5 + 2 * padding - 3) // 2 + 1

    def make(r: np.random.Generator) -> dict:
        x, k, g = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(n, n))
        b = np.array([r.normal()]) if bias else None
        t = conv(x[None, None], k[None, None], b, g[None, None], stride=2, padding=padding)
        return {
            "x": x,
            "k": k,
            "g": g,
            **{key: val[0, 0] if val.ndim == 4 else val for key, val in t.items()},
        }

    return make


def _foro_check(check: Callable[[dict], bool], padding: int = 0, bias: bool = False) -> Truth:
    make = _foro(padding, bias)
    return lambda: trials(lambda r: check(make(r)), 400 + padding)


def _foro_forward(v: dict) -> bool:
    x, k = v["x"], v["k"]
    rhs = [
        [
            sum(at(x, 2 * i + m, 2 * j + n) * k[m, n] for m in range(3) for n in range(3))
            for j in (0, 1)
        ]
        for i in (0, 1)
    ]
    return same(v["z"], rhs)


def _foro_dk(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [
        [
            sum(g[i, j] * at(x, 2 * i + m, 2 * j + n) for i in (0, 1) for j in (0, 1))
            for n in range(3)
        ]
        for m in range(3)
    ]
    return same(v["dw"], rhs)


def _foro_entries(v: dict) -> dict[str, tuple[float, float]]:
    g, k, dx = v["g"], v["k"], v["dx"]
    return {
        "x22": (
            dx[2, 2],
            g[0, 0] * k[2, 2] + g[0, 1] * k[2, 0] + g[1, 0] * k[0, 2] + g[1, 1] * k[0, 0],
        ),
        "x13": (dx[1, 3], g[0, 1] * k[1, 1]),
        "x44": (dx[4, 4], g[1, 1] * k[0, 0]),
    }


def _conv1d_stride2(r: np.random.Generator) -> bool:
    x, k, g = tensor(r.normal(size=(1, 1, 7))), tensor(r.normal(size=(1, 1, 3))), r.normal(size=3)
    (F.conv1d(x, k, stride=2) * torch.tensor(g, dtype=F64)).sum().backward()
    xs = x.detach().numpy()[0, 0]
    try:
        rhs = [sum(g[i] * at(xs, 2 * i + m) for i in range(4)) for m in range(3)]
    except IndexError:
        return False
    return same(k.grad.numpy()[0, 0], rhs)


def _explicit_dilated(g: np.ndarray) -> np.ndarray:
    return np.array([[g[0, 0], 0, g[0, 1]], [0, 0, 0], [g[1, 0], 0, g[1, 1]]])


FORO: dict[Key, Truth] = {
    ("foro_gradiente_stride2", 5, 1): _foro_check(_foro_forward),
    ("foro_gradiente_stride2", 7, 1): lambda: count(conv_out(5, 3, 2, 0), (5 - 3) / 2 + 1, 2),
    ("foro_gradiente_stride2", 7, 3): _foro_check(lambda v: same(v["dw"], corr(v["x"], v["g"]))),
    ("foro_gradiente_stride2", 15, 1): _foro_check(_foro_dk),
    ("foro_gradiente_stride2", 19, 1): _foro_check(
        lambda v: same(dilate(v["g"], 2), _explicit_dilated(v["g"]))
    ),
    ("foro_gradiente_stride2", 23, 1): _foro_check(
        lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2)))
    ),
    ("foro_gradiente_stride2", 27, 1): _foro_check(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["k"])))
    ),
    ("foro_gradiente_stride2", 31, 1): _foro_check(lambda v: close(*_foro_entries(v)["x22"])),
    ("foro_gradiente_stride2", 33, 1): _foro_check(lambda v: close(*_foro_entries(v)["x13"])),
    ("foro_gradiente_stride2", 33, 2): _foro_check(lambda v: close(*_foro_entries(v)["x44"])),
    ("foro_gradiente_stride2", 37, 1): lambda: trials(_conv1d_stride2, 410),
    ("foro_gradiente_stride2", 43, 1): _foro_check(
        lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"])))
    ),
    ("foro_gradiente_stride2", 47, 1): lambda: count(
        conv_out(5, 3, 2, 1), math.floor((5 + 2 - 3) / 2) + 1, 3
    ),
    ("foro_gradiente_stride2", 47, 2): _foro_check(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["k"]))), padding=1
    ),
    ("foro_gradiente_stride2", 47, 3): _foro_check(
        lambda v: same(v["dw"], corr(pad(v["x"], 1), dilate(v["g"], 2))), padding=1
    ),
    ("foro_gradiente_stride2", 49, 1): _foro_check(
        lambda v: close(v["db"][0], v["g"].sum() / 4), bias=True
    ),
}


# --- cheatsheet_conv_matrix_identities.md: symbolic H, W, k; grids of sizes

_SHAPES = [
    (5, 5, 2),
    (5, 6, 3),
    (6, 4, 3),
    (7, 7, 4),
    (4, 5, 3),
    (8, 6, 5),
]  # (H, W, k), 2 <= k < H, W


def _sheet(check: Callable[[dict], bool], shapes: list = _SHAPES, stride: bool = False) -> Truth:
    """One bool per (size, trial): X, K, G random at that size, gradients by torch."""

    def run() -> list[bool]:
        out = []
        for idx, shape in enumerate(shapes):
            h, w, k, s = (*shape, 1) if not stride else shape
            for t in range(TRIALS):
                r = rng(500 + 10 * idx + t)
                x, kk = r.normal(size=(h, w)), r.normal(size=(k, k))
                g = r.normal(size=((h - k) // s + 1, (w - k) // s + 1))
                b = np.array([r.normal()])
                v = conv(x[None, None], kk[None, None], b, g[None, None], stride=s)
                v = {
                    "x": x,
                    "k": kk,
                    "g": g,
                    "s": s,
                    "dx": v["dx"][0, 0],
                    "dk": v["dw"][0, 0],
                    "db": v["db"][0],
                }
                try:
                    out.append(check(v))
                except ValueError:  # shapes that cannot be combined: the identity fails there
                    out.append(False)
        return out

    return run


# stride s >= 2 dividing H - k and W - k
_STRIDED = [(7, 7, 3, 2), (9, 7, 3, 2), (7, 10, 4, 3), (8, 8, 2, 2), (11, 9, 5, 2), (10, 10, 4, 3)]
_SIZES = [
    (h, k, s, p)
    for h, k, s, p in itertools.product(range(4, 10), range(2, 5), range(1, 4), range(3))
    if k < h
]


def _channels(check: Callable[[dict], list[bool]]) -> Truth:
    """N = 2, C = 2, F = 3 at two spatial sizes; one bool per (size, trial, free index)."""

    def run() -> list[bool]:
        out = []
        for idx, (h, k) in enumerate([(5, 3), (6, 2)]):
            for t in range(TRIALS):
                r = rng(600 + 10 * idx + t)
                x, kk = r.normal(size=(2, 2, h, h)), r.normal(size=(3, 2, k, k))
                g = r.normal(size=(2, 3, h - k + 1, h - k + 1))
                v = {"x": x, "k": kk, "g": g, "kk": k, **conv(x, kk, None, g)}
                out.extend(check(v))
        return out

    return run


def _dx_channel(v: dict, n: int, c: int) -> np.ndarray:
    k = v["kk"]
    return sum(corr(pad(v["g"][n, f], k - 1), rot180(v["k"][f, c])) for f in range(3))


SHEET: dict[Key, Truth] = {
    ("cheatsheet_conv_matrix_identities", 7, 1): _sheet(
        lambda v: same(rot180(corr(v["x"], v["k"])), corr(rot180(v["x"]), rot180(v["k"])))
    ),
    ("cheatsheet_conv_matrix_identities", 11, 1): _sheet(
        lambda v: same(v["dk"], corr(v["x"], v["g"]))
    ),
    ("cheatsheet_conv_matrix_identities", 12, 1): _sheet(
        lambda v: same(v["dk"], corr(rot180(v["x"]), v["g"]))
    ),
    ("cheatsheet_conv_matrix_identities", 13, 1): _sheet(
        lambda v: same(v["dx"], corr(pad(v["g"], len(v["k"]) - 1), rot180(v["k"])))
    ),
    ("cheatsheet_conv_matrix_identities", 14, 1): _sheet(
        lambda v: same(v["dx"], corr(pad(v["g"], len(v["k"])), rot180(v["k"])))
    ),
    ("cheatsheet_conv_matrix_identities", 15, 1): _sheet(
        lambda v: same(v["dx"], corr(pad(v["g"], len(v["k"]) - 1), v["k"].T))
    ),
    ("cheatsheet_conv_matrix_identities", 16, 2): _sheet(lambda v: close(v["db"], v["g"].sum())),
    ("cheatsheet_conv_matrix_identities", 20, 1): _sheet(
        lambda v: close(v["dx"].sum(), v["g"].sum() * v["k"].sum())
    ),
    ("cheatsheet_conv_matrix_identities", 21, 1): _sheet(
        lambda v: close(corr(v["x"], v["k"]).sum(), v["x"].sum() * v["k"].sum())
    ),
    ("cheatsheet_conv_matrix_identities", 25, 1): lambda: [
        conv_out(h, k, s, p) == math.floor((h + 2 * p - k) / s) + 1 for h, k, s, p in _SIZES
    ],
    ("cheatsheet_conv_matrix_identities", 26, 1): lambda: [
        conv_out(h, k, s, p) == math.ceil((h + 2 * p - k) / s) + 1 for h, k, s, p in _SIZES
    ],
    ("cheatsheet_conv_matrix_identities", 27, 1): lambda: [
        params(torch.nn.Conv2d(ci, co, k)) == co * ci * k**2
        for ci, co, k in itertools.product((1, 2, 3), (1, 2, 4), (1, 3))
    ],
    ("cheatsheet_conv_matrix_identities", 31, 1): _sheet(
        lambda v: same(v["dk"], corr(v["x"], dilate(v["g"], v["s"]))), _STRIDED, stride=True
    ),
    ("cheatsheet_conv_matrix_identities", 32, 1): _sheet(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], v["s"]), len(v["k"]) - 1), rot180(v["k"]))),
        _STRIDED,
        stride=True,
    ),
    ("cheatsheet_conv_matrix_identities", 33, 1): _sheet(
        lambda v: same(v["dx"], corr(pad(v["g"], len(v["k"]) - 1), rot180(v["k"]))),
        _STRIDED,
        stride=True,
    ),
    ("cheatsheet_conv_matrix_identities", 37, 1): _channels(
        lambda v: [
            same(v["dw"][f, c], sum(corr(v["x"][n, c], v["g"][n, f]) for n in (0, 1)))
            for f in range(3)
            for c in (0, 1)
        ]
    ),
    ("cheatsheet_conv_matrix_identities", 38, 1): _channels(
        lambda v: [
            same(v["dw"][f, c], sum(corr(v["x"][n, c], v["g"][n].sum(axis=0)) for n in (0, 1)))
            for f in range(3)
            for c in (0, 1)
        ]
    ),
    ("cheatsheet_conv_matrix_identities", 39, 1): _channels(
        lambda v: [
            same(v["dx"][n, c], sum(_dx_channel(v, m, c) for m in (0, 1)))
            for n in (0, 1)
            for c in (0, 1)
        ]
    ),
}


NOTES_B: dict[Key, Truth] = {**RECITATION, **FORO, **SHEET}
