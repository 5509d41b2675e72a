"""Independent truth for the fresh57 unseen set (tests/data/check/unseen/fresh57/): the notes
blog_convolution_as_matrix_product_toeplitz, simeioseis_dilated_syneliksi_diastoli2,
wiki_twee_kanalen_drie_filters_voorwaarts and code_review_mse_loss_conv_backward (the other
three live in unseen_fresh57_truth_b.py; truth_table merges both).

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
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh57"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _one(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """torch conv2d of one map with one kernel (no bias) and the gradients of sum(y * g)."""
    v = conv(x[None, None], w[None, None], None, g[None, None], **kw)
    return {"x": x, "w": w, "g": g, **{k: a[0, 0] for k, a in v.items()}}


# --- blog_convolution_as_matrix_product_toeplitz.md (English blog post): n = 3, k = 2, stride 1,
# valid cross-correlation, row-major flattening, 1-based entries of C, x and w_uv.

BLOG = "blog_convolution_as_matrix_product_toeplitz"
BX = np.array([[1.0, 2, 0], [3, 1, -1], [0, 2, 1]])
BW = np.array([[2.0, -1], [1, 3]])
BG = np.array([[1.0, -2], [0, 1]])


def toeplitz(w: np.ndarray, n: int) -> np.ndarray:
    """The matrix C with C vec(X) = vec(X star W), built column by column from torch: column q is
    the correlation of the q-th unit image (a linear map is its images of the unit vectors)."""
    cols = []
    for q in range(n * n):
        e = np.zeros(n * n)
        e[q] = 1.0
        y = F.conv2d(t64(e.reshape(1, 1, n, n)), t64(w[None, None]))
        cols.append(y.numpy().ravel())
    return np.array(cols).T


BC = toeplitz(BW, 3)
BV = _one(BX, BW, BG)
_N_GRID = [(n, k) for n in (3, 4, 6, 9) for k in (2, 3) if k < n]


def _blocks(c: np.ndarray, n: int, k: int) -> tuple[int, int]:
    """(number of blocks, number of nonzero blocks) of C cut into blocks of n-k+1 rows (one output
    row) and n columns (one input row); the counts come from C's own shape and entries."""
    m = n - k + 1
    rows, cols = c.shape[0] // m, c.shape[1] // n
    nb = [c[i * m : (i + 1) * m, j * n : (j + 1) * n] for i in range(rows) for j in range(cols)]
    return len(nb), sum(bool(np.any(b)) for b in nb)


def _blog_dx(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=(2, 2))
    v = _one(x, w, g)
    return same(v["dx"].ravel(), toeplitz(w, 3).T @ g.ravel())


def _blog_full(r: np.random.Generator) -> bool:
    w, g = r.normal(size=(2, 2)), r.normal(size=(2, 2))
    return same((toeplitz(w, 3).T @ g.ravel()).reshape(3, 3), corr(pad(g, 1), rot180(w)))


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "Flatten the input row by row": [
            None,
            None,
            None,
            equal(BC.shape[0], (3 - 2 + 1) ** 2),
            equal(BC.shape[1], 3**2),
        ],
        "$$C = \\begin{bmatrix} 2 & -1": [
            single(
                lambda: same(
                    BC,
                    [
                        [2, -1, 0, 1, 3, 0, 0, 0, 0],
                        [0, 2, -1, 0, 1, 3, 0, 0, 0],
                        [0, 0, 0, 2, -1, 0, 1, 3, 0],
                        [0, 0, 0, 0, 2, -1, 0, 1, 3],
                    ],
                )
            )
        ],
        "Two entries to see the pattern": [
            single(lambda: close(BC[1, 4], BW[1, 0])),
            single(lambda: close(BW[1, 0], 1)),
            single(lambda: close(BC[2, 3], BW[0, 1])),
            single(lambda: close(BW[0, 1], -1)),
        ],
        "It is a *doubly block Toeplitz*": [
            grid(
                lambda n, k: _blocks(toeplitz(np.ones((k, k)), n), n, k)[0] == (n - k + 1) * n,
                _N_GRID,
            ),
            equal(2 * 3, 6),
        ],
        "Every row holds the whole kernel": [
            equal(np.count_nonzero(BC), BC.shape[0] * 2**2),
            equal(4 * 2**2, 16),
        ],
        "$$\\rho_0 = 1 -": [
            grid(
                lambda n, k: close(
                    1 - np.count_nonzero(toeplitz(np.ones((k, k)), n)) / ((n - k + 1) ** 2 * n**2),
                    1 - k**2 / (n - k + 1) ** 2,
                ),
                _N_GRID,
            )
        ],
        "which goes to one quickly": [
            equal(np.count_nonzero(BC[:, 4]), 4),
            equal(np.count_nonzero(BC[:, 0]), 2),
        ],
        "With $x = (1, 2, 0": [single(lambda: same(BX.ravel(), [1, 2, 0, 3, 1, -1, 0, 2, 1]))],
        "$$y = Cx = (6, 2, 9, 8)": [
            single(lambda: same(BV["z"].ravel(), BC @ BX.ravel())),
            single(lambda: same(BC @ BX.ravel(), [6, 2, 9, 8])),
        ],
        "A dense product would cost": [
            equal(BC.size, 36),
            equal(BC.shape[0] * BW.size, 16),
            equal(36 / 16, 2.5),
        ],
        "$$\\frac{\\partial L}{\\partial x} = C^\\top g$$": [trials(_blog_dx, 5701)],
        "$$(C^\\top g)_5 = 3": [
            single(lambda: close((BC.T @ BG.ravel())[4], 3 * 1 + 1 * (-2) + (-1) * 0 + 2 * 1)),
            equal(3 * 1 + 1 * (-2) + (-1) * 0 + 2 * 1, 3),
        ],
        "$$C^\\top g = (2, -5": [
            single(lambda: same(BV["dx"].ravel(), [2, -5, 2, 1, 3, -5, 0, 1, 3]))
        ],
        "Reshaped to $3 \\times 3$": [trials(_blog_full, 5702)],
        "Sanity check with the adjoint": [
            single(lambda: close(float(BV["z"].ravel() @ BG.ravel()), 6 - 4 + 0 + 8)),
            equal(6 - 4 + 0 + 8, 10),
        ],
    },
)


# --- simeioseis_dilated_syneliksi_diastoli2.md (Greek lecture notes): 6.1-6.2 on 32 x 32, k = 3,
# d = 2, s = 1; 6.3-6.4 one channel, 0-based, 5 x 5 input, 2 x 2 kernel with d = 2, no padding.

SIM = "simeioseis_dilated_syneliksi_diastoli2"
SX = np.array(
    [[1.0, 0, 2, 1, 0], [2, 1, 0, 1, 3], [0, 1, 1, 2, 1], [1, 2, 0, 1, 0], [3, 0, 1, 0, 2]]
)
SW = np.array([[1.0, -1], [0, 2]])
SG = np.array([[1.0, 0, -1], [2, 1, 0], [0, 1, 1]])
SV = conv(SX[None, None], SW[None, None], np.zeros(1), SG[None, None], dilation=2)
SY_P1 = _one(SX, SW, np.ones((5, 5)), dilation=2, padding=1)["z"]
_SIZES = [(h, k, s, p, d) for h in (9, 16, 32) for k in (2, 3) for s in (1, 2) for p in (0, 1, 2)
          for d in (1, 2, 3)]  # fmt: skip


def _span(k: int, d: int) -> int:
    """The span a dilated kernel covers: how much a valid torch output is shorter, plus one."""
    h = 20
    return h - conv_out(h, k, d=d) + 1


def _receptive_field() -> int:
    """Two stacked k = 3, d = 2 layers: the input pixels one output pixel depends on (the nonzero
    extent of the input gradient of one output entry)."""
    x = torch.zeros(1, 1, 21, 21, dtype=F64, requires_grad=True)
    w = torch.ones(1, 1, 3, 3, dtype=F64)
    y = F.conv2d(F.conv2d(x, w, dilation=2), w, dilation=2)
    y[0, 0, 6, 6].backward()
    rows = np.nonzero(x.grad[0, 0].numpy().any(axis=1))[0]
    return int(rows.max() - rows.min() + 1)


def _sim_dw(rel: Callable[[np.ndarray, np.ndarray, np.ndarray], bool], seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, w, g = r.normal(size=(5, 5)), r.normal(size=(2, 2)), r.normal(size=(3, 3))
        return rel(_one(x, w, g, dilation=2)["dw"], x, g)

    return trials(lambda r: check(r), seed)


def _dw_dilated(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    return np.array(
        [
            [sum(g[i, j] * at(x, i + 2 * u, j + 2 * v) for i in range(3) for j in range(3))
             for v in range(2)]
            for u in range(2)
        ]
    )  # fmt: skip


def _dw_strided(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    return np.array(
        [
            [sum(g[i, j] * at(x, 2 * i + u, 2 * j + v) for i in range(3) for j in range(3))
             for v in range(2)]
            for u in range(2)
        ]
    )  # fmt: skip


def _sim_forward(r: np.random.Generator) -> bool:
    x, w = r.normal(size=(5, 5)), r.normal(size=(2, 2))
    y = _one(x, w, np.zeros((3, 3)), dilation=2)["z"]
    return same(
        y,
        [
            [sum(w[u, v] * at(x, i + 2 * u, j + 2 * v) for u in range(2) for v in range(2))
             for j in range(3)]
            for i in range(3)
        ],
    )  # fmt: skip


_Y12 = SW[0, 0] * SX[1, 2] + SW[0, 1] * SX[1, 4] + SW[1, 0] * SX[3, 2] + SW[1, 1] * SX[3, 4]
_DW01 = 2 + 0 + 0 + 0 + 1 + 0 + 0 + 2 + 1

SIM_CLAIMS = claims_of(
    SIM,
    {
        "$$k_{\\text{eff}} = d(k - 1) + 1": [
            equal(_span(3, 2), 2 * (3 - 1) + 1),
            equal(2 * (3 - 1) + 1, 2 * 2 + 1),
            equal(2 * 2 + 1, 5),
        ],
        "\\right\\rfloor + 1$$": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                _SIZES,
            )
        ],
        "Με $p = 2$:": [
            None,
            equal(conv_out(32, 3, 1, 2, 2), 32 + 4 - 5 + 1),
            equal(32 + 4 - 5 + 1, 32),
            None,
            equal(conv_out(32, 3, 1, 1, 2), 32 + 2 - 3 + 1),
            equal(32 + 2 - 3 + 1, 32),
        ],
        "$$P = 32 \\cdot (16": [
            equal(params(nn.Conv2d(16, 32, 3, dilation=2)), 32 * (16 * 9 + 1)),
            equal(32 * (16 * 9 + 1), 4640),
        ],
        "Για κάθε θέση εξόδου": [
            equal(nn.Conv2d(16, 32, 3, dilation=2).weight[0].numel(), 16 * 25),
            equal(16 * 25, 400),
        ],
        "Δύο τέτοια στρώματα": [None, None, equal(_receptive_field(), 2 * 5), equal(2 * 5, 10)],
        "Για να γράφονται οι πράξεις": [None, equal(_span(2, 2), 3)],
        "$$Y[i,j] = \\sum_{u=0}^{1}": [trials(_sim_forward, 5711)],
        "με πλευρά $H_{out}": [equal(conv_out(5, 2, d=2), 5 - 3 + 1), equal(5 - 3 + 1, 3)],
        "$$Y[1,2] = W[0,0]": [
            single(lambda: close(SV["z"][0, 0, 1, 2], _Y12)),
            single(lambda: close(_Y12, 0 - 3 + 0 + 0)),
            equal(0 - 3 + 0 + 0, -3),
        ],
        "$$Y = \\begin{bmatrix} 1 & 3 & 4": [
            single(lambda: same(SV["z"][0, 0], [[1, 3, 4], [2, 2, -3], [1, -1, 4]]))
        ],
        "Αν βάλουμε $p = 1$": [
            None,
            single(lambda: close(SY_P1[0, 0], SW[0, 0] * SX[0, 0])),
            single(lambda: close(SW[0, 0] * SX[0, 0], 1)),
        ],
        "G[i,j]\\, X[i + 2u": [_sim_dw(lambda dw, x, g: same(dw, _dw_dilated(x, g)), 5712)],
        "G[i,j]\\, X[2i + u": [_sim_dw(lambda dw, x, g: same(dw, _dw_strided(x, g)), 5713)],
        "$$\\frac{\\partial L}{\\partial W[0,1]} = 2": [
            single(lambda: close(SV["dw"][0, 0, 0, 1], _DW01)),
            equal(_DW01, 6),
        ],
        "\\begin{bmatrix} 6 & 6 \\\\ 4 & 5": [
            single(lambda: same(SV["dw"][0, 0], [[6, 6], [4, 5]]))
        ],
        "Αν το στρώμα έχει και bias": [
            single(lambda: close(SV["db"][0], SG.sum())),
            equal(SG.sum(), 5),
        ],
    },
)


# --- wiki_twee_kanalen_drie_filters_voorwaarts.md (Dutch wiki page): 0-based, C_in = 2, F = 3,
# k = 2, 3 x 3 input, nn.Conv2d(2, 3, 2).

WIKI = "wiki_twee_kanalen_drie_filters_voorwaarts"
WX = np.array([[[1.0, 0, 2], [-1, 1, 0], [2, 1, 1]], [[0.0, 1, 1], [2, 0, -1], [1, 1, 0]]])
WW = np.array(
    [
        [[[1.0, 0], [0, 1]], [[0.0, 1], [1, 0]]],
        [[[1.0, -1], [0, 2]], [[2.0, 0], [-1, 1]]],
        [[[0.0, 0], [1, 1]], [[1.0, 1], [0, 0]]],
    ]
)
WB = np.array([1.0, 0, -2])
WG = np.array([[[1.0, -1], [0, 2]], [[0.0, 1], [1, 1]], [[-1.0, 0], [2, -2]]])
WV = conv(WX[None], WW, WB, WG[None])


def _wiki(rel: Callable[[dict], bool], seed: int, batch: int = 1) -> Truth:
    def make(r: np.random.Generator) -> dict:
        x, w, b = r.normal(size=(batch, 2, 3, 3)), r.normal(size=(3, 2, 2, 2)), r.normal(size=3)
        g = r.normal(size=(batch, 3, 2, 2))
        return {"x": x, "w": w, "b": b, "g": g, **conv(x, w, b, g)}

    return trials(lambda r: rel(make(r)), seed)


def _wiki_y(v: dict) -> np.ndarray:
    x, w, b = v["x"][0], v["w"], v["b"]
    return np.array(
        [
            [
                [
                    b[f]
                    + sum(w[f, c, u, vv] * at(x[c], i + u, j + vv)
                          for c in range(2) for u in range(2) for vv in range(2))
                    for j in range(2)
                ]
                for i in range(2)
            ]
            for f in range(3)
        ]
    )  # fmt: skip


def _wiki_bias(v: dict, per_channel: bool) -> np.ndarray:
    x, w, b = v["x"][0], v["w"], v["b"]
    times = 2 if per_channel else 1  # the bias inside the sum over c counts once per channel
    return np.array(
        [
            sum(corr(x[c], w[f, c]) for c in range(2)) + times * b[f] * np.ones((2, 2))
            for f in range(3)
        ]
    )


_Y101 = (0 - 2 + 0 + 0) + (2 + 0 + 0 - 1) + 0
_WIN0, _WIN1 = WX[0, 0:2, 1:3], WX[1, 0:2, 1:3]
_Y101_TERMS = float(np.sum(WW[1, 0] * _WIN0) + np.sum(WW[1, 1] * _WIN1) + WB[1])
M_WIKI = flops_half(
    lambda: F.conv2d(torch.zeros(1, 2, 3, 3, dtype=F64), torch.zeros(3, 2, 2, 2, dtype=F64))
)

WIKI_CLAIMS = claims_of(
    WIKI,
    {
        "De uitvoerzijde is": [
            equal(conv_out(3, 2), 3 - 2 + 1),
            equal(3 - 2 + 1, 2),
            equal(params(nn.Conv2d(2, 3, 2)), 3 * (2 * 2**2 + 1)),
            equal(3 * (2 * 2**2 + 1), 3 * 9),
            equal(3 * 9, 27),
        ],
        "$$y[f, i, j] = b[f]": [_wiki(lambda v: same(v["z"][0], _wiki_y(v)), 5721)],
        "Het aantal vermenigvuldigingen": [
            equal(M_WIKI, 3 * 2**2 * 2 * 2**2),
            equal(3 * 2**2 * 2 * 2**2, 3 * 4 * 2 * 4),
            equal(3 * 4 * 2 * 4, 96),
        ],
        "$$y[1, 0, 1] = (0 - 2": [
            single(lambda: close(WV["z"][0, 1, 0, 1], _Y101_TERMS) and close(_Y101_TERMS, _Y101)),
            equal(_Y101, -1),
        ],
        "$$y[0] = \\begin{bmatrix} 6": [
            single(lambda: same(WV["z"][0, 0], [[6, 2], [2, 3]])),
            single(lambda: same(WV["z"][0, 1], [[1, -1], [4, 2]])),
            single(lambda: same(WV["z"][0, 2], [[-1, 1], [3, 1]])),
        ],
        "De bias $b[f]$ is": [
            equal(WV["z"][0, 0].size, 4),
            equal(nn.Conv2d(2, 3, 2).bias.numel(), 3 * 2),
            equal(3 * 2, 6),
        ],
        "$$y[f] = \\sum_{c=0}^{1} x[c] \\star w[f, c] + b[f]": [
            _wiki(lambda v: same(v["z"][0], _wiki_bias(v, per_channel=False)), 5722)
        ],
        "\\left( x[c] \\star w[f, c] + b[f]": [
            _wiki(lambda v: same(v["z"][0], _wiki_bias(v, per_channel=True)), 5723)
        ],
        "$$\\frac{\\partial L}{\\partial b[f]} = \\sum_{i=0}^{1}": [
            _wiki(lambda v: same(v["db"], v["g"][0].sum(axis=(1, 2))), 5724)
        ],
        "geeft $\\frac{\\partial L}": [single(lambda: same(WV["db"], [2, 3, -3]))],
        "\\frac{1}{N} \\sum_{n=1}^{N}": [
            _wiki(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / 4), 5725, batch=4)
        ],
    },
)


# --- code_review_mse_loss_conv_backward.md (English code review): one channel, one filter, 3 x 3
# input, 2 x 2 kernel, 0-based, L = mean of (Y - T)^2 over the N = 4 outputs.

CR = "code_review_mse_loss_conv_backward"
CX = np.array([[1.0, 2, 0], [0, 1, -1], [2, 0, 1]])
CW = np.array([[1.0, 0], [-1, 2]])
CT = np.array([[2.0, 1], [0, 1]])


def _mse(x: np.ndarray, w: np.ndarray, b: float, t: np.ndarray, reduction: str = "mean") -> dict:
    """torch conv2d (batch N, one channel) + mse_loss, and every gradient by autograd.  x
    (B, H, W), t (B, h, w)."""
    xt, wt, bt = t64(x[:, None], True), t64(w[None, None], True), t64([b], True)
    y = F.conv2d(xt, wt, bt)
    y.retain_grad()
    loss = F.mse_loss(y, t64(t[:, None]), reduction=reduction)
    loss.backward()
    return {
        "y": y.detach().numpy()[:, 0], "t": t, "x": x, "w": w, "L": float(loss),
        "dy": y.grad.numpy()[:, 0], "dw": wt.grad.numpy()[0, 0], "db": float(bt.grad[0]),
        "dx": xt.grad.numpy()[:, 0],
    }  # fmt: skip


CV = _mse(CX[None], CW, 0.0, CT[None])


def _cr(rel: Callable[[dict], bool], seed: int, batch: int = 1, reduction: str = "mean") -> Truth:
    def make(r: np.random.Generator) -> dict:
        x, w, t = r.normal(size=(batch, 3, 3)), r.normal(size=(2, 2)), r.normal(size=(batch, 2, 2))
        return _mse(x, w, float(r.normal()), t, reduction)

    return trials(lambda r: rel(make(r)), seed)


def _central_difference(h: float = 1e-3) -> float:
    e = np.zeros((2, 2))
    e[0, 0] = h
    up, down = _mse(CX[None], CW + e, 0.0, CT[None]), _mse(CX[None], CW - e, 0.0, CT[None])
    return (up["L"] - down["L"]) / (2 * h)


_CR_DW00 = 0.25 * 1 - 0.5 * 2 - 0.5 * 0 + 0.5 * 1

CR_CLAIMS = claims_of(
    CR,
    {
        "$$\\frac{\\partial L}{\\partial Y} = \\frac{2}{N} \\left(": [
            _cr(lambda v: same(v["dy"], 2 * (v["y"] - v["t"]) / 4), 5731)
        ],
        "$$\\frac{\\partial L}{\\partial W} = X \\star": [
            _cr(lambda v: same(v["dw"], corr(v["x"][0], v["dy"][0])), 5732)
        ],
        "$$\\frac{\\partial L}{\\partial b} = \\sum_{i,j}": [
            _cr(lambda v: close(v["db"], v["dy"].sum()), 5733)
        ],
        "Forward: the output is": [equal(CV["y"].size, 4)],
        "$$Y = \\begin{bmatrix} 3 & -1": [
            single(lambda: same(CV["y"][0], [[3, -1], [-2, 3]])),
            single(lambda: same(CV["y"][0] - CT, [[1, -2], [-2, 2]])),
        ],
        "$$L = \\frac{1 + 4 + 4 + 4}{4}": [
            single(lambda: close(CV["L"], (1 + 4 + 4 + 4) / 4)),
            equal((1 + 4 + 4 + 4) / 4, 3.25),
        ],
        "\\frac{Y - T}{N} = \\begin{bmatrix}": [
            single(lambda: same(CV["dy"][0], (CV["y"][0] - CT) / 4)),
            single(lambda: same((CV["y"][0] - CT) / 4, [[0.25, -0.5], [-0.5, 0.5]])),
        ],
        "[0,0] = 0.25 \\cdot 1": [
            single(lambda: close(CV["dw"][0, 0], _CR_DW00)),
            equal(_CR_DW00, -0.25),
        ],
        "\\begin{bmatrix} -0.25 & -0.5": [
            single(lambda: same(CV["dw"], [[-0.25, -0.5], [-1.5, 1.25]])),
            single(lambda: close(CV["db"], 0.25 - 0.5 - 0.5 + 0.5)),
            equal(0.25 - 0.5 - 0.5 + 0.5, -0.25),
        ],
        "Redoing the first entry with": [single(lambda: close(CV["dw"][0, 0], -0.5))],
        "If someone passes": [
            _cr(lambda v: same(v["dy"], 2 * (v["y"] - v["t"])), 5734, reduction="sum")
        ],
        "\\frac{2}{B} \\left( Y - T": [
            _cr(lambda v: same(v["dy"], 2 * (v["y"] - v["t"]) / 3), 5735, batch=3)
        ],
        "\\begin{bmatrix} -0.5 & -1": [
            single(lambda: same(CV["dw"], [[-0.5, -1], [-3, 2.5]])),
            single(lambda: close(CV["db"], -0.5)),
        ],
        "central-difference check": [
            None,
            single(lambda: math.isclose(_central_difference(), -0.5, abs_tol=1e-6)),
        ],
        "LGTM after the fix": [
            _cr(lambda v: same(v["dx"][0], corr(pad(v["dy"][0], 1), rot180(v["w"]))), 5736),
            None,
            _cr(
                lambda v: same(_rmse_grad(v), 2 * (v["y"] - v["t"]) / (4 * math.sqrt(v["L"]))),
                5737,
            ),
        ],
    },
)


def _rmse_grad(v: dict) -> np.ndarray:
    """d sqrt(mean (Y - T)^2) / dY by torch autograd at the trial's Y and T."""
    y = t64(v["y"], True)
    torch.sqrt(F.mse_loss(y, t64(v["t"]))).backward()
    return y.grad.numpy()


def truth_table() -> Claims:
    from unseen_fresh57_truth_b import NOTES_B

    return {**BLOG_CLAIMS, **SIM_CLAIMS, **WIKI_CLAIMS, **CR_CLAIMS, **NOTES_B}
