"""Independent truth for the fresh46 unseen set (tests/data/check/unseen/fresh46/): the notes
td4_correction_convolution_padding2, velog_conv_relu_avgpool_sonuro_yeokjeonpa,
exam_operator_identities_model_answers and forum_openclassrooms_bloc_resnet_parametres (the
other three live in unseen_fresh46_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or multiplying
mismatched shapes (ValueError) disagrees; where a note declares zeros outside a range those
entries read as zero.  A link between two written numbers is arithmetic; a size or count named
on the left must equal the true one.
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
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh46"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _one(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """torch conv2d of one 2-D map with one kernel (zero bias) and the gradients of sum(y * g),
    squeezed back to 2-D."""
    v = conv(x[None, None], w[None, None], np.zeros(1), g[None, None], **kw)
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": v["z"][0, 0],
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
        "db": float(v["db"][0]),
    }


# --- td4_correction_convolution_padding2.md (French TD correction): Conv2d(1, 1, 3, stride 1,
# padding 2) on the 4 x 4 X, G (6 x 6) given, 0-based; the padded input is 8 x 8.

TD = "td4_correction_convolution_padding2"
TD_X = np.array([[1.0, 0, 2, -1], [0, 1, 1, 2], [3, -1, 0, 1], [1, 2, -2, 0]])
TD_W = np.array([[1.0, 0, -1], [2, 1, 0], [0, -1, 1]])
TD_G = np.zeros((6, 6))
for (_i, _j), _g in {(0, 0): 1, (1, 2): -1, (2, 3): 2, (3, 0): 1, (4, 4): 1, (5, 1): -1}.items():
    TD_G[_i, _j] = _g
TD_V = _one(TD_X, TD_W, TD_G, padding=2)


def _td(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random 4 x 4 X, 3 x 3 W and 6 x 6 G, padding 2; also the gradient with respect to the
    padded input (a valid convolution of pad_2(X), whose input gradient torch gives)."""

    def make(r: np.random.Generator) -> dict:
        x, w, g = r.normal(size=(4, 4)), r.normal(size=(3, 3)), r.normal(size=(6, 6))
        v = _one(x, w, g, padding=2)
        v["dxt"] = _one(pad(x, 2), w, g)["dx"]
        return v

    return trials(lambda r: rel(make(r)), seed)


def _td_dw_sum(v: dict) -> np.ndarray:
    """The note's index form as written: sum_ij G[i,j] X[i+u-1, j+v-1], X zero outside."""
    x, g = v["x"], v["g"]
    return np.array(
        [
            [
                sum(g[i, j] * zat(x, i + u - 1, j + vv - 1) for i in range(6) for j in range(6))
                for vv in range(3)
            ]
            for u in range(3)
        ]
    )


X_, W_, G_ = TD_X, TD_W, TD_G
TD_CLAIMS = claims_of(
    TD,
    {
        "H_{out} = \\frac{H + 2p - k}{s} + 1 =": [
            equal(conv_out(4, 3, 1, 2), (4 + 2 * 2 - 3) / 1 + 1),
            equal((4 + 2 * 2 - 3) / 1 + 1, (4 + 4 - 3) / 1 + 1),
            equal((4 + 4 - 3) / 1 + 1, 6),
        ],
        "coin en haut à gauche": [
            single(lambda: close(TD_V["y"][0, 0], X_[0, 0] * W_[2, 2])),
            equal(X_[0, 0] * W_[2, 2], 1),
        ],
        "coin en haut à droite": [
            single(lambda: close(TD_V["y"][0, 5], X_[0, 3] * W_[2, 2])),
            equal(X_[0, 3] * W_[2, 2], -1),
        ],
        "Et en bas à gauche": [
            single(lambda: close(TD_V["y"][5, 0], X_[3, 0] * W_[0, 2])),
            equal(X_[3, 0] * W_[0, 2], -1),
        ],
        "Vérification rapide": [
            _td(lambda v: close(v["y"].sum(), v["x"].sum() * v["w"].sum()), 4601),
            equal(X_.sum() * W_.sum(), 10 * 3),
        ],
        "\\operatorname{pad}_2(X) \\star G$$": [
            _td(lambda v: same(v["dw"], corr(pad(v["x"], 2), v["g"])), 4602)
        ],
        "X[i+u-1,\\, j+v-1]": [_td(lambda v: same(v["dw"], _td_dw_sum(v)), 4603)],
        "Par exemple": [
            single(lambda: close(TD_V["dw"][1, 2], -X_[0, 2] + 2 * X_[1, 3] + X_[2, 0])),
            equal(-X_[0, 2] + 2 * X_[1, 3] + X_[2, 0], -2 + 4 + 3),
            equal(-2 + 4 + 3, 5),
        ],
        "\\begin{pmatrix} 0 & -1 & -2": [
            single(lambda: same(TD_V["dw"], [[0, -1, -2], [4, 2, -1], [-4, 5, 3]]))
        ],
        "et pour le biais": [
            single(lambda: close(TD_V["db"], TD_G.sum())),
            equal(TD_G.sum(), 3),
        ],
        "[1:5,\\; 1:5]": [
            _td(lambda v: same(v["dxt"], corr(pad(v["g"], 2), rot180(v["w"]))), 4604),
            _td(lambda v: same(v["dx"], v["dxt"][1:5, 1:5]), 4605),
        ],
        "Comme ici": [None, _td(lambda v: same(v["dx"], corr(v["g"], rot180(v["w"]))), 4606)],
        "Premier coefficient": [
            single(lambda: close(TD_V["dx"][0, 0], G_[0, 0] * W_[0, 0] + G_[1, 2] * W_[1, 2])),
            equal(G_[0, 0] * W_[0, 0] + G_[1, 2] * W_[1, 2], 1),
        ],
        "\\begin{pmatrix} 1 & 1 & 0 & -2": [
            single(
                lambda: same(
                    TD_V["dx"], [[1, 1, 0, -2], [-1, 5, 1, 0], [0, 0, -1, 2], [1, 1, 2, 1]]
                )
            )
        ],
        "un pas $s = 2$": [
            None,
            equal(conv_out(4, 3, 2, 2), math.floor((4 + 4 - 3) / 2) + 1),
            equal(math.floor((4 + 4 - 3) / 2) + 1, 4),
        ],
    },
)


# --- velog_conv_relu_avgpool_sonuro_yeokjeonpa.md (Korean blog): Conv2d(1, 1, 2) with b = -1 on
# the 5 x 5 X -> ReLU -> AvgPool2d(2); L = sum(G * P), 0-based.  torch's ReLU has derivative 0
# at 0 (Z[0,0] = 0 here).

VE = "velog_conv_relu_avgpool_sonuro_yeokjeonpa"
VE_X = np.array(
    [[1.0, 2, 0, 1, 3], [0, 1, -1, 2, 1], [2, 0, 1, 0, -1], [1, -2, 3, 1, 0], [0, 1, 2, -1, 1]]
)
VE_W = np.array([[1.0, -1], [0, 2]])
VE_G = np.array([[4.0, -2], [2, 8]])


def _net(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    """conv -> relu -> avg pool 2 x 2 in torch, every intermediate's gradient kept."""
    xt, wt, bt = t64(x, True), t64(w, True), t64([b], True)
    z = F.conv2d(xt[None, None], wt[None, None], bt)[0, 0]
    z.retain_grad()
    a = torch.relu(z)
    a.retain_grad()
    p = F.avg_pool2d(a[None, None], 2)[0, 0]
    (p * t64(g)).sum().backward()
    out = {"x": x, "w": w, "g": g, "z": z, "a": a, "p": p}
    out = {k: v.detach().numpy() if isinstance(v, torch.Tensor) else v for k, v in out.items()}
    out |= {"da": a.grad.numpy(), "dz": z.grad.numpy(), "dw": wt.grad.numpy()}
    return out | {"db": float(bt.grad[0]), "dx": xt.grad.numpy()}


VE_V = _net(VE_X, VE_W, -1.0, VE_G)


def _ve(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(
        lambda r: rel(
            _net(r.normal(size=(5, 5)), r.normal(size=(2, 2)), r.normal(), r.normal(size=(2, 2)))
        ),
        seed,
    )


def _pool_side(h: int, k: int = 2, s: int = 2) -> int:
    return int(F.avg_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s).shape[-1])


VX, VW = VE_X, VE_W
VE_CLAIMS = claims_of(
    VE,
    {
        "합성곱 출력 크기는": [
            lambda: [conv_out(5, 2) == 5 - 2 + 1 == 4],
            lambda: [_pool_side(4) == 4 / 2 == 2],
        ],
        "의 첫 칸": [
            None,
            single(lambda: close(VE_V["z"][0, 0], 1 * 1 + 2 * (-1) + 0 * 0 + 1 * 2 + (-1))),
            equal(1 * 1 + 2 * (-1) + 0 * 0 + 1 * 2 + (-1), 0),
        ],
        "하나 더 해보면": [
            single(lambda: close(VE_V["z"][1, 2], -1 - 2 + 0 + 0)),
            equal(-1 - 2 + 0 + 0, -3),
        ],
        "$$A = \\begin{bmatrix}": [
            single(
                lambda: same(VE_V["a"], [[0, 0, 2, 0], [0, 3, 0, 0], [0, 4, 2, 0], [4, 0, 0, 2]])
            ),
            single(lambda: same(VE_V["p"], [[0.75, 0.5], [2, 1]])),
        ],
        "\\frac{\\partial L}{\\partial A[i,j]} = \\frac{1}{4}": [
            _ve(
                lambda v: same(
                    v["da"], [[v["g"][i // 2, j // 2] / 4 for j in range(4)] for i in range(4)]
                ),
                4611,
            )
        ],
        "\\odot \\mathbb{1}[Z > 0]": [
            None,
            single(lambda: same(VE_V["dz"], VE_V["da"] * (VE_V["z"] > 0))),
        ],
        "PyTorch 는 0 에서의": [single(lambda: close(VE_V["dz"][0, 0], 0))],
        "\\partial Z} = \\begin{bmatrix}": [
            single(
                lambda: same(
                    VE_V["dz"], [[0, 0, -0.5, 0], [0, 1, 0, 0], [0, 0.5, 2, 0], [0.5, 0, 0, 2]]
                )
            )
        ],
        "가중치 기울기는 입력과": [single(lambda: same(VE_V["dw"], corr(VX, VE_V["dz"])))],
        "예를 들어": [single(lambda: close(VE_V["dw"][0, 1], -2))],
        "\\begin{bmatrix} 5.5 & -2": [single(lambda: same(VE_V["dw"], [[5.5, -2], [3, 6]]))],
        "편향은 모든 출력 칸에": [
            single(lambda: close(VE_V["db"], VE_G.sum())),
            equal(VE_G.sum(), 12),
        ],
        "입력 쪽은 패딩 후": [
            _ve(lambda v: same(v["dx"], corr(pad(v["dz"], 1), v["w"])), 4612),
            single(lambda: close(VE_V["dx"][4, 4], VE_V["dz"][3, 3] * VW[1, 1])),
            equal(VE_V["dz"][3, 3] * VW[1, 1], 4),
        ],
        "마지막으로 검산": [single(lambda: close(VE_V["dx"].sum(), VE_G.sum()))],
    },
)


# --- exam_operator_identities_model_answers.md (English exam): one channel, 0-based, star the
# valid cross-correlation, Y = X star_s W, G = dL/dY.  Stride 1 at (H, k) = (6, 3) and (5, 2);
# stride 2 at H = 7, k = 3 (the last window ends on the last row), the "every H" remark on
# H = 7, 8, 9, 10 with k = 3.


def _ex(rel: Callable[[dict], bool], seed: int, sizes: tuple = ((6, 3), (5, 2)), s: int = 1):
    def make(r: np.random.Generator, h: int, k: int) -> dict:
        x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
        m = (h - k) // s + 1
        return _one(x, w, r.normal(size=(m, m)), stride=s) | {"k": k, "h": h}

    return trials(lambda r: all(rel(make(r, h, k)) for h, k in sizes), seed)


def inner(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        raise ValueError("shapes")
    return float(np.sum(a * b))


def _adj_x(v: dict) -> bool:
    lhs = inner(corr(v["x"], v["w"]), v["g"])
    return close(lhs, inner(v["x"], corr(pad(v["g"], v["k"] - 1), rot180(v["w"]))))


def _convt(g: np.ndarray, w: np.ndarray, s: int) -> np.ndarray:
    return F.conv_transpose2d(t64(g)[None, None], t64(w)[None, None], stride=s)[0, 0].numpy()


S7 = ((7, 3),)
_M_GRID = [
    (h, p, k, s) for h in (5, 6, 7, 9) for p in (0, 1, 2) for k in (1, 2, 3) for s in (1, 2, 3)
]
_C_GRID = [(ci, co, k) for ci in (1, 3) for co in (2, 4) for k in (1, 3)]
_MAC_GRID = [(ci, co, k, h) for ci, co in ((1, 2), (3, 4)) for k in (2, 3, 5) for h in (6, 9)]
_D_GRID = [(h, k, d) for h in (9, 12) for k in (2, 3) for d in (1, 2, 3)]


def _macs(ci: int, co: int, k: int, h: int) -> int:
    x, w = torch.zeros(1, ci, h, h, dtype=F64), torch.zeros(co, ci, k, k, dtype=F64)
    return flops_half(lambda: F.conv2d(x, w))


EX = "exam_operator_identities_model_answers"
EX_CLAIMS = claims_of(
    EX,
    {
        "\\langle X,\\, \\operatorname{pad}_{k-1}(G)": [_ex(_adj_x, 4621)],
        "\\langle W,\\, X \\star G \\rangle$$": [
            _ex(
                lambda v: close(
                    inner(corr(v["x"], v["w"]), v["g"]), inner(v["w"], corr(v["x"], v["g"]))
                ),
                4622,
            )
        ],
        "reading off the gradients": [
            _ex(lambda v: same(v["dx"], corr(pad(v["g"], v["k"] - 1), rot180(v["w"]))), 4623),
            _ex(lambda v: same(v["dw"], corr(v["x"], v["g"])), 4624),
        ],
        "Many students wrote": [
            _ex(lambda v: same(v["dx"], corr(pad(rot180(v["g"]), v["k"] - 1), v["w"])), 4625)
        ],
        "*Take $H = 7$": [None, None, None],
        "The output side is": [
            equal(conv_out(7, 3, 2), math.floor((7 - 3) / 2) + 1),
            equal(math.floor((7 - 3) / 2) + 1, 3),
        ],
        "= X \\star \\operatorname{dil}_2(G)$$": [
            _ex(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 4626, S7, 2)
        ],
        "\\operatorname{pad}_{2}(\\operatorname{dil}_2(G))": [
            _ex(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))),
                4627,
                S7,
                2,
            )
        ],
        "A shortcut several people used": [
            _ex(lambda v: same(v["dw"], corr(v["x"], v["g"])[::2, ::2]), 4628, S7, 2)
        ],
        "holds for every $H \\ge k$": [
            lambda: [
                all(
                    agree_dw
                    for agree_dw in _ex(
                        lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))),
                        4629 + h,
                        ((h, 3),),
                        2,
                    )()
                )
                for h in (7, 8, 9, 10)
            ],
            None,
            None,
        ],
        "Then $\\frac{\\partial L}{\\partial X} = \\operatorname{convT}_2": [
            _ex(lambda v: same(v["dx"], _convt(v["g"], v["w"], 2)), 4640, S7, 2),
            lambda: [tconv_out(3, 3, 2) == (3 - 1) * 2 + 3 == 2 * 2 + 3],
            equal(2 * 2 + 3, 7),
        ],
        "The same works for $H = 8$": [
            None,
            equal(conv_out(8, 3, 2), math.floor((8 - 3) / 2) + 1),
            equal(math.floor((8 - 3) / 2) + 1, 3),
            lambda: [tconv_out(3, 3, 2) == 8 and (3 - 1) * 2 + 3 == 8],
        ],
        "\\left\\lceil \\frac{H + 2p - k + 1}{s}": [
            grid(lambda h, p, k, s: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, _M_GRID),
            grid(
                lambda h, p, k, s: (h + 2 * p - k) // s + 1 == math.ceil((h + 2 * p - k + 1) / s),
                _M_GRID,
            ),
        ],
        "Parameters (with bias)": [
            grid(lambda ci, co, k: params(nn.Conv2d(ci, co, k)) == co * (ci * k * k + 1), _C_GRID)
        ],
        "\\mathrm{MACs} = C_{out}": [
            grid(lambda ci, co, k, h: _macs(ci, co, k, h) == co * ci * k * k * h * h, _MAC_GRID)
        ],
        "With dilation $d$": [
            grid(lambda h, k, d: conv_out(h, k, d=d) == h - d * (k - 1), _D_GRID)
        ],
    },
)


# --- forum_openclassrooms_bloc_resnet_parametres.md (French forum): the BasicBlock of the
# question on a 1 x 64 x 56 x 56 input; parameters are torch's parameters() (BatchNorm's
# running statistics are buffers); multiply-adds are FlopCounterMode's count / 2.


class _Block(nn.Module):
    def __init__(self, cin: int = 64, cout: int = 128, stride: int = 2, proj: bool = True):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = (
            nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))
            if proj
            else nn.Identity()
        )


BLOCK = _Block()
FX = torch.zeros(1, 64, 56, 56, dtype=F64)
H1 = int(BLOCK.conv1.double()(FX).shape[-1])
HSC = int(BLOCK.shortcut[0].double()(FX).shape[-1])
FW1 = torch.zeros(128, 64, 3, 3, dtype=F64)
FW2 = torch.zeros(128, 128, 3, 3, dtype=F64)
FWS = torch.zeros(128, 64, 1, 1, dtype=F64)
M1 = flops_half(lambda: F.conv2d(FX, FW1, stride=2, padding=1))
M2 = flops_half(lambda: F.conv2d(torch.zeros(1, 128, 28, 28, dtype=F64), FW2, padding=1))
MSC = flops_half(lambda: F.conv2d(FX, FWS, stride=2))
P1, PBN, P2 = params(BLOCK.conv1), params(BLOCK.bn1), params(BLOCK.conv2)
PSC = params(BLOCK.shortcut[0])

FO = "forum_openclassrooms_bloc_resnet_parametres"
FO_CLAIMS = claims_of(
    FO,
    {
        "*Tailles.*": [
            equal(H1, math.floor((56 - 3) / 2) + 1),
            equal(math.floor((56 - 3) / 2) + 1, 27),
            equal(HSC, math.floor((56 - 1) / 2) + 1),
            equal(math.floor((56 - 1) / 2) + 1, 28),
        ],
        "`conv1` : $P_1": [equal(P1, 3 * 3 * 64 * 128), equal(3 * 3 * 64 * 128, 73728)],
        "`bn1` : moyenne": [equal(PBN, 4 * 128), equal(4 * 128, 512)],
        "`conv2` : $P_2": [equal(P2, 3 * 3 * 128 * 128), equal(3 * 3 * 128 * 128, 147456)],
        "projection : $P_{sc}": [equal(PSC, 64 * 128 + 128), equal(64 * 128 + 128, 8320)],
        "Total : $P": [
            equal(params(BLOCK), 73728 + 147456 + 8320 + 3 * 512),
            equal(73728 + 147456 + 8320 + 3 * 512, 231040),
        ],
        "Remarque au passage": [equal(PSC, P1 / 9)],
        "`conv1` : $M_1": [
            equal(M1, 28**2 * 128 * 64 * 9),
            equal(28**2 * 128 * 64 * 9, 57802752),
        ],
        "`conv2` : $M_2": [
            equal(M2, 28**2 * 128 * 128 * 9),
            equal(28**2 * 128 * 128 * 9, 115605504),
        ],
        "projection : $M_{sc}": [equal(MSC, 56**2 * 64 * 128), equal(56**2 * 64 * 128, 25690112)],
        "la formule générale est": [
            grid(lambda c: params(_Block(c, c, 1, proj=False)) == 18 * c * c + 2 * c, [(8,), (64,)])
        ],
        "Super clair": [equal(M2, 2 * M1)],
    },
)


def truth_table() -> Claims:
    from unseen_fresh46_truth_b import NOTES_B

    return {**TD_CLAIMS, **VE_CLAIMS, **EX_CLAIMS, **FO_CLAIMS, **NOTES_B}
