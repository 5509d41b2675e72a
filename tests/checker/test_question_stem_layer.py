"""A lettered part of a question ("**a) Output length.**", "**(b)**") reads the layer its
question's statement gives above the first part, as its own passage would (fresh32's
"the output side T_out of which layer is not read (the notes do not state its input near
the claim)"); a part under a later heading never reads an earlier question's statement.
A 1-D input named a (time) series of a length is that input.  Truth: torch's conv1d."""

from __future__ import annotations

import torch
from line_verdicts import one_verdict as _claim

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

F = torch.nn.functional


def _length(n: int, k: int, s: int, p: int) -> int:
    return F.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, k), stride=s, padding=p).shape[-1]


ENGLISH = f"""# Homework 4 — 1-D convolutions on sensor data

## Problem 2: a strided layer

We apply `nn.Conv1d(2, 4, kernel_size=5, stride=3, padding=2)` to a time series of length $T = 31$.

**a) Output length.**

$$L_{{out}} = \\lfloor (31 + 4 - 5)/3 \\rfloor + 1 = {_length(31, 5, 3, 2)}$$

**b) Output length without padding.** Counting only full windows,

$$L_{{out}} = \\left\\lceil \\frac{{31 - 5}}{{3}} \\right\\rceil + 1 = 10$$

## Problem 3: another layer

**a) Output length.**

$$L_{{out}} = \\left\\lfloor \\frac{{20 - 3}}{{1}} \\right\\rfloor + 1 = 18$$
"""


def test_a_part_reads_the_layer_its_question_states() -> None:
    assert _claim(ENGLISH, "31 + 4 - 5").status == VERIFIED
    ceiling = _claim(ENGLISH, "\\lceil")  # the part's own "without padding": 9 windows fit
    assert ceiling.status == WRONG and f"{_length(31, 5, 3, 0)}, not 10" in ceiling.message
    # Problem 3 states no layer; Problem 2's is another question's
    assert _claim(ENGLISH, "20 - 3").status == NOT_UNDERSTOOD


PORTUGUESE = f"""# Lista 5 — Convolução 1-D

## Questão 1

Usamos `nn.Conv1d(1, 3, kernel_size=4, stride=2)` sobre uma série de comprimento $N = 40$.

**(a)** Comprimento da saída:

$$L_{{out}} = 36/2 + 1 = {_length(40, 4, 2, 0)}$$

**(b)** Esquecendo o núcleo, um aluno escreveu

$$L_{{out}} = 40/2 = 20$$
"""


def test_a_portuguese_part_reads_its_question_and_the_series_length() -> None:
    # (the numbers alone name no layer: 36/2 + 1 is the question's layer's side)
    assert _claim(PORTUGUESE, "36/2 + 1").status == VERIFIED
    wrong = _claim(PORTUGUESE, "40/2 = 20")
    assert wrong.status == WRONG and f"{_length(40, 4, 2, 0)}" in wrong.message
