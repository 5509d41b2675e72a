"""A letter with an accent names another matrix than the bare letter (matrix_identity.py):
``\\hat A = \\operatorname{pad}_1(A)`` defines the padded A, it does not claim that A equals
its own padding.  The parser reads the accent as a font, so the identity reader compared A
(5x5) with pad_1(A) (7x7) and called the definition wrong by its shape.  An identity between
bare letters of stated sizes is still judged: the same claim without the accent is wrong
(NumPy's pad gives the 7x7), a true one verified.  English and Spanish notes."""

from __future__ import annotations

import numpy as np

from symconv.checker.matrix_identity import judge_identity
from tests.checker.line_verdicts import statuses

_EN = """# Padding, then a correlation

Take $A$ of size $5 \\times 5$ and $B$ of size $3 \\times 3$.

We write $\\hat A = \\operatorname{{pad}}_1(A)$ for the padded copy.

Then the flipped correlation: $\\operatorname{{rot}}_{{180}}(\\operatorname{{rot}}_{{180}}(A)) = A$.

A slip: ${claim}$.
"""


def test_numpy_sizes_of_the_padding() -> None:
    """The truth the tests use: pad_1 of a 5x5 matrix is 7x7, so A = pad_1(A) is false."""
    a = np.arange(25).reshape(5, 5)
    assert np.pad(a, 1).shape == (7, 7)
    assert np.array_equal(np.pad(a, 1)[1:-1, 1:-1], a)  # the padding's inside is A
    assert np.array_equal(np.rot90(np.rot90(a, 2), 2), a)  # rot180 twice is A


def test_accented_definition_is_not_judged_as_an_identity() -> None:
    lines = ["Take $A$ of size $5 \\times 5$."]
    for text in (
        "\\hat A = \\operatorname{pad}_1(A)",
        "\\tilde{A} = \\operatorname{pad}_1(A)",
        "A' = \\operatorname{pad}_1(A)",
        "\\bar{A} = \\operatorname{pad}_1(A)",
    ):
        assert judge_identity(text, lines, 2) is None, text
    # the bare letter: still read, and wrong by its shape (7x7 against 5x5)
    found = judge_identity("A = \\operatorname{pad}_1(A)", lines, 2)
    assert found is not None and found["status"] == "wrong"
    assert "7×7" in found["message"]


def test_english_notes() -> None:
    text = _EN.format(claim="A = \\operatorname{pad}_1(A)")
    assert "wrong" not in statuses(text, "for the padded copy")
    assert statuses(text, "the flipped correlation") == ["verified"]
    assert statuses(text, "A slip") == ["wrong"]


_ES = """# Relleno de una matriz

Sea $M$ de tamaño $4 \\times 4$.

Llamamos $\\tilde{{M}} = \\operatorname{{pad}}_2(M)$ a la matriz rellenada.

Un error frecuente: ${claim}$.
"""


def test_spanish_notes() -> None:
    text = _ES.format(claim="M = \\operatorname{pad}_2(M)")
    assert "wrong" not in statuses(text, "a la matriz rellenada")
    assert statuses(text, "Un error frecuente") == ["wrong"]
