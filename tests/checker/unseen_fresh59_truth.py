"""Independent truth for the fresh59 unseen set (tests/data/check/unseen/fresh59/): the notes
lecture_im2col_unfold_gemm, uebung_eingabegradient_volle_faltung,
mudawwana_tajmi_mutawassit_2x2_khalfi and forum_rezeptives_feld_3x3_stapel (the other three
live in unseen_fresh59_truth_b.py; truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or of the wrong
shape disagrees; where a note declares zeros outside a range those entries read as zero.  A
link between two written numbers is arithmetic; a size or count named on the left must equal
the true one.
"""

from __future__ import annotations

import functools
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
SET = "fresh59"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- lecture_im2col_unfold_gemm.md (English lecture notes): C = 3, H = W = 5, F = 4, k = 3,
# stride 1, no padding, 0-based; section 3 one channel, X[i,j] = 4i + j + 1 on 4 x 4, k = 2.
# torch's F.unfold is im2col: rows (c, u, v) in C-order, columns the output positions row by row.

IM = "lecture_im2col_unfold_gemm"


def unfold(x: np.ndarray, k: int, **kw: int) -> np.ndarray:
    """im2col of one (C, H, W) image: (C k^2, L)."""
    return F.unfold(t64(x)[None], k, **kw)[0].numpy()


COLS = unfold(np.zeros((3, 5, 5)), 3)


def _col_major(x: np.ndarray) -> np.ndarray:
    """The note's entry formula as written: column j H_out + i holds X[c, i+u, j+v]."""
    c_, k, h_out = x.shape[0], 3, 3
    out = np.zeros((c_ * k * k, h_out * h_out))
    for c in range(c_):
        for u in range(k):
            for v in range(k):
                for i in range(h_out):
                    for j in range(h_out):
                        out[(c * k + u) * k + v, j * h_out + i] = at(x, c, i + u, j + v)
    return out


def _gemm(r: np.random.Generator, bias: bool) -> bool:
    x, w, b = r.normal(size=(3, 5, 5)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    z = F.conv2d(t64(x)[None], t64(w), t64(b) if bias else None)[0].numpy()
    cols = unfold(x, 3)
    if not bias:  # W_row X_col, reshaped to F x H_out x W_out
        return same((w.reshape(4, 27) @ cols).reshape(4, 3, 3), z)
    mine = [
        [[b[f] + sum(w.reshape(4, 27)[f, q] * cols[q, i * 3 + j] for q in range(27))
          for j in range(3)] for i in range(3)]
        for f in range(4)
    ]  # fmt: skip
    return same(mine, z)


X16 = np.arange(1.0, 17.0).reshape(4, 4)  # X[i,j] = 4i + j + 1
U16 = unfold(X16[None], 2)
W2 = np.array([[1.0, 0], [-1, 2]])
WROW = W2.reshape(-1)
Y16 = F.conv2d(t64(X16)[None, None], t64(W2)[None, None])[0, 0].numpy()


def copies(value: float) -> int:
    """How many columns of the 4 x 4 example's unfold hold the pixel of this value."""
    return int(np.sum(np.any(np.isclose(U16, value), axis=0)))


M_IM = flops_half(
    lambda: F.conv2d(torch.zeros(1, 3, 5, 5, dtype=F64), torch.zeros(4, 3, 3, 3, dtype=F64))
)

IM_CLAIMS = claims_of(
    IM,
    {
        "The output side is": [
            equal(conv_out(5, 3), 5 - 3 + 1),
            equal(5 - 3 + 1, 3),
            None,
            equal(conv_out(5, 3) ** 2, 9),
        ],
        "The unfolded matrix therefore has": [equal(COLS.shape[0], 3 * 9), equal(3 * 9, 27)],
        "$$X_{col}[(c k + u) k + v,\\; j H_{out} + i]": [
            trials(
                lambda r: (lambda x: same(_col_major(x), unfold(x, 3)))(r.normal(size=(3, 5, 5))),
                5901,
            )
        ],
        "so the unfolded matrix holds": [
            equal(COLS.size, 3**2 * 3 * 5 * 5),
            equal(3**2 * (3 * 5 * 5), 9 * 75),
            equal(9 * 75, 675),
        ],
        "$$Y_{mat} = W_{row}": [trials(lambda r: _gemm(r, bias=False), 5902)],
        "The product costs": [
            equal(M_IM, 4 * 3**2 * conv_out(5, 3) ** 2),
            equal(4 * 3**2 * 9, 4 * 9 * 9),
            equal(4 * 9 * 9, 324),
        ],
        "With a bias, $Y[f, i, j]": [trials(lambda r: _gemm(r, bias=True), 5903)],
        "With stride $s = 2$": [
            None,
            None,
            equal(conv_out(5, 3, s=2, p=1) ** 2, (math.floor((5 - 3) / 2) + 1) ** 2),
            equal((math.floor((5 - 3) / 2) + 1) ** 2, 4),
            None,
            equal(conv_out(5, 3, s=1, p=1) ** 2, (5 + 1 - 3 + 1) ** 2),
            equal((5 + 1 - 3 + 1) ** 2, 16),
        ],
        "Small case: one channel": [
            None,
            None,
            equal(conv_out(4, 2), 4 - 2 + 1),
            equal(4 - 2 + 1, 3),
        ],
        "$$X_{col}[:, 5] =": [single(lambda: same(U16[:, 5], [7, 8, 11, 12]))],
        "and the column of position $(2, 0)$": [single(lambda: same(U16[:, 6], [9, 10, 14, 15]))],
        "$$Y[1, 2] = w_{row}": [
            single(lambda: close(Y16[1, 2], WROW @ U16[:, 5])),
            single(lambda: close(WROW @ U16[:, 5], 7 - 11 + 24)),
            equal(7 - 11 + 24, 20),
        ],
        "and in the same way $Y[2, 0]": [
            single(lambda: close(Y16[2, 0], 9 - 13 + 28)),
            equal(9 - 13 + 28, 22),
        ],
        "$$Y = \\begin{bmatrix} 8": [
            single(lambda: same(Y16, [[8, 10, 12], [16, 18, 20], [24, 26, 28]]))
        ],
        # the values 1..16 are distinct: a pixel's copies are the entries of unfold equal to it
        "Counting how often a pixel is copied": [
            equal(copies(X16[1, 1]), 4),
            equal(copies(X16[0, 0]), 1),
            equal(copies(X16[0, 1]), 3),
        ],
    },
)


# --- uebung_eingabegradient_volle_faltung.md (German exercise solution): one channel, k = 3,
# stride 1, padding 1 on 4 x 4, 0-based, X and G zero outside their grids (declared).

UE = "uebung_eingabegradient_volle_faltung"


def _ue(r: np.random.Generator, h: int = 4, k: int = 3, p: int = 1) -> dict:
    """torch conv2d (padding p) on a random h x h input and the gradients of sum(Y * G)."""
    x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
    m = h + 2 * p - k + 1
    g = r.normal(size=(m, m))
    v = conv(x[None, None], w[None, None], None, g[None, None], padding=p)
    return {"x": x, "w": w, "g": g, "z": v["z"][0, 0], "dx": v["dx"][0, 0], "dw": v["dw"][0, 0]}


def _ue_t(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_ue(r)), seed)


def _y_sum(v: dict) -> np.ndarray:
    x, w = v["x"], v["w"]
    return np.array(
        [[sum(w[u, vv] * zat(x, i + u - 1, j + vv - 1) for u in range(3) for vv in range(3))
          for j in range(4)] for i in range(4)]
    )  # fmt: skip


def _dx_sum(v: dict) -> np.ndarray:
    g, w = v["g"], v["w"]
    return np.array(
        [[sum(zat(g, p - u + 1, q - vv + 1) * w[u, vv] for u in range(3) for vv in range(3))
          for q in range(4)] for p in range(4)]
    )  # fmt: skip


def _general_pad(h: int, k: int, p: int, seed: int) -> bool:
    """The note's general form pad_{k-1+p}(G) star rot180(W) against torch at padding p."""
    v = _ue(np.random.default_rng(seed), h, k, p)
    return same(v["dx"], corr(pad(v["g"], k - 1 + p), rot180(v["w"])))


UW = np.array([[1.0, 2, 0], [0, 1, -1], [3, 0, 1]])
UG = np.array([[1.0, 0, 0, 2], [0, 1, 0, 0], [0, 0, -1, 0], [1, 0, 0, 1]])
# dL/dX does not depend on X: any input will do
UDX = conv(np.random.default_rng(5910).normal(size=(1, 1, 4, 4)), UW[None, None], None,
           UG[None, None], padding=1)["dx"][0, 0]  # fmt: skip
_CORNER = UG[0, 0] * UW[1, 1] + UG[0, 1] * UW[1, 0] + UG[1, 0] * UW[0, 1] + UG[1, 1] * UW[0, 0]
_EDGE = UG[3, 0] * UW[1, 2] + UG[2, 2] * UW[2, 0]
_INNER = sum(at(UG, 1 + u, v) * UW[u, v] for u in range(3) for v in range(3))

UE_CLAIMS = claims_of(
    UE,
    {
        "Gegeben ist eine Faltungsschicht": [None, None],
        "**a) Größen.**": [equal(conv_out(4, 3, p=1), 4 + 2 * 1 - 3 + 1), equal(4 + 2 - 3 + 1, 4)],
        "Vorwärts: $Y =": [_ue_t(lambda v: same(v["z"], corr(pad(v["x"], 1), v["w"])), 5911)],
        "$$Y[i,j] = \\sum_{u=0}^{2}": [_ue_t(lambda v: same(v["z"], _y_sum(v)), 5912)],
        "mit $X = 0$ außerhalb": [None],
        "**b) Eingabegradient.**": [None],
        "\\partial X[p,q]} = \\sum_{u=0}^{2}": [_ue_t(lambda v: same(v["dx"], _dx_sum(v)), 5913)],
        "\\operatorname{crop}_1": [
            _ue_t(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))[1:-1, 1:-1]), 5914)
        ],
        "Die volle Faltung allein": [equal(8 - 3 + 1, 6)],
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G)": [
            _ue_t(lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["w"]))), 5915)
        ],
        # judged where there is padding (p >= 1); at p = 0 both forms coincide
        "Allgemein (Stride 1": [
            grid(lambda h, k, p: _general_pad(h, k, p, 5916 + h), [(4, 3, 1), (7, 5, 1), (8, 5, 2)])
        ],
        "Zum Vergleich ohne Padding": [
            None,
            trials(
                lambda r: (lambda v: close(v["dx"][0, 0], v["g"][0, 0] * v["w"][2, 2]))(
                    _ue(r, p=0)
                ),
                5918,
            ),
        ],
        "Der Gewichtsgradient zum Vergleich": [
            _ue_t(lambda v: same(v["dw"], corr(pad(v["x"], 1), v["g"])), 5917)
        ],
        "$$W = \\begin{bmatrix}": [None, None],
        "Die Ecke oben links": [
            single(lambda: close(UDX[0, 0], _CORNER)),
            single(lambda: close(_CORNER, 1 + 0 + 0 + 1)),
            equal(1 + 0 + 0 + 1, 2),
        ],
        "Ein Randpunkt": [
            single(lambda: close(UDX[3, 1], _EDGE)),
            single(lambda: close(_EDGE, -1 - 3)),
            equal(-1 - 3, -4),
        ],
        "Im Inneren legt man": [
            single(lambda: close(UDX[2, 1], _INNER)),
            single(lambda: close(_INNER, 2 + 1 + 3)),
            equal(2 + 1 + 3, 6),
        ],
        "\\partial X} = \\begin{bmatrix} 2 & 1": [
            single(lambda: same(UDX, [[2, 1, 0, 2], [0, 1, 3, 0], [3, 0, 1, 3], [1, -4, 0, 0]]))
        ],
        "Probe mit": [single(lambda: close(UDX.sum(), 14))],
    },
)


# --- mudawwana_tajmi_mutawassit_2x2_khalfi.md (Arabic blog post): nn.AvgPool2d(2) on the
# note's 4 x 4 X, G given, 0-based; section 4 stride 1 on 3 x 3 and global pooling on 7 x 7.

MU = "mudawwana_tajmi_mutawassit_2x2_khalfi"


def _avg(x: np.ndarray, g: np.ndarray, k: int = 2, s: int = 2) -> dict:
    xt = t64(x, True)
    y = F.avg_pool2d(xt[None, None], k, s)[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy()}


def _avg_t(rel: Callable[[dict], bool], seed: int, side: int = 4, s: int = 2) -> Truth:
    m = (side - 2) // s + 1
    return trials(
        lambda r: rel(_avg(r.normal(size=(side, side)), r.normal(size=(m, m)), 2, s)), seed
    )


def _global(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(7, 7)), float(r.normal())
    xt = t64(x, True)
    (F.adaptive_avg_pool2d(xt[None, None], 1).sum() * g).backward()
    return same(xt.grad.numpy(), np.full((7, 7), g / 49))


MX = np.array([[2.0, 4, 1, 3], [6, 0, 5, 7], [1, 1, 8, 2], [3, -1, 0, 4]])
MG = np.array([[4.0, -8], [2, 12]])
MV = _avg(MX, MG)
R2 = range(2)


def _max_dx() -> np.ndarray:
    """torch max_pool2d(2) on the note's X (no ties) and the gradient of sum(Y * G)."""
    xt = t64(MX, True)
    (F.max_pool2d(xt[None, None], 2, 2)[0, 0] * t64(MG)).sum().backward()
    return xt.grad.numpy()


MAXDX = _max_dx()

MU_CLAIMS = claims_of(
    MU,
    {
        "الطبقة هي": [None],
        "$$X = \\begin{bmatrix} 2 & 4": [None],
        "حجم المخرج هو": [equal(MV["y"].shape[0], (4 - 2) / 2 + 1), equal((4 - 2) / 2 + 1, 2)],
        "$$Y[i,j] = \\frac{1}{4}": [
            _avg_t(
                lambda v: same(
                    v["y"],
                    [
                        [
                            sum(at(v["x"], 2 * i + a, 2 * j + b) for a in R2 for b in R2) / 4
                            for j in R2
                        ]
                        for i in R2
                    ],
                ),
                5921,
            )
        ],
        "مثلًا $Y[0,0]": [
            single(lambda: close(MV["y"][0, 0], (2 + 4 + 6 + 0) / 4)),
            equal((2 + 4 + 6 + 0) / 4, 3),
            single(lambda: close(MV["y"][1, 1], (8 + 2 + 0 + 4) / 4)),
            equal((8 + 2 + 0 + 4) / 4, 3.5),
            single(lambda: close(MV["y"][1, 0], (1 + 1 + 3 - 1) / 4)),
            equal((1 + 1 + 3 - 1) / 4, 1.5),
        ],
        "$$G = \\frac{\\partial L}{\\partial Y}": [None, None],
        "G\\!\\left[\\lfloor p/2": [
            _avg_t(
                lambda v: same(
                    v["dx"], [[v["g"][p // 2, q // 2] / 4 for q in range(4)] for p in range(4)]
                ),
                5922,
            )
        ],
        "مثال:": [
            single(lambda: close(MV["dx"][2, 3], MG[1, 1] / 4)),
            single(lambda: close(MG[1, 1] / 4, 3)),
            single(lambda: close(MV["dx"][1, 2], MG[0, 1])),
            single(lambda: close(MG[0, 1], -8)),
        ],
        "\\partial X} = \\begin{bmatrix} 1 & 1": [
            single(
                lambda: same(
                    MV["dx"],
                    [[1, 1, -2, -2], [1, 1, -2, 2], [0.5, 0.5, 3, 3], [0.5, 0.5, 3, 3]],
                )
            )
        ],
        "أي بصيغة جداء كرونيكر": [
            _avg_t(lambda v: same(v["dx"], np.kron(v["g"], np.ones((2, 2)) / 4)), 5923),
            single(lambda: close(MV["dx"].sum(), MG.sum())),
            single(lambda: close(MG.sum(), 10)),
        ],
        "**نوافذ متداخلة.**": [
            None,
            _avg_t(lambda v: close(v["dx"][1, 1], v["g"].sum() / 4), 5924, side=3, s=1),
            _avg_t(
                lambda v: close(v["dx"][0, 1], (v["g"][0, 0] + v["g"][0, 1] + v["g"][1, 1]) / 4),
                5925,
                side=3,
                s=1,
            ),
        ],
        "**مقارنة بالتجميع الأعظمي.**": [
            single(lambda: close(MAXDX[1, 0], MG[0, 0])),
            single(lambda: close(MG[0, 0], 4)),
            single(lambda: close(MAXDX[2, 2], MG[1, 1] / 4)),
            single(lambda: close(MG[1, 1] / 4, 3)),
        ],
        "**التجميع المتوسط الشامل.**": [trials(_global, 5926)],
    },
)


# --- forum_rezeptives_feld_3x3_stapel.md (German forum answer): receptive fields per axis.  The
# receptive field of an output is the extent of the inputs its gradient reaches; with all-ones
# kernels nothing cancels.  Max pooling has the window of average pooling (which output depends
# on which inputs), so pools are average pools here.

FO = "forum_rezeptives_feld_3x3_stapel"
Layer = tuple[str, int, int, int]  # ("c" conv or "p" pool, kernel, stride, dilation)


def c3(d: int = 1) -> Layer:
    return ("c", 3, 1, d)


P2: Layer = ("p", 2, 2, 1)


@functools.cache
def rf(layers: tuple[Layer, ...], n: int = 101) -> tuple[int, int]:
    """(receptive field, jump) of a 1-D stack: the extent of the input gradient of the middle
    output, and the shift of that extent from one output to the next."""
    x = torch.zeros(1, 1, n, dtype=F64, requires_grad=True)
    h = x
    for kind, k, s, d in layers:
        if kind == "c":
            h = F.conv1d(h, torch.ones(1, 1, k, dtype=F64), stride=s, dilation=d)
        else:
            h = F.avg_pool1d(h, k, s)
    m = h.shape[-1] // 2

    def support(idx: int) -> tuple[int, int]:
        (g,) = torch.autograd.grad(h[0, 0, idx], x, retain_graph=True)
        nz = np.nonzero(g[0, 0].numpy())[0]
        return int(nz[0]), int(nz[-1])

    a0, b0 = support(m)
    a1, _ = support(m + 1)
    return b0 - a0 + 1, a1 - a0


def recursion(layers: tuple[Layer, ...]) -> tuple[int, int]:
    """The note's r_l = r_{l-1} + (k_l - 1) j_{l-1}, j_l = j_{l-1} s_l from r_0 = j_0 = 1."""
    r, j = 1, 1
    for _, k, s, _ in layers:
        r, j = r + (k - 1) * j, j * s
    return r, j


STACKS = [
    (c3(),),
    (c3(), c3()),
    (c3(), P2, c3()),
    (("c", 5, 2, 1), c3()),
    (c3(), ("p", 3, 2, 1), ("c", 5, 1, 1), P2),
]
VGG = (c3(), c3(), P2, c3(), c3(), P2)
RESNET: tuple[Layer, ...] = (("c", 7, 2, 1), ("p", 3, 2, 1))


def _three_convs(c: int) -> int:
    return sum(p.numel() for _ in range(3) for p in nn.Conv2d(c, c, 3, bias=False).parameters())


FO_CLAIMS = claims_of(
    FO,
    {
        "Man führt pro Schicht": [None, None],
        "$$r_l = r_{l-1}": [
            grid(lambda s: rf(s)[0] == recursion(s)[0], [(s,) for s in STACKS]),
            grid(lambda s: rf(s)[1] == recursion(s)[1], [(s,) for s in STACKS]),
        ],
        "Drei $3 \\times 3$-Faltungen mit Stride 1": [
            equal(rf((c3(),) * 3)[0], 1 + 3 * (3 - 1)),
            equal(1 + 3 * (3 - 1), 7),
            grid(lambda n: rf((c3(),) * n)[0] == 2 * n + 1, [(n,) for n in range(1, 6)]),
        ],
        "Dasselbe Feld wie": [
            grid(lambda c: _three_convs(c) == 27 * c * c, [(1,), (8,), (64,)]),
            None,
            equal(27 * 4096, 110592),
            equal(49 * 4096, 200704),
        ],
        "- nach der ersten Faltung": [equal(rf((c3(),))[0], 3)],
        "- nach dem Pooling": [
            equal(rf((c3(), P2))[0], 3 + (2 - 1) * 1),
            equal(3 + (2 - 1) * 1, 4),
            equal(rf((c3(), P2))[1], 2),
        ],
        "- nach der zweiten Faltung": [
            equal(rf((c3(), P2, c3()))[0], 4 + (3 - 1) * 1),
            equal(4 + (3 - 1) * 1, 6),
        ],
        "Ein ganzer VGG-Block-Stapel": [
            single(lambda: [rf(VGG[: i + 1])[0] for i in range(6)] == [3, 5, 6, 10, 14, 16]),
            equal(rf(VGG)[1], 4),
            equal(rf((*VGG, c3()))[0], 16 + 2 * 2),
            equal(16 + 2 * 2, 20),
        ],
        "Beginnt das Netz wie ResNet": [
            equal(rf(RESNET)[0], 7 + (3 - 1) * 1),
            equal(7 + (3 - 1) * 1, 9),
            equal(rf(RESNET)[1], 4),
        ],
        "Mit Dilatation $d$": [
            grid(
                lambda k, d: rf((("c", k, 1, d),))[0] == d * (k - 1) + 1,
                [(k, d) for k in (2, 3, 5) for d in (1, 2, 3)],
            ),
            None,
            equal(rf((c3(2), c3(2)))[0], 1 + 2 * 4),
            equal(1 + 2 * 4, 9),
            equal(rf((c3(2),) * 3)[0], 1 + 3 * 5),
            equal(1 + 3 * 5, 16),
        ],
        "Und noch zur Faustregel": [
            grid(lambda n: rf((c3(), P2) * n)[0] == 2 ** (n + 1) + 1, [(n,) for n in range(1, 5)]),
            None,
            equal(rf((c3(), P2) * 2)[0], 2**3 + 1),
            equal(2**3 + 1, 9),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh59_truth_b import NOTES_B

    return {**IM_CLAIMS, **UE_CLAIMS, **MU_CLAIMS, **FO_CLAIMS, **NOTES_B}
