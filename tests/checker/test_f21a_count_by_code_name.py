r"""A parameter count whose list item names the layer by its variable in the notes' code,
"- `conv1` : $P_1 = 3 \cdot 3 \cdot 64 \cdot 128 = 73728$" under a ``BasicBlock`` whose
``__init__`` assigns ``self.conv1 = nn.Conv2d(64, 128, 3, stride=2, padding=1, bias=False)``
(issue 16, fresh46's French forum thread), where the words that say what is counted stand
in a title alone on its line in italics, "*Paramètres.*", above the list.  A bold title
("**Parameters**") already said it; an italic one was not read, and the count stayed unread
("which layer's parameter count P_1 is").  The layer is the one whose numbers the formula
writes (formula_layer.py).
Truth: the number of parameters torch's module holds (``sum(p.numel() for p in
m.parameters())``), computed here for each constructor of the notes.
"""

from __future__ import annotations

import torch.nn as nn
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG


def _params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _spanish(first: int, second: int) -> str:
    return f"""# Foro: ¿cuántos parámetros tiene mi bloque residual?

```python
class Bloque(nn.Module):
    def __init__(self):
        super().__init__()
        self.entrada = nn.Conv2d(32, 64, 5, padding=2)
        self.bn = nn.BatchNorm2d(64)
        self.medio = nn.Conv2d(64, 64, 3, padding=1, bias=False)
        self.atajo = nn.Sequential(nn.Conv2d(32, 64, 1), nn.BatchNorm2d(64))

    def forward(self, x):
        y = F.relu(self.bn(self.entrada(x)))
        return F.relu(self.medio(y) + self.atajo(x))
```

---

**Respuesta.** Vamos capa por capa.

*Parámetros.*

- `entrada` : $P_{{1}} = 5 \\cdot 5 \\cdot 32 \\cdot 64 + 64 = {first}$.
- `medio` : $P_{{2}} = 3 \\cdot 3 \\cdot 64 \\cdot 64 = {second}$ (sin sesgo).
"""


def test_counts_by_code_name_spanish() -> None:
    first = _params(nn.Conv2d(32, 64, 5, padding=2))
    second = _params(nn.Conv2d(64, 64, 3, padding=1, bias=False))
    note = _spanish(first, second)
    assert statuses(note, "- `entrada`") == [VERIFIED]
    assert statuses(note, "- `medio`") == [VERIFIED]


def test_bias_counted_for_a_layer_without_one_is_caught_spanish() -> None:
    first = _params(nn.Conv2d(32, 64, 5, padding=2))
    second = _params(nn.Conv2d(64, 64, 3, padding=1, bias=False))
    note = _spanish(first, second + 64).replace(
        "= " + str(second + 64), "+ 64 = " + str(second + 64)
    )
    assert statuses(note, "- `medio`") == [WRONG]


def _german(count: str) -> str:
    return f"""# Übungsblatt 4 — Parameter eines Residualblocks

```python
class Block(nn.Module):
    def __init__(self, c=16):
        super().__init__()
        self.conv1 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.norm1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1)
        self.proj = nn.Conv2d(8, 16, 1, stride=2)

    def forward(self, x):
        return self.conv2(F.relu(self.norm1(self.conv1(x)))) + self.proj(x)
```

---

## Lösung

_Zählung je Schicht der Parameter._

1. `conv2`: $P_2 = {count}$.
"""


def test_count_by_code_name_german() -> None:
    truth = _params(nn.Conv2d(16, 16, 3, padding=1))
    assert statuses(_german(f"3 \\cdot 3 \\cdot 16 \\cdot 16 + 16 = {truth}"), "`conv2`:") == [
        VERIFIED
    ]
    # the bias forgotten: the weights alone
    weights = truth - 16
    assert statuses(_german(f"3 \\cdot 3 \\cdot 16 \\cdot 16 = {weights}"), "`conv2`:") == [WRONG]


def test_two_layers_summed_are_no_one_layers_count() -> None:
    """`conv1` and `conv2` summed on one line: no one layer's count, never verified as one."""
    truth = _params(nn.Conv2d(8, 16, 3, stride=2, padding=1))
    note = _german(f"{truth} + 2320").replace("1. `conv2`: $P_2", "1. `conv1` und `conv2`: $P")
    assert VERIFIED not in statuses(note, "`conv1` und")
