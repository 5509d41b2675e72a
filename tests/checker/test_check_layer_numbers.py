# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Sizes and counts tied to the layer the notes mean (fifteenth session): a table numbering
its rows (``H_3`` is row 3's output, activations counted), a solution heading that goes on
from its statement, one list item one sentence, a constructor's defaults, a letter's role
stated with a bound ("the dilation $D \\ge 1$"), and ``a, b = 1, 2`` in code.  Notes
written here, in two styles or languages each; truth from torch (output shapes, parameter
counts), computed in the test."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

FLAGGED = (WRONG, SIZE_SPECIFIC)


def _verdicts(text: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for v in check_text(text, "notes.md").verdicts:
        out.setdefault(v.line, []).append(v.status)
    return out


def _line(text: str, fragment: str) -> int:
    return next(k for k, t in enumerate(text.splitlines(), 1) if fragment in t)


def _count(layer: nn.Module) -> int:
    return sum(p.numel() for p in layer.parameters())


def _side(layer: nn.Module, shape: tuple[int, ...]) -> int:
    return int(layer(torch.zeros(shape)).shape[-1])


# ------------------------------------------------------------ a table numbering its rows
def test_an_english_table_numbering_its_rows_ties_each_subscript_to_its_row():
    conv1 = nn.Conv2d(1, 6, 5, stride=1, padding=2)
    h1 = _side(conv1, (1, 1, 32, 32))  # 32
    h3 = _side(nn.Sequential(conv1, nn.ReLU(), nn.MaxPool2d(2, 2)), (1, 1, 32, 32))  # 16
    conv4 = nn.Conv2d(6, 12, 3)
    h4 = _side(conv4, (1, 6, h3, h3))  # 14
    p1, p4 = _count(conv1), _count(conv4)  # 156, 660
    p6 = _count(nn.Linear(12 * h4 * h4, 10))  # 23530
    text = (
        "# Homework 3 — a small CNN\n\n"
        "The network takes $1 \\times 32 \\times 32$ images:\n\n"
        "| No. | Layer | Settings |\n"
        "|---|---|---|\n"
        "| 1 | Conv | 6 filters $5 \\times 5$, stride 1, padding 2, with bias |\n"
        "| 2 | ReLU | — |\n"
        "| 3 | MaxPool | max window $2 \\times 2$, stride 2 |\n"
        "| 4 | Conv | 12 filters $3 \\times 3$, stride 1, no padding, with bias |\n"
        "| 5 | Flatten | — |\n"
        "| 6 | Linear | 10 outputs, with bias |\n\n"
        "## Answers\n\n"
        f"Layer 1 keeps the size: $$H_1 = 32 + 4 - 5 + 1 = {h1}.$$\n\n"
        f"The pooling halves the side: $$H_3 = 32 / 2 = {h3}.$$\n\n"
        f"The second convolution gives maps of side $$H_4 = 16 - 3 + 1 = {h4}.$$\n\n"
        f"Each filter of layer 1 has its weights and a bias: $$P_1 = 6 \\cdot (25 + 1) = {p1}.$$\n\n"
        # the input channels forgotten: 12 (9 + 1)
        f"Each filter of layer 4 has its weights and a bias: $$P_4 = 12 \\cdot (9 + 1) = 120.$$\n\n"
        f"The dense layer has $$P_6 = {12 * h4 * h4} \\cdot 10 + 10 = {p6}$$ parameters.\n\n"
        # a variant of layer 1 (stride 2, no padding): not the table's layer
        "(b) With stride 2 and no padding, the side would be $$H_1 = \\lfloor (32 - 5)/2 \\rfloor + 1 = 14.$$\n"
    )
    assert p4 != 120 and 14 == _side(nn.Conv2d(1, 6, 5, stride=2), (1, 1, 32, 32)) != h1
    got = _verdicts(text)
    for fragment in ("H_1 = 32", "H_3 =", "H_4 =", "P_1 =", "P_6 ="):
        assert got[_line(text, fragment)] == [VERIFIED], fragment
    assert got[_line(text, "P_4 =")] == [WRONG]
    assert not set(got.get(_line(text, "(b) With stride 2"), [])) & set(FLAGGED)


def test_a_german_table_numbering_its_rows_and_a_row_without_a_layer():
    conv1 = nn.Conv2d(1, 4, 3, stride=1, padding=1)
    h1 = _side(conv1, (1, 1, 28, 28))  # 28
    h3 = _side(nn.Sequential(conv1, nn.MaxPool2d(2, 2)), (1, 1, 28, 28))  # 14
    p1, p5 = _count(conv1), _count(nn.Linear(4 * h3 * h3, 10))  # 40, 7850
    text = (
        "# Übungsblatt 4\n\n"
        "Eingabe: Graustufenbilder der Größe $1 \\times 28 \\times 28$.\n\n"
        "| Nr. | Schicht | Konfiguration |\n"
        "|---|---|---|\n"
        "| 1 | Conv2d | 4 Filter $3 \\times 3$, Schrittweite 1, Auffüllung 1, mit Bias |\n"
        "| 2 | ReLU | – |\n"
        "| 3 | MaxPool2d | Fenster $2 \\times 2$, Schrittweite 2 |\n"
        "| 4 | Flatten | – |\n"
        "| 5 | Linear | 10 Ausgänge, mit Bias |\n\n"
        f"Die Ausgabe von Schicht 1 hat die Höhe $$H_1 = 28 + 2 - 3 + 1 = {h1}.$$\n\n"
        f"Nach dem Pooling ist die Höhe $$H_3 = 28 / 2 = {h3}.$$\n\n"
        f"Die Parameter von Schicht 1: $$P_1 = 4 \\cdot 9 + 4 = {p1}.$$\n\n"
        # the bias forgotten
        f"Die Parameter der letzten Schicht: $$P_5 = {4 * h3 * h3} \\cdot 10 = {p5 - 10}.$$\n\n"
        # row 2 is the ReLU: no layer of the network to judge the side under
        f"Die Höhe nach der Aktivierung: $$H_2 = 28 - 3 + 1 = 26.$$\n"
    )
    got = _verdicts(text)
    for fragment in ("H_1 =", "H_3 =", "P_1 ="):
        assert got[_line(text, fragment)] == [VERIFIED], fragment
    assert got[_line(text, "P_5 =")] == [WRONG]
    assert not set(got.get(_line(text, "H_2 ="), [])) & set(FLAGGED)


# ------------------------------------------------- a solution heading after its statement
def test_a_solution_heading_goes_on_from_the_statement_above_it():
    conv = nn.Conv2d(3, 16, 3, padding=1)
    p1 = _count(conv)  # 448
    h3 = _side(nn.Sequential(conv, nn.MaxPool2d(2, 2)), (1, 3, 32, 32))  # 16
    text = (
        "# Examen parcial\n\n"
        "## Ejercicio 2 — Enunciado\n\n"
        "Una red recibe imágenes de $3 \\times 32 \\times 32$:\n\n"
        "| # | Capa | Configuración |\n"
        "|---|---|---|\n"
        "| 1 | Conv | 16 filtros $3 \\times 3$, paso 1, relleno 1, con sesgo |\n"
        "| 2 | ReLU | — |\n"
        "| 3 | MaxPool | ventana $2 \\times 2$, paso 2 |\n\n"
        "## Solución\n\n"
        f"La capa 1 tiene $$P_1 = 16 \\cdot (27 + 1) = {p1}$$ parámetros.\n\n"
        f"Tras el pooling el lado de la salida es $$H_3 = (32 - 2)/2 = 15.$$\n"
    )
    assert h3 == 16
    got = _verdicts(text)
    assert got[_line(text, "P_1 =")] == [VERIFIED]
    assert got[_line(text, "H_3 =")] == [WRONG]


def test_a_solutions_heading_after_two_statements_is_tied_to_neither():
    # P_1 is right for the first network (8 (9 + 1) = 80) and wrong for the second's
    # (16 (3·9 + 1) = 448): which exercise it answers is not read, so it is not flagged
    first, second = nn.Conv2d(1, 8, 3), nn.Conv2d(3, 16, 3)
    text = (
        "# Problem set\n\n"
        "## Problem 1\n\n"
        "The network takes $1 \\times 16 \\times 16$ images:\n\n"
        "| # | Layer | Settings |\n"
        "|---|---|---|\n"
        "| 1 | Conv | 8 filters $3 \\times 3$, stride 1, no padding, with bias |\n"
        "| 2 | MaxPool | max window $2 \\times 2$, stride 2 |\n\n"
        "## Problem 2\n\n"
        "The network takes $3 \\times 16 \\times 16$ images:\n\n"
        "| # | Layer | Settings |\n"
        "|---|---|---|\n"
        "| 1 | Conv | 16 filters $3 \\times 3$, stride 1, no padding, with bias |\n"
        "| 2 | MaxPool | max window $2 \\times 2$, stride 2 |\n\n"
        "## Solution\n\n"
        f"Layer 1 has its weights and a bias: $$P_1 = 8 \\cdot (9 + 1) = {_count(first)}.$$\n"
    )
    assert _count(first) != _count(second)
    got = _verdicts(text)
    assert not set(got.get(_line(text, "P_1 ="), [])) & set(FLAGGED)


# ---------------------------------------- one list item, one sentence; a call's defaults
def test_each_list_item_states_its_own_layer_with_the_call_s_defaults():
    first = _side(nn.Conv2d(1, 1, 3, stride=2, padding=1), (1, 1, 9, 9))  # 5
    second = _side(nn.Conv2d(1, 1, 3), (1, 1, 9, 9))  # 7: stride 1, no padding
    text = (
        "# Output sizes\n\n"
        "Two layers on the same input:\n\n"
        "- `nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=1)` on a $9 \\times 9$ input:\n"
        f"  $$H_{{out}} = \\lfloor (9 + 2 - 3)/2 \\rfloor + 1 = {first}.$$\n"
        # the first item's stride and padding would give 5: not this layer's
        "- `nn.Conv2d(1, 1, kernel_size=3)` on a $9 \\times 9$ input:\n"
        "  $$H_{out} = \\lfloor (9 + 2 - 3)/2 \\rfloor + 1 = 5.$$\n"
    )
    assert second == 7
    got = _verdicts(text)
    lines = [k for k, t in enumerate(text.splitlines(), 1) if "H_{out}" in t]
    assert got[lines[0]] == [VERIFIED]
    assert got[lines[1]] == [WRONG]


def test_french_items_of_transposed_convolutions_each_with_its_own_call():
    first = _side(nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1), (1, 1, 4, 4))
    second = _side(nn.ConvTranspose2d(1, 1, 3, dilation=2), (1, 1, 5, 5))  # 9
    text = (
        "# Cours — convolution transposée\n\n"
        "**Exemples.**\n\n"
        "- `ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)` sur une entrée $4 \\times 4$ :\n"
        f"  $$H_{{out}} = (4 - 1) \\cdot 2 - 2 + 2 + 1 + 1 = {first}.$$\n"
        "- `ConvTranspose2d(1, 1, kernel_size=3, dilation=2)` sur une entrée $5 \\times 5$ :\n"
        f"  $$H_{{out}} = (5 - 1) + 2 \\cdot 2 + 1 = {second}.$$\n"
        "- `ConvTranspose2d(1, 1, kernel_size=3, dilation=2)` sur une entrée $5 \\times 5$, d'après un étudiant :\n"
        "  $$H_{out} = (5 - 1) + 2 \\cdot 3 + 1 = 11.$$\n"
    )
    got = _verdicts(text)
    lines = [k for k, t in enumerate(text.splitlines(), 1) if "H_{out}" in t]
    assert got[lines[0]] == [VERIFIED]
    assert got[lines[1]] == [VERIFIED]
    assert got[lines[2]] == [WRONG]


# ------------------------------------------------- a letter's role stated with its bound
def test_the_dilation_letter_named_with_a_bound_is_the_dilation():
    side = _side(nn.Conv2d(1, 1, 3, dilation=3), (1, 1, 12, 12))  # 6
    for setup in (
        "the stride is $S \\ge 1$, the dilation $D \\geq 1$, and $P$ zeros pad each side.",
        "el paso es $S \\ge 1$, la dilatación $D \\ge 1$ y se añaden $P$ ceros a cada lado.",
    ):
        text = (
            "# Conv arithmetic\n\n"
            f"**Setup.** A 1-D input has length $H$, the kernel has $K$ taps, {setup}\n\n"
            "## Part (c)\n\n"
            f"With $H = 12$, $K = 3$, $S = 1$, $P = 0$, $D = 3$: $H_{{out}} = 12 - 3 \\cdot 2 = {side}$.\n\n"
            "## Part (d)\n\n"
            # the span taken as D K = 9
            "With $H = 12$, $K = 3$, $S = 1$, $P = 0$, $D = 3$: $H_{out} = 12 - 9 + 1 = 4$.\n"
        )
        got = _verdicts(text)
        assert got[_line(text, f"= {side}$")] == [VERIFIED], setup
        assert got[_line(text, "= 4$")] == [WRONG], setup


# --------------------------------------------------- several names set on one code line
CODE_TUPLES = [
    (
        "H, W = 11, 11\nK, S, P = 5, 1, 2\nx = np.zeros((H, W))",
        "The output side is $H' = (11 + 4 - 5)/1 + 1 = {side}$.",
        "Without thinking one writes $H' = 11 - 5 + 1 = 7$.",  # the padding forgotten
        nn.Conv2d(1, 1, 5, padding=2),
        (1, 1, 11, 11),
    ),
    (
        "N, C, H, W = 4, 3, 15, 15  # lote NCHW\nF, K = 8, 3\nstride, pad = 3, 0\n"
        "x = rng.standard_normal((N, C, H, W))",
        "Na descrição: a saída tem lado $H' = (15 - 3)/3 + 1 = {side}$.",
        "Outro comentário: a saída tem lado $H' = 15 - 3 + 1 = 13$.",  # the stride forgotten
        nn.Conv2d(3, 8, 3, stride=3),
        (4, 3, 15, 15),
    ),
]


@pytest.mark.parametrize(("code", "right", "wrong", "layer", "shape"), CODE_TUPLES)
def test_names_set_together_on_one_code_line_are_each_read(code, right, wrong, layer, shape):
    side = _side(layer, shape)  # 11, 5
    right = right.format(side=side)
    text = f"# Conv forward in NumPy\n\n```python\n{code}\n```\n\n{right}\n\n{wrong}\n"
    got = _verdicts(text)
    assert got[_line(text, right)] == [VERIFIED]
    assert got[_line(text, wrong)] == [WRONG]


# ------------------------------------------ the weight's shape in letters gives their roles
def test_cudnn_letters_of_the_weight_shape_are_filters_channels_and_kernel_sides():
    # K the filters, C the channels, R x S the kernel (never K the kernel, S the stride)
    count = _count(nn.Conv2d(4, 6, 5))  # 606
    side = _side(nn.Conv2d(4, 6, 5), (1, 4, 12, 12))  # 8
    text = (
        "# Multi-channel convolution\n\n"
        "I have an input $x \\in \\mathbb{R}^{C \\times H \\times W}$, filters "
        "$w \\in \\mathbb{R}^{K \\times C \\times R \\times S}$ and a bias $b \\in \\mathbb{R}^{K}$, "
        "stride 1 and no padding. The output has $K$ channels.\n\n"
        "**Sizes.** For $C = 4$, $K = 6$, $R = S = 5$ and $H = W = 12$ the layer has "
        f"$\\#\\theta = K(CRS + 1) = 6 \\cdot 101 = {count}$ parameters, and its output side is "
        f"$H' = H - R + 1 = {side}$.\n\n"
        "A classmate forgot the biases: $\\#\\theta = KCRS = 600$.\n"
    )
    got = _verdicts(text)
    line = _line(text, "**Sizes.**")
    assert got[line] == [VERIFIED, VERIFIED]
    assert got[_line(text, "= 600$")] == [WRONG]


def test_cs231n_letters_of_the_weight_shape_in_spanish_notes():
    count = _count(nn.Conv2d(2, 5, 3))  # 95
    text = (
        "# Apuntes: parámetros de una capa convolucional\n\n"
        "Los filtros son $W \\in \\mathbb{R}^{F \\times C \\times k \\times k}$, con sesgo.\n\n"
        f"Para $C = 2$, $F = 5$, $k = 3$ la capa tiene $P = F(C k^2 + 1) = 5 \\cdot 19 = {count}$ parámetros.\n\n"
        # the channels forgotten
        f"Un error típico: la capa tiene $P = F(k^2 + 1) = 50$ parámetros.\n"
    )
    got = _verdicts(text)
    assert got[_line(text, f"= {count}$")] == [VERIFIED]
    assert got[_line(text, "= 50$")] == [WRONG]


# ------------------------------------------------- a numbered list numbering every step
def test_a_numbered_list_with_its_activations_numbers_the_layers_english():
    conv1, conv4 = nn.Conv2d(3, 8, 3, padding=1), nn.Conv2d(8, 16, 3)
    h3 = _side(nn.Sequential(conv1, nn.ReLU(), nn.MaxPool2d(2, 2)), (1, 3, 32, 32))  # 16
    h4 = _side(conv4, (1, 8, h3, h3))  # 14
    p7 = _count(nn.Linear(16 * h4 * h4, 10))  # 31370
    assert _count(conv4) != 1152
    text = (
        "# A small CNN\n\n"
        "The network takes $3 \\times 32 \\times 32$ images and has these steps:\n\n"
        "1. Conv: 8 filters $3 \\times 3$, stride 1, padding 1\n"
        "2. ReLU\n"
        "3. Max-pooling $2 \\times 2$, stride 2\n"
        "4. Conv: 16 filters $3 \\times 3$, stride 1, no padding\n"
        "5. ReLU\n"
        "6. Flatten\n"
        "7. Dense layer with 10 outputs\n\n"
        "All layers have biases.\n\n"
        "## Sizes\n\n"
        # (the old readings took H_3 for the second convolution's and called it wrong)
        f"After step 3 the side is $H_3 = 32 / 2 = {h3}$.\n\n"
        f"The second convolution gives maps of side $H_4 = 16 - 3 + 1 = {h4}$.\n\n"
        "## Parameters\n\n"
        f"Layer 1: $P_1 = 8 \\cdot (27 + 1) = {_count(conv1)}$ parameters.\n\n"
        "Layer 4: $P_4 = 16 \\cdot 8 \\cdot 9 = 1152$ parameters.\n\n"  # the biases forgotten
        f"Layer 7: $P_7 = 3136 \\cdot 10 + 10 = {p7}$ parameters.\n"
    )
    got = _verdicts(text)
    for fragment in ("H_3 =", "H_4 =", "P_1 =", "P_7 ="):
        assert got[_line(text, fragment)] == [VERIFIED], fragment
    assert got[_line(text, "P_4 =")] == [WRONG]


def test_a_numbered_list_with_a_flatten_step_in_spanish():
    h3 = _side(nn.Sequential(nn.Conv2d(1, 4, 5), nn.ReLU(), nn.MaxPool2d(2, 2)), (1, 1, 28, 28))
    p5 = _count(nn.Linear(4 * h3 * h3, 10))  # 5770 (h3 = 12)
    text = (
        "# Apuntes de la práctica 3\n\n"
        "La red recibe imágenes de $1 \\times 28 \\times 28$:\n\n"
        "1. Convolución: 4 filtros $5 \\times 5$, paso 1, sin relleno\n"
        "2. ReLU\n"
        "3. Max-pooling $2 \\times 2$, paso 2\n"
        "4. Aplanar\n"
        "5. Capa densa de 10 salidas\n\n"
        "Todas las capas tienen sesgo.\n\n"
        f"Tras la capa 3 el lado de la salida es $H_3 = 24 / 2 = {h3}$.\n\n"
        f"La capa densa tiene $P_5 = {4 * h3 * h3} \\cdot 10 = {p5 - 10}$ parámetros.\n\n"
        "El lado de la salida de la capa 1 es $H_1 = 28 - 5 = 23$.\n"
    )
    got = _verdicts(text)
    assert got[_line(text, "H_3 =")] == [VERIFIED]
    assert got[_line(text, "P_5 =")] == [WRONG]
    assert got[_line(text, "H_1 =")] == [WRONG]
