"""Independent truth for the fresh42 unseen set, second part: the notes
corrige_td6_retropropagation_pas2_operateurs, cheatsheet_receptive_field_small_cnn and
code_review_softmax_ce_linear_head_backward (conventions as in unseen_fresh42_truth.py: NumPy /
torch autograd in float64, one bool per trial or per size, lines found from anchors)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh42_truth import Claims, claims_of
from unseen_truth_base import (
    F64,
    Truth,
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
)

nn = torch.nn

# --- corrige_td6_retropropagation_pas2_operateurs.md (French solution): 0-based, one channel, torch
# conv2d with stride s (2 unless said) and padding p (1 unless said); Xt = pad_p(X), G = dL/dY.

COR = "corrige_td6_retropropagation_pas2_operateurs"
# the note's assumption: H + 2 - k even (the last window ends on the last row of Xt)
EVEN = ((5, 3), (7, 3), (7, 5), (9, 5))


def strided(
    r: np.random.Generator, h: int, k: int, s: int = 2, p: int = 1, bias: float = 0.0
) -> dict:
    """torch conv2d of a random h x h input and k x k kernel and the gradients of sum(y * g) for a
    random g; plus the gradient with respect to the padded input as a leaf of its own."""
    x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
    h_out = conv_out(h, k, s, p)
    g = r.normal(size=(h_out, h_out))
    v = conv(x[None, None], w[None, None], np.array([bias]), g[None, None], stride=s, padding=p)
    xp = t64(pad(x, p), True)
    (F.conv2d(xp[None, None], t64(w[None, None]), stride=s) * t64(g[None, None])).sum().backward()
    return {
        "x": x,
        "xt": pad(x, p),
        "w": w,
        "g": g,
        "k": k,
        "y": v["z"][0, 0],
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
        "db": float(v["db"][0]),
        "dxt": xp.grad.numpy(),
    }


def _cor(rel: Callable[[dict], bool], seed: int, sizes: tuple = EVEN, bias: float = 0.0) -> Truth:
    return trials(lambda r: all(rel(strided(r, h, k, bias=bias)) for h, k in sizes), seed)


def _dw_from_x(v: dict) -> list[list[float]]:
    """sum_{i,j} G[i,j] X[2i+u, 2j+v], X read strictly (no padding)."""
    g, n = v["g"], v["g"].shape[0]
    return [
        [
            sum(g[i, j] * at(v["x"], 2 * i + u, 2 * j + c) for i in range(n) for j in range(n))
            for c in range(v["k"])
        ]
        for u in range(v["k"])
    ]


def _dx11(v: dict) -> float:
    g, w = v["g"], v["w"]
    return g[0, 0] * w[0, 0] + g[0, 1] * w[0, 2] + g[1, 0] * w[2, 0] + g[1, 1] * w[2, 2]


def _rot_written(w: np.ndarray) -> np.ndarray:
    k = w.shape[0]
    return np.array([[at(w, k - u, k - c) for c in range(k)] for u in range(k)])


def _general(rel: Callable[[dict, int, int], bool], seed: int) -> Truth:
    """Every stride s and padding p with k - 1 - p >= 0 where H + 2p - k is a multiple of s."""
    sizes = [
        (h, k, s, p)
        for h in (4, 5, 6, 7, 9)
        for k in (3, 5)
        for s in (2, 3)
        for p in (0, 1, 2)
        if k - 1 - p >= 0 and h + 2 * p >= k and (h + 2 * p - k) % s == 0
    ]
    return trials(lambda r: all(rel(strided(r, h, k, s, p), s, p) for h, k, s, p in sizes), seed)


COR_CLAIMS = claims_of(
    COR,
    {
        "$$H_{out} = \\left\\lfloor \\frac{H + 2 - k}{2}": [
            grid(
                lambda h, k: conv_out(h, k, 2, 1) == (h + 2 - k) // 2 + 1,
                [(h, k) for h in range(3, 12) for k in (1, 3, 5) if h + 2 >= k],
            )
        ],
        "insère un zéro entre deux entrées": [
            grid(
                lambda n: dilate(np.ones((n, n)), 2).shape[0] == 2 * (n - 1) + 1,
                [(n,) for n in (1, 2, 3, 4, 7)],
            ),
            grid(lambda n: 2 * (n - 1) + 1 == 2 * n - 1, [(n,) for n in (1, 2, 3, 4, 7)]),
        ],
        "retourne le noyau dans les deux directions": [
            trials(
                lambda r: all(
                    same(rot180(w), _rot_written(w))
                    for w in (r.normal(size=(3, 3)), r.normal(size=(5, 5)))
                ),
                4231,
            )
        ],
        "\\partial W[u,v]} = \\sum_{i} \\sum_{j} G[i,j] \\, X[2i+u": [
            _cor(lambda v: same(v["dw"], _dw_from_x(v)), 4232)
        ],
        "$$\\frac{\\partial L}{\\partial W} = \\tilde X \\star \\operatorname{dil}_2(G)$$": [
            _cor(lambda v: same(v["dw"], corr(v["xt"], dilate(v["g"], 2))), 4233)
        ],
        "Erreur vue dans plusieurs copies": [
            _cor(lambda v: same(v["dw"], corr(v["xt"], v["g"])), 4234)
        ],
        "Et pour le biais": [_cor(lambda v: math.isclose(v["db"], v["g"].sum()), 4235, bias=0.7)],
        "\\partial \\tilde X} = \\operatorname{pad}_{k-1}": [
            _cor(
                lambda v: same(v["dxt"], corr(pad(dilate(v["g"], 2), v["k"] - 1), rot180(v["w"]))),
                4236,
            )
        ],
        "\\partial X} = \\operatorname{pad}_{k-2}": [
            _cor(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), v["k"] - 2), rot180(v["w"]))),
                4237,
            )
        ],
        "$$\\langle Y, G \\rangle = ": [
            _cor(
                lambda v: math.isclose(
                    float((v["y"] * v["g"]).sum()), float((v["x"] * v["dx"]).sum())
                ),
                4238,
            ),
            _cor(
                lambda v: math.isclose(
                    float((v["x"] * v["dx"]).sum()), float((v["w"] * v["dw"]).sum())
                ),
                4239,
            ),
        ],
        "On trouve $H_{out} = ": [
            equal(conv_out(7, 3, 2, 1), 6 // 2 + 1),
            equal(6 // 2 + 1, 4),
            single(lambda: pad(dilate(np.ones((4, 4)), 2), 2).shape[0] == 7 + 2 * 2 == 11),
            single(lambda: corr(np.ones((11, 11)), np.ones((3, 3))).shape[0] == 11 - 3 + 1 == 9),
            single(lambda: corr(np.ones((9, 9)), np.ones((7, 7))).shape[0] == 9 - 7 + 1 == 3),
        ],
        "Le coin n'est couvert que par": [
            _cor(
                lambda v: math.isclose(v["dx"][0, 0], v["g"][0, 0] * v["w"][0, 0]),
                4240,
                sizes=((7, 3),),
            )
        ],
        "\\partial X[1,1]} = G[0,0] W[0,0]": [
            _cor(lambda v: math.isclose(v["dx"][1, 1], _dx11(v)), 4241, sizes=((7, 3), (5, 3)))
        ],
        "Pour $H = 6$ et $k = 3$": [
            None,
            None,
            equal(conv_out(6, 3, 2, 1), 5 // 2 + 1),
            equal(5 // 2 + 1, 3),
            _cor(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["w"]))),
                4242,
                sizes=((6, 3),),
            ),
            single(
                lambda: next(a for a in (0, 1) if tconv_out(3, 3, 2, 1, a) == 6) == (6 + 2 - 3) % 2
            ),
            equal((6 + 2 - 3) % 2, 0),
        ],
        "\\operatorname{pad}_p(X) \\star \\operatorname{dil}_s(G)": [
            _general(lambda v, s, p: same(v["dw"], corr(pad(v["x"], p), dilate(v["g"], s))), 4243),
            _general(
                lambda v, s, p: same(
                    v["dx"], corr(pad(dilate(v["g"], s), v["k"] - 1 - p), rot180(v["w"]))
                ),
                4244,
            ),
        ],
    },
)


# --- cheatsheet_receptive_field_small_cnn.md (English cheat sheet): the nn.Sequential on one
# 3 x 64 x 64 image.  Sides and parameter counts are torch's; the receptive field is the support
# of one central output's gradient through the same geometry with all-ones single-channel
# weights (a max pool read as the average pool of the same window, whose gradient covers the
# window), on an input large enough that no border is reached; the jump is the distance between
# the fields of two neighbouring outputs.

CHE = "cheatsheet_receptive_field_small_cnn"
torch.manual_seed(0)
CHE_NET = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1),
    nn.ReLU(),
    nn.Conv2d(32, 32, 3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(32, 64, 5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(3, stride=2),
).double()
LAYERS = (0, 2, 3, 5, 7, 9)  # L1 .. L6 in the Sequential
# (kind, k, s, p) of L1 .. L6
GEOM = (
    ("c", 3, 1, 1),
    ("p", 2, 2, 0),
    ("c", 3, 1, 1),
    ("c", 3, 2, 1),
    ("c", 5, 1, 2),
    ("p", 3, 2, 0),
)


def _sides() -> list[int]:
    h, out = torch.zeros(1, 3, 64, 64, dtype=F64), []
    for i, layer in enumerate(CHE_NET):
        h = layer(h)
        if i in LAYERS:
            out.append(int(h.shape[-1]))
    return out


def _field(geom: tuple, at_out: int = 0) -> tuple[int, int]:
    """(first row, width) of the input rows that output row (centre + at_out) depends on."""
    x = torch.ones(1, 1, 200, 200, dtype=F64, requires_grad=True)
    h = x
    for kind, k, s, p in geom:
        if kind == "c":
            h = F.conv2d(h, torch.ones(1, 1, k, k, dtype=F64), stride=s, padding=p)
        else:
            h = F.avg_pool2d(h, k, stride=s, padding=p)
    c = h.shape[-1] // 2
    h[0, 0, c + at_out, c].backward()
    rows = np.nonzero(x.grad.numpy()[0, 0].sum(axis=1))[0]
    return int(rows[0]), int(rows[-1] - rows[0] + 1)


def rf(n: int) -> int:
    return _field(GEOM[:n])[1]


def jump(n: int) -> int:
    return 1 if n == 0 else _field(GEOM[:n], 1)[0] - _field(GEOM[:n])[0]


SIDES = _sides()
PARAMS = [params(CHE_NET[i]) for i in LAYERS]


def _row(layer: int, side: int, field: int, count: int | None) -> list[Truth]:
    out = [equal(SIDES[layer - 1], side), equal(rf(layer), field)]
    return out if count is None else [*out, equal(PARAMS[layer - 1], count)]


def _recurrences(which: str) -> Truth:
    def check(n: int) -> bool:
        _, k, s, _ = GEOM[n - 1]
        if which == "j":
            return jump(n) == jump(n - 1) * s
        return rf(n) == (1 if n == 1 else rf(n - 1)) + (k - 1) * jump(n - 1)

    return grid(check, [(n,) for n in range(1, 7)])


def _side_any(h: int, k: int, s: int, p: int) -> bool:
    formula = (h + 2 * p - k) // s + 1
    pool = F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, stride=s, padding=p).shape[-1]
    return conv_out(h, k, s, p) == formula == pool


_L5_MACS = flops_half(
    lambda: F.conv2d(
        torch.zeros(1, 32, 16, 16, dtype=F64), torch.zeros(64, 32, 5, 5, dtype=F64), padding=2
    )
)

CHE_CLAIMS = claims_of(
    CHE,
    {
        "$$H_{out} = \\left\\lfloor \\frac{H_{in} + 2p - k}{s}": [
            grid(
                _side_any,
                [
                    (h, k, s, p)
                    for h in (5, 8, 16, 64)
                    for k in (1, 2, 3, 5)
                    for s in (1, 2, 3)
                    for p in (0, 1, 2)
                    if 2 * p <= k and h + 2 * p >= k
                ],
            )
        ],
        "$$j_l = j_{l-1}": [_recurrences("j"), _recurrences("r")],
        "| L1 conv |": _row(1, 64, 3, 448),
        "| L2 maxpool |": _row(2, 32, 4, None),
        "| L3 conv |": _row(3, 32, 8, 4608),
        "| L4 conv |": _row(4, 15, 12, 9248),
        "| L5 conv |": _row(5, 16, 20, 18496),
        "| L6 maxpool |": _row(6, 7, 28, None),
        "Total: $P = ": [
            equal(params(CHE_NET), 448 + 4608 + 9248 + 18496),
            equal(448 + 4608 + 9248 + 18496, 32800),
        ],
        "The final jump is the product": [equal(jump(6), 2 * 2 * 2), equal(2 * 2 * 2, 8)],
        "$$M_5 = 32^2": [
            equal(_L5_MACS, 32**2 * 64 * 32 * 25),
            equal(32**2 * 64 * 32 * 25, 52428800),
        ],
        "Two $3 \\times 3$ convs see as much": [
            grid(
                lambda c: 2 * params(nn.Conv2d(c, c, 3, bias=False)) == 2 * 9 * c**2 == 18 * c**2,
                [(c,) for c in (1, 3, 16)],
            ),
            grid(lambda c: 18 * c**2 < 25 * c**2, [(c,) for c in (1, 3, 16)]),
        ],
        "Put stride 2 in the first of three": [
            equal(_field((("c", 3, 2, 0), ("c", 3, 1, 0), ("c", 3, 1, 0)))[1], 9)
        ],
    },
)


# --- code_review_softmax_ce_linear_head_backward.md (English code review): X N x D, W D x K, b,
# Z = XW + 1 b^T, P = row softmax, one-hot Y, L = mean cross-entropy (torch's cross_entropy).

CRV = "code_review_softmax_ce_linear_head_backward"
CRV_SIZES = ((2, 3, 2), (4, 3, 5))


def head(x: np.ndarray, w: np.ndarray, b: np.ndarray, labels: np.ndarray) -> dict:
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    z = xt @ wt + bt
    z.retain_grad()
    loss = F.cross_entropy(z, torch.tensor(labels, dtype=torch.long))
    loss.backward()
    k = w.shape[1]
    return {
        "x": x,
        "w": w,
        "labels": labels,
        "n": x.shape[0],
        "p": torch.softmax(z, dim=1).detach().numpy(),
        "y": np.eye(k)[labels],
        "loss": loss.item(),
        "dz": z.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
        "dx": xt.grad.numpy(),
    }


def _crv(rel: Callable[[dict], bool], seed: int) -> Truth:
    def one(r: np.random.Generator) -> bool:
        return all(
            rel(
                head(
                    r.normal(size=(n, d)),
                    r.normal(size=(d, k)),
                    r.normal(size=k),
                    r.integers(0, k, size=n),
                )
            )
            for n, d, k in CRV_SIZES
        )

    return trials(one, seed)


CRV_X = np.array([[1.0, 2, 0], [3, -1, 2]])
CRV_LABELS = np.array([0, 1])
CRV_V = head(CRV_X, np.zeros((3, 2)), np.zeros(2), CRV_LABELS)
CRV_W1 = np.zeros((3, 2)) - 2 * CRV_V["dw"]
CRV_AFTER = head(CRV_X, CRV_W1, np.zeros(2) - 2 * CRV_V["db"], CRV_LABELS)
HALF, QUART = 1 / 2, 1 / 4


def _pm(v: dict) -> np.ndarray:
    return v["p"] - v["y"]


def _others(v: dict) -> bool:
    return all(
        math.isclose(v["dz"][n, k], -v["p"][n, k] / v["n"])
        for n in range(v["n"])
        for k in range(v["p"].shape[1])
        if k != v["labels"][n]
    )


CRV_CLAIMS = claims_of(
    CRV,
    {
        "In formulas, softmax and cross-entropy": [
            _crv(lambda v: same(v["dz"], _pm(v) / v["n"]), 4251)
        ],
        "\\frac{1}{N} (P - Y)^\\top X$$": [
            _crv(lambda v: same(v["dw"], _pm(v).T @ v["x"] / v["n"]), 4252)
        ],
        "\\partial b} = (P - Y)^\\top \\mathbf{1}$$": [
            _crv(lambda v: same(v["db"], _pm(v).T @ np.ones(v["n"])), 4253)
        ],
        "\\frac{1}{N} W (P - Y)^\\top$$": [
            _crv(lambda v: same(v["dx"], v["w"] @ _pm(v).T / v["n"]), 4254)
        ],
        "Per entry: for the true class": [
            _crv(
                lambda v: all(
                    math.isclose(
                        v["dz"][n, v["labels"][n]], (v["p"][n, v["labels"][n]] - 1) / v["n"]
                    )
                    for n in range(v["n"])
                ),
                4255,
            ),
            None,
            _crv(_others, 4256),
            _crv(lambda v: same(_pm(v) @ np.ones(v["p"].shape[1]), np.zeros(v["n"])), 4257),
        ],
        "$$\\frac{\\partial L}{\\partial W} = \\frac{1}{N} X^\\top (P - Y)$$": [
            _crv(lambda v: same(v["dw"], v["x"].T @ _pm(v) / v["n"]), 4258)
        ],
        "or entry by entry": [
            _crv(
                lambda v: same(
                    v["dw"],
                    [
                        [
                            sum(v["x"][n, d] * _pm(v)[n, k] for n in range(v["n"])) / v["n"]
                            for k in range(v["w"].shape[1])
                        ]
                        for d in range(v["w"].shape[0])
                    ],
                ),
                4259,
            ),
            _crv(
                lambda v: same(v["dw"] @ np.ones(v["w"].shape[1]), np.zeros(v["w"].shape[0])), 4260
            ),
            _crv(
                lambda v: same(np.ones(v["w"].shape[0]) @ v["dw"], np.zeros(v["w"].shape[1])), 4261
            ),
        ],
        "Please add the zero-init case": [
            None,
            None,
            single(lambda: same(CRV_V["p"], np.full((2, 2), 1 / 2))),
            equal(1 / CRV_V["y"].shape[1], HALF),
            equal(CRV_V["loss"], math.log(CRV_V["y"].shape[1])),
            equal(math.log(CRV_V["y"].shape[1]), math.log(2)),
            None,
            None,
            None,
        ],
        "\\partial Z} = \\begin{bmatrix} -\\frac{1}{2}": [
            single(lambda: same(CRV_V["dz"], [[-HALF, HALF], [HALF, -HALF]]))
        ],
        "and the PR's `dW` comes out as": [
            single(lambda: same(CRV_V["dw"], [[HALF, -3 * QUART, HALF], [-HALF, 3 * QUART, -HALF]]))
        ],
        "\\partial W} = \\begin{bmatrix} \\frac{1}{2} & -\\frac{1}{2}": [
            single(
                lambda: same(CRV_V["dw"], [[HALF, -HALF], [-3 * QUART, 3 * QUART], [HALF, -HALF]])
            )
        ],
        "The bias gradient is": [
            single(lambda: same(CRV_V["db"], [0, 0])),
            None,
            single(lambda: same(CRV_V["dx"], np.zeros((2, 3)))),
        ],
        "$$W' = W - \\eta": [None, single(lambda: same(CRV_W1, [[-1, 1], [1.5, -1.5], [-1, 1]]))],
        "so the first sample's logits become": [
            single(lambda: same(CRV_X[0] @ CRV_W1, [2, -2])),
            equal(CRV_AFTER["loss"], math.log(1 + math.exp(-4))),
        ],
    },
)


NOTES_B: Claims = {**COR_CLAIMS, **CHE_CLAIMS, **CRV_CLAIMS}
