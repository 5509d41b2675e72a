"""Truth for the holdout note blog_otimes_stride2_pad1 (see unseen_holdout_truth.py): 6x6 input,
3x3 kernel, stride 2, padding 1, where (H + 2p - k) is odd so the last padded row is never read."""

from __future__ import annotations

import torch

from tests.checker import unseen_holdout_ops as op


def register_d(claim, nac) -> None:
    n = "blog_otimes_stride2_pad1"
    c = op.conv_case(6, 6, 3, s=2, p=1, seed=11)
    X, K, G = c.X, c.K, c.G
    xz, kz, g = op.T(X, zero=True), op.T(K, zero=True), op.T(G)
    out, ker = op.idx(range(3), range(3)), op.idx(range(3), range(3))
    nac(n, "(and plain $\\otimes$ when $s = 1$)", 1, "notation")
    nac(n, "with $G = \\partial L / \\partial Y$", 1, "notation")
    size = "The output side is $H_{out} ="
    rows = [
        (
            size,
            1,
            "correct",
            "floor((6+2-3)/2)+1 = 3",
            lambda: op.conv_out(6, 3, 2, 1) == (6 + 2 - 3) // 2 + 1,
        ),
        (size, 2, "correct", "arithmetic", lambda: (6 + 2 - 3) // 2 + 1 == 3),
        (
            "$H_{out} = \\frac{6 + 2 - 3}{2} + 1$",
            1,
            "mistake",
            "floor dropped: 3.5 is not the size 3",
            lambda: op.conv_out(6, 3, 2, 1) == (6 + 2 - 3) / 2 + 1,
        ),
        (
            "Y = \\operatorname{pad}_1(X) \\otimes_2 K + b",
            1,
            "correct",
            "stride-2 correlation of the padded input",
            lambda: op.eq(c.Y, op.corr(op.pad(X, 1), K)[::2, ::2] + c.b),
        ),
        (
            "Y[i, j] = \\sum_{m=0}^{2}",
            1,
            "correct",
            "2i+m-1 with X zero outside",
            lambda: all(
                op.eq(
                    c.Y[i, j], sum(K[m, q] * xz(2 * i + m - 1, 2 * j + q - 1) for m, q in ker) + c.b
                )
                for i, j in out
            ),
        ),
        (
            "Y[0, 0] &= K[1,1]X[0,0]",
            1,
            "correct",
            "top-left window hangs over the padding",
            lambda: op.eq(
                c.Y[0, 0],
                K[1, 1] * X[0, 0] + K[1, 2] * X[0, 1] + K[2, 1] * X[1, 0] + K[2, 2] * X[1, 1] + c.b,
            ),
        ),
        (
            "Y[2, 2] &= ",
            1,
            "mistake",
            "window (2,2) starts at row 2*2-1 = 3, not 4 (X[6,.] does not exist)",
            lambda: op.eq(c.Y[2, 2], sum(K[m, q] * xz(4 + m, 4 + q) for m, q in ker) + c.b),
        ),
        (
            "X\\left[2i + m - 1,\\, 2j + n - 1\\right]",
            1,
            "correct",
            "dK keeps the stride",
            lambda: all(
                op.eq(c.dK[m, q], sum(g(i, j) * xz(2 * i + m - 1, 2 * j + q - 1) for i, j in out))
                for m, q in ker
            ),
        ),
        (
            "X\\left[i + m - 1,\\, j + n - 1\\right]",
            1,
            "mistake",
            "stride forgotten",
            lambda: all(
                op.eq(c.dK[m, q], sum(g(i, j) * xz(i + m - 1, j + q - 1) for i, j in out))
                for m, q in ker
            ),
        ),
        (
            "K} = \\operatorname{pad}_1(X) \\otimes \\operatorname{dilate}_2(G)",
            1,
            "mistake",
            "8x8 correlated with 5x5 is 4x4: the unvisited last row/column must be cropped",
            lambda: op.eq(c.dK, op.corr(op.pad(X, 1), op.dilate(G, 2))),
        ),
        (
            "K[a + 1 - 2i,\\, b + 1 - 2j]",
            1,
            "correct",
            "m = a+1-2i, K zero outside",
            lambda: all(
                op.eq(c.dX[a, b], sum(g(i, j) * kz(a + 1 - 2 * i, b + 1 - 2 * j) for i, j in out))
                for a, b in op.idx(range(6), range(6))
            ),
        ),
        (
            "X[5, 5]} = G[2,2]\\,K[2,2]",
            1,
            "correct",
            "only window (2,2) reaches X[5,5], through K[2,2]",
            lambda: op.eq(c.dX[5, 5], G[2, 2] * K[2, 2]),
        ),
        (
            "\\otimes \\operatorname{rot}_{180}(K) $$",
            1,
            "mistake",
            "5x5 instead of 6x6 (needs one more zero row/column)",
            lambda: op.eq(c.dX, op.corr(op.pad(op.dilate(G, 2), 1), op.rot(K))),
        ),
        (
            "$4 \\cdot 4 \\cdot 3 \\cdot 3 + 4 = 148$",
            1,
            "correct",
            "Conv2d(8, 4, 3, groups=2): weight 4x4x3x3 + 4 biases",
            lambda: op.n_params(torch.nn.Conv2d(8, 4, 3, groups=2)) == 4 * 4 * 3 * 3 + 4 == 148,
        ),
        (
            "$P = 4 \\cdot 4 \\cdot 3 \\cdot 3 + 2$",
            1,
            "mistake",
            "one bias per filter, not per group",
            lambda: op.n_params(torch.nn.Conv2d(8, 4, 3, groups=2)) == 4 * 4 * 3 * 3 + 2,
        ),
    ]
    for anchor, rank, verdict, why, fn in rows:
        claim(n, anchor, rank, verdict, why)(fn)
