"""Independent truth for the fresh6 unseen set (tests/data/check/unseen/fresh6/), notes 1-3.

Each claim of a key is a function keyed by (note, line, rank on the line) that computes both
sides of the equation with NumPy / SciPy / torch at the note's sizes from random inputs (torch
autograd of conv1d / conv2d / max_pool2d / avg_pool2d gives every gradient) and returns one bool
per trial, per size of a grid or per free index: the sides agree there or not. Nothing of
symconv is imported. An index outside a tensor raises IndexError, which counts as "the sides do
not agree" (the formula names an entry that does not exist), unless the note declares zeros
outside the range (then ``zat``). Notes 3-5 live in unseen_fresh6_truth_b.py, notes 6-7 in
unseen_fresh6_truth_c.py; truth_table merges the three.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d
from unseen_truth_base import F64, TRIALS, Truth, at, corr, pad, rng, rot180, same, zat

Key = tuple[str, int, int]


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def agree(lhs: Callable[[], object], rhs: Callable[[], object]) -> bool:
    """Both sides as arrays or numbers; a side that reads outside a tensor disagrees."""
    try:
        return same(lhs(), rhs())
    except IndexError:
        return False


def tensor(a: np.ndarray, grad: bool = True) -> torch.Tensor:
    return torch.tensor(a, dtype=F64, requires_grad=grad)


def conv(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int) -> dict:
    """Forward and autograd gradients of torch conv2d; x (N,C,H,W), w (F,C,k,k), g like z."""
    xt, wt = tensor(x), tensor(w)
    bt = None if b is None else tensor(b)
    z = F.conv2d(xt, wt, bt, **kw)
    (z * torch.tensor(g, dtype=F64)).sum().backward()
    out = {"z": z.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def conv_out(h: int, k: int, s: int, p: int) -> int:
    """Output size as torch computes it."""
    x = torch.zeros(1, 1, h, h, dtype=F64)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p).shape[-1])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def trials(check: Callable[[np.random.Generator], bool | list[bool]], seed: int) -> list[bool]:
    out: list[bool] = []
    for t in range(TRIALS):
        result = check(rng(seed + t))
        out.extend(result if isinstance(result, list) else [result])
    return out


def count(*values: float) -> list[bool]:
    """A size or count written as a = b (= c): every value equal."""
    return [all(v == values[0] for v in values)]


# --- lecture5_conv_layer_bp.md: C = 2, 5x5, F = 3 kernels 3x3, stride 1, 0-based; batch N = 4


def _lec(n: int = 1) -> Callable[[np.random.Generator], dict]:
    def make(r: np.random.Generator) -> dict:
        x, w, b = r.normal(size=(n, 2, 5, 5)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
        g = r.normal(size=(n, 3, 3, 3))
        return {"x": x, "w": w, "b": b, "g": g, **conv(x, w, b, g)}

    return make


def _lec_check(check: Callable[[dict], bool | list[bool]], n: int = 1) -> Truth:
    make = _lec(n)
    return lambda: trials(lambda r: check(make(r)), 100 + n)


def _lec_forward(v: dict) -> bool:
    x, w, b = v["x"][0], v["w"], v["b"]
    rhs = [
        [
            [
                sum(
                    at(w, f, c, u, q) * at(x, c, i + u, j + q)
                    for c in range(2)
                    for u in range(3)
                    for q in range(3)
                )
                + b[f]
                for j in range(3)
            ]
            for i in range(3)
        ]
        for f in range(3)
    ]
    return same(v["z"][0], rhs)


def _lec_dw(v: dict) -> bool:
    x, d = v["x"][0], v["g"][0]
    rhs = np.zeros((3, 2, 3, 3))
    for f, c, u, q in np.ndindex(rhs.shape):
        rhs[f, c, u, q] = sum(
            d[f, i, j] * at(x, c, i + u, j + q) for i in range(3) for j in range(3)
        )
    return same(v["dw"], rhs)


def _lec_dx(kernels: list[int]) -> Callable[[dict], list[bool]]:
    """dE/dx_{c,p,q} = sum over the given kernels f of delta_{f,p-u,q-v} w_{f,c,u,v}."""

    def check(v: dict) -> list[bool]:
        d, w = v["g"][0], v["w"]
        rhs = np.zeros((2, 5, 5))
        for c, p, q in np.ndindex(rhs.shape):
            rhs[c, p, q] = sum(
                zat(d, f, p - u, q - s) * w[f, c, u, s]
                for f in kernels
                for u in range(3)
                for s in range(3)
            )
        return [same(v["dx"][0], rhs)]

    return check


def _lec_dx_free_f(v: dict) -> list[bool]:
    return [_lec_dx([f])(v)[0] for f in range(3)]  # the note's free f: each choice of f


def _lec_dx_op(kernel: Callable[[np.ndarray], np.ndarray]) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        rhs = [
            sum(corr(pad(v["g"][0, f], 2), kernel(v["w"][f, c])) for f in range(3)) for c in (0, 1)
        ]
        return same(v["dx"][0], rhs)

    return check


def _relu_mask(r: np.random.Generator) -> bool:
    z = tensor(r.normal(size=(3, 4, 4)))
    g = r.normal(size=(3, 4, 4))
    (torch.relu(z) * torch.tensor(g, dtype=F64)).sum().backward()
    return same(z.grad.numpy(), g * (z.detach().numpy() > 0))


def _tanh_prime(r: np.random.Generator) -> bool:
    z = tensor(r.normal(size=8))
    torch.tanh(z).sum().backward()
    t = np.tanh(z.detach().numpy())
    return same(z.grad.numpy(), 1 + t**2)


_H_EX = conv_out(32, 5, 2, 2)
LECTURE: dict[Key, Truth] = {
    ("lecture5_conv_layer_bp", 9, 1): _lec_check(_lec_forward),
    ("lecture5_conv_layer_bp", 11, 1): lambda: count(
        params(torch.nn.Conv2d(2, 3, 3)), 3 * 3 * 3 * 2 + 1
    ),
    ("lecture5_conv_layer_bp", 11, 2): lambda: count(3 * 3 * 3 * 2 + 1, 55),
    ("lecture5_conv_layer_bp", 17, 1): _lec_check(_lec_dw),
    ("lecture5_conv_layer_bp", 21, 1): _lec_check(_lec_dx([0, 1, 2])),
    ("lecture5_conv_layer_bp", 27, 1): _lec_check(
        lambda v: same(
            v["dw"], [[corr(v["x"][0, c], v["g"][0, f]) for c in (0, 1)] for f in range(3)]
        )
    ),
    ("lecture5_conv_layer_bp", 29, 1): _lec_check(_lec_dx_op(rot180)),
    ("lecture5_conv_layer_bp", 31, 1): _lec_check(_lec_dx_op(lambda k: k)),
    ("lecture5_conv_layer_bp", 35, 1): _lec_check(_lec_dx_free_f),
    ("lecture5_conv_layer_bp", 41, 1): _lec_check(
        lambda v: same(
            v["dw"],
            [
                [sum(corr(v["x"][n, c], v["g"][n, f]) for n in range(4)) for c in (0, 1)]
                for f in range(3)
            ],
        ),
        n=4,
    ),
    ("lecture5_conv_layer_bp", 43, 1): _lec_check(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / 4), n=4
    ),
    ("lecture5_conv_layer_bp", 49, 1): lambda: trials(_relu_mask, 120),
    ("lecture5_conv_layer_bp", 51, 1): lambda: trials(_tanh_prime, 125),
    ("lecture5_conv_layer_bp", 53, 1): lambda: count(_H_EX, (32 + 2 * 2 - 5) // 2 + 1),
    ("lecture5_conv_layer_bp", 53, 2): lambda: count((32 + 2 * 2 - 5) // 2 + 1, 15),
}


# --- blog_backprop_cnn_no_handwaving.md: 6x6 X, 3x3 F, stride 1, 1-based; ReLU, 2x2/2 max pool


def _blog(r: np.random.Generator) -> dict:
    x, f, b, g = r.normal(size=(6, 6)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(4, 4))
    t = conv(x[None, None], f[None, None], np.array([b]), g[None, None])
    return {
        "x": x,
        "f": f,
        "b": b,
        "g": g,
        "z": t["z"][0, 0],
        "dx": t["dx"][0, 0],
        "dw": t["dw"][0, 0],
    }


def _blog_check(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_blog(r)), 200)


def _blog_forward(v: dict) -> bool:
    X = lambda i, j: at(v["x"], i - 1, j - 1)  # noqa: E731  (1-based, as the blog writes)
    Fm = lambda m, n: at(v["f"], m - 1, n - 1)  # noqa: E731
    rhs = [
        [
            sum(X(i + m - 1, j + n - 1) * Fm(m, n) for m in (1, 2, 3) for n in (1, 2, 3)) + v["b"]
            for j in range(1, 5)
        ]
        for i in range(1, 5)
    ]
    return same(v["z"], rhs)


def _blog_df(v: dict) -> bool:
    X = lambda i, j: at(v["x"], i - 1, j - 1)  # noqa: E731
    rhs = [
        [
            sum(
                v["g"][i - 1, j - 1] * X(i + m - 1, j + n - 1)
                for i in range(1, 5)
                for j in range(1, 5)
            )
            for n in (1, 2, 3)
        ]
        for m in (1, 2, 3)
    ]
    return same(v["dw"], rhs)


def _blog_dx_shifted(v: dict) -> bool:
    G = lambda i, j: zat(v["g"], i - 1, j - 1)  # noqa: E731  (zero outside 1..4, as declared)
    rhs = [
        [
            sum(
                G(p + m - 1, q + n - 1) * v["f"][m - 1, n - 1] for m in (1, 2, 3) for n in (1, 2, 3)
            )
            for q in range(1, 7)
        ]
        for p in range(1, 7)
    ]
    return same(v["dx"], rhs)


def _size_grid() -> list[tuple[int, int, int, int]]:
    """(N, f, s, p) with the output at least 1: kernel 1..4, stride 1..3, padding 0..2."""
    grid = itertools.product(range(3, 10), range(1, 5), range(1, 4), range(3))
    return [(n, f, s, p) for n, f, s, p in grid if n + 2 * p >= f]


_A = np.array([[1, 3, 0, 2], [4, 2, 1, 1], [0, 1, 5, 0], [2, 0, 3, 6]], dtype=float)
_DP = np.array([[0.1, -0.2], [0.3, 0.4]])


def _pool_grad(pool: Callable[..., torch.Tensor]) -> np.ndarray:
    a = tensor(_A[None, None])
    (pool(a, 2, 2) * torch.tensor(_DP[None, None], dtype=F64)).sum().backward()
    return a.grad.numpy()[0, 0]


_DA_NOTE = [[0, 0, 0, 0], [0.1, 0, -0.2, 0], [0, 0, 0, 0], [0.3, 0, 0, 0.4]]
BLOG: dict[Key, Truth] = {
    ("blog_backprop_cnn_no_handwaving", 11, 1): _blog_check(_blog_forward),
    ("blog_backprop_cnn_no_handwaving", 15, 1): lambda: [
        conv_out(n, f, s, p) == math.floor((n + 2 * p - f) / s) + 1 for n, f, s, p in _size_grid()
    ],
    ("blog_backprop_cnn_no_handwaving", 15, 2): lambda: count(
        conv_out(6, 3, 1, 0), math.floor((6 + 2 * 0 - 3) / 1) + 1, math.floor((6 + 0 - 3) / 1) + 1
    ),
    ("blog_backprop_cnn_no_handwaving", 15, 3): lambda: count(math.floor((6 + 0 - 3) / 1) + 1, 4),
    ("blog_backprop_cnn_no_handwaving", 23, 1): _blog_check(_blog_df),
    ("blog_backprop_cnn_no_handwaving", 27, 1): _blog_check(
        lambda v: same(v["dw"], corr(v["x"], v["g"]))
    ),
    ("blog_backprop_cnn_no_handwaving", 35, 1): _blog_check(_blog_dx_shifted),
    ("blog_backprop_cnn_no_handwaving", 39, 1): _blog_check(
        lambda v: same(v["dx"], convolve2d(v["g"], v["f"], mode="full"))
    ),
    ("blog_backprop_cnn_no_handwaving", 39, 2): _blog_check(
        lambda v: same(convolve2d(v["g"], v["f"], mode="full"), corr(v["g"], rot180(v["f"])))
    ),
    ("blog_backprop_cnn_no_handwaving", 51, 1): lambda: [
        same(F.max_pool2d(torch.tensor(_A[None, None]), 2, 2)[0, 0].numpy(), [[4, 2], [2, 6]])
    ],
    ("blog_backprop_cnn_no_handwaving", 55, 1): lambda: [same(_pool_grad(F.max_pool2d), _DA_NOTE)],
    ("blog_backprop_cnn_no_handwaving", 57, 1): lambda: [
        close(_pool_grad(F.avg_pool2d)[0, 0], _DP[0, 0])
    ],
    ("blog_backprop_cnn_no_handwaving", 57, 2): lambda: [close(_DP[0, 0], 0.1)],
    ("blog_backprop_cnn_no_handwaving", 61, 2): lambda: [
        conv_out(n, f, 2, (f - 1) // 2) == n / 2 for n in range(5, 13) for f in (3, 5)
    ],
}


def truth_table() -> dict[Key, Truth]:
    from unseen_fresh6_truth_b import NOTES_B
    from unseen_fresh6_truth_c import NOTES_C

    return {**LECTURE, **BLOG, **NOTES_B, **NOTES_C}
