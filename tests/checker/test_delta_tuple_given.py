"""A 1-D worked example that gives the upstream gradient under its other usual name, as a
tuple in prose ("take $\\delta = (1, 0, -1, 2)$"): the numbers are G's, so a chain ``dL/dx_j
= (the entry's formula) = (a number)`` is judged at them, right or wrong, instead of being
left unread.  The truth is torch's conv1d and autograd, never symconv."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")

X, W, DELTA = [3, -1, 2, 0, 1, 4], [1, 2, -1], [2, -1, 0, 3]


def _gradients() -> tuple[list[int], list[int]]:
    """(dL/dx, dL/dw) of a length-6 signal, kernel 3, stride 1, no padding, L = sum(delta y)."""
    x = torch.tensor([[X]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[W]], dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x, w)
    (y * torch.tensor([[DELTA]], dtype=torch.float64)).sum().backward()
    return [int(v) for v in x.grad[0, 0]], [int(v) for v in w.grad[0, 0]]


def _row(values: list[int]) -> str:
    return "(" + ", ".join(map(str, values)) + ")"


_CLAIMS = (
    "$$\\frac{{\\partial L}}{{\\partial x_3}} = "
    "\\delta_3 w_0 + \\delta_2 w_1 + \\delta_1 w_2 = {dx3}$$\n\n"
    "$$\\frac{{\\partial L}}{{\\partial w_1}} = "
    "\\sum_{{i=0}}^{{3}} \\delta_i\\, x_{{i+1}} = {dw1}$$\n"
)
_ENGLISH = (
    "One channel, stride 1, no padding, no bias, indices from 0: $y_i = \\sum_{{m=0}}^{{2}} "
    "w_m\\, x_{{i+m}}$ with $x \\in \\mathbb{{R}}^6$, $w \\in \\mathbb{{R}}^3$, and "
    "$\\delta_i = \\partial L / \\partial y_i$.\n\n"
    "Numbers: $x = {x}$, $w = {w}$.  Take $\\delta = {delta}$.  Then\n\n" + _CLAIMS
)
_SPANISH = (
    "Un canal, paso 1, sin relleno, sin sesgo, índices desde 0: $y_i = \\sum_{{m=0}}^{{2}} "
    "w_m\\, x_{{i+m}}$, con $x \\in \\mathbb{{R}}^6$ y $w \\in \\mathbb{{R}}^3$; llamamos "
    "$\\delta_i = \\partial L / \\partial y_i$.\n\n"
    "Con $x = {x}$ y $w = {w}$, y el gradiente que llega $\\delta = {delta}$:\n\n" + _CLAIMS
)


@pytest.mark.parametrize("template", [_ENGLISH, _SPANISH], ids=["en", "es"])
@pytest.mark.parametrize("slip", [0, 1], ids=["right", "off by one"])
def test_a_delta_given_as_a_tuple_is_the_upstream_gradient(template, slip):
    dx, dw = _gradients()
    text = template.format(
        x=_row(X), w=_row(W), delta=_row(DELTA), dx3=dx[3] + slip, dw1=dw[1] - slip
    )
    for piece, value in (("x_3} =", dx[3]), ("w_1} =", dw[1])):
        found = one_verdict(text, piece)
        assert found.status == (WRONG if slip else VERIFIED), found.message
        if slip:
            assert f"{value}, not" in found.message
