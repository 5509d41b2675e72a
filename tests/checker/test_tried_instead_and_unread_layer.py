"""Two ways a correct output-size formula was called wrong at a layer it is not about.

- "With symmetric padding $p = k/2$ instead, the output grows by one: $H_{out} = H + 1$": the
  bare "instead" made the lead-in read as a wrong version's assumption
  (read_guards._ASSUMED), so the case (p = k/2) was dropped and the formula judged without
  padding -- a false alarm.  A clause that opens on a supposition ("With", "If we use",
  "Using", "Had") and ends on a bare "instead" tries another layer: that is the claim's case.
  "padded by $k$ instead", "stride 1 instead of 2" stay a wrong version's assumption.
- "The output side is $\\lfloor (H - 3)/2 \\rfloor + 1$ with stride 2": the formula writes its
  kernel (3) and stride in numbers; the general size reader kept the kernel at 1 and called it
  wrong there.  Where a formula naming no kernel fails at kernel 1 but holds at every size
  for some kernel, stride and padding, its layer is not read (not understood); one that
  holds at no such layer stays wrong.

Truth: output sides from torch's conv2d at the stated settings.
"""

from __future__ import annotations

import pytest

from symconv.checker.read_guards import _ASSUMED
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")


def _side(h: int, k: int, s: int = 1, p: int = 0) -> int:
    x = torch.zeros(1, 1, h, h)
    w = torch.zeros(1, 1, k, k)
    return torch.nn.functional.conv2d(x, w, stride=s, padding=p).shape[-1]


def _status(text: str, line: int) -> str:
    return next(v.status for v in check_text(text, "n.md").verdicts if v.line == line)


EVEN = (
    "# Even kernels\n\nA convolution with an even kernel $k = 4$, stride 1 and no padding "
    "gives $H_{{out}} = H - 3$.\n\n{lead}, the output grows by one: $H_{{out}} = {claim}$.\n"
)
LEADS = [
    "With symmetric padding $p = k/2$ instead",
    "If we pad by $p = k/2$ on every side instead",
    "Using a padding of $p = k/2$ instead",
]


@pytest.mark.parametrize("lead", LEADS)
def test_a_supposition_ending_on_instead_is_the_claims_case(lead):
    # k = 4, p = k/2 = 2: H + 4 - 4 + 1 = H + 1 at every side torch accepts
    assert all(_side(h, 4, 1, 2) == h + 1 for h in range(1, 12))
    assert _status(EVEN.format(lead=lead, claim="H + 1"), 5) == VERIFIED  # main: WRONG
    assert _status(EVEN.format(lead=lead, claim="H + 2"), 5) == WRONG


@pytest.mark.parametrize(
    "lead_in",
    [
        "Some students padded by $k$ instead",
        "A version that uses stride 1 instead of 2",
        "With stride 1 instead of 2 the student writes",
        "The author forgot the padding",
    ],
)
def test_a_wrong_versions_words_stay_an_assumption(lead_in):
    assert _ASSUMED.search(lead_in) is not None


@pytest.mark.parametrize(
    "lead_in",
    [
        "With symmetric padding $p = 2$ instead",
        "If we use stride 2 instead",
        "Had we used $k = 5$ instead",
    ],
)
def test_a_tried_layer_is_no_assumption(lead_in):
    assert _ASSUMED.search(lead_in) is None


NUMBERS = (
    "# Shapes\n\nWe stack two layers on an $H \\times H$ image.\n\n"
    "The output side is $H_{{out}} = {claim}$ with stride 2.\n"
)


def test_a_formula_in_numbers_is_not_judged_at_kernel_one():
    # kernel 3, stride 2, no padding: floor((H - 3)/2) + 1, which is not H at kernel 1
    assert all(_side(h, 3, 2) == (h - 3) // 2 + 1 for h in range(3, 15))
    assert _side(5, 1, 1) != (5 - 3) // 2 + 1
    found = _status(NUMBERS.format(claim="\\lfloor (H - 3)/2 \\rfloor + 1"), 5)
    assert found == NOT_UNDERSTOOD  # main: WRONG ("with H = 1 the formula gives 0")


def test_a_formula_no_layer_gives_stays_wrong():
    # 2H + 7 exceeds H + 2p - k + 1 <= H + 4 for every kernel >= 1 and padding <= 2 tried
    assert all(
        _side(h, k, s, p) < 2 * h + 7
        for h in range(1, 9)
        for k in range(1, 4)
        for s in (1, 2)
        for p in range(3)
        if h + 2 * p >= k
    )
    assert _status(NUMBERS.format(claim="2H + 7"), 5) == WRONG
