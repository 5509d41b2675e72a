"""A tie in a max-pooling window, judged under the rule the notes state (issue 16: fresh17's
"the notes' X has a tie in window (1, 0): which entry gets the gradient is a convention",
where the notes say "si hay empate usamos lo mismo que PyTorch: el gradiente va entero al
primer máximo en orden de lectura").

Truth: torch's max_pool2d backward (all of a window's gradient to its first maximum in
reading order, which the test confirms) for notes that state the first; the gradient split
by hand among the tied entries for notes that split it.  Notes that state no rule, or two,
leave the tied window not understood.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.tie_convention import ALL, FIRST, LAST, SPLIT, stated_tie_rule

X = [[1, 3, 2, 4], [5, 0, 1, 1], [2, 2, 0, 6], [1, 2, 3, 1]]  # window (1, 0): three 2s
G = [[2, -1], [1.5, 4]]  # 1.5 shared by three ties: 0.5 each


def _torch_grad() -> list[list[float]]:
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.max_pool2d(x[None, None], 2, 2)
    y.backward(torch.tensor(G, dtype=torch.float64)[None, None])
    assert x.grad is not None
    return x.grad.tolist()


def _split_grad() -> list[list[Fraction]]:
    """By hand: each window's gradient shared equally by its largest entries."""
    out = [[Fraction(0)] * 4 for _ in range(4)]
    for i in range(2):
        for j in range(2):
            cells = [(2 * i + u, 2 * j + v) for u in range(2) for v in range(2)]
            top = max(X[a][b] for a, b in cells)
            tied = [(a, b) for a, b in cells if X[a][b] == top]
            for a, b in tied:
                out[a][b] += Fraction(G[i][j]).limit_denominator() / len(tied)
    return out


def _matrix(rows) -> str:
    def cell(v) -> str:
        v = Fraction(v).limit_denominator()
        return str(v.numerator) if v.denominator == 1 else f"{float(v):g}"

    return (
        "\\begin{pmatrix} "
        + " \\\\ ".join(" & ".join(cell(v) for v in row) for row in rows)
        + " \\end{pmatrix}"
    )


def _notes(rule_sentence: str, claimed) -> str:
    return (
        "# Pooling\n\nIndices start at 1.\n\n## Max pooling 2x2, stride 2\n\n"
        "Input $A$ of $4 \\times 4$, windows $2 \\times 2$ that do not overlap.\n\n"
        f"$$A = {_matrix(X)}$$\n\n{rule_sentence} With\n\n"
        f"$$G = \\frac{{\\partial L}}{{\\partial Y}} = {_matrix(G)}$$\n\nwe get\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial A}} = {_matrix(claimed)}$$\n"
    )


def _status(text: str) -> str:
    found = [v for v in check_text(text, "notes.md").verdicts if "\\partial A}" in v.source]
    assert found, "no verdict for dL/dA"
    return found[-1].status


def test_torch_gives_a_tie_to_the_first_maximum() -> None:
    grad = _torch_grad()
    assert grad[2][0] == 1.5 and grad[2][1] == 0 and grad[3][1] == 0


FIRST_RULES = [
    "If there is a tie, the whole gradient goes to the first maximum in reading order.",
    "Si hay empate usamos lo mismo que PyTorch: el gradiente va entero al primer máximo.",
    "Bei Gleichstand bekommt das erste Maximum (zeilenweise) den ganzen Gradienten.",
    "Ties are broken by the first index, which does not happen with real data.",
]


@pytest.mark.parametrize("sentence", FIRST_RULES)
def test_first_maximum_rule(sentence: str) -> None:
    assert stated_tie_rule(sentence, 1) == FIRST
    assert _status(_notes(sentence, _torch_grad())) == VERIFIED
    assert _status(_notes(sentence, _split_grad())) == WRONG


SPLIT_RULES = [
    "In case of a tie the gradient is split equally among the tied entries.",
    "Si hay empate, el gradiente se reparte a partes iguales entre los máximos.",
    "Bei Gleichstand wird der Gradient zu gleichen Teilen aufgeteilt.",
]


@pytest.mark.parametrize("sentence", SPLIT_RULES)
def test_split_rule(sentence: str) -> None:
    assert stated_tie_rule(sentence, 1) == SPLIT
    assert _status(_notes(sentence, _split_grad())) == VERIFIED
    assert _status(_notes(sentence, _torch_grad())) == WRONG


@pytest.mark.parametrize(
    "sentence",
    [
        "The gradient goes to the position of the maximum.",  # no tie named
        "Ties are rare with real data.",  # a tie, no rule
        "A typical mistake: with a tie, split the gradient equally.",  # someone's error
        "With a tie the gradient is not split equally; it goes to the first maximum.",
        "Ties go to the first maximum by columns.",  # another order than reading order
    ],
)
def test_no_rule_stays_not_understood(sentence: str) -> None:
    rule = stated_tie_rule(sentence, 1)
    assert rule is None
    assert _status(_notes(sentence, _torch_grad())) == NOT_UNDERSTOOD


def test_two_rules_give_none_and_other_rules() -> None:
    both = "Ties go to the first maximum.\nOther courses: with a tie, split it equally."
    assert stated_tie_rule(both, 2) is None
    assert stated_tie_rule(both, 1) == FIRST  # only what comes before the line counts
    assert stated_tie_rule("With ties, the last maximum wins.", 1) == LAST
    assert stated_tie_rule("With a tie, every maximum receives the full gradient.", 1) == ALL
