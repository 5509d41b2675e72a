"""A handout of dense-layer and activation claims:

- "(dense layer, rows are samples)" says the vectors are rows: ``dL/db = G\\mathbf{1}`` (the
  column convention's formula) is then wrong, ``\\mathbf{1}^\\top G`` right;
- "$a = \\sigma(z)$ elementwise" names the activation: sigma is the logistic sigmoid (unless
  the notes call it any activation);
- a claim about an activation's own derivative (``\\tanh'(z) = 1 - \\tanh(z)``) is about no
  layer, so the layer the section guessed does not matter.

Truth: torch autograd.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

HANDOUT = """**Week 9 handout: slips in backprop**

**A. Bias of a dense layer (rows are samples).** $Z = XW + b$ with $X$ of size $N \\times D$, \
$W$ of size $D \\times K$, $N = 3$, $D = 4$, $K = 2$; $\\mathbf{1}$ is a column of $N$ ones.

✗ $\\frac{\\partial L}{\\partial b} = G \\mathbf{1}$ ✓ $\\frac{\\partial L}{\\partial b} = \
\\mathbf{1}^\\top G$

**B. Counting.** `Conv2d(2, 4, kernel_size=3)` has $P = 4 \\cdot 2 \\cdot 9 + 4 = 76$ parameters.

**C. Activations.** With $a = \\sigma(z)$ elementwise and $g = \\partial L / \\partial a$:

✗ $\\frac{\\partial L}{\\partial z} = g \\odot (1 - \\sigma(z))$ ✓ \
$\\frac{\\partial L}{\\partial z} = g \\odot \\sigma(z) \\odot (1 - \\sigma(z))$

and for tanh units, $\\tanh'(z) = 1 - \\tanh(z)$ is a slip: $\\tanh'(z) = 1 - \\tanh^2(z)$.
"""


def test_the_truth_of_the_handout():
    torch.manual_seed(4)
    x = torch.randn(3, 4, dtype=torch.float64)
    v = torch.randn(4, 2, dtype=torch.float64)
    c = torch.randn(2, dtype=torch.float64, requires_grad=True)
    g = torch.randn(3, 2, dtype=torch.float64)
    (dc,) = torch.autograd.grad(x @ v + c, c, g)
    ones = torch.ones(3, dtype=torch.float64)
    assert torch.allclose(dc, ones @ g)  # 1^T G; G 1 is not even of c's size
    assert (g @ torch.ones(2, dtype=torch.float64)).shape != dc.shape
    z = torch.linspace(-2, 2, 9, dtype=torch.float64, requires_grad=True)
    up = torch.randn(9, dtype=torch.float64)
    (dz,) = torch.autograd.grad(torch.sigmoid(z), z, up)
    s = torch.sigmoid(z).detach()
    assert torch.allclose(dz, up * s * (1 - s)) and not torch.allclose(dz, up * (1 - s))
    (dt,) = torch.autograd.grad(torch.tanh(z).sum(), z)
    t = torch.tanh(z).detach()
    assert torch.allclose(dt, 1 - t**2) and not torch.allclose(dt, 1 - t)


def test_rows_are_samples_sets_the_layout():
    assert statuses(HANDOUT, "= G \\mathbf{1}$ ✓") == [WRONG, VERIFIED]


def test_a_sigma_defined_as_the_activation_is_the_sigmoid():
    assert statuses(HANDOUT, "g \\odot (1 - \\sigma(z))$ ✓") == [WRONG, VERIFIED]


def test_a_sigma_the_notes_call_any_activation_is_not_read_as_the_sigmoid():
    notes = HANDOUT.replace("elementwise and", "elementwise, $\\sigma$ is any activation, and")
    assert statuses(notes, "g \\odot (1 - \\sigma(z))$ ✓") == [NOT_UNDERSTOOD, NOT_UNDERSTOOD]


def test_an_activations_own_derivative_whatever_the_layer():
    assert statuses(HANDOUT, "for tanh units") == [WRONG, VERIFIED]
