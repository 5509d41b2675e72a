"""Independent truth for the fresh61 unseen set (tests/data/check/unseen/fresh61/): the notes
lecture_conv2d_as_matrix_product, ejemplo_regla_cadena_conv_maxpool_relu,
apuntes_padding_valid_same_full and the first Hindi note (the other three live in
unseen_fresh61_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or multiplying
mismatched shapes (ValueError) disagrees.  A link between two written numbers is arithmetic; a
size, count or entry named on the left must equal the true one.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    agree,
    anchored_claims,
    at,
    conv,
    conv_out,
    corr,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh61"


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def jacobian(k: np.ndarray, n: int, s: int = 1) -> np.ndarray:
    """The matrix C of y = conv2d(x, k) with x and y vectorised row-major: torch's Jacobian,
    so C is what the convolution is, not what the note says it is."""
    kt = t64(k)

    def f(v: torch.Tensor) -> torch.Tensor:
        return F.conv2d(v.reshape(1, 1, n, n), kt[None, None], stride=s).reshape(-1)

    return torch.autograd.functional.jacobian(f, torch.zeros(n * n, dtype=F64)).numpy()


# --- lecture_conv2d_as_matrix_product.md (English lecture notes): 0-based, n = 4, k = 3, one
# channel, vec row-major; C is torch's Jacobian.

MAT = "lecture_conv2d_as_matrix_product"
MK = np.array([[1, 0, -1], [2, 1, 0], [0, -1, 1]], dtype=float)
MX = np.array([[1, 2, 0, 1], [0, 1, 3, -1], [2, -1, 1, 0], [1, 0, 2, 1]], dtype=float)
MG = np.array([[1, -1], [2, 0]], dtype=float)
MC = jacobian(MK, 4)
MV = conv(MX[None, None], MK[None, None], None, MG[None, None])
M_SIDE = conv_out(4, 3)


def _rule_matrix(k: np.ndarray, n: int) -> np.ndarray:
    """C as the note's line 11 defines it: C[m i + j, n (i+u) + (j+v)] = K[u, v]."""
    kk = k.shape[0]
    m = n - kk + 1
    c = np.zeros((m * m, n * n))
    for i in range(m):
        for j in range(m):
            for u in range(kk):
                for v in range(kk):
                    c[m * i + j, n * (i + u) + (j + v)] = k[u, v]
    return c


def _mat_forward(r: np.random.Generator) -> bool:
    x, k = r.normal(size=(4, 4)), r.normal(size=(3, 3))
    y = conv(x[None, None], k[None, None], None, np.zeros((1, 1, 2, 2)))["z"][0, 0]
    return same(y.reshape(-1), _rule_matrix(k, 4) @ x.reshape(-1))


def _mat_backward(r: np.random.Generator) -> bool:
    x, k, g = r.normal(size=(4, 4)), r.normal(size=(3, 3)), r.normal(size=(2, 2))
    dx = conv(x[None, None], k[None, None], None, g[None, None])["dx"][0, 0]
    return same(dx.reshape(-1), jacobian(k, 4).T @ g.reshape(-1))


def _mat_full(r: np.random.Generator, n: int = 4, s: int = 1) -> bool:
    """dL/dX against pad_{k-1}(G) star rot180(K) (torch's autograd for the left side)."""
    m = (n - 3) // s + 1
    x, k, g = r.normal(size=(n, n)), r.normal(size=(3, 3)), r.normal(size=(m, m))
    dx = conv(x[None, None], k[None, None], None, g[None, None], stride=s)["dx"][0, 0]
    return same(dx, corr(pad(g, 2), rot180(k)))


def _row0_gap() -> int:
    """Zeros between the first and second kernel rows in row 0 of C (a random kernel, no zero
    taps): the index of K[1,0] minus that of K[0,2], minus one."""
    nz = np.flatnonzero(jacobian(np.random.default_rng(6100).normal(size=(3, 3)), 4)[0])
    return int(nz[3] - nz[2] - 1)


M_TAPS = int(np.count_nonzero(jacobian(np.random.default_rng(6101).normal(size=(3, 3)), 4)))
M_STRIDED = jacobian(np.random.default_rng(6102).normal(size=(3, 3)), 6, s=2)

MAT_CLAIMS = claims_of(
    MAT,
    {
        "Stack the rows of": [
            None,
            equal(MX.size, 16),
            None,
            equal(M_SIDE, 4 - 3 + 1),
            equal(4 - 3 + 1, 4 - 3 + 1),
            equal(4 - 3 + 1, 2),
            equal(M_SIDE**2, 4),
        ],
        "C_{2i+j,": [trials(_mat_forward, 6103)],
        "So $C$ has $m^2 = 4$ rows": [equal(MC.shape[0], 4), equal(MC.shape[1], 16)],
        "with gaps of": [equal(_row0_gap(), 4 - 3)],
        "$$c_0 =": [
            single(lambda: same(MC[0], [1, 0, -1, 0, 2, 1, 0, 0, 0, -1, 1, 0, 0, 0, 0, 0]))
        ],
        "$$c_1 =": [
            single(lambda: same(MC[1], [0, 1, 0, -1, 0, 2, 1, 0, 0, 0, -1, 1, 0, 0, 0, 0]))
        ],
        "$$c_2 =": [
            single(lambda: same(MC[2], [0, 0, 0, 1, 0, -1, 0, 2, 1, 0, 0, 0, -1, 1, 0, 0]))
        ],
        "Each row holds the": [equal(M_TAPS, 36), equal(MC.size, 64), None, None],
        "Check on the numbers": [
            single(lambda: math.isclose(MV["z"][0, 0, 0, 0], MC[0] @ MX.reshape(-1))),
            single(lambda: math.isclose(MC[0] @ MX.reshape(-1), 1 + 1 + 1 + 1)),
            equal(1 + 1 + 1 + 1, 4),
            single(lambda: math.isclose(MV["z"][0, 0, 1, 1], 2 - 1 - 1)),
            equal(2 - 1 - 1, 1),
        ],
        "C^\\top \\operatorname{vec}(G)$$": [trials(_mat_backward, 6104)],
        "Here $C^\\top$ has": [
            equal(MC.T.shape[0], 16),
            equal(MC.T.shape[1], 2),
            trials(_mat_full, 6105),
        ],
        "Column $(0,0)$ of $C$": [
            single(lambda: math.isclose(MV["dx"][0, 0, 0, 0], MK[0, 0] * MG[0, 0])),
            equal(MK[0, 0] * MG[0, 0], 1),
            single(lambda: math.isclose(MV["dx"][0, 0, 0, 3], MK[0, 2] * MG[0, 1])),
            equal(MK[0, 2] * MG[0, 1], 1),
            single(lambda: math.isclose(MV["dx"][0, 0, 3, 0], MK[0, 2] * MG[1, 0])),
            equal(MK[0, 2] * MG[1, 0], -2),
        ],
        "\\partial X} = \\begin{bmatrix} 1 & -1": [
            single(
                lambda: same(
                    MV["dx"][0, 0],
                    [[1, -1, -1, 1], [4, -1, -1, 0], [4, 1, 2, -1], [0, -2, 2, 0]],
                )
            )
        ],
        "With a stride, $C$ simply": [
            None,
            None,
            None,
            equal(conv_out(6, 3, s=2), (6 - 3) // 2 + 1),
            equal(math.floor(3 / 2) + 1, 2),
            equal(M_STRIDED.shape[0], 4),
            equal(M_STRIDED.shape[1], 36),
            trials(lambda r: _mat_full(r, n=6, s=2), 6106),
        ],
    },
)


# --- ejemplo_regla_cadena_conv_maxpool_relu.md (Spanish worked example): 0-based, Conv2d(1, 1, 2)
# with b = -1 -> MaxPool2d(2) -> ReLU on a 5 x 5 X, L = sum c * A; torch autograd throughout.

EJ = "ejemplo_regla_cadena_conv_maxpool_relu"
EX = np.array(
    [
        [2, 2, 3, -2, 0],
        [1, 1, -1, -2, -2],
        [-2, 1, 0, -2, 3],
        [-2, -2, 0, 1, -1],
        [-1, 1, 3, -1, -1],
    ],
    dtype=float,
)
EW = np.array([[1, -1], [2, 0]], dtype=float)
EC = np.array([[1, 2], [-1, 1]], dtype=float)


def _chain(x: np.ndarray, w: np.ndarray, b: float, c: np.ndarray) -> dict:
    """Forward conv -> max pool -> ReLU, L = sum(c * A), and every intermediate gradient."""
    xt, wt, bt = t64(x, True), t64(w, True), t64([b], True)
    z = F.conv2d(xt[None, None], wt[None, None], bt)
    z.retain_grad()
    p = F.max_pool2d(z, 2)
    p.retain_grad()
    a = torch.relu(p)
    a.retain_grad()
    loss = (a[0, 0] * t64(c)).sum()
    loss.backward()
    out = {"z": z, "p": p, "a": a, "L": loss}
    out = {k: v.detach().numpy().squeeze() for k, v in out.items()}
    out |= {"dz": z.grad.numpy()[0, 0], "dp": p.grad.numpy()[0, 0], "da": a.grad.numpy()[0, 0]}
    return out | {"dx": xt.grad.numpy(), "dw": wt.grad.numpy(), "db": float(bt.grad[0])}


EV = _chain(EX, EW, -1.0, EC)


def _routing(r: np.random.Generator) -> bool:
    """The note's indicator formula for dL/dZ[i,j], r = floor(i/2), s = floor(j/2)."""
    c = r.normal(size=(2, 2))
    v = _chain(r.normal(size=(5, 5)), r.normal(size=(2, 2)), float(r.normal()), c)
    z, p = v["z"], v["p"]
    rule = np.array(
        [
            [
                c[i // 2, j // 2] * (p[i // 2, j // 2] > 0) * (z[i, j] == p[i // 2, j // 2])
                for j in range(4)
            ]
            for i in range(4)
        ]
    )
    return same(v["dz"], rule)


def _dw_sum(r: np.random.Generator) -> bool:
    """dL/dW[u,v] as the note's double sum, i = 0..3 and j = 0..4 (strict indexing)."""
    x = r.normal(size=(5, 5))
    v = _chain(x, r.normal(size=(2, 2)), float(r.normal()), r.normal(size=(2, 2)))
    rule = [
        [
            sum(at(v["dz"], i, j) * at(x, i + u, j + w) for i in range(4) for j in range(5))
            for w in range(2)
        ]
        for u in range(2)
    ]
    return same(v["dw"], rule)


def _dx_sum(r: np.random.Generator) -> bool:
    """dL/dX[p,q] = sum_{u,v} dZ[p-u, q-v] W[u,v], dZ zero outside 0..3 (declared)."""
    w = r.normal(size=(2, 2))
    v = _chain(r.normal(size=(5, 5)), w, float(r.normal()), r.normal(size=(2, 2)))
    rule = [
        [
            sum(zat(v["dz"], p - u, q - s) * w[u, s] for u in range(2) for s in range(2))
            for q in range(5)
        ]
        for p in range(5)
    ]
    return same(v["dx"], rule)


EJ_CLAIMS = claims_of(
    EJ,
    {
        "Tamaños:": [
            equal(EV["z"].shape[0], 5 - 2 + 1),
            equal(5 - 2 + 1, 4),
            equal(EV["p"].shape[0], 4 / 2),
            equal(4 / 2, 2),
        ],
        "Primera entrada": [
            single(lambda: math.isclose(EV["z"][0, 0], 2 * 1 + 2 * (-1) + 1 * 2 + 1 * 0 - 1)),
            equal(2 * 1 + 2 * (-1) + 1 * 2 + 1 * 0 - 1, 1),
        ],
        "$$Z = \\begin{bmatrix} 1 & 0": [
            single(
                lambda: same(
                    EV["z"], [[1, 0, 2, -7], [-5, 3, 0, -5], [-6, -4, 1, -4], [-3, -1, 4, -1]]
                )
            )
        ],
        "$$P = \\begin{bmatrix} 3 & 2": [
            single(lambda: same(EV["p"], [[3, 2], [-1, 4]])),
            single(lambda: same(EV["a"], [[3, 2], [0, 4]])),
        ],
        "y la pérdida vale": [
            single(lambda: math.isclose(EV["L"], 1 * 3 + 2 * 2 + (-1) * 0 + 1 * 4)),
            equal(1 * 3 + 2 * 2 + (-1) * 0 + 1 * 4, 11),
        ],
        "Paso 1 (pérdida)": [single(lambda: same(EV["da"], EC))],
        "Paso 2 (ReLU)": [
            None,
            single(lambda: math.isclose(EV["p"][1, 0], -1)),
            single(lambda: -1 < 0),
        ],
        "\\partial P} = \\begin{bmatrix}": [single(lambda: same(EV["dp"], [[1, 2], [0, 1]]))],
        "\\partial Z[i,j]} = c[r,s]": [trials(_routing, 6110)],
        "Por ejemplo $\\frac{\\partial L}{\\partial Z[0,0]}": [
            single(lambda: math.isclose(EV["dz"][0, 0], 0)),
            single(lambda: math.isclose(EV["dz"][1, 1], 1)),
            single(lambda: math.isclose(EV["dz"][1, 2], 2)),
        ],
        "\\partial Z} = \\begin{bmatrix} 0 & 0": [
            single(lambda: same(EV["dz"], [[0, 0, 0, 0], [0, 1, 2, 0], [0, 0, 0, 0], [0, 0, 1, 0]]))
        ],
        "Paso 4 (sesgo)": [
            single(lambda: math.isclose(EV["db"], EV["dz"].sum())),
            single(lambda: math.isclose(EV["dz"].sum(), 1 + 2 + 1)),
            equal(1 + 2 + 1, 4),
        ],
        "W[u,v]} = \\sum_{i=0}^{3}": [trials(_dw_sum, 6111)],
        "Por ejemplo $\\frac{\\partial L}{\\partial W[0,0]}": [
            single(
                lambda: math.isclose(EV["dw"][0, 0], 1 * EX[1, 1] + 2 * EX[1, 2] + 1 * EX[3, 2])
            ),
            single(lambda: math.isclose(1 * EX[1, 1] + 2 * EX[1, 2] + 1 * EX[3, 2], 1 - 2 + 0)),
            equal(1 - 2 + 0, -1),
        ],
        "\\partial W} = \\begin{bmatrix} -1": [single(lambda: same(EV["dw"], [[-1, -4], [4, -5]]))],
        "Paso 6 (entrada)": [
            trials(_dx_sum, 6112),
            single(lambda: math.isclose(EV["dx"][3, 2], 1 * EW[0, 0])),
            equal(1 * EW[0, 0], 1),
            single(lambda: math.isclose(EV["dx"][4, 2], 1 * EW[1, 0])),
            equal(1 * EW[1, 0], 2),
            single(lambda: math.isclose(EV["dx"][2, 2], 2 * EW[1, 0] + 1 * EW[1, 1])),
            equal(2 * EW[1, 0] + 1 * EW[1, 1], 4),
        ],
    },
)


# --- chuleta_padding_valid_same_full.md (Spanish cheat sheet): stride 1, n x n input, k x k
# kernel, p zeros per side; sizes from torch conv2d, gradients from torch autograd.

CHU = "chuleta_padding_valid_same_full"
NS = (5, 7, 10, 28)
ODD = [(n, k) for n in NS for k in (1, 3, 5)]
ALL_K = [(n, k) for n in NS for k in (2, 3, 4, 5)]


def _grad_x(r: np.random.Generator, n: int, k: int, p: int) -> tuple[np.ndarray, ...]:
    """x, kernel, upstream G and torch's dL/dx and dL/dk for conv2d with padding p."""
    x, w = r.normal(size=(n, n)), r.normal(size=(k, k))
    m = n + 2 * p - k + 1
    g = r.normal(size=(m, m))
    v = conv(x[None, None], w[None, None], None, g[None, None], padding=p)
    return x, w, g, v["dx"][0, 0], v["dw"][0, 0]


def _over(check: Callable[[np.random.Generator, int, int], bool], sizes: list, seed: int) -> Truth:
    """One comparison per (n, k) of the grid, random tensors."""
    return lambda: [
        agree(lambda n=n, k=k, t=t: check(np.random.default_rng(seed + t), n, k))
        for t, (n, k) in enumerate(sizes)
    ]


def _dx_valid(r: np.random.Generator, n: int, k: int) -> bool:
    _, w, g, dx, _ = _grad_x(r, n, k, 0)
    return same(dx, corr(pad(g, k - 1), rot180(w)))


def _dx_valid_unflipped(r: np.random.Generator, n: int, k: int) -> bool:
    _, w, g, dx, _ = _grad_x(r, n, k, 0)
    return same(dx, corr(pad(g, k - 1), w))


def _dx_same(r: np.random.Generator, n: int, k: int) -> bool:
    _, w, g, dx, _ = _grad_x(r, n, k, (k - 1) // 2)
    return same(dx, corr(pad(g, (k - 1) // 2), rot180(w)))


def _dx_full(r: np.random.Generator, n: int, k: int) -> bool:
    _, w, g, dx, _ = _grad_x(r, n, k, k - 1)
    return same(dx, corr(g, rot180(w)))


def _dk(r: np.random.Generator, n: int, k: int, p: int) -> bool:
    x, _, g, _, dw = _grad_x(r, n, k, p)
    return same(dw, corr(x, g))


def _uses(n: int, k: int, i: int, j: int) -> int:
    """How many outputs of the valid conv read X[i,j]: nonzeros of torch's Jacobian column."""
    w = t64(np.ones((k, k)))

    def f(v: torch.Tensor) -> torch.Tensor:
        return F.conv2d(v.reshape(1, 1, n, n), w[None, None]).reshape(-1)

    jac = torch.autograd.functional.jacobian(f, torch.zeros(n * n, dtype=F64)).numpy()
    return int(np.count_nonzero(jac[:, i * n + j]))


def _mults(padding: int) -> int:
    layer = torch.nn.Conv2d(1, 6, 5, padding=padding).double()
    return flops_half(lambda: layer(torch.zeros(1, 1, 28, 28, dtype=F64)))


CHU_CLAIMS = claims_of(
    CHU,
    {
        "$$n_{\\text{out}} = n + 2p - k + 1$$": [
            grid(
                lambda n, k, p: conv_out(n, k, p=p) == n + 2 * p - k + 1,
                [(n, k, p) for n, k in ALL_K for p in range(3)],
            )
        ],
        "- **valid**": [None, grid(lambda n, k: conv_out(n, k) == n - k + 1, ALL_K)],
        "- **same**": [
            None,
            grid(lambda n, k: conv_out(n, k, p=(k - 1) // 2) == n + (k - 1) - k + 1, ODD),
            grid(lambda n, k: n + (k - 1) - k + 1 == n, ODD),
        ],
        "- **full**": [
            None,
            grid(lambda n, k: conv_out(n, k, p=k - 1) == n + 2 * (k - 1) - k + 1, ALL_K),
            grid(lambda n, k: n + 2 * (k - 1) - k + 1 == n + k - 1, ALL_K),
        ],
        "Ejemplo MNIST": [
            None,
            None,
            equal(conv_out(28, 5), 28 - 5 + 1),
            equal(28 - 5 + 1, 24),
            equal(conv_out(28, 5, p=2), 28),
            None,
            equal(conv_out(28, 5, p=4), 28 + 5 - 1),
            equal(28 + 5 - 1, 31),
        ],
        "Ojo con $k$ par": [
            None,
            None,
            grid(lambda n: conv_out(n, 4, p=2) == n, [(n,) for n in NS]),
        ],
        "\\partial X} = \\operatorname{pad}_{k-1}(G) \\star \\operatorname{rot}_{180}(K)$$": [
            _over(_dx_valid, ALL_K, 6120)
        ],
        "es decir, el backward": [
            grid(
                lambda n, k: (n - k + 1) + 2 * (k - 1) - k + 1 == n == conv_out(n, k) + k - 1, ALL_K
            ),
            equal(24 + 2 * 4 - 5 + 1, 28),
        ],
        "\\operatorname{pad}_{(k-1)/2}(G)": [_over(_dx_same, ODD, 6130)],
        "Y si el forward fue": [
            _over(_dx_full, ALL_K, 6140),
            grid(lambda n, k: (n + k - 1) - k + 1 == n == conv_out(n, k, p=k - 1) - k + 1, ALL_K),
        ],
        "Error típico": [_over(_dx_valid_unflipped, [(n, k) for n, k in ALL_K if k > 1], 6150)],
        "En modo valid, $\\frac": [
            _over(lambda r, n, k: _dk(r, n, k, 0), ALL_K, 6160),
            grid(lambda n, k: n - conv_out(n, k) + 1 == k, ALL_K),
            _over(
                lambda r, n, k: _dk(r, n, k, (k - 1) // 2), [(n, k) for n, k in ODD if k > 1], 6170
            ),
        ],
        "En modo full cada": [equal(_uses(28, 5, 3, 3), 3 * 3), equal(3 * 3, 9)],
        "El padding no cambia": [
            equal(params(torch.nn.Conv2d(1, 6, 5, padding=2)), 6 * 25 + 6),
            equal(6 * 25 + 6, 156),
            equal(_mults(2), 28**2 * 6 * 25),
            equal(28**2 * 6 * 25, 117600),
            equal(_mults(0), 25**2 * 150),
            equal(25**2 * 150, 93750),
        ],
    },
)


# --- vyakhyan_bias_gradient_batch.md (Hindi lecture notes): 1-based, X of shape N x C x H x W,
# F filters; G = dL/dY is random, L = sum(Y * G) so torch's gradients are those of G.

BIAS = "vyakhyan_bias_gradient_batch"


def _batch(r: np.random.Generator, n: int = 3, c: int = 2, f: int = 4, side: int = 5) -> dict:
    """A random batch through conv2d(C -> F, k = 3) with a bias; L = sum(Y * G)."""
    x, w, b = r.normal(size=(n, c, side, side)), r.normal(size=(f, c, 3, 3)), r.normal(size=f)
    g = r.normal(size=(n, f, side - 2, side - 2))
    return {"x": x, "w": w, "b": b, "G": g} | conv(x, w, b, g)


def _forward_1based(r: np.random.Generator) -> bool:
    """Y[n,f,i,j] = b_f + sum_{c,u,v} W[f,c,u,v] X[n,c,i+u-1,j+v-1], all indices 1-based."""
    v = _batch(r)
    x, w, b = v["x"], v["w"], v["b"]
    n_, c_, f_, o = x.shape[0], x.shape[1], w.shape[0], x.shape[2] - 2
    y = np.zeros((n_, f_, o, o))
    for n in range(1, n_ + 1):
        for f in range(1, f_ + 1):
            for i in range(1, o + 1):
                for j in range(1, o + 1):
                    y[n - 1, f - 1, i - 1, j - 1] = b[f - 1] + sum(
                        at(w, f - 1, c - 1, u - 1, s - 1)
                        * at(x, n - 1, c - 1, i + u - 2, j + s - 2)
                        for c in range(1, c_ + 1)
                        for u in range(1, 4)
                        for s in range(1, 4)
                    )
    return same(v["z"], y)


def _dy_db(r: np.random.Generator) -> bool:
    """Every output of channel f depends on b_f with slope 1 (torch's Jacobian)."""
    v = _batch(r)
    xt, wt = t64(v["x"]), t64(v["w"])
    jac = torch.autograd.functional.jacobian(lambda b: F.conv2d(xt, wt, b), t64(v["b"])).numpy()
    f = v["b"].size
    return all(same(jac[:, k, :, :, k], np.ones(jac.shape[:1] + jac.shape[2:4])) for k in range(f))


def _db_sum(scale: Callable[[int, int], float]) -> Truth:
    """torch's dL/db_f against scale(N, C) times the sum of G over the batch and the positions."""

    def check(r: np.random.Generator) -> bool:
        v = _batch(r)
        n, c = v["x"].shape[:2]
        return same(v["db"], scale(n, c) * v["G"].sum(axis=(0, 2, 3)))

    return trials(check, 6180 + int(1000 * scale(4, 3)))


def _db_batch_loss(reduce_mean: bool, scale_by_n: bool, seed: int) -> Truth:
    """L = mean (or sum) over n of l_n = sum(Y[n] * g_n); torch's dL/db against the note's
    (1/N) sum_n sum_{i,j} g_n (scale_by_n) or the plain sum."""

    def check(r: np.random.Generator) -> bool:
        v = _batch(r)
        xt, wt, bt = t64(v["x"]), t64(v["w"]), t64(v["b"], True)
        per = (F.conv2d(xt, wt, bt) * t64(v["G"])).sum(dim=(1, 2, 3))
        (per.mean() if reduce_mean else per.sum()).backward()
        n = v["x"].shape[0]
        rule = v["G"].sum(axis=(0, 2, 3)) / (n if scale_by_n else 1)
        return same(bt.grad.numpy(), rule)

    return trials(check, seed)


def _bias_by_hand() -> dict:
    """N = 2, F = 2, 2 x 2 outputs; the note's G[n,f] (1-based) at g[n-1, f-1]."""
    g = np.array(
        [
            [[[1, -2], [0, 3]], [[2, 1], [-1, 0]]],
            [[[-1, 0], [2, 1]], [[0, 3], [1, -2]]],
        ],
        dtype=float,
    )
    r = np.random.default_rng(6190)  # X and W do not enter dL/db
    return conv(r.normal(size=(2, 1, 3, 3)), r.normal(size=(2, 1, 2, 2)), r.normal(size=2), g)


BH = _bias_by_hand()


def _bn_bias(train: bool) -> Truth:
    """conv2d -> batch_norm (training mode, or eval mode with random running statistics and
    affine parameters); L = sum(Yhat * G'). Returns torch's dL/db and the sum of G'."""

    def check(r: np.random.Generator) -> bool:
        v = _batch(r)
        f = v["b"].size
        xt, wt, bt = t64(v["x"]), t64(v["w"]), t64(v["b"], True)
        mean, var = t64(r.normal(size=f)), t64(r.uniform(0.5, 2.0, size=f))
        gamma, beta = t64(r.uniform(0.5, 2.0, size=f)), t64(r.normal(size=f))
        y = F.conv2d(xt, wt, bt)
        yhat = F.batch_norm(y, mean, var, gamma, beta, training=train)
        (yhat * t64(v["G"])).sum().backward()
        rule = np.zeros(f) if train else v["G"].sum(axis=(0, 2, 3))
        return same(bt.grad.numpy(), rule)

    return trials(check, 6200 + train)


BIAS_CLAIMS = claims_of(
    BIAS,
    {
        "$$Y[n,f,i,j] = b_f": [trials(_forward_1based, 6171)],
        "मान लीजिए $L$": [None, trials(_dy_db, 6172)],
        "\\partial b_f} = \\sum_{n=1}^{N} \\sum_{i=1}^{H_o}": [_db_sum(lambda n, c: 1.0)],
        "\\partial b_f} = C \\sum": [_db_sum(lambda n, c: float(c))],
        "\\partial b_f} = \\frac{1}{N} \\sum_{n=1}^{N} \\sum_{i=1}^{H_o}": [
            _db_batch_loss(True, True, 6173)
        ],
        "और अगर हानि बैच का योग है": [None, _db_batch_loss(False, True, 6174)],
        "`nn.Conv2d(3, 16, 3, padding=1)`, बैच": [
            None,
            equal(params(torch.nn.Conv2d(3, 16, 3, padding=1)), 16 * 3 * 9 + 16),
            equal(16 * 3 * 9 + 16, 448),
            equal(torch.nn.Conv2d(3, 16, 3, padding=1).bias.numel(), 16),
        ],
        "$H_o = 32 + 2 - 3 + 1": [
            equal(conv_out(32, 3, p=1), 32 + 2 - 3 + 1),
            equal(32 + 2 - 3 + 1, 32),
            equal(8 * conv_out(32, 3, p=1) ** 2, 8 * 32 * 32),
            equal(8 * 32 * 32, 8192),
            equal(conv_out(32, 3), 32 - 3),
            equal(32 - 3, 29),
            equal(8 * 29 * 29, 6728),
        ],
        "stride 2 और padding 1": [
            equal(conv_out(32, 3, s=2, p=1), 32 / 2 + 1),
            equal(32 / 2 + 1, 17),
            equal(8 * 17 * 17, 2312),
        ],
        "\\partial b_1} = (1 - 2": [
            single(lambda: math.isclose(BH["db"][0], (1 - 2 + 0 + 3) + (-1 + 0 + 2 + 1))),
            equal((1 - 2 + 0 + 3) + (-1 + 0 + 2 + 1), 2 + 2),
            equal(2 + 2, 4),
        ],
        "\\partial b_2} = (2 + 1": [
            single(lambda: math.isclose(BH["db"][1], (2 + 1 - 1 + 0) + (0 + 3 + 1 - 2))),
            equal((2 + 1 - 1 + 0) + (0 + 3 + 1 - 2), 2 + 3),
            equal(2 + 3, 5),
        ],
        "पूरी तरह कट जाता है": [_bn_bias(True)],
        "eval मोड में BN": [None, None, _bn_bias(False)],
    },
)


def truth_table() -> Claims:
    from unseen_fresh61_truth_b import NOTES_B

    return {**NOTES_B, **MAT_CLAIMS, **EJ_CLAIMS, **CHU_CLAIMS, **BIAS_CLAIMS}
