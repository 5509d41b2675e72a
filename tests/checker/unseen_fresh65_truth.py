"""Independent truth for the fresh65 unseen set (tests/data/check/unseen/fresh65/): the notes
hoorcollege_toeplitz_circulant_transpose, forum_grouped_conv_which_channels and
simeioseis_syzygis_conv_transpose_arithmitika (the other four live in unseen_fresh65_truth_b.py;
truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A link between two written numbers is arithmetic; a size, count or entry
named on the left must equal the true one.
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
    anchored_claims,
    corr,
    dilate,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh65"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def conv_matrix(w: np.ndarray, n: int) -> np.ndarray:
    """The matrix of X -> F.conv2d(X, w) (valid, stride 1) on n x n inputs, vec row-major: the
    Jacobian of torch's forward, so the 'Toeplitz' structure is read off, not assumed."""

    def f(x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x.reshape(1, 1, n, n), t64(w)[None, None]).reshape(-1)

    return torch.autograd.functional.jacobian(f, torch.zeros(n * n, dtype=F64)).numpy()


def circulant(w: np.ndarray, n: int) -> np.ndarray:
    """The note's periodic correlation as an n^2 x n^2 matrix, from its defining sum."""
    out = np.zeros((n * n, n * n))
    for i in range(n):
        for j in range(n):
            for u in range(w.shape[0]):
                for v in range(w.shape[1]):
                    out[i * n + j, ((i + u) % n) * n + (j + v) % n] += w[u, v]
    return out


def input_grad(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> np.ndarray:
    """torch's dL/dX of L = sum(conv2d(x, w) * g), one channel."""
    xt = t64(x, True)
    (F.conv2d(xt[None, None], t64(w)[None, None], **kw)[0, 0] * t64(g)).sum().backward()
    return xt.grad.numpy()


# --- hoorcollege_toeplitz_circulant_transpose.md (Dutch lecture notes): 0-based, n = 3, k = 2,
# W = [[1, 2], [3, 4]], G = [[1, 0], [2, -1]], vec row-major.

HOOR = "hoorcollege_toeplitz_circulant_transpose"
TW = np.array([[1.0, 2], [3, 4]])
TG = np.array([[1.0, 0], [2, -1]])
TC = conv_matrix(TW, 3)
TDX = input_grad(np.zeros((3, 3)), TW, TG)
NOTE_C = np.array(
    [
        [1, 2, 0, 3, 4, 0, 0, 0, 0],
        [0, 1, 2, 0, 3, 4, 0, 0, 0],
        [0, 0, 0, 1, 2, 0, 3, 4, 0],
        [0, 0, 0, 0, 1, 2, 0, 3, 4],
    ]
)


def _blocks(w: np.ndarray) -> np.ndarray:
    """[[A_0, A_1, 0], [0, A_0, A_1]] with A_r as the note defines it."""
    a = [np.array([[w[r, 0], w[r, 1], 0], [0, w[r, 0], w[r, 1]]]) for r in range(2)]
    z = np.zeros((2, 3))
    return np.block([[a[0], a[1], z], [z, a[0], a[1]]])


def _toeplitz_trial(rel: Callable[[np.random.Generator, int, int], bool], seed: int) -> Truth:
    """The note's n = 3, k = 2 and a second size n = 5, k = 3, both on every trial."""
    return trials(lambda r: all(rel(r, n, k) for n, k in ((3, 2), (5, 3))), seed)


def _ct_is_input_grad(r: np.random.Generator, n: int, k: int) -> bool:
    w, g = r.normal(size=(k, k)), r.normal(size=(n - k + 1, n - k + 1))
    dx = input_grad(r.normal(size=(n, n)), w, g)
    return same(dx.reshape(-1), conv_matrix(w, n).T @ g.reshape(-1))


def _ct_full_corr(r: np.random.Generator, n: int, k: int) -> bool:
    w, g = r.normal(size=(k, k)), r.normal(size=(n - k + 1, n - k + 1))
    return same(conv_matrix(w, n).T @ g.reshape(-1), corr(pad(g, k - 1), rot180(w)).reshape(-1))


def _circ_transpose(r: np.random.Generator, n: int, k: int) -> bool:
    w, g = r.normal(size=(k, k)), r.normal(size=(n, n))
    rhs = [
        [
            sum(w[u, v] * g[(p - u) % n, (q - v) % n] for u in range(k) for v in range(k))
            for q in range(n)
        ]
        for p in range(n)
    ]
    return same(circulant(w, n).T @ g.reshape(-1), np.reshape(rhs, -1))


def _circ_norm(r: np.random.Generator, n: int, k: int) -> bool:
    w = r.normal(size=(k, k))
    dft = np.fft.fft2(np.pad(w, ((0, n - k), (0, n - k))))
    return math.isclose(np.linalg.norm(circulant(w, n), 2), np.abs(dft).max(), rel_tol=1e-9)


def _circ_normal(r: np.random.Generator, n: int, k: int) -> bool:
    c = circulant(r.normal(size=(k, k)), n)
    return same(c.T @ c, c @ c.T)


def _t1(w: np.ndarray, length: int = 5) -> np.ndarray:
    """The 1-D T with T[i, i+m] = w[m] (valid correlation as a matrix)."""
    out = np.zeros((length - len(w) + 1, length))
    for i in range(out.shape[0]):
        out[i, i : i + len(w)] = w
    return out


def _wz(w: np.ndarray, m: int) -> float:
    return float(w[m]) if 0 <= m < len(w) else 0.0  # w zero outside 0..2, as declared


def _ttt(r: np.random.Generator) -> bool:
    w = r.normal(size=3)
    t = _t1(w)
    rhs = [
        [sum(_wz(w, m) * _wz(w, m + i - j) for m in range(-5, 6)) for j in range(3)]
        for i in range(3)
    ]
    return same(t @ t.T, rhs)


def _tt_toeplitz(r: np.random.Generator) -> bool:
    w = r.normal(size=3)
    a = _t1(w).T @ _t1(w)
    return all(math.isclose(a[p, q], a[p + 1, q + 1]) for p in range(4) for q in range(4))


def _nnz_grid(n: int, k: int) -> bool:
    w = np.random.default_rng(6500 + n * 10 + k).normal(size=(k, k))
    return np.count_nonzero(conv_matrix(w, n)) == (n - k + 1) ** 2 * k**2


HOOR_CLAIMS = claims_of(
    HOOR,
    {
        "De uitvoer is $(n-k+1)": [equal(TC.shape[0], 4), equal(TC.shape[1], 9)],
        "$$C = \\begin{bmatrix} 1 & 2 & 0": [single(lambda: same(TC, NOTE_C))],
        "$$C = \\begin{bmatrix} A_0": [single(lambda: same(TC, _blocks(TW))), None],
        "Elke rij bevat precies": [
            grid(_nnz_grid, [(3, 2), (4, 2), (5, 3), (6, 3), (6, 2)]),
            equal((3 - 2 + 1) ** 2 * 2**2, 16),
        ],
        "$$\\operatorname{vec}\\!\\left(": [_toeplitz_trial(_ct_is_input_grad, 6501)],
        "5 & 7 & -2": [single(lambda: same(TDX, [[1, 2, 0], [5, 7, -2], [6, 5, -4]]))],
        "Controle van het middelste": [
            single(
                lambda: math.isclose(
                    TDX[1, 1],
                    TG[0, 0] * TW[1, 1]
                    + TG[0, 1] * TW[1, 0]
                    + TG[1, 0] * TW[0, 1]
                    + TG[1, 1] * TW[0, 0],
                )
            ),
            single(
                lambda: math.isclose(
                    TG[0, 0] * TW[1, 1]
                    + TG[0, 1] * TW[1, 0]
                    + TG[1, 0] * TW[0, 1]
                    + TG[1, 1] * TW[0, 0],
                    4 + 0 + 4 - 1,
                )
            ),
            equal(4 + 0 + 4 - 1, 7),
            single(lambda: math.isclose(TDX[2, 0], TG[1, 0] * TW[0, 0])),
            single(lambda: math.isclose(TG[1, 0] * TW[0, 0], 2)),
        ],
        "$$C^\\top \\operatorname{vec}(G) = ": [_toeplitz_trial(_ct_full_corr, 6502)],
        "Twee eigenschappen": [
            single(lambda: same(TC @ TC.T, np.sum(TW**2) * np.eye(4))),
            single(lambda: math.isclose(np.trace(TC.T @ TC), 3**2 * np.sum(TW**2))),
            single(lambda: math.isclose(3**2 * np.sum(TW**2), 9 * 30)),
            equal(9 * 30, 270),
        ],
        "is normaal": [_toeplitz_trial(_circ_normal, 6503)],
        "De getransponeerde is weer": [_toeplitz_trial(_circ_transpose, 6504)],
        "De singuliere waarden": [
            _toeplitz_trial(_circ_norm, 6505),
            single(
                lambda: math.isclose(np.abs(np.fft.fft2(np.pad(TW, ((0, 1), (0, 1))))).max(), 10)
            ),
        ],
        "Voor de Toeplitz-matrix van paragraaf": [
            single(lambda: math.isclose(np.linalg.norm(TC, 2), 10))
        ],
        "Voor $x \\in": [
            None,
            None,
            None,
            None,
            trials(_ttt, 6506),
            trials(_tt_toeplitz, 6507),
            None,
        ],
    },
)


# --- forum_grouped_conv_which_channels.md (English forum thread): nn.Conv2d(6, 9, 3, padding=1,
# groups=3) on 10 x 10, 0-based; PyTorch's groups are consecutive blocks.

FORUM = "forum_grouped_conv_which_channels"
GCIN, GCOUT, GG = 6, 9, 3


def _gconv(g: int = GG, cin: int = GCIN, cout: int = GCOUT) -> torch.nn.Conv2d:
    return nn.Conv2d(cin, cout, 3, padding=1, groups=g)


def _channels_read(o: int) -> set[int]:
    """The input channels whose values move filter o's output (torch autograd support)."""
    r = np.random.default_rng(6510 + o)
    xt = t64(r.normal(size=(1, GCIN, 5, 5)), True)
    w = t64(r.normal(size=(GCOUT, GCIN // GG, 3, 3)))
    F.conv2d(xt, w, padding=1, groups=GG)[0, o].sum().backward()
    return {c for c in range(GCIN) if np.any(xt.grad.numpy()[0, c] != 0)}


def _grouped(r: np.random.Generator, side: int = 6) -> dict:
    """torch conv2d, groups=3, padding 1, on a random 6-channel input, and the gradients of
    sum(z * G) for a random G."""
    x, w, b = (
        r.normal(size=(1, GCIN, side, side)),
        r.normal(size=(GCOUT, 2, 3, 3)),
        r.normal(size=GCOUT),
    )
    gr = r.normal(size=(1, GCOUT, side, side))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    z = F.conv2d(xt, wt, bt, padding=1, groups=GG)
    (z * t64(gr)).sum().backward()
    return {
        "x": x[0],
        "w": w,
        "b": b,
        "G": gr[0],
        "z": z.detach().numpy()[0],
        "dx": xt.grad.numpy()[0],
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _forum(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_grouped(r)), seed)


def _block(o: int) -> int:
    return 2 * (o // 3)


def _dense_weight(w: np.ndarray) -> np.ndarray:
    """The comment's W~: W_(o, c - 2 floor(o/3)) on c in C(o), zero elsewhere."""
    out = np.zeros((GCOUT, GCIN, 3, 3))
    for o in range(GCOUT):
        for c in (_block(o), _block(o) + 1):
            out[o, c] = w[o, c - _block(o)]
    return out


def _off_block_grad_zero(r: np.random.Generator) -> bool:
    v = _grouped(r)
    wt = t64(_dense_weight(v["w"]), True)
    (F.conv2d(t64(v["x"][None]), wt, t64(v["b"]), padding=1) * t64(v["G"][None])).sum().backward()
    g = wt.grad.numpy()
    return all(
        np.allclose(g[o, c], 0) for o in range(GCOUT) for c in range(GCIN) if c // 2 != o // 3
    )


M_FORUM = flops_half(
    lambda: F.conv2d(
        torch.zeros(1, 6, 10, 10, dtype=F64),
        torch.zeros(9, 2, 3, 3, dtype=F64),
        padding=1,
        groups=3,
    )
)
P_G3, P_G1 = params(_gconv()), params(_gconv(1))

FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "Call the sizes": [
            None,
            None,
            None,
            None,
            equal(_gconv().weight.shape[1], 6 / 3),
            equal(6 / 3, 2),
            equal(sum(_channels_read(o) == _channels_read(0) for o in range(GCOUT)), 3),
        ],
        "$$\\mathcal{C}(o) = ": [
            lambda: [_channels_read(o) == {_block(o), _block(o) + 1} for o in range(GCOUT)]
        ],
        "so $\\mathcal{C}(7)": [
            single(lambda: _channels_read(7) == {4, 5}),
            single(lambda: _channels_read(5) == {4, 5}),
        ],
        "$$P = 9 \\cdot 2": [equal(P_G3, 9 * 2 * 3 * 3 + 9), equal(9 * 2 * 3 * 3 + 9, 171)],
        "The same layer without groups": [
            equal(P_G1, 9 * 6 * 9 + 9),
            equal(9 * 6 * 9 + 9, 495),
            equal(P_G1 / P_G3, 3),
        ],
        "**Shapes.**": [
            equal(
                _grouped(np.random.default_rng(6511), 10)["z"].shape[-1], (10 + 2 * 1 - 3) / 1 + 1
            ),
            equal((10 + 2 * 1 - 3) / 1 + 1, 10),
            equal(M_FORUM, 10**2 * 9 * 6 * 9),
            equal(10**2 * 9 * 6 * 9, 48600),
        ],
        "$$Y_o = b_o": [
            _forum(
                lambda v: same(
                    v["z"],
                    [
                        v["b"][o]
                        + sum(corr(pad(v["x"][_block(o) + j], 1), v["w"][o, j]) for j in range(2))
                        for o in range(GCOUT)
                    ],
                ),
                6512,
            )
        ],
        "\\partial W_{o,j}} = \\operatorname{pad}_1": [
            _forum(
                lambda v: same(
                    v["dw"],
                    [
                        [corr(pad(v["x"][_block(o) + j], 1), v["G"][o]) for j in range(2)]
                        for o in range(GCOUT)
                    ],
                ),
                6513,
            ),
            _forum(lambda v: same(v["db"], v["G"].sum(axis=(1, 2))), 6514),
        ],
        "\\partial X_c} = \\sum_{o=0}^{8}": [
            _forum(
                lambda v: same(
                    v["dx"],
                    [
                        sum(corr(pad(v["G"][o], 1), rot180(v["w"][o, c % 2])) for o in range(GCOUT))
                        for c in range(GCIN)
                    ],
                ),
                6515,
            )
        ],
        "Another way to see it": [
            None,
            _forum(
                lambda v: same(
                    v["z"],
                    F.conv2d(
                        t64(v["x"][None]), t64(_dense_weight(v["w"])), t64(v["b"]), padding=1
                    ).numpy()[0],
                ),
                6516,
            ),
            trials(_off_block_grad_zero, 6517),
        ],
        "And the depthwise case": [
            equal(params(nn.Conv2d(6, 12, 3, groups=6)), 12 * 9 + 6),
            equal(12 * 9 + 6, 114),
        ],
    },
)


# --- simeioseis_syzygis_conv_transpose_arithmitika.md (Greek notes): 0-based, K(X) = X star K
# (F.conv2d), K^T = F.conv_transpose2d with the same weight, stride and padding; section 2 on the
# note's X, K, G (stride 1); section 3 at 5 x 5, k = 3, s = 2, p = 1.

SIM = "simeioseis_syzygis_conv_transpose_arithmitika"
AX = np.array([[1.0, 0, 2], [-1, 3, 1], [2, 1, 0]])
AK = np.array([[1.0, -1], [2, 0]])
AG = np.array([[1.0, 2], [0, -1]])


def _k(x: np.ndarray, w: np.ndarray, s: int = 1, p: int = 0) -> np.ndarray:
    return F.conv2d(t64(x)[None, None], t64(w)[None, None], stride=s, padding=p).numpy()[0, 0]


def _kt(g: np.ndarray, w: np.ndarray, s: int = 1, p: int = 0, a: int = 0) -> np.ndarray:
    return F.conv_transpose2d(
        t64(g)[None, None], t64(w)[None, None], stride=s, padding=p, output_padding=a
    ).numpy()[0, 0]


AY, AZ = _k(AX, AK), _kt(AG, AK)
# (input side, kernel side, stride, padding, output_padding): the note's two cases and a 6 x 6
ADJ_SIZES = [(3, 2, 1, 0, 0), (5, 3, 2, 1, 0), (6, 3, 2, 1, 1)]


def _adj(rel: Callable[[np.random.Generator, int, int, int, int, int], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(r, *size) for size in ADJ_SIZES), seed)


def _adjoint(r: np.random.Generator, n: int, k: int, s: int, p: int, a: int) -> bool:
    x, w = r.normal(size=(n, n)), r.normal(size=(k, k))
    y = _k(x, w, s, p)
    g = r.normal(size=y.shape)
    return math.isclose(np.sum(y * g), np.sum(x * _kt(g, w, s, p, a)), rel_tol=1e-9, abs_tol=1e-9)


def _grad_is_kt(r: np.random.Generator, n: int, k: int, s: int, p: int, a: int) -> bool:
    x, w = r.normal(size=(n, n)), r.normal(size=(k, k))
    g = r.normal(size=_k(x, w, s, p).shape)
    return same(input_grad(x, w, g, stride=s, padding=p), _kt(g, w, s, p, a))


def _op_matrix(f: Callable[[torch.Tensor], torch.Tensor], n_in: int) -> np.ndarray:
    return torch.autograd.functional.jacobian(f, torch.zeros(n_in, dtype=F64)).numpy()


def _norms_equal(r: np.random.Generator, n: int, k: int, s: int, p: int, a: int) -> bool:
    w = t64(r.normal(size=(k, k)))[None, None]
    m = _k(np.zeros((n, n)), np.zeros((k, k)), s, p).shape[0]
    fwd = _op_matrix(
        lambda v: F.conv2d(v.reshape(1, 1, n, n), w, stride=s, padding=p).reshape(-1), n * n
    )
    bwd = _op_matrix(
        lambda v: F.conv_transpose2d(
            v.reshape(1, 1, m, m), w, stride=s, padding=p, output_padding=a
        ).reshape(-1),
        m * m,
    )
    return math.isclose(np.linalg.norm(fwd, 2), np.linalg.norm(bwd, 2), rel_tol=1e-9)


def _inverse(r: np.random.Generator, n: int, k: int, s: int, p: int, a: int) -> bool:
    w = r.normal(size=(k, k))
    w = w / np.linalg.norm(w)
    g = r.normal(size=_k(np.zeros((n, n)), w, s, p).shape)
    return same(_k(_kt(g, w, s, p, a), w, s, p), g)


def _strided_form(r: np.random.Generator) -> bool:
    w, g = r.normal(size=(3, 3)), r.normal(size=(3, 3))
    full = corr(pad(dilate(g, 2), 1), rot180(w))
    return same(full[1:-1, 1:-1], _kt(g, w, 2, 1))


def _ip(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sum(a * b))


_HZ_GRID = [(h, s, k, p) for h in (3, 4) for s in (1, 2) for k in (3, 5) for p in (1, 2)]

SIM_CLAIMS = claims_of(
    SIM,
    {
        "$$\\langle \\mathcal{K}(X), G \\rangle = ": [_adj(_adjoint, 6520)],
        "Συνέπεια: αν": [None, None, _adj(_grad_is_kt, 6521)],
        "$$Y = X \\star K": [None, single(lambda: same(AY, [[-1, 4], [0, 4]]))],
        "και το αριστερό μέλος": [
            single(lambda: math.isclose(_ip(AY, AG), (-1) * 1 + 4 * 2 + 0 * 0 + 4 * (-1))),
            equal((-1) * 1 + 4 * 2 + 0 * 0 + 4 * (-1), 3),
        ],
        "Για το δεξί μέλος": [
            trials(
                lambda r: (lambda g, w: same(_kt(g, w), corr(pad(g, 1), rot180(w))))(
                    r.normal(size=(2, 2)), r.normal(size=(2, 2))
                ),
                6522,
            )
        ],
        "$$Z = \\mathcal{K}^\\top(G)": [
            None,
            single(lambda: same(AZ, [[1, 1, -2], [2, 3, 1], [0, -2, 0]])),
        ],
        "οπότε $\\langle X, Z": [
            single(lambda: math.isclose(_ip(AX, AZ), 1 + 0 - 4 - 2 + 9 + 1 + 0 - 2 + 0)),
            equal(1 + 0 - 4 - 2 + 9 + 1 + 0 - 2 + 0, 3),
        ],
        "Με πόλωση $b = 2$": [
            None,
            single(lambda: math.isclose(_ip(AY + 2, AG), 3 + 2 * 4)),
            equal(3 + 2 * 4, 11),
        ],
        "Η ίδια σχέση ισχύει": [
            trials(
                lambda r: (
                    lambda x, w, g: math.isclose(_ip(_k(x, w), g), _ip(w, _k(x, g)), rel_tol=1e-9)
                )(r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=(2, 2))),
                6523,
            )
        ],
        "$$X \\star G = ": [single(lambda: same(_k(AX, AG), [[-2, 3], [4, 3]]))],
        "και πράγματι": [
            single(lambda: math.isclose(_ip(AK, _k(AX, AG)), -2 - 3 + 8 + 0)),
            equal(-2 - 3 + 8 + 0, 3),
        ],
        "Τώρα $X$ είναι": [
            None,
            None,
            equal(_k(np.zeros((5, 5)), np.zeros((3, 3)), 2, 1).shape[0], (5 + 2 - 3) // 2 + 1),
            equal((5 + 2 - 3) // 2 + 1, 3),
            equal(_kt(np.zeros((3, 3)), np.zeros((3, 3)), 2, 1).shape[0], (3 - 1) * 2 - 2 * 1 + 3),
            equal((3 - 1) * 2 - 2 * 1 + 3, 5),
        ],
        "$$H_Z = (H_Y - 1)": [
            grid(
                lambda h, s, k, p: (
                    _kt(np.zeros((h, h)), np.zeros((k, k)), s, p).shape[0] == (h - 1) * s + k - p
                ),
                _HZ_GRID,
            )
        ],
        "Με είσοδο $6": [
            single(
                lambda: (
                    _k(np.zeros((6, 6)), np.zeros((3, 3)), 2, 1).shape[0]
                    == (6 + 2 - 3) // 2 + 1
                    == 3
                )
            ),
            single(
                lambda: (
                    _kt(np.zeros((3, 3)), np.zeros((3, 3)), 2, 1, 1).shape[0]
                    == (3 - 1) * 2 - 2 + 3 + 1
                    == 6
                )
            ),
        ],
        "$$\\mathcal{K}^\\top(G) = \\operatorname{crop}_1": [trials(_strided_form, 6524)],
        "Επειδή $\\mathcal{K}^\\top$": [None, _adj(_inverse, 6525), _adj(_norms_equal, 6526)],
    },
)


def truth_table() -> Claims:
    from unseen_fresh65_truth_b import NOTES_B

    return {**HOOR_CLAIMS, **FORUM_CLAIMS, **SIM_CLAIMS, **NOTES_B}
