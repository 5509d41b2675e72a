"""Activation claims written with ``\\operatorname{sign}`` ("the gradient passes where the
pre-activation was positive: dL/dZ = dL/dA ⊙ sign(A)", A = max(Z, 0) >= 0, so sign(A) is
1 where Z > 0 and 0 elsewhere) and activation values with a decimal comma (``\\sigma'(0) =
0{,}25``) (layer_activation.py, activation_values.py, constructor_aside.py).

Truth: torch autograd of relu, sigmoid and tanh at sample points (below).
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

RELU = """# Backprop through the activation

After the convolution comes $A = \\max(Z, 0)$, applied entry by entry. The gradient passes \
where the pre-activation was positive:

$$\\frac{\\partial L}{\\partial Z} = \\frac{\\partial L}{\\partial A} \\odot \
\\operatorname{sign}(A)$$

A common slip writes the sign of the pre-activation instead:

$$\\frac{\\partial L}{\\partial Z} = \\frac{\\partial L}{\\partial A} \\odot \
\\operatorname{sgn}(Z)$$
"""

SIGMOID = RELU.replace("$A = \\max(Z, 0)$", "$A = \\sigma(Z)$ (the sigmoid)")

COMMA = """# Fonctions d'activation

La sigmoïde $\\sigma(z) = 1 / (1 + e^{-z})$ vérifie $\\sigma(0) = 0{,}5$ et

$$\\sigma'(0) = \\sigma(0)\\,(1 - \\sigma(0)) = 0{,}25$$

Pour la tangente hyperbolique, $\\tanh'(0) = 1{,}0$. Erreur fréquente :

$$\\sigma'(0) = 0{,}5$$
"""


def test_the_truth_of_the_notes():
    z = torch.tensor([-2.0, -0.5, 0.25, 3.0], dtype=torch.float64, requires_grad=True)
    upstream = torch.tensor([0.3, -1.2, 2.0, 0.7], dtype=torch.float64)
    a = torch.relu(z)
    (dz,) = torch.autograd.grad((upstream * a).sum(), z)
    assert torch.equal(dz, upstream * torch.sign(a.detach()))
    assert not torch.equal(dz, upstream * torch.sign(z.detach()))
    s = torch.sigmoid(z)
    (ds,) = torch.autograd.grad((upstream * s).sum(), z)
    assert not torch.allclose(ds, upstream * torch.sign(s.detach()))
    zero = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    (d_sigmoid,) = torch.autograd.grad(torch.sigmoid(zero).sum(), zero)
    (d_tanh,) = torch.autograd.grad(torch.tanh(zero).sum(), zero)
    assert float(torch.sigmoid(zero.detach())) == 0.5 and float(d_sigmoid) == 0.25
    assert float(d_tanh) == 1.0


def test_sign_of_the_relu_output():
    assert statuses(RELU, "\\operatorname{sign}(A)$$") == [VERIFIED]
    assert statuses(RELU, "\\operatorname{sgn}(Z)$$") == [WRONG]
    assert statuses(SIGMOID, "\\operatorname{sign}(A)$$") == [WRONG]


def test_a_decimal_comma():
    assert statuses(COMMA, "\\sigma(0))") == [VERIFIED]
    assert statuses(COMMA, "\\tanh'(0) = 1{,}0") == [VERIFIED]
    assert statuses(COMMA, "$$\\sigma'(0) = 0{,}5$$") == [WRONG]
