"""Independent truth for the fresh68 unseen set, second part:
forum_im2col_col2im_gradient_nie_zgadza_sie, code_review_manual_conv_backward_dilation and
lab_report_budget_and_batch_gradients (see
unseen_fresh68_truth.py for the conventions: NumPy / torch autograd in float64, no symconv; one
bool per trial or per size; a link between two written numbers is arithmetic, a quantity named on
the left must equal the true one)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    conv_out,
    corr,
    corr1,
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

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh68"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def conv1c(x: np.ndarray, k: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """One-channel torch conv2d and the gradients of sum(y * g)."""
    xt, kt = t64(x, True), t64(k, True)
    y = F.conv2d(xt[None, None], kt[None, None], **kw)[0, 0]
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dX": xt.grad.numpy(), "dK": kt.grad.numpy()}


def im2col(x: np.ndarray, k: int) -> np.ndarray:
    """Rows = windows (stride 1) in row-major order, each flattened row-major."""
    ho = x.shape[0] - k + 1
    return np.array([x[i : i + k, j : j + k].reshape(-1) for i in range(ho) for j in range(ho)])


# --- forum_im2col_col2im_gradient_nie_zgadza_sie.md (Polish forum thread): one channel, stride
# 1, no padding, 0-based, the given X (3 x 3), K (2 x 2) and G = dL/dY.

FOR = "forum_im2col_col2im_gradient_nie_zgadza_sie"
FX = np.array([[1.0, 2, 0], [0, 1, 3], [2, 1, 1]])
FK = np.array([[1.0, -1], [2, 0]])
FG = np.array([[1.0, 2], [0, -1]])
FV = conv1c(FX, FK, FG)
FSIZES = ((3, 2), (5, 3), (4, 2))


def _for_case(r: np.random.Generator, n: int, k: int) -> dict:
    x, w, g = r.normal(size=(n, n)), r.normal(size=(k, k)), r.normal(size=(n - k + 1, n - k + 1))
    return {**conv1c(x, w, g), "x": x, "k": w, "g": g}


def _for_trial(check: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(check(_for_case(r, n, k)) for n, k in FSIZES), seed)


def _col_grad(v: dict) -> np.ndarray:
    """dL/dX_col from autograd: vec(Y) = X_col vec(K) as a function of the matrix X_col."""
    k = v["k"].shape[0]
    cols = t64(im2col(v["x"], k), True)
    ((cols @ t64(v["k"].reshape(-1))) * t64(v["g"].reshape(-1))).sum().backward()
    return cols.grad.numpy()


def _full_sum(v: dict) -> np.ndarray:
    """sum_{i,j} G[i,j] K[p-i, q-j] with K zero outside its range."""
    n, m = v["x"].shape[0], v["g"].shape[0]
    out = np.zeros((n, n))
    for p in range(n):
        for q in range(n):
            terms = (v["g"][i, j] * zat(v["k"], p - i, q - j) for i in range(m) for j in range(m))
            out[p, q] = sum(terms)
    return out


def conv_matrix(k: np.ndarray, n: int) -> np.ndarray:
    """The Jacobian of vec(conv2d(X, K)) in vec(X), both row-major."""
    return torch.autograd.functional.jacobian(
        lambda x: F.conv2d(x.reshape(1, 1, n, n), t64(k)[None, None]).reshape(-1),
        torch.zeros(n * n, dtype=F64),
    ).numpy()


def _stride2_pad_k(r: np.random.Generator) -> bool:
    """Stride 2 with s | H - k: the comment's pad_k(dil_2(G)) star rot180(K) against autograd."""
    out = []
    for h, k in ((5, 3), (7, 3), (6, 2)):
        x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
        g = r.normal(size=((h - k) // 2 + 1,) * 2)
        v = conv1c(x, w, g, stride=2)
        out.append(same(v["dX"], corr(pad(dilate(g, 2), k), rot180(w))))
    return all(out)


def _bias_over_area(r: np.random.Generator) -> bool:
    """The comment's dL/db = sum(G) / (H_out W_out) against autograd (3 x 3 input, 2 x 2 kernel)."""
    x, k, g = r.normal(size=(3, 3)), r.normal(size=(2, 2)), r.normal(size=(2, 2))
    b = torch.zeros(1, dtype=F64, requires_grad=True)
    (F.conv2d(t64(x)[None, None], t64(k)[None, None], b)[0, 0] * t64(g)).sum().backward()
    return math.isclose(b.grad.item(), g.sum() / g.size)


def _tconv_weight_shape() -> tuple:
    return tuple(nn.ConvTranspose2d(16, 8, 3).weight.shape)


FOR_CLAIMS = claims_of(
    FOR,
    {
        "$$X_{\\text{col}} = \\begin{bmatrix} 1 & 2 & 0 & 1": [
            single(
                lambda: same(
                    im2col(FX, 2), [[1, 2, 0, 1], [2, 0, 1, 3], [0, 1, 2, 1], [1, 3, 1, 1]]
                )
            ),
            _for_trial(
                lambda v: same(
                    v["y"].reshape(-1), im2col(v["x"], v["k"].shape[0]) @ v["k"].reshape(-1)
                ),
                6850,
            ),
            single(lambda: same(FV["y"].reshape(-1), [-1, 4, 3, 0])),
        ],
        "Gradient wag wychodzi dobrze": [
            _for_trial(
                lambda v: same(
                    v["dK"].reshape(-1), im2col(v["x"], v["k"].shape[0]).T @ v["g"].reshape(-1)
                ),
                6851,
            ),
            single(lambda: same(FV["dK"].reshape(-1), [4, -1, 1, 6])),
        ],
        "Dla wejścia liczę": [
            _for_trial(
                lambda v: same(_col_grad(v), np.outer(v["k"].reshape(-1), v["g"].reshape(-1))), 6852
            ),
            single(lambda: math.isclose(FV["dX"][1, 1], (0 + 4 + 0 - 1) / 4)),
            equal((0 + 4 + 0 - 1) / 4, 0.75),
        ],
        "Dwa błędy.": [
            _for_trial(
                lambda v: same(_col_grad(v), np.outer(v["g"].reshape(-1), v["k"].reshape(-1))), 6853
            )
        ],
        "$$\\frac{\\partial L}{\\partial X}[p,q] = \\sum_{i=0}^{1}": [
            _for_trial(lambda v: same(v["dX"], _full_sum(v)), 6854)
        ],
        "czyli pełny splot": [
            _for_trial(
                lambda v: same(v["dX"], corr(pad(v["g"], v["k"].shape[0] - 1), rot180(v["k"]))),
                6855,
            ),
            single(lambda: same(rot180(FK), [[0, 2], [-1, 1]])),
        ],
        "$$\\frac{\\partial L}{\\partial X} = \\begin{bmatrix} 1 & 1 & -2": [
            single(lambda: same(FV["dX"], [[1, 1, -2], [2, 3, 1], [0, -2, 0]])),
            single(
                lambda: math.isclose(
                    FV["dX"][1, 1],
                    FK[1, 1] * FG[0, 0]
                    + FK[1, 0] * FG[0, 1]
                    + FK[0, 1] * FG[1, 0]
                    + FK[0, 0] * FG[1, 1],
                )
            ),
            equal(0 * 1 + 2 * 2 + (-1) * 0 + 1 * (-1), 0 + 4 + 0 - 1),
            equal(0 + 4 + 0 - 1, 3),
        ],
        "Szybka kontrola:": [
            _for_trial(lambda v: math.isclose(v["dX"].sum(), v["g"].sum() * v["k"].sum()), 6856),
            equal(FG.sum() * FK.sum(), 2 * 2),
            equal(2 * 2, 4),
        ],
        "$$C = \\begin{bmatrix} 1 & -1 & 0 & 2": [
            single(
                lambda: same(
                    conv_matrix(FK, 3),
                    [
                        [1, -1, 0, 2, 0, 0, 0, 0, 0],
                        [0, 1, -1, 0, 2, 0, 0, 0, 0],
                        [0, 0, 0, 1, -1, 0, 2, 0, 0],
                        [0, 0, 0, 0, 1, -1, 0, 2, 0],
                    ],
                )
            ),
            _for_trial(
                lambda v: same(
                    v["dX"].reshape(-1), conv_matrix(v["k"], v["x"].shape[0]).T @ v["g"].reshape(-1)
                ),
                6857,
            ),
        ],
        "i właśnie dlatego": [
            grid(
                lambda h, k, s, p, a: tconv_out(h, k, s, p, a) == (h - 1) * s - 2 * p + k + a,
                [(5, 3, 2, 1, 1), (4, 2, 2, 0, 0), (7, 5, 3, 2, 2), (6, 3, 1, 1, 0)],
            ),
            equal(tconv_out(5, 3, 2, 1, 1), (5 - 1) * 2 - 2 + 3 + 1),
            equal((5 - 1) * 2 - 2 + 3 + 1, 10),
            equal(
                params(nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1)),
                16 * 8 * 9 + 16,
            ),
            equal(16 * 8 * 9 + 16, 1168),
        ],
        "- bez `output_padding`": [
            grid(lambda h: tconv_out(h, 3, 2, 1) == 2 * h, [(5,), (4,), (7,)]),
            equal(2 * 5, 2 * 5),
            equal(2 * 5, 10),
        ],
        "- wagi `ConvTranspose2d`": [
            single(lambda: _tconv_weight_shape() == (8, 16, 3, 3)),
            single(lambda: (8, 16, 3, 3) == (8, 16, 3, 3)),
        ],
        "- splot transponowany odwraca": [
            trials(
                lambda r: same(
                    corr(
                        corr(
                            pad(g := r.normal(size=(2, 2)), 1), rot180(k := r.normal(size=(2, 2)))
                        ),
                        k,
                    ),
                    g,
                ),
                6858,
            )
        ],
        "- dla kroku 2": [trials(_stride2_pad_k, 6859)],
        "- bias (gdyby był)": [trials(_bias_over_area, 6860)],
    },
)


# --- code_review_manual_conv_backward_dilation.md (English code review): torch conv2d with
# stride s, padding p, dilation d, 0-based, tilde X = pad_p(X).

REV = "code_review_manual_conv_backward_dilation"


def needed_output_padding(h: int, k: int, s: int, p: int, d: int) -> int:
    """The output_padding a for which conv_transpose2d returns the forward input's side h,
    found by trying every a < max(s, d) (torch's limit)."""
    ho = conv_out(h, k, s, p, d)
    hits = [a for a in range(max(s, d)) if tconv_out(ho, k, s, p, a, d) == h]
    assert len(hits) == 1, (h, k, s, p, d, hits)
    return hits[0]


def mconv(
    r: np.random.Generator, n: int, c: int, f: int, h: int, k: int, s: int, p: int, d: int
) -> dict:
    x, w, b = r.normal(size=(n, c, h, h)), r.normal(size=(f, c, k, k)), r.normal(size=f)
    ho = conv_out(h, k, s, p, d)
    g = r.normal(size=(n, f, ho, ho))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    (F.conv2d(xt, wt, bt, stride=s, padding=p, dilation=d) * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "dX": xt.grad.numpy(), "dW": wt.grad.numpy(),
            "db": bt.grad.numpy(), "s": s, "p": p, "d": d, "k": k}  # fmt: skip


REV_SIZES = [(2, 2, 3, 11, 3, 2, 1, 2), (2, 3, 2, 9, 3, 1, 0, 2), (1, 2, 2, 8, 2, 3, 1, 1)]
ZERO_A_SIZES = [(2, 2, 3, 11, 3, 2, 1, 2), (2, 3, 2, 9, 3, 1, 0, 2), (1, 2, 2, 9, 3, 2, 2, 2)]


def _rev_trial(check: Callable[[dict], bool], seed: int, sizes: list = REV_SIZES) -> Truth:
    return trials(lambda r: all(check(mconv(r, *size)) for size in sizes), seed)


def _rev_dw(v: dict) -> bool:
    s, d, k = v["s"], v["d"], v["k"]
    xt_ = np.pad(v["x"], ((0, 0), (0, 0), (v["p"], v["p"]), (v["p"], v["p"])))
    g = v["g"]
    rule = np.zeros_like(v["dW"])
    for f in range(rule.shape[0]):
        for c in range(rule.shape[1]):
            for u in range(k):
                for w_ in range(k):
                    rule[f, c, u, w_] = sum(
                        g[n, f, i, j] * xt_[n, c, s * i + d * u, s * j + d * w_]
                        for n in range(g.shape[0])
                        for i in range(g.shape[2])
                        for j in range(g.shape[3])
                    )
    return same(v["dW"], rule)


def _rev_dx(v: dict, ring: int) -> bool:
    """crop_p( sum_f pad_ring(dil_s(G_f)) star rot180(dil_d(W_{f,c})) ) per image and channel."""
    p = v["p"]
    out = np.zeros_like(v["dX"])
    for n in range(out.shape[0]):
        for c in range(out.shape[1]):
            full = sum(
                corr(pad(dilate(v["g"][n, f], v["s"]), ring), rot180(dilate(v["w"][f, c], v["d"])))
                for f in range(v["w"].shape[0])
            )
            h = full.shape[0]
            if h - 2 * p != out.shape[2]:
                return False
            out[n, c] = full[p : h - p, p : h - p]
    return same(v["dX"], out)


def _span_1d(layers: int, k: int, d: int) -> int:
    """How many input pixels one output of ``layers`` stacked stride-1 dilated convs reads."""
    x = t64(np.zeros((1, 1, 40)), True)
    y = x
    for _ in range(layers):
        y = F.conv1d(y, t64(np.ones((1, 1, k))), dilation=d)
    y[0, 0, 0].backward()
    nz = np.nonzero(x.grad.numpy()[0, 0])[0]
    return int(nz.max() - nz.min() + 1)


RX, RW, RG = np.array([1.0, 2, 0, -1, 3]), np.array([1.0, -2]), np.array([1.0, 0, -1])


def _rev_1d() -> dict:
    xt, wt = t64(RX, True), t64(RW, True)
    y = F.conv1d(xt[None, None], wt[None, None], dilation=2)[0, 0]
    (y * t64(RG)).sum().backward()
    return {"y": y.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}


RV = _rev_1d()


def _sum_rule(r: np.random.Generator) -> bool:
    """Stride 1, no padding: sum of dL/dx = sum(g) sum(w), 1-D with dilation 2 and 2-D."""
    x, w = r.normal(size=9), r.normal(size=3)
    g = r.normal(size=5)
    xt = t64(x, True)
    (F.conv1d(xt[None, None], t64(w)[None, None], dilation=2)[0, 0] * t64(g)).sum().backward()
    v = conv1c(r.normal(size=(6, 6)), k := r.normal(size=(3, 3)), g2 := r.normal(size=(4, 4)))
    return math.isclose(xt.grad.sum().item(), g.sum() * w.sum()) and math.isclose(
        v["dX"].sum(), g2.sum() * k.sum()
    )


def _grouped_wgrad_shape() -> tuple:
    m = nn.Conv2d(64, 64, 3, groups=4).double()
    m(torch.randn(1, 64, 5, 5, dtype=F64)).sum().backward()
    return tuple(m.weight.grad.shape)


REV_CLAIMS = claims_of(
    REV,
    {
        "**PR description (author, @tlin):**": [
            grid(
                lambda h, k, s, p, d: conv_out(h, k, s, p, d) == (h + 2 * p - d * k) // s + 1,
                [(11, 3, 2, 1, 2), (9, 3, 1, 1, 2), (10, 2, 1, 0, 3)],
            ),
            grid(
                lambda h, k, s, p, d: needed_output_padding(h, k, s, p, d) == s - 1,
                [(11, 3, 2, 1, 2), (12, 3, 3, 0, 1), (13, 3, 2, 0, 1)],
            ),
            _rev_trial(lambda v: same(v["db"], v["g"][0].sum(axis=(1, 2))), 6870),
            None,
        ],
        "$$\\frac{\\partial L}{\\partial W_{f,c,u,v}}": [_rev_trial(_rev_dw, 6871)],
        "and for the input, per channel": [
            _rev_trial(lambda v: _rev_dx(v, v["k"] - 1), 6872, ZERO_A_SIZES)
        ],
        "$$a = (H + 2p - d(k-1) - 1) \\bmod s,$$": [
            grid(
                lambda h, k, s, p, d: (
                    needed_output_padding(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) % s
                ),
                [
                    (11, 3, 2, 1, 2),
                    (12, 3, 2, 1, 2),
                    (13, 3, 3, 1, 1),
                    (10, 2, 3, 0, 1),
                    (9, 3, 1, 1, 2),
                ],
            )
        ],
        "so with the test config": [
            None,
            None,
            None,
            None,
            None,
            equal(needed_output_padding(11, 3, 2, 1, 2), 8 % 2),
            equal(8 % 2, 0),
            None,
            equal(needed_output_padding(12, 3, 2, 1, 2), 9 % 2),
            equal(9 % 2, 1),
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1
                ),
                [(11, 3, 2, 1, 2), (12, 3, 2, 1, 2), (10, 2, 3, 0, 1), (9, 3, 1, 1, 2)],
            ),
            lambda: [conv_out(11, 3, 2, 1, 2) == 8 // 2 + 1, 8 // 2 + 1 == 5],
            grid(lambda k, d: _span_1d(1, k, d) == d * (k - 1) + 1, [(3, 2), (2, 3), (3, 1)]),
            equal(2 * (3 - 1) + 1, 5),
            equal(_span_1d(2, 3, 2), 2 * 5),
            equal(2 * 5, 10),
        ],
        "**Comment on line 16 (`gb`):**": [
            _rev_trial(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 6873)
        ],
        "**Comment on the description (input gradient):**": [
            _rev_trial(lambda v: _rev_dx(v, v["d"] * (v["k"] - 1)), 6874, ZERO_A_SIZES),
            None,
            single(lambda: _grouped_wgrad_shape() == (64, 16, 3, 3)),
            None,
            None,
            None,
            equal(64 * 16 * 9, 9216),
        ],
        "**Small sanity test I ran": [
            None,
            None,
            None,
            None,
            single(lambda: same(RV["y"], [1, 4, -6])),
            None,
            None,
        ],
        "$$\\frac{\\partial L}{\\partial w_0}": [
            single(lambda: math.isclose(RV["dw"][0], np.dot(RG, RX[0:3]))),
            equal(float(np.dot(RG, RX[0:3])), 1),
            single(lambda: math.isclose(RV["dw"][1], np.dot(RG, RX[2:5]))),
            equal(float(np.dot(RG, RX[2:5])), -3),
            single(lambda: same(RV["dx"], [1, 0, -3, 0, 2])),
        ],
        "The PR's first version used": [
            single(lambda: same(RV["dx"], corr1(np.pad(RG, 1), RW[::-1]))),
            trials(_sum_rule, 6875),
            equal(RG.sum() * RW.sum(), 0),
        ],
        "**@mkowalczyk:** LGTM.": [
            equal(2 * (3 - 1), 4),
            equal(17 - 5 + 1, 13),
            equal(13, 11 + 2 * 1),
            equal(
                flops_half(
                    lambda: nn.Conv2d(16, 16, 3, stride=2, padding=1, dilation=2).double()(
                        torch.zeros(8, 16, 11, 11, dtype=F64)
                    )
                ),
                8 * 16 * conv_out(11, 3, 2, 1, 2) ** 2 * 16 * 9,
            ),
            equal(8 * 16 * conv_out(11, 3, 2, 1, 2) ** 2 * 16 * 9, 8 * 16 * 25 * 16 * 9),
            equal(8 * 16 * 25 * 16 * 9, 460800),
        ],
    },
)


# --- lab_report_budget_and_batch_gradients.md (English lab report): the nn.Sequential of section
# 1 on (4, 3, 32, 32), CrossEntropyLoss (mean), 0-based, delta = dL/dZ from autograd.

LAB = "lab_report_budget_and_batch_gradients"


def lab_net(pool: type = nn.MaxPool2d) -> nn.Sequential:
    torch.manual_seed(6880)
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.ReLU(),
        pool(2),
        nn.Conv2d(8, 16, 3, stride=2, padding=1, groups=2),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(16 * 8 * 8, 10),
    ).double()


LNET = lab_net()
LOUT: dict[int, torch.Tensor] = {}


def _keep(k: int) -> Callable:
    def hook(_m: nn.Module, _i: tuple, out: torch.Tensor) -> None:
        out.retain_grad()
        LOUT[k] = out

    return hook


_handles = [LNET[k].register_forward_hook(_keep(k)) for k in (0, 3)]
_LX = torch.randn(4, 3, 32, 32, dtype=F64, generator=torch.Generator().manual_seed(6881))
F.cross_entropy(LNET(_LX), torch.tensor([1, 0, 7, 3])).backward()
for _hd in _handles:
    _hd.remove()
LM = {
    "c1": flops_half(lambda: LNET[0](torch.zeros(1, 3, 32, 32, dtype=F64))),
    "c2": flops_half(lambda: LNET[3](torch.zeros(1, 8, 16, 16, dtype=F64))),
    "fc": flops_half(lambda: LNET[6](torch.zeros(1, 1024, dtype=F64))),
}


def _receptive_side() -> int:
    """Side of the input patch one conv2 output reads; the max pool is replaced by the average
    pool of the same geometry so that every read pixel gets a nonzero gradient."""
    net = lab_net(nn.AvgPool2d)
    for m in net:
        if isinstance(m, nn.Conv2d):
            nn.init.constant_(m.weight, 1.0)
    for m in net:
        if isinstance(m, nn.Conv2d):
            nn.init.zeros_(m.bias)
    x = torch.ones(1, 3, 32, 32, dtype=F64, requires_grad=True)
    net[:4](x)[0, 0, 3, 3].backward()
    rows = np.nonzero(x.grad.numpy()[0].any(axis=(0, 2)))[0]
    return int(rows.max() - rows.min() + 1)


def _lab_conv(r: np.random.Generator) -> dict:
    """conv1's geometry (3 x 3, padding 1) on a random batch, a mean-style loss over N."""
    n, c, f, h = 3, 2, 3, 6
    x, w, b, g = (
        r.normal(size=(n, c, h, h)),
        r.normal(size=(f, c, 3, 3)),
        r.normal(size=f),
        r.normal(size=(n, f, h, h)),
    )
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    z = F.conv2d(xt, wt, bt, padding=1)
    z.retain_grad()
    ((z * t64(g)).sum() / n).backward()
    return {"x": x, "w": w, "delta": z.grad.numpy(), "dX": xt.grad.numpy(), "dW": wt.grad.numpy(),
            "db": bt.grad.numpy(), "n": n}  # fmt: skip


def _lab_dw(v: dict, batch: bool) -> bool:
    xt_ = np.pad(v["x"], ((0, 0), (0, 0), (1, 1), (1, 1)))
    images = range(v["n"]) if batch else (0,)
    rule = np.zeros_like(v["dW"])
    for f in range(rule.shape[0]):
        for c in range(rule.shape[1]):
            rule[f, c] = sum(corr(xt_[n, c], v["delta"][n, f]) for n in images)
    return same(v["dW"], rule)


def _lab_dx(v: dict) -> bool:
    rule = np.zeros_like(v["dX"])
    for n in range(v["n"]):
        for c in range(v["w"].shape[1]):
            rule[n, c] = sum(
                corr(pad(v["delta"][n, f], 1), rot180(v["w"][f, c])) for f in range(v["w"].shape[0])
            )
    return same(v["dX"], rule)


def _lab_ce(r: np.random.Generator) -> bool:
    z, y = t64(r.normal(size=(4, 10)), True), torch.tensor(r.integers(10, size=4))
    F.cross_entropy(z, y).backward()
    p = torch.softmax(z, 1).detach().numpy()
    return same(z.grad.numpy(), (p - np.eye(10)[y.numpy()]) / 4)


def _lab_fc(r: np.random.Generator) -> dict:
    """nn.Linear(12, 5) on a batch of 4: weight (5, 12), rows of Delta = dL/dz_n."""
    m = nn.Linear(12, 5).double()
    a, delta = r.normal(size=(4, 12)), r.normal(size=(4, 5))
    (m(t64(a)) * t64(delta)).sum().backward()
    return {"a": a, "delta": delta, "dW": m.weight.grad.numpy(), "db": m.bias.grad.numpy()}


def _mean_vs_sum(r: np.random.Generator) -> bool:
    m = nn.Linear(6, 3).double()
    a, y = t64(r.normal(size=(5, 6))), torch.tensor(r.integers(3, size=5))
    F.cross_entropy(m(a), y, reduction="mean").backward()
    g_mean = m.weight.grad.numpy().copy()
    m.weight.grad = None
    F.cross_entropy(m(a), y, reduction="sum").backward()
    return same(m.weight.grad.numpy(), 5 * g_mean)


TA0, TA1, TD = np.array([1.0, 2]), np.array([3.0, -1]), np.array([0.5, -1])


def _toy() -> dict:
    m = nn.Linear(2, 1).double()
    (m(t64(np.stack([TA0, TA1]))).reshape(-1) * t64(TD)).sum().backward()
    return {"dw": m.weight.grad.numpy().reshape(-1), "db": m.bias.grad.item()}


TV = _toy()

LAB_CLAIMS = claims_of(
    LAB,
    {
        "conv1 keeps $32 \\times 32$": [
            equal(LOUT[3].shape[-1], math.floor((16 + 2 - 3) / 2) + 1),
            equal(math.floor((16 + 2 - 3) / 2) + 1, math.floor(15 / 2) + 1),
            equal(math.floor(15 / 2) + 1, 8),
            grid(lambda h: conv_out(h, 3, 2, 1) == h // 2, [(7,), (9,), (15,), (31,)]),
        ],
        "- $P_1 = 8": [
            equal(params(LNET[0]), 8 * 3 * 9 + 8),
            equal(8 * 3 * 9 + 8, 224),
            equal(params(LNET[3]), 16 * 4 * 9 + 16),
            equal(16 * 4 * 9 + 16, 592),
        ],
        "- The fc layer maps": [
            equal(params(LNET[6]), 1024 * 10),
            equal(1024 * 10, 10240),
            equal(params(LNET), 224 + 592 + 10240),
            equal(224 + 592 + 10240, 11056),
        ],
        "- $M_1 = 32^2": [
            equal(LM["c1"], 32**2 * 8 * 3 * 9),
            equal(32**2 * 8 * 3 * 9, 221184),
            equal(LM["c2"], 16**2 * 16 * 4 * 9),
            equal(16**2 * 16 * 4 * 9, 147456),
            equal(LM["fc"], 1024 * 10),
            equal(1024 * 10, 10240),
        ],
        "- For the batch of four": [
            equal(flops_half(lambda: LNET(torch.zeros(4, 3, 32, 32, dtype=F64))), 4 * 378880),
            equal(4 * 378880, 1515520),
        ],
        "- Receptive field of one conv2": [
            equal(_receptive_side(), 1 + (3 - 1) + (2 - 1) + (3 - 1)),
            equal(1 + (3 - 1) + (2 - 1) + (3 - 1), 6),
        ],
        "- Activation memory": [
            lambda: [LOUT[0].numel() == 4 * 8 * 32 * 32, 4 * 8 * 32 * 32 == 32768]
        ],
        'With `reduction="mean"`': [None, trials(_lab_ce, 6882)],
        "\\frac{\\partial L}{\\partial W_{fc}} = A^\\top": [
            trials(lambda r: same((v := _lab_fc(r))["dW"], v["a"].T @ v["delta"]), 6883),
            trials(lambda r: same((v := _lab_fc(r))["db"], v["delta"].sum(axis=0)), 6884),
        ],
        "$$\\frac{\\partial L}{\\partial W_{f,c}[u,v]} = \\sum_{n=0}^{N-1}": [
            trials(lambda r: _lab_dw(_lab_conv(r), batch=True), 6885),
            trials(
                lambda r: same((v := _lab_conv(r))["db"], v["delta"].sum(axis=(0, 2, 3)) / v["n"]),
                6886,
            ),
        ],
        "and for conv1's input": [trials(lambda r: _lab_dx(_lab_conv(r)), 6887)],
        "Our first attempt forgot": [
            trials(lambda r: _lab_dw(_lab_conv(r), batch=False), 6888),
            None,
            equal(LNET[3].bias.grad.numel(), 16 * 4),
            equal(16 * 4, 64),
            lambda: [4 * 8 * 16**2 == 8192, int((LOUT[0].grad != 0).sum()) <= 8192],
        ],
        "**Toy check of the batch sum**": [
            None,
            None,
            None,
            None,
            single(lambda: same(TV["dw"], TD[0] * TA0 + TD[1] * TA1)),
            single(
                lambda: same(TD[0] * TA0 + TD[1] * TA1, 0.5 * np.array([1, 2]) - np.array([3, -1]))
            ),
            single(lambda: same(0.5 * np.array([1, 2]) - np.array([3, -1]), [-2.5, 2])),
            single(lambda: math.isclose(TV["db"], 0.5 - 1)),
            equal(0.5 - 1, -0.5),
            trials(_mean_vs_sum, 6889),
        ],
    },
)

NOTES_B = {**FOR_CLAIMS, **REV_CLAIMS, **LAB_CLAIMS}
