"""Activation claims in notes about one layer (issue 16's activation class, from the unseen
dev set): the derivative of a named function, and dZ = dA ⊙ f'(Z) with f the activation the
prose names nearest before the claim.  Truth: torch autograd of the activation at sample
points; each wrong variant stays wrong, and a claim whose activation the notes never name is
not understood."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.activation_claims import activation_named_before, judge_activation_claim
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

POINTS = torch.tensor([-2.0, -0.3, 0.4, 1.7], dtype=torch.float64)


def _slope(kind: str) -> torch.Tensor:
    z = POINTS.clone().requires_grad_(True)
    {"sigmoid": torch.sigmoid, "relu": torch.relu, "tanh": torch.tanh}[kind](z).sum().backward()
    return z.grad


FORMS = {  # the claimed slope at the points, computed here with torch
    "sigma(1-sigma)": lambda z: torch.sigmoid(z) * (1 - torch.sigmoid(z)),
    "sigma(1+sigma)": lambda z: torch.sigmoid(z) * (1 + torch.sigmoid(z)),
    "step": lambda z: (z > 0).double(),
    "a": torch.relu,
}


@pytest.mark.parametrize(
    ("claim", "kind", "form", "expected"),
    [
        (r"\sigma'(z) = \sigma(z)\left(1 - \sigma(z)\right)", None, "sigma(1-sigma)", VERIFIED),
        (r"\sigma'(z) = \sigma(z)\,(1 + \sigma(z))", None, "sigma(1+sigma)", WRONG),
        (
            r"\operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z < 0 \end{cases}",
            None,
            "step",
            VERIFIED,
        ),
        (r"dZ = dA \odot \mathbb{1}[Z > 0]", "relu", "step", VERIFIED),
        (r"dz^{[l]} = da^{[l]} \odot a^{[l]}", "relu", "a", WRONG),
        (
            r"dz^{[l]} = da^{[l]} \odot a^{[l]} \odot (1 - a^{[l]})",
            "sigmoid",
            "sigma(1-sigma)",
            VERIFIED,
        ),
    ],
)
def test_activation_claims_against_autograd(claim, kind, form, expected):
    truth = _slope(kind or ("relu" if "ReLU" in claim else "sigmoid"))
    assert torch.allclose(FORMS[form](POINTS), truth) == (expected == VERIFIED)
    assert judge_activation_claim(claim, kind)["status"] == expected


def test_a_breakpoint_off_zero_is_caught():
    claim = r"\operatorname{ReLU}'(z) = \begin{cases} 1 & z > 1 \\ 0 & z < 1 \end{cases}"
    assert judge_activation_claim(claim, None)["status"] == WRONG


def test_the_activation_is_the_one_named_nearest_before():
    text = (
        "The layer is $A = \\operatorname{ReLU}(Z)$.\n\nA través de la activación, "
        "$dZ = dA \\odot \\mathbb{1}[Z > 0]$; si la activación fuera la sigmoide,\n"
        "$dZ = dA \\odot \\sigma(Z)\\odot\\left(1 - \\sigma(Z)\\right)$.\n"
    )
    statuses = [v.status for v in check_text(text, "n.md").verdicts]
    assert statuses == [NOT_UNDERSTOOD, VERIFIED, VERIFIED]  # A = ReLU(Z) only names it
    assert activation_named_before("if the layer used a sigmoid instead,") == "sigmoid"
    assert activation_named_before("no activation named here") is None
    # dA ⊙ A(1 - A) with no activation named anywhere: which f is it?
    bare = "Some notes.\n\n$$dZ = dA \\odot A \\odot (1 - A)$$\n"
    assert check_text(bare, "n.md").verdicts[-1].status == NOT_UNDERSTOOD
