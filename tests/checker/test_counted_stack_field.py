"""A receptive field written in the number of stacked stride-1 layers (fresh44's cheat
sheet): "$L$ stacked $3 \\times 3$ convs: $r = 2L + 1$", with a dilation "$r = 4L + 1$",
in Spanish "$N$ capas apiladas de $5 \\times 5$".  Each stride-1 layer of kernel k and
dilation d widens what one output sees by d(k - 1), so the formula must be 1 + L d(k - 1)
for every count; one that holds only for one count (``r = 3L``) is wrong at the next.

Truth: the input rows an output entry's gradient reaches through L torch convolutions with
all-ones weights (autograd), for L = 1 .. 4."""

from __future__ import annotations

import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if v.source.strip() == written]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


def _field(count: int, k: int, d: int) -> int:
    """The span of input rows one central output of ``count`` stacked layers sees."""
    x = torch.ones(1, 1, 64, 64, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(count):
        conv = nn.Conv2d(1, 1, k, dilation=d, bias=False).double()
        with torch.no_grad():
            conv.weight.fill_(1.0)
        y = conv(y)
    c = y.shape[-1] // 2
    (grad,) = torch.autograd.grad(y[0, 0, c, c], x)
    rows = torch.nonzero(grad[0, 0].sum(dim=1)).flatten().tolist()
    return rows[-1] - rows[0] + 1


EN = """# Cheat sheet

## Receptive field (stride 1 everywhere)

- $L$ stacked $3 \\times 3$ convs: $r = 2L + 1$
- $L$ stacked $3 \\times 3$ convs with dilation $2$: $r = 4L + 1$
- $L$ stacked $5 \\times 5$ convs: $r = 5L$
"""

ES = """# Resumen

## Campo receptivo (paso 1 en todas las capas)

- $N$ capas apiladas de $5 \\times 5$: $R = 4N + 1$
- $N$ capas apiladas de $3 \\times 3$ con dilatación $3$: $R = 6N$
"""


def test_formulas_in_the_layer_count():
    for n in range(1, 5):
        assert _field(n, 3, 1) == 2 * n + 1
        assert _field(n, 3, 2) == 4 * n + 1
        assert _field(n, 5, 1) == 4 * n + 1
        assert _field(n, 3, 3) == 6 * n + 1
    en, es = _verdicts(EN), _verdicts(ES)
    assert _of(en, "r = 2L + 1").status == VERIFIED
    assert _of(en, "r = 4L + 1").status == VERIFIED
    assert _of(es, "R = 4N + 1").status == VERIFIED
    # right at one count only (L = 1 gives 5 both ways): wrong at L = 2, where it sees 9
    five = _of(en, "r = 5L")
    assert five.status == WRONG and "at L = 2" in five.message and _field(2, 5, 1) == 9
    six = _of(es, "R = 6N")  # the 1 of the output's own pixel forgotten: wrong at N = 1
    assert six.status == WRONG and "at N = 1" in six.message
