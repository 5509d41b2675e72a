"""A formula the prose quotes as what someone wrote ("Dice $...$", "the book says $...$",
"you wrote $...$") gives no facts about the layer (checker/quoted_formula.py): its
x_{i-m} made the notes' correlation layer a convolution, and the correction after it was
called wrong.  Truth: torch conv2d (a correlation) on a 5x5 input and 3x3 kernel, the
claims evaluated with NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.quoted_formula import quoted_as_written
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.scan_math import Block

LAYER = (
    "Indices from $0$, a single-channel image $X$ of $5 \\times 5$, a filter $W$ of "
    "$3 \\times 3$, stride $1$ and no padding, so the output $Y$ is $3 \\times 3$.\n\n"
)
QUOTED = "Y_{ij} = \\sum_{m=0}^{2} \\sum_{n=0}^{2} W_{mn} X_{i-m,\\,j-n} + b"
RIGHT = "Y_{ij} = \\sum_{m=0}^{2} \\sum_{n=0}^{2} W_{mn} X_{i+m,\\,j+n} + b"
STYLES = [
    "**Ec. (3), pág. 4.** Dice ${q}$, con índices negativos. Debe decir\n\n$${r}$$\n",
    "**Eq. (3).** The book says ${q}$, which reads outside $X$. It should read\n\n$${r}$$\n",
    "My first try was ${q}$ but the indices run off the image; instead\n\n$${r}$$\n",
    "You wrote ${q}$. The forward pass of a CNN layer is\n\n$${r}$$\n",
]


def _holds(shift: int) -> bool:
    """Whether Y_ij = sum W_mn X_{i+shift*m, j+shift*n} + b (0 outside X) is torch's."""
    gen = torch.Generator().manual_seed(2)
    x = torch.randn((1, 1, 5, 5), generator=gen, dtype=torch.float64)
    w = torch.randn((1, 1, 3, 3), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w)[0, 0].numpy()
    xs, ws = x[0, 0].numpy(), w[0, 0].numpy()
    mine = np.zeros((3, 3))
    for i in range(3):
        for j in range(3):
            for m in range(3):
                for n in range(3):
                    a, b = i + shift * m, j + shift * n
                    if 0 <= a < 5 and 0 <= b < 5:
                        mine[i, j] += ws[m, n] * xs[a, b]
    return bool(np.allclose(mine, y))


def test_the_truth() -> None:
    assert _holds(+1) and not _holds(-1)


@pytest.mark.parametrize("style", STYLES)
def test_a_quoted_formula_does_not_make_the_layer(style: str) -> None:
    text = "# Notes\n\n" + LAYER + style.format(q=QUOTED, r=RIGHT)
    found = {v.source: v.status for v in check_text(text, "quoted.md").verdicts}
    assert found[RIGHT] == VERIFIED
    assert found[QUOTED] == WRONG


# A display formula introduced by a line that quotes it ("... wrote:"); the right one
# follows under a line that says so.  The layer is a correlation either way.
DISPLAY_STYLES = [
    "Some of you wrote the formula as:\n\n$${q}$$\n\nThe layer computes\n\n$${r}$$\n",
    "Bazılarınız formülü şöyle yazmış:\n\n$${q}$$\n\nOlması gereken:\n\n$${r}$$\n",
    "**2b.** Yazdığınız:\n\n$${q}$$\n\nDoğrusu:\n\n$${r}$$\n",
    "Plusieurs d'entre vous ont écrit :\n\n$${q}$$\n\nIl fallait écrire\n\n$${r}$$\n",
    "Viele haben geschrieben:\n\n$${q}$$\n\nRichtig ist\n\n$${r}$$\n",
]


@pytest.mark.parametrize("style", DISPLAY_STYLES)
def test_a_display_formula_quoted_by_its_lead_in_does_not_make_the_layer(style: str) -> None:
    text = "# Notes\n\n" + LAYER + style.format(q=QUOTED, r=RIGHT)
    found = {v.source: v.status for v in check_text(text, "quoted.md").verdicts}
    assert found[RIGHT] == VERIFIED
    assert found[QUOTED] == WRONG


@pytest.mark.parametrize(
    ("lead_in", "quoted"),
    [
        ("Some of you wrote the formula as:", True),
        ("**2b.** Yazdığınız:", True),
        ("The correct formula, which many of you wrote wrongly, is:", False),
        ("Olması gereken (yazdığınız değil):", False),
        ("The layer computes:", False),
        ("You wrote the bound wrongly. The layer computes:", False),
    ],
)
def test_which_lead_ins_quote_the_display_formula_below(lead_in: str, quoted: bool) -> None:
    """Only a lead-in whose last clause has a verb of writing and no word saying the
    formula is right quotes the display formula under it."""
    lines = ["# Notes", "", lead_in, "", f"$${QUOTED}$$"]
    assert quoted_as_written(Block(5, QUOTED), lines) is quoted
