"""col2im written entry by entry (col2im_entries.py): wrong where the claim's terms cannot
be the copies of the entry under the column order the notes state, whatever the order of a
patch's entries; never verified (that order is not stated in these notes).

Truth: torch's ``F.fold`` (col2im: the adjoint of ``F.unfold``) of a random gradient of the
columns, 2 channels, 5x5 input, 4x4 kernel, stride 1: 2x2 positions, 32 rows.  The notes put
position (i, j) in column i + 2j (column-major), torch in 2i + j; the claimed sums are
evaluated with NumPy, terms whose offsets fall outside the kernel left out."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

rng = np.random.default_rng(4)
C, H, K = 2, 5, 4
D_TORCH = rng.standard_normal((C * K * K, 4))  # columns in torch's order 2i + j
TRUTH = F.fold(torch.from_numpy(D_TORCH)[None], (H, H), K)[0].numpy()  # (2, 5, 5)
D_NOTES = np.empty_like(D_TORCH)
for i in range(2):
    for j in range(2):
        D_NOTES[:, i + 2 * j] = D_TORCH[:, 2 * i + j]

NOTES = """# im2col, backward

Input: $C = 2$ channels of $5 \\times 5$, a $4 \\times 4$ kernel, stride 1, no padding, two
filters. Every receptive field is unrolled into a column of $X_{{col}}$, which is
$32 \\times 4$; we store the positions column-major, so position $(i, j)$ is column $i + 2j$.
Each filter flattened is a row of $W_{{row}}$:

$$Y_{{mat}} = W_{{row}} X_{{col}} + b\\,\\mathbf{{1}}^T$$

col2im adds the copies back (terms with an offset outside $0..3$ dropped):

$${claim}$$
"""
LEFT = "\\frac{\\partial L}{\\partial x[c, p, q]} = \\sum_{i=0}^{1} \\sum_{j=0}^{1} "
CLAIMS = [  # (the entry written, row and column as functions of c, p, q, i, j)
    ("dX_{col}[16c + 4(p - i) + (q - j), i + 2j]",
     lambda c, p, q, i, j: (16 * c + 4 * (p - i) + (q - j), i + 2 * j)),
    ("dX_{col}[16c + 4(p - i) + (q - j), 2i + j]",
     lambda c, p, q, i, j: (16 * c + 4 * (p - i) + (q - j), 2 * i + j)),
    ("dX_{col}[16c + 4(p - j) + (q - i), i + 2j]",
     lambda c, p, q, i, j: (16 * c + 4 * (p - j) + (q - i), i + 2 * j)),
    ("dX_{col}[16c + 4(p + i) + (q + j), i + 2j]",
     lambda c, p, q, i, j: (16 * c + 4 * (p + i) + (q + j), i + 2 * j)),
]  # fmt: skip


def _claimed(entry) -> np.ndarray:
    out = np.zeros_like(TRUTH)
    for c in range(C):
        for p in range(H):
            for q in range(H):
                for i in range(2):
                    for j in range(2):
                        if 0 <= p - i < K and 0 <= q - j < K:  # the terms the notes keep
                            row, col = entry(c, p, q, i, j)
                            out[c, p, q] += D_NOTES[row, col] if 0 <= row < 32 else np.nan
    return out


@pytest.mark.parametrize("written,entry", CLAIMS)
def test_col2im_entries(written, entry) -> None:
    true = bool(np.allclose(_claimed(entry), TRUTH))
    note = NOTES.format(claim=LEFT + written)
    found = [v for v in check_text(note, "n.md").verdicts if v.line == note.count("\n")]
    assert found, note
    assert found[-1].status != VERIFIED  # the order of a patch's entries is not stated
    assert (found[-1].status == WRONG) == (not true), found[-1].message


def test_a_column_order_that_is_no_order_gives_no_verdict() -> None:
    note = NOTES.replace("column $i + 2j$", "column $i + j$").format(claim=LEFT + CLAIMS[1][0])
    found = [v for v in check_text(note, "n.md").verdicts if v.line == note.count("\n")]
    assert found and found[-1].status != WRONG
