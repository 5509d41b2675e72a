"""Independent truth for the fresh55 unseen set, second part: the notes
zhihu_lenet5_chicun_canshu, jiangyi_gap_softmax_fanxiang, relazione_lab_differenze_finite_conv
and forum_same_padding_even_kernel (conventions as in unseen_fresh55_truth.py, which merges this
table into truth_table).  NumPy / torch autograd in float64, nothing of symconv.

Numbers a note rounds (four decimals in jiangyi, ten in the relazione's finite differences) are
compared within half a unit of their last written digit, or one unit where the note adds or
multiplies rounded numbers; everything else is compared to float64 rounding.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
from unseen_truth_base import (
    Truth,
    anchored_claims,
    conv_out,
    corr,
    equal,
    pad,
    params,
    same,
    single,
    t64,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh55"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def near(lhs: float, rhs: float, tol: float) -> Truth:
    """A link with a rounded number on one side: agreement within tol."""
    return lambda: [abs(float(lhs) - float(rhs)) <= tol]


# --- zhihu_lenet5_chicun_canshu.md (Chinese blog): the note's PyTorch LeNet-5, biases by
# default, AvgPool2d without parameters; C3' is LeCun's partial connection table.

LENET = "zhihu_lenet5_chicun_canshu"

_LAYERS = [
    nn.Conv2d(1, 6, 5),
    nn.Tanh(),
    nn.AvgPool2d(2),
    nn.Conv2d(6, 16, 5),
    nn.Tanh(),
    nn.AvgPool2d(2),
    nn.Conv2d(16, 120, 5),
    nn.Tanh(),
    nn.Flatten(),
    nn.Linear(120, 84),
    nn.Tanh(),
    nn.Linear(84, 10),
]
LENET5 = nn.Sequential(*_LAYERS).double()


def _sides() -> dict[str, int]:
    """The map side after C1, S2, C3, S4 and C5, from a forward pass on 32 x 32."""
    out, y = {}, torch.zeros(1, 1, 32, 32, dtype=torch.float64)
    names = {0: "C1", 2: "S2", 3: "C3", 5: "S4", 6: "C5"}
    for k, layer in enumerate(_LAYERS):
        y = layer.double()(y)
        if k in names:
            out[names[k]] = int(y.shape[-1])
    return out


SIDE = _sides()


def _c3_table() -> np.ndarray:
    """LeCun et al. (1998), table I: which S2 maps each C3 map reads."""
    mask = np.zeros((16, 6), dtype=int)
    for i in range(6):
        mask[i, [(i + j) % 6 for j in range(3)]] = 1  # three contiguous
        mask[6 + i, [(i + j) % 6 for j in range(4)]] = 1  # four contiguous
    for row, cols in zip((12, 13, 14), ([0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5]), strict=True):
        mask[row, cols] = 1  # four not contiguous
    mask[15] = 1
    return mask


P_C3_TABLE = int(_c3_table().sum()) * 5 * 5 + 16  # one 5 x 5 kernel per connection, 16 biases
P_LENET = params(LENET5)
P_C3_FULL = params(_LAYERS[3])

LENET_CLAIMS = claims_of(
    LENET,
    {
        "$H_{C1} = 32 - 5 + 1 = 28$": [equal(SIDE["C1"], 32 - 5 + 1), equal(32 - 5 + 1, 28)],
        "$$P_{C1} = ": [
            equal(params(_LAYERS[0]), 6 * (5 * 5 * 1 + 1)),
            equal(6 * (5 * 5 * 1 + 1), 156),
        ],
        "论文里说的连接数": [equal(156 * 28 * 28, 122304)],
        "$H_{S2} = 28 / 2 = 14$": [
            equal(SIDE["S2"], 28 / 2),
            equal(28 / 2, 14),
            equal(6 * 28 * 28, 4704),
            equal(6 * 14 * 14, 1176),
            equal(1176 / 4704, 1 / 2),
        ],
        "$H_{C3} = 14 - 5 + 1 = 10$": [equal(SIDE["C3"], 14 - 5 + 1), equal(14 - 5 + 1, 10)],
        "$$P_{C3} = 16": [
            equal(P_C3_FULL, 16 * (6 * 5 * 5 + 1)),
            equal(16 * (6 * 5 * 5 + 1), 2416),
        ],
        "$$P_{C3}' = ": [
            equal(P_C3_TABLE, (6 * 3 + 9 * 4 + 1 * 6) * 25 + 16),
            equal((6 * 3 + 9 * 4 + 1 * 6) * 25 + 16, 1516),
        ],
        "比全连接版少了": [equal(2416 - 1516, 900)],
        "$H_{S4} = 10 / 2 = 5$": [
            equal(SIDE["S4"], 10 / 2),
            equal(10 / 2, 5),
            equal(SIDE["C5"], 5 - 5 + 1),
            equal(5 - 5 + 1, 1),
        ],
        "$$P_{C5} = ": [
            equal(params(_LAYERS[6]), 120 * 16 * 5 * 5),
            equal(120 * 16 * 5 * 5, 48000),
        ],
        "F6 有 84 个单元": [
            equal(params(_LAYERS[9]), 84 * 120 + 120),
            equal(84 * 120 + 120, 10200),
            equal(params(_LAYERS[11]), 84 * 10 + 10),
            equal(84 * 10 + 10, 850),
        ],
        "$$P = 156": [
            equal(P_LENET, 156 + 2416 + 48000 + 10200 + 850),
            equal(156 + 2416 + 48000 + 10200 + 850, 61622),
        ],
        "如果 C3 换成论文的部分连接表": [
            equal(P_LENET - P_C3_FULL + P_C3_TABLE, 61622 - 900),
            equal(61622 - 900, 60722),
        ],
    },
)


# --- jiangyi_gap_softmax_fanxiang.md (Chinese lecture notes): GAP, s = Vz + b, softmax
# cross-entropy (natural log), 1-based in the note, true class 2 (index 1).

GAP = "jiangyi_gap_softmax_fanxiang"


def _gap_model(a: np.ndarray, v: np.ndarray, b: np.ndarray, label: int) -> dict:
    """Forward and autograd of L = CE(softmax(V GAP(A) + b), label); a is (C, H, W)."""
    at, vt, bt = t64(a, True), t64(v, True), t64(b, True)
    z = at.mean(dim=(1, 2))
    z.retain_grad()
    s = vt @ z + bt
    s.retain_grad()
    loss = F.cross_entropy(s[None], torch.tensor([label]))
    loss.backward()
    p = torch.softmax(s.detach(), 0).numpy()
    y = np.eye(len(b))[label]
    return {"z": z.detach().numpy(), "s": s.detach().numpy(), "p": p, "y": y,
            "L": float(loss.detach()), "ds": s.grad.numpy(), "dv": vt.grad.numpy(),
            "db": bt.grad.numpy(), "dz": z.grad.numpy(), "da": at.grad.numpy(), "v": v}  # fmt: skip


def _gap_random(r: np.random.Generator) -> dict:
    """C = 3 channels of 3 x 4, K = 5 classes (C != K, so a transposed gradient has the wrong
    shape), and the note's C = 2, 2 x 2, K = 3 checked by the same trial below."""
    c, h, w, k = 3, 3, 4, 5
    return _gap_model(r.normal(size=(c, h, w)), r.normal(size=(k, c)), r.normal(size=k),
                      int(r.integers(k)))  # fmt: skip


def _gap_small(r: np.random.Generator) -> dict:
    return _gap_model(r.normal(size=(2, 2, 2)), r.normal(size=(3, 2)), r.normal(size=3),
                      int(r.integers(3)))  # fmt: skip


def _gt(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_gap_random(r)) and rel(_gap_small(r)), seed)


def _da_rule(v: dict) -> bool:
    hw = v["da"].shape[1] * v["da"].shape[2]
    return same(v["da"], np.broadcast_to((v["dz"] / hw)[:, None, None], v["da"].shape))


A1_G = np.array([[1.0, 3.0], [2.0, 2.0]])
A2_G = np.array([[0.0, 4.0], [-2.0, 2.0]])
V_G = np.array([[1.0, -1.0], [0.0, 2.0], [1.0, 0.0]])
GN = _gap_model(np.stack([A1_G, A2_G]), V_G, np.zeros(3), 1)
E = math.e

GAP_CLAIMS = claims_of(
    GAP,
    {
        "$$z_c = \\frac{1}{HW}": [None],
        "然后接一个线性层": [None, None, None],
        "$$\\frac{\\partial L}{\\partial s} = p - y$$": [
            _gt(lambda v: same(v["ds"], v["p"] - v["y"]), 5540)
        ],
        "偏置则把各类的误差加起来": [_gt(lambda v: same(v["db"], np.sum(v["p"] - v["y"])), 5541)],
        "$$\\frac{\\partial L}{\\partial V} = (p - y)": [
            _gt(lambda v: same(v["dv"], np.outer(v["p"] - v["y"], v["z"])), 5542)
        ],
        "有同学写成": [_gt(lambda v: same(v["dv"], np.outer(v["z"], v["p"] - v["y"])), 5543)],
        "传回 GAP 的输出": [_gt(lambda v: same(v["dz"], v["v"].T @ (v["p"] - v["y"])), 5544)],
        "\\frac{\\partial L}{\\partial A_c[i,j]} = \\frac{1}{HW}": [_gt(_da_rule, 5545)],
        "取 $C = 2$": [None, None, None, None, None],
        "$$A_1 = ": [None, None, None],
        "池化：": [
            equal(GN["z"][0], 2),
            equal(GN["z"][1], 1),
            single(lambda: same(GN["s"], V_G @ GN["z"])),
            single(lambda: same(V_G @ GN["z"], [1, 2, 2])),
        ],
        "概率：": [
            equal(GN["p"][0], E / (E + 2 * E**2)),
            near(E / (E + 2 * E**2), 0.1554, 5e-5),
            equal(GN["p"][1], GN["p"][2]),
            near(GN["p"][2], 0.4223, 5e-5),
            equal(GN["L"], -math.log(GN["p"][1])),
            near(-math.log(GN["p"][1]), 0.3744, 5e-5),
        ],
        "对 logits 的梯度": [
            single(
                lambda: bool(np.allclose(GN["ds"], [0.1554, -0.5777, 0.4223], rtol=0, atol=5e-5))
            )
        ],
        "权重梯度取两个元素看": [
            equal(GN["dv"][1, 0], (GN["p"][1] - 1) * GN["z"][0]),
            near((GN["p"][1] - 1) * GN["z"][0], -1.1554, 1e-4),
            equal(GN["dv"][2, 1], (GN["p"][2] - 0) * GN["z"][0]),
            near((GN["p"][2] - 0) * GN["z"][0], 0.8446, 1e-4),
        ],
        "\\frac{\\partial L}{\\partial z_1} = 1 \\cdot": [
            near(GN["dz"][0], 1 * 0.1554 + 0 * (-0.5777) + 1 * 0.4223, 1e-4),
            near(1 * 0.1554 + 0 * (-0.5777) + 1 * 0.4223, 0.5777, 1e-12),
        ],
        "\\frac{\\partial L}{\\partial z_2} = -1 \\cdot": [
            near(GN["dz"][1], -1 * 0.1554 + 2 * (-0.5777) + 0 * 0.4223, 1e-4),
            near(-1 * 0.1554 + 2 * (-0.5777) + 0 * 0.4223, -1.3108, 1e-12),
        ],
        "最后平均分给每个位置": [
            single(lambda: bool(np.allclose(GN["da"][0], 0.5777 / 4, rtol=0, atol=1e-4))),
            near(0.5777 / 4, 0.1444, 5e-5),
            single(lambda: bool(np.allclose(GN["da"][1], -1.3108 / 2, rtol=0, atol=1e-4))),
            near(-1.3108 / 2, -0.6554, 1e-12),
        ],
        "检查：": [near(4 * 0.1444, 0.5777, 1e-4)],
    },
)


# --- relazione_lab_differenze_finite_conv.md (Italian lab report): Y = X star W (valid,
# 0-based), L = 1/2 sum Y^2, float64, central differences with eps = 1e-5.

LAB = "relazione_lab_differenze_finite_conv"

X_L = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, 1.0, 1.0]])
W_L = np.array([[1.0, -1.0], [2.0, 0.0]])
EPS = 1e-5


def _lab(x: np.ndarray, w: np.ndarray) -> dict:
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv2d(xt, wt)
    y.retain_grad()
    loss = 0.5 * (y**2).sum()
    loss.backward()
    return {"x": x, "w": w, "y": y.detach().numpy()[0, 0], "L": float(loss.detach()),
            "dy": y.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0],
            "dx": xt.grad.numpy()[0, 0]}  # fmt: skip


def _lab_random(r: np.random.Generator) -> list[dict]:
    """The note's sizes (3 x 3, 2 x 2) and a rectangular pair (5 x 4, 3 x 2)."""
    return [_lab(r.normal(size=(3, 3)), r.normal(size=(2, 2))),
            _lab(r.normal(size=(5, 4)), r.normal(size=(3, 2)))]  # fmt: skip


def _lt(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(v) for v in _lab_random(r)), seed)


def _dw_sum(v: dict) -> bool:
    y, x = v["y"], v["x"]
    kh, kw = v["w"].shape
    rhs = [[sum(y[i, j] * x[i + u, j + q] for i in range(y.shape[0]) for j in range(y.shape[1]))
            for q in range(kw)] for u in range(kh)]  # fmt: skip
    return same(v["dw"], rhs)


def _loss(w: np.ndarray) -> float:
    return 0.5 * float(np.sum(corr(X_L, w) ** 2))


def _fd(w: np.ndarray, u: int, v: int, denominator: float) -> float:
    """(L(W + eps E_uv) - L(W - eps E_uv)) / denominator, as the note computes it."""
    e = np.zeros((2, 2))
    e[u, v] = EPS
    return (_loss(w + e) - _loss(w - e)) / denominator


def _fd_halved(r: np.random.Generator) -> bool:
    """The one-eps quotient against the gradient, at every entry of a random W."""
    w = r.normal(size=(2, 2))
    dw = _lab(X_L, w)["dw"]
    return all(
        math.isclose(_fd(w, u, q, EPS), dw[u, q], rel_tol=1e-6, abs_tol=1e-8)
        for u in range(2)
        for q in range(2)
    )


LN = _lab(X_L, W_L)
FD = np.array([[_fd(W_L, u, q, 2 * EPS) for q in range(2)] for u in range(2)])


def _e_rel(ga: float, gn: float) -> float:
    return abs(ga - gn) / max(abs(ga), abs(gn))


LAB_CLAIMS = claims_of(
    LAB,
    {
        "$$X = \\begin{bmatrix} 1 & 2 & 0": [None, None],
        "Uscita e perdita": [None, None, _lt(lambda v: same(v["dy"], v["y"]), 5550)],
        "$$Y = \\begin{bmatrix} -1": [single(lambda: same(LN["y"], [[-1, 4], [3, 0]]))],
        "e $L = \\frac{1}{2}(1 + 16 + 9) = 12.5$": [
            equal(LN["L"], 0.5 * (1 + 16 + 9)),
            equal(0.5 * (1 + 16 + 9), 12.5),
        ],
        "\\sum_{i=0}^{1} \\sum_{j=0}^{1} Y[i,j]\\, X[i+u": [_lt(_dw_sum, 5551)],
        "cioè $\\frac{\\partial L}{\\partial W} = X \\star Y$": [
            _lt(lambda v: same(v["dw"], corr(v["x"], v["y"])), 5552),
            _lt(lambda v: same(v["dw"], corr(v["y"], v["x"])), 5553),
            _lt(lambda v: same(v["dx"], corr(pad(v["y"], 1), v["w"])), 5554),
        ],
        "W[0,0]} = (-1)": [
            equal(LN["dw"][0, 0], (-1) * 1 + 4 * 2 + 3 * 0 + 0 * 1),
            equal((-1) * 1 + 4 * 2 + 3 * 0 + 0 * 1, 7),
        ],
        "W[0,1]} = (-1)": [
            equal(LN["dw"][0, 1], (-1) * 2 + 4 * 0 + 3 * 1 + 0 * 3),
            equal((-1) * 2 + 4 * 0 + 3 * 1 + 0 * 3, 1),
        ],
        "W[1,0]} = (-1)": [
            equal(LN["dw"][1, 0], (-1) * 0 + 4 * 1 + 3 * 2 + 0 * 1),
            equal((-1) * 0 + 4 * 1 + 3 * 2 + 0 * 1, 10),
        ],
        "W[1,1]} = (-1)": [
            equal(LN["dw"][1, 1], (-1) * 1 + 4 * 3 + 3 * 2 + 0 * 1),
            equal((-1) * 1 + 4 * 3 + 3 * 2 + 0 * 1, 17),
        ],
        "e, per un elemento centrale": [
            equal(
                LN["dx"][1, 1],
                LN["y"][0, 0] * W_L[1, 1]
                + LN["y"][0, 1] * W_L[1, 0]
                + LN["y"][1, 0] * W_L[0, 1]
                + LN["y"][1, 1] * W_L[0, 0],
            ),
            equal(
                LN["y"][0, 0] * W_L[1, 1]
                + LN["y"][0, 1] * W_L[1, 0]
                + LN["y"][1, 0] * W_L[0, 1]
                + LN["y"][1, 1] * W_L[0, 0],
                0 + 8 - 3 + 0,
            ),
            equal(0 + 8 - 3 + 0, 5),
        ],
        "\\frac{L(W + \\varepsilon E_{uv})": [trials(_fd_halved, 5555)],
        "Abbiamo scelto": [None, equal(EPS**2, 1e-10), equal(1e-16 / EPS, 1e-11), None],
        "Valori numerici:": [
            near(FD[0, 0], 7.0000000000, 5e-11),
            near(FD[0, 1], 1.0000000001, 5e-11),
            near(FD[1, 0], 10.0000000000, 5e-11),
            near(FD[1, 1], 14.0000000000, 5e-11),
        ],
        "Per i primi tre elementi": [
            near(_e_rel(1.0, FD[0, 1]), 1.4e-10, 5e-12),
            near(_e_rel(17.0, FD[1, 1]), abs(17 - 14) / 17, 1e-9),
            near(abs(17 - 14) / 17, 0.18, 5e-3),
        ],
    },
)


# --- forum_same_padding_even_kernel.md (English forum): PyTorch padding='same' against an
# explicit F.pad + valid conv2d; TensorFlow's SAME rule as its documentation (tf.nn.convolution)
# states it: out = ceil(H / s), total = max((out - 1) s + k - H, 0), top = floor(total / 2),
# emulated with F.pad + conv2d (the output side comes from the convolution, not the rule).

SAMEP = "forum_same_padding_even_kernel"


def torch_same_split(k: int, d: int) -> tuple[int, int]:
    """(left, right) padding that reproduces torch's padding='same' on a random 9 x 9 input."""
    r = np.random.default_rng(5560 + 10 * k + d)
    x, w = t64(r.normal(size=(1, 1, 9, 9))), t64(r.normal(size=(1, 1, k, k)))
    with warnings.catch_warnings():  # even kernels: torch warns it copies the input padded
        warnings.simplefilter("ignore", UserWarning)
        ref = F.conv2d(x, w, padding="same", dilation=d).numpy()
    for total in range(0, 2 * d * k):
        for left in range(total + 1):
            right = total - left
            got = F.conv2d(F.pad(x, (left, right, left, right)), w, dilation=d).numpy()
            if same(got, ref):
                return left, right
    raise AssertionError("no padding reproduces padding='same'")


def torch_same_side(h: int, k: int, d: int = 1) -> int:
    x = torch.zeros(1, 1, h, h, dtype=torch.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        y = F.conv2d(x, torch.zeros(1, 1, k, k, dtype=torch.float64), padding="same", dilation=d)
    return int(y.shape[-1])


def tf_same(h: int, k: int, s: int) -> dict:
    """TF's SAME padding for one axis and the output side of the padded valid convolution."""
    out = -(-h // s)
    total = max((out - 1) * s + k - h, 0)
    top = total // 2
    x = F.pad(torch.zeros(1, 1, h, h, dtype=torch.float64), (top, total - top, top, total - top))
    side = int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=torch.float64), stride=s).shape[-1])
    return {"total": total, "top": top, "bottom": total - top, "side": side}


_SAME_GRID = [(k, d) for k in (2, 3, 4, 5) for d in (1, 2)]
_TF_GRID = [(h, k, s) for h in range(5, 21) for k in (1, 2, 3, 4, 5) for s in (1, 2, 3)]


def _pad_zero_then_conv() -> int:
    layers = nn.Sequential(nn.ZeroPad2d((0, 1, 0, 1)), nn.Conv2d(1, 1, 3, stride=2)).double()
    return int(layers(torch.zeros(1, 1, 16, 16, dtype=torch.float64)).shape[-1])


SAME_CLAIMS = claims_of(
    SAMEP,
    {
        "$$P_{total} = d(k - 1) = 3$$": [
            grid(lambda k, d: sum(torch_same_split(k, d)) == d * (k - 1), _SAME_GRID),
            equal(1 * (4 - 1), 3),
        ],
        "for $k = 4$, $d = 1$.": [None, None],
        "$$p_{left} = \\lfloor 3/2": [
            equal(torch_same_split(4, 1)[0], 3 // 2),
            equal(3 // 2, 1),
            equal(torch_same_split(4, 1)[1], 3 - 1),
            equal(3 - 1, 2),
        ],
        'so `nn.Conv2d(8, 8, 4, padding="same")`': [
            equal(torch_same_side(15, 4), 15 + 1 + 2 - 4 + 1),
            equal(15 + 1 + 2 - 4 + 1, 15),
            equal(sum(torch_same_split(4, 2)), 2 * 4 - 1),
            equal(2 * 4 - 1, 7),
        ],
        "For the strided layers, TensorFlow's rule": [None, None],
        "$$H_{out} = \\lceil 15/2": [
            equal(tf_same(15, 4, 2)["side"], math.ceil(15 / 2)),
            equal(math.ceil(15 / 2), 8),
            equal(tf_same(15, 4, 2)["total"], (8 - 1) * 2 + 4 - 15),
            equal((8 - 1) * 2 + 4 - 15, 3),
        ],
        "so again top 1, bottom 2.": [
            None,
            None,
            equal(tf_same(16, 3, 2)["total"], (8 - 1) * 2 + 3 - 16),
            equal((8 - 1) * 2 + 3 - 16, 1),
            equal(tf_same(16, 3, 2)["top"], 0),
            equal(tf_same(16, 3, 2)["bottom"], 1),
            equal(_pad_zero_then_conv(), (16 + 1 - 3) // 2 + 1),
            equal((16 + 1 - 3) // 2 + 1, 8),
        ],
        "In general the strided": [
            grid(
                lambda h, k, s: (
                    (h + tf_same(h, k, s)["total"] - k) // s + 1
                    == tf_same(h, k, s)["side"]
                    == -(-h // s)
                ),
                _TF_GRID,
            )
        ],
        "Simpler mental model": [
            None,
            None,
            equal(tf_same(16, 3, 2)["total"], 3 - 1),
            equal(3 - 1, 2),
            None,
            equal(conv_out(15, 4, 1, 2), 15),
            equal(torch_same_split(4, 1)[0], math.ceil(3 / 2)),
            equal(math.ceil(3 / 2), 2),
            equal(tf_same(15, 4, 2)["side"], (15 - 4) // 2 + 1 + 1),
            equal((15 - 4) // 2 + 1 + 1, 7),
        ],
    },
)

NOTES_B = {**LENET_CLAIMS, **GAP_CLAIMS, **LAB_CLAIMS, **SAME_CLAIMS}
