"""A network given as an `nn.Sequential` code block under "Bilder der Größe 12x12" (German
and Italian words for the images read as the input), a table whose rows name each layer by
its constructor (`Conv2d(4, 8, 3)` in a net of two convolutions picks the one it fits:
constructor_mentions.py), and the network's total ("Insgesamt hat das Netz $N_{ges} = ...$
Parameter") checked against the sum over its layers.

Truth: torch's own parameter counts of the same modules.
"""

from __future__ import annotations

import torch.nn as nn

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

_NET = (
    "```python\nnet = nn.Sequential(\n"
    "    nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n"
    "    nn.Conv2d(4, 8, 3), nn.ReLU(), nn.MaxPool2d(2),\n"
    "    nn.Flatten(), nn.Linear(32, 20), nn.ReLU(), nn.Linear(20, 5),\n)\n```\n"
)


def _torch_counts() -> list[int]:
    net = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.MaxPool2d(2),
        nn.Conv2d(4, 8, 3),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(32, 20),
        nn.Linear(20, 5),
    )
    return [sum(p.numel() for p in m.parameters()) for m in net]


def test_rows_named_by_constructor_and_the_total() -> None:
    counts = _torch_counts()
    assert counts == [40, 0, 296, 0, 0, 660, 105] and sum(counts) == 1101
    text = (
        "# Klausur Deep Learning — Aufgabe 2\n\n"
        "Gegeben ist das Netz für Graustufenbilder der Größe $12 \\times 12$:\n\n"
        + _NET
        + "\n| Schicht | Parameter |\n|---|---|\n"
        "| Conv2d(1, 4, 3, padding=1) | $N_1 = 4 \\cdot 9 + 4 = 40$ |\n"
        "| Conv2d(4, 8, 3) | $N_3 = 8 \\cdot 9 + 8 = 80$ |\n"
        "| Linear(32, 20) | $N_5 = 32 \\cdot 20 + 20 = 660$ |\n\n"
        "Insgesamt hat das Netz\n\n$$N_\\text{ges} = 40 + 296 + 660 + 105 = 1101$$\n\n"
        "trainierbare Parameter.\n\n"
        "Falsch wäre\n\n$$N_\\text{ges} = 40 + 80 + 660 + 105 = 885$$\n\nParameter.\n"
    )
    found = {}
    for v in check_text(text, "notes.md").verdicts:
        found.setdefault(v.line, []).append(v.status)
    rows = {n: k for n, k in enumerate(text.split("\n"), start=1)}
    at = {
        piece: next(n for n, row in rows.items() if piece in row)
        for piece in ("N_1", "N_3", "N_5", "1101", "885")
    }
    assert found[at["N_1"]] == [VERIFIED], found
    assert found[at["N_3"]] == [WRONG], found  # 8 * 4 * 9 + 8 = 296
    assert found[at["N_5"]] == [VERIFIED], found
    assert found[at["1101"]] == [VERIFIED], found
    assert found[at["885"]] == [WRONG], found
