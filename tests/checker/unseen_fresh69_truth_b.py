"""Independent truth for the fresh69 unseen set, second part: fusklapp_padding_same_valid_keras,
labbrapport_grupperad_faltning, blog_strided_dilated_grads_are_convs and
code_review_mobilenet_block (see unseen_fresh69_truth.py for the conventions: NumPy / torch
autograd in float64, no symconv; one bool per trial or per size; a link between two written
numbers is arithmetic, a quantity named on the left must equal the true one).

TensorFlow / Keras are not installed: their 'same' padding is the documented rule (tf.nn.convolution
and the TF padding guide), ceil(n / s) outputs and a total padding of max((n_out - 1) s + k - n, 0)
split with total // 2 at the top / left and the rest at the bottom / right (tf_same_pads), applied
with F.pad before a valid torch conv2d.  Keras Conv2D / Dense / DepthwiseConv2D hold the same
parameters as torch's Conv2d / Linear / grouped Conv2d with a bias per output channel.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh69_truth import grads1, random_case
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
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
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh69"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def tf_same_pads(n: int, k: int, s: int, d: int = 1) -> tuple[int, int]:
    """TensorFlow's documented 'same' padding (top/left, bottom/right)."""
    out = -(-n // s)
    total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
    return total // 2, total - total // 2


def tf_same_conv(x: torch.Tensor, w: torch.Tensor, s: int, groups: int = 1) -> torch.Tensor:
    top, bottom = tf_same_pads(x.shape[-1], w.shape[-1], s)
    return F.conv2d(F.pad(x, (top, bottom, top, bottom)), w, stride=s, groups=groups)


def tf_same_side(n: int, k: int, s: int) -> int:
    return int(
        tf_same_conv(
            torch.zeros(1, 1, n, n, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64), s
        ).shape[-1]
    )


# --- fusklapp_padding_same_valid_keras.md (Swedish cheat sheet): square inputs, one channel where
# a formula is written for one.

FK = "fusklapp_padding_same_valid_keras"
VALID_GRID = [(n, k, s) for n in (5, 7, 8, 28) for k in (1, 2, 3, 5) for s in (1, 2, 3)]
SAME_GRID = [(n, k, s) for n in (5, 7, 8, 28) for k in (1, 2, 3, 4, 5) for s in (1, 2, 3)]
# sizes whose 'same' total padding is odd (the only place a rounding rule for the halves matters)
ODD_GRID = [(n, k, s) for n, k, s in SAME_GRID if sum(tf_same_pads(n, k, s)) % 2]


def _torch_same_left(k: int, left: int, n: int = 9) -> bool:
    """torch padding='same' (stride 1) equals a valid conv after padding `left` before and the
    rest of k - 1 after, on random inputs."""
    r = np.random.default_rng(6960 + k)
    x, w = t64(r.normal(size=(1, 1, n, n))), t64(r.normal(size=(1, 1, k, k)))
    right = k - 1 - left
    with warnings.catch_warnings():  # torch warns that an even k needs a padded copy: expected
        warnings.simplefilter("ignore", UserWarning)
        lhs = F.conv2d(x, w, padding="same").numpy()
    return same(lhs, F.conv2d(F.pad(x, (left, right, left, right)), w).numpy())


def _tf_vs_torch_pad1(n: int) -> bool:
    r = np.random.default_rng(6961 + n)
    x, w = t64(r.normal(size=(1, 1, n, n))), t64(r.normal(size=(1, 1, 3, 3)))
    return same(tf_same_conv(x, w, 2).numpy(), F.conv2d(x, w, stride=2, padding=1).numpy())


def _tf_s2_case(r: np.random.Generator) -> dict:
    """TF 'same', n = 8, k = 3, s = 2: forward through the asymmetric pad, autograd."""
    x, w = r.normal(size=(8, 8)), r.normal(size=(3, 3))
    xt, wt = t64(x, True), t64(w, True)
    y = tf_same_conv(xt[None, None], wt[None, None], 2)[0, 0]
    g = r.normal(size=y.shape)
    (y * t64(g)).sum().backward()
    return {"x": x, "w": w, "g": g, "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}


def _same1(rel: Callable[[dict, int], bool], seed: int) -> Truth:
    """Stride-1 'same' (symmetric (k-1)/2) at k = 3 and k = 5 on every trial."""
    return trials(
        lambda r: all(rel(random_case(r, 7, k, padding=(k - 1) // 2), k) for k in (3, 5)), seed
    )


def _valid1(rel: Callable[[dict, int], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(random_case(r, 7, k), k) for k in (2, 3)), seed)


def _dense(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(4, 5)), r.normal(size=(5, 3)), r.normal(size=3)
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    delta = r.normal(size=(4, 3))
    ((xt @ wt + bt) * t64(delta)).sum().backward()
    return {
        "x": x,
        "w": w,
        "delta": delta,
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _bias_sum(r: np.random.Generator) -> bool:
    x, w, b = r.normal(size=(1, 1, 7, 7)), r.normal(size=(1, 1, 3, 3)), r.normal(size=1)
    bt = t64(b, True)
    for padding in (0, 1):
        g = r.normal(size=(1, 1, 7 - 2 + 2 * padding, 7 - 2 + 2 * padding))
        bt.grad = None
        (F.conv2d(t64(x), t64(w), bt, padding=padding) * t64(g)).sum().backward()
        if not math.isclose(bt.grad.item(), g.sum(), rel_tol=1e-9):
            return False
    return True


FK_M42 = flops_half(
    lambda: tf_same_conv(
        torch.zeros(1, 16, 28, 28, dtype=F64), torch.zeros(32, 16, 3, 3, dtype=F64), 2
    )
)
FK_M43 = flops_half(
    lambda: tf_same_conv(
        torch.zeros(1, 16, 28, 28, dtype=F64), torch.zeros(16, 1, 3, 3, dtype=F64), 1, groups=16
    )
)

FK_CLAIMS = claims_of(
    FK,
    {
        "(ingen utfyllnad): $n_{ut}": [
            grid(lambda n, k, s: conv_out(n, k, s) == (n - k) // s + 1, VALID_GRID),
            grid(lambda n, k, s: (n - k) // s + 1 == math.ceil((n - k + 1) / s), VALID_GRID),
        ],
        "helt oberoende av $k$": [
            grid(lambda n, k, s: tf_same_side(n, k, s) == math.ceil(n / s), SAME_GRID)
        ],
        "Total utfyllnad för": [
            grid(
                lambda n, k, s: (
                    sum(tf_same_pads(n, k, s)) == max((tf_same_side(n, k, s) - 1) * s + k - n, 0)
                ),
                SAME_GRID,
            ),
            grid(
                lambda n, k, s: (
                    tf_same_pads(n, k, s)[0] == math.ceil(sum(tf_same_pads(n, k, s)) / 2)
                ),
                ODD_GRID,
            ),
            grid(
                lambda n, k, s: (
                    tf_same_pads(n, k, s)[1]
                    == sum(tf_same_pads(n, k, s)) - tf_same_pads(n, k, s)[0]
                ),
                SAME_GRID,
            ),
        ],
        "## Exempel med $k = 3$": [None],
        "1. $n = 7$": [
            None,
            None,
            equal(tf_same_side(7, 3, 2), math.ceil(7 / 2)),
            equal(math.ceil(7 / 2), 4),
            equal(sum(tf_same_pads(7, 3, 2)), 3 * 2 + 3 - 7),
            equal(3 * 2 + 3 - 7, 2),
        ],
        "2. $n = 8$": [
            None,
            None,
            equal(tf_same_side(8, 3, 2), 4),
            equal(sum(tf_same_pads(8, 3, 2)), 3 * 2 + 3 - 8),
            equal(3 * 2 + 3 - 8, 1),
            equal(tf_same_pads(8, 3, 2)[0], 1),
            equal(tf_same_pads(8, 3, 2)[1], 0),
        ],
        "3. $n = 7$, $s = 3$": [
            None,
            None,
            equal(tf_same_side(7, 3, 3), math.ceil(7 / 3)),
            equal(math.ceil(7 / 3), 2),
        ],
        "4. `MaxPooling2D": [
            equal(
                F.max_pool2d(torch.zeros(1, 1, 8, 8), 3, 2).shape[-1], math.ceil((8 - 3) / 2) + 1
            ),
            equal(math.ceil((8 - 3) / 2) + 1, 4),
        ],
        "finns bara för steg 1": [
            grid(lambda k: _torch_same_left(k, (k - 1) // 2), [(3,), (5,), (7,)]),
            None,
            single(lambda: _torch_same_left(4, 2)),
            single(lambda: _torch_same_left(4, 4 - 1 - 1)),
            None,
            grid(_tf_vs_torch_pad1, [(8,), (16,)]),
        ],
        "## Bakåt, steg 1": [None],
        "- `'valid'`: $\\frac{\\partial L}{\\partial X}": [
            _valid1(lambda v, k: same(v["dx"], corr(pad(v["g"], k), rot180(v["w"]))), 6962),
            _valid1(lambda v, k: same(v["dw"], corr(v["x"], v["g"])), 6963),
        ],
        "- `'same'`, udda $k$": [
            _same1(
                lambda v, k: same(v["dx"], corr(pad(v["g"], (k - 1) // 2), rot180(v["w"]))), 6964
            ),
            _same1(
                lambda v, k: same(v["dw"], corr(pad(v["x"], (k - 1) // 2), rot180(v["g"]))), 6965
            ),
        ],
        "- Bias i båda fallen": [trials(_bias_sum, 6966)],
        "## Bakåt, steg 2": [None, None],
        "Här är $n_{ut} = 4$": [
            equal(tf_same_side(8, 3, 2), 4),
            trials(
                lambda r: (
                    lambda v: same(
                        v["dw"], corr(np.pad(v["x"], ((0, 1), (0, 1))), dilate(v["g"], 2))
                    )
                )(_tf_s2_case(r)),
                6967,
            ),
            trials(
                lambda r: (
                    lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 1), rot180(v["w"])))
                )(_tf_s2_case(r)),
                6968,
            ),
        ],
        "Keras `Dense` räknar": [None, None],
        "$$\\frac{\\partial L}{\\partial W} = X^\\top \\Delta": [
            trials(lambda r: (lambda v: same(v["dw"], v["x"].T @ v["delta"]))(_dense(r)), 6969),
            trials(lambda r: (lambda v: same(v["db"], v["delta"].T @ np.ones(4)))(_dense(r)), 6970),
            trials(lambda r: (lambda v: same(v["dx"], v["delta"] @ v["w"]))(_dense(r)), 6971),
        ],
        "- `Conv2D(32, 3, padding='same')`": [
            equal(params(nn.Conv2d(16, 32, 3, padding="same")), 3 * 3 * 16 * 32 + 16),
            equal(3 * 3 * 16 * 32 + 16, 4624),
        ],
        "- `Dense(10)` efter": [
            equal(params(nn.Linear(7 * 7 * 32, 10)), 7 * 7 * 32 * 10),
            equal(7 * 7 * 32 * 10, 15680),
        ],
        "- `Conv2D(32, 3, strides=2": [
            equal(tf_same_side(28, 3, 2), 14),
            equal(FK_M42, 14**2 * 9 * 16 * 32),
            equal(14**2 * 9 * 16 * 32, 903168),
        ],
        "- `DepthwiseConv2D(3": [
            equal(params(nn.Conv2d(16, 16, 3, padding=1, groups=16)), 3 * 3 * 16 + 16),
            equal(3 * 3 * 16 + 16, 160),
            equal(FK_M43, 28**2 * 9 * 16 * 16),
            equal(28**2 * 9 * 16 * 16, 1806336),
        ],
    },
)


# --- labbrapport_grupperad_faltning.md (Swedish lab report): nn.Conv2d(8, 16, 3, padding=1,
# groups=4)
# -> ReLU -> MaxPool2d(2) -> Flatten -> Linear(576, 10) on (4, 8, 12, 12); 1-based channels in the
# note (filter o reads K(o); here 0-based o - 1).

LB = "labbrapport_grupperad_faltning"


def _lab_net(seed: int) -> tuple[nn.Module, nn.Module]:
    torch.manual_seed(seed)
    return nn.Conv2d(8, 16, 3, padding=1, groups=4).double(), nn.Linear(576, 10).double()


def _lab_run(seed: int, reduction: str = "sum") -> dict:
    """Forward and backward of the lab's net on a random batch; dL/dY of the conv, the pool's
    selected positions and dL/d(pool input)."""
    conv, fc = _lab_net(seed)
    x = t64(np.random.default_rng(seed).normal(size=(4, 8, 12, 12)))
    y = conv(x)
    y.retain_grad()
    a = torch.relu(y)
    a.retain_grad()
    p, idx = F.max_pool2d(a, 2, return_indices=True)
    out = fc(p.flatten(1))
    (out.sum() if reduction == "sum" else out.mean()).backward()
    return {
        "db": conv.bias.grad.numpy(),
        "dw": conv.weight.grad.numpy(),
        "G": y.grad.numpy(),
        "dA": a.grad.numpy(),
        "idx": idx.numpy(),
    }


def _lab_reads(o: int) -> set[int]:
    """1-based input channels that move filter o (1-based), autograd support."""
    conv, _ = _lab_net(6980)
    x = t64(np.random.default_rng(6981).normal(size=(1, 8, 6, 6)), True)
    conv(x)[0, o - 1].sum().backward()
    return {c + 1 for c in range(8) if np.any(x.grad.numpy()[0, c] != 0)}


def _lab_grouped(r: np.random.Generator, stride: int = 1) -> dict:
    x, w, b = r.normal(size=(4, 8, 12, 12)), r.normal(size=(16, 2, 3, 3)), r.normal(size=16)
    xt, wt = t64(x, True), t64(w, True)
    y = F.conv2d(xt, wt, t64(b), stride=stride, padding=1, groups=4)
    g = r.normal(size=y.shape)
    (y * t64(g)).sum().backward()
    return {
        "x": x,
        "w": w,
        "b": b,
        "g": g,
        "y": y.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
    }


def _gam(o: int) -> int:
    return math.ceil(o / 4)


def _slice(w: np.ndarray, o: int, j: int) -> np.ndarray:
    """W_{o,j} with 1-based o and j, strict: j outside 1..2 names no slice."""
    if not 1 <= j <= w.shape[1]:
        raise IndexError(j)
    return w[o - 1, j - 1]


def _lab_dx(v: dict, s: int, off: int = 2) -> bool:
    """dL/dX_c (1-based c) = sum over the group's filters of (pad_1 G_o or pad_1 dil_s G_o) star
    rot180(W_{o, c - 2 gamma(o) + off})."""
    rhs = [
        [
            sum(
                corr(
                    pad(dilate(v["g"][n, o - 1], s), 1),
                    rot180(_slice(v["w"], o, c - 2 * _gam(o) + off)),
                )
                for o in range(1, 17)
                if _gam(o) == math.ceil(c / 2)
            )
            for c in range(1, 9)
        ]
        for n in range(4)
    ]
    return same(v["dx"], rhs)


def _lab_dw(v: dict, s: int, factor: float) -> bool:
    rhs = [
        [
            factor
            * sum(
                corr(pad(v["x"][n, 2 * _gam(o) - 2 + j - 1], 1), dilate(v["g"][n, o - 1], s))
                for n in range(4)
            )
            for j in (1, 2)
        ]
        for o in range(1, 17)
    ]
    return same(v["dw"], rhs)


def _avgpool_half(r: np.random.Generator) -> bool:
    a = t64(r.normal(size=(1, 1, 6, 6)), True)
    g = r.normal(size=(3, 3))
    (F.avg_pool2d(a, 2)[0, 0] * t64(g)).sum().backward()
    rhs = [
        [0.5 * g[math.ceil(p / 2) - 1, math.ceil(q / 2) - 1] for q in range(1, 7)]
        for p in range(1, 7)
    ]
    return same(a.grad.numpy()[0, 0], rhs)


def _lab_selected_sum(seed: int) -> bool:
    v = _lab_run(seed)
    g = v["G"].reshape(4, 16, -1)
    idx = v["idx"].reshape(4, 16, -1)
    picked = np.array([[g[n, o, idx[n, o]].sum() for o in range(16)] for n in range(4)]).sum(axis=0)
    return same(v["db"], picked)


def _lab_dense_weights() -> int:
    return nn.Conv2d(8, 16, 3, padding=1).weight.numel()


LB_P = sum(params(m) for m in _lab_net(0))
LB_M = flops_half(
    lambda: F.conv2d(
        torch.zeros(1, 8, 12, 12, dtype=F64),
        torch.zeros(16, 2, 3, 3, dtype=F64),
        padding=1,
        groups=4,
    )
)
LB_MD = flops_half(
    lambda: F.conv2d(
        torch.zeros(1, 8, 12, 12, dtype=F64), torch.zeros(16, 8, 3, 3, dtype=F64), padding=1
    )
)

LB_CLAIMS = claims_of(
    LB,
    {
        "Vi undersöker `nn.Conv2d(8, 16": [None, None],
        "**Former.**": [
            equal(_lab_net(0)[0].weight.shape[1], 8 / 4),
            equal(8 / 4, 2),
            equal(sum(_lab_reads(o) == _lab_reads(1) for o in range(1, 17)), 16 / 4),
            equal(16 / 4, 4),
            equal(conv_out(12, 3, 1, 1), 12 + 2 - 3 + 1),
            equal(12 + 2 - 3 + 1, 12),
            equal(_lab_net(0)[1].in_features, 16 * 6 * 6),
        ],
        "**Vilka kanaler?**": [
            lambda: [_lab_reads(o) == {2 * _gam(o) - 1, 2 * _gam(o)} for o in range(1, 17)],
            single(lambda: _lab_reads(4) == {1, 2}),
            single(lambda: _lab_reads(7) == {3, 4}),
            single(lambda: _lab_reads(13) == {5, 6}),
        ],
        "**Parametrar.**": [
            equal(params(_lab_net(0)[0]), 16 * 2 * 3 * 3 + 16),
            equal(16 * 2 * 3 * 3 + 16, 304),
            equal(params(_lab_net(0)[1]), 576 * 10 + 10),
            equal(576 * 10 + 10, 5770),
            equal(LB_P, 304 + 5770),
            equal(304 + 5770, 6074),
            single(lambda: math.isclose(304 / 6074, 0.005, rel_tol=0.05)),
            equal(params(nn.Conv2d(8, 16, 3, padding=1)), 16 * 8 * 9 + 16),
            equal(_lab_dense_weights() / _lab_net(0)[0].weight.numel(), 4),
            equal(4, _lab_net(0)[0].groups),
        ],
        "**Multiplikationer.**": [
            equal(LB_M, 12**2 * 16 * 2 * 9),
            equal(12**2 * 16 * 2 * 9, 41472),
            equal(4 * LB_M, 4 * 41472),
            equal(4 * 41472, 165888),
            equal(LB_MD, 4**2 * LB_M),
            equal(4**2 * 41472, 16 * 41472),
        ],
        "**Framåt och bakåt**": [None],
        "$$Y_o = b_o + \\sum_{j=1}^{2}": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["y"],
                        [
                            [
                                v["b"][o - 1]
                                + sum(
                                    corr(
                                        pad(v["x"][n, 2 * _gam(o) - 2 + j - 1], 1),
                                        v["w"][o - 1, j - 1],
                                    )
                                    for j in (1, 2)
                                )
                                for o in range(1, 17)
                            ]
                            for n in range(4)
                        ],
                    )
                )(_lab_grouped(r)),
                6982,
            )
        ],
        "{\\partial W_{o,j}} = \\frac{1}{4}": [
            trials(lambda r: _lab_dw(_lab_grouped(r), 1, 0.25), 6983)
        ],
        "\\sum_{o \\in \\mathcal{O}(c)} \\operatorname{pad}_1(G_o)": [
            trials(lambda r: _lab_dx(_lab_grouped(r), 1, off=1), 6984)
        ],
        "**Bias.**": [
            grid(
                lambda seed: same(_lab_run(seed)["db"], np.full(16, 4 * 12 * 12)),
                [(6985,), (6986,)],
            ),
            equal(4 * 12 * 12, 4 * 144),
            equal(4 * 144, 576),
        ],
        "Avvikelse:": [
            grid(_lab_selected_sum, [(6985,), (6986,)]),
            grid(lambda seed: bool(np.all(_lab_run(seed)["db"] != 576)), [(6985,), (6986,)]),
            equal(_lab_run(6985)["dw"].size, 16 * 8 * 3 * 3),
            equal(16 * 8 * 3 * 3, 1152),
        ],
        "Med `L = out.mean()`": [
            grid(
                lambda seed: same(_lab_run(seed, "mean")["db"], _lab_run(seed)["db"] / 40),
                [(6985,), (6986,)],
            ),
            trials(_avgpool_half, 6987),
        ],
        "Vi upprepade med": [
            equal(conv_out(12, 3, 2, 1), math.ceil((12 + 2 - 3) / 2) + 1),
            equal(math.ceil((12 + 2 - 3) / 2) + 1, 7),
        ],
        "X_{2\\gamma(o)-2+j}\\big) \\star \\operatorname{dil}_2(G_o)": [
            trials(lambda r: _lab_dw(_lab_grouped(r, 2), 2, 1.0), 6988),
            trials(lambda r: _lab_dx(_lab_grouped(r, 2), 2), 6989),
        ],
    },
)


# --- blog_strided_dilated_grads_are_convs.md (English blog): one channel, 0-based, no padding.

BL = "blog_strided_dilated_grads_are_convs"
LX = np.array([[1.0, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 0], [1, 1, 0, 2]])
LW = np.array([[1.0, -1], [0, 2]])
LG = np.array([[1.0, 2], [-1, 1]])
LV = grads1(LX, LW, LG, stride=2)

# (n, k, s) with s | n - k and (n, k, d) for the dilated sections; (n, k, s, d) for both
BL_STRIDED = [(4, 2, 2), (7, 3, 2), (9, 3, 3), (8, 2, 3)]
BL_DILATED = [(5, 2, 2), (9, 3, 3), (8, 3, 2)]
BL_BOTH = [(9, 3, 2, 2), (10, 2, 3, 3), (11, 3, 2, 3)]


def _bl_strided(rel: Callable[[dict, int, int], bool]) -> Truth:
    def size(n: int, k: int, s: int) -> bool:
        return rel(random_case(np.random.default_rng(6990 + n * 10 + k + s), n, k, stride=s), k, s)

    return grid(size, BL_STRIDED)


def _bl_dilated(rel: Callable[[dict, int, int], bool]) -> Truth:
    def size(n: int, k: int, d: int) -> bool:
        return rel(
            random_case(np.random.default_rng(6991 + n * 10 + k + d), n, k, dilation=d), k, d
        )

    return grid(size, BL_DILATED)


def _sampled(c: np.ndarray, d: int, k: int) -> np.ndarray:
    return c[: d * (k - 1) + 1 : d, : d * (k - 1) + 1 : d]


def _im2col(x: np.ndarray, k: int, s: int) -> np.ndarray:
    m = (x.shape[0] - k) // s + 1
    return np.array(
        [x[s * i : s * i + k, s * j : s * j + k].reshape(-1) for i in range(m) for j in range(m)]
    ).T


def _batch_case(r: np.random.Generator) -> dict:
    x, w = r.normal(size=(3, 1, 7, 7)), r.normal(size=(1, 1, 3, 3))
    xt, wt = t64(x, True), t64(w, True)
    g = r.normal(size=(3, 1, 3, 3))
    (F.conv2d(xt, wt, stride=2) * t64(g)).sum().backward()
    return {
        "x": x[:, 0],
        "w": w[0, 0],
        "g": g[:, 0],
        "dx": xt.grad.numpy()[:, 0],
        "dw": wt.grad.numpy()[0, 0],
    }


def _useful_fraction() -> float:
    """Multiplications of pad_1(dil_2(G)) star rot180(W) that meet an entry of G (all nonzero)."""
    a = pad(dilate(np.ones((2, 2)), 2), 1)
    hits = sum(
        a[p + u, q + v] for p in range(4) for q in range(4) for u in range(2) for v in range(2)
    )
    return hits / (16 * 4)


BL_CLAIMS = claims_of(
    BL,
    {
        "I keep seeing people": [None],
        "With stride $s$ and kernel dilation": [None],
        "$$m = \\left\\lfloor \\frac{n - d(k-1) - 1}{s}": [
            grid(
                lambda n, k, s, d: conv_out(n, k, s, 0, d) == (n - d * (k - 1) - 1) // s + 1,
                [
                    (n, k, s, d)
                    for n in (7, 9, 12)
                    for k in (2, 3)
                    for s in (1, 2, 3)
                    for d in (1, 2)
                ],
            )
        ],
        "For $d = 1$, each": [None],
        "$$\\nabla_X L = \\operatorname{pad}_{k-1}\\big(": [
            _bl_strided(
                lambda v, k, s: same(v["dx"], corr(pad(dilate(v["g"], s), k - 1), rot180(v["w"])))
            ),
            _bl_strided(lambda v, k, s: same(v["dw"], corr(v["x"], dilate(v["g"], s)))),
        ],
        "For $s = 1$ and dilation $d$": [
            None,
            _bl_dilated(
                lambda v, k, d: same(
                    v["dw"],
                    [
                        [
                            sum(
                                v["g"][i, j] * v["x"][i + d * a, j + d * b]
                                for i in range(v["g"].shape[0])
                                for j in range(v["g"].shape[1])
                            )
                            for b in range(k)
                        ]
                        for a in range(k)
                    ],
                )
            ),
            _bl_dilated(lambda v, k, d: same(v["dw"], _sampled(corr(v["x"], v["g"]), d, k))),
            _bl_dilated(
                lambda v, k, d: same(v["dx"], corr(pad(v["g"], d * (k - 1)), dilate(v["w"], d)))
            ),
        ],
        "Take $n = 4$": [None, None, None],
        "$$X = \\begin{bmatrix} 1 & 2 & 0 & 1": [None, None, None],
        "The forward gives": [
            single(lambda: same(LV["y"], [[1, 1], [4, 5]])),
            single(
                lambda: math.isclose(
                    LV["y"][1, 1],
                    LX[2, 2] * LW[0, 0]
                    + LX[2, 3] * LW[0, 1]
                    + LX[3, 2] * LW[1, 0]
                    + LX[3, 3] * LW[1, 1],
                )
            ),
            single(
                lambda: math.isclose(
                    LX[2, 2] * LW[0, 0]
                    + LX[2, 3] * LW[0, 1]
                    + LX[3, 2] * LW[1, 0]
                    + LX[3, 3] * LW[1, 1],
                    1 + 0 + 0 + 4,
                )
            ),
            equal(1 + 0 + 0 + 4, 5),
        ],
        "Weight gradient: $\\operatorname{dil}_2(G)": [
            single(lambda: same(dilate(LG, 2), [[1, 0, 2], [0, 0, 0], [-1, 0, 1]])),
            single(lambda: same(LV["dw"], corr(LX, dilate(LG, 2)))),
            single(lambda: same(corr(LX, dilate(LG, 2)), [[0, 4], [5, 3]])),
            single(
                lambda: math.isclose(
                    LV["dw"][1, 1],
                    LX[1, 1] * LG[0, 0]
                    + LX[1, 3] * LG[0, 1]
                    + LX[3, 1] * LG[1, 0]
                    + LX[3, 3] * LG[1, 1],
                )
            ),
            single(
                lambda: math.isclose(
                    LX[1, 1] * LG[0, 0]
                    + LX[1, 3] * LG[0, 1]
                    + LX[3, 1] * LG[1, 0]
                    + LX[3, 3] * LG[1, 1],
                    1 + 2 - 1 + 2,
                )
            ),
            equal(1 + 2 - 1 + 2, 4),
        ],
        "Input gradient: because $s = k$": [
            None,
            trials(
                lambda r: (lambda v: same(v["dx"], np.kron(v["w"], v["g"])))(
                    random_case(r, 4, 2, stride=2)
                ),
                6992,
            ),
        ],
        "$$\\nabla_X L = \\begin{bmatrix} 1 & -1 & 2": [
            single(
                lambda: same(
                    LV["dx"], [[1, -1, 2, -2], [0, 2, 0, 4], [-1, 1, 1, -1], [0, -2, 0, 2]]
                )
            )
        ],
        "and with a bias": [
            trials(lambda r: _bias_grad_is_sum(r), 6993),
            equal(LG.sum(), 3),
            trials(
                lambda r: (lambda v: math.isclose(v["dx"].sum(), v["g"].sum() * v["w"].sum()))(
                    random_case(r, 4, 2, stride=2)
                ),
                6994,
            ),
            equal(LG.sum() * LW.sum(), 6),
        ],
        "How wasteful is the": [equal(_useful_fraction(), 1 / 2)],
        "Stack the four patches": [
            trials(
                lambda r: (
                    lambda v: same(v["y"].reshape(-1), v["w"].reshape(-1) @ _im2col(v["x"], 2, 2))
                )(random_case(r, 4, 2, stride=2)),
                6995,
            ),
            trials(
                lambda r: (
                    lambda v: same(v["dw"].reshape(-1), _im2col(v["x"], 2, 2) @ v["g"].reshape(-1))
                )(random_case(r, 4, 2, stride=2)),
                6996,
            ),
            trials(lambda r: _col_grad(r, swapped=True), 6997),
            equal(_im2col(np.zeros((4, 4)), 2, 1).size, 2**2 * 16),
            equal(2**2 * 16, 64),
        ],
        "`conv_transpose(G, W, strides=(s, s))`": [
            equal(tconv_out(2, 2, 2), 4),
            trials(
                lambda r: (
                    lambda v: same(
                        v["dx"],
                        F.conv_transpose2d(
                            t64(v["g"])[None, None], t64(v["w"])[None, None], stride=2
                        ).numpy()[0, 0],
                    )
                )(random_case(r, 4, 2, stride=2)),
                6998,
            ),
            grid(
                lambda m, s, k, p: tconv_out(m, k, s, p) == (m - 1) * s + k + 2 * p,
                [(2, 2, 2, 1), (3, 2, 3, 1), (4, 1, 3, 2)],
            ),
        ],
        "For $N$ samples": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["dw"], sum(corr(v["x"][n], dilate(v["g"][n], 2)) for n in range(3))
                    )
                )(_batch_case(r)),
                6999,
            ),
            trials(
                lambda r: (
                    lambda v: same(
                        v["dx"],
                        [sum(corr(pad(dilate(v["g"][q], 2), 2), rot180(v["w"])) for q in range(3))]
                        * 3,
                    )
                )(_batch_case(r)),
                7000,
            ),
        ],
        "- stride $s$:": [
            _bl_strided(
                lambda v, k, s: same(v["dx"], corr(pad(dilate(v["g"], s), k - 1), rot180(v["w"])))
            ),
            _bl_strided(lambda v, k, s: same(v["dw"], corr(dilate(v["x"], s), v["g"]))),
        ],
        "- dilation $d$:": [
            _bl_dilated(
                lambda v, k, d: same(
                    v["dx"], corr(pad(v["g"], d * (k - 1)), rot180(dilate(v["w"], d)))
                )
            ),
            _bl_dilated(lambda v, k, d: same(v["dw"], corr(v["x"], dilate(v["g"], d)))),
        ],
        "- both:": [
            grid(
                lambda n, k, s, d: (
                    lambda v: same(
                        v["dx"],
                        corr(pad(dilate(v["g"], s), d * (k - 1)), rot180(dilate(v["w"], d))),
                    )
                )(
                    random_case(
                        np.random.default_rng(7001 + n + k + s + d), n, k, stride=s, dilation=d
                    )
                ),
                BL_BOTH,
            ),
        ],
        "**tomasz_dev:**": [
            None,
            None,
            None,
            equal(tf_same_side(4, 2, 2), 2),
            equal(tf_same_pads(4, 2, 2)[0], 1),
        ],
        "**ben_h:**": [
            None,
            None,
            None,
            trials(
                lambda r: (lambda v: same(v["dx"], np.kron(v["g"], v["w"])))(
                    random_case(r, 5, 3, stride=2)
                ),
                7002,
            ),
        ],
        "**lee_j:**": [
            equal(tconv_out(2, 2, 2, a=1), (2 - 1) * 2 + 2 + 2),
            equal((2 - 1) * 2 + 2 + 2, 6),
        ],
        "**ana_r:**": [_bl_dilated(lambda v, k, d: same(v["dw"], corr(dilate(v["x"], d), v["g"])))],
    },
)


def _bias_grad_is_sum(r: np.random.Generator) -> bool:
    x, w, b = r.normal(size=(1, 1, 4, 4)), r.normal(size=(1, 1, 2, 2)), r.normal(size=1)
    bt, g = t64(b, True), r.normal(size=(1, 1, 2, 2))
    (F.conv2d(t64(x), t64(w), bt, stride=2) * t64(g)).sum().backward()
    return math.isclose(bt.grad.item(), g.sum(), rel_tol=1e-9)


def _col_grad(r: np.random.Generator, swapped: bool = False) -> bool:
    """Gradient of sum(vec(W)^T X_col * vec(G)^T) with respect to the patch matrix X_col."""
    w, g = r.normal(size=4), r.normal(size=4)
    xc = t64(r.normal(size=(4, 4)), True)
    ((t64(w) @ xc) * t64(g)).sum().backward()
    return same(xc.grad.numpy(), np.outer(g, w) if swapped else np.outer(w, g))


# --- code_review_mobilenet_block.md (English code review): Keras NHWC block on 32 x 32 x 24;
# DepthwiseConv2D(3, strides=2, 'same') is torch's groups=24 conv after TF's (0, 1) padding,
# Conv2D(48, 1) is Z @ P + b per pixel with P of shape (24, 48).

CR = "code_review_mobilenet_block"


def _dw_tf(x: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    return tf_same_conv(x, k, 2, groups=24)


def _cr_depthwise(r: np.random.Generator) -> dict:
    """One image, NCHW: the depthwise conv the TF way and the gradients of sum(U * Delta)."""
    x, k = r.normal(size=(24, 32, 32)), r.normal(size=(24, 3, 3))
    xt, kt = t64(x, True), t64(k, True)
    u = _dw_tf(xt[None], kt[:, None])[0]
    delta = r.normal(size=u.shape)
    (u * t64(delta)).sum().backward()
    return {
        "x": x,
        "k": k,
        "delta": delta,
        "u": u.detach().numpy(),
        "dx": xt.grad.numpy(),
        "dk": kt.grad.numpy(),
    }


def _cr_pointwise(r: np.random.Generator) -> dict:
    z, p = t64(r.normal(size=(16, 16, 24)), True), t64(r.normal(size=(24, 48)), True)
    g = r.normal(size=(16, 16, 48))
    ((z @ p) * t64(g)).sum().backward()
    return {
        "z": z.detach().numpy(),
        "p": p.detach().numpy(),
        "g": g,
        "dz": z.grad.numpy(),
        "dp": p.grad.numpy(),
    }


def _cr_dz(v: dict, transpose: bool) -> bool:
    m = v["p"].T if transpose else v["p"]
    return same(v["dz"], [[m @ v["g"][i, j] for j in range(16)] for i in range(16)])


def _cr_gap(r: np.random.Generator, div: int) -> bool:
    a, g = t64(r.normal(size=(16, 16, 48)), True), r.normal(size=48)
    (a.mean(dim=(0, 1)) * t64(g)).sum().backward()
    return same(a.grad.numpy(), np.broadcast_to(g / div, (16, 16, 48)))


def _cr_bias(r: np.random.Generator) -> bool:
    z, p, b = (
        t64(r.normal(size=(8, 16, 16, 24))),
        t64(r.normal(size=(24, 48))),
        t64(r.normal(size=48), True),
    )
    g = r.normal(size=(8, 16, 16, 48))
    ((z @ p + b) * t64(g)).sum().backward()
    return same(b.grad.numpy(), g.sum(axis=(0, 1, 2)) / 8)


def _cr_relu6(r: np.random.Generator) -> bool:
    u = t64(r.uniform(-2, 8, size=(16, 16, 24)), True)
    dz = r.normal(size=(16, 16, 24))
    (torch.clamp(u, 0, 6) * t64(dz)).sum().backward()
    un = u.detach().numpy()
    return same(u.grad.numpy(), dz * ((un > 0) & (un < 6)))


def _cr_port(r: np.random.Generator) -> bool:
    x, k = t64(r.normal(size=(1, 24, 32, 32))), t64(r.normal(size=(24, 1, 3, 3)))
    return same(_dw_tf(x, k).numpy(), F.conv2d(x, k, stride=2, padding=1, groups=24).numpy())


def _macs_ratio(cin: int, cout: int, k: int, n: int = 16) -> float:
    z = torch.zeros(1, cin, n, n, dtype=F64)
    dw = flops_half(lambda: tf_same_conv(z, torch.zeros(cin, 1, k, k, dtype=F64), 2, groups=cin))
    pw = flops_half(
        lambda: F.conv2d(
            torch.zeros(1, cin, n // 2, n // 2, dtype=F64), torch.zeros(cout, cin, 1, 1, dtype=F64)
        )
    )
    std = flops_half(lambda: tf_same_conv(z, torch.zeros(cout, cin, k, k, dtype=F64), 2))
    return (dw + pw) / std


def _cr_receptive_field() -> int:
    """Rows of the input that one output pixel of depthwise (3 x 3, stride 2, TF 'same') then
    pointwise (1 x 1) depends on, autograd support."""
    r = np.random.default_rng(7020)
    x = t64(r.normal(size=(1, 24, 32, 32)), True)
    u = _dw_tf(x, t64(r.normal(size=(24, 1, 3, 3))))
    y = F.conv2d(u, t64(r.normal(size=(48, 24, 1, 1))))
    y[0, 0, 8, 8].backward()
    rows = np.nonzero(np.any(x.grad.numpy()[0] != 0, axis=(0, 2)))[0]
    return int(rows.max() - rows.min() + 1)


CR_MDW = flops_half(
    lambda: _dw_tf(torch.zeros(1, 24, 32, 32, dtype=F64), torch.zeros(24, 1, 3, 3, dtype=F64))
)
CR_MPW = flops_half(
    lambda: F.conv2d(torch.zeros(1, 24, 16, 16, dtype=F64), torch.zeros(48, 24, 1, 1, dtype=F64))
)
CR_RATIO_GRID = [(24, 48, 3), (16, 32, 5), (8, 8, 3)]

CR_CLAIMS = claims_of(
    CR,
    {
        "- Spatial size after the depthwise": [
            equal(tf_same_side(32, 3, 2), (32 - 3) // 2 + 1),
            equal((32 - 3) // 2 + 1, 15),
        ],
        "- TF pads one pixel on each side": [
            equal(tf_same_pads(32, 3, 2)[0], tf_same_pads(32, 3, 2)[1]),
            equal(tf_same_pads(32, 3, 2)[1], 1),
            trials(_cr_port, 7010),
        ],
        "- Parameters: $P_{dw}": [
            equal(params(nn.Conv2d(24, 24, 3, groups=24)), 3 * 3 * 24 + 24),
            equal(3 * 3 * 24 + 24, 240),
            equal(params(nn.Conv2d(24, 48, 1)), 24 * 48),
            equal(24 * 48, 1152),
            equal(params(nn.Conv2d(24, 48, 3)), 3 * 3 * 24 * 48),
            equal(3 * 3 * 24 * 48, 10368),
        ],
        "- MACs per image": [
            equal(CR_MDW, 16**2 * 9 * 24),
            equal(16**2 * 9 * 24, 55296),
            equal(CR_MPW, 16**2 * 24 * 48),
            equal(16**2 * 24 * 48, 294912),
            equal(_macs_ratio(24, 48, 3), 1 / 48 + 1 / 9),
        ],
        "- Receptive field of the block": [
            equal(_cr_receptive_field(), 3 + 1),
            equal(3 + 1, 4),
        ],
        "- With `depth_multiplier=2`": [
            equal(params(nn.Conv2d(24, 48, 3, groups=24)), 3 * 3 * 24 * 2 + 24),
            equal(3 * 3 * 24 * 2 + 24, 456),
        ],
        "Gradient notes for the custom": [None],
        "$$\\frac{\\partial L}{\\partial P} = \\sum_{i,j}": [
            trials(
                lambda r: (lambda v: same(v["dp"], np.einsum("ijc,ijd->cd", v["z"], v["g"])))(
                    _cr_pointwise(r)
                ),
                7011,
            ),
            trials(lambda r: _cr_dz(_cr_pointwise(r), True), 7012),
        ],
        "$$\\frac{\\partial L}{\\partial K_c} = \\tilde X_c": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["dk"],
                        [
                            corr(np.pad(v["x"][c], ((0, 1), (0, 1))), dilate(v["delta"][c], 2))
                            for c in range(24)
                        ],
                    )
                )(_cr_depthwise(r)),
                7013,
            ),
            trials(
                lambda r: (
                    lambda v: same(
                        v["dx"],
                        [
                            corr(pad(dilate(v["delta"][c], 2), 2), rot180(v["k"][c]))
                            for c in range(24)
                        ],
                    )
                )(_cr_depthwise(r)),
                7014,
            ),
        ],
        "The global average pool spreads": [
            None,
            trials(lambda r: _cr_gap(r, 16), 7015),
            trials(_cr_bias, 7016),
        ],
        "`blocks.py` L3": [
            equal(tf_same_side(32, 3, 2), math.ceil(32 / 2)),
            equal(math.ceil(32 / 2), 16),
            None,
            None,
            None,
            equal(tf_same_pads(32, 3, 2)[0], 0),
        ],
        "> Parameter counts": [
            equal(params(nn.Conv2d(24, 48, 1)), 24 * 48 + 48),
            equal(24 * 48 + 48, 1200),
            equal(params(nn.Conv2d(24, 48, 3)), 3 * 3 * 24 * 48 + 48),
            equal(3 * 3 * 24 * 48 + 48, 10416),
            equal(params(nn.Conv2d(24, 48, 3, groups=24)), 432 + 48),
            equal(432 + 48, 480),
        ],
        "> The depthwise MAC count": [
            equal(CR_MDW, 16**2 * 9 * 24**2),
            equal(16**2 * 9 * 24**2, 1327104),
            grid(
                lambda ci, co, k: math.isclose(_macs_ratio(ci, co, k), 1 / co + 1 / k),
                CR_RATIO_GRID,
            ),
        ],
        "> Input gradient:": [
            trials(
                lambda r: (
                    lambda v: same(
                        v["dx"],
                        [
                            corr(pad(dilate(v["delta"][c], 2), 2), rot180(v["k"][c]))[0:32, 0:32]
                            for c in range(24)
                        ],
                    )
                )(_cr_depthwise(r)),
                7017,
            ),
            trials(lambda r: _cr_gap(r, 256), 7018),
        ],
        "> Nit: ReLU6": [
            trials(_cr_relu6, 7019),
            equal(params(nn.Linear(48, 10)), 48 * 10),
            equal(48 * 10, 480),
        ],
    },
)


def truth_table() -> Claims:
    return {**FK_CLAIMS, **LB_CLAIMS, **BL_CLAIMS, **CR_CLAIMS}
