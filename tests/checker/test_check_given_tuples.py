"""A 1-D worked example's signal and filter given as tuples of numbers, ``x = (2, 0, 1, -1,
3, 1)`` and ``w = (1, 2, -1)``, state the layer's input and kernel lengths
(checker/scan_math.py, _given_tuples).

Truth: torch conv1d of a 6-long signal with a 3-long kernel has 4 outputs, so the weight
gradient sums g_i x_{i+m} over i = 0..3 (autograd against the written sums).
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

NOTES = (
    "# 1-D by hand\n\nValid cross-correlation, indices from 0, $g_i = \\partial L / "
    "\\partial y_i$:\n\n$$y_i = \\sum_{k} w_k\\, x_{i+k}$$\n\n"
    "**Example.** Take $x = (2, 0, 1, -1, 3, 1)$ and $w = (1, 2, -1)$.\n\n"
    "$${claim}$$\n"
)
RIGHT = "\\frac{\\partial L}{\\partial w_m} = \\sum_{i=0}^{3} g_i\\, x_{i+m}"
PAST = "\\frac{\\partial L}{\\partial w_m} = \\sum_{i=0}^{4} g_i\\, x_{i+m}"


def _truth() -> dict[str, bool]:
    x = torch.tensor([2.0, 0, 1, -1, 3, 1], dtype=torch.float64)
    w = torch.tensor([1.0, 2, -1], dtype=torch.float64, requires_grad=True)
    gen = torch.Generator().manual_seed(4)
    y = torch.nn.functional.conv1d(x.view(1, 1, 6), w.view(1, 1, 3))[0, 0]
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    assert w.grad is not None
    outputs = y.shape[0]  # 4: the sum over i = 0..4 names an output that does not exist
    return {
        RIGHT: bool(
            torch.allclose(
                w.grad, torch.stack([sum(g[i] * x[i + m] for i in range(4)) for m in range(3)])
            )
        ),
        PAST: outputs == 5,
    }


def test_tuples_state_the_lengths() -> None:
    truth = _truth()
    assert truth == {RIGHT: True, PAST: False}
    for claim, holds in truth.items():
        text = NOTES.replace("{claim}", claim)
        assert statuses(text, claim) == [VERIFIED if holds else WRONG], claim


# one output of the example in numbers (worked_entry.py: a signal's entry has one index)
Y1 = "y_1 = 0 \\cdot 1 + 1 \\cdot 2 + (-1) \\cdot (-1) = 3"
Y2 = "y_2 = 1 \\cdot 1 + (-1) \\cdot 2 + 3 \\cdot (-1) = -3"


def test_an_output_worked_out_in_numbers() -> None:
    x = torch.tensor([2.0, 0, 1, -1, 3, 1], dtype=torch.float64)
    w = torch.tensor([1.0, 2, -1], dtype=torch.float64)
    y = torch.nn.functional.conv1d(x.view(1, 1, 6), w.view(1, 1, 3))[0, 0]
    truth = {Y1: float(y[1]) == 3 == 0 * 1 + 1 * 2 + (-1) * (-1), Y2: float(y[2]) == -3}
    assert truth == {Y1: True, Y2: False}  # y_2 is 1 - 2 - 3 = -4
    for claim, holds in truth.items():
        text = NOTES.replace("{claim}", claim)
        assert statuses(text, claim) == [VERIFIED if holds else WRONG], claim
