"""Independent truth for the fresh11 unseen set, notes conv_como_matriz (Toeplitz matrix C and
im2col) and grouped_depthwise_answer (groups = 2 and depthwise). Same conventions as
unseen_fresh11_truth.py (NumPy / torch autograd, no symconv)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh11_truth import corr, count_claim, pad, params, rot180, t64, trials
from unseen_truth_base import Truth, at, same, zat

# --- conv_como_matriz.md: 4x4 X, 3x3 K, 2x2 Y, row-major vec; im2col; 2 -> 3 channels; N = 2


def _toeplitz(k: np.ndarray) -> np.ndarray:
    """C with vec(Y) = C vec(X), read off torch conv2d applied to each basis image."""
    cols = []
    for s in range(16):
        e = np.zeros(16)
        e[s] = 1.0
        y = F.conv2d(t64(e.reshape(1, 1, 4, 4)), t64(k[None, None]))
        cols.append(y.numpy().reshape(4))
    return np.stack(cols, axis=1)


def _im2col(x: np.ndarray) -> np.ndarray:
    """(C, 4, 4) -> (9C, 4): column 2a+b stacks the 3x3 patches at (a, b), channel by channel."""
    return np.stack(
        [x[:, a : a + 3, b : b + 3].reshape(-1) for a in range(2) for b in range(2)], axis=1
    )


def _col2im(cols: np.ndarray) -> np.ndarray:
    out = np.zeros((4, 4))
    for a in range(2):
        for b in range(2):
            out[a : a + 3, b : b + 3] += cols[:, 2 * a + b].reshape(3, 3)
    return out


def _single(r: np.random.Generator) -> dict:
    x, k = t64(r.normal(size=(1, 1, 4, 4)), True), t64(r.normal(size=(1, 1, 3, 3)), True)
    g = r.normal(size=(2, 2))
    y = F.conv2d(x, k)
    (y * t64(g[None, None])).sum().backward()
    xn, kn = x.detach().numpy()[0, 0], k.detach().numpy()[0, 0]
    xcol = t64(_im2col(xn[None]), True)
    (t64(kn.reshape(9)) @ xcol * t64(g.reshape(4))).sum().backward()
    return {
        "x": xn, "k": kn, "g": g, "y": y.detach().numpy()[0, 0], "dx": x.grad.numpy()[0, 0],
        "dk": k.grad.numpy()[0, 0], "C": _toeplitz(kn), "xcol": _im2col(xn[None]),
        "dxcol": xcol.grad.numpy(),
    }  # fmt: skip


def _multi(r: np.random.Generator) -> dict:
    x, w = t64(r.normal(size=(2, 2, 4, 4)), True), t64(r.normal(size=(3, 2, 3, 3)), True)
    g = r.normal(size=(2, 3, 2, 2))
    y = F.conv2d(x, w)
    (y * t64(g)).sum().backward()
    xn = x.detach().numpy()
    return {
        "xcols": [_im2col(xn[n]) for n in range(2)],
        "gmats": [g[n].reshape(3, 4) for n in range(2)],
        "dwmat": w.grad.numpy().reshape(3, 18),
    }


def _batch_of_one(r: np.random.Generator) -> dict:
    """Image 0 of a batch of one, for the formulas written for a single image."""
    x, w = t64(r.normal(size=(1, 2, 4, 4)), True), t64(r.normal(size=(3, 2, 3, 3)), True)
    g = r.normal(size=(1, 3, 2, 2))
    y = F.conv2d(x, w)
    (y * t64(g)).sum().backward()
    return {
        "xcol": _im2col(x.detach().numpy()[0]), "gmat": g[0].reshape(3, 4),
        "wmat": w.detach().numpy().reshape(3, 18), "ymat": y.detach().numpy()[0].reshape(3, 4),
        "dwmat": w.grad.numpy().reshape(3, 18),
    }  # fmt: skip


def _toeplitz_entries(
    v: dict, kernel_index: Callable[[int, int, int, int], tuple[int, int]]
) -> bool:
    for a in range(2):
        for b in range(2):
            for p in range(4):
                for q in range(4):
                    inside = 0 <= p - a <= 2 and 0 <= q - b <= 2
                    want = at(v["k"], *kernel_index(a, b, p, q)) if inside else 0.0
                    if not np.isclose(v["C"][2 * a + b, 4 * p + q], want, rtol=1e-9, atol=1e-12):
                        return False
    return True


def _m1(check: Callable[[dict], bool]) -> Truth:
    return trials(lambda r: check(_single(r)), 1500)


def _mc(check: Callable[[dict], bool]) -> Truth:
    return trials(lambda r: check(_batch_of_one(r)), 1550)


def _mb(check: Callable[[dict], bool]) -> Truth:
    return trials(lambda r: check(_multi(r)), 1600)


def _convt(g: np.ndarray, k: np.ndarray) -> np.ndarray:
    return F.conv_transpose2d(t64(g[None, None]), t64(k[None, None])).numpy()[0, 0]


MATRIZ: dict[tuple[str, int, int], Truth] = {
    ("conv_como_matriz", 9, 1): _m1(
        lambda v: _toeplitz_entries(v, lambda a, b, p, q: (p - a, q - b))
    ),
    ("conv_como_matriz", 13, 1): _m1(
        lambda v: _toeplitz_entries(v, lambda a, b, p, q: (a - p, b - q))
    ),
    ("conv_como_matriz", 17, 1): _m1(
        lambda v: same(v["dx"].reshape(16), v["C"].T @ v["g"].reshape(4))
    ),
    ("conv_como_matriz", 19, 1): _m1(
        lambda v: same(v["dx"].reshape(16), v["C"] @ v["g"].reshape(4))
    ),
    ("conv_como_matriz", 21, 1): _m1(
        lambda v: same(_convt(v["g"], v["k"]), corr(pad(v["g"], 2), rot180(v["k"])))
    ),
    ("conv_como_matriz", 27, 1): _m1(
        lambda v: same(v["y"].reshape(4), v["k"].reshape(9) @ v["xcol"])
    ),
    ("conv_como_matriz", 31, 1): _m1(
        lambda v: same(v["dk"].reshape(9), v["xcol"] @ v["g"].reshape(4))
    ),
    ("conv_como_matriz", 33, 1): _m1(
        lambda v: same(v["dk"].reshape(9), v["xcol"].T @ v["g"].reshape(4))
    ),
    ("conv_como_matriz", 35, 1): _m1(
        lambda v: same(v["dxcol"], np.outer(v["k"].reshape(9), v["g"].reshape(4)))
    ),
    ("conv_como_matriz", 35, 2): _m1(
        lambda v: same(v["dx"], _col2im(np.outer(v["k"].reshape(9), v["g"].reshape(4))))
    ),
    ("conv_como_matriz", 39, 3): _mc(lambda v: same(v["ymat"], v["wmat"] @ v["xcol"])),
    ("conv_como_matriz", 43, 1): _mc(lambda v: same(v["dwmat"], v["gmat"] @ v["xcol"].T)),
    ("conv_como_matriz", 45, 1): _mc(lambda v: same(v["dwmat"], v["xcol"] @ v["gmat"].T)),
    ("conv_como_matriz", 49, 1): _mb(
        lambda v: same(v["dwmat"], sum(v["gmats"][n] @ v["xcols"][n].T for n in range(2)))
    ),
    ("conv_como_matriz", 51, 1): lambda: count_claim(
        2 * 18 * 4, 72, F.unfold(torch.zeros(2, 2, 4, 4), 3).numel()
    ),
}


# --- grouped_depthwise_answer.md: N = 2, C = 4 -> F = 6, groups 2, 3x3, 5x5 -> 3x3; depthwise


def _grouped(r: np.random.Generator, groups: int, f: int) -> dict:
    x = t64(r.normal(size=(2, 4, 5, 5)), True)
    w = t64(r.normal(size=(f, 4 // groups, 3, 3)), True)
    b = t64(r.normal(size=f), True)
    g = r.normal(size=(2, f, 3, 3))
    (F.conv2d(x, w, b, groups=groups) * t64(g)).sum().backward()
    return {
        "x": x.detach().numpy(), "w": w.detach().numpy(), "g": g, "dx": x.grad.numpy(),
        "dw": w.grad.numpy(), "db": b.grad.numpy(),
    }  # fmt: skip


def _gr(check: Callable[[dict], bool]) -> Truth:
    return trials(lambda r: check(_grouped(r, 2, 6)), 1700)


def _dw(check: Callable[[dict], bool]) -> Truth:
    return trials(lambda r: check(_grouped(r, 4, 4)), 1750)


def _grouped_dw(v: dict, channel: Callable[[int, int], int]) -> bool:
    rhs = np.zeros((6, 2, 3, 3))
    for f in range(6):
        for c in range(2):
            for u in range(3):
                for w in range(3):
                    rhs[f, c, u, w] = sum(
                        v["g"][n, f, i, j] * at(v["x"], n, channel(f, c), i + u, j + w)
                        for n in range(2)
                        for i in range(3)
                        for j in range(3)
                    )
    return same(v["dw"], rhs)


def _grouped_dx(v: dict, filters: Callable[[int], range]) -> bool:
    rhs = np.zeros((2, 4, 5, 5))
    for n in range(2):
        for c in range(4):
            for p in range(5):
                for q in range(5):
                    rhs[n, c, p, q] = sum(
                        zat(v["g"], n, f, p - u, q - w) * v["w"][f, c % 2, u, w]
                        for f in filters(c)
                        for u in range(3)
                        for w in range(3)
                    )
    return same(v["dx"], rhs)


def _separable_pointwise(r: np.random.Generator) -> bool:
    x = t64(r.normal(size=(2, 4, 5, 5)))
    wd = t64(r.normal(size=(4, 1, 3, 3)))
    wp = t64(r.normal(size=(8, 4, 1, 1)), True)
    z = F.conv2d(x, wd, groups=4)
    gp = r.normal(size=(2, 8, 3, 3))
    (F.conv2d(z, wp) * t64(gp)).sum().backward()
    zs = [z.numpy()[n].reshape(4, 9) for n in range(2)]
    deltas = [gp[n].reshape(8, 9) for n in range(2)]
    return same(wp.grad.numpy()[:, :, 0, 0], sum(zs[n] @ deltas[n].T for n in range(2)))


GROUPED: dict[tuple[str, int, int], Truth] = {
    ("grouped_depthwise_answer", 7, 1): lambda: count_claim(
        6 * 2 * 3 * 3 + 6, 114, params(torch.nn.Conv2d(4, 6, 3, groups=2))
    ),
    ("grouped_depthwise_answer", 11, 1): _gr(
        lambda v: _grouped_dw(v, lambda f, c: 2 * (f // 3) + c)
    ),
    ("grouped_depthwise_answer", 13, 1): _gr(lambda v: _grouped_dw(v, lambda f, c: c)),
    ("grouped_depthwise_answer", 17, 1): _gr(
        lambda v: _grouped_dx(v, lambda c: range(3 * (c // 2), 3 * (c // 2) + 3))
    ),
    ("grouped_depthwise_answer", 19, 1): _gr(lambda v: _grouped_dx(v, lambda c: range(6))),
    ("grouped_depthwise_answer", 21, 1): _gr(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)))),
    ("grouped_depthwise_answer", 25, 1): _dw(
        lambda v: all(
            same(v["dx"][n, c], corr(pad(v["g"][n, c], 2), rot180(v["w"][c, 0])))
            for n in range(2)
            for c in range(4)
        )
    ),
    ("grouped_depthwise_answer", 27, 1): _dw(
        lambda v: all(
            same(
                v["dw"][c, 0],
                sum(corr(v["x"][n, cc], v["g"][n, c]) for n in range(2) for cc in range(4)),
            )
            for c in range(4)
        )
    ),
    ("grouped_depthwise_answer", 29, 1): lambda: count_claim(
        4 * 9 + 4, 40, params(torch.nn.Conv2d(4, 4, 3, groups=4))
    ),
    ("grouped_depthwise_answer", 29, 2): lambda: count_claim(
        4 * 9 + 4 * 8,
        72,
        params(torch.nn.Conv2d(4, 4, 3, groups=4, bias=False))
        + params(torch.nn.Conv2d(4, 8, 1, bias=False)),
    ),
    ("grouped_depthwise_answer", 29, 3): lambda: [
        F.conv2d(
            torch.zeros(1, 4, 5, 5), torch.zeros(4, 1, 3, 3), stride=2, padding=1, groups=4
        ).shape[-1]
        == (5 + 1 - 3) // 2 + 1
    ],
    ("grouped_depthwise_answer", 29, 4): lambda: [(5 + 1 - 3) // 2 + 1 == 2],
    ("grouped_depthwise_answer", 31, 1): trials(_separable_pointwise, 1800),
}

NOTES_C: dict[tuple[str, int, int], Truth] = {**MATRIZ, **GROUPED}
