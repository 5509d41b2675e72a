"""The length a flatten gives, named by a letter in the sentence that flattens a map
(flatten_length.py, stated_values.py): "Flatten after the last pool of a $64 \\times 7
\\times 7$ map: $D = 64 \\cdot 7 \\cdot 7 = 3136$".  Truth: torch's nn.Flatten on such maps."""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

ENGLISH = """# Cheat sheet

- Flatten after the last pool of a $64 \\times 7 \\times 7$ map: $D = 64 \\cdot 7 \\cdot 7 = 3136$.
- Flatten a $32 \\times 5 \\times 5$ map: $D = 32 \\cdot 5 \\cdot 5 = 850$.
- Flatten a $16 \\times 4 \\times 4$ map: $D = 16 \\cdot 4 \\cdot 3 = 192$.
"""

SPANISH = """# Apuntes

Al aplanar el mapa de $128 \\times 3 \\times 3$ queda $n = 128 \\cdot 9 = 1152$.

Al aplanar el mapa de $10 \\times 6 \\times 6$ queda $n = 10 \\cdot 36 = 3600$.
"""


def _flat(channels: int, height: int, width: int) -> int:
    return torch.nn.Flatten()(torch.zeros(2, channels, height, width)).shape[1]


def test_the_truth():
    assert _flat(64, 7, 7) == 3136 and _flat(32, 5, 5) == 800 and _flat(16, 4, 4) == 256
    assert _flat(128, 3, 3) == 1152 and _flat(10, 6, 6) == 360


def test_the_flattened_length():
    assert statuses(ENGLISH, "64 \\times 7") == [VERIFIED]
    assert statuses(ENGLISH, "32 \\times 5") == [WRONG]  # 32 * 25 = 800: a slip
    assert statuses(ENGLISH, "16 \\times 4") == [WRONG]  # a side of the map dropped
    assert statuses(SPANISH, "128 \\times 3") == [VERIFIED]
    assert statuses(SPANISH, "10 \\times 6") == [WRONG]
