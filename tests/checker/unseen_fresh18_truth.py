"""Independent truth for the fresh18 unseen set (tests/data/check/unseen/fresh18/), notes 1-3.

Each claim of a key is a function keyed by (note, line, rank on the line) that computes both
sides of the equation with NumPy/torch at the note's sizes, from random inputs (torch autograd
of conv2d / conv1d / conv_transpose2d / pooling / linear gives every gradient) or from the
note's own numbers, and returns one bool per trial or per size of a grid: the sides agree
there or not. Nothing of symconv is imported. A side that reads outside a tensor (IndexError)
or whose shapes do not fit together (ValueError) counts as "the sides do not agree".
Notes 4-7 live in unseen_fresh18_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import product

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, corr, dilate, pad, rng, rot180, same, zat

Claims = dict[tuple[str, int, int], Truth]


def guarded(check: Callable[[], object]) -> bool:
    """A formula that names a missing entry or multiplies mismatched shapes is not true."""
    try:
        return bool(check())
    except (IndexError, ValueError):
        return False


def fixed(check: Callable[[], object]) -> Truth:
    """A claim about the note's own numbers or sizes: one evaluation."""
    return lambda: [guarded(check)]


def randomized(
    make: Callable[[np.random.Generator], dict], check: Callable[[dict], object], seed: int
) -> Truth:
    """A symbolic claim: evaluated on TRIALS random draws at the note's sizes."""
    return lambda: [guarded(lambda t=t: check(make(rng(seed + t)))) for t in range(TRIALS)]


def autograd(
    fn: Callable[..., torch.Tensor], arrays: Sequence[np.ndarray], g: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Forward value of fn and the gradients of sum(out * g) with respect to every input."""
    leaves = [
        torch.tensor(np.asarray(a, dtype=np.float64), dtype=F64, requires_grad=True) for a in arrays
    ]
    out = fn(*leaves)
    (out * torch.tensor(g, dtype=F64)).sum().backward()
    return out.detach().numpy(), [leaf.grad.numpy() for leaf in leaves]  # type: ignore[union-attr]


def conv_out(h: int, k: int, s: int, p: int, d: int = 1) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    w = torch.zeros(1, 1, k, k, dtype=F64)
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- apostila_aula7_convolucao.md: 4x4 X, 3x3 W, stride 1, no padding, 0-based, delta 2x2

_APO_X = np.array([[1, 2, 0, 1], [0, 1, 3, 2], [2, 1, 0, 1], [1, 0, 2, 3]], dtype=float)
_APO_W = np.array([[1, 0, -1], [2, 1, 0], [0, 1, 1]], dtype=float)
_APO_D = np.array([[1, -1], [2, 0]], dtype=float)


def _apo_from(x: np.ndarray, w: np.ndarray, b: float, d: np.ndarray) -> dict:
    def layer(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x[None, None], w[None, None], b.reshape(1))[0, 0]

    y, (dx, dw, db) = autograd(layer, [x, w, np.array(b)], d)
    return {"x": x, "w": w, "b": b, "d": d, "y": y, "dx": dx, "dw": dw, "db": float(db)}


def _apo(r: np.random.Generator) -> dict:
    return _apo_from(
        r.normal(size=(4, 4)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(2, 2))
    )


def _apo_num() -> dict:
    return _apo_from(_APO_X, _APO_W, 0.0, _APO_D)


def _apo_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    rhs = [[sum(at(x, i + m, j + n) * w[m, n] for m in range(3) for n in range(3)) + v["b"]
            for j in range(2)] for i in range(2)]  # fmt: skip
    return same(v["y"], rhs)


def _apo_dw(v: dict) -> bool:
    rhs = [[sum(v["d"][i, j] * at(v["x"], i + m, j + n) for i in range(2) for j in range(2))
            for n in range(3)] for m in range(3)]  # fmt: skip
    return same(v["dw"], rhs)


def _apo_dx(v: dict) -> bool:
    rhs = [[sum(v["d"][i, j] * zat(v["w"], p - i, q - j) for i in range(2) for j in range(2))
            for q in range(4)] for p in range(4)]  # fmt: skip
    return same(v["dx"], rhs)


def _apo_dx11(v: dict) -> bool:
    d, w = v["d"], v["w"]
    rhs = d[0, 0] * w[1, 1] + d[0, 1] * w[1, 0] + d[1, 0] * w[0, 1] + d[1, 1] * w[0, 0]
    return close(v["dx"][1, 1], rhs)


def _apo_x01(d: np.ndarray, w: np.ndarray) -> float:
    return d[0, 0] * w[0, 1] + d[0, 1] * w[0, 0]


APO = "apostila_aula7_convolucao"
APOSTILA: Claims = {
    (APO, 11, 1): fixed(lambda: conv_out(4, 3, 1, 0) == 4 - 3 + 1),
    (APO, 11, 2): fixed(lambda: 4 - 3 + 1 == 2),
    (APO, 15, 1): randomized(_apo, _apo_forward, 100),
    (APO, 23, 1): randomized(_apo, _apo_dw, 110),
    (APO, 25, 1): randomized(_apo, lambda v: same(v["dw"], corr(v["x"], rot180(v["d"]))), 120),
    (APO, 29, 1): randomized(_apo, lambda v: close(v["db"], v["d"].sum()), 130),
    (APO, 35, 1): randomized(_apo, _apo_dx, 140),
    (APO, 39, 1): randomized(_apo, _apo_dx11, 150),
    (APO, 43, 1): randomized(
        _apo, lambda v: close(v["dx"][3, 3], v["d"][1, 1] * v["w"][1, 1]), 160
    ),
    (APO, 47, 1): randomized(
        _apo, lambda v: same(v["dx"], corr(pad(v["d"], 2), rot180(v["w"]))), 170
    ),
    (APO, 49, 1): randomized(
        _apo, lambda v: same(v["dx"], corr(pad(v["d"], 1), rot180(v["w"]))), 180
    ),
    (APO, 59, 1): fixed(lambda: same(_apo_num()["y"], [[3, 7], [4, 5]])),
    (APO, 65, 1): fixed(lambda: close(_apo_num()["db"], 1 - 1 + 2 + 0)),
    (APO, 65, 2): fixed(lambda: 1 - 1 + 2 + 0 == 2),
    (APO, 67, 1): fixed(lambda: same(_apo_num()["dw"], [[-1, 4, 5], [3, 0, 1], [3, 1, 2]])),
    (APO, 71, 1): fixed(
        lambda: same(
            _apo_num()["dx"], [[1, -1, -1, 1], [4, -1, -3, 0], [4, 3, 0, -1], [0, 2, 2, 0]]
        )
    ),
    (APO, 73, 1): randomized(_apo, lambda v: close(v["dx"][0, 1], _apo_x01(v["d"], v["w"])), 190),
    (APO, 73, 2): fixed(lambda: close(_apo_x01(_APO_D, _APO_W), 0 + 1)),
    (APO, 73, 3): fixed(lambda: 0 + 1 == 1),
}


# --- cv_answer_rotated_kernel.md: 3x3 X, 2x2 K, stride 1; then 4x4 X, stride 2; 1-based

_CV_X3 = np.array([[2, 0, 1], [1, 3, 0], [0, 1, 2]], dtype=float)
_CV_K = np.array([[1, -1], [0, 2]], dtype=float)
_CV_G = np.array([[1, 2], [-1, 0]], dtype=float)
_CV_X4 = np.array([[1, 0, 2, 1], [3, 1, 0, 0], [0, 2, 1, 1], [1, 1, 0, 3]], dtype=float)


def _cv_from(x: np.ndarray, k: np.ndarray, g: np.ndarray, stride: int) -> dict:
    def layer(x: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x[None, None], k[None, None], stride=stride)[0, 0]

    y, (dx, dk) = autograd(layer, [x, k], g)
    return {"x": x, "k": k, "g": g, "y": y, "dx": dx, "dk": dk}


def _cv(side: int, stride: int) -> Callable[[np.random.Generator], dict]:
    return lambda r: _cv_from(
        r.normal(size=(side, side)), r.normal(size=(2, 2)), r.normal(size=(2, 2)), stride
    )


def _cv_dx_sum(v: dict) -> bool:
    g, k = v["g"], v["k"]  # 1-based p, q, i, j as the note writes them; k zero outside 1..2
    rhs = [[sum(g[i - 1, j - 1] * zat(k, p - i, q - j) for i in (1, 2) for j in (1, 2))
            for q in (1, 2, 3)] for p in (1, 2, 3)]  # fmt: skip
    return same(v["dx"], rhs)


def _cv_dk_sum(v: dict) -> bool:
    g, x = v["g"], v["x"]  # the note's x_{i+m, j+n}, 1-based: 0-based index i+m-1
    rhs = [[sum(g[i - 1, j - 1] * at(x, i + m - 1, j + n - 1) for i in (1, 2) for j in (1, 2))
            for n in (1, 2)] for m in (1, 2)]  # fmt: skip
    return same(v["dk"], rhs)


def _cv_x22(g: np.ndarray, k: np.ndarray) -> float:
    return g[0, 0] * k[1, 1] + g[0, 1] * k[1, 0] + g[1, 0] * k[0, 1] + g[1, 1] * k[0, 0]


_CV1, _CV2 = _cv(3, 1), _cv(4, 2)
CV = "cv_answer_rotated_kernel"
CV_ANSWER: Claims = {
    (CV, 5, 1): randomized(_CV1, lambda v: same(v["dx"], corr(pad(v["g"], 1), v["k"])), 200),
    (CV, 7, 1): fixed(
        lambda: same(_cv_from(_CV_X3, _CV_K, _CV_G, 1)["dx"], [[2, 4, 0], [-3, -1, 2], [1, -1, 0]])
    ),
    (CV, 19, 1): fixed(lambda: same(_cv_from(_CV_X3, _CV_K, _CV_G, 1)["y"], [[8, -1], [0, 7]])),
    (CV, 23, 1): randomized(_CV1, lambda v: close(v["dx"][1, 1], _cv_x22(v["g"], v["k"])), 210),
    (CV, 23, 2): fixed(lambda: close(_cv_x22(_CV_G, _CV_K), 1 * 2 + 2 * 0 + (-1) * (-1) + 0 * 1)),
    (CV, 23, 3): fixed(lambda: 1 * 2 + 2 * 0 + (-1) * (-1) + 0 * 1 == 3),
    (CV, 27, 1): randomized(_CV1, _cv_dx_sum, 220),
    (CV, 31, 1): randomized(
        _CV1, lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["k"]))), 230
    ),
    (CV, 31, 2): fixed(
        lambda: same(corr(pad(_CV_G, 1), rot180(_CV_K)), [[1, 1, -2], [-1, 3, 4], [0, -2, 0]])
    ),
    (CV, 37, 1): randomized(_CV1, _cv_dk_sum, 240),
    (CV, 39, 1): randomized(_CV1, lambda v: same(v["dk"], corr(v["x"], v["g"])), 250),
    (CV, 39, 2): fixed(lambda: same(corr(_CV_X3, _CV_G), [[1, -1], [7, 2]])),
    (CV, 45, 2): fixed(lambda: same(_cv_from(_CV_X4, _CV_K, _CV_G, 2)["y"], [[3, 1], [0, 6]])),
    (CV, 49, 1): fixed(
        lambda: same(
            _cv_from(_CV_X4, _CV_K, _CV_G, 2)["dx"],
            [[1, -1, 2, -2], [0, 2, 0, 4], [-1, 1, 0, 0], [0, 2, 0, 0]],
        )
    ),
    (CV, 53, 1): randomized(
        _CV2, lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["k"]))), 260
    ),
    (CV, 57, 1): randomized(_CV2, lambda v: same(v["dk"], corr(v["x"], dilate(v["g"], 2))), 270),
    (CV, 57, 2): fixed(lambda: same(corr(_CV_X4, dilate(_CV_G, 2)), [[5, 0], [4, 0]])),
    (CV, 59, 1): randomized(_CV2, lambda v: same(v["dk"], corr(v["x"], v["g"])), 280),
}


# --- appendix_d_general_conv_formulas.md: symbolic N, C, F, H, W, K, S >= 2, P, 0-based, with
# S dividing H + 2P - K and W + 2P - K (as the appendix assumes), and N >= 2 (a mini-batch);
# one random draw per size.

_APP_GRID = [  # (N, C, F, H, W, K, S, P)
    (2, 3, 4, 7, 9, 3, 2, 1),
    (2, 2, 1, 8, 8, 4, 2, 1),
    (2, 2, 3, 11, 8, 3, 3, 2),
]


def _app(size: tuple[int, ...], seed: int) -> dict:
    n, c, f, h, w, k, s, p = size
    r = rng(seed)
    x, kern, beta = r.normal(size=(n, c, h, w)), r.normal(size=(f, c, k, k)), r.normal(size=f)
    ho, wo = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    g = r.normal(size=(n, f, ho, wo))
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    kt = torch.tensor(kern, dtype=F64, requires_grad=True)
    bt = torch.tensor(beta, dtype=F64, requires_grad=True)
    xp = F.pad(xt, (p, p, p, p))
    xp.retain_grad()  # the gradient of the padded input x~ as well as of x
    z = F.conv2d(xp, kt, bt, stride=s)
    (z * torch.tensor(g, dtype=F64)).sum().backward()
    return {
        "N": n, "C": c, "F": f, "K": k, "S": s, "P": p, "Ho": ho, "Wo": wo,
        "x": x, "xp": xp.detach().numpy(), "k": kern, "beta": beta, "g": g,
        "z": z.detach().numpy(), "dx": xt.grad.numpy(), "dxp": xp.grad.numpy(),  # type: ignore[union-attr]
        "dk": kt.grad.numpy(), "dbeta": bt.grad.numpy(),  # type: ignore[union-attr]
    }  # fmt: skip


def over_grid(check: Callable[[dict], object], seed: int) -> Truth:
    return lambda: [
        guarded(lambda i=i, size=size: check(_app(size, seed + i)))
        for i, size in enumerate(_APP_GRID)
    ]


def _app_forward(v: dict) -> bool:
    s, xp, k = v["S"], v["xp"], v["k"]
    for n, f, i, j in product(range(v["N"]), range(v["F"]), range(v["Ho"]), range(v["Wo"])):
        rhs = v["beta"][f] + sum(
            k[f, c, u, w] * at(xp, n, c, s * i + u, s * j + w)
            for c, u, w in product(range(v["C"]), range(v["K"]), range(v["K"]))
        )
        if not close(v["z"][n, f, i, j], rhs):
            return False
    return True


def _app_dk(v: dict) -> bool:
    s, xp, g = v["S"], v["xp"], v["g"]
    for f, c, u, w in product(range(v["F"]), range(v["C"]), range(v["K"]), range(v["K"])):
        rhs = sum(
            g[n, f, i, j] * at(xp, n, c, s * i + u, s * j + w)
            for n, i, j in product(range(v["N"]), range(v["Ho"]), range(v["Wo"]))
        )
        if not close(v["dk"][f, c, u, w], rhs):
            return False
    return True


def kernel(k: np.ndarray, f: int, c: int, u: int, w: int) -> float:
    """k_{f,c,u,v}: zero outside its K x K support (the appendix's convention), but a filter
    or channel index past the bank does not exist."""
    if not (0 <= f < k.shape[0] and 0 <= c < k.shape[1]):
        raise IndexError((f, c))
    return zat(k, f, c, u, w)


def _app_dxp(swapped: bool) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        s, g, k = v["S"], v["g"], v["k"]
        for n, c, p, q in product(*(range(m) for m in v["dxp"].shape)):
            rhs = sum(
                g[n, f, i, j] * kernel(k, *((c, f) if swapped else (f, c)), p - s * i, q - s * j)
                for f, i, j in product(range(v["F"]), range(v["Ho"]), range(v["Wo"]))
            )
            if not close(v["dxp"][n, c, p, q], rhs):
                return False
        return True

    return check


def _app_crop(v: dict) -> bool:
    p = v["P"]
    return all(
        close(v["dx"][n, c, i, j], at(v["dxp"], n, c, i - p, j - p))
        for n, c, i, j in product(*(range(m) for m in v["dx"].shape))
    )


def _app_dxp_op(v: dict) -> bool:
    def spread(g: np.ndarray) -> np.ndarray:
        return pad(dilate(g, v["S"]), v["K"] - 1)

    g, k = v["g"], v["k"]
    return all(
        same(v["dxp"][n, c], sum(corr(spread(g[n, f]), rot180(k[f, c])) for f in range(v["F"])))
        for n, c in product(range(v["N"]), range(v["C"]))
    )


def _app_dk_op(dilated: bool) -> Callable[[dict], bool]:
    def spread(g: np.ndarray, s: int) -> np.ndarray:
        return dilate(g, s) if dilated else g

    return lambda v: all(
        same(
            v["dk"][f, c],
            sum(corr(v["xp"][n, c], spread(v["g"][n, f], v["S"])) for n in range(v["N"])),
        )
        for f, c in product(range(v["F"]), range(v["C"]))
    )


def _app_params(count: Callable[[int, int, int], int]) -> Truth:
    return lambda: [
        params(torch.nn.Conv2d(c, f, k)) == count(c, f, k) for _, c, f, _, _, k, _, _ in _APP_GRID
    ]


APP = "appendix_d_general_conv_formulas"
APPENDIX: Claims = {
    (APP, 7, 1): lambda: [
        conv_out(side, k, s, p) == (side + 2 * p - k) // s + 1
        for _, _, _, h, w, k, s, p in _APP_GRID
        for side in (h, w)
    ],
    (APP, 11, 1): fixed(lambda: conv_out(224, 7, 2, 3) == (224 + 6 - 7) // 2 + 1),
    (APP, 11, 2): fixed(lambda: (224 + 6 - 7) // 2 + 1 == 112),
    (APP, 15, 1): fixed(
        lambda: (
            F.max_pool2d(torch.zeros(1, 1, 112, 112), 3, 2, 1).shape[-1] == (112 + 2 - 3) // 2 + 1
        )
    ),
    (APP, 15, 2): fixed(lambda: (112 + 2 - 3) // 2 + 1 == 57),
    (APP, 19, 1): over_grid(_app_forward, 300),
    (APP, 25, 1): over_grid(_app_dk, 310),
    (APP, 27, 1): over_grid(lambda v: same(v["dbeta"], v["g"].sum(axis=(0, 2, 3))), 320),
    (APP, 29, 1): over_grid(lambda v: same(v["dbeta"], v["g"].sum(axis=(0, 2, 3)) / v["N"]), 330),
    (APP, 33, 1): over_grid(_app_dxp(swapped=False), 340),
    (APP, 37, 1): over_grid(_app_dxp(swapped=True), 350),
    (APP, 41, 1): over_grid(_app_crop, 360),
    (APP, 45, 1): over_grid(_app_dxp_op, 370),
    (APP, 47, 1): over_grid(_app_dk_op(dilated=True), 380),
    (APP, 49, 1): over_grid(_app_dk_op(dilated=False), 390),
    (APP, 55, 1): _app_params(lambda c, f, k: f * (c * k * k + 1)),
    (APP, 57, 4): fixed(lambda: params(torch.nn.Conv2d(64, 128, 3)) == 128 * (64 * 9 + 1)),
    (APP, 57, 5): fixed(lambda: 128 * (64 * 9 + 1) == 73856),
    (APP, 57, 6): fixed(lambda: params(torch.nn.Conv2d(64, 128, 3)) == 128 * 64 * 9),
    (APP, 57, 7): fixed(lambda: 128 * 64 * 9 == 73728),
    (APP, 59, 1): _app_params(lambda c, f, k: f * c * k * k + c),
}


def truth_table() -> Claims:
    from unseen_fresh18_truth_b import NOTES_B

    return {**APOSTILA, **CV_ANSWER, **APPENDIX, **NOTES_B}
