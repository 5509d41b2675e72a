"""A size whose own sentence adds an output padding to the transposed layer the notes build.

"Every up-block is `nn.ConvTranspose2d(16, 16, 5, stride=3, padding=1)`.  One block further
up the maps are 5 x 5 and must become 17 x 17, so that block also needs
`output_padding=2`: $H_{out} = (5 - 1) \\cdot 3 - 2 + 5 + 2 = 17$" is right for the layer
with that output padding.  The reader of a size formula's own layer tried the constructor
as written (output padding 0, 15) and called it wrong: the sentence's output padding was
read (scope_facts) but not compared with the layer's.  A transposed layer whose output
padding the passage contradicts is no candidate now (constructor_claims._agrees), so the
claim is not understood rather than judged under a layer its sentence denies.

Truth: the sides torch's ConvTranspose2d gives."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

NOTES = {
    "en": """# Decoder sizes

Every up-block of the decoder is `nn.ConvTranspose2d(16, 16, 5, stride=3, padding=1)`.

One block further up the maps are 5 x 5 and must become 17 x 17, so that block also \
needs `output_padding=2`: $H_{{out}} = (5 - 1) \\cdot 3 - 2 + 5 + 2 = {value}$.
""",
    "de": """# Größen im Decoder

Jeder Block des Decoders ist `nn.ConvTranspose2d(16, 16, 5, stride=3, padding=1)`.

Einen Block weiter oben sind die Karten 5 x 5 und sollen 17 x 17 werden, also braucht \
dieser Block zusätzlich `output_padding=2`: $H_{{out}} = (5 - 1) \\cdot 3 - 2 + 5 + 2 = \
{value}$.
""",
}

# the same layer, the claim's sentence naming no output padding: the layer as built
PLAIN = """# Decoder sizes

Every up-block of the decoder is `nn.ConvTranspose2d(16, 16, 5, stride=3, padding=1)`.

One block further up the maps are 5 x 5 and become \
$H_{{out}} = (5 - 1) \\cdot 3 - 2 + 5 + 2 = {value}$.
"""


def _side(output_padding: int) -> int:
    layer = torch.nn.ConvTranspose2d(16, 16, 5, stride=3, padding=1, output_padding=output_padding)
    return int(layer(torch.zeros(1, 16, 5, 5)).shape[-1])


def _claim(text: str):
    verdicts = [v for v in check_text(text, "notes.md").verdicts if v.line == 5]
    assert len(verdicts) == 1
    return verdicts[0]


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_the_sentences_output_padding_is_not_judged_as_the_built_layer(lang: str) -> None:
    assert (_side(0), _side(2)) == (15, 17)  # (5 - 1)·3 - 2 + 5 (+ 2)
    verdict = _claim(NOTES[lang].format(value=_side(2)))
    assert verdict.status != WRONG, verdict.message


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_arithmetic_that_does_not_add_up_is_still_wrong(lang: str) -> None:
    # (5 - 1)·3 - 2 + 5 + 2 is 17, whatever the layer: 18 is a slip
    verdict = _claim(NOTES[lang].format(value=_side(2) + 1))
    assert verdict.status == WRONG, verdict.message


def test_without_the_words_the_built_layer_is_still_the_claims() -> None:
    # no output padding said: the constructor's output side, 15, is the truth, and the
    # "+ 2" a mistake
    verdict = _claim(PLAIN.format(value=_side(2)))
    assert verdict.status == WRONG, verdict.message
    assert str(_side(0)) in verdict.message
    assert verdict.status != VERIFIED
