"""A worked example of one filter in notes whose layer has several.

Lab notes study `nn.Conv2d(2, 3, 3)` on a batch, then work "a single filter, two images
and a 2 x 2 output" by hand: $\\partial L/\\partial b = \\frac{1}{N} \\sum_n \\sum_{i,j}
G^{(n)}_{i,j}$ under a batch-mean loss.  Judged with the layer's three filters the claim
failed by shape ("a scalar where a vector of 3 is expected", "G_{4,1,1} is not an entry of
this layer"), a false alarm: it is the example's, which has one filter.  A "wrong" in a
section that says, before the claim, that it works with one filter ("a single filter", "un
solo filtro", "un seul filtre", ...) under a layer read with several is not understood now
(example_layer.unless_one_filter_example).  A mistake in the layer's own section is still
wrong.

Truth: torch autograd on a one-filter conv with two samples and L the mean of the
per-sample losses (each sample's upstream gradient G^{(n)})."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

G1 = [[2.0, 0.0], [-1.0, 1.0]]
G2 = [[1.0, 1.0], [0.0, -3.0]]

NOTES = {
    "en": """# Bias gradient over a batch

We study `nn.Conv2d(2, 3, 3)` (stride 1, no padding) on a batch of $N = 4$ images \
$2 \\times 6 \\times 6$, so the output side is $6 - 3 + 1 = 4$.

With $G_{{n,f,i,j}} = \\partial L / \\partial Y_{{n,f,i,j}}$ the upstream gradient,

$$\\frac{{\\partial L}}{{\\partial b_f}} = \\sum_{{n=1}}^{{N}} \\sum_{{i,j}} G_{{n,f,i,j}}$$

A classmate wrote $\\frac{{\\partial L}}{{\\partial b_f}} = \\sum_{{n=1}}^{{N}} \
\\sum_{{g=1}}^{{3}} \\sum_{{i,j}} G_{{n,g,i,j}}$ instead.

## By hand

Take a single filter, two images and a $2 \\times 2$ output, with

$$G^{{(1)}} = \\begin{{bmatrix}} 2 & 0 \\\\ -1 & 1 \\end{{bmatrix}}, \\qquad G^{{(2)}} = \
\\begin{{bmatrix}} 1 & 1 \\\\ 0 & -3 \\end{{bmatrix}}$$

If the loss is the batch mean, $L = \\frac{{1}}{{N}} \\sum_{{n}} \\ell_n$, with $G^{{(n)}}$ \
the gradient of $\\ell_n$, then {claim}.
""",
    "es": """# Gradiente del sesgo en un lote

Estudiamos `nn.Conv2d(2, 3, 3)` (paso 1, sin relleno) sobre un lote de $N = 4$ imágenes \
$2 \\times 6 \\times 6$, así que el lado de la salida es $6 - 3 + 1 = 4$.

Con $G_{{n,f,i,j}} = \\partial L / \\partial Y_{{n,f,i,j}}$ el gradiente que llega,

$$\\frac{{\\partial L}}{{\\partial b_f}} = \\sum_{{n=1}}^{{N}} \\sum_{{i,j}} G_{{n,f,i,j}}$$

Un compañero escribió $\\frac{{\\partial L}}{{\\partial b_f}} = \\sum_{{n=1}}^{{N}} \
\\sum_{{g=1}}^{{3}} \\sum_{{i,j}} G_{{n,g,i,j}}$ en su lugar.

## A mano

Tomamos un solo filtro, dos imágenes y una salida de $2 \\times 2$, con

$$G^{{(1)}} = \\begin{{bmatrix}} 2 & 0 \\\\ -1 & 1 \\end{{bmatrix}}, \\qquad G^{{(2)}} = \
\\begin{{bmatrix}} 1 & 1 \\\\ 0 & -3 \\end{{bmatrix}}$$

Si la pérdida es la media del lote, $L = \\frac{{1}}{{N}} \\sum_{{n}} \\ell_n$, con \
$G^{{(n)}}$ el gradiente de $\\ell_n$, entonces {claim}.
""",
}
MEAN = "$\\frac{\\partial L}{\\partial b} = \\frac{1}{N} \\sum_{n=1}^{N} \\sum_{i,j} G^{(n)}_{i,j}$"
MEAN_2 = (
    "$\\frac{\\partial L}{\\partial b} = \\frac{1}{2} \\sum_{n=1}^{2} \\sum_{i,j} G^{(n)}_{i,j}$"
)
# the mean's 1/N left out: the gradient of the sum, twice the mean's here
SUM = "$\\frac{\\partial L}{\\partial b} = \\sum_{n=1}^{N} \\sum_{i,j} G^{(n)}_{i,j}$"


def _bias_gradient() -> float:
    """dL/db of a one-filter conv with a 2x2 output, two samples, L the mean of the
    per-sample losses l_n = <Y_n, G^{(n)}> (so dl_n/dY_n = G^{(n)})."""
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(1, 1, 2).double()
    x = torch.randn(2, 1, 3, 3, dtype=torch.float64)
    g = torch.tensor([[G1], [G2]], dtype=torch.float64)
    y = conv(x)
    assert y.shape == g.shape
    losses = (y * g).sum(dim=(1, 2, 3))
    losses.mean().backward()
    assert conv.bias.grad is not None
    return float(conv.bias.grad[0])


def _verdicts(lang: str, claim: str):
    text = NOTES[lang].format(claim=claim)
    return text, check_text(text, "notes.md").verdicts


def _claim(lang: str, claim: str):
    text, verdicts = _verdicts(lang, claim)
    line = text.count("\n")  # the claim's line, the last
    found = [v for v in verdicts if v.line == line and "partial L}{\\partial b}" in v.source]
    assert len(found) == 1, found
    return found[0]


def _truth_of(claim: str) -> float:
    total = sum(sum(row) for row in G1) + sum(sum(row) for row in G2)  # 2 + (-1) = 1
    return total / 2 if claim in (MEAN, MEAN_2) else total


@pytest.mark.parametrize("lang", sorted(NOTES))
@pytest.mark.parametrize("claim", [MEAN, MEAN_2], ids=["1 over N", "1 over 2"])
def test_the_examples_claim_is_not_judged_with_the_layers_filters(lang: str, claim: str) -> None:
    assert _truth_of(claim) == pytest.approx(_bias_gradient())
    verdict = _claim(lang, claim)
    assert verdict.status != WRONG, verdict.message


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_the_mean_without_its_factor_is_not_verified(lang: str) -> None:
    assert _truth_of(SUM) != pytest.approx(_bias_gradient())
    verdict = _claim(lang, SUM)
    assert verdict.status != VERIFIED, verdict.message


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_the_layers_own_section_is_judged_as_before(lang: str) -> None:
    _, verdicts = _verdicts(lang, MEAN)
    by_line = {v.line: v for v in verdicts if "partial b_f" in v.source}
    # dL/db_f sums filter f's gradient only (line 7); the classmate's sum over every
    # filter g (line 9) is a mistake of the layer's own section, still caught
    assert by_line[7].status == VERIFIED, by_line[7].message
    assert by_line[9].status == WRONG, by_line[9].message
