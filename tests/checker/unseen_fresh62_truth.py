"""Independent truth for the fresh62 unseen set (tests/data/check/unseen/fresh62/): the notes
burogu_stride2_omomi_koubai_tekeisan, exam_q4_input_gradient_padding1_graded and
kougi_im2col_gyouretsuseki_to_koubai (the other four live in unseen_fresh62_truth_b.py;
truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial.  Nothing of symconv is imported.  Lines are found from
an anchor (a piece of the line, unique in the note); a None holds the rank of a keyed non-claim.
A side reading an entry outside a tensor (IndexError) or multiplying mismatched shapes
(ValueError) disagrees; where a note declares zeros outside a range those entries read as zero.
A link between two written numbers is arithmetic; a size, count or entry named on the left must
equal the true one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half
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
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh62"
Pred = Callable[[dict], bool]


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def one(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """One-channel torch conv2d with a scalar bias: the gradients of sum(z * g) as 2-D arrays."""
    out = conv(x[None, None], w[None, None], np.zeros(1), g[None, None], **kw)
    return {k: (v[0, 0] if v.ndim == 4 else float(v[0])) for k, v in out.items()}


# --- burogu_stride2_omomi_koubai_tekeisan.md (Japanese blog): F.conv2d(x, w, stride=2), no
# padding, 0-based; X 5 x 5 and G 2 x 2 as written; section 6 on a 6 x 6 input.

BLOG = "burogu_stride2_omomi_koubai_tekeisan"
X5 = np.array(
    [[1, 0, 2, 1, 0], [0, 1, 1, 0, 2], [2, 1, 0, 1, 1], [1, 0, 1, 2, 0], [0, 2, 1, 0, 1]], float
)
G2 = np.array([[1, -1], [2, 1]], float)
W_ANY = np.random.default_rng(6200).normal(size=(3, 3))  # dW does not depend on W
DW5 = one(X5, W_ANY, G2, stride=2)["dw"]


def _s2(r: np.random.Generator, h: int = 5) -> dict:
    x, w, g = r.normal(size=(h, h)), r.normal(size=(3, 3)), r.normal(size=(2, 2))
    return {"x": x, "w": w, "g": g, **one(x, w, g, stride=2)}


def _s2_check(check: Pred, seed: int, h: int = 5) -> Truth:
    return trials(lambda r: bool(check(_s2(r, h))), seed)


def _dw_loops(v: dict) -> bool:
    """dW[u,v] = sum_ij G[i,j] X[2i+u, 2j+v]: every weight meets one input pixel per output."""
    x, g = v["x"], v["g"]
    mine = [[sum(at(g, i, j) * at(x, 2 * i + u, 2 * j + c) for i in range(2) for j in range(2))
             for c in range(3)] for u in range(3)]  # fmt: skip
    return same(v["dw"], mine)


def _terms(g: np.ndarray, x: np.ndarray, pairs: list[tuple[int, int, int, int]]) -> float:
    """Sum of G[i,j] * X[p,q] over the written (i, j, p, q)."""
    return sum(at(g, i, j) * at(x, p, q) for i, j, p, q in pairs)


W00 = [(0, 0, 0, 0), (0, 1, 0, 2), (1, 0, 2, 0), (1, 1, 2, 2)]
W01 = [(0, 0, 0, 1), (0, 1, 0, 3), (1, 0, 2, 1), (1, 1, 2, 3)]
W10_WRITTEN = [(0, 0, 1, 0), (0, 1, 1, 1), (1, 0, 2, 0), (1, 1, 2, 1)]

BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "\\frac{5 - 3}{2}": [
            equal(conv_out(5, 3, 2), (5 - 3) // 2 + 1),
            equal((5 - 3) // 2 + 1, 2),
        ],
        "\\frac{\\partial L}{\\partial W[u,v]} = \\sum_{i=0}^{1}": [_s2_check(_dw_loops, 6201)],
        "$$\\frac{\\partial L}{\\partial W} = X \\star \\operatorname{dil}_2(G)$$": [
            _s2_check(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 6202)
        ],
        "ストライドをそろえて": [
            _s2_check(lambda v: same(v["dw"], corr(v["x"], v["g"])[::2, ::2]), 6203)
        ],
        "\\partial W[0,0]} = G[0,0] X[0,0]": [
            single(lambda: same(DW5[0, 0], _terms(G2, X5, W00))),
            single(lambda: same(_terms(G2, X5, W00), 1 - 2 + 4 + 0)),
            equal(1 - 2 + 4 + 0, 3),
        ],
        "\\partial W[0,1]} = G[0,0] X[0,1]": [
            single(lambda: same(DW5[0, 1], _terms(G2, X5, W01))),
            single(lambda: same(_terms(G2, X5, W01), 0 - 1 + 2 + 1)),
            equal(0 - 1 + 2 + 1, 2),
        ],
        "\\partial W[1,0]} = G[0,0] X[1,0]": [
            single(lambda: same(DW5[1, 0], _terms(G2, X5, W10_WRITTEN))),
            single(lambda: same(_terms(G2, X5, W10_WRITTEN), 0 - 1 + 4 + 1)),
            equal(0 - 1 + 4 + 1, 4),
        ],
        "3 & 2 & 3 \\\\ 4 & 3 & 1": [single(lambda: same(DW5, [[3, 2, 3], [4, 3, 1], [3, 4, 2]]))],
        "\\frac{\\partial L}{\\partial b} = \\sum_{i,j} G[i,j] = 3": [
            single(lambda: same(one(X5, W_ANY, G2, stride=2)["db"], np.sum(G2))),
            equal(float(np.sum(G2)), 3),
        ],
        "\\partial X[2,2]} = G[0,0] W[2,2]": [
            _s2_check(
                lambda v: same(
                    v["dx"][2, 2],
                    v["g"][0, 0] * v["w"][2, 2]
                    + v["g"][0, 1] * v["w"][2, 0]
                    + v["g"][1, 0] * v["w"][0, 2]
                    + v["g"][1, 1] * v["w"][0, 0],
                ),
                6204,
            )
        ],
        "\\partial X[1,1]} = G[0,0] W[1,1]$": [
            _s2_check(lambda v: same(v["dx"][1, 1], v["g"][0, 0] * v["w"][1, 1]), 6205)
        ],
        "\\partial X[2,1]} = G[0,0] W[2,1] + G[1,0] W[1,1]": [
            _s2_check(
                lambda v: same(
                    v["dx"][2, 1], v["g"][0, 0] * v["w"][2, 1] + v["g"][1, 0] * v["w"][1, 1]
                ),
                6209,
            )
        ],
        "全要素の和は、どの窓も": [
            _s2_check(lambda v: same(np.sum(v["dx"]), np.sum(v["g"]) * np.sum(v["w"])), 6221)
        ],
        "\\partial X[3,3]} = G[1,1] W[1,1] + G[0,0] W[2,2]": [
            _s2_check(
                lambda v: same(
                    v["dx"][3, 3], v["g"][1, 1] * v["w"][1, 1] + v["g"][0, 0] * v["w"][2, 2]
                ),
                6206,
            )
        ],
        "\\frac{6 - 3}{2}": [
            equal(conv_out(6, 3, 2), (6 - 3) // 2 + 1),
            equal((6 - 3) // 2 + 1, 2),
            _s2_check(lambda v: same(v["dx"][5, :], np.zeros(6)), 6207, h=6),
        ],
        "重みの勾配は 5×5 のときと同じ式": [
            _s2_check(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 6208, h=6)
        ],
    },
)


# --- exam_q4_input_gradient_padding1_graded.md (English exam sheet): Y = pad_1(X) star W + b,
# stride 1, 0-based, X 5 x 5, W 3 x 3; part (c) uses the written W and L = sum(Y), i.e. G = 1.

EXAM = "exam_q4_input_gradient_padding1_graded"
W3 = np.array([[1, 0, -1], [2, 1, 0], [0, 1, 1]], float)
ONES = one(np.zeros((5, 5)), W3, np.ones((5, 5)), padding=1)  # L = sum of the outputs


def _p1(r: np.random.Generator, stride: int = 1) -> dict:
    x, w = r.normal(size=(5, 5)), r.normal(size=(3, 3))
    side = conv_out(5, 3, stride, 1)
    g = r.normal(size=(side, side))
    return {"x": x, "w": w, "g": g, **one(x, w, g, padding=1, stride=stride)}


def _p1_check(check: Pred, seed: int, stride: int = 1) -> Truth:
    return trials(lambda r: bool(check(_p1(r, stride))), seed)


def _forward_loops(r: np.random.Generator) -> bool:
    """Y[i,j] = b + sum_uv W[u,v] X[i+u-1, j+v-1], X zero outside 0..4 (the sheet says so)."""
    x, w, b = r.normal(size=(5, 5)), r.normal(size=(3, 3)), float(r.normal())
    y = F.conv2d(t64(x[None, None]), t64(w[None, None]), t64([b]), padding=1).numpy()[0, 0]
    mine = [[b + sum(w[u, v] * zat(x, i + u - 1, j + v - 1) for u in range(3) for v in range(3))
             for j in range(5)] for i in range(5)]  # fmt: skip
    return same(y, mine)


def _dx_loops(v: dict) -> bool:
    g, w = v["g"], v["w"]
    mine = [[sum(zat(g, p - u + 1, q - c + 1) * w[u, c] for u in range(3) for c in range(3))
             for q in range(5)] for p in range(5)]  # fmt: skip
    return same(v["dx"], mine)


def _gw(v: dict, pairs: list[tuple[int, int, int, int]]) -> float:
    """Sum of G[i,j] * W[u,v] over the written (i, j, u, v)."""
    return sum(at(v["g"], i, j) * at(v["w"], u, c) for i, j, u, c in pairs)


def _jacobian_nnz(r: np.random.Generator) -> bool:
    """Nonzero entries of dY/dX for a random kernel (no zero taps): 169 (prose count too)."""
    w = t64(r.normal(size=(1, 1, 3, 3)))
    jac = torch.autograd.functional.jacobian(
        lambda x: F.conv2d(x, w, padding=1), torch.zeros(1, 1, 5, 5, dtype=F64)
    )
    return int(torch.count_nonzero(jac)) == 169


def _w_sum(pairs: list[tuple[int, int]]) -> float:
    return sum(at(W3, u, v) for u, v in pairs)


EXAM_CLAIMS = claims_of(
    EXAM,
    {
        "**Question 4 (12 pts).**": [None, None, None],
        "$H_{out} = 5 + 2 \\cdot 1 - 3 + 1 = 5$": [
            equal(conv_out(5, 3, 1, 1), 5 + 2 * 1 - 3 + 1),
            equal(5 + 2 * 1 - 3 + 1, 5),
        ],
        "$$Y[i,j] = b + \\sum_{u=0}^{2}": [trials(_forward_loops, 6210)],
        "\\partial X[p,q]} = \\sum_{u=0}^{2}": [_p1_check(_dx_loops, 6211)],
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\star": [
            _p1_check(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["w"]))), 6212)
        ],
        "for any kernel size the rule is": [
            _p1_check(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))), 6213)
        ],
        "At the corner only four outputs": [
            _p1_check(
                lambda v: same(
                    v["dx"][0, 0], _gw(v, [(0, 0, 1, 1), (0, 1, 1, 0), (1, 0, 0, 1), (1, 1, 0, 0)])
                ),
                6214,
            )
        ],
        "Likewise at the top-right corner": [
            _p1_check(
                lambda v: same(
                    v["dx"][0, 4], _gw(v, [(0, 4, 1, 1), (0, 3, 1, 0), (1, 4, 0, 1), (1, 3, 0, 0)])
                ),
                6215,
            )
        ],
        "Counting products": [equal(4 * 4 + 12 * 6 + 9 * 9, 169), trials(_jacobian_nnz, 6216)],
        "An interior pixel sees the whole kernel": [
            single(lambda: same(ONES["dx"][2, 2], np.sum(W3))),
            equal(float(np.sum(W3)), 5),
        ],
        "The corner keeps the lower-right": [
            single(lambda: same(ONES["dx"][0, 0], _w_sum([(1, 1), (1, 2), (2, 1), (2, 2)]))),
            equal(_w_sum([(1, 1), (1, 2), (2, 1), (2, 2)]), 3),
        ],
        "The top-right corner: $": [
            single(lambda: same(ONES["dx"][0, 4], _w_sum([(0, 1), (0, 2), (1, 1), (1, 2)]))),
            equal(_w_sum([(0, 1), (0, 2), (1, 1), (1, 2)]), 0),
        ],
        "The middle row is all interior": [
            single(lambda: same(ONES["dx"][2, :], [5, 5, 5, 5, 5])),
            single(lambda: same(ONES["dx"][:, 0], [4, 5, 5, 5, 4])),
        ],
        "Check: every output uses all nine": [
            single(lambda: same(np.sum(ONES["dx"]), 25 * np.sum(W3))),
            equal(25 * float(np.sum(W3)), 125),
        ],
        "**(d)**": [
            _p1_check(lambda v: same(v["dw"], corr(pad(v["x"], 1), v["g"])), 6217),
            _p1_check(lambda v: same(v["db"], np.sum(v["g"])), 6218),
            single(lambda: same(ONES["db"], 25)),
        ],
        "**(e)**": [
            lambda: [conv_out(5, 3, 2, 1) == 3, (5 + 2 - 3) // 2 + 1 == 3],
            _p1_check(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))), 6219, 2
            ),
        ],
        "Corrected on the sheet": [
            _p1_check(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["w"]))), 6220, 2
            )
        ],
    },
)


# --- kougi_im2col_gyouretsuseki_to_koubai.md (Japanese lecture notes): im2col = F.unfold (rows
# (c, u, v) row-major, columns the output positions row-major), col2im = F.fold (sums overlaps);
# C = 3, F = 16, k = 3, H = 8, stride 1, no padding; section 7.5 one channel, k = 2, H = 3.

IM2COL = "kougi_im2col_gyouretsuseki_to_koubai"
C, NF, K, H = 3, 16, 3, 8
M = H - K + 1


def _im2col(r: np.random.Generator) -> dict:
    """Y_mat = W_mat X_col + b 1^T through autograd, L = sum(Y_mat * G_mat); the matrices and
    their gradients, and torch conv2d's own gradients for the same X, W, b, G."""
    x, w, b = r.normal(size=(1, C, H, H)), r.normal(size=(NF, C, K, K)), r.normal(size=NF)
    gm = r.normal(size=(NF, M * M))
    xcol = t64(F.unfold(t64(x), K).numpy()[0], True)
    wmat = t64(w.reshape(NF, -1), True)
    ((wmat @ xcol) * t64(gm)).sum().backward()
    ref = conv(x, w, b, gm.reshape(1, NF, M, M))
    return {
        "x": x, "w": w, "b": b, "gm": gm, "xcol": xcol.detach().numpy(),
        "wmat": wmat.detach().numpy(), "dwmat": wmat.grad.numpy(), "dxcol": xcol.grad.numpy(),
        **ref,
    }  # fmt: skip


def _ic(check: Pred, seed: int) -> Truth:
    return trials(lambda r: bool(check(_im2col(r))), seed)


def _fold(cols: np.ndarray, side: int, k: int) -> np.ndarray:
    return F.fold(t64(cols[None]), (side, side), k).numpy()[0]


def _adjoint(r: np.random.Generator) -> bool:
    x, z = r.normal(size=(1, C, H, H)), r.normal(size=(C * K * K, M * M))
    lhs = float(np.sum(F.unfold(t64(x), K).numpy()[0] * z))
    return bool(np.isclose(lhs, float(np.sum(x[0] * _fold(z, H, K))), rtol=1e-9, atol=1e-9))


def _batch(r: np.random.Generator) -> bool:
    """N = 3 images, L = sum_n L_n: the weight gradient against (1/N) sum_n G_n X_col,n^T."""
    n = 3
    x, w = r.normal(size=(n, C, H, H)), r.normal(size=(NF, C, K, K))
    g = r.normal(size=(n, NF, M, M))
    dw = conv(x, w, None, g)["dw"].reshape(NF, -1)
    cols = F.unfold(t64(x), K).numpy()
    mine = sum(g[s].reshape(NF, -1) @ cols[s].T for s in range(n)) / n
    return same(dw, mine)


def _macs(stride: int, padding: int) -> int:
    x, w = torch.zeros(1, C, H, H, dtype=F64), torch.zeros(NF, C, K, K, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w, stride=stride, padding=padding))


XS = np.array([[1, 2, 0], [3, 1, -1], [0, 2, 1]], float)
WS = np.array([[1, -1], [2, 0]], float)
GS = np.array([[1, 0], [2, -1]], float)
SMALL = one(XS, WS, GS)
XCOL_S = F.unfold(t64(XS[None, None]), 2).numpy()[0]

IM2COL_CLAIMS = claims_of(
    IM2COL,
    {
        "$m = H - k + 1 = 6$": [equal(conv_out(H, K), H - K + 1), equal(H - K + 1, 6)],
        "伸ばして横に並べた": [
            None,
            single(
                lambda: (
                    F.unfold(torch.zeros(1, C, H, H), K).shape[1:] == (C * K * K, M * M)
                    and (C * K * K, M * M) == (27, 36)
                )
            ),
        ],
        "重みはフィルタごとに": [
            single(
                lambda: np.zeros((NF, C, K, K)).reshape(NF, -1).shape == (NF, C * K * K) == (16, 27)
            )
        ],
        "$$Y_{mat} = W_{mat} X_{col} + b": [
            _ic(
                lambda v: same(
                    v["z"][0].reshape(NF, -1),
                    v["wmat"] @ v["xcol"] + np.outer(v["b"], np.ones(M * M)),
                ),
                6230,
            )
        ],
        "代償はメモリで": [
            lambda: [F.unfold(torch.zeros(1, C, H, H), K).numel() == C * K * K * M * M == 972],
            lambda: [torch.zeros(C, H, H).numel() == C * H * H == 192],
        ],
        "行列積の乗算回数は": [
            lambda: [_macs(1, 0) == NF * C * K * K * M * M],
            equal(NF * C * K * K * M * M, 16 * 27 * 36),
            equal(16 * 27 * 36, 15552),
        ],
        "G_{mat} X_{col}^\\top$$": [_ic(lambda v: same(v["dwmat"], v["gm"] @ v["xcol"].T), 6231)],
        "W_{mat}^\\top G_{mat}$$": [_ic(lambda v: same(v["dxcol"], v["wmat"].T @ v["gm"]), 6232)],
        "バイアスは各出力位置に": [_ic(lambda v: same(v["db"], np.ones(M * M) @ v["gm"]), 6233)],
        "\\operatorname{col2im}\\left(": [
            _ic(lambda v: same(v["dx"][0], _fold(v["wmat"].T @ v["gm"], H, K)), 6234)
        ],
        "col2im は im2col の逆写像": [
            trials(
                lambda r: (lambda x: same(_fold(F.unfold(t64(x), K).numpy()[0], H, K), x[0]))(
                    r.normal(size=(1, C, H, H))
                ),
                6235,
            ),
            trials(_adjoint, 6236),
        ],
        "ミニバッチ $N$ 枚": [None],
        "\\frac{1}{N} \\sum_{n=1}^{N} G^{(n)}_{mat}": [trials(_batch, 6237)],
        "ストライド 2、パディング 1": [
            equal(conv_out(H, K, 2, 1), (8 + 2 - 3) // 2 + 1),
            equal((8 + 2 - 3) // 2 + 1, 4),
            lambda: [_macs(2, 1) == 15552 / 2],
            equal(15552 / 2, 7776),
        ],
        "$$X_{col} = \\begin{bmatrix}": [
            single(lambda: same(XCOL_S, [[1, 2, 3, 1], [2, 0, 1, -1], [3, 1, 0, 2], [1, -1, 2, 1]]))
        ],
        "なので、バイアスを除いて": [
            single(lambda: same(WS.reshape(-1), [1, -1, 2, 0])),
            single(lambda: same(SMALL["z"].reshape(-1), WS.reshape(-1) @ XCOL_S)),
            single(lambda: same(WS.reshape(-1) @ XCOL_S, [5, 4, 2, 6])),
        ],
        "として、重みの勾配は": [
            single(lambda: same(GS.reshape(-1), [1, 0, 2, -1])),
            single(lambda: same(SMALL["dw"].reshape(-1), GS.reshape(-1) @ XCOL_S.T)),
            single(lambda: same(GS.reshape(-1) @ XCOL_S.T, [6, 5, 1, 4])),
        ],
        "4 & -3 & 1 \\\\ 4 & -2 & 1": [
            single(lambda: same(SMALL["dx"], [[1, -1, 0], [4, -3, 1], [4, -2, 1]]))
        ],
        "右下の画素は最後のパッチの右下": [
            single(lambda: same(SMALL["dx"][2, 2], WS[1, 1] * GS[1, 1])),
            single(lambda: same(WS[1, 1] * GS[1, 1], 1)),
        ],
        "中央の画素は 4 つのパッチすべてに入る": [
            single(
                lambda: same(
                    SMALL["dx"][1, 1],
                    WS[1, 1] * GS[0, 0]
                    + WS[1, 0] * GS[0, 1]
                    + WS[0, 1] * GS[1, 0]
                    + WS[0, 0] * GS[1, 1],
                )
            ),
            single(
                lambda: same(
                    WS[1, 1] * GS[0, 0]
                    + WS[1, 0] * GS[0, 1]
                    + WS[0, 1] * GS[1, 0]
                    + WS[0, 0] * GS[1, 1],
                    0 + 0 - 2 - 1,
                )
            ),
            equal(0 + 0 - 2 - 1, -3),
        ],
        "検算として": [
            trials(
                lambda r: (lambda x, w, g: same(np.sum(one(x, w, g)["dx"]), np.sum(w) * np.sum(g)))(
                    r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=(2, 2))
                ),
                6238,
            ),
            equal(float(np.sum(WS) * np.sum(GS)), 2 * 2),
            equal(2 * 2, 4),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh62_truth_b import NOTES_B

    return {**BLOG_CLAIMS, **EXAM_CLAIMS, **IM2COL_CLAIMS, **NOTES_B}
