"""A parameter count whose formula fits two layers written alike.

Keras writes a layer without its input width (``Conv2D(32, 3)``), so a model with the same
constructor twice has two layers whose texts are the same and whose counts differ: the first
takes the channels of the layer before it, the second the first's 32.  A count written for
the first with the second's input width ("P_2 = 3·3·32·32 + 32", the usual slip) is the
second's count exactly, and the formula's numbers chose the second: the mistake was
VERIFIED.  Now, where a fitting layer is written alike, the claim is read only when its
name numbers the chosen layer (P_3: the third convolution) or an ordinal word names it;
else it is left to the other readers (not understood), never verified.
Truth: the parameter counts of the same layers built in torch (``nn.Conv2d``, whose weight
(out, in, k, k) plus a bias per output is what Keras's Conv2D holds too)."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED
from symconv.checker.runner import check_text

NOTES = {
    "en": """# Parameter table of a small Keras model

```python
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(32, 3, activation="relu"),
    layers.Conv2D(32, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10),
])
```

Parameter counts (weights plus one bias per filter), layer by layer:

- {claim}
""",
    "de": """# Parametertabelle eines kleinen Keras-Modells

```python
modell = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, padding="same"),
    layers.MaxPooling2D(2),
    layers.Conv2D(32, 3, padding="same"),
    layers.Conv2D(32, 3, padding="same"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10),
])
```

Anzahl der Parameter (Gewichte und ein Bias je Filter) pro Schicht:

- {claim}
""",
}

# (the claim, the layer it names: the number of the convolution, and the input width used)
CLAIMS = {
    "second, right": ("Faltung 2: $P_2 = 3 \\cdot 3 \\cdot 16 \\cdot 32 + 32 = 4640$", 2, 16),
    "third, right": ("Faltung 3: $P_3 = 3 \\cdot 3 \\cdot 32 \\cdot 32 + 32 = 9248$", 3, 32),
    # the slip: the second convolution counted with the third's input width
    "second, slip": ("Faltung 2: $P_2 = 3 \\cdot 3 \\cdot 32 \\cdot 32 + 32 = 9248$", 2, 32),
}


def _torch_counts() -> list[int]:
    """The parameter counts of the model's three convolutions, built in torch."""
    convs = [torch.nn.Conv2d(1, 16, 3), torch.nn.Conv2d(16, 32, 3), torch.nn.Conv2d(32, 32, 3)]
    return [sum(p.numel() for p in conv.parameters()) for conv in convs]


@pytest.mark.parametrize("notes", list(NOTES))
@pytest.mark.parametrize("claim", list(CLAIMS))
def test_a_count_fitting_a_twin_layer_is_read_by_its_number(notes, claim):
    text, number, width = CLAIMS[claim]
    value = int(text.rsplit("=", 1)[1].strip(" $"))
    written = 3 * 3 * width * 32 + 32
    assert written == value  # the notes' own arithmetic holds in every claim
    right = _torch_counts()[number - 1] == value
    assert right == claim.endswith("right")
    if notes == "en":
        text = text.replace("Faltung", "Conv")
    note = NOTES[notes].format(claim=text)
    line = 1 + note.splitlines().index(f"- {text}")
    statuses = [v.status for v in check_text(note, "n.md").verdicts if v.line == line]
    if right:
        assert statuses == [VERIFIED]
    else:  # main: VERIFIED (the third convolution's count, which the numbers fit exactly)
        assert statuses and VERIFIED not in statuses
