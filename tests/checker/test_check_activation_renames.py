"""An activation whose input and output the notes name themselves ($\\hat{Y} = \\sigma(Z)$,
$A = \\operatorname{ReLU}(Y)$, $h = \\tanh(u)$), its backward claims in several spellings
(\\odot chains, \\dfrac with a loss J, entries with indices, a cases block with
``\\\\[4pt]`` and ``\\text{otherwise.}``), and the activation named "instead of" another.
Truth: torch autograd through the activation at sample points, compared with each claim's
formula written here by hand in Python; never symconv."""

from __future__ import annotations

import math

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

POINTS = (-2.0, -0.5, 0.3, 1.7)
FUNCTIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


def _holds(kind: str, formula) -> bool:
    """Whether formula(z, a, g) is g * f'(z) at every sample point (torch autograd)."""
    for p in POINTS:
        z = torch.tensor(p, dtype=torch.float64, requires_grad=True)
        a = FUNCTIONS[kind](z)
        a.backward()
        g = 0.7
        if abs(formula(p, a.item(), g) - g * z.grad.item()) > 1e-9:
            return False
    return True


def _sig(v):
    return 1 / (1 + math.exp(-v))


CLAIMS = [
    # (prose defining the activation, the claim, its formula in z, a, g)
    (
        "The output layer has a logistic sigmoid, $\\hat{Y} = \\sigma(Z)$, element-wise.",
        "dZ = d\\hat{Y} \\odot \\hat{Y} \\odot (1 - \\hat{Y})",
        "sigmoid",
        lambda z, a, g: g * a * (1 - a),
    ),
    (
        "The output layer has a logistic sigmoid, $\\hat{Y} = \\sigma(Z)$, element-wise.",
        "dZ = d\\hat{Y} \\odot \\sigma'(\\hat{Y})",
        "sigmoid",
        lambda z, a, g: g * _sig(a) * (1 - _sig(a)),
    ),
    (
        "The output layer has a logistic sigmoid, $\\hat{Y} = \\sigma(Z)$, element-wise.",
        "dZ = d\\hat{Y} \\odot \\sigma'(Z)",
        "sigmoid",
        lambda z, a, g: g * _sig(z) * (1 - _sig(z)),
    ),
    (
        "Si después viene una ReLU, $A = \\operatorname{ReLU}(Y)$, la derivada es por casos:",
        "\\dfrac{\\partial J}{\\partial Y_{i,j}} = \\begin{cases} \\dfrac{\\partial J}"
        "{\\partial A_{i,j}} & \\text{si } Y_{i,j} > 0, \\\\[4pt] 0 & \\text{si } Y_{i,j} "
        "\\le 0. \\end{cases}",
        "relu",
        lambda z, a, g: g if z > 0 else 0.0,
    ),
    (
        "After it, a ReLU: $A = \\operatorname{ReLU}(Y)$.",
        "\\frac{\\partial J}{\\partial Y_{i,j}} = \\begin{cases} \\frac{\\partial J}"
        "{\\partial A_{i,j}} & \\text{if } Y_{i,j} < 0, \\\\ 0 & \\text{otherwise.} \\end{cases}",
        "relu",
        lambda z, a, g: g if z < 0 else 0.0,
    ),
    (
        "Y con $\\tanh$ en vez de ReLU, con $A = \\tanh(Y)$:",
        "\\dfrac{\\partial J}{\\partial Y_{i,j}} = \\dfrac{\\partial J}{\\partial A_{i,j}}"
        "\\,\\big(1 - \\tanh(Y_{i,j})\\big)^2",
        "tanh",
        lambda z, a, g: g * (1 - math.tanh(z)) ** 2,
    ),
    (
        "Y con $\\tanh$ en vez de ReLU, con $A = \\tanh(Y)$:",
        "\\dfrac{\\partial J}{\\partial Y_{i,j}} = \\dfrac{\\partial J}{\\partial A_{i,j}}"
        "\\,\\big(1 - \\tanh^2(Y_{i,j})\\big)",
        "tanh",
        lambda z, a, g: g * (1 - math.tanh(z) ** 2),
    ),
]


@pytest.mark.parametrize("prose,claim,kind,formula", CLAIMS)
def test_named_activation_claims_match_autograd(prose, claim, kind, formula):
    layer = "A convolution with a $3\\times 3$ input and a $2\\times 2$ kernel."
    text = f"# Notes\n\n{layer}\n\n{prose}\n\n$$ {claim} $$\n"
    verdicts = [v for v in check_text(text).verdicts if v.source.strip() == claim.strip()]
    assert len(verdicts) == 1, check_text(text).verdicts
    expected = VERIFIED if _holds(kind, formula) else WRONG
    assert verdicts[0].status == expected, (verdicts[0].message, expected)


def test_without_a_named_activation_the_claim_is_not_rewritten():
    """No definition OUT = f(IN) before it: d\\hat{Y} is not taken for dA (no guess)."""
    text = (
        "# Notes\n\nA convolution with a $3\\times 3$ input and a $2\\times 2$ kernel.\n\n"
        "$$ dZ = d\\hat{Y} \\odot \\hat{Y} \\odot (1 - \\hat{Y}) $$\n"
    )
    found = check_text(text).verdicts
    assert all("through sigmoid" not in v.message for v in found), found
