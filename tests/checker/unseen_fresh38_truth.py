"""Independent truth for the fresh38 unseen set (tests/data/check/unseen/fresh38/): the notes
blog_tinyres_shapes_and_params, homework4_graded_stride2_backward,
notebook_dilated_strided_shapes and cours_pooling_retropropagation.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Lines are found from an anchor text that occurs on one line of the note. Nothing of symconv is
imported. A side that reads an entry outside a tensor (IndexError) or multiplies mismatched
shapes (ValueError) disagrees. A link between two written numbers is judged as arithmetic; a
size, count or gradient named on the left must equal the true one (sizes from torch's layers,
parameter counts from the modules, multiply-accumulates from FlopCounterMode / 2). The other
three notes live in unseen_fresh38_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh32_truth_b import k_eff
from unseen_fresh37_truth import pool_side
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
SET = "fresh38"


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def both(*checks: Truth) -> Truth:
    """Several comparisons of one claim (e.g. the true size and the written arithmetic)."""
    return lambda: [ok for check in checks for ok in check()]


# --- blog_tinyres_shapes_and_params.md (English blog post): TinyRes on 64 x 64 RGB


class TinyRes(nn.Module):
    """The blog's listing, layer by layer."""

    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Conv2d(3, 32, kernel_size=3, stride=2, padding=1)
        self.conv_a = nn.Conv2d(32, 32, kernel_size=3, padding=1)
        self.conv_b = nn.Conv2d(32, 64, kernel_size=3, stride=2, padding=1)
        self.short = nn.Conv2d(32, 64, kernel_size=1, stride=2)
        self.conv_c = nn.Conv2d(64, 128, kernel_size=3, stride=2, padding=1, bias=False)
        self.reduce = nn.Conv2d(128, 32, kernel_size=1)
        self.fc = nn.Linear(32, 10)

    def sides(self, x: torch.Tensor) -> dict[str, int]:
        """Spatial side after each layer (the forward of the listing)."""
        out = {}
        x = F.relu(self.stem(x))
        out["stem"] = x.shape[-1]
        y = self.conv_b(F.relu(self.conv_a(x)))
        s = self.short(x)
        out["conv_b"], out["short"] = y.shape[-1], s.shape[-1]
        y = F.relu(self.conv_c(F.relu(y + s)))
        out["conv_c"] = y.shape[-1]
        return out


_TINY = TinyRes().double()
with torch.no_grad():
    _SIDES = _TINY.sides(torch.zeros(1, 3, 64, 64, dtype=F64))


def _stem_macs() -> int:
    with torch.no_grad():
        return flops_half(lambda: _TINY.stem(torch.zeros(1, 3, 64, 64, dtype=F64)))


def _conv_c_macs() -> int:
    with torch.no_grad():
        return flops_half(lambda: _TINY.conv_c(torch.zeros(1, 64, 16, 16, dtype=F64)))


def _gap_grad(r: np.random.Generator) -> bool:
    """dL/dy_{c,i,j} of L = sum_c g_c * mean_{i,j} y_{c,i,j} on 8 x 8 maps: g_c / 64."""
    y, g = r.normal(size=(4, 8, 8)), r.normal(size=4)
    yt = t64(y, True)
    (yt.mean(dim=(1, 2)) * t64(g)).sum().backward()
    return same(yt.grad.numpy(), np.broadcast_to(g[:, None, None] / 64, (4, 8, 8)))


def _shortcut_grad(r: np.random.Generator) -> bool:
    """A 1x1 stride-2 conv 32 -> 64 on 32 x 32: x[c, 2i, 2j] gets sum_f w[f, c] delta[f, i, j]."""
    x, w, b = r.normal(size=(1, 32, 32, 32)), r.normal(size=(64, 32, 1, 1)), r.normal(size=64)
    delta = r.normal(size=(1, 64, 16, 16))
    dx = conv(x, w, b, delta, stride=2)["dx"][0]
    rhs = np.einsum("fc,fij->cij", w[:, :, 0, 0], delta[0])
    return same(dx[:, ::2, ::2], rhs)


_SIZES = [
    (h, k, s, p)
    for h, k, s, p in itertools.product(range(3, 20), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2))
    if h + 2 * p >= k
]
_WRITTEN_TOTAL = 896 + 9248 + 18496 + 2080 + 73856 + 4128 + 330

BLOG_CLAIMS = claims_of(
    "blog_tinyres_shapes_and_params",
    {
        "follows the usual rule": [
            grid(lambda h, k, s, p: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1, _SIZES),
            grid(lambda k, d: k_eff(k, d) == d * k, [(k, d) for k in (2, 3, 5) for d in (2, 3)]),
            None,
            None,
            None,
            None,
        ],
        r"$$H_1 = \left\lfloor": [
            equal(_SIDES["stem"], (64 + 2 * 1 - 3) // 2 + 1),
            equal((64 + 2 * 1 - 3) // 2 + 1, 32),
        ],
        "The main branch gives": [
            equal(_SIDES["conv_b"], (32 + 2 - 3) // 2 + 1),
            equal((32 + 2 - 3) // 2 + 1, 16),
        ],
        r"$$\left\lfloor \frac{32 - 1}{2} \right\rfloor + 1 = 16$$": [
            both(equal((32 - 1) // 2 + 1, 16), equal(_SIDES["short"], 16))
        ],
        "halves again to": [equal(_SIDES["conv_c"], 8)],
        r"\#\theta_{\text{short}}": [
            equal(params(_TINY.short), 32 * 64 + 32),
            equal(32 * 64 + 32, 2080),
        ],
        r"\#\theta_{\text{conv\_c}}": [
            equal(params(_TINY.conv_c), 9 * 64 * 128 + 128),
            equal(9 * 64 * 128 + 128, 73856),
        ],
        r"\#\theta_{\text{TinyRes}}": [
            equal(params(_TINY), _WRITTEN_TOTAL),
            equal(_WRITTEN_TOTAL, 109034),
        ],
        "Parameters are not the whole story": [
            both(
                equal(8 * 8 * 128 * 9 * 64, 4718592),
                lambda: [_conv_c_macs() == 8 * 8 * 128 * 9 * 64],
            ),
            lambda: [_stem_macs() == 64 * 64 * 32 * 27],
            equal(64 * 64 * 32 * 27, 3538944),
        ],
        r"with $\bar{y}_c": [None],
        r"\frac{1}{64} \frac{\partial L}": [trials(_gap_grad, 3800)],
        "the projection shortcut, being linear": [None, None, trials(_shortcut_grad, 3810)],
    },
)


# --- homework4_graded_stride2_backward.md (English graded homework): 5 x 5 X, 3 x 3 W, b = 1,
# stride 2, no padding, 2 x 2 G, 1-based, cross-correlation; part (d) pads by 1

HW = "homework4_graded_stride2_backward"
_HX = np.array(
    [[1.0, 0, 2, 1, 0], [0, 1, 1, 0, 2], [2, 1, 0, 1, 1], [1, 0, 1, 2, 0], [0, 2, 1, 0, 1]]
)
_HW = np.array([[1.0, 0, -1], [2, 1, 0], [0, -1, 1]])
_HG = np.array([[1.0, -1], [2, 1]])


def _single(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray, **kw: int) -> dict:
    """One-channel torch conv2d and its gradients, as 2-D arrays."""
    t = conv(x[None, None], w[None, None], np.array([b]), g[None, None], **kw)
    return {
        "x": x,
        "w": w,
        "g": g,
        "z": t["z"][0, 0],
        "dx": t["dx"][0, 0],
        "dw": t["dw"][0, 0],
        "db": float(t["db"][0]),
    }


_HV = _single(_HX, _HW, 1.0, _HG, stride=2)


def _hw(rel: Callable[[dict], bool], seed: int) -> Truth:
    """On the homework's numbers and on random ones of the same sizes."""

    def make(r: np.random.Generator) -> dict:
        return _single(
            r.normal(size=(5, 5)),
            r.normal(size=(3, 3)),
            r.normal(),
            r.normal(size=(2, 2)),
            stride=2,
        )

    rand = trials(lambda r: rel(make(r)), seed)
    return lambda: [rel(_HV), *rand()]


def _hw_index(v: dict) -> bool:
    """dL/dx_pq = sum_ij g_ij w_{p-2i+1, q-2j+1} (1-based, w zero outside 1..3 as declared)."""
    w, g = v["w"], v["g"]

    def wz(u: int, t: int) -> float:  # 1-based w, zero outside 1..3
        return float(w[u - 1, t - 1]) if 1 <= u <= 3 and 1 <= t <= 3 else 0.0

    rhs = [
        [
            sum(g[i - 1, j - 1] * wz(p - 2 * i + 1, q - 2 * j + 1) for i in (1, 2) for j in (1, 2))
            for q in range(1, 6)
        ]
        for p in range(1, 6)
    ]
    return same(v["dx"], rhs)


def _hw_pad1(p: int) -> Callable[[np.random.Generator], bool]:
    """Padding 1, stride 2 on 5 x 5: dL/dX against pad_p(dilate_2(G)) star rot180(W)."""

    def rel(r: np.random.Generator) -> bool:
        x, w, g = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(3, 3))
        v = _single(x, w, r.normal(), g, stride=2, padding=1)
        return same(v["dx"], corr(pad(dilate(g, 2), p), rot180(w)))

    return rel


def _x1(v: dict, i: int, j: int) -> float:
    return at(v["x"], i - 1, j - 1)


def _g1(v: dict, i: int, j: int) -> float:
    return at(v["g"], i - 1, j - 1)


def _w1(v: dict, i: int, j: int) -> float:
    return at(v["w"], i - 1, j - 1)


HW_CLAIMS = claims_of(
    HW,
    {
        "A single-channel convolution layer": [None, None, None],
        r"$$X = \begin{bmatrix}": [None, None, None],
        "**(a)** The output side": [
            equal(conv_out(5, 3, 2), (5 - 3) // 2 + 1),
            equal((5 - 3) // 2 + 1, 2),
            None,
        ],
        r"$$z_{12} = 1 + (": [
            equal(_HV["z"][0, 1], 1 + (2 + 0 + 0 + 2 + 0 + 0 + 0 - 1 + 1)),
            equal(1 + (2 + 0 + 0 + 2 + 0 + 0 + 0 - 1 + 1), 5),
        ],
        r"$$Z = \begin{bmatrix} 0 & 5": [single(lambda: same(_HV["z"], [[0, 5], [4, 6]]))],
        "reaches the inputs its window covered": [None],
        r"$$\frac{\partial L}{\partial x_{pq}} = \sum": [_hw(_hw_index, 3820)],
        r"$$\operatorname{dilate}_2(G) =": [
            single(lambda: same(dilate(_HG, 2), [[1, 0, -1], [0, 0, 0], [2, 0, 1]]))
        ],
        (
            r"$$\frac{\partial L}{\partial X} = \operatorname{pad}_2\big(\operatorname{dilate}_2(G)"
            r"\big) \star \operatorname{rot}_{180}(W) = \begin"
        ): [
            _hw(lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))), 3830),
            single(
                lambda: same(
                    _HV["dx"],
                    [
                        [1, 0, -2, 0, 1],
                        [2, 1, -2, -1, 0],
                        [2, -1, 0, 1, -2],
                        [2, 2, 2, 1, 0],
                        [0, -2, 2, -1, 1],
                    ],
                )
            ),
        ],
        r"$$\frac{\partial L}{\partial x_{33}}": [
            _hw(
                lambda v: math.isclose(
                    v["dx"][2, 2],
                    _g1(v, 1, 1) * _w1(v, 3, 3)
                    + _g1(v, 1, 2) * _w1(v, 3, 1)
                    + _g1(v, 2, 1) * _w1(v, 1, 3)
                    + _g1(v, 2, 2) * _w1(v, 1, 1),
                ),
                3840,
            ),
            equal(1 * 1 + (-1) * 0 + 2 * (-1) + 1 * 1, 0),
        ],
        "**(c)** The weight gradient": [_hw(lambda v: same(v["dw"], corr(v["x"], v["g"])), 3850)],
        r"$$\frac{\partial L}{\partial w_{11}} = g_{11} x_{11} + g_{12} x_{12}": [
            _hw(
                lambda v: math.isclose(
                    v["dw"][0, 0],
                    _g1(v, 1, 1) * _x1(v, 1, 1)
                    + _g1(v, 1, 2) * _x1(v, 1, 2)
                    + _g1(v, 2, 1) * _x1(v, 2, 1)
                    + _g1(v, 2, 2) * _x1(v, 2, 2),
                ),
                3860,
            ),
            equal(1 * 1 + (-1) * 0 + 2 * 0 + 1 * 1, 2),
        ],
        "> −3.": [
            _hw(lambda v: same(v["dw"], corr(v["x"], dilate(v["g"], 2))), 3870),
            _hw(
                lambda v: math.isclose(
                    v["dw"][0, 0],
                    _g1(v, 1, 1) * _x1(v, 1, 1)
                    + _g1(v, 1, 2) * _x1(v, 1, 3)
                    + _g1(v, 2, 1) * _x1(v, 3, 1)
                    + _g1(v, 2, 2) * _x1(v, 3, 3),
                ),
                3880,
            ),
            equal(1 * 1 + (-1) * 2 + 2 * 2 + 1 * 0, 3),
        ],
        r"> $$\frac{\partial L}{\partial W} = \begin": [
            single(lambda: same(_HV["dw"], [[3, 2, 3], [2, 3, 1], [3, 4, 2]]))
        ],
        "The bias gets every output": [
            _hw(lambda v: math.isclose(v["db"], v["g"].sum()), 3890),
            equal(1 - 1 + 2 + 1, 3),
        ],
        (
            r"$$\frac{\partial L}{\partial X} = \operatorname{pad}_2\big(\operatorname{dilate}_2(G)"
            r"\big) \star \operatorname{rot}_{180}(W)$$"
        ): [trials(_hw_pad1(2), 3900)],
        "> −1.": [trials(_hw_pad1(1), 3910)],
    },
)


# --- notebook_dilated_strided_shapes.md (English notebook): x 8 x 3 x 65 x 65, c1 k5 s2 p2,
# c2 k3 d2, c3 k3 s2 p1 d2, MaxPool2d(3, 2), c4 1x1; loss = mean(h5^2); 0-based x[n, c, i, j]

NB = "notebook_dilated_strided_shapes"


def _nb_layers(seed: int) -> dict[str, nn.Module]:
    torch.manual_seed(seed)
    layers = {
        "c1": nn.Conv2d(3, 16, kernel_size=5, stride=2, padding=2),
        "c2": nn.Conv2d(16, 32, kernel_size=3, dilation=2),
        "c3": nn.Conv2d(32, 32, kernel_size=3, stride=2, padding=1, dilation=2),
        "pool": nn.MaxPool2d(kernel_size=3, stride=2),
        "c4": nn.Conv2d(32, 64, kernel_size=1),
    }
    return {k: m.double() for k, m in layers.items()}


def _nb_run(seed: int) -> dict:
    """The listing's forward and backward; h1, delta = dL/dh2 and the gradients of c2."""
    m = _nb_layers(seed)
    x = torch.randn(8, 3, 65, 65, dtype=F64, requires_grad=True)
    h1 = m["c1"](x)
    h1.retain_grad()
    h2 = m["c2"](h1)
    h2.retain_grad()
    h5 = m["c4"](m["pool"](m["c3"](h2)))
    h5.pow(2).mean().backward()
    return {
        "h1": h1.detach().numpy(),
        "dh1": h1.grad.numpy(),
        "delta": h2.grad.numpy(),
        "w": m["c2"].weight.detach().numpy(),
        "dw": m["c2"].weight.grad.numpy(),
        "db": m["c2"].bias.grad.numpy(),
    }


def _nb(rel: Callable[[dict], bool], seed: int) -> Truth:
    return lambda: [agree_run(rel, seed + t) for t in range(2)]


def agree_run(rel: Callable[[dict], bool], seed: int) -> bool:
    try:
        return bool(rel(_nb_run(seed)))
    except (IndexError, ValueError):
        return False


def _nb_dw(v: dict) -> bool:
    """dL/dw[f, c, u, v] = sum_n sum_{i, j < 29} delta[n, f, i, j] h1[n, c, i + 2u, j + 2v]."""
    h1, d = v["h1"], v["delta"]
    rhs = np.zeros(v["dw"].shape)
    for u, t in itertools.product(range(3), range(3)):
        window = h1[:, :, 2 * u : 2 * u + 29, 2 * t : 2 * t + 29]
        assert window.shape[-2:] == (29, 29)  # every index read lies inside h1
        rhs[:, :, u, t] = np.einsum("nfij,ncij->fc", d, window)
    return same(v["dw"], rhs)


def _nb_dx(v: dict) -> bool:
    """Image 0, channel 0: dL/dh1 against sum_f pad_2(delta_f) star rot180(dilate_2(W_f0))."""
    d, w = v["delta"][0], v["w"]
    rhs = sum(corr(pad(d[f], 2), rot180(dilate(w[f, 0], 2))) for f in range(32))
    return same(v["dh1"][0, 0], rhs)


def _rows_never_pooled(h: int, k: int, s: int) -> int:
    """Rows of an h x h map that no pooling window covers (zero gradient under an avg pool)."""
    xt = t64(np.ones((1, 1, h, h)), True)
    F.avg_pool2d(xt, k, s).sum().backward()
    return int((xt.grad[0, 0].sum(dim=1) == 0).sum())


def _nb_same(h: int, k: int, d: int) -> bool:
    return conv_out(h, k, 1, (k - 1) // 2, d) == h


NB_CLAIMS = claims_of(
    NB,
    {
        r"$$H_{\text{out}} = \left\lfloor \frac{H + 2P - D(K - 1) - 1}{S}": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                [
                    (h, k, s, p, d)
                    for h, k, s, p, d in itertools.product(
                        range(2, 14), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2, 3)
                    )
                    if h + 2 * p >= d * (k - 1) + 1
                ],
            )
        ],
        "Layer by layer.": [
            None,
            both(equal(conv_out(65, 5, 2, 2), math.ceil(65 / 2)), equal(math.ceil(65 / 2), 33)),
            equal(conv_out(65, 5, 2, 2), (65 + 2 * 2 - 4 - 1) // 2 + 1),
            equal((65 + 2 * 2 - 4 - 1) // 2 + 1, 33),
        ],
        "is dilated: its": [
            both(equal(k_eff(3, 2), 2 * (3 - 1) + 1), equal(2 * (3 - 1) + 1, 5)),
            both(equal(conv_out(33, 3, 1, 0, 2), 33 - 5 + 1), equal(33 - 5 + 1, 29)),
        ],
        r"$$H_3 = \left\lfloor": [
            equal(conv_out(29, 3, 2, 1, 2), (29 + 2 * 1 - 2 * 2 - 1) // 2 + 1),
            equal((29 + 2 * 1 - 2 * 2 - 1) // 2 + 1, 14),
        ],
        "The pool has no padding": [
            equal(pool_side(14, 3, 2), (14 - 3) // 2 + 1),
            equal((14 - 3) // 2 + 1, 6),
            both(
                equal(pool_side(14, 3, 2, ceil=True), math.ceil((14 - 3) / 2) + 1),
                equal(math.ceil((14 - 3) / 2) + 1, 7),
            ),
            both(equal(_rows_never_pooled(14, 3, 2), (14 - 3) % 2), equal((14 - 3) % 2, 1)),
        ],
        "Note for next week": [
            grid(_nb_same, [(h, k, d) for h in (9, 16, 33) for k in (3, 5) for d in (2, 3)]),
            equal(conv_out(33, 3, 1, 1, 2), 33),
        ],
        "Dilation does not add weights": [
            equal(params(nn.Conv2d(16, 32, 3, dilation=2)), 3 * 3 * 16 * 32 + 32),
            equal(3 * 3 * 16 * 32 + 32, 4640),
            equal(params(nn.Conv2d(32, 32, 3, 2, 1, 2)), 5 * 5 * 32 * 32 + 32),
            equal(5 * 5 * 32 * 32 + 32, 25632),
            equal(64 * 6 * 6, 2034),
        ],
        r"Write $\delta[n, f, i, j]": [None],
        r"$$\frac{\partial L}{\partial b[f]}": [
            _nb(lambda v: same(v["db"], v["delta"].sum(axis=(0, 2, 3)) / 8), 3920)
        ],
        r"$$\frac{\partial L}{\partial w[f, c, u, v]}": [_nb(_nb_dw, 3930)],
        r"$$\frac{\partial L}{\partial h_1^{(c)}}": [_nb(_nb_dx, 3940)],
    },
)


# --- cours_pooling_retropropagation.md (French lecture notes): 4 x 4 X, 2 x 2 / 2 pooling with
# G, 3 x 3 / 1 pooling with G'; 1-based x_{i,j}

COURS = "cours_pooling_retropropagation"
_CX = np.array([[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]])
_CG = np.array([[1.0, -2], [3, 2]])
_CG2 = np.array([[1.0, -1], [2, 1]])


def _pool(
    fn: Callable[..., torch.Tensor], x: np.ndarray, g: np.ndarray, k: int, s: int
) -> dict[str, np.ndarray]:
    """torch pooling forward and the gradient of sum(y * g), 2-D."""
    xt = t64(x[None, None], True)
    y = fn(xt, k, s)
    (y * t64(g[None, None])).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def _pool_rand(
    fn: Callable[..., torch.Tensor], k: int, s: int, r: np.random.Generator
) -> dict[str, np.ndarray]:
    x, g = r.normal(size=(4, 4)), r.normal(size=((4 - k) // s + 1,) * 2)
    return {"x": x, "g": g, **_pool(fn, x, g, k, s)}


def _routed(v: dict) -> bool:
    """dL/dx_ij = g at the ceil(i/2), ceil(j/2) window if x_ij is its maximum, else 0."""
    x, g = v["x"], v["g"]
    rhs = np.zeros((4, 4))
    for i, j in itertools.product(range(1, 5), range(1, 5)):
        k, q = math.ceil(i / 2), math.ceil(j / 2)
        window = x[2 * k - 2 : 2 * k, 2 * q - 2 : 2 * q]
        rhs[i - 1, j - 1] = g[k - 1, q - 1] if x[i - 1, j - 1] == window.max() else 0.0
    return same(v["dx"], rhs)


def _quarter(v: dict) -> bool:
    rhs = [[v["g"][math.ceil(i / 2) - 1, math.ceil(j / 2) - 1] / 4 for j in range(1, 5)]
           for i in range(1, 5)]  # fmt: skip
    return same(v["dx"], rhs)


def _cours(fn: Callable[..., torch.Tensor], k: int, s: int, rel: Callable[[dict], bool],
           seed: int) -> Truth:  # fmt: skip
    """On the course's numbers and on random 4 x 4 maps."""
    g = _CG if k == 2 else _CG2
    own = {"x": _CX, "g": g, **_pool(fn, _CX, g, k, s)}
    rand = trials(lambda r: rel(_pool_rand(fn, k, s, r)), seed)
    return lambda: [rel(own), *rand()]


_CMAX = _pool(F.max_pool2d, _CX, _CG, 2, 2)
_CAVG = _pool(F.avg_pool2d, _CX, _CG, 2, 2)
_CMAX3 = _pool(F.max_pool2d, _CX, _CG2, 3, 1)


def _g2(i: int, j: int) -> float:
    return float(_CG2[i - 1, j - 1])


COURS_CLAIMS = claims_of(
    COURS,
    {
        "Les indices commencent": [None],
        r"$$X = \begin{pmatrix} 1 & 3": [None, None],
        r"$$Y^{\max} =": [single(lambda: same(_CMAX["y"], [[4, 5], [6, 3]]))],
        r"\begin{cases} g_{\lceil i/2": [_cours(F.max_pool2d, 2, 2, _routed, 3950)],
        r"1 & 0 & 0 & -2": [
            single(
                lambda: same(_CMAX["dx"], [[0, 0, 0, 0], [1, 0, 0, -2], [0, 0, 2, 0], [0, 3, 0, 0]])
            )
        ],
        "Vérification rapide": [
            _cours(F.max_pool2d, 2, 2, lambda v: math.isclose(v["dx"].sum(), v["g"].sum()), 3960),
            equal(1 - 2 + 3 + 2, 4),
        ],
        r"Sur la même entrée, $y_{k,l}": [None],
        r"$$Y^{\text{moy}}": [single(lambda: same(_CAVG["y"], [[2.5, 2], [2.25, 1.5]]))],
        r"$$\frac{\partial L}{\partial x_{i,j}} = \frac{1}{4}\, g": [
            _cours(F.avg_pool2d, 2, 2, _quarter, 3970)
        ],
        r"0{,}25 & 0{,}25 & -0{,}5": [
            single(
                lambda: same(
                    _CAVG["dx"],
                    [
                        [0.25, 0.25, -0.5, -0.5],
                        [0.25, 0.25, -0.5, -0.5],
                        [0.75, 0.75, 0.5, 0.5],
                        [0.75, 0.75, 0.5, 0.5],
                    ],
                )
            )
        ],
        "la masse du gradient est divisée": [
            _cours(
                F.avg_pool2d, 2, 2, lambda v: math.isclose(v["dx"].sum(), v["g"].sum() / 4), 3980
            )
        ],
        r"$$G' = \begin{pmatrix}": [None, single(lambda: same(_CMAX3["y"], [[4, 5], [6, 6]]))],
        "est le maximum de deux fenêtres": [
            single(lambda: math.isclose(_CMAX3["dx"][3, 1], _g2(2, 1) + _g2(2, 2))),
            equal(2 + 1, 3),
            single(lambda: math.isclose(_CMAX3["dx"][1, 0], _g2(1, 1) + _g2(2, 1))),
            equal(1 + 2, 3),
        ],
        r"1 & 0 & 0 & -1": [
            single(
                lambda: same(
                    _CMAX3["dx"], [[0, 0, 0, 0], [1, 0, 0, -1], [0, 0, 0, 0], [0, 3, 0, 0]]
                )
            )
        ],
        "chaque fenêtre donne": [
            _cours(
                F.avg_pool2d,
                3,
                1,
                lambda v: math.isclose(v["dx"][1, 1], v["g"].sum() / 9),
                3990,
            ),
            _cours(
                F.avg_pool2d,
                3,
                1,
                lambda v: math.isclose(
                    v["dx"][0, 1], (v["g"][0, 0] + v["g"][0, 1] + v["g"][1, 0]) / 9
                ),
                4000,
            ),
        ],
        "Sans remplissage, une fenêtre": [
            grid(
                lambda h, k, s: pool_side(h, k, s) == (h - k) // s + 1,
                [(h, k, s) for h in range(2, 16) for k in (2, 3) for s in (1, 2, 3) if h >= k],
            ),
            both(equal(pool_side(7, 3, 2), (7 - 3) // 2 + 1), equal((7 - 3) // 2 + 1, 3)),
            equal(pool_side(5, 2, 2), math.ceil(5 / 2)),
            equal(math.ceil(5 / 2), 3),
        ],
    },
)


def truth_table() -> Claims:
    from unseen_fresh38_truth_b import notes_b

    return {**notes_b(), **BLOG_CLAIMS, **HW_CLAIMS, **NB_CLAIMS, **COURS_CLAIMS}
