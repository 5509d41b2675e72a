"""A batch loss written out over its samples (``L = \\frac{1}{2}\\left(\\ell_1 + \\ell_2\\right)``,
``L = \\ell_0 + \\ell_1``) and a sample's gradient named by another Greek letter
(``\\varepsilon_{n,i,j} = \\partial \\ell_n / \\partial y_{n,i,j}``, ``\\xi``): German sheet
notes with a mean (1-based) and Italian ones with a sum (0-based).  The truth is torch
autograd: each sample's loss is its output weighted by a random upstream tensor."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.per_sample_loss import defined_above
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

GERMAN = (
    "# Blatt 6: zwei Bilder im Batch\n\n"
    "Ein Batch aus zwei Bildern $x_{{n,i,j}}$ der Größe $5 \\times 5$ (ein Kanal), ein Kern "
    "$3 \\times 3$, Schrittweite 1, kein Padding, ein Bias $b$; Indizes ab 1. Die Ausgabe "
    "$y_{{n,i,j}}$ ist $3 \\times 3$. Der Batch-Verlust ist der Mittelwert $L = \\frac{{1}}{{2}}"
    "\\left(\\ell_1 + \\ell_2\\right)$, und $\\varepsilon_{{n,i,j}} = \\partial \\ell_n / "
    "\\partial y_{{n,i,j}}$.\n\n$${claim}$$\n"
)
ITALIAN = (
    "# Esercizio 3: batch di due immagini\n\n"
    "Un batch di due immagini $x_{{n,c,i,j}}$ con 1 canale di $4 \\times 4$, un filtro $3 \\times "
    "3$, passo 1, senza padding, con bias $b$; indici da 0. L'uscita $y_{{n,i,j}}$ è $2 \\times "
    "2$. La loss del batch è la somma $L = \\ell_0 + \\ell_1$ e $\\xi_{{n,i,j}} = \\partial "
    "\\ell_n / \\partial y_{{n,i,j}}$.\n\n$${claim}$$\n"
)


def _bias_gradient(side: int, mean: bool) -> tuple[float, float]:
    """(autograd's dL/db, the sum of every sample's d ell_n / d y over the batch)."""
    gen = torch.Generator().manual_seed(21)
    x = torch.randn((2, 1, side, side), generator=gen, dtype=torch.float64)
    w = torch.randn((1, 1, 3, 3), generator=gen, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, b)
    upstream = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    losses = (y * upstream).sum(dim=(1, 2, 3))  # ell_n; d ell_n / d y_n = upstream[n]
    (losses.mean() if mean else losses.sum()).backward()
    return float(b.grad[0]), float(upstream.sum())


@pytest.mark.parametrize(
    ("factor", "expected"), [(r"\frac{1}{2} ", VERIFIED), ("", WRONG)], ids=["half", "whole"]
)
def test_a_mean_written_out_over_two_samples(factor, expected):
    truth, summed = _bias_gradient(5, mean=True)
    written = summed / 2 if factor else summed
    assert (abs(written - truth) < 1e-9) == (expected == VERIFIED)
    claim = (
        rf"\frac{{\partial L}}{{\partial b}} = {factor}\sum_{{n=1}}^{{2}} \sum_{{i=1}}^{{3}} "
        r"\sum_{j=1}^{3} \varepsilon_{n,i,j}"
    )
    verdict = check_text(GERMAN.format(claim=claim), "blatt.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


@pytest.mark.parametrize(
    ("factor", "expected"), [("", VERIFIED), (r"\frac{1}{2} ", WRONG)], ids=["whole", "half"]
)
def test_a_sum_written_out_over_two_samples(factor, expected):
    truth, summed = _bias_gradient(4, mean=False)
    written = summed / 2 if factor else summed
    assert (abs(written - truth) < 1e-9) == (expected == VERIFIED)
    claim = (
        rf"\frac{{\partial L}}{{\partial b}} = {factor}\sum_{{n=0}}^{{1}} \sum_{{i=0}}^{{1}} "
        r"\sum_{j=0}^{1} \xi_{n,i,j}"
    )
    verdict = check_text(ITALIAN.format(claim=claim), "esercizio.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


def test_the_written_out_definitions():
    assert defined_above([r"$L = \frac{1}{2}(\ell_0 + \ell_1)$"], 1) == "mean"
    assert defined_above([r"$L = (\ell_1 + \ell_2 + \ell_3)/3$"], 1) == "mean"
    assert defined_above([r"$L = \ell_0 + \ell_1$"], 1) == "sum"
    # divided by another count, only one term halved, a regulariser after the terms: none
    assert defined_above([r"$L = \frac{1}{4}(\ell_0 + \ell_1)$"], 1) is None
    assert defined_above([r"$L = \frac{1}{2} \ell_0 + \ell_1$"], 1) is None
    assert defined_above([r"$L = \ell_0 + \ell_1 + \lambda R$"], 1) is None
