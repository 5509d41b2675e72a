"""Independent truth for the fresh30 unseen set, second part: the notes
resumo_tabela_tamanhos_parametros and td5_correction_dense_softmax_lot (conventions as in
unseen_fresh30_truth.py).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh30_truth import SIZES, Claims, claims_of, flops_half, grid, pool_out
from unseen_truth_base import (
    Truth,
    at,
    conv_out,
    equal,
    params,
    same,
    single,
    t64,
    tconv_out,
    trials,
)

# --- resumo_tabela_tamanhos_parametros.md: the network of the table, 3x64x64 input


RES = "resumo_tabela_tamanhos_parametros"


def _net() -> torch.nn.Sequential:
    """C1, P1, C2, C3 of the table (GAP and FC follow in _res_gap / params)."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 3, stride=1, padding=1),
        torch.nn.MaxPool2d(2, 2),
        torch.nn.Conv2d(16, 32, 3, stride=2, padding=1),
        torch.nn.Conv2d(32, 32, 1),
    ).double()


def _full_net() -> torch.nn.Sequential:
    return torch.nn.Sequential(*_net(), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
                               torch.nn.Linear(32, 10))  # fmt: skip


def _c2_side() -> int:
    return int(_net()[:3](torch.zeros(1, 3, 64, 64, dtype=torch.float64)).shape[-1])


def _size_rule(h: int, k: int, s: int, p: int) -> bool:
    rule = (h + 2 * p - k) // s + 1
    pool_ok = 2 * p > k or pool_out(h, k, s, p) == rule  # torch pools need p <= k/2
    return conv_out(h, k, s, p) == rule and pool_ok


def _res_gap(r: np.random.Generator) -> bool:
    """dL/da at the map before GAP against (1/(17*17)) dL/dz_c."""
    a = t64(r.normal(size=(1, 32, _c2_side(), _c2_side())), True)
    h = r.normal(size=32)
    (a.mean(dim=(2, 3))[0] * t64(h)).sum().backward()
    return same(a.grad.numpy(), np.broadcast_to((h / (17 * 17))[None, :, None, None],
                                                a.shape))  # fmt: skip


RES_CLAIMS = claims_of(RES, {
    "- Convolução (pooling também": [grid(_size_rule, SIZES)],
    "- Parâmetros de uma Conv2d": [grid(lambda ci, co, k: params(torch.nn.Conv2d(ci, co, k))
                                        == k * k * ci * co + co,
                                        [(1, 1, 1), (3, 16, 3), (16, 32, 5)])],
    "- Convolução transposta": [
        grid(lambda h, k, s, p: tconv_out(h, k, s, p) == (h - 1) * s + 2 * p + k,
             [(h, k, s, p) for h, k, s, p in itertools.product((3, 5, 8), (2, 3, 4), (1, 2, 3),
                                                               (0, 1)) if 2 * p < k])],
    "$H_{C1} = 64$": [equal(conv_out(64, 3, 1, 1), 64),
               equal(params(torch.nn.Conv2d(3, 16, 3)), 3 * 3 * 16 + 16),
               equal(3 * 3 * 16 + 16, 160)],
    "$H_{C2} = ": [equal(_c2_side(), math.ceil((32 + 2 - 3) / 2) + 1),
               equal(math.ceil((32 + 2 - 3) / 2) + 1, 17),
               equal(params(torch.nn.Conv2d(16, 32, 3)), 4640)],
    "$P_{FC} = 320$": [equal(params(torch.nn.Linear(32, 10)), 320)],
    "Total: $P_{total}": [equal(params(_full_net()), 160 + 4640 + 1056 + 320),
                          equal(160 + 4640 + 1056 + 320, 6176)],
    "- Multiplicações de C1": [
        equal(flops_half(lambda: F.conv2d(torch.zeros(1, 3, 64, 64), torch.zeros(16, 3, 3, 3),
                                          padding=1)), 1_769_472)],
    "- A GAP divide": [trials(_res_gap, 700)],
    "- Se C2 tivesse": [lambda: [conv_out(32, 3, 2, 1, 2) == (32 + 2 - 5) // 2 + 1 == 15]],
    "- Uma ConvTranspose2d": [
        lambda: [tconv_out(16, 4, 2, 1) == (16 - 1) * 2 - 2 + 4 == 32],
        lambda: [params(torch.nn.ConvTranspose2d(32, 16, 4)) == 32 * 16 * 16 + 16 == 8208]],
})  # fmt: skip


# --- td5_correction_dense_softmax_lot.md: Z = XW + b, X 4x5, W 5x3, b 1x3, mean CE, 1-based

TD = "td5_correction_dense_softmax_lot"


def _td(r: np.random.Generator, reduction: str = "mean") -> dict:
    x, w, b = r.normal(size=(4, 5)), r.normal(size=(5, 3)), r.normal(size=(1, 3))
    labels = r.integers(0, 3, size=4)
    y = np.eye(3)[labels]
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    z = xt @ wt + bt
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(labels), reduction=reduction).backward()
    p = torch.softmax(z, dim=1).detach().numpy()
    return {"x": x, "w": w, "y": y, "p": p, "dz": z.grad.numpy(), "dw": wt.grad.numpy(),
            "db": bt.grad.numpy(), "dx": xt.grad.numpy()}  # fmt: skip


def _tt(rel: Callable[[dict], bool], seed: int, reduction: str = "mean") -> Truth:
    return trials(lambda r: rel(_td(r, reduction)), seed)


def _jacobian(r: np.random.Generator) -> bool:
    z = r.normal(size=3)
    jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), t64(z)).numpy()
    p = np.exp(z) / np.exp(z).sum()
    return same(jac, [[p[k] * ((k == j) - p[j]) for j in range(3)] for k in range(3)])


def _td_dx_entry(v: dict) -> bool:
    d, w = v["p"] - v["y"], v["w"]  # 1-based W_{ki} read as w[k-1, i-1]
    rhs = [[sum(d[n, k] * at(w, k, i) for k in range(3)) / 4 for i in range(5)]
           for n in range(4)]  # fmt: skip
    return same(v["dx"], rhs)


_Z0 = np.array([2.0, 1.0, 0.0])
_P0 = torch.softmax(t64(_Z0), 0).numpy()
_J0 = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), t64(_Z0)).numpy()
TD_CLAIMS = claims_of(TD, {
    "$$L = -\\frac{1}{N}": [None],
    "(\\delta_{kj} - P_{nj})$$": [trials(_jacobian, 800)],
    "**1.b**": [None],
    "\\partial Z} = \\frac{1}{N} (P - Y)$$": [
        _tt(lambda v: same(v["dz"], (v["p"] - v["y"]) / 4), 810)],
    "**1.c**": [None],
    "\\frac{1}{N} (P - Y) W^\\top.$$": [
        _tt(lambda v: same(v["dw"], v["x"].T @ (v["p"] - v["y"]) / 4), 820),
        _tt(lambda v: same(v["db"], np.ones((1, 4)) @ (v["p"] - v["y"]) / 4), 830),
        _tt(lambda v: same(v["dx"], (v["p"] - v["y"]) @ v["w"].T / 4), 840)],
    "\\, W_{ki}$$": [_tt(_td_dx_entry, 850)],
    "**Remarques sur les copies.**": [
        _tt(lambda v: same(v["dw"], (v["p"] - v["y"]).T @ v["x"] / 4), 860),
        _tt(lambda v: same(v["dx"], v["w"] @ (v["p"] - v["y"]).T / 4), 870)],
    "Si l'on remplace la moyenne": [None],
    "\\partial Z} = P - Y,": [
        _tt(lambda v: same(v["dz"], v["p"] - v["y"]), 880, "sum"),
        _tt(lambda v: same(v["db"], np.ones((1, 4)) @ (v["p"] - v["y"])), 890, "sum")],
    "En revanche, pour les poids": [
        _tt(lambda v: same(v["dw"], v["x"].T @ (v["p"] - v["y"]) / 4), 900, "sum")],
    "Pour un exemple avec": [None] * 4,
    "\\ell \\approx 0.408": [single(lambda: np.allclose(np.round(_P0, 3), [0.665, 0.245, 0.09])),
                             single(lambda: round(-math.log(_P0[0]), 3) == 0.408)],
    "Terme croisé": [single(lambda: math.isclose(_J0[0, 1], _P0[0] * _P0[1])),
                     single(lambda: round(0.665 * 0.245, 3) == 0.163)],
    "Le gradient par rapport au biais": [
        _tt(lambda v: math.isclose(v["db"].sum(), 0.0, abs_tol=1e-12), 910)],
    "Enfin, la couche a": [equal(params(torch.nn.Linear(5, 3)), 5 * 3), equal(5 * 3, 15)],
})  # fmt: skip

NOTES_B: Claims = {**RES_CLAIMS, **TD_CLAIMS}
