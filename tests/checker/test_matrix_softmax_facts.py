"""Facts about a softmax's probabilities P and one-hot labels Y written as matrix products
(``(P - Y)\\mathbf{1}_K = 0``: every sample's row sums to zero), under a dense layer with the
samples as rows.  The truth is NumPy on P = softmax of random logits (torch) and random
one-hot Y at the notes' sizes N = 3, K = 4: a fact is true when both sides agree."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

N, D, K = 3, 2, 4
HEAD = (
    "Rows are samples: $X \\in \\mathbb{R}^{N \\times D}$ with $N = 3$, $D = 2$, and "
    "$W \\in \\mathbb{R}^{D \\times K}$, $b \\in \\mathbb{R}^{K}$, $K = 4$ classes:\n\n"
    "$$Z = XW + \\mathbf{1}_N b^\\top$$\n\n"
    "with $P = \\operatorname{softmax}(Z)$ per row, one-hot labels $Y$ and the loss\n\n"
    "$$L = -\\frac{1}{N} \\sum_{n=1}^{N} \\sum_{k=1}^{K} Y_{nk} \\log P_{nk}$$\n\n"
)
ONES_N, ONES_K = np.ones((N, 1)), np.ones((K, 1))
FACTS = [
    ("(P - Y) \\mathbf{1}_K = 0", lambda p, y: (p - y) @ ONES_K, lambda: np.zeros((N, 1))),
    ("P \\mathbf{1}_K = \\mathbf{1}_N", lambda p, y: p @ ONES_K, lambda: ONES_N),
    ("Y \\mathbf{1}_K = 0", lambda p, y: y @ ONES_K, lambda: np.zeros((N, 1))),
    ("\\mathbf{1}_N^\\top (P - Y) = 0", lambda p, y: ONES_N.T @ (p - y), lambda: np.zeros((1, K))),
    ("P^\\top \\mathbf{1}_N = \\mathbf{1}_K", lambda p, y: p.T @ ONES_N, lambda: ONES_K),
]


@pytest.mark.parametrize(("claim", "left", "right"), FACTS)
def test_softmax_row_facts(claim: str, left, right) -> None:  # type: ignore[no-untyped-def]
    gen = torch.Generator().manual_seed(2)
    p = torch.softmax(torch.randn(N, K, generator=gen, dtype=torch.float64), 1).numpy()
    y = np.eye(K)[[3, 0, 3]]
    holds = bool(np.allclose(left(p, y), right()))
    found = [v.status for v in check_text(HEAD + f"$${claim}$$\n", "n.md").verdicts
             if v.source.strip() == claim]  # fmt: skip
    assert found == [VERIFIED if holds else WRONG], (claim, found)
