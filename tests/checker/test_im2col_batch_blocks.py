"""A batch in im2col notes written with the sample after the matrix's word: X_{cols,n} is
image n's block of columns of X_cols, and D_n = dL/dY_{mat,n} names image n's block of the
output's gradient (matrix_parse, matrix_world).  Since D_n is the gradient of the loss
itself, a mean over the batch is already in it: dW = sum_n D_n X_{cols,n}^T, and a further
1/N counts it twice.

Truth: torch autograd of F.conv2d on three 2x4x4 images, two 2x2x2 filters, the loss the
mean over the batch of a fixed weighting of each image's output; D is autograd's dL/dY, the
claimed right sides are computed from its blocks with NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch.manual_seed(17)
N, C, H, K, F_OUT = 3, 2, 4, 2, 2  # 8 entries per patch, 9 positions per image


def _truth() -> dict:
    x = torch.randn(N, C, H, H, dtype=torch.float64)
    w = torch.randn(F_OUT, C, K, K, dtype=torch.float64, requires_grad=True)
    b = torch.randn(F_OUT, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b)  # (3, 2, 3, 3)
    y.retain_grad()
    weights = torch.randn_like(y)
    loss = (y * weights).sum(dim=(1, 2, 3)).mean()  # the batch mean of each image's loss
    loss.backward()
    blocks_x = [F.unfold(x[n : n + 1], K)[0].numpy() for n in range(N)]  # (8, 9) each
    blocks_d = [y.grad[n].reshape(F_OUT, -1).numpy() for n in range(N)]  # (2, 9) each
    return {"X": blocks_x, "D": blocks_d, "dW": w.grad.reshape(F_OUT, -1).numpy()}


T = _truth()
NOTES = """# Batched im2col

Each $2 \\times 2 \\times 2$ patch of an image is unrolled into a column of $X_{{cols}}$, and
each of the two filters is flattened into a row of $W_{{flat}}$, which is $2 \\times 8$:

$$Y_{{mat}} = W_{{flat}} X_{{cols}} + b\\,\\mathbf{{1}}^T$$

For a batch of $N = 3$ images the columns of all images sit side by side, and the loss is
the mean over the batch. Write $D_n = \\partial L / \\partial Y_{{mat,n}}$ for image $n$'s block.

$${claim}$$
"""
CLAIMS = [
    (
        "dW_{flat} = \\sum_{n=1}^{N} D_n X_{cols,n}^T",
        lambda t: sum(d @ x.T for d, x in zip(t["D"], t["X"], strict=True)),
    ),
    (
        "dW_{flat} = \\frac{1}{N} \\sum_{n=1}^{N} D_n X_{cols,n}^T",
        lambda t: sum(d @ x.T for d, x in zip(t["D"], t["X"], strict=True)) / N,
    ),
    (
        "dW_{flat} = \\sum_{n=1}^{N} X_{cols,n} D_n^T",
        lambda t: sum(x @ d.T for d, x in zip(t["D"], t["X"], strict=True)),
    ),
]


@pytest.mark.parametrize("claim,right", CLAIMS)
def test_blocks_of_a_batch(claim, right) -> None:
    value, want = right(T), T["dW"]
    same = value.shape == want.shape and np.allclose(value, want)
    note = NOTES.format(claim=claim)
    found = [v for v in check_text(note, "n.md").verdicts if v.line == note.count("\n")]
    assert found and found[-1].status == (VERIFIED if same else WRONG), found
