"""A pooling named in Vietnamese, or by its English name in parentheses beside the notes'
own words: "Gộp trung bình $3 \\times 3$, bước 1" is an average pooling with a 3x3 window
and stride 1, "Gộp trung bình (average pooling) $2 \\times 2$, bước 2" its 2x2 window and
stride 2.  Before, the window beside the Vietnamese name was not read, so a later section
kept the first section's 2x2 window at the new stride 1 and a correct entry was judged
against that layer.  "Bước 1: ..." (the notes' first step) is no stride.  The truth is
torch's avg_pool2d and autograd, never symconv."""

from __future__ import annotations

from fractions import Fraction

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")

X = [[1, 2, 0, 1], [3, 1, 2, 0], [0, 1, 1, 2], [2, 0, 1, 1]]
G = [[2, -1], [1, 3]]


def _pool_gradient(window: int, stride: int) -> list[list[Fraction]]:
    """dL/dX of average pooling over X at L = sum(G * Y), as exact ninths / quarters."""
    x = torch.tensor([[X]], dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.avg_pool2d(x, window, stride)
    assert tuple(y.shape[-2:]) == (2, 2)  # the notes' G fits this layer's output
    (y * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    return [
        [Fraction(v).limit_denominator(window * window) for v in row]
        for row in x.grad[0, 0].tolist()
    ]


def _matrix(rows: list[list[int]]) -> str:
    body = " \\\\ ".join(" & ".join(map(str, r)) for r in rows)
    return "\\begin{bmatrix} " + body + " \\end{bmatrix}"


def _tex(value: Fraction) -> str:
    return (
        f"\\frac{{{value.numerator}}}{{{value.denominator}}}"
        if value.denominator > 1
        else str(value)
    )


_SECOND = {
    "in parentheses": "## Gộp trung bình (average pooling) $3 \\times 3$, bước 1\n\n",
    "stated": "## Now average pooling $3 \\times 3$, stride 1 (overlapping windows)\n\n",
    "vi": "## Gộp trung bình $3 \\times 3$, bước 1 (cửa sổ chồng lên nhau)\n\n",
}


def _notes(heading: str, value: Fraction) -> str:
    return (
        "# Pooling by hand\n\n"
        "## Average pooling $2 \\times 2$, stride 2\n\n"
        f"$$X = {_matrix(X)}, \\qquad G = {_matrix(G)}$$\n\n"
        + heading
        + f"The same $X$, and the upstream gradient is again $2 \\times 2$:\n\n"
        f"$$G = {_matrix(G)}$$\n\n"
        "The entry $x_{11}$ lies in all four windows:\n\n"
        "$$\\frac{\\partial L}{\\partial x_{11}} = \\frac{1}{9}\\left(g_{00} + g_{01} + g_{10} "
        f"+ g_{{11}}\\right) = {_tex(value)}$$\n"
    )


@pytest.mark.parametrize("heading", ["stated", "vi", "in parentheses"])
@pytest.mark.parametrize("slip", [0, 1], ids=["right", "one off"])
def test_a_section_that_states_its_window_is_judged(heading, slip):
    truth = _pool_gradient(3, 1)[1][1]
    found = one_verdict(_notes(_SECOND[heading], truth + slip), "x_{11}} =")
    assert found.status == (WRONG if slip else VERIFIED), found.message


def test_a_vietnamese_step_heading_is_no_stride():
    """ "Bước 1: ..." is the notes' first step, not a stride of 1: the 2x2 window's stride
    stays the window's (torch's default), so x_{11} lies in the first window only."""
    truth = _pool_gradient(2, 2)[1][1]
    text = (
        "# Gộp trung bình $2 \\times 2$\n\n"
        f"Bước 1: $X = {_matrix(X)}$.\n\n"
        f"Bước 2: gradient từ lớp sau $G = {_matrix(G)}$.\n\n"
        "Bước 3: $\\frac{\\partial L}{\\partial x_{11}} = \\frac{g_{00}}{4} = "
        f"{_tex(truth)}$\n"
    )
    found = one_verdict(text, "x_{11}} =")
    assert found.status == VERIFIED, found.message
