"""Two spellings notes use that the checker misread (issue 16, fresh13):

* a ReLU mask as Knuth's bracket or with array indices, ``\\frac{\\partial L}{\\partial
  y[i][j]} = \\frac{\\partial L}{\\partial a[i][j]}\\,[\\,y[i][j] > 0\\,]``, the activation
  defined in code (`a[i][j] = max(0, y[i][j])`) or in math;
* a scalar bias named ``b_0`` in notes that count from 1 ("sesgo escalar $b_0$").

Truth: torch autograd through relu (the mask) and through conv2d with a scalar bias (the
forward pass, dL/db = sum of G), each claim's formula evaluated in NumPy.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.iverson_mask import with_indicator
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

Y = torch.tensor([[-1.5, 0.5], [2.0, -0.25]], dtype=torch.float64, requires_grad=True)
UPSTREAM = torch.tensor([[1.0, -2.0], [3.0, 4.0]], dtype=torch.float64)


def _relu_grad() -> np.ndarray:
    torch.relu(Y).backward(UPSTREAM)
    return Y.grad.numpy()


DY = _relu_grad()
MASKS = {  # the bracket as written -> is upstream * bracket the gradient?
    "[\\,y[i][j] > 0\\,]": np.allclose(UPSTREAM.numpy() * (Y.detach().numpy() > 0), DY),
    "[\\,y[i][j] \\ge 0\\,]": np.allclose(UPSTREAM.numpy() * (Y.detach().numpy() >= 0), DY),
    "[\\,0 < y[i][j]\\,]": np.allclose(UPSTREAM.numpy() * (Y.detach().numpy() > 0), DY),
    "[\\,y[i][j] < 0\\,]": np.allclose(UPSTREAM.numpy() * (Y.detach().numpy() < 0), DY),
    "\\mathbb{1}[y[i][j] > 0]": np.allclose(UPSTREAM.numpy() * (Y.detach().numpy() > 0), DY),
}
DEFINITIONS = [
    "If a ReLU follows, `a[i][j] = max(0, y[i][j])`, the gradient reaching `y` is masked:",
    "If a ReLU follows, `a = np.maximum(0, y)`, the gradient reaching `y` is masked:",
    "If a ReLU follows, $a[i][j] = \\max(0, y[i][j])$, the gradient reaching $y$ is masked:",
]


@pytest.mark.parametrize("definition", DEFINITIONS)
@pytest.mark.parametrize("mask", list(MASKS))
def test_a_relu_mask_in_brackets(definition: str, mask: str) -> None:
    left = "\\frac{\\partial L}{\\partial y[i][j]}"
    claim = f"{left} = \\frac{{\\partial L}}{{\\partial a[i][j]}}\\,{mask}"
    note = (
        "# loops to math\n\nZero-based, `x` is 5x5, `w` is 3x3, stride 1, no padding.\n\n"
        f"{definition}\n\n$${claim}$$\n"
    )
    found = [v for v in check_text(note, "n.md").verdicts if "\\partial y" in v.source]
    assert found[0].status == (VERIFIED if MASKS[mask] else WRONG), (definition, mask)


def test_a_bracket_without_a_relation_is_an_index() -> None:
    assert with_indicator("x[i][j] w[m]") == "x_{i,j} w_{m}"
    assert with_indicator("g\\,[y > 0]") == "g\\,\\mathbb{1}[y > 0]"


# ------------------------------------------------------------------ a scalar bias b_0
X = np.arange(16, dtype=float).reshape(4, 4) % 5 - 2
W = np.array([[1.0, -1.0], [0.0, 2.0]])
B0 = 0.75


def _forward_truth(with_bias: bool) -> bool:
    """y_ij = sum_ab w_ab x_{i+a-1, j+b-1} + b_0 (1-based) against torch's conv2d."""
    y = torch.nn.functional.conv2d(
        torch.tensor(X)[None, None],
        torch.tensor(W)[None, None],
        torch.tensor([B0], dtype=torch.float64),
    )[0, 0].numpy()
    mine = np.array(
        [
            [
                sum(W[a, b] * X[i + a, j + b] for a in range(2) for b in range(2))
                + (B0 if with_bias else 0)
                for j in range(3)
            ]
            for i in range(3)
        ]
    )
    return np.allclose(mine, y)


SCALAR_NOTES = [
    "Entrada $X$ de 4×4, índices desde 1. Filtro $W$ de 2×2 con entradas $w_{ab}$, "
    "sesgo escalar $b_0$, paso 1, sin relleno.",
    "Input $X$ is 4×4, indices from 1. Kernel $W$ is 2×2 with entries $w_{ab}$, "
    "a scalar bias $b_0$, stride 1, no padding.",
]


@pytest.mark.parametrize("prose", SCALAR_NOTES)
def test_a_scalar_bias_named_b0(prose: str) -> None:
    assert _forward_truth(True) and not _forward_truth(False)
    note = (
        f"# notes\n\n{prose}\n\n"
        "$$y_{ij} = \\sum_{a=1}^{2}\\sum_{b=1}^{2} w_{ab}\\, x_{i+a-1,\\,j+b-1} + b_0$$\n\n"
        "$$y_{ij} = \\sum_{a=1}^{2}\\sum_{b=1}^{2} w_{ab}\\, x_{i+a-1,\\,j+b-1}$$\n"
    )
    found = [v.status for v in check_text(note, "n.md").verdicts if v.source.startswith("y_{ij}")]
    # without the bias the forward is never verified (wrong, or left open: a bias-free
    # variant of the layer is one the checker will not guess)
    assert found[0] == VERIFIED and found[1] in (WRONG, NOT_UNDERSTOOD)
