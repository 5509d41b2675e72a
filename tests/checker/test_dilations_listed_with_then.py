"""Dilations listed with "then" (and its German, Spanish words): "Two $3 \\times 3$
convolutions with stride 1 and dilations 1 then 3 see $R = ... = 9$ ...; adding a third with
dilation 2 gives $R = 9 + (3 - 1) \\cdot 2 = 13$".

The receptive-field reader's list took only "," "and" "y" "et" between dilations: "1 then
3" was the list [1], and with the later "dilation 2" the stack [1, 2] -- the correct 13
was called wrong against it ("7, not 13"), and a mistaken third step's message blamed the
correct side.  "then", "dann", "luego" (receptive_field._THEN) now join a list.

Truth: torch autograd -- the input positions one output of the stack depends on."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _field(dilations: list[int], kernel: int = 3) -> int:
    """How many input positions (per side) one output of the stride-1 stack depends on."""
    x = torch.ones(1, 1, 64, requires_grad=True)
    y = x
    for d in dilations:
        y = torch.nn.functional.conv1d(y, torch.ones(1, 1, kernel), dilation=d)
    y[0, 0, y.shape[-1] // 2].backward()
    grad = x.grad
    assert grad is not None
    return int((grad[0, 0] != 0).sum())


NOTES = {
    "en": "**Stacked layers.** Two $3 \\times 3$ convolutions with stride 1 and dilations 1 then "
    "3 see $R = 1 + (3 - 1) \\cdot 1 + (3 - 1) \\cdot 3 = {two}$ input pixels per side; adding "
    "a third with dilation 2 gives $R = {two} + (3 - 1) \\cdot 2 = {three}$.",
    "de": "**Gestapelte Schichten.** Zwei $3 \\times 3$ Faltungen mit Schrittweite 1 und "
    "Dilatationen 1 dann 3 sehen $R = 1 + (3 - 1) \\cdot 1 + (3 - 1) \\cdot 3 = {two}$ Pixel "
    "pro Seite.",
    "es": "**Capas apiladas.** Dos capas $3 \\times 3$ con paso 1 y dilataciones 1 luego 3 ven "
    "$R = 1 + (3 - 1) \\cdot 1 + (3 - 1) \\cdot 3 = {two}$ píxeles por lado.",
}


def _verdicts(lang: str, two: int, three: int) -> list:
    text = "# Receptive field\n\n" + NOTES[lang].format(two=two, three=three) + "\n"
    return check_text(text, "notes.md").verdicts


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_a_list_joined_by_then_is_the_stack(lang: str) -> None:
    two, three = _field([1, 3]), _field([1, 3, 2])
    assert (two, three) == (9, 13)
    found = _verdicts(lang, two, three)
    assert found and all(v.status == VERIFIED for v in found)
    assert "dilations 1, 3" in found[0].message


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_a_wrong_field_is_still_wrong(lang: str) -> None:
    two = _field([1, 3])
    found = _verdicts(lang, two - 1, two + 3)  # 8: a tap too few
    assert found[0].status == WRONG and f"{two}, not {two - 1}" in found[0].message


def test_the_third_step_is_told_apart() -> None:
    two, three = _field([1, 3]), _field([1, 3, 2])
    found = _verdicts("en", two, three + 1)  # 9 + 4 = 13, written 14
    assert [v.status for v in found] == [VERIFIED, WRONG]
    assert f"{three}, not {three + 1}: side 3 is {three + 1}" in found[1].message
