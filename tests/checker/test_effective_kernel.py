"""The side a dilated kernel covers, ``K_{\\text{eff}} = D(K-1) + 1``, in several spellings.
Truth: torch -- a dilated conv2d's output on an n-wide input is n - K_eff + 1 wide."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

FORMULAS = {
    "right": ("D(K-1) + 1", lambda k, d: d * (k - 1) + 1),
    "reordered": ("(K-1)D + 1", lambda k, d: (k - 1) * d + 1),
    "other_form": ("K + (K-1)(D-1)", lambda k, d: k + (k - 1) * (d - 1)),
    "no_one": ("D(K-1)", lambda k, d: d * (k - 1)),
    "product": ("D K", lambda k, d: d * k),
}
NAMES = ["K_{\\text{eff}}", "k_{eff}", "K_{\\mathrm{eff}}"]


def _holds(formula) -> bool:  # type: ignore[no-untyped-def]
    for k, d in itertools.product(range(1, 5), range(1, 4)):
        n = 20
        out = torch.nn.functional.conv2d(
            torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), dilation=d
        ).shape[-1]
        if formula(k, d) != n - out + 1:
            return False
    return True


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("which", list(FORMULAS))
def test_the_effective_kernel(name, which):
    written, formula = FORMULAS[which]
    text = (
        "# Dilation\n\nThe kernel is $K \\times K$ with dilation $D$; it covers "
        f"${name} = {written}$ pixels per side.\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if _holds(formula) else WRONG), verdict.message
