"""Truth for fresh13's deduccion_indices_desde_1.md (1-based, 4x4 * 2x2, sigmoid, squared
error) and nota_depthwise_grupos.md (depthwise and groups=2 convolutions with a batch of 2).
Same conventions as unseen_fresh13_truth.py."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh13_truth import agree, conv, corr, count_claim, once, pad, params, rot180, trials
from unseen_truth_base import F64, Truth, at, same, zat

# --- deduccion_indices_desde_1.md: x_ij (4x4), w_ab (2x2), b_0, y (3x3), o = sigma(y)


def _ded(r: np.random.Generator) -> dict:
    x = torch.tensor(r.normal(size=(1, 1, 4, 4)), dtype=F64, requires_grad=True)
    w = torch.tensor(r.normal(size=(1, 1, 2, 2)), dtype=F64, requires_grad=True)
    b = torch.tensor([r.normal()], dtype=F64, requires_grad=True)
    t = r.uniform(size=(3, 3))
    y = F.conv2d(x, w, b)
    y.retain_grad()
    o = torch.sigmoid(y)
    (0.5 * ((o - torch.tensor(t[None, None], dtype=F64)) ** 2).sum()).backward()
    return {
        "x": x.detach().numpy()[0, 0],
        "w": w.detach().numpy()[0, 0],
        "o": o.detach().numpy()[0, 0],
        "t": t,
        "d": y.grad.numpy()[0, 0],
        "dx": x.grad.numpy()[0, 0],
        "dw": w.grad.numpy()[0, 0],
        "db": float(b.grad[0]),
    }


def _ded_truth(check: Callable[[dict], bool], seed: int) -> Truth:
    return lambda: trials(lambda r: check(_ded(r)), seed)


def _one_based(a: np.ndarray, zero_outside: bool = False) -> Callable[[int, int], float]:
    get = zat if zero_outside else at
    return lambda i, j: get(a, i - 1, j - 1)


def _ded_dw(v: dict, shift: int) -> np.ndarray:
    d, x = _one_based(v["d"]), _one_based(v["x"])
    return np.array(
        [
            [
                sum(
                    d(i, j) * x(i + a - shift, j + b - shift)
                    for i in range(1, 4)
                    for j in range(1, 4)
                )
                for b in (1, 2)
            ]
            for a in (1, 2)
        ]
    )


def _ded_dx_cell(v: dict, k: int, ell: int, terms: list[tuple[int, int, int, int]]) -> bool:
    d, w = _one_based(v["d"], True), _one_based(v["w"])
    return bool(np.isclose(v["dx"][k - 1, ell - 1], sum(d(i, j) * w(a, b) for i, j, a, b in terms)))


_DX = np.array([[1.0, 2, 0, 1], [0, 1, 3, 2], [2, 0, 1, 1], [1, 1, 0, 2]])
_DW = np.array([[1.0, -1], [0, 2]])


def _ded_numbers() -> dict:
    return conv(_DX[None, None], _DW[None, None], np.zeros(1), np.ones((1, 1, 3, 3)))


DEDUCCION: dict[tuple[str, int, int], Truth] = {
    ("deduccion_indices_desde_1", 10, 1): _ded_truth(
        lambda v: same(v["d"], (v["o"] - v["t"]) * v["o"] * (1 - v["o"])), 500
    ),
    ("deduccion_indices_desde_1", 13, 1): _ded_truth(lambda v: same(v["dw"], _ded_dw(v, 0)), 510),
    ("deduccion_indices_desde_1", 15, 1): _ded_truth(lambda v: same(v["dw"], _ded_dw(v, 1)), 520),
    ("deduccion_indices_desde_1", 17, 1): _ded_truth(
        lambda v: np.isclose(v["db"], (v["o"] - v["t"]).sum()), 530
    ),
    ("deduccion_indices_desde_1", 20, 1): _ded_truth(
        lambda v: all(
            _ded_dx_cell(
                v, k, ell, [(k + a - 1, ell + b - 1, a, b) for a in (1, 2) for b in (1, 2)]
            )
            for k in range(1, 5)
            for ell in range(1, 5)
        ),
        540,
    ),
    ("deduccion_indices_desde_1", 22, 1): _ded_truth(
        lambda v: _ded_dx_cell(v, 1, 1, [(1, 1, 1, 1)]), 550
    ),
    ("deduccion_indices_desde_1", 22, 2): _ded_truth(
        lambda v: _ded_dx_cell(v, 4, 4, [(3, 3, 1, 1)]), 560
    ),
    ("deduccion_indices_desde_1", 23, 1): _ded_truth(
        lambda v: _ded_dx_cell(v, 2, 2, [(1, 1, 2, 2), (1, 2, 2, 1), (2, 1, 1, 2), (2, 2, 1, 1)]),
        570,
    ),
    ("deduccion_indices_desde_1", 26, 1): _ded_truth(
        lambda v: same(v["dx"], corr(pad(v["d"], 2), rot180(v["w"]))), 580
    ),
    ("deduccion_indices_desde_1", 26, 2): _ded_truth(
        lambda v: same(v["dw"], corr(v["x"], v["d"])), 590
    ),
    ("deduccion_indices_desde_1", 30, 1): lambda: [
        bool(np.isclose(_ded_numbers()["z"][0, 0, 0, 0], 1 - 2 + 0 + 2))
    ],
    ("deduccion_indices_desde_1", 30, 2): lambda: count_claim(
        1 - 2 + 0 + 2, 1, _ded_numbers()["z"][0, 0, 0, 0]
    ),
    ("deduccion_indices_desde_1", 32, 1): lambda: [
        bool(np.isclose(_ded_numbers()["z"][0, 0, 1, 2], 3 - 2 + 0 + 2))
    ],
    ("deduccion_indices_desde_1", 32, 2): lambda: count_claim(
        3 - 2 + 0 + 2, 4, _ded_numbers()["z"][0, 0, 1, 2]
    ),
    ("deduccion_indices_desde_1", 34, 2): once(
        lambda: np.isclose(_ded_numbers()["dw"][0, 0, 0, 0], 10)
    ),
    ("deduccion_indices_desde_1", 34, 3): once(
        lambda: np.isclose(_ded_numbers()["dw"][0, 0, 1, 1], 12)
    ),
}


# --- nota_depthwise_grupos.md: N=2, C=4, 6x6, 3x3 padding 1; depthwise (groups=4) and groups=2, F=6


def _grouped(r: np.random.Generator, groups: int, f: int) -> dict:
    x, w, b = r.normal(size=(2, 4, 6, 6)), r.normal(size=(f, 4 // groups, 3, 3)), r.normal(size=f)
    g = r.normal(size=(2, f, 6, 6))
    v = conv(x, w, b, g, padding=1, groups=groups)
    v.update(x=x, w=w, b=b, g=g, xp=np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))))
    return v


def _dw_truth(check: Callable[[dict], bool], seed: int, groups: int = 4, f: int = 4) -> Truth:
    return lambda: trials(lambda r: check(_grouped(r, groups, f)), seed)


def _depthwise_dk(v: dict) -> np.ndarray:
    g, xp = v["g"], v["xp"]
    out = np.zeros((4, 1, 3, 3))
    for c, u, w_ in np.ndindex(4, 3, 3):
        out[c, 0, u, w_] = sum(
            g[n, c, i, j] * at(xp, n, c, i + u, j + w_)
            for n in range(2)
            for i in range(6)
            for j in range(6)
        )
    return out


def _all_nc(check: Callable[[int, int], bool]) -> bool:
    return all(agree(lambda n=n, c=c: check(n, c)) for n in range(2) for c in range(4))


def _full(g: np.ndarray, w: np.ndarray) -> np.ndarray:
    return corr(pad(g, 1), rot180(w))


DEPTHWISE: dict[tuple[str, int, int], Truth] = {
    ("nota_depthwise_grupos", 11, 1): lambda: count_claim(
        4 * 3 * 3 + 4, 40, params(torch.nn.Conv2d(4, 4, 3, groups=4))
    ),
    ("nota_depthwise_grupos", 12, 1): lambda: count_claim(
        8 * 4, 8 * 4, params(torch.nn.Conv2d(4, 8, 1))
    ),
    ("nota_depthwise_grupos", 12, 2): lambda: [8 * 4 == 32],
    ("nota_depthwise_grupos", 13, 1): lambda: count_claim(
        8 * 4 * 3 * 3 + 8, 292, params(torch.nn.Conv2d(4, 8, 3))
    ),
    ("nota_depthwise_grupos", 19, 1): _dw_truth(lambda v: same(v["dw"], _depthwise_dk(v)), 600),
    ("nota_depthwise_grupos", 21, 1): _dw_truth(
        lambda v: _all_nc(lambda n, c: same(v["dx"][n, c], _full(v["g"][n, c], v["w"][c, 0]))), 610
    ),
    ("nota_depthwise_grupos", 24, 1): _dw_truth(
        lambda v: _all_nc(
            lambda n, c: same(
                v["dx"][n, c], sum(_full(v["g"][n, k], v["w"][k, 0]) for k in range(4))
            )
        ),
        620,
    ),
    ("nota_depthwise_grupos", 26, 1): _dw_truth(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / 2), 630
    ),
    ("nota_depthwise_grupos", 31, 1): lambda: count_claim(
        6 * 2 * 3 * 3 + 6, 114, params(torch.nn.Conv2d(4, 6, 3, groups=2))
    ),
    ("nota_depthwise_grupos", 34, 1): _dw_truth(
        lambda v: all(
            same(
                v["z"][n, f],
                v["b"][f] + sum(corr(v["xp"][n, 2 * (f // 2) + k], v["w"][f, k]) for k in range(2)),
            )
            for n in range(2)
            for f in range(6)
        ),
        640,
        2,
        6,
    ),
    ("nota_depthwise_grupos", 36, 1): _dw_truth(
        lambda v: all(
            same(
                v["dw"][f, k],
                sum(corr(v["xp"][n, 2 * (f // 3) + k], v["g"][n, f]) for n in range(2)),
            )
            for f in range(6)
            for k in range(2)
        ),
        650,
        2,
        6,
    ),
    ("nota_depthwise_grupos", 38, 1): _dw_truth(
        lambda v: _all_nc(
            lambda n, c: same(
                v["dx"][n, c],
                sum(
                    _full(v["g"][n, f], v["w"][f, c % 2])
                    for f in range(3 * (c // 2), 3 * (c // 2) + 3)
                ),
            )
        ),
        660,
        2,
        6,
    ),
    ("nota_depthwise_grupos", 41, 1): _dw_truth(
        lambda v: all(
            same(v["dx"][n, 0], sum(_full(v["g"][n, f], v["w"][f, 0]) for f in range(6)))
            for n in range(2)
        ),
        670,
        2,
        6,
    ),
}

NOTES_C: dict[tuple[str, int, int], Truth] = {**DEDUCCION, **DEPTHWISE}
