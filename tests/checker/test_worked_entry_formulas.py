"""A worked example's entry written as a formula in numbered entries, then its number:
"$\\frac{\\partial L}{\\partial X_{0,0}} = G_{0,0}\\, W_{1,1} = 2$" after the notes give X, W
and G as matrices (worked_chain.py).  Where the entries' letters are the layer's, the formula
side is judged for every value (a wrong factor is wrong even where its number happens to be
the right one) and each number after it at the notes' numbers; where the kernel's entries go
by a letter the layer does not read (``k_{0,1}`` of the given K), each side is worked out at
the notes' numbers, the indices written with a comma too.

Truth: torch autograd of the correlation at the notes' numbers (test_the_truth_of_the_notes).
"""

from __future__ import annotations

import torch
from line_verdicts import statuses
from test_worked_chain_lower_entries import _input_gradient  # torch autograd of the layer

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# German lecture notes, 1-based, pmatrix, comma indices, kernel K
VORLESUNG = """# Vorlesung 6: Rückwärtsdurchlauf einer Faltungsschicht

Ein Kanal, Schrittweite 1, kein Padding, Kreuzkorrelation $Y = X \\star K$ ohne Bias. Die Indizes
beginnen bei 1, und $G_{i,j} = \\partial L / \\partial Y_{i,j}$.

$$X = \\begin{pmatrix} 2 & 1 & 0 \\\\ 1 & 3 & 1 \\\\ 0 & 2 & 1 \\end{pmatrix}, \\quad
K = \\begin{pmatrix} 1 & -1 \\\\ 2 & 1 \\end{pmatrix}, \\quad
G = \\begin{pmatrix} 1 & 2 \\\\ 0 & -1 \\end{pmatrix}$$

Die linke obere Ecke liegt nur im ersten Fenster:

$$\\frac{\\partial L}{\\partial X_{1,1}} = G_{1,1}\\, K_{1,1} = 1$$

Die rechte untere Ecke (falscher Faktor, aber zufällig dieselbe Zahl):

$$\\frac{\\partial L}{\\partial X_{3,3}} = G_{2,2}\\, K_{1,1} = -1$$

Das mittlere Element liegt in allen vier Fenstern:

$$\\frac{\\partial L}{\\partial X_{2,2}} = G_{1,1} K_{2,2} + G_{1,2} K_{2,1} \
+ G_{2,1} K_{1,2} + G_{2,2} K_{1,1} = 4$$

Oben in der Mitte, zwei Fenster (die Summe ist verrechnet):

$$\\frac{\\partial L}{\\partial X_{1,2}} = G_{1,1} K_{1,2} + G_{1,2} K_{1,1} = 2$$

Und mit dem falschen Gewicht im zweiten Summanden:

$$\\frac{\\partial L}{\\partial X_{2,1}} = G_{1,1} K_{2,1} + G_{2,1} K_{2,1} = 2$$
"""

# French handout, 0-based, bmatrix; the kernel K's entries written k_{u,v}
FICHE = """## Fiche 4 — corrélation et gradient

On prend une seule carte, un pas de 1, pas de bord ajouté, indices à partir de 0, et
$Y = X \\star K$ (corrélation croisée, sans biais).

$$X = \\begin{bmatrix} 1 & 0 & 2 \\\\ 3 & 1 & 0 \\\\ 1 & 2 & 1 \\end{bmatrix}, \\qquad
K = \\begin{bmatrix} 2 & 1 \\\\ -1 & 3 \\end{bmatrix}$$

et le gradient venu de la couche suivante $G = \\begin{bmatrix} 1 & -2 \\\\ 2 & 1 \\end{bmatrix}$.

Le pixel $(0, 1)$ est vu par deux fenêtres :

$$\\frac{\\partial L}{\\partial x_{0,1}} = g_{0,0}\\, k_{0,1} + g_{0,1}\\, k_{0,0} = -3$$

et le pixel $(1, 0)$ aussi, mais ici le calcul se trompe :

$$\\frac{\\partial L}{\\partial x_{1,0}} = g_{0,0}\\, k_{1,0} + g_{1,0}\\, k_{0,0} = 5$$

Le coin $(2, 2)$, avec le mauvais indice du gradient (même valeur ici) :

$$\\frac{\\partial L}{\\partial x_{2,2}} = g_{0,0}\\, k_{1,1} = 3$$
"""


# Russian seminar notes, 0-based: entry = formula = products of numbers = number
SEMINAR = """## Семинар 5: проверка на числах

Один канал, шаг 1, без дополнения и без смещения, индексы с нуля, $Y = X \\star W$.

$$X = \\begin{bmatrix} 1 & 2 & 0 \\\\ 0 & 1 & 3 \\\\ 2 & 1 & 1 \\end{bmatrix}, \\quad
W = \\begin{bmatrix} 1 & -1 \\\\ 2 & 0 \\end{bmatrix}, \\quad
G = \\begin{bmatrix} 1 & 2 \\\\ -1 & 1 \\end{bmatrix}$$

$$\\frac{\\partial L}{\\partial X_{0,1}} = G_{0,0} W_{0,1} + G_{0,1} W_{0,0} \
= 1 \\cdot (-1) + 2 \\cdot 1 = 1$$

$$\\frac{\\partial L}{\\partial W_{0,0}} = G_{0,0} X_{0,0} + G_{0,1} X_{0,1} + G_{1,0} X_{1,0} \
+ G_{1,1} X_{1,1} = 1 + 4 + 0 + 1 = 5$$
"""


def test_the_truth_of_the_notes():
    dx = _input_gradient([[2, 1, 0], [1, 3, 1], [0, 2, 1]], [[1, -1], [2, 1]], [[1, 2], [0, -1]])
    assert dx[0, 0] == 1  # G11 K11 = 1
    assert dx[2, 2] == -1  # G22 K22 = -1; the claim's G22 K11 is -1 too, a wrong factor
    assert dx[1, 1] == 4  # 1*1 + 2*2 + 0*(-1) + (-1)*1
    assert dx[0, 1] == 1  # G11 K12 + G12 K11 = -1 + 2 = 1, not 2
    assert dx[1, 0] == 1 * 2 + 0 * 1  # G11 K21 + G21 K11 = 2; the claim's G21 K21 is 0 too
    dx = _input_gradient([[1, 0, 2], [3, 1, 0], [1, 2, 1]], [[2, 1], [-1, 3]], [[1, -2], [2, 1]])
    assert dx[0, 1] == 1 * 1 + (-2) * 2 == -3
    assert dx[1, 0] == 1 * (-1) + 2 * 2 == 3  # not 5
    assert dx[2, 2] == 1 * 3  # g11 k11; the claim's g00 k11 is 3 too, a wrong factor
    x, w, g = [[1, 2, 0], [0, 1, 3], [2, 1, 1]], [[1, -1], [2, 0]], [[1, 2], [-1, 1]]
    assert _input_gradient(x, w, g)[0, 1] == 1 * -1 + 2 * 1 == 1
    xt, gt = torch.tensor(x, dtype=torch.float64), torch.tensor(g, dtype=torch.float64)
    assert (xt[:2, :2] * gt).sum() == 1 + 4 + 0 + 1 == 6  # dL/dW_{0,0}: 6, not 5


def test_a_chain_of_formula_products_and_number():
    from conftest import checked_text

    assert statuses(SEMINAR, "2 \\cdot 1 = 1") == [VERIFIED]
    line = next(n for n, r in enumerate(SEMINAR.split("\n"), 1) if "W_{0,0}} =" in r)
    (verdict,) = [v for v in checked_text(SEMINAR, "notes.md").verdicts if v.line == line]
    assert verdict.status == WRONG
    assert "side 4 is 5, side 1 is 6" in verdict.message  # the sum 1 + 4 + 0 + 1 holds


def test_formula_in_the_layers_entries_then_its_number():
    assert statuses(VORLESUNG, "G_{1,1}\\, K_{1,1} = 1") == [VERIFIED]
    assert statuses(VORLESUNG, "G_{2,2}\\, K_{1,1} = -1") == [WRONG]
    assert statuses(VORLESUNG, "G_{2,2} K_{1,1} = 4") == [VERIFIED]
    assert statuses(VORLESUNG, "G_{1,2} K_{1,1} = 2") == [WRONG]
    assert statuses(VORLESUNG, "G_{2,1} K_{2,1} = 2") == [WRONG]


def test_a_wrong_factor_is_named_not_its_number():
    from conftest import checked_text

    line = next(n for n, r in enumerate(VORLESUNG.split("\n"), 1) if "G_{2,2}\\, K_{1,1}" in r)
    (verdict,) = [v for v in checked_text(VORLESUNG, "notes.md").verdicts if v.line == line]
    assert "K_{2,2} G_{2,2}" in verdict.message  # the missing term
    assert "side 3 of 3 is not understood" in verdict.message  # -1 is its value and the truth's


def test_comma_entries_of_a_kernel_letter_the_layer_does_not_read():
    assert statuses(FICHE, "k_{0,0} = -3") == [VERIFIED]
    assert statuses(FICHE, "k_{0,0} = 5") == [WRONG]
    assert NOT_UNDERSTOOD not in statuses(FICHE, "k_{0,0} = 5")
    assert statuses(FICHE, "g_{0,0}\\, k_{1,1} = 3") == [WRONG]
