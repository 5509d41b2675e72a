# ruff: noqa: E501  (the notes' sentences are kept as people write them)
"""A worked example's bias set to zero in words (zero_bias_prose.py): "the bias $b$ is
initialized to zero", "el sesgo $b$ es igual a cero".  The example's entry is then the
window's sum with no bias, and a formula that leaves b out is that entry at the example's
numbers; it was called wrong for a "missing b".  The truth is torch's conv2d with bias 0
at the notes' numbers.  A wrong number is still wrong; a bias said to be one (words the
reader does not take for zero) never lets the formula without b pass.  English and Spanish
notes."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.zero_bias_prose import zero_bias_line
from tests.checker.line_verdicts import statuses

X = [[1.0, 2, 0], [-1, 3, 1], [2, 0, -2]]
W = [[2.0, -1], [1, 1]]


def _y(bias: float) -> list[list[int]]:
    x = torch.tensor(X, dtype=torch.float64)[None, None]
    w = torch.tensor(W, dtype=torch.float64)[None, None]
    out = F.conv2d(x, w, torch.tensor([bias], dtype=torch.float64))[0, 0]
    return [[int(v) for v in row] for row in out.tolist()]


def _bmatrix(m: list[list[float]]) -> str:
    rows = " \\\\ ".join(" & ".join(str(int(v)) for v in row) for row in m)
    return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}"


_FORMULA = "w_{0,0} x_{0,0} + w_{0,1} x_{0,1} + w_{1,0} x_{1,0} + w_{1,1} x_{1,1}"


def _english(said: str, value: int) -> str:
    return f"""# Exercise 5: one output entry by hand

Indices start at 0; the kernel is not flipped (cross-correlation, as in PyTorch).

We apply `nn.Conv2d(1, 1, kernel_size=2)` to the $3 \\times 3$ input below; the bias $b$ is initialized to {said}.

$$X = {_bmatrix(X)}, \\qquad W = {_bmatrix(W)}$$

The top-left entry:

$$y_{{0,0}} = {_FORMULA} = {value}$$
"""


def test_english_zero_bias_in_words() -> None:
    y = _y(0.0)
    assert y[0][0] == 1 * 2 + 2 * -1 + -1 * 1 + 3 * 1  # 2: the top-left window
    assert statuses(_english("zero", y[0][0]), "y_{0,0} =") == ["verified"]
    assert statuses(_english("zero", y[0][0] + 1), "y_{0,0} =") == ["wrong"]


def test_english_bias_one_keeps_b() -> None:
    """b = 1: the entry is y[0][0] + 1, so the formula without b is not it."""
    assert _y(1.0)[0][0] == _y(0.0)[0][0] + 1
    found = statuses(_english("one", _y(0.0)[0][0]), "y_{0,0} =")
    assert found != ["verified"]


def _spanish(value: int) -> str:
    return f"""# Ejercicio: una salida a mano

Índices desde 0; correlación cruzada sin voltear el filtro.

Aplicamos `nn.Conv2d(1, 1, kernel_size=2)` a la entrada $X$ de $3 \\times 3$, con el sesgo $b$ igual a cero.

$$X = {_bmatrix(X)}, \\qquad W = {_bmatrix(W)}$$

La salida abajo a la derecha:

$$y_{{1,1}} = w_{{0,0}} x_{{1,1}} + w_{{0,1}} x_{{1,2}} + w_{{1,0}} x_{{2,1}} + w_{{1,1}} x_{{2,2}} = {value}$$
"""


def test_spanish_zero_bias_in_words() -> None:
    y = _y(0.0)
    assert y[1][1] == 3 * 2 + 1 * -1 + 0 * 1 + -2 * 1  # 3
    assert statuses(_spanish(y[1][1]), "y_{1,1} =") == ["verified"]
    assert statuses(_spanish(y[1][1] - 2), "y_{1,1} =") == ["wrong"]


def test_what_the_words_say() -> None:
    def said(text: str) -> int | None:
        return zero_bias_line(text + "\nclaim", 2)

    assert said("un biais $b$ initialisé à zéro") == 1
    assert said("Der Bias $b$ wird mit Null initialisiert.") == 1
    assert said("the bias is not initialized to zero") is None
    assert said("the bias $b$ is 0.5") is None
    assert said("the bias gradient is zero") is None  # another quantity's zero
    assert zero_bias_line("claim\nthe bias is zero", 1) is None  # only before the claim
