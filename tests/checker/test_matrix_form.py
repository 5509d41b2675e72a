"""A layer written as a matrix (matrix_form.py): under the notes' ``y = Cx`` (or ``vec(Y) =
C vec(X)``), ``dL/dx = C^T dL/dy``.  Truth: torch autograd's Jacobian of a strided, padded
conv2d is the C of y = Cx, and C^T g is autograd's input gradient for the upstream g."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.runner import check_file

DX = "\\frac{\\partial L}{\\partial \\mathbf{x}}"
DY = "\\frac{\\partial L}{\\partial \\mathbf{y}}"


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (2, 1)])
def test_the_transpose_of_the_jacobian_is_the_backward_pass(stride: int, padding: int) -> None:
    torch.manual_seed(3)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)

    def forward(x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x.view(1, 1, 5, 5), w, stride=stride, padding=padding).flatten()

    x = torch.randn(25, dtype=torch.float64, requires_grad=True)
    c = torch.autograd.functional.jacobian(forward, x)  # y = Cx: C is the Jacobian
    assert torch.allclose(forward(x.detach()), c @ x.detach())
    g = torch.randn(c.shape[0], dtype=torch.float64)
    (forward(x) * g).sum().backward()
    assert x.grad is not None
    assert torch.allclose(c.T @ g, x.grad)
    assert c.shape[0] != c.shape[1] or not torch.allclose(c @ g, x.grad)


NOTES = {
    "bold": (
        "The forward pass is $\\mathbf{y} = C\\mathbf{x}$ with a sparse matrix $C$.",
        f"{DX} = C^{{\\top}} {DY}",
    ),
    "vec": (
        "Flattening, $\\operatorname{vec}(Y) = C\\,\\operatorname{vec}(X)$.",
        "\\operatorname{vec}\\!\\left(\\frac{\\partial L}{\\partial X}\\right) = C^{T} "
        "\\operatorname{vec}\\!\\left(\\frac{\\partial L}{\\partial Y}\\right)",
    ),
    "nabla": (
        "Unrolled, $y = Mx$.",
        "\\nabla_{x} L = M^\\top \\nabla_{y} L",
    ),
}


def _status(tmp_path: Path, prose: str, claim: str) -> str:
    text = (
        "# Convolution as a matrix\n\nA $4 \\times 4$ input $X$ and a $3 \\times 3$ kernel $K$, "
        f"stride 1, no padding, no bias.\n\n{prose}\n\n$${claim}$$\n"
    )
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    return next(v.status for v in check_file(str(path)).verdicts if v.line == 7)


@pytest.mark.parametrize("style", sorted(NOTES))
def test_the_transpose_form_is_verified(tmp_path: Path, style: str) -> None:
    prose, claim = NOTES[style]
    assert _status(tmp_path, prose, claim) == "verified"


@pytest.mark.parametrize(
    ("prose", "claim"),
    [
        # C without its transpose (a 4x16 C times a 4-vector is not even defined)
        (
            NOTES["bold"][0],
            f"{DX} = C {DY}",
        ),
        # the roles exchanged
        (
            NOTES["bold"][0],
            f"{DY} = C^{{\\top}} {DX}",
        ),
        # no definition of C in the notes
        ("A sparse matrix $C$ appears.", NOTES["bold"][1]),
        # C defined the other way round: x = Cy
        ("Here $\\mathbf{x} = C\\mathbf{y}$.", NOTES["bold"][1]),
    ],
)
def test_other_forms_are_not_verified_here(tmp_path: Path, prose: str, claim: str) -> None:
    assert _status(tmp_path, prose, claim) != "verified"
