"""Independent truth for the fresh3 unseen set (tests/data/check/unseen/fresh3/), notes 1-3.

Each correct/mistake claim of a key is a function keyed by (note, line, rank on the line) that
computes both sides of the equation with NumPy / SciPy / torch at the note's sizes (random
inputs, or the note's own numbers) and returns one bool per trial or per size of a grid: the
sides agree there or not. torch autograd gives every gradient; scipy.signal gives the true
(flipped) convolutions. Nothing of symconv is imported. An index outside a tensor raises
IndexError and a shape that does not multiply raises ValueError; both count as "the sides do
not agree" (the formula names something that does not exist). Notes 4-7 live in
unseen_fresh3_truth_b.py; truth_table() merges both.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d
from unseen_truth_base import F64, TRIALS, Truth, at, rng


def same(a: object, b: object) -> bool:
    """Same shape and values to float64 rounding; a side that cannot be formed disagrees."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-9))


def zat(a: np.ndarray, *idx: int) -> float:
    """Indexing with zeros outside the tensor, for notes that declare that convention."""
    try:
        return at(a, *idx)
    except IndexError:
        return 0.0


def agree(lhs: Callable[[], object], rhs: Callable[[], object]) -> bool:
    """Both sides formed and equal; reading outside a tensor or a product that does not
    multiply means the right side names nothing, so the claim does not hold."""
    try:
        return same(lhs(), rhs())
    except (IndexError, ValueError):
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> list[bool]:
    return [check(rng(seed + t)) for t in range(TRIALS)]


def count_claim(lhs: float, rhs: float, true_value: float) -> list[bool]:
    """A count or size written lhs = rhs: both sides must equal the true value."""
    return [lhs == rhs == true_value]


def arith(lhs: float, rhs: float) -> list[bool]:
    """Plain arithmetic between two written numbers."""
    return [math.isclose(lhs, rhs, abs_tol=1e-12)]


def conv_out(h: int, k: int, s: int, p: int) -> int:
    """The output side torch's conv2d gives (the truth for every size formula)."""
    x = torch.zeros(1, 1, h, h, dtype=F64)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p).shape[-1])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation (the notes' star), written out in NumPy."""
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    if oh < 1 or ow < 1:
        raise ValueError("kernel larger than the map")
    return np.array([[np.sum(a[i : i + kh, j : j + kw] * k) for j in range(ow)] for i in range(oh)])


def pad(a: np.ndarray, p: int) -> np.ndarray:
    return np.pad(a, p)


def rot180(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int) -> dict:
    """Forward and autograd gradients of torch conv2d with upstream gradient g:
    x (N,C,H,W), w (F,C,k,k), b (F,) or None, g shaped like the output."""
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    wt = torch.tensor(w, dtype=F64, requires_grad=True)
    bt = None if b is None else torch.tensor(b, dtype=F64, requires_grad=True)
    z = F.conv2d(xt, wt, bt, **kw)
    (z * torch.tensor(g, dtype=F64)).sum().backward()
    out = {"z": z.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


# --- blog_cnn_conv_layer.md: x^{l-1} = ReLU(z^{l-1}) 6x6, w 3x3, b, stride 1, 1-based indices


def _blog(r: np.random.Generator) -> dict:
    zp, w, b, d = r.normal(size=(6, 6)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(4, 4))
    # the entries the post works out by hand get an active ReLU, so f' = 1 there and a wrong
    # kernel index cannot hide behind f' = 0; every other entry keeps a random sign
    for p, q in ((5, 5), (0, 1)):
        zp[p, q] = abs(zp[p, q]) + 0.1
    zt = torch.tensor(zp, dtype=F64, requires_grad=True)
    wt = torch.tensor(w[None, None], dtype=F64, requires_grad=True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    x = torch.relu(zt)
    z = F.conv2d(x[None, None], wt, bt)[0, 0]
    (z * torch.tensor(d, dtype=F64)).sum().backward()
    x_ = x.detach().numpy()
    return {"zp": zp, "x": x_, "w": w, "b": b, "d": d, "z": z.detach().numpy(),
            "dzp": zt.grad.numpy(), "dw": wt.grad.numpy()[0, 0], "db": float(bt.grad[0]),
            "fp": (zp > 0).astype(np.float64),
            # 1-based accessors, as the post writes them
            "X": lambda i, j: at(x_, i - 1, j - 1), "W": lambda m, n: at(w, m - 1, n - 1),
            "D": lambda i, j: at(d, i - 1, j - 1), "D0": lambda i, j: zat(d, i - 1, j - 1),
            "FP": lambda p, q: float(zp[p - 1, q - 1] > 0)}  # fmt: skip


def _bl(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_blog(rng(10 + t))) for t in range(TRIALS)]


def _bl_z(i: int, j: int, di: int, dj: int) -> Callable[[dict], bool]:
    """z_{i,j} against sum_{m,n} w_{m,n} x_{di+m, dj+n} + b."""
    return lambda v: agree(
        lambda: v["z"][i - 1, j - 1],
        lambda: v["b"] + sum(v["W"](m, n) * v["X"](di + m, dj + n) for m, n in _MN3),
    )


_MN3 = list(itertools.product(range(1, 4), range(1, 4)))
_IJ4 = list(itertools.product(range(1, 5), range(1, 5)))
_PQ6 = list(itertools.product(range(1, 7), range(1, 7)))


def _bl_dw(shift: Callable[[int, int], int], mn: list) -> Callable[[dict], bool]:
    """dE/dw_{m,n} against sum_{i,j} delta_{i,j} x_{shift(i,m), shift(j,n)}."""

    def rhs(v: dict, m: int, n: int) -> float:
        return sum(v["D"](i, j) * v["X"](shift(i, m), shift(j, n)) for i, j in _IJ4)

    return lambda v: all(
        agree(lambda m=m, n=n: v["dw"][m - 1, n - 1], lambda m=m, n=n: rhs(v, m, n)) for m, n in mn
    )


def _bl_back(sign: int) -> Callable[[dict], bool]:
    """delta^{l-1}_{p,q} = f'(z_{p,q}) sum delta_{p - sign(m-1), q - sign(n-1)} w_{m,n}."""

    def rhs(v: dict, p: int, q: int) -> float:
        return v["FP"](p, q) * sum(
            v["D0"](p - sign * (m - 1), q - sign * (n - 1)) * v["W"](m, n) for m, n in _MN3
        )

    return lambda v: all(
        agree(lambda p=p, q=q: v["dzp"][p - 1, q - 1], lambda p=p, q=q: rhs(v, p, q))
        for p, q in _PQ6
    )


def _bl_entry(p: int, q: int, terms: list[tuple[tuple[int, int], tuple[int, int]]]) -> Truth:
    return _bl(
        lambda v: agree(
            lambda: v["dzp"][p - 1, q - 1],
            lambda: v["FP"](p, q) * sum(v["D"](*d) * v["W"](*w) for d, w in terms),
        )
    )


def _relu_prime() -> list[bool]:
    z = torch.tensor(rng(5).normal(size=50) * 3, dtype=F64, requires_grad=True)
    torch.relu(z).sum().backward()
    cases = [1.0 if t > 0 else 0.0 for t in z.detach().numpy()]  # the note's two cases
    return [same(z.grad.numpy(), cases)]


def _bl_op(p: int) -> Callable[[dict], bool]:
    return lambda v: agree(lambda: v["dzp"], lambda: corr(pad(v["d"], p), rot180(v["w"])) * v["fp"])


BLOG: dict[tuple[str, int, int], Truth] = {
    ("blog_cnn_conv_layer", 16, 1): lambda: count_claim(6 - 3 + 1, 4, conv_out(6, 3, 1, 0)),
    ("blog_cnn_conv_layer", 18, 1): _bl(
        lambda v: all(_bl_z(i, j, i - 1, j - 1)(v) for i, j in _IJ4)
    ),
    ("blog_cnn_conv_layer", 22, 1): _bl(_bl_z(4, 4, 3, 3)),
    ("blog_cnn_conv_layer", 26, 1): _bl(_bl_z(3, 3, 3, 3)),
    ("blog_cnn_conv_layer", 38, 1): _bl(_bl_dw(lambda i, m: i + m - 1, _MN3)),
    ("blog_cnn_conv_layer", 42, 1): _bl(_bl_dw(lambda i, m: i + 3, [(3, 3)])),
    ("blog_cnn_conv_layer", 46, 1): _bl(lambda v: same(v["db"], v["d"].sum())),
    ("blog_cnn_conv_layer", 48, 1): _bl(lambda v: same(v["db"], v["d"].sum() / 16)),
    ("blog_cnn_conv_layer", 55, 1): _bl(_bl_back(1)),
    ("blog_cnn_conv_layer", 59, 1): _relu_prime,
    ("blog_cnn_conv_layer", 63, 1): _bl(_bl_back(-1)),
    ("blog_cnn_conv_layer", 67, 1): _bl_entry(6, 6, [((4, 4), (1, 1))]),
    ("blog_cnn_conv_layer", 69, 1): _bl_entry(1, 2, [((1, 1), (1, 2)), ((1, 2), (1, 1))]),
    ("blog_cnn_conv_layer", 77, 1): _bl(lambda v: same(v["dw"], corr(v["x"], v["d"]))),
    ("blog_cnn_conv_layer", 79, 1): _bl(_bl_op(2)),
    ("blog_cnn_conv_layer", 83, 1): _bl(_bl_op(1)),
    ("blog_cnn_conv_layer", 87, 1): _bl(lambda v: same(v["dw"], corr(v["x"], rot180(v["d"])))),
    ("blog_cnn_conv_layer", 91, 1): lambda: count_claim(
        3 * 3 + 1, 10, params(torch.nn.Conv2d(1, 1, 3))
    ),
}


# --- apuntes_pooling_tamanos.md: size formula; the note's 5x5 X and G; pooling 2x2/2 and 3x3/2

_PX = np.array([[1, 3, 2, 0, 4], [5, 2, 1, 6, 1], [0, 4, 7, 2, 3], [2, 1, 3, 5, 8],
                [9, 2, 0, 1, 6]], dtype=np.float64)  # fmt: skip
_PG = np.array([[2, -1], [3, 1]], dtype=np.float64)


def _pool(kind: str, k: int = 2, s: int = 2) -> dict:
    x = torch.tensor(_PX[None, None], dtype=F64, requires_grad=True)
    y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(x, k, s)
    (y * torch.tensor(_PG[None, None], dtype=F64)).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": x.grad.numpy()[0, 0]}


def _size_grid(form: Callable[[int, int, int, int], int]) -> list[bool]:
    """One bool per (H, K, S, P) with a non-empty output: the formula against conv2d."""
    out = []
    for h, k, s, p in itertools.product(range(1, 9), range(1, 5), range(1, 4), range(3)):
        if h + 2 * p >= k:
            out.append(form(h, k, s, p) == conv_out(h, k, s, p))
    return out


def _avg_entries(row: Callable[[int], int]) -> list[bool]:
    """dL/dX_{ij} = G_{row(i), row(j)} / 4 for i, j in 1..4 (1-based G)."""
    dx = _pool("avg")["dx"]
    g = lambda k, c: at(_PG, k - 1, c - 1)  # noqa: E731
    pairs = itertools.product(range(1, 5), range(1, 5))
    return [
        all(
            agree(lambda i=i, j=j: dx[i - 1, j - 1], lambda i=i, j=j: g(row(i), row(j)) / 4)
            for i, j in pairs
        )
    ]


_POOL_OUT = int(F.max_pool2d(torch.zeros(1, 1, 5, 5), 2, 2).shape[-1])
_MAX_DX = [[0, 0, 0, 0, 0], [2, 0, 0, -1, 0], [0, 3, 1, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]
_SPREAD = np.array([[2, 2, -1, -1, 0], [2, 2, -1, -1, 0], [3, 3, 1, 1, 0], [3, 3, 1, 1, 0],
                    [0, 0, 0, 0, 0]], dtype=np.float64)  # fmt: skip
POOL: dict[tuple[str, int, int], Truth] = {
    ("apuntes_pooling_tamanos", 8, 1): lambda: _size_grid(
        lambda h, k, s, p: (h + 2 * p - k) // s + 1
    ),
    ("apuntes_pooling_tamanos", 12, 1): lambda: _size_grid(
        lambda h, k, s, p: math.ceil((h + 2 * p - k) / s) + 1
    ),
    ("apuntes_pooling_tamanos", 18, 1): lambda: count_claim(_POOL_OUT, math.floor(3 / 2) + 1, 2),
    ("apuntes_pooling_tamanos", 18, 2): lambda: count_claim(math.floor(3 / 2) + 1, 2, _POOL_OUT),
    ("apuntes_pooling_tamanos", 22, 1): lambda: count_claim(
        math.floor((14 - 3) / 2) + 1, 7, conv_out(14, 3, 2, 0)
    ),
    ("apuntes_pooling_tamanos", 26, 1): lambda: count_claim(
        conv_out(28, 3, 1, 1), (28 + 1 - 3) / 1 + 1, conv_out(28, 3, 1, 1)
    ),
    ("apuntes_pooling_tamanos", 26, 2): lambda: arith((28 + 1 - 3) / 1 + 1, 27),
    ("apuntes_pooling_tamanos", 36, 1): lambda: [same(_pool("max")["y"], [[5, 6], [4, 7]])],
    ("apuntes_pooling_tamanos", 45, 1): lambda: [same(_pool("max")["dx"], _MAX_DX)],
    ("apuntes_pooling_tamanos", 51, 1): lambda: [
        same(_pool("avg")["y"], np.array([[11, 9], [7, 16]]) / 4)
    ],
    ("apuntes_pooling_tamanos", 56, 1): lambda: [same(_pool("avg")["dx"], _SPREAD / 4)],
    ("apuntes_pooling_tamanos", 60, 1): lambda: [same(_pool("avg")["dx"], _SPREAD)],
    ("apuntes_pooling_tamanos", 64, 1): lambda: _avg_entries(lambda i: (i + 1) // 2),
    ("apuntes_pooling_tamanos", 70, 1): lambda: _avg_entries(lambda i: i // 2),
    ("apuntes_pooling_tamanos", 79, 1): lambda: [same(_pool("max", 3, 2)["y"], [[7, 7], [9, 8]])],
    ("apuntes_pooling_tamanos", 84, 1): lambda: [
        same(_pool("max", 3, 2)["dx"][2, 2], _PG[0, 0] + _PG[0, 1])
    ],
    ("apuntes_pooling_tamanos", 84, 2): lambda: arith(_PG[0, 0] + _PG[0, 1], 1),
}


# --- forum_full_convolution.md: X 4x4, K 3x3, G 2x2, 0-based functional indices


def _forum(r: np.random.Generator) -> dict:
    x, k, g = r.normal(size=(4, 4)), r.normal(size=(3, 3)), r.normal(size=(2, 2))
    t = conv2d(x[None, None], k[None, None], None, g[None, None])
    return {"x": x, "k": k, "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0], "dk": t["dw"][0, 0]}


def _fo(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_forum(rng(30 + t))) for t in range(TRIALS)]


def _fo_dx_entry(p: int, q: int, terms: list[tuple[tuple[int, int], tuple[int, int]]]) -> Truth:
    return _fo(
        lambda v: agree(
            lambda: v["dx"][p, q], lambda: sum(at(v["g"], *a) * at(v["k"], *b) for a, b in terms)
        )
    )


def _fo_forward(v: dict) -> bool:
    rhs = [[sum(v["x"][i + a, j + b] * v["k"][a, b] for a in range(3) for b in range(3))
            for j in range(2)] for i in range(2)]  # fmt: skip
    return same(v["y"], rhs)


def _fo_dx(v: dict) -> bool:
    rhs = [[sum(v["g"][i, j] * zat(v["k"], p - i, q - j) for i in range(2) for j in range(2))
            for q in range(4)] for p in range(4)]  # fmt: skip
    return same(v["dx"], rhs)


def _matrix_c(k: np.ndarray) -> np.ndarray:
    """The 4x16 matrix of the forward pass on the row-major flattened 4x4 input."""
    c = np.zeros((4, 16))
    for i, j, a, b in itertools.product(range(2), range(2), range(3), range(3)):
        c[2 * i + j, 4 * (i + a) + (j + b)] = k[a, b]
    return c


def _fo_matrix(v: dict) -> bool:
    c = _matrix_c(v["k"])
    forward_is_c = same(c @ v["x"].ravel(), v["y"].ravel())  # C really is the layer
    return forward_is_c and same(v["dx"].ravel(), c.T @ v["g"].ravel())


def _fo_batch(r: np.random.Generator) -> bool:
    x, k, g = r.normal(size=(3, 1, 4, 4)), r.normal(size=(1, 1, 3, 3)), r.normal(size=(3, 1, 2, 2))
    dk = conv2d(x, k, None, g)["dw"][0, 0]
    return same(dk, sum(corr(x[n, 0], g[n, 0]) for n in range(3)))


# the zero rings that make the valid correlation of the 2x2 G with a 3x3 kernel 4x4, like X
_FULL_PAD = next(p for p in range(5) if 2 + 2 * p - 3 + 1 == 4)
FORUM: dict[tuple[str, int, int], Truth] = {
    ("forum_full_convolution", 5, 1): _fo(
        lambda v: agree(lambda: v["dx"], lambda: corr(pad(v["g"], 2), v["k"]))
    ),
    ("forum_full_convolution", 18, 1): _fo(_fo_forward),
    ("forum_full_convolution", 23, 1): _fo(
        lambda v: same(v["y"], convolve2d(v["x"], rot180(v["k"]), mode="valid"))
    ),
    ("forum_full_convolution", 25, 1): _fo(
        lambda v: same(v["y"], convolve2d(v["x"], v["k"], mode="valid"))
    ),
    ("forum_full_convolution", 31, 1): _fo(_fo_dx),
    ("forum_full_convolution", 36, 1): _fo_dx_entry(
        1, 2, [((0, 0), (1, 2)), ((0, 1), (1, 1)), ((1, 0), (0, 2)), ((1, 1), (1, 0))]
    ),
    ("forum_full_convolution", 38, 1): _fo_dx_entry(3, 0, [((1, 0), (2, 2))]),
    ("forum_full_convolution", 40, 1): lambda: count_claim(3 - 1, 2, _FULL_PAD),
    ("forum_full_convolution", 43, 1): _fo(
        lambda v: agree(lambda: v["dx"], lambda: corr(pad(v["g"], 2), rot180(v["k"])))
    ),
    ("forum_full_convolution", 43, 2): _fo(
        lambda v: same(corr(pad(v["g"], 2), rot180(v["k"])), convolve2d(v["g"], v["k"]))
    ),
    ("forum_full_convolution", 49, 1): _fo(
        lambda v: agree(lambda: v["dx"], lambda: corr(pad(v["g"], 1), rot180(v["k"])))
    ),
    ("forum_full_convolution", 55, 1): _fo(lambda v: same(v["dk"], corr(v["x"], v["g"]))),
    ("forum_full_convolution", 57, 1): _fo(
        lambda v: same(v["dk"], convolve2d(v["x"], v["g"], mode="valid"))
    ),
    ("forum_full_convolution", 64, 1): _fo(_fo_matrix),
    ("forum_full_convolution", 69, 1): lambda: trials(_fo_batch, 40),
}


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh3_truth_b import NOTES_B

    return {**BLOG, **POOL, **FORUM, **NOTES_B}
