"""im2col notes that name their matrices with plain words (``X_{col}``, ``W_{row}``,
``Y_{mat}``, not ``\\text{col}``), state shapes in running text ("$Y_{mat}$ is 4 × 32",
"$W_{row}$: each filter flattened into a row (4 × 18)"), split a batch's columns into one
block per image (``dY^{(n)}``) and say the batch size in words ("batch of 2 images").

The truth is torch autograd of ``F.conv2d`` on a batch of two images (its columns laid out
by ``F.unfold``, image first); each claimed right side is computed with NumPy from the same
tensors, and the checker must verify exactly the claims whose right side equals the
autograd gradient (shape and values) and call the others wrong."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch.manual_seed(3)
N, C, H, K, F_OUT = 2, 2, 4, 3, 3  # two 2x4x4 images, three 2x3x3 filters: X_col is 18x8


def _truth() -> dict[str, np.ndarray]:
    x = torch.randn(N, C, H, H, dtype=torch.float64, requires_grad=True)
    w = torch.randn(F_OUT, C, K, K, dtype=torch.float64, requires_grad=True)
    b = torch.randn(F_OUT, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b)  # (2, 3, 2, 2)
    g = torch.randn_like(y)
    (y * g).sum().backward()  # the loss summed over the batch, dL/dY = g
    cols = F.unfold(x.detach(), K)  # (N, C*K*K, 4): rows (c, u, v)
    x_col = cols.permute(1, 0, 2).reshape(C * K * K, -1)  # columns image first
    g_mat = g.permute(1, 0, 2, 3).reshape(F_OUT, -1)
    return {
        "X": x_col.numpy(),
        "W": w.detach().reshape(F_OUT, -1).numpy(),
        "G": g_mat.numpy(),
        "dW": w.grad.reshape(F_OUT, -1).numpy(),
        "db": b.grad.reshape(-1, 1).numpy(),
    }


T = _truth()
HEADS = {
    "slides": (
        "- batch of 2 images, 2 channels each, 4×4 pixels; 3 filters of size 3×3\n"
        "- $W_{row}$: each filter flattened into a row (3 × 18), $\\mathbf{1}$ a vector of ones\n\n"
        "$$Y_{mat} = W_{row} X_{col} + b \\mathbf{1}^\\top$$\n\n"
        "- $Y_{mat}$ is 3 × 8, $dY_{mat}$ its gradient\n\n"
    ),
    "words": (
        "We use a minibatch of 2 examples. The unfolded input $X_{cols}$ is 18 x 8 and the "
        "filter matrix $W_{mat}$ is 3 x 18.\n\n"
        "$$Y_{mat} = W_{mat} X_{cols} + b\\,\\mathbf{1}^{T}$$\n\n"
    ),
}
NAMES = {"slides": ("W_{row}", "X_{col}"), "words": ("W_{mat}", "X_{cols}")}
# (claim with W, X standing for the head's names, the right side computed from the truth,
# the true gradient it is about)
CLAIMS = [
    ("dW = dY_{mat} X^\\top", lambda t: t["G"] @ t["X"].T, "dW"),
    ("dW = X dY_{mat}^\\top", lambda t: t["X"] @ t["G"].T, "dW"),
    ("dW = \\frac{1}{N} dY_{mat} X^\\top", lambda t: t["G"] @ t["X"].T / N, "dW"),
    ("dW = \\sum_{n=0}^{1} dY^{(n)} X^{(n)\\top}", lambda t: t["G"] @ t["X"].T, "dW"),
    ("db = dY_{mat} \\mathbf{1}", lambda t: t["G"].sum(axis=1, keepdims=True), "db"),
    ("db = \\mathbf{1}_3^\\top dY_{mat}", lambda t: t["G"].sum(axis=0, keepdims=True), "db"),
    ("dW = dY_{mat} W^\\top", lambda t: None, "dW"),  # (3x8)(18x3): does not multiply
]


def _expected(right, about: str) -> str:
    value = right(T)
    want = T[about]
    same = value is not None and value.shape == want.shape and np.allclose(value, want)
    return VERIFIED if same else WRONG


@pytest.mark.parametrize("head", sorted(HEADS))
@pytest.mark.parametrize("claim,right,about", CLAIMS)
def test_plain_word_names_are_judged_like_the_truth(head, claim, right, about):
    w_name, x_name = NAMES[head]
    text = claim.replace("dW", "d" + w_name).replace(" X", " " + x_name).replace(" W", " " + w_name)
    text = text.replace("X^{(n)", x_name + "^{(n)").replace("X^\\top", x_name + "^\\top")
    note = HEADS[head] + f"$${text}$$\n"
    verdicts = [v for v in check_text(note, "notes.md").verdicts if v.line == note.count("\n")]
    assert verdicts, note
    assert verdicts[-1].status == _expected(right, about), (note, verdicts[-1].message)


def test_a_block_sum_over_more_images_than_the_batch_is_not_understood():
    # Σ_{n=0}^{3} over a batch of 2: the blocks 2 and 3 do not exist, so no truth to compare
    note = HEADS["slides"] + "$$dW_{row} = \\sum_{n=0}^{3} dY^{(n)} X_{col}^{(n)\\top}$$\n"
    verdict = [v for v in check_text(note, "notes.md").verdicts if v.line == note.count("\n")][-1]
    assert verdict.status == NOT_UNDERSTOOD
