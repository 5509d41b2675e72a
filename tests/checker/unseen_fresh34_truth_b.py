"""Independent truth for the fresh34 unseen set, second part: the notes
notes_transparents_conv_transposee and praca_domowa_4_splot1d_dylatacja (conventions as in
unseen_fresh34_truth.py). Sizes come from torch's own conv2d / conv_transpose2d / conv1d on
grids; gradients from autograd; receptive fields from the support of an autograd gradient.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid, rf1d
from unseen_fresh34_truth import Claims, claims_of
from unseen_truth_base import (
    F64,
    Truth,
    conv,
    conv_out,
    corr,
    dilate,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)

# --- notes_transparents_conv_transposee.md (French): PyTorch conv2d / conv_transpose2d, square
# inputs; symbolic H_in, k, s, p, d, a on grids; the slides' numeric layers

TRANS = "notes_transparents_conv_transposee"

CONV_SIZES = [(h, k, s, p, d) for h in (5, 8, 11) for k in (1, 2, 3) for s in (1, 2, 3)
              for p in (0, 1) for d in (1, 2) if h + 2 * p >= d * (k - 1) + 1]  # fmt: skip
TCONV_SIZES = [(h, k, s, p, a, d) for h in (2, 4, 5) for k in (2, 3, 4) for s in (1, 2, 3)
               for p in (0, 1) for a in (0, 1, 2) for d in (1, 2)
               if a < max(s, d) and (h - 1) * s - 2 * p + d * (k - 1) + a + 1 > 0]  # fmt: skip
# output_padding a >= 1 only: with a = 0 both sides of "+ 2a" coincide
APAD_SIZES = [(h, k, s, p, a) for h in (3, 4, 6) for k in (2, 3) for s in (2, 3) for p in (0, 1)
              for a in (1, 2) if a < s]  # fmt: skip
GRAD_SIZES = [(h, k, s, p) for h in (6, 7, 9) for k in (2, 3) for s in (1, 2, 3) for p in (0, 1)]


def _conv_size(h: int, k: int, s: int, p: int, d: int) -> bool:
    return conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1


def _tconv_size(h: int, k: int, s: int, p: int, a: int, d: int) -> bool:
    return tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1


def _input_grad(h: int, k: int, s: int, p: int, seed: int = 0) -> dict:
    """conv2d 2 -> 3 channels on an h x h input; autograd of sum(y * G)."""
    r = np.random.default_rng(seed + 1000 * h + 100 * k + 10 * s + p)
    x, w = r.normal(size=(1, 2, h, h)), r.normal(size=(3, 2, k, k))
    side = conv_out(h, k, s, p)
    g = r.normal(size=(1, 3, side, side))
    return {"w": w, "g": g, "a": (h + 2 * p - k) % s, **conv(x, w, None, g, stride=s, padding=p)}


def _grad_is_tconv(h: int, k: int, s: int, p: int) -> bool:
    v = _input_grad(h, k, s, p)
    y = F.conv_transpose2d(t64(v["g"]), t64(v["w"]), stride=s, padding=p, output_padding=v["a"])
    return same(v["dx"], y.numpy())


def _a_restores(h: int, k: int, s: int, p: int) -> bool:
    return tconv_out(conv_out(h, k, s, p), k, s, p, (h + 2 * p - k) % s) == h


TCONV_OP_SIZES = [(hg, k, s, p) for hg in (2, 3, 4) for k in (2, 3, 4) for s in (1, 2, 3)
                  for p in (0, 1, 2) if p <= k - 1 and (hg - 1) * s - 2 * p + k > 0]  # fmt: skip


def _tconv_as_corr(hg: int, k: int, s: int, p: int) -> bool:
    r = np.random.default_rng(1000 * hg + 100 * k + 10 * s + p)
    g, w = r.normal(size=(hg, hg)), r.normal(size=(k, k))
    y = F.conv_transpose2d(t64(g)[None, None], t64(w)[None, None], stride=s, padding=p)
    return same(y.numpy()[0, 0], corr(pad(dilate(g, s), k - 1 - p), rot180(w)))


def _multichannel_rot(r: np.random.Generator) -> bool:
    """Conv2d(3, 8, 3, stride=2, padding=1) on 3x9x9: the gradient against convT of rot180(w)."""
    x, w, g = r.normal(size=(1, 3, 9, 9)), r.normal(size=(8, 3, 3, 3)), r.normal(size=(1, 8, 5, 5))
    dx = conv(x, w, None, g, stride=2, padding=1)["dx"]
    y = F.conv_transpose2d(t64(g), t64(w[:, :, ::-1, ::-1].copy()), stride=2, padding=1)
    return same(dx, y.numpy())


def _dilated_grad(h: int) -> bool:
    """Conv2d(1, 1, 3, dilation=2) on h x h: the gradient against pad_{k-1-p}(G) star rot180(w)."""
    r = np.random.default_rng(800 + h)
    x, w = r.normal(size=(1, 1, h, h)), r.normal(size=(1, 1, 3, 3))
    g = r.normal(size=(1, 1, h - 4, h - 4))
    dx = conv(x, w, None, g, dilation=2)["dx"][0, 0]
    return same(dx, corr(pad(g[0, 0], 3 - 1 - 0), rot180(w[0, 0])))


TRANS_CLAIMS = claims_of(TRANS, {
    "\\frac{H_{in} + 2p - d(k - 1) - 1}{s}": [grid(_conv_size, CONV_SIZES)],
    "$$H_{out} = (H_{in} - 1)\\, s - 2p": [grid(_tconv_size, TCONV_SIZES)],
    "(4 - 1) \\cdot 2 - 2 + 2 + 1 + 1": [
        equal(tconv_out(4, 3, 2, 1, 1), (4 - 1) * 2 - 2 + 2 + 1 + 1),
        equal((4 - 1) * 2 - 2 + 2 + 1 + 1, 8)],
    "(5 - 1) \\cdot 1 + 2 \\cdot 3 + 1": [
        equal(tconv_out(5, 3, 1, 0, 0, 2), (5 - 1) * 1 + 2 * 3 + 1),
        equal((5 - 1) * 1 + 2 * 3 + 1, 11)],
    "\\left\\lfloor \\frac{8 + 2 - 3}{2}": [
        single(lambda: conv_out(8, 3, 2, 1) == (8 + 2 - 3) // 2 + 1 == 4),
        single(lambda: conv_out(7, 3, 2, 1) == (7 + 2 - 3) // 2 + 1 == 4)],
    "$$a = (8 + 2 - 3) \\bmod 2": [single(lambda: tconv_out(4, 3, 2, 1, (8 + 2 - 3) % 2) == 8),
                                  equal((8 + 2 - 3) % 2, 1)],
    "$H_{out}(a) = H_{out}(0) + 2a$": [grid(
        lambda h, k, s, p, a: tconv_out(h, k, s, p, a) == tconv_out(h, k, s, p, 0) + 2 * a,
        APAD_SIZES)],
    "Pour $y = \\operatorname{conv}_{s,p}(x, w)$": [None, None],
    "= \\operatorname{convT}_{s,p,a}(G, w), \\qquad": [grid(_grad_is_tconv, GRAD_SIZES),
                                                      grid(_a_restores, GRAD_SIZES)],
    "\\operatorname{convT}_{s,p,0}(G, w) =": [grid(_tconv_as_corr, TCONV_OP_SIZES)],
    "\\operatorname{convT}_{2,1,0}\\big(": [trials(_multichannel_rot, 900)],
    "= \\operatorname{pad}_{k-1-p}(G) \\star": [grid(_dilated_grad, [(7,), (9,), (10,)])],
    "\\#\\text{param} = 16 \\cdot 8": [
        equal(params(torch.nn.ConvTranspose2d(16, 8, 4)), 16 * 8 * 4 * 4 + 16),
        equal(16 * 8 * 4 * 4 + 16, 2064)],
})  # fmt: skip


# --- praca_domowa_4_splot1d_dylatacja.md (Polish): x length 8, w 3 taps, dilation 2, zero
# padding 2 each side, stride 1, no bias, 0-based x[n]; the note's x, w, g

POL = "praca_domowa_4_splot1d_dylatacja"
PX = np.array([1.0, 2, 0, -1, 3, 1, 0, 2])
PW = np.array([1.0, 0, -1])
PG = np.array([1.0, 0, 0, 1, 0, 0, 0, -1])


def _pol(r: np.random.Generator | None = None) -> dict:
    """conv1d padding 2, dilation 2 and the gradients of sum(y * g); the note's numbers when r
    is None."""
    x, w, g = (PX, PW, PG) if r is None else (r.normal(size=8), r.normal(size=3), r.normal(size=8))
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv1d(xt.reshape(1, 1, 8), wt.reshape(1, 1, 3), padding=2, dilation=2).reshape(-1)
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy(),
            "dw": wt.grad.numpy()}  # fmt: skip


def _pl(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_pol(r)), seed)


def _pol_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]  # x zero outside 0..7, as the note declares
    return same(v["y"], [sum(w[k] * zat(x, n + 2 * k - 2) for k in range(3)) for n in range(8)])


def _pol_dw(v: dict) -> bool:
    x, g = v["x"], v["g"]
    return same(v["dw"], [sum(g[n] * zat(x, n + 2 * k - 2) for n in range(8)) for k in range(3)])


def _pol_dx_plus(v: dict) -> bool:
    w, g = v["w"], v["g"]  # g zero outside 0..7, as the note declares
    return same(v["dx"], [sum(w[k] * zat(g, m + 2 * k - 2) for k in range(3)) for m in range(8)])


def _same_padding() -> int:
    """The padding that keeps length 8 for a 3-tap filter with dilation 2 (torch conv1d)."""
    for p in range(6):
        y = F.conv1d(torch.zeros(1, 1, 8, dtype=F64), torch.zeros(1, 1, 3, dtype=F64), padding=p,
                     dilation=2)  # fmt: skip
        if y.shape[-1] == 8:
            return p
    raise AssertionError("no padding keeps the length")


PN = _pol()
POL_CLAIMS = claims_of(POL, {
    "$$x = [1, 2, 0, -1": [None, None],
    "przyjmujemy $x[n] = 0$": [None],
    "$$L_{out} = 8 + 2 \\cdot 2": [equal(len(PN["y"]), 8 + 2 * 2 - 2 * (3 - 1) - 1 + 1),
                                  equal(8 + 2 * 2 - 2 * (3 - 1) - 1 + 1, 8)],
    "$$y[n] = \\sum_{k=0}^{2}": [_pl(_pol_forward, 1000)],
    "$$y = [0, 1, -2": [single(lambda: same(PN["y"], [0, 1, -2, 1, 0, -3, 1, 1]))],
    "wynosi $g[n] =": [None, None],
    "\\partial w[k]} = \\sum_{n=0}^{7}": [_pl(_pol_dw, 1010)],
    "\\partial w[0]} = x[1] - x[5]": [single(lambda: math.isclose(PN["dw"][0], PX[1] - PX[5])),
                                     equal(PX[1] - PX[5], 1)],
    "\\partial w[1]} = x[0] + x[3] + x[7]": [
        single(lambda: math.isclose(PN["dw"][1], PX[0] + PX[3] + PX[7])),
        equal(PX[0] + PX[3] + PX[7], 2)],
    "(z $g[n] = 0$": [None],
    "g[m + 2k - 2]": [_pl(_pol_dx_plus, 1020)],
    "\\partial x[5]} = g[7] - g[3]": [single(lambda: math.isclose(PN["dx"][5], PG[7] - PG[3])),
                                     equal(PG[7] - PG[3], -2)],
    "\\partial x[2]} = g[0] - g[4]": [single(lambda: math.isclose(PN["dx"][2], PG[0] - PG[4])),
                                     equal(PG[0] - PG[4], 1)],
    "$$R = 3 \\cdot (1 + 2 + 4)": [equal(rf1d([3, 3, 3], [1, 1, 1], [1, 2, 4]), 3 * (1 + 2 + 4)),
                                  equal(3 * (1 + 2 + 4), 21)],
    "$$p = \\frac{k - 1}{2}": [equal(_same_padding(), (3 - 1) / 2), equal((3 - 1) / 2, 1)],
})  # fmt: skip

NOTES_B: Claims = {**TRANS_CLAIMS, **POL_CLAIMS}
