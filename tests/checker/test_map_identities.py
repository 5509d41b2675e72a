"""Identities between pooling and ReLU applied to one map (map_identities.py): "max pooling
commutes with ReLU" (true: ReLU is monotone) and the same claimed for average pooling (false:
a window of mixed signs), in two styles (English with \\text and \\max(0, .), Spanish with
\\operatorname); fresh25's thesis had both "\\text{maxpool} is words".

Truth: torch, max_pool2d / avg_pool2d and relu, on random maps and on one chosen map.
"""

from __future__ import annotations

import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

F = torch.nn.functional


def test_torch_agrees_with_the_claims_truth():
    x = torch.randn(50, 1, 6, 6, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    assert torch.equal(F.max_pool2d(F.relu(x), 2, 2), F.relu(F.max_pool2d(x, 2, 2)))
    one = torch.tensor([[[[4.0, -4.0], [-4.0, -4.0]]]])
    assert F.avg_pool2d(F.relu(one), 2).item() == 1.0 and F.relu(F.avg_pool2d(one, 2)).item() == 0


def _status(text: str, line: int) -> list[str]:
    return [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]


ENGLISH = """# Pooling and activations

We pool with a $2 \\times 2$ window and stride 2. Since ReLU is monotone the order does not matter:

$$\\text{MaxPool}(\\max(0, X)) = \\max(0, \\text{MaxPool}(X))$$

and so $\\mathrm{ReLU}(\\text{maxpool}(X)) = \\text{maxpool}(\\mathrm{ReLU}(X))$.
"""

SPANISH = """## Agregación

Con una ventana de $3 \\times 3$ y paso 1, el promedio también conmuta (¡cuidado!):

$$\\operatorname{avgpool}(\\mathrm{relu}(A)) = \\mathrm{relu}(\\operatorname{avgpool}(A))$$
"""


def test_max_pooling_commutes_with_relu():
    assert _status(ENGLISH, 5) == [VERIFIED]
    assert _status(ENGLISH, 7) == [VERIFIED]


def test_average_pooling_does_not():
    found = [v for v in check_text(SPANISH, "notes.md").verdicts if v.line == 5]
    assert [v.status for v in found] == [WRONG]
    assert "3x3, stride 1" in found[0].message  # the window the prose names, shown first
