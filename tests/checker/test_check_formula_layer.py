# ruff: noqa: E501  (the notes' table rows and LaTeX lines are kept as people write them)
"""Counts and sizes named with the author's own letters (``P_2``, ``N_3``, ``P_{head}``,
``O_2``, ``L_3``, a bare ``5 \\cdot 5 \\cdot 3 \\cdot 12 + 12``), tied to the layer the
formula's own numbers name among those the notes build (symconv/checker/formula_layer.py,
symconv/checker/formula_size_layer.py).

The truths are PyTorch's: each module is built and run on a tensor of the input's size (the
output sides), and its parameters are counted (sum of numel) -- never taken from symconv.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

nn = torch.nn


def _side(module: torch.nn.Module, side: int, channels: int) -> int:
    with torch.no_grad():
        return int(module(torch.zeros(1, channels, side, side)).shape[-1])


def _length(module: torch.nn.Module, length: int, channels: int) -> int:
    with torch.no_grad():
        return int(module(torch.zeros(1, channels, length)).shape[-1])


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# ------------------------------------------------------------------ a lecture with a code block
LECTURE = r"""# Week 4: a small classifier

Inputs are $3 \times 40 \times 40$ images and the model is

```python
self.c1 = nn.Conv2d(3, 12, 5, stride=1, padding=2)
self.c2 = nn.Conv2d(12, 24, 3, stride=2, padding=1)
self.p = nn.MaxPool2d(2)
self.head = nn.Linear(24 * 10 * 10, 7)
```

## Sizes

The first layer keeps the $40 \times 40$ maps; the second gives

$$O_2 = \left\lfloor \frac{40 + 2 - 3}{2} \right\rfloor + 1 = 20$$

and a student's version of the same step reads

$$W^{(2)} = \left\lceil \frac{40 + 2 - 3}{2} \right\rceil + 1 = 21$$

The pooling then halves the maps:

$$H_{pool} = \lfloor 20 / 2 \rfloor = 10$$

## Counts

The first layer has $5 \cdot 5 \cdot 3 \cdot 12 + 12 = 912$ weights and biases, though one slide wrote $P_1 = 12 \cdot 3 \cdot 9 + 12 = 336$ parameters.

The second has $P_2 = 24 \cdot 12 \cdot 9 + 24 = 2616$ parameters and the classifier $P_{head} = 2400 \cdot 7 = 16800$ parameters.
"""


def test_the_lecture_truths_are_pytorchs():
    c1, c2 = nn.Conv2d(3, 12, 5, padding=2), nn.Conv2d(12, 24, 3, stride=2, padding=1)
    assert _side(c1, 40, 3) == 40
    assert _side(c2, 40, 12) == 20  # O_2 = 20 right; W^(2) = 21 wrong (the ceiling)
    assert _side(nn.MaxPool2d(2), 20, 24) == 10  # H_pool right
    assert _count(c1) == 912  # the bare count right; P_1 = 336 wrong (a 3x3 kernel's 9)
    assert _count(c2) == 2616  # P_2 right
    assert _count(nn.Linear(2400, 7)) == 16807  # P_head = 16800 wrong: the 7 biases


def test_sizes_named_with_the_authors_letters_are_judged_by_their_numbers():
    assert statuses(LECTURE, "O_2 =") == [VERIFIED]
    assert statuses(LECTURE, "W^{(2)} =") == [WRONG]
    assert statuses(LECTURE, "H_{pool} =") == [VERIFIED]


def test_counts_named_with_the_authors_letters_are_judged_by_their_numbers():
    assert statuses(LECTURE, "weights and biases, though") == [VERIFIED, WRONG]
    assert statuses(LECTURE, "P_2 =") == [VERIFIED, WRONG]


# ------------------------------------------------------------------ an exam with a table
EXAMEN = r"""# Examen parcial — solución

La red recibe imágenes de $1 \times 28 \times 28$:

| Capa | Definición | Salida | Parámetros |
|---|---|---|---|
| c1 | `nn.Conv2d(1, 10, 3)` | $10 \times 26 \times 26$ | $N_1 = 10 \cdot 9 + 10 = 100$ |
| p1 | `nn.AvgPool2d(2)` | $10 \times 13 \times 13$ | ninguno |
| c2 | `nn.Conv2d(10, 20, 4, stride=3)` | $20 \times 4 \times 4$ | $N_3 = 20 \cdot 10 \cdot 9 + 20 = 1820$ |
| fc | `nn.Linear(320, 5)` | $5$ | $N_4 = 320 \cdot 5 = 1600$ |

Para c2 (núcleo 4, paso 3, sin relleno):

$$L_3 = \left\lfloor \frac{13 - 4}{3} \right\rfloor + 1 = 4$$

y otro alumno escribió

$$H_3 = \frac{13 - 4}{3} = 3$$

## Audio

Una señal de longitud 1000 pasa por `nn.Conv1d(1, 4, kernel_size=9, stride=2, padding=4)`:

$$L_{out} = \left\lfloor \frac{1000 + 8 - 9}{2} \right\rfloor + 1 = 500$$
"""


def test_the_exam_truths_are_pytorchs():
    assert _count(nn.Conv2d(1, 10, 3)) == 100  # N_1 right
    assert _count(nn.Conv2d(10, 20, 4, stride=3)) == 3220  # N_3 = 1820 wrong (9 for 16)
    assert _count(nn.Linear(320, 5)) == 1605  # N_4 = 1600 wrong
    assert _side(nn.Conv2d(10, 20, 4, stride=3), 13, 10) == 4  # L_3 right, H_3 = 3 wrong
    conv = nn.Conv1d(1, 4, kernel_size=9, stride=2, padding=4)
    assert _length(conv, 1000, 1) == 500  # L_out right


def test_a_table_rows_counts_are_judged_by_their_numbers():
    assert statuses(EXAMEN, "N_1 =") == [VERIFIED]
    assert statuses(EXAMEN, "N_3 =") == [WRONG]
    assert statuses(EXAMEN, "N_4 =") == [WRONG]


def test_sizes_of_a_table_and_of_a_1d_layer_are_judged_by_their_numbers():
    assert statuses(EXAMEN, "L_3 =") == [VERIFIED]
    assert statuses(EXAMEN, "H_3 =") == [WRONG]
    assert statuses(EXAMEN, "L_{out} =") == [VERIFIED]


# ------------------------------------------------------------------ what is not judged
ASIDES = r"""# Grouped convolutions

The layer `nn.Conv2d(6, 12, 3, groups=3)` has $P = 12 \cdot 2 \cdot 9 + 12 = 228$ parameters, against $12 \cdot 6 \cdot 9 + 12 = 660$ for the same layer with $G = 1$.

Without its biases it keeps $12 \cdot 2 \cdot 9 = 216$ weights.

## Two look-alikes

```python
a = nn.Conv2d(8, 16, 3)
b = nn.Conv2d(8, 16, 3, padding=1)
```

On $10 \times 10$ inputs, $H' = 10 - 3 + 1 = 8$.
"""


def test_a_variant_a_weights_count_and_two_look_alikes():
    assert _count(nn.Conv2d(6, 12, 3, groups=3)) == 228
    assert _count(nn.Conv2d(6, 12, 3)) == 660  # the variant's count, right for G = 1
    assert _count(nn.Conv2d(6, 12, 3, groups=3, bias=False)) == 216
    assert _side(nn.Conv2d(8, 16, 3), 10, 8) == 8  # layer a: 8; layer b keeps 10
    assert _side(nn.Conv2d(8, 16, 3, padding=1), 10, 8) == 10
    on_line = statuses(ASIDES, "against $12")
    assert on_line[0] == VERIFIED and WRONG not in on_line  # the G = 1 count is no mistake
    # the weights alone: 216 is right for them, and never called a wrong parameter count
    assert statuses(ASIDES, "keeps $12") in ([VERIFIED], [NOT_UNDERSTOOD])
    # a or b: H' = 8 is a's side (b's formula would add its padding): never wrong
    assert statuses(ASIDES, "H' =") in ([VERIFIED], [NOT_UNDERSTOOD])


# ------------------------------------------------------------------ a Keras tutorial
KERAS = r"""# Part 3: counting by hand

```python
model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(8, 5, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(16, 3, strides=2, padding="same"),
    layers.Flatten(),
    layers.Dense(4),
])
```

The first convolution gives maps of side $32 - 5 + 1 = 28$, and after pooling $H_1 = 28 / 2 = 14$.

For the strided layer a reader wrote $H_2 = \lfloor (14 - 3)/2 \rfloor + 1 = 6$.

It has $P_{c2} = 3 \cdot 3 \cdot 8 \cdot 16 + 16 = 1168$ parameters, the dense layer $784 \cdot 4 + 4 = 3140$ parameters, and the first one $P_{c1} = 5 \cdot 5 \cdot 8 + 8 = 208$ parameters.
"""


def test_the_keras_truths():
    # channels last in Keras, first in PyTorch: the same layers, the same counts and sides
    assert _side(nn.Conv2d(3, 8, 5), 32, 3) == 28
    assert _side(nn.MaxPool2d(2), 28, 8) == 14
    # "same" at stride 2 pads so that the side is ceil(14 / 2) = 7 (by hand: Keras pads
    # (k - 1) - ((14 - 1) % 2) = 1 row, 14 + 1 = 15, floor((15 - 3)/2) + 1 = 7); the
    # reader's floor((14 - 3)/2) + 1 = 6 is the "valid" side: wrong
    assert _side(nn.Conv2d(8, 16, 3, stride=2, padding=(0, 0)), 15, 8) == 7
    assert _count(nn.Conv2d(8, 16, 3)) == 1168
    assert _count(nn.Linear(7 * 7 * 16, 4)) == 3140
    assert _count(nn.Conv2d(3, 8, 5)) == 608  # P_c1 = 208 wrong: the 3 input channels


def test_a_keras_models_layers_get_their_widths_from_its_input():
    assert statuses(KERAS, "after pooling") == [VERIFIED, VERIFIED]
    assert statuses(KERAS, "H_2 =") == [WRONG]
    assert statuses(KERAS, "P_{c2} =") == [VERIFIED, VERIFIED, WRONG]


# ------------------------------------------------------------------ a network in a prose list
PRACTICA = r"""# Práctica 3

La red recibe imágenes en gris de $1 \times 36 \times 36$ y tiene esta arquitectura:

1. **Conv1:** 6 filtros de $5 \times 5$, paso 1, sin relleno
2. **Pool1:** max-pooling $2 \times 2$, paso 2
3. **Conv2:** 12 filtros de $3 \times 3$, paso 2, relleno 1
4. **FC:** capa densa de 10 salidas

Todas las capas tienen sesgo.

## Tamaños

La salida de la primera mide $H_a = 36 - 5 + 1 = 32$ y la de la segunda $H_b = \lfloor (16 + 2 - 3)/2 \rfloor + 1 = 8$.

Otro cálculo da $W_b = \lceil (16 + 2 - 3)/2 \rceil + 1 = 9$.

## Parámetros

$N_b = 12 \cdot 6 \cdot 9 + 12 = 660$, $N_c = 768 \cdot 10 + 10 = 7690$ y $N_a = 6 \cdot 25 = 150$.
"""


def test_the_practica_truths():
    c1, c2 = nn.Conv2d(1, 6, 5), nn.Conv2d(6, 12, 3, stride=2, padding=1)
    assert _side(c1, 36, 1) == 32
    assert _side(nn.MaxPool2d(2, 2), 32, 6) == 16
    assert _side(c2, 16, 6) == 8  # H_b right, W_b = 9 wrong (the ceiling)
    assert _count(c2) == 660
    assert _count(nn.Linear(12 * 8 * 8, 10)) == 7690
    assert _count(c1) == 156  # N_a = 150 wrong: every layer has a bias


def test_a_network_described_in_a_list_gives_its_layers_and_their_inputs():
    assert statuses(PRACTICA, "H_a =") == [VERIFIED, VERIFIED]
    assert statuses(PRACTICA, "W_b =") == [WRONG]
    assert statuses(PRACTICA, "N_b =") == [VERIFIED, VERIFIED, WRONG]


# ------------------------------------------------------------------ numbers that name no count
OTHERS = r"""# Padding and batch

With `nn.Conv2d(2, 4, 3, padding=1)` the padding is $P = (3 - 1)/2 = 1$, and a batch of $N = 2 \cdot 4 = 8$ images goes through it.

On $28 \times 28$ inputs the padded map has side $H_1 = 28 + 2 = 30$, and its weights are $W_2 = 3 \cdot 3 \cdot 2 \cdot 4 = 72$ numbers.
"""


def test_a_padding_a_batch_and_a_padded_side_are_no_count_or_output():
    # by hand: the padding keeping 3x3 windows' side is (3 - 1)/2 = 1, the batch 8, the
    # padded side 28 + 2 = 30, the weights 3*3*2*4 = 72: all true, none may be called wrong
    assert _count(nn.Conv2d(2, 4, 3, padding=1, bias=False)) == 72
    assert WRONG not in statuses(OTHERS, "the padding is")
    assert WRONG not in statuses(OTHERS, "padded map")


# ------------------------------------------------------------------ a stack: which layer?
STACK = r"""# Two stacked convolutions

The input is a $1 \times 12 \times 12$ image.

```python
net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 8, 3))
```

The second layer gets $10 \times 10$ maps and gives $H_b = 10 - 3 + 1 = 8$.

A classmate wrote $H_c = 12 - 3 + 1 = 10$ for the second layer.
"""


def test_a_stacks_second_layer_is_judged_at_the_input_it_gets():
    first, second = nn.Conv2d(1, 4, 3), nn.Conv2d(4, 8, 3)
    assert _side(first, 12, 1) == 10
    assert _side(second, 10, 4) == 8  # H_b right; H_c = 10 is the first layer's side
    assert statuses(STACK, "H_b =") == [VERIFIED]
    # the classmate's formula is the first layer's, but the sentence says the second:
    # never verified as the first's
    assert VERIFIED not in statuses(STACK, "H_c =")
