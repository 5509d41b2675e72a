"""Independent truth for the fresh64 unseen set, second part: the notes
zhihu_pingjun_chihua_fanxiang, forum_ptso_gradiente_entrada_sem_rot180 and
cheatsheet_conv_output_sizes (conventions as in unseen_fresh64_truth.py, which merges this
table into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
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
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh64"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- zhihu_pingjun_chihua_fanxiang.md (Chinese Q&A answer): 1-based; AvgPool2d(2) on the
# note's X and G; k = 3, s = 2 on 5 x 5; AvgPool2d(3, stride=1, padding=1) with torch's default
# count_include_pad=True; global average pooling.

ZH = "zhihu_pingjun_chihua_fanxiang"


def _avg(x: np.ndarray, g: np.ndarray, k: int, s: int, p: int = 0) -> dict:
    """torch avg_pool2d (defaults: count_include_pad=True) and the gradient of sum(Y * G)."""
    xt = t64(x, True)
    y = F.avg_pool2d(xt[None, None], k, s, p)[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy()}


ZX = np.array([[1.0, 3, 2, 0], [5, -1, 4, 4], [0, 2, 6, -2], [2, 0, 1, 3]])
ZG = np.array([[4.0, -8], [2, 0]])
ZV = _avg(ZX, ZG, 2, 2)


def _zh(
    rel: Callable[[dict], bool], seed: int, n: int = 4, k: int = 2, s: int = 2, p: int = 0
) -> Truth:
    """Random X (n x n) and G, and the note's own numbers when the sizes are the note's."""

    def make(r: np.random.Generator) -> dict:
        m = (n + 2 * p - k) // s + 1
        return _avg(r.normal(size=(n, n)), r.normal(size=(m, m)), k, s, p)

    return trials(lambda r: rel(make(r)), seed)


def _forward_1based(v: dict) -> np.ndarray:
    """Y_{i,j} = 1/4 sum_{a,b in {0,1}} X_{2i-1+a, 2j-1+b}, 1-based, strict indexing."""
    x = v["x"]
    return np.array(
        [
            [
                sum(at(x, 2 * i - 1 + a - 1, 2 * j - 1 + b - 1) for a in (0, 1) for b in (0, 1)) / 4
                for j in range(1, 3)
            ]
            for i in range(1, 3)
        ]
    )


def _spread(v: dict, div: int) -> np.ndarray:
    """dL/dX_{p,q} = G_{ceil(p/2), ceil(q/2)} / div, 1-based, strict indexing."""
    n, g = v["dx"].shape[0], v["g"]
    return np.array(
        [
            [at(g, math.ceil(p / 2) - 1, math.ceil(q / 2) - 1) / div for q in range(1, n + 1)]
            for p in range(1, n + 1)
        ]
    )


def _gap(h: int, w: int) -> dict:
    x = t64(np.random.default_rng(6430 + h * w).normal(size=(1, 1, h, w)), True)
    g = 0.7
    (F.adaptive_avg_pool2d(x, 1)[0, 0, 0, 0] * g).backward()
    return {"g": g, "h": h, "w": w, "dx": x.grad.numpy()[0, 0]}


ZH_CLAIMS = claims_of(
    ZH,
    {
        "输出边长": [
            equal(ZV["y"].shape[0], math.floor((4 - 2) / 2) + 1),
            equal(math.floor((4 - 2) / 2) + 1, 2),
        ],
        "$$Y_{i,j} = \\frac{1}{4}": [
            _zh(
                lambda v: same(v["y"], _forward_1based(v)) and same(ZV["y"], _forward_1based(ZV)),
                6431,
            )
        ],
        "例如 $Y_{1,2}": [
            single(lambda: math.isclose(ZV["y"][0, 1], (2 + 0 + 4 + 4) / 4)),
            equal((2 + 0 + 4 + 4) / 4, 2.5),
            single(lambda: same(ZV["y"], [[2, 2.5], [1, 2]])),
        ],
        "= \\frac{1}{4}\\, G_{\\lceil": [
            _zh(lambda v: same(v["dx"], _spread(v, 4)) and same(ZV["dx"], _spread(ZV, 4)), 6432)
        ],
        "用 Kronecker 积": [
            _zh(lambda v: same(v["dx"], np.kron(v["g"], np.ones((2, 2))) / 4), 6433)
        ],
        "\\begin{bmatrix} 1 & 1 & -2 & -2": [
            single(
                lambda: same(ZV["dx"], [[1, 1, -2, -2], [1, 1, -2, -2], [2, 2, 0, 0], [2, 2, 0, 0]])
            )
        ],
        "梯度总量守恒": [
            single(lambda: math.isclose(ZV["dx"].sum(), ZG.sum())),
            single(lambda: math.isclose(ZG.sum(), -2)),
        ],
        "如果输入是 $5 \\times 5$": [
            equal(_avg(np.zeros((5, 5)), np.zeros((2, 2)), 2, 2)["y"].shape[0], math.ceil(5 / 2)),
            equal(math.ceil(5 / 2), 3),
            _zh(lambda v: v["dx"][4, 4] == 0, 6439, n=5),
        ],
        "= \\frac{1}{9}\\, G_{\\lceil": [
            _zh(lambda v: same(v["dx"], _spread(v, 9)), 6434, n=5, k=3, s=2)
        ],
        "\\star \\mathbf{1}_{k \\times k}$$": [
            _zh(
                lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), np.ones((3, 3))) / 9),
                6435,
                n=5,
                k=3,
                s=2,
            )
        ],
        "中心像素": [
            single(
                lambda: math.isclose(_avg(np.zeros((5, 5)), ZG, 3, 2)["dx"][2, 2], ZG.sum() / 9)
            ),
            single(lambda: math.isclose(ZG.sum() / 9, -2 / 9)),
            _zh(lambda v: math.isclose(v["dx"].sum(), v["g"].sum()), 6436, n=5, k=3, s=2),
        ],
        "\\frac{G_{1,1}}{4}": [
            _zh(
                lambda v: math.isclose(
                    v["dx"][0, 0],
                    v["g"][0, 0] / 4 + v["g"][0, 1] / 6 + v["g"][1, 0] / 6 + v["g"][1, 1] / 9,
                ),
                6437,
                k=3,
                s=1,
                p=1,
            )
        ],
        "梯度只按真实像素平摊": [
            _zh(lambda v: math.isclose(v["dx"].sum(), v["g"].sum()), 6438, k=3, s=1, p=1)
        ],
        "的特征图压成一个数": [
            None,
            grid(
                lambda h, w: same(_gap(h, w)["dx"], np.full((h, w), 0.7 / (h * w))),
                [(7, 7), (4, 6), (1, 3)],
            ),
            single(lambda: same(_gap(7, 7)["dx"], np.full((7, 7), 0.7 / 7))),
        ],
    },
)


# --- forum_ptso_gradiente_entrada_sem_rot180.md (Portuguese forum thread): NCHW, 0-based, valid
# cross-correlation, delta = dL/dZ.

FORUM = "forum_ptso_gradiente_entrada_sem_rot180"
# (N, K, P, S) for the size formulas
SIZES = [
    (n, k, p, s)
    for n in (4, 5, 7, 10)
    for k in (1, 2, 3, 5)
    for p in (0, 1, 2)
    for s in (1, 2, 3)
    if k <= n + 2 * p
]


def _batch(
    r: np.random.Generator,
    n: int,
    k: int,
    p: int = 0,
    s: int = 1,
    b: int = 1,
    c: int = 1,
    f: int = 1,
    scale: float = 1.0,
) -> dict:
    """torch conv2d on a random batch; delta = scale * R for L = scale * sum(Z * R)."""
    m = (n + 2 * p - k) // s + 1
    x, w = r.normal(size=(b, c, n, n)), r.normal(size=(f, c, k, k))
    bias, rr = r.normal(size=f), r.normal(size=(b, f, m, m))
    v = conv(x, w, bias, scale * rr, padding=p, stride=s)
    return {**v, "x": x, "w": w, "d": scale * rr}


def _forum(
    rel: Callable[[dict], bool], seed: int, sizes: tuple = ((4, 3), (5, 2), (6, 3)), **kw: int
) -> Truth:
    return trials(lambda r: all(rel(_batch(r, *size, **kw)) for size in sizes), seed)


def _dx1(v: dict, kernel: Callable[[np.ndarray], np.ndarray], extra: int = 0) -> np.ndarray:
    """pad_{K-1+extra}(delta) star kernel(W), one channel."""
    w = v["w"][0, 0]
    return corr(pad(v["d"][0, 0], len(w) - 1 + extra), kernel(w))


FW = np.array([[1.0, 2], [3, 4]])
FD = np.array([[1.0, 0], [0, 0]])
FV = conv(np.zeros((1, 1, 3, 3)), FW[None, None], None, FD[None, None])
MEAN_B = 4

FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "$$O = (N - K + 2P)/S$$": [
            grid(lambda n, k, p, s: conv_out(n, k, s, p) == (n - k + 2 * p) / s, SIZES)
        ],
        "\\operatorname{pad}_{K-1}(\\delta) \\star W$$": [
            _forum(lambda v: same(v["dx"][0, 0], _dx1(v, lambda w: w)), 6440)
        ],
        "onde $\\delta": [
            None,
            None,
            None,
            None,
            None,
            equal(conv_out(4, 3), (4 - 3 + 0) / 1),
            equal((4 - 3 + 0) / 1, 1),
            None,
        ],
        "\\right\\rfloor + 1$$": [
            grid(lambda n, k, p, s: conv_out(n, k, s, p) == (n + 2 * p - k) // s + 1, SIZES)
        ],
        "No seu exemplo": [
            equal(conv_out(4, 3), (4 - 3) / 1 + 1),
            equal((4 - 3) / 1 + 1, 2),
            None,
            grid(
                lambda n, k: conv_out(n, k, 1, (k - 1) // 2) == n and (k - 1) / 2 == (k - 1) // 2,
                [(n, k) for n in (5, 8, 11) for k in (1, 3, 5, 7) if k <= n],
            ),
        ],
        "\\operatorname{pad}_{K-1}(\\delta) \\star \\operatorname{rot}_{180}(W)$$": [
            _forum(lambda v: same(v["dx"][0, 0], _dx1(v, rot180)), 6441)
        ],
        "O seu teste passava": [
            single(lambda: same(rot180(np.eye(2)), np.eye(2))),
            None,
            None,
            single(lambda: same(corr(pad(FD, 1), FW), [[4, 3, 0], [2, 1, 0], [0, 0, 0]])),
            single(lambda: same(FV["dx"][0, 0], [[1, 2, 0], [3, 4, 0], [0, 0, 0]])),
        ],
        "\\partial X_{n,c}}": [
            _forum(
                lambda v: same(
                    v["dx"],
                    [
                        [
                            sum(
                                corr(pad(v["d"][n, f], v["w"].shape[-1] - 1), rot180(v["w"][f, c]))
                                for f in range(3)
                            )
                            for c in range(2)
                        ]
                        for n in range(2)
                    ],
                ),
                6442,
                b=2,
                c=2,
                f=3,
            )
        ],
        "\\qquad \\frac{\\partial L}{\\partial b_f}": [
            _forum(
                lambda v: same(
                    v["dw"],
                    [
                        [sum(corr(v["x"][n, c], v["d"][n, f]) for n in range(2)) for c in range(2)]
                        for f in range(3)
                    ],
                ),
                6443,
                b=2,
                c=2,
                f=3,
            ),
            _forum(lambda v: same(v["db"], v["d"].sum(axis=(0, 2, 3))), 6444, b=2, c=2, f=3),
        ],
        "Se a sua loss for a média": [
            # L = (1/B) sum_n sum(Z_n * R_n): delta = R / B already holds the mean
            _forum(
                lambda v: same(
                    v["dw"],
                    [
                        [
                            sum(corr(v["x"][n, c], v["d"][n, f]) for n in range(MEAN_B)) / MEAN_B
                            for c in range(2)
                        ]
                        for f in range(3)
                    ],
                ),
                6445,
                b=MEAN_B,
                c=2,
                f=3,
                scale=1 / MEAN_B,
            )
        ],
        "Com padding $P > 0$": [
            None,
            trials(
                lambda r: any(
                    same(v["dx"][0, 0], _dx1(v, rot180, p))
                    for p, v in ((p, _batch(r, 5, 3, p)) for p in (1, 2))
                ),
                6446,
            ),
        ],
        "E com passo $S > 1$": [
            None,
            None,
            trials(
                lambda r: all(
                    same(
                        v["dx"][0, 0],
                        corr(
                            pad(dilate(v["d"][0, 0], s), v["w"].shape[-1] - 1), rot180(v["w"][0, 0])
                        ),
                    )
                    for s, v in ((s, _batch(r, n, k, 0, s)) for n, k, s in ((7, 3, 2), (8, 2, 3)))
                ),
                6447,
            ),
        ],
    },
)


# --- cheatsheet_conv_output_sizes.md (English wiki cheat sheet): one spatial axis; torch's
# conv2d, max_pool2d, avg_pool2d and conv_transpose2d; TensorFlow's "valid" and "same" rules.

CHEAT = "cheatsheet_conv_output_sizes"
CONV_GRID = [
    (h, k, s, p, d)
    for h in (5, 8, 13)
    for k in (1, 2, 3, 5)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    for d in (1, 2)
    if d * (k - 1) + 1 <= h + 2 * p
]
POOL_GRID = [
    (h, k, s, p)
    for h in (5, 8, 13)
    for k in (2, 3, 4)
    for s in (1, 2, 3)
    for p in range(k // 2 + 1)
]
T_GRID = [
    (h, k, s, p, a, d)
    for h in (3, 5)
    for k in (2, 3, 4)
    for s in (1, 2, 3)
    for p in (0, 1)
    for d in (1, 2)
    for a in range(max(s, d))
]


def _pool_side(h: int, k: int, s: int, p: int = 0, kind: str = "max", ceil: bool = False) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    return int(pool(x, k, s, p, ceil_mode=ceil).shape[-1])


def _pytorch_size(h: int, k: int, s: int, p: int, d: int) -> int:
    return math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1


def _tf_same_side(h: int, k: int, s: int, d: int) -> int:
    """TensorFlow's "same": total padding max((ceil(h/s) - 1)s + d(k-1) + 1 - h, 0), the odd
    zero at the end, then a valid torch conv2d."""
    total = max((math.ceil(h / s) - 1) * s + d * (k - 1) + 1 - h, 0)
    x = F.pad(torch.zeros(1, 1, h, h, dtype=F64), (total // 2, total - total // 2) * 2)
    w = torch.zeros(1, 1, k, k, dtype=F64)
    return int(F.conv2d(x, w, stride=s, dilation=d).shape[-1])


def _k_eff() -> int:
    """The side a dilated 3 x 3 kernel (d = 2) covers: 20 - output side + 1 on a 20-pixel map."""
    return 20 - conv_out(20, 3, 1, 0, 2) + 1


CHEAT_CLAIMS = claims_of(
    CHEAT,
    {
        "(PyTorch) | $H_{out}": [
            lambda: (
                grid(
                    lambda h, k, s, p, d: conv_out(h, k, s, p, d) == _pytorch_size(h, k, s, p, d),
                    CONV_GRID,
                )()
                + grid(
                    lambda h, k, s, p: _pool_side(h, k, s, p) == _pytorch_size(h, k, s, p, 1),
                    POOL_GRID,
                )()
                + grid(
                    lambda h, k, s, p: (
                        _pool_side(h, k, s, p, "avg") == _pytorch_size(h, k, s, p, 1)
                    ),
                    POOL_GRID,
                )()
            )
        ],
        "| effective kernel of a dilated": [
            grid(
                lambda h, k, s, p, d: conv_out(h, k, s, p, d) == conv_out(h, d * (k - 1) + 1, s, p),
                CONV_GRID,
            )
        ],
        "| the same without dilation": [
            grid(
                lambda h, k, s, p, d: conv_out(h, k, s, p) == math.floor((h + 2 * p - k) / s) + 1,
                [g for g in CONV_GRID if g[-1] == 1],
            )
        ],
        '"same" size at $s = 1$': [
            None,
            grid(
                lambda h, k, d: conv_out(h, k, 1, d * (k - 1) // 2, d) == h,
                [
                    (h, k, d)
                    for h in (8, 13)
                    for k in (1, 2, 3, 5)
                    for d in (1, 2)
                    if d * (k - 1) % 2 == 0
                ],
            ),
        ],
        '`padding="valid"`': [
            grid(
                lambda h, k, s, p, d: conv_out(h, k, s, 0, d) == math.ceil((h - d * (k - 1)) / s),
                [g for g in CONV_GRID if g[3] == 0],
            )
        ],
        '`padding="same"`': [
            grid(
                lambda h, k, s, p, d: _tf_same_side(h, k, s, d) == math.ceil(h / s),
                [g for g in CONV_GRID if g[3] == 0],
            )
        ],
        "`output_padding` $a$": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
                ),
                T_GRID,
            )
        ],
        "- A transposed convolution with the same": [
            grid(
                lambda h, k, s, p: (conv_out(h, k, s, p) - 1) * s - 2 * p + k == h,
                [(h, 3, 2, 1) for h in range(5, 13)],
            )
        ],
        "- A dilated 3 × 3 kernel": [None, equal(_k_eff(), 2 * 3), equal(2 * 3, 6)],
        "- For a 3 × 3 kernel with $d = 2$": [None, None, equal(conv_out(64, 3, 1, 1, 2), 64)],
        "- Dilation adds no weights": [
            None,
            grid(
                lambda a, b: params(nn.Conv2d(a, b, 3, dilation=2)) == 9 * a * b + b,
                [(a, b) for a in (1, 3, 64) for b in (1, 16, 64)],
            ),
        ],
        "on 7 pixels $H_{out} = 4$": [equal(_pool_side(7, 2, 2), 4)],
        "| ResNet stem": [
            equal(conv_out(224, 7, 2, 3), math.floor((224 + 6 - 7) / 2) + 1),
            equal(math.floor((224 + 6 - 7) / 2) + 1, 112),
        ],
        "| ResNet `MaxPool2d": [
            equal(_pool_side(112, 3, 2, 1), math.floor((112 + 2 - 3) / 2) + 1),
            equal(math.floor((112 + 2 - 3) / 2) + 1, 56),
        ],
        "| AlexNet-style": [
            equal(conv_out(224, 11, 4), math.floor((224 - 11) / 4) + 1),
            equal(math.floor((224 - 11) / 4) + 1, 55),
        ],
        "ceil_mode=True)` | 8": [
            equal(_pool_side(8, 3, 2, ceil=True), math.ceil((8 - 3) / 2) + 1),
            equal(math.ceil((8 - 3) / 2) + 1, 4),
        ],
        "| `AvgPool2d(3)` | 10": [
            equal(
                int(F.avg_pool2d(torch.zeros(1, 1, 10, 10), 3).shape[-1]),
                math.floor((10 - 3) / 1) + 1,
            ),
            equal(math.floor((10 - 3) / 1) + 1, 8),
        ],
        "dilation=2)` | 64": [
            equal(conv_out(64, 3, 1, 2, 2), 64 + 4 - 4 - 1 + 1),
            equal(64 + 4 - 4 - 1 + 1, 64),
        ],
        "| DCGAN": [
            equal(tconv_out(4, 4, 2, 1), (4 - 1) * 2 - 2 * 1 + 3 + 1),
            equal((4 - 1) * 2 - 2 * 1 + 3 + 1, 8),
        ],
    },
)

NOTES_B: Claims = {**ZH_CLAIMS, **FORUM_CLAIMS, **CHEAT_CLAIMS}
