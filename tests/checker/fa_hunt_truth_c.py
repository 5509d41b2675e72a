"""Independent truth for the third round of fa_hunt notes (torch autograd and NumPy in
float64, no symconv): a Korean blog on Conv3d, a Reddit reply on grouped convolutions, a
book's errata page, an exam's mark scheme on overlapping pooling, and the notes after them
(see TRUTH_C at the end).

Each claim is found by an anchor (text on exactly one line of the note) and its rank among
the key's entries on that line; both sides are computed at the note's sizes on random
tensors (or the note's own numbers), a count or size with the torch module itself."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from fa_hunt_truth import _close, _params, _t
from fa_hunt_truth_b import HUNT, _by_anchor

Truth = Callable[[], bool]


def _grads(op, x_shape, k_shape, seed, **options):  # type: ignore[no-untyped-def]
    """X, K, G, dX, dK of ``op`` (conv1d/2d/3d or a transposed one, one channel, no bias)
    by autograd, as NumPy arrays without the batch and channel axes."""
    r = np.random.default_rng(seed)
    x, k = _t(r.normal(size=x_shape)), _t(r.normal(size=k_shape))
    y = op(x.view(1, 1, *x_shape), k.view(1, 1, *k_shape), **options)[0, 0]
    g = r.normal(size=tuple(y.shape))
    (y * torch.tensor(g)).sum().backward()
    return x.detach().numpy(), k.detach().numpy(), g, x.grad.numpy(), k.grad.numpy()


def _out(module: torch.nn.Module, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(module(torch.zeros(shape)).shape)


# --- velog_conv3d_ko: Conv3d on a 3x16x112x112 clip; one channel 4x4x4 with a 2x2x2 kernel ---
def _velog() -> dict[tuple[int, int], Truth]:
    conv = torch.nn.Conv3d(3, 64, (3, 7, 7), stride=(1, 2, 2), padding=(1, 3, 3))
    pool = torch.nn.MaxPool3d((1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1))
    shape = _out(conv, (1, 3, 16, 112, 112))
    pooled = _out(pool, (1, 64, *shape[2:]))
    x, k, g, dx, dk = _grads(F.conv3d, (4, 4, 4), (2, 2, 2), seed=31)
    # a bias: dL/db is the sum of G (autograd on a conv3d with a bias)
    b = _t([0.3])
    y = F.conv3d(torch.tensor(x).view(1, 1, 4, 4, 4), torch.tensor(k).view(1, 1, 2, 2, 2), b)
    (y * torch.tensor(g).view(1, 1, 3, 3, 3)).sum().backward()
    cells = list(itertools.product(range(3), repeat=3))
    taps = list(itertools.product(range(2), repeat=3))
    return _by_anchor(
        "velog_conv3d_ko",
        [
            ("T_{out} =", 0, lambda: shape[2] == (16 + 2 - 3) // 1 + 1),
            ("T_{out} =", 1, lambda: (16 + 2 - 3) / 1 + 1 == 16),
            ("$$H_{out} =", 0, lambda: shape[3] == (112 + 6 - 7) // 2 + 1),
            ("$$H_{out} =", 1, lambda: (112 + 6 - 7) // 2 + 1 == 56),
            ("= 28288$", 0, lambda: _params(conv) == 64 * 3 * 3 * 7 * 7 + 64 == 28288),
            ("= 28224$", 0, lambda: _params(conv) == 28224),
            ("+ 1 = 27$", 0, lambda: pooled[3] == 27),
            (
                "{\\partial K_{a,b,c}}",
                0,
                lambda: all(
                    math.isclose(
                        dk[a, bb, c],
                        sum(g[t, i, j] * x[t + a, i + bb, j + c] for t, i, j in cells),
                    )
                    for a, bb, c in taps
                ),
            ),
            ("X_{0,0,0}}", 0, lambda: math.isclose(dx[0, 0, 0], g[0, 0, 0] * k[0, 0, 0])),
            ("X_{3,3,3}}", 0, lambda: math.isclose(dx[3, 3, 3], g[2, 2, 2] * k[1, 1, 1])),
            ("X_{1,0,0}}", 0, lambda: math.isclose(dx[1, 0, 0], g[1, 0, 0] * k[0, 0, 0])),
            ("\\partial L / \\partial b =", 0, lambda: math.isclose(b.grad[0], g.sum())),
        ],
    )


# --- reddit_grouped_conv: counts of grouped layers; one 5x5 channel, 3x3 kernel ------------
def _reddit() -> dict[tuple[int, int], Truth]:
    grouped = torch.nn.Conv2d(64, 128, 3, groups=4)
    dw = torch.nn.Conv2d(64, 64, 3, groups=64, bias=False)
    pw = torch.nn.Conv2d(64, 128, 1)
    full = torch.nn.Conv2d(64, 128, 3)
    x, k, g, dx, dk = _grads(F.conv2d, (5, 5), (3, 3), seed=32)
    pairs = list(itertools.product(range(3), repeat=2))
    return _by_anchor(
        "reddit_grouped_conv",
        [
            ("= 18560$", 0, lambda: _params(grouped) == 128 * 16 * 9 + 128 == 18560),
            ("= 4736$", 0, lambda: _params(grouped) == 64 * 128 * 9 // 16 + 128),
            ("$64 \\cdot 9 = 576$", 0, lambda: _params(dw) == 64 * 9 == 576),
            ("= 8896$", 0, lambda: _params(dw) + _params(pw) == 576 + 64 * 128 + 128 == 8896),
            ("= 73856$", 0, lambda: _params(full) == 64 * 128 * 9 + 128 == 73856),
            (
                "+ 1 = 16$",
                0,
                lambda: (
                    _out(torch.nn.Conv2d(1, 1, 3, stride=2, padding=1), (1, 1, 32, 32))[-1]
                    == (32 + 2 - 3) // 2 + 1
                    == 16
                ),
            ),
            (
                "+ 1 = 16$",
                1,
                lambda: (
                    _out(torch.nn.Conv2d(1, 1, 3, stride=2), (1, 1, 32, 32))[-1]
                    == (32 - 3) // 2 + 1
                    == 15
                ),
            ),
            (
                "{\\partial k_{m,n}}",
                0,
                lambda: all(
                    math.isclose(dk[m, n], sum(g[i, j] * x[i + m, j + n] for i, j in pairs))
                    for m, n in pairs
                ),
            ),
            (
                "{\\partial x_{2,2}}",
                0,
                lambda: math.isclose(dx[2, 2], sum(g[2 - m, 2 - n] * k[m, n] for m, n in pairs)),
            ),
            ("{\\partial x_{0,4}}", 0, lambda: math.isclose(dx[0, 4], g[0, 2] * k[0, 2])),
            ("{\\partial x_{4,1}}", 0, lambda: math.isclose(dx[4, 1], g[2, 1] * k[2, 0])),
        ],
    )


# --- errata_dilated_tconv: dilation 3 (3x3), a 1-D dilated layer, ConvTranspose2d ----------
def _errata() -> dict[tuple[int, int], Truth]:
    def span(k: int, d: int) -> int:  # the window a dilated kernel covers
        return 30 - _out(torch.nn.Conv1d(1, 1, k, dilation=d), (1, 1, 30))[-1] + 1

    conv = torch.nn.Conv2d(8, 8, 3, dilation=3)
    side = _out(conv, (1, 8, 20, 20))[-1]
    x, w, g, dx, dw = _grads(F.conv1d, (9,), (3,), seed=33, dilation=2)
    y = F.conv1d(torch.tensor(x).view(1, 1, 9), torch.tensor(w).view(1, 1, 3), dilation=2)
    y = y.view(-1).numpy()
    up = torch.nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)
    return _by_anchor(
        "errata_dilated_tconv",
        [
            ("side $3 + 2 \\cdot 2 = 7$", 0, lambda: span(3, 3) == 3 + 2 * 2 == 7),
            ("$$k_{eff} = 3 \\cdot 3 = 9$$", 0, lambda: span(3, 3) == 9),
            ("(3 - 1) = 7$$", 0, lambda: span(3, 3) == 3 + 2 * (3 - 1)),
            ("(3 - 1) = 7$$", 1, lambda: 3 + 2 * (3 - 1) == 7),
            ("printed output side", 0, lambda: side == 13),
            ("printed output side", 1, lambda: side == 20 - 7 + 1 == 14),
            (
                "prints $y_i",
                0,
                lambda: _close(
                    y, [w[0] * x[i] + w[1] * x[i + 1] + w[2] * x[i + 2] for i in range(5)]
                ),
            ),
            (
                "$y_i = w_0 x_i + w_1 x_{i+2}",
                0,
                lambda: _close(
                    y, [w[0] * x[i] + w[1] * x[i + 2] + w[2] * x[i + 4] for i in range(5)]
                ),
            ),
            (
                "{\\partial w_2}",
                0,
                lambda: math.isclose(dw[2], sum(g[i] * x[i + 4] for i in range(5))),
            ),
            (
                "{\\partial x_4}",
                0,
                lambda: math.isclose(dx[4], w[2] * g[0] + w[1] * g[2] + w[0] * g[4]),
            ),
            ("printed $\\partial L", 0, lambda: math.isclose(dx[5], w[1] * g[3])),
            (
                "$\\partial L / \\partial x_5 = w_2",
                0,
                lambda: math.isclose(dx[5], w[2] * g[1] + w[1] * g[3]),
            ),
            (
                "(15 - 1) \\cdot 2",
                0,
                lambda: _out(up, (1, 16, 15, 15))[-1] == (15 - 1) * 2 - 2 + 4 == 30,
            ),
            ("= 2056$", 0, lambda: _params(up) == 16 * 8 * 4 * 4 + 8 == 2056),
            ("= 2056$", 1, lambda: _params(up) == 16 * 8 * 4 * 4 + 16),
        ],
    )


# --- markscheme_overlap_pool: max pooling 3x3, stride 2, on the 5x5 X written --------------
MARK_X = [
    [1, 3, 2, 0, 1],
    [4, 0, 1, 2, 2],
    [2, 1, 6, 3, 0],
    [0, 5, 2, 1, 7],
    [3, 1, 0, 6, 2],
]
MARK_G = [[1, -2], [0.5, 3]]


def _pool(kind) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    x = _t(MARK_X)
    y = kind(x.view(1, 1, 5, 5), 3, 2)[0, 0]
    (y * torch.tensor(MARK_G, dtype=torch.float64)).sum().backward()
    return y.detach().numpy(), x.grad.numpy()


def _markscheme() -> dict[tuple[int, int], Truth]:
    y, dx = _pool(F.max_pool2d)
    _, dx_avg = _pool(F.avg_pool2d)
    g = np.array(MARK_G)
    return _by_anchor(
        "markscheme_overlap_pool",
        [
            ("**(a)**", 0, lambda: y.shape == (2, 2) and (5 - 3) // 2 + 1 == 2),
            ("$$Y = ", 0, lambda: _close(y, [[6, 6], [6, 7]])),
            (
                "G_{0,0} + G_{0,1} + G_{1,0} = -0.5",
                0,
                lambda: math.isclose(dx[2, 2], g[0, 0] + g[0, 1] + g[1, 0]),
            ),
            ("G_{0,0} + G_{0,1} + G_{1,0} = -0.5", 1, lambda: g[0, 0] + g[0, 1] + g[1, 0] == -0.5),
            ("Do not accept", 0, lambda: math.isclose(dx[2, 2], 1)),
            ("(all four windows)", 0, lambda: math.isclose(dx[2, 2], 2.5)),
            ("X_{3,4} = 3$", 0, lambda: math.isclose(dx[3, 4], 3)),
            ("X_{3,4} = 3$", 1, lambda: dx[0, 0] == 0),
            ("\\approx 0.278", 0, lambda: math.isclose(dx_avg[2, 2], (1 - 2 + 0.5 + 3) / 9)),
            ("\\approx 0.278", 1, lambda: round(2.5 / 9, 3) == 0.278),
            ("divides by 4", 0, lambda: math.isclose(dx_avg[2, 2], 2.5 / 4)),
            ("divides by 4", 1, lambda: 2.5 / 4 == 0.625),
            (
                "$(55 - 3)/2 + 1 = 27$",
                0,
                lambda: F.max_pool2d(torch.zeros(1, 1, 55, 55), 3, 2).shape[-1] == 27,
            ),
            ("$(55 - 3)/2 + 1 = 27$", 1, lambda: 55 / 2 == 28),
        ],
    )


def _at_lines(name: str, table: list[tuple[int, str, int, Truth]]) -> dict[tuple[int, int], Truth]:
    """Claims keyed by line number where two lines of the note are the same text; each
    line is checked to hold the snippet given with it."""
    lines = (HUNT / f"{name}.md").read_text().split("\n")
    for line, snippet, _, _ in table:
        assert snippet in lines[line - 1], (name, line, snippet)
    return {(line, rank): truth for line, _, rank, truth in table}


# --- lecture_reused_letters: 11.1 X 5x5, K 3x3, stride 1; 11.2 X 6x6, K 2x2, stride 2 ------
def _lecture() -> dict[tuple[int, int], Truth]:
    x1, k1, g1, dx1, dk1 = _grads(F.conv2d, (5, 5), (3, 3), seed=34)
    x2, k2, g2, dx2, dk2 = _grads(F.conv2d, (6, 6), (2, 2), seed=35, stride=2)
    cells = list(itertools.product(range(3), repeat=2))
    return _at_lines(
        "lecture_reused_letters",
        [
            (
                11,
                "X_{0,2}} = G_{0,0} K_{0,2}",
                0,
                lambda: math.isclose(
                    dx1[0, 2], g1[0, 0] * k1[0, 2] + g1[0, 1] * k1[0, 1] + g1[0, 2] * k1[0, 0]
                ),
            ),
            (
                13,
                "X_{4,4}} = G_{2,2} K_{0,0}",
                0,
                lambda: math.isclose(dx1[4, 4], g1[2, 2] * k1[0, 0]),
            ),
            (
                15,
                "K_{1,1}} =",
                0,
                lambda: math.isclose(dk1[1, 1], sum(g1[i, j] * x1[i + 1, j + 1] for i, j in cells)),
            ),
            (
                22,
                "X_{3,2}} = G_{1,1} K_{1,0}",
                0,
                lambda: math.isclose(dx2[3, 2], g2[1, 1] * k2[1, 0]),
            ),
            (
                24,
                "X_{4,4}} = G_{2,2} K_{0,0}",
                0,
                lambda: math.isclose(dx2[4, 4], g2[2, 2] * k2[0, 0]),
            ),
            (
                26,
                "X_{0,2}} = G_{0,1} K_{0,0}",
                0,
                lambda: math.isclose(dx2[0, 2], g2[0, 1] * k2[0, 0] + g2[0, 0] * k2[0, 1]),
            ),
            (
                28,
                "K_{1,1}} =",
                0,
                lambda: math.isclose(
                    dk2[1, 1], sum(g2[i, j] * x2[2 * i + 1, 2 * j + 1] for i, j in cells)
                ),
            ),
            (
                32,
                "(W - 2)/2",
                1,
                lambda: (
                    _out(torch.nn.Conv2d(1, 1, 2, stride=2), (1, 1, 6, 6))[-1] == (6 - 2) // 2 + 1
                ),
            ),
            (
                33,
                "(6 + 2 - 3)/2",
                0,
                lambda: _out(torch.nn.Conv2d(1, 1, 3, stride=2, padding=1), (1, 1, 6, 6))[-1] == 4,
            ),
        ],
    )


# --- zhihu_conv1d_audio_zh: audio Conv1d sizes; x of 7, w of 3, stride 2, 0-based ----------
def _zhihu() -> dict[tuple[int, int], Truth]:
    first = torch.nn.Conv1d(1, 32, 80, stride=16)
    second = torch.nn.Conv1d(32, 64, 3, stride=2)
    length = _out(first, (1, 1, 16000))[-1]
    x, w, g, dx, dw = _grads(F.conv1d, (7,), (3,), seed=36, stride=2)
    return _by_anchor(
        "zhihu_conv1d_audio_zh",
        [
            ("$$L_{out} =", 0, lambda: length == (16000 - 80) // 16 + 1),
            ("$$L_{out} =", 1, lambda: (16000 - 80) // 16 + 1 == 996),
            ("= 2592$", 0, lambda: _params(first) == 32 * 80 + 32 == 2592),
            ("= 6208$", 0, lambda: _params(second) == 64 * 32 * 3 + 64 == 6208),
            ("= 6208$", 1, lambda: _out(second, (1, 32, length))[-1] == 498),
            (
                "{\\partial w_k}",
                0,
                lambda: all(
                    math.isclose(dw[k], sum(g[i] * x[2 * i + k] for i in range(3)))
                    for k in range(3)
                ),
            ),
            ("{\\partial x_0}", 0, lambda: math.isclose(dx[0], w[0] * g[0])),
            ("{\\partial x_2}", 0, lambda: math.isclose(dx[2], w[2] * g[0] + w[0] * g[1])),
            ("{\\partial x_3}", 0, lambda: math.isclose(dx[3], w[1] * g[1] + w[0] * g[2])),
            ("{\\partial x_6}", 0, lambda: math.isclose(dx[6], w[2] * g[2])),
            (  # g_3, g_4: y has 3 entries
                "w_1 g_3 + w_0 g_4",
                0,
                lambda: len(g) > 4 and math.isclose(dx[4], w[2] * g[2] + w[1] * g[3] + w[0] * g[4]),
            ),
            ("x_4 = w_2 g_1 + w_0 g_2", 0, lambda: math.isclose(dx[4], w[2] * g[1] + w[0] * g[2])),
        ],
    )


# --- gist_code_only_sizes: F.conv2d(x, w, stride=2, padding=1), x 6x6, w 3x3 -----------------
def _gist() -> dict[tuple[int, int], Truth]:
    x, k, g, dx, dk = _grads(F.conv2d, (6, 6), (3, 3), seed=37, stride=2, padding=1)
    cells = list(itertools.product(range(3), repeat=2))
    return _by_anchor(
        "gist_code_only_sizes",
        [
            ("X_{0,0}} =", 0, lambda: math.isclose(dx[0, 0], g[0, 0] * k[1, 1])),
            (
                "X_{1,1}} =",
                0,
                lambda: math.isclose(
                    dx[1, 1],
                    g[0, 0] * k[2, 2] + g[0, 1] * k[2, 0] + g[1, 0] * k[0, 2] + g[1, 1] * k[0, 0],
                ),
            ),
            ("X_{5,5}} =", 0, lambda: math.isclose(dx[5, 5], g[2, 2] * k[2, 2])),
            (
                "X_{2,0}} =",
                0,
                lambda: math.isclose(dx[2, 0], g[1, 0] * k[1, 1] + g[0, 0] * k[2, 1]),
            ),
            ("X_{4,2}} =", 0, lambda: math.isclose(dx[4, 2], g[2, 1] * k[1, 1])),
            (
                "X_{0,3}} =",
                0,
                lambda: math.isclose(dx[0, 3], g[0, 1] * k[1, 0] + g[0, 2] * k[1, 2]),
            ),
            (
                "K_{0,0}} =",
                0,
                lambda: math.isclose(
                    dk[0, 0],
                    sum(g[i, j] * x[2 * i - 1, 2 * j - 1] for i, j in cells if i and j),
                ),
            ),
            (
                "K_{1,1}} =",
                0,
                lambda: math.isclose(
                    dk[1, 1], sum(g[i, j] * x[2 * i + 1, 2 * j + 1] for i, j in cells)
                ),
            ),
        ],
    )


# --- colab_funcional_dilatada_pt: F.conv2d(x, k, dilation=3), x 7x7, k 2x2 ------------------
def _colab() -> dict[tuple[int, int], Truth]:
    x, k, g, dx, dk = _grads(F.conv2d, (7, 7), (2, 2), seed=38, dilation=3)
    cells = list(itertools.product(range(4), repeat=2))
    return _by_anchor(
        "colab_funcional_dilatada_pt",
        [
            ("tem lado", 0, lambda: g.shape == (4, 4) and 7 - 3 * (2 - 1) == 4),
            (
                "X_{3,3}} =",
                0,
                lambda: math.isclose(
                    dx[3, 3],
                    g[3, 3] * k[0, 0] + g[3, 0] * k[0, 1] + g[0, 3] * k[1, 0] + g[0, 0] * k[1, 1],
                ),
            ),
            ("X_{4,1}} = G_{1,1}", 0, lambda: math.isclose(dx[4, 1], g[1, 1] * k[1, 0])),
            ("X_{6,6}} =", 0, lambda: math.isclose(dx[6, 6], g[3, 3] * k[1, 1])),
            (  # G is 4x4: G_{2,5} is no entry (dX_25 = G_22 K_01 alone)
                "X_{2,5}} =",
                0,
                lambda: (
                    g.shape[1] > 5 and math.isclose(dx[2, 5], g[2, 2] * k[0, 1] + g[2, 5] * k[0, 0])
                ),
            ),
            (
                "K_{0,1}} =",
                0,
                lambda: math.isclose(dk[0, 1], sum(g[i, j] * x[i, j + 3] for i, j in cells)),
            ),
            (
                "K_{1,0}} =",
                0,
                lambda: math.isclose(dk[1, 0], sum(g[i, j] * x[i + 1, j] for i, j in cells)),
            ),
            ("X_{4,1} = G_{2,0}", 0, lambda: math.isclose(dx[4, 1], g[2, 0] * k[0, 1])),
        ],
    )


# --- blog_patchify_hinglish: Conv2d(3, 768, 16, stride=16) on 224; X 4x4, K 2x2, stride 2 ---
def _patchify() -> dict[tuple[int, int], Truth]:
    patch = torch.nn.Conv2d(3, 768, 16, stride=16)
    side = _out(patch, (1, 3, 224, 224))[-1]
    x, k, g, dx, dk = _grads(F.conv2d, (4, 4), (2, 2), seed=39, stride=2)
    b = _t([0.1])  # a bias, for the line that supposes one
    y = F.conv2d(torch.tensor(x).view(1, 1, 4, 4), torch.tensor(k).view(1, 1, 2, 2), b, 2)
    (y * torch.tensor(g).view(1, 1, 2, 2)).sum().backward()
    pairs = list(itertools.product(range(2), repeat=2))
    return _by_anchor(
        "blog_patchify_hinglish",
        [
            ("$224 / 16 = 14$", 0, lambda: side == 224 // 16 == 14),
            ("$224 / 16 = 14$", 1, lambda: side * side == 14 * 14 == 196),
            ("= 590592$", 0, lambda: _params(patch) == 768 * 3 * 16 * 16 + 768 == 590592),
            ("= 197376$", 0, lambda: _params(patch) == 768 * 16 * 16 + 768),
            (
                "X_{2i+m,\\,2j+n}}",
                0,
                lambda: all(
                    math.isclose(dx[2 * i + m, 2 * j + n], g[i, j] * k[m, n])
                    for (i, j), (m, n) in itertools.product(pairs, pairs)
                ),
            ),
            ("X_{3,0}} =", 0, lambda: math.isclose(dx[3, 0], g[1, 0] * k[1, 0])),
            ("X_{1,2}} =", 0, lambda: math.isclose(dx[1, 2], g[0, 1] * k[0, 1])),
            (
                "X_{2,3}} =",
                0,
                lambda: math.isclose(dx[2, 3], g[1, 1] * k[0, 1] + g[0, 1] * k[1, 1]),
            ),
            (
                "K_{m,n}} =",
                0,
                lambda: all(
                    math.isclose(dk[m, n], sum(g[i, j] * x[2 * i + m, 2 * j + n] for i, j in pairs))
                    for m, n in pairs
                ),
            ),
            (
                "K_{1,1}} =",
                0,
                lambda: math.isclose(
                    dk[1, 1],
                    g[0, 0] * x[1, 1] + g[0, 1] * x[1, 3] + g[1, 0] * x[3, 1] + g[1, 1] * x[3, 3],
                ),
            ),
            ("Bias hota", 0, lambda: math.isclose(b.grad[0], g.sum())),
        ],
    )


# --- table_feature_encoder: seven Conv1d layers without bias on 16000 samples ---------------
ENCODER = [(1, 10, 5), (512, 3, 2), (512, 3, 2), (512, 3, 2), (512, 3, 2), (512, 2, 2), (512, 2, 2)]


def _encoder() -> dict[tuple[int, int], Truth]:
    layers = [torch.nn.Conv1d(c, 512, k, stride=s, bias=False) for c, k, s in ENCODER]
    lengths, n = [], 16000
    for layer, (c, _, _) in zip(layers, ENCODER, strict=True):
        n = _out(layer, (1, c, n))[-1]
        lengths.append(n)
    counts = [_params(layer) for layer in layers]
    rows = {row: 7 + row + 1 for row in range(7)}  # conv_r stands on line 8 + r
    table = []
    claimed = [3199, 1599, 799, 400, 199, 99, 50]
    weights = [5120, 786432, 2359296, 786432, 786432, 524288, 524800]
    for row in range(7):
        table.append((rows[row], f"| conv{row} |", 0, lambda r=row: lengths[r] == claimed[r]))
        table.append((rows[row], f"| conv{row} |", 1, lambda r=row: counts[r] == weights[r]))
    table += [
        (16, "$5 \\cdot 2^6 = 320$", 0, lambda: math.prod(s for _, _, s in ENCODER) == 320),
        (17, "= 4200448$", 0, lambda: sum(counts) == 4200448),
    ]
    return _at_lines("table_feature_encoder", table)


# --- catatan_batch_mean_id: Z = X W^T + 1 b^T, X 4x3, W 2x3, L = 1/(2N) sum (Z - T)^2 ------
def _catatan() -> dict[tuple[int, int], Truth]:
    r = np.random.default_rng(40)
    x, w, b = _t(r.normal(size=(4, 3))), _t(r.normal(size=(2, 3))), _t(r.normal(size=2))
    t = torch.tensor(r.normal(size=(4, 2)))
    z = x @ w.T + b
    z.retain_grad()
    loss = ((z - t) ** 2).sum() / (2 * 4)
    loss.backward()
    zn, tn, xn, wn = z.detach().numpy(), t.numpy(), x.detach().numpy(), w.detach().numpy()
    delta = (zn - tn) / 4
    return _by_anchor(
        "catatan_batch_mean_id",
        [
            ("$$\\Delta =", 1, lambda: _close(z.grad.numpy(), delta)),
            ("{\\partial W} = \\Delta^{T} X$$", 0, lambda: _close(w.grad.numpy(), delta.T @ xn)),
            ("{\\partial X} = \\Delta W$$", 0, lambda: _close(x.grad.numpy(), delta @ wn)),
            (
                "{\\partial b} = \\frac{1}{N}",
                0,
                lambda: _close(b.grad.numpy(), (zn - tn).sum(0) / 4),
            ),
            ("X^{T} \\Delta$", 0, lambda: _close(w.grad.numpy(), xn.T @ delta)),
            (
                "\\Delta W^{T}$",
                0,
                lambda: delta.shape[1] == wn.T.shape[0] and _close(x.grad.numpy(), delta @ wn.T),
            ),
            ("tanpa faktor", 0, lambda: _close(b.grad.numpy(), (zn - tn).sum(0))),
        ],
    )


# --- luento_transpoosi_fi: ConvTranspose1d(1, 1, 3, stride=3), x of length 4 ----------------
def _luento() -> dict[tuple[int, int], Truth]:
    def length(**options) -> int:  # type: ignore[no-untyped-def]
        module = torch.nn.ConvTranspose1d(1, 1, 3, stride=3, bias=False, **options)
        return _out(module, (1, 1, 4))[-1]

    x, w, g, dx, dw = _grads(F.conv_transpose1d, (4,), (3,), seed=41, stride=3)
    y = F.conv_transpose1d(torch.tensor(x).view(1, 1, 4), torch.tensor(w).view(1, 1, 3), stride=3)
    y = y.view(-1).numpy()
    big = torch.nn.ConvTranspose1d(16, 32, 3, stride=3)
    pairs = list(itertools.product(range(4), range(3)))
    return _by_anchor(
        "luento_transpoosi_fi",
        [
            (
                "$y_{3i+k} = x_i w_k$",
                0,
                lambda: all(math.isclose(y[3 * i + k], x[i] * w[k]) for i, k in pairs),
            ),
            ("Ulostulon pituus", 0, lambda: length() == (4 - 1) * 3 + 3 == 12),
            ("+ 3 + 2 = 14$", 0, lambda: length(output_padding=2) == 14),
            ("- 1 + 3 = 11$", 0, lambda: length(padding=1) == 11),
            ("$$y_7 =", 0, lambda: math.isclose(y[7], x[2] * w[1])),
            ("$$y_5 =", 0, lambda: math.isclose(y[5], x[1] * w[1])),
            (
                "{\\partial x_i}",
                0,
                lambda: all(
                    math.isclose(dx[i], sum(g[3 * i + k] * w[k] for k in range(3)))
                    for i in range(4)
                ),
            ),
            (
                "{\\partial x_2}",
                0,
                lambda: math.isclose(dx[2], g[6] * w[0] + g[7] * w[1] + g[8] * w[2]),
            ),
            (
                "{\\partial w_1}",
                0,
                lambda: math.isclose(dw[1], sum(g[3 * i + 1] * x[i] for i in range(4))),
            ),
            (
                "{\\partial w_2}",
                0,
                lambda: math.isclose(dw[2], g[2] * x[0] + g[5] * x[1] + g[8] * x[2]),
            ),
            ("= 1568$", 0, lambda: _params(big) == 16 * 32 * 3 + 32 == 1568),
            ("= 1568$", 1, lambda: _params(big) == 32 * 16 * 3 + 16),
        ],
    )


# --- discord_keras_conv1d: Conv1D(32, 5, strides=2) on (100, 12), MaxPooling1D(3, 2) --------
def _discord() -> dict[tuple[int, int], Truth]:
    conv = torch.nn.Conv1d(12, 32, 5, stride=2)  # channels first, the same layer
    steps = _out(conv, (1, 12, 100))[-1]
    pooled = F.max_pool1d(torch.zeros(1, 32, steps), 3, 2).shape[-1]
    same = torch.nn.Conv1d(12, 32, 5, stride=2, padding=2)  # Keras "same" here: total pad 3,
    # one less on the left; the length is ceil(100/2) either way
    same_steps = _out(same, (1, 12, 100))[-1]

    def field() -> tuple[int, int]:  # which inputs reach pooled step 0, and step 1's first
        x = torch.zeros(1, 1, 100, requires_grad=True)
        one = torch.nn.Conv1d(1, 1, 5, stride=2, bias=False)
        torch.nn.init.ones_(one.weight)
        y = F.avg_pool1d(one(x + 1.0), 3, 2)  # the windows of the max pooling, every tap
        seen = []
        for step in (0, 1):
            (grad,) = torch.autograd.grad(y[0, 0, step], x, retain_graph=True)
            nonzero = grad[0, 0].nonzero().flatten().tolist()
            seen.append((nonzero[0], nonzero[-1]))
        return seen[0][1] - seen[0][0] + 1, seen[1][0] - seen[0][0]

    return _by_anchor(
        "discord_keras_conv1d",
        [
            ("valid padding:", 0, lambda: steps == (100 - 5) // 2 + 1 == 48),
            ("= 1952$ params", 0, lambda: _params(conv) == 5 * 12 * 32 + 32 == 1952),
            ("after it you get", 0, lambda: pooled == (48 - 3) // 2 + 1 == 23),
            ("= 50$ steps", 0, lambda: same_steps == math.ceil(100 / 2) == 50),
            ("= 49$ like", 0, lambda: math.ceil(100 / 2) == 49),
            ("= 192$ is", 0, lambda: _params(conv) == 5 * 32 + 32),
            ("one pooled step sees", 0, lambda: field()[0] == 5 + 2 * (3 - 1) == 9),
            ("$3 \\cdot 5 = 15$", 0, lambda: field()[0] == 15),
            ("$2 \\cdot 2 = 4$ input", 0, lambda: field()[1] == 2 * 2 == 4),
        ],
    )


# --- opgave_talmatricer_da: X 3x3 and K 2x2 given, G given --------------------------------
OPG_X = [[1, 2, 0], [3, 1, 1], [0, 2, 4]]
OPG_K = [[1, 0], [2, -1]]
OPG_G = [[1, 2], [0, -1]]


def _opgave() -> dict[tuple[int, int], Truth]:
    x, k = _t(OPG_X), _t(OPG_K)
    y = F.conv2d(x.view(1, 1, 3, 3), k.view(1, 1, 2, 2))[0, 0]
    g = torch.tensor(OPG_G, dtype=torch.float64)
    (y * g).sum().backward()
    dx, dk, gn, kn = x.grad.numpy(), k.grad.numpy(), g.numpy(), np.array(OPG_K)
    terms = [gn[0, 0] * kn[1, 1], gn[0, 1] * kn[1, 0], gn[1, 0] * kn[0, 1], gn[1, 1] * kn[0, 0]]
    xn = np.array(OPG_X)
    star = np.array(
        [[np.sum(xn[i : i + 2, j : j + 2] * gn) for j in range(2)] for i in range(2)]
    )  # X star G, by hand
    return _by_anchor(
        "opgave_talmatricer_da",
        [
            ("$$Y = ", 0, lambda: _close(y.detach().numpy(), [[6, 3], [1, 1]])),
            ("$\\partial L / \\partial K = X \\star G$", 0, lambda: _close(dk, star)),
            ("{\\partial K} =", 0, lambda: _close(dk, [[4, 1], [3, 1]])),
            ("{\\partial X} =", 0, lambda: _close(dx, [[1, 2, 0], [2, 2, -2], [0, -2, 1]])),
            ("X_{1,1}} =", 0, lambda: math.isclose(dx[1, 1], sum(terms))),
            ("X_{1,1}} =", 1, lambda: _close(terms, [-1, 4, 0, -1])),
            ("X_{1,1}} =", 2, lambda: -1 + 4 + 0 - 1 == 2),
            ("Mange skrev", 0, lambda: math.isclose(dx[1, 2], 2)),
            ("Biasens", 0, lambda: gn.sum() == 2),
        ],
    )


# --- recitation_bases_groups: x of 6, w of 3 (1-based in A, 0-based in B); groups in C -------
def _recitation() -> dict[tuple[int, int], Truth]:
    x, w, g, dx, dw = _grads(F.conv1d, (6,), (3,), seed=42)

    def one(a):  # type: ignore[no-untyped-def]  # 1-based view of a 0-based array
        return lambda i: a[i - 1]

    X, W, G, dX, dW = one(x), one(w), one(g), one(dx), one(dw)
    three, twelve = torch.nn.Conv2d(12, 24, 3, groups=3), torch.nn.Conv2d(12, 24, 3, groups=12)
    return _by_anchor(
        "recitation_bases_groups",
        [
            ("{\\partial x_1} = w_1 G_1$$", 0, lambda: math.isclose(dX(1), W(1) * G(1))),
            (
                "{\\partial x_3}",
                0,
                lambda: math.isclose(dX(3), W(3) * G(1) + W(2) * G(2) + W(1) * G(3)),
            ),
            ("{\\partial x_6}", 0, lambda: math.isclose(dX(6), W(3) * G(4))),
            (
                "\\sum_{i=1}^{4} G_i x_{i+1}",
                0,
                lambda: math.isclose(dW(2), sum(G(i) * X(i + 1) for i in range(1, 5))),
            ),
            ("{\\partial x_0}", 0, lambda: math.isclose(dx[0], w[0] * g[0])),
            ("{\\partial x_1} = w_0 G_1$$", 0, lambda: math.isclose(dx[1], w[0] * g[1])),
            ("{\\partial x_5}", 0, lambda: math.isclose(dx[5], w[2] * g[3])),
            (
                "\\sum_{i=0}^{3} G_i x_{i+1}",
                0,
                lambda: math.isclose(dw[2], sum(g[i] * x[i + 1] for i in range(4))),
            ),
            ("= 888$", 1, lambda: _params(three) == 24 * (12 // 3) * 9 + 24 == 888),
            ("= 240$", 1, lambda: _params(twelve) == 24 * 1 * 9 + 24 == 240),
            ("= 228$", 2, lambda: _params(twelve) == 24 * 12 * 9 // 12 + 12),
        ],
    )


TRUTH_C: dict[str, Callable[[], dict[tuple[int, int], Truth]]] = {
    "velog_conv3d_ko": _velog,
    "reddit_grouped_conv": _reddit,
    "errata_dilated_tconv": _errata,
    "markscheme_overlap_pool": _markscheme,
    "lecture_reused_letters": _lecture,
    "zhihu_conv1d_audio_zh": _zhihu,
    "gist_code_only_sizes": _gist,
    "colab_funcional_dilatada_pt": _colab,
    "blog_patchify_hinglish": _patchify,
    "table_feature_encoder": _encoder,
    "catatan_batch_mean_id": _catatan,
    "luento_transpoosi_fi": _luento,
    "discord_keras_conv1d": _discord,
    "opgave_talmatricer_da": _opgave,
    "recitation_bases_groups": _recitation,
}
