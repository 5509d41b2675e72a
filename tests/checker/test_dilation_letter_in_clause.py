"""A dilated kernel's span claimed in a clause that sets the dilation by a letter: "die
Dilatation sei $D \\ge 2$ ... Für $K = 5$ und $D = 3$ ergibt sich $K_{eff} = 3 \\cdot 4 + 1 =
13$".  The clause before the claim is the claim's own case (bound_sizes' clause cut keeps it);
its $D = 3$ is the dilation where the notes name $D$ the dilation, with or without a verb
between ("die Dilatation sei $D$", "the dilation is $D$", "la dilatación es $D$":
letter_roles.py).  Where the notes never name the letter, the span read at the default
dilation 1 would call a right 13 "5, not 13": the effective-kernel reader leaves the claim to
the others (effective_kernel.py), never judging it at a dilation its sentence contradicts.

Truth: the rows a dilated conv1d removes from a long input, plus one (torch).
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG


def _span(k: int, d: int) -> int:
    rows = 40
    return rows - F.conv1d(torch.zeros(1, 1, rows), torch.zeros(1, 1, k), dilation=d).shape[-1] + 1


ENGLISH = """# Dilated convolutions

The kernel has $K$ taps and the dilation is $D \\ge 1$; the taps of a dilated kernel lie $D$ \
rows apart.

For $K = 3$ and $D = 2$ we get $K_{{eff}} = 2 \\cdot 2 + 1 = {right}$ rows.

A common slip: for $K = 4$ and $D = 3$ one writes $K_{{eff}} = 3 \\cdot 4 = {slip}$ rows.
"""

SPANISH = """# Convolución dilatada

El núcleo tiene $K$ coeficientes y la dilatación es $D$; entre dos coeficientes quedan $D - 1$ \
ceros.

Con $K = 4$ y $D = 3$ resulta $K_{{\\text{{eff}}}} = 3 \\cdot 3 + 1 = {right}$.

Con $K = 5$ y $D = 2$ un alumno obtuvo $K_{{\\text{{eff}}}} = 2 \\cdot 5 = {slip}$.
"""

# D is never named in words: its setting is read as nothing
UNNAMED = """# Effective kernel

Take $K = 3$ and $D = 2$: then $K_{{\\mathrm{{eff}}}} = 2(3 - 1) + 1 = {right}$.

Take $K = 5$ and $D = 3$: then $K_{{\\mathrm{{eff}}}} = 3 \\cdot 5 = {slip}$.
"""


@pytest.mark.parametrize(
    ("notes", "right", "slip"),
    [(ENGLISH, (3, 2), (4, 3)), (SPANISH, (4, 3), (5, 2))],
    ids=["english", "spanish"],
)
def test_a_named_dilation_letter_set_in_the_claims_clause_is_its_dilation(notes, right, slip):
    text = notes.format(right=_span(*right), slip=3 * 4 if slip == (4, 3) else 2 * 5)
    verdict = one_verdict(text, f"= {_span(*right)}")
    assert verdict.status == VERIFIED, verdict.message
    assert f"dilated by {right[1]}" in verdict.message
    wrong = one_verdict(text, "3 \\cdot 4 =" if slip == (4, 3) else "2 \\cdot 5 =")
    assert wrong.status == WRONG and f"{_span(*slip)}, not" in wrong.message, wrong.message


def test_an_unnamed_letter_setting_is_not_judged_at_the_default_dilation():
    assert _span(3, 2) == 5 and _span(5, 3) == 13
    text = UNNAMED.format(right=_span(3, 2), slip=15)
    right = one_verdict(text, "2(3 - 1) + 1")
    # at dilation 1 the span would be 3: never "3, not 5"
    assert right.status != WRONG, right.message
    slip = one_verdict(text, "3 \\cdot 5")
    assert slip.status != VERIFIED, slip.message


# A worked entry under a lead-in that sets the dilation by its letter, in notes whose layer
# computes x[n + d m] (the layer read has dilation 1): judged at dilation 1, the right
# y[0] = w_0 x[0] + w_1 x[2] + w_2 x[4] was "missing w_1 x(1)" (guessed_readings.py
# weighs the lead-in's dilation as it weighs a post's `dilation=2`)
SIGNAL = (1, 2, 0, -1, 3, 1, 2)
TAPS = (2, -1, 1)

ENGLISH_1D = """# Dilated 1-D example

Indices from 0, cross-correlation without padding, stride 1. The signal is \
$x = (1, 2, 0, -1, 3, 1, 2)$ and the kernel $w = (2, -1, 1)$; the layer computes \
$y[n] = \\sum_{{m=0}}^{{k-1}} w_m\\, x[n + d\\,m]$.

With $d = 2$:
$$y[0] = w_0\\, x[0] + w_1\\, x[2] + w_2\\, x[4] = 2 \\cdot 1 + (-1) \\cdot 0 + 1 \\cdot 3 = {y0}$$
"""

GERMAN_1D = """# Dilatierte 1-D-Faltung

Indizes ab 0, Kreuzkorrelation ohne Padding. Signal $x = (1, 2, 0, -1, 3, 1, 2)$, Kern \
$w = (2, -1, 1)$, und die Schicht rechnet $y_n = \\sum_m w_m x_{{n + d m}}$.

Mit $d = 2$: $y_2 = w_0 x_2 + w_1 x_4 + w_2 x_6 = {y2}$.

Mit $d = 2$: $y_2 = w_0 x_2 + w_1 x_3 + w_2 x_4 = {slip}$.

Mit $d = 2$: $y_0 = w_0 x_0 + w_1 x_2 + w_2 x_5 = {both}$.
"""


def _dilated(d: int) -> list[int]:
    x = torch.tensor(SIGNAL, dtype=torch.float64)[None, None]
    w = torch.tensor(TAPS, dtype=torch.float64)[None, None]
    return [int(v) for v in F.conv1d(x, w, dilation=d)[0, 0]]


def test_a_lead_in_dilation_letter_is_the_worked_entrys_case():
    y = _dilated(2)
    assert y[0] == 2 * 1 + (-1) * 0 + 1 * 3
    right = one_verdict(ENGLISH_1D.format(y0=y[0]), "y[0] = w_0")
    assert right.status != WRONG, right.message
    # (right at d = 2; the undilated window at d = 2; x[5] for x[4]: wrong at d = 1 and 2)
    assert y[2] == 2 * 0 + (-1) * 3 + 1 * 2 and y[2] != 2 * 0 + (-1) * -1 + 1 * 3
    both = 2 * 1 + (-1) * 0 + 1 * 1
    assert both not in (y[0], _dilated(1)[0])
    german = GERMAN_1D.format(y2=y[2], slip=2 * 0 + (-1) * -1 + 1 * 3, both=both)
    right = one_verdict(german, "x_4 + w_2 x_6")
    assert right.status != WRONG, right.message
    slip = one_verdict(german, "x_3 + w_2 x_4")  # verified at dilation 1 before (a miss)
    assert slip.status != VERIFIED, slip.message
    wrong = one_verdict(german, "w_2 x_5")
    assert wrong.status == WRONG, wrong.message
