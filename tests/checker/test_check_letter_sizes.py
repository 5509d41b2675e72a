"""Size letters the notes define by the role word before a square size, with or without
"of": "noyau $K \\times K$", "kernel $R \\times R$", "entrée carrée $H \\times H$" (fresh10,
fresh11: "R is not a size of this layer").  A size formula in those letters is then judged:
the right one holds at every size torch computes, the one that counts the padding once does
not (wrong, or size-specific where the sizes are only guessed)."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

ALL_SIZES = "verified-for-all-sizes"


def _torch_side(h: int, k: int, s: int, p: int) -> int:
    conv = torch.nn.Conv2d(1, 1, k, stride=s, padding=p)
    return int(conv(torch.zeros(1, 1, h, h)).shape[-1])


def test_the_formulas_truth_from_torch():
    for h, k, s, p in [(8, 3, 2, 1), (7, 3, 1, 0), (9, 4, 3, 2), (32, 5, 1, 2)]:
        assert _torch_side(h, k, s, p) == (h + 2 * p - k) // s + 1
    assert _torch_side(7, 3, 1, 1) != (7 + 1 - 3) // 1 + 1  # the padding counted once


NOTES = [
    "# TD\n\nNotations : entrée carrée $H \\times H$, noyau $K \\times K$, pas $S$, "
    "remplissage $P$ de chaque côté.\n\n"
    "$$H_{\\text{out}} = \\left\\lfloor \\frac{H + 2P - K}{S} \\right\\rfloor + 1$$\n\n"
    "Beaucoup ont écrit $H_{\\text{out}} = \\left\\lfloor \\frac{H + P - K}{S} \\right\\rfloor"
    " + 1$.\n",
    "# Notes\n\nOne channel, input $H \\times H$, kernel $R \\times R$, stride $S$, "
    "padding $P$.\n\n"
    "$$H_{\\text{out}} = \\left\\lfloor (H + 2P - R)/S \\right\\rfloor + 1$$\n\n"
    "Some write $H_{\\text{out}} = \\lfloor (H + P - R)/S \\rfloor + 1$.\n",
]


@pytest.mark.parametrize("text", NOTES)
def test_a_kernel_letter_named_by_its_square_size_is_the_kernel(text):
    verdicts = [v for v in check_text(text, "notes.md").verdicts if "out" in v.source]
    assert [v.status in (VERIFIED, ALL_SIZES) for v in verdicts] == [True, False]
    # false at some sizes: wrong, or (at the guessed sizes, where it may hold) size-specific
    assert verdicts[1].status in (WRONG, SIZE_SPECIFIC)


def _torch_length(n: int, k: int, d: int) -> int:
    conv = torch.nn.Conv1d(1, 1, k, dilation=d)
    return int(conv(torch.zeros(1, 1, n)).shape[-1])


def test_a_letter_counting_taps_is_the_kernel():
    assert _torch_length(10, 3, 2) == 10 - 2 * (3 - 1)
    text = (
        "# A dilated Conv1d\n\nSetup: input $x$ of length $L = 10$, a kernel $w$ with $K = 3$ "
        "taps, dilation $d = 2$, stride 1, no padding, so the output has "
        "$L_{out} = L - d(K - 1) = 6$ samples:\n\n$$y[t] = \\sum_{k=0}^{2} w[k] \\, x[t + 2k]$$\n\n"
        "A common slip is $L_{out} = L - K + 1 = 8$.\n"
    )
    verdicts = {v.source: v for v in check_text(text, "notes.md").verdicts}
    assert verdicts["L_{out} = L - d(K - 1) = 6"].status in (VERIFIED, ALL_SIZES)
    assert verdicts["L_{out} = L - K + 1 = 8"].status in (WRONG, SIZE_SPECIFIC)
