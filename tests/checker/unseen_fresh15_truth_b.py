"""Independent truth for the fresh15 unseen set, notes examen_final_resuelto and
hilo_foro_paso2 (conventions and helpers in unseen_fresh15_truth.py). NumPy / torch autograd
only."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh15_truth import equal, keyed, once, trials
from unseen_truth_base import (
    Truth,
    at,
    conv,
    conv_out,
    corr,
    dilate,
    pad,
    params,
    rot180,
    same,
    t64,
    zat,
)

R2, R3, R4, R5 = range(2), range(3), range(4), range(5)


# --- examen_final_resuelto.md: independent exercises with the key's own numbers

_POOL_X = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]], dtype=float)
_POOL_G = np.array([[1, -2], [3, 0.5]])
_EJ4_X = np.array([[1, 2, 0], [0, 1, 3], [2, 1, 1]], dtype=float)
_EJ4_K = np.array([[1, 0], [-1, 2]], dtype=float)
_EJ4_G = np.array([[1, 0], [2, -1]], dtype=float)


def _pool_grad(kind: str) -> tuple[np.ndarray, np.ndarray]:
    x = t64(_POOL_X[None, None], True)
    y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(x, 2, 2)
    (y * t64(_POOL_G[None, None])).sum().backward()
    return y.detach().numpy()[0, 0], x.grad.numpy()[0, 0]


def _ej4() -> dict:
    return conv(_EJ4_X[None, None], _EJ4_K[None, None], None, _EJ4_G[None, None])


def _tanh_chain(r: np.random.Generator) -> bool:
    z, ga = t64(r.normal(size=6), True), r.normal(size=6)
    a = torch.tanh(z)
    (a * t64(ga)).sum().backward()
    return same(z.grad.numpy(), ga * (1 - a.detach().numpy() ** 2))


def _sigma0() -> tuple[float, float]:
    z = t64(0.0, True)
    s = torch.sigmoid(z)
    s.backward()
    return float(s.detach()), float(z.grad)


_ONES = np.ones((2, 2))
_AVG_WRITTEN = [  # the key's matrix as printed
    [0.25, 0.25, -0.5, -0.5],
    [0.25, 0.25, -0.5, -0.5],
    [0.75, 0.75, 0.25, 0.25],
    [0.75, 0.75, 0.25, 0.25],
]
_MAX_WRITTEN = [[0, 0, 0, 0], [1, 0, 0, -2], [0, 0, 0.5, 0], [0, 3, 0, 0]]

EXAMEN = keyed(
    "examen_final_resuelto",
    [
        ("$$H_1 = \\left\\lfloor", 1, equal(conv_out(32, 5, 2, 1), (32 + 2 * 1 - 5) // 2 + 1)),
        ("$$H_1 = \\left\\lfloor", 2, equal((32 + 2 * 1 - 5) // 2 + 1, 15)),
        ("Bastantes respondieron", 1, equal(conv_out(32, 5, 2, 1), math.ceil(29 / 2) + 1)),
        ("Bastantes respondieron", 2, equal(math.ceil(29 / 2) + 1, 16)),
        ("$$H_2 = 15 - 5 + 1", 1, equal(conv_out(15, 3, 1, 0, 2), 15 - 5 + 1)),
        ("$$H_2 = 15 - 5 + 1", 2, equal(15 - 5 + 1, 11)),
        ("sus parámetros son", 1, equal(params(torch.nn.Conv2d(3, 8, 5)), 8 * 3 * 25)),
        ("sus parámetros son", 2, equal(8 * 3 * 25, 600)),
        ("0 & 0 & 0.5 & 0", 1, once(lambda: same(_pool_grad("max")[1], _MAX_WRITTEN))),
        ("a quien repartió", 1, once(lambda: same(_pool_grad("max")[1], np.kron(_POOL_G, _ONES)))),
        ("$$Y_{\\text{avg}}", 1, once(lambda: same(_pool_grad("avg")[0], [[2.5, 2], [2.5, 1.75]]))),
        (
            "\\frac{1}{4}\\, G \\otimes",
            1,
            once(lambda: same(_pool_grad("avg")[1], np.kron(_POOL_G, _ONES) / 4)),
        ),
        (
            "\\frac{1}{4}\\, G \\otimes",
            2,
            once(lambda: same(np.kron(_POOL_G, _ONES) / 4, _AVG_WRITTEN)),
        ),
        ("Sigmoide en el origen", 1, once(lambda: math.isclose(_sigma0()[0], 0.5))),
        (
            "Sigmoide en el origen",
            2,
            once(lambda: math.isclose(_sigma0()[1], _sigma0()[0] * (1 - _sigma0()[0]))),
        ),
        (
            "Sigmoide en el origen",
            3,
            once(lambda: math.isclose(_sigma0()[0] * (1 - _sigma0()[0]), 0.5)),
        ),
        ("Si $a = \\tanh(z)$", 2, trials(_tanh_chain, 300)),
        ("= X \\star G = ", 1, once(lambda: same(_ej4()["dw"][0, 0], corr(_EJ4_X, _EJ4_G)))),
        ("= X \\star G = ", 2, once(lambda: same(corr(_EJ4_X, _EJ4_G), [[0, 1], [3, 2]]))),
        (
            "Muchos escribieron",
            1,
            once(lambda: same(_ej4()["dw"][0, 0], corr(_EJ4_X, rot180(_EJ4_G)))),
        ),
        (
            "\\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(K)",
            1,
            once(lambda: same(_ej4()["dx"][0, 0], corr(pad(_EJ4_G, 1), rot180(_EJ4_K)))),
        ),
        (
            "\\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(K)",
            2,
            once(
                lambda: same(
                    corr(pad(_EJ4_G, 1), rot180(_EJ4_K)), [[1, 0, 0], [1, 1, 0], [-2, 5, -2]]
                )
            ),
        ),
    ],
)


# --- hilo_foro_paso2.md: x 5x5 (pablo: 6x6), w 3x3, scalar b, stride 2, no padding, 0-based


def _hilo(r: np.random.Generator, side: int = 5) -> dict:
    x, w, b, g = (
        r.normal(size=(side, side)),
        r.normal(size=(3, 3)),
        r.normal(),
        r.normal(size=(2, 2)),
    )
    t = conv(x[None, None], w[None, None], np.array([b]), g[None, None], stride=2)
    return {"x": x, "w": w, "b": b, "g": g, "z": t["z"][0, 0], "dx": t["dx"][0, 0],
            "dw": t["dw"][0, 0], "db": float(t["db"][0])}  # fmt: skip


def _hilo_check(rel: Callable[[dict], bool], seed: int, side: int = 5) -> Truth:
    return trials(lambda r: rel(_hilo(r, side)), seed)


def _no_floor_grid() -> list[bool]:
    return [
        (h - k) / s + 1 == conv_out(h, k, s)
        for h in range(5, 10)
        for k in (2, 3)
        for s in (1, 2, 3)
    ]


def _hilo_forward(v: dict) -> bool:
    rhs = [
        [
            v["b"]
            + sum(
                v["w"][m, n] * at(v["x"], 2 * i + m, 2 * j + n) for m in range(3) for n in range(3)
            )
            for j in range(2)
        ]
        for i in range(2)
    ]
    return same(v["z"], rhs)


def _hilo_dx_elements(v: dict) -> bool:
    g, w = v["g"], v["w"]
    rhs = [
        [
            sum(g[i, j] * zat(w, p - 2 * i, q - 2 * j) for i in range(2) for j in range(2))
            for q in range(5)
        ]
        for p in range(5)
    ]
    return same(v["dx"], rhs)


def _dilated_written(g: np.ndarray) -> np.ndarray:
    return np.array([[g[0, 0], 0, g[0, 1]], [0, 0, 0], [g[1, 0], 0, g[1, 1]]])


HILO = keyed(
    "hilo_foro_paso2",
    [
        ("no me cuadran las dimensiones", 1, _no_floor_grid),
        ("$$y_{i,j} = b + ", 1, _hilo_check(_hilo_forward, 400)),
        (
            "$$\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_2(g)",
            1,
            _hilo_check(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))), 410),
        ),
        ("y para el filtro", 1, _hilo_check(lambda v: same(v["dw"], corr(v["x"], v["g"])), 420)),
        (
            "$$\\operatorname{dilate}_2(g) = ",
            1,
            _hilo_check(lambda v: same(dilate(v["g"], 2), _dilated_written(v["g"])), 430),
        ),
        (
            "$$\\frac{\\partial L}{\\partial w} = x \\star \\operatorname{dilate}_2(g)$$",
            1,
            _hilo_check(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 440),
        ),
        (
            "\\operatorname{pad}_2\\big(",
            1,
            _hilo_check(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))), 450
            ),
        ),
        ("$$\\frac{\\partial L}{\\partial x_{p,q}}", 1, _hilo_check(_hilo_dx_elements, 460)),
        (
            "El sesgo es lo de siempre",
            1,
            _hilo_check(
                lambda v: math.isclose(
                    v["db"], sum(at(v["g"], i, j) for i in range(3) for j in range(3))
                ),
                470,
            ),
        ),
        (
            "la esquina de abajo",
            1,
            _hilo_check(lambda v: math.isclose(v["dx"][4, 4], v["g"][1, 1] * v["w"][0, 0]), 480),
        ),
        (
            "la esquina de abajo",
            2,
            _hilo_check(lambda v: math.isclose(v["dx"][2, 2], v["g"][0, 0] * v["w"][2, 2]), 490),
        ),
        (
            "$$\\frac{\\partial L}{\\partial x_{2,2}}",
            1,
            _hilo_check(
                lambda v: math.isclose(
                    v["dx"][2, 2],
                    v["g"][0, 0] * v["w"][2, 2]
                    + v["g"][0, 1] * v["w"][2, 0]
                    + v["g"][1, 0] * v["w"][0, 2]
                    + v["g"][1, 1] * v["w"][0, 0],
                ),
                500,
            ),
        ),
        (
            "Ojo con la fórmula de marta",
            1,
            _hilo_check(lambda v: same(v["dx"][5, :], np.zeros(6)), 510, side=6),
        ),
        (
            "Ojo con la fórmula de marta",
            2,
            _hilo_check(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 520, side=6),
        ),
    ],
)

NOTES_B = {**EXAMEN, **HILO}
