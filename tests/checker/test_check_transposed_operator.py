"""A cheat sheet in operator notation: the transposed convolution written as an operator,
``G \\star^{T}_{s,p} W`` (PyTorch's ``conv_transpose2d(G, W, stride=s, padding=p)``), and
the ways such a sheet names things that are not its layer:

- a glossary entry ``$G \\star^{T}_{s,p} K$: transposed convolution (...)`` says what a
  symbol means, not that the notes' layer is a transposed convolution;
- a heading "Identities (for any sizes, stride 1)" says where general identities hold, not
  the stride of the sheet's running example;
- a dense layer after the convolution does not take the convolution's bias.

Truth: torch autograd (``F.conv2d``) and ``F.conv_transpose2d``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

SHEET = """# Strided conv, backward pass in operators

**Notation.** $A \\star B$: valid cross-correlation. $\\operatorname{rot180}(B)$: $B$ turned \
by 180 degrees. $\\operatorname{dilate}_s(A)$: $s - 1$ zeros between entries. \
$A \\star^{\\top}_{s,p} B$: transposed convolution (`conv_transpose2d`, stride $s$, padding $p$).

**Example used below.** $X$ is $7 \\times 7$, $W$ is $3 \\times 3$, stride $S = 2$, padding \
$P = 1$, so $G = \\partial L / \\partial Y$ is $4 \\times 4$.

**Identities (valid for all sizes, stride 1)**

$$X \\star W = \\operatorname{rot180}(\\operatorname{rot180}(X) \\star \\operatorname{rot180}(W))$$

**Kernel gradient**

$$\\frac{\\partial L}{\\partial W} = \\operatorname{pad}_1(X) \\star \\operatorname{dilate}_2(G)$$

**Bias gradient**

$$\\frac{\\partial L}{\\partial b} = \\sum_{i,j} G_{i,j}$$

**Input gradient**

$$\\frac{\\partial L}{\\partial X} = G \\star^{\\top}_{2,1} W$$

$$\\frac{\\partial L}{\\partial X} = G \\star^{T}_{2,0} W$$

$$\\frac{\\partial L}{\\partial X} = G \\star^{T}_{s=2,p=1} \\operatorname{rot180}(W)$$
"""


def _status(text: str, piece: str) -> str:
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    found = [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]
    assert len(found) == 1, found
    return found[0]


def _gradients():
    torch.manual_seed(11)
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=2, padding=1)
    g = torch.randn_like(y)
    dx, dw = torch.autograd.grad(y, (x, w), g)
    return x.detach(), w.detach(), g, dx, dw


def test_the_truth_of_the_sheet():
    x, w, g, dx, dw = _gradients()
    assert g.shape[-2:] == (4, 4)
    assert torch.allclose(dx, F.conv_transpose2d(g, w, stride=2, padding=1))
    assert F.conv_transpose2d(g, w, stride=2, padding=0).shape[-2:] == (9, 9)
    flipped = F.conv_transpose2d(g, torch.flip(w, (-2, -1)), stride=2, padding=1)
    assert not torch.allclose(dx, flipped)
    dilated = torch.zeros(1, 1, 7, 7, dtype=torch.float64)
    dilated[..., ::2, ::2] = g
    assert torch.allclose(dw, F.conv2d(F.pad(x, (1, 1, 1, 1)), dilated))
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    (db,) = torch.autograd.grad(F.conv2d(x, w, b, stride=2, padding=1), b, g)
    assert torch.allclose(db, g.sum().reshape(1))


def test_the_transposed_operator_with_its_own_stride_and_padding():
    assert _status(SHEET, "G \\star^{\\top}_{2,1} W") == VERIFIED
    assert _status(SHEET, "G \\star^{T}_{2,0} W") == WRONG
    assert _status(SHEET, "\\star^{T}_{s=2,p=1} \\operatorname{rot180}") == WRONG


def test_a_glossary_entry_and_a_heading_about_any_sizes_are_not_the_layer():
    assert _status(SHEET, "\\sum_{i,j} G_{i,j}") == VERIFIED
    # read as the sheet's layer, the glossary's "transposed convolution" or the heading's
    # "stride 1" would make this claim (true at stride 2, padding 1) not understood or wrong
    assert _status(SHEET, "\\operatorname{dilate}_2(G)$$") == VERIFIED


DENSE_AFTER = (
    SHEET
    + """
**Odd case ($8 \\times 8$ input).** Same layer; the output is still small:

$$H_Y = \\left\\lfloor \\frac{8 + 2 - 3}{2} \\right\\rfloor + 1 = 4$$

---

**Dense layer, column vectors** ($y = Wx$, $g = \\partial L / \\partial y$)

$$\\frac{\\partial L}{\\partial W} = g\\, x^T$$
"""
)


def test_a_dense_layer_after_the_convolution_takes_no_bias_from_it():
    torch.manual_seed(2)
    w = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    x = torch.randn(4, dtype=torch.float64)
    g = torch.randn(3, dtype=torch.float64)
    (dw,) = torch.autograd.grad(w @ x, w, g)
    assert torch.allclose(dw, torch.outer(g, x))
    notes = DENSE_AFTER.replace("$P = 1$, so", "$P = 1$, bias $b$, so")
    assert "bias $b$" in notes
    line = next(n for n, row in enumerate(notes.split("\n"), start=1) if "$y = Wx$" in row)
    # y = Wx defines the dense layer: with a bias taken from the convolution it would be wrong
    assert all(v.status != WRONG for v in check_text(notes, "notes.md").verdicts if v.line == line)
    assert _status(notes, "= g\\, x^T") == VERIFIED
