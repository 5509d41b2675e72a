"""Output-size formulas in the letters notes use (K or F for the kernel, S, P, H_{in},
p_{out}), judged over a grid of sizes against torch's own output shapes: a right formula is
verified, a wrong floor or ceiling, a missing floor or "+1", a transposed formula in a
convolution's notes (and the reverse) is wrong."""

from __future__ import annotations

import itertools
import math

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")


def _conv_out(h: int, k: int, s: int, p: int) -> int | None:
    if k > h + 2 * p:
        return None
    return torch.nn.functional.conv2d(
        torch.zeros((1, 1, h, h)), torch.zeros((1, 1, k, k)), stride=s, padding=p
    ).shape[2]


def _transposed_out(h: int, k: int, s: int, p: int, o: int) -> int | None:
    if o >= s or (h - 1) * s - 2 * p + k + o < 1:
        return None
    return torch.nn.functional.conv_transpose2d(
        torch.zeros((1, 1, h, h)), torch.zeros((1, 1, k, k)), stride=s, padding=p, output_padding=o
    ).shape[2]


CONV = [  # latex, python
    (
        r"H_{out} = \left\lfloor \frac{H + 2P - K}{S} \right\rfloor + 1",
        lambda h, k, s, p: (h + 2 * p - k) // s + 1,
    ),
    (
        r"H_{out} = \left\lceil \frac{H + 2P - K}{S} \right\rceil + 1",
        lambda h, k, s, p: math.ceil((h + 2 * p - k) / s) + 1,
    ),
    (r"W_{out} = \frac{W - F + 2P}{S} + 1", lambda h, k, s, p: (h - k + 2 * p) / s + 1),
    (r"H_{out} = \lfloor (H - K + 2P)/S \rfloor + 1", lambda h, k, s, p: (h - k + 2 * p) // s + 1),
    (r"H_{out} = \lfloor (H - K + 2P)/S \rfloor", lambda h, k, s, p: (h - k + 2 * p) // s),
    (
        r"W_{out} = \left\lfloor \frac{W_{in} + 2P - F}{S} \right\rfloor + 1",
        lambda h, k, s, p: (h + 2 * p - k) // s + 1,
    ),
]


@pytest.mark.parametrize("latex,formula", CONV)
def test_convolution_output_formulas_against_torch(latex, formula):
    right = all(
        formula(h, k, s, p) == _conv_out(h, k, s, p)
        for h, k, s, p in itertools.product(range(1, 9), range(1, 5), range(1, 4), range(0, 3))
        if _conv_out(h, k, s, p) is not None
    )
    verdict = check_text(f"A convolution layer.\n\n$${latex}$$\n").verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message


TRANSPOSED = [
    (
        r"H_{out} = (H_{in} - 1) S - 2P + K + p_{out}",
        lambda h, k, s, p, o: (h - 1) * s - 2 * p + k + o,
    ),
    (r"H_{out} = S H_{in} - 2P + K + p_{out}", lambda h, k, s, p, o: s * h - 2 * p + k + o),
    (
        r"H_{out} = (H_{in} - 1) S + 2P + K + p_{out}",
        lambda h, k, s, p, o: (h - 1) * s + 2 * p + k + o,
    ),
]


@pytest.mark.parametrize("latex,formula", TRANSPOSED)
def test_transposed_output_formulas_against_torch(latex, formula):
    right = all(
        formula(h, k, s, p, o) == _transposed_out(h, k, s, p, o)
        for h, k, s, p, o in itertools.product(
            range(1, 7), range(1, 5), range(1, 4), range(0, 3), range(0, 3)
        )
        if _transposed_out(h, k, s, p, o) is not None
    )
    text = f"A transposed convolution (ConvTranspose2d).\n\n$${latex}$$\n"
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message
