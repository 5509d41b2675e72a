"""``n_{out}`` in notes about a square 2-D layer is the output's side (1-D notes and dense
layers print it too): a worked size formula with it is judged at the layer's sizes, and on a
layer whose output is not square it has no single value.  Truth: torch's conv2d shapes."""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")


def _side(h: int, w: int, k: int, s: int, p: int) -> tuple[int, int]:
    out = torch.nn.functional.conv2d(torch.zeros(1, 1, h, w), torch.zeros(1, 1, k, k), None, s, p)
    return out.shape[-2], out.shape[-1]


@pytest.mark.parametrize("name", ["n_{out}", "n_{\\text{out}}", "n_{\\mathrm{out}}"])
def test_n_out_of_a_square_layer(name):
    h, _ = _side(5, 5, 3, 2, 1)
    head = "A $5\\times 5$ input, a $3\\times 3$ kernel, stride 2 and padding 1.\n\n"
    formula = "\\left\\lfloor \\frac{5 + 2\\cdot 1 - 3}{2} \\right\\rfloor + 1"
    right = f"$$ {name} = {formula} = {h} $$\n"
    wrong = right.replace(f"= {h} $$", f"= {h + 1} $$")
    found = [v.status for v in check_text(head + right + "\n" + wrong).verdicts]
    assert found == [VERIFIED, WRONG], check_text(head + right + "\n" + wrong).verdicts


def test_n_out_of_a_layer_whose_output_is_not_square():
    h, w = _side(5, 7, 3, 2, 1)
    assert h != w
    text = (
        "A $5\\times 7$ input, a $3\\times 3$ kernel, stride 2 and padding 1.\n\n"
        f"$$ n_{{out}} = \\left\\lfloor \\frac{{5 + 2 - 3}}{{2}} \\right\\rfloor + 1 = {h} $$\n"
    )
    assert [v.status for v in check_text(text).verdicts] == [NOT_UNDERSTOOD]
