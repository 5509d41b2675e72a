# ruff: noqa: E501  (the notes' sentences are kept as people write them)
"""A 2-D layer's kernel stated by its side alone in the prose ("kernel di dimensione 3",
"Kernelgröße 3", "un noyau de taille 3", "with kernel 3"): its window is k x k, so a count of
the layer the sentence describes holds k² weights per input channel and filter
(prose_layer_count._KERNEL_SIDE).  A layer the sentence does not say is 2-D keeps no such
reading (a 1-D layer's kernel 3 holds 3 taps).

The truths are PyTorch's: the layers are built and their parameters counted.
"""

from __future__ import annotations

import pytest
import torch
from line_verdicts import statuses

from symconv.checker.prose_layer_count import prose_count
from symconv.checker.report import VERIFIED, WRONG

nn = torch.nn


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


TWO_D = _count(nn.Conv2d(3, 8, 3))
ONE_D = _count(nn.Conv1d(3, 8, 3))
GROUPED = _count(nn.Conv2d(8, 4, 5, groups=2))

NOTES = {
    "it": f"# Conteggio\n\nUno strato convolutivo 2D con 3 canali in ingresso, 8 filtri e kernel di dimensione 3 ha $8 \\cdot 3 \\cdot 3 \\cdot 3 + 8 = {TWO_D}$ parametri.\n",
    "de": f"# Parameter\n\nEine 2D-Faltung mit 3 Eingangskanälen, 8 Filtern und Kernelgröße 3 hat $8 \\cdot 27 + 8 = {TWO_D}$ Parameter.\n",
    "fr": f"# Comptage\n\nUne couche de convolution 2D avec 3 canaux d'entrée, 8 filtres et un noyau de taille 3 a $8 \\cdot 3 \\cdot 9 + 8 = {TWO_D}$ paramètres.\n",
    "en": f"# Counts\n\nA `Conv2d` layer with 8 input channels, 4 filters with kernel 5 and `groups=2` has $4 \\cdot 4 \\cdot 25 + 4 = {GROUPED}$ parameters.\n",
}
# the same sentences with the 1-D count a k-tap kernel would give: wrong for the 2-D layer
SLIPS = {
    "it": NOTES["it"].replace(f"3 \\cdot 3 \\cdot 3 + 8 = {TWO_D}", f"3 \\cdot 3 + 8 = {ONE_D}"),
    "fr": NOTES["fr"].replace(f"3 \\cdot 9 + 8 = {TWO_D}", f"3 \\cdot 3 + 8 = {ONE_D}"),
}


def test_the_truths_are_pytorchs():
    assert TWO_D == 8 * 3 * 9 + 8
    assert ONE_D == 8 * 3 * 3 + 8  # the slips' value: a 1-D layer's, not the 2-D one's
    assert GROUPED == 4 * (8 // 2) * 25 + 4


@pytest.mark.parametrize("language", sorted(NOTES))
def test_a_kernel_by_its_side_is_the_square_window_of_a_2d_layer(language):
    assert statuses(NOTES[language], "$") == [VERIFIED]


@pytest.mark.parametrize("language", sorted(SLIPS))
def test_a_count_with_k_taps_for_a_2d_layer_is_caught(language):
    assert statuses(SLIPS[language], "$") == [WRONG]


def test_a_layer_not_said_2d_or_said_1d_gets_no_square_window_here():
    unsaid = "A layer with 3 input channels and 8 filters with kernel size 3 has"
    one_d = "A 1-D convolution with 3 input channels and 8 filters with kernel size 3 has"
    assert prose_count(unsaid) is None
    assert prose_count(one_d) is None
    # (a filter word with a number of channels after it is no kernel side)
    assert prose_count("A 2-D layer with 3 input channels and 8 filters of 3 channels has") is None
