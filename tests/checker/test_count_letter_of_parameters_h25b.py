"""A count named with the letter the notes gave their parameter count just above: "Параметры
первого слоя: $P_1 = 16 (3 \\cdot 25 + 1) = 1216$", then "а весов у него $P_2 = 32 \\cdot 16
\\cdot 9 = 4608$".  The word before the second claim says weights, so it was verified as
the weight count -- but P_1 counted the parameters with their biases, and P_2, numbered
like it, names the same count of the next layer: its 32 biases are missing (torch: 4640
parameters).  Now a weight word does not override a letter whose sibling above counts
parameters; the count reader judges the letter.  When the words leave the biases out
("без смещений", "weights only") the weight reading stands, and a count with the biases
stays verified.  Truth: the numel of torch's Conv2d parameters."""

from __future__ import annotations

import pytest
from conftest import checked_text

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")


def _counts(c_in: int, c_out: int, k: int) -> tuple[int, int]:
    """(weights, parameters) of ``nn.Conv2d(c_in, c_out, k)``."""
    layer = torch.nn.Conv2d(c_in, c_out, kernel_size=k)
    return layer.weight.numel(), sum(p.numel() for p in layer.parameters())


_RU = (
    "# Конспект: два слоя\n\n"
    "Первый слой `nn.Conv2d(3, 16, kernel_size=5)`. Параметры первого слоя: "
    "$P_1 = 16 \\cdot (3 \\cdot 25 + 1) = 1216$.\n\n"
    "Второй слой `nn.Conv2d(16, 32, kernel_size=3)` свёртку не меняет, а {words} у него "
    "$P_2 = 32 \\cdot 16 \\cdot 9{bias} = {value}$.\n"
)
_EN = (
    "# Notes: two layers\n\n"
    "The first layer is `nn.Conv2d(3, 16, kernel_size=5)`. Its parameters: "
    "$P_1 = 16 \\cdot (3 \\cdot 25 + 1) = 1216$.\n\n"
    "The second layer `nn.Conv2d(16, 32, kernel_size=3)` has {words} "
    "$P_2 = 32 \\cdot 16 \\cdot 9{bias} = {value}$.\n"
)


def _status(template: str, words: str, with_bias: bool) -> list[str]:
    weights, params = _counts(16, 32, 3)
    assert (weights, params) == (32 * 16 * 9, 32 * 16 * 9 + 32)
    assert _counts(3, 16, 5)[1] == 1216  # P_1 as the notes count it
    value = params if with_bias else weights
    text = template.format(words=words, bias=" + 32" if with_bias else "", value=value)
    return [v.status for v in checked_text(text).verdicts if v.line == 5]


@pytest.mark.parametrize(
    ("template", "words"), [(_RU, "весов"), (_EN, "weights")], ids=["russian", "english"]
)
def test_the_letter_counts_the_biases_too(template: str, words: str) -> None:
    assert _status(template, words, with_bias=False) == [WRONG]  # main: verified
    assert _status(template, words, with_bias=True) == [VERIFIED]


@pytest.mark.parametrize(
    ("template", "words"),
    [(_RU, "без смещений весов"), (_RU, "только весов"), (_EN, "the weights only,")],
    ids=["without-biases", "only-weights", "weights-only"],
)
def test_words_that_leave_the_biases_out_keep_the_weights(template: str, words: str) -> None:
    assert _status(template, words, with_bias=False) == [VERIFIED]
