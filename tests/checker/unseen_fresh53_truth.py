"""Independent truth for the fresh53 unseen set (tests/data/check/unseen/fresh53/): the notes
td5_correction_gradient_cnn_deux_couches, medium_backprop_through_convolutions_visually,
mulakhas_muhadara_ab3ad_altamdid_walhaql_alistiqbali and api_grouped_conv2d_function_reference
(the other three live in unseen_fresh53_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A link between two written numbers is arithmetic; a size or count named
on the left must equal the true one; a value written to four decimals (\\approx) must be the
true value rounded, i.e. within half a unit of the last digit.
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
SET = "fresh53"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def near4(true: object, written: object) -> bool:
    """A value printed to four decimals: within half a unit of the fourth decimal."""
    a, b = np.asarray(true, dtype=np.float64), np.asarray(written, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 0.5e-4 + 1e-12))


# --- td5_correction_gradient_cnn_deux_couches.md (French TD correction, 1-based): X (4 x 4)
# -> valid correlation with W1 (3 x 3, no bias) -> tanh -> valid correlation with W2 (2 x 2)
# plus b2 -> a scalar y; L = (y - t)^2 / 2.  1-based entries are read at index - 1.

TD = "td5_correction_gradient_cnn_deux_couches"
TD_X = np.array([[0.0, 0, 2, -1], [0, 1, 1, 0], [-1, -2, 0, 1], [1, 0, -1, -1]])
TD_W1 = np.array([[1.0, 0, 0], [0, 1, 0], [0, 0, -1]])
TD_W2 = np.array([[1.0, -1], [0.5, 2]])
TD_B2, TD_T = 0.5, 3.0


def _td(x: np.ndarray, w1: np.ndarray, w2: np.ndarray, b2: float, t: float) -> dict:
    """The two-layer network with torch autograd; every intermediate gradient is retained."""
    xt, w1t, w2t = t64(x, True), t64(w1, True), t64(w2, True)
    b2t = t64([b2], True)
    z = F.conv2d(xt[None, None], w1t[None, None])[0, 0]
    a = torch.tanh(z)
    y = F.conv2d(a[None, None], w2t[None, None], b2t)[0, 0, 0, 0]
    for v in (z, a, y):
        v.retain_grad()
    loss = 0.5 * (y - t) ** 2
    loss.backward()
    return {
        "x": x,
        "w1": w1,
        "w2": w2,
        "t": t,
        "z": z.detach().numpy(),
        "a": a.detach().numpy(),
        "y": float(y.detach()),
        "L": float(loss.detach()),
        "dy": float(y.grad),
        "dz": z.grad.numpy(),
        "da": a.grad.numpy(),
        "dw1": w1t.grad.numpy(),
        "dw2": w2t.grad.numpy(),
        "db2": float(b2t.grad[0]),
        "dx": xt.grad.numpy(),
    }


TDV = _td(TD_X, TD_W1, TD_W2, TD_B2, TD_T)


def _tdr(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random X, W1, W2, b2 and t at the note's sizes."""

    def make(r: np.random.Generator) -> dict:
        return _td(
            r.normal(size=(4, 4)),
            r.normal(size=(3, 3)),
            r.normal(size=(2, 2)),
            float(r.normal()),
            float(r.normal()),
        )

    return trials(lambda r: rel(make(r)), seed)


_TD_CORNER = sum(TDV["dz"][i, j] * TD_X[i, j] for i in range(2) for j in range(2))

TD_CLAIMS = claims_of(
    TD,
    {
        "$(A \\star B)_{ij}": [None],
        "$$X = \\begin{bmatrix} 0 & 0 & 2": [None, None, None],
        "avec $b^{(2)} = 0.5$": [None, None, None, None, None, None],
        "$n_Z = 4 - 3 + 1 = 2$": [equal(conv_out(4, 3), 4 - 3 + 1), equal(4 - 3 + 1, 2)],
        "$Z_{11} = X_{11} + X_{22} - X_{33} = 1$": [
            single(lambda: math.isclose(TDV["z"][0, 0], TD_X[0, 0] + TD_X[1, 1] - TD_X[2, 2])),
            single(lambda: math.isclose(TD_X[0, 0] + TD_X[1, 1] - TD_X[2, 2], 1)),
        ],
        "$$Z = \\begin{bmatrix} 1 & 0": [
            single(lambda: same(TDV["z"], [[1, 0], [-1, 2]])),
            None,
            single(lambda: near4(TDV["a"], [[0.7616, 0], [-0.7616, 0.9640]])),
        ],
        "$y \\approx 2.8089$": [single(lambda: near4(TDV["y"], 2.8089))],
        "Erreur : on note": [
            None,
            _tdr(lambda v: math.isclose(v["dy"], v["y"] - v["t"]), 5301),
            single(lambda: near4(TDV["dy"], -0.1911)),
            single(lambda: near4(TDV["L"], 0.5 * 0.1911**2)),
            single(lambda: near4(0.5 * 0.1911**2, 0.0365)),
        ],
        "\\partial W^{(2)}} = \\delta\\, A": [
            _tdr(lambda v: same(v["dw2"], v["dy"] * v["a"]), 5302),
            single(lambda: near4(TDV["dw2"], [[-0.1456, 0], [-0.1456, -0.1843]])),
            _tdr(lambda v: math.isclose(v["db2"], v["dy"]), 5303),
        ],
        "\\partial A} = \\delta\\, W^{(2)}": [
            _tdr(lambda v: same(v["da"], v["dy"] * v["w2"]), 5304),
            single(lambda: near4(TDV["da"], [[-0.1911, 0.1911], [-0.0956, -0.3823]])),
        ],
        "\\odot \\left(1 - A \\odot A\\right)": [
            _tdr(lambda v: same(v["dz"], v["da"] * (1 - v["a"] * v["a"])), 5305)
        ],
        "Pour la case saturée": [
            single(lambda: near4(TDV["dz"][1, 1], -0.3823 * (1 - 0.9640))),
            single(lambda: near4(-0.3823 * (1 - 0.9640), -0.0138)),
        ],
        "$$\\frac{\\partial L}{\\partial W^{(1)}} = X \\star": [
            _tdr(lambda v: same(v["dw1"], corr(v["x"], v["dz"])), 5306)
        ],
        "Pour le coin :": [
            _tdr(
                lambda v: math.isclose(
                    v["dw1"][0, 0],
                    sum(v["dz"][i, j] * v["x"][i, j] for i in range(2) for j in range(2)),
                ),
                5307,
            ),
            single(lambda: near4(_TD_CORNER, -0.0138)),
        ],
        "\\operatorname{pad}_2\\!": [
            _tdr(lambda v: same(v["dx"], corr(pad(v["dz"], 2), v["w1"])), 5308)
        ],
        "$P = 9 + 1 + 4 + 1 = 15$": [
            equal(
                params(nn.Conv2d(1, 1, 3, bias=False)) + params(nn.Conv2d(1, 1, 2)), 9 + 1 + 4 + 1
            ),
            equal(9 + 1 + 4 + 1, 15),
        ],
    },
)


# --- medium_backprop_through_convolutions_visually.md (English blog post, 0-based): star is the
# valid correlation, circledast the valid convolution (kernel read backwards), flip the 180-degree
# turn, pad_p zeros, circledast_full the full convolution; X 3 x 3, K 2 x 2, G 2 x 2.

MED = "medium_backprop_through_convolutions_visually"
MED_X = np.array([[1.0, 2, 0], [0, 1, -1], [3, 1, 2]])
MED_K = np.array([[1.0, -1], [2, 0]])
MED_G = np.array([[1.0, 2], [0, -1]])


def conv_valid(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The note's circledast, from its definition: X[i+u, j+v] K[k-1-u, k-1-v], written out."""
    kh, kw = k.shape
    return np.array(
        [
            [
                sum(
                    x[i + u, j + v] * k[kh - 1 - u, kw - 1 - v]
                    for u in range(kh)
                    for v in range(kw)
                )
                for j in range(x.shape[1] - kw + 1)
            ]
            for i in range(x.shape[0] - kh + 1)
        ]
    )


def conv_full(g: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The full convolution: out[i,j] = sum_{u,v} g[u,v] k[i-u, j-v], every overlap kept."""
    oh, ow = g.shape[0] + k.shape[0] - 1, g.shape[1] + k.shape[1] - 1
    return np.array(
        [
            [
                sum(
                    g[u, v] * zat(k, i - u, j - v)
                    for u in range(g.shape[0])
                    for v in range(g.shape[1])
                )
                for j in range(ow)
            ]
            for i in range(oh)
        ]
    )


def _med(x: np.ndarray, k: np.ndarray, g: np.ndarray) -> dict:
    xt, kt = t64(x, True), t64(k, True)
    y = F.conv2d(xt[None, None], kt[None, None])[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "k": k, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy(),
            "dk": kt.grad.numpy()}  # fmt: skip


MEDV = _med(MED_X, MED_K, MED_G)


def _medr(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random X (3 x 3), K (2 x 2) and G (2 x 2)."""
    return trials(
        lambda r: rel(_med(r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=(2, 2)))),
        seed,
    )


def _full_side(a: int, b: int) -> int:
    """Side of the full convolution of an a x a map with a b x b kernel (torch, padding b - 1)."""
    return conv_out(a + 2 * (b - 1), b)


# X[1,1]G[0,0] + X[1,2]G[0,1] + X[2,1]G[1,0] + X[2,2]G[1,1] with the note's numbers
_DK11 = 1 * 1 + (-1) * 2 + 1 * 0 + 2 * (-1)
_G, _K = MED_G, MED_K
_DX11 = _G[0, 0] * _K[1, 1] + _G[0, 1] * _K[1, 0] + _G[1, 0] * _K[0, 1] + _G[1, 1] * _K[0, 0]

MED_CLAIMS = claims_of(
    MED,
    {
        "$$(X \\star K)[i,j] =": [None],
        "$$(X \\circledast K)[i,j] =": [None],
        "$\\operatorname{flip}(K)[u,v] = K": [None],
        "$$X \\circledast K = X \\star \\operatorname{flip}(K)$$": [
            trials(
                lambda r: (lambda x, k: same(conv_valid(x, k), corr(x, rot180(k))))(
                    r.normal(size=(4, 5)), r.normal(size=(2, 3))
                ),
                5310,
            )
        ],
        "$$X = \\begin{pmatrix} 1 & 2 & 0": [None, None],
        "$n_Y = 3 - 2 + 1 = 2$": [equal(conv_out(3, 2), 3 - 2 + 1), equal(3 - 2 + 1, 2)],
        "$$Y = X \\star K = \\begin{pmatrix}": [
            None,
            single(lambda: same(MEDV["y"], [[-1, 4], [5, 4]])),
        ],
        "upstream gradient $G =": [None],
        "$$G = \\begin{pmatrix} 1 & 2": [None],
        "$$\\frac{\\partial L}{\\partial K} = X \\star G$$": [
            _medr(lambda v: same(v["dk"], corr(v["x"], v["g"])), 5311)
        ],
        "\\partial K[1,1]} = 1 \\cdot 1": [
            single(lambda: math.isclose(MEDV["dk"][1, 1], _DK11)),
            equal(_DK11, 1 - 2 + 0 + 2),
            equal(1 - 2 + 0 + 2, 1),
        ],
        "$$\\frac{\\partial L}{\\partial K} = \\begin{pmatrix} 4": [
            single(lambda: same(MEDV["dk"], [[4, 3], [1, 1]]))
        ],
        "\\operatorname{pad}_{k-1}(G) \\star": [
            _medr(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["k"]))), 5312),
            _medr(lambda v: same(v["dx"], conv_full(v["g"], v["k"])), 5313),
        ],
        "Size check:": [equal((2 + 2 * 1) - 2 + 1, 3)],
        "\\partial X[1,1]} = G[0,0] K[1,1]": [
            _medr(
                lambda v: math.isclose(
                    v["dx"][1, 1],
                    v["g"][0, 0] * v["k"][1, 1]
                    + v["g"][0, 1] * v["k"][1, 0]
                    + v["g"][1, 0] * v["k"][0, 1]
                    + v["g"][1, 1] * v["k"][0, 0],
                ),
                5314,
            ),
            equal(_DX11, 3),
        ],
        "$$\\frac{\\partial L}{\\partial X} = \\begin{pmatrix} 1 & 1": [
            single(lambda: same(MEDV["dx"], [[1, 1, -2], [2, 3, -1], [0, -2, 0]]))
        ],
        "\\Big(\\sum G\\Big)\\Big(\\sum K\\Big) = 4": [
            _medr(lambda v: math.isclose(v["dx"].sum(), v["g"].sum() * v["k"].sum()), 5315),
            equal(MED_G.sum() * MED_K.sum(), 4),
        ],
        "By the same argument for the kernel": [
            _medr(lambda v: math.isclose(v["dk"].sum(), v["x"].sum() * v["g"].sum()), 5316),
            equal(MED_X.sum() * MED_G.sum(), 18),
        ],
        "In general the full convolution": [
            grid(
                lambda a, b: _full_side(a, b) == a + b + 1,
                [(a, b) for a in (3, 5, 8) for b in (1, 2, 3)],
            )
        ],
        "- forward: $Y = X \\star K$": [None],
        "- input: $\\frac": [
            _medr(lambda v: same(v["dx"], conv_full(v["g"], rot180(v["k"]))), 5317)
        ],
    },
)


# --- mulakhas_muhadara_ab3ad_altamdid_walhaql_alistiqbali.md (Arabic lecture summary): torch
# Conv2d output sizes with stride s, padding p, dilation d; the receptive field and jump of a
# stack (k, s, d) = (3,1,1), (3,2,1), (3,1,2), (3,2,1).  A receptive field is the span of an
# output's input gradient (all-ones weights, so nothing cancels); the jump is the shift of that
# span between two neighbouring outputs.

MUL = "mulakhas_muhadara_ab3ad_altamdid_walhaql_alistiqbali"
STACK = [(3, 1, 1, 1), (3, 2, 1, 1), (3, 1, 2, 2), (3, 2, 1, 1)]  # k, s, d, p


def _span(layers: list[tuple[int, int, int]], out_index: int) -> tuple[int, int]:
    """First and last input index reaching output out_index of a 1-D all-ones stack."""
    x = torch.zeros(1, 1, 200, dtype=F64, requires_grad=True)
    h = x
    for k, s, d in layers:
        h = F.conv1d(h, torch.ones(1, 1, k, dtype=F64), stride=s, dilation=d)
    h[0, 0, out_index].backward()
    nz = np.flatnonzero(x.grad.numpy()[0, 0])
    return int(nz[0]), int(nz[-1])


def rf(layers: list[tuple[int, int, int]]) -> int:
    if not layers:
        return 1
    first, last = _span(layers, 0)
    return last - first + 1


def jump(layers: list[tuple[int, int, int]]) -> int:
    if not layers:
        return 1
    return _span(layers, 1)[0] - _span(layers, 0)[0]


KSD = [(k, s, d) for k, s, d, _ in STACK]
_SIZES = [(h, k, s, p, d) for h in (9, 16, 32) for k in (1, 2, 3, 5) for s in (1, 2, 3)
          for p in (0, 1, 2) for d in (1, 2, 3) if h + 2 * p >= d * (k - 1) + 1]  # fmt: skip
_RANDOM_STACKS = [
    [(3, 1, 1), (3, 2, 1), (3, 1, 2), (3, 2, 1)],
    [(5, 2, 1), (3, 1, 3), (2, 2, 1)],
    [(3, 2, 2), (3, 3, 1), (4, 1, 2)],
]


def _recursion_holds(layers: list[tuple[int, int, int]]) -> bool:
    return all(
        rf(layers[:n])
        == rf(layers[: n - 1]) + layers[n - 1][2] * (layers[n - 1][0] - 1) * jump(layers[: n - 1])
        for n in range(1, len(layers) + 1)
    )


def _same_pad(h: int, k: int, d: int) -> int:
    """The smallest padding keeping the side at stride 1 (torch)."""
    fits = (p for p in range(0, 20) if h + 2 * p >= d * (k - 1) + 1)
    return next(p for p in fits if conv_out(h, k, 1, p, d) == h)


def _stack_side(h: int) -> int:
    z = torch.zeros(1, 1, h, h, dtype=F64)
    for k, s, d, p in STACK:
        z = F.conv2d(z, torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p, dilation=d)
    return int(z.shape[-1])


MUL_CLAIMS = claims_of(
    MUL,
    {
        "\\left\\lfloor \\frac{H + 2p - d(k-1) - 1}{s}": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                _SIZES,
            )
        ],
        "$$k_{\\text{eff}} = d(k - 1) + 1$$": [
            grid(
                lambda h, k, s, p, d: conv_out(h, k, s, p, d) == conv_out(h, d * (k - 1) + 1, s, p),
                _SIZES,
            )
        ],
        "**المثال (أ):**": [None, None, None, None, None],
        "\\frac{32 + 4 - 5}{1}": [
            equal(conv_out(32, 3, 1, 2, 2), (32 + 4 - 5) // 1 + 1),
            equal((32 + 4 - 5) // 1 + 1, 32),
        ],
        "أي أن الحشو $p = 2$": [None],
        "**المثال (ب):**": [
            None,
            None,
            None,
            None,
            equal(conv_out(64, 3, 2, 1), (64 + 2 - 3) // 2 + 1),
            equal((64 + 2 - 3) // 2 + 1, 32),
        ],
        "**المثال (ج):**": [None, None, None, None, equal(rf([(3, 1, 3)]), 3 * 3), equal(3 * 3, 9)],
        "\\frac{16 - 9}{2}": [
            equal(conv_out(16, 3, 2, 0, 3), (16 - 9) // 2 + 1),
            equal((16 - 9) // 2 + 1, 4),
        ],
        "عندما تكون $s = 1$": [None],
        "$$p = \\frac{d(k-1)}{2}$$": [
            grid(
                lambda h, k, d: _same_pad(h, k, d) == d * (k - 1) / 2,
                [(h, k, d) for h in (8, 15, 32) for k in (1, 3, 5, 7) for d in (1, 2, 3)],
            )
        ],
        "ليكون $H_{out} = H$": [
            None,
            None,
            None,
            equal(_same_pad(32, 5, 2), (5 - 1) / 2),
            equal((5 - 1) / 2, 2),
        ],
        "نبدأ من $r_0 = 1$": [None, None],
        "$$r_l = r_{l-1} + d_l": [
            grid(_recursion_holds, [(s,) for s in _RANDOM_STACKS]),
            grid(
                lambda layers: all(
                    jump(layers[:n]) == jump(layers[: n - 1]) * layers[n - 1][1]
                    for n in range(1, len(layers) + 1)
                ),
                [(s,) for s in _RANDOM_STACKS],
            ),
        ],
        "تفصيل السطر الثالث": [
            equal(rf(KSD[:3]), rf(KSD[:2]) + (3 - 1) * jump(KSD[:2])),
            equal(rf(KSD[:2]) + (3 - 1) * jump(KSD[:2]), 5 + 2 * 2),
            equal(5 + 2 * 2, 9),
            equal(rf(KSD), 9 + 2 * 2),
            equal(9 + 2 * 2, 13),
        ],
        "أي $H_4 = 16$": [equal(_stack_side(64), 16)],
    },
)


# --- api_grouped_conv2d_function_reference.md (English API page, 0-based, stride 1): x (N, C_in,
# H, W), weight (C_out, C_in/G, k_H, k_W), G groups in consecutive blocks (torch's groups),
# gamma(o) = floor(o G / C_out), x~ = x zero-padded by p; g = grad_y reads 0 outside its range.

API = "api_grouped_conv2d_function_reference"
A_N, A_CIN, A_COUT, A_G, A_KH, A_KW, A_P, A_H, A_W = 2, 6, 4, 2, 3, 2, 1, 5, 6
A_CG = A_CIN // A_G


def _gamma(o: int) -> int:
    return o * A_G // A_COUT


def _api(r: np.random.Generator) -> dict:
    """torch conv2d with groups=2 on a random x; the padded input x~ is the leaf, so its gradient
    is dL/dx~ and dL/dx is taken through F.pad from a second leaf."""
    x = r.normal(size=(A_N, A_CIN, A_H, A_W))
    w = r.normal(size=(A_COUT, A_CG, A_KH, A_KW))
    b = r.normal(size=A_COUT)
    ho, wo = A_H + 2 * A_P - A_KH + 1, A_W + 2 * A_P - A_KW + 1
    g = r.normal(size=(A_N, A_COUT, ho, wo))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv2d(xt, wt, bt, padding=A_P, groups=A_G)
    (y * t64(g)).sum().backward()
    xp = t64(np.pad(x, [(0, 0), (0, 0), (A_P, A_P), (A_P, A_P)]), True)
    (F.conv2d(xp, t64(w), t64(b), groups=A_G) * t64(g)).sum().backward()
    return {"x": x, "xp": xp.detach().numpy(), "w": w, "b": b, "g": g,
            "y": y.detach().numpy(), "dx": xt.grad.numpy(), "dxp": xp.grad.numpy(),
            "dw": wt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _apir(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_api(r)), seed)


def _api_forward(v: dict) -> np.ndarray:
    xp, w, b = v["xp"], v["w"], v["b"]
    return np.array(
        [
            [
                b[o] + sum(corr(xp[n, _gamma(o) * A_CG + c], w[o, c]) for c in range(A_CG))
                for o in range(A_COUT)
            ]
            for n in range(A_N)
        ]
    )


def _api_dw(v: dict) -> np.ndarray:
    xp, g = v["xp"], v["g"]
    return np.array(
        [
            [
                sum(corr(xp[n, _gamma(o) * A_CG + c], g[n, o]) for n in range(A_N))
                for c in range(A_CG)
            ]
            for o in range(A_COUT)
        ]
    )


def _api_dxp_all_o(v: dict) -> np.ndarray:
    """The page's scatter with o over every output channel, as written."""
    g, w = v["g"], v["w"]
    hp, wp = v["xp"].shape[2:]
    return np.array(
        [
            [
                [
                    [
                        sum(
                            zat(g[n, o], h - u, q - s) * w[o, m % A_CG, u, s]
                            for o in range(A_COUT)
                            for u in range(A_KH)
                            for s in range(A_KW)
                        )
                        for q in range(wp)
                    ]
                    for h in range(hp)
                ]
                for m in range(A_CIN)
            ]
            for n in range(A_N)
        ]
    )


def _input_group_of(o: int) -> int:
    """Which block of C_g input channels output channel o reads, found by autograd in torch's
    Conv2d(6, 4, 3, padding=1, groups=2)."""
    x = torch.ones(1, 6, 10, 10, dtype=F64, requires_grad=True)
    layer = nn.Conv2d(6, 4, 3, padding=1, groups=2).double()
    torch.nn.init.constant_(layer.weight, 1.0)
    layer(x)[0, o].sum().backward()
    reached = [c for c in range(6) if x.grad[0, c].abs().sum() > 0]
    return reached[0] // 3


def _grouped_flops(groups: int) -> int:
    return flops_half(
        lambda: F.conv2d(torch.zeros(4, 6, 10, 10, dtype=F64),
                         torch.zeros(4, 6 // groups, 3, 3, dtype=F64), padding=1, groups=groups)
    )  # fmt: skip


API_CLAIMS = claims_of(
    API,
    {
        "We write $C_g = C_{in} / G$": [None, None],
        "$$y[n,o,i,j] = b[o]": [_apir(lambda v: same(v["y"], _api_forward(v)), 5320)],
        "with output size $H_{out} = H + 2p - k_H + 1$": [
            grid(
                lambda h, k, p: conv_out(h, k, 1, p) == h + 2 * p - k + 1,
                [(h, k, p) for h in (5, 10, 17) for k in (1, 2, 3, 5) for p in (0, 1, 2)],
            )
        ],
        "Writing $g = $": [None],
        "\\partial b[o]} = \\frac{1}{N}": [
            _apir(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / A_N), 5321)
        ],
        "\\partial w[o,c,u,v]} = \\sum": [_apir(lambda v: same(v["dw"], _api_dw(v)), 5322)],
        "\\operatorname{shape}(\\texttt{grad\\_weight})": [
            _apir(lambda v: v["dw"].shape == (A_COUT, A_CIN, A_KH, A_KW), 5323)
        ],
        "\\sum_{o=0}^{C_{out}-1} \\sum_{u=0}^{k_H-1}": [
            _apir(lambda v: same(v["dxp"], _api_dxp_all_o(v)), 5324)
        ],
        "is the interior crop": [
            _apir(lambda v: same(v["dx"], v["dxp"][:, :, A_P : A_P + A_H, A_P : A_P + A_W]), 5325)
        ],
        "$$\\sum_{n,m,h,w'}": [
            _apir(
                lambda v: math.isclose(
                    v["dxp"].sum(),
                    sum(
                        v["g"][n, o].sum() * v["w"][o].sum()
                        for n in range(A_N)
                        for o in range(A_COUT)
                    ),
                ),
                5326,
            )
        ],
        "since the crop only removes the padding": [
            _apir(lambda v: math.isclose(v["dx"].sum(), v["dxp"].sum()), 5327)
        ],
        "Here $N = 4$": [None] * 9,
        "- $C_g = 6 / 2 = 3$": [
            equal(nn.Conv2d(6, 4, 3, groups=2).weight.shape[1], 6 / 2),
            equal(6 / 2, 3),
            equal(_input_group_of(2), math.floor(2 * 2 / 4)),
            equal(math.floor(2 * 2 / 4), 0),
        ],
        "- $H_{out} = 10 + 2 - 3 + 1 = 10$": [
            equal(conv_out(10, 3, 1, 1), 10 + 2 - 3 + 1),
            equal(10 + 2 - 3 + 1, 10),
        ],
        "With the bias the layer has": [
            equal(params(nn.Conv2d(6, 4, 3, padding=1, groups=2)), 4 * 3 * 3 * 3 + 4),
            equal(4 * 3 * 3 * 3 + 4, 112),
        ],
        "The forward costs": [
            equal(_grouped_flops(2), 4 * 4 * 10 * 10 * 3 * 3 * 3),
            equal(4 * 4 * 10 * 10 * 3 * 3 * 3, 43200),
            equal(_grouped_flops(1), 2**2 * 43200),
            equal(2**2 * 43200, 172800),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh53_truth_b import NOTES_B

    return {**TD_CLAIMS, **MED_CLAIMS, **MUL_CLAIMS, **API_CLAIMS, **NOTES_B}
