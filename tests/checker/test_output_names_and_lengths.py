"""Output sides named H_o / W_o, and a 1-D input's length in CJK words (issue 16: fresh41's
im2col page, "$$H_o = 8 - 3 + 1 = 6$$ and likewise $W_o = 6$" read as a setting W_o no
reader takes, and "$H_o W_o = 36$ columns" where "H_o is not a symbol of this layer"; a
Chinese post's ``nn.Conv1d(...)`` "作用在长度 100 的序列上", whose length was not read).

Truth: the output shapes torch's conv2d and conv1d give.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG


def _side2(h: int, k: int) -> int:
    return int(F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)).shape[-1])


def _im2col(h: int, k: int, shift: int, product_shift: int = 0) -> str:
    side = _side2(h, k) + shift
    return (
        "# im2col\n\n## Example\n\n"
        f"Input $X$ with $C = 2$ channels of ${h} \\times {h}$ pixels, $F = 3$ filters of size "
        f"$k = {k}$, stride 1, no padding. The output side is\n\n"
        f"$$H_o = {h} - {k} + 1 = {side}$$\n\nand likewise $W_o = {side}$.\n\n"
        "## Columns\n\nEvery output position gets one column, so the patch matrix has "
        f"$H_o W_o = {side * side + product_shift}$ columns.\n"
    )


def test_english_output_sides_named_h_o_and_w_o():
    text = _im2col(10, 3, 0)
    assert statuses(text, "$$H_o") == [VERIFIED]
    assert statuses(text, "$H_o W_o") == [VERIFIED]


def test_wrong_output_side_named_h_o_is_caught():
    text = _im2col(12, 5, 1)
    assert statuses(text, "$$H_o") == [WRONG]
    # the notes' own W_o is the wrong 9: which W_o the product uses is not read, never verified
    assert VERIFIED not in statuses(text, "$H_o W_o")
    assert statuses(_im2col(12, 5, 0, product_shift=2), "$H_o W_o") == [WRONG]


def _conv1d_note(words: str, n: int, shift: int) -> str:
    conv = torch.nn.Conv1d(2, 4, kernel_size=3, dilation=2, padding=2)
    out = int(conv(torch.zeros(1, 2, n)).shape[-1]) + shift
    return (
        "# 空洞卷积\n\n## 输出长度\n\n"
        f"`nn.Conv1d(2, 4, kernel_size=3, dilation=2, padding=2)` {words.format(n=n)}：\n\n"
        f"$$L_{{out}} = \\left\\lfloor \\frac{{{n} + 4 - 4 - 1}}{{1}} \\right\\rfloor "
        f"+ 1 = {out}$$\n"
    )


def test_chinese_sequence_length():
    assert statuses(_conv1d_note("作用在长度 {n} 的序列上", 50, 0), "L_{out}") == [VERIFIED]
    assert statuses(_conv1d_note("作用在长度为 {n} 的序列上", 37, 1), "L_{out}") == [WRONG]


def test_japanese_sequence_length():
    assert statuses(_conv1d_note("を長さ {n} の系列に適用すると", 64, 0), "L_{out}") == [VERIFIED]
