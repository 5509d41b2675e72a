"""Independent truth for the fresh6 unseen set, notes 6-7 (see unseen_fresh6_truth.py).

Both notes index from 1; the accessors below subtract 1 so the sums read exactly the entries
the notes name (an entry outside the tensor raises IndexError unless the note declares zeros).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh6_truth import (
    Key,
    close,
    conv_out,
    count,
    params,
    tensor,
    trials,
)
from unseen_truth_base import F64, Truth, at, corr, dilate, pad, rot180, same, zat

# --- hw4_problem2_stride2_padding.md: 7x7 X, 3x3 W, bias, stride 2, padding 1 (~X is 9x9), 1-based


def _hw(r: np.random.Generator) -> dict:
    x, w, b, d = r.normal(size=(7, 7)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(4, 4))
    # the padded input as a leaf of its own, so autograd also gives dE/d~X on the border
    xt = tensor(pad(x, 1)[None, None])
    wt, bt = tensor(w[None, None]), tensor(np.array([b]))
    z = F.conv2d(xt, wt, bt, stride=2)
    (z * torch.tensor(d[None, None], dtype=F64)).sum().backward()
    dxt = xt.grad.numpy()[0, 0]
    return {
        "x": x,
        "xt": pad(x, 1),
        "w": w,
        "b": b,
        "d": d,
        "z": z.detach().numpy()[0, 0],
        "dxt": dxt,
        "dx": dxt[1:8, 1:8],
        "dw": wt.grad.numpy()[0, 0],
    }


def _hw_check(check: Callable[[dict], bool]) -> Truth:
    def one(r: np.random.Generator) -> bool:
        try:
            return check(_hw(r))
        except IndexError:
            return False

    return lambda: trials(one, 700)


def _hw_forward(shift: int) -> Callable[[dict], bool]:
    """z_{i,j} = sum w_{m,n} ~x_{2i-shift+m, 2j-shift+n} + b (1-based)."""

    def check(v: dict) -> bool:
        XT = lambda i, j: at(v["xt"], i - 1, j - 1)  # noqa: E731
        rhs = [
            [
                sum(
                    v["w"][m - 1, n - 1] * XT(2 * i - shift + m, 2 * j - shift + n)
                    for m in (1, 2, 3)
                    for n in (1, 2, 3)
                )
                + v["b"]
                for j in range(1, 5)
            ]
            for i in range(1, 5)
        ]
        return same(v["z"], rhs)

    return check


def _hw_dw(v: dict) -> bool:
    XT = lambda i, j: at(v["xt"], i - 1, j - 1)  # noqa: E731
    rhs = [
        [
            sum(
                v["d"][i - 1, j - 1] * XT(2 * i - 2 + m, 2 * j - 2 + n)
                for i in range(1, 5)
                for j in range(1, 5)
            )
            for n in (1, 2, 3)
        ]
        for m in (1, 2, 3)
    ]
    return same(v["dw"], rhs)


def _hw_entry(
    p: int, q: int, terms: list[tuple[tuple[int, int], tuple[int, int]]]
) -> Callable[[dict], bool]:
    """dE/dx_{p,q} (1-based) against a sum of delta_{i,j} w_{m,n} terms."""

    def check(v: dict) -> bool:
        rhs = sum(at(v["d"], i - 1, j - 1) * at(v["w"], m - 1, n - 1) for (i, j), (m, n) in terms)
        return close(v["dx"][p - 1, q - 1], rhs)

    return check


HW: dict[Key, Truth] = {
    ("hw4_problem2_stride2_padding", 9, 1): lambda: count(
        conv_out(7, 3, 2, 1), (7 + 2 * 1 - 3) / 2 + 1
    ),
    ("hw4_problem2_stride2_padding", 9, 2): lambda: count((7 + 2 * 1 - 3) / 2 + 1, 4),
    ("hw4_problem2_stride2_padding", 13, 1): _hw_check(_hw_forward(0)),
    ("hw4_problem2_stride2_padding", 15, 1): _hw_check(_hw_forward(2)),
    ("hw4_problem2_stride2_padding", 19, 1): _hw_check(_hw_dw),
    ("hw4_problem2_stride2_padding", 27, 1): _hw_check(
        _hw_entry(2, 2, [((1, 1), (3, 3)), ((1, 2), (3, 1)), ((2, 1), (1, 3)), ((2, 2), (1, 1))])
    ),
    ("hw4_problem2_stride2_padding", 29, 1): _hw_check(
        _hw_entry(2, 1, [((1, 1), (3, 2)), ((2, 1), (1, 2))])
    ),
    ("hw4_problem2_stride2_padding", 31, 1): _hw_check(
        _hw_entry(3, 3, [((2, 2), (2, 2)), ((1, 1), (3, 3))])
    ),
    ("hw4_problem2_stride2_padding", 33, 1): _hw_check(_hw_entry(7, 7, [((4, 4), (3, 3))])),
    ("hw4_problem2_stride2_padding", 39, 1): _hw_check(
        lambda v: same(v["dxt"], corr(pad(dilate(v["d"], 2), 2), rot180(v["w"])))
    ),
    ("hw4_problem2_stride2_padding", 43, 1): _hw_check(
        lambda v: same(v["dx"], corr(pad(dilate(v["d"], 2), 1), rot180(v["w"])))
    ),
    ("hw4_problem2_stride2_padding", 47, 1): _hw_check(
        lambda v: same(v["dw"], corr(v["x"], dilate(v["d"], 2)))
    ),
    ("hw4_problem2_stride2_padding", 51, 1): lambda: count(params(torch.nn.Conv2d(1, 1, 3)), 3 * 3),
    ("hw4_problem2_stride2_padding", 51, 2): lambda: count(3 * 3, 9),
    ("hw4_problem2_stride2_padding", 52, 2): lambda: trials(_relu_delta, 720),
}


def _relu_delta(r: np.random.Generator) -> bool:
    z = tensor(r.normal(size=(4, 4)))
    a = torch.relu(z)
    a.retain_grad()
    ga = r.normal(size=(4, 4))
    (a * torch.tensor(ga, dtype=F64)).sum().backward()
    return same(z.grad.numpy(), a.grad.numpy() * (z.detach().numpy() > 0))


# --- two_conv_layers_channels.md: N = 2, C = 2, 6x6 -> 3@4x4 -> ReLU -> 2@2x2, 1-based


def _net(r: np.random.Generator) -> dict:
    x, w1, b1 = r.normal(size=(2, 2, 6, 6)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
    w2, b2, g2 = r.normal(size=(2, 3, 3, 3)), r.normal(size=2), r.normal(size=(2, 2, 2, 2))
    xt, w1t, b1t, w2t, b2t = map(tensor, (x, w1, b1, w2, b2))
    z1 = F.conv2d(xt, w1t, b1t)
    z1.retain_grad()
    a1 = torch.relu(z1)
    a1.retain_grad()
    z2 = F.conv2d(a1, w2t, b2t)
    (z2 * torch.tensor(g2, dtype=F64)).sum().backward()
    return {
        "x": x,
        "w1": w1,
        "w2": w2,
        "b2": b2,
        "d2": g2,
        "z1": z1.detach().numpy(),
        "a1": a1.detach().numpy(),
        "z2": z2.detach().numpy(),
        "d1": z1.grad.numpy(),
        "da1": a1.grad.numpy(),
        "dx": xt.grad.numpy(),
        "dw1": w1t.grad.numpy(),
        "db1": b1t.grad.numpy(),
        "dw2": w2t.grad.numpy(),
    }


def _net_check(check: Callable[[dict], bool | list[bool]]) -> Truth:
    return lambda: trials(lambda r: check(_net(r)), 800)


def _net_forward(v: dict) -> bool:
    A = lambda n, f, i, j: at(v["a1"], n, f - 1, i - 1, j - 1)  # noqa: E731
    rhs = np.zeros((2, 2, 2, 2))
    for n, g, i, j in np.ndindex(rhs.shape):
        rhs[n, g, i, j] = v["b2"][g] + sum(
            v["w2"][g, f - 1, u - 1, s - 1] * A(n, f, i + 1 + u - 1, j + 1 + s - 1)
            for f in (1, 2, 3)
            for u in (1, 2, 3)
            for s in (1, 2, 3)
        )
    return same(v["z2"], rhs)


def _net_dw2(v: dict) -> bool:
    A = lambda n, f, i, j: at(v["a1"], n, f - 1, i - 1, j - 1)  # noqa: E731
    rhs = np.zeros((2, 3, 3, 3))
    for g, f, u, s in np.ndindex(rhs.shape):
        rhs[g, f, u, s] = sum(
            v["d2"][n, g, i - 1, j - 1] * A(n, f + 1, i + u, j + s)  # i + (u+1) - 1 with 1-based u
            for n in (0, 1)
            for i in (1, 2)
            for j in (1, 2)
        )
    return same(v["dw2"], rhs)


def _net_da1_shifted(v: dict) -> bool:
    """The note's sum with delta^(2)_{n,g,p+u-1,q+v-1} (zero outside 1..2, as declared)."""
    D = lambda n, g, i, j: zat(v["d2"], n, g - 1, i - 1, j - 1)  # noqa: E731
    rhs = np.zeros((2, 3, 4, 4))
    for n, f, p, q in np.ndindex(rhs.shape):
        rhs[n, f, p, q] = sum(
            D(n, g, p + 1 + u - 1, q + 1 + s - 1) * v["w2"][g - 1, f, u - 1, s - 1]
            for g in (1, 2)
            for u in (1, 2, 3)
            for s in (1, 2, 3)
        )
    return same(v["da1"], rhs)


def _net_da1_middle(v: dict) -> bool:
    d, w = v["d2"], v["w2"]  # 0-based storage of the note's 1-based (1,1), (2,2), (1,1)...
    rhs = [
        [
            sum(d[n, g, 0, 0] * w[g, f, 1, 1] + d[n, g, 1, 1] * w[g, f, 0, 0] for g in (0, 1))
            for f in range(3)
        ]
        for n in (0, 1)
    ]
    return same(v["da1"][:, :, 1, 1], rhs)


def _back_from_layer2(v: dict) -> np.ndarray:
    return np.array(
        [
            [
                sum(corr(pad(v["d2"][n, g], 2), rot180(v["w2"][g, f])) for g in (0, 1))
                for f in range(3)
            ]
            for n in (0, 1)
        ]
    )


NET: dict[Key, Truth] = {
    ("two_conv_layers_channels", 13, 1): lambda: count(conv_out(6, 3, 1, 0), 6 - 3 + 1),
    ("two_conv_layers_channels", 13, 2): lambda: count(6 - 3 + 1, 4),
    ("two_conv_layers_channels", 15, 1): lambda: count(
        params(torch.nn.Conv2d(2, 3, 3)), 3 * (2 * 9 + 1)
    ),
    ("two_conv_layers_channels", 15, 2): lambda: count(3 * (2 * 9 + 1), 57),
    ("two_conv_layers_channels", 15, 3): lambda: count(
        params(torch.nn.Conv2d(3, 2, 3)), 2 * (3 * 9) + 3
    ),
    ("two_conv_layers_channels", 15, 4): lambda: count(2 * (3 * 9) + 3, 57),
    ("two_conv_layers_channels", 23, 1): _net_check(_net_forward),
    ("two_conv_layers_channels", 27, 1): _net_check(_net_dw2),
    ("two_conv_layers_channels", 31, 1): _net_check(_net_da1_shifted),
    ("two_conv_layers_channels", 33, 1): _net_check(_net_da1_middle),
    ("two_conv_layers_channels", 37, 1): _net_check(
        lambda v: same(v["d1"], v["da1"] * (v["z1"] > 0))
    ),
    ("two_conv_layers_channels", 41, 1): _net_check(
        lambda v: same(v["d1"], _back_from_layer2(v) * (v["z1"] > 0))
    ),
    ("two_conv_layers_channels", 43, 1): _net_check(
        lambda v: same(v["d1"], _back_from_layer2(v) * v["a1"])
    ),
    ("two_conv_layers_channels", 47, 1): _net_check(
        lambda v: same(
            v["dw1"],
            [
                [sum(corr(v["x"][n, c], v["d1"][n, f]) for n in (0, 1)) for c in (0, 1)]
                for f in range(3)
            ],
        )
    ),
    ("two_conv_layers_channels", 49, 1): _net_check(
        lambda v: [same(v["db1"], v["d1"][n].sum(axis=(1, 2))) for n in (0, 1)]  # the note's free n
    ),
    ("two_conv_layers_channels", 51, 1): _net_check(
        lambda v: same(
            v["dx"],
            [
                [
                    sum(corr(pad(v["d1"][n, f], 2), rot180(v["w1"][f, c])) for f in range(3))
                    for c in (0, 1)
                ]
                for n in (0, 1)
            ],
        )
    ),
}

NOTES_C: dict[Key, Truth] = {**HW, **NET}
