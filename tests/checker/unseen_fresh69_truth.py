"""Independent truth for the fresh69 unseen set (tests/data/check/unseen/fresh69/): the notes
bai_giai_cau3_buoc2_dilate, giang_tich_chap_gian_no and forum_depthwise_backward_accepted (the
other four live in unseen_fresh69_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A link between two written numbers is arithmetic; a size, count or entry
named on the left must equal the true one.  dilate_s / dil_d insert s - 1 (d - 1) zeros between
entries (unseen_truth_base.dilate), star is the valid cross-correlation (corr).
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
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh69"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def grads1(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """One channel, no bias: torch's Y = conv2d(x, w, **kw) and the gradients of sum(Y * g)."""
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv2d(xt[None, None], wt[None, None], **kw)[0, 0]
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}


def out_shape(n: int, k: int, **kw: int) -> int:
    return F.conv2d(
        torch.zeros(1, 1, n, n, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64), **kw
    ).shape[-1]


def random_case(r: np.random.Generator, n: int, k: int, **kw: int) -> dict:
    """Random X (n x n), W (k x k) and G of the output's shape, with torch's gradients."""
    x, w = r.normal(size=(n, n)), r.normal(size=(k, k))
    m = out_shape(n, k, **kw)
    g = r.normal(size=(m, m))
    return {"x": x, "w": w, "g": g, **grads1(x, w, g, **kw)}


# --- bai_giai_cau3_buoc2_dilate.md (Vietnamese exam solution): one channel, 5 x 5, k = 3,
# stride 2, no padding, no bias, 0-based.

BG = "bai_giai_cau3_buoc2_dilate"
BX = np.array(
    [[1.0, 0, 2, 1, 0], [0, 1, 1, 0, 2], [2, 1, 0, 1, 1], [1, 0, 1, 2, 0], [0, 2, 1, 0, 1]]
)
BW = np.array([[1.0, 0, -1], [2, 1, 0], [0, 1, 1]])
BGR = np.array([[1.0, -1], [2, 0]])
BV = grads1(BX, BW, BGR, stride=2)
BDX, BDW = BV["dx"], BV["dw"]


def _bg_forward(r: np.random.Generator) -> bool:
    v = random_case(r, 5, 3, stride=2)
    x, w = v["x"], v["w"]
    rhs = [
        [
            sum(x[2 * i + u, 2 * j + v_] * w[u, v_] for u in range(3) for v_ in range(3))
            for j in range(2)
        ]
        for i in range(2)
    ]
    return same(v["y"], rhs)


def _bg_dw_sum(r: np.random.Generator) -> bool:
    v = random_case(r, 5, 3, stride=2)
    x, g = v["x"], v["g"]
    rhs = [
        [
            sum(g[i, j] * x[2 * i + u, 2 * j + v_] for i in range(2) for j in range(2))
            for v_ in range(3)
        ]
        for u in range(3)
    ]
    return same(v["dw"], rhs)


def _bg_general_dx(n: int, k: int, s: int) -> bool:
    v = random_case(np.random.default_rng(6900 + 100 * n + 10 * k + s), n, k, stride=s)
    return same(v["dx"], corr(pad(dilate(v["g"], s), k - 1), rot180(v["w"])))


def _bg_general_dw(n: int, k: int, s: int) -> bool:
    v = random_case(np.random.default_rng(6950 + 100 * n + 10 * k + s), n, k, stride=s)
    return same(v["dw"], corr(v["x"], dilate(v["g"], s)))


# (n, k, s) with (n - k) mod s = 0, the note's condition
BG_SIZES = [(5, 3, 2), (7, 3, 2), (10, 4, 3), (8, 2, 2), (9, 3, 3), (6, 4, 1)]

BG_CLAIMS = claims_of(
    BG,
    {
        "**Đề.**": [None, None, None],
        "$$X = \\begin{bmatrix} 1 & 0 & 2": [None, None, None],
        "**a) Kích thước": [
            equal(out_shape(5, 3, stride=2), (5 - 3) // 2 + 1),
            equal((5 - 3) // 2 + 1, 2),
        ],
        "$$Y[i,j] = \\sum_{u=0}^{2}": [trials(_bg_forward, 6901)],
        "Ví dụ $Y[0,1]": [
            single(
                lambda: math.isclose(
                    BV["y"][0, 1],
                    2 * 1 + 1 * 0 + 0 * (-1) + 1 * 2 + 0 * 1 + 2 * 0 + 0 * 0 + 1 * 1 + 1 * 1,
                )
            ),
            equal(2 * 1 + 1 * 0 + 0 * (-1) + 1 * 2 + 0 * 1 + 2 * 0 + 0 * 0 + 1 * 1 + 1 * 1, 6),
        ],
        "$$Y = \\begin{bmatrix} 1 & 6": [single(lambda: same(BV["y"], [[1, 6], [7, 5]]))],
        "{\\partial W[u,v]} = \\sum_{i=0}^{1}": [trials(_bg_dw_sum, 6902)],
        "$$\\operatorname{dilate}_2(G) = ": [
            single(lambda: same(dilate(BGR, 2), [[1, 0, -1], [0, 0, 0], [2, 0, 0]])),
            single(lambda: same(BDW, corr(BX, dilate(BGR, 2)))),
            single(lambda: same(corr(BX, dilate(BGR, 2)), [[3, 1, 2], [1, 1, 1], [2, 4, 1]])),
        ],
        "Kiểm tra một phần tử": [
            single(
                lambda: math.isclose(
                    BDW[2, 1],
                    BGR[0, 0] * BX[2, 1]
                    + BGR[0, 1] * BX[2, 3]
                    + BGR[1, 0] * BX[4, 1]
                    + BGR[1, 1] * BX[4, 3],
                )
            ),
            single(
                lambda: math.isclose(
                    BGR[0, 0] * BX[2, 1]
                    + BGR[0, 1] * BX[2, 3]
                    + BGR[1, 0] * BX[4, 1]
                    + BGR[1, 1] * BX[4, 3],
                    1 - 1 + 4 + 0,
                )
            ),
            equal(1 - 1 + 4 + 0, 4),
        ],
        "**d) Bias.**": [
            trials(lambda r: _bias_sum(r, 1.0), 6903),
            equal(BGR.sum(), 2),
            None,
            trials(lambda r: _bias_sum(r, 1 / 8), 6904),
        ],
        "~~$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G)": [
            trials(
                lambda r: (lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))))(
                    random_case(r, 5, 3, stride=2)
                ),
                6905,
            )
        ],
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2\\!\\big(": [
            single(lambda: same(BDX, corr(pad(dilate(BGR, 2), 2), rot180(BW)))),
            single(
                lambda: same(
                    corr(pad(dilate(BGR, 2), 2), rot180(BW)),
                    [
                        [1, 0, -2, 0, 1],
                        [2, 1, -2, -1, 0],
                        [2, 1, -1, -1, -1],
                        [4, 2, 0, 0, 1],
                        [0, 2, 2, 0, 0],
                    ],
                )
            ),
        ],
        "Kiểm tra ô giữa": [
            single(
                lambda: math.isclose(
                    BDX[2, 2],
                    BGR[0, 0] * BW[2, 2]
                    + BGR[0, 1] * BW[2, 0]
                    + BGR[1, 0] * BW[0, 2]
                    + BGR[1, 1] * BW[0, 0],
                )
            ),
            single(
                lambda: math.isclose(
                    BGR[0, 0] * BW[2, 2]
                    + BGR[0, 1] * BW[2, 0]
                    + BGR[1, 0] * BW[0, 2]
                    + BGR[1, 1] * BW[0, 0],
                    1 + 0 - 2 + 0,
                )
            ),
            equal(1 + 0 - 2 + 0, -1),
            single(lambda: math.isclose(BDX[4, 0], BGR[1, 0] * BW[0, 2])),
            equal(BGR[1, 0] * BW[0, 2], -2),
        ],
        "Tổng kiểm tra": [
            trials(
                lambda r: (lambda v: math.isclose(v["dx"].sum(), v["g"].sum() * v["w"].sum()))(
                    random_case(r, 5, 3, stride=2)
                ),
                6906,
            ),
            single(lambda: math.isclose(BGR.sum() * BW.sum(), 2 * 5)),
            equal(2 * 5, 10),
        ],
        "**f) Tổng quát.**": [None],
        "\\operatorname{pad}_{k-1}\\!\\big(\\operatorname{dilate}_s(G)": [
            grid(_bg_general_dx, BG_SIZES),
            grid(_bg_general_dw, BG_SIZES),
        ],
        "Nếu $X$ là $6 \\times 6$": [
            None,
            None,
            equal(out_shape(6, 3, stride=2), (6 - 3) // 2 + 1),
            equal((6 - 3) // 2 + 1, 2),
            trials(lambda r: bool(np.all(random_case(r, 6, 3, stride=2)["dx"][5] == 0)), 6907),
            trials(
                lambda r: (
                    lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"])))
                )(random_case(r, 6, 3, stride=2)),
                6908,
            ),
        ],
        "Với bước $s = 1$": [
            None,
            equal(out_shape(6, 3), 6 - 3),
            equal(6 - 3, 3),
            trials(
                lambda r: (lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))))(
                    random_case(r, 6, 3)
                ),
                6909,
            ),
        ],
        "**g) Tích chập chuyển vị.**": [
            equal(tconv_out(2, 3, 2), (2 - 1) * 2 + 3),
            equal((2 - 1) * 2 + 3, 5),
            equal(tconv_out(2, 3, 2, a=1), 7),
            equal(
                flops_half(
                    lambda: F.conv2d(
                        torch.zeros(1, 1, 5, 5, dtype=F64),
                        torch.zeros(1, 1, 3, 3, dtype=F64),
                        stride=2,
                    )
                ),
                2**2 * 3**2,
            ),
            equal(2**2 * 3**2, 36),
        ],
        "**h) Thêm đệm $p = 1$.**": [
            None,
            equal(conv_out(5, 3, 2, 1), (5 + 2 - 3) // 2 + 1),
            equal((5 + 2 - 3) // 2 + 1, 3),
            trials(
                lambda r: (lambda v: same(v["dw"], corr(dilate(v["g"], 2), pad(v["x"], 1))))(
                    random_case(r, 5, 3, stride=2, padding=1)
                ),
                6910,
            ),
            trials(
                lambda r: (
                    lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"])))
                )(random_case(r, 5, 3, stride=2, padding=1)),
                6924,
            ),
        ],
    },
)


def _bias_sum(r: np.random.Generator, factor: float) -> bool:
    """dL/db of a batch of 8 (bias on, stride 2) against factor * sum of G over the batch."""
    x, w, b = r.normal(size=(8, 1, 5, 5)), r.normal(size=(1, 1, 3, 3)), r.normal(size=1)
    bt = t64(b, True)
    g = r.normal(size=(8, 1, 2, 2))
    (F.conv2d(t64(x), t64(w), bt, stride=2) * t64(g)).sum().backward()
    return math.isclose(bt.grad.item(), factor * g.sum(), rel_tol=1e-9)


# --- forum_depthwise_backward_accepted.md (English forum thread): nn.Conv2d(3, 6, 3, padding=1,
# groups=3) on (2, 3, 8, 8), 0-based; filter o reads channel o // 2.

FD = "forum_depthwise_backward_accepted"


def _dw_case(r: np.random.Generator, ones: bool = False) -> dict:
    """torch's depthwise forward on a batch of 2 and the gradients of sum(Y * G)."""
    x, w, b = r.normal(size=(2, 3, 8, 8)), r.normal(size=(6, 1, 3, 3)), r.normal(size=6)
    g = np.ones((2, 6, 8, 8)) if ones else r.normal(size=(2, 6, 8, 8))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv2d(xt, wt, bt, padding=1, groups=3)
    (y * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _fd(rel: Callable[[dict], bool], seed: int, ones: bool = False) -> Truth:
    return trials(lambda r: rel(_dw_case(r, ones)), seed)


def _fd_dx(v: dict, filters: Callable[[int], list[int]], kernel: Callable[[int, int], int]) -> bool:
    """dL/dX_c (every sample) against the sum over o in filters(c) of
    pad_1(G_o) star rot180(W_kernel)."""
    rhs = [
        [
            sum(corr(pad(v["g"][n, o], 1), rot180(v["w"][kernel(c, o), 0])) for o in filters(c))
            for c in range(3)
        ]
        for n in range(2)
    ]
    return same(v["dx"], rhs)


def _fd_dx_pad(v: dict, q: int) -> bool:
    """dL/dX_c against the two filters of the group with G padded by q."""
    rhs = [
        [
            sum(corr(pad(v["g"][n, o], q), rot180(v["w"][o, 0])) for o in (2 * c, 2 * c + 1))
            for c in range(3)
        ]
        for n in range(2)
    ]
    return same(v["dx"], rhs)


def _fd_loss_halves(r: np.random.Generator) -> bool:
    """G = dL/dY through a linear head and cross_entropy: 'mean' over the batch of 2 is 1/2
    of 'sum'."""
    x, w = t64(r.normal(size=(2, 3, 8, 8))), t64(r.normal(size=(6, 1, 3, 3)))
    head, target = t64(r.normal(size=(6 * 64, 4))), torch.tensor([1, 3])
    gs = []
    for red in ("mean", "sum"):
        y = F.conv2d(x, w, padding=1, groups=3).detach().requires_grad_(True)
        F.cross_entropy(y.reshape(2, -1) @ head, target, reduction=red).backward()
        gs.append(y.grad.numpy())
    return same(gs[0], 0.5 * gs[1])


FD_P = params(nn.Conv2d(3, 6, 3, padding=1, groups=3))
FD_PD = params(nn.Conv2d(3, 6, 3, padding=1))


def _fd_macs(groups: int) -> int:
    w = torch.zeros(6, 3 // groups, 3, 3, dtype=F64)
    return flops_half(
        lambda: F.conv2d(torch.zeros(1, 3, 8, 8, dtype=F64), w, padding=1, groups=groups)
    )


FD_CLAIMS = claims_of(
    FD,
    {
        "For a course project": [None],
        "\\sum_{o=0}^{5} \\operatorname{pad}_1(G_o)": [
            _fd(lambda v: _fd_dx(v, lambda c: list(range(6)), lambda c, o: o), 6911)
        ],
        "Your sum runs over all six": [
            equal(nn.Conv2d(3, 6, 3, groups=3).weight.shape[1], 3 / 3),
            equal(3 / 3, 1),
            equal(nn.Conv2d(3, 6, 3, groups=3).weight.shape[0] // 3, 6 / 3),
            equal(6 / 3, 2),
        ],
        "$$Y_o = b_o + \\operatorname{pad}_1": [
            _fd(
                lambda v: same(
                    v["y"],
                    [
                        [
                            v["b"][o] + corr(pad(v["x"][n, o // 2], 1), v["w"][o, 0])
                            for o in range(6)
                        ]
                        for n in range(2)
                    ],
                ),
                6912,
            )
        ],
        "\\sum_{j=0}^{1} \\operatorname{pad}_1(G_{2c+j})": [
            _fd(lambda v: _fd_dx(v, lambda c: [2 * c, 2 * c + 1], lambda c, o: o), 6913)
        ],
        # the padding q of G that brings 8 x 8 back: 8 + 2q - 3 + 1 = 8
        "The padding of $G$": [equal((8 - 8 + 3 - 1) / 2, 3 - 1 - 1), equal(3 - 1 - 1, 1)],
        "{\\partial W_{o,0}} = \\sum_{n=1}^{2} \\operatorname{pad}_1": [
            _fd(
                lambda v: same(
                    v["dw"][:, 0],
                    [
                        sum(corr(pad(v["x"][n, o // 2], 1), v["g"][n, o]) for n in range(2))
                        for o in range(6)
                    ],
                ),
                6914,
            ),
            _fd(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 6915),
        ],
        "while the input gradient stays per sample": [
            _fd(
                lambda v: same(
                    v["dx"],
                    F.conv_transpose2d(t64(v["g"]), t64(v["w"]), padding=1, groups=3).numpy(),
                ),
                6916,
            )
        ],
        "Some numbers for your layer": [
            equal(conv_out(8, 3, 1, 1), (8 + 2 * 1 - 3) // 1 + 1),
            equal((8 + 2 * 1 - 3) // 1 + 1, 8),
            equal(FD_P, 6 * 1 * 3 * 3 + 6),
            equal(6 * 1 * 3 * 3 + 6, 60),
            equal(FD_PD, 6 * 3 * 3 * 3 + 6),
            equal(6 * 3 * 3 * 3 + 6, 168),
            equal(FD_PD / FD_P, 3),
            equal(_fd_macs(3), 8**2 * 6 * 9),
            equal(8**2 * 6 * 9, 3456),
            equal(_fd_macs(1), 3 * _fd_macs(3)),
            equal(3 * 3456, 10368),
        ],
        "A sanity check with $L = \\sum Y$": [
            None,
            None,
            _fd(lambda v: same(v["db"], np.full(6, 2 * 8 * 8)), 6917, ones=True),
            equal(2 * 8 * 8, 128),
        ],
        "{\\partial X^{(n)}_c}[0,0] = ": [
            _fd(
                lambda v: same(
                    v["dx"][:, :, 0, 0],
                    [
                        [
                            sum(v["w"][2 * c + j, 0, 1:3, 1:3].sum() for j in range(2))
                            for c in range(3)
                        ]
                    ]
                    * 2,
                ),
                6918,
                ones=True,
            )
        ],
        "while an interior pixel gets": [
            _fd(
                lambda v: same(
                    v["dx"][:, :, 7, 4],
                    [[sum(v["w"][2 * c + j, 0].sum() for j in range(2)) for c in range(3)]] * 2,
                ),
                6919,
                ones=True,
            )
        ],
        "Easier: the input gradient of any conv": [
            equal((8 - 8 + 3 - 1) / 2, 3 - 1),
            equal(3 - 1, 2),
        ],
        "\\operatorname{pad}_2(G_{2c}) \\star": [
            _fd(lambda v: _fd_dx_pad(v, 2), 6925),
        ],
        "Also your output isn't": [
            equal(conv_out(8, 3, 1, 1), 8 - 3 + 1),
            equal(8 - 3 + 1, 6),
            _fd(lambda v: same(v["db"], v["g"][0].sum(axis=(1, 2))), 6926),
            equal(FD_P, 6 * 3 * 3 * 3 + 6),
            equal(6 * 3 * 3 * 3 + 6, 168),
        ],
        "**Comment — `fast_and_loose`:**": [
            _fd(
                lambda v: same(
                    v["dx"],
                    [
                        [
                            corr(
                                pad(v["g"][n, 2 * c] + v["g"][n, 2 * c + 1], 1),
                                rot180(v["w"][2 * c, 0]),
                            )
                            for c in range(3)
                        ]
                        for n in range(2)
                    ],
                ),
                6920,
            ),
            equal(nn.Conv2d(3, 6, 3, groups=3).weight.numel(), 6 * 3 * 9),
            equal(6 * 3 * 9, 162),
        ],
        "Thanks, fixed!": [
            _fd(
                lambda v: same(
                    v["dw"][:, 0],
                    [
                        0.5 * sum(corr(pad(v["x"][n, o // 2], 1), v["g"][n, o]) for n in range(2))
                        for o in range(6)
                    ],
                ),
                6921,
            )
        ],
        "No, the $1/N$ of the mean": [None, trials(_fd_loss_halves, 6922)],
        "**Comment — `conv_nerd`:**": [
            _fd(lambda v: _fd_dx(v, lambda c: [3 * c, 3 * c + 1, 3 * c + 2], lambda c, o: o), 6923)
        ],
    },
)


# --- giang_tich_chap_gian_no.md (Vietnamese lecture notes): one channel, no bias unless said,
# 1-based in the note (0-based here: X[i + d(u-1)] is x[i' + d u'] with i' = i - 1, u' = u - 1).

GN = "giang_tich_chap_gian_no"
GX = np.array(
    [[2.0, 0, 1, 3, 1], [1, 1, 0, 2, 0], [0, 3, 1, 1, 2], [1, 0, 2, 0, 1], [2, 1, 0, 1, 3]]
)
GW = np.array([[1.0, 2], [-1, 1]])
GG = np.array([[1.0, 0, 2], [0, 1, 0], [-1, 0, 1]])
GV = grads1(GX, GW, GG, dilation=2)


def x1(a: np.ndarray, i: int, j: int) -> float:
    """1-based strict entry (the note's indexing)."""
    if not (1 <= i <= a.shape[0] and 1 <= j <= a.shape[1]):
        raise IndexError((i, j))
    return float(a[i - 1, j - 1])


def _gn_case(r: np.random.Generator, n: int = 5, k: int = 2, d: int = 2) -> dict:
    return random_case(r, n, k, dilation=d)


def _gn_trial(rel: Callable[[dict, int, int, int], bool], seed: int) -> Truth:
    """The note's n = 5, k = 2, d = 2 and a second size n = 9, k = 3, d = 3 on every trial."""
    return trials(
        lambda r: all(rel(_gn_case(r, n, k, d), n, k, d) for n, k, d in ((5, 2, 2), (9, 3, 3))),
        seed,
    )


def _gn_dw_sum(v: dict, n: int, k: int, d: int) -> bool:
    m = n - d * (k - 1)
    rhs = [
        [
            sum(
                x1(v["g"], i, j) * x1(v["x"], i + d * (u - 1), j + d * (v_ - 1))
                for i in range(1, m + 1)
                for j in range(1, m + 1)
            )
            for v_ in range(1, k + 1)
        ]
        for u in range(1, k + 1)
    ]
    return same(v["dw"], rhs)


def _gn_dw_sampled(v: dict, n: int, k: int, d: int) -> bool:
    c = corr(v["x"], v["g"])
    rhs = [
        [x1(c, 1 + d * (u - 1), 1 + d * (v_ - 1)) for v_ in range(1, k + 1)]
        for u in range(1, k + 1)
    ]
    return same(v["dw"], rhs)


def _support_side(dilations: list[int], k: int = 3) -> int:
    """Side of the input region that one central output of a stack of valid dilated k x k
    convolutions depends on (autograd support)."""
    n = 1 + sum(d * (k - 1) for d in dilations) + 8
    x = torch.zeros(1, 1, n, n, dtype=F64, requires_grad=True)
    y = x
    r = np.random.default_rng(6930)
    for d in dilations:
        y = F.conv2d(y, t64(r.normal(size=(1, 1, k, k)) + 3), dilation=d)
    y[0, 0, y.shape[-1] // 2, y.shape[-1] // 2].backward()
    rows = np.nonzero(np.any(x.grad.numpy()[0, 0] != 0, axis=1))[0]
    return int(rows.max() - rows.min() + 1)


def _gn_dilated_macs(n: int, k: int, d: int) -> int:
    return flops_half(
        lambda: F.conv2d(
            torch.zeros(1, 1, n, n, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64), dilation=d
        )
    )


def _same_pad(n: int, k: int, d: int) -> int:
    """The symmetric padding that keeps the side (torch padding='same')."""
    return next(p for p in range(k * d) if conv_out(n, k, 1, p, d) == n)


GN_OUT_GRID = [
    (n, k, d, p, s)
    for n in (9, 20, 32)
    for k in (2, 3, 5)
    for d in (1, 2, 3)
    for p in (0, 2)
    for s in (1, 2)
]

GN_CLAIMS = claims_of(
    GN,
    {
        "Cho ảnh $X$ cỡ": [None],
        "$$Y[i,j] = \\sum_{u=1}^{k}": [None],
        'Nhân "trải rộng"': [
            grid(
                lambda k, d: _support_side([d], k) == d * (k - 1) + 1,
                [(3, 2), (2, 3), (5, 1), (3, 4)],
            ),
            grid(
                lambda n, k, d: conv_out(n, k, d=d) == n - d * (k - 1),
                [(5, 2, 2), (9, 3, 3), (12, 3, 4)],
            ),
        ],
        "$$m = \\left\\lfloor": [
            grid(
                lambda n, k, d, p, s: (
                    conv_out(n, k, s, p, d) == (n + 2 * p - d * (k - 1) - 1) // s + 1
                    if n + 2 * p >= d * (k - 1) + 1
                    else True
                ),
                GN_OUT_GRID,
            )
        ],
        "Ví dụ: $n = 32$": [
            None,
            None,
            None,
            None,
            None,
            equal(conv_out(32, 3, 1, 2, 4), 32 + 4 - 8),
            equal(32 + 4 - 8, 28),
            None,
            None,
            None,
            None,
            None,
            equal(conv_out(20, 5, 2, 0, 3), (20 - 12) // 2 + 1),
            equal((20 - 12) // 2 + 1, 5),
        ],
        "Một cách nhìn khác": [
            _gn_trial(lambda v, n, k, d: same(v["y"], corr(v["x"], dilate(v["w"], d))), 6931),
        ],
        "Với $n = 5$, $k = 2$, $d = 2$": [None, None, None, equal(conv_out(5, 2, d=2), 3)],
        "$$X = \\begin{bmatrix} 2 & 0 & 1": [None, None],
        "$Y[1,1] = X[1,1]W[1,1]": [
            single(
                lambda: math.isclose(
                    x1(GV["y"], 1, 1),
                    x1(GX, 1, 1) * x1(GW, 1, 1)
                    + x1(GX, 1, 3) * x1(GW, 1, 2)
                    + x1(GX, 3, 1) * x1(GW, 2, 1)
                    + x1(GX, 3, 3) * x1(GW, 2, 2),
                )
            ),
            single(
                lambda: math.isclose(
                    x1(GX, 1, 1) * x1(GW, 1, 1)
                    + x1(GX, 1, 3) * x1(GW, 1, 2)
                    + x1(GX, 3, 1) * x1(GW, 2, 1)
                    + x1(GX, 3, 3) * x1(GW, 2, 2),
                    2 + 2 + 0 + 1,
                )
            ),
            equal(2 + 2 + 0 + 1, 5),
            single(
                lambda: math.isclose(
                    x1(GV["y"], 2, 3),
                    x1(GX, 2, 3) * x1(GW, 1, 1)
                    + x1(GX, 2, 4) * x1(GW, 1, 2)
                    + x1(GX, 3, 3) * x1(GW, 2, 1)
                    + x1(GX, 3, 4) * x1(GW, 2, 2),
                )
            ),
            single(
                lambda: math.isclose(
                    x1(GX, 2, 3) * x1(GW, 1, 1)
                    + x1(GX, 2, 4) * x1(GW, 1, 2)
                    + x1(GX, 3, 3) * x1(GW, 2, 1)
                    + x1(GX, 3, 4) * x1(GW, 2, 2),
                    0 + 4 - 1 + 1,
                )
            ),
            equal(0 + 4 - 1 + 1, 4),
        ],
        "$$Y = \\begin{bmatrix} 5 & 4 & 4": [
            single(lambda: same(GV["y"], [[5, 4, 4], [2, 5, -1], [0, 5, 8]]))
        ],
        "Đặt $G = \\partial L": [None],
        "{\\partial W[u,v]} = \\sum_{i=1}^{m}": [
            _gn_trial(_gn_dw_sum, 6932),
            _gn_trial(_gn_dw_sampled, 6933),
        ],
        "nghĩa là gradient theo nhân": [
            _gn_trial(lambda v, n, k, d: same(v["dw"], corr(v["x"], dilate(v["g"], d))), 6934),
            trials(lambda r: _gn_bias(r, True), 6935),
        ],
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{d(k-1)}(G)": [
            _gn_trial(
                lambda v, n, k, d: same(
                    v["dx"], corr(pad(v["g"], d * (k - 1)), rot180(dilate(v["w"], d)))
                ),
                6936,
            ),
            trials(
                lambda r: (
                    lambda w: (
                        same(rot180(dilate(w, 2)), dilate(rot180(w), 2))
                        and same(rot180(dilate(w, 3)), dilate(rot180(w), 3))
                    )
                )(r.normal(size=(3, 3))),
                6937,
            ),
        ],
        "Sinh viên hay viết nhầm": [
            _gn_trial(
                lambda v, n, k, d: same(
                    v["dx"], corr(pad(v["g"], k - 1), dilate(rot180(v["w"]), d))
                ),
                6938,
            )
        ],
        "Với $G = \\begin{bmatrix}": [None],
        "$$\\frac{\\partial L}{\\partial W} = \\begin{bmatrix} 6 & 6": [
            single(lambda: same(GV["dw"], [[6, 6], [0, 7]])),
            single(lambda: math.isclose(x1(GV["dx"], 3, 3), _gn_dx33())),
            single(lambda: math.isclose(_gn_dx33(), 1 - 2 - 2 + 1)),
            equal(1 - 2 - 2 + 1, -2),
        ],
        "Ở ô $(2,2)$ thì": [
            single(lambda: math.isclose(x1(GV["dx"], 2, 2), 0)),
            None,
            single(lambda: _gn_gridding()),
        ],
        "Ba lớp $3 \\times 3$": [
            None,
            equal(_support_side([1, 2, 4]), 1 + 2 * (1 + 2 + 4)),
            equal(1 + 2 * (1 + 2 + 4), 15),
            None,
            grid(
                lambda L: _support_side([2**i for i in range(L)]) == 2 ** (L + 1) + 1,
                [(1,), (2,), (3,), (4,)],
            ),
            equal(_support_side([1, 2, 4, 8]), 31),
            None,
            None,
            equal(_support_side([4]), 4 * 3),
            equal(4 * 3, 12),
        ],
        "Về chi phí": [
            equal(_gn_dilated_macs(5, 2, 2), 3**2 * 2**2),
            equal(3**2 * 2**2, 36),
            grid(
                lambda n, k, d: (
                    _gn_dilated_macs(n, k, d) == (n - d * (k - 1)) ** 2 * (d * (k - 1) + 1) ** 2
                ),
                [(5, 2, 2), (9, 3, 2), (12, 3, 3)],
            ),
        ],
        "Keras `Conv2D(64, 3, dilation_rate=2": [
            equal(_same_pad(16, 3, 2), 2 * (3 - 1) / 2),
            equal(2 * (3 - 1) / 2, 2),
            equal(_same_pad(16, 3, 2), (3 - 1) / 2),
            equal((3 - 1) / 2, 1),
            grid(lambda n: conv_out(n, 3, 1, 1, 2) == n - 2, [(8,), (16,), (32,)]),
            equal(params(nn.Conv2d(64, 64, 3, dilation=2)), 64 * 64 * 25 + 64),
            equal(64 * 64 * 25 + 64, 102464),
        ],
    },
)


def _gn_dx33() -> float:
    return (
        x1(GG, 3, 3) * x1(GW, 1, 1)
        + x1(GG, 3, 1) * x1(GW, 1, 2)
        + x1(GG, 1, 3) * x1(GW, 2, 1)
        + x1(GG, 1, 1) * x1(GW, 2, 2)
    )


def _gn_gridding() -> bool:
    """d(Y[i,j]) / d(X[i',j']) vanishes whenever i' - i is odd (n = 5, k = 2, d = 2)."""
    jac = torch.autograd.functional.jacobian(
        lambda x: F.conv2d(x[None, None], t64(GW)[None, None], dilation=2)[0, 0], t64(GX)
    ).numpy()
    return all(np.all(jac[i, :, a, :] == 0) for i in range(3) for a in range(5) if (a - i) % 2)


def _gn_bias(r: np.random.Generator, over_m2: bool) -> bool:
    """dL/db of the dilated layer with a bias against sum(G) / m^2 (n = 5, k = 2, d = 2, m = 3)."""
    x, w, b = r.normal(size=(1, 1, 5, 5)), r.normal(size=(1, 1, 2, 2)), r.normal(size=1)
    bt, g = t64(b, True), r.normal(size=(1, 1, 3, 3))
    (F.conv2d(t64(x), t64(w), bt, dilation=2) * t64(g)).sum().backward()
    return math.isclose(bt.grad.item(), g.sum() / (9 if over_m2 else 1), rel_tol=1e-9)


def truth_table() -> Claims:
    from unseen_fresh69_truth_b import truth_table as table_b

    return {**BG_CLAIMS, **FD_CLAIMS, **GN_CLAIMS, **table_b()}
