"""Independent truth for the fresh11 unseen set (tests/data/check/unseen/fresh11/), notes 1-4.

Each correct/mistake claim of a key is a function keyed by (note, line, rank on the line) that
computes both sides at the note's sizes with NumPy / torch autograd (float64) from random inputs
or from the note's own numbers, and returns one bool per trial or per size of a grid: the sides
agree there or not. Nothing of symconv is imported. A side that reads an entry a tensor does
not have (IndexError) or multiplies matrices that do not conform (ValueError) disagrees.
Notes 5-7 live in unseen_fresh11_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, rng, same, zat


def ok(check: Callable[[], bool]) -> bool:
    """The check's verdict; a formula naming a missing entry or a non-conformable product fails."""
    try:
        return bool(check())
    except (IndexError, ValueError):
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> Truth:
    return lambda: [ok(lambda t=t: check(rng(seed + t))) for t in range(TRIALS)]


def fixed(check: Callable[[], bool]) -> Truth:
    return lambda: [ok(check)]


def t64(a: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=F64, requires_grad=grad)


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation (the notes' star), written out in NumPy."""
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    return np.array([[np.sum(a[i : i + kh, j : j + kw] * k) for j in range(ow)] for i in range(oh)])


def pad(a: np.ndarray, p: int) -> np.ndarray:
    return np.pad(a, p)


def rot180(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def conv_out(h: int, k: int, s: int, p: int) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p).shape[-1])


def convt_out(h: int, k: int, s: int, p: int) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    w = torch.zeros(1, 1, k, k, dtype=F64)
    return int(F.conv_transpose2d(x, w, stride=s, padding=p).shape[-1])


def count_claim(lhs: float, rhs: float, true_value: float) -> list[bool]:
    """A count written lhs = rhs: both must equal the true value."""
    return [lhs == rhs == true_value]


# --- apuntes_vision_capas.md: 7x7 -> conv 3x3 + ReLU -> 5x5 -> conv 2x2 -> 4x4 -> dense 16 -> 10


def _capas(r: np.random.Generator) -> dict:
    a0 = t64(r.normal(size=(1, 1, 7, 7)), True)
    w1, w2 = t64(r.normal(size=(1, 1, 3, 3)), True), t64(r.normal(size=(1, 1, 2, 2)), True)
    b1, b2 = t64(r.normal(size=1), True), t64(r.normal(size=1), True)
    w3, b3 = t64(r.normal(size=(10, 16)), True), t64(r.normal(size=10), True)
    gy = r.normal(size=10)
    z1 = F.conv2d(a0, w1, b1)
    a1 = torch.relu(z1)
    z2 = F.conv2d(a1, w2, b2)
    a = z2.reshape(16)  # layer 2 has no activation; flattened by rows
    z3 = w3 @ a + b3
    for t in (z1, z2, a, z3):
        t.retain_grad()
    (torch.sigmoid(z3) * t64(gy)).sum().backward()
    n = lambda t: t.detach().numpy()  # noqa: E731
    return {
        "a0": n(a0)[0, 0], "w1": n(w1)[0, 0], "w2": n(w2)[0, 0], "z1": n(z1)[0, 0],
        "a1": n(a1)[0, 0], "d1": z1.grad.numpy()[0, 0], "d2": z2.grad.numpy()[0, 0],
        "dw1": w1.grad.numpy()[0, 0], "dw2": w2.grad.numpy()[0, 0], "db1": b1.grad.numpy()[0],
        "db2": b2.grad.numpy()[0], "da0": a0.grad.numpy()[0, 0], "a": n(a), "z3": n(z3),
        "gy": gy, "d3": z3.grad.numpy(), "w3": n(w3), "dw3": w3.grad.numpy(), "da": a.grad.numpy(),
    }  # fmt: skip


def _cp(check: Callable[[dict], bool]) -> Truth:
    return trials(lambda r: check(_capas(r)), 1100)


def _cp_dw1_bounds(v: dict, last: int) -> bool:
    return all(
        math.isclose(
            v["dw1"][m, n],
            sum(
                at(v["d1"], i, j) * at(v["a0"], i + m, j + n)
                for i in range(last + 1)
                for j in range(last + 1)
            ),
            abs_tol=1e-9,
        )
        for m in range(3)
        for n in range(3)
    )


def _cp_d1_elementwise(v: dict) -> bool:
    relu_prime = (v["z1"] > 0).astype(float)
    rhs = np.array(
        [
            [
                relu_prime[i, j]
                * sum(
                    zat(v["d2"], i - m, j - n) * v["w2"][m, n] for m in range(2) for n in range(2)
                )
                for j in range(5)
            ]
            for i in range(5)
        ]
    )
    return same(v["d1"], rhs)


def _sizes_net() -> int:
    net = [torch.nn.Conv2d(1, 1, 3), torch.nn.Conv2d(1, 1, 2), torch.nn.Linear(16, 10)]
    return sum(params(m) for m in net)


CAPAS: dict[tuple[str, int, int], Truth] = {
    ("apuntes_vision_capas", 16, 3): fixed(lambda: 7 - 3 + 1 == 5 == conv_out(7, 3, 1, 0)),
    ("apuntes_vision_capas", 22, 1): _cp(
        lambda v: same(
            v["dw2"],
            [
                [
                    sum(
                        v["d2"][i, j] * at(v["a1"], i + m, j + n)
                        for i in range(4)
                        for j in range(4)
                    )
                    for n in range(2)
                ]
                for m in range(2)
            ],
        )
    ),
    ("apuntes_vision_capas", 24, 1): _cp(lambda v: same(v["db2"], v["d2"].sum())),
    ("apuntes_vision_capas", 28, 1): _cp(lambda v: same(v["dw1"], corr(v["a0"], v["d1"]))),
    ("apuntes_vision_capas", 32, 1): _cp(lambda v: _cp_dw1_bounds(v, 5)),
    ("apuntes_vision_capas", 36, 1): _cp(lambda v: same(v["db1"], v["d1"].sum() / 25)),
    ("apuntes_vision_capas", 42, 1): _cp(_cp_d1_elementwise),
    ("apuntes_vision_capas", 46, 1): _cp(
        lambda v: same(v["d1"], corr(pad(v["d2"], 1), rot180(v["w2"])) * (v["z1"] > 0))
    ),
    ("apuntes_vision_capas", 48, 1): _cp(
        lambda v: same(v["d1"], corr(pad(v["d2"], 1), v["w2"]) * (v["z1"] > 0))
    ),
    ("apuntes_vision_capas", 54, 1): _cp(
        lambda v: same(v["da0"], corr(pad(v["d1"], 1), rot180(v["w1"])))
    ),
    ("apuntes_vision_capas", 60, 1): _cp(
        lambda v: same(
            v["d3"], v["gy"] * (1 / (1 + np.exp(-v["z3"]))) * (1 - 1 / (1 + np.exp(-v["z3"])))
        )
    ),
    ("apuntes_vision_capas", 62, 1): _cp(lambda v: same(v["dw3"], np.outer(v["d3"], v["a"]))),
    ("apuntes_vision_capas", 62, 2): _cp(lambda v: same(v["da"], v["w3"].T @ v["d3"])),
    ("apuntes_vision_capas", 64, 1): _cp(lambda v: same(v["dw3"], np.outer(v["a"], v["d3"]))),
    ("apuntes_vision_capas", 66, 1): fixed(
        lambda: 10 * 16 + 10 == 170 == params(torch.nn.Linear(16, 10))
    ),
    ("apuntes_vision_capas", 66, 2): fixed(lambda: 9 + 1 + 4 + 1 + 170 == 184 == _sizes_net()),
}


# --- hoja_ejercicios_resueltos.md: the note's own numbers

_HX = np.array([[1, 0, 2], [3, 1, 0], [0, 2, 1]], dtype=float)
_HK = np.array([[1, 2], [0, -1]], dtype=float)
_HG = np.array([[1, -1], [2, 0]], dtype=float)
_HA = np.array([[1, 5, 2, 0], [3, 2, 4, 6], [0, 1, 7, 2], [6, 2, 3, 1]], dtype=float)
_HPG = np.array([[1, 2], [3, 4]], dtype=float)
_DX = np.array([[1, 2, 0], [0, 1, -1]], dtype=float)
_DW = np.array([[1, 0], [-1, 2], [0, 1]], dtype=float)
_DG = np.array([[1, 0], [2, -1]], dtype=float)


def _hoja_conv() -> dict:
    x, k = t64(_HX[None, None], True), t64(_HK[None, None], True)
    y = F.conv2d(x, k)
    (y * t64(_HG[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dk": k.grad.numpy()[0, 0], "dx": x.grad.numpy()[0, 0]}


def _pool(a: np.ndarray, g: np.ndarray, kind: str, k: int = 2, s: int = 2) -> dict:
    x = t64(a[None, None], True)
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = pool(x, k, s)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": x.grad.numpy()[0, 0]}


def _hoja_dense() -> dict:
    x, w, b = t64(_DX, True), t64(_DW, True), t64(np.zeros((1, 2)), True)
    ((x @ w + b) * t64(_DG)).sum().backward()
    return {"dw": w.grad.numpy(), "dx": x.grad.numpy(), "db": b.grad.numpy()}


_G = _HG
_K = _HK
_HDX_GIVEN = [[1, 1, -2], [2, 3, 1], [0, 2, 0]]
_UNFLIPPED = _G[0, 0] * _K[0, 0] + _G[0, 1] * _K[0, 1] + _G[1, 0] * _K[1, 0] + _G[1, 1] * _K[1, 1]

HOJA: dict[tuple[str, int, int], Truth] = {
    ("hoja_ejercicios_resueltos", 9, 2): fixed(lambda: same(_hoja_conv()["y"], [[0, 4], [3, 0]])),
    ("hoja_ejercicios_resueltos", 17, 1): fixed(lambda: same(_hoja_conv()["dk"], corr(_HX, _G))),
    ("hoja_ejercicios_resueltos", 17, 2): fixed(lambda: same(corr(_HX, _G), [[7, 0], [2, 5]])),
    ("hoja_ejercicios_resueltos", 21, 1): fixed(
        lambda: same(_hoja_conv()["dx"], corr(pad(_G, 1), rot180(_K)))
    ),
    ("hoja_ejercicios_resueltos", 21, 2): fixed(
        lambda: same(corr(pad(_G, 1), rot180(_K)), _HDX_GIVEN)
    ),
    ("hoja_ejercicios_resueltos", 25, 1): fixed(
        lambda: math.isclose(_hoja_conv()["dx"][1, 1], _UNFLIPPED)
    ),
    ("hoja_ejercicios_resueltos", 25, 2): fixed(lambda: _UNFLIPPED == -1),
    ("hoja_ejercicios_resueltos", 35, 1): fixed(
        lambda: same(_pool(_HA, _HPG, "max")["y"], [[5, 6], [6, 7]])
    ),
    ("hoja_ejercicios_resueltos", 39, 1): fixed(
        lambda: same(
            _pool(_HA, _HPG, "max")["dx"],
            [[0, 1, 0, 0], [0, 0, 0, 2], [0, 0, 4, 0], [3, 0, 0, 0]],
        )
    ),
    ("hoja_ejercicios_resueltos", 43, 1): fixed(
        lambda: same(_pool(_HA, _HPG, "avg")["y"], [[2.75, 3], [2.25, 3.25]])
    ),
    ("hoja_ejercicios_resueltos", 45, 1): fixed(
        lambda: math.isclose(_pool(_HA, _HPG, "avg")["y"][1, 1], (7 + 2 + 3 + 1) / 4)
    ),
    ("hoja_ejercicios_resueltos", 45, 2): fixed(lambda: (7 + 2 + 3 + 1) / 4 == 3.5),
    ("hoja_ejercicios_resueltos", 47, 1): fixed(
        lambda: math.isclose(_pool(_HA, _HPG, "avg")["dx"][0, 0], _HPG[0, 0])
    ),
    ("hoja_ejercicios_resueltos", 47, 2): fixed(lambda: _HPG[0, 0] == 1),
    ("hoja_ejercicios_resueltos", 55, 1): fixed(lambda: same(_hoja_dense()["dw"], _DX.T @ _DG)),
    ("hoja_ejercicios_resueltos", 55, 2): fixed(
        lambda: same(_DX.T @ _DG, [[1, 0], [4, -1], [-2, 1]])
    ),
    ("hoja_ejercicios_resueltos", 57, 1): fixed(lambda: same(_hoja_dense()["dx"], _DG @ _DW.T)),
    ("hoja_ejercicios_resueltos", 57, 2): fixed(
        lambda: same(_DG @ _DW.T, [[1, -1, 0], [2, -3, -1]])
    ),
    ("hoja_ejercicios_resueltos", 59, 1): fixed(lambda: same(_hoja_dense()["dw"], _DG.T @ _DX)),
}


# --- blog_maxpool_pt.md: 4x4 X, 2x2/2 max and average pooling, 3x3/1 overlapping max pooling

_PX = np.array([[2, 9, 1, 4], [5, 3, 8, 0], [7, 1, 6, 2], [0, 4, 3, 5]], dtype=float)
_PG = np.array([[0.5, -1], [2, 1]])
_PG2 = np.array([[1.0, 2.0], [3.0, 4.0]])


def _random_pool(r: np.random.Generator, kind: str) -> dict:
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))  # continuous values: no ties
    return {"x": x, "g": g, **_pool(x, g, kind)}


def _routed(v: dict, index: Callable[[int], int], masked: bool) -> bool:
    """dL/dx_{i,j} = g_{index(i), index(j)} (times the arg-max indicator if masked)."""
    for i in range(4):
        for j in range(4):
            a, b = index(i), index(j)
            mask = float(v["x"][i, j] == at(v["y"], a, b)) if masked else 1.0
            if not math.isclose(v["dx"][i, j], at(v["g"], a, b) * mask, abs_tol=1e-12):
                return False
    return True


def _pt(kind: str, check: Callable[[dict], bool]) -> Truth:
    return trials(lambda r: check(_random_pool(r, kind)), 1200)


BLOG_PT: dict[tuple[str, int, int], Truth] = {
    ("blog_maxpool_pt", 13, 1): fixed(lambda: same(_pool(_PX, _PG, "max")["y"], [[9, 8], [7, 6]])),
    ("blog_maxpool_pt", 19, 1): fixed(
        lambda: same(
            _pool(_PX, _PG, "max")["dx"],
            [[0, 0.5, 0, 0], [0, 0, -1, 0], [2, 0, 1, 0], [0, 0, 0, 0]],
        )
    ),
    ("blog_maxpool_pt", 23, 1): _pt("max", lambda v: _routed(v, lambda i: i // 2, True)),
    ("blog_maxpool_pt", 25, 1): _pt("max", lambda v: _routed(v, lambda i: -(-i // 2), True)),
    ("blog_maxpool_pt", 27, 1): _pt("max", lambda v: _routed(v, lambda i: i // 2, False)),
    ("blog_maxpool_pt", 33, 1): fixed(
        lambda: same(_pool(_PX, _PG2, "max", 3, 1)["y"], [[9, 9], [8, 8]])
    ),
    ("blog_maxpool_pt", 37, 1): fixed(
        lambda: math.isclose(_pool(_PX, _PG2, "max", 3, 1)["dx"][0, 1], _PG2[0, 0] + _PG2[0, 1])
    ),
    ("blog_maxpool_pt", 37, 2): fixed(lambda: _PG2[0, 0] + _PG2[0, 1] == 3),
    ("blog_maxpool_pt", 41, 1): fixed(
        lambda: math.isclose(_pool(_PX, _PG2, "max", 3, 1)["dx"][1, 2], max(_PG2[1, 0], _PG2[1, 1]))
    ),
    ("blog_maxpool_pt", 41, 2): fixed(lambda: max(_PG2[1, 0], _PG2[1, 1]) == 4),
    ("blog_maxpool_pt", 47, 1): fixed(
        lambda: same(_pool(_PX, _PG, "avg")["y"], [[4.75, 3.25], [3, 4]])
    ),
    ("blog_maxpool_pt", 51, 1): _pt(
        "avg", lambda v: same(v["dx"], np.kron(v["g"], np.ones((2, 2))) / 4)
    ),
    ("blog_maxpool_pt", 53, 1): fixed(
        lambda: math.isclose(_pool(_PX, _PG, "avg")["dx"][0, 0], _PG[0, 0] / 2)
    ),
    ("blog_maxpool_pt", 53, 2): fixed(lambda: _PG[0, 0] / 2 == 0.25),
    ("blog_maxpool_pt", 53, 3): _pt(
        "avg", lambda v: math.isclose(v["dx"].sum(), v["g"].sum() / 4, abs_tol=1e-12)
    ),
}


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh11_truth_b import NOTES_B
    from unseen_fresh11_truth_c import NOTES_C

    return {**CAPAS, **HOJA, **BLOG_PT, **NOTES_B, **NOTES_C}
