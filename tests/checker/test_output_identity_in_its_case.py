"""A size identity in the case its sentence states: "When $s$ divides $H - k$, ... $(H_Y -
1)s + 1 = H - k + 1$" in notes whose layer has no padding (en, es).

The identity reader tried it over a grid of paddings 0..2 and every stride, though the claim
writes no padding letter (its H is the notes' unpadded input) and its sentence restricts it
to strides that divide H - k: the correct identity was called size-specific at a padding
and a stride the notes exclude.  It is now tried at the padding the notes state and, where
the lead-in assumes the stride fits, only at sizes where it does (output_names.py).  The
same identity without the assumption stays size-specific, and a wrong one is wrong.

Truth: torch's conv2d output side over the grid the test walks."""

from __future__ import annotations

import itertools

import pytest
import torch

from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

NOTES = {
    "en": "# Strided sides\n\nAn $H \\times H$ input, a $k \\times k$ kernel, stride $s$, no "
    "padding.\n\nThe output side is\n\n$$H_Y = \\left\\lfloor \\frac{{H - k}}{{s}} "
    "\\right\\rfloor + 1$$\n\n{case}$(H_Y - 1)s + 1 = {rhs}$.\n",
    "es": "# Lados con paso\n\nEntrada $H \\times H$, núcleo $k \\times k$, paso $s$, sin "
    "relleno.\n\nEl tamaño de la salida es\n\n$$H_Y = \\left\\lfloor \\frac{{H - k}}{{s}} "
    "\\right\\rfloor + 1$$\n\n{case}$(H_Y - 1)s + 1 = {rhs}$.\n",
}
CASE = {
    "en": "When $s$ divides $H - k$, the last window ends on the last row, and ",
    "es": "Con $s$ que divide a $H - k$, se cumple ",
}


def _holds(rhs, fitting_only: bool) -> tuple[bool, bool]:
    """(whether (H_Y - 1)s + 1 equals ``rhs(H, k)`` at every size of the grid, at some)."""
    results = []
    for h, k, s in itertools.product(range(1, 11), range(1, 6), range(1, 4)):
        if k > h or (fitting_only and (h - k) % s):
            continue
        side = torch.nn.functional.conv2d(
            torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s
        ).shape[-1]
        results.append((side - 1) * s + 1 == rhs(h, k))
    return all(results), any(results)


def _status(lang: str, case: str, rhs: str) -> str:
    text = NOTES[lang].format(case=case, rhs=rhs)
    return next(v.status for v in check_text(text, "notes.md").verdicts if v.line == 9)


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_the_identity_holds_in_its_case(lang: str) -> None:
    assert _holds(lambda h, k: h - k + 1, fitting_only=True) == (True, True)
    assert _status(lang, CASE[lang], "H - k + 1") == VERIFIED


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_a_wrong_identity_is_wrong_in_that_case(lang: str) -> None:
    assert _holds(lambda h, k: h - k, fitting_only=True) == (False, False)
    assert _status(lang, CASE[lang], "H - k") == WRONG


def test_without_the_case_it_holds_at_some_sizes_only() -> None:
    assert _holds(lambda h, k: h - k + 1, fitting_only=False) == (False, True)
    assert _status("en", "Then ", "H - k + 1") == SIZE_SPECIFIC
