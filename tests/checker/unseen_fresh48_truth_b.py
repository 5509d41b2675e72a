"""Independent truth for the fresh48 unseen set, second part: the notes
seminar_conv1d_tekstovyj_klassifikator, blog_gradiente_pesos_stride2_dilatada and
lecture_batchnorm_conv_blocks (conventions as in unseen_fresh48_truth.py, which merges this table
into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import conv1_len, flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
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
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh48"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def rounds_to(value: float, written: str) -> Truth:
    """An approximate value printed as ``written``: right when it rounds to those digits."""
    decimals = len(written.split(".")[1]) if "." in written else 0
    return lambda: [abs(value - float(written)) <= 0.5 * 10.0**-decimals + 1e-12]


# --- seminar_conv1d_tekstovyj_klassifikator.md (Russian seminar): the note's TextCNN, T = 50.

SEM = "seminar_conv1d_tekstovyj_klassifikator"
T_LEN = 50


class TextCNN(nn.Module):
    """The note's model, as written there."""

    def __init__(self) -> None:
        super().__init__()
        self.emb = nn.Embedding(20000, 128)
        self.convs = nn.ModuleList([nn.Conv1d(128, 100, k) for k in (2, 3, 4)])
        self.fc = nn.Linear(300, 5)


SEM_MODEL = TextCNN()
_EMB_CH = int(SEM_MODEL.emb(torch.zeros(1, T_LEN, dtype=torch.long)).transpose(1, 2).shape[1])


def _max_time(h: np.ndarray, g: float, mean: bool = False) -> np.ndarray:
    """Gradient of g * max_t h_t (or of g * mean_t h_t) by torch."""
    ht = t64(h, True)
    m = ht.mean() if mean else ht.amax()
    (g * m).backward()
    return ht.grad.numpy()


def _branch(r: np.random.Generator, cin: int = 4, cout: int = 3, k: int = 3, t: int = 9) -> dict:
    """One branch, relu(conv1d(e)).amax(time), on random e; the gradients of sum(g * m)."""
    e, w, b, g = (
        r.normal(size=(cin, t)),
        r.normal(size=(cout, cin, k)),
        r.normal(size=cout),
        r.normal(size=cout),
    )
    et, wt, bt = t64(e, True), t64(w, True), t64(b, True)
    h = F.conv1d(et[None], wt, bt)[0]
    m = F.relu(h).amax(dim=1)
    (m * t64(g)).sum().backward()
    return {
        "e": e,
        "g": g,
        "h": h.detach().numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
        "k": k,
    }


def _branch_dw_formula(v: dict) -> np.ndarray:
    e, h, g, k = v["e"], v["h"], v["g"], v["k"]
    out = np.zeros(v["dw"].shape)
    for o in range(h.shape[0]):
        ts = int(np.argmax(h[o]))
        for c in range(e.shape[0]):
            for j in range(k):
                out[o, c, j] = g[o] * float(h[o, ts] > 0) * at(e, c, ts + j)
    return out


SEM_H = np.array([0.2, -1.0, 0.7, 0.4])
M3 = flops_half(
    lambda: F.conv1d(torch.zeros(1, 128, T_LEN, dtype=F64), torch.zeros(100, 128, 3, dtype=F64))
)

SEM_CLAIMS = claims_of(
    SEM,
    {
        "**1. Размеры.**": [equal(_EMB_CH, 128)],
        "$$L_k = T - k + 1$$": [
            grid(
                lambda t, k: conv1_len(t, k) == t - k + 1,
                [(t, k) for t in (10, 50) for k in (2, 3, 4)],
            )
        ],
        "поэтому $L_2 = 49$": [
            equal(conv1_len(T_LEN, 2), 49),
            equal(conv1_len(T_LEN, 3), 48),
            equal(conv1_len(T_LEN, 4), T_LEN - 4),
            equal(50 - 4, 46),
        ],
        "**2. Параметры.**": [
            equal(params(SEM_MODEL.emb), 20000 * 128),
            equal(20000 * 128, 2560000),
        ],
        "$$P_k = 100": [
            grid(
                lambda k: params(nn.Conv1d(128, 100, k)) == 100 * (128 * k + 1),
                [(k,) for k in (2, 3, 4, 5)],
            )
        ],
        "Отсюда $P_2": [
            equal(params(SEM_MODEL.convs[0]), 100 * 257),
            equal(100 * 257, 25700),
            equal(params(SEM_MODEL.convs[1]), 100 * 128 * 3),
            equal(100 * 128 * 3, 38400),
            equal(params(SEM_MODEL.convs[2]), 100 * 513),
            equal(100 * 513, 51300),
        ],
        "Все три ветви вместе": [
            equal(params(SEM_MODEL.convs), 25700 + 38400 + 51300),
            equal(25700 + 38400 + 51300, 115400),
        ],
        "Классификатор": [equal(params(SEM_MODEL.fc), 300 * 5 + 5), equal(300 * 5 + 5, 1505)],
        "$$P = 2560000": [
            equal(params(SEM_MODEL), 2560000 + 115400 + 1505),
            equal(2560000 + 115400 + 1505, 2676905),
        ],
        "из которых на эмбеддинг": [rounds_to(2560000 / 2676905, "0.96")],
        "\\partial m}{\\partial h_t} = \\mathbb{1}": [
            trials(
                lambda r: (
                    lambda h: same(
                        _max_time(h, 1.0), [float(t == int(np.argmax(h))) for t in range(len(h))]
                    )
                )(r.normal(size=7)),
                4850,
            )
        ],
        "\\partial h} = (0, 0, 1.5, 0)": [
            single(lambda: same(_max_time(SEM_H, 1.5), [0, 0, 1.5, 0]))
        ],
        "Если заменить max на среднее": [
            single(lambda: same(_max_time(SEM_H, 1.5, mean=True), [1.5] * 4))
        ],
        "\\partial W_{o}[c, j]} =": [
            trials(lambda r: (lambda v: same(v["dw"], _branch_dw_formula(v)))(_branch(r)), 4851),
            None,
        ],
        "где $h_{o,t}$": [
            trials(
                lambda r: (lambda v: same(v["db"], conv1_len(9, 3) * v["g"]))(_branch(r)),
                4852,
            )
        ],
        "**4. Вычислительная стоимость.**": [
            None,
            equal(M3, 48 * 100 * 384),
            equal(48 * 100 * 384, 1843200),
        ],
    },
)


# --- blog_gradiente_pesos_stride2_dilatada.md (Spanish blog): nn.Conv2d(1, 1, 3, stride=2,
# bias=False) on 5 x 5, 0-based; dil_2 inserts one zero between neighbours; G = dL/dY given.

BLOG = "blog_gradiente_pesos_stride2_dilatada"
BL_X = np.array(
    [[1.0, 0, 2, 1, 0], [2, 1, 0, 1, 3], [0, 1, 1, 2, 1], [1, 3, 0, 1, 2], [2, 0, 1, 0, 1]]
)
BL_G = np.array([[1.0, -1], [2, 1]])


def _s2(x: np.ndarray, w: np.ndarray, g: np.ndarray, b: np.ndarray | None = None) -> dict:
    v = conv(x[None, None], w[None, None], b, g[None, None], stride=2)
    return {
        "x": x,
        "w": w,
        "g": g,
        "z": v["z"][0, 0],
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
        "db": v.get("db"),
    }


def _rand_s2(r: np.random.Generator, h: int = 5) -> dict:
    m = (h - 3) // 2 + 1
    return _s2(
        r.normal(size=(h, h)), r.normal(size=(3, 3)), r.normal(size=(m, m))
    )  # no bias, as the note


def _bl(rel: Callable[[dict], bool], seed: int, sides: tuple[int, ...] = (5,)) -> Truth:
    """Random X, W, G at the note's 5 x 5 (and 7 x 7 where the claim is general in H)."""
    return trials(lambda r: all(rel(_rand_s2(r, h)) for h in sides), seed)


def _fwd_index(v: dict) -> np.ndarray:
    x, w = v["x"], v["w"]
    m = v["z"].shape[0]
    return np.array(
        [
            [
                sum(w[u, vv] * at(x, 2 * i + u, 2 * j + vv) for u in range(3) for vv in range(3))
                for j in range(m)
            ]
            for i in range(m)
        ]
    )


def _dw_index(v: dict) -> np.ndarray:
    x, g = v["x"], v["g"]
    return np.array(
        [
            [
                sum(g[i, j] * at(x, 2 * i + u, 2 * j + vv) for i in range(2) for j in range(2))
                for vv in range(3)
            ]
            for u in range(3)
        ]
    )


def _corr_stride(a: np.ndarray, k: np.ndarray, s: int) -> np.ndarray:
    return corr(a, k)[::s, ::s]


BL_V = _s2(
    BL_X, np.random.default_rng(4860).normal(size=(3, 3)), BL_G, np.zeros(1)
)  # W does not enter dW
_DW00 = (
    BL_X[0, 0] * BL_G[0, 0]
    + BL_X[0, 2] * BL_G[0, 1]
    + BL_X[2, 0] * BL_G[1, 0]
    + BL_X[2, 2] * BL_G[1, 1]
)

BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "$$Y[i,j] = \\sum_{u=0}^{2}": [_bl(lambda v: same(v["z"], _fwd_index(v)), 4861)],
        "Sobre una entrada de $5": [
            equal(conv_out(5, 3, 2), math.floor((5 - 3) / 2) + 1),
            equal(math.floor((5 - 3) / 2) + 1, 2),
        ],
        "\\partial W[u,v]} = \\sum_{i=0}^{1}": [_bl(lambda v: same(v["dw"], _dw_index(v)), 4862)],
        "El truco es ver que": [
            single(lambda: dilate(BL_G, 2).shape[0] == 2 * (2 - 1) + 1 == 3),
            None,
        ],
        "$$\\frac{\\partial L}{\\partial W} = X \\star \\operatorname{dil}_2(G)$$": [
            _bl(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 4863, sides=(5, 7))
        ],
        "y el tamaño sale solo": [
            equal(5 - 3 + 1, 3),
            grid(
                lambda s, m: int(np.sum(dilate(np.ones((m, m)), s) == 0)) == (s - 1) * m**2,
                [(s, m) for s in (2, 3) for m in (2, 3, 4)],
            ),
            equal((2 - 1) * 2**2, 4),
        ],
        "Ojo con la tentación": [
            _bl(lambda v: same(v["dw"], _corr_stride(v["x"], v["g"], 2)), 4864)
        ],
        "$$\\operatorname{dil}_2(G) = \\begin{bmatrix}": [
            single(lambda: same(dilate(BL_G, 2), [[1, 0, 2], [0, 0, 0], [-1, 0, 1]]))
        ],
        "\\partial W[0,0]} = X[0,0] G[0,0]": [
            single(lambda: math.isclose(BL_V["dw"][0, 0], _DW00)),
            single(lambda: math.isclose(_DW00, 1 - 2 + 0 + 1)),
            equal(1 - 2 + 0 + 1, 0),
        ],
        "$$\\frac{\\partial L}{\\partial W} = \\begin{bmatrix} 0 & 3": [
            single(lambda: same(BL_V["dw"], [[0, 3, 5], [4, 7, -1], [4, 1, 3]]))
        ],
        "Si la capa tuviera sesgo": [
            single(lambda: math.isclose(BL_V["db"][0], BL_G.sum())),
            equal(BL_G.sum(), 3),
        ],
        "Por completar": [equal(3 - 1, 2)],
        "\\operatorname{pad}_2\\big(\\operatorname{dil}_2(G)\\big)": [
            _bl(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))),
                4865,
                sides=(5, 7),
            )
        ],
        "Se ve en casos sueltos": [
            _bl(
                lambda v: math.isclose(
                    v["dx"][2, 1], v["g"][0, 0] * v["w"][2, 1] + v["g"][1, 0] * v["w"][0, 1]
                ),
                4866,
            ),
            _bl(lambda v: math.isclose(v["dx"][1, 2], v["g"][0, 0] * v["w"][1, 2]), 4867),
        ],
    },
)


# --- lecture_batchnorm_conv_blocks.md (English lecture notes): the note's two Conv-BN-ReLU blocks
# on 8 x 3 x 32 x 32; BatchNorm in training mode unless folded (eval mode, 14.6).

BNL = "lecture_batchnorm_conv_blocks"
BLOCK = nn.Sequential(
    nn.Conv2d(3, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
    nn.Conv2d(32, 64, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
)  # fmt: skip
_SIDES = []
_h = torch.zeros(8, 3, 32, 32)
for _layer in BLOCK:
    _h = _layer(_h)
    _SIDES.append(int(_h.shape[-1]))


def _bias_case(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(3, 2, 7, 7)), r.normal(size=(4, 2, 3, 3)), r.normal(size=4)
    g = r.normal(size=(3, 4, 3, 3))
    return {"g": g, **conv(x, w, b, g, stride=2)}


def _bn_case(r: np.random.Generator, conv_bias: bool = False) -> dict:
    """Conv (with a bias) -> BatchNorm2d in training mode with random gamma and beta; the gradients
    of sum(G_bn * y)."""
    x, w, b = (
        t64(r.normal(size=(4, 2, 6, 6))),
        t64(r.normal(size=(3, 2, 3, 3))),
        t64(r.normal(size=3), True),
    )
    gamma, beta = t64(r.normal(size=3), True), t64(r.normal(size=3), True)
    z = F.conv2d(x, w, b)
    z.retain_grad()
    y = F.batch_norm(z, None, None, gamma, beta, training=True, eps=1e-5)
    g = r.normal(size=tuple(y.shape))
    (y * t64(g)).sum().backward()
    zn = z.detach().numpy()
    mean, var = zn.mean(axis=(0, 2, 3), keepdims=True), zn.var(axis=(0, 2, 3), keepdims=True)
    return {
        "g": g,
        "z": zn,
        "zhat": (zn - mean) / np.sqrt(var + 1e-5),
        "db": b.grad.numpy(),
        "dgamma": gamma.grad.numpy(),
        "dbeta": beta.grad.numpy(),
    }


def _bn_stats_count(r: np.random.Generator) -> bool:
    """torch's training-mode BN equals normalising by the mean and (biased) variance of the
    N H W values of each channel: sums divided by N H W."""
    x = r.normal(size=(8, 3, 32, 32))
    m = 8 * 32 * 32
    mean = x.sum(axis=(0, 2, 3), keepdims=True) / m
    var = ((x - mean) ** 2).sum(axis=(0, 2, 3), keepdims=True) / m
    y = F.batch_norm(t64(x), None, None, training=True, eps=1e-5).numpy()
    return same(y, (x - mean) / np.sqrt(var + 1e-5)) and x[:, 0].size == m


def _fold(r: np.random.Generator, sqrt_in_w: bool) -> bool:
    """Eval-mode BN after a bias-free conv against one conv with the folded weight and bias."""
    x, w = t64(r.normal(size=(2, 3, 6, 6))), r.normal(size=(4, 3, 3, 3))
    mu, var = r.normal(size=4), r.uniform(0.5, 2.0, size=4)
    gamma, beta = r.normal(size=4), r.normal(size=4)
    eps = 1e-5
    ref = F.batch_norm(
        F.conv2d(x, t64(w)), t64(mu), t64(var), t64(gamma), t64(beta), training=False, eps=eps
    )
    scale = gamma / (np.sqrt(var + eps) if sqrt_in_w else var + eps)
    folded_w = w * scale[:, None, None, None]
    folded_b = beta - gamma * mu / np.sqrt(var + eps)
    return same(ref, F.conv2d(x, t64(folded_w), t64(folded_b)))


_BN_G = np.stack([np.array([[1.0, -2], [0, 3]]), np.array([[2.0, 1], [-1, 0]])])[:, None]
BN_EX = conv(
    np.random.default_rng(4870).normal(size=(2, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.zeros(1), _BN_G
)

BNL_CLAIMS = claims_of(
    BNL,
    {
        "The first convolution keeps the side": [
            equal(_SIDES[0], 32 + 2 - 3 + 1),
            equal(32 + 2 - 3 + 1, 32),
        ],
        "$$H_2 = \\left\\lfloor": [
            equal(_SIDES[3], math.floor((32 + 2 * 1 - 3) / 2) + 1),
            equal(math.floor((32 + 2 * 1 - 3) / 2) + 1, 16),
        ],
        "The convolutions have no bias": [
            equal(params(BLOCK[0]), 3 * 3 * 3 * 32),
            equal(3 * 3 * 3 * 32, 864),
            equal(params(BLOCK[3]), 3 * 3 * 32 * 64),
            equal(3 * 3 * 32 * 64, 18432),
        ],
        "Each BatchNorm learns": [
            equal(params(BLOCK[1]), 2 * 32),
            equal(2 * 32, 64),
            equal(params(BLOCK[4]), 4 * 64),
            equal(4 * 64, 256),
        ],
        "In total the block has": [
            equal(params(BLOCK), 864 + 64 + 18432 + 256),
            equal(864 + 64 + 18432 + 256, 19616),
        ],
        "\\sum_{n=0}^{N-1} \\sum_{i=0}^{H'-1}": [
            trials(
                lambda r: (lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))))(_bias_case(r)), 4871
            )
        ],
        "\\frac{1}{H' W'}": [
            trials(
                lambda r: (lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / v["g"][0, 0].size))(
                    _bias_case(r)
                ),
                4872,
            )
        ],
        "\\partial b_0} = (1 - 2": [
            single(lambda: math.isclose(BN_EX["db"][0], (1 - 2 + 0 + 3) + (2 + 1 - 1 + 0))),
            equal((1 - 2 + 0 + 3) + (2 + 1 - 1 + 0), 2 + 2),
            equal(2 + 2, 4),
        ],
        "In training mode BatchNorm subtracts": [
            trials(_bn_stats_count, 4873),
            equal(8 * 32 * 32, 8 * 32 * 32),
            equal(8 * 32 * 32, 8192),
        ],
        "$$\\frac{\\partial L}{\\partial b_f} = 0$$": [
            trials(lambda r: bool(np.allclose(_bn_case(r)["db"], 0, atol=1e-9)), 4874)
        ],
        "\\partial \\beta_f} = \\sum": [
            trials(
                lambda r: (lambda v: same(v["dbeta"], v["g"].sum(axis=(0, 2, 3))))(_bn_case(r)),
                4875,
            )
        ],
        "\\partial \\gamma_f} = \\sum": [
            trials(
                lambda r: (lambda v: same(v["dgamma"], (v["g"] * v["z"]).sum(axis=(0, 2, 3))))(
                    _bn_case(r)
                ),
                4876,
            )
        ],
        "$$W'_f = \\frac{\\gamma_f}": [
            trials(lambda r: _fold(r, sqrt_in_w=False), 4877),
            trials(lambda r: _fold(r, sqrt_in_w=True), 4878),
        ],
    },
)

NOTES_B: Claims = {**SEM_CLAIMS, **BLOG_CLAIMS, **BNL_CLAIMS}
