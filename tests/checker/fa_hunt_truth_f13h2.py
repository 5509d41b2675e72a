"""Independent truth for the f13h2 round of fa_hunt notes (tests/data/check/fa_hunt/f13h2/:
worked numbers in grids and tables -- a Vietnamese pooling lecture with ties, a Vietnamese
softmax exercise on a batch, a Vietnamese Conv1d lab report, an English Keras blog with same
padding, Indonesian FLOPs notes, Polish transposed-convolution exercises, an English midterm's
grids, Greek exam solutions, an English report's figure captions, a Swedish receptive-field
cheat sheet, a Polish parameter quiz, a graded English quiz, an Indonesian LeNet exam and a
Swedish softmax exam).

torch autograd and NumPy in float64, no symconv.  Each claim is found by an anchor (text on
exactly one line of the note) and its rank among the key's entries on that line; both sides
are computed at the note's numbers, a size or count with the torch module, a rounded number
compared at the decimals the note writes."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from fa_hunt_truth import _close, _params
from fa_hunt_truth_b import _by_anchor as by_anchor

Truth = Callable[[], bool]
HUNT = Path(__file__).resolve().parent.parent / "data" / "check" / "fa_hunt" / "f13h2"
F64 = torch.float64


def _by_anchor(name: str, table: list[tuple[str, int, Truth]]) -> dict[tuple[int, int], Truth]:
    return by_anchor(name, table, HUNT)


def _t(values, grad: bool = False) -> torch.Tensor:  # type: ignore[no-untyped-def]
    return torch.tensor(values, dtype=F64, requires_grad=grad)


def _out(module: torch.nn.Module, shape: tuple[int, ...]) -> tuple[int, ...]:
    with torch.no_grad():
        return tuple(module(torch.zeros(shape, dtype=torch.float32)).shape)


def _rounds_to(value: float, written: float, decimals: int) -> bool:
    """Whether ``value`` rounded to the note's ``decimals`` is the ``written`` number."""
    return math.isclose(round(float(value), decimals), written, abs_tol=10 ** -(decimals + 3))


def _all_round(values, written, decimals: int) -> bool:  # type: ignore[no-untyped-def]
    values = np.asarray(values, dtype=np.float64).ravel()
    return len(values) == len(written) and all(
        _rounds_to(v, w, decimals) for v, w in zip(values, written, strict=True)
    )


def _macs(conv: torch.nn.Module, shape: tuple[int, ...]) -> int:
    """Multiply-adds of one pass: each output entry takes one weight slice's products."""
    out = _out(conv, shape)
    return math.prod(out[1:]) * math.prod(conv.weight.shape[1:])


# --- baigiang_pooling_vi: MaxPool2d(2) / AvgPool2d(2) on a 4x4 map, 0-based -----------------
def _pooling_vi() -> dict:
    X = [[1, 3, 2, 2], [3, 0, 1, 0], [4, 2, 5, 1], [0, 4, 2, 5]]
    G = _t([[1, 2], [3, 4]])
    xm = _t([[X]], grad=True)
    ym = F.max_pool2d(xm, 2)
    (ym[0, 0] * G).sum().backward()
    xa = _t([[X]], grad=True)
    ya = F.avg_pool2d(xa, 2)
    (ya[0, 0] * G).sum().backward()
    dm, da = xm.grad[0, 0].numpy(), xa.grad[0, 0].numpy()
    return _by_anchor(
        "baigiang_pooling_vi",
        [
            ("$$Y = \\begin", 0, lambda: _close(ym.detach()[0, 0], [[3, 2], [4, 5]])),
            (
                "\\partial X} = \\begin",
                0,
                lambda: _close(dm, [[0, 1, 2, 0], [0, 0, 0, 0], [3, 0, 4, 0], [0, 0, 0, 0]]),
            ),
            ("Sinh viên hay", 0, lambda: dm[1, 0] == 1),
            ("thì $\\partial L", 0, lambda: dm[1, 0] == 0),
            ("Y_{avg} =", 0, lambda: _close(ya.detach()[0, 0], [[1.75, 1.25], [2.5, 3.25]])),
            ("X_{3,3} = 1", 0, lambda: da[3, 3] == 1),
            ("X_{0,2} = 0.25", 0, lambda: da[0, 2] == 0.25),
        ],
    )


# --- baitap_softmax_batch_vi: 2x3 logits, labels (2, 0), summed cross-entropy ----------------
def _softmax_batch_vi() -> dict:
    Z = _t([[1, -2, 3], [0, 4, -1]], grad=True)
    labels = torch.tensor([2, 0])
    loss = F.cross_entropy(Z, labels, reduction="sum")
    loss.backward()
    P = torch.softmax(Z.detach(), dim=1).numpy()
    dZ = Z.grad.numpy()
    onehot = np.eye(3)[[2, 0]]
    return _by_anchor(
        "baitap_softmax_batch_vi",
        [
            ("P_{0,2} \\approx", 1, lambda: _rounds_to(P[0, 2], 0.876, 3)),
            ("P_{0,2} \\approx", 2, lambda: _rounds_to(P[1, 1], 0.976, 3)),
            ("= P - Y$", 0, lambda: _close(dZ, P - onehot)),
            ("Z_{1,0}} \\approx", 0, lambda: _rounds_to(dZ[1, 0], -0.982, 3)),
            ("Z_{1,0}} \\approx", 1, lambda: _rounds_to(dZ[0, 2], -0.124, 3)),
            ("$L \\approx 4.158$", 0, lambda: _rounds_to(loss.item(), 4.158, 3)),
            ("Một lỗi thường gặp", 0, lambda: _rounds_to(dZ[0, 2], 0.876, 3)),
        ],
    )


# --- baocao_conv1d_vi: Conv1d(1, 1, 3, bias=False), x of length 6, 0-based -------------------
def _conv1d_vi() -> dict:
    xs, ws, gs = [1, 2, 0, -1, 3, 1], [1, 0, -2], [1, -1, 2, 0]
    x, w = _t([[xs]], grad=True), _t([[ws]], grad=True)
    y = F.conv1d(x, w)
    (y[0, 0] * _t(gs)).sum().backward()
    yv, dx, dw = y.detach()[0, 0].numpy(), x.grad[0, 0].numpy(), w.grad[0, 0].numpy()
    y2 = F.conv1d(_t([[xs]]), _t([[ws]]), stride=2, padding=1)[0, 0].numpy()
    return _by_anchor(
        "baocao_conv1d_vi",
        [
            (
                "y_i = \\sum_{k=0}^{2} w_k x_{i+k}",
                0,
                lambda: _close(yv, [sum(ws[k] * xs[i + k] for k in range(3)) for i in range(4)]),
            ),
            ("$6 - 3 + 1 = 4$", 0, lambda: len(yv) == 6 - 3 + 1 == 4),
            ("$$y = (1, 4, -6, -3)$$", 0, lambda: _close(yv, [1, 4, -6, -3])),
            ("y_2 = 1 \\cdot 0", 0, lambda: yv[2] == 1 * 0 + 0 * (-1) + (-2) * 3),
            ("y_2 = 1 \\cdot 0", 1, lambda: 1 * 0 + 0 * (-1) + (-2) * 3 == -6),
            (
                "\\partial w_k = \\sum_i",
                0,
                lambda: _close(dw, [sum(gs[i] * xs[i + k] for i in range(4)) for k in range(3)]),
            ),
            ("\\partial w} = (-1, 0, 7)", 0, lambda: _close(dw, [-1, 0, 7])),
            ("\\partial x} = (1, -1, 0, 2, -4, 0)", 0, lambda: _close(dx, [1, -1, 0, 2, -4, 0])),
            ("x_4 = 4$", 0, lambda: dx[4] == 4),
            ("\\rfloor + 1 = 3$", 0, lambda: len(y2) == (6 + 2 - 3) // 2 + 1 == 3),
            ("\\rfloor + 1 = 3$", 1, lambda: _close(y2, [-4, 4, -3])),
        ],
    )


# --- blog_keras_same_en: Keras Conv2D on 32x32x3, same padding (out = ceil(n / s)) ------------
def _keras_same() -> dict:
    # Keras "same" pads (out - 1) s + k - n in all, the smaller half first; torch at that padding
    def same_side(n: int, k: int, s: int) -> int:
        out = -(-n // s)
        total = max((out - 1) * s + k - n, 0)
        x = F.pad(torch.zeros(1, 1, n, n), (total // 2, total - total // 2) * 2)
        return int(F.conv2d(x, torch.zeros(1, 1, k, k), stride=s).shape[-1])

    c1, c2, dense = torch.nn.Conv2d(3, 8, 3), torch.nn.Conv2d(8, 16, 5), torch.nn.Linear(256, 10)
    # MACs: output entries times the products of each (in channels x kernel)
    macs1 = 16 * 16 * 8 * math.prod(c1.weight.shape[1:])
    macs2 = 8 * 8 * 16 * math.prod(c2.weight.shape[1:])
    return _by_anchor(
        "blog_keras_same_en",
        [
            (
                "$\\lceil 32 / 2 \\rceil = 16$",
                0,
                lambda: same_side(32, 3, 2) == math.ceil(32 / 2) == 16,
            ),
            ("= 224$", 0, lambda: _params(c1) == 224),
            (
                "$\\lfloor (32 - 3)/2 \\rfloor + 1 = 15$",
                0,
                lambda: _out(torch.nn.Conv2d(3, 8, 3, stride=2), (1, 3, 32, 32))[2] == 15,
            ),
            (
                "$\\lceil 16/2 \\rceil = 8$",
                0,
                lambda: same_side(16, 5, 2) == math.ceil(16 / 2) == 8,
            ),
            ("= 3216$", 0, lambda: _params(c2) == 3216),
            ("$256 \\cdot 10 = 2560$", 0, lambda: _params(dense) == 2560),
            ("= 6000$", 0, lambda: _params(c1) + _params(c2) + _params(dense) == 6000),
            ("= 55296$", 0, lambda: macs1 == 55296),
            ("= 204800$", 0, lambda: macs2 == 204800),
        ],
    )


# --- catatan_flops_id: ResNet stem Conv2d(3, 64, 7, stride=2, padding=3) on 224x224 ---------
def _flops_id() -> dict:
    stem = torch.nn.Conv2d(3, 64, 7, stride=2, padding=3)
    side = _out(stem, (1, 3, 224, 224))[2]
    per_output = math.prod(stem.weight.shape[1:])
    macs = _macs(stem, (1, 3, 224, 224))
    no_bias = _params(torch.nn.Conv2d(64, 128, 3, stride=2, padding=1, bias=False))
    return _by_anchor(
        "catatan_flops_id",
        [
            ("H_{out} = \\lfloor", 0, lambda: side == (224 + 2 * 3 - 7) // 2 + 1),
            ("H_{out} = \\lfloor", 1, lambda: (224 + 2 * 3 - 7) // 2 + 1 == 112),
            ("= 9472$", 0, lambda: _params(stem) == 9472),
            ("= 147$", 0, lambda: per_output == 3 * 7 * 7 == 147),
            ("= 118013952$ MAC", 0, lambda: macs == 112 * 112 * 64 * 147 == 118013952),
            ("= 118013952$ MAC", 1, lambda: 2 * 118013952 == 236027904),
            ("= 73728$", 0, lambda: no_bias == 73728),
            ("= 73856$", 0, lambda: no_bias == 73856),
            ("= 640$", 0, lambda: _params(torch.nn.Conv2d(64, 64, 3, groups=64)) == 640),
            ("= 8192$", 0, lambda: _params(torch.nn.Conv2d(64, 128, 1)) == 8192),
        ],
    )


# --- cwiczenia_tconv_pl: ConvTranspose2d sizes and counts, a stride-2 example, 0-based -------
def _tconv_pl() -> dict:
    t1 = torch.nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)
    h1 = _out(t1, (1, 16, 14, 14))[2]
    h2 = _out(
        torch.nn.ConvTranspose2d(8, 3, 3, stride=2, padding=1, output_padding=1), (1, 8, 28, 28)
    )[2]
    h3 = _out(torch.nn.ConvTranspose2d(8, 3, 3, stride=2, padding=1), (1, 8, 28, 28))[2]
    X, K = _t([[[[1, 2], [0, -1]]]]), _t([[[[1, 1], [2, 0]]]])
    y2 = F.conv_transpose2d(X, K, stride=2)[0, 0].numpy()
    y1 = F.conv_transpose2d(X, K, stride=1)[0, 0].numpy()
    return _by_anchor(
        "cwiczenia_tconv_pl",
        [
            ("$$H_{out} = (14 - 1)", 0, lambda: h1 == (14 - 1) * 2 - 2 * 1 + 4),
            ("$$H_{out} = (14 - 1)", 1, lambda: (14 - 1) * 2 - 2 * 1 + 4 == 28),
            ("= 2056$", 0, lambda: _params(t1) == 2056),
            ("27 \\cdot 2 - 2 + 3 + 1 = 56", 0, lambda: h2 == 27 * 2 - 2 + 3 + 1),
            ("27 \\cdot 2 - 2 + 3 + 1 = 56", 1, lambda: 27 * 2 - 2 + 3 + 1 == 56),
            ("(błąd!", 0, lambda: h3 == 56),
            (
                "$$Y = \\begin",
                0,
                lambda: _close(y2, [[1, 1, 2, 2], [2, 0, 4, 0], [0, 0, -1, -1], [0, 0, -2, 0]]),
            ),
            ("Y_{0,1} = 1 \\cdot 1", 0, lambda: y1[0, 1] == 1 * 1 + 2 * 1),
            ("Y_{0,1} = 1 \\cdot 1", 1, lambda: 1 * 1 + 2 * 1 == 3),
        ],
    )


# --- exam_solution_grids_en: 4x4 X, 2x2 K, stride 1, 1-based ---------------------------------
def _grids_en() -> dict:
    Xv = [[1, 0, 2, 1], [3, 1, 0, 2], [0, 2, 1, 1], [1, 1, 3, 0]]
    Kv, Gv = [[2, 1], [0, -1]], [[1, 0, -1], [2, 1, 0], [0, 1, 1]]
    x, k, b = _t([[Xv]], grad=True), _t([[Kv]], grad=True), _t([0.0], grad=True)
    y = F.conv2d(x, k, b)
    (y[0, 0] * _t(Gv)).sum().backward()
    Y, dX, dK, db = y.detach()[0, 0].numpy(), x.grad[0, 0].numpy(), k.grad[0, 0].numpy(), b.grad[0]
    X, G = np.array(Xv, dtype=float), np.array(Gv, dtype=float)

    def dk_formula() -> bool:  # 1-based m, n, i, j: x_{i+m-1, j+n-1} is X[i+m-2, j+n-2]
        got = [
            [
                sum(G[i - 1, j - 1] * X[i + m - 2, j + n - 2] for i in (1, 2, 3) for j in (1, 2, 3))
                for n in (1, 2)
            ]
            for m in (1, 2)
        ]
        return _close(got, dK)

    return _by_anchor(
        "exam_solution_grids_en",
        [
            ("$(4 - 2)/1 + 1 = 3$", 0, lambda: Y.shape[0] == (4 - 2) / 1 + 1 == 3),
            ("$$y_{12} =", 0, lambda: Y[0, 1] == 0 * 2 + 2 * 1 + 1 * 0 + 0 * (-1)),
            ("$$y_{12} =", 1, lambda: 0 * 2 + 2 * 1 + 1 * 0 + 0 * (-1) == 2),
            ("$$y_{21} =", 0, lambda: Y[1, 0] == 3 * 2 + 1 * 1 + 0 * 0 + 2 * (-1)),
            ("$$y_{21} =", 1, lambda: 3 * 2 + 1 * 1 + 0 * 0 + 2 * (-1) == 5),
            ("$$Y = \\begin", 0, lambda: _close(Y, [[1, 2, 3], [5, 1, 1], [1, 2, 3]])),
            ("$y_{31} = 2$", 0, lambda: Y[2, 0] == 2),
            ("= \\sum_{i,j} g_{ij}\\, x_{i+m-1", 0, dk_formula),
            ("\\partial K} = \\begin", 0, lambda: _close(dK, [[9, 3], [9, 7]])),
            (
                "\\partial X} = \\begin",
                0,
                lambda: _close(dX, [[2, 1, -2, -1], [4, 3, 1, 1], [0, 0, 2, 1], [0, 0, 1, -1]]),
            ),
            ("x_{44} = g_{33} k_{22}", 0, lambda: dX[3, 3] == G[2, 2] * Kv[1][1]),
            ("x_{44} = g_{33} k_{22}", 1, lambda: G[2, 2] * Kv[1][1] == -1),
            ("\\partial b = \\sum_{i,j}", 0, lambda: db.item() == G.sum()),
            ("\\partial b = \\sum_{i,j}", 1, lambda: G.sum() == 4),
        ],
    )


# --- exetaseis_lyseis_el: 5x5 X, vertical-edge 3x3 K, stride 2, padding 1, 0-based ----------
def _lyseis_el() -> dict:
    Xv = [[2, 1, 0, 1, 3], [0, 1, 2, 2, 1], [1, 0, 1, 0, 2], [3, 1, 0, 1, 1], [0, 2, 1, 0, 1]]
    Kv = [[1, 0, -1]] * 3
    Gv = [[1, 0, 1], [0, 2, 0], [1, 0, -1]]
    x, k = _t([[Xv]], grad=True), _t([[Kv]], grad=True)
    y = F.conv2d(x, k, stride=2, padding=1)
    (y[0, 0] * _t(Gv)).sum().backward()
    Y, dX, dK = y.detach()[0, 0].numpy(), x.grad[0, 0].numpy(), k.grad[0, 0].numpy()
    window = (np.array(Xv, dtype=float)[1:4, 1:4] * np.array(Kv)).sum()
    return _by_anchor(
        "exetaseis_lyseis_el",
        [
            ("\\rfloor + 1 = 3$", 0, lambda: Y.shape[0] == (5 + 2 * 1 - 3) // 2 + 1 == 3),
            ("$Y_{1,1} =", 0, lambda: Y[1, 1] == window == (1 + 0 + 1) - (2 + 0 + 1)),
            ("$Y_{1,1} =", 1, lambda: (1 + 0 + 1) - (2 + 0 + 1) == -1),
            ("$$Y = \\begin", 0, lambda: _close(Y, [[-2, -1, 3], [-2, -1, 3], [-3, 2, -1]])),
            ("\\partial K} = \\begin", 0, lambda: _close(dK, [[1, 6, 5], [1, 6, 3], [4, 1, 3]])),
            ("X_{3,3} = -3$", 0, lambda: dX[3, 3] == -3),
            ("X_{3,3} = -3$", 1, lambda: dX[0, 0] == 0),
            ("= 40$", 0, lambda: _params(torch.nn.Conv2d(1, 4, 3, stride=2, padding=1)) == 40),
        ],
    )


# --- figure_captions_en: Conv1d(12, 24, 5, padding=2, groups=3) on 50 samples ----------------
def _captions_en() -> dict:
    grouped = torch.nn.Conv1d(12, 24, 5, padding=2, groups=3)
    length = _out(grouped, (1, 12, 50))[2]
    dilated = _out(torch.nn.Conv1d(12, 24, 5, dilation=2, groups=3), (1, 12, 50))[2]
    return _by_anchor(
        "figure_captions_en",
        [
            ("= 504$ parameters", 0, lambda: _params(grouped) == 24 * 4 * 5 + 24 == 504),
            ("$L_{out} = 50 + 4 - 5 + 1 = 50$", 0, lambda: length == 50 + 4 - 5 + 1),
            ("$L_{out} = 50 + 4 - 5 + 1 = 50$", 1, lambda: 50 + 4 - 5 + 1 == 50),
            ("$L_{out} = 50 - 2", 0, lambda: dilated == 50 - 2 * (5 - 1)),
            ("$L_{out} = 50 - 2", 1, lambda: 50 - 2 * (5 - 1) == 42),
            ("A dense (ungrouped)", 0, lambda: _params(torch.nn.Conv1d(12, 24, 5)) == 1464),
            ("Our first draft", 0, lambda: _params(grouped) == 1464),
        ],
    )


# --- fusklapp_receptivt_sv: receptive fields and counts --------------------------------------
def _field(layers: list[tuple[int, int, int]]) -> int:
    """Input samples one central output sees through 1-D layers (kernel, stride, dilation) of
    positive weights (a pooling window as an averaging kernel): the span of autograd's
    nonzero input gradient."""
    x = torch.zeros(1, 1, 256, dtype=F64, requires_grad=True)
    y = x
    for k, s, d in layers:
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=F64), stride=s, dilation=d)
    y[0, 0, y.shape[-1] // 2].backward()
    hit = np.nonzero(x.grad[0, 0].numpy())[0]
    return int(hit[-1] - hit[0] + 1)


def _receptivt_sv() -> dict:
    three = [(3, 1, 1)] * 3
    middle = [(3, 1, 1), (3, 2, 1), (3, 1, 1)]
    lenet = [(5, 1, 1), (2, 2, 1), (5, 1, 1), (2, 2, 1)]
    strided = [(3, 2, 1)] * 3
    c3 = _params(torch.nn.Conv2d(64, 64, 3))
    c7 = _params(torch.nn.Conv2d(64, 64, 7))
    c3n = _params(torch.nn.Conv2d(64, 64, 3, bias=False))
    c7n = _params(torch.nn.Conv2d(64, 64, 7, bias=False))
    return _by_anchor(
        "fusklapp_receptivt_sv",
        [
            ("$r = 1 + 3 \\cdot (3 - 1) = 7$", 0, lambda: _field(three) == 1 + 3 * (3 - 1)),
            ("$r = 1 + 3 \\cdot (3 - 1) = 7$", 1, lambda: 1 + 3 * (3 - 1) == 7),
            ("$r = 1 + 2 + 2 + 2", 0, lambda: _field(middle) == 1 + 2 + 2 + 2 * 2),
            ("$r = 1 + 2 + 2 + 2", 1, lambda: 1 + 2 + 2 + 2 * 2 == 9),
            ("$r = 16$", 0, lambda: _field(lenet) == 16),
            ("$r = 1 + 2 + 4 + 8", 0, lambda: _field(strided) == 1 + 2 + 4 + 8),
            ("$r = 1 + 2 + 4 + 8", 1, lambda: 1 + 2 + 4 + 8 == 15),
            ("= 110784$", 0, lambda: 3 * c3 == 110784),
            ("= 200768$", 0, lambda: c7 == 200768),
            ("= 110592$", 0, lambda: 3 * c3n == 110592),
            ("= 110592$", 1, lambda: c7n == 200704),
            ("Vanlig miss", 0, lambda: _field(three) == 9),
        ],
    )


# --- kolokwium_parametry_pl: a Sequential of five layers on 3x32x32 --------------------------
def _parametry_pl() -> dict:
    a = torch.nn.Conv2d(3, 16, 3, padding=1)
    c = torch.nn.Conv2d(16, 32, 3, groups=4)
    d = torch.nn.Conv2d(32, 32, 3, groups=32, padding=1)
    e = torch.nn.Conv2d(32, 64, 1, bias=False)
    e_in = _out(torch.nn.Sequential(a, torch.nn.MaxPool2d(2), c, d), (1, 3, 32, 32))
    return _by_anchor(
        "kolokwium_parametry_pl",
        [
            ("= 448$", 0, lambda: _params(a) == 448),
            ("= 4640$", 0, lambda: _params(c) == 4640),
            ("= 320$", 0, lambda: _params(d) == 320),
            ("= 2048$", 0, lambda: _params(e) == 2048),
            ("$16/4 = 4$", 0, lambda: c.weight.shape[1] == 16 / 4 == 4),
            ("= 1184$ (wartość", 0, lambda: _params(c) == 1184),
            ("= 4000$", 0, lambda: sum(_params(m) for m in (a, c, d, e)) == 4000),
            ("= 442368$", 0, lambda: _macs(a, (1, 3, 32, 32)) == 442368),
            ("= 401408$", 0, lambda: _macs(e, e_in) == 401408),
        ],
    )


# --- quiz_student_answers_en: a graded quiz on sizes, counts and a pooling gradient -----------
def _quiz_en() -> dict:
    h1 = _out(torch.nn.Conv2d(3, 32, 5, stride=2, padding=2), (1, 3, 64, 64))[2]
    h2 = _out(torch.nn.Conv2d(32, 64, 3, stride=2), (1, 32, 32, 32))[2]
    h3 = _out(torch.nn.MaxPool2d(3, stride=2), (1, 1, 15, 15))[2]
    q4 = torch.nn.Conv1d(4, 8, 3, dilation=2, padding=2)
    l4 = _out(q4, (1, 4, 20))[2]
    # the span of the dilated kernel: input length minus output length plus one, unpadded
    span = 20 - _out(torch.nn.Conv1d(4, 8, 3, dilation=2), (1, 4, 20))[2] + 1
    x = _t([[3, 1, 4, 1, 5, 9, 2, 6]], grad=True)
    y = F.max_pool1d(x, 2)
    (y[0] * _t([1, 2, 3, 4])).sum().backward()
    return _by_anchor(
        "quiz_student_answers_en",
        [
            ("= 32.5$", 0, lambda: h1 == (64 + 4 - 5) / 2 + 1),
            ("= 32.5$", 1, lambda: (64 + 4 - 5) / 2 + 1 == 32.5),
            ("\\rfloor + 1 = 32$", 0, lambda: h1 == (64 + 4 - 5) // 2 + 1 == 32),
            ("= 832$", 0, lambda: _params(torch.nn.Conv2d(3, 32, 5)) == 832),
            ("= 2432$", 0, lambda: _params(torch.nn.Conv2d(3, 32, 5)) == 2432),
            ("$H_{out} = (32 - 3)/2 = 14$", 0, lambda: h2 == (32 - 3) / 2),
            ("$H_{out} = (32 - 3)/2 = 14$", 1, lambda: (32 - 3) / 2 == 14),
            ("= 18432$", 0, lambda: _params(torch.nn.Conv2d(32, 64, 3, stride=2)) == 18432),
            ("\\rfloor + 1 = 7$", 0, lambda: h3 == (15 - 3) // 2 + 1),
            ("\\rfloor + 1 = 7$", 1, lambda: (15 - 3) // 2 + 1 == 7),
            ("$2 \\cdot (3 - 1) + 1 = 5$", 0, lambda: span == 2 * (3 - 1) + 1 == 5),
            ("$2 \\cdot (3 - 1) + 1 = 5$", 1, lambda: l4 == 20 + 4 - 5 + 1),
            ("$2 \\cdot (3 - 1) + 1 = 5$", 2, lambda: 20 + 4 - 5 + 1 == 20),
            ("= 104$", 0, lambda: _params(q4) == 104),
            ("= 104$", 1, lambda: l4 == 20 + 4 - 3 + 1),
            ("= 104$", 2, lambda: 20 + 4 - 3 + 1 == 22),
            ("gives $y = (3, 4, 9, 6)$", 1, lambda: _close(y.detach()[0], [3, 4, 9, 6])),
            ("(red: 9 is", 0, lambda: _close(x.grad[0], [1, 0, 2, 0, 3, 0, 0, 4])),
        ],
    )


# --- soal_lenet_id: LeNet-5 on 1x28x28 ------------------------------------------------------
def _lenet_id() -> dict:
    c1, c2 = torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.Conv2d(6, 16, 5)
    f1, f2, f3 = torch.nn.Linear(400, 120), torch.nn.Linear(120, 84), torch.nn.Linear(84, 10)
    pool = torch.nn.MaxPool2d(2)
    model = torch.nn.Sequential(c1, torch.nn.ReLU(), pool, c2, torch.nn.ReLU(), pool)
    side2 = _out(torch.nn.Sequential(c1, pool, c2), (1, 1, 28, 28))[2]
    side3 = _out(model, (1, 1, 28, 28))[2]
    total = sum(_params(m) for m in (c1, c2, f1, f2, f3))
    return _by_anchor(
        "soal_lenet_id",
        [
            ("$14 - 5 + 1 = 10$", 0, lambda: side2 == 14 - 5 + 1 == 10),
            ("= 156$", 0, lambda: _params(c1) == 156),
            ("= 2416$", 0, lambda: _params(c2) == 2416),
            ("= 48120$", 0, lambda: _params(f1) == 48120),
            ("= 10164$", 0, lambda: _params(f2) == 10164),
            ("= 840$", 0, lambda: _params(f3) == 840),
            ("= 61706$", 0, lambda: total == 156 + 2416 + 48120 + 10164 + 850 == 61706),
            ("\\lfloor 10/2 \\rfloor = 5$", 0, lambda: side3 == 10 // 2 == 5),
        ],
    )


# --- tenta_softmax_sv: softmax cross-entropy, one example and a mean over a batch ------------
def _softmax_sv() -> dict:
    z = _t([[2, 1, 0]], grad=True)
    loss = F.cross_entropy(z, torch.tensor([0]))
    loss.backward()
    p = torch.softmax(z.detach()[0], 0).numpy()
    zb = _t([[1, 2, 3], [1, 1, 1]], grad=True)
    mean = F.cross_entropy(zb, torch.tensor([2, 0]))  # classes 3 and 1 of 1..3
    mean.backward()
    return _by_anchor(
        "tenta_softmax_sv",
        [
            ("\\approx (0.665,", 1, lambda: _all_round(p, [0.665, 0.245, 0.090], 3)),
            ("$L = -\\ln 0.665", 0, lambda: _rounds_to(loss.item(), round(-math.log(0.665), 3), 3)),
            ("$L = -\\ln 0.665", 1, lambda: _rounds_to(-math.log(0.665), 0.408, 3)),
            ("\\approx (-0.335,", 0, lambda: _all_round(z.grad[0], [-0.335, 0.245, 0.090], 3)),
            ("$L \\approx 0.753$", 0, lambda: _rounds_to(mean.item(), 0.753, 3)),
            ("z^{(2)}} = \\left(", 0, lambda: _close(zb.grad[1], [-1 / 3, 1 / 6, 1 / 6])),
            ("z^{(1)}_3 \\approx -0.335", 0, lambda: _rounds_to(zb.grad[0, 2], -0.335, 3)),
            ("rätt är $\\approx -0.167$", 1, lambda: _rounds_to(zb.grad[0, 2], -0.167, 3)),
        ],
    )


TRUTH_F13H2: dict[str, Callable[[], dict[tuple[int, int], Truth]]] = {
    "baigiang_pooling_vi": _pooling_vi,
    "baitap_softmax_batch_vi": _softmax_batch_vi,
    "baocao_conv1d_vi": _conv1d_vi,
    "blog_keras_same_en": _keras_same,
    "catatan_flops_id": _flops_id,
    "cwiczenia_tconv_pl": _tconv_pl,
    "exam_solution_grids_en": _grids_en,
    "exetaseis_lyseis_el": _lyseis_el,
    "figure_captions_en": _captions_en,
    "fusklapp_receptivt_sv": _receptivt_sv,
    "kolokwium_parametry_pl": _parametry_pl,
    "quiz_student_answers_en": _quiz_en,
    "soal_lenet_id": _lenet_id,
    "tenta_softmax_sv": _softmax_sv,
}
