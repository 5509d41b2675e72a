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
