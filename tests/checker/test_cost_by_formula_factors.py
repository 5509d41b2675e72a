# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""A count of multiply-accumulates named with the author's own letter (or none), read by its
formula's factors: an output side squared times one layer's C_out·(C_in/g)·k²
(checker/formula_cost_layer.py).  Verified at the layer's own output side, wrong at another
side written as a square or with the groups left out where the clause states them; a what-if,
a batch's count or a layer whose sizes are not given get no verdict.

The truths are PyTorch's: each layer is built and run once under FlopCounterMode, which counts
a multiply-accumulate as two flops.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses
from torch.utils.flop_counter import FlopCounterMode

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

nn = torch.nn


def _macs(layer: torch.nn.Module, channels: int, side: int) -> int:
    """One image's multiply-accumulates: torch's flops of the layer, halved."""
    with FlopCounterMode(display=False) as counter:
        layer(torch.zeros(1, channels, side, side))
    return counter.get_total_flops() // 2


def _side(layer: torch.nn.Module, channels: int, side: int) -> int:
    return layer(torch.zeros(1, channels, side, side)).shape[-1]


# a Keras model whose "same" padding keeps 28 x 28 (English): its input gives the sides
SAME = nn.Conv2d(1, 16, 5, padding=2)  # Keras's Conv2D(16, 5, padding="same") on 28 x 28
VALID = nn.Conv2d(16, 32, 3)  # Conv2D(32, 3) after a 2 x 2 pooling: 14 -> 12
KERAS = rf"""# A first Keras CNN

```python
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 5, padding="same", activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(32, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10),
])
```

## Cost

Each output value of the first layer is a dot product of 25 weights, so its multiplications per image are

$$M_1 = {_side(SAME, 1, 28)}^2 \cdot 16 \cdot 25 = {_macs(SAME, 1, 28)}$$

A classmate counted the first layer's multiplications per image from memory:

$$M_a = 24^2 \cdot 16 \cdot 25 = {24**2 * 16 * 25}$$

The second convolution does $N_{{mult}} = 12 \cdot 12 \cdot 32 \cdot 144 = {_macs(VALID, 16, 14)}$ multiplications.

If the first layer had no padding, it would cost $M_v = 24^2 \cdot 16 \cdot 25 = {24**2 * 16 * 25}$ multiplications.
"""


def test_the_keras_truths_are_pytorchs():
    assert _side(SAME, 1, 28) == 28 and _side(VALID, 16, 14) == 12
    assert _macs(SAME, 1, 28) == 28 * 28 * 16 * 25
    assert _macs(VALID, 16, 14) == 12 * 12 * 32 * 16 * 9


def test_a_cost_at_the_layers_own_output_side_is_verified():
    assert statuses(KERAS, "M_1 =") == [VERIFIED]
    assert statuses(KERAS, "N_{mult}") == [VERIFIED]  # 144 = 16·9 as one factor


def test_a_cost_at_another_side_is_caught():
    assert WRONG in statuses(KERAS, "M_a =")  # 24² is the "valid" side, not "same"'s 28


def test_a_what_if_is_not_judged_against_the_layer():
    assert WRONG not in statuses(KERAS, "M_v =")


# a grouped layer in prose (German): the input side its own sentence writes
GROUPED = nn.Conv2d(16, 32, 3, groups=4)
GERMAN = rf"""# Gruppierte Faltung

Wir nehmen `nn.Conv2d(16, 32, kernel_size=3, groups=4)` auf Bildern der Größe $16 \times 16$.

**Kosten.** Jeder Filter sieht nur $16/4 = 4$ Kanäle, also sind es mit $g = 4$

$$M = {_side(GROUPED, 16, 16)}^2 \cdot 32 \cdot 4 \cdot 9 = {_macs(GROUPED, 16, 16)}$$

Multiplikationen pro Bild. Ein häufiger Fehler, wieder mit $g = 4$: $M' = 14 \cdot 14 \cdot 32 \cdot 16 \cdot 9 = {14 * 14 * 32 * 16 * 9}$ Multiplikationen.

Für den ganzen Batch von 8 Bildern sind es $M_B = 8 \cdot 14^2 \cdot 32 \cdot 4 \cdot 9 = {8 * _macs(GROUPED, 16, 16)}$ Multiplikationen.
"""


def test_the_grouped_truths_are_pytorchs():
    assert _side(GROUPED, 16, 16) == 14
    assert _macs(GROUPED, 16, 16) == 14 * 14 * 32 * (16 // 4) * 9


def test_a_grouped_layers_cost_is_verified():
    assert statuses(GERMAN, "$$M = ") == [VERIFIED]


def test_a_cost_that_forgets_the_groups_is_caught():
    assert WRONG in statuses(GERMAN, "M' = ")  # C_in, not C_in/g: twice... four times over


def test_a_batchs_count_is_no_verdict_of_this_reader():
    assert WRONG not in statuses(GERMAN, "M_B = ")


# a PyTorch network read whole (Spanish): a bare count in a sentence about multiplications
C1 = nn.Conv2d(3, 8, 3, padding=1)
C2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
SPANISH = rf"""# Una red pequeña

```python
red = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(),
    nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
)
x = torch.randn(1, 3, 32, 32)
```

## Coste

Multiplicaciones de la segunda capa por imagen: ${_side(C2, 8, 32)} \cdot {_side(C2, 8, 32)} \cdot 16 \cdot 72 = {_macs(C2, 8, 32)}$.

Otro alumno contó las multiplicaciones de la segunda capa con su entrada: $M_2 = 32^2 \cdot 16 \cdot 72 = {32**2 * 16 * 72}$.

La primera capa cuesta otra cosa, sin grupos: $M_1 = 32^2 \cdot 8 \cdot 5 \cdot 9 = {32**2 * 8 * 5 * 9}$ multiplicaciones.
"""


def test_the_spanish_truths_are_pytorchs():
    assert _side(C2, 8, 32) == 16
    assert _macs(C2, 8, 32) == 16 * 16 * 16 * 8 * 9
    assert _macs(C1, 3, 32) == 32 * 32 * 8 * 27


def test_a_bare_cost_of_a_network_layer_is_verified():
    assert statuses(SPANISH, "Multiplicaciones de la segunda") == [VERIFIED]


def test_a_network_layers_cost_at_its_input_side_is_caught():
    assert WRONG in statuses(SPANISH, "Otro alumno")


def test_a_formula_of_no_layers_factors_gets_no_verdict_here():
    # 8·5·9 is no layer's C_out·C_in·k²: the first layer's is 8·3·9
    assert statuses(SPANISH, "La primera capa") in ([], [NOT_UNDERSTOOD])


# a residual block's code (French): the input the notes state feeds conv1 and the shortcut,
# conv1's output feeds conv2 (by channel counts: the batch norms keep the shapes)
class _Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(32, 64, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.conv2 = nn.Conv2d(64, 64, 3, padding=1, bias=False)
        self.proj = nn.Conv2d(32, 64, 1, stride=2, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv2(torch.relu(self.bn1(self.conv1(x)))) + self.proj(x)


BLOCK = _Block()
OUT = BLOCK(torch.zeros(1, 32, 40, 40)).shape[-1]
BLOC = rf"""# Bloc résiduel

Mon entrée est un tenseur $32 \times 40 \times 40$.

```python
class Bloc(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(32, 64, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.conv2 = nn.Conv2d(64, 64, 3, padding=1, bias=False)
        self.proj = nn.Conv2d(32, 64, 1, stride=2, bias=False)

    def forward(self, x):
        return self.conv2(F.relu(self.bn1(self.conv1(x)))) + self.proj(x)
```

Nombre de multiplications par image :

- `conv1` : $M_1 = {OUT}^2 \cdot 64 \cdot 32 \cdot 9 = {_macs(BLOCK.conv1, 32, 40)}$
- `conv2` : $M_2 = {OUT}^2 \cdot 64 \cdot 64 \cdot 9 = {_macs(BLOCK.conv2, 64, OUT)}$
- projection : $M_p = 40^2 \cdot 32 \cdot 64 = {40**2 * 32 * 64}$
"""


def test_the_block_truths_are_pytorchs():
    assert OUT == 20 == _side(BLOCK.proj, 32, 40)
    assert _macs(BLOCK, 32, 40) == 20 * 20 * 64 * (32 * 9 + 64 * 9 + 32)  # (with the BN: none)


def test_the_codes_layers_are_chained_from_the_stated_input():
    assert statuses(BLOC, "M_1 =") == [VERIFIED]
    assert statuses(BLOC, "M_2 =") == [VERIFIED]  # conv1's 20 x 20 output feeds it


def test_a_strided_shortcut_at_its_input_side_is_caught():
    assert WRONG in statuses(BLOC, "M_p =")  # 40² is its input's side, its output is 20²


# a pooling among the convolutions (English): the chain is not read, so no verdict
POOLED = rf"""# A pooled net

The input is a $3 \times 32 \times 32$ image.

```python
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        return self.conv2(x)
```

The multiplications of conv2 per image: $M_2 = 32^2 \cdot 16 \cdot 8 \cdot 9 = {32**2 * 16 * 8 * 9}$.
"""


def test_a_pooling_among_the_convolutions_leaves_the_sides_unread():
    net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
    assert net(torch.zeros(1, 3, 32, 32)).shape[-1] == 16  # conv2 runs at 16, not 32
    assert WRONG not in statuses(POOLED, "M_2 =")  # (nor verified: 32 is not its side)
    assert VERIFIED not in statuses(POOLED, "M_2 =")


# a block built twice runs its convolutions on two inputs: which side each count is at is
# not read from the code (German)
TWICE = r"""# Zwei Blöcke

Die Eingabe ist ein Bild $16 \times 32 \times 32$.

```python
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(16, 16, 3, stride=2, padding=1)

    def forward(self, x):
        return torch.relu(self.conv(x))

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.b1 = Block()
        self.b2 = Block()
```

Multiplikationen der Faltung pro Bild: $M = 16^2 \cdot 16 \cdot 16 \cdot 9 = 589824$.
"""


def test_a_block_built_twice_leaves_the_sides_unread():
    block = nn.Conv2d(16, 16, 3, stride=2, padding=1)
    # the first block runs at 32 -> 16, the second at 16 -> 8: either count is the layer's
    assert _macs(block, 16, 32) == 589824 and _macs(block, 16, 16) == 589824 // 4
    from symconv.checker.formula_cost_layer import code_sides
    from symconv.checker.formula_layer import declared_with_sides

    document = TWICE.split("\n")
    assert code_sides(document, declared_with_sides(document, ("Conv",))) == {}
    # (the first block's count, 589824, is right: another reader may verify it)
    assert WRONG not in statuses(TWICE, "Multiplikationen der Faltung")


def test_a_module_that_resizes_maps_leaves_the_code_unread():
    from symconv.checker.formula_cost_layer import code_sides
    from symconv.checker.formula_layer import declared_with_sides

    note = BLOC.replace("self.bn1 = nn.BatchNorm2d(64)", "self.up = nn.Upsample(scale_factor=2)")
    document = note.split("\n")
    assert code_sides(document, declared_with_sides(document, ("Conv",))) == {}
    document = BLOC.split("\n")  # (the block itself: conv1 and the projection read the input)
    assert sorted(code_sides(document, declared_with_sides(document, ("Conv",))).values()) == [
        20,
        40,
        40,
    ]


def test_a_count_whose_words_speak_of_a_batch_is_not_read_as_one_images():
    note = KERAS.replace(
        "so its multiplications per image are", "so for a batch of 8 its multiplications are"
    )
    assert _macs(SAME, 1, 28) * 8 != _macs(SAME, 1, 28)  # the batch's count is 8 times it
    assert statuses(note, "M_1 =") != [VERIFIED]


def test_a_section_about_another_input_is_not_judged_against_the_model():
    note = (
        KERAS
        + "\n## Input 64 x 64\n\nNothing else changes: the same layers, the same weights.\n\n"
        + "Only the maps grow, and with them the work.\n\n"
        + "The first layer's multiplications per image: "
        + rf"$M_{{64}} = 64^2 \cdot 16 \cdot 25 = {_macs(SAME, 1, 64)}$.\n"
    )
    assert _macs(SAME, 1, 64) == 64 * 64 * 16 * 25  # right for that input, not the model's 28
    assert WRONG not in statuses(note, "M_{64} =")
