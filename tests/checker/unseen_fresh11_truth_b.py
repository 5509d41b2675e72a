"""Independent truth for the fresh11 unseen set, notes td_pas_remplissage (sizes, counts, strided
conv gradient, transposed conv) and derivacion_conv1d_dilatada (1-D conv with dilation 2).
Same conventions as unseen_fresh11_truth.py (NumPy / torch autograd, no symconv)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh11_truth import (
    conv_out,
    convt_out,
    corr,
    count_claim,
    dilate,
    fixed,
    pad,
    params,
    rot180,
    t64,
    trials,
)
from unseen_truth_base import Truth, at, corr1, dilate1, same, zat

# --- td_pas_remplissage.md: symbolic H, K, S, P over a grid; numbers; 7x7, 3x3, S 2, P 1

_GRID = [
    (h, k, s, p)
    for h in range(3, 10)
    for k in range(1, 5)
    for s in range(1, 4)
    for p in range(3)
    if k <= h + 2 * p
]
_TGRID = [
    (h, k, s, p)
    for h in range(1, 6)
    for k in range(1, 5)
    for s in range(1, 4)
    for p in range(2)
    if (h - 1) * s - 2 * p + k >= 1
]


def _sizes(formula: Callable[[int, int, int, int], int]) -> Truth:
    return lambda: [formula(h, k, s, p) == conv_out(h, k, s, p) for h, k, s, p in _GRID]


def _tsizes(formula: Callable[[int, int, int, int], int]) -> Truth:
    return lambda: [formula(h, k, s, p) == convt_out(h, k, s, p) for h, k, s, p in _TGRID]


def _strided(r: np.random.Generator) -> dict:
    x, w = t64(r.normal(size=(1, 1, 7, 7)), True), t64(r.normal(size=(1, 1, 3, 3)), True)
    g = r.normal(size=(1, 1, 4, 4))
    (F.conv2d(x, w, stride=2, padding=1) * t64(g)).sum().backward()
    return {"dx": x.grad.numpy()[0, 0], "w": w.detach().numpy()[0, 0], "g": g[0, 0]}


def _td(check: Callable[[dict], bool]) -> Truth:
    return trials(lambda r: check(_strided(r)), 1300)


def _crop(a: np.ndarray, c: int) -> np.ndarray:
    return a[c:-c, c:-c]


def _conv_t(g: np.ndarray, w: np.ndarray) -> np.ndarray:
    out = F.conv_transpose2d(t64(g[None, None]), t64(w[None, None]), stride=2, padding=1)
    return out.numpy()[0, 0]


TD: dict[tuple[str, int, int], Truth] = {
    ("td_pas_remplissage", 9, 1): _sizes(lambda h, k, s, p: (h + 2 * p - k) // s + 1),
    ("td_pas_remplissage", 11, 1): _sizes(lambda h, k, s, p: -(-(h + 2 * p - k + 1) // s)),
    ("td_pas_remplissage", 13, 1): _sizes(lambda h, k, s, p: (h + p - k) // s + 1),
    ("td_pas_remplissage", 17, 5): lambda: count_claim(
        math.floor((32 + 4 - 5) / 1) + 1, 32, conv_out(32, 5, 1, 2)
    ),
    ("td_pas_remplissage", 19, 5): lambda: [conv_out(8, 3, 2, 1) == math.ceil((8 + 2 - 3) / 2) + 1],
    ("td_pas_remplissage", 19, 6): lambda: [math.ceil((8 + 2 - 3) / 2) + 1 == 5],
    ("td_pas_remplissage", 25, 1): lambda: count_claim(
        16 * (3 * 3 * 3 + 1), 448, params(torch.nn.Conv2d(3, 16, 3))
    ),
    ("td_pas_remplissage", 26, 1): lambda: [params(torch.nn.Conv2d(16, 32, 5)) == 5 * 5 * 16 * 32],
    ("td_pas_remplissage", 26, 2): lambda: [5 * 5 * 16 * 32 == 12_800],
    ("td_pas_remplissage", 34, 1): _td(lambda v: same(v["dx"], _conv_t(v["g"], v["w"]))),
    ("td_pas_remplissage", 38, 1): _td(
        lambda v: same(v["dx"], _crop(corr(pad(dilate(v["g"], 2), 2), rot180(v["w"])), 1))
    ),
    ("td_pas_remplissage", 40, 1): _td(
        lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"])))
    ),
    ("td_pas_remplissage", 46, 1): _tsizes(lambda h, k, s, p: (h - 1) * s - 2 * p + k),
    ("td_pas_remplissage", 48, 1): _tsizes(lambda h, k, s, p: h * s - 2 * p + k),
    ("td_pas_remplissage", 50, 5): lambda: count_claim(
        (4 - 1) * 2 - 2 + 4, 8, convt_out(4, 4, 2, 1)
    ),
    ("td_pas_remplissage", 52, 1): lambda: count_claim(
        16 * 8 * 4 * 4 + 16, 2_064, params(torch.nn.ConvTranspose2d(16, 8, 4))
    ),
}


# --- derivacion_conv1d_dilatada.md: N = 10, K = 3, d = 2 -> L = 6; batch B = 2, C = 2 -> O = 3

_N, _K, _D, _L = 10, 3, 2, 6


def _c1(r: np.random.Generator, b: int = 1, c: int = 1, o: int = 1) -> dict:
    x, w = t64(r.normal(size=(b, c, _N)), True), t64(r.normal(size=(o, c, _K)), True)
    bias = t64(r.normal(size=o), True)
    g = r.normal(size=(b, o, _L))
    (F.conv1d(x, w, bias, dilation=_D) * t64(g)).sum().backward()
    return {
        "x": x.detach().numpy(), "w": w.detach().numpy(), "g": g, "dx": x.grad.numpy(),
        "dw": w.grad.numpy(), "db": bias.grad.numpy(),
    }  # fmt: skip


def _one(check: Callable[[dict], bool]) -> Truth:
    """Single channel: x[n], w[k], g[t] as the note writes them."""

    def run(r: np.random.Generator) -> bool:
        v = _c1(r)
        return check({k: a[0, 0] if a.ndim == 3 else a for k, a in v.items()})

    return trials(run, 1400)


def _batch(check: Callable[[dict], bool]) -> Truth:
    return trials(lambda r: check(_c1(r, 2, 2, 3)), 1450)


def _dw1(v: dict, step: int) -> bool:
    return same(
        v["dw"], [sum(v["g"][t] * at(v["x"], t + step * k) for t in range(_L)) for k in range(_K)]
    )


def _dx1(v: dict, sign: int) -> bool:
    return same(
        v["dx"],
        [sum(zat(v["g"], n + sign * _D * k) * v["w"][k] for k in range(_K)) for n in range(_N)],
    )


def _receptive_field() -> int:
    """Span of the input samples that y[0] depends on (autograd with all taps nonzero)."""
    x = torch.zeros(1, 1, _N, dtype=torch.float64, requires_grad=True)
    F.conv1d(x, torch.ones(1, 1, _K, dtype=torch.float64), dilation=_D)[0, 0, 0].backward()
    hit = np.flatnonzero(x.grad.numpy()[0, 0])
    return int(hit[-1] - hit[0] + 1)


def _y_of_note() -> np.ndarray:
    x = torch.tensor([[[1, 2, 0, -1, 3, 1, 2, 0, 1, -2]]], dtype=torch.float64)
    w = torch.tensor([[[1, 0, -1]]], dtype=torch.float64)
    return F.conv1d(x, w, dilation=_D).numpy()[0, 0]


_XN = [1, 2, 0, -1, 3, 1, 2, 0, 1, -2]
_L_GRID = [
    (n, k, d) for n in range(5, 13) for k in range(1, 4) for d in range(1, 4) if d * (k - 1) < n
]


def _length(n: int, k: int, d: int) -> int:
    x = torch.zeros(1, 1, n, dtype=torch.float64)
    return int(F.conv1d(x, torch.zeros(1, 1, k, dtype=torch.float64), dilation=d).shape[-1])


CONV1D: dict[tuple[str, int, int], Truth] = {
    ("derivacion_conv1d_dilatada", 7, 1): lambda: [
        _length(n, k, d) == n - d * (k - 1) for n, k, d in _L_GRID
    ],
    ("derivacion_conv1d_dilatada", 7, 2): lambda: count_claim(
        _N - _D * (_K - 1), 6, _length(_N, _K, _D)
    ),
    ("derivacion_conv1d_dilatada", 9, 1): lambda: [_receptive_field() == _D * _K],
    ("derivacion_conv1d_dilatada", 9, 2): lambda: [_D * _K == 6],
    ("derivacion_conv1d_dilatada", 15, 1): _one(lambda v: _dw1(v, _D)),
    ("derivacion_conv1d_dilatada", 17, 1): _one(lambda v: _dw1(v, 1)),
    ("derivacion_conv1d_dilatada", 21, 1): _one(lambda v: _dx1(v, -1)),
    ("derivacion_conv1d_dilatada", 25, 1): _one(
        lambda v: same(v["dx"], corr1(np.pad(v["g"], _D * (_K - 1)), dilate1(v["w"], _D)[::-1]))
    ),
    ("derivacion_conv1d_dilatada", 27, 1): _one(
        lambda v: same(v["dx"], corr1(np.pad(v["g"], _K - 1), v["w"][::-1]))
    ),
    ("derivacion_conv1d_dilatada", 29, 1): _one(lambda v: _dx1(v, 1)),
    ("derivacion_conv1d_dilatada", 35, 1): _batch(
        lambda v: same(
            v["dw"],
            [
                [
                    [
                        sum(
                            v["g"][n, o, t] * at(v["x"], n, c, t + _D * k)
                            for n in range(2)
                            for t in range(_L)
                        )
                        for k in range(_K)
                    ]
                    for c in range(2)
                ]
                for o in range(3)
            ],
        )
    ),
    ("derivacion_conv1d_dilatada", 37, 1): _batch(
        lambda v: same(
            v["dx"],
            [
                [
                    [
                        sum(
                            zat(v["g"], n, o, s - _D * k) * v["w"][o, c, k]
                            for o in range(3)
                            for k in range(_K)
                        )
                        for s in range(_N)
                    ]
                    for c in range(2)
                ]
                for n in range(2)
            ],
        )
    ),
    ("derivacion_conv1d_dilatada", 39, 1): _batch(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 2)) / 2)
    ),
    ("derivacion_conv1d_dilatada", 43, 1): fixed(lambda: math.isclose(_y_of_note()[0], 1 - 3)),
    ("derivacion_conv1d_dilatada", 43, 2): fixed(lambda: 1 - 3 == -2),
    ("derivacion_conv1d_dilatada", 45, 1): fixed(
        lambda: math.isclose(_y_of_note()[3], _XN[3] - _XN[7])
    ),
    ("derivacion_conv1d_dilatada", 45, 2): fixed(lambda: _XN[3] - _XN[7] == -1 - 0),
    ("derivacion_conv1d_dilatada", 45, 3): fixed(lambda: -1 - 0 == 1),
}

NOTES_B: dict[tuple[str, int, int], Truth] = {**TD, **CONV1D}
