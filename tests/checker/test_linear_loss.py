"""A loss that sums (or averages) the layer's outputs, and the numbers it gives: the
upstream gradient and a filter's bias gradient.  Truth: torch autograd of conv2d with a
bias under that loss, never symconv."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")


def _truth(h: int, k: int, scale: Fraction) -> tuple[Fraction, Fraction]:
    """(every upstream entry, dL/db) for L = scale * sum of the outputs (torch)."""
    x = torch.randn(1, 1, h, h, dtype=torch.float64)
    w = torch.randn(1, 1, k, k, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, b)
    y.retain_grad()
    (float(scale) * y.sum()).backward()
    assert torch.allclose(y.grad, torch.full_like(y.grad, float(scale)))
    bias = Fraction(b.grad.item()).limit_denominator(1000)
    return Fraction(y.grad[0, 0, 0, 0].item()).limit_denominator(1000), bias


def _frac(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"\\frac{{{v.numerator}}}{{{v.denominator}}}"


STYLES = {
    "mean_brackets": (
        "With the loss $L = \\frac{{1}}{{{n}}}\\sum_{{i,j}} y[i][j]$ (the mean of the outputs) we "
        "get $g[i][j] = {g}$ for all entries, hence $\\frac{{\\partial L}}{{\\partial b}} = {db}$.",
        "mean",
    ),
    "sum_words_de": (
        "Faltung wie oben (ein Filter, Ausgabe {o}×{o}), $L = \\sum$ aller Ausgaben. Gradient "
        "nach dem Bias?\n$\\dfrac{{\\partial L}}{{\\partial b_f}} = {db}$",
        "sum",
    ),
    "sum_subscript": (
        "Take $L = \\sum_{{i,j}} y_{{ij}}$. Then $g_{{ij}} = {g}$ and "
        "$\\frac{{\\partial L}}{{\\partial b}} = {db}$.",
        "sum",
    ),
}


CASES = [
    (style, slip)
    for style, (template, _) in STYLES.items()
    for slip in (None, "bias", *(("upstream",) if "{g}" in template else ()))
]


@pytest.mark.parametrize(("style", "slip"), CASES)
def test_numbers_under_a_loss_that_sums_the_outputs(style, slip):
    template, kind = STYLES[style]
    h, k = 5, 3
    out = h - k + 1
    scale = Fraction(1, out * out) if kind == "mean" else Fraction(1)
    g, db = _truth(h, k, scale)
    claimed_g = g * 2 if slip == "upstream" else g
    claimed_db = db * out * out if slip == "bias" else db
    text = (
        f"# A convolution\n\nInput $x$ is {h}x{h}, kernel $w$ is {k}x{k}, stride 1, no padding, "
        "a bias $b$, indices from 0, $y$ the output.\n\n"
        + template.format(n=out * out, o=out, g=_frac(claimed_g), db=_frac(claimed_db))
        + "\n"
    )
    verdicts = [v for v in check_text(text).verdicts if v.status in (VERIFIED, WRONG)]
    judged = {v.source.split("=")[0].strip(): v for v in verdicts if "=" in v.source}
    bias = next(v for s, v in judged.items() if "b" in s and "partial" in s)
    assert bias.status == (WRONG if slip == "bias" else VERIFIED), bias.message
    upstream = [v for s, v in judged.items() if s.startswith("g")]
    for v in upstream:
        assert v.status == (WRONG if slip == "upstream" else VERIFIED), v.message


def test_a_loss_summing_an_activation_is_not_read_as_linear():
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    torch.sigmoid(torch.nn.functional.conv2d(x, w, b)).sum().backward()
    assert abs(b.grad.item() - 9) > 1e-6  # the sigmoid's slope is not 1
    text = (
        "# A convolution\n\nInput $x$ is 5x5, kernel $w$ is 3x3, stride 1, a bias $b$, "
        "indices from 0, $y$ the output and $o_{ij} = \\sigma(y_{ij})$.\n\n"
        "Take $L = \\sum_{i,j} o_{ij}$. Then $\\frac{\\partial L}{\\partial b} = 9$.\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status != VERIFIED, verdict.message
