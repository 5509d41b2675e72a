"""An activation's backward claim written with the notes' own letter for the upstream
gradient (activation_names.upstream_letters): "$A = \\sigma(Z)$, $G = \\partial L / \\partial
A$: $\\delta = G \\odot A \\odot (1 - A)$", "$H = \\tanh(U)$, $E = \\frac{\\partial
L}{\\partial H}$: $\\partial L / \\partial U = E \\odot (1 - H^2)$".

The truth is torch autograd: L = sum(C * f(Z)) at random Z and C (C is then dL/dA), and
each claim's right side, written here as a Python function beside its LaTeX, is compared
with Z.grad.  Never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")


def _holds(activation, right) -> bool:
    gen = torch.Generator().manual_seed(3)
    z = torch.randn(4, 5, generator=gen, dtype=torch.float64, requires_grad=True)
    c = torch.randn(4, 5, generator=gen, dtype=torch.float64)
    a = activation(z)
    (c * a).sum().backward()
    return bool(torch.allclose(right(c, a.detach(), z.detach()), z.grad))


SIGMOID = (
    "# Convolution then sigmoid\n\nForward: $Z = X \\star W$, then $A = \\sigma(Z)$; the "
    "layer above gives $G = \\partial L / \\partial A$ and we write "
    "$\\delta = \\partial L / \\partial Z$.\n\n$${claim}$$\n"
)
TANH = (
    "# Capa tanh\n\nLa capa aplica $H = \\tanh(U)$ entrada por entrada y recibe "
    "$E = \\frac{{\\partial L}}{{\\partial H}}$ de la capa siguiente.\n\n$${claim}$$\n"
)
CASES = [
    (
        SIGMOID,
        torch.sigmoid,
        "\\delta = G \\odot A \\odot (1 - A)",
        lambda c, a, z: c * a * (1 - a),
    ),
    (SIGMOID, torch.sigmoid, "\\delta = G \\odot (1 - A)", lambda c, a, z: c * (1 - a)),
    (
        SIGMOID,
        torch.sigmoid,
        "\\frac{\\partial L}{\\partial Z} = G \\odot \\sigma(Z) \\odot (1 - \\sigma(Z))",
        lambda c, a, z: c * torch.sigmoid(z) * (1 - torch.sigmoid(z)),
    ),
    (
        TANH,
        torch.tanh,
        "\\frac{\\partial L}{\\partial U} = E \\odot (1 - H^2)",
        lambda c, a, z: c * (1 - a**2),
    ),
    (
        TANH,
        torch.tanh,
        "\\frac{\\partial L}{\\partial U} = E \\odot (1 - H)",
        lambda c, a, z: c * (1 - a),
    ),
]


@pytest.mark.parametrize("k", range(len(CASES)))
def test_the_notes_upstream_letter_against_torch(k):
    head, activation, claim, right = CASES[k]
    status = VERIFIED if _holds(activation, right) else WRONG
    verdict = check_text(head.format(claim=claim)).verdicts[-1]
    assert verdict.source == claim
    assert verdict.status == status, verdict.message


def test_both_statuses_occur():
    assert {_holds(a, r) for _, a, _, r in CASES} == {True, False}


def test_a_letter_for_the_pre_activation_gradient_is_not_taken_for_da():
    """G = dL/dZ here (not dL/dA): G ⊙ A ⊙ (1 - A) would be the chain rule applied twice;
    never verified."""
    head = (
        "# Sigmoid\n\n$A = \\sigma(Z)$, $G = \\partial L / \\partial Z$.\n\n"
        "$$\\frac{\\partial L}{\\partial Z} = G \\odot A \\odot (1 - A)$$\n"
    )
    assert check_text(head).verdicts[-1].status != VERIFIED
