"""Independent numeric truth for every claim of tests/data/check/unseen/dev (issue 16).

CLAIMS[(note, line, rank)] computes both sides of the claim at the note's sizes (or over a grid of
sizes for symbolic claims) and returns whether they agree: a bool, or a list of bools over the grid.
The claims of six notes are here, the other six in unseen_dev_truth_b. The answer keys
(NAME.key.toml) were decided by hand; test_unseen_dev_key.py checks that the
computation agrees exactly when the key says "correct". Never imports symconv.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
import unseen_dev_truth_b  # noqa: F401  (registers the claims of the other six notes)
from unseen_dev_truth_ops import (
    CLAIMS,
    R2,
    R3,
    R4,
    c2,
    ceil_div,
    close,
    conv_case,
    conv_out,
    corr,
    dilate,
    every,
    floor_div,
    full_conv,
    grid,
    pad,
    pool_case,
    put,
    rot,
    same,
    strict,
    zext,
)

__all__ = ["CLAIMS"]


# --- blog_conv_backprop: 4x4 input, 2x2 kernel, stride 1, no padding, 1-based x_{ij} ------------
N = "blog_conv_backprop"
B = c2(4, 4, 2, bias=False, seed=1)
x, w, y, g = strict(B.X, 1), strict(B.W, 1), strict(B.Y, 1), strict(B.G, 1)
dx, dw = strict(B.dX, 1), strict(B.dW, 1)
I3 = range(1, 4)
put(
    N,
    17,
    1,
    lambda: close(
        y(1, 1), x(1, 1) * w(1, 1) + x(1, 2) * w(1, 2) + x(2, 1) * w(2, 1) + x(2, 2) * w(2, 2)
    ),
)
put(
    N,
    23,
    1,
    lambda: every(
        [I3, I3],
        lambda i, j: close(
            y(i, j), sum(x(i + m - 1, j + n - 1) * w(m, n) for m in (1, 2) for n in (1, 2))
        ),
    ),
)
put(
    N,
    26,
    1,
    lambda: close(
        y(3, 3), x(3, 3) * w(1, 1) + x(3, 4) * w(1, 2) + x(4, 3) * w(2, 1) + x(4, 4) * w(2, 2)
    ),
)
put(
    N,
    27,
    1,
    lambda: close(
        y(2, 3), x(2, 3) * w(1, 1) + x(2, 4) * w(1, 2) + x(3, 3) * w(2, 1) + x(3, 4) * w(1, 2)
    ),
)
put(N, 35, 1, lambda: close(dw(1, 1), sum(g(i, j) * x(i, j) for i in I3 for j in I3)))
put(N, 41, 1, lambda: close(dw(1, 2), sum(g(i, j) * x(i + 1, j) for i in I3 for j in I3)))
put(
    N,
    47,
    1,
    lambda: every(
        [(1, 2), (1, 2)],
        lambda m, n: close(
            dw(m, n), sum(g(i, j) * x(i + m - 1, j + n - 1) for i in I3 for j in I3)
        ),
    ),
)
put(N, 51, 1, lambda: same(B.dW, corr(B.X, B.G)))
put(N, 51, 2, lambda: same(B.dW, corr(B.G, B.X)))
put(N, 56, 1, lambda: close(dx(1, 1), g(1, 1) * w(1, 1)))
put(
    N,
    59,
    1,
    lambda: close(
        dx(2, 2), g(1, 1) * w(2, 2) + g(1, 2) * w(1, 2) + g(2, 1) * w(2, 1) + g(2, 2) * w(1, 1)
    ),
)
put(N, 62, 1, lambda: close(dx(1, 4), g(1, 3) * w(1, 1)))
put(N, 68, 1, lambda: same(B.dX, corr(pad(B.G, 1), rot(B.W))))
put(N, 71, 1, lambda: same(B.dX, full_conv(B.G, B.W)))
put(N, 72, 1, lambda: same(B.dX, corr(pad(B.G, 1), B.W)))
Bb = c2(4, 4, 2, bias=True, seed=2)
put(N, 75, 1, lambda: close(Bb.db, Bb.G.sum()))

# --- se_answer_rot180: 5x5 X(i,j), 3x3 K(m,n), stride 1, no padding; K and delta zero outside ---
N = "se_answer_rot180"
S = c2(5, 5, 3, bias=False, seed=3)
X, K, Y, D = strict(S.X), strict(S.W), strict(S.Y), strict(S.G)
Kz, Dz, dX, dK = zext(S.W), zext(S.G), strict(S.dX), strict(S.dW)
I5 = range(5)
put(
    N,
    10,
    1,
    lambda: every(
        [R3, R3],
        lambda i, j: close(Y(i, j), sum(X(i + m, j + n) * K(m, n) for m in R3 for n in R3)),
    ),
)
put(
    N,
    17,
    1,
    lambda: every(
        [I5, I5],
        lambda p, q: close(dX(p, q), sum(D(i, j) * Kz(p - i, q - j) for i in R3 for j in R3)),
    ),
)
put(
    N,
    21,
    1,
    lambda: every(
        [I5, I5],
        lambda p, q: close(dX(p, q), sum(Dz(p - m, q - n) * K(m, n) for m in R3 for n in R3)),
    ),
)
put(N, 26, 1, lambda: same(S.dX, corr(pad(S.G, 2), rot(S.W))))
put(N, 29, 1, lambda: close(dX(0, 0), D(0, 0) * K(0, 0)))
put(N, 32, 1, lambda: close(dX(2, 2), sum(D(i, j) * K(i, j) for i in R3 for j in R3)))
put(N, 36, 1, lambda: same(S.dX, corr(pad(S.G, 3), rot(S.W))))
put(N, 37, 1, lambda: same(S.dX, corr(pad(S.G, 2), S.W.T)))
put(N, 39, 1, lambda: same(S.dX, corr(S.G, rot(S.W))))
put(
    N,
    43,
    1,
    lambda: every(
        [R3, R3],
        lambda m, n: close(dK(m, n), sum(D(i, j) * X(i + m, j + n) for i in R3 for j in R3)),
    ),
)
put(N, 45, 1, lambda: same(S.dW, corr(S.X, S.G)))
put(N, 46, 1, lambda: same(S.dW, rot(corr(S.X, S.G))))

# --- apuntes_conv_es: 5x5, k = 3, stride 2, p = 1, bias b, 0-based ------------------------------
N = "apuntes_conv_es"
E = c2(5, 5, 3, s=2, p=1, seed=5)
ex, ew, ey, eg = strict(E.X), strict(E.W), strict(E.Y), strict(E.G)
ext, edx, edw = strict(pad(E.X, 1)), strict(E.dX), strict(E.dW)
put(N, 12, 1, lambda: conv_out(5, 3, 2, 1) == floor_div(5 + 2 * 1 - 3, 2) + 1)
put(N, 12, 2, lambda: floor_div(5 + 2 * 1 - 3, 2) + 1 == 3)
put(N, 16, 1, lambda: floor_div(5 + 2 - 3, 3) + 1 == 3)
put(
    N,
    23,
    1,
    lambda: every(
        [R3, R3],
        lambda i, j: close(
            ey(i, j), sum(ext(2 * i + m, 2 * j + n) * ew(m, n) for m in R3 for n in R3) + E.b
        ),
    ),
)
put(
    N,
    27,
    1,
    lambda: close(
        ey(0, 0),
        ex(0, 0) * ew(1, 1) + ex(0, 1) * ew(1, 2) + ex(1, 0) * ew(2, 1) + ex(1, 1) * ew(2, 2) + E.b,
    ),
)
put(
    N,
    28,
    1,
    lambda: close(ey(1, 1), sum(ex(2 + m, 2 + n) * ew(m, n) for m in R3 for n in R3) + E.b),
)
put(
    N,
    29,
    1,
    lambda: close(ey(2, 2), sum(ex(3 + m, 3 + n) * ew(m + 1, n + 1) for m in R2 for n in R2) + E.b),
)
put(
    N,
    37,
    1,
    lambda: every(
        [R3, R3],
        lambda m, n: close(
            edw(m, n), sum(eg(i, j) * ext(2 * i + m, 2 * j + n) for i in R3 for j in R3)
        ),
    ),
)
put(N, 40, 1, lambda: same(E.dW, corr(pad(E.X, 1), E.G)))
put(N, 44, 1, lambda: same(E.dW, corr(pad(E.X, 1), dilate(E.G, 2))))
put(N, 52, 1, lambda: close(edx(0, 0), eg(0, 0) * ew(1, 1)))
put(N, 55, 1, lambda: close(edx(1, 0), eg(0, 0) * ew(2, 1) + eg(1, 0) * ew(0, 1)))
put(
    N,
    56,
    1,
    lambda: close(edx(0, 1), eg(0, 0) * ew(1, 2) + eg(0, 1) * ew(1, 0) + eg(1, 0) * ew(0, 2)),
)
put(
    N,
    57,
    1,
    lambda: close(
        edx(1, 1),
        eg(0, 0) * ew(2, 2) + eg(0, 1) * ew(2, 0) + eg(1, 0) * ew(0, 2) + eg(1, 1) * ew(0, 0),
    ),
)
put(N, 63, 1, lambda: same(E.dX, corr(pad(dilate(E.G, 2), 1), rot(E.W))))
put(N, 66, 1, lambda: same(E.dX, corr(pad(E.G, 1), rot(E.W))))
put(N, 67, 1, lambda: same(E.dX, corr(pad(dilate(E.G, 2), 2), rot(E.W))))

# --- apuntes_pooling_es: the 4x4 example, 2x2 windows, stride 2; upstream G from the note -------
N = "apuntes_pooling_es"
PX = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 7, 2], [3, 2, 4, 6]], float)
PG = np.array([[1, -2], [0.5, 3]])
PM, PA = pool_case(PX, PG, 2, 2, "max"), pool_case(PX, PG, 2, 2, "avg")
px, pg, pym, pdm = strict(PX), strict(PG), strict(PM.Y), strict(PM.dX)
pya, pda = strict(PA.Y), strict(PA.dX)
ONES = np.ones((2, 2))
put(
    N,
    15,
    1,
    lambda: every(
        [R2, R2], lambda i, j: pym(i, j) == max(px(2 * i + m, 2 * j + n) for m in R2 for n in R2)
    ),
)
put(N, 19, 1, lambda: pym(0, 1) == max(px(0, 2), px(0, 3), px(1, 2), px(1, 3)))
put(N, 19, 2, lambda: max(px(0, 2), px(0, 3), px(1, 2), px(1, 3)) == 2)
put(N, 22, 1, lambda: same(PM.Y, [[4, 5], [3, 7]]))
put(
    N,
    30,
    1,
    lambda: every(
        [R4, R4],
        lambda i, j: close(
            pdm(i, j), pg(i // 2, j // 2) if px(i, j) == pym(i // 2, j // 2) else 0.0
        ),
    ),
)
put(N, 39, 1, lambda: same(PM.dX, [[0, 0, 0, 0], [1, 0, 0, -2], [0, 0, 3, 0], [0.5, 0, 0, 0]]))
put(N, 42, 1, lambda: every([R4, R4], lambda i, j: close(pdm(i, j), pg(i // 2, j // 2))))
put(
    N,
    50,
    1,
    lambda: every(
        [R2, R2],
        lambda i, j: close(pya(i, j), 0.25 * sum(px(2 * i + m, 2 * j + n) for m in R2 for n in R2)),
    ),
)
put(N, 52, 1, lambda: same(PA.Y, [[2.5, 2], [1.5, 4.5]]))
put(N, 55, 1, lambda: every([R4, R4], lambda i, j: close(pda(i, j), 0.25 * pg(i // 2, j // 2))))
put(N, 56, 1, lambda: same(PA.dX, 0.25 * np.kron(PG, ONES)))
put(N, 57, 1, lambda: same(PA.dX, np.kron(PG, ONES)))
put(N, 62, 1, lambda: floor_div(4 - 3, 2) + 1 == 2)

# --- apuntes_densa_es: batch N = 4, 3 features -> 2, Z = X W^T + b, 1-based ---------------------
N = "apuntes_densa_es"
_rng = np.random.default_rng(6)
DXa, DWa, Dba = _rng.standard_normal((4, 3)), _rng.standard_normal((2, 3)), _rng.standard_normal(2)
DdZ, DdA = _rng.standard_normal((4, 2)), _rng.standard_normal((4, 2))
_xt, _wt, _bt = (torch.tensor(a, requires_grad=True) for a in (DXa, DWa, Dba))
_z = F.linear(_xt, _wt, _bt)
_z.backward(torch.tensor(DdZ))
DZ, DdX, DdW, Ddb = _z.detach().numpy(), _xt.grad.numpy(), _wt.grad.numpy(), _bt.grad.numpy()


def _act_dz(fn: Callable[[torch.Tensor], torch.Tensor]) -> np.ndarray:
    """dZ through an activation by autograd, with upstream dA."""
    zt = torch.tensor(DZ, requires_grad=True)
    fn(zt).backward(torch.tensor(DdA))
    return zt.grad.numpy()


_sig = 1 / (1 + np.exp(-DZ))
dxs, dws, dzs, dbs = strict(DdX, 1), strict(DdW, 1), strict(DdZ, 1), strict(Ddb, 1)
xs, ws, zs, bs = strict(DXa, 1), strict(DWa, 1), strict(DZ, 1), strict(Dba, 1)
put(N, 10, 1, lambda: same(DZ, DXa @ DWa.T + Dba))
put(
    N,
    14,
    1,
    lambda: every(
        [range(1, 5), (1, 2)],
        lambda n, j: close(zs(n, j), sum(xs(n, i) * ws(i, j) for i in (1, 2, 3)) + bs(j)),
    ),
)
put(N, 20, 1, lambda: same(_act_dz(torch.relu), DdA * (DZ > 0)))
put(N, 21, 1, lambda: same(_act_dz(torch.sigmoid), DdA * _sig * (1 - _sig)))
put(N, 27, 1, lambda: same(DdW, DdZ.T @ DXa))
put(N, 28, 1, lambda: same(Ddb, DdZ.sum(axis=0)))
put(N, 29, 1, lambda: same(DdX, DdZ @ DWa))
put(N, 33, 1, lambda: same(DdW, DXa.T @ DdZ))
put(N, 33, 2, lambda: same(DdX, DdZ @ DWa.T))
put(
    N,
    37,
    1,
    lambda: every(
        [(1, 2), (1, 2, 3)],
        lambda j, i: close(dws(j, i), sum(dzs(n, j) * xs(n, i) for n in range(1, 5))),
    ),
)
put(
    N,
    39,
    1,
    lambda: every(
        [range(1, 5), (1, 2, 3)],
        lambda n, i: close(dxs(n, i), sum(dzs(n, j) * ws(i, j) for j in (1, 2))),
    ),
)
put(N, 41, 1, lambda: every([range(1, 5), (1, 2)], lambda n, j: close(dbs(j), dzs(n, j))))
put(N, 46, 1, lambda: 120 * 84 + 84 == 10124)
put(N, 47, 1, lambda: 84 * 10 + 10 == 860)

# --- multichannel_batch: N = 2, C = 2, F = 3, 5x5 maps, 3x3 filters, stride 1, no padding -------
N = "multichannel_batch"
M = conv_case((2, 2, 5, 5), (3, 2, 3, 3), seed=7)
mx, mw, my, mg = strict(M.x), strict(M.w), strict(M.y), strict(M.g)
mgz, mdx, mdw = zext(M.g), strict(M.dx), strict(M.dw)


def _w_cf(c: int, f: int) -> np.ndarray:
    """W indexed (c, f) as the note writes it on line 17, against the declared 3x2 (f, c) layout."""
    if not (0 <= c < M.w.shape[0] and 0 <= f < M.w.shape[1]):
        raise ValueError(f"W_{{{c},{f}}} does not exist")
    return M.w[c, f]


put(
    N,
    14,
    1,
    lambda: every(
        [R2, R3, R3, R3],
        lambda n, f, i, j: close(
            my(n, f, i, j),
            M.b[f]
            + sum(mx(n, c, i + u, j + v) * mw(f, c, u, v) for c in R2 for u in R3 for v in R3),
        ),
    ),
)
put(
    N,
    17,
    1,
    lambda: every(
        [R2, R3],
        lambda n, f: same(M.y[n, f], sum(corr(M.x[n, c], _w_cf(c, f)) for c in R2) + M.b[f]),
    ),
)
put(
    N,
    25,
    1,
    lambda: every(
        [R3, R2, R3, R3],
        lambda f, c, u, v: close(
            mdw(f, c, u, v),
            sum(mg(n, f, i, j) * mx(n, c, i + u, j + v) for n in R2 for i in R3 for j in R3),
        ),
    ),
)
put(
    N,
    29,
    1,
    lambda: every(
        [R3, R2], lambda f, c: same(M.dw[f, c], sum(corr(M.x[n, c], M.g[n, f]) for n in R2))
    ),
)
put(
    N,
    32,
    1,
    lambda: every(
        [R3, R2], lambda f, c: same(M.dw[f, c], sum(corr(M.g[n, f], M.x[n, c]) for n in R2))
    ),
)
put(N, 36, 1, lambda: every([R3], lambda f: close(M.db[f], M.g[:, f].sum())))
put(N, 39, 1, lambda: every([R2, R3], lambda n, f: close(M.db[f], M.g[n, f].sum())))
put(
    N,
    44,
    1,
    lambda: every(
        [R2, R2, range(5), range(5)],
        lambda n, c, p, q: close(
            mdx(n, c, p, q),
            sum(mgz(n, f, p - u, q - v) * mw(f, c, u, v) for f in R3 for u in R3 for v in R3),
        ),
    ),
)
put(
    N,
    48,
    1,
    lambda: every(
        [R2, R2],
        lambda n, c: same(M.dx[n, c], sum(corr(pad(M.g[n, f], 2), rot(M.w[f, c])) for f in R3)),
    ),
)
put(
    N,
    51,
    1,
    lambda: every(
        [R2, R2], lambda n, c: same(M.dx[n, c], sum(corr(pad(M.g[n, f], 2), M.w[f, c]) for f in R3))
    ),
)
put(N, 55, 1, lambda: 2 * 3 * 3 == 27)
put(
    N,
    55,
    2,
    lambda: (
        3 * 2 * 3 * 3 + 3 == 57 == sum(p.numel() for p in torch.nn.Conv2d(2, 3, 3).parameters())
    ),
)

# --- symbolic_sizes: H x W input, k x k kernel, stride s, padding p, checked over grids ---------
N = "symbolic_sizes"
SIZES = [
    (h, k, s, p)
    for h in range(1, 9)
    for k in range(1, 5)
    for s in (1, 2, 3)
    for p in range(3)
    if h + 2 * p >= k and p < k
]
# (H, W, k, s, p): non-square, output smaller than kernel, input smaller than kernel, s > 1, p > 0
CASES = [
    (5, 5, 3, 1, 0),
    (4, 6, 3, 2, 1),
    (7, 5, 2, 3, 0),
    (3, 3, 3, 1, 0),
    (2, 2, 3, 1, 1),
    (6, 4, 3, 2, 2),
    (5, 7, 1, 2, 0),
    (8, 6, 4, 3, 1),
    (6, 9, 3, 2, 0),
    (7, 7, 2, 2, 0),
    (4, 6, 2, 1, 0),
    (6, 3, 3, 1, 0),
]
CASES0 = [c for c in CASES if c[4] == 0]
CASES01 = [c for c in CASES0 if c[3] == 1]
SC = {c: c2(c[0], c[1], c[2], c[3], c[4], bias=False, seed=sum(c)) for c in CASES}


def _dx_bounded(
    c: tuple[int, ...], lo: Callable[[int], int], hi: Callable[[int], int], ho: int, wo: int
) -> bool:
    """dL/dx_{a,b} against sum_{i=lo(a)}^{hi(a)} sum_{j=lo(b)}^{hi(b)} g_{i,j} w_{a-si,b-sj}.

    The bounds are clipped to 0..ho-1 (rows) and 0..wo-1 (columns) as the note writes them.
    """
    t, s = SC[c], c[3]
    gs, ws, dxs_ = strict(t.G), strict(t.W), strict(t.dX)
    return every(
        [range(c[0]), range(c[1])],
        lambda a, b: close(
            dxs_(a, b),
            sum(
                gs(i, j) * ws(a - s * i, b - s * j)
                for i in range(max(0, lo(a)), min(ho - 1, hi(a)) + 1)
                for j in range(max(0, lo(b)), min(wo - 1, hi(b)) + 1)
            ),
        ),
    )


put(
    N,
    10,
    1,
    lambda: grid(SIZES, lambda h, k, s, p: conv_out(h, k, s, p) == floor_div(h + 2 * p - k, s) + 1),
)
put(
    N,
    10,
    2,
    lambda: grid(
        CASES,
        lambda h, wd, k, s, p: SC[(h, wd, k, s, p)].Y.shape[1] == floor_div(wd + 2 * p - k, s) + 1,
    ),
)
put(
    N,
    13,
    1,
    lambda: grid(SIZES, lambda h, k, s, p: conv_out(h, k, s, p) == ceil_div(h + 2 * p - k, s) + 1),
)
put(
    N,
    14,
    1,
    lambda: grid(SIZES, lambda h, k, s, p: conv_out(h, k, s, p) == floor_div(h + 2 * p - k, s)),
)
put(
    N,
    15,
    2,
    lambda: grid(
        [(h, k) for h in range(1, 9) for k in (1, 3, 5)],
        lambda h, k: conv_out(h, k, 1, (k - 1) // 2) == h,
    ),
)
put(
    N,
    20,
    1,
    lambda: grid(
        CASES,
        lambda h, wd, k, s, p: every(
            [range(SC[(h, wd, k, s, p)].Y.shape[0]), range(SC[(h, wd, k, s, p)].Y.shape[1])],
            lambda i, j: close(
                SC[(h, wd, k, s, p)].Y[i, j],
                sum(
                    strict(pad(SC[(h, wd, k, s, p)].X, p))(s * i + m, s * j + n)
                    * SC[(h, wd, k, s, p)].W[m, n]
                    for m in range(k)
                    for n in range(k)
                ),
            ),
        ),
    ),
)
put(
    N,
    24,
    1,
    lambda: grid(
        CASES,
        lambda h, wd, k, s, p: every(
            [range(k), range(k)],
            lambda m, n: close(
                SC[(h, wd, k, s, p)].dW[m, n],
                sum(
                    SC[(h, wd, k, s, p)].G[i, j]
                    * strict(pad(SC[(h, wd, k, s, p)].X, p))(s * i + m, s * j + n)
                    for i in range(SC[(h, wd, k, s, p)].G.shape[0])
                    for j in range(SC[(h, wd, k, s, p)].G.shape[1])
                ),
            ),
        ),
    ),
)
put(
    N,
    27,
    1,
    lambda: grid(
        [(ci, co, k) for ci in (1, 3) for co in (1, 2, 5) for k in (1, 2, 3)],
        lambda ci, co, k: (
            sum(p.numel() for p in torch.nn.Conv2d(ci, co, k).parameters()) == co * (ci * k * k + 1)
        ),
    ),
)
put(
    N,
    34,
    1,
    lambda: grid(
        CASES01,
        lambda h, wd, k, s, p: _dx_bounded(
            (h, wd, k, s, p), lambda a: a - k + 1, lambda a: a, h - k + 1, wd - k + 1
        ),
    ),
)
put(
    N,
    38,
    1,
    lambda: grid(
        CASES01,
        lambda h, wd, k, s, p: _dx_bounded(
            (h, wd, k, s, p), lambda a: a - k + 2, lambda a: a, h - k + 1, wd - k + 1
        ),
    ),
)
put(
    N,
    43,
    1,
    lambda: grid(
        CASES0,
        lambda h, wd, k, s, p: _dx_bounded(
            (h, wd, k, s, p),
            lambda a: ceil_div(a - k + 1, s),
            lambda a: floor_div(a, s),
            floor_div(h - k, s) + 1,
            floor_div(wd - k, s) + 1,
        ),
    ),
)
put(
    N,
    47,
    1,
    lambda: grid(
        CASES0,
        lambda h, wd, k, s, p: _dx_bounded(
            (h, wd, k, s, p),
            lambda a: ceil_div(a - k + 1, s),
            lambda a: ceil_div(a, s),
            floor_div(h - k, s) + 1,
            floor_div(wd - k, s) + 1,
        ),
    ),
)
put(
    N,
    52,
    1,
    lambda: grid(
        CASES0,
        lambda h, wd, k, s, p: same(
            SC[(h, wd, k, s, p)].dX,
            corr(pad(dilate(SC[(h, wd, k, s, p)].G, s), k - 1), rot(SC[(h, wd, k, s, p)].W)),
        ),
    ),
)
put(
    N,
    55,
    1,
    lambda: grid(
        CASES0,
        lambda h, wd, k, s, p: same(
            SC[(h, wd, k, s, p)].dX,
            corr(pad(dilate(SC[(h, wd, k, s, p)].G, s), k), rot(SC[(h, wd, k, s, p)].W)),
        ),
    ),
)
