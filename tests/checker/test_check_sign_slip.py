"""A sign slip in an activation's derivative is called a sign error (issue 16: "a sign error
says 'sign'"), with the corrected side; another mistake is not.  Truth: torch autograd of the
activation at sample points against the claimed formula evaluated with numpy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

POINTS = torch.linspace(-3, 3, 13, dtype=torch.float64)


def _derivative(kind: str) -> np.ndarray:
    z = POINTS.clone().requires_grad_(True)
    getattr(torch, kind)(z).sum().backward()
    return z.grad.numpy()


def _sig(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


CASES: list[tuple[str, str, Callable[[np.ndarray], np.ndarray], bool]] = [
    # (kind, claim, the claim's right side, is a one-sign slip of the truth)
    (
        "sigmoid",
        "\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))",
        lambda z: _sig(z) - _sig(z) ** 2,
        False,
    ),
    ("sigmoid", "\\sigma'(z) = \\sigma(z)(1 + \\sigma(z))", lambda z: _sig(z) + _sig(z) ** 2, True),
    (
        "sigmoid",
        "\\sigma'(Z) = \\sigma(Z) \\odot \\left(1 + \\sigma(Z)\\right)",
        lambda z: _sig(z) * (1 + _sig(z)),
        True,
    ),
    ("sigmoid", "\\sigma'(z) = \\sigma(z)^2", lambda z: _sig(z) ** 2, False),
    ("tanh", "\\tanh'(z) = 1 - \\tanh^2(z)", lambda z: 1 - np.tanh(z) ** 2, False),
    ("tanh", "\\tanh'(z) = 1 + \\tanh^2(z)", lambda z: 1 + np.tanh(z) ** 2, True),
]


@pytest.mark.parametrize(("kind", "claim", "right", "slip"), CASES)
def test_a_sign_slip_is_named(kind: str, claim: str, right, slip: bool) -> None:
    truth = _derivative(kind)
    holds = bool(np.allclose(right(POINTS.numpy()), truth))
    text = f"# Activations\n\nFor the {kind}:\n\n$$ {claim} $$\n"
    found = [v for v in check_text(text, "notes.md").verdicts if v.line == 5]
    assert len(found) == 1
    assert found[0].status == (VERIFIED if holds else WRONG), found[0].message
    assert ("a sign error" in found[0].message) == slip
