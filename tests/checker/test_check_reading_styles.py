"""Reading styles of the unseen dev notes (issue 16): a derivative written inline
(``\\partial L / \\partial Y(i,j)``), a Greek letter in functional notation named the upstream
gradient (``\\delta(i,j)``), and a bias that notes add only to ask for its gradient.  The
truth of every verified form is torch autograd at the notes' sizes; each wrong variant stays
wrong."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.texclean import typing_only

# functional notation, 0-based, 5x5 input, 3x3 kernel, no bias in the forward
HEAD = (
    "I'll use functional notation and 0-based indices. Let the input be $X(i,j)$ on a "
    "$5\\times 5$ grid, the kernel $K(m,n)$ be $3\\times 3$, stride 1 and no padding.\n\n"
    "$$Y(i,j) = \\sum_{m=0}^{2}\\sum_{n=0}^{2} X(i+m,\\, j+n)\\,K(m,n)$$\n\n"
    "Write $\\delta(i,j) = \\partial L / \\partial Y(i,j)$.\n\n$${claim}$$\n\n"
    "*Edit:* the bias: $\\frac{\\partial L}{\\partial b} = \\sum_{i=0}^{2}\\sum_{j=0}^{2} "
    "\\delta(i,j)$.\n"
)


def _truth() -> dict[str, float]:
    gen = torch.Generator().manual_seed(2)
    x = torch.randn((5, 5), generator=gen, dtype=torch.float64, requires_grad=True)
    k = torch.randn((3, 3), generator=gen, dtype=torch.float64)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x[None, None], k[None, None])[0, 0] + b
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {
        "dX00": float(x.grad[0, 0]),
        "G00K00": float(g[0, 0] * k[0, 0]),
        "G00K22": float(g[0, 0] * k[2, 2]),
        "db": float(b.grad),
        "sumG": float(g.sum()),
        "G00": float(g[0, 0]),
    }


def test_the_inline_derivative_is_a_fraction():
    assert typing_only(r"\partial L / \partial Y(i,j)") == r"\frac{\partial L}{\partial Y(i,j)}"
    assert (
        typing_only(r"\partial L/\partial y_{n,f,i,j}")
        == r"\frac{\partial L}{\partial y_{n,f,i,j}}"
    )


@pytest.mark.parametrize(
    ("claim", "truth", "expected"),
    [
        (r"\frac{\partial L}{\partial X(0,0)} = \delta(0,0)\,K(0,0)", ("dX00", "G00K00"), VERIFIED),
        (r"\frac{\partial L}{\partial X(0,0)} = \delta(0,0)\,K(2,2)", ("dX00", "G00K22"), WRONG),
        (r"\frac{\partial L}{\partial b} = \delta(0,0)", ("db", "G00"), WRONG),
    ],
)
def test_delta_in_functional_notation_and_the_bias_only_differentiated(claim, truth, expected):
    values = _truth()
    assert (abs(values[truth[0]] - values[truth[1]]) < 1e-12) == (expected == VERIFIED)
    assert abs(values["db"] - values["sumG"]) < 1e-12
    verdicts = check_text(HEAD.replace("{claim}", claim), "n.md").verdicts
    # the forward without b, in notes that go on to dL/db: whether the layer has a bias
    # is a guess (bias_guess.bias_absent_guessed); the definition of delta; the claim; db
    assert [v.status for v in verdicts] == [NOT_UNDERSTOOD, VERIFIED, expected, VERIFIED], [
        v.message for v in verdicts
    ]
