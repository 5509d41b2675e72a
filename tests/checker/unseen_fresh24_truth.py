"""Independent truth for the fresh24 unseen set (tests/data/check/unseen/fresh24/): the notes
odev3_duzeltmeler_asistan, konspekt_lekcii_svertochnyi_sloi, practice_quiz5_my_answers and
index_notation_conv_backprop.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial: the sides agree there or not. Nothing of symconv is
imported. A side that reads an entry outside a tensor (IndexError) or multiplies matrices of
mismatched shapes (ValueError) disagrees; where a note declares zeros outside a range, those
entries are read as zero. A link between two written numbers is judged as arithmetic; a size or
count named on the left must equal the true one. The other three notes live in
unseen_fresh24_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
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
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]


# --- odev3_duzeltmeler_asistan.md: X 4x4, K 2x2, b = 1, G 3x3 given; 1-based; stride 1

ODEV = "odev3_duzeltmeler_asistan"

_OX = np.array([[1, 0, 2, 1], [3, 1, 0, 2], [0, 2, 1, 1], [1, 1, 3, 0]], dtype=np.float64)
_OK = np.array([[1, -1], [2, 0]], dtype=np.float64)
_OG = np.array([[1, 0, -1], [2, 1, 0], [0, 1, 1]], dtype=np.float64)


def _odev_given() -> dict:
    t = conv(_OX[None, None], _OK[None, None], np.array([1.0]), _OG[None, None])
    return {"x": _OX, "k": _OK, "g": _OG, "y": t["z"][0, 0], "dx": t["dx"][0, 0],
            "dk": t["dw"][0, 0], "db": float(t["db"][0])}  # fmt: skip


def _odev_random(r: np.random.Generator) -> dict:
    x, k, b, g = r.normal(size=(4, 4)), r.normal(size=(2, 2)), r.normal(), r.normal(size=(3, 3))
    t = conv(x[None, None], k[None, None], np.array([b]), g[None, None])
    return {"x": x, "k": k, "b": b, "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0],
            "dk": t["dw"][0, 0]}  # fmt: skip


def _od(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_odev_random(r)), seed)


def _od_forward(sign: int) -> Callable[[dict], bool]:
    """y_ij = sum_mn k_mn x_{i + sign(m-1), j + sign(n-1)} + b, 1-based, strict indexing."""

    def rel(v: dict) -> bool:
        x, k = v["x"], v["k"]
        rhs = [[sum(k[m - 1, n - 1] * at(x, i + sign * (m - 1) - 1, j + sign * (n - 1) - 1)
                    for m in (1, 2) for n in (1, 2)) + v["b"]
                for j in (1, 2, 3)] for i in (1, 2, 3)]  # fmt: skip
        return same(v["y"], rhs)

    return rel


def _od_dk(shift: int) -> Callable[[dict], bool]:
    """dL/dk_mn = sum_ij g_ij x_{i+m-shift, j+n-shift}, 1-based, strict indexing."""

    def rel(v: dict) -> bool:
        g, x = v["g"], v["x"]
        rhs = [[sum(g[i - 1, j - 1] * at(x, i + m - shift - 1, j + n - shift - 1)
                    for i in (1, 2, 3) for j in (1, 2, 3))
                for n in (1, 2)] for m in (1, 2)]  # fmt: skip
        return same(v["dk"], rhs)

    return rel


_OD_TA_DX = [[1, -1, -1, 1], [4, -1, 3, 0], [4, 3, 0, -1], [0, 2, 2, 0]]
ODEV_CLAIMS: Claims = {
    (ODEV, 15, 1): equal(conv_out(4, 2), 4 - 2),
    (ODEV, 15, 2): equal(4 - 2, 2),
    (ODEV, 15, 3): equal(conv_out(4, 2), 3),
    (ODEV, 17, 1): single(
        lambda: math.isclose(_odev_given()["y"][0, 0], 1 * 1 + 0 * -1 + 3 * 2 + 1 * 0)
    ),
    (ODEV, 17, 2): equal(1 * 1 + 0 * -1 + 3 * 2 + 1 * 0, 7),
    (ODEV, 17, 3): single(lambda: math.isclose(_odev_given()["y"][0, 0], 8)),
    (ODEV, 21, 1): _od(_od_forward(-1), 100),
    (ODEV, 25, 1): _od(_od_forward(1), 110),
    (ODEV, 29, 1): single(lambda: math.isclose(_odev_given()["db"], 5)),
    (ODEV, 33, 1): _od(_od_dk(0), 120),
    (ODEV, 37, 1): _od(_od_dk(1), 130),
    (ODEV, 41, 1): single(lambda: same(_odev_given()["dk"], [[9, 3], [9, 7]])),
    (ODEV, 45, 1): single(lambda: same(_odev_given()["dx"], corr(pad(_OG, 1), _OK))),
    (ODEV, 49, 1): single(lambda: same(_odev_given()["dx"], corr(pad(_OG, 1), rot180(_OK)))),
    (ODEV, 49, 2): single(lambda: same(_odev_given()["dx"], _OD_TA_DX)),
    (ODEV, 51, 1): _od(lambda v: math.isclose(v["dx"][0, 3], v["g"][0, 2] * v["k"][0, 0]), 140),
    (ODEV, 51, 2): _od(lambda v: math.isclose(v["dx"][0, 3], v["g"][0, 2] * v["k"][0, 1]), 150),
}


# --- konspekt_lekcii_svertochnyi_sloi.md: X 6x6, K 3x3, scalar b, 0-based; stride 2 in section 4

KONSPEKT = "konspekt_lekcii_svertochnyi_sloi"


def _konspekt(r: np.random.Generator, side: int = 6, stride: int = 1) -> dict:
    x, k, b = r.normal(size=(side, side)), r.normal(size=(3, 3)), r.normal()
    out = (side - 3) // stride + 1
    g = r.normal(size=(out, out))
    t = conv(x[None, None], k[None, None], np.array([b]), g[None, None], stride=stride)
    return {"x": x, "k": k, "b": b, "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0],
            "dk": t["dw"][0, 0], "db": float(t["db"][0])}  # fmt: skip


def _ks(rel: Callable[[dict], bool], seed: int, side: int = 6, stride: int = 1) -> Truth:
    return trials(lambda r: rel(_konspekt(r, side, stride)), seed)


def _ks_forward(v: dict) -> bool:
    x, k = v["x"], v["k"]
    rhs = [[sum(k[m, n] * at(x, i + m, j + n) for m in range(3) for n in range(3)) + v["b"]
            for j in range(4)] for i in range(4)]  # fmt: skip
    return same(v["y"], rhs)


def _ks_dk(v: dict) -> bool:
    g, x = v["g"], v["x"]
    rhs = [[sum(g[i, j] * at(x, i + m, j + n) for i in range(4) for j in range(4))
            for n in range(3)] for m in range(3)]  # fmt: skip
    return same(v["dk"], rhs)


def _ks_dx(v: dict) -> bool:
    g, k = v["g"], v["k"]  # delta zero outside 0..3, as the note declares
    rhs = [[sum(zat(g, p - m, q - n) * k[m, n] for m in range(3) for n in range(3))
            for q in range(6)] for p in range(6)]  # fmt: skip
    return same(v["dx"], rhs)


def _batch_conv(r: np.random.Generator) -> dict:
    """N = 3 images, one shared kernel and bias, L summed over the batch."""
    x, k, b, g = (r.normal(size=s) for s in ((3, 1, 6, 6), (1, 1, 3, 3), (1,), (3, 1, 4, 4)))
    return {"x": x, "g": g, **conv(x, k, b, g)}


_KS_PARAMS = params(torch.nn.Conv2d(3, 16, kernel_size=3))
_KS_WEIGHTS = torch.nn.Conv2d(3, 16, kernel_size=3, bias=False).weight.numel()


def _sigmoid_prime_at_zero() -> float:
    z = t64(0.0, True)
    torch.sigmoid(z).backward()
    return float(z.grad)


KONSPEKT_CLAIMS: Claims = {
    (KONSPEKT, 9, 1): _ks(_ks_forward, 200),
    (KONSPEKT, 15, 1): equal(_KS_PARAMS, 16 * (27 + 1)),
    (KONSPEKT, 15, 2): equal(16 * (27 + 1), 448),
    (KONSPEKT, 17, 1): equal(_KS_WEIGHTS, 16 * 27),
    (KONSPEKT, 17, 2): equal(16 * 27, 442),
    (KONSPEKT, 25, 1): _ks(_ks_dk, 210),
    (KONSPEKT, 27, 1): _ks(lambda v: same(v["dk"], corr(v["g"], v["x"])), 220),
    (KONSPEKT, 29, 1): _ks(lambda v: math.isclose(v["db"], v["g"].sum(), abs_tol=1e-12), 230),
    (KONSPEKT, 33, 1): _ks(_ks_dx, 240),
    (KONSPEKT, 37, 1): _ks(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 250),
    (KONSPEKT, 41, 1): _ks(
        lambda v: math.isclose(v["dx"][0, 0], v["g"][0, 0] * v["k"][0, 0], abs_tol=1e-12), 260
    ),
    (KONSPEKT, 41, 2): _ks(
        lambda v: math.isclose(v["dx"][5, 5], v["g"][3, 3] * v["k"][0, 0], abs_tol=1e-12), 270
    ),
    (KONSPEKT, 45, 1): equal(conv_out(8, 3, 2), (8 - 3) // 2 + 1),
    (KONSPEKT, 45, 2): equal((8 - 3) // 2 + 1, 4),
    (KONSPEKT, 49, 1): _ks(
        lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 280, side=7, stride=2
    ),
    (KONSPEKT, 53, 2): equal(_sigmoid_prime_at_zero(), 0.5),
    (KONSPEKT, 57, 1): trials(
        lambda r: (
            lambda v: same(v["dw"][0, 0], sum(corr(v["x"][s, 0], v["g"][s, 0]) for s in range(3)))
        )(_batch_conv(r)),
        290,
    ),
    (KONSPEKT, 57, 2): trials(
        lambda r: (lambda v: math.isclose(v["db"][0], v["g"].sum() / 3, abs_tol=1e-12))(
            _batch_conv(r)
        ),
        300,
    ),
}


# --- practice_quiz5_my_answers.md: one layer per question, PyTorch semantics, L summed

QUIZ = "practice_quiz5_my_answers"


def _tconv_out(h: int, k: int, s: int, p: int = 0) -> int:
    z = F.conv_transpose2d(torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64),
                           stride=s, padding=p)  # fmt: skip
    return int(z.shape[-1])


def _qz_bias(r: np.random.Generator) -> bool:
    """N = 4 images, C 2 -> F 3, 5x5, 3x3; dL/db_f against (1/N) sum_n sum_ij delta."""
    x, w, b, g = (r.normal(size=s) for s in ((4, 2, 5, 5), (3, 2, 3, 3), (3,), (4, 3, 3, 3)))
    return same(conv(x, w, b, g)["db"], g.sum(axis=(0, 2, 3)) / 4)


def _qz_stride_dx(r: np.random.Generator) -> bool:
    x, k, g = r.normal(size=(7, 7)), r.normal(size=(3, 3)), r.normal(size=(3, 3))
    dx = conv(x[None, None], k[None, None], None, g[None, None], stride=2)["dx"][0, 0]
    return same(dx, corr(pad(dilate(g, 2), 1), rot180(k)))


def _softmax_ce_grad(z: list[float], y: list[float]) -> np.ndarray:
    zt = t64(z, True)
    (-(t64(y) * torch.log_softmax(zt, dim=0)).sum()).backward()
    return zt.grad.numpy()


def _qz_dense(r: np.random.Generator) -> bool:
    """y = Wx + b, W 3x5, column x; dL/dW against x delta^T."""
    w, x, b, d = r.normal(size=(3, 5)), r.normal(size=5), r.normal(size=3), r.normal(size=3)
    wt = t64(w, True)
    ((wt @ t64(x) + t64(b)) * t64(d)).sum().backward()
    return same(wt.grad.numpy(), np.outer(x, d))


_QZ_DW = params(torch.nn.Conv2d(32, 32, 3, groups=32, bias=False))
QUIZ_CLAIMS: Claims = {
    (QUIZ, 5, 1): equal(conv_out(32, 5, 1, 2), (32 + 2 * 2 - 5) / 1 + 1),
    (QUIZ, 5, 2): equal((32 + 2 * 2 - 5) / 1 + 1, 32),
    (QUIZ, 6, 1): equal(params(torch.nn.Conv2d(16, 32, 3)), 32 * 16 * 9 + 32),
    (QUIZ, 6, 2): equal(32 * 16 * 9 + 32, 4640),
    (QUIZ, 7, 2): trials(_qz_bias, 400),
    (QUIZ, 8, 1): trials(_qz_stride_dx, 410),
    (QUIZ, 9, 1): equal(conv_out(9, 3, 1, 0, 2), 9 - 3 + 1),
    (QUIZ, 9, 2): equal(9 - 3 + 1, 7),
    (QUIZ, 10, 1): equal(_tconv_out(16, 4, 2, 1), (16 - 1) * 2 - 2 * 1 + 4),
    (QUIZ, 10, 2): equal((16 - 1) * 2 - 2 * 1 + 4, 32),
    (QUIZ, 11, 1): equal(_tconv_out(5, 3, 2), 5 * 2),
    (QUIZ, 11, 2): equal(5 * 2, 10),
    (QUIZ, 12, 3): single(lambda: same(torch.softmax(t64([0.0, 0.0]), 0).numpy(), [0.5, 0.5])),
    (QUIZ, 12, 4): single(
        lambda: same(_softmax_ce_grad([0.0, 0.0], [1.0, 0.0]), np.array([1.0, 0.0]) - 0.5)
    ),
    (QUIZ, 12, 5): single(lambda: same(np.array([1.0, 0.0]) - np.array([0.5, 0.5]), [0.5, -0.5])),
    (QUIZ, 13, 1): equal(_QZ_DW, 32 * 32 * 9),
    (QUIZ, 13, 2): equal(32 * 32 * 9, 9216),
    (QUIZ, 14, 3): trials(_qz_dense, 420),
}


# --- index_notation_conv_backprop.md: N 2, C 3, F 4, 5x5, 3x3, 0-based; step 5: stride 2, pad 1

INDEX = "index_notation_conv_backprop"


def _index(r: np.random.Generator, stride: int = 1, padding: int = 0) -> dict:
    x, w, b = r.normal(size=(2, 3, 5, 5)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = r.normal(size=(2, 4, 3, 3))  # the output is 3x3 in both settings
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    on_padded = conv(xp, w, b, g, stride=stride)
    return {"x": x, "w": w, "b": b, "g": g, "xp": xp, "dxp": on_padded["dx"],
            **conv(x, w, b, g, stride=stride, padding=padding)}  # fmt: skip


def _ix(rel: Callable[[dict], bool], seed: int, stride: int = 1, padding: int = 0) -> Truth:
    return trials(lambda r: rel(_index(r, stride, padding)), seed)


def _ix_forward(s: int, key: str) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        x, w, b = v[key], v["w"], v["b"]
        rhs = [[[[sum(w[f, c, u, q] * at(x, n, c, s * i + u, s * j + q) for c in range(3)
                      for u in range(3) for q in range(3)) + b[f] for j in range(3)]
                 for i in range(3)] for f in range(4)] for n in range(2)]  # fmt: skip
        return same(v["z"], rhs)

    return rel


def _ix_local(r: np.random.Generator) -> bool:
    """The Jacobian dY_nfij/dW_gcuv against [f = g] X_{n,c,i+u,j+v}."""
    x, w = r.normal(size=(2, 3, 5, 5)), r.normal(size=(4, 3, 3, 3))
    jac = torch.autograd.functional.jacobian(lambda wt: F.conv2d(t64(x), wt), t64(w)).numpy()
    rhs = np.zeros((2, 4, 3, 3, 4, 3, 3, 3))
    for n, f, i, j, c, u, v in np.ndindex(2, 4, 3, 3, 3, 3, 3):
        rhs[n, f, i, j, f, c, u, v] = x[n, c, i + u, j + v]
    return same(jac, rhs)


def _ix_dw(s: int, sign: int, key: str) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, x = v["g"], v[key]
        rhs = np.zeros((4, 3, 3, 3))
        for f, c, u, q in np.ndindex(4, 3, 3, 3):
            rhs[f, c, u, q] = sum(
                g[n, f, i, j] * at(x, n, c, s * i + sign * u, s * j + sign * q)
                for n in range(2)
                for i in range(3)
                for j in range(3)
            )
        return same(v["dw"], rhs)

    return rel


def _ix_dx_outputs(v: dict) -> bool:
    g, w = v["g"], v["w"]  # W zero outside 0..2
    rhs = np.zeros((2, 3, 5, 5))
    for n, c, p, q in np.ndindex(2, 3, 5, 5):
        rhs[n, c, p, q] = sum(g[n, f, i, j] * zat(w, f, c, p - i, q - j)
                              for f in range(4) for i in range(3) for j in range(3))  # fmt: skip
    return same(v["dx"], rhs)


def _ix_dx_taps(v: dict) -> bool:
    g, w = v["g"], v["w"]  # delta zero outside 0..2
    rhs = np.zeros((2, 3, 5, 5))
    for n, c, p, q in np.ndindex(2, 3, 5, 5):
        rhs[n, c, p, q] = sum(zat(g, n, f, p + u, q + t) * w[f, c, u, t]
                              for f in range(4) for u in range(3) for t in range(3))  # fmt: skip
    return same(v["dx"], rhs)


def _ix_total(v: dict) -> bool:
    return all(
        math.isclose(v["dx"][n, c].sum(), sum(v["g"][n, f].sum() * v["w"][f, c].sum()
                                              for f in range(4)), abs_tol=1e-9)
        for n in range(2) for c in range(3)
    )  # fmt: skip


def _ix_mean_bias(r: np.random.Generator) -> bool:
    """L = (l_0 + l_1)/2 with l_n = sum(Y_n * d_n), so dl_n/dY_n = d_n; the note drops the 1/2."""
    x, w, b, d = (r.normal(size=s) for s in ((2, 3, 5, 5), (4, 3, 3, 3), (4,), (2, 4, 3, 3)))
    bt = t64(b, True)
    ((F.conv2d(t64(x), t64(w), bt) * t64(d)).sum(dim=(1, 2, 3)).mean()).backward()
    return same(bt.grad.numpy(), d.sum(axis=(0, 2, 3)))


def _ix_dxp(v: dict) -> bool:
    g, w = v["g"], v["w"]  # W zero outside 0..2
    rhs = np.zeros((2, 3, 7, 7))
    for n, c, p, q in np.ndindex(2, 3, 7, 7):
        rhs[n, c, p, q] = sum(g[n, f, i, j] * zat(w, f, c, p - 2 * i, q - 2 * j)
                              for f in range(4) for i in range(3) for j in range(3))  # fmt: skip
    return same(v["dxp"], rhs)


def _ix_crop(shift: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        rhs = np.zeros((2, 3, 5, 5))
        for n, c, p, q in np.ndindex(2, 3, 5, 5):
            rhs[n, c, p, q] = at(v["dxp"], n, c, p + shift, q + shift)
        return same(v["dx"], rhs)

    return rel


def _ix_entry(p: int, i: int, u: int) -> Callable[[dict], bool]:
    """Padded-grid entry (p, p) against sum_f delta_{n,f,i,i} W_{f,c,u,u}."""

    def rel(v: dict) -> bool:
        rhs = np.einsum("nf,fc->nc", v["g"][:, :, i, i], v["w"][:, :, u, u])
        return same(v["dxp"][:, :, p, p], rhs)

    return rel


def _ix_tanh(r: np.random.Generator) -> bool:
    y, alpha = r.normal(size=(2, 4, 3, 3)), r.normal(size=(2, 4, 3, 3))
    yt = t64(y, True)
    (torch.tanh(yt) * t64(alpha)).sum().backward()
    return same(yt.grad.numpy(), alpha * (1 - np.tanh(y)) ** 2)


INDEX_CLAIMS: Claims = {
    (INDEX, 7, 1): _ix(_ix_forward(1, "x"), 500),
    (INDEX, 15, 1): trials(_ix_local, 510),
    (INDEX, 19, 1): _ix(_ix_dw(1, 1, "x"), 520),
    (INDEX, 21, 1): _ix(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 530),
    (INDEX, 25, 1): _ix(_ix_dw(1, -1, "x"), 540),
    (INDEX, 29, 1): _ix(_ix_dx_outputs, 550),
    (INDEX, 33, 1): _ix(_ix_dx_taps, 560),
    (INDEX, 39, 1): _ix(_ix_total, 570),
    (INDEX, 41, 2): trials(_ix_mean_bias, 580),
    (INDEX, 43, 2): equal((5 + 2 - 3) // 2 + 1, 3),
    (INDEX, 45, 1): _ix(_ix_forward(2, "xp"), 590, stride=2, padding=1),
    (INDEX, 49, 1): _ix(_ix_dxp, 600, stride=2, padding=1),
    (INDEX, 51, 1): _ix(_ix_crop(-1), 610, stride=2, padding=1),
    (INDEX, 53, 3): _ix(_ix_entry(3, 1, 1), 620, stride=2, padding=1),
    (INDEX, 53, 4): _ix(_ix_entry(2, 1, 0), 630, stride=2, padding=1),
    (INDEX, 55, 3): trials(_ix_tanh, 640),
}


def truth_table() -> Claims:
    from unseen_fresh24_truth_b import NOTES_B

    return {**ODEV_CLAIMS, **KONSPEKT_CLAIMS, **QUIZ_CLAIMS, **INDEX_CLAIMS, **NOTES_B}
