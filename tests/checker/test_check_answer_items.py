# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Sizes and counts whose layer is stated elsewhere than beside them, on notes written here:
an answer collected below the exercises (answer_items.py), a layer given as a one-row or
one-setting-per-row table (settings_table.py), the map a layer "is applied to" or
"receives" (scope_facts), parameters named in the lexicon's languages (layer_counts).
Truth: torch layers run on a tensor of the stated side, parameter counts of torch modules."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _statuses(text: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for v in check_text(text, "notes.md").verdicts:
        out.setdefault(v.line, []).append(v.status)
    return out


def _side(layer: torch.nn.Module, side: int, channels: int) -> int:
    with torch.no_grad():
        return layer(torch.zeros(1, channels, side, side)).shape[-1]


def _params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _line(text: str, piece: str) -> int:
    return next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)


# ---------------------------------------------------------------- answers keyed by number
def _sheet(title: str, problems: list[str], answers: str, solved: list[str]) -> str:
    """A title, the problems, an answers title and the answers, a blank line between each."""
    return "\n\n".join([title, *problems, answers, *solved])


def _textbook(first: int, second: int, third: int) -> str:
    return _sheet(
        "# 4.3 Problems: output shapes",
        [
            "**Problem 4.3.1.** A convolution with kernel 3, stride 1 and padding 1 is applied to a $20 \\times 20$ feature map. Give the output height.",
            "**Problem 4.3.2.** A $5 \\times 5$ convolution with stride 2 and no padding receives a $21 \\times 21$ map. Give the output height.",
            "**Problem 4.3.3.** A transposed convolution with kernel 4, stride 2 and padding 1 is applied to a $6 \\times 6$ input. Give the output height.",
        ],
        "## Solutions",
        [
            f"**4.3.1.** $H' = 20 + 2 \\cdot 1 - 3 + 1 = {first}$.",
            f"**4.3.2.** $H' = \\lfloor (21 - 5)/2 \\rfloor + 1 = {second}$.",
            f"**4.3.3.** $H' = (6 - 1) \\cdot 2 - 2 + 4 = {third}$.",
        ],
    )


def test_an_answer_is_judged_under_its_own_problem() -> None:
    first = _side(torch.nn.Conv2d(1, 1, 3, stride=1, padding=1), 20, 1)
    second = _side(torch.nn.Conv2d(1, 1, 5, stride=2), 21, 1)
    third = _side(torch.nn.ConvTranspose2d(1, 1, 4, stride=2, padding=1), 6, 1)
    assert (first, second, third) == (20, 9, 12)
    right = _textbook(first, second, third)
    found = _statuses(right)
    for piece in ("**4.3.1.**", "**4.3.2.**", "**4.3.3.**"):
        assert found[_line(right, piece)] == [VERIFIED], piece
    # each answer wrong by one: caught against its own problem's layer
    wrong = _textbook(first + 1, second - 1, third + 2)
    found = _statuses(wrong)
    for piece in ("**4.3.1.**", "**4.3.3.**"):
        assert WRONG in found[_line(wrong, piece)], piece


def test_an_answer_never_takes_the_last_problem_above_it() -> None:
    # answer 1 is right for its problem (kernel 3, padding 1: 20 stays 20); the last problem
    # above the answers (kernel 5, stride 2) would make it wrong
    text = _textbook(20, 9, 12)
    line = _line(text, "**4.3.1.**")
    assert WRONG not in _statuses(text)[line]


def _hoja(side: int, count: int) -> str:
    return _sheet(
        "# Hoja 6: tamaños y parámetros",
        [
            "**Ejercicio 1.** La capa `nn.Conv2d(8, 16, kernel_size=3, stride=2, padding=1)` recibe un mapa de $15 \\times 15$. ¿Qué lado tiene la salida?",
            "**Ejercicio 2.** Una convolución $3 \\times 3$ con paso 1 y relleno 1 se aplica a un mapa de $9 \\times 9$. ¿Qué lado tiene la salida?",
        ],
        "### Soluciones",
        [
            f"**Solución 1.** $H_{{out}} = \\lfloor (15 + 2 - 3)/2 \\rfloor + 1 = {side}$.",
            f"**Solución 2.** $H_{{out}} = 9 + 2 - 3 + 1 = {count}$.",
        ],
    )


def test_answers_under_a_spanish_title_with_their_own_word() -> None:
    first = _side(torch.nn.Conv2d(8, 16, 3, stride=2, padding=1), 15, 8)
    second = _side(torch.nn.Conv2d(1, 1, 3, padding=1), 9, 1)
    assert (first, second) == (8, 9)
    text = _hoja(first, second)
    found = _statuses(text)
    assert found[_line(text, "Solución 1.")] == [VERIFIED]
    assert found[_line(text, "Solución 2.")] == [VERIFIED]
    text = _hoja(first - 1, second)  # 7: the ceiling of 14/2 without the + 1
    assert WRONG in _statuses(text)[_line(text, "Solución 1.")]


def test_an_answer_whose_number_no_problem_carries_reads_no_other_problem() -> None:
    text = "\n".join(
        [
            "# Drill",
            "",
            "**Exercise 1.** A convolution with kernel 5, stride 1 and no padding is applied to a $12 \\times 12$ map.",
            "",
            "## Answers",
            "",
            "**7.** $H_{out} = 12 - 3 + 1 = 10$.",
        ]
    )
    # answer 7 answers no exercise written here: exercise 1's layer (12 - 5 + 1 = 8) is
    # not its layer, so it is neither verified nor called wrong
    assert set(_statuses(text).get(7, [NOT_UNDERSTOOD])) <= {NOT_UNDERSTOOD}


# ---------------------------------------------------------------- a layer as a table
def test_a_layer_given_as_a_one_row_table() -> None:
    truth = _side(torch.nn.Conv2d(1, 1, 3, stride=2, padding=2, dilation=2), 19, 1)
    assert truth == 10  # floor((19 + 4 - 4 - 1)/2) + 1
    for wrote, status in ((truth, VERIFIED), (truth + 1, WRONG)):
        text = "\n".join(
            [
                "# Quiz",
                "",
                "**Q1.** The layer is given by the table below. How high is its output?",
                "",
                "| input | kernel | stride | padding | dilation |",
                "|---|---|---|---|---|",
                "| 19 | 3 | 2 | 2 | 2 |",
                "",
                f"*Answer:* $H_{{out}} = \\lfloor (19 + 4 - 4 - 1)/2 \\rfloor + 1 = {wrote}$.",
            ]
        )
        assert _statuses(text)[9] == [status], wrote


def test_a_layer_given_one_setting_per_row() -> None:
    truth = _side(torch.nn.Conv2d(1, 1, 5, stride=3, padding=1), 28, 1)
    assert truth == 9  # floor((28 + 2 - 5)/3) + 1
    for wrote, status in ((truth, VERIFIED), (truth - 1, WRONG)):
        text = "\n".join(
            [
                "## Aufgabe 3",
                "",
                "| Größe | Wert |",
                "|---|---|",
                "| Eingabe | 28 |",
                "| Kern | 5 |",
                "| Schrittweite | 3 |",
                "| Padding | 1 |",
                "",
                f"Die Ausgabe hat die Seitenlänge $H_{{out}} = \\lfloor (28 + 2 - 5)/3 \\rfloor + 1 = {wrote}$.",
            ]
        )
        assert _statuses(text)[10] == [status], wrote


# ---------------------------------------------------------------- parameters in more languages
def test_parameters_named_in_catalan_and_polish() -> None:
    std = _params(torch.nn.Conv2d(32, 48, 3, padding=1))
    point = _params(torch.nn.Conv2d(32, 48, 1))
    assert (std, point) == (13872, 1584)
    for title, lead in (
        ("## Nombre de paràmetres", "- Estàndard"),
        ("## Liczba parametrów", "- Zwykła"),
    ):
        text = "\n".join(
            [
                "# Separable",
                "",
                "| capa | definició |",
                "|---|---|",
                "| estàndard | `Conv2d(32, 48, 3, padding=1)` |",
                "| pointwise | `Conv2d(32, 48, 1)` |",
                "",
                title,
                "",
                f"{lead}: $P_{{\\text{{std}}}} = 9 \\cdot 32 \\cdot 48 + 48 = {std}$.",
                f"- Pointwise: $P_{{\\text{{pw}}}} = 32 \\cdot 48 = {point - 48}$.",
            ]
        )
        found = _statuses(text)
        assert found[10] == [VERIFIED], title
        assert found[11] == [WRONG], title  # the 48 biases left out


def _german(conv: int, up: int) -> tuple[str, str, str]:
    text = _sheet(
        "# Übungsblatt 5",
        [
            "**Aufgabe 1.** Eine $3 \\times 3$-Faltung mit Schrittweite 2 und Padding 1 wird auf eine $28 \\times 28$-Eingabe angewendet. Wie groß ist die Ausgabe?",
            "**Aufgabe 2.** Eine transponierte Faltung mit Kern 2, Schrittweite 2 und ohne Padding erhält eine $7 \\times 7$-Eingabe. Wie groß ist die Ausgabe?",
        ],
        "## Lösungen",
        [
            f"**Lösung zu Aufgabe 1.** $H_{{out}} = \\lfloor (28 + 2 - 3)/2 \\rfloor + 1 = {conv}$.",
            f"**Lösung zu Aufgabe 2.** $H_{{out}} = (7 - 1) \\cdot 2 + 2 = {up}$.",
        ],
    )
    return text, "Lösung zu Aufgabe 1.", "Lösung zu Aufgabe 2."


def _lista(valid: int, strided: int) -> tuple[str, str, str]:
    text = _sheet(
        "# Lista 3",
        [
            "1) Uma convolução $5 \\times 5$ com passo 1 e sem preenchimento é aplicada a um mapa de $12 \\times 12$. Qual é o lado da saída?",
            "2) Uma convolução $3 \\times 3$ com passo 3 e preenchimento 0 é aplicada a um mapa de $12 \\times 12$. Qual é o lado da saída?",
        ],
        "### Respostas",
        [
            f"1) $H_{{out}} = 12 - 5 + 1 = {valid}$.",
            f"2) $H_{{out}} = (12 - 3)/3 + 1 = {strided}$.",
        ],
    )
    return text, "1) $H", "2) $H"


@pytest.mark.parametrize(
    ("sheet", "first", "second"),
    [
        # torch: Conv2d(k=3, s=2, p=1) on 28 gives 14; ConvTranspose2d(k=2, s=2) on 7 gives 14
        (
            _german,
            (torch.nn.Conv2d(1, 1, 3, stride=2, padding=1), 28),
            (torch.nn.ConvTranspose2d(1, 1, 2, stride=2), 7),
        ),
        # torch: Conv2d(k=5) on 12 gives 8; Conv2d(k=3, s=3) on 12 gives 4
        (_lista, (torch.nn.Conv2d(1, 1, 5), 12), (torch.nn.Conv2d(1, 1, 3, stride=3), 12)),
    ],
)
def test_solutions_to_numbered_tasks_in_german_and_a_portuguese_list(sheet, first, second) -> None:
    a, b = _side(first[0], first[1], 1), _side(second[0], second[1], 1)
    text, one, two = sheet(a, b + 1)  # the second answer one too many
    found = _statuses(text)
    assert found[_line(text, one)] == [VERIFIED]
    assert found[_line(text, two)] == [WRONG]


# ---------------------------------------------------------------- a formula's own sentence
@pytest.mark.parametrize(
    "sentence",
    [
        "A $3 \\times 3$ convolution with stride 2 and padding 1 turns the $17 \\times 17$ grid into a smaller one: $H_{out} = \\lfloor (17 + 2 - 3)/2 \\rfloor + 1 = 9$.",
        "Una convolución $3 \\times 3$ con paso 2 y relleno 1 convierte la rejilla de $17 \\times 17$ en otra menor: $H_{out} = \\lfloor (17 + 2 - 3)/2 \\rfloor + 1 = 9$.",
    ],
)
def test_a_size_is_never_judged_under_a_layer_its_sentence_contradicts(sentence: str) -> None:
    # torch: the sentence's layer gives 9 (right); the stride-1 layer built below would give 17
    assert _side(torch.nn.Conv2d(1, 1, 3, stride=2, padding=1), 17, 1) == 9
    assert _side(torch.nn.Conv2d(3, 16, 3, stride=1, padding=1), 17, 3) == 17
    text = "\n".join(
        [
            "# Sizes",
            "",
            sentence,
            "",
            "The layer `nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)` receives an $8 \\times 8$ map, so $H_{out} = 8 + 2 - 3 + 1 = 8$.",
        ]
    )
    assert WRONG not in _statuses(text)[3]


# ---------------------------------------------------------------- a total is no one layer's count
@pytest.mark.parametrize(
    "total",
    [
        "- Total of the separable block: $576 + 4096 = 4672$.",
        "- Insgesamt hat der Block $576 + 4096 = 4672$ Parameter.",
        "- Tổng khối tách rời: $576 + 4096 = 4672$.",
    ],
)
def test_a_total_is_not_the_count_of_the_layer_in_the_line_above(total: str) -> None:
    depthwise = _params(torch.nn.Conv2d(64, 64, 3, groups=64, bias=False))
    pointwise = _params(torch.nn.Conv2d(64, 64, 1, bias=False))
    assert (depthwise, pointwise, depthwise + pointwise) == (576, 4096, 4672)
    text = "\n".join(
        [
            "# Separable block",
            "",
            "- Depthwise `Conv2d(64, 64, 3, groups=64, bias=False)`: 576 parameters, tham số, Parameter.",
            "- Pointwise `Conv2d(64, 64, 1, bias=False)`: 4096 parameters, tham số, Parameter.",
            total,
        ]
    )
    assert WRONG not in _statuses(text).get(5, [])
