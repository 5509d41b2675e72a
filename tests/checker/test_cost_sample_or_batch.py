"""A count of multiplications whose sentence says what it counts: "for the whole batch"
allows only the batch's count, "per image" only one sample's.  Where the notes state a
batch, either count used to pass, so a per-sample count written for the whole batch (a
factor N forgotten) was verified.  Truth: torch's FlopCounterMode on the layer and batch
the notes describe (a multiply-accumulate counted as two flops)."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from tests.checker.flop_counts import conv_macs

# (the note with {value} for the claim, the sizes (N, C, H, F, K), which count it names)
NOTES = {
    "en-batch": (
        "## Cost of the first layer\n\nThe layer `nn.Conv2d(3, 8, kernel_size=3)` gets a batch "
        "of shape $4 \\times 3 \\times 12 \\times 12$.\n\nMultiplications of the forward pass "
        "for the whole batch: $M = {value}$.\n",
        (4, 3, 12, 8, 3),
        "batch",
    ),
    "de-sample": (
        "## Kosten\n\n`nn.Conv2d(2, 6, kernel_size=3)` auf einem Batch der Form "
        "$5 \\times 2 \\times 9 \\times 9$.\n\nMultiplikationen im Vorwärtsschritt pro Bild: "
        "$M = {value}$.\n",
        (5, 2, 9, 6, 3),
        "sample",
    ),
    "es-batch": (
        "## Coste\n\nLa capa `nn.Conv2d(4, 5, kernel_size=2)` recibe un lote de forma "
        "$3 \\times 4 \\times 7 \\times 7$.\n\nEl número de multiplicaciones para todo el lote "
        "es $M = {value}$.\n",
        (3, 4, 7, 5, 2),
        "batch",
    ),
    "en-sample": (
        "## Cost\n\nA batch of shape $6 \\times 1 \\times 10 \\times 10$ enters "
        "`nn.Conv2d(1, 4, kernel_size=5)`.\n\nThe multiplications per image are "
        "$M = {value}$.\n",
        (6, 1, 10, 4, 5),
        "sample",
    ),
}


@pytest.mark.parametrize("name", list(NOTES))
@pytest.mark.parametrize("written", ["sample", "batch"])
def test_the_count_the_sentence_names(name: str, written: str) -> None:
    text, (n, c, side, f, k), named = NOTES[name]
    batch = conv_macs(n, c, side, f, k)
    sample = conv_macs(1, c, side, f, k)
    out = side - k + 1
    assert batch == n * sample == n * f * out * out * c * k * k
    if written == "batch":
        claim = f"{n} \\cdot {f} \\cdot {out} \\cdot {out} \\cdot {c * k * k} = {batch}"
    else:
        claim = f"{f} \\cdot {out} \\cdot {out} \\cdot {c * k * k} = {sample}"
    note = text.replace("{value}", claim)
    last = len(note.rstrip("\n").split("\n"))
    found = [v for v in check_text(note).verdicts if v.line == last]
    assert found, note
    # the count the sentence names is right; the other one is that count's mistake
    assert found[0].status == (VERIFIED if written == named else WRONG), found[0].message
    if written != named:  # "86400, not 21600": the count the sentence names comes first
        right = batch if named == "batch" else sample
        assert found[0].message.startswith(f"{right}, not "), found[0].message
