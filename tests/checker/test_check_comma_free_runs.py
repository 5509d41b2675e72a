"""Indices written without commas, a computed index in parentheses: ``x_{nk(i+a)(j+b)}``,
``g_{nm(p-a)(q-b)}``, ``X_{c(2i+u-2)(2j+v-2)}``, digits in a run (``w_{mk00}``).

Truth: each claim's formula is evaluated here with NumPy exactly as written (one index per
letter, digit or parenthesis) and compared with torch autograd of conv2d; a formula that
matches torch must be verified, one that does not must be caught.
"""

from __future__ import annotations

import numpy as np
import pytest
from conv_truth import conv2d_autograd
from line_verdicts import statuses

from symconv.checker.index_runs import run_pieces
from symconv.checker.report import VERIFIED, WRONG

# a batch of 2, 2 channels of 4x4, 3 filters of 2x2, stride 1, no padding, 0-based
BATCH = (
    "# Convolution indices without commas\n\n"
    "A batch of 2 inputs $x_{nkpq}$ with 2 channels of $4 \\times 4$ pixels goes through 3 "
    "filters $w_{mkab}$ of $2 \\times 2$ taps, stride 1, no padding and no bias. All indices "
    "start at 0, and $g_{nmij} = \\partial L / \\partial z_{nmij}$ is the upstream gradient.\n\n"
    "$${claim}$$\n\n"
    "where $g$ is zero outside its $3 \\times 3$ maps.\n"
)
T = conv2d_autograd((2, 2, 4, 4), (3, 2, 2, 2), seed=11)
X, W, G = T["X"], T["W"], T["G"]


def _g(n, m, i, j):  # zero outside the 3x3 output, as the notes say
    return G[n, m, i, j] if 0 <= i < 3 and 0 <= j < 3 else 0.0


def _x(n, k, p, q):
    return X[n, k, p, q] if 0 <= p < 4 and 0 <= q < 4 else 0.0


def _dw(shift: int) -> np.ndarray:  # x_{nk(i+a)(j+b)} (shift 1) or x_{nk(i-a)(j-b)} (-1)
    out = np.zeros_like(W)
    for m, k, a, b in np.ndindex(*W.shape):
        out[m, k, a, b] = sum(
            _g(n, m, i, j) * _x(n, k, i + shift * a, j + shift * b)
            for n in range(2)
            for i in range(3)
            for j in range(3)
        )
    return out


def _dx(shift: int) -> np.ndarray:  # g_{nm(p-a)(q-b)} (shift -1) or g_{nm(p+a)(q+b)} (1)
    out = np.zeros_like(X)
    for n, k, p, q in np.ndindex(*X.shape):
        out[n, k, p, q] = sum(
            _g(n, m, p + shift * a, q + shift * b) * W[m, k, a, b]
            for m in range(3)
            for a in range(2)
            for b in range(2)
        )
    return out


CLAIMS = [
    (
        "\\frac{\\partial L}{\\partial w_{mkab}} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} "
        "\\sum_{j=0}^{2} g_{nmij}\\, x_{nk(i+a)(j+b)}",
        np.allclose(_dw(1), T["dW"]),
    ),
    (
        "\\frac{\\partial L}{\\partial w_{mkab}} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} "
        "\\sum_{j=0}^{2} g_{nmij}\\, x_{n k (i-a) (j-b)}",
        np.allclose(_dw(-1), T["dW"]),
    ),
    (
        "\\frac{\\partial L}{\\partial x_{nkpq}} = \\sum_{m=0}^{2} \\sum_{a=0}^{1} "
        "\\sum_{b=0}^{1} g_{nm(p-a)(q-b)}\\, w_{mkab}",
        np.allclose(_dx(-1), T["dX"]),
    ),
    (
        "\\frac{\\partial L}{\\partial x_{nkpq}} = \\sum_{m=0}^{2} \\sum_{a=0}^{1} "
        "\\sum_{b=0}^{1} g_{nm(p+a)(q+b)}\\, w_{mkab}",
        np.allclose(_dx(1), T["dX"]),
    ),
    # digits in a run: the corner x_{nk00} is reached by g_{nm00} w_{mk00} only; x_{nk33}
    # by g_{nm22} w_{mk11}, not w_{mk00}
    (
        "\\frac{\\partial L}{\\partial x_{nk00}} = \\sum_{m=0}^{2} g_{nm00}\\, w_{mk00}",
        all(
            np.isclose(T["dX"][n, k, 0, 0], sum(G[n, m, 0, 0] * W[m, k, 0, 0] for m in range(3)))
            for n in range(2)
            for k in range(2)
        ),
    ),
    (
        "\\frac{\\partial L}{\\partial x_{nk33}} = \\sum_{m=0}^{2} g_{nm22}\\, w_{mk00}",
        all(
            np.isclose(T["dX"][n, k, 3, 3], sum(G[n, m, 2, 2] * W[m, k, 0, 0] for m in range(3)))
            for n in range(2)
            for k in range(2)
        ),
    ),
]


@pytest.mark.parametrize(("claim", "holds"), CLAIMS)
def test_a_batch_written_without_commas(claim: str, holds: bool) -> None:
    found = statuses(BATCH.replace("{claim}", claim), claim[:40])
    assert found == [VERIFIED if holds else WRONG]


def test_the_truth_has_both_kinds() -> None:
    assert {h for _, h in CLAIMS} == {True, False}


# one image, 1-based, stride 2: 2 channels of 5x5, 2 filters of 3x3, no padding, no bias
STRIDED = (
    "# A strided layer, one-based\n\n"
    "The input $X_{cpq}$ is a $5 \\times 5$ image with 2 channels and the kernel $K$ holds 2 "
    "filters of $3 \\times 3$; stride 2, no padding, no bias. Indices start at 1, and "
    "$G_{fij} = \\partial E / \\partial Y_{fij}$.\n\n"
    "$${claim}$$\n"
)
S = conv2d_autograd((1, 2, 5, 5), (2, 2, 3, 3), seed=5, stride=2)


def _y(row: int, col: int) -> np.ndarray:
    """Y_{fij} with X_{c(2i+u-row)(2j+v-col)}, 1-based as written, zero outside X."""
    x = S["X"][0]
    out = np.zeros((2, 2, 2))
    for f, i, j in np.ndindex(2, 2, 2):
        for c, u, v in np.ndindex(2, 3, 3):
            p, q = 2 * (i + 1) + (u + 1) - row, 2 * (j + 1) + (v + 1) - col
            if 1 <= p <= 5 and 1 <= q <= 5:
                out[f, i, j] += S["W"][f, c, u, v] * x[c, p - 1, q - 1]
    return out


def _dk(col: int) -> np.ndarray:
    """dE/dK_{fcuv} = sum_ij G_{fij} X_{c(2i+u-2)(2j+v-col)}, 1-based as written."""
    x, g = S["X"][0], S["G"][0]
    out = np.zeros((2, 2, 3, 3))
    for f, c, u, v in np.ndindex(2, 2, 3, 3):
        for i, j in np.ndindex(2, 2):
            p, q = 2 * (i + 1) + (u + 1) - 2, 2 * (j + 1) + (v + 1) - col
            if 1 <= p <= 5 and 1 <= q <= 5:
                out[f, c, u, v] += g[f, i, j] * x[c, p - 1, q - 1]
    return out


STRIDED_CLAIMS = [
    (
        "Y_{fij} = \\sum_{c=1}^{2} \\sum_{u=1}^{3} \\sum_{v=1}^{3} K_{fcuv}\\, "
        "X_{c(2i+u-2)(2j+v-2)}",
        None,
        (2, 2),
    ),
    (
        "Y_{fij} = \\sum_{c=1}^{2} \\sum_{u=1}^{3} \\sum_{v=1}^{3} K_{fcuv}\\, "
        "X_{c(2i+u-1)(2j+v-1)}",
        None,
        (1, 1),
    ),
    (
        "\\frac{\\partial E}{\\partial K_{fcuv}} = \\sum_{i=1}^{2} \\sum_{j=1}^{2} G_{fij}\\, "
        "X_{c(2i+u-2)(2j+v-2)}",
        2,
        None,
    ),
    (
        "\\frac{\\partial E}{\\partial K_{fcuv}} = \\sum_{i=1}^{2} \\sum_{j=1}^{2} G_{fij}\\, "
        "X_{c(2i+u-2)(2j+v-1)}",
        1,
        None,
    ),
]


@pytest.mark.parametrize(("claim", "col", "offsets"), STRIDED_CLAIMS)
def test_a_strided_one_based_layer_without_commas(claim, col, offsets) -> None:
    import torch

    if offsets is not None:  # the forward pass against torch's conv2d
        z = torch.nn.functional.conv2d(
            torch.from_numpy(S["X"]), torch.from_numpy(S["W"]), stride=2
        ).numpy()[0]
        holds = np.allclose(_y(*offsets), z)
    else:
        holds = np.allclose(_dk(col), S["dW"])
    found = statuses(STRIDED.replace("{claim}", claim), claim[:40])
    assert found == [VERIFIED if holds else WRONG]


# one channel, 1-based, parentheses only: x_{(i+m-1)(j+n-1)}
SINGLE = (
    "# Single-channel backprop\n\n"
    "The input $x$ is $4 \\times 4$, the kernel $w$ is $2 \\times 2$, stride 1, no padding, "
    "indices from 1, and $e_{ij} = \\partial E / \\partial y_{ij}$.\n\n"
    "$$CLAIM$$\n"
)
P = conv2d_autograd((1, 1, 4, 4), (1, 1, 2, 2), seed=3)


def _dw_single(offset: int) -> np.ndarray:
    """dE/dw_{mn} = sum_ij e_{ij} x_{(i+m-offset)(j+n-offset)}, 1-based, zero outside x."""
    x, e = P["X"][0, 0], P["G"][0, 0]
    out = np.zeros((2, 2))
    for m, n, i, j in np.ndindex(2, 2, 3, 3):
        p, q = (i + 1) + (m + 1) - offset, (j + 1) + (n + 1) - offset
        if 1 <= p <= 4 and 1 <= q <= 4:
            out[m, n] += e[i, j] * x[p - 1, q - 1]
    return out


@pytest.mark.parametrize(("written", "offset"), [("(i+m-1)(j+n-1)", 1), ("(i+m)(j+n)", 0)])
def test_parentheses_only(written: str, offset: int) -> None:
    holds = np.allclose(_dw_single(offset), P["dW"][0, 0])
    assert holds == (offset == 1)  # the truth: 1-based, the tap m adds m - 1
    claim = (
        "\\frac{\\partial E}{\\partial w_{mn}} = \\sum_{i=1}^{3} \\sum_{j=1}^{3} "
        f"e_{{ij}}\\, x_{{{written}}}"
    )
    assert statuses(SINGLE.replace("CLAIM", claim), claim) == [VERIFIED if holds else WRONG]


@pytest.mark.parametrize(
    ("written", "pieces"),
    [
        ("n c (i+u)(j+v)", ["n", "c", "i+u", "j+v"]),
        ("nc(p+1)(q+1)", ["n", "c", "p+1", "q+1"]),
        ("f\\,c\\,(p-2i)(q-2j)", ["f", "c", "p-2i", "q-2j"]),
        ("nf11", ["n", "f", "1", "1"]),
        ("(i+m)(j+n)", ["i+m", "j+n"]),
        ("12", None),  # a number: x_{12}'s own rule
        ("2(i+u)", None),  # a coefficient times an index
        ("(i+u)", None),  # one index
        ("ij", None),  # a bare letter run: the readers' own rule
        ("i+u", None),
    ],
)
def test_the_pieces_of_a_run_in_the_notes_text(written: str, pieces) -> None:
    assert run_pieces(written) == pieces
