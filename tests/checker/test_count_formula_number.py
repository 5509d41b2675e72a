"""A count formula in the layer's letters set equal to a number, with no ``P =`` before it
("$C_{out} C_{in} k_h k_w + C_{out} = 606$"): the number is a claim too, judged at the layer
the notes state (count_formula_chain.judge_count_chain; it was dropped, and any number
verified with the formula).  Truth: torch's parameter count."""

from __future__ import annotations

import torch.nn as nn

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

NOTES = """# Counting weights

Our layer turns $C_{{in}} = 2$ input channels into $C_{{out}} = 5$ output channels with a
$3 \\times 3$ kernel and a bias for every output channel; its input is $6 \\times 6$.

All told the layer has $C_{{out}} C_{{in}} k_h k_w + C_{{out}} = {n}$ parameters.
"""


def _of(n: int):
    verdicts = check_text(NOTES.format(n=n), "n.md").verdicts
    found = [v for v in verdicts if "k_h k_w" in v.source]
    assert len(found) == 1, [(v.source, v.status, v.message) for v in verdicts]
    return found[0]


def test_the_number_after_a_count_formula_is_judged() -> None:
    truth = sum(p.numel() for p in nn.Conv2d(2, 5, 3).parameters())  # 95
    assert _of(truth).status == VERIFIED
    for wrong in (truth - 5, truth + 1):  # the biases left out; one too many
        found = _of(wrong)
        assert found.status == WRONG and str(truth) in found.message
