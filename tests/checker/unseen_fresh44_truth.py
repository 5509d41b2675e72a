"""Independent truth for the fresh44 unseen set (tests/data/check/unseen/fresh44/): the notes
klausurloesung_dilatierte_faltung, blog_im2col_convolucao_como_produto,
lecture_small_cnn_shapes_params and wiki_1x1_faltung_kanalmischung (the other three live in
unseen_fresh44_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) computing both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, one bool per trial or per size.  Nothing of symconv is imported.  Lines are found from
an anchor (a piece of the line, unique in the note); a None holds the rank of a keyed
non-claim.  A link between two written numbers is arithmetic; a size, count or entry named on
the left must equal the true one.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import conv1_len, flops_half
from unseen_truth_base import (
    Truth,
    anchored_claims,
    conv_out,
    equal,
    params,
    same,
    single,
    t64,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh44"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- klausurloesung_dilatierte_faltung.md (German exam solution): 0-based valid correlation,
# stride 1, y[n] = sum_m w_m x[n + d m], L = sum_n y[n] (so dL/dy = 1).

KL = "klausurloesung_dilatierte_faltung"
KX = np.array([1, 2, 0, -1, 3, 1, 2, 0, 1, -2, 1, 1], dtype=np.float64)
KW = np.array([2, -1, 1], dtype=np.float64)


def _dil1(x: np.ndarray, w: np.ndarray, d: int, g: np.ndarray | None = None) -> dict:
    """torch conv1d with dilation d and the gradients of sum(y * g) (g = ones by default)."""
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv1d(xt[None, None], wt[None, None], dilation=d)[0, 0]
    g = np.ones(y.shape) if g is None else g
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy(), "dw": wt.grad.numpy()}


def _keff(k: int, d: int, n: int = 12) -> int:
    """Span of a dilated kernel: the input length minus the valid output length, plus one."""
    return n - conv1_len(n, k, d=d) + 1


K2 = _dil1(KX, KW, 2)
K3 = _dil1(KX, KW, 3)


def _dil2(x: np.ndarray, d: int) -> dict:
    """2-D conv with a 3 x 3 kernel of ones, dilation d, L = sum(Y)."""
    xt, wt = t64(x, True), t64(np.ones((3, 3)), True)
    y = F.conv2d(xt[None, None], wt[None, None], dilation=d)[0, 0]
    y.sum().backward()
    return {"y": y.detach().numpy(), "dw": wt.grad.numpy()}


KMAP = np.fromfunction(lambda i, j: i + 2 * j, (9, 9))
KM = _dil2(KMAP, 2)


def _kl_general(d: int, r: np.random.Generator) -> bool:
    x, w = r.normal(size=12), r.normal(size=3)
    n_out = conv1_len(12, 3, d=d)
    v = _dil1(x, w, d, r.normal(size=n_out))
    mine = [sum(v["g"][n] * x[n + d * k] for n in range(n_out)) for k in range(3)]
    return same(v["dw"], mine)


def _kl_d3_sum(r: np.random.Generator) -> bool:
    x = r.normal(size=12)
    v = _dil1(x, r.normal(size=3), 3)
    return same(v["dw"], [sum(x[n + 3 * k] for n in range(4)) for k in range(3)])


KL_CLAIMS = claims_of(
    KL,
    {
        "Für $d = 2$: $k_": [
            None,
            equal(_keff(3, 2), 2 * (3 - 1) + 1),
            equal(2 * (3 - 1) + 1, 2 * 2 + 1),
            equal(2 * 2 + 1, 5),
            equal(conv1_len(12, 3, d=2), 12 - 5 + 1),
            equal(12 - 5 + 1, 8),
        ],
        "spannt der Kern": [
            None,
            equal(_keff(3, 3), 3 * 3),
            equal(3 * 3, 9),
            equal(conv1_len(12, 3, d=3), 12 - 9 + 1),
            equal(12 - 9 + 1, 4),
        ],
        "$$y[0] =": [
            equal(K2["y"][0], KW[0] * KX[0] + KW[1] * KX[2] + KW[2] * KX[4]),
            equal(KW[0] * KX[0] + KW[1] * KX[2] + KW[2] * KX[4], 2 * 1 + (-1) * 0 + 1 * 3),
            equal(2 * 1 + (-1) * 0 + 1 * 3, 5),
        ],
        "$$y[2] =": [
            equal(K2["y"][2], KW[0] * KX[2] + KW[1] * KX[3] + KW[2] * KX[4]),
            equal(KW[0] * KX[2] + KW[1] * KX[3] + KW[2] * KX[4], 0 + 1 + 3),
            equal(0 + 1 + 3, 4),
        ],
        "\\sum_{n=0}^{N_{\\text{out}}-1}": [
            trials(lambda r: _kl_general(2, r) and _kl_general(3, r), 4401)
        ],
        "ergibt sich für den letzten": [
            None,
            None,
            equal(K2["dw"][2], sum(KX[n + 4] for n in range(8))),
            equal(sum(KX[n + 4] for n in range(8)), 7),
        ],
        "gilt entsprechend": [None, trials(_kl_d3_sum, 4402)],
        "Ohne Padding:": [
            equal(conv_out(9, 3, d=2), 9 - 5 + 1),
            equal(9 - 5 + 1, 5),
            None,
            equal(conv_out(9, 3, p=2, d=2), 9),
        ],
        "Mit $d = 3$ und $p = 1$": [
            None,
            None,
            equal(conv_out(9, 3, p=1, d=3), 9 + 2 - 7 + 1),
            equal(9 + 2 - 7 + 1, 5),
        ],
        "und Stride $s = 2$": [
            None,
            None,
            None,
            equal(conv_out(9, 3, s=2, d=2), math.ceil((9 - 3) / 2) + 1),
            equal(math.ceil((9 - 3) / 2) + 1, 4),
        ],
        "Erster Ausgabewert": [
            None,
            None,
            None,
            equal(KM["y"][0, 0], sum(KMAP[2 * a, 2 * b] for a in range(3) for b in range(3))),
            equal(sum(KMAP[2 * a, 2 * b] for a in range(3) for b in range(3)), 54),
            single(lambda: same(KM["y"], np.fromfunction(lambda i, j: 54 + 9 * i + 9 * j, (5, 5)))),
        ],
        "z. B.": [
            None,
            single(
                lambda: same(
                    KM["dw"],
                    [
                        [
                            sum(KMAP[i + 2 * a, j + 2 * b] for i in range(5) for j in range(5))
                            for b in range(3)
                        ]
                        for a in range(3)
                    ],
                )
            ),
            equal(KM["dw"][1, 1], 300),
            equal(KM["dw"][0, 2], 340),
        ],
    },
)


# --- blog_im2col_convolucao_como_produto.md (Portuguese blog post): 3 x 3 X, 2 x 2 K, valid,
# stride 1; im2col rows are the output positions in row-major order, columns the window read
# row by row; k = vec(K) row-major, g = vec(G).

IM = "blog_im2col_convolucao_como_produto"
IX = np.array([[1, 2, 0], [3, 1, 1], [0, 2, 4]], dtype=np.float64)
IK = np.array([[1, 0], [-1, 2]], dtype=np.float64)
IG = np.array([[1, -1], [2, 0]], dtype=np.float64)


def _unfold(x: np.ndarray, k: int) -> np.ndarray:
    """torch's unfold (im2col), transposed so that rows are output positions."""
    return F.unfold(t64(x)[None, None], k)[0].T.numpy()


def _im(x: np.ndarray, kern: np.ndarray, g: np.ndarray) -> dict:
    xt, kt = t64(x, True), t64(kern, True)
    y = F.conv2d(xt[None, None], kt[None, None])[0, 0]
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dk": kt.grad.numpy(), "dx": xt.grad.numpy()}


IV = _im(IX, IK, IG)
XCOL = _unfold(IX, 2)


def _dxcol_true(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dL/dX_col by autograd through the product X_col k, for a random G."""
    xcol = t64(_unfold(r.normal(size=(3, 3)), 2), True)
    k, g = r.normal(size=4), r.normal(size=4)
    (xcol @ t64(k) * t64(g)).sum().backward()
    return xcol.grad.numpy(), k, g


def _rows(h: int, k: int, p: int, s: int) -> int:
    return int(F.unfold(torch.zeros(1, 1, h, h), k, padding=p, stride=s).shape[-1])


def _cols(c: int, k: int) -> int:
    return int(F.unfold(torch.zeros(1, c, 6, 6), k).shape[1])


IM_GRID = [(3, 7, 3, 1, 2, 4), (2, 8, 2, 0, 1, 3), (4, 9, 3, 1, 2, 5)]  # C, H, k, p, s, F


def _im_general_dw(r: np.random.Generator) -> bool:
    x, kern = r.normal(size=(4, 5)), r.normal(size=(2, 3))
    g = r.normal(size=(3, 3))
    v = _im(x, kern, g)
    return same(v["dk"].reshape(-1), _unfold_rect(x, (2, 3)).T @ g.reshape(-1))


def _unfold_rect(x: np.ndarray, k: tuple[int, int]) -> np.ndarray:
    return F.unfold(t64(x)[None, None], k)[0].T.numpy()


IM_CLAIMS = claims_of(
    IM,
    {
        "O número de linhas": [
            equal(XCOL.shape[0], 2 * 2),
            equal(IV["y"].size, 2 * 2),  # H_out W_out: the positions of the output
            equal(2 * 2, 4),
            equal(XCOL.shape[1], 1 * 2**2),
            equal(1 * 2**2, 4),
            None,
        ],
        "$$X_{\\text{col}} = \\begin": [
            single(lambda: same(XCOL, [[1, 2, 3, 1], [2, 0, 1, 1], [3, 1, 0, 2], [1, 1, 2, 4]]))
        ],
        "$$\\operatorname{vec}(Y) = X_": [
            single(lambda: same(IV["y"].reshape(-1), XCOL @ IK.reshape(-1))),
            single(lambda: same(XCOL @ IK.reshape(-1), [0, 3, 7, 9])),
        ],
        "Conferindo uma entrada": [
            equal(IV["y"][1, 0], 3 * 1 + 1 * 0 + 0 * (-1) + 2 * 2),
            equal(3 * 1 + 1 * 0 + 0 * (-1) + 2 * 2, 7),
            equal(IV["y"][0, 1], 2 * 1 + 0 * 0 + 1 * (-1) + 1 * 2),
            equal(2 * 1 + 0 * 0 + 1 * (-1) + 1 * 2, 5),
        ],
        "Como $\\operatorname{vec}(Y)": [
            None,
            None,
            trials(
                lambda r: same(
                    _im(
                        x := r.normal(size=(3, 3)),
                        k := r.normal(size=(2, 2)),
                        r.normal(size=(2, 2)),
                    )["y"].reshape(-1),
                    _unfold(x, 2) @ k.reshape(-1),
                ),
                4411,
            ),
        ],
        "\\frac{\\partial L}{\\partial \\mathbf{k}} = X": [trials(_im_general_dw, 4412)],
        "para voltar à entrada": [
            trials(lambda r: same(*(lambda d: (d[0], np.outer(d[1], d[2])))(_dxcol_true(r))), 4413)
        ],
        "$$\\frac{\\partial L}{\\partial K} = \\begin": [
            single(lambda: same(IV["dk"], [[5, 4], [3, 4]]))
        ],
        "só a última entrada": [
            equal(IV["dk"][1, 1], 1 * 1 + 1 * (-1) + 2 * 2 + 4 * 0),
            equal(1 * 1 + 1 * (-1) + 2 * 2 + 4 * 0, 4),
        ],
        "$$N_{\\text{lin}} =": [
            single(
                lambda: all(
                    _rows(h, k, p, s) == ((h + 2 * p - k) // s + 1) ** 2
                    for _, h, k, p, s, _ in IM_GRID
                )
            )
        ],
        "linhas e $N_{\\text{col}}": [
            single(lambda: all(_cols(c, k) == c * k * k * f for c, _, k, _, _, f in IM_GRID))
        ],
        "Um exemplo típico": [
            None,
            None,
            None,
            None,
            None,
            equal(_rows(56, 3, 1, 1), 56 * 56),
            equal(56 * 56, 3136),
            None,
            None,
            equal(_rows(56, 3, 0, 2), 28 * 28),
            equal(28 * 28, 784),
        ],
    },
)


# --- lecture_small_cnn_shapes_params.md (English lecture notes): the nn.Sequential of the
# note on 1 x 3 x 32 x 32.

LEC = "lecture_small_cnn_shapes_params"


def _net() -> torch.nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(3, 16, kernel_size=5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, kernel_size=3),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(64, 10),
    ).double()


NET = _net()
SHAPES: list[tuple[int, ...]] = []
_h = torch.zeros(1, 3, 32, 32, dtype=torch.float64)
for _layer in NET:
    _h = _layer(_h)
    SHAPES.append(tuple(_h.shape[1:]))
P1, P2, P3, PFC = (params(NET[i]) for i in (0, 3, 6, 9))
M1 = flops_half(lambda: NET[0](torch.zeros(1, 3, 32, 32, dtype=torch.float64)))
M2 = flops_half(lambda: NET[3](torch.zeros(1, 16, 14, 14, dtype=torch.float64)))
NOPOOL = nn.Sequential(*list(NET[:7]), nn.Flatten()).double()
D_NOPOOL = int(NOPOOL(torch.zeros(1, 3, 32, 32, dtype=torch.float64)).shape[1])

LEC_CLAIMS = claims_of(
    LEC,
    {
        "conv1: $H_1": [equal(SHAPES[0][1], 32 - 5 + 1), equal(32 - 5 + 1, 28)],
        "pool: $H_2": [equal(SHAPES[2][1], 28 / 2), equal(28 / 2, 14)],
        "$H_3 = 14": [equal(SHAPES[3][1], 14 + 2 - 3 + 1), equal(14 + 2 - 3 + 1, 14)],
        "pool: $H_4": [equal(SHAPES[5][1], 14 / 2), equal(14 / 2, 7)],
        "$H_5 = 7": [equal(SHAPES[6][1], 7 - 3 + 1), equal(7 - 3 + 1, 5)],
        "$D = 64 \\cdot 1": [equal(SHAPES[8][0], 64 * 1 * 1), equal(64 * 1 * 1, 64)],
        "P_{\\text{conv1}} =": [equal(P1, 16 * 3 * 25 + 16), equal(16 * 3 * 25 + 16, 1216)],
        "P_{\\text{conv2}} =": [equal(P2, 32 * 16 * 9), equal(32 * 16 * 9, 4608)],
        "P_{\\text{conv3}} =": [equal(P3, 64 * 32 * 9 + 64), equal(64 * 32 * 9 + 64, 18496)],
        "$$P_{\\text{fc}} = 64": [equal(PFC, 64 * 10), equal(64 * 10, 640)],
        "Adding up": [
            equal(params(NET), 1216 + 4608 + 18496 + 640),
            equal(1216 + 4608 + 18496 + 640, 24960),
        ],
        "conv2 performs": [
            equal(M2, 28 * 28 * 32 * 16 * 9),
            equal(28 * 28 * 32 * 16 * 9, 3612672),
            equal(M1, 28 * 28 * 16 * 25),
            equal(28 * 28 * 16 * 25, 313600),
        ],
        "Flatten sees the full": [
            equal(D_NOPOOL, 64 * 5 * 5),
            equal(64 * 5 * 5, 1024),
            equal(params(nn.Linear(D_NOPOOL, 10)), 1600 * 10 + 10),
            equal(1600 * 10 + 10, 16010),
        ],
    },
)


# --- wiki_1x1_faltung_kanalmischung.md (German wiki page): 1 x 1 conv, W (F x C), channels
# 1-based in the text (0-based here), X as C x HW with rows the channels.

WK = "wiki_1x1_faltung_kanalmischung"


def _pw(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray) -> dict:
    """torch conv2d with a 1 x 1 kernel; x (C,H,W), w (F,C), g (F,H,W)."""
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv2d(xt[None], wt[:, :, None, None], bt)[0]
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


def _pw_rand(r: np.random.Generator) -> dict:
    return _pw(
        r.normal(size=(2, 3, 4)), r.normal(size=(3, 2)), r.normal(size=3), r.normal(size=(3, 3, 4))
    )


def _flat(a: np.ndarray) -> np.ndarray:
    return a.reshape(a.shape[0], -1)


WX = np.array([[[1, 2], [0, -1]], [[3, 0], [1, 2]]], dtype=np.float64)
WW = np.array([[1, 2], [0, -1], [2, 1]], dtype=np.float64)
WV = _pw(WX, WW, np.zeros(3), np.ones((3, 2, 2)))


def _wk(rel, seed: int) -> Truth:
    return trials(lambda r: rel(_pw_rand(r)), seed)


WK_CLAIMS = claims_of(
    WK,
    {
        "$$\\mathbf{Y} = W": [
            _wk(
                lambda v: same(
                    _flat(v["y"]), v["w"] @ _flat(v["x"]) + np.outer(v["b"], np.ones(12))
                ),
                4421,
            )
        ],
        "$$\\frac{\\partial L}{\\partial W_{o,c}}": [
            _wk(lambda v: same(v["dw"], np.einsum("oij,cij->oc", v["g"], v["x"])), 4422)
        ],
        "kompakt": [_wk(lambda v: same(v["dw"], _flat(v["x"]) @ _flat(v["g"]).T), 4423)],
        "$$\\frac{\\partial L}{\\partial X_c[i,j]}": [
            _wk(lambda v: same(v["dx"], np.einsum("oc,oij->cij", v["w"], v["g"])), 4424)
        ],
        "in Matrixform": [_wk(lambda v: same(_flat(v["dx"]), v["w"] @ _flat(v["g"])), 4425)],
        "Bei $C = 256$": [
            None,
            None,
            equal(params(nn.Conv2d(256, 64, 1)), 256 * 64 + 64),
            equal(256 * 64 + 64, 16448),
            equal(params(nn.Conv2d(256, 64, 3)), 9 * 16448),
            equal(9 * 16448, 148032),
        ],
        "Dann ist $Y_1": [single(lambda: same(WV["y"][0], WX[0] + 2 * WX[1]))],
        "$$Y_1 = \\begin": [
            single(lambda: same(WV["y"][0], [[7, 2], [2, 3]])),
            single(lambda: same(WV["y"][1], [[-3, 0], [1, -2]])),
            single(lambda: same(WV["y"][2], [[5, 4], [1, 0]])),
        ],
        "Für den Verlust": [
            None,
            single(lambda: same(_pw_grad_of_sum(), np.ones((3, 2, 2)))),
        ],
        "$$\\frac{\\partial L}{\\partial W} = \\begin": [
            single(lambda: same(WV["dw"], [[2, 6], [2, 6], [2, 6]]))
        ],
        "und an jeder Position": [
            single(lambda: same(WV["dx"][0], np.full((2, 2), 1 + 0 + 2))),
            equal(1 + 0 + 2, 3),
            single(lambda: same(WV["dx"][1], np.full((2, 2), 2 - 1 + 1))),
            equal(2 - 1 + 1, 2),
            single(lambda: same(WV["db"], np.ones(3))),
        ],
    },
)


def _pw_grad_of_sum() -> np.ndarray:
    """dL/dY for L = sum(Y), by autograd through the note's layer."""
    y = F.conv2d(t64(WX)[None], t64(WW)[:, :, None, None])[0].detach().requires_grad_(True)
    y.sum().backward()
    return y.grad.numpy()


def truth_table() -> Claims:
    from unseen_fresh44_truth_b import NOTES_B

    return {**KL_CLAIMS, **IM_CLAIMS, **LEC_CLAIMS, **WK_CLAIMS, **NOTES_B}
