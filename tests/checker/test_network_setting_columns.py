"""A network stated as a table with one column per setting (``| Layer | Type | Filters | Kernel
| Stride | Padding | Output |``, ``| Schicht | Kern | Schrittweite | Padding | Ausgabe |``):
its sizes, counts and multiplication counts named H_k, P_k, M_k are judged against the
row's layer (fresh32's "which quantity H_3 / M_1 is, is not read").  Truth: torch modules'
outputs and parameters; multiplications by hand as (output values) x (weights of one
window), which is what a convolution's sum multiplies.  A passage about another input than
the table's is never judged against the table."""

from __future__ import annotations

import torch
from line_verdicts import one_verdict as _claim

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

nn = torch.nn


def _params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _mults(conv: nn.Conv2d, out: torch.Tensor) -> int:
    return out[0].numel() * conv.weight[0].numel()  # each output value: one window's products


# ------------------------------------------------------------ English, one column a setting
E1 = nn.Conv2d(3, 12, 3, stride=1, padding=1)
E_POOL = nn.MaxPool2d(2, 2)
E2 = nn.Conv2d(12, 24, 5, stride=2, padding=2)
E_X = torch.zeros(1, 3, 40, 40)
E_Y1 = E1(E_X)
E_Y2 = E2(E_POOL(E_Y1))
E_FC = nn.Linear(E_Y2[0].numel(), 10)
E_TOTAL = _params(E1) + _params(E2) + _params(E_FC)
E_M1 = _mults(E1, E_Y1)
ENGLISH = f"""# A small classifier, layer by layer

All layers have a bias.

| Layer | Type | Filters | Kernel | Stride | Padding | Output |
|-------|------|---------|--------|--------|---------|--------|
| input | image | – | – | – | – | 3 × 40 × 40 |
| conv1 | convolution | 12 | 3 | 1 | 1 | {E_Y1.shape[1]} × 40 × 40 |
| pool1 | max pool | – | 2 × 2 | 2 | 0 | 12 × 20 × 20 |
| conv2 | convolution | 24 | 5 | 2 | 2 | ? |
| fc | dense, 10 outputs | – | – | – | – | 10 |

## Output sizes

For conv2: $$H_2 = \\left\\lfloor \\frac{{20 + 4 - 5}}{{2}} \\right\\rfloor + 1 = {E_Y2.shape[-1]}$$

## Parameters (weights and biases)

$P_1 = 12 (3 \\cdot 9 + 1) = {_params(E1)}$

$P_2 = 24 \\cdot 12 \\cdot 25 = 7200$

All together: $P = {_params(E1)} + {_params(E2)} + {_params(E_FC)} = {E_TOTAL}$

Added together, the first two counts give $P = 336 + 7224 = 7560$

## Cost

The number of multiplications of conv1 for one image is
$$M_1 = 40 \\cdot 40 \\cdot 12 \\cdot 27 = {_mults(E1, E_Y1)}$$

and conv2 makes $M_2 = 10 \\cdot 10 \\cdot 24 \\cdot 25 = 60000$ multiplications.

For a batch of 8 images conv1 makes $M_1 = 8 \\cdot {E_M1} = {8 * E_M1}$ multiplications.

## (e) Input 48 × 48

Then conv1 keeps the side: $H_1 = 48 + 2 - 3 + 1 = 48$ rows of output.
"""


def test_an_english_table_of_setting_columns_binds_names_to_rows() -> None:
    assert _claim(ENGLISH, "H_2 =").status == VERIFIED  # floor(19/2) + 1 = 10
    assert _claim(ENGLISH, "P_1 =").status == VERIFIED  # 336
    wrong = _claim(ENGLISH, "P_2 =")  # the biases and nothing else forgotten: 7224
    assert wrong.status == WRONG and str(_params(E2)) in wrong.message
    assert _claim(ENGLISH, "All together").status == VERIFIED
    # two counts "added together" are a part of the network: never compared with its total
    assert _params(E1) + _params(E2) == 7560
    assert _claim(ENGLISH, "the first two counts").status != WRONG
    assert _claim(ENGLISH, "M_1 = 40").status == VERIFIED  # 40·40·12 outputs, 27 products each
    assert _claim(ENGLISH, "batch of 8").status != WRONG  # a batch's count: not the layer's
    mults = _claim(ENGLISH, "M_2 =")  # the input channels forgotten: 10·10·24·12·25 = 720000
    assert mults.status == WRONG and str(_mults(E2, E_Y2)) in mults.message
    # "Input 48 × 48" heads a variant: 48 is right there, and no side of the table's 40 x 40
    assert _claim(ENGLISH, "H_1 =").status == NOT_UNDERSTOOD


# ------------------------------------------------------------ German, the label carries the count
G1 = nn.Conv2d(1, 6, 3)
G_POOL = nn.MaxPool2d(2, 2)
G2 = nn.Conv2d(6, 10, 3, stride=2, padding=1)
G_X = torch.zeros(1, 1, 20, 20)
G_P = G_POOL(G1(G_X))
G_Y2 = G2(G_P)
G_FC = nn.Linear(G_Y2[0].numel(), 5)
GERMAN = f"""# Klausur Deep Learning, Aufgabe 2 (Lösung)

Gegeben ist das folgende Netz.

| Schicht | Kern | Schrittweite | Padding | Ausgabe |
|---------|------|--------------|---------|---------|
| Eingabe | – | – | – | $1 \\times 20 \\times 20$ |
| conv1, 6 Filter | $3 \\times 3$ | 1 | 0 | $6 \\times 18 \\times 18$ |
| maxpool | $2 \\times 2$ | 2 | 0 | (a) |
| conv2, 10 Filter | $3 \\times 3$ | 2 | 1 | (a) |
| dense, 5 Ausgänge | – | – | – | 5 |

**(a) Ausgabegrößen.** Nach dem Pooling: $$H_2 = 18 / 2 - 1 = 8$$

Für conv2: $$H_3 = \\left\\lfloor \\frac{{9 + 2 - 3}}{{2}} \\right\\rfloor + 1 = {G_Y2.shape[-1]}$$

**(b) Parameter (Gewichte und Bias).**

$$P_2 = 10 \\cdot 6 \\cdot 9 + 10 = {_params(G2)}$$

$$P_3 = 10 \\cdot 4 \\cdot 4 \\cdot 5 + 5 = 805$$

**(c) Aufwand.** Die Zahl der Multiplikationen von conv1 ist
$$M_1 = 18 \\cdot 18 \\cdot 6 \\cdot 9 = {_mults(G1, G1(G_X))}$$
"""


def test_a_german_table_with_counts_in_the_labels_binds_names_to_rows() -> None:
    pooled = _claim(GERMAN, "H_2 =")  # the pooling's side is 9 ("Nach dem Pooling" names it)
    assert pooled.status == WRONG and str(G_P.shape[-1]) in pooled.message
    assert _claim(GERMAN, "H_3 =").status == VERIFIED  # floor(8/2) + 1 = 5
    assert _claim(GERMAN, "P_2 =").status == VERIFIED  # 550
    dense = _claim(GERMAN, "P_3 =")  # the dense layer gets 10·5·5 = 250 inputs: 1255
    assert dense.status == WRONG and str(_params(G_FC)) in dense.message
    assert _claim(GERMAN, "M_1 =").status == VERIFIED  # 18·18·6 outputs, 9 products each
