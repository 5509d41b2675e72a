"""An activation's derivative written at any letter (issue 16: fresh16's "\\sigma'(y) =
\\sigma(y)(1 + \\sigma(y))", "\\sigma(...): activation functions are outside the layer").

The letter is the function's argument, a dummy: the claim is judged as the same identity in
z (checker/dummy_argument.py).  Truth: torch autograd of sigmoid and tanh at points, each
claimed right side evaluated there with torch.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch

from symconv.checker.dummy_argument import argument_as_z
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

POINTS = torch.linspace(-3, 3, 13, dtype=torch.float64)


def _derivative(f: Callable[[torch.Tensor], torch.Tensor]) -> torch.Tensor:
    x = POINTS.clone().requires_grad_(True)
    f(x).sum().backward()
    assert x.grad is not None
    return x.grad


CASES = [
    ("\\sigma'({v}) = \\sigma({v})\\,(1 - \\sigma({v}))", torch.sigmoid, lambda s: s * (1 - s)),
    ("\\sigma'({v}) = \\sigma({v})\\,(1 + \\sigma({v}))", torch.sigmoid, lambda s: s * (1 + s)),
    ("\\tanh'({v}) = 1 - \\tanh^2({v})", torch.tanh, lambda t: 1 - t**2),
    ("\\tanh'({v}) = 1 - \\tanh({v})", torch.tanh, lambda t: 1 - t),
]


@pytest.mark.parametrize("letter", ["y", "x", "u"])
@pytest.mark.parametrize(("claim", "f", "right"), CASES)
def test_derivative_at_any_letter(letter: str, claim: str, f, right) -> None:
    holds = bool(torch.allclose(_derivative(f), right(f(POINTS))))
    text = claim.replace("{v}", letter)
    notes = f"# Aktivierungen\n\nFür die Variante $A = \\sigma(Y)$ braucht man\n\n$${text}$$\n"
    found = [v for v in check_text(notes, "notes.md").verdicts if v.source == text]
    assert found and found[0].status == (VERIFIED if holds else WRONG), found


def test_only_the_bare_identity_is_renamed() -> None:
    assert argument_as_z("\\sigma'(y) = \\sigma(y)") == "\\sigma'(z) = \\sigma(z)"
    # another letter on the right: a tensor or a size, not the dummy
    assert argument_as_z("\\sigma'(y) = \\sigma(y) W") == "\\sigma'(y) = \\sigma(y) W"
    assert argument_as_z("\\sigma(y) = 1") == "\\sigma(y) = 1"  # no derivative on the left
