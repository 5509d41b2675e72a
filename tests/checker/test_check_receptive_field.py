"""The receptive field of a stack of dilated stride-1 convolutions the sentence states
(fresh5, fresh7, fresh9: "dilations $1, 2, 4, 8$ and $K = 3$ give a receptive field of
$1 + 2(1 + 2 + 4 + 8) = 31$").  Truth from torch autograd: the input positions one output
of the stacked ``nn.Conv1d`` layers depends on."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _field(kernel: int, dilations: list[int]) -> int:
    """How many inputs the last output of the stack depends on (autograd)."""
    stack = torch.nn.Sequential(
        *[torch.nn.Conv1d(1, 1, kernel, dilation=d, bias=False) for d in dilations]
    )
    for layer in stack:
        torch.nn.init.ones_(layer.weight)
    x = torch.ones(1, 1, 200, requires_grad=True)
    stack(x)[0, 0, -1].backward()
    return int((x.grad != 0).sum())


CASES = [  # (notes, statement, kernel, dilations, status)
    (
        "# Audio\n\nStacking layers with dilations $1, 2, 4, 8$ and $K = 3$ gives a receptive "
        "field of $1 + 2(1 + 2 + 4 + 8) = 31$.\n",
        "1 + 2(1 + 2 + 4 + 8) = 31",
        3,
        [1, 2, 4, 8],
        VERIFIED,
    ),
    (
        "# Notes\n\n**Receptive field.** Stacking three layers of $K = 3$ taps with dilations "
        "1, 2, 4 gives $RF = 1 + 2(1 + 2 + 4) = 15$; adding a fourth with dilation 8, "
        "$RF = 1 + 2(1 + 2 + 4 + 8) = 33$.\n",
        "RF = 1 + 2(1 + 2 + 4 + 8) = 33",
        3,
        [1, 2, 4, 8],
        WRONG,
    ),
    (
        "# Lab\n\nStack two $3 \\times 3$ layers, the first with $d = 1$ and the second with "
        "$d = 2$. Each layer adds $K_\\text{eff} - 1$ pixels to the receptive field, so the "
        "second layer's output sees\n\n$$R = 3 + 5 = 8$$\n",
        "R = 3 + 5 = 8",
        3,
        [1, 2],
        WRONG,
    ),
    (
        "# Notas\n\nCon dilataciones: apilando capas con dilations 1, 2, 4 y $K = 5$ el campo "
        "receptivo es $1 + 4 \\cdot 7 = 29$.\n",
        "1 + 4 \\cdot 7 = 29",
        5,
        [1, 2, 4],
        VERIFIED,
    ),
]


@pytest.mark.parametrize(("text", "source", "kernel", "dilations", "status"), CASES)
def test_a_dilated_stacks_receptive_field(text, source, kernel, dilations, status):
    found = [v for v in check_text(text, "notes.md").verdicts if v.source == source]
    assert [v.status for v in found] == [status], [(v.source, v.message) for v in found]
    if status == WRONG:
        assert str(_field(kernel, dilations)) in found[0].message
    else:
        assert int(source.rsplit("=", 1)[1]) == _field(kernel, dilations)


def test_a_stride_in_the_stack_leaves_it_unread():
    text = (
        "# Notes\n\nStacking layers with dilations $1, 2$, stride 2 and $K = 3$ gives a "
        "receptive field of $1 + 2(1 + 2) = 7$.\n"
    )
    found = [v for v in check_text(text, "notes.md").verdicts if "= 7" in v.source]
    assert found and found[0].status in (NOT_UNDERSTOOD,)
