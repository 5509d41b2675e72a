"""A formula written with a worked example's numbers put in for one tensor while another is
kept in letters (partial_numbers._formulas_with_numbers_put_in): after ``W = [[3, -1], [0,
2]]`` the entry ``Y_{1,1} = 3 X_{1,1} - X_{1,2} + 2 X_{2,2}`` (X has no numbers), after ``G =
[[1, 0], [-2, 3]]`` the weight gradient ``X_{0,0} - 2 X_{1,0} + 3 X_{1,1}``, and a side that
keeps one of the given entries as a letter (``X_{0,0} W_{0,0} - X_{0,1} + 2 X_{1,1}``).  On
main each correct one was called wrong (compared with the entry in W's or G's letters).

The truth is torch's conv2d / conv1d and autograd: a side is right iff it equals torch's
value at several random values of the tensors it writes in letters, with the notes' numbers
for the tensors it puts in (it is linear in each tensor's letters).  Never symconv."""

from __future__ import annotations

import random

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional

W_GIVEN = [[3, -1], [0, 2]]
G_GIVEN = [[1, 0], [-2, 3]]

GERMAN = """# Beispiel

Sei $X$ eine $3 \\times 3$ Eingabe und der Kern
$W = \\begin{{bmatrix}} 3 & -1 \\\\ 0 & 2 \\end{{bmatrix}}$, ohne Bias, $Y = X \\star W$.

$${claim}$$
"""

ENGLISH_G = """# Weight gradient with the upstream numbers

The input $X$ is $4 \\times 4$, the kernel $W$ is $3 \\times 3$, stride 1, no padding, no
bias, $Y = X \\star W$.  The upstream gradient is
$$G = \\frac{{\\partial L}}{{\\partial Y}} = \\begin{{bmatrix}} 1 & 0 \\\\ -2 & 3 \\end{{bmatrix}}$$

$${claim}$$
"""

SPANISH_1D = """# Filtro de diferencias

La señal $x$ tiene longitud 6 y el filtro $w = (2, -1, 1)$, sin sesgo, con
$y[n] = \\sum_{{m=0}}^{{2}} w[m] x[n+m]$.

$${claim}$$
"""


def _entry_2d(x, w, g, what, at):
    """Torch's Y entry (what = 'Y'), dL/dW entry ('W') or dL/dX entry ('X') for L = <G, Y>."""
    xt = torch.tensor([[x]], dtype=torch.float64, requires_grad=True)
    wt = torch.tensor([[w]], dtype=torch.float64, requires_grad=True)
    y = F.conv2d(xt, wt)
    if what == "Y":
        return float(y.detach()[0, 0][at])
    (y * torch.tensor([[g]], dtype=torch.float64)).sum().backward()
    return float((wt if what == "W" else xt).grad[0, 0][at])


def _random(rows, cols, rng):
    return [[rng.randint(-9, 9) for _ in range(cols)] for _ in range(rows)]


def _truth_2d(x_side, k_side, given, what, at, terms):
    """VERIFIED iff sum(c * letter entries) equals torch's entry at three random points of
    the letters, the given tensors at the notes' numbers."""
    rng = random.Random(11)
    g_side = x_side - k_side + 1
    for _ in range(3):
        values = {
            "X": _random(x_side, x_side, rng),
            "W": _random(k_side, k_side, rng),
            "G": _random(g_side, g_side, rng),
        }
        values.update(given)
        claimed = 0
        for c, *factors in terms:
            product = c
            for role, (i, j) in factors:
                product *= values[role][i][j]
            claimed += product
        if claimed != _entry_2d(values["X"], values["W"], values["G"], what, at):
            return WRONG
    return VERIFIED


def _agrees(status: str, truth: str, claim: str) -> None:
    """A right claim is verified; a wrong one is never verified (wrong, or not understood
    where the checker leaves a gradient entry that writes no dL/dY unjudged)."""
    if truth == VERIFIED:
        assert status == VERIFIED, (claim, status)
    else:
        assert status != VERIFIED, (claim, status)


def _status(text: str) -> str:
    return check_text(text).verdicts[-1].status


GERMAN_CASES = [
    # (claim, output entry, terms: coefficient and the factors' (role, index))
    (
        "Y_{1,1} = 3 X_{1,1} - X_{1,2} + 2 X_{2,2}",
        (1, 1),
        [(3, ("X", (1, 1))), (-1, ("X", (1, 2))), (2, ("X", (2, 2)))],
    ),
    (
        "Y_{0,0} = X_{0,0} W_{0,0} - X_{0,1} + 2 X_{1,1}",
        (0, 0),
        [(1, ("X", (0, 0)), ("W", (0, 0))), (-1, ("X", (0, 1))), (2, ("X", (1, 1)))],
    ),
    (  # the sign of W_{1,1}'s term slipped
        "Y_{1,1} = 3 X_{1,1} - X_{1,2} - 2 X_{2,2}",
        (1, 1),
        [(3, ("X", (1, 1))), (-1, ("X", (1, 2))), (-2, ("X", (2, 2)))],
    ),
    (  # the kept letter's index swapped: judged in W's letters, stays wrong
        "Y_{0,0} = X_{0,1} W_{0,0} - X_{0,1} + 2 X_{1,1}",
        (0, 0),
        [(1, ("X", (0, 1)), ("W", (0, 0))), (-1, ("X", (0, 1))), (2, ("X", (1, 1)))],
    ),
]


@pytest.mark.parametrize("claim, at, terms", GERMAN_CASES)
def test_a_forward_entry_with_the_kernels_numbers_put_in(claim, at, terms):
    truth = _truth_2d(3, 2, {"W": W_GIVEN}, "Y", at, terms)
    _agrees(_status(GERMAN.format(claim=claim)), truth, claim)


ENGLISH_CASES = [
    (
        "\\frac{\\partial L}{\\partial W_{0,0}} = X_{0,0} - 2 X_{1,0} + 3 X_{1,1}",
        "W",
        (0, 0),
        [(1, ("X", (0, 0))), (-2, ("X", (1, 0))), (3, ("X", (1, 1)))],
    ),
    (
        "\\frac{\\partial L}{\\partial W_{1,2}} = X_{1,2} - 2 X_{2,2} + 3 X_{2,3}",
        "W",
        (1, 2),
        [(1, ("X", (1, 2))), (-2, ("X", (2, 2))), (3, ("X", (2, 3)))],
    ),
    (
        "\\frac{\\partial L}{\\partial X_{1,1}} = W_{1,1} - 2 W_{0,1} + 3 W_{0,0}",
        "X",
        (1, 1),
        [(1, ("W", (1, 1))), (-2, ("W", (0, 1))), (3, ("W", (0, 0)))],
    ),
    (  # two of X's indices swapped
        "\\frac{\\partial L}{\\partial W_{1,2}} = X_{1,2} - 2 X_{2,3} + 3 X_{2,2}",
        "W",
        (1, 2),
        [(1, ("X", (1, 2))), (-2, ("X", (2, 3))), (3, ("X", (2, 2)))],
    ),
    (  # G's corner forgotten
        "\\frac{\\partial L}{\\partial X_{1,1}} = - 2 W_{0,1} + 3 W_{0,0}",
        "X",
        (1, 1),
        [(-2, ("W", (0, 1))), (3, ("W", (0, 0)))],
    ),
]


@pytest.mark.parametrize("claim, what, at, terms", ENGLISH_CASES)
def test_a_gradient_entry_with_the_upstream_numbers_put_in(claim, what, at, terms):
    truth = _truth_2d(4, 3, {"G": G_GIVEN}, what, at, terms)
    _agrees(_status(ENGLISH_G.format(claim=claim)), truth, claim)


def _truth_1d(at, terms):
    rng = random.Random(5)
    for _ in range(3):
        x = [rng.randint(-9, 9) for _ in range(6)]
        y = F.conv1d(
            torch.tensor([[x]], dtype=torch.float64),
            torch.tensor([[[2.0, -1.0, 1.0]]], dtype=torch.float64),
        )
        if sum(c * x[i] for c, i in terms) != float(y[0, 0, at]):
            return False
    return True


@pytest.mark.parametrize(
    "claim, at, terms",
    [
        ("y[0] = 2 x[0] - x[1] + x[2]", 0, [(2, 0), (-1, 1), (1, 2)]),
        ("y[3] = 2 x[3] - x[4] + x[5]", 3, [(2, 3), (-1, 4), (1, 5)]),
        ("y[1] = 2 x[1] + x[2] + x[3]", 1, [(2, 1), (1, 2), (1, 3)]),
        ("y[2] = 2 x[2] - x[3]", 2, [(2, 2), (-1, 3)]),
    ],
)
def test_a_signal_entry_with_the_filters_numbers_put_in(claim, at, terms):
    status = _status(SPANISH_1D.format(claim=claim))
    if _truth_1d(at, terms):
        assert status == VERIFIED, (claim, status)
    else:  # never verified; main leaves such a line not understood (the numbers unbound)
        assert status != VERIFIED, (claim, status)
