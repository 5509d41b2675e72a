"""A count set by the capital of its index letter, with no word after the number: "$N = 3$
images, $C = 2$ and $F = 2$" beside ``W[f, c, r, t]``, "$B = 2$, $M = 3$" beside channels-last
``K_{u,v,k,m}`` (capital_counts.py).

Truth: torch autograd of conv2d (conv_truth.py; channels-last by moving its axes), against
each formula evaluated here with NumPy as written (a sum to F-1 runs over the F filters the
notes set); a formula that matches must be verified, one that does not must be caught.
"""

from __future__ import annotations

import numpy as np
import pytest
from conv_truth import conv2d_autograd
from line_verdicts import statuses

from symconv.checker.capital_counts import capital_count_facts
from symconv.checker.report import VERIFIED, WRONG

ARRAYS = (
    "# Backward pass of a conv layer, array style\n\n"
    "Arrays are indexed like NumPy: $X[n, c, h, w]$ for the input, $W[f, c, r, t]$ for the "
    "weights, $Y[n, f, i, j]$ for the output, all from 0. Take $N = 3$ images, $C = 2$ and "
    "$F = 2$, $4 \\times 4$ inputs, a $3 \\times 3$ kernel, stride 1, no padding, no bias, and "
    "write $dA$ for $\\partial L / \\partial A$.\n\n"
    "$$CLAIM$$\n\n"
    "(with $dY$ zero outside its $2 \\times 2$ maps)\n"
)
T = conv2d_autograd((3, 2, 4, 4), (2, 2, 3, 3), seed=31)
x, w, dy, dx, dw = T["X"], T["W"], T["G"], T["dX"], T["dW"]


def _dy(n, f, i, j):
    return dy[n, f, i, j] if 0 <= i < 2 and 0 <= j < 2 else 0.0


def _dx(sign: int) -> np.ndarray:  # dY[n, f, h - r, w - t] (sign -1) or h + r (+1)
    out = np.zeros_like(x)
    for n, c, h, v in np.ndindex(*x.shape):
        for f, r, t in np.ndindex(2, 3, 3):
            out[n, c, h, v] += w[f, c, r, t] * _dy(n, f, h + sign * r, v + sign * t)
    return out


def _dw(samples: int) -> np.ndarray:  # the sum over n = 0..samples-1
    out = np.zeros_like(w)
    for f, c, r, t in np.ndindex(*w.shape):
        for n, i, j in np.ndindex(samples, 2, 2):
            out[f, c, r, t] += dy[n, f, i, j] * x[n, c, i + r, j + t]
    return out


DX = "dX[n, c, h, w] = \\sum_{f=0}^{TOP} \\sum_{r=0}^{2} \\sum_{t=0}^{2} W[f, c, r, t]\\, "
DW = "dW[f, c, r, t] = \\sum_{n=0}^{TOP} \\sum_{i=0}^{1} \\sum_{j=0}^{1} dY[n, f, i, j]\\, "
ARRAY_CLAIMS = [
    (DX.replace("TOP", "F-1") + "dY[n, f, h - r, w - t]", np.allclose(_dx(-1), dx)),
    (DX.replace("TOP", "1") + "dY[n, f, h - r, w - t]", np.allclose(_dx(-1), dx)),
    (DX.replace("TOP", "F-1") + "dY[n, f, h + r, w + t]", np.allclose(_dx(1), dx)),
    (DW.replace("TOP", "N-1") + "X[n, c, i + r, j + t]", np.allclose(_dw(3), dw)),
    (DW.replace("TOP", "N-2") + "X[n, c, i + r, j + t]", np.allclose(_dw(2), dw)),
]


@pytest.mark.parametrize(("claim", "holds"), ARRAY_CLAIMS)
def test_counts_set_by_capitals_in_array_notation(claim: str, holds: bool) -> None:
    assert statuses(ARRAYS.replace("CLAIM", claim), claim[:50]) == [VERIFIED if holds else WRONG]


LAST = (
    "# Channels-last gradients\n\n"
    "TensorFlow keeps tensors channels-last: $X_{b,p,q,k}$ (sample, row, column, channel), "
    "the kernel $K_{u,v,k,m}$ and the output $Z_{b,i,j,m}$. Here $B = 2$, $M = 3$, the input "
    "is $5 \\times 5$ with 2 channels, the kernel $2 \\times 2$, stride 1, no padding, no "
    "bias, indices from 0, and $G_{b,i,j,m} = \\partial L / \\partial Z_{b,i,j,m}$.\n\n"
    "$$CLAIM$$\n"
)
# channels-last: torch's NCHW tensors with their axes moved (input and output (b, p, q, k),
# kernel (u, v, k, m))
L = conv2d_autograd((2, 2, 5, 5), (3, 2, 2, 2), seed=37)
xl, gl, dxl = (L[k].transpose(0, 2, 3, 1) for k in ("X", "G", "dX"))
kl, dkl = (L[k].transpose(2, 3, 1, 0) for k in ("W", "dW"))


def _gl(b, i, j, m):
    return gl[b, i, j, m] if 0 <= i < 4 and 0 <= j < 4 else 0.0


def _dxl(swap: bool) -> np.ndarray:  # K_{u,v,k,m}, or K_{v,u,k,m} when swapped
    out = np.zeros_like(xl)
    for b, p, q, k in np.ndindex(*xl.shape):
        for m, u, v in np.ndindex(3, 2, 2):
            tap = kl[v, u, k, m] if swap else kl[u, v, k, m]
            out[b, p, q, k] += _gl(b, p - u, q - v, m) * tap
    return out


def _dkl(sample: int | None) -> np.ndarray:  # the sum over b, or one sample's terms
    out = np.zeros_like(kl)
    for u, v, k, m in np.ndindex(*kl.shape):
        for b, i, j in np.ndindex(2, 4, 4):
            if sample is None or b == sample:
                out[u, v, k, m] += xl[b, i + u, j + v, k] * gl[b, i, j, m]
    return out


DXL = (
    "\\frac{\\partial L}{\\partial X_{b,p,q,k}} = \\sum_{m=0}^{M-1} \\sum_{u=0}^{1} "
    "\\sum_{v=0}^{1} G_{b,\\,p-u,\\,q-v,\\,m}\\, "
)
DKL = "\\frac{\\partial L}{\\partial K_{u,v,k,m}} = "
TERMS = "\\sum_{i=0}^{3} \\sum_{j=0}^{3} X_{b,\\,i+u,\\,j+v,\\,k}\\, G_{b,i,j,m}"
LAST_CLAIMS = [
    (DXL + "K_{u,v,k,m}", np.allclose(_dxl(False), dxl)),
    (DXL + "K_{v,u,k,m}", np.allclose(_dxl(True), dxl)),
    (DKL + "\\sum_{b=0}^{B-1} " + TERMS, np.allclose(_dkl(None), dkl)),
    (DKL + TERMS, any(np.allclose(_dkl(b), dkl) for b in range(2))),
]


@pytest.mark.parametrize(("claim", "holds"), LAST_CLAIMS)
def test_counts_set_by_capitals_channels_last(claim: str, holds: bool) -> None:
    assert statuses(LAST.replace("CLAIM", claim), claim[:60]) == [VERIFIED if holds else WRONG]


def test_the_truth_has_both_kinds() -> None:
    assert {h for _, h in ARRAY_CLAIMS} == {h for _, h in LAST_CLAIMS} == {True, False}


@pytest.mark.parametrize(
    ("prose", "facts"),
    [
        # CS231n's F is the filters' spatial extent, not their number
        ("Each filter $W_{f,c,u,v}$ has spatial extent $F = 3$; $Y_{n,f,i,j}$, $X_{n,c,p,q}$.", []),
        ("The filters $W_{f,c,u,v}$, with $F = 5$ pixels wide; $Y_{n,f,i,j}$, $X_{n,c,p,q}$.", []),
        # K names a kernel's side too often to be read as k's count
        ("Kernels $W_{k,c,u,v}$, $K = 3$, outputs $Y_{n,k,i,j}$ of $X_{n,c,p,q}$.", []),
        # two values of one capital: another case, not read
        ("$W_{f,c,u,v}$, $Y_{n,f,i,j}$, $X_{n,c,p,q}$ with $F = 4$; later $F = 8$.", []),
        (
            "$W_{f,c,u,v}$, $Y_{n,f,i,j}$, $X_{n,c,p,q}$ with $F = 4$.",
            [("out-channels", "4", 1), ("sizes", "F=out-channels", 1)],
        ),
        (
            "$W_{f,c,u,v}$, $Y_{n,f,i,j}$, $X_{n,c,p,q}$ with $N = 2,\\ F = 4,\\ k = 3$.",
            [
                ("batch", "2", 1),
                ("sizes", "N=batch", 1),
                ("out-channels", "4", 1),
                ("sizes", "F=out-channels", 1),
            ],
        ),
        # a list that holds more than settings is not read
        ("$W_{f,c,u,v}$, $Y_{n,f,i,j}$, $X_{n,c,p,q}$ with $F = 4, H' = H - 2$.", []),
    ],
)
def test_which_settings_are_counts(prose: str, facts: list) -> None:
    assert capital_count_facts([prose], 1) == facts


WORDS = ARRAYS.replace(
    "Take $N = 3$ images, $C = 2$ and $F = 2$, $4 \\times 4$ inputs",
    "Take a batch of 3 images with 2 channels, 2 filters, $4 \\times 4$ inputs",
)


@pytest.mark.parametrize(("claim", "holds"), [ARRAY_CLAIMS[0], ARRAY_CLAIMS[2]])
def test_a_sum_to_the_capital_minus_one_counts_in_words(claim: str, holds: bool) -> None:
    # "2 filters" in words; \sum_{f=0}^{F-1} over W's filter index names F their count
    assert "F = " not in WORDS
    assert statuses(WORDS.replace("CLAIM", claim), claim[:50]) == [VERIFIED if holds else WRONG]


def test_a_whole_sum_binds_its_capital_without_a_value() -> None:
    math = (
        "$W_{f,c,u,v}$, $Y_{n,f,i,j}$, $X_{n,c,p,q}$; $$\\sum_{f=0}^{F-1} W_{f,c,u,v}$$ "
        "and $\\sum_{n=1}^{N} Y_{n,f,i,j}$; $\\sum_{k=0}^{K-1}$ is no count of these."
    )
    assert capital_count_facts([math], 1) == [
        ("sizes", "F=out-channels", 1),
        ("sizes", "N=batch", 1),
    ]
