"""Compiled loops (numba) for the 2x2 max pool, merged with a ReLU before it or alone, each
way in one pass.

NumPy runs the pool as whole-array passes: four window copies, three comparisons, three
maxima, the ReLU, and on the way back six mask products and four copies
(:mod:`.pool2x2`).  Each pass streams the whole activation through memory; a compiled loop
reads every window once and writes its result once.  On the VGG-like net's two pools
(batch 64, one thread, CPU time) forward and backward together took 1.39 and 0.57 ms in
NumPy against 0.37 and 0.16 ms here, a quarter of the step.

The loops compute exactly the node's formula, in the order of the NumPy path, so the
results are the same bits (the tests compare them bit for bit, ties, infinities and
odd sizes included):

- per window, m = first maximum in row-major order: m_0 = X[0, 0], replaced by X[0, 1]
  only if strictly greater; likewise for row 1; row 1's maximum replaces row 0's only if
  strictly greater (PyTorch's tie rule: the first maximum wins);
- Y = m where m > 0, else +0.0 (``np.maximum(m, 0)`` gives +0.0 for m = -0.0 too);
- W (uint8) keeps the winner's position p = 2a + b, plus 8 where m > 0: the windows
  whose G flows back (the gradient of relu(max) is G·[m > 0] at the winner, 0 elsewhere);
  the pool alone (``rectify`` false) keeps Y = m and marks every window (its gradient is G at the
  winner);
- dX[2i + a, 2j + b] = G[i, j] where W[i, j] = 8 + 2a + b, else +0.0; the rows and columns
  no window reads are +0.0.  G's value is copied, never multiplied, so an infinite or NaN G
  stays where it is routed, as PyTorch's scatter.

A NaN in a window is reported and the caller falls back to NumPy, whose NaN rule is written
there.  numba is optional: without it (or
with ``SYMCONV_COMPILED=0``) :func:`loops` is None and the NumPy path runs.  This module is
not part of an exported file (``ORDER`` in the package leaves it out): exported modules run
the NumPy path.
"""

from __future__ import annotations

import functools
import os
from types import SimpleNamespace


@functools.lru_cache(maxsize=1)
def loops() -> SimpleNamespace | None:
    """The compiled loops, or None when numba is absent or ``SYMCONV_COMPILED=0``.

    Imported on first use: numba costs about half a second to import, which commands that
    never run a network (check, prove, derive) should not pay."""
    if os.environ.get("SYMCONV_COMPILED", "1") == "0":
        return None
    try:
        import numba
    except ImportError:
        return None
    jit = numba.njit(cache=True, nogil=True)
    return SimpleNamespace(max_pool2x2=jit(_max_pool2x2), route_max2x2=jit(_route_max2x2))


def _max_pool2x2(x, y, won, rectify):  # pragma: no cover - compiled; via loops()
    """x (N, H, W, C) -> with ``rectify`` y = relu(max) and won = p + 8·[m > 0], else the
    pool alone: y = m and won = p + 8; y and won (N, Ho, Wo, C), all three contiguous.
    True when some window holds a NaN (y and won are then to be discarded)."""
    n, ho, wo, c = y.shape
    nan = False
    for a in range(n):
        for i in range(ho):
            for j in range(wo):
                for k in range(c):
                    v0 = x[a, 2 * i, 2 * j, k]
                    v1 = x[a, 2 * i, 2 * j + 1, k]
                    v2 = x[a, 2 * i + 1, 2 * j, k]
                    v3 = x[a, 2 * i + 1, 2 * j + 1, k]
                    # branch-free, so the loop vectorises (an if here: 3x slower)
                    nan |= (v0 != v0) | (v1 != v1) | (v2 != v2) | (v3 != v3)
                    m, p = v0, 0
                    if v1 > m:
                        m, p = v1, 1
                    r, q = v2, 2
                    if v3 > r:
                        r, q = v3, 3
                    if r > m:
                        m, p = r, q
                    if m > 0 or not rectify:
                        y[a, i, j, k] = m
                        won[a, i, j, k] = p + 8
                    else:
                        y[a, i, j, k] = 0.0
                        won[a, i, j, k] = p
    return nan


def _route_max2x2(g, sn, sh, won, dx):  # pragma: no cover - compiled; via loops()
    """G routed by won to dx (N, H, W, C): G where won = 8 + 2a + b.  G comes as the flat
    memory of an (N, Ho, Wo, C) array whose rows (Wo, C) are dense, entry [a, i, j, k] at
    a·sn + i·sh + j·C + k: a cropped input gradient is read where it lies (numba runs
    non-contiguous arrays about 8x slower, so every array here is contiguous)."""
    n, h, w, c = dx.shape
    ho, wo = won.shape[1], won.shape[2]
    for a in range(n):
        for i in range(ho):
            row = a * sn + i * sh
            for r in range(2):
                for j in range(wo):
                    for s in range(2):
                        mark = 8 + 2 * r + s
                        for k in range(c):
                            if won[a, i, j, k] == mark:
                                dx[a, 2 * i + r, 2 * j + s, k] = g[row + j * c + k]
                            else:
                                dx[a, 2 * i + r, 2 * j + s, k] = 0.0
                for col in range(2 * wo, w):
                    for k in range(c):
                        dx[a, 2 * i + r, col, k] = 0.0
        for row_out in range(2 * ho, h):
            for col in range(w):
                for k in range(c):
                    dx[a, row_out, col, k] = 0.0
