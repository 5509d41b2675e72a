"""Counts and sizes written in numbers alone (issue 16, fresh2's misses
``3 \\cdot 3 \\cdot 5 + 1 = 46``, ``5 \\cdot 5 \\cdot 6 + 6 = 156``, ``5\\cdot5\\cdot16+16 =
416``): right arithmetic is not a right count.  A numbers-only chain is verified only when its
value is the count or size of the layer it is about, read from the notes (a network layer the
clause names, a dense stack ``400 \\to 120 \\to 10``, a stated layer of the kind the clause
names, the section's own layer); otherwise it is not understood, never verified.  The truth of
each count is the torch module's own parameter count, of each size the torch module's output
shape; the arithmetic's truth is Python's."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _side(module: torch.nn.Module, channels: int, side: int) -> int:
    return int(module(torch.zeros(1, channels, side, side)).shape[-1])


def _statuses(text: str) -> list[str]:
    verdicts = check_text(text, "notes.md").verdicts
    return [v.status for v in verdicts if v.status != "assumed" and "=" in v.source]


# ---------------------------------------------------------------- the wrong forms
# (notes, the count or size each claims, its truth): right arithmetic, wrong for the layer
# the notes are about.  Never verified; not understood where the layer is not read.
WRONG_FORMS = [
    (  # the input width multiplied in, in a clause that quotes others' answer
        "# HW\n\nA single-channel layer: a $5\\times 5$ input $X$, a $3\\times 3$ kernel $W$, "
        "a bias $b$, stride 1.\n\n$$Z_{i,j} = b + \\sum_{m=0}^{2}\\sum_{n=0}^{2} W_{m,n} "
        "X_{i+m,j+n}$$\n\nA few people wrote that it has $3 \\cdot 3 \\cdot 5 + 1 = 46$ "
        "parameters.\n",
        3 * 3 * 5 + 1,
        _count(torch.nn.Conv2d(1, 1, 3)),
    ),
    (  # the input channels forgotten; which layer ("esta capa") is not read
        "# Examen\n\nR: Cada filtro ve los tres canales. El número de parámetros es "
        "grande.\n\nVarios pusieron $5 \\cdot 5 \\cdot 6 + 6 = 156$, que no es la cuenta de "
        "esta capa.\n",
        5 * 5 * 6 + 6,
        _count(torch.nn.Conv2d(3, 6, 5)),
    ),
    (  # a table row of LeNet-5's conv 2, the six input channels forgotten
        "# LeNet-5\n\n| capa | salida | parámetros |\n|---|---|---|\n"
        "| conv 2 | $10\\times10\\times16$ | $5\\cdot5\\cdot16+16 = 416$ |\n",
        5 * 5 * 16 + 16,
        _count(torch.nn.Conv2d(6, 16, 5)),
    ),
    (  # a dense layer's count without its bias, the stack stated elsewhere
        "# Head\n\nThe classifier is $400 \\to 120 \\to 84 \\to 10$.\n\nIts second layer "
        "has $120 \\cdot 84 = 10080$ parameters.\n",
        120 * 84,
        _count(torch.nn.Linear(120, 84)),
    ),
    (  # an output side that forgets the padding, with no layer stated
        "# Sizes\n\nThe map shrinks to $32 - 5 + 1 = 28$ rows.\n",
        32 - 5 + 1,
        _side(torch.nn.Conv2d(1, 1, 5, padding=2), 1, 32),
    ),
]


@pytest.mark.parametrize(("text", "claimed", "truth"), WRONG_FORMS)
def test_a_wrong_count_with_right_arithmetic_is_never_verified(text, claimed, truth) -> None:
    assert claimed != truth  # the form is wrong for its layer, by torch
    found = _statuses(text)
    assert found, text
    assert VERIFIED not in found[-1:], found
    assert found[-1] in (NOT_UNDERSTOOD, WRONG), found


# ---------------------------------------------------------------- the right forms
def test_a_count_of_the_stated_layer_is_verified_and_a_quoted_error_is_not() -> None:
    text = (
        "# HW\n\nA single-channel layer: a $5\\times 5$ input $X$, a $3\\times 3$ kernel $W$, "
        "a bias $b$, stride 1.\n\n$$Z_{i,j} = b + \\sum_{m=0}^{2}\\sum_{n=0}^{2} W_{m,n} "
        "X_{i+m,j+n}$$\n\nThe layer has $3\\cdot 3 + 1 = 10$ trainable parameters; a few "
        "people wrote that it has $3 \\cdot 3 \\cdot 5 + 1 = 46$ parameters.\n"
    )
    assert _count(torch.nn.Conv2d(1, 1, 3)) == 3 * 3 + 1
    assert _statuses(text)[-2:] == [VERIFIED, NOT_UNDERSTOOD]


def test_counts_of_a_named_network_layer_and_of_a_dense_stack() -> None:
    text = (
        "# LeNet-5\n\nLeNet-5: a $32\\times 32$ grayscale input, conv1 with six $5\\times 5$ "
        "filters, conv2 with sixteen $5\\times 5$ filters, then $400 \\to 120 \\to 84 \\to "
        "10$.\n\nParameters of conv1: $6 \\cdot (5 \\cdot 5 \\cdot 1 + 1) = 156$.\n\n"
        "Dense layers: $400 \\cdot 120 + 120 = 48120$ and $120 \\cdot 84 + 84 = 10164$.\n"
    )
    assert _count(torch.nn.Conv2d(1, 6, 5)) == 156
    assert _count(torch.nn.Linear(400, 120)) == 48120
    assert _count(torch.nn.Linear(120, 84)) == 10164
    assert _statuses(text)[-3:] == [VERIFIED, VERIFIED, VERIFIED]


def test_a_table_row_names_its_network_layer() -> None:
    text = (
        "# LeNet-5\n\nLeNet-5, 6 then 16 filters.\n\n| capa | salida | parámetros |\n"
        "|---|---|---|\n| densa 1 | 120 | $400\\cdot 120 + 120 = 48120$ |\n"
    )
    assert _count(torch.nn.Linear(400, 120)) == 48120
    assert _statuses(text)[-1:] == [VERIFIED]


def test_sizes_of_the_convolution_and_of_the_pooling_after_it() -> None:
    conv = torch.nn.Conv2d(1, 1, 3)
    pool = torch.nn.AvgPool2d(2, 2)
    out = _side(conv, 1, 6)
    text = (
        "# Examen\n\nLa capa recibe una entrada $x$ de $6\\times 6$ (un canal), aplica un filtro "
        "$w$ de $3\\times 3$ con paso 1 y sin relleno, obteniendo $z$ de $4\\times 4$. Después "
        "viene un agrupamiento promedio de $2\\times 2$ con paso 2, que produce $p$ de "
        "$2\\times 2$.\n\n$$z_{i,j} = \\sum_{m=0}^{2}\\sum_{n=0}^{2} w_{m,n} "
        "x_{i+m,j+n}$$\n\nLa salida de la convolución mide $6 - 3 + 1 = 4$ y la del "
        "agrupamiento $\\lfloor (4 - 2)/2 \\rfloor + 1 = 2$.\n"
    )
    assert out == 6 - 3 + 1
    assert int(pool(torch.zeros(1, 1, out, out)).shape[-1]) == (4 - 2) // 2 + 1
    found = _statuses(text)
    assert found[-2] == VERIFIED, found
    assert found[-1] in (VERIFIED, NOT_UNDERSTOOD), found  # never wrong


def test_wrong_arithmetic_is_wrong_whatever_it_counts() -> None:
    assert 120 * 84 + 84 != 10080
    text = "# Head\n\nDense layers: $120 \\cdot 84 + 84 = 10080$ parameters.\n"
    assert _statuses(text) == [WRONG]


def test_a_section_keeps_the_channels_stated_above_when_an_aside_states_others() -> None:
    # the worked section's claims come before "cada filtro tiene dos canales": its layer
    # still has the 2 input channels the first section states (torch: 57 parameters)
    text = (
        "# Capa\n\nLa entrada es un lote de $N = 2$ imágenes con $2$ canales de $4\\times 4$; "
        "la capa tiene $3$ filtros de $3\\times 3$, paso 1, sin relleno, y un sesgo $b_f$ por "
        "filtro. Índices desde 0.\n\n## Adelante\n\n"
        "$$ Z_{n,f,i,j} = \\sum_{c=0}^{1}\\sum_{u=0}^{2}\\sum_{v=0}^{2} W_{f,c,u,v}\\, "
        "A_{n,c,i+u,j+v} + b_f $$\n\n"
        "El número de parámetros de la capa es $P = 3 \\cdot 2 \\cdot 3 \\cdot 3 + 3 = 57$. "
        "Si se olvida que cada filtro tiene dos canales, se escribe "
        "$P = 3 \\cdot 3 \\cdot 3 + 3 = 30$, que es incorrecto.\n"
    )
    assert _count(torch.nn.Conv2d(2, 3, 3)) == 57
    found = _statuses(text)
    assert WRONG not in found[:-1], found
    assert found[-1] in (WRONG, NOT_UNDERSTOOD), found
