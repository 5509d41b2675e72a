"""Independent truth for the fresh22 unseen set, notes ps2_answer_key_symbolic_sizes,
reddit_why_backward_is_full_conv, vergleich_depthwise_separable and
derivation_softmax_ce_dense_batch (see unseen_fresh22_truth.py for the conventions). Symbolic
sizes are checked on a grid of sizes with torch's own layers (one bool per size); multiplication
counts are torch's FlopCounterMode count / 2; gradients come from autograd.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
from unseen_fresh20_truth import Claims
from unseen_fresh22_truth import conv1, corr1, dilate1, flip, rows
from unseen_truth_base import (
    F64,
    Truth,
    agree,
    at,
    conv_out,
    corr,
    dilate,
    equal,
    pad,
    params,
    rng,
    rot180,
    same,
    single,
    t64,
    trials,
    zat,
)


def side(n: int, f: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output side of torch conv2d on an n x n input."""
    x = torch.zeros(1, 1, n, n, dtype=F64)
    return int(
        F.conv2d(x, torch.zeros(1, 1, f, f, dtype=F64), stride=s, padding=p, dilation=d).shape[-1]
    )


def grid(check: Callable[..., bool], sizes: object) -> Truth:
    return lambda: [agree(lambda c=c: check(*c)) for c in sizes]


def mults(x_shape: tuple[int, ...], w_shape: tuple[int, ...], **kw: int) -> int:
    """Multiplications of one conv2d forward, from torch's flop counter (2 flops per mult-add)."""
    with FlopCounterMode(display=False) as counter:
        F.conv2d(torch.zeros(x_shape), torch.zeros(w_shape), **kw)
    return counter.get_total_flops() // 2


# --- ps2_answer_key_symbolic_sizes.md: n_H, f, s, p symbolic; one example, (h, w, c), 0-based

PS2 = "ps2_answer_key_symbolic_sizes"
_ALL = [
    (n, f, s, p)
    for n, f, s, p in itertools.product(range(3, 13), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2))
    if n + 2 * p >= f
]
_ODD = [(n, f) for n, f in itertools.product(range(3, 13), (1, 3, 5)) if n >= f]


def _layer(r: np.random.Generator, n: int, f: int, s: int, p: int) -> dict:
    """A^{[l-1]} (n, n, 2), W (f, f, 2, 3), b (3,) in the (h, w, c) layout; gradients of
    sum(Z * dZ) through torch conv2d (which wants (c, h, w))."""
    a, w, b = r.normal(size=(n, n, 2)), r.normal(size=(f, f, 2, 3)), r.normal(size=3)
    at_, wt, bt = t64(a, True), t64(w, True), t64(b, True)
    z = F.conv2d(at_.permute(2, 0, 1)[None], wt.permute(3, 2, 0, 1), bt, stride=s, padding=p)[0]
    dz = r.normal(size=tuple(z.shape))
    (z * t64(dz)).sum().backward()
    return {
        "a": a,
        "w": w,
        "dz": dz.transpose(1, 2, 0),
        "da": at_.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
        "s": s,
        "p": p,
        "f": f,
    }


def _layers(
    rel: Callable[[dict], bool], sizes: list[tuple[int, int, int, int]], seed: int
) -> Truth:
    return lambda: [
        agree(lambda k=k, c=c: rel(_layer(rng(seed + k), *c))) for k, c in enumerate(sizes)
    ]


_MIXED = [(5, 3, 1, 0), (6, 3, 2, 1), (7, 2, 3, 1), (5, 1, 2, 0), (8, 3, 2, 2)]


def _ps_dw(v: dict) -> bool:
    ap = np.pad(v["a"], ((v["p"], v["p"]), (v["p"], v["p"]), (0, 0)))
    dz, s, f = v["dz"], v["s"], v["f"]
    nh, nw = dz.shape[:2]
    rhs = [
        [
            [
                [
                    sum(
                        at(ap, h * s + u, w * s + vv, c) * dz[h, w, k]
                        for h in range(nh)
                        for w in range(nw)
                    )
                    for k in range(3)
                ]
                for c in range(2)
            ]
            for vv in range(f)
        ]
        for u in range(f)
    ]
    return same(v["dw"], rhs)


def _ps_db(v: dict) -> bool:
    dz = v["dz"]
    nh, nw = dz.shape[:2]
    rhs = [
        sum(at(dz, h, w, k) for h in range(1, nh + 1) for w in range(1, nw + 1)) for k in range(3)
    ]
    return same(v["db"], rhs)


def _ps_da(padding: Callable[[dict], int], stride_dilate: bool) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        dz, w = v["dz"], v["w"]
        rhs = []
        for c in range(2):
            maps = [dilate(dz[:, :, k], v["s"]) if stride_dilate else dz[:, :, k] for k in range(3)]
            rhs.append(
                sum(corr(pad(m, padding(v)), rot180(w[:, :, c, k])) for k, m in enumerate(maps))
            )
        return same(v["da"], np.stack(rhs, axis=-1))

    return rel


def _dilated_span(f: int, d: int) -> int:
    """Rows of the input one output of a dilated f x f conv reads (support of its gradient)."""
    x = torch.zeros(1, 1, 4 * f * d, 4 * f * d, dtype=F64, requires_grad=True)
    F.conv2d(x, torch.ones(1, 1, f, f, dtype=F64), dilation=d)[0, 0, 0, 0].backward()
    nz = np.nonzero(x.grad.numpy()[0, 0].sum(axis=1))[0]
    return int(nz.max() - nz.min() + 1)


PS2_CLAIMS: Claims = {
    (PS2, 11, 1): grid(lambda n, f, s, p: side(n, f, s, p) == (n + 2 * p - f) // s + 1, _ALL),
    (PS2, 15, 1): grid(
        lambda n, f: side(n, f, 1, (f - 1) // 2) == n + 2 * (f - 1) // 2 - f + 1, _ODD
    ),
    (PS2, 15, 2): grid(lambda n, f: n + 2 * ((f - 1) / 2) - f + 1 == n, _ODD),
    (PS2, 17, 2): grid(lambda n, f: side(n, f, 2, (f - 1) // 2) == n / 2, _ODD),
    (PS2, 23, 1): equal(params(torch.nn.Conv2d(3, 10, 5)), (5 * 5 + 1) * 3 * 10),
    (PS2, 23, 2): equal((5 * 5 + 1) * 3 * 10, 780),
    (PS2, 27, 1): grid(
        lambda n, f, s, p, ci: (
            mults((1, ci, n, n), (2, ci, f, f), stride=s, padding=p)
            == side(n, f, s, p) ** 2 * 2 * f**2 * ci
        ),
        [
            (n, f, s, p, ci)
            for n, f, s, p, ci in itertools.product((5, 8), (1, 3), (1, 2), (0, 1), (1, 3))
        ],
    ),
    (PS2, 29, 1): equal(mults((1, 3, 32, 32), (10, 3, 5, 5)), 28 * 28 * 10 * 25),
    (PS2, 29, 2): equal(28 * 28 * 10 * 25, 196000),
    (PS2, 31, 1): grid(
        lambda n: int(F.max_pool2d(torch.zeros(1, 1, n, n), 2, 2).shape[-1]) == n // 2,
        [(n,) for n in range(2, 14)],
    ),
    (PS2, 37, 1): _layers(_ps_dw, _MIXED, 700),
    (PS2, 41, 1): _layers(_ps_db, _MIXED, 710),
    (PS2, 45, 1): _layers(
        _ps_da(lambda v: v["f"] - 1, False),
        [(5, 3, 1, 0), (6, 2, 1, 0), (4, 1, 1, 0), (7, 4, 1, 0)],
        720,
    ),
    (PS2, 47, 2): _layers(
        _ps_da(lambda v: v["f"] - 1, False),
        [(5, 3, 1, 1), (6, 2, 1, 2), (4, 1, 1, 1), (7, 3, 1, 2)],
        730,
    ),
    (PS2, 51, 1): _layers(
        _ps_da(lambda v: v["f"] - 1, True),
        [
            (n, f, s, 0)
            for n, f, s in itertools.product((5, 7, 8), (1, 2, 3), (1, 2, 3))
            if (n - f) % s == 0
        ],
        740,
    ),
    (PS2, 53, 1): grid(lambda n, f, s, p: (side(n, f, s, p) - 1) * s + f == n + 2 * p, _ALL),
    (PS2, 55, 2): grid(
        lambda f, d: _dilated_span(f, d) == d * f, list(itertools.product((2, 3, 5), (2, 3, 4)))
    ),
}


# --- reddit_why_backward_is_full_conv.md: x in R^5, w in R^3, g in R^3, 0-based (w and g zero
# outside 0..2 as the thread says); stride-2 comment x in R^7; 2-D comment X 5x5, K 3x3

REDDIT = "reddit_why_backward_is_full_conv"
_RW, _RG = np.array([1.0, 2, 3]), np.array([1.0, 0, -1])


def _r1(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray, dict]:
    x, w, g = r.normal(size=5), r.normal(size=3), r.normal(size=3)
    return w, g, conv1(x, w, g)


def _jacobian(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """dy_i/dx_j of the forward pass (torch), and w."""
    w = r.normal(size=3)
    jac = torch.autograd.functional.jacobian(
        lambda x: F.conv1d(x[None, None], t64(w[None, None]))[0, 0], t64(r.normal(size=5))
    )
    return jac.numpy(), w


def _jac_entries(index: Callable[[int, int], int]) -> Callable[[np.random.Generator], bool]:
    def rel(r: np.random.Generator) -> bool:
        jac, w = _jacobian(r)
        return same(jac, [[zat(w, index(i, j)) for j in range(5)] for i in range(3)])

    return rel


def _transpose_entries(r: np.random.Generator) -> bool:
    jac, w = _jacobian(r)  # T is the forward's matrix, so T^T is jac.T
    return same(jac.T, [[zat(w, i - j) for i in range(3)] for j in range(5)])


def _transpose_times_g(r: np.random.Generator) -> bool:
    jac, w = _jacobian(r)
    g = r.normal(size=3)
    x = r.normal(size=5)
    return same(conv1(x, w, g)["dx"], jac.T @ g)


def _r2(r: np.random.Generator) -> dict:
    x, k, g = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(3, 3))
    xt, kt = t64(x[None, None], True), t64(k[None, None], True)
    (F.conv2d(xt, kt) * t64(g[None, None])).sum().backward()
    return {"x": x, "k": k, "g": g, "dx": xt.grad.numpy()[0, 0], "dk": kt.grad.numpy()[0, 0]}


def _r_stride(dilated: bool) -> Callable[[np.random.Generator], bool]:
    def rel(r: np.random.Generator) -> bool:
        x, w, g = r.normal(size=7), r.normal(size=3), r.normal(size=3)
        gg = dilate1(g, 2) if dilated else g
        return same(conv1(x, w, g, stride=2)["dx"], corr1(np.pad(gg, 2), flip(w)))

    return rel


def _full_length(n: int, k: int) -> bool:
    """Length of pad_{k-1}(g) star w for g of length n - k + 1, against the thread's n + 1."""
    g = t64(np.ones(n - k + 1))[None, None]
    return (
        int(F.conv1d(F.pad(g, (k - 1, k - 1)), torch.ones(1, 1, k, dtype=F64)).shape[-1]) == n + 1
    )


REDDIT_CLAIMS: Claims = {
    (REDDIT, 9, 1): trials(_jac_entries(lambda i, j: i - j), 800),
    (REDDIT, 17, 1): trials(_jac_entries(lambda i, j: j - i), 810),
    (REDDIT, 21, 1): trials(
        lambda r: same(
            (v := _r1(r))[2]["dx"],
            [sum(v[1][i] * zat(v[0], j - i) for i in range(3)) for j in range(5)],
        ),
        820,
    ),
    (REDDIT, 25, 1): trials(
        lambda r: same((v := _r1(r))[2]["dx"], corr1(np.pad(v[1], 2), flip(v[0]))), 830
    ),
    (REDDIT, 29, 1): single(lambda: same(conv1(np.zeros(5), _RW, _RG)["dx"], [1, 2, 2, -2, -3])),
    (REDDIT, 31, 1): trials(
        lambda r: math.isclose(
            (v := _r1(r))[2]["dx"].sum(), v[1].sum() * v[0].sum(), abs_tol=1e-12
        ),
        840,
    ),
    (REDDIT, 31, 2): equal(float(_RG.sum() * _RW.sum()), 0),
    (REDDIT, 35, 2): trials(
        lambda r: same(
            (v := _r1(r))[2]["dx"],
            [sum(v[0][m] * zat(v[1], j + m) for m in range(3)) for j in range(5)],
        ),
        850,
    ),
    (REDDIT, 39, 1): trials(
        lambda r: same((v := _r2(r))["dx"], corr(pad(v["g"], 1), rot180(v["k"]))), 860
    ),
    (REDDIT, 43, 1): trials(
        lambda r: same((v := _r2(r))["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 870
    ),
    (REDDIT, 47, 1): trials(lambda r: same((v := _r2(r))["dk"], corr(v["x"], rot180(v["g"]))), 880),
    (REDDIT, 51, 1): trials(lambda r: same((v := _r2(r))["dk"], corr(v["x"], v["g"])), 890),
    (REDDIT, 55, 3): trials(_transpose_times_g, 900),
    (REDDIT, 55, 4): trials(_transpose_entries, 910),
    (REDDIT, 63, 1): trials(_r_stride(True), 920),
    (REDDIT, 67, 1): trials(_r_stride(False), 930),
    (REDDIT, 71, 1): grid(
        _full_length, [(n, k) for n in range(3, 11) for k in range(1, 5) if k <= n]
    ),
}


# --- vergleich_depthwise_separable.md: 32 -> 64 channels, 56x56, 3x3, padding 1; backward example:
# batch 2, 3 channels 5x5, depthwise 3x3 p1 (no bias needed), pointwise 1x1 to 4 with bias, 1-based

DW = "vergleich_depthwise_separable"


def _sep_ratio(df: int, dk: int, m: int, n: int) -> bool:
    kw = {"padding": (dk - 1) // 2}
    std = mults((1, m, df, df), (n, m, dk, dk), **kw)
    with FlopCounterMode(display=False) as counter:
        y = F.conv2d(torch.zeros(1, m, df, df), torch.zeros(m, 1, dk, dk), groups=m, **kw)
        F.conv2d(y, torch.zeros(n, m, 1, 1))
    return math.isclose(counter.get_total_flops() / 2 / std, 1 / n + 1 / dk)


def _sep(r: np.random.Generator) -> dict:
    x, w, v, b = (
        r.normal(size=(2, 3, 5, 5)),
        r.normal(size=(3, 1, 3, 3)),
        r.normal(size=(4, 3, 1, 1)),
        r.normal(size=4),
    )
    g = r.normal(size=(2, 4, 5, 5))
    xt, wt, vt = t64(x, True), t64(w, True), t64(v, True)
    y = F.conv2d(xt, wt, padding=1, groups=3)
    y.retain_grad()
    (F.conv2d(y, vt, t64(b)) * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w[:, 0],
        "v": v[:, :, 0, 0],
        "g": g,
        "y": y.detach().numpy(),
        "d": y.grad.numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy()[:, 0],
        "dv": vt.grad.numpy()[:, :, 0, 0],
    }


def _dw_v_free_n(r: np.random.Generator) -> list[bool]:
    s = _sep(r)
    return [
        same(s["dv"], [[np.sum(s["y"][n, c] * s["g"][n, f]) for c in range(3)] for f in range(4)])
        for n in range(2)
    ]


_STD = torch.nn.Conv2d(32, 64, 3, padding=1)
DW_CLAIMS: Claims = {
    (DW, 11, 1): equal(params(_STD), 3 * 3 * 32 * 64 + 64),
    (DW, 11, 2): equal(3 * 3 * 32 * 64 + 64, 18496),
    (DW, 15, 1): equal(params(torch.nn.Conv2d(32, 32, 3, padding=1, groups=32)), 3 * 3 * 32 + 32),
    (DW, 15, 2): equal(3 * 3 * 32 + 32, 320),
    (DW, 19, 1): equal(params(torch.nn.Conv2d(32, 64, 1)), 32 * 64 + 64),
    (DW, 19, 2): equal(32 * 64 + 64, 2112),
    (DW, 25, 1): equal(
        params(torch.nn.Conv2d(32, 64, 3, padding=1, groups=4)), 64 * 32 * 9 / 16 + 64
    ),
    (DW, 25, 2): equal(64 * 32 * 9 / 16 + 64, 1216),
    (DW, 31, 1): equal(mults((1, 32, 56, 56), (64, 32, 3, 3), padding=1), 56 * 56 * 9 * 32 * 64),
    (DW, 37, 1): equal(
        mults((1, 32, 56, 56), (32, 1, 3, 3), padding=1, groups=32)
        + mults((1, 32, 56, 56), (64, 32, 1, 1)),
        56 * 56 * (9 * 32 + 32 * 64),
    ),
    (DW, 37, 2): equal(56 * 56 * (9 * 32 + 32 * 64), 7352696),
    (DW, 41, 1): grid(_sep_ratio, list(itertools.product((4, 6), (3, 5), (2, 3), (4, 5)))),
    (DW, 43, 1): equal(conv_out(56, 3, 2, 1), math.ceil((56 + 2 - 3) / 2) + 1),
    (DW, 43, 2): equal(math.ceil((56 + 2 - 3) / 2) + 1, 29),
    (DW, 51, 1): trials(
        lambda r: same((s := _sep(r))["d"], np.einsum("fc,nfij->ncij", s["v"], s["g"])), 1000
    ),
    (DW, 53, 1): rows(_dw_v_free_n, 1010),
    (DW, 57, 1): trials(
        lambda r: same(
            (s := _sep(r))["dx"],
            [[corr(pad(s["d"][n, c], 2), rot180(s["w"][c])) for c in range(3)] for n in range(2)],
        ),
        1020,
    ),
    (DW, 59, 1): trials(
        lambda r: same(
            (s := _sep(r))["dw"],
            [
                sum(corr(pad(s["x"][n, c2], 1), s["d"][n, c]) for n in range(2) for c2 in range(3))
                for c in range(3)
            ],
        ),
        1030,
    ),
}


# --- derivation_softmax_ce_dense_batch.md: rows convention, N = 4, D = 5, K = 3, mean CE, 1-based

DER = "derivation_softmax_ce_dense_batch"


def _ce(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(4, 5)), r.normal(size=(5, 3)), r.normal(size=3)
    labels = r.integers(0, 3, size=4)
    y = np.eye(3)[labels]
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    z = xt @ wt + bt
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(labels)).backward()
    p = torch.softmax(z.detach(), dim=1).numpy()
    return {
        "x": x,
        "w": w,
        "y": y,
        "p": p,
        "z": z.detach().numpy(),
        "dz": z.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
        "dx": xt.grad.numpy(),
    }


def _softmax_jac(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    z = t64(r.normal(size=3))
    return torch.autograd.functional.jacobian(
        lambda t: torch.softmax(t, 0), z
    ).numpy(), torch.softmax(z, 0).numpy()


def _jac_general(r: np.random.Generator) -> bool:
    jac, p = _softmax_jac(r)  # jac[k, j] = dP_k / dZ_j
    return same(jac, [[p[k] * ((k == j) - p[j]) for j in range(3)] for k in range(3)])


def _jac_off(r: np.random.Generator) -> bool:
    jac, p = _softmax_jac(r)
    return all(math.isclose(jac[k, j], p[k] * p[j]) for k in range(3) for j in range(3) if j != k)


def _per_example(r: np.random.Generator) -> dict:
    """l_n of every example (sum reduction) and its gradient with respect to Z."""
    z, labels = t64(r.normal(size=(4, 3)), True), r.integers(0, 3, size=4)
    F.cross_entropy(z, torch.tensor(labels), reduction="sum").backward()
    p, y = torch.softmax(z.detach(), 1).numpy(), np.eye(3)[labels]
    chain = [
        [
            -sum(y[n, k] / p[n, k] * p[n, k] * ((k == j) - p[n, j]) for k in range(3))
            for j in range(3)
        ]
        for n in range(4)
    ]
    return {"dz": z.grad.numpy(), "chain": np.array(chain), "p": p, "y": y}


def _hidden(r: np.random.Generator) -> dict:
    x0, w1, b1 = r.normal(size=(4, 6)), r.normal(size=(6, 5)), r.normal(size=5)
    w, b, labels = r.normal(size=(5, 3)), r.normal(size=3), r.integers(0, 3, size=4)
    w1t = t64(w1, True)
    a = t64(x0) @ w1t + t64(b1)
    a.retain_grad()
    h = F.relu(a)
    h.retain_grad()
    F.cross_entropy(h @ t64(w) + t64(b), torch.tensor(labels)).backward()
    return {
        "x0": x0,
        "a": a.detach().numpy(),
        "da": a.grad.numpy(),
        "dh": h.grad.numpy(),
        "dw1": w1t.grad.numpy(),
    }


_Z = t64(np.array([2.0, 1, 0]), True)
_L = F.cross_entropy(_Z[None], torch.tensor([0]))
_L.backward()
_P = torch.softmax(_Z.detach(), 0).numpy()
_E = 1 + math.exp(-1) + math.exp(-2)

DER_CLAIMS: Claims = {
    (DER, 19, 1): trials(_jac_general, 1100),
    (DER, 21, 1): trials(_jac_off, 1110),
    (DER, 27, 1): trials(lambda r: same((v := _per_example(r))["dz"], v["chain"]), 1120),
    (DER, 27, 2): trials(lambda r: same((v := _per_example(r))["chain"], v["p"] - v["y"]), 1130),
    (DER, 31, 1): trials(lambda r: same((v := _ce(r))["dz"], v["p"] - v["y"]), 1140),
    (DER, 33, 1): trials(
        lambda r: same(((v := _ce(r))["p"] - v["y"]) @ np.ones(3), np.zeros(4)), 1150
    ),
    (DER, 39, 1): trials(lambda r: same((v := _ce(r))["dw"], v["x"].T @ v["dz"]), 1160),
    (DER, 39, 2): trials(
        lambda r: same((v := _ce(r))["x"].T @ v["dz"], v["x"].T @ (v["p"] - v["y"]) / 4), 1170
    ),
    (DER, 43, 1): trials(
        lambda r: same(
            (v := _ce(r))["dw"],
            [
                [
                    sum(at(v["x"], d, n) * (v["p"] - v["y"])[n, k] for n in range(4)) / 4
                    for k in range(3)
                ]
                for d in range(5)
            ],
        ),
        1180,
    ),
    (DER, 47, 1): trials(lambda r: same((v := _ce(r))["db"], v["dz"].T @ np.ones(4)), 1190),
    (DER, 47, 2): trials(
        lambda r: same((v := _ce(r))["dz"].T @ np.ones(4), (v["p"] - v["y"]).T @ np.ones(4)), 1200
    ),
    (DER, 49, 1): trials(lambda r: same((v := _ce(r))["dx"], v["w"].T @ v["dz"]), 1210),
    (DER, 55, 1): single(lambda: math.isclose(_L.item(), math.log(_E))),
    (DER, 57, 1): single(lambda: math.isclose(float(_Z.grad[0]), _P[0] - 1)),
    (DER, 57, 2): single(lambda: math.isclose(_P[0] - 1, -(math.exp(-1) + math.exp(-2)) / _E)),
    (DER, 59, 1): single(lambda: math.isclose(float(_Z.grad[1]), -math.exp(-1) / _E)),
    (DER, 65, 1): trials(lambda r: same((v := _hidden(r))["da"], v["dh"] * (v["a"] > 0)), 1220),
    (DER, 67, 1): trials(lambda r: same((v := _hidden(r))["dw1"], v["x0"].T @ v["dh"]), 1230),
}

NOTES_B: Claims = {**PS2_CLAIMS, **REDDIT_CLAIMS, **DW_CLAIMS, **DER_CLAIMS}
