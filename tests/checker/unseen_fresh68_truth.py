"""Independent truth for the fresh68 unseen set (tests/data/check/unseen/fresh68/): the notes
lecture_backprop_tiny_cnn_end_to_end, blog_keras_parameter_und_mac_budget,
sciaga_splot_grupowy_wielokanalowy and klausur_stride2_musterloesung_mit_punkten (the other three
live in unseen_fresh68_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A link between two written numbers is arithmetic; a size, count or entry
named on the left must equal the true one.  A Keras layer is checked on its PyTorch twin (same
weights per filter, 'same' = padding 1 for k = 3 and stride 1).
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
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh68"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def rounds_to(value: float, written: float, unit: float) -> bool:
    """A value written rounded to ``unit`` (0.01 for two decimals): within half a unit."""
    return abs(value - written) <= unit / 2 + 1e-12


def rounds_all(values: object, written: object, unit: float) -> bool:
    v, w = np.asarray(values, dtype=np.float64), np.asarray(written, dtype=np.float64)
    return v.shape == w.shape and bool(np.all(np.abs(v - w) <= unit / 2 + 1e-12))


# --- lecture_backprop_tiny_cnn_end_to_end.md (English lecture notes): conv1 (one 2 x 2 kernel,
# b_1 = 0) -> ReLU -> maxpool 2 -> conv2 (two 2 x 2 filters, c = (0, 1)) -> dense (d = 0) ->
# softmax + cross-entropy with label 1, 0-based.  The backward numbers start from the note's
# rounded delta z, fed to autograd as the upstream gradient of the logits.

LEC = "lecture_backprop_tiny_cnn_end_to_end"
LX = np.array(
    [[1.0, 0, 2, 1, 0], [0, 1, 1, 0, 2], [2, 1, 0, 1, 1], [1, 0, 1, 2, 0], [0, 2, 1, 0, 1]]
)
LK1 = np.array([[1.0, -1], [0, 1]])
LV = np.array([[[1.0, 0], [0, 1]], [[0.0, 1], [-1, 1]]])
LC = np.array([0.0, 1.0])
LW = np.array([[1.0, 0], [0, 1], [1, -1]])
LDZ = np.array([0.72, -0.73, 0.01])  # the note's rounded p minus e_1


def tiny_net(x: np.ndarray, k1: np.ndarray, upstream: np.ndarray | None) -> dict:
    """The note's network in torch; the logits' gradient is ``upstream`` (or the true CE one)."""
    xt, kt = t64(x, True), t64(k1, True)
    b1 = torch.zeros(1, dtype=F64, requires_grad=True)
    vt, ct = t64(LV[:, None], True), t64(LC, True)
    wt, dt = t64(LW, True), torch.zeros(3, dtype=F64, requires_grad=True)
    z1 = F.conv2d(xt[None, None], kt[None, None], b1)
    a1 = F.relu(z1)
    p = F.max_pool2d(a1, 2)
    h = F.conv2d(p, vt, ct).reshape(-1)
    z = wt @ h + dt
    for t in (z1, a1, p, h, z):
        t.retain_grad()
    if upstream is None:
        F.cross_entropy(z[None], torch.tensor([1])).backward()
    else:
        (z * t64(upstream)).sum().backward()
    g = {"dX": xt.grad, "dK1": kt.grad, "db1": b1.grad, "dV": vt.grad, "dc": ct.grad}
    g |= {"dW": wt.grad, "dd": dt.grad, "dZ1": z1.grad, "dA1": a1.grad, "dP": p.grad}
    g |= {"dh": h.grad, "dz": z.grad}
    out = {k: v.detach().numpy().squeeze() for k, v in g.items()}
    for k, v in {"Z1": z1, "P": p, "h": h, "z": z}.items():
        out[k] = v.detach().numpy().squeeze()
    return out


LN = tiny_net(LX, LK1, LDZ)
L_CE = F.cross_entropy(t64(LN["z"])[None], torch.tensor([1])).item()
LEC_PARAMS = [params(nn.Conv2d(1, 1, 2)), params(nn.Conv2d(1, 2, 2)), params(nn.Linear(2, 3))]


def _softmax_jacobian(r: np.random.Generator) -> bool:
    """The note's p_i (delta_ij - p_i) against torch's Jacobian of the softmax."""
    z = t64(r.normal(size=4))
    jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z).numpy()
    p = torch.softmax(z, 0).numpy()
    return same(jac, p[:, None] * (np.eye(4) - p[:, None]))


def _ce_grad(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=5), True)
    y = int(r.integers(5))
    F.cross_entropy(z[None], torch.tensor([y])).backward()
    return same(z.grad.numpy(), torch.softmax(z, 0).detach().numpy() - np.eye(5)[y])


def _dense(r: np.random.Generator) -> dict:
    """z = W h + d in torch with a random upstream dz."""
    w, h, d, dz = r.normal(size=(3, 2)), r.normal(size=2), r.normal(size=3), r.normal(size=3)
    wt, ht, dt = t64(w, True), t64(h, True), t64(d, True)
    ((wt @ ht + dt) * t64(dz)).sum().backward()
    return {"w": w, "h": h, "dz": dz, "dW": wt.grad.numpy(), "dh": ht.grad.numpy(),
            "dd": dt.grad.numpy()}  # fmt: skip


def _conv2_rule(r: np.random.Generator) -> dict:
    """conv2 (two 2 x 2 filters) on a random 2 x 2 map P with random upstream dh."""
    p, v, c, dh = (
        r.normal(size=(2, 2)),
        r.normal(size=(2, 1, 2, 2)),
        r.normal(size=2),
        r.normal(size=2),
    )
    pt, vt, ct = t64(p[None, None], True), t64(v, True), t64(c, True)
    (F.conv2d(pt, vt, ct).reshape(-1) * t64(dh)).sum().backward()
    return {"p": p, "v": v, "dh": dh, "dV": vt.grad.numpy(), "dc": ct.grad.numpy(),
            "dP": pt.grad.numpy()[0, 0]}  # fmt: skip


def _pool_rule(r: np.random.Generator) -> bool:
    """delta A[i,j] = delta P[i//2, j//2] at the window's arg-max, else 0 (no ties: normal)."""
    a = r.normal(size=(4, 4))
    at_, dp = t64(a[None, None], True), r.normal(size=(2, 2))
    (F.max_pool2d(at_, 2)[0, 0] * t64(dp)).sum().backward()
    rule = np.zeros((4, 4))
    for i in range(4):
        for j in range(4):
            window = a[2 * (i // 2) : 2 * (i // 2) + 2, 2 * (j // 2) : 2 * (j // 2) + 2]
            rule[i, j] = dp[i // 2, j // 2] if a[i, j] == window.max() else 0.0
    return same(at_.grad.numpy()[0, 0], rule)


def _relu_mask(r: np.random.Generator) -> bool:
    """The note's mask step(A_1), 1 wherever A_1 = relu(Z_1) is non-negative, against autograd."""
    z, da = r.normal(size=(4, 4)), r.normal(size=(4, 4))
    zt = t64(z, True)
    (F.relu(zt) * t64(da)).sum().backward()
    return same(zt.grad.numpy(), da * (np.maximum(z, 0) >= 0))


def _conv1_grads(r: np.random.Generator) -> dict:
    x, k, dz1 = r.normal(size=(5, 5)), r.normal(size=(2, 2)), r.normal(size=(4, 4))
    xt, kt = t64(x, True), t64(k, True)
    b = torch.zeros(1, dtype=F64, requires_grad=True)
    (F.conv2d(xt[None, None], kt[None, None], b)[0, 0] * t64(dz1)).sum().backward()
    return {"x": x, "k": k, "g": dz1, "dX": xt.grad.numpy(), "dK": kt.grad.numpy(),
            "db": b.grad.item()}  # fmt: skip


def _batch_ce(r: np.random.Generator) -> bool:
    """Mean cross-entropy over a batch: dL/dz_n against p_n - e_{y_n} (N = 2 and 4)."""
    out = []
    for n in (2, 4):
        z, y = t64(r.normal(size=(n, 3)), True), torch.tensor(r.integers(3, size=n))
        F.cross_entropy(z, y).backward()
        p = torch.softmax(z, 1).detach().numpy()
        out.append(same(z.grad.numpy(), p - np.eye(3)[y.numpy()]))
    return all(out)


def _batch_conv1(r: np.random.Generator) -> dict:
    """A batch of N = 3 through conv1 with a loss weighted like the mean: the per-image error
    maps dL/dZ_{1,n} come from autograd."""
    n = 3
    x, k, g = r.normal(size=(n, 1, 5, 5)), r.normal(size=(1, 1, 2, 2)), r.normal(size=(n, 1, 4, 4))
    xt, kt = t64(x, True), t64(k, True)
    b = torch.zeros(1, dtype=F64, requires_grad=True)
    z = F.conv2d(xt, kt, b)
    z.retain_grad()
    ((z * t64(g)).sum() / n).backward()
    dz = z.grad.numpy()
    return {"x": x, "dZ": dz, "dK": kt.grad.numpy()[0, 0], "db": b.grad.item(), "n": n}


LEC_CLAIMS = claims_of(
    LEC,
    {
        "Parameter count: conv1 has 5": [
            equal(LEC_PARAMS[2], 3 * 2),
            equal(3 * 2, 6),
            equal(sum(LEC_PARAMS), 5 + 10 + 6),
            equal(5 + 10 + 6, 21),
        ],
        "Sizes: $H_1 = 5 - 2 + 1 = 4$": [
            equal(conv_out(5, 2), 5 - 2 + 1),
            equal(5 - 2 + 1, 4),
        ],
        "$Z_1[0,0] = 1 \\cdot 1": [
            single(lambda: math.isclose(LN["Z1"][0, 0], 1 * 1 + 0 * (-1) + 0 * 0 + 1 * 1)),
            equal(1 * 1 + 0 * (-1) + 0 * 0 + 1 * 1, 2),
        ],
        "$$Z_1 = X \\star K_1 + b_1": [
            None,
            single(
                lambda: same(LN["Z1"], [[2, -1, 1, 3], [0, 0, 2, 1], [1, 2, 1, 0], [3, 0, -1, 3]])
            ),
            None,
            single(lambda: same(LN["P"], [[2, 3], [3, 3]])),
        ],
        "Then $h_1 = \\langle V_1": [
            single(lambda: math.isclose(LN["h"][0], np.sum(LV[0] * LN["P"]) + LC[0])),
            single(lambda: math.isclose(LN["h"][0], 5)),
            single(lambda: math.isclose(LN["h"][1], np.sum(LV[1] * LN["P"]) + LC[1])),
            single(lambda: math.isclose(LN["h"][1], 4)),
            None,
            single(lambda: same(LW @ LN["h"], [5, 4, 1])),
        ],
        "$$p = \\operatorname{softmax}(z)": [
            None,
            single(
                lambda: rounds_all(torch.softmax(t64(LN["z"]), 0).numpy(), [0.72, 0.27, 0.01], 0.01)
            ),
            None,
            single(lambda: rounds_to(L_CE, 1.33, 0.01)),
        ],
        "**Softmax + CE.**": [
            trials(_softmax_jacobian, 6801),
            None,
            trials(_ce_grad, 6802),
            single(lambda: same(np.array([0.72, 0.27, 0.01]) - np.eye(3)[1], [0.72, -0.73, 0.01])),
        ],
        "**Dense.**": [
            trials(lambda r: same((v := _dense(r))["dW"], np.outer(v["h"], v["dz"])), 6803),
            trials(lambda r: same((v := _dense(r))["dd"], v["dz"]), 6804),
        ],
        "\\delta h = \\frac{\\partial L}{\\partial h} = W^\\top": [
            single(lambda: same(LN["dW"], [[3.6, 2.88], [-3.65, -2.92], [0.05, 0.04]])),
            None,
            trials(lambda r: same((v := _dense(r))["dh"], v["w"].T @ v["dz"]), 6805),
            single(lambda: same(LW.T @ LDZ, [0.73, -0.74])),
        ],
        "**conv2.** Each": [
            trials(
                lambda r: same((v := _conv2_rule(r))["dV"][:, 0], v["dh"][:, None, None] * v["p"]),
                6806,
            ),
            trials(lambda r: same((v := _conv2_rule(r))["dc"], v["dh"]), 6807),
        ],
        "$$\\frac{\\partial L}{\\partial V_2} = \\begin{bmatrix}": [
            single(lambda: same(LN["dV"][1], [[-1.48, -2.22], [-2.22, -2.22]])),
            single(lambda: same(LN["dP"], [[0.73, -0.74], [0.74, -0.01]])),
        ],
        "**Max pool.**": [trials(_pool_rule, 6808)],
        "$$\\delta A_1 = \\begin{bmatrix}": [
            single(
                lambda: same(
                    LN["dA1"],
                    [[0.73, 0, 0, -0.74], [0, 0, 0, 0], [0, 0, 0, 0], [0.74, 0, 0, -0.01]],
                )
            )
        ],
        "**ReLU.**": [
            trials(_relu_mask, 6809),
            single(lambda: same(LN["dZ1"], LN["dA1"])),
        ],
        "X \\star \\delta Z_1, \\qquad": [
            trials(lambda r: same((v := _conv1_grads(r))["dK"], corr(v["x"], v["g"])), 6810),
            single(
                lambda: math.isclose(LN["dK1"][0, 0], 0.73 * 1 - 0.74 * 1 + 0.74 * 1 - 0.01 * 2)
            ),
            equal(0.73 * 1 - 0.74 * 1 + 0.74 * 1 - 0.01 * 2, 0.72),
        ],
        "and by the same token": [
            single(lambda: same(LN["dK1"], [[0.72, 0], [0, 0.72]])),
            trials(lambda r: math.isclose((v := _conv1_grads(r))["db"], v["g"].sum()), 6811),
            equal(0.73 - 0.74 + 0.74 - 0.01, 0.72),
        ],
        "**Input (if we wanted it).**": [
            trials(
                lambda r: same((v := _conv1_grads(r))["dX"], corr(pad(v["g"], 1), v["k"])), 6812
            ),
            single(
                lambda: math.isclose(
                    LN["dX"][1, 0], LN["dZ1"][0, 0] * LK1[0, 1] + LN["dZ1"][1, 0] * LK1[1, 1]
                )
            ),
            equal(0.73 * (-1) + 0 * 1, -0.73),
        ],
        "With a batch of $N$ images": [
            None,
            trials(_batch_ce, 6813),
            trials(
                lambda r: same(
                    (v := _batch_conv1(r))["dK"],
                    sum(corr(v["x"][n, 0], v["dZ"][n, 0]) for n in range(v["n"])),
                ),
                6814,
            ),
            trials(
                lambda r: math.isclose((v := _batch_conv1(r))["db"], v["dZ"].sum() / v["n"]),
                6815,
            ),
        ],
    },
)


# --- blog_keras_parameter_und_mac_budget.md (German blog): the Keras Sequential on 32 x 32 x 3,
# checked on its PyTorch twin (Keras' Conv2D with groups splits the channels into consecutive
# blocks as PyTorch does; 'same' with k = 3, stride 1 is padding 1; 'valid' is padding 0).


KERAS = "blog_keras_parameter_und_mac_budget"


def keras_twin(groups: int = 4) -> nn.Sequential:
    torch.manual_seed(6820)
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1, groups=groups),
        nn.ReLU(),
        nn.Conv2d(64, 64, 3, stride=2),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(64, 10),
    ).double()


KNET = keras_twin()
KSHAPES = {}
_h = torch.zeros(1, 3, 32, 32, dtype=F64)
for _k, _m in enumerate(KNET):
    _h = _m(_h)
    KSHAPES[_k] = tuple(_h.shape)
KP = {name: params(KNET[k]) for name, k in (("c1", 0), ("c2", 3), ("c3", 5), ("fc", 9))}
KM = {
    "c1": flops_half(lambda: KNET[0](torch.zeros(1, 3, 32, 32, dtype=F64))),
    "c2": flops_half(lambda: KNET[3](torch.zeros(1, 32, 16, 16, dtype=F64))),
    "c3": flops_half(lambda: KNET[5](torch.zeros(1, 64, 16, 16, dtype=F64))),
    "fc": flops_half(lambda: KNET[9](torch.zeros(1, 64, dtype=F64))),
}


def _keras_same_stride2() -> int:
    """Keras 'same' with stride 2 on 16 pads max((ceil(16/2) - 1) * 2 + 3 - 16, 0) = 1 in
    total, at the bottom/right; the output side of that padded valid convolution."""
    x = F.pad(torch.zeros(1, 1, 16, 16, dtype=F64), (0, 1, 0, 1))
    return int(F.conv2d(x, torch.zeros(1, 1, 3, 3, dtype=F64), stride=2).shape[-1])


def _grouped_count(c_in: int, c_out: int, k: int, g: int) -> bool:
    return params(nn.Conv2d(c_in, c_out, k, groups=g)) == c_out * (k * k * c_in / g + 1)


def _keras_dense(r: np.random.Generator) -> dict:
    """Keras Dense: Z = A K + b with K of shape (64, 10), batch of 5, random upstream."""
    a, k, b, g = (
        r.normal(size=(5, 64)),
        r.normal(size=(64, 10)),
        r.normal(size=10),
        r.normal(size=(5, 10)),
    )
    at_, kt, bt = t64(a, True), t64(k, True), t64(b, True)
    ((at_ @ kt + bt) * t64(g)).sum().backward()
    return {"a": a, "k": k, "g": g, "dK": kt.grad.numpy(), "db": bt.grad.numpy(),
            "dA": at_.grad.numpy()}  # fmt: skip


def _gap_backward(r: np.random.Generator) -> bool:
    """The global average pool behind conv3 (a 7 x 7 map) against the note's factor 1/64."""
    side = KSHAPES[5][-1]
    a = t64(r.normal(size=(2, 64, side, side)), True)
    up = r.normal(size=(2, 64))
    (F.adaptive_avg_pool2d(a, 1).reshape(2, 64) * t64(up)).sum().backward()
    return same(a.grad.numpy(), np.broadcast_to(up[:, :, None, None] / 64, a.shape))


def _keras_total_ungrouped() -> int:
    net = keras_twin(groups=1)
    return sum(params(net[k]) for k in (0, 3, 5, 9))


KERAS_CLAIMS = claims_of(
    KERAS,
    {
        "das Pooling halbiert auf": [
            equal(KSHAPES[2][-1], 32 / 2),
            equal(32 / 2, 16),
        ],
        "$$H_3 = \\left\\lceil": [
            equal(KSHAPES[5][-1], math.ceil((16 - 3) / 2) + 1),
            equal(math.ceil((16 - 3) / 2) + 1, 8),
        ],
        "Zum Vergleich:": [
            lambda: [math.ceil(16 / 2) == 8, _keras_same_stride2() == 8],
        ],
        "Allgemein hat eine": [
            grid(
                _grouped_count,
                [(3, 32, 3, 1), (32, 64, 3, 4), (64, 64, 3, 1), (6, 9, 5, 3), (8, 4, 1, 4)],
            )
        ],
        "$$P_1 = 3^2": [
            equal(KP["c1"], 3**2 * 3 * 32 + 32),
            equal(3**2 * 3 * 32 + 32, 896),
            equal(KP["c3"], 3**2 * 64 * 64 + 64),
            equal(3**2 * 64 * 64 + 64, 36928),
            equal(KP["fc"], 64 * 10 + 10),
            equal(64 * 10 + 10, 650),
        ],
        "Bei conv2 sieht jeder Filter": [
            equal(KNET[3].weight.shape[1], 32 / 4),
            equal(KP["c2"], 3**2 * 8 * 64 + 64),
            equal(3**2 * 8 * 64 + 64, 4672),
            equal(KP["c2"], params(nn.Conv2d(32, 64, 3, padding=1)) / 4),
            equal(params(nn.Conv2d(32, 64, 3, padding=1)) / 4, 18496 / 4),
        ],
        "Summe: $P = 896": [
            equal(sum(KP.values()), 896 + 4672 + 36928 + 650),
            equal(896 + 4672 + 36928 + 650, 43146),
            equal(_keras_total_ungrouped(), 43146 + 3 * 4672),
            equal(43146 + 3 * 4672, 57162),
        ],
        "$$M_1 = 32^2": [
            equal(KM["c1"], 32**2 * 32 * (3**2 * 3)),
            equal(32**2 * 32 * (3**2 * 3), 884736),
        ],
        "$$M_2 = 16^2": [
            equal(KM["c2"], 16**2 * 64 * (3**2 * 32)),
            equal(16**2 * 64 * (3**2 * 32), 4718592),
        ],
        "$$M_3 = 8^2": [
            equal(KM["c3"], 8**2 * 64 * (3**2 * 64)),
            equal(8**2 * 64 * (3**2 * 64), 2359296),
            equal(KM["fc"], 64 * 10),
            equal(64 * 10, 640),
        ],
        "Insgesamt also": [
            None,
            equal(sum(KM.values()), 7963264),
        ],
        "Interessant: conv3": [
            equal(KP["c3"] / KP["c1"], 36928 / 896),
            single(lambda: rounds_to(36928 / 896, 41, 1)),
            single(lambda: rounds_to(KM["c3"] / KM["c1"], 2.67, 0.01)),
        ],
        "\\frac{\\partial L}{\\partial K} = A^\\top": [
            trials(lambda r: same((v := _keras_dense(r))["dK"], v["a"].T @ v["g"]), 6821),
            trials(lambda r: same((v := _keras_dense(r))["db"], v["g"].sum(axis=0) / 5), 6822),
            trials(lambda r: same((v := _keras_dense(r))["dA"], v["g"] @ v["k"]), 6823),
        ],
        "Das globale Mittel verteilt": [trials(_gap_backward, 6824)],
        "Auch die Aktivierungen": [
            lambda: [
                math.prod(KSHAPES[0][1:]) == 32 * 32 * 32,
                32 * 32 * 32 == 32768,
            ]
        ],
    },
)


# --- sciaga_splot_grupowy_wielokanalowy.md (Polish cheat sheet): 1-based indices, groups of
# consecutive channels (PyTorch), valid, stride s, G = dL/dY.  The note's index formulas are
# evaluated literally (1-based shifted to NumPy's 0-based at the last moment).

SCI = "sciaga_splot_grupowy_wielokanalowy"


def gconv(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray, groups: int, s: int) -> dict:
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv2d(xt, wt, bt, stride=s, groups=groups)
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dX": xt.grad.numpy(), "dW": wt.grad.numpy(),
            "db": bt.grad.numpy()}  # fmt: skip


SCI_SIZES = [(2, 6, 4, 2, 3, 1, 8), (1, 4, 6, 2, 2, 2, 7), (2, 6, 6, 3, 2, 1, 5)]


def _sci_case(
    r: np.random.Generator, n: int, c: int, f: int, g: int, k: int, s: int, h: int
) -> dict:
    ho = (h - k) // s + 1
    x, w = r.normal(size=(n, c, h, h)), r.normal(size=(f, c // g, k, k))
    b, gy = r.normal(size=f), r.normal(size=(n, f, ho, ho))
    return {**gconv(x, w, b, gy, g, s), "x": x, "w": w, "b": b, "G": gy, "N": n, "C": c, "F": f,
            "g": g, "k": k, "s": s, "H": h, "Ho": ho}  # fmt: skip


def X1(v: dict, n: int, c: int, p: int, q: int) -> float:
    """X[n, c, p, q] with 1-based indices (strict: an index outside the tensor raises)."""
    for i, size in zip((n, c, p, q), v["x"].shape, strict=True):
        if not 1 <= i <= size:
            raise IndexError((n, c, p, q))
    return float(v["x"][n - 1, c - 1, p - 1, q - 1])


def G1(v: dict, n: int, f: int, i: int, j: int) -> float:
    """G[n, f, i, j], 1-based, zero outside the output range (the note's 'G = 0 poza zakresem')."""
    if not (1 <= i <= v["Ho"] and 1 <= j <= v["Ho"]):
        return 0.0
    return float(v["G"][n - 1, f - 1, i - 1, j - 1])


def W1(v: dict, f: int, c: int, u: int, w_: int) -> float:
    for i, size in zip((f, c, u, w_), v["w"].shape, strict=True):
        if not 1 <= i <= size:
            raise IndexError((f, c, u, w_))
    return float(v["w"][f - 1, c - 1, u - 1, w_ - 1])


def gamma(f: int, g: int, big_f: int) -> int:
    return math.ceil(f * g / big_f)


def kappa(c: int, g: int, big_c: int) -> int:
    return math.ceil(c * g / big_c)


def _sci_forward(v: dict) -> bool:
    n_, c_, f_, g_, k_, s_ = v["N"], v["C"], v["F"], v["g"], v["k"], v["s"]
    cg = c_ // g_
    out = np.zeros_like(v["y"])
    for n in range(1, n_ + 1):
        for f in range(1, f_ + 1):
            for i in range(1, v["Ho"] + 1):
                for j in range(1, v["Ho"] + 1):
                    acc = v["b"][f - 1]
                    for c in range(1, cg + 1):
                        for u in range(1, k_ + 1):
                            for w_ in range(1, k_ + 1):
                                ch = (gamma(f, g_, f_) - 1) * cg + c
                                acc += W1(v, f, c, u, w_) * X1(
                                    v, n, ch, (i - 1) * s_ + u, (j - 1) * s_ + w_
                                )
                    out[n - 1, f - 1, i - 1, j - 1] = acc
    return same(v["y"], out)


def _sci_dw(v: dict, batch: bool) -> bool:
    """The note's weight gradient, summed over the batch (batch=True) or, as line 21 writes it,
    over positions only, for image n = 1."""
    f_, g_, k_, s_ = v["F"], v["g"], v["k"], v["s"]
    cg = v["C"] // g_
    images = range(1, v["N"] + 1) if batch else (1,)
    out = np.zeros_like(v["dW"])
    for f in range(1, f_ + 1):
        for c in range(1, cg + 1):
            for u in range(1, k_ + 1):
                for w_ in range(1, k_ + 1):
                    ch = (gamma(f, g_, f_) - 1) * cg + c
                    out[f - 1, c - 1, u - 1, w_ - 1] = sum(
                        G1(v, n, f, i, j) * X1(v, n, ch, (i - 1) * s_ + u, (j - 1) * s_ + w_)
                        for n in images
                        for i in range(1, v["Ho"] + 1)
                        for j in range(1, v["Ho"] + 1)
                    )
    return same(v["dW"], out)


def _sci_dx(v: dict, own_group: bool) -> bool:
    """The note's input gradient (stride 1) over the filters of the channel's group, or over all
    F filters with the same local index (line 29)."""
    c_, f_, g_, k_, h = v["C"], v["F"], v["g"], v["k"], v["H"]
    cg, fg = c_ // g_, f_ // g_
    out = np.zeros_like(v["dX"])
    for n in range(1, v["N"] + 1):
        for c in range(1, c_ + 1):
            kc = kappa(c, g_, c_)
            filters = range((kc - 1) * fg + 1, kc * fg + 1) if own_group else range(1, f_ + 1)
            for p in range(1, h + 1):
                for q in range(1, h + 1):
                    out[n - 1, c - 1, p - 1, q - 1] = sum(
                        G1(v, n, f, p - u + 1, q - w_ + 1) * W1(v, f, c - (kc - 1) * cg, u, w_)
                        for f in filters
                        for u in range(1, k_ + 1)
                        for w_ in range(1, k_ + 1)
                    )
    return same(v["dX"], out)


def _sci_trial(check: Callable[[dict], bool], seed: int, stride1: bool = False) -> Truth:
    sizes = [s for s in SCI_SIZES if s[5] == 1] if stride1 else SCI_SIZES

    def run(r: np.random.Generator) -> bool:
        return all(check(_sci_case(r, *size)) for size in sizes)

    return trials(run, seed)


def _support_groups(c: int, f: int, g: int) -> tuple[list[int], list[int]]:
    """From autograd alone: the 1-based group of every filter (the block of input channels it
    reads) and of every channel (the block of filters it feeds), blocks of size C/g and F/g."""
    w = t64(np.ones((f, c // g, 1, 1)))
    jac = (
        torch.autograd.functional.jacobian(
            lambda x: F.conv2d(x, w, groups=g).reshape(-1), torch.ones(1, c, 1, 1, dtype=F64)
        )
        .numpy()
        .reshape(f, c)
    )
    filt = [int(np.nonzero(jac[o])[0].min()) // (c // g) + 1 for o in range(f)]
    chan = [int(np.nonzero(jac[:, ch])[0].min()) // (f // g) + 1 for ch in range(c)]
    return filt, chan


GROUP_GRID = [(6, 4, 2), (4, 6, 2), (6, 9, 3), (8, 4, 4), (6, 6, 6)]


def _gamma_ok(c: int, f: int, g: int) -> bool:
    filt, _ = _support_groups(c, f, g)
    return filt == [gamma(o, g, f) for o in range(1, f + 1)]


def _kappa_ok(c: int, f: int, g: int) -> bool:
    _, chan = _support_groups(c, f, g)
    return chan == [kappa(ch, g, c) for ch in range(1, c + 1)]


def _sci_mults(n: int, c: int, f: int, k: int, g: int, h: int) -> int:
    m = nn.Conv2d(c, f, k, groups=g).double()
    return flops_half(lambda: m(torch.zeros(n, c, h, h, dtype=F64)))


COST_GRID = [(2, 6, 4, 3, 2, 8), (1, 4, 8, 3, 4, 7), (3, 6, 9, 2, 3, 6)]


def _feeds_channel4() -> list[int]:
    """1-based filters of Conv2d(6, 4, 3, groups=2) whose output depends on channel 4."""
    w = t64(np.ones((4, 3, 1, 1)))
    jac = (
        torch.autograd.functional.jacobian(
            lambda x: F.conv2d(x, w, groups=2).reshape(-1), torch.ones(1, 6, 1, 1, dtype=F64)
        )
        .numpy()
        .reshape(4, 6)
    )
    return [o + 1 for o in range(4) if jac[o, 3] != 0]


SW = np.array([[1.0, 2], [0, 1], [3, -1], [1, 1]])  # W[f, c] of the 1 x 1 example
SX = np.array([1.0, 2, -1, 1])
SD = np.array([1.0, 0, 1, -1])


def _pointwise() -> dict:
    xt, wt = t64(SX.reshape(1, 4, 1, 1), True), t64(SW.reshape(4, 2, 1, 1), True)
    y = F.conv2d(xt, wt, groups=2)
    (y.reshape(-1) * t64(SD)).sum().backward()
    jac = torch.autograd.functional.jacobian(
        lambda x: F.conv2d(x.reshape(1, 4, 1, 1), t64(SW.reshape(4, 2, 1, 1)), groups=2).reshape(
            -1
        ),
        t64(SX),
    ).numpy()
    return {"y": y.detach().numpy().reshape(-1), "B": jac, "dx": xt.grad.numpy().reshape(-1),
            "dW": wt.grad.numpy().reshape(4, 2)}  # fmt: skip


SP = _pointwise()
SB = np.array([[1.0, 2, 0, 0], [0, 1, 0, 0], [0, 0, 3, -1], [0, 0, 1, 1]])

SCI_CLAIMS = claims_of(
    SCI,
    {
        "**Oznaczenia.**": [grid(_gamma_ok, GROUP_GRID), grid(_kappa_ok, GROUP_GRID)],
        "$$H' = \\left\\lceil": [
            grid(
                lambda h, k, s: conv_out(h, k, s) == math.ceil((h - k) / s) + 1,
                [(8, 3, 2), (9, 2, 2), (10, 3, 3)],
            )
        ],
        "$$Y[n,f,i,j] = b[f]": [_sci_trial(_sci_forward, 6830)],
        "$$\\frac{\\partial L}{\\partial W[f,c,u,v]}": [
            _sci_trial(lambda v: _sci_dw(v, batch=False), 6831)
        ],
        "Bias: $\\frac{\\partial L}{\\partial b[f]}": [
            _sci_trial(lambda v: same(v["db"], v["G"].sum(axis=(0, 2, 3))), 6832)
        ],
        "$$\\frac{\\partial L}{\\partial X[n,c,p,q]}": [
            _sci_trial(lambda v: _sci_dx(v, own_group=True), 6833, stride1=True)
        ],
        'Wersja „dla leniwych"': [
            _sci_trial(lambda v: _sci_dx(v, own_group=False), 6834, stride1=True)
        ],
        "Parametry: $P(g)": [
            grid(
                lambda n, c, f, k, g, h: (
                    params(nn.Conv2d(c, f, k, groups=g)) == f * c // g * k * k + f
                ),
                COST_GRID,
            ),
            grid(
                lambda n, c, f, k, g, h: (
                    _sci_mults(n, c, f, k, g, h) == n * f * (h - k + 1) ** 2 * c // g * k * k
                ),
                COST_GRID,
            ),
            grid(
                lambda n, c, f, k, g, h: (
                    params(nn.Conv2d(c, f, k, groups=g)) == params(nn.Conv2d(c, f, k)) / g
                ),
                COST_GRID,
            ),
            grid(
                lambda n, c, f, k, g, h: (
                    _sci_mults(n, c, f, k, g, h) == _sci_mults(n, c, f, k, 1, h) / g
                ),
                COST_GRID,
            ),
        ],
        "Depthwise ($g = C = F$)": [
            None,
            None,
            grid(
                lambda c, k: params(nn.Conv2d(c, c, k, groups=c)) == c * (k * k + 1),
                [(4, 3), (6, 5), (8, 1)],
            ),
            grid(
                lambda c, k, f: (
                    params(nn.Conv2d(c, c, k, groups=c)) + params(nn.Conv2d(c, f, 1))
                    == c * k * k + c * f
                ),
                [(4, 3, 6), (6, 5, 2), (8, 3, 16)],
            ),
        ],
        "- $H' = 8 - 3 + 1 = 6$": [
            equal(conv_out(8, 3), 8 - 3 + 1),
            equal(8 - 3 + 1, 6),
        ],
        "- $P(2) = 4": [
            equal(params(nn.Conv2d(6, 4, 3, groups=2)), 4 * 3 * 9 + 4),
            equal(4 * 3 * 9 + 4, 112),
            equal(params(nn.Conv2d(6, 4, 3)), 4 * 6 * 9 + 4),
            equal(4 * 6 * 9 + 4, 220),
        ],
        "- $M(2) = 2": [
            equal(_sci_mults(2, 6, 4, 3, 2, 8), 2 * 4 * 64 * 27),
            equal(2 * 4 * 64 * 27, 13824),
        ],
        "- gradienty mają": [
            equal(nn.Conv2d(6, 4, 3, groups=2).weight.numel(), 4 * 3 * 9),
            equal(4 * 3 * 9, 108),
            equal(torch.zeros(2, 6, 8, 8).numel(), 2 * 6 * 6 * 6),
            equal(2 * 6 * 6 * 6, 432),
        ],
        "- filtr 3:": [
            equal(_support_groups(6, 4, 2)[0][2], math.ceil(3 * 2 / 4)),
            equal(math.ceil(3 * 2 / 4), 2),
        ],
        "- kanał 4:": [
            equal(_support_groups(6, 4, 2)[1][3], math.ceil(8 / 6)),
            equal(math.ceil(8 / 6), 2),
            single(lambda: _feeds_channel4() == [2, 3]),
        ],
        "$$B = \\begin{bmatrix}": [
            single(lambda: same(SP["B"], SB)),
            None,
            None,
            single(lambda: same(SP["y"], [5, 2, -4, 0])),
        ],
        "Z gradientem wyjścia": [
            None,
            single(lambda: same(SP["dx"], SB.T @ SD)),
            single(lambda: same(SB.T @ SD, [1, 2, 2, -2])),
            single(lambda: math.isclose(SP["dW"][2, 0], SD[2] * SX[0])),
            equal(SD[2] * SX[0], 1),
        ],
    },
)


# --- klausur_stride2_musterloesung_mit_punkten.md (German exam): nn.Conv2d(1, 1, 2, stride=2),
# the given X, K, b = 1, G = dL/dY; 0-based; vec row-major.

KLA = "klausur_stride2_musterloesung_mit_punkten"
KX = np.array([[1.0, 2, 0, 1], [3, 1, 1, 0], [2, 0, 1, 1], [0, 1, 2, 1]])
KK = np.array([[1.0, 0], [-1, 2]])
KG = np.array([[1.0, -1], [2, 0]])


def s2(x: np.ndarray, k: np.ndarray, b: float, g: np.ndarray, s: int = 2) -> dict:
    xt, kt = t64(x, True), t64(k, True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    y = F.conv2d(xt[None, None], kt[None, None], bt, stride=s)[0, 0]
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dX": xt.grad.numpy(), "dK": kt.grad.numpy(),
            "db": bt.grad.item()}  # fmt: skip


KV = s2(KX, KK, 1.0, KG)


def im2col(x: np.ndarray, k: int, s: int) -> np.ndarray:
    """Rows = windows in row-major order, each window flattened row-major (NumPy slicing)."""
    ho = (x.shape[0] - k) // s + 1
    return np.array(
        [x[s * i : s * i + k, s * j : s * j + k].reshape(-1) for i in range(ho) for j in range(ho)]
    )


KLA_SIZES = ((4, 2), (6, 2), (6, 3))  # (H, k) with stride 2; k = s for the first two


def _kla_case(r: np.random.Generator, h: int, k: int) -> dict:
    ho = (h - k) // 2 + 1
    x, w, g = r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=(ho, ho))
    b = float(r.normal())
    return {**s2(x, w, b, g), "x": x, "k": w, "b": b, "g": g}


def _kla_trial(check: Callable[[dict], bool], seed: int, sizes: tuple = KLA_SIZES) -> Truth:
    return trials(lambda r: all(check(_kla_case(r, h, k)) for h, k in sizes), seed)


def _kla_forward(v: dict) -> bool:
    k = v["k"].shape[0]
    ho = v["y"].shape[0]
    rule = np.zeros((ho, ho))
    for i in range(ho):
        for j in range(ho):
            taps = (v["k"][u, w] * v["x"][2 * i + u, 2 * j + w] for u in range(k) for w in range(k))
            rule[i, j] = sum(taps) + v["b"]
    return same(v["y"], rule)


def _kla_batch(r: np.random.Generator) -> bool:
    """A batch of N = 3 images, G_n = dL/dY_n: the note's (1/N) sum against autograd."""
    n = 3
    x, k, g = r.normal(size=(n, 1, 4, 4)), r.normal(size=(1, 1, 2, 2)), r.normal(size=(n, 1, 2, 2))
    xt, kt = t64(x, True), t64(k, True)
    (F.conv2d(xt, kt, stride=2) * t64(g)).sum().backward()
    rule = sum(corr(x[i, 0], dilate(g[i, 0], 2)) for i in range(n)) / n
    return same(kt.grad.numpy()[0, 0], rule)


KLA_CLAIMS = claims_of(
    KLA,
    {
        "Allgemein $H' = \\frac{H - k}{s} + 1$": [
            grid(
                lambda h, k, s: conv_out(h, k, s) == (h - k) / s + 1,
                [(5, 2, 2), (6, 3, 2), (8, 3, 3)],
            ),
            equal(conv_out(4, 2, 2), math.floor((4 - 2) / 2) + 1),
            equal(math.floor((4 - 2) / 2) + 1, 2),
        ],
        "$Y[i,j] = \\sum_{u=0}^{1}": [
            _kla_trial(_kla_forward, 6840, ((4, 2), (6, 2))),
            single(lambda: math.isclose(KV["y"][0, 0], 1 * 1 + 2 * 0 + 3 * (-1) + 1 * 2 + 1)),
            equal(1 * 1 + 2 * 0 + 3 * (-1) + 1 * 2 + 1, 1),
        ],
        "$$Y = \\begin{bmatrix} 1 & 0": [single(lambda: same(KV["y"], [[1, 0], [5, 2]]))],
        "Die Fenster überlappen nicht.": [
            _kla_trial(
                lambda v: same(
                    v["y"].reshape(-1),
                    im2col(v["x"], v["k"].shape[0], 2) @ v["k"].reshape(-1) + v["b"],
                ),
                6841,
            )
        ],
        "$$X_{\\text{col}} = \\begin{bmatrix} 1 & 2 & 3 & 1": [
            single(
                lambda: same(
                    im2col(KX, 2, 2), [[1, 2, 3, 1], [0, 1, 1, 0], [2, 0, 0, 1], [1, 1, 2, 1]]
                )
            ),
            single(lambda: same(KK.reshape(-1), [1, -1, 0, 2])),
        ],
        "und der Gewichtsgradient ist": [
            _kla_trial(
                lambda v: same(
                    v["dK"].reshape(-1), im2col(v["x"], v["k"].shape[0], 2).T @ v["g"].reshape(-1)
                ),
                6842,
            )
        ],
        "X \\star \\operatorname{dil}_2(G) = \\begin{bmatrix}": [
            # s | H - k at every size: no row or column of X is left over by the windows
            _kla_trial(
                lambda v: same(v["dK"], corr(v["x"], dilate(v["g"], 2))),
                6843,
                ((4, 2), (6, 2), (7, 3)),
            ),
            single(lambda: same(KV["dK"], [[5, 1], [2, 3]])),
        ],
        "Probe für einen Eintrag:": [
            single(
                lambda: math.isclose(
                    KV["dK"][1, 0],
                    KG[0, 0] * KX[1, 0]
                    + KG[0, 1] * KX[1, 2]
                    + KG[1, 0] * KX[3, 0]
                    + KG[1, 1] * KX[3, 2],
                )
            ),
            equal(1 * 3 + (-1) * 1 + 2 * 0 + 0 * 2, 3 - 1 + 0 + 0),
            equal(3 - 1 + 0 + 0, 2),
        ],
        "Bias: gemittelt": [
            single(lambda: math.isclose(KV["db"], KG.sum() / 4)),
            equal(KG.sum() / 4, 2 / 4),
            equal(2 / 4, 0.5),
        ],
        "Wie bei Schrittweite 1": [
            _kla_trial(lambda v: same(v["dX"], corr(pad(v["g"], 1), rot180(v["k"]))), 6844),
            _kla_trial(lambda v: same(v["dX"], np.kron(v["g"], v["k"])), 6845, ((4, 2), (6, 2))),
        ],
        "$$\\frac{\\partial L}{\\partial X} = \\begin{bmatrix} 1 & 0 & -1": [
            single(
                lambda: same(KV["dX"], [[1, 0, -1, 0], [-1, 2, 1, -2], [2, 0, 0, 0], [-2, 4, 0, 0]])
            )
        ],
        "Kontrolle:": [
            _kla_trial(
                lambda v: math.isclose(v["dX"].sum(), v["g"].sum() * v["k"].sum()),
                6846,
                ((4, 2), (6, 2)),
            ),
            equal(KG.sum() * KK.sum(), 2 * 2),
            equal(2 * 2, 4),
        ],
        "$$K' = K - \\eta": [
            None,
            single(lambda: same(KK - 0.1 * KV["dK"], [[1 - 0.5, 0 - 0.1], [-1 - 0.2, 2 - 0.3]])),
            single(
                lambda: same([[1 - 0.5, 0 - 0.1], [-1 - 0.2, 2 - 0.3]], [[0.5, -0.1], [-0.8, 1.7]])
            ),
        ],
        "**g) Kosten (1 P.)**": [
            equal(params(nn.Conv2d(3, 8, 2, stride=2)), 3 * 8 * 4),
            equal(3 * 8 * 4, 96),
            equal(
                flops_half(
                    lambda: nn.Conv2d(3, 8, 2, stride=2).double()(
                        torch.zeros(1, 3, 4, 4, dtype=F64)
                    )
                ),
                2 * 2 * 8 * 3 * 4,
            ),
            equal(2 * 2 * 8 * 3 * 4, 384),
            trials(_kla_batch, 6847),
            None,
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh68_truth_b import NOTES_B

    return {**LEC_CLAIMS, **KERAS_CLAIMS, **SCI_CLAIMS, **KLA_CLAIMS, **NOTES_B}
