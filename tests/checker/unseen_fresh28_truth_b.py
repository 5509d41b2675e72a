"""Independent truth for the fresh28 unseen set, notes persiapan_wawancara_cnn,
errata_backprop_walkthrough_v12, pr_review_conv2d_backward_vectorise and
ayudantia7_dilatada_transpuesta (see unseen_fresh28_truth.py for the conventions). Sizes and
counts come from torch's own layers, gradients from autograd, the errata's word operators from
NumPy's correlate / convolve and the 2-D helpers of unseen_truth_base.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh28_truth import Claims, close, key, size_formula_grid
from unseen_truth_base import (
    F64,
    Truth,
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

# --- persiapan_wawancara_cnn.md: 3x64x64 -> the table's network, PyTorch layers with bias

PREP = "persiapan_wawancara_cnn"


def _prep_net() -> torch.nn.Sequential:
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 5, stride=1, padding=2),
        torch.nn.MaxPool2d(2, 2),
        torch.nn.Conv2d(16, 32, 3, stride=2, padding=1),
        torch.nn.Conv2d(32, 64, 3, stride=1, padding=0),
        torch.nn.MaxPool2d(2, 2),
        torch.nn.Flatten(),
    ).double()


def _flat_size() -> int:
    with torch.no_grad():
        return int(_prep_net()(torch.zeros(1, 3, 64, 64, dtype=F64)).shape[1])


def _receptive_field() -> int:
    """Input rows a central conv2 unit depends on: autograd through conv1 -> pool1 -> conv2 with
    positive weights (pool1 as average pooling of the same window, so that every position of a
    window passes gradient)."""
    x = torch.zeros(1, 1, 64, 64, dtype=F64, requires_grad=True)
    h = F.conv2d(x, torch.ones(1, 1, 5, 5, dtype=F64), padding=2)
    h = F.avg_pool2d(h, 2, 2)
    h = F.conv2d(h, torch.ones(1, 1, 3, 3, dtype=F64), stride=2, padding=1)
    h[0, 0, 8, 8].backward()
    return int((x.grad[0, 0].abs().sum(dim=1) != 0).sum())


def _ce(z: torch.Tensor, y: torch.Tensor, mean: bool) -> torch.Tensor:
    return F.cross_entropy(z, y, reduction="mean" if mean else "sum")


def _softmax_rel(n: int, mean: bool) -> Callable[[np.random.Generator], bool]:
    """dL/dz_n against p_n - y_n for a batch of n examples (L a sum or a mean over the batch)."""

    def rel(r: np.random.Generator) -> bool:
        z, labels = r.normal(size=(n, 5)), r.integers(0, 5, size=n)
        zt = t64(z, True)
        _ce(zt, torch.tensor(labels), mean).backward()
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return same(zt.grad.numpy(), p - np.eye(5)[labels])

    return rel


def _prep_db(r: np.random.Generator) -> bool:
    x, w, b = r.normal(size=(3, 2, 6, 6)), r.normal(size=(4, 2, 3, 3)), r.normal(size=4)
    g = r.normal(size=(3, 4, 4, 4))
    return same(conv(x, w, b, g)["db"], g.sum(axis=(0, 2, 3)))


def _example_grad() -> np.ndarray:
    z = t64([[2.0, 1.0, 0.0]], True)
    F.cross_entropy(z, torch.tensor([0])).backward()
    return z.grad.numpy()[0]


def _sigmoid_rel(r: np.random.Generator) -> bool:
    z = r.normal(size=7)
    zt = t64(z, True)
    torch.sigmoid(zt).sum().backward()
    s = 1 / (1 + np.exp(-z))
    return same(zt.grad.numpy(), s * (1 - s))


def _sigmoid_grad_at_zero() -> float:
    z = t64([0.0], True)
    torch.sigmoid(z).sum().backward()
    return float(z.grad[0])


PREP_CLAIMS: Claims = {
    key(PREP, "Rumus yang dipakai", 1): size_formula_grid,
    key(PREP, "- conv2: $O", 1): equal(conv_out(32, 3, 2, 1), math.ceil((32 + 2 - 3) / 2) + 1),
    key(PREP, "- conv2: $O", 2): equal(math.ceil((32 + 2 - 3) / 2) + 1, 17),
    key(PREP, "*flatten*", 1): equal(_flat_size(), 64 * 7 * 7),
    key(PREP, "P_{conv1}", 1): equal(
        params(torch.nn.Conv2d(3, 16, 5, padding=2)), 16 * 3 * 25 + 16
    ),
    key(PREP, "P_{conv1}", 2): equal(16 * 3 * 5 * 5 + 16, 1216),
    key(PREP, "P_{conv2}", 1): equal(
        params(torch.nn.Conv2d(16, 32, 3, stride=2, padding=1)), 32 * 3 * 3 * 3 + 32
    ),
    key(PREP, "P_{conv2}", 2): equal(32 * 3 * 3 * 3 + 32, 896),
    key(PREP, "P_{fc}", 1): equal(params(torch.nn.Linear(3136, 10)), 3136 * 10),
    key(PREP, "P_{fc}", 2): equal(3136 * 10, 31360),
    key(PREP, "$R = 5", 1): equal(_receptive_field(), 5 + (2 - 1) + (3 - 1)),
    key(PREP, "$R = 5", 2): equal(5 + (2 - 1) + (3 - 1), 8),
    key(PREP, "\\partial b_f}", 1): trials(_prep_db, 2930),
    key(PREP, "Untuk satu contoh", 2): trials(_softmax_rel(1, mean=False), 2940),
    key(PREP, "Jika loss", 2): trials(_softmax_rel(4, mean=True), 2950),
    key(PREP, "Contoh angka", 1): single(
        lambda: bool(np.allclose(_example_grad(), [-0.335, 0.245, 0.090], rtol=0, atol=5e-4))
    ),
    key(PREP, "\\sigma'(z) =", 1): trials(_sigmoid_rel, 2960),
    key(PREP, "\\sigma'(z) =", 2): single(lambda: close(_sigmoid_grad_at_zero(), 0.5)),
}


# --- errata_backprop_walkthrough_v12.md: corr / conv / full as the notes define them, n = 6,
# k = 3, stride 1 (stride 2 and n = 7 in E7, a batch in E8)

ERR = "errata_backprop_walkthrough_v12"


def w_conv(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The notes' conv(A, B) = corr(A, rot180(B))."""
    return corr(a, rot180(b))


def w_full(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The notes' full(A, B) = conv(pad_{k-1}(A), B) for a k x k B."""
    return w_conv(pad(a, b.shape[0] - 1), b)


def _layer(r: np.random.Generator, n: int = 6, stride: int = 1, batch: int = 1) -> dict:
    x, w, b = r.normal(size=(batch, 1, n, n)), r.normal(size=(1, 1, 3, 3)), r.normal(size=1)
    side = (n - 3) // stride + 1
    g = r.normal(size=(batch, 1, side, side))
    t = conv(x, w, b, g, stride=stride)
    return {"x": x[:, 0], "w": w[0, 0], "b": float(b[0]), "dy": g[:, 0], "y": t["z"][:, 0],
            "dx": t["dx"][:, 0], "dw": t["dw"][0, 0]}  # fmt: skip


def _er(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_layer(r, **kw)), seed)


def _every_sample(v: dict) -> bool:
    """dW = corr(X^(m), dY^(m)) with m free: it must hold for every m of the batch."""
    return all(same(v["dw"], corr(x, g)) for x, g in zip(v["x"], v["dy"], strict=True))


def _full_length_grid(offset: int) -> list[bool]:
    return [
        len(np.convolve(np.ones(a), np.ones(b), mode="full")) == a + b + offset
        for a, b in itertools.product(range(1, 7), range(1, 5))
    ]


_EX = np.array([1.0, 2, 3, 4])
_EW = np.array([1.0, 0, -1])

ERR_CLAIMS: Claims = {
    key(ERR, "**E1", 1): _er(lambda v: same(v["y"][0], w_conv(v["x"][0], v["w"]) + v["b"]), 2970),
    key(ERR, "**E1", 2): _er(lambda v: same(v["y"][0], corr(v["x"][0], v["w"]) + v["b"]), 2980),
    key(ERR, "**E2", 1): _er(lambda v: same(v["dw"], corr(v["x"][0], v["dy"][0])), 2990),
    key(ERR, "**E2", 2): _er(lambda v: same(v["dw"], w_conv(v["x"][0], v["dy"][0])), 3000),
    key(ERR, "**E3", 1): _er(lambda v: same(v["dx"][0], corr(v["dy"][0], v["w"])), 3010),
    key(ERR, "**E3", 2): _er(lambda v: same(v["dx"][0], w_full(v["dy"][0], v["w"])), 3020),
    key(ERR, "**E4", 3): single(lambda: same(np.correlate(_EX, _EW, mode="valid"), [2, 2])),
    key(ERR, "**E4", 4): single(lambda: same(np.correlate(_EX, _EW, mode="valid"), [-2, -2])),
    key(ERR, "**E4", 5): single(lambda: same(np.convolve(_EX, _EW, mode="valid"), [2, 2])),
    key(ERR, "**E5", 1): single(
        lambda: same(np.convolve([1.0, 2], _EW, mode="full"), [1, 2, -1, -2])
    ),
    key(ERR, "**E6", 1): lambda: _full_length_grid(+1),
    key(ERR, "**E6", 2): lambda: _full_length_grid(-1),
    key(ERR, "**E7", 3): _er(
        lambda v: same(v["dx"][0], w_full(v["dy"][0], v["w"])), 3030, n=7, stride=2
    ),
    key(ERR, "**E7", 4): _er(
        lambda v: same(v["dx"][0], w_full(dilate(v["dy"][0], 2), v["w"])), 3040, n=7, stride=2
    ),
    key(ERR, "**E8", 2): _er(_every_sample, 3050, batch=3),
    key(ERR, "**E8", 3): _er(
        lambda v: same(v["dw"], sum(corr(x, g) for x, g in zip(v["x"], v["dy"], strict=True))),
        3060,
        batch=3,
    ),
}


# --- pr_review_conv2d_backward_vectorise.md: X (2,3,5,5), Wt (4,3,3,3), b (4,), stride 1,
# bracket indexing, dY zero outside the output; the reviewer's tiny 3x3 / 2x2 case

PR = "pr_review_conv2d_backward_vectorise"


def _pr(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 3, 5, 5)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = r.normal(size=(2, 4, 3, 3))
    return {"x": x, "w": w, "b": b, "dy": g, **conv(x, w, b, g)}


def _pr_rel(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_pr(r)), seed)


def _pr_forward(v: dict) -> bool:
    x, w, b = v["x"], v["w"], v["b"]
    rhs = np.zeros_like(v["z"])
    for n, f, i, j in itertools.product(range(2), range(4), range(3), range(3)):
        rhs[n, f, i, j] = b[f] + sum(
            w[f, c, u, s] * x[n, c, i + u, j + s]
            for c in range(3)
            for u in range(3)
            for s in range(3)
        )
    return same(v["z"], rhs)


def _pr_dw(v: dict) -> bool:
    x, g = v["x"], v["dy"]
    rhs = np.zeros_like(v["w"])
    for f, c, u, s in itertools.product(range(4), range(3), range(3), range(3)):
        rhs[f, c, u, s] = sum(
            g[n, f, i, j] * x[n, c, i + u, j + s]
            for n in range(2)
            for i in range(3)
            for j in range(3)
        )
    return same(v["dw"], rhs)


def _pr_dx(sign: int) -> Callable[[dict], bool]:
    """dX[n,c,p,q] = sum_{f,u,v} dY[n, f, p + sign u, q + sign v] Wt[f,c,u,v], dY zero outside."""

    def rel(v: dict) -> bool:
        w, g = v["w"], v["dy"]
        rhs = np.zeros_like(v["dx"])
        for n, c, p, q in itertools.product(range(2), range(3), range(5), range(5)):
            rhs[n, c, p, q] = sum(
                zat(g[n, f], p + sign * u, q + sign * s) * w[f, c, u, s]
                for f in range(4)
                for u in range(3)
                for s in range(3)
            )
        return same(v["dx"], rhs)

    return rel


_PX = np.array([[1.0, 2, 0], [3, 1, 2], [0, 1, 4]])
_PW = np.array([[1.0, -1], [2, 0]])
_PG = np.array([[1.0, 0], [-1, 2]])
_P_TINY = conv(_PX[None, None], _PW[None, None], np.array([0.5]), _PG[None, None])
_P_DX11 = _PG[0, 0] * _PW[0, 0] + _PG[0, 1] * _PW[0, 1] + _PG[1, 0] * _PW[1, 0]
_P_DX11 += _PG[1, 1] * _PW[1, 1]


def _unfold_entries() -> int:
    """Entries of the im2col buffer of the PR's test shapes: torch's unfold of X (2,3,5,5)."""
    return F.unfold(torch.zeros(2, 3, 5, 5, dtype=F64), 3).numel()


PR_CLAIMS: Claims = {
    key(PR, "$$Y[n, f, i, j] = b[f]", 1): _pr_rel(_pr_forward, 3070),
    key(PR, "$$dWt[f, c, u, v] =", 1): _pr_rel(_pr_dw, 3080),
    key(PR, "dY[0, f, i, j]", 1): _pr_rel(
        lambda v: same(v["db"], v["dy"][0].sum(axis=(1, 2))), 3090
    ),
    key(PR, "dY[n, f, p+u, q+v]", 1): _pr_rel(_pr_dx(+1), 3100),
    key(PR, "$$db[f] = \\sum_{n}", 1): _pr_rel(
        lambda v: same(v["db"], v["dy"].sum(axis=(0, 2, 3))), 3110
    ),
    key(PR, "dY[n, f, p-u, q-v]", 1): _pr_rel(_pr_dx(-1), 3120),
    key(PR, "Expected values", 5): single(lambda: same(_P_TINY["dw"][0, 0], [[0, 5], [5, 8]])),
    key(PR, "Expected values", 6): single(lambda: close(_P_TINY["db"][0], 1 + 0 - 1 + 2)),
    key(PR, "Expected values", 7): equal(1 + 0 - 1 + 2, 2),
    key(PR, "Checking my own numbers", 1): single(
        lambda: close(_P_TINY["z"][0, 0, 0, 0], 1 * 1 + 2 * (-1) + 3 * 2 + 1 * 0)
    ),
    key(PR, "Checking my own numbers", 2): equal(1 * 1 + 2 * (-1) + 3 * 2 + 1 * 0, 5),
    key(PR, "$$dX[1, 1] =", 1): single(lambda: close(_P_TINY["dx"][0, 0, 1, 1], _P_DX11)),
    key(PR, "$$dX[1, 1] =", 2): equal(_P_DX11, 1 - 0 - 2 + 0),
    key(PR, "$$dX[1, 1] =", 3): equal(1 - 0 - 2 + 0, -1),
    key(PR, "$P = 4", 1): equal(params(torch.nn.Conv2d(3, 4, 3)), 4 * 3 * 3 * 3),
    key(PR, "$P = 4", 2): equal(4 * 3 * 3 * 3, 108),
    key(PR, "M_{buf}", 1): equal(_unfold_entries(), 3 * 3**2 * 3 * 3),
    key(PR, "M_{buf}", 2): equal(3 * 3**2 * 3 * 3, 243),
}


# --- ayudantia7_dilatada_transpuesta.md: 1-based; X 5x5, W 2x2, dilation 2; transposed convs

AYU = "ayudantia7_dilatada_transpuesta"
_AX = np.array(
    [[2.0, 0, 1, 3, 1], [1, 4, 0, 2, 0], [0, 1, 3, 1, 2], [2, 2, 1, 0, 1], [1, 0, 2, 1, 3]]
)
_AW = np.array([[1.0, 2], [-1, 1]])


def effective_kernel(k: int, d: int) -> int:
    """The smallest input side a k x k kernel with dilation d fits (one output)."""
    for side in range(1, 64):
        try:
            F.conv2d(torch.zeros(1, 1, side, side, dtype=F64),
                     torch.zeros(1, 1, k, k, dtype=F64), dilation=d)  # fmt: skip
        except RuntimeError:
            continue
        return side
    raise AssertionError("no input fits")


def _dilated(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=(5, 5)), r.normal(size=(2, 2)), r.normal(size=(3, 3))
    t = conv(x[None, None], w[None, None], None, g[None, None], dilation=2)
    return {"x": x, "w": w, "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0], "dw": t["dw"][0, 0]}


def _ay(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_dilated(r)), seed)


def _ay_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]  # 1-based: x_{i+2(m-1), j+2(n-1)} is x[i-1+2(m-1), j-1+2(n-1)]
    rhs = [[sum(w[m - 1, n - 1] * x[i - 1 + 2 * (m - 1), j - 1 + 2 * (n - 1)]
                for m in (1, 2) for n in (1, 2))
            for j in range(1, 4)] for i in range(1, 4)]  # fmt: skip
    return same(v["y"], rhs)


def _ay_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [[sum(g[i - 1, j - 1] * x[i - 1 + 2 * (m - 1), j - 1 + 2 * (n - 1)]
                for i in range(1, 4) for j in range(1, 4))
            for n in (1, 2)] for m in (1, 2)]  # fmt: skip
    return same(v["dw"], rhs)


def _ay_dx_no_dilation(v: dict) -> bool:
    w, g = v["w"], v["g"]  # delta_{p-m+1, q-n+1}, zero outside 1..3
    rhs = [[sum(w[m - 1, n - 1] * zat(g, p - m, q - n) for m in (1, 2) for n in (1, 2))
            for q in range(1, 6)] for p in range(1, 6)]  # fmt: skip
    return same(v["dx"], rhs)


def _k_eff_grid() -> list[bool]:
    return [
        effective_kernel(k, d) == d * (k - 1) + 1
        for k, d in itertools.product((1, 2, 3, 4), (1, 2, 3))
    ]


def _convt(stride: int) -> np.ndarray:
    z = t64([[[[1.0, 2], [3, 4]]]])
    v = t64([[[[1.0, 0], [1, 1]]]])
    return F.conv_transpose2d(z, v, stride=stride).numpy()[0, 0]


_A_NUM = conv(_AX[None, None], _AW[None, None], None, np.zeros((1, 1, 3, 3)), dilation=2)
_A_CORNER = _AW[0, 0] * _AX[0, 0] + _AW[0, 1] * _AX[0, 1] + _AW[1, 0] * _AX[1, 0]
_A_CORNER += _AW[1, 1] * _AX[1, 1]

AYU_CLAIMS: Claims = {
    key(AYU, "Tamaño efectivo", 1): _k_eff_grid,
    key(AYU, "Tamaño efectivo", 2): equal(effective_kernel(2, 2), 2 * (2 - 1) + 1),
    key(AYU, "Tamaño efectivo", 3): equal(2 * (2 - 1) + 1, 3),
    key(AYU, "Tamaño del mapa", 1): equal(conv_out(5, 2, d=2), 5 - 2 + 1),
    key(AYU, "Tamaño del mapa", 2): equal(5 - 2 + 1, 4),
    key(AYU, "$$y_{i,j} = \\sum_{m=1}", 1): _ay(_ay_forward, 3130),
    key(AYU, "Para la esquina", 1): single(lambda: close(_A_NUM["z"][0, 0, 0, 0], _A_CORNER)),
    key(AYU, "Para la esquina", 2): equal(_A_CORNER, 2 + 0 - 1 + 4),
    key(AYU, "Para la esquina", 3): equal(2 + 0 - 1 + 4, 5),
    key(AYU, "\\partial w_{m,n}}", 1): _ay(_ay_dw, 3140),
    key(AYU, "\\partial x_{p,q}}", 1): _ay(_ay_dx_no_dilation, 3150),
    key(AYU, "**a)** Para", 1): equal(tconv_out(16, 4, 2, 1), (16 - 1) * 2 - 2 * 1 + 4),
    key(AYU, "**a)** Para", 2): equal((16 - 1) * 2 - 2 * 1 + 4, 32),
    key(AYU, "**b)** Si cambiamos", 1): equal(tconv_out(16, 3, 2, 1), 32),
    key(AYU, "**c)** Parámetros", 1): equal(
        params(torch.nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1)), 8 * 4 * 16 + 8
    ),
    key(AYU, "**c)** Parámetros", 2): equal(8 * 4 * 16 + 8, 520),
    key(AYU, "\\operatorname{convT}_2(Z, V)", 1): single(
        lambda: same(_convt(2), [[1, 0, 2, 0], [1, 1, 2, 2], [3, 0, 4, 0], [3, 3, 4, 4]])
    ),
    key(AYU, "\\operatorname{convT}_1(Z, V)", 1): single(
        lambda: same(_convt(1), [[1, 2, 0], [4, 6, 2], [3, 7, 4]])
    ),
}

NOTES_B: Claims = {**PREP_CLAIMS, **ERR_CLAIMS, **PR_CLAIMS, **AYU_CLAIMS}
