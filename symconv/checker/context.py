"""What a statement is checked against: the notation, the current layer, its model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from symconv.checker.notation_options import Notation
from symconv.checker.sizes import LayerSizes
from symconv.checker.truth import Model


@dataclass
class Context:
    notation: Notation
    layer: LayerSizes | None  # sizes of the current layer (any kind)
    model: Model | None  # conv or dense layer for element-wise claims
    where: str  # "conv2d 3x3, kernel 2x2" or "LeNet-5 layer C1"
    seed: int = 0
    extras: dict[str, Any] = field(default_factory=dict)

    def quantities(self) -> dict:
        return self.layer.quantities() if self.layer else {}


def finding(status: str, message: str, **details) -> dict:
    """The fields of a verdict other than its line and source."""
    return {"status": status, "message": message, **details}
