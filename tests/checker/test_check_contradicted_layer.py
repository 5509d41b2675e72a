"""A layer the notes' own facts contradict gives no "wrong" verdict.

When the sizes the notes state cannot all hold (no stride makes the stated output from the
stated input and kernel), the layer the checker assembles is certainly not the notes' one;
a claim that fails under it may hold under the layer the author meant.  Such a claim is
not understood, naming the contradiction.  Truth: torch autograd, at the layer the author
meant (an input one larger than written, the output and kernel as stated).
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

# the notes say 4x4 / 3x3 / 3x3 (no stride fits); the author's layer is 5x5 / 3x3 / 3x3
CONTRADICTED = (
    "# Worked layer\n\n"
    "Take an image $X$ of size $4 \\times 4$, a filter $W$ of size $3 \\times 3$ and an "
    "output $Y$ of size $3 \\times 3$; indices start at 0 and there is no bias.\n\n"
    "$$\\frac{\\partial L}{\\partial w_{0,0}} = \\sum_{i=0}^{2}\\sum_{j=0}^{2} "
    "\\frac{\\partial L}{\\partial y_{i,j}} x_{ROW,j}$$\n"
)

# the same claim in notes whose sizes agree (5x5 input): nothing to guess
CONSISTENT = CONTRADICTED.replace("$4 \\times 4$", "$5 \\times 5$")


def _torch_dw00(row_shift: int) -> bool:
    """Whether dL/dw_{0,0} = sum_ij g_ij x_{i+row_shift, j} at the author's 5x5 layer."""
    torch.manual_seed(7)
    x = torch.randn(5, 5, dtype=torch.float64)
    w = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x[None, None], w[None, None])[0, 0]
    g = torch.randn_like(y)
    (y * g).sum().backward()
    assert w.grad is not None
    claimed = (g * x[row_shift : row_shift + 3, 0:3]).sum()
    return bool(torch.isclose(claimed, w.grad[0, 0]))


def _verdict(text: str) -> tuple[str, str]:
    claims = [v for v in check_text(text, "notes.md").verdicts if "\\partial L" in v.source]
    assert len(claims) == 1
    return claims[0].status, claims[0].message


@pytest.mark.parametrize(("row", "shift"), [("i", 0), ("i+1", 1)])
def test_a_contradicted_layer_makes_no_wrong_verdict(row: str, shift: int) -> None:
    # torch: at the author's layer the first claim holds and the second does not; under
    # the contradicted layer neither can be judged
    assert _torch_dw00(shift) == (shift == 0)
    status, message = _verdict(CONTRADICTED.replace("ROW", row))
    assert status == NOT_UNDERSTOOD
    assert "no stride gives 3x3 output" in message


def test_the_same_claims_are_judged_when_the_sizes_agree() -> None:
    assert _torch_dw00(0) and not _torch_dw00(1)
    assert _verdict(CONSISTENT.replace("ROW", "i"))[0] == VERIFIED
    assert _verdict(CONSISTENT.replace("ROW", "i+1"))[0] == WRONG
