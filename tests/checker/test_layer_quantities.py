"""Counts bound to a layer of the network the notes state, beyond parameters and sides: the
entries of a weight (or of its gradient), the values an output holds, the multiplications a
layer costs; a network with global average pooling; counts asked "with the biases" in the
question under the list.  Truth: torch modules (parameter counts, weight numel, output
shapes); multiplications by hand (each output value is a sum of C·k·k products)."""

from __future__ import annotations

import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if written in v.source]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


# ---------------------------------------------------- an exam solution sheet (Spanish)
C1 = nn.Conv2d(1, 6, 5, padding=2)
POOL = nn.MaxPool2d(2, 2)
C2 = nn.Conv2d(6, 12, 3, stride=2, padding=1)
GAP = nn.AdaptiveAvgPool2d(1)
FC = nn.Linear(12, 5)
X = torch.zeros(1, 1, 32, 32)
OUT1 = C1(X)
OUT2 = C2(POOL(OUT1))
P1 = sum(p.numel() for p in C1.parameters())
P2 = sum(p.numel() for p in C2.parameters())
PF = sum(p.numel() for p in FC.parameters())
W2 = C2.weight.numel()
assert OUT1.shape == (1, 6, 32, 32) and OUT2.shape == (1, 12, 8, 8)
assert GAP(OUT2).flatten(1).shape == (1, 12)
MULTS1 = OUT1.numel() * 1 * 5 * 5  # each output value: 1 channel x 5 x 5 products

EXAMEN = f"""# Parcial, problema 2

Una red recibe imágenes en gris de $1 \\times 32 \\times 32$ y tiene esta arquitectura:

1. conv1: 6 filtros de $5 \\times 5$, paso 1, relleno 2, ReLU
2. maxpool: $2 \\times 2$, paso 2
3. conv2: 12 filtros de $3 \\times 3$, paso 2, relleno 1, ReLU
4. global average pooling
5. densa de 12 a 5 clases

(a) Tamaños y (b) número de parámetros (pesos + sesgos) de cada capa.

## Respuesta

| capa | salida | tamaño | parámetros |
|------|--------|--------|------------|
| conv1 | $6 \\times 32 \\times 32$ | $32 + 4 - 5 + 1 = 32$ | $6 \\cdot 25 + 6 = {P1}$ |
| conv2 | $12 \\times 8 \\times 8$ | $\\lfloor (16 + 2 - 3)/2 \\rfloor + 1 = 8$ | \
$12 \\cdot 6 \\cdot 9 = {W2}$ |
| densa | $5$ | — | $12 \\cdot 5 + 5 = {PF}$ |

Total de parámetros:

$$156 + 660 + 65 = {P1 + P2 + PF}$$

(c) Valores que hay que guardar de la salida de conv2:

$$12 \\cdot 8 \\cdot 8 = {OUT2.numel()}$$

(d) Multiplicaciones de conv1 para una imagen:

$$32 \\cdot 32 \\cdot 6 \\cdot 25 = {MULTS1}$$

(e) ¿Cuántas entradas tiene el gradiente de los pesos de conv2?

$$12 \\cdot 6 \\cdot 3 \\cdot 3 = {W2}$$
"""


def test_a_table_row_under_a_network_with_global_pooling_is_bound_to_its_layer() -> None:
    found = _verdicts(EXAMEN)
    assert _of(found, "32 + 4 - 5 + 1").status == VERIFIED
    assert _of(found, f"6 \\cdot 25 + 6 = {P1}").status == VERIFIED
    assert _of(found, f"12 \\cdot 5 + 5 = {PF}").status == VERIFIED  # 12 inputs after the GAP


def test_a_count_without_the_biases_the_question_asks_for_is_wrong_naming_the_count() -> None:
    row = _of(_verdicts(EXAMEN), f"12 \\cdot 6 \\cdot 9 = {W2}")
    assert row.status == WRONG
    assert f"{P2} parameters, not {W2}" in row.message  # 660 = 12·(6·9) + 12


def test_a_total_of_the_notes_numbers_is_judged_against_the_network() -> None:
    total = _of(_verdicts(EXAMEN), "156 + 660 + 65")
    assert total.status == VERIFIED


def test_stored_values_multiplications_and_weight_entries_of_a_named_layer() -> None:
    found = _verdicts(EXAMEN)
    assert _of(found, f"= {OUT2.numel()}").status == VERIFIED
    assert _of(found, f"= {MULTS1}").status == VERIFIED
    weights = [v for v in found if v.line > 30 and v.source.endswith(f"= {W2}")]
    assert len(weights) == 1 and weights[0].status == VERIFIED


# ---------------------------------------------------- lab notes (English), wrong counts
LAB = """# Lab 4

The input is a single-channel $28 \\times 28$ image. All convolutions use stride 1 and no
padding.

1. **Conv1:** 8 filters of size $3 \\times 3$.
2. **Conv2:** 16 filters of size $3 \\times 3$.
3. **GAP:** global average pooling.
4. **Dense:** 10 outputs.

The weights of Conv2 have $16 \\cdot 8 \\cdot 3 = 384$ entries.

Multiplications of Conv1 for one image: $26 \\cdot 26 \\cdot 8 \\cdot 9 = 48672$.

The outputs of Conv2 we must store: $16 \\cdot 24 \\cdot 24 = 9216$ values.
"""
L1 = nn.Conv2d(1, 8, 3)
L2 = nn.Conv2d(8, 16, 3)
LAB_OUT1 = L1(torch.zeros(1, 1, 28, 28))
LAB_OUT2 = L2(LAB_OUT1)


def test_a_wrong_weight_count_names_the_layers_weight_size() -> None:
    verdict = _of(_verdicts(LAB), "= 384")
    assert verdict.status == WRONG
    assert f"{L2.weight.numel()}" in verdict.message  # 1152


def test_right_multiplications_and_stored_values_are_verified() -> None:
    found = _verdicts(LAB)
    assert LAB_OUT1.numel() * 9 == 48672 and LAB_OUT2.numel() == 9216
    assert _of(found, "= 48672").status == VERIFIED
    assert _of(found, "= 9216").status == VERIFIED


def test_a_count_of_a_layer_not_named_is_never_wrong() -> None:
    text = LAB + "\nSome count: $16 \\cdot 24 \\cdot 25 = 9600$.\n"
    assert _of(_verdicts(text), "= 9600").status == NOT_UNDERSTOOD


def test_a_layer_named_by_its_ordinal_in_words() -> None:
    side = int(LAB_OUT2.shape[-1])  # 24
    text = LAB + (
        f"\nAfter the second conv the map is $26 - 3 + 1 = {side}$ wide.\n\n"
        "Tras la segunda convolución el mapa mide $26 - 3 = 23$.\n"
    )
    found = _verdicts(text)
    assert _of(found, f"26 - 3 + 1 = {side}").status == VERIFIED
    wrong = _of(found, "26 - 3 = 23")
    assert wrong.status == WRONG and f"{side}x{side}" in wrong.message
