# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""An output length whose own sentence names its layer by a constructor, before it ("Our
first layer is `nn.Conv1d(1, 8, kernel_size=7, stride=2, padding=3)`, so $N_{out} = ... =
500$", issue 16, fresh39): the claim is about that layer, even where the sizes reader took
another input (a hand example's signal) and found it wrong there.  Truth: torch Conv1d
output lengths, computed here.
"""

from __future__ import annotations

import torch
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

NAMED_EN = """# Lab 3: one layer by hand, then the real one

## 1. By hand

One channel, input $x$ of size $6$, kernel $w$ of size $3$, stride 1, no padding, bias $b$:

$$y_t = b + \\sum_{k=1}^{3} w_k\\, x_{t+k-1}$$

Test signal: $x = (1, 0, 2, -1, 3, 1)$, $w = (2, 1, 0)$, $b = 0$.

## 2. The real layer

The recordings are 2000 samples long. With padding $P$ and stride $S$ the output length is

$$L_{out} = \\left\\lfloor \\frac{L + 2P - K}{S} \\right\\rfloor + 1$$

Our first layer is `nn.Conv1d(1, 4, kernel_size=9, stride=4, padding=4)`, so $L_{out} = \\lfloor (2000 + 8 - 9)/4 \\rfloor + 1 = 500$.

A second try used `nn.Conv1d(1, 4, kernel_size=9, stride=4, padding=4)` too, and we wrote $L_{out} = \\lfloor (2000 + 8 - 9)/4 \\rfloor + 1 = 501$.
"""

NAMED_ES = """# Práctica: una capa a mano y la de verdad

## 1. A mano

Un canal, entrada $x$ de tamaño $5$, núcleo $w$ de tamaño $2$, paso 1, sin relleno, sesgo $b$:

$$y_t = b + \\sum_{k=1}^{2} w_k\\, x_{t+k-1}$$

Señal de prueba: $x = (3, 1, 0, 2, 1)$, $w = (1, -1)$, $b = 1$.

## 2. La capa real

Las señales tienen 1200 muestras. Con relleno $P$ y paso $S$ la longitud de salida es

$$N_{out} = \\left\\lfloor \\frac{N + 2P - K}{S} \\right\\rfloor + 1$$

Nuestra primera capa es `nn.Conv1d(1, 16, kernel_size=5, stride=3, padding=2)`, así que $N_{out} = \\lfloor (1200 + 4 - 5)/3 \\rfloor + 1 = 400$.

Con la misma capa `nn.Conv1d(1, 16, kernel_size=5, stride=3, padding=2)` otro grupo escribió $N_{out} = \\lfloor (1200 + 4 - 5)/3 \\rfloor + 1 = 399$.
"""


def _length(n: int, k: int, s: int, p: int) -> int:
    return torch.nn.Conv1d(1, 1, k, stride=s, padding=p)(torch.zeros(1, 1, n)).shape[-1]


def test_length_of_the_layer_its_sentence_names() -> None:
    assert _length(2000, 9, 4, 4) == 500
    assert _length(1200, 5, 3, 2) == 400
    assert one_verdict(NAMED_EN, "= 500$").status == VERIFIED
    assert one_verdict(NAMED_ES, "= 400$").status == VERIFIED


def test_wrong_length_of_the_layer_its_sentence_names_is_caught() -> None:
    assert _length(2000, 9, 4, 4) != 501
    assert _length(1200, 5, 3, 2) != 399
    assert one_verdict(NAMED_EN, "= 501$").status == WRONG
    assert one_verdict(NAMED_ES, "= 399$").status == WRONG
