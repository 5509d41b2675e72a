"""Truth for the holdout notes hw3_solutions_conv_stride1, apuntes_convolucion_padding,
lecture07_stride2_dilate and symbolic_general_formulas (see unseen_holdout_truth.py)."""

# ruff: noqa: E501 - claim anchors are verbatim LaTeX excerpts of note lines; splitting them hurts grep

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from tests.checker.unseen_holdout_ops import (
    T,
    conv_case,
    conv_out,
    conv_t_out,
    corr,
    dilate,
    eq,
    grid,
    idx,
    n_params,
    pad,
    rng,
    rot,
)


def register_a(claim, nac) -> None:
    # ---------------- hw3_solutions_conv_stride1: 4x4 input, 2x2 kernel, 1-based ----------------
    n = "hw3_solutions_conv_stride1"
    c = conv_case(4, 4, 2, seed=1)
    x, w, d, dz = T(c.X, 1), T(c.K, 1), T(c.G, 1), T(c.G, 1, zero=True)
    y, dx, dw = T(c.Y, 1), T(c.dX, 1), T(c.dK, 1)
    nac(n, "single-channel image $X \\in", 1, "size declaration X in R^{4x4}")
    nac(n, "We write $\\delta_{ij} =", 1, "notation: delta_ij := dL/dy_ij")

    @claim(n, "y_{ij} = \\sum_{m=1}^{2}", 1, "correct", "1-based valid cross-correlation, stride 1")
    def _():
        return all(
            eq(
                y(i, j),
                sum(w(m, q) * x(i + m - 1, j + q - 1) for m, q in idx((1, 2), (1, 2))) + c.b,
            )
            for i, j in idx(range(1, 4), range(1, 4))
        )

    @claim(n, "y_{11} = w_{11}x_{11}", 1, "correct", "window at (1,1)")
    def _():
        return eq(
            y(1, 1),
            w(1, 1) * x(1, 1) + w(1, 2) * x(1, 2) + w(2, 1) * x(2, 1) + w(2, 2) * x(2, 2) + c.b,
        )

    @claim(n, "y_{23} = w_{11}x_{23}", 1, "mistake", "second kernel row must read x_{33}, x_{34}")
    def _():
        return eq(
            y(2, 3),
            w(1, 1) * x(2, 3) + w(1, 2) * x(2, 4) + w(2, 1) * x(3, 2) + w(2, 2) * x(3, 3) + c.b,
        )

    @claim(
        n,
        "\\frac{\\partial L}{\\partial w_{mn}} = \\sum_{i=1}^{3}",
        1,
        "correct",
        "dW = corr(X, delta)",
    )
    def _():
        return all(
            eq(
                dw(m, q),
                sum(d(i, j) * x(i + m - 1, j + q - 1) for i, j in idx(range(1, 4), range(1, 4))),
            )
            for m, q in idx((1, 2), (1, 2))
        )

    @claim(
        n,
        "\\frac{\\partial L}{\\partial w_{12}} =",
        1,
        "correct",
        "m=1, n=2 of the general formula",
    )
    def _():
        return eq(dw(1, 2), sum(d(i, j) * x(i, j + 1) for i, j in idx(range(1, 4), range(1, 4))))

    @claim(
        n,
        "\\frac{\\partial L}{\\partial b} = \\sum_{i=1}^{4}",
        1,
        "mistake",
        "delta is 3x3: sum runs past the end of the output",
    )
    def _():
        return eq(c.db, sum(d(i, j) for i, j in idx(range(1, 5), range(1, 5))))

    @claim(
        n,
        "\\frac{\\partial L}{\\partial x_{11}} = \\delta_{11} w_{11}",
        1,
        "correct",
        "corner seen once",
    )
    def _():
        return eq(dx(1, 1), d(1, 1) * w(1, 1))

    @claim(n, "\\frac{\\partial L}{\\partial x_{22}} =", 1, "correct", "four windows cover x22")
    def _():
        return eq(
            dx(2, 2), d(1, 1) * w(2, 2) + d(1, 2) * w(2, 1) + d(2, 1) * w(1, 2) + d(2, 2) * w(1, 1)
        )

    @claim(
        n,
        "\\frac{\\partial L}{\\partial x_{14}} =",
        1,
        "mistake",
        "x14 is seen by y13 through w12, not w11",
    )
    def _():
        return eq(dx(1, 4), d(1, 3) * w(1, 1))

    @claim(
        n,
        "\\delta_{i-m+1,\\,j-n+1}\\, w_{mn}",
        1,
        "correct",
        "full convolution of delta (zero outside) with W",
    )
    def _():
        return all(
            eq(dx(i, j), sum(dz(i - m + 1, j - q + 1) * w(m, q) for m, q in idx((1, 2), (1, 2))))
            for i, j in idx(range(1, 5), range(1, 5))
        )

    @claim(
        n,
        "\\delta_{i+m-1,\\,j+n-1}\\, w_{mn}",
        1,
        "mistake",
        "correlation direction: kernel not flipped",
    )
    def _():
        return all(
            eq(dx(i, j), sum(dz(i + m - 1, j + q - 1) * w(m, q) for m, q in idx((1, 2), (1, 2))))
            for i, j in idx(range(1, 5), range(1, 5))
        )

    nac(n, "if $w_{11} = 2$", 1, "worked-example value")
    nac(n, "if $w_{11} = 2$", 2, "worked-example value")


def register_padding(claim, nac) -> None:
    # -------- apuntes_convolucion_padding: 5x5, 3x3, stride 1, padding 1, 0-based functional --------
    n = "apuntes_convolucion_padding"
    c = conv_case(5, 5, 3, p=1, seed=2)
    X, K, G = c.X, c.K, c.G
    xz, k, g = T(X, 0, zero=True), T(K), T(G)
    nac(n, "(A \\star B)(i,j) =", 1, "definition of the star operator")
    nac(n, "\\operatorname{rot}_{180}(K)(m,n) = K(2-m", 1, "definition of rot180")

    @claim(n, "H_{out} = 5 + 2\\cdot 1 - 3 + 1 = 5", 1, "correct", "output side (H+2p-k)/1+1")
    def _():
        return conv_out(5, 3, 1, 1) == 5 + 2 * 1 - 3 + 1

    @claim(n, "H_{out} = 5 + 2\\cdot 1 - 3 + 1 = 5", 2, "correct", "arithmetic")
    def _():
        return 5 + 2 * 1 - 3 + 1 == 5

    @claim(
        n,
        "Y = \\operatorname{pad}_1(X) \\star K + b",
        1,
        "correct",
        "padded valid correlation plus bias",
    )
    def _():
        return eq(c.Y, corr(pad(X, 1), K) + c.b)

    @claim(n, "Y(i,j) = \\sum_{m=0}^{2}", 1, "correct", "shift by the padding, X zero outside")
    def _():
        return all(
            eq(
                c.Y[i, j],
                sum(k(m, q) * xz(i + m - 1, j + q - 1) for m, q in idx(range(3), range(3))) + c.b,
            )
            for i, j in idx(range(5), range(5))
        )

    @claim(
        n, "Y(0,0) = K(1,1)X(0,0)", 1, "correct", "only the lower-right 2x2 of K meets the image"
    )
    def _():
        return eq(
            c.Y[0, 0],
            K[1, 1] * X[0, 0] + K[1, 2] * X[0, 1] + K[2, 1] * X[1, 0] + K[2, 2] * X[1, 1] + c.b,
        )

    dk = "\\frac{\\partial L}{\\partial K} = "
    claim(n, dk + "\\operatorname{pad}_1(X) \\star G", 1, "correct", "dK = corr(pad(X), G)")(
        lambda: eq(c.dK, corr(pad(X, 1), G))
    )
    claim(
        n,
        dk + "G \\star \\operatorname{pad}_1(X)",
        1,
        "mistake",
        "X and G swapped: a 5x5 cannot be correlated with a 7x7",
    )(lambda: eq(c.dK, corr(G, pad(X, 1))))

    @claim(n, "\\frac{\\partial L}{\\partial K(1,1)} =", 1, "correct", "centre weight: no shift")
    def _():
        return eq(c.dK[1, 1], sum(g(i, j) * X[i, j] for i, j in idx(range(5), range(5))))

    @claim(
        n, "\\frac{\\partial L}{\\partial K(0,0)} =", 1, "mistake", "corner weight needs X(i-1,j-1)"
    )
    def _():
        return eq(c.dK[0, 0], sum(g(i, j) * X[i, j] for i, j in idx(range(5), range(5))))

    @claim(
        n,
        "\\frac{\\partial L}{\\partial b} = \\sum_{i=0}^{4}",
        1,
        "correct",
        "bias gradient sums G",
    )
    def _():
        return eq(c.db, G.sum())

    dxs = "\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_"
    for anchor, verdict, why, pp, kern in (
        (
            "1(G) \\star \\operatorname{rot}_{180}(K)",
            "correct",
            "pad k-1-p = 1, rotated kernel",
            1,
            rot(K),
        ),
        ("1(G) \\star K $", "mistake", "missing rot180", 1, K),
        ("2(G)", "mistake", "pad 2 ignores the forward padding: 7x7 instead of 5x5", 2, rot(K)),
    ):
        claim(n, dxs + anchor, 1, verdict, why)(
            lambda pp=pp, kern=kern: eq(c.dX, corr(pad(G, pp), kern))
        )


def register_stride2(claim, nac) -> None:
    # -------- lecture07_stride2_dilate: 5x5, 3x3, stride 2, 0-based --------
    n = "lecture07_stride2_dilate"
    c = conv_case(5, 5, 3, s=2, seed=3, bias=False)
    X, W, G = c.X, c.K, c.G
    Xs, Ws, Gs = T(X), T(W), T(G)

    @claim(n, "\\lfloor (5-3)/2 \\rfloor + 1 = 2", 1, "correct", "output side floor((5-3)/2)+1 = 2")
    def _():
        return conv_out(5, 3, 2, 0) == 2 and (5 - 3) // 2 + 1 == 2

    @claim(n, "$$Y_{i,j} = \\sum_{m=0}^{2}", 1, "correct", "stride-2 valid correlation")
    def _():
        return all(
            eq(
                c.Y[i, j],
                sum(Ws(m, q) * Xs(2 * i + m, 2 * j + q) for m, q in idx(range(3), range(3))),
            )
            for i, j in idx(range(2), range(2))
        )

    @claim(
        n,
        "$$\\frac{\\partial L}{\\partial W_{m,n}} = \\sum_{i=0}^{1}",
        1,
        "correct",
        "chain rule on the forward sum",
    )
    def _():
        return all(
            eq(
                c.dK[m, q],
                sum(Gs(i, j) * Xs(2 * i + m, 2 * j + q) for i, j in idx(range(2), range(2))),
            )
            for m, q in idx(range(3), range(3))
        )

    @claim(
        n,
        "$$\\operatorname{dilate}_2(G) = \\begin{bmatrix}",
        1,
        "correct",
        "one zero between entries",
    )
    def _():
        return eq(dilate(G, 2), [[G[0, 0], 0, G[0, 1]], [0, 0, 0], [G[1, 0], 0, G[1, 1]]])

    @claim(
        n,
        "W} = X \\star \\operatorname{dilate}_2(G)",
        1,
        "correct",
        "stride-1 correlation with dilated G",
    )
    def _():
        return eq(c.dK, corr(X, dilate(G, 2)))

    @claim(n, "W} = X \\star G$$", 1, "mistake", "stride not dilated: 4x4 result")
    def _():
        return eq(c.dK, corr(X, G))

    @claim(n, "X_{1,1}} = G_{0,0} W_{1,1}", 1, "correct", "only window (0,0) covers X11")
    def _():
        return eq(c.dX[1, 1], G[0, 0] * W[1, 1])

    @claim(n, "X_{2,2}} = G_{0,0}W_{2,2}", 1, "correct", "all four windows cover X22")
    def _():
        return eq(
            c.dX[2, 2],
            G[0, 0] * W[2, 2] + G[0, 1] * W[2, 0] + G[1, 0] * W[0, 2] + G[1, 1] * W[0, 0],
        )

    @claim(
        n,
        "X_{1,2}} = G_{0,0}W_{1,2}",
        1,
        "mistake",
        "window (0,1) reaches X12 through W10, not W11",
    )
    def _():
        return eq(c.dX[1, 2], G[0, 0] * W[1, 2] + G[0, 1] * W[1, 1])

    @claim(
        n,
        "\\operatorname{pad}_2\\!\\left(\\operatorname{dilate}_2(G)\\right) \\star \\operatorname{rot}_{180}(W)$$",
        1,
        "correct",
        "dilate, pad k-1, rotated kernel",
    )
    def _():
        return eq(c.dX, corr(pad(dilate(G, 2), 2), rot(W)))

    @claim(n, "X} = \\operatorname{pad}_2(G) \\star", 1, "mistake", "stride not dilated")
    def _():
        return eq(c.dX, corr(pad(G, 2), rot(W)))

    @claim(n, "X} = \\operatorname{pad}_1\\!", 1, "mistake", "pad 1 where 2 is needed")
    def _():
        return eq(c.dX, corr(pad(dilate(G, 2), 1), rot(W)))

    @claim(n, "\\star W^T", 1, "mistake", "transpose instead of rot180")
    def _():
        return eq(c.dX, corr(pad(dilate(G, 2), 2), W.T))


def register_symbolic(claim, nac) -> None:
    n = "symbolic_general_formulas"
    hkps = [
        (h, k, s, p)
        for h in range(1, 10)
        for k in range(2, 6)
        for s in (1, 2, 3)
        for p in (0, 1, 2)
        if k <= h + 2 * p
    ]

    @claim(
        n,
        "H_{out} = \\left\\lfloor \\frac{H + 2p - k}{s}",
        1,
        "correct",
        "output-size formula (floor)",
    )
    def _():
        return grid(lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, hkps)

    @claim(
        n,
        "H_{out} = \\left\\lceil \\frac{H + 2p - k + 1}{s}",
        1,
        "correct",
        "floor(a/s)+1 = ceil((a+1)/s) for integer a >= 0",
    )
    def _():
        return grid(
            lambda h, k, s, p: conv_out(h, k, s, p) == math.ceil((h + 2 * p - k + 1) / s), hkps
        )

    @claim(
        n,
        "H_{out} = \\left\\lceil \\frac{H + 2p - k}{s} \\right\\rceil + 1",
        1,
        "mistake",
        "ceil where floor is needed: right only when s divides H+2p-k",
        expect="size-specific",
    )
    def _():
        return grid(
            lambda h, k, s, p: conv_out(h, k, s, p) == math.ceil((h + 2 * p - k) / s) + 1, hkps
        )

    sizes = [
        (5, 5, 3, 1, 0),
        (4, 4, 3, 1, 0),
        (5, 6, 3, 2, 1),
        (7, 5, 3, 3, 2),
        (3, 3, 3, 1, 1),
        (6, 6, 2, 2, 0),
        (5, 5, 4, 2, 2),
        (2, 3, 2, 1, 0),
    ]

    def dw_case(h, wd, k, s, p, stride_aware):
        c = _conv_rect(h, wd, k, s, p)
        xz, d = T(c["X"], 0, zero=True), T(c["G"])
        ho, wo = c["G"].shape
        for m, q in idx(range(k), range(k)):
            if stride_aware:
                rhs = sum(
                    d(i, j) * xz(s * i + m - p, s * j + q - p) for i, j in idx(range(ho), range(wo))
                )
            else:
                rhs = sum(d(i, j) * xz(i + m, j + q) for i, j in idx(range(ho), range(wo)))
            if not eq(c["dW"][m, q], rhs):
                return False
        return True

    @claim(
        n, "\\delta_{i,j}\\, x_{si+m-p,\\; sj+n-p}", 1, "correct", "dW with stride s and padding p"
    )
    def _():
        return grid(lambda *a: dw_case(*a, True), sizes)

    @claim(
        n,
        "\\delta_{i,j}\\, x_{i+m,\\; j+n}",
        1,
        "mistake",
        "stride and padding dropped: right only for s=1, p=0",
        expect="size-specific",
    )
    def _():
        return grid(lambda *a: dw_case(*a, False), sizes)

    s1 = [(5, 5, 3), (4, 4, 3), (3, 3, 3), (6, 4, 2), (5, 7, 4), (3, 5, 2)]

    def dx_s1(h, wd, k, shift):
        c = _conv_rect(h, wd, k, 1, 0)
        d, w = T(c["G"]), T(c["W"])
        ho, wo = c["G"].shape
        for a, b in idx(range(h), range(wd)):
            rhs = sum(
                d(a - m, b - q) * w(m, q)
                for m in range(max(0, a - ho + 1 - shift), min(k - 1, a) + 1)
                for q in range(max(0, b - wo + 1 - shift), min(k - 1, b) + 1)
            )
            if not eq(c["dX"][a, b], rhs):
                return False
        return True

    @claim(
        n, "m=\\max(0,\\, a-H_{out}+1)", 1, "correct", "max/min bounds keep a-m inside the output"
    )
    def _():
        return grid(lambda h, wd, k: dx_s1(h, wd, k, 0), s1)

    @claim(
        n,
        "m=\\max(0,\\, a-H_{out})}",
        1,
        "mistake",
        "lower bound one too small: reads delta_{H_out}",
    )
    def _():
        return grid(lambda h, wd, k: dx_s1(h, wd, k, 1), s1)

    ss = [
        (5, 5, 3, 2),
        (7, 6, 3, 2),
        (6, 6, 2, 2),
        (7, 7, 3, 3),
        (4, 5, 2, 3),
        (8, 8, 4, 2),
        (5, 5, 3, 1),
    ]

    def dx_s(h, wd, k, s, rnd):
        c = _conv_rect(h, wd, k, s, 0)
        d, w = T(c["G"]), T(c["W"])
        ho, wo = c["G"].shape
        for a, b in idx(range(h), range(wd)):
            rhs = sum(
                d(i, j) * w(a - s * i, b - s * j)
                for i in range(max(0, rnd((a - k + 1) / s)), min(ho - 1, a // s) + 1)
                for j in range(max(0, rnd((b - k + 1) / s)), min(wo - 1, b // s) + 1)
            )
            if not eq(c["dX"][a, b], rhs):
                return False
        return True

    @claim(
        n,
        "i=\\max\\left(0,\\, \\left\\lceil \\frac{a-k+1}{s}",
        1,
        "correct",
        "0 <= a-si <= k-1 and 0 <= i < H_out",
    )
    def _():
        return grid(lambda *a: dx_s(*a, math.ceil), ss)

    @claim(
        n,
        "i=\\max\\left(0,\\, \\left\\lfloor \\frac{a-k+1}{s}",
        1,
        "mistake",
        "floor in the lower bound reads w_{k,.} when s does not divide a-k+1; fine at s=1",
        expect="size-specific",
    )
    def _():
        return grid(lambda *a: dx_s(*a, math.floor), ss)

    @claim(
        n,
        "\\frac{\\partial a}{\\partial z} = \\begin{cases}",
        1,
        "correct",
        "ReLU derivative (torch uses 0 at z=0)",
    )
    def _():
        z = torch.tensor(np.r_[rng(4).standard_normal(9), 0.0], requires_grad=True)
        torch.relu(z).sum().backward()
        zn = z.detach().numpy()
        return eq(z.grad.numpy(), np.where(zn > 0, 1.0, 0.0))

    pools = [(2, 2), (4, 4), (4, 6), (6, 2)]

    def maxpool(h, wd, rnd):
        g = rng(h * 10 + wd)
        x = torch.tensor(g.standard_normal((h, wd)), requires_grad=True)
        y = F.max_pool2d(x[None, None], 2, 2)[0, 0]
        dl = g.standard_normal(tuple(y.shape))
        (y * torch.tensor(dl)).sum().backward()
        xs, d = T(x.detach().numpy()), T(dl)
        for a, b in idx(range(h), range(wd)):
            i, j = rnd(a / 2), rnd(b / 2)
            d(i, j)  # the window must exist
            rwin = x.detach().numpy()[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
            rhs = d(i, j) if xs(a, b) == rwin.max() else 0.0
            if not eq(x.grad.numpy()[a, b], rhs):
                return False
        return True

    @claim(
        n,
        "\\delta_{\\lfloor a/2 \\rfloor,\\, \\lfloor b/2 \\rfloor} & \\text{if }",
        1,
        "correct",
        "max-pool gradient routed to the arg-max of its window",
    )
    def _():
        return grid(lambda h, wd: maxpool(h, wd, math.floor), pools)

    @claim(
        n,
        "\\delta_{\\lceil a/2 \\rceil,\\, \\lceil b/2 \\rceil} & \\text{if }",
        1,
        "mistake",
        "ceil picks the next window (or one past the end)",
    )
    def _():
        return grid(lambda h, wd: maxpool(h, wd, math.ceil), pools)

    avgs = [(4, 4, 2), (6, 6, 3), (6, 4, 2), (3, 3, 3), (8, 4, 4)]

    def avgpool(h, wd, k, scale):
        g = rng(h * 7 + wd + k)
        x = torch.tensor(g.standard_normal((h, wd)), requires_grad=True)
        y = F.avg_pool2d(x[None, None], k, k)[0, 0]
        dl = g.standard_normal(tuple(y.shape))
        (y * torch.tensor(dl)).sum().backward()
        d = T(dl)
        return all(
            eq(x.grad.numpy()[a, b], (1 / k**2 if scale else 1.0) * d(a // k, b // k))
            for a, b in idx(range(h), range(wd))
        )

    @claim(
        n, "\\frac{1}{k^2}\\, \\delta_{\\lfloor a/k", 1, "correct", "average pool spreads delta/k^2"
    )
    def _():
        return grid(lambda h, wd, k: avgpool(h, wd, k, True), avgs)

    @claim(
        n,
        "b}} = \\delta_{\\lfloor a/k \\rfloor,\\, \\lfloor b/k \\rfloor} $$",
        1,
        "mistake",
        "average pool without 1/k^2",
    )
    def _():
        return grid(lambda h, wd, k: avgpool(h, wd, k, False), avgs)

    tps = [
        (h, k, s, p)
        for h in (1, 2, 3, 5)
        for k in (2, 3, 4)
        for s in (1, 2, 3)
        for p in (0, 1)
        if (h - 1) * s - 2 * p + k >= 1
    ]

    @claim(n, "H_{out} = (H_{in} - 1)\\,s - 2p + k", 1, "correct", "ConvTranspose2d output size")
    def _():
        return grid(lambda h, k, s, p: conv_t_out(h, k, s, p) == (h - 1) * s - 2 * p + k, tps)

    @claim(
        n,
        "H_{out} = (H_{in} - 1)\\,s + 2p + k",
        1,
        "mistake",
        "sign of the padding term: right only at p = 0",
        expect="size-specific",
    )
    def _():
        return grid(lambda h, k, s, p: conv_t_out(h, k, s, p) == (h - 1) * s + 2 * p + k, tps)

    pcs = [(ci, co, k) for ci in (1, 3, 4) for co in (1, 2, 4) for k in (2, 3, 5)]

    @claim(
        n,
        "P = C_{out}\\left(C_{in} k^2 + 1\\right)",
        1,
        "correct",
        "weights C_out*C_in*k^2 plus C_out biases",
    )
    def _():
        return grid(
            lambda ci, co, k: n_params(torch.nn.Conv2d(ci, co, k)) == co * (ci * k * k + 1), pcs
        )

    @claim(
        n,
        "P = C_{in} C_{out} k^2 + C_{in}",
        1,
        "mistake",
        "biases are per filter: right only if C_in = C_out",
        expect="size-specific",
    )
    def _():
        return grid(
            lambda ci, co, k: n_params(torch.nn.Conv2d(ci, co, k)) == ci * co * k * k + ci, pcs
        )

    nac(n, "The input $x$ is $H \\times W$", 1, "size declaration")


def _conv_rect(h: int, wd: int, k: int, s: int, p: int) -> dict[str, np.ndarray]:
    """Rectangular one-channel conv (no bias) with autograd gradients."""
    g = rng(1000 + h * 100 + wd * 10 + k + s + p)
    x = torch.tensor(g.standard_normal((h, wd)), requires_grad=True)
    w = torch.tensor(g.standard_normal((k, k)), requires_grad=True)
    y = F.conv2d(x[None, None], w[None, None], stride=s, padding=p)[0, 0]
    gg = g.standard_normal(tuple(y.shape))
    (y * torch.tensor(gg)).sum().backward()
    return {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "G": gg,
        "dX": x.grad.numpy(),
        "dW": w.grad.numpy(),
    }
