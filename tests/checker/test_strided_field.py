"""The receptive field of strided convolutions a sentence lists in order ("conv $3 \\times 3$
de pas 2 puis conv $3 \\times 3$ de pas 1 donnent $R = ...$", fresh33's "which quantity R
is, is not read"), R named a field by the heading it stands under.  Truth: the input
entries one output's gradient reaches through torch conv1d layers of ones."""

from __future__ import annotations

import torch
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

F = torch.nn.functional


def _field(*layers: tuple[int, int]) -> int:
    """Input entries one output of conv1d layers (kernel, stride) in order sees."""
    x = torch.zeros(1, 1, 80, requires_grad=True)
    y = x
    for k, s in layers:
        y = F.conv1d(y, torch.ones(1, 1, k), stride=s)
    y[0, 0, y.shape[-1] // 2].backward()
    return int((x.grad != 0).sum())


ENGLISH = f"""# Receptive fields with strides

A $5 \\times 5$ conv with stride 2 followed by a $3 \\times 3$ conv with stride 1 gives a receptive
field of $RF = 1 + 4 + 2 \\cdot 2 = {_field((5, 2), (3, 1))}$ pixels.

Three layers, conv $3 \\times 3$ stride 2, then conv $3 \\times 3$ stride 2, then conv $3 \\times 3$
stride 1, give a receptive field of $RF = 1 + 2 + 2 + 2 = 7$ pixels.
"""


def test_an_english_list_of_strided_layers_gives_the_field() -> None:
    assert one_verdict(ENGLISH, "1 + 4 + 2").status == VERIFIED
    wrong = one_verdict(ENGLISH, "1 + 2 + 2 + 2")  # the strides compound: 1 + 2 + 4 + 8
    assert wrong.status == WRONG
    assert f"{_field((3, 2), (3, 2), (3, 1))}, not 7" in wrong.message


FRENCH = f"""# Fiche : convolutions

## Champ récepteur

- Exemple : conv $5 \\times 5$ de pas 1 puis conv $3 \\times 3$ de pas 2 donnent
  $R = 4 + 2 + 1 = {_field((5, 1), (3, 2))}$.
- Autre exemple : conv $3 \\times 3$ de pas 2 puis conv $3 \\times 3$ de pas 2 donnent
  $R = 1 + 2 + 2 = 5$.
"""


def test_a_french_list_under_its_heading_gives_the_field() -> None:
    assert one_verdict(FRENCH, "4 + 2 + 1").status == VERIFIED
    wrong = one_verdict(FRENCH, "1 + 2 + 2 = 5")  # the second stride: 1 + 2 + 2·2 = 7
    assert wrong.status == WRONG and f"{_field((3, 2), (3, 2))}, not 5" in wrong.message
