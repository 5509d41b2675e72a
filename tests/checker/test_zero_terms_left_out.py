"""A worked example's input gradient written with its zero terms left out: after the notes
give W and G as numbers, "$\\partial L / \\partial X[1,2] = G[1,3] W[1,0] + G[0,1] W[2,2] =
1 + 1 = 2$" keeps the two products that are not 0 of the nine the chain rule has.

The formula was judged for every G and W: four or more terms missing, wrong (a false
alarm), its numbers not read.  Now a formula side whose terms are each one of the entry's,
and whose left-out terms each have a factor the example gives as 0, is the entry at those
numbers (formula_then_number._zero_terms_dropped), and its numbers are judged there.  A
term left out that is not 0 there, or a term the entry does not have (an index slip that
lands on a 0), is still wrong.
Truth: torch autograd of nn.Conv2d(1, 1, 3, padding=1): dL/dX for the given G and W, and
the chain rule's terms of dL/dX[1,2] -- the coefficient of G[a,b] W[u,v] is dL/dX[1,2] at
G and W one-hot at those entries (dL/dX is bilinear in G and W)."""

from __future__ import annotations

import itertools

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

W = [[2, 0, 1], [1, -1, 0], [0, 3, 1]]
G = [[0, 1, 0, 0], [2, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0]]
MATRICES = (
    "$$W = \\begin{bmatrix} 2 & 0 & 1 \\\\ 1 & -1 & 0 \\\\ 0 & 3 & 1 \\end{bmatrix}, \\qquad "
    "G = \\begin{bmatrix} 0 & 1 & 0 & 0 \\\\ 2 & 0 & 0 & 1 \\\\ 0 & 0 & 1 & 0 \\\\ "
    "1 & 0 & 0 & 0 \\end{bmatrix}$$"
)

NOTES = {
    "de": "# Eingabegradient als volle Faltung\n\n"
    "Eine Faltungsschicht mit einem Kanal, Kern $3 \\times 3$, Stride 1 und Padding $p = 1$ "
    "(`nn.Conv2d(1, 1, 3, padding=1)`), Eingabe $X$ der Größe $4 \\times 4$. Indizes ab 0, "
    "$G = \\partial L / \\partial Y$.\n\n"
    "$$\\frac{\\partial L}{\\partial X[p,q]} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} "
    "G[p-u+1,\\, q-v+1]\\, W[u,v]$$\n\n"
    "**Zahlenbeispiel.**\n\n" + MATRICES + "\n\n"
    "Nur die Produkte ungleich null: ${claim}$.\n",
    "en": "# Input gradient as a full convolution\n\n"
    "A one-channel convolution, kernel $3 \\times 3$, stride 1 and padding $p = 1$ "
    "(`nn.Conv2d(1, 1, 3, padding=1)`), input $X$ of size $4 \\times 4$. Indices from 0, "
    "$G = \\partial L / \\partial Y$.\n\n"
    "$$\\frac{\\partial L}{\\partial X[p,q]} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} "
    "G[p-u+1,\\, q-v+1]\\, W[u,v]$$\n\n"
    "**Worked example.**\n\n" + MATRICES + "\n\n"
    "Only the nonzero products are left: ${claim}$.\n",
}

DX = "\\frac{\\partial L}{\\partial X[1,2]}"
# (the claim, its terms (G's entry, W's entry), the numbers it ends with)
CLAIMS = {
    "zero terms left out": (
        f"{DX} = G[1,3] W[1,0] + G[0,1] W[2,2] = 1 + 1 = 2",
        [((1, 3), (1, 0)), ((0, 1), (2, 2))],
        [2, 2],
    ),
    "a nonzero term left out": (
        f"{DX} = G[1,3] W[1,0] = 1",
        [((1, 3), (1, 0))],
        [1],
    ),
    "a slip onto a zero": (  # G[2,0] W[0,2]: no term of this entry, 0 at these numbers
        f"{DX} = G[1,3] W[1,0] + G[0,1] W[2,2] + G[2,0] W[0,2] = 1 + 1 + 0 = 2",
        [((1, 3), (1, 0)), ((0, 1), (2, 2)), ((2, 0), (0, 2))],
        [2, 2],
    ),
}


def _dx(g: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """dL/dX of nn.Conv2d(1, 1, 3, padding=1) on a 4x4 input, L = sum(Y * g) (autograd)."""
    x = torch.zeros(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w[None, None], padding=1)
    (y * g[None, None]).sum().backward()
    assert x.grad is not None
    return x.grad[0, 0]


def _terms() -> dict[tuple, float]:
    """The chain rule's terms of dL/dX[1,2]: {(G's entry, W's entry): coefficient}."""
    out = {}
    for a, b, u, v in itertools.product(range(4), range(4), range(3), range(3)):
        g, w = torch.zeros(4, 4, dtype=torch.float64), torch.zeros(3, 3, dtype=torch.float64)
        g[a, b], w[u, v] = 1, 1
        c = float(_dx(g, w)[1, 2])
        if c:
            out[((a, b), (u, v))] = c
    return out


def _holds(claim: str) -> bool:
    """Whether every side is dL/dX[1,2] at the notes' numbers and the formula is the entry's
    terms, those left out each 0 there."""
    _, kept, numbers = CLAIMS[claim]
    truth = float(_dx(torch.tensor(G).double(), torch.tensor(W).double())[1, 2])
    terms = _terms()
    if any(terms.get(t) != 1.0 for t in kept):
        return False  # a term the chain rule does not have
    left_out = [t for t in terms if t not in kept]
    if any(G[a][b] * W[u][v] != 0 for (a, b), (u, v) in left_out):
        return False
    formula = sum(G[a][b] * W[u][v] for (a, b), (u, v) in kept)
    return formula == truth and all(n == truth for n in numbers)


@pytest.mark.parametrize("notes", list(NOTES))
@pytest.mark.parametrize("claim", list(CLAIMS))
def test_a_formula_without_its_zero_terms_is_the_entry_at_the_numbers(notes, claim):
    right = _holds(claim)
    assert right == (claim == "zero terms left out")
    text = NOTES[notes].replace("{claim}", CLAIMS[claim][0])
    line = len(text.splitlines())
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == line]
    assert statuses == [VERIFIED if right else WRONG]  # main: the right one WRONG
