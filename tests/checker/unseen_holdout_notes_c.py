"""Truth for the holdout notes hw_sigmoid_conv1d, lenet_counts_blog, lecture_operator_notation and
examen_parcial_solucion (see unseen_holdout_truth.py)."""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from tests.checker.unseen_holdout_ops import (
    T,
    conv_case,
    convolve,
    corr,
    eq,
    full,
    idx,
    n_params,
    pad,
    rng,
    rot,
)


def register_c(claim, nac) -> None:
    # ---------------- hw_sigmoid_conv1d: x in R^6, w in R^3, 1-based ----------------
    n = "hw_sigmoid_conv1d"
    g = rng(8)
    xv, wv, bv, U = (
        g.standard_normal(6),
        g.standard_normal(3),
        float(g.standard_normal()),
        g.standard_normal(4),
    )
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (xv, wv, np.array([bv])))
    z = F.conv1d(xt[None, None], wt[None, None], bt)[0, 0]
    z.retain_grad()
    a = torch.sigmoid(z)
    (a * torch.tensor(U)).sum().backward()  # dL/da = U
    zn, delta = z.detach().numpy(), z.grad.numpy()
    dx, dw, db = xt.grad.numpy(), wt.grad.numpy(), float(bt.grad[0])
    x, w, d = T(xv, 1), T(wv, 1), T(delta, 1)
    sg = 1 / (1 + np.exp(-zn))

    @claim(n, "z_i = \\sum_{k=1}^{3} w_k", 1, "correct", "1-based valid correlation")
    def _():
        return all(
            eq(zn[i - 1], sum(w(k) * x(i + k - 1) for k in (1, 2, 3)) + bv) for i in range(1, 5)
        )

    @claim(
        n,
        "\\delta_i := \\frac{\\partial L}{\\partial z_i} =",
        1,
        "correct",
        "chain rule through sigma",
    )
    def _():
        return eq(delta, U * sg * (1 - sg))

    @claim(n, "$\\boldsymbol{\\delta} =", 1, "correct", "vector form with Hadamard product")
    def _():
        return eq(delta, U * (sg * (1 - sg)))

    @claim(n, "w_k} &= \\sum_{i=1}^{4} \\delta_i\\, x_{i+k-1}", 1, "correct", "dw = corr(x, delta)")
    def _():
        return all(eq(dw[k - 1], sum(d(i) * x(i + k - 1) for i in range(1, 5))) for k in (1, 2, 3))

    @claim(n, "b} &= \\sum_{i=1}^{4} \\delta_i", 1, "correct", "bias sums delta")
    def _():
        return eq(db, delta.sum())

    @claim(n, "\\delta_i\\, x_{i+k}$ lost 2", 1, "mistake", "off by one: reads x_7")
    def _():
        return all(eq(dw[k - 1], sum(d(i) * x(i + k) for i in range(1, 5))) for k in (1, 2, 3))

    @claim(n, "\\frac{\\partial L}{\\partial a_i}$ lost 3", 1, "mistake", "sigmoid factor dropped")
    def _():
        return eq(db, U.sum())

    rows = [
        ("x_1} &= \\delta_1 w_1", "correct", "only z_1 sees x_1", lambda: eq(dx[0], d(1) * w(1))),
        (
            "x_2} &= \\delta_1 w_2 + \\delta_2 w_2",
            "mistake",
            "second term is delta_2 w_1",
            lambda: eq(dx[1], d(1) * w(2) + d(2) * w(2)),
        ),
        (
            "x_3} &= ",
            "correct",
            "z_1, z_2, z_3 see x_3",
            lambda: eq(dx[2], d(1) * w(3) + d(2) * w(2) + d(3) * w(1)),
        ),
        (
            "x_5} &= ",
            "mistake",
            "z_4 sees x_5 through w_2",
            lambda: eq(dx[4], d(3) * w(3) + d(4) * w(1)),
        ),
        ("x_6} &= ", "correct", "only z_4 sees x_6", lambda: eq(dx[5], d(4) * w(3))),
    ]
    for anchor, verdict, why, fn in rows:
        claim(n, anchor, 1, verdict, why)(fn)

    @claim(
        n,
        "\\operatorname{pad}_2(\\boldsymbol{\\delta}) \\ast",
        1,
        "correct",
        "full convolution of delta with w",
    )
    def _():
        return eq(dx, convolve(pad(delta, 2), wv))

    @claim(n, "\\operatorname{pad}_2(\\boldsymbol{\\delta}) \\star", 1, "mistake", "missing flip")
    def _():
        return eq(dx, corr(pad(delta, 2), wv))

    @claim(n, "$\\tanh'(z) = 1 + \\tanh^2(z)$", 1, "mistake", "sign error: 1 - tanh^2")
    def _():
        zz = torch.tensor(zn, requires_grad=True)
        torch.tanh(zz).sum().backward()
        return eq(zz.grad.numpy(), 1 + np.tanh(zn) ** 2)

    nac(n, "A signal $\\mathbf{x} \\in", 1, "size declaration")


def register_lenet(claim, nac) -> None:
    n = "lenet_counts_blog"
    c1, c2 = torch.nn.Conv2d(1, 6, 5), torch.nn.Conv2d(6, 16, 5)
    f1, f2, f3 = torch.nn.Linear(400, 120), torch.nn.Linear(120, 84), torch.nn.Linear(84, 10)
    x = torch.zeros(1, 1, 32, 32)
    h1 = c1(x)
    p1 = F.max_pool2d(h1, 2, 2)
    h2 = c2(p1)
    p2 = F.max_pool2d(h2, 2, 2)
    side = [int(t.shape[-1]) for t in (h1, p1, h2, p2)]
    s2 = int(F.conv2d(x, c1.weight, stride=2).shape[-1])
    total = sum(n_params(m) for m in (c1, c2, f1, f2, f3))
    rows = [
        (
            "\\(32 - 5 + 1 = 28\\)",
            1,
            "correct",
            "conv1 output side",
            lambda: side[0] == 32 - 5 + 1 == 28,
        ),
        (
            "\\(\\lfloor (32 - 5)/2 \\rfloor + 1 = 15\\)",
            1,
            "mistake",
            "floor(27/2)+1 = 14",
            lambda: s2 == (32 - 5) // 2 + 1 == 15,
        ),
        (
            "\\(\\lfloor (28 - 2)/2 \\rfloor + 1 = 14\\)",
            1,
            "correct",
            "pool1 output side",
            lambda: side[1] == (28 - 2) // 2 + 1 == 14,
        ),
        (
            "and flattening \\(5",
            1,
            "correct",
            "flatten size after pool2 (side 5)",
            lambda: side[3] == 5 and int(p2.numel()) == 5 * 5 * 16 == 400,
        ),
        (
            "\\(6 \\cdot (5 \\cdot 5 \\cdot 1 + 1) = 156\\)",
            1,
            "correct",
            "conv1 parameters",
            lambda: n_params(c1) == 6 * (5 * 5 * 1 + 1) == 156,
        ),
        (
            "P_{\\text{conv2}} = 16 \\cdot 5 \\cdot 5 + 16 = 416",
            1,
            "mistake",
            "input channels forgotten: 2416",
            lambda: n_params(c2) == 16 * 5 * 5 + 16,
        ),
        (
            "P_{\\text{conv2}} = 16 \\cdot 5 \\cdot 5 + 16 = 416",
            2,
            "correct",
            "arithmetic",
            lambda: 16 * 5 * 5 + 16 == 416,
        ),
        (
            "P_{\\text{conv2}} = 16 \\cdot (5",
            1,
            "correct",
            "conv2 parameters",
            lambda: n_params(c2) == 16 * (5 * 5 * 6 + 1),
        ),
        (
            "P_{\\text{conv2}} = 16 \\cdot (5",
            2,
            "correct",
            "arithmetic",
            lambda: 16 * (5 * 5 * 6 + 1) == 2416,
        ),
        (
            "Dense layers: \\(400",
            1,
            "correct",
            "fc1",
            lambda: n_params(f1) == 400 * 120 + 120 == 48120,
        ),
        (
            "Dense layers: \\(400",
            2,
            "mistake",
            "120*84+84 = 10164",
            lambda: n_params(f2) == 120 * 84 + 84 == 10080,
        ),
        (
            "Dense layers: \\(400",
            3,
            "mistake",
            "84*10+10 = 850",
            lambda: n_params(f3) == 84 * 10 + 10 == 840,
        ),
        (
            "156 + 2416 + 48120 + 10164 + 850 = 61706",
            1,
            "correct",
            "LeNet-5 total",
            lambda: total == 156 + 2416 + 48120 + 10164 + 850 == 61706,
        ),
    ]
    for anchor, rank, verdict, why, fn in rows:
        claim(n, anchor, rank, verdict, why)(fn)


def register_operator(claim, nac) -> None:
    n = "lecture_operator_notation"
    c = conv_case(6, 6, 3, seed=9)
    X, K, G, b = c.X, c.K, c.G, c.b
    one = np.ones((4, 4))
    nac(n, "\\operatorname{corr}(\\mathbf{A},\\mathbf{B})_{ij} =", 1, "definition of corr")
    rows = [
        (
            "\\mathbf{Y} = \\operatorname{corr}(\\mathbf{X}, \\mathbf{K}) + b",
            "correct",
            "valid correlation, bias broadcast",
            lambda: eq(c.Y, corr(X, K) + b * one),
        ),
        (
            "\\operatorname{conv}\\left(\\mathbf{X}, \\operatorname{flip}",
            "correct",
            "convolution with the flipped kernel",
            lambda: eq(c.Y, convolve(X, rot(K)) + b * one),
        ),
        (
            "\\mathbf{Y} = \\operatorname{conv}(\\mathbf{X}, \\mathbf{K})",
            "mistake",
            "convolution flips the kernel",
            lambda: eq(c.Y, convolve(X, K) + b * one),
        ),
        (
            "L = \\operatorname{corr}(\\mathbf{X}, \\mathbf{G})",
            "correct",
            "dK = corr(X, G)",
            lambda: eq(c.dK, corr(X, G)),
        ),
        (
            "L = \\operatorname{conv}(\\mathbf{X}, \\mathbf{G})",
            "mistake",
            "rotated dK",
            lambda: eq(c.dK, convolve(X, G)),
        ),
        (
            "\\nabla_b L = \\sum_{i=1}^{4}",
            "correct",
            "scalar bias: sum of G",
            lambda: eq(c.db, G.sum()),
        ),
        ("(and $\\nabla_b L = \\mathbf{G}$", "mistake", "4x4 vs scalar", lambda: eq(c.db, G)),
        (
            "L = \\operatorname{full}(\\mathbf{G}, \\mathbf{K})",
            "correct",
            "full convolution",
            lambda: eq(c.dX, full(G, K)),
        ),
        (
            "\\operatorname{pad}_2(\\mathbf{G}), \\text{rot180}",
            "correct",
            "pad k-1, rotated kernel",
            lambda: eq(c.dX, corr(pad(G, 2), rot(K))),
        ),
        (
            "\\operatorname{full}\\left(\\mathbf{G}, \\text{rot180}",
            "mistake",
            "full correlation, kernel flipped twice",
            lambda: eq(c.dX, full(G, rot(K))),
        ),
        (
            "\\operatorname{pad}_3(\\mathbf{G})",
            "mistake",
            "full padding k instead of k-1",
            lambda: eq(c.dX, corr(pad(G, 3), rot(K))),
        ),
        (
            "\\mathbf{K}^T\\right)",
            "mistake",
            "transpose instead of rot180",
            lambda: eq(c.dX, corr(pad(G, 2), K.T)),
        ),
        (
            "$\\text{rot180}(\\mathbf{K}) = \\mathbf{K}^T$",
            "mistake",
            "rot180 is not the transpose for a generic kernel",
            lambda: eq(rot(K), K.T),
        ),
    ]
    for anchor, verdict, why, fn in rows:
        claim(n, anchor, 1, verdict, why)(fn)


def register_exam(claim, nac) -> None:
    n = "examen_parcial_solucion"
    g = rng(10)
    A, W, b, Gp = (
        g.standard_normal((6, 6)),
        g.standard_normal((3, 3)),
        float(g.standard_normal()),
        g.standard_normal((2, 2)),
    )
    at, wt, bt = (torch.tensor(v, requires_grad=True) for v in (A, W, np.array([b])))
    z = F.conv2d(at[None, None], wt[None, None], bt)[0, 0]
    z.retain_grad()
    p = F.avg_pool2d(z[None, None], 2, 2)[0, 0]
    (p * torch.tensor(Gp)).sum().backward()
    zn, pn, dl = z.detach().numpy(), p.detach().numpy(), z.grad.numpy()
    dA, dW, db = at.grad.numpy(), wt.grad.numpy(), float(bt.grad[0])
    a, w, gg, d, z1 = T(A, 1), T(W, 1), T(Gp, 1), T(dl, 1), T(zn, 1)
    out = idx(range(1, 5), range(1, 5))
    ker = idx(range(1, 4), range(1, 4))

    def ce(v: int) -> int:
        return math.ceil(v / 2)

    rows = [
        (
            "z^{l}_{ij} = \\sum_{m=1}^{3}",
            1,
            "correct",
            "1-based valid correlation plus bias",
            lambda: all(
                eq(z1(i, j), sum(w(m, q) * a(i + m - 1, j + q - 1) for m, q in ker) + b)
                for i, j in out
            ),
        ),
        (
            "p^{l}_{ij} = \\frac{1}{4}\\left(",
            1,
            "correct",
            "2x2 average, 1-based window",
            lambda: all(
                eq(
                    pn[i - 1, j - 1],
                    (
                        z1(2 * i - 1, 2 * j - 1)
                        + z1(2 * i - 1, 2 * j)
                        + z1(2 * i, 2 * j - 1)
                        + z1(2 * i, 2 * j)
                    )
                    / 4,
                )
                for i, j in idx((1, 2), (1, 2))
            ),
        ),
        (
            "\\delta^{l}_{ij} = \\frac{\\partial L}{\\partial z^{l}_{ij}} =",
            2,
            "correct",
            "avg-pool backward, 1-based ceil",
            lambda: all(eq(d(i, j), gg(ce(i), ce(j)) / 4) for i, j in out),
        ),
        (
            "En particular $\\delta^{l}_{34}",
            1,
            "correct",
            "z_34 lies in window (2,2)",
            lambda: eq(d(3, 4), gg(2, 2) / 4),
        ),
        (
            "En particular $\\delta^{l}_{34}",
            2,
            "mistake",
            "window (1,2) holds rows 1-2",
            lambda: eq(d(3, 4), gg(1, 2) / 4),
        ),
        (
            "w^{l}_{mn}} = \\sum_{i=1}^{4}\\sum_{j=1}^{4} \\delta^{l}_{ij}",
            1,
            "correct",
            "dW = corr(a, delta)",
            lambda: all(
                eq(dW[m - 1, q - 1], sum(d(i, j) * a(i + m - 1, j + q - 1) for i, j in out))
                for m, q in ker
            ),
        ),
        (
            "w^{l}_{mn}} = \\frac{1}{4}",
            1,
            "correct",
            "substituting delta = g/4",
            lambda: all(
                eq(
                    dW[m - 1, q - 1],
                    sum(gg(ce(i), ce(j)) * a(i + m - 1, j + q - 1) for i, j in out) / 4,
                )
                for m, q in ker
            ),
        ),
        (
            "w^{l}_{mn}} = \\sum_{i=1}^{3}",
            1,
            "mistake",
            "kernel bounds instead of output bounds: drops i=4, j=4",
            lambda: all(
                eq(dW[m - 1, q - 1], sum(d(i, j) * a(i + m - 1, j + q - 1) for i, j in ker))
                for m, q in ker
            ),
        ),
        ("b^{l}} = \\sum_{i=1}^{4}", 1, "correct", "bias sums delta", lambda: eq(db, dl.sum())),
        (
            "b^{l}} = \\sum_{i=1}^{4}",
            2,
            "mistake",
            "each g is counted 4 times with weight 1/4: no extra 1/4",
            lambda: eq(dl.sum(), Gp.sum() / 4),
        ),
        (
            "a^{l-1}_{11}} = \\delta^{l}_{11} w^{l}_{33}",
            1,
            "mistake",
            "corner is seen through w_11, not w_33",
            lambda: eq(dA[0, 0], d(1, 1) * w(3, 3)),
        ),
        (
            "a^{l-1}_{33}} =",
            1,
            "correct",
            "full convolution at (3,3)",
            lambda: eq(dA[2, 2], sum(d(4 - m, 4 - q) * w(m, q) for m, q in ker)),
        ),
        (
            "a^{l-1}_{61}} =",
            1,
            "mistake",
            "a_61 is seen only by z_41 (through w_31)",
            lambda: eq(dA[5, 0], d(4, 1) * w(3, 1) + d(3, 1) * w(3, 1)),
        ),
        (
            "La capa tiene $3 \\cdot 3 + 1 = 10$",
            1,
            "correct",
            "Conv2d(1,1,3) parameters",
            lambda: n_params(torch.nn.Conv2d(1, 1, 3)) == 3 * 3 + 1 == 10,
        ),
        (
            "convolución mide $6 - 3 + 1 = 4$",
            1,
            "correct",
            "conv output side",
            lambda: zn.shape[0] == 6 - 3 + 1 == 4,
        ),
        (
            "convolución mide $6 - 3 + 1 = 4$",
            2,
            "correct",
            "pool output side",
            lambda: pn.shape[0] == (4 - 2) // 2 + 1 == 2,
        ),
    ]
    for anchor, rank, verdict, why, fn in rows:
        claim(n, anchor, rank, verdict, why)(fn)
    nac(
        n,
        "\\delta^{l}_{ij} = \\frac{\\partial L}{\\partial z^{l}_{ij}} =",
        1,
        "definition of delta (first link)",
    )
    nac(n, "$g_{ij} = \\partial L / \\partial p^{l}_{ij}$", 1, "notation")
