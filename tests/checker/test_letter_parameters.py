"""Notes that give the stride and padding as letters ("the stride is $S$, the padding is
$P$") and a square input ("$X$ is $H \\times H$"): every claim is meant for all of those
sizes, whether it writes S or not, and only for square inputs (issue 16, fresh13's
appendix of general sizes).

Truth: torch autograd of conv2d over a grid of square inputs, kernels, strides and
paddings, against the claims' formulas evaluated in NumPy.  A claim that drops the stride
(``G_{p-u,q-v}``) holds at stride 1 only: it must not be verified.  A weight gradient
summed over H' x H' holds for every square input: it must not be called size-specific
at a non-square one the notes never consider.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

from symconv.checker.letter_parameters import letter_parameters
from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

GRID = [(h, k, s, p) for h, k, s, p in itertools.product((4, 5, 7), (2, 3), (1, 2), (0, 1))]


def _grads(h: int, k: int, s: int, p: int):
    torch.manual_seed(h * 100 + k * 10 + s + p)
    x = torch.randn(1, 1, h, h, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, stride=s, padding=p)
    g = torch.randn_like(y)
    y.backward(g)
    return x.detach()[0, 0].numpy(), w.detach()[0, 0].numpy(), g[0, 0].numpy(), x.grad, w.grad


def _padded_grad_formula(h, k, s, p, strided: bool) -> bool:
    """dL/d(padded x)[p', q'] = sum_{u,v} G[(p'-u)/S, (q'-v)/S] W[u,v] (or G[p'-u, q'-v])."""
    _x, w, g, dx, _ = _grads(h, k, s, p)
    side = h + 2 * p
    out = np.zeros((side, side))
    for a, b, u, v in itertools.product(range(side), range(side), range(k), range(k)):
        i, j = ((a - u) / s, (b - v) / s) if strided else (a - u, b - v)
        if (
            float(i).is_integer()
            and float(j).is_integer()
            and 0 <= i < g.shape[0]
            and 0 <= j < g.shape[1]
        ):
            out[a, b] += g[int(i), int(j)] * w[u, v]
    return np.allclose(out[p : side - p, p : side - p], dx[0, 0].numpy())


def _weight_grad_formula(h, k, s, p) -> bool:
    """dL/dW[u,v] = sum_{i,j < H'} G[i,j] Xpad[S i + u, S j + v]."""
    x, _w, g, _, dw = _grads(h, k, s, p)
    xp = np.pad(x, p)
    out = np.array(
        [
            [
                sum(
                    g[i, j] * xp[s * i + u, s * j + v]
                    for i in range(g.shape[0])
                    for j in range(g.shape[1])
                )
                for v in range(k)
            ]
            for u in range(k)
        ]
    )
    return np.allclose(out, dw[0, 0].numpy())


NOTE = """## Appendix: general sizes

The input $X$ is $H \\times H$, the kernel $W$ is $K \\times K$, the stride is $S$, the padding
is $P$, and $\\tilde X$ denotes the zero-padded input. Indices from 0. We write
$G = \\partial \\mathcal{L} / \\partial Y$.

$${claim}$$
"""
STRIDE_FREE = (
    r"\frac{\partial \mathcal{L}}{\partial \tilde X_{p,q}} = "
    r"\sum_{u=0}^{K-1}\sum_{v=0}^{K-1} G_{p-u,\,q-v}\, W_{u,v}"
)
STRIDED = (
    r"\frac{\partial \mathcal{L}}{\partial \tilde X_{p,q}} = "
    r"\sum_{u=0}^{K-1}\sum_{v=0}^{K-1} G_{\frac{p-u}{S},\frac{q-v}{S}}\, W_{u,v}"
)
WEIGHT = (
    r"\frac{\partial \mathcal{L}}{\partial W_{u,v}} = "
    r"\sum_{i=0}^{H'-1}\sum_{j=0}^{H'-1} G_{i,j}\,\tilde X_{Si+u,\,Sj+v}"
)


def _status(claim: str) -> str:
    found = [
        v
        for v in check_text(NOTE.replace("{claim}", claim), "n.md").verdicts
        if "=" in v.source and "G =" not in v.source
    ]
    return found[-1].status


def test_the_truths_over_the_grid() -> None:
    assert all(_padded_grad_formula(*c, strided=True) for c in GRID)
    assert not all(_padded_grad_formula(*c, strided=False) for c in GRID)
    assert all(_padded_grad_formula(*c, strided=False) for c in GRID if c[2] == 1)
    assert all(_weight_grad_formula(*c) for c in GRID)


def test_a_claim_that_drops_the_stride_is_not_verified() -> None:
    assert _status(STRIDE_FREE) in (WRONG, SIZE_SPECIFIC)


@pytest.mark.parametrize("claim", [STRIDED, WEIGHT])
def test_claims_right_for_every_square_size_are_verified(claim: str) -> None:
    assert _status(claim) == VERIFIED


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the stride is $S$, the padding is $P$", {"stride", "pad"}),
        ("El paso es $S$ y el relleno es $P$ ceros por lado.", {"stride", "pad"}),
        ("with stride $s$ and no other option", {"stride"}),
        ("the stride is $S$ ... ### Case $S = 1$", set()),  # a number given too
        ("stride 2, padding 1", set()),
    ],
)
def test_letter_parameters(text: str, found: set[str]) -> None:
    assert letter_parameters(text, set()) == found


def test_a_stated_number_wins() -> None:
    assert letter_parameters("the stride is $S$", {"stride"}) == set()
