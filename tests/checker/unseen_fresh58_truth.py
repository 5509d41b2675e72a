"""Independent truth for the fresh58 unseen set (tests/data/check/unseen/fresh58/): the notes
blog_mobilenet_depthwise_separable_cost, velog_maxpool_yeokjeonpa_4x4,
forum_convolution_groupee_groups2 and exam_solution_softmax_ce_last_conv (the other three live
in unseen_fresh58_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or combining
mismatched shapes (ValueError) disagrees.  A link between two written numbers is arithmetic; a
size, count or value named on the left must equal the true one; a value written to n decimals
agrees when it is within half a unit of its last decimal.
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
SET = "fresh58"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def near(value: object, written: object, decimals: int) -> bool:
    """A value the note rounds to ``decimals`` places: within half a unit of the last place."""
    a, b = np.asarray(value, dtype=np.float64), np.asarray(written, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 0.5 * 10.0**-decimals + 1e-12))


def approx(value: float, written: float, decimals: int) -> Truth:
    return single(lambda: near(value, written, decimals))


# --- blog_mobilenet_depthwise_separable_cost.md (English blog post): C_in = 64, C_out = 128,
# k = 3, 56 x 56, stride 1, padding 1, bias=False; a MAC is torch FlopCounterMode's count / 2.

BLOG = "blog_mobilenet_depthwise_separable_cost"


def _standard(cin: int, cout: int, k: int, bias: bool = False) -> torch.nn.Conv2d:
    return nn.Conv2d(cin, cout, k, padding=k // 2, bias=bias)


def _depthwise(cin: int, k: int, s: int = 1, bias: bool = False) -> torch.nn.Conv2d:
    return nn.Conv2d(cin, cin, k, stride=s, padding=k // 2, groups=cin, bias=bias)


def _pointwise(cin: int, cout: int, bias: bool = False) -> torch.nn.Conv2d:
    return nn.Conv2d(cin, cout, 1, bias=bias)


def _macs(layers: list[torch.nn.Module], cin: int, h: int) -> int:
    """MACs of the layers applied in sequence to a 1 x cin x h x h input."""

    def run() -> None:
        z = torch.zeros(1, cin, h, h, dtype=F64)
        for layer in layers:
            z = layer.double()(z)

    return flops_half(run)


def _sep_macs(cin: int, cout: int, h: int, k: int = 3, s: int = 1) -> int:
    return _macs([_depthwise(cin, k, s), _pointwise(cin, cout)], cin, h)


P_STD = params(_standard(64, 128, 3))
P_DW, P_PW = params(_depthwise(64, 3)), params(_pointwise(64, 128))
P_SEP = params(nn.Sequential(_depthwise(64, 3), _pointwise(64, 128)))
M_STD = _macs([_standard(64, 128, 3)], 64, 56)
M_DW, M_PW = _macs([_depthwise(64, 3)], 64, 56), _macs([_pointwise(64, 128)], 64, 56)
M_SEP = _sep_macs(64, 128, 56)
M_DW2 = _macs([_depthwise(64, 3, 2)], 64, 56)
_RATIO_GRID = [(ci, co, k) for ci in (8, 64) for co in (16, 128) for k in (1, 3, 5)]


def _block_formula(h: int, cin: int, cout: int, k: int, s: int) -> bool:
    side = conv_out(h, k, s, k // 2)
    return _sep_macs(cin, cout, h, k, s) == side * side * cin * (k * k + cout)


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "$$P_{std} = 9": [equal(P_STD, 9 * 64 * 128), equal(9 * 64 * 128, 73728)],
        "$$P_{dw} = k^2 C_{in} = 576": [
            equal(P_DW, 3**2 * 64),
            equal(3**2 * 64, 576),
            equal(P_PW, 64 * 128),
            equal(64 * 128, 8192),
        ],
        "So the separable block has": [equal(P_SEP, P_DW + P_PW), equal(P_DW + P_PW, 8768)],
        "\\frac{P_{sep}}{P_{std}} = \\frac{1}{C_{out}}": [
            grid(
                lambda ci, co, k: math.isclose(
                    params(nn.Sequential(_depthwise(ci, k), _pointwise(ci, co)))
                    / params(_standard(ci, co, k)),
                    1 / co + 1 / k**2,
                ),
                _RATIO_GRID,
            ),
            approx(1 / 128 + 1 / 9, 0.119, 3),
        ],
        "If you forget `bias=False`": [
            equal(params(_pointwise(64, 128, bias=True)), 64 * 128 + 64),
            equal(64 * 128 + 64, 8256),
        ],
        # Keras' SeparableConv2D: depthwise kernel without bias, then a pointwise kernel with one
        "Keras' `SeparableConv2D": [
            equal(P_DW + params(_pointwise(64, 128, bias=True)), 9 * 64 + 64 * 128 + 64),
            equal(9 * 64 + 64 * 128 + 64, 8832),
        ],
        "$$M_{std} = 3136": [equal(M_STD, 3136 * 576 * 128), equal(3136 * 576 * 128, 231211008)],
        "$$M_{dw} = H W k^2 C_{in} = 1806336": [
            equal(M_DW, 56 * 56 * 9 * 64),
            equal(56 * 56 * 9 * 64, 1806336),
            equal(M_PW, 56 * 56 * 64 * 128),
            equal(56 * 56 * 64 * 128, 25690112),
        ],
        "$$M_{sep} = M_{dw} + M_{pw} = 1806336": [
            equal(M_SEP, M_DW + M_PW),
            equal(M_DW + M_PW, 1806336 + 25690112),
            equal(1806336 + 25690112, 27396448),
        ],
        "\\frac{M_{std}}{M_{sep}} = \\frac{231211008}": [
            single(lambda: math.isclose(M_STD / M_SEP, 231211008 / 27396448)),
            approx(231211008 / 27396448, 8.44, 2),
        ],
        "$$H' = \\left\\lfloor": [
            equal(conv_out(56, 3, 2, 1), (56 - 3) // 2 + 1),
            equal((56 - 3) // 2 + 1, 27),
        ],
        "and the depthwise cost drops to": [
            equal(M_DW2, 27**2 * 9 * 64),
            equal(27**2 * 9 * 64, 419904),
        ],
        "$$M_{sep} = H_{out} W_{out} C_{in} \\left(": [
            grid(_block_formula, [(56, 64, 128, 3, 1), (56, 64, 128, 3, 2), (9, 4, 6, 5, 1)])
        ],
        # alpha thins both channel counts; rho shrinks the input side (56 -> 28, 14)
        "The paper's width multiplier": [
            grid(
                lambda a: math.isclose(_sep_macs(int(a * 64), int(a * 128), 56), a**2 * M_SEP),
                [(0.5,), (0.25,)],
            ),
            grid(
                lambda r: math.isclose(_sep_macs(64, 128, int(r * 56)), r**2 * M_SEP),
                [(0.5,), (0.25,)],
            ),
        ],
    },
)


# --- velog_maxpool_yeokjeonpa_4x4.md (Korean blog post): nn.MaxPool2d(2, stride=2) on the
# note's 4 x 4 X (no ties), G given; the note is 1-based, the arrays 0-based.

VELOG = "velog_maxpool_yeokjeonpa_4x4"
VX = np.array([[1.0, 5, 2, 0], [3, 2, 7, 1], [4, 0, 1, 3], [6, 2, 8, 2]])
VG = np.array([[0.5, -1], [2, 1.5]])


def _pool(x: np.ndarray, g: np.ndarray, avg: bool = False) -> dict:
    xt = t64(x, True)
    if avg:
        y = F.avg_pool2d(xt[None, None], 2, 2)[0, 0]
        idx = None
    else:
        y4, idx = F.max_pool2d(xt[None, None], 2, 2, return_indices=True)
        y, idx = y4[0, 0], idx[0, 0].numpy()
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dx": xt.grad.numpy(), "idx": idx}


VV, VA = _pool(VX, VG), _pool(VX, VG, avg=True)


def _pool_side(h: int, k: int = 2) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, 2).shape[-1])


def _mask_formula() -> np.ndarray:
    """G at the 1-based window (ceil(p/2), ceil(q/2)) times M_pq, M = 1 at its window's max."""
    out = np.zeros((4, 4))
    for p in range(1, 5):
        for q in range(1, 5):
            i, j = math.ceil(p / 2), math.ceil(q / 2)
            window = VX[2 * i - 2 : 2 * i, 2 * j - 2 : 2 * j]
            out[p - 1, q - 1] = VG[i - 1, j - 1] * float(VX[p - 1, q - 1] == window.max())
    return out


def _is(a: float, b: float) -> Truth:
    return single(lambda: math.isclose(a, b, abs_tol=1e-12))


VELOG_CLAIMS = claims_of(
    VELOG,
    {
        "출력 크기는 합성곱과 같은 공식으로": [
            equal(_pool_side(4), (4 - 2) / 2 + 1),
            equal((4 - 2) / 2 + 1, 2),
        ],
        "$$Y = \\begin{bmatrix} 5 & 7": [single(lambda: same(VV["y"], [[5, 7], [6, 8]]))],
        "예를 들어 왼쪽 위 창은": [_is(VV["y"][0, 0], max(1, 5, 3, 2)), equal(max(1, 5, 3, 2), 5)],
        "최댓값 5 가 $(1, 2)$": [_is(VV["dx"][0, 1], VG[0, 0]), _is(VG[0, 0], 0.5)],
        "7 이 $(2, 3)$": [_is(VV["dx"][1, 2], VG[0, 1]), _is(VG[0, 1], -1)],
        "6 이 $(4, 1)$": [_is(VV["dx"][3, 0], VG[1, 0]), _is(VG[1, 0], 2)],
        "8 이 $(4, 3)$": [_is(VV["dx"][2, 3], VG[1, 1]), _is(VG[1, 1], 1.5)],
        # torch's indices are flat 0-based positions in the 4 x 4 map
        "return_indices=True": [
            equal(int(VV["idx"][1, 1]), 3 * 4 + 2),
            equal(3 * 4 + 2, 14),
            equal(int(VV["idx"][1, 0]), 3 * 4 + 1),
            equal(3 * 4 + 1, 13),
        ],
        "같은 창 안에서 최댓값이 아닌 원소": [_is(VV["dx"][0, 0], 0)],
        "\\frac{\\partial L}{\\partial X} = \\begin{bmatrix} 0 & 0.5": [
            single(
                lambda: same(
                    VV["dx"], [[0, 0.5, 0, 0], [0, 0, -1, 0], [0, 0, 0, 1.5], [2, 0, 0, 0]]
                )
            )
        ],
        "0 이 아닌 원소 수는": [equal(np.count_nonzero(VV["dx"]), 4)],
        "$$\\sum_{i,j} \\frac{\\partial L}{\\partial X_{ij}} = \\sum_{i,j} G_{ij}": [
            _is(VV["dx"].sum(), VG.sum()),
            _is(VG.sum(), 3),
        ],
        "제곱합도 마찬가지로": [
            _is((VV["dx"] ** 2).sum(), (VG**2).sum()),
            _is((VG**2).sum(), 7.25),
        ],
        "G_{\\lceil p/2 \\rceil \\lceil q/2 \\rceil}": [
            single(lambda: same(VV["dx"], _mask_formula()))
        ],
        "AvgPool 2×2 였다면": [_is(VA["dx"][1, 2], VG[0, 0] / 4), _is(VG[0, 0] / 4, 0.125)],
        "입력이 $7 \\times 7$ 이면": [
            equal(_pool_side(7), math.ceil((7 - 2) / 2) + 1),
            equal(math.ceil((7 - 2) / 2) + 1, 4),
            equal(_pool_side(5, 3), (5 - 3) / 2 + 1),
            equal((5 - 3) / 2 + 1, 2),
        ],
    },
)


# --- forum_convolution_groupee_groups2.md (French forum thread): nn.Conv2d(4, 6, 3, groups=2) on
# 8 x 8; channels and filters 1-based in the note (0-based arrays); blocks are consecutive.

FORUM = "forum_convolution_groupee_groups2"


def _g(g: int, cin: int = 4, cout: int = 6, k: int = 3) -> torch.nn.Conv2d:
    return nn.Conv2d(cin, cout, k, groups=g)


def _forum(rel: Callable[[dict], bool], seed: int) -> Truth:
    def make(r: np.random.Generator) -> dict:
        x, w, b, g = (
            r.normal(size=(1, 4, 8, 8)),
            r.normal(size=(6, 2, 3, 3)),
            r.normal(size=6),
            r.normal(size=(1, 6, 6, 6)),
        )
        return {"x": x[0], "w": w, "b": b, "G": g[0], **conv(x, w, b, g, groups=2)}

    return trials(lambda r: rel(make(r)), seed)


def _fwd(v: dict, filters: range, offset: int) -> bool:
    """Y_o = b_o + sum_{c=1}^{2} X_{c+offset} star W_{o,c} for the given 1-based filters."""
    return all(
        same(
            v["z"][0, o - 1],
            v["b"][o - 1] + sum(corr(v["x"][c + offset - 1], v["w"][o - 1, c - 1]) for c in (1, 2)),
        )
        for o in filters
    )


def _dx_sum(v: dict, filters: range, slice_: int) -> np.ndarray:
    return sum(corr(pad(v["G"][o - 1], 2), rot180(v["w"][o - 1, slice_ - 1])) for o in filters)


FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "Pourquoi 2 et pas 4": [
            equal(conv_out(8, 3), 8 - 3),
            equal(8 - 3, 5),
            equal(params(_g(2)), params(_g(1)) / 2),
            equal(params(_g(1)) / 2, 111),
        ],
        "soit $C_{in}/g = 4/2 = 2$": [equal(_g(2).weight.shape[1], 4 / 2), equal(4 / 2, 2)],
        "Comptons. Les poids": [equal(_g(2).weight.numel(), 6 * 2 * 3 * 3), equal(6 * 2 * 9, 108)],
        "$$P_2 = 108 + 6 = 114$$": [equal(params(_g(2)), 108 + 6), equal(108 + 6, 114)],
        "alors que sans groupes": [
            equal(params(_g(1)), 6 * 4 * 9 + 6),
            equal(6 * 4 * 9 + 6, 222),
            single(lambda: math.isclose(params(_g(1)) / params(_g(2)), 222 / 114)),
            approx(222 / 114, 1.95, 2),
        ],
        "$$Y_o = b_o + \\sum_{c=1}^{2} X_c \\star W_{o,c}$$": [
            _forum(lambda v: _fwd(v, range(1, 4), 0), 5801)
        ],
        "X_{c+3} \\star W_{o,c}": [_forum(lambda v: _fwd(v, range(4, 7), 3), 5802)],
        "\\partial W_{o,c}} = X_{c+2} \\star G_o": [
            _forum(
                lambda v: all(
                    same(v["dw"][o - 1, c - 1], corr(v["x"][c + 1], v["G"][o - 1]))
                    for o in range(4, 7)
                    for c in (1, 2)
                ),
                5803,
            )
        ],
        "Le biais, lui, somme": [
            _forum(lambda v: same(v["db"], [v["G"][o].sum() for o in range(6)]), 5804)
        ],
        "\\partial X_1} = \\sum_{o=1}^{6}": [
            _forum(lambda v: same(v["dx"][0, 0], _dx_sum(v, range(1, 7), 1)), 5805)
        ],
        "\\partial X_3} = \\sum_{o=4}^{6}": [
            _forum(lambda v: same(v["dx"][0, 2], _dx_sum(v, range(4, 7), 1)), 5806)
        ],
        "\\partial X_4} = \\sum_{o=4}^{6}": [
            _forum(lambda v: same(v["dx"][0, 3], _dx_sum(v, range(4, 7), 4)), 5807)
        ],
        "En général, $P = C_{out}": [
            grid(
                lambda ci, co, k, g: params(_g(g, ci, co, k)) == co * (ci // g * k * k + 1),
                [(4, 6, 3, 2), (8, 16, 3, 4), (6, 9, 1, 3), (4, 6, 5, 1)],
            )
        ],
        "**Coût.**": [
            equal(
                flops_half(lambda: _g(2).double()(torch.zeros(1, 4, 8, 8, dtype=F64))),
                6**2 * 6 * 2 * 9,
            ),
            equal(6**2 * 6 * 2 * 9, 3888),
            equal(
                flops_half(lambda: _g(1).double()(torch.zeros(1, 4, 8, 8, dtype=F64))),
                6**2 * 6 * 4 * 9,
            ),
            equal(6**2 * 6 * 4 * 9, 7776),
        ],
        "Cas extrême": [equal(params(_g(4, 4, 4)), 4 * 9), equal(4 * 9, 36)],
    },
)


# --- exam_solution_softmax_ce_last_conv.md (English exam solution): nn.Conv2d(1, 3, 2) on the
# 2 x 2 X, the note's W_1..W_3, zero biases, softmax + cross-entropy with class 2 (index 1).

EXAM = "exam_solution_softmax_ce_last_conv"
EX = np.array([[1.0, 2], [0, -1]])
EW = np.array([[[1.0, 0], [0, -1]], [[0, 0], [1, -1]], [[1, -1], [0, -1]]])
LABEL = 1
ONEHOT = np.eye(3)[LABEL]


def _exam(copies: int = 1, reduction: str = "mean") -> dict:
    """The forward, the loss and autograd's gradients; ``copies`` identical examples."""
    x = t64(np.repeat(EX[None, None], copies, axis=0), True)
    w, b = t64(EW[:, None], True), t64(np.zeros(3), True)
    z = F.conv2d(x, w, b)
    z.retain_grad()
    loss = F.cross_entropy(z[:, :, 0, 0], torch.full((copies,), LABEL), reduction=reduction)
    loss.backward()
    return {
        "z": z.detach().numpy()[0, :, 0, 0],
        "dz": z.grad.numpy()[0, :, 0, 0],
        "L": float(loss.detach()),
        "dw": w.grad.numpy()[:, 0],
        "db": b.grad.numpy(),
        "dx": x.grad.numpy()[0, 0],
    }


def _after_step(lr: float = 0.1) -> dict:
    """One SGD step on both W and b, then the new logits and loss."""
    v = _exam()
    w = EW - lr * v["dw"]
    b = -lr * v["db"]
    z = np.array([np.sum(w[k] * EX) + b[k] for k in range(3)])
    p = np.exp(z) / np.exp(z).sum()
    return {"z": z, "L": float(-np.log(p[LABEL]))}


EV, EV4, ESTEP = _exam(), _exam(4), _after_step()
EP = np.exp(EV["z"]) / np.exp(EV["z"]).sum()
E = math.e


def _terms(w: np.ndarray) -> float:
    return float(np.sum(w * EX))


EXAM_CLAIMS = claims_of(
    EXAM,
    {
        "$$z_1 = ": [_is(EV["z"][0], 1 * 1 + 0 * 2 + 0 * 0 + (-1) * (-1)), equal(1 + 0 + 0 + 1, 2)],
        "$$z_2 = ": [_is(EV["z"][1], 0 * 1 + 0 * 2 + 1 * 0 + (-1) * (-1)), equal(0 + 0 + 0 + 1, 1)],
        "$$z_3 = ": [
            _is(EV["z"][2], 1 * 1 + (-1) * 2 + 0 * 0 + (-1) * (-1)),
            equal(1 - 2 + 0 + 1, 0),
        ],
        "so $z = (2, 1, 0)$": [
            single(lambda: same(EV["z"], [2, 1, 0])),
            None,
            single(lambda: near(EP, [0.665, 0.245, 0.090], 3)),
        ],
        "In particular $p_2": [
            _is(EP[1], E / (E**2 + E)),
            approx(E / (E**2 + E), 0.269, 3),
        ],
        "The loss is $L": [None, approx(EV["L"], 1.408, 3)],
        "$$\\frac{\\partial L}{\\partial z_k} = p_k": [single(lambda: same(EV["dz"], EP - ONEHOT))],
        "that is, $\\frac": [single(lambda: near(EV["dz"], [0.665, -0.755, 0.090], 3))],
        "\\partial W_k[u,v]} = \\left(": [
            single(lambda: same(EV["dw"], [(EP[k] - ONEHOT[k]) * EX for k in range(3)]))
        ],
        "\\partial W_1} \\approx \\begin{bmatrix}": [
            single(lambda: near(EV["dw"][0], [[0.665, 1.330], [0, -0.665]], 3)),
            single(lambda: near(EV["dw"][1], [[-0.755, -1.511], [0, 0.755]], 3)),
            single(lambda: near(EV["dw"][2], [[0.090, 0.180], [0, 0.090]], 3)),
        ],
        "The biases:": [
            single(lambda: same(EV["db"], EP - ONEHOT)),
            single(lambda: near(EP - ONEHOT, [0.665, -0.755, 0.090], 3)),
            single(lambda: same(EV["dw"].sum(axis=0), np.zeros((2, 2)))),
            single(lambda: math.isclose(EV["db"].sum(), 0, abs_tol=1e-12)),
        ],
        "\\operatorname{rot}_{180}(W_k)$$": [
            single(
                lambda: same(EV["dx"], sum((EP[k] - ONEHOT[k]) * rot180(EW[k]) for k in range(3)))
            )
        ],
        "Numerically, $\\frac": [single(lambda: near(EV["dx"], [[0.755, -0.090], [-0.755, 0]], 3))],
        # the mean over 4 identical copies: each copy's gradient weighs 1/4
        "*Remark.*": [None, single(lambda: near(EV4["dw"][0], 4 * 0.665 * EX, 3))],
        "With learning rate": [None, equal(float(np.sum(EX**2)), 6)],
        "$$z_1^{new} = ": [
            single(lambda: abs(ESTEP["z"][0] - (2 - 0.1 * 0.665 * 6)) <= 1e-3),
            approx(2 - 0.1 * 0.665 * 6, 1.601, 3),
        ],
        "$$z_2^{new} = ": [
            single(lambda: abs(ESTEP["z"][1] - (1 + 0.1 * 0.755 * 6)) <= 1e-3),
            approx(1 + 0.1 * 0.755 * 6, 1.453, 3),
        ],
        "the loss drops to": [approx(ESTEP["L"], 0.868, 3)],
    },
)


def truth_table() -> Claims:
    from unseen_fresh58_truth_b import NOTES_B

    return {**BLOG_CLAIMS, **VELOG_CLAIMS, **FORUM_CLAIMS, **EXAM_CLAIMS, **NOTES_B}
