"""A bare product labelled as the weights inside a sentence about parameters: "Parameters:
weights $6 \\cdot 4 \\cdot 3 \\cdot 3 = 216$ and one bias per filter, so $P = 216 + 6 =
222$" (en), "Parametry: wagi $...$ i po jednym biasie na filtr" (pl), "Parámetros: pesos
$...$ y un sesgo por filtro" (es), "Parameter: Gewichte $...$ und ein Bias pro Filter" (de).

The count readers compared the product with the layer's whole count (weights and biases,
222): a correct weight count was called wrong.  The word right before the formula now says
what it counts (layer_counts.weights_named): the weights alone, judged against them.

Truth: the numel of torch's Conv2d weight and of all its parameters."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

C_IN, C_OUT, K = 4, 6, 3

NOTES = {
    "en": "We build `nn.Conv2d(4, 6, kernel_size=3, padding=1)` on a $4 \\times 10 \\times 10$ "
    "input.\n\nParameters: weights ${formula} = {weights}$ and one bias per filter, so "
    "$P = {weights} + 6 = {total}$.\n",
    "pl": "Budujemy `nn.Conv2d(4, 6, kernel_size=3, padding=1)` na wejściu "
    "$4 \\times 10 \\times 10$.\n\nParametry: wagi ${formula} = {weights}$ i po jednym biasie "
    "na filtr, więc $P = {weights} + 6 = {total}$.\n",
    "es": "Construimos `nn.Conv2d(4, 6, kernel_size=3, padding=1)` sobre una entrada de "
    "$4 \\times 10 \\times 10$.\n\nParámetros: pesos ${formula} = {weights}$ y un sesgo por "
    "filtro, así que $P = {weights} + 6 = {total}$.\n",
    "de": "Wir bauen `nn.Conv2d(4, 6, kernel_size=3, padding=1)` auf einer Eingabe "
    "$4 \\times 10 \\times 10$.\n\nParameter: Gewichte ${formula} = {weights}$ und ein Bias pro "
    "Filter, also $P = {weights} + 6 = {total}$.\n",
}


def _counts() -> tuple[int, int]:
    layer = torch.nn.Conv2d(C_IN, C_OUT, K, padding=1)
    return layer.weight.numel(), sum(p.numel() for p in layer.parameters())


def _claims(lang: str, formula: str, weights: int, total: int) -> list:
    text = "# Count\n\n" + NOTES[lang].format(formula=formula, weights=weights, total=total)
    return [v for v in check_text(text, "notes.md").verdicts if v.line == 5]


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_the_weights_are_judged_as_weights(lang: str) -> None:
    weights, total = _counts()
    assert (weights, total) == (216, 222)
    found = _claims(lang, "6 \\cdot 4 \\cdot 3 \\cdot 3", weights, total)
    assert [v.status for v in found] == [VERIFIED, VERIFIED]
    assert f"{weights} weights" in found[0].message


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_a_weight_count_that_forgets_the_input_channels_is_wrong(lang: str) -> None:
    weights, _ = _counts()
    forgot = C_OUT * K * K  # 6 * 3 * 3: the slip of one channel per filter
    found = _claims(lang, "6 \\cdot 3 \\cdot 3", forgot, forgot + C_OUT)
    assert found[0].status == WRONG and f"{weights}, not {forgot}" in found[0].message
    assert found[1].status == WRONG  # and the total built on it
