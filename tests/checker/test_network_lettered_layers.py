"""A network stated one layer a paragraph, each opened by the layer's name and its settings
in letters ("CONV1: $f = 3$, $s = 1$, $pad = 1$, $n_C = 6$", "Conv 2: $K = 3$, $S = 2$, $P =
1$, 6 filtros"), with the claims between the paragraphs (fresh32's c4w1 notes: "which
quantity n is, is not read").  Sizes n_H^{[l]} / H^{(l)}, counts \\#params^{[l]} and bare
counts "... $$...$$ parameters." are judged against the layer.  Truth: torch modules'
output shapes and parameter counts."""

from __future__ import annotations

import torch
from line_verdicts import one_verdict as _claim

from symconv.checker.report import VERIFIED, WRONG

nn = torch.nn


def _params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# ------------------------------------------------------------ the course's letters (English)
C1 = nn.Conv2d(1, 6, 3, stride=1, padding=1)
C_POOL = nn.MaxPool2d(2, 2)
C2 = nn.Conv2d(6, 12, 5)
C_X = torch.zeros(1, 1, 28, 28)
C_A2 = C_POOL(C1(C_X))
C_A3 = C2(C_A2)
COURSE = f"""# Week 1 — a small ConvNet in the course's notation

The filters of layer $l$ have shape $(f, f, n_{{C_{{prev}}}}, n_C)$, the stride is $s$ and the
padding is $pad$; every conv layer has one bias per filter.

## The network of the exercise

$m = 4$ images of $28 \\times 28 \\times 1$.

CONV1: $f = 3$, $s = 1$, $pad = 1$, $n_C = 6$; side $n_H^{{[1]}} = 28 + 2 - 3 + 1 = 28$, and it has

$$(3 \\cdot 3 \\cdot 1 + 1) \\cdot 6 = {_params(C1)}$$

parameters.

POOL (max, $f = 2$, $s = 2$):

$$n_H^{{[2]}} = \\left\\lfloor \\frac{{28 - 2}}{{2}} \\right\\rfloor + 1 = {C_A2.shape[-1]}$$

CONV2: $f = 5$, $s = 1$, $pad = 0$, $n_C = 12$:

$$n_H^{{[3]}} = 14 - 5 + 1 = {C_A3.shape[-1]}$$

$$\\#\\text{{params}}^{{[3]}} = 5 \\cdot 5 \\cdot 12 + 12 = 312$$

FC: flatten, then $W^{{[4]}}$ of shape $(10, {C_A3[0].numel()})$.
"""


def test_course_letters_state_the_network_its_claims_are_judged_against() -> None:
    assert _claim(COURSE, "(3 \\cdot 3 \\cdot 1 + 1)").status == VERIFIED  # 60
    # (the input restated channels last above it, 28 x 28 x 1, is the network's own)
    assert _claim(COURSE, "n_H^{[1]}").status == VERIFIED
    assert _claim(COURSE, "n_H^{[2]}").status == VERIFIED  # the pool halves 28
    assert _claim(COURSE, "n_H^{[3]}").status == VERIFIED  # 14 - 5 + 1
    count = _claim(COURSE, "\\#\\text{params}")  # the input channels forgotten: 12(150 + 1)
    assert count.status == WRONG and str(_params(C2)) in count.message


# ------------------------------------------------------------ Spanish, capital letters
S1 = nn.Conv2d(1, 4, 3)
S_POOL = nn.MaxPool2d(2, 2)
S2 = nn.Conv2d(4, 6, 3, stride=2, padding=1)
S_X = torch.zeros(1, 1, 20, 20)
S_A1 = S1(S_X)
S_A3 = S2(S_POOL(S_A1))
SPANISH = f"""# Apuntes: una red pequeña, capa por capa

Entrada: imágenes de $1 \\times 20 \\times 20$.

Conv 1: $K = 3$, $S = 1$, $P = 0$, 4 filtros. El tamaño de salida de esta capa es

$$H^{{(1)}} = 20 - 3 + 1 = {S_A1.shape[-1]}$$

Pool 1 (máximo, $K = 2$, $S = 2$): su salida tiene el tamaño

$$H^{{(2)}} = 18 / 2 - 1 = 8$$

Conv 2: $K = 3$, $S = 2$, $P = 1$, 6 filtros; $6 \\cdot (4 \\cdot 9 + 1) = {_params(S2)}$ pesos.

Densa: 10 salidas.
"""


def test_spanish_capital_letters_and_counts_in_words_state_the_network() -> None:
    assert _claim(SPANISH, "H^{(1)}").status == VERIFIED
    pooled = _claim(SPANISH, "H^{(2)}")  # the pool gives 9
    assert pooled.status == WRONG and str(S_POOL(S_A1).shape[-1]) in pooled.message
    assert _claim(SPANISH, "4 \\cdot 9 + 1").status == VERIFIED  # 222
    assert S_A3.shape[-1] == 5  # (the chain the network is read with)
