"""Independent truth for the fresh30 unseen set (tests/data/check/unseen/fresh30/): shared helpers
and the notes compito_conv_multicanale_minibatch, handout_week7_conv_layers_superscripts,
blog_maxpool_relu_retropropagacion, praca_domowa_conv1d_krok_dylatacja and
se_answer_strided_conv_backward_operators.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A claim's line is found from an anchor, a piece of text that
occurs on exactly one line of the note; the rank counts every key entry on that line (a None
holds the rank of a keyed not-a-claim). A side that reads an entry outside a tensor
(IndexError) or combines arrays of mismatched shapes (ValueError) disagrees; where a note
declares zeros outside a range, those entries are read as zero. A link between two written
numbers is judged as arithmetic; a size or count named on the left must equal the true one.
The other two notes live in unseen_fresh30_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import conv1_len, flops_half, grid, rf1d
from unseen_truth_base import (
    Truth,
    anchored_claims,
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
SET = "fresh30"


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def pool_out(h: int, k: int, s: int, p: int = 0) -> int:
    """Output side of torch max_pool2d on an h x h input."""
    y = F.max_pool2d(torch.zeros(1, 1, h, h, dtype=torch.float64), k, s, p)
    return int(y.shape[-1])


# (h, k, s, p) where a conv layer exists
SIZES = [(h, k, s, p) for h, k, s, p in itertools.product((5, 6, 7, 8, 11), (1, 2, 3, 5),
                                                          (1, 2, 3), (0, 1, 2))
         if h + 2 * p >= k]  # fmt: skip


# --- compito_conv_multicanale_minibatch.md: N = 2, C = 3, 6x6, F = 4, 3x3, stride 1, 0-based

CMP = "compito_conv_multicanale_minibatch"


def _cmp(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 3, 6, 6)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = r.normal(size=(2, 4, 4, 4))
    return {"x": x, "w": w, "g": g, **conv(x, w, b, g)}


def _cm(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_cmp(r)), seed)


def _cmp_dw(batch: Callable[[int], list[int]]) -> Callable[[dict], bool]:
    """dw against sum over the samples batch(n) of g[n,f,i,j] x[n,c,i+u,j+v], for each n the
    note's free index could take; agrees if one choice matches."""

    def rel(v: dict) -> bool:
        x, g = v["x"], v["g"]
        for n0 in range(2):
            rhs = np.zeros((4, 3, 3, 3))
            for f, c, u, w_ in np.ndindex(4, 3, 3, 3):
                terms = itertools.product(batch(n0), range(4), range(4))
                rhs[f, c, u, w_] = sum(g[n, f, i, j] * x[n, c, i + u, j + w_] for n, i, j in terms)
            if same(v["dw"], rhs):
                return True
        return False

    return rel


def _cmp_dx(v: dict) -> bool:
    w, g = v["w"], v["g"]
    rhs = np.zeros((2, 3, 6, 6))
    for n, c, p, q in np.ndindex(2, 3, 6, 6):
        rhs[n, c, p, q] = sum(w[f, c, u, w_] * zat(g[n, f], p - u, q - w_)
                              for f in range(4) for u in range(3) for w_ in range(3))  # fmt: skip
    return same(v["dx"], rhs)


def _cmp_dx_op(rotate: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        w, g = v["w"], v["g"]
        k = rot180 if rotate else (lambda a: a)
        rhs = [[sum(corr(pad(g[n, f], 2), k(w[f, c])) for f in range(4)) for c in range(3)]
               for n in range(2)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _cmp_ones() -> dict:
    ones = np.ones
    return conv(ones((2, 3, 6, 6)), ones((4, 3, 3, 3)), ones(4), ones((2, 4, 4, 4)))


def _cmp_mean_db(r: np.random.Generator) -> bool:
    x, w, b = r.normal(size=(2, 3, 6, 6)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    gamma = r.normal(size=(2, 4, 4, 4))
    bt = t64(b, True)
    y = F.conv2d(t64(x), t64(w), bt)
    (0.5 * ((y * t64(gamma)).sum(dim=(1, 2, 3))).sum()).backward()  # L = (l_0 + l_1) / 2
    return same(bt.grad.numpy(), gamma.sum(axis=(0, 2, 3)))


_ONES = _cmp_ones()
CMP_CLAIMS = claims_of(CMP, {
    "**(a) Dimensioni": [lambda: [conv_out(6, 3) == 6 - 3 + 1 == 4]],
    "Parametri dello strato": [equal(params(torch.nn.Conv2d(3, 4, 3)), 4 * 3 * 3 * 3),
                               equal(4 * 3 * 3 * 3, 108)],
    "Moltiplicazioni di un passo": [
        equal(flops_half(lambda: F.conv2d(torch.zeros(2, 3, 6, 6), torch.zeros(4, 3, 3, 3))),
              2 * 4 * 16 * 27),
        equal(2 * 4 * 16 * 27, 3546)],
    "\\partial w_{f,c,u,v}} = \\sum_{n=0}^{1}": [_cm(_cmp_dw(lambda n0: [0, 1]), 100)],
    "\\partial W_{f,c}} = \\sum_{n=0}^{1}": [
        _cm(lambda v: same(v["dw"], [[sum(corr(v["x"][n, c], v["g"][n, f]) for n in range(2))
                                      for c in range(3)] for f in range(4)]), 110)],
    "Molti hanno scritto": [_cm(_cmp_dw(lambda n0: [n0]), 120)],
    "\\partial b_f} = \\sum_{n=0}^{1} \\sum_{i=0}^{3} \\sum_{j=0}^{3} g_": [
        _cm(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 130)],
    "g_{n,f,p-u,q-v}$$": [_cm(_cmp_dx, 140)],
    "\\operatorname{rot}_{180}(W_{f,c})$$": [_cm(_cmp_dx_op(True), 150)],
    "Accettata anche la forma": [_cm(_cmp_dx_op(False), 160)],
    "\\partial b_f} = 32$$": [single(lambda: same(_ONES["db"], [32.0] * 4))],
    "\\partial x_{n,c,0,0}} = 4": [
        single(lambda: bool(np.all(_ONES["dx"][:, :, 0, 0] == 4))),
        single(lambda: bool(np.all(_ONES["dx"][:, :, 2, 2] == 36))),
        single(lambda: bool(np.all(_ONES["dx"][:, :, 1, 1] == 36))),
        equal(4 * 9, 36)],
    "**(g) Loss media": [None, None],
    "\\gamma_{n,f,i,j}$$": [trials(_cmp_mean_db, 170)],
})  # fmt: skip


# --- handout_week7_conv_layers_superscripts.md: superscript layers, sizes in letters;
# running example 32x32x3 -> conv 5 x8 -> maxpool 2/2 -> conv 3 x16 s2 p1 -> FC 10

HND = "handout_week7_conv_layers_superscripts"


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _hnd(r: np.random.Generator, s: int, p: int) -> dict:
    """One example, n_C^{[l-1]} = 2, n_C^{[l]} = 3, f = 3, 7x7 input; torch NCHW (weight F, C,
    k, k): the handout's W_{u,v,c',c} is w[c, c', u, v], a_{h,w,c} is a[0, c, h, w]."""
    x, w, b = r.normal(size=(1, 2, 7, 7)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
    side = conv_out(7, 3, s, p)
    g = r.normal(size=(1, 3, side, side))
    return {"x": x, "w": w, "g": g, "s": s, "p": p,
            **conv(x, w, b, g, stride=s, padding=p)}  # fmt: skip


def _hd(rel: Callable[[dict], bool], seed: int, s: int = 2, p: int = 1) -> Truth:
    return trials(lambda r: rel(_hnd(r, s, p)), seed)


def _hnd_dw_no_stride(v: dict) -> bool:
    g = v["g"][0]
    xp = np.pad(v["x"][0], ((0, 0), (v["p"],) * 2, (v["p"],) * 2))
    oh = g.shape[1]
    rhs = np.zeros((3, 2, 3, 3))
    for c, c1, u, w_ in np.ndindex(3, 2, 3, 3):
        rhs[c, c1, u, w_] = sum(g[c, h, ww] * xp[c1, h + u, ww + w_]
                                for h in range(oh) for ww in range(oh))  # fmt: skip
    return same(v["dw"], rhs)


def _hnd_da_no_rot(v: dict) -> bool:
    w, g = v["w"], v["g"][0]
    rhs = np.zeros((2, 7, 7))
    for c1, i, j in np.ndindex(2, 7, 7):
        rhs[c1, i, j] = sum(w[c, c1, u, w_] * zat(g[c], i + u, j + w_)
                            for c in range(3) for u in range(3) for w_ in range(3))  # fmt: skip
    return same(v["dx"][0], rhs)


def _activation(fn: Callable, rhs: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Truth:
    """dZ of sum(fn(Z) * dA) by autograd against rhs(Z, A) * dA."""

    def check(r: np.random.Generator) -> bool:
        z, da = r.normal(size=(5, 5, 3)), r.normal(size=(5, 5, 3))
        zt = t64(z, True)
        a = fn(zt)
        (a * t64(da)).sum().backward()
        return same(zt.grad.numpy(), rhs(z, a.detach().numpy()) * da)

    return trials(check, 200)


def _sig(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


HND_CLAIMS = claims_of(HND, {
    "It computes $Z^{[l]}$": [None],
    "\\right\\rfloor + 1$$": [grid(lambda h, k, s, p: conv_out(h, k, s, p)
                                   == (h + 2 * p - k) // s + 1, SIZES)],
    "- f^{[l]} + 1}{s^{[l]}}": [grid(lambda h, k, s, p: conv_out(h, k, s, p)
                                     == _ceil_div(h + 2 * p - k + 1, s), SIZES)],
    "A shortcut you will see": [grid(lambda h, k, s, p: conv_out(h, k, s, p)
                                     == _ceil_div(h + 2 * p - k, s), SIZES)],
    "A conv layer has": [grid(lambda ci, co, k: params(torch.nn.Conv2d(ci, co, k))
                              == k * k * ci * co + co, [(1, 1, 1), (3, 8, 5), (8, 16, 3)])],
    "Sizes: $n_H^{[1]} = 28$": [equal(conv_out(32, 5), 28), equal(pool_out(28, 2, 2), 14)],
    "\\frac{14 - 3}{2}": [equal(conv_out(pool_out(conv_out(32, 5), 2, 2), 3, 2, 1),
                                (14 - 3) // 2 + 1),
                          equal((14 - 3) // 2 + 1, 6)],
    "Parameters: layer 1 has 608": [equal(params(torch.nn.Conv2d(8, 16, 3)),
                                          3 * 3 * 8 * 16 + 16),
                                    equal(3 * 3 * 8 * 16 + 16, 1168)],
    "The flattened $a^{[3]}$": [
        equal(params(torch.nn.Linear(16 * conv_out(14, 3, 2, 1) ** 2, 10)), 784 * 10),
        equal(784 * 10, 7840)],
    "Write $dZ^{[l]}": [None],
    "$$dZ^{[l]} = dA^{[l]}": [_activation(torch.sigmoid, lambda z, a: _sig(z) * (1 - _sig(z)))],
    "For a tanh layer": [_activation(torch.tanh, lambda z, a: 1 - a**2),
                         _activation(torch.sigmoid, lambda z, a: a * (1 - z))],
    "$$db^{[l]}_c": [_hd(lambda v: same(v["db"], v["g"][0].sum(axis=(1, 2))), 210)],
    "$$dW^{[l]}_{u,v,c',c}": [_hd(_hnd_dw_no_stride, 220)],
    "For $s^{[l]} = 1$": [None, None],
    "$$dA^{[l-1]}_{i,j,c'}": [_hd(_hnd_da_no_rot, 230, s=1, p=0)],
})  # fmt: skip


# --- blog_maxpool_relu_retropropagacion.md: Z 4x4 -> max pool 2/2 -> M -> ReLU -> A, 1-based

BLOG = "blog_maxpool_relu_retropropagacion"
_BZ = np.array([[1.0, -2, 3, 0], [-1, 4, -3, 2], [-2, -5, 5, 1], [-4, -3, 2, -6]])
_BG = np.array([[2.0, -1], [3, 1]])


def _pool_relu(z: np.ndarray, g: np.ndarray, kind: str = "max", k: int = 2, s: int = 2) -> dict:
    """Forward Z -> pool -> M -> relu -> A and the gradients of sum(A * g)."""
    zt = t64(z[None, None], True)
    m = (F.max_pool2d if kind == "max" else F.avg_pool2d)(zt, k, s)
    m.retain_grad()
    a = torch.relu(m)
    (a * t64(g[None, None])).sum().backward()
    return {"m": m.detach().numpy()[0, 0], "a": a.detach().numpy()[0, 0],
            "dm": m.grad.numpy()[0, 0], "dz": zt.grad.numpy()[0, 0]}  # fmt: skip


def _relu_cases() -> bool:
    vals = [-2.0, -0.5, 0.0, 0.7, 3.0]
    mt = t64(vals, True)
    torch.relu(mt).sum().backward()
    return same(mt.grad.numpy(), [1.0 if v > 0 else 0.0 for v in vals])


def _maxpool_jacobian(r: np.random.Generator) -> bool:
    z = r.normal(size=(4, 4))
    jac = torch.autograd.functional.jacobian(lambda t: F.max_pool2d(t[None, None], 2, 2)[0, 0],
                                             t64(z)).numpy()  # fmt: skip
    rhs = np.zeros((2, 2, 4, 4))
    for i, j in np.ndindex(2, 2):
        win = z[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
        a, b = np.unravel_index(np.argmax(win), (2, 2))
        rhs[i, j, 2 * i + a, 2 * j + b] = 1.0
    return same(jac, rhs)


def _floor_route(r: np.random.Generator) -> bool:
    """dL/dz_kl = dL/dm_{floor(k/2), floor(l/2)} [argmax], 1-based k, l, m indices."""
    z, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
    v = _pool_relu(z, g)
    rhs = np.zeros((4, 4))
    for k, l_ in itertools.product(range(1, 5), repeat=2):
        i, j = (k + 1) // 2, (l_ + 1) // 2  # the window holding z_kl
        win = z[2 * i - 2 : 2 * i, 2 * j - 2 : 2 * j]
        top = z[k - 1, l_ - 1] == win.max()
        rhs[k - 1, l_ - 1] = at(v["dm"], k // 2 - 1, l_ // 2 - 1) * top
    return same(v["dz"], rhs)


def _commute(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=(1, 1, 4, 4)))
    return same(torch.relu(F.max_pool2d(z, 2, 2)), F.max_pool2d(torch.relu(z), 2, 2))


_BV = _pool_relu(_BZ, _BG)
_BAVG = _pool_relu(_BZ, _BG, "avg")
_BOVL = _pool_relu(_BZ, _BG, "max", 3, 1)
BLOG_CLAIMS = claims_of(BLOG, {
    "En la entrada anterior": [None],
    "\\text{si } m_{ij} > 0": [single(_relu_cases)],
    "El max pooling elige": [None],
    "\\arg\\max_{(k', l')": [trials(_maxpool_jacobian, 300)],
    "\\lfloor k/2 \\rfloor": [trials(_floor_route, 310)],
    "$$Z = \\begin{pmatrix}": [None, None, None],
    "$$M = \\begin{pmatrix}": [single(lambda: same(_BV["m"], [[4, 3], [-2, 5]])), None,
                               single(lambda: same(_BV["a"], [[4, 3], [0, 5]]))],
    "\\partial M} = \\begin{pmatrix}": [single(lambda: same(_BV["dm"], [[2, -1], [0, 1]]))],
    "\\partial Z} = \\begin{pmatrix}": [
        single(lambda: same(_BV["dz"], [[0, 0, -1, 0], [0, 2, 0, 0], [0, 0, 1, 0], [0] * 4]))],
    "Comprobemos un par": [single(lambda: _BV["dz"][1, 1] == 2),
                           single(lambda: _BV["dz"][2, 0] == 3)],
    "\\sum_{i,j} g_{ij} = 5": [single(lambda: math.isclose(_BV["dz"].sum(), _BG.sum())),
                               equal(_BG.sum(), 5)],
    "**El orden da igual": [trials(_commute, 320)],
    "**Con average pooling**": [single(lambda: _BAVG["dz"][0, 0] == _BG[0, 0] / 2),
                                equal(2 / 2, 1)],
    "**Ventanas que se solapan.**": [
        lambda: [pool_out(4, 3, 1) == 2, (4 - 3) / 1 + 1 == 2]],
    "$$M' = ": [single(lambda: same(_BOVL["m"], [[5, 5], [5, 5]]))],
    "y, con la misma $G$": [single(lambda: _BOVL["dz"][2, 2] == _BG[1, 1]), equal(_BG[1, 1], 1)],
})  # fmt: skip


# --- praca_domowa_conv1d_krok_dylatacja.md: 1-D, n = 13, k = 3, stride 2, dilation 2, 1-based

PD = "praca_domowa_conv1d_krok_dylatacja"


def _c1(x: np.ndarray, w: np.ndarray, g: np.ndarray | None = None, s: int = 2,
        d: int = 2) -> dict:  # fmt: skip
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(xt, wt, stride=s, dilation=d)
    (y * t64(g[None, None]) if g is not None else y).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0],
            "dw": wt.grad.numpy()[0, 0]}  # fmt: skip


def _pd(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=13), r.normal(size=3), r.normal(size=5)
    return {"x": x, "w": w, "g": g, **_c1(x, w, g)}


def _pt(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_pd(r)), seed)


def _pd_g(g: np.ndarray, t: float) -> float:
    """g[t], 1-based, zero off the integers 1..5 (the note's convention)."""
    if t != int(t) or not 1 <= t <= 5:
        return 0.0
    return float(g[int(t) - 1])


def _min_len(k: int, d: int) -> int:
    """The shortest input torch conv1d accepts for a dilated kernel (its effective width)."""
    for t in range(1, 100):
        try:
            conv1_len(t, k, 1, d)
        except RuntimeError:
            continue
        return t
    raise AssertionError((k, d))


_PX, _PW = np.arange(1.0, 14.0), np.array([2.0, 1.0, -1.0])
_PV = _c1(_PX, _PW)
PD_CLAIMS = claims_of(PD, {
    "**Treść zadania.**": [None] * 5,
    "x[2(i-1) + 2(m-1) + 1]": [
        None,
        _pt(lambda v: same(v["y"], [sum(v["w"][m - 1] * v["x"][2 * i + 2 * m - 3 - 1]
                                        for m in range(1, 4)) for i in range(1, 6)]), 400)],
    "Efektywna szerokość filtra": [grid(lambda k, d: _min_len(k, d) == d * (k - 1) + 1,
                                       [(1, 1), (3, 2), (3, 1), (2, 3), (5, 2)])],
    "$$n_{\\text{out}}": [
        grid(lambda t, k, s, d: conv1_len(t, k, s, d) == (t - d * (k - 1) - 1) // s + 1,
             [(t, k, s, d) for t in (9, 13, 16) for k in (1, 2, 3) for s in (1, 2, 3)
              for d in (1, 2, 3)]),
        equal(conv1_len(13, 3, 2, 2), 5)],
    "x[i + 2m - 2]": [_pt(lambda v: same(v["dw"], [sum(v["g"][i - 1] * v["x"][i + 2 * m - 2 - 1]
                                                       for i in range(1, 6))
                                                   for m in range(1, 4)]), 410)],
    "**d) Gradient względem wejścia.**": [None, None],
    "\\frac{j + 3}{2} - m": [
        _pt(lambda v: same(v["dx"], [sum(v["w"][m - 1] * _pd_g(v["g"], (j + 3) / 2 - m)
                                         for m in range(1, 4)) for j in range(1, 14)]), 420)],
    "\\operatorname{flip}(w)$$": [
        _pt(lambda v: same(v["dx"], corr1(np.pad(dilate1(v["g"], 2), 4), v["w"][::-1])), 430)],
    "**e) Przykład liczbowy.**": [None] * 4,
    "$$y[1] = ": [equal(_PV["y"][0], 1), equal(2 * 1 + 1 * 2 - 1 * 3, 1)],
    "\\partial w[3]}": [equal(_PV["dw"][2], 5 + 7 + 9 + 11 + 13), equal(5 + 7 + 9 + 11 + 13, 44)],
    "Dla wejścia:": [equal(_PV["dx"][6], _PW.sum()), equal(_PV["dx"][7], 0)],
    "Element $x[3]$": [equal(_PV["dx"][2], _PW.sum()), equal(2 + 1 - 1, 2)],
    "**f) Liczba parametrów.**": [
        lambda: [params(torch.nn.Conv1d(1, 1, 3, stride=2, dilation=2)) == 3 + 1 == 4]],
    "$$R = 5": [equal(rf1d([3, 3], [2, 2], [2, 2]), 5 + (5 - 1)), equal(5 + (5 - 1), 9)],
})  # fmt: skip


# --- se_answer_strided_conv_backward_operators.md: Conv2d(1, 1, 3, stride=2) on 9x9, G 4x4

SE = "se_answer_strided_conv_backward_operators"


def _se(r: np.random.Generator, bias: bool = False) -> dict:
    x, w, g = r.normal(size=(9, 9)), r.normal(size=(3, 3)), r.normal(size=(4, 4))
    b = r.normal(size=1) if bias else None
    out = conv(x[None, None], w[None, None], b, g[None, None], stride=2)
    return {"x": x, "w": w, "g": g, "dx": out["dx"][0, 0], "dw": out["dw"][0, 0],
            "db": out.get("db")}  # fmt: skip


def _st(rel: Callable[[dict], bool], seed: int, bias: bool = False) -> Truth:
    return trials(lambda r: rel(_se(r, bias)), seed)


def _full_conv(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Full 2-D convolution by its definition: out[p, q] = sum a[i, j] k[p - i, q - j]."""
    out = np.zeros((a.shape[0] + k.shape[0] - 1, a.shape[1] + k.shape[1] - 1))
    for i, j in np.ndindex(*a.shape):
        out[i : i + k.shape[0], j : j + k.shape[1]] += a[i, j] * k
    return out


def _se_index(v: dict) -> bool:
    g, w = v["g"], v["w"]
    rhs = [[sum(g[i, j] * zat(w, p - 2 * i, q - 2 * j) for i in range(4) for j in range(4))
            for q in range(9)] for p in range(9)]  # fmt: skip
    return same(v["dx"], rhs)


def _se_dw_sum(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = sum(g[i, j] * x[2 * i : 2 * i + 3, 2 * j : 2 * j + 3].sum()
              for i in range(4) for j in range(4))  # fmt: skip
    return math.isclose(v["dw"].sum(), rhs, rel_tol=1e-9, abs_tol=1e-9)


def _dil(v: dict) -> np.ndarray:
    return dilate(v["g"], 2)


SE_CLAIMS = claims_of(SE, {
    "and I am trying to write": [None, None],
    "> $$": [_st(lambda v: same(v["dw"], corr(v["x"], v["g"])), 500),
             _st(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))), 510)],
    "You are treating $G$": [equal(2 - 1, 1)],
    "X \\star \\operatorname{dilate}_2(G)$$": [
        _st(lambda v: same(v["dw"], corr(v["x"], _dil(v))), 520)],
    "\\big) \\star \\operatorname{rot180}(W)$$": [
        _st(lambda v: same(v["dx"], corr(pad(_dil(v), 2), rot180(v["w"]))), 530)],
    "In index form": [_st(_se_index, 540)],
    "\\ast_{\\text{full}} W.$$": [_st(lambda v: same(v["dx"], _full_conv(_dil(v), v["w"])), 550)],
    "Zero insertion and rotation commute": [
        _st(lambda v: same(rot180(_dil(v)), dilate(rot180(v["g"]), 2)), 560)],
    "(\\operatorname{rot180}(G))\\big) \\star W.$$": [
        _st(lambda v: same(v["dx"], corr(pad(dilate(rot180(v["g"]), 2), 2), v["w"])), 570)],
    "Be careful not to replace": [
        _st(lambda v: same(v["dx"], corr(pad(_dil(v), 2), v["w"].T)), 580)],
    "A common half-fix": [
        _st(lambda v: same(v["dx"], corr(pad(_dil(v), 1), rot180(v["w"]))), 590)],
    "\\Big(\\sum_{u,v} W_{u,v}\\Big)$$": [
        _st(lambda v: math.isclose(v["dx"].sum(), v["g"].sum() * v["w"].sum(), rel_tol=1e-9,
                                   abs_tol=1e-9), 600)],
    "and if you turn the bias back on": [
        _st(lambda v: same(v["db"], [v["g"].sum()]), 610, bias=True)],
    "The same bookkeeping holds": [
        _st(_se_dw_sum, 620),
        _st(lambda v: math.isclose(v["dw"][0, 0], float((v["g"] * v["x"][:4, :4]).sum())), 630)],
})  # fmt: skip


def truth_table() -> Claims:
    from unseen_fresh30_truth_b import NOTES_B

    return {**CMP_CLAIMS, **HND_CLAIMS, **BLOG_CLAIMS, **PD_CLAIMS, **SE_CLAIMS, **NOTES_B}
