"""Independent truth for the fresh39 unseen set, second part: the notes
lab_report_1d_conv_ecg_signal, qiita_same_padding_gap_backward and
kougi_note_chiisai_cnn_softmax_ce (conventions as in unseen_fresh39_truth.py: NumPy / torch
autograd in float64, one bool per trial or per size, lines found from anchors)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
from unseen_fresh39_truth import Claims, claims_of
from unseen_truth_base import (
    F64,
    Truth,
    at,
    conv_out,
    corr,
    corr1,
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

# --- lab_report_1d_conv_ecg_signal.md (English lab report): 1-based x_1..x_N, w_1..w_K, bias b,
# g_t = dL/dy_t; nn.Conv1d semantics (cross-correlation)

LAB = "lab_report_1d_conv_ecg_signal"


def conv1(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray, s: int = 1) -> dict:
    """torch conv1d (one channel) and the gradients of sum(y * g)."""
    xt, wt, bt = t64(x[None, None], True), t64(w[None, None], True), t64([b], True)
    y = F.conv1d(xt, wt, bt, stride=s)
    (y * t64(g[None, None])).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "y": y.detach().numpy()[0, 0],
        "dx": xt.grad.numpy()[0, 0],
        "dw": wt.grad.numpy()[0, 0],
        "db": float(bt.grad[0]),
    }


def _lab_random(r: np.random.Generator, n: int = 6, k: int = 3, s: int = 1) -> dict:
    x, w, b = r.normal(size=n), r.normal(size=k), r.normal()
    return conv1(x, w, b, r.normal(size=(n - k) // s + 1), s)


def _lb(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_lab_random(r, **kw)), seed)


def _lab_strided(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Stride 2 and 3 at sizes where the last window ends on the last sample."""
    sizes = ((7, 3, 2), (9, 3, 2), (11, 5, 3))
    return trials(lambda r: all(rel(_lab_random(r, n, k, s) | {"s": s}) for n, k, s in sizes), seed)


def _len1(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    y = F.conv1d(
        torch.zeros(1, 1, n, dtype=F64),
        torch.zeros(1, 1, k, dtype=F64),
        stride=s,
        padding=p,
        dilation=d,
    )
    return int(y.shape[-1])


def _fits(n: int, k: int, d: int) -> bool:
    try:
        return _len1(n, k, d=d) >= 1
    except RuntimeError:
        return False


def _k_eff_torch(k: int, d: int) -> int:
    return next(n for n in range(1, 100) if _fits(n, k, d))


def _receptive_field() -> int:
    """Input samples one output of conv(K 7, stride 2) then conv(K 5, stride 1) depends on."""
    x = torch.ones(1, 1, 200, dtype=F64, requires_grad=True)
    y = F.conv1d(
        F.conv1d(x, torch.ones(1, 1, 7, dtype=F64), stride=2), torch.ones(1, 1, 5, dtype=F64)
    )
    y[0, 0, 40].backward()
    hit = np.nonzero(x.grad.numpy()[0, 0])[0]
    return int(hit[-1] - hit[0] + 1)


LB_X, LB_W, LB_G = (
    np.array([2.0, -1, 3, 0, 1, 4]),
    np.array([1.0, 0, -1]),
    np.array([1.0, -2, 0, 1]),
)
LB = conv1(LB_X, LB_W, 0.5, LB_G)
_LB_X3 = LB_G[0] * LB_W[0] + LB_G[1] * LB_W[1] + LB_G[2] * LB_W[2]
_ECG = torch.nn.Conv1d(1, 8, kernel_size=7, stride=2, padding=3).double()
_ECG_LEN = int(_ECG(torch.zeros(1, 1, 1000, dtype=F64)).shape[-1])
_N_OUT_SIZES = [
    (n, k, s, p) for n in (5, 8, 13) for k in (1, 3, 4) for s in (1, 2, 3) for p in (0, 1, 3)
]

LAB_CLAIMS = claims_of(
    LAB,
    {
        "the upstream gradient $g_t": [None],
        "$$y_t = b +": [
            _lb(
                lambda v: same(
                    v["y"],
                    [
                        v["b"] + sum(v["w"][k] * at(v["x"], t + k) for k in range(3))
                        for t in range(4)
                    ],
                ),
                3950,
            )
        ],
        "Test signal and kernel": [None, None, None],
        "$$y = (-0.5": [single(lambda: same(LB["y"], [-0.5, -0.5, 2.5, 3.5]))],
        "For the backward pass we fed in": [None],
        "g_t\\, x_{t+k}$$": [
            _lb(
                lambda v: same(
                    v["dw"],
                    [sum(v["g"][t] * at(v["x"], t + k + 1) for t in range(4)) for k in range(3)],
                ),
                3951,
            )
        ],
        "which gave": [
            single(lambda: same(LB["dw"], [4, -6, 7])),
            _lb(lambda v: math.isclose(v["db"], v["g"].sum()), 3952),
            equal(float(LB_G.sum()), 0),
        ],
        "For the input, with $w_k = 0$": [None, None, None],
        "g_t\\, w_{s-t+1}$$": [
            _lb(
                lambda v: same(
                    v["dx"],
                    [sum(v["g"][t] * zat(v["w"], s - t) for t in range(4)) for s in range(6)],
                ),
                3953,
            )
        ],
        "i.e. a full convolution": [
            _lb(lambda v: same(v["dx"], corr1(np.pad(v["g"], 2), v["w"][::-1])), 3954)
        ],
        "\\partial x_3} =": [
            single(lambda: math.isclose(LB["dx"][2], _LB_X3)),
            equal(1 * 1 + (-2) * 0 + 0 * (-1), 1),
        ],
        "= (1, -2, 1, 3, 0, -1)$$": [single(lambda: same(LB["dx"], [1, -2, 1, 3, 0, -1]))],
        "$$N_{out} = \\left\\lfloor": [
            grid(
                lambda n, k, s, p: _len1(n, k, s, p) == (n + 2 * p - k) // s + 1,
                [z for z in _N_OUT_SIZES if z[0] + 2 * z[3] >= z[1]],
            )
        ],
        "Our first layer is": [
            equal(_ECG_LEN, (1000 + 6 - 7) // 2 + 1),
            equal((1000 + 6 - 7) // 2 + 1, 500),
        ],
        "We also tried a dilated kernel": [
            equal(_k_eff_torch(3, 4), 4 * (3 - 1) + 1),
            equal(4 * (3 - 1) + 1, 9),
        ],
        "x_{S(t-1)+k}$$": [
            _lab_strided(
                lambda v: same(
                    v["dw"],
                    [
                        sum(v["g"][t] * at(v["x"], v["s"] * t + k) for t in range(len(v["g"])))
                        for k in range(len(v["w"]))
                    ],
                ),
                3955,
            )
        ],
        "and for the input we reused": [
            _lab_strided(
                lambda v: same(v["dx"], corr1(np.pad(v["g"], len(v["w"]) - 1), v["w"][::-1])), 3956
            )
        ],
        "Stacking the stride-2": [
            None,
            None,
            equal(_receptive_field(), 7 + 5 - 1),
            equal(7 + 5 - 1, 11),
        ],
    },
)


# --- qiita_same_padding_gap_backward.md (Japanese blog post): 0-based, H x W input, K x K kernel,
# stride 1 unless stated, P zeros per side; PyTorch's padding='same'; GAP

QIITA = "qiita_same_padding_gap_backward"


def conv_one(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: object) -> dict:
    """One channel, one filter: torch conv2d and the input gradient of sum(z * g)."""
    xt = t64(x[None, None], True)
    z = F.conv2d(xt, t64(w[None, None]), **kw)
    (z * t64(g[None, None])).sum().backward()
    return {"z": z.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _same_odd(r: np.random.Generator) -> bool:
    out = []
    for h, w_, k in ((6, 5, 3), (7, 7, 5), (4, 6, 1)):
        x, w, g = r.normal(size=(h, w_)), r.normal(size=(k, k)), r.normal(size=(h, w_))
        p = (k - 1) // 2
        out.append(same(conv_one(x, w, g, padding=p)["dx"], corr(pad(g, p), rot180(w))))
    return all(out)


def _same_even_split() -> tuple[int, int]:
    """The (before, after) zero padding that reproduces padding='same' for K = 4."""
    r = np.random.default_rng(3960)
    x, w = r.normal(size=(7, 6)), r.normal(size=(4, 4))
    ref = conv_one(x, w, np.zeros((7, 6)), padding="same")["z"]
    hits = [
        (a, 3 - a)
        for a in range(4)
        if same(conv_one(np.pad(x, (a, 3 - a)), w, np.zeros(ref.shape))["z"], ref)
    ]
    assert len(hits) == 1, hits
    return hits[0]


def _same_even_backward(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(7, 6)), r.normal(size=(4, 4)), r.normal(size=(7, 6))
    dx = conv_one(x, w, g, padding="same")["dx"]
    return same(dx, corr(np.pad(g, (1, 2)), rot180(w)))


def _gap(r: np.random.Generator) -> dict:
    x, g = r.normal(size=(3, 5, 4)), r.normal(size=3)
    xt = t64(x, True)
    y = xt.mean(dim=(1, 2))
    (y * t64(g)).sum().backward()
    pooled = F.avg_pool2d(t64(x[None]), (5, 4)).numpy()[0, :, 0, 0]
    return {"x": x, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy(), "pooled": pooled}


QI_X = np.array([[[1.0, 3], [2, 6]], [[0.0, -2], [4, 2]]])
QI_G = np.array([0.8, -0.4])


def _qi_gap_example() -> dict:
    xt = t64(QI_X, True)
    y = xt.mean(dim=(1, 2))
    (y * t64(QI_G)).sum().backward()
    return {"y": y.detach().numpy(), "dx": xt.grad.numpy()}


QI = _qi_gap_example()
_TOP, _BOTTOM = _same_even_split()
_ODD = [(h, k) for h in range(1, 13) for k in (1, 3, 5, 7)]

QIITA_CLAIMS = claims_of(
    QIITA,
    {
        "奇数なら $P = (K-1)/2$": [None],
        "$$H_{out} = H + (K - 1)": [
            grid(lambda h, k: conv_out(h, k, 1, (k - 1) // 2) == h + (k - 1) - k + 1, _ODD),
            grid(lambda h, k: h + (k - 1) - k + 1 == h, _ODD),
        ],
        "サイズが変わりません": [None, None],
        "出力側の勾配を $G": [None],
        "\\operatorname{pad}_P(G) \\star": [trials(_same_odd, 3961)],
        "だと合計 $K - 1 = 3$": [
            None,
            equal(4 - 1, 3),
            None,
            grid(lambda h: conv_out(h, 4, 1, 2) == h + 1, [(h,) for h in range(2, 12)]),
        ],
        "$P_{\\text{top}} = 1$": [None, equal(_TOP, 1), equal(_BOTTOM, 2)],
        "\\operatorname{pad}_{(1, 2)}(G)": [trials(_same_even_backward, 3962)],
        "$K$ が奇数で $P = (K-1)/2$": [None],
        "\\right\\rfloor + 1 = \\left\\lceil": [
            grid(lambda h, k: conv_out(h, k, 2, (k - 1) // 2) == (h + k - 1 - k) // 2 + 1, _ODD),
            grid(lambda h, k: (h + k - 1 - k) // 2 + 1 == math.ceil(h / 2), _ODD),
        ],
        "例えば $K = 3$": [
            None,
            None,
            None,
            equal(conv_out(8, 3, 2, 1), (8 + 2 - 3) // 2 + 1),
            equal((8 + 2 - 3) // 2 + 1, 5),
        ],
        "$$y_c = \\frac{1}{HW}": [None],
        "$g_c = \\partial L": [None],
        "= \\frac{g_c}{HW}$$": [
            trials(
                lambda r: (lambda v: same(v["dx"], v["g"][:, None, None] * np.ones((5, 4)) / 20))(
                    _gap(r)
                ),
                3963,
            )
        ],
        "$$x_{0} = \\begin": [None, None],
        "GAP の出力は": [
            single(lambda: same(QI["y"], [3, 1])),
            None,
            single(lambda: same(QI["dx"][0], np.full((2, 2), 0.8 / 2))),
            equal(0.8 / 2, 0.4),
        ],
        "\\operatorname{GAP}(x) =": [
            trials(lambda r: (lambda v: same(v["y"], v["pooled"]))(_gap(r)), 3964)
        ],
        "ResNet-18 の最後": [
            lambda: [params(torch.nn.Linear(512, 10)) == 512 * 10 + 10 == 5130],
            equal(params(torch.nn.Linear(512 * 7 * 7, 10)), 512 * 7 * 7 * 10),
            equal(512 * 7 * 7 * 10, 250880),
        ],
    },
)


# --- kougi_note_chiisai_cnn_softmax_ce.md (Japanese lecture handout): TinyNet on N x 1 x 28 x 28,
# mean cross-entropy, 0-based classes; fc in rows Z = H W^T + 1 b^T

KOUGI = "kougi_note_chiisai_cnn_softmax_ce"


class TinyNet(torch.nn.Module):
    """The handout's listing."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 8, kernel_size=3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 16, kernel_size=3)
        self.conv3 = torch.nn.Conv2d(16, 32, kernel_size=3, stride=2, padding=1)
        self.fc = torch.nn.Linear(32, 10)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return F.relu(self.conv3(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x).mean(dim=(2, 3)))


NET = TinyNet().double()
_SIDE3 = int(NET.features(torch.zeros(1, 1, 28, 28, dtype=F64)).shape[-1])
KO_Z = np.array([[math.log(3), 0, 0], [0, math.log(2), math.log(5)]])
KO_Y = np.array([0, 2])


def _ko_example() -> dict:
    zt = t64(KO_Z, True)
    loss = F.cross_entropy(zt, torch.tensor(KO_Y))
    loss.backward()
    return {
        "p": torch.softmax(zt.detach(), dim=1).numpy(),
        "loss": float(loss),
        "delta": zt.grad.numpy(),
    }


def _ce(r: np.random.Generator) -> bool:
    n, k = 4, 10
    z, y = r.normal(size=(n, k)), r.integers(0, k, size=n)
    zt = t64(z, True)
    F.cross_entropy(zt, torch.tensor(y)).backward()
    p = torch.softmax(t64(z), dim=1).numpy()
    return same(zt.grad.numpy(), (p - np.eye(k)[y]) / n)


def _fc(r: np.random.Generator) -> dict:
    n = 4
    h, w, b, y = (
        r.normal(size=(n, 32)),
        r.normal(size=(10, 32)),
        r.normal(size=10),
        r.integers(0, 10, n),
    )
    ht, wt = t64(h, True), t64(w, True)
    z = ht @ wt.T + t64(b)
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(y)).backward()
    return {"h": h, "w": w, "delta": z.grad.numpy(), "dw": wt.grad.numpy(), "dh": ht.grad.numpy()}


def _gap_relu(r: np.random.Generator) -> dict:
    z3, gh = r.normal(size=(4, 32, 3, 3)), r.normal(size=(4, 32))
    zt = t64(z3, True)
    a = torch.relu(zt)
    a.retain_grad()
    (a.mean(dim=(2, 3)) * t64(gh)).sum().backward()
    return {"a": a.detach().numpy(), "gh": gh, "da": a.grad.numpy(), "dz": zt.grad.numpy()}


KO = _ko_example()
_KO_L = -math.log(3 / 5) - math.log(5 / 8)

KOUGI_CLAIMS = claims_of(
    KOUGI,
    {
        "conv3 の出力の一辺は": [
            equal(_SIDE3, (6 + 2 - 3) // 2 + 1),
            equal((6 + 2 - 3) // 2 + 1, 3),
        ],
        "| $P_1 = 80$": [equal(params(NET.conv1), 80)],
        "$P_2 = 16": [equal(params(NET.conv2), 16 * 8 * 9), equal(16 * 8 * 9, 1152)],
        "$P_3 = 32": [equal(params(NET.conv3), 32 * 16 * 9 + 32), equal(32 * 16 * 9 + 32, 4640)],
        "$P_{fc} = 32": [equal(params(NET.fc), 32 * 10), equal(32 * 10, 320)],
        "$P_{total} =": [
            equal(params(NET), 80 + 1152 + 4640 + 320),
            equal(80 + 1152 + 4640 + 320, 6192),
        ],
        "バッチ $N$ の平均 $L =": [None],
        "= \\frac{p_{n,k} - y_{n,k}}{N}$$": [trials(_ce, 3970)],
        "**例.** $N = 2$": [None, None, None],
        "$$p_1 = \\left(": [
            single(lambda: same(KO["p"][0], [3 / 5, 1 / 5, 1 / 5])),
            single(lambda: same(KO["p"][1], [1 / 8, 1 / 4, 5 / 8])),
        ],
        "損失は $L = -\\ln": [equal(KO["loss"], _KO_L), lambda: [abs(_KO_L - 0.981) < 5e-4]],
        "$$\\Delta = \\frac": [
            None,
            single(lambda: same(KO["delta"], [[-1 / 5, 1 / 10, 1 / 10], [1 / 16, 1 / 8, -3 / 8]])),
        ],
        "fc の重みを $W": [None],
        "\\Delta^\\top H, \\qquad": [
            trials(lambda r: (lambda v: same(v["dw"], v["delta"].T @ v["h"]))(_fc(r)), 3971),
            trials(lambda r: (lambda v: same(v["dh"], v["delta"] @ v["w"]))(_fc(r)), 3972),
        ],
        "GAP は $3 \\times 3 = 9$": [equal(3 * 3, 9)],
        "\\partial A_3[n, c, i, j]}": [
            trials(
                lambda r: (
                    lambda v: same(v["da"], v["gh"][:, :, None, None] * np.ones((3, 3)) / 9)
                )(_gap_relu(r)),
                3973,
            )
        ],
        "$A_3 = \\operatorname{ReLU}(Z_3)$": [None],
        "\\mathbb{1}[A_3 \\ge 0]$$": [
            trials(lambda r: (lambda v: same(v["dz"], v["da"] * (v["a"] >= 0)))(_gap_relu(r)), 3974)
        ],
    },
)

NOTES_B: Claims = {**LAB_CLAIMS, **QIITA_CLAIMS, **KOUGI_CLAIMS}
