"""A symbolic entry claim in notes that also work an example in numbers ("$X = [...]$, $K =
[...]$ ... $\\frac{\\partial L}{\\partial k_{01}} = \\sum_i \\sum_j \\frac{\\partial L}{\\partial
z_{ij}} x_{i, j+1}$") is a formula for every value, judged as one -- not arithmetic with the
example's numbers.  Truth: torch autograd of conv2d at random inputs, against the formula
evaluated in NumPy, never symconv."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

READS = {"right": "x_{i,\\,j+1}", "swapped": "x_{i+1,\\,j}", "unshifted": "x_{i,\\,j}"}
SHIFT = {"right": (0, 1), "swapped": (1, 0), "unshifted": (0, 0)}
GRADIENT = {
    "frac": "\\frac{{\\partial L}}{{\\partial z_{{ij}}}}",
    "delta": "\\delta_{{ij}}",
}


def _holds(shift: tuple[int, int]) -> bool:
    x = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    k = torch.randn(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, k)
    g = torch.randn(z.shape, dtype=torch.float64)
    (z * g).sum().backward()
    mine = sum(
        g[0, 0, i, j].item() * x[0, 0, i + shift[0], j + shift[1]].item()
        for i, j in itertools.product(range(2), repeat=2)
    )
    return abs(mine - k.grad[0, 0, 0, 1].item()) < 1e-12


@pytest.mark.parametrize("read", list(READS))
@pytest.mark.parametrize("gradient", list(GRADIENT))
def test_a_symbolic_entry_among_worked_numbers(read, gradient):
    upstream = GRADIENT[gradient].format()
    names = "" if gradient == "frac" else " $\\delta_{ij} = \\partial L/\\partial z_{ij}$."
    text = (
        "# Práctica\n\nEntrada $X$ de $3 \\times 3$, filtro $K$ de $2 \\times 2$, paso 1, sin "
        f"relleno, $Z = X \\star K$. Índices desde 0.{names}\n\n"
        "$$X = \\begin{pmatrix} 1 & 2 & 0 \\\\ 0 & 1 & 3 \\\\ 2 & 1 & 1 \\end{pmatrix}, \\qquad "
        "K = \\begin{pmatrix} 1 & -1 \\\\ 2 & 0 \\end{pmatrix}$$\n\n"
        "$$\\frac{\\partial L}{\\partial k_{01}} = \\sum_{i=0}^{1} \\sum_{j=0}^{1} "
        f"{upstream}\\, {READS[read]}$$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if _holds(SHIFT[read]) else WRONG), verdict.message
