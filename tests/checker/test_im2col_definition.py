"""The im2col forward definition as a claim (im2col_definition.py): verified where its shapes
are the stated convolution's, never verified otherwise.

Truth: torch's ``F.conv2d`` on a batch of three 2x5x5 images with four 2x3x3 filters and a
bias, against each written product computed with NumPy from ``F.unfold``'s columns (a
product whose sizes do not multiply, or whose result is not the output laid out as the notes
say, is false)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED
from symconv.checker.runner import check_text

torch.manual_seed(5)
N, C, H, K, F_OUT = 3, 2, 5, 3, 4  # 18 entries per patch, 9 positions per image, 27 columns


def _truth() -> dict[str, np.ndarray]:
    x = torch.randn(N, C, H, H, dtype=torch.float64)
    w = torch.randn(F_OUT, C, K, K, dtype=torch.float64)
    b = torch.randn(F_OUT, dtype=torch.float64)
    y = F.conv2d(x, w, b)  # (3, 4, 3, 3)
    cols = F.unfold(x, K).permute(1, 0, 2).reshape(C * K * K, -1)  # (18, 27), image first
    return {
        "Xc": cols.numpy(),  # patches as columns
        "Wr": w.reshape(F_OUT, -1).numpy(),  # filters as rows
        "b": b.reshape(-1, 1).numpy(),
        "Y": y.permute(1, 0, 2, 3).reshape(F_OUT, -1).numpy(),  # (4, 27)
    }


T = _truth()
ONES = np.ones((N * 9, 1))
NOTES = """# GEMM form of a convolution

A batch of $N = 3$ images, each with 2 channels of $5 \\times 5$ pixels; four filters of
$3 \\times 3$, stride 1, no padding, one bias per filter ($b$, a column of 4).

We unroll every $3 \\times 3 \\times 2$ receptive field into a column of $P$, which is
$18 \\times 27$, and flatten each filter into a row of $M$, which is $4 \\times 18$.
$\\mathbf{{1}}$ is a column of 27 ones.

$${claim}$$
"""


def _value(formula) -> np.ndarray | None:
    try:
        return formula(T)
    except ValueError:  # the sizes do not multiply
        return None


CLAIMS = [
    ("Y = M P + b \\mathbf{1}^T", lambda t: t["Wr"] @ t["Xc"] + t["b"] @ ONES.T, "Y"),
    ("Y = P M + b \\mathbf{1}^T", lambda t: t["Xc"] @ t["Wr"] + t["b"] @ ONES.T, "Y"),
    ("Y = M P + \\mathbf{1} b^T", lambda t: t["Wr"] @ t["Xc"] + ONES @ t["b"].T, "Y"),
    ("Y = M^T P + b \\mathbf{1}^T", lambda t: t["Wr"].T @ t["Xc"] + t["b"] @ ONES.T, "Y"),
]


@pytest.mark.parametrize("claim,formula,about", CLAIMS)
def test_the_definition_is_verified_only_where_it_is_the_convolution(claim, formula, about):
    want = T[about]
    value = _value(formula)
    true = value is not None and value.shape == want.shape and np.allclose(value, want)
    note = NOTES.format(claim=claim)
    found = [v for v in check_text(note, "n.md").verdicts if v.line == note.count("\n")]
    assert found, note
    assert (found[-1].status == VERIFIED) == true, found[-1].message


def test_patches_as_rows() -> None:
    # Z = Q V + 1 b^T with one patch per row of Q and one filter per column of V: Z = Y^T
    value = T["Xc"].T @ T["Wr"].T + ONES @ T["b"].T
    assert np.allclose(value, T["Y"].T)
    note = (
        NOTES.replace(
            "into a column of $P$, which is\n$18 \\times 27$",
            "into a row of $Q$, which is\n$27 \\times 18$",
        )
        .replace(
            "into a row of $M$, which is $4 \\times 18$",
            "into a column of $V$, which is $18 \\times 4$",
        )
        .format(claim="Z = Q V + \\mathbf{1} b^T")
    )
    assert "$Q$" in note and "$V$" in note
    found = [v for v in check_text(note, "n.md").verdicts if v.line == note.count("\n")]
    assert found and found[-1].status == VERIFIED, found


def test_a_guessed_layer_verifies_nothing() -> None:
    note = (
        "# GEMM\n\nWe unroll every receptive field into a column of $P$ and flatten each "
        "filter into a row of $M$, which is $4 \\times 18$.\n\n$$Y = M P + b \\mathbf{1}^T$$\n"
    )
    found = [v for v in check_text(note, "n.md").verdicts if "M P" in v.source]
    assert found and found[-1].status != VERIFIED, found
