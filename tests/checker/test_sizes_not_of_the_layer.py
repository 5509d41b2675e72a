"""Sizes the notes compute that are not the layer's own output side or parameter count, each
a false alarm before (the readers took them for the layer's):

- an input padded by a call of its own before the layer (``F.pad(x, (1, 2, 1, 2))``,
  ``nn.ZeroPad2d((0, 1, 0, 1))`` then ``nn.Conv2d(..., stride=2)``): the output side is the
  layer's on the padded input, which the layer's own padding 0 does not give
  (explicit_padding.py);
- a name the notes introduce with a padding word ("the total padding $P_{total}$"): a
  padding, not the parameter count P_{total} otherwise names (bound_sizes._named_padding);
- a side between bars (``|X| = 2 \\cdot 2 \\cdot 3 \\cdot 3 = 36``): how many entries a
  tensor has, not a layer's count (layer_counts.counts_entries).

No verdict is given on them (not understood); the layer's own sizes and counts in the same
notes are still judged, and a slip in those still caught.  Truth: torch's output shapes,
parameters() and numel(), never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
nn = torch.nn


def _side(layers: list, side: int) -> int:
    return int(nn.Sequential(*layers)(torch.zeros(1, layers[-1].in_channels, side, side)).shape[-1])


def _verdicts(text: str) -> list:
    return check_text(text, "n.md").verdicts


EXPLICIT_EN = """# Even kernels

Thus `nn.Conv2d(3, 3, 4, padding="same")` equals `F.pad(x, (1, 2, 1, 2))` and then a
convolution without padding, so $H_{{out}} = 12 + 1 + 2 - 4 + 1 = {a}$.

On a $20 \\times 20$ map, `nn.ZeroPad2d((0, 1, 0, 1))` then `nn.Conv2d(4, 4, 3, stride=2)`
gives $H_{{out}} = \\lfloor (20 + 1 - 3)/2 \\rfloor + 1 = {b}$.
"""

EXPLICIT_ES = """# Relleno a mano

Sobre un mapa de $20 \\times 20$, `nn.ZeroPad2d((0, 1, 0, 1))` seguido de
`nn.Conv2d(4, 4, 3, stride=2)` da $H_{{out}} = \\lfloor (20 + 1 - 3)/2 \\rfloor + 1 = {b}$.
"""


def test_an_input_padded_by_a_call_is_not_judged_at_the_layers_padding():
    a = int(
        torch.nn.functional.conv2d(torch.zeros(1, 1, 15, 15), torch.zeros(1, 1, 4, 4)).shape[-1]
    )
    assert a == 12  # F.pad(x, (1, 2, 1, 2)) makes 12 -> 15, a valid 4x4 window leaves 12
    b = _side([nn.ZeroPad2d((0, 1, 0, 1)), nn.Conv2d(4, 4, 3, stride=2)], 20)
    for text in (EXPLICIT_EN.format(a=a, b=b), EXPLICIT_ES.format(b=b)):
        for verdict in _verdicts(text):
            assert verdict.status != WRONG, verdict.message  # main: "9, not 10"
    for text in (EXPLICIT_EN.format(a=a + 1, b=b + 1), EXPLICIT_ES.format(b=b + 1)):
        for verdict in _verdicts(text):
            assert verdict.status != VERIFIED, verdict.message


PADDING_NAMED = """# {title}

{words} `nn.Conv2d(4, 4, 5, padding="same")` {more} $P_{{total}}$ {rest}:
$P_{{total}} = 5 - 1 = {value}$.
"""


@pytest.mark.parametrize(
    "title, words, more, rest",
    [
        ("Total padding", "For", "the total padding", "is split over both sides"),
        ("Relleno total", "Para", "el relleno total", "se reparte entre los dos lados"),
    ],
)
def test_a_name_given_to_a_padding_is_no_parameter_count(title, words, more, rest):
    layer = nn.Conv2d(4, 4, 5, padding="same")
    out = layer(torch.zeros(1, 4, 9, 9))
    total = 9 - 5 + 1  # the padding 'same' adds: 9 + P - 5 + 1 = 9
    assert out.shape[-1] == 9 and total - 1 == 4
    fields = {"title": title, "words": words, "more": more, "rest": rest}
    right = _verdicts(PADDING_NAMED.format(value=4, **fields))[-1]
    assert right.status != WRONG, right.message  # main: "404, not 4" (the layer's count)
    slipped = _verdicts(PADDING_NAMED.format(value=5, **fields))[-1]
    assert slipped.status != VERIFIED, slipped.message


COUNTED = """# Counting

The layer `nn.Conv2d(4, 4, 5)` has $P_{{total}} = 4 \\cdot 4 \\cdot 25 + 4 = {value}$ parameters.
"""


def test_a_count_named_p_total_is_still_judged():
    count = sum(p.numel() for p in nn.Conv2d(4, 4, 5).parameters())
    assert _verdicts(COUNTED.format(value=count))[-1].status == VERIFIED
    assert _verdicts(COUNTED.format(value=count - 4))[-1].status == WRONG


ENTRIES = """# {title}

{layer} `nn.Conv2d(2, 3, kernel_size=2)` {batch}:

- {x_word} $X$ {shape} (2, 2, 3, 3): $|X| = 2 \\cdot 2 \\cdot 3 \\cdot 3 = {x}$;
- {w_word} $W$ {shape} (3, 2, 2, 2) {bias}: $P = 3 \\cdot 2 \\cdot 2 \\cdot 2 + 3 = {p}$ {params};
- {y_word} $Y$ {shape} (2, 3, 2, 2): $|Y| = 2 \\cdot 3 \\cdot 2 \\cdot 2 = {y}$.
"""

WORDS = {
    "it": {
        "title": "Forme",
        "layer": "Lo strato",
        "batch": "riceve un mini-batch di $N = 2$ immagini",
        "x_word": "ingresso",
        "w_word": "pesi",
        "y_word": "uscita",
        "shape": "di forma",
        "bias": "più un bias per canale",
        "params": "parametri",
    },
    "en": {
        "title": "Shapes",
        "layer": "The layer",
        "batch": "takes a mini-batch of $N = 2$ images",
        "x_word": "input",
        "w_word": "weights",
        "y_word": "output",
        "shape": "of shape",
        "bias": "plus one bias per channel",
        "params": "parameters",
    },
}


@pytest.mark.parametrize("language", sorted(WORDS))
def test_a_tensors_entry_count_between_bars_is_no_layer_count(language):
    layer = nn.Conv2d(2, 3, kernel_size=2)
    x = torch.zeros(2, 2, 3, 3)
    truth = {
        "x": x.numel(),
        "y": layer(x).numel(),
        "p": sum(q.numel() for q in layer.parameters()),
    }
    verdicts = _verdicts(ENTRIES.format(**truth, **WORDS[language]))
    assert all(v.status != WRONG for v in verdicts), [v.message for v in verdicts]
    assert any(v.status == VERIFIED and "P = " in v.source for v in verdicts)
    slipped = _verdicts(ENTRIES.format(**{**truth, "p": truth["p"] - 1}, **WORDS[language]))
    assert any(v.status == WRONG and "P = " in v.source for v in slipped)


GREEK = """# Διευρυμένη συνέλιξη

Είσοδος $9 \\times 9$, πυρήνας $3 \\times 3$, διαστολή $d = 2$, βήμα 1, χωρίς padding.

Ο πυρήνας καλύπτει $k_{{\\text{{eff}}}} = d(k - 1) + 1 = {span}$ pixel.
"""


def test_greek_kernel_and_dilation_words_state_the_layer():
    """ "πυρήνας" (kernel) and "διαστολή" (dilation) are read as the English words are
    (lexicon.py); the span is torch's: a 9-wide input leaves 9 - span + 1 outputs."""
    out = nn.Conv2d(1, 1, 3, dilation=2)(torch.zeros(1, 1, 9, 9)).shape[-1]
    span = 9 - int(out) + 1
    assert _verdicts(GREEK.format(span=span))[-1].status == VERIFIED
    assert _verdicts(GREEK.format(span=span + 2))[-1].status == WRONG
