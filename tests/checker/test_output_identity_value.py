"""A relation between sizes with a number on one side, ``(m-1)\\,s + k = 8``, in notes that
name m the output side and state s and k: a value at the notes' sizes, not a relation to try
over a grid of sizes.  Read as a relation it came out "size-specific" (it is 8 wherever the
grid's sizes happen to give 8), so a wrong value was never called wrong; a relation in
letters only is still judged over the grid (test_check_defined_outputs.py).  The truth is
torch's conv2d and conv_transpose2d output sides, never symconv."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _sides(h: int, k: int, s: int) -> tuple[int, int]:
    """(m, the transposed convolution's side from m) at input h, kernel k, stride s."""
    m = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s).shape[-1]
    back = F.conv_transpose2d(torch.zeros(1, 1, m, m), torch.zeros(1, 1, k, k), stride=s)
    return m, back.shape[-1]


_NOTES = (
    "# Going back up\n\n"
    "A convolution with kernel $k = 3$ and stride $s = 2$, no padding, maps an input of side "
    "$H$; the output side is $m = \\left\\lfloor \\frac{{H - k}}{{s}} \\right\\rfloor + 1$.\n\n"
    "For $H = 8$ the transposed convolution has side $(m-1)\\,s + k = {value}$.\n"
)


@pytest.mark.parametrize("slip", [0, 1], ids=["its value", "one off"])
def test_a_size_relation_with_a_number_is_no_grid_relation(slip):
    m, back = _sides(8, 3, 2)
    assert (m, back) == (3, 7)  # one row short of the 8 it started from
    found = one_verdict(_NOTES.format(value=back + slip), "(m-1)")
    assert found.status not in (SIZE_SPECIFIC, VERIFIED if slip else WRONG), found.message
