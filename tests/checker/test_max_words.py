"""Max pooling's routing by cases whose condition is in words ("si $x_{ij}$ es el máximo de
su bloque", "if $x_{a,b}$ is the maximum of its window"), 0- and 1-based, floor and ceiling.
Truth: torch's max_pool2d autograd on inputs without ties, against the formula evaluated
by hand in Python, never symconv."""

from __future__ import annotations

import itertools
import math

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

WORDS = {
    "es": ("\\text{{si }} x_{{ij}} \\text{{ es el máximo de su bloque}}", "\\text{si no}"),
    "en": ("\\text{{if }} x_{{ij}} \\text{{ is the maximum of its window}}", "\\text{otherwise}"),
}
ROUND = {"lfloor": math.floor, "lceil": math.ceil}


def _holds(base: int, rnd) -> bool:  # type: ignore[no-untyped-def]
    for seed in range(4):
        gen = torch.Generator().manual_seed(seed)
        x = torch.randperm(16, generator=gen).double().reshape(1, 1, 4, 4).requires_grad_()
        y = torch.nn.functional.max_pool2d(x, 2)
        g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
        (y * g).sum().backward()
        for a, b in itertools.product(range(4), repeat=2):
            # the written indices i = a + base, read at rnd(i / 2) in the notes' base
            i, j = rnd((a + base) / 2) - base, rnd((b + base) / 2) - base
            if not (0 <= i < 2 and 0 <= j < 2):
                return False
            largest = x[
                0, 0, 2 * (a // 2) : 2 * (a // 2) + 2, 2 * (b // 2) : 2 * (b // 2) + 2
            ].max()
            value = g[0, 0, i, j].item() if x[0, 0, a, b] == largest else 0.0
            if abs(value - x.grad[0, 0, a, b].item()) > 1e-12:
                return False
    return True


@pytest.mark.parametrize("words", list(WORDS))
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("rnd", list(ROUND))
def test_routing_with_the_condition_in_words(words, base, rnd):
    close = "rfloor" if rnd == "lfloor" else "rceil"
    condition, otherwise = WORDS[words]
    index = f"\\{rnd} i/2 \\{close},\\, \\{rnd} j/2 \\{close}"
    text = (
        f"# Max pooling\n\nMax pooling 2×2 with stride 2 on a 4×4 input. Indices start at "
        f"{base}.\n\n$$\\frac{{\\partial L}}{{\\partial x_{{ij}}}} = \\begin{{cases}} "
        f"g_{{{index}}} & {condition.format()} \\\\ 0 & {otherwise} \\end{{cases}}$$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if _holds(base, ROUND[rnd]) else WRONG), verdict.message
