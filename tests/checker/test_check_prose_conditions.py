"""Equations the prose makes conditions (issue 16, the holdout set's prose-number false
alarms): "plain $\\otimes$ when $s = 1$" in notes about a stride-2 layer, and the zero
convention "taking $W_{m,n} = 0$ when $m$ or $n$ is outside $0..2$", claim nothing and get no
verdict; the same equations stated as facts are still judged.  The truth of each fact is the
layer the notes declare (stride 2, padding 1, a 3x3 kernel of nonzero weights)."""

from __future__ import annotations

import pytest

from symconv.checker.prose_conditions import is_condition
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

LAYER = {"layer": "conv2d", "input": "6x6", "kernel": "3", "stride": "2", "padding": "1"}


def _statuses(sentence: str) -> list[str]:
    text = f"# Notes\n\n{sentence}\n"
    verdicts = check_text(text, "notes.md", LAYER).verdicts
    return [v.status for v in verdicts if v.line == 3 and "=" in v.source]


@pytest.mark.parametrize(
    "sentence",
    [
        "I write $\\otimes_s$ for stride $s$ (and plain $\\otimes$ when $s = 1$).",
        "If $p = 0$, the output shrinks.",
        "Cuando $p = 0$ la salida se encoge.",
        "Had we used $s = 3$ the map would be smaller.",
        "Taking $W_{m,n} = 0$ when $m$ or $n$ is outside $0..2$:",
        "In general, taking $w_{ij} = 0$ whenever $i$ or $j$ falls outside $\\{1,2,3\\}$,",
        "Con la convención $W(m,n) = 0$ si $(m,n)$ cae fuera de $\\{0,1,2\\}^2$:",
        "With $x_{a,b} = 0$ whenever $(a,b)$ lies in the padding, the sum runs over all $a, b$.",
        "Elemento a elemento, tomando $X(i,j) = 0$ fuera de la imagen:",
    ],
)
def test_a_condition_gets_no_verdict(sentence: str) -> None:
    assert _statuses(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The stride is $s = 2$.", VERIFIED),  # the layer's stride is 2
        ("The stride is $s = 1$.", WRONG),
        ("We pad with $p = 1$ zero on each side.", VERIFIED),
        ("Therefore $W_{0,0} = 0$.", WRONG),  # a weight is a free symbol, not 0
    ],
)
def test_the_same_equations_as_facts_are_judged(sentence: str, expected: str) -> None:
    assert _statuses(sentence) == [expected]


def test_only_the_words_next_to_the_equation_count() -> None:
    document = ["# Notes", "", "If the input is large, the stride is $s = 1$ here."]
    assert is_condition(document, 3, "s = 1") is False
    document = ["# Notes", "", "The output is smaller if $s = 2$."]
    assert is_condition(document, 3, "s = 2") is True


def test_a_zero_under_a_condition_that_is_no_range_is_a_claim() -> None:
    # "= 0 whenever z < 0" says where a gradient vanishes: a claim, not the zero convention
    document = ["# ReLU", "", "Hence $g_{i,j} = 0$ whenever $z_{i,j} < 0$."]
    assert is_condition(document, 3, "g_{i,j} = 0") is False
    document = ["# Conv", "", "Here $g_{i,j} = 0$ when $(i,j)$ is outside the output."]
    assert is_condition(document, 3, "g_{i,j} = 0") is True
