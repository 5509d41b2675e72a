"""Which words of a line are a size claim's own (bound_sizes.py, scope_facts.py):

* "$H_{out} = 28 + 4 - 5 + 1 = 28$, and with padding 0 it would be $H_{out} = 28 - 5 + 1 =
  24$": the clause leading to the second claim sets its case (padding 0), not the first's;
  read as the first's, the correct 28 was called "24, not 28" (a false alarm);
* "$H = 9 - 5 + 1 = 5$; mit $p = 2$ bleibt die Größe erhalten, $H = 9$": the short claim is
  the start of the long one, and the words found around it would be the long one's: it is
  not read (it was judged under the first claim's "ohne Padding");
* a numbered question under a title naming a transposed convolution, with no word of its
  own naming the layer: not judged as a convolution (its output would shrink, not grow).

Truth: torch's conv2d and conv_transpose2d output shapes.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG


def _side(h: int, k: int, p: int, s: int = 1, d: int = 1) -> int:
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


def _transposed(h: int, k: int, p: int, s: int) -> int:
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return int(F.conv_transpose2d(x, w, stride=s, padding=p).shape[-1])


ENGLISH = """# Exercise sheet 4

A convolution layer has a $5 \\times 5$ kernel, stride 1 and padding 2, and its input is \
a $28 \\times 28$ image.

The output side is $H_{out} = 28 + 4 - 5 + 1 = 28$, and with padding 0 it would be \
$H_{out} = 28 - 5 + 1 = 24$.

A slip: $H_{out} = 28 + 4 - 5 + 1 = 27$, and with padding 0 it would be \
$H_{out} = 28 - 5 + 1 = 23$.
"""

SPANISH = """# Hoja 3, ejercicio 2

Una capa convolucional con núcleo $3 \\times 3$, paso 2 y relleno 1 recibe una entrada de \
$15 \\times 15$.

La salida mide $H_{out} = \\lfloor (15 + 2 - 3)/2 \\rfloor + 1 = 8$, y sin relleno mediría \
$H_{out} = \\lfloor (15 - 3)/2 \\rfloor + 1 = 7$.
"""

PREFIX = """# Übung 7 — dilatierte Faltung

Eine Merkmalskarte $X$ der Größe $9 \\times 9$ wird mit einem $3 \\times 3$-Kern gefaltet, \
$d = 2$, Stride 1.

Ohne Padding: $H_{\\text{out}} = 9 - 5 + 1 = 5$; mit $p = 2$ bleibt die Größe erhalten, \
$H_{\\text{out}} = 9$.
"""

TRANSPOSED = """# Transposed convolutions for upsampling

**1.** Take $H_{in} = 4$, $k = 4$, $s = 2$, $p = 1$: $H_{out} = 3 \\cdot 2 - 2 + 4 = 8$.

**2.** Take $H_{in} = 5$, $k = 3$, $s = 2$, $p = 1$: $H_{out} = 4 \\cdot 2 - 2 + 3 = 9$.
"""


def test_the_truth_of_the_notes():
    assert _side(28, 5, 2) == 28 and _side(28, 5, 0) == 24
    assert _side(15, 3, 1, 2) == 8 and _side(15, 3, 0, 2) == 7
    assert _side(9, 3, 0, d=2) == 5 and _side(9, 3, 2, d=2) == 9
    assert _transposed(4, 4, 1, 2) == 8 and _transposed(5, 3, 1, 2) == 9
    assert _side(4, 4, 1, 2) == 2  # read as a convolution: "2, not 8", a false alarm


def test_the_clause_before_the_next_claim_is_that_claims():
    assert statuses(ENGLISH, "The output side is") == [VERIFIED, VERIFIED]
    assert statuses(SPANISH, "La salida mide") == [VERIFIED, VERIFIED]
    assert statuses(ENGLISH, "A slip") == [WRONG, WRONG]


def test_a_claim_that_starts_a_longer_one_is_not_read():
    assert statuses(PREFIX, "Ohne Padding") == [VERIFIED, NOT_UNDERSTOOD]


def test_an_unnamed_layer_under_a_transposed_title_is_no_convolution():
    assert WRONG not in statuses(TRANSPOSED, "**1.**")
    assert WRONG not in statuses(TRANSPOSED, "**2.**")
