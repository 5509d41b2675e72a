"""Sizes written with a layer mark (marked_sizes.py): the course's ``n_H^{[l]}`` /
``n_H^{[l-1]}`` and the map-numbered ``H_{l+1}`` / ``H_l`` are one layer's output and input
sizes.  Truth: torch's own output shapes and parameter counts (not symconv's formulas)."""

from __future__ import annotations

import itertools

import torch

from symconv.checker.marked_sizes import size_marks, stated_under, unmark_sizes
from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from tests.checker.line_verdicts import statuses

_COURSE = "\n".join(
    [
        "# Week 4 recap: sizes through a conv layer",
        "",
        "We follow the course's notation: layer $l$ receives $A^{[l-1]}$ with shape "
        "$(n_H^{[l-1]}, n_W^{[l-1]}, n_C^{[l-1]})$ and applies $n_C^{[l]}$ filters of shape "
        "$f \\times f \\times n_C^{[l-1]}$ with stride $s$ and padding $p$. Our running example: "
        "a $7 \\times 7 \\times 3$ input, four $3 \\times 3$ filters, stride 2, padding 1.",
        "",
        "The height of the output is",
        "",
        "$$n_H^{[l]} = \\left\\lfloor \\frac{n_H^{[l-1]} + 2p - f}{s} \\right\\rfloor + 1$$",
        "",
        "and a student wrote, for the width,",
        "",
        "$$n_W^{[l]} = \\left\\lfloor \\frac{n_W^{[l-1]} + p - f}{s} \\right\\rfloor + 1$$",
        "",
        "With stride 1 and padding $(f-1)/2$ the height stays put:",
        "",
        "$$n_H^{[l]} = n_H^{[l-1]}$$",
        "",
        "The layer's weights and biases number",
        "",
        "$$N_{\\text{params}} = (f^2 n_C^{[l-1]} + 1)\\, n_C^{[l]}$$",
        "",
    ]
)

_NUMBERED_MAPS = "\n".join(
    [
        "# Section 7.2 problems",
        "",
        "In this section layer $l$ receives a map $x^{(l)}$ of size $H_l \\times H_l$ and "
        "slides a $k \\times k$ kernel over it with stride $s$ and padding $p$; its output "
        "$z^{(l+1)}$ is $H_{l+1} \\times H_{l+1}$.",
        "",
        "**Problem 1.** The output side:",
        "",
        "$$H_{l+1} = \\left\\lfloor \\frac{H_l - k + 2p}{s} \\right\\rfloor + 1$$",
        "",
        "**Problem 2.** A classmate's version:",
        "",
        "$$H_{l+1} = \\left\\lfloor \\frac{H_l - k + 2p}{s} \\right\\rfloor$$",
        "",
        "**Problem 3.** With $C_l$ input channels and $C_{l+1}$ kernels, each kernel has "
        "$C_l k^2$ weights and one bias:",
        "",
        "$$N^{(l)} = C_{l+1} (C_l k^2 + 1)$$",
        "",
        "Giving each input channel its own bias instead, $N^{(l)} = C_l C_{l+1} k^2 + C_l$.",
        "",
    ]
)


def _side(n: int, k: int, s: int, p: int) -> int:
    """torch's output side of a k x k convolution over an n x n input."""
    return torch.nn.functional.conv2d(
        torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p
    ).shape[-1]


def test_the_course_marks_are_the_layers_input_and_output_sizes() -> None:
    grid = [
        (n, k, s, p)
        for n, k, s, p in itertools.product(range(3, 10), (1, 2, 3), (1, 2, 3), (0, 1, 2))
        if n + 2 * p >= k
    ]
    # the formula as written agrees with torch everywhere; the student's (p for 2p) does not
    assert all((n + 2 * p - k) // s + 1 == _side(n, k, s, p) for n, k, s, p in grid)
    assert (7 + 1 - 3) // 2 + 1 == 3 != _side(7, 3, 2, 1) == 4  # the running example
    assert statuses(_COURSE, "n_H^{[l]} = \\left") == [VERIFIED]
    assert statuses(_COURSE, "n_W^{[l]} = \\left") == [WRONG]
    conv = torch.nn.Conv2d(3, 4, 3)  # (3^2 * 3 + 1) * 4 = 112
    assert sum(p.numel() for p in conv.parameters()) == (9 * 3 + 1) * 4
    assert statuses(_COURSE, "N_{\\text{params}}") == [VERIFIED]


def test_a_formula_under_the_sentences_conditions_is_not_judged() -> None:
    # true for stride 1 and padding (f - 1)/2 only (torch: 7 -> 7 with f = 3, p = 1), false
    # without the condition (7 -> 5 with p = 0): the condition is not read, so no verdict
    assert _side(7, 3, 1, 1) == 7 != _side(7, 3, 1, 0)
    found = statuses(_COURSE, "$$n_H^{[l]} = n_H^{[l-1]}$$")
    assert not set(found) & {VERIFIED, WRONG, SIZE_SPECIFIC}
    assert stated_under("With stride 1 and padding $(f-1)/2$ the height stays put:\n\n$$")
    assert stated_under("A $2 \\times 2$ max pool with stride 2 halves it, $")
    assert not stated_under("The window slides over the padded input of side $n + 2p$:\n\n$$")
    assert not stated_under("with stride $s$ and padding $p$, the output is")


def test_map_numbered_notes_mark_the_output_one_above_the_input() -> None:
    # torch: 9 -> 4 with k = 3, s = 2, p = 0; the classmate's floor alone gives 3
    assert (9 - 3) // 2 + 1 == _side(9, 3, 2, 0) == 4
    assert statuses(
        _NUMBERED_MAPS, "H_{l+1} = \\left\\lfloor \\frac{H_l - k + 2p}{s} \\right\\rfloor + 1"
    ) == [VERIFIED]
    assert statuses(_NUMBERED_MAPS, "\\right\\rfloor$$") == [WRONG]


def test_a_count_of_layer_l_in_its_marked_channels() -> None:
    for c_in, c_out, k in itertools.product((1, 2, 3), (1, 2, 4), (1, 3)):
        count = sum(p.numel() for p in torch.nn.Conv2d(c_in, c_out, k).parameters())
        assert count == c_out * (c_in * k * k + 1)
    # one bias per input channel: 1 -> 2 channels, k = 1 gives 3, torch's layer has 4
    assert sum(p.numel() for p in torch.nn.Conv2d(1, 2, 1).parameters()) != 1 * 2 * 1 + 1
    assert statuses(_NUMBERED_MAPS, "$$N^{(l)} = C_{l+1}") == [VERIFIED]
    assert statuses(_NUMBERED_MAPS, "its own bias instead") == [WRONG]


def test_which_mark_is_the_input_is_read_from_the_notes() -> None:
    assert size_marks(_COURSE) == (-1, None)
    assert size_marks(_NUMBERED_MAPS) == (None, 0)
    # a bare l alone, or l-1, l and l+1 all on sizes: the notes do not tell
    assert size_marks("layer $l$ has $n_H^{[l]}$ rows") == (None, None)
    # H_l not written as a size (an RNN's or MLP's hidden state of layer l): left alone
    assert size_marks("layer $l$ maps $H_l$ to $H_{l+1} = \\sigma(W_l H_l)$") == (None, None)
    three = "$n_H^{[l-1]}$, $n_H^{[l]}$ and $n_H^{[l+1]}$"
    assert size_marks(three) == (None, None)
    assert unmark_sizes("n_C^{[l]} = n_C^{[l-1]}", (-1, None)) == "C_{out} = C_{in}"
    # W_l is layer l's weights unless the notes mark heights so too
    assert unmark_sizes("W_{l+1} = W_l", (None, 0)) == "W_{l+1} = W_l"
    assert unmark_sizes("H_{l+1} W_{l+1}", (None, 0)) == "H_{out} W_{out}"
    # n_H^{[2]}: a numbered layer of a network, left alone; a given value is no claim
    assert unmark_sizes("n_H^{[2]} = 5", (-1, None)) == "n_H^{[2]} = 5"
    assert unmark_sizes("n_C^{[l]} = 10", (-1, None)) == "n_C^{[l]} = 10"
