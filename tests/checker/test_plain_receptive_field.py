"""The receptive field of a stack of undilated stride-1 convolutions the words describe
("two stacked 3x3 convolutions (stride 1): $R = 5$", "zwei hintereinander geschaltete
3×3-Faltungen", "dos capas 5×5").  Truth: torch -- the input entries one output of the
stacked conv2d layers depends on (its gradient's support), never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")


def _field(layers: int, k: int) -> int:
    n = 2 * layers * k + 1
    x = torch.zeros(1, 1, n, n, requires_grad=True)
    y = x
    for _ in range(layers):
        y = torch.nn.functional.conv2d(y, torch.ones(1, 1, k, k))
    centre = y.shape[-1] // 2
    y[0, 0, centre, centre].backward()
    rows = (x.grad[0, 0].abs().sum(1) > 0).sum().item()
    return int(rows)


SENTENCES = {
    "en": "The receptive field of {n} stacked {k}x{k} convolutions (stride 1) is $R = {r}$.",
    "de": "Rezeptives Feld von {nw} hintereinander geschalteten {k}×{k}-Faltungen "
    "(Schrittweite 1): $R = {r}$.",
    "es": "El campo receptivo de {ns} capas {k}×{k} apiladas es $R = {r}$.",
}
DE = {2: "zwei", 3: "drei"}
ES = {2: "dos", 3: "tres"}


@pytest.mark.parametrize("words", list(SENTENCES))
@pytest.mark.parametrize(("n", "k"), [(2, 3), (3, 3), (2, 5)])
@pytest.mark.parametrize("off", [0, 2])
def test_a_stack_of_plain_convolutions(words, n, k, off):
    truth = _field(n, k)
    text = (
        "# Receptive fields\n\n"
        + SENTENCES[words].format(n=n, nw=DE[n], ns=ES[n], k=k, r=truth + off)
        + "\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if off == 0 else WRONG), verdict.message


def test_a_pooling_in_the_stack_is_not_read_as_plain():
    text = (
        "# Receptive fields\n\nThe receptive field of two 3x3 convolutions and a 2x2 max "
        "pooling (stride 1) is $R = 6$.\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status != WRONG, verdict.message
