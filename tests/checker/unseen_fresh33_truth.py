"""Independent truth for the fresh33 unseen set (tests/data/check/unseen/fresh33/): shared helpers
and the notes blog_numpy_conv2d_yeokjeonpa, textbook_4_2_convolution_as_matrix_product,
bai_giang_lan_nguoc_gop_cuc_dai_trung_binh and eng_note_input_grad_as_conv_transpose.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. Lines are found from an anchor (a piece of the line, unique in
the note); a None holds the rank of a keyed non-claim. A side that reads an entry outside a
tensor (IndexError), multiplies matrices of mismatched shapes (ValueError) or asks torch for a
convolution it cannot do (RuntimeError) disagrees; where a note declares zeros outside a range,
those entries are read as zero. A link between two written numbers is judged as arithmetic; a
size or count named on the left must equal the true one. The other three notes live in
unseen_fresh33_truth_b.py; truth_table merges both.
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
    corr1,
    dilate1,
    equal,
    pad,
    params,
    rot180,
    same,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh33"


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def safe(check: Callable[[], bool]) -> bool:
    """One comparison where torch may refuse a side (a kernel longer than its input)."""
    try:
        return bool(check())
    except (IndexError, ValueError, RuntimeError):
        return False


def near(value: float, written: float, tol: float = 5e-4) -> bool:
    """A number the note writes rounded (to three decimals)."""
    return abs(value - written) <= tol


# --- blog_numpy_conv2d_yeokjeonpa.md (Korean): x (2, 3, 5, 5), w (4, 3, 3, 3), b (4,), 0-based;
# stride 1 padding 0, then stride 2 padding 1 (x tilde the 7x7 padded input)

BLOG = "blog_numpy_conv2d_yeokjeonpa"


def _blog(r: np.random.Generator, stride: int = 1, padding: int = 0) -> dict:
    x, w, b = r.normal(size=(2, 3, 5, 5)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    side = conv_out(5, 3, stride, padding)
    g = r.normal(size=(2, 4, side, side))
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    # the gradient with respect to the padded input: the same layer run on xp without padding
    t = conv(xp, w, b, g, stride=stride)
    return {"x": x, "xp": xp, "w": w, "b": b, "g": g, **conv(x, w, b, g, stride=stride,
            padding=padding), "dxp": t["dx"]}  # fmt: skip


def _bl(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_blog(r, **kw)), seed)


def _blog_dw(key: str) -> Callable[[dict], bool]:
    """The note's sum of delta times input[i+u, j+v], the input unpadded (x) or padded (xp)."""

    def rel(v: dict) -> bool:
        x, g = v[key], v["g"]
        rhs = [[[[sum(g[n, f, i, j] * at(x, n, c, i + u, j + s) for n in range(2)
                      for i in range(3) for j in range(3)) for s in range(3)] for u in range(3)]
                for c in range(3)] for f in range(4)]  # fmt: skip
        return same(v["dw"], rhs)

    return rel


def _blog_dw_planes(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [[sum(corr(x[n, c], g[n, f]) for n in range(2)) for c in range(3)] for f in range(4)]
    return same(v["dw"], rhs)


def _blog_dx_plus(v: dict) -> bool:
    g, w = v["g"], v["w"]  # the note's delta_{n,f,p+u,q+v}, zero outside as it says
    rhs = [[[[sum(zat(g, n, f, p + u, q + s) * w[f, c, u, s] for f in range(4) for u in range(3)
                  for s in range(3)) for q in range(5)] for p in range(5)] for c in range(3)]
           for n in range(2)]  # fmt: skip
    return same(v["dx"], rhs)


def _blog_dx_op(key: str) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        rhs = [[sum(corr(pad(g[n, f], 2), rot180(w[f, c])) for f in range(4)) for c in range(3)]
               for n in range(2)]  # fmt: skip
        return same(v[key], rhs)

    return rel


def _blog_total(v: dict) -> bool:
    g, w = v["g"], v["w"]
    return all(math.isclose(v["dx"][n, c].sum(), sum(g[n, f].sum() * w[f, c].sum()
               for f in range(4)), abs_tol=1e-9) for n in range(2) for c in range(3))  # fmt: skip


def _blog_relu(r: np.random.Generator) -> bool:
    """a = relu(y), L = sum(a * ga): dL/dy by autograd against the note's ga * a."""
    y, ga = t64(r.normal(size=(2, 4, 3, 3)), True), r.normal(size=(2, 4, 3, 3))
    a = torch.relu(y)
    (a * t64(ga)).sum().backward()
    return same(y.grad.numpy(), ga * a.detach().numpy())


def _blog_mean_bias(r: np.random.Generator) -> bool:
    """L = (1/N) sum_n l_n with l_n = sum(y_n * g_n), so dl_n/dy_n = g_n."""
    x, w, b, g = (r.normal(size=s) for s in ((2, 3, 5, 5), (4, 3, 3, 3), (4,), (2, 4, 3, 3)))
    bt = t64(b, True)
    y = F.conv2d(t64(x), t64(w), bt)
    (y * t64(g)).sum(dim=(1, 2, 3)).mean().backward()
    return same(bt.grad.numpy(), g.sum(axis=(0, 2, 3)))


def _blog_macs() -> int:
    x, w = torch.zeros(2, 3, 5, 5, dtype=F64), torch.zeros(4, 3, 3, 3, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w))


BLOG_CLAIMS = claims_of(BLOG, {
    "$H_{out} = 5 - 3 + 1 = 3$": [equal(conv_out(5, 3), 5 - 3 + 1), equal(5 - 3 + 1, 3)],
    "$$y_{n,f,i,j} = b_f": [None],
    "2 \\cdot 4 \\cdot 9 \\cdot 27 = 1944": [equal(_blog_macs(), 2 * 4 * 9 * 27),
                                           equal(2 * 4 * 9 * 27, 1944)],
    "$\\#\\theta = F C K^2 = 108$": [equal(params(torch.nn.Conv2d(3, 4, 3)), 4 * 3 * 3**2),
                                     equal(4 * 3 * 3**2, 108)],
    "$\\delta_{n,f,i,j} = \\partial L": [None],
    "{\\partial b_f} = \\sum_{n=0}^{N-1}\\sum_{i=0}": [
        _bl(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 100)],
    "\\delta_{n,f,i,j}\\, x_{n,c,i+u,j+v}$$": [_bl(_blog_dw("x"), 110)],
    "\\sum_{n} X_{n,c} \\star \\Delta_{n,f}": [_bl(_blog_dw_planes, 120)],
    "$p = i + u$": [None, None],
    "\\delta_{n,f,p+u,q+v}": [_bl(_blog_dx_plus, 130)],
    "\\sum_{f=0}^{F-1} \\operatorname{pad}_2": [_bl(_blog_dx_op("dx"), 140)],
    "\\Big(\\sum_{i,j}": [_bl(_blog_total, 150)],
    "$a = \\max(0, y)$": [None, trials(_blog_relu, 160)],
    "$L = \\frac{1}{N}\\sum_{n} \\ell_n$": [None, trials(_blog_mean_bias, 170)],
    "\\lfloor (5 + 2 - 3)/2 \\rfloor": [equal(conv_out(5, 3, 2, 1), (5 + 2 - 3) // 2 + 1),
                                        equal((5 + 2 - 3) // 2 + 1, 3)],
    "\\tilde x_{n,c,i+u,j+v}": [_bl(_blog_dw("xp"), 180, stride=2, padding=1)],
    "\\partial \\tilde X_{n,c}}": [_bl(_blog_dx_op("dxp"), 190, stride=2, padding=1)],
})  # fmt: skip


# --- textbook_4_2_convolution_as_matrix_product.md: Toeplitz T of a 3x3 input and a 2x2 kernel;
# im2col with C channels and F filters (checked with C = 3, F = 4, 5x5, K = 3); the worked example
# X, W, b = 0, dL/dY of the note; 0-based

BOOK = "textbook_4_2_convolution_as_matrix_product"
BX = np.array([[1.0, 2, 0], [3, 1, 2], [0, 4, 1]])
BW = np.array([[1.0, -1], [2, 0]])
BG = np.array([[1.0, 0], [-1, 2]])


def _toeplitz(w: np.ndarray) -> np.ndarray:
    """T with vec(Y) = T vec(X) (rows of X and Y stacked), the Jacobian of the conv."""
    fn = lambda v: F.conv2d(v.reshape(1, 1, 3, 3), t64(w)[None, None]).reshape(-1)  # noqa: E731
    return torch.autograd.functional.jacobian(fn, torch.zeros(9, dtype=F64)).numpy()


def _book_t(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=(2, 2))
    dx = conv(x[None, None], w[None, None], None, g[None, None])["dx"][0, 0]
    return same(dx.reshape(-1), _toeplitz(w).T @ g.reshape(-1))


def _col(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(1, 3, 5, 5)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = r.normal(size=(1, 4, 3, 3))
    t = conv(x, w, b, g)
    xcol = F.unfold(t64(x), 3)[0].numpy()  # (C K K, H_out W_out), channel then row then column
    xc, wc = t64(xcol, True), t64(w.reshape(4, -1))
    ((wc @ xc) * t64(g.reshape(4, -1))).sum().backward()
    return {"xcol": xcol, "wcol": w.reshape(4, -1), "b": b, "G": g.reshape(4, -1),
            "ycol": t["z"].reshape(4, -1), "dwcol": t["dw"].reshape(4, -1), "db": t["db"],
            "dxcol": xc.grad.numpy()}  # fmt: skip


def _co(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_col(r)), seed)


def _book_example() -> dict:
    t = conv(BX[None, None], BW[None, None], np.zeros(1), BG[None, None])
    xcol = F.unfold(t64(BX)[None, None], 2)[0].numpy()
    return {"y": t["z"][0, 0], "dx": t["dx"][0, 0], "dw": t["dw"][0, 0], "xcol": xcol}


def _book_centre(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=(2, 2))
    dx = conv(x[None, None], w[None, None], None, g[None, None])["dx"][0, 0]
    return math.isclose(dx[1, 1], w[0, 0] * g[1, 1] + w[1, 1] * g[0, 0], abs_tol=1e-12)


def _book_full(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=(2, 2))
    dx = conv(x[None, None], w[None, None], None, g[None, None])["dx"][0, 0]
    return same(dx, corr(pad(g, 1), w))


BOOK_CLAIMS = claims_of(BOOK, {
    "$$\\operatorname{vec}(Y) = T": [None],
    "$H_{out} W_{out} = 4$": [equal(_toeplitz(BW).shape[0], 4), equal(_toeplitz(BW).shape[1], 9)],
    "T^{\\top} \\frac{\\partial L}": [trials(_book_t, 200)],
    "\\mathbf{b}\\,\\mathbf{1}^{\\top}, \\tag{4.7}": [_co(lambda v: same(
        v["ycol"], v["wcol"] @ v["xcol"] + np.outer(v["b"], np.ones(9))), 210)],
    "$G = \\partial L / \\partial Y_{\\mathrm{col}}$": [None],
    "\\tag{4.8}": [_co(lambda v: same(v["dwcol"], v["G"] @ v["xcol"].T), 220)],
    "\\tag{4.9}": [_co(lambda v: same(v["dxcol"], v["wcol"].T @ v["G"]), 230)],
    "\\tag{4.10}": [_co(lambda v: same(v["db"], np.ones(4) @ v["G"]), 240)],
    "$$X = \\begin{bmatrix} 1 & 2 & 0": [None],
    "W = \\begin{bmatrix} 1 & -1": [None, None],
    "$$X_{\\mathrm{col}} = \\begin{bmatrix}": [lambda: [same(
        _book_example()["xcol"], [[1, 2, 3, 1], [2, 0, 1, 2], [3, 1, 0, 4], [1, 2, 4, 1]])]],
    "W_{\\mathrm{col}} X_{\\mathrm{col}} = \\begin{bmatrix} 5": [lambda: [same(
        BW.reshape(1, -1) @ _book_example()["xcol"], [[5, 4, 2, 7]])]],
    "$Y = \\begin{bmatrix} 5 & 4": [lambda: [same(_book_example()["y"], [[5, 4], [2, 7]])]],
    "$\\partial L/\\partial Y = \\begin{bmatrix}": [None],
    "G\\, X_{\\mathrm{col}}^{\\top} = \\begin{bmatrix}": [
        lambda: [same(_book_example()["dw"].reshape(1, -1),
                      BG.reshape(1, -1) @ _book_example()["xcol"].T)],
        lambda: [same(BG.reshape(1, -1) @ _book_example()["xcol"].T, [[0, 5, 11, 1]])]],
    "$$W_{\\mathrm{col}}^{\\top} G = \\begin{bmatrix}": [lambda: [same(
        np.outer(BW.reshape(-1), BG.reshape(-1)),
        [[1, 0, -1, 2], [-1, 0, 1, -2], [2, 0, -2, 4], [0, 0, 0, 0]])]],
    "\\begin{bmatrix} 1 & -1 & 0 \\\\ 1 & 2": [lambda: [same(
        _book_example()["dx"], [[1, -1, 0], [1, 2, -2], [-2, 4, 0]])]],
    "w_{00}\\, g_{11} + w_{11}\\, g_{00} = 2": [
        trials(_book_centre, 250), equal(BW[0, 0] * BG[1, 1] + BW[1, 1] * BG[0, 0], 2)],
    "\\operatorname{pad}_1\\!\\left(": [trials(_book_full, 260)],
    "$27 \\cdot 900 = 24\\,200$": [equal(27 * 900, 24_200)],
})  # fmt: skip


# --- bai_giang_lan_nguoc_gop_cuc_dai_trung_binh.md (Vietnamese): the note's X 4x4 (with ties) and
# G 2x2, 1-based; max pooling 2/2 (ties to the first maximum in row-major order, PyTorch's rule,
# which the note states), average pooling 2/2 and 3/1

VIET = "bai_giang_lan_nguoc_gop_cuc_dai_trung_binh"
VX = np.array([[1.0, 3, 2, 2], [3, 0, 2, 1], [4, 1, 0, 5], [2, 4, 3, 1]])
VG = np.array([[2.0, -1], [1, 3]])


def _pool(x: np.ndarray, g: np.ndarray, kind: str, k: int, s: int) -> dict:
    xt = t64(x[None, None], True)
    fn = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = fn(xt, k, s)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _viet_routing(r: np.random.Generator) -> bool:
    """Random X without ties: the indicator formula routes g_ij to the window's argmax."""
    x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    rhs = np.zeros((4, 4))
    for i in range(2):
        for j in range(2):
            win = x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
            u, v = np.unravel_index(np.argmax(win), win.shape)
            rhs[2 * i + u, 2 * j + v] += g[i, j]
    return same(_pool(x, g, "max", 2, 2)["dx"], rhs)


def _viet_split_13() -> bool:
    """Splitting g_ij evenly among the tied maxima of its window: x_13 (0-based [0, 2])."""
    win = VX[0:2, 2:4]
    ties = int((win == win.max()).sum())
    return math.isclose(VG[0, 1] / ties, VG[0, 1] / 2)


def _viet_avg_floor(r: np.random.Generator) -> bool:
    g = r.normal(size=(2, 2))  # 1-based x_pq, g indices floor(p/2), floor(q/2), strict
    dx = _pool(r.normal(size=(4, 4)), g, "avg", 2, 2)["dx"]
    rhs = [[at(g, p // 2 - 1, q // 2 - 1) / 4 for q in range(1, 5)] for p in range(1, 5)]
    return same(dx, rhs)


def _viet_avg(k: int, s: int) -> np.ndarray:
    return _pool(VX, VG, "avg", k, s)["dx"]


VIET_CLAIMS = claims_of(VIET, {
    "$G = \\partial L / \\partial Y$": [None],
    "$$X = \\begin{bmatrix} 1 & 3": [None],
    "G = \\begin{bmatrix} 2 & -1": [None],
    "\\lfloor (4 - 2)/2 \\rfloor": [
        equal(_pool(VX, VG, "max", 2, 2)["y"].shape[0], (4 - 2) // 2 + 1),
        equal((4 - 2) // 2 + 1, 2)],
    "$$Y = \\begin{bmatrix} 3 & 2": [lambda: [same(_pool(VX, VG, "max", 2, 2)["y"],
                                                   [[3, 2], [4, 5]])]],
    "$y_{ij} = \\max": [None],
    "\\operatorname{argmax}_{R_{ij}}": [trials(_viet_routing, 300)],
    "0 & 0 & -1 & 0 \\\\ 2 & 0": [lambda: [same(
        _pool(VX, VG, "max", 2, 2)["dx"],
        [[0, 0, -1, 0], [2, 0, 0, 0], [1, 0, 0, 3], [0, 0, 0, 0]])]],
    "\\partial x_{pq}} = 5$": [lambda: [math.isclose(_pool(VX, VG, "max", 2, 2)["dx"].sum(), 5)]],
    "\\frac{g_{12}}{2} = -\\frac{1}{2}": [lambda: [_viet_split_13()],
                                          equal(VG[0, 1] / 2, -1 / 2)],
    "$$A = \\begin{bmatrix}": [lambda: [same(_pool(VX, VG, "avg", 2, 2)["y"],
                                             [[1.75, 1.75], [2.75, 2.5]])]],
    "g_{\\lfloor p/2 \\rfloor,\\, \\lfloor q/2 \\rfloor}": [trials(_viet_avg_floor, 310)],
    "\\frac{g_{22}}{4} = \\frac{3}{4}": [
        lambda: [math.isclose(_viet_avg(2, 2)[2, 2], VG[1, 1] / 4)], equal(VG[1, 1] / 4, 3 / 4)],
    "0{,}5 & 0{,}5 & -0{,}25": [lambda: [same(_viet_avg(2, 2), [
        [0.5, 0.5, -0.25, -0.25], [0.5, 0.5, -0.25, -0.25],
        [0.25, 0.25, 0.75, 0.75], [0.25, 0.25, 0.75, 0.75]])]],
    "G \\otimes \\mathbf{1}_{2 \\times 2}": [
        lambda: [same(_viet_avg(2, 2), np.kron(VG, np.ones((2, 2))))]],
    "\\partial x_{22}} = \\frac{1}{9}": [
        lambda: [math.isclose(_viet_avg(3, 1)[1, 1], VG.sum() / 9)],
        equal(VG.sum() / 9, 5 / 9)],
    "\\frac{g_{11}}{9} = \\frac{2}{9}": [
        lambda: [math.isclose(_viet_avg(3, 1)[0, 1], VG[0, 0] / 9)], equal(VG[0, 0] / 9, 2 / 9)],
})  # fmt: skip


# --- eng_note_input_grad_as_conv_transpose.md: one spatial dimension, length H, kernel k,
# stride s, padding p, kernel dilation d, output padding a; symbolic, checked on grids with
# torch conv1d / conv_transpose1d (2 input and 3 output channels); the numbers H = 8, k = 3,
# s = 2, p = 1, d = 1

ENG = "eng_note_input_grad_as_conv_transpose"


def out1(h: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    y = F.conv1d(torch.zeros(1, 1, h, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                 stride=s, padding=p, dilation=d)  # fmt: skip
    return int(y.shape[-1])


def tout1(h: int, k: int, s: int = 1, p: int = 0, a: int = 0, d: int = 1) -> int:
    y = F.conv_transpose1d(torch.zeros(1, 1, h, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                           stride=s, padding=p, output_padding=a, dilation=d)  # fmt: skip
    return int(y.shape[-1])


def _vjp(h: int, k: int, s: int, p: int, d: int = 1, seed: int = 0) -> dict:
    """x (1, 2, h), w (3, 2, k), delta of the output; the autograd gradients."""
    r = np.random.default_rng(seed + 1000 * h + 100 * k + 10 * s + p + 7 * d)
    x, w = r.normal(size=(1, 2, h)), r.normal(size=(3, 2, k))
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv1d(xt, wt, stride=s, padding=p, dilation=d)
    delta = r.normal(size=tuple(y.shape))
    (y * t64(delta)).sum().backward()
    return {"x": x, "w": w, "delta": delta, "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}


def _dil(delta: np.ndarray, s: int) -> np.ndarray:
    return np.stack([np.stack([dilate1(row, s) for row in ch]) for ch in delta])


def _flipped(w: np.ndarray) -> torch.Tensor:
    """The kernel flipped in space with in/out channels swapped: (C_in, C_out, k)."""
    return t64(w[:, :, ::-1].transpose(1, 0, 2).copy())


def _eng_vjp(h: int, k: int, s: int, p: int) -> bool:
    v = _vjp(h, k, s, p)
    a = (h + 2 * p - k) % s
    op = np.pad(_dil(v["delta"], s), ((0, 0), (0, 0), (k - 1 - p, k - 1 - p + a)))
    return safe(lambda: same(v["dx"], F.conv1d(t64(op), _flipped(v["w"])).numpy()))


def _eng_tconv(flip: bool) -> Callable[[int, int, int, int], bool]:
    def check(h: int, k: int, s: int, p: int) -> bool:
        v = _vjp(h, k, s, p)
        w = v["w"][:, :, ::-1].copy() if flip else v["w"]
        a = (h + 2 * p - k) % s
        return safe(
            lambda: same(
                v["dx"],
                F.conv_transpose1d(
                    t64(v["delta"]), t64(w), stride=s, padding=p, output_padding=a
                ).numpy(),
            )
        )

    return check


def _eng_vjp_dilated(h: int, k: int, s: int, p: int, d: int) -> bool:
    v = _vjp(h, k, s, p, d)
    op = np.pad(_dil(v["delta"], s), ((0, 0), (0, 0), (k - 1 - p, k - 1 - p)))
    return safe(lambda: same(v["dx"], F.conv1d(t64(op), _flipped(v["w"]), dilation=d).numpy()))


def _eng_dw(dilated: bool) -> Callable[[int, int, int, int], bool]:
    def check(h: int, k: int, s: int, p: int) -> bool:
        v = _vjp(h, k, s, p)
        xp = np.pad(v["x"], ((0, 0), (0, 0), (p, p)))[0]
        dl = v["delta"][0]
        kern = [dilate1(row, s) if dilated else row for row in dl]
        rhs = [[corr1(xp[i], kern[o]) for i in range(2)] for o in range(3)]
        if dilated:
            return safe(lambda: same(v["dw"], rhs))
        # the stride-s reading of the same product: entries sum_i delta_i xp[s u + i]
        strided = [[[np.dot(dl[o], xp[i, s * u : s * u + len(dl[o])])
                     for u in range((len(xp[i]) - len(dl[o])) // s + 1)] for i in range(2)]
                   for o in range(3)]  # fmt: skip
        return safe(lambda: same(v["dw"], rhs)) or safe(lambda: same(v["dw"], strided))

    return check


# (H, k, s, p) with p <= k - 1 and strides 2 or 3; the dilated ones with d = 2
_HKSP = [
    (8, 3, 2, 1),
    (7, 3, 2, 1),
    (9, 4, 3, 2),
    (10, 5, 2, 0),
    (11, 3, 3, 1),
    (6, 2, 2, 1),
    (12, 5, 3, 2),
    (9, 3, 2, 0),
]
_HKSPD = [
    (h, k, s, p, d) for h, k, s, p in _HKSP for d in (1, 2, 3) if h + 2 * p >= d * (k - 1) + 1
]  # the dilated kernel fits the padded input
_DIV = [(9, 3, 2, 1), (8, 4, 2, 1), (10, 3, 3, 1), (11, 5, 2, 0), (13, 4, 3, 0), (7, 3, 2, 0)]


def _needed_a(h: int, k: int, s: int, p: int, d: int = 1) -> int:
    """The output padding that makes the transposed conv return the forward input length."""
    hits = [a for a in range(s) if tout1(out1(h, k, s, p, d), k, s, p, a, d) == h]
    assert len(hits) == 1
    return hits[0]


ENG_CLAIMS = claims_of(ENG, {
    "\\frac{H + 2p - d(k-1) - 1}{s} \\right\\rfloor": [grid(
        lambda h, k, s, p, d: out1(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1,
        _HKSPD)],
    "(so $p = 0$, $d = 1$)": [None, None],
    "\\lceil (H - k + 1)/s \\rceil": [grid(
        lambda h, k, s, p: out1(h, k, s) == math.ceil((h - k + 1) / s), _HKSP)],
    "undilated kernel ($d = 1$)": [None],
    "$\\delta = \\partial L / \\partial y$": [None],
    "$$a = (H + 2p - k) \\bmod s$$": [None],
    "\\operatorname{pad}_{k-1-p}^{\\,k-1-p+a}": [grid(_eng_vjp, _HKSP)],
    "$$\\nabla_x L = \\operatorname{conv2d\\_transpose}(\\delta, w).$$": [
        grid(_eng_tconv(False), _HKSP)],
    "\\operatorname{conv2d\\_transpose}(\\delta, \\operatorname{flip}(w))": [
        grid(_eng_tconv(True), _HKSP)],
    "d(k - 1) + a + 1 .$$": [grid(
        lambda h, k, s, p, d, a: tout1(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1)
        + a + 1, [(h, k, s, p, d, a) for h, k, s, p, d in _HKSPD for a in range(s)])],
    "$H_{tr} = (H_{out} - 1)s + k - p$": [None, None, grid(
        lambda h, k, s, p: tout1(h, k, s, p) == (h - 1) * s + k - p,
        [q for q in _HKSP if q[3] >= 1])],
    "d(k-1) - 1\\big) \\bmod s": [grid(
        lambda h, k, s, p, d: (h + 2 * p - d * (k - 1) - 1) % s == _needed_a(h, k, s, p, d),
        _HKSPD)],
    "## Dilated kernels ($d = 2$)": [None],
    "$H_{tr} = (H_{out} - 1)s - 2p + k + a$": [grid(
        lambda h, k, s, p, a: tout1(h, k, s, p, a, 2) == (h - 1) * s - 2 * p + k + a,
        [(h, k, s, p, a) for h, k, s, p in _HKSP for a in range(s)])],
    "\\nabla_x L = \\operatorname{conv}_{d}": [grid(
        lambda h, k, s, p: _eng_vjp_dilated(h, k, s, p, 2), _HKSP)],
    "\\star \\operatorname{dilate}_s(\\delta).$$": [grid(_eng_dw(True), _DIV)],
    "$\\nabla_w L = x_{\\mathrm{pad}} \\star \\delta$": [grid(_eng_dw(False), _DIV)],
    "$H = 8$, $k = 3$": [None, None, None, None, None],
    "\\lfloor (8 + 2 - 3)/2 \\rfloor + 1 = 4": [
        equal(out1(8, 3, 2, 1), (8 + 2 - 3) // 2 + 1), equal((8 + 2 - 3) // 2 + 1, 4)],
    "$a = (8 + 2 - 3) \\bmod 2 = 1$": [
        equal(_needed_a(8, 3, 2, 1), (8 + 2 - 3) % 2), equal((8 + 2 - 3) % 2, 1)],
    "(4 - 1) \\cdot 2 - 2 + 3 + 1 = 9": [
        equal(tout1(4, 3, 2, 1, 1), (4 - 1) * 2 - 2 + 3 + 1), equal((4 - 1) * 2 - 2 + 3 + 1, 9)],
})  # fmt: skip


def truth_table() -> Claims:
    from unseen_fresh33_truth_b import NOTES_B

    return {**BLOG_CLAIMS, **BOOK_CLAIMS, **VIET_CLAIMS, **ENG_CLAIMS, **NOTES_B}
