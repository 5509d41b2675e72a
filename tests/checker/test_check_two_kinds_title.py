"""A title that names a transposed convolution beside another kind ("Dilated and transposed
convolutions", "Convolución dilatada y convolución transpuesta") states no one kind
(prose._PLAIN_CONV): the sections under it are read from their own words and entries, so
a dilated convolution's output formula is judged as a convolution's.  Truth by hand: with
dilation 2 and a 2x2 kernel, 0-based, y_{i,j} = sum_{m,n} w_{m,n} x_{i+2m, j+2n}."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

BODY = (
    "## {part}\n\n"
    "$$X = \\begin{{pmatrix}} 1 & 0 & 2 & 1 \\\\ 3 & 1 & 0 & 2 \\\\ 0 & 2 & 1 & 1 \\\\ "
    "1 & 1 & 0 & 3 \\end{{pmatrix}}, \\qquad W = \\begin{{pmatrix}} 1 & -1 \\\\ 2 & 0 "
    "\\end{{pmatrix}}$$\n\n"
    "{words} $d = 2$, stride 1, no padding, indices from 0.\n\n"
    "$$y_{{i,j}} = \\sum_{{m=0}}^{{1}} \\sum_{{n=0}}^{{1}} w_{{m,n}}\\, "
    "x_{{i + {a}m,\\, j + {a}n}}$$\n"
)


@pytest.mark.parametrize(
    "title,part,words",
    [
        ("# Dilated and transposed convolutions", "Part 1: the dilated filter", "Dilation"),
        (
            "# Convolución dilatada y convolución transpuesta",
            "Problema 1: filtro dilatado",
            "Dilatación",
        ),
    ],
)
def test_a_title_of_two_kinds_leaves_the_sections_their_own(title, part, words):
    for a, status in (("2", VERIFIED), ("", WRONG)):  # x_{i+m, j+n}: the taps not spread
        text = title + "\n\n" + BODY.format(part=part, words=words, a=a)
        verdict = check_text(text).verdicts[-1]
        assert verdict.status == status, verdict.message
        assert "conv2d" in verdict.message or status == WRONG
