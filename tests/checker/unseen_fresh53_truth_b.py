"""Independent truth for the fresh53 unseen set, second part: the notes
forum_dldw_correlation_pas_convolution, cheatsheet_avgpool_padding_count_include_pad and
imtihan_conv1d_khatwa_ithnan_altadarruj (the first four are in unseen_fresh53_truth.py).

Same conventions: NumPy / torch autograd in float64, one bool per trial or size, a None for a
keyed non-claim, a side naming a missing entry or a mismatched shape disagrees.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh53_truth import Claims, claims_of
from unseen_truth_base import (
    F64,
    Truth,
    at,
    corr,
    corr1,
    dilate1,
    equal,
    rot180,
    same,
    single,
    t64,
    trials,
)

# --- forum_dldw_correlation_pas_convolution.md (French forum thread, 1-D, 0-based): y = conv1d
# of x (length 5) with w (length 3); star is the valid correlation (a star b)_k = sum_i a_{i+k} b_i,
# ast the valid convolution (a ast b)_k = sum_i a_{i+k} b_{m-1-i}; flip reverses a vector.

FORUM = "forum_dldw_correlation_pas_convolution"
FX = np.array([1.0, 2, 0, -1, 3])
FG = np.array([1.0, 0, 2])


def conv1(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The thread's valid convolution, from its definition (b read backwards), written out."""
    m = len(b)
    return np.array(
        [sum(at(a, i + k) * b[m - 1 - i] for i in range(m)) for k in range(len(a) - m + 1)]
    )


def conv2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Its 2-D analogue: a[i+u, j+v] b[m-1-u, n-1-v]."""
    m, n = b.shape
    return np.array(
        [
            [
                sum(a[i + u, j + v] * b[m - 1 - u, n - 1 - v] for u in range(m) for v in range(n))
                for j in range(a.shape[1] - n + 1)
            ]
            for i in range(a.shape[0] - m + 1)
        ]
    )


def _fc(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv1d(xt[None, None], wt[None, None])[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy(),
            "dw": wt.grad.numpy()}  # fmt: skip


def _fr(rel: Callable[[dict], bool], seed: int, g: np.ndarray | None = None) -> Truth:
    """Random x (5), w (3) and g (3), or the given g."""

    def make(r: np.random.Generator) -> dict:
        x, w, gr = r.normal(size=5), r.normal(size=3), r.normal(size=3)
        return _fc(x, w, gr if g is None else g)

    return trials(lambda r: rel(make(r)), seed)


FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "$$y_i = \\sum_{k=0}^{2} w_k\\, x_{i+k}$$": [
            _fr(
                lambda v: same(
                    v["y"], [sum(v["w"][k] * v["x"][i + k] for k in range(3)) for i in range(3)]
                ),
                5330,
            )
        ],
        "donc $y$ a une longueur": [equal(5 - 3 + 1, 3), None],
        "\\partial w_k} = \\sum_{i=0}^{2} g_i": [
            _fr(
                lambda v: same(
                    v["dw"], [sum(v["g"][i] * v["x"][i + k] for i in range(3)) for k in range(3)]
                ),
                5331,
            )
        ],
        "mais pour moi c'est une convolution": [
            _fr(lambda v: same(v["dw"], conv1(v["x"], v["g"])), 5332),
            None,
            _fr(
                lambda v: same(conv1(v["x"], v["g"]), corr1(v["x"], v["g"])),
                5333,
                g=np.array([1.0, 0, 1]),
            ),
        ],
        "Fixons les notations": [None, None],
        "$$\\frac{\\partial L}{\\partial w} = x \\star g$$": [
            _fr(lambda v: same(v["dw"], corr1(v["x"], v["g"])), 5334)
        ],
        "Votre test ne prouve rien": [None],
        "Prenez plutôt": [None, None],
        "$$x \\star g = (1,\\ 0,\\ 6)": [
            single(lambda: same(corr1(FX, FG), [1, 0, 6])),
            single(lambda: same(conv1(FX, FG), [2, 3, 3])),
        ],
        "et $(1, 0, 6) \\neq (2, 3, 3)$": [single(lambda: not same([1, 0, 6], [2, 3, 3]))],
        "\\operatorname{flip}(x \\ast g)$$": [
            _fr(lambda v: same(v["dw"], conv1(v["x"], v["g"])[::-1]), 5335)
        ],
        "\\operatorname{flip}\\big(\\operatorname{flip}(x) \\ast g\\big)": [
            _fr(lambda v: same(v["dw"], conv1(v["x"][::-1], v["g"])[::-1]), 5336)
        ],
        "\\operatorname{pad}_2(g) \\ast w$$": [
            _fr(lambda v: same(v["dx"], conv1(np.pad(v["g"], 2), v["w"])), 5337)
        ],
        "Sur les bords il ne reste": [
            _fr(lambda v: math.isclose(v["dx"][0], v["g"][0] * v["w"][0]), 5338),
            _fr(
                lambda v: math.isclose(
                    v["dx"][2],
                    v["g"][0] * v["w"][2] + v["g"][1] * v["w"][1] + v["g"][2] * v["w"][0],
                ),
                5339,
            ),
            _fr(
                lambda v: math.isclose(v["dx"][1], v["g"][0] * v["w"][0] + v["g"][1] * v["w"][1]),
                5340,
            ),
        ],
        "Et en 2-D c'est pareil": [
            trials(
                lambda r: (lambda x, g: same(conv2(x, g), corr(x, rot180(g))))(
                    r.normal(size=(5, 4)), r.normal(size=(2, 3))
                ),
                5341,
            ),
            trials(lambda r: (lambda g: same(rot180(g), g.T))(r.normal(size=(3, 3))), 5342),
        ],
        "Dernière remarque pour ceux": [
            _fr(lambda v: math.isclose(v["dx"].sum(), v["g"].sum() * v["w"].sum()), 5343)
        ],
    },
)


# --- cheatsheet_avgpool_padding_count_include_pad.md (English cheat sheet, 0-based):
# AvgPool2d(3, stride=2, padding=1, count_include_pad=False) on a 5 x 5 map; window (i, j)
# covers rows / columns 2i-1..2i+1 of which the real ones (0..4) form Omega_ij.

CHEAT = "cheatsheet_avgpool_padding_count_include_pad"


def _omega(i: int, j: int, h: int = 5) -> list[tuple[int, int]]:
    """The real pixels of window (i, j), enumerated from the window's definition."""
    return [(p, q) for p in range(2 * i - 1, 2 * i + 2) for q in range(2 * j - 1, 2 * j + 2)
            if 0 <= p < h and 0 <= q < h]  # fmt: skip


def _counts() -> np.ndarray:
    """|Omega_ij| as torch sees it: a sum-pool of ones (average with the padding counted, x 9)."""
    ones = torch.ones(1, 1, 5, 5, dtype=F64)
    return (F.avg_pool2d(ones, 3, 2, 1, count_include_pad=True) * 9).numpy()[0, 0]


def _pool(x: np.ndarray, g: np.ndarray, include: bool = False, **kw: object) -> dict:
    xt = t64(x, True)
    kw = {"kernel_size": 3, "stride": 2, "padding": 1, **kw}
    y = F.avg_pool2d(xt[None, None], count_include_pad=include, **kw)[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy()}


CNT = _counts()
CH_X = np.fromfunction(lambda p, q: 5 * p + q, (5, 5))
CH_V = _pool(CH_X, np.ones((3, 3)))


def _chr(rel: Callable[[dict], bool], seed: int, include: bool = False) -> Truth:
    return trials(lambda r: rel(_pool(r.normal(size=(5, 5)), r.normal(size=(3, 3)), include)), seed)


def _forward_formula(v: dict) -> np.ndarray:
    return np.array(
        [[sum(v["x"][p, q] for p, q in _omega(i, j)) / len(_omega(i, j)) for j in range(3)]
         for i in range(3)]
    )  # fmt: skip


def _backward_formula(v: dict) -> np.ndarray:
    return np.array(
        [
            [
                sum(
                    v["g"][i, j] / len(_omega(i, j))
                    for i in range(3)
                    for j in range(3)
                    if (p, q) in _omega(i, j)
                )
                for q in range(5)
            ]
            for p in range(5)
        ]
    )


def _global(r: np.random.Generator) -> bool:
    x, g = r.normal(size=(5, 5)), r.normal(size=(1, 1))
    v = _pool(x, g, kernel_size=5, stride=1, padding=0)
    return same(v["dx"], np.full((5, 5), g[0, 0] / 25))


def _ceil_side() -> int:
    z = F.avg_pool2d(torch.zeros(1, 1, 5, 5, dtype=F64), 2, stride=2, padding=1, ceil_mode=True)
    return int(z.shape[-1])


CHEAT_CLAIMS = claims_of(
    CHEAT,
    {
        "Same formula as a convolution": [
            equal(CH_V["y"].shape[0], (5 + 2 - 3) // 2 + 1),
            equal((5 + 2 - 3) // 2 + 1, 3),
        ],
        "- corner window:": [equal(CNT[0, 0], 4)],
        "- edge windows:": [equal(CNT[0, 1], 6), equal(CNT[1, 2], 4)],
        "- centre window:": [equal(CNT[1, 1], 9)],
        "$$Y[i,j] = \\frac{1}{|\\Omega_{ij}|}": [
            _chr(lambda v: same(v["y"], _forward_formula(v)), 5350)
        ],
        "Example with $X[p,q] = 5p + q$": [
            None,
            single(lambda: math.isclose(CH_V["y"][0, 0], (0 + 1 + 5 + 6) / 4)),
            equal((0 + 1 + 5 + 6) / 4, 3),
        ],
        "\\sum_{(i,j)\\,:\\,(p,q)": [_chr(lambda v: same(v["dx"], _backward_formula(v)), 5351)],
        "Worked with $G = $": [None],
        "- $\\partial L / \\partial X[0,0] = 1/4$": [
            single(lambda: math.isclose(CH_V["dx"][0, 0], 1 / 4))
        ],
        "- $\\partial L / \\partial X[0,2]": [
            single(lambda: math.isclose(CH_V["dx"][0, 2], 1 / 6 + 1 / 4))
        ],
        "- $\\partial L / \\partial X[1,1]": [
            single(lambda: math.isclose(CH_V["dx"][1, 1], 1 / 4 + 2 / 6 + 1 / 9)),
            equal(1 / 4 + 2 / 6 + 1 / 9, 25 / 36),
        ],
        "- $\\partial L / \\partial X[3,3]": [
            single(lambda: math.isclose(CH_V["dx"][3, 3], 4 * 1 / 9)),
            equal(4 * 1 / 9, 4 / 9),
        ],
        "mass is conserved:": [
            _chr(lambda v: math.isclose(v["dx"].sum(), v["g"].sum()), 5352),
            equal(np.ones((3, 3)).sum(), 9),
        ],
        "it is conserved too": [
            _chr(lambda v: math.isclose(v["dx"].sum(), v["g"].sum()), 5353, include=True)
        ],
        "global average pooling ($k = H$": [None, trials(_global, 5354)],
        "With `ceil_mode=True` the floor": [
            equal(_ceil_side(), math.ceil((5 + 2 - 2) / 2) + 1),
            equal(math.ceil((5 + 2 - 2) / 2) + 1, 4),
        ],
    },
)


# --- imtihan_conv1d_khatwa_ithnan_altadarruj.md (Arabic exam model solution, 0-based):
# Conv1d(1, 1, 3, stride=2) without padding on x of length 8, w, b and G = dL/dy given.

EXAM = "imtihan_conv1d_khatwa_ithnan_altadarruj"
EX_X = np.array([2.0, -1, 0, 3, 1, -2, 4, 1])
EX_W = np.array([1.0, 0, -1])
EX_B = 0.5
EX_G = np.array([1.0, -2, 0.5])


def _ex(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    xt, wt, bt = t64(x, True), t64(w, True), t64([b], True)
    y = F.conv1d(xt[None, None], wt[None, None], bt, stride=2)[0, 0]
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "b": b, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy(),
            "dw": wt.grad.numpy(), "db": float(bt.grad[0])}  # fmt: skip


EXV = _ex(EX_X, EX_W, EX_B, EX_G)


def _exr(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(
        lambda r: rel(_ex(r.normal(size=8), r.normal(size=3), float(r.normal()), r.normal(size=3))),
        seed,
    )


def _dx_pairs(v: dict) -> np.ndarray:
    """sum over (i, m) with 2i + m = n of G_i w_m, enumerated."""
    return np.array(
        [
            sum(v["g"][i] * v["w"][m] for i in range(3) for m in range(3) if 2 * i + m == n)
            for n in range(8)
        ]
    )


_DW1 = (1) * (-1) + (-2) * (3) + (0.5) * (-2)

EXAM_CLAIMS = claims_of(
    EXAM,
    {
        "$$x = (2,\\ -1,": [None, None, None],
        "وتدرج الخسارة بالنسبة للمخرج معطى": [None, None],
        "مع خطوة $s = 2$": [None, None],
        "$$L_{out} = \\left\\lfloor": [
            equal(len(EXV["y"]), (8 - 3) // 2 + 1),
            equal((8 - 3) // 2 + 1, 3),
        ],
        "$$y_i = b + \\sum_{m=0}^{2}": [
            _exr(
                lambda v: same(
                    v["y"],
                    [
                        v["b"] + sum(v["w"][m] * v["x"][2 * i + m] for m in range(3))
                        for i in range(3)
                    ],
                ),
                5360,
            )
        ],
        "مثلاً $y_1 =": [
            _exr(
                lambda v: math.isclose(
                    v["y"][1],
                    v["w"][0] * v["x"][2] + v["w"][1] * v["x"][3] + v["w"][2] * v["x"][4] + v["b"],
                ),
                5361,
            ),
            equal(1 * 0 + 0 * 3 + (-1) * 1 + 0.5, 0 + 0 - 1 + 0.5),
            equal(0 + 0 - 1 + 0.5, -0.5),
            single(lambda: same(EXV["y"], [2.5, -0.5, -2.5])),
        ],
        "\\partial w_m} = \\sum_{i=0}^{2} G_i": [
            _exr(
                lambda v: same(
                    v["dw"],
                    [sum(v["g"][i] * v["x"][2 * i + m] for i in range(3)) for m in range(3)],
                ),
                5362,
            )
        ],
        "بالتعويض للوزن الأوسط": [
            single(lambda: math.isclose(EXV["dw"][1], _DW1)),
            equal(_DW1, -1 - 6 - 1),
            equal(-1 - 6 - 1, -7),
        ],
        "$$\\frac{\\partial L}{\\partial w} = (2.5,\\ -7,\\ 0)$$": [
            single(lambda: same(EXV["dw"], [2.5, -7, 0]))
        ],
        "الانحياز يضاف مرة واحدة": [
            single(lambda: math.isclose(EXV["db"], EX_G.sum())),
            equal(1 - 2 + 0.5, -0.5),
        ],
        "حيث $n = 2i + m$": [None],
        "\\mathbb{1}[2i + m = n]": [_exr(lambda v: same(v["dx"], _dx_pairs(v)), 5363)],
        "\\operatorname{pad}_2\\big(\\operatorname{dil}_2(G)\\big)": [
            _exr(lambda v: same(v["dx"], corr1(np.pad(dilate1(v["g"], 2), 2), v["w"][::-1])), 5364)
        ],
        "$$\\frac{\\partial L}{\\partial x} = (1,": [
            single(lambda: same(EXV["dx"], [1, 0, -3, 0, 2.5, 0, -0.5, 0]))
        ],
        "تحقق من عنصر واحد": [
            single(lambda: math.isclose(EXV["dx"][5], EX_G[2] * EX_W[0])),
            equal(0.5 * 1, 0.5),
            single(lambda: EXV["dx"][7] == 0),
        ],
    },
)

NOTES_B: Claims = {**FORUM_CLAIMS, **CHEAT_CLAIMS, **EXAM_CLAIMS}
