"""Independent truth for the fresh21 unseen set, notes code_review_conv_backward_numpy,
textbook_ch11_transposed_upsampling, spickzettel_ausgabegroessen and
derivacion_a_mano_lote_canales (see unseen_fresh21_truth.py for the conventions). Sizes come from
torch's own layers (conv2d, max_pool2d, conv_transpose2d), parameter counts from nn modules,
gradients from autograd, the multiplication count from a loop over the forward sum.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh21_truth import Claims, line
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

# --- code_review_conv_backward_numpy.md: x (4,3,8,8), w (6,3,3,3), b (6,), pad 1, stride 1 or 2,
# 0-based; x_pad is the padded input, dout the upstream gradient

REVIEW = "code_review_conv_backward_numpy"


def _r(anchor: str) -> int:
    return line(REVIEW, anchor)


def _review(r: np.random.Generator, stride: int = 1) -> dict:
    x, w, b = r.normal(size=(4, 3, 8, 8)), r.normal(size=(6, 3, 3, 3)), r.normal(size=6)
    side = (8 + 2 - 3) // stride + 1
    g = r.normal(size=(4, 6, side, side))
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    on_padded = conv(xp, w, b, g, stride=stride)  # the gradient with respect to x_pad itself
    return {"x": x, "w": w, "g": g, "xp": xp, "dxp": on_padded["dx"],
            **conv(x, w, b, g, stride=stride, padding=1)}  # fmt: skip


def _rv(rel: Callable[[dict], bool], seed: int, stride: int = 1) -> Truth:
    return trials(lambda r: rel(_review(r, stride)), seed)


def _rv_dw(n_range: range, s: int, side: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, xp = v["g"], v["xp"]
        rhs = [[[[sum(g[n, f, i, j] * at(xp, n, c, s * i + u, s * j + q) for n in n_range
                      for i in range(side) for j in range(side)) for q in range(3)]
                 for u in range(3)] for c in range(3)] for f in range(6)]  # fmt: skip
        return same(v["dw"], rhs)

    return rel


def _rv_dw_op(n_range: range) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        rhs = [[sum(corr(v["xp"][n, c], v["g"][n, f]) for n in n_range) for c in range(3)]
               for f in range(6)]  # fmt: skip
        return same(v["dw"], rhs)

    return rel


def _rv_dx_op(kernel: Callable[[np.ndarray], np.ndarray]) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        rhs = [[sum(corr(pad(g[n, f], 1), kernel(w[f, c])) for f in range(6)) for c in range(3)]
               for n in range(4)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _rv_dxp_s1(v: dict) -> bool:
    g, w = v["g"], v["w"]  # delta zero outside 0..7, as the comment says
    rhs = [[[[sum(zat(g, n, f, p - u, q - t) * w[f, c, u, t] for f in range(6) for u in range(3)
                  for t in range(3)) for q in range(10)] for p in range(10)] for c in range(3)]
            for n in range(4)]  # fmt: skip
    return same(v["dxp"], rhs)


def _rv_dxp_s2(v: dict) -> bool:
    g, w = v["g"], v["w"]  # w zero outside 0..2, as the reviewer says
    rhs = [[[[sum(g[n, f, i, j] * zat(w, f, c, p - 2 * i, q - 2 * j) for f in range(6)
                  for i in range(4) for j in range(4)) for q in range(10)] for p in range(10)]
             for c in range(3)] for n in range(4)]  # fmt: skip
    return same(v["dxp"], rhs)


REVIEW_CLAIMS: Claims = {
    (REVIEW, _r("mathrm{pad} - HH}"), 1): equal(conv_out(8, 3, 1, 1), 1 + (8 + 2 * 1 - 3) / 1),
    (REVIEW, _r("mathrm{pad} - HH}"), 2): equal(1 + (8 + 2 * 1 - 3) / 1, 1 + (8 + 2 - 3) / 1),
    (REVIEW, _r("mathrm{pad} - HH}"), 3): equal(1 + (8 + 2 - 3) / 1, 8),
    (REVIEW, _r("\\delta_{0,f,i,j}$$"), 1): _rv(
        lambda v: same(v["db"], v["g"][0].sum(axis=(1, 2))), 400
    ),
    (REVIEW, _r("\\sum_{j=0}^{7} \\delta_{n,f,i,j}$$"), 1): _rv(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 410
    ),
    (REVIEW, _r("= \\tilde{x}_{0,c} \\star \\delta_{0,f}$$"), 1): _rv(_rv_dw_op(range(1)), 420),
    (REVIEW, _r("\\tilde{x}_{n,c,i+u,j+v}$$"), 1): _rv(_rv_dw(range(4), 1, 8), 430),
    (REVIEW, _r("\\tilde{x}_{n,c} \\star \\delta_{n,f}$$"), 1): _rv(_rv_dw_op(range(4)), 440),
    (REVIEW, _r("\\star w_{f,c}$$"), 1): _rv(_rv_dx_op(lambda k: k), 450),
    (REVIEW, _r("\\delta_{n,f,p-u,q-v}"), 1): _rv(_rv_dxp_s1, 460),
    (REVIEW, _r("\\star \\operatorname{rot180}(w_{f,c})$$"), 1): _rv(_rv_dx_op(rot180), 470),
    (REVIEW, _r("$P = 6 \\cdot 27"), 1): equal(params(torch.nn.Conv2d(3, 6, 3)), 6 * 27 + 3),
    (REVIEW, _r("$P = 6 \\cdot 27"), 2): equal(6 * 27 + 3, 165),
    (REVIEW, _r("right\\rceil + 1 = 5$$"), 1): equal(conv_out(8, 3, 2, 1), math.ceil(7 / 2) + 1),
    (REVIEW, _r("right\\rceil + 1 = 5$$"), 2): equal(math.ceil(7 / 2) + 1, 5),
    (REVIEW, _r("\\tilde{x}_{n,c,2i+u,2j+v}$$"), 1): _rv(_rv_dw(range(4), 2, 4), 480, stride=2),
    (REVIEW, _r("w_{f,c,p-2i,q-2j}$$"), 1): _rv(_rv_dxp_s2, 490, stride=2),
    (REVIEW, _r("never read"), 1): _rv(lambda v: not np.any(v["dx"][:, :, 7, :]), 500, 2),
}


# --- textbook_ch11_transposed_upsampling.md: ConvTranspose2d semantics, 0-based; §11.3-11.5 use
# X 2x2, W 3x3, stride 2, no padding, Y and G 5x5

BOOK = "textbook_ch11_transposed_upsampling"


def _b(anchor: str) -> int:
    return line(BOOK, anchor)


def tconv_side(h: int, k: int, s: int = 1, p: int = 0, op: int = 0, d: int = 1) -> int:
    y = F.conv_transpose2d(torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64),
                           stride=s, padding=p, output_padding=op, dilation=d)  # fmt: skip
    return int(y.shape[-1])


def _size_grid() -> list[bool]:
    """The chapter's output-size formula on every setting torch accepts (output_padding < s)."""
    out = []
    for h, k, s, p in itertools.product(range(1, 7), range(1, 5), (1, 2, 3), (0, 1, 2)):
        for op in range(s):
            formula = (h - 1) * s - 2 * p + k + op
            if formula < 1:
                continue
            out.append(tconv_side(h, k, s, p, op) == formula)
    return out


def _scatter_grid() -> list[bool]:
    """Y_{p,q} = sum_{i,j} X_{i,j} W_{p-si, q-sj} (W zero outside) for strides 1, 2, 3."""
    gen = np.random.default_rng(600)
    out = []
    for s in (1, 2, 3):
        x, w = gen.normal(size=(3, 3)), gen.normal(size=(3, 3))
        y = F.conv_transpose2d(t64(x[None, None]), t64(w[None, None]), stride=s).numpy()[0, 0]
        rhs = [[sum(x[i, j] * zat(w, p - s * i, q - s * j) for i in range(3) for j in range(3))
                for q in range(y.shape[1])] for p in range(y.shape[0])]  # fmt: skip
        out.append(same(y, rhs))
    return out


_BX = np.array([[1.0, 2], [3, 4]])
_BW = np.array([[1.0, 0, -1], [2, 1, 0], [0, 1, 1]])


def tconv(x: np.ndarray, w: np.ndarray, g: np.ndarray | None = None, **kw: int) -> dict:
    """torch conv_transpose2d of one map, and the gradients of sum(y * g)."""
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv_transpose2d(xt, wt, **kw)
    if g is None:
        g = np.zeros(y.shape[-2:])
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0],
            "dw": wt.grad.numpy()[0, 0]}  # fmt: skip


def _bk(rel: Callable[[np.ndarray, np.ndarray, np.ndarray, dict], bool], seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, w, g = r.normal(size=(2, 2)), r.normal(size=(3, 3)), r.normal(size=(5, 5))
        return rel(x, w, g, tconv(x, w, g, stride=2))

    return trials(check, seed)


_Y22 = _BX[0, 0] * _BW[2, 2] + _BX[0, 1] * _BW[2, 0] + _BX[1, 0] * _BW[0, 2] + _BX[1, 1] * _BW[0, 0]

BOOK_CLAIMS: Claims = {
    (BOOK, _b("W_{p - s i,"), 1): _scatter_grid,
    (BOOK, _b("+ k + p_{out}$$"), 1): _size_grid,
    (BOOK, _b("$$H_{out} = (16 - 1)"), 1): equal(tconv_side(16, 4, 2, 1), (16 - 1) * 2 - 2 + 4),
    (BOOK, _b("$$H_{out} = (16 - 1)"), 2): equal((16 - 1) * 2 - 2 + 4, 32),
    (BOOK, _b("$$P = 8 \\cdot"), 1): equal(
        params(torch.nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1)), 8 * 4 * 4 * 4 + 8
    ),
    (BOOK, _b("$$P = 8 \\cdot"), 2): equal(8 * 4 * 4 * 4 + 8, 520),
    (BOOK, _b("Example 11.2"), 1): equal(tconv_side(16, 3, 2, 1), 2 * 16),
    (BOOK, _b("Example 11.2"), 2): equal(2 * 16, 32),
    (BOOK, _b("$$H_{out} = 7 \\cdot 2"), 1): equal(
        tconv_side(8, 3, 2, 1, d=2), 7 * 2 - 2 + 2 * 3 + 1
    ),
    (BOOK, _b("$$H_{out} = 7 \\cdot 2"), 2): equal(7 * 2 - 2 + 2 * 3 + 1, 19),
    (BOOK, _b("$$Y_{2,2} = "), 1): single(
        lambda: math.isclose(tconv(_BX, _BW, stride=2)["y"][2, 2], _Y22)
    ),
    (BOOK, _b("$$Y_{2,2} = "), 2): equal(_Y22, 2),
    (BOOK, _b("3 & 3 & 4 & 4 \\\\ 3 & 3"), 1): single(
        lambda: same(
            tconv(_BX, np.ones((2, 2)), stride=2)["y"],
            [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]],
        )
    ),
    (BOOK, _b("pad}_2(\\operatorname{dilate}_2(X))"), 1): _bk(
        lambda x, w, g, v: same(v["y"], corr(pad(dilate(x, 2), 2), rot180(w))), 610
    ),
    (BOOK, _b("pad}_1(\\operatorname{dilate}_2(X))"), 1): _bk(
        lambda x, w, g, v: same(v["y"], corr(pad(dilate(x, 2), 1), rot180(w))), 620
    ),
    (BOOK, _b("G_{2i+m,\\, 2j+n}\\, W_{m,n}$$"), 1): _bk(
        lambda x, w, g, v: same(
            v["dx"],
            [
                [
                    sum(g[2 * i + m, 2 * j + n] * w[m, n] for m in range(3) for n in range(3))
                    for j in range(2)
                ]
                for i in range(2)
            ],
        ),
        630,
    ),
    (BOOK, _b("X_{i,j}\\, G_{2i+m,\\, 2j+n}$$"), 1): _bk(
        lambda x, w, g, v: same(
            v["dw"],
            [
                [
                    sum(
                        at(x, i, j) * at(g, 2 * i + m, 2 * j + n)
                        for i in range(3)
                        for j in range(3)
                    )
                    for n in range(3)
                ]
                for m in range(3)
            ],
        ),
        640,
    ),
    (BOOK, _b("= G \\star W$$"), 1): _bk(lambda x, w, g, v: same(v["dx"], corr(g, w)), 650),
}


# --- spickzettel_ausgabegroessen.md (German cheat sheet): one table row per layer

SHEET = "spickzettel_ausgabegroessen"


def _t(anchor: str) -> int:
    return line(SHEET, anchor)


def _conv_grid(dilated: bool) -> list[bool]:
    """floor((H + 2P - D(K-1) - 1)/S) + 1 (D = 1 for the plain row) against torch's conv2d."""
    out = []
    for h, k, s, p, d in itertools.product(
        range(1, 10), (1, 2, 3, 4), (1, 2, 3), (0, 1, 2), (1, 2, 3) if dilated else (1,)
    ):
        if h + 2 * p < d * (k - 1) + 1:
            continue
        formula = (h + 2 * p - d * (k - 1) - 1) // s + 1 if dilated else (h + 2 * p - k) // s + 1
        out.append(conv_out(h, k, s, p, d) == formula)
    return out


def _pool_side(h: int, k: int, s: int, p: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s, p).shape[-1])


SHEET_CLAIMS: Claims = {
    (SHEET, _t("| Faltung | "), 1): lambda: _conv_grid(False),
    (SHEET, _t("| Faltung | "), 2): equal(conv_out(32, 3, 1, 1), (32 + 2 - 3) // 1 + 1),
    (SHEET, _t("| Faltung | "), 3): equal((32 + 2 - 3) // 1 + 1, 32),
    (SHEET, _t("| Faltung mit Dilatation"), 1): lambda: _conv_grid(True),
    (SHEET, _t("| Faltung mit Dilatation"), 2): equal(conv_out(32, 3, d=2), 32 - 3 + 1),
    (SHEET, _t("| Faltung mit Dilatation"), 3): equal(32 - 3 + 1, 30),
    (SHEET, _t("| Max-Pooling mit Padding"), 1): equal(_pool_side(32, 3, 2, 1), (32 - 3) // 2 + 1),
    (SHEET, _t("| Max-Pooling mit Padding"), 2): equal((32 - 3) // 2 + 1, 15),
    (SHEET, _t("| Transponierte Faltung"), 1): equal(tconv_side(16, 4, 2, 1), 15 * 2 + 4),
    (SHEET, _t("| Transponierte Faltung"), 2): equal(15 * 2 + 4, 34),
    (SHEET, _t("| Parameter Faltung"), 1): equal(params(torch.nn.Conv2d(3, 16, 3)), 16 * 28),
    (SHEET, _t("| Parameter Faltung"), 2): equal(16 * 28, 448),
    (SHEET, _t("| Parameter Linear"), 1): equal(params(torch.nn.Linear(512, 10)), 512 * 10),
    (SHEET, _t("| Parameter Linear"), 2): equal(512 * 10, 5120),
    (SHEET, _t("| Gruppierte Faltung"), 1): equal(
        params(torch.nn.Conv2d(32, 64, 3, groups=4)), 64 * 32 * 9 + 64
    ),
    (SHEET, _t("| Gruppierte Faltung"), 2): equal(64 * 32 * 9 + 64, 18496),
    (SHEET, _t("| Depthwise"), 2): equal(params(torch.nn.Conv2d(32, 32, 3, groups=32)), 32 * 9),
    (SHEET, _t("| Depthwise"), 3): equal(32 * 9, 288),
}


# --- derivacion_a_mano_lote_canales.md (Spanish): Conv2d(2, 3, 2), batch of 2 numbered n = 1, 2
# (array index n - 1), 4x4 maps, stride 1, no padding; channels, rows and columns 0-based

DERIV = "derivacion_a_mano_lote_canales"


def _d(anchor: str) -> int:
    return line(DERIV, anchor)


def _deriv(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 2, 4, 4)), r.normal(size=(3, 2, 2, 2)), r.normal(size=3)
    g = r.normal(size=(2, 3, 3, 3))
    return {"x": x, "w": w, "b": b, "g": g, **conv(x, w, b, g)}


def _dv(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_deriv(r)), seed)


def _dv_forward(v: dict) -> bool:
    x, w, b = v["x"], v["w"], v["b"]
    rhs = [[[[sum(w[f, c, u, t] * at(x, n, c, i + u, j + t) for c in range(2) for u in range(2)
                  for t in range(2)) + b[f] for j in range(3)] for i in range(3)]
             for f in range(3)] for n in range(2)]  # fmt: skip
    return same(v["z"], rhs)


def _dv_dw(samples: tuple[int, ...]) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        x, g = v["x"], v["g"]
        rhs = [[[[sum(g[n, f, i, j] * at(x, n, c, i + u, j + t) for n in samples
                      for i in range(3) for j in range(3)) for t in range(2)] for u in range(2)]
                 for c in range(2)] for f in range(3)]  # fmt: skip
        return same(v["dw"], rhs)

    return rel


def _dv_dx(sign: int) -> Callable[[dict], bool]:
    """delta_{f, p -/+ u, q -/+ v} w_{f,c,u,v} summed over f, u, v; delta zero outside 0..2."""

    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        rhs = [[[[sum(zat(g, n, f, p + sign * u, q + sign * t) * w[f, c, u, t] for f in range(3)
                      for u in range(2) for t in range(2)) for q in range(4)] for p in range(4)]
                 for c in range(2)] for n in range(2)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _dv_corner(n: int, c: int, p: int, q: int, i: int, j: int, u: int, t: int) -> Callable:
    return lambda v: math.isclose(
        v["dx"][n, c, p, q], sum(v["g"][n, f, i, j] * v["w"][f, c, u, t] for f in range(3))
    )


def _dv_dw_op(swap: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        x, g = v["x"], v["g"]
        pair = (lambda n, c, f: corr(g[n, f], x[n, c])) if swap else (
            lambda n, c, f: corr(x[n, c], g[n, f]))  # fmt: skip
        rhs = [[sum(pair(n, c, f) for n in range(2)) for c in range(2)] for f in range(3)]
        return same(v["dw"], rhs)

    return rel


def _dv_dx_op(v: dict) -> bool:
    g, w = v["g"], v["w"]
    rhs = [[sum(corr(pad(g[n, f], 1), rot180(w[f, c])) for f in range(3)) for c in range(2)]
           for n in range(2)]  # fmt: skip
    return same(v["dx"], rhs)


def _dv_total(v: dict) -> bool:
    return all(
        math.isclose(
            v["dx"][n, c].sum(),
            sum(v["g"][n, f].sum() * v["w"][f, c].sum() for f in range(3)),
            abs_tol=1e-9,
        )
        for n in range(2)
        for c in range(2)
    )


def _multiplications() -> int:
    """Products w * x in the forward sums of the whole batch, counted term by term."""
    count = 0
    for _n, _f, _i, _j, _c, _u, _v in itertools.product(
        range(2), range(3), range(3), range(3), range(2), range(2), range(2)
    ):
        count += 1
    return count


_DW_SUM = "= \\sum_{n=1}^{2} \\sum_{i=0}^{2} \\sum_{j=0}^{2} \\delta^{(n)}_{f,i,j}\\, x"
DERIV_CLAIMS: Claims = {
    (DERIV, _d("tamaño de salida"), 1): equal(conv_out(4, 2), 4 - 2 + 1),
    (DERIV, _d("tamaño de salida"), 2): equal(4 - 2 + 1, 3),
    (DERIV, _d("$$z^{(n)}_{f,i,j} = "), 1): _dv(_dv_forward, 700),
    (DERIV, _d("~~$"), 1): _dv(_dv_dw((0,)), 710),
    (DERIV, _d(_DW_SUM), 1): _dv(_dv_dw((0, 1)), 720),
    (DERIV, _d("**bias:**"), 1): _dv(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 730),
    (DERIV, _d("\\delta^{(n)}_{f,p-u,q-v}"), 1): _dv(_dv_dx(-1), 740),
    (DERIV, _d("\\delta^{(n)}_{f,p+u,q+v}"), 1): _dv(_dv_dx(+1), 750),
    (DERIV, _d("partial x^{(1)}_{0,0,0}}"), 1): _dv(_dv_corner(0, 0, 0, 0, 0, 0, 0, 0), 760),
    (DERIV, _d("partial x^{(2)}_{1,0,3}}"), 1): _dv(_dv_corner(1, 1, 0, 3, 0, 2, 0, 0), 770),
    (DERIV, _d("= \\sum_{n=1}^{2} X^{(n)}_c \\star"), 1): _dv(_dv_dw_op(False), 780),
    (DERIV, _d("rot}_{180}(W_{f,c})$$"), 1): _dv(_dv_dx_op, 790),
    (DERIV, _d("cambiando el orden"), 1): _dv(_dv_dw_op(True), 800),
    (DERIV, _d("\\sum_{p=0}^{3} \\sum_{q=0}^{3}"), 1): _dv(_dv_total, 810),
    (DERIV, _d("- parámetros:"), 1): lambda: [
        params(torch.nn.Conv2d(2, 3, 2)) == 3 * (2 * 2 * 2 + 1) == 27
    ],
    (DERIV, _d("- multiplicaciones"), 1): equal(_multiplications(), 2 * 3 * 3 * 3 * 2 * 2**2),
    (DERIV, _d("- multiplicaciones"), 2): equal(2 * 3 * 9 * 8, 442),
}

NOTES_B: Claims = {**REVIEW_CLAIMS, **BOOK_CLAIMS, **SHEET_CLAIMS, **DERIV_CLAIMS}
