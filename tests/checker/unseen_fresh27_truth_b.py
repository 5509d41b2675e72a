"""Independent truth for the fresh27 unseen set, second part: the notes
abgabe_blatt5_transponierte_faltung, hw4_handin_tinycnn_backward, tarea3_paso_indices_desde_uno
and course_forum_q57_batch_channels_grad (conventions as in unseen_fresh27_truth.py: NumPy /
torch autograd in float64, one bool per trial or per size of a grid, strict indexing unless the
note declares zeros, links between written numbers judged as arithmetic)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh27_truth import Claims, grid, key
from unseen_truth_base import (
    F64,
    Truth,
    at,
    conv,
    conv_out,
    corr,
    dilate,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    tconv_out,
    trials,
)

# --- abgabe_blatt5_transponierte_faltung.md: ConvTranspose1d/2d, dilated Conv2d, 0-based

ABG = "abgabe_blatt5_transponierte_faltung"
_X, _W, _G = (
    np.array([1.0, 2.0, -1.0]),
    np.array([1.0, 0.0, 2.0]),
    np.array([1.0, -1, 2, 0, 1, 3, -1]),
)


def _tconv1(x: np.ndarray, w: np.ndarray, g: np.ndarray, s: int) -> dict:
    """torch conv_transpose1d of one channel and the gradients of sum(y * g)."""
    xt, wt = t64(x[None, None], True), t64(w[None, None], True)
    y = F.conv_transpose1d(xt, wt, stride=s)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0], "dw": wt.grad.numpy()[0, 0]}


def _tlen(n: int, k: int, s: int, p: int, d: int, a: int) -> int | None:
    """Output length of torch conv_transpose1d, None where torch refuses the sizes."""
    try:
        y = F.conv_transpose1d(torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                               stride=s, padding=p, output_padding=a, dilation=d)  # fmt: skip
    except RuntimeError:
        return None
    return int(y.shape[-1])


def _tlen_grid(formula: Callable[..., int]) -> list[bool]:
    out = []
    for n, k, s, p, d, a in itertools.product((2, 3, 5), (2, 3), (1, 2, 3), (0, 1), (1, 2), (0, 1)):
        if (true := _tlen(n, k, s, p, d, a)) is not None:
            out.append(true == formula(n, k, s, p, d, a))
    return out


def _abg_random(r: np.random.Generator) -> dict:
    """The note's sizes (3 inputs, 3 taps, stride 2) on random numbers."""
    x, w, g = r.normal(size=3), r.normal(size=3), r.normal(size=7)
    return {"x": x, "w": w, "g": g, **_tconv1(x, w, g, 2)}


def _abg_dx(v: dict) -> bool:
    rhs = [sum(v["w"][k] * at(v["g"], 2 * i + k) for k in range(3)) for i in range(3)]
    return same(v["dx"], rhs)


def _abg_dw(v: dict) -> bool:
    rhs = [sum(v["x"][i] * at(v["g"], 2 * i + k) for i in range(3)) for k in range(3)]
    return same(v["dw"], rhs)


def _dilated(r: np.random.Generator, h: int) -> dict:
    """Conv2d(kernel 3, dilation 2, padding 1) of one channel, gradients of sum(z * g)."""
    x, w = r.normal(size=(h, h)), r.normal(size=(3, 3))
    side = conv_out(h, 3, 1, 1, 2)
    g = r.normal(size=(side, side))
    t = conv(x[None, None], w[None, None], None, g[None, None], padding=1, dilation=2)
    return {"x": x, "w": w, "g": g, "side": side, "dx": t["dx"][0, 0], "dw": t["dw"][0, 0]}


def _dilated_dw(v: dict) -> bool:
    xp, g, n = pad(v["x"], 1), v["g"], v["side"]
    rhs = [[sum(g[i, j] * at(xp, i + 2 * u, j + 2 * w) for i in range(n) for j in range(n))
            for w in range(3)] for u in range(3)]  # fmt: skip
    return same(v["dw"], rhs)


_ABG_NOTE = _tconv1(_X, _W, _G, 2)

ABG_CLAIMS: Claims = {
    key(ABG, "$$L_{out} = (L - 1) S", 1): lambda: _tlen_grid(
        lambda n, k, s, p, d, a: (n - 1) * s - 2 * p + d * (k - 1) + a
    ),
    key(ABG, "(3 - 1) \\cdot 2 + 3", 1): equal(len(_ABG_NOTE["y"]), (3 - 1) * 2 + 3),
    key(ABG, "(3 - 1) \\cdot 2 + 3", 2): equal((3 - 1) * 2 + 3, 7),
    key(ABG, "$$y_2 = ", 1): equal(_ABG_NOTE["y"][2], _X[0] * _W[2] + _X[1] * _W[0]),
    key(ABG, "$$y_2 = ", 2): equal(_X[0] * _W[2] + _X[1] * _W[0], 4),
    key(ABG, "$$y = (1, 0, 4", 1): single(lambda: same(_ABG_NOTE["y"], [1, 0, 4, 0, 4, 0, -2])),
    key(ABG, "\\frac{\\partial L}{\\partial x_i} = \\sum_{k=0}^{K-1}", 1): trials(
        lambda r: _abg_dx(_abg_random(r)), 300
    ),
    key(ABG, "= (5, 4, -1)", 1): single(lambda: same(_ABG_NOTE["dx"], [5, 4, -1])),
    key(ABG, "\\frac{\\partial L}{\\partial w_k} = \\sum_{i=0}^{2}", 1): trials(
        lambda r: _abg_dw(_abg_random(r)), 310
    ),
    key(ABG, "(4, -4, 3)", 1): single(lambda: same(_ABG_NOTE["dw"], [4, -4, 3])),
    key(ABG, "(15 - 1) \\cdot 2 - 2", 1): equal(tconv_out(15, 4, 2, 1), (15 - 1) * 2 - 2 * 1 + 4),
    key(ABG, "(15 - 1) \\cdot 2 - 2", 2): equal((15 - 1) * 2 - 2 * 1 + 4, 30),
    key(ABG, "Parameter: $P", 1): equal(
        params(torch.nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)), 16 * 8 * 4**2 + 16
    ),
    key(ABG, "Parameter: $P", 2): equal(16 * 8 * 4**2 + 16, 2064),
    key(ABG, "\\left\\lfloor H + 2 - 2", 1): grid(
        lambda h: conv_out(h, 3, 1, 1, 2) == (h + 2 - 2 * (3 - 1) - 1) // 1 + 1, range(4, 12)
    ),
    key(ABG, "\\left\\lfloor H + 2 - 2", 2): grid(
        lambda h: (h + 2 - 2 * (3 - 1) - 1) // 1 + 1 == h, range(4, 12)
    ),
    key(ABG, "\\tilde{x}_{i + 2u", 1): lambda: [
        _dilated_dw(_dilated(np.random.default_rng(320 + h), h)) for h in (4, 5, 6, 8)
    ],
    key(ABG, "\\operatorname{pad}_1(g) \\star", 1): lambda: [
        (lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["w"]))))(
            _dilated(np.random.default_rng(330 + h), h)
        )
        for h in (4, 5, 6, 8)
    ],
}


# --- hw4_handin_tinycnn_backward.md: TinyCNN from the python block, 0-based, H and W even

HW4 = "hw4_handin_tinycnn_backward"
_EVEN = tuple(range(8, 34, 2))


def _pool_side(h: int) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), 2).shape[-1])


def _linear(r: np.random.Generator) -> dict:
    """nn.Linear(32, 10) on a batch of 4, gradients of sum(z * delta)."""
    s, delta = r.normal(size=(4, 32)), r.normal(size=(4, 10))
    fc = torch.nn.Linear(32, 10).double()
    st = t64(s, True)
    z = fc(st)
    (z * t64(delta)).sum().backward()
    w, b = fc.weight.detach().numpy(), fc.bias.detach().numpy()
    return {"s": s, "delta": delta, "w": w, "b": b, "z": z.detach().numpy(),
            "dw": fc.weight.grad.numpy(), "ds": st.grad.numpy()}  # fmt: skip


def _gap(r: np.random.Generator) -> bool:
    a, ds = r.normal(size=(2, 32, 4, 3)), r.normal(size=(2, 32))
    at_ = t64(a, True)
    (F.adaptive_avg_pool2d(at_, 1).flatten(1) * t64(ds)).sum().backward()
    return same(at_.grad.numpy(), np.broadcast_to(ds[:, :, None, None] / (4 * 3), a.shape))


def _relu_mask(r: np.random.Generator) -> bool:
    v, da = r.normal(size=(2, 3, 4, 4)), r.normal(size=(2, 3, 4, 4))
    vt = t64(v, True)
    a = F.relu(vt)
    (a * t64(da)).sum().backward()
    return same(vt.grad.numpy(), da * (a.detach().numpy() >= 0))


def _conv2(r: np.random.Generator) -> dict:
    """conv2 (stride 2, padding 1) on a batch of 2 with 2 -> 3 channels, 6 x 6 maps."""
    m, w, b = r.normal(size=(2, 2, 6, 6)), r.normal(size=(3, 2, 3, 3)), r.normal(size=3)
    side = conv_out(6, 3, 2, 1)
    delta = r.normal(size=(2, 3, side, side))
    return {"m": m, "delta": delta, "side": side,
            **conv(m, w, b, delta, stride=2, padding=1)}  # fmt: skip


def _conv2_dw(v: dict) -> bool:
    mp, d, n = np.pad(v["m"], ((0, 0), (0, 0), (1, 1), (1, 1))), v["delta"], v["side"]
    rhs = np.zeros((3, 2, 3, 3))
    for f, c, p, q in itertools.product(range(3), range(2), range(3), range(3)):
        rhs[f, c, p, q] = sum(d[b, f, i, j] * at(mp, b, c, i + p, j + q)
                              for b in range(2) for i in range(n) for j in range(n))  # fmt: skip
    return same(v["dw"], rhs)


def _conv2_db(v: dict) -> bool:
    d, n = v["delta"], v["side"]
    rhs = [sum(at(d, b, f, i, j) for b in range(2) for i in range(n + 1) for j in range(n + 1))
           for f in range(3)]  # fmt: skip
    return same(v["db"], rhs)


def _pool_grad(r: np.random.Generator) -> bool:
    x, gm = r.normal(size=(2, 3, 6, 8)), r.normal(size=(2, 3, 3, 4))
    xt = t64(x, True)
    m = F.max_pool2d(xt, 2)
    (m * t64(gm)).sum().backward()
    mm = m.detach().numpy()
    rhs = np.zeros_like(x)
    for n, c, p, q in itertools.product(range(2), range(3), range(6), range(8)):
        if x[n, c, p, q] == mm[n, c, p // 2, q // 2]:
            rhs[n, c, p, q] = gm[n, c, p // 2, q // 2]
    return same(xt.grad.numpy(), rhs)


HW4_CLAIMS: Claims = {
    key(HW4, "conv1 keeps the size", 1): grid(lambda h: conv_out(h, 5, 1, 2) == h, _EVEN),
    key(HW4, "The pooling halves it", 1): grid(lambda h: _pool_side(h) == h // 2, _EVEN),
    key(HW4, "\\frac{H_2 + 2 - 3}{2}", 1): grid(
        lambda h: conv_out(_pool_side(h), 3, 2, 1) == (_pool_side(h) + 2 - 3) // 2 + 1, _EVEN
    ),
    key(HW4, "For $H = 30$", 2): equal(_pool_side(conv_out(30, 5, 1, 2)), 15),
    key(HW4, "For $H = 30$", 3): equal(conv_out(_pool_side(conv_out(30, 5, 1, 2)), 3, 2, 1), 7),
    key(HW4, "P_{\\text{conv1}}", 1): equal(
        params(torch.nn.Conv2d(3, 16, 5, padding=2)), 3 * 16 * 5**2
    ),
    key(HW4, "P_{\\text{conv1}}", 2): equal(3 * 16 * 5**2, 1200),
    key(HW4, "P_{\\text{conv2}}", 1): equal(
        params(torch.nn.Conv2d(16, 32, 3, stride=2, padding=1)), 16 * 32 * 3**2 + 32
    ),
    key(HW4, "P_{\\text{conv2}}", 2): equal(16 * 32 * 3**2 + 32, 4640),
    key(HW4, "$$z = s W^\\top", 1): trials(
        lambda r: (lambda v: same(v["z"], v["s"] @ v["w"].T + np.outer(np.ones(4), v["b"])))(
            _linear(r)
        ),
        400,
    ),
    key(HW4, "\\delta^\\top s$$", 1): trials(
        lambda r: (lambda v: same(v["dw"], v["delta"].T @ v["s"]))(_linear(r)), 410
    ),
    key(HW4, "\\delta\\, W^\\top$$", 1): trials(
        lambda r: (lambda v: same(v["ds"], v["delta"] @ v["w"].T))(_linear(r)), 420
    ),
    key(HW4, "\\frac{1}{H_3 W_3}", 1): trials(_gap, 430),
    key(HW4, "\\mathbb{1}[a \\ge 0]", 1): trials(_relu_mask, 440),
    key(HW4, "\\tilde{m}_{n,c,i+p,j+q}", 1): trials(lambda r: _conv2_dw(_conv2(r)), 450),
    key(HW4, "\\sum_{i=0}^{H_3} \\sum_{j=0}^{W_3}", 1): trials(lambda r: _conv2_db(_conv2(r)), 460),
    key(HW4, "\\text{if } r_{n,c,p,q}", 1): trials(_pool_grad, 470),
}


# --- tarea3_paso_indices_desde_uno.md: stride S, valid, 1-based x_{p,q}, k_{m,n}, delta_{i,j}

TAR = "tarea3_paso_indices_desde_uno"
_TGRID = [(h, k, s) for h, k, s in itertools.product(range(5, 11), (1, 2, 3), (1, 2, 3)) if k <= h]


def _tarea(r: np.random.Generator, h: int = 7, k: int = 3, s: int = 2) -> dict:
    x, w, b = r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=1)
    side = conv_out(h, k, s)
    d = r.normal(size=(side, side))
    t = conv(x[None, None], w[None, None], b, d[None, None], stride=s)
    return {"x": x, "k": w, "b": b[0], "d": d, "s": s, "side": side, "z": t["z"][0, 0],
            "dx": t["dx"][0, 0], "dk": t["dw"][0, 0], "db": t["db"][0]}  # fmt: skip


_TSIZES = [(7, 3, 2), (8, 3, 2), (9, 2, 3)]


def _ta_sizes(rel: Callable[[dict], bool], seed: int) -> Truth:
    """One comparison per size (H, K, S) on random tensors."""
    return lambda: [
        rel(_tarea(np.random.default_rng(seed + j), *size)) for j, size in enumerate(_TSIZES)
    ]


def _ta_dk(v: dict) -> bool:
    x, d, s, n, kk = v["x"], v["d"], v["s"], v["side"], v["k"].shape[0]
    rhs = [[sum(d[i - 1, j - 1] * at(x, s * (i - 1) + m - 1, s * (j - 1) + q - 1)
                for i in range(1, n + 1) for j in range(1, n + 1))
            for q in range(1, kk + 1)] for m in range(1, kk + 1)]  # fmt: skip
    return same(v["dk"], rhs)


def _ta_dx(v: dict) -> bool:
    d, w, s, n, kk, h = v["d"], v["k"], v["s"], v["side"], v["k"].shape[0], v["x"].shape[0]
    rhs = np.zeros((h, h))
    for p, q, m, c in itertools.product(range(1, h + 1), range(1, h + 1), range(1, kk + 1),
                                        range(1, kk + 1)):  # fmt: skip
        if (p - m) % s == 0 and (q - c) % s == 0:
            i, j = (p - m) // s + 1, (q - c) // s + 1
            if 1 <= i <= n and 1 <= j <= n:
                rhs[p - 1, q - 1] += d[i - 1, j - 1] * w[m - 1, c - 1]
    return same(v["dx"], rhs)


def _ta_y23(v: dict) -> bool:
    """y_{2,3} = b + sum_{m,n} k_{m,n} x_{2+m, 6+n}, 1-based, x read strictly."""
    rhs = v["b"] + sum(v["k"][m - 1, n - 1] * at(v["x"], 2 + m - 1, 6 + n - 1)
                       for m in range(1, 4) for n in range(1, 4))  # fmt: skip
    return same(v["z"][1, 2], rhs)


def _readers(h: int, k: int, s: int, p: int) -> list[int]:
    """1-based output rows i whose window reads input row p (a 1-D conv of the p-th unit vector
    with a kernel of ones)."""
    e = np.zeros(h)
    e[p - 1] = 1.0
    y = F.conv1d(t64(e[None, None]), torch.ones(1, 1, k, dtype=F64), stride=s)
    return [i + 1 for i, val in enumerate(y.numpy()[0, 0]) if val != 0]


def _bound_grid(which: int, formula: Callable[[int, int, int, int, int], int], strides) -> Truth:
    """Per size (H, K, S): the formula gives the first (which=0) / last (which=-1) reader of every
    input row that is read at all."""

    def run() -> list[bool]:
        out = []
        for h, k, s in _TGRID:
            if s not in strides or conv_out(h, k, s) < 2:
                continue
            side = conv_out(h, k, s)
            rows = [(p, rd) for p in range(1, h + 1) if (rd := _readers(h, k, s, p))]
            out.append(all(rd[which] == formula(h, k, s, p, side) for p, rd in rows))
        return out

    return run


def _ceil(a: int, b: int) -> int:
    return -(-a // b)


TAR_CLAIMS: Claims = {
    key(TAR, "$H' = \\lfloor (H - K)/S \\rfloor + 1$", 1): grid(
        lambda hks: conv_out(*hks) == (hks[0] - hks[1]) // hks[2] + 1, _TGRID
    ),
    key(TAR, "que nunca pasa de", 1): grid(
        lambda hks: hks[2] * (conv_out(*hks) - 1) + hks[1] <= hks[0], _TGRID
    ),
    key(TAR, "$$S(H' - 1) + K = H$$", 1): grid(
        lambda hks: hks[2] * (conv_out(*hks) - 1) + hks[1] == hks[0], _TGRID
    ),
    key(TAR, "\\partial k_{m,n}} = \\sum_{i=1}^{H'}", 1): _ta_sizes(_ta_dk, 500),
    key(TAR, "$$i_{\\min} = ", 1): _bound_grid(
        0, lambda h, k, s, p, side: max(1, _ceil(p - k, s) + 1), (1, 2, 3)
    ),
    key(TAR, "$$i_{\\max} = ", 1): _bound_grid(
        -1, lambda h, k, s, p, side: min(side, _ceil(p - 1, s) + 1), (1, 2, 3)
    ),
    key(TAR, "\\text{si } \\frac{p-m}{S}+1", 1): _ta_sizes(_ta_dx, 510),
    key(TAR, "\\frac{4}{2}", 1): equal(conv_out(7, 3, 2), 4 // 2 + 1),
    key(TAR, "\\frac{4}{2}", 2): equal(4 // 2 + 1, 3),
    key(TAR, "$$y_{2,3} = b", 1): trials(lambda r: _ta_y23(_tarea(r)), 520),
    key(TAR, "\\partial b} = \\sum_{i=1}^{3}", 1): trials(
        lambda r: (lambda v: same(v["db"], v["d"].sum()))(_tarea(r)), 530
    ),
    key(TAR, "x_{1,1}} =", 1): trials(
        lambda r: (lambda v: same(v["dx"][0, 0], v["d"][0, 0] * v["k"][0, 0]))(_tarea(r)), 540
    ),
    key(TAR, "x_{3,3}} =", 1): trials(
        lambda r: (
            lambda v: same(v["dx"][2, 2], v["d"][0, 0] * v["k"][2, 2] + v["d"][1, 1] * v["k"][0, 0])
        )(_tarea(r)),
        550,
    ),
    key(TAR, "x_{7,7}} =", 1): trials(
        lambda r: (lambda v: same(v["dx"][6, 6], v["d"][2, 2] * v["k"][2, 2]))(_tarea(r)), 560
    ),
    key(TAR, "= x \\star \\operatorname{dilate}_2", 1): trials(
        lambda r: (lambda v: same(v["dk"], corr(v["x"], dilate(v["d"], 2))))(_tarea(r)), 570
    ),
    key(TAR, "\\operatorname{pad}_2(\\delta) \\star", 1): trials(
        lambda r: (lambda v: same(v["dx"], corr(pad(v["d"], 2), rot180(v["k"]))))(_tarea(r)), 580
    ),
}


# --- course_forum_q57_batch_channels_grad.md: N x C x H x H, F filters K x K, padding P, mean loss

Q57 = "course_forum_q57_batch_channels_grad"
_QN, _QC, _QF = 2, 2, 3
_QSIZES = [(6, 3, 1), (7, 3, 0), (7, 5, 2), (6, 3, 2)]  # (H, K, P)


def _q57(r: np.random.Generator, h: int, k: int, p: int, s: int = 1) -> dict:
    """Mean loss L = (1/N) sum_n sum(Y_n * G_n): torch autograd of conv2d."""
    x, w, b = r.normal(size=(_QN, _QC, h, h)), r.normal(size=(_QF, _QC, k, k)), r.normal(size=_QF)
    side = conv_out(h, k, s, p)
    g = r.normal(size=(_QN, _QF, side, side))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    y = F.conv2d(xt, wt, bt, stride=s, padding=p)
    ((y * t64(g)).sum() / _QN).backward()
    return {"x": x, "w": w, "b": b, "g": g, "p": p, "k": k, "y": y.detach().numpy(),
            "dx": xt.grad.numpy(), "dw": wt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _q_sizes(rel: Callable[[dict], bool], seed: int, sizes=_QSIZES) -> Truth:
    return lambda: [
        bool(rel(_q57(np.random.default_rng(seed + j), *size))) for j, size in enumerate(sizes)
    ]


def _q_forward(v: dict) -> bool:
    rhs = [[v["b"][f] + sum(corr(pad(v["x"][n, c], v["p"]), v["w"][f, c]) for c in range(_QC))
            for f in range(_QF)] for n in range(_QN)]  # fmt: skip
    return same(v["y"], rhs)


def _q_dw(v: dict, scale: float) -> bool:
    rhs = [[scale * sum(corr(pad(v["x"][n, c], v["p"]), v["g"][n, f]) for n in range(_QN))
            for c in range(_QC)] for f in range(_QF)]  # fmt: skip
    return same(v["dw"], rhs)


def _q_dx(v: dict, padding: int) -> bool:
    rhs = [[sum(corr(pad(v["g"][n, f], padding), rot180(v["w"][f, c])) for f in range(_QF)) / _QN
            for c in range(_QC)] for n in range(_QN)]  # fmt: skip
    return same(v["dx"], rhs)


def _q_stride2(v: dict) -> bool:
    rhs = [[sum(corr(v["x"][n, c], dilate(v["g"][n, f], 2)) for n in range(_QN)) / _QN
            for c in range(_QC)] for f in range(_QF)]  # fmt: skip
    return same(v["dw"], rhs)


_Q_STRIDE2 = [(7, 3, 0, 2), (9, 5, 0, 2), (8, 4, 0, 2)]  # 2 divides H - K
_Q_HKP = [(h, k, p) for h, k, p in itertools.product(range(5, 10), (1, 2, 3, 5), (0, 1, 2))]

Q57_CLAIMS: Claims = {
    key(Q57, "$$Y_{n,f} = b_f", 1): _q_sizes(_q_forward, 600),
    key(Q57, "= \\sum_{n=0}^{N-1} \\operatorname{pad}_P(X_{n,c}) \\star G", 1): _q_sizes(
        lambda v: _q_dw(v, 1.0), 610
    ),
    key(Q57, "\\partial b_f} = \\sum_{n=0}", 1): _q_sizes(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 620
    ),
    key(Q57, "\\operatorname{pad}_{K-1}(G_{n,f}) \\star", 1): _q_sizes(
        lambda v: _q_dx(v, v["k"] - 1), 630
    ),
    key(Q57, "I counted", 1): equal(params(torch.nn.Conv2d(32, 64, 3)), 64 * 32 * 9 + 32),
    key(Q57, "I counted", 2): equal(64 * 32 * 9 + 32, 18464),
    key(
        Q57, "= \\frac{1}{N} \\sum_{n=0}^{N-1} \\operatorname{pad}_P(X_{n,c}) \\star G", 1
    ): _q_sizes(lambda v: _q_dw(v, 1.0 / _QN), 640),
    key(Q57, "\\partial b_f} = \\frac{1}{N}", 1): _q_sizes(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / _QN), 650
    ),
    key(Q57, "The output has side", 1): grid(
        lambda hkp: conv_out(*hkp[:2], 1, hkp[2]) == hkp[0] + 2 * hkp[2] - hkp[1] + 1, _Q_HKP
    ),
    key(Q57, "\\operatorname{pad}_{K-1-P}", 1): _q_sizes(
        lambda v: _q_dx(v, v["k"] - 1 - v["p"]), 660
    ),
    key(Q57, "$H + 2P - H_{out} + 1 = K$", 1): grid(
        lambda hkp: hkp[0] + 2 * hkp[2] - conv_out(*hkp[:2], 1, hkp[2]) + 1 == hkp[1], _Q_HKP
    ),
    key(Q57, "= F(C K^2 + 1)", 1): grid(
        lambda c, f, k: params(torch.nn.Conv2d(c, f, k)) == f * (c * k * k + 1),
        (1, 3, 32),
        (2, 64),
        (1, 3),
    ),
    key(Q57, "= F(C K^2 + 1)", 2): equal(64 * (32 * 3**2 + 1), 64 * (32 * 9 + 1)),
    key(Q57, "= F(C K^2 + 1)", 3): equal(64 * (32 * 9 + 1), 18496),
    key(Q57, "\\operatorname{dilate}_2(G_{n,f})", 1): _q_sizes(_q_stride2, 670, _Q_STRIDE2),
    key(Q57, "\\lceil (H - K)/2 \\rceil", 1): grid(
        lambda hk: conv_out(hk[0], hk[1], 2) == _ceil(hk[0] - hk[1], 2),
        [(h, k) for h, k in itertools.product(range(5, 12), (1, 2, 3)) if (h - k) % 2 == 0],
    ),
}

NOTES_B: Claims = {**ABG_CLAIMS, **HW4_CLAIMS, **TAR_CLAIMS, **Q57_CLAIMS}
