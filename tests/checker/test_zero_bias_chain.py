"""A worked example that sets its bias to 0 and then writes an output entry without it:
``y_1 = w_0 x_2 + w_1 x_3 + w_2 x_4 = 5`` after ``b = 0`` (formula_then_number.
with_given_zero_bias).  The formula leaves b out because it is 0; the bias is put to 0 in the
layer's entry, the formula is then judged for every input and the number at the notes'
numbers.  A bias of 1 keeps b in the entry: leaving it out is no longer the entry.  English
1-D stride-2 notes and German 2-D notes; the truth is torch's conv1d / conv2d at the notes'
numbers, slips put in by hand (never verified: the reading only verifies)."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from tests.checker.line_verdicts import statuses, statuses_by_line

X1 = [3.0, 1, -2, 4, 0, 2, -1]
W1 = [2.0, -1, 1]


def _conv1d(bias: float) -> list[int]:
    x = torch.tensor(X1, dtype=torch.float64)[None, None]
    w = torch.tensor(W1, dtype=torch.float64)[None, None]
    b = torch.tensor([bias], dtype=torch.float64)
    return [int(v) for v in F.conv1d(x, w, b, stride=2)[0, 0].tolist()]


def _note_1d(bias: int, value: int) -> str:
    xs = ", ".join(str(int(v)) for v in X1)
    ws = ", ".join(str(int(v)) for v in W1)
    return f"""# Strided 1-D convolution, by hand

Indices from 0; the filter is applied without flipping (cross-correlation).

## Example

Take $x = ({xs})$, $w = ({ws})$, $b = {bias}$ and stride $S = 2$, no padding.

The second window:

$$y_1 = w_0 x_2 + w_1 x_3 + w_2 x_4 = {value}$$
"""


def test_english_bias_zero_left_out_of_the_entry() -> None:
    y = _conv1d(0.0)
    assert y[1] == 2 * -2 + -1 * 4 + 1 * 0  # -8: the second window, stride 2
    right = _note_1d(0, y[1])
    assert statuses(right, "y_1 =") == ["verified"]
    slip = _note_1d(0, y[1] + 2)
    assert statuses(slip, "y_1 =") != ["verified"]


def test_english_bias_one_is_not_left_out() -> None:
    """b = 1: the entry is the window's sum plus 1, so a formula without b is not it, and
    its number (the sum without b) is not y_1 either: never verified."""
    y = _conv1d(1.0)
    text = _note_1d(1, y[1] - 1)
    assert statuses(text, "y_1 =") != ["verified"]


X2 = [[1.0, 0, 2], [3, -1, 1], [0, 2, 1]]
W2 = [[1.0, 2], [-1, 1]]


def _bmatrix(m: list[list[float]]) -> str:
    rows = " \\\\ ".join(" & ".join(str(int(v)) for v in row) for row in m)
    return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}"


def test_german_two_dimensional_bias_zero() -> None:
    x = torch.tensor(X2, dtype=torch.float64)[None, None]
    w = torch.tensor(W2, dtype=torch.float64)[None, None]
    z = F.conv2d(x, w)[0, 0]
    z11 = int(z[1, 1])  # 1-based z_{22}
    assert z11 == -1 * 1 + 1 * 2 + 2 * -1 + 1 * 1
    s = int(z[1, 0]) + 3
    formula = "w_{11} x_{22} + w_{12} x_{23} + w_{21} x_{32} + w_{22} x_{33}"
    text = f"""# Faltung: ein Rechenbeispiel

Die Indizes beginnen bei 1; gerechnet wird als Kreuzkorrelation ohne Spiegeln des Kerns.

$$X = {_bmatrix(X2)}, \\qquad W = {_bmatrix(W2)}, \\qquad b = 0$$

Der Eintrag unten rechts:

$$z_{{22}} = {formula} = {z11}$$

Mit einem vergessenen Term:

$$z_{{22}} = w_{{11}} x_{{22}} + w_{{12}} x_{{23}} + w_{{21}} x_{{32}} = {z11 - 1}$$

Und verrechnet:

$$z_{{21}} = w_{{11}} x_{{21}} + w_{{12}} x_{{22}} + w_{{21}} x_{{31}} + w_{{22}} x_{{32}} = {s}$$
"""
    lines = [i for i, line in enumerate(text.split("\n"), 1) if line.startswith("$$z_")]
    found = statuses_by_line(text)
    assert found[lines[0]] == ["verified"]
    # a slip is never verified; the reading only verifies (module docstring: a verdict of
    # wrong there would rest on the example's layer alone), so other readers' verdict stands
    assert found[lines[1]] not in (["verified"], ["size-specific"])  # a term missing
    assert found[lines[2]] not in (["verified"], ["size-specific"])  # a wrong number
