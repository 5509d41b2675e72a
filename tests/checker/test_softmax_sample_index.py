"""One example's softmax claims written with the batch's sample index (``\\frac{\\partial
P_{ik}}{\\partial Z_{ij}}``, ``\\frac{\\partial \\ell_i}{\\partial Z_{ij}}``, samples as rows or
as columns), a Jacobian claim restricted by its sentence to the entries off (or on) the
diagonal, a sum over the classes inside a claim, and one probability of a worked example
(``p_0 = 0.879``) with its logits and true class given on the claim's own line.

The truth is torch autograd: the Jacobian of ``torch.softmax`` over one sample's logits and
the gradient of ``F.cross_entropy`` at random logits, compared with each claimed right side
computed with NumPy at the same point."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

ROWS = (
    "# Batched softmax regression\n\n"
    "Logits for $B$ examples are the rows of $Z$, $P = \\operatorname{softmax}(Z)$ row-wise, "
    "$T$ holds one-hot targets, and with $C$ classes the loss is the mean\n\n"
    "$$L = -\\frac{1}{B} \\sum_{i=1}^{B} \\sum_{c=1}^{C} T_{ic} \\ln P_{ic}$$\n\n"
    "The per-example loss is $\\ell_i = -\\sum_c T_{ic} \\ln P_{ic}$.\n\n"
)
COLUMNS = (
    "# Softmax over columns\n\n"
    "Each column of $Z$ holds one sample's logits and $P = \\operatorname{softmax}(Z)$ down each "
    "column; $T$ is one-hot; the loss is\n\n"
    "$$L = -\\frac{1}{B} \\sum_{i=1}^{B} \\sum_{c=1}^{C} T_{ci} \\ln P_{ci}$$\n\n"
)


def statuses(text: str, piece: str) -> list[str]:
    """The statuses of the verdicts on the statements that hold ``piece``."""
    return [v.status for v in check_text(text, "notes.md").verdicts if piece in v.source]


def _point() -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """One sample's logits z, its softmax p, autograd's Jacobian dp/dz and a true class."""
    z = torch.tensor([0.3, -1.2, 0.8, 0.1], dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), z)
    return z.numpy(), torch.softmax(z, 0).numpy(), jac.numpy(), 2


def _ce_grad(z: np.ndarray, label: int) -> np.ndarray:
    v = torch.tensor(z, requires_grad=True)
    F.cross_entropy(v[None], torch.tensor([label])).backward()
    assert v.grad is not None
    return v.grad.numpy()


JACOBIANS = [  # (prose before, claim's right side with P_{ik} / P_{ij}, numpy of [k, j])
    ("", "P_{ik} (\\delta_{kj} - P_{ij})", lambda p, k, j: p[k] * ((k == j) - p[j])),
    ("", "-P_{ik} P_{ij}", lambda p, k, j: -p[k] * p[j]),
    ("For $j \\neq k$: ", "-P_{ik} P_{ij}", lambda p, k, j: -p[k] * p[j]),
    ("Off the diagonal, ", "P_{ik} P_{ij}", lambda p, k, j: p[k] * p[j]),
    ("On the diagonal, ", "P_{ik} (1 - P_{ik})", lambda p, k, j: p[k] * (1 - p[k])),
]


@pytest.mark.parametrize(("before", "right", "numpy"), JACOBIANS)
def test_jacobian_with_the_sample_index(before: str, right: str, numpy) -> None:  # type: ignore[no-untyped-def]
    _, p, jac, _ = _point()
    off = "j \\neq k" in before or "Off" in before
    on = "On the" in before
    pairs = [
        (k, j) for k in range(4) for j in range(4) if not (off and k == j) and not (on and k != j)
    ]
    holds = all(math.isclose(numpy(p, k, j), jac[k, j], abs_tol=1e-12) for k, j in pairs)
    claim = f"\\frac{{\\partial P_{{ik}}}}{{\\partial Z_{{ij}}}} = {right}"
    found = statuses(ROWS + f"{before}${claim}$\n", claim)
    assert found == [VERIFIED if holds else WRONG], (before, right, found)


def test_columns_put_the_sample_index_second() -> None:
    _, p, jac, _ = _point()
    assert np.allclose(np.diag(p) - np.outer(p, p), jac)
    claim = "\\frac{\\partial P_{ki}}{\\partial Z_{ji}} = P_{ki} (\\delta_{kj} - P_{ji})"
    assert statuses(COLUMNS + f"$${claim}$$\n", "P_{ki}") == [VERIFIED]
    # the sample index first under columns is not one sample's entry: left alone
    swapped = "\\frac{\\partial P_{ik}}{\\partial Z_{ij}} = P_{ik} (\\delta_{kj} - P_{ij})"
    assert WRONG not in statuses(COLUMNS + f"$${swapped}$$\n", "P_{ik}")


def test_across_samples_is_left_alone() -> None:
    claim = "\\frac{\\partial P_{ik}}{\\partial Z_{mj}} = P_{ik} (\\delta_{kj} - P_{ij})"
    assert statuses(ROWS + f"$${claim}$$\n", "Z_{mj}") in ([], [NOT_UNDERSTOOD])


@pytest.mark.parametrize(
    ("right", "numpy"),
    [
        (
            "-\\sum_{c=1}^{C} \\frac{T_{ic}}{P_{ic}} P_{ic} (\\delta_{cj} - P_{ij})",
            lambda p, t, j: -sum(t[c] * ((c == j) - p[j]) for c in range(4)),
        ),
        ("P_{ij} - T_{ij}", lambda p, t, j: p[j] - t[j]),
        ("T_{ij} - P_{ij}", lambda p, t, j: t[j] - p[j]),
        ("\\sum_{c} T_{ic} P_{ij} - T_{ij}", lambda p, t, j: p[j] - t[j]),
    ],
)
def test_sample_loss_gradient_with_a_class_sum(right: str, numpy) -> None:  # type: ignore[no-untyped-def]
    z, p, _, label = _point()
    t = np.eye(4)[label]
    truth = _ce_grad(z, label)
    holds = all(math.isclose(numpy(p, t, j), truth[j], abs_tol=1e-12) for j in range(4))
    claim = f"\\frac{{\\partial \\ell_i}}{{\\partial Z_{{ij}}}} = {right}"
    assert statuses(ROWS + "We have $C = 4$ classes.\n\n" + f"$${claim}$$\n", "ell_i}") == [
        VERIFIED if holds else WRONG
    ]


def test_a_class_sum_to_another_bound_is_not_read() -> None:
    claim = "\\frac{\\partial \\ell_i}{\\partial Z_{ij}} = \\sum_{c=1}^{B} T_{ic} P_{ij} - T_{ij}"
    assert statuses(ROWS + "We have $C = 4$ classes.\n\n" + f"$${claim}$$\n", "ell_i}") != [
        VERIFIED
    ]


@pytest.mark.parametrize(
    ("prose", "written"),
    [
        ("Example: $z = (3, 1, 0)$ with the true class at position 0: ", "0.844"),
        ("Example: $z = (3, 1, 0)$ with the true class at position 0: ", "0.879"),
        ("Ejemplo: $z = (3, 1, 0)$ con la clase correcta en la posición 0: ", "0.844"),
        ("Exemplo: $z = (3, 1, 0)$ com a classe correta na posição 0: ", "0.844"),
    ],
)
def test_probability_and_loss_of_a_worked_example(prose: str, written: str) -> None:
    p = torch.softmax(torch.tensor([3.0, 1.0, 0.0], dtype=torch.float64), 0).numpy()
    loss = float(F.cross_entropy(torch.tensor([[3.0, 1.0, 0.0]]), torch.tensor([0])))
    head = (
        "Softmax $p_k = e^{z_k} / \\sum_j e^{z_j}$, one-hot $y$, loss $L = -\\sum_k y_k \\ln p_k$."
        "\n\n"
    )
    right = abs(float(written) - p[0]) <= 0.0005
    text = head + f"- {prose}$p_0 = {written}$ and $L = {loss:.3f}$\n"
    assert statuses(text, "p_0 =") == [VERIFIED if right else WRONG]
    assert statuses(text, "L = 0") == [VERIFIED]


@pytest.mark.parametrize(("right", "holds"), [("-p_k\\, p_j", True), ("p_k\\, p_j", False)])
def test_off_the_diagonal_in_words_with_dfrac(right: str, holds: bool) -> None:
    """ "off the diagonal (whenever k and j differ)" before a \\dfrac claim: autograd's
    off-diagonal entries are -p_k p_j."""
    _, p, jac, _ = _point()
    assert all(math.isclose(jac[k, j], -p[k] * p[j]) for k in range(4) for j in range(4) if k != j)
    head = (
        "Softmax $p_k = e^{z_k} / \\sum_{m=1}^{4} e^{z_m}$ and the cross-entropy "
        "$\\ell = -\\sum_k y_k \\log p_k$.\n\n"
    )
    claim = f"\\dfrac{{\\partial p_k}}{{\\partial z_j}} = {right}"
    text = head + f"So off the diagonal (whenever k and j differ): \\({claim}\\).\n"
    assert statuses(text, "partial p_k") == [VERIFIED if holds else WRONG]


def test_a_diagonal_named_in_another_sentence_does_not_restrict() -> None:
    """p_k (1 - p_k) is autograd's Jacobian on the diagonal only; "the diagonal" in an earlier
    sentence does not make the general entry's claim a diagonal one: never verified."""
    _, p, jac, _ = _point()
    assert np.allclose(np.diag(jac), p * (1 - p)) and not np.allclose(jac, np.diag(p * (1 - p)))
    head = (
        "Softmax $p_k = e^{z_k} / \\sum_{m=1}^{4} e^{z_m}$ and the cross-entropy "
        "$\\ell = -\\sum_k y_k \\log p_k$.\n\n"
    )
    claim = "\\frac{\\partial p_k}{\\partial z_j} = p_k (1 - p_k)"
    text = head + f"The diagonal is the easy part. Now any entry: ${claim}$\n"
    assert VERIFIED not in statuses(text, "partial p_k")
    near = head + f"On the diagonal: ${claim}$\n"
    assert statuses(near, "partial p_k") == [VERIFIED]
