"""A board's or handout's bold numbered titles ("**3) Max pooling 3x3, stride 1**") each
pose their own layer: a later title's pooling is read with its own window and stride, not
the earlier one's.  Truth: torch's max_pool2d / avg_pool2d on the notes' X."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

X = [[1, 5, 2, 0], [3, 2, 4, 1], [0, 6, 1, 7], [2, 1, 3, 3]]


def _pooled(kind: str, window: int, stride: int) -> list[list[float]]:
    x = torch.tensor(X, dtype=torch.float64).reshape(1, 1, 4, 4)
    pool = torch.nn.functional.max_pool2d if kind == "max" else torch.nn.functional.avg_pool2d
    return pool(x, window, stride)[0, 0].tolist()


def _entry(value: float) -> str:
    exact = Fraction(value).limit_denominator(100)
    if exact.denominator == 1:
        return str(exact.numerator)
    sign = "-" if exact < 0 else ""
    return f"{sign}\\frac{{{abs(exact.numerator)}}}{{{exact.denominator}}}"


def _matrix(rows: list[list[float]]) -> str:
    body = " \\\\ ".join(" & ".join(_entry(v) for v in row) for row in rows)
    return f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"


TITLES = {
    "es": ("**1) Max pooling 2×2 con paso 2** sobre la entrada", "**{n}) {kind} 3×3 con paso 1**"),
    "en": ("**1) Max pooling 2x2, stride 2**", "**{n}) Overlapping: {kind} 3x3, stride 1**"),
    "colon": ("**1) Max pooling, 2×2 window:**", "**{n}) {kind}, 3×3 window, stride 1:**"),
}


@pytest.mark.parametrize("style", list(TITLES))
@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("right", [True, False])
def test_a_later_numbered_title_poses_its_own_pooling(style, kind, right):
    first, later = TITLES[style]
    name = "Max pooling" if kind == "max" else "Average pooling"
    truth = _pooled(kind, 3, 1)
    claimed = truth if right else [[v + 1 for v in row] for row in truth]
    text = (
        "Indices from 1.\n\n"
        f"{first}\n\n$$X = {_matrix([[float(v) for v in r] for r in X])}$$\n\n"
        f"$$Y = {_matrix(_pooled('max', 2, 2))}$$\n\n"
        f"{later.format(n=2, kind=name)}\n\n$$Y = {_matrix(claimed)}$$\n"
    )
    verdicts = check_text(text).verdicts
    last = [v for v in verdicts if v.status in (VERIFIED, WRONG)][-1]
    assert last.status == (VERIFIED if right else WRONG), last.message
    first_y = next(v for v in verdicts if v.status in (VERIFIED, WRONG))
    assert first_y.status == VERIFIED, first_y.message
