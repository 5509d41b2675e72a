"""Matrix claims about a dense layer too large to work out exactly (a 300-vector into 8
units: 2400 weights), judged at stand-in sizes when the claim writes no value, with the
gradient's letter defined on the claim's own line ("with $g = \\partial L/\\partial h$:").

The truth is torch autograd of ``F.linear`` at the true sizes (300 -> 8), each claimed right
side computed with NumPy from the same tensors (a right side that does not multiply is a
mistake)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

D_IN, D_OUT = 300, 8
HEAD = (
    "# The classifier head\n\n"
    "The features are flattened into $v \\in \\mathbb{R}^{300}$ and fed to `nn.Linear(300, 8)`, "
    "that is $h = M v + c$.\n\n"
)


def _truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(5)
    v = torch.randn(D_IN, 1, dtype=torch.float64, generator=gen, requires_grad=True)
    m = torch.randn(D_OUT, D_IN, dtype=torch.float64, generator=gen, requires_grad=True)
    c = torch.randn(D_OUT, dtype=torch.float64, generator=gen, requires_grad=True)
    h = F.linear(v.T, m, c).T
    g = torch.randn(h.shape, dtype=torch.float64, generator=gen)
    (h * g).sum().backward()
    return {"v": v.detach().numpy(), "M": m.detach().numpy(), "g": g.numpy(), "dM": m.grad.numpy(),
            "dv": v.grad.numpy()}  # fmt: skip


CLAIMS = [
    ("\\frac{\\partial L}{\\partial M} = g\\, v^{T}", "dM", lambda t: t["g"] @ t["v"].T),
    ("\\frac{\\partial L}{\\partial M} = v\\, g^{T}", "dM", lambda t: t["v"] @ t["g"].T),
    ("\\frac{\\partial L}{\\partial v} = M^{T} g", "dv", lambda t: t["M"].T @ t["g"]),
    ("\\frac{\\partial L}{\\partial v} = M g", "dv", lambda t: t["M"] @ t["g"]),
]


@pytest.mark.parametrize(("claim", "target", "right"), CLAIMS)
def test_claims_at_stand_in_sizes(claim: str, target: str, right) -> None:  # type: ignore[no-untyped-def]
    t = _truth()
    try:
        value = right(t)
        holds = value.shape == t[target].shape and bool(np.allclose(value, t[target]))
    except ValueError:
        holds = False  # does not multiply
    text = HEAD + f"- Backward, with $g = \\partial L / \\partial h$: ${claim}$\n"
    found = [v for v in check_text(text, "notes.md").verdicts if v.source == claim]
    assert [v.status for v in found] == [VERIFIED if holds else WRONG], (claim, found)


def test_a_claim_that_writes_a_value_keeps_the_true_sizes() -> None:
    """2 g v^T is not dL/dM; with a number in it the claim is not judged at stand-ins."""
    claim = "\\frac{\\partial L}{\\partial M} = 2\\, g\\, v^{T}"
    text = HEAD + f"- Backward, with $g = \\partial L / \\partial h$: ${claim}$\n"
    found = [v for v in check_text(text, "notes.md").verdicts if v.source == claim]
    assert not any("stood in" in v.message for v in found)
    assert VERIFIED not in [v.status for v in found]


@pytest.mark.parametrize(("claim", "target", "right"), CLAIMS[:2])
def test_stand_ins_under_one_examples_softmax(claim: str, target: str, right) -> None:  # type: ignore[no-untyped-def]
    """A softmax over h with the summed cross-entropy (no 1/N): g is still dL/dh, so the
    same claims hold or fail as with any upstream gradient (autograd above)."""
    t = _truth()
    value = right(t)
    holds = value.shape == t[target].shape and bool(np.allclose(value, t[target]))
    soft = (
        "Then $q_k = e^{h_k} / \\sum_{j=1}^{8} e^{h_j}$ and $L = -\\sum_{k=1}^{8} y_k \\log q_k$."
        "\n\n"
    )
    text = HEAD + soft + f"- Backward, with $g = \\partial L / \\partial h$: ${claim}$\n"
    found = [v for v in check_text(text, "notes.md").verdicts if v.source == claim]
    assert [v.status for v in found] == [VERIFIED if holds else WRONG], (claim, found)
