"""What the notes state, read without taking a mistake's or another matrix's words for the
layer: a summary table under its real header, "que es la fórmula de paso 1" after a shown
mistake, "la matriz 6x6" of a named matrix, a decorated letter defined in words, the
original 32x32 LeNet against symconv's 28x28 one.  Truth from torch and hand work.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.network_guess import other_network_input
from symconv.checker.prose import prose_facts
from symconv.checker.prose_names import prose_defined_letter
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.sentence_config import names_a_shown_formula


def _by_line(text: str, settings: dict[str, str] | None = None) -> dict[int, str]:
    found = check_text(text, "notes.md", settings).verdicts
    return {v.line: v.status for v in found if v.status != "assumed"}


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# ---------------------------------------------------------------- tables
@pytest.mark.parametrize("separator", ["|---|---|---|", "| :--- | :---: | ---: |", "|--|--|--|"])
def test_a_table_is_read_under_its_header_row(separator: str) -> None:
    conv3 = torch.nn.Conv2d(6, 16, 5)  # LeNet-5's C3: every filter sees the 6 maps of S2
    assert _count(conv3) == 2416 != 16 * (5 * 5 + 1)
    text = (
        "# LeNet-5 (symconv's, 28x28 input)\n\n"
        "| Layer | Output | Parameters |\n"
        f"{separator}\n"
        "| C3 | $10\\times 10\\times 16$ | $16\\cdot(5\\cdot 5 + 1) = 416$ |\n"
        "| S4 | $5\\times 5\\times 16$ | none |\n"
        "| F6 | $84$ | $84\\cdot 120 + 84 = 10164$ |\n"
    )
    assert _count(torch.nn.Linear(120, 84)) == 10164
    found = _by_line(text, {"network": "lenet"})
    assert (found[5], found[6], found[7]) == (WRONG, VERIFIED, VERIFIED), found


def test_a_table_whose_header_names_no_column_checked_gives_no_verdict() -> None:
    text = "# LeNet-5\n\n| Layer | Remark | Notes |\n|---|---|---|\n| C3 | big | $416$ |\n"
    assert 5 not in _by_line(text, {"network": "lenet"})


# ---------------------------------------------------------------- mistakes' words
@pytest.mark.parametrize(
    "line",
    [
        "que es la fórmula de paso 1 sin relleno.",
        "which is the formula for stride 1 and no padding.",
        "This is the version with stride 1.",
    ],
)
def test_a_clause_naming_a_shown_formulas_case(line: str) -> None:
    assert names_a_shown_formula(line)


def test_a_statement_of_the_layer_is_no_shown_formula() -> None:
    assert not names_a_shown_formula("El paso es 2 y el relleno es 1.")
    assert not names_a_shown_formula("The layer has stride 2, padding 1.")


def test_a_named_matrix_size_is_not_a_role() -> None:
    line = (
        "pero eso da $5\\times 5$ y la entrada es $6\\times 6$. Falta la fila 6 (la última "
        "ventana llega hasta $x_{6j}$). Sea $\\hat\\Delta$ la matriz $6\\times 6$ que sale."
    )
    assert [f for f in prose_facts(line) if f[0] == "kernel"] == []
    assert ("input", "6x6", "prose") in prose_facts(line)


_PASO2 = (
    "# Paso 2\n\nLa entrada es una imagen de $6\\times 6$ con píxeles $x_{{ij}}$, el filtro "
    "es de $3\\times 3$ con pesos $w_{{mn}}$, y hay un sesgo $b$. El paso es 2 y el relleno "
    "es 1. La salida es $y_{{ij}}$ y el error es $E$.\n\n## Gradientes\n\n"
    "$$\\frac{{\\partial E}}{{\\partial b}} = \\sum_{{i=1}}^{{3}}\\sum_{{j=1}}^{{3}} "
    "\\frac{{\\partial E}}{{\\partial y_{{ij}}}}$$\n\n**Error típico**: escribir\n\n"
    "$$\\frac{{\\partial E}}{{\\partial w_{{mn}}}} = \\sum_{{i=1}}^{{3}}\\sum_{{j=1}}^{{3}} "
    "\\frac{{\\partial E}}{{\\partial y_{{ij}}}}\\, x_{{i+m-1,\\,j+n-1}}$$\n\n"
    "{clause}\n"
)


@pytest.mark.parametrize(
    "clause",
    ["que es la fórmula de paso 1 sin relleno.", "which is the formula for stride 1."],
)
def test_the_mistakes_case_does_not_become_the_layer(clause: str) -> None:
    x = torch.randn(1, 1, 6, 6, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b, stride=2, padding=1)
    assert y.shape[-1] == 3  # the bias sum over i, j = 1..3 covers the whole output
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(b.grad, g.sum().reshape(1))
    found = list(_by_line(_PASO2.format(clause=clause)).values())
    assert found[0] == VERIFIED and found[1] == WRONG, found


# ---------------------------------------------------------------- names in words
@pytest.mark.parametrize(
    ("document", "claim", "letter"),
    [
        (
            "Sea $\\hat\\Delta$ la matriz $6\\times 6$.",
            "\\operatorname{pad}_1(\\hat\\Delta)",
            "\\hat\\Delta",
        ),
        ("Let $\\tilde G$ be $G$ dilated by 2.", "\\tilde G \\star W", "\\tilde G"),
        ("$\\bar X$ denotes the cropped input.", "\\bar{X} \\star G", "\\bar{X}"),
    ],
)
def test_a_decorated_letter_defined_in_words(document: str, claim: str, letter: str) -> None:
    assert prose_defined_letter(claim, document) == letter


def test_an_undefined_decoration_is_left_to_the_other_readers() -> None:
    assert prose_defined_letter("\\tilde X \\star W", "The padded input is $\\tilde X$.") is None


def test_a_claim_with_a_worded_letter_is_not_judged() -> None:
    text = (
        "# Paso 2\n\nLa entrada es de $6\\times 6$, el filtro de $3\\times 3$, paso 2, "
        "relleno 1. Sea $\\Delta$ la matriz de los $\\frac{\\partial E}{\\partial y_{ij}}$ y "
        "$W$ la de los pesos.\n\nSea $\\hat\\Delta$ la matriz $6\\times 6$ que sale de dilatar "
        "$\\Delta$ y añadirle una fila y una columna de ceros al final.\n\n"
        "$$\\frac{\\partial E}{\\partial X} = \\operatorname{pad}_1(\\hat\\Delta) \\star "
        "\\operatorname{rot}_{180}(W)$$\n"
    )
    assert list(_by_line(text).values())[-1] == NOT_UNDERSTOOD


# ---------------------------------------------------------------- the notes' LeNet
def test_the_original_lenet_input_is_not_symconvs() -> None:
    # the original C1: 32x32 valid; symconv's: 28x28 padded by 2 -- same 28x28 output
    original = torch.nn.Conv2d(1, 6, 5)
    padded = torch.nn.Conv2d(1, 6, 5, padding=2)
    assert original(torch.zeros(1, 1, 32, 32)).shape == padded(torch.zeros(1, 1, 28, 28)).shape
    doc = "## Q1. LeNet-5 (input $32\\times 32$ grayscale, valid convolutions)"
    assert other_network_input(doc, (1, 28, 28)) is not None
    assert other_network_input("LeNet-5 on a 28x28 input image.", (1, 28, 28)) is None
    assert other_network_input("LeNet-5, nothing said of sizes.", (1, 28, 28)) is None
