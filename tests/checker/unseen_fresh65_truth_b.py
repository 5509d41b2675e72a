"""Independent truth for the fresh65 unseen set, second part: uitwerking_tentamen_mse_verlies_2x2,
blog_stride2_padding1_all_three_gradients, lab_report_measured_shapes_small_cnn and
typologio_omadikes_syneliksis (see unseen_fresh65_truth.py for the conventions: NumPy / torch
autograd in float64, no symconv; one bool per trial or per size; a link between two written
numbers is arithmetic, a quantity named on the left must equal the true one)."""

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
SET = "fresh65"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- uitwerking_tentamen_mse_verlies_2x2.md (Dutch exam solution): one channel, valid, stride 1,
# b = 0.5, L = F.mse_loss(Y, T) (mean over the outputs), 0-based.

MSE = "uitwerking_tentamen_mse_verlies_2x2"
MX = np.array([[2.0, 1, 0], [1, 3, 1], [0, 2, 1]])
MW = np.array([[1.0, 0], [-1, 1]])
MB = 0.5
MT = np.array([[4.0, 2], [1, 2]])


def mse_case(
    x: np.ndarray, w: np.ndarray, b: float, t: np.ndarray, reduction: str = "mean"
) -> dict:
    """torch forward, the MSE loss and every gradient; x and t may carry a batch axis."""
    batched = x.ndim == 3
    xt, wt = t64(x if batched else x[None], True), t64(w, True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    y = F.conv2d(xt[:, None], wt[None, None], bt)[:, 0]
    y.retain_grad()
    loss = F.mse_loss(y, t64(t if batched else t[None]), reduction=reduction)
    loss.backward()
    pick = (lambda a: a) if batched else (lambda a: a[0])
    return {
        "y": pick(y.detach().numpy()),
        "L": loss.item(),
        "G": pick(y.grad.numpy()),
        "dx": pick(xt.grad.numpy()),
        "dw": wt.grad.numpy(),
        "db": bt.grad.item(),
    }


MV = mse_case(MX, MW, MB, MT)
MR = MV["y"] - MT


def _mse_trial(
    rel: Callable[[dict, int, int], bool], seed: int, sizes: tuple = ((3, 2), (4, 2))
) -> Truth:
    """Random x, w, b, t at the note's n = 3, k = 2 and (for the general formulas) n = 4, k = 2."""

    def check(r: np.random.Generator) -> bool:
        out = []
        for n, k in sizes:
            m = n - k + 1
            x, w, t = r.normal(size=(n, n)), r.normal(size=(k, k)), r.normal(size=(m, m))
            v = mse_case(x, w, float(r.normal()), t)
            out.append(rel({**v, "x": x, "w": w, "t": t}, n, k))
        return all(out)

    return trials(check, seed)


def _batch_grad(r: np.random.Generator) -> bool:
    out = []
    for n_batch in (2, 8):
        x, t = r.normal(size=(n_batch, 3, 3)), r.normal(size=(n_batch, 2, 2))
        v = mse_case(x, r.normal(size=(2, 2)), 0.1, t)
        out.append(same(v["G"], 2 / n_batch * (v["y"] - t)))
    return all(out)


def _after_step() -> float:
    w2 = MW - 0.1 * MV["dw"]
    return mse_case(MX, w2, MB - 0.1 * MV["db"], MT)["L"]


MSE_SUM = mse_case(MX, MW, MB, MT, reduction="sum")

MSE_CLAIMS = claims_of(
    MSE,
    {
        "**(a) Voorwaartse stap.**": [
            single(lambda: math.isclose(MV["y"][0, 0], 2 * 1 + 1 * 0 + 1 * (-1) + 3 * 1 + 0.5)),
            equal(2 * 1 + 1 * 0 + 1 * (-1) + 3 * 1 + 0.5, 4.5),
        ],
        "$$\\hat Y = \\begin{pmatrix}": [single(lambda: same(MV["y"], [[4.5, -0.5], [3.5, 2.5]]))],
        "$$R = \\hat Y - T": [None, single(lambda: same(MR, [[0.5, -2.5], [2.5, 0.5]]))],
        "en met het gemiddelde over": [
            None,
            single(lambda: math.isclose(MV["L"], (0.25 + 6.25 + 6.25 + 0.25) / 4)),
            equal((0.25 + 6.25 + 6.25 + 0.25) / 4, 3.25),
        ],
        "$$G = \\frac{\\partial L}": [
            None,
            _mse_trial(lambda v, n, k: same(v["G"], 2 / 4 * (v["y"] - v["t"])), 6530, ((3, 2),)),
            single(lambda: same(2 / 4 * MR, [[0.25, -1.25], [1.25, 0.25]])),
        ],
        "Ter controle:": [
            single(lambda: math.isclose(np.sum(MV["G"] ** 2), np.sum(MR**2) / 4)),
            single(lambda: math.isclose(np.sum(MR**2) / 4, 3.25)),
            single(lambda: math.isclose(MSE_SUM["L"], 4 * MV["L"])),
            equal(4 * 3.25, 13),
            single(lambda: same(MSE_SUM["G"], MR)),
        ],
        "$$\\frac{\\partial L}{\\partial W} = X \\star G": [
            _mse_trial(lambda v, n, k: same(v["dw"], corr(v["x"], v["G"])), 6531),
            single(lambda: same(corr(MX, MV["G"]), [[1.25, 4.25], [-3, 2.25]])),
        ],
        "Uitgeschreven voor": [
            single(
                lambda: math.isclose(MV["dw"][1, 0], 1 * 0.25 + 3 * (-1.25) + 0 * 1.25 + 2 * 0.25)
            ),
            equal(1 * 0.25 + 3 * (-1.25) + 0 * 1.25 + 2 * 0.25, -3.5),
        ],
        "**(e) Bias.**": [
            single(lambda: math.isclose(MV["db"], MV["G"].sum() / 4)),
            single(lambda: math.isclose(MV["G"].sum() / 4, 0.125)),
        ],
        "**(f) Invoer.**": [
            _mse_trial(
                lambda v, n, k: same(v["dx"], corr(pad(v["G"], k - 1), rot180(v["w"]))), 6532
            ),
            single(lambda: math.isclose(MV["dx"][0, 2], MV["G"][0, 1] * MW[0, 0])),
            single(lambda: math.isclose(MV["G"][0, 1] * MW[0, 0], -1.25)),
            single(lambda: math.isclose(MV["dx"][2, 2], MV["G"][1, 1] * MW[1, 1])),
            single(lambda: math.isclose(MV["G"][1, 1] * MW[1, 1], 0.25)),
        ],
        "\\frac{2}{m^2}": [
            _mse_trial(
                lambda v, n, k: same(v["dw"], 2 / (n - k + 1) ** 2 * corr(v["x"], v["y"] - v["t"])),
                6533,
            ),
            _mse_trial(
                lambda v, n, k: same(
                    v["dx"], 2 / n**2 * corr(pad(v["y"] - v["t"], k - 1), rot180(v["w"]))
                ),
                6534,
            ),
        ],
        "Bij een batch van $N$": [trials(_batch_grad, 6535)],
        "**(h) Eén stap": [
            None,
            single(lambda: math.isclose(MW[0, 1] - 0.1 * MV["dw"][0, 1], 0 - 0.1 * 4.25)),
            equal(0 - 0.1 * 4.25, -0.425),
            single(lambda: _after_step() < MV["L"]),
        ],
    },
)


# --- blog_stride2_padding1_all_three_gradients.md (English blog post): nn.Conv2d(1, 1, 3,
# stride=2, padding=1) on the note's 5 x 5 X, W, b = 1 and G, 0-based.

BLOG = "blog_stride2_padding1_all_three_gradients"
BX = np.array(
    [[1.0, 0, 2, 1, 0], [0, 1, 1, 0, 2], [2, 1, 0, 1, 1], [0, 2, 1, 0, 1], [1, 0, 1, 2, 0]]
)
BW = np.array([[1.0, 0, -1], [2, 1, 0], [0, 1, 1]])
BG = np.array([[1.0, 0, -1], [2, 1, 0], [0, -1, 1]])


def strided(x: np.ndarray, w: np.ndarray, b: float, g: np.ndarray) -> dict:
    """torch conv2d (stride 2, padding 1) and the gradients of sum(y * g)."""
    xt, wt = t64(x, True), t64(w, True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    y = F.conv2d(xt[None, None], wt[None, None], bt, stride=2, padding=1)[0, 0]
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
    }


BV = strided(BX, BW, 1.0, BG)
# N(p, q): with W and G all ones and no bias, dL/dX[p, q] counts the windows holding X[p, q]
BN = strided(BX, np.ones((3, 3)), 0.0, np.ones((3, 3)))["dx"]


def _blog(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(
        lambda r: rel(
            strided(
                r.normal(size=(5, 5)),
                r.normal(size=(3, 3)),
                float(r.normal()),
                r.normal(size=(3, 3)),
            )
        ),
        seed,
    )


def _corr_stride2(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid correlation moving the window two steps at a time."""
    oh = (a.shape[0] - k.shape[0]) // 2 + 1
    return np.array(
        [
            [np.sum(a[2 * i : 2 * i + 3, 2 * j : 2 * j + 3] * k) for j in range(oh)]
            for i in range(oh)
        ]
    )


def _forward_sum(v: dict) -> np.ndarray:
    xp = pad(v["x"], 1)
    return np.array(
        [
            [
                v["b"]
                + sum(
                    v["w"][u, c] * at(xp, 2 * i + u, 2 * j + c) for u in range(3) for c in range(3)
                )
                for j in range(3)
            ]
            for i in range(3)
        ]
    )


def _dw_sum(v: dict) -> np.ndarray:
    xp = pad(v["x"], 1)
    return np.array(
        [
            [
                sum(v["g"][i, j] * at(xp, 2 * i + u, 2 * j + c) for i in range(3) for j in range(3))
                for c in range(3)
            ]
            for u in range(3)
        ]
    )


_DW11 = 1 * 1 + 0 * 2 + (-1) * 0 + 2 * 2 + 1 * 0 + 0 * 1 + 0 * 1 + (-1) * 1 + 1 * 0

BLOG_CLAIMS = claims_of(
    BLOG,
    {
        "The output side is": [
            equal(conv_out(5, 3, 2, 1), (5 + 2 * 1 - 3) // 2 + 1),
            equal((5 + 2 * 1 - 3) // 2 + 1, 3),
            equal(conv_out(6, 3, 2, 1), math.ceil((6 + 2 - 3) / 2) + 1),
            equal(math.ceil((6 + 2 - 3) / 2) + 1, 4),
        ],
        "$$Y[i,j] = b + \\sum": [_blog(lambda v: same(v["y"], _forward_sum(v)), 6540)],
        "The top-left window": [
            single(
                lambda: math.isclose(
                    BV["y"][0, 0],
                    BW[1, 1] * BX[0, 0]
                    + BW[1, 2] * BX[0, 1]
                    + BW[2, 1] * BX[1, 0]
                    + BW[2, 2] * BX[1, 1]
                    + 1,
                )
            ),
            single(
                lambda: math.isclose(
                    BW[1, 1] * BX[0, 0]
                    + BW[1, 2] * BX[0, 1]
                    + BW[2, 1] * BX[1, 0]
                    + BW[2, 2] * BX[1, 1]
                    + 1,
                    1 + 0 + 0 + 1 + 1,
                )
            ),
            equal(1 + 0 + 0 + 1 + 1, 3),
        ],
        "$$Y = \\begin{pmatrix} 3": [
            single(lambda: same(BV["y"], [[3, 4, 5], [4, 5, 5], [0, 4, 5]]))
        ],
        "The bias is added": [
            _blog(lambda v: math.isclose(v["db"], v["g"].sum()), 6541),
            single(lambda: math.isclose(BG.sum(), 3)),
        ],
        "\\partial W[u,v]} = \\sum_{i=0}^{2}": [_blog(lambda v: same(v["dw"], _dw_sum(v)), 6542)],
        "The centre tap sees": [
            single(lambda: math.isclose(BV["dw"][1, 1], _DW11)),
            equal(_DW11, 4),
        ],
        "\\operatorname{pad}_1(X) \\star \\operatorname{dil}_2(G) = ": [
            _blog(lambda v: same(v["dw"], corr(pad(v["x"], 1), dilate(v["g"], 2))), 6543),
            single(
                lambda: same(corr(pad(BX, 1), dilate(BG, 2)), [[-1, 1, 2], [2, 4, 1], [2, -1, 5]])
            ),
        ],
        "If your framework has no dilation": [
            _blog(lambda v: same(v["dw"], _corr_stride2(pad(v["x"], 1), v["g"])), 6544)
        ],
        "\\operatorname{crop}_1\\!\\big(": [
            _blog(
                lambda v: same(
                    v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))[1:-1, 1:-1]
                ),
                6545,
            ),
            _blog(
                lambda v: same(
                    corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))[1:-1, 1:-1],
                    corr(pad(dilate(v["g"], 2), 1), rot180(v["w"])),
                ),
                6546,
            ),
        ],
        "1 & 0 & 0 & -2 & -1": [
            single(
                lambda: same(
                    BV["dx"],
                    [
                        [1, 0, 0, -2, -1],
                        [1, 0, 0, -1, -1],
                        [2, 2, 1, 0, 0],
                        [2, 1, 1, 3, 0],
                        [0, -2, -1, 2, 1],
                    ],
                )
            )
        ],
        "Spot checks.": [
            single(lambda: math.isclose(BV["dx"][4, 4], BG[2, 2] * BW[1, 1])),
            equal(BG[2, 2] * BW[1, 1], 1),
            single(lambda: math.isclose(BV["dx"][3, 3], BG[2, 2] * BW[0, 0])),
            equal(BG[2, 2] * BW[0, 0], 1),
        ],
        "How often is a pixel read?": [
            equal(BN[2, 2], 1),
            equal(BN[1, 1], 4),
            equal(BN.sum(), 9 * 9),
            equal(9 * 9, 81),
        ],
        "A last sanity check": [
            single(lambda: math.isclose(BV["dx"].sum(), BG.sum() * BW.sum())),
            single(lambda: math.isclose(BG.sum() * BW.sum(), 3 * 5)),
            equal(3 * 5, 15),
        ],
    },
)


# --- lab_report_measured_shapes_small_cnn.md (English lab report): the note's nn.Sequential on a
# (4, 3, 64, 64) input, L = sum of the logits; every figure measured on torch's modules.

LAB = "lab_report_measured_shapes_small_cnn"


def _lab_net() -> dict:
    torch.manual_seed(6550)
    net = nn.Sequential(
        nn.Conv2d(3, 16, kernel_size=5, stride=2, padding=2),
        nn.ReLU(),
        nn.Conv2d(16, 32, kernel_size=3, padding=1, groups=4),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, kernel_size=3, dilation=2),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(64, 10),
    ).double()
    outs: dict[int, torch.Tensor] = {}

    def keep(k: int) -> Callable:
        def hook(_m: nn.Module, _i: tuple, out: torch.Tensor) -> None:
            out.retain_grad()
            outs[k] = out

        return hook

    for k in (0, 2, 3, 4, 5):
        net[k].register_forward_hook(keep(k))
    x = torch.randn(4, 3, 64, 64, dtype=F64, requires_grad=True)
    net(x).sum().backward()
    return {"net": net, "outs": outs}


LV = _lab_net()
LNET, LOUT = LV["net"], dict(LV["outs"])  # a copy: the flop counts below rerun the hooks


def _dilated_span() -> int:
    """The side of the input patch one output of conv3's kernel reads (autograd support)."""
    xt = t64(np.zeros((1, 1, 16, 16)), True)
    F.conv2d(xt, t64(np.ones((1, 1, 3, 3))), dilation=2)[0, 0, 0, 0].backward()
    rows = np.nonzero(xt.grad.numpy()[0, 0].any(axis=1))[0]
    return int(rows.max() - rows.min() + 1)


def _side(k: int) -> int:
    return int(LOUT[k].shape[-1])


P1, P2, P3, PFC = (params(LNET[k]) for k in (0, 2, 4, 7))
M1 = flops_half(lambda: LNET[0](torch.zeros(1, 3, 64, 64, dtype=F64)))
M2 = flops_half(lambda: LNET[2](torch.zeros(1, 16, 32, 32, dtype=F64)))
A, POOLED = LOUT[4], LOUT[5]

LAB_CLAIMS = claims_of(
    LAB,
    {
        "**Spatial sizes.**": [
            equal(_side(0), (64 + 2 * 2 - 5) // 2 + 1),
            equal((64 + 2 * 2 - 5) // 2 + 1, 32),
            equal(_side(3), _side(0) / 2),
            equal(32 / 2, 16),
            equal(_side(4), _side(3) - 2 * (3 - 1)),
            equal(16 - 2 * (3 - 1), 16 - 2 * 2),
            equal(16 - 2 * 2, 12),
            equal(_dilated_span(), 2 * 3),
            equal(2 * 3, 6),
        ],
        "**Parameters.** conv2": [equal(LNET[2].weight.shape[1], 16 / 4)],
        "$$P_1 = 16": [
            equal(P1, 16 * 3 * 25 + 16),
            equal(16 * 3 * 25 + 16, 1216),
            equal(P2, 32 * 4 * 9 + 32),
            equal(32 * 4 * 9 + 32, 1184),
            equal(P3, 64 * 32 * 9 + 64),
            equal(64 * 32 * 9 + 64, 18496),
        ],
        "With $P_{fc}": [
            equal(PFC, 64 * 10 + 10),
            equal(64 * 10 + 10, 650),
            equal(params(LNET), P1 + P2 + P3 + PFC),
            equal(1216 + 1184 + 18496 + 650, 21546),
            equal(params(nn.Conv2d(16, 32, 3, padding=1)), 4 * P2),
            equal(4 * 1184, 4736),
        ],
        "$$M_1 = 32^2": [
            equal(M1, 32**2 * 16 * 3 * 25),
            equal(32**2 * 16 * 3 * 25, 1228800),
            equal(M2, 32**2 * 32 * 16 * 9),
            equal(32**2 * 32 * 16 * 9, 4718592),
        ],
        "`conv2.weight.grad`": [
            equal(LNET[2].weight.grad.numel(), 32 * 16 * 9),
            equal(32 * 16 * 9, 4608),
        ],
        "Max pooling routes": [
            equal(int(np.count_nonzero(LOUT[2].grad.numpy())), 4 * 32 * 32**2 / 4),
            equal(4 * 32 * 32**2 / 4, 32768),
        ],
        "The global average pool": [
            None,
            single(
                lambda: same(A.grad.numpy(), np.broadcast_to(POOLED.grad.numpy() / 12, A.shape))
            ),
        ],
        "The bias gradient of conv1": [
            single(
                lambda: same(
                    LNET[0].bias.grad.numpy(), LOUT[0].grad.numpy().sum(axis=(0, 2, 3)) / 4
                )
            )
        ],
    },
)


# --- typologio_omadikes_syneliksis.md (Greek cheat sheet): 1-based, * = valid correlation,
# gamma(f) = ceil(f g / C_out); evaluated as written, one subtracted only where a 1-based index
# reads a 0-based array (strict: an index past the last channel disagrees).

TYP = "typologio_omadikes_syneliksis"
# (C_in, C_out, k, g) for the formulas: the note's example and two more
TYP_SIZES = [(4, 6, 3, 2), (6, 9, 3, 3), (8, 4, 2, 4)]


def _gamma(f: int, g: int, cout: int) -> int:
    return math.ceil(f * g / cout)


def _typ_case(r: np.random.Generator, cin: int, cout: int, k: int, g: int, side: int = 7) -> dict:
    x, w, b = (
        r.normal(size=(1, cin, side, side)),
        r.normal(size=(cout, cin // g, k, k)),
        r.normal(size=cout),
    )
    gr = r.normal(size=(1, cout, side - k + 1, side - k + 1))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    z = F.conv2d(xt, wt, bt, groups=g)
    (z * t64(gr)).sum().backward()
    return {
        "cin": cin,
        "cout": cout,
        "k": k,
        "g": g,
        "x": x[0],
        "w": w,
        "b": b,
        "G": gr[0],
        "z": z.detach().numpy()[0],
        "dx": xt.grad.numpy()[0],
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _typ(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: all(rel(_typ_case(r, *s)) for s in TYP_SIZES), seed)


def _chan(v: dict, idx1: int) -> np.ndarray:
    """Input channel idx1 (1-based), strict."""
    if not 1 <= idx1 <= v["cin"]:
        raise IndexError(idx1)
    return v["x"][idx1 - 1]


def _forward(v: dict) -> np.ndarray:
    cg = v["cin"] // v["g"]
    return np.array(
        [
            v["b"][f - 1]
            + sum(
                corr(_chan(v, (_gamma(f, v["g"], v["cout"]) - 1) * cg + j), v["w"][f - 1, j - 1])
                for j in range(1, cg + 1)
            )
            for f in range(1, v["cout"] + 1)
        ]
    )


def _dw(v: dict, shift: int) -> np.ndarray:
    """(gamma(f) - 1 + shift) C_in/g + j: shift 0 is the first formula, 1 the 'shorter' one."""
    cg = v["cin"] // v["g"]
    return np.array(
        [
            [
                corr(_chan(v, (_gamma(f, v["g"], v["cout"]) - 1 + shift) * cg + j), v["G"][f - 1])
                for j in range(1, cg + 1)
            ]
            for f in range(1, v["cout"] + 1)
        ]
    )


def _dx(v: dict) -> np.ndarray:
    """The note's sum: filters f with gamma(f) = ceil(c g / C_out) (as written), the slice index
    from ceil(c g / C_in); an empty sum is the zero map."""
    cg, g, k = v["cin"] // v["g"], v["g"], v["k"]
    side = v["x"].shape[-1]
    out = []
    for c in range(1, v["cin"] + 1):
        grp = math.ceil(c * g / v["cin"])
        picked = math.ceil(c * g / v["cout"])
        out.append(
            sum(
                (
                    corr(pad(v["G"][f - 1], k - 1), rot180(v["w"][f - 1, c - (grp - 1) * cg - 1]))
                    for f in range(1, v["cout"] + 1)
                    if _gamma(f, g, v["cout"]) == picked
                ),
                np.zeros((side, side)),
            )
        )
    return np.array(out)


def _gconv(cin: int, cout: int, k: int, g: int) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, k, groups=g)


def _mults(cin: int, cout: int, k: int, g: int, h: int = 8) -> int:
    return flops_half(
        lambda: F.conv2d(
            torch.zeros(1, cin, h, h, dtype=F64),
            torch.zeros(cout, cin // g, k, k, dtype=F64),
            groups=g,
        )
    )


# P(g) = P(1)/g agrees trivially at g = 1: judged at g > 1 only
P_GRID = [
    (cin, cout, k, g) for cin, cout in ((4, 6), (8, 8), (6, 12)) for k in (1, 3) for g in (2,)
]
P_GRID += [(8, 8, 3, 4), (6, 12, 3, 3), (4, 6, 3, 1)]
P_GRID_G = [s for s in P_GRID if s[3] > 1]


def _group_of_filter5() -> int:
    """The 1-based group of filter 5 of Conv2d(4, 6, 3, groups=2): the block of the channels it
    reads (autograd support)."""
    r = np.random.default_rng(6560)
    xt = t64(r.normal(size=(1, 4, 5, 5)), True)
    F.conv2d(xt, t64(r.normal(size=(6, 2, 3, 3))), groups=2)[0, 4].sum().backward()
    read = [c for c in range(4) if np.any(xt.grad.numpy()[0, c] != 0)]
    return read[0] // 2 + 1


TYP_CLAIMS = claims_of(
    TYP,
    {
        "$$Y_f = b_f": [_typ(lambda v: same(v["z"], _forward(v)), 6561)],
        "$$P(g) = C_{out}": [
            grid(
                lambda ci, co, k, g: params(_gconv(ci, co, k, g)) == co * (ci / g * k * k + 1),
                P_GRID,
            )
        ],
        "Άρα η ομαδοποίηση": [
            grid(
                lambda ci, co, k, g: math.isclose(
                    params(_gconv(ci, co, k, g)), params(_gconv(ci, co, k, 1)) / g
                ),
                P_GRID_G,
            ),
            None,
            grid(
                lambda ci, co, k, g: (
                    params(_gconv(ci, co, k, g)) == g * (co // g) * ((ci // g) * k * k + 1)
                ),
                P_GRID,
            ),
        ],
        "$$M(g) = H_{out}^2": [
            grid(
                lambda ci, co, k, g: _mults(ci, co, k, g) == (8 - k + 1) ** 2 * co * ci / g * k * k,
                P_GRID,
            ),
            grid(
                lambda ci, co, k, g: math.isclose(
                    (8 - k + 1) ** 2 * co * ci / g * k * k, _mults(ci, co, k, 1) / g
                ),
                P_GRID,
            ),
        ],
        "\\partial W_{f,j}} = X_{(\\gamma(f) - 1)": [
            _typ(lambda v: same(v["dw"], _dw(v, 0)), 6562)
        ],
        "Πιο σύντομα": [
            _typ(lambda v: same(v["dw"], _dw(v, 1)), 6563),
            _typ(lambda v: same(v["db"], v["G"].sum(axis=(1, 2)) / v["g"]), 6564),
        ],
        "\\partial X_c} = \\sum_{f": [_typ(lambda v: same(v["dx"], _dx(v)), 6565)],
        "$C_{in} = 4$, $C_{out} = 6$": [
            None,
            None,
            None,
            None,
            single(lambda: conv_out(8, 3) == 8 - 3 + 1 == 6),
        ],
        "Παράμετροι: $P(2)": [
            equal(params(_gconv(4, 6, 3, 2)), 6 * (2 * 9 + 1)),
            equal(6 * (2 * 9 + 1), 114),
        ],
        "Πολλαπλασιασμοί: $M(2)": [
            equal(_mults(4, 6, 3, 2), 36 * 6 * 2 * 9),
            equal(36 * 6 * 2 * 9, 3888),
        ],
        "Το φίλτρο 5 ανήκει": [
            equal(_group_of_filter5(), math.ceil(10 / 6)),
            equal(math.ceil(10 / 6), 2),
        ],
        "Η κλίση των βαρών": [
            equal(_gconv(4, 6, 3, 2).weight.numel(), 6 * 2 * 9),
            equal(6 * 2 * 9, 108),
        ],
        "Depthwise separable": [
            None,
            equal(params(_gconv(4, 4, 3, 4)), 4 * 9 + 4),
            equal(4 * 9 + 4, 40),
            equal(params(nn.Conv2d(4, 6, 1)), 4 * 6),
            equal(4 * 6, 24),
            equal(params(_gconv(4, 4, 3, 4)) + params(nn.Conv2d(4, 6, 1)), 40 + 24),
            equal(40 + 24, 64),
        ],
    },
)

NOTES_B = {**MSE_CLAIMS, **BLOG_CLAIMS, **LAB_CLAIMS, **TYP_CLAIMS}
