"""An operator of the backward pass applied to a matrix written out (dilate_s, pad_p,
rot_180, a transpose), with symbols or numbers in the cells, as blogs illustrate them.
Truth: the same operators built from torch (conv_transpose2d with a one-hot kernel
inserts the zeros of a dilation, F.pad, flip), applied to numbers; symbols ride along as
the numbers' labels."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

F = torch.nn.functional
NAMES = {1.0: "\\alpha", 2.0: "\\beta", 3.0: "\\gamma", 4.0: "\\epsilon"}


def _dilate(x: torch.Tensor, s: int) -> torch.Tensor:
    one = torch.ones(1, 1, 1, 1)
    return F.conv_transpose2d(x.reshape(1, 1, *x.shape), one, stride=s)[0, 0]


def _tex(m: torch.Tensor, symbols: bool) -> str:
    cell = (lambda v: NAMES.get(v, "0")) if symbols else (lambda v: str(int(v)))
    rows = [" & ".join(cell(float(v)) for v in row) for row in m]
    return "\\begin{pmatrix} " + " \\\\ ".join(rows) + " \\end{pmatrix}"


X = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
CASES = [
    ("\\operatorname{dilate}_2", _dilate(X, 2)),
    ("\\operatorname{dilate}_3", _dilate(X, 3)),
    ("\\operatorname{pad}_1", F.pad(X, (1, 1, 1, 1))),
    ("\\operatorname{rot}_{180}", X.flip(0, 1)),
    ("\\operatorname{rot180}", X.flip(0, 1)),
]


@pytest.mark.parametrize("symbols", [True, False])
@pytest.mark.parametrize("op,truth", CASES)
def test_operators_on_written_matrices(op, truth, symbols):
    right = f"$$ {op}{_tex(X, symbols)} = {_tex(truth, symbols)} $$"
    bad = truth.clone()
    bad = F.pad(bad, (0, 1, 0, 1)) if op.endswith("dilate}_3") else bad.flip(1)
    wrong = f"$$ {op}\\left({_tex(X, symbols)}\\right) = {_tex(bad, symbols)} $$"
    found = [v.status for v in check_text(right + "\n\n" + wrong + "\n").verdicts]
    expected_wrong = WRONG if not torch.equal(bad, truth) else VERIFIED
    assert found == [VERIFIED, expected_wrong], check_text(right + "\n\n" + wrong).verdicts
