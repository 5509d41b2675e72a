"""Independent truth for the fresh33 unseen set, second part: the notes
fiche_revision_concours_couches_conv, qa_thread_softmax_ce_after_gap and
lista_exercicios_conv_3canais_2filtros (conventions as in unseen_fresh33_truth.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh31_truth import checks
from unseen_fresh33_truth import Claims, claims_of, near
from unseen_truth_base import (
    F64,
    Truth,
    at,
    conv,
    conv_out,
    corr,
    equal,
    pad,
    params,
    rot180,
    same,
    t64,
    trials,
)

Conv2d = torch.nn.Conv2d

# --- fiche_revision_concours_couches_conv.md (French): general letters H, K, S, P, D, C_in,
# C_out, G, all layers with bias; receptive fields of 1-D stacks by autograd

FICHE = "fiche_revision_concours_couches_conv"

_SIZES = [
    (7, 3, 1, 0),
    (8, 3, 2, 1),
    (9, 4, 2, 1),
    (10, 5, 3, 2),
    (12, 3, 3, 0),
    (6, 2, 2, 0),
    (11, 5, 1, 2),
    (13, 4, 3, 1),
]
_DIL = [(h, k, p, d) for h, k, _, p in _SIZES for d in (2, 3) if h + 2 * p >= d * (k - 1) + 1]


def receptive_field(layers: list[tuple[int, int]]) -> int:
    """Support of one output of a stack of 1-D convs (kernel, stride) with all-ones weights,
    by autograd: how many input positions its gradient touches."""
    x = torch.zeros(1, 1, 400, dtype=F64, requires_grad=True)
    y = x
    for k, s in layers:
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=F64), stride=s)
    y[0, 0, y.shape[-1] // 2].backward()
    hit = np.nonzero(x.grad.numpy()[0, 0])[0]
    return int(hit[-1] - hit[0] + 1)


def _recursion(layers: list[tuple[int, int]]) -> bool:
    prev = 1
    for ell in range(1, len(layers) + 1):
        k = layers[ell - 1][0]
        rhs = prev + (k - 1) * math.prod(s for _, s in layers[: ell - 1])
        if receptive_field(layers[:ell]) != rhs:
            return False
        prev = rhs
    return True


_STACKS = [
    [(3, 1), (3, 2), (5, 1)],
    [(3, 2), (3, 2), (3, 2)],
    [(5, 2), (3, 1), (2, 3)],
    [(7, 2), (3, 2), (3, 1), (3, 1)],
]


def _sep_ratio(c: int, c2: int, k: int) -> bool:
    dw = params(Conv2d(c, c, k, groups=c, bias=False))
    pw = params(Conv2d(c, c2, 1, bias=False))
    std = params(Conv2d(c, c2, k, bias=False))
    return math.isclose((dw + pw) / std, 1 / c2 + 1 / k**2)


def _grouped_macs(cin: int, cout: int, k: int, g: int, h: int) -> bool:
    x, w = torch.zeros(1, cin, h, h), torch.zeros(cout, cin // g, k, k)
    side = h - k + 1
    return flops_half(lambda: F.conv2d(x, w, groups=g)) == side * side * cout * cin * k * k


FICHE_CLAIMS = claims_of(FICHE, {
    "\\dfrac{H + 2P - K}{S} \\right\\rfloor": [grid(
        lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, _SIZES)],
    "$H' = H + 2P - DK + 1$": [grid(
        lambda h, k, p, d: conv_out(h, k, 1, p, d) == h + 2 * p - d * k + 1, _DIL)],
    "$K_{\\text{eff}} = D(K-1) + 1$": [grid(
        lambda k, d: conv_out(20, k, 1, 0, d) == 20 - (d * (k - 1) + 1) + 1,
        [(k, d) for k in (2, 3, 5) for d in (1, 2, 3)])],
    "$R_L = L(K - 1) + 1$": [grid(
        lambda n, k: receptive_field([(k, 1)] * n) == n * (k - 1) + 1,
        [(n, k) for n in (1, 2, 4) for k in (2, 3, 5)])],
    "\\prod_{i=1}^{\\ell-1} S_i$": [grid(_recursion, [(s,) for s in _STACKS]), None],
    "\\dfrac{S^{L+1} - S}{S - 1}": [grid(
        lambda n, k, s: receptive_field([(k, s)] * n)
        == 1 + (k - 1) * (s ** (n + 1) - s) // (s - 1),
        [(n, k, s) for n in (1, 2, 3) for k in (2, 3) for s in (2, 3)])],
    "$R = 2 \\cdot 2 + 1 = 5$": [equal(receptive_field([(3, 2), (3, 1)]), 2 * 2 + 1),
                                 equal(2 * 2 + 1, 5)],
    "$\\#\\theta = C_{out}(C_{in}K^2 + 1)$": [grid(
        lambda ci, co, k: params(Conv2d(ci, co, k)) == co * (ci * k * k + 1),
        [(1, 1, 1), (3, 8, 3), (16, 4, 5), (2, 7, 2)])],
    "$\\#\\theta = C(K^2 + 1)$": [grid(
        lambda c, k: params(Conv2d(c, c, k, groups=c)) == c * (k * k + 1),
        [(1, 3), (4, 3), (32, 5), (7, 2)])],
    "{G} + C_{out}$": [grid(
        lambda ci, co, k, g: params(Conv2d(ci, co, k, groups=g)) == ci * co * k * k // g + co,
        [(4, 6, 3, 2), (8, 8, 3, 4), (6, 9, 5, 3), (12, 4, 1, 4)])],
    "64 \\cdot 32 \\cdot 25 + 1 = 51\\,201": [
        equal(params(Conv2d(32, 64, 5)), 64 * 32 * 25 + 1), equal(64 * 32 * 25 + 1, 51_201)],
    "\\dfrac{32 \\cdot 64 \\cdot 9}{4} = 4608": [
        equal(params(Conv2d(32, 64, 3, groups=4)), 32 * 64 * 9 / 4), equal(32 * 64 * 9 / 4, 4608)],
    "\\dfrac{1}{C'} + \\dfrac{1}{K^2}": [grid(_sep_ratio, [(3, 8, 3), (16, 32, 3), (8, 4, 5)])],
    "$\\text{MAC} = H'W'": [
        grid(_grouped_macs, [(4, 8, 3, 2, 6), (8, 8, 3, 4, 5), (6, 9, 1, 3, 4)])],
})  # fmt: skip


# --- qa_thread_softmax_ce_after_gap.md: A (8, 7, 7), GAP, z = V g + b with V (10, 8), softmax,
# L = -log p_y; a batch of N = 4 with the mean loss; a temperature T = 2.5; the toy z = (2, 1, 0)
# with the first class the label

QA = "qa_thread_softmax_ce_after_gap"


def _head(r: np.random.Generator, n: int = 1, temp: float = 1.0) -> dict:
    a, v, b = r.normal(size=(n, 8, 7, 7)), r.normal(size=(10, 8)), r.normal(size=10)
    y = r.integers(0, 10, size=n)
    at_, vt, bt = t64(a, True), t64(v, True), t64(b, True)
    g = at_.mean(dim=(2, 3))
    g.retain_grad()
    z = g @ vt.T + bt
    z.retain_grad()
    F.cross_entropy(z / temp, torch.tensor(y), reduction="mean").backward()
    p = torch.softmax(z.detach() / temp, dim=1).numpy()
    e = np.eye(10)[y]
    out = {"A": a, "V": v, "g": g.detach().numpy(), "p": p, "e": e, "dA": at_.grad.numpy(),
           "dV": vt.grad.numpy(), "db": bt.grad.numpy(), "dg": g.grad.numpy(),
           "dz": z.grad.numpy()}  # fmt: skip
    return out


def _qa(rel: Callable[[dict], bool], seed: int, **kw: object) -> Truth:
    return trials(lambda r: rel(_head(r, **kw)), seed)


def _toy() -> dict:
    z = t64([[2.0, 1.0, 0.0]], True)
    loss = F.cross_entropy(z, torch.tensor([0]))
    loss.backward()
    return {"p": torch.softmax(z.detach(), 1).numpy()[0], "dz": z.grad.numpy()[0],
            "L": float(loss.detach())}  # fmt: skip


QA_CLAIMS = claims_of(QA, {
    "$$g_c = \\frac{1}{HW}": [None, None, None, None],
    "I got $\\frac{\\partial L}{\\partial \\mathbf{g}} = V(": [
        _qa(lambda v: same(v["dg"][0], v["V"] @ (v["p"] - v["e"])[0]), 400)],
    "$\\frac{\\partial L}{\\partial z_k} = p_k - \\mathbb{1}[k = y]$, i.e.": [
        _qa(lambda v: same(v["dz"], v["p"] - v["e"]), 410)],
    "\\frac{\\partial L}{\\partial z_k} = 0$": [_qa(lambda v: abs(v["dz"].sum()) < 1e-12, 420)],
    "(\\mathbf{p} - \\mathbf{e}_y)\\,\\mathbf{g}^{\\top}$": [
        _qa(lambda v: same(v["dV"], np.outer((v["p"] - v["e"])[0], v["g"][0])), 430)],
    "\\partial \\mathbf{b}} = \\mathbf{p} - \\mathbf{e}_y$": [
        _qa(lambda v: same(v["db"], (v["p"] - v["e"])[0]), 440)],
    "= V^{\\top}(\\mathbf{p} - \\mathbf{e}_y)$": [
        _qa(lambda v: same(v["dg"][0], v["V"].T @ (v["p"] - v["e"])[0]), 450)],
    "= \\frac{1}{HW}\\,\\frac{\\partial L}{\\partial g_c}$": [
        _qa(lambda v: same(v["dA"], np.broadcast_to(v["dg"][:, :, None, None] / 49, v["dA"].shape)),
            460)],
    "$8 \\cdot 10 + 10 = 90$": [checks(lambda: params(torch.nn.Linear(8, 10)) == 90,
                                      lambda: 8 * 10 + 10 == 90)],
    "= p_k(1 - p_k),$$": [_qa(lambda v: same(v["dz"], v["p"] * (1 - v["p"])), 470)],
    "\\partial A_{c,i,j}} = \\frac{\\partial L}{\\partial g_c}$": [
        _qa(lambda v: same(v["dA"], np.broadcast_to(v["dg"][:, :, None, None], v["dA"].shape)),
            480)],
    "$p_1 \\approx 0.665$": [None, None, lambda: [near(_toy()["p"][0], 0.665)]],
    "(-0.335,\\ 0.245,\\ 0.090)": [
        lambda: [all(near(a, b) for a, b in zip(_toy()["dz"], (-0.335, 0.245, 0.090),
                                                strict=True))]],
    "$L = -\\log 0.665 \\approx 0.176$": [
        lambda: [near(_toy()["L"], -math.log(0.665))],
        lambda: [near(-math.log(0.665), 0.176) or near(-math.log10(0.665), 0.176)]],
    "$L = \\frac{1}{N}\\sum_{n=1}^{N} \\ell_n$": [None],
    "$$\\frac{\\partial L}{\\partial V} = \\frac{1}{N}": [_qa(lambda v: same(
        v["dV"], sum(np.outer(v["p"][n] - v["e"][n], v["g"][n]) for n in range(4)) / 4), 490,
        n=4)],
    "\\sum_{n=1}^{N} (\\mathbf{p}_n - \\mathbf{e}_{y_n})$": [
        _qa(lambda v: same(v["db"], (v["p"] - v["e"]).sum(axis=0)), 500, n=4)],
    "$\\mathbf{p} = \\operatorname{softmax}(\\mathbf{z}/T)$": [None],
    "= T\\,(p_k - \\mathbb{1}[k = y])$": [
        _qa(lambda v: same(v["dz"], 2.5 * (v["p"] - v["e"])), 510, temp=2.5)],
})  # fmt: skip


# --- lista_exercicios_conv_3canais_2filtros.md (Portuguese): nn.Conv2d(3, 2, 2), stride 1, no
# padding, the note's X (3 channels, 3x3) and G (2 filters, 2x2), 1-based; the channel-1 slices
# of the weights given in Exercise 4, the other slices random (they do not matter)

LISTA = "lista_exercicios_conv_3canais_2filtros"
LX = np.array([[[1.0, 0, 2], [0, 1, 1], [2, 1, 0]], [[0.0, 1, 0], [1, 2, 1], [0, 1, 0]],
               [[1.0, 1, 0], [0, 0, 1], [1, 0, 1]]])  # fmt: skip
LG = np.array([[[1.0, 0], [0, -1]], [[2.0, 1], [0, 1]]])
LW1 = np.array([[[1.0, 2], [0, 1]], [[0.0, 1], [1, 0]]])  # W^(1)_1, W^(2)_1


def _lista(x: np.ndarray, g: np.ndarray, w: np.ndarray) -> dict:
    return conv(x[None], w, np.zeros(2), g[None])


def _lista_note(seed: int = 600) -> dict:
    w = np.random.default_rng(seed).normal(size=(2, 3, 2, 2))
    w[:, 0] = LW1
    return _lista(LX, LG, w)


def _lr(rel: Callable[[dict], bool], seed: int) -> Truth:
    def draw(r: np.random.Generator) -> dict:
        x, g, w = r.normal(size=(3, 3, 3)), r.normal(size=(2, 2, 2)), r.normal(size=(2, 3, 2, 2))
        return {"x": x, "g": g, "w": w, **_lista(x, g, w)}

    return trials(lambda r: rel(draw(r)), seed)


def _lista_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]  # 1-based: x^(c)_{i+u-1, j+v-1} is x[c, i+u-2, j+v-2]
    rhs = [[[[sum(g[f, i - 1, j - 1] * at(x, c, i + u - 2, j + s - 2) for i in (1, 2)
                  for j in (1, 2)) for s in (1, 2)] for u in (1, 2)] for c in range(3)]
           for f in range(2)]  # fmt: skip
    return same(v["dw"], rhs)


def _lista_dx(v: dict) -> bool:
    rhs = sum(corr(pad(v["g"][f], 1), rot180(v["w"][f, 0])) for f in range(2))
    return same(v["dx"][0, 0], rhs)


def _lista_mean_bias(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(3, 3, 3, 3)), r.normal(size=(2, 3, 2, 2)), r.normal(size=(3, 2, 2, 2))
    bt = t64(np.zeros(2), True)
    (F.conv2d(t64(x), t64(w), bt) * t64(g)).sum(dim=(1, 2, 3)).mean().backward()
    return same(bt.grad.numpy(), g.sum(axis=(0, 2, 3)))


def _dw_is(f: int, c: int, value: list) -> Truth:
    return lambda: [same(_lista_note()["dw"][f, c], value)]


LISTA_CLAIMS = claims_of(LISTA, {
    "$$X_1 = \\begin{bmatrix}": [None],
    "X_2 = \\begin{bmatrix}": [None],
    "X_3 = \\begin{bmatrix}": [None],
    "$$G^{(1)} = \\frac{\\partial L}": [None, None],
    "G^{(2)} = \\frac{\\partial L}": [None, None],
    "tem lado $3 - 2 + 1 = 2$": [checks(lambda: conv_out(3, 2) == 2, lambda: 3 - 2 + 1 == 2)],
    "$\\#\\theta = 2 \\cdot 3 \\cdot 2 \\cdot 2 + 3 = 27$": [
        equal(params(Conv2d(3, 2, 2)), 2 * 3 * 2 * 2 + 3), equal(2 * 3 * 2 * 2 + 3, 27)],
    "\\partial w^{(f)}_{c,uv}} = \\sum_{i=1}^{2}": [_lr(_lista_dw, 610)],
    "X_c \\star \\operatorname{rot}_{180}(G^{(f)})": [_lr(lambda v: all(
        same(v["dw"][f, c], corr(v["x"][c], rot180(v["g"][f]))) for f in range(2)
        for c in range(3)), 620)],
    "\\partial W^{(1)}_1} = \\begin{bmatrix}": [_dw_is(0, 0, [[0, -1], [-1, 1]])],
    "\\partial W^{(1)}_2} = \\begin{bmatrix}": [_dw_is(0, 1, [[-2, 0], [0, 2]])],
    "\\partial W^{(1)}_3} = \\begin{bmatrix}": [_dw_is(0, 2, [[1, 0], [0, -1]])],
    "\\partial W^{(2)}_1} = \\begin{bmatrix}": [_dw_is(1, 0, [[3, 3], [2, 3]])],
    "\\partial W^{(2)}_2} = \\begin{bmatrix}": [_dw_is(1, 1, [[3, 3], [5, 5]])],
    "\\partial W^{(2)}_3} = \\begin{bmatrix}": [_dw_is(1, 2, [[3, 3], [1, 2]])],
    "1 + 0 + 0 - 1 = 0$": [equal(_lista_note()["db"][0], 1 + 0 + 0 - 1), equal(1 + 0 + 0 - 1, 0)],
    "$\\frac{\\partial L}{\\partial b_2} = 3 \\cdot 4 = 12$": [
        equal(_lista_note()["db"][1], 3 * 4), equal(3 * 4, 12)],
    "$W^{(1)}_1 = \\begin{bmatrix}": [None],
    "$W^{(2)}_1 = \\begin{bmatrix}": [None],
    "\\sum_{f=1}^{2} \\operatorname{pad}_1(G^{(f)})": [_lr(_lista_dx, 630)],
    "\\begin{bmatrix} 1 & 2 & 0 \\\\ 0 & 0 & -2": [lambda: [
        same(_lista_note()["dx"][0, 0], [[1, 2, 0], [0, 0, -2], [0, 0, -1]])]],
    "perda média $L = \\frac{1}{N}": [None],
    "\\partial b_f} = \\sum_{n=1}^{N}": [trials(_lista_mean_bias, 640)],
})  # fmt: skip

NOTES_B: Claims = {**FICHE_CLAIMS, **QA_CLAIMS, **LISTA_CLAIMS}
