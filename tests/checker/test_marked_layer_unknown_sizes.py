"""A claim marked with layer k (``w^{(1)}``, ``\\delta^{(1)}``, ``x^{(0)}``), in notes that
mark the weights of several layers, is not judged against sizes read from a line that names
none of them (layer_marks.across_layers): in a two-question exam the second question's
network (6x6 -> conv 3x3 -> conv 2x2) took the first question's 4x4 input and 2x2 kernel,
and layer 1's correct dW (a sum to 4, delta^{(1)} being 4x4) was called wrong ("delta_{44}
is not an entry").  Where a line states the marked layer's sizes alone the claim is judged.

Truth: torch autograd of the two-layer network (dW1 = the valid correlation of x0 with
delta1, delta1 being 4x4), never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

ENGLISH = """# Midterm solutions

## Question 1

A $4\\times 4$ input, a $2\\times 2$ kernel, stride 2, no padding, no bias. Each pixel is in
one window, so $\\partial E/\\partial X$ is made of four $2\\times 2$ blocks.

## Question 2

The network is $x^{(0)} \\in \\mathbb{R}^{6\\times 6}$ $\\to$ conv with $W^{(1)}$ ($3\\times 3$,
stride 1, no padding) $\\to$ ReLU $\\to$ conv with $W^{(2)}$ ($2\\times 2$, stride 1, no
padding) $\\to$ $E$, and $\\delta^{(l)} = \\partial E / \\partial z^{(l)}$.

$$CLAIM$$
"""

GERMAN = """# Klausur, Lösungen

## Aufgabe 1

Eine $4\\times 4$ Eingabe, ein $2\\times 2$ Kern, Schrittweite 2, kein Padding, kein Bias.

## Aufgabe 2

Das Netz ist $x^{(0)} \\in \\mathbb{R}^{6\\times 6}$ $\\to$ Faltung mit $W^{(1)}$ ($3\\times 3$,
Schrittweite 1, kein Padding) $\\to$ ReLU $\\to$ Faltung mit $W^{(2)}$ ($2\\times 2$,
Schrittweite 1, kein Padding) $\\to$ $E$, mit $\\delta^{(l)} = \\partial E / \\partial z^{(l)}$.

$$CLAIM$$
"""

ONE_LAYER = """# Layer 1 alone

The input $x^{(0)}$ is $6\\times 6$, the kernel $W^{(1)}$ is $3\\times 3$, stride 1, no
padding, no bias, and $\\delta^{(1)} = \\partial E / \\partial z^{(1)}$.

$$CLAIM$$
"""


def _dw1_bound() -> int:
    """The side of delta^{(1)}, over which layer 1's dW sums (torch's shapes and autograd:
    dW1[0,0] equals the sum of delta1 * x0's top-left window only with that bound)."""
    gen = torch.Generator().manual_seed(8)
    x0 = torch.randn((1, 1, 6, 6), generator=gen, dtype=torch.float64)
    w1 = torch.randn((1, 1, 3, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    w2 = torch.randn((1, 1, 2, 2), generator=gen, dtype=torch.float64)
    z1 = torch.nn.functional.conv2d(x0, w1)
    z1.retain_grad()
    z2 = torch.nn.functional.conv2d(torch.relu(z1), w2)
    (z2 * torch.randn(z2.shape, generator=gen, dtype=torch.float64)).sum().backward()
    side = z1.shape[-1]
    by_hand = (z1.grad[0, 0] * x0[0, 0, :side, :side]).sum()
    assert torch.allclose(by_hand, w1.grad[0, 0, 0, 0])
    return side


def _claim(bound: int) -> str:
    return (
        f"\\frac{{\\partial E}}{{\\partial w^{{(1)}}_{{ij}}}} = \\sum_{{p=1}}^{{{bound}}}"
        f"\\sum_{{q=1}}^{{{bound}}} \\delta^{{(1)}}_{{pq}}\\, x^{{(0)}}_{{p+i-1,\\,q+j-1}}"
    )


@pytest.mark.parametrize("notes", [ENGLISH, GERMAN], ids=["en", "de"])
def test_a_marked_layer_is_not_judged_at_another_questions_sizes(notes):
    side = _dw1_bound()
    right = check_text(notes.replace("CLAIM", _claim(side)), "n.md").verdicts[-1]
    assert right.status != WRONG, right.message  # main: 'delta_{44} is not an entry'
    slipped = check_text(notes.replace("CLAIM", _claim(side + 1)), "n.md").verdicts[-1]
    assert slipped.status != VERIFIED, slipped.message


def test_a_line_stating_the_marked_layer_alone_still_judges_it():
    side = _dw1_bound()
    right = check_text(ONE_LAYER.replace("CLAIM", _claim(side)), "n.md").verdicts[-1]
    assert right.status == VERIFIED, right.message
    slipped = check_text(ONE_LAYER.replace("CLAIM", _claim(side + 1)), "n.md").verdicts[-1]
    assert slipped.status == WRONG, slipped.message
