"""A summary sheet with two softmax layers written as matrices: one example (``\\mathbf{s} =
V\\mathbf{h} + \\mathbf{c}``, ``q_k = e^{s_k} / \\sum_{j=1}^{4} e^{s_j}``) and then a mini-batch
in the columns (``S = VH + \\mathbf{c}\\mathbf{1}^\\top``, ``Q = \\operatorname{softmax}(S)``
column by column) whose cost is the mean of the examples' losses, ``J = \\frac{1}{m}
\\sum_{t=1}^{m} L^{(t)}`` with a lower-case ``m = 3``, gradients written ``\\mathrm{d}S``.
Each claim is judged under the softmax of its own layer.

The truth is torch autograd: ``F.cross_entropy`` of one column (sum) and of the batch's
columns (mean), each claimed right side computed with NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

K, D, M = 4, 2, 3
ONE = (
    "Columns are vectors. One example: \\(\\mathbf{h} \\in \\mathbb{R}^{2}\\), "
    "\\(V \\in \\mathbb{R}^{4 \\times 2}\\), \\(\\mathbf{c} \\in \\mathbb{R}^{4}\\), one-hot "
    "\\(\\mathbf{t}\\).\n\n"
    "- scores: \\(\\mathbf{s} = V\\mathbf{h} + \\mathbf{c}\\)\n"
    "- softmax: \\(q_k = e^{s_k} / \\sum_{j=1}^{4} e^{s_j}\\)\n"
    "- loss: \\(L = -\\sum_{k=1}^{4} t_k \\log q_k\\)\n\n"
)
BATCH = (
    "**Batch of \\(m = 3\\)** (the columns of \\(H \\in \\mathbb{R}^{2 \\times 3}\\), one-hot "
    "columns \\(T\\), cost \\(J = \\frac{1}{m}\\sum_{t=1}^{m} L^{(t)}\\))\n\n"
    "\\[ S = VH + \\mathbf{c}\\mathbf{1}^{\\top}, \\qquad Q = \\operatorname{softmax}(S) "
    "\\text{ column by column} \\]\n\n"
    "(\\(\\mathrm{d}A\\) means \\(\\partial J / \\partial A\\).)\n\n"
)


def _truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(9)
    h = torch.randn(D, M, dtype=torch.float64, generator=gen, requires_grad=True)
    v = torch.randn(K, D, dtype=torch.float64, generator=gen, requires_grad=True)
    c = torch.randn(K, 1, dtype=torch.float64, generator=gen, requires_grad=True)
    labels = torch.tensor([2, 0, 3])
    s = v @ h + c
    s.retain_grad()
    F.cross_entropy(s.T, labels, reduction="mean").backward()
    assert v.grad is not None and h.grad is not None and c.grad is not None
    return {
        "H": h.detach().numpy(), "V": v.detach().numpy(), "Q": torch.softmax(s, 0).detach().numpy(),
        "T": np.eye(K)[labels.numpy()].T, "dS": s.grad.numpy(), "dV": v.grad.numpy(),
        "dc": c.grad.numpy(), "dH": h.grad.numpy(),
    }  # fmt: skip


def _one_example() -> dict[str, np.ndarray]:
    t = _truth()
    s = torch.tensor(t["V"] @ t["H"][:, :1] + 0.5, requires_grad=True)
    F.cross_entropy(s.T, torch.tensor([1]), reduction="sum").backward()
    assert s.grad is not None
    q = torch.softmax(s, 0).detach().numpy()
    return {"q": q, "t": np.eye(K)[[1]].T, "h": t["H"][:, :1], "V": t["V"], "ds": s.grad.numpy()}


ONE_CLAIMS = [
    ("\\frac{\\partial L}{\\partial \\mathbf{s}} = \\mathbf{q} - \\mathbf{t}", "ds",
     lambda e: e["q"] - e["t"]),
    ("\\frac{\\partial L}{\\partial V} = (\\mathbf{q} - \\mathbf{t})\\,\\mathbf{h}^{\\top}", None,
     lambda e: (e["q"] - e["t"]) @ e["h"].T),
    ("\\frac{\\partial L}{\\partial V} = \\mathbf{h}\\,(\\mathbf{q} - \\mathbf{t})^{\\top}", None,
     lambda e: e["h"] @ (e["q"] - e["t"]).T),
    ("\\frac{\\partial L}{\\partial \\mathbf{h}} = V^{\\top}(\\mathbf{q} - \\mathbf{t})", "dh",
     lambda e: e["V"].T @ (e["q"] - e["t"])),
]  # fmt: skip
BATCH_CLAIMS = [
    ("\\mathrm{d}S = \\frac{1}{m}(Q - T)", "dS", lambda t: (t["Q"] - t["T"]) / M),
    ("\\mathrm{d}S = Q - T", "dS", lambda t: t["Q"] - t["T"]),
    ("\\mathrm{d}V = \\mathrm{d}S\\,H^{\\top}", "dV", lambda t: t["dS"] @ t["H"].T),
    ("\\mathrm{d}V = \\frac{1}{m}\\,\\mathrm{d}S\\,H^{\\top}", "dV",
     lambda t: t["dS"] @ t["H"].T / M),
    ("\\mathrm{d}\\mathbf{c} = \\mathrm{d}S\\,\\mathbf{1}_3", "dc",
     lambda t: t["dS"] @ np.ones((M, 1))),
    ("\\mathrm{d}\\mathbf{c} = \\mathbf{1}_4^{\\top}\\,\\mathrm{d}S", "dc",
     lambda t: np.ones((1, K)) @ t["dS"]),
    ("\\mathrm{d}H = V^{\\top}\\,\\mathrm{d}S", "dH", lambda t: t["V"].T @ t["dS"]),
]  # fmt: skip


def _status(text: str, claim: str) -> list[str]:
    return [v.status for v in check_text(text, "n.md").verdicts if v.source.strip() == claim]


@pytest.mark.parametrize(("claim", "target", "right"), ONE_CLAIMS)
def test_one_example_under_its_vector_softmax(claim: str, target, right) -> None:  # type: ignore[no-untyped-def]
    e = _one_example()
    value = right(e)
    q_t = e["q"] - e["t"]
    assert np.allclose(q_t, e["ds"])
    want = {"ds": e["ds"], "dh": e["V"].T @ e["ds"], None: e["ds"] @ e["h"].T}[target]
    holds = value.shape == want.shape and bool(np.allclose(value, want))
    assert _status(ONE + f"\\[ {claim} \\]\n", claim) == [VERIFIED if holds else WRONG]


@pytest.mark.parametrize(("claim", "target", "right"), BATCH_CLAIMS)
def test_batch_under_its_own_softmax(claim: str, target: str, right) -> None:  # type: ignore[no-untyped-def]
    t = _truth()
    try:
        value = right(t)
        holds = value.shape == t[target].shape and bool(np.allclose(value, t[target]))
    except ValueError:
        holds = False
    assert _status(ONE + BATCH + f"\\[ {claim} \\]\n", claim) == [VERIFIED if holds else WRONG]


def test_the_d_of_notes_that_do_not_say_is_not_read() -> None:
    """Without "dA means dJ/dA", dS = Q - T (the examples' gradients stacked, as some notes
    mean it) and dS = (1/m)(Q - T) are both left open; dJ/dS written out is judged."""
    batch = BATCH.replace("(\\(\\mathrm{d}A\\) means \\(\\partial J / \\partial A\\).)\n\n", "")
    assert "means" not in batch
    for claim in ("\\mathrm{d}S = Q - T", "\\mathrm{d}S = \\frac{1}{m}(Q - T)"):
        assert _status(ONE + batch + f"\\[ {claim} \\]\n", claim) in ([], ["not-understood"])
    t = _truth()
    assert np.allclose((t["Q"] - t["T"]) / M, t["dS"])
    claim = "\\frac{\\partial J}{\\partial S} = \\frac{1}{m}(Q - T)"
    assert _status(ONE + batch + f"\\[ {claim} \\]\n", claim) == [VERIFIED]
