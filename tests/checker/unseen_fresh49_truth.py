"""Independent truth for the fresh49 unseen set (tests/data/check/unseen/fresh49/): the notes
catatan_konvolusi_stride2_padding1_maju_mundur, forum_avgpool_count_include_pad and
blog_artik_blok_resnet_gradyan (the other four live in unseen_fresh49_truth_b.py; truth_table
merges both).

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid.  Nothing of symconv is imported.
Lines are found from an anchor (a piece of the line, unique in the note); a None holds the rank
of a keyed non-claim.  A side reading an entry outside a tensor (IndexError) or multiplying
mismatched shapes (ValueError) disagrees.  A link between two written numbers is arithmetic; a
size, count or entry named on the left must equal the true one.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
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
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh49"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def crop(a: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """crop_{lo:hi}: rows and columns lo .. hi-1; a range past the edge is a wrong shape, not a
    silently shorter slice."""
    if not (0 <= lo < hi <= a.shape[0] and hi <= a.shape[1]):
        raise ValueError((a.shape, lo, hi))
    return a[lo:hi, lo:hi]


# --- catatan_konvolusi_stride2_padding1_maju_mundur.md (Indonesian lecture notes):
# nn.Conv2d(1, 1, 3, stride=2, padding=1) on a 4 x 4 input, 0-based, b = 1.

CAT = "catatan_konvolusi_stride2_padding1_maju_mundur"
CAT_X = np.array([[1.0, 0, 2, -1], [3, 1, 0, 2], [0, -2, 1, 1], [2, 1, -1, 0]])
CAT_W = np.array([[1.0, 0, -1], [2, 1, 0], [0, -1, 1]])
CAT_G = np.array([[1.0, -1], [2, 0]])
CAT_V = conv(
    CAT_X[None, None], CAT_W[None, None], np.array([1.0]), CAT_G[None, None], stride=2, padding=1
)


def _cat(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random X (4 x 4), W (3 x 3), b and G (2 x 2) through torch's stride-2, padding-1 conv."""

    def make(r: np.random.Generator) -> dict:
        x, w, b, g = (r.normal(size=s) for s in ((4, 4), (3, 3), 1, (2, 2)))
        v = conv(x[None, None], w[None, None], b, g[None, None], stride=2, padding=1)
        return {
            "x": x,
            "w": w,
            "b": b[0],
            "g": g,
            "y": v["z"][0, 0],
            "dx": v["dx"][0, 0],
            "dw": v["dw"][0, 0],
            "db": v["db"][0],
        }

    return trials(lambda r: rel(make(r)), seed)


def _cat_dw_entries(v: dict) -> np.ndarray:
    """The note's entry formula as written: sum_ij G[i,j] pad_1(X)[i + 2u, j + 2v]."""
    xp = pad(v["x"], 1)
    return np.array(
        [
            [
                sum(
                    v["g"][i, j] * at(xp, i + 2 * u, j + 2 * vv) for i in range(2) for j in range(2)
                )
                for vv in range(3)
            ]
            for u in range(3)
        ]
    )


def _hout_formula(h: int, k: int, s: int, p: int) -> bool:
    return conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1


CAT_CLAIMS = claims_of(
    CAT,
    {
        "Ukuran keluaran: $H_{out}": [
            equal(conv_out(4, 3, 2, 1), math.floor((4 + 2 * 1 - 3) / 2) + 1),
            equal(math.floor((4 + 2 * 1 - 3) / 2) + 1, 2),
            grid(
                _hout_formula,
                [
                    (h, k, s, p)
                    for h in (4, 5, 7, 10)
                    for k in (1, 2, 3)
                    for s in (1, 2, 3)
                    for p in (0, 1, 2)
                ],
            ),
        ],
        "$$Y[i,j] = \\left(": [
            _cat(lambda v: same(v["y"], corr(pad(v["x"], 1), v["w"])[::2, ::2] + v["b"]), 4901)
        ],
        "Jendela pertama hanya": [
            single(lambda: math.isclose(CAT_V["z"][0, 0, 0, 0], 1 * 1 + 3 * (-1) + 1 * 1 + 1)),
            equal(1 * 1 + 3 * (-1) + 1 * 1 + 1, 0),
        ],
        "$$Y = \\begin{bmatrix} 0 & 5": [single(lambda: same(CAT_V["z"][0, 0], [[0, 5], [1, -2]]))],
        "**Bias.**": [
            _cat(lambda v: math.isclose(v["db"], v["g"].sum()), 4902),
            equal(CAT_G.sum(), 2),
        ],
        "**Bobot.** Per entri": [_cat(lambda v: same(v["dw"], _cat_dw_entries(v)), 4903)],
        "\\operatorname{pad}_1(X) \\star \\operatorname{dilate}_2(G)\\right)$$": [
            _cat(lambda v: same(v["dw"], crop(corr(pad(v["x"], 1), dilate(v["g"], 2)), 0, 3)), 4904)
        ],
        "Beberapa buku": [
            _cat(lambda v: same(v["dw"], crop(corr(pad(v["x"], 1), v["g"]), 0, 3)), 4905)
        ],
        "\\frac{\\partial L}{\\partial W} = \\begin{bmatrix}": [
            single(lambda: same(CAT_V["dw"][0, 0], [[0, 6, 2], [0, -1, -3], [-1, 7, 1]]))
        ],
        "Cek satu entri": [
            single(lambda: math.isclose(CAT_V["dw"][0, 0, 2, 1], 1 * 3 + 2 * 2)),
            equal(1 * 3 + 2 * 2, 7),
        ],
        "\\operatorname{rot}_{180}(W)\\right)$$": [
            _cat(
                lambda v: same(
                    v["dx"], crop(corr(pad(dilate(v["g"], 2), 2), rot180(v["w"])), 1, 5)
                ),
                4906,
            )
        ],
        "Korelasinya berukuran": [
            _cat(
                lambda v: same(v["dx"], crop(corr(pad(dilate(v["g"], 2), 2), v["w"]), 1, 5)), 4907
            ),
        ],
        "\\frac{\\partial L}{\\partial X} = \\begin{bmatrix}": [
            single(
                lambda: same(
                    CAT_V["dx"][0, 0],
                    [[1, -2, -1, 0], [-1, -1, 1, -1], [2, 0, 0, 0], [-2, -2, 0, 0]],
                )
            )
        ],
        "Entri $X[1,2]$ duduk": [
            _cat(
                lambda v: math.isclose(
                    v["dx"][1, 2], v["g"][0, 1] * v["w"][2, 1] + v["g"][1, 1] * v["w"][0, 1]
                ),
                4908,
            ),
            equal(CAT_G[0, 1] * CAT_W[2, 1] + CAT_G[1, 1] * CAT_W[0, 1], 1),
        ],
        "Sebagai pemeriksaan akhir": [
            _cat(lambda v: math.isclose(v["dx"].sum(), v["g"].sum() * v["w"].sum()), 4909),
            equal(CAT_G.sum() * CAT_W.sum(), 6),
        ],
    },
)


# --- forum_avgpool_count_include_pad.md (English forum answer): nn.AvgPool2d(3, stride=2,
# padding=1) on a 4 x 4 map, 0-based; incl / excl = count_include_pad True / False.

FOR = "forum_avgpool_count_include_pad"
FOR_X = np.array([[4.0, 8, 2, 6], [0, 4, 2, -2], [6, 2, 8, 4], [-2, 0, 4, 10]])
FOR_G = np.array([[9.0, 18], [-9, 36]])


def _avg(x: np.ndarray, g: np.ndarray, include: bool, k: int = 3, s: int = 2, p: int = 1) -> dict:
    """torch avg_pool2d and the gradient of sum(y * g) with respect to x."""
    xt = t64(x, True)
    y = F.avg_pool2d(xt[None, None], k, s, p, count_include_pad=include)[0, 0]
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dx": xt.grad.numpy()}


INCL, EXCL = _avg(FOR_X, FOR_G, True), _avg(FOR_X, FOR_G, False)
# torch's divisor in exclude mode: the include-mode average of ones is N / 9
FOR_N = F.avg_pool2d(torch.ones(1, 1, 4, 4, dtype=F64), 3, 2, 1).numpy()[0, 0] * 9


def _count(i: int, j: int) -> int:
    return (min(2 * i + 1, 3) - max(2 * i - 1, 0) + 1) * (min(2 * j + 1, 3) - max(2 * j - 1, 0) + 1)


def _windows(p: int, q: int) -> list[tuple[int, int]]:
    """The output positions whose window (rows 2i-1 .. 2i+1, columns 2j-1 .. 2j+1) holds (p, q)."""
    return [
        (i, j) for i in range(2) for j in range(2) if abs(p - 2 * i) <= 1 and abs(q - 2 * j) <= 1
    ]


def _for(rel: Callable[[dict, dict, np.ndarray], bool], seed: int) -> Truth:
    """Random X (4 x 4) and G (2 x 2) through both modes."""

    def check(r: np.random.Generator) -> bool:
        x, g = r.normal(size=(4, 4)), r.normal(size=(2, 2))
        return rel(_avg(x, g, True), _avg(x, g, False), g)

    return trials(check, seed)


def _dx_incl(g: np.ndarray) -> np.ndarray:
    return np.array([[sum(g[w] for w in _windows(p, q)) / 9 for q in range(4)] for p in range(4)])


def _dx_excl(g: np.ndarray) -> np.ndarray:
    return np.array(
        [[sum(g[w] / _count(*w) for w in _windows(p, q)) for q in range(4)] for p in range(4)]
    )


def _unpadded_modes_agree(seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x = t64(r.normal(size=(1, 1, 5, 5)))
        return same(
            F.avg_pool2d(x, 3, 2, 0, count_include_pad=True),
            F.avg_pool2d(x, 3, 2, 0, count_include_pad=False),
        )

    return trials(check, seed)


FOR_CLAIMS = claims_of(
    FOR,
    {
        "The output side is": [
            equal(INCL["y"].shape[0], math.floor((4 + 2 - 3) / 2) + 1),
            equal(math.floor((4 + 2 - 3) / 2) + 1, 2),
        ],
        "The window sums are": [single(lambda: math.isclose(INCL["y"][0, 0], 16 / 9))],
        "$$Y_{incl} = \\frac{1}{9}": [
            single(lambda: same(INCL["y"], np.array([[16, 20], [10, 32]]) / 9))
        ],
        "The top-right window has": [equal(FOR_N[0, 1], 2 * 3), equal(2 * 3, 6)],
        "$$N_{ij} = \\left(": [
            single(lambda: same(FOR_N, [[_count(i, j) for j in range(2)] for i in range(2)]))
        ],
        "So $Y_{excl}[0,0]": [
            single(lambda: math.isclose(EXCL["y"][0, 0], 16 / 4)),
            equal(16 / 4, 4),
            single(lambda: math.isclose(EXCL["y"][0, 1], 20 / 6)),
            equal(20 / 6, 10 / 3),
            single(lambda: math.isclose(EXCL["y"][1, 0], 10 / 4)),
            equal(10 / 4, 5 / 2),
        ],
        "The two modes are related": [
            _for(lambda i, e, g: same(e["y"], FOR_N / 9 * i["y"]), 4910),
            _unpadded_modes_agree(4911),
        ],
        "\\frac{1}{9} \\sum_{(i,j) \\in W(p,q)}": [
            _for(lambda i, e, g: same(i["dx"], _dx_incl(g)), 4912),
            _for(lambda i, e, g: same(e["dx"], _dx_excl(g)), 4913),
        ],
        "Take $G = ": [
            None,
            single(lambda: math.isclose(INCL["dx"][1, 1], (9 + 18 - 9 + 36) / 9)),
            equal((9 + 18 - 9 + 36) / 9, 6),
        ],
        "\\frac{\\partial L}{\\partial X_{incl}} = \\begin{bmatrix}": [
            single(
                lambda: same(INCL["dx"], [[1, 3, 3, 2], [0, 6, 6, 6], [-1, 3, 4, 4], [-1, 3, 4, 4]])
            )
        ],
        "In exclude mode the same pixel": [
            single(lambda: math.isclose(EXCL["dx"][1, 1], 9 / 4 + 18 / 6 - 9 / 6 + 36 / 9)),
            equal(9 / 4 + 18 / 6 - 9 / 6 + 36 / 9, 7.25),
            single(lambda: math.isclose(EXCL["dx"][0, 1], 9 / 4 + 18 / 4)),
            equal(9 / 4 + 18 / 4, 6.75),
        ],
        "The right edge only sees": [
            single(lambda: math.isclose(EXCL["dx"][0, 3], 18 / 9)),
            equal(18 / 9, 2),
        ],
        "A sanity check I like": [
            _for(lambda i, e, g: math.isclose(e["dx"].sum(), g.sum()), 4914),
            _for(lambda i, e, g: math.isclose(i["dx"].sum(), g.sum()), 4915),
            equal(FOR_G.sum(), 54),
        ],
    },
)


# --- blog_artik_blok_resnet_gradyan.md (Turkish blog post): y = x + conv2(relu(conv1(x))), both
# nn.Conv2d(c, c, 3, padding=1) with biases; single channel for the operator forms.

BLOG = "blog_artik_blok_resnet_gradyan"


class _Block(nn.Module):
    """The note's ArtikBlok."""

    def __init__(self, c: int = 64) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv2(F.relu(self.conv1(x)))


P_CONV = params(nn.Conv2d(64, 64, 3, padding=1))
P_BLOCK = params(_Block())
P_BN_BLOCK = 2 * (params(nn.Conv2d(64, 64, 3, padding=1, bias=False)) + params(nn.BatchNorm2d(64)))
P_PROJ = params(nn.Conv2d(64, 128, 1, stride=2))
P_DOWN1, P_DOWN2 = (
    params(nn.Conv2d(64, 128, 3, stride=2, padding=1)),
    params(nn.Conv2d(128, 128, 3, padding=1)),
)


def _branch(
    x: torch.Tensor, w1: torch.Tensor, b1: torch.Tensor, w2: torch.Tensor, b2: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """u, h and F(x) of one channel."""
    u = F.conv2d(x[None, None], w1[None, None], b1, padding=1)[0, 0]
    h = F.relu(u)
    return u, h, F.conv2d(h[None, None], w2[None, None], b2, padding=1)[0, 0]


def _blog(rel: Callable[[dict], bool], seed: int, post_relu: bool = False) -> Truth:
    """A random one-channel block on 6 x 6: the true dL/dx of y = x + F(x) (or relu of it),
    dL/dh with h as a leaf, the mask of u, and F's vector-Jacobian products."""

    def make(r: np.random.Generator) -> dict:
        x = t64(r.normal(size=(6, 6)), True)
        w1, w2, g = t64(r.normal(size=(3, 3))), t64(r.normal(size=(3, 3))), r.normal(size=(6, 6))
        b1, b2 = t64(r.normal(size=1)), t64(r.normal(size=1))
        u, h, fx = _branch(x, w1, b1, w2, b2)
        y = F.relu(x + fx) if post_relu else x + fx
        m = (x + fx > 0).detach().numpy().astype(float)
        dx, dh = torch.autograd.grad((y * t64(g)).sum(), (x, h), retain_graph=True)
        # F's vector-Jacobian products, taken through F alone (no skip)
        vjp = torch.autograd.grad((fx * t64(g)).sum(), x, retain_graph=True)[0]
        vjp_m = torch.autograd.grad((fx * t64(m * g)).sum(), x)[0]
        return {
            "g": g,
            "w1": w1.numpy(),
            "w2": w2.numpy(),
            "u": u.detach().numpy(),
            "m": m,
            "dx": dx.numpy(),
            "dh": dh.numpy(),
            "vjp": vjp.numpy(),
            "vjp_m": vjp_m.numpy(),
        }

    return trials(lambda r: rel(make(r)), seed)


def _toy(x0: float, blocks: int = 1) -> tuple[float, float]:
    """y and dy/dx of the scalar block y = x + w2 relu(w1 x), w1 = 0.5, w2 = -3, stacked."""
    x = torch.tensor(x0, dtype=F64, requires_grad=True)
    y = x
    for _ in range(blocks):
        y = y + (-3.0) * F.relu(0.5 * y)
    y.backward()
    return float(y.detach()), float(x.grad)


BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "Padding 1 ve stride 1 ile": [
            equal(conv_out(56, 3, 1, 1), (56 + 2 * 1 - 3) / 1 + 1),
            equal((56 + 2 * 1 - 3) / 1 + 1, 56),
        ],
        "Her konvolüsyonda filtre başına": [
            equal(P_CONV, 3 * 3 * 64 * 64 + 64),
            equal(3 * 3 * 64 * 64 + 64, 36928),
            equal(P_BLOCK, 2 * 36928),
            equal(2 * 36928, 73856),
        ],
        "Orijinal makaledeki gibi": [
            equal(P_BN_BLOCK, 2 * 36864 + 2 * 64),
            equal(2 * 36864 + 2 * 64, 73856),
        ],
        "Kanal sayısı ve çözünürlük": [
            equal(conv_out(56, 3, 2, 1), math.floor((56 + 2 - 3) / 2) + 1),
            equal(math.floor((56 + 2 - 3) / 2) + 1, 28),
            equal(math.floor((56 - 1) / 2) + 1, 27),
        ],
        "Parametreler: kısayol": [
            equal(P_PROJ, 64 * 128),
            equal(64 * 128, 8192),
            equal(P_DOWN2, 3 * 3 * 128 * 128 + 128),
            equal(3 * 3 * 128 * 128 + 128, 147584),
            equal(P_DOWN1, 3 * 3 * 64 * 128 + 128),
            equal(3 * 3 * 64 * 128 + 128, 73856),
            equal(P_DOWN1 + P_DOWN2 + P_PROJ, 73856 + 147584 + 8192),
            equal(73856 + 147584 + 8192, 229632),
        ],
        "\\left(\\frac{\\partial \\mathcal{F}}{\\partial x}\\right)^{\\top} G$$": [
            _blog(lambda v: same(v["dx"], v["g"] + v["vjp"]), 4921)
        ],
        "$$\\frac{\\partial L}{\\partial h} = ": [
            _blog(lambda v: same(v["dh"], corr(pad(v["g"], 1), v["w2"])), 4922)
        ],
        "\\odot \\mathbb{1}[u > 0]\\right)": [
            _blog(
                lambda v: same(
                    v["dx"], v["g"] + corr(pad(v["dh"] * (v["u"] > 0), 1), rot180(v["w1"]))
                ),
                4923,
            )
        ],
        "**Skaler oyuncak örnek.**": [
            None,
            None,
            None,
            None,
            equal(_toy(2.0)[0], 2 + (-3) * 1),
            equal(2 + (-3) * 1, -1),
            equal(_toy(2.0)[1], 1 + (-3) * 0.5),
            equal(1 + (-3) * 0.5, 1 - 1.5),
            equal(1 - 1.5, -0.5),
            None,
            equal(_toy(-2.0)[1], 1),
        ],
        "Aynı bloktan iki tane": [
            equal(_toy(2.0, blocks=2)[1], (1 + (-3) * 0.5) ** 2),
            equal((1 + (-3) * 0.5) ** 2, 0.25),
        ],
        "**Sondan ReLU.**": [
            None,
            None,
            _blog(lambda v: same(v["dx"], v["g"] + v["vjp_m"]), 4924, post_relu=True),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh49_truth_b import NOTES_B

    return {**CAT_CLAIMS, **FOR_CLAIMS, **BLOG_CLAIMS, **NOTES_B}
