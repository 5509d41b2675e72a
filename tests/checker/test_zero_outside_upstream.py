"""A worked 1-D example that gives the upstream gradient as a list and later states the
zero-outside convention for it ("$g_t = 0$ for $t < 0$ or $t > 3$"): the convention is no
new value of G.  Read as "every entry of G is 0", it made every gradient zero and called a
correct dL/dx wrong (a false alarm) or caught a mistake for a wrong reason.  The truth is
torch's conv1d and autograd at the notes' numbers, never symconv."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")

X, W, G = [2, -1, 3, 0, 1, -2, 4, 1], [1, -2, 3], [1, 2, -1, 3]


def _input_gradient(dilation: int) -> list[int]:
    x = torch.tensor([[X]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[W]], dtype=torch.float64)
    y = torch.nn.functional.conv1d(x, w, dilation=dilation)
    assert y.shape[-1] == len(G)  # the notes' g has the output's length
    (y * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    return [int(v) for v in x.grad[0, 0].tolist()]


def _row(values: list[int]) -> str:
    return "(" + ", ".join(map(str, values)) + ")"


_ENGLISH = (
    "# A dilated 1-D convolution by hand\n\n"
    "One channel, no bias, no padding, kernel size 3 and dilation $d = 2$.\n\n"
    "$$x = {x}, \\qquad w = {w}$$\n\n"
    "The upstream gradient is $g = {g}$.\n\n"
    "For the input gradient we take $g_t = 0$ for $t < 0$ or $t > 3$:\n\n"
    "$$\\frac{{\\partial L}}{{\\partial x_s}} = \\sum_{{k=0}}^{{2}} g_{{s-2k}}\\, w_k$$\n\n"
    "All of it: $\\partial L / \\partial x = {dx}$.\n"
)
_GERMAN = (
    "## Beispiel: Faltung mit Dilatation\n\n"
    "Ein Kanal, ohne Bias, ohne Padding, Kernelgröße 3, Dilatation $d = 2$.\n\n"
    "Gegeben $x = {x}$ und $w = {w}$, der Gradient von oben $g = {g}$.\n\n"
    "Wir setzen $g_t = 0$ für $t$ außerhalb von $0..3$.\n\n"
    "Damit ist $\\partial L / \\partial x = {dx}$.\n"
)


@pytest.mark.parametrize("template", [_ENGLISH, _GERMAN], ids=["en", "de"])
@pytest.mark.parametrize("slip", [0, 1], ids=["right", "one entry off"])
def test_a_zero_outside_convention_is_no_new_upstream_gradient(template, slip):
    dx = _input_gradient(dilation=2)
    dx[1] += slip
    text = template.format(x=_row(X), w=_row(W), g=_row(G), dx=_row(dx))
    found = one_verdict(text, "\\partial L / \\partial x =")
    assert found.status == (WRONG if slip else VERIFIED), found.message
    g_line = next(n for n, row in enumerate(text.split("\n"), 1) if "g = (" in row)
    assert f"G of line {g_line}" in found.message  # the list, not the convention
