# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""An entry set to a number inside a sentence that supposes it (a worked example's value,
a zero-outside convention) is no claim about the layer: it gets no verdict.  The same
entry stated as a fact about the layer still gets one.

Truth is by hand: a 1-based 3x3 input and 2x2 kernel, stride 1, no padding, no bias.
y_{11} = sum_{m,n} w_{mn} x_{m,n}; dL/dx_{11} = delta_{11} w_{11} (the corner is seen by
one kernel position, through w_{11}).
"""

from __future__ import annotations

import pytest

from symconv.checker.runner import check_text

HEAD = (
    "Indices start at 1. The input $x$ is $3\\times 3$, the kernel $w$ is $2\\times 2$, "
    "stride 1, no padding, no bias, and $\\delta_{ij} = \\partial L / \\partial y_{ij}$.\n\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "As a check with numbers: if $w_{11} = 2$ and\n$\\delta_{11} = -0.5$, then the corner gradient is $-1$.",
        "Taking $\\delta_{ij} = 0$ whenever $i$ or $j$ falls outside $\\{1,2\\}$, the sums run over all $m, n$.",
        "Con la convención $\\delta_{ij} = 0$ si $(i,j)$ cae fuera de la salida, la suma es completa.",
        "Supongamos $x_{11} = 3$ y $w_{11} = 1$ para el ejemplo.",
    ],
    ids=["if-and", "taking-whenever", "convencion-si", "supongamos-y"],
)
def test_supposed_values_get_no_verdict(sentence: str) -> None:
    text = HEAD + sentence + "\n"
    report = check_text(text, "note.md")
    lines = {v.line for v in report.verdicts}
    first = HEAD.count("\n") + 1
    assert not lines & set(range(first, first + sentence.count("\n") + 1)), report.verdicts


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        # a stated fact about the layer, not supposed: still judged
        (
            "The corner gradient is $\\frac{\\partial L}{\\partial x_{11}} = \\delta_{11} w_{11}$.",
            "verified",
        ),
        (
            "The corner gradient is $\\frac{\\partial L}{\\partial x_{11}} = \\delta_{11} w_{22}$.",
            "wrong",
        ),
        # after "if", a formula (not a number) is still a claim
        (
            "If $\\frac{\\partial L}{\\partial x_{11}} = \\delta_{11} w_{22}$ then the corner is wrong.",
            "wrong",
        ),
    ],
)
def test_stated_claims_are_still_judged(sentence: str, status: str) -> None:
    report = check_text(HEAD + sentence + "\n", "note.md")
    found = [v.status for v in report.verdicts if v.line == HEAD.count("\n") + 1]
    assert found == [status], report.verdicts
