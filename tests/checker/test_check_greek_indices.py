"""Greek letters as indices (greek_indices.py): a sum over tau, taps mu, a kernel entry
w_{alpha,beta}; each claim is the same statement with a Latin index, so it gets that one's
verdict.  Truths by hand (0-based, stride 1, no padding, g zero outside its range):
1-D: dL/dx_t = sum_k w_k g_{t-k}; 2-D: dL/dw_{a,b} = sum_{i,j} g_{i,j} x_{i+a, j+b}."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

SIGNAL = (
    "# A 1-D layer\n\n"
    "A signal $x$ of length 6 and a kernel $w$ of length 3, stride 1, no padding, no bias, "
    "indices from 0 ($g$ is zero outside $0, \\dots, 3$):\n\n"
    "$$y_\\nu = \\sum_{\\mu=0}^{2} w_\\mu \\, x_{\\nu + \\mu}$$\n\n"
)
IMAGE = (
    "## Gradiente del filtro\n\n"
    "Entrada de $4 \\times 4$, filtro de $2 \\times 2$, paso 1, sin relleno, índices desde 0, "
    "$y_{i,j} = \\sum_{m} \\sum_{n} w_{m,n} x_{i+m, j+n}$ y "
    "$g_{i,j} = \\partial L / \\partial y_{i,j}$.\n\n"
)


@pytest.mark.parametrize(
    "head,claim,status",
    [
        (
            SIGNAL,
            "\\frac{\\partial L}{\\partial x_\\tau} = \\sum_{\\mu=0}^{2} w_\\mu g_{\\tau - \\mu}",
            VERIFIED,
        ),
        (
            SIGNAL,
            "\\frac{\\partial L}{\\partial x_\\tau} = \\sum_{\\mu=0}^{2} w_\\mu g_{\\tau + \\mu}",
            WRONG,
        ),
        (
            SIGNAL,
            "\\sum_{\\tau=0}^{5} \\frac{\\partial L}{\\partial x_{\\tau}} = "
            "\\sum_{\\mu=0}^{2} \\sum_{\\nu=0}^{3} w_\\mu g_\\nu",
            VERIFIED,
        ),
        (
            IMAGE,
            "\\frac{\\partial L}{\\partial w_{\\alpha,\\beta}} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
            "g_{i,j} \\, x_{i+\\alpha, j+\\beta}",
            VERIFIED,
        ),
        (
            IMAGE,
            "\\frac{\\partial L}{\\partial w_{\\alpha,\\beta}} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
            "g_{i,j} \\, x_{i+\\beta, j+\\alpha}",
            WRONG,
        ),
    ],
)
def test_greek_indices_read_as_latin_ones(head, claim, status):
    verdict = check_text(head + f"$${claim}$$\n").verdicts[-1]
    assert verdict.status == status, verdict.message
