"""A network built in ``nn.Sequential`` code with ``nn.AdaptiveAvgPool2d(1)`` before its dense
head (fresh44's lecture notes): the adaptive pool to side 1 is a global pooling, so the code's
network is read, and its counts, multiply-accumulates and total are judged against it.  A
layer's count named by a subscript the code does not give as a name (``P_{fc}`` before any
"# fc") is that layer's or nothing, never the network's total.  Truth: the torch modules'
parameters, and their output shapes for the multiply-accumulates (C_out H_out W_out of sums
of C_in k^2 products each)."""

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


def _count(*modules: nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def _macs(conv: nn.Conv2d, *shape: int) -> int:
    out = conv(torch.zeros(1, *shape)).shape
    k = conv.kernel_size[0] * conv.kernel_size[1]
    return out[1] * out[2] * out[3] * conv.in_channels * k


# ------------------------------------------------------------------ French, AdaptiveAvgPool2d
FR = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(16, 5),
)
FR_NOTES = """# TD 4 : compter les paramètres

On applique le modèle à une image en niveaux de gris de 28 x 28 :

```python
modele = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1),   # conv1
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3),             # conv2
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(16, 5),                # fc
)
```

La moyenne adaptative réduit chaque carte à un nombre : Flatten laisse
$D = 16 \\cdot 1 \\cdot 1 = 16$ entrées pour la couche linéaire.

## Paramètres

$$P_{\\text{conv2}} = 16 \\cdot 8 \\cdot 9 + 16 = 1168$$

$$P_{\\text{fc}} = 16 \\cdot 5 = 80$$

Au total, le réseau a $P = 80 + 1168 + 85 = 1333$ paramètres.

## Coût

Une multiplication-accumulation (MAC) par poids et par position de sortie : conv2 fait
$M_{\\text{conv2}} = 12 \\cdot 12 \\cdot 16 \\cdot 8 \\cdot 9 = 165888$ MACs, et conv1
$M_{\\text{conv1}} = 28 \\cdot 28 \\cdot 8 \\cdot 9 = 56448$.
"""


def test_adaptive_pool_network_counts_and_costs():
    conv1, _, _, conv2, _, _, fc = FR
    verdicts = _verdicts(FR_NOTES)
    assert _count(conv2) == 1168 and _of(verdicts, "P_{\\text{conv2}}").status == VERIFIED
    assert _count(conv1) == 80 and _count(FR) == 1333
    assert FR[:6](torch.zeros(1, 1, 28, 28)).shape[1] == fc.in_features == 16
    assert _of(verdicts, "D = 16").status == VERIFIED
    assert _of(verdicts, "1168 + 85").status == VERIFIED
    assert _macs(conv2, 8, 14, 14) == 165888
    assert _of(verdicts, "M_{\\text{conv2}}").status == VERIFIED
    assert _macs(conv1, 1, 28, 28) == 56448
    assert _of(verdicts, "M_{\\text{conv1}}").status == VERIFIED
    # the dense layer's bias forgotten: its own count, 85, is named, not the network's total
    wrong = _of(verdicts, "P_{\\text{fc}}")
    assert wrong.status == WRONG and str(_count(fc)) in wrong.message
    assert str(_count(FR)) not in wrong.message


# ------------------------------------------ English, AdaptiveMaxPool2d((1, 1)), wrong totals
EN = nn.Sequential(
    nn.Conv2d(3, 6, 5),
    nn.ReLU(),
    nn.Conv2d(6, 12, 3, stride=2),
    nn.AdaptiveMaxPool2d((1, 1)),
    nn.Flatten(),
    nn.Linear(12, 4),
)
EN_NOTES = """# Homework 3 solutions

The model takes one RGB image of size 20 x 20:

```python
model = nn.Sequential(
    nn.Conv2d(3, 6, 5),
    nn.ReLU(),
    nn.Conv2d(6, 12, 3, stride=2),
    nn.AdaptiveMaxPool2d((1, 1)),
    nn.Flatten(),
    nn.Linear(12, 4),
)
```

The pooled maps go to the dense layer as $D = 12 \\cdot 7 \\cdot 7 = 588$ features.

Adding up, the whole network has $P = 456 + 660 + 52 = 1168$ parameters.

A student wrote the total without the biases, $P = 450 + 648 + 48 = 1146$ parameters in all.

The second convolution costs $M_2 = 8 \\cdot 8 \\cdot 12 \\cdot 6 \\cdot 9 = 41472$ multiplications.
"""


def test_adaptive_max_pool_total_and_wrong_variants():
    conv1, _, conv2, _, _, fc = EN
    assert (_count(conv1), _count(conv2), _count(fc)) == (456, 660, 52)
    verdicts = _verdicts(EN_NOTES)
    # the global pool leaves one number a map: 12 features, not the 12 x 7 x 7 map's 588
    assert EN[:5](torch.zeros(1, 3, 20, 20)).shape[1] == 12
    features = _of(verdicts, "D = 12")
    assert features.status == WRONG and "12 entries" in features.message
    assert _count(EN) == 1168 and _of(verdicts, "456 + 660").status == VERIFIED
    wrong = _of(verdicts, "450 + 648")
    assert wrong.status == WRONG and str(_count(EN)) in wrong.message
    # conv2's output is 7 x 7 (floor((16 - 3)/2) + 1), not 8 x 8: the count is wrong
    macs = _macs(conv2, 6, 16, 16)
    assert macs == 7 * 7 * 12 * 6 * 9
    cost = _of(verdicts, "M_2")
    assert cost.status == WRONG and str(macs) in cost.message
