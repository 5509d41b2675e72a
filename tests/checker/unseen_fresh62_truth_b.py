"""Independent truth for the fresh62 unseen set, second part: the notes
blog_convoluzioni_separabili_conti, forum_convtranspose2d_output_size_off_by_one,
relazione_lab_gradiente_bias_batch and code_review_keras_depthwise_block_counts (conventions
as in unseen_fresh62_truth.py, which merges this table into truth_table).  NumPy / torch
autograd in float64, nothing of symconv.

Parameter counts are those of the torch modules (their default biases unless the note's code
turns them off); Keras layers are emulated by the torch layer with the same weights:
DepthwiseConv2D is a groups=C convolution, SeparableConv2D a bias-free depthwise followed by a
pointwise that carries the layer's bias, and BatchNormalization's Param # counts gamma, beta and
the moving mean and variance (torch's weight, bias, running_mean, running_var).  A
multiply-accumulate count is torch's FlopCounterMode count / 2.
"""

from __future__ import annotations

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
    equal,
    params,
    same,
    t64,
    tconv_out,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh62"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def macs(layer: nn.Module, c: int, h: int) -> int:
    """Multiply-accumulates of one layer on a 1 x c x h x h input."""
    x = torch.zeros(1, c, h, h, dtype=F64)
    layer = layer.double()
    return flops_half(lambda: layer(x))


def close(a: float, b: float, digits: int) -> bool:
    """a written rounded to ``digits`` decimals (a \\approx link)."""
    return abs(a - b) <= 0.5 * 10.0**-digits + 1e-12


# --- blog_convoluzioni_separabili_conti.md (Italian blog): C_in = 64, C_out = 128, k = 3 on
# 56 x 56 with padding 1; PyTorch layers with their default biases.

SEP = "blog_convoluzioni_separabili_conti"
CI, CO, KS, HS = 64, 128, 3, 56
STD = nn.Conv2d(CI, CO, KS, padding=1)
DW = nn.Conv2d(CI, CI, KS, padding=1, groups=CI)
PW = nn.Conv2d(CI, CO, 1)
P_STD, P_DW, P_PW = params(STD), params(DW), params(PW)
M_STD, M_DW, M_PW = macs(STD, CI, HS), macs(DW, CI, HS), macs(PW, CI, HS)
DW2 = nn.Conv2d(CI, CI, KS, stride=2, padding=1, groups=CI)
M_DW2, M_PW2 = macs(DW2, CI, HS), macs(PW, CI, conv_out(HS, KS, 2, 1))

# the identities on a grid of (C_in, C_out, k) at a 10 x 10 map with "same" padding
_SEP_GRID = [(ci, co, k) for ci in (4, 8) for co in (6, 16) for k in (3, 5)]


def _param_ratio(ci: int, co: int, k: int) -> bool:
    sep = params(nn.Conv2d(ci, ci, k, groups=ci)) + params(nn.Conv2d(ci, co, 1))
    return bool(np.isclose(sep / params(nn.Conv2d(ci, co, k)), 1 / co + 1 / k**2, rtol=1e-12))


def _mac_ratio(ci: int, co: int, k: int) -> bool:
    p = k // 2
    sep = macs(nn.Conv2d(ci, ci, k, padding=p, groups=ci), ci, 10) + macs(
        nn.Conv2d(ci, co, 1), ci, 10
    )
    return bool(np.isclose(sep / macs(nn.Conv2d(ci, co, k, padding=p), ci, 10), 1 / co + 1 / k**2))


def _keras_separable(ci: int, co: int, k: int, bias: bool = True) -> int:
    """Keras SeparableConv2D: a bias-free depthwise, then a pointwise with the layer's bias."""
    return params(nn.Conv2d(ci, ci, k, groups=ci, bias=False)) + params(
        nn.Conv2d(ci, co, 1, bias=bias)
    )


SEP_CLAIMS = claims_of(
    SEP,
    {
        "Prendiamo un blocco con": [None, None, None],
        "$$P_{std} = k^2 C_{in} C_{out} + C_{out} = 73856$$": [
            equal(P_STD, KS**2 * CI * CO + CO),
            equal(KS**2 * CI * CO + CO, 73856),
        ],
        "$P_{dw} = k^2 C_{in} + C_{in} = 640$": [
            equal(P_DW, KS**2 * CI + CI),
            equal(KS**2 * CI + CI, 640),
        ],
        "$P_{pw} = C_{in} C_{out} + C_{out} = 8320$": [
            equal(P_PW, CI * CO + CO),
            equal(CI * CO + CO, 8320),
        ],
        "In totale $P_{sep}": [
            equal(params(nn.Sequential(DW, PW)), P_DW + P_PW),
            equal(P_DW + P_PW, 8960),
            lambda: [close((P_DW + P_PW) / P_STD, 0.121, 3)],
        ],
        "La formula che si trova ovunque": [grid(_param_ratio, _SEP_GRID)],
        "$$M_{std} = H_{out} W_{out}": [
            equal(M_STD, HS * HS * KS**2 * CI * CO),
            equal(HS * HS * KS**2 * CI * CO, 56**2 * 9 * 64 * 128),
            equal(56**2 * 9 * 64 * 128, 231211008),
        ],
        "Per la coppia separabile": [
            equal(M_DW, 56**2 * 9 * 64),
            equal(56**2 * 9 * 64, 1806336),
            equal(M_PW, 56**2 * 64 * 128),
            equal(56**2 * 64 * 128, 25690112),
        ],
        "Il guadagno è": [
            lambda: [close(M_STD / (M_DW + M_PW), 8.4, 1)],
        ],
        "$$\\frac{M_{dw} + M_{pw}}{M_{std}}": [grid(_mac_ratio, _SEP_GRID)],
        "quasi tutto il costo è nella pointwise": [
            equal(M_PW / M_DW, CO / KS**2),
            lambda: [close(CO / KS**2, 14.2, 1)],
        ],
        "In MobileNet alcuni blocchi": [
            equal(conv_out(HS, KS, 2, 1), (56 + 2 - 3) // 2 + 1),
            equal((56 + 2 - 3) // 2 + 1, 28),
            equal(M_DW2, 28**2 * 9 * 64),
            equal(28**2 * 9 * 64, 451584),
        ],
        "La pointwise invece lavora": [
            equal(M_PW2, 56**2 * 64 * 128),
            equal(56**2 * 64 * 128, 25690112),
            equal(M_DW2 + M_PW2, 26141696),
        ],
        "*depth multiplier* 2": [
            equal(params(nn.Conv2d(CI, 2 * CI, KS, padding=1, groups=CI)), KS**2 * 2 * CI + CI),
            equal(KS**2 * 2 * CI + CI, 1152 + 64),
            equal(1152 + 64, 1216),
        ],
        "Con `dilation=2` nella depthwise": [
            equal(params(nn.Conv2d(CI, CI, KS, padding=2, dilation=2, groups=CI)), 25 * CI + CI),
            equal(25 * CI + CI, 1664),
        ],
        "In Keras `SeparableConv2D(128, 3": [equal(_keras_separable(CI, CO, KS), 8960)],
    },
)


# --- forum_convtranspose2d_output_size_off_by_one.md (English forum thread): PyTorch's
# Conv2d / ConvTranspose2d output sides; a = output_padding; d = dilation.

FORUM = "forum_convtranspose2d_output_size_off_by_one"

# output_padding must be smaller than max(stride, dilation)
_T_GRID = [
    (h, k, s, p, a, d)
    for h in (3, 5, 8)
    for k in (2, 3, 5)
    for s in (1, 2, 3)
    for p in (0, 1)
    for d in (1, 2)
    for a in range(max(s, d))
]
_T_GRID_D1 = [(h, k, s, p, a) for h, k, s, p, a, d in _T_GRID if d == 1]
# (H, k, s, p) with a conv output of at least 1
_ROUND = [
    (h, k, s, p)
    for h in (5, 6, 7, 8, 27, 28)
    for k in (2, 3, 4, 5)
    for s in (1, 2, 3)
    for p in (0, 1, 2)
    if h + 2 * p >= k and p < k
]
_SIDES = (3, 7, 14, 20)


def _roundtrip(h: int, k: int, s: int, p: int) -> bool:
    """The conv's output side H', then the transposed conv with a = (H + 2p - k) mod s."""
    a = (h + 2 * p - k) % s
    return tconv_out(conv_out(h, k, s, p), k, s, p, a) == h


def _sides(check: Callable[[int], bool]) -> Truth:
    return lambda: [bool(check(h)) for h in _SIDES]


FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "My encoder downsamples MNIST": [
            lambda: [conv_out(28, 3, 2, 1) == 14, (28 + 2 - 3) // 2 + 1 == 14],
            lambda: [tconv_out(14, 3, 2, 1) == 27, (14 - 1) * 2 - 2 + 3 == 27],
        ],
        "$$H_{out} = (H_{in} - 1) \\cdot s": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
                ),
                _T_GRID,
            )
        ],
        "Your encoder sends 27 to": [
            lambda: [conv_out(27, 3, 2, 1) == 14, (27 + 2 - 3) // 2 + 1 == 14]
        ],
        "$$H_{out} = (14 - 1)": [
            equal(tconv_out(14, 3, 2, 1, 1), (14 - 1) * 2 - 2 + 2 + 1 + 1),
            equal((14 - 1) * 2 - 2 + 2 + 1 + 1, 28),
        ],
        "In general, with $H'": [None, None, grid(_roundtrip, _ROUND)],
        "Without dilation the formula": [
            grid(
                lambda h, k, s, p, a: tconv_out(h, k, s, p, a) == s * (h - 1) + k - 2 * p + a,
                _T_GRID_D1,
            )
        ],
        "(DCGAN) doubles exactly": [_sides(lambda h: tconv_out(h, 4, 2, 1) == 2 * h)],
        "`kernel_size=2, stride=2` also doubles": [_sides(lambda h: tconv_out(h, 2, 2) == 2 * h)],
        "`kernel_size=5, stride=2, padding=2` doubles": [
            _sides(lambda h: tconv_out(h, 5, 2, 2) == 2 * h)
        ],
        "keeps the size": [_sides(lambda h: tconv_out(h, 3, 1, 1) == h)],
        "`kernel_size=3, stride=3` triples": [_sides(lambda h: tconv_out(h, 3, 3) == 3 * h)],
        "`kernel_size=3, stride=2`, no padding": [
            _sides(lambda h: tconv_out(h, 3, 2) == 2 * h + 1)
        ],
        "`kernel_size=4, stride=2`, no padding": [
            _sides(lambda h: tconv_out(h, 4, 2) == 2 * h + 1)
        ],
        "`kernel_size=3, dilation=2`": [
            _sides(lambda h: tconv_out(h, 3, d=2) == h + 3 - 1),
            _sides(lambda h: h + 3 - 1 == h + 2),
        ],
        "Your layer one level deeper": [
            equal(tconv_out(7, 3, 2, 1, 1), (7 - 1) * 2 - 2 + 3 + 1),
            equal((7 - 1) * 2 - 2 + 3 + 1, 14),
        ],
        "`output_padding` works like `padding`": [
            None,
            equal(tconv_out(14, 3, 2, 1, 1), 27 + 2 * 1),
            equal(27 + 2 * 1, 29),
            grid(
                lambda h, k, s, p, a: tconv_out(h, k, s, p) == (h - 1) * s + k + 2 * p,
                [t for t in _T_GRID_D1 if t[3] > 0 and t[4] == 0],
            ),
        ],
        "in my U-Net the up-blocks": [
            equal(tconv_out(14, 4, 2, 1, 1), (14 - 1) * 2 - 2 + 4 + 1),
            equal((14 - 1) * 2 - 2 + 4 + 1, 28),
        ],
        "`output_padding=1` fixed it": [
            equal(params(nn.ConvTranspose2d(64, 32, 3)), 64 * 32 * 9 + 32),
            equal(64 * 32 * 9 + 32, 18464),
        ],
        "belongs to the input channels": [
            equal(params(nn.ConvTranspose2d(64, 32, 3)), 64 * 32 * 9 + 64),
            equal(64 * 32 * 9 + 64, 18496),
        ],
    },
)


# --- relazione_lab_gradiente_bias_batch.md (Italian lab report): nn.Conv2d(3, 4, 3) on N = 8
# images 3 x 10 x 10 (1-based in the note; the sums below run over whole axes); section 3 is
# one filter, N = 2, a 2 x 2 output (a 3 x 3 input and a 2 x 2 kernel give it).

LAB = "relazione_lab_gradiente_bias_batch"
NB, CB, FB, HB = 8, 3, 4, 10
G1 = np.array([[1, -2], [0, 3]], float)
G2 = np.array([[2, 1], [-1, 0]], float)


def _bias_grad(x: np.ndarray, w: np.ndarray, b: np.ndarray, loss: Callable) -> np.ndarray:
    """dL/db of nn.Conv2d's forward for a loss of the output Y."""
    bt = t64(b, True)
    loss(F.conv2d(t64(x), t64(w), bt)).backward()
    return bt.grad.numpy()


def _layer(r: np.random.Generator, n: int = NB) -> tuple[np.ndarray, ...]:
    return r.normal(size=(n, CB, HB, HB)), r.normal(size=(FB, CB, 3, 3)), r.normal(size=FB)


def _sum_rule(r: np.random.Generator) -> bool:
    x, w, b = _layer(r)
    g = t64(r.normal(size=(NB, FB, 8, 8)))
    return same(_bias_grad(x, w, b, lambda y: (y * g).sum()), g.numpy().sum(axis=(0, 2, 3)))


def _all_channels(r: np.random.Generator) -> bool:
    x, w, b = _layer(r)
    g = t64(r.normal(size=(NB, FB, 8, 8)))
    return same(_bias_grad(x, w, b, lambda y: (y * g).sum()), np.full(FB, g.numpy().sum()))


def _example(mean: bool) -> np.ndarray:
    """One filter, N = 2, the written G's as dl_n/dY^(n); L their sum or their mean."""
    r = np.random.default_rng(6240)
    x, w = r.normal(size=(2, 1, 3, 3)), r.normal(size=(1, 1, 2, 2))
    g = t64(np.stack([G1, G2])[:, None])
    return _bias_grad(x, w, np.zeros(1), lambda y: (y * g).sum() / (2 if mean else 1))


def _mean_rule(r: np.random.Generator) -> bool:
    x, w, b = _layer(r)
    g = r.normal(size=(NB, FB, 8, 8))
    got = _bias_grad(x, w, b, lambda y: (y * t64(g)).sum(dim=(1, 2, 3)).mean())
    return same(got, g.sum(axis=(0, 2, 3)) / NB)


def _mse(r: np.random.Generator, per: int) -> bool:
    """nn.MSELoss() (mean over all N F H W elements) against 2 / per * sum_nij (Y - T)."""
    x, w, b = _layer(r)
    t = r.normal(size=(NB, FB, 8, 8))
    got = _bias_grad(x, w, b, lambda y: nn.MSELoss()(y, t64(t)))
    y = F.conv2d(t64(x), t64(w), t64(b)).numpy()
    return same(got, 2 / per * (y - t).sum(axis=(0, 2, 3)))


def _mse_sum(r: np.random.Generator) -> bool:
    """nn.MSELoss(reduction='sum') against sum_nij (Y - T) without the factor 2."""
    x, w, b = _layer(r)
    t = r.normal(size=(NB, FB, 8, 8))
    got = _bias_grad(x, w, b, lambda y: nn.MSELoss(reduction="sum")(y, t64(t)))
    y = F.conv2d(t64(x), t64(w), t64(b)).numpy()
    return same(got, (y - t).sum(axis=(0, 2, 3)))


def _accumulate(r: np.random.Generator, scale: float) -> bool:
    """4 micro-batches of 2, each loss the mean of l_n = |Y_n - T_n|^2 / 2 over its images,
    against the mean over the 8 images; the accumulated gradient times ``scale``."""
    x, w, b = _layer(r)
    t = t64(r.normal(size=(NB, FB, 8, 8)))

    def loss(y: torch.Tensor, tt: torch.Tensor) -> torch.Tensor:
        return (0.5 * (y - tt) ** 2).sum(dim=(1, 2, 3)).mean()

    whole = _bias_grad(x, w, b, lambda y: loss(y, t))
    parts = sum(
        _bias_grad(x[2 * m : 2 * m + 2], w, b, lambda y, m=m: loss(y, t[2 * m : 2 * m + 2]))
        for m in range(4)
    )
    return same(scale * parts, whole)


def _twice(r: np.random.Generator) -> bool:
    x, w, b = _layer(r)
    g = t64(r.normal(size=(NB, FB, 8, 8)))
    bt = t64(b, True)
    loss = (F.conv2d(t64(x), t64(w), bt) * g).sum()
    loss.backward(retain_graph=True)
    once = bt.grad.clone().numpy()
    loss.backward()
    return same(bt.grad.numpy(), 2 * once)


def _batchnorm(r: np.random.Generator, train: bool) -> bool:
    """Conv2d -> BatchNorm2d(4), a random linear loss of the normalised output: db = 0?"""
    x = t64(r.normal(size=(NB, CB, HB, HB)))
    conv, bn = nn.Conv2d(CB, FB, 3).double(), nn.BatchNorm2d(FB).double()
    bn.train(train)
    g = t64(r.normal(size=(NB, FB, 8, 8)))
    (bn(conv(x)) * g).sum().backward()
    return same(conv.bias.grad.numpy(), np.zeros(FB))


LAB_CLAIMS = claims_of(
    LAB,
    {
        "Vogliamo capire da dove": [
            None,
            equal(conv_out(HB, 3), 10 - 3 + 1),
            equal(10 - 3 + 1, 8),
        ],
        "\\sum_{j=1}^{8} G_{n,f,i,j}$$": [trials(_sum_rule, 6241)],
        "e ogni componente raccoglie": [
            equal(NB * conv_out(HB, 3) ** 2, 8 * 8 * 8),
            equal(8 * 8 * 8, 512),
        ],
        "Un compagno di un altro gruppo": [trials(_all_channels, 6242)],
        "Allora $\\frac{\\partial L}{\\partial b}": [
            lambda: [same(_example(False), [(1 - 2 + 0 + 3) + (2 + 1 - 1 + 0)])],
            equal((1 - 2 + 0 + 3) + (2 + 1 - 1 + 0), 2 + 2),
            equal(2 + 2, 4),
        ],
        "Se la loss è la media sul batch": [
            None,
            trials(_mean_rule, 6243),
            lambda: [same(_example(True), [4 / 2])],
            equal(4 / 2, 2),
        ],
        "$$\\frac{\\partial L}{\\partial b_f} = \\frac{2}{N F H_{out} W_{out}}": [
            trials(lambda r: _mse(r, NB * FB * 8 * 8), 6244)
        ],
        "Nella prima versione del notebook": [trials(lambda r: _mse(r, NB), 6245)],
        "invece ogni fattore sparisce": [trials(_mse_sum, 6251)],
        "Per simulare il batch da 8": [trials(lambda r: _accumulate(r, 1.0), 6246)],
        "Il professore ci ha fatto notare": [trials(lambda r: _accumulate(r, 0.25), 6247)],
        "due volte sulla stessa loss": [trials(_twice, 6248)],
        "Con una `BatchNorm2d(4)`": [
            trials(lambda r: _batchnorm(r, True), 6249),
            trials(lambda r: _batchnorm(r, False), 6250),
        ],
        "Cambia solo il numero di termini": [
            equal(conv_out(HB, 3, 2, 1), (10 + 2 - 3) // 2 + 1),
            equal((10 + 2 - 3) // 2 + 1, 5),
            equal(NB * conv_out(HB, 3, 2, 1) ** 2, 8 * 25),
            equal(8 * 25, 200),
            equal(NB * conv_out(HB, 3, 1, 1) ** 2, 8 * (HB + 2) ** 2),
            equal(8 * 144, 1152),
        ],
    },
)


# --- code_review_keras_depthwise_block_counts.md (English code review): a Keras model on
# 96 x 96 x 3, emulated layer by layer in torch ("same" with stride 2 on an even side and k = 3
# has the output side and the MACs of padding 1).

REVIEW = "code_review_keras_depthwise_block_counts"
STEM = nn.Conv2d(3, 16, 3, stride=2, padding=1)
DW1 = nn.Conv2d(16, 16, 3, padding=1, groups=16, bias=False)
PW1 = nn.Conv2d(16, 32, 1, bias=False)
DW2 = nn.Conv2d(32, 32, 3, stride=2, padding=1, groups=32, bias=False)
PW2 = nn.Conv2d(32, 64, 1, bias=False)
BNS = [nn.BatchNorm2d(c) for c in (16, 32, 32, 64)]


def keras_bn(bn: nn.BatchNorm2d) -> int:
    """Keras' Param # of BatchNormalization: gamma, beta, moving mean, moving variance."""
    return params(bn) + bn.running_mean.numel() + bn.running_var.numel()


P_TOTAL = sum(params(m) for m in (STEM, DW1, PW1, DW2, PW2)) + sum(keras_bn(b) for b in BNS)
P_NT = sum(b.running_mean.numel() + b.running_var.numel() for b in BNS)

REVIEW_CLAIMS = claims_of(
    REVIEW,
    {
        "- Stem: output side": [
            lambda: [conv_out(96, 3, 2, 1) == 48, -(-96 // 2) == 48],
            equal(params(STEM), 3 * 3 * 3 * 16 + 16),
            equal(3 * 3 * 3 * 16 + 16, 448),
        ],
        "- Block 1 depthwise (no bias)": [
            equal(params(DW1), 3 * 3 * 16),
            equal(3 * 3 * 16, 144),
            equal(keras_bn(BNS[0]), 2 * 16),
            equal(2 * 16, 32),
        ],
        "- Block 1 pointwise": [
            equal(params(PW1), 16 * 32 + 32),
            equal(16 * 32 + 32, 544),
            equal(144 + 32 + 544 + 64, 784),
        ],
        "- Block 2 depthwise": [
            equal(params(DW2), 3 * 3 * 32 + 32),
            equal(3 * 3 * 32 + 32, 320),
            equal(params(PW2), 32 * 64),
            equal(32 * 64, 2048),
            equal(320 + 64 + 2048 + 128, 2560),
        ],
        "- Total: $P": [
            equal(P_TOTAL, 448 + 784 + 2560),
            equal(448 + 784 + 2560, 3792),
            equal(P_NT, 16 + 32 + 32 + 64),
            equal(16 + 32 + 32 + 64, 144),
            equal(P_TOTAL - P_NT, 3792 - 144),
            equal(3792 - 144, 3648),
        ],
        "- Stem: $M_{stem}": [
            equal(macs(STEM, 3, 96), 96**2 * 27 * 16),
            equal(96**2 * 27 * 16, 3981312),
        ],
        "- Block 1: $M_{dw}": [
            equal(macs(DW1, 16, 48), 48**2 * 9 * 16),
            equal(48**2 * 9 * 16, 331776),
            equal(macs(PW1, 16, 48), 48**2 * 16 * 32),
            equal(48**2 * 16 * 32, 1179648),
        ],
        "- Block 2: $M_{dw}": [
            equal(macs(DW2, 32, 48), 48**2 * 9 * 32),
            equal(48**2 * 9 * 32, 663552),
            equal(macs(PW2, 32, 24), 24**2 * 32 * 64),
            equal(24**2 * 32 * 64, 1179648),
        ],
        "so block 2's depthwise is": [
            equal(params(DW2), 3 * 3 * 32),
            equal(3 * 3 * 32, 288),
        ],
        "`model.summary()` counts the moving mean": [
            equal(keras_bn(BNS[0]), 4 * 16),
            equal(4 * 16, 64),
            equal(P_NT, 2 * (16 + 32 + 32 + 64)),
            equal(2 * (16 + 32 + 32 + 64), 288),
        ],
        "Nice that the two pointwise": [equal(48**2 * 16 * 32, 24**2 * 32 * 64)],
        "For comparison, a plain": [
            equal(macs(nn.Conv2d(32, 64, 3, stride=2, padding=1), 32, 48), 24**2 * 9 * 32 * 64),
            equal(24**2 * 9 * 32 * 64, 10616832),
        ],
        "Nit: a `SeparableConv2D": [
            equal(_keras_separable(32, 64, 3, bias=False), 9 * 32 + 32 * 64),
            equal(9 * 32 + 32 * 64, 2336),
        ],
        "When we export for the MCU": [
            equal(params(nn.Conv2d(32, 64, 1)), 32 * 64 + 64),
            equal(32 * 64 + 64, 2112),
        ],
    },
)

NOTES_B = {**SEP_CLAIMS, **FORUM_CLAIMS, **LAB_CLAIMS, **REVIEW_CLAIMS}
