"""The local derivative of a named activation, ``\\frac{\\partial a}{\\partial z} = ...``
(cases for ReLU, a(1-a) for the sigmoid, 1-a^2 for tanh), correct and wrong; the truth is
torch autograd at points away from 0 (relu'(0) is a convention), never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

POINTS = [-3.0, -1.25, -0.5, 0.25, 0.75, 2.0]
TORCH = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}
CLAIMS = [
    ("relu", r"\begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}", lambda z, a: float(z > 0)),
    ("relu", r"\begin{cases} 0 & z > 0 \\ 1 & z \le 0 \end{cases}", lambda z, a: float(z <= 0)),
    ("sigmoid", "a(1-a)", lambda z, a: a * (1 - a)),
    ("sigmoid", "a(1+a)", lambda z, a: a * (1 + a)),
    ("tanh", "1 - a^2", lambda z, a: 1 - a * a),
    ("tanh", "1 + a^2", lambda z, a: 1 + a * a),
]
PROSE = {
    "relu": "For a ReLU $a = \\max(0, z)$,",
    "sigmoid": "Con la sigmoide $a = \\sigma(z)$,",
    "tanh": "With $a = \\tanh(z)$,",
}


def _right(kind, formula) -> bool:
    for p in POINTS:
        z = torch.tensor(p, dtype=torch.float64, requires_grad=True)
        a = TORCH[kind](z)
        a.backward()
        if abs(formula(p, a.item()) - z.grad.item()) > 1e-12:
            return False
    return True


@pytest.mark.parametrize("kind,rhs,formula", CLAIMS)
@pytest.mark.parametrize("display", ["$$ {} $$", "\\[ {} \\]"])
def test_local_derivative_of_a_named_activation(kind, rhs, formula, display):
    claim = "\\frac{\\partial a}{\\partial z} = " + rhs
    verdict = check_text(PROSE[kind] + "\n\n" + display.format(claim) + "\n").verdicts[-1]
    assert verdict.status == (VERIFIED if _right(kind, formula) else WRONG), verdict.message
