"""A dense layer's gradients as matrix products where the notes define the layer on the
claim's own line ("Dense layer $z = Vh + c$ with column vectors and $g = \\partial L /
\\partial z$: $\\dfrac{\\partial L}{\\partial V} = h\\, g^\\top$"), and where the bias of
``O = AU + d`` has no stated shape (matrix_world.py, matrix_claims.py): the gradients of
the weights and the input do not depend on how the bias is broadcast.

Truth: torch autograd of sum(R * out) for a random R (so dL/d(out) = R).
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

QUIZ = """# Review sheet (my answers)

Conventions: PyTorch layouts, indices from 0.

1. **(a)** `nn.Conv2d(2, 6, 3, padding=1)` on $10 \\times 10$: $H_{out} = 10 + 2 - 3 + 1 = 10$.
2. **(c)** Dense layer $z = Vh + c$ with column vectors and $g = \\partial L / \\partial z$: \
$\\dfrac{\\partial L}{\\partial V} = h\\, g^{\\top}$.
3. **(d)** Dense layer $z = Vh + c$ with column vectors and $g = \\partial L / \\partial z$: \
$\\dfrac{\\partial L}{\\partial V} = g\\, h^{\\top}$.
4. **(a)** Dense layer $z = Vh + c$ with column vectors and $g = \\partial L / \\partial z$: \
$\\dfrac{\\partial L}{\\partial h} = V g$.
"""

ROWS = """# The classifier head

The head computes $O = AU + d$ for the batch $A$ of shape $16 \\times 64$, with $U$ stored \
as (in, out). Its gradients are

$$\\frac{\\partial L}{\\partial U} = A^{\\top} \\frac{\\partial L}{\\partial O}$$

$$\\frac{\\partial L}{\\partial A} = \\frac{\\partial L}{\\partial O} U^{\\top}$$

$$\\frac{\\partial L}{\\partial A} = U \\frac{\\partial L}{\\partial O}$$
"""


def test_the_truth_of_the_notes():
    torch.manual_seed(3)
    v = torch.randn(5, 7, dtype=torch.float64, requires_grad=True)
    h = torch.randn(7, 1, dtype=torch.float64, requires_grad=True)
    c = torch.randn(5, 1, dtype=torch.float64)
    g = torch.randn(5, 1, dtype=torch.float64)
    dv, dh = torch.autograd.grad((g * (v @ h + c)).sum(), (v, h))
    assert torch.allclose(dv, g @ h.T) and (h @ g.T).shape != dv.shape
    assert torch.allclose(dh, v.T @ g) and (v.shape[1], g.shape[1]) != (5, 5)  # V g: no fit
    a = torch.randn(16, 64, dtype=torch.float64, requires_grad=True)
    u = torch.randn(64, 10, dtype=torch.float64, requires_grad=True)
    r = torch.randn(16, 10, dtype=torch.float64)
    for d in (torch.randn(10, dtype=torch.float64), torch.randn(16, 10, dtype=torch.float64)):
        du, da = torch.autograd.grad((r * (a @ u + d)).sum(), (a, u))[::-1]
        assert torch.allclose(du, a.T @ r) and torch.allclose(da, r @ u.T)  # any bias shape


def test_a_dense_item_on_a_conv_sheet():
    assert statuses(QUIZ, "2. **(c)**")[-1] == WRONG  # h g^T: the transpose of dL/dV
    assert statuses(QUIZ, "3. **(d)**")[-1] == VERIFIED  # g h^T
    assert statuses(QUIZ, "4. **(a)**")[-1] == WRONG  # V g: dL/dh is V^T g


def test_a_bias_whose_shape_is_not_stated():
    assert statuses(ROWS, "A^{\\top} \\frac") == [VERIFIED]
    assert statuses(ROWS, "O} U^{\\top}") == [VERIFIED]
    assert statuses(ROWS, "= U \\frac") == [WRONG]
