"""Independent truth for the fresh34 unseen set (tests/data/check/unseen/fresh34/): shared helpers
and the notes jiangyi_di7jiang_buchang2_fanxiang, prova_scritta_cnn_tabella_esercizio2,
kaggle_lenet_backward_by_hand, skript_5_2_faltung_toeplitz_zirkulant and
mse_multichannel_conv_relu_gradients.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. Lines are found from an anchor (a piece of the line, unique in
the note); a None holds the rank of a keyed non-claim. A side that reads an entry outside a
tensor (IndexError) or has the wrong shape disagrees; where a note declares zeros outside a
range, those entries are read as zero. A link between two written numbers is judged as
arithmetic; a size or count named on the left must equal the true one. The other two notes live
in unseen_fresh34_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh33_truth import safe
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
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh34"


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def fcorr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation over sliding windows (the same operator as corr, vectorised
    for the batch-sized notes)."""
    return np.einsum("ijuv,uv->ij", sliding_window_view(a, k.shape), k)


def jac(fn: Callable[[torch.Tensor], torch.Tensor], n: int) -> np.ndarray:
    """Jacobian of a map R^n -> R^m by torch autograd (the map is linear, so at zero)."""
    return torch.autograd.functional.jacobian(fn, torch.zeros(n, dtype=F64)).numpy()


# --- jiangyi_di7jiang_buchang2_fanxiang.md (Chinese): X 5x5, K 2x2, scalar b, stride 2, no
# padding, 1-based; the note's X, K, b = 0 and G

JIANG = "jiangyi_di7jiang_buchang2_fanxiang"
JX = np.array([[1.0, 0, 2, 1, 0], [2, 1, 0, 3, 1], [0, 1, 1, 0, 2], [1, 2, 0, 1, 1],
               [3, 0, 1, 2, 0]])  # fmt: skip
JK = np.array([[1.0, -1], [2, 0]])
JG = np.array([[1.0, 2], [-1, 1]])


def _jiang(r: np.random.Generator | None = None) -> dict:
    """torch conv2d stride 2 and the gradients of sum(y * g); the note's numbers when r is None."""
    if r is None:
        x, k, b, g = JX, JK, 0.0, JG
    else:
        x, k, b, g = r.normal(size=(5, 5)), r.normal(size=(2, 2)), r.normal(), r.normal(size=(2, 2))
    t = conv(x[None, None], k[None, None], np.array([b]), g[None, None], stride=2)
    return {"x": x, "k": k, "b": b, "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0],
            "dk": t["dw"][0, 0], "db": float(t["db"][0])}  # fmt: skip


def _jg(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_jiang(r)), seed)


def _jiang_forward(v: dict) -> bool:
    x, k = v["x"], v["k"]  # 1-based x_{2i+m-2, 2j+n-2} is x[2i+m-3, 2j+n-3]
    rhs = [[sum(k[m - 1, n - 1] * at(x, 2 * i + m - 3, 2 * j + n - 3)
                for m in (1, 2) for n in (1, 2)) + v["b"]
            for j in (1, 2)] for i in (1, 2)]  # fmt: skip
    return same(v["y"], rhs)


def _jiang_dk_shifted(v: dict) -> bool:
    """The note's g_ij x_{2i+m-1, 2j+n-1} (1-based), i.e. x[2i+m-2, 2j+n-2] 0-based."""
    x, g = v["x"], v["g"]
    rhs = [[sum(g[i - 1, j - 1] * at(x, 2 * i + m - 2, 2 * j + n - 2)
                for i in (1, 2) for j in (1, 2)) for n in (1, 2)] for m in (1, 2)]  # fmt: skip
    return same(v["dk"], rhs)


def _jiang_dk12_written() -> float:
    g, x = JG, JX  # g11 x12 + g12 x13 + g21 x22 + g22 x23, 1-based
    return g[0, 0] * x[0, 1] + g[0, 1] * x[0, 2] + g[1, 0] * x[1, 1] + g[1, 1] * x[1, 2]


JN = _jiang()
JIANG_CLAIMS = claims_of(JIANG, {
    "$G = \\partial L / \\partial Y$，其元素": [None, None],
    "\\left\\lfloor \\frac{5 - 2}{2}": [equal(conv_out(5, 2, 2), (5 - 2) // 2 + 1),
                                       equal((5 - 2) // 2 + 1, 2)],
    "$$y_{ij} = \\sum_{m=1}^{2}": [_jg(_jiang_forward, 100)],
    "$$X = \\begin{pmatrix} 1 & 0 & 2": [None, None, None],
    "$$Y = \\begin{pmatrix} 5 & 1": [single(lambda: same(JN["y"], [[5, 1], [1, 2]]))],
    "设上游梯度为": [None],
    "x_{2i+m-1,\\; 2j+n-1}": [_jg(_jiang_dk_shifted, 110)],
    "\\partial k_{11}} = 1 \\cdot 1": [
        single(lambda: math.isclose(JN["dk"][0, 0], 1 * 1 + 2 * 2 + (-1) * 0 + 1 * 1)),
        equal(1 * 1 + 2 * 2 + (-1) * 0 + 1 * 1, 6)],
    "\\partial k_{12}} = g_{11} x_{12}": [
        single(lambda: math.isclose(JN["dk"][0, 1], _jiang_dk12_written())),
        equal(_jiang_dk12_written(), 3)],
    "= X \\star G$": [_jg(lambda v: same(v["dk"], corr(v["x"], v["g"])), 120)],
    "\\partial b} = \\sum_{i=1}^{2}": [_jg(lambda v: math.isclose(v["db"], v["g"].sum()), 130),
                                      equal(JG.sum(), 3)],
    "\\partial x_{23}} = g_{12}": [
        _jg(lambda v: math.isclose(v["dx"][1, 2], v["g"][0, 1] * v["k"][1, 0]), 140)],
    "\\partial x_{34}} = g_{22}": [
        _jg(lambda v: math.isclose(v["dx"][2, 3], v["g"][1, 1] * v["k"][1, 0]), 150),
        equal(JG[1, 1] * JK[1, 0], 2)],
    "\\right)_{1:4,\\; 1:4}": [_jg(lambda v: same(
        v["dx"][:4, :4], corr(pad(dilate(v["g"], 2), 1), rot180(v["k"]))), 160)],
    "\\left\\lceil \\frac{5 + 2 - 2}{2}": [
        equal(conv_out(5, 2, 2, 1), math.ceil((5 + 2 - 2) / 2) + 1),
        equal(math.ceil((5 + 2 - 2) / 2) + 1, 4)],
})  # fmt: skip


# --- prova_scritta_cnn_tabella_esercizio2.md (Italian): 3x28x28 -> Conv2d(3, 8, 5) -> ReLU ->
# MaxPool2d(2, 2) -> Flatten -> Linear(., 10); variants padding 2 and stride 2

PROVA = "prova_scritta_cnn_tabella_esercizio2"
Conv2d, Linear = torch.nn.Conv2d, torch.nn.Linear


def _features(padding: int = 0, stride: int = 1) -> int:
    """Length of the flattened map the table's layers give for one 3x28x28 image."""
    body = torch.nn.Sequential(Conv2d(3, 8, 5, stride=stride, padding=padding), torch.nn.ReLU(),
                               torch.nn.MaxPool2d(2, 2), torch.nn.Flatten()).double()  # fmt: skip
    with torch.no_grad():
        return int(body(torch.zeros(1, 3, 28, 28, dtype=F64)).shape[1])


def _pool_side(h: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 8, h, h, dtype=F64), 2, 2).shape[-1])


def _dense(r: np.random.Generator) -> dict:
    """z = W a + c with W 10x1152, L = sum(z * delta): the gradients by autograd."""
    a, w, c, d = (r.normal(size=s) for s in ((1152,), (10, 1152), (10,), (10,)))
    at_, wt, ct = t64(a, True), t64(w, True), t64(c, True)
    ((wt @ at_ + ct) * t64(d)).sum().backward()
    return {"a": a, "w": w, "d": d, "dw": wt.grad.numpy(), "da": at_.grad.numpy(),
            "dc": ct.grad.numpy()}  # fmt: skip


def _dn(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_dense(r)), seed)


def _window_grad() -> np.ndarray:
    """Max pooling of the note's 2x2 window R with dL/dm = 0.5, by autograd."""
    r = t64([[[[1.0, 3.0], [2.0, 0.0]]]], True)
    (F.max_pool2d(r, 2) * 0.5).sum().backward()
    return r.grad.numpy()[0, 0]


def _macs_layer1() -> int:
    x, w = torch.zeros(1, 3, 28, 28, dtype=F64), torch.zeros(8, 3, 5, 5, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w))


PROVA_CLAIMS = claims_of(PROVA, {
    "$$H_1 = \\frac{28 - 5}{1} + 1 = 24": [equal(conv_out(28, 5), (28 - 5) / 1 + 1),
                                         equal((28 - 5) / 1 + 1, 24)],
    "$$P_1 = 8 \\cdot (5 \\cdot 5 + 1)": [equal(params(Conv2d(3, 8, 5)), 8 * (5 * 5 + 1)),
                                        equal(8 * (5 * 5 + 1), 208)],
    "\\left\\lfloor \\frac{24 - 2}{2}": [equal(_pool_side(24), (24 - 2) // 2 + 1),
                                        equal((24 - 2) // 2 + 1, 12)],
    "$$P_5 = 1152 \\cdot 10 + 10": [equal(params(Linear(_features(), 10)), 1152 * 10 + 10),
                                  equal(1152 * 10 + 10, 11530)],
    "$$M_1 = 28 \\cdot 28": [equal(_macs_layer1(), 28 * 28 * 8 * 75),
                           equal(28 * 28 * 8 * 75, 470400)],
    "$$P_5 = 1568 \\cdot 10 = 15680": [equal(params(Linear(_features(padding=2), 10)), 1568 * 10),
                                     equal(1568 * 10, 15680)],
    "\\left\\lceil \\frac{28 - 5}{2}": [equal(conv_out(28, 5, 2), math.ceil((28 - 5) / 2) + 1),
                                       equal(math.ceil((28 - 5) / 2) + 1, 13)],
    "calcola $z = W a + c$": [None, None],
    "= a\\, \\delta^\\top": [_dn(lambda v: same(v["dw"], np.outer(v["a"], v["d"])), 200),
                            _dn(lambda v: same(v["da"], v["w"].T @ v["d"]), 210),
                            _dn(lambda v: same(v["dc"], v["d"]), 220)],
    "$R = \\begin{pmatrix} 1 & 3": [None, None],
    "\\partial R} = \\begin{pmatrix} 0.125": [
        single(lambda: same(_window_grad(), np.full((2, 2), 0.125)))],
})  # fmt: skip


# --- kaggle_lenet_backward_by_hand.md: Conv2d(1, 6, 5, padding=2) -> Tanh -> AvgPool2d(2) ->
# Flatten -> Linear(1176, 10), CrossEntropyLoss (mean), batch of 64 28x28 images, 0-based

KAGGLE = "kaggle_lenet_backward_by_hand"
KN = 64


def _lenet_features() -> int:
    body = torch.nn.Sequential(Conv2d(1, 6, 5, padding=2), torch.nn.Tanh(), torch.nn.AvgPool2d(2),
                               torch.nn.Flatten()).double()  # fmt: skip
    with torch.no_grad():
        return int(body(torch.zeros(1, 1, 28, 28, dtype=F64)).shape[1])


def _head(r: np.random.Generator) -> dict:
    """O = H W^T + 1 c^T, L = cross-entropy with the mean over the batch, by autograd."""
    h, w, c = r.normal(size=(KN, 1176)), r.normal(size=(10, 1176)) * 0.05, r.normal(size=10)
    y = r.integers(0, 10, size=KN)
    ht, wt, ct = t64(h, True), t64(w, True), t64(c, True)
    o = ht @ wt.T + ct
    o.retain_grad()
    F.cross_entropy(o, torch.tensor(y)).backward()
    p = torch.softmax(o.detach(), dim=1).numpy()
    return {"h": h, "w": w, "onehot": np.eye(10)[y], "p": p, "do": o.grad.numpy(),
            "dw": wt.grad.numpy(), "dc": ct.grad.numpy(), "dh": ht.grad.numpy()}  # fmt: skip


def _hd(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_head(r)), seed)


def _avgpool(r: np.random.Generator) -> bool:
    a, gs = t64(r.normal(size=(KN, 6, 28, 28)), True), r.normal(size=(KN, 6, 14, 14))
    (F.avg_pool2d(a, 2) * t64(gs)).sum().backward()
    rhs = gs.repeat(2, axis=2).repeat(2, axis=3)  # the note's s[floor(p/2), floor(q/2)], no 1/4
    return same(a.grad.numpy(), rhs)


def _tanh(
    rhs: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> Callable[[np.random.Generator], bool]:
    def check(r: np.random.Generator) -> bool:
        z, ga = t64(r.normal(size=(KN, 6, 28, 28)), True), r.normal(size=(KN, 6, 28, 28))
        (torch.tanh(z) * t64(ga)).sum().backward()
        return same(z.grad.numpy(), rhs(z.detach().numpy(), ga))

    return check


def _tanh_prime(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=1000), True)
    torch.tanh(z).sum().backward()
    return same(z.grad.numpy(), 1 - np.tanh(z.detach().numpy()) ** 2)


def _conv1(r: np.random.Generator) -> dict:
    """conv1 on a batch; delta = dL/dz is a random upstream g (L = sum(z * g)); the padded input
    xt (32x32) and the gradient with respect to it (the same conv run unpadded on xt)."""
    x, w, b = r.normal(size=(KN, 1, 28, 28)), r.normal(size=(6, 1, 5, 5)), r.normal(size=6)
    g = r.normal(size=(KN, 6, 28, 28))
    xt = np.pad(x, ((0, 0), (0, 0), (2, 2), (2, 2)))
    on_padded = conv(xt, w, b, g)
    return {"x": x, "xt": xt, "w": w, "g": g, "dxt": on_padded["dx"], **conv(x, w, b, g, padding=2)}


def _cv(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_conv1(r)), seed)


def _dw_windows(v: dict, batch: slice) -> np.ndarray:
    """sum over n in batch, i, j of delta_{n,f,i,j} xt_{n,0,i+u,j+v}."""
    win = sliding_window_view(v["xt"][batch], (5, 5), axis=(2, 3))  # (n, 1, 28, 28, 5, 5)
    return np.einsum("nfij,ncijuv->fcuv", v["g"][batch], win)


def _dx_planes(v: dict, p: int, rotate: bool) -> np.ndarray:
    w = v["w"]
    return np.array([[sum(fcorr(pad(v["g"][n, f], p), rot180(w[f, 0]) if rotate else w[f, 0])
                          for f in range(6))] for n in range(KN)])  # fmt: skip


KAGGLE_CLAIMS = claims_of(KAGGLE, {
    "$$H_1 = 28 + 2 \\cdot 2": [equal(conv_out(28, 5, 1, 2), 28 + 2 * 2 - 5 + 1),
                               equal(28 + 2 * 2 - 5 + 1, 28)],
    "\\theta_{\\text{conv1}}": [equal(params(Conv2d(1, 6, 5, padding=2)), 6 * (1 * 5 * 5 + 1)),
                               equal(6 * (1 * 5 * 5 + 1), 156)],
    "\\theta_{\\text{fc}}": [equal(params(Linear(_lenet_features(), 10)), 6 * 14 * 14 * 10 + 10),
                            equal(6 * 14 * 14 * 10 + 10, 11770)],
    "$a = \\tanh(z)$": [None, None, None],
    "$$\\Delta = \\frac{\\partial L}{\\partial O}": [
        None, _hd(lambda v: same(v["do"], (v["p"] - v["onehot"]) / KN), 300)],
    "= H^\\top \\Delta": [_hd(lambda v: same(v["dw"], v["h"].T @ v["do"]), 310)],
    "\\sum_{n=0}^{N-1} \\Delta_{n,:}": [_hd(lambda v: same(v["dc"], v["do"].sum(axis=0)), 320)],
    "= \\Delta W^\\top": [_hd(lambda v: same(v["dh"], v["do"] @ v["w"].T), 325)],
    "\\lfloor p/2 \\rfloor,\\lfloor q/2": [trials(_avgpool, 330)],
    "$\\tanh' = 1 - \\tanh^2$": [trials(_tanh_prime, 340)],
    "\\odot (1 - z^2)": [trials(_tanh(lambda z, ga: ga * (1 - z**2)), 350)],
    "Let $\\delta_{n,f,i,j}": [None],
    "\\delta_{0,f,i,j}": [_cv(lambda v: same(v["dw"], _dw_windows(v, slice(0, 1))), 360)],
    "\\tilde X_n \\star G_{n,f}": [_cv(lambda v: same(v["dw"], [[sum(
        fcorr(v["xt"][n, 0], v["g"][n, f]) for n in range(KN))] for f in range(6)]), 370)],
    "\\partial b_f} = \\frac{1}{N}": [_cv(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / KN),
                                      380)],
    "\\partial \\tilde X_n}": [_cv(lambda v: same(v["dxt"], _dx_planes(v, 4, True)), 390)],
    "\\operatorname{pad}_2(G_{n,f}) \\star W_f": [
        _cv(lambda v: same(v["dx"], _dx_planes(v, 2, False)), 400)],
})  # fmt: skip


# --- skript_5_2_faltung_toeplitz_zirkulant.md (German): 1-D valid correlation x 5, w 3 (1-based);
# 2-D X 3x3, K 2x2, vec by rows; circular 1-D n = 4 and 2-D 3x3 with a 2x2 kernel (0-based)

SKRIPT = "skript_5_2_faltung_toeplitz_zirkulant"
SW, SXV, SG = np.array([1.0, 2, -1]), np.array([2.0, 0, 1, 3, 1]), np.array([1.0, 0, -1])


def _corr1(w: np.ndarray) -> Callable[[torch.Tensor], torch.Tensor]:
    return lambda v: F.conv1d(v.reshape(1, 1, -1), t64(w).reshape(1, 1, -1)).reshape(-1)


def _toeplitz_written(w: np.ndarray) -> np.ndarray:
    w1, w2, w3 = w
    return np.array([[w1, w2, w3, 0, 0], [0, w1, w2, w3, 0], [0, 0, w1, w2, w3]])


def _one_d(r: np.random.Generator | None = None) -> dict:
    """conv1d with bias and the gradients of sum(y * g); the note's numbers when r is None."""
    if r is None:
        x, w, b, g = SXV, SW, 0.5, SG
    else:
        x, w, b, g = r.normal(size=5), r.normal(size=3), r.normal(), r.normal(size=3)
    xt, wt, bt = t64(x, True), t64(w, True), t64([b], True)
    y = F.conv1d(xt.reshape(1, 1, 5), wt.reshape(1, 1, 3), bt).reshape(-1)
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy(), "jac": jac(_corr1(w), 5),
            "dx": xt.grad.numpy(), "dw": wt.grad.numpy(), "db": float(bt.grad[0])}  # fmt: skip


def _od(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_one_d(r)), seed)


def _corr2(k: np.ndarray) -> Callable[[torch.Tensor], torch.Tensor]:
    return lambda v: F.conv2d(v.reshape(1, 1, 3, 3), t64(k)[None, None]).reshape(-1)


def _corr5(k: np.ndarray) -> Callable[[torch.Tensor], torch.Tensor]:
    return lambda v: F.conv2d(v.reshape(1, 1, 5, 5), t64(k)[None, None]).reshape(-1)


def _block_toeplitz(k: np.ndarray) -> np.ndarray:
    z = np.zeros((2, 3))
    k1 = np.array([[k[0, 0], k[0, 1], 0], [0, k[0, 0], k[0, 1]]])
    k2 = np.array([[k[1, 0], k[1, 1], 0], [0, k[1, 0], k[1, 1]]])
    return np.block([[k1, k2, z], [z, k1, k2]])


def _two_d(r: np.random.Generator) -> dict:
    x, k, g = r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=(2, 2))
    t = conv(x[None, None], k[None, None], None, g[None, None])
    return {"k": k, "g": g, "dx": t["dx"][0, 0], "jac": jac(_corr2(k), 9)}


def _td(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_two_d(r)), seed)


def _circ1(w: np.ndarray) -> Callable[[torch.Tensor], torch.Tensor]:
    """y_i = sum_k w_k x_{(i+k) mod 4}: circular padding by 3 on the right, then a valid conv."""
    return lambda v: F.conv1d(F.pad(v.reshape(1, 1, 4), (0, 3), mode="circular"),
                              t64(w).reshape(1, 1, 4)).reshape(-1)  # fmt: skip


def _circulant_written(w: np.ndarray) -> np.ndarray:
    w0, w1, w2, w3 = w
    return np.array([[w0, w1, w2, w3], [w3, w0, w1, w2], [w2, w3, w0, w1], [w1, w2, w3, w0]])


def _circulant_t_written(w: np.ndarray) -> np.ndarray:
    w0, w1, w2, w3 = w
    return np.array([[w0, w3, w2, w1], [w1, w0, w3, w2], [w2, w1, w0, w3], [w3, w2, w1, w0]])


def _circ_matrix(transpose: bool) -> Callable[[np.random.Generator], bool]:
    """The Jacobian of the circular correlation (or its transpose) against the written matrix."""

    def check(r: np.random.Generator) -> bool:
        w = r.normal(size=4)
        j = jac(_circ1(w), 4)
        return same(j.T, _circulant_t_written(w)) if transpose else same(j, _circulant_written(w))

    return check


def _circ_grad_plus(r: np.random.Generator) -> bool:
    w, x, g = r.normal(size=4), t64(r.normal(size=4), True), r.normal(size=4)
    (_circ1(w)(x) * t64(g)).sum().backward()
    rhs = [sum(w[k] * g[(i + k) % 4] for k in range(4)) for i in range(4)]
    return same(x.grad.numpy(), rhs)


def _circ2(k: np.ndarray) -> Callable[[torch.Tensor], torch.Tensor]:
    """y_ij = sum_mn k_mn x_{(i+m) mod 3, (j+n) mod 3} on a periodic 3x3 image."""
    return lambda v: F.conv2d(F.pad(v.reshape(1, 1, 3, 3), (0, 1, 0, 1), mode="circular"),
                              t64(k)[None, None]).reshape(-1)  # fmt: skip


def _block_circulant(k: np.ndarray) -> np.ndarray:
    z = np.zeros((3, 3))
    c0 = np.array([[k[0, 0], k[0, 1], 0], [0, k[0, 0], k[0, 1]], [k[0, 1], 0, k[0, 0]]])
    c1 = np.array([[k[1, 0], k[1, 1], 0], [0, k[1, 0], k[1, 1]], [k[1, 1], 0, k[1, 0]]])
    return np.block([[c0, c1, z], [z, c0, c1], [c1, z, c0]])


def _circ2_matrix(r: np.random.Generator) -> bool:
    k = r.normal(size=(2, 2))
    return same(jac(_circ2(k), 9), _block_circulant(k))


SN = _one_d()
SKRIPT_CLAIMS = claims_of(SKRIPT, {
    "sei $y_i = \\sum_{k=1}^{3}": [None, None],
    "$$T = \\begin{pmatrix} w_1 & w_2 & w_3 & 0 & 0": [
        _od(lambda v: same(v["jac"], _toeplitz_written(v["w"])), 500)],
    "$\\partial y / \\partial x = T$": [
        _od(lambda v: same(v["jac"], _toeplitz_written(v["w"])), 510)],
    "\\tag{5.3}": [_od(lambda v: same(v["dx"], _toeplitz_written(v["w"]).T @ v["g"]), 520)],
    "$$\\sum_{i=1}^{3} T_{ij}": [_od(lambda v: same(v["jac"].sum(axis=0), np.full(5, v["w"].sum())),
                                    530)],
    "**Beispiel 5.4.**": [None, None],
    "$$T x = (1, -1, 6)": [single(lambda: same(SN["jac"] @ SXV, [1, -1, 6]))],
    "$y = T x + b \\mathbf{1}$": [None, None, None],
    "= T^\\top g = (1, 2, -2, -2, -1)": [single(lambda: same(SN["dx"], SN["jac"].T @ SG)),
                                         single(lambda: same(SN["jac"].T @ SG,
                                                             [1, 2, -2, -2, -1]))],
    "\\partial w} = (0, -3, 1)": [single(lambda: same(SN["dw"], [0, -3, 1]))],
    "\\mathbf{1}^\\top g = 0": [single(lambda: math.isclose(SN["db"], np.ones(3) @ SG)),
                               equal(np.ones(3) @ SG, 0)],
    "stapele die Zeilen": [None],
    "$$T = \\begin{pmatrix} K_1 & K_2 & 0": [
        _td(lambda v: same(v["jac"], _block_toeplitz(v["k"])), 540), None, None],
    "Mit $G = \\partial L / \\partial Y$": [single(lambda: np.count_nonzero(jac(
        _corr5(np.random.default_rng(610).normal(size=(3, 3))), 25)) == 9 * 9 == 72), None],
    "T^\\top \\operatorname{vec}(G)": [
        _td(lambda v: same(v["dx"].reshape(-1), v["jac"].T @ v["g"].reshape(-1)), 550)],
    "kompakte Form": [_td(lambda v: same(v["dx"], corr(pad(v["g"], 1), v["k"])), 560)],
    "sei $y_i = \\sum_{k=0}^{3}": [None],
    "$$C = \\begin{pmatrix} w_0 & w_1": [trials(_circ_matrix(transpose=False), 570)],
    "$$C^\\top = \\begin{pmatrix}": [trials(_circ_matrix(transpose=True), 580)],
    "g_{(i+k) \\bmod 4}": [trials(_circ_grad_plus, 590)],
    "$$\\mathcal{C} = \\begin{pmatrix}": [trials(_circ2_matrix, 600), None, None],
})  # fmt: skip


# --- mse_multichannel_conv_relu_gradients.md: x C x H x W, w K x C x R x S, b K, stride 1, no
# padding, 0-based, a = ReLU(z); symbolic, checked on a grid of sizes (R and S apart, K > 1)

MSE = "mse_multichannel_conv_relu_gradients"
MSE_SIZES = [(3, 4, 7, 6, 3, 2), (2, 3, 5, 5, 3, 3), (1, 2, 6, 8, 2, 3)]  # (C, K, H, W, R, S)


def _mse(c: int, k: int, h: int, w_: int, rr: int, ss: int) -> dict:
    r = np.random.default_rng(700 + 100 * c + 10 * k + h + w_ + 7 * rr + 3 * ss)
    x, w, b = r.normal(size=(c, h, w_)), r.normal(size=(k, c, rr, ss)), r.normal(size=k)
    g = r.normal(size=(k, h - rr + 1, w_ - ss + 1))
    xt, wt, bt = t64(x[None], True), t64(w, True), t64(b, True)
    z = F.conv2d(xt, wt, bt)
    z.retain_grad()
    (torch.relu(z) * t64(g[None])).sum().backward()
    return {"x": x, "w": w, "g": g, "z": z.detach().numpy()[0], "dz": z.grad.numpy()[0],
            "dx": xt.grad.numpy()[0], "dw": wt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _ms(rel: Callable[[dict], bool]) -> Truth:
    return grid(lambda *s: safe(lambda: rel(_mse(*s))), MSE_SIZES)


def _mse_dx(shift: int) -> Callable[[dict], bool]:
    """sum_k sum_r sum_s w_{k,c,r,s} delta_{k,p+shift*r,q+shift*s}, delta zero outside."""

    def rel(v: dict) -> bool:
        w, d = v["w"], v["dz"]
        kk, cc, rr, ss = w.shape
        _, hh, ww = v["x"].shape
        rhs = [[[sum(w[k, c, r, s] * zat(d, k, p + shift * r, q + shift * s) for k in range(kk)
                     for r in range(rr) for s in range(ss)) for q in range(ww)] for p in range(hh)]
                for c in range(cc)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _mse_dw(v: dict) -> bool:
    x, d = v["x"], v["dz"]
    kk, cc, rr, ss = v["w"].shape
    ho, wo = d.shape[1:]
    rhs = [[[[sum(d[k, i, j] * at(x, c, i + r, j + s) for i in range(ho) for j in range(wo))
              for s in range(ss)] for r in range(rr)] for c in range(cc)]
           for k in range(kk)]  # fmt: skip
    return same(v["dw"], rhs)


def _mse_db(v: dict) -> bool:
    d = v["dz"]
    _, hh, ww = v["x"].shape
    rr, ss = v["w"].shape[2:]
    rhs = [sum(at(d, k, i, j) for i in range(hh - rr + 1) for j in range(ww - ss + 1))
           for k in range(d.shape[0])]  # fmt: skip
    return same(v["db"], rhs)


def _mse_planes_transposed(v: dict) -> bool:
    w, d = v["w"], v["dz"]
    rr, ss = w.shape[2:]
    rhs = [sum(corr(np.pad(d[k], ((rr - 1, rr - 1), (ss - 1, ss - 1))), w[k, c].T)
               for k in range(w.shape[0])) for c in range(w.shape[1])]  # fmt: skip
    return same(v["dx"], rhs)


def _relu_prime(r: np.random.Generator) -> bool:
    z = r.normal(size=200)
    z[::7] = 0.0  # exact zeros: the convention the answer states (0)
    zt = t64(z, True)
    torch.relu(zt).sum().backward()
    return same(zt.grad.numpy(), np.where(z > 0, 1.0, 0.0))


def _mse_macs() -> int:
    x, w = torch.zeros(1, 3, 32, 32, dtype=F64), torch.zeros(8, 3, 3, 3, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w))


MSE_CLAIMS = claims_of(MSE, {
    "$$z_{k,i,j} = b_k": [None, None],
    "Given $g_{k,i,j}": [None],
    "\\max(0,\\, g_{k,i,j})": [_ms(lambda v: same(v["dz"], np.maximum(0, v["g"])))],
    "\\delta_{k,p+r,q+s}": [_ms(_mse_dx(+1))],
    "$$H' = H - R + 1": [
        _ms(lambda v: v["dz"].shape[1] == v["x"].shape[1] - v["w"].shape[2] + 1),
        _ms(lambda v: v["dz"].shape[2] == v["x"].shape[2] - v["w"].shape[3] + 1)],
    "With zero padding $P$": [grid(lambda h, rr, p: conv_out(h, rr, 1, p) == h + p - rr + 1,
                                   [(h, rr, p) for h in (5, 8) for rr in (2, 3) for p in (1, 2)])],
    "\\partial a_{k,i,j}}{\\partial z_{k,i,j}}": [trials(_relu_prime, 710)],
    "hence, for $\\delta_{k,i,j}": [None],
    "$$\\delta_{k,i,j} = \\begin{cases} g_{k,i,j}": [
        _ms(lambda v: same(v["dz"], np.where(v["z"] > 0, v["g"], 0.0)))],
    "\\partial b_k} = \\sum_{i=0}^{H-R}": [_ms(_mse_db)],
    "\\partial w_{k,c,r,s}} = \\sum_{i=0}^{H'-1}": [_ms(_mse_dw)],
    "when $i + r = p$": [None, None],
    "w_{k,c,r,s}\\, \\delta_{k,p-r,q-s}": [_ms(_mse_dx(-1))],
    "W_{k,c}^{\\top}": [_ms(_mse_planes_transposed)],
    "\\Big( \\sum_{k,i,j} \\delta_{k,i,j} \\Big)": [
        _ms(lambda v: math.isclose(v["dx"].sum(), v["dz"].sum() * v["w"].sum(), abs_tol=1e-9))],
    "**Edit (sizes).**": [None, None, None, None, None, None,
                          equal(params(Conv2d(3, 8, 3)), 8 * (3 * 3 * 3 + 1)),
                          equal(8 * (3 * 3 * 3 + 1), 8 * 28), equal(8 * 28, 224)],
    "\\#\\mathrm{MAC} = K C R S H W": [equal(_mse_macs(), 8 * 3 * 3 * 3 * 32 * 32),
                                      equal(8 * 3 * 3 * 3 * 32 * 32, 8 * 27 * 1024),
                                      equal(8 * 27 * 1024, 221184)],
})  # fmt: skip


def truth_table() -> Claims:
    from unseen_fresh34_truth_b import NOTES_B

    return {**JIANG_CLAIMS, **PROVA_CLAIMS, **KAGGLE_CLAIMS, **SKRIPT_CLAIMS, **MSE_CLAIMS,
            **NOTES_B}  # fmt: skip
