"""A quiz states one layer per question: sizes and counts bound to their question's layer in
German ("Eingabe 32×32×3, sechs Filter 5×5, Schrittweite 1, kein Padding"), a question that
asks about "diese Schicht" / "this layer" / "esta capa" of the question before it, and a
setting in the next sentence of the claim's line ("Mit `output_padding=1`: ...") that
belongs to the next claim only.  Truth: torch modules' output shapes and parameter counts."""

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


def _count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _side(module: nn.Module, channels: int, side: int) -> int:
    return int(module(torch.zeros(1, channels, side, side)).shape[-1])


CONV_DE = nn.Conv2d(3, 6, 5)  # Eingabe 32×32×3, sechs Filter 5×5
CONV_ES = nn.Conv2d(1, 4, 3, padding=1)  # entrada 10x10 en gris, 4 filtros 3x3, relleno 1
TRANSPOSED = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)
TRANSPOSED_PAD = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)
assert _side(CONV_DE, 3, 32) == 28 and _count(CONV_DE) == 456

KURZTEST = f"""# Kurztest 2 – Lösungen

**1.** Eingabe 32×32×3, sechs Filter 5×5, Schrittweite 1, kein Padding. Ausgabehöhe?
$H_{{out}} = 32 - 5 + 1 = {_side(CONV_DE, 3, 32)}$

**2.** Wie viele Parameter hat diese Schicht (mit Bias)?
$6 \\cdot (5 \\cdot 5 \\cdot 3 + 1) = {_count(CONV_DE)}$

**3.** Transponierte Faltung, Eingabe 4×4, Kern 3, Schrittweite 2, Padding 1:
$H_{{out}} = (4-1)\\cdot 2 - 2 + 3 = {_side(TRANSPOSED, 1, 4)}$. Mit `output_padding=1`: \
$(4-1)\\cdot 2 - 2 + 3 + 1 = {_side(TRANSPOSED_PAD, 1, 4)}$
"""


def test_a_german_question_states_its_layer() -> None:
    assert _of(_verdicts(KURZTEST), "32 - 5 + 1").status == VERIFIED


def test_diese_schicht_is_the_layer_of_the_question_before() -> None:
    assert _of(_verdicts(KURZTEST), f"= {_count(CONV_DE)}").status == VERIFIED


def test_a_setting_after_the_claim_belongs_to_the_next_claim() -> None:
    found = _verdicts(KURZTEST)
    assert _of(found, "- 2 + 3 = 7").status == VERIFIED  # no output padding: 7
    assert _of(found, "+ 3 + 1 = 8").status != WRONG  # with it: 8 (never the 7 of the first)


QUIZ_ES = """# Quiz 3 (soluciones)

**P1.** Una entrada de 10x10 en escala de grises pasa por 4 filtros de 3x3, paso 1 y relleno 1.
¿Tamaño de la salida? $10 + 2 - 3 + 1 = 10$

**P2.** ¿Cuántos parámetros tiene esta capa, con sesgo?
$4 \\cdot 3 \\cdot 3 = 36$
"""


def test_a_count_of_the_previous_questions_layer_that_forgets_the_bias_is_wrong() -> None:
    assert _side(CONV_ES, 1, 10) == 10 and _count(CONV_ES) == 40
    verdict = _of(_verdicts(QUIZ_ES), "= 36")
    assert verdict.status == WRONG
    assert verdict.message.startswith(f"{_count(CONV_ES)}, not 36")


QUIZ_EN = """# Quiz 5

**Q1.** A $12 \\times 12$ input, 8 filters of size $5 \\times 5$ over 2 input channels,
stride 1, no padding.

**Q2.** How many parameters does this layer have, with a bias per filter?
$8 \\cdot 5 \\cdot 5 \\cdot 2 + 8 = 408$

**Q3.** How many parameters does a layer have? $3 \\cdot 3 + 1 = 10$
"""


def test_this_layer_in_english_and_a_question_naming_no_layer() -> None:
    assert _count(nn.Conv2d(2, 8, 5)) == 408
    found = _verdicts(QUIZ_EN)
    assert _of(found, "= 408").status == VERIFIED
    assert _of(found, "= 10").status == NOT_UNDERSTOOD  # no layer named: never judged


DENSE = nn.Linear(400, 120)
DENSE_DE = """# Kurztest 4

**8.** Nach der zweiten Faltung liegt 5×5×16 vor; nach dem Flatten 400 Werte. Parameter der
Schicht 400 → 120: $P = 400 \\cdot 120 = 48000$
"""


def test_a_dense_layer_by_its_widths_beside_a_convolution_named_for_context() -> None:
    verdict = _of(_verdicts(DENSE_DE), "= 48000")
    assert verdict.status == WRONG  # a bias per output unless the notes say otherwise
    assert verdict.message.startswith(f"{_count(DENSE)}, not 48000")  # 48120


ISSUE = """# grad_input has the wrong shape #12

Setup: batch N = 2, C = 3 input channels, 7x7 inputs, F = 4 filters of size 3x3, stride 2,
padding 1.

---

**comment by a maintainer**

Fixed. Side note for the docs: the layer has $4 \\cdot 3 \\cdot 3 \\cdot 3 + 4 = 112$
parameters.
"""
ISSUE_CONV = nn.Conv2d(3, 4, 3, stride=2, padding=1)


def test_the_layer_of_an_issue_is_the_one_its_opening_post_states() -> None:
    assert _count(ISSUE_CONV) == 112
    assert _of(_verdicts(ISSUE), "= 112").status == VERIFIED
    forgot = ISSUE.replace("4 \\cdot 3 \\cdot 3 \\cdot 3 + 4 = 112", "4 \\cdot 3 \\cdot 3 + 4 = 40")
    verdict = _of(_verdicts(forgot), "= 40")
    assert verdict.status == WRONG and verdict.message.startswith("112, not 40")


NOTAS = """# Notas

Una capa con 6 canales de entrada y 16 filtros de 5x5, paso 1, sin relleno.

Cuenta: la capa tiene $16 \\cdot 5 \\cdot 5 \\cdot 6 + 16 = 2416$ parámetros.

Otra capa con 16 canales de entrada y 32 filtros de 3x3: la capa tiene $32 \\cdot 9 + 32 = 320$
parámetros.
"""


def test_la_capa_is_read_only_where_the_notes_state_one_layer() -> None:
    assert _count(nn.Conv2d(6, 16, 5)) == 2416
    found = _verdicts(NOTAS)
    assert _of(found, "= 2416").status != WRONG
    # the second sentence states its own layer (16 canales, 32 filtros de 3x3): 320 is not
    # its count, whatever "la capa" of the section would be
    other = _of(found, "= 320")
    assert other.status == WRONG and str(_count(nn.Conv2d(16, 32, 3))) in other.message
    one = NOTAS.split("\nOtra capa")[0]
    assert _of(_verdicts(one), "= 2416").status == VERIFIED
