"""A softmax written entry by entry whose sum states its range (``\\sum_{j=1}^{K}
e^{S_{bj}}``): the matrix reader reads it as the softmax of the rows (matrix_softmax.py).

Truth: torch autograd of the mean cross-entropy.
"""

from __future__ import annotations

import numpy as np
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _status(text: str, piece: str) -> str:
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    found = [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]
    assert len(found) == 1, found
    return found[0]


def _mean_cross_entropy_gradient(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """d/dZ of -(1/N) sum y log softmax(z) over each row, by torch autograd."""
    zt = torch.tensor(z, requires_grad=True)
    loss = -(torch.tensor(y) * torch.log_softmax(zt, dim=1)).sum() / z.shape[0]
    (grad,) = torch.autograd.grad(loss, zt)
    return grad.numpy()


def test_the_truth_of_the_mean_cross_entropy():
    rng = np.random.default_rng(8)
    z = rng.normal(size=(3, 4))
    y = np.eye(4)[[1, 3, 0]]  # rows are samples
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert np.allclose(_mean_cross_entropy_gradient(z, y), (p - y) / 3, atol=1e-6)
    assert not np.allclose(_mean_cross_entropy_gradient(z, y), p - y, atol=1e-3)


ROWS = """# Softmax head

A batch of $B$ examples in the rows of $H \\in \\mathbb{R}^{B \\times D}$, weights
$V \\in \\mathbb{R}^{D \\times K}$, bias $c \\in \\mathbb{R}^{K}$:

$$S = H V + \\mathbf{1}_B c^\\top, \\qquad Q_{bk} = \\frac{e^{S_{bk}}}{\\sum_{j=1}^{K} e^{S_{bj}}}$$

with the averaged loss
$J = -\\frac{1}{B} \\sum_{b=1}^{B} \\sum_{k=1}^{K} T_{bk} \\log Q_{bk}$, T one-hot.

$$\\frac{\\partial J}{\\partial S} = \\frac{1}{B} (Q - T)$$

$$\\frac{\\partial J}{\\partial S} = Q - T$$
"""


def test_an_entrywise_softmax_whose_sum_writes_its_range():
    assert _status(ROWS, "= \\frac{1}{B} (Q - T)") == VERIFIED
    assert _status(ROWS, "S} = Q - T$$") == WRONG
