"""A letter the notes' prose defines as an output size ("output size $m$" in a notation list,
"sendo $M$ o comprimento da saída", "the output size of a transposed convolution is written
$m'$"), used later in a worked size whose sentence states its layer (defined_outputs.py);
a pool's window "$2 \\times 2$ max pool" and an "output padding" (only a transposed layer
has one) read from that sentence (scope_facts.py); "..., the $8 \\times 8$ map of the first
example" after the claim restating its result, not a second input (restated_result.py).

Truth: the output shapes torch computes for those layers.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.defined_outputs import defined_output_names
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for v in check_text(text, "notes.md").verdicts:
        found.setdefault(v.line, []).append(v.status)
    return found


def test_english_notation_list_pooling_and_transposed_examples() -> None:
    x = torch.zeros(1, 1, 7, 7)
    assert F.avg_pool2d(x, 2, stride=2).shape[-1] == 3
    assert F.max_pool2d(x, 2, stride=2).shape[-1] == 3  # not the ceiling's 4
    up = F.conv_transpose2d(
        torch.zeros(1, 1, 4, 4), torch.zeros(1, 1, 3, 3), stride=2, padding=1, output_padding=1
    )
    assert up.shape[-1] == 8  # not 10
    text = (
        "# Week 4 handout: sizes at a glance\n\n"
        "**Notation.** Input side $n$, window side $f$, step $t$, output size $m$. Square "
        "maps only; pooling uses no padding.\n\n## Pooling\n\n"
        "A $2 \\times 2$ average pooling with stride 2 on a $7 \\times 7$ map gives "
        "$m = \\lfloor (7 - 2)/2 \\rfloor + 1 = 3$.\n\n"
        "A $2 \\times 2$ max pool with stride 2 on a $7 \\times 7$ map gives "
        "$m = \\lceil (7 - 2)/2 \\rceil + 1 = 4$.\n\n## Transposed layers\n\n"
        "The output size of a transposed convolution is written $m'$.\n\n"
        "Example (a $4 \\times 4$ input, stride 2, a $3 \\times 3$ kernel, padding 1, output "
        "padding 1): $m' = 2 \\cdot 3 + 1 + 3 - 2 = 8$, the $8 \\times 8$ map of the first "
        "example.\n\n"
        "Example (a $4 \\times 4$ input, stride 2, a $3 \\times 3$ kernel, padding 1, output "
        "padding 1): $m' = 2 \\cdot 4 + 1 + 3 - 2 = 10$, the $10 \\times 10$ map of the first "
        "example.\n"
    )
    found = _verdicts(text)
    assert found[7] == [VERIFIED], found
    assert found[9] == [WRONG], found
    assert found[15] == [VERIFIED], found
    assert found[17] == [WRONG], found


def test_portuguese_definition_after_the_letter() -> None:
    assert F.conv1d(torch.zeros(1, 1, 20), torch.zeros(1, 1, 4), stride=3).shape[-1] == 6
    assert F.conv1d(torch.zeros(1, 1, 20), torch.zeros(1, 1, 5), stride=2).shape[-1] == 8
    text = (
        "# Capítulo 3 — Camadas convolucionais 1-D\n\n"
        "Notação: comprimento de entrada $T$, tamanho do filtro $K$, passo $S$, sendo $M$ o "
        "comprimento da saída.\n\n"
        "Para uma entrada de comprimento 20, um filtro de tamanho 4 e passo 3, sem "
        "preenchimento, o comprimento da saída é $M = \\lfloor (20 - 4)/3 \\rfloor + 1 = 6$.\n\n"
        "Para uma entrada de comprimento 20, um filtro de tamanho 5 e passo 2, sem "
        "preenchimento, seu comprimento de saída é $M = \\lceil (20 - 5)/2 \\rceil + 1 = 9$.\n"
    )
    found = _verdicts(text)
    assert found[5] == [VERIFIED], found
    assert found[7] == [WRONG], found


def test_a_layer_not_stated_near_the_claim_stays_open() -> None:
    """The letter is read as the output, but no input is stated for the second layer: the
    output of which layer is not read."""
    text = (
        "# Notas\n\nNotação: sendo $M$ o comprimento da saída.\n\n"
        "A segunda camada aplica 32 filtros com passo 2, sem preenchimento, e seu comprimento "
        "de saída é $M = \\lceil (124 - 3)/2 \\rceil + 1 = 62$.\n"
    )
    assert _verdicts(text)[5] == [NOT_UNDERSTOOD]


def test_which_words_define_an_output_letter() -> None:
    names = defined_output_names(
        [
            "input size $i$, kernel size $k$, stride $s$, zero padding $p$, output size $o$.",
            "lato d'ingresso $n$, lato d'uscita $q$; sendo $T'$ o comprimento da saída",
            "$H_s$ désigne la taille de sortie, and the output $Y$ has 3 channels",
            "the output size of the layer with kernel $k$ grows",  # k is no output size
        ]
    )
    assert names == {"o", "q", "T'", "H_s"}
