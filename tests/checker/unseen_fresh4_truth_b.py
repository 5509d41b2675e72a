"""Independent truth for the fresh4 unseen set, notes 2-3 (see unseen_fresh4_truth.py):
the notebook's symbolic sizes over the grid of the range it states, and transposed convolution
against torch conv_transpose1d/2d.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh4_truth import (
    F64,
    Truth,
    arith,
    at,
    close,
    corr,
    dilate,
    named,
    pad,
    params,
    rng,
    rot180,
    tensor,
    trials,
    zat,
)

# --- notebook_conv_grads.md: symbolic H, W, K, S, P on the note's range (S >= 2,
# 1 <= P <= (K-1)/2, H, W >= K), 0-based X[i, j]; then 7, 9, 3, 2, 1


def _nb_sizes() -> list[tuple[int, int, int, int, int]]:
    out = []
    for k, s in itertools.product((3, 4, 5), (2, 3)):
        for p, h, w in itertools.product(
            range(1, (k - 1) // 2 + 1), (k, k + 1, k + 3, k + 5), (k + 1, k + 2, k + 4)
        ):
            out.append((h, w, k, s, p))
    return out


def _nb_case(size: tuple[int, int, int, int, int], seed: int) -> dict:
    h, w, k, s, p = size
    r = rng(seed)
    x, kern, b = r.normal(size=(h, w)), r.normal(size=(k, k)), r.normal()
    xt, kt, bt = tensor(x[None, None]), tensor(kern[None, None]), tensor(np.array([b]))
    z = F.conv2d(xt, kt, bt, stride=s, padding=p)
    g = r.normal(size=z.shape[-2:])
    (z * torch.tensor(g[None, None], dtype=F64)).sum().backward()
    return {
        "x": x,
        "xp": pad(x, p),
        "w": kern,
        "b": b,
        "g": g,
        "z": z.detach().numpy()[0, 0],
        "dw": kt.grad.numpy()[0, 0],
        "db": float(bt.grad.numpy()[0]),
        "h": h,
        "W": w,
        "k": k,
        "s": s,
        "p": p,
        "ho": z.shape[-2],
        "wo": z.shape[-1],
    }


def _nb(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_nb_case(size, 200 + n)) for n, size in enumerate(_nb_sizes())]


def _nb_sum(v: dict, ho: int, wo: int, term: Callable[[int, int], float]) -> float:
    return sum(term(i, j) for i in range(ho) for j in range(wo))


def _nb_dw(ho_add: int, read: Callable[[dict, int, int], float]) -> Callable[[dict], bool]:
    """dW[m, n] = sum over i < H_out + ho_add, j < W_out + ho_add of dY[i, j] * read(row, col)."""

    def check(v: dict) -> bool:
        s, k, g = v["s"], v["k"], v["g"]
        return close(
            lambda: v["dw"],
            lambda: [
                [
                    _nb_sum(
                        v,
                        v["ho"] + ho_add,
                        v["wo"] + ho_add,
                        lambda i, j, m=m, n=n: at(g, i, j) * read(v, s * i + m, s * j + n),
                    )
                    for n in range(k)
                ]
                for m in range(k)
            ],
        )

    return check


def _nb_forward(v: dict) -> bool:
    s, k, w, xp = v["s"], v["k"], v["w"], v["xp"]
    return close(
        lambda: v["z"],
        lambda: [
            [
                v["b"]
                + sum(w[m, n] * at(xp, s * i + m, s * j + n) for m in range(k) for n in range(k))
                for j in range(v["wo"])
            ]
            for i in range(v["ho"])
        ],
    )


def _nb_grid(claim: Callable[[int, int, int, int, int], bool]) -> Truth:
    return lambda: [claim(*size) for size in _nb_sizes()]


def _out_hw(h: int, w: int, k: int, s: int, p: int) -> tuple[int, int]:
    z = F.conv2d(
        torch.zeros(1, 1, h, w, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p
    )
    return int(z.shape[-2]), int(z.shape[-1])


NOTEBOOK: dict[tuple[str, int, int], Truth] = {
    ("notebook_conv_grads", 15, 1): _nb_grid(
        lambda h, w, k, s, p: (h + 2 * p) * (w + 2 * p) - h * w == 2 * p * (h + w)
    ),
    ("notebook_conv_grads", 17, 1): _nb_grid(
        lambda h, w, k, s, p: _out_hw(h, w, k, s, p)[0] == math.floor((h + 2 * p - k) / s) + 1
    ),
    ("notebook_conv_grads", 19, 1): _nb_grid(
        lambda h, w, k, s, p: _out_hw(h, w, k, s, p)[1] == math.floor((w + 2 * p - k) / s) + 1
    ),
    ("notebook_conv_grads", 22, 1): _nb_grid(
        lambda h, w, k, s, p: _out_hw(h, w, k, s, p)[0] == math.ceil((h + 2 * p - k + 1) / s)
    ),
    ("notebook_conv_grads", 28, 1): _nb(_nb_forward),
    ("notebook_conv_grads", 47, 1): _nb(_nb_dw(0, lambda v, r, c: at(v["xp"], r, c))),
    ("notebook_conv_grads", 51, 1): _nb(
        lambda v: close(
            lambda: v["db"], lambda: _nb_sum(v, v["ho"], v["wo"], lambda i, j: at(v["g"], i, j))
        )
    ),
    ("notebook_conv_grads", 55, 1): _nb(_nb_dw(1, lambda v, r, c: at(v["xp"], r, c))),
    ("notebook_conv_grads", 59, 1): _nb(
        _nb_dw(0, lambda v, r, c: zat(v["x"], r - v["p"], c - v["p"]))
    ),
    ("notebook_conv_grads", 62, 1): _nb(
        _nb_dw(0, lambda v, r, c: zat(v["x"], r + v["p"], c + v["p"]))
    ),
    ("notebook_conv_grads", 66, 1): _nb(
        lambda v: close(
            lambda: v["db"], lambda: _nb_sum(v, v["h"], v["W"], lambda i, j: at(v["g"], i, j))
        )
    ),
    ("notebook_conv_grads", 82, 1): lambda: named(_out_hw(7, 9, 3, 2, 1)[0], (7 + 2 - 3) // 2 + 1),
    ("notebook_conv_grads", 82, 2): lambda: arith((7 + 2 - 3) // 2 + 1, 4),
    ("notebook_conv_grads", 84, 1): lambda: named(_out_hw(7, 9, 3, 2, 1)[1], 4),
    ("notebook_conv_grads", 84, 2): lambda: named(pad(np.zeros((7, 9)), 1).shape[0], 7 + 1),
    ("notebook_conv_grads", 84, 3): lambda: arith(7 + 1, 8),
}


# --- qa_convtranspose2d.md: ConvTranspose2d(16, 8, 4, stride 2, padding 1) on 16x16;
# 1-D x = (1, 2, 3), w = (1, -1, 2), stride 2, 0-based


def _tout(h: int, k: int, s: int, p: int, op: int = 0) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    w = torch.zeros(1, 1, k, k, dtype=F64)
    return int(F.conv_transpose2d(x, w, stride=s, padding=p, output_padding=op).shape[-1])


def _tsize_grid() -> list[bool]:
    out = []
    for h, k, s, p in itertools.product(range(1, 7), range(1, 5), (1, 2, 3), (0, 1, 2)):
        for op in range(s):
            if (h - 1) * s - 2 * p + k + op >= 1:
                out.append(_tout(h, k, s, p, op) == (h - 1) * s - 2 * p + k + op)
    return out


def _t1d(r: np.random.Generator, x: np.ndarray | None = None, w: np.ndarray | None = None) -> dict:
    x = r.normal(size=3) if x is None else x
    w = r.normal(size=3) if w is None else w
    g = r.normal(size=7)
    xt, wt = tensor(x[None, None]), tensor(w[None, None])
    y = F.conv_transpose1d(xt, wt, stride=2)
    (y * torch.tensor(g[None, None], dtype=F64)).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _t1(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_t1d(r)), 300)


def _t2d_op(p: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, w = r.normal(size=(16, 16)), r.normal(size=(4, 4))
        y = F.conv_transpose2d(
            torch.tensor(x[None, None]), torch.tensor(w[None, None]), stride=2, padding=1
        ).numpy()[0, 0]
        return close(lambda: y, lambda: corr(pad(dilate(x, 2), p), rot180(w)))

    return lambda: trials(check, 310)


_UP = torch.nn.ConvTranspose2d(16, 8, kernel_size=4, stride=2, padding=1)
QA: dict[tuple[str, int, int], Truth] = {
    ("qa_convtranspose2d", 11, 1): lambda: named(_tout(16, 4, 2, 1), (16 - 1) * 2 + 4),
    ("qa_convtranspose2d", 11, 2): lambda: arith((16 - 1) * 2 + 4, 34),
    ("qa_convtranspose2d", 13, 1): lambda: named(params(_UP), 16 * 8 * 4 * 4),
    ("qa_convtranspose2d", 13, 2): lambda: arith(16 * 8 * 4 * 4, 2048),
    ("qa_convtranspose2d", 21, 1): _tsize_grid,
    ("qa_convtranspose2d", 25, 1): lambda: (
        named(_tout(16, 4, 2, 1), (16 - 1) * 2 - 2 * 1 + 4) + arith((16 - 1) * 2 - 2 * 1 + 4, 32)
    ),
    ("qa_convtranspose2d", 31, 1): lambda: [_tout(h, 4, 2, 1) == 2 * h for h in range(1, 12)],
    ("qa_convtranspose2d", 37, 1): lambda: (
        named(params(_UP), 16 * 8 * 4 * 4 + 8) + arith(16 * 8 * 4 * 4 + 8, 2056)
    ),
    ("qa_convtranspose2d", 39, 1): lambda: (
        named(
            params(torch.nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1, groups=4)),
            16 * 2 * 4 * 4 + 8,
        )
        + arith(16 * 2 * 4 * 4 + 8, 520)
    ),
    ("qa_convtranspose2d", 43, 1): _t1(
        lambda v: close(
            lambda: v["y"],
            lambda: [sum(v["x"][p] * zat(v["w"], i - 2 * p) for p in range(3)) for i in range(7)],
        )
    ),
    ("qa_convtranspose2d", 47, 1): lambda: [
        close(
            lambda: _t1d(rng(320), np.array([1.0, 2, 3]), np.array([1.0, -1, 2]))["y"],
            lambda: [1, -1, 4, -2, 7, -3, 6],
        )
    ],
    ("qa_convtranspose2d", 53, 1): _t2d_op(2),
    ("qa_convtranspose2d", 57, 2): _t1(
        lambda v: close(
            lambda: v["dx"],
            lambda: [sum(v["w"][k] * at(v["g"], 2 * p + k) for k in range(3)) for p in range(3)],
        )
    ),
    ("qa_convtranspose2d", 59, 1): _t1(
        lambda v: close(
            lambda: v["dx"],
            lambda: [sum(v["w"][k] * at(v["g"], p + k) for k in range(3)) for p in range(3)],
        )
    ),
    ("qa_convtranspose2d", 61, 1): _t2d_op(1),
    ("qa_convtranspose2d", 63, 1): lambda: [_tout(h, 3, 2, 1) == 2 * h for h in range(1, 12)],
    ("qa_convtranspose2d", 65, 1): lambda: named(
        params(torch.nn.Conv2d(8, 16, 4, stride=2, padding=1)), 16 * 8 * 4 * 4 + 8
    ),
    ("qa_convtranspose2d", 65, 2): lambda: arith(16 * 8 * 4 * 4 + 8, 2056),
}


NOTES_B: dict[tuple[str, int, int], Truth] = {**NOTEBOOK, **QA}
