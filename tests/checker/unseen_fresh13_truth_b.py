"""Truth for fresh13's appendix_c_general_sizes.md (symbolic sizes, checked over a grid of
sizes) and kurztest_cnn_loesungen.md (German quiz, each question with its own numbers).
Same conventions as unseen_fresh13_truth.py."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh13_truth import (
    agree,
    conv,
    conv_out,
    corr,
    count_claim,
    dilate,
    once,
    pad,
    params,
    rot180,
)
from unseen_truth_base import F64, Truth, at, rng, zat

# H, K, S, P of the grid (H + 2P >= K always holds here)
GRID = list(itertools.product(range(4, 10), (2, 3), (1, 2, 3), (0, 1)))


def _out(h: int, k: int, s: int, p: int) -> int:
    return conv_out(h, k, s, p)


def _ceil_div(a: int, s: int) -> int:
    return -((-a) // s)


def over_grid(check: Callable[[int, int, int, int], bool], grid=None) -> Truth:
    return lambda: [agree(lambda c=c: check(*c)) for c in (grid or GRID)]


def _app(h: int, k: int, s: int, p: int) -> dict:
    """Gradients for the padded input ~X (conv without padding on the padded tensor)."""
    r = rng(1000 + 97 * h + 13 * k + 5 * s + p)
    x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
    xp = pad(x, p)
    o = _out(h, k, s, p)
    g = r.normal(size=(o, o))
    t = conv(xp[None, None], w[None, None], None, g[None, None], stride=s)
    u = conv(x[None, None], w[None, None], None, g[None, None], stride=s, padding=p)
    return {
        "xp": xp,
        "w": w,
        "g": g,
        "o": o,
        "dxp": t["dx"][0, 0],
        "dw": t["dw"][0, 0],
        "dx": u["dx"][0, 0],
    }


def _dw_sum(v: dict, s: int, k: int, top: int) -> np.ndarray:
    g, xp = v["g"], v["xp"]
    return np.array(
        [
            [
                sum(
                    at(g, i, j) * at(xp, s * i + a, s * j + b)
                    for i in range(top)
                    for j in range(top)
                )
                for b in range(k)
            ]
            for a in range(k)
        ]
    )


def _dxp_clipped(v: dict, k: int, s: int) -> np.ndarray:
    g, w, o, n = v["g"], v["w"], v["o"], v["xp"].shape[0]

    def rng_(p: int) -> range:
        return range(max(0, _ceil_div(p - k + 1, s)), min(o - 1, p // s) + 1)

    return np.array(
        [
            [
                sum(at(g, i, j) * at(w, p - s * i, q - s * j) for i in rng_(p) for j in rng_(q))
                for q in range(n)
            ]
            for p in range(n)
        ]
    )


def _dxp_short(v: dict, k: int) -> np.ndarray:
    g, w, n = v["g"], v["w"], v["xp"].shape[0]
    return np.array(
        [
            [
                sum(zat(g, p - a, q - b) * w[a, b] for a in range(k) for b in range(k))
                for q in range(n)
            ]
            for p in range(n)
        ]
    )


def _same(a: object, b: object) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-9))


def _avg_grad(h: int, k: int) -> bool:
    r = rng(2000 + 10 * h + k)
    a = torch.tensor(r.normal(size=(1, 1, h, h)), dtype=F64, requires_grad=True)
    o = h // k
    g = r.normal(size=(o, o))
    (F.avg_pool2d(a, k) * torch.tensor(g[None, None], dtype=F64)).sum().backward()
    da = a.grad.numpy()[0, 0]
    return all(
        np.isclose(da[i, j], g[i // k, j // k] / k) for i in range(k * o) for j in range(k * o)
    )


def _batch_mean(n: int) -> bool:
    r = rng(3000 + n)
    x = torch.tensor(r.normal(size=(n, 1, 5, 5)), dtype=F64)
    w = torch.tensor(r.normal(size=(1, 1, 3, 3)), dtype=F64, requires_grad=True)
    per_sample = (F.conv2d(x, w) ** 2).sum(dim=(1, 2, 3))
    total = sum(torch.autograd.grad(per_sample[m], w, retain_graph=True)[0] for m in range(n))
    (mean_grad,) = torch.autograd.grad(per_sample.mean(), w)
    return _same(mean_grad.numpy(), total.numpy())


DILATED = [
    (h, k, s, p, d) for h, k, s, p in GRID for d in (1, 2, 3) if h + 2 * p >= d * (k - 1) + 1
]
APPENDIX: dict[tuple[str, int, int], Truth] = {
    ("appendix_c_general_sizes", 9, 1): over_grid(
        lambda h, k, s, p: _out(h, k, s, p) == (h + 2 * p - k) // s + 1
    ),
    ("appendix_c_general_sizes", 11, 1): over_grid(
        lambda h, k, s, p: _out(h, k, s, p) == _ceil_div(h + 2 * p - k + 1, s)
    ),
    ("appendix_c_general_sizes", 12, 1): over_grid(
        lambda h, k, s, p: _out(h, k, s, p) == _ceil_div(h + 2 * p - k, s)
    ),
    ("appendix_c_general_sizes", 16, 1): over_grid(
        lambda h, k, s, p: (lambda v: _same(v["dw"], _dw_sum(v, s, k, v["o"])))(_app(h, k, s, p))
    ),
    ("appendix_c_general_sizes", 18, 1): over_grid(
        lambda h, k, s, p: (lambda v: _same(v["dw"], _dw_sum(v, s, k, v["o"] + 1)))(
            _app(h, k, s, p)
        )
    ),
    ("appendix_c_general_sizes", 23, 1): over_grid(
        lambda h, k, s, p: (lambda v: _same(v["dxp"], _dxp_clipped(v, k, s)))(_app(h, k, s, p))
    ),
    ("appendix_c_general_sizes", 27, 1): over_grid(
        lambda h, k, s, p: (lambda v: _same(v["dxp"], _dxp_short(v, k)))(_app(h, k, s, p))
    ),
    ("appendix_c_general_sizes", 29, 1): over_grid(
        lambda h, k, s, p: (lambda v: _same(v["dx"], v["dxp"][p : p + h, p : p + h]))(
            _app(h, k, s, p)
        )
    ),
    ("appendix_c_general_sizes", 33, 1): over_grid(
        lambda h, k, s, p: (
            lambda v: _same(v["dxp"], corr(pad(dilate(v["g"], s), k - 1), rot180(v["w"])))
        )(_app(h, k, s, p)),
        [c for c in GRID if (c[0] + 2 * c[3] - c[1]) % c[2] == 0],
    ),
    ("appendix_c_general_sizes", 36, 1): over_grid(
        lambda h, k, s, p: count_claim(
            (_out(h, k, s, p) - 1) * s - 2 * p + k,
            h - ((h + 2 * p - k) % s),
            F.conv_transpose2d(
                torch.zeros(1, 1, _out(h, k, s, p), _out(h, k, s, p)),
                torch.zeros(1, 1, k, k),
                stride=s,
                padding=p,
            ).shape[-1],
        )[0]
    ),
    # effective kernel size: the side of input a dilated kernel spans, from torch's output size
    ("appendix_c_general_sizes", 38, 1): lambda: [
        agree(lambda h=h, k=k, d=d: d * (k - 1) == h - conv_out(h, k, 1, 0, d) + 1)
        for h, k, _, _, d in DILATED
        if h >= d * (k - 1) + 1
    ],
    ("appendix_c_general_sizes", 39, 1): lambda: [
        conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
        for h, k, s, p, d in DILATED
    ],
    ("appendix_c_general_sizes", 41, 1): lambda: [
        F.avg_pool2d(torch.zeros(1, 1, h, h), k).shape[-1] == h // k
        for h in range(4, 10)
        for k in (2, 3)
    ],
    ("appendix_c_general_sizes", 43, 1): lambda: [
        _avg_grad(h, k) for h in range(4, 10) for k in (2, 3)
    ],
    ("appendix_c_general_sizes", 48, 1): lambda: [_batch_mean(n) for n in (2, 3, 4)],
}


# --- kurztest_cnn_loesungen.md: German quiz, 1-based, each question its own layer

_A = np.array([[1.0, 6, 2, 0], [3, 4, 8, 1], [9, 0, 5, 7], [2, 1, 3, 4]])
_G = np.array([[1.0, 2], [3, 4]])


def _pool(fn: Callable, g: np.ndarray) -> dict:
    a = torch.tensor(_A[None, None], dtype=F64, requires_grad=True)
    y = fn(a, 2)
    (y * torch.tensor(g[None, None], dtype=F64)).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "da": a.grad.numpy()[0, 0]}


def _conv_t_size(h: int, op: int) -> int:
    z = torch.zeros(1, 1, h, h)
    return F.conv_transpose2d(
        z, torch.zeros(1, 1, 3, 3), stride=2, padding=1, output_padding=op
    ).shape[-1]


def _receptive_field(layers: int) -> int:
    """Rows of the input that reach the centre output of `layers` stacked 3x3 convolutions."""
    x = torch.zeros(1, 1, 15, 15, dtype=F64, requires_grad=True)
    y = x
    for _ in range(layers):
        y = F.conv2d(y, torch.ones(1, 1, 3, 3, dtype=F64))
    c = y.shape[-1] // 2
    y[0, 0, c, c].backward()
    return int((x.grad[0, 0].abs().sum(dim=1) > 0).sum())


def _bias_grad() -> float:
    b = torch.zeros(6, dtype=F64, requires_grad=True)
    w = torch.tensor(rng(4000).normal(size=(6, 3, 5, 5)), dtype=F64)
    x = torch.tensor(rng(4001).normal(size=(1, 3, 32, 32)), dtype=F64)
    F.conv2d(x, w, b).sum().backward()
    return float(b.grad[2])


def _sigmoid_prime0() -> float:
    z = torch.zeros((), dtype=F64, requires_grad=True)
    torch.sigmoid(z).backward()
    return float(z.grad)


def _avg11() -> list[bool]:
    out = []
    for t in range(3):
        g = rng(4100 + t).normal(size=(2, 2))
        out.append(bool(np.isclose(_pool(F.avg_pool2d, g)["da"][0, 0], g[0, 0] / 4)))
    return out


KURZTEST: dict[tuple[str, int, int], Truth] = {
    ("kurztest_cnn_loesungen", 6, 1): lambda: count_claim(conv_out(32, 5, 1, 0), 32 - 5 + 1, 28),
    ("kurztest_cnn_loesungen", 6, 2): lambda: count_claim(32 - 5 + 1, 28, conv_out(32, 5, 1, 0)),
    ("kurztest_cnn_loesungen", 9, 1): lambda: count_claim(
        6 * (5 * 5 * 3 + 1), 456, params(torch.nn.Conv2d(3, 6, 5))
    ),
    ("kurztest_cnn_loesungen", 12, 1): lambda: count_claim(
        (15 + 2 - 3) // 2 + 1, 7, conv_out(15, 3, 2, 1)
    ),
    ("kurztest_cnn_loesungen", 16, 1): once(
        lambda: _same(_pool(F.max_pool2d, _G)["y"], [[6, 8], [9, 7]])
    ),
    ("kurztest_cnn_loesungen", 19, 1): once(
        lambda: _same(
            _pool(F.max_pool2d, _G)["da"], [[0, 1, 0, 0], [0, 0, 2, 0], [3, 0, 0, 0], [0, 0, 0, 4]]
        )
    ),
    ("kurztest_cnn_loesungen", 22, 1): _avg11,
    ("kurztest_cnn_loesungen", 22, 2): once(
        lambda: np.isclose(_pool(F.avg_pool2d, _G)["da"][0, 0], 0.25)
    ),
    ("kurztest_cnn_loesungen", 24, 1): once(lambda: np.isclose(_sigmoid_prime0(), 0.5)),
    ("kurztest_cnn_loesungen", 27, 1): lambda: count_claim(
        400 * 120, 400 * 120, params(torch.nn.Linear(400, 120))
    ),
    ("kurztest_cnn_loesungen", 27, 2): lambda: [400 * 120 == 48000],
    ("kurztest_cnn_loesungen", 30, 1): lambda: count_claim(
        _conv_t_size(4, 0), (4 - 1) * 2 - 2 + 3, 7
    ),
    ("kurztest_cnn_loesungen", 30, 2): lambda: count_claim(
        (4 - 1) * 2 - 2 + 3, 7, _conv_t_size(4, 0)
    ),
    ("kurztest_cnn_loesungen", 30, 3): lambda: count_claim(
        (4 - 1) * 2 - 2 * 1 + 3 + 1, 9, _conv_t_size(4, 1)
    ),
    ("kurztest_cnn_loesungen", 33, 1): once(lambda: np.isclose(_bias_grad(), 784)),
    ("kurztest_cnn_loesungen", 35, 1): lambda: count_claim(_receptive_field(2), 5, 5),
    ("kurztest_cnn_loesungen", 36, 1): lambda: count_claim(9, 9, _receptive_field(3)),
}

NOTES_B: dict[tuple[str, int, int], Truth] = {**APPENDIX, **KURZTEST}
