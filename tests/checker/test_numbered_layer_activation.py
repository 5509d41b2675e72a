"""An activation's backward written with its layer's number (``dL/dZ_2 = dL/dA_2 \\odot
\\mathbb{1}[Z_2 > 0]`` under prose naming the ReLU): one layer's a = f(z), judged as the
unnumbered claim; a claim mixing two layers' numbers is not read as one layer's.  Notes of
our own (en, it); truth: torch autograd through ReLU and tanh."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.runner import check_text

Z = torch.tensor([-1.5, -0.25, 0.25, 2.0], dtype=torch.float64)
G = torch.tensor([0.5, -2.0, 3.0, 1.25], dtype=torch.float64)  # dL/dA


def _dz(activation) -> torch.Tensor:
    z = Z.clone().requires_grad_(True)
    (activation(z) * G).sum().backward()
    return z.grad


# the claim's right side, as written and as computed by hand from Z and G
MASKS = {
    r"\mathbb{1}[Z_2 > 0]": lambda z: (z > 0).to(z.dtype),
    r"A_2": torch.relu,  # the stored activation instead of the mask
}

EN = """# Backward through a small CNN

## The ReLUs

After conv2 the ReLU passes the gradient where the pre-activation was positive:
$\\frac{{\\partial L}}{{\\partial Z_2}} = \\frac{{\\partial L}}{{\\partial A_2}} \\odot {mask}$.
"""

IT = """# Retropropagazione

## Le ReLU

Dopo il secondo strato la ReLU lascia passare il gradiente solo dove la preattivazione è
positiva:
$\\frac{{\\partial L}}{{\\partial Z_2}} = \\frac{{\\partial L}}{{\\partial A_2}} \\odot {mask}$.
"""


def _verdict(text: str) -> tuple[str, str]:
    found = [v for v in check_text(text, "notes.md").verdicts if "odot" in v.source]
    assert len(found) == 1, found
    return found[0].status, found[0].message


@pytest.mark.parametrize("template", [EN, IT])
@pytest.mark.parametrize("mask", list(MASKS))
def test_a_numbered_relu_backward_is_judged(template, mask):
    right = torch.allclose(G * MASKS[mask](Z), _dz(torch.relu))
    status, message = _verdict(template.format(mask=mask))
    assert status == ("verified" if right else "wrong"), message


def test_the_tanh_of_a_numbered_layer():
    text = (
        "# Tanh\n\nThe hidden layer uses tanh:\n"
        "$\\frac{\\partial L}{\\partial Z_1} = \\frac{\\partial L}{\\partial A_1} \\odot "
        "(1 - A_1^2)$.\n"
    )
    assert torch.allclose(G * (1 - torch.tanh(Z) ** 2), _dz(torch.tanh))
    status, message = _verdict(text)
    assert status == "verified", message


def test_two_layers_numbers_in_one_claim_are_not_one_layer():
    text = EN.format(mask=r"\mathbb{1}[Z_1 > 0]")
    status, message = _verdict(text)
    assert status != "verified", message
