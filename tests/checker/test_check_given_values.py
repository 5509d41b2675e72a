"""A worked example's givens ("$x = (1, 2, 3, 4)$, $w = (1, -1)$, $b = 0$") and claims with
those numbers put in (checker/given_values.py): "y[t] = x[t] - x[t-1]" is the causal
layer's y[t] = w_0 x[t] + w_1 x[t-1] + b at w = (1, -1), b = 0 -- true (hand work and
torch below), but judged as the layer's formula it lacks every w and was called wrong.  It
is not understood now; a claim keeping w is still judged."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.given_values import given_letters, roles_given
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def test_the_substituted_claim_is_true() -> None:
    x = torch.tensor([[[1.0, 2.0, 3.0, 4.0]]])
    w = torch.tensor([[[-1.0, 1.0]]])  # conv1d correlates: taps (x[t-1], x[t]) get (-1, 1)
    y = torch.nn.functional.conv1d(torch.nn.functional.pad(x, (1, 0)), w)[0, 0]
    assert y.tolist() == [1.0, 1.0, 1.0, 1.0]  # x[t] - x[t-1], x[-1] = 0


@pytest.mark.parametrize(
    ("line", "letters"),
    [
        ("$x = (1, 2, 3, 4)$, $w = (1, -1)$, $b = 0$: $y = 1$", {"x", "w", "b"}),
        ("Take $\\mathbf{w} = [2, -1, 1]$ and then $y = 3$", {"w"}),
        ("nothing given here: $y = 3$", set()),
    ],
)
def test_the_letters_given_numbers_before_the_claim(line: str, letters: set[str]) -> None:
    assert given_letters([line], 1, "y = ") == letters


def test_roles() -> None:
    assert roles_given({"w", "x", "d"}, {"w": "W", "x": "X", "d": "dilation"}) == {"W", "X"}


NOTE = (
    "# Causal conv\n\nSignal $x[t]$, kernel $w[k]$, $k = 0, 1$, one bias $b$, stride 1, "
    "0-based, $x[t] = 0$ for $t < 0$:\n\n$$y[t] = b + \\sum_{{k=0}}^{{1}} w[k]\\, x[t - k]$$\n\n"
    "## Tiny example\n\n$x = (1, 2, 3, 4)$, $w = (1, -1)$, $b = 0$: ${claim}$.\n"
)


@pytest.mark.parametrize(
    ("claim", "allowed"),
    [
        ("y[t] = x[t] - x[t-1]", {NOT_UNDERSTOOD}),  # the numbers put in: true, not read
        ("y[t] = x[t] + x[t-1]", {NOT_UNDERSTOOD}),  # put in wrongly: not read either
        ("y[t] = b + w[0]\\, x[t] + w[1]\\, x[t-1]", {VERIFIED, NOT_UNDERSTOOD}),
        # (causal left padding is not read: the true formula is not verified here)
        ("y[t] = b + w[1]\\, x[t] + w[0]\\, x[t-1]", {WRONG}),  # taps swapped
    ],
)
def test_a_claim_with_the_numbers_put_in_is_never_wrong(claim: str, allowed: set[str]) -> None:
    verdicts = check_text(NOTE.format(claim=claim), "tiny.md").verdicts
    mine = [v.status for v in verdicts if v.source == claim]
    assert len(mine) == 1 and mine[0] in allowed
