"""Independent truth for the fresh14 unseen set, notes polycopie_conv_pas2 and
cheatsheet_tinynet_shapes (NumPy / torch autograd in float64, no symconv); the helpers, the line
anchors and the merged truth_table are in unseen_fresh14_truth.py."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh14_truth import (
    Key,
    conv2,
    conv_out,
    count,
    key,
    once,
    params,
    t64,
    trials,
)
from unseen_truth_base import Truth, at, corr, dilate, pad, rot180, same

# --- polycopie_conv_pas2.md: 7x7 X, 3x3 K, scalar b, stride 2, padding 1, delta 4x4, 0-based

PC = "polycopie_conv_pas2"


def _pc(r: np.random.Generator, h: int = 7) -> dict:
    x, k, b = r.normal(size=(h, h)), r.normal(size=(3, 3)), r.normal(size=1)
    d = r.normal(size=(4, 4))
    xp = t64(np.pad(x, 1), True)  # the padded input as a leaf, for dE/dXtilde
    (F.conv2d(xp[None, None], t64(k[None, None]), stride=2) * t64(d[None, None])).sum().backward()
    t = conv2(x[None, None], k[None, None], b, d[None, None], stride=2, padding=1)
    return {"x": x, "xp": np.pad(x, 1), "k": k, "d": d, "dxp": xp.grad.numpy(),
            "dx": t["dx"][0, 0], "dk": t["dw"][0, 0], "db": float(t["db"][0])}  # fmt: skip


def _pc_check(check: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: check(_pc(r)), seed)


def _delta_at(d: np.ndarray, a2: int, b2: int) -> float:
    """delta_{a2/2, b2/2}, zero where an index is not an integer in 0..3 (the note's rule)."""
    if a2 % 2 or b2 % 2 or not (0 <= a2 // 2 < 4 and 0 <= b2 // 2 < 4):
        return 0.0
    return float(d[a2 // 2, b2 // 2])


def _pc_elem(shift: int) -> Callable[[dict], bool]:
    return lambda v: same(
        v["dx"],
        [
            [
                sum(
                    v["k"][u, w] * _delta_at(v["d"], p + shift - u, q + shift - w)
                    for u in range(3)
                    for w in range(3)
                )
                for q in range(7)
            ]
            for p in range(7)
        ],
    )


def _size_grid() -> list[bool]:
    out = []
    for h in range(3, 13):
        for k in range(1, 6):
            for s in range(1, 4):
                for p in range(0, 3):
                    if h + 2 * p >= k:
                        out.append(conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1)
    return out


PC_TRUTH: dict[Key, Truth] = {
    key(PC, "\\right\\rfloor + 1$$"): _size_grid,
    key(PC, "(7 + 2 - 3)/2 \\rfloor + 1 = 4", 1): count((7 + 2 - 3) // 2 + 1, conv_out(7, 3, 2, 1)),
    key(PC, "(7 + 2 - 3)/2 \\rfloor + 1 = 4", 2): count((7 + 2 - 3) // 2 + 1, 4),
    key(PC, "(8 + 2 - 3)/2 \\rfloor + 1 = 5", 1): count((8 + 2 - 3) // 2 + 1, conv_out(8, 3, 2, 1)),
    key(PC, "(8 + 2 - 3)/2 \\rfloor + 1 = 5", 2): count((8 + 2 - 3) // 2 + 1, 5),
    key(PC, "{\\partial b} = \\sum_{i=0}^{3}"): _pc_check(
        lambda v: np.isclose(v["db"], v["d"].sum()), 800
    ),
    key(PC, "{\\partial K_{u,v}} = "): _pc_check(
        lambda v: same(
            v["dk"],
            [
                [
                    sum(
                        v["d"][i, j] * at(v["xp"], 2 * i + u, 2 * j + w)
                        for i in range(4)
                        for j in range(4)
                    )
                    for w in range(3)
                ]
                for u in range(3)
            ],
        ),
        810,
    ),
    key(PC, "\\tilde{X} \\star \\operatorname{dil}_2(\\delta)$$"): _pc_check(
        lambda v: same(v["dk"], corr(v["xp"], dilate(v["d"], 2))), 820
    ),
    key(PC, "\\tilde{X} \\star \\delta$$"): _pc_check(
        lambda v: same(v["dk"], corr(v["xp"], v["d"])), 830
    ),
    key(PC, "\\operatorname{pad}_2(\\operatorname{dil}_2(\\delta)) \\star"): _pc_check(
        lambda v: same(v["dxp"], corr(pad(dilate(v["d"], 2), 2), rot180(v["k"]))), 840
    ),
    key(PC, "\\operatorname{pad}_2(\\delta) \\star"): _pc_check(
        lambda v: same(v["dxp"], corr(pad(v["d"], 2), rot180(v["k"]))), 850
    ),
    key(PC, "\\operatorname{pad}_1(\\operatorname{dil}_2(\\delta)) \\star"): _pc_check(
        lambda v: same(v["dx"], corr(pad(dilate(v["d"], 2), 1), rot180(v["k"]))), 860
    ),
    key(PC, "\\delta_{(p+1-u)/2"): _pc_check(_pc_elem(1), 870),
    key(PC, "\\delta_{(p-u)/2"): _pc_check(_pc_elem(0), 880),
    key(PC, "\\operatorname{dil}_2(\\delta) = \\begin"): once(
        lambda: same(dilate(np.array([[1.0, -2], [0, 3]]), 2), [[1, 0, -2], [0, 0, 0], [0, 0, 3]])
    ),
    key(PC, "(H_s - 1)S + k = H + 2P"): lambda: [
        (conv_out(h, 3, 2, 1) - 1) * 2 + 3 == h + 2 for h in range(5, 11)
    ],
    key(PC, "+ 3 = 219"): count(219, params(torch.nn.Conv2d(3, 8, 3))),
}


# --- cheatsheet_tinynet_shapes.md: 3x32x32 -> conv1 16@5x5 p2 -> maxpool 2 -> conv2 32@3x3 s2 p1
#     -> conv3 64@1x1 -> GAP -> dense 64 -> 10 (columns)

CH = "cheatsheet_tinynet_shapes"
TINYNET = torch.nn.Sequential(
    torch.nn.Conv2d(3, 16, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(16, 32, 3, stride=2, padding=1), torch.nn.ReLU(),
    torch.nn.Conv2d(32, 64, 1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
    torch.nn.Linear(64, 10),
)  # fmt: skip


def _dense_grad(r: np.random.Generator) -> bool:
    w, g, dl = t64(r.normal(size=(10, 64)), True), r.normal(size=64), r.normal(size=10)
    ((w @ t64(g)) * t64(dl)).sum().backward()
    return same(w.grad.numpy(), np.outer(g, dl))


def _gap(r: np.random.Generator, scale: float) -> bool:
    a, up = t64(r.normal(size=(64, 8, 8)), True), r.normal(size=64)
    (a.mean(dim=(1, 2)) * t64(up)).sum().backward()
    return same(a.grad.numpy(), scale * up[:, None, None] * np.ones((64, 8, 8)))


def _conv_s1(
    form: Callable[[dict, int, int], np.ndarray], grad: str, sizes: list[tuple[int, int, int, int]]
) -> Callable:
    """A stride-1 conv at (C, F, K, P) on 8x8 maps: form(v, f, c) vs the autograd gradient."""

    def check(r: np.random.Generator) -> bool:
        for c_in, f_out, k, p in sizes:
            a, w, dl = (
                r.normal(size=(1, c_in, 8, 8)),
                r.normal(size=(f_out, c_in, k, k)),
                r.normal(size=(1, f_out, 8 + 2 * p - k + 1, 8 + 2 * p - k + 1)),
            )
            v = {
                **conv2(a, w, None, dl, padding=p),
                "a": a[0],
                "w": w,
                "g": dl[0],
                "k": k,
                "p": p,
                "f": f_out,
            }
            if grad == "dw":
                ok = all(
                    same(v["dw"][f, c], form(v, f, c)) for f in range(f_out) for c in range(c_in)
                )
            else:
                ok = all(same(v["dx"][0, c], form(v, -1, c)) for c in range(c_in))
            if not ok:
                return False
        return True

    return check


GENERIC = [(2, 3, 5, 2), (2, 3, 3, 1), (2, 3, 1, 0)]
CH_TRUTH: dict[Key, Truth] = {
    key(CH, "(32 + 4 - 5)/1"): lambda: [(32 + 4 - 5) // 1 + 1 == 32 == conv_out(32, 5, 1, 2)],
    key(CH, "(16 + 2 - 3)/2"): lambda: [(16 + 2 - 3) // 2 + 1 == 8 == conv_out(16, 3, 2, 1)],
    key(CH, "P_1 = 16 (3", 1): count(16 * (3 * 5 * 5 + 1), params(TINYNET[0])),
    key(CH, "P_1 = 16 (3", 2): count(16 * (3 * 5 * 5 + 1), 1216),
    key(CH, "P_2 = 32", 1): count(32 * 16 * 9, params(TINYNET[3])),
    key(CH, "P_2 = 32", 2): count(32 * 16 * 9, 4608),
    key(CH, "$P_3 = 2112$"): count(2112, params(TINYNET[5])),
    key(CH, "$P_4 = 650$"): count(650, params(TINYNET[9])),
    key(CH, "P = 1216 + 4608", 1): count(1216 + 4608 + 2112 + 650, params(TINYNET)),
    key(CH, "P = 1216 + 4608", 2): count(1216 + 4608 + 2112 + 650, 8586),
    key(CH, "\\mathbf{g} \\, \\boldsymbol{\\delta}^{\\top}$"): trials(_dense_grad, 900),
    key(CH, "= \\dfrac{1}{64} \\dfrac"): trials(lambda r: _gap(r, 1 / 64), 910),
    key(CH, "⚠ not"): trials(lambda r: _gap(r, 1.0), 920),
    key(CH, "\\mapsto 5"): once(
        lambda: (
            lambda a: (
                (F.max_pool2d(a[None, None], 2) * 0.7).sum().backward(),
                same(a.grad.numpy(), [[0, 0.7], [0, 0]]),
            )[1]
        )(t64([[1.0, 5], [3, 2]], True))
    ),
    key(CH, "\\operatorname{pad}_P(A_c) \\star \\Delta_f$"): trials(
        _conv_s1(lambda v, f, c: corr(pad(v["a"][c], v["p"]), v["g"][f]), "dw", GENERIC), 930
    ),
    key(CH, "\\operatorname{pad}_{K-1-P}(\\Delta_f)"): trials(
        _conv_s1(
            lambda v, f, c: sum(
                corr(pad(v["g"][h], v["k"] - 1 - v["p"]), rot180(v["w"][h, c]))
                for h in range(v["f"])
            ),
            "dx",
            GENERIC,
        ),
        940,
    ),
    key(CH, "\\sum_{f=1}^{16} \\operatorname{pad}_2"): trials(
        _conv_s1(
            lambda v, f, c: sum(corr(pad(v["g"][h], 2), v["w"][h, c]) for h in range(16)),
            "dx",
            [(3, 16, 5, 2)],
        ),
        950,
    ),
}

HANDOUT_AND_CHEATSHEET: dict[Key, Truth] = {**PC_TRUTH, **CH_TRUTH}
