"""A worked example's arithmetic with rounded decimals (decimal_arithmetic.py): "the second
channel gets $-1.6/16 = -0.1$", "$7.389 / 9.389 \\approx 0.787$".  A decimal with d places
agrees within half a unit of its last place of the exact value, differs beyond one and a
half units, and between the two is not judged.

Truth: Python's fractions and round() by hand (below).
"""

from __future__ import annotations

from fractions import Fraction

from line_verdicts import statuses

from symconv.checker.decimal_arithmetic import judge_decimal_arithmetic
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG

POOL = """# Global average pooling, backward

GAP turns each $4 \\times 4$ channel into one number, so every pixel of channel $c$ gets \
$g_c / 16$. With $g = (2.4, -0.8)$ the first channel gets $2.4/16 = 0.15$ at each pixel and \
the second $-0.8/16 = -0.5$.

Averaging the four copies instead would give $\\frac{2 + 1 + 0 + 4}{4} = 1.75$, and a softmax \
ratio is $20.09 / (20.09 + 2.72 + 1) \\approx 0.844$.
"""

PROSE_ES = """# Ejemplo numérico

Con $e^{1.5} \\approx 4.48$ se tiene $4.48 / (4.48 + 1) = 0.82$ y $0.82 - 1 = -0.18$; \
un error frecuente es escribir $4.48 / 5.48 = 0.86$.
"""


def test_the_truth_of_the_notes():
    assert Fraction("2.4") / 16 == Fraction("0.15") and Fraction("-0.8") / 16 == Fraction("-0.05")
    assert Fraction(2 + 1 + 0 + 4, 4) == Fraction("1.75")
    assert round(20.09 / (20.09 + 2.72 + 1), 3) == 0.844
    assert round(4.48 / 5.48, 2) == 0.82 and abs(4.48 / 5.48 - 0.86) > 0.015
    assert Fraction("0.82") - 1 == Fraction("-0.18")


def test_a_pooling_note():
    assert statuses(POOL, "2.4/16 = 0.15")[-2:] == [VERIFIED, WRONG]
    assert statuses(POOL, "\\frac{2 + 1 + 0 + 4}{4}")[0] == VERIFIED
    assert statuses(POOL, "\\frac{2 + 1 + 0 + 4}{4}")[-1] == VERIFIED


def test_spanish_prose():
    assert statuses(PROSE_ES, "4.48 / (4.48 + 1)")[-3:] == [VERIFIED, VERIFIED, WRONG]


def test_the_tolerance_from_the_digits_written():
    assert judge_decimal_arithmetic("5/3 = 1.67")["status"] == VERIFIED
    assert judge_decimal_arithmetic("5/3 = 1.7")["status"] == VERIFIED
    assert judge_decimal_arithmetic("5/3 = 1.69")["status"] == WRONG  # 2.3 units off
    try:  # 1.66 is 0.67 units off: a rounding of 1.665 perhaps, not judged
        judge_decimal_arithmetic("5/3 = 1.66")
        raise AssertionError("judged")
    except NotUnderstood:
        pass
    assert judge_decimal_arithmetic("7/2 = 3") is None  # integers: the exact reader's
