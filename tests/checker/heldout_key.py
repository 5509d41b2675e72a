"""The answer key of the held-out notes (tests/data/check/heldout/), computed independently.

Each note's layer is run in torch (autograd gives dX, dW, db for a random upstream gradient
G); each equation of the note, in the order it appears, is written here as a NumPy
computation of both sides, ``(left, right)``.  An equation is correct when the two are
equal arrays of the same shape; a computation that cannot be done is a mistake of the
equation: an entry named outside its tensor by a sum's own bound (``at``), an index bound
by nothing (``unbound``), a product of mismatched shapes.  Indices computed from others
(``x_{i+m-1}``) outside the tensor name zeros (``at0``), as in the notes' convention.
"""

from __future__ import annotations

from itertools import product
from types import SimpleNamespace

import numpy as np
import torch
from scipy.signal import correlate2d


def truth(input_hw, kernel, stride=1, padding=0, batch=1, bias=True, seed=0):
    """X, W, b, Z, G, dX, dW, db of one single-channel conv2d (1-D: height 1), squeezed;
    random real entries, so that a wrong formula cannot agree with the truth by chance."""
    rng = np.random.default_rng(seed)
    x = torch.tensor(
        rng.standard_normal((batch, 1, *input_hw)), dtype=torch.float64, requires_grad=True
    )
    w = torch.tensor(rng.standard_normal((1, 1, *kernel)), dtype=torch.float64, requires_grad=True)
    b = torch.tensor([1.0 + rng.random()], dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, w, b if bias else None, stride=stride, padding=padding)
    g = torch.tensor(rng.standard_normal(tuple(z.shape)), dtype=torch.float64)
    (z * g).sum().backward()

    def sq(a):
        a = a.detach().numpy()[:, 0]
        return a[0] if batch == 1 else a

    return SimpleNamespace(
        X=sq(x),
        W=w.detach().numpy()[0, 0],
        b=float(b.detach()[0]) if bias else 0.0,
        Z=sq(z),
        G=sq(g),
        dX=sq(x.grad),
        dW=w.grad.numpy()[0, 0],
        db=float(b.grad[0]) if bias else 0.0,
    )


def dense_truth(n_in=3, n_out=2, batch=2, seed=1):
    rng = np.random.default_rng(seed)
    x = torch.tensor(rng.standard_normal((batch, n_in)), dtype=torch.float64, requires_grad=True)
    w = torch.tensor(rng.standard_normal((n_out, n_in)), dtype=torch.float64, requires_grad=True)
    b = torch.tensor(1.0 + rng.random((n_out,)), dtype=torch.float64, requires_grad=True)
    z = x @ w.T + b
    g = torch.tensor(rng.standard_normal(tuple(z.shape)), dtype=torch.float64)
    (z * g).sum().backward()
    return SimpleNamespace(
        X=x.detach().numpy(),
        W=w.detach().numpy(),
        b=b.detach().numpy(),
        Z=z.detach().numpy(),
        G=g.numpy(),
        dX=x.grad.numpy(),
        dW=w.grad.numpy(),
        db=b.grad.numpy(),
    )


class Unread(Exception):
    """The equation names an entry that does not exist or an index bound by nothing."""


def at(a, *idx):
    """An entry named by a sum's own index: outside the tensor, the equation is ill-formed."""
    if any(not 0 <= i < n for i, n in zip(idx, a.shape, strict=True)):
        raise Unread(f"index {idx} outside {a.shape}")
    return a[idx]


def at0(a, *idx):
    """An entry at a computed index: zero outside the tensor."""
    if any(not 0 <= i < n for i, n in zip(idx, a.shape, strict=True)):
        return 0.0
    return a[idx]


def unbound(name):
    raise Unread(f"{name} is bound by nothing")


def corr(a, k):
    return correlate2d(a, k, "valid")


def full(a, k):
    return correlate2d(a, k, "full")


def pad(a, p):
    return np.pad(a, p)


def rot(a):
    return a[::-1, ::-1]


def dilate(a, s):
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def grid(*sizes):
    return list(product(*(range(n) for n in sizes)))


def table(shape, f):
    return np.array([f(*i) for i in grid(*shape)], dtype=float).reshape(shape)


def conv_out(h, k, s=1, p=0):
    x = torch.zeros(1, 1, h, h)
    return torch.nn.functional.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1]


def params(k, c_in, c_out, bias=True):
    return sum(p.numel() for p in torch.nn.Conv2d(c_in, c_out, k, bias=bias).parameters())


# ---------------------------------------------------------------------- the notes
def conv2d_4x4():
    t = truth((4, 4), (3, 3))
    X, W, G, b = t.X, t.W, t.G, t.b
    S3 = grid(3, 3)
    return [
        lambda: (t.Z[0, 0], sum(at(X, m, n) * W[m, n] for m, n in S3) + b),
        lambda: (t.Z[1, 1], sum(at(X, 1 + m, 1 + n) * W[m, n] for m, n in S3) + b),
        lambda: (t.Z[0, 1], sum(at(X, m, n + 1) * W[m, n] for m, n in S3)),
        lambda: (t.db, sum(at(G, i, j) for i, j in grid(2, 2))),
        lambda: (t.db, sum(at(G, i, j) for i, j in grid(3, 3))),
        lambda: (
            t.dW,
            table(
                (3, 3), lambda m, n: sum(at(G, i, j) * at0(X, i + m, j + n) for i, j in grid(2, 2))
            ),
        ),
        lambda: (
            t.dW,
            table(
                (3, 3), lambda m, n: sum(at(G, i, j) * at0(X, i - m, j - n) for i, j in grid(2, 2))
            ),
        ),
        lambda: (t.dX, corr(pad(G, 2), rot(W))),
        lambda: (t.dX, corr(G, rot(W))),
        lambda: (t.dX, full(G, rot(W))),
        lambda: (t.dX, full(G, W)),
        lambda: (t.dW, corr(X, G)),
        lambda: (t.dW, rot(corr(X, G))),  # the smaller operand first: NumPy's rotated result
        lambda: (t.dX[0, 0], G[0, 0] * W[0, 0]),
        lambda: (
            t.dX[1, 1],
            G[0, 0] * W[1, 1] + G[0, 1] * W[1, 0] + G[1, 0] * W[0, 1] + G[1, 1] * W[0, 0],
        ),
        lambda: (
            t.dX[1, 1],
            G[0, 0] * W[0, 0] + G[0, 1] * W[1, 0] + G[1, 0] * W[0, 1] + G[1, 1] * W[1, 1],
        ),
    ]


def conv1d_onebased():
    t = truth((1, 5), (1, 3))
    x, w, y, g, b = t.X[0], t.W[0], t.Z[0], t.G[0], t.b

    def X(i):
        return at0(x, i - 1)

    def Wk(k):
        return at(w, k - 1)

    def G(i):
        return at(g, i - 1)

    return [
        lambda: (y[0], Wk(1) * X(1) + Wk(2) * X(2) + Wk(3) * X(3) + b),
        lambda: (y[1], Wk(1) * X(2) + Wk(2) * X(3) + Wk(3) * X(4) + b),
        lambda: (y[2], Wk(1) * X(3) + Wk(2) * X(4) + Wk(3) * X(5)),
        lambda: (
            y,
            np.array([sum(Wk(k) * X(i + k - 1) for k in (1, 2, 3)) + b for i in (1, 2, 3)]),
        ),
        lambda: (y, np.array([sum(Wk(k) * X(i + k) for k in (1, 2, 3)) + b for i in (1, 2, 3)])),
        lambda: (
            t.dW[0],
            np.array([sum(G(i) * X(i + k - 1) for i in (1, 2, 3)) for k in (1, 2, 3)]),
        ),
        lambda: (
            t.dW[0],
            np.array([sum(G(i) * X(i + k - 1) for i in (1, 2, 3, 4)) for k in (1, 2, 3)]),
        ),
        lambda: (t.dX[0][2], G(1) * Wk(3) + G(2) * Wk(2) + G(3) * Wk(1)),
        lambda: (t.dX[0][0], -G(1) * Wk(1)),
        lambda: (t.dX[0][0], G(1) * Wk(1)),
        lambda: (t.db, G(1) + G(2) + G(3)),
        lambda: (t.db, G(1)),
    ]


def dense_batch():
    t = dense_truth()
    X, W, G, b = t.X, t.W, t.G, t.b
    N = X.shape[0]
    return [
        lambda: (
            t.Z,
            table((N, 2), lambda n, j: sum(at(W, j, i) * at(X, n, i) for i in range(3)) + b[j]),
        ),
        lambda: (
            t.Z,
            table((N, 2), lambda n, j: sum(at(W, i, j) * at(X, n, i) for i in range(3)) + b[j]),
        ),
        lambda: (t.Z, X @ W.T + b),
        lambda: (t.dW, G.T @ X),
        lambda: (t.dW, X.T @ G),
        lambda: (t.dX, G @ W),
        lambda: (t.dX, G @ W.T),
        lambda: (t.db, G.sum(axis=0)),
        lambda: (t.db, np.array([sum(at(G, n, j) for n in range(N)) for j in range(2)])),
        lambda: (t.db, unbound("n")),
        lambda: (
            t.dW,
            table((2, 3), lambda j, i: sum(at(G, n, j) * at(X, n, i) for n in range(N))),
        ),
        lambda: (
            t.dW,
            table((2, 3), lambda j, i: sum(at(G, n, i) * at(X, n, j) for n in range(N))),
        ),
        lambda: (
            t.dX,
            table((N, 3), lambda n, i: sum(at(G, n, j) * at(W, j, i) for j in range(2))),
        ),
    ]


def stride2():
    t = truth((5, 5), (3, 3), stride=2)
    X, W, G, b = t.X, t.W, t.G, t.b
    S3 = grid(3, 3)
    return [
        lambda: (t.dX, corr(pad(dilate(G, 2), 2), rot(W))),
        lambda: (t.dX, corr(pad(G, 2), rot(W))),
        lambda: (t.dX, corr(pad(dilate(G, 2), 1), rot(W))),
        lambda: (t.dX, corr(pad(dilate(G, 2), 2), W.T)),
        lambda: (t.dW, corr(X, dilate(G, 2))),
        lambda: (t.dW, corr(X, G)),
        lambda: (t.Z, corr(X, W)[::2, ::2] + b),
        lambda: (t.db, G.sum()),
        lambda: (t.Z[1, 1], sum(at(X, 2 + m, 2 + n) * W[m, n] for m, n in S3) + b),
        lambda: (t.Z[1, 0], sum(at(X, 1 + m, n) * W[m, n] for m, n in S3) + b),
        lambda: (
            t.dX[2, 2],
            sum(at(G, i, j) * at0(W, 2 - 2 * i, 2 - 2 * j) for i, j in grid(2, 2)),
        ),
        lambda: (t.dX[2, 2], G[1, 1] * W[0, 0]),
    ]


def funcional():
    t = truth((4, 4), (2, 2))
    X, W, G, b = t.X, t.W, t.G, t.b
    S2 = grid(2, 2)
    return [
        lambda: (
            t.Z,
            table((3, 3), lambda i, j: sum(at0(X, i + m, j + n) * at(W, m, n) for m, n in S2) + b),
        ),
        lambda: (
            t.Z,
            table((3, 3), lambda i, j: sum(at0(X, i - m, j - n) * at(W, m, n) for m, n in S2) + b),
        ),
        lambda: (
            t.Z[0, 0],
            X[0, 0] * W[0, 0] + X[0, 1] * W[0, 1] + X[1, 0] * W[1, 0] + X[1, 1] * W[1, 1] + b,
        ),
        lambda: (
            t.dW,
            table(
                (2, 2), lambda m, n: sum(at(G, i, j) * at0(X, i + m, j + n) for i, j in grid(3, 3))
            ),
        ),
        lambda: (
            t.dW,
            table(
                (2, 2), lambda m, n: sum(at(G, i, j) * at0(X, i + m, j + n) for i, j in grid(4, 4))
            ),
        ),
        lambda: (
            t.dX,
            table((4, 4), lambda i, j: sum(at0(G, i - m, j - n) * at(W, m, n) for m, n in S2)),
        ),
        lambda: (
            t.dX,
            table(
                (4, 4),
                lambda i, j: sum(at0(G, i + a - 1, j + c - 1) * at(rot(W), a, c) for a, c in S2),
            ),
        ),
        lambda: (
            t.dX,
            table(
                (4, 4), lambda i, j: sum(at0(G, i + a - 1, j + c - 1) * at(W, a, c) for a, c in S2)
            ),
        ),
        lambda: (t.db, sum(at(G, i, j) for i, j in grid(3, 3))),
        lambda: (t.dX[0, 0], G[0, 0] * W[1, 1]),
    ]


def sizes():
    out = conv_out(8, 3)
    floor_ok = all(
        conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1
        for h in range(5, 10)
        for k in (1, 2, 3)
        for s in (1, 2, 3)
        for p in (0, 1)
    )
    with_bias = all(
        params(k, ci, co) == (k * k * ci + 1) * co for k in (1, 3) for ci in (1, 2) for co in (1, 4)
    )
    without = all(
        params(k, ci, co) == k * k * ci * co for k in (1, 3) for ci in (1, 2) for co in (1, 4)
    )
    return [
        lambda: (np.array([out, out]), np.array([8 - 3 + 1, 6])),
        lambda: (floor_ok, True),
        lambda: (np.array([out, out]), np.array([8 - 3, 5])),
        lambda: (with_bias, True),
        lambda: (without, True),
        lambda: (params(3, 2, 4), 76),
        lambda: (400 * 120 + 120, 48120),
        lambda: (400 * 120 + 120, 48210),
        lambda: (5 * 5 * 3 * 6 + 6, 456),
        lambda: (5 * 5 * 3 * 6 + 6, 465),
    ]


def latex_inline():
    t = truth((3, 3), (2, 2), bias=False)
    X, W, G = t.X, t.W, t.G
    return [
        lambda: (
            t.Z[0, 0],
            X[0, 0] * W[0, 0] + X[0, 1] * W[0, 1] + X[1, 0] * W[1, 0] + X[1, 1] * W[1, 1],
        ),
        lambda: (
            t.Z[0, 1],
            X[0, 1] * W[0, 0] + X[0, 2] * W[0, 1] + X[1, 1] * W[1, 0] + X[1, 2] * W[1, 1],
        ),
        lambda: (
            t.Z[1, 0],
            X[1, 0] * W[0, 0] + X[1, 1] * W[0, 1] + X[2, 0] * W[1, 0] + X[2, 1] * W[1, 1],
        ),
        lambda: (
            t.Z[1, 1],
            X[1, 1] * W[0, 0] + X[1, 2] * W[1, 0] + X[2, 1] * W[0, 1] + X[2, 2] * W[1, 1],
        ),
        lambda: (t.dW[0, 0], sum(G[i, j] * X[i, j] for i, j in grid(2, 2))),
        lambda: (t.dW[1, 1], sum(G[i, j] * X[i, j] for i, j in grid(2, 2))),
        lambda: (t.dX[2, 2], G[1, 1] * W[1, 1]),
        lambda: (t.dX[2, 2], G[1, 1] * W[0, 0]),
        lambda: (t.dX[0, 1], G[0, 0] * W[0, 1] + G[0, 1] * W[0, 0]),
        lambda: (t.dX[0, 1], G[0, 0] * W[0, 1] - G[0, 1] * W[0, 0]),
    ]


def padding():
    t = truth((3, 3), (3, 3), padding=1)
    X, W, G, b = t.X, t.W, t.G, t.b
    S3 = grid(3, 3)
    return [
        lambda: (t.Z, corr(pad(X, 1), W) + b),
        lambda: (t.Z, corr(X, W) + b),
        lambda: (
            t.Z[0, 0],
            X[0, 0] * W[1, 1] + X[0, 1] * W[1, 2] + X[1, 0] * W[2, 1] + X[1, 1] * W[2, 2] + b,
        ),
        lambda: (
            t.Z[0, 0],
            X[0, 0] * W[0, 0] + X[0, 1] * W[0, 1] + X[1, 0] * W[1, 0] + X[1, 1] * W[1, 1] + b,
        ),
        lambda: (
            t.Z,
            table(
                (3, 3), lambda i, j: sum(at0(X, i + m - 1, j + n - 1) * W[m, n] for m, n in S3) + b
            ),
        ),
        lambda: (
            t.Z,
            table((3, 3), lambda i, j: sum(at0(X, i + m, j + n) * W[m, n] for m, n in S3) + b),
        ),
        lambda: (t.dX, corr(pad(G, 1), rot(W))),
        lambda: (t.dX, corr(pad(G, 2), rot(W))),
        lambda: (t.dW, corr(pad(X, 1), G)),
        lambda: (t.dW, corr(X, G)),
        lambda: (t.db, sum(at(G, i, j) for i, j in S3)),
    ]


def batch_conv():
    t = truth((3, 3), (2, 2), batch=2)
    X, W, G, b = t.X, t.W, t.G, t.b
    S2 = grid(2, 2)
    return [
        lambda: (
            t.Z,
            table(
                (2, 2, 2),
                lambda n, i, j: sum(at0(X, n, i + m, j + el) * at(W, m, el) for m, el in S2) + b,
            ),
        ),
        lambda: (
            t.dW,
            table(
                (2, 2),
                lambda m, el: sum(
                    at(G, n, i, j) * at0(X, n, i + m, j + el) for n in range(2) for i, j in S2
                ),
            ),
        ),
        lambda: (t.dW, unbound("n")),
        lambda: (t.db, sum(at(G, n, i, j) for n in range(2) for i, j in S2)),
        lambda: (t.db, sum(at(G, 0, i, j) for i, j in S2)),
        lambda: (
            t.dX,
            table(
                (2, 3, 3),
                lambda n, i, j: sum(at0(G, n, i - m, j - el) * at(W, m, el) for m, el in S2),
            ),
        ),
        lambda: (t.db, G.sum()),
        lambda: (t.db, G.sum(axis=(1, 2))),
    ]


def pooling():
    def max_claim(out, entries):
        """The max over the listed entries equals the pool's output on every draw of X."""

        def claim():
            for seed in range(40):
                x = np.random.default_rng(seed).standard_normal((4, 4))
                z = torch.nn.functional.max_pool2d(torch.tensor(x)[None, None], 2)[0, 0]
                if not np.isclose(float(z[out]), max(x[e] for e in entries)):
                    return False, True
            return True, True

        return claim

    rng = np.random.default_rng(3)
    x = torch.tensor(rng.standard_normal((1, 1, 4, 4)), requires_grad=True)
    z = torch.nn.functional.avg_pool2d(x, 2)
    g = torch.tensor(rng.standard_normal(tuple(z.shape)))
    (z * g).sum().backward()
    X, Z, G, dX = (
        x.detach().numpy()[0, 0],
        z.detach().numpy()[0, 0],
        g.numpy()[0, 0],
        x.grad.numpy()[0, 0],
    )
    S2 = grid(2, 2)
    return [
        max_claim((0, 0), [(0, 0), (0, 1), (1, 0), (1, 1)]),
        max_claim((0, 1), [(0, 2), (0, 3), (1, 2), (1, 3)]),
        max_claim((0, 1), [(0, 1), (0, 2), (1, 1), (1, 2)]),
        max_claim((1, 0), [(2, 0), (2, 1), (3, 0)]),
        lambda: (Z[1, 1], (X[2, 2] + X[2, 3] + X[3, 2] + X[3, 3]) / 4),
        lambda: (Z[1, 1], X[2, 2] + X[2, 3] + X[3, 2] + X[3, 3]),
        lambda: (dX, table((4, 4), lambda i, j: at(G, i // 2, j // 2) / 4)),
        lambda: (dX, table((4, 4), lambda i, j: at(G, i // 2, j // 2))),
        lambda: (
            Z,
            table((2, 2), lambda i, j: sum(at0(X, 2 * i + a, 2 * j + c) for a, c in S2) / 4),
        ),
        lambda: (Z, table((2, 2), lambda i, j: sum(at0(X, i + a, j + c) for a, c in S2) / 4)),
    ]


NOTES = {
    "conv2d_4x4.md": conv2d_4x4,
    "conv1d_onebased.md": conv1d_onebased,
    "dense_batch.md": dense_batch,
    "stride2.md": stride2,
    "funcional.md": funcional,
    "sizes.md": sizes,
    "latex_inline.tex": latex_inline,
    "padding.md": padding,
    "batch_conv.md": batch_conv,
    "pooling.md": pooling,
}


def correct(claim) -> bool:
    """Do the two sides of one equation, computed in NumPy, agree?"""
    try:
        left, right = claim()
        left, right = np.asarray(left, dtype=float), np.asarray(right, dtype=float)
    except (Unread, ValueError, IndexError):
        return False
    # random real entries: two different polynomials agree there with probability zero
    return left.shape == right.shape and np.allclose(left, right, rtol=1e-9, atol=1e-12)


def key(name: str) -> list[bool]:
    return [correct(c) for c in NOTES[name]()]
