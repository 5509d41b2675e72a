# ruff: noqa: E501  (the notes' sentences are kept as people write them)
"""A claim about the notes' convolution output under a pooling read as the layer
(pool_conv_letter.py).  Notes titled "Conv -> ReLU -> AvgPool" are read as the average
pooling; their ``Z = X \\star W + b`` entry ``Z[0,0] = ... = 4`` was then compared with the
pool's window average of X (1/2) and called wrong.  It is now not understood, naming the
definition, while the arithmetic of its numbers is still checked: a slip in the sum is
still wrong.  The truth is torch's conv2d at the notes' numbers.  English and Spanish notes.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.pool_conv_letter import conv_outputs, unless_conv_letter
from tests.checker.line_verdicts import statuses

X = [[2.0, 1, 0, 3], [-1, 0, 2, 1], [1, 3, -2, 0], [0, 1, 1, 2]]
W = [[0.0, 1], [-1, 2]]
B = 2.0


def _z() -> list[list[int]]:
    x = torch.tensor(X, dtype=torch.float64)[None, None]
    w = torch.tensor(W, dtype=torch.float64)[None, None]
    z = F.conv2d(x, w, torch.tensor([B], dtype=torch.float64))[0, 0]
    return [[int(v) for v in row] for row in z.tolist()]


def _bmatrix(m: list[list[float]]) -> str:
    rows = " \\\\ ".join(" & ".join(str(int(v)) for v in row) for row in m)
    return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}"


def _english(first: int, second: int) -> str:
    return f"""# Conv → ReLU → AvgPool worked by hand (4x4 example)

Indices start at 0; the convolution is a cross-correlation, as in PyTorch.

## Setup

```python
conv = nn.Conv2d(1, 1, kernel_size=2)
relu = nn.ReLU()
pool = nn.AvgPool2d(2)
```

The weights (bias $b = {int(B)}$):

$$X = {_bmatrix(X)}, \\qquad W = {_bmatrix(W)}$$

## Forward

Write $Z = X \\star W + b$. Its first entry: $Z[0,0] = 2 \\cdot 0 + 1 \\cdot 1 + (-1) \\cdot (-1) + 0 \\cdot 2 + 2 = {first}$

The next one: $Z[0,1] = 1 \\cdot 0 + 0 \\cdot 1 + 0 \\cdot (-1) + 2 \\cdot 2 + 2 = {second}$
"""


def test_english_conv_entry_under_a_pool() -> None:
    z = _z()
    assert z[0][0] == 4 and z[0][1] == 6
    text = _english(z[0][0], z[0][1])
    assert "wrong" not in statuses(text, "Its first entry")
    assert "wrong" not in statuses(text, "The next one")
    slip = _english(z[0][0], z[0][1] + 1)  # 1·0 + 0·1 + 0·(-1) + 2·2 + 2 = 6, not 7
    assert statuses(slip, "The next one") == ["wrong"]


def _spanish(value: int) -> str:
    return f"""# Conv → ReLU → AvgPool a mano

Índices desde 0; la convolución es una correlación cruzada.

```python
capa = nn.Conv2d(1, 1, kernel_size=2)
pool = nn.AvgPool2d(2)
```

Tomamos el sesgo $b = {int(B)}$ y

$$X = {_bmatrix(X)}, \\qquad W = {_bmatrix(W)}$$

Con $Z = X \\star W + b$, la primera salida es $Z[0,0] = 0 + 1 + 1 + 0 + 2 = {value}$
"""


def test_spanish_conv_entry_under_a_pool() -> None:
    z = _z()
    assert "wrong" not in statuses(_spanish(z[0][0]), "la primera salida")
    # (the line's definition Z = X \\star W + b has a verdict of its own: not understood)
    assert "wrong" in statuses(_spanish(z[0][0] + 1), "la primera salida")


def test_the_guard_only_under_a_pool() -> None:
    document = "$$Z = X \\star W + b$$\n\n$Z[0,0] = 5$\n"
    assert conv_outputs(document, 3) == {"Z": 1, "z": 1}
    wrong = {"status": "wrong", "message": "4, not 5"}
    under_pool = unless_conv_letter(wrong, "Z[0,0] = 5", document, 3, "avgpool2d")
    assert under_pool is not None and under_pool["status"] == "not-understood"
    assert "line 1" in under_pool["message"]
    # the convolution read as the layer: its verdict stands
    assert unless_conv_letter(wrong, "Z[0,0] = 5", document, 3, "conv2d") == wrong
    # another letter than the convolution's output: the pool's own claim stands
    assert unless_conv_letter(wrong, "P[0,0] = 5", document, 3, "avgpool2d") == wrong
