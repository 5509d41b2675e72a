"""Independent truth for the notes of tests/data/check/fa_hunt/ (torch autograd and NumPy in
float64, no symconv): per keyed claim (note, line, rank on the line), whether it holds.

Each entry computes both sides of the claim at the note's sizes on random tensors (or on the
note's own numbers) and compares them; a count or size is compared with what torch builds.
test_check_fa_hunt.py checks that the key's verdicts agree with these values."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

F64 = torch.float64
Truth = Callable[[], bool]


def _t(a) -> torch.Tensor:  # type: ignore[no-untyped-def]
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=F64, requires_grad=True)


def _close(a, b) -> bool:  # type: ignore[no-untyped-def]
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-9))


def _params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _side(module: torch.nn.Module, shape: tuple[int, ...]) -> int:
    return int(module(torch.zeros(shape)).shape[-1])


# --- klausur_faltung_1d: x in R^9, w in R^3, stride 2, 0-based -------------------------------
def _klausur() -> dict:
    r = np.random.default_rng(1)
    x, w, b = _t(r.normal(size=9)), _t(r.normal(size=3)), _t(r.normal(size=1))
    y = F.conv1d(x.view(1, 1, 9), w.view(1, 1, 3), b, stride=2).view(-1)
    d = torch.tensor(r.normal(size=y.shape[0]), dtype=F64)
    (y * d).sum().backward()
    return {
        "x": x.detach().numpy(),
        "w": w.detach().numpy(),
        "d": d.numpy(),
        "y": y,
        "dw": w.grad.numpy(),
        "db": b.grad.numpy()[0],
        "dx": x.grad.numpy(),
    }


def _klausur_truth() -> dict[tuple[int, int], Truth]:
    k = _klausur()
    x, w, d, dx = k["x"], k["w"], k["d"], k["dx"]
    xs = np.array([1, 2, 0, -1, 3, 1, 0, 2, 1], dtype=np.float64)
    ys = (
        F.conv1d(
            torch.tensor(xs).view(1, 1, 9),
            torch.tensor([[[1.0, 0, -1]]], dtype=F64),
            torch.tensor([0.5], dtype=F64),
            stride=2,
        )
        .view(-1)
        .numpy()
    )
    return {
        (11, 0): lambda: k["y"].shape[0] == (9 - 3) // 2 + 1,
        (11, 1): lambda: (9 - 3) // 2 + 1 == 4,
        (15, 0): lambda: _close(
            k["dw"], [sum(d[i] * x[2 * i + q] for i in range(4)) for q in range(3)]
        ),
        (19, 0): lambda: math.isclose(k["db"], d.sum()),
        (23, 0): lambda: _close(
            k["dw"], [sum(d[i] * x[i + q] for i in range(4)) for q in range(3)]
        ),
        (27, 0): lambda: math.isclose(dx[4], w[0] * d[2] + w[2] * d[1]),
        (29, 0): lambda: math.isclose(dx[3], w[1] * d[1]),
        (31, 0): lambda: math.isclose(dx[8], w[2] * d[3]),
        (33, 0): lambda: math.isclose(dx[2], w[2] * d[0]),
        (35, 0): lambda: math.isclose(dx[6], w[0] * d[3] + w[2] * d[2]),
        (39, 0): lambda: math.isclose(ys[0], xs[0] - xs[2] + 0.5),
        (39, 1): lambda: math.isclose(xs[0] - xs[2] + 0.5, 1.5),
        (41, 0): lambda: math.isclose(ys[1], xs[2] - xs[4] + 0.5),
        (41, 1): lambda: math.isclose(xs[2] - xs[4] + 0.5, -2.5),
        (43, 0): lambda: math.isclose(ys[3], xs[6] - xs[8] + 0.5),
        (43, 1): lambda: math.isclose(xs[6] - xs[8] + 0.5, 0.5),
        (47, 0): lambda: (
            F.conv1d(torch.zeros(1, 1, 9), torch.zeros(1, 1, 3), stride=2, padding=1).shape[-1]
            == (9 + 2 - 3) // 2 + 1
        ),
        (47, 1): lambda: (9 + 2 - 3) // 2 + 1 == 5,
        (51, 0): lambda: (
            F.conv1d(torch.zeros(1, 1, 9), torch.zeros(1, 1, 3), stride=3).shape[-1] == (9 - 3) // 3
        ),
        (51, 1): lambda: (9 - 3) // 3 == 2,
    }


# --- blog_pt_conv2d: X 5x5, K 3x3, stride 1, 0-based ----------------------------------------
def _blog_truth() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(2)
    x, k, b = _t(r.normal(size=(5, 5))), _t(r.normal(size=(3, 3))), _t(r.normal(size=1))
    y = F.conv2d(x.view(1, 1, 5, 5), k.view(1, 1, 3, 3), b)[0, 0]
    g = r.normal(size=(3, 3))
    (y * torch.tensor(g, dtype=F64)).sum().backward()
    X, K, dX, dK, db = (
        x.detach().numpy(),
        k.detach().numpy(),
        x.grad.numpy(),
        k.grad.numpy(),
        b.grad.numpy()[0],
    )

    def corr(a, f):  # type: ignore[no-untyped-def]
        h, w = a.shape[0] - f.shape[0] + 1, a.shape[1] - f.shape[1] + 1
        return np.array(
            [
                [np.sum(a[i : i + f.shape[0], j : j + f.shape[1]] * f) for j in range(w)]
                for i in range(h)
            ]
        )

    return {
        (13, 0): lambda: tuple(y.shape) == (3, 3) == (5 - 3 + 1, 5 - 3 + 1),
        (19, 0): lambda: _close(
            dK,
            [
                [
                    sum(g[i, j] * X[i + m, j + n] for i in range(3) for j in range(3))
                    for n in range(3)
                ]
                for m in range(3)
            ],
        ),
        (21, 0): lambda: _close(dK, corr(X, g)),
        (23, 0): lambda: math.isclose(db, g.sum()),
        (27, 0): lambda: _close(dX, corr(np.pad(g, 2), K[::-1, ::-1])),
        (31, 0): lambda: _close(dX, corr(np.pad(g, 1), K[::-1, ::-1])),
        (35, 0): lambda: math.isclose(dX[0, 0], g[0, 0] * K[0, 0]),
        (37, 0): lambda: math.isclose(dX[4, 4], g[2, 2] * K[0, 0]),
        (39, 0): lambda: math.isclose(
            dX[2, 2], sum(g[2 - m, 2 - n] * K[m, n] for m in range(3) for n in range(3))
        ),
        (41, 0): lambda: math.isclose(dX[0, 4], g[0, 2] * K[0, 2]),
        (48, 0): lambda: (
            _params(torch.nn.Conv2d(3, 16, 3, padding=1)) == 16 * 3 * 3 * 3 + 16 == 448
        ),
        (53, 0): lambda: (
            _side(torch.nn.Conv2d(16, 32, 5, stride=2), (1, 16, 32, 32)) == (32 - 5) // 2 + 1 == 14
        ),
        (55, 0): lambda: (
            _params(torch.nn.Conv2d(16, 32, 5, stride=2)) == 32 * 16 * 5 * 5 + 32 == 12832
        ),
        (56, 0): lambda: _params(torch.nn.Conv2d(16, 32, 5, stride=2)) == 16 * 5 * 5 + 32,
    }


# --- se_answer_pooling: the 4x4 example, 2x2 windows, stride 2 --------------------------------
def _se_truth() -> dict[tuple[int, int], Truth]:
    X = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]], dtype=np.float64)
    G = np.array([[1, 2], [3, 4]], dtype=np.float64)

    def run(pool):  # type: ignore[no-untyped-def]
        x = _t(X)
        y = pool(x.view(1, 1, 4, 4), 2)[0, 0]
        (y * torch.tensor(G, dtype=F64)).sum().backward()
        return y.detach().numpy(), x.grad.numpy()

    ym, dm = run(F.max_pool2d)
    ya, da = run(F.avg_pool2d)
    quarter = np.array([[G[i // 2, j // 2] / 4 for j in range(4)] for i in range(4)])
    return {
        (11, 0): lambda: _close(ym, [[4, 5], [6, 3]]),
        (19, 0): lambda: _close(dm, [[0, 0, 0, 0], [1, 0, 0, 2], [0, 0, 4, 0], [0, 3, 0, 0]]),
        (23, 0): lambda: _close(ya, [[2.5, 2], [2.25, 1.75]]),
        (27, 0): lambda: _close(da, quarter),
        (29, 0): lambda: math.isclose(da[3, 3], 1),
        (29, 1): lambda: math.isclose(da[0, 1], 0.25),
        (33, 0): lambda: _close(da, 4 * quarter),
        (37, 0): lambda: (
            F.max_pool2d(torch.zeros(1, 1, 7, 7), 3, 2).shape[-1] == (7 - 3) // 2 + 1 == 3
        ),
        (37, 1): lambda: F.max_pool2d(torch.zeros(1, 1, 8, 8), 3, 2).shape[-1] == 4,
    }


# --- fiche_tailles_fr: PyTorch's sizes and counts --------------------------------------------
def _conv_side(h: int, k: int, s: int, p: int, d: int = 1) -> int:
    return _side(torch.nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d), (1, 1, h, h))


def _tconv_side(h: int, k: int, s: int, p: int, d: int = 1, op: int = 0) -> int:
    module = torch.nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, dilation=d, output_padding=op)
    return _side(module, (1, 1, h, h))


def _span(k: int, d: int) -> int:
    return 20 - F.conv1d(torch.zeros(1, 1, 20), torch.zeros(1, 1, k), dilation=d).shape[-1] + 1


def _fiche_truth() -> dict[tuple[int, int], Truth]:
    grid = [
        (h, k, s, p, d)
        for h in (7, 9, 12)
        for k in (1, 3)
        for s in (1, 2, 3)
        for p in (0, 1)
        for d in (1, 2)
    ]
    fits = [c for c in grid if c[0] + 2 * c[3] >= c[4] * (c[1] - 1) + 1]
    tgrid = [
        (h, k, s, p, d)
        for h in (3, 5)
        for k in (2, 3)
        for s in (1, 2, 3)
        for p in (0, 1)
        for d in (1, 2)
        if p < s or p < d
    ]

    def groups_count(c_in: int, c_out: int, g: int, k: int) -> int:
        return _params(torch.nn.Conv2d(c_in, c_out, k, groups=g))

    return {
        (10, 0): lambda: all(
            _conv_side(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
            for h, k, s, p, d in fits
        ),
        # the span of the dilated kernel: the input a single output reads, L - out + 1
        (12, 0): lambda: all(_span(k, d) == d * (k - 1) + 1 for k in (2, 3) for d in (1, 2, 3)),
        (13, 0): lambda: all(_span(k, d) == d * k for k in (2, 3) for d in (1, 2, 3)),
        (17, 4): lambda: _conv_side(28, 5, 1, 2) == 28,
        (18, 4): lambda: _conv_side(7, 3, 2, 1) == 4,
        (19, 4): lambda: _conv_side(224, 7, 2, 3) == 113,
        (20, 5): lambda: _conv_side(10, 3, 1, 0, 2) == 6,
        (26, 0): lambda: all(
            _tconv_side(h, k, s, p, d, op) == (h - 1) * s - 2 * p + d * (k - 1) + op + 1
            for h, k, s, p, d in tgrid
            for op in (0,) + ((1,) if s > 1 else ())
        ),
        (28, 0): lambda: all(
            _tconv_side(h, k, s, p) == (h - 1) * s + 2 * p + k for h, k, s, p, _ in tgrid
        ),
        (30, 4): lambda: _tconv_side(4, 4, 2, 1) == 8,
        (31, 4): lambda: _tconv_side(5, 3, 2, 1) == 10,
        (37, 0): lambda: all(
            groups_count(ci, co, g, k) == ci // g * co * k * k + co
            for ci, co, g in ((4, 6, 2), (6, 3, 3), (2, 4, 1))
            for k in (1, 3)
        ),
        (40, 0): lambda: all(
            groups_count(c, c, c, k) == c * k * k + c for c in (2, 5) for k in (1, 3)
        ),
        (41, 0): lambda: all(
            _params(torch.nn.Conv2d(ci, co, 1)) == ci * co for ci, co in ((3, 5), (8, 2))
        ),
    }


# --- compito_denso_softmax: z = Wx + b, W 3x4; batch rows; softmax(1, 2, 0), class 2 of 3 -----
def _compito_truth() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(5)
    W, b, x = _t(r.normal(size=(3, 4))), _t(r.normal(size=3)), _t(r.normal(size=4))
    delta = r.normal(size=3)
    ((W @ x + b) * torch.tensor(delta, dtype=F64)).sum().backward()
    Wn, xn = W.detach().numpy(), x.detach().numpy()
    dW, db, dx = W.grad.numpy(), b.grad.numpy(), x.grad.numpy()
    Wb, bb, X = _t(r.normal(size=(3, 4))), _t(r.normal(size=3)), _t(r.normal(size=(5, 4)))
    D = r.normal(size=(5, 3))
    ((X @ Wb.T + bb) * torch.tensor(D, dtype=F64)).sum().backward()
    z = torch.tensor([1.0, 2.0, 0.0], dtype=F64, requires_grad=True)
    loss = F.cross_entropy(z.view(1, 3), torch.tensor([1]))
    loss.backward()
    p, dz = torch.softmax(z, 0).detach().numpy(), z.grad.numpy()
    u = torch.linspace(-3, 3, 13, dtype=F64, requires_grad=True)
    torch.sigmoid(u).sum().backward()
    dsig = u.grad.clone()
    u.grad = None
    torch.tanh(u).sum().backward()
    dtanh, s, t = u.grad, torch.sigmoid(u).detach(), torch.tanh(u).detach()
    return {
        (9, 0): lambda: _close(dW, np.outer(delta, xn)),
        (9, 1): lambda: _close(db, delta),
        (9, 2): lambda: _close(dx, Wn.T @ delta),
        (11, 0): lambda: _close(dW, np.outer(xn, delta)),
        (17, 0): lambda: _close(Wb.grad.numpy(), D.T @ X.detach().numpy()),
        (17, 1): lambda: _close(bb.grad.numpy(), D.sum(axis=0)),
        (24, 0): lambda: _close(dz, p - np.array([0, 1, 0])),
        (28, 0): lambda: _close(np.round(p, 4), [0.2447, 0.6652, 0.0900]),
        (30, 0): lambda: round(-math.log(0.6652), 4) == 0.4077 and abs(loss.item() - 0.4077) < 1e-4,
        (32, 0): lambda: abs(dz[1] - (0.6652 - 1)) < 1e-4,
        (32, 1): lambda: math.isclose(0.6652 - 1, -0.3348),
        (34, 0): lambda: abs(dz[0] - (0.2447 - 1)) < 1e-4,
        (34, 1): lambda: math.isclose(0.2447 - 1, -0.7553),
        (38, 0): lambda: _close(dsig, s * (1 - s)),
        (38, 1): lambda: _close(dtanh, 1 - t),
        (41, 0): lambda: _params(torch.nn.Linear(784, 128)) == 784 * 128 + 128 == 100480,
        (41, 1): lambda: _params(torch.nn.Linear(128, 10)) == 128 * 10 == 1280,
    }


# --- review_comment_shapes: SmallCNN on 64x64 RGB ---------------------------------------------
def _review_truth() -> dict[tuple[int, int], Truth]:
    conv1 = torch.nn.Conv2d(3, 32, kernel_size=3, padding=1)
    conv2 = torch.nn.Conv2d(32, 64, kernel_size=3)
    conv3 = torch.nn.Conv2d(64, 64, kernel_size=3, stride=2)
    fc = torch.nn.Linear(64 * 14 * 14, 10)
    with torch.no_grad():
        a1 = conv1(torch.zeros(1, 3, 64, 64))
        a2 = F.max_pool2d(a1, 2)
        a3 = conv2(a2)
        a4 = conv3(a3)
    r = np.random.default_rng(7)
    x, w = _t(r.normal(size=(2, 3, 6, 6))), _t(r.normal(size=(4, 3, 3, 3)))
    g = r.normal(size=(2, 4, 4, 4))
    (F.conv2d(x, w) * torch.tensor(g, dtype=F64)).sum().backward()
    per_map = np.array(
        [
            [
                sum(
                    F.conv2d(
                        x[n, c].detach().view(1, 1, 6, 6),
                        torch.tensor(g[n, f], dtype=F64).view(1, 1, 4, 4),
                    )[0, 0].numpy()
                    for n in range(2)
                )
                for c in range(3)
            ]
            for f in range(4)
        ]
    )
    return {
        (18, 0): lambda: a1.shape[-1] == 64 + 2 * 1 - 3 + 1 == 64,
        (19, 0): lambda: a2.shape[-1] == 64 / 2 == 32,
        (20, 0): lambda: a3.shape[-1] == 32 - 3 + 1 == 30,
        (21, 0): lambda: a4.shape[-1] == (30 - 3) // 2 + 1 == 14,
        (21, 1): lambda: a4[0].numel() == 64 * 14 * 14 == 12544,
        (25, 0): lambda: _params(conv1) == 32 * 3 * 3 * 3 + 32 == 896,
        (26, 0): lambda: _params(conv2) == 64 * 32 * 3 * 3 + 64 == 18496,
        (27, 0): lambda: _params(conv3) == 64 * 64 * 9 + 64 == 36928,
        (28, 0): lambda: _params(fc) == 12544 * 10 + 10 == 125450,
        (30, 0): lambda: _params(conv2) == 64 * 32 * 9 == 18432,
        (34, 0): lambda: _close(w.grad.numpy(), per_map),
    }


# --- wiki_lotes_canales: N = 2, C = 3, 6x6, F = 4 filters 3x3 ---------------------------------
def _wiki_truth() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(8)
    x, w, b = _t(r.normal(size=(2, 3, 6, 6))), _t(r.normal(size=(4, 3, 3, 3))), _t(r.normal(size=4))
    g = r.normal(size=(2, 4, 4, 4))
    (F.conv2d(x, w, b) * torch.tensor(g, dtype=F64)).sum().backward()
    X, W, dX, dW, db = (
        x.detach().numpy(),
        w.detach().numpy(),
        x.grad.numpy(),
        w.grad.numpy(),
        b.grad.numpy(),
    )

    def G(n: int, f: int, i: int, j: int) -> float:
        return g[n, f, i, j] if 0 <= i < 4 and 0 <= j < 4 else 0.0

    def dx_sum(filters: int) -> np.ndarray:
        return np.array(
            [
                [
                    [
                        [
                            sum(
                                G(n, f, p - u, q - v) * W[f, c, u, v]
                                for f in range(filters)
                                for u in range(3)
                                for v in range(3)
                            )
                            for q in range(6)
                        ]
                        for p in range(6)
                    ]
                    for c in range(3)
                ]
                for n in range(2)
            ]
        )

    dw_one = np.zeros((2, 4, 3, 3, 3))  # per sample n: sum_ij g[n,f,i,j] x[n,c,i+u,j+v]
    for n, f, c, u, v in np.ndindex(2, 4, 3, 3, 3):
        dw_one[n, f, c, u, v] = sum(
            g[n, f, i, j] * X[n, c, i + u, j + v] for i in range(4) for j in range(4)
        )
    return {
        (13, 0): lambda: _params(torch.nn.Conv2d(3, 4, 3)) == 4 * 3 * 3 * 3 + 4 == 112,
        (19, 0): lambda: _close(db, g.sum(axis=(0, 2, 3))),
        (21, 0): lambda: _close(dW, dw_one.sum(axis=0)),
        (23, 0): lambda: _close(dX, dx_sum(4)),
        (31, 0): lambda: _close(db, g[0].sum(axis=(1, 2))),
        (35, 0): lambda: _close(dX, dx_sum(3)),
        (37, 0): lambda: all(_close(dW, dw_one[n]) for n in range(2)),
        (42, 0): lambda: (
            _side(torch.nn.Conv2d(3, 4, 3, stride=2), (1, 3, 6, 6)) == (6 - 3) // 2 + 1 == 2
        ),
    }


# --- textbook_dilated_1based: length 10, K = 3, dilation 2, 1-based ----------------------------
def _textbook_truth() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(9)
    x, w = _t(r.normal(size=10)), _t(r.normal(size=3))
    y = F.conv1d(x.view(1, 1, 10), w.view(1, 1, 3), dilation=2).view(-1)
    g = r.normal(size=y.shape[0])
    (y * torch.tensor(g, dtype=F64)).sum().backward()
    X, Wt, dx, dw = x.detach().numpy(), w.detach().numpy(), x.grad.numpy(), w.grad.numpy()

    def x1(i: int) -> float:  # 1-based
        return X[i - 1]

    def g1(i: int) -> float:
        return g[i - 1] if 1 <= i <= 6 else 0.0

    return {
        (9, 0): lambda: 2 * (3 - 1) + 1 == 5 == len(range(1, 1 + 2 * 2 + 1)),
        (9, 1): lambda: y.shape[0] == 10 - 2 * (3 - 1) == 6,
        (10, 0): lambda: y.shape[0] == 10 - 3 + 1,
        (10, 1): lambda: 10 - 3 + 1 == 8,
        (15, 0): lambda: _close(
            dw, [sum(g1(i) * x1(i + 2 * (k - 1)) for i in range(1, 7)) for k in (1, 2, 3)]
        ),
        (20, 0): lambda: _close(
            dw, [sum(g1(i) * x1(i + k - 1) for i in range(1, 7)) for k in (1, 2, 3)]
        ),
        (26, 0): lambda: _close(
            dx, [sum(Wt[k - 1] * g1(j - 2 * (k - 1)) for k in (1, 2, 3)) for j in range(1, 11)]
        ),
        (30, 0): lambda: math.isclose(dx[0], Wt[0] * g1(1)),
        (32, 0): lambda: math.isclose(dx[4], Wt[0] * g1(5) + Wt[1] * g1(3) + Wt[2] * g1(1)),
        (34, 0): lambda: math.isclose(dx[9], Wt[2] * g1(6)),
        (36, 0): lambda: math.isclose(dx[1], Wt[0] * g1(2) + Wt[1] * g1(1)),
    }


# --- slides_superscripts: 39 -> 37 (3x3, 3 -> 10 channels) -> 17 (5x5, stride 2, 20 filters) -
def _slides_truth() -> dict[tuple[int, int], Truth]:
    first = torch.nn.Conv2d(3, 10, 3)
    second = torch.nn.Conv2d(10, 20, 5, stride=2)
    grid = [(n, f, s, p) for n in (6, 9, 13) for f in (1, 3, 5) for s in (1, 2, 3) for p in (0, 1)]
    z = torch.linspace(-3, 3, 13, dtype=F64, requires_grad=True)
    torch.relu(z).sum().backward()
    drelu = z.grad.clone()
    z.grad = None
    torch.sigmoid(z).sum().backward()
    sig = torch.sigmoid(z).detach()
    away = z.detach() != 0
    return {
        (8, 0): lambda: all(
            _side(torch.nn.Conv2d(1, 1, f, stride=s, padding=p), (1, 1, n, n))
            == (n + 2 * p - f) // s + 1
            for n, f, s, p in grid
        ),
        (13, 0): lambda: _side(first, (1, 3, 39, 39)) == 37,
        (14, 0): lambda: _params(first) == 3 * 3 * 3 * 10 + 10 == 280,
        (18, 0): lambda: _side(second, (1, 10, 37, 37)) == (37 - 5) // 2 + 1,
        (18, 1): lambda: (37 - 5) // 2 + 1 == 17,
        (19, 0): lambda: _params(second) == 5 * 5 * 10 * 20 + 20 == 5020,
        (20, 0): lambda: _side(second, (1, 10, 37, 37)) == (37 - 5) / 2,
        (20, 1): lambda: (37 - 5) / 2 == 16,
        (24, 0): lambda: _close(drelu[away], (z.detach()[away] > 0).double()),
        (26, 0): lambda: _close(z.grad, sig**2),
    }


# --- tarea_paso2_dilatar: X 5x5, K 3x3, stride 2, 0-based ------------------------------------
def _tarea_truth() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(10)
    x, k = _t(r.normal(size=(5, 5))), _t(r.normal(size=(3, 3)))
    y = F.conv2d(x.view(1, 1, 5, 5), k.view(1, 1, 3, 3), stride=2)[0, 0]
    g = r.normal(size=(2, 2))
    (y * torch.tensor(g, dtype=F64)).sum().backward()
    X, K, dX, dK = x.detach().numpy(), k.detach().numpy(), x.grad.numpy(), k.grad.numpy()

    def corr(a: np.ndarray, f: np.ndarray) -> np.ndarray:
        n = a.shape[0] - f.shape[0] + 1
        return np.array([[np.sum(a[i : i + 3, j : j + 3] * f) for j in range(n)] for i in range(n)])

    dilated = np.zeros((3, 3))
    dilated[::2, ::2] = g

    def Kat(m: int, n: int) -> float:  # an entry past the kernel's end reads nothing there
        if not (0 <= m < 3 and 0 <= n < 3):
            raise IndexError((m, n))
        return K[m, n]

    def holds(value: float, terms) -> bool:  # type: ignore[no-untyped-def]
        try:
            return math.isclose(value, sum(g[i, j] * Kat(m, n) for i, j, m, n in terms))
        except IndexError:
            return False

    return {
        (6, 0): lambda: y.shape[0] == (5 - 3) // 2 + 1 == 2,
        (10, 0): lambda: _close(
            dK,
            [
                [
                    sum(g[i, j] * X[2 * i + m, 2 * j + n] for i in range(2) for j in range(2))
                    for n in range(3)
                ]
                for m in range(3)
            ],
        ),
        (15, 0): lambda: _close(dX, corr(np.pad(dilated, 2), K[::-1, ::-1])),
        (19, 0): lambda: _close(dX, corr(np.pad(g, 2), K[::-1, ::-1])),
        (25, 0): lambda: holds(dX[0, 0], [(0, 0, 0, 0)]),
        (27, 0): lambda: holds(dX[2, 2], [(0, 0, 2, 2), (0, 1, 2, 0), (1, 0, 0, 2), (1, 1, 0, 0)]),
        (29, 0): lambda: holds(dX[1, 3], [(0, 1, 1, 1)]),
        (31, 0): lambda: holds(dX[4, 4], [(1, 1, 2, 2)]),
        (33, 0): lambda: holds(dX[2, 1], [(0, 0, 2, 1), (1, 0, 0, 1)]),
        (35, 0): lambda: holds(dX[3, 4], [(1, 1, 1, 2), (0, 1, 3, 2)]),
    }


# --- tabela_lenet_pt: LeNet-5's sizes and counts ----------------------------------------------
def _tabela_truth() -> dict[tuple[int, int], Truth]:
    c1, c3, c5 = torch.nn.Conv2d(1, 6, 5), torch.nn.Conv2d(6, 16, 5), torch.nn.Conv2d(16, 120, 5)
    f6 = torch.nn.Linear(120, 84)
    with torch.no_grad():
        a1 = c1(torch.zeros(1, 1, 32, 32))
        a3 = c3(F.avg_pool2d(a1, 2))
        a4 = F.avg_pool2d(a3, 2)
    total = sum(_params(m) for m in (c1, c3, c5, f6))
    return {
        (8, 0): lambda: _params(c1) == 6 * 5 * 5 * 1 + 6 == 156,
        (10, 0): lambda: _params(c3) == 16 * 5 * 5 * 6 + 16 == 2416,
        (12, 0): lambda: _params(c5) == 120 * 5 * 5 * 16 + 120 == 48120,
        (13, 0): lambda: _params(f6) == 120 * 84 + 84 == 10164,
        (15, 0): lambda: a1.shape[-1] == 32 - 5 + 1 == 28,
        (16, 0): lambda: a3.shape[-1] == 14 - 5 + 1 == 10,
        (16, 1): lambda: a4.shape[-1] == 10 / 2 == 5,
        (18, 0): lambda: _params(c3) == 16 * 5 * 5 + 16,
        (21, 0): lambda: total == 156 + 2416 + 48120 + 10164 == 60856,
    }


# --- forum_transponiert_de: ConvTranspose2d(16, 8, 4, stride=2, padding=1) on 7x7 -------------
def _forum_truth() -> dict[tuple[int, int], Truth]:
    up = torch.nn.ConvTranspose2d(16, 8, kernel_size=4, stride=2, padding=1)
    grid = [(h, k, s, p) for h in (2, 5) for k in (2, 3, 4) for s in (1, 2, 3) for p in (0, 1)]
    return {
        (7, 0): lambda: all(
            _tconv_side(h, k, s, p) == (h - 1) * s - 2 * p + k for h, k, s, p in grid if p < k
        ),
        (9, 0): lambda: _side(up, (1, 16, 7, 7)) == (7 - 1) * 2 - 2 + 4,
        (9, 1): lambda: (7 - 1) * 2 - 2 + 4 == 14,
        (11, 0): lambda: _params(up) == 16 * 8 * 4 * 4 + 8 == 2056,
        (13, 0): lambda: _side(torch.nn.Conv2d(1, 1, 4, stride=2, padding=1), (1, 1, 7, 7)) == 3,
        (16, 0): lambda: _tconv_side(4, 3, 2, 1, 1, 1) == (4 - 1) * 2 - 2 + 3 + 1 == 8,
    }


# --- werkcollege_nl: x of length 6, w of length 2; max pooling of (3, 1, 4, 1, 5, 9) -----------
def _werkcollege_truth() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(12)
    x, w = _t(r.normal(size=6)), _t(r.normal(size=2))
    y = F.conv1d(x.view(1, 1, 6), w.view(1, 1, 2)).view(-1)
    g = r.normal(size=5)
    (y * torch.tensor(g, dtype=F64)).sum().backward()
    X, Wn, dx, dw = x.detach().numpy(), w.detach().numpy(), x.grad.numpy(), w.grad.numpy()
    a = _t([3, 1, 4, 1, 5, 9])
    m = F.max_pool1d(a.view(1, 1, 6), 2).view(-1)
    (m * torch.tensor([1.0, 2.0, 3.0], dtype=F64)).sum().backward()
    return {
        (4, 1): lambda: y.shape[0] == 6 - 2 + 1 == 5,
        (7, 0): lambda: math.isclose(dw[0], sum(g[i] * X[i] for i in range(5))),
        (9, 0): lambda: math.isclose(dw[1], sum(g[i] * X[i + 1] for i in range(5))),
        (11, 0): lambda: math.isclose(dx[0], Wn[0] * g[0]),
        (13, 0): lambda: math.isclose(dx[3], Wn[0] * g[3] + Wn[1] * g[2]),
        (15, 0): lambda: math.isclose(dx[5], Wn[0] * g[4]),
        (18, 0): lambda: _close(m.detach().numpy(), [3, 4, 9]),
        (20, 0): lambda: _close(a.grad.numpy(), [1, 0, 2, 0, 0, 3]),
    }


TRUTH: dict[str, Callable[[], dict[tuple[int, int], Truth]]] = {
    "klausur_faltung_1d": _klausur_truth,
    "blog_pt_conv2d": _blog_truth,
    "se_answer_pooling": _se_truth,
    "fiche_tailles_fr": _fiche_truth,
    "compito_denso_softmax": _compito_truth,
    "review_comment_shapes": _review_truth,
    "wiki_lotes_canales": _wiki_truth,
    "textbook_dilated_1based": _textbook_truth,
    "slides_superscripts": _slides_truth,
    "tarea_paso2_dilatar": _tarea_truth,
    "tabela_lenet_pt": _tabela_truth,
    "forum_transponiert_de": _forum_truth,
    "werkcollege_nl": _werkcollege_truth,
}
