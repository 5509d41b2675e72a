"""Independent truth for the fresh9 unseen set (tests/data/check/unseen/fresh9/), notes 1-2.

Each claim of a key is a function keyed by (note, line, rank on the line) that computes both
sides of the equation with NumPy / torch autograd at the note's sizes from random inputs and
returns one bool per trial (or per size of a grid): the sides agree there or not. Nothing of
symconv is imported. Reading an entry outside a tensor raises IndexError, which counts as
"the sides do not agree"; where a note says a tensor is zero outside its range, zat() is used.
Notes 4-5 live in unseen_fresh9_truth_b.py and notes 3, 6, 7 in unseen_fresh9_truth_c.py;
truth_table() merges them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, rng, same, zat


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def grid(fill: Callable[..., float], shape: tuple[int, ...]) -> np.ndarray | None:
    """An array built entry by entry; None when the formula reads outside a tensor."""
    out = np.zeros(shape)
    try:
        for idx in np.ndindex(*shape):
            out[idx] = fill(*idx)
    except IndexError:
        return None
    return out


def agrees(fill: Callable[..., float], shape: tuple[int, ...], truth: np.ndarray) -> bool:
    built = grid(fill, shape)
    return built is not None and same(built, truth)


def conv(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int) -> dict:
    """Forward and autograd gradients of torch conv2d; x (N,C,H,W), w (F,C,k,k), g like z."""
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    wt = torch.tensor(w, dtype=F64, requires_grad=True)
    bt = None if b is None else torch.tensor(b, dtype=F64, requires_grad=True)
    z = F.conv2d(xt, wt, bt, **kw)
    (z * torch.tensor(g, dtype=F64)).sum().backward()
    out = {"z": z.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def conv_out(h: int, k: int, s: int, p: int) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p).shape[-1])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def numbers(lhs: float, rhs: float) -> Truth:
    return lambda: [close(lhs, rhs)]


# --- reddit_explainer: 5x5 X, 3x3 K, scalar bias c, 3x3 output, 0-based --------------------


def _reddit(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    r = rng(seed)
    x, k, g = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(3, 3))
    out = conv(x[None, None], k[None, None], np.array([0.3]), g[None, None])
    return x, k, g, out


def reddit_dk() -> list[bool]:
    res = []
    for t in range(TRIALS):
        x, _, g, out = _reddit(t)
        fill = lambda a, b, g=g, x=x: sum(  # noqa: E731
            g[i, j] * at(x, i + a, j + b) for i in range(3) for j in range(3)
        )
        res.append(agrees(fill, (3, 3), out["dw"][0, 0]))
    return res


def reddit_dc() -> list[bool]:
    return [close(_reddit(t)[2].sum(), float(_reddit(t)[3]["db"][0])) for t in range(TRIALS)]


def _reddit_dx(sign: int) -> list[bool]:
    res = []
    for t in range(TRIALS):
        _, k, g, out = _reddit(t)
        fill = lambda m, n, g=g, k=k, sign=sign: sum(  # noqa: E731
            zat(g, m + sign * a, n + sign * b) * k[a, b] for a in range(3) for b in range(3)
        )
        res.append(agrees(fill, (5, 5), out["dx"][0, 0]))
    return res


def reddit_pad_rot() -> list[bool]:
    res = []
    for t in range(TRIALS):
        _, k, g, out = _reddit(t)
        padded = np.pad(g, 2)
        flipped = k[::-1, ::-1]
        corr = np.array(
            [[(padded[i : i + 3, j : j + 3] * flipped).sum() for j in range(5)] for i in range(5)]
        )
        res.append(same(corr, out["dx"][0, 0]))
    return res


def _reddit_batch(seed: int) -> tuple[np.ndarray, np.ndarray, dict]:
    r = rng(5 + seed)
    x, k, g = r.normal(size=(4, 1, 5, 5)), r.normal(size=(1, 1, 3, 3)), r.normal(size=(4, 1, 3, 3))
    return x, g, conv(x, k, np.array([0.1]), g)


def reddit_batch_dk() -> list[bool]:
    res = []
    for t in range(TRIALS):
        x, g, out = _reddit_batch(t)
        fill = lambda a, b, g=g, x=x: sum(  # noqa: E731
            g[n, 0, i, j] * at(x, n, 0, i + a, j + b)
            for n in range(4)
            for i in range(3)
            for j in range(3)
        )
        res.append(agrees(fill, (3, 3), out["dw"][0, 0]))
    return res


def reddit_batch_dc_mean() -> list[bool]:
    return [
        close(_reddit_batch(t)[1].sum() / 4, float(_reddit_batch(t)[2]["db"][0]))
        for t in range(TRIALS)
    ]


def reddit_maxpool() -> list[bool]:
    x = torch.tensor([[[[1.0, 3.0], [2.0, 0.0]]]], dtype=F64, requires_grad=True)
    (F.max_pool2d(x, 2) * 5).sum().backward()
    return [close(float(x.grad[0, 0, 0, 0]), 5.0)]


REDDIT: dict[tuple[int, int], Truth] = {
    (5, 1): lambda: [conv_out(5, 3, 1, 0) == 5 - 3 + 1 == 3],
    (9, 1): reddit_dk,
    (11, 1): reddit_dc,
    (13, 1): lambda: _reddit_dx(-1),
    (15, 1): lambda: _reddit_dx(+1),
    (17, 1): reddit_pad_rot,
    (17, 2): lambda: [np.pad(np.zeros((3, 3)), 2).shape[0] - 3 + 1 == 5],
    (19, 1): lambda: [conv_out(7, 3, 2, 0) == (7 - 3) / 2 + 1 == 3],
    (19, 2): lambda: [conv_out(7, 3, 2, 1) == (7 + 2 - 3) // 2 + 1 == 4],
    (19, 3): lambda: [(8 - 3) // 2 + 1 == 4],
    (21, 1): lambda: [params(torch.nn.Conv2d(32, 64, 3)) == 3 * 3 * 32 * 64],
    (21, 2): numbers(3 * 3 * 32 * 64, 18432),
    (23, 2): reddit_batch_dk,
    (23, 3): reddit_batch_dc_mean,
    (25, 1): lambda: [conv_out(5, 3, 1, 1) == 5 + 1 - 3 + 1],
    (25, 2): numbers(5 + 1 - 3 + 1, 4),
    (27, 1): reddit_maxpool,
}


# --- d2l_exercise: X 4x4x2, V offsets -1..1, 2 -> 3 channels, padding 1, bias u -----------


def _d2l(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """X[i,j,c], V[a+1,b+1,c,d], G[i,j,d] and torch's gradients (channels-last views)."""
    r = rng(10 + seed)
    x, v, g = r.normal(size=(4, 4, 2)), r.normal(size=(3, 3, 2, 3)), r.normal(size=(4, 4, 3))
    out = conv(
        x.transpose(2, 0, 1)[None],
        v.transpose(3, 2, 0, 1),
        r.normal(size=3),
        g.transpose(2, 0, 1)[None],
        padding=1,
    )
    grads = {
        "dv": out["dw"].transpose(2, 3, 1, 0),
        "dx": out["dx"][0].transpose(1, 2, 0),
        "du": out["db"],
    }
    return x, v, g, grads


def d2l_dv() -> list[bool]:
    res = []
    for t in range(TRIALS):
        x, _, g, gr = _d2l(t)
        fill = lambda a, b, c, d, g=g, x=x: sum(  # noqa: E731
            g[i, j, d] * zat(x, i + a - 1, j + b - 1, c) for i in range(4) for j in range(4)
        )
        res.append(agrees(fill, (3, 3, 2, 3), gr["dv"]))
    return res


def d2l_du_mean() -> list[bool]:
    return [same(_d2l(t)[2].sum(axis=(0, 1)) / 16, _d2l(t)[3]["du"]) for t in range(TRIALS)]


def _d2l_dx(sign: int) -> list[bool]:
    res = []
    for t in range(TRIALS):
        _, v, g, gr = _d2l(t)
        fill = lambda i, j, c, g=g, v=v, sign=sign: sum(  # noqa: E731
            zat(g, i + sign * a, j + sign * b, d) * v[a + 1, b + 1, c, d]
            for a in (-1, 0, 1)
            for b in (-1, 0, 1)
            for d in range(3)
        )
        res.append(agrees(fill, (4, 4, 2), gr["dx"]))
    return res


def d2l_floor_identity() -> list[bool]:
    """floor((n-k+p+s)/s) = floor((n-k+p)/s) + 1 over a grid with n-k+p >= 0."""
    res = []
    for n in range(3, 10):
        for k in range(1, 4):
            for p in range(0, 3):
                for s in range(1, 4):
                    res.append((n - k + p + s) // s == (n - k + p) // s + 1)
    return res


def d2l_multiplications() -> int:
    """One multiplication per (output entry, input channel, kernel tap)."""
    out = F.conv2d(torch.zeros(1, 2, 4, 4), torch.zeros(3, 2, 3, 3), padding=1)
    return out.numel() * 2 * 3 * 3


def d2l_one_by_one_swapped() -> list[bool]:
    res = []
    for t in range(TRIALS):
        r = rng(15 + t)
        x, v, g = r.normal(size=(4, 4, 3)), r.normal(size=(3, 3)), r.normal(size=(4, 4, 3))
        out = conv(
            x.transpose(2, 0, 1)[None], v.T[:, :, None, None], None, g.transpose(2, 0, 1)[None]
        )
        dv = out["dw"][:, :, 0, 0].T  # [c, d]
        fill = lambda c, d, g=g, x=x: sum(  # noqa: E731
            x[i, j, d] * g[i, j, c] for i in range(4) for j in range(4)
        )
        res.append(agrees(fill, (3, 3), dv))
    return res


def d2l_stride_two_dv() -> list[bool]:
    res = []
    for t in range(TRIALS):
        r = rng(17 + t)
        x, v, g = r.normal(size=(4, 4, 2)), r.normal(size=(3, 3, 2, 3)), r.normal(size=(2, 2, 3))
        out = conv(
            x.transpose(2, 0, 1)[None],
            v.transpose(3, 2, 0, 1),
            None,
            g.transpose(2, 0, 1)[None],
            stride=2,
            padding=1,
        )
        fill = lambda a, b, c, d, g=g, x=x: sum(  # noqa: E731
            g[i, j, d] * zat(x, i + a - 1, j + b - 1, c) for i in range(2) for j in range(2)
        )
        res.append(agrees(fill, (3, 3, 2, 3), out["dw"].transpose(2, 3, 1, 0)))
    return res


D2L: dict[tuple[int, int], Truth] = {
    (11, 1): lambda: [params(torch.nn.Conv2d(2, 3, 3)) == 3 * 3 * 2 * 3 + 3 == 57],
    (15, 1): lambda: [conv_out(4, 3, 1, 1) == 4 + 2 - 3 + 1],
    (15, 2): numbers(4 + 2 - 3 + 1, 4),
    (19, 1): d2l_dv,
    (21, 1): d2l_du_mean,
    (25, 1): lambda: _d2l_dx(-1),
    (29, 1): lambda: _d2l_dx(+1),
    (35, 1): lambda: [conv_out(4, 3, 2, 1) == (4 - 3 + 2 + 2) // 2],
    (35, 2): numbers((4 - 3 + 2 + 2) // 2, 2),
    (37, 1): d2l_floor_identity,
    (41, 1): lambda: [d2l_multiplications() == 2 * 3 * 3 * 3 * 4 * 4],
    (41, 2): numbers(2 * 3 * 3 * 3 * 4 * 4, 432),
    (43, 2): d2l_one_by_one_swapped,
    (45, 1): d2l_stride_two_dv,
}


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh9_truth_b import NOTES_B
    from unseen_fresh9_truth_c import NOTES_C

    notes = {"reddit_explainer": REDDIT, "d2l_exercise": D2L}
    notes.update(NOTES_B)
    notes.update(NOTES_C)
    return {
        (stem, line, rank): fn
        for stem, table in notes.items()
        for (line, rank), fn in table.items()
    }
