"""Truth for the holdout notes apuntes_pooling, dense_batch_backprop, retropropagacion_multicanal
and transposed_conv_notes (see unseen_holdout_truth.py)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from tests.checker.unseen_holdout_ops import (
    T,
    conv_t_out,
    corr,
    dilate,
    eq,
    idx,
    n_params,
    pad,
    rng,
    rot,
)


def _pool_case(kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    x = torch.tensor([[1.0, 6, 2, 8], [5, 3, 7, 4], [9, 0, 1, 2], [4, 2, 7, 3]], requires_grad=True)
    g = np.array([[1.0, -2], [3, 0.5]])
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = pool(x[None, None], 2, 2)[0, 0]
    (y * torch.tensor(g)).sum().backward()
    return x.detach().numpy(), y.detach().numpy(), g, x.grad.numpy()


def register_b(claim, nac) -> None:
    # ---------------- apuntes_pooling: 4x4, 2x2 window, stride 2, 1-based ----------------
    n = "apuntes_pooling"
    X, Ymax, G, dXmax = _pool_case("max")
    _, Yavg, _, dXavg = _pool_case("avg")
    x, y1 = T(X, 1), T(Ymax, 1)

    @claim(
        n,
        "y_{ij} = \\max_{1 \\le m,n \\le 2} x_{2(i-1)+m",
        1,
        "correct",
        "1-based window of output (i,j)",
    )
    def _():
        return all(
            eq(y1(i, j), max(x(2 * (i - 1) + m, 2 * (j - 1) + q) for m, q in idx((1, 2), (1, 2))))
            for i, j in idx((1, 2), (1, 2))
        )

    @claim(
        n,
        "y_{ij} = \\max_{1 \\le m,n \\le 2} x_{2i+m",
        1,
        "mistake",
        "0-based offsets in 1-based indices: x_{5,.}",
    )
    def _():
        return all(
            eq(y1(i, j), max(x(2 * i + m, 2 * j + q) for m, q in idx((1, 2), (1, 2))))
            for i, j in idx((1, 2), (1, 2))
        )

    nac(n, "$$ X = \\begin{pmatrix} 1 & 6", 1, "worked-example input")

    @claim(n, "$$ Y = \\begin{pmatrix} 6 & 8", 1, "correct", "window maxima 6, 8, 9, 7")
    def _():
        return eq(Ymax, [[6, 8], [9, 7]])

    nac(n, "$$ G = \\frac{\\partial L}{\\partial Y} =", 1, "worked-example upstream gradient")

    @claim(n, "\\begin{pmatrix} 0 & 1 & 0 & -2", 1, "correct", "G routed to each window's arg-max")
    def _():
        return eq(dXmax, [[0, 1, 0, -2], [0, 0, 0, 0], [3, 0, 0, 0], [0, 0, 0.5, 0]])

    @claim(
        n, "\\begin{pmatrix} 1 & 1 & -2 & -2", 1, "mistake", "max-pool gradient sent to every entry"
    )
    def _():
        return eq(dXmax, [[1, 1, -2, -2], [1, 1, -2, -2], [3, 3, 0.5, 0.5], [3, 3, 0.5, 0.5]])

    @claim(n, "\\bar{y}_{ij} = \\frac{1}{4}", 1, "correct", "average over the 1-based window")
    def _():
        return all(
            eq(
                Yavg[i - 1, j - 1],
                sum(x(2 * (i - 1) + m, 2 * (j - 1) + q) for m, q in idx((1, 2), (1, 2))) / 4,
            )
            for i, j in idx((1, 2), (1, 2))
        )

    @claim(n, "\\begin{pmatrix} 3.75 & 5.25", 1, "correct", "15/4, 21/4, 15/4, 13/4")
    def _():
        return eq(Yavg, [[3.75, 5.25], [3.75, 3.25]])

    @claim(n, "\\begin{pmatrix} 15 & 21", 1, "mistake", "average pool without the 1/4")
    def _():
        return eq(Yavg, [[15, 21], [15, 13]])

    nac(n, "con $g_{ij} = \\partial L", 1, "notation")
    g1 = T(G, 1)
    ks = idx(range(1, 5), range(1, 5))

    @claim(
        n,
        "x_{kl}} = \\frac{1}{4}\\, g_{\\lceil",
        1,
        "correct",
        "1-based: pixel k lies in window ceil(k/2)",
    )
    def _():
        return all(eq(dXavg[k - 1, q - 1], g1(-(-k // 2), -(-q // 2)) / 4) for k, q in ks)

    @claim(n, "x_{kl}} = g_{\\lceil", 1, "mistake", "1/4 dropped")
    def _():
        return all(eq(dXavg[k - 1, q - 1], g1(-(-k // 2), -(-q // 2))) for k, q in ks)

    @claim(
        n,
        "x_{kl}} = \\frac{1}{4}\\, g_{\\lfloor",
        1,
        "mistake",
        "floor in 1-based indices reads g_{0,.}",
    )
    def _():
        return all(eq(dXavg[k - 1, q - 1], g1(k // 2, q // 2) / 4) for k, q in ks)

    @claim(n, "\\begin{pmatrix} 0.25 & 0.25", 1, "correct", "G/4 spread over each window")
    def _():
        return eq(dXavg, np.kron(G, np.ones((2, 2))) / 4)


def register_dense(claim, nac) -> None:
    # ---------------- dense_batch_backprop: N=3, 4 -> 2, 1-based ----------------
    n = "dense_batch_backprop"
    g = rng(5)
    Xd, Wd, bd, dZ = (
        g.standard_normal((3, 4)),
        g.standard_normal((2, 4)),
        g.standard_normal(2),
        g.standard_normal((3, 2)),
    )
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (Xd, Wd, bd))
    Z = F.linear(xt, wt, bt)
    (Z * torch.tensor(dZ)).sum().backward()
    Zn, dXd, dWd, dbd = Z.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()
    nac(n, "stacked as rows of $X \\in", 1, "size declaration")
    nac(n, "Then $A = \\operatorname{ReLU}(Z)$", 1, "definition of A")
    nac(n, "Then $A = \\operatorname{ReLU}(Z)$", 2, "definition of A")

    @claim(n, "$$ Z = XW^T + \\mathbf{1}b^T $$", 1, "correct", "nn.Linear with broadcast bias")
    def _():
        return eq(Zn, Xd @ Wd.T + np.outer(np.ones(3), bd))

    @claim(n, "\\[ dW = dZ^T X \\]", 1, "correct", "2x4 like W")
    def _():
        return eq(dWd, dZ.T @ Xd)

    @claim(n, "\\[ dW = X^T dZ \\]", 1, "mistake", "4x2: transposed, W is 2x4")
    def _():
        return eq(dWd, Xd.T @ dZ)

    @claim(
        n,
        "\\[ db = \\sum_{n=1}^{3} dZ_{n,:} \\]",
        1,
        "correct",
        "bias gradient sums over the batch",
    )
    def _():
        return eq(dbd, dZ.sum(axis=0))

    @claim(n, "\\[ db = \\frac{1}{N}", 1, "mistake", "extra 1/N")
    def _():
        return eq(dbd, dZ.sum(axis=0) / 3)

    @claim(n, "\\[ dX = dZ\\, W \\]", 1, "correct", "3x2 times 2x4")
    def _():
        return eq(dXd, dZ @ Wd)

    @claim(n, "\\[ dX = dZ\\, W^T \\]", 1, "mistake", "3x2 times 4x2 does not multiply")
    def _():
        return eq(dXd, dZ @ Wd.T)

    dz1, x1, w1 = T(dZ, 1), T(Xd, 1), T(Wd, 1)

    @claim(n, "\\frac{\\partial L}{\\partial W_{jk}} =", 1, "correct", "sum over samples n")
    def _():
        return all(
            eq(dWd[j - 1, k - 1], sum(dz1(s, j) * x1(s, k) for s in range(1, 4)))
            for j, k in idx((1, 2), range(1, 5))
        )

    @claim(
        n, "\\frac{\\partial L}{\\partial X_{nk}} =", 1, "mistake", "swapped index: needs W_{jk}"
    )
    def _():
        return all(
            eq(dXd[s - 1, k - 1], sum(dz1(s, j) * w1(k, j) for j in (1, 2)))
            for s, k in idx(range(1, 4), range(1, 5))
        )

    za = torch.tensor(g.standard_normal((3, 2)), requires_grad=True)
    dA = g.standard_normal((3, 2))

    def act_grad(f):
        za.grad = None
        (f(za) * torch.tensor(dA)).sum().backward()
        return za.grad.numpy().copy()

    zn = za.detach().numpy()
    sg = 1 / (1 + np.exp(-zn))

    @claim(
        n,
        "$$ dZ = dA \\odot \\mathbf{1}[Z > 0] $$",
        1,
        "correct",
        "ReLU passes the gradient where Z > 0",
    )
    def _():
        return eq(act_grad(torch.relu), dA * (zn > 0))

    @claim(n, "$$ dZ = dA \\odot \\sigma(Z) \\odot", 1, "correct", "sigma' = sigma(1-sigma)")
    def _():
        return eq(act_grad(torch.sigmoid), dA * sg * (1 - sg))

    @claim(n, "\\sigma'(Z) = \\sigma(Z) \\odot \\left(1 + ", 1, "mistake", "sign error: 1 - sigma")
    def _():
        return eq(act_grad(torch.sigmoid), dA * sg * (1 + sg))

    heads = [(400, 120, 48120), (120, 84, 10164), (84, 10, 830)]
    for r, (i, o, v) in enumerate(heads, start=1):
        good = i * o + o == v
        claim(
            n,
            "$400 \\cdot 120 + 120 = 48120$",
            r,
            "correct" if r < 3 else "mistake",
            f"nn.Linear({i},{o}) has {i * o + o} parameters",
        )(lambda i=i, o=o, v=v: n_params(torch.nn.Linear(i, o)) == v and i * o + o == v)
        assert good == (r < 3)


def register_multichannel(claim, nac) -> None:
    n = "retropropagacion_multicanal"
    g = rng(6)
    A, W, b = g.standard_normal((2, 2, 4, 4)), g.standard_normal((3, 2, 3, 3)), g.standard_normal(3)
    at, wt, bt = (torch.tensor(a, requires_grad=True) for a in (A, W, b))
    Z = F.conv2d(at, wt, bt)
    D = g.standard_normal(tuple(Z.shape))
    (Z * torch.tensor(D)).sum().backward()
    Zn, dA, dW, db = Z.detach().numpy(), at.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()
    a, w, d, dz = T(A), T(W), T(D), T(D, zero=True)
    nac(n, "lote de $N = 2$", 1, "size declaration")
    nac(n, "Los pesos forman $W^{[l]} \\in", 1, "size declaration")
    nac(n, "Sea $\\delta_{n,f,i,j} =", 1, "notation")
    nac(n, "Con relleno $k = 3$", 1, "size value")

    @claim(n, "Cada salida mide $4 - 3 + 1 = 2$", 1, "correct", "4-3+1 = 2")
    def _():
        return Zn.shape[-1] == 4 - 3 + 1 == 2

    @claim(
        n,
        "Z^{[l]}_{n,f,i,j} = \\sum_{c=0}^{1}",
        1,
        "correct",
        "sum over channels and kernel, plus b_f",
    )
    def _():
        return all(
            eq(
                Zn[s, f, i, j],
                sum(
                    w(f, c, u, v) * a(s, c, i + u, j + v)
                    for c, u, v in idx((0, 1), range(3), range(3))
                )
                + b[f],
            )
            for s, f, i, j in idx((0, 1), range(3), (0, 1), (0, 1))
        )

    conv = torch.nn.Conv2d(2, 3, 3)
    p57 = "es $P = 3 \\cdot 2 \\cdot 3 \\cdot 3 + 3 = 57$"
    claim(n, p57, 1, "correct", "Conv2d(2,3,3): 54 weights + 3 biases")(
        lambda: n_params(conv) == 3 * 2 * 3 * 3 + 3
    )
    claim(n, p57, 2, "correct", "arithmetic")(lambda: 3 * 2 * 3 * 3 + 3 == 57)

    @claim(
        n,
        "se escribe $P = 3 \\cdot 3 \\cdot 3 + 3 = 30$",
        1,
        "mistake",
        "input channels forgotten: 57 parameters",
    )
    def _():
        return n_params(conv) == 3 * 3 * 3 + 3

    @claim(n, "se escribe $P = 3 \\cdot 3 \\cdot 3 + 3 = 30$", 2, "correct", "arithmetic 27+3 = 30")
    def _():
        return 3 * 3 * 3 + 3 == 30

    @claim(
        n,
        "\\partial W^{[l]}_{f,c,u,v}} = \\sum_{n=0}^{1}",
        1,
        "correct",
        "sum over batch and output positions",
    )
    def _():
        return all(
            eq(
                dW[f, c, u, v],
                sum(
                    d(s, f, i, j) * a(s, c, i + u, j + v) for s, i, j in idx((0, 1), (0, 1), (0, 1))
                ),
            )
            for f, c, u, v in idx(range(3), (0, 1), range(3), range(3))
        )

    @claim(
        n,
        "\\partial W^{[l]}_{f,c}} = \\sum_{n=0}^{1} \\delta_{n,f} \\star",
        1,
        "mistake",
        "A and delta swapped: a 2x2 cannot be correlated with a 4x4",
    )
    def _():
        return all(
            eq(dW[f, c], sum(corr(D[s, f], A[s, c]) for s in (0, 1)))
            for f, c in idx(range(3), (0, 1))
        )

    @claim(n, "\\partial b_f} = \\sum_{n=0}^{1}", 1, "correct", "bias: batch and positions")
    def _():
        return eq(db, D.sum(axis=(0, 2, 3)))

    @claim(n, "\\delta_{0,f,i,j} $$", 1, "mistake", "db not summed over the batch")
    def _():
        return eq(db, D[0].sum(axis=(1, 2)))

    sites = idx((0, 1), (0, 1), range(4), range(4))

    @claim(
        n,
        "\\delta_{n,f,a-u,b-v}",
        1,
        "correct",
        "full convolution over filters, delta zero outside",
    )
    def _():
        return all(
            eq(
                dA[s, c, p, q],
                sum(
                    dz(s, f, p - u, q - v) * w(f, c, u, v)
                    for f, u, v in idx(range(3), range(3), range(3))
                ),
            )
            for s, c, p, q in sites
        )

    @claim(n, "\\delta_{n,f,a+u,b+v}", 1, "mistake", "kernel slid the wrong way")
    def _():
        return all(
            eq(
                dA[s, c, p, q],
                sum(
                    dz(s, f, p + u, q + v) * w(f, c, u, v)
                    for f, u, v in idx(range(3), range(3), range(3))
                ),
            )
            for s, c, p, q in sites
        )

    for pp in (2, 3):
        claim(
            n,
            f"\\operatorname{{pad}}_{pp}(\\delta_{{n,f}})",
            1,
            "correct" if pp == 2 else "mistake",
            "pad k-1 = 2 and rot180, summed over f"
            if pp == 2
            else "full padding k instead of k-1: 6x6",
        )(
            lambda pp=pp: all(
                eq(dA[s, c], sum(corr(pad(D[s, f], pp), rot(W[f, c])) for f in range(3)))
                for s, c in idx((0, 1), (0, 1))
            )
        )


def register_transposed(claim, nac) -> None:
    n = "transposed_conv_notes"
    g = rng(7)
    X, W = g.standard_normal((2, 2)), g.standard_normal((3, 3))
    xt, wt = torch.tensor(X, requires_grad=True), torch.tensor(W, requires_grad=True)
    Y = F.conv_transpose2d(xt[None, None], wt[None, None], stride=2)[0, 0]
    G = g.standard_normal(tuple(Y.shape))
    (Y * torch.tensor(G)).sum().backward()
    Yn, dX, dW = Y.detach().numpy(), xt.grad.numpy(), wt.grad.numpy()
    x, wz, gg = T(X), T(W, zero=True), T(G)

    @claim(n, "(2-1)\\cdot 2 - 2\\cdot 0 + 3 = 5", 1, "correct", "ConvTranspose2d output side 5")
    def _():
        return conv_t_out(2, 3, 2, 0) == (2 - 1) * 2 - 2 * 0 + 3 == 5

    @claim(n, "$H_{out} = 2 \\cdot 2 + 3 = 7$", 1, "mistake", "output side is 5")
    def _():
        return conv_t_out(2, 3, 2, 0) == 2 * 2 + 3

    @claim(n, "$H_{out} = 2 \\cdot 2 + 3 = 7$", 2, "correct", "arithmetic")
    def _():
        return 2 * 2 + 3 == 7

    @claim(n, "Y_{a,b} = \\sum_{i=0}^{1}", 1, "correct", "each X_ij stamps W at (2i, 2j)")
    def _():
        return all(
            eq(Yn[p, q], sum(x(i, j) * wz(p - 2 * i, q - 2 * j) for i, j in idx((0, 1), (0, 1))))
            for p, q in idx(range(5), range(5))
        )

    cases = [
        ("$Y_{0,0} = ", "correct", "one stamp", lambda: eq(Yn[0, 0], X[0, 0] * W[0, 0])),
        (
            "$Y_{0,4} = ",
            "mistake",
            "X01 reaches Y04 through W02",
            lambda: eq(Yn[0, 4], X[0, 1] * W[0, 0]),
        ),
        (
            "$Y_{2,2} = ",
            "correct",
            "four stamps overlap at the centre",
            lambda: eq(
                Yn[2, 2],
                X[0, 0] * W[2, 2] + X[0, 1] * W[2, 0] + X[1, 0] * W[0, 2] + X[1, 1] * W[0, 0],
            ),
        ),
    ]
    for anchor, verdict, why, fn in cases:
        claim(n, anchor, 1, verdict, why)(fn)

    @claim(
        n, "\\star \\operatorname{rot}_{180}(W) $$", 1, "correct", "dilate, pad k-1, rotated kernel"
    )
    def _():
        return eq(Yn, corr(pad(dilate(X, 2), 2), rot(W)))

    @claim(n, "\\right) \\star W $$", 1, "mistake", "rotation missing")
    def _():
        return eq(Yn, corr(pad(dilate(X, 2), 2), W))

    @claim(n, "G_{2i+m,\\, 2j+n}\\, W_{m,n}", 1, "correct", "dX = conv2d(G, W, stride 2)")
    def _():
        return all(
            eq(
                dX[i, j],
                sum(gg(2 * i + m, 2 * j + q) * W[m, q] for m, q in idx(range(3), range(3))),
            )
            for i, j in idx((0, 1), (0, 1))
        )

    @claim(n, "G_{i+m,\\, j+n}\\, W_{m,n}", 1, "mistake", "stride ignored")
    def _():
        return all(
            eq(dX[i, j], sum(gg(i + m, j + q) * W[m, q] for m, q in idx(range(3), range(3))))
            for i, j in idx((0, 1), (0, 1))
        )

    @claim(n, "X_{i,j}\\, G_{2i+m,\\, 2j+n}", 1, "correct", "each stamp's weight gradient")
    def _():
        return all(
            eq(dW[m, q], sum(x(i, j) * gg(2 * i + m, 2 * j + q) for i, j in idx((0, 1), (0, 1))))
            for m, q in idx(range(3), range(3))
        )

    @claim(n, "$3 \\cdot 3 + 1 = 10$", 1, "correct", "ConvTranspose2d(1,1,3) with bias")
    def _():
        return n_params(torch.nn.ConvTranspose2d(1, 1, 3)) == 3 * 3 + 1 == 10

    @claim(
        n,
        "$16 \\cdot 8 \\cdot 3 \\cdot 3 + 16 = 1168$",
        1,
        "mistake",
        "bias has out_channels = 8 entries: 1160",
    )
    def _():
        return n_params(torch.nn.ConvTranspose2d(16, 8, 3)) == 16 * 8 * 3 * 3 + 16 == 1168

    nac(n, "weight tensor has shape $16", 1, "shape statement")
