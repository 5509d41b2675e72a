"""A worked example whose input is given by a formula in its indices ("take $X[i,j] = 2i -
j$", "on prend $x_{ij} = i + 2j$") and whose G is a matrix of numbers.  The input's numbers
were not read: a single kernel-gradient entry was not understood, and a side with the
input's numbers put in (``\\sum_{i,j} G[i,j] (2i - j + 1)``) was judged as the bare formula,
lacking every x, and called wrong.  Read right, the formula is laid on the layer's stated
4x4 grid (0- or 1-based as the notes count) and every claim is judged at those numbers.  The
truth is torch's conv2d and autograd (and NumPy for the grid itself)."""

from __future__ import annotations

import numpy as np
import pytest
from line_verdicts import one_verdict

from symconv.checker.entry_formulas import on_grid
from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")

G_EN = [[1, 0, -1], [2, 1, 0], [0, -2, 1]]
G_FR = [[1, -1, 0], [0, 2, 1], [-1, 0, 3]]


def _kernel_gradient(entry, g: list[list[int]], base: int) -> list[list[int]]:
    """dL/dW of a 4x4 input with entries entry(i, j) (indices from ``base``), a 2x2 kernel,
    stride 1, no padding, L = sum(G * Y)."""
    x = torch.tensor(
        [[entry(i + base, j + base) for j in range(4)] for i in range(4)], dtype=torch.float64
    ).reshape(1, 1, 4, 4)
    w = torch.zeros(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w)
    (y * torch.tensor([[g]], dtype=torch.float64)).sum().backward()
    return [[int(v) for v in row] for row in w.grad[0, 0].tolist()]


def _matrix(rows: list[list[int]], kind: str) -> str:
    body = " \\\\ ".join(" & ".join(map(str, r)) for r in rows)
    return f"\\begin{{{kind}}} {body} \\end{{{kind}}}"


_ENGLISH = (
    "# A worked kernel gradient\n\n"
    "Indices start at 0. The layer is a cross-correlation with stride 1 and no padding; input "
    "$X$ is $4 \\times 4$, kernel $W$ is $2 \\times 2$, no bias, and "
    "$G = \\partial L / \\partial Y$.\n\n"
    "For the numbers take $X[i,j] = 2i - j$ and\n\n"
    "$$G = {g}$$\n\n"
    "Then $\\frac{{\\partial L}}{{\\partial W[0,1]}} = {a}$.\n\n"
    "Written out, $\\frac{{\\partial L}}{{\\partial W[1,1]}} = "
    "\\sum_{{i,j}} G[i,j]\\,(2i - j + 1) = {b}$.\n"
)
_FRENCH = (
    "# Gradient du noyau, exemple chiffré\n\n"
    "Les indices commencent à 1. Couche : corrélation croisée, pas 1, sans remplissage, "
    "entrée $x$ de $4 \\times 4$, noyau $w$ de $2 \\times 2$, sans biais ; "
    "$g_{{ij}} = \\partial L / \\partial y_{{ij}}$.\n\n"
    "On prend $x_{{ij}} = i + 2j$ et\n\n"
    "$$g = {g}$$\n\n"
    "Alors $\\frac{{\\partial L}}{{\\partial w_{{21}}}} = {a}$.\n"
)


@pytest.mark.parametrize("slip", [0, 1], ids=["right", "off by one"])
def test_an_input_given_by_a_formula_0_based(slip):
    dw = _kernel_gradient(lambda i, j: 2 * i - j, G_EN, 0)
    # the written-out side: X[i+1, j+1] = 2(i+1) - (j+1) = 2i - j + 1, the entry's own sum
    assert dw[1][1] == sum(G_EN[i][j] * (2 * i - j + 1) for i in range(3) for j in range(3))
    text = _ENGLISH.format(g=_matrix(G_EN, "bmatrix"), a=dw[0][1] + slip, b=dw[1][1] + slip)
    single = one_verdict(text, "W[0,1]")
    assert single.status == (WRONG if slip else VERIFIED), single.message
    chain = one_verdict(text, "W[1,1]")
    assert chain.status == (WRONG if slip else VERIFIED), chain.message
    if slip:  # the number is what is wrong, the sum with X's numbers put in holds
        assert f"side 2 is {dw[1][1]}" in chain.message, chain.message


@pytest.mark.parametrize("slip", [0, -1], ids=["right", "off by one"])
def test_an_input_given_by_a_formula_1_based(slip):
    dw = _kernel_gradient(lambda i, j: i + 2 * j, G_FR, 1)
    text = _FRENCH.format(g=_matrix(G_FR, "pmatrix"), a=dw[1][0] + slip)
    found = one_verdict(text, "w_{21}")
    assert found.status == (WRONG if slip else VERIFIED), found.message


@pytest.mark.parametrize(
    ("formula", "entry"),
    [
        ("2i - j", lambda i, j: 2 * i - j),
        ("(i + 1)(j - 2)", lambda i, j: (i + 1) * (j - 2)),
        ("i^2 - 3 j", lambda i, j: i**2 - 3 * j),
        ("\\frac{i + j}{2}", lambda i, j: (i + j) / 2),
        ("2 \\cdot i + j", lambda i, j: 2 * i + j),
    ],
)
@pytest.mark.parametrize("base", [0, 1])
def test_on_grid(formula, entry, base):
    truth = np.fromfunction(lambda r, c: entry(r + base, c + base), (3, 4))
    got = on_grid(["i", "j"], formula, (3, 4), base)
    assert got is not None
    assert np.array_equal(np.array(got, dtype=float), truth)


@pytest.mark.parametrize("formula", ["\\sin(i)", "i + k", "i / (j - j)", "2^{i^{9}}"])
def test_on_grid_reads_no_other_formula(formula):
    assert on_grid(["i", "j"], formula, (3, 3), 0) is None
