"""Independent truth for the second round of fa_hunt notes (torch autograd and NumPy in
float64, no symconv): an Italian thesis on separable convolutions, a Keras blog post, a
Spanish exam in functional notation, a stride-2 cheat sheet, a French forum answer on
ConvTranspose1d, a German pooling lecture, a Portuguese softmax exam, a Polish lecture on
dilation, a notebook on batched NCHW tensors, a Portuguese architecture table, an exam on
symbolic sizes, a Swedish dense-layer exam and a Japanese blog on ConvTranspose2d.

Each claim is found by an anchor (text on exactly one line of the note) and its rank among
the key's entries on that line; both sides are computed at the note's sizes on random
tensors (or the note's numbers), a count or size with the torch module itself, and a
symbolic size formula over a grid of sizes."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from fa_hunt_truth import _close, _conv_side, _params, _t, _tconv_side

Truth = Callable[[], bool]
HUNT = Path(__file__).resolve().parent.parent / "data" / "check" / "fa_hunt"


def _line(name: str, anchor: str, folder: Path = HUNT) -> int:
    lines = (folder / f"{name}.md").read_text().split("\n")
    hits = [n for n, text in enumerate(lines, start=1) if anchor in text]
    assert len(hits) == 1, (name, anchor, hits)
    return hits[0]


def _by_anchor(
    name: str, table: list[tuple[str, int, Truth]], folder: Path = HUNT
) -> dict[tuple[int, int], Truth]:
    return {(_line(name, anchor, folder), rank): truth for anchor, rank, truth in table}


def _grads_2d(x_shape, k_shape, stride=1, padding=0, seed=0):  # type: ignore[no-untyped-def]
    """X, K, G and the gradients dX, dK, db of conv2d (one channel) by autograd."""
    r = np.random.default_rng(seed)
    x, k, b = _t(r.normal(size=x_shape)), _t(r.normal(size=k_shape)), _t(r.normal(size=1))
    y = F.conv2d(x.view(1, 1, *x_shape), k.view(1, 1, *k_shape), b, stride, padding)[0, 0]
    g = r.normal(size=tuple(y.shape))
    (y * torch.tensor(g)).sum().backward()
    return x.detach().numpy(), k.detach().numpy(), g, x.grad.numpy(), k.grad.numpy(), b.grad[0]


def _grads_1d(op, n: int, k: int, seed: int, **options):  # type: ignore[no-untyped-def]
    """x, w, y, g and the gradients dx, dw (NumPy) of a 1-D ``op`` (conv1d or
    conv_transpose1d, one channel, no bias) by autograd."""
    r = np.random.default_rng(seed)
    x, w = _t(r.normal(size=n)), _t(r.normal(size=k))
    y = op(x.view(1, 1, n), w.view(1, 1, k), **options).view(-1)
    g = r.normal(size=y.shape[0])
    (y * torch.tensor(g)).sum().backward()
    return (
        x.detach().numpy(),
        w.detach().numpy(),
        y.detach().numpy(),
        g,
        x.grad.numpy(),
        w.grad.numpy(),
    )


def _corr(a: np.ndarray, f: np.ndarray) -> np.ndarray:
    """Valid cross-correlation of a with f (NumPy)."""
    h, w = a.shape[0] - f.shape[0] + 1, a.shape[1] - f.shape[1] + 1
    return np.array(
        [
            [np.sum(a[i : i + f.shape[0], j : j + f.shape[1]] * f) for j in range(w)]
            for i in range(h)
        ]
    )


def _dilate(g: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((g.shape[0] - 1) * s + 1, (g.shape[1] - 1) * s + 1))
    out[::s, ::s] = g
    return out


# --- tesi_separabili_it: depthwise 32 -> 32 (groups 32, no bias), pointwise 32 -> 64 ---------
def _tesi() -> dict[tuple[int, int], Truth]:
    dw = torch.nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False)
    pw = torch.nn.Conv2d(32, 64, 1)
    full = torch.nn.Conv2d(32, 64, 3, padding=1)
    grouped = torch.nn.Conv2d(32, 32, 3, padding=1, groups=4, bias=False)
    dw_bias = torch.nn.Conv2d(32, 32, 3, padding=1, groups=32)
    strided = torch.nn.Conv2d(32, 32, 3, stride=2, padding=1, groups=32, bias=False)
    x, k, g, dx, dk, _ = _grads_2d((5, 5), (3, 3), seed=11)
    return _by_anchor(
        "tesi_separabili_it",
        [
            ("$$32 \\cdot 3 \\cdot 3 = 288$$", 0, lambda: _params(dw) == 32 * 3 * 3 == 288),
            ("$$64 \\cdot 32 + 64 = 2112$$", 0, lambda: _params(pw) == 64 * 32 + 64 == 2112),
            ("= 18496$$", 0, lambda: _params(full) == 64 * 32 * 9 + 64 == 18496),
            ("$32 \\cdot 9 + 1 = 289$", 0, lambda: _params(dw_bias) == 32 * 9 + 1),
            (
                "+ 1 = 28$$",
                0,
                lambda: (
                    strided(torch.zeros(1, 32, 56, 56)).shape[-1] == (56 + 2 - 3) // 2 + 1 == 28
                ),
            ),
            ("$$32 \\cdot 8 \\cdot 3 \\cdot 3 = 2304$$", 0, lambda: _params(grouped) == 2304),
            ("{\\partial K_c} = X_c \\star G_c$$", 0, lambda: _close(dk, _corr(x, g))),
            (
                "\\operatorname{pad}_2(G_c) \\star",
                0,
                lambda: _close(dx, _corr(np.pad(g, 2), np.rot90(k, 2))),
            ),
            ("X_{c,0,0}}", 0, lambda: math.isclose(dx[0, 0], g[0, 0] * k[0, 0])),
            ("X_{c,4,0}}", 0, lambda: math.isclose(dx[4, 0], g[2, 0] * k[0, 0])),
        ],
    )


# --- keras_channels_last: the same model in PyTorch (channels first, same shapes) ------------
def _keras() -> dict[tuple[int, int], Truth]:
    c1 = torch.nn.Conv2d(3, 16, 5, stride=2)
    c2 = torch.nn.Conv2d(16, 32, 3, padding=1)  # "same" at stride 1, odd kernel
    dw = torch.nn.Conv2d(32, 32, 3, groups=32)  # DepthwiseConv2D(3): one filter a channel
    x = torch.zeros(1, 3, 64, 64)
    a = c1(x)
    p = F.max_pool2d(a, 2)
    b = c2(p)
    d = dw(b)
    flat = d.flatten(1).shape[1]
    dense = torch.nn.Linear(flat, 10)
    return _by_anchor(
        "keras_channels_last",
        [
            ("\\rfloor + 1 = 30$", 0, lambda: a.shape[-1] == (64 - 5) // 2 + 1 == 30),
            ("+ 16 = 1216$", 0, lambda: _params(c1) == 5 * 5 * 3 * 16 + 16 == 1216),
            (
                "$64 - 5 = 59$",
                0,
                lambda: torch.nn.Conv2d(3, 16, 5)(x).shape[-1] == 64 - 5,
            ),
            ("$30 / 2 = 15$", 0, lambda: p.shape[-1] == 30 // 2 == 15),
            ("+ 32 = 4640$", 0, lambda: _params(c2) == 3 * 3 * 16 * 32 + 32 == 4640),
            ("$15 - 3 + 1 = 13$", 0, lambda: d.shape[-1] == 15 - 3 + 1 == 13),
            ("+ 32 = 9248$", 0, lambda: _params(dw) == 3 * 3 * 32 * 32 + 32),
            ("= 5408$", 0, lambda: flat == 13 * 13 * 32 == 5408),
            ("= 54090$", 0, lambda: _params(dense) == 5408 * 10 + 10 == 54090),
        ],
    )


# --- examen_funcional_es: X 4x4, K 2x2, 1-based X(i, j) ------------------------------------
def _examen() -> dict[tuple[int, int], Truth]:
    x, k, g, dx, dk, db = _grads_2d((4, 4), (2, 2), seed=12)

    def X(i, j):  # type: ignore[no-untyped-def]
        return x[i - 1, j - 1]

    def K(m, n):  # type: ignore[no-untyped-def]
        return k[m - 1, n - 1]

    def G(i, j):  # type: ignore[no-untyped-def]
        return g[i - 1, j - 1]

    def dX(i, j):  # type: ignore[no-untyped-def]
        return dx[i - 1, j - 1]

    cells = list(itertools.product(range(1, 4), repeat=2))
    return _by_anchor(
        "examen_funcional_es",
        [
            ("$4 - 2 + 1 = 3$", 1, lambda: g.shape == (3, 3) and 4 - 2 + 1 == 3),
            (
                "{\\partial K(m,n)} =",
                0,
                lambda: all(
                    math.isclose(
                        dk[m - 1, n - 1], sum(G(i, j) * X(i + m - 1, j + n - 1) for i, j in cells)
                    )
                    for m, n in itertools.product((1, 2), repeat=2)
                ),
            ),
            (
                "{\\partial K(2,1)} =",
                0,
                # X(i + 2, j + 1) leaves the image at i = 3: not even defined, so not dK(2, 1)
                lambda: all(i + 2 <= 4 and j + 1 <= 4 for i, j in cells),
            ),
            ("{\\partial b} =", 0, lambda: math.isclose(db, sum(G(i, j) for i, j in cells))),
            ("{\\partial X(1,1)} =", 0, lambda: math.isclose(dX(1, 1), G(1, 1) * K(1, 1))),
            ("{\\partial X(4,4)} =", 0, lambda: math.isclose(dX(4, 4), G(3, 3) * K(2, 2))),
            (
                "{\\partial X(2,3)} =",
                0,
                lambda: math.isclose(
                    dX(2, 3),
                    G(1, 2) * K(2, 2) + G(1, 3) * K(2, 1) + G(2, 2) * K(1, 2) + G(2, 3) * K(1, 1),
                ),
            ),
            (
                "{\\partial X(3,1)} =",
                0,
                lambda: math.isclose(dX(3, 1), G(2, 1) * K(2, 1) + G(3, 1) * K(1, 1)),
            ),
            ("{\\partial X(1,4)} =", 0, lambda: math.isclose(dX(1, 4), G(1, 3) * K(1, 1))),
        ],
    )


# --- cheatsheet_stride2_ops: X 7x7, W 3x3, stride 2 ----------------------------------------
def _cheatsheet() -> dict[tuple[int, int], Truth]:
    x, w, g, dx, dw, db = _grads_2d((7, 7), (3, 3), stride=2, seed=13)
    full = np.pad(_dilate(g, 2), 2)
    conv_true = np.array(  # a true convolution: the kernel flipped, sum over a + b = t
        [
            [
                sum(full[i + 2 - a, j + 2 - b] * w[a, b] for a in range(3) for b in range(3))
                for j in range(7)
            ]
            for i in range(7)
        ]
    )
    return _by_anchor(
        "cheatsheet_stride2_ops",
        [
            ("$\\lfloor (7 - 3)/2 \\rfloor + 1 = 3$", 0, lambda: g.shape == (3, 3)),
            ("{\\partial b} =", 0, lambda: math.isclose(db, g.sum())),
            (
                "= X \\star \\operatorname{dilate}_2(G)$.",
                0,
                lambda: _close(dw, _corr(x, _dilate(g, 2))),
            ),
            ("= X \\star G$.", 0, lambda: _close(dw, _corr(x, g))),
            (
                "\\star \\operatorname{rot180}(W)$.",
                0,
                lambda: _close(dx, _corr(full, np.rot90(w, 2))),
            ),
            ("\\circledast W$.", 0, lambda: _close(dx, conv_true)),
            (
                "X_{4,4}}",
                0,
                lambda: math.isclose(
                    dx[4, 4],
                    g[1, 1] * w[2, 2] + g[1, 2] * w[2, 0] + g[2, 1] * w[0, 2] + g[2, 2] * w[0, 0],
                ),
            ),
            ("X_{3,3}}", 0, lambda: math.isclose(dx[3, 3], g[1, 1] * w[1, 1])),
            ("X_{5,6}}", 0, lambda: math.isclose(dx[5, 6], g[2, 2] * w[2, 1])),
        ],
    )


# --- forum_transposee_fr: ConvTranspose1d(k=3, s=2, no bias) on length 4 -------------------
def _forum() -> dict[tuple[int, int], Truth]:
    X, W, Y, g, dx, dw = _grads_1d(F.conv_transpose1d, 4, 3, 14, stride=2)
    padded = torch.nn.ConvTranspose1d(1, 1, 3, stride=2, padding=1)(torch.zeros(1, 1, 4))
    return _by_anchor(
        "forum_transposee_fr",
        [
            ("(4 - 1) \\times 2 + 3 = 9$$", 0, lambda: Y.shape[0] == (4 - 1) * 2 + 3 == 9),
            ("$$y_0 =", 0, lambda: math.isclose(Y[0], X[0] * W[0])),
            ("$$y_2 =", 0, lambda: math.isclose(Y[2], X[0] * W[2] + X[1] * W[0])),
            ("$$y_3 =", 0, lambda: math.isclose(Y[3], X[1] * W[1])),
            ("$$y_5 =", 0, lambda: math.isclose(Y[5], X[2] * W[1] + X[1] * W[2])),
            ("$$y_8 =", 0, lambda: math.isclose(Y[8], X[3] * W[2])),
            (
                "{\\partial x_1} =",
                0,
                lambda: math.isclose(dx[1], sum(W[k] * g[2 + k] for k in range(3))),
            ),
            (
                "{\\partial w_k} =",
                0,
                lambda: _close(dw, [sum(X[i] * g[2 * i + k] for i in range(4)) for k in range(3)]),
            ),
            ("+ 3 - 1 = 8$", 0, lambda: padded.shape[-1] == (4 - 1) * 2 + 3 - 1),
        ],
    )


# --- vorlesung_pooling_de: the note's 4x4 X, 2x2 windows, stride 2 -------------------------
def _vorlesung() -> dict[tuple[int, int], Truth]:
    xs = [[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]]
    gs = torch.tensor([[1.0, -2.0], [3.0, 0.5]], dtype=torch.float64)
    xm, xa = _t(xs), _t(xs)
    ym = F.max_pool2d(xm.view(1, 1, 4, 4), 2)[0, 0]
    ya = F.avg_pool2d(xa.view(1, 1, 4, 4), 2)[0, 0]
    (ym * gs).sum().backward()
    (ya * gs).sum().backward()
    dmax, davg = xm.grad.numpy(), xa.grad.numpy()
    routed = [[0, 0, 0, 0], [1, 0, 0, -2], [0, 0, 0.5, 0], [0, 3, 0, 0]]
    pool3 = F.max_pool2d(torch.zeros(1, 1, 7, 7), 3, stride=2).shape[-1]
    pool3s1 = F.max_pool2d(torch.zeros(1, 1, 4, 4), 3, stride=1).shape[-1]
    return _by_anchor(
        "vorlesung_pooling_de",
        [
            ("$$Y = ", 0, lambda: _close(ym.detach(), [[4, 5], [6, 3]])),
            ("$$\\bar{Y} = ", 0, lambda: _close(ya.detach(), [[2.5, 2], [2.25, 1.75]])),
            ("{\\partial X} = \\begin", 0, lambda: _close(dmax, routed)),
            ("X_{0,1}} = G_{0,0}", 0, lambda: math.isclose(dmax[0, 1], gs[0, 0].item())),
            ("X_{0,1}} = G_{0,0} = 1$", 1, lambda: gs[0, 0].item() == 1),
            ("X_{3,2}} = \\frac{1}{4} G_{1,1}", 0, lambda: math.isclose(davg[3, 2], gs[1, 1] / 4)),
            ("X_{3,2}} = \\frac{1}{4} G_{1,1} = 0.125", 1, lambda: gs[1, 1].item() / 4 == 0.125),
            ("\\rfloor + 1 = 3$ Zeilen", 0, lambda: pool3 == (7 - 3) // 2 + 1 == 3),
            ("$\\lfloor (4 - 3)/1 \\rfloor + 1 = 3$", 0, lambda: pool3s1 == 3),
        ],
    )


# --- prova_softmax_pt: z = W h + b (3x4), softmax, cross-entropy, classes 1..3 -------------
def _prova() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(15)
    W, b, h = _t(r.normal(size=(3, 4))), _t(r.normal(size=3)), _t(r.normal(size=4))
    c = 1  # the correct class, 0-based here
    z = W @ h + b
    loss = F.cross_entropy(z.view(1, 3), torch.tensor([c]))
    loss.backward()
    p = torch.softmax(z, 0).detach().numpy()
    y = np.eye(3)[c]
    hv = h.detach().numpy()
    zn = _t([1.0, 2.0, 0.0])
    ln = F.cross_entropy(zn.view(1, 3), torch.tensor([1]))
    ln.backward()
    pn = torch.softmax(zn.detach(), 0).numpy()
    dzn = zn.grad.numpy()
    return _by_anchor(
        "prova_softmax_pt",
        [
            (
                "{\\partial z_k} = p_k - y_k$",
                0,
                lambda: _close(
                    torch.autograd.grad(
                        F.cross_entropy((W @ h + b).view(1, 3), torch.tensor([c])), b
                    )[0],
                    p - y,
                ),
            ),
            ("{\\partial W} = (p - y)", 0, lambda: _close(W.grad, np.outer(p - y, hv))),
            ("{\\partial b} = p - y$$", 0, lambda: _close(b.grad, p - y)),
            ("{\\partial h} = W^{T}", 0, lambda: _close(h.grad, W.detach().numpy().T @ (p - y))),
            ("h\\, (p - y)^{T}$", 0, lambda: _close(W.grad, np.outer(hv, p - y))),
            ("$$p = (0.2447", 0, lambda: _close(np.round(pn, 4), [0.2447, 0.6652, 0.0900])),
            ("$$L = -\\log 0.6652", 0, lambda: math.isclose(ln.item(), -math.log(pn[1]))),
            ("$$L = -\\log 0.6652", 1, lambda: round(-math.log(0.6652), 3) == 0.408),
            ("{\\partial z_1} = 0.2447$$", 0, lambda: round(dzn[0], 4) == 0.2447),
            ("{\\partial z_2} = 0.6652$$", 0, lambda: round(dzn[1], 4) == 0.6652),
        ],
    )


# --- wyklad_dylatacja_pl: x length 12, h 3 taps, dilation 2, stride 1, 0-based -------------
def _wyklad() -> dict[tuple[int, int], Truth]:
    X, H, Y, g, dx, dh = _grads_1d(F.conv1d, 12, 3, 16, dilation=2)
    strided = F.conv1d(torch.zeros(1, 1, 12), torch.zeros(1, 1, 3), stride=2, dilation=2)
    return _by_anchor(
        "wyklad_dylatacja_pl",
        [
            ("$12 - 2 \\cdot (3 - 1) = 8$", 0, lambda: Y.shape[0] == 12 - 2 * (3 - 1) == 8),
            (
                "{\\partial h[k]} =",
                0,
                lambda: _close(dh, [sum(g[n] * X[n + 2 * k] for n in range(8)) for k in range(3)]),
            ),
            (
                "{\\partial h[1]} =",
                0,
                lambda: math.isclose(dh[1], sum(g[n] * X[n + 1] for n in range(8))),
            ),
            (
                "{\\partial x[4]} =",
                0,
                lambda: math.isclose(dx[4], g[4] * H[0] + g[2] * H[1] + g[0] * H[2]),
            ),
            ("{\\partial x[11]} =", 0, lambda: math.isclose(dx[11], g[7] * H[2])),
            ("{\\partial x[1]} =", 0, lambda: math.isclose(dx[1], g[1] * H[0])),
            ("{\\partial x[9]} =", 0, lambda: len(g) > 9),  # g[9] is no entry of g (n <= 7)
            ("\\rfloor + 1 = 4$", 0, lambda: strided.shape[-1] == (12 - 4 - 1) // 2 + 1 == 4),
        ],
    )


# --- notebook_batch_nchw: x (2,3,5,5), w (4,3,3,3), stride 1 --------------------------------
def _notebook() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(17)
    x, w, b = _t(r.normal(size=(2, 3, 5, 5))), _t(r.normal(size=(4, 3, 3, 3))), _t(r.normal(size=4))
    out = F.conv2d(x, w, b)
    d = r.normal(size=tuple(out.shape))
    (out * torch.tensor(d)).sum().backward()
    X, Wn, dx, dw, db = (
        x.detach().numpy(),
        w.detach().numpy(),
        x.grad.numpy(),
        w.grad.numpy(),
        b.grad.numpy(),
    )
    ij = list(itertools.product(range(3), repeat=2))
    every = list(itertools.product(range(4), range(3), range(3), range(3)))

    def dw_batch(f, c, u, v):  # type: ignore[no-untyped-def]
        return sum(d[n, f, i, j] * X[n, c, i + u, j + v] for n in range(2) for i, j in ij)

    def dw_first(f, c, u, v):  # type: ignore[no-untyped-def]
        return sum(d[0, f, i, j] * X[0, c, i + u, j + v] for i, j in ij)

    def dx_at(n, c, p, q, flip):  # type: ignore[no-untyped-def]
        return sum(
            d[n, f, p - u, q - v] * Wn[f, c, u if flip else 2 - u, v if flip else 2 - v]
            for f in range(4)
            for u in range(3)
            for v in range(3)
            if 0 <= p - u <= 2 and 0 <= q - v <= 2
        )

    nc = list(itertools.product(range(2), range(3)))
    return _by_anchor(
        "notebook_batch_nchw",
        [
            ("$H' = 5 - 3 + 1", 0, lambda: out.shape[-1] == 5 - 3 + 1),
            ("$H' = 5 - 3 + 1", 1, lambda: 5 - 3 + 1 == 3),
            ("+ 4 = 112$", 0, lambda: _params(torch.nn.Conv2d(3, 4, 3)) == 112),
            ("{\\partial b[f]} =", 0, lambda: _close(db, d.sum(axis=(0, 2, 3)))),
            ("**dw:**", 0, lambda: all(math.isclose(dw[e], dw_batch(*e)) for e in every)),
            ("forgot the batch", 0, lambda: all(math.isclose(dw[e], dw_first(*e)) for e in every)),
            (
                "x[n,c,0,0]} =",
                0,
                lambda: all(
                    math.isclose(
                        dx[n, c, 0, 0], sum(d[n, f, 0, 0] * Wn[f, c, 0, 0] for f in range(4))
                    )
                    for n, c in nc
                ),
            ),
            (
                "x[n,c,4,4]} =",
                0,
                lambda: all(
                    math.isclose(
                        dx[n, c, 4, 4], sum(d[n, f, 2, 2] * Wn[f, c, 0, 0] for f in range(4))
                    )
                    for n, c in nc
                ),
            ),
            (
                "x[n,c,2,2]} =",
                0,
                lambda: all(
                    math.isclose(
                        dx[n, c, 2, 2],
                        sum(
                            d[n, f, 2 - u, 2 - v] * Wn[f, c, u, v]
                            for f in range(4)
                            for u in range(3)
                            for v in range(3)
                        ),
                    )
                    and math.isclose(dx[n, c, 2, 2], dx_at(n, c, 2, 2, True))
                    for n, c in nc
                ),
            ),
        ],
    )


# --- apostila_tabela_pt: the table's network on 3 x 32 x 32 --------------------------------
def _apostila() -> dict[tuple[int, int], Truth]:
    conv1 = torch.nn.Conv2d(3, 32, 3, padding=1)
    conv2 = torch.nn.Conv2d(32, 64, 3, padding=1)
    conv3 = torch.nn.Conv2d(64, 64, 5)
    fc1, fc2 = torch.nn.Linear(1024, 128), torch.nn.Linear(128, 10)
    a = conv1(torch.zeros(1, 3, 32, 32))
    c = conv3(F.max_pool2d(conv2(F.max_pool2d(a, 2)), 2))
    counts = [_params(m) for m in (conv1, conv2, conv3, fc1, fc2)]
    return _by_anchor(
        "apostila_tabela_pt",
        [
            ("+ 32 = 896$", 0, lambda: counts[0] == 896),
            ("+ 64 = 18496$", 0, lambda: counts[1] == 18496),
            ("+ 64 = 102464$", 0, lambda: counts[2] == 102464),
            ("+ 128 = 131200$", 0, lambda: counts[3] == 131200),
            ("$128 \\cdot 10 = 1280$", 0, lambda: counts[4] == 1280),
            ("$8 - 5 + 1 = 4$", 0, lambda: c.shape[-1] == 4),
            ("$4 \\cdot 4 \\cdot 64 = 1024$", 0, lambda: c.flatten(1).shape[1] == 1024),
            ("$32 - 3 + 1 = 30$", 1, lambda: a.shape[-1] == 30),
            ("= 254346$", 0, lambda: sum(counts) == 254346),
        ],
    )


# --- exam_symbolic_sizes: formulas over a grid (H 1..12, K 1..5, S 1..3, P 0..2, D 1..3) ----
def _grid(check: Callable[[int, int, int, int, int], bool], transposed: bool = False) -> bool:
    for h, k, s, p, d in itertools.product(
        range(1, 13), range(1, 6), range(1, 4), range(3), range(1, 4)
    ):
        if transposed:
            if p > (d * (k - 1)) // 2 or (h - 1) * s - 2 * p + d * (k - 1) + 1 < 1:
                continue
        elif d * (k - 1) + 1 > h + 2 * p:
            continue
        if not check(h, k, s, p, d):
            return False
    return True


def _exam() -> dict[tuple[int, int], Truth]:
    counts = list(itertools.product((2, 4, 6), (2, 4, 8), (1, 2), (1, 3)))  # C_in, C_out, G, K
    return _by_anchor(
        "exam_symbolic_sizes",
        [
            (
                "$$H_{out} = \\left\\lfloor",
                0,
                lambda: _grid(
                    lambda h, k, s, p, d: (
                        _conv_side(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                    )
                ),
            ),
            (
                "this reduces to $H_{out} = H - K + 1$",
                3,
                lambda: all(
                    _conv_side(h, k, 1, 0) == h - k + 1
                    for h in range(1, 13)
                    for k in range(1, h + 1)
                ),
            ),
            (
                "$H_{out} = H - DK + 1$",
                2,
                lambda: _grid(lambda h, k, s, p, d: _conv_side(h, k, 1, 0, d) == h - d * k + 1),
            ),
            (
                "$$H_{out} = (H - 1) S - 2P + D(K - 1) + 1$$",
                0,
                lambda: _grid(
                    lambda h, k, s, p, d: (
                        _tconv_side(h, k, s, p, d) == (h - 1) * s - 2 * p + d * (k - 1) + 1
                    ),
                    transposed=True,
                ),
            ),
            (
                "and not $H_{out}",
                0,
                lambda: _grid(
                    lambda h, k, s, p, d: _tconv_side(h, k, s, p, d) == (h - 1) * s - 2 * p + k + 1,
                    transposed=True,
                ),
            ),
            (
                "$H_{out} = \\lfloor (H - F)/S \\rfloor + 1$",
                0,
                lambda: all(
                    F.max_pool2d(torch.zeros(1, 1, h, h), f, stride=s).shape[-1] == (h - f) // s + 1
                    for h in range(1, 13)
                    for f in range(1, h + 1)
                    for s in range(1, 4)
                ),
            ),
            (
                "$N_{par} = C_{out} \\cdot \\frac{C_{in}}{G}",
                0,
                lambda: all(
                    _params(torch.nn.Conv2d(ci, co, k, groups=g)) == co * ci // g * k * k + co
                    for ci, co, g, k in counts
                ),
            ),
            (
                "$N_{par} = \\frac{C_{out} C_{in} K^2}{G^2}",
                0,
                lambda: all(
                    _params(torch.nn.Conv2d(ci, co, k, groups=g)) == co * ci * k * k / g**2 + co
                    for ci, co, g, k in counts
                ),
            ),
        ],
    )


# --- tenta_dense_sv: z = W x + b (W 3x5), a = ReLU(z); batch Z = X W^T + 1 b^T ---------------
def _tenta() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(18)
    W, b, x = _t(r.normal(size=(3, 5))), _t(r.normal(size=3)), _t(r.normal(size=5))
    z = W @ x + b
    z.retain_grad()
    delta = r.normal(size=3)
    (torch.relu(z) * torch.tensor(delta)).sum().backward()
    mask = (z.detach().numpy() > 0).astype(float)
    Wn, xn = W.detach().numpy(), x.detach().numpy()
    Xb, Wb, bb = _t(r.normal(size=(4, 5))), _t(r.normal(size=(3, 5))), _t(r.normal(size=3))
    Z = Xb @ Wb.T + bb
    G = r.normal(size=(4, 3))
    (Z * torch.tensor(G)).sum().backward()
    Xn, Wbn = Xb.detach().numpy(), Wb.detach().numpy()
    return _by_anchor(
        "tenta_dense_sv",
        [
            ("= 18$", 0, lambda: _params(torch.nn.Linear(5, 3)) == 3 * 5 + 3 == 18),
            ("{\\partial \\mathbf{z}} =", 0, lambda: _close(z.grad, delta * mask)),
            (
                "{\\partial W} = (\\boldsymbol",
                0,
                lambda: _close(W.grad, np.outer(delta * mask, xn)),
            ),
            ("{\\partial \\mathbf{x}} = W^{T}", 0, lambda: _close(x.grad, Wn.T @ (delta * mask))),
            ("= W \\boldsymbol{\\delta}$", 0, lambda: Wn.shape[1] == delta.shape[0]),  # not defined
            (
                "$$\\frac{\\partial L}{\\partial W} = G^{T} X$$",
                0,
                lambda: _close(Wb.grad, G.T @ Xn),
            ),
            ("{\\partial X} = G W$$", 0, lambda: _close(Xb.grad, G @ Wbn)),
            ("= G^{T} \\mathbf{1}$$", 0, lambda: _close(bb.grad, G.T @ np.ones(4))),
            ("= X^{T} G$", 0, lambda: _close(Wb.grad, Xn.T @ G)),
        ],
    )


# --- qiita_tconv2d_ja: ConvTranspose2d(k=2, s=2, no bias) on 3x3 ----------------------------
def _qiita() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(19)
    x, w = _t(r.normal(size=(3, 3))), _t(r.normal(size=(2, 2)))
    y = F.conv_transpose2d(x.view(1, 1, 3, 3), w.view(1, 1, 2, 2), stride=2)[0, 0]
    g = r.normal(size=tuple(y.shape))
    (y * torch.tensor(g)).sum().backward()
    X, W, Y, dx, dw = (
        x.detach().numpy(),
        w.detach().numpy(),
        y.detach().numpy(),
        x.grad.numpy(),
        w.grad.numpy(),
    )
    big = torch.nn.ConvTranspose2d(64, 32, 4)
    pairs = list(itertools.product(range(2), repeat=2))
    cells = list(itertools.product(range(3), repeat=2))
    return _by_anchor(
        "qiita_tconv2d_ja",
        [
            ("(3 - 1) \\times 2 + 2 = 6$$", 0, lambda: y.shape[-1] == (3 - 1) * 2 + 2 == 6),
            ("$$Y_{0,0} =", 0, lambda: math.isclose(Y[0, 0], X[0, 0] * W[0, 0])),
            ("$$Y_{3,4} =", 0, lambda: math.isclose(Y[3, 4], X[1, 2] * W[1, 0])),
            ("$$Y_{5,2} =", 0, lambda: math.isclose(Y[5, 2], X[2, 1] * W[1, 1])),
            (
                "{\\partial X_{i,j}} =",
                0,
                lambda: all(
                    math.isclose(dx[i, j], sum(g[2 * i + m, 2 * j + n] * W[m, n] for m, n in pairs))
                    for i, j in cells
                ),
            ),
            (
                "{\\partial W_{m,n}} =",
                0,
                lambda: all(
                    math.isclose(dw[m, n], sum(g[2 * i + m, 2 * j + n] * X[i, j] for i, j in cells))
                    for m, n in pairs
                ),
            ),
            ("+ 32 = 32800$", 0, lambda: _params(big) == 64 * 32 * 16 + 32 == 32800),
            ("+ 64 = 32832$", 0, lambda: _params(big) == 64 * 32 * 16 + 64),
        ],
    )


TRUTH_B: dict[str, Callable[[], dict[tuple[int, int], Truth]]] = {
    "tesi_separabili_it": _tesi,
    "keras_channels_last": _keras,
    "examen_funcional_es": _examen,
    "cheatsheet_stride2_ops": _cheatsheet,
    "forum_transposee_fr": _forum,
    "vorlesung_pooling_de": _vorlesung,
    "prova_softmax_pt": _prova,
    "wyklad_dylatacja_pl": _wyklad,
    "notebook_batch_nchw": _notebook,
    "apostila_tabela_pt": _apostila,
    "exam_symbolic_sizes": _exam,
    "tenta_dense_sv": _tenta,
    "qiita_tconv2d_ja": _qiita,
}
