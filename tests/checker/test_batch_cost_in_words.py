"""A whole batch's multiplications, its batch given as a shape with times signs ("auf einem
Batch der Form $8 \\times 3 \\times 32 \\times 32$", "a batch of shape 4 × 3 × 28 × 28") and
the count named by the sentence a colon hands to the claim ("Multiplicaciones del paso
hacia adelante para todo el lote (...): $M = ...$").  Truth: torch's FlopCounterMode on
the layer and input the notes describe (a multiply-accumulate counted as two flops)."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from tests.checker.flop_counts import conv_macs

NOTES = {
    "de": (
        "## d) Zahlenbeispiel\n\n`nn.Conv2d(3, 16, kernel_size=5)` auf einem Batch der Form "
        "$8 \\times 3 \\times 32 \\times 32$:\n\nMultiplikationen im Vorwärtsschritt für den "
        "ganzen Batch ($8$ Bilder, $28 \\times 28$ Ausgabepositionen, $16$ Filter, je $75$ "
        "Produkte): $M = {value}$.\n",
        (8, 3, 32, 16, 5),
    ),
    "es": (
        "## Coste\n\nLa capa `nn.Conv2d(2, 6, kernel_size=3)` recibe un lote de forma "
        "$4 \\times 2 \\times 10 \\times 10$.\n\nMultiplicaciones del paso hacia adelante para "
        "todo el lote ($4$ imágenes, $8 \\times 8$ posiciones de salida, $6$ filtros, $18$ "
        "productos cada una): $M = {value}$.\n",
        (4, 2, 10, 6, 3),
    ),
}


@pytest.mark.parametrize("language", list(NOTES))
@pytest.mark.parametrize("one_channel", [False, True])
def test_a_batchs_count_named_before_a_colon(language: str, one_channel: bool) -> None:
    text, (n, c, side, f, k) = NOTES[language]
    total = conv_macs(n, c, side, f, k)
    out = side - k + 1
    assert total == n * f * out * out * c * k * k
    if one_channel:  # the input channels left out of each output's products: wrong
        claim = f"{n} \\cdot {f} \\cdot {out} \\cdot {out} \\cdot {k * k} = {total // c}"
    else:
        claim = f"{n} \\cdot {f} \\cdot {out} \\cdot {out} \\cdot {c * k * k} = {total}"
    note = text.replace("{value}", claim)
    last = len(note.rstrip("\n").split("\n"))
    found = [v.status for v in check_text(note).verdicts if v.line == last]
    assert found and found[0] == (WRONG if one_channel else VERIFIED)
