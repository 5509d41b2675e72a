"""Independent truth for the fresh26 unseen set (tests/data/check/unseen/fresh26/): shared helpers
and the notes dissertacao_cap2_fundamentacao, mooc_quiz4_retour_pas2, ed_forum_hw3_param_count
and peer_review_hw4_conv_as_matrix.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A claim's line is found from an anchor, a piece of text that
occurs on exactly one line of the note; the rank counts every key entry on that line (the
not-a-claim ones too). A side that reads an entry outside a tensor (IndexError) or combines
arrays of mismatched shapes (ValueError) disagrees; where a note declares zeros outside a range,
those entries are read as zero. A link between two written numbers is judged as arithmetic; a
size or count named on the left must equal the true one. The other three notes live in
unseen_fresh26_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view
from unseen_truth_base import (
    F64,
    Truth,
    anchor_line,
    at,
    conv,
    conv_out,
    corr,
    corr1,
    dilate,
    dilate1,
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
SET = "fresh26"


def key(stem: str, anchor: str, rank: int) -> tuple[str, int, int]:
    return (stem, anchor_line(SET, stem, anchor), rank)


def conv1d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int) -> dict:
    """torch conv1d forward and the gradients of sum(y * g); x (N, C, T), w (F, C, K)."""
    xt, wt = t64(x, True), t64(w, True)
    bt = None if b is None else t64(b, True)
    y = F.conv1d(xt, wt, bt, **kw)
    (y * t64(g)).sum().backward()
    out = {"y": y.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def effective_kernel(k: int, d: int) -> int:
    """The span of a k-tap kernel with dilation d: the smallest input it fits (one output)."""
    for side in range(1, 64):
        try:
            x, w = torch.zeros(1, 1, side, dtype=F64), torch.zeros(1, 1, k, dtype=F64)
            F.conv1d(x, w, dilation=d)
        except RuntimeError:
            continue
        return side
    raise AssertionError("no input fits")


# --- dissertacao_cap2_fundamentacao.md: C 3, T 128, F 16, K 5, 1-based x_{c,t}, w_{f,c,k}

DISS = "dissertacao_cap2_fundamentacao"
_C, _T, _F, _K = 3, 128, 16, 5
_TP = _T - _K + 1


def _diss(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(_C, _T)), r.normal(size=(_F, _C, _K)), r.normal(size=_F)
    g = r.normal(size=(_F, _TP))
    t = conv1d(x[None], w, b, g[None])
    return {"x": x, "w": w, "b": b, "g": g, "y": t["y"][0], "dx": t["dx"][0], "dw": t["dw"],
            "db": t["db"]}  # fmt: skip


def _di(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_diss(r)), seed)


def _di_forward(v: dict) -> bool:
    """(2.1) written out: y_{f,t} = b_f + sum_{c,k} w_{f,c,k} x_{c,t+k-1}, 1-based."""
    windows = sliding_window_view(v["x"], _K, axis=1)  # [c, t-1, k-1] = x_{c, t+k-1}
    return same(v["y"], np.einsum("fck,ctk->ft", v["w"], windows) + v["b"][:, None])


def _di_dw_minus(v: dict) -> bool:
    """(2.3): sum_t delta_{f,t} x_{c,t-k+1}, 1-based, x read strictly."""
    x, g = v["x"], v["g"]
    rhs = [[[sum(g[f, t - 1] * at(x, c, t - k) for t in range(1, _TP + 1))
             for k in range(1, _K + 1)] for c in range(_C)] for f in range(_F)]  # fmt: skip
    return same(v["dw"], rhs)


def _di_dx(v: dict) -> bool:
    """(2.5): sum_{f,k} delta_{f,s-k+1} w_{f,c,k}, delta zero outside 1..T' (the note says so)."""
    g, w = v["g"], v["w"]
    rhs = [[sum(zat(g, f, s - k) * w[f, c, k - 1] for f in range(_F) for k in range(1, _K + 1))
            for s in range(1, _T + 1)] for c in range(_C)]  # fmt: skip
    return same(v["dx"], rhs)


def _di_dx_noflip(v: dict) -> bool:
    """(2.6): sum_f pad_{K-1}(delta_f) star w_{f,c} (valid correlation, no flip)."""
    rhs = [sum(corr1(np.pad(v["g"][f], _K - 1), v["w"][f, c]) for f in range(_F))
           for c in range(_C)]  # fmt: skip
    return same(v["dx"], rhs)


def _di_batch_bias(r: np.random.Generator) -> bool:
    """(2.7): L = (1/B) sum_n l_n with l_n = sum(y_n * g_n), so delta^(n) = g_n."""
    batch = 4
    x, w, b = r.normal(size=(batch, _C, _T)), r.normal(size=(_F, _C, _K)), r.normal(size=_F)
    g = r.normal(size=(batch, _F, _TP))
    bt = t64(b, True)
    y = F.conv1d(t64(x), t64(w), bt)
    (y * t64(g)).sum(dim=(1, 2)).mean().backward()
    return same(bt.grad.numpy(), g.sum(axis=(0, 2)))


def _receptive_field() -> int:
    """Input samples one output of conv(K=5) -> conv(K=3, stride 2) depends on (autograd)."""
    x = torch.zeros(1, 1, 40, dtype=F64, requires_grad=True)
    gen = torch.Generator().manual_seed(3)
    h = F.conv1d(x, torch.randn(1, 1, 5, generator=gen, dtype=F64) + 2.0)
    h = F.conv1d(h, torch.randn(1, 1, 3, generator=gen, dtype=F64) + 2.0, stride=2)
    h[0, 0, 5].backward()
    return int((x.grad[0, 0] != 0).sum())


_DX1 = np.array([[1.0, 0, 2, -1], [3, 1, 0, 2]])
_DW1 = np.array([[[2.0, -1], [1, 1]]])
_DG1 = np.array([[1.0, 0, -1]])


def _diss_numbers() -> dict:
    t = conv1d(_DX1[None], _DW1, np.array([0.5]), _DG1[None])
    return {"y": t["y"][0, 0], "dw": t["dw"][0], "dx": t["dx"][0]}


def _conv1d_len(t: int, k: int, s: int = 1) -> int:
    return int(F.conv1d(torch.zeros(1, 1, t, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                        stride=s).shape[-1])  # fmt: skip


DISS_CLAIMS: Claims = {
    key(DISS, r"\tag{2.1}", 1): _di(_di_forward, 100),
    key(DISS, r"\tag{2.2}", 1): equal(_conv1d_len(_T, _K), _T - _K + 1),
    key(DISS, r"\tag{2.2}", 2): equal(_T - _K + 1, 124),
    key(DISS, "P_1 = F", 1): equal(params(torch.nn.Conv1d(3, 16, 5)), _F * (_C * _K + 1)),
    key(DISS, "P_1 = F", 2): equal(_F * (_C * _K + 1), 256),
    key(DISS, "T'' =", 1): equal(_conv1d_len(124, 3, 2), math.ceil((124 - 3) / 2) + 1),
    key(DISS, "T'' =", 2): equal(math.ceil((124 - 3) / 2) + 1, 62),
    key(DISS, r"\tag{2.3}", 1): _di(_di_dw_minus, 110),
    key(DISS, r"\tag{2.4}", 1): _di(lambda v: same(v["db"], v["g"].sum(axis=1)), 120),
    key(DISS, r"\tag{2.5}", 1): _di(_di_dx, 130),
    key(DISS, r"\tag{2.6}", 1): _di(_di_dx_noflip, 140),
    key(DISS, r"\tag{2.7}", 1): trials(_di_batch_bias, 150),
    key(DISS, "r = 5 +", 1): equal(_receptive_field(), 5 + 2 * (3 - 1)),
    key(DISS, "r = 5 +", 2): equal(5 + 2 * (3 - 1), 9),
    key(DISS, "Por (2.1)", 1): single(lambda: same(_diss_numbers()["y"], [6.5, -0.5, 7.5])),
    key(DISS, "Por (2.1)", 3): single(lambda: same(_diss_numbers()["dw"][0], [-1, 1])),
    key(DISS, r"= (-1, 2, 1, -2)", 1): single(
        lambda: same(_diss_numbers()["dx"][0], [-1, 2, 1, -2])
    ),
}


# --- mooc_quiz4_retour_pas2.md: X 7x7 (8x8 in Q5), K 3x3, no bias, stride 2, 0-based

MOOC = "mooc_quiz4_retour_pas2"


def _mooc(r: np.random.Generator, side: int = 7, padding: int = 0) -> dict:
    x, k = r.normal(size=(side, side)), r.normal(size=(3, 3))
    out = conv_out(side, 3, 2, padding)
    g = r.normal(size=(out, out))
    t = conv(x[None, None], k[None, None], None, g[None, None], stride=2, padding=padding)
    return {"x": x, "k": k, "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0], "dk": t["dw"][0, 0]}


def _mo(rel: Callable[[dict], bool], seed: int, side: int = 7, padding: int = 0) -> Truth:
    return trials(lambda r: rel(_mooc(r, side, padding)), seed)


def _mo_forward(row: Callable[[int, int], int], col: Callable[[int, int], int]) -> Callable:
    def rel(v: dict) -> bool:
        x, k = v["x"], v["k"]
        rhs = [[sum(k[u, w] * at(x, row(i, u), col(j, w)) for u in range(3) for w in range(3))
                for j in range(3)] for i in range(3)]  # fmt: skip
        return same(v["y"], rhs)

    return rel


def _mo_dx22(v: dict) -> bool:
    g, k = v["g"], v["k"]
    return math.isclose(v["dx"][2, 2], g[0, 0] * k[2, 2] + g[1, 1] * k[0, 0], abs_tol=1e-12)


def _mo_zero_count(r: np.random.Generator) -> int:
    """Entries of dL/dX that are zero on an 8x8 input (random X, K, G)."""
    return int((_mooc(r, side=8)["dx"] == 0).sum())


_Q8_X, _Q8_K, _Q8_G = np.array([2.0, 0, 1, -1, 3]), np.array([1.0, 2, 3]), np.array([1.0, -1])


def _q8() -> dict:
    t = conv1d(_Q8_X[None, None], _Q8_K[None, None], None, _Q8_G[None, None], stride=2)
    return {"y": t["y"][0, 0], "dx": t["dx"][0, 0]}


def _q7_side() -> int:
    z = F.conv_transpose2d(torch.zeros(1, 1, 4, 4, dtype=F64), torch.zeros(1, 1, 3, 3, dtype=F64),
                           stride=2, padding=1)  # fmt: skip
    return int(z.shape[-1])


def _crop(a: np.ndarray, p: int) -> np.ndarray:
    return a[p:-p, p:-p]


MOOC_CLAIMS: Claims = {
    key(MOOC, r"$\lfloor (7 - 3)/2 \rfloor + 1 = 3$", 1): lambda: [
        (7 - 3) // 2 + 1 == 3 and conv_out(7, 3, 2) == 3
    ],
    key(MOOC, "X_{i+2u,", 1): _mo(_mo_forward(lambda i, u: i + 2 * u, lambda j, w: j + 2 * w), 200),
    key(MOOC, "X_{2i+u,", 1): _mo(_mo_forward(lambda i, u: 2 * i + u, lambda j, w: 2 * j + w), 210),
    key(MOOC, r"= X \star \operatorname{dil}_2(G)$ ✔", 1): _mo(
        lambda v: same(v["dk"], corr(v["x"], dilate(v["g"], 2))), 220
    ),
    key(MOOC, r"\operatorname{pad}_2(G) \star", 1): _mo(
        lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 230
    ),
    key(MOOC, r"$$\frac{\partial L}{\partial X} = \operatorname{pad}_2\big(", 1): _mo(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["k"]))), 240
    ),
    key(MOOC, "X_{2,2}} =", 1): _mo(_mo_dx22, 250),
    key(MOOC, "n_0 = 8 + 8", 1): trials(lambda r: _mo_zero_count(r) == 8 + 8, 260),
    key(MOOC, "n_0 = 8 + 8", 2): equal(8 + 8, 16),
    key(MOOC, "(a) Votre réponse", 1): _mo(
        lambda v: same(v["dk"], corr(v["x"], dilate(v["g"], 2))), 270, padding=1
    ),
    key(MOOC, "il faut donc écrire", 1): _mo(
        lambda v: same(v["dk"], corr(pad(v["x"], 1), dilate(v["g"], 2))), 280, padding=1
    ),
    key(MOOC, "(b) Votre réponse", 1): _mo(
        lambda v: same(v["dx"], _crop(corr(pad(dilate(v["g"], 2), 2), rot180(v["k"])), 1)),
        290,
        padding=1,
    ),
    key(MOOC, "sans rognage", 1): _mo(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["k"]))), 300, padding=1
    ),
    key(MOOC, r"$(4 - 1) \cdot 2 - 2 \cdot 1 + 3 = 7$", 1): lambda: [
        (4 - 1) * 2 - 2 * 1 + 3 == 7 == _q7_side()
    ],
    key(MOOC, r"$\mathbf{y} = (5, 8)$", 1): single(lambda: same(_q8()["y"], [5, 8])),
    key(MOOC, "Votre calcul (non noté)", 1): single(
        lambda: same(_q8()["dx"], corr1(np.pad(dilate1(_Q8_G, 2), 2), _Q8_K))
    ),
    key(MOOC, "Votre calcul (non noté)", 2): single(
        lambda: same(corr1(np.pad(dilate1(_Q8_G, 2), 2), _Q8_K), [3, 2, -2, -2, -1])
    ),
}


# --- ed_forum_hw3_param_count.md: 3x32x32 -> Conv2d(3,16,5,p2) -> pool 2 -> Conv2d(16,32,3)
# -> pool 2 -> Linear(1568, 10); MNIST variant 1x28x28


def _net(c_in: int = 3) -> torch.nn.Sequential:
    return torch.nn.Sequential(
        torch.nn.Conv2d(c_in, 16, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(32 * 7 * 7, 10),
    )  # fmt: skip


ED = "ed_forum_hw3_param_count"
_NET = _net()
_CONV1, _CONV2, _FC = _NET[0], _NET[3], _NET[7]


def _mnist_pool2_side() -> int:
    h = torch.zeros(1, 1, 28, 28)
    for layer in list(_net(1))[:6]:
        h = layer(h)
    return int(h.shape[-1])


def _size_rule_grid() -> list[bool]:
    """floor((H + 2p - k)/s) + 1 against torch conv2d and max_pool2d over a grid."""
    out = []
    for h, k, s, p in itertools.product(range(3, 11), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2)):
        if h + 2 * p < k:
            continue
        rule = (h + 2 * p - k) // s + 1
        out.append(conv_out(h, k, s, p) == rule)
        if 2 * p <= k:
            z = F.max_pool2d(torch.zeros(1, 1, h, h), k, s, p)
            out.append(int(z.shape[-1]) == rule)
    return out


def _ed_dense(r: np.random.Generator) -> dict:
    a, w, b = r.normal(size=(4, 1568)), r.normal(size=(10, 1568)), r.normal(size=10)
    delta = r.normal(size=(4, 10))
    at_, wt, bt = t64(a, True), t64(w, True), t64(b, True)
    (F.linear(at_, wt, bt) * t64(delta)).sum().backward()
    return {"a": a, "w": w, "d": delta, "da": at_.grad.numpy(), "dw": wt.grad.numpy(),
            "db": bt.grad.numpy()}  # fmt: skip


def _ed(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_ed_dense(r)), seed)


def _conv_count_grid(rule: Callable[[int, int, int], int]) -> list[bool]:
    return [
        params(torch.nn.Conv2d(ci, co, k)) == rule(ci, co, k)
        for ci, co, k in itertools.product((1, 3, 16), (2, 8, 32), (1, 3, 5))
    ]


ED_CLAIMS: Claims = {
    key(ED, r"P_1 = 16 \cdot 3 \cdot 5^2", 1): equal(params(_CONV1), 16 * 3 * 5**2),
    key(ED, r"P_1 = 16 \cdot 3 \cdot 5^2", 2): equal(16 * 3 * 5**2, 1200),
    key(ED, r"P_2 = 32 \cdot 16", 1): equal(params(_CONV2), 32 * 16 * 9 + 16),
    key(ED, r"P_2 = 32 \cdot 16", 2): equal(32 * 16 * 9 + 16, 4624),
    key(ED, "P_3 = 15690", 1): equal(params(_FC), 15690),
    key(ED, "P = 1200 +", 1): equal(params(_NET), 1200 + 4624 + 15690),
    key(ED, "P = 1200 +", 2): equal(1200 + 4624 + 15690, 21514),
    key(ED, "for conv1 you need", 1): equal(params(_CONV1), 16 * (3 * 5 * 5 + 1)),
    key(ED, "for conv1 you need", 2): equal(16 * (3 * 5 * 5 + 1), 1216),
    key(ED, "for conv1 you need", 3): equal(1216 + 4640 + 15690, 21546),
    key(ED, r"H_{\text{out}} = \left\lfloor", 1): _size_rule_grid,
    key(ED, "e.g. conv1 gives", 1): lambda: [(32 + 4 - 5) // 1 + 1 == 32 == conv_out(32, 5, 1, 2)],
    key(ED, r"= \Delta^\top A", 1): _ed(lambda v: same(v["dw"], v["d"].T @ v["a"]), 400),
    key(ED, r"= \Delta^\top A", 2): _ed(lambda v: same(v["db"], v["d"].T @ np.ones(4)), 410),
    key(ED, r"= \Delta^\top A", 3): _ed(lambda v: same(v["da"], v["d"] @ v["w"].T), 420),
    key(ED, "fwiw I just use", 1): lambda: _conv_count_grid(lambda ci, co, k: ci * co * k**2),
    key(ED, "Same net on MNIST", 1): equal(_mnist_pool2_side(), (12 - 2) // 2),
    key(ED, "Same net on MNIST", 2): equal((12 - 2) // 2, 5),
}


# --- peer_review_hw4_conv_as_matrix.md: (a) x in R^6, w in R^3, 1-based; (b) C 2, 4x4,
# F 3 filters 2x2, 0-based, im2col X_col (8 x 9), W_row (3 x 8)

PEER = "peer_review_hw4_conv_as_matrix"


def _toeplitz(w: np.ndarray) -> np.ndarray:
    """The submission's T, written row by row (4 x 6)."""
    t = np.zeros((4, 6))
    for i in range(4):
        t[i, i : i + 3] = w
    return t


def _hankel(x: np.ndarray) -> np.ndarray:
    return np.array([x[i : i + 3] for i in range(4)])


def _peer_a(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=6), r.normal(size=3), r.normal(size=4)
    t = conv1d(x[None, None], w[None, None], None, g[None, None])
    return {"x": x, "w": w, "g": g, "y": t["y"][0, 0], "dx": t["dx"][0, 0], "dw": t["dw"][0, 0]}


def _pa(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_peer_a(r)), seed)


def _im2col(x: np.ndarray) -> np.ndarray:
    """(X_col)_{(c,u,v),(i,j)} = x_{c,i+u,j+v}, rows c-major then u, v; columns i-major."""
    return np.array([[x[c, i + u, j + v] for i in range(3) for j in range(3)]
                     for c in range(2) for u in range(2) for v in range(2)])  # fmt: skip


def _peer_b(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 4, 4)), r.normal(size=(3, 2, 2, 2)), r.normal(size=3)
    g = r.normal(size=(3, 3, 3))
    t = conv(x[None], w, b, g[None])
    xcol = t64(_im2col(x), True)  # autograd through the matrix form itself, for dL/dX_col
    ((t64(w.reshape(3, 8)) @ xcol) * t64(g.reshape(3, 9))).sum().backward()
    return {"x": x, "w": w, "b": b, "G": g.reshape(3, 9), "xcol": _im2col(x),
            "wrow": w.reshape(3, 8), "y": t["z"][0].reshape(3, 9), "dx": t["dx"][0],
            "dwrow": t["dw"].reshape(3, 8), "db": t["db"], "dxcol": xcol.grad.numpy()}  # fmt: skip


def _pb(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_peer_b(r)), seed)


def _col2im(v: dict) -> bool:
    """dL/dx_{c,p,q} = sum_{u,v} (dL/dX_col)_{(c,u,v),(p-u,q-v)}, out-of-grid terms left out."""
    d = v["dxcol"]
    rhs = [[[sum(d[4 * c + 2 * u + w, 3 * (p - u) + (q - w)] for u in range(2) for w in range(2)
                 if 0 <= p - u < 3 and 0 <= q - w < 3) for q in range(4)] for p in range(4)]
            for c in range(2)]  # fmt: skip
    return same(v["dx"], rhs)


def _matrix_c(k: np.ndarray) -> np.ndarray:
    """The 9 x 16 matrix of one 2x2 kernel on a 4x4 input: the Jacobian of torch conv2d."""
    jac = torch.autograd.functional.jacobian(
        lambda x: F.conv2d(x.reshape(1, 1, 4, 4), t64(k[None, None])).reshape(9),
        torch.zeros(16, dtype=F64),
    )
    return jac.numpy()


def _nonzeros_of_c() -> int:
    return int((_matrix_c(np.array([[1.0, -2], [3, 0.5]])) != 0).sum())


def _peer_c(r: np.random.Generator) -> dict:
    x, k, g = r.normal(size=(4, 4)), r.normal(size=(2, 2)), r.normal(size=(3, 3))
    t = conv(x[None, None], k[None, None], None, g[None, None])
    return {"k": k, "g": g, "dx": t["dx"][0, 0], "c": _matrix_c(k)}


def _peer_batch(r: np.random.Generator) -> bool:
    """Three images, L = sum_n L_n: the true dW_row against (1/N) G X_col^T."""
    n = 3
    x, w = r.normal(size=(n, 2, 4, 4)), r.normal(size=(3, 2, 2, 2))
    g = r.normal(size=(n, 3, 3, 3))
    t = conv(x, w, None, g)
    xcol = np.concatenate([_im2col(x[i]) for i in range(n)], axis=1)  # 8 x 9N
    gmat = np.concatenate([g[i].reshape(3, 9) for i in range(n)], axis=1)  # 3 x 9N
    return same(t["dw"].reshape(3, 8), gmat @ xcol.T / n)


PEER_CLAIMS: Claims = {
    key(PEER, "(1) Stacking the four outputs", 1): _pa(
        lambda v: same(v["y"], _toeplitz(v["w"]) @ v["x"]), 500
    ),
    key(PEER, "(2) Hence", 1): _pa(lambda v: same(v["dx"], _toeplitz(v["w"]).T @ v["g"]), 510),
    key(PEER, "(3) Reading off", 1): _pa(
        lambda v: math.isclose(
            v["dx"][0], v["w"][0] * v["g"][0] + v["w"][1] * v["g"][1], abs_tol=1e-12
        ),
        520,
    ),
    key(PEER, "The same reading does give", 1): _pa(
        lambda v: math.isclose(
            v["dx"][2],
            v["w"][2] * v["g"][0] + v["w"][1] * v["g"][1] + v["w"][0] * v["g"][2],
            abs_tol=1e-12,
        ),
        530,
    ),
    key(PEER, "(4) The output is linear", 1): _pa(
        lambda v: same(v["y"], _hankel(v["x"]) @ v["w"]), 540
    ),
    key(PEER, "(5) So", 1): _pa(lambda v: same(v["dw"], _hankel(v["x"]) @ v["g"]), 550),
    key(PEER, "(6) $Y = W_", 1): _pb(
        lambda v: same(v["y"], v["wrow"] @ v["xcol"] + np.outer(v["b"], np.ones(9))), 560
    ),
    key(PEER, "(7) With $G", 2): _pb(lambda v: same(v["dwrow"], v["xcol"] @ v["G"].T), 570),
    key(PEER, "It should read", 1): _pb(lambda v: same(v["dwrow"], v["G"] @ v["xcol"].T), 580),
    key(PEER, "(8) $\\dfrac", 1): _pb(lambda v: same(v["db"], np.ones(9) @ v["G"]), 590),
    key(PEER, "(8) $\\dfrac", 2): _pb(lambda v: same(v["dxcol"], v["wrow"].T @ v["G"]), 600),
    key(PEER, "(9) col2im", 1): _pb(_col2im, 610),
    key(PEER, "(10) The matrix", 2): equal(_nonzeros_of_c(), 16 * 4),
    key(PEER, "(10) The matrix", 3): equal(16 * 4, 64),
    key(PEER, "With a mini-batch of $N$", 1): trials(_peer_batch, 620),
    key(PEER, "For (10) it is worth", 1): trials(
        lambda r: (lambda v: same(v["dx"].reshape(16), v["c"].T @ v["g"].reshape(9)))(_peer_c(r)),
        630,
    ),
    key(PEER, "Undoing the vec", 1): trials(
        lambda r: (lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["k"]))))(_peer_c(r)), 640
    ),
}


def truth_table() -> Claims:
    from unseen_fresh26_truth_b import NOTES_B

    return {**DISS_CLAIMS, **MOOC_CLAIMS, **ED_CLAIMS, **PEER_CLAIMS, **NOTES_B}
