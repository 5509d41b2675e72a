"""Samples numbered from 1 by the notes' own loss (issue 16: fresh16's rubric, "the sum over
n runs from 1 to 8 over a batch of 8 samples numbered from 0: the samples may be numbered
from 1, which is not read").

``L = \\frac{1}{8}\\sum_{n=1}^{8} \\ell^{(n)}`` numbers the samples from 1; with
``g^{(n)} = \\partial \\ell^{(n)} / \\partial y^{(n)}`` each sample's own gradient, the bias
gradient of the mean loss is ``\\frac{1}{8}\\sum_n \\sum_{i,j} g^{(n)}_{ij}``.  Truth: torch
autograd of a batch of 8 through conv2d (5x5 input, 3x3 kernel, stride 2), the mean of
per-sample losses against each claim evaluated from the per-sample gradients.
"""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.sample_numbering import from_sample_zero

HEAD = (
    "# HW5\n\nA single-channel input $x$ of size $5 \\times 5$ goes through a convolution "
    "with a $3 \\times 3$ kernel $w$, a scalar bias $b$, stride 2 and no padding. Indices "
    "are 0-based, $g_{ij} = \\partial L / \\partial y_{ij}$ is the upstream gradient.\n\n"
    "**Minibatch.** The loss is the mean over a minibatch of 8 images, "
    "$L = \\frac{1}{8}\\sum_{n=1}^{8} \\ell^{(n)}$, with $g^{(n)}_{ij} = \\partial \\ell^{(n)} "
    "/ \\partial y^{(n)}_{ij}$ the per-image upstream gradient. "
)


DB = "\\frac{\\partial L}{\\partial b} = "


def _torch_bias_claims() -> dict[str, bool]:
    """Whether the mean-of-sums and the plain sum of per-sample gradients equal dL/db."""
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(8, 1, 5, 5, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, generator=gen, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    targets = torch.randn(8, 1, 2, 2, generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, b, stride=2)
    y.retain_grad()
    per_sample = ((y - targets) ** 2).sum(dim=(1, 2, 3))  # ell^(n)
    per_sample.mean().backward()
    assert b.grad is not None and y.grad is not None
    g = 8 * y.grad  # d ell^(n) / d y^(n): the mean's 1/8 taken back
    return {
        "mean": bool(torch.isclose(b.grad[0], g.sum() / 8)),
        "sum": bool(torch.isclose(b.grad[0], g.sum())),
    }


@pytest.mark.parametrize(
    ("claim", "which"),
    [
        (DB + "\\frac{1}{8}\\sum_{n=1}^{8}\\sum_{i,j} g^{(n)}_{ij}", "mean"),
        (DB + "\\sum_{n=1}^{8}\\sum_{i,j} g^{(n)}_{ij}", "sum"),
    ],
)
def test_bias_gradient_of_a_mean_over_samples_from_one(claim: str, which: str) -> None:
    truth = _torch_bias_claims()
    text = HEAD + f"Key: ${claim}$.\n"
    found = [v for v in check_text(text, "notes.md").verdicts if v.source == claim]
    assert found, "no verdict"
    assert found[0].status == (VERIFIED if truth[which] else WRONG), found[0].message


def test_the_shift_needs_the_index_as_a_mark_only() -> None:
    doc = "$L = \\sum_{n=1}^{N} \\ell^{(n)}$"
    assert from_sample_zero("\\sum_{n=1}^{N} x^{(n)}", doc) == "\\sum_{n=0}^{N-1} x^{(n)}"
    # n used as a number too: the shift would change the claim
    assert from_sample_zero("\\sum_{n=1}^{N} n\\, x^{(n)}", doc) == "\\sum_{n=1}^{N} n\\, x^{(n)}"
    # the notes number nothing from 1: as written
    assert from_sample_zero("\\sum_{n=1}^{N} x^{(n)}", "$L = \\ell$") == ("\\sum_{n=1}^{N} x^{(n)}")


def test_a_per_sample_gradient_under_an_unread_loss_stays() -> None:
    doc = (
        "$L = \\frac{1}{N}\\sum_{n=1}^{N} \\ell^{(n)}$ and $g^{(n)} = \\partial \\ell^{(n)} "
        "/ \\partial y^{(n)}$"
    )
    claim = "\\sum_{n=1}^{N} g^{(n)}"
    assert from_sample_zero(claim, doc) == claim  # a mean over a letter: not rescaled
    text = HEAD.replace("{8}", "{N}").replace("^{8}", "^{N}") + f"Key: ${claim}$.\n"
    statuses = [v.status for v in check_text(text, "notes.md").verdicts if v.source == claim]
    assert statuses in ([], [NOT_UNDERSTOOD])
