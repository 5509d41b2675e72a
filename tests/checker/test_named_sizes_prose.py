"""Sizes and counts under names the notes define in prose (fresh14/fresh15's "which quantity
H_s / n is, is not read", "K is not a size of this layer", "P is the parameter count here"):
a name introduced as the output size ("La taille de la sortie est $$H_s = ...$$"), a layer
stated as "la capa recibe el mapa $a^{(l-1)}$ de tamaño 6 x 6", tuple assignments of a
notebook's shape letters ("(N, C, H, W) = (2, 3, 5, 5)", "(F, C, K, K) = (2, 3, 3, 3)"), a
count formula written first ("F(CK^2 + 1) = 2 \\cdot 28 = 58"), and an earlier version's
setting ("copiado del caso sin relleno") that is no fact of the layer.  Truth: torch's output
shapes and parameter counts."""

from __future__ import annotations

import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if written in v.source]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


def _side(conv: nn.Module, n: int) -> int:
    return int(conv(torch.zeros(1, 1, n, n)).shape[-1])


FRENCH = """# Chapitre 4

On considère une entrée $X$ de taille $H \\times H$, un noyau $K$ de taille $k \\times k$, un pas
$S$ et un remplissage de $P$ zéros. La taille de la sortie est

$$H_s = \\left\\lfloor \\frac{{H + 2P - k}}{{S}} \\right\\rfloor + 1$$

Dans tout le chapitre, sauf mention contraire, $H = 7$, $k = 3$, $S = 2$ et $P = 1$. On a donc

$$H_s = \\lfloor (7 + 2 - 3)/2 \\rfloor + 1 = {at7}$$

Remarque : avec une entrée de taille 8, la partie entière sert vraiment :

$$H_s = \\lfloor (8 + 2 - 3)/2 \\rfloor + 1 = {at8}$$
"""


def test_a_name_introduced_as_the_output_size() -> None:
    conv = nn.Conv2d(1, 1, 3, stride=2, padding=1)
    at7, at8 = _side(conv, 7), _side(conv, 8)
    found = _verdicts(FRENCH.format(at7=at7, at8=at8))
    assert _of(found, "(7 + 2 - 3)").status == VERIFIED
    assert _of(found, "(8 + 2 - 3)").status == VERIFIED  # the sentence's own input, 8
    found = _verdicts(FRENCH.format(at7=at7, at8=at8 + 1))  # floor(3.5) + 1 written as 5
    wrong = _of(found, "(8 + 2 - 3)")
    assert wrong.status == WRONG and f"{at8}, not {at8 + 1}" in wrong.message


SPANISH = """# Tema 6

La capa $l$ recibe el mapa $a^{{(l-1)}}$ de tamaño $6 \\times 6$ y tiene un filtro $w^{{(l)}}$ de
$3 \\times 3$ y un sesgo escalar $b^{{(l)}}$. Índices desde 1, paso 1, sin relleno.

El tamaño de salida es

$$n^{{(l)}} = {formula}$$
"""


def test_a_layer_that_receives_a_map_and_its_output_name() -> None:
    side = _side(nn.Conv2d(1, 1, 3), 6)
    found = _verdicts(SPANISH.format(formula=f"6 - 3 + 1 = {side}"))
    assert _of(found, "n^{(l)}").status == VERIFIED
    found = _verdicts(SPANISH.format(formula=f"6 - 2 + 1 = {side + 1}"))  # the kernel 2
    assert _of(found, "n^{(l)}").status == WRONG


ASIDE = (
    "> Nota: en la primera versión puse $dX[n,c] = \\sum_{f} \\operatorname{pad}_2(dY[n,f]) "
    "\\star \\operatorname{rot}_{180}(W[f,c])$, copiado del caso sin relleno."
)
NOTEBOOK = """# Conv2D desde cero

Trabajamos con un lote `x` de forma `(N, C, H, W) = (2, 3, 5, 5)`, filtros `w` de forma
`(F, C, K, K) = (2, 3, 3, 3)`, un sesgo `b` de longitud `F`, paso 1 y relleno `P = 1`.

## 1. Forward

El tamaño de salida con relleno 1 es $H' = H + 2P - K + 1 = {side}$.

## 3. Versión vectorizada

$$dX[n,c] = \\sum_{{f=0}}^{{1}} \\operatorname{{pad}}_1(dY[n,f])
\\star \\operatorname{{rot}}_{{180}}(W[f,c])$$

{aside}

## 5. Cuentas

Parámetros de la capa: $F\\,(C K^2 + 1) = 2 \\cdot 28 = {count}$.
"""


def test_a_notebooks_shape_tuples_state_the_layer() -> None:
    conv = nn.Conv2d(3, 2, 3, padding=1)
    side = int(conv(torch.zeros(2, 3, 5, 5)).shape[-1])
    count = sum(p.numel() for p in conv.parameters())
    found = _verdicts(NOTEBOOK.format(side=side, count=count, aside=ASIDE))
    assert _of(found, "H' =").status == VERIFIED
    # the section keeps the padding 1: the earlier version's "sin relleno" is no fact of it
    assert _of(found, "\\operatorname{pad}_1(dY").status == VERIFIED
    assert _of(found, "\\operatorname{pad}_2(dY").status == WRONG
    assert _of(found, "C K^2").status == VERIFIED
    wrong = _of(_verdicts(NOTEBOOK.format(side=side, count=count + 2, aside=ASIDE)), "C K^2")
    assert wrong.status == WRONG and f"{count}, not {count + 2}" in wrong.message


def test_an_output_name_in_a_general_formula_and_an_identity() -> None:
    # by hand: floor((H + 2P - k)/S) + 1 is PyTorch's output side; (H_s - 1)S + k = H + 2P
    # holds only when S divides H + 2P - k (H = 8, k = 3, S = 2, P = 1: 3·2 + 3 = 9 != 10)
    conv = nn.Conv2d(1, 1, 3, stride=2, padding=1)
    h_s = _side(conv, 8)
    assert (h_s - 1) * 2 + 3 != 8 + 2 and (_side(conv, 7) - 1) * 2 + 3 == 7 + 2
    found = _verdicts(FRENCH.format(at7=_side(conv, 7), at8=h_s) + IDENTITY)
    assert _of(found, "\\frac{H + 2P - k}{S}").status == VERIFIED
    assert _of(found, "(H_s - 1)S").status == "size-specific"
    found = _verdicts(
        FRENCH.format(at7=_side(conv, 7), at8=h_s) + IDENTITY.replace("+ k", "+ k - 1")
    )
    assert _of(found, "(H_s - 1)S").status in (WRONG, "size-specific")


IDENTITY = """
## 4.5 Tailles en général

Après le remplissage et la corrélation, on retrouve la taille de l'entrée complétée :

$$(H_s - 1)S + k = H + 2P$$
"""


CAUSAL = """# Causal convolutions

## Part 2 — causal 1-D convolution

Sequence $x_0, \\dots, x_7$ ($T = 8$), kernel $w_0, w_1, w_2$ ($K = 3$). Causal means output $t$
only sees inputs up to $t$, so we pad on the left only.

For the dilated layer ($d = 2$) I first padded with $K - 1$ zeros, $P = K - 1 = 2$, and the
output came out two steps short; the left padding has to be $P = (K - 1)\\, d = {right}$.
"""


def test_the_left_padding_of_a_causal_dilated_layer() -> None:
    # truth: the left padding that keeps the length of a dilated conv (torch, by trying)
    x, w = torch.zeros(1, 1, 8), torch.zeros(1, 1, 3)
    keeps = [
        p
        for p in range(8)
        if nn.functional.conv1d(nn.functional.pad(x, (p, 0)), w, dilation=2).shape[-1] == 8
    ]
    assert keeps == [4]
    found = _verdicts(CAUSAL.format(right=keeps[0]))
    short = _of(found, "P = K - 1")
    assert short.status == WRONG and "4, not 2" in short.message
    assert _of(found, "P = (K - 1)").status == VERIFIED
    assert _of(_verdicts(CAUSAL.format(right=6)), "P = (K - 1)").status == WRONG
