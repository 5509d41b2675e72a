"""Counts and sizes about a layer of a network the notes themselves state (fresh9-11's
"which layer's count or size it is, is not read"): the network in a list, in one sentence of
``;``-separated layers, or in ``nn.Sequential`` code; the statement bound to the layer named
closest before it (its label, "conv2", "la densa", "pool", "flatten", "total") and judged
against that layer's true value, a wrong one naming it.  Truth: the torch modules' own
parameter counts and output shapes; the guards (a hypothetical configuration, a name that
fits two layers, a bias never mentioned, another section) stay unjudged, never wrong."""

from __future__ import annotations

import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _count(*modules: nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def _shape(module: nn.Module, *shape: int) -> tuple[int, ...]:
    return tuple(module(torch.zeros(1, *shape)).shape[1:])


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if written in v.source]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


# ------------------------------------------------------------ a numbered list (English)
LAB_CONV1 = nn.Conv2d(1, 4, 3)
LAB_CONV2 = nn.Conv2d(4, 8, 3)
LAB_POOL = nn.MaxPool2d(2, 2)
LAB_DENSE = nn.Linear(8 * 4 * 4, 10)
LAB = """# Lab

The input is a single-channel $12 \\times 12$ image. All convolutions use stride $1$ and no
padding.

1. **Conv1:** 4 filters of size $3 \\times 3$, then ReLU.
2. **Conv2:** 8 filters of size $3 \\times 3$, then ReLU.
3. **MaxPool:** $2 \\times 2$ windows with stride $2$.
4. **Dense:** flatten, then 10 outputs.

The spatial size after Conv1 is $12 - 3 + 1 = 10$. After Conv2 it is $10 - 3 + 1 = 8$.
The flattened vector therefore has $8 \\cdot 4 \\cdot 4 = 128$ entries.

| layer | output shape | parameters |
|---|---|---|
| Conv1 | $4 \\times 10 \\times 10$ | $4 \\cdot (1 \\cdot 9 + 1) = 40$ |
| Conv2 | $8 \\times 8 \\times 8$ | $8 \\cdot (9 + 1) = 80$ |
| Dense | $10$ | $128 \\cdot 10 + 10 = 1290$ |
"""


def test_a_listed_network_binds_sizes_and_table_rows():
    conv1_out = _shape(LAB_CONV1, 1, 12, 12)
    conv2_out = _shape(LAB_CONV2, *conv1_out)
    pooled = _shape(LAB_POOL, *conv2_out)
    verdicts = _verdicts(LAB)
    assert conv1_out[-1] == 10 and _of(verdicts, "12 - 3 + 1").status == VERIFIED
    assert conv2_out[-1] == 8 and _of(verdicts, "10 - 3 + 1").status == VERIFIED
    assert pooled[0] * pooled[1] * pooled[2] == 128
    assert _of(verdicts, "8 \\cdot 4 \\cdot 4").status == VERIFIED
    assert _count(LAB_CONV1) == 40 and _of(verdicts, "1 \\cdot 9 + 1").status == VERIFIED
    assert _count(LAB_DENSE) == 1290 and _of(verdicts, "128 \\cdot 10").status == VERIFIED
    wrong = _of(verdicts, "8 \\cdot (9 + 1)")  # Conv2's input channels forgotten
    assert wrong.status == WRONG and str(_count(LAB_CONV2)) in wrong.message


# ------------------------------------------------- one sentence of layers (Spanish)
EX = [nn.Conv2d(1, 8, 5), nn.MaxPool2d(2, 2), nn.Conv2d(8, 16, 3, padding=1), nn.AvgPool2d(2, 2)]
EX_DENSE = nn.Linear(6 * 6 * 16, 10)
EXAMEN = """## Examen

**Problema 2.** Se tiene la red: entrada $28\\times28\\times1$; conv1 con 8 filtros \
$5\\times5$, paso 1, sin relleno; max-pooling $2\\times2$ paso 2; conv2 con 16 filtros \
$3\\times3$, paso 1, relleno 1; average-pooling $2\\times2$ paso 2; aplanado; capa densa \
de 10 salidas. Todas las capas con sesgo.

- Tamaño de conv1: $(28-5)/1 + 1 = 24$.
- Parámetros de conv2: $3\\cdot3\\cdot16 + 16 = 160$.
- Parámetros de la densa: $576\\cdot 10 + 10 = 5770$.
- Total: $208 + 1168 + 5770 = 7146$.

**Problema 5.** Si conv1 usara relleno 2, su salida sería $(28 + 2\\cdot 2 - 5)/1 + 1 = 28$ \
y tras el max-pooling $\\lfloor 28/2 \\rfloor = 14$. La densa recibiría \
$7\\cdot7\\cdot16 = 784$ entradas.
"""


def test_a_sentence_of_layers_binds_counts_and_the_total():
    verdicts = _verdicts(EXAMEN)
    assert _shape(EX[0], 1, 28, 28)[-1] == 24
    assert _of(verdicts, "(28-5)/1 + 1").status == VERIFIED
    wrong = _of(verdicts, "3\\cdot3\\cdot16 + 16")
    assert wrong.status == WRONG and str(_count(EX[2])) in wrong.message
    assert _count(EX_DENSE) == 5770 and _of(verdicts, "576\\cdot 10").status == VERIFIED
    assert _count(*EX, EX_DENSE) == 7146 and _of(verdicts, "208 + 1168").status == VERIFIED


def test_a_hypothetical_configuration_is_judged_on_its_variant_only():
    varied = [nn.Conv2d(1, 8, 5, padding=2), *EX[1:]]
    shape = (1, 28, 28)
    sides = []
    for module in varied:
        shape = _shape(module, *shape)
        sides.append(shape)
    verdicts = _verdicts(EXAMEN)
    assert sides[0][-1] == 28 and _of(verdicts, "2\\cdot 2 - 5").status == VERIFIED
    assert sides[1][-1] == 14 and _of(verdicts, "\\lfloor 28/2").status == VERIFIED
    assert sides[3][0] * sides[3][1] * sides[3][2] == 784
    assert _of(verdicts, "7\\cdot7\\cdot16").status == VERIFIED
    # a value of the variant is never called wrong against the stated network
    other = EXAMEN.replace("= 784", "= 785").replace("7\\cdot7\\cdot16", "785")
    assert _of(_verdicts(other), "785").status != VERIFIED


# --------------------------------------------------------------- PyTorch code
KAGGLE_NET = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1568, 10)
)
KAGGLE = """## The model

The real model: input $1 \\times 28 \\times 28$, a convolution, pooling and a linear layer.

```python
model = torch.nn.Sequential(
    torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(),
    torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(8 * 14 * 14, 10))
```

- conv: $28 + 2 \\cdot 1 - 3 + 1 = 28$, so the feature map is $8 \\times 28 \\times 28$
- pool: $28 / 2 = 14$, flatten: $8 \\cdot 14 \\cdot 14 = 1568$
- parameters: conv $8 \\cdot (9 + 1) = 80$, linear $1568 \\cdot 10 = 15680$
"""


def test_a_code_network_binds_kind_words_and_catches_a_forgotten_bias():
    verdicts = _verdicts(KAGGLE)
    out = _shape(KAGGLE_NET[0], 1, 28, 28)
    assert out[-1] == 28 and _of(verdicts, "2 \\cdot 1 - 3").status == VERIFIED
    assert _shape(KAGGLE_NET[:3], 1, 28, 28)[-1] == 14
    assert _of(verdicts, "28 / 2").status == VERIFIED
    assert _of(verdicts, "8 \\cdot 14 \\cdot 14").status == VERIFIED
    assert _count(KAGGLE_NET[0]) == 80 and _of(verdicts, "(9 + 1)").status == VERIFIED
    wrong = _of(verdicts, "1568 \\cdot 10")
    assert wrong.status == WRONG and str(_count(KAGGLE_NET[4])) in wrong.message


# ------------------------------------------------------ labels, French, no stride
TD = """## Exercice 2 — Nombre de paramètres

Entrée RGB $32 \\times 32 \\times 3$. Couche 1 : 16 filtres $3\\times3$ ; \
couche 2 : 32 filtres $5\\times5$. Toutes les couches ont des biais.

- Couche 1 : $16 \\cdot (3 \\cdot 3 \\cdot 3 + 1) = 448$.
- Couche 2, paramètres : $5 \\cdot 5 \\cdot 16 \\cdot 32 + 16 = 12816$.
- Taille après la couche 1 : $32 - 3 + 1 = 30$.
"""


def test_labelled_layers_are_counted_and_unstated_strides_leave_sizes_unread():
    verdicts = _verdicts(TD)
    assert _count(nn.Conv2d(3, 16, 3)) == 448
    assert _of(verdicts, "3 \\cdot 3 \\cdot 3 + 1").status == VERIFIED
    wrong = _of(verdicts, "16 \\cdot 32 + 16")
    assert wrong.status == WRONG and str(_count(nn.Conv2d(16, 32, 5))) in wrong.message
    # no stride or padding stated: the size 30 is a guess of stride 1, no padding
    assert _of(verdicts, "32 - 3 + 1").status == NOT_UNDERSTOOD


# ------------------------------------------------------------------- the guards
GUARDS = """# Notes

## A network

The input is a single-channel $12 \\times 12$ image, stride 1, no padding.

1. **Conv1:** 4 filters of size $3 \\times 3$.
2. **Conv2:** 8 filters of size $3 \\times 3$.

The conv has $4 \\cdot 9 + 4 = 40$ parameters, and Conv2 has $8 \\cdot 4 \\cdot 9 = 288$ parameters.

## Another layer

The conv2 here has $3 \\cdot 3 + 1 = 10$ parameters.
"""


def test_a_name_of_two_layers_a_bias_never_mentioned_and_another_section_are_not_judged():
    verdicts = _verdicts(GUARDS)
    # "the conv" fits Conv1 and Conv2: not read, whatever the value
    assert _of(verdicts, "4 \\cdot 9 + 4").status == NOT_UNDERSTOOD
    # 288 is Conv2 without its bias, and the notes never say whether it has one
    assert _count(nn.Conv2d(4, 8, 3, bias=False)) == 288
    assert _of(verdicts, "8 \\cdot 4 \\cdot 9").status == NOT_UNDERSTOOD
    # a sibling section is about another layer
    assert _of(verdicts, "3 \\cdot 3 + 1").status != WRONG


# ------------------------------------------------------- arrows, compact spellings
ARROWS = """# LeNet-ish

The network: $32\\times32\\times3$ $\\to$ conv $5\\times5$, 6 filters $\\to$ max-pool 2 \
$\\to$ conv $5\\times5$, 16 filters $\\to$ max-pool 2 $\\to$ FC 120 $\\to$ FC 84 $\\to$ FC 10.

- conv1 has $5 \\cdot 5 \\cdot 3 \\cdot 6 + 6 = 456$ parameters.
- fc1 has $400 \\cdot 120 + 120 = 48120$ parameters, and fc2 \
$120 \\cdot 84 + 120 = 10200$ parameters.
- The output of conv1 is $32 - 5 + 1 = 28$ on a side.
"""


def test_an_arrow_chain_with_compact_spellings_binds_ordinals():
    convs = [nn.Conv2d(3, 6, 5), nn.Conv2d(6, 16, 5)]
    fcs = [nn.Linear(400, 120), nn.Linear(120, 84)]
    verdicts = _verdicts(ARROWS)
    assert _count(convs[0]) == 456 and _of(verdicts, "5 \\cdot 3 \\cdot 6").status == VERIFIED
    assert _count(fcs[0]) == 48120 and _of(verdicts, "400 \\cdot 120").status == VERIFIED
    wrong = _of(verdicts, "120 \\cdot 84 + 120")  # a bias per input, not per output
    assert wrong.status == WRONG and str(_count(fcs[1])) in wrong.message
    # no stride is stated for the pooling: sizes are not judged, only counts
    assert _of(verdicts, "32 - 5 + 1").status != WRONG


CODE_LABELS = """## Model

The input is $1 \\times 12 \\times 12$.

```python
self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
self.conv2 = nn.Conv2d(4, 8, 3, stride=2)
self.head = nn.Linear(8 * 5 * 5, 10, bias=False)
```

conv2 maps the $12 \\times 12$ maps to $\\lfloor (12 - 3)/2 \\rfloor + 1 = 5$.
The head has $200 \\cdot 10 = 2000$ parameters, conv2 has $8 \\cdot (4 \\cdot 9 + 1) = 296$.
"""


def test_code_assignments_name_the_layers():
    conv1, conv2 = nn.Conv2d(1, 4, 3, padding=1), nn.Conv2d(4, 8, 3, stride=2)
    head = nn.Linear(200, 10, bias=False)
    assert _shape(conv2, *_shape(conv1, 1, 12, 12))[-1] == 5
    verdicts = _verdicts(CODE_LABELS)
    assert _of(verdicts, "\\lfloor (12 - 3)/2").status == VERIFIED
    assert _count(head) == 2000 and _of(verdicts, "200 \\cdot 10").status == VERIFIED
    assert _count(conv2) == 296 and _of(verdicts, "(4 \\cdot 9 + 1)").status == VERIFIED


# ------------------------------------ statements about a part or a variant: never wrong
PARTS = """## Net

The input is a single-channel $28 \\times 28$ image. All convolutions use stride 1.

1. **Conv1:** 8 filters of size $5 \\times 5$, no padding.
2. **Pool:** $2 \\times 2$ max pooling with stride 2.
3. **Dense:** 10 outputs.

- Conv1 has $5 \\cdot 5 + 1 = 26$ parameters per filter.
- Conv1 with padding 2 gives $(28 + 4 - 5) + 1 = 28$.
- In total the forward pass of the dense layer costs $1152 \\cdot 10 = 11520$ multiply-adds.
- The dense layer's weight matrix has $10 \\cdot 1152 = 11520$ entries.
- Before the flatten each map is $12 \\cdot 12 = 144$ entries.
"""


def test_a_part_of_a_count_a_variant_and_other_totals_are_never_wrong():
    conv1, pool = nn.Conv2d(1, 8, 5), nn.MaxPool2d(2, 2)
    pooled = _shape(pool, *_shape(conv1, 1, 28, 28))
    assert pooled == (8, 12, 12) and _count(conv1) == 208  # none of the values below
    verdicts = _verdicts(PARTS)
    for written in ("5 \\cdot 5 + 1", "(28 + 4 - 5)", "1152 \\cdot 10", "10 \\cdot 1152"):
        assert _of(verdicts, written).status != WRONG, written
    assert _of(verdicts, "12 \\cdot 12").status != WRONG
