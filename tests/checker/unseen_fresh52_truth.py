"""Independent truth for the fresh52 unseen set (tests/data/check/unseen/fresh52/): the notes
uebungsblatt7_loesung_conv_maxpool, textbook_multichannel_input_gradient_im2col,
vyakhyan_padding_stride_aakar and notebook_manual_backward_vs_autograd_stride2 (the other
three live in unseen_fresh52_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note).  A side reading an
entry outside a tensor (IndexError) or multiplying mismatched shapes (ValueError) disagrees;
where a note declares zeros outside a range those entries read as zero.  A link between two
written numbers is arithmetic; a size, count or entry named on the left must equal the true
one.
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
SET = "fresh52"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def approx(lhs: float, rhs: float) -> Truth:
    """An \\approx link: the left side rounds to the written number (half a unit of its last
    written digit; ``decimals`` is read off the written number's repr)."""
    text = repr(rhs)
    decimals = len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0
    return lambda: [abs(lhs - rhs) <= 0.5 * 10.0**-decimals + 1e-12]


# --- uebungsblatt7_loesung_conv_maxpool.md (German exercise solution), 1-based in the note,
# 0-based here: Z = X star K + b (valid, b = 0), P = maxpool 2 x 2 / stride 2, G = dL/dP.

UEB = "uebungsblatt7_loesung_conv_maxpool"
UEB_X = np.array(
    [
        [1, 0, 2, 1, 0, 1],
        [0, 3, 1, 0, 2, 0],
        [2, 1, 0, 1, 1, 3],
        [1, 0, 1, 2, 0, 1],
        [0, 2, 1, 0, 3, 1],
        [1, 1, 0, 2, 1, 0],
    ],
    dtype=float,
)
UEB_K = np.array([[1, 0, -1], [0, 1, 0], [1, 0, 1]], dtype=float)
UEB_G = np.array([[1, -2], [3, 1]], dtype=float)


def _conv_pool(x: np.ndarray, k: np.ndarray, g: np.ndarray) -> dict:
    """torch conv2d (bias 0) then max_pool2d(2, 2), backward of sum(P * g); delta = dL/dZ is
    read off the retained grad of Z, so the tie rule is torch's own."""
    xt, kt, bt = t64(x, True), t64(k, True), t64([0.0], True)
    z = F.conv2d(xt[None, None], kt[None, None], bt)
    z.retain_grad()
    p = F.max_pool2d(z, 2, 2)
    (p * t64(g)).sum().backward()
    return {
        "x": x,
        "k": k,
        "z": z.detach().numpy()[0, 0],
        "p": p.detach().numpy()[0, 0],
        "delta": z.grad.numpy()[0, 0],
        "dk": kt.grad.numpy(),
        "dx": xt.grad.numpy(),
        "db": float(bt.grad[0]),
    }


UEB_V = _conv_pool(UEB_X, UEB_K, UEB_G)


def _ueb(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random 6 x 6 input, 3 x 3 kernel and 2 x 2 upstream gradient (no ties almost surely)."""
    return trials(
        lambda r: rel(
            _conv_pool(r.normal(size=(6, 6)), r.normal(size=(3, 3)), r.normal(size=(2, 2)))
        ),
        seed,
    )


def _dk_sums(v: dict) -> np.ndarray:
    """sum_{i,j = 1..4} delta_{i,j} X_{i+u-1, j+v-1} for u, v = 1..3, shifted to 0-based."""
    d, x = v["delta"], v["x"]
    return np.array(
        [
            [
                sum(
                    d[i - 1, j - 1] * at(x, i + u - 2, j + w - 2)
                    for i in range(1, 5)
                    for j in range(1, 5)
                )
                for w in range(1, 4)
            ]
            for u in range(1, 4)
        ]
    )


UEB_CLAIMS = claims_of(
    UEB,
    {
        "$H_Z = 6 - 3 + 1 = 4$": [equal(conv_out(6, 3), 6 - 3 + 1), equal(6 - 3 + 1, 4)],
        "$$Z_{2,2} = 3": [
            single(
                lambda: math.isclose(
                    UEB_V["z"][1, 1],
                    3 * 1 + 1 * 0 + 0 * -1 + 1 * 0 + 0 * 1 + 1 * 0 + 0 * 1 + 1 * 0 + 2 * 1,
                )
            ),
            equal(3 * 1 + 1 * 0 + 0 * -1 + 1 * 0 + 0 * 1 + 1 * 0 + 0 * 1 + 1 * 0 + 2 * 1, 5),
        ],
        "$$Z = \\begin{bmatrix}": [
            single(
                lambda: same(UEB_V["z"], [[4, 2, 3, 6], [2, 5, 1, 4], [3, 3, 5, 1], [3, 2, 2, 6]])
            )
        ],
        "$$P = \\begin{bmatrix}": [single(lambda: same(UEB_V["p"], [[5, 6], [3, 6]]))],
        "$$\\delta = \\begin{bmatrix}": [
            single(
                lambda: same(
                    UEB_V["delta"], [[0, 0, 0, -2], [0, 1, 0, 0], [3, 0, 0, 0], [0, 0, 0, 1]]
                )
            )
        ],
        "\\partial K_{u,v}} = \\sum": [_ueb(lambda v: same(v["dk"], _dk_sums(v)), 5201)],
        "bleiben pro Filtereintrag": [
            single(lambda: math.isclose(UEB_V["dk"][0, 0], -2 * 1 + 1 * 3 + 3 * 2 + 1 * 2)),
            equal(-2 * 1 + 1 * 3 + 3 * 2 + 1 * 2, 9),
        ],
        "Genauso $\\frac": [
            single(lambda: math.isclose(UEB_V["dk"][1, 2], -2 * 0 + 1 * 1 + 3 * 1 + 1 * 1)),
            equal(-2 * 0 + 1 * 1 + 3 * 1 + 1 * 1, 6),
        ],
        "\\partial K} = \\begin{bmatrix}": [
            single(lambda: same(UEB_V["dk"], [[9, 4, -1], [4, -1, 6], [0, 6, -1]]))
        ],
        "Der Bias-Gradient": [
            _ueb(lambda v: math.isclose(v["db"], v["delta"].sum(), abs_tol=1e-12), 5202),
            single(lambda: math.isclose(UEB_V["delta"].sum(), 3)),
        ],
        "man paddet": [equal(UEB_K.shape[0] - 1, 2)],
        "\\operatorname{pad}_2(\\delta) \\star K$$": [
            _ueb(lambda v: same(v["dx"], corr(pad(v["delta"], 2), v["k"])), 5203)
        ],
        "Zur Kontrolle": [
            single(lambda: math.isclose(UEB_V["dx"][3, 3], 1 * UEB_K[2, 2])),
            single(lambda: math.isclose(1 * UEB_K[2, 2], 1)),
        ],
        "n_{\\text{param}}": [equal(params(nn.Conv2d(1, 1, 3)), 3 * 3), equal(3 * 3, 9)],
    },
)


# --- textbook_multichannel_input_gradient_im2col.md (English textbook section), 0-based:
# C_in = 3, C_out = 2, k = 3, H = 8, stride 1, no padding; G_o = dL/dY_o.

TXT = "textbook_multichannel_input_gradient_im2col"
CI, CO, KK, HH = 3, 2, 3, 8
HO = HH - KK + 1


def _txt_make(r: np.random.Generator) -> dict:
    """Random X (3 x 8 x 8), W (2 x 3 x 3 x 3), b and G (2 x 6 x 6) through torch conv2d, plus
    the im2col pieces: X_col from torch's unfold, W_mat = W reshaped to 2 x 27, and the true
    gradient of X_col from autograd through the product."""
    x, w, b = r.normal(size=(1, CI, HH, HH)), r.normal(size=(CO, CI, KK, KK)), r.normal(size=CO)
    g = r.normal(size=(1, CO, HO, HO))
    v = conv(x, w, b, g)
    xcol = F.unfold(t64(x), KK)[0].detach().requires_grad_()
    wmat = t64(w.reshape(CO, -1))
    gmat = g.reshape(CO, -1)
    ymat = wmat @ xcol + t64(b)[:, None]
    (ymat * t64(gmat)).sum().backward()
    return {
        "x": x[0],
        "w": w,
        "b": b,
        "g": g[0],
        "z": v["z"][0],
        "dx": v["dx"][0],
        "dw": v["dw"],
        "db": v["db"],
        "xcol": xcol.detach().numpy(),
        "dxcol": xcol.grad.numpy(),
        "wmat": w.reshape(CO, -1),
        "gmat": gmat,
    }


def _txt(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_txt_make(r)), seed)


def _dw_sums(v: dict) -> np.ndarray:
    """(6.10) with strict indexing."""
    out = np.zeros((CO, CI, KK, KK))
    for o in range(CO):
        for c in range(CI):
            for u in range(KK):
                for w in range(KK):
                    out[o, c, u, w] = sum(
                        v["g"][o, i, j] * at(v["x"][c], i + u, j + w)
                        for i in range(HO)
                        for j in range(HO)
                    )
    return out


def _dx_sums(v: dict) -> np.ndarray:
    """(6.11): G_o read as zero outside its range, as the note declares."""
    out = np.zeros((CI, HH, HH))
    for c in range(CI):
        for p in range(HH):
            for q in range(HH):
                out[c, p, q] = sum(
                    zat(v["g"][o], p - u, q - w) * v["w"][o, c, u, w]
                    for o in range(CO)
                    for u in range(KK)
                    for w in range(KK)
                )
    return out


def _txt_macs() -> int:
    x, w = torch.zeros(1, CI, HH, HH, dtype=F64), torch.zeros(CO, CI, KK, KK, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w))


UNFOLD_SHAPE = tuple(F.unfold(torch.zeros(1, CI, HH, HH, dtype=F64), KK).shape[1:])

TXT_CLAIMS = claims_of(
    TXT,
    {
        "so each output map": [equal(conv_out(HH, KK), HH - KK + 1), equal(8 - 3 + 1, 6), None],
        "\\tag{6.10}": [_txt(lambda v: same(v["dw"], _dw_sums(v)), 5211)],
        "and the bias gradient is": [_txt(lambda v: same(v["db"], v["g"].sum(axis=(1, 2))), 5212)],
        "\\tag{6.11}": [_txt(lambda v: same(v["dx"], _dx_sums(v)), 5213)],
        "where $G_o$ is read as zero": [
            None,
            None,
            _txt(
                lambda v: same(
                    v["dx"][:, 0, 0],
                    sum(v["g"][o, 0, 0] * v["w"][o, :, 0, 0] for o in range(CO)),
                ),
                5214,
            ),
            _txt(
                lambda v: same(
                    v["dx"][:, 0, 7],
                    sum(v["g"][o, 0, 5] * v["w"][o, :, 0, 0] for o in range(CO)),
                ),
                5215,
            ),
        ],
        "In operator notation": [
            _txt(
                lambda v: all(
                    same(v["dw"][o, c], corr(v["x"][c], v["g"][o]))
                    for o in range(CO)
                    for c in range(CI)
                ),
                5216,
            )
        ],
        "\\tag{6.12}": [
            _txt(
                lambda v: all(
                    same(
                        v["dx"][c],
                        sum(corr(pad(v["g"][o], 2), v["w"][o, c]) for o in range(CO)),
                    )
                    for c in range(CI)
                ),
                5217,
            )
        ],
        "A column holds": [
            equal(UNFOLD_SHAPE[0], CI * KK**2),
            equal(CI * KK**2, 27),
            equal(UNFOLD_SHAPE[1], 36),
            None,
        ],
        "\\tag{6.13}": [
            _txt(
                lambda v: same(
                    v["z"].reshape(CO, -1),
                    v["wmat"] @ v["xcol"] + v["b"][:, None] @ np.ones((1, 36)),
                ),
                5218,
            )
        ],
        "\\tag{6.14}": [
            _txt(lambda v: same(v["dw"].reshape(CO, -1), v["gmat"] @ v["xcol"].T), 5219),
            _txt(lambda v: same(v["dxcol"], v["gmat"].T @ v["wmat"]), 5220),
        ],
        "\\tag{6.15}": [
            _txt(
                lambda v: same(
                    v["dx"],
                    F.fold(t64(v["wmat"].T @ v["gmat"])[None], (HH, HH), KK)[0].numpy(),
                ),
                5221,
            )
        ],
        "multiplications. The price": [
            equal(_txt_macs(), 2 * 27 * 36),
            equal(2 * 27 * 36, 1944),
            approx(27 * 36 / (3 * 64), 5.6),
            equal(params(nn.Conv2d(CI, CO, KK)), CO * (CI * KK**2 + 1)),
            equal(CO * (CI * KK**2 + 1), 2 * 28),
            equal(2 * 28, 54),
        ],
    },
)


# --- vyakhyan_padding_stride_aakar.md (Hindi lecture handout): torch conv2d sizes; the stack
# conv1..conv4 (3 x 3, padding 1, bias), pools 2 x 2 / 2, conv5 (stride 2, padding 1), fc.

VYA = "vyakhyan_padding_stride_aakar"
_SIZE_GRID = [
    (h, k, s, p)
    for h in (5, 6, 7, 8, 11, 12)
    for k in (1, 2, 3, 5)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
]


def _vgg() -> tuple[list[int], int]:
    """The handout's stack run on a 64 x 64 x 3 zero image: parameter counts of conv1..conv5
    and of the fc layer built on the true flattened size, and conv5's output side."""
    convs = [
        nn.Conv2d(3, 32, 3, padding=1),
        nn.Conv2d(32, 32, 3, padding=1),
        nn.Conv2d(32, 64, 3, padding=1),
        nn.Conv2d(64, 64, 3, padding=1),
        nn.Conv2d(64, 128, 3, stride=2, padding=1),
    ]
    h = torch.zeros(1, 3, 64, 64)
    with torch.no_grad():
        h = convs[1](convs[0](h))
        h = F.max_pool2d(h, 2, 2)
        h = convs[3](convs[2](h))
        h = F.max_pool2d(h, 2, 2)
        h = convs[4](h)
    fc = nn.Linear(h[0].numel(), 10)
    return [params(c) for c in convs] + [params(fc)], int(h.shape[-1])


VGG_P, VGG_H5 = _vgg()


def _same_padding(k: int, h: int = 16) -> int:
    """The padding that keeps an h x h input at h x h with stride 1."""
    return next(p for p in range(k) if conv_out(h, k, 1, p) == h)


def _receptive(layers: list[str], side: int = 40) -> int:
    """Width of the input region one central output pixel depends on, read off autograd with
    all-ones 3 x 3 kernels (valid) and 2 x 2 / stride 2 average pools (their support is the
    max pool's window set)."""
    x = torch.zeros(1, 1, side, side, dtype=F64, requires_grad=True)
    h = x
    for name in layers:
        if name == "conv":
            h = F.conv2d(h, torch.ones(1, 1, 3, 3, dtype=F64))
        else:
            h = F.avg_pool2d(h, 2, 2)
    c = h.shape[-1] // 2
    h[0, 0, c, c].backward()
    rows = np.nonzero(x.grad[0, 0].numpy().any(axis=1))[0]
    return int(rows.max() - rows.min() + 1)


RF_2 = _receptive(["conv", "conv"])
RF_POOL = _receptive(["conv", "conv", "pool"])
RF_POOL_CONV = _receptive(["conv", "conv", "pool", "conv"])

VYA_CLAIMS = claims_of(
    VYA,
    {
        "$$H_{out} = \\left\\lfloor": [
            grid(
                lambda h, k, s, p: conv_out(h, k, s, p) == math.floor((h + 2 * p - k) / s) + 1,
                [t for t in _SIZE_GRID if t[0] + 2 * t[3] >= t[1]],
            )
        ],
        "पैडिंग।**": [None, None, None, equal(_same_padding(5), (5 - 1) / 2), equal((5 - 1) / 2, 2)],
        "**उदाहरण।**": [
            None,
            None,
            None,
            None,
            equal(conv_out(7, 3, 2, 0), math.floor(4 / 2) + 1),
            equal(math.floor(4 / 2) + 1, 2),
        ],
        "एक उपयोगी नियम": [
            None,
            None,
            grid(
                lambda h, s: conv_out(h, 3, s, 1) == math.ceil(h / s),
                [(h, s) for h in range(1, 21) for s in (1, 2, 3, 4)],
            ),
        ],
        "| conv1 |": [equal(VGG_P[0], 896)],
        "| conv2 |": [equal(VGG_P[1], 9216)],
        "| conv3 |": [equal(VGG_P[2], 36928)],
        "| conv4 |": [equal(VGG_P[3], 36928)],
        "| conv5 |": [equal(VGG_P[4], 73856)],
        "| fc |": [equal(VGG_P[5], 103690)],
        "conv5 का आकार": [
            equal(VGG_H5, math.ceil((16 + 2 * 1 - 3) / 2) + 1),
            equal(math.ceil((16 + 2 * 1 - 3) / 2) + 1, 9),
        ],
        "conv3 के पैरामीटर": [
            equal(VGG_P[2], 3 * 3 * 64 * 64 + 64),
            equal(3 * 3 * 64 * 64 + 64, 36928),
        ],
        "fc परत": [
            equal(VGG_P[5], 9 * 9 * 128 * 10 + 10),
            equal(9 * 9 * 128 * 10 + 10, 103690),
        ],
        "$r_2 = 5$": [
            equal(RF_2, 5),
            equal(RF_POOL, 6),
            equal(RF_POOL_CONV, 6 + 2),
            equal(6 + 2, 8),
        ],
    },
)


# --- notebook_manual_backward_vs_autograd_stride2.md (English notebook), 0-based: X[i,j] =
# 5i + j + 1 on 5 x 5, the code cell's W, stride 2, padding 1, no bias, L = sum(Y).

NB = "notebook_manual_backward_vs_autograd_stride2"
NB_X = np.fromfunction(lambda i, j: 5 * i + j + 1, (5, 5))
NB_W = np.array([[1, 2, 0], [-1, 1, 3], [2, 0, -2]], dtype=float)


def _s2(x: np.ndarray, w: np.ndarray, g: np.ndarray | None = None, bias: bool = False) -> dict:
    """One-channel torch conv2d with stride 2, padding 1; gradients of sum(Y * g)."""
    side = conv_out(x.shape[0], w.shape[0], 2, 1)
    g = np.ones((side, side)) if g is None else g
    b = np.zeros(1) if bias else None
    v = conv(x[None, None], w[None, None], b, g[None, None], stride=2, padding=1)
    out = {"x": x, "w": w, "g": g, "y": v["z"][0, 0], "dx": v["dx"][0, 0], "dw": v["dw"][0, 0]}
    if bias:
        out["db"] = float(v["db"][0])
    return out


NB_V = _s2(NB_X, NB_W, bias=True)
NB_V6 = _s2(np.fromfunction(lambda i, j: 6 * i + j + 1, (6, 6)), NB_W)


def _nb(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(
        lambda r: rel(_s2(r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(3, 3)))),
        seed,
    )


def _nb_macs() -> int:
    x, w = t64(NB_X[None, None]), t64(NB_W[None, None])
    return flops_half(lambda: F.conv2d(x, w, stride=2, padding=1))


NB_CLAIMS = claims_of(
    NB,
    {
        "**Output size.**": [
            equal(conv_out(5, 3, 2, 1), math.floor((5 + 2 - 3) / 2) + 1),
            equal(math.floor((5 + 2 - 3) / 2) + 1, 3),
        ],
        "**First output by hand.**": [
            single(lambda: math.isclose(NB_V["y"][0, 0], 1 * 1 + 3 * 2 + 0 * 6 + -2 * 7)),
            equal(1 * 1 + 3 * 2 + 0 * 6 + -2 * 7, -7),
        ],
        "\\star \\operatorname{dil}_2(G)$$": [
            _nb(lambda v: same(v["dw"], corr(pad(v["x"], 1), dilate(v["g"], 2))), 5231)
        ],
        "(equivalently": [
            _nb(lambda v: same(v["dw"], corr(pad(v["x"], 1), v["g"])[::2, ::2]), 5232)
        ],
        "For the corner, padded rows": [
            single(lambda: math.isclose(NB_V["dw"][0, 0], 7 + 9 + 17 + 19)),
            equal(7 + 9 + 17 + 19, 52),
        ],
        "For the centre, padded index": [
            single(lambda: math.isclose(NB_V["dw"][1, 1], 1 + 3 + 5 + 11 + 13 + 15 + 21 + 23 + 25)),
            equal(1 + 3 + 5 + 11 + 13 + 15 + 21 + 23 + 25, 115),
        ],
        "\\operatorname{crop}_1": [
            _nb(
                lambda v: same(
                    v["dx"],
                    corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))[1:-1, 1:-1],
                ),
                5233,
            )
        ],
        "only the first window covers": [
            single(lambda: math.isclose(NB_V["dx"][0, 0], NB_W[1, 1]))
        ],
        "covered by four windows": [
            single(
                lambda: math.isclose(
                    NB_V["dx"][1, 1], NB_W[0, 0] + NB_W[0, 2] + NB_W[2, 0] + NB_W[2, 2]
                )
            ),
            single(
                lambda: math.isclose(
                    NB_W[0, 0] + NB_W[0, 2] + NB_W[2, 0] + NB_W[2, 2], 1 + 0 + 2 - 2
                )
            ),
            equal(1 + 0 + 2 - 2, 3),
        ],
        "The centre pixel is covered": [
            single(lambda: math.isclose(NB_V["dx"][2, 2], NB_W.sum())),
            single(lambda: math.isclose(NB_W.sum(), 6)),
        ],
        "The bias would get": [
            single(lambda: math.isclose(NB_V["db"], NB_V["g"].sum())),
            single(lambda: math.isclose(NB_V["g"].sum(), 9)),
        ],
        "`FlopCounterMode` reports": [equal(_nb_macs(), 81)],
        "Rerunning with a": [
            equal(conv_out(6, 3, 2, 1), math.floor((6 + 2 - 3) / 2) + 1),
            equal(math.floor((6 + 2 - 3) / 2) + 1, 3),
            single(lambda: same(NB_V6["dx"][5], np.zeros(6))),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh52_truth_b import NOTES_B

    return {**UEB_CLAIMS, **TXT_CLAIMS, **VYA_CLAIMS, **NB_CLAIMS, **NOTES_B}
