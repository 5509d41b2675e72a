"""Independent truth for the fresh13 unseen set (tests/data/check/unseen/fresh13/), notes
tutorial_loops_to_math and issue_412_strided_grad_input.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes on random inputs and returns one bool per
trial: the sides agree there or not. Nothing of symconv is imported. A side that reads an entry
outside a tensor (IndexError) or multiplies matrices of mismatched shapes (ValueError) disagrees.
The other notes are in unseen_fresh13_truth_b.py, _c.py and _d.py.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    F64,
    TRIALS,
    Truth,
    at,
    corr,
    dilate,
    pad,
    rng,
    rot180,
    same,
    zat,
)


def agree(check: Callable[[], bool]) -> bool:
    """One comparison; a side naming a missing entry or an impossible product disagrees."""
    try:
        return bool(check())
    except (IndexError, ValueError):
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> list[bool]:
    return [agree(lambda t=t: check(rng(seed + t))) for t in range(TRIALS)]


def once(check: Callable[[], bool]) -> Truth:
    return lambda: [agree(check)]


def count_claim(lhs: float, rhs: float, true_value: float) -> list[bool]:
    """A size or count written lhs = rhs: both sides must equal the true value."""
    return [lhs == rhs == true_value]


def conv(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int) -> dict:
    """torch conv2d forward and the autograd gradients of sum(z * g); x (N,C,H,W), w (F,C',k,k)."""
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    wt = torch.tensor(w, dtype=F64, requires_grad=True)
    bt = None if b is None else torch.tensor(b, dtype=F64, requires_grad=True)
    z = F.conv2d(xt, wt, bt, **kw)
    (z * torch.tensor(g, dtype=F64)).sum().backward()
    out = {"z": z.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def conv_out(h: int, k: int, s: int, p: int, d: int = 1) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    w = torch.zeros(1, 1, k, k, dtype=F64)
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def crop(a: np.ndarray, c: int) -> np.ndarray:
    return a[c:-c, c:-c]


# --- tutorial_loops_to_math.md: 5x5 x, 3x3 w, scalar b, stride 1 (then 2), no padding


def _tut(r: np.random.Generator, stride: int = 1) -> tuple:
    x, w, b = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal()
    o = 3 if stride == 1 else 2
    g = r.normal(size=(o, o))
    t = conv(x[None, None], w[None, None], np.array([b]), g[None, None], stride=stride)
    return x, w, g, t["dx"][0, 0], t["dw"][0, 0], float(t["db"][0])


def _tut_dx(rhs: Callable[[np.ndarray, np.ndarray, int, int], float], cells=None) -> Truth:
    def check(r: np.random.Generator) -> bool:
        _, w, g, dx, _, _ = _tut(r)
        pts = cells or [(p, q) for p in range(5) for q in range(5)]
        return all(np.isclose(dx[p, q], rhs(g, w, p, q)) for p, q in pts)

    return lambda: trials(check, 100)


def _tut_relu(r: np.random.Generator) -> bool:
    y = torch.tensor(r.normal(size=(3, 3)), dtype=F64, requires_grad=True)
    ga = r.normal(size=(3, 3))
    (torch.relu(y) * torch.tensor(ga, dtype=F64)).sum().backward()
    return same(y.grad.numpy(), ga * (y.detach().numpy() > 0))


def _tut_mean(r: np.random.Generator) -> dict:
    x, w = torch.tensor(r.normal(size=(1, 1, 5, 5)), dtype=F64), r.normal(size=(1, 1, 3, 3))
    wt = torch.tensor(w, dtype=F64)
    b = torch.tensor([r.normal()], dtype=F64, requires_grad=True)
    y = F.conv2d(x, wt, b)
    y.retain_grad()
    y.mean().backward()
    return {"g": y.grad.numpy()[0, 0], "db": float(b.grad[0])}


def _sum_term(g: np.ndarray, w: np.ndarray, gi: Callable, p: int, q: int, get=zat) -> float:
    return sum(get(g, *gi(p, q, m, n)) * w[m, n] for m in range(3) for n in range(3))


TUTORIAL: dict[tuple[str, int, int], Truth] = {
    ("tutorial_loops_to_math", 26, 1): lambda: trials(
        lambda r: (
            lambda v: same(
                v[4],
                [
                    [
                        sum(v[2][i, j] * at(v[0], i + m, j + n) for i in range(3) for j in range(3))
                        for n in range(3)
                    ]
                    for m in range(3)
                ],
            )
        )(_tut(r)),
        110,
    ),
    ("tutorial_loops_to_math", 30, 1): lambda: trials(
        lambda r: (lambda v: np.isclose(v[5], v[2].sum()))(_tut(r)), 120
    ),
    ("tutorial_loops_to_math", 36, 1): _tut_dx(
        lambda g, w, p, q: _sum_term(g, w, lambda p, q, m, n: (p + m, q + n), p, q)
    ),
    ("tutorial_loops_to_math", 41, 1): _tut_dx(
        lambda g, w, p, q: _sum_term(g, w, lambda p, q, m, n: (p - m, q - n), p, q)
    ),
    ("tutorial_loops_to_math", 46, 1): lambda: trials(
        lambda r: (lambda v: same(v[3], corr(pad(v[2], 2), rot180(v[1]))))(_tut(r)), 130
    ),
    ("tutorial_loops_to_math", 50, 1): lambda: trials(
        lambda r: (lambda v: same(v[4], corr(v[0], rot180(v[2]))))(_tut(r)), 140
    ),
    ("tutorial_loops_to_math", 54, 1): _tut_dx(lambda g, w, p, q: g[0, 0] * w[0, 0], [(0, 0)]),
    ("tutorial_loops_to_math", 55, 1): _tut_dx(lambda g, w, p, q: g[2, 2] * w[0, 0], [(4, 4)]),
    ("tutorial_loops_to_math", 56, 1): _tut_dx(
        lambda g, w, p, q: _sum_term(g, w, lambda p, q, m, n: (2 - m, 2 - n), p, q, at), [(2, 2)]
    ),
    ("tutorial_loops_to_math", 60, 1): lambda: trials(_tut_relu, 150),
    ("tutorial_loops_to_math", 62, 1): lambda: count_claim(9, 9, params(torch.nn.Conv2d(1, 1, 3))),
    ("tutorial_loops_to_math", 64, 2): lambda: trials(
        lambda r: same(_tut_mean(r)["g"], np.full((3, 3), 1 / 9)), 160
    ),
    ("tutorial_loops_to_math", 65, 1): lambda: trials(
        lambda r: np.isclose(_tut_mean(r)["db"], 9), 170
    ),
    ("tutorial_loops_to_math", 70, 1): lambda: count_claim(
        (5 - 3) // 2 + 1, 2, conv_out(5, 3, 2, 0)
    ),
    ("tutorial_loops_to_math", 72, 1): lambda: trials(
        lambda r: (
            lambda v: same(
                v[4],
                [
                    [
                        sum(
                            v[2][i, j] * at(v[0], 2 * i + m, 2 * j + n)
                            for i in range(2)
                            for j in range(2)
                        )
                        for n in range(3)
                    ]
                    for m in range(3)
                ],
            )
        )(_tut(r, 2)),
        180,
    ),
    ("tutorial_loops_to_math", 77, 1): lambda: trials(
        lambda r: (lambda v: same(v[3], corr(pad(dilate(v[2], 2), 2), rot180(v[1]))))(_tut(r, 2)),
        190,
    ),
    ("tutorial_loops_to_math", 79, 1): lambda: trials(
        lambda r: (lambda v: same(v[3], corr(pad(v[2], 2), rot180(v[1]))))(_tut(r, 2)), 200
    ),
}


# --- issue_412_strided_grad_input.md: N=2, C=3, F=4, 3x3, stride 2, padding 1 (7x7 and 8x8)


def _iss(r: np.random.Generator, h: int = 7) -> dict:
    x, w, b = r.normal(size=(2, 3, h, h)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    g = r.normal(size=(2, 4, 4, 4))
    t = conv(x, w, b, g, stride=2, padding=1)
    return {**t, "x": x, "w": w, "g": g, "xp": np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))}


def _iss_dx(rhs: Callable[[dict, int, int], np.ndarray], h: int = 7) -> Truth:
    def check(r: np.random.Generator) -> bool:
        v = _iss(r, h)
        return all(same(v["dx"][n, c], rhs(v, n, c)) for n in range(2) for c in range(3))

    return lambda: trials(check, 210 + h)


def _iss_dw(r: np.random.Generator) -> bool:
    v = _iss(r)
    g, xp = v["g"], v["xp"]
    dw = np.zeros((4, 3, 3, 3))
    for f, c, u, vv in np.ndindex(4, 3, 3, 3):
        dw[f, c, u, vv] = sum(
            g[n, f, i, j] * at(xp, n, c, 2 * i + u, 2 * j + vv)
            for n in range(2)
            for i in range(4)
            for j in range(4)
        )
    return same(v["dw"], dw)


def _conv_t(v: dict, **kw: int) -> np.ndarray:
    g, w = torch.tensor(v["g"], dtype=F64), torch.tensor(v["w"], dtype=F64)
    return F.conv_transpose2d(g, w, stride=2, padding=1, **kw).numpy()


ISSUE: dict[tuple[str, int, int], Truth] = {
    ("issue_412_strided_grad_input", 11, 1): lambda: count_claim(
        conv_out(7, 3, 2, 1), (7 + 2 * 1 - 3) // 2 + 1, 4
    ),
    ("issue_412_strided_grad_input", 11, 2): lambda: count_claim((7 + 2 - 3) // 2 + 1, 4, 4),
    ("issue_412_strided_grad_input", 14, 1): _iss_dx(
        lambda v, n, c: sum(corr(pad(v["g"][n, f], 2), rot180(v["w"][f, c])) for f in range(4))
    ),
    ("issue_412_strided_grad_input", 26, 1): _iss_dx(
        lambda v, n, c: crop(
            sum(corr(pad(dilate(v["g"][n, f], 2), 2), rot180(v["w"][f, c])) for f in range(4)), 1
        )
    ),
    ("issue_412_strided_grad_input", 30, 1): lambda: trials(_iss_dw, 230),
    ("issue_412_strided_grad_input", 32, 1): lambda: trials(
        lambda r: (lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))))(_iss(r)), 240
    ),
    ("issue_412_strided_grad_input", 33, 1): lambda: trials(
        lambda r: (
            lambda v: same(
                v["dx"][:, :, 0, 0], np.einsum("nf,fc->nc", v["g"][:, :, 0, 0], v["w"][:, :, 1, 1])
            )
        )(_iss(r)),
        250,
    ),
    ("issue_412_strided_grad_input", 34, 1): lambda: trials(
        lambda r: (
            lambda v: same(
                v["dx"][:, :, 1, 1], np.einsum("nf,fc->nc", v["g"][:, :, 0, 0], v["w"][:, :, 2, 2])
            )
        )(_iss(r)),
        260,
    ),
    ("issue_412_strided_grad_input", 40, 1): lambda: trials(
        lambda r: (lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / 2))(_iss(r)), 270
    ),
    ("issue_412_strided_grad_input", 55, 1): lambda: trials(
        lambda r: (lambda v: same(v["dx"], _conv_t(v)))(_iss(r)), 280
    ),
    ("issue_412_strided_grad_input", 57, 1): lambda: count_claim(
        4 * 3 * 3 * 3 + 4, 112, params(torch.nn.Conv2d(3, 4, 3))
    ),
    ("issue_412_strided_grad_input", 58, 1): lambda: count_claim(
        36, 36, torch.nn.Conv2d(3, 4, 3).weight.numel()
    ),
    ("issue_412_strided_grad_input", 64, 1): lambda: count_claim(
        (8 + 2 - 3) // 2 + 1, 4, conv_out(8, 3, 2, 1)
    ),
    ("issue_412_strided_grad_input", 66, 1): lambda: trials(
        lambda r: (lambda v: same(v["dx"], _conv_t(v)))(_iss(r, 8)), 290
    ),
    ("issue_412_strided_grad_input", 69, 1): lambda: trials(
        lambda r: (lambda v: same(v["dx"], _conv_t(v, output_padding=1)))(_iss(r, 8)), 300
    ),
    ("issue_412_strided_grad_input", 70, 1): lambda: count_claim(
        (4 - 1) * 2 - 2 * 1 + 3 + 1,
        8,
        _conv_t({"g": np.zeros((1, 4, 4, 4)), "w": np.zeros((4, 3, 3, 3))}, output_padding=1).shape[
            -1
        ],
    ),
}


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh13_truth_b import NOTES_B
    from unseen_fresh13_truth_c import NOTES_C
    from unseen_fresh13_truth_d import PS4

    return {**TUTORIAL, **ISSUE, **PS4, **NOTES_B, **NOTES_C}
