"""Independent truth for three notes of the fresh51 unseen set: zgloszenie_github_padding_same_
dylatacja, lecture_conv_backward_general_formulas_indices and bang_tom_tat_kich_thuoc_conv1d_conv3d
(NOTES_B, merged by unseen_fresh51_truth.truth_table).  Same conventions as that module: NumPy /
torch (float64), no symconv; general formulas on grids of sizes, counts against torch modules.
"""

from __future__ import annotations

import functools
import math
import warnings
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
    rng,
    rot180,
    same,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh51"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- zgloszenie_github_padding_same_dylatacja.md (Polish GitHub issue): nn.Conv2d(16, 32, 3,
# padding='same', dilation=2) on 50 x 50; TF 'same' with stride 2.


ISSUE = "zgloszenie_github_padding_same_dylatacja"


def span(k: int, d: int) -> int:
    """Input rows one output of a 1-D dilated conv reads (nonzero gradient, all-ones kernel)."""
    x = torch.zeros(1, 1, 4 * k * d, dtype=F64, requires_grad=True)
    y = F.conv1d(x, torch.ones(1, 1, k, dtype=F64), dilation=d)
    y[0, 0, 0].backward()
    nz = np.nonzero(x.grad.numpy()[0, 0])[0]
    return int(nz[-1] - nz[0] + 1)


def same_pads(k: int, d: int, h: int = 11) -> tuple[int, int]:
    """(left, right) zero padding that reproduces torch's padding='same' (searched: the explicit
    F.pad whose valid conv gives the same output on a random input)."""
    r = rng(5140 + k + 10 * d)
    x, w = (
        torch.tensor(r.normal(size=(1, 1, h)), dtype=F64),
        torch.tensor(r.normal(size=(1, 1, k)), dtype=F64),
    )
    with warnings.catch_warnings():  # torch warns that an even kernel may need a copy
        warnings.simplefilter("ignore", UserWarning)
        ref = F.conv1d(x, w, padding="same", dilation=d)
    found = [
        (a, b)
        for a in range(d * k + 1)
        for b in range(d * k + 1)
        if F.conv1d(F.pad(x, (a, b)), w, dilation=d).shape == ref.shape
        and torch.allclose(F.conv1d(F.pad(x, (a, b)), w, dilation=d), ref)
    ]
    assert len(found) == 1, found
    return found[0]


def tf_same(h: int, k_eff: int, s: int) -> tuple[int, int, int]:
    """TensorFlow's 'same' in the form of its documentation (pad_along = max(k - s, 0) when s
    divides h, else max(k - h % s, 0); the extra row at the bottom): (out, top, bottom), the out
    measured by torch on the padded input."""
    total = max(k_eff - s, 0) if h % s == 0 else max(k_eff - h % s, 0)
    top = total // 2
    y = F.conv1d(
        F.pad(torch.zeros(1, 1, h, dtype=F64), (top, total - top)),
        torch.zeros(1, 1, k_eff, dtype=F64),
        stride=s,
    )
    return int(y.shape[-1]), top, total - top


def rf(dilations: list[int], k: int = 3) -> int:
    """Receptive field of a stack of 1-D convs (kernel k, the given dilations): the span of the
    input gradient of one output."""
    n = 1 + sum(d * (k - 1) for d in dilations) + 8
    x = torch.zeros(1, 1, 3 * n, dtype=F64, requires_grad=True)
    h = x
    for d in dilations:
        h = F.conv1d(h, torch.ones(1, 1, k, dtype=F64), dilation=d)
    h[0, 0, h.shape[-1] // 2].backward()
    nz = np.nonzero(x.grad.numpy()[0, 0])[0]
    return int(nz[-1] - nz[0] + 1)


_SIZE_GRID = [
    (h, k, s, p, d)
    for h in (9, 50)
    for k in (2, 3)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    for d in (1, 2)
    if h + 2 * p >= d * (k - 1) + 1
]
_TF_GRID = [(h, k, s) for h in (7, 8, 9, 50) for k in (1, 3, 5) for s in (1, 2, 3)]
P_ISSUE = params(nn.Conv2d(16, 32, 3, dilation=2))
TF_OUT, TF_TOP, TF_BOTTOM = tf_same(50, 5, 2)

ISSUE_CLAIMS = claims_of(
    ISSUE,
    {
        "Czyli wejście $H = W = 50$": [None] * 5,
        "$$K_{eff} = D (K - 1) + 1": [
            equal(span(3, 2), 2 * (3 - 1) + 1),
            equal(2 * (3 - 1) + 1, 2 * 2 + 1),
            equal(2 * 2 + 1, 5),
        ],
        "więc łącznie trzeba dokleić": [
            equal(sum(same_pads(3, 2)), 2 * (3 - 1)),
            equal(2 * (3 - 1), 4),
        ],
        "+ 2P - D(K-1) - 1}{S} \\right\\rfloor + 1 = 50$$": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                _SIZE_GRID,
            ),
            equal(conv_out(50, 3, 1, 2, 2), 50),
        ],
        "Przy okazji: wag jest tyle": [
            equal(P_ISSUE, 32 * 16 * 25 + 32),
            equal(32 * 16 * 25 + 32, 12832),
        ],
        "A dlaczego nie `padding=1`?": [
            equal(conv_out(50, 3, 1, 1, 2), 50 + 2 * 1 - 2 - 1 + 1),
            equal(50 + 2 * 1 - 2 - 1 + 1, 50),
        ],
        "Bo to działa tylko dla": [
            None,
            None,
            None,
            equal(sum(same_pads(4, 1)), 3),
            equal(same_pads(4, 1)[0], math.ceil(3 / 2)),
            equal(math.ceil(3 / 2), 2),
            equal(same_pads(4, 1)[1], 1),
        ],
        "W TensorFlow jest jeszcze krok": [
            grid(lambda h, k, s: tf_same(h, k, s)[0] == math.ceil(h / s), _TF_GRID),
            equal(math.ceil(50 / 2), 25),
        ],
        "$$P_{tot} = \\max\\big(": [
            grid(
                lambda h, k, s: (
                    sum(tf_same(h, k, s)[1:]) == max((math.ceil(h / s) - 1) * s + k - h, 0)
                ),
                _TF_GRID,
            ),
            equal(max((25 - 1) * 2 + 5 - 50, 0), 3),
        ],
        "Jeszcze jedna uwaga do bloku": [
            None,
            equal(rf([2, 2]), 1 + 4 + 4),
            equal(1 + 4 + 4, 9),
            equal(rf([1, 2, 4]), 1 + 1 + 2 + 4),
            equal(1 + 1 + 2 + 4, 8),
        ],
    },
)


# --- lecture_conv_backward_general_formulas_indices.md (English lecture notes): 0-based, C, F, K,
# S, P, D symbolic; X~ = pad_P(X), G = dL/dY; checked on a grid of (H, W, K, S, P, D) with C = 2,
# F = 3 and random X, W, b, G.

LEC = "lecture_conv_backward_general_formulas_indices"
LC, LF = 2, 3
LEC_GRID = [(7, 8, 3, 1, 1, 2), (9, 7, 3, 2, 1, 2), (8, 9, 2, 2, 0, 3), (10, 9, 3, 3, 2, 1)]
LEC_GRID_S1 = [(7, 8, 3, 1, 1, 2), (6, 6, 2, 1, 0, 3), (8, 7, 3, 1, 2, 1)]


def _lec_make(r: np.random.Generator, size: tuple[int, ...]) -> dict:
    """torch conv2d on the padded input (padding done by hand, so the gradient of X~ is torch's)."""
    h, w_, k, s, p, d = size
    x, wt, b = r.normal(size=(LC, h, w_)), r.normal(size=(LF, LC, k, k)), r.normal(size=LF)
    xp = np.pad(x, ((0, 0), (p, p), (p, p)))
    ho, wo = conv_out(h + 2 * p, k, s, 0, d), int((w_ + 2 * p - d * (k - 1) - 1) // s + 1)
    g = r.normal(size=(LF, ho, wo))
    v = conv(xp[None], wt, b, g[None], stride=s, dilation=d)
    full = conv(x[None], wt, b, g[None], stride=s, padding=p, dilation=d)
    return {
        "x": x, "xp": xp, "w": wt, "g": g, "z": v["z"][0], "dxp": v["dx"][0], "dw": v["dw"],
        "b": b, "db": v["db"], "dx": full["dx"][0], "ho": ho, "wo": wo, "size": size,
    }  # fmt: skip


def _lec(rel: Callable[[dict], bool], seed: int, sizes: list[tuple[int, ...]] = LEC_GRID) -> Truth:
    """One bool per size of the grid (each on a fresh random draw)."""
    return lambda: [bool(rel(_lec_make(rng(seed + n), sz))) for n, sz in enumerate(sizes)]


def _lec_forward(v: dict) -> np.ndarray:
    _, _, k, s, _, d = v["size"]
    xp, w = v["xp"], v["w"]
    return np.array(
        [
            [
                [
                    sum(
                        w[f, c, u, q] * xp[c, s * i + d * u, s * j + d * q]
                        for c in range(LC)
                        for u in range(k)
                        for q in range(k)
                    )
                    for j in range(v["wo"])
                ]
                for i in range(v["ho"])
            ]
            for f in range(LF)
        ]
    )


def _lec_dw(v: dict) -> np.ndarray:
    _, _, k, s, _, d = v["size"]
    xp, g = v["xp"], v["g"]
    return np.array(
        [
            [
                [
                    [
                        sum(
                            g[f, i, j] * xp[c, s * i + d * u, s * j + d * q]
                            for i in range(v["ho"])
                            for j in range(v["wo"])
                        )
                        for q in range(k)
                    ]
                    for u in range(k)
                ]
                for c in range(LC)
            ]
            for f in range(LF)
        ]
    )


def _g_at(v: dict, f: int, a: int, b: int, s: int) -> float:
    """G[f, a/S, b/S] when both are integers inside the output, else no term (declared)."""
    if a % s or b % s:
        return 0.0
    i, j = a // s, b // s
    return float(v["g"][f, i, j]) if 0 <= i < v["ho"] and 0 <= j < v["wo"] else 0.0


def _lec_dx(v: dict, padded: bool, sign: int = -1) -> np.ndarray:
    """The note's input-gradient sum: rows (r - D u)/S on the padded grid, or on the unpadded
    grid with the offset p - P + sign * D u (sign = +1 is line 43's form)."""
    h, w_, k, s, p, d = v["size"]
    rows, cols = (h + 2 * p, w_ + 2 * p) if padded else (h, w_)
    off = 0 if padded else -p
    return np.array(
        [
            [
                [
                    sum(
                        _g_at(v, f, a + off + sign * d * u, b + off + sign * d * q, s)
                        * v["w"][f, c, u, q]
                        for f in range(LF)
                        for u in range(k)
                        for q in range(k)
                    )
                    for b in range(cols)
                ]
                for a in range(rows)
            ]
            for c in range(LC)
        ]
    )


def _dil_kernel(w: np.ndarray, d: int) -> np.ndarray:
    k = w.shape[0]
    out = np.zeros((d * (k - 1) + 1,) * 2)
    out[::d, ::d] = w
    return out


def _lec_s1(v: dict, flip: bool) -> np.ndarray:
    _, _, k, _, _, d = v["size"]
    return np.array(
        [
            sum(
                corr(
                    pad(v["g"][f], d * (k - 1)),
                    rot180(_dil_kernel(v["w"][f, c], d)) if flip else _dil_kernel(v["w"][f, c], d),
                )
                for f in range(LF)
            )
            for c in range(LC)
        ]
    )


def _terms_per_row(h: int, k: int = 3, s: int = 2) -> list[int]:
    """Terms each padded row of a 1-D stride-s conv receives: the input gradient with an all-ones
    kernel and an all-ones upstream gradient; interior rows k-1 .. s(H_out-1)."""
    x = torch.zeros(1, 1, h, dtype=F64, requires_grad=True)
    F.conv1d(x, torch.ones(1, 1, k, dtype=F64), stride=s).sum().backward()
    ho = conv_out(h, k, s)
    return [int(t) for t in x.grad.numpy()[0, 0][k - 1 : s * (ho - 1) + 1]]


LEC_MACS = flops_half(
    lambda: F.conv2d(
        torch.zeros(1, 4, 32, 32, dtype=F64),
        torch.zeros(8, 4, 3, 3, dtype=F64),
        stride=2,
        padding=1,
        dilation=2,
    )
)
LEC_HO = conv_out(32, 3, 2, 1, 2)
_GRID6 = [
    (h, w, k, s, p, d)
    for h, w in ((7, 9), (12, 10))
    for k in (1, 3)
    for s in (1, 2)
    for p in (0, 1, 2)
    for d in (1, 2, 3)
    if min(h, w) + 2 * p >= d * (k - 1) + 1
]


@functools.cache
def _hw_out(h: int, w: int, k: int, s: int, p: int, d: int) -> tuple[int, int]:
    z = F.conv2d(
        torch.zeros(1, 1, h, w, dtype=F64),
        torch.zeros(1, 1, k, k, dtype=F64),
        stride=s,
        padding=p,
        dilation=d,
    )
    return int(z.shape[-2]), int(z.shape[-1])


LEC_CLAIMS = claims_of(
    LEC,
    {
        "*Typed from the board": [None, None],
        "W[f,c,u,v]\\; \\tilde X[c,\\, S i + D u,\\, S j + D v]$$": [
            _lec(lambda v: same(v["z"], _lec_forward(v) + v["b"][:, None, None]), 5150)
        ],
        "$$H_{out} = \\left\\lfloor \\frac{H + 2P": [
            grid(
                lambda h, w, k, s, p, d: (
                    _hw_out(h, w, k, s, p, d)[0] == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                _GRID6,
            ),
            grid(
                lambda h, w, k, s, p, d: (
                    _hw_out(h, w, k, s, p, d)[1] == (w + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                _GRID6,
            ),
        ],
        "$$S(H_{out} - 1) + D(K - 1) \\le": [
            grid(
                lambda h, w, k, s, p, d: (
                    s * (_hw_out(h, w, k, s, p, d)[0] - 1) + d * (k - 1) <= h + 2 * p - 1
                ),
                _GRID6,
            )
        ],
        "\\sum_{j=0}^{W_{out}-1} G[f,i,j]$$": [
            _lec(lambda v: same(v["db"], v["g"].sum(axis=(1, 2))), 5151)
        ],
        "G[f,i,j]\\; \\tilde X[c,\\, S i": [_lec(lambda v: same(v["dw"], _lec_dw(v)), 5152)],
        "so the sum for one weight always has": [
            _lec(lambda v: v["z"].shape[1] * v["z"].shape[2] == v["ho"] * v["wo"], 5153)
        ],
        "A padded input value": [None, None],
        "\\frac{r - D u}{S},\\, \\frac{s - D v}{S}": [
            _lec(lambda v: same(v["dxp"], _lec_dx(v, True)), 5154)
        ],
        "\\tilde X[c,\\, p + P,\\, q + P]}$$": [
            _lec(
                lambda v: same(
                    v["dx"],
                    v["dxp"][
                        :,
                        v["size"][4] : v["size"][4] + v["size"][0],
                        v["size"][4] : v["size"][4] + v["size"][1],
                    ],
                ),
                5155,
            )
        ],
        "\\frac{p - P + D u}{S}": [_lec(lambda v: same(v["dx"], _lec_dx(v, False, sign=1)), 5156)],
        "For $S = 1$ the terms form": [None],
        "\\operatorname{rot}_{180}\\big(\\operatorname{dil}_D": [
            _lec(lambda v: same(v["dxp"], _lec_s1(v, flip=True)), 5157, LEC_GRID_S1)
        ],
        "puts $D - 1$ zeros": [
            _lec(lambda v: same(v["dxp"], _lec_s1(v, flip=False)), 5158, LEC_GRID_S1)
        ],
        "With $S = 2$ not every": [
            None,
            None,
            None,
            grid(
                lambda h: all(t == math.ceil(3 / 2) for t in _terms_per_row(h)),
                [(9,), (11,), (14,)],
            ),
            equal(math.ceil(3 / 2), 2),
        ],
        "$C = 4$, $F = 8$": [None] * 6,
        "$$H_{out} = \\left\\lfloor \\frac{32": [
            equal(LEC_HO, (32 + 2 - 4 - 1) // 2 + 1),
            equal((32 + 2 - 4 - 1) // 2 + 1, 16),
        ],
        "The weight gradient has $F C K^2": [
            equal(nn.Conv2d(4, 8, 3).weight.numel(), 8 * 4 * 9),
            equal(8 * 4 * 9, 256),
            equal(LEC_MACS, 8 * 4 * 9 * 16**2),
            equal(8 * 4 * 9 * 16**2, 73728),
        ],
    },
)


# --- bang_tom_tat_kich_thuoc_conv1d_conv3d.md (Vietnamese cheat sheet): PyTorch Conv1d, Conv3d,
# ConvTranspose1d with their default biases; N_p = parameter count, P = padding.

SHEET = "bang_tom_tat_kich_thuoc_conv1d_conv3d"


def c1len(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    y = F.conv1d(
        torch.zeros(1, 1, n, dtype=F64),
        torch.zeros(1, 1, k, dtype=F64),
        stride=s,
        padding=p,
        dilation=d,
    )
    return int(y.shape[-1])


def c3shape(
    t: int, h: int, k: tuple[int, ...], s: tuple[int, ...], p: tuple[int, ...]
) -> tuple[int, ...]:
    y = F.conv3d(
        torch.zeros(1, 1, t, h, h, dtype=F64), torch.zeros(1, 1, *k, dtype=F64), stride=s, padding=p
    )
    return tuple(int(n) for n in y.shape[2:])


_C3_GRID = [
    (t, k, s, p, d)
    for t in (8, 11)
    for k in (1, 3)
    for s in (1, 2)
    for p in (0, 1)
    for d in (1, 2)
    if t + 2 * p >= d * (k - 1) + 1
]


def _c3_size(t: int, k: int, s: int, p: int, d: int) -> int:
    y = F.conv3d(torch.zeros(1, 1, t, 5, 5, dtype=F64), torch.zeros(1, 1, k, 1, 1, dtype=F64),
                 stride=(s, 1, 1), padding=(p, 0, 0), dilation=(d, 1, 1))  # fmt: skip
    return int(y.shape[2])


def _np_formula(module: nn.Module) -> int:
    cout, cin = module.out_channels, module.in_channels
    return cout * cin * math.prod(module.kernel_size) + cout


_NP_MODULES = [
    lambda: nn.Conv1d(3, 5, 4),
    lambda: nn.Conv1d(16, 8, 1),
    lambda: nn.Conv3d(2, 6, (3, 1, 5)),
    lambda: nn.Conv3d(4, 4, 3, stride=2, padding=1),
    lambda: nn.Conv2d(3, 7, (2, 3)),
]
SHEET_MACS = flops_half(
    lambda: F.conv3d(
        torch.zeros(1, 64, 16, 56, 56, device="meta", dtype=F64),
        torch.zeros(64, 64, 3, 3, 3, device="meta", dtype=F64),
        padding=1,
    )
)
T_LEN = int(
    F.conv_transpose1d(
        torch.zeros(1, 1, 50, dtype=F64), torch.zeros(1, 1, 4, dtype=F64), stride=2, padding=1
    ).shape[-1]
)
R3D = c3shape(16, 112, (3, 7, 7), (1, 2, 2), (1, 3, 3))

SHEET_CLAIMS = claims_of(
    SHEET,
    {
        "$$L_{out} = \\left\\lfloor \\frac{L + 2P": [
            grid(
                lambda t, k, s, p, d: (
                    c1len(t, k, s, p, d)
                    == _c3_size(t, k, s, p, d)
                    == (t + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                _C3_GRID,
            )
        ],
        "Số tham số: $N_p": [
            grid(lambda make: params(make()) == _np_formula(make()), [(m,) for m in _NP_MODULES])
        ],
        "`nn.Conv1d(64, 128, kernel_size=5": [
            None,
            equal(c1len(100, 5, 2, 2), (100 + 4 - 5) // 2 + 1),
            equal((100 + 4 - 5) // 2 + 1, 50),
        ],
        "`nn.Conv1d(32, 32, kernel_size=3, dilation=4)`": [
            None,
            equal(c1len(100, 3, 1, 0, 4), 100 - 4 * 3),
            equal(100 - 4 * 3, 88),
        ],
        "`nn.Conv1d(128, 256, kernel_size=3, bias=False)`": [
            equal(params(nn.Conv1d(128, 256, 3, bias=False)), 256 * 128 * 3 + 256),
            equal(256 * 128 * 3 + 256, 98560),
        ],
        "`nn.ConvTranspose1d(128": [
            None,
            equal(T_LEN, (50 - 1) * 2 - 2 + 4),
            equal((50 - 1) * 2 - 2 + 4, 100),
            equal(params(nn.ConvTranspose1d(128, 64, 4, stride=2, padding=1)), 128 * 64 * 4 + 128),
            equal(128 * 64 * 4 + 128, 32896),
        ],
        "\\frac{112 + 6 - 7}{2}": [
            equal(R3D[1], (112 + 6 - 7) // 2 + 1),
            equal((112 + 6 - 7) // 2 + 1, 56),
            equal(
                params(nn.Conv3d(3, 64, (3, 7, 7), stride=(1, 2, 2), padding=(1, 3, 3))),
                64 * 3 * 7 * 7 + 64,
            ),
            equal(64 * 3 * 7 * 7 + 64, 9472),
        ],
        "Nếu bỏ đệm thời gian": [
            equal(c3shape(16, 112, (3, 7, 7), (1, 2, 2), (0, 3, 3))[0], 16 - 3),
            equal(16 - 3, 13),
        ],
        "`nn.Conv3d(64, 64, kernel_size=3, padding=1)` (": [
            equal(SHEET_MACS, 16 * 56**2 * 64 * 64 * 9),
            equal(16 * 56**2 * 64 * 64 * 9, 1849688064),
        ],
        "`nn.Conv3d(64, 128, kernel_size=3, stride=2": [
            equal(c3shape(16, 56, (3, 3, 3), (2, 2, 2), (1, 1, 1))[0], (16 + 2 - 3) // 2 + 1),
            equal((16 + 2 - 3) // 2 + 1, 8),
        ],
        "Với $S = 1$, muốn giữ": [
            None,
            grid(
                lambda n, k, d: c1len(n, k, 1, d * (k - 1) // 2, d) == n,
                [
                    (n, k, d)
                    for n in (10, 17)
                    for k in (1, 2, 3, 5)
                    for d in (1, 2, 4)
                    if d * (k - 1) % 2 == 0
                ],
            ),
            None,
            None,
            equal(4 * (3 - 1) / 2, 4),
        ],
    },
)

NOTES_B = {**ISSUE_CLAIMS, **LEC_CLAIMS, **SHEET_CLAIMS}
