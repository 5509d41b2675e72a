"""The derivative of a sigmoid's binary cross-entropy defined in the claim's paragraph
(sigmoid_loss.py): "$\\ell = -y \\log \\sigma(z) - (1-y)\\log(1 - \\sigma(z))$,
$\\frac{\\partial \\ell}{\\partial z} = \\sigma(z) - y$".  Truth: torch autograd of
F.binary_cross_entropy_with_logits at several logits and labels (hard and soft)."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

ENGLISH = """# Logistic regression in one page

- Sigmoid + binary CE: $\\ell = -y \\log \\sigma(z) - (1-y)\\log(1 - \\sigma(z))$, \
$\\dfrac{\\partial \\ell}{\\partial z} = \\sigma(z) - y$
- Same loss, a slip: $\\ell = -y \\log \\sigma(z) - (1-y)\\log(1 - \\sigma(z))$, \
$\\dfrac{\\partial \\ell}{\\partial z} = y - \\sigma(z)$
"""

GERMAN = """# Logistische Regression

Mit der logistischen Funktion $\\sigma(z) = \\frac{1}{1 + e^{-z}}$ und \
$L = -y \\ln \\sigma(z) - (1 - y) \\ln(1 - \\sigma(z))$ gilt \
$\\frac{\\partial L}{\\partial z} = \\sigma(z) - y$.

Falsch wäre $L = -y \\ln \\sigma(z) - (1 - y) \\ln(1 - \\sigma(z))$ mit \
$\\frac{\\partial L}{\\partial z} = \\sigma(z)\\,(1 - \\sigma(z))\\,(\\sigma(z) - y)$.
"""

# sigma never said to be the sigmoid: not read as one
UNSAID = """# Notes

$\\ell = -y \\log \\sigma(z) - (1-y)\\log(1 - \\sigma(z))$, \
$\\frac{\\partial \\ell}{\\partial z} = \\sigma(z) - y$
"""


def test_the_truth():
    for label in (0.0, 1.0, 0.3):
        z = torch.tensor([-2.0, -0.5, 0.0, 1.5], dtype=torch.float64, requires_grad=True)
        y = torch.full_like(z, label)
        loss = F.binary_cross_entropy_with_logits(z, y, reduction="sum")
        (grad,) = torch.autograd.grad(loss, z)
        s = torch.sigmoid(z).detach()
        assert torch.allclose(grad, s - y)
        assert not torch.allclose(grad, y - s)
        assert not torch.allclose(grad, s * (1 - s) * (s - y))


def test_the_derivative_of_the_binary_cross_entropy():
    assert statuses(ENGLISH, "Sigmoid + binary CE")[-1] == VERIFIED
    assert statuses(ENGLISH, "a slip")[-1] == WRONG
    assert statuses(GERMAN, "logistischen")[-1] == VERIFIED
    assert statuses(GERMAN, "Falsch")[-1] == WRONG


def test_sigma_not_said_to_be_the_sigmoid():
    assert statuses(UNSAID, "\\partial z} = \\sigma(z) - y")[-1] == NOT_UNDERSTOOD
