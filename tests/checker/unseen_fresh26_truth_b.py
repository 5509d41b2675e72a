"""Independent truth for the fresh26 unseen set, notes folha_consulta_p2_convolucoes,
doc_petitreseau_couches and reading_group_conv_arithmetic (see unseen_fresh26_truth.py for the
conventions). Sizes come from torch's own layers (conv2d, conv_transpose2d, max_pool2d, conv1d
with dilation) on grids of sizes; gradients from autograd in float64.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view
from unseen_fresh26_truth import Claims, effective_kernel, key
from unseen_truth_base import (
    F64,
    Truth,
    agree,
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
    tconv_out,
    trials,
    zat,
)


def _one_channel(r: np.random.Generator, h: int, k: int, s: int = 1) -> dict:
    x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
    side = conv_out(h, k, s)
    g = r.normal(size=(side, side))
    t = conv(x[None, None], w[None, None], None, g[None, None], stride=s)
    return {"x": x, "w": w, "g": g, "s": s, "dx": t["dx"][0, 0], "dw": t["dw"][0, 0]}


def _on_grid(rel: Callable[[dict], bool], sizes: list[tuple[int, ...]], seed: int) -> Truth:
    """One comparison per size (h, k[, s]) of the grid, on random tensors."""
    r = np.random.default_rng(seed)
    return lambda: [bool(rel(_one_channel(r, *size))) for size in sizes]


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# --- folha_consulta_p2_convolucoes.md: symbols H, K, S, P, D, C_i, C_o in the legend, 0-based

FOLHA = "folha_consulta_p2_convolucoes"


def _conv_size_grid() -> list[bool]:
    return [
        conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1
        for h, k, s, p in itertools.product(range(5, 13), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2))
    ]


def _transposed_grid(formula: Callable[[int, int, int, int], int]) -> list[bool]:
    return [
        tconv_out(h, k, s, p) == formula(h, k, s, p)
        for h, k, s, p in itertools.product((2, 3, 4, 5), (2, 3, 4), (1, 2, 3), (0, 1))
        if (h - 1) * s - 2 * p + k >= 1
    ]


def _tanh_prime(r: np.random.Generator) -> bool:
    z = r.normal(size=7)
    zt = t64(z, True)
    torch.tanh(zt).sum().backward()
    return same(zt.grad.numpy(), (1 - np.tanh(z)) ** 2)


def _softmax_ce(batch: int) -> Callable[[np.random.Generator], bool]:
    """Mean cross-entropy of softmax over a batch (one row per example) against Y_hat - Y."""

    def rel(r: np.random.Generator) -> bool:
        z, labels = r.normal(size=(batch, 5)), r.integers(0, 5, size=batch)
        y = np.eye(5)[labels]
        zt = t64(z, True)
        F.cross_entropy(zt, torch.tensor(labels), reduction="mean").backward()
        return same(zt.grad.numpy(), _softmax(z) - y)

    return rel


def _dense_cols(form: str) -> Truth:
    """z = W x + b with W m x n on a grid of (m, n); delta = dL/dz."""

    def rel() -> list[bool]:
        r, out = np.random.default_rng(700), []
        for m, n in ((3, 5), (4, 4), (2, 6)):
            w, x, b, d = r.normal(size=(m, n)), r.normal(size=n), r.normal(size=m), r.normal(size=m)
            wt, xt = t64(w, True), t64(x, True)
            ((wt @ xt + t64(b)) * t64(d)).sum().backward()
            dw, dx = wt.grad.numpy(), xt.grad.numpy()
            if form == "dw":
                out.append(agree(lambda dw=dw, d=d, x=x: same(dw, np.outer(d, x))))
            else:
                out.append(agree(lambda dx=dx, w=w, d=d: same(dx, w @ d)))
        return out

    return rel


def _avgpool(r: np.random.Generator) -> bool:
    x, d = r.normal(size=(6, 6)), r.normal(size=(3, 3))
    xt = t64(x[None, None], True)
    (F.avg_pool2d(xt, 2, 2) * t64(d[None, None])).sum().backward()
    rhs = [[d[p // 2, q // 2] / 4 for q in range(6)] for p in range(6)]
    return same(xt.grad.numpy()[0, 0], rhs)


_STRIDED = [(h, k, s) for h, k, s in itertools.product(range(4, 10), (1, 2, 3), (2, 3))
            if (h - k) % s == 0]  # fmt: skip

FOLHA_CLAIMS: Claims = {
    key(FOLHA, "| 1 | saída da conv", 1): _conv_size_grid,
    key(FOLHA, "| 1 | saída da conv", 6): equal(conv_out(32, 5, 1, 0), 28),
    key(FOLHA, "| 2 | parâmetros", 1): lambda: [
        params(torch.nn.Conv2d(ci, co, k)) == co * (ci * k**2 + 1)
        for ci, co, k in itertools.product((1, 3, 8), (2, 16, 64), (1, 3, 5))
    ],
    key(FOLHA, "| 2 | parâmetros", 2): equal(64 * (3 * 9 + 1), 1728),
    key(FOLHA, "| 3 | tamanho efetivo", 1): lambda: [
        effective_kernel(k, d) == d * (k - 1) for k, d in itertools.product((2, 3, 5), (1, 2, 3))
    ],
    key(FOLHA, "| 3 | tamanho efetivo", 4): equal(2 * 2, 4),
    key(FOLHA, "| 4 | saída da conv transposta", 1): lambda: _transposed_grid(
        lambda h, k, s, p: (h - 1) * s - 2 * p + k
    ),
    key(FOLHA, "| 4 | saída da conv transposta", 6): equal((4 - 1) * 2 - 2 + 3, 8),
    key(FOLHA, "| 5 | pesos", 3): _on_grid(
        lambda v: same(v["dw"], corr(v["x"], v["g"])), [(5, 3), (6, 2), (7, 4)], 710
    ),
    key(FOLHA, "| 6 | entrada", 3): _on_grid(
        lambda v: same(v["dx"], corr(pad(v["g"], v["w"].shape[0] - 1), rot180(v["w"]))),
        [(5, 3), (6, 2), (7, 4)],
        720,
    ),
    key(FOLHA, "| 7 | pesos com passo", 1): _on_grid(
        lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], v["s"]))), _STRIDED, 730
    ),
    key(FOLHA, "| 8 | tanh", 1): trials(_tanh_prime, 740),
    key(FOLHA, "| 9 | softmax", 1): trials(_softmax_ce(1), 750),
    key(FOLHA, "| 10 | idem", 2): trials(_softmax_ce(4), 760),
    key(FOLHA, "| 11 | densa", 2): _dense_cols("dw"),
    key(FOLHA, "| 11 | densa", 3): _dense_cols("dx"),
    key(FOLHA, "| 12 | average pooling", 1): trials(_avgpool, 770),
}


# --- doc_petitreseau_couches.md: Conv2d(3, 6, 3, stride=2, padding=1) on (4, 3, 10, 10), 0-based

DOC = "doc_petitreseau_couches"
_N, _C, _H, _F, _K, _S, _P = 4, 3, 10, 6, 3, 2, 1
_HO = (_H + 2 * _P - _K) // _S + 1


def _doc(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(_N, _C, _H, _H)), r.normal(size=(_F, _C, _K, _K)), r.normal(size=_F)
    g = r.normal(size=(_N, _F, _HO, _HO))
    xp = np.pad(x, ((0, 0), (0, 0), (_P, _P), (_P, _P)))
    on_padded = conv(xp, w, b, g, stride=_S)  # the gradient w.r.t. the padded buffer itself
    return {"x": x, "w": w, "b": b, "g": g, "xp": xp, "dxp": on_padded["dx"],
            **conv(x, w, b, g, stride=_S, padding=_P)}  # fmt: skip


def _dc(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_doc(r)), seed)


def _windows(xp: np.ndarray) -> np.ndarray:
    """[n, c, i, j, u, v] = X~_{n,c,S i+u,S j+v}."""
    return sliding_window_view(xp, (_K, _K), axis=(2, 3))[:, :, ::_S, ::_S]


def _dc_forward(v: dict) -> bool:
    rhs = np.einsum("fcuv,ncijuv->nfij", v["w"], _windows(v["xp"])) + v["b"][None, :, None, None]
    return same(v["z"], rhs)


def _dc_dw(v: dict) -> bool:
    return same(v["dw"], np.einsum("nfij,ncijuv->fcuv", v["g"], _windows(v["xp"])))


def _dc_db_free_n(v: dict) -> bool:
    """sum_{i,j} dL/dY_{n,f,i,j} for each n separately: equal to db for every n?"""
    return all(same(v["db"], v["g"][n].sum(axis=(1, 2))) for n in range(_N))


def _dc_dxp_no_stride(v: dict) -> bool:
    g, w, side = v["g"], v["w"], _H + 2 * _P
    rhs = np.zeros((_N, _C, side, side))
    for n, c, p, q in itertools.product(range(_N), range(_C), range(side), range(side)):
        rhs[n, c, p, q] = sum(g[n, f, i, j] * zat(w, f, c, p - i, q - j) for f in range(_F)
                              for i in range(_HO) for j in range(_HO))  # fmt: skip
    return same(v["dxp"], rhs)


def _dc_crop(shift: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        dxp = v["dxp"]
        rhs = [[[[at(dxp, n, c, p + shift, q + shift) for q in range(_H)] for p in range(_H)]
                for c in range(_C)] for n in range(_N)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


_POOL_X = np.array([[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]])
_POOL_DY = np.array([[1.0, -2], [3, 0.5]])


def _pool_dx(kind: str) -> np.ndarray:
    xt = t64(_POOL_X[None, None], True)
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    (pool(xt, 2) * t64(_POOL_DY[None, None])).sum().backward()
    return xt.grad.numpy()[0, 0]


def _linear(r: np.random.Generator) -> dict:
    x, w = r.normal(size=(4, 20)), r.normal(size=(5, 20))
    b, d = r.normal(size=5), r.normal(size=(4, 5))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    (F.linear(xt, wt, bt) * t64(d)).sum().backward()
    return {"x": x, "w": w, "d": d, "dx": xt.grad.numpy(), "dw": wt.grad.numpy(),
            "db": bt.grad.numpy()}  # fmt: skip


def _ln(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_linear(r)), seed)


_DOC_CONV = torch.nn.Conv2d(3, 6, kernel_size=3, stride=2, padding=1)
DOC_CLAIMS: Claims = {
    key(DOC, "$$Y_{n,f,i,j} = b_f", 1): _dc(_dc_forward, 800),
    key(DOC, "La hauteur de la sortie est", 1): lambda: [
        conv_out(h, k, s, p) == 1 + (h + 2 * p - k) // s
        for h, k, s, p in itertools.product(range(4, 13), (1, 3, 5), (1, 2, 3), (0, 1, 2))
        if h + 2 * p >= k
    ],
    key(DOC, r"\partial \mathbf{W}_{f,c,u,v}} =", 1): _dc(_dc_dw, 810),
    key(DOC, r"\partial b_f} =", 1): _dc(_dc_db_free_n, 820),
    key(DOC, r"\partial \tilde{X}_{n,c,p,q}} =", 1): _dc(_dc_dxp_no_stride, 830),
    key(DOC, "X_{n,c,p,q}} = ", 1): _dc(_dc_crop(-_P), 840),
    key(DOC, "Ici $H'", 1): equal(conv_out(10, 3, 2, 1), 1 + (10 + 2 - 3) // 2),
    key(DOC, "Ici $H'", 2): equal(1 + (10 + 2 - 3) // 2, 5),
    key(DOC, "Ici $H'", 3): equal(params(_DOC_CONV), 6 * 3 * 3 * 3),
    key(DOC, "Ici $H'", 4): equal(6 * 3 * 3 * 3, 162),
    key(DOC, "**Remarque.**", 1): equal(conv_out(12, 3, 2, 1), 1 + math.ceil(11 / 2)),
    key(DOC, "**Remarque.**", 2): equal(1 + math.ceil(11 / 2), 7),
    key(DOC, "$$X = \\begin{pmatrix}", 3): single(
        lambda: same(_pool_dx("max"), [[0, 0, 0, 0], [1, 0, 0, -2], [0, 0, 0.5, 0], [0, 3, 0, 0]])
    ),
    key(DOC, "Pour `AvgPool2d(2)`", 1): single(
        lambda: same(_pool_dx("avg"), np.kron(_POOL_DY, np.ones((2, 2))) / 4)
    ),
    key(DOC, r"\Big(\frac{\partial L}{\partial Y}\Big)^{\top} X", 1): _ln(
        lambda v: same(v["dw"], v["d"].T @ v["x"]), 850
    ),
    key(DOC, r"\Big(\frac{\partial L}{\partial Y}\Big)^{\top} X", 2): _ln(
        lambda v: same(v["db"], v["d"].T @ np.ones(4)), 860
    ),
    key(DOC, r"\Big(\frac{\partial L}{\partial Y}\Big)^{\top} X", 3): _ln(
        lambda v: same(v["dx"], v["d"] @ v["w"].T), 870
    ),
    key(DOC, "Par exemple, `Linear(20, 5)`", 1): lambda: [
        20 * 5 + 5 == 105 == params(torch.nn.Linear(20, 5))
    ],
}


# --- reading_group_conv_arithmetic.md: i, k, s, p, o per axis (Dumoulin & Visin's notation)

READ = "reading_group_conv_arithmetic"


def _dilated_out(i: int, k: int, s: int, p: int, d: int) -> int:
    z = F.conv2d(torch.zeros(1, 1, i, i, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64),
                 stride=s, padding=p, dilation=d)  # fmt: skip
    return int(z.shape[-1])


def _rel14_grid() -> list[bool]:
    out = []
    for i, s, k, p in itertools.product((2, 3, 4), (1, 2, 3), (2, 3, 4), (0, 1)):
        for a in range(s):
            if s * (i - 1) + a + k - 2 * p >= 1:
                out.append(tconv_out(i, k, s, p, a) == s * (i - 1) + a + k - 2 * p)
    return out


def _pool_side(i: int, k: int, s: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, i, i), k, s).shape[-1])


_DIL = [
    (i, k, s, p, d)
    for i, k, s, p, d in itertools.product((7, 9, 12), (2, 3), (1, 2), (0, 1), (1, 2, 3))
    if i + 2 * p >= k + (k - 1) * (d - 1)
]

READ_CLAIMS: Claims = {
    key(READ, "(Relationship 2)", 1): lambda: [
        conv_out(i, k, 1, p) == (i - k) + p + 1
        for i, k, p in itertools.product((4, 5, 7), (1, 2, 3), (1, 2))
    ],
    key(READ, 'Half ("same") padding', 2): lambda: [
        conv_out(i, k, 1, k // 2) == i for i, k in itertools.product((5, 6, 9), (1, 3, 5))
    ],
    key(READ, "(Relationship 6)", 1): lambda: [
        conv_out(i, k, s, p) == (i + 2 * p - k) // s + 1
        for i, k, s, p in itertools.product(range(4, 11), (1, 2, 3), (1, 2, 3), (0, 1, 2))
    ],
    key(READ, "Mei's example ($5", 1): equal(conv_out(5, 3, 2, 1), (5 + 2 - 3) // 2 + 1),
    key(READ, "Mei's example ($5", 2): equal((5 + 2 - 3) // 2 + 1, 3),
    key(READ, "For instance a $2 \\times 2$ max pool", 1): equal(
        _pool_side(5, 2, 2), math.ceil((5 - 2) / 2) + 1
    ),
    key(READ, "For instance a $2 \\times 2$ max pool", 2): equal(math.ceil((5 - 2) / 2) + 1, 3),
    key(READ, "A dilation rate", 1): lambda: [
        effective_kernel(k, d) == k + (k - 1) * d
        for k, d in itertools.product((2, 3, 5), (1, 2, 3))
    ],
    key(READ, "Relationship 15", 1): lambda: [
        _dilated_out(i, k, s, p, d) == (i + 2 * p - k - (k - 1) * (d - 1)) // s + 1
        for i, k, s, p, d in _DIL
    ],
    key(READ, "Stride 1, no padding", 1): _on_grid(
        lambda v: same(v["dx"], corr(pad(v["g"], v["w"].shape[0] - 1), rot180(v["w"]))),
        [(5, 3), (6, 3), (5, 2)],
        900,
    ),
    key(READ, "For a $5 \\times 5$ input", 1): _on_grid(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))),
        [(5, 3, 2)] * 3,
        910,
    ),
    key(READ, "The same expression holds", 1): _on_grid(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))),
        [(6, 3, 2)] * 3,
        920,
    ),
    key(READ, "(Relationship 14)", 1): _rel14_grid,
    key(READ, "Example ($3 \\times 3$ input", 1): equal(
        tconv_out(3, 3, 2, 1, 1), 2 * 2 + 1 + 3 - 2
    ),
    key(READ, "Example ($3 \\times 3$ input", 2): equal(2 * 2 + 1 + 3 - 2, 6),
    key(READ, "`nn.ConvTranspose2d(16, 8, 3)`", 1): equal(
        params(torch.nn.ConvTranspose2d(16, 8, 3)), 16 * 8 * 9 + 16
    ),
    key(READ, "`nn.ConvTranspose2d(16, 8, 3)`", 2): equal(16 * 8 * 9 + 16, 1168),
}

NOTES_B: Claims = {**FOLHA_CLAIMS, **DOC_CLAIMS, **READ_CLAIMS}
