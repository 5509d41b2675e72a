"""Independent truth for the fresh24 unseen set, second part: the notes
appendix_e_grouped_conv_backprop, keras_conv2d_gradienttape_tutorial and
note_avgpool_gap_upsampling_grads (conventions as in unseen_fresh24_truth.py).

TensorFlow is not installed; the Keras note's layers are rebuilt with torch as TensorFlow
documents them: 'valid' is no padding, 'same' at stride s gives ceil(H / s) outputs with the
odd padding row at the bottom / right, MaxPooling2D defaults to 'valid' (floor), Dense stores
its kernel as (in, out), and the loss of SparseCategoricalCrossentropy is the batch mean.
Channels-last index formulas are evaluated on channels-last arrays and compared with torch's
NCHW gradients permuted to that layout.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
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
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]


# --- appendix_e_grouped_conv_backprop.md: Conv2d(4, 6, 3, groups=2), N 2, 6x6, 0-based;
# depthwise Conv2d(4, 4, 3, groups=4) in E.4

APPX = "appendix_e_grouped_conv_backprop"


def _grouped(r: np.random.Generator, groups: int = 2) -> dict:
    f_out, c_in = (6, 2) if groups == 2 else (4, 1)
    x, w, b = r.normal(size=(2, 4, 6, 6)), r.normal(size=(f_out, c_in, 3, 3)), r.normal(size=f_out)
    g = r.normal(size=(2, f_out, 4, 4))
    return {"x": x, "w": w, "b": b, "g": g, **conv(x, w, b, g, groups=groups)}


def _gp(rel: Callable[[dict], bool], seed: int, groups: int = 2) -> Truth:
    return trials(lambda r: rel(_grouped(r, groups)), seed)


def _gp_forward(channel: Callable[[int], int]) -> Callable[[dict], bool]:
    """y = b_f + sum_{c',u,v} w_{f,c',u,v} x_{n, channel(f) + c', i+u, j+v}."""

    def rel(v: dict) -> bool:
        x, w, b = v["x"], v["w"], v["b"]
        rhs = np.zeros((2, 6, 4, 4))
        for n, f, i, j in np.ndindex(2, 6, 4, 4):
            rhs[n, f, i, j] = b[f] + sum(
                w[f, c, u, t] * at(x, n, channel(f) + c, i + u, j + t)
                for c in range(2)
                for u in range(3)
                for t in range(3)
            )
        return same(v["z"], rhs)

    return rel


def _gp_dw(v: dict) -> bool:
    g, x = v["g"], v["x"]
    rhs = np.zeros((6, 2, 3, 3))
    for f, c, u, t in np.ndindex(6, 2, 3, 3):
        rhs[f, c, u, t] = sum(g[n, f, i, j] * at(x, n, 2 * (f // 3) + c, i + u, j + t)
                              for n in range(2) for i in range(4) for j in range(4))  # fmt: skip
    return same(v["dw"], rhs)


def _gp_dx_all_filters(v: dict) -> bool:
    g, w = v["g"], v["w"]  # delta zero outside its 4x4 range, as (E.4) says
    rhs = np.zeros((2, 4, 6, 6))
    for n, c, p, q in np.ndindex(2, 4, 6, 6):
        rhs[n, c, p, q] = sum(zat(g, n, f, p - u, q - t) * w[f, c % 2, u, t]
                              for f in range(6) for u in range(3) for t in range(3))  # fmt: skip
    return same(v["dx"], rhs)


def _gp_dx_operator(v: dict) -> bool:
    g, w = v["g"], v["w"]
    rhs = np.zeros((2, 4, 6, 6))
    for n, gamma, c in np.ndindex(2, 2, 2):
        rhs[n, 2 * gamma + c] = sum(corr(pad(g[n, f], 2), rot180(w[f, c]))
                                    for f in range(3 * gamma, 3 * gamma + 3))  # fmt: skip
    return same(v["dx"], rhs)


def _gp_total(v: dict) -> bool:
    g, w = v["g"], v["w"]  # (E.6) reads w_{f,c,u,v} with the global channel c
    return all(
        math.isclose(v["dx"][n, c].sum(), sum(g[n, f].sum() * w[f, c].sum()
                                              for f in range(3 * (c // 2), 3 * (c // 2) + 3)),
                     abs_tol=1e-9)
        for n in range(2) for c in range(4)
    )  # fmt: skip


def _gp_mults() -> int:
    x, w = torch.zeros(2, 4, 6, 6, dtype=F64), torch.zeros(6, 2, 3, 3, dtype=F64)
    with FlopCounterMode(display=False) as counter:
        F.conv2d(x, w, groups=2)
    return counter.get_total_flops() // 2


def _dw_dx_all(v: dict) -> bool:
    g, w = v["g"], v["w"]
    rhs = [[sum(corr(pad(g[n, f], 2), rot180(w[f, 0])) for f in range(4)) for _ in range(4)]
           for n in range(2)]  # fmt: skip
    return same(v["dx"], rhs)


def _dw_dw(v: dict) -> bool:
    rhs = [[sum(corr(v["x"][n, c], v["g"][n, c]) for n in range(2))] for c in range(4)]
    return same(v["dw"], rhs)


APPX_CLAIMS: Claims = {
    (APPX, 9, 1): _gp(_gp_forward(lambda f: 2 * (f // 3)), 700),
    (APPX, 11, 1): equal(conv_out(6, 3), 6 - 3 + 1),
    (APPX, 11, 2): equal(6 - 3 + 1, 4),
    (APPX, 13, 1): equal(params(torch.nn.Conv2d(4, 6, 3, groups=2)), 6 * 2 * 9 + 6),
    (APPX, 13, 2): equal(6 * 2 * 9 + 6, 114),
    (APPX, 13, 3): lambda: [params(torch.nn.Conv2d(4, 6, 3)) == 6 * 4 * 9 + 6 == 222],
    (APPX, 19, 1): _gp(_gp_dw, 710),
    (APPX, 21, 1): _gp(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 720),
    (APPX, 25, 1): _gp(_gp_dx_all_filters, 730),
    (APPX, 29, 1): _gp(_gp_dx_operator, 740),
    (APPX, 33, 1): _gp(_gp_total, 750),
    (APPX, 37, 1): _gp(_gp_forward(lambda f: 2 * (f % 2)), 760),
    (APPX, 43, 1): lambda: [_gp_mults() == 2 * 6 * 16 * 2 * 9],
    (APPX, 43, 2): equal(2 * 6 * 16 * 2 * 9, 3465),
    (APPX, 47, 4): equal(params(torch.nn.Conv2d(4, 4, 3, groups=4)), 4 * 9),
    (APPX, 47, 5): equal(4 * 9, 36),
    (APPX, 49, 1): _gp(_dw_dx_all, 770, groups=4),
    (APPX, 51, 1): _gp(_dw_dw, 780, groups=4),
}


# --- keras_conv2d_gradienttape_tutorial.md: (8, 28, 28, 1) -> Conv2D(16, 3, 'valid', relu) ->
# Conv2D(32, 3, strides=2, 'same') -> MaxPooling2D(2) -> Flatten -> Dense(10)

KERAS = "keras_conv2d_gradienttape_tutorial"


def _tf_same_pad(h: int, k: int, s: int) -> tuple[int, int]:
    """TensorFlow's 'same': ceil(h/s) outputs, total padding split with the extra at the end."""
    total = max((math.ceil(h / s) - 1) * s + k - h, 0)
    return total // 2, total - total // 2


def _keras_model() -> tuple[list[torch.nn.Module], int]:
    """The model's layers in torch (NCHW) and the flattened feature count they produce."""
    conv1, conv2 = torch.nn.Conv2d(1, 16, 3), torch.nn.Conv2d(16, 32, 3, stride=2)
    x = torch.zeros(8, 1, 28, 28)
    a = torch.relu(conv1(x))
    top, bottom = _tf_same_pad(a.shape[-1], 3, 2)
    a = F.max_pool2d(conv2(F.pad(a, (top, bottom, top, bottom))), 2)
    features = int(a.flatten(1).shape[1])
    return [conv1, conv2, torch.nn.Linear(features, 10)], features


def _keras_side_after(stage: str) -> int:
    a = torch.zeros(1, 16, 26, 26)
    top, bottom = _tf_same_pad(26, 3, 2)
    a = F.conv2d(F.pad(a, (top, bottom, top, bottom)), torch.zeros(32, 16, 3, 3), stride=2)
    return int(a.shape[-1] if stage == "conv2" else F.max_pool2d(a, 2).shape[-1])


_K_LAYERS, _K_FEATURES = _keras_model()


def _keras_conv1(r: np.random.Generator) -> dict:
    """conv1 on channels-last arrays: X (8, 28, 28, 1), W (3, 3, 1, 16), delta (8, 26, 26, 16)."""
    x, w, b = r.normal(size=(8, 28, 28, 1)), r.normal(size=(3, 3, 1, 16)), r.normal(size=16)
    d = r.normal(size=(8, 26, 26, 16))
    t = conv(x.transpose(0, 3, 1, 2), w.transpose(3, 2, 0, 1), b, d.transpose(0, 3, 1, 2))
    return {"x": x, "d": d, "dw": t["dw"].transpose(2, 3, 1, 0), "db": t["db"]}


def _k_dw(v: dict) -> bool:
    x, d = v["x"], v["d"]
    rhs = np.zeros((3, 3, 1, 16))
    for u, t in np.ndindex(3, 3):
        rhs[u, t] = np.einsum("nijc,nijf->cf", x[:, u : u + 26, t : t + 26, :], d)
    return same(v["dw"], rhs)


def _k_db_per_image(v: dict) -> bool:
    return all(same(v["db"], v["d"][n].sum(axis=(0, 1))) for n in range(8))


def _k_relu_mask(r: np.random.Generator) -> bool:
    z, up = r.normal(size=(8, 26, 26, 16)), r.normal(size=(8, 26, 26, 16))
    zt = t64(z, True)
    (torch.relu(zt) * t64(up)).sum().backward()
    return same(zt.grad.numpy(), up * (np.maximum(z, 0) >= 0))


def _k_same_dx(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(28, 28)), r.normal(size=(3, 3)), r.normal(size=(28, 28))
    dx = conv(x[None, None], w[None, None], None, g[None, None], padding=1)["dx"][0, 0]
    return same(dx, corr(pad(g, 1), rot180(w)))


def _k_ce(r: np.random.Generator) -> bool:
    s, labels = r.normal(size=(8, 10)), r.integers(0, 10, size=8)
    st = t64(s, True)
    F.cross_entropy(st, torch.tensor(labels)).backward()  # reduction='mean', as Keras's default
    p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    return same(st.grad.numpy(), p - np.eye(10)[labels])


def _k_dense(r: np.random.Generator) -> dict:
    h, v, c, g = (r.normal(size=s) for s in ((8, 1568), (1568, 10), (10,), (8, 10)))
    ht, vt = t64(h, True), t64(v, True)
    ((ht @ vt + t64(c)) * t64(g)).sum().backward()
    return {"h": h, "v": v, "g": g, "dh": ht.grad.numpy(), "dv": vt.grad.numpy()}


_K_TOTAL = sum(params(m) for m in _K_LAYERS)
KERAS_CLAIMS: Claims = {
    (KERAS, 20, 1): lambda: [conv_out(28, 3) == 28 - 3 + 1 == 26],
    (KERAS, 20, 2): lambda: [params(_K_LAYERS[0]) == 3 * 3 * 1 * 16 + 16 == 160],
    (KERAS, 21, 1): lambda: [_keras_side_after("conv2") == math.ceil(26 / 2) == 13],
    (KERAS, 21, 2): equal(params(_K_LAYERS[1]), 3 * 3 * 16 * 32 + 32),
    (KERAS, 21, 3): equal(3 * 3 * 16 * 32 + 32, 4640),
    (KERAS, 22, 1): equal(_keras_side_after("pool"), math.ceil(13 / 2)),
    (KERAS, 22, 2): equal(math.ceil(13 / 2), 7),
    (KERAS, 23, 1): equal(params(_K_LAYERS[2]), 1568 * 10 + 10),
    (KERAS, 23, 2): equal(1568 * 10 + 10, 15690),
    (KERAS, 25, 1): equal(_K_TOTAL, 160 + 4640 + 15690),
    (KERAS, 25, 2): equal(160 + 4640 + 15690, 20490),
    (KERAS, 31, 1): trials(_k_relu_mask, 800),
    (KERAS, 35, 1): trials(lambda r: _k_dw(_keras_conv1(r)), 810),
    (KERAS, 39, 1): trials(lambda r: _k_db_per_image(_keras_conv1(r)), 820),
    (KERAS, 43, 1): trials(_k_same_dx, 830),
    (KERAS, 49, 1): trials(_k_ce, 840),
    (KERAS, 53, 1): trials(
        lambda r: (lambda v: same(v["dv"], v["h"].T @ v["g"]))(_k_dense(r)), 850
    ),
    (KERAS, 53, 2): trials(lambda r: (lambda v: same(v["dh"], v["v"] @ v["g"]))(_k_dense(r)), 860),
}


# --- note_avgpool_gap_upsampling_grads.md: the note's own X (4x4) and G matrices, 0-based

POOL = "note_avgpool_gap_upsampling_grads"

_PX = np.array([[1, 3, 2, 0], [4, 2, 6, 4], [0, 1, 5, 3], [6, 7, 1, 3]], dtype=np.float64)
_PG = np.array([[4, -2], [8, 1]], dtype=np.float64)
_PG3 = np.array([[9, 18], [-9, 27]], dtype=np.float64)
_UG = np.array([[1, 2, 0, 1], [3, -1, 2, 2], [0, 0, 1, 1], [4, -2, 1, 3]], dtype=np.float64)


def _avg(x: np.ndarray, g: np.ndarray, k: int, s: int) -> dict:
    xt = t64(x[None, None], True)
    y = F.avg_pool2d(xt, k, stride=s)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _upsample_grad(g: np.ndarray) -> np.ndarray:
    xt = t64(np.zeros((1, 1, g.shape[0] // 2, g.shape[1] // 2)), True)
    (F.interpolate(xt, scale_factor=2, mode="nearest") * t64(g[None, None])).sum().backward()
    return xt.grad.numpy()[0, 0]


def _gap(r: np.random.Generator) -> bool:
    a, g = r.normal(size=(2, 4, 4)), r.normal(size=2)
    at_ = t64(a, True)
    (at_.mean(dim=(1, 2)) * t64(g)).sum().backward()
    return same(at_.grad.numpy(), np.broadcast_to(g[:, None, None] / 16, (2, 4, 4)))


def _gap_dense(r: np.random.Generator) -> bool:
    a, v, d, gam = (r.normal(size=s) for s in ((2, 4, 4), (3, 2), (3,), (3,)))
    at_ = t64(a, True)
    ((t64(v) @ at_.mean(dim=(1, 2)) + t64(d)) * t64(gam)).sum().backward()
    rhs = np.zeros((2, 4, 4))
    for c, i, j in np.ndindex(2, 4, 4):
        rhs[c, i, j] = sum(at(v, c, k) * gam[k] for k in range(3)) / 16
    return same(at_.grad.numpy(), rhs)


def _upsample_formula(r: np.random.Generator) -> bool:
    g = r.normal(size=(6, 6))
    rhs = [[sum(g[2 * p + a, 2 * q + b] for a in (0, 1) for b in (0, 1)) for q in range(3)]
           for p in range(3)]  # fmt: skip
    return same(_upsample_grad(g), rhs)


def _side_avg2(h: int) -> int:
    return int(F.avg_pool2d(torch.zeros(1, 1, h, h, dtype=F64), 2).shape[-1])


POOL_CLAIMS: Claims = {
    (POOL, 13, 1): single(lambda: same(_avg(_PX, _PG, 2, 2)["y"], [[2.5, 3], [3.5, 3]])),
    (POOL, 17, 1): single(
        lambda: same(_avg(_PX, _PG, 2, 2)["dx"], np.kron(_PG, np.ones((2, 2))) / 4)
    ),
    (POOL, 17, 2): single(
        lambda: same(
            _avg(_PX, _PG, 2, 2)["dx"],
            [[1, 1, -0.5, -0.5], [1, 1, -0.5, -0.5], [2, 2, 0.25, 0.25], [2, 2, 0.25, 0.25]],
        )
    ),
    (POOL, 19, 1): single(lambda: math.isclose(_avg(_PX, _PG, 2, 2)["dx"][3, 3], _PG[1, 1])),
    (POOL, 21, 1): single(lambda: math.isclose(_avg(_PX, _PG, 2, 2)["dx"].sum(), _PG.sum() / 4)),
    (POOL, 23, 1): equal(_side_avg2(5), math.ceil(5 / 2)),
    (POOL, 23, 2): equal(math.ceil(5 / 2), 3),
    (POOL, 29, 1): single(
        lambda: math.isclose(_avg(_PX, _PG3, 3, 1)["dx"][1, 1], (9 + 18 - 9 + 27) / 9)
    ),
    (POOL, 29, 2): equal((9 + 18 - 9 + 27) / 9, 5),
    (POOL, 31, 1): single(lambda: math.isclose(_avg(_PX, _PG3, 3, 1)["dx"][0, 1], 9 / 9)),
    (POOL, 31, 2): equal(9 / 9, 1),
    (POOL, 37, 1): trials(_gap, 900),
    (POOL, 39, 2): equal(-1.6 / 16, -0.01),
    (POOL, 43, 1): trials(_gap_dense, 910),
    (POOL, 49, 1): trials(_upsample_formula, 920),
    (POOL, 57, 1): single(lambda: same(_upsample_grad(_UG), [[5, 5], [2, 6]])),
    (POOL, 59, 1): single(lambda: math.isclose(_upsample_grad(_UG)[1, 1], (1 + 1 + 1 + 3) / 4)),
    (POOL, 59, 2): equal((1 + 1 + 1 + 3) / 4, 1.5),
}

NOTES_B: Claims = {**APPX_CLAIMS, **KERAS_CLAIMS, **POOL_CLAIMS}
