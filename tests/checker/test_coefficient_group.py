"""A number or a plain fraction before a parenthesised sum multiplies it:
``\\frac{1}{9}\\left(g[0, 0] + g[1, 0]\\right)`` is one ninth of the sum, even in functional
notation where ``g(m, n)`` after a letter is an entry.  The truth is torch's autograd: which
upstream entries reach an input cell, and with which weight."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")


def _reaching(pool: bool, cell: tuple[int, int]) -> dict[tuple[int, int], float]:
    """{output (m, n): dy[m, n]/dx[cell]} for a 2x2 average pool, stride 1, on 4x4, or a
    2x2 convolution with the kernel [[1, 2], [3, 4]] (the weight is then that tap)."""
    x = torch.zeros(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    if pool:
        y = torch.nn.functional.avg_pool2d(x, 2, stride=1)
    else:
        w = torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]], dtype=torch.float64)
        y = torch.nn.functional.conv2d(x, w)
    out = {}
    for m in range(3):
        for n in range(3):
            (grad,) = torch.autograd.grad(y[0, 0, m, n], x, retain_graph=True)
            if grad[0, 0, cell[0], cell[1]] != 0:
                out[(m, n)] = float(grad[0, 0, cell[0], cell[1]])
    return out


_POOL = """# Average pooling backward

Input $x$ is 4x4, one channel; average pooling with a 2x2 window and stride 1, 0-based,
output $y[m, n]$, upstream gradient $g[m, n] = \\partial L / \\partial y[m, n]$.

$$\\frac{{\\partial L}}{{\\partial x[1, 2]}} = \\frac{{1}}{{4}}\\left({terms}\\right)$$
"""

_CONV = """# Faltung rückwärts, ein Eintrag

Eingabe $X$ ist 4x4, Kern $W$ ist 2x2, stride 1, kein Padding, Indizes ab 0,
$G_{{i,j}} = \\partial L / \\partial Y_{{i,j}}$.

$$\\frac{{\\partial L}}{{\\partial X_{{1,2}}}} = 1 ({terms})$$
"""


@pytest.mark.parametrize("slip", [False, True], ids=["right", "a window too many"])
def test_a_fraction_times_a_parenthesised_sum_of_upstream_entries(slip):
    reach = _reaching(True, (1, 2))
    assert set(reach.values()) == {0.25}  # each window hands a quarter back
    cells = sorted(reach) + ([(2, 0)] if slip else [])
    text = _POOL.format(terms=" + ".join(f"g[{m}, {n}]" for m, n in cells))
    assert one_verdict(text, "\\partial x[1, 2]").status == (WRONG if slip else VERIFIED)


@pytest.mark.parametrize("slip", [False, True], ids=["right", "a wrong tap"])
def test_a_number_times_a_parenthesised_sum_of_products(slip):
    reach = _reaching(False, (1, 2))
    taps = {1.0: "W_{0,0}", 2.0: "W_{0,1}", 3.0: "W_{1,0}", 4.0: "W_{1,1}"}
    terms = [f"G_{{{m},{n}}} {taps[v]}" for (m, n), v in sorted(reach.items())]
    if slip:
        terms[0] = terms[0].replace(
            terms[0].split()[-1], "W_{1,1}" if "0,0" in terms[0] else "W_{0,0}"
        )
    text = _CONV.format(terms=" + ".join(terms))
    assert one_verdict(text, "\\partial X_{1,2}").status == (WRONG if slip else VERIFIED)
