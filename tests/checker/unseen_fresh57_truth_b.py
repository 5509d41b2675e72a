"""Independent truth for the fresh57 unseen set, second part: the notes
blog_resnet_basic_block_parametroi, cheatsheet_conv3d_video_sizes_flops and
tentamen_kettingregel_relu_na_convolutie (conventions as in unseen_fresh57_truth.py, which merges
this table into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
from unseen_fresh29_truth import flops_half, grid
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
    corr1,
    equal,
    params,
    same,
    single,
    t64,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh57"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- blog_resnet_basic_block_parametroi.md (Greek blog post): the note's BasicBlock(64, 128,
# stride 2) on 64 x 56 x 56; a parameter count is block.parameters() (no running buffers).


class BasicBlock(nn.Module):
    """The note's code, verbatim in structure."""

    def __init__(self, c_in: int = 64, c_out: int = 128, stride: int = 2) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut = nn.Sequential(
            nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False), nn.BatchNorm2d(c_out)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


RB = BasicBlock().double().eval()


def _side(module: nn.Module, h: int = 56, c: int = 64) -> int:
    with torch.no_grad():
        return int(module.double()(torch.zeros(1, c, h, h, dtype=F64)).shape[-1])


H1 = _side(RB.conv1)
H2 = _side(RB.conv2, 28, 128)
HSC = _side(RB.shortcut)
HSC_P1 = _side(nn.Conv2d(64, 128, 1, stride=2, padding=1, bias=False))
P_RB = params(RB)
M1 = flops_half(lambda: RB.conv1(torch.zeros(1, 64, 56, 56, dtype=F64)))

RES_CLAIMS = claims_of(
    "blog_resnet_basic_block_parametroi",
    {
        "$$H_1 = \\left\\lfloor": [
            equal(H1, (56 + 2 - 3) // 2 + 1),
            equal((56 + 2 - 3) // 2 + 1, 28),
        ],
        "άρα κρατά το μέγεθος": [equal(H2, 28 + 2 - 3 + 1), equal(28 + 2 - 3 + 1, 28)],
        "$$H_{sc} = \\left\\lfloor \\frac{56 - 1}": [
            equal(HSC, (56 - 1) // 2 + 1),
            equal((56 - 1) // 2 + 1, 28),
        ],
        "Αν κάποιος βάλει από συνήθεια": [
            equal(HSC_P1, (56 + 2 - 1) // 2 + 1),
            equal((56 + 2 - 1) // 2 + 1, 29),
        ],
        "$$P_{\\text{conv1}} = 3": [
            equal(params(RB.conv1), 3 * 3 * 64 * 128),
            equal(3 * 3 * 64 * 128, 73728),
        ],
        "$$P_{\\text{conv2}} = 3": [
            equal(params(RB.conv2), 3 * 3 * 128 * 128),
            equal(3 * 3 * 128 * 128, 147456),
        ],
        "$$P_{\\text{sc}} = 64": [
            equal(params(RB.shortcut[0]), 64 * 128),
            equal(64 * 128, 8192),
        ],
        "Σύνολο χωρίς τις παραμέτρους": [
            equal(
                params(RB.conv1) + params(RB.conv2) + params(RB.shortcut[0]), 73728 + 147456 + 8192
            ),
            equal(73728 + 147456 + 8192, 229376),
        ],
        "μαθαίνει $\\gamma$ και $\\beta$": [
            equal(params(RB.bn1), 2 * 128),
            equal(2 * 128, 256),
        ],
        "$$P_{\\text{block}} = 229376": [
            equal(P_RB, 229376 + 2 * 256),
            equal(229376 + 2 * 256, 229888),
        ],
        "Προσοχή στο τι μετράει": [
            equal(P_RB, 229376 + 3 * 512),
            equal(229376 + 3 * 512, 230912),
        ],
        "$$P(C_{in}, C_{out}) = 9": [
            grid(
                lambda ci, co: (
                    params(BasicBlock(ci, co)) == 9 * ci * co + 9 * co**2 + ci * co + 4 * co
                ),
                [(16, 32), (64, 128), (128, 256), (3, 8), (32, 32)],
            )
        ],
        "Το μερίδιο των BatchNorm": [
            single(
                lambda: math.isclose(
                    (P_RB - 229376) / P_RB, 0.033, rel_tol=0.02
                )  # an approximation to two significant figures
            )
        ],
        "Αν είχαμε αφήσει": [
            equal(params(nn.Conv2d(64, 128, 3, stride=2, padding=1)), 73728 + 64),
            equal(73728 + 64, 73792),
        ],
        "Για το `conv1`, κάθε θέση": [
            equal(9 * 64 * 128, 73728),
            equal(M1, 56**2 * 73728),
            equal(56**2 * 73728, 231211008),
        ],
    },
)


# --- cheatsheet_conv3d_video_sizes_flops.md (English cheat sheet): Conv3d(3, 64, 3, stride
# (1, 2, 2), padding 1) -> Conv3d(64, 128, 3, same) -> MaxPool3d(2) on 3 x 16 x 112 x 112; MACs
# are FlopCounterMode / 2.

CHEAT = "cheatsheet_conv3d_video_sizes_flops"
CLIP = (1, 3, 16, 112, 112)


def _t_out(t: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Time length of torch conv3d output (one channel; only the time axis is varied)."""
    y = F.conv3d(torch.zeros(1, 1, t, 4, 4, dtype=F64), torch.zeros(1, 1, k, 1, 1, dtype=F64),
                 stride=(s, 1, 1), padding=(p, 0, 0), dilation=(d, 1, 1))  # fmt: skip
    return int(y.shape[2])


def _macs3(ci: int, co: int, k: tuple[int, int, int], s: tuple[int, int, int], p: int,
           size: tuple[int, int, int]) -> tuple[int, tuple[int, ...]]:  # fmt: skip
    """FlopCounterMode / 2 of a Conv3d and its output (T, H, W)."""
    x = torch.zeros(1, ci, *size, dtype=F64)
    w = torch.zeros(co, ci, *k, dtype=F64)
    out: list[torch.Tensor] = []
    macs = flops_half(lambda: out.append(F.conv3d(x, w, stride=s, padding=p)))
    return macs, tuple(out[0].shape[2:])


def _flops_against_macs(ci: int, co: int, k: tuple[int, int, int], s: tuple[int, int, int],
                       p: int, size: tuple[int, int, int]) -> bool:  # fmt: skip
    """FlopCounterMode's total against twice the multiply-accumulates counted by hand."""
    x, w = torch.zeros(1, ci, *size, dtype=F64), torch.zeros(co, ci, *k, dtype=F64)
    with FlopCounterMode(display=False) as counter:
        y = F.conv3d(x, w, stride=s, padding=p)
    return counter.get_total_flops() == 2 * co * y[0, 0].numel() * ci * math.prod(k)


C1 = nn.Conv3d(3, 64, 3, stride=(1, 2, 2), padding=1)
C2 = nn.Conv3d(64, 128, 3, stride=(1, 2, 2), padding=1)
MACS1, OUT1 = _macs3(3, 64, (3, 3, 3), (1, 2, 2), 1, (16, 112, 112))
MACS2, OUT2 = _macs3(64, 128, (3, 3, 3), (1, 2, 2), 1, OUT1)
MACS1_S1, _ = _macs3(3, 64, (3, 3, 3), (1, 1, 1), 1, (16, 112, 112))
OUT3 = tuple(F.max_pool3d(torch.zeros(1, 1, *OUT2, dtype=F64), 2).shape[2:])
_, OUT_NOPAD = _macs3(3, 64, (3, 3, 3), (1, 2, 2), 0, (16, 112, 112))
P21 = params(nn.Conv3d(3, 64, (1, 3, 3))) + params(nn.Conv3d(64, 64, (3, 1, 1)))
_T_GRID = [(t, k, s, p) for t in (8, 16, 17) for k in (1, 3, 5) for s in (1, 2, 3) for p in (0, 1)]
_D_GRID = [(t, k, p, d) for t in (9, 16, 17) for k in (2, 3) for p in (0, 1) for d in (2, 3)]
_MAC_GRID = [
    (2, 4, (3, 3, 3), (1, 2, 2), 1, (5, 8, 8)),
    (3, 2, (3, 5, 5), (2, 1, 1), 0, (7, 9, 9)),
    (1, 3, (1, 3, 3), (1, 1, 1), 1, (4, 6, 7)),
]


def _mac_formula(ci: int, co: int, k: tuple[int, int, int], s: tuple[int, int, int], p: int,
                 size: tuple[int, int, int]) -> bool:  # fmt: skip
    macs, out = _macs3(ci, co, k, s, p, size)
    return macs == co * math.prod(out) * ci * math.prod(k)


def _frames_vs_2d() -> bool:
    """A (1, 3, 3) Conv3d on 16 frames against Conv2d on one 112 x 112 frame."""
    m3 = flops_half(
        lambda: F.conv3d(torch.zeros(1, 3, 16, 112, 112, dtype=F64),
                         torch.zeros(64, 3, 1, 3, 3, dtype=F64), padding=(0, 1, 1))
    )  # fmt: skip
    m2 = flops_half(
        lambda: F.conv2d(torch.zeros(1, 3, 112, 112, dtype=F64),
                         torch.zeros(64, 3, 3, 3, dtype=F64), padding=1)
    )  # fmt: skip
    return m3 == 16 * m2


CHEAT_CLAIMS = claims_of(
    CHEAT,
    {
        "\\frac{T + 2p_t - k_t}{s_t}": [
            grid(lambda t, k, s, p: _t_out(t, k, s, p) == (t + 2 * p - k) // s + 1, _T_GRID)
        ],
        "\\frac{T + 2p_t - d_t k_t}{s_t}": [
            grid(lambda t, k, p, d: _t_out(t, k, 1, p, d) == (t + 2 * p - d * k) // 1 + 1, _D_GRID)
        ],
        "- Parameters: $P = C_{out}": [
            grid(
                lambda ci, co, k: params(nn.Conv3d(ci, co, k)) == co * (ci * math.prod(k) + 1),
                [(3, 64, (3, 3, 3)), (2, 5, (1, 3, 3)), (4, 3, (3, 1, 2))],
            )
        ],
        "$$\\text{MACs} = C_{out}": [grid(_mac_formula, _MAC_GRID)],
        "FLOPs as the profilers report": [grid(_flops_against_macs, _MAC_GRID)],
        "- $T_1 = \\left\\lfloor": [
            equal(OUT1[0], (16 + 2 - 3) // 1 + 1),
            equal((16 + 2 - 3) // 1 + 1, 16),
        ],
        "- $H_1 = \\left\\lfloor": [
            equal(OUT1[1], (112 + 2 - 3) // 2 + 1),
            equal((112 + 2 - 3) // 2 + 1, 56),
        ],
        "- $P_1 = 64": [equal(params(C1), 64 * (3 * 27 + 1)), equal(64 * (3 * 27 + 1), 5248)],
        "- $\\text{MACs}_1 = 64": [
            equal(MACS1, 64 * 16 * 56**2 * 81),
            equal(64 * 16 * 56**2 * 81, 260112384),
        ],
        "Same strides, so": [equal(OUT2[0], 8), equal(OUT2[1], 28)],
        "- $P_2 = 128": [equal(params(C2), 128 * 64 * 27 + 64), equal(128 * 64 * 27 + 64, 221248)],
        "- $\\text{MACs}_2 = 128": [
            equal(MACS2, 128 * 16 * 56**2 * 64 * 27),
            equal(128 * 16 * 56**2 * 64 * 27, 11098128384),
        ],
        "**pool.** $T_3": [
            equal(OUT3[0], 8 / 2),
            equal(8 / 2, 4),
            equal(OUT3[1], 28 / 2),
            equal(28 / 2, 14),
        ],
        "- Without the spatial stride": [equal(MACS1_S1 / MACS1, 2)],
        "- Without padding (stride": [
            equal(OUT_NOPAD[0], 16 - 3 + 1),
            equal(16 - 3 + 1, 14),
            equal(OUT_NOPAD[1], math.ceil((112 - 3) / 2) + 1),
            equal(math.ceil((112 - 3) / 2) + 1, 56),
        ],
        "- (2+1)D version of conv1": [
            equal(P21, 64 * (3 * 9 + 1) + 64 * (64 * 3 + 1)),
            single(lambda: 64 * (3 * 9 + 1) == 1792 and 64 * (64 * 3 + 1) == 12352),
            equal(1792 + 12352, 14144),
        ],
        "- A $1 \\times 3 \\times 3$ Conv3d": [single(_frames_vs_2d)],
    },
)


# --- tentamen_kettingregel_relu_na_convolutie.md (Dutch exam with model answers): 1-D valid
# cross-correlation, 0-based, x of length 6, w of length 3, b = -1, a = relu(z), dL/da given;
# torch's relu backward sends nothing through z = 0; dL/dz zero outside 0..3 (declared).

EXAM = "tentamen_kettingregel_relu_na_convolutie"
EX = np.array([2.0, -1, 3, 0, 1, 1])
EW = np.array([1.0, -1, 2])
EB = -1.0
EGA = np.array([1.0, 2, -1, 3])


def _relu_conv(x: np.ndarray, w: np.ndarray, b: float, ga: np.ndarray) -> dict:
    """torch conv1d + relu and every gradient of sum(a * ga) by autograd."""
    xt, wt, bt = t64(x, True), t64(w, True), t64([b], True)
    z = F.conv1d(xt[None, None], wt[None, None], bt)[0, 0]
    z.retain_grad()
    a = torch.relu(z)
    (a * t64(ga)).sum().backward()
    return {
        "x": x, "w": w, "ga": ga, "z": z.detach().numpy(), "a": a.detach().numpy(),
        "dz": z.grad.numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy(), "db": float(bt.grad[0]),
    }  # fmt: skip


EV = _relu_conv(EX, EW, EB, EGA)


def _exam(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random x, w, b, dL/da at the note's sizes, drawn again until z has both signs (a mask of
    all ones would let a formula without the mask agree by accident)."""

    def make(r: np.random.Generator) -> dict:
        while True:
            v = _relu_conv(r.normal(size=6), r.normal(size=3), float(r.normal()), r.normal(size=4))
            if np.any(v["z"] > 0) and np.any(v["z"] < 0):
                return v

    return trials(lambda r: rel(make(r)), seed)


def _dx_formula(v: dict) -> np.ndarray:
    return np.array([sum(v["w"][u] * zat(v["dz"], j - u) for u in range(3)) for j in range(6)])


def _dw_formula(v: dict) -> np.ndarray:
    return np.array([sum(v["dz"][i] * at(v["x"], i + u) for i in range(4)) for u in range(3)])


_Z0 = -1 + 2 * 1 + (-1) * (-1) + 3 * 2
_DX2_TERMS = EW[0] * EV["dz"][2] + EW[1] * EV["dz"][1] + EW[2] * EV["dz"][0]

EXAM_CLAIMS = claims_of(
    EXAM,
    {
        "De uitvoer heeft lengte": [equal(EV["z"].size, 6 - 3 + 1), equal(6 - 3 + 1, 4)],
        "$$z[0] = -1 + 2": [single(lambda: close(EV["z"][0], _Z0)), equal(_Z0, 8)],
        "en zo verder: $z = ": [
            single(lambda: same(EV["z"], [8, -5, 4, 0])),
            None,
            single(lambda: same(EV["a"], [8, 0, 4, 0])),
        ],
        "$$m = \\mathbb{1}[z > 0]": [
            None,
            single(lambda: same((EV["z"] > 0).astype(float), [1, 0, 1, 1])),
        ],
        "\\odot \\mathbb{1}[z > 0]$$": [
            _exam(lambda v: same(v["dz"], v["ga"] * (v["z"] > 0)), 5761)
        ],
        "Omdat $a > 0$ precies": [
            None,
            None,
            _exam(lambda v: same(v["dz"], v["ga"] * (v["a"] > 0)), 5762),
        ],
        "\\odot (1, 0, 1, 1) = ": [
            single(lambda: same(EV["dz"], EGA * np.array([1, 0, 1, 1]))),
            single(lambda: same(EGA * np.array([1, 0, 1, 1]), [1, 0, -1, 3])),
        ],
        "$$\\frac{\\partial L}{\\partial w[u]} = \\sum_{i=0}^{3}": [
            _exam(lambda v: same(v["dw"], _dw_formula(v)), 5763)
        ],
        "Dat geeft $\\frac{\\partial L}{\\partial w}": [
            single(lambda: same(EV["dw"], [-1, 2, 5])),
            _exam(lambda v: close(v["db"], v["dz"].sum()), 5764),
            single(lambda: close(EV["dz"].sum(), 3)),
        ],
        "een aantal studenten schreef": [_exam(lambda v: close(v["db"], v["ga"].sum()), 5765)],
        "$$\\frac{\\partial L}{\\partial x[j]} = \\sum_{u=0}^{2}": [
            _exam(lambda v: same(v["dx"], _dx_formula(v)), 5766)
        ],
        "$$\\frac{\\partial L}{\\partial x[2]} = w[0]": [
            single(lambda: close(EV["dx"][2], _DX2_TERMS)),
            single(lambda: close(_DX2_TERMS, -1 + 0 + 2)),
            equal(-1 + 0 + 2, 1),
        ],
        "$$\\frac{\\partial L}{\\partial x} = (1, -1, 1, 4": [
            single(lambda: same(EV["dx"], [1, -1, 1, 4, -5, 6]))
        ],
        "In operatorvorm is dit": [
            _exam(lambda v: same(v["dx"], corr1(np.pad(v["dz"], 2), v["w"][::-1])), 5767)
        ],
    },
)

NOTES_B: Claims = {**RES_CLAIMS, **CHEAT_CLAIMS, **EXAM_CLAIMS}
