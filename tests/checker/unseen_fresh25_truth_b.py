"""Independent truth for the fresh25 unseen set, second part: the notes
klausur_ml2_aufgabe3_erwartungshorizont, review_reviewer2_appendix_b and
notebook_uebung5_faltung_export (see unseen_fresh25_truth.py for the conventions; NumPy / torch
autograd in float64, nothing of symconv)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh25_truth import Claims, claims_of
from unseen_truth_base import (
    F64,
    Truth,
    corr,
    dilate,
    equal,
    pad,
    params,
    rot180,
    same,
    t64,
    trials,
)

# --- klausur_ml2_aufgabe3_erwartungshorizont.md: the LeNet-like net; dense Z = A W^T + 1 b^T,
# W 10x120; mean softmax cross-entropy

KLAUSUR = "klausur_ml2_aufgabe3_erwartungshorizont"

_NET = torch.nn.Sequential(
    torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Flatten(), torch.nn.Linear(400, 120), torch.nn.ReLU(), torch.nn.Linear(120, 10),
)  # fmt: skip
_LAYER_P = [params(m) for m in _NET]
_FLAT = int(_NET[:7](torch.zeros(1, 1, 28, 28)).shape[1])


def _dense(r: np.random.Generator) -> dict:
    """Linear(120, 10) on a batch of 5 rows, mean cross-entropy; Delta = dL/dZ from autograd."""
    a, w, b = r.normal(size=(5, 120)), r.normal(size=(10, 120)), r.normal(size=10)
    y = r.integers(0, 10, size=5)
    at_, wt, bt = t64(a, True), t64(w, True), t64(b, True)
    z = at_ @ wt.T + bt
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(y)).backward()
    return {"a": a, "w": w, "y": np.eye(10)[y], "z": z.detach().numpy(), "delta": z.grad.numpy(),
            "dw": wt.grad.numpy(), "da": at_.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _kl(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_dense(r)), seed)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _one_example(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """d l / d z of one example's cross-entropy by autograd, with z and the one-hot y."""
    z, k = r.normal(size=4), int(r.integers(0, 4))
    zt = t64(z, True)
    F.cross_entropy(zt[None], torch.tensor([k])).backward()
    return zt.grad.numpy(), _softmax(z), np.eye(4)[k]


def _example_numbers() -> np.ndarray:
    zt = t64([1.0, 0.0, 0.0], True)
    F.cross_entropy(zt[None], torch.tensor([1])).backward()
    return zt.grad.numpy()


KLAUSUR_CLAIMS = claims_of(KLAUSUR, {
    "$N_1 = 6 \\cdot 5 \\cdot 5 + 6 = 156$": [equal(_LAYER_P[0], 6 * 5 * 5 + 6),
                                              equal(6 * 5 * 5 + 6, 156)],
    "$N_3 = 16 \\cdot 5 \\cdot 5 + 16 = 416$": [equal(_LAYER_P[3], 16 * 5 * 5 + 16),
                                                equal(16 * 5 * 5 + 16, 416)],
    "$N_5 = 400 \\cdot 120 + 120 = 48120$": [equal(_LAYER_P[7], 400 * 120 + 120),
                                             equal(400 * 120 + 120, 48120)],
    "$N_6 = 1210$": [equal(_LAYER_P[9], 1210)],
    "$16 \\cdot 5 \\cdot 5 = 400$": [lambda: [_FLAT == 16 * 5 * 5 == 400]],
    "$$N_\\text{ges} =": [equal(params(_NET), 156 + 416 + 48120 + 1210),
                          equal(156 + 416 + 48120 + 1210, 49902)],
    "\\Delta W, \\qquad": [_kl(lambda v: same(v["dw"], v["delta"].T @ v["a"]), 500),
                           _kl(lambda v: same(v["da"], v["delta"] @ v["w"]), 510),
                           _kl(lambda v: same(v["db"], v["delta"].T @ np.ones(5) / 5), 520)],
    "Häufiger Fehler": [_kl(lambda v: same(v["dw"], v["a"].T @ v["delta"]), 530)],
    "$$\\Delta = \\frac{1}{N}": [_kl(lambda v: same(v["delta"], (_softmax(v["z"]) - v["y"]) / 5),
                                     540)],
    "= y_k - p_k$$": [trials(lambda r: (lambda d, p, y: same(d, y - p))(*_one_example(r)), 550)],
    "\\approx (0.576,": [lambda: [bool(np.allclose(_example_numbers(), [0.576, -0.788, 0.212],
                                                    atol=5e-4))]],
    "Kontrolle:": [trials(lambda r: math.isclose(_one_example(r)[0].sum(), 1.0), 560)],
})  # fmt: skip


# --- review_reviewer2_appendix_b.md: Conv2d(4, 8, 3, stride 2, padding 1), 9x9 -> 5x5, 0-based

REVIEW = "review_reviewer2_appendix_b"


def _review(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 4, 9, 9)), r.normal(size=(8, 4, 3, 3)), r.normal(size=8)
    g = r.normal(size=(2, 8, 5, 5))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    (F.conv2d(xt, wt, bt, stride=2, padding=1) * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "dx": xt.grad.numpy(), "dw": wt.grad.numpy(),
            "db": bt.grad.numpy()}  # fmt: skip


def _rv(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_review(r)), seed)


def _rv_dw(dil: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        x, g = v["x"], v["g"]
        rhs = [[sum(corr(pad(x[n, c], 1), dilate(g[n, f], dil)) for n in range(2))
                for c in range(4)] for f in range(8)]  # fmt: skip
        return same(v["dw"], rhs)

    return rel


def _rv_dx_op(dil: int, p: int, crop: int) -> Callable[[dict], bool]:
    """sum over f of crop_crop(pad_p(dilate_dil(G)) star rot180(W))."""

    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        full = [[sum(corr(pad(dilate(g[n, f], dil), p), rot180(w[f, c])) for f in range(8))
                 for c in range(4)] for n in range(2)]  # fmt: skip
        rhs = np.asarray(full)[
            ..., crop : np.shape(full)[-2] - crop, crop : np.shape(full)[-1] - crop
        ]
        return same(v["dx"], rhs)

    return rel


def _rv_dx_index(offset: int) -> Callable[[dict], bool]:
    """Terms with (p + offset - u)/2 an integer in 0..4 only, as the note's convention says."""

    def term(g: np.ndarray, n: int, f: int, a: int, b: int) -> float:
        if a % 2 or b % 2 or not (0 <= a // 2 < 5 and 0 <= b // 2 < 5):
            return 0.0
        return float(g[n, f, a // 2, b // 2])

    def rel(v: dict) -> bool:
        g, w = v["g"], v["w"]
        rhs = [[[[sum(term(g, n, f, p + offset - u, q + offset - s) * w[f, c, u, s]
                      for f in range(8) for u in range(3) for s in range(3))
                  for q in range(9)] for p in range(9)] for c in range(4)]
               for n in range(2)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _rv_lemma(v: dict) -> bool:
    lhs = v["dx"].sum(axis=(2, 3))
    rhs = np.einsum("nf,fc->nc", v["g"].sum(axis=(2, 3)), v["w"].sum(axis=(2, 3)))
    return same(lhs, rhs)


def _rf(layers: int) -> int:
    """Rows of a long 1-D input that one output of `layers` stacked k3/s2 convs depends on."""
    x = torch.ones(1, 1, 41, dtype=F64, requires_grad=True)
    y = x
    for _ in range(layers):
        y = F.conv1d(y, torch.ones(1, 1, 3, dtype=F64), stride=2)
    y[0, 0, 2].backward()
    hit = torch.nonzero(x.grad[0, 0]).flatten()
    return int(hit[-1] - hit[0] + 1)


_RV_SIDE = int(
    F.conv2d(torch.zeros(1, 4, 9, 9), torch.zeros(8, 4, 3, 3), stride=2, padding=1).shape[-1]
)
REVIEW_CLAIMS = claims_of(REVIEW, {
    "$$H' = \\Big\\lfloor": [lambda: [
        F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1]
        == (h + 2 * p - k) // s + 1
        for h in (5, 8, 9, 12) for k in (1, 2, 3, 5) for s in (1, 2, 3) for p in (0, 1, 2)
        if h + 2 * p >= k]],
    "and so is its instance (B.2)": [equal(_RV_SIDE, (9 + 2 - 3) // 2 + 1),
                                     equal((9 + 2 - 3) // 2 + 1, 5)],
    "\\operatorname{pad}_1(X_{n,c}) \\star G_{n,f}$$": [_rv(_rv_dw(1), 600)],
    "\\star \\operatorname{dilate}_2(G_{n,f})$$": [_rv(_rv_dw(2), 610)],
    "\\operatorname{pad}_1(G_{n,f}) \\star \\operatorname{rot}_{180}": [
        _rv(_rv_dx_op(1, 1, 0), 620)],
    "\\operatorname{crop}_1\\Big(": [_rv(_rv_dx_op(2, 2, 1), 630)],
    "G_{n,f,\\frac{p-u}{2}": [_rv(_rv_dx_index(0), 640)],
    "G_{n,f,\\frac{p+1-u}{2}": [_rv(_rv_dx_index(1), 650)],
    "Eq. (B.6)": [_rv(lambda v: all(same(v["db"], v["g"][n].sum(axis=(1, 2))) for n in range(2)),
                      660)],
    "\\Big( \\sum_{u,v} W_{f,c,u,v} \\Big)$$": [_rv(_rv_lemma, 670)],
    "receptive field $R_2 = 5$": [equal(_rf(2), 5), equal(_rf(1), 3)],
    "$$R_2 = R_1 + (K - 1)": [equal(_rf(2), _rf(1) + (3 - 1) * 2),
                              equal(3 + (3 - 1) * 2, 3 + 2 * 2), equal(3 + 2 * 2, 7)],
    "$$N_\\text{params} =": [equal(params(torch.nn.Conv2d(4, 8, 3, stride=2, padding=1)),
                                   4 * 8 * 9 + 4), equal(4 * 8 * 9 + 4, 292)],
})  # fmt: skip


# --- notebook_uebung5_faltung_export.md: X 3x3, K 2x2, b 0.5, G 2x2 given; stride 1, 0-based

NB = "notebook_uebung5_faltung_export"

_NX = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, 1.0, 1.0]])
_NK = np.array([[1.0, -1.0], [0.0, 2.0]])
_NG = np.array([[1.0, 0.0], [-1.0, 2.0]])


def _nb(x: np.ndarray, k: np.ndarray, b: float, g: np.ndarray) -> dict:
    xt, kt, bt = t64(x[None, None], True), t64(k[None, None], True), t64([b], True)
    y = F.conv2d(xt, kt, bt)
    (y * t64(g[None, None])).sum().backward()
    return {"x": x, "k": k, "b": b, "g": g, "y": y.detach().numpy()[0, 0],
            "dx": xt.grad.numpy()[0, 0], "dk": kt.grad.numpy()[0, 0],
            "db": float(bt.grad[0])}  # fmt: skip


def _nb_random(r: np.random.Generator) -> dict:
    return _nb(
        r.normal(size=(3, 3)), r.normal(size=(2, 2)), float(r.normal()), r.normal(size=(2, 2))
    )


def _nr(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_nb_random(r)), seed)


def _nb_forward(v: dict) -> bool:
    x, k = v["x"], v["k"]
    rhs = [[sum(x[i + m, j + n] * k[m, n] for m in range(2) for n in range(2)) + v["b"]
            for j in range(2)] for i in range(2)]  # fmt: skip
    return same(v["y"], rhs)


def _sigmoid_tanh(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    z = r.normal(size=6)
    zs, zt = t64(z, True), t64(z, True)
    torch.sigmoid(zs).sum().backward()
    torch.tanh(zt).sum().backward()
    return z, zs.grad.numpy(), zt.grad.numpy()


def _nb_sigmoid(r: np.random.Generator) -> bool:
    z, ds, _ = _sigmoid_tanh(r)
    s = 1 / (1 + np.exp(-z))
    return same(ds, s * (1 - s))


def _nb_tanh(r: np.random.Generator) -> bool:
    z, _, dt = _sigmoid_tanh(r)
    return same(dt, 1 + np.tanh(z) ** 2)


_NBV = _nb(_NX, _NK, 0.5, _NG)
_NB_S2 = int(F.conv2d(t64(_NX[None, None]), t64(_NK[None, None]), stride=2, padding=1).shape[-1])
NB_CLAIMS = claims_of(NB, {
    "also ist die Ausgabe $2 \\times 2$": [_nr(_nb_forward, 700)],
    "$$y_{0,0} =": [equal(_NBV["y"][0, 0], 1 * 1 + 2 * -1 + 0 * 0 + 1 * 2 + 0.5),
                    equal(1 * 1 + 2 * -1 + 0 * 0 + 1 * 2 + 0.5, 1.5)],
    "$$y_{1,1} =": [equal(_NBV["y"][1, 1], 1 * 1 + 3 * -1 + 1 * 0 + 1 * 2 + 0.5),
                    equal(1 * 1 + 3 * -1 + 1 * 0 + 1 * 2 + 0.5, 1.5)],
    "$$\\frac{\\partial L}{\\partial K} = X \\star G": [
        _nr(lambda v: same(v["dk"], corr(v["x"], v["g"])), 710),
        lambda: [same(corr(_NX, _NG), [[3, 7], [0, 2]]) and same(_NBV["dk"], [[3, 7], [0, 2]])]],
    "\\frac{1}{4} \\sum_{i,j} g_{i,j} = 0.5$$": [equal(_NBV["db"], _NG.sum() / 4),
                                                 equal(_NG.sum() / 4, 0.5)],
    "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\star K$$": [
        _nr(lambda v: same(v["dx"], corr(pad(v["g"], 1), v["k"])), 720)],
    "\\star \\operatorname{rot}_{180}(K) = \\begin{pmatrix}": [
        _nr(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["k"]))), 730),
        lambda: [same(corr(pad(_NG, 1), rot180(_NK)), [[1, -1, 0], [-1, 5, -2], [0, -2, 4]])]],
    "\\partial x_{0,2}} = g_{0,1}\\, k_{0,0}$$": [
        _nr(lambda v: math.isclose(v["dx"][0, 2], v["g"][0, 1] * v["k"][0, 0]), 740)],
    "\\Big\\rceil + 1 = 3$$": [equal(_NB_S2, math.ceil((3 + 2 - 2) / 2) + 1),
                               equal(math.ceil((3 + 2 - 2) / 2) + 1, 3)],
    "Für die nächste Übung": [trials(_nb_sigmoid, 750), trials(_nb_tanh, 760)],
})  # fmt: skip

NOTES_B: Claims = {**KLAUSUR_CLAIMS, **REVIEW_CLAIMS, **NB_CLAIMS}
