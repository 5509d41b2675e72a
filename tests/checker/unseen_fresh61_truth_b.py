"""Independent truth for the fresh61 unseen set, second part: the notes
blog_conv1d_pytorch_anukram, exam_sheet_dLdW_2x2_kernel and forum_backward_is_rot180_conv
(conventions as in unseen_fresh61_truth.py, which merges this table into truth_table).  NumPy /
torch autograd in float64, nothing of symconv.
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
    dilate,
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


# --- blog_conv1d_pytorch_anukram.md (Hindi blog post): 0-based, nn.Conv1d(16, 32, 5, stride=2,
# padding=2) on (N, C, L) = (8, 16, 100).

BLOG = "blog_conv1d_pytorch_anukram"


def len_out(n: int, k: int = 5, s: int = 2, p: int = 2) -> int:
    """Output length of torch conv1d (padding p) on a length-n input."""
    y = F.conv1d(
        torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64), stride=s, padding=p
    )
    return int(y.shape[-1])


def _conv1(r: np.random.Generator, n: int = 2, c: int = 3, o: int = 4, length: int = 11) -> dict:
    """Random conv1d(c -> o, k = 5, stride 2, padding 2) with a bias; L = sum(y * g)."""
    x, w, b = r.normal(size=(n, c, length)), r.normal(size=(o, c, 5)), r.normal(size=o)
    g = r.normal(size=(n, o, len_out(length)))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv1d(xt, wt, bt, stride=2, padding=2)
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "b": b, "g": g, "y": y.detach().numpy()} | {
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
    }


def _entry(r: np.random.Generator) -> bool:
    """y[n,o,t] = b_o + sum_{c,j} w[o,c,j] x[n,c,2t+j-2], x zero outside (declared)."""
    v = _conv1(r)
    x, w, b, y = v["x"], v["w"], v["b"], v["y"]
    rule = np.array(
        [
            [
                [
                    b[o]
                    + sum(
                        w[o, c, j] * zat(x, n, c, 2 * t + j - 2) for c in range(3) for j in range(5)
                    )
                    for t in range(y.shape[2])
                ]
                for o in range(4)
            ]
            for n in range(2)
        ]
    )
    return same(y, rule)


def _dx_rule(r: np.random.Generator) -> bool:
    """The note's dL/dx[n,c,q] = sum_{o,t} g[n,o,t] w[o,c,q-2t], w zero outside 0..4."""
    v = _conv1(r)
    g, w = v["g"], v["w"]
    rule = np.array(
        [
            [
                [
                    sum(
                        g[n, o, t] * zat(w, o, c, q - 2 * t)
                        for o in range(4)
                        for t in range(g.shape[2])
                    )
                    for q in range(11)
                ]
                for c in range(3)
            ]
            for n in range(2)
        ]
    )
    return same(v["dx"], rule)


def _dw_rule(r: np.random.Generator) -> bool:
    """dL/dw[o,c,j] = sum_{n,t} g[n,o,t] x[n,c,2t+j-2], x zero outside (declared)."""
    v = _conv1(r)
    g, x = v["g"], v["x"]
    rule = np.array(
        [
            [
                [
                    sum(
                        g[n, o, t] * zat(x, n, c, 2 * t + j - 2)
                        for n in range(2)
                        for t in range(g.shape[2])
                    )
                    for j in range(5)
                ]
                for c in range(3)
            ]
            for o in range(4)
        ]
    )
    return same(v["dw"], rule)


def _reach(layers: int, length: int = 40) -> tuple[int, int]:
    """From torch's Jacobian of `layers` stacked conv1d(k = 5, s = 2, p = 2) with random weights:
    (most outputs one input position reaches, most input positions one output reads)."""
    r = np.random.default_rng(6210 + layers)
    ws = [t64(r.normal(size=(1, 1, 5))) for _ in range(layers)]

    def f(v: torch.Tensor) -> torch.Tensor:
        h = v.reshape(1, 1, -1)
        for w in ws:
            h = F.conv1d(h, w, stride=2, padding=2)
        return h.reshape(-1)

    jac = torch.autograd.functional.jacobian(f, torch.zeros(length, dtype=F64)).numpy()
    nz = jac != 0
    return int(nz.sum(axis=0).max()), int(nz.sum(axis=1).max())


BX = np.array([3, 1, -2, 0, 4, 2, -1, 1], dtype=float)
BW = np.array([1, 2, 0, -1, 1], dtype=float)
BY = F.conv1d(t64(BX)[None, None], t64(BW)[None, None], stride=2, padding=2).numpy()[0, 0]
BLOG_LAYER = torch.nn.Conv1d(16, 32, 5, stride=2, padding=2).double()
M_ONE = flops_half(lambda: BLOG_LAYER(torch.zeros(1, 16, 100, dtype=F64)))
M_BATCH = flops_half(lambda: BLOG_LAYER(torch.zeros(8, 16, 100, dtype=F64)))
LS = range(6, 40)

BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "$$L_{\\text{out}} = \\left\\lfloor": [
            grid(
                lambda n, k, s, p: len_out(n, k, s, p) == (n + 2 * p - k) // s + 1,
                [
                    (n, k, s, p)
                    for n in (7, 10, 100)
                    for k in (3, 5)
                    for s in (1, 2, 3)
                    for p in (0, 1, 2)
                ],
            ),
            equal(math.floor((100 + 2 * 2 - 5) / 2) + 1, math.floor(99 / 2) + 1),
            equal(math.floor(99 / 2) + 1, 50),
        ],
        "सम लंबाई के लिए": [
            grid(lambda n: len_out(n) == n / 2, [(n,) for n in LS if n % 2 == 0]),
            grid(lambda n: len_out(n) == (n - 1) / 2, [(n,) for n in LS if n % 2 == 1]),
            None,
            equal(len_out(101), math.floor(100 / 2) + 1),
            equal(math.floor(100 / 2) + 1, 51),
            None,
            equal(len_out(100, p=0), math.floor((100 - 5) / 2) + 1),
            equal(math.floor((100 - 5) / 2) + 1, 47),
        ],
        "weight का आकार": [
            equal(params(torch.nn.Conv1d(16, 32, 5, stride=2, padding=2)), 32 * 16 * 5 + 32),
            equal(32 * 16 * 5 + 32, 2592),
        ],
        "$$y[n,o,t] = b_o": [trials(_entry, 6211)],
        "छोटा उदाहरण": [
            None,
            None,
            None,
            equal(BY.size, math.floor(7 / 2) + 1),
            equal(math.floor(7 / 2) + 1, 4),
        ],
        "$$y[0] = w[2]": [
            single(lambda: math.isclose(BY[0], BW[2] * BX[0] + BW[3] * BX[1] + BW[4] * BX[2])),
            equal(BW[2] * BX[0] + BW[3] * BX[1] + BW[4] * BX[2], 0 - 1 - 2),
            equal(0 - 1 - 2, -3),
        ],
        "$$y[1] = 1 \\cdot 3": [
            single(lambda: math.isclose(BY[1], 1 * 3 + 2 * 1 + 0 * (-2) + (-1) * 0 + 1 * 4)),
            equal(1 * 3 + 2 * 1 + 0 * (-2) + (-1) * 0 + 1 * 4, 9),
        ],
        "$$y[3] = 1 \\cdot 4": [
            single(lambda: math.isclose(BY[3], 1 * 4 + 2 * 2 + 0 * (-1) + (-1) * 1 + 1 * 0)),
            equal(1 * 4 + 2 * 2 + 0 * (-1) + (-1) * 1 + 1 * 0, 8),
        ],
        "हर आउटपुट प्रविष्टि में": [
            equal(16 * 5, 80),
            equal(M_ONE, 32 * 50 * 80),
            equal(32 * 50 * 80, 128000),
            equal(M_BATCH, 8 * 128000),
            equal(8 * 128000, 10240000),
        ],
        "\\partial x[n,c,q]} = \\sum": [trials(_dx_rule, 6212)],
        "stride 2 की वजह से": [equal(_reach(1)[0], math.ceil(5 / 2))],
        "और weight का ग्रेडिएंट": [trials(_dw_rule, 6213)],
        "$r_2 = 5": [equal(_reach(2)[1], 5 + (5 - 1)), equal(5 + (5 - 1), 9)],
    },
)

# --- exam_sheet_dLdW_2x2_kernel.md (English exam answer sheet): 1-based, valid correlation, a
# 2 x 2 kernel on the 3 x 3 X with the given G; W and b are random (they do not enter dW, db).

EXAM = "exam_sheet_dLdW_2x2_kernel"
QX = np.array([[1, 2, -1], [0, 3, 1], [2, -2, 0]], dtype=float)
QG = np.array([[1, -1], [2, 1]], dtype=float)


def _exam(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    v = conv(x[None, None], w[None, None], np.zeros(1), g[None, None])
    return {"dx": v["dx"][0, 0], "dw": v["dw"][0, 0], "db": float(v["db"][0])}


QV = _exam(QX, np.random.default_rng(6220).normal(size=(2, 2)), QG)


def x1(i: int, j: int) -> float:
    """X[i,j] with the sheet's 1-based indices."""
    return at(QX, i - 1, j - 1)


def g1(i: int, j: int) -> float:
    return at(QG, i - 1, j - 1)


def _dw_rule(r: np.random.Generator) -> bool:
    """dL/dW[u,v] = sum_{i,j=1}^{2} G[i,j] X[i+u-1, j+v-1], 1-based, random X and G."""
    x, g = r.normal(size=(3, 3)), r.normal(size=(2, 2))
    dw = _exam(x, r.normal(size=(2, 2)), g)["dw"]
    rule = [
        [
            sum(at(g, i, j) * at(x, i + u, j + v) for i in range(2) for j in range(2))
            for v in range(2)
        ]
        for u in range(2)
    ]
    return same(dw, rule)


def _dw_true_conv(r: np.random.Generator) -> bool:
    """(e): X * G with * the true convolution = X star rot180(G)."""
    x, g = r.normal(size=(3, 3)), r.normal(size=(2, 2))
    dw = _exam(x, r.normal(size=(2, 2)), g)["dw"]
    return same(dw, corr(x, rot180(g)))


def _dx_centre(r: np.random.Generator) -> bool:
    w, g = r.normal(size=(2, 2)), r.normal(size=(2, 2))
    dx = _exam(r.normal(size=(3, 3)), w, g)["dx"]
    rule = sum(at(g, 3 - u - 1, 3 - v - 1) * at(w, u - 1, v - 1) for u in (1, 2) for v in (1, 2))
    return math.isclose(dx[1, 1], rule, abs_tol=1e-12)


def _dx_corner(r: np.random.Generator) -> bool:
    w, g = r.normal(size=(2, 2)), r.normal(size=(2, 2))
    dx = _exam(r.normal(size=(3, 3)), w, g)["dx"]
    return math.isclose(dx[0, 2], g[0, 1] * w[0, 0], abs_tol=1e-12)


EXAM_CLAIMS = claims_of(
    EXAM,
    {
        "**(a)** Output side": [
            equal(conv_out(3, 2), 3 - 2 + 1),
            equal(3 - 2 + 1, 2),
            equal(params(torch.nn.Conv2d(1, 1, 2)), 2 * 2 + 1),
            equal(2 * 2 + 1, 5),
        ],
        "\\partial W[u,v]} = \\sum_{i=1}^{2}": [trials(_dw_rule, 6221)],
        "\\partial W[1,1]} = G[1,1]X[1,1]": [
            single(
                lambda: math.isclose(
                    QV["dw"][0, 0],
                    g1(1, 1) * x1(1, 1)
                    + g1(1, 2) * x1(1, 2)
                    + g1(2, 1) * x1(2, 1)
                    + g1(2, 2) * x1(2, 2),
                )
            ),
            single(
                lambda: math.isclose(
                    g1(1, 1) * x1(1, 1)
                    + g1(1, 2) * x1(1, 2)
                    + g1(2, 1) * x1(2, 1)
                    + g1(2, 2) * x1(2, 2),
                    1 - 2 + 0 + 3,
                )
            ),
            equal(1 - 2 + 0 + 3, 2),
        ],
        "\\partial W[1,2]} = G[1,1]X[1,2]": [
            single(
                lambda: math.isclose(
                    QV["dw"][0, 1],
                    g1(1, 1) * x1(1, 2)
                    + g1(1, 2) * x1(1, 3)
                    + g1(2, 1) * x1(2, 2)
                    + g1(2, 2) * x1(2, 3),
                )
            ),
            single(
                lambda: math.isclose(
                    g1(1, 1) * x1(1, 2)
                    + g1(1, 2) * x1(1, 3)
                    + g1(2, 1) * x1(2, 2)
                    + g1(2, 2) * x1(2, 3),
                    2 + 1 + 6 + 1,
                )
            ),
            equal(2 + 1 + 6 + 1, 10),
        ],
        "\\partial W[2,1]} = G[2,2]X[2,1]": [
            single(
                lambda: math.isclose(
                    QV["dw"][1, 0],
                    g1(2, 2) * x1(2, 1)
                    + g1(2, 1) * x1(2, 2)
                    + g1(1, 2) * x1(3, 1)
                    + g1(1, 1) * x1(3, 2),
                )
            ),
            single(
                lambda: math.isclose(
                    g1(2, 2) * x1(2, 1)
                    + g1(2, 1) * x1(2, 2)
                    + g1(1, 2) * x1(3, 1)
                    + g1(1, 1) * x1(3, 2),
                    0 + 6 - 2 - 2,
                )
            ),
            equal(0 + 6 - 2 - 2, 2),
        ],
        "\\partial W[2,2]} = G[1,1]X[2,2]": [
            single(
                lambda: math.isclose(
                    QV["dw"][1, 1],
                    g1(1, 1) * x1(2, 2)
                    + g1(1, 2) * x1(2, 3)
                    + g1(2, 1) * x1(3, 2)
                    + g1(2, 2) * x1(3, 3),
                )
            ),
            single(
                lambda: math.isclose(
                    g1(1, 1) * x1(2, 2)
                    + g1(1, 2) * x1(2, 3)
                    + g1(2, 1) * x1(3, 2)
                    + g1(2, 2) * x1(3, 3),
                    3 - 1 - 4 + 0,
                )
            ),
            equal(3 - 1 - 4 + 0, -1),
        ],
        "\\partial W} = \\begin{bmatrix} 2 & 10": [
            single(lambda: same(QV["dw"], [[2, 10], [2, -1]]))
        ],
        "**(d)**": [
            single(lambda: math.isclose(QV["db"], QG.sum())),
            single(lambda: math.isclose(QG.sum(), 1 - 1 + 2 + 1)),
            equal(1 - 1 + 2 + 1, 3),
        ],
        "**(e)**": [trials(_dw_true_conv, 6222)],
        "**(f)**": [trials(_dx_centre, 6223), trials(_dx_corner, 6224)],
    },
)


# --- forum_backward_is_rot180_conv.md (English forum answer): 1-based, one channel, stride 1
# (stride 2 at the end); w zero outside 1..k (line 13), g zero outside 1..m (line 21).  The
# 1-based formulas are evaluated with 1-based loops and read at index - 1.

FORUM = "forum_backward_is_rot180_conv"
NK = [(5, 3), (6, 3), (6, 2), (7, 4)]


def _fwd(r: np.random.Generator, n: int, k: int, s: int = 1) -> dict:
    x, w = r.normal(size=(n, n)), r.normal(size=(k, k))
    m = (n - k) // s + 1
    g = r.normal(size=(m, m))
    v = conv(x[None, None], w[None, None], None, g[None, None], stride=s)
    return {"x": x, "w": w, "g": g, "m": m, "y": v["z"][0, 0], "dx": v["dx"][0, 0]} | {
        "dw": v["dw"][0, 0]
    }


def _grid_rand(check: Callable[[dict, int, int], bool], seed: int) -> Truth:
    """One random trial per (n, k) of NK."""
    return lambda: [
        agree(lambda n=n, k=k, t=t: check(_fwd(np.random.default_rng(seed + t), n, k), n, k))
        for t, (n, k) in enumerate(NK)
    ]


def _one(k: int) -> range:
    return range(1, k + 1)


def _forward(v: dict, n: int, k: int) -> bool:
    x, w, m = v["x"], v["w"], v["m"]
    rule = [
        [
            sum(at(w, a - 1, b - 1) * at(x, i + a - 2, j + b - 2) for a in _one(k) for b in _one(k))
            for j in _one(m)
        ]
        for i in _one(m)
    ]
    return same(v["y"], rule)


def _jacobian(v: dict, n: int, k: int) -> bool:
    """dy[i,j]/dx[p,q] = w[p-i+1, q-j+1] (w zero outside), against torch's Jacobian."""
    wt = t64(v["w"])

    def f(z: torch.Tensor) -> torch.Tensor:
        return F.conv2d(z.reshape(1, 1, n, n), wt[None, None]).reshape(v["m"], v["m"])

    jac = torch.autograd.functional.jacobian(f, torch.zeros(n * n, dtype=F64)).numpy()
    jac = jac.reshape(v["m"], v["m"], n, n)
    rule = np.array(
        [
            [[[zat(v["w"], p - i, q - j) for q in _one(n)] for p in _one(n)] for j in _one(v["m"])]
            for i in _one(v["m"])
        ]
    )
    return same(jac, rule)


def _dx_over_outputs(v: dict, n: int, k: int) -> bool:
    g, w, m = v["g"], v["w"], v["m"]
    rule = [
        [
            sum(at(g, i - 1, j - 1) * zat(w, p - i, q - j) for i in _one(m) for j in _one(m))
            for q in _one(n)
        ]
        for p in _one(n)
    ]
    return same(v["dx"], rule)


def _dx_over_taps(v: dict, n: int, k: int) -> bool:
    g, w = v["g"], v["w"]
    rule = [
        [
            sum(zat(g, p - a, q - b) * at(w, a - 1, b - 1) for a in _one(k) for b in _one(k))
            for q in _one(n)
        ]
        for p in _one(n)
    ]
    return same(v["dx"], rule)


def _dx_padded(v: dict, n: int, k: int) -> bool:
    """sum_{a,b} ghat[p+a-1, q+b-1] wtilde[a,b], ghat = pad_{k-1}(g), wtilde = rot180(w)."""
    gh, wt = pad(v["g"], k - 1), rot180(v["w"])
    rule = [
        [
            sum(
                at(gh, p + a - 2, q + b - 2) * at(wt, a - 1, b - 1)
                for a in _one(k)
                for b in _one(k)
            )
            for q in _one(n)
        ]
        for p in _one(n)
    ]
    return same(v["dx"], rule)


def true_conv(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid true convolution: out[i,j] = sum_{u,v} a[i+u, j+v] k[kh-1-u, kw-1-v], i.e. the
    kernel flipped before sliding (NumPy's convolve convention)."""
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    return np.array(
        [
            [
                sum(
                    a[i + u, j + s] * k[kh - 1 - u, kw - 1 - s]
                    for u in range(kh)
                    for s in range(kw)
                )
                for j in range(ow)
            ]
            for i in range(oh)
        ]
    )


def _dw_rule(v: dict, n: int, k: int) -> bool:
    g, x, m = v["g"], v["x"], v["m"]
    rule = [
        [
            sum(at(g, i - 1, j - 1) * at(x, i + a - 2, j + b - 2) for i in _one(m) for j in _one(m))
            for b in _one(k)
        ]
        for a in _one(k)
    ]
    return same(v["dw"], rule)


def _reads(n: int, k: int, p: int, q: int) -> int:
    """Outputs of the valid conv reading x[p,q] (1-based): nonzeros of torch's Jacobian."""
    wt = t64(np.ones((k, k)))

    def f(z: torch.Tensor) -> torch.Tensor:
        return F.conv2d(z.reshape(1, 1, n, n), wt[None, None]).reshape(-1)

    jac = torch.autograd.functional.jacobian(f, torch.zeros(n * n, dtype=F64)).numpy()
    return int(np.count_nonzero(jac[:, (p - 1) * n + (q - 1)]))


def _tiny() -> np.ndarray:
    """The 1-D check: x random in R^4 (it does not enter dx), w = (1, 2, 3), g = (1, -1)."""
    xt = t64(np.random.default_rng(6230).normal(size=4), True)
    y = F.conv1d(xt[None, None], t64([1.0, 2.0, 3.0])[None, None])[0, 0]
    (y * t64([1.0, -1.0])).sum().backward()
    return xt.grad.numpy()


TD = _tiny()
TW, TG = (None, 1.0, 2.0, 3.0), (None, 1.0, -1.0)  # 1-based


def _strided(r: np.random.Generator) -> bool:
    v = _fwd(r, 7, 3, s=2)
    return same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"])))


FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "I'll use 1-based indices": [grid(lambda n, k: conv_out(n, k) == n - k + 1, NK)],
        "$$y[i,j] = \\sum_{a=1}^{k}": [_grid_rand(_forward, 6231)],
        "\\partial x[p,q]} = w[p-i+1": [_grid_rand(_jacobian, 6235)],
        "\\sum_{i=1}^{m} \\sum_{j=1}^{m} g[i,j]\\, w[p-i+1": [_grid_rand(_dx_over_outputs, 6239)],
        "g[p-a+1,\\, q-b+1]\\, w[a,b]$$": [_grid_rand(_dx_over_taps, 6243)],
        "\\hat{g}[p+a-1,\\, q+b-1]\\, \\tilde{w}[a,b]$$": [_grid_rand(_dx_padded, 6247)],
        "which is exactly the forward formula": [
            _grid_rand(
                lambda v, n, k: same(v["dx"], true_conv(pad(v["g"], k - 1), rot180(v["w"]))), 6251
            ),
            grid(lambda n, k: conv_out(n, k) + 2 * (k - 1) == n + k - 1, NK),
            grid(lambda n, k: (n + k - 1) - k + 1 == n, NK),
        ],
        "A common stumbling block": [
            _grid_rand(
                lambda v, n, k: math.isclose(rot180(v["w"])[0, 0], at(v["w"], k - 2, k - 2)), 6255
            )
        ],
        "\\partial w[a,b]} = \\sum_{i=1}^{m}": [_grid_rand(_dw_rule, 6259)],
        "**Tiny 1-D sanity check.**": [
            None,
            None,
            single(lambda: math.isclose(TD[0], TG[1] * TW[1])),
            equal(TG[1] * TW[1], 1),
            single(lambda: math.isclose(TD[1], TG[1] * TW[2] + TG[2] * TW[1])),
            equal(TG[1] * TW[2] + TG[2] * TW[1], 2 - 1),
            equal(2 - 1, 1),
            single(lambda: math.isclose(TD[2], TG[1] * TW[2] + TG[2] * TW[3])),
            equal(TG[1] * TW[2] + TG[2] * TW[3], 2 - 3),
            equal(2 - 3, -1),
            single(lambda: math.isclose(TD[3], TG[2] * TW[3])),
            equal(TG[2] * TW[3], -3),
            single(lambda: same(TD, [1, 1, -1, -3])),
        ],
        "**Counting terms.**": [
            None,
            None,
            equal(_reads(5, 3, 3, 3), 3**2),
            equal(3**2, 9),
            equal(_reads(5, 3, 1, 1), 1),
            equal(_reads(5, 3, 1, 3), 1),
        ],
        "**Stride.**": [
            None,
            None,
            None,
            equal(conv_out(7, 3, s=2), (7 - 3) / 2 + 1),
            equal((7 - 3) / 2 + 1, 3),
            trials(_strided, 6263),
        ],
    },
)


NOTES_B: Claims = {**BLOG_CLAIMS, **EXAM_CLAIMS, **FORUM_CLAIMS}
