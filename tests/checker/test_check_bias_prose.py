"""A bias stated in words ("one bias per channel", "cada filtro tiene su propio sesgo")
makes the layer's forward pass carry it: a forward formula that drops it is wrong.

Before, only "with a bias" and "bias per filter" were read, so after "there is one bias per
channel" the layer was read from the formula itself, and ``Y = \\sum W X`` without ``+ b_c``
was verified (found by mutating verified claims of the unseen sets).  The truth is torch's
conv2d with a bias: the formula without it differs from the layer's output.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

SENTENCES = [
    "there is one bias per channel",
    "each output channel has its own bias",
    "cada filtro tiene su propio sesgo",
    "hay un sesgo por canal de salida",
]
WITH_BIAS = "Y_{c,i,j} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} W_{c,u,v}\\, X_{i+u,j+v} + b_c"
WITHOUT_BIAS = "Y_{c,i,j} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} W_{c,u,v}\\, X_{i+u,j+v}"


def _notes(sentence: str, claim: str) -> str:
    return (
        "# Two filters\n\n"
        "The input $X$ is $5 \\times 5$ (one channel), there are two $3 \\times 3$ filters "
        f"$W_c$, stride 1, no padding, 0-based indices; {sentence}.\n\n"
        f"$${claim}$$\n"
    )


def test_the_bias_changes_the_output() -> None:
    """The truth behind the expected verdicts: with a nonzero bias, the formula without
    it is not the layer's output."""
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(1, 1, 5, 5, generator=gen, dtype=torch.float64)
    w = torch.randn(2, 1, 3, 3, generator=gen, dtype=torch.float64)
    b = torch.randn(2, generator=gen, dtype=torch.float64)
    with_bias, without = F.conv2d(x, w, b), F.conv2d(x, w)
    assert not torch.allclose(with_bias, without)
    assert torch.allclose(with_bias - without, b.view(1, 2, 1, 1).expand_as(without))


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("claim, expected", [(WITH_BIAS, VERIFIED), (WITHOUT_BIAS, WRONG)])
def test_bias_in_words(sentence: str, claim: str, expected: str) -> None:
    got = [v for v in check_text(_notes(sentence, claim), "notes.md").verdicts if v.line == 5]
    assert [v.status for v in got] == [expected], [v.message for v in got]


FORGOT_BIAS = [  # (notes whose forward formula has no bias but which go on to dL/db, line)
    (
        "## Dense layer\n\n"
        "The batch is stored row-wise, $X \\in \\mathbb{R}^{4 \\times 3}$, mapped to 2 outputs:"
        "\n\n$$Z = XW, \\qquad W \\in \\mathbb{R}^{3 \\times 2}$$\n\n"
        "$$\\frac{\\partial L}{\\partial b} = \\sum_{n=1}^{4} dZ_{n,:}$$\n",
        5,
    ),
    (
        "# Conv layer\n\nInput $X$ is $4\\times 4$, kernel $K$ is $2\\times 2$, stride 1, no "
        "padding.\n\n$$Y = X \\star K$$\n\n"
        "With $G = \\partial L / \\partial Y$: $\\frac{\\partial L}{\\partial b} = \\sum_{i,j} "
        "G_{ij}$.\n",
        5,
    ),
]


@pytest.mark.parametrize("notes, line", FORGOT_BIAS)
def test_forward_without_bias_beside_db_is_a_guess(notes: str, line: int) -> None:
    """The layer has a bias or not: the formula alone decides nothing, so not verified
    (with a bias it is wrong: test_the_bias_changes_the_output)."""
    got = [v for v in check_text(notes, "notes.md").verdicts if v.line == line]
    got = [v for v in got if "\\in" not in v.source]  # W \in R^{3x2} on the same line
    assert [v.status for v in got] == ["not-understood"], [v.message for v in got]
    assert "guess" in got[0].message


@pytest.mark.parametrize("notes, line", FORGOT_BIAS)
def test_forward_without_bias_alone_is_verified(notes: str, line: int) -> None:
    """Without a bias gradient in the notes, the formula is the layer's definition."""
    alone = notes.split("$$\\frac{\\partial L}{\\partial b}")[0].split("With $G")[0]
    got = [v for v in check_text(alone, "notes.md").verdicts if v.line == line]
    got = [v for v in got if "\\in" not in v.source]
    assert [v.status for v in got] == [VERIFIED], [v.message for v in got]


def test_a_summation_index_b_from_0_is_no_zero_bias() -> None:
    """``\\sum_{b=0}^{2}`` in a prose line is a summation index, not "b = 0" setting the bias
    to zero: the forward formula with its bias c stays the layer's (torch: conv2d with a
    bias is the formula with + c, test_the_bias_changes_the_output)."""
    notes = (
        "Say your input $X$ is $5\\times 5$ and your kernel $K$ is $3\\times 3$, stride 1, no "
        "padding.\n\nForward is $Y_{ij} = \\sum_{a=0}^{2}\\sum_{b=0}^{2} X_{i+a,j+b}K_{ab} + c$ "
        "with $G_{ij} = \\partial L/\\partial Y_{ij}$.\n"
    )
    got = [v for v in check_text(notes, "notes.md").verdicts if v.line == 3]
    assert [v.status for v in got] == [VERIFIED, VERIFIED], [v.message for v in got]
