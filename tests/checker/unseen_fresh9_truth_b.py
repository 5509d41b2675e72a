"""Independent truth for the fresh9 unseen set, notes 4-7 (see unseen_fresh9_truth.py).

avgpool_stride (torch avg_pool1d/2d autograd) and audio_causal_conv1d (torch conv1d with left
padding (K-1)d and dilation d). Notes 6-7 live in unseen_fresh9_truth_c.py.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh9_truth import (
    F64,
    TRIALS,
    Truth,
    agrees,
    close,
    numbers,
    rng,
    same,
    zat,
)


def pool_grad(x: np.ndarray, g: np.ndarray, pool: str, k: int, s: int) -> np.ndarray:
    """Gradient of sum(g * avgpool(x)) by autograd; x is 1-D or 2-D."""
    xt = torch.tensor(x[None, None], dtype=F64, requires_grad=True)
    op = F.avg_pool1d if pool == "1d" else F.avg_pool2d
    y = op(xt, k, s)
    (y * torch.tensor(g[None, None], dtype=F64)).sum().backward()
    return xt.grad.numpy()[0, 0]


def pool_len(n: int, k: int, s: int, ceil: bool = False) -> int:
    x = torch.zeros(1, 1, n, dtype=F64)
    return int(F.avg_pool1d(x, k, s, ceil_mode=ceil).shape[-1])


# --- avgpool_stride: 1-D length 7 window 3 stride 2; length 9 window 2 stride 3; 2-D ----------


def avg_overlap_formula() -> list[bool]:
    res = []
    for t in range(TRIALS):
        g = rng(30 + t).normal(size=3)
        dx = pool_grad(rng(40 + t).normal(size=7), g, "1d", 3, 2)
        fill = lambda j, g=g: sum(g[i] for i in range(3) if 0 <= j - 2 * i <= 2) / 3  # noqa: E731
        res.append(agrees(fill, (7,), dx))
    return res


G1 = np.array([3.0, 6.0, -3.0])
DX1 = pool_grad(np.zeros(7), G1, "1d", 3, 2)


def avg_conservation() -> list[bool]:
    res = []
    for t in range(TRIALS):
        g = rng(50 + t).normal(size=3)
        res.append(close(pool_grad(np.zeros(7), g, "1d", 3, 2).sum(), g.sum()))
    return res


def avg_gap(j: int) -> list[bool]:
    return [
        close(pool_grad(np.zeros(9), rng(60 + t).normal(size=3), "1d", 2, 3)[j], 0.0)
        for t in range(TRIALS)
    ]


def avg_gap_right() -> list[bool]:
    res = []
    for t in range(TRIALS):
        g = rng(70 + t).normal(size=3)
        dx = pool_grad(np.zeros(9), g, "1d", 2, 3)
        res.append(all(close(dx[3 * i + 1], g[i] / 2) for i in range(3)))
    return res


G2 = np.array([[4.0, 8.0], [-4.0, 0.0]])
DX2 = pool_grad(np.zeros((4, 4)), G2, "2d", 2, 2)
BLOCK = np.array([[1, 1, 2, 2], [1, 1, 2, 2], [-1, -1, 0, 0], [-1, -1, 0, 0]])


def avg_window3() -> list[bool]:
    res = []
    for t in range(TRIALS):
        g = rng(80 + t).normal(size=(2, 2))
        dx = pool_grad(np.zeros((5, 5)), g, "2d", 3, 2)
        fill = lambda m, n, g=g: (  # noqa: E731
            sum(
                g[i, j]
                for i in range(2)
                for j in range(2)
                if 0 <= m - 2 * i <= 2 and 0 <= n - 2 * j <= 2
            )
            / 9
        )
        res.append(agrees(fill, (5, 5), dx))
    return res


def avg_centre() -> list[bool]:
    res = []
    for t in range(TRIALS):
        g = rng(90 + t).normal(size=(2, 2))
        res.append(close(pool_grad(np.zeros((5, 5)), g, "2d", 3, 2)[2, 2], g[1, 1] / 9))
    return res


def avg_x4() -> list[bool]:
    res = []
    for t in range(TRIALS):
        g = rng(95 + t).normal(size=3)
        res.append(close(pool_grad(np.zeros(7), g, "1d", 3, 2)[4], (g[1] + g[2]) / 3))
    return res


AVGPOOL: dict[tuple[int, int], Truth] = {
    (7, 1): lambda: [pool_len(7, 3, 2) == (7 - 3) // 2 + 1 == 3],
    (13, 1): avg_overlap_formula,
    (15, 2): lambda: [same(DX1, [1, 1, 3, 2, 1, -1, -1])],
    (15, 3): lambda: [close(DX1[2], G1[1] / 3)],
    (15, 4): numbers(6 / 3, 2),
    (17, 1): avg_conservation,
    (21, 2): lambda: [pool_len(9, 2, 3) == (9 - 2) // 3 + 1 == 3],
    (21, 3): lambda: [-(-(9 - 2) // 3) + 1 == 3],
    (23, 1): lambda: avg_gap(2),
    (23, 2): lambda: avg_gap(8),
    (23, 3): avg_gap_right,
    (29, 1): lambda: [same(DX2, BLOCK)],
    (29, 2): lambda: [same(BLOCK, np.kron(G2, np.ones((2, 2))) / 4)],
    (31, 1): lambda: [same(DX2, np.kron(G2, np.ones((2, 2))))],
    (35, 1): avg_window3,
    (37, 1): avg_centre,
    (39, 1): avg_x4,
    (39, 2): lambda: [close((G1[1] + G1[2]) / 3, 3)],
}


# --- audio_causal_conv1d: T = 10, K = 3, d = 2, causal (left pad (K-1)d) ----------------------


def causal(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray, d: int) -> dict:
    """x (N,C,T), w (O,C,K); y[t] = b + sum_k w[k] x[t-dk], gradients by autograd."""
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    wt = torch.tensor(w, dtype=F64, requires_grad=True)
    bt = torch.tensor(b, dtype=F64, requires_grad=True)
    k = w.shape[-1]
    # torch correlates forward in time: flip the taps so tap k multiplies x[t - dk]
    y = F.conv1d(F.pad(xt, ((k - 1) * d, 0)), wt.flip(-1), bt, dilation=d)
    (y * torch.tensor(g, dtype=F64)).sum().backward()
    return {
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _single(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    r = rng(100 + seed)
    x, w, g = r.normal(size=10), r.normal(size=3), r.normal(size=10)
    return x, w, g, causal(x[None, None], w[None, None], r.normal(size=1), g[None, None], 2)


def receptive_field(dilations: tuple[int, ...], k: int) -> int:
    """Span of the inputs that reach the last output of a stack of causal dilated layers."""
    n = 64
    x = torch.zeros(1, 1, n, dtype=F64, requires_grad=True)
    h = x
    for d in dilations:
        h = F.conv1d(F.pad(h, ((k - 1) * d, 0)), torch.ones(1, 1, k, dtype=F64), dilation=d)
    h[0, 0, -1].backward()
    used = np.flatnonzero(x.grad.numpy()[0, 0])
    return int(used.max() - used.min() + 1)


def audio_dw(shift: int) -> list[bool]:
    res = []
    for t in range(TRIALS):
        x, _, g, out = _single(t)
        fill = lambda k, g=g, x=x, shift=shift: sum(g[s] * zat(x, s - shift * k) for s in range(10))  # noqa: E731
        res.append(agrees(fill, (3,), out["dw"][0, 0]))
    return res


def audio_dx(sign: int) -> list[bool]:
    res = []
    for t in range(TRIALS):
        _, w, g, out = _single(t)
        fill = lambda s, g=g, w=w, sign=sign: sum(w[k] * zat(g, s + sign * 2 * k) for k in range(3))  # noqa: E731
        res.append(agrees(fill, (10,), out["dx"][0, 0]))
    return res


def _batch(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    r = rng(110 + seed)
    x, w, g = r.normal(size=(2, 2, 10)), r.normal(size=(3, 2, 3)), r.normal(size=(2, 3, 10))
    return x, w, g, causal(x, w, r.normal(size=3), g, 2)


def audio_batch_dw() -> list[bool]:
    res = []
    for t in range(TRIALS):
        x, _, g, out = _batch(t)
        fill = lambda o, c, k, g=g, x=x: sum(  # noqa: E731
            g[n, o, s] * zat(x, n, c, s - 2 * k) for n in range(2) for s in range(10)
        )
        res.append(agrees(fill, (3, 2, 3), out["dw"]))
    return res


def audio_batch_dx() -> list[bool]:
    res = []
    for t in range(TRIALS):
        _, w, g, out = _batch(t)
        fill = lambda n, c, s, g=g, w=w: sum(  # noqa: E731
            w[o, c, k] * zat(g, n, o, s + 2 * k) for o in range(3) for k in range(3)
        )
        res.append(agrees(fill, (2, 2, 10), out["dx"]))
    return res


def audio_batch_db_one_clip() -> list[bool]:
    """sum over t of g[n,o,t] for a free n, for each n, against the batch gradient."""
    res = []
    for t in range(TRIALS):
        _, _, g, out = _batch(t)
        res.extend(same(g[n].sum(axis=1), out["db"]) for n in range(2))
    return res


TINY = causal(
    np.array([[[1.0, 2, 3, 4]]]), np.array([[[1.0, -1]]]), np.zeros(1), np.ones((1, 1, 4)), 1
)


def strided_causal(seed: int) -> dict:
    """Causal conv1d, K = 3, stride 2, left padding 2, T = 10 -> 5 outputs."""
    r = rng(115 + seed)
    x, w, g = r.normal(size=10), r.normal(size=3), r.normal(size=5)
    xt = torch.tensor(x[None, None], dtype=F64, requires_grad=True)
    wt = torch.tensor(w[None, None], dtype=F64, requires_grad=True)
    y = F.conv1d(F.pad(xt, (2, 0)), wt.flip(-1), stride=2)
    (y * torch.tensor(g[None, None], dtype=F64)).sum().backward()
    return {"x": x, "g": g, "y": y.detach().numpy(), "dw": wt.grad.numpy()[0, 0]}


def audio_strided_dw() -> list[bool]:
    res = []
    for t in range(TRIALS):
        s = strided_causal(t)
        fill = lambda k, s=s: sum(s["g"][u] * zat(s["x"], u - k) for u in range(5))  # noqa: E731
        res.append(agrees(fill, (3,), s["dw"]))
    return res


AUDIO: dict[tuple[int, int], Truth] = {
    (7, 1): lambda: [_single(0)[3]["y"].shape[-1] == 10 and (3 - 1) * 2 == 4],
    (7, 2): lambda: [receptive_field((2,), 3) == (3 - 1) * 2 + 1 == 5],
    (7, 4): lambda: [receptive_field((1, 2, 4, 8), 3) == 1 + 2 * (1 + 2 + 4 + 8) == 31],
    (11, 1): lambda: audio_dw(2),
    (11, 2): lambda: [
        close(_single(t)[2].sum(), float(_single(t)[3]["db"][0])) for t in range(TRIALS)
    ],
    (15, 1): lambda: audio_dx(+1),
    (17, 1): lambda: audio_dx(-1),
    (17, 2): lambda: audio_dw(1),
    (25, 1): audio_batch_dw,
    (27, 1): audio_batch_dx,
    (29, 1): audio_batch_db_one_clip,
    (33, 5): lambda: [same(TINY["y"][0, 0], [1 - 0, 2 - 1, 3 - 2, 4 - 3])],
    (33, 6): lambda: [same(TINY["y"][0, 0], [1, 1, 1, 1])],
    (33, 8): lambda: [same(TINY["dx"][0, 0], [0, 0, 0, 1])],
    (33, 9): lambda: [close(float(TINY["dw"][0, 0, 1]), 1 + 2 + 3 + 4)],
    (33, 10): numbers(1 + 2 + 3 + 4, 10),
    (37, 2): lambda: [strided_causal(0)["y"].shape[-1] == (10 + 2 - 3) // 2 + 1 == 5],
    (37, 3): audio_strided_dw,
    (39, 1): lambda: [
        close(float(s["dx"][0, 0, 9]), float(w[0] * g[9]))
        for _, w, g, s in map(_single, range(TRIALS))
    ],
    (39, 2): lambda: [
        close(float(s["dx"][0, 0, 0]), float(w[0] * g[0] + w[1] * g[2]))
        for _, w, g, s in map(_single, range(TRIALS))
    ],
}

NOTES_B = {"avgpool_stride": AVGPOOL, "audio_causal_conv1d": AUDIO}
