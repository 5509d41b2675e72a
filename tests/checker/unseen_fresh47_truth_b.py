"""Independent truth for the fresh47 unseen set, second part: soluzione_esame_cnn_due_strati,
code_review_grouped_conv2d_autograd_function and cheatsheet_transposed_conv_output_sizes (the
conventions are those of unseen_fresh47_truth.py, which merges NOTES_B into truth_table).
Receptive fields and jumps are measured, not derived: the support of the input gradient of one
output of a stack of all-ones 1-D convolutions (positive weights, so no cancellation), far from
the borders."""

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
    conv,
    conv_out,
    equal,
    params,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh47"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


# --- soluzione_esame_cnn_due_strati.md (Italian): Conv2d(3, 16, 5, padding=2), ReLU,
# Conv2d(16, 32, 3, stride=2) on 3 x 32 x 32.

SOL = "soluzione_esame_cnn_due_strati"
Layers = list[tuple[int, int, int]]  # (kernel, stride, padding)
CONV1, CONV2, CONV3 = (5, 1, 2), (3, 2, 0), (3, 1, 0)


def _support(layers: Layers, out: int) -> np.ndarray:
    """Input positions whose gradient is nonzero for output ``out`` of the stack (length 101)."""
    x = torch.ones(1, 1, 101, dtype=F64, requires_grad=True)
    h = x
    for k, s, p in layers:
        h = F.conv1d(h, torch.ones(1, 1, k, dtype=F64), stride=s, padding=p)
    h[0, 0, out].backward()
    return np.flatnonzero(x.grad.numpy()[0, 0])


def rf(layers: Layers) -> int:
    return len(_support(layers, 10))


def jump(layers: Layers) -> int:
    """Distance in the input between the windows of two neighbouring outputs."""
    return int(_support(layers, 11)[0] - _support(layers, 10)[0])


def _rf_recursion(layers: Layers) -> int:
    r, j = 1, 1
    for k, s, _ in layers:
        r, j = r + (k - 1) * j, j * s
    return r


NET = nn.Sequential(nn.Conv2d(3, 16, 5, padding=2), nn.ReLU(), nn.Conv2d(16, 32, 3, stride=2))
M1 = flops_half(
    lambda: F.conv2d(
        torch.zeros(1, 3, 32, 32, dtype=F64), torch.zeros(16, 3, 5, 5, dtype=F64), padding=2
    )
)

SOL_CLAIMS = claims_of(
    SOL,
    {
        "$H' = \\lfloor": [
            grid(
                lambda h, k, s, p: conv_out(h, k, s, p) == math.floor((h + 2 * p - k) / s) + 1,
                [(32, 5, 1, 2), (32, 3, 2, 0), (28, 3, 2, 0), (11, 4, 3, 1)],
            )
        ],
        "- conv1: $H_1": [
            equal(conv_out(32, 5, 1, 2), (32 + 2 * 2 - 5) / 1 + 1),
            equal((32 + 2 * 2 - 5) / 1 + 1, 32),
        ],
        "- conv2: $H_2": [
            equal(conv_out(32, 3, 2), math.floor((32 - 3) / 2) + 1),
            equal(math.floor(29 / 2) + 1, 15),
        ],
        "Osservazione": [
            equal(conv_out(conv_out(28, 5, 1, 2), 3, 2), math.ceil((28 - 3) / 2) + 1),
            equal(math.ceil((28 - 3) / 2) + 1, 14),
        ],
        "Con $r_0 = 1$": [
            None,
            None,
            grid(
                lambda *ls: rf(list(ls)) == _rf_recursion(list(ls)),
                [
                    (CONV1, CONV2),
                    ((3, 2, 0), (3, 1, 0), (5, 2, 0)),
                    ((4, 1, 0), (2, 2, 0), (3, 3, 1)),
                ],
            ),
            None,
        ],
        "- dopo conv1": [
            equal(rf([CONV1]), 1 + 4 * 1),
            equal(1 + 4 * 1, 5),
            equal(jump([CONV1]), 1),
        ],
        "- dopo conv2": [
            equal(rf([CONV1, CONV2]), 5 + (3 - 1) * 1),
            equal(5 + (3 - 1) * 1, 7),
            equal(jump([CONV1, CONV2]), 1 * 2),
            equal(1 * 2, 2),
        ],
        "Notare che il padding conta": [equal(rf([(5, 1, 0), CONV2]), 9)],
        "terzo strato": [
            equal(rf([CONV1, CONV2, CONV3]), 7 + (3 - 1) * 1),
            equal(7 + (3 - 1) * 1, 9),
        ],
        "$P_1 = 16": [
            equal(params(nn.Conv2d(3, 16, 5, padding=2)), 16 * (3 * 25 + 1)),
            equal(16 * (3 * 25 + 1), 1216),
        ],
        "$P_2 = 32": [
            equal(params(nn.Conv2d(16, 32, 3, stride=2)), 32 * (16 * 9 + 1)),
            equal(32 * (16 * 9 + 1), 4460),
        ],
        "in totale $P": [equal(params(NET), 1216 + 4460), equal(1216 + 4460, 5676)],
        "$M_1 = ": [equal(M1, 16 * 32 * 32 * 3 * 5), equal(16 * 32 * 32 * 3 * 5, 245760)],
    },
)


# --- code_review_grouped_conv2d_autograd_function.md: x (1, 4, 6, 6), weight (6, 2, 3, 3),
# bias (6,), groups = 2, stride 1, no padding; gamma(o) = floor(o / 3).

REV = "code_review_grouped_conv2d_autograd_function"


def _gc(r: np.random.Generator) -> dict:
    x, w, b, g = (
        r.normal(size=(1, 4, 6, 6)),
        r.normal(size=(6, 2, 3, 3)),
        r.normal(size=6),
        r.normal(size=(1, 6, 4, 4)),
    )
    v = conv(x, w, b, g, groups=2)
    return {"x": x[0], "w": w, "g": g[0], "dx": v["dx"][0], "dw": v["dw"], "db": v["db"], "gt": g}


def _rev(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_gc(r)), seed)


def _dw_from(v: dict, channel: Callable[[int, int], int]) -> np.ndarray:
    """sum_{i,j} G_o[i,j] X_{channel(o,c)}[i+u, j+v] for every o, c, u, v."""
    win = np.lib.stride_tricks.sliding_window_view(v["x"], (3, 3), axis=(1, 2))  # (4, 4, 4, 3, 3)
    return np.array(
        [
            [np.einsum("ij,ijuv->uv", v["g"][o], win[channel(o, c)]) for c in range(2)]
            for o in range(6)
        ]
    )


def _dx_groups(v: dict) -> np.ndarray:
    return np.array(
        [
            [
                [
                    sum(
                        zat(v["g"][o], a - u, b - e) * v["w"][o, m - 2 * (m // 2), u, e]
                        for o in range(3 * (m // 2), 3 * (m // 2) + 3)
                        for u in range(3)
                        for e in range(3)
                    )
                    for b in range(6)
                ]
                for a in range(6)
            ]
            for m in range(4)
        ]
    )


def _adjoint(v: dict, groups: int) -> bool:
    xt, wt, gt = t64(v["x"][None]), t64(v["w"]), t64(v["gt"])
    back = F.conv_transpose2d(gt, wt, groups=groups)
    if back.shape != xt.shape:
        return False
    return close((F.conv2d(xt, wt, groups=2) * gt).sum(), (xt * back).sum())


def _ones() -> dict:
    x, w = torch.ones(1, 4, 6, 6, dtype=F64, requires_grad=True), torch.ones(6, 2, 3, 3, dtype=F64)
    y = F.conv2d(x, w, groups=2)
    y.sum().backward()
    return {"y": y.detach().numpy(), "dx": x.grad.numpy()}


ONES = _ones()
GW = torch.zeros(6, 2, 3, 3, dtype=F64)
M_G2 = flops_half(lambda: F.conv2d(torch.zeros(1, 4, 6, 6, dtype=F64), GW, groups=2))

REV_CLAIMS = claims_of(
    REV,
    {
        "($m = 0, \\dots, 3$)": [None, None, None],
        "group of $o$ is": [None],
        "each filter sees": [
            equal(nn.Conv2d(4, 6, 3, groups=2).weight.shape[1], 4 / 2),
            equal(4 / 2, 2),
        ],
        "$H_{out} = 6 - 3 + 1 = 4$": [
            equal(conv_out(6, 3), 6 - 3 + 1),
            equal(6 - 3 + 1, 4),
            equal(params(nn.Conv2d(4, 6, 3, groups=2)), 6 * 2 * 9 + 6),
        ],
        "X_{2\\gamma(o) + c}[i+u": [
            _rev(lambda v: same(v["dw"], _dw_from(v, lambda o, c: 2 * (o // 3) + c)), 4740)
        ],
        "G_o[i,j]\\, X_{c}[i+u": [_rev(lambda v: same(v["dw"], _dw_from(v, lambda o, c: c)), 4741)],
        "reads the wrong channels": [None],
        "only the three filters": [None, None],
        "W[o, m - 2": [_rev(lambda v: same(v["dx"], _dx_groups(v)), 4742)],
        "computes exactly this adjoint": [_rev(lambda v: _adjoint(v, 2), 4743)],
        "\\operatorname{convT}_{g=1}": [_rev(lambda v: _adjoint(v, 1), 4744)],
        "The bias gradient is fine": [_rev(lambda v: same(v["db"], v["g"].sum(axis=(1, 2))), 4745)],
        "all ones, no bias and $L = \\sum Y$": [None],
        "every output is": [
            single(lambda: bool(np.all(ONES["y"] == 2 * 9))),
            equal(2 * 9, 18),
            single(lambda: close(ONES["dx"][0, 0, 0, 0], 3)),
        ],
        "\\partial X[0,0,5,5]}": [
            single(lambda: close(ONES["dx"][0, 0, 5, 5], 3 * 9)),
            equal(3 * 9, 27),
        ],
        "$M = 6 \\cdot 16": [
            equal(M_G2, 6 * 16 * 2 * 9),
            equal(6 * 16 * 2 * 9, 1728),
            equal(6 * 16 * 4 * 9, 3456),
        ],
        "For the docstring": [
            grid(
                lambda ci, co, k, g: (
                    params(nn.Conv2d(ci, co, k, groups=g)) == (co * ci * k * k + co) / g
                ),
                [(4, 6, 3, 2), (8, 8, 3, 4), (6, 9, 5, 3)],
            )
        ],
        "zeros_like(weight)`, so $\\operatorname{numel}": [
            equal(torch.zeros_like(GW).numel(), 6 * 4 * 9),
            equal(6 * 4 * 9, 216),
        ],
    },
)


# --- cheatsheet_transposed_conv_output_sizes.md: torch ConvTranspose output sizes, and the worked
# ConvTranspose1d(1, 1, 3, stride=2, padding=1, output_padding=1, bias=False)
# on x = (1, 2, -1), w = (1, 0, 2).

CHE = "cheatsheet_transposed_conv_output_sizes"
HS = [3, 4, 7, 16]


def _t1(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    y = F.conv_transpose1d(
        t64(x)[None, None], t64(w)[None, None], stride=2, padding=1, output_padding=1
    )
    return y.numpy()[0, 0]


def _wz(w: np.ndarray, k: int) -> float:
    return float(w[k]) if 0 <= k < len(w) else 0.0


def _tformula(shift: int) -> Truth:
    """y[j] = sum_i x[i] w[j + shift - 2 i] on random x, w (w zero outside 0..2)."""

    def rel(r: np.random.Generator) -> bool:
        x, w = r.normal(size=3), r.normal(size=3)
        y = _t1(x, w)
        return same(
            y, [sum(x[i] * _wz(w, j + shift - 2 * i) for i in range(3)) for j in range(len(y))]
        )

    return trials(rel, 4750 + shift)


def _tadjoint(r: np.random.Generator) -> bool:
    u, x, w = r.normal(size=6), r.normal(size=3), r.normal(size=3)
    fwd = F.conv1d(t64(u)[None, None], t64(w)[None, None], stride=2, padding=1).numpy()[0, 0]
    return close(np.dot(fwd, x), np.dot(u, _t1(x, w)))


def _clen(n: int) -> int:
    return int(F.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, 3), stride=2, padding=1).shape[-1])


CX, CW = np.array([1.0, 2, -1]), np.array([1.0, 0, 2])
CY = _t1(CX, CW)

CHE_CLAIMS = claims_of(
    CHE,
    {
        "$$H_{out} = (H_{in} - 1)": [
            grid(
                lambda h, k, s, p, a, d: (
                    tconv_out(h, k, s, p, a, d) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
                ),
                [
                    (5, 3, 2, 1, 1, 1),
                    (4, 4, 2, 1, 0, 1),
                    (7, 3, 1, 0, 0, 2),
                    (6, 5, 3, 2, 2, 1),
                    (3, 2, 2, 0, 1, 2),
                ],
            )
        ],
        "Rules of thumb": [None],
        "| $s = 1$, $p = 0$ |": [
            None,
            None,
            grid(lambda h, k: tconv_out(h, k) == h + k - 1, [(3, 2), (5, 3), (8, 5)]),
        ],
        "| $k = 3$, $s = 1$, $p = 1$ |": [
            None,
            None,
            None,
            grid(lambda h: tconv_out(h, 3, 1, 1) == h, [(h,) for h in HS]),
        ],
        "| $k = 4$, $s = 2$, $p = 1$ |": [
            None,
            None,
            None,
            grid(lambda h: tconv_out(h, 4, 2, 1) == 2 * h, [(h,) for h in HS]),
        ],
        "| $k = 3$, $s = 2$, $p = 1$, $a = 1$ |": [
            None,
            None,
            None,
            None,
            grid(lambda h: tconv_out(h, 3, 2, 1, 1) == 2 * h, [(h,) for h in HS]),
        ],
        "| $k = 3$, $s = 2$, $p = 1$, $a = 0$ |": [
            None,
            None,
            None,
            None,
            grid(lambda h: tconv_out(h, 3, 2, 1, 0) == 2 * h, [(h,) for h in HS]),
        ],
        "| $k = 2$, $s = 2$, $p = 0$ |": [
            None,
            None,
            None,
            grid(lambda h: tconv_out(h, 2, 2) == 2 * h, [(h,) for h in HS]),
        ],
        "| dilated, $s = 1$": [
            None,
            None,
            grid(
                lambda h, k, d: tconv_out(h, k, d=d) == h - 1 + d * k,
                [(5, 3, 2), (4, 2, 3), (6, 5, 2)],
            ),
        ],
        "Parameters of `nn.ConvTranspose2d(64": [
            equal(params(nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1)), 64 * 32 * 16 + 64),
            equal(64 * 32 * 16 + 64, 32832),
        ],
        "Input $x = (1, 2, -1)$": [None, None],
        "Length: $H_{out}": [
            equal(len(CY), (3 - 1) * 2 - 2 * 1 + (3 - 1) + 1 + 1),
            equal((3 - 1) * 2 - 2 * 1 + (3 - 1) + 1 + 1, 6),
        ],
        "$(3 - 1) \\cdot 2 + 3 = 7$": [equal((3 - 1) * 2 + 3, 7), None],
        "w[j + p - s i]": [_tformula(1)],
        "$$y = (0, 4": [single(lambda: same(CY, [0, 4, 0, 3, 0, -2]))],
        "Spot checks": [
            single(lambda: close(CY[1], CX[0] * CW[2] + CX[1] * CW[0])),
            equal(CX[0] * CW[2] + CX[1] * CW[0], 4),
            single(lambda: close(CY[3], CX[1] * CW[2])),
            equal(CX[1] * CW[2], 4),
        ],
        "Some books drop": [_tformula(0)],
        "\\lfloor (5 + 2 - 3)/2": [equal(_clen(5), _clen(6)), equal(_clen(6), 3)],
        "it really is the transpose": [trials(_tadjoint, 4760)],
    },
)

NOTES_B: Claims = {**SOL_CLAIMS, **REV_CLAIMS, **CHE_CLAIMS}
