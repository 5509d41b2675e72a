"""A pooling worked example whose letters the notes define before any number: "$A =
\\operatorname{ReLU}(Z)$ ... $P = \\operatorname{maxpool}(A)$", then Z as numbers and claims
about A, P, dL/dA, dL/dZ and single entries (worked_definitions.py; fresh25's thesis chapter
had every one of them not understood, and its dL/dZ through the ReLU would have been routed
as if Z itself were pooled).

Truth: torch autograd through relu and max_pool2d / avg_pool2d (the notes' numbers are
printed from it; the wrong claims change one entry or drop the ReLU mask).  Two styles:
English, bmatrix, 0-based, "\\max(0, X)"; Italian, pmatrix, 1-based, average pooling.
"""

from __future__ import annotations

from fractions import Fraction

import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

# a zero in z at a window's maximum of A: the ReLU mask matters there
Z = [[2, -1, 0, -3], [1, 5, -2, 4], [0, -1, -6, -2], [-3, -4, 1, 0]]
G = [[3, -1], [2, 0.5]]


def _torch(pool: str):
    z = torch.tensor(Z, dtype=torch.float64, requires_grad=True)
    a = torch.relu(z)
    a.retain_grad()
    f = torch.nn.functional.max_pool2d if pool == "max" else torch.nn.functional.avg_pool2d
    p = f(a[None, None], 2, 2)[0, 0]
    p.backward(torch.tensor(G, dtype=torch.float64))
    assert z.grad is not None and a.grad is not None
    return a.tolist(), p.tolist(), a.grad.tolist(), z.grad.tolist()


def _m(rows, env: str) -> str:
    def cell(v) -> str:
        v = Fraction(v).limit_denominator()
        return str(v.numerator) if v.denominator == 1 else f"{float(v):g}"

    body = " \\\\ ".join(" & ".join(cell(v) for v in row) for row in rows)
    return f"\\begin{{{env}}} {body} \\end{{{env}}}"


def _verdicts(text: str) -> dict[int, list]:
    out: dict[int, list] = {}
    for v in check_text(text, "notes.md").verdicts:
        out.setdefault(v.line, []).append(v)
    return out


def _english(a, p, da, dz, claim_dz) -> str:
    return "\n".join(
        [
            "# Max pooling after a ReLU",  # 1
            "",
            "We write $Y = \\max(0, X)$ for the activated map and $M = \\operatorname{maxpool}(Y)$",
            "for max pooling with a $2 \\times 2$ window and stride 2. Indices start at 0.",
            "",
            f"$$X = {_m(Z, 'bmatrix')}$$",  # 6
            "",
            f"$$Y = {_m(a, 'bmatrix')}$$",  # 8
            "",
            f"$$M = {_m(p, 'bmatrix')}$$",  # 10
            "",
            "The upstream gradient is "
            f"$\\frac{{\\partial L}}{{\\partial M}} = {_m(G, 'bmatrix')}$.",
            "",
            f"$$\\frac{{\\partial L}}{{\\partial Y}} = {_m(da, 'bmatrix')}$$",  # 14
            "",
            f"$$\\frac{{\\partial L}}{{\\partial X}} = {_m(claim_dz, 'bmatrix')}$$",  # 16
            "",
            f"The entry $y_{{1,1}} = {int(a[1][1])}$ is the largest of its window.",  # 18
            "",
            "$$\\sum_{i,j} \\frac{\\partial L}{\\partial x_{ij}} = "
            f"{sum(map(sum, dz)):g}$$",
        ]
    )


def test_a_relu_then_max_pool_defined_before_the_numbers():
    a, p, da, dz = _torch("max")
    # A's window (1, 0) is all zeros, a tie; z <= 0 at all four cells, so the ReLU mask
    # kills that window's gradient in dL/dX whatever the rule: only dL/dY needs one
    assert [a[2][0], a[2][1], a[3][0], a[3][1]] == [0, 0, 0, 0]
    found = _verdicts(_english(a, p, da, dz, dz))
    for line in (8, 10, 16, 18, 20):
        assert [v.status for v in found[line]] == [VERIFIED], (line, found[line])
    assert "ReLU" in found[16][0].message
    assert [v.status for v in found[14]] == [NOT_UNDERSTOOD], found[14]
    assert "tie" in found[14][0].message


def test_a_tie_rule_stated_in_english_or_italian():
    a, p, da, dz = _torch("max")  # torch routes a tie to the first maximum
    for sentence in (
        " Ties go to the first maximum in reading order.",
        " In caso di parità il gradiente va al primo massimo in ordine di riga.",
    ):
        lines = _english(a, p, da, dz, dz).split("\n")
        lines[3] += sentence
        found = _verdicts("\n".join(lines))
        assert [v.status for v in found[14]] == [VERIFIED], (sentence, found[14])


def test_the_mask_dropped_is_caught():
    a, p, da, dz = _torch("max")
    assert da != dz  # a gradient routed to a cell where z <= 0 (z_{1,2}... by torch)
    found = _verdicts(_english(a, p, da, dz, da))  # dL/dX written as dL/dY
    assert [v.status for v in found[16]] == [WRONG], found[16]
    bad = [row[:] for row in p]
    bad[0][1] += 1
    found = _verdicts(_english(a, bad, da, dz, dz))
    assert [v.status for v in found[10]] == [WRONG], found[10]


def _italian(a, p, dz) -> str:
    return "\n".join(
        [
            "## Esempio con average pooling",  # 1
            "",
            "Siano $A = \\operatorname{ReLU}(Z)$ e $P = \\operatorname{avgpool}(A)$ con finestra "
            "$2 \\times 2$ e passo $2$. Gli indici partono da $1$.",
            "",
            f"$$Z = {_m(Z, 'pmatrix')}$$",  # 5
            "",
            f"$$P = {_m(p, 'pmatrix')}$$",  # 7
            "",
            f"Il gradiente in arrivo è $G = \\partial L / \\partial P = {_m(G, 'pmatrix')}$.",
            "",
            f"$$\\frac{{\\partial L}}{{\\partial Z}} = {_m(dz, 'pmatrix')}$$",  # 11
            "",
            f"e in particolare $a_{{2,4}} = {int(a[1][3])}$.",  # 13
        ]
    )


def test_average_pooling_in_italian_one_based():
    a, p, _, dz = _torch("avg")
    found = _verdicts(_italian(a, p, dz))
    for line in (7, 11, 13):
        assert [v.status for v in found[line]] == [VERIFIED], (line, found[line])
    wrong = [row[:] for row in dz]
    wrong[0][2] = Fraction(G[0][1]) / 4  # z_{1,3} = 0 (1-based): ReLU'(0) = 0 kills it
    found = _verdicts(_italian(a, p, wrong))
    assert [v.status for v in found[11]] == [WRONG], found[11]
    assert "[1][3]" in found[11][0].message  # 1-based, as the notes index
