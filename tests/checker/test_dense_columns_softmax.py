"""A dense layer with the samples as COLUMNS (``Z = WX + b 1^T``, ``P_{kn} = e^{Z_{kn}} /
\\sum_m e^{Z_{mn}}``, the mean or the summed softmax cross-entropy), in several writing
styles: the softmax written out entry by entry or named ``\\operatorname{softmax}`` "down
each column", upper- or lower-case letters in the loss, a gradient letter introduced by
"Call this $\\Delta$" after its display, entries with explicit sums, and the per-example
softmax claims (Jacobian, p - y, a worked example with a one-hot label given as numbers).

The truth is torch autograd on the same layer (``F.cross_entropy`` over the columns, mean
or sum), each claimed right side computed with NumPy from the same tensors: the checker
must verify exactly the claims whose right side is the autograd gradient, shape and
values, and call the others wrong."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

D, K, N = 5, 3, 4  # features, classes, samples (columns)

HEADS = {
    "formula, mean": (
        "I store examples as columns. The batch is $X \\in \\mathbb{R}^{5 \\times 4}$ ($N = 4$ "
        "examples), the layer is\n\n$$Z = W X + \\mathbf{b} \\mathbf{1}_4^{\\top}$$\n\n"
        "with $W \\in \\mathbb{R}^{3 \\times 5}$ and $\\mathbf{b} \\in \\mathbb{R}^3$, then a "
        "softmax down each column, $P_{kn} = e^{Z_{kn}} / \\sum_{m} e^{Z_{mn}}$, and the mean "
        "cross-entropy against one-hot labels $Y$:\n\n"
        "$$L = -\\frac{1}{N} \\sum_{n=1}^{N} \\sum_{k=1}^{3} Y_{kn} \\log P_{kn}$$\n\n",
        True,
    ),
    "named, mean": (
        "Each column of $X \\in \\mathbb{R}^{5 \\times 4}$ is one example ($N = 4$). The layer is "
        "$Z = WX + b\\mathbf{1}^\\top$ with $W \\in \\mathbb{R}^{3 \\times 5}$ and "
        "$b \\in \\mathbb{R}^{3}$, then $P = \\operatorname{softmax}(Z)$ column by column "
        "(column-wise), and $Y$ holds the one-hot labels. The loss is the mean:\n\n"
        "$$L = -\\frac{1}{N} \\sum_{n=1}^{N} \\sum_{k=1}^{3} y_{kn} \\log p_{kn}$$\n\n",
        True,
    ),
    "frac formula, sum": (
        "Samples are columns ($N = 4$): $X \\in \\mathbb{R}^{5 \\times 4}$, "
        "$W \\in \\mathbb{R}^{3 \\times "
        "5}$, $b \\in \\mathbb{R}^{3}$ and\n\n$$Z = WX + b \\mathbf{1}^{\\top}$$\n\n"
        "The probabilities are $P_{k,n} = \\frac{\\exp(Z_{k,n})}{\\sum_{m} \\exp(Z_{m,n})}$ and "
        "the loss is summed over the batch,\n\n"
        "$$L = -\\sum_{n=1}^{4} \\sum_{k=1}^{3} Y_{kn} \\ln P_{kn}$$\n\n",
        False,
    ),
}


def _truth(mean: bool) -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(D, N, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(K, D, dtype=torch.float64, generator=gen, requires_grad=True)
    b = torch.randn(K, dtype=torch.float64, generator=gen, requires_grad=True)
    labels = torch.tensor([0, 2, 1, 2])
    z = w @ x + b[:, None]
    z.retain_grad()
    loss = F.cross_entropy(z.T, labels, reduction="mean" if mean else "sum")
    loss.backward()
    p = torch.softmax(z, 0).detach().numpy()
    return {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "P": p,
        "Y": np.eye(K)[labels.numpy()].T,
        "dZ": z.grad.numpy(),
        "dW": w.grad.numpy(),
        "db": b.grad.numpy().reshape(-1, 1),
        "dX": x.grad.numpy(),
    }


CLAIMS = [
    ("\\frac{\\partial L}{\\partial Z} = P - Y", "dZ", lambda t, n: t["P"] - t["Y"]),
    (
        "\\frac{\\partial L}{\\partial Z} = \\frac{1}{N}(P - Y)",
        "dZ",
        lambda t, n: (t["P"] - t["Y"]) / N,
    ),
    ("\\frac{\\partial L}{\\partial W} = \\Delta X^{\\top}", "dW", lambda t, n: t["dZ"] @ t["X"].T),
    ("\\frac{\\partial L}{\\partial W} = X^{\\top} \\Delta", "dW", lambda t, n: t["X"].T @ t["dZ"]),
    ("\\frac{\\partial L}{\\partial X} = W^{\\top} \\Delta", "dX", lambda t, n: t["W"].T @ t["dZ"]),
    ("\\frac{\\partial L}{\\partial X} = \\Delta W^{\\top}", "dX", lambda t, n: t["dZ"] @ t["W"].T),
    (
        "\\frac{\\partial L}{\\partial b} = \\Delta \\mathbf{1}_4",
        "db",
        lambda t, n: t["dZ"] @ np.ones((N, 1)),
    ),
    (
        "\\frac{\\partial L}{\\partial b} = \\frac{1}{N} (P - Y)^{\\top} \\mathbf{1}_3",
        "db",
        lambda t, n: (t["P"] - t["Y"]).T @ np.ones((K, 1)) / N,
    ),
    (
        "\\frac{\\partial L}{\\partial W} = \\frac{1}{N} (P - Y) X^{\\top}",
        "dW",
        lambda t, n: (t["P"] - t["Y"]) @ t["X"].T / N,
    ),
]


def _try(right, *args):  # type: ignore[no-untyped-def]
    try:
        return right(*args)
    except ValueError:
        return None  # the product does not multiply


def _agrees(value, want: np.ndarray) -> bool:  # type: ignore[no-untyped-def]
    return value is not None and value.shape == want.shape and bool(np.allclose(value, want))


def _last(text: str):  # type: ignore[no-untyped-def]
    verdicts = [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]
    assert verdicts, "no verdict"
    return verdicts[-1]


def _notes(head: str, claim: str) -> str:
    # Delta named by the sentence after the display of dL/dZ (the true one)
    named = (
        "$$\\frac{\\partial L}{\\partial Z} = \\frac{1}{N}(P - Y)$$\n\nCall this $\\Delta$.\n\n"
        if HEADS[head][1]
        else "$$\\frac{\\partial L}{\\partial Z} = P - Y$$\n\nCall this $\\Delta$.\n\n"
    )
    return HEADS[head][0] + named + f"$${claim}$$\n"


# every claim under the first style; the mistakes most notes make under the others
CASES = [("formula, mean", *claim) for claim in CLAIMS] + [
    (head, *CLAIMS[i]) for head in list(HEADS)[1:] for i in (0, 1, 2, 7)
]


@pytest.mark.parametrize(("head", "claim", "target", "numpy"), CASES)
def test_column_batch_claims_match_autograd(head: str, claim: str, target: str, numpy) -> None:
    mean = HEADS[head][1]
    truth = _truth(mean)
    holds = _agrees(_try(numpy, truth, N), truth[target])
    verdict = _last(_notes(head, claim))
    assert verdict.status == (VERIFIED if holds else WRONG), (head, claim, verdict.message)


def test_the_named_gradient_is_the_display_above() -> None:
    """Both displays of dL/dZ are true under their loss (autograd); Delta is each one."""
    for head in HEADS:
        truth = _truth(HEADS[head][1])
        dz = (truth["P"] - truth["Y"]) / (N if HEADS[head][1] else 1)
        assert np.allclose(dz, truth["dZ"])
        text = _notes(head, "x = 1").replace("$$x = 1$$\n", "")
        statuses = [v.status for v in check_text(text, "n.md").verdicts if "partial" in v.source]
        assert statuses == [VERIFIED], head


@pytest.mark.parametrize(
    ("claim", "right"),
    [
        # dW_{kd} = (1/N) sum_n (P_kn - Y_kn) X_dn (true) and with X_kn (a slip)
        (
            "\\frac{\\partial L}{\\partial W_{kd}} = \\frac{1}{N} \\sum_{n=1}^{N} (P_{kn} - "
            "Y_{kn}) \\, X_{dn}",
            lambda t: np.einsum("kn,dn->kd", t["P"] - t["Y"], t["X"]) / N,
        ),
        (
            "\\frac{\\partial L}{\\partial W_{kd}} = \\frac{1}{N} \\sum_{n=1}^{N} (P_{kn} - "
            "Y_{kn}) \\, X_{kn}",
            None,
        ),
        (
            "\\frac{\\partial L}{\\partial b_{k}} = \\frac{1}{N} \\sum_{n=1}^{N} (P_{kn} - Y_{kn})",
            lambda t: ((t["P"] - t["Y"]).sum(1) / N).reshape(-1, 1),
        ),
        (
            "\\frac{\\partial L}{\\partial b_{k}} = \\sum_{n=1}^{N} (P_{kn} - Y_{kn})",
            lambda t: (t["P"] - t["Y"]).sum(1).reshape(-1, 1),
        ),
    ],
)
def test_column_batch_entries(claim: str, right) -> None:  # type: ignore[no-untyped-def]
    truth = _truth(True)
    target = "dW" if "W_" in claim else "db"
    holds = right is not None and _agrees(right(truth), truth[target])
    verdict = _last(HEADS["formula, mean"][0] + f"$${claim}$$\n")
    assert verdict.status == (VERIFIED if holds else WRONG), (claim, verdict.message)


# -- one column: the per-example softmax claims ---------------------------------------------
ONE = (
    "For one column, $p_i = e^{z_i} / \\sum_m e^{z_m}$, with the cross-entropy "
    "$\\ell = -\\sum_k y_k \\log p_k$ against a one-hot $y$.\n\n"
)


def _jacobian_truth(form) -> bool:  # type: ignore[no-untyped-def]
    z = torch.tensor([0.3, -1.2, 0.8, 0.1], dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), z)
    p = torch.softmax(z, 0)
    return all(
        math.isclose(form(p, i, j), jac[i, j].item(), abs_tol=1e-12)
        for i in range(4)
        for j in range(4)
    )


@pytest.mark.parametrize(
    ("right", "form"),
    [
        ("p_i (\\delta_{ij} - p_j)", lambda p, i, j: (p[i] * (float(i == j) - p[j])).item()),
        ("p_i (1 - p_j)", lambda p, i, j: (p[i] * (1 - p[j])).item()),
        ("-p_i p_j", lambda p, i, j: (-p[i] * p[j]).item()),
    ],
)
def test_softmax_written_out_jacobian(right: str, form) -> None:  # type: ignore[no-untyped-def]
    verdict = _last(ONE + f"$$\\frac{{\\partial p_i}}{{\\partial z_j}} = {right}$$\n")
    assert verdict.status == (VERIFIED if _jacobian_truth(form) else WRONG), verdict.message


@pytest.mark.parametrize(
    ("written", "holds"),
    [("(0.576, -0.788, 0.212)", True), ("(0.576, 0.212, 0.212)", False)],
)
def test_bold_vectors_and_a_one_hot_label_in_numbers(written: str, holds: bool) -> None:
    z = torch.tensor([1.0, 0.0, 0.0], dtype=torch.float64, requires_grad=True)
    F.cross_entropy(z[None], torch.tensor([1])).backward()  # y = (0, 1, 0): class 2
    values = [float(v) for v in written.strip("()").split(",")]
    truth = all(abs(v - g) <= 5e-4 for v, g in zip(values, z.grad.tolist(), strict=True))
    assert truth == holds
    text = ONE.replace("$y$", "$\\mathbf{y}$") + (
        "For $\\mathbf{z} = (1, 0, 0)$ and label $\\mathbf{y} = (0, 1, 0)$:\n\n"
        f"$$\\frac{{\\partial \\ell}}{{\\partial \\mathbf{{z}}}} = {written}$$\n"
    )
    assert _last(text).status == (VERIFIED if holds else WRONG)
