# ruff: noqa: E501  (the notes keep their paragraphs on one line, as Markdown writers do)
"""Right claims that were called wrong, each closed and tested on notes written for it.

* The strided input gradient pad_{k-1}(dilate_s(G)) correlated with the turned kernel is
  dL/dX exactly where the windows reach the last row and column (s divides H - k).  A
  section that says so in words ("sizes where the last window ends on the last row") is
  that case: verified there; a section that states no case leaves the claim not
  understood (never wrong for the rows no window reads); dropping the dilation stays wrong.
* A padding letter of the notes' notation ("zero padding $p$") under a lead-in that states
  the stride's case alone, for a claim that writes no padding: not understood (which layer
  is meant is a guess); the same mistake as above stays wrong.
* A multiply count without a batch letter, in notes that speak of no batch, counts one
  image's products; ``H_{out}^2`` is a square output.  Forgetting a factor stays wrong, and
  so does leaving N out where the notes count a batch.
* "Let $Y = X \\star_s W$ be a convolution ..." defines Y: never called wrong.

Truth: torch autograd (conv2d, its input gradient) and products counted with NumPy.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _at(text: str, line: int) -> list[str]:
    return [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]


def _input_gradient(
    h: int, k: int, s: int, p: int = 0, dilate: bool = True, turn: bool = True
) -> bool:
    """Whether pad_{k-1}(dilate_s(G)) (or pad_{k-1}(G)) correlated with rot180(W) (or W
    unturned) is dL/dX of a convolution with stride s and padding p (torch autograd)."""
    x = torch.randn(1, 1, h, h, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64)
    y = F.conv2d(x, w, stride=s, padding=p)
    g = torch.randn_like(y)
    y.backward(g)
    if dilate:
        g = F.conv_transpose2d(g, torch.ones(1, 1, 1, 1, dtype=torch.float64), stride=s)
    full = F.conv2d(F.pad(g, (k - 1,) * 4), torch.flip(w, (2, 3)) if turn else w)
    return full.shape == x.shape and torch.allclose(full, x.grad)


RIGHT = "\\operatorname{pad}_{k-1}(\\operatorname{dilate}_s(G)) \\star \\operatorname{rot}_{180}(W)"
UNDILATED = "\\operatorname{pad}_{k-1}(G) \\star \\operatorname{rot}_{180}(W)"
# the kernel not turned: wrong at every size, the fitting ones too
UNTURNED = "\\operatorname{pad}_{k-1}(\\operatorname{dilate}_s(G)) \\star W"

FITTING = {
    "en": """# Strided backward

Input $X$ of side $H$, kernel $W$ of side $k$, stride $s$, no padding, $G = \\partial L / \\partial Y$; $\\star$ is valid cross-correlation, $\\operatorname{{rot}}_{{180}}$ turns both axes.

## The input gradient

For stride $s$ (only at sizes whose last window ends on the last row and column):

$$\\frac{{\\partial L}}{{\\partial X}} = {formula}$$
""",
    "es": """# Retropropagación con paso

Entrada $X$ de lado $H$, filtro $W$ de lado $k$, paso $s$, sin relleno, $G = \\partial L / \\partial Y$; $\\star$ es la correlación cruzada válida, $\\operatorname{{rot}}_{{180}}$ gira ambos ejes.

## El gradiente de la entrada

Con paso $s$ (tamaños en los que la última ventana termina en la última fila y columna):

$$\\frac{{\\partial L}}{{\\partial X}} = {formula}$$
""",
}


@pytest.mark.parametrize("language", list(FITTING))
def test_a_section_that_states_the_fitting_sizes_verifies_the_strided_gradient(
    language: str,
) -> None:
    assert _input_gradient(8, 2, 2)  # 2 divides 8 - 2: the last window ends on row 8
    assert _input_gradient(7, 3, 2)
    assert not _input_gradient(9, 2, 3)  # 3 does not divide 7: the last row is unread
    assert not _input_gradient(8, 2, 2, dilate=False)
    assert not _input_gradient(8, 2, 2, turn=False)
    assert _at(FITTING[language].format(formula=RIGHT), 9) == [VERIFIED]
    assert _at(FITTING[language].format(formula=UNTURNED), 9) == [WRONG]


UNSTATED = {
    "en": """# Strided backward

$\\star$ is valid cross-correlation, $\\operatorname{{rot}}_{{180}}$ turns both axes.

## The input gradient

Take a convolution $Y$ of $X$ with $W$ (side $k$), stride $s$, one channel and no padding, and $G = \\partial L / \\partial Y$. Then

$$\\frac{{\\partial L}}{{\\partial X}} = {formula}$$
""",
    "de": """# Rückwärtsrechnung mit Schrittweite

$\\star$ ist die gültige Kreuzkorrelation, $\\operatorname{{rot}}_{{180}}$ dreht beide Achsen.

## Der Gradient der Eingabe

Wir nehmen eine Faltung $Y$ von $X$ mit $W$ (Seite $k$), Schrittweite $s$, ein Kanal, kein Padding, und $G = \\partial L / \\partial Y$. Dann gilt

$$\\frac{{\\partial L}}{{\\partial X}} = {formula}$$
""",
}


@pytest.mark.parametrize("language", list(UNSTATED))
def test_rows_no_window_reads_make_no_false_alarm(language: str) -> None:
    assert _input_gradient(7, 3, 2) and not _input_gradient(9, 2, 3)
    assert not _input_gradient(7, 3, 2, turn=False)  # unturned: wrong where s fits too
    found = check_text(UNSTATED[language].format(formula=RIGHT), "notes.md").verdicts
    at = [v for v in found if v.line == 9]
    assert [v.status for v in at] == [NOT_UNDERSTOOD], at
    assert WRONG not in _at(UNSTATED[language].format(formula=RIGHT), 9)
    assert _at(UNSTATED[language].format(formula=UNTURNED), 9) == [WRONG]


NOTATION_PADDING = {
    "en": """# Conv backward

**Notation.** Input $X$ of side $H$, kernel $W$ of side $k$, stride $s$, zero padding $p$, output $Y$, $G = \\partial L / \\partial Y$; $\\star$ is valid cross-correlation, $\\operatorname{{rot}}_{{180}}$ turns both axes.

## Strides

With stride $s$ (sizes where the last window ends on the last row and column):

$$\\frac{{\\partial L}}{{\\partial X}} = {formula}$$
""",
    "es": """# Retropropagación de la convolución

**Notación.** Entrada $X$ de lado $H$, filtro $W$ de lado $k$, paso $s$, relleno $p$, salida $Y$, $G = \\partial L / \\partial Y$; $\\star$ es la correlación cruzada válida, $\\operatorname{{rot}}_{{180}}$ gira los dos ejes.

## Paso

Con paso $s$ (tamaños en los que la última ventana termina en la última fila y columna):

$$\\frac{{\\partial L}}{{\\partial X}} = {formula}$$
""",
}


@pytest.mark.parametrize("language", list(NOTATION_PADDING))
def test_a_notation_padding_the_lead_in_leaves_out_is_not_guessed(language: str) -> None:
    assert _input_gradient(8, 2, 2, p=0)
    assert not _input_gradient(8, 2, 2, p=1)  # with a padding the formula does not hold
    assert not _input_gradient(8, 2, 2, p=0, turn=False)
    assert _at(NOTATION_PADDING[language].format(formula=RIGHT), 9) == [NOT_UNDERSTOOD]
    assert _at(NOTATION_PADDING[language].format(formula=UNTURNED), 9) == [WRONG]
    assert _at(NOTATION_PADDING[language].format(formula=UNDILATED), 9) == [WRONG]


def _products(n: int, c: int, f: int, k: int, h: int) -> int:
    """The products a direct forward pass (stride 1, no padding) makes, counted."""
    x, w = np.ones((n, c, h, h)), np.ones((f, c, k, k))
    out = h - k + 1
    return sum(
        (x[b, :, i : i + k, j : j + k] * w[o]).size
        for b, o, i, j in itertools.product(range(n), range(f), range(out), range(out))
    )


COSTS = {
    "en": """# Costs

The input has $C_{{in}}$ channels and is square; $C_{{out}}$ filters of side $k$; the square output has side $H_{{out}}$.

Parameters with the biases: $P = C_{{out}}(C_{{in}} k^2 + 1)$. Multiply-adds: $M = {formula}$.
""",
    "de": """# Kosten

Die Eingabe hat $C_{{in}}$ Kanäle und ist quadratisch; $C_{{out}}$ Filter der Seite $k$; die quadratische Ausgabe hat die Seite $H_{{out}}$.

Parameter mit Bias: $P = C_{{out}}(C_{{in}} k^2 + 1)$. Multiplikationen: $M = {formula}$.
""",
}
BATCH = """# Costs

A batch of $N$ images with $C_{{in}}$ channels; $C_{{out}}$ filters of side $k$; the square output has side $H_{{out}}$.

Multiply-adds: $M = {formula}$.
"""


@pytest.mark.parametrize("language", list(COSTS))
def test_a_multiply_count_without_a_batch_counts_one_image(language: str) -> None:
    for c, f, k, h in itertools.product((1, 2), (1, 3), (1, 2), (3, 4)):
        out = h - k + 1
        assert _products(1, c, f, k, h) == out * out * f * k * k * c
        assert _products(2, c, f, k, h) == 2 * out * out * f * k * k * c
    right = "H_{out}^2\\, C_{out}\\, k^2 C_{in}"
    assert _at(COSTS[language].format(formula=right), 5) == [VERIFIED, VERIFIED]
    forgot = "H_{out}^2\\, C_{out}\\, k\\, C_{in}"  # k, not k^2
    assert _at(COSTS[language].format(formula=forgot), 5) == [VERIFIED, WRONG]
    assert _at(BATCH.format(formula=right), 5) == [WRONG]  # a batch of N: N is missing
    assert _at(BATCH.format(formula=f"N\\, {right}"), 5) == [VERIFIED]


LET = {
    "en": "Let $Y = X \\star_s W$ be a strided convolution (stride $s$, one channel, no padding, $W$ of side $k$) and $G = \\partial L / \\partial Y$.",
    "es": "Sea $Y = X \\star_s W$ una convolución con paso $s$ (un canal, sin relleno, $W$ de lado $k$) y $G = \\partial L / \\partial Y$.",
    "de": "Sei $Y = X \\star_s W$ eine Faltung mit Schrittweite $s$ (ein Kanal, kein Padding, $W$ mit Seite $k$) und $G = \\partial L / \\partial Y$.",
}
TRANSPOSED = """# Transposed convolution

## Sizes

`nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2)` turns a $3 \\times 3$ input into a $6 \\times 6$ output.

## Gradient

{sentence}
"""


@pytest.mark.parametrize("language", list(LET))
def test_a_let_sentence_defines_its_letter(language: str) -> None:
    up = F.conv_transpose2d(torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 2, 2), stride=2)
    assert up.shape[-1] == 6  # the section's layer: Y is 6x6 there, X * W would not be
    text = TRANSPOSED.format(sentence=LET[language])
    assert WRONG not in _at(text, 9)
    stated = TRANSPOSED.format(sentence="Here $Y = X \\star_s W$ holds.")
    assert _at(stated, 9) == [WRONG]  # the same equation stated as a fact is still judged


def test_a_let_sentence_about_a_gradient_is_still_judged() -> None:
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(w.grad, F.conv2d(x, g))  # dL/dW = X * G
    assert not torch.allclose(w.grad, F.conv2d(x, torch.flip(g, (2, 3))))
    text = (
        "# Conv\n\nInput $X$ of $4 \\times 4$, kernel $W$ of $2 \\times 2$, stride 1, no padding, "
        "no bias, $Y = X \\star W$ with $\\star$ the valid cross-correlation and $G = \\partial L / \\partial Y$.\n\n"
        "Let $\\frac{{\\partial L}}{{\\partial W}} = X \\star {g}$ be the weight gradient.\n"
    )
    assert _at(text.format(g="G"), 5) == [VERIFIED]
    assert _at(text.format(g="\\operatorname{rot}_{180}(G)"), 5) == [WRONG]


GENERAL = {
    "en": """# Strided backward

$\\star$ is valid cross-correlation, $\\operatorname{rot}_{180}$ turns both axes.

## The input gradient

For any stride $s$ (one channel, no padding, $W$ of side $k$, $G = \\partial L / \\partial Y$):

$$\\frac{\\partial L}{\\partial X} = FORMULA$$
""",
    "es": """# Retropropagación con paso

$\\star$ es la correlación cruzada válida, $\\operatorname{rot}_{180}$ gira ambos ejes.

## El gradiente de la entrada

Para cualquier paso $s$ (un canal, sin relleno, $W$ de lado $k$, $G = \\partial L / \\partial Y$):

$$\\frac{\\partial L}{\\partial X} = FORMULA$$
""",
}


@pytest.mark.parametrize("language", list(GENERAL))
def test_a_formula_claimed_for_every_stride_is_wrong_where_rows_are_unread(
    language: str,
) -> None:
    assert not _input_gradient(9, 2, 3)  # stride 3 on 9 rows, kernel 2: the last row unread
    assert _at(GENERAL[language].replace("FORMULA", RIGHT), 9) == [WRONG]
