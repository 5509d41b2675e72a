"""A number set to a letter and followed by "parameters" ("the layer has $P = 9$ trainable
parameters") counts the layer's parameters: a claim, not the padding P set to 9.  Truth:
the parameters of torch's nn.Conv2d, never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

SENTENCES = {
    "en": "The layer has $P = {n}$ trainable parameters.",
    "es": "La capa tiene $P = {n}$ parámetros entrenables.",
    "de": "Die Schicht hat $P = {n}$ lernbare Parameter.",
}


@pytest.mark.parametrize("words", list(SENTENCES))
@pytest.mark.parametrize("n", [9, 10, 11])
def test_a_count_of_parameters_after_the_number(words, n):
    truth = sum(p.numel() for p in torch.nn.Conv2d(1, 1, 3, bias=True).parameters())
    text = (
        "# A convolution\n\nInput $x$ is 5x5, kernel $w$ is 3x3, stride 1, no padding, and "
        "a bias $b$ is added to every output.\n\n" + SENTENCES[words].format(n=n) + "\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if n == truth else WRONG), verdict.message
