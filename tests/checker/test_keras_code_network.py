"""A Keras ``Sequential`` model in the notes' code (fresh45's Spanish class notes) read as the
notes' network: ``Input(shape=(h, w, c))``, ``Conv2D`` with "valid" or stride-1 "same"
padding, pooling, ``GlobalAveragePooling2D`` / ``GlobalMaxPooling2D`` (one number a
channel) and ``Dense``; the sizes ``H_l``, the counts ``P_l`` of the l-th layer and the total
are judged against it.  A sentence restating the layer's own stride ("con paso 1 la primera
convolución conserva el lado") describes the layer; one giving another stride is a variant,
not judged.

Truth: the equivalent torch modules (channels first; "same" at stride 1 is padding='same'),
their output shapes and parameter counts."""

from __future__ import annotations

import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if v.source.startswith(written)]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


def _count(*modules: nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


# ---------------------------------------------- Portuguese, GlobalMaxPooling2D, "same" padding
PT = [
    nn.Conv2d(1, 8, 5, padding="same"),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 12, 3),
    nn.AdaptiveMaxPool2d(1),
    nn.Flatten(),
    nn.Linear(12, 4),
]
PT_NOTES = """# Aula 9 — uma CNN pequena em Keras

```python
modelo = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 5, padding="same", activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(12, 3, activation="relu"),
    layers.GlobalMaxPooling2D(),
    layers.Dense(4, activation="softmax"),
])
```

## Tamanhos

A entrada tem lado $H_0 = 28$. Com passo 1 a primeira convolução conserva o lado, $H_1 = 28$.

O pooling reduz o lado à metade: $H_2 = 28 / 2 = 14$.

A segunda convolução não tem preenchimento: $H_3 = 14 - 3 + 1 = 12$.

## Parâmetros

$$P_1 = 5 \\cdot 5 \\cdot 1 \\cdot 8 + 8 = 208$$

$$P_3 = 3 \\cdot 3 \\cdot 8 \\cdot 12 = 864$$

A densa: $P_5 = 12 \\cdot 4 + 4 = 52$. No total: $P_{total} = 208 + 876 + 52 = 1136$.
"""


def test_keras_model_sizes_counts_total():
    x = torch.zeros(1, 1, 28, 28)
    sides = []
    for m in PT:
        x = m(x)
        sides.append(x.shape[-1] if x.dim() == 4 else None)
    assert sides[:3] == [28, 14, 12]
    verdicts = _verdicts(PT_NOTES)
    assert _of(verdicts, "H_0 = 28").status == VERIFIED
    assert _of(verdicts, "H_1 = 28").status == VERIFIED  # "com passo 1": the layer's own
    assert _of(verdicts, "H_2 = 28 / 2").status == VERIFIED
    assert _of(verdicts, "H_3 = 14 - 3").status == VERIFIED
    assert _count(PT[0]) == 208 and _of(verdicts, "P_1 =").status == VERIFIED
    assert _count(PT[5]) == 52 and _of(verdicts, "P_5 =").status == VERIFIED
    # the 12 biases forgotten
    p3 = _of(verdicts, "P_3 =")
    assert p3.status == WRONG and str(_count(PT[2])) in p3.message
    assert _count(*PT) == 1136 and _of(verdicts, "P_{total}").status == VERIFIED


# ------------------------------------------------------ English: a variant and a wrong total
EN = [nn.Conv2d(3, 4, 3), nn.AvgPool2d(2), nn.Conv2d(4, 6, 3), nn.AdaptiveAvgPool2d(1)]
EN_DENSE = nn.Linear(6, 2)
EN_NOTES = """# Keras recap

```python
model = keras.Sequential([
    keras.Input(shape=(18, 18, 3)),
    layers.Conv2D(4, 3),
    layers.AveragePooling2D(2),
    layers.Conv2D(6, 3),
    layers.GlobalAveragePooling2D(),
    layers.Dense(2),
])
```

In total the model has $P = 112 + 222 + 12 = 346$ parameters.

The first convolution has no padding, so its output side is $H_1 = 16$.

With stride 2 and padding 1 the first convolution gives an output side $H_1 = 9$.

With stride 2 instead, the first convolution would give an output side $H_1 = 8$.
"""


def test_keras_variant_unjudged_and_wrong_total():
    assert EN[0](torch.zeros(1, 3, 18, 18)).shape[-1] == 16
    verdicts = _verdicts(EN_NOTES)
    assert _of(verdicts, "H_1 = 16").status == VERIFIED
    # another stride than the layer's: a what-if, never judged against the model
    assert all(v.status == NOT_UNDERSTOOD for v in verdicts if v.source == "H_1 = 8")
    strided = nn.Conv2d(3, 4, 3, stride=2, padding=1)(torch.zeros(1, 3, 18, 18))
    assert strided.shape[-1] == 9  # true of that variant, not of the model: never judged
    assert all(v.status == NOT_UNDERSTOOD for v in verdicts if v.source == "H_1 = 9")
    total = _count(*EN, EN_DENSE)
    assert total == 112 + 222 + 14  # (the notes forgot the dense layer's 2 biases)
    wrong = _of(verdicts, "P = 112")
    assert wrong.status == WRONG and str(total) in wrong.message


# ------------------------- a layer without an entry (Dropout): the numbering is not read
DROP_NOTES = """# Predicting the summary

```python
model = keras.Sequential([
    keras.Input(shape=(16, 16, 3)),
    layers.Conv2D(8, 3, padding="same"),
    layers.Conv2D(8, 3),
    layers.MaxPooling2D(2),
    layers.Dropout(0.25),
    layers.Conv2D(16, 3, padding="same"),
    layers.MaxPooling2D(2),
    layers.Dense(10),
])
```

The second conv is "valid": $H_2 = 16 - 3 + 1 = 14$. Pooling halves it, $H_3 = 7$, and the
last pooling floors the odd side, $H_4 = \\lfloor 7 / 2 \\rfloor = 3$.
"""


def test_keras_model_with_dropout_numbering_unread():
    x = torch.zeros(1, 3, 16, 16)
    for m in (nn.Conv2d(3, 8, 3, padding=1), nn.Conv2d(8, 8, 3), nn.MaxPool2d(2)):
        x = m(x)
    x = nn.MaxPool2d(2)(nn.Conv2d(8, 16, 3, padding=1)(x))
    assert x.shape[-1] == 3  # true of the second pooling, which the notes call H_4
    verdicts = _verdicts(DROP_NOTES)
    # the 4th layer of the entries would be the third conv (side 7): never called wrong
    assert all(v.status != WRONG for v in verdicts if v.source.startswith("H_4"))
