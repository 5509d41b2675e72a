"""An input entry written with a literal index in the zero padding (``x_{-1}`` under padding
1) reads as that zero (checker/padding_band.py).

Truth: torch conv1d (input 5, kernel 3, padding 1) with autograd-free forward values; the
claims are compared at random inputs, x_{-1} being 0 by the padding.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

NOTES = (
    "# Padding\n\nA 1-D convolution of a signal $x$ of length 5 with a kernel $w$ of length 3, "
    "padding 1, stride 1, no bias, indices from 0:\n\n"
    "$$y_i = \\sum_{{k=0}}^{{2}} w_k\\, x_{{i+k-1}}$$\n\n"
    "$${claim}$$\n"
)
FULL = "y_0 = w_0 x_{-1} + w_1 x_0 + w_2 x_1"
SHORT = "y_0 = w_0 x_{-1} + w_1 x_0"


def _truth() -> dict[str, bool]:
    gen = torch.Generator().manual_seed(2)
    x = torch.randn(5, generator=gen, dtype=torch.float64)
    w = torch.randn(3, generator=gen, dtype=torch.float64)
    y0 = torch.nn.functional.conv1d(x.view(1, 1, 5), w.view(1, 1, 3), padding=1)[0, 0, 0]
    padded = torch.cat([torch.zeros(1, dtype=torch.float64), x])  # padded[0] is x_{-1}
    return {
        FULL: bool(torch.isclose(y0, w[0] * padded[0] + w[1] * x[0] + w[2] * x[1])),
        SHORT: bool(torch.isclose(y0, w[0] * padded[0] + w[1] * x[0])),
    }


def test_an_entry_in_the_padding_is_its_zero() -> None:
    truth = _truth()
    assert truth == {FULL: True, SHORT: False}
    for claim, holds in truth.items():
        text = NOTES.replace("{{", "{").replace("}}", "}").replace("{claim}", claim)
        assert statuses(text, claim) == [VERIFIED if holds else WRONG], claim


def test_without_padding_the_entry_is_not_the_layers() -> None:
    text = (
        NOTES.replace("padding 1", "no padding")
        .replace("x_{{i+k-1}}", "x_{{i+k}}")
        .replace("{{", "{")
        .replace("}}", "}")
        .replace("{claim}", FULL)
    )
    assert statuses(text, FULL) != [VERIFIED]
