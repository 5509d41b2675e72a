"""An input's and a kernel's sizes stated in Turkish, Vietnamese, Greek, Arabic or Hindi:
"Girdi $X$ boyutu $5 \\times 5$", "Đầu vào $X$ có kích thước ...", "Η είσοδος $X$ είναι ...",
"المدخل $X$ بحجم ...", "इनपुट $X$ का आकार ... है".

The role words were not read, so the layer was a guess (3 x 3 or 2 x 2) and the claims not
understood.  They are now prose._ROLES' and lexicon.ROLES_CJK's (Arabic and Devanagari,
like CJK, matched without word boundaries).  Truth: torch autograd's dL/dW of a 5 x 5 input
and a 3 x 3 kernel against each formula evaluated with NumPy; a sum that stops one row short
must be called wrong."""

from __future__ import annotations

import numpy as np
import pytest
from conv_truth import conv2d_autograd, weight_gradient_loops

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

STATED = {
    "tr": "Girdi $X$ boyutu $5 \\times 5$, çekirdek $W$ boyutu $3 \\times 3$.",
    "vi": "Đầu vào $X$ có kích thước $5 \\times 5$, kernel $W$ có kích thước $3 \\times 3$.",
    "el": "Η είσοδος $X$ είναι $5 \\times 5$ και ο πυρήνας $W$ είναι $3 \\times 3$.",
    "ar": "المدخل $X$ بحجم $5 \\times 5$ والنواة $W$ بحجم $3 \\times 3$.",
    "hi": "इनपुट $X$ का आकार $5 \\times 5$ है और कर्नेल $W$ का आकार $3 \\times 3$ है।",
}
CLAIM = (
    "\\frac{{\\partial L}}{{\\partial W_{{ab}}}} = "
    "\\sum_{{i=0}}^{{{last}}}\\sum_{{j=0}}^{{{last}}} G_{{ij}} X_{{i+a,j+b}}"
)


def _right(last: int) -> bool:
    """Whether the sum up to ``last`` is dL/dW of a 5 x 5 input and a 3 x 3 kernel."""
    t = conv2d_autograd((1, 1, 5, 5), (1, 1, 3, 3), seed=9)
    return bool(np.allclose(weight_gradient_loops(t, rows=range(last + 1)), t["dW"]))


@pytest.mark.parametrize("language", list(STATED))
@pytest.mark.parametrize("last", [2, 1])
def test_the_sizes_stated_in_these_words_are_read(language, last):
    right = _right(last)
    assert right == (last == 2)
    text = (
        f"# T\n\n{STATED[language]} $G = \\partial L / \\partial Y$.\n\n"
        f"$${CLAIM.format(last=last)}$$\n"
    )
    result = check_text(text, "n.md")
    assert result.layers[0]["layer"].startswith("conv2d 5x5, kernel 3x3")
    statuses = [v.status for v in result.verdicts if v.line == 5]
    assert statuses == [VERIFIED if right else WRONG]


FOOTPRINT = {
    "en": "Each output costs $M = 16 \\cdot 25 = 400$ products, since the kernel covers "
    "$5 \\times 5$ pixels.",
    "en, effective": "The effective kernel is $5 \\times 5$.",
    "el": "Κάθε έξοδος κοστίζει $M = 16 \\cdot 25 = 400$ πολλαπλασιασμούς, αφού ο πυρήνας "
    "καλύπτει $5 \\times 5$ pixel.",
}


@pytest.mark.parametrize("language", list(FOOTPRINT))
@pytest.mark.parametrize("off", [0, 2])
def test_a_dilated_kernels_footprint_is_not_its_size(language, off):
    # "the kernel covers 5 x 5 pixels": a 3 x 3 kernel with dilation 2 spans 5; read as the
    # kernel's size it judged H_out = 32 + 4 - 5 + 1 = 32 with a 5 x 5 kernel and
    # dilation 2 as "28, not 32" (a false alarm)
    side = int(
        torch.nn.functional.conv2d(
            torch.zeros(1, 1, 32, 32), torch.zeros(1, 1, 3, 3), padding=2, dilation=2
        ).shape[-1]
    )
    assert side == 32
    text = (
        "# T\n\nThe input is $32 \\times 32$, a $3 \\times 3$ kernel with dilation 2, "
        f"padding 2.\n\n{FOOTPRINT[language]}\n\n$H_{{out}} = {side - off}$\n"
    )
    result = check_text(text, "n.md")
    assert "kernel 3x3" in result.layers[0]["layer"]
    statuses = [v.status for v in result.verdicts if v.line == 7]
    assert statuses == [VERIFIED if off == 0 else WRONG]
