# ruff: noqa: E501  (the notes' table rows and LaTeX lines are kept as people write them)
"""Sizes and counts named on the left (H', H_out, P, P_2, P_{dw}) about the layer a PyTorch
constructor near them writes: a cheat sheet's table row, an exam's list of layers, a
notebook's code cell (symconv/checker/constructor_claims.py).

The truths are PyTorch's own: the modules are built and run on a tensor of the input's size
(output sides), and their parameters are counted (sum of numel), never taken from symconv.
"""

from __future__ import annotations

import math

import pytest
import torch
from line_verdicts import statuses

from symconv.checker.constructor_claims import judge_constructor_claim
from symconv.checker.report import VERIFIED, WRONG

nn = torch.nn


def _side(module: torch.nn.Module, side: int, channels: int) -> int:
    with torch.no_grad():
        return int(module(torch.zeros(1, channels, side, side)).shape[-1])


def _length(module: torch.nn.Module, length: int, channels: int) -> int:
    with torch.no_grad():
        return int(module(torch.zeros(1, channels, length)).shape[-1])


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# ------------------------------------------------------------------ a table of layers
SHEET = r"""# Quick reference: shapes and parameter counts

Square inputs of side $H$, kernel $K$, stride $S$, padding $P$.

| Layer | Rule | Example | Worked |
|---|---|---|---|
| Convolution | $H' = \lfloor (H + 2P - K)/S \rfloor + 1$ | `Conv2d(1, 8, 5, padding=2)` on a $28 \times 28$ input | $H' = \lfloor (28 + 4 - 5)/1 \rfloor + 1 = 28$ |
| Dilated | with $D(K-1)+1$ for $K$ | `Conv2d(8, 8, 3, dilation=3)` on a $20 \times 20$ input | $H' = 20 - 3 + 1 = 18$ |
| Average pooling | like a convolution | `AvgPool2d(2)` on a $9 \times 9$ input | $H' = \lceil 9/2 \rceil = 5$ |
| Transposed | $(H-1)S - 2P + K + P_{op}$ | `ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1)` on a $10 \times 10$ input | $H' = 9 \cdot 2 - 2 + 3 + 1 = 20$ |
| Dense, parameters | $n_{in} n_{out} + n_{out}$ | `Linear(256, 32)` | $P = 256 \cdot 32 + 32 = 8224$ |
| Grouped, parameters | $C_{out} C_{in} K^2 / G + C_{out}$ | `Conv2d(16, 32, 5, groups=2)` | $P = 32 \cdot 16 \cdot 25 + 32 = 12832$ |
| Same padding | $P = (K-1)/2$ | `Conv2d(3, 3, 5, padding=2)` | $P = (5 - 1)/2 = 2$ |
"""


def test_the_table_truths_are_pytorchs():
    # the values the sheet claims, against PyTorch: which rows are right
    assert _side(nn.Conv2d(1, 8, 5, padding=2), 28, 1) == 28  # claimed 28: right
    assert _side(nn.Conv2d(8, 8, 3, dilation=3), 20, 8) == 14  # claimed 18: wrong
    assert _side(nn.AvgPool2d(2), 9, 1) == 4  # claimed 5 (rounded up): wrong
    assert _side(nn.ConvTranspose2d(8, 4, 3, 2, 1, output_padding=1), 10, 8) == 20  # right
    assert _count(nn.Linear(256, 32)) == 8224  # right
    assert _count(nn.Conv2d(16, 32, 5, groups=2)) == 6432  # claimed 12832: groups forgotten


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("Conv2d(1, 8, 5, padding=2)", VERIFIED),
        ("dilation=3", WRONG),
        ("AvgPool2d(2)", WRONG),
        ("output_padding=1", VERIFIED),
        ("Linear(256, 32)", VERIFIED),
        ("groups=2", WRONG),
    ],
)
def test_a_table_row_is_about_its_own_constructor(piece, expected):
    found = statuses(SHEET, piece)
    assert found[-1] == expected, found  # the worked cell, after the rule's formula


def test_a_padding_named_p_in_a_row_is_never_called_a_wrong_count():
    # P = 2 is the padding keeping the side of Conv2d(3, 3, 5): no words of parameters,
    # no channel counts in the row, so P is not read as the layer's 3*3*25 + 3 = 228
    assert _count(nn.Conv2d(3, 3, 5, padding=2)) == 228
    assert WRONG not in statuses(SHEET, "Conv2d(3, 3, 5, padding=2)")


# ------------------------------------------------------------------ an exam's two layers
EXAM = r"""# Written exam, problem 3

A grayscale $1 \times 48 \times 48$ image passes through `nn.Conv2d(1, 6, kernel_size=7, stride=3, padding=1)` and then `nn.Conv2d(6, 12, kernel_size=3)`.

(a) Height of the output of the first layer:

$$H_1 = \left\lfloor \frac{48 + 2 - 7}{3} \right\rfloor + 1 = 15$$

(b) Number of parameters of the second layer:

$$P_2 = 12 \cdot 6 \cdot 9 = 648$$

(c) Number of parameters of the first layer:

$$P_1 = 6 \cdot (1 \cdot 49 + 1) = 300$$

(d) If the first layer used `stride=2` instead, its output height would be

$$H_1 = \left\lfloor \frac{48 + 2 - 7}{2} \right\rfloor + 1 = 22$$

(e) And with `padding=4` in the first layer:

$$H_1 = \left\lfloor \frac{48 + 8 - 7}{3} \right\rfloor + 1 = 18$$

(f) Height of the output of the second layer:

$$H_2 = 15 - 3 = 12$$
"""


def test_the_exam_truths_are_pytorchs():
    first = nn.Conv2d(1, 6, kernel_size=7, stride=3, padding=1)
    assert _side(first, 48, 1) == 15  # (a) right
    assert _count(nn.Conv2d(6, 12, kernel_size=3)) == 660  # (b) 648 forgets the 12 biases
    assert _count(first) == 300  # (c) right
    assert _side(nn.Conv2d(1, 6, 7, stride=2, padding=1), 48, 1) == 22  # (d) right
    assert _side(nn.Conv2d(1, 6, 7, stride=3, padding=4), 48, 1) == 17  # (e) 18: wrong
    assert _side(nn.Sequential(first, nn.Conv2d(6, 12, 3)), 48, 1) == 13  # (f) 12: wrong


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("{3} \\right\\rfloor + 1 = 15", VERIFIED),
        ("P_2 = 12", WRONG),
        ("P_1 = 6", VERIFIED),
        ("{2} \\right\\rfloor + 1 = 22", VERIFIED),
        ("= 18$$", WRONG),
        ("H_2 = 15 - 3", WRONG),
    ],
)
def test_a_numbered_name_is_the_layer_of_that_rank(piece, expected):
    assert statuses(EXAM, piece) == [expected]


# ------------------------------------------------------------------ code cells and prose
NOTEBOOK = r"""# Encoder check

A 1-D encoder for signals of length $50$.

```python
enc = nn.Conv1d(2, 4, kernel_size=5, stride=2, dilation=2)
```

The encoder on a signal of length 50 leaves

$$L_{out} = \lfloor (50 - 8 - 1)/2 \rfloor + 1 = 21$$

samples, and its weights and biases number

$$P_{enc} = 4 \cdot 2 \cdot 5 = 40$$

## Decoder

```python
dec = nn.ConvTranspose2d(4, 2, kernel_size=4, stride=2, padding=1)
```

It takes the $12 \times 12$ map to

$$H_{dec} = 11 \cdot 2 - 2 + 4 = 24$$

## Two blocks

We compare `nn.Conv2d(3, 8, 3)` and `nn.Conv2d(3, 8, 5)` on a $32 \times 32$ input:

$$H_{out} = 32 - 3 + 1 = 30$$

$$H_{in} = 32 = 32$$
"""


def test_the_notebook_truths_are_pytorchs():
    assert _length(nn.Conv1d(2, 4, kernel_size=5, stride=2, dilation=2), 50, 2) == 21
    assert _count(nn.Conv1d(2, 4, kernel_size=5, stride=2, dilation=2)) == 44  # 40: no bias
    assert _side(nn.ConvTranspose2d(4, 2, 4, stride=2, padding=1), 12, 4) == 24
    assert math.floor((50 - 8 - 1) / 2) + 1 == 21


@pytest.mark.parametrize(
    ("piece", "expected"),
    [("L_{out}", VERIFIED), ("P_{enc}", WRONG), ("H_{dec}", VERIFIED)],
)
def test_a_code_cells_layer_is_the_one_named_after_it(piece, expected):
    assert statuses(NOTEBOOK, piece) == [expected]


def test_two_constructors_leave_an_unnumbered_name_unread():
    # H_out of which block? 30 for kernel 3, 28 for kernel 5: a guess either way, so this
    # reader gives no verdict (what the section's other readers make of it is theirs)
    assert _side(nn.Conv2d(3, 8, 3), 32, 3) == 30 and _side(nn.Conv2d(3, 8, 5), 32, 3) == 28
    document = NOTEBOOK.split("\n")
    claim = "H_{out} = 32 - 3 + 1 = 30"
    line = next(n for n, row in enumerate(document, start=1) if claim in row)
    assert judge_constructor_claim(claim, document, line, claim) is None
    claim = "H_{in} = 32 = 32"  # the input's side is no output of either
    line = next(n for n, row in enumerate(document, start=1) if claim in row)
    assert judge_constructor_claim(claim, document, line, claim) is None


# ------------------------------------------------------------------ an erratum on the bias
ERRATUM = r"""# Lecture 7: counting parameters

## The network of the lab

The input is a color image $3 \times 32 \times 32$ (channels x height x width). The layers:

| layer | operation | output | parameters |
|---|---|---|---|
| C1 | conv $3 \times 3$, 8 filters, stride 1, padding 1 | $8 \times 32 \times 32$ | $N_1 = 8 \cdot (3 \cdot 9 + 1) = 224$ |
| S2 | max pooling $2 \times 2$, stride 2 | $8 \times 16 \times 16$ | $N_2 = 0$ |
| C3 | conv $3 \times 3$, 16 filters, stride 1, padding 1 | $16 \times 16 \times 16$ | $N_3 = 16 \cdot 8 \cdot 9 = 1152$ |

## Erratum

In the table we forgot the biases of C3; each of its filters has one.
"""


def test_an_erratum_naming_the_layer_says_it_has_a_bias():
    # C3 = Conv2d(8, 16, 3, padding=1) with its bias: 1152 weights + 16 biases
    assert _count(nn.Conv2d(8, 16, 3, padding=1)) == 1168
    assert _count(nn.Conv2d(3, 8, 3, padding=1)) == 224
    assert statuses(ERRATUM, "N_3 = 16")[0] == WRONG  # the count, not its arithmetic
    assert statuses(ERRATUM, "N_1 = 8")[0] == VERIFIED


def test_without_the_erratum_the_bias_stays_open():
    # no line says whether L3 has a bias: 1152 is right without one, so no verdict of wrong
    plain = ERRATUM.split("## Erratum")[0]
    assert WRONG not in statuses(plain, "N_3 = 16")


# ------------------------------------------------------------------ a heading names the variable
HEADED = r"""# Shapes, by hand first

```python
img = torch.randn(4, 1, 40, 40)
blockA1 = nn.Conv2d(1, 6, kernel_size=3, stride=2, padding=1)
pool = nn.MaxPool2d(2)
blockA2 = nn.Conv2d(6, 10, kernel_size=3, padding=1)
out = blockA2(pool(blockA1(img)))
```

### blockA1

Output side, stride 2 and padding 1:

$$H_1 = (40 + 2 - 3)/2 + 1 = 20.5$$

and its parameters: $P_1 = 6 \cdot (1 \cdot 9 + 1) = 60$.

### blockA2

Parameters of the second block:

$$P_2 = 10 \cdot 6 \cdot 9 = 540$$

Its output side:

$$H_2 = 10 + 2 - 3 + 1 = 10$$
"""


def test_a_heading_naming_a_code_variable_binds_the_claims_under_it():
    first, second = nn.Conv2d(1, 6, 3, stride=2, padding=1), nn.Conv2d(6, 10, 3, padding=1)
    assert _side(first, 40, 1) == 20  # floor(39/2) + 1; the notes' 20.5 drops the floor
    assert _count(first) == 60
    assert _count(second) == 550  # 540 forgets the 10 biases
    assert statuses(HEADED, "H_1 = (40")[0] == WRONG
    assert statuses(HEADED, "P_1 = 6")[0] == VERIFIED
    assert statuses(HEADED, "P_2 = 10")[0] == WRONG
    # blockA2's input is what the pooling leaves, fed through a chain of calls: not read here
    document = HEADED.split("\n")
    claim = "H_2 = 10 + 2 - 3 + 1 = 10"
    line = next(n for n, row in enumerate(document, start=1) if claim in row)
    assert judge_constructor_claim(claim, document, line, claim) is None


def test_a_second_input_or_other_filters_in_between_leave_the_claim_unread():
    # the layer `Conv2d(2, 4, 3)` is stated on 16x16, then the prose moves to 20x20 (or to
    # 8 filters): which input or layer the claim means is not the constructor's alone
    assert _side(nn.Conv2d(2, 4, 3), 16, 2) == 14 and _side(nn.Conv2d(2, 4, 3), 20, 2) == 18
    notes = [
        "We apply `nn.Conv2d(2, 4, 3)` to a $16 \\times 16$ map.",
        "",
        "Now the same layer on a $20 \\times 20$ map:",
        "",
        "$$H_{out} = 20 - 3 + 1 = 18$$",
        "",
        "With 8 filters instead, its parameters number",
        "",
        "$$P = 8 \\cdot 2 \\cdot 9 + 8 = 152$$",
    ]
    claim = "H_{out} = 20 - 3 + 1 = 18"
    assert judge_constructor_claim(claim, notes, 5, claim) is None
    claim = "P = 8 \\cdot 2 \\cdot 9 + 8 = 152"
    assert judge_constructor_claim(claim, notes, 9, claim) is None


# ------------------------------------------------------------------ Ng's letters
NG = r"""# Homework 3 solutions

Notation of the lectures: $n_C^{[l]}$ filters of size $f \times f$ over $n_C^{[l-1]}$ input channels.

**Q1.** With $f = 3$, stride $s = 2$, no padding, the side halves (roughly).

**Q2. Parameters.** Take $f = 3$, $n_C^{[l-1]} = 16$ and $n_C^{[l]} = 32$, one bias per filter:

$$N_{\text{param}} = (3 \cdot 3 \cdot 16 + 1) \cdot 32 = 4640$$

**Q3. Parameters again.** Take $f = 1$, $n_C^{[l-1]} = 64$ and $n_C^{[l]} = 8$:

$$N_{\text{param}} = 64 \cdot 8 = 512$$
"""


def test_a_part_stating_ngs_letters_states_the_layer_of_its_count():
    assert _count(nn.Conv2d(16, 32, 3, stride=2)) == 4640  # Q2: right (stride changes none)
    assert _count(nn.Conv2d(64, 8, 1)) == 520  # Q3: 512 forgets the 8 biases
    assert statuses(NG, "(3 \\cdot 3 \\cdot 16 + 1)")[0] == VERIFIED
    assert statuses(NG, "64 \\cdot 8 = 512")[0] == WRONG


def test_a_constructor_shown_as_a_slip_or_a_total_is_not_the_claims_layer():
    # the slip's layer Conv2d(3, 16, 3) has 448 parameters, the intended 5x5 one 1216; the
    # total is the whole model's: neither is read as the constructor's own count
    assert _count(nn.Conv2d(3, 16, 3)) == 448 and _count(nn.Conv2d(3, 16, 5)) == 1216
    notes = [
        "A common mistake is to write `nn.Conv2d(3, 16, 3)` for the stem. Its parameters:",
        "",
        "$$P = 16 \\cdot (3 \\cdot 25 + 1) = 1216$$",
        "",
        "We then add `nn.Linear(64, 10)` on top, and in total the model's parameters number",
        "",
        "$$N_{\\text{param}} = 1216 + 650 = 1866$$",
    ]
    claim = "P = 16 \\cdot (3 \\cdot 25 + 1) = 1216"
    assert judge_constructor_claim(claim, notes, 3, claim) is None
    claim = "N_{\\text{param}} = 1216 + 650 = 1866"
    assert judge_constructor_claim(claim, notes, 7, claim) is None


STACK = r"""# Quiz 4

An RGB $3 \times 20 \times 20$ input goes through `nn.Conv2d(3, 8, 3, padding=1)`, then `nn.MaxPool2d(2)`, then `nn.Conv2d(8, 16, 3)`.

Output side of the third layer:

$$H_3 = 10 - 3 + 1 = 8$$
"""


def test_a_later_layers_side_follows_from_the_layers_listed_before_it():
    stack = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3))
    assert _side(stack, 20, 3) == 8
    assert statuses(STACK, "H_3 = 10") == [VERIFIED]
    # channels that do not follow on (8 out, 6 in) are no chain: not read
    broken = STACK.replace("nn.Conv2d(8, 16, 3)", "nn.Conv2d(6, 16, 3)").split("\n")
    claim = "H_3 = 10 - 3 + 1 = 8"
    line = next(n for n, row in enumerate(broken, start=1) if claim in row)
    assert judge_constructor_claim(claim, broken, line, claim) is None
