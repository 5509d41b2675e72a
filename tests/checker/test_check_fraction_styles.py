"""``\\dfrac`` and ``\\tfrac`` are ``\\frac`` in display and text style: claims with symbolic
sizes written with them are read as with ``\\frac``.  Truth: torch's conv2d output sizes over
a grid, compared with each formula evaluated by hand in Python."""

from __future__ import annotations

import itertools
import math

import pytest

from symconv.checker.report import ALL_SIZES, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")


def _torch_size(h: int, k: int, s: int, p: int) -> int:
    x = torch.zeros(1, 1, h, h)
    return torch.nn.functional.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1]


FORMULAS = {
    "\\left\\lfloor \\dfrac{H + 2p - k}{s} \\right\\rfloor + 1": lambda h, k, s, p: (
        math.floor((h + 2 * p - k) / s) + 1
    ),
    "\\left\\lfloor \\tfrac{H + 2p - k}{s} \\right\\rfloor + 1": lambda h, k, s, p: (
        math.floor((h + 2 * p - k) / s) + 1
    ),
    "\\left\\lceil \\dfrac{H + 2p - k}{s} \\right\\rceil + 1": lambda h, k, s, p: (
        math.ceil((h + 2 * p - k) / s) + 1
    ),
    "\\left\\lfloor \\dfrac{H + p - k}{s} \\right\\rfloor + 1": lambda h, k, s, p: (
        math.floor((h + p - k) / s) + 1
    ),
}


def _right(formula) -> bool:
    return all(
        formula(h, k, s, p) == _torch_size(h, k, s, p)
        for h, k, s, p in itertools.product(range(3, 9), range(1, 4), range(1, 4), range(0, 3))
        if h + 2 * p >= k
    )


@pytest.mark.parametrize("tex", list(FORMULAS))
def test_output_size_with_display_fractions(tex):
    text = (
        "Una entrada $H\\times W$, un filtro de lado $k$, paso $s$ y relleno $p$.\n\n"
        f"$$ H_{{out}} = {tex} $$\n"
    )
    found = check_text(text).verdicts
    assert len(found) == 1, found
    if _right(FORMULAS[tex]):
        assert found[0].status in (VERIFIED, ALL_SIZES), found[0].message
    else:
        assert found[0].status == WRONG, found[0].message
