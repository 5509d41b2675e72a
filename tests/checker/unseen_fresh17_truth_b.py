"""Independent truth for the fresh17 notes hw5_multichannel_solution (N = 2, C_in = 2,
C_out = 3, 4x4 input, 3x3 kernels, padding 1, loss summed over the batch, 0-based) and
resumen_pooling_parcial (2x2 max / average pooling of the note's 4x4 map with its G, first-max
rule on ties as PyTorch, global average pooling of 3 channels of 4x4, 1-based in the note).
Helpers and conventions as in unseen_fresh17_truth.py."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh17_truth import equal, keyed, once, trials
from unseen_truth_base import Truth, at, conv, conv_out, corr, pad, params, rot180, same, t64, zat

# --- hw5_multichannel_solution.md

HW = "hw5_multichannel_solution"
_SUMS = np.array([[1.5, -2, 0.5], [0.5, 1, -1]])  # sums of delta_{n,f} over the 16 positions


def _batch(r: np.random.Generator, sums: np.ndarray | None = None) -> dict:
    x, w, b = r.normal(size=(2, 2, 4, 4)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
    d = r.normal(size=(2, 3, 4, 4))
    if sums is not None:  # shift each map so that it sums to the handout's figure
        d += (sums - d.sum(axis=(2, 3)))[:, :, None, None] / 16
    xt = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    return {"x": x, "xt": xt, "w": w, "b": b, "d": d, **conv(x, w, b, d, padding=1)}


def _on_batch(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_batch(r)), seed)


def _hw_forward(v: dict) -> bool:
    w, xt = v["w"], v["xt"]
    rhs = np.zeros((2, 3, 4, 4))
    for n, f, i, j in np.ndindex(2, 3, 4, 4):
        rhs[n, f, i, j] = v["b"][f] + sum(
            at(w, f, c, u, q) * at(xt, n, c, i + u, j + q)
            for c in range(2)
            for u in range(3)
            for q in range(3)
        )
    return same(v["z"], rhs)


def _hw_dw(v: dict) -> bool:
    d, xt = v["d"], v["xt"]
    rhs = np.zeros((3, 2, 3, 3))
    for f, c, u, q in np.ndindex(3, 2, 3, 3):
        rhs[f, c, u, q] = sum(
            at(d, n, f, i, j) * at(xt, n, c, i + u, j + q)
            for n in range(2)
            for i in range(4)
            for j in range(4)
        )
    return same(v["dw"], rhs)


def _hw_dw_op(scale: float) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        return all(
            same(v["dw"][f, c], scale * sum(corr(v["xt"][n, c], v["d"][n, f]) for n in range(2)))
            for f in range(3)
            for c in range(2)
        )

    return rel


def _hw_dx(v: dict) -> bool:
    d, w = v["d"], v["w"]  # delta zero outside 0..3, as the note sets
    rhs = np.zeros((2, 2, 4, 4))
    for n, c, p, q in np.ndindex(2, 2, 4, 4):
        rhs[n, c, p, q] = sum(
            at(w, f, c, u, s) * zat(d, n, f, p + 1 - u, q + 1 - s)
            for f in range(3)
            for u in range(3)
            for s in range(3)
        )
    return same(v["dx"], rhs)


def _hw_corner(v: dict) -> bool:
    d, w = v["d"], v["w"]
    return all(
        math.isclose(
            v["dx"][n, c, 0, 0],
            sum(
                at(w, f, c, u, s) * at(d, n, f, u - 1, s - 1)
                for f in range(3)
                for u in (1, 2)
                for s in (1, 2)
            ),
            abs_tol=1e-12,
        )
        for n in range(2)
        for c in range(2)
    )


def _hw_dx_op(padding: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        d, w = v["d"], v["w"]
        return all(
            same(
                v["dx"][n, c],
                sum(corr(pad(d[n, f], padding), rot180(w[f, c])) for f in range(3)),
            )
            for n in range(2)
            for c in range(2)
        )

    return rel


def _hw_dx_wrong_axis(v: dict) -> bool:
    """Sum over c (the left side's own index) with f free: must hold for every f and c."""
    d, w = v["d"], v["w"]
    return all(
        same(v["dx"][n, c], sum(corr(pad(d[n, f], 1), rot180(w[f, cc])) for cc in range(2)))
        for n in range(2)
        for c in range(2)
        for f in range(3)
    )


def _db0(r: np.random.Generator) -> bool:
    return math.isclose(_batch(r, _SUMS)["db"][0], 1.5 + 0.5)


_PER_ENTRY = params(torch.nn.Conv2d(2, 3, 3, bias=False)) // 3  # multiplications per output
_OUT_ENTRIES = 2 * 3 * conv_out(4, 3, 1, 1) ** 2

HW5 = keyed(
    HW,
    [
        ("$$H_{out} = \\frac{4 + 2", 1, equal(conv_out(4, 3, 1, 1), (4 + 2 * 1 - 3) / 1 + 1)),
        ("$$H_{out} = \\frac{4 + 2", 2, equal((4 + 2 * 1 - 3) / 1 + 1, 4)),
        ("$$P = 3 \\cdot 2", 1, equal(params(torch.nn.Conv2d(2, 3, 3)), 3 * 2 * 3 * 3 + 2)),
        ("$$P = 3 \\cdot 2", 2, equal(3 * 2 * 3 * 3 + 2, 56)),
        ("$$y_{n,f,i,j} = b_f", 1, _on_batch(_hw_forward, 400)),
        ("\\partial w_{f,c,u,v}} = \\sum_{n=0}^{1}", 1, _on_batch(_hw_dw, 410)),
        (
            "$$\\frac{\\partial L}{\\partial W_{f,c}} = \\sum_{n=0}^{1}",
            1,
            _on_batch(_hw_dw_op(1.0), 420),
        ),
        ("\\frac{1}{2} \\sum_{n=0}^{1}", 1, _on_batch(_hw_dw_op(0.5), 430)),
        (
            "\\partial b_f} = \\sum_{n=0}^{1}",
            1,
            _on_batch(lambda v: same(v["db"], v["d"].sum(axis=(0, 2, 3))), 440),
        ),
        ("\\partial b_0} = 1.5 + 0.5", 1, trials(_db0, 450)),
        ("\\partial b_0} = 1.5 + 0.5", 2, equal(1.5 + 0.5, 2.5)),
        ("\\partial x_{n,c,p,q}} = \\sum_{f=0}^{2}", 1, _on_batch(_hw_dx, 460)),
        ("\\partial x_{n,c,0,0}}", 1, _on_batch(_hw_corner, 470)),
        ("\\sum_{f=0}^{2} \\operatorname{pad}_1(\\Delta_{n,f})", 1, _on_batch(_hw_dx_op(1), 480)),
        ("\\operatorname{pad}_2(\\Delta_{n,f})", 1, _on_batch(_hw_dx_op(2), 490)),
        ("\\sum_{c=0}^{1} \\operatorname{pad}_1", 1, _on_batch(_hw_dx_wrong_axis, 500)),
        ("$C_{in} K^2 = 18$", 1, equal(_PER_ENTRY, 18)),
        ("$$M = 2 \\cdot 3", 1, equal(_OUT_ENTRIES * _PER_ENTRY, 2 * 3 * 16 * 18)),
        ("$$M = 2 \\cdot 3", 2, equal(2 * 3 * 16 * 18, 1728)),
        ("about twice as many", 1, equal(2 * 1728, 3356)),
    ],
)


# --- resumen_pooling_parcial.md (1-based in the note, 0-based arrays here)

POOL = "resumen_pooling_parcial"
_A = np.array([[1, 3, 2, 4], [5, 0, 1, 1], [2, 2, 0, 6], [1, 2, 3, 1]], dtype=np.float64)
_G = np.array([[2, -1], [0.5, 4]])


def _pool(kind: str, a: np.ndarray = _A, g: np.ndarray = _G, k: int = 2, s: int = 2) -> dict:
    at_ = t64(a[None, None], True)
    y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(at_, k, s)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "da": at_.grad.numpy()[0, 0]}


def _avg_elementwise(r: np.random.Generator) -> bool:
    a, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    da = _pool("avg", a, g)["da"]
    rhs = [
        [0.25 * at(g, math.ceil(i / 2) - 1, math.ceil(j / 2) - 1) for j in range(1, 5)]
        for i in range(1, 5)
    ]
    return same(da, rhs)


def _kron(r: np.random.Generator) -> bool:
    a, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    return same(_pool("avg", a, g)["da"], np.kron(g, np.ones((2, 2))))


def _gap(gz: np.ndarray, a: np.ndarray) -> np.ndarray:
    at_ = t64(a, True)
    z = F.adaptive_avg_pool2d(at_[None], 1).reshape(3)
    (z * t64(gz)).sum().backward()
    return at_.grad.numpy()


def _gap_rule(r: np.random.Generator) -> bool:
    gz, a = r.normal(size=3), r.normal(size=(3, 4, 4))
    return same(_gap(gz, a), np.broadcast_to(gz[:, None, None] / 16, (3, 4, 4)))


def _gap_third(r: np.random.Generator) -> bool:
    da = _gap(np.array([0.8, -1.6, 3.2]), r.normal(size=(3, 4, 4)))
    return same(da[2], np.full((4, 4), 3.2 / 16))


_POOL_OUT = int(F.max_pool2d(torch.zeros(1, 1, 4, 4), 3, 2).shape[-1])
_MAX_DA = [[0, 0, 0, -1], [2, 0, 0, 0], [0.5, 0, 0, 4], [0, 0, 0, 0]]
_TIES_DA = [[0, 0, 0, -1], [2, 0, 0, 0], [0.5, 0.5, 0, 4], [0, 0.5, 0, 0]]
_AVG_DA = [
    [0.5, 0.5, -0.25, -0.25],
    [0.5, 0.5, -0.25, -0.25],
    [0.125, 0.125, 1, 1],
    [0.125, 0.125, 1, 1],
]

POOLING = keyed(
    POOL,
    [
        (
            "$$Y = \\begin{pmatrix} 5 & 4",
            1,
            once(lambda: same(_pool("max")["y"], [[5, 4], [2, 6]])),
        ),
        ("\\\\ 0.5 & 0 & 0 & 4 \\\\", 1, once(lambda: same(_pool("max")["da"], _MAX_DA))),
        ("\\\\ 0.5 & 0.5 & 0 & 4 \\\\", 1, once(lambda: same(_pool("max")["da"], _TIES_DA))),
        (
            "g_{1,1} \\cdot 5 = 10",
            1,
            once(lambda: math.isclose(_pool("max")["da"][1, 0], _G[0, 0] * 5)),
        ),
        ("g_{1,1} \\cdot 5 = 10", 2, equal(_G[0, 0] * 5, 10)),
        (
            "$$y_{1,1} = \\frac{1 + 3",
            1,
            once(lambda: math.isclose(_pool("avg")["y"][0, 0], (1 + 3 + 5 + 0) / 4)),
        ),
        ("$$y_{1,1} = \\frac{1 + 3", 2, equal((1 + 3 + 5 + 0) / 4, 2.25)),
        ("$$Y_{avg}", 1, once(lambda: same(_pool("avg")["y"], [[2.25, 2], [1.5, 2.5]]))),
        ("\\frac{1}{4} \\, g_{\\lceil i/2", 1, trials(_avg_elementwise, 600)),
        ("G \\otimes \\mathbf{1}_{2 \\times 2}$$", 1, trials(_kron, 610)),
        ("0.5 & 0.5 & -0.25 & -0.25 \\\\ 0.5", 1, once(lambda: same(_pool("avg")["da"], _AVG_DA))),
        ("\\frac{1}{16} \\frac{\\partial L}{\\partial z_c}", 1, trials(_gap_rule, 620)),
        ("3.2/16 = 0.02", 1, trials(_gap_third, 630)),
        ("3.2/16 = 0.02", 2, equal(3.2 / 16, 0.02)),
        ("\\left\\lceil \\frac{4 - 3}{2}", 1, equal(_POOL_OUT, math.ceil((4 - 3) / 2) + 1)),
        ("\\left\\lceil \\frac{4 - 3}{2}", 2, equal(math.ceil((4 - 3) / 2) + 1, 2)),
    ],
)

NOTES_B = {**HW5, **POOLING}
