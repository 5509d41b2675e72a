"""Pooling layers read from the notes' prose (issue 16, the unseen dev set's pooling notes)."""

from __future__ import annotations

from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.runner import check_text


def test_an_entry_outside_a_pooling_layer_is_not_understood_not_an_error():
    # a 4x4 input pooled 2x2 by 2 has a 2x2 output: y_{2,2} is outside it, and no layer
    # option makes a pooling layer larger, so there is no directive to offer (it used to
    # raise "--layer 'maxpool2d' is unknown" and end the whole file)
    text = ("A max pooling layer with a 2x2 window and stride 2 on a 4x4 input.\n\n"
            "$$y_{2,2} = x_{4,4}$$\n")
    [verdict] = check_text(text, "p.md").verdicts
    assert verdict.status == NOT_UNDERSTOOD and "y_{2,2}" in verdict.message
    assert "symconv:" not in verdict.message
