"""Independent truth for the fresh5 unseen set, notes 5-7 (see unseen_fresh5_truth.py).

Sizes and parameter counts come from torch modules (output shapes, numel of the parameters);
the dense layer's gradients from autograd of x @ w + b with the mean cross-entropy; the 1-D
layer's from autograd of conv1d with padding 1 (and 2 for the even kernel).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch.autograd.functional import jacobian
from unseen_fresh5_truth import Key, Truth, agree, at, numbers, params, same, tensor, trials, zat

# --- midterm_answers_sizes_params.md: a student's sizes and counts (every conv has a bias)


def _out(module: torch.nn.Module, channels: int, size: int) -> int:
    with torch.no_grad():
        return int(module(torch.zeros(1, channels, size, size)).shape[-1])


def _conv_size_grid() -> list[bool]:
    out = []
    for h, k, s, p, d in np.ndindex(13, 5, 4, 3, 4):
        if h < 1 or k < 2 or s < 1 or d < 1 or h + 2 * p < d * (k - 1) + 1:
            continue
        conv = torch.nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)
        out.append(_out(conv, 1, h) == (h + 2 * p - d * (k - 1) - 1) // s + 1)
    return out


_H1 = _out(torch.nn.Conv2d(3, 1, 7, stride=2, padding=3), 3, 224)
_DIL = _out(torch.nn.Conv2d(1, 1, 3, padding=1, dilation=2), 1, 7)
_TCONV = torch.nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1)
MIDTERM: dict[Key, Truth] = {
    ("midterm_answers_sizes_params", 3, 1): _conv_size_grid,
    ("midterm_answers_sizes_params", 9, 1): lambda: numbers(_H1, (224 + 6 - 7) // 2 + 1),
    ("midterm_answers_sizes_params", 9, 2): lambda: numbers((224 + 6 - 7) // 2 + 1, 112),
    ("midterm_answers_sizes_params", 15, 1): lambda: numbers(
        _out(torch.nn.MaxPool2d(3, stride=2, padding=1), 1, 112), 57
    ),
    ("midterm_answers_sizes_params", 19, 1): lambda: numbers(
        params(torch.nn.Conv2d(256, 64, 1)), 16384
    ),
    ("midterm_answers_sizes_params", 23, 1): lambda: numbers(
        params(torch.nn.Conv2d(128, 256, 3, padding=1, groups=4)), 128 / 4 * 256 / 4 * 9 + 256
    ),
    ("midterm_answers_sizes_params", 23, 2): lambda: numbers(128 / 4 * 256 / 4 * 9 + 256, 18688),
    ("midterm_answers_sizes_params", 27, 1): lambda: numbers(
        params(torch.nn.Conv2d(32, 32, 3, padding=1, groups=32)), 32 * 9 + 32
    ),
    ("midterm_answers_sizes_params", 27, 2): lambda: numbers(32 * 9 + 32, 320),
    ("midterm_answers_sizes_params", 31, 1): lambda: numbers(
        params(torch.nn.Conv2d(32, 64, 3, padding=1, groups=32)), 32 * 2 * 9
    ),
    ("midterm_answers_sizes_params", 31, 2): lambda: numbers(32 * 2 * 9, 576),
    ("midterm_answers_sizes_params", 39, 1): lambda: numbers(
        _out(torch.nn.Conv2d(1, 1, 3, stride=2), 1, 28), 13
    ),
    ("midterm_answers_sizes_params", 43, 1): lambda: numbers(_DIL, 7 + 2 - 3 + 1),
    ("midterm_answers_sizes_params", 43, 2): lambda: numbers(7 + 2 - 3 + 1, 7),
    ("midterm_answers_sizes_params", 47, 1): lambda: numbers(_out(_TCONV, 64, 16), 15 * 2 + 4),
    ("midterm_answers_sizes_params", 47, 2): lambda: numbers(15 * 2 + 4, 34),
    ("midterm_answers_sizes_params", 51, 1): lambda: numbers(params(_TCONV), 64 * 32 * 16 + 64),
    ("midterm_answers_sizes_params", 51, 2): lambda: numbers(64 * 32 * 16 + 64, 32832),
}


# --- apuntes_densa_softmax_es.md: rows are examples, Z = XW + b, N = 4, 5 -> 3, mean CE, 1-based


def _dense(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(4, 5)), r.normal(size=(5, 3)), r.normal(size=3)
    labels = r.integers(0, 3, size=4)
    xt, wt, bt = tensor(x, True), tensor(w, True), tensor(b, True)
    z = xt @ wt + bt
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(labels), reduction="mean").backward()
    p = torch.softmax(z, dim=1).detach().numpy()
    return {
        "x": x,
        "w": w,
        "b": b,
        "y": np.eye(3)[labels],
        "z": z.detach().numpy(),
        "p": p,
        "dz": z.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
        "dx": xt.grad.numpy(),
    }


def _dn(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_dense(r)), 500)


def _softmax_jacobian(rule: Callable[[np.ndarray, int, int], float]) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        for n in range(4):
            jac = jacobian(lambda t: torch.softmax(t, 0), tensor(v["z"][n])).numpy()
            if not same(jac, [[rule(v["p"][n], k, m) for m in range(3)] for k in range(3)]):
                return False
        return True

    return check


def _one_row(y: list[float]) -> np.ndarray:
    z = tensor(np.array([np.log(2.0), 0.0, 0.0]), True)
    F.cross_entropy(z[None], torch.tensor([int(np.argmax(y))])).backward()
    return z.grad.numpy()  # softmax(z) - y for one row


DENSE: dict[Key, Truth] = {
    ("apuntes_densa_softmax_es", 17, 1): _dn(
        lambda v: same(
            v["z"],
            [
                [
                    sum(at(v["x"], n, j) * at(v["w"], j, k) for j in range(5)) + v["b"][k]
                    for k in range(3)
                ]
                for n in range(4)
            ],
        )
    ),
    ("apuntes_densa_softmax_es", 19, 1): lambda: numbers(params(torch.nn.Linear(5, 3)), 15),
    ("apuntes_densa_softmax_es", 25, 1): _dn(
        _softmax_jacobian(lambda p, k, m: p[k] * ((k == m) - p[m]))
    ),
    ("apuntes_densa_softmax_es", 27, 1): _dn(_softmax_jacobian(lambda p, k, m: p[k] * (1 - p[m]))),
    ("apuntes_densa_softmax_es", 33, 1): _dn(lambda v: same(v["dz"], (v["p"] - v["y"]) / 4)),
    ("apuntes_densa_softmax_es", 37, 2): _dn(lambda v: same(v["dz"], (v["p"] - v["y"]) / 4)),
    ("apuntes_densa_softmax_es", 43, 1): _dn(lambda v: same(v["dw"], v["x"].T @ v["dz"])),
    ("apuntes_densa_softmax_es", 45, 1): _dn(lambda v: same(v["dx"], v["dz"] @ v["w"].T)),
    ("apuntes_densa_softmax_es", 49, 1): _dn(lambda v: same(v["db"], v["dz"] @ np.ones(3))),
    ("apuntes_densa_softmax_es", 53, 1): _dn(
        lambda v: agree(
            lambda: v["dx"],
            lambda: [
                [sum(v["dz"][n, k] * at(v["w"], k, j) for k in range(3)) for j in range(5)]
                for n in range(4)
            ],
        )
    ),
    ("apuntes_densa_softmax_es", 57, 1): _dn(lambda v: same(v["dw"], v["x"].T @ (v["p"] - v["y"]))),
    ("apuntes_densa_softmax_es", 63, 1): lambda: [
        same(torch.softmax(tensor(np.array([np.log(2.0), 0, 0])), 0), [0.5, 0.25, 0.25])
    ],
    ("apuntes_densa_softmax_es", 67, 1): lambda: [same(_one_row([0, 1, 0]), [-0.5, 0.75, 0.25])],
}


# --- appendix_b_temporal_conv.md: T = 8, K = 3, 'same' padding 1, 0-based; B.4 C_in 2, C_out 4


def _seq(r: np.random.Generator) -> dict:
    x, w, b, g = r.normal(size=8), r.normal(size=3), r.normal(), r.normal(size=8)
    xt, wt, bt = (
        tensor(x[None, None], True),
        tensor(w[None, None], True),
        tensor(np.array([b]), True),
    )
    y = F.conv1d(xt, wt, bt, padding=1)
    (y * tensor(g[None, None])).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "xp": np.pad(x, 1),
        "y": y.detach().numpy()[0, 0],
        "dx": xt.grad.numpy()[0, 0],
        "dw": wt.grad.numpy()[0, 0],
        "db": bt.grad.numpy()[0],
    }


def _sq(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_seq(r)), 600)


def toeplitz(w: np.ndarray) -> np.ndarray:
    """(T_w)_{t,s} = w_{s-t+1} for |s - t| <= 1, zero elsewhere (the appendix's definition)."""
    return np.array(
        [[w[s - t + 1] if abs(s - t) <= 1 else 0.0 for s in range(8)] for t in range(8)]
    )


def _x_col(v: dict) -> np.ndarray:
    return np.array([[v["xp"][t + k] for k in range(3)] for t in range(8)])


def _length(t: int, k: int, p: int) -> int:
    return int(F.conv1d(torch.zeros(1, 1, t), torch.zeros(1, 1, k), padding=p).shape[-1])


def _channels(r: np.random.Generator) -> dict:
    """B.4: x (2, 8), W (4, 2, 3), G (4, 8); the im2col matrix as an autograd leaf too."""
    x, w, b, g = (
        r.normal(size=(2, 8)),
        r.normal(size=(4, 2, 3)),
        r.normal(size=4),
        r.normal(size=(4, 8)),
    )
    xt = tensor(x[None], True)
    y = F.conv1d(xt, tensor(w), tensor(b), padding=1)
    (y * tensor(g[None])).sum().backward()
    xp = np.pad(x, ((0, 0), (1, 1)))
    col = np.array([[xp[c, t + k] for c in range(2) for k in range(3)] for t in range(8)])
    colt, wm = tensor(col, True), tensor(w.reshape(4, 6))
    ym = wm @ colt.T + tensor(b)[:, None]
    (ym * tensor(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": y.detach().numpy()[0],
        "dx": xt.grad.numpy()[0],
        "ymat": ym.detach().numpy(),
        "dcol": colt.grad.numpy(),
    }


def _free_o() -> list[bool]:
    """The B.4 input gradient with a free output index o: one bool per trial and per o."""
    out = []
    for t in range(3):
        v = _channels(np.random.default_rng(610 + t))
        for o in range(4):
            rhs = [
                [
                    sum(v["w"][o, c, k] * zat(v["g"], o, s - k + 1) for k in range(3))
                    for s in range(8)
                ]
                for c in range(2)
            ]
            out.append(same(v["dx"], rhs))
    return out


APPENDIX: dict[Key, Truth] = {
    ("appendix_b_temporal_conv", 7, 1): lambda: numbers(_length(8, 3, 1), 8 + 2 - 3 + 1),
    ("appendix_b_temporal_conv", 7, 2): lambda: numbers(8 + 2 - 3 + 1, 8),
    ("appendix_b_temporal_conv", 17, 1): _sq(
        lambda v: same(v["y"], toeplitz(v["w"]) @ v["x"] + v["b"])
    ),
    ("appendix_b_temporal_conv", 19, 1): _sq(
        lambda v: numbers(np.count_nonzero(toeplitz(v["w"])), 24)[0]
    ),
    ("appendix_b_temporal_conv", 21, 1): _sq(lambda v: same(v["dx"], toeplitz(v["w"]).T @ v["g"])),
    ("appendix_b_temporal_conv", 25, 1): _sq(
        lambda v: same(toeplitz(v["w"]).T, toeplitz(v["w"][::-1]))
    ),
    ("appendix_b_temporal_conv", 31, 1): _sq(lambda v: same(v["y"], _x_col(v) @ v["w"] + v["b"])),
    ("appendix_b_temporal_conv", 35, 1): _sq(lambda v: same(v["dw"], _x_col(v).T @ v["g"])),
    ("appendix_b_temporal_conv", 39, 1): _sq(
        lambda v: agree(
            lambda: v["dw"],
            lambda: [sum(v["g"][t] * at(v["x"], t + k) for t in range(8)) for k in range(3)],
        )
    ),
    ("appendix_b_temporal_conv", 43, 1): _free_o,
    ("appendix_b_temporal_conv", 45, 1): lambda: trials(
        lambda r: (lambda v: same(v["y"], v["ymat"]))(_channels(r)), 620
    ),
    ("appendix_b_temporal_conv", 47, 1): lambda: trials(
        lambda r: (lambda v: same(v["dcol"], v["w"].reshape(4, 6).T @ v["g"]))(_channels(r)), 630
    ),
    ("appendix_b_temporal_conv", 51, 1): lambda: numbers(_length(8, 4, 2), 8 + 4 - 4 + 1),
    ("appendix_b_temporal_conv", 51, 2): lambda: numbers(8 + 4 - 4 + 1, 8),
}

NOTES_C: dict[Key, Truth] = {**MIDTERM, **DENSE, **APPENDIX}
