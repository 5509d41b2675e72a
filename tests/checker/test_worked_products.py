"""Worked numeric examples of a dense layer: the notes give X, W and G as numbers, then write
``\\frac{\\partial L}{\\partial W} = X^{T} G = [numbers]``.  The product of the given matrices
(with transposes, juxtaposed or with \\cdot) is computed exactly, and the chain is settled by
its first link (the layer's symbolic formula).  Truth: NumPy products of the same numbers and
torch autograd of Y = XW for which formula is the gradient."""

from __future__ import annotations

import numpy as np
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

X = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]])
W = np.array([[1.0, 0.0], [-1.0, 2.0], [0.0, 1.0]])
G = np.array([[1.0, 0.0], [2.0, -1.0]])


def _autograd() -> tuple[np.ndarray, np.ndarray]:
    x = torch.tensor(X, requires_grad=True)
    w = torch.tensor(W, requires_grad=True)
    (x @ w * torch.tensor(G)).sum().backward()
    assert x.grad is not None and w.grad is not None
    return x.grad.numpy(), w.grad.numpy()


def _latex(m: np.ndarray) -> str:
    rows = [" & ".join(str(int(v)) for v in row) for row in m]
    return r"\begin{pmatrix}" + r"\\ ".join(rows) + r"\end{pmatrix}"


def _note(claims: list[str]) -> str:
    head = (
        "# Dense layer, rows are examples\n\n"
        "A dense layer $Y = XW$ with a batch of 2 examples, $X \\in \\mathbb{R}^{2\\times 3}$, "
        "$W \\in \\mathbb{R}^{3\\times 2}$, no bias.\n\n"
        f"$$X = {_latex(X)}, \\quad W = {_latex(W)}, \\quad "
        f"G = \\frac{{\\partial L}}{{\\partial Y}} = {_latex(G)}$$\n\n"
    )
    return head + "\n\n".join(f"$${c}$$" for c in claims) + "\n"


def _status_at(text: str, line: int) -> str:
    return next(v.status for v in check_text(text).verdicts if v.line == line)


def test_autograd_agrees_with_the_transposed_products() -> None:
    dx, dw = _autograd()
    assert np.allclose(dw, X.T @ G) and np.allclose(dx, G @ W.T)


def test_correct_chains_are_verified() -> None:
    dx, dw = _autograd()
    text = _note(
        [
            rf"\frac{{\partial L}}{{\partial W}} = X^{{T}} G = {_latex(dw)}",
            rf"\frac{{\partial L}}{{\partial X}} = G \cdot W^\top = {_latex(dx)}",
        ]
    )
    assert _status_at(text, 7) == VERIFIED
    assert _status_at(text, 9) == VERIFIED


def test_an_arithmetic_slip_is_wrong() -> None:
    _, dw = _autograd()
    slipped = dw.copy()
    slipped[1, 1] += 1  # one entry off
    text = _note([rf"\frac{{\partial L}}{{\partial W}} = X^{{T}} G = {_latex(slipped)}"])
    assert _status_at(text, 7) == WRONG


def test_a_wrong_formula_with_its_own_numbers_is_wrong() -> None:
    # W G^T is 3x2 too, and its numbers are written correctly: the formula is the slip
    wrong_numbers = W @ G.T
    _, dw = _autograd()
    assert not np.allclose(wrong_numbers, dw)
    text = _note([rf"\frac{{\partial L}}{{\partial W}} = W G^{{T}} = {_latex(wrong_numbers)}"])
    assert _status_at(text, 7) == WRONG


def test_products_alone() -> None:
    text = _note(
        [
            rf"X^{{T}} G = {_latex(X.T @ G)}",
            rf"G W^{{T}} = {_latex(G @ W.T + 1)}",
        ]
    )
    assert _status_at(text, 7) == VERIFIED
    assert _status_at(text, 9) == WRONG


def test_sizes_that_do_not_fit_are_not_understood() -> None:
    text = _note([rf"X G = {_latex(G)}"])  # 2x3 times 2x2: no product
    assert _status_at(text, 7) == NOT_UNDERSTOOD


POOL_G = np.array([[4.0, 8.0], [-4.0, 0.0]])


def _avgpool_gradient() -> np.ndarray:
    """dL/dX of a 2x2 average pool with stride 2 on a 4x4 input, L = sum(G * pool(X))."""
    x = torch.zeros(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    pooled = torch.nn.functional.avg_pool2d(x, 2, 2)
    (pooled * torch.tensor(POOL_G).view(1, 1, 2, 2)).sum().backward()
    assert x.grad is not None
    return x.grad.view(4, 4).numpy()


def test_kronecker_with_a_block_of_ones() -> None:
    truth = _avgpool_gradient()
    assert np.allclose(truth, np.kron(POOL_G, np.ones((2, 2))) / 4)
    head = (
        "# Average pooling\n\nA $4\\times 4$ input, $2\\times 2$ window, stride 2, upstream "
        f"gradient $G = {_latex(POOL_G)}$.\n\n"
    )
    right = head + rf"$$\tfrac{{1}}{{4}}\, G \otimes \mathbf{{1}}_{{2\times 2}} = {_latex(truth)}$$"
    forgot = head + rf"$$G \otimes \mathbf{{1}}_{{2\times 2}} = {_latex(truth)}$$"
    assert _status_at(right, 5) == VERIFIED
    assert _status_at(forgot, 5) == WRONG
