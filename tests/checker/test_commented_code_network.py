# ruff: noqa: E501  (the notes' table rows are kept as people write them)
"""A network built in code whose layers a comment names (``nn.Conv2d(1, 8, 5, padding=2),  #
C1``), its input stated by its letter ("$H_0 = 28$"), and a table under a later heading whose
rows open with those names ("| C1 conv | $H_1 = 28$ | $r_1 = 5$ | $P_1 = 208$ |"): each row
is about its layer (notes_network_code._COMMENT_NAME, notes_network._labelled_section,
network_names._beside, notes_network._INPUT_SIDE).

The truths are PyTorch's: the output sides by running the modules, the counts by counting
their parameters, the receptive fields by the support of an output's gradient (autograd)
through the same layers with every weight 1 and each max-pooling taken as an average one of
the same window (a max routes its gradient to one entry; the window it reads is the same).
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.notes_network import notes_network
from symconv.checker.notes_network_code import code_networks
from symconv.checker.report import VERIFIED, WRONG

nn = torch.nn


def _sides(layers: list[torch.nn.Module], side: int, channels: int) -> list[int]:
    x = torch.zeros(1, channels, side, side)
    out = []
    with torch.no_grad():
        for layer in layers:
            x = layer(x)
            out.append(int(x.shape[-1]))
    return out


def _field(layers: list[torch.nn.Module], channels: int, side: int = 64) -> int:
    """The rows of the input one central output of the stack sees: its gradient's support."""
    stack = []
    for layer in layers:
        if isinstance(layer, nn.MaxPool2d):
            layer = nn.AvgPool2d(layer.kernel_size, layer.stride, layer.padding)
        if isinstance(layer, nn.Conv2d):
            layer = nn.Conv2d(
                layer.in_channels,
                layer.out_channels,
                layer.kernel_size,
                layer.stride,
                layer.padding,
            )
            nn.init.ones_(layer.weight)
            nn.init.zeros_(layer.bias)
        stack.append(layer)
    x = torch.ones(1, channels, side, side, requires_grad=True)
    y = nn.Sequential(*stack)(x)
    c = y.shape[-1] // 2
    y[0, 0, c, c].backward()
    rows = (x.grad[0].abs().sum(dim=(0, 2)) > 0).nonzero()
    return int(rows.max() - rows.min() + 1)


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# Spanish: a code cell with named comments, the input by its letter, a table two headings on
C1 = nn.Conv2d(1, 8, 5, padding=2)
S1 = nn.MaxPool2d(2)
C2 = nn.Conv2d(8, 16, 3)
LAYERS = [C1, S1, C2]

SPANISH = r"""# Hoja de repaso: tamaños y campos receptivos

## La red

```python
red = nn.Sequential(
    nn.Conv2d(1, 8, 5, padding=2),   # C1
    nn.ReLU(),
    nn.MaxPool2d(2),                 # S1
    nn.Conv2d(8, 16, 3),             # C2
)
```

Entrada: una imagen en escala de grises, $H_0 = 28$.

## Fórmulas

El campo receptivo crece como $r_l = r_{l-1} + (k_l - 1) j_{l-1}$.

## La tabla

| capa | salida | campo receptivo | parámetros |
|---|---|---|---|
| C1 conv | $H_1 = 28$ | $r_1 = 5$ | $P_1 = 208$ |
| S1 pool | $H_2 = 14$ | $r_2 = 6$ | — |
| C2 conv | $H_3 = 12$ | $r_3 = 8$ | $P_3 = 1152$ |

Total: $P = 208 + 1152 = 1360$ parámetros.
"""


def test_the_spanish_truths_are_pytorchs():
    assert _sides(LAYERS, 28, 1) == [28, 14, 12]
    assert [_field(LAYERS[: k + 1], 1) for k in range(3)] == [5, 6, 10]  # the row says 8
    assert (_count(C1), _count(C2)) == (208, 1168)  # the row says 1152: no bias counted
    assert _count(nn.Sequential(*LAYERS)) == 1376


def test_a_comment_names_its_layer_and_the_input_letter_states_the_side():
    (network,) = code_networks(SPANISH.split("\n"))
    assert network[3] == {"c1": 0, "s1": 1, "c2": 2}
    line = next(n for n, row in enumerate(SPANISH.split("\n"), 1) if "$H_1" in row)
    stated = notes_network(SPANISH.split("\n"), line)
    assert stated is not None and [out for _, _, out in stated.net.shapes()][-1] == (16, 12, 12)


def test_a_row_under_a_later_heading_is_about_the_layer_it_names():
    assert statuses(SPANISH, "$H_1") == [VERIFIED, VERIFIED, VERIFIED]
    assert statuses(SPANISH, "$H_2") == [VERIFIED, VERIFIED]


def test_a_wrong_field_count_or_total_in_the_table_is_caught():
    assert statuses(SPANISH, "$H_3") == [VERIFIED, WRONG, WRONG]
    assert WRONG in statuses(SPANISH, "Total:")  # 1376, the biases of C2 left out


# English: a paragraph under its own heading opens with the layer's name; a comment of words
# names nothing, and a name two comments give is no layer's
B1 = nn.Conv2d(3, 16, 3, stride=2, padding=1)
B2 = nn.Conv2d(16, 32, 3, padding=1)

ENGLISH = r"""# Notes

```python
body = nn.Sequential(
    nn.Conv2d(3, 16, 3, stride=2, padding=1),  # B1
    nn.ReLU(),
    nn.Conv2d(16, 32, 3, padding=1),           # B2
)
```

Input: an RGB image, $H_0 = 32$.

## Parameters of the second block

B2 holds its $3 \times 3 \times 16$ filters and one bias each, so it has $P_2 = 32 \cdot 145 = 4640$ parameters.
"""

WORDS = r"""# Notes

```python
body = nn.Sequential(
    nn.Conv2d(3, 16, 3, stride=2, padding=1),  # no bias change
    nn.Conv2d(16, 32, 3, padding=1),           # B2
    nn.Conv2d(32, 32, 3, padding=1),           # B2
)
```
"""


def test_the_english_truths_are_pytorchs():
    assert _count(B2) == 32 * 145
    assert _sides([B1, B2], 32, 3) == [16, 16]


def test_a_paragraph_opening_with_the_layers_name_is_about_it():
    assert statuses(ENGLISH, "B2 holds") == [VERIFIED]


def test_a_comment_of_words_or_given_twice_names_no_layer():
    (network,) = code_networks(WORDS.split("\n"))
    assert network[3] == {}
