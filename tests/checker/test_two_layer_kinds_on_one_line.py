"""A line that names two kinds of layer -- "A max pooling $2 \\times 2$ with stride 2 halves
it. A transposed conv $2 \\times 2$ with stride 2 doubles it." -- beside a plain convolution.

The prose reader took the pooling's window as the transposed convolution's kernel (the
conv's "3x3" was no kernel fact), so the section's layer was a transposed convolution with
a read kernel: the conv's own "k - 1 = 2" was called wrong (k = 2), and the step sizes of
the notes' network, "H = 32 - 4 = 28", were judged as the layer's input side (32).  The
line's window, stride, padding and dilation are now set aside (mixed_kinds.py): which of
the two layers each belongs to is not read, and the claims are not understood rather than
judged under a guessed layer.  Arithmetic that does not add up is still wrong.

Truth: the sides torch's Conv2d, MaxPool2d and ConvTranspose2d give."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

NOTES = {
    "en": """# Sizes of a tiny encoder-decoder

The input is $1 \\times 32 \\times 32$.

## Rules

Each conv $3 \\times 3$ without padding, stride 1, shrinks the side by $k - 1 = 2$. A max \
pooling $2 \\times 2$ with stride 2 halves it. A transposed conv $2 \\times 2$ with stride 2 \
doubles it.

## Steps

- Two convs: $H = 32 - 4 = {convs}$.
- Pooling: $H = {convs} / 2 = {pooled}$.
- Up: $H = 2 \\cdot {pooled} = {up}$.
""",
    "de": """# Größen eines kleinen Encoder-Decoders

Die Eingabe ist $1 \\times 32 \\times 32$.

## Regeln

Jede Faltung $3 \\times 3$ ohne Padding, Schrittweite 1, verkleinert die Seite um \
$k - 1 = 2$. Ein Max-Pooling $2 \\times 2$ mit Schrittweite 2 halbiert sie, eine transponierte \
Faltung (transposed conv) $2 \\times 2$ mit Schrittweite 2 verdoppelt sie.

## Schritte

- Zwei Faltungen: $H = 32 - 4 = {convs}$.
- Pooling: $H = {convs} / 2 = {pooled}$.
- Hoch: $H = 2 \\cdot {pooled} = {up}$.
""",
}


def _sides() -> tuple[int, int, int]:
    """(after the two 3x3 convs, after the 2x2 pooling, after the 2x2 stride-2 up-conv)."""
    x = torch.zeros(1, 1, 32, 32)
    for _ in range(2):
        x = torch.nn.Conv2d(1, 1, 3)(x)
    convs = x.shape[-1]
    x = torch.nn.MaxPool2d(2, 2)(x)
    pooled = x.shape[-1]
    up = torch.nn.ConvTranspose2d(1, 1, 2, stride=2)(x).shape[-1]
    return int(convs), int(pooled), int(up)


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_no_claim_is_judged_under_a_layer_mixed_from_two(lang: str) -> None:
    convs, pooled, up = _sides()
    assert (convs, pooled, up) == (28, 14, 28)
    report = check_text(NOTES[lang].format(convs=convs, pooled=pooled, up=up), "notes.md")
    assert [v for v in report.verdicts if v.status == WRONG] == []
    assert "kernel, stride" not in report.layers[-1]["text"]  # no kernel read from line 7


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_a_step_that_does_not_add_up_is_still_wrong(lang: str) -> None:
    convs, pooled, up = _sides()
    report = check_text(NOTES[lang].format(convs=convs, pooled=pooled, up=up - 2), "notes.md")
    last = [v for v in report.verdicts if v.line == 13]
    assert [v.status for v in last] == [WRONG]
    assert f"gives {up}" in last[0].message
    assert VERIFIED not in [v.status for v in last]
