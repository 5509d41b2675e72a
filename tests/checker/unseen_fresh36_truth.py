"""Independent truth for the fresh36 unseen set (tests/data/check/unseen/fresh36/): the notes
colab_cifar_sequential_backward_by_hand, apuntes_tema7_convolucion_transpuesta,
apunts_convolucio_dilatada_retropropagacio and review_pr_57_depthwise_separable_numpy_backward.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. Lines are found from an anchor (a piece of the line, unique in
the note); a None holds the rank of a keyed non-claim. A side that reads an entry outside a
tensor (IndexError) or multiplies matrices of mismatched shapes (ValueError) disagrees, and so
does a side of the wrong shape. A link between two written numbers is judged as arithmetic; a
size or count named on the left must equal the true one. The other three notes live in
unseen_fresh36_truth_b.py; truth_table merges both.
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
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh36"
Conv2d = torch.nn.Conv2d


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- colab_cifar_sequential_backward_by_hand.md: N 64, 3 x 32 x 32 -> conv 16@3x3 p1 -> ReLU ->
# maxpool 2 -> conv 32@3x3 s2 p1 -> ReLU -> flatten 2048 -> Linear(2048, 10); mean cross-entropy

COLAB = "colab_cifar_sequential_backward_by_hand"
N = 64


def _colab_sides() -> tuple[int, int]:
    """Spatial sides after conv1 and after conv2, from the model of the listing."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        Conv2d(3, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        Conv2d(16, 32, 3, stride=2, padding=1), torch.nn.ReLU(),
    ).double()  # fmt: skip
    x = torch.zeros(1, 3, 32, 32, dtype=F64)
    return int(model[0](x).shape[-1]), int(model(x).shape[-1])


def _fc(r: np.random.Generator) -> dict:
    """fc in the row form Z = H W^T + 1 b^T with the mean cross-entropy of the listing."""
    h, w, b = r.normal(size=(N, 2048)), r.normal(size=(10, 2048)) * 0.02, r.normal(size=10)
    labels = r.integers(0, 10, size=N)
    ht, wt, bt = t64(h, True), t64(w, True), t64(b, True)
    z = ht @ wt.T + bt
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(labels)).backward()
    y = np.eye(10)[labels]
    s = torch.softmax(z.detach(), dim=1).numpy()
    return {"h": h, "w": w, "y": y, "s": s, "delta": z.grad.numpy(), "dh": ht.grad.numpy(),
            "dw": wt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _fc_t(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_fc(r)), seed)


def _relu(r: np.random.Generator) -> dict:
    z, g = r.normal(size=(4, 16, 32, 32)), r.normal(size=(4, 16, 32, 32))
    zt = t64(z, True)
    a = torch.relu(zt)
    (a * t64(g)).sum().backward()
    return {"z": z, "a": a.detach().numpy(), "g": g, "dz": zt.grad.numpy()}


def _pool_quarter(r: np.random.Generator) -> bool:
    a, g = r.normal(size=(N, 16, 32, 32)), r.normal(size=(N, 16, 16, 16))
    at_ = t64(a, True)
    (F.max_pool2d(at_, 2) * t64(g)).sum().backward()
    rhs = np.zeros_like(a)
    for u in range(2):
        for v in range(2):
            rhs[:, :, u::2, v::2] = g / 4
    return same(at_.grad.numpy(), rhs)


def _conv2(r: np.random.Generator) -> dict:
    p1, w, b = r.normal(size=(N, 16, 16, 16)), r.normal(size=(32, 16, 3, 3)), r.normal(size=32)
    g = r.normal(size=(N, 32, 8, 8))
    return {"p1": p1, "pp": np.pad(p1, ((0, 0), (0, 0), (1, 1), (1, 1))), "g": g,
            **conv(p1, w, b, g, stride=2, padding=1)}  # fmt: skip


def _conv2_dw_unstrided(v: dict) -> bool:
    g, pp = v["g"], v["pp"]
    rhs = np.zeros((32, 16, 3, 3))
    for u in range(3):
        for w_ in range(3):
            rhs[:, :, u, w_] = np.einsum("nfij,ncij->fc", g, pp[:, :, u : u + 8, w_ : w_ + 8])
    return same(v["dw"], rhs)


_SIDE1, _SIDE2 = _colab_sides()
_CONV2_PARAMS = params(Conv2d(16, 32, 3, stride=2, padding=1))

COLAB_CLAIMS = claims_of(COLAB, {
    "conv1 keeps the side": [equal(_SIDE1, (32 + 2 * 1 - 3) // 1 + 1),
                             equal((32 + 2 * 1 - 3) // 1 + 1, 32)],
    "conv2 halves the side": [equal(_SIDE2, (16 + 2 * 1 - 3) // 2 + 1),
                              equal((16 + 2 * 1 - 3) // 2 + 1, 8)],
    "Parameters of conv2": [equal(_CONV2_PARAMS, 32 * 16 * 3 * 3), equal(32 * 16 * 3 * 3, 4608)],
    "Parameters of fc": [equal(params(torch.nn.Linear(2048, 10)), 2048 * 10 + 10),
                         equal(2048 * 10 + 10, 20490)],
    "Because `CrossEntropyLoss` is the sample mean": [
        _fc_t(lambda v: same(v["delta"], v["s"] - v["y"]), 3600)],
    "Then $\\frac{\\partial L}{\\partial W} = \\Delta^\\top H$": [
        _fc_t(lambda v: same(v["dw"], v["delta"].T @ v["h"]), 3610),
        _fc_t(lambda v: same(v["db"], v["delta"].T @ np.ones(N)), 3620)],
    "For the layer below I need": [_fc_t(lambda v: same(v["dh"], v["delta"] @ v["w"].T), 3630)],
    "After conv2 the ReLU passes": [
        trials(lambda r: (lambda v: same(v["dz"], v["g"] * (v["z"] > 0)))(_relu(r)), 3640)],
    "For conv1 I wrote it in terms": [
        trials(lambda r: (lambda v: same(v["dz"], v["g"] * v["a"]))(_relu(r)), 3650)],
    "\\frac{1}{4} \\frac{\\partial L}{\\partial P_1}": [trials(_pool_quarter, 3660)],
    "\\frac{\\partial L}{\\partial b_2}[f]": [
        trials(lambda r: (lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))))(_conv2(r)), 3670)],
    "\\frac{\\partial L}{\\partial W_2}[f, c, u, v]": [
        trials(lambda r: _conv2_dw_unstrided(_conv2(r)), 3680)],
})  # fmt: skip


# --- apuntes_tema7_convolucion_transpuesta.md: 1-D x = (1, 2, -1), w = (1, 0, 2), stride 2,
# g = (1, -1, 2, 0, 1, 1, -1), 0-based; 2-D sizes and parameters of nn.ConvTranspose2d

APUNTES = "apuntes_tema7_convolucion_transpuesta"
X1, W1, G1 = np.array([1.0, 2, -1]), np.array([1.0, 0, 2]), np.array([1.0, -1, 2, 0, 1, 1, -1])


def _tconv1(x: np.ndarray, w: np.ndarray, g: np.ndarray, s: int) -> dict:
    """torch conv_transpose1d forward and the gradients of sum(y * g)."""
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv_transpose1d(xt, wt, stride=s)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0],
            "dw": wt.grad.numpy()[0, 0]}  # fmt: skip


def _tc_random(rel: Callable[[np.ndarray, np.ndarray, np.ndarray, int, dict], bool],
               seed: int) -> Truth:  # fmt: skip
    """n 3, k 3, s 2 (the example's sizes) and n 5, k 4, s 3."""

    def check(r: np.random.Generator) -> bool:
        out = []
        for n, k, s in ((3, 3, 2), (5, 4, 3)):
            x, w, g = r.normal(size=n), r.normal(size=k), r.normal(size=(n - 1) * s + k)
            out.append(rel(x, w, g, s, _tconv1(x, w, g, s)))
        return all(out)

    return trials(check, seed)


def _tc_len(n: int, k: int, s: int) -> int:
    y = F.conv_transpose1d(torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                           stride=s)  # fmt: skip
    return int(y.shape[-1])


_EX = _tconv1(X1, W1, G1, 2)
_TC_SIZES = [(h, k, s, p, a, d) for h in (5, 16) for k in (3, 4) for s in (1, 2, 3)
             for p in (0, 1) for d in (1, 2) for a in range(max(s, d))]  # fmt: skip

APUNTES_CLAIMS = claims_of(APUNTES, {
    "La salida tiene longitud $L_{out}": [grid(lambda n, k, s: _tc_len(n, k, s) == (n - 1) * s + k,
                                             [(3, 3, 2), (5, 2, 3), (4, 5, 1), (6, 3, 4)])],
    "**Ejemplo.** Con $x": [None, None, single(lambda: math.isclose(_EX["y"][4], 2 * 2 + (-1) * 1)),
                           equal(2 * 2 + (-1) * 1, 3)],
    "$$y = \\operatorname{pad}_{k-1}": [_tc_random(
        lambda x, w, g, s, t: same(t["y"], corr1(np.pad(dilate1(x, s), len(w) - 1), w[::-1])),
        3700)],
    "\\frac{\\partial L}{\\partial x_i} = \\sum_{u=0}^{k-1}": [_tc_random(
        lambda x, w, g, s, t: same(t["dx"], [sum(g[s * i + u] * w[u] for u in range(len(w)))
                                              for i in range(len(x))]), 3710)],
    "$$\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_{k-1}(g)": [_tc_random(
        lambda x, w, g, s, t: same(t["dx"], corr1(np.pad(g, len(w) - 1), w[::-1])), 3720)],
    "\\frac{\\partial L}{\\partial w_u} = \\sum_{i=0}^{n-1}": [_tc_random(
        lambda x, w, g, s, t: same(t["dw"], [sum(x[i] * g[s * i + u] for i in range(len(x)))
                                              for u in range(len(w))]), 3730)],
    "y en forma de operador": [_tc_random(lambda x, w, g, s, t: same(t["dw"], corr1(g, x)), 3740)],
    "**Ejemplo (continuación).**": [None, single(lambda: same(_EX["dx"], [5, 4, -1])),
                                    single(lambda: same(_EX["dw"], [4, -2, 3]))],
    "Para lado $H$ la fórmula general": [grid(
        lambda h, k, s, p, a, d: tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1)
        + a + 1, _TC_SIZES)],
    "La capa típica de un decodificador": [equal(tconv_out(16, 4, 2, 1), (16 - 1) * 2 - 2 * 1 + 4),
                                           equal((16 - 1) * 2 - 2 * 1 + 4, 32)],
    "Con núcleo 3, paso 2 y relleno 1": [grid(lambda h: tconv_out(h, 3, 2, 1) == 2 * h,
                                              [(4,), (7,), (16,), (32,)])],
    "Sus parámetros: el peso": [
        equal(params(torch.nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1)),
              64 * 32 * 4 * 4 + 64), equal(64 * 32 * 4 * 4 + 64, 32832)],
    "Con dilatación: `nn.ConvTranspose2d(8, 8": [equal(tconv_out(10, 3, 1, 0, 0, 2), 10 - 1 + 3),
                                                 equal(10 - 1 + 3, 12)],
})  # fmt: skip


# --- apunts_convolucio_dilatada_retropropagacio.md: 2-D x 9 x 9, k 3, d 2, stride 1, no padding,
# 0-based functional x[i,j]; 1-D x = (1, 2, 0, -1, 3, 1), w = (2, -1), d 3, delta = (1, 0, 2)

APUNTS = "apunts_convolucio_dilatada_retropropagacio"


def k_eff(k: int, d: int) -> int:
    """The side of the smallest input a k x k kernel with dilation d fits (one output)."""
    return next(h for h in range(1, 100) if _fits(h, k, d))


def _fits(h: int, k: int, d: int) -> bool:
    try:
        return conv_out(h, k, d=d) >= 1
    except RuntimeError:
        return False


def _dil(r: np.random.Generator) -> dict:
    x, w, b, g = r.normal(size=(9, 9)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(5, 5))
    t = conv(x[None, None], w[None, None], np.array([b]), g[None, None], dilation=2)
    return {"x": x, "w": w, "g": g, "dx": t["dx"][0, 0], "dw": t["dw"][0, 0], "db": t["db"][0]}


def _dl(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_dil(r)), seed)


def _dl_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [[sum(g[i, j] * x[i + 2 * u, j + 2 * w_] for i in range(5) for j in range(5))
            for w_ in range(3)] for u in range(3)]  # fmt: skip
    return same(v["dw"], rhs)


def _dil1() -> dict:
    x, w, g = np.array([1.0, 2, 0, -1, 3, 1]), np.array([2.0, -1]), np.array([1.0, 0, 2])
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv1d(xt, wt, dilation=3)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0],
            "dw": wt.grad.numpy()[0, 0]}  # fmt: skip


def rf_dilated(layers: list[tuple[int, int]]) -> int:
    """Support of one output of a stack of 1-D convs (kernel, dilation), all-ones weights, by
    autograd."""
    x = torch.zeros(1, 1, 200, dtype=F64, requires_grad=True)
    y = x
    for k, d in layers:
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=F64), dilation=d)
    y[0, 0, y.shape[-1] // 2].backward()
    hit = np.nonzero(x.grad.numpy()[0, 0])[0]
    return int(hit[-1] - hit[0] + 1)


_D1 = _dil1()
_DIL_SIZES = [(h, k, s, p, d) for h in (9, 10, 17) for k in (2, 3) for s in (1, 2, 3)
              for p in (0, 1) for d in (1, 2, 3)]  # fmt: skip

APUNTS_CLAIMS = claims_of(APUNTS, {
    "per a un nucli de 3 amb dilatació 2": [equal(k_eff(3, 2), 2 * 2 + 1), equal(2 * 2 + 1, 5)],
    "\\left\\lfloor \\frac{H + 2p - d(k-1) - 1}{s}": [grid(
        lambda h, k, s, p, d: conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1,
        _DIL_SIZES)],
    "Per exemple, amb $H = 10$": [None, None, None,
                                  equal(conv_out(10, 3, 2, 0, 2), math.ceil((10 - 5) / 2) + 1),
                                  equal(math.ceil((10 - 5) / 2) + 1, 4)],
    "\\delta[i,j]\\, x[i + 2u,\\, j + 2v]": [_dl(_dl_dw, 3800)],
    "i el del biaix és": [_dl(lambda v: math.isclose(v["db"], v["g"].sum(), abs_tol=1e-12), 3810)],
    "$$\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_{4}(\\delta) \\star "
    "\\operatorname{rot180}(\\operatorname{dilate}_2(w))$$": [
        _dl(lambda v: same(v["dx"], corr(pad(v["g"], 4), rot180(dilate(v["w"], 2)))), 3820)],
    "A les transparències de l'any passat": [
        _dl(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(dilate(v["w"], 2)))), 3830)],
    "$$\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_{4}(\\delta) \\star "
    "\\operatorname{rot180}(w)$$": [
        _dl(lambda v: same(v["dx"], corr(pad(v["g"], 4), rot180(v["w"]))), 3840)],
    "$$y = (3, 1, -1)$$": [single(lambda: same(_D1["y"], [3, 1, -1]))],
    "\\partial w} = (1, 0)$$": [single(lambda: same(_D1["dw"], [1, 0]))],
    "(2, 0, 4, -1, 0, -2)": [single(lambda: same(_D1["dx"], [2, 0, 4, -1, 0, -2]))],
    "Dues capes $3 \\times 3$ amb $d = 2$": [None, equal(rf_dilated([(3, 2), (3, 2)]), 5 + 5),
                                          equal(5 + 5, 10)],
    "La dilatació no és gratis": [equal(params(Conv2d(16, 16, 3, dilation=2)),
                                        16 * 16 * 5 * 5 + 16), equal(16 * 16 * 5 * 5 + 16, 6416)],
})  # fmt: skip


# --- review_pr_57_depthwise_separable_numpy_backward.md: Keras, channels last; 56 x 56 x 32,
# DepthwiseConv2D 3 x 3 stride 2 "same" (TF pads one row / column at the bottom / right) with
# bias, Conv2D(64, 1) with bias; the backward test: depthwise stride 1 "valid", X (N, H, H, 32)

REVIEW = "review_pr_57_depthwise_separable_numpy_backward"
RN, RH = 2, 7  # the test's batch and side (any: the claims are written for every N and H)


def _same_s2() -> torch.Tensor:
    return F.pad(torch.zeros(1, 32, 56, 56, dtype=F64), (0, 1, 0, 1))


def _dw_side() -> int:
    return int(F.conv2d(_same_s2(), torch.zeros(32, 1, 3, 3, dtype=F64), stride=2,
                        groups=32).shape[-1])  # fmt: skip


def _dw_macs() -> int:
    w = torch.zeros(32, 1, 3, 3, dtype=F64)
    return flops_half(lambda: F.conv2d(_same_s2(), w, stride=2, groups=32))


def _pw_macs() -> int:
    h, v = torch.zeros(1, 32, 28, 28, dtype=F64), torch.zeros(64, 32, 1, 1, dtype=F64)
    return flops_half(lambda: F.conv2d(h, v))


def _depthwise(r: np.random.Generator) -> dict:
    """Channels-last X (N, H, H, 32), K (3, 3, 32), b (32,), delta (N, H-2, H-2, 32)."""
    x, k, b = r.normal(size=(RN, RH, RH, 32)), r.normal(size=(3, 3, 32)), r.normal(size=32)
    g = r.normal(size=(RN, RH - 2, RH - 2, 32))
    xt, kt, bt = t64(x.transpose(0, 3, 1, 2), True), t64(k.transpose(2, 0, 1)[:, None], True), \
        t64(b, True)  # fmt: skip
    (F.conv2d(xt, kt, bt, groups=32) * t64(g.transpose(0, 3, 1, 2))).sum().backward()
    return {"x": x, "k": k, "g": g, "dx": xt.grad.numpy().transpose(0, 2, 3, 1),
            "dk": kt.grad.numpy()[:, 0].transpose(1, 2, 0), "db": bt.grad.numpy()}  # fmt: skip


def _dp(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_depthwise(r)), seed)


def _dk(mix: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        x, g, m = v["x"], v["g"], RH - 2
        rhs = np.zeros((3, 3, 32))
        for u in range(3):
            for w_ in range(3):
                patch = x[:, u : u + m, w_ : w_ + m, :]
                if mix:  # sum over c' of delta[..., c'] times X[..., c]
                    rhs[u, w_] = np.einsum("nij,nijc->c", g.sum(axis=3), patch)
                else:
                    rhs[u, w_] = np.einsum("nijc,nijc->c", g, patch)
        return same(v["dk"], rhs)

    return rel


def _dx(mix: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, k = v["g"], v["k"]
        full = [[corr(pad(g[n, :, :, c], 2), rot180(k[:, :, c])) for c in range(32)]
                for n in range(RN)]  # fmt: skip
        full = np.array(full)  # (N, 32, H, H)
        rhs = full.sum(axis=1, keepdims=True).repeat(32, axis=1) if mix else full
        return same(v["dx"], rhs.transpose(0, 2, 3, 1))

    return rel


def _pointwise(r: np.random.Generator) -> dict:
    h, vv, beta = r.normal(size=(RN, 28, 28, 32)), r.normal(size=(32, 64)), r.normal(size=64)
    eps = r.normal(size=(RN, 28, 28, 64))
    ht, vt = t64(h, True), t64(vv, True)
    ((ht @ vt + t64(beta)) * t64(eps)).sum().backward()
    return {"h": h, "v": vv, "eps": eps, "dh": ht.grad.numpy(), "dv": vt.grad.numpy()}


def _pw(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_pointwise(r)), seed)


_GROUPED = params(Conv2d(32, 64, 3, groups=4))

REVIEW_CLAIMS = claims_of(REVIEW, {
    "the side is $H_{out} = 28$": [equal(_dw_side(), 28),
                                   equal(params(Conv2d(32, 32, 3, groups=32)), 3 * 3 * 32 + 32),
                                   equal(3 * 3 * 32 + 32, 320)],
    "Cost per image of the depthwise layer": [
        equal(_dw_macs(), 28 * 28 * 32 * 9), equal(28 * 28 * 32 * 9, 225792),
        equal(_pw_macs(), 28 * 28 * 32 * 9 * 64), equal(28 * 28 * 32 * 9 * 64, 14450688)],
    "\\sum_{c'=0}^{31} \\delta[n,i,j,c']\\, X[n,i+u,j+v,c]": [_dp(_dk(True), 3900)],
    "$$\\frac{\\partial L}{\\partial X[n,:,:,c]} = \\operatorname{pad}_2": [_dp(_dx(False), 3910)],
    "$$\\frac{\\partial L}{\\partial b[c]}": [
        _dp(lambda v: same(v["db"], v["g"].sum(axis=(0, 1, 2))), 3920)],
    "\\delta[n,i,j,c]\\, X[n,i+u,j+v,c]$$": [_dp(_dk(False), 3930)],
    "Fixed. Then for symmetry": [_dp(_dx(True), 3940)],
    "h[n,i,j,:]\\, \\varepsilon[n,i,j,:]^\\top$$": [
        _pw(lambda v: same(v["dv"], np.einsum("nijc,nijf->cf", v["h"], v["eps"])), 3950)],
    "= V^\\top \\varepsilon[n,i,j,:]$$": [
        _pw(lambda v: same(v["dh"], np.matmul(v["v"].T, v["eps"][..., None])[..., 0]), 3960)],
    "Last thing, for the docs table": [
        equal(_GROUPED, 3 * 3 * 8 * 64 + 64), equal(3 * 3 * 8 * 64 + 64, 4672),
        equal(_GROUPED, 3 * 3 * (32 // 4) * (64 // 4) + 64),
        equal(3 * 3 * (32 // 4) * (64 // 4) + 64, 1216)],
})  # fmt: skip


def truth_table() -> Claims:
    from unseen_fresh36_truth_b import NOTES_B

    return {**COLAB_CLAIMS, **APUNTES_CLAIMS, **APUNTS_CLAIMS, **REVIEW_CLAIMS, **NOTES_B}
