"""Spellings of a layer's facts that bind a named size to its layer: a vector input
"$x \\in \\mathbb{R}^{8}$" with a kernel listed as its taps "$w = (w_0, w_1, w_2)$", a
transposed convolution "on a $4\\times 4$ map", "Without the output padding, ...", a dilated
stack "(stride 1)".  Truth: torch output shapes; the receptive field by hand (each stride-1
layer of kernel K and dilation d widens the view by (K - 1) d)."""

from __future__ import annotations

import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if written in v.source]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


def _length(module: nn.Module, n: int) -> int:
    return int(module(torch.zeros(1, 1, n)).shape[-1])


def _side(module: nn.Module, n: int) -> int:
    return int(module(torch.zeros(1, 1, n, n)).shape[-1])


CONV1D = nn.Conv1d(1, 1, 3, stride=2)
L_OUT = _length(CONV1D, 10)  # 4
ONE_D = f"""# Lecture 9

## Setup

The input is $x \\in \\mathbb{{R}}^{{10}}$, the kernel is $w = (w_0, w_1, w_2)$, the stride is
$S = 2$ and there is no padding. The number of outputs is

$$L_{{\\text{{out}}}} = \\left\\lfloor \\frac{{10 - 3}}{{2}} \\right\\rfloor + 1 = {L_OUT}$$
"""


def test_a_vector_input_and_a_kernel_listed_by_its_taps() -> None:
    assert _of(_verdicts(ONE_D), "\\frac{10 - 3}{2}").status == VERIFIED


UP = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)
UP_PLAIN = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)
TWO_D = f"""# Upsampling

For `ConvTranspose2d` with kernel 3, stride 2, padding 1 and `output_padding = 1` on a
$5\\times 5$ map, each side becomes

$$H_{{\\text{{out}}}} = (5 - 1)\\cdot 2 - 2 + 3 + 1 = {_side(UP, 5)}.$$

Without the output padding, one answer was

$$H_{{\\text{{out}}}} = (5 - 1)\\cdot 2 + 2 + 3 = 13,$$

which has the padding with the wrong sign.
"""


def test_a_transposed_size_on_a_map_and_the_same_layer_without_output_padding() -> None:
    found = _verdicts(TWO_D)
    assert _of(found, "- 2 + 3 + 1").status == VERIFIED
    wrong = _of(found, "= 13")
    assert wrong.status == WRONG
    assert wrong.message.startswith(f"{_side(UP_PLAIN, 5)}, not 13")  # 9


STACK = """# Dilations

Stacking three $3\\times 3$ layers with dilations 1, 2, 4 (stride 1) grows the receptive
field fast. Adding up the dilations:

$$\\text{RF} = 1 + (1 + 2 + 4) = 8$$
"""


def test_a_stack_with_its_stride_stated_as_one_is_read() -> None:
    field = 1 + (3 - 1) * (1 + 2 + 4)  # 15
    verdict = _of(_verdicts(STACK), "= 8")
    assert verdict.status == WRONG and verdict.message.startswith(f"{field}, not 8")


def test_a_stack_with_stride_two_is_not_read_as_a_stride_one_stack() -> None:
    text = STACK.replace("(stride 1)", "(stride 2)")
    assert _of(_verdicts(text), "= 8").status != WRONG
