"""An activation's backward pass on the notes' own vectors: "with $z = (\\dots)^\\top$ and
$\\partial L/\\partial a = (\\dots)^\\top$, $\\frac{\\partial L}{\\partial z} = (\\dots)^\\top$"
(activation_vectors.py): each entry against dL/da_i f'(z_i), f the activation the prose names.

Truth: torch autograd of ``torch.relu`` and ``torch.sigmoid`` at the notes' numbers.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

NOTES = """## Rectifier, worked

The rectifier $a = \\operatorname{ReLU}(z)$ passes the gradient only where $z > 0$. Take \
$z = (1.5,\\ -2,\\ 3,\\ -0.25)^\\top$ and $\\partial L / \\partial a = (2,\\ 5,\\ -1,\\ 6)^\\top$:

$$\\frac{\\partial L}{\\partial z} = (2,\\ 0,\\ -1,\\ 0)^\\top$$

$$\\frac{\\partial L}{\\partial z} = (2,\\ 5,\\ -1,\\ 6)^\\top$$

## Sigmoid, worked

Now the sigmoid: with $z = (0,\\ 2)$ and $\\partial L / \\partial a = (4,\\ 1)$,

$$\\frac{\\partial L}{\\partial z} = (1,\\ 0.105)$$

$$\\frac{\\partial L}{\\partial z} = (2,\\ 0.881)$$
"""


def _backward(function, z: list[float], upstream: list[float]) -> torch.Tensor:
    at = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(function(at), at, torch.tensor(upstream, dtype=torch.float64))
    return grad


def test_the_truth_of_the_notes():
    relu = _backward(torch.relu, [1.5, -2, 3, -0.25], [2, 5, -1, 6])
    assert relu.tolist() == [2, 0, -1, 0]
    sigmoid = _backward(torch.sigmoid, [0, 2], [4, 1])
    assert abs(sigmoid[0] - 1) < 1e-12 and round(float(sigmoid[1]), 3) == 0.105
    assert round(float(sigmoid[1]), 3) != 0.881  # sigma(2) itself, not its slope


def test_relu_entries():
    assert statuses(NOTES, "= (2,\\ 0,\\ -1,\\ 0)^\\top$$") == [VERIFIED]
    assert statuses(NOTES, "= (2,\\ 5,\\ -1,\\ 6)^\\top$$") == [WRONG]


def test_sigmoid_entries_rounded_to_their_digits():
    assert statuses(NOTES, "= (1,\\ 0.105)$$") == [VERIFIED]
    assert statuses(NOTES, "= (2,\\ 0.881)$$") == [WRONG]


def test_relu_at_its_kink_is_not_judged():
    notes = NOTES.replace("-2,\\ 3,\\ -0.25)", "0,\\ 3,\\ -0.25)")
    assert statuses(notes, "= (2,\\ 0,\\ -1,\\ 0)^\\top$$") == [NOT_UNDERSTOOD]
