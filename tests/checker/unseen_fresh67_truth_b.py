"""Independent truth for the fresh67 unseen set, second part:
vyakhyan_transposed_conv_1d_se_gradient_tak, pariksha_uttar_conv_autoencoder_mnist,
fiche_revision_convolution_transposee and
code_review_pr482_convtranspose_up_block (see unseen_fresh67_truth.py for the conventions: NumPy /
torch autograd in float64, no symconv; one bool per trial or per size; a link between two written
numbers is arithmetic, a quantity named on the left must equal the true one).  The fiche is 1-based;
its index formulas are translated to 0-based arrays term by term in the comments."""

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
    at,
    conv_out,
    corr,
    corr1,
    dilate,
    dilate1,
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


# --- vyakhyan_transposed_conv_1d_se_gradient_tak.md (Hindi lecture notes): 0-based, 1-D, x = [1, 2,
# -1], w = [1, 0, 2], s = 2, p = 0, g = [1, -1, 0, 2, 1, 0, 1]; conv_transpose1d is the layer.

VY = "vyakhyan_transposed_conv_1d_se_gradient_tak"
VX = np.array([1.0, 2, -1])
VW = np.array([1.0, 0, 2])
VGR = np.array([1.0, -1, 0, 2, 1, 0, 1])


def ct1(x: np.ndarray, w: np.ndarray, s: int = 1, p: int = 0, d: int = 1) -> np.ndarray:
    return F.conv_transpose1d(
        t64(x)[None, None], t64(w)[None, None], stride=s, padding=p, dilation=d
    ).numpy()[0, 0]


def ct1_grads(x: np.ndarray, w: np.ndarray, g: np.ndarray, s: int = 2) -> dict:
    xt, wt = t64(x, True), t64(w, True)
    bt = torch.zeros(1, dtype=F64, requires_grad=True)
    y = F.conv_transpose1d(xt[None, None], wt[None, None], bt, stride=s)[0, 0]
    (y * t64(g)).sum().backward()
    return {
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.item(),
    }


def conv1_matrix(w: np.ndarray, length: int, s: int = 2) -> np.ndarray:
    """The Jacobian of F.conv1d(z, w, stride=s) on length-`length` vectors (the note's C)."""

    def f(z: torch.Tensor) -> torch.Tensor:
        return F.conv1d(z[None, None], t64(w)[None, None], stride=s)[0, 0]

    return torch.autograd.functional.jacobian(f, torch.zeros(length, dtype=F64)).numpy()


VC = conv1_matrix(VW, 7)
VV = ct1_grads(VX, VW, VGR)
NOTE_CT = [[1, 0, 0], [0, 0, 0], [2, 1, 0], [0, 0, 0], [0, 2, 1], [0, 0, 0], [0, 0, 2]]
# (input length, kernel length, stride): the note's case and two more
VY_SIZES = [(3, 3, 2), (4, 2, 3), (5, 3, 1)]


def _vy(rel: Callable[[np.random.Generator, int, int, int], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(r, n, k, s) for n, k, s in VY_SIZES), seed)


def _gather(r: np.random.Generator, n: int, k: int, s: int) -> bool:
    x, w = r.normal(size=n), r.normal(size=k)
    y = ct1(x, w, s)
    rhs = [
        sum(w[m] * x[(t - m) // s] for m in range(k) if (t - m) % s == 0 and 0 <= (t - m) // s < n)
        for t in range(len(y))
    ]
    return same(y, rhs)


def _zero_insertion(r: np.random.Generator, n: int, k: int, s: int) -> bool:
    x, w = r.normal(size=n), r.normal(size=k)
    return same(ct1(x, w, s), corr1(np.pad(dilate1(x, s), k - 1), w[::-1]))


def _is_ct(r: np.random.Generator, n: int, k: int, s: int) -> bool:
    x, w = r.normal(size=n), r.normal(size=k)
    length = len(ct1(x, w, s))
    return same(ct1(x, w, s), conv1_matrix(w, length, s).T @ x)


def _vgrads(r: np.random.Generator, n: int, k: int, s: int) -> tuple:
    x, w = r.normal(size=n), r.normal(size=k)
    g = r.normal(size=len(ct1(x, w, s)))
    return x, w, g, ct1_grads(x, w, g, s)


def _dx_sum(r: np.random.Generator, n: int, k: int, s: int) -> bool:
    _, w, g, v = _vgrads(r, n, k, s)
    return same(v["dx"], [sum(w[m] * g[s * i + m] for m in range(k)) for i in range(n)])


def _dx_cg(r: np.random.Generator, n: int, k: int, s: int) -> bool:
    _, w, g, v = _vgrads(r, n, k, s)
    return same(v["dx"], conv1_matrix(w, len(g), s) @ g)


def _dx_flipped(r: np.random.Generator, n: int, k: int, s: int) -> bool:
    _, w, g, v = _vgrads(r, n, k, s)
    return same(v["dx"], corr1(g, w[::-1])[::s])


def _dw_sum(r: np.random.Generator, n: int, k: int, s: int) -> bool:
    x, _, g, v = _vgrads(r, n, k, s)
    return same(v["dw"], [sum(x[i] * g[s * i + m] for i in range(n)) for m in range(k)])


_L_GRID = [(3, 3, 2, 0, 1), (5, 2, 3, 1, 1), (4, 3, 2, 1, 2), (6, 4, 1, 0, 3)]

_VTAPS = F.conv_transpose2d(
    torch.ones(1, 1, 10, 10, dtype=F64), torch.ones(1, 1, 3, 3, dtype=F64), stride=2
)[0, 0, 1:-1, 1:-1].numpy()

VY_CLAIMS = claims_of(
    VY,
    {
        "$$y[n] = \\sum_{m=0}^{k-1}": [_vy(_gather, 6731)],
        "Output की लंबाई": [
            grid(
                lambda n, k, s, p, d: (
                    len(ct1(np.zeros(n), np.zeros(k), s, p)) == (n - 1) * s + k - 2 * p
                ),
                _L_GRID,
            ),
            grid(
                lambda n, k, s, p, d: (
                    len(ct1(np.zeros(n), np.zeros(k), s, p, d))
                    == (n - 1) * s - 2 * p + d * (k - 1) + 1
                ),
                _L_GRID,
            ),
            None,
            None,
            trials(
                lambda r: all(
                    (lambda x, w: same(ct1(x, w), corr1(np.pad(x, k - 1), w[::-1])))(
                        r.normal(size=5), r.normal(size=k)
                    )
                    for k in (2, 3)
                ),
                6732,
            ),
            grid(
                lambda n, k: len(ct1(np.zeros(n), np.zeros(k))) == n + k + 1,
                [(3, 3), (5, 2), (4, 4)],
            ),
        ],
        "## 2. एक छोटा उदाहरण": [None, None],
        "मान लीजिए $x = [1, 2, -1]$": [
            None,
            None,
            equal(len(VV["y"]), (3 - 1) * 2 + 3),
            equal((3 - 1) * 2 + 3, 7),
        ],
        "- $x_0\\, w": [single(lambda: same(VX[0] * VW, [1, 0, 2]))],
        "- $x_1\\, w": [single(lambda: same(VX[1] * VW, [2, 0, 4]))],
        "- $x_2\\, w": [single(lambda: same(VX[2] * VW, [-1, 0, -2]))],
        "जोड़ने पर $y": [
            single(lambda: same(VV["y"], [1, 0, 4, 0, 3, 0, -2])),
            single(lambda: math.isclose(VV["y"][2], 2 + 2)),
            equal(2 + 2, 4),
            single(lambda: math.isclose(VV["y"][4], 4 - 1)),
            equal(4 - 1, 3),
        ],
        "**Zero-insertion": [
            equal(2 - 1, 1),
            single(lambda: same(dilate1(VX, 2), [1, 0, 2, 0, -1])),
            equal(3 - 1, 2),
            single(lambda: same(VW[::-1], [2, 0, 1])),
        ],
        "$$y = \\operatorname{pad}_{k-1}\\big(": [_vy(_zero_insertion, 6733)],
        "मान लीजिए $C$ वह": [None, _vy(_is_ct, 6734)],
        "$$C^\\top = \\begin{bmatrix}": [single(lambda: same(VC.T, NOTE_CT))],
        "ध्यान रहे कि यह inverse नहीं": [
            single(lambda: same(VC @ VC.T, [[5, 2, 0], [2, 5, 2], [0, 2, 5]])),
            single(lambda: not np.allclose(VC @ VC.T, np.eye(3))),
            single(lambda: math.isclose(np.sum(VW**2), 5)),
            single(lambda: same(VC @ VV["y"], 5 * VX)),
        ],
        "Loss $L$ के लिए upstream gradient": [None, None, _vy(_is_ct, 6735)],
        "$$\\frac{\\partial L}{\\partial x_i} = \\sum_{m=0}^{2}": [
            _vy(_dx_sum, 6736),
            _vy(_dx_cg, 6737),
            single(lambda: same(VV["dx"], [1, 2, 3])),
        ],
        "दूसरे शब्दों में": [_vy(_dx_flipped, 6738)],
        "$$\\frac{\\partial L}{\\partial w_m} = \\sum_{i=0}^{2}": [
            _vy(_dw_sum, 6739),
            single(lambda: same(VV["dw"], [0, 3, 1])),
            single(lambda: same([0, 3, 1], corr1(VGR, VX))),
        ],
        "और bias (अगर हो)": [
            single(lambda: math.isclose(VV["db"], VGR.sum())),
            equal(VGR.sum(), 6),
        ],
        "`nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1)`": [
            equal(
                params(nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1)),
                16 * 8 * 9 + 8,
            ),
            equal(16 * 8 * 9 + 8, 1160),
            equal(tconv_out(10, 3, 2, 1, 1), (10 - 1) * 2 - 2 + 3 + 1),
            equal((10 - 1) * 2 - 2 + 3 + 1, 20),
            equal(10**2 * 16 * 8 * 9, 115200),
            equal(
                params(nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, groups=2)), 16 * 4 * 9 + 16
            ),
            equal(16 * 4 * 9 + 16, 592),
            None,
            None,
            single(lambda: bool(np.all(math.ceil(3 / 2) ** 2 == _VTAPS))),
            equal(math.ceil(3 / 2) ** 2, 4),
            None,
            None,
        ],
    },
)


# --- pariksha_uttar_conv_autoencoder_mnist.md (Hindi exam answer): the exam's enc / dec in torch,
# MSELoss (mean over B * 784), Sigmoid last; 0-based.

PA = "pariksha_uttar_conv_autoencoder_mnist"
ENC = [
    nn.Conv2d(1, 16, 3, stride=2, padding=1),
    nn.Conv2d(16, 32, 3, stride=2, padding=1),
    nn.Conv2d(32, 64, 7),
]
DEC = [
    nn.ConvTranspose2d(64, 32, 7),
    nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1),
    nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1),
]


def _sides() -> list[int]:
    """Spatial side after each of the six layers (ReLU / Sigmoid keep the shape)."""
    out, h = [], torch.zeros(2, 1, 28, 28)
    with torch.no_grad():
        for layer in ENC + DEC:
            h = layer(h)
            out.append(int(h.shape[-1]))
    return out


PH = _sides()
PP = [params(layer) for layer in ENC + DEC]
M_DEC2 = flops_half(lambda: DEC[1](torch.zeros(1, 32, 7, 7)))


def _mse(r: np.random.Generator, which: str) -> bool:
    b = 3
    z = r.normal(size=(b, 1, 28, 28))
    x = r.uniform(size=(b, 1, 28, 28))
    zt = t64(z, True)
    xhat = torch.sigmoid(zt)
    xhat.retain_grad()
    F.mse_loss(xhat, t64(x)).backward()
    xh, dxh = xhat.detach().numpy(), xhat.grad.numpy()
    if which == "no batch":
        return same(dxh, 2 / 784 * (xh - x))
    if which == "batch":
        return same(dxh, 2 / (784 * b) * (xh - x))
    return same(zt.grad.numpy(), dxh * xh * (1 - xh))


def _dec3(r: np.random.Generator) -> dict:
    b = 3
    a5 = r.normal(size=(b, 16, 14, 14))
    w, bias = r.normal(size=(16, 1, 3, 3)), r.normal(size=1)
    at, wt, bt = t64(a5, True), t64(w, True), t64(bias, True)
    z = F.conv_transpose2d(at, wt, bt, stride=2, padding=1, output_padding=1)
    g = r.normal(size=tuple(z.shape))
    (z * t64(g)).sum().backward()
    return {
        "a5": a5,
        "w": w,
        "g": g,
        "da": at.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _dec3_dw(v: dict) -> bool:
    # G tilde: one zero row / column at the top / left (the crop of padding 1), none at the
    # bottom / right (output_padding 1 gave that row back): (B, 1, 29, 29)
    gt = np.pad(v["g"], ((0, 0), (0, 0), (1, 0), (1, 0)))
    rhs = np.zeros((16, 1, 3, 3))
    for c in range(16):
        for u in range(3):
            for w_ in range(3):
                rhs[c, 0, u, w_] = np.sum(
                    v["a5"][:, c] * gt[:, 0, u : u + 27 : 2, w_ : w_ + 27 : 2]
                )
    return same(v["dw"], rhs)


PA_CLAIMS = claims_of(
    PA,
    {
        "(a) Conv के लिए": [
            grid(
                lambda h, k, s, p: conv_out(h, k, s, p) == math.floor((h + 2 * p - k) / s) + 1,
                [(28, 3, 2, 1), (14, 3, 2, 1), (7, 7, 1, 0), (10, 4, 3, 2)],
            ),
            grid(
                lambda h, k, s, p, a: tconv_out(h, k, s, p, a) == (h - 1) * s - 2 * p + k + a,
                [(1, 7, 1, 0, 0), (7, 3, 2, 1, 1), (14, 3, 2, 1, 1), (5, 4, 3, 1, 2)],
            ),
        ],
        "- $H_1 = ": [
            equal(PH[0], math.floor((28 + 2 * 1 - 3) / 2) + 1),
            equal(math.floor((28 + 2 * 1 - 3) / 2) + 1, 14),
        ],
        "- $H_2 = ": [equal(PH[1], (14 + 2 - 3) / 2 + 1), equal((14 + 2 - 3) / 2 + 1, 7)],
        "- $H_3 = ": [
            equal(PH[2], 7 - 7 + 1),
            equal(7 - 7 + 1, 1),
            equal(64 * 1 * 1, 64),
            equal(784 / 64, 12.5),
        ],
        "- $H_4 = ": [equal(PH[3], (1 - 1) * 1 + 7), equal((1 - 1) * 1 + 7, 7)],
        "- $H_5 = ": [equal(PH[4], (7 - 1) * 2 - 2 + 3 + 1), equal((7 - 1) * 2 - 2 + 3 + 1, 14)],
        "- $H_6 = ": [
            equal(PH[5], (14 - 1) * 2 - 2 + 3),
            equal((14 - 1) * 2 - 2 + 3, 27),
            equal(PH[5], 27 + 1),
            equal(27 + 1, 28),
        ],
        "- $P_1 = ": [equal(PP[0], 16 * 1 * 9 + 16), equal(16 * 1 * 9 + 16, 160)],
        "- $P_2 = ": [equal(PP[1], 32 * 16 * 9 + 32), equal(32 * 16 * 9 + 32, 4640)],
        "- $P_3 = ": [equal(PP[2], 64 * 32 * 49 + 64), equal(64 * 32 * 49 + 64, 100416)],
        "- $P_4 = ": [equal(PP[3], 64 * 32 * 49 + 64), equal(64 * 32 * 49 + 64, 100416)],
        "- $P_5 = ": [equal(PP[4], 32 * 16 * 9 + 32), equal(32 * 16 * 9 + 32, 4640)],
        "- $P_6 = ": [equal(PP[5], 16 * 1 * 9 + 16), equal(16 * 1 * 9 + 16, 160)],
        "कुल $P = ": [
            equal(sum(PP), 160 + 4640 + 100416 + 100416 + 4640 + 160),
            equal(160 + 4640 + 100416 + 100416 + 4640 + 160, 210432),
        ],
        "[परीक्षक: ✗ ConvTranspose का bias": [equal(PP[3], 100384), equal(PP[5], 145)],
        "Cost के लिए": [
            equal(14**2 * 16 * 9, 28224),
            equal(M_DEC2, 14**2 * 32 * 16 * 9),
            equal(14**2 * 32 * 16 * 9, 903168),
        ],
        "[परीक्षक: transposed conv हर": [
            equal(M_DEC2, 7**2 * 32 * 16 * 9),
            equal(7**2 * 32 * 16 * 9, 225792),
        ],
        "(c) Loss $L = ": [None],
        "$$\\frac{\\partial L}{\\partial \\hat X} = \\frac{2}{784}": [
            trials(lambda r: _mse(r, "no batch"), 6741)
        ],
        "[परीक्षक: ✗ mean पूरे batch": [trials(lambda r: _mse(r, "batch"), 6742)],
        "Sigmoid से पहले का output": [None, trials(lambda r: _mse(r, "sigmoid"), 6743)],
        "- bias: ": [
            trials(
                lambda r: (lambda v: all(np.allclose(v["db"], v["g"][n].sum()) for n in range(3)))(
                    _dec3(r)
                ),
                6744,
            )
        ],
        "- input: stride 2, padding 1": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["da"], F.conv2d(t64(v["g"]), t64(v["w"]), stride=2, padding=1).numpy()
                    )
                )(_dec3(r)),
                6745,
            )
        ],
        "- weight: $": [trials(lambda r: _dec3_dw(_dec3(r)), 6746)],
    },
)


# --- fiche_revision_convolution_transposee.md (French cheat sheet): 1-based indices, one channel.
# A 1-based index i is the 0-based i - 1; X tilde = pad_p(X); section 3 at sizes where s divides
# H + 2p - k, with p >= 1.

FI = "fiche_revision_convolution_transposee"
# (H, k, s, p) with s | H + 2p - k and p >= 1
FI_SIZES = [(7, 3, 2, 1), (9, 3, 2, 1), (8, 4, 2, 1), (10, 3, 3, 1)]
# (H, k, s, p) for the transposed conv (a = 0, p <= k - 1)
FT_SIZES = [(4, 3, 2, 1), (3, 4, 2, 1), (5, 3, 1, 0), (3, 3, 3, 2)]


def _fi(rel: Callable[..., bool], seed: int, sizes: list[tuple] = FI_SIZES) -> Truth:
    return trials(lambda r: all(rel(r, *size) for size in sizes), seed)


def _conv1(r: np.random.Generator, h: int, k: int, s: int, p: int) -> dict:
    x, w, b = r.normal(size=(h, h)), r.normal(size=(k, k)), float(r.normal())
    xt, wt = t64(x, True), t64(w, True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    y = F.conv2d(xt[None, None], wt[None, None], bt, stride=s, padding=p)[0, 0]
    g = r.normal(size=tuple(y.shape))
    (y * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.item(),
        "s": s,
        "p": p,
        "k": k,
    }


def _fwd_1based(r: np.random.Generator, h: int, k: int, s: int, p: int) -> bool:
    v = _conv1(r, h, k, s, p)
    xt = pad(v["x"], p)
    # Y[i,j] = b + sum_{u,v=1..k} W[u,v] Xt[s(i-1)+u, s(j-1)+v]; 0-based i0 = i - 1, u0 = u - 1:
    # Xt index s*i0 + u0 (0-based)
    ho = v["y"].shape[0]
    rhs = [
        [
            v["b"]
            + sum(v["w"][u, w_] * xt[s * i + u, s * j + w_] for u in range(k) for w_ in range(k))
            for j in range(ho)
        ]
        for i in range(ho)
    ]
    return same(v["y"], rhs)


def _dw_index(r: np.random.Generator, h: int, k: int, s: int, p: int) -> bool:
    v = _conv1(r, h, k, s, p)
    xt, g = pad(v["x"], p), v["g"]
    rhs = [
        [
            sum(
                g[i, j] * xt[s * i + u, s * j + w_]
                for i in range(g.shape[0])
                for j in range(g.shape[1])
            )
            for w_ in range(k)
        ]
        for u in range(k)
    ]
    return same(v["dw"], rhs)


def _dw_operator(r: np.random.Generator, h: int, k: int, s: int, p: int) -> bool:
    v = _conv1(r, h, k, s, p)
    return same(v["dw"], corr(pad(v["x"], p), dilate(v["g"], s)))


def _dx_index_without_p(r: np.random.Generator, h: int, k: int, s: int, p: int) -> bool:
    v = _conv1(r, h, k, s, p)
    g, w = v["g"], v["w"]
    # 1-based G[(m-u)/s + 1, (n-v)/s + 1] with m = m0 + 1, u = u0 + 1 is the 0-based
    # G0[(m0 - u0)/s, (n0 - v0)/s]; terms with a non-integer or out-of-range index are dropped
    out = np.zeros((h, h))
    for m in range(h):
        for n in range(h):
            for u in range(k):
                for w_ in range(k):
                    a, b = m - u, n - w_
                    if (
                        a % s == 0
                        and b % s == 0
                        and 0 <= a // s < g.shape[0]
                        and 0 <= b // s < g.shape[1]
                    ):
                        out[m, n] += w[u, w_] * g[a // s, b // s]
    return same(v["dx"], out)


def _dx_operator_k_minus_p(r: np.random.Generator, h: int, k: int, s: int, p: int) -> bool:
    v = _conv1(r, h, k, s, p)
    return same(v["dx"], corr(pad(dilate(v["g"], s), k - p), rot180(v["w"])))


def _tconv1(r: np.random.Generator, h: int, k: int, s: int, p: int) -> dict:
    x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
    xt, wt = t64(x, True), t64(w, True)
    z = F.conv_transpose2d(xt[None, None], wt[None, None], stride=s, padding=p)[0, 0]
    g = r.normal(size=tuple(z.shape))
    (z * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "z": z.detach().numpy(),
        "g": g,
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
    }


def _t_as_conv(r: np.random.Generator, h: int, k: int, s: int, p: int) -> bool:
    v = _tconv1(r, h, k, s, p)
    return same(v["z"], corr(pad(dilate(v["x"], s), k - 1 - p), rot180(v["w"])))


def _t_dx(r: np.random.Generator, h: int, k: int, s: int, p: int) -> bool:
    v = _tconv1(r, h, k, s, p)
    rhs = F.conv2d(t64(v["g"])[None, None], t64(v["w"])[None, None], stride=s, padding=p)[0, 0]
    return same(v["dx"], rhs.numpy())


def _t_dw_index(r: np.random.Generator, h: int, k: int, s: int, p: int) -> bool:
    v = _tconv1(r, h, k, s, p)
    gt = pad(v["g"], p)
    rhs = [
        [
            sum(v["x"][i, j] * gt[s * i + u, s * j + w_] for i in range(h) for j in range(h))
            for w_ in range(k)
        ]
        for u in range(k)
    ]
    return same(v["dw"], rhs)


def _t_dw_rot(r: np.random.Generator, h: int, k: int, s: int, p: int) -> bool:
    v = _tconv1(r, h, k, s, p)
    return same(v["dw"], rot180(corr(pad(v["g"], p), dilate(v["x"], s))))


def _round_trip(r: np.random.Generator, k: int) -> bool:
    x, w = r.normal(size=(1, 1, 3, 3)), r.normal(size=(1, 1, k, k))
    z = F.conv_transpose2d(t64(x), t64(w), stride=k)
    return same(F.conv2d(z, t64(w), stride=k).numpy(), x)


def _pool(r: np.random.Generator, kind: str) -> bool:
    x = t64(r.normal(size=(1, 1, 6, 6)), True)
    g = r.normal(size=(1, 1, 3, 3))
    y = F.max_pool2d(x, 2) if kind == "max" else F.avg_pool2d(x, 2)
    (y * t64(g)).sum().backward()
    xv = x.detach().numpy()[0, 0]
    out = np.zeros((6, 6))
    for m in range(6):  # 0-based m0 = m - 1: the 1-based ceil(m/2) is the 0-based m0 // 2
        for n in range(6):
            window = xv[2 * (m // 2) : 2 * (m // 2) + 2, 2 * (n // 2) : 2 * (n // 2) + 2]
            if kind == "avg":
                out[m, n] = g[0, 0, m // 2, n // 2]
            elif xv[m, n] == window.max():
                # the note's 1-based G[floor(m/2), floor(n/2)] at m = m0 + 1 is the 0-based
                # G0[floor((m0 + 1)/2) - 1, ...], strict (no wrap-around below 0)
                out[m, n] = at(g[0, 0], (m + 1) // 2 - 1, (n + 1) // 2 - 1)
    return same(x.grad.numpy()[0, 0], out)


def _dense(r: np.random.Generator, which: str) -> bool:
    w, x, b, g = r.normal(size=(3, 4)), r.normal(size=4), r.normal(size=3), r.normal(size=3)
    wt, xt, bt = t64(w, True), t64(x, True), t64(b, True)
    ((wt @ xt + bt) * t64(g)).sum().backward()
    if which == "w":
        return same(wt.grad.numpy(), np.outer(g, x))
    if which == "x":
        return same(xt.grad.numpy(), w @ g)
    return same(bt.grad.numpy(), g)


def _dense_batch(r: np.random.Generator, which: str) -> bool:
    n = 5
    w, xs, b, gs = (
        r.normal(size=(3, 4)),
        r.normal(size=(n, 4)),
        r.normal(size=3),
        r.normal(size=(n, 3)),
    )
    wt = t64(w, True)
    ((t64(xs) @ wt.T + t64(b)) * t64(gs)).sum().backward()
    outer_sum = sum(np.outer(gs[i], xs[i]) for i in range(n))
    if which == "sum":
        return same(wt.grad.numpy(), outer_sum)
    return same(outer_sum, gs.T @ xs)


def _receptive(n: int) -> int:
    """Side of the input region one output of n stacked 3 x 3 stride-1 convs depends on."""
    x = torch.zeros(1, 1, 21, 21, dtype=F64, requires_grad=True)
    y = x
    for _ in range(n):
        y = F.conv2d(y, torch.ones(1, 1, 3, 3, dtype=F64))
    c = y.shape[-1] // 2
    y[0, 0, c, c].backward()
    rows = np.nonzero(x.grad.numpy()[0, 0].any(axis=1))[0]
    return int(rows.max() - rows.min() + 1)


_PG = [(48, 24, 4, 3), (8, 4, 3, 2), (6, 12, 3, 3), (16, 8, 2, 1)]


def _tflops(cin: int, cout: int, k: int, g: int, h: int) -> int:
    return flops_half(
        lambda: F.conv_transpose2d(
            torch.zeros(1, cin, h, h, dtype=F64),
            torch.zeros(cin, cout // g, k, k, dtype=F64),
            stride=2,
            padding=1,
            groups=g,
        )
    )


FI_CLAIMS = claims_of(
    FI,
    {
        "- Convolution : $H_{out}": [
            grid(
                lambda h, k, s, p, d: (
                    conv_out(h, k, s, p, d) == math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1
                ),
                [(7, 3, 2, 1, 1), (8, 3, 2, 1, 1), (10, 3, 3, 2, 2), (9, 4, 2, 0, 2)],
            )
        ],
        "- Convolution transposée, avec": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
                ),
                [(4, 3, 2, 1, 1, 1), (4, 3, 2, 1, 0, 1), (3, 3, 3, 2, 2, 2), (5, 4, 2, 0, 1, 2)],
            )
        ],
        "- Aller-retour": [
            grid(
                lambda h, k, s, p, d: (
                    tconv_out(
                        conv_out(h, k, s, p, d), k, s, p, (h + 2 * p - d * (k - 1) - 1) % s, d
                    )
                    == h
                ),
                [
                    (h, k, s, p, d)
                    for h in (7, 8, 9, 10)
                    for k, s, p, d in ((3, 2, 1, 1), (3, 3, 1, 1), (3, 2, 2, 2))
                ],
            )
        ],
        "- Taille d'une carte dilatée": [
            grid(lambda h, s: tconv_out(h, 1, s) == s * (h - 1) + 1, [(3, 2), (5, 3), (4, 1)])
        ],
        "- Champ réceptif de $n$": [grid(lambda n: _receptive(n) == 2 * n, [(1,), (2,), (3,)])],
        "- Exemple, $H = 7$": [
            None,
            None,
            None,
            None,
            equal(conv_out(7, 3, 2, 1), math.floor((7 + 2 - 2 - 1) / 2) + 1),
            equal(math.floor((7 + 2 - 2 - 1) / 2) + 1, 4),
            equal((4 - 1) * 2 - 2 + 2 + 0 + 1, 7),
        ],
        "- Même couche, $H = 8$": [
            None,
            equal(conv_out(8, 3, 2, 1), math.floor((8 + 2 - 2 - 1) / 2) + 1),
            equal(math.floor((8 + 2 - 2 - 1) / 2) + 1, 4),
            single(lambda: tconv_out(4, 3, 2, 1, (8 + 2 - 2 - 1) % 2) == 8),
            equal((8 + 2 - 2 - 1) % 2, 1),
            equal((4 - 1) * 2 - 2 + 2 + 1 + 1, 8),
        ],
        "## 2. Propagation avant": [None],
        "- Convolution : $Y[i,j]": [_fi(_fwd_1based, 6751, [*FI_SIZES, (6, 2, 2, 0)]), None],
        "- Transposée vue comme": [None, None, _fi(_t_as_conv, 6752, FT_SIZES)],
        "- Quand les fenêtres ne se recouvrent pas": [
            None,
            None,
            trials(lambda r: _round_trip(r, 2) and _round_trip(r, 3), 6753),
        ],
        "## 3. Gradients de la convolution": [None],
        "- Biais :": [
            _fi(
                lambda r, *size: (lambda v: math.isclose(v["db"], v["g"].sum()))(_conv1(r, *size)),
                6754,
            )
        ],
        "- Poids : $\\frac{\\partial L}{\\partial W[u,v]} = \\sum_{i,j} G[i,j]": [
            _fi(_dw_index, 6755),
            _fi(_dw_operator, 6756),
        ],
        "- Entrée, forme indicielle": [_fi(_dx_index_without_p, 6757)],
        "- Entrée, forme opérateur": [_fi(_dx_operator_k_minus_p, 6758)],
        "## 4. Gradients de la transposée": [None, None],
        "- Entrée : c'est la convolution": [_fi(_t_dx, 6759, FT_SIZES)],
        "- Poids : $\\frac{\\partial L}{\\partial W[u,v]} = \\sum_{i,j} X[i,j]": [
            _fi(_t_dw_index, 6760, FT_SIZES),
            None,
            _fi(_t_dw_rot, 6761, FT_SIZES),
        ],
        "- `Conv2d(C_in, C_out, k, groups=g)`": [
            grid(
                lambda ci, co, k, g: (
                    params(nn.Conv2d(ci, co, k, groups=g)) == co * (ci / g) * k**2 + co
                ),
                _PG,
            )
        ],
        "- `ConvTranspose2d(C_in, C_out, k, groups=g)`": [
            grid(
                lambda ci, co, k, g: (
                    params(nn.ConvTranspose2d(ci, co, k, groups=g)) == ci * (co / g) * k**2 + ci
                ),
                _PG,
            )
        ],
        "- Exemple `ConvTranspose2d(48, 24, 4": [
            equal(
                params(nn.ConvTranspose2d(48, 24, 4, stride=2, padding=1, groups=3)),
                48 * 8 * 16 + 24,
            ),
            equal(48 * 8 * 16 + 24, 6168),
        ],
        "- Multiplications de la transposée": [
            grid(
                lambda ci, co, k, g, h: _tflops(ci, co, k, g, h) == h**2 * ci * (co / g) * k**2,
                [(48, 24, 4, 3, 16), (8, 4, 3, 2, 5), (6, 12, 3, 1, 4)],
            ),
            None,
            equal(16**2 * 48 * 8 * 16, 1572864),
        ],
        "- Max-pooling $2 \\times 2$ : $\\frac": [trials(lambda r: _pool(r, "max"), 6762)],
        "- Average pooling": [trials(lambda r: _pool(r, "avg"), 6763)],
        "- Dense $y = Wx + b$": [
            None,
            trials(lambda r: _dense(r, "w"), 6764),
            trials(lambda r: _dense(r, "x"), 6765),
            trials(lambda r: _dense(r, "b"), 6766),
            trials(lambda r: _dense_batch(r, "sum"), 6767),
            trials(lambda r: _dense_batch(r, "GtX"), 6768),
        ],
    },
)


# --- code_review_pr482_convtranspose_up_block.md (English code review): Up(128, 64) on x (4, 128,
# 20, 20), skip (4, 64, 40, 40); 0-based; G = dL/dZ at the output of self.up.

CR = "code_review_pr482_convtranspose_up_block"
UP = nn.ConvTranspose2d(128, 64, kernel_size=2, stride=2)
CONV = nn.Conv2d(128, 64, kernel_size=3, padding=1)
P_UP, P_CONV, P_OLD = params(UP), params(CONV), params(nn.Conv2d(128, 64, 1))
M_UP = flops_half(lambda: UP(torch.zeros(1, 128, 20, 20)))
M_CONV = flops_half(lambda: CONV(torch.zeros(1, 128, 40, 40)))
# the input gradient of self.up: conv2d(G, W, stride=2) from (64, 40, 40) to (128, 20, 20)
M_DX = flops_half(
    lambda: F.conv2d(torch.zeros(1, 64, 40, 40), torch.zeros(128, 64, 2, 2), stride=2)
)


def _up_case(r: np.random.Generator) -> dict:
    n, cin, cout, h = 2, 3, 2, 3
    x, w, b = r.normal(size=(n, cin, h, h)), r.normal(size=(cin, cout, 2, 2)), r.normal(size=cout)
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    z = F.conv_transpose2d(xt, wt, bt, stride=2)
    g = r.normal(size=tuple(z.shape))
    (z * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "z": z.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
        "n": n,
        "cin": cin,
        "cout": cout,
        "h": h,
    }


def _up_pixelwise(v: dict) -> bool:
    rhs = np.zeros_like(v["z"])
    for i in range(v["h"]):
        for j in range(v["h"]):
            for u in range(2):
                for w_ in range(2):
                    rhs[:, :, 2 * i + u, 2 * j + w_] = v["b"] + np.einsum(
                        "nc,co->no", v["x"][:, :, i, j], v["w"][:, :, u, w_]
                    )
    return same(v["z"], rhs)


def _up_dx(v: dict) -> bool:
    rhs = np.zeros_like(v["x"])
    for i in range(v["h"]):
        for j in range(v["h"]):
            for u in range(2):
                for w_ in range(2):
                    rhs[:, :, i, j] += np.einsum(
                        "co,no->nc", v["w"][:, :, u, w_], v["g"][:, :, 2 * i + u, 2 * j + w_]
                    )
    return same(v["dx"], rhs)


def _up_dw(v: dict, scale: float = 1.0) -> bool:
    rhs = np.zeros_like(v["w"])
    for u in range(2):
        for w_ in range(2):
            rhs[:, :, u, w_] = scale * np.einsum("ncij,noij->co", v["x"], v["g"][:, :, u::2, w_::2])
    return same(v["dw"], rhs)


def _cat_skip(r: np.random.Generator) -> bool:
    skip, up = t64(r.normal(size=(1, 64, 2, 2)), True), t64(r.normal(size=(1, 64, 2, 2)), True)
    gcat = r.normal(size=(1, 128, 2, 2))
    (torch.cat([skip, up], dim=1) * t64(gcat)).sum().backward()
    return same(skip.grad.numpy(), gcat[:, 0:64])


CR_CLAIMS = claims_of(
    CR,
    {
        "Sizes for the deepest block": [
            equal(tconv_out(20, 2, 2), (20 - 1) * 2 + 2),
            equal((20 - 1) * 2 + 2, 40),
        ],
        "- $P_{up} = 128": [
            equal(P_UP, 128 * 64 * 4 + 128),
            equal(128 * 64 * 4 + 128, 32896),
            equal(P_CONV, 64 * 128 * 9 + 64),
            equal(64 * 128 * 9 + 64, 73792),
        ],
        "- the old path": [
            equal(P_OLD, 128 * 64 + 64),
            equal(128 * 64 + 64, 8256),
            equal(P_UP - P_OLD, 32896 - 8256),
            equal(32896 - 8256, 24640),
        ],
        "- multiply-adds per sample": [
            equal(M_UP, 40**2 * 128 * 64),
            equal(40**2 * 128 * 64, 13107200),
            equal(M_CONV, 40**2 * 64 * 64 * 9),
            equal(40**2 * 64 * 64 * 9, 58982400),
        ],
        "Two count fixes": [
            equal(P_UP, 128 * 64 * 4 + 64),
            equal(128 * 64 * 4 + 64, 32832),
            equal(64 + 64, 128),
            equal(M_CONV, 40**2 * 64 * 128 * 9),
            equal(40**2 * 64 * 128 * 9, 117964800),
            None,
            equal(M_UP, 20**2 * 128 * 64 * 4),
        ],
        "This breaks for odd encoder maps": [
            equal(tconv_out(20, 2, 2), (20 - 1) * 2 + 2),
            equal((20 - 1) * 2 + 2, 40),
            single(lambda: 40 != 41),
            equal((20 - 1) * 2 + 2 + 1, 41),
        ],
        "Or keep `output_padding=0`": [equal((20 - 1) * 2 - 2 + 3, 41)],
        "That is 39.": [equal((20 - 1) * 2 + 3, 41)],
        "on the backward (0-based": [None, None, None],
        "$$Z[n,o,2i+u,2j+v] = b_o": [trials(lambda r: _up_pixelwise(_up_case(r)), 6771)],
        "$$\\frac{\\partial L}{\\partial X[n,c,i,j]} = \\sum_{o}": [
            trials(lambda r: _up_dx(_up_case(r)), 6772),
            trials(lambda r: _up_dw(_up_case(r)), 6773),
        ],
        "and $\\frac{\\partial L}{\\partial b_o} = \\sum_{n,i,j}": [
            trials(
                lambda r: (lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))))(_up_case(r)), 6774
            )
        ],
        "Makes sense. So in operator form": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["dx"],
                        F.conv_transpose2d(
                            t64(v["g"]), t64(v["w"]).transpose(0, 1), stride=2
                        ).numpy(),
                    )
                )(_up_case(r)),
                6775,
            ),
            trials(lambda r: (lambda v: _up_dw(v, 1 / v["n"]))(_up_case(r)), 6776),
            equal(M_DX, 40**2 * 128 * 64 * 4),
            equal(40**2 * 128 * 64 * 4, 52428800),
            trials(_cat_skip, 6777),
        ],
        "Alternative I benchmarked": [None, equal(128 * 256 + 256, 33024), equal(33024, P_UP)],
        "Same map only if the four biases": [
            equal(4 * 64 - 64, 192),
            equal(128 * 40**2 * 4, 819200),
        ],
    },
)

NOTES_B = {**VY_CLAIMS, **PA_CLAIMS, **FI_CLAIMS, **CR_CLAIMS}
