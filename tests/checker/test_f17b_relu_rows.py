# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""An activation's backward pass on a row the notes give, where the activation's output
has the notes' own letter ("$H = \operatorname{ReLU}(Z_1)$ ... for one row ...
$\partial L / \partial h = (\dots)$") and the notes state ReLU'(0) (issue 16, fresh39:
"PyTorch takes the derivative of the ReLU at 0 to be 0").  An entry at z = 0 is judged
with the stated slope; where none is stated it stays a convention, not judged.  Truth:
torch autograd of torch.relu (whose slope at 0 is 0), computed here.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

ROWS_EN = """# Two layers

Stack a hidden layer: $Z_1 = X W_1^\\top$, $H = \\operatorname{ReLU}(Z_1)$, $Y = H W_2^\\top$.

PyTorch takes the derivative of the ReLU at 0 to be 0. For one row with $z = (2, 0, -1)$ and $\\partial L / \\partial h = (4, 5, 6)$ the mask gives $\\partial L / \\partial z = (4, 0, 0)$.

A classmate keeps the middle entry: with $z = (2, 0, -1)$ and $\\partial L / \\partial h = (4, 5, 6)$ one gets $\\partial L / \\partial z = (4, 5, 0)$.
"""

ROWS_PL = """# Warstwa ukryta

Warstwa: $U = X V^\\top$, $A = \\operatorname{ReLU}(U)$. Przyjmujemy $\\operatorname{ReLU}'(0) = 0$.

Dla jednego wiersza $z = (0, 3, -2, 1)$ oraz $\\partial L / \\partial a = (7, -1, 2, 2)$ mamy $\\partial L / \\partial z = (0, -1, 0, 2)$.

Błędnie: dla $z = (0, 3, -2, 1)$ oraz $\\partial L / \\partial a = (7, -1, 2, 2)$ mamy $\\partial L / \\partial z = (7, -1, 0, 2)$.
"""


def _relu_backward(z: list[float], upstream: list[float]) -> list[float]:
    zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    torch.relu(zt).backward(torch.tensor(upstream, dtype=torch.float64))
    return zt.grad.tolist()


def test_row_of_the_notes_letter_with_stated_slope_at_zero() -> None:
    assert _relu_backward([2, 0, -1], [4, 5, 6]) == [4, 0, 0]
    assert _relu_backward([0, 3, -2, 1], [7, -1, 2, 2]) == [0, -1, 0, 2]
    assert statuses(ROWS_EN, "For one row")[-1] == VERIFIED
    assert statuses(ROWS_PL, "Dla jednego")[-1] == VERIFIED


def test_wrong_entry_at_zero_is_caught() -> None:
    assert _relu_backward([2, 0, -1], [4, 5, 6]) != [4, 5, 0]
    assert _relu_backward([0, 3, -2, 1], [7, -1, 2, 2]) != [7, -1, 0, 2]
    assert statuses(ROWS_EN, "A classmate")[-1] == WRONG
    assert statuses(ROWS_PL, "Błędnie")[-1] == WRONG
