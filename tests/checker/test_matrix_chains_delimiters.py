"""A dense layer with the samples as ROWS (``Z = XW + \\mathbf{1}_N b^\\top``) under a softmax
cross-entropy, written with LaTeX's ``\\[ \\]`` and ``\\( \\)`` delimiters (not dollars), with
a later heading that names the same dense layer ("## Backward through the linear layer"),
and chains ``\\frac{\\partial L}{\\partial W} = X^\\top \\frac{\\partial L}{\\partial Z} =
\\frac{1}{N} X^\\top (P - Y)``: every side after the first is judged against the true gradient.

The truth is torch autograd (``F.cross_entropy`` over the rows, mean reduction) at N = 3
samples, D = 4 features, K = 2 classes; each claimed side is computed with NumPy from the
same tensors.  A chain is true exactly when every side equals the autograd gradient."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

N, D, K = 3, 4, 2

HEAD = (
    "# Logistic regression, vectorised\n\n"
    "Take a batch of \\(N = 3\\) rows, \\(X \\in \\mathbb{R}^{N \\times D}\\) with \\(D = 4\\), "
    "weights \\(W \\in \\mathbb{R}^{D \\times K}\\) and a bias \\(b \\in \\mathbb{R}^{K}\\), "
    "\\(K = 2\\):\n\n"
    "\\[ Z = X W + \\mathbf{1}_N b^\\top \\]\n\n"
    "with \\(P = \\operatorname{softmax}(Z)\\) taken row by row and one-hot labels \\(Y\\). "
    "The loss averages over the rows:\n\n"
    "\\[ L = -\\frac{1}{N} \\sum_{n=1}^{N} \\sum_{k=1}^{K} Y_{nk} \\log P_{nk} \\]\n\n"
    "## Backward through the linear layer\n\n"
)


def _truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(11)
    x = torch.randn(N, D, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(D, K, dtype=torch.float64, generator=gen, requires_grad=True)
    b = torch.randn(K, dtype=torch.float64, generator=gen, requires_grad=True)
    labels = torch.tensor([1, 0, 1])
    z = x @ w + b
    z.retain_grad()
    F.cross_entropy(z, labels, reduction="mean").backward()
    return {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "P": torch.softmax(z, 1).detach().numpy(),
        "Y": np.eye(K)[labels.numpy()],
        "dZ": z.grad.numpy(),
        "dW": w.grad.numpy(),
        "db": b.grad.numpy().reshape(-1, 1),
        "dX": x.grad.numpy(),
    }


def _value(side, t):  # type: ignore[no-untyped-def]
    try:
        return side(t)
    except ValueError:
        return None  # does not multiply


def _agrees(value, want) -> bool:  # type: ignore[no-untyped-def]
    return value is not None and value.shape == want.shape and bool(np.allclose(value, want))


ONES_N, ONES_K = np.ones((N, 1)), np.ones((K, 1))
DZ = "\\frac{\\partial L}{\\partial Z}"
CHAINS = [
    (
        f"\\frac{{\\partial L}}{{\\partial W}} = X^\\top {DZ} = \\frac{{1}}{{N}} X^\\top (P - Y)",
        "dW",
        [lambda t: t["X"].T @ t["dZ"], lambda t: t["X"].T @ (t["P"] - t["Y"]) / N],
    ),
    (
        f"\\frac{{\\partial L}}{{\\partial W}} = X^\\top {DZ} = X^\\top (P - Y)",
        "dW",
        [lambda t: t["X"].T @ t["dZ"], lambda t: t["X"].T @ (t["P"] - t["Y"])],
    ),
    (
        f"\\frac{{\\partial L}}{{\\partial b}} = \\left( {DZ} \\right)^{{\\!\\top}} \\mathbf{{1}}_N"
        " = \\frac{1}{N} (P - Y)^\\top \\mathbf{1}_N",
        "db",
        [lambda t: t["dZ"].T @ ONES_N, lambda t: (t["P"] - t["Y"]).T @ ONES_N / N],
    ),
    (
        f"\\frac{{\\partial L}}{{\\partial b}} = {DZ}^\\top \\mathbf{{1}}_N = {DZ} \\mathbf{{1}}_N",
        "db",
        [lambda t: t["dZ"].T @ ONES_N, lambda t: t["dZ"] @ ONES_N],
    ),
    (f"\\frac{{\\partial L}}{{\\partial X}} = {DZ} W^\\top", "dX", [lambda t: t["dZ"] @ t["W"].T]),
    (f"\\frac{{\\partial L}}{{\\partial X}} = W^\\top {DZ}", "dX", [lambda t: t["W"].T @ t["dZ"]]),
    ("\\frac{\\partial L}{\\partial Z} = P - Y", "dZ", [lambda t: t["P"] - t["Y"]]),
]


@pytest.mark.parametrize(("claim", "target", "sides"), CHAINS)
def test_chains_under_backslash_delimiters(claim: str, target: str, sides) -> None:  # type: ignore[no-untyped-def]
    t = _truth()
    holds = all(_agrees(_value(side, t), t[target]) for side in sides)
    found = statuses(HEAD + f"\\[ {claim} \\]\n", claim[:30])
    assert found, claim
    assert found[0] == (VERIFIED if holds else WRONG), (claim, found)


def test_entries_with_swapped_indices() -> None:
    """dL/dW_{dk} = (1/N) sum_n X_{nd} (P_nk - Y_nk) holds (autograd); X_{dn} reads X
    transposed, which is not even defined at d = 4 > N = 3."""
    t = _truth()
    assert np.allclose(np.einsum("nd,nk->dk", t["X"], t["P"] - t["Y"]) / N, t["dW"])
    right = "\\frac{1}{N} \\sum_{n=1}^{N} X_{nd} \\left( P_{nk} - Y_{nk} \\right)"
    claim = f"\\frac{{\\partial L}}{{\\partial W_{{dk}}}} = {right}"
    assert statuses(HEAD + f"\\[ {claim} \\]\n", "W_{dk}") == [VERIFIED]
    swapped = claim.replace("X_{nd}", "X_{dn}")
    assert statuses(HEAD + f"\\[ {swapped} \\]\n", "W_{dk}") == [WRONG]


def test_a_heading_naming_a_convolution_still_ends_the_layer() -> None:
    """A later section about a convolution is another layer: the dense layer's definition
    does not judge its claims."""
    text = HEAD.replace("linear layer", "convolution") + f"\\[ {DZ} = P - Y \\]\n"
    messages = [v.message for v in check_text(text, "notes.md").verdicts if "P - Y" in v.source]
    assert messages and not any("notes' definition" in m for m in messages), messages
