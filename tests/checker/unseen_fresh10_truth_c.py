"""Independent truth for the fresh10 unseen set, notes 5-7 (slides_transcript, fe_de_erratas,
lab_report). Same conventions as unseen_fresh10_truth.py (NumPy / torch autograd, claims found
by anchor text, a missing entry or a shape mismatch disagrees)."""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh10_truth import (
    Key,
    conv,
    conv_out,
    convt_out,
    corr,
    count_claim,
    dilate,
    key,
    params,
    rot180,
    t64,
    trials,
)
from unseen_truth_base import Truth, at, same, zat

# --- slides_transcript.md: one channel, H = 7, R = 3, S = 2, P = 1 (output 4 x 4)

SL = "slides_transcript"


def _strided(r: np.random.Generator) -> dict:
    x, w, g = r.normal(size=(7, 7)), r.normal(size=(3, 3)), r.normal(size=(4, 4))
    out = conv(x[None, None], w[None, None], np.zeros(1), g[None, None], stride=2, padding=1)
    return {"x": x, "w": w, "g": g, "dx": out["dx"][0, 0], "dw": out["dw"][0, 0]}


def _slide(check: object, seed: int) -> Truth:
    return lambda: trials(lambda r: check(_strided(r)), seed)  # type: ignore[operator]


def _unrolled(v: dict) -> bool:
    """C has column j = conv of the j-th unit image, so vec(Y) = C vec(X) by linearity."""
    units = torch.eye(49, dtype=torch.float64).reshape(49, 1, 7, 7)
    c = (
        F.conv2d(units, t64(v["w"][None, None], False), stride=2, padding=1)
        .reshape(49, 16)
        .T.numpy()
    )
    return c.shape == (16, 49) and same(v["dx"].reshape(-1), c.T @ v["g"].reshape(-1))


def _grid(holds: object) -> list[bool]:
    sizes = [(h, k, s, p) for h in (5, 7, 8, 10) for k in (2, 3) for s in (1, 2, 3) for p in (0, 1)]
    return [bool(holds(h, k, s, p)) for h, k, s, p in sizes]  # type: ignore[operator]


SLIDES: dict[Key, Truth] = {
    key(SL, r"\left\lfloor (H + 2P - R)/S"): lambda: _grid(
        lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1
    ),
    key(SL, r"H_{\text{out}} = H - R$"): lambda: [
        conv_out(h, k, 1, 0) == h - k for h in (5, 7, 8) for k in (1, 2, 3)
    ],
    key(SL, r"\star \operatorname{dilate}_S(\delta)$"): _slide(
        lambda v: same(v["dw"], corr(np.pad(v["x"], 1), dilate(v["g"], 2))), 500
    ),
    key(SL, "- NOT $"): _slide(lambda v: same(v["dw"], corr(np.pad(v["x"], 1), v["g"])), 510),
    key(SL, r"\operatorname{convT}_{S,P}(\delta, W)$"): _slide(
        lambda v: same(
            v["dx"],
            F.conv_transpose2d(
                t64(v["g"][None, None]), t64(v["w"][None, None]), stride=2, padding=1
            )[0, 0].detach(),
        ),
        520,
    ),
    key(SL, r"\operatorname{crop}_P"): _slide(
        lambda v: same(v["dx"], corr(np.pad(dilate(v["g"], 2), 2), rot180(v["w"]))[1:-1, 1:-1]), 530
    ),
    key(SL, "stride-1 formula reused"): _slide(
        lambda v: same(v["dx"], corr(np.pad(v["g"], 2), rot180(v["w"]))), 540
    ),
    key(SL, r"C^{\top} \operatorname{vec}(\delta)"): _slide(_unrolled, 550),
    key(SL, r"H_{\text{T}} = (H_{\text{in}} - 1) S"): lambda: _grid(
        lambda h, k, s, p: convt_out(h, k, s, p) == (h - 1) * s - 2 * p + k
    ),
    key(SL, r"\lfloor 7/2 \rfloor", 2): lambda: [conv_out(8, 3, 2, 1) == 7 // 2 + 1],
    key(SL, r"\lfloor 7/2 \rfloor", 3): lambda: count_claim(7 // 2 + 1, 4, conv_out(8, 3, 2, 1)),
    key(SL, "general inverse"): lambda: [
        convt_out(conv_out(h, 3, 2, 1), 3, 2, 1) == h for h in range(5, 11)
    ],
    key(SL, r"n + k - 1$"): lambda: [
        len(np.convolve(np.ones(n), np.ones(k), "full")) == n + k - 1
        for n in (4, 6, 9)
        for k in (1, 2, 3)
    ],
    key(SL, r"\operatorname{len}(x \star w) = n - k$"): lambda: [
        len(corr(np.ones(n), np.ones(k))) == n - k for n in (4, 6, 9) for k in (1, 2, 3)
    ],
    key(SL, r"R_{\text{eff}} = D(R - 1) + 1"): lambda: [
        conv_out(15, k, 1, 0, d) == 15 - (d * (k - 1) + 1) + 1 for k in (2, 3, 5) for d in (1, 2, 3)
    ],
    key(SL, r"$R_{\text{eff}} = 6$", 3): lambda: [conv_out(15, 3, 1, 0, 2) == 15 - 6 + 1],
}


# --- fe_de_erratas.md: X 5x5, W 3x3, stride 1, no padding, Y 3x3; pooling on Z 4x4; y = W x, W 4x3

ER = "fe_de_erratas"


def _er(r: np.random.Generator) -> dict:
    x, w, b, g = (
        r.normal(size=(5, 5)),
        r.normal(size=(3, 3)),
        float(r.normal()),
        r.normal(size=(3, 3)),
    )
    out = conv(x[None, None], w[None, None], np.array([b]), g[None, None])
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        **{k: v[0, 0] if v.ndim == 4 else v[0] for k, v in out.items()},
    }


def _forward(v: dict, sign: int) -> bool:
    rhs = [
        [
            sum(
                v["w"][m, n] * at(v["x"], i + sign * m, j + sign * n)
                for m in range(3)
                for n in range(3)
            )
            + v["b"]
            for j in range(3)
        ]
        for i in range(3)
    ]
    return same(v["z"], rhs)


def _relu(r: np.random.Generator, mask: str) -> bool:
    y, da = t64(r.normal(size=(3, 3))), r.normal(size=(3, 3))
    (torch.relu(y) * t64(da, False)).sum().backward()
    yv = y.detach().numpy()
    return same(y.grad, da * (np.maximum(yv, 0) if mask == "relu" else (yv > 0)))


def _pool(r: np.random.Generator, kind: str) -> dict:
    z, g = t64(r.normal(size=(1, 1, 4, 4))), r.normal(size=(2, 2))
    m = (F.max_pool2d if kind == "max" else F.avg_pool2d)(z, 2, 2)
    (m * t64(g[None, None], False)).sum().backward()
    return {
        "z": z.detach().numpy()[0, 0],
        "m": m.detach().numpy()[0, 0],
        "g": g,
        "dz": z.grad.numpy()[0, 0],
    }


def _routed(v: dict, scale: float, only_max: bool) -> bool:
    rhs = [
        [
            scale
            * v["g"][i // 2, j // 2]
            * (v["z"][i, j] == v["m"][i // 2, j // 2] if only_max else 1)
            for j in range(4)
        ]
        for i in range(4)
    ]
    return same(v["dz"], rhs)


def _dense_col(r: np.random.Generator) -> dict:
    w, x, d = t64(r.normal(size=(4, 3))), t64(r.normal(size=3)), r.normal(size=4)
    ((w @ x) * t64(d, False)).sum().backward()
    return {"dw": w.grad.numpy(), "x": x.detach().numpy(), "d": d}


ER_PARAMS = params(torch.nn.Conv2d(3, 6, 5))
ER_SIZE = conv_out(32, 5, 2, 0)
ERRATA: dict[Key, Truth] = {
    key(ER, r"X_{i-m,\,j-n} + b$"): lambda: trials(lambda r: _forward(_er(r), -1), 600),
    key(ER, r"$$Y_{ij} = \sum"): lambda: trials(lambda r: _forward(_er(r), +1), 610),
    key(ER, r"\sum_{i=0}^{3} \sum_{j=0}^{3}"): lambda: trials(
        lambda r: same(
            (v := _er(r))["dw"],
            [
                [
                    sum(at(v["g"], i, j) * v["x"][i + m, j + n] for i in range(4) for j in range(4))
                    for n in range(3)
                ]
                for m in range(3)
            ],
        ),
        620,
    ),
    key(ER, r"= \delta \star W$"): lambda: trials(
        lambda r: same((v := _er(r))["dx"], corr(v["g"], v["w"])), 630
    ),
    key(ER, r"\operatorname{pad}_2(\delta) \star \operatorname{rot180}(W)$$"): lambda: trials(
        lambda r: same((v := _er(r))["dx"], corr(np.pad(v["g"], 2), rot180(v["w"]))), 640
    ),
    key(ER, "pero falta promediar"): lambda: trials(
        lambda r: math.isclose((v := _er(r))["db"], v["g"].sum()), 650
    ),
    key(ER, r"\frac{1}{9} \sum"): lambda: trials(
        lambda r: math.isclose((v := _er(r))["db"], v["g"].sum() / 9), 660
    ),
    key(ER, "(ReLU)", 2): lambda: trials(lambda r: _relu(r, "relu"), 670),
    key(ER, "(ReLU)", 3): lambda: trials(lambda r: _relu(r, "mask"), 680),
    key(ER, r"6 \cdot 5 \cdot 5 + 6 = 156", 1): lambda: count_claim(6 * 5 * 5 + 6, 156, ER_PARAMS),
    key(ER, r"6 \cdot 5 \cdot 5 + 6 = 156", 2): lambda: count_claim(
        6 * (3 * 5 * 5 + 1), 456, ER_PARAMS
    ),
    key(ER, "que no es entero", 1): lambda: count_claim(
        (32 - 5) / 2 + 1, (32 - 5) / 2 + 1, ER_SIZE
    ),
    key(ER, "que no es entero", 2): lambda: [ER_SIZE == (32 - 5) // 2 + 1],
    key(ER, "que no es entero", 3): lambda: count_claim((32 - 5) // 2 + 1, 14, ER_SIZE),
    key(ER, "para todo $(i,j)$", 2): lambda: trials(
        lambda r: _routed(_pool(r, "max"), 1, False), 690
    ),
    key(ER, r"\cdot \mathbb{1}\big[Z_{ij}"): lambda: trials(
        lambda r: _routed(_pool(r, "max"), 1, True), 700
    ),
    key(ER, r"x \, \boldsymbol{\delta}^{\top}", 3): lambda: trials(
        lambda r: same((v := _dense_col(r))["dw"], np.outer(v["x"], v["d"])), 710
    ),
    key(ER, r"\boldsymbol{\delta} \, x^{\top}$$"): lambda: trials(
        lambda r: same((v := _dense_col(r))["dw"], np.outer(v["d"], v["x"])), 720
    ),
    key(ER, "(pooling promedio)", 1): lambda: trials(
        lambda r: _routed(_pool(r, "avg"), 4, False), 730
    ),
    key(ER, "(pooling promedio)", 2): lambda: trials(
        lambda r: _routed(_pool(r, "avg"), 0.25, False), 740
    ),
}


# --- lab_report.md: 1x12x12 -> conv 4@3x3 -> ReLU -> conv 8@3x3 -> ReLU -> maxpool 2 -> dense 10

LB = "lab_report"


def _net(r: np.random.Generator) -> dict:
    x = t64(r.normal(size=(1, 1, 12, 12)), False)
    w1, b1 = t64(r.normal(size=(4, 1, 3, 3))), t64(r.normal(size=4))
    w2, b2 = t64(r.normal(size=(8, 4, 3, 3)) / 2), t64(r.normal(size=8))
    w3, b3 = t64(r.normal(size=(10, 128)) / 8), t64(r.normal(size=10))
    z1 = F.conv2d(x, w1, b1)
    a1 = torch.relu(z1)
    z2 = F.conv2d(a1, w2, b2)
    a2 = torch.relu(z2)
    q = F.max_pool2d(a2, 2)
    f = q.reshape(-1)
    s = w3 @ f + b3
    for t in (z1, a1, z2, a2, q):
        t.retain_grad()
    target = int(r.integers(10))
    F.cross_entropy(s[None], torch.tensor([target])).backward()
    out = {
        k: t.detach().numpy()[0]
        for k, t in (("x", x), ("z1", z1), ("a1", a1), ("z2", z2), ("a2", a2), ("q", q))
    }
    out.update(
        {
            f"d{k}": t.grad.numpy()[0]
            for k, t in (("z1", z1), ("a1", a1), ("z2", z2), ("a2", a2), ("q", q))
        }
    )
    out.update(
        {
            f"d{k}": t.grad.numpy()
            for k, t in (("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2), ("w3", w3))
        }
    )
    p = torch.softmax(s, 0).detach().numpy()
    return {**out, "w2": w2.detach().numpy(), "f": f.detach().numpy(), "pt": p - np.eye(10)[target]}


def _lab(check: object, seed: int) -> Truth:
    return lambda: trials(lambda r: check(_net(r)), seed)  # type: ignore[operator]


def _pool_route(v: dict) -> bool:
    """ReLU zeros tie inside a window; the winner is the position max pooling picked."""
    dq = v["dq"]
    _, won = F.max_pool2d(torch.tensor(v["a2"][None]), 2, return_indices=True)
    won = won[0].numpy()
    rhs = np.array(
        [
            [
                [dq[k, i // 2, j // 2] * (won[k, i // 2, j // 2] == 8 * i + j) for j in range(8)]
                for i in range(8)
            ]
            for k in range(8)
        ]
    )
    return same(v["da2"], rhs)


def _dw2(v: dict) -> bool:
    rhs = np.einsum(
        "kij,cijuv->kcuv",
        v["dz2"],
        np.lib.stride_tricks.sliding_window_view(v["a1"], (8, 8), axis=(1, 2)).transpose(
            0, 3, 4, 1, 2
        ),
    )
    return same(v["dw2"], rhs)


def _da1_plain(v: dict) -> bool:
    rhs = [
        [
            [
                sum(
                    zat(v["dz2"], k, h + u, w + q) * v["w2"][k, c, u, q]
                    for k in range(8)
                    for u in range(3)
                    for q in range(3)
                )
                for w in range(10)
            ]
            for h in range(10)
        ]
        for c in range(4)
    ]
    return same(v["da1"], rhs)


def _dw1(v: dict) -> bool:
    x = v["x"][0]
    terms = [(i, j) for i in range(10) for j in range(10)]
    rhs = [
        [
            [sum(v["dz1"][k, i, j] * x[i + u, j + q] for i, j in terms) for q in range(3)]
            for u in range(3)
        ]
        for k in range(4)
    ]
    return same(v["dw1"][:, 0], rhs)


LAB_TOTAL = 40 + 296 + 1290
LAB_NET = [torch.nn.Conv2d(1, 4, 3), torch.nn.Conv2d(4, 8, 3), torch.nn.Linear(128, 10)]
LAB_SIZES = [conv_out(12, 3, 1, 0), conv_out(10, 3, 1, 0), 8 * 4 * 4]
LAB: dict[Key, Truth] = {
    key(LB, r"$12 - 3 + 1 = 10$", 1): lambda: count_claim(12 - 3 + 1, 10, LAB_SIZES[0]),
    key(LB, r"$12 - 3 + 1 = 10$", 2): lambda: count_claim(10 - 3 + 1, 8, LAB_SIZES[1]),
    key(LB, r"$12 - 3 + 1 = 10$", 3): lambda: count_claim(
        8 * 4 * 4, 128, int(F.max_pool2d(torch.zeros(8, 8, 8), 2).numel())
    ),
    key(LB, "| Conv1 |"): lambda: count_claim(4 * (1 * 9 + 1), 40, params(LAB_NET[0])),
    key(LB, "| Conv2 |"): lambda: count_claim(8 * (4 * 9 + 1), 296, params(LAB_NET[1])),
    key(LB, "| Dense |"): lambda: count_claim(128 * 10 + 10, 1290, params(LAB_NET[2])),
    key(LB, "In total the network"): lambda: count_claim(
        LAB_TOTAL, 1616, sum(params(m) for m in LAB_NET)
    ),
    key(LB, r"(p - t)\, f^{\top}"): _lab(lambda v: same(v["dw3"], np.outer(v["pt"], v["f"])), 800),
    key(LB, r"\operatorname{argmax} \text{ of its window}"): _lab(_pool_route, 810),
    key(LB, "**ReLU.**"): _lab(lambda v: same(v["dz2"], v["da2"] * (v["z2"] > 0)), 820),
    key(LB, r"\partial W^{(2)}_{k,c,u,v}}"): _lab(_dw2, 830),
    key(LB, r"\sum_{c=0}^{3} \sum_{i=0}^{7}"): _lab(
        lambda v: same(v["db2"], 4 * v["dz2"].sum(axis=(1, 2))), 840
    ),
    key(LB, r"\Delta^{(2)}_{k,\,h+u,\,w+v}"): _lab(_da1_plain, 850),
    key(LB, r"\operatorname{pad}_2\big(\Delta^{(2)}_{k}\big)"): _lab(
        lambda v: all(
            same(
                v["da1"][c],
                sum(corr(np.pad(v["dz2"][k], 2), rot180(v["w2"][k, c])) for k in range(8)),
            )
            for c in range(4)
        ),
        860,
    ),
    key(LB, r"\frac{1}{100} \sum", 1): _lab(_dw1, 870),
    key(LB, r"\frac{1}{100} \sum", 2): _lab(
        lambda v: same(v["db1"], v["dz1"].sum(axis=(1, 2)) / 100), 880
    ),
}

NOTES_C: dict[Key, Truth] = {**SLIDES, **ERRATA, **LAB}
