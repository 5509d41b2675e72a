"""A 1-D worked example gives its signal and kernel as tuples in one section and works the
backward pass in the next: the later section writes entries only (``x_4``, ``w_k``), so its
own reading of the sizes is the largest index (an input of 5).  The tuples are the same x
and w: the later section is sized by them (7 and 3), its entry chains are judged at their
numbers, and a dL/dw without the dilation is caught instead of being left to a guessed
input.  The truth is torch's conv1d and autograd, never symconv."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")

X, W, G = [2, 0, -1, 3, 1, -2, 1], [1, -2, 3], [2, 1, -1]


def _input_gradient() -> list[int]:
    """dL/dx of the dilation-2 layer at the notes' numbers, L = sum(g y)."""
    x = torch.tensor([[X]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[W]], dtype=torch.float64)
    y = torch.nn.functional.conv1d(x, w, dilation=2)
    assert y.shape[-1] == len(G)
    (y * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    return [int(v) for v in x.grad[0, 0]]


def _row(values: list[int]) -> str:
    return "(" + ", ".join(map(str, values)) + ")"


_ENGLISH = (
    "# Dilated 1-D convolution, by hand\n\n"
    "Indices from 0, one channel, no bias, no padding, dilation $d = 2$.\n\n"
    "## The example\n\n"
    "$$x = {x}, \\qquad w = {w}$$\n\n"
    "$$y_t = \\sum_{{k=0}}^{{2}} w_k\\, x_{{t+2k}}$$\n\n"
    "## Backward\n\n"
    "The upstream gradient is $g = {g}$.  For the kernel\n\n"
    "$$\\frac{{\\partial L}}{{\\partial w_k}} = \\sum_{{t=0}}^{{2}} g_t\\, x_{{t+{step}k}}$$\n\n"
    "and sample 4 is read by the windows $t = 2$ (through $w_1$) and $t = 0$ (through $w_2$):\n\n"
    "$$\\frac{{\\partial L}}{{\\partial x_4}} = g_2 w_1 + g_0 w_2 = {dx4}$$\n"
)
_FRENCH = (
    "# Convolution 1-D dilatée à la main\n\n"
    "Indices à partir de 0, un canal, sans biais, sans remplissage, dilatation $d = 2$.\n\n"
    "## L'exemple\n\n"
    "$$x = {x}, \\qquad w = {w}$$\n\n"
    "$$y_t = \\sum_{{k=0}}^{{2}} w_k\\, x_{{t+2k}}$$\n\n"
    "## Rétropropagation\n\n"
    "Le gradient amont vaut $g = {g}$.  Pour le noyau\n\n"
    "$$\\frac{{\\partial L}}{{\\partial w_k}} = \\sum_{{t=0}}^{{2}} g_t\\, x_{{t+{step}k}}$$\n\n"
    "et l'échantillon 4 est lu par les fenêtres $t = 2$ (par $w_1$) et $t = 0$ (par $w_2$) :\n\n"
    "$$\\frac{{\\partial L}}{{\\partial x_4}} = g_2 w_1 + g_0 w_2 = {dx4}$$\n"
)


@pytest.mark.parametrize("template", [_ENGLISH, _FRENCH], ids=["en", "fr"])
@pytest.mark.parametrize("slip", [False, True], ids=["right", "slips"])
def test_a_later_section_is_sized_by_the_tuples(template, slip):
    dx = _input_gradient()
    assert dx[4] == G[2] * W[1] + G[0] * W[2]  # the chain's formula side is the entry's
    # the slips: the kernel gradient without the dilation, and dL/dx_4 one off
    text = template.format(
        x=_row(X), w=_row(W), g=_row(G), step="" if slip else "2", dx4=dx[4] + slip
    )
    kernel = one_verdict(text, "\\partial w_k} =")
    entry = one_verdict(text, "\\partial x_4} =")
    assert kernel.status == (WRONG if slip else VERIFIED), kernel.message
    assert entry.status == (WRONG if slip else VERIFIED), entry.message
    if slip:
        assert f"{dx[4]}, not {dx[4] + 1}" in entry.message
    else:  # at the tuples' sizes, not at an input of 5 read off x_4
        assert "conv1d 7, kernel 3" in kernel.message
