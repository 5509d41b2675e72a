"""Sizes the prose sets for an example, and a zero-padding convention said in words.

"For $H = 9,\\ k = 3,\\ s = 2$ ..." or "the choice $k = 4$, $s = 2$, $p = 1$" names the
example that follows; it is no claim about the layer the notes describe (whose sizes may
differ), so it gets no verdict, while a size the notes compute (a chain) is still judged:
(9 - 3)/2 + 1 = 4 is Python's arithmetic.  "Cuando un índice de $X$ cae fuera ... la
entrada vale cero" makes reads of X outside its entries zero, as padding means.
"""

from __future__ import annotations

import pytest

from symconv.checker.conventions import zero_outside
from symconv.checker.runner import check_text

FRONT = "---\nlayer: conv2d\ninput: 3x3\nkernel: 2x2\n---\n\n"


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


@pytest.mark.parametrize(
    "sentence",
    [
        r"For $H = 9,\ k = 3,\ s = 2$ the output has",
        r"Para $H = 9$, $k = 3$ y $s = 2$ la salida tiene",
        r"The usual choice $k = 4$, $s = 2$, $p = 1$ gives",
        r"For $k = 5$ the window is larger.",
        r"Con números: salen 4 filas, y sin relleno con $H = 8$ queda",
        r"**Ejemplos.** Con $H = 5$, ventana $K = 2$, paso $S = 2$ y sin relleno:",
        r"Con $H = 14$, $K = 3$, $S = 2$ y $P = 0$:",
        r"Example: stride $S = 3$ on a $D = 2$ dilated kernel.",
    ],
)
def test_sizes_an_example_sets_get_no_verdict(sentence: str) -> None:
    assert _verdicts(FRONT + sentence + "\n") == []


@pytest.mark.parametrize(("value", "holds"), [((9 - 3) // 2 + 1, True), (5, False)])
def test_a_computed_size_is_still_judged(value: int, holds: bool) -> None:
    text = (
        FRONT + rf"For $H = 9,\ k = 3,\ s = 2$: $\lfloor (9 - 3)/2 \rfloor + 1 = {value}$." + "\n"
    )
    (found,) = _verdicts(text)
    assert found.status == ("verified" if holds else "wrong")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Cuando un índice de $X$ cae fuera de $0..H-1$ la entrada vale cero.", {"X"}),
        ("Entries of the input outside the image are zero.", {"X"}),
        ("The input is zero outside its $H \\times W$ entries.", {"X"}),
        ("The output is computed outside the loop.", set()),
    ],
)
def test_a_zero_padding_convention_in_words(sentence: str, expected: set[str]) -> None:
    assert set(zero_outside(sentence)) == expected
