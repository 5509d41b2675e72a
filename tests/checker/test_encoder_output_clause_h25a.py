"""An output-size letter its own clause names as the encoder's, in notes on the decoder.

Notes on a transposed convolution that undoes an encoder's strided one write "with
$H' = \\lfloor (H + 2p - k)/s \\rfloor + 1$ the encoder's output and $a = ...$, the decoder
gives ... back".  Judged as the transposed layer's output side (the section's subject), the
correct forward formula was called wrong.  The words right beside the inline formula now
name what its letter is: an encoder (en, fr, es, de, ...) or a plain convolution there,
and no decoder or transposed layer, make it the forward layer's side
(size_formula_layer.forward_by_its_clause).  A wrong forward formula stays wrong.

Truth: torch's Conv2d output side over a grid of sizes, against the formula."""

from __future__ import annotations

import itertools

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD = """# Getting the size back

The encoder uses `nn.Conv2d(16, 32, 5, stride=3, padding=2)` and the decoder mirrors it \
with `nn.ConvTranspose2d(32, 16, 5, stride=3, padding=2)`.

The decoder's output side is $H_{out} = (H_{in} - 1)\\, s - 2p + k + a$, with $a$ its \
output padding.

"""
RIGHT = r"\left\lfloor \frac{H + 2p - k}{s} \right\rfloor + 1"
SLIP = r"\left\lfloor \frac{H + p - k}{s} \right\rfloor + 1"  # one padding only
CLAUSES = {
    "en": "To recover the input, with $H' = {f}$ the encoder's output and "
    "$a = (H + 2p - k) \\bmod s$, the decoder gives the input side back.",
    "fr": "Pour retrouver l'entrée, avec $H' = {f}$ la sortie de l'encodeur, le décodeur "
    "rend la taille d'origine.",
    "es": "Para recuperar la entrada, con $H' = {f}$ la salida del codificador, el "
    "decodificador devuelve el tamaño original.",
}


def _forward_side(h: int, k: int, s: int, p: int) -> int:
    conv = torch.nn.Conv2d(1, 1, k, stride=s, padding=p)
    return int(conv(torch.zeros(1, 1, h, h)).shape[-1])


def _holds(formula) -> bool:
    grid = itertools.product(range(5, 12), range(1, 6), range(1, 4), range(0, 3))
    return all(
        formula(h, k, s, p) == _forward_side(h, k, s, p) for h, k, s, p in grid if h + 2 * p >= k
    )


def _verdict(lang: str, formula: str):
    text = HEAD + CLAUSES[lang].replace("{f}", formula) + "\n"
    line = text.count("\n")  # the clause's line, the last one
    found = [v for v in check_text(text, "notes.md").verdicts if v.line == line]
    found = [v for v in found if v.source.startswith("H'")]
    assert len(found) == 1, found
    return found[0]


def test_the_truth_of_both_formulas() -> None:
    assert _holds(lambda h, k, s, p: (h + 2 * p - k) // s + 1)
    assert not _holds(lambda h, k, s, p: (h + p - k) // s + 1)


@pytest.mark.parametrize("lang", sorted(CLAUSES))
def test_the_encoders_output_is_the_forward_side(lang: str) -> None:
    verdict = _verdict(lang, RIGHT)
    assert verdict.status == VERIFIED, verdict.message
    assert "forward convolution" in verdict.message


@pytest.mark.parametrize("lang", sorted(CLAUSES))
def test_a_wrong_forward_formula_is_still_wrong(lang: str) -> None:
    verdict = _verdict(lang, SLIP)
    assert verdict.status == WRONG, verdict.message


def test_a_clause_naming_the_decoder_stays_the_transposed_layers() -> None:
    # "... is not the decoder's output": the clause names the decoder, the forward formula
    # is not read as the forward layer's side (and is not verified as the decoder's)
    text = HEAD + f"Note that $H' = {RIGHT}$ is not the decoder's output.\n"
    found = [v for v in check_text(text, "notes.md").verdicts if v.source.startswith("H'")]
    assert found and all(v.status != VERIFIED for v in found), found
