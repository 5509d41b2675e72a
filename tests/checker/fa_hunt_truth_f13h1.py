"""Independent truth for the f13h1 round of fa_hunt notes (tests/data/check/fa_hunt/f13h1/:
tensors with many indices and unusual letters -- Ng's conv_backward in NHWC, a Russian lecture
with delta and 1-based indices, a Dutch tutorial in Einstein summation, a Swedish exercise on
row-vector dense layers, Japanese notes on dilated and transposed convolutions, an English
problem set on ConvTranspose2d, Goodfellow's functional notation, a Russian batch of NCHW
tensors, a Swedish NHWC lab, a Dutch exam on dilation, Ng's superscripts in Japanese).

torch autograd and NumPy in float64, no symconv.  Each claim is found by an anchor (text on
exactly one line of the note) and its rank among the key's entries on that line; both sides
are computed at the note's sizes on random tensors, a size or count with the torch module."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from fa_hunt_truth import _close, _params
from fa_hunt_truth_b import _by_anchor as by_anchor

Truth = Callable[[], bool]
HUNT = Path(__file__).resolve().parent.parent / "data" / "check" / "fa_hunt" / "f13h1"
F64 = torch.float64


def _by_anchor(name: str, table: list[tuple[str, int, Truth]]) -> dict[tuple[int, int], Truth]:
    return by_anchor(name, table, HUNT)


def _out(module: torch.nn.Module, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(module(torch.zeros(shape, dtype=torch.float32)).shape)


def _autograd(op, x_shape, w_shape, seed, bias=False, **options):  # type: ignore[no-untyped-def]
    """x, w, b, g, dx, dw, db (NumPy) of ``op`` (a torch functional convolution) on random
    tensors of the given shapes (torch's own layouts), with g the upstream gradient."""
    r = np.random.default_rng(seed)
    x = torch.tensor(r.normal(size=x_shape), dtype=F64, requires_grad=True)
    w = torch.tensor(r.normal(size=w_shape), dtype=F64, requires_grad=True)
    out_ch = w_shape[1] if op in (F.conv_transpose1d, F.conv_transpose2d) else w_shape[0]
    b = torch.tensor(r.normal(size=out_ch), dtype=F64, requires_grad=True) if bias else None
    y = op(x, w, b, **options)
    g = r.normal(size=tuple(y.shape))
    (y * torch.tensor(g)).sum().backward()
    db = b.grad.numpy() if b is not None else None
    bias_value = b.detach().numpy() if b is not None else None
    return (
        x.detach().numpy(),
        w.detach().numpy(),
        bias_value,
        g,
        x.grad.numpy(),
        w.grad.numpy(),
        db,
        y.detach().numpy(),
    )


def _entries_hold(claimed: Callable[[int], float], truth, n: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``claimed(i)`` is ``truth[i]`` for every i < n (an entry the claim names past
    its tensor's end makes it false)."""
    try:
        return all(math.isclose(claimed(i), truth[i], abs_tol=1e-12) for i in range(n))
    except IndexError:
        return False


# --- ng_conv_backward_en: A_prev (2, 7, 7, 3) NHWC, W (3, 3, 3, 8), stride 2, pad 1 ----------
def _ng_conv() -> dict:
    # torch is NCHW: A_prev[i, h, w, k] = x[i, k, h, w]; W[u, v, k, c] = w[c, k, u, v]
    x, w, b, g, _, dw, db, y = _autograd(
        F.conv2d, (2, 3, 7, 7), (8, 3, 3, 3), 11, bias=True, stride=2, padding=1
    )
    n_h = y.shape[2]
    apad = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))).transpose(0, 2, 3, 1)  # NHWC, padded
    W = w.transpose(2, 3, 1, 0)  # (u, v, k, c)
    dZ = g.transpose(0, 2, 3, 1)  # (i, h, w, c)
    # the padded input's gradient: autograd on the padded tensor itself
    xp = torch.tensor(np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), dtype=F64, requires_grad=True)
    (F.conv2d(xp, torch.tensor(w), stride=2) * torch.tensor(g)).sum().backward()
    dApad = xp.grad.numpy().transpose(0, 2, 3, 1)

    def forward() -> bool:
        z = np.zeros((2, 4, 4, 8))
        for i, h, ww, c in np.ndindex(2, 4, 4, 8):
            window = apad[i, 2 * h : 2 * h + 3, 2 * ww : 2 * ww + 3, :]
            z[i, h, ww, c] = (window * W[:, :, :, c]).sum() + b[c]
        return _close(z, y.transpose(0, 2, 3, 1))

    def dw_sum(scale: float) -> bool:
        got = np.zeros((3, 3, 3, 8))
        for u, v, k, c in np.ndindex(3, 3, 3, 8):
            got[u, v, k, c] = scale * sum(
                apad[i, 2 * h + u, 2 * ww + v, k] * dZ[i, h, ww, c]
                for i in range(2)
                for h in range(4)
                for ww in range(4)
            )
        return _close(got, dw.transpose(2, 3, 1, 0))

    def corner() -> bool:
        return all(
            math.isclose(dApad[i, 0, 0, k], sum(W[0, 0, k, c] * dZ[i, 0, 0, c] for c in range(8)))
            for i in range(2)
            for k in range(3)
        )

    def at_22(terms: list[tuple[int, int, int, int]]) -> bool:
        return all(
            math.isclose(
                dApad[i, 2, 2, k],
                sum(W[u, v, k, c] * dZ[i, h, ww, c] for u, v, h, ww in terms for c in range(8)),
                abs_tol=1e-12,
            )
            for i in range(2)
            for k in range(3)
        )

    four = [(2, 2, 0, 0), (2, 0, 0, 1), (0, 2, 1, 0), (0, 0, 1, 1)]
    return _by_anchor(
        "ng_conv_backward_en",
        [
            ("Z[i, h, w, c] =", 0, forward),
            ("so $n_H =", 0, lambda: n_h == (7 + 2 - 3) // 2 + 1),
            ("so $n_H =", 1, lambda: True),  # the formula with the note's numbers put in
            ("so $n_H =", 2, lambda: (7 + 2 - 3) // 2 + 1 == 4),
            ("forget the padding", 0, lambda: n_h == 3),
            ("forget the padding", 1, lambda: (7 - 3) // 2 + 1 == 3),
            ("forget the floor", 0, lambda: n_h == (7 + 2 - 3) / 2 + 1),
            ("forget the floor", 1, lambda: (7 + 2 - 3) / 2 + 1 == 4.5),
            ("= 224$", 0, lambda: _params(torch.nn.Conv2d(3, 8, 3)) == 224),
            (
                "$$db[c] =",
                0,
                lambda: _close(db, dZ.sum(axis=(0, 1, 2))),
            ),
            ("$$dW[u, v, k, c] =", 0, lambda: dw_sum(1.0)),
            ("divide by the batch", 0, lambda: dw_sum(0.5)),
            ("dA_{pad}[i, 0, 0, k] =", 0, corner),
            ("W[2, 0, k, c]", 0, lambda: at_22(four)),
            (
                "dA_{pad}[i, 2, 2, k] = \\sum_{c=0}^{7} W[2, 2, k, c]\\, dZ[i, 0, 0, c]$$",
                0,
                lambda: at_22([(2, 2, 0, 0)]),
            ),
        ],
    )


# --- lekcija_delta_ru: U 5x5, K 3x3, 1-based --------------------------------------------------
def _corr2d_1based(seed: int, n: int, k: int):  # type: ignore[no-untyped-def]
    """U, K, delta, dU, dK with 1-based accessors (NumPy arrays padded by a zero row/col)."""
    x, w, _, g, dx, dw, _, y = _autograd(F.conv2d, (1, 1, n, n), (1, 1, k, k), seed)

    def one(a):  # type: ignore[no-untyped-def]
        return np.pad(a[0, 0], ((1, 0), (1, 0)))

    return one(x), one(w), one(g), one(dx), one(dw), one(y)


def _lekcija() -> dict:
    U, K, d, dU, dK, V = _corr2d_1based(21, 5, 3)
    r3 = range(1, 4)
    return _by_anchor(
        "lekcija_delta_ru",
        [
            (
                "$$V_{ij} =",
                0,
                lambda: all(
                    math.isclose(
                        V[i, j],
                        sum(K[a, b] * U[i + a - 1, j + b - 1] for a in r3 for b in r3),
                    )
                    for i in r3
                    for j in r3
                ),
            ),
            ("$5 - 3 + 1 = 3$", 0, lambda: _out(torch.nn.Conv2d(1, 1, 3), (1, 1, 5, 5))[2] == 3),
            (
                "\\partial K_{ab}} =",
                0,
                lambda: all(
                    math.isclose(
                        dK[a, b],
                        sum(d[i, j] * U[i + a - 1, j + b - 1] for i in r3 for j in r3),
                    )
                    for a in r3
                    for b in r3
                ),
            ),
            ("U_{11}}", 0, lambda: math.isclose(dU[1, 1], d[1, 1] * K[1, 1])),
            ("U_{55}}", 0, lambda: math.isclose(dU[5, 5], d[3, 3] * K[3, 3])),
            ("U_{15}}", 0, lambda: math.isclose(dU[1, 5], d[1, 3] * K[1, 1])),
            (
                "\\delta_{4-a,\\, 4-b}",
                0,
                lambda: math.isclose(
                    dU[3, 3], sum(d[4 - a, 4 - b] * K[a, b] for a in r3 for b in r3)
                ),
            ),
            (
                "\\delta_{ab}\\, K_{ab}",
                0,
                lambda: math.isclose(dU[3, 3], sum(d[a, b] * K[a, b] for a in r3 for b in r3)),
            ),
            (
                "\\delta_{3-a,\\, 4-b}",
                0,
                lambda: math.isclose(
                    dU[2, 3], sum(d[3 - a, 4 - b] * K[a, b] for a in (1, 2) for b in r3)
                ),
            ),
        ],
    )


# --- werkcollege_einstein_nl: I (4, 6, 6, 2) NHWC, K (3, 3, 2, 5), Einstein summation ----------
def _werkcollege() -> dict:
    x, w, _, g, dx, dw, _, y = _autograd(F.conv2d, (4, 2, 6, 6), (5, 2, 3, 3), 31)
    I = x.transpose(0, 2, 3, 1)  # noqa: E741 -- the note's letter
    K = w.transpose(2, 3, 1, 0)  # (u, v, c, k)
    G = g.transpose(0, 2, 3, 1)
    dI, dK = dx.transpose(0, 2, 3, 1), dw.transpose(2, 3, 1, 0)

    def forward() -> bool:
        o = np.zeros((4, 4, 4, 5))
        for u, v in np.ndindex(3, 3):
            o += np.einsum("nijc,ck->nijk", I[:, u : u + 4, v : v + 4, :], K[u, v])
        return _close(o, y.transpose(0, 2, 3, 1))

    def kernel(batch: bool) -> bool:
        got = np.zeros((3, 3, 2, 5))
        for u, v in np.ndindex(3, 3):
            patch = I[:, u : u + 4, v : v + 4, :]
            if batch:
                got[u, v] = np.einsum("nijk,nijc->ck", G, patch)
            else:
                got[u, v] = np.einsum("ijk,ijc->ck", G[0], patch[0])
        return _close(got, dK)

    return _by_anchor(
        "werkcollege_einstein_nl",
        [
            ("$$O_{n,i,j,k} =", 0, forward),
            ("= 90$", 0, lambda: torch.nn.Conv2d(2, 5, 3, bias=False).weight.numel() == 90),
            ("= G_{n,i,j,k}\\, I_{n", 0, lambda: kernel(True)),
            ("= G_{0,i,j,k}", 0, lambda: kernel(False)),
            (
                "I_{n,0,0,c}}",
                0,
                lambda: _close(dI[:, 0, 0, :], np.einsum("nk,ck->nc", G[:, 0, 0], K[0, 0])),
            ),
            (
                "I_{n,5,5,c}}",
                0,
                lambda: _close(dI[:, 5, 5, :], np.einsum("nk,ck->nc", G[:, 3, 3], K[2, 2])),
            ),
            (
                "I_{n,5,0,c}}",
                0,
                lambda: _close(dI[:, 5, 0, :], np.einsum("nk,ck->nc", G[:, 3, 0], K[0, 2])),
            ),
        ],
    )


# --- radvektor_dense_sv: y = x W + b with x a row (1x4), W 4x3; a batch X (8x4) -------------
def _radvektor() -> dict:
    r = np.random.default_rng(41)
    x = torch.tensor(r.normal(size=(1, 4)), dtype=F64, requires_grad=True)
    W = torch.tensor(r.normal(size=(4, 3)), dtype=F64, requires_grad=True)
    b = torch.tensor(r.normal(size=(1, 3)), dtype=F64, requires_grad=True)
    y = x @ W + b
    delta = r.normal(size=(1, 3))
    (y * torch.tensor(delta)).sum().backward()
    xn, Wn = x.detach().numpy(), W.detach().numpy()
    X = torch.tensor(r.normal(size=(8, 4)), dtype=F64, requires_grad=True)
    W2 = torch.tensor(Wn, dtype=F64, requires_grad=True)
    b2 = torch.tensor(b.detach().numpy(), dtype=F64, requires_grad=True)
    Y = X @ W2 + torch.ones(8, 1, dtype=F64) @ b2
    D = r.normal(size=(8, 3))
    (Y * torch.tensor(D)).sum().backward()
    Xn = X.detach().numpy()
    return _by_anchor(
        "radvektor_dense_sv",
        [
            ("= 15$", 0, lambda: _params(torch.nn.Linear(4, 3)) == 15),
            ("= \\mathbf{x}^{T} \\boldsymbol{\\delta}$$", 0, lambda: _close(W.grad, xn.T @ delta)),
            ("\\boldsymbol{\\delta} W^{T}$$", 0, lambda: _close(x.grad, delta @ Wn.T)),
            ("\\partial \\mathbf{b}} = \\boldsymbol{\\delta}$$", 0, lambda: _close(b.grad, delta)),
            ("\\boldsymbol{\\delta}^{T} \\mathbf{x}$$", 0, lambda: _close(W.grad, delta.T @ xn)),
            (
                "y_j = \\sum",
                0,
                lambda: _close(
                    y.detach().numpy(), [[xn[0] @ Wn[:, j] + b[0, j].item() for j in range(3)]]
                ),
            ),
            (
                "\\partial W_{ij}} = x_i",
                0,
                lambda: _close(
                    W.grad, [[xn[0, i] * delta[0, j] for j in range(3)] for i in range(4)]
                ),
            ),
            (
                "W_{ji} \\delta_j",
                0,
                # W_{ji}: W is 4x3, so W_{j,4} is no entry, and where both exist the entry
                # is not the one the sum needs (x_i gets W_{ij} delta_j)
                lambda: _entries_hold(
                    lambda i: sum(Wn[j, i] * delta[0, j] for j in range(3)), x.grad[0], 4
                ),
            ),
            (
                "Y = X W + \\mathbf{1}",
                0,
                lambda: _close(Y.detach().numpy(), Xn @ Wn + np.ones((8, 1)) @ b.detach().numpy()),
            ),
            ("= X^{T} \\Delta$$", 0, lambda: _close(W2.grad, Xn.T @ D)),
            ("= \\Delta W^{T}$$", 0, lambda: _close(X.grad, D @ Wn.T)),
        ],
    )


# --- kakucho_dilated_ja: U of 10, theta of 3, dilation 2, 0-based; a 2-D layer after it -----
def _kakucho() -> dict:
    x, w, _, g, dx, dw, _, y = _autograd(F.conv1d, (1, 1, 10), (1, 1, 3), 51, dilation=2)
    U, th, e, dU, dth, V = x[0, 0], w[0, 0], g[0, 0], dx[0, 0], dw[0, 0], y[0, 0]
    n = len(V)
    conv = torch.nn.Conv2d(16, 16, 3, padding=2, dilation=2)
    return _by_anchor(
        "kakucho_dilated_ja",
        [
            (
                "$$V_i =",
                0,
                lambda: _close(V, [sum(th[k] * U[i + 2 * k] for k in range(3)) for i in range(n)]),
            ),
            ("- 1 + 1 = 6$", 0, lambda: n == 10 - 2 * (3 - 1) - 1 + 1 == 6),
            ("(3 - 1) + 1 = 5$", 0, lambda: 2 * (3 - 1) + 1 == 5),  # the dilated span
            (
                "\\partial \\theta_k}",
                0,
                lambda: _close(dth, [sum(e[i] * U[i + 2 * k] for i in range(6)) for k in range(3)]),
            ),
            ("\\partial U_0}", 0, lambda: math.isclose(dU[0], th[0] * e[0])),
            (
                "\\partial U_4}",
                0,
                lambda: math.isclose(dU[4], th[0] * e[4] + th[1] * e[2] + th[2] * e[0]),
            ),
            (
                "\\partial U_5}",
                0,
                lambda: math.isclose(dU[5], th[0] * e[5] + th[1] * e[4] + th[2] * e[3]),
            ),
            ("\\partial U_9}", 0, lambda: math.isclose(dU[9], th[2] * e[5])),
            ("10 - 3 + 1 = 8", 0, lambda: n == 8),
            ("- 1 + 1 = 32$", 0, lambda: _out(conv, (1, 16, 32, 32))[2] == 32),
            ("= 2320$", 0, lambda: _params(conv) == 2320),
        ],
    )


# --- transposed_stride2_en: S 3x3, F 2x2, stride 2 ------------------------------------------
def _transposed() -> dict:
    x, w, _, g, dx, dw, _, y = _autograd(
        F.conv_transpose2d, (1, 1, 3, 3), (1, 1, 2, 2), 61, stride=2
    )
    S, Fk, G, dS, dF = x[0, 0], w[0, 0], g[0, 0], dx[0, 0], dw[0, 0]
    up = torch.nn.ConvTranspose2d(4, 2, 2, stride=2)
    up3 = torch.nn.ConvTranspose2d(1, 1, 3, stride=2)
    pairs = [(m, n) for m in range(2) for n in range(2)]
    cells = [(i, j) for i in range(3) for j in range(3)]
    return _by_anchor(
        "transposed_stride2_en",
        [
            ("+ 2 = 6$", 0, lambda: y.shape[2] == 6),
            ("= 34$", 0, lambda: _params(up) == 34),
            (
                "\\partial S_{ij}}",
                0,
                lambda: _close(
                    dS,
                    [
                        [
                            sum(G[2 * i + m, 2 * j + n] * Fk[m, n] for m, n in pairs)
                            for j in range(3)
                        ]
                        for i in range(3)
                    ],
                ),
            ),
            (
                "\\partial F_{mn}}",
                0,
                lambda: _close(
                    dF,
                    [
                        [sum(G[2 * i + m, 2 * j + n] * S[i, j] for i, j in cells) for n in range(2)]
                        for m in range(2)
                    ],
                ),
            ),
            (
                "\\partial S_{11}}",
                0,
                lambda: math.isclose(
                    dS[1, 1],
                    G[2, 2] * Fk[0, 0]
                    + G[2, 3] * Fk[0, 1]
                    + G[3, 2] * Fk[1, 0]
                    + G[3, 3] * Fk[1, 1],
                ),
            ),
            (
                "\\partial S_{00}}",
                0,
                lambda: math.isclose(
                    dS[0, 0],
                    G[0, 0] * Fk[1, 1]
                    + G[0, 1] * Fk[1, 0]
                    + G[1, 0] * Fk[0, 1]
                    + G[1, 1] * Fk[0, 0],
                ),
            ),
            (
                "\\partial F_{11}}",
                0,
                lambda: math.isclose(
                    dF[1, 1], sum(G[2 * i + 1, 2 * j + 1] * S[i, j] for i, j in cells)
                ),
            ),
            ("happens to agree", 0, lambda: 3 * 2 == 6 == y.shape[2]),
            ("+ 3 = 7$", 0, lambda: _out(up3, (1, 1, 3, 3))[2] == (3 - 1) * 2 + 3 == 7),
            ("+ 3 = 7$", 1, lambda: 3 * 2 == 6),
        ],
    )


# --- strided_epsilon_ru: A 7x7, H 3x3, stride 2, 0-based ------------------------------------
def _strided() -> dict:
    x, w, _, g, dx, dw, _, y = _autograd(F.conv2d, (1, 1, 7, 7), (1, 1, 3, 3), 71, stride=2)
    A, H, e, dA, dH, S = x[0, 0], w[0, 0], g[0, 0], dx[0, 0], dw[0, 0], y[0, 0]
    cells = [(i, j) for i in range(3) for j in range(3)]
    return _by_anchor(
        "strided_epsilon_ru",
        [
            (
                "$$S_{ij} =",
                0,
                lambda: _close(
                    S,
                    [
                        [
                            sum(
                                H[m, n] * A[2 * i + m, 2 * j + n]
                                for m in range(3)
                                for n in range(3)
                            )
                            for j in range(3)
                        ]
                        for i in range(3)
                    ],
                ),
            ),
            ("\\rfloor + 1 = 3$", 0, lambda: S.shape == (3, 3)),
            (
                "$3 \\cdot 3 = 9$",
                0,
                lambda: torch.nn.Conv2d(1, 1, 3, bias=False).weight.numel() == 9,
            ),
            (
                "\\partial H_{mn}}",
                0,
                lambda: _close(
                    dH,
                    [
                        [sum(e[i, j] * A[2 * i + m, 2 * j + n] for i, j in cells) for n in range(3)]
                        for m in range(3)
                    ],
                ),
            ),
            ("\\partial A_{00}}", 0, lambda: math.isclose(dA[0, 0], e[0, 0] * H[0, 0])),
            (
                "\\partial A_{22}}",
                0,
                lambda: math.isclose(
                    dA[2, 2],
                    e[0, 0] * H[2, 2] + e[0, 1] * H[2, 0] + e[1, 0] * H[0, 2] + e[1, 1] * H[0, 0],
                ),
            ),
            (
                "\\partial A_{13}} = \\varepsilon_{01} H_{11}$$",
                0,
                lambda: math.isclose(dA[1, 3], e[0, 1] * H[1, 1]),
            ),
            (
                "\\varepsilon_{02} H_{10}",
                0,
                lambda: math.isclose(dA[1, 3], e[0, 1] * H[1, 1] + e[0, 2] * H[1, 0]),
            ),
            ("\\partial A_{66}}", 0, lambda: math.isclose(dA[6, 6], e[2, 2] * H[2, 2])),
            ("7 / 2 = 3.5", 0, lambda: 7 / 2 == 3.5),
        ],
    )


# --- ng_dense_kolommen_nl: Z = W A + b, examples as columns, n 6 -> 4, m = 32 ---------------
def _kolommen() -> dict:
    r = np.random.default_rng(81)
    m = 32
    A = torch.tensor(r.normal(size=(6, m)), dtype=F64, requires_grad=True)
    W = torch.tensor(r.normal(size=(4, 6)), dtype=F64, requires_grad=True)
    b = torch.tensor(r.normal(size=(4, 1)), dtype=F64, requires_grad=True)
    Z = W @ A + b
    per_example = r.normal(size=(4, m))  # each column's own dL/dZ; J is their mean
    J = (Z * torch.tensor(per_example)).sum() / m
    J.backward()
    dZ = per_example  # m * dJ/dZ, as the course writes it
    An, Wn = A.detach().numpy(), W.detach().numpy()
    dA = m * A.grad.numpy()  # the same convention for the activations
    return _by_anchor(
        "ng_dense_kolommen_nl",
        [
            ("+ 4 = 28$", 0, lambda: _params(torch.nn.Linear(6, 4)) == 28),
            ("$$dW^{[l]} =", 0, lambda: _close(W.grad, dZ @ An.T / m)),
            ("$$db^{[l]} =", 0, lambda: _close(b.grad[:, 0], dZ.sum(axis=1) / m)),
            ("$$dA^{[l-1]} = W^{[l]T}", 0, lambda: _close(dA, Wn.T @ dZ)),
            (
                "$$dA^{[l-1]} = dZ^{[l]} W",
                0,
                lambda: dZ.shape[1] == Wn.T.shape[0] and _close(dA, dZ @ Wn.T),
            ),
            (
                "Per element",
                0,
                lambda: _close(
                    Z.detach().numpy(),
                    [
                        [
                            sum(Wn[j, k] * An[k, i] for k in range(6)) + b[j, 0].item()
                            for i in range(m)
                        ]
                        for j in range(4)
                    ],
                ),
            ),
            # dZ_j / dW_jk = A_k for one example: the Jacobian of Z = W a + b
            (
                "Per element",
                1,
                lambda: _close(
                    torch.autograd.functional.jacobian(
                        lambda w: w @ torch.tensor(An[:, :1]) + b.detach(), W.detach()
                    )[:, 0][np.arange(4), np.arange(4)],
                    np.tile(An[:, 0], (4, 1)),
                ),
            ),
        ],
    )


# --- goodfellow_functional_en: I 6x6, K 3x3, functional notation, 0-based -------------------
def _goodfellow() -> dict:
    x, w, _, g, dx, dw, _, _ = _autograd(F.conv2d, (1, 1, 6, 6), (1, 1, 3, 3), 91)
    I, K, G, dI, dK = x[0, 0], w[0, 0], g[0, 0], dx[0, 0], dw[0, 0]  # noqa: E741
    taps = [(m, n) for m in range(3) for n in range(3)]
    cells = [(i, j) for i in range(4) for j in range(4)]
    return _by_anchor(
        "goodfellow_functional_en",
        [
            (
                "\\partial K(m, n)}",
                0,
                lambda: _close(
                    dK,
                    [
                        [sum(G[i, j] * I[i + m, j + n] for i, j in cells) for n in range(3)]
                        for m in range(3)
                    ],
                ),
            ),
            (
                "G(3 - m, 3 - n)",
                0,
                lambda: math.isclose(dI[3, 3], sum(G[3 - m, 3 - n] * K[m, n] for m, n in taps)),
            ),
            ("\\partial I(0, 0)}", 0, lambda: math.isclose(dI[0, 0], G[0, 0] * K[0, 0])),
            ("\\partial I(5, 0)}", 0, lambda: math.isclose(dI[5, 0], G[3, 0] * K[2, 0])),
            ("\\partial I(0, 5)}", 0, lambda: math.isclose(dI[0, 5], G[0, 3] * K[2, 0])),
            (
                "G(m, n)\\, K(m, n)",
                0,
                lambda: math.isclose(dI[3, 3], sum(G[m, n] * K[m, n] for m, n in taps)),
            ),
            (
                "\\rfloor + 1 = 2$",
                0,
                lambda: _out(torch.nn.Conv2d(1, 1, 3, stride=2), (1, 1, 6, 6))[2] == 2,
            ),
        ],
    )


# --- batch_kanaly_ru: X (2, 3, 5, 5) NCHW, K (4, 3, 3, 3), bias of 4 ------------------------
def _kanaly() -> dict:
    x, w, b, g, dx, dw, db, y = _autograd(F.conv2d, (2, 3, 5, 5), (4, 3, 3, 3), 101, bias=True)

    def forward() -> bool:
        got = np.zeros((2, 4, 3, 3))
        for n, f, i, j in np.ndindex(2, 4, 3, 3):
            got[n, f, i, j] = (w[f] * x[n, :, i : i + 3, j : j + 3]).sum() + b[f]
        return _close(got, y)

    def kernel() -> bool:
        got = np.zeros((4, 3, 3, 3))
        for f, c, p, q in np.ndindex(4, 3, 3, 3):
            got[f, c, p, q] = (g[:, f] * x[:, c, p : p + 3, q : q + 3]).sum()
        return _close(got, dw)

    def entry(r: int, s: int, gi: int, gj: int, kp: int, kq: int) -> bool:
        return _close(dx[:, :, r, s], np.einsum("nf,fc->nc", g[:, :, gi, gj], w[:, :, kp, kq]))

    def channels_mixed() -> bool:  # sum over c of delta_{n,c,0,0} K_{c,c,0,0}: c runs to 2
        claimed = sum(g[:, c, 0, 0] * w[c, c, 0, 0] for c in range(3))
        return all(_close(dx[:, c, 0, 0], claimed) for c in range(3))

    return _by_anchor(
        "batch_kanaly_ru",
        [
            ("$$Y_{n,f,i,j} =", 0, forward),
            ("= 112$", 0, lambda: _params(torch.nn.Conv2d(3, 4, 3)) == 112),
            ("\\partial b_f} = \\sum_{n=0}^{1}", 0, lambda: _close(db, g.sum(axis=(0, 2, 3)))),
            ("\\partial K_{f,c,p,q}}", 0, kernel),
            ("X_{n,c,0,0}} = \\sum_{f=0}^{3}", 0, lambda: entry(0, 0, 0, 0, 0, 0)),
            ("X_{n,c,4,4}}", 0, lambda: entry(4, 4, 2, 2, 2, 2)),
            ("X_{n,c,0,4}}", 0, lambda: entry(0, 4, 0, 2, 0, 2)),
            ("K_{c,c,0,0}", 0, channels_mixed),
            ("\\delta_{0,f,i,j}", 0, lambda: _close(db, g[0].sum(axis=(1, 2)))),
        ],
    )


# --- nhwc_keras_sv: (8, 10, 10, 3) into Conv2D(16, 5), then Flatten and Dense(10) ------------
def _nhwc() -> dict:
    conv = torch.nn.Conv2d(3, 16, 5)
    side = _out(conv, (8, 3, 10, 10))[2]
    same2 = torch.nn.Conv2d(3, 16, 5, stride=2, padding=2)  # Keras "same" at stride 2 here
    dense = torch.nn.Linear(576, 10)
    return _by_anchor(
        "nhwc_keras_sv",
        [
            ("$10 - 5 + 1 = 6$", 0, lambda: side == 6),
            ("+ 16 = 1216$", 0, lambda: _params(conv) == 1216),
            ("= 1200$", 0, lambda: _params(conv) == 1200),
            ("\\rceil = 5$", 0, lambda: _out(same2, (1, 3, 10, 10))[2] == math.ceil(10 / 2) == 5),
            ("= 576$", 0, lambda: 6 * 6 * 16 == 576 == side * side * 16),
            ("= 5770$", 0, lambda: _params(dense) == 5770),
            ("= 5760$", 0, lambda: _params(dense) == 5760),
        ],
    )


# --- tenchi_1d_ja: conv_transpose1d, U of 4, H of 3, stride 2 --------------------------------
def _tenchi() -> dict:
    x, w, _, g, dx, dw, _, y = _autograd(F.conv_transpose1d, (1, 1, 4), (1, 1, 3), 111, stride=2)
    U, H, e, dU, dH = x[0, 0], w[0, 0], g[0, 0], dx[0, 0], dw[0, 0]
    return _by_anchor(
        "tenchi_1d_ja",
        [
            ("+ 3 = 9$", 0, lambda: y.shape[2] == 9),
            (
                "\\partial U_i}",
                0,
                lambda: _close(dU, [sum(e[2 * i + k] * H[k] for k in range(3)) for i in range(4)]),
            ),
            (
                "\\partial U_0}",
                0,
                lambda: math.isclose(dU[0], e[0] * H[0] + e[1] * H[1] + e[2] * H[2]),
            ),
            (
                "\\partial U_3}",
                0,
                lambda: math.isclose(dU[3], e[6] * H[0] + e[7] * H[1] + e[8] * H[2]),
            ),
            (
                "\\partial U_1}",
                0,
                lambda: math.isclose(dU[1], e[1] * H[0] + e[2] * H[1] + e[3] * H[2]),
            ),
            (
                "\\partial H_2}",
                0,
                lambda: math.isclose(dH[2], e[2] * U[0] + e[4] * U[1] + e[6] * U[2] + e[8] * U[3]),
            ),
            (
                "\\partial H_1}",
                0,
                lambda: math.isclose(dH[1], e[1] * U[0] + e[3] * U[1] + e[5] * U[2] + e[7] * U[3]),
            ),
            (
                "\\partial H_0}",
                0,
                lambda: math.isclose(dH[0], e[0] * U[0] + e[2] * U[1] + e[4] * U[2]),
            ),
            ("4 \\cdot 2 = 8", 0, lambda: y.shape[2] == 8),
        ],
    )


# --- dilatatie_2d_nl: X 7x7, W 2x2, dilation 2, 1-based --------------------------------------
def _dilatatie() -> dict:
    x, w, _, g, dx, dw, _, y = _autograd(F.conv2d, (1, 1, 7, 7), (1, 1, 2, 2), 121, dilation=2)

    def one(a):  # type: ignore[no-untyped-def]
        return np.pad(a[0, 0], ((1, 0), (1, 0)))

    X, W, G, dX, dW, Y = one(x), one(w), one(g), one(dx), one(dw), one(y)
    taps = [(a, b) for a in (1, 2) for b in (1, 2)]
    cells = [(i, j) for i in range(1, 6) for j in range(1, 6)]
    return _by_anchor(
        "dilatatie_2d_nl",
        [
            (
                "$$Y_{ij} =",
                0,
                lambda: all(
                    math.isclose(
                        Y[i, j], sum(W[a, b] * X[i + 2 * (a - 1), j + 2 * (b - 1)] for a, b in taps)
                    )
                    for i, j in cells
                ),
            ),
            ("d(k - 1) + 1 = 3", 0, lambda: 2 * (2 - 1) + 1 == 3),
            ("d(k - 1) + 1 = 3", 1, lambda: y.shape[2] == 7 - 3 + 1 == 5),
            (
                "\\partial W_{ab}}",
                0,
                lambda: all(
                    math.isclose(
                        dW[a, b],
                        sum(G[i, j] * X[i + 2 * (a - 1), j + 2 * (b - 1)] for i, j in cells),
                    )
                    for a, b in taps
                ),
            ),
            ("\\partial X_{11}}", 0, lambda: math.isclose(dX[1, 1], G[1, 1] * W[1, 1])),
            (
                "\\partial X_{33}}",
                0,
                lambda: math.isclose(
                    dX[3, 3],
                    G[3, 3] * W[1, 1] + G[3, 1] * W[1, 2] + G[1, 3] * W[2, 1] + G[1, 1] * W[2, 2],
                ),
            ),
            (
                "\\partial X_{22}}",
                0,
                lambda: math.isclose(dX[2, 2], G[2, 2] * W[1, 1] + G[1, 1] * W[2, 2]),
            ),
            ("\\partial X_{77}}", 0, lambda: math.isclose(dX[7, 7], G[5, 5] * W[2, 2])),
            ("\\partial X_{17}}", 0, lambda: math.isclose(dX[1, 7], G[1, 5] * W[1, 2])),
            ("7 - 2 + 1 = 6", 0, lambda: y.shape[2] == 6),
        ],
    )


# --- ng_superscript_ja: A 4x4x2 channels last (from 1), W 3x3x2x2, bias -----------------------
def _ng_superscript() -> dict:
    x, w, b, g, dx, dw, db, y = _autograd(F.conv2d, (1, 2, 4, 4), (2, 2, 3, 3), 131, bias=True)
    # 1-based channels: A[i, j, c] = x[0, c-1, i, j]; W[m, n, c, k] = w[k-1, c-1, m, n]
    A = np.pad(x[0].transpose(1, 2, 0), ((0, 0), (0, 0), (1, 0)))
    Wt = np.pad(w.transpose(2, 3, 1, 0), ((0, 0), (0, 0), (1, 0), (1, 0)))
    dZ = np.pad(g[0].transpose(1, 2, 0), ((0, 0), (0, 0), (1, 0)))
    dA = np.pad(dx[0].transpose(1, 2, 0), ((0, 0), (0, 0), (1, 0)))
    dWt = np.pad(dw.transpose(2, 3, 1, 0), ((0, 0), (0, 0), (1, 0), (1, 0)))
    Z = np.pad(y[0].transpose(1, 2, 0), ((0, 0), (0, 0), (1, 0)))
    bk = np.pad(b, (1, 0))
    dbk = np.pad(db, (1, 0))
    ks, cs = (1, 2), (1, 2)

    def forward() -> bool:
        return all(
            math.isclose(
                Z[i, j, k],
                sum(
                    Wt[m, n, c, k] * A[i + m, j + n, c]
                    for m in range(3)
                    for n in range(3)
                    for c in cs
                )
                + bk[k],
            )
            for i in range(2)
            for j in range(2)
            for k in ks
        )

    def at(r: int, s: int, terms: list[tuple[int, int, int, int]]) -> bool:
        return all(
            math.isclose(
                dA[r, s, c], sum(dZ[i, j, k] * Wt[m, n, c, k] for i, j, m, n in terms for k in ks)
            )
            for c in cs
        )

    return _by_anchor(
        "ng_superscript_ja",
        [
            ("Z^{[1]}_{i,j,k} =", 0, forward),
            ("\\rfloor + 1 = 2$", 0, lambda: y.shape[2] == 2),
            ("\\rfloor + 1 = 2$", 1, lambda: (4 + 0 - 3) // 1 + 1 == 2),
            ("+ 2 = 38$", 0, lambda: _params(torch.nn.Conv2d(2, 2, 3)) == 38),
            (
                "b^{[1]}_k} = \\sum",
                0,
                lambda: all(math.isclose(dbk[k], dZ[:, :, k].sum()) for k in ks),
            ),
            (
                "W^{[1]}_{m,n,c,k}} =",
                0,
                lambda: all(
                    math.isclose(
                        dWt[m, n, c, k],
                        sum(dZ[i, j, k] * A[i + m, j + n, c] for i in range(2) for j in range(2)),
                    )
                    for m in range(3)
                    for n in range(3)
                    for c in cs
                    for k in ks
                ),
            ),
            ("A^{[0]}_{0,0,c}} = \\sum", 0, lambda: at(0, 0, [(0, 0, 0, 0)])),
            ("A^{[0]}_{3,3,c}}", 0, lambda: at(3, 3, [(1, 1, 2, 2)])),
            ("A^{[0]}_{1,0,c}}", 0, lambda: at(1, 0, [(0, 0, 1, 0), (1, 0, 0, 0)])),
            (
                "A^{[0]}_{0,0,c}} = dZ",
                0,
                lambda: all(math.isclose(dA[0, 0, c], dZ[0, 0, 1] * Wt[0, 0, c, 1]) for c in cs),
            ),
            ("b^{[1]}_k} = dZ", 0, lambda: all(math.isclose(dbk[k], dZ[0, 0, k]) for k in ks)),
        ],
    )


TRUTH_F13H1: dict[str, Callable[[], dict[tuple[int, int], Truth]]] = {
    "ng_conv_backward_en": _ng_conv,
    "lekcija_delta_ru": _lekcija,
    "werkcollege_einstein_nl": _werkcollege,
    "radvektor_dense_sv": _radvektor,
    "kakucho_dilated_ja": _kakucho,
    "transposed_stride2_en": _transposed,
    "strided_epsilon_ru": _strided,
    "ng_dense_kolommen_nl": _kolommen,
    "goodfellow_functional_en": _goodfellow,
    "batch_kanaly_ru": _kanaly,
    "nhwc_keras_sv": _nhwc,
    "tenchi_1d_ja": _tenchi,
    "dilatatie_2d_nl": _dilatatie,
    "ng_superscript_ja": _ng_superscript,
}
