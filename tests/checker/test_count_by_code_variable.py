# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""A parameter count named by the code variable of its layer, shortened as notes shorten it
(``P_{dw}`` for ``depthwise = nn.Conv2d(...)``, ``P_{exp}`` for ``expand``), under a heading
of its own far from the code cell; a ``nn.Sequential`` of named layers counts its parts
(constructor_claims._by_variable).

The truths are PyTorch's: the modules of each note are built and their parameters counted.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.constructor_claims import abbreviates, judge_constructor_claim
from symconv.checker.report import VERIFIED, WRONG

nn = torch.nn


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# an inverted residual block (English), the counts under a heading after the code
EXPAND = nn.Conv2d(16, 64, 1, bias=False)
DEPTH = nn.Conv2d(64, 64, 3, padding=1, groups=64, bias=False)
PROJECT = nn.Conv2d(64, 24, 1, bias=False)

BLOCK = rf"""# Inverted residual block

```python
expand = nn.Conv2d(16, 64, 1, bias=False)
depthwise = nn.Conv2d(64, 64, 3, padding=1, groups=64, bias=False)
project = nn.Conv2d(64, 24, 1, bias=False)
block = nn.Sequential(expand, depthwise, project)
```

## Parameters

With $C = 16$ input channels and expansion $t = 4$, the expansion has $P_{{exp}} = C \cdot tC = {_count(EXPAND)}$ weights.

The depthwise stage holds one $3 \times 3$ kernel per channel: $P_{{dw}} = 9 \cdot 64 = {_count(DEPTH)}$.

The projection: $P_{{proj}} = 64 \cdot 24 + 24 = {_count(PROJECT) + 24}$ parameters.

In all, $P_{{block}} = {_count(EXPAND)} + {_count(DEPTH)} + {_count(PROJECT)} = {_count(nn.Sequential(EXPAND, DEPTH, PROJECT))}$ parameters.
"""


def test_the_block_truths_are_pytorchs():
    assert _count(EXPAND) == 16 * 64
    assert _count(DEPTH) == 64 * 9  # one 3x3 kernel per channel (groups = channels)
    assert _count(PROJECT) == 64 * 24  # the note's projection claim adds 24: wrong
    assert _count(nn.Sequential(EXPAND, DEPTH, PROJECT)) == 1024 + 576 + 1536


def test_a_shortened_variable_names_its_layers_count():
    assert statuses(BLOCK, "P_{exp}") == [VERIFIED]  # C tC at C = 16, t = 4
    assert statuses(BLOCK, "P_{dw}") == [VERIFIED]
    assert statuses(BLOCK, "P_{block}") == [VERIFIED]  # a Sequential: its parts summed


def test_a_wrong_count_of_a_named_layer_is_caught():
    assert statuses(BLOCK, "P_{proj}") == [WRONG]  # 1560 for a layer without bias: 1536


# the same reading in German, a plain convolution and a 1x1 one with their biases
FALTUNG = nn.Conv2d(3, 8, 5)
PUNKT = nn.Conv2d(8, 16, 1)

GERMAN = rf"""# Zwei Faltungen

```python
faltung = nn.Conv2d(3, 8, 5)
punktweise = nn.Conv2d(8, 16, 1)
```

## Anzahl der Parameter

Jeder der 8 Filter hat $5 \cdot 5 \cdot 3$ Gewichte und einen Bias: $P_{{falt}} = 8 \cdot 76 = {_count(FALTUNG)}$.

Die punktweise Faltung: $P_{{pw}} = 16 \cdot 8 = {_count(PUNKT) - 16}$ Parameter.
"""


def test_the_german_truths_are_pytorchs():
    assert _count(FALTUNG) == 8 * (5 * 5 * 3 + 1)
    assert _count(PUNKT) == 16 * 8 + 16  # the note forgets the 16 biases


def test_a_german_note_names_its_layers_by_shortened_variables():
    assert statuses(GERMAN, "P_{falt}") == [VERIFIED]
    assert statuses(GERMAN, "P_{pw}") == [WRONG]


# two variables the subscript may shorten: which layer is a guess, so no verdict on it
TWO = r"""# Two blocks

```python
conv_small = nn.Conv2d(3, 8, 3)
conv_large = nn.Conv2d(3, 8, 5)
```

## Parameters

The parameters: $P_{conv} = 8 \cdot 27 + 8 = 224$.
"""


def test_a_subscript_shortening_two_variables_is_not_read():
    assert _count(nn.Conv2d(3, 8, 3)) == 224  # right for one of the two layers only
    assert _count(nn.Conv2d(3, 8, 5)) != 224
    document = TWO.split("\n")
    line = next(n for n, row in enumerate(document, start=1) if "P_{conv}" in row)
    source = r"P_{conv} = 8 \cdot 27 + 8 = 224"
    # (the formula's own numbers may still name conv_small to another reader)
    assert judge_constructor_claim(source, document, line, source) is None


def test_a_shortening_keeps_the_first_letter_and_the_order():
    assert abbreviates("dw", "depthwise") and abbreviates("std", "standard")
    assert abbreviates("Conv1", "conv1")
    assert not abbreviates("wd", "depthwise")  # another order
    assert not abbreviates("pw", "depthwise")  # another first letter
    assert not abbreviates("d", "depthwise")  # one letter is no name


# ---------------------------------------------------------------- multiplications by variable
def _macs(layer: torch.nn.Module, channels: int, side: int) -> int:
    """torch's count: FlopCounterMode counts a multiply-accumulate as two flops."""
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        layer(torch.zeros(1, channels, side, side))
    return counter.get_total_flops() // 2


COSTS = rf"""# Inverted residual block

```python
expand = nn.Conv2d(16, 64, 1, bias=False)
depthwise = nn.Conv2d(64, 64, 3, padding=1, groups=64, bias=False)
```

## Multiplications

Each output value costs one multiplication per weight it reads. With a $14 \times 14$ output:

$$M_{{exp}} = 14^2 \cdot 16 \cdot 64 = {_macs(EXPAND, 16, 14)}$$

$$M_{{dw}} = 14^2 \cdot 9 \cdot 64 = {_macs(DEPTH, 64, 14)}$$

$$M_{{depth}} = 14^2 \cdot 9 \cdot 64 \cdot 64 = {14**2 * 9 * 64 * 64}$$
"""


def test_the_cost_truths_are_pytorchs():
    assert _macs(EXPAND, 16, 14) == 14 * 14 * 16 * 64
    assert _macs(DEPTH, 64, 14) == 14 * 14 * 9 * 64  # not 14²·9·64·64: one group a channel


def test_a_layers_multiplications_by_its_variable_at_the_stated_output():
    assert statuses(COSTS, "M_{exp}") == [VERIFIED]
    assert statuses(COSTS, "M_{dw}") == [VERIFIED]
    assert statuses(COSTS, "M_{depth}") == [WRONG]  # the groups left out
