"""Independent truth for the fresh67 unseen set (tests/data/check/unseen/fresh67/): the notes
blog_im2col_col2im_three_gradients, cours_unet_comptabilite_des_tailles and
forum_convtranspose2d_31_instead_of_32 (the other four live in unseen_fresh67_truth_b.py;
truth_table merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A link between two written numbers is arithmetic; a size, count or entry
named on the left must equal the true one.  im2col is torch's F.unfold (rows = taps row-major,
columns = windows row-major), col2im is F.fold; a multiply count is FlopCounterMode / 2.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import conv1_len, flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    corr,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh67"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def unfold(x: np.ndarray, k: int, **kw: int) -> np.ndarray:
    """torch's im2col of one single-channel image: (k*k, number of windows)."""
    return F.unfold(t64(x)[None, None], k, **kw)[0].numpy()


def conv_case(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    """conv2d(x, w) + b on one channel and the gradients of sum(y * g) (torch autograd)."""
    xt, wt = t64(x, True), t64(w, True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    y = F.conv2d(xt[None, None], wt[None, None], bt)[0, 0]
    (y * t64(g)).sum().backward()
    return {
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.item(),
    }


# --- blog_im2col_col2im_three_gradients.md (English blog): 0-based, one channel, 3 x 4 input,
# 2 x 2 kernel, stride 1, b = 1; the sizes section at C_in = 3, k = 3, padding 1, 32 x 32.

BLOG = "blog_im2col_col2im_three_gradients"
BX = np.array([[1.0, 2, 0, 1], [0, 1, 3, 2], [2, 1, 1, 0]])
BK = np.array([[1.0, -1], [2, 1]])
BG = np.array([[1.0, 0, -1], [2, 1, 0]])
BV = conv_case(BX, BK, 1.0, BG)
BXCOL = unfold(BX, 2)
NOTE_XCOL = [[1, 2, 0, 0, 1, 3], [2, 0, 1, 1, 3, 2], [0, 1, 3, 2, 1, 1], [1, 3, 2, 1, 1, 0]]
NOTE_DXCOL = [
    [1, 0, -1, 2, 1, 0],
    [-1, 0, 1, -2, -1, 0],
    [2, 0, -2, 4, 2, 0],
    [1, 0, -1, 2, 1, 0],
]
# the note's 3 x 4 with k = 2 and a second size, 5 x 6 with k = 3
BLOG_SIZES = [(3, 4, 2), (5, 6, 3)]


def _blog(rel: Callable[[np.random.Generator, int, int, int], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(r, h, w, k) for h, w, k in BLOG_SIZES), seed)


def _rand_case(r: np.random.Generator, h: int, w: int, k: int) -> tuple:
    x, kern, b = r.normal(size=(h, w)), r.normal(size=(k, k)), float(r.normal())
    g = r.normal(size=(h - k + 1, w - k + 1))
    return x, kern, b, g, conv_case(x, kern, b, g)


def _gemm_forward(r: np.random.Generator, h: int, w: int, k: int) -> bool:
    x, kern, b, _, v = _rand_case(r, h, w, k)
    return same(kern.reshape(-1) @ unfold(x, k) + b, v["y"].reshape(-1))


def _gemm_weight(r: np.random.Generator, h: int, w: int, k: int) -> bool:
    x, _, _, g, v = _rand_case(r, h, w, k)
    return same(v["dw"].reshape(-1), g.reshape(-1) @ unfold(x, k).T)


def _weight_is_swapped_corr(r: np.random.Generator, h: int, w: int, k: int) -> bool:
    """The note's G star X (operands swapped) against torch's weight gradient."""
    x, _, _, g, v = _rand_case(r, h, w, k)
    return same(v["dw"], corr(g, x))


def _xcol_grad_outer(r: np.random.Generator, h: int, w: int, k: int) -> bool:
    """d/dX_col of sum(g * (w X_col)) by autograd against the outer product w^T g."""
    x, kern, _, g, _ = _rand_case(r, h, w, k)
    xc = t64(unfold(x, k), True)
    (t64(kern.reshape(-1)) @ xc * t64(g.reshape(-1))).sum().backward()
    return same(xc.grad.numpy(), np.outer(kern.reshape(-1), g.reshape(-1)))


def _col2im_sum(r: np.random.Generator, h: int, w: int, k: int) -> bool:
    """The note's tap sum (tap t = k u + v, window (p-u, q-v) kept only inside the output)."""
    _, kern, _, g, v = _rand_case(r, h, w, k)
    dxc = np.outer(kern.reshape(-1), g.reshape(-1))
    ho, wo = h - k + 1, w - k + 1
    out = np.zeros((h, w))
    for p in range(h):
        for q in range(w):
            for u in range(k):
                for vv in range(k):
                    if 0 <= p - u < ho and 0 <= q - vv < wo:
                        out[p, q] += dxc[k * u + vv, (p - u) * wo + (q - vv)]
    return same(out, v["dx"])


def _fold_is_grad(r: np.random.Generator, h: int, w: int, k: int) -> bool:
    _, kern, _, g, v = _rand_case(r, h, w, k)
    dxc = t64(np.outer(kern.reshape(-1), g.reshape(-1)))[None]
    return same(F.fold(dxc, (h, w), k)[0, 0].numpy(), v["dx"])


def _full_corr_unflipped(r: np.random.Generator, h: int, w: int, k: int) -> bool:
    _, kern, _, g, v = _rand_case(r, h, w, k)
    return same(v["dx"], corr(pad(g, k - 1), kern))


def _batch_grads(r: np.random.Generator, h: int, w: int, k: int, which: str) -> bool:
    """Loss summed over a batch of 3: torch's weight and bias gradients against the note."""
    n = 3
    x, kern, b = r.normal(size=(n, 1, h, w)), r.normal(size=(1, 1, k, k)), r.normal(size=1)
    g = r.normal(size=(n, 1, h - k + 1, w - k + 1))
    xt, wt, bt = t64(x), t64(kern, True), t64(b, True)
    (F.conv2d(xt, wt, bt) * t64(g)).sum().backward()
    if which == "w":
        rhs = sum(g[i].reshape(-1) @ unfold(x[i, 0], k).T for i in range(n)) / n
        return same(wt.grad.numpy().reshape(-1), rhs)
    return math.isclose(bt.grad.item(), sum(g[i].reshape(-1).sum() for i in range(n)))


def _stride2_undilated(r: np.random.Generator, h: int, k: int) -> bool:
    """torch's stride-2 input gradient against pad_{k-1}(G) star rot180(K), G undilated."""
    x, kern = r.normal(size=(h, h)), r.normal(size=(k, k))
    xt = t64(x, True)
    y = F.conv2d(xt[None, None], t64(kern)[None, None], stride=2)[0, 0]
    g = r.normal(size=tuple(y.shape))
    (y * t64(g)).sum().backward()
    return same(xt.grad.numpy(), corr(pad(g, k - 1), rot180(kern)))


def _unfold_cols(side: int, c: int, k: int, **kw: int) -> tuple[int, int]:
    u = F.unfold(torch.zeros(1, c, side, side, dtype=F64), k, **kw)
    return int(u.shape[1]), int(u.shape[2])


BDX = BV["dx"]
BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "$$X = \\begin{bmatrix} 1 & 2 & 0 & 1": [None, None, None],
        "The output is $2 \\times 3$": [
            equal(BV["y"].shape[0], 2),
            equal(BV["y"].shape[1], 3),
            None,
        ],
        "Column $l = i": [None],
        "$$X_{col} = \\begin{bmatrix}": [single(lambda: same(BXCOL, NOTE_XCOL))],
        "Note that im2col copies pixels": [
            equal(BXCOL.size, 2**2 * BX.size),
            equal(2**2 * BX.size, 4 * 12),
            equal(4 * 12, 48),
        ],
        "With the kernel flattened into a row": [
            None,
            single(lambda: same(BK.reshape(-1), [1, -1, 2, 1])),
        ],
        "$$y = w\\, X_{col} + b": [
            _blog(_gemm_forward, 6701),
            single(lambda: same(BV["y"].reshape(-1), [1, 8, 8, 5, 2, 4])),
        ],
        "and reshaping gives": [
            single(lambda: same(BV["y"], [[1, 8, 8], [5, 2, 4]])),
            single(lambda: math.isclose(BV["y"][1, 0], 0 * 1 + 1 * (-1) + 2 * 2 + 1 * 1 + 1)),
            equal(0 * 1 + 1 * (-1) + 2 * 2 + 1 * 1 + 1, 5),
        ],
        "$$G = \\frac{\\partial L}{\\partial Y}": [
            None,
            None,
            None,
            single(lambda: same(BG.reshape(-1), [1, 0, -1, 2, 1, 0])),
        ],
        "**Bias.**": [
            single(lambda: math.isclose(BV["db"], BG.reshape(-1) @ np.ones(6))),
            single(lambda: math.isclose(BG.reshape(-1) @ np.ones(6), BG.sum())),
            equal(BG.sum(), 3),
        ],
        "$$\\frac{\\partial L}{\\partial w} = g\\, X_{col}^\\top": [
            _blog(_gemm_weight, 6702),
            single(lambda: same(BV["dw"].reshape(-1), [2, 6, 2, 2])),
        ],
        "i.e. $\\frac{\\partial L}{\\partial K}": [
            single(lambda: same(BV["dw"], [[2, 6], [2, 2]])),
            _blog(_weight_is_swapped_corr, 6703),
        ],
        "$$\\frac{\\partial L}{\\partial X_{col}} = w^\\top g": [
            _blog(_xcol_grad_outer, 6704),
            single(lambda: same(np.outer(BK.reshape(-1), BG.reshape(-1)), NOTE_DXCOL)),
        ],
        "col2im then sends every entry back": [None],
        "$$\\frac{\\partial L}{\\partial X}[p,q] = \\sum_{u=0}": [_blog(_col2im_sum, 6705)],
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{col2im}": [
            _blog(_fold_is_grad, 6706),
            single(lambda: same(BDX, [[1, -1, -1, 1], [4, 0, -3, -1], [4, 4, 1, 0]])),
        ],
        "Spot check of an interior pixel": [
            single(
                lambda: math.isclose(
                    BDX[1, 2],
                    BK[1, 1] * BG[0, 1]
                    + BK[1, 0] * BG[0, 2]
                    + BK[0, 1] * BG[1, 1]
                    + BK[0, 0] * BG[1, 2],
                )
            ),
            single(
                lambda: math.isclose(
                    BK[1, 1] * BG[0, 1]
                    + BK[1, 0] * BG[0, 2]
                    + BK[0, 1] * BG[1, 1]
                    + BK[0, 0] * BG[1, 2],
                    0 - 2 - 1 + 0,
                )
            ),
            equal(0 - 2 - 1 + 0, -3),
            single(lambda: math.isclose(BDX[2, 3], BK[1, 1] * BG[1, 2])),
            single(lambda: math.isclose(BK[1, 1] * BG[1, 2], 0)),
            single(lambda: math.isclose(BDX[0, 3], BK[0, 0] * BG[0, 2])),
            single(lambda: math.isclose(BK[0, 0] * BG[0, 2], -1)),
        ],
        "The scatter-add is nothing but": [
            _blog(_full_corr_unflipped, 6707),
            trials(
                lambda r: all(_stride2_undilated(r, h, k) for h, k in ((5, 3), (7, 3), (6, 2))),
                6710,
            ),
        ],
        "For $C_{in} = 3$, $k = 3$, padding 1": [
            None,
            None,
            equal((32 + 2) ** 2 - 32**2, 2 * 1 * (32 + 32)),
            equal(2 * 1 * (32 + 32), 128),
            equal(_unfold_cols(32, 3, 3, padding=1)[1], (32 + 2 * 1 - 3 + 1) ** 2),
            equal((32 + 2 * 1 - 3 + 1) ** 2, 1024),
            equal(27 * 1024 * 4, 110592),
            None,
            equal(16 * 27 * 1024, 442368),
            equal(
                _unfold_cols(32, 3, 3, padding=1, stride=2)[1],
                (math.floor((32 + 2 - 3) / 2) + 1) ** 2,
            ),
            equal((math.floor((32 + 2 - 3) / 2) + 1) ** 2, 15**2),
            equal(15**2, 225),
        ],
        "For a mini-batch each image": [
            None,
            _blog(lambda r, h, w, k: _batch_grads(r, h, w, k, "w"), 6708),
            _blog(lambda r, h, w, k: _batch_grads(r, h, w, k, "b"), 6709),
        ],
    },
)


# --- cours_unet_comptabilite_des_tailles.md (French lecture notes): the original U-Net, valid
# 3 x 3 convs, MaxPool2d(2), ConvTranspose2d(k=2, s=2), centre crop, cat([crop, up]).  Sizes
# are simulated per axis with torch's 1-D layers (the 2-D layers act on each axis alike).


def _pool_len(t: int) -> int:
    return int(F.max_pool1d(torch.zeros(1, 1, t, dtype=F64), 2).shape[-1])


def _up_len(t: int, k: int = 2, s: int = 2, p: int = 0, a: int = 0) -> int:
    y = F.conv_transpose1d(
        torch.zeros(1, 1, t, dtype=F64),
        torch.zeros(1, 1, k, dtype=F64),
        stride=s,
        padding=p,
        output_padding=a,
    )
    return int(y.shape[-1])


def _two_convs(t: int) -> int | None:
    for _ in range(2):
        if t < 3:
            return None
        t = conv1_len(t, 3)
    return t


def contracting(h0: int) -> dict | None:
    """The four levels and the bottom; None where a side vanishes."""
    t, skips, even = h0, [], True
    for _ in range(4):
        t = _two_convs(t)
        if t is None or t < 2:
            return None
        skips.append(t)
        even = even and t % 2 == 0
        t = _pool_len(t)
    bottom = _two_convs(t)
    if bottom is None:
        return None
    return {"skips": skips, "h5": bottom, "even": even}


def unet(h0: int) -> dict | None:
    """The whole network's sides; None unless every pool is even, every crop is centred and no
    side vanishes (an admissible input)."""
    c = contracting(h0)
    if c is None or not c["even"]:
        return None
    t, ups = c["h5"], []
    for skip in reversed(c["skips"]):
        u = _up_len(t)
        if u > skip or (skip - u) % 2:
            return None
        ups.append(u)
        t = _two_convs(u)
        if t is None:
            return None
    return {**c, "ups": ups, "out": t}


U572 = unet(572)
COURS = "cours_unet_comptabilite_des_tailles"
_ADMISSIBLE = [h for h in range(100, 400) if unet(h) is not None]


def _meta_params(module: type, *args: int, **kw: int) -> int:
    return params(module(*args, device="meta", **kw))


def _meta_flops(cin: int, cout: int, k: int, side: int) -> int:
    return flops_half(
        lambda: F.conv2d(
            torch.zeros(1, cin, side, side, device="meta"),
            torch.zeros(cout, cin, k, k, device="meta"),
        )
    )


def _crop_grad(r: np.random.Generator, pooled_too: bool) -> bool:
    a = t64(r.normal(size=(1, 2, 64, 64)), True)
    gc, gp = r.normal(size=(1, 2, 56, 56)), r.normal(size=(1, 2, 32, 32))
    loss = (a[:, :, 4:60, 4:60] * t64(gc)).sum()
    expected = np.pad(gc, ((0, 0), (0, 0), (4, 4), (4, 4)))
    if pooled_too:
        loss = loss + (F.max_pool2d(a, 2) * t64(gp)).sum()
        a2 = t64(a.detach().numpy(), True)
        (F.max_pool2d(a2, 2) * t64(gp)).sum().backward()
        expected = expected + a2.grad.numpy()  # G_P: the gradient back through the pool
    loss.backward()
    return same(a.grad.numpy(), expected)


def _cat_grad(r: np.random.Generator) -> bool:
    c, u = t64(r.normal(size=(1, 512, 2, 2)), True), t64(r.normal(size=(1, 512, 2, 2)), True)
    gz = r.normal(size=(1, 1024, 2, 2))
    (torch.cat([c, u], dim=1) * t64(gz)).sum().backward()
    return same(u.grad.numpy(), gz[:, 0:512])


def _upconv_grads(r: np.random.Generator, which: str) -> bool:
    cin, cout, h = 3, 2, 4
    x, w, b = r.normal(size=(1, cin, h, h)), r.normal(size=(cin, cout, 2, 2)), r.normal(size=cout)
    g = r.normal(size=(1, cout, 2 * h, 2 * h))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    (F.conv_transpose2d(xt, wt, bt, stride=2) * t64(g)).sum().backward()
    if which == "x":  # sum over o of G_o correlated with W_{c,o} at stride 2
        rhs = [sum(corr(g[0, o], w[c, o])[::2, ::2] for o in range(cout)) for c in range(cin)]
        return same(xt.grad.numpy()[0], rhs)
    if which == "w":
        rhs = [[corr(g[0, o], _dil2(x[0, c])) for o in range(cout)] for c in range(cin)]
        return same(wt.grad.numpy(), rhs)
    return same(bt.grad.numpy(), g[0].sum(axis=(1, 2)))


def _dil2(a: np.ndarray) -> np.ndarray:
    out = np.zeros((2 * a.shape[0] - 1, 2 * a.shape[1] - 1))
    out[::2, ::2] = a
    return out


COURS_CLAIMS = claims_of(
    COURS,
    {
        "la taille perd 2": [
            grid(lambda h: conv1_len(h, 3) == h - 2, [(5,), (8,), (13,), (572,)]),
            grid(lambda h: _pool_len(h) == math.floor(h / 2), [(5,), (8,), (25,), (568,)]),
            grid(lambda h: _up_len(h) == (h - 1) * 2 + 2, [(5,), (12,), (28,)]),
            grid(lambda h: (h - 1) * 2 + 2 == 2 * h, [(5,), (12,), (28,)]),
        ],
        "En déroulant": [
            grid(
                lambda h: contracting(h)["h5"] == (h - 124) / 16,
                [(h,) for h in (572, 188, 252, 140)],
            ),
            lambda: [
                all(
                    (contracting(h) is not None and contracting(h)["even"]) == (h % 16 == 12)
                    for h in range(130, 400)
                )
            ],
            equal(35 * 16 + 12, 572),
        ],
        "- $u_4 = 2": [equal(U572["ups"][0], 2 * 28), equal(2 * 28, 56), equal((64 - 56) / 2, 4)],
        "- $u_3 = 104$": [equal(U572["ups"][1], 104), equal((136 - 104) / 2, 16)],
        "- $u_2 = 200$": [equal(U572["ups"][2], 200), equal((280 - 200) / 2, 40)],
        "- $u_1 = 392$": [equal(U572["ups"][3], 392), equal((568 - 392) / 2, 88)],
        "Au total $h_{out}": [
            grid(lambda h: unet(h)["out"] == h - 184, [(h,) for h in (572, 188, 252, 316)]),
            equal(572 - 184, 388),
            equal(min(_ADMISSIBLE), 140),
            single(lambda: contracting(140)["h5"] == (140 - 124) / 16),
            equal((140 - 124) / 16, 1),
        ],
        "`Conv2d(1, 64, 3)`": [
            equal(_meta_params(nn.Conv2d, 1, 64, 3), 64 * 1 * 9 + 64),
            equal(64 * 1 * 9 + 64, 640),
        ],
        "`Conv2d(64, 64, 3)`": [
            equal(_meta_params(nn.Conv2d, 64, 64, 3), 64 * 64 * 9 + 64),
            equal(64 * 64 * 9 + 64, 36928),
        ],
        "`Conv2d(512, 1024, 3)` puis": [
            equal(
                _meta_params(nn.Conv2d, 512, 1024, 3) + _meta_params(nn.Conv2d, 1024, 1024, 3),
                2 * (1024 * 1024 * 9 + 1024),
            ),
            equal(2 * (1024 * 1024 * 9 + 1024), 18876416),
        ],
        "`ConvTranspose2d(1024, 512, 2, stride=2)`": [
            equal(_meta_params(nn.ConvTranspose2d, 1024, 512, 2, stride=2), 1024 * 512 * 4 + 1024),
            equal(1024 * 512 * 4 + 1024, 2098176),
        ],
        "après la concaténation": [
            equal(_meta_params(nn.Conv2d, 512 + 512, 512, 3), 512 * 512 * 9 + 512),
            equal(512 * 512 * 9 + 512, 2359808),
        ],
        "Multiplications par image": [
            equal(570**2 * 64 * 9, 187142400),
            equal(_meta_flops(64, 64, 3, 570), 570**2 * 64 * 64 * 9),
            equal(570**2 * 64 * 64 * 9, 11977113600),
        ],
        "Les convolutions gardent la taille": [
            None,
            equal(math.floor(25 / 2), 12),
            equal(2 * 12, 24),
            single(lambda: 24 != 25),
            equal((12 - 1) * 2 + 2 + 1, 25),
            equal((12 - 1) * 2 - 2 + 3, 25),
        ],
        "Le recadrage $C = A": [
            None,
            trials(lambda r: _crop_grad(r, False), 6711),
            trials(lambda r: _crop_grad(r, True), 6712),
            None,
        ],
        "Si $Z = \\operatorname{cat}(C, U)$": [None, trials(_cat_grad, 6713), None],
        "$$\\frac{\\partial L}{\\partial X_c} = \\sum_{o} G_o \\star_2": [
            trials(lambda r: _upconv_grads(r, "x"), 6714),
            trials(lambda r: _upconv_grads(r, "w"), 6715),
            trials(lambda r: _upconv_grads(r, "b"), 6716),
        ],
    },
)


# --- forum_convtranspose2d_31_instead_of_32.md (English forum thread): ConvTranspose2d(64, 32, 3,
# stride=2, padding=1) on 16 x 16; sizes and gradients from torch.

FORUM = "forum_convtranspose2d_31_instead_of_32"
# (h, k, s, p, a) with a < s and p < k: torch's output stays positive
_T_GRID = [(16, 3, 2, 1, 0), (16, 3, 2, 1, 1), (16, 4, 2, 1, 0), (7, 5, 3, 2, 2), (5, 2, 1, 0, 0)]
_T_GRID_S2 = [c for c in _T_GRID if c[2] >= 2]


def _accepts(s: int, a: int) -> bool:
    try:
        tconv_out(4, 3, s, 0, a)
    except RuntimeError:
        return False
    return True


def _conv_input_grad_is_tconv(r: np.random.Generator) -> bool:
    x, w = r.normal(size=(1, 2, 32, 32)), r.normal(size=(3, 2, 3, 3))
    xt = t64(x, True)
    y = F.conv2d(xt, t64(w), stride=2, padding=1)
    g = r.normal(size=tuple(y.shape))
    (y * t64(g)).sum().backward()
    rhs = F.conv_transpose2d(t64(g), t64(w), stride=2, padding=1, output_padding=1)
    return same(xt.grad.numpy(), rhs.numpy())


def _tconv_input_grad_is_conv(r: np.random.Generator) -> bool:
    x, w = r.normal(size=(1, 3, 16, 16)), r.normal(size=(3, 2, 3, 3))
    xt = t64(x, True)
    z = F.conv_transpose2d(xt, t64(w), stride=2, padding=1)
    g = r.normal(size=tuple(z.shape))
    (z * t64(g)).sum().backward()
    return same(xt.grad.numpy(), F.conv2d(t64(g), t64(w), stride=2, padding=1).numpy())


def _tconv_case(r: np.random.Generator, n: int = 2) -> dict:
    x, w, b = r.normal(size=(n, 1, 16, 16)), r.normal(size=(1, 1, 3, 3)), r.normal(size=1)
    xt, wt, bt = t64(x), t64(w, True), t64(b, True)
    z = F.conv_transpose2d(xt, wt, bt, stride=2, padding=1)
    g = r.normal(size=tuple(z.shape))
    (z * t64(g)).sum().backward()
    return {"x": x, "g": g, "dw": wt.grad.numpy(), "db": bt.grad.numpy()}


M_TCONV = flops_half(
    lambda: F.conv_transpose2d(
        torch.zeros(1, 64, 16, 16, dtype=F64),
        torch.zeros(64, 32, 3, 3, dtype=F64),
        stride=2,
        padding=1,
    )
)
P_TCONV = params(nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1))


def _interior_taps(k: int, s: int, p: int) -> np.ndarray:
    ones = F.conv_transpose2d(
        torch.ones(1, 1, 16, 16, dtype=F64), torch.ones(1, 1, k, k, dtype=F64), stride=s, padding=p
    )
    return ones[0, 0, 1:-1, 1:-1].numpy()


FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "$$H_{out} = (H_{in} - 1) \\cdot s - 2p + k + a$$": [
            grid(
                lambda h, k, s, p, a: tconv_out(h, k, s, p, a) == (h - 1) * s - 2 * p + k + a,
                _T_GRID,
            )
        ],
        "with $a$ the `output_padding`": [
            equal(tconv_out(16, 3, 2, 1), (16 - 1) * 2 - 2 * 1 + 3 + 0),
            equal((16 - 1) * 2 - 2 * 1 + 3 + 0, 31),
            equal((16 - 1) * 2 - 2 + 3 + 1, 32),
            equal((16 - 1) * 2 - 2 + 4, 32),
            equal(math.floor((31 + 2 - 3) / 2) + 1, math.floor((32 + 2 - 3) / 2) + 1),
            equal(math.floor((32 + 2 - 3) / 2) + 1, 16),
        ],
        "$$H_{out} = s \\cdot H_{in} - 2p + k - 1$$": [
            grid(lambda h, k, s, p, a: tconv_out(h, k, s, p) == s * h - 2 * p + k - 1, _T_GRID_S2)
        ],
        "which for you gives": [
            equal(2 * 16 - 2 + 3 - 1, 32),
            equal(tconv_out(16, 3, 2, 0), 2 * 16 + 3 - 1),
            equal(2 * 16 + 3 - 1, 34),
            equal(tconv_out(16, 3, 2, 1, 1), 31 + 2 * 1),
            equal(31 + 2 * 1, 33),
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * k + a
                ),
                [(16, 3, 2, 1, 1, 2), (8, 3, 1, 0, 0, 2), (5, 2, 3, 1, 2, 3)],
            ),
        ],
        "@deep_dave_42 but I": [None, None, None, equal(2 * 16 - 2 + 4 - 1, 33)],
        "deep_dave's rule differs": [
            grid(
                lambda h, k, s, p, a: (s * h - 2 * p + k - 1) - ((h - 1) * s - 2 * p + k) == s - 1,
                _T_GRID,
            ),
            None,
            grid(
                lambda h, k, p: tconv_out(h, k, 1, p) == h + k - 2 * p - 1,
                [(16, 3, 1), (5, 4, 2), (9, 2, 0)],
            ),
            equal(tconv_out(16, 3, 2, 1, 1), 31 + 1),
            equal(31 + 1, 32),
            grid(
                lambda s: all(_accepts(s, a) == (a < s) for a in range(s + 2)), [(1,), (2,), (3,)]
            ),
        ],
        "On the gradient side": [None, None],
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{conv\\_transpose2d}_{2,1,1}": [
            trials(_conv_input_grad_is_tconv, 6721)
        ],
        "and conversely, for $Z": [None, trials(_tconv_input_grad_is_conv, 6722)],
        "+1. And the weight gradient": [
            trials(
                lambda r: (lambda v: same(v["dw"][0, 0], corr(v["x"][0, 0], v["g"][0, 0])))(
                    _tconv_case(r)
                ),
                6723,
            ),
            trials(lambda r: (lambda v: same(v["db"], [v["g"].sum()]))(_tconv_case(r)), 6724),
        ],
        "Fine, the size thing I concede": [
            equal(P_TCONV, 64 * 32 * 9 + 64),
            equal(64 * 32 * 9 + 64, 18496),
            equal(M_TCONV, 32**2 * 64 * 32 * 9),
            equal(32**2 * 64 * 32 * 9, 18874368),
        ],
        "No: the bias belongs to the outputs": [
            equal(P_TCONV, 64 * 32 * 9 + 32),
            equal(64 * 32 * 9 + 32, 18464),
            equal(M_TCONV, 16**2 * 64 * 32 * 9),
            equal(16**2 * 64 * 32 * 9, 16**2 * 64 * 32 * 9),
            equal(16**2 * 64 * 32 * 9, 4718592),
        ],
        "from my $4 \\times 4$ bottleneck": [
            equal(tconv_out(tconv_out(tconv_out(4, 4, 2, 1), 4, 2, 1), 4, 2, 1), 2**3 * 4),
            equal(2**3 * 4, 32),
            grid(lambda h: tconv_out(h, 3, 2, 1, 1) == 2 * h + 1, [(4,), (8,), (16,)]),
        ],
        "About the checkerboard": [
            None,
            None,
            single(
                lambda: bool(np.all(_interior_taps(4, 2, 1) == (4 / 2) ** 2)) and (4 / 2) ** 2 == 4
            ),
            None,
            None,
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh67_truth_b import NOTES_B

    return {**BLOG_CLAIMS, **COURS_CLAIMS, **FORUM_CLAIMS, **NOTES_B}
