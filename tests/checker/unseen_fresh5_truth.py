"""Independent truth for the fresh5 unseen set (tests/data/check/unseen/fresh5/), notes 1-2.

Each claim of a key is a function keyed by (note, line, rank on the line) that computes both
sides of the equation with NumPy/SciPy/torch at the note's sizes from random inputs (torch
autograd of conv1d / conv2d / max_pool2d / linear gives every gradient) and returns one bool per
trial, per size of a grid or per free index: the sides agree there or not. Nothing of symconv is
imported. An index outside a tensor raises IndexError, which counts as "the sides do not agree":
the formula names an entry that does not exist. Notes 3-4 live in unseen_fresh5_truth_b.py,
notes 5-7 in unseen_fresh5_truth_c.py; truth_table merges the three.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, rng, same

Key = tuple[str, int, int]


def zat(a: np.ndarray, *idx: int) -> float:
    """Indexing with zeros outside the tensor (for formulas whose note declares it)."""
    try:
        return at(a, *idx)
    except IndexError:
        return 0.0


def agree(lhs: Callable[[], object], rhs: Callable[[], object]) -> bool:
    """Both sides computed and equal; a side that reads outside a tensor disagrees."""
    try:
        return same(lhs(), rhs())
    except IndexError:
        return False


def grid(shape: tuple[int, ...], entry: Callable[..., float]) -> np.ndarray:
    """The array whose entry at every index tuple is entry(*index)."""
    return np.array([entry(*idx) for idx in np.ndindex(*shape)]).reshape(shape)


def total(term: Callable[..., float], *ranges: int) -> float:
    """A written-out sum: term summed over every index tuple of range(n) for n in ranges."""
    return float(sum(term(*idx) for idx in np.ndindex(*ranges)))


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> list[bool]:
    return [check(rng(seed + t)) for t in range(TRIALS)]


def numbers(lhs: float, rhs: float) -> list[bool]:
    """A link between two numbers (a true size or count, or plain arithmetic)."""
    return [math.isclose(lhs, rhs, rel_tol=0, abs_tol=1e-12)]


def tensor(a: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(a, dtype=F64, requires_grad=grad)


def conv2d_grads(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int):
    """Forward and autograd gradients of torch conv2d; x (N,C,H,W), w (F,C,k,k), g like y."""
    xt, wt = tensor(x, True), tensor(w, True)
    bt = None if b is None else tensor(b, True)
    y = F.conv2d(xt, wt, bt, **kw)
    (y * tensor(g)).sum().backward()
    out = {"y": y.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation (the notes' star), written out in NumPy."""
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    return np.array([[np.sum(a[i : i + kh, j : j + kw] * k) for j in range(ow)] for i in range(oh)])


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def rot180(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# --- conv_layer_chapter.md: C_in 2, C_out 3, K 3, 5x5, stride 1, no padding; batch N = 4 (sum)


def _chapter(r: np.random.Generator, n: int = 1) -> dict:
    x, w, b = r.normal(size=(n, 2, 5, 5)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
    g = r.normal(size=(n, 3, 3, 3))
    return {"x": x, "w": w, "b": b, "g": g, **conv2d_grads(x, w, b, g)}


def _ch(check: Callable[[dict], bool], n: int = 1) -> Truth:
    return lambda: trials(lambda r: check(_chapter(r, n)), 100)


def _unfold(x: np.ndarray) -> np.ndarray:
    """U[(c,u,v),(i,j)] = X[c,i+u,j+v], rows and columns row-major (the note's definition)."""
    return grid((2, 3, 3, 3, 3), lambda c, u, v, i, j: x[c, i + u, j + v]).reshape(18, 9)


def _matrix_grads(v: dict) -> dict:
    """Autograd of the matrix form Y_mat = W_mat U + b 1^T itself (U a leaf)."""
    u, wm = tensor(_unfold(v["x"][0]), True), tensor(v["w"].reshape(3, 18), True)
    y = wm @ u + tensor(v["b"])[:, None]
    (y * tensor(v["g"][0].reshape(3, 9))).sum().backward()
    return {"y": y.detach().numpy(), "dU": u.grad.numpy(), "dW": wm.grad.numpy()}


def _ch_forward(v: dict) -> bool:
    x, w, b = v["x"][0], v["w"], v["b"]
    tap = lambda o, i, j: lambda c, u, q: w[o, c, u, q] * at(x, c, i + u, j + q)  # noqa: E731
    return same(v["y"][0], grid((3, 3, 3), lambda o, i, j: b[o] + total(tap(o, i, j), 2, 3, 3)))


def _ch_dw(v: dict) -> bool:
    x, g = v["x"][0], v["g"][0]
    rhs = grid(
        (3, 2, 3, 3),
        lambda o, c, u, q: total(lambda i, j: g[o, i, j] * at(x, c, i + u, j + q), 3, 3),
    )
    return same(v["dw"], rhs)


def _ch_dx(v: dict) -> bool:
    g, w = v["g"][0], v["w"]
    rhs = grid(
        (2, 5, 5),
        lambda c, p, q: total(lambda o, u, s: zat(g, o, p - u, q - s) * w[o, c, u, s], 3, 3, 3),
    )
    return same(v["dx"][0], rhs)


def _ch_dx_op(kernel: Callable[[np.ndarray], np.ndarray]) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        g, w = v["g"][0], v["w"]
        rhs = [sum(corr(np.pad(g[o], 2), kernel(w[o, c])) for o in range(3)) for c in range(2)]
        return same(v["dx"][0], rhs)

    return check


def _ch_batch_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]
    term = lambda o, c, u, q: lambda n, i, j: g[n, o, i, j] * at(x, n, c, i + u, j + q)  # noqa: E731
    return same(v["dw"], grid((3, 2, 3, 3), lambda o, c, u, q: total(term(o, c, u, q), 4, 3, 3)))


def _ch_batch_dx(v: dict) -> bool:
    """The note sums over the batch index m as well: the same sum for every example."""
    g, w = v["g"], v["w"]
    term = lambda c, p, q: lambda m, o, u, s: zat(g, m, o, p - u, q - s) * w[o, c, u, s]  # noqa: E731
    rhs = grid((4, 2, 5, 5), lambda n, c, p, q: total(term(c, p, q), 4, 3, 3, 3))
    return same(v["dx"], rhs)


def _conv_size(h: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    x, w = torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64)
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


CHAPTER: dict[Key, Truth] = {
    ("conv_layer_chapter", 9, 1): lambda: numbers(_conv_size(5, 3), 5 - 3 + 1),
    ("conv_layer_chapter", 13, 1): _ch(_ch_forward),
    ("conv_layer_chapter", 15, 1): lambda: (
        numbers(params(torch.nn.Conv2d(2, 3, 3)), 57) + numbers(3 * (2 * 3**2 + 1), 57)
    ),
    ("conv_layer_chapter", 23, 1): _ch(lambda v: same(v["db"], v["g"][0].sum(axis=(1, 2)))),
    ("conv_layer_chapter", 27, 1): _ch(_ch_dw),
    ("conv_layer_chapter", 31, 1): _ch(_ch_dx),
    ("conv_layer_chapter", 35, 1): _ch(
        lambda v: math.isclose(
            v["dx"][0, 0, 2, 2], float(np.sum(v["g"][0] * v["w"][:, 0])), abs_tol=1e-12
        )
    ),
    ("conv_layer_chapter", 41, 1): _ch(
        lambda v: all(
            same(v["dw"][o, c], corr(v["x"][0, c], v["g"][0, o]))
            for o in range(3)
            for c in range(2)
        )
    ),
    ("conv_layer_chapter", 43, 1): _ch(_ch_dx_op(rot180)),
    ("conv_layer_chapter", 45, 1): _ch(_ch_dx_op(lambda k: k)),
    ("conv_layer_chapter", 51, 1): _ch(
        lambda v: same(v["y"][0].reshape(3, 9), _matrix_grads(v)["y"])
    ),
    ("conv_layer_chapter", 55, 1): _ch(
        lambda v: same(_matrix_grads(v)["dW"], v["g"][0].reshape(3, 9) @ _unfold(v["x"][0]).T)
    ),
    ("conv_layer_chapter", 57, 1): _ch(
        lambda v: same(_matrix_grads(v)["dU"], v["g"][0].reshape(3, 9).T @ v["w"].reshape(3, 18))
    ),
    ("conv_layer_chapter", 59, 1): _ch(
        lambda v: same(v["db"], v["g"][0].reshape(3, 9).T @ np.ones(3))
    ),
    ("conv_layer_chapter", 67, 1): _ch(_ch_batch_dw, 4),
    ("conv_layer_chapter", 69, 1): _ch(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / 4), 4),
    ("conv_layer_chapter", 73, 1): _ch(_ch_batch_dx, 4),
}


# --- diapositivas_maxpool_relu.md: ReLU then 2x2/2 max pooling, 0-based, numbers on a 4x4 map

_Z = np.array([[1, -2, 3, 0], [-1, 4, -3, 2], [2, 0, -1, -4], [-5, 1, 6, -2]], dtype=np.float64)
_GP = np.array([[1, -2], [0.5, 3]])


def _relu_pool(z: np.ndarray, g: np.ndarray) -> dict:
    """Autograd of maxpool2x2(relu(z)) with upstream g; dA is the gradient at relu's output."""
    zt = tensor(z[None, None], True)
    a = torch.relu(zt)
    a.retain_grad()
    p = F.max_pool2d(a, 2, 2)
    (p * tensor(g[None, None])).sum().backward()
    return {
        "a": a.detach().numpy()[0, 0],
        "p": p.detach().numpy()[0, 0],
        "dA": a.grad.numpy()[0, 0],
        "dZ": zt.grad.numpy()[0, 0],
    }


def _random_map(r: np.random.Generator, h: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """A map with one positive entry per 2x2 window at a random place: after ReLU every window
    has a unique positive maximum, the slides' "no ties" (an all-negative window would tie 0s)."""
    z = r.normal(size=(h, h))
    for i, j in np.ndindex(h // 2, h // 2):
        u, v = r.integers(0, 2, size=2)
        z[2 * i + u, 2 * j + v] = abs(z[2 * i + u, 2 * j + v]) + 0.1
    return z, r.normal(size=(h // 2, h // 2))


def _sl(check: Callable[[np.ndarray, np.ndarray, dict], bool]) -> Truth:
    """Random maps (ties have probability zero) and the note's own numbers."""

    def one(z: np.ndarray, g: np.ndarray) -> bool:
        return check(z, g, _relu_pool(z, g))

    return lambda: [*trials(lambda r: one(*_random_map(r)), 200), one(_Z, _GP)]


def _relu_backward(rule: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Truth:
    def check(r: np.random.Generator) -> bool:
        z, da = r.normal(size=(4, 4)), r.normal(size=(4, 4))
        zt = tensor(z, True)
        (torch.relu(zt) * tensor(da)).sum().backward()
        return same(zt.grad.numpy(), rule(z, da))

    return lambda: trials(check, 210)


def _window_rule(scale: float, where: str) -> Callable[[np.ndarray, np.ndarray, dict], bool]:
    """dL/d(entry (2i+u, 2j+v)) as a slide writes it, compared with autograd."""

    def check(z: np.ndarray, g: np.ndarray, v: dict) -> bool:
        a = v["a"]
        rhs = np.zeros((4, 4))
        for i, j, u, s in np.ndindex(2, 2, 2, 2):
            r, c = 2 * i + u, 2 * j + s
            if where == "argmax":
                rhs[r, c] = g[i, j] if a[r, c] == v["p"][i, j] else 0.0
            elif where == "all":
                rhs[r, c] = scale * g[i, j]
            else:  # every positive pre-activation of the window
                rhs[r, c] = g[i, j] * (z[r, c] > 0)
        return same(v["dA" if where != "positive" else "dZ"], rhs)

    return check


def _pool_forward(z: np.ndarray, g: np.ndarray, v: dict) -> bool:
    a = v["a"]
    rhs = [
        [max(a[2 * i + u, 2 * j + s] for u in range(2) for s in range(2)) for j in range(2)]
        for i in range(2)
    ]
    return same(v["p"], rhs)


def _odd_map(r: np.random.Generator) -> bool:
    a, g = r.normal(size=(7, 7)), r.normal(size=(3, 3))
    at_ = tensor(a[None, None], True)
    (F.max_pool2d(at_, 2, 2) * tensor(g[None, None])).sum().backward()
    da = at_.grad.numpy()[0, 0]
    return agree(lambda: da[6], lambda: [at(g, 3, s // 2) for s in range(7)])


def _max_commutes(r: np.random.Generator) -> bool:
    zt = tensor(r.normal(size=(1, 1, 4, 4)))
    return same(F.max_pool2d(torch.relu(zt), 2), torch.relu(F.max_pool2d(zt, 2)))


def _avg_commutes(z: np.ndarray) -> bool:
    zt = tensor(z[None, None])
    return same(F.avg_pool2d(torch.relu(zt), 2), torch.relu(F.avg_pool2d(zt, 2)))


_NOTE_DA = [[0, 0, -2, 0], [0, 1, 0, 0], [0.5, 0, 0, 0], [0, 0, 3, 0]]
SLIDES: dict[Key, Truth] = {
    ("diapositivas_maxpool_relu", 22, 1): _relu_backward(lambda z, da: da * (z > 0)),
    ("diapositivas_maxpool_relu", 23, 1): _relu_backward(lambda z, da: da * np.maximum(z, 0)),
    ("diapositivas_maxpool_relu", 31, 1): _sl(_pool_forward),
    ("diapositivas_maxpool_relu", 34, 1): _sl(_window_rule(1.0, "argmax")),
    ("diapositivas_maxpool_relu", 36, 1): _sl(_window_rule(0.25, "all")),
    ("diapositivas_maxpool_relu", 48, 1): lambda: [
        same(np.maximum(_Z, 0), _relu_pool(_Z, _GP)["a"])
    ],
    ("diapositivas_maxpool_relu", 52, 1): lambda: [
        same(_relu_pool(_Z, _GP)["p"], [[4, 3], [2, 6]])
    ],
    ("diapositivas_maxpool_relu", 61, 1): lambda: [same(_relu_pool(_Z, _GP)["dA"], _NOTE_DA)],
    ("diapositivas_maxpool_relu", 65, 1): lambda: [
        same(_relu_pool(_Z, _GP)["dZ"], _relu_pool(_Z, _GP)["dA"] * (_Z > 0))
    ],
    ("diapositivas_maxpool_relu", 65, 2): lambda: [
        same(_relu_pool(_Z, _GP)["dA"] * (_Z > 0), _relu_pool(_Z, _GP)["dA"])
    ],
    ("diapositivas_maxpool_relu", 72, 1): lambda: numbers(
        _relu_pool(_Z, _GP)["dA"].sum(), _GP.sum()
    ),
    ("diapositivas_maxpool_relu", 72, 2): lambda: numbers(_GP.sum(), 3.5),
    ("diapositivas_maxpool_relu", 74, 1): _sl(_window_rule(1.0, "positive")),
    ("diapositivas_maxpool_relu", 82, 1): lambda: trials(_max_commutes, 220),
    ("diapositivas_maxpool_relu", 83, 1): lambda: (
        [_avg_commutes(_Z), *trials(lambda r: _avg_commutes(r.normal(size=(4, 4))), 230)]
    ),
    ("diapositivas_maxpool_relu", 92, 1): lambda: trials(_odd_map, 240),
}


def truth_table() -> dict[Key, Truth]:
    from unseen_fresh5_truth_b import NOTES_B
    from unseen_fresh5_truth_c import NOTES_C

    return {**CHAPTER, **SLIDES, **NOTES_B, **NOTES_C}
