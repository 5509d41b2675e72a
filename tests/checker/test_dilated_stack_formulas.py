"""A dilated stack's receptive field written in K, and a causal layer's left padding with
the K of its own sentence (receptive_field.judge_field_formula, causal_padding.py).

Truth: torch (the receptive field as the input entries one output's gradient reaches through
a stack of F.conv1d layers; the causal padding as the left padding that keeps the length)
and hand work; every case asserts the truth first.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _field(kernel: int, dilations: list[int]) -> int:
    """How many inputs the last output of a stack of stride-1 dilated conv1d layers sees."""
    n = 1 + sum((kernel - 1) * d for d in dilations) + 8
    x = torch.randn((1, 1, n), dtype=torch.float64, requires_grad=True)
    y = x
    for d in dilations:
        y = F.conv1d(y, torch.ones((1, 1, kernel), dtype=torch.float64), dilation=d)
    y[0, 0, -1].backward()
    return int((x.grad != 0).sum())


QUESTION = (
    "My block has kernel $K = {k}$ and dilations 1, 2, 4, 8 (stride 1, no padding). "
    "Its receptive field:\n\n$${claim}$$\n"
)
ANSWER = (
    "A block of dilated convolutions, dilations 1, 2, 4, 8 and stride 1.\n\n"
    "**Your receptive field.** Each layer with kernel $K$ and dilation $d$ adds $(K-1)d$ "
    "samples of context, so\n\n$${claim}$$\n"
)


@pytest.mark.parametrize(
    ("template", "k", "claim", "expected"),
    [
        (QUESTION, 2, r"R = K \cdot (1 + 2 + 4 + 8) = 30", WRONG),
        (QUESTION, 3, r"R = 1 + (K - 1)(1 + 2 + 4 + 8) = 31", VERIFIED),
        (QUESTION, 3, r"RF = 1 + 2 \cdot 15 = 31", VERIFIED),
        (ANSWER, None, r"R = 1 + (K - 1)(1 + 2 + 4 + 8)", VERIFIED),
        (ANSWER, None, r"R = K (1 + 2 + 4 + 8)", WRONG),
        (ANSWER, None, r"R = 1 + K (1 + 2 + 4 + 8)", WRONG),
    ],
)
def test_a_dilated_stack_field_in_k(template, k, claim, expected):
    for kernel in (k,) if k else (2, 3, 4):  # hand: 1 + (K - 1) 15, checked with torch
        assert _field(kernel, [1, 2, 4, 8]) == 1 + (kernel - 1) * 15
    text = template.replace("{k}", str(k)).replace("{claim}", claim)
    verdict = check_text(text, "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


def _keeps_length(kernel: int, dilation: int, left: int) -> bool:
    x = torch.randn((1, 1, 20), dtype=torch.float64)
    y = F.conv1d(F.pad(x, (left, 0)), torch.ones((1, 1, kernel), dtype=torch.float64),
                 dilation=dilation)  # fmt: skip
    return y.shape[-1] == 20


CAUSAL = (
    "A first layer has $K = 2$ and $d = 1$.\n\n"
    "**Keeping the length (causal padding).** A causal layer pads only on the left. For a "
    "layer with $K = 3$ and $d = 4$ the left padding that keeps the output as long as the "
    "input is\n\n$${claim}$$\n"
)


@pytest.mark.parametrize(
    ("claim", "value", "expected"),
    [
        (r"P_{left} = (K - 1) d / 2", 4, WRONG),
        (r"P_{left} = (K - 1) d", 8, VERIFIED),
        (r"P = (K - 1)\, d = 8", 8, VERIFIED),
    ],
)
def test_causal_padding_takes_the_kernel_of_its_sentence(claim, value, expected):
    assert _keeps_length(3, 4, value) == (expected == VERIFIED)
    verdict = check_text(CAUSAL.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


def test_two_kernels_in_the_sentence_are_not_guessed():
    text = CAUSAL.replace("with $K = 3$ and", "with $K = 3$ or $K = 5$ and").replace(
        "{claim}", r"P_{left} = (K - 1) d / 2"
    )
    verdicts = check_text(text, "n.md").verdicts
    assert not verdicts or verdicts[-1].status == NOT_UNDERSTOOD, verdicts[-1].message


def test_a_stack_extended_in_words_keeps_its_numbers():
    assert _field(3, [1, 2, 4]) == 15 and _field(3, [1, 2, 4, 8]) == 31
    text = (
        "**Receptive field.** Stacking three layers of $K = 3$ taps with dilations 1, 2, 4 "
        "gives $RF = 1 + 2(1 + 2 + 4) = 15$; adding a fourth with dilation 8, "
        "$RF = 1 + 2(1 + 2 + 4 + 8) = 31$.\n"
    )
    verdicts = check_text(text, "n.md").verdicts
    assert [v.status for v in verdicts][-2:] == [VERIFIED, VERIFIED], verdicts


def test_spanish_dilations_and_the_kernel_of_the_claims_own_sentence():
    # two kernels in two sentences: each claim takes the K of its own sentence
    assert _field(2, [1, 2, 4]) == 8 and _field(4, [1, 2, 4]) == 22
    text = (
        "## Campo receptivo\n\nCon dilataciones 1, 2, 4 y $K = 2$, el campo receptivo es "
        "$R = 1 + (K-1)(1 + 2 + 4) = 8$. Con $K = 4$ hay quien escribe "
        "$R = K(1 + 2 + 4) = 28$, y no es así.\n"
    )
    first, second = check_text(text, "n.md").verdicts[-2:]
    assert first.status == VERIFIED, first.message
    assert second.status == WRONG and second.message.startswith("22, not 28"), second.message
