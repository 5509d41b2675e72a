"""Sizes, channels and counts read from prose in English and Spanish: counts written as
words ("dos canales", "three filters"), a filter's depth ("filtros de 3x3x2"), an input
written channels first ("a 2x5x5 input"), and "the number of parameters is $P = ...$" (P is
then the count, not the padding).

Truth by hand: a layer with C input channels, F filters of k x k and a bias per filter has
F*C*k*k + F parameters: 3*2*3*3 + 3 = 57 and 4*2*3*3 + 4 = 76.
"""

from __future__ import annotations

import pytest

from symconv.checker.runner import check_text

ES = r"""# Capa

La entrada es de $5\times 5$ con dos canales; hay tres filtros de $3\times 3\times 2$, paso 1,
sin relleno, y un sesgo $b_f$ por filtro. Índices desde 0.

El número de parámetros es $P = 3 \cdot 3 \cdot 3 \cdot 2 + 3 = 57$.

El número de parámetros es $P = 3 \cdot 3 \cdot 3 + 3 = 30$.

$$ Z_{f,i,j} = \sum_{c=0}^{1}\sum_{u=0}^{2}\sum_{v=0}^{2} W_{f,c,u,v} X_{c,i+u,j+v} + b_f $$
"""
ES_EXPECTED = {6: "verified", 8: "wrong", 10: "verified"}

EN = r"""# Layer

The input is a $2\times 5\times 5$ image and there are four output channels, each filter
$3\times 3\times 2$, stride 1, no padding, one bias per filter. Indices start at 0.

The number of parameters is $P = 4 \cdot 2 \cdot 3 \cdot 3 + 4 = 76$.

The number of parameters is $P = 4 \cdot 3 \cdot 3 + 4 = 40$.
"""
EN_EXPECTED = {6: "verified", 8: "wrong"}


@pytest.mark.parametrize(
    ("note", "expected"), [(ES, ES_EXPECTED), (EN, EN_EXPECTED)], ids=["es", "en"]
)
def test_counts_from_prose(note: str, expected: dict[int, str]) -> None:
    found = {v.line: v.status for v in check_text(note, "note.md").verdicts}
    for line, status in expected.items():
        assert found.get(line) == status, (line, found)


def test_parameter_count_by_hand() -> None:
    """The truth above, counted entry by entry (no formula of symconv's)."""

    def count(filters: int, channels: int, k: int) -> int:
        weights = sum(
            1
            for _f in range(filters)
            for _c in range(channels)
            for _u in range(k)
            for _v in range(k)
        )
        return weights + filters

    assert count(3, 2, 3) == 57 and count(4, 2, 3) == 76
    assert count(3, 1, 3) == 30 and count(4, 1, 3) == 40  # the lines that forget the depth


@pytest.mark.parametrize(
    ("line", "padding"),
    [
        ("Con relleno $k = 3$ en lugar de $k-1$ sale una matriz de $6\\times 6$:", None),
        ("Padding by 2 instead of k-1 gives a 6x6 array:", None),
        ("stride 1 and padding 1, so the output keeps its size", "1"),
        ("paso 1, relleno 2", "2"),
    ],
)
def test_padding_of_a_what_if_is_not_the_layers(line: str, padding: str | None) -> None:
    """A clause about another case ("instead of", "en lugar de") states no padding of the
    layer; the layer's own padding is still read."""
    from symconv.checker.prose import prose_facts

    found = [value for key, value, _ in prose_facts(line) if key == "padding"]
    assert found == ([] if padding is None else [padding])
