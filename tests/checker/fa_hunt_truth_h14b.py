"""Independent truth for the h14b round of fa_hunt notes (tests/data/check/fa_hunt/h14b/:
operator-level and general-size claims -- full / rot180 / dilate / crop compositions,
strided, dilated and transposed layers, grouped and depthwise counts, floors and ceilings,
clipped bounds, activation cases, batch and channel sums in cuDNN's letters, 1-based indices
-- in English, French, Portuguese and Chinese).

torch autograd and NumPy in float64, no symconv.  Each claim is found by an anchor (text on
exactly one line of the note) and its rank among the key's entries on that line.  A claim
with symbolic sizes is checked at several sets of sizes (non-square, kernel 1 and 3, strides
1-3), each against torch; a size or count with the torch module itself."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import product
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from fa_hunt_truth import _close, _params
from fa_hunt_truth_b import _by_anchor as by_anchor

Truth = Callable[[], bool]
HUNT = Path(__file__).resolve().parent.parent / "data" / "check" / "fa_hunt" / "h14b"
F64 = torch.float64
# (H, W, k): non-square, a 1x1 kernel, an output smaller than the kernel
SIZES = [(5, 7, 3), (4, 4, 2), (6, 5, 1), (4, 6, 3), (3, 3, 3)]


def _by_anchor(name: str, table: list[tuple[str, int, Truth]]) -> dict[tuple[int, int], Truth]:
    return by_anchor(name, table, HUNT)


def _grads(x_shape, w_shape, seed=0, op=F.conv2d, bias=False, **options):  # type: ignore[no-untyped-def]
    """x, w, g, dx, dw, db (NumPy) of ``op`` on random tensors (torch's layouts)."""
    r = np.random.default_rng(seed)
    x = torch.tensor(r.normal(size=x_shape), dtype=F64, requires_grad=True)
    w = torch.tensor(r.normal(size=w_shape), dtype=F64, requires_grad=True)
    out = w_shape[1] * options.get("groups", 1) if op is F.conv_transpose2d else w_shape[0]
    b = torch.tensor(r.normal(size=out), dtype=F64, requires_grad=True) if bias else None
    y = op(x, w, b, **options)
    g = r.normal(size=tuple(y.shape))
    (y * torch.tensor(g)).sum().backward()
    db = b.grad.numpy() if b is not None else None
    return x.detach().numpy(), w.detach().numpy(), g, x.grad.numpy(), w.grad.numpy(), db


def _one(h, w, k, stride=1, padding=0, seed=0):  # type: ignore[no-untyped-def]
    """One map, one filter: X, K, G, dX, dK (2-D NumPy arrays) and db (a number)."""
    x, f, g, dx, df, db = _grads((1, 1, h, w), (1, 1, k, k), seed, bias=True, stride=stride,
                                 padding=padding)  # fmt: skip
    return x[0, 0], f[0, 0], g[0, 0], dx[0, 0], df[0, 0], float(db[0])


def _corr(a: np.ndarray, f: np.ndarray, stride: int = 1) -> np.ndarray:
    """Valid cross-correlation of a with f (NumPy), an empty array where f is larger."""
    h, w = (a.shape[0] - f.shape[0]) // stride + 1, (a.shape[1] - f.shape[1]) // stride + 1
    if h <= 0 or w <= 0:
        return np.zeros((max(h, 0), max(w, 0)))
    return np.array(
        [
            [
                np.sum(a[i * stride :][: f.shape[0], j * stride :][:, : f.shape[1]] * f)
                for j in range(w)
            ]
            for i in range(h)
        ]
    )  # fmt: skip


def _pad(a: np.ndarray, n: int) -> np.ndarray:
    return np.pad(a, n)


def _dilate(a: np.ndarray, s: int) -> np.ndarray:
    """s - 1 zeros between neighbours, none at the border."""
    out = np.zeros(tuple((n - 1) * s + 1 for n in a.shape))
    out[tuple(slice(None, None, s) for _ in a.shape)] = a
    return out


def _rot(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1] if a.ndim == 2 else a[::-1]


def _crop(a: np.ndarray, n: int) -> np.ndarray:
    return a[n:-n, n:-n] if n else a


def _strided_kernel_grad(x: np.ndarray, g: np.ndarray, k: int, s: int) -> np.ndarray:
    """dK_{ab} = sum_ij G_ij X_{s i + a, s j + b}, the k x k kernel gradient read at stride s."""
    return np.array(
        [
            [
                sum(g[i, j] * x[s * i + a, s * j + b] for i, j in np.ndindex(g.shape))
                for b in range(k)
            ]
            for a in range(k)
        ]
    )


def _all_sizes(claim: Callable[[int, int, int], bool]) -> bool:
    return all(claim(h, w, k) for h, w, k in SIZES)


def _out_side(n: int, k: int, s: int = 1, p: int = 0) -> int:
    return int(torch.nn.Conv1d(1, 1, k, stride=s, padding=p)(torch.zeros(1, 1, n)).shape[-1])


def _sides() -> list[tuple[int, int, int]]:
    """(H, k, s) with the kernel inside the input."""
    return [(n, k, s) for n, k, s in product(range(1, 12), range(1, 6), range(1, 5)) if k <= n]


# --- full_rot_en: one map X (H x W), kernel F (K x K), stride 1; * flips, "full" pads K - 1 ----
def _full_rot() -> dict:
    def holds(claim) -> Truth:  # type: ignore[no-untyped-def]
        def check(h: int, w: int, k: int) -> bool:
            x, f, g, dx, df, db = _one(h, w, k, seed=h * 10 + k)
            return bool(claim(x, f, g, dx, df, db, k))

        return lambda: _all_sizes(check)

    def entry_dx(x, f, g, dx, df, db, k) -> bool:  # type: ignore[no-untyped-def]
        def at(p: int, q: int) -> float:
            return sum(
                g[p - u, q - v] * f[u, v]
                for u in range(k)
                for v in range(k)
                if 0 <= p - u < g.shape[0] and 0 <= q - v < g.shape[1]
            )

        return all(math.isclose(at(p, q), dx[p, q], abs_tol=1e-12) for p, q in np.ndindex(dx.shape))

    def entry_df(extra: int):  # type: ignore[no-untyped-def]
        def check(x, f, g, dx, df, db, k) -> bool:  # type: ignore[no-untyped-def]
            h, w = x.shape
            rows, cols = range(h - k + 1 + extra), range(w - k + 1 + extra)
            if rows[-1] >= g.shape[0] or cols[-1] >= g.shape[1]:
                return False  # the bound reads G past its end
            return all(
                math.isclose(
                    sum(g[i, j] * x[i + u, j + v] for i in rows for j in cols),
                    df[u, v],
                    abs_tol=1e-12,
                )
                for u, v in np.ndindex(df.shape)
            )

        return check

    full = lambda x, f, g, dx, df, db, k: _close(_corr(_pad(g, k - 1), _rot(f)), dx)  # noqa: E731
    return _by_anchor(
        "full_rot_en",
        [
            ("= X \\star G$$", 0, holds(lambda x, f, g, dx, df, db, k: _close(_corr(x, g), df))),
            ("= G \\star X$.", 0, holds(lambda x, f, g, dx, df, db, k: _close(_corr(g, x), df))),
            ("= G *_{\\text{full}} F$$", 0, holds(full)),
            ("\\star \\operatorname{rot180}(F)$$", 0, holds(full)),
            (
                "(\\operatorname{rot180}(G)) \\star F$$",
                0,
                holds(lambda x, f, g, dx, df, db, k: _close(_corr(_pad(_rot(g), k - 1), f), dx)),
            ),
            (
                "forget the flip altogether",
                0,
                holds(lambda x, f, g, dx, df, db, k: _close(_corr(_pad(g, k - 1), f), dx)),
            ),
            ("**Bias.**", 0, holds(lambda x, f, g, dx, df, db, k: math.isclose(g.sum(), db))),
            ("\\partial X_{pq}} =", 0, holds(entry_dx)),
            ("F_{uv}} = \\sum_{i=0}^{H-K}", 0, holds(entry_df(0))),
            ("F_{uv}} = \\sum_{i=0}^{H-K+1}", 0, holds(entry_df(1))),
        ],
    )


# --- pas_dilatation_fr: stride s, no padding, symbolic sizes ------------------------------------
def _pas() -> dict:
    strided = [(h, w, k, s) for (h, w, k), s in product(SIZES, (1, 2, 3))]

    def at_strides(claim) -> Truth:  # type: ignore[no-untyped-def]
        def check() -> bool:
            for h, w, k, s in strided:
                x, kk, g, dx, dk, _ = _one(h, w, k, stride=s, seed=h + 7 * s)
                if not claim(x, kk, g, dx, dk, s, k):
                    return False
            return True

        return check

    def dk(scale):  # type: ignore[no-untyped-def]
        def check(x, kk, g, dx, dk_, s, k) -> bool:  # type: ignore[no-untyped-def]
            return _close(_strided_kernel_grad(x, g, k, scale(s)), dk_)

        return check

    def dx_entries(step):  # type: ignore[no-untyped-def]
        def check(x, kk, g, dx, dk_, s, k) -> bool:  # type: ignore[no-untyped-def]
            def at(p: int, q: int) -> float:
                return sum(
                    g[i, j] * kk[p - step(s) * i, q - step(s) * j]
                    for i, j in np.ndindex(g.shape)
                    if 0 <= p - step(s) * i < k and 0 <= q - step(s) * j < k
                )

            return all(
                math.isclose(at(p, q), dx[p, q], abs_tol=1e-12) for p, q in np.ndindex(dx.shape)
            )

        return check

    def formula(f) -> Truth:  # type: ignore[no-untyped-def]
        return lambda: all(f(n, k, s) == _out_side(n, k, s) for n, k, s in _sides())

    return _by_anchor(
        "pas_dilatation_fr",
        [
            ("\\left\\lfloor \\frac{H - k}{s}", 0, formula(lambda n, k, s: (n - k) // s + 1)),
            (
                "\\left\\lceil \\frac{H - k}{s}",
                0,
                formula(lambda n, k, s: math.ceil((n - k) / s) + 1),
            ),
            (
                "\\left\\lceil \\frac{H - k + 1}{s}",
                0,
                formula(lambda n, k, s: math.ceil((n - k + 1) / s)),
            ),
            ("\\left\\lfloor \\frac{H - k + 1}{s}", 0, formula(lambda n, k, s: (n - k + 1) // s)),
            ("X_{si+a,\\, sj+b}$$", 0, at_strides(dk(lambda s: s))),
            ("X_{i+a,\\, j+b}$$", 0, at_strides(dk(lambda s: 1))),
            ("K_{p-si,\\, q-sj}$$", 0, at_strides(dx_entries(lambda s: s))),
            ("K_{p-(s+1)i", 0, at_strides(dx_entries(lambda s: s + 1))),
            ("\\lfloor 6/2 \\rfloor", 3, lambda: _out_side(9, 3, 2) == 6 // 2 + 1),
            ("\\lfloor 6/2 \\rfloor", 4, lambda: _out_side(9, 3, 2) == 4),
        ],
    )


# --- transposta_pt: ConvTranspose2d with output_padding, sizes from torch ----------------------
def _t_side(n: int, k: int, s: int, p: int, a: int, d: int = 1) -> int | None:
    if a >= max(s, d) or (n - 1) * s - 2 * p + d * (k - 1) + a + 1 < 1:
        return None  # torch refuses these settings
    layer = torch.nn.ConvTranspose1d(1, 1, k, stride=s, padding=p, output_padding=a, dilation=d)
    return int(layer(torch.zeros(1, 1, n)).shape[-1])


def _transposta() -> dict:
    grid = list(product(range(1, 6), range(1, 5), range(1, 4), range(0, 3), range(0, 3), (1, 2)))

    def formula(f, dilated: bool = False) -> Truth:  # type: ignore[no-untyped-def]
        def check() -> bool:
            for n, k, s, p, a, d in grid:
                if d > 1 and not dilated:
                    continue
                side = _t_side(n, k, s, p, a, d)
                if side is not None and f(n, k, s, p, a, d) != side:
                    return False
            return True

        return check

    def input_gradient() -> bool:
        _, w, g, dx, _, _ = _grads((1, 2, 3, 4), (2, 3, 2, 2), 5, op=F.conv_transpose2d, stride=2)
        return _close(F.conv2d(torch.tensor(g), torch.tensor(w), stride=2).numpy(), dx)

    big = torch.nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)
    side8 = int(big(torch.zeros(1, 1, 4, 4)).shape[-1])
    side7 = int(
        torch.nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)(torch.zeros(1, 1, 4, 4)).shape[-1]
    )
    back = {_out_side(n, 3, 2, 1) for n in (7, 8)}
    grouped = _params(torch.nn.ConvTranspose2d(8, 4, 3, stride=2, groups=2))
    return _by_anchor(
        "transposta_pt",
        [
            (
                "H_{out} = (H - 1)s - 2p + k + a$$",
                0,
                formula(lambda n, k, s, p, a, d: (n - 1) * s - 2 * p + k + a),
            ),
            ("+ k - a$", 0, formula(lambda n, k, s, p, a, d: (n - 1) * s - 2 * p + k - a)),
            (
                "d(k - 1) + a + 1$$",
                0,
                formula(lambda n, k, s, p, a, d: (n - 1) * s - 2 * p + d * (k - 1) + a + 1, True),
            ),
            ("= Hs - 2p + k + a$", 0, formula(lambda n, k, s, p, a, d: n * s - 2 * p + k + a)),
            ("3 \\cdot 2 - 2 + 3 + 1 = 8", 5, lambda: side8 == 3 * 2 - 2 + 3 + 1),
            ("3 \\cdot 2 - 2 + 3 + 1 = 8", 6, lambda: side8 == 8),
            ("3 \\cdot 2 - 2 + 3 = 7", 0, lambda: 3 * 2 - 2 + 3 == side7 == 7),
            ("\\lfloor (7 + 2 - 3)/2", 0, lambda: back == {(7 + 2 - 3) // 2 + 1} == {4}),
            ("= 148$", 0, lambda: 8 * 2 * 3 * 3 + 4 == grouped == 148),
            ("= 292$", 0, lambda: grouped == 8 * 4 * 3 * 3 + 4),
            ("G \\star_s W$ quando", 0, input_gradient),
        ],
    )


# --- fenzu_shendu_zh: depthwise conv (groups = C), batch N, symbolic sizes ----------------------
def _fenzu() -> dict:
    n, c, h, w, k = 2, 3, 5, 6, 3
    x, kk, g, dx, dk, db = _grads((n, c, h, w), (c, 1, k, k), 9, bias=True, groups=c)
    kk, dk = kk[:, 0], dk[:, 0]
    ho, wo = h - k + 1, w - k + 1

    def dk_claim(channels: bool, batch: bool) -> bool:
        for cc, u, v in np.ndindex(c, k, k):
            ins = range(c) if channels else [cc]
            for nn in [None] if batch else range(n):
                samples = range(n) if batch else [nn]
                got = sum(
                    g[s, cc, i, j] * x[s, ci, i + u, j + v]
                    for s in samples
                    for ci in ins
                    for i in range(ho)
                    for j in range(wo)
                )
                if not math.isclose(got, dk[cc, u, v], abs_tol=1e-12):
                    return False
        return True

    def dx_claim() -> bool:
        def at(s: int, cc: int, p: int, q: int) -> float:
            return sum(
                g[s, cc, p - u, q - v] * kk[cc, u, v]
                for u in range(k)
                for v in range(k)
                if 0 <= p - u < ho and 0 <= q - v < wo
            )

        return all(math.isclose(at(*i), dx[i], abs_tol=1e-12) for i in np.ndindex(dx.shape))

    return _by_anchor(
        "fenzu_shendu_zh",
        [
            ("K_{c,u,v}} = \\sum_{n=0}^{N-1}\\sum_{i=0}", 0, lambda: dk_claim(False, True)),
            ("X_{n,c',i+u,j+v}$$", 0, lambda: dk_claim(True, True)),
            ("K_{c,u,v}} = \\sum_{i=0}", 0, lambda: dk_claim(False, False)),
            ("b_c} =", 0, lambda: _close(db, g.sum((0, 2, 3)))),
            ("X_{n,c,p,q}} =", 0, dx_claim),
            (
                "= 160$",
                0,
                lambda: 16 * 9 + 16 == _params(torch.nn.Conv2d(16, 16, 3, groups=16)) == 160,
            ),
            (
                "= 512$",
                1,
                lambda: 16 * 32 == _params(torch.nn.Conv2d(16, 32, 1, bias=False)) == 512,
            ),
            (
                "= 672$",
                0,
                lambda: _params(torch.nn.Conv2d(12, 24, 3, groups=4)) == 12 * 24 * 9 / 4 + 24,
            ),
        ],
    )


# --- ativacoes_casos_pt: delta = dL/dZ through g, entrywise (torch autograd) ---------------------
def _through(act, seed: int = 3):  # type: ignore[no-untyped-def]
    """z (with no zero), a = act(z), dA, delta = dL/dz by autograd."""
    r = np.random.default_rng(seed)
    z = torch.tensor(r.normal(size=(4, 5)), dtype=F64, requires_grad=True)
    da = r.normal(size=(4, 5))
    a = act(z)
    (a * torch.tensor(da)).sum().backward()
    return z.detach().numpy(), a.detach().numpy(), da, z.grad.numpy()


def _derivative(act, formula) -> bool:  # type: ignore[no-untyped-def]
    """formula(z) is act'(z) at every test point (none at a kink)."""
    z = torch.tensor([-2.5, -0.7, -0.1, 0.3, 0.9, 2.2], dtype=F64, requires_grad=True)
    act(z).sum().backward()
    return _close(np.array([formula(v) for v in z.detach().numpy()]), z.grad.numpy())


def _ativacoes() -> dict:
    z, a, da, relu_delta = _through(torch.relu)
    sz, sa, sda, sig_delta = _through(torch.sigmoid)
    _, ta, tda, tanh_delta = _through(torch.tanh)
    sig = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
    leaky = lambda t: F.leaky_relu(t, 0.01)  # noqa: E731
    x, w, g, dx, dw, _ = _one(5, 6, 3, seed=4)  # A^{[l-1]}, W, delta^{[l]}
    return _by_anchor(
        "ativacoes_casos_pt",
        [
            (
                "\\text{se } z > 0",
                0,
                lambda: _derivative(torch.relu, lambda v: 1.0 if v > 0 else 0.0),
            ),
            ("e $0$ caso contrário", 0, lambda: _close(np.where(z > 0, da, 0.0), relu_delta)),
            ("A^{[l]}_{ij} \\le 0", 0, lambda: _close(np.where(a > 0, da, 0.0), relu_delta)),
            (
                "g'(z) = g(z)(1 - g(z))",
                0,
                lambda: _derivative(torch.sigmoid, lambda v: sig(v) * (1 - sig(v))),
            ),
            ("g'(z) = g(z)(1 - g(z))", 1, lambda: _close(sda * sa * (1 - sa), sig_delta)),
            (
                "\\odot Z^{[l]} \\odot (1 - Z^{[l]})",
                0,
                lambda: _close(sda * sz * (1 - sz), sig_delta),
            ),
            (
                "1 - \\tanh^2(z)",
                0,
                lambda: _derivative(torch.tanh, lambda v: 1 - math.tanh(v) ** 2),
            ),
            ("1 - \\tanh^2(z)", 1, lambda: _close(tda * (1 - ta**2), tanh_delta)),
            ("1 - \\tanh(z^2)", 0, lambda: _derivative(torch.tanh, lambda v: 1 - math.tanh(v**2))),
            ("\\alpha & z < 0", 0, lambda: _derivative(leaky, lambda v: 1.0 if v > 0 else 0.01)),
            ("\\max(\\alpha, z)", 0, lambda: _derivative(leaky, lambda v: max(0.01, v))),
            ("dA^{[l-1]} = \\operatorname{pad}", 0, lambda: _close(_corr(_pad(g, 2), _rot(w)), dx)),
            ("= A^{[l-1]} \\star \\delta^{[l]}", 0, lambda: _close(_corr(x, g), dw)),
        ],
    )


# --- lot_canaux_1based_fr: N x C x H x W, K filters C x R x S, 1-based (checked 0-based) --------
def _lot() -> dict:
    n, c, h, w, k, r, s = 2, 3, 5, 6, 2, 2, 3
    x, wt, g, dx, dw, db = _grads((n, c, h, w), (k, c, r, s), 13, bias=True)
    p, q = h - r + 1, w - s + 1

    def dw_claim(batch: bool) -> bool:
        for kk, cc, rr, ss in np.ndindex(k, c, r, s):
            for nn in [None] if batch else range(n):
                samples = range(n) if batch else [nn]
                got = sum(
                    g[m, kk, i, j] * x[m, cc, i + rr, j + ss]
                    for m in samples
                    for i in range(p)
                    for j in range(q)
                )
                if not math.isclose(got, dw[kk, cc, rr, ss], abs_tol=1e-12):
                    return False
        return True

    def dx_claim(sign: int, over: int) -> bool:
        # 1-based h - r + 1 is 0-based h - r; h + r - 1 is 0-based h + r
        try:
            for nn, cc, hh, ww in np.ndindex(dx.shape):
                got = 0.0
                for f, rr, ss in np.ndindex(over, r, s):
                    i, j = hh + sign * rr, ww + sign * ss
                    if 0 <= i < p and 0 <= j < q:
                        got += g[nn, f, i, j] * wt[f, cc, rr, ss]
                if not math.isclose(got, dx[nn, cc, hh, ww], abs_tol=1e-12):
                    return False
        except IndexError:
            return False  # a channel index past G's or W's end
        return True

    side = int(torch.nn.Conv2d(3, 16, 5)(torch.zeros(1, 3, 32, 32)).shape[-1])
    return _by_anchor(
        "lot_canaux_1based_fr",
        [
            (
                "\\sum_{n=1}^{N}\\sum_{p=1}^{P}\\sum_{q=1}^{Q} G_{n,k,p,q}\\, X",
                0,
                lambda: dw_claim(True),
            ),
            ("W_{k,c,r,s}} = \\sum_{p=1}", 0, lambda: dw_claim(False)),
            ("b_k} =", 0, lambda: _close(db, g.sum((0, 2, 3)))),
            ("G_{n,k,h-r+1,w-s+1}", 0, lambda: dx_claim(-1, k)),
            ("G_{n,k,h+r-1,w+s-1}", 0, lambda: dx_claim(1, k)),
            ("G_{n,c',h-r+1", 0, lambda: dx_claim(-1, c)),
            ("= 1216$", 7, lambda: side == 32 - 5 + 1 == 28),
            (
                "= 1216$",
                8,
                lambda: 16 * 3 * 5 * 5 + 16 == _params(torch.nn.Conv2d(3, 16, 5)) == 1216,
            ),
        ],
    )


# --- dilated_bounds_en: 1-D, x of n, w of k, dilation d, stride 1 -------------------------------
DILATED = [(9, 3, 2), (10, 2, 3), (7, 3, 1), (8, 1, 2), (6, 3, 2), (5, 2, 1)]


def _grads_1d(n: int, k: int, d: int, seed: int = 0):  # type: ignore[no-untyped-def]
    x, w, g, dx, dw, _ = _grads((1, 1, n), (1, 1, k), seed, op=F.conv1d, dilation=d)
    return x[0, 0], w[0, 0], g[0, 0], dx[0, 0], dw[0, 0]


def _dilated() -> dict:
    def over(claim, only_d1: bool = False) -> Truth:  # type: ignore[no-untyped-def]
        def check() -> bool:
            for n, k, d in DILATED:
                if only_d1 and d != 1:
                    continue
                if not claim(*_grads_1d(n, k, d, n + k + d), n, k, d):
                    return False
            return True

        return check

    def clipped(lower, upper):  # type: ignore[no-untyped-def]
        def check(x, w, g, dx, dw, n, k, d) -> bool:  # type: ignore[no-untyped-def]
            n_out = n - d * (k - 1)
            for j in range(n):
                total = 0.0
                for m in range(lower(j, n_out, d), upper(j, k, d) + 1):
                    if not 0 <= j - d * m < n_out:
                        return False  # a term reads g past its ends
                    total += g[j - d * m] * w[m]
                if not math.isclose(total, dx[j], abs_tol=1e-12):
                    return False
            return True

        return check

    ceil_low = lambda j, n_out, d: max(0, math.ceil((j - n_out + 1) / d))  # noqa: E731
    floor_low = lambda j, n_out, d: max(0, (j - n_out + 1) // d)  # noqa: E731
    up = lambda j, k, d: min(k - 1, j // d)  # noqa: E731

    def kernel(x, w, g, dx, dw, n, k, d) -> bool:  # type: ignore[no-untyped-def]
        n_out = n - d * (k - 1)
        return _close([sum(g[i] * x[i + d * m] for i in range(n_out)) for m in range(k)], dw)

    def operator(amount):  # type: ignore[no-untyped-def]
        def check(x, w, g, dx, dw, n, k, d) -> bool:  # type: ignore[no-untyped-def]
            got = _corr(_pad(g, amount(k, d))[None, :], _dilate(w[::-1], d)[None, :])[0]
            return _close(got, dx)

        return check

    return _by_anchor(
        "dilated_bounds_en",
        [
            ("\\partial w_m} =", 0, over(kernel)),
            ("\\lceil (j - n_{out} + 1)/d \\rceil", 0, over(clipped(ceil_low, up))),
            ("\\lfloor (j - n_{out} + 1)/d \\rfloor", 0, over(clipped(floor_low, up))),
            ("Undilated case", 1, over(clipped(ceil_low, up), True)),
            (
                "shortcut seen in a solution manual",
                1,
                over(clipped(lambda j, n_out, d: 0, up), True),
            ),
            (
                "\\operatorname{pad}_{k-1}(g) \\star \\operatorname{flip}(w)$.",
                1,
                over(operator(lambda k, d: k - 1), True),
            ),
            ("\\operatorname{pad}_{d(k-1)}(g)", 0, over(operator(lambda k, d: d * (k - 1)))),
            ("Wrong padding for general", 0, over(operator(lambda k, d: k - 1))),
        ],
    )


# --- buchang_caijian_zh: X 7x7, W 3x3, stride 2, padding 1 --------------------------------------
def _buchang() -> dict:
    x, w, g, dx, dw, db = _one(7, 7, 3, stride=2, padding=1, seed=21)
    full = _corr(_pad(_dilate(g, 2), 2), _rot(w))
    # the terms a claim writes, (i, j, u, v) for G_{ij} W_{uv}; X_{11} sits at padded (2, 2),
    # read by the windows at rows 0 and 2 of the padded input: taps 2 and 0
    four = [(i, j, 2 - 2 * i, 2 - 2 * j) for i in range(2) for j in range(2)]

    def written(terms: list[tuple[int, int, int, int]]) -> float:
        return sum(g[i, j] * w[u, v] for i, j, u, v in terms)

    return _by_anchor(
        "buchang_caijian_zh",
        [
            ("7 + 2 \\cdot 1 - 3", 0, lambda: (7 + 2 - 3) // 2 + 1 == _out_side(7, 3, 2, 1) == 4),
            ("卷积核梯度", 0, lambda: _close(_corr(_pad(x, 1), _dilate(g, 2)), dw)),
            ("没有填充输入", 0, lambda: _close(_corr(x, _dilate(g, 2)), dw)),
            ("输入梯度", 0, lambda: _close(_crop(full, 1), dx)),
            (
                "旋转了",
                0,
                lambda: _close(_crop(_corr(_pad(_dilate(_rot(g), 2), 2), w), 1), dx),
            ),
            ("几个分量", 0, lambda: math.isclose(dx[0, 0], written([(0, 0, 1, 1)]))),
            ("几个分量", 1, lambda: math.isclose(dx[1, 1], written(four))),
            ("忘了填充", 0, lambda: math.isclose(dx[0, 0], written([(0, 0, 0, 0)]))),
            ("偏置", 0, lambda: math.isclose(db, g[:4, :4].sum())),
            ("偏置", 1, lambda: math.isclose(db, g[:3, :3].sum())),
        ],
    )


# --- im2col_transpose_en: C channels, F filters, one image, stride 1 ----------------------------
def _im2col() -> dict:
    c, f, h, w, k = 2, 3, 5, 6, 3
    x, wt, g, dx, dw, db = _grads((1, c, h, w), (f, c, k, k), 17, bias=True)
    cols = F.unfold(torch.tensor(x), k)[0].numpy()  # (C k^2) x (H' W')
    rows = wt.reshape(f, -1)  # F x (C k^2)
    gm = g.reshape(f, -1)  # F x (H' W')
    fold = lambda m: F.fold(torch.tensor(m)[None], (h, w), k)[0].numpy()  # noqa: E731
    one = _one(5, 6, 3, seed=6)  # one channel and one filter: x, K, G, dX
    return _by_anchor(
        "im2col_transpose_en",
        [
            (
                "1. $\\frac{\\partial L}{\\partial W_{row}}",
                0,
                lambda: _close(gm @ cols.T, dw.reshape(f, -1)),
            ),
            ("= X_{col} G_{mat}^{\\top}$", 0, lambda: _close(cols @ gm.T, dw.reshape(f, -1))),
            ("= W_{row}^{\\top} G_{mat}$", 0, lambda: _close(fold(rows.T @ gm), dx[0])),
            (
                "= G_{mat} W_{row}^{\\top}$",
                0,
                lambda: gm.shape[1] == rows.shape[1] and _close(gm @ rows.T, cols),
            ),
            ("G_{mat} \\mathbf{1}$", 0, lambda: _close(gm @ np.ones(gm.shape[1]), db)),
            ("= 13824$", 5, lambda: 8 * 27 * 64 == 8 * (3 * 3 * 3) * (10 - 3 + 1) ** 2 == 13824),
            ("\\star W^{\\top}$", 0, lambda: _close(_corr(_pad(one[2], 2), one[1].T), one[3])),
            (
                "The right form for one channel",
                0,
                lambda: _close(_corr(_pad(one[2], 2), _rot(one[1])), one[3]),
            ),
        ],
    )


# --- groupes_transposee_fr: grouped counts; X 6x6, W 3x3, stride 2 (last row never read) -------
def _groupes() -> dict:
    x, w, g, dx, dw, _ = _one(6, 6, 3, stride=2, seed=31)

    def grouped(c_in: int, c_out: int, k: int, groups: int) -> bool:
        layer = torch.nn.Conv2d(c_in, c_out, k, groups=groups)
        return _params(layer) == c_in // groups * c_out * k * k + c_out

    def at(p: int, q: int, terms: list[tuple[int, int, int, int]]) -> bool:
        return math.isclose(dx[p, q], sum(g[i, j] * w[u, v] for i, j, u, v in terms), abs_tol=1e-12)

    return _by_anchor(
        "groupes_transposee_fr",
        [
            (
                "\\frac{C_{in}}{g}",
                0,
                lambda: all(
                    grouped(*s) for s in [(4, 4, 3, 2), (6, 9, 1, 3), (8, 4, 2, 4), (3, 5, 3, 1)]
                ),
            ),
            (
                "= 2368$",
                0,
                lambda: _params(torch.nn.Conv2d(32, 64, 3, groups=8)) == 4 * 64 * 9 + 64,
            ),
            (
                "= 800$",
                0,
                lambda: _params(torch.nn.Conv2d(32, 32, 5, groups=32, bias=False)) == 32 * 25,
            ),
            (
                "\\star \\operatorname{dilate}_2(G)$$",
                0,
                lambda: _close(_corr(x, _dilate(g, 2)), dw),
            ),
            ("X_{2i+a,\\, 2j+b}", 0, lambda: _close(_strided_kernel_grad(x, g, 3, 2), dw)),
            ("X_{55}} = 0", 0, lambda: dx[5, 5] == 0),
            ("X_{44}} =", 0, lambda: at(4, 4, [(1, 1, 2, 2)])),
            (
                "X_{22}} =",
                0,
                lambda: at(2, 2, [(0, 0, 2, 2), (0, 1, 2, 0), (1, 0, 0, 2), (1, 1, 0, 0)]),
            ),
            ("X_{23}} =", 0, lambda: at(2, 3, [(0, 1, 2, 1), (1, 1, 0, 1)])),
        ],
    )


# --- zhuanzhi_zh: ConvTranspose2d sizes with output padding, symbolic ---------------------------
def _zhuanzhi() -> dict:
    grid = list(product(range(1, 6), range(1, 5), range(1, 4), range(0, 3), range(0, 3)))

    def formula(f, plain: bool = False) -> Truth:  # type: ignore[no-untyped-def]
        def check() -> bool:
            for n, k, s, p, a in grid:
                if plain and (s, p, a) != (1, 0, 0):
                    continue
                side = _t_side(n, k, s, p, a)
                if side is not None and f(n, k, s, p, a) != side:
                    return False
            return True

        return check

    layer = torch.nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)
    side = int(layer(torch.zeros(1, 16, 14, 14)).shape[-1])
    return _by_anchor(
        "zhuanzhi_zh",
        [
            ("- 2p + k + a$。", 0, formula(lambda n, k, s, p, a: (n - 1) * s - 2 * p + k + a)),
            ("+ 2p + k + a$", 0, formula(lambda n, k, s, p, a: (n - 1) * s + 2 * p + k + a)),
            ("H_{out} = H + k - 1$", 3, formula(lambda n, k, s, p, a: n + k - 1, True)),
            ("H_{out} = H + k$。", 3, formula(lambda n, k, s, p, a: n + k, True)),
            ("= 2056$", 0, lambda: side == 13 * 2 - 2 + 4 == 28),
            ("= 2056$", 1, lambda: _params(layer) == 16 * 8 * 16 + 8 == 2056),
        ],
    )


TRUTH_H14B: dict[str, Callable[[], dict[tuple[int, int], Truth]]] = {
    "full_rot_en": _full_rot,
    "pas_dilatation_fr": _pas,
    "transposta_pt": _transposta,
    "fenzu_shendu_zh": _fenzu,
    "ativacoes_casos_pt": _ativacoes,
    "lot_canaux_1based_fr": _lot,
    "dilated_bounds_en": _dilated,
    "buchang_caijian_zh": _buchang,
    "im2col_transpose_en": _im2col,
    "groupes_transposee_fr": _groupes,
    "zhuanzhi_zh": _zhuanzhi,
}
