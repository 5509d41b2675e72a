"""Independent truth for the fresh55 unseen set (tests/data/check/unseen/fresh55/): the notes
blog_convtranspose2d_sizes_and_gradient, code_review_wavenet_causal_dilated_stack and
compito_minibatch_conv_gradienti_n2 (the other four live in unseen_fresh55_truth_b.py;
truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A link between two written numbers is arithmetic; a size, count or entry
named on the left must equal the true one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
from unseen_truth_base import (
    Truth,
    anchored_claims,
    conv,
    conv_out,
    corr,
    equal,
    pad,
    params,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh55"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- blog_convtranspose2d_sizes_and_gradient.md (English blog): F.conv2d / F.conv_transpose2d
# with the same weight tensor, no bias; the worked example is stride 2, p = 0, one channel.

BLOG = "blog_convtranspose2d_sizes_and_gradient"

# PyTorch requires output_padding < max(stride, dilation)
_T_GRID = [
    (h, k, s, p, a, d)
    for h in (2, 5, 9)
    for k in (2, 3, 4)
    for s in (1, 2, 3)
    for p in (0, 1)
    for d in (1, 2)
    for a in range(max(s, d))
]
# stride > 1, where the shortcut s H + k - 2p - 1 drops s - 1
_T_GRID_S = [(h, k, s, p) for h in (4, 10, 14) for k in (2, 3, 4) for s in (2, 3) for p in (0, 1)]


def _grad_case(r: np.random.Generator, h: int) -> dict:
    """conv2d(X, W, stride 2, padding 1) with k = 3 on h x h, two channels in, three out; the
    autograd input gradient for a random G, and conv_transpose2d(G, W; 2, 1, output_padding 1)."""
    x, w = r.normal(size=(1, 2, h, h)), r.normal(size=(3, 2, 3, 3))
    side = conv_out(h, 3, 2, 1)
    g = r.normal(size=(1, 3, side, side))
    out = conv(x, w, None, g, stride=2, padding=1)
    t = F.conv_transpose2d(t64(g), t64(w), stride=2, padding=1, output_padding=1).numpy()
    return {"x": x, "w": w, "g": g, **out, "t": t}


def _grad_holds(h: int) -> Callable[[np.random.Generator], bool]:
    return lambda r: (lambda v: same(v["dx"], v["t"]))(_grad_case(r, h))


def _adjoint(r: np.random.Generator) -> bool:
    v = _grad_case(r, 8)
    return bool(np.isclose(np.sum(v["z"] * v["g"]), np.sum(v["x"] * v["t"]), rtol=1e-9))


def _round_trip(r: np.random.Generator) -> bool:
    v = _grad_case(r, 8)
    back = F.conv2d(t64(v["t"]), t64(v["w"]), stride=2, padding=1).numpy()
    return same(back, v["g"])


Y_EX = np.array([[1.0, 2.0], [3.0, -1.0]])
W_EX = np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.0], [0.0, 3.0, 1.0]])
Z_EX = F.conv_transpose2d(t64(Y_EX[None, None]), t64(W_EX[None, None]), stride=2).numpy()[0, 0]


def _scatter(r: np.random.Generator) -> bool:
    """Z[m,n] = sum_ij Y[i,j] W[m-2i, n-2j] (out-of-range W dropped) against torch, 2x2 / 3x3."""
    y, w = r.normal(size=(2, 2)), r.normal(size=(3, 3))
    z = F.conv_transpose2d(t64(y[None, None]), t64(w[None, None]), stride=2).numpy()[0, 0]
    rhs = np.array(
        [
            [
                sum(y[i, j] * zat(w, m - 2 * i, n - 2 * j) for i in range(2) for j in range(2))
                for n in range(5)
            ]
            for m in range(5)
        ]
    )
    return same(z, rhs)


def _y(i: int, j: int) -> float:
    return float(Y_EX[i, j])


def _w(u: int, v: int) -> float:
    return float(W_EX[u, v])


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "d\\,(k - 1) + a + 1$$": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
                ),
                _T_GRID,
            )
        ],
        "13 \\cdot 2 - 2 + 2 + 1 + 1": [
            equal(tconv_out(14, 3, 2, 1, 1), 13 * 2 - 2 + 2 + 1 + 1),
            equal(13 * 2 - 2 + 2 + 1 + 1, 28),
        ],
        "an exact doubling. With": [
            equal(tconv_out(7, 3, 2, 0, 0, 2), 6 * 2 + 2 + 1),
            equal(6 * 2 + 2 + 1, 15),
        ],
        "A shortcut that floats": [
            grid(lambda h, k, s, p: tconv_out(h, k, s, p) == s * h + k - 2 * p - 1, _T_GRID_S),
            equal(tconv_out(10, 4, 3, 1), 3 * 10 + 4 - 2 - 1),
            equal(3 * 10 + 4 - 2 - 1, 31),
        ],
        "$$P = 16": [
            equal(params(nn.ConvTranspose2d(16, 8, 3)), 16 * 8 * 9 + 16),
            equal(16 * 8 * 9 + 16, 1168),
        ],
        "Write $\\operatorname{conv}(X, W; s, p)$": [
            equal(conv_out(8, 3, 2, 1), (8 + 2 - 3) // 2 + 1),
            equal((8 + 2 - 3) // 2 + 1, 4),
            None,
        ],
        "\\frac{\\partial L}{\\partial X} = \\operatorname{convT}(G, W; 2, 1, 1)$$": [
            trials(_grad_holds(8), 5501)
        ],
        "and, equivalently, for every": [trials(_adjoint, 5502)],
        "A 7 × 7 input also": [equal(conv_out(7, 3, 2, 1), 4), trials(_grad_holds(7), 5503)],
        "Being the transpose does not": [trials(_round_trip, 5504)],
        "$$Y = \\begin{bmatrix} 1 & 2": [None, None],
        "The output side is $H_{out} = (2 - 1)": [
            equal(Z_EX.shape[0], (2 - 1) * 2 + 3),
            equal((2 - 1) * 2 + 3, 5),
        ],
        "$$Z[m,n] = \\sum": [trials(_scatter, 5505)],
        "$$Z[2,2] = ": [
            equal(
                Z_EX[2, 2],
                _y(0, 0) * _w(2, 2)
                + _y(0, 1) * _w(2, 0)
                + _y(1, 0) * _w(0, 2)
                + _y(1, 1) * _w(0, 0),
            ),
            equal(
                _y(0, 0) * _w(2, 2)
                + _y(0, 1) * _w(2, 0)
                + _y(1, 0) * _w(0, 2)
                + _y(1, 1) * _w(0, 0),
                1 + 0 + 6 - 1,
            ),
            equal(1 + 0 + 6 - 1, 6),
        ],
        "On the top row, two stamps": [
            equal(Z_EX[0, 2], _y(0, 0) * _w(0, 0) + _y(0, 1) * _w(0, 2)),
            equal(_y(0, 0) * _w(0, 0) + _y(0, 1) * _w(0, 2), 1 + 4),
            equal(1 + 4, 5),
        ],
        "$$Z = \\begin{bmatrix}": [
            single(
                lambda: same(
                    Z_EX,
                    [
                        [1, 0, 4, 0, 4],
                        [-1, 1, 2, 2, 0],
                        [3, 3, 6, 6, 0],
                        [-3, 3, 1, -1, 0],
                        [0, 9, 3, -3, -1],
                    ],
                )
            )
        ],
        "\\Big(\\sum_{i,j} Y[i,j]\\Big)": [
            equal(Z_EX.sum(), Y_EX.sum() * W_EX.sum()),
            equal(Y_EX.sum() * W_EX.sum(), 5 * 7),
            equal(5 * 7, 35),
        ],
    },
)


# --- code_review_wavenet_causal_dilated_stack.md (English code review): conv1d after a left
# pad of (k-1)d; the hand example is one channel, no bias, d = 2, zeros before t = 0.

WAVE = "code_review_wavenet_causal_dilated_stack"
NOTE_DILS = (1, 2, 4, 8)


def _causal(x: torch.Tensor, w: torch.Tensor, d: int) -> torch.Tensor:
    """One CausalConv1d layer of the note: left pad (k-1)d, then a valid dilated conv1d."""
    return F.conv1d(F.pad(x, ((w.shape[-1] - 1) * d, 0)), w, dilation=d)


def _stack_jacobian(k: int, dils: tuple[int, ...], length: int, seed: int) -> np.ndarray:
    """d y[t] / d x[t'] of a one-channel causal stack with random weights (nonzero taps)."""
    r = np.random.default_rng(seed)
    ws = [t64(r.uniform(0.5, 1.5, size=(1, 1, k))) for _ in dils]

    def run(x: torch.Tensor) -> torch.Tensor:
        y = x[None, None]
        for w, d in zip(ws, dils, strict=True):
            y = _causal(y, w, d)
        return y[0, 0]

    return torch.autograd.functional.jacobian(run, t64(r.normal(size=length))).numpy()


def _receptive_field(k: int, dils: tuple[int, ...]) -> int:
    """How many inputs the last output of the stack depends on (input long enough)."""
    length = 2 + (k - 1) * sum(dils) * 2
    return int(np.count_nonzero(_stack_jacobian(k, dils, length, 5510)[-1]))


_RF_GRID = [(2, NOTE_DILS), (3, (1, 2, 4)), (2, NOTE_DILS * 2), (4, (1, 3, 9))]


def _causal_len(length: int, k: int, d: int) -> int:
    x = torch.zeros(1, 1, length, dtype=torch.float64)
    return int(_causal(x, torch.zeros(1, 1, k, dtype=torch.float64), d).shape[-1])


_LEN_GRID = [(n, k, d) for n in (5, 16, 33) for k in (2, 3) for d in (1, 2, 4, 8)]


def _valid_stack_len(length: int) -> int:
    y = torch.zeros(1, 1, length, dtype=torch.float64)
    for d in NOTE_DILS:
        y = F.conv1d(y, torch.zeros(1, 1, 2, dtype=torch.float64), dilation=d)
    return int(y.shape[-1])


def _symmetric_len(length: int, k: int, d: int) -> int:
    conv1 = nn.Conv1d(1, 1, k, dilation=d, padding=(k - 1) * d).double()
    return int(conv1(torch.zeros(1, 1, length, dtype=torch.float64)).shape[-1])


def _is_causal(r: np.random.Generator) -> bool:
    j = _stack_jacobian(2, NOTE_DILS, 20, int(r.integers(1 << 30)))
    return bool(np.all(np.triu(j, 1) == 0))


X_WAVE = np.array([2.0, -1.0, 3.0, 0.0, 1.0, 4.0, -2.0, 1.0])
W_WAVE = np.array([0.5, -1.0])
Y_WAVE = _causal(t64(X_WAVE[None, None]), t64(W_WAVE[None, None]), 2).numpy()[0, 0]


def _wave_forward(r: np.random.Generator) -> bool:
    x, w = r.normal(size=8), r.normal(size=2)
    y = _causal(t64(x[None, None]), t64(w[None, None]), 2).numpy()[0, 0]
    rhs = [w[0] * zat(x, t - 2) + w[1] * x[t] for t in range(8)]
    return same(y, rhs)


def _wave_grad(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    wt = t64(W_WAVE[None, None], True)
    (_causal(t64(x[None, None]), wt, 2)[0, 0] * t64(g)).sum().backward()
    return wt.grad.numpy()[0, 0]


def _wave_tap(tap: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, g = r.normal(size=8), r.normal(size=8)
        shift = 2 if tap == 0 else 0  # w_0 reads x[t - 2], w_1 reads x[t]
        rhs = sum(g[t] * zat(x, t - shift) for t in range(8))
        return bool(np.isclose(_wave_grad(x, g)[tap], rhs, rtol=1e-9, atol=1e-9))

    return trials(check, 5520 + tap)


DW_WAVE = _wave_grad(X_WAVE, np.ones(8))


class _CausalConv1d(nn.Module):
    """The PR's block, to count its parameters."""

    def __init__(self, channels: int, kernel_size: int = 2, dilation: int = 1) -> None:
        super().__init__()
        self.left = (kernel_size - 1) * dilation
        self.conv = nn.Conv1d(channels, channels, kernel_size, dilation=dilation)


WAVE_CLAIMS = claims_of(
    WAVE,
    {
        "$$L_{out} = L + (k-1)d - d(k-1) = L$$": [
            grid(lambda n, k, d: _causal_len(n, k, d) == n + (k - 1) * d - d * (k - 1), _LEN_GRID),
            grid(lambda n, k, d: n + (k - 1) * d - d * (k - 1) == n, _LEN_GRID),
        ],
        "$L_{out} = 16 - 15 = 1$": [equal(_valid_stack_len(16), 16 - 15), equal(16 - 15, 1)],
        "The author asked on Slack": [
            grid(lambda n, k, d: _symmetric_len(n, k, d) == n, [(16, 2, d) for d in NOTE_DILS])
        ],
        "Left padding only means": [trials(_is_causal, 5511), None],
        "$$R = 1 + (k-1)": [
            grid(lambda k, dils: _receptive_field(k, dils) == 1 + (k - 1) * sum(dils), _RF_GRID),
            equal(1 + (2 - 1) * sum(NOTE_DILS), 1 + 1 * 15),
            equal(1 + 1 * 15, 16),
        ],
        "$R_2 = 2 \\cdot 16 = 32$": [
            equal(_receptive_field(2, NOTE_DILS * 2), 2 * 16),
            equal(2 * 16, 32),
        ],
        "Single channel, no bias, the layer with": [None, None, None],
        "$$x = \\begin{bmatrix} 2 & -1": [None],
        "(0-based, $x[t] = 0$": [None, None],
        "$$y[t] = w_0": [trials(_wave_forward, 5512)],
        "so $y[5] = ": [
            equal(Y_WAVE[5], 0.5 * X_WAVE[3] - X_WAVE[5]),
            equal(0.5 * X_WAVE[3] - X_WAVE[5], 0 - 4),
            equal(0 - 4, -4),
            equal(Y_WAVE[1], 0.5 * 0 - 1 * (-1)),
            equal(0.5 * 0 - 1 * (-1), 1),
            equal(Y_WAVE[3], 0.5 * 3 - 1 * 0),
            equal(0.5 * 3 - 1 * 0, 1.5),
        ],
        "With an upstream gradient $g[t]": [None],
        "\\sum_{t=0}^{7} g[t]\\, x[t - 2], \\qquad": [_wave_tap(0), _wave_tap(1)],
        "For $L = \\sum_t y[t]$": [
            None,
            None,
            equal(DW_WAVE[0], X_WAVE[2:8].sum()),
            equal(X_WAVE[2:8].sum(), 7),
            equal(DW_WAVE[1], 2 - 1 + 3 + 0 + 1 + 4 - 2 + 1),
            equal(2 - 1 + 3 + 0 + 1 + 4 - 2 + 1, 8),
        ],
        "Each `CausalConv1d(32, 2, d)` holds": [
            equal(params(_CausalConv1d(32, 2, 1)), 32 * 32 * 2),
            equal(32 * 32 * 2, 2048),
            equal(params(nn.Sequential(*[_CausalConv1d(32, 2, d) for d in NOTE_DILS])), 4 * 2048),
            equal(4 * 2048, 8192),
        ],
    },
)


# --- compito_minibatch_conv_gradienti_n2.md (Italian homework): Conv2d(2, 3, 2), N = 2, 1-based
# in the note (0-based here: filter 2 is index 1, channel 1 is index 0), G = dL/dY given.

COMP = "compito_minibatch_conv_gradienti_n2"

X1_C = np.array([[1.0, 0.0, 2.0], [2.0, 1.0, 0.0], [0.0, 1.0, 3.0]])
X2_C = np.array([[0.0, 1.0, 1.0], [1.0, 2.0, 0.0], [2.0, 0.0, 1.0]])
G1_C = np.array([[1.0, -1.0], [0.0, 2.0]])
G2_C = np.array([[2.0, 0.0], [1.0, -1.0]])


def _batch(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 2, 3, 3)), r.normal(size=(3, 2, 2, 2)), r.normal(size=3)
    g = r.normal(size=(2, 3, 2, 2))
    return {"x": x, "w": w, "b": b, "g": g, **conv(x, w, b, g)}


def _note_batch() -> dict:
    """The note's numbers where given (channel 1 of X, filter 2 of G); the rest random."""
    r = np.random.default_rng(5530)
    x, g = r.normal(size=(2, 2, 3, 3)), r.normal(size=(2, 3, 2, 2))
    x[0, 0], x[1, 0], g[0, 1], g[1, 1] = X1_C, X2_C, G1_C, G2_C
    return conv(x, r.normal(size=(3, 2, 2, 2)), r.normal(size=3), g)


NB = _note_batch()


def _forward(v: dict) -> bool:
    x, w, b = v["x"], v["w"], v["b"]
    rhs = np.zeros((2, 3, 2, 2))
    for n, f, i, j in np.ndindex(2, 3, 2, 2):  # 1-based i + u - 1 is 0-based i + u
        rhs[n, f, i, j] = b[f] + sum(
            w[f, c, u, q] * x[n, c, i + u, j + q]
            for c in range(2)
            for u in range(2)
            for q in range(2)
        )
    return same(v["z"], rhs)


def _db(v: dict) -> bool:
    return same(v["db"], [v["g"][:, f].sum() for f in range(3)])


def _dw(v: dict, scale: float = 1.0) -> bool:
    x, g = v["x"], v["g"]
    rhs = np.zeros((3, 2, 2, 2))
    for f, c in np.ndindex(3, 2):
        rhs[f, c] = scale * sum(corr(x[n, c], g[n, f]) for n in range(2))
    return same(v["dw"], rhs)


def _dx_no_rot(v: dict) -> bool:
    rhs = np.zeros((2, 2, 3, 3))
    for n, c in np.ndindex(2, 2):
        rhs[n, c] = sum(corr(pad(v["g"][n, f], 1), v["w"][f, c]) for f in range(3))
    return same(v["dx"], rhs)


def _comp(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_batch(r)), seed)


def _dw21(u: int, v: int) -> float:
    """dL/dW_{2,1}[u,v] of the note (1-based)."""
    return float(NB["dw"][1, 0, u - 1, v - 1])


COMP_CLAIMS = claims_of(
    COMP,
    {
        "**Testo.**": [None, None, None, None],
        "Il lato dell'uscita": [equal(conv_out(3, 2), 3 - 2 + 1), equal(3 - 2 + 1, 2)],
        "$|X| = 2": [equal(NB["dx"].size, 2 * 2 * 3 * 3), equal(2 * 2 * 3 * 3, 36)],
        "più un bias per canale": [
            equal(params(nn.Conv2d(2, 3, 2)), 3 * 2 * 2 * 2 + 2),
            equal(3 * 2 * 2 * 2 + 2, 26),
        ],
        "$|Y| = 2": [equal(NB["z"].size, 2 * 3 * 2 * 2), equal(2 * 3 * 2 * 2, 24)],
        "ha un indice di batch in più": [
            equal(NB["dw"].size, 2 * 3 * 2 * 2 * 2),
            equal(2 * 3 * 2 * 2 * 2, 48),
        ],
        "$$Y^{(n)}_f[i,j] = b_f": [_comp(_forward, 5531)],
        "\\frac{\\partial L}{\\partial b_f} = \\sum_{n=1}": [_comp(_db, 5532)],
        "\\frac{\\partial L}{\\partial W_{f,c}[u,v]} = \\sum_{n=1}": [_comp(_dw, 5533)],
        "Per l'ingresso (non richiesto": [_comp(_dx_no_rot, 5534)],
        "In forma compatta": [_comp(lambda v: _dw(v, 1 / 2), 5535)],
        "$$X^{(1)}_1 = ": [None, None],
        "$$G^{(1)}_2 = ": [None, None],
        "\\frac{\\partial L}{\\partial b_2} = (1 - 1": [
            equal(NB["db"][1], (1 - 1 + 0 + 2) + (2 + 0 + 1 - 1)),
            equal((1 - 1 + 0 + 2) + (2 + 0 + 1 - 1), 2 + 2),
            equal(2 + 2, 4),
        ],
        "Pesi, un elemento alla volta": [None, None],
        "W_{2,1}[1,1]} = ": [
            equal(
                _dw21(1, 1), (1 * 1 + 0 * (-1) + 2 * 0 + 1 * 2) + (0 * 2 + 1 * 0 + 1 * 1 + 2 * (-1))
            ),
            equal(
                (1 * 1 + 0 * (-1) + 2 * 0 + 1 * 2) + (0 * 2 + 1 * 0 + 1 * 1 + 2 * (-1)), 3 + (-1)
            ),
            equal(3 + (-1), 2),
        ],
        "W_{2,1}[1,2]} = ": [
            equal(
                _dw21(1, 2), (0 * 1 + 2 * (-1) + 1 * 0 + 0 * 2) + (1 * 2 + 1 * 0 + 2 * 1 + 0 * (-1))
            ),
            equal((0 * 1 + 2 * (-1) + 1 * 0 + 0 * 2) + (1 * 2 + 1 * 0 + 2 * 1 + 0 * (-1)), -2 + 4),
            equal(-2 + 4, 2),
        ],
        "Allo stesso modo": [
            equal(_dw21(2, 1), 3 + 5),
            equal(3 + 5, 8),
            equal(_dw21(2, 2), 7 + 3),
            equal(7 + 3, 10),
        ],
        "\\frac{\\partial L}{\\partial W_{2,1}} = \\begin{bmatrix}": [
            single(lambda: same(NB["dw"][1, 0], [[2, 2], [8, 10]]))
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh55_truth_b import NOTES_B

    return {**BLOG_CLAIMS, **WAVE_CLAIMS, **COMP_CLAIMS, **NOTES_B}
