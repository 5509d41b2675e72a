"""A dense layer worked out in numbers: the notes give W as a ``bmatrix``, x and b as columns
``(...)^T`` and the upstream gradient ``g = \\partial L/\\partial y = (...)^T``, then claim the
output and the gradients as formulas and as numbers, in chains ``a = b = c``.

The truth is torch autograd of ``F.linear`` at those numbers (L = sum(y * g)); each written
side is compared with it: a chain holds when every side equals the autograd value."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

W = [[2, -1, 0], [1, 3, -2]]
X = [1, 0, 2]
B = [-1, 4]
G = [3, -2]
HEAD = (
    "# A fully connected layer by hand\n\n"
    "The layer computes $\\mathbf{y} = A\\mathbf{x} + \\mathbf{c}$ with\n\n"
    "$$A = \\begin{bmatrix} 2 & -1 & 0 \\\\ 1 & 3 & -2 \\end{bmatrix}, \\quad "
    "\\mathbf{x} = (1, 0, 2)^T, \\quad \\mathbf{c} = (-1, 4)^T$$\n\n"
    "The gradient from above is $\\mathbf{g} = \\partial L / \\partial \\mathbf{y} = "
    "(3, -2)^T$.\n\n"
)


def _truth() -> dict[str, np.ndarray]:
    a = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    c = torch.tensor(B, dtype=torch.float64, requires_grad=True)
    y = F.linear(x, a, c)
    (y * torch.tensor(G, dtype=torch.float64)).sum().backward()
    assert a.grad is not None and x.grad is not None and c.grad is not None
    return {
        "y": y.detach().numpy(),
        "dA": a.grad.numpy(),
        "dx": x.grad.numpy(),
        "dc": c.grad.numpy(),
    }


def _column(values) -> str:  # type: ignore[no-untyped-def]
    return "(" + ", ".join(f"{v:g}" for v in values) + ")^T"


def _bmatrix(rows) -> str:  # type: ignore[no-untyped-def]
    body = " \\\\ ".join(" & ".join(f"{v:g}" for v in row) for row in rows)
    return f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"


def _claims() -> list[tuple[str, bool]]:
    t = _truth()
    y, da, dx, dc = t["y"], t["dA"], t["dx"], t["dc"]
    off = da.copy()
    off[1, 2] += 1
    grad_a = "\\frac{\\partial L}{\\partial A} = \\mathbf{g} \\mathbf{x}^T ="
    return [
        (f"\\mathbf{{y}} = A\\mathbf{{x}} + \\mathbf{{c}} = {_column(y)}", True),
        (
            f"\\mathbf{{y}} = A\\mathbf{{x}} + \\mathbf{{c}} = {_column(y + np.array([0, 1]))}",
            False,
        ),
        (
            f"{grad_a} {_bmatrix(da)}",
            True,
        ),
        (
            f"{grad_a} {_bmatrix(off)}",
            False,
        ),
        (f"\\frac{{\\partial L}}{{\\partial A}} = {_bmatrix(da.T)}", False),
        (
            f"\\frac{{\\partial L}}{{\\partial \\mathbf{{x}}}} = A^T \\mathbf{{g}} = {_column(dx)}",
            True,
        ),
        ("\\frac{\\partial L}{\\partial \\mathbf{x}} = A \\mathbf{g}", False),
        (f"\\frac{{\\partial L}}{{\\partial \\mathbf{{c}}}} = {_column(dc)}", True),
        (f"\\frac{{\\partial L}}{{\\partial \\mathbf{{c}}}} = {_column(-dc)}", False),
    ]


@pytest.mark.parametrize("index", range(9))
def test_worked_dense_layer(index: int) -> None:
    claim, holds = _claims()[index]
    found = [v for v in check_text(HEAD + f"$${claim}$$\n", "notes.md").verdicts if "=" in v.source]
    mine = [v for v in found if v.source.strip() == claim]
    assert [v.status for v in mine] == [VERIFIED if holds else WRONG], (claim, mine)


def test_a_decimal_one_place_off_is_not_judged() -> None:
    """y_1 = 1 exactly: 1.0 is exact, 1.04 is off by more than a rounding of its two places
    (wrong), 1.01 only by one unit of the last place (maybe the notes' rounding: open)."""
    t = _truth()
    assert np.isclose(t["y"][0], 1.0)
    for written, status in (("1.0", VERIFIED), ("1.04", WRONG), ("1.01", NOT_UNDERSTOOD)):
        claim = f"\\mathbf{{y}} = A\\mathbf{{x}} + \\mathbf{{c}} = ({written}, 1)^T"
        found = check_text(HEAD + f"$${claim}$$\n", "n.md").verdicts
        assert [v.status for v in found if v.source.strip() == claim] == [status], written


def test_the_gradient_given_under_its_own_letter() -> None:
    """ "$G = (3, -2)^T$" after "$G = \\partial L/\\partial \\mathbf{y}$": G's numbers are the
    upstream gradient's, so dL/dA = G x^T is worked out at them (autograd's values)."""
    t = _truth()
    text = HEAD.replace(
        "The gradient from above is $\\mathbf{g} = \\partial L / \\partial \\mathbf{y} = "
        "(3, -2)^T$.",
        "Write $G = \\partial L / \\partial \\mathbf{y}$ for the gradient from above, here "
        "$G = (3, -2)^T$.",
    )
    assert "Write $G" in text
    for rows, status in ((t["dA"], VERIFIED), (t["dA"] + 1, WRONG)):
        claim = f"\\frac{{\\partial L}}{{\\partial A}} = G \\mathbf{{x}}^T = {_bmatrix(rows)}"
        found = check_text(text + f"$${claim}$$\n", "n.md").verdicts
        assert [v.status for v in found if v.source.strip() == claim] == [status]
